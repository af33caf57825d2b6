"""A plan written for these tests, read from every file form it reaches us in: text in each
legacy encoding, a DOCX with Word's automatic numbering, a DOCX whose tasks are in an appendix
table, a DOCX typed in a TCVN3 font, and the PDF LibreOffice makes of it. Each must give the
same tasks, with their sub-indices, leads and partners."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from chisoxanh.documents.reading import draft_from_file
from chisoxanh.lib.vietnamese import fold
from tests.encodings import ENCODERS, encode_tcvn3

pytestmark = pytest.mark.django_db

HEAD_LEFT = ["UBND TỈNH QUẢNG TRỊ", "SỞ XÂY DỰNG", "Số: 64/KH-SXD"]
HEAD_RIGHT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Quảng Trị, ngày 17 tháng 3 năm 2026",
]
TITLE = "Thực hiện nhiệm vụ cải thiện Chỉ số Xanh cấp tỉnh (PGI) năm 2026 của ngành xây dựng"
PREAMBLE = (
    "Thực hiện Kế hoạch số 45/KH-UBND ngày 20/02/2026 của UBND tỉnh Quảng Trị về cải thiện, nâng cao Chỉ số "
    "Xanh cấp tỉnh (PGI) năm 2026, Sở Xây dựng ban hành Kế hoạch thực hiện như sau:"
)
# (sub-index heading, [(task, lead, partners)])
GROUPS = [
    ("Chỉ số thành phần “Giảm thiểu ô nhiễm và thiên tai”", [
        ("Kiểm tra việc che chắn, tưới nước giảm bụi tại các công trình xây dựng trong đô thị.",
         "Phòng Quản lý xây dựng", ["Thanh tra Sở", "UBND các xã, phường"]),
        ("Rà soát các khu dân cư có nguy cơ ngập úng, đề xuất cải tạo hệ thống thoát nước mưa.",
         "Phòng Hạ tầng kỹ thuật", ["Sở Nông nghiệp và Môi trường"]),
    ]),
    ("Chỉ số thành phần “Đảm bảo tuân thủ”", [
        ("Công khai quy trình cấp giấy phép xây dựng có nội dung bảo vệ môi trường trên Cổng dịch vụ công.",
         "Văn phòng Sở", []),
    ]),
    ("Chỉ số thành phần “Thúc đẩy thực hành xanh”", [
        ("Hướng dẫn chủ đầu tư sử dụng vật liệu xây không nung trong công trình dùng vốn ngân sách.",
         "Phòng Kinh tế và Vật liệu xây dựng", ["Sở Tài chính", "Hiệp hội Doanh nghiệp tỉnh"]),
    ]),
]  # fmt: skip
SUBINDEX = [1, 1, 2, 3]
TAIL = [
    ("III.", "TỔ CHỨC THỰC HIỆN"),
    ("1.", "Văn phòng Sở tổng hợp báo cáo kết quả gửi Sở Nông nghiệp và Môi trường trước ngày 05 tháng 12 hằng năm."),
    ("2.", "Các phòng, đơn vị thuộc Sở gửi kết quả về Văn phòng Sở trước ngày 25/11 hằng năm./."),
]


def plan_text() -> str:
    lines = [*HEAD_LEFT, *HEAD_RIGHT, "", "KẾ HOẠCH", TITLE, "", PREAMBLE, "I. MỤC ĐÍCH, YÊU CẦU",
             "- Triển khai đầy đủ các nhiệm vụ được UBND tỉnh giao.", "II. NHIỆM VỤ, GIẢI PHÁP"]  # fmt: skip
    for n, (heading, tasks) in enumerate(GROUPS, start=1):
        lines.append(f"{n}. {heading}")
        for k, (task, lead, partners) in enumerate(tasks):
            lines.append(f"{'abc'[k]}) {task}")
            lines.append(f"- Đơn vị chủ trì: {lead}.")
            if partners:
                lines.append(f"- Đơn vị phối hợp: {'; '.join(partners)}.")
    lines += [" ".join(part) for part in TAIL]
    lines += ["", "Nơi nhận:", "- UBND tỉnh;", "- Lưu: VT.", "GIÁM ĐỐC", "", "Lê Văn Bình"]
    return "\n".join(lines) + "\n"


def check(draft: dict) -> None:
    assert draft["is_plan"] is True
    assert (draft["number"], draft["issued_on"], draft["implements"]) == ("64/KH-SXD", "2026-03-17", "45/KH-UBND")
    assert fold(draft["issuer"]) == fold("Sở Xây dựng")
    assert (draft["start_year"], draft["end_year"]) == (2026, 2026)
    assert draft["report"] == {"to": "Sở Nông nghiệp và Môi trường", "due": "12-05"}
    tasks = [t for t in draft["tasks"] if t["part"] == "tasks"]
    expected = [task for _, group in GROUPS for task in group]
    assert len(tasks) == len(expected)
    for got, (text, lead, partners), subindex in zip(tasks, expected, SUBINDEX, strict=True):
        assert fold(text.rstrip(".")) in fold(got["content"])
        assert got["subindex"] == subindex
        assert [fold(n) for n in got["leads"]] == [fold(lead)]
        assert [fold(n) for n in got["partners"]] == [fold(p) for p in partners]
        start, end = got["span"]
        assert start < end


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_a_text_file_in_any_encoding(encoding):
    data = ENCODERS[encoding](plan_text().replace("\n", "\r\n"))
    _, draft = draft_from_file("ke-hoach.txt", data)
    check(draft)


def _numbered_docx() -> bytes:
    """The plan with "I.", "1.", "a)" and "-" made by Word's numbering, not typed."""
    doc = WordDocument()
    _header_table(doc)
    doc.add_paragraph("KẾ HOẠCH").runs[0].bold = True
    doc.add_paragraph(TITLE)
    doc.add_paragraph(PREAMBLE)
    numbering = doc.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for level, (fmt, text) in enumerate([("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"),
                                         ("bullet", "-")]):  # fmt: skip
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            el = OxmlElement(tag)
            el.set(qn("w:val"), value)
            lvl.append(el)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)

    def item(text: str, level: int) -> None:
        p = doc.add_paragraph(text)
        ppr = p._p.get_or_add_pPr()
        numpr = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", str(level)), ("w:numId", "90")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), value)
            numpr.append(el)
        ppr.append(numpr)

    item("MỤC ĐÍCH, YÊU CẦU", 0)
    item("Triển khai đầy đủ các nhiệm vụ được UBND tỉnh giao.", 3)
    item("NHIỆM VỤ, GIẢI PHÁP", 0)
    for heading, tasks in GROUPS:
        item(heading, 1)
        for task, lead, partners in tasks:
            item(task, 2)
            item(f"Đơn vị chủ trì: {lead}.", 3)
            if partners:
                item(f"Đơn vị phối hợp: {'; '.join(partners)}.", 3)
    item(TAIL[0][1], 0)
    for _, text in TAIL[1:]:
        item(text, 1)
    _signature_table(doc)
    return _save(doc)


