"""The one shape every plan document is read into, whatever it came as.

DOCX, a PDF's text layer, an OCR'd scan and a plain text file all become a :class:`Document`: a
sequence of blocks, each a :class:`Paragraph` (its text, the list label Word numbering or the
text gave it, and the formatting that helps tell a heading from body text) or a :class:`Table`
(rows of cells, merged spans and header rows kept). The plan parser reads only this model, so a
layout rule written once holds for every format.

``Document.text`` is the document as one string, and every block knows its ``span`` in it: the
review screen highlights a task's source by those offsets, and the parser cites them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Paragraph:
    text: str
    # The list label as the reader sees it ("I.", "1.", "a)", "-"), resolved from Word's
    # automatic numbering; empty when the paragraph has none or the label is typed in ``text``.
    label: str = ""
    style: str = ""
    bold: bool = False
    italic: bool = False
    # "left", "center", "right", "both" (justified) or "" when unknown.
    align: str = ""
    # Left indentation in points (0 when unknown).
    indent: float = 0.0
    # Where the paragraph stands on its page, for formats that have positions (PDF, OCR).
    page: int | None = None
    x0: float | None = None
    top: float | None = None
    span: tuple[int, int] = (0, 0)

    @property
    def full(self) -> str:
        """The label and the text, as printed."""
        return f"{self.label} {self.text}".strip() if self.label else self.text


@dataclass
class Cell:
    # One entry per paragraph or hard line break inside the cell.
    lines: list[str] = field(default_factory=list)
    colspan: int = 1
    # True for the cells a vertical merge covers below its first row (Word's vMerge "continue").
    merged_above: bool = False
    # The lines as printed, when ``lines`` joined some back by geometry (PDF: a wrap judged from
    # the cell's width); empty when they are the same.
    printed: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line for line in self.lines if line.strip())


@dataclass
class Row:
    cells: list[Cell] = field(default_factory=list)
    # Marked as a header row repeated on every page (Word's tblHeader).
    header: bool = False

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    page: int | None = None
    span: tuple[int, int] = (0, 0)


Block = Paragraph | Table


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    # "docx", "pdf", "ocr" or "text": some rules depend on how reliable the text is.
    source: str = "text"
    # The encoding a text file was found to be in, or the legacy font encoding converted.
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    _text: str | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """The whole document as text; sets each block's ``span`` in it."""
        if self._text is None:
            parts: list[str] = []
            offset = 0
            for block in self.blocks:
                chunk = _render(block)
                block.span = (offset, offset + len(chunk))
                parts.append(chunk)
                offset += len(chunk) + 1
            self._text = "\n".join(parts)
        return self._text


def _render(block: Block) -> str:
    if isinstance(block, Paragraph):
        return block.full
    lines = []
    for row in block.rows:
        lines.append(" | ".join(" / ".join(c.lines).strip() if c.lines else "" for c in row.cells))
    return "\n".join(lines)


def from_text(text: str, *, source: str = "text", encoding: str | None = None) -> Document:
    """A plain text as one paragraph per line (the parser joins hard-wrapped lines itself)."""
    return Document([Paragraph(line) for line in text.split("\n")], source=source, encoding=encoding)
