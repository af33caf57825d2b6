"""The one workflow primitive: a step on a stale or missing version changes nothing, a step from
the wrong state is refused in Vietnamese, and a step that passes is versioned, audited (with the
channel it came through) and notified — the same for task reports and result reports."""

from __future__ import annotations

import pytest

from chisoxanh.core.audit import audit
from chisoxanh.core.channel import channel, current
from chisoxanh.core.models import AuditEntry
from chisoxanh.core.workflow import MISSING_VERSION, Conflict, DomainError, claim, transition
from chisoxanh.documents import services as document_services
from chisoxanh.documents.models import ResultReport
from chisoxanh.reports import services
from chisoxanh.reports.models import Notification, ReportVersion, TaskReport
from tests.factories import report_of


def _written(report, user):
    services.report_save(
        actor=user, report=report, expected_version=report.version, fields={"results": "Đã làm", "progress": "done"}
    )
    return report


def test_a_missing_version_is_refused_and_nothing_changes(world, period):
    report = _written(report_of(period, 0, world.unit_a), world.officer_a)
    with pytest.raises(DomainError) as exc:
        services.report_submit(actor=world.officer_a, report=report, expected_version=None)
    assert str(exc.value) == MISSING_VERSION
    report.refresh_from_db()
    assert (report.state, report.version) == ("draft", 2)


def test_a_stale_version_is_a_conflict_carrying_the_stored_object(world, period):
    report = _written(report_of(period, 0, world.unit_a), world.officer_a)
    with pytest.raises(Conflict) as exc:
        claim(report, 1)
    assert exc.value.current.version == 2 and "Báo cáo vừa được người khác lưu" in str(exc.value)
    assert isinstance(exc.value, DomainError)  # the pages and the API catch one family


def test_a_step_from_the_wrong_state_is_refused_before_anything_is_written(world, period):
    report = _written(report_of(period, 0, world.unit_a), world.officer_a)
    before = (AuditEntry.objects.count(), ReportVersion.objects.count(), Notification.objects.count())
    notified = []
    with pytest.raises(DomainError, match="Chưa gửi"):
        transition(
            report, actor=world.unit_leader, expected_version=report.version, allowed_from=["submitted"],
            to="accepted", action="reports.report.accepted", record=services._record, event="accepted",
            notify=lambda: notified.append(1),
        )  # fmt: skip
    report.refresh_from_db()
    assert report.version == 2 and not notified
    assert (AuditEntry.objects.count(), ReportVersion.objects.count(), Notification.objects.count()) == before


def test_a_step_that_passes_is_versioned_audited_and_notified(world, period):
    report = _written(report_of(period, 0, world.unit_a), world.officer_a)
    services.report_submit(actor=world.officer_a, report=report, expected_version=report.version)
    services.report_accept(actor=world.unit_leader, report=report, expected_version=report.version)
    entry = AuditEntry.objects.filter(action="reports.report.accepted").get()
    assert entry.changes["state"] == ["submitted", "accepted"] and entry.actor == world.unit_leader
    assert ReportVersion.objects.filter(report=report, number=report.version, event="accepted").exists()
    assert Notification.objects.filter(recipient=world.officer_a, kind="accepted").exists()


def test_the_result_report_moves_through_the_same_primitive(world, period):
    report = document_services.result_report_start(actor=world.coordinator, period=period, today=period.due_date)
    with pytest.raises(DomainError):
        document_services.result_report_approve(actor=world.head, report=report, expected_version=None)
    assert not ResultReport.objects.get(pk=report.pk).number  # no number drawn for a refused step
    with pytest.raises(Conflict):
        document_services.result_report_approve(actor=world.head, report=report, expected_version=report.version + 5)
    document_services.result_report_approve(actor=world.head, report=report, expected_version=report.version)
    entry = AuditEntry.objects.get(action="documents.result_report.approved")
    assert entry.changes["state"] == ["draft", "approved"] and entry.changes["number"][1].startswith("01/")


def test_the_channel_is_that_of_the_way_in(world):
    assert current() == "system"
    with channel("cli"):
        assert audit(actor=world.admin, action="core.test", obj=world.agency).channel == "cli"
        with channel("task"):
            assert current() == "task"
        assert current() == "cli"
    assert current() == "system"
    with pytest.raises(ValueError), channel("email"):
        pass


def test_task_report_versions_keep_every_activity_field(world, period):
    report = report_of(period, 0, world.unit_a)
    activity = {"date": period.data_start, "kind": "post", "channel": "zalo", "title": "Tin bài", "people_reached": 30}
    services.report_save(
        actor=world.officer_a, report=report, expected_version=report.version, fields={}, activities=[activity]
    )
    data = ReportVersion.objects.filter(report=report).order_by("-number").first().data
    assert data["activities"] == [{**activity, "date": period.data_start.isoformat(), "link": ""}]
    assert TaskReport.objects.get(pk=report.pk).activities.count() == 1
