import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chisoxanh.reports.models import Evidence, ReportVersion
from tests.factories import pdf_bytes, report_of

HOSTILE = "<script>alert('x')</script>"


@pytest.fixture
def report(world, period):
    return report_of(period, 0, world.unit_a)


def form_data(report, **overrides):
    data = {
        "progress": "in_progress",
        "completed_on": "",
        "results": "Kết quả",
        "difficulties": "",
        "proposals": "",
        "version": report.version,
        "hd-TOTAL_FORMS": 2,
        "hd-INITIAL_FORMS": 0,
        "hd-MIN_NUM_FORMS": 0,
        "hd-MAX_NUM_FORMS": 200,
        "hd-0-date": "12/03/2026",
        "hd-0-kind": "meeting",
        "hd-0-channel": "conference",
        "hd-0-title": "Hội nghị quán triệt",
        "hd-0-people_reached": "52",
        "hd-0-link": "",
        "hd-1-date": "05/06/2026",
        "hd-1-kind": "post",
        "hd-1-channel": "fanpage",
        "hd-1-title": "Bài đăng Fanpage",
        "hd-1-people_reached": "2300",
        "hd-1-link": "https://example.org/bai-viet",
    }
    data.update(overrides)
    return data


def test_a_report_is_saved_with_activities_and_a_pdf(client_for, world, report):
    upload = SimpleUploadedFile("Minh chứng hội nghị.pdf", pdf_bytes(), content_type="application/pdf")
    response = client_for(world.officer_a).post(f"/bao-cao/{report.pk}/sua/", {**form_data(report), "files": [upload]})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.version == 2
    assert [(a.title, a.people_reached) for a in report.activities.order_by("date")] == [
        ("Hội nghị quán triệt", 52),
        ("Bài đăng Fanpage", 2300),
    ]
    evidence = report.evidence.get()
    assert evidence.original_name == "Minh chứng hội nghị.pdf" and evidence.size == len(pdf_bytes())
    assert len(evidence.sha256) == 64


def test_two_saves_from_the_same_version_give_one_success_and_one_conflict(client_for, world, report):
    client = client_for(world.officer_a)
    first = client.post(f"/bao-cao/{report.pk}/sua/", form_data(report, results="Bản thứ nhất"))
    second = client_for(world.unit_leader).post(f"/bao-cao/{report.pk}/sua/", form_data(report, results="Bản thứ hai"))
    assert (first.status_code, second.status_code) == (302, 409)
    html = second.content.decode()
    assert "vừa được người khác lưu" in html
    assert "Bản thứ nhất" in html and "Bản thứ hai" in html  # both texts are on the page
    report.refresh_from_db()
    assert report.results == "Bản thứ nhất"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("hoa-don.pdf", b"MZ\x90\x00 an exe", "không phải là tệp PDF hợp lệ"),
        ("chay-thu.exe", b"MZ\x90\x00", "Chỉ nhận tệp"),
    ],
)
def test_a_bad_file_refuses_the_whole_save(client_for, world, report, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response = client_for(world.officer_a).post(
        f"/bao-cao/{report.pk}/sua/",
        {**form_data(report, results="Không được lưu"), "files": [upload], "submit": "1"},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    report.refresh_from_db()
    assert (report.results, report.version, report.state) == ("", 1, "draft")
    assert not report.activities.exists() and not Evidence.objects.exists()


def test_a_50_mb_file_is_refused(client_for, world, report, settings):
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4" + b"0" * (50 * 1024 * 1024))
    response = client_for(world.officer_a).post(f"/bao-cao/{report.pk}/sua/", {**form_data(report), "files": [big]})
    assert response.status_code == 400
    assert "vượt quá giới hạn 20 MB" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_path_traversal_name_is_stored_safely(client_for, world, report):
    upload = SimpleUploadedFile("../../../etc/cron.d/x.pdf", pdf_bytes())
    client_for(world.officer_a).post(f"/bao-cao/{report.pk}/sua/", {**form_data(report), "files": [upload]})
    evidence = Evidence.objects.get()
    assert evidence.original_name == "x.pdf"
    assert ".." not in evidence.file.name and evidence.file.name.startswith("evidence/")


def test_hostile_text_in_every_field_is_kept_as_text_and_escaped(client_for, world, report):
    data = form_data(report, results=HOSTILE, difficulties=HOSTILE, proposals=HOSTILE, **{"hd-0-title": HOSTILE})
    client = client_for(world.officer_a)
    assert client.post(f"/bao-cao/{report.pk}/sua/", data).status_code == 302
    report.refresh_from_db()
    assert report.results == HOSTILE
    for url in (
        f"/bao-cao/{report.pk}/",
        f"/bao-cao/{report.pk}/lich-su/",
        f"/bao-cao/{report.pk}/sua/",
        "/viec-cua-toi/",
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url


def test_a_javascript_link_is_refused(client_for, world, report):
    response = client_for(world.officer_a).post(
        f"/bao-cao/{report.pk}/sua/", form_data(report, **{"hd-1-link": "javascript:alert(1)"})
    )
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.version == 1


def test_every_version_is_kept_with_what_changed(client_for, world, report):
    client = client_for(world.officer_a)
    client.post(f"/bao-cao/{report.pk}/sua/", form_data(report, results="Lần một"))
    report.refresh_from_db()
    client.post(f"/bao-cao/{report.pk}/sua/", form_data(report, results="Lần hai"))
    versions = list(ReportVersion.objects.filter(report=report).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[2].changes["results"] == ["Lần một", "Lần hai"]
    assert versions[2].actor == world.officer_a
    html = client.get(f"/bao-cao/{report.pk}/lich-su/").content.decode()
    assert "Lần một" in html and "Lần hai" in html and "Phiên bản 3" in html


def test_removing_evidence_keeps_it_in_the_history(client_for, world, report):
    client = client_for(world.officer_a)
    client.post(
        f"/bao-cao/{report.pk}/sua/",
        {**form_data(report), "files": [SimpleUploadedFile("a.pdf", pdf_bytes())]},
    )
    report.refresh_from_db()
    evidence = report.evidence.get()
    client.post(f"/bao-cao/{report.pk}/sua/", {**form_data(report), "remove": [str(evidence.pk)]})
    assert not report.evidence.exists()
    assert ReportVersion.objects.filter(report=report, number=2).get().data["evidence"] == ["a.pdf"]


def test_untouched_blank_activity_rows_are_ignored(client_for, world, report):
    data = form_data(
        report,
        **{
            "hd-TOTAL_FORMS": 4,
            "hd-2-kind": "",
            "hd-3-kind": "",
            "hd-2-channel": "",
            "hd-3-channel": "",
        },
    )
    assert client_for(world.officer_a).post(f"/bao-cao/{report.pk}/sua/", data).status_code == 302
    assert report.activities.count() == 2


def test_the_history_page_reads_in_vietnamese(client_for, world, report):
    client = client_for(world.officer_a)
    client.post(f"/bao-cao/{report.pk}/sua/", form_data(report, results="Lần một"))
    html = client.get(f"/bao-cao/{report.pk}/lich-su/").content.decode()
    assert "Kết quả thực hiện" in html and "Hoạt động" in html
    assert "12/03/2026 – Hội nghị, cuộc họp: Hội nghị quán triệt (52 người)" in html
    assert "in_progress" not in html and "Đang thực hiện" in html
