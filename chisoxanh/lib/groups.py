"""Group phrases plans use instead of naming units one by one.

"Đơn vị phối hợp: các phòng, đơn vị sự nghiệp thuộc Sở" names every unit of the issuing
agency; "UBND các xã, phường" names every commune of the province. :func:`match_group` says
which kinds of organisation a phrase covers and where to look for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .vietnamese import fold

# The organisation kinds, as plain strings so that this module stays framework-free; they are
# the values of accounts.models.Organization.Kind.
OFFICE, DIVISION, SERVICE_UNIT = "office", "division", "service_unit"
AGENCY, COMMUNE = "agency", "commune"


@dataclass(frozen=True)
class GroupSpec:
    kinds: tuple[str, ...]
    # "issuer": units directly under the issuing agency; "province": under its province.
    scope: str


_PATTERNS: tuple[tuple[re.Pattern[str], GroupSpec], ...] = tuple(
    (re.compile(pattern), spec)
    for pattern, spec in (
        (
            r"^cac phong chuyen mon( va tuong duong)?( thuoc so)?$",
            GroupSpec((OFFICE, DIVISION), "issuer"),
        ),
        (r"^cac don vi su nghiep( (truc )?thuoc so)?$", GroupSpec((SERVICE_UNIT,), "issuer")),
        (
            r"^(tat ca )?cac phong,? (cac )?don vi( su nghiep)?( (truc )?thuoc so)?$",
            GroupSpec((OFFICE, DIVISION, SERVICE_UNIT), "issuer"),
        ),
        (
            r"^(ubnd|uy ban nhan dan) cac xa,? phuong(,? dac khu)?( tren dia ban tinh)?$",
            GroupSpec((COMMUNE,), "province"),
        ),
        (r"^cac so,? ban,? nganh( (cua|thuoc|cap) tinh)?$", GroupSpec((AGENCY,), "province")),
    )
)


def match_group(text: str) -> GroupSpec | None:
    """The group a phrase names ("các phòng, đơn vị sự nghiệp thuộc Sở."), or ``None``."""
    folded = fold(text).strip(" .;:")
    for pattern, spec in _PATTERNS:
        if pattern.match(folded):
            return spec
    return None
