import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from chisoxanh.lib.dates import annual_due_label, document_date, page_date, parse_date


def test_page_date_is_day_month_year():
    assert page_date(dt.date(2026, 12, 10)) == "10/12/2026"
    assert page_date(None) == ""


def test_document_date_pads_days_and_only_january_and_february():
    assert document_date(dt.date(2026, 12, 10)) == "ngày 10 tháng 12 năm 2026"
    assert document_date(dt.date(2026, 12, 5)) == "ngày 05 tháng 12 năm 2026"
    assert document_date(dt.date(2026, 1, 21)) == "ngày 21 tháng 01 năm 2026"
    assert document_date(dt.date(2026, 3, 5)) == "ngày 05 tháng 3 năm 2026"


def test_document_date_with_place():
    assert document_date(dt.date(2026, 12, 5), "Lạng Sơn") == "Lạng Sơn, ngày 05 tháng 12 năm 2026"


def test_annual_due_label():
    assert annual_due_label(12, 10) == "trước ngày 10 tháng 12 hằng năm"
    assert annual_due_label(None, None) == ""


def test_parse_date_reads_day_first_forms_and_rejects_impossible_dates():
    assert parse_date("21/01/2026") == dt.date(2026, 1, 21)
    assert parse_date("21-1-2026") == dt.date(2026, 1, 21)
    assert parse_date("2026-01-21") == dt.date(2026, 1, 21)
    assert parse_date("31/02/2026") is None
    assert parse_date("hôm qua") is None


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_page_date_round_trips_through_parse_date(value):
    assert parse_date(page_date(value)) == value
