"""A PDF's text layer into the document model, through pdfplumber: ruled tables as tables (a table
going on over a page break joined back), the other words as printed lines laid out by ``layout``
(one paragraph per line, with page and position, the two-column header read column by column)."""

from __future__ import annotations

import io
import logging
from collections import Counter
from typing import Any

from chisoxanh.lib.docmodel import Block, Cell, Document, Row, Table
from chisoxanh.lib.legacy import font_is_capitals, is_tcvn3_font, is_vni_font, tcvn3_to_unicode, vni_to_unicode
from chisoxanh.lib.vietnamese import nfc

from .common import MAX_PDF_PAGES, MIN_TEXT_CHARS, ExtractionError, _repair
from .layout import _layout

log = logging.getLogger(__name__)

_BROKEN_PDF = "Tệp PDF bị hỏng hoặc không đọc được."
_LOCKED_PDF = "Tệp PDF có mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."


# --- PDF text layer -----------------------------------------------------------------------------


def _open_pdf(data: bytes) -> Any:
    # pdfplumber (with pdfminer and Pillow) takes 75 ms to import: only when a PDF comes.
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else None
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise ExtractionError(_LOCKED_PDF) from exc
        raise ExtractionError(_BROKEN_PDF) from exc
    except Exception as exc:  # pdfminer raises many kinds for a broken file
        raise ExtractionError(_BROKEN_PDF) from exc


def _real_char(obj: dict[str, Any]) -> bool:
    """Not a glyph without a Unicode mapping (pdfminer writes those as "(cid:N)")."""
    return obj.get("object_type") != "char" or not obj["text"].startswith("(cid:")


def _pdf_pages(pdf: Any) -> list[Any]:
    try:
        return pdf.pages
    except Exception as exc:  # a broken page tree
        raise ExtractionError(_BROKEN_PDF) from exc


def _pdf_has_text(data: bytes) -> bool:
    """Whether the text layer has at least MIN_TEXT_CHARS characters, stopping as soon as it does."""
    with _open_pdf(data) as pdf:
        count = 0
        for page in _pdf_pages(pdf)[:MAX_PDF_PAGES]:
            try:
                count += sum(1 for c in page.chars if _real_char(c) and not c["text"].isspace())
            except Exception:  # a broken page: the others may still have text
                log.warning("PDF page %s unreadable", page.page_number, exc_info=True)
            finally:
                page.close()
            if count >= MIN_TEXT_CHARS:
                return True
        return False


def _pdf_document(data: bytes) -> Document | None:
    """The text layer as a Document, or None when it has (almost) no text: a scan."""
    with _open_pdf(data) as pdf:
        pages = _pdf_pages(pdf)
        warnings = []
        if len(pages) > MAX_PDF_PAGES:
            warnings.append(f"Tệp PDF có {len(pages)} trang; chỉ đọc {MAX_PDF_PAGES} trang đầu.")
        blocks: list[Block] = []
        columns: dict[int, list[float]] = {}
        encodings: Counter[str] = Counter()
        chars = read = 0
        for page in pages[:MAX_PDF_PAGES]:
            try:
                page_blocks, page_chars = _pdf_page(page, columns, encodings)
            except Exception:  # pdfminer raises many kinds for a broken page
                log.warning("PDF page %s unreadable", page.page_number, exc_info=True)
                warnings.append(f"Trang {page.page_number} bị hỏng, đã bỏ qua.")
                continue
            finally:
                page.close()
            read += 1
            chars += page_chars
            _append_page(blocks, page_blocks, columns)
        if not read and pages:
            raise ExtractionError(_BROKEN_PDF)
    if chars < MIN_TEXT_CHARS:
        return None
    encoding = encodings.most_common(1)[0][0] if encodings else None
    return Document(blocks, source="pdf", encoding=encoding, warnings=warnings)


