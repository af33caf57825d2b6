"""Reads of reports for the pages and the API: my work, the review queue, the Office board.

Each function runs a fixed number of queries and derives statuses in Python from the rows it
fetched, so the cost does not grow query by query with units, tasks or reports.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from chisoxanh.accounts.access import grants, is_admin
from chisoxanh.accounts.models import Organization, Role
from chisoxanh.core.db import ViCollate
from chisoxanh.lib.status import ORDER, TaskStatus, classify, combine, days_left
from chisoxanh.plans.models import Plan, Task

from . import boardcache
from .models import Activity, Evidence, Period, ReportVersion, TaskReport
from .policies import boards, task_reports


def report_status(report: TaskReport, today: dt.date) -> TaskStatus:
    """One unit's status on one task in the period.

    A continuous task ("thường xuyên") is never finished once and for all: it is judged per
    period, done when the period's report is sent. Other tasks are done when a report saying
    "hoàn thành" is sent; the date that counts is the completion date it gives, or else the day
    it was first sent. A returned report is not done until it is sent again.
    """
    done_on = None
    if report.state in TaskReport.SENT_STATES:
        sent_on = _local_date(report.first_submitted_at) if report.first_submitted_at else today
        if report.task.schedule == Task.Schedule.CONTINUOUS:
            done_on = sent_on
        elif report.progress == TaskReport.Progress.DONE:
            done_on = report.completed_on or sent_on
    return classify(done_on=done_on, deadline=report.deadline(), today=today)


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


# Columns a list of reports never shows: deferring them spares the database and Python the
# plans' and tasks' long texts on every row.
_LONG_TEXTS = (
    "results", "difficulties", "proposals", "task__content", "task__outputs", "task__search_text",
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
    status: TaskStatus


@dataclass
class Counts:
    expected: int = 0
    sent: int = 0
    on_time: int = 0
    accepted: int = 0
    returned: int = 0
    overdue: int = 0
    missing: int = 0  # never sent, and the deadline has passed
    statuses: Counter = field(default_factory=Counter)

    def add(self, report: TaskReport, status: TaskStatus) -> None:
        self.expected += 1
        self.statuses[status] += 1
        if report.state in TaskReport.SENT_STATES:
            self.sent += 1
        if report.first_submitted_at and _local_date(report.first_submitted_at) <= report.deadline():
            self.on_time += 1
        if report.state == TaskReport.State.ACCEPTED:
            self.accepted += 1
        if report.state == TaskReport.State.RETURNED:
            self.returned += 1
        if status == TaskStatus.OVERDUE:
            self.overdue += 1
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
        return [(s, self.statuses.get(s, 0)) for s in ORDER]


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
    task_statuses: Counter = field(default_factory=Counter)
    counts: Counts = field(default_factory=Counts)

    @property
    def status_list(self) -> list[tuple[TaskStatus, int]]:
        return [(s, self.task_statuses.get(s, 0)) for s in ORDER]


@dataclass
class Board:
    period: Period
    tasks: list[Task]
    rows: list[UnitRow]
    task_status: dict[int, TaskStatus | None]
    subindices: list[SubindexSummary]
    total: Counts
    late_units: list[Organization]  # a report never sent and past its deadline
    today: dt.date
    # Any open report past its deadline (also one returned after the deadline): whom the
    # "remind" button reaches (reminders.remind_overdue_now).
    overdue_units: list[Organization] = field(default_factory=list)


def board(
    period: Period,
    *,
    today: dt.date,
    unit: int | None = None,
    subindex: int | None = None,
    state: str | None = None,
) -> Board:
    """Units × tasks for one period, with counts per unit, per sub-index and in total.

    Two queries: the tasks, and the reports with their units. The filters narrow what is shown,
    never what is counted in the task statuses.
    """
    tasks, reports = _tasks_and_reports(period)
    grid = _Grid.of(reports, today)
    task_status = _task_statuses(tasks, grid)
    shown_tasks = [t for t in tasks if subindex is None or (t.subindex.number if t.subindex_id else 0) == subindex]
    rows, total, late_units, overdue_units = _unit_rows(grid, tasks, shown_tasks, unit=unit, state=state)
    return Board(
        period=period,
        tasks=shown_tasks,
        rows=rows,
        task_status=task_status,
        subindices=_subindex_summaries(tasks, task_status, grid),
        total=total,
        late_units=late_units,
        today=today,
        overdue_units=overdue_units,
    )


def _tasks_and_reports(period: Period) -> tuple[list[Task], list[TaskReport]]:
    tasks = list(Task.objects.filter(plan_id=period.plan_id).select_related("subindex").order_by("order", "id"))
    # The long texts are not shown here, and the task and period are already in memory: joining
    # them again made building 4 model objects per report the main cost of the page.
    reports = list(
        TaskReport.objects.filter(period=period)
        .select_related("organization")
        .defer("results", "difficulties", "proposals", "return_reason")
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

    by_task: dict[int, list[tuple[TaskReport, TaskStatus]]]
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


def _task_statuses(tasks: list[Task], grid: _Grid) -> dict[int, TaskStatus | None]:
    """A task's status is its lead unit's, or, without a lead, all its units' combined."""
    task_status: dict[int, TaskStatus | None] = {}
    for task in tasks:
        entries = grid.by_task.get(task.pk, [])
        lead = [s for r, s in entries if r.role == "lead"]
        task_status[task.pk] = lead[0] if lead else combine([s for _, s in entries])
    return task_status


