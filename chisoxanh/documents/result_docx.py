"""The result report as a Word document in the format of Decree 30/2020."""

from __future__ import annotations

from chisoxanh.lib.dates import document_date

from . import decree30 as d30
from .models import ResultReport

# The body's sections, in order, under their part headings.
PARTS = (
    ("I", None),
    ("II", "II. KẾT QUẢ THỰC HIỆN"),
    ("III", "III. ĐÁNH GIÁ CHUNG"),
    ("IV", None),
    ("V", None),
)
APPENDIX_HEADERS = ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Kết quả", "Tình trạng"]
APPENDIX_WIDTHS = [12.0, 62.0, 32.0, 38.0, 83.0, 25.0]  # 252 mm: landscape A4 less the margins
LATE_HEADERS = ["STT", "Đơn vị", "Số báo cáo phải gửi", "Chưa gửi", "Gửi chậm"]
LATE_WIDTHS = [12.0, 110.0, 45.0, 40.0, 45.0]


def _blank_date(report: ResultReport) -> str:
    year = report.period.year
    return f"{report.place}, ngày      tháng      năm {year}" if report.place else f"ngày      tháng      năm {year}"


def header_for(report: ResultReport) -> d30.Header:
    agency = report.agency
    parent = agency.parent
    return d30.Header(
        parent=(parent.short_name or parent.name) if parent else "",
        issuer=agency.name,
        reference=f"Số: {report.number:02d}/{report.symbol}" if report.number else f"Số:       /{report.symbol}",
        place_date=document_date(report.issued_on, report.place) if report.issued_on else _blank_date(report),
    )


def reference_line(report: ResultReport) -> str:
    """ "(Kèm theo Báo cáo số 45/BC-STP ngày 05 tháng 12 năm 2026 của Sở Tư pháp)"."""
    number = f"{report.number:02d}/{report.symbol}" if report.number else f"     /{report.symbol}"
    date = document_date(report.issued_on) if report.issued_on else f"ngày      tháng      năm {report.period.year}"
    return f"(Kèm theo Báo cáo số {number} {date} của {report.agency.name})"


def render(report: ResultReport) -> bytes:
    doc = d30.new_document(author=report.agency.name, title=report.title, created=report.created_at)
    d30.page_numbers(doc.sections[0])
    d30.header_block(doc, header_for(report))
    d30.title_block(doc, "Báo cáo", report.title)
    d30.addressee(doc, [report.recipient.name] if report.recipient_id else [])
    d30.text_block(doc, report.text("mo_dau"))

    sections = report.section_map()
    keys = [key for key in sections if key != "mo_dau"]
    for part, part_heading in PARTS:
        part_keys = [k for k in keys if k == part or k.startswith(f"{part}.")]
        if not part_keys:
            continue
        if part_heading:
            d30.heading(doc, part_heading)
        for key in part_keys:
            title = sections[key].get("title", "")
            text = report.text(key)
            if not text.strip() and key != part:
                continue  # an empty subsection is left out rather than printed bare
            if title:
                d30.heading(doc, title)
            d30.text_block(doc, text)
    title = f"{report.title[:1].lower()}{report.title[1:]}".rstrip(". ")
    of_agency = "" if report.agency.name in title else f" của {report.agency.name}"
    d30.body(doc, f"Trên đây là báo cáo {title}{of_agency}./.")
    d30.signature_block(
        doc,
        recipients=[line for line in report.recipients.splitlines() if line.strip()],
        authority=report.signer_authority,
        title=report.signer_title,
        name=report.signer_name,
    )

    rows = report.appendix.get("rows", [])
    late = report.appendix.get("late_units", [])
    if rows or late:
        d30.landscape_section(doc)
        d30.para(doc, "Phụ lục", size=14, bold=True)
        d30.para(doc, "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", size=14, bold=True)
        d30.para(doc, reference_line(report), size=14, italic=True, after=12)
        d30.grid(
            doc,
            APPENDIX_HEADERS,
            [[r["stt"], r["task"], r["lead"], r["partners"], r["result"], r["status"]] for r in rows],
            APPENDIX_WIDTHS,
        )
        if late:
            d30.para(doc, "ĐƠN VỊ BÁO CÁO CHẬM, CHƯA BÁO CÁO", size=14, bold=True, before=18, after=6)
            d30.grid(
                doc,
                LATE_HEADERS,
                [[i, u["unit"], u["expected"], u["missing"], u["late"]] for i, u in enumerate(late, start=1)],
                LATE_WIDTHS,
            )
    return d30.to_bytes(doc)
