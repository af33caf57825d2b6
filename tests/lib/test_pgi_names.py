import pytest

from chisoxanh.lib.pgi_names import SUBINDICES, match_subindex


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Chỉ số “Giảm thiểu ô nhiễm môi trường và thiên tai”", 1),
        ("Giảm thiểu ô nhiễm và thiên tai", 1),
        ("Đảm bảo tuân thủ các tiêu chuẩn môi trường tối thiểu", 2),
        ('Chỉ số "Thúc đẩy thực hành xanh"', 3),
        ("Vai trò lãnh đạo của chính quyền tỉnh trong bảo vệ môi trường", 3),
        ("Chỉ số “Chính sách khuyến khích và dịch vụ hỗ trợ”", 4),
        ("CHI SO CHINH SACH KHUYEN KHICH VA DICH VU HO TRO", 4),
        ("Environmental incentives and support services by provincial governments", 4),
    ],
)
def test_it_recognises_the_names_plans_use(text, number):
    assert match_subindex(text) == number


def test_it_returns_none_for_unrelated_or_ambiguous_text():
    assert match_subindex("Tổ chức thực hiện") is None
    assert match_subindex("") is None
    assert match_subindex("ô nhiễm và tuân thủ") is None


def test_every_name_and_alias_matches_its_own_subindex():
    for s in SUBINDICES:
        for name in (s.name, s.long_name, s.name_en, *s.aliases):
            assert match_subindex(name) == s.number, name
