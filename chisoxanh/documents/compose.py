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
from chisoxanh.lib.status import TaskStatus
from chisoxanh.lib.vietnamese import number
from chisoxanh.plans.models import Plan, Task
from chisoxanh.reports.models import Activity, Period, TaskReport
from chisoxanh.reports.selectors import Board, board

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


Section = tuple[str, str, str]  # (key, title, generated text)


@dataclass
class Composition:
    sections: list[Section]
    appendix_rows: list[dict]
    late_units: list[dict]
    totals: Totals
    # What it was composed from, for the checks before signing (``documents.currency``): the
    # reports left out of the figures are read from here rather than queried again.
    facts: Facts | None = None


@dataclass
class Facts:
    """What every section is written from, gathered once by :func:`gather`: the builders below only read it,
    so composing costs the same few queries however many sections quote the same reports."""

    period: Period
    issuer_name: str
    board: Board  # tasks, reports, statuses: the same figures as the board page
    reports: list[TaskReport]  # every report of the period, in the board's order, with its long texts
    by_task: dict[int, list[TaskReport]]  # task pk → its accepted reports, the lead's first
    task_totals: dict[int, Totals]  # task pk → what the activities of its accepted reports add up to
    totals: Totals  # the same for the whole period

    @property
    def tasks(self) -> list[Task]:
        return self.board.tasks


def _lines(items: list[str], empty: str) -> str:
    return "\n".join(items) if items else empty


def _plan_citation(period: Period) -> str:
    plan = period.plan

    def cite(p: Plan) -> str:
        date = f" ngày {page_date(p.issued_on)}" if p.issued_on else ""
        return f"Kế hoạch số {p.reference}{date} của {p.issuer.short_name or p.issuer.name}"

    own = f"{cite(plan)} về {plan.title[:1].lower()}{plan.title[1:]}"
    return f"{cite(plan.parent)} và {own}" if plan.parent_id else own


def _with_texts(period: Period, reports: list[TaskReport]) -> None:
    """Put the long texts on the board's reports: the board leaves them out, the document quotes them.

    One query for all the reports; loading them one report at a time would cost a query per report.
    """
    texts = TaskReport.objects.filter(period=period).values_list("pk", "results", "difficulties", "proposals")
    by_pk = {pk: (results, difficulties, proposals) for pk, results, difficulties, proposals in texts}
    for r in reports:
        r.results, r.difficulties, r.proposals = by_pk[r.pk]


def _activities(reports: list[TaskReport]) -> dict[int, list[Activity]]:
    """Report pk → its activities, in the order they happened: one query for all the reports."""
    activities: dict[int, list[Activity]] = defaultdict(list)
    for a in Activity.objects.filter(report__in=[r.pk for r in reports]).order_by("date", "id"):
        activities[a.report_id].append(a)
    return activities


def gather(period: Period, *, today: dt.date) -> Facts:
    """The board, the reports' texts and the accepted reports' activities: a fixed number of queries."""
    issuer = period.plan.issuer
    b = board(period, today=today)
    reports = [cell.report for row in b.rows for cell in row.cells if cell]
    _with_texts(period, reports)
    # Only what the issuer accepted is quoted as a result or counted in the figures.
    accepted = [r for r in reports if r.state == TaskReport.State.ACCEPTED]
    activities = _activities(accepted)
    by_task: dict[int, list[TaskReport]] = defaultdict(list)
    for r in sorted(accepted, key=lambda r: (r.role != "lead", r.organization.path)):
        by_task[r.task_id].append(r)

    grand = Totals()
    task_totals: dict[int, Totals] = {}
    for task in b.tasks:
        t = Totals()
        for r in by_task[task.pk]:
            for a in activities[r.pk]:
                t.add(a)
        task_totals[task.pk] = t
        grand.merge(t)
    return Facts(
        period=period,
        issuer_name=issuer.short_name or issuer.name,
        board=b,
        reports=reports,
        by_task=by_task,
        task_totals=task_totals,
        totals=grand,
    )


