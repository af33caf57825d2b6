"""The four PGI sub-indices and the names real documents give them.

Plans, reports and the press name the sub-indices in several ways (short labels, the long
names of the 2023 and 2024 releases, pcivietnam.vn's variants, English). This table is the one
place that knows them; :func:`match_subindex` reads any of them, with or without diacritics.
"""

from __future__ import annotations

from dataclasses import dataclass

from .vietnamese import fold


@dataclass(frozen=True)
class SubindexName:
    number: int
    name: str
    long_name: str
    name_en: str
    aliases: tuple[str, ...]
    # Words that, on their own, point at this sub-index in a heading or a task's text.
    keywords: tuple[str, ...]


SUBINDICES: tuple[SubindexName, ...] = (
    SubindexName(
        1,
        "Giảm thiểu ô nhiễm và thiên tai",
        "Giảm thiểu ô nhiễm môi trường và tác động tiêu cực của biến đổi khí hậu",
        "Minimizing the risk of climate hazards to firms",
        (
            "Giảm thiểu ô nhiễm môi trường và thiên tai",
            "Giảm thiểu ô nhiễm môi trường và tác động tiêu cực của BĐKH",
            "Mitigating environmental pollution and natural disasters",
        ),
        ("o nhiem", "thien tai", "bien doi khi hau"),
    ),
    SubindexName(
        2,
        "Đảm bảo tuân thủ",
        "Đảm bảo tuân thủ các tiêu chuẩn môi trường tối thiểu",
        "Maintaining minimum environmental standards by firms",
        (
            "Bảo đảm tuân thủ",
            "Bảo đảm tuân thủ các tiêu chuẩn môi trường tối thiểu",
            "Ensuring the compliance of environmental standards",
        ),
        ("tuan thu", "tieu chuan moi truong toi thieu"),
    ),
    SubindexName(
        3,
        "Thúc đẩy thực hành xanh",
        "Vai trò lãnh đạo của chính quyền tỉnh trong thúc đẩy thực hành xanh",
        "Environmental leadership by provincial governments",
        (
            "Vai trò lãnh đạo của chính quyền tỉnh trong bảo vệ môi trường",
            "Promoting green practices",
        ),
        ("thuc hanh xanh", "vai tro lanh dao"),
    ),
    SubindexName(
        4,
        "Chính sách khuyến khích và dịch vụ hỗ trợ",
        "Chính sách và dịch vụ hỗ trợ doanh nghiệp trong bảo vệ môi trường",
        "Environmental incentives and support services by provincial governments",
        (
            "Chính sách ưu đãi và dịch vụ hỗ trợ doanh nghiệp trong bảo vệ môi trường",
            "Chính sách khuyến khích và hỗ trợ",
            "Policies to encourage and support businesses in environmental protection",
        ),
        ("khuyen khich", "dich vu ho tro", "chinh sach uu dai"),
    ),
)

_BY_NUMBER = {s.number: s for s in SUBINDICES}


def get(number: int) -> SubindexName:
    return _BY_NUMBER[number]


def _names(s: SubindexName) -> list[str]:
    return [fold(n) for n in (s.name, s.long_name, s.name_en, *s.aliases)]


def match_subindex(text: str) -> int | None:
    """The sub-index a heading or phrase names, or ``None`` when it names none or several.

    A full name or alias found in the text wins (the longest one, so that a long name is not
    mistaken for a shorter one it contains); otherwise the keywords decide, when they point at
    exactly one sub-index.
    """
    folded = fold(text)
    if not folded:
        return None
    best: tuple[int, int] | None = None
    for s in SUBINDICES:
        for name in _names(s):
            if name in folded and (best is None or len(name) > best[1]):
                best = (s.number, len(name))
    if best:
        return best[0]
    hits = {s.number for s in SUBINDICES for k in s.keywords if k in folded}
    return hits.pop() if len(hits) == 1 else None
