"""Reads of reports for the pages and the API: my work, the review queue, the Office board.

Each function runs a fixed number of queries and derives statuses in Python from the rows it
fetched, so the cost does not grow query by query with units, tasks or reports.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from chisoxanh.accounts.access import grants, is_admin
from chisoxanh.accounts.models import Organization, Role
from chisoxanh.core.db import ViCollate
from chisoxanh.lib.status import Status, Tally, TaskStatus, combine, days_left, judge
from chisoxanh.lib.task_codes import task_codes
from chisoxanh.plans.models import Plan, Task

from . import boardcache
from .changes import RETURN_EVENTS, Changes, since_return
from .models import Activity, Evidence, Period, ReportVersion, TaskReport
from .policies import boards, task_reports


def report_status(report: TaskReport, today: dt.date) -> Status:
    """One unit's status on one task in the period, by the rules of ``lib.status``.

    The day that counts is the last submission's (the one a leader accepted), in local time: not
    the completion date the unit typed, and not the first submission of a report returned since.
    """
    return judge(
        schedule=report.task.schedule,
        progress=report.progress,
        review=report.state,
        deadline=report.due(),
        submitted_on=_local_date(report.submitted_at) if report.submitted_at else None,
        today=today,
    )


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


# Columns a list of reports never shows: deferring them spares the database and Python the
# plans' and tasks' long texts on every row.
_LONG_TEXTS = (
    "results", "difficulties", "proposals", "search_text", "task__content", "task__outputs", "task__search_text",
    "period__plan__preamble", "period__plan__purposes", "period__plan__requirements", "period__plan__closing",
    "period__plan__recipients", "period__plan__search_text", "organization__search_text",
    "period__plan__issuer__search_text",
)  # fmt: skip


def _base() -> QuerySet[TaskReport]:
    return TaskReport.objects.select_related(
        "task", "task__subindex", "organization", "period", "period__plan", "period__plan__issuer"
    )


def report_get(user, pk: int) -> TaskReport:
    qs = (
        _base()
        .select_related("organization__parent", "submitted_by", "reviewed_by")
        .prefetch_related(
            Prefetch("activities", queryset=Activity.objects.order_by("date", "id")),
            Prefetch("evidence", queryset=Evidence.objects.select_related("uploaded_by")),
            Prefetch(
                "versions",
                queryset=ReportVersion.objects.select_related("actor").order_by("-number"),
            ),
        )
    )
    return task_reports.get(user, qs, pk=pk)


def report_list(
    user,
    *,
    plan: int | None = None,
    period: int | None = None,
    organization: int | None = None,
    state: str | None = None,
) -> QuerySet[TaskReport]:
    qs = _base().filter(pk__in=task_reports.visible(user).values("pk"))
    if plan:
        qs = qs.filter(period__plan_id=plan)
    if period:
        qs = qs.filter(period_id=period)
    if organization:
        qs = qs.filter(organization_id=organization)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("period__year", "period_id", "task__order", "organization__path")


@dataclass
class WorkItem:
    report: TaskReport
    deadline: dt.date
    days_left: int

    @property
    def late_days(self) -> int:
        return max(0, -self.days_left)


@dataclass
class MyWork:
    returned: list[WorkItem] = field(default_factory=list)
    overdue: list[WorkItem] = field(default_factory=list)
    due: list[WorkItem] = field(default_factory=list)
    waiting: list[WorkItem] = field(default_factory=list)  # sent, waiting for the leader
    to_review: int = 0


def my_work(user, *, today: dt.date) -> MyWork:
    """What the user's units must report: returned first, then overdue, then by deadline."""
    work = MyWork()
    if is_admin(user) and not user.memberships.exists():
        return work
    rows = (
        task_reports.writable(user, _base())
        .filter(period__plan__status=Plan.Status.ACTIVE, period__opened_at__isnull=False)
        .exclude(state=TaskReport.State.ACCEPTED)
        .filter(period__due_date__gte=today - dt.timedelta(days=120))
        # Sorted below by deadline; the long texts are not shown on this page.
        .order_by()
        .defer(*_LONG_TEXTS)
    )
    for report in rows:
        deadline = report.deadline()
        item = WorkItem(report, deadline, days_left(deadline, today))
        if report.state == TaskReport.State.RETURNED:
            work.returned.append(item)
        elif report.state == TaskReport.State.SUBMITTED:
            work.waiting.append(item)
        elif item.days_left < 0:
            work.overdue.append(item)
        else:
            work.due.append(item)
    for items in (work.returned, work.overdue, work.due, work.waiting):
        items.sort(key=lambda i: (i.deadline, i.report.organization.path, i.report.task.order))
    work.to_review = review_queue(user).count()
    return work


