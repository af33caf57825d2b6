"""Text typed in the legacy Vietnamese font encodings, converted to Unicode (NFC).

TCVN3 (the ".VnTime" family, standard TCVN 5712): the bytes of the old code page are stored as
ordinary characters, so Word shows "B¶o Th¾ng" for "Bảo Thắng". The "H" fonts (".VnTimeH") draw
every letter in capitals from the lower-case codes. The table in data/tcvn3.json was generated
from the C library's TCVN 5712 codec (scripts/make-legacy-tables.py).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .vietnamese import nfc


@lru_cache(maxsize=1)
def _tcvn3() -> dict[int, str]:
    table = json.loads((Path(__file__).resolve().parent / "data" / "tcvn3.json").read_text(encoding="utf-8"))
    return {ord(k): v for k, v in table.items()}


def is_tcvn3_font(font: str | None) -> bool:
    return bool(font) and font.strip().lower().startswith(".vn")


def tcvn3_to_unicode(text: str, *, capitals: bool = False) -> str:
    converted = nfc(text.translate(_tcvn3()))
    return converted.upper() if capitals else converted


def font_is_capitals(font: str | None) -> bool:
    """".VnTimeH", ".VnArialH": the TCVN3 fonts that show every letter as a capital."""
    return bool(font) and font.strip().lower().startswith(".vn") and font.strip().endswith("H")
