"""Plain text into the document model: decoded by ``lib.codepages`` (legacy Vietnamese code pages
included), one paragraph per line."""

from __future__ import annotations

from chisoxanh.lib import codepages
from chisoxanh.lib.docmodel import Document, from_text

# --- Plain text ---------------------------------------------------------------------------------


def _text_document(data: bytes) -> Document:
    decoded = codepages.decode(data)
    return from_text(decoded.text, encoding=decoded.encoding)
