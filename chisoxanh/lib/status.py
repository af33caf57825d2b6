"""The four task statuses Vietnamese task-tracking reports count, and reporting timeliness.

From the Government Office's practice (QĐ 42/2014/QĐ-TTg; Báo cáo 1270/BC-TCTTTg): a task due in
a period is either done (on time or late) or not done (still within the deadline, or overdue).
A task finished on the deadline day counts as on time.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class TaskStatus(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    IN_TIME = "in_time"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def is_done(self) -> bool:
        return self in (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE)


LABELS = {
    TaskStatus.DONE_ON_TIME: "Hoàn thành đúng hạn",
    TaskStatus.DONE_LATE: "Hoàn thành quá hạn",
    TaskStatus.IN_TIME: "Đang thực hiện trong hạn",
    TaskStatus.OVERDUE: "Quá hạn",
}
ORDER = (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE, TaskStatus.IN_TIME, TaskStatus.OVERDUE)


def classify(*, done_on: dt.date | None, deadline: dt.date, today: dt.date) -> TaskStatus:
    """The status of one unit's work on one task: ``done_on`` is when it was reported done."""
    if done_on is not None:
        return TaskStatus.DONE_ON_TIME if done_on <= deadline else TaskStatus.DONE_LATE
    return TaskStatus.IN_TIME if today <= deadline else TaskStatus.OVERDUE


def combine(statuses: list[TaskStatus]) -> TaskStatus | None:
    """The status of a task carried by several units together (no single lead).

    Done only when every unit is done (late if any was late); otherwise overdue as soon as one
    unit is overdue, else still within the deadline.
    """
    if not statuses:
        return None
    if all(s.is_done for s in statuses):
        return TaskStatus.DONE_LATE if TaskStatus.DONE_LATE in statuses else TaskStatus.DONE_ON_TIME
    if TaskStatus.OVERDUE in statuses:
        return TaskStatus.OVERDUE
    return TaskStatus.IN_TIME


def days_left(deadline: dt.date, today: dt.date) -> int:
    """Days until the deadline (0 on the day, negative once overdue)."""
    return (deadline - today).days
