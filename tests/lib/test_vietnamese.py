import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from chisoxanh.lib.vietnamese import compare, fold, nfc, sort_key

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
vi_text = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " -,.0123456789", max_size=30)


def test_nfc_joins_decomposed_letters():
    decomposed = unicodedata.normalize("NFD", "Sở Tư pháp")
    assert decomposed != "Sở Tư pháp"
    assert nfc(decomposed) == "Sở Tư pháp"


def test_nfc_replaces_look_alike_eth_with_d_stroke():
    assert nfc("\u00d0ồng Nai") == "Đồng Nai"


def test_nfc_removes_invisible_characters_and_collapses_spaces():
    assert nfc("Phòng\u00a0\u00a0Nghiệp vụ\u200b II  \r\ndòng hai ") == "Phòng Nghiệp vụ II\ndòng hai"


def test_nfc_of_none_is_empty():
    assert nfc(None) == ""


def test_fold_removes_diacritics_and_d_stroke():
    assert fold("Sở Tư pháp") == "so tu phap"
    assert fold("ĐẮK LẮK") == "dak lak"
    assert fold("  Đà   Nẵng ") == "da nang"


@given(vi_text)
def test_fold_is_idempotent_and_ascii_for_vietnamese(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert folded.isascii()


@given(vi_text)
def test_fold_and_sort_key_ignore_normalisation_form(text):
    nfd = unicodedata.normalize("NFD", text)
    assert fold(nfd) == fold(text)
    assert sort_key(nfd) == sort_key(text)


@given(vi_text, vi_text)
def test_compare_is_antisymmetric(a, b):
    assert compare(a, b) == -compare(b, a)


@given(st.lists(vi_text, max_size=12))
def test_sorting_is_stable_under_repetition(names):
    once = sorted(names, key=sort_key)
    assert sorted(once, key=sort_key) == once


def test_sort_follows_the_vietnamese_alphabet():
    names = [
        "Zeta",
        "Ưng Hòa",
        "Uông Bí",
        "Ơ Rê",
        "Ông Ích",
        "Ô Môn",
        "Huế",
        "Hòa Bình",
        "Hải Phòng",
        "Hà Nội",
        "Ê Đê",
        "Điện Biên",
        "Đắk Lắk",
        "Đà Nẵng",
        "Dak Lak",
        "Cao Bằng",
        "Cà Mau",
        "Bắc Ninh",
        "Bà Rịa",
        "Ba Ria",
        "Ấp Bắc",
        "Ân Thi",
        "An Giang",
    ]
    assert sorted(names, key=sort_key) == [
        "An Giang",
        "Ân Thi",
        "Ấp Bắc",
        "Ba Ria",
        "Bà Rịa",
        "Bắc Ninh",
        "Cà Mau",
        "Cao Bằng",
        "Dak Lak",
        "Đà Nẵng",
        "Đắk Lắk",
        "Điện Biên",
        "Ê Đê",
        "Hà Nội",
        "Hải Phòng",
        "Hòa Bình",
        "Huế",
        "Ô Môn",
        "Ông Ích",
        "Ơ Rê",
        "Uông Bí",
        "Ưng Hòa",
        "Zeta",
    ]


def test_tones_order_after_letters_in_traditional_order():
    assert sorted(["má", "mạ", "mã", "mả", "mà", "ma"], key=sort_key) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
    ]


def test_lower_case_sorts_before_upper_case_of_the_same_word():
    assert sorted(["Sở", "sở"], key=sort_key) == ["sở", "Sở"]


def test_digits_sort_before_letters_and_shorter_before_longer():
    assert sorted(["Phòng Nghiệp vụ II", "Phòng Nghiệp vụ I", "Phòng 2"], key=sort_key) == [
        "Phòng 2",
        "Phòng Nghiệp vụ I",
        "Phòng Nghiệp vụ II",
    ]
