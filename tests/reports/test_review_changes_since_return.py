"""The reviewer sees what a returned report changed before it came back, and confirms an acceptance."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chisoxanh.reports import changes, services
from chisoxanh.reports.models import TaskReport
from tests.factories import pdf_bytes, report_of

ACTIVITY = {
    "date": dt.date(2026, 3, 2),
    "kind": "meeting",
    "channel": "",
    "title": "Hội nghị phổ biến",
    "people_reached": 40,
    "link": "",
}


def _save(report, user, *, submit=False, **kwargs):
    services.report_save(actor=user, report=report, expected_version=report.version, submit=submit, **kwargs)
    report.refresh_from_db()


@pytest.fixture
def resent(world, period):
    """Sent, returned with a reason, edited (texts, activities, evidence) and sent again."""
    report = report_of(period, 0, world.unit_a)
    _save(
        report,
        world.officer_a,
        fields={
            "results": "Đã tổ chức 2 hội nghị tuyên truyền",
            "difficulties": "Thiếu kinh phí",
            "progress": "in_progress",
        },
        activities=[ACTIVITY, {**ACTIVITY, "title": "Tọa đàm cũ", "date": dt.date(2026, 4, 1), "kind": "other"}],
        submit=True,
    )
    services.report_return(
        actor=world.unit_leader, report=report, reason="Bổ sung số người", expected_version=report.version
    )
    _save(
        report,
        world.officer_a,
        fields={"results": "Đã tổ chức 3 hội nghị tuyên truyền <b>trực tiếp</b>", "difficulties": "Thiếu kinh phí"},
        activities=[
            {**ACTIVITY, "people_reached": 60},
            {**ACTIVITY, "title": "Bài đăng mới", "kind": "post", "date": dt.date(2026, 5, 1)},
        ],
        files=[SimpleUploadedFile("bien-ban.pdf", pdf_bytes(), content_type="application/pdf")],
        submit=True,
    )
    assert report.state == "submitted"
    return report


def test_word_diff_marks_and_escapes():
    html = changes.word_diff("Đã tổ chức 2 hội nghị", "Đã tổ chức 3 hội nghị <b>mới</b>")
    assert "<del>2</del><ins>3</ins>" in html
    assert "<ins> &lt;b&gt;mới&lt;/b&gt;</ins>" in html
    assert "<b>" not in html


def test_the_changes_since_the_return(world, resent):
    found = changes.since_return(resent, resent.versions.all())
    assert found is not None and found.returned.event == "returned"
    assert [t.name for t in found.texts] == ["results"]
    assert "<del>2</del><ins>3</ins>" in found.texts[0].html
    assert [c.fields for c in found.changed] == [["số người"]]
    assert [a["title"] for a in found.added] == ["Bài đăng mới"]
    assert [a["title"] for a in found.removed] == ["Tọa đàm cũ"]
    assert found.evidence_added == ["bien-ban.pdf"] and found.evidence_removed == []


def test_the_reviewer_sees_them_on_the_report_and_in_the_queue(client_for, world, resent):
    leader = client_for(world.unit_leader)
    page = leader.get(f"/bao-cao/{resent.pk}/").content.decode()
    assert "Thay đổi từ lần trả lại gần nhất" in page
    assert "<del>2</del><ins>3</ins>" in page
    assert "&lt;b&gt;trực tiếp&lt;/b&gt;" in page
    assert "Thêm: bien-ban.pdf" in page
    queue = leader.get("/duyet-bao-cao/").content.decode()
    assert (
        "Gửi lại sau khi bị trả lại — đã sửa: Kết quả thực hiện; Hoạt động: thêm 1, bỏ 1, sửa 1; Minh chứng: thêm 1"
        in queue
    )
    # The unit's officer is not the reviewer: no review block for them.
    assert (
        "Thay đổi từ lần trả lại gần nhất"
        not in client_for(world.officer_a).get(f"/bao-cao/{resent.pk}/").content.decode()
    )


def test_a_report_never_returned_shows_no_changes(client_for, world, period):
    report = report_of(period, 1, world.unit_a)
    _save(report, world.officer_a, fields={"results": "Đã làm", "progress": "in_progress"}, submit=True)
    assert changes.since_return(report, report.versions.all()) is None
    assert "Thay đổi từ lần trả lại" not in client_for(world.unit_leader).get(f"/bao-cao/{report.pk}/").content.decode()


def test_the_queue_reads_the_changes_in_a_fixed_number_of_queries(client_for, world, period, resent):
    leader = client_for(world.unit_leader)
    leader.get("/duyet-bao-cao/")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert leader.get("/duyet-bao-cao/").status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for i in (1, 2):
        report = report_of(period, i, world.unit_a)
        _save(report, world.officer_a, fields={"results": "Bản đầu", "progress": "in_progress"}, submit=True)
        services.report_return(
            actor=world.unit_leader, report=report, reason="Sửa lại", expected_version=report.version
        )
        _save(report, world.officer_a, fields={"results": "Bản sau"}, submit=True)
    assert count() == one


def test_an_acceptance_needs_the_confirmation(client_for, world, resent):
    leader = client_for(world.unit_leader)
    page = leader.get(f"/bao-cao/{resent.pk}/").content.decode()
    assert 'name="confirm"' in page and "đồng ý duyệt" in page
    assert f"Trả lại phiên bản {resent.version} của {resent.organization.name}" in page
    response = leader.post(f"/bao-cao/{resent.pk}/duyet/", {"version": resent.version})
    assert response.status_code == 302
    assert TaskReport.objects.get(pk=resent.pk).state == "submitted"
    assert not resent.versions.filter(event="accepted").exists()
    leader.post(f"/bao-cao/{resent.pk}/duyet/", {"version": resent.version, "confirm": "1"})
    assert TaskReport.objects.get(pk=resent.pk).state == "accepted"


def test_a_return_still_needs_its_reason(client_for, world, resent):
    leader = client_for(world.unit_leader)
    leader.post(f"/bao-cao/{resent.pk}/tra-lai/", {"version": resent.version, "reason": ""})
    assert TaskReport.objects.get(pk=resent.pk).state == "submitted"