def _task_block(facts: Facts, task: Task) -> list[str]:
    """A task's title, then each accepted report's results ("- unit: …"), then its figures."""
    lines = [f"{task.title}."]
    for r in facts.by_task[task.pk]:
        if r.results.strip():
            lines.append(f"- {r.organization.name}: {r.results.strip()}")
    if len(lines) == 1:
        lines.append("- Chưa có báo cáo được duyệt của đơn vị thực hiện.")
    if not facts.task_totals[task.pk].empty:
        lines.append(f"Kết quả: {facts.task_totals[task.pk].sentence()}.")
    return lines


def _opening(facts: Facts) -> Section:
    period = facts.period
    return (
        "mo_dau",
        "",
        f"Thực hiện {_plan_citation(period)}, {facts.issuer_name} báo cáo kết quả thực hiện "
        f"{period.label.lower()} như sau:",
    )


def _direction(facts: Facts) -> Section:
    """I. How the plan was passed on, then what the units did on the organising tasks."""
    tasks = facts.tasks
    assigned = len({r.organization_id for r in facts.reports})
    intro = (
        f"{facts.issuer_name} đã triển khai Kế hoạch đến các phòng, đơn vị; giao {len(tasks)} nhiệm vụ "
        f"cho {assigned} đơn vị thực hiện và báo cáo kết quả trước ngày {page_date(facts.period.unit_due_date)}."
    )
    # Only the units' own words: an organising task without an accepted report adds nothing here.
    org_lines = [
        line
        for t in tasks
        if t.part == Task.Part.ORGANIZATION
        for line in _task_block(facts, t)[1:]
        if line.startswith("- ") and "Chưa có" not in line
    ]
    return ("I", "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI", "\n".join([intro, *org_lines]))


def _results(facts: Facts) -> list[Section]:
    """II. One section per sub-index the plan's tasks serve ("II.<number>"), and one ("II.0") for the tasks
    that serve none: each where its first task comes in the plan, numbered in that order."""
    groups: dict[str, list[Task]] = {}
    for task in facts.tasks:
        if task.part != Task.Part.TASKS:
            continue
        key = f"II.{task.subindex.number}" if task.subindex_id else "II.0"
        groups.setdefault(key, []).append(task)
    sections: list[Section] = []
    for i, (key, group) in enumerate(groups.items(), start=1):
        first = group[0]
        title = f"{i}. Chỉ số thành phần “{first.subindex.name}”" if first.subindex_id else f"{i}. Các nhiệm vụ khác"
        sections.append((key, title, "\n".join(line for t in group for line in _task_block(facts, t))))
    return sections


def _achieved(facts: Facts) -> Section:
    """III.1. The board's figures: reports sent and on time, tasks per status, and the activities' sum."""
    b = facts.board
    total = b.total
    # Counted as the board's cards count them (lib.status.Tally): deadline and continuous tasks apart.
    unassigned = sum(1 for s in b.task_status.values() if s is None)
    by_status = "; ".join(
        part for part in (b.task_tally.sentence(), unassigned and f"{unassigned} nhiệm vụ chưa giao đơn vị") if part
    )
    achieved = [
        f"Các phòng, đơn vị đã gửi {total.sent}/{total.expected} báo cáo ({total.completeness}%), "
        f"trong đó {total.on_time} báo cáo gửi đúng hạn ({total.timeliness}%).",
        f"Trong số {len(facts.tasks)} nhiệm vụ: {by_status}.",
    ]
    if not facts.totals.empty:
        achieved.append(f"Trong kỳ, các phòng, đơn vị đã {facts.totals.sentence()}.")
    return ("III.1", "1. Kết quả đạt được", "\n".join(achieved))


def _shortcomings(facts: Facts) -> Section:
    """III.2. The difficulties every unit reported (accepted or not), and the units late with a report."""
    difficulties = [
        f"- {r.organization.name}: {r.difficulties.strip()}" for r in facts.reports if r.difficulties.strip()
    ]
    late_names = [u.name for u in facts.board.late_units]
    if late_names:
        difficulties.append(f"- Một số đơn vị chưa gửi báo cáo đúng hạn: {', '.join(late_names)}.")
    return ("III.2", "2. Tồn tại, hạn chế", _lines(difficulties, "Không có đơn vị nào báo cáo khó khăn, vướng mắc."))


