import datetime as dt

import pytest
from django.utils import timezone

from chisoxanh.lib.status import TaskStatus
from chisoxanh.reports import selectors, services
from chisoxanh.reports.models import TaskReport
from tests.factories import report_of

DEADLINE = dt.date(2026, 11, 25)


def send(report, user, *, progress="done", on=None, completed_on=None):
    services.report_save(
        actor=user,
        report=report,
        expected_version=report.version,
        fields={"results": "Kết quả", "progress": progress, "completed_on": completed_on},
    )
    services.report_submit(actor=user, report=report, expected_version=report.version)
    if on:
        moment = timezone.make_aware(dt.datetime.combine(on, dt.time(9)))
        TaskReport.objects.filter(pk=report.pk).update(first_submitted_at=moment, submitted_at=moment)
        report.refresh_from_db()


def accept(report, leader):
    services.report_accept(actor=leader, report=report, expected_version=report.version)


@pytest.fixture
def once_plan(world, plan):
    """Make the first task a dated one, so that 'done' depends on progress, not on sending."""
    task = plan.tasks.order_by("order").first()
    task.schedule = "once"
    task.due_date = DEADLINE
    task.save()
    return plan


def test_a_continuous_task_is_reported_once_its_report_is_accepted_and_never_done(world, period):
    report = report_of(period, 1, world.unit_a)
    send(report, world.officer_a, progress="done", on=dt.date(2026, 11, 20))
    # Sent, not yet accepted: nothing the agency may count.
    assert selectors.report_status(report, dt.date(2026, 11, 24)).code == TaskStatus.NOT_DUE
    assert selectors.report_status(report, dt.date(2026, 11, 29)).code == TaskStatus.NOT_REPORTED
    accept(report, world.unit_leader)
    status = selectors.report_status(report, dt.date(2026, 11, 29))
    assert status.code == TaskStatus.REPORTED_ON_TIME and not status.done
    assert report.progress_label == "Thực hiện thường xuyên"
    late = report_of(period, 1, world.unit_b)
    send(late, world.officer_b, progress="in_progress", on=dt.date(2026, 11, 27))
    accept(late, world.head)  # the agency's leader reaches Phòng Nghiệp vụ I
    assert selectors.report_status(late, dt.date(2026, 11, 29)).code == TaskStatus.REPORTED_LATE


def test_a_dated_task_is_done_only_when_reported_done_and_accepted(world, once_plan, period):
    report = report_of(period, 0, world.unit_a)
    send(report, world.officer_a, progress="in_progress", on=dt.date(2026, 11, 20))
    assert selectors.report_status(report, dt.date(2026, 11, 24)).code == TaskStatus.IN_TIME
    assert selectors.report_status(report, dt.date(2026, 11, 26)).code == TaskStatus.OVERDUE
    accept(report, world.unit_leader)  # accepted, but the unit says it is still under way
    assert selectors.report_status(report, dt.date(2026, 11, 26)).code == TaskStatus.OVERDUE


def test_the_day_that_counts_is_the_accepted_submission_not_the_typed_completion_date(world, once_plan, period):
    report = report_of(period, 0, world.unit_a)
    send(report, world.officer_a, progress="done", completed_on=dt.date(2026, 11, 20), on=dt.date(2026, 12, 2))
    assert selectors.report_status(report, dt.date(2026, 12, 3)).code == TaskStatus.OVERDUE  # waiting for review
    accept(report, world.unit_leader)
    status = selectors.report_status(report, dt.date(2026, 12, 3))
    assert (status.label, status.deadline.text) == ("Hoàn thành quá hạn", "hạn của cơ quan 25/11/2026")
    assert status.reported_on == dt.date(2026, 12, 2)


