"""A plan document read into the shared model (:class:`chisoxanh.lib.docmodel.Document`).

- Plain text: decoded by ``lib.codepages`` (legacy Vietnamese code pages included), one
  paragraph per line.
- DOCX: the body's paragraphs and tables in document order, read straight from the XML: list
  labels resolved from Word's automatic numbering, style names, bold/italic, alignment and
  indentation, text boxes after the paragraph that anchors them, cells with their spans and
  vertical merges, legacy TCVN3/VNI fonts converted.
- PDF with a text layer: pdfplumber's ruled tables as tables, the other words as one paragraph
  per printed line (with page and position), the two-column header read column by column.
- Scans and photos: pages rendered by poppler, read by Tesseract's Vietnamese model (TSV output,
  so each printed line keeps its position).

The submodules:

- ``common``: :class:`ExtractionError`, the size and page limits, and the small helpers the
  readers share (mojibake repair); it imports no other submodule, and they import from it.
- ``text``: plain text, decoded by ``lib.codepages``.
- ``docx``: the DOCX reader: relationships and parts, styles, Word's automatic numbering,
  paragraphs and runs (legacy fonts converted), tables, text boxes.
- ``pdf``: a PDF's text layer through pdfplumber: words into printed lines, ruled tables, a table
  going on over a page break joined back.
- ``layout``: printed lines into paragraphs, shared by ``pdf`` and ``ocr``: segments cut at wide
  gaps, alignment, the two-column header and signature block read column by column.
- ``ocr``: scans and photos: pages rendered by poppler's pdftoppm, read by Tesseract (TSV).

The imports go one way: ``common`` at the bottom; ``text``, ``docx`` and ``layout`` on it;
``pdf`` on ``layout``; ``ocr`` on ``layout`` and ``pdf`` (it opens a scan's PDF to find its
resolution). This module is the public API and the dispatch by file kind.
"""

from __future__ import annotations

from pathlib import Path

from chisoxanh.lib.docmodel import Document

from .common import (
    IMAGE_SUFFIXES,
    MAX_BYTES,
    MAX_OCR_PAGES,
    MAX_PDF_PAGES,
    MAX_UNPACKED,
    MIN_TEXT_CHARS,
    ExtractionError,
    Progress,
)
from .docx import _docx_document
from .ocr import _ocr_image_document, _ocr_pdf_document, ocr_image, ocr_pdf
from .pdf import _pdf_document, _pdf_has_text
from .text import _text_document

__all__ = [
    "IMAGE_SUFFIXES",
    "MAX_BYTES",
    "MAX_OCR_PAGES",
    "MAX_PDF_PAGES",
    "MAX_UNPACKED",
    "MIN_TEXT_CHARS",
    "ExtractionError",
    "Progress",
    "extract_document",
    "extract_text",
    "needs_ocr",
    "ocr_image",
    "ocr_pdf",
]


def needs_ocr(name: str, data: bytes) -> bool:
    """Whether reading this file means OCR (slow: run it in the background)."""
    suffix = Path(name).suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return True
    if suffix == ".pdf":
        try:
            return not _pdf_has_text(data)
        except ExtractionError:
            return False
    return False


def extract_document(name: str, data: bytes, *, ocr: bool = True, progress: Progress = None) -> Document:
    """The file as a :class:`Document`; ``ExtractionError`` (message in Vietnamese) when it cannot be read."""
    if not data:
        raise ExtractionError("Tệp rỗng.")
    if len(data) > MAX_BYTES:
        raise ExtractionError(f"Tệp lớn hơn {MAX_BYTES // 1048576} MB.")
    suffix = Path(name).suffix.lower()
    if suffix in (".txt", ".md", ".text"):
        return _text_document(data)
    if suffix == ".docx":
        return _docx_document(data)
    if suffix == ".pdf":
        doc = _pdf_document(data)
        if doc is not None:
            return doc
        if not ocr:
            raise ExtractionError("Tệp PDF không có lớp chữ (bản quét); cần nhận dạng chữ (OCR).")
        return _ocr_pdf_document(data, progress=progress)
    if suffix in IMAGE_SUFFIXES:
        if not ocr:
            raise ExtractionError("Ảnh chụp, bản quét cần nhận dạng chữ (OCR).")
        return _ocr_image_document(data)
    raise ExtractionError("Chỉ nhận tệp TXT, DOCX, PDF hoặc ảnh (PNG, JPG, TIFF).")


def extract_text(name: str, data: bytes, *, ocr: bool = True, progress: Progress = None) -> str:
    """The document as one string (``Document.text``)."""
    return extract_document(name, data, ocr=ocr, progress=progress).text
