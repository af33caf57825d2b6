"""Find out how a Vietnamese text file was encoded, decode it, and repair legacy-font mojibake.

Old offices still send plain-text files in the code pages of the 1990s: TCVN3 (ABC, ".VnTime"),
VNI-Windows ("VNI-Times") and Windows-1258, next to UTF-8 (sometimes decomposed) and UTF-16. The
file never says which, so :func:`decode` looks at the bytes: byte-order marks, the NUL pattern of
UTF-16, strict UTF-8, and otherwise decodes a sample with each legacy code page and keeps the one
whose words look most like Vietnamese syllables. :func:`repair` applies the same test to text that
is already a ``str`` but was typed in a legacy font (a DOCX run, a web copy).

The syllable test is the core of it: a word counts as Vietnamese when it splits into an onset and
one of the ~150 rimes of the language, carries at most one tone mark on a vowel where Vietnamese
puts it, has sắc or nặng when it ends in -c/-ch/-p/-t, and has a plausible letter case. A wrong
code page turns most words with diacritics into strings that fail at least one of those rules.

This module is framework-free.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .legacy import _tcvn3

__all__ = ["Decoded", "decode", "repair", "repair_tcvn3_caps"]

# The decision reads at most this much; the decode itself always covers the whole input.
SAMPLE_BYTES = 200_000


@dataclass(frozen=True)
class Decoded:
    """The decoded text (NFC, "\\n" line ends) and the name of the encoding it was found in."""

    text: str
    encoding: str


# --- 8-bit tables -----------------------------------------------------------------------------


def _cp(codepage: str, byte: int) -> str:
    # Windows passes the few undefined bytes of its code pages through as U+0080–U+009F; doing the
    # same keeps every byte decodable, so no decode below can raise.
    try:
        return bytes([byte]).decode(codepage)
    except UnicodeDecodeError:
        return chr(byte)


@lru_cache(maxsize=1)
def _cp1252_table() -> str:
    return "".join(_cp("cp1252", b) for b in range(256))


@lru_cache(maxsize=1)
def _cp1258_table() -> str:
    return "".join(_cp("cp1258", b) for b in range(256))


# The Windows punctuation that Word's AutoFormat writes: smart quotes, bullets, dashes, ellipses.
# TCVN 5712 (VN1) puts toned capitals at these bytes, but the ABC fonts (VN3) have no toned
# capitals at all (they are typed in the ".VnTimeH" fonts with the lower-case codes), so in real
# files these bytes are the punctuation: "Độc lập – Tự do" must not come out as "Độc lập Ọ Tự do".
# The other VN1 capitals of the table stay: no typist's punctuation competes for their bytes.
_KEEP_PUNCTUATION = "‚„…‘’“”•–—"


@lru_cache(maxsize=1)
def _tcvn3_chars() -> dict[int, str]:
    """TCVN3 as a str → str translation: keys are the characters a .VnTime font shows (cp1252)."""
    table = dict(_tcvn3())
    for ch in _KEEP_PUNCTUATION:
        table.pop(ord(ch), None)
    return table


@lru_cache(maxsize=1)
def _tcvn3_bytes() -> str:
    chars = _tcvn3_chars()
    return "".join(chars.get(ord(c), c) for c in _cp1252_table())


# VNI writes a letter as its base letter followed by one mark character (or, for ơ ư đ and some
# toned i/y, one character of its own). Each mark character always means the same combining
# marks, so a per-character translation followed by NFC decodes VNI in linear time, with no
# longest-match search. (legacy.vni_to_unicode does the same conversion by longest match.)
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
_VNI_LOWER = {
    "â": _CIRCUMFLEX, "á": _CIRCUMFLEX + _ACUTE, "à": _CIRCUMFLEX + _GRAVE, "å": _CIRCUMFLEX + _HOOK,
    "ã": _CIRCUMFLEX + _TILDE, "ä": _CIRCUMFLEX + _DOT,
    "ê": _BREVE, "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE, "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE,
    "ë": _BREVE + _DOT,
    "ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "ô": "ơ", "ö": "ư", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ñ": "đ",
}  # fmt: skip


@lru_cache(maxsize=1)
def _vni_chars() -> dict[int, str]:
    table: dict[int, str] = {}
    for code, value in _VNI_LOWER.items():
        table[ord(code)] = value
        table[ord(code.upper())] = value.upper()  # combining marks have no case; letters do
    return table


@lru_cache(maxsize=1)
def _vni_bytes() -> dict[int, str]:
    chars = _vni_chars()
    return {b: chars.get(ord(c), c) for b, c in enumerate(_cp1252_table())}


def _from_cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", codecs.charmap_decode(data, "strict", _cp1258_table())[0])


def _from_cp1252(data: bytes) -> str:
    return unicodedata.normalize("NFC", codecs.charmap_decode(data, "strict", _cp1252_table())[0])


def _from_tcvn3(data: bytes) -> str:
    text = codecs.charmap_decode(data, "strict", _tcvn3_bytes())[0]
    # The table holds a few combining tone marks (TCVN 5712 bytes 0xB0–0xB4), hence NFC.
    return repair_tcvn3_caps(unicodedata.normalize("NFC", _newlines(text)))


def _from_vni(data: bytes) -> str:
    return unicodedata.normalize("NFC", codecs.charmap_decode(data, "strict", _vni_bytes())[0])


def _tcvn3_text(text: str) -> str:
    return repair_tcvn3_caps(unicodedata.normalize("NFC", text.translate(_tcvn3_chars())))


def _vni_text(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(_vni_chars()))


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- The .VnTimeH caps-lock repair ------------------------------------------------------------


@lru_cache(maxsize=1)
def _caps_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # The lower-case letters the TCVN3 codes produce: what a .VnTimeH font draws as capitals.
    lower = "".join(sorted({ch for ch in _tcvn3().values() if ch.islower()}))
    # A word typed with caps lock in an H font: an ASCII capital right after one of those letters
    # ("HOạCH", "ĐứC"), or two ASCII capitals before one ("THứ"). A capitalised word such as "Số"
    # or "Kế" is not enough on its own: it is what ordinary title case looks like too.
    certain = re.compile(rf"[{lower}][A-Z]|[A-Z]{{2}}[^\W\d_a-z]*[{lower}]")
    # A run: whole words without an ASCII lower-case letter, joined by anything but letters and
    # line breaks. A word with ASCII lower case was typed without caps lock and ends the run.
    word = r"(?<![^\W\d_])[^\W\d_a-z]+(?![^\W\d_])"
    run = re.compile(rf"{word}(?:(?:[^\w\n]|[\d_])+{word})*")
    return certain, run


def repair_tcvn3_caps(text: str) -> str:
    """Upper-case the runs of TCVN3-decoded text that were typed with caps lock in a .VnTimeH font.

    In those fonts a toned capital is stored as the lower-case code while ASCII letters stay upper
    case, so "KẾ HOẠCH" decodes as "Kế HOạCH". Within each line, a run is a stretch of words with
    no ASCII lower-case letter; a run that holds at least one word that can only come from caps
    lock ("HOạCH") is upper-cased as a whole, so its title-case-looking words ("Kế") follow.
    Lines with ordinary mixed case ("Kế hoạch số 12/KH-UBND", "Số: 203/KH-UBND") are kept.
    """
    certain, run = _caps_patterns()

    def upper_if_caps_lock(match: re.Match[str]) -> str:
        found = match.group()
        return found.upper() if certain.search(found) else found

    # One pass of the compiled pattern over the whole text finds the few lines worth a closer look;
    # the other lines are copied by slicing, so a long file costs little more than the search.
    parts: list[str] = []
    done = 0
    for match in certain.finditer(text):
        if match.start() < done:
            continue  # another hit on a line already handled
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        parts += (text[done:start], run.sub(upper_if_caps_lock, text[start:end]))
        done = end
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


# --- What a Vietnamese syllable looks like ------------------------------------------------------

_TONE_MARKS = {_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT}
_STOP_TONES = {_ACUTE, _DOT}  # the only tones a syllable ending in -c, -ch, -p, -t can carry
_LETTERS = set("abcdđeêghiklmnoôơpqrstuưvxyăâ")
_VOWELS = set("aăâeêioôơuưy")
_SHAPED = set("ăâêôơư")
_ONSETS = (
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)  # fmt: skip
# The rimes of Vietnamese without their tone, from the standard rime tables (plus "ăk"/"ak" for
# the Tây Nguyên place names Đắk, Lắk, and "yt"/"ynh" that only follow qu-: quýt, quỳnh).
_RIME_LIST = """
    a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt ăk ak
    âc âm ân âng âp ât âu ây e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
    i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
    o oc oi om on ong op ot oong ooc ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
    u ua uc ui um un ung up ut ư ưa ưc ưi ưm ưn ưng ưt ưu y yt ynh
    oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oen oet oeo
    uân uâng uât uây uê uêch uên uênh uêt uơ uôc uôi uôm uôn uông uôt
    uy uya uych uyên uyêt uynh uyt uyu ươc ươi ươm ươn ương ươp ươt ươu yêm yên yêt yêu
