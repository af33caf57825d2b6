"""Whether a result report's draft still says what the data says, and what to check before signing.

A draft is composed at one moment; task reports are accepted, sent and returned after it, and a
task passes its deadline without anyone saving anything. So the draft's page and its approval
compose the report again (:func:`check`) and compare its digest with the one stored when the
figures were last taken (:func:`fingerprint`):

- the digest covers everything the data prints — every generated section text, the appendix rows,
  the late units — and nothing else. A change that would not alter the signed document (a draft
  report saved, a unit renamed back) does not make the draft stale; a change that would, does,
  even when no row was saved (a deadline passed, so a task is now "Quá hạn").
- the board's ``revision`` (``reports.boardcache``) is not used for this: saving the result
  report itself moves it (the board shows the report's number), every draft saved anywhere in the
  period moves it, and the passing of a deadline does not.

The Office's own texts are not in the digest: they are kept across a refresh and are the
Office's to change, whatever the data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from chisoxanh.lib.vietnamese import number
from chisoxanh.reports.models import TaskReport

from .compose import Composition, compose
from .models import ResultReport

Figure = tuple[str, str, str]  # (label, value, unit): "Báo cáo các đơn vị đã gửi", "18/23", "báo cáo"
TASKS = "nhiệm vụ"  # the unit of the counts of tasks per status


def fingerprint(composition: Composition) -> str:
    """The digest of what the data composed: section keys, titles and texts, the appendix."""
    payload = {
        "sections": [list(section) for section in composition.sections],
        "rows": composition.appendix_rows,
        "late": composition.late_units,
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(label: str) -> str:
    """A status label without the deadline it may carry in brackets: counts compare across days."""
    return label.split(" (")[0]


def figures(composition: Composition) -> list[Figure]:
    """The figures the document prints, as the page compares them: reports sent, tasks per
    status (as the appendix labels them), units late, and the activities' sums."""
    out: list[Figure] = []
    facts = composition.facts
    if facts is not None:
        total = facts.board.total
        out.append(("Báo cáo các đơn vị đã gửi", f"{total.sent}/{total.expected}", "báo cáo"))
        out.append(("Báo cáo gửi đúng hạn", number(total.on_time), "báo cáo"))
        out.append(("Báo cáo đã được duyệt", number(total.accepted), "báo cáo"))
    # Counted by the appendix's own words, whatever the status rules (``lib/status``) call them;
    # the deadline a label may add in brackets ("Quá hạn (hạn của đơn vị 25/11/2026)") is dropped.
    statuses = Counter(
        _plain(row["status"]) for row in composition.appendix_rows if row.get("status") not in (None, "", "—")
    )
    for label, count in statuses.items():
        out.append((f"Nhiệm vụ {label[:1].lower()}{label[1:]}", number(count), TASKS))
    out.append(("Đơn vị chậm, chưa báo cáo", number(len(composition.late_units)), "đơn vị"))
    t = composition.totals
    out += [
        ("Hội nghị, tập huấn, buổi tuyên truyền", number(t.sessions), ""),
        ("Lượt người tham dự", number(t.session_people), ""),
        ("Tin, bài đã đăng", number(t.posts), ""),
        ("Lượt người tiếp cận qua tin, bài", number(t.post_reach), ""),
        ("Văn bản đã ban hành", number(t.documents), ""),
        ("Cuộc kiểm tra", number(t.inspections), ""),
    ]
    return out


@dataclass(frozen=True)
class Change:
    """One figure that moved: "Báo cáo các đơn vị đã gửi: 18/23 → 19/23 báo cáo"."""

    label: str
    before: str
    after: str
    unit: str = ""

    def __str__(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.label}: {self.before} → {self.after}{unit}"


def _figure_changes(stored: list, fresh: list[Figure]) -> list[Change]:
    # Labels stored by an older version of the rules are read the way they are written now.
    before = {_plain(label): (value, unit) for label, value, unit in stored}
    after = {label: (value, unit) for label, value, unit in fresh}
    changes = []
    for label in [*after, *(k for k in before if k not in after)]:
        if label in before and label in after:
            (old, unit), (new, _) = before[label], after[label]
        elif (before.get(label) or after.get(label))[1] == TASKS:
            # A status no task has is not listed: absent means none.
            old, unit = before.get(label, ("0", TASKS))
            new, _ = after.get(label, ("0", TASKS))
        else:
            continue  # a figure the draft did not record yet: nothing to compare it with
        if old != new:
            changes.append(Change(label, old, new, unit))
    return changes


