"""Word documents in the format of Decree 30/2020/NĐ-CP (Phụ lục I): the pieces every
administrative document shares — page, fonts, the two-column header, the title, the body,
page numbers from page 2, the signature and "Nơi nhận" block, a landscape appendix.

Sizes follow the decree's table "Mẫu chữ và chi tiết trình bày thể thức văn bản": Quốc hiệu 13
bold upper; Tiêu ngữ 14 bold; issuer 13 bold upper under its parent 13 upper; "Số:" 13; the
place and date 14 italic; tên loại and trích yếu 14 bold; body 14, justified, first line
indented 1.27 cm; "Nơi nhận:" 12 bold italic with its list in 11; signer 14 bold.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_PT = 14
A4 = (Mm(210), Mm(297))
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
CONTENT_WIDTH_MM = 210 - 30 - 15
FIRST_LINE_INDENT = Cm(1.27)

# Characters XML 1.0 cannot hold (python-docx would refuse them): C0 controls but tab and
# newline, and the non-characters. Text from users can contain any of them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str | None) -> str:
    """Text safe to put in a document: NFC, no XML-illegal characters. Spaces are kept as
    they are (the blanks of an unnumbered draft, "Số:       /BC-STP", are meant)."""
    return _XML_ILLEGAL.sub("", unicodedata.normalize("NFC", (text or "").replace("\u00d0", "\u0110")))


@dataclass
class Header:
    parent: str  # "UBND TỈNH LẠNG SƠN"
    issuer: str  # "SỞ TƯ PHÁP"
    reference: str  # "Số: 45/BC-STP"
    place_date: str  # "Lạng Sơn, ngày 05 tháng 12 năm 2026"


# (style id, name shown in Word)
BODY_STYLE = ("CXBody", "CX Nội dung")
HEADING_STYLE = ("CXHeading", "CX Đề mục")
CELL_STYLE = ("CXCell", "CX Ô bảng")


# Who a file says wrote it when no agency does (never "python-docx" or "openpyxl").
PRODUCT = "Chỉ số Xanh"


def new_document(*, author: str = PRODUCT, title: str = "", created: dt.datetime | None = None) -> Document:
    """An empty document in the Decree 30 layout whose properties (File › Info in Word) name
    the issuing agency as author, not the library that wrote it. ``created`` (the record's
    own time) keeps two renders of the same content byte for byte equal."""
    doc = Document()
    props = doc.core_properties
    props.author = props.last_modified_by = author or PRODUCT
    props.title = title
    props.comments = ""
    props.language = "vi-VN"
    props.created = props.modified = (created or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    props.revision = 1
    section = doc.sections[0]
    _page(section, landscape=False)
    style = doc.styles["Normal"]
    _font(style.element, style.font)
    style.font.size = Pt(BODY_PT)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    # The body's look lives in paragraph styles rather than on each paragraph: the file stays
    # small, a long report renders fast, and a secretary can restyle it in Word in one place.
    body_style = doc.styles.add_style(BODY_STYLE[1], WD_STYLE_TYPE.PARAGRAPH)
    body_style.style_id = BODY_STYLE[0]
    body_style.base_style = style
    bf = body_style.paragraph_format
    bf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    bf.first_line_indent = FIRST_LINE_INDENT
    bf.space_after = Pt(6)
    bf.line_spacing = 1.15
    heading_style = doc.styles.add_style(HEADING_STYLE[1], WD_STYLE_TYPE.PARAGRAPH)
    heading_style.style_id = HEADING_STYLE[0]
    heading_style.base_style = body_style
    heading_style.font.bold = True
    heading_style.paragraph_format.space_before = Pt(6)
    heading_style.paragraph_format.keep_with_next = True
    cell_style = doc.styles.add_style(CELL_STYLE[1], WD_STYLE_TYPE.PARAGRAPH)
    cell_style.style_id = CELL_STYLE[0]
    cell_style.base_style = style
    cell_style.font.size = Pt(12)
    return doc


def _font(element, font) -> None:
    """Times New Roman for every script slot, so Vietnamese letters never fall back."""
    font.name = FONT
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _page(section, *, landscape: bool) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin = MARGINS["top"]
    section.bottom_margin = MARGINS["bottom"]
    section.left_margin = MARGINS["left"]
    section.right_margin = MARGINS["right"]
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def run(
    paragraph: Paragraph,
    text: str,
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    upper: bool = False,
):
    """A run of text. Only what differs from the Normal style (Times New Roman, not bold, not
    italic) is written on the run: a long report has thousands of runs, and every attribute
    set on each of them costs time and bytes."""
    r = paragraph.add_run(clean(text).upper() if upper else clean(text))
    r.font.size = Pt(size)
    if bold:
        r.font.bold = True
    if italic:
        r.font.italic = True
    return r


def para(
    container,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    upper: bool = False,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    indent=None,
    before: float = 0,
    after: float = 0,
    line: float = 1.0,
) -> Paragraph:
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line
    if indent is not None:
        fmt.first_line_indent = indent
    if text:
        run(p, text, size=size, bold=bold, italic=italic, upper=upper)
    return p


def rule(paragraph: Paragraph, *, width_mm: float, column_mm: float) -> None:
    """A solid rule under ``paragraph``, ``width_mm`` long and centred in its column.

    Drawn as the bottom border of an empty paragraph whose side indents leave exactly that
    width: it stays in place in Word and LibreOffice alike, unlike a floating line shape.
    """
    side = max(0.0, (column_mm - width_mm) / 2)
    p = paragraph
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")  # eighths of a point: a 0.75 pt line
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    ppr.append(borders)
    p.paragraph_format.space_after = Pt(0)
    fmt_run = p.add_run("")
    fmt_run.font.size = Pt(2)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _widths(table, widths_mm: list[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, width in enumerate(widths_mm):
        table.columns[i].width = Mm(width)
        for cell in table.columns[i].cells:
            cell.width = Mm(width)


def _cell_paragraph(cell: _Cell, text: str, **kwargs) -> Paragraph:
    """The cell's first paragraph (a new cell has one empty one), then new ones."""
    first = cell.paragraphs[0]
    if not first.runs and not first.text:
        p = first
        p.alignment = kwargs.pop("align", WD_ALIGN_PARAGRAPH.CENTER)
        fmt = p.paragraph_format
        fmt.space_before, fmt.space_after = Pt(kwargs.pop("before", 0)), Pt(kwargs.pop("after", 0))
        if text:
            run(p, text, **kwargs)
        return p
    return para(cell, text, **kwargs)


