"""The demo's result report, downloaded as DOCX and checked element by element (Decree 30)."""

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from tests.documents.conftest import open_docx


def runs_of(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def from_styles(style, get):
    """A value from a style or the styles it is based on (Word's inheritance)."""
    while style is not None:
        if (value := get(style)) is not None:
            return value
        style = style.base_style
    return None


def effective(paragraph, get):
    """Paragraph formatting as Word applies it: set on the paragraph, else from its style."""
    value = get(paragraph.paragraph_format)
    return value if value is not None else from_styles(paragraph.style, lambda st: get(st.paragraph_format))


def size(paragraph):
    return runs_of(paragraph)[0].font.size or from_styles(paragraph.style, lambda st: st.font.size)


def bold(paragraph):
    return runs_of(paragraph)[0].font.bold or from_styles(paragraph.style, lambda st: st.font.bold)


def find(paragraphs, text):
    return next(p for p in paragraphs if p.text.strip() == text)


def test_the_approved_report_downloads_as_a_decree_30_document(client, users, approved):
    client.force_login(users["vanphong"])
    response = client.get(f"/bao-cao-ket-qua/{approved.pk}/tai-ve.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-01-bc-stp-2026.docx"'
    doc = open_docx(response.content)

    page = doc.sections[0]
    # Word stores lengths in twentieths of a point, so millimetres come back rounded.
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)
    assert page.orientation == WD_ORIENT.PORTRAIT
    margins = (page.top_margin, page.bottom_margin, page.left_margin, page.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    assert doc.styles["Normal"].font.name == "Times New Roman"

    left, right = doc.tables[0].rows[0].cells
    parent, issuer = left.paragraphs[0], left.paragraphs[1]
    assert (
        parent.text == "UBND TỈNH LẠNG SƠN"
        and runs_of(parent)[0].font.size == Pt(13)
        and not runs_of(parent)[0].font.bold
    )
    assert issuer.text == "SỞ TƯ PHÁP" and runs_of(issuer)[0].font.bold
    assert left.paragraphs[2]._p.pPr.find(qn("w:pBdr")) is not None  # the short rule
    number = find(left.paragraphs, "Số: 01/BC-STP")
    assert runs_of(number)[0].font.size == Pt(13)
    motto = find(right.paragraphs, "Độc lập - Tự do - Hạnh phúc")
    assert runs_of(motto)[0].font.bold and runs_of(motto)[0].font.size == Pt(14)
    country = find(right.paragraphs, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert runs_of(country)[0].font.bold and runs_of(country)[0].font.size == Pt(13)
    date = find(right.paragraphs, "Lạng Sơn, ngày 05 tháng 12 năm 2026")
    assert runs_of(date)[0].font.italic and runs_of(date)[0].font.size == Pt(14)

    body = doc.paragraphs
    kind = find(body, "BÁO CÁO")
    assert runs_of(kind)[0].font.bold and kind.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert find(body, "Kính gửi: Sở Nông nghiệp và Môi trường.")
    preamble = next(p for p in body if p.text.startswith("Thực hiện Kế hoạch số 18/KH-UBND ngày 21/01/2026"))
    assert effective(preamble, lambda f: f.alignment) == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert effective(preamble, lambda f: f.first_line_indent) == Cm(1.27)
    assert size(preamble) == Pt(14)
    assert effective(preamble, lambda f: f.space_after) == Pt(6)
    heading = find(body, "II. KẾT QUẢ THỰC HIỆN")
    assert bold(heading) and size(heading) == Pt(14)

    texts = [p.text for p in body]
    headings = [t for t in texts if t[:3] in ("I. ", "II.", "III", "IV.", "V. ")]
    assert headings == [
        "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
        "V. KIẾN NGHỊ, ĐỀ XUẤT",
    ]
    assert [t for t in texts if t.startswith(("1. Chỉ số", "2. Chỉ số", "3. Chỉ số"))] == [
        "1. Chỉ số thành phần “Giảm thiểu ô nhiễm và thiên tai”",
        "2. Chỉ số thành phần “Thúc đẩy thực hành xanh”",
        "3. Chỉ số thành phần “Chính sách khuyến khích và dịch vụ hỗ trợ”",
    ]
    # Totals from the accepted reports' activities: 3 sessions (52 + 9 + 85 people) under sub-index 1;
    # 2 sessions (120 + 64) and one Fanpage post (2.300) under sub-index 3.
    assert "Kết quả: tổ chức 3 hội nghị, tập huấn, buổi tuyên truyền với 146 lượt người tham dự." in texts
    assert (
        "Kết quả: tổ chức 2 hội nghị, tập huấn, buổi tuyên truyền với 184 lượt người tham dự; "
        "đăng 1 tin, bài (Fanpage: 1), tiếp cận 2.300 lượt người."
    ) in texts

    signature = doc.tables[1]
    received, signer = signature.rows[0].cells
    label = received.paragraphs[0]
    assert label.text == "Nơi nhận:" and runs_of(label)[0].font.bold and runs_of(label)[0].font.italic
    assert runs_of(label)[0].font.size == Pt(12)
    items = [p.text for p in received.paragraphs[1:]]
    assert items[0] == "- Sở Nông nghiệp và Môi trường (để tổng hợp);" and items[-1] == "- Lưu: VT, VP."
    assert all(runs_of(p)[0].font.size == Pt(11) for p in received.paragraphs[1:])
    signer_lines = [p.text for p in signer.paragraphs if p.text.strip()]
    assert signer_lines == ["GIÁM ĐỐC", "Phạm Hùng Trường"]

    main, appendix = doc.sections
    assert main.different_first_page_header_footer
    assert "PAGE" in main.header._element.xml and main.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert appendix.orientation == WD_ORIENT.LANDSCAPE and round(appendix.page_width.mm) == 297
    assert any(p.text == "(Kèm theo Báo cáo số 01/BC-STP ngày 05 tháng 12 năm 2026 của Sở Tư pháp)" for p in body)
    rows = doc.tables[2].rows
    assert [c.text for c in rows[0].cells] == [
        "STT",
        "Nhiệm vụ",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Kết quả",
        "Tình trạng",
    ]
    assert len(rows) == 1 + 6
    # II.2 is continuous: its lead's report, accepted and sent on 16/11, is "reported on time", never "done".
    assert rows[2].cells[2].text == "Phòng Nghiệp vụ II"
    assert rows[2].cells[5].text == "Đã báo cáo đúng hạn (hạn của đơn vị 25/11/2026)"
    # The report to Sở NN&MT "trước ngày 10 tháng 12 hằng năm" is held to that date, and still a draft.
    assert rows[5].cells[5].text == "Đang thực hiện trong hạn (hạn của cơ quan 10/12/2026)"
    late = doc.tables[3]
    assert [c.text for c in late.rows[1].cells][1:] in (
        ["Phòng Công chứng số 1", "3", "0", "3"],
        ["Trung tâm Dịch vụ đấu giá tài sản", "3", "3", "0"],
    )


def test_a_draft_has_blank_number_and_date(client, users, result_report):
    client.force_login(users["vanphong"])
    doc = open_docx(client.get(f"/bao-cao-ket-qua/{result_report.pk}/tai-ve.docx").content)
    left, right = doc.tables[0].rows[0].cells
    assert any(p.text == "Số:       /BC-STP" for p in left.paragraphs)
    assert any(p.text == "Lạng Sơn, ngày      tháng      năm 2026" for p in right.paragraphs)
