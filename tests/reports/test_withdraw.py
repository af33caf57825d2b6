"""An officer takes back a report sent for review, until someone reviews it."""

import pytest
from django.core.exceptions import PermissionDenied

from chisoxanh.core.models import AuditEntry
from chisoxanh.core.workflow import Conflict, DomainError
from chisoxanh.reports import selectors, services
from chisoxanh.reports.models import ReportVersion, TaskReport
from tests.factories import report_of
from tests.personas import NAMES


@pytest.fixture
def sent(world, period):
    report = report_of(period, 0, world.unit_a)
    services.report_save(
        actor=world.officer_a,
        report=report,
        expected_version=report.version,
        fields={"results": "Đã tuyên truyền", "progress": "in_progress"},
        submit=True,
    )
    report.refresh_from_db()
    assert report.state == "submitted"
    return report


def test_the_officer_withdraws_a_sent_report_back_to_draft(client_for, world, sent):
    leader = client_for(world.unit_leader)
    assert selectors.my_work(world.unit_leader, today=sent.period.data_end).to_review == 1
    officer = client_for(world.officer_a)
    page = officer.get(f"/bao-cao/{sent.pk}/").content.decode()
    assert "Rút lại để sửa" in page
    response = officer.post(f"/bao-cao/{sent.pk}/rut-lai/", {"version": sent.version})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert (sent.state, sent.submitted_at, sent.first_submitted_at) == ("draft", None, None)
    latest = sent.versions.order_by("-number").first()
    assert (latest.event, latest.number, latest.data["state"]) == ("withdrawn", sent.version, "draft")
    assert AuditEntry.objects.filter(action="reports.report.withdrawn", object_id=str(sent.pk)).exists()
    assert selectors.my_work(world.unit_leader, today=sent.period.data_end).to_review == 0
    leader = client_for(world.unit_leader)
    assert "Không có báo cáo nào chờ duyệt" in leader.get("/duyet-bao-cao/").content.decode()
    # Back to draft: the unit edits it and sends it again.
    services.report_submit(actor=world.officer_a, report=sent, expected_version=sent.version)
    assert TaskReport.objects.get(pk=sent.pk).state == "submitted"


def test_a_report_returned_before_keeps_its_first_sending(world, sent):
    first = sent.first_submitted_at
    services.report_return(
        actor=world.unit_leader, report=sent, reason="Bổ sung minh chứng", expected_version=sent.version
    )
    services.report_submit(actor=world.officer_a, report=sent, expected_version=sent.version)
    services.report_withdraw(actor=world.officer_a, report=sent, expected_version=sent.version)
    sent.refresh_from_db()
    assert (sent.state, sent.first_submitted_at) == ("draft", first)


@pytest.mark.parametrize("step", ["accept", "return"])
def test_not_after_a_review(world, sent, step):
    if step == "accept":
        services.report_accept(actor=world.unit_leader, report=sent, expected_version=sent.version)
    else:
        services.report_return(
            actor=world.unit_leader, report=sent, reason="Thiếu số liệu", expected_version=sent.version
        )
    with pytest.raises(DomainError):
        services.report_withdraw(actor=world.officer_a, report=sent, expected_version=sent.version)
    assert TaskReport.objects.get(pk=sent.pk).state == ("accepted" if step == "accept" else "returned")


def test_a_stale_page_is_a_conflict(world, sent):
    with pytest.raises(Conflict):
        services.report_withdraw(actor=world.officer_a, report=sent, expected_version=sent.version - 1)
    with pytest.raises(DomainError):
        services.report_withdraw(actor=world.officer_a, report=sent, expected_version=None)
    assert TaskReport.objects.get(pk=sent.pk).state == "submitted"


WRITERS = {"officer_a", "unit_leader", "head", "admin"}
OUTSIDE = {"officer_b", "outsider", "nobody"}


@pytest.mark.parametrize("name", NAMES)
def test_who_may_withdraw(client_for, world, sent, name):
    user = getattr(world, name)
    response = client_for(user).post(f"/bao-cao/{sent.pk}/rut-lai/", {"version": sent.version})
    sent.refresh_from_db()
    if name in OUTSIDE:
        assert response.status_code == 404
    elif name in WRITERS:
        assert response.status_code == 302
        assert sent.state == "draft"
        return
    else:
        assert response.status_code == 403
        with pytest.raises(PermissionDenied):
            services.report_withdraw(actor=user, report=sent, expected_version=sent.version)
    assert sent.state == "submitted"
    assert not ReportVersion.objects.filter(report=sent, event="withdrawn").exists()


def test_the_api_withdraws_with_the_same_errors(client_for, world, sent):
    api = client_for(world.officer_a)
    url = f"/api/v1/reports/{sent.pk}/withdraw"
    assert api.post(url, {"version": sent.version - 1}, content_type="application/json").status_code == 409
    assert api.post(url, {}, content_type="application/json").status_code == 400
    assert (
        client_for(world.viewer).post(url, {"version": sent.version}, content_type="application/json").status_code
        == 403
    )
    assert (
        client_for(world.outsider).post(url, {"version": sent.version}, content_type="application/json").status_code
        == 404
    )
    response = client_for(world.officer_a).post(url, {"version": sent.version}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["state"] == "draft"
    assert (
        client_for(world.officer_a)
        .post(url, {"version": response.json()["version"]}, content_type="application/json")
        .status_code
        == 400
    )
