"""Every audit entry says which way the change came in: a page, the API with a session or with
a token, the command line or a background task."""

from __future__ import annotations

from django.core import management

from chisoxanh.accounts.models import ApiToken
from chisoxanh.cli import main
from chisoxanh.core.channel import current
from chisoxanh.core.models import AuditEntry
from chisoxanh.reports.models import TaskReport
from chisoxanh.reports.tasks import remind_task
from tests.factories import report_of


def _save_body(report) -> dict:
    return {"version": report.version, "progress": "in_progress", "results": "Đã tuyên truyền"}


def _last_saved(report) -> AuditEntry:
    return AuditEntry.objects.filter(action="reports.report.saved", object_id=str(report.pk)).latest("id")


def test_a_save_from_a_page_is_audited_as_a_page(client_for, world, period):
    report = report_of(period, 0, world.unit_a)
    client_for(world.officer_a).post(
        f"/bao-cao/{report.pk}/sua/", {**_save_body(report), "hd-TOTAL_FORMS": 0, "hd-INITIAL_FORMS": 0}
    )
    assert _last_saved(report).channel == "page"


def test_a_save_through_the_api_says_whether_a_session_or_a_token_made_it(client, client_for, world, period):
    report = report_of(period, 0, world.unit_a)
    api = client_for(world.officer_a)
    assert (
        api.put(f"/api/v1/reports/{report.pk}", _save_body(report), content_type="application/json").status_code == 200
    )
    assert _last_saved(report).channel == "api"
    client.logout()
    _, key = ApiToken.issue(user=world.officer_a, name="thử")
    report.refresh_from_db()
    answer = client.put(
        f"/api/v1/reports/{report.pk}",
        _save_body(report),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert answer.status_code == 200
    assert _last_saved(report).channel == "token"


def test_the_command_line_and_the_background_task_are_audited_as_such(monkeypatch, world, plan):
    # The command runs in this process through Django's own entry point, minus its closing of
    # every connection at the end (which would end the test's transaction on PostgreSQL).
    monkeypatch.setattr(management, "execute_from_command_line", lambda argv: management.call_command(*argv[1:]))
    assert main(["remind", "--date", "2026-01-05"]) == 0
    opened = AuditEntry.objects.get(action="reports.period.opened")
    assert opened.channel == "cli" and TaskReport.objects.exists()
    AuditEntry.objects.all().delete()
    plan.periods.update(opened_at=None)
    remind_task.call("2026-01-06")
    assert set(AuditEntry.objects.values_list("channel", flat=True)) == {"task"}


def test_a_request_leaves_no_channel_behind_for_the_next_code_in_its_thread(client_for, world):
    client_for(world.officer_a).get("/viec-cua-toi/")
    assert current() == "system"
