"""The result report on screen in the order and under the headings of its DOCX.

The Word document (``result_docx.render``) prints the sections under the part headings of
:data:`result_docx.PARTS` ("II. KẾT QUẢ THỰC HIỆN", "III. ĐÁNH GIÁ CHUNG"), which no section
carries itself; the page reads the same table, so the two cannot number the report differently.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import ResultReport
from .result_docx import APPENDIX_HEADERS, LATE_HEADERS, PARTS


@dataclass(frozen=True)
class Block:
    """A heading ("II. KẾT QUẢ THỰC HIỆN"), or a section with its title and printed text."""

    level: int  # 3: a part of the report; 4: a numbered section inside a part
    title: str
    section: dict | None = None  # the stored section (key, generated, edited, base, stale)
    text: str = ""

    @property
    def key(self) -> str:
        return self.section["key"] if self.section else ""


def outline(report: ResultReport, *, editing: bool = False) -> list[Block]:
    """The report's blocks, the opening first. Read as printed (``editing=False``), an empty
    section is left out as the DOCX leaves it out; for the Office every section is there to fill,
    and a section no part takes (kept from an older plan) comes last rather than disappearing."""
    sections = report.section_map()
    blocks: list[Block] = []
    if "mo_dau" in sections:
        blocks.append(Block(4, "Mở đầu" if editing else "", sections["mo_dau"], report.text("mo_dau")))
    placed = {"mo_dau"}
    for part, heading in PARTS:
        keys = [k for k in sections if k == part or k.startswith(f"{part}.")]
        if not keys:
            continue
        placed.update(keys)
        if heading:
            blocks.append(Block(3, heading))
        for key in keys:
            text = report.text(key)
            if not editing and not text.strip() and key != part:
                continue
            title = sections[key].get("title", "")
            blocks.append(Block(3 if key == part else 4, title, sections[key], text))
    if editing:
        blocks += [
            Block(4, sections[k].get("title") or k, sections[k], report.text(k)) for k in sections if k not in placed
        ]
    return blocks


def appendix_headers() -> tuple[list[str], list[str]]:
    """The column headings of the appendix and of the late units' table, as printed."""
    return list(APPENDIX_HEADERS), list(LATE_HEADERS)
