"""The PGI table's column objects: each reads one cell and names what is wrong with it in the words the
import page shows ("dòng N, cột X: …"), and parse() puts them together row by row."""

from decimal import Decimal

import pytest

from chisoxanh.pgi.importer import (
    COLUMNS,
    PROVINCE,
    RANK,
    SOURCE,
    SUBINDICES,
    TEMPLATE_HEADERS,
    TOTAL,
    YEAR,
    ImportRejected,
    parse,
)
from chisoxanh.pgi.models import Province

PRE, POST = Province.Era.PRE_2025, Province.Era.POST_2025
HEADER = ["Năm", "Tỉnh, thành phố", "Chỉ số 1", "Chỉ số 2", "Chỉ số 3", "Chỉ số 4", "Tổng điểm", "Xếp hạng", "Nguồn"]


def errors_of(*rows: list[str], header: list[str] = HEADER) -> list[str]:
    return parse([header, *rows]).errors


def test_the_template_keeps_its_headers_in_order():
    assert TEMPLATE_HEADERS == HEADER
    assert [c.key for c in COLUMNS] == ["year", "province", "s1", "s2", "s3", "s4", "total", "rank", "source"]


def test_a_column_finds_its_first_header_spelling():
    assert YEAR.find(["ghi chu", "year", "nam"]) == 1
    assert RANK.find(["nam", "tinh"]) is None
    assert TOTAL.error(7, "x") == "dòng 7, cột Tổng điểm: x"


@pytest.mark.parametrize(
    ("text", "value", "error"),
    [
        ("2024", 2024, None),
        (" 2025.0 ", 2025, None),
        ("2019", None, "“2019” không phải là năm hợp lệ"),
        ("2101", None, "“2101” không phải là năm hợp lệ"),
        ("năm nay", None, "“năm nay” không phải là năm hợp lệ"),
        ("", None, "“” không phải là năm hợp lệ"),
        # Decimal reads these; int() of them raised and the import page gave a server error.
        ("inf", None, "“inf” không phải là năm hợp lệ"),
        ("NaN", None, "“NaN” không phải là năm hợp lệ"),
    ],
)
def test_the_year_column(text, value, error):
    reading = YEAR.read(text)
    assert (reading.value, reading.error) == (value, error)


def test_the_province_column(db):
    directory = PROVINCE.directory()
    assert PROVINCE.read("Lang Son", era=PRE, directory=directory).value.name == "Lạng Sơn"
    assert PROVINCE.read("Hà Nội", era=POST, directory=directory).value.name == "Thành phố Hà Nội"
    assert PROVINCE.read("Hà Giang", era=POST, directory=directory).error == (
        "không tìm thấy “Hà Giang” trong danh sách 34 tỉnh, thành phố"
    )
    assert PROVINCE.read("Tỉnh X", era=PRE, directory=directory).error == (
        "không tìm thấy “Tỉnh X” trong danh sách 63 tỉnh, thành phố (trước 01/7/2025)"
    )


@pytest.mark.parametrize(
    ("text", "value", "error"),
    [
        ("5,2", Decimal("5.20"), None),
        (" 7.777 ", Decimal("7.78"), None),
        ("", None, None),
        ("n/a", None, None),
        ("—", None, None),
        ("abc", None, "“abc” không phải là số"),
        ("=HYPERLINK(1)", None, "“=HYPERLINK(1)” không phải là số"),
        ("inf", None, "“inf” không phải là số"),
        ("-Infinity", None, "“-Infinity” không phải là số"),
        ("NaN", None, "“NaN” không phải là số"),
        # Out of range is still a number: the message quotes it as Vietnamese readers write it.
        ("12.5", Decimal("12.50"), "điểm 12,50 nằm ngoài khoảng 0–10"),
        ("-1", Decimal("-1.00"), "điểm -1,00 nằm ngoài khoảng 0–10"),
    ],
)
def test_a_subindex_column(text, value, error):
    reading = SUBINDICES[2].read(text)
    assert (reading.value, reading.error) == (value, error)


