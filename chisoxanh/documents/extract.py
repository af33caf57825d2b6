"""Text out of a plan document: plain text, DOCX (paragraphs and tables) or a PDF's text layer.

Scanned documents (PDF without a text layer, images) need OCR with Tesseract, which is not part
of this version: they get a clear message instead of an empty draft.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024
# An office file is a ZIP: refuse archives that would unpack to absurd sizes (ZIP bombs).
MAX_UNPACKED = 200 * 1024 * 1024


class ExtractionError(ValueError):
    """The file cannot be read; the message is shown to the user as it is."""


def extract_text(name: str, data: bytes) -> str:
    if not data:
        raise ExtractionError("Tệp rỗng.")
    if len(data) > MAX_BYTES:
        raise ExtractionError(f"Tệp lớn hơn {MAX_BYTES // 1048576} MB.")
    suffix = Path(name).suffix.lower()
    if suffix in (".txt", ".md", ".text"):
        return _text(data)
    if suffix == ".docx":
        return _docx(data)
    if suffix == ".pdf":
        return _pdf(data)
    if suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff"):
        raise ExtractionError("Ảnh chụp, bản quét cần nhận dạng chữ (OCR), chưa hỗ trợ trong phiên bản này.")
    raise ExtractionError("Chỉ nhận tệp TXT, DOCX hoặc PDF.")


def _text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")  # Notepad's "Unicode" files carry a byte-order mark
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Windows-1258 is the legacy Vietnamese code page of many old text files; it writes tones as
    # combining marks, so the result is normalised to NFC.
    from chisoxanh.lib.vietnamese import nfc

    return nfc(data.decode("cp1258", errors="replace"))


def _docx(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ExtractionError("Tệp DOCX bị hỏng hoặc không phải định dạng DOCX.") from exc
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
        raise ExtractionError("Tệp DOCX giải nén ra quá lớn; có thể là tệp độc hại.")
    from docx import Document

    try:
        doc = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise ExtractionError("Tệp DOCX bị hỏng hoặc không phải định dạng DOCX.") from exc
    lines: list[str] = []
    body = doc.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            lines.append(text)
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iterchildren():
                        if cell.tag.endswith("}tc"):
                            cells.append(
                                " ".join(
                                    "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                                    for p in cell.iter()
                                    if p.tag.endswith("}p")
                                ).strip()
                            )
                    lines.append(" | ".join(cells))
            lines.append("")
    return "\n".join(lines)


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ExtractionError("Tệp PDF có mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.")
        pages = [page.extract_text() or "" for page in reader.pages[:200]]
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise ExtractionError("Tệp PDF bị hỏng hoặc không đọc được.") from exc
    text = "\n".join(pages)
    if len(text.strip()) < 20:
        raise ExtractionError(
            "Tệp PDF không có lớp chữ (bản quét); cần nhận dạng chữ (OCR), chưa hỗ trợ trong phiên bản này."
        )
    return text
