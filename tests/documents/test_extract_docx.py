"""DOCX into the document model: Word numbering as labels, styles, text boxes, tables, legacy fonts.

Every file is built here with python-docx, with raw XML where python-docx has no API (numbering
definitions, text boxes, fields, tracked changes).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt

from chisoxanh.documents.extract import ExtractionError, extract_document, extract_text
from chisoxanh.lib.docmodel import Paragraph, Table

DEVSET = Path("/work/shared/import-devset")
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def add_list(doc, levels: list[tuple[str, str]], *, abstract_id: int, num_id: int, extra: str = "") -> int:
    """A Word multilevel list: levels are (numFmt, lvlText) for ilvl 0, 1 …; ``extra`` goes into w:num."""
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {NS} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(f'<w:num {NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{extra}</w:num>')
    )
    return num_id


def numbered(container, text: str, num_id: int, ilvl: int):
    p = container.add_paragraph(text)
    p._p.get_or_add_pPr().insert(
        0, parse_xml(f'<w:numPr {NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )
    return p


def paragraphs(doc) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def labelled(doc) -> list[tuple[str, str]]:
    return [(p.label, p.text) for p in paragraphs(doc) if p.text]


PLAN_LEVELS = [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"), ("bullet", "-")]


def test_word_numbering_becomes_labels_restarting_under_each_roman_heading():
    doc = WordDocument()
    num = add_list(doc, PLAN_LEVELS, abstract_id=50, num_id=50)
    numbered(doc, "MỤC ĐÍCH, YÊU CẦU", num, 0)
    numbered(doc, "Mục đích", num, 1)
    numbered(doc, "Nâng điểm PGI.", num, 3)
    numbered(doc, "Yêu cầu", num, 1)
    numbered(doc, "NHIỆM VỤ", num, 0)
    numbered(doc, "Chỉ số thành phần 1", num, 1)
    numbered(doc, "Việc thứ nhất", num, 2)
    numbered(doc, "Đơn vị chủ trì: Sở Xây dựng.", num, 3)
    numbered(doc, "Việc thứ hai", num, 2)
    numbered(doc, "Chỉ số thành phần 2", num, 1)
    numbered(doc, "Việc thứ ba", num, 2)
    read = extract_document("so.docx", save(doc))
    assert read.source == "docx"
    assert labelled(read) == [
        ("I.", "MỤC ĐÍCH, YÊU CẦU"),
        ("1.", "Mục đích"),
        ("-", "Nâng điểm PGI."),
        ("2.", "Yêu cầu"),
        ("II.", "NHIỆM VỤ"),
        ("1.", "Chỉ số thành phần 1"),
        ("a)", "Việc thứ nhất"),
        ("-", "Đơn vị chủ trì: Sở Xây dựng."),
        ("b)", "Việc thứ hai"),
        ("2.", "Chỉ số thành phần 2"),
        ("a)", "Việc thứ ba"),
    ]
    # The label is printed in front of the text, never inside it.
    assert "II. NHIỆM VỤ" in read.text and "a) Việc thứ nhất" in read.text


def test_lower_letters_count_the_vietnamese_way_with_d_stroke_after_d():
    doc = WordDocument()
    num = add_list(doc, [("lowerLetter", "%1)")], abstract_id=51, num_id=51)
    for i in range(8):
        numbered(doc, f"Điểm {i}", num, 0)
    assert [p.label for p in paragraphs(extract_document("d.docx", save(doc)))] == [
        "a)", "b)", "c)", "d)", "đ)", "e)", "g)", "h)",
    ]  # fmt: skip


def test_multilevel_text_start_override_no_restart_and_decimal_zero():
    doc = WordDocument()
    levels = [("decimal", "%1."), ("decimal", "%1.%2."), ("decimalZero", "%3/")]
    num = add_list(doc, levels, abstract_id=52, num_id=52)
    numbered(doc, "Một", num, 0)
    numbered(doc, "Một một", num, 1)
    numbered(doc, "Một hai", num, 1)
    numbered(doc, "Hai", num, 0)
    numbered(doc, "Hai một", num, 1)
    numbered(doc, "Không một", num, 2)
    # A second w:num on the same list that restarts it at 5.
    override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>'
    restarted = add_list(doc, [("decimal", "%1.")], abstract_id=53, num_id=53)
    doc.part.numbering_part.element.append(
        parse_xml(f'<w:num {NS} w:numId="54"><w:abstractNumId w:val="52"/>{override}</w:num>')
    )
    numbered(doc, "Năm", 54, 0)
    numbered(doc, "Sáu", 54, 0)
    numbered(doc, "Lẻ", restarted, 0)
    assert [p.label for p in paragraphs(extract_document("m.docx", save(doc)))] == [
        "1.", "1.1.", "1.2.", "2.", "2.1.", "01/", "5.", "6.", "1.",
    ]  # fmt: skip


def test_lvl_restart_zero_keeps_counting_across_headings():
    doc = WordDocument()
    num = add_list(doc, [("upperRoman", "%1."), ("decimal", "%2.")], abstract_id=55, num_id=55)
    lvl = doc.part.numbering_part.element.find(f".//{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='55']")
    lvl[1].append(parse_xml(f'<w:lvlRestart {NS} w:val="0"/>'))
    for ilvl in (0, 1, 1, 0, 1):
        numbered(doc, "x", num, ilvl)
    assert [p.label for p in paragraphs(extract_document("r.docx", save(doc)))] == ["I.", "1.", "2.", "II.", "3."]


def test_numbering_inherited_from_the_style_and_its_based_on_chain():
    doc = WordDocument()
    # python-docx's template: "List Number" carries numId 5 (decimal), "List Bullet" numId 1
    # (a Symbol-font private-use bullet).
    doc.add_paragraph("Thứ nhất", style="List Number")
    doc.add_paragraph("Thứ hai", style="List Number")
    doc.add_paragraph("Gạch đầu dòng", style="List Bullet")
    # A style of our own based on "List Number": the numbering comes down the basedOn chain.
    styles = doc.styles.element
    styles.append(
        parse_xml(
            f'<w:style {NS} w:type="paragraph" w:styleId="MucCon"><w:name w:val="Mục con"/>'
            '<w:basedOn w:val="ListNumber"/><w:rPr><w:b/></w:rPr></w:style>'
        )
    )
    p = doc.add_paragraph("Thứ ba")
    p._p.get_or_add_pPr().insert(0, parse_xml(f'<w:pStyle {NS} w:val="MucCon"/>'))
    read = paragraphs(extract_document("s.docx", save(doc)))
    assert [(p.label, p.text, p.style) for p in read] == [
        ("1.", "Thứ nhất", "List Number"),
        ("2.", "Thứ hai", "List Number"),
        ("•", "Gạch đầu dòng", "List Bullet"),
        ("3.", "Thứ ba", "Mục con"),
    ]
    assert read[3].bold and not read[0].bold


def test_a_style_linked_to_a_list_level_takes_that_level():
    doc = WordDocument()
    num = add_list(doc, [("decimal", "%1."), ("lowerLetter", "%2)")], abstract_id=90, num_id=90)
    lvl = doc.part.numbering_part.element.find(f".//{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='90']")[1]
    lvl.insert(0, parse_xml(f'<w:pStyle {NS} w:val="DiemNho"/>'))
    doc.styles.element.append(
        parse_xml(
            f'<w:style {NS} w:type="paragraph" w:styleId="DiemNho"><w:name w:val="Điểm nhỏ"/>'
            f'<w:pPr><w:numPr><w:numId w:val="{num}"/></w:numPr></w:pPr></w:style>'
        )
    )
    numbered(doc, "Khoản", num, 0)
    for text in ("Điểm một", "Điểm hai"):
        p = doc.add_paragraph(text)
        p._p.get_or_add_pPr().insert(0, parse_xml(f'<w:pStyle {NS} w:val="DiemNho"/>'))
    assert labelled(extract_document("k.docx", save(doc))) == [("1.", "Khoản"), ("a)", "Điểm một"), ("b)", "Điểm hai")]


def test_a_list_style_reached_through_num_style_link():
    doc = WordDocument()
    numbering = doc.part.numbering_part.element
    add_list(doc, [("upperLetter", "%1.")], abstract_id=60, num_id=60)
    numbering.find(f".//{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='60']").insert(
        0, parse_xml(f'<w:styleLink {NS} w:val="KieuDanhSach"/>')
    )
    numbering.insert(
        0, parse_xml(f'<w:abstractNum {NS} w:abstractNumId="61"><w:numStyleLink w:val="KieuDanhSach"/></w:abstractNum>')
    )
    numbering.append(parse_xml(f'<w:num {NS} w:numId="61"><w:abstractNumId w:val="61"/></w:num>'))
    doc.styles.element.append(
        parse_xml(
            f'<w:style {NS} w:type="numbering" w:styleId="KieuDanhSach"><w:name w:val="Kiểu danh sách"/>'
            '<w:pPr><w:numPr><w:numId w:val="60"/></w:numPr></w:pPr></w:style>'
        )
    )
    numbered(doc, "Phần đầu", 61, 0)
    numbered(doc, "Phần hai", 61, 0)
    assert [p.label for p in paragraphs(extract_document("l.docx", save(doc)))] == ["A.", "B."]


def test_formatting_alignment_and_indent():
    doc = WordDocument()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("KẾ HOẠCH").bold = True
    mixed = doc.add_paragraph()
    mixed.add_run("Một phần đậm, ").bold = True
    mixed.add_run("một phần không.")
    quote = doc.add_paragraph()
    quote.paragraph_format.left_indent = Pt(36)
    quote.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    quote.add_run("(Kèm theo Kế hoạch số 12/KH-UBND)").italic = True
    heading = doc.add_heading("Phụ lục", level=1)
    read = paragraphs(extract_document("f.docx", save(doc)))
    assert (read[0].text, read[0].bold, read[0].align) == ("KẾ HOẠCH", True, "center")
    assert (read[1].bold, read[1].italic) == (False, False)
    assert (read[2].italic, read[2].indent, read[2].align) == (True, 36.0, "both")
    assert read[3].style == "heading 1" and read[3].text == heading.text


def test_text_boxes_follow_their_anchor_once_and_headers_footers_are_left_out():
    doc = WordDocument()
    doc.sections[0].header.paragraphs[0].text = "Tiêu đề trang lặp lại"
    doc.sections[0].footer.paragraphs[0].text = "Chân trang số trang"
    doc.add_paragraph("Trước hộp")
    anchor = doc.add_paragraph("Đoạn neo")
    box = "<w:txbxContent><w:p><w:r><w:t>Trong hộp chữ: DỰ THẢO</w:t></w:r></w:p></w:txbxContent>"
    anchor._p.append(
        parse_xml(
            f'<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
            f"<a:graphicData><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic>"
            f"</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox>"
            "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        )
    )
    # An old-style (VML only) text box.
    old = doc.add_paragraph("Neo cũ")
    old._p.append(
        parse_xml(
            f"<w:r {NS}><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Hộp VML</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    doc.add_paragraph("Sau hộp")
    read = extract_document("hop.docx", save(doc))
    assert [p.text for p in paragraphs(read)] == [
        "Trước hộp", "Đoạn neo", "Trong hộp chữ: DỰ THẢO", "Neo cũ", "Hộp VML", "Sau hộp",
    ]  # fmt: skip
    assert "Tiêu đề trang" not in read.text and "Chân trang" not in read.text


def test_fields_deletions_content_controls_tabs_and_breaks():
    doc = WordDocument()
    p = doc.add_paragraph()
    for xml in (
        '<w:r><w:t xml:space="preserve">Trang </w:t></w:r>',
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> PAGE \\* MERGEFORMAT </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r><w:t>3</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        '<w:del w:id="1" w:author="a"><w:r><w:delText>bỏ đi </w:delText></w:r></w:del>',
        '<w:ins w:id="2" w:author="a"><w:r><w:t xml:space="preserve"> thêm vào</w:t></w:r></w:ins>',
        "<w:r><w:tab/><w:t>sau tab</w:t><w:br/><w:t>dòng mới</w:t></w:r>",
        '<w:hyperlink><w:r><w:t xml:space="preserve"> liên kết</w:t></w:r></w:hyperlink>',
    ):
        p._p.append(parse_xml(_ns(xml)))
    body = doc.element.body
    body.insert(
        len(body) - 1,  # before the section properties
        parse_xml(
            _ns(
                "<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Trong ô nội dung</w:t></w:r></w:p>"
                "</w:sdtContent></w:sdt>"
            )
        ),
    )
    read = paragraphs(extract_document("truong.docx", save(doc)))
    assert read[0].text == "Trang 3 thêm vào sau tab\ndòng mới liên kết"
    assert read[1].text == "Trong ô nội dung"


def _ns(xml: str) -> str:
    """A fragment with the namespaces declared on its root element."""
    return re.sub(r"^<([\w:]+)", lambda m: f"<{m.group(1)} {NS}", xml, count=1)


def test_tables_keep_header_rows_spans_merges_line_breaks_labels_and_nested_tables():
    doc = WordDocument()
    bullets = add_list(doc, [("bullet", "-")], abstract_id=70, num_id=70)
    table = doc.add_table(rows=5, cols=4)
    for cell, text in zip(table.rows[0].cells, ["STT", "Nội dung", "Chủ trì", "Phối hợp"], strict=True):
        cell.text = text
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {NS} w:val="true"/>'))
    group = table.rows[1].cells[0].merge(table.rows[1].cells[3])
    group.text = "I. CHỈ SỐ THÀNH PHẦN 1"
    cells = table.rows[2].cells
    cells[0].text = "1"
    cells[1].text = "Nạo vét kênh"
    lead = cells[2].merge(table.rows[3].cells[2])  # one lead for two rows
    lead.text = "Sở Nông nghiệp"
    partners = cells[3].paragraphs[0]
    partners.add_run("UBND xã A")
    partners.add_run().add_break()
    partners.add_run("UBND xã B")
    numbered(cells[3], "Sở A", bullets, 0)
    table.rows[3].cells[0].text = "2"
    table.rows[3].cells[1].text = "Trồng cây"
    inner = table.rows[4].cells[1].add_table(rows=1, cols=2)
    inner.rows[0].cells[0].text = "lồng 1"
    inner.rows[0].cells[1].text = "lồng 2"
    read = extract_document("bang.docx", save(doc))
    (found,) = [b for b in read.blocks if isinstance(b, Table)]
    assert found.rows[0].header and not any(r.header for r in found.rows[1:])
    assert [(c.lines, c.colspan) for c in found.rows[1].cells] == [(["I. CHỈ SỐ THÀNH PHẦN 1"], 4)]
    row = found.rows[2].cells
    assert row[2].lines == ["Sở Nông nghiệp"] and not row[2].merged_above
    assert row[3].lines == ["UBND xã A", "UBND xã B", "- Sở A"]
    below = found.rows[3].cells
    assert below[2].merged_above and below[2].lines == []
    assert found.rows[4].cells[1].lines == ["lồng 1", "lồng 2"]
    assert "STT | Nội dung | Chủ trì | Phối hợp" in read.text


def _rewrite(data: bytes, name: str, change) -> bytes:
    """The DOCX with one part's XML changed by ``change(str) -> str``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == name:
                content = change(content.decode("utf-8")).encode("utf-8")
            dst.writestr(info, content)
    return out.getvalue()