def test_the_total_column():
    assert TOTAL.read("40").error is None
    assert TOTAL.read("40,01").error == "điểm 40,01 nằm ngoài khoảng 0–40"
    subs = {1: Decimal("5"), 2: Decimal("5"), 3: Decimal("5"), 4: Decimal("5")}
    assert TOTAL.disagrees(Decimal("20.05"), subs) is None
    assert TOTAL.disagrees(Decimal("30"), subs) == "tổng điểm 30,00 khác tổng bốn chỉ số thành phần (20,00)"
    assert TOTAL.disagrees(Decimal("30"), {**subs, 4: None}) is None
    assert TOTAL.disagrees(None, subs) is None


@pytest.mark.parametrize(
    ("text", "era", "value", "error"),
    [
        ("", PRE, None, None),
        ("40", PRE, 40, None),
        (" 12.5 ", PRE, 12, None),
        ("x", PRE, None, "“x” không phải là số thứ hạng"),
        ("inf", PRE, None, "“inf” không phải là số thứ hạng"),
        ("63", PRE, 63, None),
        ("64", PRE, 64, "xếp hạng 64 nằm ngoài khoảng 1–63"),
        ("35", POST, 35, "xếp hạng 35 nằm ngoài khoảng 1–34"),
        ("0", POST, 0, "xếp hạng 0 nằm ngoài khoảng 1–34"),
    ],
)
def test_the_rank_column(text, era, value, error):
    reading = RANK.read(text, era=era)
    assert (reading.value, reading.error) == (value, error)


def test_the_source_column():
    assert SOURCE.read("  VCCI ").value == "VCCI"


def test_each_column_names_its_bad_cell_by_row_and_header(db):
    assert errors_of(["2019", "Lạng Sơn"]) == ["dòng 2, cột Năm: “2019” không phải là năm hợp lệ"]
    assert errors_of(["2025", "Hà Giang"]) == [
        "dòng 2, cột Tỉnh, thành phố: không tìm thấy “Hà Giang” trong danh sách 34 tỉnh, thành phố"
    ]
    assert errors_of(["2024", "Lạng Sơn", "1", "abc", "11", "", "", "70"]) == [
        "dòng 2, cột Chỉ số 2: “abc” không phải là số",
        "dòng 2, cột Chỉ số 3: điểm 11,00 nằm ngoài khoảng 0–10",
        "dòng 2, cột Xếp hạng: xếp hạng 70 nằm ngoài khoảng 1–63",
    ]
    assert errors_of(["2024", "Lạng Sơn", "5", "5", "5", "5", "30"]) == [
        "dòng 2, cột Tổng điểm: tổng điểm 30,00 khác tổng bốn chỉ số thành phần (20,00)"
    ]


def test_repeats_are_named_with_the_first_row(db):
    rows = [["2024", "Lạng Sơn", "", "", "", "", "", "70"], ["2024", "Lang Son", "", "", "", "", "", "70"]]
    # A rank out of range is still remembered: the second row is named for both.
    assert errors_of(*rows) == [
        "dòng 2, cột Xếp hạng: xếp hạng 70 nằm ngoài khoảng 1–63",
        "dòng 3, cột Xếp hạng: xếp hạng 70 nằm ngoài khoảng 1–63",
        "dòng 3, cột Tỉnh, thành phố: “Lạng Sơn” năm 2024 đã có ở dòng 2",
        "dòng 3, cột Xếp hạng: thứ hạng 70 năm 2024 đã có ở dòng 2",
    ]


def test_a_clean_row_is_read_whatever_the_header_spelling_and_order(db):
    result = parse([["rank", "province", "year", "total", "source_url"], ["7", "Lang Son", "2024", "23,3", " VCCI "]])
    assert result.ok
    (row,) = result.rows
    assert (row.line, row.year, row.province.name, row.rank, row.total, row.source) == (
        2,
        2024,
        "Lạng Sơn",
        7,
        Decimal("23.30"),
        "VCCI",
    )
    assert row.subs == {1: None, 2: None, 3: None, 4: None}


def test_the_year_and_province_columns_are_required(db):
    with pytest.raises(ImportRejected) as rejected:
        parse([["Chỉ số 1"], ["5"]])
    assert str(rejected.value) == "Dòng 1 thiếu cột: Năm, Tỉnh, thành phố. Hãy dùng tệp mẫu."
