"""What lib.status builds on the rules (tests/lib/test_status_rules.py): the labels, a task shared
by several units, the counts in two groups, the deadline's wording."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from chisoxanh.lib.status import (
    CONTINUOUS_ORDER,
    DEADLINE_ORDER,
    Deadline,
    DeadlineKind,
    Status,
    Tally,
    TaskStatus,
    combine,
    days_left,
)

D = dt.date(2026, 11, 25)
UNIT = Deadline(D, DeadlineKind.UNIT)


def status(code: TaskStatus, reported_on: dt.date | None = None) -> Status:
    return Status(code, UNIT, reported_on, 0)


def test_the_labels_are_the_four_categories_then_the_continuous_tasks_own():
    assert [s.label for s in DEADLINE_ORDER] == [
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Đang thực hiện trong hạn",
        "Quá hạn",
    ]
    assert [s.label for s in CONTINUOUS_ORDER] == [
        "Đã báo cáo đúng hạn",
        "Báo cáo chậm",
        "Chưa đến hạn báo cáo",
        "Chưa báo cáo",
    ]
    assert not any(s.is_done for s in CONTINUOUS_ORDER)
    # Each continuous status is coloured as the deadline status it stands beside.
    assert [s.tone for s in CONTINUOUS_ORDER] == [s.value for s in DEADLINE_ORDER]


def test_the_deadline_says_which_one_it_is():
    assert UNIT.text == "hạn của đơn vị 25/11/2026"
    assert Deadline(dt.date(2026, 12, 10), DeadlineKind.AGENCY).text == "hạn của cơ quan 10/12/2026"


def test_a_shared_task_is_done_only_when_every_unit_is():
    on, late, wait, over = DEADLINE_ORDER
    a, b = D - dt.timedelta(days=3), D + dt.timedelta(days=2)
    assert combine([status(on, a), status(on, a)]).code == on
    both = combine([status(on, a), status(late, b)])
    assert both.code == late and both.reported_on == b  # done when the last unit was
    assert combine([status(on, a), status(wait)]).code == wait
    assert combine([status(on, a), status(wait), status(over)]).code == over
    assert combine([status(on, a), status(wait)]).reported_on is None
    assert combine([]) is None


def test_a_shared_continuous_task_is_reported_only_when_every_unit_has():
    on, late, not_due, missing = CONTINUOUS_ORDER
    assert combine([status(on, D), status(late, D)]).code == late
    assert combine([status(on, D), status(not_due)]).code == not_due
    assert combine([status(on, D), status(missing), status(not_due)]).code == missing


def test_the_tally_reads_in_two_groups_and_leaves_out_an_empty_one():
    tally = Tally.of([status(TaskStatus.IN_TIME), status(TaskStatus.NOT_REPORTED), None])
    tally.add(TaskStatus.NOT_REPORTED)
    assert (tally.deadline_total, tally.continuous_total) == (1, 2)
    assert tally.sentence() == (
        "1 nhiệm vụ có thời hạn (0 hoàn thành đúng hạn, 0 hoàn thành quá hạn, 1 đang thực hiện trong hạn, "
        "0 quá hạn); 2 nhiệm vụ thường xuyên (0 đã báo cáo đúng hạn, 0 báo cáo chậm, 0 chưa đến hạn báo cáo, "
        "2 chưa báo cáo)"
    )
    only_continuous = Tally.of([status(TaskStatus.REPORTED_ON_TIME)])
    assert [name for name, _, _ in only_continuous.groups] == ["nhiệm vụ thường xuyên"]


dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


@given(dates, dates)
def test_days_left_is_nought_on_the_day_and_negative_after(deadline, today):
    assert (days_left(deadline, today) < 0) == (today > deadline)
    assert (days_left(deadline, today) == 0) == (today == deadline)