def test_tcvn3_and_vni_fonts_are_converted_direct_styled_and_from_the_theme():
    doc = WordDocument()
    p = doc.add_paragraph()
    p.add_run("Së ").font.name = ".VnTime"
    p.add_run("T­ ph¸p").font.name = ".VnTime"
    p.add_run(" tỉnh Lạng Sơn")
    doc.add_paragraph().add_run("kÕ ho¹ch").font.name = ".VnTimeH"
    doc.add_paragraph().add_run("Ñôn vò chuû trì").font.name = "VNI-Times"
    styled = doc.styles.add_style("Cu", 1)
    styled.font.name = ".VnArial"
    doc.add_paragraph("Uû ban nh©n d©n", style="Cu")
    themed = doc.add_paragraph()
    themed.add_run("B¶o Th¾ng")  # no font of its own: the document default, i.e. the theme's body font
    data = _rewrite(
        save(doc), "word/theme/theme1.xml", lambda xml: xml.replace('typeface="Cambria"', 'typeface=".VnTime"')
    )
    read = extract_document("cu.docx", data)
    assert [p.text for p in paragraphs(read)] == [
        "Sở Tư pháp tỉnh Lạng Sơn", "KẾ HOẠCH", "Đơn vị chủ trì", "Uỷ ban nhân dân", "Bảo Thắng",
    ]  # fmt: skip
    assert read.encoding == "tcvn3"


