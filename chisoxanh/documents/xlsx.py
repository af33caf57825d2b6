"""Excel exports: small exporters that yield rows, and one renderer that writes them.

The renderer uses openpyxl's write-only mode, so rows stream to the file and memory stays flat
however many there are. Every text cell that a spreadsheet could take for a formula (starting
with =, +, -, @, a tab or a carriage return) is prefixed with an apostrophe-like quote, the
OWASP defence against CSV/formula injection.
"""

from __future__ import annotations

import datetime as dt
import io
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from chisoxanh.core.http import XLSX, attachment

from .decree30 import clean

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that cannot run as a formula; numbers and dates pass through as they are."""
    if isinstance(value, str):
        value = clean(value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


@dataclass
class Sheet:
    title: str
    columns: list[tuple[str, float]]  # (Vietnamese header, width in characters)
    rows: Iterable[list]


class Exporter(ABC):
    """Subclasses give a file name and yield sheets; ``render`` does the rest."""

    filename = "xuat-du-lieu.xlsx"
    author = "Chỉ số Xanh"  # the workbook's creator (File › Info): the agency, where known

    @abstractmethod
    def sheets(self) -> Iterator[Sheet]: ...


HEADER_FONT = Font(name="Times New Roman", bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8F5E9")
WRAP = Alignment(wrap_text=True, vertical="top")


def _date_cell(ws, value: dt.date) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = "DD/MM/YYYY HH:MM" if isinstance(value, dt.datetime) else "DD/MM/YYYY"
    return cell


def render(exporter: Exporter) -> bytes:
    wb = Workbook(write_only=True)
    wb.properties.creator = wb.properties.lastModifiedBy = exporter.author
    for sheet in exporter.sheets():
        ws = wb.create_sheet(title=sheet.title[:31])
        for i, (_, width) in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        header = []
        for title, _ in sheet.columns:
            cell = WriteOnlyCell(ws, value=title)
            cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
            header.append(cell)
        ws.append(header)
        for row in sheet.rows:
            # Plain values, styled only where needed (dates): a styled cell object per value
            # made 100,000 rows take 30 s instead of a few.
            ws.append([_date_cell(ws, v) if isinstance(v, dt.date) else neutralise(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def download(exporter: Exporter) -> HttpResponse:
    """The exporter's workbook as a file to download: the pages and the API give the same one."""
    return attachment(render(exporter), exporter.filename, XLSX)
