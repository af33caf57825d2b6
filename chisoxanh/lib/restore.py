"""Putting diacritics back into OCR-damaged Vietnamese, using the domain's own vocabulary.

A generic restorer guesses word by word and gets about half the words wrong. Plans, though,
are written in a small vocabulary: sub-index names, organisation names, the set phrases of
administrative plans. This module finds those phrases in damaged text — comparing folded
tokens, tolerant of the usual OCR confusions and of one wrong letter in a longer word — and puts
the correct wording back, telling the caller what it restored. Anything it does not recognise
stays exactly as it was.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from .vietnamese import fold, nfc

# Characters OCR puts where a Vietnamese letter was (after diacritics are folded away).
_OCR = str.maketrans({
    "6": "o", "0": "o", "¢": "c", "€": "e", "£": "e", "©": "c", "®": "r", "§": "s", "1": "l",
    "|": "l", "!": "l", "ø": "o", "æ": "a", "ß": "b", "µ": "u", "¥": "y", "°": "o", "’": "", "'": "",
    "‘": "", "`": "", "´": "", "^": "", "~": "", "&": "", "*": "",
    # Vietnamese has no w, f, j or z of its own: OCR reads ư as w.
    "w": "u",
})  # fmt: skip

PLAN_PHRASES = (
    "Cải thiện, nâng cao Chỉ số Xanh cấp tỉnh",
    "Chỉ số Xanh cấp tỉnh (PGI)",
    "và những năm tiếp theo",
    "thuộc phạm vi quản lý của",
    "trên địa bàn tỉnh",
    "Thực hiện Kế hoạch số",
    "về việc cải thiện, nâng cao",
    "xây dựng kế hoạch",
    "như sau",
    "MỤC ĐÍCH, YÊU CẦU",
    "Mục đích",
    "Yêu cầu",
    "NHIỆM VỤ VÀ GIẢI PHÁP",
    "NHIỆM VỤ, GIẢI PHÁP",
    "TỔ CHỨC THỰC HIỆN",
    "KẾ HOẠCH",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Đơn vị phối hợp thực hiện",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "các phòng, đơn vị sự nghiệp thuộc Sở",
    "các phòng, đơn vị thuộc Sở",
    "các phòng, đơn vị trực thuộc Sở",
    "các phòng chuyên môn và tương đương",
    "Văn phòng Sở",
    "Phòng Nghiệp vụ I",
    "Phòng Nghiệp vụ II",
    "Phòng Nghiệp vụ III",
    "Chỉ số",
    "báo cáo kết quả thực hiện",
    "trước ngày",
    "hằng năm",
    "thường xuyên",
    "UBND tỉnh",
    "Ủy ban nhân dân tỉnh",
    "Nơi nhận",
    "GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC",
    "Lãnh đạo Sở",
    "Lưu",
    "Sở Tư pháp",
    "Sở Nông nghiệp và Môi trường",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Khoa học và Công nghệ",
    "doanh nghiệp",
    "bảo vệ môi trường",
    "biến đổi khí hậu",
    "tuyên truyền, phổ biến",
    "công chức, viên chức, người lao động",
)


@dataclass(frozen=True)
class Phrase:
    text: str
    tokens: tuple[str, ...]  # folded, OCR-normalised


@dataclass
class Restored:
    text: str
    restored: list[str]  # the phrases put back

    @property
    def changed(self) -> bool:
        return bool(self.restored)


_TOKEN = re.compile(r"[^\s,.;:()“”\"/]+|[,.;:()“”\"/]")


def _norm_token(token: str) -> str:
    return fold(token).translate(_OCR)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(nfc(text))


@lru_cache(maxsize=8)
def _compile(vocabulary: tuple[str, ...]) -> dict[str, list[Phrase]]:
    """Phrases indexed by their first folded token, longest first."""
    index: dict[str, list[Phrase]] = {}
    for text in set(vocabulary):
        toks = tuple(_norm_token(t) for t in _tokens(text))
        if toks:
            index.setdefault(toks[0], []).append(Phrase(nfc(text), toks))
    for phrases in index.values():
        phrases.sort(key=lambda p: -len(p.tokens))
    return index


def _close(a: str, b: str) -> bool:
    """Equal, or for words of four letters or more one edit apart (OCR drops or swaps a letter)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _threshold(length: int) -> float:
    """How alike a run of text must be to a phrase: short phrases need every word right (one
    wrong letter in a long word aside), long ones may carry several OCR errors."""
    return 0.8 if length >= 20 else 0.86 if length >= 10 else 2.0


_ROMAN = re.compile(r"^[ivx]+$")


def _anchor(a: str, b: str, *, loose: bool) -> bool:
    """A phrase's first and last words must line up with the text's: equal, or one letter off
    (for short words only inside a longer phrase, ``loose``). This keeps a match from starting
    on a quote or swallowing a neighbour."""
    if a == b:
        return True
    if _ROMAN.match(a) or _ROMAN.match(b):
        return False  # "II" and "III" are different units, not a typo
    if _close(a, b):
        return True
    if not loose or max(len(a), len(b)) < 2 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _matches(phrase: Phrase, candidate: list[str]) -> bool:
    loose = len(phrase.tokens) >= 2
    if not (
        _anchor(phrase.tokens[0], candidate[0], loose=loose) and _anchor(phrase.tokens[-1], candidate[-1], loose=loose)
    ):
        return False
    want = " ".join(phrase.tokens)
    if _threshold(len(want)) > 1:
        # A short phrase: every word close, and at most one of them not exact.
        pairs = list(zip(phrase.tokens, candidate, strict=True))
        inexact = sum(a != b for a, b in pairs)
        return inexact <= (1 if loose else 0) and all(_anchor(a, b, loose=loose) for a, b in pairs)
    have = " ".join(candidate)
    if abs(len(want) - len(have)) > 0.25 * len(want):
        return False
    matcher = SequenceMatcher(None, want, have, autojunk=False)
    limit = _threshold(len(want))
    return matcher.real_quick_ratio() >= limit and matcher.quick_ratio() >= limit and matcher.ratio() >= limit


