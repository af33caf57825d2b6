from hypothesis import given
from hypothesis import strategies as st

from chisoxanh.lib.task_codes import task_codes


def test_a_section_written_as_two_paragraphs_gets_two_codes():
    # The Sở Tư pháp plan: "III.1. Văn phòng Sở" holds two tasks.
    assert task_codes(["II.1", "II.2", "II.3", "III.1", "III.1", "III.2"]) == [
        "II.1",
        "II.2",
        "II.3",
        "III.1.a",
        "III.1.b",
        "III.2",
    ]


def test_a_task_without_a_section_is_known_by_its_place():
    assert task_codes(["I.1", "", " "]) == ["I.1", "2", "3"]


def test_points_are_lettered_in_vietnamese_order():
    assert task_codes(["II.4"] * 6)[4:] == ["II.4.đ", "II.4.e"]


@given(st.lists(st.sampled_from(["I.1", "I.2", "II.1", "III.1", ""]), max_size=40))
def test_codes_are_unique_and_one_per_task(sections):
    codes = task_codes(sections)
    assert len(codes) == len(sections)
    assert len(set(codes)) == len(codes)
