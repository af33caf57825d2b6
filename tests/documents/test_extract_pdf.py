"""A PDF's text layer into the document model: the two-column header read column by column, ruled
tables as tables, one paragraph per printed line with its position.

The PDFs are made here: a DOCX written with python-docx, converted by LibreOffice.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from chisoxanh.documents.extract import ExtractionError, extract_document, needs_ocr
from chisoxanh.documents.extract import pdf as extract_pdf
from chisoxanh.lib.docmodel import Paragraph, Table
from tests.conftest import need_program

DEVSET = Path("/work/shared/import-devset")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

LEFT = ["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN", "Số: 12/KH-UBND"]
RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Lạng Sơn, ngày 05 tháng 3 năm 2026"]
BODY = (
    "Thực hiện Kế hoạch số 40/KH-UBND của Ủy ban nhân dân tỉnh về cải thiện, nâng cao Chỉ số Xanh cấp tỉnh "
    "(PGI) năm 2026, Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện với các nội dung như sau."
)
TASK = "Nạo vét, gia cố các tuyến kênh thoát lũ khu vực hạ lưu sông Kỳ Cùng trước mùa mưa bão hằng năm."


def _cell(cell, lines: list[str], *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER, breaks: bool = False):
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    for i, line in enumerate(lines):
        if i and not breaks:
            paragraph = cell.add_paragraph()
            paragraph.alignment = align
        elif i:
            paragraph.runs[-1].add_break()
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = Pt(12)


def _widths(table, cms: list[float]) -> None:
    """Column widths LibreOffice follows: the table grid's, not only the cells'."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), cms, strict=True):
        column.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell in row.cells:
            cell.width = Cm(sum(cms) / len(cms))  # replaced by the grid where cells merge
        for tc, width in zip(row._tr.tc_lst, cms, strict=False):
            tc.width = Cm(width)


def plan_docx(*, table_rows: int = 3) -> bytes:
    doc = WordDocument()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    header = doc.add_table(rows=1, cols=2)  # no borders: the usual header of an administrative document
    _cell(header.rows[0].cells[0], LEFT, bold=True)
    _cell(header.rows[0].cells[1], RIGHT, bold=True)
    _widths(header, [6.5, 10.0])
    doc.add_paragraph()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("KẾ HOẠCH").bold = True
    doc.add_paragraph(BODY).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    doc.add_paragraph("II. NHIỆM VỤ CỤ THỂ").runs[0].bold = True
    table = doc.add_table(rows=2 + table_rows, cols=4)
    table.style = "Table Grid"
    _cell(table.rows[0].cells[0], ["STT"], bold=True)
    _cell(table.rows[0].cells[1], ["Nội dung nhiệm vụ"], bold=True)
    _cell(table.rows[0].cells[2], ["Cơ quan chủ trì"], bold=True)
    _cell(table.rows[0].cells[3], ["Cơ quan phối hợp"], bold=True)
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {W} w:val="true"/>'))
    _cell(table.rows[1].cells[0].merge(table.rows[1].cells[3]), ["I. CHỈ SỐ THÀNH PHẦN 1"], bold=True)
    for i in range(table_rows):
        cells = table.rows[2 + i].cells
        _cell(cells[0], [str(i + 1)])
        _cell(cells[1], [TASK if i == 0 else f"Nhiệm vụ số {i + 1}"], align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        if i != 1:
            _cell(cells[3], ["Công an tỉnh", "Sở Y tế"], align=WD_ALIGN_PARAGRAPH.LEFT, breaks=True)
    lead = table.rows[2].cells[2].merge(table.rows[3].cells[2])
    _cell(lead, ["Sở Nông nghiệp và Môi trường"])
    for i in range(2, table_rows):
        _cell(table.rows[2 + i].cells[2], ["Sở Xây dựng"])
    _widths(table, [1.2, 8.0, 3.5, 3.8])
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("III. TỔ CHỨC THỰC HIỆN").runs[0].bold = True
    doc.add_paragraph(BODY).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def to_pdf(docx: bytes, work: Path) -> bytes:
    soffice = need_program("soffice")
    work.mkdir(parents=True, exist_ok=True)
    (work / "ke-hoach.docx").write_bytes(docx)
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{work / 'profile'}",
                    "--convert-to", "pdf", "--outdir", str(work), str(work / "ke-hoach.docx")],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    return (work / "ke-hoach.pdf").read_bytes()


@pytest.fixture(scope="module")
def plan_pdf(tmp_path_factory) -> bytes:
    return to_pdf(plan_docx(), tmp_path_factory.mktemp("pdf"))


def paragraphs(doc) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def test_the_two_column_header_comes_out_left_column_then_right_column(plan_pdf):
    read = extract_document("ke-hoach.pdf", plan_pdf)
    assert read.source == "pdf" and not needs_ocr("ke-hoach.pdf", plan_pdf)
    texts = [p.text for p in paragraphs(read)]
    assert texts[:6] == LEFT + RIGHT
    first = paragraphs(read)[0]
    assert first.page == 1 and first.x0 is not None and first.top is not None and first.bold
    title = next(p for p in paragraphs(read) if p.text == "KẾ HOẠCH")
    assert title.align == "center" and title.bold
    # The body paragraph wraps: one Paragraph per printed line, in reading order.
    start = texts.index(next(t for t in texts if t.startswith("Thực hiện Kế hoạch số 40")))
    assert " ".join(texts[start : start + 3]).startswith(BODY[:150])
    tops = [p.top for p in paragraphs(read)[start : start + 3]]
    assert tops == sorted(tops)


