"""What changed in a report since it was last returned: the texts word by word, the activities
row by row and the evidence by name, from the kept version snapshots (``services._snapshot``).

Pure functions over the snapshots: the pages pass the versions they have already fetched, so
showing the changes costs no query of its own.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Activity, ReportVersion, TaskReport

TEXTS = (
    ("results", "Kết quả thực hiện"),
    ("difficulties", "Khó khăn, vướng mắc"),
    ("proposals", "Kiến nghị, đề xuất"),
)
# The events that send a report back to its unit.
RETURN_EVENTS = (ReportVersion.Event.RETURNED, ReportVersion.Event.REOPENED)
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(old: str, new: str) -> SafeString:
    """``new`` with the words removed since ``old`` in ``<del>`` and those added in ``<ins>``,
    every piece of text escaped."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(b[j1:j2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # every piece was escaped above


@dataclass
class TextChange:
    name: str
    label: str
    html: SafeString


@dataclass
class RowChange:
    before: Mapping[str, Any]
    after: Mapping[str, Any]
    fields: list[str]  # the fields that differ


@dataclass
class Changes:
    """The differences between the version a report was returned at and the current one."""

    returned: ReportVersion
    current: ReportVersion
    texts: list[TextChange] = field(default_factory=list)
    progress: tuple[str, str] | None = None
    added: list[Mapping[str, Any]] = field(default_factory=list)
    removed: list[Mapping[str, Any]] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    evidence_added: list[str] = field(default_factory=list)
    evidence_removed: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(
            self.texts
            or self.progress
            or self.added
            or self.removed
            or self.changed
            or self.evidence_added
            or self.evidence_removed
        )

    @property
    def summary(self) -> list[str]:
        """A short list of what changed, for the review queue ("Kết quả thực hiện", "Hoạt động: thêm 1")."""
        parts = [t.label for t in self.texts]
        if self.progress:
            parts.append("Tiến độ")
        rows = [
            f"{word} {n}"
            for word, n in (("thêm", len(self.added)), ("bỏ", len(self.removed)), ("sửa", len(self.changed)))
            if n
        ]
        if rows:
            parts.append("Hoạt động: " + ", ".join(rows))
        files = [
            f"{word} {n}" for word, n in (("thêm", len(self.evidence_added)), ("bỏ", len(self.evidence_removed))) if n
        ]
        if files:
            parts.append("Minh chứng: " + ", ".join(files))
        return parts


def _row_key(row: Mapping[str, Any]) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in row.items()))


def _activities(old: list[dict], new: list[dict]) -> tuple[list, list, list[RowChange]]:
    """Rows only in ``old`` (removed), only in ``new`` (added); a removed and an added row with
    the same title, or the same date and kind, are one row changed."""
    new_keys = [_row_key(r) for r in new]
    old_keys = [_row_key(r) for r in old]
    removed = [r for r, k in zip(old, old_keys, strict=True) if k not in new_keys]
    added = [r for r, k in zip(new, new_keys, strict=True) if k not in old_keys]
    changed = []
    for before in list(removed):
        match = next((a for a in added if a.get("title") == before.get("title")), None) or next(
            (a for a in added if (a.get("date"), a.get("kind")) == (before.get("date"), before.get("kind"))), None
        )
        if match is not None:
            removed.remove(before)
            added.remove(match)
            fields = [f for f in dict.fromkeys([*before, *match]) if before.get(f) != match.get(f)]
            changed.append(RowChange(before, match, fields))
    return added, removed, changed


def _shown(row: Mapping[str, Any]) -> dict[str, Any]:
    """An activity row as the page shows it: the labels of its kind and channel."""
    kinds, channels = dict(Activity.Kind.choices), dict(Activity.Channel.choices)
    date = str(row.get("date") or "")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        date = "/".join(reversed(date.split("-")))
    return {
        **row,
        "date": date,
        "kind": kinds.get(row.get("kind"), row.get("kind")),
        "channel": channels.get(row.get("channel"), row.get("channel")) or "—",
    }


FIELD_LABELS = {
    "date": "ngày",
    "kind": "hình thức",
    "channel": "kênh",
    "title": "nội dung",
    "people_reached": "số người",
    "link": "đường dẫn",
}


def compare(returned: ReportVersion, current: ReportVersion) -> Changes:
    old, new = returned.data or {}, current.data or {}
    changes = Changes(returned=returned, current=current)
    for name, label in TEXTS:
        if (old.get(name) or "") != (new.get(name) or ""):
            changes.texts.append(TextChange(name, label, word_diff(old.get(name) or "", new.get(name) or "")))
    if old.get("progress") != new.get("progress"):
        labels = dict(TaskReport.Progress.choices)
        changes.progress = (labels.get(old.get("progress"), "—"), labels.get(new.get("progress"), "—"))
    added, removed, changed = _activities(list(old.get("activities") or []), list(new.get("activities") or []))
    changes.added = [_shown(r) for r in added]
    changes.removed = [_shown(r) for r in removed]
    changes.changed = [
        RowChange(_shown(c.before), _shown(c.after), [FIELD_LABELS.get(f, f) for f in c.fields]) for c in changed
    ]
    old_files, new_files = list(old.get("evidence") or []), list(new.get("evidence") or [])
    changes.evidence_added = [e for e in new_files if e not in old_files]
    changes.evidence_removed = [e for e in old_files if e not in new_files]
    return changes


def since_return(report: TaskReport, versions: Iterable[ReportVersion]) -> Changes | None:
    """The changes of a report waiting for review since the last time it was sent back, or
    ``None`` when it was never returned (or is not waiting). ``versions`` may be in any order and
    need only hold the return versions and the current one."""
    if report.state != TaskReport.State.SUBMITTED:
        return None
    ordered = sorted(versions, key=lambda v: v.number)
    returned = next((v for v in reversed(ordered) if v.event in RETURN_EVENTS), None)
    if returned is None or not ordered or ordered[-1].number <= returned.number:
        return None
    return compare(returned, ordered[-1])
