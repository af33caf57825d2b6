"""Which characters a Decree-30 document can print, and how long a text may be.

Documents are set in Times New Roman (Liberation Serif on the servers): it has every Vietnamese
letter, the digits, punctuation and the common symbols, but no emoji, and control or format
characters (zero-width joiners, direction marks) print as nothing or break the layout. Such
characters are refused where the text is typed, with a message that names them, rather than
printed as blank gaps in a signed document.
"""

from __future__ import annotations

import unicodedata

# Blocks of pictographs and dingbats inside the Basic Multilingual Plane (the rest of the emoji
# are above U+FFFF) and the variation selectors that turn a character into an emoji.
_PICTOGRAPH_RANGES = (
    (0x2600, 0x27BF),  # miscellaneous symbols, dingbats
    (0x2B00, 0x2BFF),  # miscellaneous symbols and arrows (coloured squares, stars)
    (0xFE00, 0xFE0F),  # variation selectors
    (0x1F000, 0x10FFFF),  # everything above the BMP: emoji, rare scripts no document font has
)
_ALLOWED_CONTROLS = {"\n", "\r", "\t"}


def _unprintable(ch: str) -> bool:
    code = ord(ch)
    if ch in _ALLOWED_CONTROLS:
        return False
    if any(low <= code <= high for low, high in _PICTOGRAPH_RANGES):
        return True
    # Cc control, Cf format (zero-width, direction marks), Cs lone surrogates, Co private use,
    # Cn unassigned; line and paragraph separators break a document's lines.
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def unprintable(text: str) -> list[str]:
    """The distinct characters of ``text`` a document cannot print, in order of appearance."""
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in seen and _unprintable(ch):
            seen[ch] = None
    return list(seen)


def describe(chars: list[str], limit: int = 5) -> str:
    """ "“😀” (U+1F600), ký tự điều khiển U+0007" — for a message to the person who typed them."""
    parts = []
    for ch in chars[:limit]:
        code = f"U+{ord(ch):04X}"
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            parts.append(f"ký tự điều khiển {code}")
        else:
            parts.append(f"“{ch}” ({code})")
    more = f" và {len(chars) - limit} ký tự khác" if len(chars) > limit else ""
    return ", ".join(parts) + more


def message(chars: list[str]) -> str:
    return (
        f"Có ký tự không in được trong văn bản: {describe(chars)}. "
        "Hãy xóa hoặc thay bằng chữ, số, dấu câu thông thường."
    )