def review_queue(user) -> QuerySet[TaskReport]:
    """Reports waiting for a leader whose role reaches their unit."""
    return task_reports.reviewable(user, _base()).order_by("submitted_at", "id")


def changes_since_return(reports) -> dict[int, Changes]:
    """The changes since the last return of each report waiting for review, in one query
    whatever the number of reports: only the return versions and the current ones are read."""
    ids = [r.pk for r in reports]
    if not ids:
        return {}
    found = defaultdict(list)
    for v in ReportVersion.objects.filter(report_id__in=ids).filter(
        Q(event__in=RETURN_EVENTS) | Q(number=F("report__version"))
    ):
        found[v.report_id].append(v)
    return {r.pk: c for r in reports if (c := since_return(r, found[r.pk])) is not None}


def periods_for_board(user) -> QuerySet[Period]:
    """Periods whose board the user may open, newest first."""
    qs = Period.objects.select_related("plan", "plan__issuer", "plan__report_recipient")
    return boards.visible(user, qs).order_by("-year", "-number", "plan_id")


def period_get(user, pk: int) -> Period:
    """A period whose board the user may open, else 404."""
    return boards.get(user, pk=pk)


# --- the Office board ----------------------------------------------------------------------


@dataclass
class Cell:
    report: TaskReport
    status: Status


@dataclass
class Counts:
    """Counts over reports (one unit, one task): how many were sent, on time, reviewed, and
    how many have each status."""

    expected: int = 0
    sent: int = 0
    on_time: int = 0  # first sent by the deadline (reporting timeliness, whatever the review said)
    accepted: int = 0
    returned: int = 0
    overdue: int = 0  # past the deadline with nothing accepted: "Quá hạn" or "Chưa báo cáo"
    open_overdue: int = 0  # of those, still with the unit (draft or returned): whom reminders reach
    missing: int = 0  # never sent, and the deadline has passed
    statuses: Tally = field(default_factory=Tally)

    def add(self, report: TaskReport, status: Status) -> None:
        self.expected += 1
        self.statuses.add(status)
        if report.state in TaskReport.SENT_STATES:
            self.sent += 1
        if report.first_submitted_at and _local_date(report.first_submitted_at) <= status.deadline.on:
            self.on_time += 1
        if report.state == TaskReport.State.ACCEPTED:
            self.accepted += 1
        if report.state == TaskReport.State.RETURNED:
            self.returned += 1
        if status.code.overdue:
            self.overdue += 1
        # The same reports as reminders.remind_overdue_now: open, and past the deadline.
        if report.state in TaskReport.EDITABLE_STATES and status.days_left < 0:
            self.open_overdue += 1
            if report.first_submitted_at is None:
                self.missing += 1

    @staticmethod
    def _pct(part: int, whole: int) -> int:
        return round(100 * part / whole) if whole else 0

    @property
    def completeness(self) -> int:
        """Reports sent out of those expected (DHIS2's "completeness")."""
        return self._pct(self.sent, self.expected)

    @property
    def timeliness(self) -> int:
        """Reports first sent by the deadline out of those expected."""
        return self._pct(self.on_time, self.expected)

    @property
    def status_list(self) -> list[tuple[TaskStatus, int]]:
        """Every status in order: the deadline tasks' four, then the continuous tasks' four."""
        return [*self.statuses.deadline_list, *self.statuses.continuous_list]


@dataclass
class UnitRow:
    organization: Organization
    cells: list[Cell | None]
    counts: Counts


