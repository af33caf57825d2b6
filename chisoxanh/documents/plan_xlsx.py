"""The spreadsheet way to bring a plan in: a template to fill (openpyxl), and the reading of a
filled one into a draft of the same shape as the parser's, so that the same review applies.

Every row is checked before anything is kept; each problem is named "Dòng N, cột X (…): …" and a
file with any problem is refused whole (the rule of the PGI table import, ``pgi/importer.py``).
Reading is bounded: the ZIP's unpacked size is checked before openpyxl opens it, the sheet is
streamed (``read_only=True``) and reading stops at the row limit instead of loading the sheet.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from chisoxanh.core.workflow import DomainError
from chisoxanh.lib import pgi_names
from chisoxanh.lib.dates import page_date, parse_date
from chisoxanh.lib.groups import match_group
from chisoxanh.lib.parsing import whole_number
from chisoxanh.lib.plan_parser import title_of
from chisoxanh.lib.vietnamese import fold, nfc, number

from . import plan_draft
from .xlsx import neutralise

MAX_ROWS = 1000  # tasks in one file
MAX_SCANNED = MAX_ROWS + 500  # rows read below the header, blank ones included
MAX_COLUMNS = 20
MAX_UNPACKED = 30 * 1024 * 1024  # a 1,000-task plan unpacks to a few MB
MAX_MEMBERS = 500
HEADER_SEARCH = 40  # the table's header is looked for in the first rows
FIRST_DATA_ROW = 14  # in the template
SHEET_TITLE = "Kế hoạch"
LISTS_TITLE = "Danh mục"


class SheetRejected(DomainError):
    """The file is refused; ``messages`` names every problem (Vietnamese, by row and column)."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__(messages[0] if len(messages) == 1 else f"Tệp có {len(messages)} lỗi.")


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header in the template
    width: float
    aliases: tuple[str, ...]  # folded header spellings accepted


COLUMNS = (
    Column("stt", "STT", 6, ("stt", "tt", "so thu tu")),
    Column("content", "Nội dung nhiệm vụ", 60, ("noi dung nhiem vu", "noi dung", "nhiem vu", "ten nhiem vu")),
    Column("subindex", "Chỉ số thành phần", 24, ("chi so thanh phan", "chi so", "cstp")),
    Column("lead", "Đơn vị chủ trì", 30, ("don vi chu tri", "chu tri", "co quan chu tri", "co quan, don vi chu tri")),
    Column("partners", "Đơn vị phối hợp", 34,
           ("don vi phoi hop", "phoi hop", "co quan phoi hop", "co quan, don vi phoi hop")),
    Column("time", "Thời gian thực hiện", 22, ("thoi gian thuc hien", "thoi gian", "thoi gian hoan thanh", "thoi han")),
    Column("outputs", "Sản phẩm", 30, ("san pham", "san pham du kien", "ket qua")),
)  # fmt: skip
BY_KEY = {c.key: c for c in COLUMNS}

# The header block above the table: (key, label in the template, folded labels accepted).
META = (
    ("number", "Số, ký hiệu", ("so, ky hieu", "so ky hieu", "so")),
    ("issued_on", "Ngày ban hành (dd/mm/yyyy)", ("ngay ban hanh",)),
    ("title", "Trích yếu (tên kế hoạch)", ("trich yeu", "ten ke hoach")),
    ("start_year", "Năm bắt đầu", ("nam bat dau",)),
    ("end_year", "Năm kết thúc (để trống nếu “và những năm tiếp theo”)", ("nam ket thuc",)),
    ("implements", "Thực hiện kế hoạch số (của cấp trên)", ("thuc hien ke hoach so", "thuc hien ke hoach")),
    ("report_to", "Báo cáo kết quả gửi", ("bao cao ket qua gui", "bao cao gui")),
    ("report_due", "Hạn báo cáo hằng năm (dd/mm)", ("han bao cao hang nam", "han bao cao")),
)