def _task_changes(stored_rows: list[dict], fresh_rows: list[dict]) -> list[Change]:
    """Tasks whose status in the appendix moved: "Nhiệm vụ “…”: Quá hạn → Hoàn thành quá hạn"."""
    before = {row.get("task"): row.get("status") for row in stored_rows}
    # A label that only gained or lost its deadline in brackets is the same status.
    return [
        Change(f"Nhiệm vụ “{row['task']}”", before[row["task"]], row["status"])
        for row in fresh_rows
        if row.get("task") in before and _plain(before[row["task"]] or "") != _plain(row.get("status") or "")
    ]


@dataclass
class Currency:
    """The draft beside the data of today."""

    composition: Composition
    fingerprint: str
    stale: bool
    unknown: bool  # made before figures were fingerprinted: the data cannot be compared
    changes: list[Change] = field(default_factory=list)
    task_changes: list[Change] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # titles of the sections whose generated text moved

    @property
    def summary(self) -> str:
        """One line for a message or the history: what moved."""
        moved = [str(c) for c in [*self.changes, *self.task_changes]]
        if not moved and self.sections:
            moved = ["nội dung tự động của mục " + ", ".join(self.sections)]
        return "; ".join(moved)


def check(report: ResultReport, *, today: dt.date) -> Currency:
    """Compose ``report`` again from today's data and compare it with its draft."""
    composition = compose(report.period, today=today)
    digest = fingerprint(composition)
    stored = report.section_map()
    moved_sections = [
        (title or "Mở đầu")
        for key, title, generated in composition.sections
        if (stored.get(key) or {}).get("generated") != generated
    ]
    unknown = not report.facts_fingerprint
    return Currency(
        composition=composition,
        fingerprint=digest,
        stale=unknown or digest != report.facts_fingerprint,
        unknown=unknown,
        changes=_figure_changes(report.figures or [], figures(composition)) if report.figures else [],
        task_changes=_task_changes(report.appendix.get("rows", []), composition.appendix_rows),
        sections=moved_sections,
    )


def stale_message(report: ResultReport, currency: Currency) -> str:
    """Why the approval is refused, and what to do."""
    then = (
        f"kể từ lần tổng hợp lúc {timezone.localtime(report.generated_at):%H:%M ngày %d/%m/%Y}"
        if report.generated_at
        else "kể từ lần tổng hợp trước"
    )
    what = (
        "dự thảo được lập trước khi hệ thống lưu dấu số liệu, nên chưa đối chiếu được với dữ liệu hiện tại"
        if currency.unknown
        else f"số liệu đã thay đổi {then}" + (f" ({currency.summary})" if currency.summary else "")
    )
    return (
        f"Chưa ký duyệt được: {what}. Hãy bấm “Lấy số liệu mới” (nội dung Văn phòng đã sửa được giữ "
        "nguyên), xem lại rồi ký duyệt."
    )


# --- before signing ---------------------------------------------------------------------------


@dataclass
class Checklist:
    """What the head should know before signing: reports the figures leave out."""

    pending: list[TaskReport]  # sent, not yet reviewed: not counted as results
    returned: list[TaskReport]  # returned to the unit and not sent again
    silent_units: list[str]  # units that have not sent a single report of the period
    stale_edits: list[str]  # sections the Office wrote whose data has changed since
    empty_sections: list[str]  # sections with no text, left out of the document

    @property
    def clear(self) -> bool:
        return not (self.pending or self.returned or self.silent_units or self.stale_edits)


def checklist(report: ResultReport, currency: Currency) -> Checklist:
    """The checklist of ``report`` from the data ``currency`` composed (no further query)."""
    facts = currency.composition.facts
    reports = facts.reports if facts is not None else []
    units: dict[int, tuple[str, bool]] = {}
    for r in reports:
        name, sent = units.get(r.organization_id, (r.organization.name, False))
        units[r.organization_id] = (name, sent or r.first_submitted_at is not None)
    fresh = {key: generated for key, _, generated in currency.composition.sections}
    stale_edits, empty = [], []
    for s in report.sections:
        edited = s.get("edited")
        if edited is not None and s.get("base") != fresh.get(s["key"], s.get("generated")):
            stale_edits.append(s.get("title") or "Mở đầu")
        if not report.text(s["key"]).strip():
            empty.append(s.get("title") or s["key"])
    return Checklist(
        pending=[r for r in reports if r.state == TaskReport.State.SUBMITTED],
        returned=[r for r in reports if r.state == TaskReport.State.RETURNED],
        silent_units=[name for name, sent in units.values() if not sent],
        stale_edits=stale_edits,
        empty_sections=empty,
    )
