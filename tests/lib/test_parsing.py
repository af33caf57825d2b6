"""Numbers typed by people are read strictly (chisoxanh.lib.parsing)."""

from hypothesis import given
from hypothesis import strategies as st

from chisoxanh.lib.parsing import whole_number


def test_ascii_digits_only():
    assert whole_number(" 2026 ") == 2026
    assert whole_number(7) == 7
    for value in ("²", "٣", "1e3", "-1", "", None, "1" * 10, True, 10**12):
        assert whole_number(value) is None


@given(st.text(max_size=40))
def test_never_raises_and_agrees_with_int_on_what_it_accepts(text):
    number = whole_number(text)
    if number is not None:
        assert number == int(text.strip()) and text.strip().isascii()
