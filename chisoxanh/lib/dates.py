"""Vietnamese dates as pages and official documents write them."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["annual_due_label", "document_date", "page_date", "parse_date"]


def page_date(value: dt.date | None) -> str:
    """``10/12/2026``: the short form used on pages and in tables."""
    return value.strftime("%d/%m/%Y") if value else ""


def document_date(value: dt.date, place: str = "") -> str:
    """The date line of an administrative document (Decree 30/2020, Appendix I).

    Days below 10 and the months January and February take a leading zero; other months do
    not: "ngày 05 tháng 3 năm 2026", "ngày 21 tháng 01 năm 2026". With ``place`` the line reads
    "Lạng Sơn, ngày 10 tháng 12 năm 2026".
    """
    text = f"ngày {value.day:02d} tháng {_month(value.month)} năm {value.year}"
    return f"{place}, {text}" if place else text


def annual_due_label(month: int | None, day: int | None) -> str:
    """ "trước ngày 10 tháng 12 hằng năm" for an annual deadline, or "" when there is none."""
    if not (month and day):
        return ""
    return f"trước ngày {day:02d} tháng {_month(month)} hằng năm"


def _month(month: int) -> str:
    # Decree 30/2020 writes January and February with a leading zero ("tháng 01") so that a
    # hand-added digit cannot turn them into 11 or 12; the other months are written plainly.
    return f"{month:02d}" if month <= 2 else str(month)


_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")


def parse_date(text: str) -> dt.date | None:
    """Read a Vietnamese day-first date ("21/01/2026", "21-1-2026", "21.01.2026") or ISO.

    Returns ``None`` for anything that is not a real calendar date.
    """
    text = (text or "").strip()
    match = _DMY.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
