"""Importing an official PGI table (CSV or XLSX): every row checked first, then all saved in one
transaction, or nothing saved and every problem named as "dòng N, cột X: …"."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Generic, TypeVar

from django.db import transaction

from chisoxanh.core.audit import audit
from chisoxanh.core.workflow import DomainError
from chisoxanh.lib.vietnamese import fold, nfc

from .analytics import era_for
from .models import Province, Score, Subindex

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000


class ImportRejected(DomainError):
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
    value = Decimal(text)
    if not value.is_finite():  # "inf", "NaN": Decimal reads them, no score or rank is one
        raise InvalidOperation(text)
    return value


def _vi(value: Decimal) -> str:
    """12.5 → "12,50": scores as Vietnamese readers write them."""
    return f"{value:.2f}".replace(".", ",")


V = TypeVar("V")


@dataclass(frozen=True)
class Reading(Generic[V]):
    """One cell read: its value (None when empty or unreadable) and what is wrong with it, if anything.

    A wrong cell may still have a value: a rank out of range is still a rank, and the row after it that
    repeats the rank is named too.
    """

    value: V | None = None
    error: str | None = None


@dataclass(frozen=True)
class Column:
    """A column of the table: its key, its header in the template and the header spellings accepted (folded)."""

    key: str
    label: str
    aliases: tuple[str, ...]  # the first is the template's, folded

    def find(self, header: list[str]) -> int | None:
        """The position of the first cell of the (folded) header that names this column."""
        return next((i for i, h in enumerate(header) if h in self.aliases), None)

    def error(self, line: int, message: str) -> str:
        return f"dòng {line}, cột {self.label}: {message}"


@dataclass(frozen=True)
class YearColumn(Column):
    def read(self, text: str) -> Reading[int]:
        try:
            year = int(Decimal(text.strip()))
            if not 2020 <= year <= 2100:
                raise ValueError
        except (InvalidOperation, ValueError, OverflowError):  # OverflowError: int(Decimal("inf"))
            return Reading(error=f"“{text}” không phải là năm hợp lệ")
        return Reading(year)


@dataclass(frozen=True)
class ProvinceColumn(Column):
    @staticmethod
    def directory() -> dict[tuple[str, str], Province]:
        """(era, folded name) → province, for every spelling a table may use: one query for the whole file."""
        provinces: dict[tuple[str, str], Province] = {}
        for p in Province.objects.all():
            for name in (p.name, p.name_en, p.name.removeprefix("Thành phố ")):
                provinces[(p.era, fold(name))] = p
        return provinces

    def read(self, text: str, *, era: str, directory: Mapping[tuple[str, str], Province]) -> Reading[Province]:
        """The province as named in the list of the year's era: a 2024 table has the 63, a 2025 one the 34."""
        province = directory.get((era, fold(text)))
        if province is None:
            count = "63 tỉnh, thành phố (trước 01/7/2025)" if era == Province.Era.PRE_2025 else "34 tỉnh, thành phố"
            return Reading(error=f"không tìm thấy “{text}” trong danh sách {count}")
        return Reading(province)

    def repeated(self, province: Province, year: int, first_line: int) -> str:
        return f"“{province.name}” năm {year} đã có ở dòng {first_line}"


@dataclass(frozen=True)
class ScoreColumn(Column):
    top: int = 10  # the highest score the column can hold

    def read(self, text: str) -> Reading[Decimal]:
        """A score, rounded to the hundredth; an empty cell (or "n/a", "-") is a figure not yet known."""
        try:
            value = _number(text)
        except (InvalidOperation, ValueError, OverflowError):  # OverflowError: int(Decimal("inf"))
            return Reading(error=f"“{text}” không phải là số")
        if value is None:
            return Reading()
        error = None if 0 <= value <= self.top else f"điểm {_vi(value)} nằm ngoài khoảng 0–{self.top}"
        return Reading(value.quantize(Decimal("0.01")), error)


@dataclass(frozen=True)
class TotalColumn(ScoreColumn):
    top: int = 40

    def disagrees(self, total: Decimal | None, subs: Mapping[int, Decimal | None]) -> str | None:
        """Why the total is not the four sub-indices added up, if it is not; a figure left empty is not checked.

        The official tables round each score to the hundredth, so the sum may be off by a few of them.
        """
        if total is None or any(v is None for v in subs.values()):
            return None
        added = sum(subs.values())
        if abs(added - total) > Decimal("0.05"):
            return f"tổng điểm {_vi(total)} khác tổng bốn chỉ số thành phần ({_vi(added)})"
        return None


@dataclass(frozen=True)
class RankColumn(Column):
    def read(self, text: str, *, era: str) -> Reading[int]:
        """A rank among the era's provinces (1–63 up to 2024, 1–34 from 2025); empty when not ranked."""
        if not text.strip():
            return Reading()
        try:
            rank = int(Decimal(text.strip()))
        except (InvalidOperation, ValueError, OverflowError):  # OverflowError: int(Decimal("inf"))
            return Reading(error=f"“{text}” không phải là số thứ hạng")
        limit = 63 if era == Province.Era.PRE_2025 else 34
        return Reading(rank, None if 1 <= rank <= limit else f"xếp hạng {rank} nằm ngoài khoảng 1–{limit}")

    def repeated(self, rank: int, year: int, first_line: int) -> str:
        return f"thứ hạng {rank} năm {year} đã có ở dòng {first_line}"


@dataclass(frozen=True)
class SourceColumn(Column):
    def read(self, text: str) -> Reading[str]:
        """Free text (where the figures come from); empty means the default source given on saving."""
        return Reading(text.strip())