def _pdf_word(word: dict[str, Any], encodings: Counter[str]) -> dict[str, Any]:
    """A word with its text converted when its font is a legacy Vietnamese one (".VnTime", "VNI-Times")."""
    font = word.get("fontname") or ""
    font = font.split("+", 1)[1] if "+" in font[:8] else font  # subset prefix "ABCDEF+"
    text = word["text"]
    if is_tcvn3_font(font):
        word["text"] = tcvn3_to_unicode(text, capitals=font_is_capitals(font.split(",")[0].split("-")[0]))
        encodings["tcvn3"] += len(text)
        word["legacy"] = True
    elif is_vni_font(font):
        word["text"] = vni_to_unicode(text)
        encodings["vni"] += len(text)
        word["legacy"] = True
    return word


def _pdf_page(page: Any, columns: dict[int, list[float]], encodings: Counter[str]) -> tuple[list[Block], int]:
    """One page: its ruled tables and its lines of text, top to bottom; and how many characters it has."""
    page = page.filter(_real_char)
    words = [
        _pdf_word(w, encodings)
        for w in page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
        if w["text"].strip()
    ]
    count = sum(len(w["text"]) for w in words)
    if not words:
        return [], 0
    tables = []
    for found in page.find_tables():
        xs = sorted({cell[0] for cell in found.cells})
        if len(xs) >= 2:  # a single framed box is text, not a table
            tables.append((found, xs))
    in_table: dict[int, list[dict[str, Any]]] = {}
    body = []
    for word in words:
        cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        for i, (found, _) in enumerate(tables):
            x0, top, x1, bottom = found.bbox
            if x0 <= cx <= x1 and top <= cy <= bottom:
                in_table.setdefault(i, []).append(word)
                break
        else:
            body.append(word)
    number = page.page_number
    lines = [sorted(line, key=lambda w: w["x0"]) for line in _group_lines(body)]
    paragraphs = _layout(lines, page=number, width=page.width, height=page.height, encodings=encodings)
    # Each table goes before the first line below its top; the lines keep the layout's order
    # (the header's columns one after the other).
    placed: list[Block] = []
    pending = sorted(tables, key=lambda item: item[0].bbox[1])
    for paragraph in paragraphs:
        while pending and pending[0][0].bbox[1] <= (paragraph.top or 0.0):
            placed.append(_placed_table(pending.pop(0), tables, in_table, number, columns, encodings))
        placed.append(paragraph)
    while pending:
        placed.append(_placed_table(pending.pop(0), tables, in_table, number, columns, encodings))
    return placed, count


def _placed_table(
    item: tuple[Any, list[float]],
    tables: list[tuple[Any, list[float]]],
    in_table: dict[int, list[dict[str, Any]]],
    page: int,
    columns: dict[int, list[float]],
    encodings: Counter[str],
) -> Table:
    found, xs = item
    table = _pdf_table(found, xs, in_table.get(tables.index(item), []), encodings)
    table.page = page
    columns[id(table)] = xs
    return table