"""
_RIMES = frozenset(_RIME_LIST.split())
# Frequent words of administrative Vietnamese (those with a diacritic: ASCII words read the same
# in every code page); one more sign that a decoding is the right one.
_COMMON_LIST = """
    và của các có được với trên năm những này để là một đã về thực hiện tỉnh không người việc
    phải cấp số đơn vị ngày tháng kế hoạch chỉ sở nội thời báo cáo đến từ tại phối hợp chủ trì
    nhiệm vụ công tác định môi trường đầu tư phát triển
"""
_COMMON = frozenset(_COMMON_LIST.split())

_NEUTRAL, _VALID, _INVALID = 0, 1, -1


@lru_cache(maxsize=131072)
def _judge(token: str) -> int:
    """_VALID, _INVALID, or _NEUTRAL (an upper-case abbreviation such as "HĐND" or "QĐ")."""
    if not _plausible_case(token):
        return _INVALID
    if _syllable(token.lower()):
        return _VALID
    if token.isupper() and all(ch.isascii() or ch == "Đ" for ch in token):
        return _NEUTRAL
    return _INVALID


def _plausible_case(token: str) -> bool:
    lower = token.lower()
    return token == lower or token == token.upper() or token == token[:1].upper() + lower[1:]


def _syllable(word: str) -> bool:
    letters: list[str] = []
    tone = ""
    tone_at = -1
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONE_MARKS:
            if tone or not letters:
                return False  # two tone marks, or a mark on nothing
            tone, tone_at = ch, len(letters) - 1
        elif unicodedata.combining(ch):
            if not letters:
                return False
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
            if len(letters[-1]) != 1:
                return False  # a mark that makes no letter (a circumflex on v, a breve on e…)
        else:
            letters.append(ch)
    base = "".join(letters)
    if not base or not set(base) <= _LETTERS:
        return False
    return any(
        base.startswith(onset) and _rime_fits(onset, base[len(onset) :], tone, tone_at - len(onset))
        for onset in _ONSETS
    )


def _rime_fits(onset: str, rime: str, tone: str, tone_at: int) -> bool:
    if not rime:
        # "gì", "gỉ": the i of gi- is the whole vowel.
        return onset == "gi" and (not tone or tone_at == -1)
    if rime not in _RIMES:
        return False
    first = rime[0]
    # Spelling rules: k, gh, ngh before i e ê y only; c, g, ng never there (g before i is the gi-
    # onset written with its i shared: "gìn", "giếng").
    if onset in ("k", "gh", "ngh") and first not in "ieêy":
        return False
    if (onset in ("c", "ng") and first in "ieêy") or (onset == "g" and first in "eêy"):
        return False
    if rime.endswith(("c", "ch", "p", "t", "k")) and tone not in _STOP_TONES:
        return False
    if rime.startswith("oo") and tone not in ("", _ACUTE):
        return False  # the loanword rimes: xoong, boong, soóc, moóc
    if not tone:
        return True
    nucleus = 0
    while nucleus < len(rime) and rime[nucleus] in _VOWELS:
        nucleus += 1
    return tone_at in _tone_places(rime, nucleus)


def _tone_places(rime: str, nucleus: int) -> set[int]:
    """Where the tone of ``rime`` may sit (old and new placement both accepted: hòa and hoà)."""
    vowels = rime[:nucleus]
    shaped = {i for i, ch in enumerate(vowels) if ch in _SHAPED}
    if shaped:
        return shaped
    if nucleus < len(rime) or nucleus == 1:
        return {nucleus - 1}
    if vowels in ("oa", "oe", "uy"):
        return {0, 1}
    return {0} if nucleus == 2 else {1}


# Words are cut at spaces, ASCII punctuation and digits, and typographic punctuation.
_TOKENS = re.compile(r"[^\s!-@\[-`{-~\u2010-\u2027\u00ab\u00bb]+")


@dataclass(frozen=True)
class _Stats:
    valid: int
    invalid: int
    common: int

    @property
    def ratio(self) -> float:
        judged = self.valid + self.invalid
        return self.valid / judged if judged else 0.0

    @property
    def score(self) -> int:
        return self.valid + self.common - 2 * self.invalid


def _stats(text: str) -> _Stats:
    """How Vietnamese ``text`` looks, counted over its words that have a non-ASCII character."""
    valid = invalid = common = 0
    for token in _TOKENS.findall(text):
        if token.isascii():
            continue  # an ASCII word reads the same in every code page: it decides nothing
        verdict = _judge(token)
        if verdict == _VALID:
            valid += 1
            common += token.lower() in _COMMON
        elif verdict == _INVALID:
            invalid += 1
    return _Stats(valid, invalid, common)


def _vietnamese(stats: _Stats) -> bool:
    return stats.valid > 0 and stats.ratio >= 0.5


# --- Decoding bytes -----------------------------------------------------------------------------

_COMBINING = re.compile(r"[\u0300-\u036f]")
_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")


def decode(data: bytes) -> Decoded:
    """Decode a text file whose encoding is unknown (see the module docstring for how)."""
    if not data:
        return Decoded("", "utf-8")
    if data.startswith(codecs.BOM_UTF8):
        return _unicode(data[3:].decode("utf-8", errors="replace"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        return Decoded(_finish(data[2:].decode(codec, errors="replace")), "utf-16")
    codec = _utf16_without_bom(data[:SAMPLE_BYTES])
    if codec:
        return Decoded(_finish(data.decode(codec, errors="replace")), "utf-16")
    try:
        return _unicode(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    sample = data[:SAMPLE_BYTES]
    candidates = (("windows-1258", _from_cp1258), ("tcvn3", _from_tcvn3), ("vni", _from_vni))
    scored = [(_stats(convert(sample)), name, convert) for name, convert in candidates]
    # Ties go to the earlier candidate: Windows-1258 first, as the standard code page.
    stats, name, convert = max(scored, key=lambda item: (item[0].score, item[0].ratio))
    if not _vietnamese(stats):
        return Decoded(_finish(_from_cp1252(data)), "windows-1252")
    return Decoded(_finish(convert(data)), name)


def _unicode(text: str) -> Decoded:
    finished = _finish(text)
    sample = text[:SAMPLE_BYTES]
    marks = len(_COMBINING.findall(sample))
    # Decomposed text has about one combining mark per letter with diacritics or more (ệ is three
    # code points); a stray decomposed letter in an NFC file does not make the file NFD.
    if marks and marks * 2 >= len(_NON_ASCII_LETTER.findall(unicodedata.normalize("NFC", sample))):
        return Decoded(finished, "utf-8-nfd")
    return Decoded(finished, "utf-8")


def _finish(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    return unicodedata.normalize("NFC", _newlines(text))


def _utf16_without_bom(sample: bytes) -> str | None:
    # In UTF-16 text that is mostly Latin script, the high byte of nearly every character is 0
    # (ASCII, à, é…) or small (ă, ệ), while the low byte is almost never 0. 8-bit text files have
    # no NUL bytes at all.
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0 : pairs * 2 : 2].count(0), sample[1 : pairs * 2 : 2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


# --- Repairing text that is already a str -------------------------------------------------------


def repair(text: str) -> tuple[str, str | None]:
    """Convert ``text`` typed in a TCVN3 or VNI font shown as Unicode ("B¶o Th¾ng", "Vieät Nam").

    Returns the converted text (NFC) and "tcvn3" or "vni", or ``(text, None)`` untouched when the
    text does not read better converted. Text that already reads as Vietnamese is never touched,
    so pass each run or paragraph on its own: one legacy paragraph inside a long Unicode text does
    not tip the balance of the whole.
    """
    if text.isascii():
        return text, None
    sample = text[:SAMPLE_BYTES]
    as_is = _stats(unicodedata.normalize("NFC", sample))
    if as_is.ratio >= 0.7:
        return text, None
    best: tuple[_Stats, str] | None = None
    for name, convert in (("tcvn3", _tcvn3_text), ("vni", _vni_text)):
        stats = _stats(convert(sample))
        if best is None or (stats.score, stats.ratio) > (best[0].score, best[0].ratio):
            best = (stats, name)
    assert best is not None
    stats, name = best
    if stats.ratio >= 0.7 and stats.score > as_is.score:
        return (_tcvn3_text(text) if name == "tcvn3" else _vni_text(text)), name
    return text, None
