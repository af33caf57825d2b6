"""Checking uploaded evidence files by what they contain, not by what they are called."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from .vietnamese import nfc


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str


KINDS = {
    "pdf": FileKind("pdf", "application/pdf", "PDF"),
    "docx": FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    "xlsx": FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "jpg": FileKind("jpg", "image/jpeg", "ảnh JPG"),
    "png": FileKind("png", "image/png", "ảnh PNG"),
}
ALIASES = {"jpeg": "jpg"}
ALLOWED_LABEL = "PDF, DOCX, XLSX, JPG, PNG"


class FileRejected(ValueError):
    """The file is refused; the message is shown to the user as it is."""


def safe_filename(name: str, *, max_length: int = 150) -> str:
    """A display name with no path, no control characters and a bounded length.

    The file is never stored under this name (storage uses generated names); it is only shown
    and offered back in Content-Disposition.
    """
    name = nfc(unicodedata.normalize("NFC", name or ""))
    name = re.split(r"[\\/]", name)[-1]
    # Control and format characters go, and so do line and paragraph separators (U+2028/9),
    # which would break a header line; other spaces become plain spaces.
    name = "".join(
        " " if unicodedata.category(ch) == "Zs" else ch
        for ch in name
        if unicodedata.category(ch)[0] != "C" and unicodedata.category(ch) not in ("Zl", "Zp")
    ).strip(" .")
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: max_length - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:max_length]
    return name or "tep-dinh-kem"


def _extension(name: str) -> str:
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    return ALIASES.get(ext, ext)


def _matches(kind: str, fh: BinaryIO) -> bool:
    fh.seek(0)
    head = fh.read(8)
    fh.seek(0)
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "jpg":
        return head.startswith(b"\xff\xd8\xff")
    if kind in ("docx", "xlsx"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(fh) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        finally:
            fh.seek(0)
        part = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
        return "[Content_Types].xml" in names and part in names
    return False


def check_upload(name: str, fh: BinaryIO, size: int, *, max_bytes: int) -> FileKind:
    """Accept a file only if its extension is allowed, its content is of that type and it is
    not too large; otherwise raise :class:`FileRejected` with a message in Vietnamese."""
    shown = safe_filename(name)
    if size > max_bytes:
        raise FileRejected(
            f"Tệp “{shown}” dung lượng {size / 1048576:.1f} MB, vượt quá giới hạn {max_bytes / 1048576:.0f} MB."
        )
    if size == 0:
        raise FileRejected(f"Tệp “{shown}” rỗng.")
    ext = _extension(shown)
    if ext not in KINDS:
        raise FileRejected(f"Tệp “{shown}” không được chấp nhận. Chỉ nhận tệp {ALLOWED_LABEL}.")
    if not _matches(ext, fh):
        raise FileRejected(
            f"Nội dung tệp “{shown}” không phải là tệp {KINDS[ext].label} hợp lệ (tệp có thể bị hỏng hoặc bị đổi đuôi)."
        )
    return KINDS[ext]