def test_mojibake_in_an_ordinary_font_is_repaired_only_when_it_reads_as_vietnamese():
    doc = WordDocument()
    doc.add_paragraph("Sôû Taøi nguyeân vaø Moâi tröôøng chuû trì, phoái hôïp vôùi caùc ñôn vò")
    doc.add_paragraph("Sở Tài nguyên và Môi trường chủ trì")
    doc.add_paragraph("Café crème brûlée")
    texts = [p.text for p in paragraphs(extract_document("moji.docx", save(doc)))]
    assert texts == [
        "Sở Tài nguyên và Môi trường chủ trì, phối hợp với các đơn vị",
        "Sở Tài nguyên và Môi trường chủ trì",
        "Café crème brûlée",
    ]


def test_broken_and_hostile_docx_files_fail_with_vietnamese_messages():
    with pytest.raises(ExtractionError, match="Tệp rỗng"):
        extract_document("a.docx", b"")
    with pytest.raises(ExtractionError, match="bị hỏng"):
        extract_document("a.docx", save(WordDocument())[:3000])
    no_document = io.BytesIO()
    with zipfile.ZipFile(no_document, "w") as z:
        z.writestr("anh-1.jpg", b"\xff\xd8\xff" + b"0" * 100)
    with pytest.raises(ExtractionError, match="bị hỏng hoặc không phải định dạng DOCX"):
        extract_document("anh.docx", no_document.getvalue())
    bad_xml = _rewrite(save(WordDocument()), "word/document.xml", lambda xml: xml[: len(xml) // 2])
    with pytest.raises(ExtractionError, match="bị hỏng"):
        extract_document("nua.docx", bad_xml)


def big_plan() -> bytes:
    """About 30 pages: numbered headings and items, and an appendix table of 120 rows."""
    doc = WordDocument()
    num = add_list(doc, PLAN_LEVELS, abstract_id=80, num_id=80)
    body = "Tổ chức thực hiện các giải pháp cải thiện Chỉ số Xanh cấp tỉnh tại địa phương, bảo đảm tiến độ. " * 3
    for heading in range(4):
        numbered(doc, f"PHẦN {heading}", num, 0)
        for group in range(5):
            numbered(doc, f"Chỉ số thành phần {group}", num, 1)
            for _ in range(6):
                numbered(doc, body, num, 2)
                numbered(doc, "Đơn vị chủ trì: Sở Nông nghiệp và Môi trường.", num, 3)
                numbered(doc, "Đơn vị phối hợp: UBND các xã, phường.", num, 3)
    table = doc.add_table(rows=120, cols=5)
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            cell.text = f"{i}.{j} Nội dung của ô trong bảng phụ lục"
    return save(doc)


def test_a_30_page_docx_is_read_whole():
    # How fast is measured by `make bench-import`, never by a clock in a test.
    data = big_plan()
    read = extract_document("lon.docx", data)
    assert len(read.text.split()) > 12000  # about 30 pages of 400 words


# --- The development set (read-only; absent on other machines) ---------------------------------


def devset(case: str, name: str) -> bytes:
    path = DEVSET / case / name
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    return path.read_bytes()


def test_devset_numbering_labels_come_from_word_numbering():
    read = extract_document("source.docx", devset("thanh-hoa-svhttdl-2026-numbering", "source.docx"))
    labels = [p.label for p in paragraphs(read) if p.label]
    assert labels[:5] == ["I.", "1.", "-", "2.", "-"]
    assert {"I.", "II.", "III.", "1.", "4.", "a)", "c)", "-"} <= set(labels)
    assert not any(re.match(r"^(I+\.|\d\.|[a-z]\)|-) ", p.text) for p in paragraphs(read))
    heading = next(p for p in paragraphs(read) if p.text == "NHIỆM VỤ, GIẢI PHÁP")
    assert heading.label == "II." and heading.bold


def test_devset_appendix_table_header_and_group_rows():
    read = extract_document("source.docx", devset("binh-dinh-2024-appendix", "source.docx"))
    appendix = [b for b in read.blocks if isinstance(b, Table)][-1]
    assert appendix.rows[0].header and appendix.rows[0].texts[0] == "STT"
    assert appendix.rows[1].texts == ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]
    merged = appendix.rows[2].cells
    assert len(merged) == 1 and merged[0].colspan == 6 and merged[0].text.startswith("I. CHỈ SỐ THÀNH PHẦN 1")
    split = next(r for r in appendix.rows if r.texts[0] == "II")
    assert [c.colspan for c in split.cells] == [1, 5]
    lines = [c.lines for r in appendix.rows for c in r.cells]
    assert ["UBND thị xã An Nhơn", "UBND huyện Tuy Phước", "UBND thành phố Quy Nhơn"] in lines


@pytest.mark.parametrize("name", ["empty.docx", "truncated.docx", "images-zip.docx"])
def test_devset_bad_files_fail_fast_with_a_vietnamese_message(name):
    data = devset("bad-files", name)
    with pytest.raises(ExtractionError, match=r"Tệp rỗng|bị hỏng"):
        extract_text(name, data)