HEADER_LEFT_MM = 62.0
HEADER_RIGHT_MM = CONTENT_WIDTH_MM - HEADER_LEFT_MM


def _text_width_mm(text: str, size_pt: float, bold: bool) -> float:
    """A rough width of a line of Times New Roman: enough to size a rule under it."""
    per_char = 0.43 if bold else 0.40  # of the font size, measured on LibreOffice's rendering
    return len(text) * size_pt * per_char * 0.3528


def header_block(doc, header: Header) -> None:
    """The two columns of Mẫu 1.4: parent body, issuer, "Số:" | Quốc hiệu, Tiêu ngữ, date."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [HEADER_LEFT_MM, HEADER_RIGHT_MM])
    left, right = table.rows[0].cells
    if header.parent:
        _cell_paragraph(left, header.parent, size=13, upper=True)
        para(left, header.issuer, size=13, bold=True, upper=True)
    else:
        _cell_paragraph(left, header.issuer, size=13, bold=True, upper=True)
    issuer_width = min(HEADER_LEFT_MM, _text_width_mm(header.issuer, 13, True))
    rule(para(left, size=2), width_mm=max(15.0, issuer_width * 0.45), column_mm=HEADER_LEFT_MM)
    para(left, header.reference, size=13, before=6)

    _cell_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True)
    motto = "Độc lập - Tự do - Hạnh phúc"
    para(right, motto, size=14, bold=True)
    rule(para(right, size=2), width_mm=_text_width_mm(motto, 14, True), column_mm=HEADER_RIGHT_MM)
    para(right, header.place_date, size=14, italic=True, before=6)


def title_block(doc, kind: str, title: str) -> None:
    """Tên loại and trích yếu, bold and centred, with a short rule under them."""
    para(doc, kind, size=14, bold=True, upper=True, before=18)
    para(doc, title, size=14, bold=True)
    width = min(CONTENT_WIDTH_MM * 0.4, _text_width_mm(title, 14, True) * 0.45)
    rule(para(doc, size=2), width_mm=max(25.0, width), column_mm=CONTENT_WIDTH_MM)


def addressee(doc, names: list[str]) -> None:
    """ "Kính gửi: …", one addressee on the same line, several one per line."""
    if not names:
        return
    if len(names) == 1:
        para(doc, f"Kính gửi: {names[0]}.", size=14, before=12, after=6)
        return
    para(doc, "Kính gửi:", size=14, before=12)
    for i, name in enumerate(names):
        end = "." if i == len(names) - 1 else ";"
        para(doc, f"- {name}{end}", size=14, align=WD_ALIGN_PARAGRAPH.LEFT, indent=Cm(4))


def _styled(container, style: tuple[str, str], text: str = "") -> Paragraph:
    """A paragraph of one of our styles, set by id: looking styles up by name for each of
    thousands of paragraphs would cost more than writing them."""
    p = container.add_paragraph()
    p._p.get_or_add_pPr().get_or_add_pStyle().val = style[0]
    if text:
        p.add_run(text)
    return p


def body(doc, text: str, *, style: tuple[str, str] = BODY_STYLE) -> Paragraph:
    """A body paragraph: 14 pt, justified, first line indented, 6 pt after, 1.15 lines."""
    return _styled(doc, style, clean(text))


def heading(doc, text: str, *, upper: bool = False) -> Paragraph:
    """A section heading ("I. KẾT QUẢ…", "1. …"): bold, indented like the body."""
    return body(doc, text.upper() if upper else text, style=HEADING_STYLE)


def text_block(doc, text: str) -> None:
    """Several lines of stored text: each line one paragraph ("- …" lines are list items)."""
    for line in clean(text).split("\n"):
        if line.strip():
            body(doc, line.strip())


def page_numbers(section, *, restart: bool = False) -> None:
    """Page numbers 14 pt, centred in the top margin, not on the section's first page."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run()
    r.font.size = Pt(14)
    _font(r._element, r.font)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        r._r.append(el)
    section.first_page_header.is_linked_to_previous = False
    if restart:
        sect_pr = section._sectPr
        num = sect_pr.find(qn("w:pgNumType"))
        if num is None:
            num = OxmlElement("w:pgNumType")
            sect_pr.append(num)
        num.set(qn("w:start"), "1")


