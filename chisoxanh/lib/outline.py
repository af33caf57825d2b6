"""The outline of an administrative document: its blocks as numbered items, in reading order.

The plan parser never looks at a file format. It gets :class:`Item` s from a
:class:`~chisoxanh.lib.docmodel.Document`: one per logical paragraph, with the list label
separated from the text (Word's automatic numbering, or a label typed as text: "II.", "1.",
"1.2.", "a)", "đ)", "-", "+", "•"), its *style* (which kind of label, so that depth follows the
order labels are met in, as in any legal text), and its span in the document's text. Hard-wrapped
lines (web copies, PDFs, OCR) are joined back into paragraphs; layout tables (the two-column
header, the signature block) are read column by column; task tables are kept as tables.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .docmodel import Cell, Document, Paragraph, Row, Table
from .vietnamese import nfc


def lfold(text: str) -> str:
    """Folded *with the same length*: each character lower-cased without its diacritics (đ → d),
    so that a position found in the folded text is the same position in the original."""
    return text.translate(_lfold_table(text))


_LFOLD: dict[int, str] = {}


def _lfold_table(text: str) -> dict[int, str]:
    for ch in set(text):
        code = ord(ch)
        if code in _LFOLD:
            continue
        base = unicodedata.normalize("NFD", ch)[:1] if ch not in "đĐ" else "d"
        low = base.lower()
        _LFOLD[code] = low if len(low) == 1 else ch.lower()[:1] or ch
    return _LFOLD


# OCR confusions, once diacritics are gone (letters only inside words).
_OCR = str.maketrans({"6": "o", "0": "o", "¢": "c", "€": "e", "@": "o", "&": "o", "|": "l"})


def ofold(text: str) -> str:
    """``lfold`` with OCR's usual confusions inside words evened out (same length)."""
    folded = lfold(text)
    return re.sub(r"(?<=[a-z])[60@&|¢€]|[60@&|¢€](?=[a-z])", lambda m: m.group(0).translate(_OCR), folded)


_ROMAN_VALUES = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


_ROMAN_NAMES = {v: k.upper() for k, v in _ROMAN_VALUES.items()}


def roman(token: str) -> int | None:
    """A Roman numeral, also as OCR misreads it ("Il", "Ill", "1I")."""
    return _ROMAN_VALUES.get(re.sub(r"[l1|!]", "i", token.lower()))


# A label typed at the start of a line. Roman numerals need an upper-case I, V or X first so that
# an ordinary word is never read as one; OCR writes l, 1 or | for I.
_LABEL = re.compile(
    r"""^\s*(?:
        (?P<roman>[IVX][IVXl1|]{0,3})\s*[.)]\s*(?=\S)
      | (?P<bare_roman>[IVX][IVXLl1|]{0,3})\s+(?=[A-ZĐÀ-Ỹ]{2})
      | (?P<num>\d{1,2}(?:\s?\.\s?\d{1,2}){1,3})\s*[.)]?\s+(?=\S)
      | (?P<num1>\d{1,2})\s*(?:[.)]|,(?=\s+[A-ZÀ-Ỹ]))\s*(?=\D)
      | (?P<letter>[a-zđ])\s*\)\s*(?=\S)
      | (?P<dash>[-–—](?![-–—]))\s*(?=\S)
      | (?P<plus>\+)\s*(?=\S)
      | (?P<bullet>[•·▪◦●○■□✓➢*])\s*(?=\S)
    )""",
    re.VERBOSE,
)


def split_label(text: str) -> tuple[str, str, str]:
    """(label, style, rest) of a line; ("", "none", text) when it has no label."""
    m = _LABEL.match(text)
    if not m:
        return "", "none", text.strip()
    kind = m.lastgroup or ""
    token = m.group(kind)
    rest = text[m.end() :].strip()
    if kind == "bare_roman":
        # OCR drops or misreads the dot of a part's number ("IL NHIỆM VỤ"): only a heading in
        # capitals is read that way.
        if roman(token) is None or not _is_upper(rest):
            return "", "none", text.strip()
        return f"{_ROMAN_NAMES[roman(token)]}.", "roman", rest
    if kind == "roman" and roman(token) is None:
        return "", "none", text.strip()
    if kind == "num":
        depth = token.count(".") + 1
        return token.replace(" ", "") + ".", f"num{min(depth, 3)}", rest
    label = m.group(0).strip()
    return label, {"num1": "num1"}.get(kind, kind), rest


