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
    """ ".VnTimeH", ".VnArialH": the TCVN3 fonts that show every letter as a capital."""
    return bool(font) and font.strip().lower().startswith(".vn") and font.strip().endswith("H")


# --- VNI (the "VNI-Times" family): a letter is its base letter followed by mark characters ------

# The marks after a vowel, in VNI's own order: none, sắc, huyền, hỏi, ngã, nặng.
_VNI_TONES = ("", "ù", "ø", "û", "õ", "ï")
_TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
# Vowels with a shape mark: VNI writes â as "aâ", ă as "aê", ơ as "ô", ư as "ö"; and the shaped
# vowels take their own tone characters (ấ = "aá", ắ = "aé" …).
_SHAPED = {
    "â": ("a", ("â", "á", "à", "å", "ã", "ä")),
    "ê": ("e", ("â", "á", "à", "å", "ã", "ä")),
    "ô": ("o", ("â", "á", "à", "å", "ã", "ä")),
    "ă": ("a", ("ê", "é", "è", "ú", "ü", "ë")),
}


@lru_cache(maxsize=1)
def _vni_table() -> list[tuple[str, str]]:
    import unicodedata

    pairs: dict[str, str] = {}

    def add(code: str, letter: str) -> None:
        pairs[code] = letter
        pairs[code.upper()] = letter.upper()

    for base in "aeouy":
        for tone, mark in zip(_VNI_TONES[1:], _TONE_MARKS[1:], strict=True):
            add(base + tone, unicodedata.normalize("NFC", base + mark))
    for letter, (base, codes) in _SHAPED.items():
        for code, mark in zip(codes, _TONE_MARKS, strict=True):
            add(base + code, unicodedata.normalize("NFC", letter + mark))
    for letter, code in (("ơ", "ô"), ("ư", "ö")):
        add(code, letter)
        for tone, mark in zip(_VNI_TONES[1:], _TONE_MARKS[1:], strict=True):
            add(code + tone, unicodedata.normalize("NFC", letter + mark))
    # i and y take single characters for some tones; đ is ñ.
    for code, letter in (("í", "í"), ("ì", "ì"), ("æ", "ỉ"), ("ó", "ĩ"), ("ò", "ị"), ("î", "ỵ"), ("ñ", "đ")):
        add(code, letter)
    # Longest codes first, so that "aâ" wins over "a".
    return sorted(pairs.items(), key=lambda item: -len(item[0]))


def is_vni_font(font: str | None) -> bool:
    return bool(font) and font.strip().lower().startswith("vni-")


def vni_to_unicode(text: str) -> str:
    import re

    table = dict(_vni_table())
    pattern = re.compile("|".join(re.escape(code) for code, _ in _vni_table()))
    return nfc(pattern.sub(lambda m: table[m.group(0)], text))