INSTRUCTIONS = (
    f"Hướng dẫn: điền thông tin kế hoạch ở các dòng 4–11; từ dòng {FIRST_DATA_ROW}, mỗi dòng là một "
    f"nhiệm vụ (tối đa {number(MAX_ROWS)} nhiệm vụ). “Chỉ số thành phần”: chọn trong danh sách hoặc ghi "
    "số 1–4. “Đơn vị chủ trì”: chọn trong danh sách đơn vị. “Đơn vị phối hợp”: nhiều đơn vị cách nhau "
    "bằng dấu chấm phẩy (;) hoặc xuống dòng (Alt+Enter); có thể ghi cả nhóm, ví dụ “các phòng, đơn vị "
    "thuộc Sở”. “Thời gian thực hiện”: ngày dd/mm/yyyy, “Quý II/2026”, “Tháng 6/2026”, “hằng năm” hoặc "
    "“thường xuyên”. Tệp có lỗi ở bất kỳ dòng nào sẽ không được nhập: hệ thống báo từng lỗi theo dòng "
    "và cột để bạn sửa rồi tải lên lại."
)


def _subindex_label(number: int) -> str:
    return f"{number}. {pgi_names.get(number).name}"


# --- the template -------------------------------------------------------------------------------


def template_xlsx(*, issuer_name: str, units: list[str]) -> bytes:
    """The blank template for ``issuer_name``'s plan: the header block, the table's header, a
    drop-down of the sub-indices and of ``units`` (the names a lead may take)."""
    wb = Workbook()
    wb.properties.creator = wb.properties.lastModifiedBy = issuer_name or "Chỉ số Xanh"
    ws = wb.active
    ws.title = SHEET_TITLE
    lists = wb.create_sheet(LISTS_TITLE)
    bold, wrap = Font(name="Times New Roman", bold=True), Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin", color="999999")
    for i, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    last = get_column_letter(len(COLUMNS))

    ws["A1"] = neutralise(f"KẾ HOẠCH CỦA {issuer_name.upper()} — MẪU NHẬP NHIỆM VỤ")
    ws["A1"].font = Font(name="Times New Roman", bold=True, size=13)
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = INSTRUCTIONS
    ws["A2"].alignment = wrap
    ws["A2"].font = Font(name="Times New Roman", italic=True)
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = 96
    for row, (_, label, _) in enumerate(META, start=4):
        ws.cell(row=row, column=2, value=label).font = bold
        ws.cell(row=row, column=2).alignment = Alignment(horizontal="right", wrap_text=True)
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=len(COLUMNS))
    ws["C5"].number_format = "DD/MM/YYYY"
    header_row = FIRST_DATA_ROW - 1
    for i, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=header_row, column=i, value=column.label)
        cell.font, cell.alignment = bold, Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.fill = PatternFill("solid", fgColor="E8F5E9")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    end = FIRST_DATA_ROW + MAX_ROWS - 1
    for letter in "BCDEFG":
        for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 30):
            ws[f"{letter}{row}"].alignment = wrap

    lists["A1"], lists["B1"] = "Chỉ số thành phần", "Đơn vị chủ trì"
    lists["A1"].font = lists["B1"].font = bold
    for n in range(1, 5):
        lists.cell(row=n + 1, column=1, value=_subindex_label(n))
    for row, name in enumerate(units, start=2):
        lists.cell(row=row, column=2, value=neutralise(name))
    lists.column_dimensions["A"].width = 50
    lists.column_dimensions["B"].width = 60

    subindex = DataValidation(
        type="list",
        formula1=f"'{LISTS_TITLE}'!$A$2:$A$5",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Chỉ số thành phần",
        error="Hãy chọn một trong bốn chỉ số thành phần (1–4).",
        promptTitle="Chỉ số thành phần",
        prompt="Chọn 1–4 trong danh sách.",
    )
    subindex.add(f"C{FIRST_DATA_ROW}:C{end}")
    ws.add_data_validation(subindex)
    if units:
        lead = DataValidation(
            type="list",
            formula1=f"'{LISTS_TITLE}'!$B$2:$B${len(units) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",  # several leads ("A; B") stay possible
            errorTitle="Đơn vị chủ trì",
            error="Đơn vị này không có trong danh sách; hệ thống sẽ báo lỗi khi nhập nếu không tìm thấy.",
        )
        lead.add(f"D{FIRST_DATA_ROW}:D{end}")
        ws.add_data_validation(lead)
    time = DataValidation(
        type="custom",
        formula1="TRUE",
        allow_blank=True,
        showInputMessage=True,
        promptTitle="Thời gian thực hiện",
        prompt="Ví dụ: 30/06/2026; Quý II/2026; hằng năm; thường xuyên.",
    )
    time.add(f"F{FIRST_DATA_ROW}:F{end}")
    ws.add_data_validation(time)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- reading a filled one -----------------------------------------------------------------------


