"""Encoding detection and decoding of Vietnamese text files (chisoxanh.lib.codepages)."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chisoxanh.lib.codepages import Decoded, decode, repair, repair_tcvn3_caps
from tests.encodings import ENCODERS, encode_tcvn3, encode_vni

ENCODINGS = {"utf-8", "utf-8-nfd", "utf-16", "windows-1258", "tcvn3", "vni", "windows-1252"}

# --- Realistic paragraphs (written for these tests) ------------------------------------------------

PARAGRAPHS = [
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "Số: 145/KH-UBND\n"
    "Đông Hà, ngày 12 tháng 3 năm 2026\n"
    "KẾ HOẠCH\n"
    "Triển khai thực hiện các giải pháp nâng cao Chỉ số Xanh cấp tỉnh (PGI) năm 2026\n",
    "Căn cứ Nghị quyết số 18/NQ-HĐND ngày 10/12/2025 của Hội đồng nhân dân tỉnh, Sở Nông nghiệp và Môi "
    "trường chủ trì, phối hợp với các sở, ban, ngành và UBND các xã, phường tổ chức kiểm tra việc chấp hành "
    "pháp luật về bảo vệ môi trường của các cơ sở sản xuất, kinh doanh; kết quả được công khai trên Cổng "
    "thông tin điện tử của tỉnh trước ngày 30 tháng 11 hằng năm.\n",
    "II. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU\n"
    "1. Đẩy mạnh cải cách thủ tục hành chính, rút ngắn thời gian giải quyết hồ sơ cấp giấy phép môi trường; "
    "tiếp nhận và trả kết quả qua dịch vụ công trực tuyến toàn trình.\n"
    "2. Hỗ trợ doanh nghiệp nhỏ và vừa tiếp cận nguồn vốn tín dụng xanh, ứng dụng công nghệ tiết kiệm năng "
    "lượng và giảm phát thải khí nhà kính.\n"
    "III. TỔ CHỨC THỰC HIỆN\n"
    "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm trước Chủ tịch UBND tỉnh về kết quả thực hiện nhiệm vụ "
    "được giao./.\n",
]
DOCUMENT = "\n".join(PARAGRAPHS)


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
@pytest.mark.parametrize("index", range(len(PARAGRAPHS)))
def test_paragraphs_round_trip_and_are_detected(encoding, index):
    text = PARAGRAPHS[index]
    decoded = decode(ENCODERS[encoding](text))
    assert decoded == Decoded(text, encoding)


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_crlf_line_ends_become_newlines(encoding):
    data = ENCODERS[encoding](DOCUMENT.replace("\n", "\r\n"))
    assert decode(data) == Decoded(DOCUMENT, encoding)


def test_lone_carriage_returns_become_newlines():
    assert decode("Kế hoạch\rnăm 2026\r".encode()).text == "Kế hoạch\nnăm 2026\n"


def test_typographic_punctuation_in_tcvn3_stays_punctuation():
    # Word writes smart quotes and dashes as Windows bytes even in a .VnTime document.
    text = "Chủ đề “Xanh hóa sản xuất” – giai đoạn 2026 – 2030 của các doanh nghiệp trên địa bàn tỉnh…\n"
    assert decode(encode_tcvn3(text)) == Decoded(text, "tcvn3")


def test_old_style_tone_placement_is_kept():
    old = "Cộng hoà, thuỷ lợi, khoẻ mạnh, hoá chất, Thuỷ Hoà"
    assert decode(unicodedata.normalize("NFD", old).encode()) == Decoded(old, "utf-8-nfd")
    for encoding in ("tcvn3", "vni", "windows-1258"):
        assert decode(ENCODERS[encoding](old * 3)).text == old * 3


# --- TCVN3 typed with caps lock in a .VnTimeH font ------------------------------------------------


def test_caps_lock_lines_are_upper_cased():
    assert repair_tcvn3_caps("Kế HOạCH") == "KẾ HOẠCH"
    assert repair_tcvn3_caps("UBND TỉNH Hà GIANG") == "UBND TỈNH HÀ GIANG"
    assert repair_tcvn3_caps("I. MụC ĐíCH, YÊU CầU") == "I. MỤC ĐÍCH, YÊU CẦU"
    assert repair_tcvn3_caps("THứ TƯ") == "THỨ TƯ"


def test_ordinary_lines_keep_their_case():
    for line in ("Số: 203/KH-UBND", "Kế hoạch số 12/KH-UBND của UBND tỉnh", "Hà Giang, ngày 19 tháng 8", "Sở Y Tế"):
        assert repair_tcvn3_caps(line) == line


def test_caps_lock_run_inside_a_mixed_line():
    assert repair_tcvn3_caps("Căn cứ Kế HOạCH số 5 của tỉnh") == "Căn cứ KẾ HOẠCH số 5 của tỉnh"


def test_caps_repair_is_applied_by_decode():
    data = encode_tcvn3("KẾ HOẠCH\nCẢI THIỆN CHỈ SỐ XANH CẤP TỈNH\nKế hoạch số 7/KH-UBND của các sở, ngành\n")
    assert decode(data) == Decoded(
        "KẾ HOẠCH\nCẢI THIỆN CHỈ SỐ XANH CẤP TỈNH\nKế hoạch số 7/KH-UBND của các sở, ngành\n", "tcvn3"
    )


def test_caps_line_with_only_title_case_looking_words_stays_ambiguous():
    # "SỞ Y TẾ" typed in .VnTimeH is byte for byte "Sở Y Tế" typed in .VnTime: nothing tells them apart.
    assert decode(encode_tcvn3("SỞ Y TẾ của các tỉnh và thành phố trực thuộc trung ương")).text.startswith("Sở Y Tế")


# --- The dev-set files ---------------------------------------------------------------------------

DEVSET = Path(os.environ.get("CHISOXANH_DEVSET", "/work/shared/import-devset"))


@pytest.mark.skipif(not DEVSET.is_dir(), reason="the plan-import dev set is not on this machine")
@pytest.mark.parametrize(
    ("case", "encoding", "phrases"),
    [
        ("ha-giang-2024-tcvn3", "tcvn3", ["KẾ HOẠCH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Nông nghiệp", "Số: 203"]),
        ("an-giang-skhcn-2026-vni", "vni", ["KẾ HOẠCH", "VIỆT NAM", "Sở Khoa học và Công nghệ", "Chỉ số Xanh"]),
        ("nghe-an-snv-2026-cp1258", "windows-1258", ["KẾ HOẠCH", "Chỉ số thành phần", "Sở Nội vụ"]),
        ("hue-phuong-phu-xuan-2026-nfd", "utf-8-nfd", ["KẾ HOẠCH", "Nông nghiệp", "Thuỷ Hoà"]),
        ("thai-nguyen-2026-web", "utf-8", ["KẾ HOẠCH", "Chỉ số thành phần", "Nông nghiệp và Môi trường"]),
    ],
)
def test_devset_files(case, encoding, phrases):
    decoded = decode((DEVSET / case / "source.txt").read_bytes())
    assert decoded.encoding == encoding
    assert "\r" not in decoded.text
    assert decoded.text == unicodedata.normalize("NFC", decoded.text)
    for phrase in phrases:
        assert phrase in decoded.text
    assert "Kế HOạCH" not in decoded.text


# --- UTF-16, edge cases ----------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(codec):
    text = "Báo cáo kết quả thực hiện Kế hoạch năm 2026\n"
    if codec == "utf-16":
        datas = [b"\xff\xfe" + text.encode("utf-16-le"), b"\xfe\xff" + text.encode("utf-16-be")]
    else:
        datas = [text.encode(codec)]  # no byte-order mark: found by where the NUL bytes are
    for data in datas:
        assert decode(data) == Decoded(text, "utf-16")


def test_utf8_bom_is_dropped():
    assert decode(b"\xef\xbb\xbf" + "Đơn vị".encode()) == Decoded("Đơn vị", "utf-8")


def test_empty_input():
    assert decode(b"") == Decoded("", "utf-8")


def test_pure_ascii_is_utf8():
    assert decode(b"Ke hoach so 12/KH-UBND\r\n") == Decoded("Ke hoach so 12/KH-UBND\n", "utf-8")


def test_western_text_falls_back_to_windows_1252():
    data = "Café, résumé, naïve, Müller, über, façade, déjà vu".encode("cp1252")
    assert decode(data) == Decoded("Café, résumé, naïve, Müller, über, façade, déjà vu", "windows-1252")


def test_mostly_nfc_utf8_with_a_stray_decomposed_letter_is_utf8():
    text = "Kế hoạch cải thiện Chỉ số Xanh cấp tỉnh năm 2026 của " + unicodedata.normalize("NFD", "Sở")
    assert decode(text.encode()) == Decoded(unicodedata.normalize("NFC", text), "utf-8")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_do_not_raise(data):
    decoded = decode(data)
    assert isinstance(decoded.text, str)
    assert decoded.encoding in ENCODINGS


def test_a_large_file_is_decoded_whole():
    # Speed is measured by the benchmarks (bench/plan_import.py), never by a clock in a test.
    data = encode_tcvn3(DOCUMENT) * (4_000_000 // len(DOCUMENT))  # about 4 MB
    decoded = decode(data)
    assert decoded.encoding == "tcvn3"
    assert decoded.text.count("KẾ HOẠCH") == 4_000_000 // len(DOCUMENT)


# --- Hypothesis: random sequences of real Vietnamese words ------------------------------------------

# Words with a diacritic (an ASCII word reads the same in every code page and decides nothing).
_WORD_LIST = """
    và của các có được với trên năm những này để là một đã về thực hiện tỉnh không người việc phải
    cấp số đơn vị ngày tháng kế hoạch chỉ sở nội thời báo cáo đến từ tại phối hợp chủ trì nhiệm vụ
    công tác định môi trường đầu tư phát triển xã phường huyện giảm thiểu ô nhiễm thiên tai đảm bảo
    tuân thủ thúc đẩy hành xanh chính sách khuyến khích dịch hỗ trợ doanh nghiệp nông lâm thủy sản
    tài nguyên nước rác thải rắn sinh hoạt điện tử cổng thông tin giải pháp chuyển đổi số hóa kiểm
    tra giám sát đánh giá xếp loại thi đua khen thưởng ủy ban nhân dân hội đồng quốc gia biến khí hậu
    tiết kiệm năng lượng tái tạo quản lý khu cụm cơ sở hạ tầng giao thông đường bộ hưởng ứng phong
    trào cộng đồng dân cư tổ chức cá nhân quyết định nghị quyết thông tư hướng dẫn quy chuẩn kỹ thuật
