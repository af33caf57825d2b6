"""Text out of a plan document: plain text, DOCX (paragraphs and tables), a PDF's text layer,
or — for scans and photos — OCR with Tesseract's Vietnamese model (pages rendered by poppler).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from chisoxanh.core.workflow import DomainError
from chisoxanh.lib.legacy import font_is_capitals, is_tcvn3_font, is_vni_font, tcvn3_to_unicode, vni_to_unicode
from chisoxanh.lib.vietnamese import nfc

MAX_BYTES = 50 * 1024 * 1024
# An office file is a ZIP: refuse archives that would unpack to absurd sizes (ZIP bombs).
MAX_UNPACKED = 200 * 1024 * 1024


class ExtractionError(DomainError):
    """The file cannot be read; the message is shown to the user as it is."""


def needs_ocr(name: str, data: bytes) -> bool:
    """Whether reading this file means OCR (slow: run it in the background)."""
    suffix = Path(name).suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return True
    if suffix == ".pdf":
        try:
            return len(_pdf_layer(data).strip()) < 20
        except ExtractionError:
            return False
    return False


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


def extract_text(name: str, data: bytes, *, ocr: bool = True, progress=None) -> str:
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
        text = _pdf_layer(data)
        if len(text.strip()) >= 20:
            return text
        if not ocr:
            raise ExtractionError("Tệp PDF không có lớp chữ (bản quét); cần nhận dạng chữ (OCR).")
        return ocr_pdf(data, progress=progress)
    if suffix in IMAGE_SUFFIXES:
        if not ocr:
            raise ExtractionError("Ảnh chụp, bản quét cần nhận dạng chữ (OCR).")
        return ocr_image(data)
    raise ExtractionError("Chỉ nhận tệp TXT, DOCX, PDF hoặc ảnh (PNG, JPG, TIFF).")


def _text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")  # Notepad's "Unicode" files carry a byte-order mark
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Windows-1258 is the legacy Vietnamese code page of many old text files; it writes tones as
    # combining marks, so the result is normalised to NFC.
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
    default_font = _default_font(doc)
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(_paragraph_text(child, default_font))
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


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _default_font(doc) -> str | None:
    try:
        return doc.styles["Normal"].font.name
    except KeyError:
        return None


def _paragraph_text(paragraph, default_font: str | None) -> str:
    """A paragraph's text, run by run: runs in a TCVN3 (".VnTime") or VNI ("VNI-Times") font
    are converted to Unicode."""
    parts = []
    for run in paragraph.iter(f"{W}r"):
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        if not text:
            continue
        fonts = run.find(f"{W}rPr/{W}rFonts")
        font = fonts.get(f"{W}ascii") if fonts is not None else default_font
        if is_tcvn3_font(font):
            text = tcvn3_to_unicode(text, capitals=font_is_capitals(font))
        elif is_vni_font(font):
            text = vni_to_unicode(text)
        parts.append(text)
    return "".join(parts)


def _pdf_layer(data: bytes) -> str:
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
    return "\n".join(pages)


MAX_OCR_PAGES = 60


def _tesseract() -> str:
    binary = shutil.which("tesseract")
    if not binary:
        raise ExtractionError("Máy chủ chưa cài Tesseract (tesseract-ocr-vie) nên chưa đọc được bản quét.")
    return binary


def ocr_image(data: bytes, *, timeout: int = 120, env: dict[str, str] | None = None) -> str:
    """The text of one image, with Tesseract's Vietnamese model."""
    binary = _tesseract()
    with tempfile.TemporaryDirectory(prefix="chisoxanh-ocr-") as tmp:
        image = Path(tmp) / "trang"
        image.write_bytes(data)
        result = subprocess.run(
            [binary, str(image), "-", "-l", "vie", "--psm", "4"], capture_output=True, timeout=timeout, env=env
        )
        if result.returncode != 0:
            raise ExtractionError("Không nhận dạng được chữ trong ảnh (ảnh hỏng hoặc không phải ảnh).")
        return result.stdout.decode("utf-8", errors="replace")


def ocr_pdf(data: bytes, *, progress=None, dpi: int = 300) -> str:
    """Every page of a scanned PDF rendered by poppler, then read by Tesseract."""
    _tesseract()
    renderer = shutil.which("pdftoppm")
    if not renderer:
        raise ExtractionError("Máy chủ chưa cài poppler-utils nên chưa đọc được bản quét.")
    with tempfile.TemporaryDirectory(prefix="chisoxanh-ocr-") as tmp:
        work = Path(tmp)
        (work / "van-ban.pdf").write_bytes(data)
        # Uncompressed grey pages (PGM): writing PNGs took poppler four times as long as the
        # rendering itself, and Tesseract reads either.
        command = [renderer, "-r", str(dpi), "-gray", "-l", str(MAX_OCR_PAGES)]
        result = subprocess.run(
            [*command, str(work / "van-ban.pdf"), str(work / "trang")], capture_output=True, timeout=300
        )
        if result.returncode != 0:
            raise ExtractionError("Tệp PDF bị hỏng hoặc không đọc được.")
        pages = sorted(work.glob("trang*.pgm"))
        # One page per core, each Tesseract on one thread: Tesseract's own threads speed a page
        # up far less than reading several pages at once (its documentation advises the same).
        workers = max(1, min(os.cpu_count() or 1, len(pages)))
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"} if workers > 1 else None
        texts: dict[int, str] = {}
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(ocr_image, page.read_bytes(), env=env): i for i, page in enumerate(pages)}
            for done, future in enumerate(as_completed(futures), start=1):
                texts[futures[future]] = future.result()
                if progress:
                    progress(round(100 * done / len(pages)))
        text = "\n".join(texts[i] for i in range(len(pages)))
        if len(text.strip()) < 20:
            raise ExtractionError("Không nhận dạng được chữ nào trong bản quét.")
        return text