def test_a_ruled_table_becomes_a_table_with_spans_merges_and_line_breaks(plan_pdf):
    read = extract_document("ke-hoach.pdf", plan_pdf)
    (table,) = [b for b in read.blocks if isinstance(b, Table)]
    assert table.page == 1
    assert table.rows[0].header and table.rows[0].texts == [
        "STT",
        "Nội dung nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
    ]
    group = table.rows[1].cells
    assert [(c.text, c.colspan) for c in group] == [("I. CHỈ SỐ THÀNH PHẦN 1", 4)]
    first, second = table.rows[2].cells, table.rows[3].cells
    assert first[1].lines == [TASK]  # the wrapped lines of one cell paragraph joined back
    assert first[2].lines == ["Sở Nông nghiệp và Môi trường"]
    assert first[3].lines == ["Công an tỉnh", "Sở Y tế"]  # a line break stays a line
    assert second[2].merged_above and not second[2].lines
    assert second[3].lines == []
    # The table sits between the lines above and below it.
    index = read.blocks.index(table)
    assert read.blocks[index - 1].text == "II. NHIỆM VỤ CỤ THỂ"
    assert read.blocks[index + 1].text == "III. TỔ CHỨC THỰC HIỆN" and read.blocks[index + 1].page == 2


def test_a_table_running_over_a_page_break_is_one_table_without_the_repeated_header(tmp_path):
    pdf = to_pdf(plan_docx(table_rows=45), tmp_path)
    read = extract_document("dai.pdf", pdf)
    tables = [b for b in read.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    rows = tables[0].rows
    assert [r.texts[0] for r in rows].count("STT") == 1
    numbers = [r.texts[0] for r in rows[2:]]
    assert numbers == [str(i) for i in range(1, 46)]


def test_page_limit_and_broken_files(plan_pdf, monkeypatch):
    monkeypatch.setattr(extract_pdf, "MAX_PDF_PAGES", 1)
    read = extract_document("ke-hoach.pdf", plan_pdf)
    assert {p.page for p in paragraphs(read)} == {1}
    assert read.warnings == ["Tệp PDF có 2 trang; chỉ đọc 1 trang đầu."]
    with pytest.raises(ExtractionError, match="Tệp PDF bị hỏng hoặc không đọc được"):
        extract_document("hong.pdf", plan_pdf[: len(plan_pdf) // 3])
    with pytest.raises(ExtractionError, match="Tệp PDF bị hỏng hoặc không đọc được"):
        extract_document("hong.pdf", b"%PDF-1.7\n" + b"\0" * 500)


def test_a_password_needed_to_open_is_asked_to_be_removed():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="mo-khoa", owner_password="chu", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(ExtractionError, match="mật khẩu"):
        extract_document("kin.pdf", buf.getvalue())
    assert not needs_ocr("kin.pdf", buf.getvalue())


def test_a_pdf_without_text_needs_ocr_and_says_so_cheaply():
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(50):
        writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    assert needs_ocr("trang.pdf", buf.getvalue())
    with pytest.raises(ExtractionError, match="OCR"):
        extract_document("trang.pdf", buf.getvalue(), ocr=False)


def test_text_typed_in_legacy_fonts_is_converted(tmp_path):
    doc = WordDocument()
    # LibreOffice has no .VnTime or VNI-Times font: it prints the characters in another font,
    # so the text layer holds the mojibake and codepages.repair reads it back.
    doc.add_paragraph().add_run("Së Tµi chÝnh chñ tr×, phèi hîp víi c¸c ®¬n vÞ thùc hiÖn").font.name = ".VnTime"
    doc.add_paragraph().add_run("Sôû Taøi nguyeân vaø Moâi tröôøng phoái hôïp vôùi caùc ñôn vò").font.name = "VNI-Times"
    buf = io.BytesIO()
    doc.save(buf)
    read = extract_document("cu.pdf", to_pdf(buf.getvalue(), tmp_path))
    assert [p.text for p in paragraphs(read)] == [
        "Sở Tài chính chủ trì, phối hợp với các đơn vị thực hiện",
        "Sở Tài nguyên và Môi trường phối hợp với các đơn vị",
    ]
    assert read.encoding in ("tcvn3", "vni")


def test_devset_pdf_body_table_and_two_column_header():
    path = DEVSET / "ha-tinh-bqlkkt-2026-pdf-table" / "source.pdf"
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    read = extract_document("source.pdf", path.read_bytes())
    texts = [p.text for p in paragraphs(read)]
    left = ["UBND TỈNH HÀ TĨNH", "BAN QUẢN LÝ KHU KINH", "TẾ TỈNH", "-------", "Số: 52/KH-BQL"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------"]
    assert texts[:9] == [*left, *right, "Hà Tĩnh, ngày 03 tháng 3 năm 2026"]
    (table,) = [b for b in read.blocks if isinstance(b, Table)]
    assert table.rows[0].header
    assert table.rows[0].texts == [
        "TT",
        "Nhiệm vụ",
        "Chỉ số thành phần",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời gian",
    ]
    assert [r.texts[0] for r in table.rows[1:]] == [str(i) for i in range(1, 9)]
    assert table.rows[2].cells[4].lines == ["Cảng vụ Hàng hải Hà Tĩnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"]
    # Row 8's sub-index cell was cut by the page break ("… hỗ" | "trợ"): joined back.
    assert table.rows[8].cells[2].lines == ["Chính sách khuyến khích và dịch vụ hỗ trợ"]
    # The signature block: recipients first, then the signer.
    tail = texts[texts.index("Nơi nhận:") :]
    assert tail[-3:] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Trần Quốc Tuấn"]
