import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from chisoxanh.lib.status import TaskStatus, classify, combine, days_left

D = dt.date(2026, 11, 25)


def test_done_on_or_before_the_deadline_is_on_time():
    assert classify(done_on=D, deadline=D, today=D + dt.timedelta(days=30)) == TaskStatus.DONE_ON_TIME
    assert classify(done_on=D + dt.timedelta(days=1), deadline=D, today=D) == TaskStatus.DONE_LATE


def test_not_done_is_in_time_until_the_deadline_then_overdue():
    assert classify(done_on=None, deadline=D, today=D) == TaskStatus.IN_TIME
    assert classify(done_on=None, deadline=D, today=D + dt.timedelta(days=1)) == TaskStatus.OVERDUE


def test_labels_are_the_four_vietnamese_categories():
    assert [s.label for s in TaskStatus] == [
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Đang thực hiện trong hạn",
        "Quá hạn",
    ]


def test_a_shared_task_is_done_only_when_every_unit_is():
    on, late, wait, over = TaskStatus
    assert combine([on, on]) == on
    assert combine([on, late]) == late
    assert combine([on, wait]) == wait
    assert combine([on, wait, over]) == over
    assert combine([]) is None


dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


@given(st.one_of(st.none(), dates), dates, dates)
def test_classify_is_total_and_consistent(done_on, deadline, today):
    status = classify(done_on=done_on, deadline=deadline, today=today)
    assert status.is_done == (done_on is not None)
    if done_on is None:
        assert (status == TaskStatus.OVERDUE) == (days_left(deadline, today) < 0)
