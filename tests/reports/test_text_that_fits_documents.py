"""Text that ends up in a printed document is bounded and printable, and evidence is not counted
twice: refused at input with a Vietnamese message naming the problem, through the pages and the
API alike, and nothing is saved."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from chisoxanh.lib.printable import describe, unprintable
from chisoxanh.reports.models import Evidence, TaskReport
from tests.factories import pdf_bytes, report_of
from tests.reports.test_report_saving import form_data


@pytest.fixture
def report(world, period):
    return report_of(period, 0, world.unit_a)


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
PRINTABLE = VIETNAMESE + VIETNAMESE.upper() + "0123456789 .,;:!?()[]“”‘’\"'-–—/%°№§•…\n\t"


@given(st.text(alphabet=PRINTABLE, max_size=200))
def test_vietnamese_text_and_punctuation_are_printable(text):
    assert unprintable(text) == []


@given(
    st.text(alphabet=PRINTABLE, max_size=50),
    st.sampled_from(["😀", "🌱", "\u200d", "\u0007", "\ufe0f", "\u202e", "\ud800", "\U000e0041", "★"]),
)
def test_emoji_and_control_characters_are_found(text, bad):
    assert unprintable(text + bad + text) == [bad]


def test_the_message_names_the_characters():
    assert describe(["😀", "\u0007"]) == "“😀” (U+1F600), ký tự điều khiển U+0007"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Đã tổ chức hội nghị 🌱 xanh", "“🌱” (U+1F331)"),
        ("Kết quả\u0007 ẩn", "ký tự điều khiển U+0007"),
        ("x" * 20_001, "vượt mức tối đa 20.000 ký tự"),
    ],
    ids=["emoji", "control", "too-long"],
)
def test_the_report_form_refuses_and_saves_nothing(client_for, world, report, text, message):
    response = client_for(world.officer_a).post(f"/bao-cao/{report.pk}/sua/", form_data(report, results=text))
    assert response.status_code == 400
    assert message in response.content.decode()
    report.refresh_from_db()
    assert report.version == 1 and report.results == ""


def test_the_api_refuses_with_400_not_a_server_error(client_for, world, report):
    body = {"version": 1, "progress": "in_progress", "results": "Hội nghị 😀"}
    response = client_for(world.officer_a).put(f"/api/v1/reports/{report.pk}", body, content_type="application/json")
    assert response.status_code in (400, 422)
    assert "U+1F600" in response.content.decode()
    report.refresh_from_db()
    assert report.version == 1


def test_a_return_reason_too_long_is_refused_not_cut(client_for, world, report):
    from chisoxanh.reports.services import report_return, report_submit

    # The reason is the writer's words: refusing keeps them on the page, cutting would lose them.
    TaskReport.objects.filter(pk=report.pk).update(results="Đã tổ chức hội nghị.")
    report.refresh_from_db()
    report_submit(actor=world.officer_a, report=report, expected_version=report.version)
    report.refresh_from_db()
    with pytest.raises(ValidationError, match=re.escape("Lý do dài quá 2.000 ký tự")):
        report_return(actor=world.unit_leader, report=report, reason="y" * 2_001, expected_version=report.version)
    report.refresh_from_db()
    assert report.state == TaskReport.State.SUBMITTED


def test_the_same_file_twice_is_refused_by_name(client_for, world, report):
    client = client_for(world.officer_a)
    first = SimpleUploadedFile("Biên bản.pdf", pdf_bytes(), content_type="application/pdf")
    assert client.post(f"/bao-cao/{report.pk}/sua/", {**form_data(report), "files": [first]}).status_code == 302
    report.refresh_from_db()
    again = SimpleUploadedFile("Biên bản (1).pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(f"/bao-cao/{report.pk}/sua/", {**form_data(report), "files": [again]})
    assert "trùng nội dung với minh chứng “Biên bản.pdf”" in response.content.decode()
    assert Evidence.objects.filter(report=report).count() == 1


def test_two_copies_in_one_upload_are_refused(client_for, world, report):
    files = [SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf") for name in ("a.pdf", "b.pdf")]
    response = client_for(world.officer_a).post(f"/bao-cao/{report.pk}/sua/", {**form_data(report), "files": files})
    assert "“b.pdf” trùng nội dung với minh chứng “a.pdf”" in response.content.decode()
    assert not Evidence.objects.filter(report=report).exists()


def test_a_file_removed_in_the_same_save_may_be_uploaded_again(client_for, world, report):
    client = client_for(world.officer_a)
    first = SimpleUploadedFile("a.pdf", pdf_bytes(), content_type="application/pdf")
    client.post(f"/bao-cao/{report.pk}/sua/", {**form_data(report), "files": [first]})
    report.refresh_from_db()
    old = report.evidence.get()
    again = SimpleUploadedFile("a-moi.pdf", pdf_bytes(), content_type="application/pdf")
    data = {**form_data(report), "files": [again], "remove": [str(old.pk)]}
    assert client.post(f"/bao-cao/{report.pk}/sua/", data).status_code == 302
    assert [e.original_name for e in Evidence.objects.filter(report=report)] == ["a-moi.pdf"]