def style_of(label: str) -> str:
    """The style of a label Word's numbering produced ("II.", "1.2.", "a)", "•")."""
    if not label:
        return "none"
    _, style, _ = split_label(f"{label} x")
    return style if style != "none" else "bullet"


@dataclass
class Item:
    label: str
    style: str
    text: str
    start: int = 0
    end: int = 0
    bold: bool = False
    align: str = ""
    upper: bool = False
    table: Table | None = None
    # Lines of a layout table's cell stay separate (a header block is not prose).
    layout: bool = False
    _folded: str | None = field(default=None, repr=False)

    @property
    def folded(self) -> str:
        """Folded, OCR-tolerant text for matching (same length as ``text``)."""
        if self._folded is None:
            self._folded = ofold(self.text)
        return self._folded

    @property
    def full(self) -> str:
        return f"{self.label} {self.text}".strip() if self.label else self.text


# The kinds of administrative document (Decree 30, Phụ lục III), as their name line reads folded:
# the line that ends the header block, and what the parser says a document is.
KINDS = {
    "ke hoach": "KẾ HOẠCH",
    "bao cao": "BÁO CÁO",
    "quyet dinh": "QUYẾT ĐỊNH",
    "to trinh": "TỜ TRÌNH",
    "thong bao": "THÔNG BÁO",
    "chuong trinh": "CHƯƠNG TRÌNH",
    "chi thi": "CHỈ THỊ",
    "nghi quyet": "NGHỊ QUYẾT",
    "huong dan": "HƯỚNG DẪN",
}

_RULE = re.compile(r"^[\s\-_=*~.·|—–]*$")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$|^trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?$", re.IGNORECASE)
_FOOTNOTE = re.compile(r"\[\d{1,2}\]|(?<=\w)[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_SPACES = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\t]+")
_TERMINAL = (".", ";", ":", "!", "?")


# Control and format characters a file may carry (form feeds from PDFs, zero-width and
# direction marks from web pages): they print as nothing and a plan's text may not hold them.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def _clean(line: str) -> str:
    line = _SPACES.sub(" ", _CONTROLS.sub("", nfc(line)).replace("\u00ad", ""))
    line = _FOOTNOTE.sub("", line)
    # Straight quotes typed in a plain editor become the curly pairs documents use.
    line = re.sub(r'"([^"]*)"', "“\\1”", line)
    return re.sub(r" {2,}", " ", line).strip()


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


_TASK_HEADER_WORDS = ("chu tri", "phoi hop", "noi dung", "nhiem vu", "thoi gian", "san pham", "thoi han")


def is_task_table(table: Table) -> bool:
    """A table of tasks has a header row naming at least two of its columns."""
    for row in table.rows[:4]:
        folded = [ofold(t) for t in row.texts]
        hits = sum(any(w in cell for w in _TASK_HEADER_WORDS) for cell in folded)
        if hits >= 2 and len(row.cells) >= 3:
            return True
    return False


def _pipe_table(lines: list[str]) -> Table:
    return Table([Row([Cell([c.strip()]) for c in line.split("|")]) for line in lines])


def items(document: Document) -> list[Item]:
    """The document's items in reading order (see the module docstring)."""
    text = document.text  # also sets each block's span
    del text
    raw: list[Item] = []
    pipe_rows: list[tuple[str, tuple[int, int]]] = []

    def flush_pipes() -> None:
        if pipe_rows:
            table = _pipe_table([r for r, _ in pipe_rows])
            raw.append(Item("", "table", "", pipe_rows[0][1][0], pipe_rows[-1][1][1], table=table))
            pipe_rows.clear()

    for block in document.blocks:
        if isinstance(block, Table):
            flush_pipes()
            if is_task_table(block):
                raw.append(Item("", "table", "", *block.span, table=block))
            else:
                raw.extend(_layout_items(block))
            continue
        _paragraph_items(block, document.source, raw, pipe_rows, flush_pipes)
    flush_pipes()
    return _join(raw, document.source)


