import pytest

from chisoxanh.lib.groups import match_group


@pytest.mark.parametrize(
    ("text", "kinds", "scope"),
    [
        ("các phòng, đơn vị sự nghiệp thuộc Sở.", ("office", "division", "service_unit"), "issuer"),
        ("Các Phòng, đơn vị thuộc Sở", ("office", "division", "service_unit"), "issuer"),
        ("các phòng, đơn vị trực thuộc Sở", ("office", "division", "service_unit"), "issuer"),
        ("các phòng chuyên môn và tương đương", ("office", "division"), "issuer"),
        ("các đơn vị sự nghiệp thuộc Sở", ("service_unit",), "issuer"),
        ("UBND các xã, phường", ("commune",), "province"),
        ("Ủy ban nhân dân các xã, phường, đặc khu", ("commune",), "province"),
        ("các sở, ban, ngành", ("agency",), "province"),
    ],
)
def test_it_recognises_group_phrases(text, kinds, scope):
    spec = match_group(text)
    assert spec is not None
    assert (spec.kinds, spec.scope) == (kinds, scope)


def test_a_single_unit_is_not_a_group():
    assert match_group("Phòng Nghiệp vụ II") is None
    assert match_group("") is None
