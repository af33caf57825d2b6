"""Vietnamese text: normalisation, diacritic folding and alphabetical sort keys.

This module is framework-free. It is the one place that decides what "the same text" means
for the product: everything stored is NFC, everything searched or matched is folded, and
everything listed by name is ordered with :func:`sort_key`, which follows the Vietnamese
alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y) and puts the tone
marks after the letters (ngang, huyền, hỏi, ngã, sắc, nặng), as ICU's ``vi`` collation does.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "compare",
    "fold",
    "nfc",
    "sort_key",
]

# Letters that look like Đ but are not: the Icelandic Eth (U+00D0) and the African D (U+0189)
# turn up in text typed with the wrong keyboard layout; ICU sorts them apart from Đ (U+0110).
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u0189": "\u0110", "\u00f0": "\u0111"})

# Zero-width characters that copy-paste from web pages and Word leave inside words.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def nfc(text: str | None) -> str:
    """Return ``text`` as NFC with look-alike letters fixed and invisible characters removed.

    Line breaks are kept; runs of spaces (including non-breaking ones) inside a line become one
    space, and each line loses its trailing spaces. ``None`` becomes ``""``.
    """
    if not text:
        return ""
    text = text.translate(_INVISIBLE).translate(_LOOKALIKES)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_SPACES.sub(" ", line).rstrip() for line in text.split("\n")).strip()


def fold(text: str | None) -> str:
    """Fold ``text`` for search and matching: no diacritics, đ→d, lower case, single spaces.

    ``fold("Sở Tư pháp")`` and ``fold("SO TU PHAP")`` are both ``"so tu phap"``.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


# --- Sorting ---------------------------------------------------------------------------

# Combining marks that make new letters of the Vietnamese alphabet (primary differences).
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
# The five tone marks, in the traditional order after the level tone (secondary differences).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
# Primary weights: separators sort first, then digits, then letters in Vietnamese order,
# then every other character by code point.
_LETTER_WEIGHT = {letter: 100 + i for i, letter in enumerate(_ALPHABET)}
_SEPARATOR_WEIGHT = 1
_DIGIT_BASE = 10
_OTHER_BASE = 1000


def _decompose(ch: str) -> tuple[str, int]:
    """Split one NFC character into its letter of the Vietnamese alphabet and its tone."""
    lower = ch.lower()
    if lower == "đ":
        return "đ", 0
    parts = unicodedata.normalize("NFD", lower)
    base, marks = parts[0], parts[1:]
    tone = 0
    for mark in marks:
        if mark == _BREVE and base == "a":
            base = "ă"
        elif mark == _CIRCUMFLEX and base in "aeo":
            base = {"a": "â", "e": "ê", "o": "ô"}[base]
        elif mark == _HORN and base in "ou":
            base = {"o": "ơ", "u": "ư"}[base]
        elif mark in _TONES:
            tone = _TONES[mark]
    return base, tone


@lru_cache(maxsize=65536)
def sort_key(text: str | None) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Return a key that orders strings as a Vietnamese reader expects.

    Three levels, compared in turn as collations do: the letters (with ă, â, đ, ê, ô, ơ, ư as
    letters of their own), then the tone marks, then case (lower before upper). So "Ba Ria" <
    "Bà Rịa" < "Bắc Ninh" < "Cà Mau" < "Đà Nẵng" < "Ê Đê".
    """
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for ch in nfc(text or ""):
        if ch.isspace() or (not ch.isalnum() and unicodedata.category(ch)[0] in "PZS"):
            primary.append(_SEPARATOR_WEIGHT)
            secondary.append(0)
            tertiary.append(0)
            continue
        if ch.isdigit():
            primary.append(_DIGIT_BASE + (unicodedata.digit(ch, 0)))
            secondary.append(0)
            tertiary.append(0)
            continue
        base, tone = _decompose(ch)
        primary.append(_LETTER_WEIGHT.get(base, _OTHER_BASE + ord(base)))
        secondary.append(tone)
        tertiary.append(1 if ch != ch.lower() else 0)
    return tuple(primary), tuple(secondary), tuple(tertiary)


def compare(a: str | None, b: str | None) -> int:
    """Three-way comparison with :func:`sort_key` (the shape SQLite collations need)."""
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


MINUS = "\u2212"  # the minus sign, not the hyphen: "−1,59"


def number(value: int | float) -> str:
    """A number as Vietnamese documents print it: "3.650", "1.250.000" (dot for thousands),
    "−1,59" (comma for decimals, the minus sign for negatives)."""
    sign = MINUS if value < 0 else ""
    value = abs(value)
    if isinstance(value, float) and not value.is_integer():
        whole, _, frac = f"{value:,.2f}".partition(".")
        return sign + whole.replace(",", ".") + "," + frac
    return sign + f"{int(value):,}".replace(",", ".")


def decimal(value: int | float, digits: int = 2) -> str:
    """A measure with a fixed number of decimals, as scores are printed: "17,33", "−2,42",
    "1.200,00"."""
    sign = MINUS if round(value, digits) < 0 else ""
    whole, _, frac = f"{abs(value):,.{digits}f}".partition(".")
    return sign + whole.replace(",", ".") + ("," + frac if frac else "")