YEAR = YearColumn("year", "Năm", ("nam", "year", "ky", "nam cong bo"))
PROVINCE = ProvinceColumn(
    "province", "Tỉnh, thành phố", ("tinh, thanh pho", "tinh", "province", "tinh/thanh pho", "dia phuong")
)
SUBINDICES = {
    n: ScoreColumn(f"s{n}", f"Chỉ số {n}", (f"chi so {n}", f"subindex{n}", f"chi so thanh phan {n}"))
    for n in (1, 2, 3, 4)
}
TOTAL = TotalColumn("total", "Tổng điểm", ("tong diem", "total", "diem pgi", "tong"))
RANK = RankColumn("rank", "Xếp hạng", ("xep hang", "rank", "thu hang"))
SOURCE = SourceColumn("source", "Nguồn", ("nguon", "source_url", "source"))
# In the template's order.
COLUMNS: tuple[Column, ...] = (YEAR, PROVINCE, *SUBINDICES.values(), TOTAL, RANK, SOURCE)
REQUIRED: tuple[Column, ...] = (YEAR, PROVINCE)
TEMPLATE_HEADERS = [c.label for c in COLUMNS]


@dataclass
class _Rows:
    """Reads the rows one after another, remembering what the earlier ones held: a province has one row a
    year, and a rank belongs to one province a year."""

    directory: Mapping[tuple[str, str], Province]
    errors: list[str] = field(default_factory=list)
    seen: dict[tuple[int, int], int] = field(default_factory=dict)  # (year, province pk) → line
    ranks: dict[tuple[int, int], int] = field(default_factory=dict)  # (year, rank) → line

    def read(self, line: int, cells: Mapping[str, str]) -> ParsedRow | None:
        """The row, or None with its every problem added to ``errors``.

        A row without a readable year or province is named once and left: the other cells cannot be checked
        without the era (which list of provinces, which largest rank), nor the repeats without the province.
        """
        before = len(self.errors)
        year = YEAR.read(cells[YEAR.key])
        if year.value is None:
            return self._fail(line, YEAR, year.error)
        era = era_for(year.value)
        province = PROVINCE.read(cells[PROVINCE.key], era=era, directory=self.directory)
        if province.value is None:
            return self._fail(line, PROVINCE, province.error)
        subs, total, rank = self._figures(line, cells, era)
        self._repeats(line, year.value, province.value, rank)
        if len(self.errors) > before:
            return None
        source = SOURCE.read(cells.get(SOURCE.key, "")).value or ""
        return ParsedRow(line, year.value, province.value, subs, total, rank, source)

    def _fail(self, line: int, column: Column, message: str | None) -> None:
        self.errors.append(column.error(line, message or ""))

    def _figures(
        self, line: int, cells: Mapping[str, str], era: str
    ) -> tuple[dict[int, Decimal | None], Decimal | None, int | None]:
        """The four sub-indices, the total and the rank, each cell's problem named in the columns' order."""
        before = len(self.errors)
        subs = {n: column.read(cells.get(column.key, "")) for n, column in SUBINDICES.items()}
        total = TOTAL.read(cells.get(TOTAL.key, ""))
        rank = RANK.read(cells.get(RANK.key, ""), era=era)
        for column, reading in (*zip(SUBINDICES.values(), subs.values(), strict=True), (TOTAL, total), (RANK, rank)):
            if reading.error:
                self._fail(line, column, reading.error)
        values = {n: reading.value for n, reading in subs.items()}
        # The sum is checked only when every cell is readable and in range: otherwise it says nothing new.
        if len(self.errors) == before and (message := TOTAL.disagrees(total.value, values)):
            self._fail(line, TOTAL, message)
        return values, total.value, rank.value

    def _repeats(self, line: int, year: int, province: Province, rank: int | None) -> None:
        """Name a province or a rank the year already has, with the line that has it first.

        A row with other problems counts too: its repeat is named now, not only once those are fixed.
        """
        key = (year, province.pk)
        if key in self.seen:
            self._fail(line, PROVINCE, PROVINCE.repeated(province, year, self.seen[key]))
        self.seen[key] = line
        if rank is not None:
            if (year, rank) in self.ranks:
                self._fail(line, RANK, RANK.repeated(rank, year, self.ranks[(year, rank)]))
            self.ranks[(year, rank)] = line


def parse(table: list[list[str]]) -> ImportResult:
    """Every row of the table checked; the rows to save, or every problem found ("dòng N, cột X: …")."""
    rows = [r for r in table if any(str(c).strip() for c in r)]
    if not rows:
        raise ImportRejected("Tệp không có dữ liệu.")
    header = [fold(nfc(str(c))) for c in rows[0]]
    positions = {column.key: i for column in COLUMNS if (i := column.find(header)) is not None}
    missing = [column.label for column in REQUIRED if column.key not in positions]
    if missing:
        raise ImportRejected(f"Dòng 1 thiếu cột: {', '.join(missing)}. Hãy dùng tệp mẫu.")
    if len(rows) - 1 > MAX_ROWS:
        raise ImportRejected(f"Tệp có quá {MAX_ROWS} dòng.")

    reader = _Rows(PROVINCE.directory())
    parsed: list[ParsedRow] = []
    for line, raw in enumerate(rows[1:], start=2):
        # A short row (trailing empty cells left out by the spreadsheet) reads as empty cells.
        cells = {key: nfc(str(raw[i])) if i < len(raw) else "" for key, i in positions.items()}
        if (row := reader.read(line, cells)) is not None:
            parsed.append(row)
    return ImportResult(errors=reader.errors, rows=parsed)


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
    wb.properties.creator = wb.properties.lastModifiedBy = "Chỉ số Xanh"
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
