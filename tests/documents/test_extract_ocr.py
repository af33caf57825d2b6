"""Scans into the document model: Tesseract's TSV gives one paragraph per printed line, with its
position, and the two-column header is read column by column as in a text PDF."""

from __future__ import annotations

import io
import subprocess
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from chisoxanh.documents.extract import extract_document, needs_ocr, ocr_image
from chisoxanh.documents.extract import ocr as extract_ocr
from chisoxanh.documents.extract.ocr import _tsv_paragraphs
from chisoxanh.lib.docmodel import Paragraph
from chisoxanh.lib.vietnamese import fold
from tests.conftest import need_program
from tests.documents.test_extract_pdf import LEFT, RIGHT, plan_docx, to_pdf

DEVSET = Path("/work/shared/import-devset")


def close(a: str, b: str) -> bool:
    return SequenceMatcher(None, fold(a), fold(b)).ratio() >= 0.85


def paragraphs(doc) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> dict[str, bytes]:
    """Page 1 of the test plan as a 200-dpi grey image, alone and wrapped in an image-only PDF."""
    need_program("tesseract")
    renderer = need_program("pdftoppm")
    work = tmp_path_factory.mktemp("scan")
    pdf = to_pdf(plan_docx(), work)
    (work / "ke-hoach.pdf").write_bytes(pdf)
    subprocess.run([renderer, "-r", "200", "-gray", "-png", "-f", "1", "-l", "1", str(work / "ke-hoach.pdf"),
                    str(work / "trang")], check=True, timeout=60)  # fmt: skip
    (png,) = sorted(work.glob("trang*.png"))
    from PIL import Image

    buf = io.BytesIO()
    Image.open(png).convert("L").save(buf, format="PDF", resolution=200)
    return {"png": png.read_bytes(), "pdf": buf.getvalue(), "text_pdf": pdf}


def test_a_scanned_pdf_gives_one_positioned_paragraph_per_line_and_the_header_by_columns(scan):
    assert needs_ocr("quet.pdf", scan["pdf"])
    seen: list[int] = []
    read = extract_document("quet.pdf", scan["pdf"], progress=seen.append)
    assert read.source == "ocr" and seen[-1] == 100
    found = paragraphs(read)
    assert all(p.page == 1 and p.x0 is not None and p.top is not None for p in found)
    header = [p.text for p in found[:6]]
    assert all(close(a, b) for a, b in zip(header, LEFT + RIGHT, strict=True)), header
    title = next(p for p in found if fold(p.text) == "ke hoach")
    assert title.align == "center"
    # Positions are in points, as for a text PDF: the title stands where LibreOffice put it.
    text_title = next(p for p in paragraphs(extract_document("ke-hoach.pdf", scan["text_pdf"])) if p.text == "KẾ HOẠCH")
    assert abs(title.x0 - text_title.x0) < 6 and abs(title.top - text_title.top) < 6
    body = next(p for p in found if fold(p.text).startswith("thuc hien ke hoach so 40"))
    assert body.align == "left" and body.x0 < title.x0


def test_a_photo_or_image_is_read_too(scan):
    read = extract_document("trang.png", scan["png"])
    assert read.source == "ocr"
    assert any(fold(p.text) == "ke hoach" for p in paragraphs(read))


TSV = "\n".join(
    [
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
        "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t",
        "4\t1\t1\t1\t1\t0\t400\t200\t1700\t50\t-1\t",
        "5\t1\t1\t1\t1\t1\t400\t200\t200\t50\t95.1\tUBND",
        "5\t1\t1\t1\t1\t2\t620\t200\t200\t50\t94.0\tTỈNH",
        "5\t1\t1\t1\t1\t3\t1200\t200\t300\t50\t93.2\tCỘNG",
        "5\t1\t1\t1\t1\t4\t1520\t200\t300\t50\t92.8\tHÒA",
        "5\t1\t1\t1\t2\t1\t420\t280\t100\t50\t30.0\t._",
        "5\t1\t1\t1\t2\t2\t540\t280\t300\t50\t91.0\tSố:",
        "5\t1\t1\t1\t2\t3\t1250\t280\t500\t50\t90.0\tĐộc lập",
        "5\t1\t2\t1\t1\t1\t300\t600\t100\t50\t35.0\t-_~",
        "5\t1\t2\t1\t1\t2\t420\t600\t900\t50\t89.0\tCơ quan chủ trì của nhiệm vụ",
        "5\t1\t2\t1\t1\t3\t1340\t600\t40\t50\t20.0\t:",
    ]
)


def test_tesseract_tsv_lines_become_paragraphs_without_specks():
    found = _tsv_paragraphs(TSV, page=1, scale=72 / 300)
    assert [p.text for p in found] == ["UBND TỈNH", "Số:", "CỘNG HÒA", "Độc lập", "- Cơ quan chủ trì của nhiệm vụ"]
    assert {p.page for p in found} == {1}
    assert found[0].x0 == 96.0 and found[0].top == 48.0  # 400 px at 300 dpi


def test_ocr_image_gives_the_text_of_the_lines(monkeypatch):
    monkeypatch.setattr(extract_ocr, "_tesseract_tsv", lambda image, **kwargs: TSV)
    assert ocr_image(b"anh") == "UBND TỈNH\nSố:\nCỘNG HÒA\nĐộc lập\n- Cơ quan chủ trì của nhiệm vụ"


def test_devset_scan_is_read_by_ocr_with_the_header_in_columns():
    path = DEVSET / "gia-lai-2026-scan" / "source.pdf"
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    need_program("tesseract")
    need_program("pdftoppm")
    read = extract_document("source.pdf", path.read_bytes())
    texts = [p.text for p in paragraphs(read)]
    assert read.source == "ocr"
    expected = ["ỦY BAN NHÂN DÂN", "TỈNH GIA LAI", "Số: 19/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert all(close(a, b) for a, b in zip(texts[:4], expected, strict=True)), texts[:6]
    assert any(close(t, "Gia Lai, ngày 20 tháng 01 năm 2026") for t in texts[4:8])
    assert {p.page for p in paragraphs(read)} == {1, 2}