def _group_lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words on the same printed line: tops within half a word's height of the line's first word."""
    lines: list[list[dict[str, Any]]] = []
    ref_top = ref_height = 0.0
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        height = max(word["bottom"] - word["top"], 1.0)
        if lines and word["top"] - ref_top <= 0.5 * min(height, ref_height):
            lines[-1].append(word)
        else:
            lines.append([word])
            ref_top, ref_height = word["top"], height
    return lines


def _bold(words: list[dict[str, Any]]) -> bool:
    return all("bold" in (w.get("fontname") or "").lower() for w in words)


def _pdf_table(found: Any, xs: list[float], words: list[dict[str, Any]], encodings: Counter[str]) -> Table:
    """pdfplumber's table as rows of cells: a cell pdfplumber leaves out (None) is covered by the
    cell on its left (a colspan) or by one above (a vertical merge)."""
    cell_words: dict[tuple[float, ...], list[dict[str, Any]]] = {}
    for word in words:
        cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        for bbox in found.cells:
            if bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]:
                cell_words.setdefault(tuple(bbox), []).append(word)
                break
    grid = found.rows
    rows: list[Row] = []
    for ri, group in enumerate(grid):
        row_top = group.bbox[1]
        cells: list[Cell] = []
        j = 0
        while j < len(group.cells):
            bbox = group.cells[j]
            if bbox is not None:
                span = 1
                while j + span < len(group.cells) and group.cells[j + span] is None and xs[j + span] < bbox[2] - 1:
                    span += 1
                lines, printed = _cell_lines(cell_words.get(tuple(bbox), []), bbox, encodings)
                cells.append(Cell(lines, colspan=span, printed=printed if printed != lines else []))
                j += span
                continue
            cover = None
            for above in reversed(grid[:ri]):
                for other in above.cells:
                    if other is not None and other[0] <= xs[j] + 1 < other[2] and other[3] > row_top + 1:
                        cover = other
                        break
                if cover is not None:
                    break
            span = 1
            if cover is not None:
                while j + span < len(group.cells) and group.cells[j + span] is None and xs[j + span] < cover[2] - 1:
                    span += 1
            cells.append(Cell([], colspan=span, merged_above=cover is not None))
            j += span
        rows.append(Row(cells))
    if rows:
        first = [w for bbox in grid[0].cells if bbox is not None for w in cell_words.get(tuple(bbox), [])]
        rows[0].header = bool(first) and _bold(first)
    return Table(rows)


def _cell_lines(words: list[dict[str, Any]], bbox: Any, encodings: Counter[str]) -> tuple[list[str], list[str]]:
    """The lines of a cell, a line the text wrapped joined back to the one before (the break was a
    wrap when the next line's first word would not have fitted at the end of this one), and the
    lines as printed: geometry cannot tell one name wrapped in a narrow column from two names on
    two lines ("Sở Tài chính" / "Hiệp hội Doanh nghiệp tỉnh"), so the parser gets both."""
    if not words:
        return [], []
    lines = [sorted(line, key=lambda w: w["x0"]) for line in _group_lines(words)]
    pad = min(max(min(line[0]["x0"] for line in lines) - bbox[0], 1.0), 8.0)
    inner = bbox[2] - bbox[0] - 2 * pad
    out: list[str] = []
    printed: list[str] = []
    previous_width = None
    for line in lines:
        text = " ".join(w["text"] for w in line)
        if not all(w.get("legacy") for w in line):
            text, encoding = _repair(text)
            if encoding:
                encodings[encoding] += len(text)
        printed.append(text)
        width = line[-1]["x1"] - line[0]["x0"]
        first = line[0]
        space = 0.25 * float(first.get("size") or (first["bottom"] - first["top"]))
        if out and previous_width is not None and previous_width + space + (first["x1"] - first["x0"]) > inner - 1:
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
        previous_width = width
    return [nfc(line) for line in out if line.strip()], [nfc(line) for line in printed if line.strip()]


def _append_page(blocks: list[Block], page_blocks: list[Block], columns: dict[int, list[float]]) -> None:
    """Add a page's blocks; a table that goes on from the previous page joins the table there (its
    repeated header rows dropped, a row the page break split joined back)."""
    if page_blocks and blocks and isinstance(page_blocks[0], Table) and isinstance(blocks[-1], Table):
        before, after = blocks[-1], page_blocks[0]
        xs_before, xs_after = columns.get(id(before), []), columns.get(id(after), [])
        same = len(xs_before) == len(xs_after) and all(abs(a - b) < 3 for a, b in zip(xs_before, xs_after, strict=True))
        if same and before.rows:
            headers = [row.texts for row in before.rows if row.header] or [before.rows[0].texts]
            rows = list(after.rows)
            while rows and rows[0].texts in headers:
                rows.pop(0)
            last = before.rows[-1]
            if (
                rows
                and len(rows[0].cells) == len(last.cells)
                and not rows[0].cells[0].lines
                and last.cells[0].lines
                and any(not c.lines for c in rows[0].cells)
            ):
                for old, new in zip(last.cells, rows.pop(0).cells, strict=True):
                    if not new.lines:
                        continue
                    if old.lines and new.lines[0][:1].islower() and not old.lines[-1].endswith((".", ";", ":")):
                        old.lines[-1] = f"{old.lines[-1]} {new.lines[0]}"
                        old.lines.extend(new.lines[1:])
                    else:
                        old.lines.extend(new.lines)
            before.rows.extend(rows)
            page_blocks = page_blocks[1:]
    blocks.extend(page_blocks)