def _header_table(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    for cell, lines in zip(table.rows[0].cells, (HEAD_LEFT, HEAD_RIGHT), strict=True):
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)


def _signature_table(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = "Nơi nhận:"
    for line in ("- UBND tỉnh;", "- Lưu: VT."):
        left.add_paragraph(line)
    right.paragraphs[0].text = "GIÁM ĐỐC"
    right.add_paragraph("Lê Văn Bình")


def _save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_a_docx_numbered_by_word():
    _, draft = draft_from_file("ke-hoach.docx", _numbered_docx())
    check(draft)


def _appendix_docx() -> bytes:
    """Section II points to an appendix; the tasks are rows of a landscape table after the
    signature, grouped by merged rows naming the sub-index."""
    doc = WordDocument()
    _header_table(doc)
    for line in ("KẾ HOẠCH", TITLE, PREAMBLE, "I. MỤC ĐÍCH, YÊU CẦU", "Triển khai đầy đủ nhiệm vụ được giao.",
                 "II. NHIỆM VỤ, GIẢI PHÁP", "Các phòng thực hiện nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này.",
                 *(" ".join(part) for part in TAIL)):  # fmt: skip
        doc.add_paragraph(line)
    _signature_table(doc)
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("(Kèm theo Kế hoạch số 64/KH-SXD ngày 17/3/2026 của Sở Xây dựng)")
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"  # ruled, as task tables are (a PDF reader finds cells by their lines)
    for cell, text in zip(table.rows[0].cells, ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"],
                          strict=True):  # fmt: skip
        cell.text = text
    number = 0
    for roman, (heading, tasks) in zip(("I", "II", "III"), GROUPS, strict=True):
        row = table.add_row().cells
        merged = row[0].merge(row[4])
        merged.text = f"{roman}. {heading.upper()}"
        for task, lead, partners in tasks:
            number += 1
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[2].text, cells[4].text = str(number), task, lead, "Năm 2026"
            if partners:
                cells[3].text = partners[0]
                for partner in partners[1:]:
                    cells[3].add_paragraph(partner)
    # Column widths as such tables have them: the content wide, the units narrower.
    widths = (1.0, 7.0, 4.0, 4.0, 2.0)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return _save(doc)


def test_a_docx_whose_tasks_are_an_appendix_table():
    _, draft = draft_from_file("ke-hoach.docx", _appendix_docx())
    check(draft)


def test_a_docx_typed_in_a_tcvn3_font():
    doc = WordDocument()
    for line in plan_text().splitlines():
        run = doc.add_paragraph().add_run(encode_tcvn3(line).decode("cp1252"))
        run.font.name = ".VnTime"
        run.font.size = Pt(13)
    _, draft = draft_from_file("ke-hoach.docx", _save(doc))
    check(draft)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("make", [_numbered_docx, _appendix_docx], ids=["numbered", "appendix-table"])
def test_the_pdf_libreoffice_makes_of_it(tmp_path: Path, make):
    source = tmp_path / "ke-hoach.docx"
    source.write_bytes(make())
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    _, draft = draft_from_file("ke-hoach.pdf", (tmp_path / "ke-hoach.pdf").read_bytes())
    check(draft)
