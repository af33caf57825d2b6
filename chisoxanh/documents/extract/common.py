"""What every reader of the package shares: the error shown to the user, the limits on what is
read, and the mojibake repair of text typed in a legacy font but stored as Unicode."""

from __future__ import annotations

from collections.abc import Callable

from chisoxanh.core.workflow import DomainError
from chisoxanh.lib import codepages

MAX_BYTES = 50 * 1024 * 1024
# An office file is a ZIP: refuse archives that would unpack to absurd sizes (ZIP bombs).
MAX_UNPACKED = 200 * 1024 * 1024
MAX_PDF_PAGES = 200
MAX_OCR_PAGES = 60
# Below this many characters a PDF's text layer is taken for the blank layer of a scan.
MIN_TEXT_CHARS = 20

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

Progress = Callable[[int], None] | None


class ExtractionError(DomainError):
    """The file cannot be read; the message is shown to the user as it is."""


def _repair(text: str) -> tuple[str, str | None]:
    """Mojibake (text typed in a legacy font but stored as Unicode) repaired when ``codepages`` says so."""
    if text.isascii():
        return text, None
    return codepages.repair(text)