@dataclass
class SubindexSummary:
    key: str
    label: str
    tasks: int = 0
    task_statuses: Tally = field(default_factory=Tally)  # over tasks: each task's status counted once
    counts: Counts = field(default_factory=Counts)  # over reports

    @property
    def status_list(self) -> list[tuple[TaskStatus, int]]:
        return [*self.task_statuses.deadline_list, *self.task_statuses.continuous_list]


@dataclass
class Board:
    period: Period
    tasks: list[Task]
    rows: list[UnitRow]
    task_status: dict[int, Status | None]
    subindices: list[SubindexSummary]  # those of the tasks shown
    total: Counts
    late_units: list[Organization]  # a report never sent and past its deadline
    today: dt.date
    # Any open report past its deadline (also one returned after the deadline): whom the
    # "remind" button reaches (reminders.remind_overdue_now).
    overdue_units: list[Organization] = field(default_factory=list)
    # The tasks' statuses counted (the board's cards, the result report's figures): the sum of
    # the sub-indices' task_statuses.
    task_tally: Tally = field(default_factory=Tally)
    codes: dict[int, str] = field(default_factory=dict)  # task pk → its code, unique in the plan
    # Every sub-index of the plan's tasks, (key, label), for the filter: "0" is "without one".
    subindex_choices: list[tuple[str, str]] = field(default_factory=list)


def board(
    period: Period,
    *,
    today: dt.date,
    unit: int | None = None,
    subindex: int | None = None,
    state: str | None = None,
) -> Board:
    """Units × tasks for one period, with counts per unit, per sub-index and in total.

    Two queries: the tasks, and the reports with their units. The filters choose the tasks (those
    of a sub-index) and the units (one unit, or those with a report in ``state`` among the tasks
    shown), and every figure counts what they show: the totals, the tasks' statuses and their
    cards, the sub-indices, each unit's row. Without a filter that is the whole period. Only the
    units to remind (``late_units``, ``overdue_units``) are always the whole period's: the remind
    button reaches them all, whatever is shown.
    """
    tasks, reports = _tasks_and_reports(period)
    grid = _Grid.of(reports, today)
    shown_tasks = [t for t in tasks if subindex is None or (t.subindex.number if t.subindex_id else 0) == subindex]
    rows, late_units, overdue_units = _unit_rows(grid, tasks, shown_tasks, unit=unit, state=state)
    shown_units = {row.organization.pk for row in rows} if (unit or state) else None
    task_status = _task_statuses(shown_tasks, grid, shown_units)
    total = Counts()
    for row in rows:
        for cell in row.cells:
            if cell:
                total.add(cell.report, cell.status)
    return Board(
        period=period,
        tasks=shown_tasks,
        rows=rows,
        task_status=task_status,
        subindices=_subindex_summaries(shown_tasks, task_status, grid, shown_units),
        subindex_choices=sorted(set(map(_subindex_of, tasks)), key=_subindex_order),
        total=total,
        late_units=late_units,
        today=today,
        overdue_units=overdue_units,
        task_tally=Tally.of(task_status.values()),
        codes=dict(zip((t.pk for t in tasks), task_codes([t.section for t in tasks]), strict=True)),
    )


def _tasks_and_reports(period: Period) -> tuple[list[Task], list[TaskReport]]:
    tasks = list(Task.objects.filter(plan_id=period.plan_id).select_related("subindex").order_by("order", "id"))
    # The long texts are not shown here, and the task and period are already in memory: joining
    # them again made building 4 model objects per report the main cost of the page.
    reports = list(
        TaskReport.objects.filter(period=period)
        .select_related("organization")
        .defer("results", "difficulties", "proposals", "return_reason", "search_text")
        .order_by("organization__depth", "organization__order", ViCollate("organization__name"))
    )
    tasks_by_id = {task.pk: task for task in tasks}
    for report in reports:
        report.task = tasks_by_id[report.task_id]
        report.period = period
    return tasks, reports


@dataclass
class _Grid:
    """Each report with its status, by task and by (unit, task), and the units in board order."""

    by_task: dict[int, list[tuple[TaskReport, Status]]]
    units: dict[int, Organization]
    cells: dict[tuple[int, int], Cell]

    @classmethod
    def of(cls, reports: list[TaskReport], today: dt.date) -> _Grid:
        grid = cls(defaultdict(list), {}, {})
        for report in reports:
            status = report_status(report, today)
            grid.by_task[report.task_id].append((report, status))
            grid.units.setdefault(report.organization_id, report.organization)
            grid.cells[(report.organization_id, report.task_id)] = Cell(report, status)
        return grid


