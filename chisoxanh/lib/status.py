"""Task status: the one place that says whether a unit's work on a task is done, on time or late.

Every page, export, API answer and document that shows a status gets it from :func:`judge`, from
the report's schedule, progress, review state and dates only, so that no two of them can disagree
and none can say "Hoàn thành" when the report does not.

A task with a deadline (dated "có thời hạn", or "hằng năm" with its day) is counted as Vietnamese
task-tracking reports count it (QĐ 42/2014/QĐ-TTg; Báo cáo 1270/BC-TCTTTg): done on time, done
late, still within the deadline, or overdue. It is done only when the unit reported it done *and*
its leader accepted that report: a report waiting for review, returned or still a draft is not
something the agency may count. It is done late when the report that was accepted was submitted
after the deadline; the day the unit typed as its completion date is not proof and is not used.

A continuous task ("thường xuyên") is never done once and for all: each period it is judged on its
report — reported on time, reported late, not reported, or not yet due — and its progress reads
"Thực hiện thường xuyên". Its report counts as made, as a deadline task's does, once accepted.

The status carries the deadline it was judged against and which one that is, so that a page can
say "hạn của đơn vị 25/11/2026" rather than leave the reader to guess.

The string values of :class:`Schedule`, :class:`Progress` and :class:`Review` are those the models
store (``Task.Schedule``, ``TaskReport.Progress``, ``TaskReport.State``; a test keeps them equal),
so that this module stays framework-free.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from .dates import page_date
from .vietnamese import number


class Schedule(StrEnum):
    ONCE = "once"
    ANNUAL = "annual"
    CONTINUOUS = "continuous"


class Progress(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return PROGRESS_LABELS[self]


PROGRESS_LABELS = {
    Progress.NOT_STARTED: "Chưa thực hiện",
    Progress.IN_PROGRESS: "Đang thực hiện",
    Progress.DONE: "Hoàn thành",
}
CONTINUOUS_PROGRESS = "Thực hiện thường xuyên"


class Review(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


class DeadlineKind(StrEnum):
    # The period's date for units, the plan's `unit_lead_days` before the agency's own, so that the
    # Office can compile in time.
    UNIT = "unit"
    # A date the agency's plan sets for the task itself (a dated task, or "trước ngày 10 tháng 12
    # hằng năm"): the unit is held to it as written, with no lead days taken off.
    AGENCY = "agency"

    @property
    def label(self) -> str:
        return DEADLINE_LABELS[self]


DEADLINE_LABELS = {DeadlineKind.UNIT: "hạn của đơn vị", DeadlineKind.AGENCY: "hạn của cơ quan"}


@dataclass(frozen=True)
class Deadline:
    on: dt.date
    kind: DeadlineKind

    @property
    def text(self) -> str:
        """ "hạn của đơn vị 25/11/2026"."""
        return f"{self.kind.label} {page_date(self.on)}"


class TaskStatus(StrEnum):
    # A task with a deadline: the four categories of task-tracking reports.
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    IN_TIME = "in_time"
    OVERDUE = "overdue"
    # A continuous task, per period: its report.
    REPORTED_ON_TIME = "reported_on_time"
    REPORTED_LATE = "reported_late"
    NOT_DUE = "not_due"
    NOT_REPORTED = "not_reported"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def is_done(self) -> bool:
        """The task is finished ("hoàn thành"); a continuous task never is."""
        return self in (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE)

    @property
    def continuous(self) -> bool:
        return self in CONTINUOUS_ORDER

    @property
    def overdue(self) -> bool:
        """Past its deadline with nothing accepted to show for it."""
        return self in (TaskStatus.OVERDUE, TaskStatus.NOT_REPORTED)

    @property
    def tone(self) -> str:
        """The deadline status this one stands beside (on time, late, waiting, overdue): the
        pages colour both alike."""
        return TONES.get(self, self.value)


LABELS = {
    TaskStatus.DONE_ON_TIME: "Hoàn thành đúng hạn",
    TaskStatus.DONE_LATE: "Hoàn thành quá hạn",
    TaskStatus.IN_TIME: "Đang thực hiện trong hạn",
    TaskStatus.OVERDUE: "Quá hạn",
    TaskStatus.REPORTED_ON_TIME: "Đã báo cáo đúng hạn",
    TaskStatus.REPORTED_LATE: "Báo cáo chậm",
    TaskStatus.NOT_DUE: "Chưa đến hạn báo cáo",
    TaskStatus.NOT_REPORTED: "Chưa báo cáo",
}
DEADLINE_ORDER = (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE, TaskStatus.IN_TIME, TaskStatus.OVERDUE)
CONTINUOUS_ORDER = (
    TaskStatus.REPORTED_ON_TIME,
    TaskStatus.REPORTED_LATE,
    TaskStatus.NOT_DUE,
    TaskStatus.NOT_REPORTED,
)
TONES = dict(zip(CONTINUOUS_ORDER, DEADLINE_ORDER, strict=True))
FAMILY_LABELS = {False: "nhiệm vụ có thời hạn", True: "nhiệm vụ thường xuyên"}


@dataclass(frozen=True)
class Status:
    """A status with what it was judged on: the deadline, and the day the accepted report was sent."""

    code: TaskStatus
    deadline: Deadline
    reported_on: dt.date | None  # submission day of the accepted report; None while none is accepted
    days_left: int  # until the deadline, on the day judged (0 on the day, negative once past)

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.code.label

    @property
    def done(self) -> bool:
        return self.code.is_done

    @property
    def tone(self) -> str:
        return self.code.tone

    @property
    def text(self) -> str:
        """ "Hoàn thành quá hạn (hạn của đơn vị 25/11/2026)": the label with its deadline, for
        tables that are read away from the page (the result report's appendix)."""
        return f"{self.label} ({self.deadline.text})"


def judge(
    *,
    schedule: str,
    progress: str,
    review: str,
    deadline: Deadline,
    submitted_on: dt.date | None,
    today: dt.date,
) -> Status:
    """The status of one unit's report on one task, on ``today``.

    ``submitted_on`` is the day the report in its current state was last submitted (for an
    accepted report, the submission that was accepted). An accepted report with no such day
    cannot show that it was on time, and is judged late.
    """
    schedule, progress, review = Schedule(schedule), Progress(progress), Review(review)
    accepted = review == Review.ACCEPTED
    on_time = submitted_on is not None and submitted_on <= deadline.on
    past_due = today > deadline.on
    if schedule == Schedule.CONTINUOUS:
        if accepted:
            code = TaskStatus.REPORTED_ON_TIME if on_time else TaskStatus.REPORTED_LATE
        else:
            code = TaskStatus.NOT_REPORTED if past_due else TaskStatus.NOT_DUE
    elif accepted and progress == Progress.DONE:
        code = TaskStatus.DONE_ON_TIME if on_time else TaskStatus.DONE_LATE
    else:
        code = TaskStatus.OVERDUE if past_due else TaskStatus.IN_TIME
    reported_on = submitted_on if accepted else None
    return Status(code, deadline, reported_on, days_left(deadline.on, today))


def progress_label(schedule: str, progress: str) -> str:
    """The progress as pages print it: a continuous task under way reads "Thực hiện thường
    xuyên", never "Hoàn thành"; one its unit has not started says so."""
    progress = Progress(progress)
    if Schedule(schedule) == Schedule.CONTINUOUS and progress != Progress.NOT_STARTED:
        return CONTINUOUS_PROGRESS
    return progress.label


def completion_date(schedule: str, progress: str, completed_on: dt.date | None) -> dt.date | None:
    """The completion date the unit gave, where it means something: a task with a deadline that
    the report says is done. It is the unit's word, shown beside the status, never judged by."""
    if Schedule(schedule) == Schedule.CONTINUOUS or Progress(progress) != Progress.DONE:
        return None
    return completed_on


def combine(statuses: list[Status]) -> Status | None:
    """The status of a task carried by several units together (no single lead).

    Done (or reported) only when every unit is, late if any was late, on the day the last one
    reported; otherwise overdue (not reported) as soon as one unit is, else still within the
    deadline. The units of one task in one period share its deadline.
    """
    if not statuses:
        return None
    codes = {s.code for s in statuses}
    continuous = statuses[0].code.continuous
    on_time, late, waiting, overdue = CONTINUOUS_ORDER if continuous else DEADLINE_ORDER
    if codes <= {on_time, late}:
        code = late if late in codes else on_time
        reported = [s.reported_on for s in statuses]
        reported_on = None if None in reported else max(d for d in reported if d is not None)
    else:
        code = overdue if overdue in codes else waiting
        reported_on = None
    first = statuses[0]
    return Status(code, first.deadline, reported_on, first.days_left)


@dataclass
class Tally:
    """How many of each status, read in two groups: the deadline tasks' four categories and the
    continuous tasks' own four.

    Neither a Counter nor indexable: templates look attributes up as keys first, and a Counter
    answers 0 to any key.
    """

    counts: Counter = field(default_factory=Counter)

    def add(self, status: Status | TaskStatus | None) -> None:
        if status is not None:
            self.counts[status.code if isinstance(status, Status) else status] += 1

    def get(self, status: TaskStatus, default: int = 0) -> int:
        return self.counts.get(status, default)

    @classmethod
    def of(cls, statuses: Iterable[Status | None]) -> Tally:
        tally = cls()
        for status in statuses:
            tally.add(status)
        return tally

    @property
    def deadline_list(self) -> list[tuple[TaskStatus, int]]:
        return [(s, self.get(s, 0)) for s in DEADLINE_ORDER]

    @property
    def continuous_list(self) -> list[tuple[TaskStatus, int]]:
        return [(s, self.get(s, 0)) for s in CONTINUOUS_ORDER]

    @property
    def deadline_total(self) -> int:
        return sum(n for _, n in self.deadline_list)

    @property
    def continuous_total(self) -> int:
        return sum(n for _, n in self.continuous_list)

    @property
    def groups(self) -> list[tuple[str, int, list[tuple[TaskStatus, int]]]]:
        """The groups that have any, deadline tasks first: (name, total, each status with its
        count, all four even when nought)."""
        return [
            (FAMILY_LABELS[continuous], total, items)
            for continuous, total, items in (
                (False, self.deadline_total, self.deadline_list),
                (True, self.continuous_total, self.continuous_list),
            )
            if total
        ]

    def sentence(self) -> str:
        """ "1 nhiệm vụ có thời hạn (1 hoàn thành đúng hạn, 0 hoàn thành quá hạn, …); 5 nhiệm vụ
        thường xuyên (2 đã báo cáo đúng hạn, …)"."""
        return "; ".join(
            f"{number(total)} {name} ({', '.join(f'{number(n)} {s.label.lower()}' for s, n in items)})"
            for name, total, items in self.groups
        )


def days_left(deadline: dt.date, today: dt.date) -> int:
    """Days until the deadline (0 on the day, negative once overdue)."""
    return (deadline - today).days