def _subindex_summaries(
    tasks: list[Task], task_status: dict[int, TaskStatus | None], grid: _Grid
) -> list[SubindexSummary]:
    """Per sub-index (the tasks without one last): tasks, their statuses, the reports' counts."""
    summaries: dict[str, SubindexSummary] = {}
    for task in tasks:
        key = f"{task.subindex.number}" if task.subindex_id else "0"
        label = str(task.subindex) if task.subindex_id else "Nhiệm vụ chung, tổ chức thực hiện"
        summary = summaries.setdefault(key, SubindexSummary(key, label))
        summary.tasks += 1
        if task_status[task.pk]:
            summary.task_statuses[task_status[task.pk]] += 1
        for report, status in grid.by_task.get(task.pk, []):
            summary.counts.add(report, status)
    return sorted(summaries.values(), key=lambda s: (s.key == "0", s.key))


def _unit_rows(
    grid: _Grid, tasks: list[Task], shown_tasks: list[Task], *, unit: int | None, state: str | None
) -> tuple[list[UnitRow], Counts, list[Organization], list[Organization]]:
    """The rows shown (after the unit and state filters), the total over every unit, the units
    with a report never sent past its deadline, and those with any overdue report."""
    total = Counts()
    rows, late_units, overdue_units = [], [], []
    for org_id, org in grid.units.items():
        counts = Counts()
        for task in tasks:
            cell = grid.cells.get((org_id, task.pk))
            if cell:
                counts.add(cell.report, cell.status)
                total.add(cell.report, cell.status)
        if counts.missing:
            late_units.append(org)
        if counts.overdue:
            overdue_units.append(org)
        if unit and org_id != unit:
            continue
        row_cells = [grid.cells.get((org_id, t.pk)) for t in shown_tasks]
        if state and not any(c and c.report.state == state for c in row_cells):
            continue
        rows.append(UnitRow(org, row_cells, counts))
    return rows, total, late_units, overdue_units


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


def board_summary_cached(period: Period, *, today: dt.date) -> BoardSummary:
    """A board's totals, cached beside its data: a few objects to unpickle instead of every
    cell's report (ten boards a page for the nation's overview)."""

    def summarise() -> BoardSummary:
        data = board_cached(period, today=today)
        return BoardSummary(total=data.total, overdue_units=data.overdue_units)

    return boardcache.get_or_compute("summary", period, (today.isoformat(),), summarise)


def overview(user, plans, *, today: dt.date) -> list[tuple[Period, BoardSummary]]:
    """The current period of each of ``plans`` (a page of :func:`overview_plans`), summarised."""
    plans = list(plans)
    latest: dict[int, Period] = {}
    for period in periods_for_board(user).filter(plan__in=[p.pk for p in plans]):
        latest.setdefault(period.plan_id, period)  # newest first: the first seen is the current one
    return [(latest[p.pk], board_summary_cached(latest[p.pk], today=today)) for p in plans if p.pk in latest]


def notifications_for(user, limit: int = 30):
    return user.notifications.all()[:limit]


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
