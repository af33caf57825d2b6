"""Printed lines (words with their boxes, from a PDF's text layer or from Tesseract) into
paragraphs: each line cut where its words are far apart, aligned in the page's text area, the
header of page 1 and the signature block read as a left column, then a right column."""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from typing import Any

from chisoxanh.lib.docmodel import Paragraph
from chisoxanh.lib.vietnamese import fold, nfc

from .common import _repair

# --- Lines into paragraphs (PDF text layer and OCR) ---

Segment = list[dict[str, Any]]

_TITLE = re.compile(
    r"^(ke hoach|quyet dinh|bao cao|chuong trinh|thong bao|to trinh|huong dan|nghi quyet|cong van|chi thi"
    r"|de an|phuong an|kinh gui)\b"
)
_PAGE_NUMBER = re.compile(r"^[-–—\s]*\d{1,3}[-–—\s]*$")


def _char_width(words: list[dict[str, Any]]) -> float:
    widths = [(w["x1"] - w["x0"]) / len(w["text"]) for w in words if len(w["text"]) >= 2]
    if not widths:
        widths = [w["x1"] - w["x0"] for w in words] or [5.0]
    return max(statistics.median(widths), 1.0)


def _text_of(segment: Segment) -> str:
    return " ".join(w["text"] for w in segment)


def _segments(line: list[dict[str, Any]]) -> list[Segment]:
    """A printed line cut where the words are far apart (more than four characters' width)."""
    gap = 4 * _char_width(line)
    segments = [[line[0]]]
    for prev, word in itertools.pairwise(line):
        if word["x0"] - prev["x1"] > gap:
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


def _layout(
    lines: list[list[dict[str, Any]]], *, page: int, width: float, height: float, encodings: Counter[str]
) -> list[Paragraph]:
    """One paragraph per segment of each line; the header of page 1 and the signature block read
    as a left column, then a right column."""
    seglines = []
    for line in lines:
        segments = _segments(line)
        if len(segments) == 1 and _PAGE_NUMBER.match(_text_of(segments[0])):
            top = segments[0][0]["top"]
            if top < 0.08 * height or top > 0.92 * height:
                continue  # a page number in the margin
        seglines.append(segments)
    if not seglines:
        return []
    area = _text_area(seglines, width)
    # Each segment with the alignment it has in its frame: the page's text area, or its column.
    ordered: list[tuple[Segment, str]] = []
    i = 0
    if page == 1:
        end = len(seglines)
        for k, segments in enumerate(seglines):
            if segments[0][0]["top"] > 0.25 * height or (
                len(segments) == 1 and _TITLE.match(fold(_text_of(segments[0])))
            ):
                end = k
                break
        header = _two_columns(seglines[:end])
        if header is not None:
            ordered.extend(header[0])
            i = header[1]
    while i < len(seglines):
        segments = seglines[i]
        if fold(_text_of(segments[0])).startswith("noi nhan"):
            block = _two_columns(seglines[i:])
            if block is not None and block[1] > 1:
                ordered.extend(block[0])
                i += block[1]
                continue
        ordered.extend((segment, _page_align(segment, *area)) for segment in segments)
        i += 1
    paragraphs = []
    for segment, align in ordered:
        text = _text_of(segment)
        if not all(w.get("legacy") for w in segment):
            text, encoding = _repair(text)
            if encoding:
                encodings[encoding] += len(text)
        fonts = [(w.get("fontname") or "").lower() for w in segment]
        x0 = segment[0]["x0"]
        paragraphs.append(
            Paragraph(
                nfc(text),
                bold=all("bold" in f for f in fonts),
                italic=all("italic" in f or "oblique" in f for f in fonts),
                align=align,
                indent=round(max(x0 - area[0], 0.0), 1),
                page=page,
                x0=round(x0, 1),
                top=round(min(w["top"] for w in segment), 1),
            )
        )
    return paragraphs


def _page_align(segment: Segment, left: float, right: float) -> str:
    x0, x1 = segment[0]["x0"], segment[-1]["x1"]
    span = right - left
    # Centred: indented from both margins by about as much (a justified first line reaches the right).
    if min(x0 - left, right - x1) > 8 and abs((x0 - left) - (right - x1)) <= 2 * max(6.0, 0.02 * span):
        return "center"
    if x1 >= right - 6 and x0 > left + 0.3 * span:
        return "right"
    return "left"


