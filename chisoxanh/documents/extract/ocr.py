"""Scans and photos into the document model: pages rendered by poppler (pdftoppm), read by
Tesseract's Vietnamese model; its TSV output keeps each printed line's position, laid out by
``layout`` as a text PDF's lines are."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from chisoxanh.lib.docmodel import Block, Document, Paragraph
from chisoxanh.lib.vietnamese import nfc

from .common import MAX_OCR_PAGES, MIN_TEXT_CHARS, ExtractionError, Progress
from .layout import _layout
from .pdf import _BROKEN_PDF, _open_pdf, _pdf_pages

# --- OCR ----------------------------------------------------------------------------------------


def _tesseract() -> str:
    binary = shutil.which("tesseract")
    if not binary:
        raise ExtractionError("Máy chủ chưa cài Tesseract (tesseract-ocr-vie) nên chưa đọc được bản quét.")
    return binary


def _tesseract_tsv(image: Path, *, timeout: int = 120, env: dict[str, str] | None = None) -> str:
    """Tesseract's TSV for one image: every word with its block, paragraph and line numbers and box."""
    result = subprocess.run(
        [_tesseract(), str(image), "-", "-l", "vie", "--psm", "4", "tsv"],
        capture_output=True,
        timeout=timeout,
        env=env,
    )
    if result.returncode != 0:
        raise ExtractionError("Không nhận dạng được chữ trong ảnh (ảnh hỏng hoặc không phải ảnh).")
    return result.stdout.decode("utf-8", errors="replace")


def _tsv_paragraphs(tsv: str, *, page: int, scale: float) -> list[Paragraph]:
    """One paragraph per Tesseract line (cut at wide gaps, header columns in order), positions in points."""
    lines: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    width = height = 0.0
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12:
            continue
        try:
            left, top, w, h = (int(v) * scale for v in cols[6:10])
        except ValueError:
            continue
        if cols[0] == "1":
            width, height = w, h
        text = cols[11].strip()
        if cols[0] != "5" or not text:
            continue
        conf = float(cols[10]) if cols[10].replace(".", "", 1).lstrip("-").isdigit() else 0.0
        word = {"text": nfc(text), "x0": left, "x1": left + w, "top": top, "bottom": top + h, "size": h, "conf": conf}
        lines.setdefault((cols[2], cols[3], cols[4]), []).append(word)
    ordered = [words for words in (_ocr_clean(sorted(ws, key=lambda w: w["x0"])) for ws in lines.values()) if words]
    ordered.sort(key=lambda line: min(w["top"] for w in line))
    return _layout(_side_by_side(ordered), page=page, width=width or 595.0, height=height or 842.0, encodings=Counter())


def _side_by_side(lines: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Tesseract lines printed at the same height in separate columns (it may see the header's two
    columns as two blocks) made one line, as in a text PDF, for the column logic to cut again."""
    merged: list[list[dict[str, Any]]] = []
    for line in lines:
        top, bottom = min(w["top"] for w in line), max(w["bottom"] for w in line)
        x0, x1 = line[0]["x0"], line[-1]["x1"]
        for other in reversed(merged[-3:]):
            o_top, o_bottom = min(w["top"] for w in other), max(w["bottom"] for w in other)
            overlap = min(bottom, o_bottom) - max(top, o_top)
            apart = x0 > other[-1]["x1"] or x1 < other[0]["x0"]
            if apart and overlap > 0.5 * min(bottom - top, o_bottom - o_top):
                other.extend(line)
                other.sort(key=lambda w: w["x0"])
                break
        else:
            merged.append(list(line))
    return merged


def _ocr_clean(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A line without the specks Tesseract reads as punctuation (any "_" or "~", other marks with
    low confidence); a doubtful mark starting the line with a dash in it is the list dash it was."""
    kept = []
    for i, word in enumerate(words):
        text = word["text"]
        if any(ch.isalnum() for ch in text) or (word["conf"] >= 50 and text.strip("_~")):
            kept.append(word)
        elif i == 0 and any(ch in "-–¬~" for ch in text):
            kept.append({**word, "text": "-"})
    return kept


def _ocr_image_document(data: bytes, *, timeout: int = 120, env: dict[str, str] | None = None) -> Document:
    with tempfile.TemporaryDirectory(prefix="chisoxanh-ocr-") as tmp:
        image = Path(tmp) / "trang"
        image.write_bytes(data)
        tsv = _tesseract_tsv(image, timeout=timeout, env=env)
    # A photo or scan carries no reliable resolution: positions are given as if it were 300 dpi.
    return Document(list(_tsv_paragraphs(tsv, page=1, scale=72 / 300)), source="ocr")


def ocr_image(data: bytes, *, timeout: int = 120, env: dict[str, str] | None = None) -> str:
    """The text of one image, with Tesseract's Vietnamese model."""
    return _ocr_image_document(data, timeout=timeout, env=env).text


def _scan_dpi(data: bytes) -> int:
    """The resolution the pages were scanned at, to render them at: Tesseract read a 200-dpi scan
    rendered at 300 dpi (JPEG noise enlarged) noticeably worse than at its own 200 dpi."""
    ppis = []
    try:
        with _open_pdf(data) as pdf:
            for page in _pdf_pages(pdf)[:3]:
                for image in page.images:
                    width = image["x1"] - image["x0"]
                    if width > 0.5 * page.width and image.get("srcsize"):
                        ppis.append(image["srcsize"][0] * 72 / width)
                page.close()
    except Exception:  # unreadable here: poppler may still render it
        return 300
    if not ppis:
        return 300
    return round(min(max(statistics.median(ppis), 150), 400))


def _ocr_pdf_document(data: bytes, *, progress: Progress = None, dpi: int | None = None) -> Document:
    _tesseract()
    dpi = dpi or _scan_dpi(data)
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
            raise ExtractionError(_BROKEN_PDF)
        pages = sorted(work.glob("trang*.pgm"))
        # One page per core, each Tesseract on one thread: Tesseract's own threads speed a page
        # up far less than reading several pages at once (its documentation advises the same).
        workers = max(1, min(os.cpu_count() or 1, len(pages)))
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"} if workers > 1 else None
        tsvs: dict[int, str] = {}
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_tesseract_tsv, page, env=env): i for i, page in enumerate(pages)}
            for done, future in enumerate(as_completed(futures), start=1):
                tsvs[futures[future]] = future.result()
                if progress:
                    progress(round(100 * done / len(pages)))
    blocks: list[Block] = []
    for i in range(len(pages)):
        blocks.extend(_tsv_paragraphs(tsvs.pop(i), page=i + 1, scale=72 / dpi))
    doc = Document(blocks, source="ocr")
    if len(doc.text.strip()) < MIN_TEXT_CHARS:
        raise ExtractionError("Không nhận dạng được chữ nào trong bản quét.")
    return doc


def ocr_pdf(data: bytes, *, progress: Progress = None, dpi: int | None = None) -> str:
    """Every page of a scanned PDF rendered by poppler (at the scan's own resolution unless ``dpi``
    is given), then read by Tesseract."""
    return _ocr_pdf_document(data, progress=progress, dpi=dpi).text
