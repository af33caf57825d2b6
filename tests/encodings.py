"""Vietnamese text written in the legacy encodings, as old editors stored it: the inverse of
chisoxanh.lib.codepages, for tests that need files in those encodings."""

from __future__ import annotations

import unicodedata

from chisoxanh.lib.legacy import _tcvn3, _vni_table


def _tcvn3_codes() -> dict[str, int]:
    codes = {}
    for key, letter in _tcvn3().items():
        # ABC (VN3) has codes for the lower-case letters and the seven untoned capitals only.
        if letter.islower() or letter in "ĂÂÊÔƠƯĐ":
            codes[letter] = chr(key).encode("cp1252")[0]
    return codes


TCVN3_CODES = _tcvn3_codes()


def encode_tcvn3(text: str) -> bytes:
    """As a .VnTime/.VnTimeH typist stores it: a toned capital is the lower-case code (H font)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out.append(ord(ch))
        elif ch in TCVN3_CODES:
            out.append(TCVN3_CODES[ch])
        elif ch.lower() in TCVN3_CODES:
            out.append(TCVN3_CODES[ch.lower()])
        else:
            out += ch.encode("cp1252")  # Windows punctuation: smart quotes, dashes
    return bytes(out)


VNI_CODES = {letter: code for code, letter in _vni_table()}


def encode_vni(text: str) -> bytes:
    return "".join(VNI_CODES.get(ch, ch) for ch in unicodedata.normalize("NFC", text)).encode("cp1252")


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def encode_cp1258(text: str) -> bytes:
    """A precomposed byte where the code page has one, else the letter then a combining tone."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = "".join(m for m in parts if m in _TONES)
            base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONES))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


ENCODERS = {
    "tcvn3": encode_tcvn3,
    "vni": encode_vni,
    "windows-1258": encode_cp1258,
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-nfd": lambda text: unicodedata.normalize("NFD", text).encode("utf-8"),
    "utf-16": lambda text: text.encode("utf-16"),
}