# Words recognised by what follows them: "nam 2026" is "năm 2026", "ngay 10" is "ngày 10".
_BEFORE_NUMBER = {"nam": "năm", "ngay": "ngày", "thang": "tháng", "so": "số"}


def _accented(token: str) -> bool:
    """Carries Vietnamese diacritics (as opposed to OCR junk such as ¢ or €)."""
    return (
        token.lower() != fold(token) and any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", token))
    ) or "đ" in token.lower()


def _damaged_only(original: list[str], phrase: Phrase) -> bool:
    """A phrase may only replace words that lost their diacritics: a word that has them and
    reads differently ("vụ" where the phrase says "về") is another word, not damage."""
    wanted = _tokens(phrase.text)
    return not any(_accented(o) and _norm_token(o) != _norm_token(w) for o, w in zip(original, wanted, strict=False))


_VIETNAMESE_ONLY = set("ăâđêôơưằắẳẵặầấẩẫậềếểễệồốổỗộờớởỡợừứửữựạảẹẻẽịỉọỏụủỳỵỷỹ")


def looks_clean(text: str) -> bool:
    """Whether a text is real Vietnamese (letters only Vietnamese has are common) rather than
    OCR output whose accents are garbled: in a clean text a word that has diacritics is right."""
    words = [w for w in re.findall(r"\w+", text.lower()) if not w.isdigit()]
    if not words:
        return False
    return sum(any(c in _VIETNAMESE_ONLY for c in w) for w in words) / len(words) >= 0.12


def restore(text: str, vocabulary: Iterable[str] = (), *, clean: bool | None = None) -> Restored:
    """Replace every run of tokens that matches a known phrase with the phrase itself.

    In a ``clean`` text (guessed from the text when not given) only words without diacritics
    are treated as damaged; in OCR output any word may be.
    """
    if clean is None:
        clean = looks_clean(text)
    index = _compile(tuple(PLAN_PHRASES) + tuple(vocabulary))
    phrases = sorted({p for group in index.values() for p in group}, key=lambda p: -len(p.tokens))
    tokens = _tokens(text)
    normed = [_norm_token(t) for t in tokens]
    out: list[str] = []
    restored: list[str] = []
    i = 0
    while i < len(tokens):
        match = next(
            (
                p
                for p in phrases
                if i + len(p.tokens) <= len(tokens)
                and _matches(p, normed[i : i + len(p.tokens)])
                and (not clean or _damaged_only(tokens[i : i + len(p.tokens)], p))
            ),
            None,
        )
        if match:
            original = tokens[i : i + len(match.tokens)]
            wanted = _tokens(match.text)
            # Already right but for case ("chỉ số xanh" in a sentence): leave the author's case.
            if [t.lower() for t in original] != [t.lower() for t in wanted]:
                out.extend(_keep_case(original, wanted))
                restored.append(match.text)
            else:
                out.extend(original)
            i += len(match.tokens)
            continue
        word = _BEFORE_NUMBER.get(normed[i]) or next(
            (
                v
                for k, v in _BEFORE_NUMBER.items()
                if len(normed[i]) == len(k)
                and sum(a != b for a, b in zip(k, normed[i], strict=True)) == 1
                and len(k) >= 3
            ),
            None,
        )
        if word and i + 1 < len(tokens) and tokens[i + 1][:1].isdigit() and tokens[i] != word:
            out.append(word.capitalize() if tokens[i][:1].isupper() else word)
            restored.append(word)
        else:
            out.append(tokens[i])
        i += 1
    return Restored(_join(out), restored)


def _keep_case(original: list[str], replacement: list[str]) -> list[str]:
    """The phrase's letters in the text's case: all upper stays upper; a phrase written in
    capitals (a heading) takes the text's own capitalisation; otherwise the phrase's case."""
    words = [t for t in original if any(c.isalpha() for c in t)]
    # Mostly capitals (OCR may lower a letter or two of a heading): treat as all capitals.
    if words and sum(sum(c.isupper() for c in t) >= len(t) / 2 for t in words) >= 0.75 * len(words):
        return [t.upper() for t in replacement]
    result = []
    for i, token in enumerate(replacement):
        source = original[i] if i < len(original) else ""
        if token.isupper() and len(token) > 1 and not source.isupper():
            token = token.capitalize() if source[:1].isupper() else token.lower()
        result.append(token)
    if result and original and original[0][:1].isupper() and result[0][:1].islower():
        result[0] = result[0][:1].upper() + result[0][1:]  # a sentence or heading starts upper
    return result


def _join(tokens: list[str]) -> str:
    text = ""
    for token in tokens:
        if not text or token in ',.;:)”"' or text.endswith(("(", "“", "/")) or token == "/":
            text += token
        else:
            text += " " + token
    return text