def signature_block(doc, *, recipients: list[str], authority: str, title: str, name: str) -> None:
    """ "Nơi nhận:" and its list on the left; the signer's authority, title and name on the right."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [85.0, CONTENT_WIDTH_MM - 85.0])
    left, right = table.rows[0].cells
    _cell_paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=12)
    for i, item in enumerate(recipients):
        item = item.strip().lstrip("-").strip().rstrip(";.")
        end = "." if i == len(recipients) - 1 else ";"
        para(left, f"- {item}{end}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for line in (authority, title):
        if line:
            if first:
                _cell_paragraph(right, line, size=14, bold=True, upper=True, before=12)
                first = False
            else:
                para(right, line, size=14, bold=True, upper=True)
    if first:
        _cell_paragraph(right, "", before=12)
    for _ in range(4):  # room for the signature and the seal
        para(right, "", size=14)
    para(right, name, size=14, bold=True)


def landscape_section(doc):
    """A new landscape A4 section (for an appendix table) with its own page numbering."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    page_numbers(section, restart=True)
    return section


def grid(doc, headers: list[str], rows: list[list[str]], widths_mm: list[float], *, size: float = 12):
    """A bordered table with a bold header row that repeats on every page."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    _widths(table, widths_mm)
    head = table.rows[0]
    tr_pr = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, text in zip(head.cells, headers, strict=True):
        _cell_paragraph(cell, text, size=size, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
            lines = clean(str(text)).split("\n") or [""]
            first = cell.paragraphs[0]
            first._p.get_or_add_pPr().get_or_add_pStyle().val = CELL_STYLE[0]
            if i == 0:
                first.alignment = WD_ALIGN_PARAGRAPH.CENTER
            first.add_run(lines[0])
            for line in lines[1:]:
                _styled(cell, CELL_STYLE, line)
    return table


def page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def to_bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
