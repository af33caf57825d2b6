import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from chisoxanh.reports import services
from chisoxanh.reports.models import Notification, ReminderLog
from chisoxanh.reports.reminders import run_reminders
from tests.factories import report_of


@pytest.fixture
def emails(world):
    for user in (world.officer_a, world.officer_b, world.unit_leader, world.coordinator):
        user.email = f"{user.username}@stp.langson.gov.vn"
        user.save()


def test_before_due_reminders_go_once_per_step_as_one_digest(world, period, emails, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        summary = run_reminders(today=dt.date(2026, 11, 18))  # 7 days before 25/11
    assert summary.reminded == 12
    notes = Notification.objects.filter(recipient=world.officer_a, kind="reminder")
    assert notes.count() == 1  # one digest, not one message per task
    assert notes.get().body.count("còn 7 ngày") == 3
    assert any(m.to == ["officer_a@stp.langson.gov.vn"] for m in mail.outbox)
    message = next(m for m in mail.outbox if m.to == ["officer_a@stp.langson.gov.vn"])
    assert "Nhắc hạn báo cáo" in message.subject and message.alternatives[0][1] == "text/html"
    with django_capture_on_commit_callbacks(execute=True):
        again = run_reminders(today=dt.date(2026, 11, 18))
    assert (again.reminded, again.notifications) == (0, 0)
    assert Notification.objects.filter(recipient=world.officer_a).count() == 1


def test_no_reminder_on_days_not_in_the_plans_list(world, period):
    assert run_reminders(today=dt.date(2026, 11, 19)).reminded == 0


def test_sent_reports_are_not_reminded(world, period):
    report = report_of(period, 0, world.unit_a)
    services.report_save(actor=world.officer_a, report=report, expected_version=1, fields={"results": "Xong"})
    services.report_submit(actor=world.officer_a, report=report, expected_version=report.version)
    summary = run_reminders(today=dt.date(2026, 11, 24))
    assert (report.pk, "before-1") not in summary.steps
    assert summary.reminded == 11


def test_overdue_and_escalation_to_the_unit_leader_and_the_office(world, period):
    first = run_reminders(today=dt.date(2026, 11, 26))  # 1 day late
    assert first.overdue == 12 and first.escalated == 0
    later = run_reminders(today=dt.date(2026, 11, 28))  # 3 days late: escalate (plan default 3)
    assert later.escalated == 12 and later.overdue == 0
    escalation = Notification.objects.get(recipient=world.unit_leader, kind="escalation")
    assert "quá hạn 3 ngày" in escalation.body
    assert Notification.objects.filter(recipient=world.coordinator, kind="escalation").count() == 1
    assert run_reminders(today=dt.date(2026, 11, 28)).escalated == 0


def test_the_command_runs_and_reports_in_vietnamese(world, period, capsys):
    call_command("remind", "--date", "2026-11-18")
    assert "nhắc hạn 12" in capsys.readouterr().out
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("remind", "--date", "29/11/2026")


def test_the_office_reminds_the_late_units_once_a_day(client_for, world, period):
    client = client_for(world.coordinator)
    response = client.post(f"/ky-bao-cao/{period.pk}/nhac/")
    assert response.status_code == 302
    # Today (the machine's date) decides whether anything is overdue; the log, not the count,
    # is what must not repeat.
    logs = ReminderLog.objects.filter(step__startswith="manual-").count()
    client.post(f"/ky-bao-cao/{period.pk}/nhac/")
    assert ReminderLog.objects.filter(step__startswith="manual-").count() == logs
    assert client_for(world.officer_a).post(f"/ky-bao-cao/{period.pk}/nhac/").status_code == 404


def test_manual_reminder_on_a_fixed_day(world, period):
    from chisoxanh.reports.reminders import remind_overdue_now

    assert remind_overdue_now(period=period, today=dt.date(2026, 11, 29)) == 4
    assert remind_overdue_now(period=period, today=dt.date(2026, 11, 29)) == 0
    assert Notification.objects.filter(recipient=world.officer_a, kind="overdue").count() == 1


def test_the_reminders_can_run_as_a_background_task(world, period, settings, capsys):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from chisoxanh.reports.tasks import remind_task

    result = remind_task.enqueue("2026-11-18")
    assert result.return_value["reminded"] == 12
    call_command("remind", "--date", "2026-11-18", "--enqueue")
    assert "hàng đợi" in capsys.readouterr().out
    assert ReminderLog.objects.filter(step="before-7").count() == 12  # still once per step


@pytest.mark.django_db(transaction=True)
def test_a_database_worker_runs_the_queued_reminders(world, period, settings):
    # A real transaction: the worker closes its connection when it is done, as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    call_command("remind", "--date", "2026-11-18", "--enqueue")
    assert not ReminderLog.objects.exists()  # queued, not yet run
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert ReminderLog.objects.filter(step="before-7").count() == 12
