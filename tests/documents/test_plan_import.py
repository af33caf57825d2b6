"""Plan import from files: DOCX and text PDF made from the clean transcription, and bad input."""

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from chisoxanh.documents.extract import ExtractionError, extract_text
from chisoxanh.lib.plan_parser import parse
from tests.conftest import need_program
from tests.lib.test_plan_parser import ORGS, seed_structure

CLEAN = (Path(__file__).resolve().parents[1] / "fixtures" / "plan-stp-clean.txt").read_text()
OCR = Path(__file__).resolve().parents[1] / "fixtures" / "plan-stp-ocr.txt"


def clean_docx() -> bytes:
    doc = Document()
    for line in CLEAN.splitlines():
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_a_docx_of_the_plan_imports_like_the_text():
    seed_structure(parse(extract_text("ke-hoach.docx", clean_docx()), organizations=ORGS).as_json())


def test_a_docx_table_of_tasks_is_read_row_by_row():
    doc = Document()
    table = doc.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "Tuyên truyền pháp luật", "Sở Tư pháp"], strict=True):
        cell.text = text
    buf = io.BytesIO()
    doc.save(buf)
    text = extract_text("bang.docx", buf.getvalue())
    assert "STT | Nội dung nhiệm vụ | Cơ quan chủ trì" in text and "1 | Tuyên truyền pháp luật | Sở Tư pháp" in text


def test_a_text_pdf_of_the_plan_imports_like_the_text(tmp_path):
    soffice = need_program("soffice")
    (tmp_path / "ke-hoach.docx").write_bytes(clean_docx())
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "ke-hoach.docx")],
                   check=True, capture_output=True, timeout=120)  # fmt: skip
    text = extract_text("ke-hoach.pdf", (tmp_path / "ke-hoach.pdf").read_bytes())
    seed_structure(parse(text, organizations=ORGS).as_json())


def test_bad_files_get_clear_vietnamese_messages():
    with pytest.raises(ExtractionError, match="Tệp rỗng"):
        extract_text("a.docx", b"")
    with pytest.raises(ExtractionError, match="bị hỏng"):
        extract_text("a.docx", b"PK\x03\x04 not really")
    with pytest.raises(ExtractionError, match="bị hỏng"):
        extract_text("a.pdf", b"%PDF-1.4 garbage")
    with pytest.raises(ExtractionError, match="Chỉ nhận tệp TXT, DOCX, PDF hoặc ảnh"):
        extract_text("a.exe", b"MZ")
    with pytest.raises(ExtractionError, match="lớn hơn 50 MB"):
        extract_text("a.txt", b"x" * (50 * 1024 * 1024 + 1))
    with pytest.raises(ExtractionError, match="OCR"):
        extract_text("scan.png", b"\x89PNG\r\n\x1a\n", ocr=False)


def test_a_zip_bomb_disguised_as_docx_is_refused_quickly():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (250 * 1024 * 1024))
    assert len(buf.getvalue()) < 2 * 1024 * 1024
    with pytest.raises(ExtractionError, match="giải nén ra quá lớn"):
        extract_text("bom.docx", buf.getvalue())


def test_a_password_protected_pdf_is_refused():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("mat-khau")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(ExtractionError, match="mật khẩu"):
        extract_text("kin.pdf", buf.getvalue())


def test_legacy_windows_1258_text_is_read():
    # Windows-1258 keeps ê as a letter and writes the tone as a combining mark after it.
    data = "Kê\u0301 hoa\u0323ch".encode("cp1258")
    assert extract_text("cu.txt", data) == "Kế hoạch"


def test_the_command_prints_the_draft_of_the_scan_as_json(tmp_path):
    import json
    import os

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"CHISOXANH_DATA_DIR": str(tmp_path)}
    subprocess.run(
        [sys.executable, "-m", "chisoxanh", "demo", "--no-serve"], check=True, capture_output=True, env=env, timeout=300
    )
    result = subprocess.run([sys.executable, "-m", "chisoxanh", "import-plan", str(OCR), "--json"],
                            capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    seed_structure(json.loads(result.stdout))
    missing = subprocess.run([sys.executable, "-m", "chisoxanh", "import-plan", "khong-co.docx"],
                             capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert missing.returncode != 0 and "Không tìm thấy tệp" in missing.stderr


def test_a_scanned_pdf_of_the_plan_is_read_back_by_ocr(tmp_path):
    """DOCX → PDF (LibreOffice) → page images (poppler) → an image-only PDF → OCR (Tesseract)."""
    soffice = need_program("soffice")
    need_program("pdftoppm")
    need_program("tesseract")
    from chisoxanh.documents.extract import needs_ocr

    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    (tmp_path / "ke-hoach.docx").write_bytes(clean_docx())
    subprocess.run([soffice, "--headless", "--norestore", profile, "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "ke-hoach.docx")], check=True, capture_output=True, timeout=120)  # fmt: skip
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", str(tmp_path / "ke-hoach.pdf"), str(tmp_path / "trang")], check=True
    )
    from PIL import Image

    images = [Image.open(page).convert("RGB") for page in sorted(tmp_path.glob("trang*.png"))]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=200)
    scanned = buf.getvalue()
    assert needs_ocr("quet.pdf", scanned)
    seen = []
    text = extract_text("quet.pdf", scanned, progress=seen.append)
    assert seen[-1] == 100
    seed_structure(parse(text, organizations=ORGS).as_json())


def test_a_docx_typed_in_tcvn3_fonts_is_converted():
    doc = Document()
    heading = doc.add_paragraph().add_run("kÕ ho¹ch")  # .VnTimeH draws these codes as capitals
    heading.font.name = ".VnTimeH"
    body = doc.add_paragraph().add_run("Së T­ ph¸p tØnh L¹ng S¬n")
    body.font.name = ".VnTime"
    doc.add_paragraph("Unicode giữ nguyên")
    buf = io.BytesIO()
    doc.save(buf)
    lines = [line for line in extract_text("cu.docx", buf.getvalue()).splitlines() if line]
    assert lines == ["KẾ HOẠCH", "Sở Tư pháp tỉnh Lạng Sơn", "Unicode giữ nguyên"]


def test_a_docx_typed_in_vni_fonts_is_converted():
    doc = Document()
    run = doc.add_paragraph().add_run("Ñôn vò chuû trì: Phoøng Nghieäp vuï II")
    run.font.name = "VNI-Times"
    buf = io.BytesIO()
    doc.save(buf)
    assert "Đơn vị chủ trì: Phòng Nghiệp vụ II" in extract_text("vni.docx", buf.getvalue())