def _causes() -> Section:
    """III.3. Left empty: no figure says why; the Office writes it."""
    return ("III.3", "3. Nguyên nhân", "")


def _next_tasks(facts: Facts) -> Section:
    """IV. The standing line, then every task still in progress or overdue."""
    unfinished = [
        t
        for t in facts.tasks
        if (s := facts.board.task_status.get(t.pk)) and s.code in (TaskStatus.IN_TIME, TaskStatus.OVERDUE)
    ]
    directions = [
        "- Tiếp tục thực hiện các nhiệm vụ thường xuyên theo Kế hoạch; quán triệt, tuyên truyền đến "
        "công chức, viên chức, người lao động."
    ]
    directions += [f"- Hoàn thành nhiệm vụ: {t.title}." for t in unfinished]
    return ("IV", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "\n".join(directions))


def _proposals(facts: Facts) -> Section:
    """V. The proposals every unit made (accepted or not)."""
    proposals = [f"- {r.organization.name}: {r.proposals.strip()}" for r in facts.reports if r.proposals.strip()]
    return ("V", "V. KIẾN NGHỊ, ĐỀ XUẤT", _lines(proposals, "Không có kiến nghị, đề xuất."))


def _task_result(facts: Facts, task: Task) -> str:
    """The appendix's "result" cell: the lead unit's accepted results, else how many accepted reports there are;
    then the figures, if any."""
    accepted = facts.by_task[task.pk]
    lead_results = [r.results.strip() for r in accepted if r.role == "lead" and r.results.strip()]
    if lead_results:
        result = lead_results[0]
    elif accepted:
        result = f"{len(accepted)} đơn vị có báo cáo được duyệt"
    else:
        result = "Chưa có báo cáo được duyệt"
    if not facts.task_totals[task.pk].empty:
        result = f"{result} ({facts.task_totals[task.pk].sentence()})"
    return result


def _appendix_rows(facts: Facts) -> list[dict]:
    """The appendix table: one row per task with its lead and partner units, result and status."""
    # Units named by the reports (whatever their state); the plan's own text stands in where no report exists.
    leads: dict[int, list[str]] = defaultdict(list)
    partners: dict[int, list[str]] = defaultdict(list)
    for r in facts.reports:
        (leads if r.role == "lead" else partners)[r.task_id].append(r.organization.name)
    rows = []
    for i, task in enumerate(facts.tasks, start=1):
        status = facts.board.task_status.get(task.pk)
        rows.append(
            {
                "stt": i,
                "task": task.title,
                "lead": ", ".join(leads[task.pk]) or task.lead_text or "—",
                "partners": task.partners_text or ", ".join(partners[task.pk]) or "—",
                "result": _task_result(facts, task),
                "status": status.text if status else "—",
            }
        )
    return rows


def _late_units(facts: Facts) -> list[dict]:
    """The units with a report missing or sent late, and how many of each."""
    return [
        {
            "unit": row.organization.name,
            "expected": row.counts.expected,
            "missing": row.counts.missing,
            "late": row.counts.sent - row.counts.on_time,
        }
        for row in facts.board.rows
        if row.counts.missing or row.counts.sent > row.counts.on_time
    ]


def compose(period: Period, *, today: dt.date) -> Composition:
    """The result report's sections in the order of the document, its appendix and the period's figures."""
    facts = gather(period, today=today)
    sections = [
        _opening(facts),
        _direction(facts),
        *_results(facts),
        _achieved(facts),
        _shortcomings(facts),
        _causes(),
        _next_tasks(facts),
        _proposals(facts),
    ]
    return Composition(
        sections=sections,
        appendix_rows=_appendix_rows(facts),
        late_units=_late_units(facts),
        totals=facts.totals,
        facts=facts,
    )