def _entries(grid: _Grid, task: Task, units: set[int] | None) -> list[tuple[TaskReport, Status]]:
    """The task's reports with their statuses, of ``units`` only when given."""
    entries = grid.by_task.get(task.pk, [])
    return entries if units is None else [(r, s) for r, s in entries if r.organization_id in units]


def _task_statuses(tasks: list[Task], grid: _Grid, units: set[int] | None = None) -> dict[int, Status | None]:
    """A task's status is its lead unit's, or, without a lead, all its units' combined (among
    ``units`` when the board shows only some: then a unit's own status on its tasks)."""
    task_status: dict[int, Status | None] = {}
    for task in tasks:
        entries = _entries(grid, task, units)
        lead = [s for r, s in entries if r.role == "lead"]
        task_status[task.pk] = lead[0] if lead else combine([s for _, s in entries])
    return task_status


def _subindex_summaries(
    tasks: list[Task], task_status: dict[int, Status | None], grid: _Grid, units: set[int] | None
) -> list[SubindexSummary]:
    """Per sub-index (the tasks without one last): tasks, their statuses, the reports' counts
    (of ``units`` only, when given)."""
    summaries: dict[str, SubindexSummary] = {}
    for task in tasks:
        key, label = _subindex_of(task)
        summary = summaries.setdefault(key, SubindexSummary(key, label))
        summary.tasks += 1
        summary.task_statuses.add(task_status.get(task.pk))
        for report, status in _entries(grid, task, units):
            summary.counts.add(report, status)
    return sorted(summaries.values(), key=lambda s: _subindex_order((s.key, s.label)))


def _subindex_of(task: Task) -> tuple[str, str]:
    """The key ("1"…"4", "0" without one) and label a task is grouped under on the board."""
    if task.subindex_id:
        return f"{task.subindex.number}", str(task.subindex)
    return "0", "Nhiệm vụ chung, tổ chức thực hiện"


def _subindex_order(key_label: tuple[str, str]) -> tuple[bool, str]:
    return key_label[0] == "0", key_label[0]


def _unit_rows(
    grid: _Grid, tasks: list[Task], shown_tasks: list[Task], *, unit: int | None, state: str | None
) -> tuple[list[UnitRow], list[Organization], list[Organization]]:
    """The rows shown (after the unit and state filters), each counted over the tasks shown; and,
    over every unit and task, the units with a report never sent past its deadline and those
    with any overdue report."""
    rows, late_units, overdue_units = [], [], []
    for org_id, org in grid.units.items():
        whole = Counts()
        for task in tasks:
            cell = grid.cells.get((org_id, task.pk))
            if cell:
                whole.add(cell.report, cell.status)
        if whole.missing:
            late_units.append(org)
        if whole.open_overdue:
            overdue_units.append(org)
        if unit and org_id != unit:
            continue
        row_cells = [grid.cells.get((org_id, t.pk)) for t in shown_tasks]
        if state and not any(c and c.report.state == state for c in row_cells):
            continue
        counts = whole if len(shown_tasks) == len(tasks) else Counts()
        if counts is not whole:
            for cell in row_cells:
                if cell:
                    counts.add(cell.report, cell.status)
        rows.append(UnitRow(org, row_cells, counts))
    return rows, late_units, overdue_units


def board_cached(
    period: Period,
    *,
    today: dt.date,
    unit: int | None = None,
    subindex: int | None = None,
    state: str | None = None,
) -> Board:
    """:func:`board`, kept per period revision, day and filters (``boardcache``). The caller
    has checked access and fetched ``period`` fresh, so its revision is current."""
    return boardcache.get_or_compute(
        "data",
        period,
        (today.isoformat(), unit, subindex, state),
        lambda: board(period, today=today, unit=unit, subindex=subindex, state=state),
    )


