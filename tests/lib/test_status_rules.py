"""The status rules as a table: every schedule × progress × review state × timing has exactly one
row, and lib.status.judge says what that row says.

The table is the one in the issue note (issue 13): a task with a deadline is done only when its
report says done and was accepted, late when that report was submitted after the deadline; a
continuous task is judged on its period's report and is never "Hoàn thành".
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chisoxanh.lib.status import (
    Deadline,
    DeadlineKind,
    Progress,
    Review,
    Schedule,
    judge,
    progress_label,
)

D = dt.date(2026, 11, 25)  # the units' deadline of the demo period
DAY = dt.timedelta(days=1)

# name → (today, the day the report in its present state was submitted)
TIMINGS = {
    "today before the deadline, sent before": (D - 5 * DAY, D - 10 * DAY),
    "today the deadline, sent before": (D, D - 3 * DAY),
    "today the deadline, sent that day": (D, D),
    "today after the deadline, sent before": (D + 7 * DAY, D - 3 * DAY),
    "today after the deadline, sent that day": (D + 7 * DAY, D),
    "today after the deadline, sent after": (D + 7 * DAY, D + 3 * DAY),
}
NOT_PAST = {t for t in TIMINGS if not t.startswith("today after")}
PAST = set(TIMINGS) - NOT_PAST
SENT_BY_DEADLINE = set(TIMINGS) - {"today after the deadline, sent after"}
SENT_AFTER = {"today after the deadline, sent after"}

WITH_DEADLINE = {Schedule.ONCE, Schedule.ANNUAL}
CONTINUOUS = {Schedule.CONTINUOUS}
ALL_PROGRESS = set(Progress)
NOT_DONE = {Progress.NOT_STARTED, Progress.IN_PROGRESS}
ALL_REVIEWS = set(Review)
ACCEPTED = {Review.ACCEPTED}
NOT_ACCEPTED = ALL_REVIEWS - ACCEPTED

# (schedules, progress, review states, timings) → (label, done)
RULES = [
    (WITH_DEADLINE, {Progress.DONE}, ACCEPTED, SENT_BY_DEADLINE, "Hoàn thành đúng hạn", True),
    (WITH_DEADLINE, {Progress.DONE}, ACCEPTED, SENT_AFTER, "Hoàn thành quá hạn", True),
    (WITH_DEADLINE, {Progress.DONE}, NOT_ACCEPTED, NOT_PAST, "Đang thực hiện trong hạn", False),
    (WITH_DEADLINE, {Progress.DONE}, NOT_ACCEPTED, PAST, "Quá hạn", False),
    (WITH_DEADLINE, NOT_DONE, ALL_REVIEWS, NOT_PAST, "Đang thực hiện trong hạn", False),
    (WITH_DEADLINE, NOT_DONE, ALL_REVIEWS, PAST, "Quá hạn", False),
    (CONTINUOUS, ALL_PROGRESS, ACCEPTED, SENT_BY_DEADLINE, "Đã báo cáo đúng hạn", False),
    (CONTINUOUS, ALL_PROGRESS, ACCEPTED, SENT_AFTER, "Báo cáo chậm", False),
    (CONTINUOUS, ALL_PROGRESS, NOT_ACCEPTED, NOT_PAST, "Chưa đến hạn báo cáo", False),
    (CONTINUOUS, ALL_PROGRESS, NOT_ACCEPTED, PAST, "Chưa báo cáo", False),
]

COMBINATIONS = list(itertools.product(Schedule, Progress, Review, TIMINGS))


def _expected(schedule, progress, review, timing) -> tuple[str, bool]:
    rows = [
        (label, done)
        for schedules, progresses, reviews, timings, label, done in RULES
        if schedule in schedules and progress in progresses and review in reviews and timing in timings
    ]
    assert len(rows) == 1, f"{len(rows)} rows of the table match"
    return rows[0]


@pytest.mark.parametrize(
    ("schedule", "progress", "review", "timing"),
    COMBINATIONS,
    ids=[f"{s}-{p}-{r}-{t}" for s, p, r, t in COMBINATIONS],
)
def test_every_combination_has_the_label_of_its_row(schedule, progress, review, timing):
    label, done = _expected(schedule, progress, review, timing)
    today, sent = TIMINGS[timing]
    deadline = Deadline(D, DeadlineKind.UNIT)
    # A draft has never been sent (a report sent once and sent back is "returned").
    status = judge(
        schedule=schedule,
        progress=progress,
        review=review,
        deadline=deadline,
        submitted_on=None if review == Review.DRAFT else sent,
        today=today,
    )
    assert (status.label, status.done) == (label, done)
    assert status.deadline == deadline
    assert status.reported_on == (sent if review == Review.ACCEPTED else None)


def test_the_table_has_as_many_cases_as_the_issue_asks():
    assert len(COMBINATIONS) == 3 * 3 * 4 * 6


def test_the_report_of_the_issue_sent_on_2_december_against_25_november_is_late():
    status = judge(
        schedule="once",
        progress="done",
        review="accepted",
        deadline=Deadline(D, DeadlineKind.UNIT),
        submitted_on=dt.date(2026, 12, 2),
        today=dt.date(2026, 12, 5),
    )
    assert status.label == "Hoàn thành quá hạn" and status.done
    assert status.text == "Hoàn thành quá hạn (hạn của đơn vị 25/11/2026)"


def test_an_accepted_report_with_no_submission_day_cannot_be_on_time():
    status = judge(
        schedule="annual",
        progress="done",
        review="accepted",
        deadline=Deadline(D, DeadlineKind.AGENCY),
        submitted_on=None,
        today=D,
    )
    assert status.label == "Hoàn thành quá hạn"


PROGRESS_TABLE = {
    (Schedule.ONCE, Progress.NOT_STARTED): "Chưa thực hiện",
    (Schedule.ONCE, Progress.IN_PROGRESS): "Đang thực hiện",
    (Schedule.ONCE, Progress.DONE): "Hoàn thành",
    (Schedule.ANNUAL, Progress.NOT_STARTED): "Chưa thực hiện",
    (Schedule.ANNUAL, Progress.IN_PROGRESS): "Đang thực hiện",
    (Schedule.ANNUAL, Progress.DONE): "Hoàn thành",
    (Schedule.CONTINUOUS, Progress.NOT_STARTED): "Chưa thực hiện",
    (Schedule.CONTINUOUS, Progress.IN_PROGRESS): "Thực hiện thường xuyên",
    (Schedule.CONTINUOUS, Progress.DONE): "Thực hiện thường xuyên",
}


@pytest.mark.parametrize(("schedule", "progress"), list(PROGRESS_TABLE))
def test_the_progress_a_page_prints(schedule, progress):
    assert progress_label(schedule, progress) == PROGRESS_TABLE[(schedule, progress)]


dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


@given(
    schedule=st.sampled_from(Schedule),
    progress=st.sampled_from(Progress),
    review=st.sampled_from(Review),
    kind=st.sampled_from(DeadlineKind),
    deadline=dates,
    today=dates,
    sent=st.one_of(st.none(), dates),
)
def test_no_status_says_more_than_the_report(schedule, progress, review, kind, deadline, today, sent):
    sent = min(sent, today) if sent else sent  # a report is not sent in the future
    status = judge(
        schedule=schedule,
        progress=progress,
        review=review,
        deadline=Deadline(deadline, kind),
        submitted_on=sent,
        today=today,
    )
    # "Hoàn thành" only for a deadline task whose accepted report says done.
    assert status.done == status.label.startswith("Hoàn thành")
    assert status.done == (schedule != Schedule.CONTINUOUS and progress == Progress.DONE and review == Review.ACCEPTED)
    assert not progress_label(schedule, progress).startswith("Hoàn thành") or schedule != Schedule.CONTINUOUS
    if review != Review.ACCEPTED:
        # Nothing accepted: only the calendar decides, and nothing counts as reported.
        assert status.code.overdue == (today > deadline)
        assert status.reported_on is None
    elif status.done or schedule == Schedule.CONTINUOUS:
        # Accepted: late exactly when the accepted submission came after the deadline.
        late = sent is None or sent > deadline
        assert (status.label in ("Hoàn thành quá hạn", "Báo cáo chậm")) == late
    assert status.deadline.kind == kind and status.days_left == (deadline - today).days