def test_a_returned_report_is_not_reported(world, period):
    report = report_of(period, 1, world.unit_a)
    send(report, world.officer_a, on=dt.date(2026, 11, 20))
    services.report_return(
        actor=world.unit_leader, report=report, expected_version=report.version, reason="Bổ sung minh chứng"
    )
    assert selectors.report_status(report, dt.date(2026, 11, 29)).code == TaskStatus.NOT_REPORTED


def test_board_counts_per_unit_subindex_and_total(world, plan, period):
    for task, unit, officer, on in ((0, world.unit_a, world.officer_a, dt.date(2026, 11, 20)),
                                    (1, world.unit_a, world.officer_a, dt.date(2026, 11, 27)),
                                    (0, world.unit_b, world.officer_b, dt.date(2026, 11, 21))):  # fmt: skip
        send(report_of(period, task, unit), officer, on=on)
    accept(report_of(period, 0, world.unit_a), world.unit_leader)
    accept(report_of(period, 1, world.unit_a), world.unit_leader)
    board = selectors.board(period, today=dt.date(2026, 11, 29))
    assert (board.total.expected, board.total.sent, board.total.on_time) == (12, 3, 2)
    assert board.total.completeness == 25 and board.total.timeliness == 17
    rows = {r.organization.name: r.counts for r in board.rows}
    assert (rows["Phòng Nghiệp vụ II"].sent, rows["Phòng Nghiệp vụ II"].expected) == (2, 3)
    assert rows["Văn phòng Sở"].missing == 3
    assert {u.name for u in board.late_units} == {
        "Văn phòng Sở",
        "Phòng Nghiệp vụ I",
        "Phòng Nghiệp vụ II",
        "Trung tâm Trợ giúp pháp lý nhà nước",
    }
    tasks = plan.tasks.order_by("order")
    # Task 1: the lead (Phòng Nghiệp vụ II) sent on time and was accepted; the tasks are continuous.
    assert board.task_status[tasks[0].pk].code == TaskStatus.REPORTED_ON_TIME
    assert board.task_status[tasks[1].pk].code == TaskStatus.REPORTED_LATE
    assert board.task_status[tasks[2].pk].code == TaskStatus.NOT_REPORTED
    by_subindex = {s.key: s for s in board.subindices}
    assert by_subindex["1"].task_statuses.get(TaskStatus.REPORTED_ON_TIME) == 1
    assert by_subindex["3"].task_statuses.get(TaskStatus.NOT_REPORTED) == 1
    assert board.task_tally.continuous_total == 3 and board.task_tally.deadline_total == 0


def test_board_filters_change_every_figure_but_not_whom_to_remind(world, period):
    send(report_of(period, 0, world.unit_a), world.officer_a, on=dt.date(2026, 11, 20))
    today = dt.date(2026, 11, 29)
    whole = selectors.board(period, today=today)
    board = selectors.board(period, today=today, unit=world.unit_a.pk, subindex=2)
    assert [r.organization for r in board.rows] == [world.unit_a]
    assert [t.subindex.number for t in board.tasks] == [2]
    # One unit, one task: the totals, the row, the sub-indices and the tasks' statuses count it alone.
    assert (whole.total.expected, board.total.expected, board.rows[0].counts.expected) == (12, 1, 1)
    assert [(s.key, s.tasks, s.counts.expected) for s in board.subindices] == [("2", 1, 1)]
    assert list(board.task_status) == [board.tasks[0].pk]
    assert board.task_tally.deadline_total + board.task_tally.continuous_total == 1
    # The filter still offers every sub-index of the plan.
    assert [key for key, _ in board.subindex_choices] == ["1", "2", "3"]
    # The remind button reaches every late unit of the period, whatever is shown.
    assert [u.pk for u in board.overdue_units] == [u.pk for u in whole.overdue_units]
    unit_a = selectors.board(period, today=today, unit=world.unit_a.pk)
    assert (unit_a.total.expected, unit_a.total.sent) == (3, 1)
    submitted = selectors.board(period, today=today, state="submitted")
    assert [r.organization for r in submitted.rows] == [world.unit_a]
    assert submitted.total.expected == 3