def overview_plans(user) -> QuerySet[Plan]:
    """Active plans with an open period whose board the user may see, in the tree's order:
    one agency's few, or a province's or the nation's thousands (the view shows a page)."""
    # An EXISTS per plan instead of collecting the plan ids of every period first (63 ms for the
    # nation's 41,000 periods on PostgreSQL).
    qs = Plan.objects.filter(status=Plan.Status.ACTIVE).filter(
        Exists(Period.objects.filter(plan=OuterRef("pk"), opened_at__isnull=False))
    )
    qs = boards.plans(user, qs)
    return (
        qs.select_related("issuer")
        # Siblings in their set order (Sở số 2 before Sở số 10), not in the order of their paths.
        .order_by("issuer__depth", "issuer__parent__path", "issuer__order", ViCollate("issuer__name"), "pk")
    )


@dataclass
class BoardSummary:
    """What the overview shows of a board: its totals and the units with an overdue report
    (those the board's "Quá hạn" count and its remind button are about)."""

    total: Counts
    overdue_units: list[Organization]
    task_tally: Tally = field(default_factory=Tally)


def board_summary_cached(period: Period, *, today: dt.date) -> BoardSummary:
    """A board's totals, cached beside its data: a few objects to unpickle instead of every
    cell's report (ten boards a page for the nation's overview)."""

    def summarise() -> BoardSummary:
        data = board_cached(period, today=today)
        return BoardSummary(total=data.total, overdue_units=data.overdue_units, task_tally=data.task_tally)

    return boardcache.get_or_compute("summary", period, (today.isoformat(),), summarise)


def overview(user, plans, *, today: dt.date) -> list[tuple[Period, BoardSummary]]:
    """The current period of each of ``plans`` (a page of :func:`overview_plans`), summarised."""
    plans = list(plans)
    latest: dict[int, Period] = {}
    for period in periods_for_board(user).filter(plan__in=[p.pk for p in plans]):
        latest.setdefault(period.plan_id, period)  # newest first: the first seen is the current one
    return [(latest[p.pk], board_summary_cached(latest[p.pk], today=today)) for p in plans if p.pk in latest]


# --- the work behind each sub-index (for the PGI pages) -----------------------------------------


@dataclass
class WorkFigures:
    tasks: int = 0
    units: int = 0
    activities: int = 0
    people: int = 0


def work_scope(user) -> tuple[str, list[str]]:
    """Where the user's work is counted: their agency (the organisation below the province in
    their path), or for an aggregator the whole province. Returns a label and the path prefixes."""
    prefixes, aggregator = set(), False
    for g in grants(user):
        ids = g.path.strip("/").split("/")
        if g.role == Role.AGGREGATOR:
            aggregator = True
            prefixes.add(f"/{ids[0]}/")
        else:
            prefixes.add("/" + "/".join(ids[:2]) + "/")
    return ("toàn tỉnh" if aggregator else "cơ quan của bạn"), sorted(prefixes)


def work_by_subindex(user, *, year: int) -> tuple[str, dict[int, WorkFigures]]:
    """Per sub-index (0 for tasks without one): tasks of active plans issued within the user's
    scope, units assigned to them, and activities of that year with the people they reached."""
    label, prefixes = work_scope(user)
    figures: dict[int, WorkFigures] = defaultdict(WorkFigures)
    if not prefixes:
        return label, figures
    scope = Q(pk__in=[])
    for prefix in prefixes:
        scope |= Q(plan__issuer__path__startswith=prefix)
    tasks = Task.objects.filter(scope, plan__status=Plan.Status.ACTIVE)
    for row in tasks.values("subindex__number").annotate(
        n=Count("id", distinct=True), units=Count("assignments__organization", distinct=True)
    ):
        f = figures[row["subindex__number"] or 0]
        f.tasks, f.units = row["n"], row["units"]
    activity_scope = Q(pk__in=[])
    for prefix in prefixes:
        activity_scope |= Q(report__task__plan__issuer__path__startswith=prefix)
    for row in (
        Activity.objects.filter(activity_scope, date__year=year, report__task__plan__status=Plan.Status.ACTIVE)
        .values("report__task__subindex__number")
        .annotate(n=Count("id"), people=Sum("people_reached"))
    ):
        f = figures[row["report__task__subindex__number"] or 0]
        f.activities, f.people = row["n"], row["people"] or 0
    return label, figures
