import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chisoxanh.core.models import AuditEntry
from chisoxanh.core.workflow import Conflict, DomainError
from chisoxanh.reports import services
from chisoxanh.reports.models import Notification, ReportVersion
from tests.factories import report_of


def save(report, user, **fields):
    return services.report_save(
        actor=user,
        report=report,
        expected_version=report.version,
        fields={"results": "Đã tổ chức tuyên truyền", "progress": "in_progress", **fields},
    )


@pytest.fixture
def report(world, period):
    return report_of(period, 0, world.unit_a)


def test_the_full_cycle_through_the_pages(client_for, world, report):
    officer = client_for(world.officer_a)
    officer.post(
        f"/bao-cao/{report.pk}/sua/",
        {
            "progress": "in_progress",
            "results": "Đã tuyên truyền",
            "version": report.version,
            "hd-TOTAL_FORMS": 0,
            "hd-INITIAL_FORMS": 0,
            "submit": "1",
        },
    )
    report.refresh_from_db()
    assert report.state == "submitted"
    leader = client_for(world.unit_leader)
    assert leader.post(f"/bao-cao/{report.pk}/tra-lai/", {"reason": ""}).status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted"  # a return needs a reason
    leader.post(f"/bao-cao/{report.pk}/tra-lai/", {"reason": "Bổ sung số người tham dự"})  # no version
    report.refresh_from_db()
    assert report.state == "submitted"  # refused: the page did not say which version it showed
    leader.post(f"/bao-cao/{report.pk}/tra-lai/", {"reason": "Bổ sung số người tham dự", "version": report.version})
    report.refresh_from_db()
    assert (report.state, report.return_reason) == ("returned", "Bổ sung số người tham dự")
    work = client_for(world.officer_a).get("/viec-cua-toi/").content.decode()
    assert "Bổ sung số người tham dự" in work
    client_for(world.officer_a).post(f"/bao-cao/{report.pk}/gui/", {"version": report.version})
    client_for(world.unit_leader).post(f"/bao-cao/{report.pk}/duyet/", {"version": report.version + 1, "confirm": "1"})
    report.refresh_from_db()
    assert report.state == "accepted"
    events = list(ReportVersion.objects.filter(report=report).order_by("number").values_list("event", flat=True))
    assert events == ["created", "saved", "submitted", "returned", "submitted", "accepted"]
    assert set(
        AuditEntry.objects.filter(object_id=str(report.pk), object_type="reports.taskreport").values_list(
            "action", flat=True
        )
    ) >= {
        "reports.report.saved",
        "reports.report.submitted",
        "reports.report.returned",
        "reports.report.accepted",
    }


def test_a_return_notifies_the_units_officers_with_the_reason(world, report):
    save(report, world.officer_a)
    services.report_submit(actor=world.officer_a, report=report, expected_version=report.version)
    services.report_return(
        actor=world.unit_leader, report=report, expected_version=report.version, reason="Thiếu minh chứng"
    )
    note = Notification.objects.get(recipient=world.officer_a, kind="returned")
    assert "Thiếu minh chứng" in note.body
    assert not Notification.objects.filter(recipient=world.officer_b, kind="returned").exists()
    assert Notification.objects.filter(recipient=world.unit_leader, kind="submitted").exists()


def test_an_officer_cannot_accept_and_the_wrong_unit_cannot_act(world, report):
    save(report, world.officer_a)
    services.report_submit(actor=world.officer_a, report=report, expected_version=report.version)
    for user in (world.officer_a, world.officer_b, world.coordinator, world.aggregator):
        with pytest.raises(PermissionDenied):
            services.report_accept(actor=user, report=report, expected_version=report.version)
    with pytest.raises(PermissionDenied):
        save(report_of(report.period, 0, world.unit_a), world.officer_b)


def test_the_office_may_return_but_not_accept(world, report):
    save(report, world.officer_a)
    services.report_submit(actor=world.officer_a, report=report, expected_version=report.version)
    services.report_return(
        actor=world.coordinator, report=report, expected_version=report.version, reason="Văn phòng đề nghị bổ sung"
    )
    assert report.state == "returned"


def test_a_return_without_a_real_reason_is_refused(world, report):
    save(report, world.officer_a)
    services.report_submit(actor=world.officer_a, report=report, expected_version=report.version)
    with pytest.raises(ValidationError):
        services.report_return(actor=world.unit_leader, report=report, expected_version=report.version, reason="  ")


def test_submitting_an_empty_report_is_refused(world, report):
    with pytest.raises(DomainError, match="Hãy ghi kết quả"):
        services.report_submit(actor=world.officer_a, report=report, expected_version=report.version)


def test_an_accepted_report_is_locked_everywhere(client_for, world, report):
    save(report, world.officer_a)
    services.report_submit(actor=world.officer_a, report=report, expected_version=report.version)
    services.report_accept(actor=world.unit_leader, report=report, expected_version=report.version)
    client = client_for(world.officer_a)
    assert client.get(f"/bao-cao/{report.pk}/sua/").status_code == 403
    crafted = client.post(
        f"/bao-cao/{report.pk}/sua/",
        {
            "progress": "done",
            "results": "Sửa lén",
            "version": report.version,
            "hd-TOTAL_FORMS": 0,
            "hd-INITIAL_FORMS": 0,
        },
    )
    assert crafted.status_code == 403
    api = client.put(
        f"/api/v1/reports/{report.pk}",
        {"version": report.version, "progress": "done", "results": "Sửa lén"},
        content_type="application/json",
    )
    assert api.status_code == 403
    with pytest.raises(PermissionDenied):
        save(report, world.unit_leader, results="Sửa lén")
    report.refresh_from_db()
    assert report.results == "Đã tổ chức tuyên truyền" and report.state == "accepted"


def test_only_a_leader_above_the_unit_reopens(world, report):
    save(report, world.officer_a)
    services.report_submit(actor=world.officer_a, report=report, expected_version=report.version)
    services.report_accept(actor=world.unit_leader, report=report, expected_version=report.version)
    for user in (world.unit_leader, world.officer_a, world.coordinator):
        with pytest.raises(PermissionDenied):
            services.report_reopen(actor=user, report=report, expected_version=report.version, reason="Cần sửa số liệu")
    services.report_reopen(actor=world.head, report=report, expected_version=report.version, reason="Cần sửa số liệu")
    assert report.state == "returned"
    assert Notification.objects.filter(recipient=world.officer_a, kind="reopened").exists()
    save(report, world.officer_a, results="Đã sửa số liệu")


def test_a_stale_transition_conflicts(world, report):
    save(report, world.officer_a)
    stale = report.version
    services.report_submit(actor=world.officer_a, report=report, expected_version=report.version)
    with pytest.raises(Conflict):
        services.report_accept(actor=world.unit_leader, report=report, expected_version=stale)
