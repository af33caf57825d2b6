"""Showing a report version's recorded changes in Vietnamese, and the board's counts."""

from __future__ import annotations

from django import template

from chisoxanh.lib.dates import page_date, parse_date

from ..models import Activity, TaskReport

register = template.Library()

LABELS = {
    "progress": "Tiến độ",
    "completed_on": "Ngày hoàn thành",
    "results": "Kết quả thực hiện",
    "difficulties": "Khó khăn, vướng mắc",
    "proposals": "Kiến nghị, đề xuất",
    "state": "Trạng thái",
    "activities": "Hoạt động",
    "evidence": "Minh chứng",
}
CHOICES = {
    **dict(TaskReport.Progress.choices),
    **dict(TaskReport.State.choices),
}


@register.filter
def so_luong(tally, status) -> int:
    """``tally|so_luong:status``: how many have that status (0 when none)."""
    return tally.get(status) if tally is not None else 0


@register.filter
def nhan_truong(field: str) -> str:
    return LABELS.get(field, field)


def _date(text: str | None) -> str:
    value = parse_date(text or "")
    return page_date(value) if value else (text or "")


@register.filter
def gia_tri(value) -> str:
    """A recorded value as a reader expects it: labels, dd/mm/yyyy dates, one activity a line."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        lines = []
        for item in value:
            if isinstance(item, dict):
                people = f" ({item['people_reached']} người)" if item.get("people_reached") else ""
                kind = dict(Activity.Kind.choices).get(item.get("kind"), item.get("kind", ""))
                lines.append(f"{_date(item.get('date'))} – {kind}: {item.get('title', '')}{people}")
            else:
                lines.append(str(item))
        return "\n".join(lines)
    if isinstance(value, str) and value in CHOICES:
        return str(CHOICES[value])
    if isinstance(value, str) and parse_date(value) and len(value) == 10:
        return _date(value)
    return str(value)
