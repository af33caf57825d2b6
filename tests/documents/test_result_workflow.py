import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from chisoxanh.core.models import AuditEntry
from chisoxanh.core.workflow import Conflict, DomainError
from chisoxanh.documents import services
from chisoxanh.reports.models import Notification


def test_only_the_office_starts_and_edits(client, users, result_report):
    period = result_report.period
    for name in ("chuyenvien", "truongphong", "tonghop"):
        client.force_login(users[name])
        assert client.post(f"/ky-bao-cao/{period.pk}/bao-cao-ket-qua/").status_code in (403, 404), name
        response = client.post(f"/bao-cao-ket-qua/{result_report.pk}/sua/", {"title": "Bị sửa", "version": 1})
        assert response.status_code in (403, 404), name
    result_report.refresh_from_db()
    assert result_report.title != "Bị sửa"


@pytest.mark.parametrize("name", ["chuyenvien", "truongphong", "tonghop"])
def test_people_outside_the_agencys_leadership_cannot_read_a_draft(client, users, result_report, name):
    client.force_login(users[name])
    assert client.get(f"/bao-cao-ket-qua/{result_report.pk}/").status_code == 404
    assert client.get(f"/bao-cao-ket-qua/{result_report.pk}/tai-ve.docx").status_code == 404
    assert client.get(f"/api/v1/result-reports/{result_report.pk}").status_code == 404


def test_edits_survive_regeneration_and_changed_data_is_shown(client, users, result_report):
    office = users["vanphong"]
    services.result_report_edit(
        actor=office,
        report=result_report,
        expected_version=1,
        texts={"III.3": "Do một số đơn vị chưa bố trí cán bộ theo dõi.", "V": "Đề nghị Sở NN&MT tổ chức tập huấn."},
        meta={},
    )
    from chisoxanh.reports import services as report_services
    from chisoxanh.reports.models import TaskReport

    # New data arrives: a unit's proposal is accepted after the edit of section V.
    report = TaskReport.objects.select_related("task", "organization", "period__plan__issuer").get(
        organization__name="Phòng Nghiệp vụ II", task__section="II.1"
    )
    TaskReport.objects.filter(pk=report.pk).update(proposals="Bổ sung kinh phí tuyên truyền.")
    report.refresh_from_db()
    report_services.report_accept(actor=users["truongphong"], report=report, expected_version=report.version)
    stale = services.result_report_regenerate(
        actor=office, report=result_report, expected_version=2, today=dt.date(2026, 11, 30)
    )
    assert stale == ["V"]
    result_report.refresh_from_db()
    assert result_report.text("III.3") == "Do một số đơn vị chưa bố trí cán bộ theo dõi."
    assert result_report.text("V") == "Đề nghị Sở NN&MT tổ chức tập huấn."
    assert "Bổ sung kinh phí tuyên truyền." in result_report.section_map()["V"]["generated"]
    client.force_login(office)
    html = client.get(f"/bao-cao-ket-qua/{result_report.pk}/").content.decode()
    assert "Số liệu mới (chưa áp dụng" in html and "Bổ sung kinh phí tuyên truyền." in html


def test_a_stale_edit_conflicts(users, result_report):
    services.result_report_edit(
        actor=users["vanphong"], report=result_report, expected_version=1, texts={}, meta={"place": "Lạng Sơn"}
    )
    services.result_report_edit(
        actor=users["vanphong"], report=result_report, expected_version=1, texts={}, meta={"title": "Mới"}
    )
    with pytest.raises(Conflict):
        services.result_report_edit(
            actor=users["vanphong"], report=result_report, expected_version=1, texts={}, meta={"title": "Cũ hơn"}
        )


def test_the_head_approves_numbers_sends_and_the_recipient_receives(client, users, result_report, today):
    for name in ("vanphong", "truongphong", "chuyenvien"):
        with pytest.raises(PermissionDenied):
            services.result_report_approve(
                actor=users[name], report=result_report, expected_version=result_report.version
            )
    client.force_login(users["giamdoc"])
    assert (
        client.post(
            f"/bao-cao-ket-qua/{result_report.pk}/ky-duyet/", {"version": result_report.version, "xac_nhan": "1"}
        ).status_code
        == 302
    )
    result_report.refresh_from_db()
    assert result_report.state == "approved" and result_report.number == 1 and result_report.reference == "01/BC-STP"
    assert result_report.docx and result_report.issued_on is not None
    with pytest.raises(DomainError):
        services.result_report_edit(
            actor=users["vanphong"],
            report=result_report,
            expected_version=result_report.version,
            texts={},
            meta={"title": "Sửa sau khi ký"},
        )
    client.force_login(users["tonghop"])
    assert client.get(f"/bao-cao-ket-qua/{result_report.pk}/").status_code == 404  # not sent yet
    client.force_login(users["vanphong"])
    client.post(f"/bao-cao-ket-qua/{result_report.pk}/gui/", {"version": result_report.version, "xac_nhan": "1"})
    result_report.refresh_from_db()
    assert result_report.state == "sent"
    assert Notification.objects.filter(recipient=users["tonghop"], title__contains="01/BC-STP").exists()
    client.force_login(users["tonghop"])
    assert client.get(f"/bao-cao-ket-qua/{result_report.pk}/").status_code == 200
    client.post(f"/bao-cao-ket-qua/{result_report.pk}/nhan/", {"version": result_report.version})
    result_report.refresh_from_db()
    assert result_report.state == "received"
    actions = set(AuditEntry.objects.filter(object_type="documents.resultreport").values_list("action", flat=True))
    assert actions >= {
        "documents.result_report.created",
        "documents.result_report.approved",
        "documents.result_report.sent",
        "documents.result_report.received",
    }
    assert [v.event for v in result_report.versions.order_by("number")] == ["created", "approved", "sent", "received"]


def test_numbers_run_per_agency_and_year(users, result_report):
    from chisoxanh.documents.models import DocumentCounter

    DocumentCounter.objects.create(agency=result_report.agency, year=2026, symbol="BC-STP", last=44)
    services.result_report_approve(
        actor=users["giamdoc"], report=result_report, expected_version=result_report.version, today=dt.date(2026, 12, 5)
    )
    assert result_report.reference == "45/BC-STP"
    assert result_report.issued_on == dt.date(2026, 12, 5)


def test_the_api_reads_edits_and_approves(client, users, result_report, today):
    client.force_login(users["vanphong"])
    data = client.get(f"/api/v1/result-reports/{result_report.pk}").json()
    assert data["reference"] == "…/BC-STP" and data["state"] == "draft"
    assert [s["key"] for s in data["sections"]][:3] == ["mo_dau", "I", "II.1"]
    edited = client.put(
        f"/api/v1/result-reports/{result_report.pk}",
        {"version": 1, "sections": {"III.3": "Nguyên nhân"}},
        content_type="application/json",
    )
    assert edited.status_code == 200 and edited.json()["version"] == 2
    stale = client.put(
        f"/api/v1/result-reports/{result_report.pk}", {"version": 1, "title": "x"}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert (
        client.post(
            f"/api/v1/result-reports/{result_report.pk}/approve", {}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(users["giamdoc"])
    url = f"/api/v1/result-reports/{result_report.pk}/approve"
    unversioned = client.post(url, {}, content_type="application/json")
    assert unversioned.status_code == 400 and "Thiếu số phiên bản" in unversioned.json()["detail"]
    approved = client.post(url, {"version": 2}, content_type="application/json")
    assert approved.status_code == 200 and approved.json()["number"] == 1
    docx = client.get(f"/api/v1/result-reports/{result_report.pk}/docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