def test_the_board_page_cards_follow_the_filter(client_for, world, period):
    send(report_of(period, 0, world.unit_a), world.officer_a, on=dt.date(2026, 11, 20))
    client = client_for(world.coordinator)
    whole = client.get(f"/ky-bao-cao/{period.pk}/").content.decode()
    assert "1/12 báo cáo" in whole and "tính theo bộ lọc" not in whole
    filtered = client.get(f"/ky-bao-cao/{period.pk}/?unit={world.unit_a.pk}").content.decode()
    assert "1/3 báo cáo" in filtered and "1/12 báo cáo" not in filtered
    assert "tính theo bộ lọc" in filtered


def test_the_board_page_shows_the_matrix_and_reminds_the_late(client_for, world, period):
    client = client_for(world.coordinator)
    html = client.get(f"/ky-bao-cao/{period.pk}/").content.decode()
    for text in ("Bảng theo dõi", "Phòng Nghiệp vụ II", "Chưa đến hạn báo cáo", "trong số 3 nhiệm vụ thường xuyên",
                 "Đã gửi báo cáo", "hạn của đơn vị 25/11/2026"):  # fmt: skip
        assert text in html
    assert "Hoàn thành đúng hạn" not in html  # every task is continuous: none can be "hoàn thành"
    html = client.get(f"/ky-bao-cao/{period.pk}/?state=submitted&unit=abc").content.decode()
    assert "Không có đơn vị nào khớp bộ lọc" in html


def test_my_work_lists_due_returned_and_overdue_with_days_left(world, period):
    report = report_of(period, 0, world.unit_a)
    send(report, world.officer_a)
    services.report_return(actor=world.unit_leader, report=report, expected_version=report.version, reason="Bổ sung")
    work = selectors.my_work(world.officer_a, today=dt.date(2026, 11, 20))
    assert [i.report.pk for i in work.returned] == [report.pk]
    assert len(work.due) == 2 and work.due[0].days_left == 5
    late = selectors.my_work(world.officer_a, today=dt.date(2026, 11, 29))
    assert len(late.overdue) == 2 and late.overdue[0].late_days == 4
    assert selectors.my_work(world.officer_b, today=dt.date(2026, 11, 20)).returned == []
    leader = selectors.my_work(world.unit_leader, today=dt.date(2026, 11, 20))
    assert leader.to_review == 0


def test_the_remind_button_counts_the_units_it_reminds(client_for, world, period, monkeypatch):
    import re

    from chisoxanh.web.views import reports as views

    monkeypatch.setattr(views, "_today", lambda: dt.date(2026, 11, 29))  # after the units' deadline
    # Phòng Nghiệp vụ II sent on time, was returned, and is now past the deadline: it is reminded
    # too, although it is not "never sent".
    for i in range(3):
        send(report_of(period, i, world.unit_a), world.officer_a, on=dt.date(2026, 11, 20))
    report = report_of(period, 0, world.unit_a)
    services.report_return(
        actor=world.unit_leader, report=report, expected_version=report.version, reason="Bổ sung số liệu"
    )
    client = client_for(world.coordinator)
    page = client.get(f"/ky-bao-cao/{period.pk}/").content.decode()
    shown = int(re.search(r"Nhắc (\d+) đơn vị chậm báo cáo", page).group(1))
    done = client.post(f"/ky-bao-cao/{period.pk}/nhac/", follow=True).content.decode()
    assert f"Đã gửi nhắc nhở đến {shown} đơn vị chậm báo cáo." in done
    # The head's overview names the same units.
    overview = client_for(world.head).get("/tong-quan/").content.decode()
    named = re.search(r"Đơn vị có báo cáo quá hạn:</strong> ([^<]+)</p>", overview).group(1)
    assert "Phòng Nghiệp vụ II" in named and len(named.split(", ")) == shown
