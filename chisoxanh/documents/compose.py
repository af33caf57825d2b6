"""Composing a result report's text from the period's data.

Everything here reads a fixed number of queries (the plan's tasks, the period's reports, their
activities) and returns plain data: section texts and appendix rows. The Office edits the texts;
the DOCX renderer prints them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from chisoxanh.lib.dates import page_date
from chisoxanh.lib.status import ORDER, TaskStatus
from chisoxanh.lib.vietnamese import number
from chisoxanh.plans.models import Task
from chisoxanh.reports.models import Activity, Period, TaskReport
from chisoxanh.reports.selectors import board

SESSION_KINDS = {Activity.Kind.MEETING, Activity.Kind.TRAINING, Activity.Kind.OUTREACH}
CHANNEL_LABELS = dict(Activity.Channel.choices)


@dataclass
class Totals:
    """What the activities add up to: the figures a result report quotes."""

    sessions: int = 0
    session_people: int = 0
    posts: int = 0
    post_reach: int = 0
    posts_by_channel: Counter = field(default_factory=Counter)
    documents: int = 0
    inspections: int = 0
    other: int = 0

    def add(self, activity: Activity) -> None:
        self.add_group(activity.kind, activity.channel, 1, activity.people_reached or 0)

    def add_group(self, kind: str, channel: str, count: int, people: int) -> None:
        """Add ``count`` activities of one kind and channel reaching ``people`` in all."""
        if kind in SESSION_KINDS:
            self.sessions += count
            self.session_people += people
        elif kind == Activity.Kind.POST:
            self.posts += count
            self.post_reach += people
            self.posts_by_channel[channel or "other"] += count
        elif kind == Activity.Kind.DOCUMENT:
            self.documents += count
        elif kind == Activity.Kind.INSPECTION:
            self.inspections += count
        else:
            self.other += count

    def merge(self, other: Totals) -> None:
        for name in (
            "sessions",
            "session_people",
            "posts",
            "post_reach",
            "documents",
            "inspections",
            "other",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.posts_by_channel.update(other.posts_by_channel)

    @property
    def empty(self) -> bool:
        return not (self.sessions or self.posts or self.documents or self.inspections or self.other)

    def sentence(self) -> str:
        """ "tổ chức 3 hội nghị, tập huấn, tuyên truyền với 412 lượt người tham dự; đăng 4 tin, bài …"."""
        parts = []
        if self.sessions:
            people = f" với {number(self.session_people)} lượt người tham dự" if self.session_people else ""
            parts.append(f"tổ chức {number(self.sessions)} hội nghị, tập huấn, buổi tuyên truyền{people}")
        if self.posts:
            channels = ", ".join(
                f"{CHANNEL_LABELS.get(c, 'khác')}: {number(n)}"
                for c, n in sorted(self.posts_by_channel.items(), key=lambda item: (-item[1], item[0]))
            )
            reach = f", tiếp cận {number(self.post_reach)} lượt người" if self.post_reach else ""
            parts.append(f"đăng {number(self.posts)} tin, bài ({channels}){reach}")
        if self.documents:
            parts.append(f"ban hành {number(self.documents)} văn bản")
        if self.inspections:
            parts.append(f"tổ chức {number(self.inspections)} cuộc kiểm tra")
        if self.other:
            parts.append(f"{number(self.other)} hoạt động khác")
        return "; ".join(parts)


@dataclass
class Composition:
    sections: list[tuple[str, str, str]]  # (key, title, generated text)
    appendix_rows: list[dict]
    late_units: list[dict]
    totals: Totals


def _lines(items: list[str], empty: str) -> str:
    return "\n".join(items) if items else empty


def _plan_citation(period: Period) -> str:
    plan = period.plan

    def cite(p) -> str:
        date = f" ngày {page_date(p.issued_on)}" if p.issued_on else ""
        return f"Kế hoạch số {p.reference}{date} của {p.issuer.short_name or p.issuer.name}"

    own = f"{cite(plan)} về {plan.title[:1].lower()}{plan.title[1:]}"
    return f"{cite(plan.parent)} và {own}" if plan.parent_id else own


def compose(period: Period, *, today: dt.date) -> Composition:
    plan = period.plan
    issuer = plan.issuer
    issuer_name = issuer.short_name or issuer.name
    b = board(period, today=today)  # tasks, reports, statuses: the same figures as the board
    tasks = b.tasks
    reports = [cell.report for row in b.rows for cell in row.cells if cell]
    # The board leaves the reports' long texts out; the document quotes them: one query for all.
    texts = TaskReport.objects.filter(period=period).values_list("pk", "results", "difficulties", "proposals")
    by_pk = {pk: (results, difficulties, proposals) for pk, results, difficulties, proposals in texts}
    for r in reports:
        r.results, r.difficulties, r.proposals = by_pk[r.pk]
    accepted = [r for r in reports if r.state == TaskReport.State.ACCEPTED]
    activities: dict[int, list[Activity]] = defaultdict(list)
    for a in Activity.objects.filter(report__in=[r.pk for r in accepted]).order_by("date", "id"):
        activities[a.report_id].append(a)
    by_task: dict[int, list[TaskReport]] = defaultdict(list)
    for r in sorted(accepted, key=lambda r: (r.role != "lead", r.organization.path)):
        by_task[r.task_id].append(r)

    grand = Totals()
    task_totals: dict[int, Totals] = {}
    for task in tasks:
        t = Totals()
        for r in by_task[task.pk]:
            for a in activities[r.pk]:
                t.add(a)
        task_totals[task.pk] = t
        grand.merge(t)

    def task_block(task: Task) -> list[str]:
        lines = [f"{task.title}."]
        for r in by_task[task.pk]:
            if r.results.strip():
                lines.append(f"- {r.organization.name}: {r.results.strip()}")
        if len(lines) == 1:
            lines.append("- Chưa có báo cáo được duyệt của đơn vị thực hiện.")
        if not task_totals[task.pk].empty:
            lines.append(f"Kết quả: {task_totals[task.pk].sentence()}.")
        return lines

    sections: list[tuple[str, str, str]] = []
    sections.append(
        (
            "mo_dau",
            "",
            f"Thực hiện {_plan_citation(period)}, {issuer_name} báo cáo kết quả thực hiện "
            f"{period.label.lower()} như sau:",
        )
    )

    org_tasks = [t for t in tasks if t.part == Task.Part.ORGANIZATION]
    assigned = len({r.organization_id for r in reports})
    intro = (
        f"{issuer_name} đã triển khai Kế hoạch đến các phòng, đơn vị; giao {len(tasks)} nhiệm vụ "
        f"cho {assigned} đơn vị thực hiện và báo cáo kết quả trước ngày {page_date(period.unit_due_date)}."
    )
    org_lines = [
        line for t in org_tasks for line in task_block(t)[1:] if line.startswith("- ") and "Chưa có" not in line
    ]
    sections.append(("I", "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI", "\n".join([intro, *org_lines])))

    groups: dict[str, list[Task]] = {}
    for task in tasks:
        if task.part != Task.Part.TASKS:
            continue
        key = f"II.{task.subindex.number}" if task.subindex_id else "II.0"
        groups.setdefault(key, []).append(task)
    for i, (key, group) in enumerate(groups.items(), start=1):
        first = group[0]
        title = f"{i}. Chỉ số thành phần “{first.subindex.name}”" if first.subindex_id else f"{i}. Các nhiệm vụ khác"
        sections.append((key, title, "\n".join(line for t in group for line in task_block(t))))

    total = b.total
    statuses = {s: n for s, n in Counter(s for s in b.task_status.values() if s).items()}
    achieved = [
        f"Các phòng, đơn vị đã gửi {total.sent}/{total.expected} báo cáo ({total.completeness}%), "
        f"trong đó {total.on_time} báo cáo gửi đúng hạn ({total.timeliness}%).",
        "Trong số {} nhiệm vụ: {}.".format(
            len(tasks), ", ".join(f"{statuses.get(s, 0)} {s.label.lower()}" for s in ORDER)
        ),
    ]
    if not grand.empty:
        achieved.append(f"Trong kỳ, các phòng, đơn vị đã {grand.sentence()}.")
    sections.append(("III.1", "1. Kết quả đạt được", "\n".join(achieved)))

    difficulties = [f"- {r.organization.name}: {r.difficulties.strip()}" for r in reports if r.difficulties.strip()]
    late_names = [u.name for u in b.late_units]
    if late_names:
        difficulties.append(f"- Một số đơn vị chưa gửi báo cáo đúng hạn: {', '.join(late_names)}.")
    sections.append(
        (
            "III.2",
            "2. Tồn tại, hạn chế",
            _lines(difficulties, "Không có đơn vị nào báo cáo khó khăn, vướng mắc."),
        )
    )
    sections.append(("III.3", "3. Nguyên nhân", ""))

    unfinished = [t for t in tasks if b.task_status.get(t.pk) in (TaskStatus.IN_TIME, TaskStatus.OVERDUE)]
    directions = [
        "- Tiếp tục thực hiện các nhiệm vụ thường xuyên theo Kế hoạch; quán triệt, tuyên truyền đến "
        "công chức, viên chức, người lao động."
    ]
    directions += [f"- Hoàn thành nhiệm vụ: {t.title}." for t in unfinished]
    sections.append(("IV", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "\n".join(directions)))

    proposals = [f"- {r.organization.name}: {r.proposals.strip()}" for r in reports if r.proposals.strip()]
    sections.append(("V", "V. KIẾN NGHỊ, ĐỀ XUẤT", _lines(proposals, "Không có kiến nghị, đề xuất.")))

    leads: dict[int, list[str]] = defaultdict(list)
    partners: dict[int, list[str]] = defaultdict(list)
    for r in reports:
        (leads if r.role == "lead" else partners)[r.task_id].append(r.organization.name)
    rows = []
    for i, task in enumerate(tasks, start=1):
        lead_results = [r.results.strip() for r in by_task[task.pk] if r.role == "lead" and r.results.strip()]
        result = (
            lead_results[0]
            if lead_results
            else (
                f"{len(by_task[task.pk])} đơn vị có báo cáo được duyệt"
                if by_task[task.pk]
                else "Chưa có báo cáo được duyệt"
            )
        )
        if not task_totals[task.pk].empty:
            result = f"{result} ({task_totals[task.pk].sentence()})"
        status = b.task_status.get(task.pk)
        rows.append(
            {
                "stt": i,
                "task": task.title,
                "lead": ", ".join(leads[task.pk]) or task.lead_text or "—",
                "partners": task.partners_text or ", ".join(partners[task.pk]) or "—",
                "result": result,
                "status": status.label if status else "—",
            }
        )
    late = [
        {
            "unit": row.organization.name,
            "expected": row.counts.expected,
            "missing": row.counts.missing,
            "late": row.counts.sent - row.counts.on_time,
        }
        for row in b.rows
        if row.counts.missing or row.counts.sent > row.counts.on_time
    ]
    return Composition(sections=sections, appendix_rows=rows, late_units=late, totals=grand)