"""
WORDS = [word for word in _WORD_LIST.split() if not word.isascii()]


def _capitalise(word: str, tcvn3: bool) -> str:
    # ABC has no toned capitals: a title-case "Ủy" typed in .VnTime comes back as "ủy", so the TCVN3
    # round trip only capitalises letters that have a code of their own.
    capital = word[0].upper()
    if tcvn3 and not (capital.isascii() or capital in "ĂÂÊÔƠƯĐ"):
        return word
    return capital + word[1:]


def sentences(tcvn3: bool = False, min_size: int = 12):
    words = st.tuples(st.sampled_from(WORDS), st.booleans()).map(
        lambda pair: _capitalise(pair[0], tcvn3) if pair[1] else pair[0]
    )
    separators = st.sampled_from([" ", " ", " ", ", ", "; ", ".\n", " - ", " (2026) "])
    return st.lists(st.tuples(words, separators), min_size=min_size, max_size=40).map(
        lambda items: "".join(word + sep for word, sep in items).strip()
    )


@settings(max_examples=60, deadline=None)
@given(sentences(tcvn3=True))
def test_tcvn3_words_round_trip(text):
    assert decode(encode_tcvn3(text)) == Decoded(text, "tcvn3")


@settings(max_examples=60, deadline=None)
@given(sentences())
@pytest.mark.parametrize("encoding", ["vni", "windows-1258", "utf-8", "utf-8-nfd", "utf-16"])
def test_words_round_trip(encoding, text):
    assert decode(ENCODERS[encoding](text)) == Decoded(text, encoding)


@settings(max_examples=60, deadline=None)
@given(sentences(tcvn3=True))
def test_tcvn3_mojibake_str_is_repaired(text):
    shown = encode_tcvn3(text).decode("cp1252")  # what Word shows for a .VnTime run
    assert repair(shown) == (text, "tcvn3")


@settings(max_examples=60, deadline=None)
@given(sentences())
def test_vni_mojibake_str_is_repaired(text):
    shown = encode_vni(text).decode("cp1252")
    assert repair(shown) == (text, "vni")


# Plus abbreviations, place names, old-style tones and a word glued to its full stop.
CLEAN_WORDS = [*WORDS, "UBND", "HĐND", "PGI", "Đắk", "Lắk", "Nguyễn", "Thuỷ", "Hoà", "Quý", "quỹ", "khoẻ", "người."]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(CLEAN_WORDS), st.sampled_from(["lower", "title", "upper"])),
        min_size=1,
        max_size=30,
    ).map(lambda items: " ".join(getattr(w, "capitalize" if case == "title" else case)() for w, case in items))
)
def test_clean_unicode_is_never_repaired(text):
    assert repair(text) == (text, None)


@pytest.mark.parametrize(
    ("shown", "expected", "encoding"),
    [
        ("B¶o Th¾ng", "Bảo Thắng", "tcvn3"),
        ("Së T­ ph¸p", "Sở Tư pháp", "tcvn3"),
        ("KÕ ho¹ch n¨m 2026 cña UBND tØnh", "Kế hoạch năm 2026 của UBND tỉnh", "tcvn3"),
        ("Vieät Nam", "Việt Nam", "vni"),
        ("Keá hoaïch naêm 2026 cuûa UBND tænh", "Kế hoạch năm 2026 của UBND tỉnh", "vni"),
    ],
)
def test_repair_examples(shown, expected, encoding):
    assert repair(shown) == (expected, encoding)


@pytest.mark.parametrize("text", ["", "Plain ASCII text", "Sở Tư pháp", "Café au lait", "©2026 – “Chỉ số Xanh”"])
def test_repair_leaves_other_text_alone(text):
    assert repair(text) == (text, None)
