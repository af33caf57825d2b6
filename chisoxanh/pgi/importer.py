"""Importing an official PGI table (CSV or XLSX): every row checked first, then all saved in one
transaction, or nothing saved and every problem named as "dòng N, cột X: …"."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from chisoxanh.core.audit import audit
from chisoxanh.lib.vietnamese import fold, nfc

from .analytics import era_for
from .models import Province, Score, Subindex

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
# Column → accepted header spellings (folded); the first is the template's.
COLUMNS = {
    "year": ("nam", "year", "ky", "nam cong bo"),
    "province": ("tinh, thanh pho", "tinh", "province", "tinh/thanh pho", "dia phuong"),
    "s1": ("chi so 1", "subindex1", "chi so thanh phan 1"),
    "s2": ("chi so 2", "subindex2", "chi so thanh phan 2"),
    "s3": ("chi so 3", "subindex3", "chi so thanh phan 3"),
    "s4": ("chi so 4", "subindex4", "chi so thanh phan 4"),
    "total": ("tong diem", "total", "diem pgi", "tong"),
    "rank": ("xep hang", "rank", "thu hang"),
    "source": ("nguon", "source_url", "source"),
}
LABELS = {
    "year": "Năm", "province": "Tỉnh, thành phố", "s1": "Chỉ số 1", "s2": "Chỉ số 2", "s3": "Chỉ số 3",
    "s4": "Chỉ số 4", "total": "Tổng điểm", "rank": "Xếp hạng", "source": "Nguồn",
}  # fmt: skip
TEMPLATE_HEADERS = [LABELS[k] for k in COLUMNS]


class ImportRejected(ValueError):
    """The file cannot be read at all (wrong type, too large, no header)."""


@dataclass
class ParsedRow:
    line: int
    year: int
    province: Province
    subs: dict[int, Decimal | None]
    total: Decimal | None
    rank: int | None
    source: str


@dataclass
class ImportResult:
    errors: list[str]
    rows: list[ParsedRow]
    saved: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def read_table(name: str, data: bytes) -> list[list[str]]:
    """The cells of the first sheet (XLSX) or of the file (CSV, UTF-8, comma or semicolon)."""
    if len(data) > MAX_BYTES:
        raise ImportRejected(f"Tệp lớn hơn {MAX_BYTES // 1048576} MB.")
    lower = name.lower()
    if lower.endswith(".xlsx"):
        import openpyxl

        try:
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ImportRejected("Tệp Excel bị hỏng hoặc không phải định dạng XLSX.") from exc
        ws = wb.worksheets[0]
        return [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
    if lower.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportRejected("Tệp CSV phải lưu bằng mã UTF-8.") from exc
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
        return [row for row in csv.reader(io.StringIO(text), dialect)]
    raise ImportRejected("Chỉ nhận tệp CSV hoặc XLSX.")


def _number(text: str) -> Decimal | None:
    text = text.strip().replace(" ", "")
    if not text or fold(text) in ("n/a", "na", "-", "—", "khong co"):
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    return Decimal(text)


def _vi(value: Decimal) -> str:
    """12.5 → "12,50": scores as Vietnamese readers write them."""
    return f"{value:.2f}".replace(".", ",")


def parse(table: list[list[str]]) -> ImportResult:
    rows = [r for r in table if any(str(c).strip() for c in r)]
    if not rows:
        raise ImportRejected("Tệp không có dữ liệu.")
    header = [fold(nfc(str(c))) for c in rows[0]]
    positions: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for i, h in enumerate(header):
            if h in names:
                positions[key] = i
                break
    missing = [LABELS[k] for k in ("year", "province") if k not in positions]
    if missing:
        raise ImportRejected(f"Dòng 1 thiếu cột: {', '.join(missing)}. Hãy dùng tệp mẫu.")
    if len(rows) - 1 > MAX_ROWS:
        raise ImportRejected(f"Tệp có quá {MAX_ROWS} dòng.")

    provinces: dict[tuple[str, str], Province] = {}
    for p in Province.objects.all():
        for name in (p.name, p.name_en, p.name.removeprefix("Thành phố ")):
            provinces[(p.era, fold(name))] = p
    errors: list[str] = []
    parsed: list[ParsedRow] = []
    seen: dict[tuple[int, int], int] = {}
    ranks: dict[tuple[int, int], int] = {}
    for line, raw in enumerate(rows[1:], start=2):
        cells = {k: nfc(str(raw[i])) if i < len(raw) else "" for k, i in positions.items()}

        def fail(key: str, message: str, line: int = line) -> None:
            errors.append(f"dòng {line}, cột {LABELS[key]}: {message}")

        try:
            year = int(Decimal(cells["year"].strip()))
            if not 2020 <= year <= 2100:
                raise ValueError
        except (InvalidOperation, ValueError):
            fail("year", f"“{cells['year']}” không phải là năm hợp lệ")
            continue
        era = era_for(year)
        province = provinces.get((era, fold(cells["province"])))
        if province is None:
            count = "63 tỉnh, thành phố (trước 01/7/2025)" if era == Province.Era.PRE_2025 else "34 tỉnh, thành phố"
            fail("province", f"không tìm thấy “{cells['province']}” trong danh sách {count}")
            continue
        values: dict[str, Decimal | None] = {}
        row_ok = True
        for key, top in (("s1", 10), ("s2", 10), ("s3", 10), ("s4", 10), ("total", 40)):
            try:
                value = _number(cells.get(key, ""))
            except (InvalidOperation, ValueError):
                fail(key, f"“{cells.get(key, '')}” không phải là số")
                row_ok = False
                continue
            if value is not None and not 0 <= value <= top:
                fail(key, f"điểm {_vi(value)} nằm ngoài khoảng 0–{top}")
                row_ok = False
            values[key] = value.quantize(Decimal("0.01")) if value is not None else None
        rank = None
        if cells.get("rank", "").strip():
            try:
                rank = int(Decimal(cells["rank"].strip()))
                limit = 63 if era == Province.Era.PRE_2025 else 34
                if not 1 <= rank <= limit:
                    fail("rank", f"xếp hạng {rank} nằm ngoài khoảng 1–{limit}")
                    row_ok = False
            except (InvalidOperation, ValueError):
                fail("rank", f"“{cells['rank']}” không phải là số thứ hạng")
                row_ok = False
        subs = {n: values.get(f"s{n}") for n in (1, 2, 3, 4)}
        total = values.get("total")
        all_known = total is not None and all(v is not None for v in subs.values())
        if row_ok and all_known and abs(sum(subs.values()) - total) > Decimal("0.05"):
            fail("total", f"tổng điểm {_vi(total)} khác tổng bốn chỉ số thành phần ({_vi(sum(subs.values()))})")
            row_ok = False
        key = (year, province.pk)
        if key in seen:
            fail("province", f"“{province.name}” năm {year} đã có ở dòng {seen[key]}")
            row_ok = False
        seen[key] = line
        if rank is not None:
            if (year, rank) in ranks:
                fail("rank", f"thứ hạng {rank} năm {year} đã có ở dòng {ranks[(year, rank)]}")
                row_ok = False
            ranks[(year, rank)] = line
        if row_ok:
            parsed.append(ParsedRow(line, year, province, subs, total, rank, cells.get("source", "").strip()))
    return ImportResult(errors=errors, rows=parsed)


@transaction.atomic
def apply(result: ImportResult, *, actor, default_source: str) -> int:
    """Save every figure of a clean import; a figure left empty in the file stays as it was."""
    if result.errors:
        raise ImportRejected("Tệp còn lỗi, chưa lưu dòng nào.")
    subindices = {s.number: s for s in Subindex.objects.all()}
    saved = 0
    for row in result.rows:
        source = row.source or default_source
        if row.total is not None or row.rank is not None:
            defaults = {"source": source}
            if row.total is not None:
                defaults["score"] = row.total
            if row.rank is not None:
                defaults["rank"] = row.rank
            Score.objects.update_or_create(province=row.province, year=row.year, subindex=None, defaults=defaults)
            saved += 1
        for n, value in row.subs.items():
            if value is not None:
                Score.objects.update_or_create(
                    province=row.province,
                    year=row.year,
                    subindex=subindices[n],
                    defaults={"score": value, "source": source},
                )
                saved += 1
    if result.rows:
        audit(actor=actor, action="pgi.scores.imported", obj=result.rows[0].province, changes={"figures": [0, saved]})
    result.saved = saved
    return saved


def template_xlsx() -> bytes:
    """A blank table with the expected columns, and a sheet that explains them."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bảng PGI"
    ws.append(TEMPLATE_HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHI", (8, 30, 11, 11, 11, 11, 12, 11, 40), strict=True):
        ws.column_dimensions[letter].width = width
    guide = wb.create_sheet("Hướng dẫn")
    for line in (
        "Mỗi dòng là một tỉnh, thành phố trong một kỳ công bố (năm).",
        "Tên tỉnh ghi như trong danh sách: 63 tỉnh, thành phố đến kỳ 2024; 34 tỉnh, thành phố từ kỳ 2025.",
        "Chỉ số 1–4: điểm 0–10; Tổng điểm: 0–40, bằng tổng bốn chỉ số (sai lệch không quá 0,05).",
        "Ô để trống là chưa có số liệu; số liệu đã có trong hệ thống được giữ nguyên.",
        "Tệp có lỗi ở bất kỳ dòng nào sẽ không được lưu; hệ thống báo từng lỗi theo dòng và cột.",
    ):
        guide.append([line])
    guide.column_dimensions["A"].width = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
