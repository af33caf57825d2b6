import pytest

from chisoxanh.reports.models import Evidence
from tests.factories import pdf_bytes, report_of


@pytest.fixture
def report(world, period):
    return report_of(period, 0, world.unit_a)


def put(client, report, version, **fields):
    body = {"version": version, "progress": "in_progress", "results": "Qua API", **fields}
    return client.put(f"/api/v1/reports/{report.pk}", body, content_type="application/json")


def test_list_and_filter_reports(client_for, world, period, report):
    client = client_for(world.officer_a)
    data = client.get("/api/v1/reports", {"period": period.pk}).json()
    assert data["count"] == 3  # the three tasks of unit A
    assert {r["organization"] for r in data["items"]} == {"Phòng Nghiệp vụ II"}
    coordinator = client_for(world.coordinator).get("/api/v1/reports", {"period": period.pk, "state": "draft"}).json()
    assert coordinator["count"] == 12
    assert client_for(world.outsider).get("/api/v1/reports").json()["count"] == 0


def test_update_with_version_and_409_on_conflict(client_for, world, report):
    client = client_for(world.officer_a)
    ok = put(
        client,
        report,
        1,
        activities=[{"date": "2026-03-12", "kind": "meeting", "title": "Hội nghị", "people_reached": 40}],
    )
    assert ok.status_code == 200
    assert ok.json()["version"] == 2 and ok.json()["activities"][0]["people_reached"] == 40
    stale = put(client, report, 1, results="Ghi đè")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2 and stale.json()["current"]["results"] == "Qua API"


def test_bad_input_gets_422_or_400_and_changes_nothing(client_for, world, report):
    client = client_for(world.officer_a)
    assert put(client, report, 1, progress="xong").status_code == 422
    assert (
        put(
            client,
            report,
            1,
            activities=[
                {
                    "date": "2026-03-12",
                    "kind": "meeting",
                    "title": "x",
                    "link": "javascript:alert(1)",
                }
            ],
        ).status_code
        == 400
    )
    report.refresh_from_db()
    assert report.version == 1


def test_add_activity_and_evidence_then_submit_accept(client_for, world, report):
    client = client_for(world.officer_a)
    r = client.post(
        f"/api/v1/reports/{report.pk}/activities",
        {
            "version": 1,
            "date": "2026-05-20",
            "kind": "outreach",
            "title": "Tuyên truyền",
            "people_reached": 120,
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(
        f"/api/v1/reports/{report.pk}/evidence",
        {"version": 2, "file": SimpleUploadedFile("a.pdf", pdf_bytes())},
    )
    assert r.status_code == 201 and r.json()["evidence"][0]["name"] == "a.pdf"
    bad = client.post(
        f"/api/v1/reports/{report.pk}/evidence",
        {"version": 3, "file": SimpleUploadedFile("b.pdf", b"MZ not a pdf")},
    )
    assert bad.status_code == 400 and "không phải là tệp PDF" in bad.json()["detail"]
    assert Evidence.objects.count() == 1
    assert (
        client.post(f"/api/v1/reports/{report.pk}/submit", {"version": 3}, content_type="application/json").status_code
        == 200
    )
    assert client.post(f"/api/v1/reports/{report.pk}/accept", {}, content_type="application/json").status_code == 403
    leader = client_for(world.unit_leader)
    assert (
        leader.post(f"/api/v1/reports/{report.pk}/return", {"reason": ""}, content_type="application/json").status_code
        == 400
    )
    unversioned = leader.post(f"/api/v1/reports/{report.pk}/accept", {}, content_type="application/json")
    assert unversioned.status_code == 400 and "Thiếu số phiên bản" in unversioned.json()["detail"]
    accepted = leader.post(f"/api/v1/reports/{report.pk}/accept", {"version": 4}, content_type="application/json")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    reopened = client_for(world.head).post(
        f"/api/v1/reports/{report.pk}/reopen",
        {"reason": "Sửa số liệu", "version": 5},
        content_type="application/json",
    )
    assert reopened.json()["state"] == "returned"


def test_board_figures(client_for, world, period):
    data = client_for(world.coordinator).get(f"/api/v1/periods/{period.pk}/board").json()
    assert data["total"]["expected"] == 12 and data["unit_due_date"] == "2026-11-25"
    assert {u["name"] for u in data["units"]} >= {"Phòng Nghiệp vụ II", "Văn phòng Sở"}
    assert client_for(world.officer_a).get(f"/api/v1/periods/{period.pk}/board").status_code == 404
