"""The result report through LibreOffice: a real PDF, its page 1 as a PNG, diacritics intact."""

import shutil
import subprocess

import pytest

from chisoxanh.documents import services
from tests.conftest import need_program


@pytest.fixture
def tools():
    need_program("soffice")
    need_program("pdftoppm")


def test_approval_freezes_a_pdf_and_the_preview_is_page_one(client, users, result_report, tools, tmp_path):
    import datetime as dt

    services.result_report_approve(
        actor=users["giamdoc"], report=result_report, expected_version=result_report.version, today=dt.date(2026, 12, 5)
    )
    result_report.refresh_from_db()
    assert result_report.pdf
    client.force_login(users["vanphong"])
    pdf = client.get(f"/bao-cao-ket-qua/{result_report.pk}/tai-ve.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    path = tmp_path / "bc.pdf"
    path.write_bytes(pdf.content)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
        for expected in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 01/BC-STP",
            "Lạng Sơn, ngày 05 tháng 12 năm 2026",
            "BÁO CÁO",
            "Phạm Hùng Trường",
        ):
            assert expected in text, expected
    png = client.get(f"/bao-cao-ket-qua/{result_report.pk}/trang-1.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


def test_a_draft_previews_too(client, users, result_report, tools):
    client.force_login(users["giamdoc"])
    assert client.get(f"/bao-cao-ket-qua/{result_report.pk}/trang-1.png").content.startswith(b"\x89PNG")
