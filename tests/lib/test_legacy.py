import pytest

from chisoxanh.lib.legacy import tcvn3_to_unicode, vni_to_unicode


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [("B¶o Th¾ng", "Bảo Thắng"), ("M­êng Kh­¬ng", "Mường Khương"), ("Së T­ ph¸p", "Sở Tư pháp"), ("§¬n vÞ", "Đơn vị")],
)
def test_tcvn3(legacy, unicode):
    assert tcvn3_to_unicode(legacy) == unicode


def test_tcvn3_capital_fonts():
    assert tcvn3_to_unicode("kÕ ho¹ch", capitals=True) == "KẾ HOẠCH"


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Xin chaøo caùc baïn", "Xin chào các bạn"),
        ("Sôû Tö phaùp tænh Laïng Sôn", "Sở Tư pháp tỉnh Lạng Sơn"),
        ("KEÁ HOAÏCH", "KẾ HOẠCH"),
        ("Ñôn vò chuû trì", "Đơn vị chủ trì"),
        ("naêm 2026 vaø nhöõng naêm tieáp theo", "năm 2026 và những năm tiếp theo"),
        ("Chæ soá Xanh caáp tænh", "Chỉ số Xanh cấp tỉnh"),
    ],
)
def test_vni(legacy, unicode):
    assert vni_to_unicode(legacy) == unicode