# No plan has a paragraph of this length; past it a line is cut (at a sentence end if there is
# one) into several items, so that every rule applied to an item costs a bounded time.
MAX_LINE = 4_000


def _bounded(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        while len(line) > MAX_LINE:
            cut = line.rfind(". ", 0, MAX_LINE) + 1 or MAX_LINE
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out


def _paragraph_items(block: Paragraph, source: str, raw: list[Item], pipe_rows, flush_pipes) -> None:
    start = block.span[0]
    lines = block.text.split("\n")
    offset = start + (len(block.label) + 1 if block.label else 0)
    for n, original in enumerate(_bounded(lines)):
        line_start = offset
        offset += len(original) + 1
        if original.count("\t") >= 2 and source == "text":
            # A table pasted from a web page or a spreadsheet: cells separated by tabs.
            original = " | ".join(cell.strip() for cell in original.split("\t"))
        line = _clean(original)
        if line.count(" | ") >= 2 or (line.count("|") >= 2 and not re.search(r"cong hoa|doc lap", lfold(line))):
            pipe_rows.append((line, (line_start, line_start + len(original))))
            continue
        flush_pipes()
        # Legal-database copies put the two header columns on one line: "A | CỘNG HÒA …".
        parts = [p.strip() for p in line.split("|")] if "|" in line else [line]
        for part in parts:
            if not part:
                raw.append(Item("", "blank", "", line_start, line_start))
                continue
            if _RULE.match(part) or _PAGE_NUMBER.match(part):
                continue
            if n == 0 and block.label:
                label, style = block.label, style_of(block.label)
                rest = part
            else:
                label, style, rest = split_label(part)
            if not rest:
                continue
            raw.append(
                Item(
                    label, style, rest, line_start, line_start + len(original),
                    bold=block.bold, align=block.align, upper=_is_upper(rest),
                )
            )  # fmt: skip


def _layout_items(table: Table) -> list[Item]:
    """A layout table (header columns, signature block) read one column after the other."""
    out: list[Item] = []
    width = max((len(r.cells) for r in table.rows), default=0)
    for column in range(width):
        for row in table.rows:
            if column >= len(row.cells):
                continue
            for line in row.cells[column].lines:
                line = _clean(line)
                if not line or _RULE.match(line):
                    continue
                label, style, rest = split_label(line)
                out.append(
                    Item(label, style, rest, *table.span, upper=_is_upper(rest), layout=True)
                )  # fmt: skip
    return out


_BARE_LABEL = re.compile(r"^(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2}){0,3}|[a-zđ])[.)]$")
# A preamble or a closing starts a paragraph even after an unfinished line (titles have no stop).
_NEW_CLAUSE = re.compile(r"^(?:can cu|thuc hien|theo |nham |tren co so|trien khai|tm\.|kt\.|tl\.|no[il] nh\w{1,2}n)")
_CONTINUES_NAME = re.compile(r"^(?:tinh|thanh pho|huyen|xa|phuong|thi xa|thi tran|dac khu|quan)\b")


def _join(raw: list[Item], source: str) -> list[Item]:
    """Join hard-wrapped lines back into paragraphs.

    A line goes on the previous paragraph when it has no label and the previous one did not end
    a sentence, or when it starts in lower case after an unfinished one; a line in capitals goes
    on a previous line in capitals (a wrapped title). The header block, before the document's
    kind ("KẾ HOẠCH"), keeps its lines apart.
    """
    out: list[Item] = []
    in_header = True
    blank = False
    pending: Item | None = None
    for item in raw:
        if item.style == "blank":
            blank = True
            continue
        if item.table is None and not item.label and _BARE_LABEL.match(item.text):
            # A PDF or OCR line holding only a list number ("1.", "a)"), the tab after it having
            # split the line: the number belongs to the next line.
            pending = item
            continue
        if pending is not None:
            if item.table is None and not item.label:
                label, style, _ = split_label(f"{pending.text} x")
                item.label, item.style, item.start = label, style, pending.start
            pending = None
        if item.table is not None:
            out.append(item)
            blank = False
            continue
        folded = item.folded.strip()
        if in_header and folded in KINDS:
            in_header = False
            out.append(item)
            blank = False
            continue
        prev = out[-1] if out else None
        join = False
        ocr_dash = (
            item.style in ("dash", "plus") and item.text[:1].islower() and source != "docx"
            and prev is not None and prev.table is None and not prev.text.rstrip().endswith(_TERMINAL)
        )  # fmt: skip
        if ocr_dash and prev is not None:
            # OCR reads a wrapped line's indent as a dash ("- cao Bát Xát"): it goes on the line above.
            join = True
        elif prev is not None and prev.table is None and not item.label and not in_header and not item.layout:
            prev_text = prev.text.rstrip()
            ended = prev_text.endswith(_TERMINAL)
            lower_start = item.text[:1].islower()
            if (
                _starts_field(item.folded)
                or _starts_field_after_label(item)
                or source == "docx"
                or (item.text[:1].isupper() and _NEW_CLAUSE.match(item.folded))
            ):
                join = False
            elif prev.label and item.text[:1].isupper() and (len(prev_text) < 60 or prev_text.endswith(("”", '"'))):
                join = False  # a short numbered heading ("1. Chỉ số “…”"), then its first paragraph
            elif _starts_field(prev.folded) and prev_text.endswith((";", ",")):
                join = True  # a list of units goes on after "…; " on the next line
            elif prev.upper and item.upper:
                join = not ended and not prev.label and _is_kind_or_title_line(prev, out)
            elif prev.upper != item.upper and not lower_start:
                join = False
            elif blank:
                join = lower_start and not ended
            else:
                join = (not ended) or (lower_start and not prev_text.endswith(":"))
        elif prev is not None and in_header and not item.label and prev.table is None:
            # "ỦY BAN NHÂN DÂN" / "TỈNH THÁI NGUYÊN": the second line goes on the first only as
            # part of the agency's name; the date line may wrap ("ngày" / "23 tháng 01 …").
            join = prev.folded.rstrip().endswith(" ngay") or prev.folded.rstrip().endswith(",")
        if join and prev is not None:
            sep = "" if prev.text.endswith("-") and item.text[:1].islower() else " "
            merged = prev.text[:-1] if sep == "" else prev.text
            prev.text = f"{merged}{sep}{item.text}"
            prev._folded = None
            prev.end = item.end
            prev.upper = prev.upper and item.upper
        else:
            out.append(item)
        blank = False
    return out


def _is_kind_or_title_line(prev: Item, out: list[Item]) -> bool:
    """Capitals join capitals only in the title block, right after the document's kind."""
    for item in reversed(out):
        if item is prev:
            continue
        return item.folded.strip() in KINDS
    return False


# "Đơn vị chủ trì:", "Cơ quan phối hợp:", "Thời gian thực hiện:", "Sản phẩm:" (OCR-tolerant).
FIELD_LABEL = re.compile(
    r"(?:(?:[a-z]{0,2}[o0][nm]\s*v[il1]|c[o0]\s*quan|b[o0]\s*phan)\s+)?"
    r"(?P<field>ch\w{0,2}\s*tr[il1](?:\s+th\w{1,2}c\s+hi\w{1,2}n)?"
    r"|p\w{1,3}[’'‘.]?\s*h\w{1,2}p(?:\s+th\w{1,2}c\s+hi\w{1,2}n)?"
    r"|th[o0][il1]\s+gian(?:\s+(?:th\w{1,2}c\s+hi\w{1,2}n|h[o0][a-z]n\s+thanh))?|th[o0][il1]\s+han|tien\s+do"
    r"|san\s+pham(?:\s+dau\s+ra)?|ket\s+qua(?:\s+dau\s+ra)?)"
    r"\s*[:：]"
)


def field_kind(token: str) -> str:
    token = token.strip()
    if token.startswith("ch"):
        return "lead"
    if token.startswith("p"):
        return "partners"
    if token.startswith(("th", "tien")):
        return "due"
    return "outputs"


def _starts_field(folded: str) -> bool:
    m = FIELD_LABEL.match(folded.strip(" -–•+"))
    return bool(m)


def _starts_field_after_label(item: Item) -> bool:
    return bool(item.label) and _starts_field(item.folded)