def _column_align(pieces: list[Segment]) -> list[tuple[Segment, str]]:
    """Alignment inside a column of the header or signature: centred when a piece shares the
    column's common centre, unless the column is flush left and the piece starts at its edge."""
    if not pieces:
        return []
    starts = [p[0]["x0"] for p in pieces]
    centres = [(p[0]["x0"] + p[-1]["x1"]) / 2 for p in pieces]
    middle = statistics.median(centres)
    # Flush left: most pieces start at one place (centred lines of different lengths do not).
    edge = max(starts, key=lambda x: sum(1 for y in starts if abs(x - y) <= 1.5))
    flush = sum(1 for y in starts if abs(edge - y) <= 1.5) >= max(2, 2 * len(pieces) / 3)
    aligned = []
    for piece, start, centre in zip(pieces, starts, centres, strict=True):
        centred = abs(centre - middle) <= 6 and (not flush or start > edge + 6)
        aligned.append((piece, "center" if centred else "left"))
    return aligned


def _robust_edge(values: list[float], *, lowest: bool) -> float:
    """The outermost value that at least one other value shares (within 3 pt): a margin, not an outlier."""
    ordered = sorted(values, reverse=not lowest)
    for value in ordered:
        if sum(1 for v in ordered if abs(v - value) <= 3) >= 2:
            return value
    return ordered[0]


def _text_area(seglines: list[list[Segment]], width: float) -> tuple[float, float]:
    """The page's left and right text margins: where the long lines start and end."""
    segments = [s for line in seglines for s in line]
    long = [s for s in segments if s[-1]["x1"] - s[0]["x0"] > 0.5 * width] or segments
    # Short lines start at the margin too (the last line of a paragraph, a list of recipients).
    left = _robust_edge([s[0]["x0"] for s in segments], lowest=True)
    right = _robust_edge([s[-1]["x1"] for s in long], lowest=False)
    return left, max(right, left + 1)


def _two_columns(seglines: list[list[Segment]]) -> tuple[list[tuple[Segment, str]], int] | None:
    """The lines of a two-column block (agency and number | national motto, place and date; or
    recipients | signature) as the left column's segments, then the right column's, with their
    alignment in the column, and how many lines the block has; None when the lines do not form two
    columns."""
    cuts = []
    for segments in seglines:
        if len(segments) >= 2:
            k = max(range(len(segments) - 1), key=lambda k: segments[k + 1][0]["x0"] - segments[k][-1]["x1"])
            cuts.append((segments[k][-1]["x1"], segments[k + 1][0]["x0"]))
        for segment in segments:
            # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" starts the right column even when close to the left one.
            for k in range(1, len(segment) - 1):
                if fold(segment[k]["text"]) == "cong" and fold(segment[k + 1]["text"]) == "hoa":
                    cuts.append((segment[k - 1]["x1"], segment[k]["x0"]))
    if not cuts:
        return None
    lo, hi = max(a for a, _ in cuts), min(b for _, b in cuts)
    split = (lo + hi) / 2 if lo < hi else statistics.median((a + b) / 2 for a, b in cuts)
    left: list[Segment] = []
    right: list[Segment] = []
    count = 0
    for segments in seglines:
        pieces: list[Segment] = []
        for segment in segments:
            pieces.extend(_cut(segment, split))
        if count and any(p[0]["x0"] < split - 2 < split + 2 < p[-1]["x1"] for p in pieces):
            break  # a line across both columns: the block is over
        for piece in pieces:
            (left if (piece[0]["x0"] + piece[-1]["x1"]) / 2 < split else right).append(piece)
        count += 1
    return _column_align(left) + _column_align(right), count


def _cut(segment: Segment, split: float) -> list[Segment]:
    """A segment cut at the column boundary when a gap between two of its words is there."""
    for k in range(len(segment) - 1):
        if segment[k]["x1"] <= split + 2 and segment[k + 1]["x0"] >= split - 2:
            return [segment[: k + 1], segment[k + 1 :]]
    return [segment]