def is_xlsx(data: bytes) -> bool:
    """Whether ``data`` is a spreadsheet (a ZIP with ``xl/workbook.xml``), whatever its name."""
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _check_archive(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SheetRejected(["Tệp Excel bị hỏng hoặc không phải định dạng XLSX."]) from exc
    # The sizes in the ZIP directory bound what is unpacked: zipfile never yields more than a
    # member's declared size, so an archive that lies about them fails rather than growing.
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
        raise SheetRejected(["Tệp Excel giải nén ra quá lớn; có thể là tệp độc hại. Hãy dùng tệp mẫu của hệ thống."])


@dataclass
class Sheet:
    text: str  # the rows as the review's source panel shows them; tasks' spans point into it
    draft: dict


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def _bare(text: str) -> str:
    """A header as compared: folded, without notes in brackets, stars or a closing colon."""
    return re.sub(r"\(.*?\)|\*", "", fold(text)).strip(" :")


def _header_positions(row: tuple) -> dict[str, int]:
    positions: dict[str, int] = {}
    for i, value in enumerate(row):
        bare = _bare(_text(value))
        for column in COLUMNS:
            if column.key not in positions and bare in column.aliases:
                positions[column.key] = i
                break
    return positions


def _where(line: int, position: int, label: str) -> str:
    return f"Dòng {line}, cột {get_column_letter(position + 1)} ({label})"


def _subindex(value: Any) -> int | None:
    """1–4 from a number, "2", "CSTP 2", "2. Đảm bảo tuân thủ" or a sub-index's name."""
    text = _text(value)
    if not text:
        return None
    match = re.match(r"^(?:chi so thanh phan|chi so|cstp)?\s*([1-4])(?!\d|[,.]\d)", fold(text))
    if match:
        return int(match.group(1))
    number = pgi_names.match_subindex(text)
    if number is None:
        raise ValueError(f"không có chỉ số thành phần “{text[:60]}”; hãy chọn 1, 2, 3, 4 hoặc tên của chỉ số")
    return number


def _rows(ws) -> Iterator[tuple[int, tuple]]:
    # values_only in read-only mode streams the sheet's XML: rows are parsed as they are asked
    # for, so stopping early stops the reading.
    yield from enumerate(ws.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1)


def read(data: bytes, *, issuer_name: str, match: Callable[[str], Any]) -> Sheet:
    """The filled template as a draft, or :class:`SheetRejected` with every problem.

    ``match(name)`` gives the organisation a lead's name stands for among the issuer's
    candidates (``documents.imports.matcher``), or None: a lead must be one of them.
    """
    _check_archive(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise SheetRejected(["Tệp Excel bị hỏng hoặc không phải định dạng XLSX."]) from exc
    try:
        ws = wb[SHEET_TITLE] if SHEET_TITLE in wb.sheetnames else wb.worksheets[0]
        return _read_sheet(_rows(ws), issuer_name=issuer_name, match=match)
    finally:
        wb.close()


def _read_sheet(rows: Iterator[tuple[int, tuple]], *, issuer_name: str, match) -> Sheet:
    errors: list[str] = []
    meta_cells: dict[str, tuple[int, int, Any]] = {}
    positions: dict[str, int] = {}
    header_line = 0
    for line, row in rows:
        found = _header_positions(row)
        if "content" in found and len(found) >= 3:
            positions, header_line = found, line
            break
        _meta(row, line, meta_cells)
        if line >= HEADER_SEARCH:
            break
    if not header_line:
        raise SheetRejected(
            [
                "Không tìm thấy dòng tiêu đề của bảng nhiệm vụ (STT, Nội dung nhiệm vụ, Chỉ số thành phần, Đơn vị chủ "
                "trì…). Hãy dùng tệp mẫu của hệ thống."
            ]
        )

    draft = _header(meta_cells, errors, issuer_name)
    annual = plan_draft.annual_default(draft)
    lines: list[str] = _header_text(draft)
    tasks: list[dict] = []
    offset = sum(len(x) + 1 for x in lines)
    count = 0
    for line, row in rows:
        if line - header_line > MAX_SCANNED:
            raise SheetRejected(
                [
                    f"Bảng có quá nhiều dòng (quá {number(MAX_SCANNED)} dòng dưới tiêu đề). Hãy xoá các dòng "
                    "trống thừa hoặc chia thành nhiều tệp."
                ]
            )
        cells = {key: (row[i] if i < len(row) else None) for key, i in positions.items()}
        if not any(_text(v) for k, v in cells.items() if k != "stt"):
            continue  # a blank row, or one only numbered in advance
        count += 1
        if count > MAX_ROWS:
            raise SheetRejected([f"Bảng có quá {number(MAX_ROWS)} nhiệm vụ; hãy chia thành nhiều tệp."])
        task, block = _task(line, cells, positions, errors, match, number=count, annual=annual)
        task["span"] = [offset, offset + len(block)]
        tasks.append(task)
        lines.append(block)
        offset += len(block) + 1
    if not tasks and not errors:
        errors.append(f"Bảng chưa có nhiệm vụ nào (từ dòng {header_line + 1}).")
    if errors:
        raise SheetRejected(errors)
    draft["tasks"] = tasks
    for i, task in enumerate(tasks, start=1):
        line = task.pop("line")
        if task["subindex"] is None:
            draft["warnings"].append(f"Nhiệm vụ {i} (dòng {line}) chưa gắn chỉ số thành phần.")
    if not draft.get("number"):
        draft["warnings"].insert(0, "Chưa ghi số, ký hiệu của kế hoạch.")
    return Sheet(text="\n".join(lines), draft=draft)


def _meta(row: tuple, line: int, found: dict[str, tuple[int, int, Any]]) -> None:
    """A row of the header block: a label cell, and its value in the next filled cell."""
    for i, value in enumerate(row):
        bare = _bare(_text(value))
        if not bare:
            continue
        for key, _, aliases in META:
            if key not in found and bare in aliases:
                rest = [(j, v) for j, v in enumerate(row) if j > i and _text(v)]
                found[key] = (line, rest[0][0] if rest else i + 1, rest[0][1] if rest else None)
                return


def _as_date(value: Any) -> dt.date | None:
    """A date cell's day (openpyxl gives dates as datetimes)."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _header(meta: dict[str, tuple[int, int, Any]], errors: list[str], issuer_name: str) -> dict:
    labels = {key: label for key, label, _ in META}
    values: dict[str, Any] = {}
    for key, (line, position, value) in meta.items():
        where = _where(line, position, labels[key].split(" (")[0])
        if key == "issued_on":
            date = _as_date(value) or parse_date(_text(value))
            if _text(value) and date is None:
                errors.append(f"{where}: ngày “{_text(value)}” không đúng dạng dd/mm/yyyy.")
            values[key] = date.isoformat() if date else None
        elif key in ("start_year", "end_year"):
            text = _text(value)
            year = whole_number(text)
            if text and not (year is not None and 2000 <= year <= 2100):
                errors.append(f"{where}: “{text}” không phải là một năm (ví dụ 2026).")
            values[key] = year
        elif key == "report_due":
            text = _text(value)
            if day := _as_date(value):
                values[key] = f"{day.month:02d}-{day.day:02d}"
            elif text:
                due = parse_date(f"{text}/2024")
                if due is None:
                    errors.append(f"{where}: hạn “{text}” phải có dạng ngày/tháng, ví dụ 10/12.")
                values[key] = f"{due.month:02d}-{due.day:02d}" if due else None
        else:
            values[key] = _text(value).replace("\n", " ") or None
    number = (values.get("number") or "").replace(" ", "") or None
    start, end = values.get("start_year"), values.get("end_year")
    if start and end and end < start:
        line, position, _ = meta["end_year"]
        errors.append(f"{_where(line, position, 'Năm kết thúc')}: năm kết thúc trước năm bắt đầu.")
    issued = values.get("issued_on")
    return {
        "title": values.get("title"),
        "number": number,
        "symbol": number.split("/", 1)[1] if number and "/" in number else None,
        "issued_on": issued,
        "place": None,
        "issuer": issuer_name,
        "implements": (values.get("implements") or "").replace(" ", "") or None,
        "implements_date": None,
        "start_year": start or (int(issued[:4]) if issued else None),
        "end_year": end,
        "preamble": None,
        "purposes": [],
        "requirements": [],
        "report": {"to": values.get("report_to"), "due": values.get("report_due")},
        "tasks": [],
        "recipients": [],
        "signer": {"title": None, "name": None},
        "restored": [],
        "warnings": [],
        "is_plan": True,
        "error": None,
        "kind": "KẾ HOẠCH",
        "source_format": "xlsx",
    }


def _header_text(draft: dict) -> list[str]:
    issued = parse_date(draft["issued_on"] or "")
    lines = [
        f"Số, ký hiệu: {draft['number'] or '—'}",
        f"Ngày ban hành: {page_date(issued) or '—'}",
        f"Trích yếu: {draft['title'] or '—'}",
        f"Năm: {draft['start_year'] or '—'}–{draft['end_year'] or 'và những năm tiếp theo'}",
    ]
    if draft.get("implements"):
        lines.append(f"Thực hiện kế hoạch số: {draft['implements']}")
    return [*lines, ""]


def _task(
    line: int,
    cells: dict[str, Any],
    positions: dict[str, int],
    errors: list[str],
    match,
    *,
    number: int,
    annual: tuple[int, int] | None,
):
    def where(key: str) -> str:
        return _where(line, positions[key], BY_KEY[key].label)

    content = _text(cells.get("content"))
    if not content:
        errors.append(f"{where('content')}: chưa ghi nội dung nhiệm vụ.")
    subindex = None
    if "subindex" in positions:
        try:
            subindex = _subindex(cells.get("subindex"))
        except ValueError as exc:
            errors.append(f"{where('subindex')}: {exc}.")
    leads, partners, lead_id = [], [], None
    for name in plan_draft.split_names(_text(cells.get("lead"))):
        if match_group(name):
            partners.append(name)  # "các phòng thuộc Sở" leads together: the parser's rule
            continue
        org = match(name)
        if org is None:
            errors.append(
                f"{where('lead')}: không có đơn vị “{name[:80]}” trong các cơ quan, đơn vị của tỉnh; hãy chọn trong "
                "danh sách của tệp mẫu (hoặc để trống rồi tạo đơn vị mới khi kiểm tra bản nháp)."
            )
            continue
        leads.append(name)
        lead_id = lead_id or org.pk
    partners += plan_draft.split_names(_text(cells.get("partners")))
    try:
        schedule = plan_draft.parse_time(cells.get("time"))
    except ValueError as exc:
        schedule = plan_draft.parse_time(None)
        if "time" in positions:
            errors.append(f"{where('time')}: {exc}.")
    if schedule["schedule"] == "annual" and not schedule["due_month"] and not annual:
        # Without its own day an annual task falls due on the plan's report day (at confirmation);
        # a plan that gives neither leaves the task without a deadline, which a task may not be.
        errors.append(
            f"{where('time')}: nhiệm vụ hằng năm cần ghi hạn, ví dụ “hằng năm, trước ngày 30/11” "
            "(hoặc ghi hạn báo cáo hằng năm ở phần đầu bảng)."
        )
    outputs = _text(cells.get("outputs")) or None
    stt = _text(cells.get("stt")) or str(number)
    task = {
        "section": stt[:20],
        "part": "tasks",
        "heading": plan_draft.subindex_heading(subindex) if subindex else "",
        "subindex": subindex,
        "title": title_of(content),
        "content": content,
        "lead": "; ".join(leads) or None,
        "leads": leads,
        "lead_id": lead_id,
        "partners": partners,
        **schedule,
        "outputs": outputs,
        "line": line,
    }
    block = "\n".join(
        x
        for x in (
            f"Dòng {line} — STT {stt}" + (f" — {_subindex_label(subindex)}" if subindex else ""),
            content,
            f"Đơn vị chủ trì: {task['lead']}" if task["lead"] else "",
            f"Đơn vị phối hợp: {'; '.join(partners)}" if partners else "",
            f"Thời gian thực hiện: {plan_draft.time_label(task)}",
            f"Sản phẩm: {outputs}" if outputs else "",
        )
        if x
    )
    return task, block
