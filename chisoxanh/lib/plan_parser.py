"""Reading a Vietnamese plan (kế hoạch) into the draft of DESIGN §7.

Framework-free. The input is a :class:`~chisoxanh.lib.docmodel.Document` (or plain text), read
by :mod:`chisoxanh.lib.outline` into numbered items. The parser then finds, by meaning rather
than by one layout:

- the header block (issuer, number and symbol, place and date), the document's kind — a plan,
  or a report, decision, letter … which is said so and yields no tasks —, the title and the
  preamble (the parent plan it implements, never one it replaces or one it is attached to);
- the parts (mục đích yêu cầu; nhiệm vụ, giải pháp; tổ chức thực hiện; phụ lục) by their
  headings, Roman numerals misread by OCR included;
- tasks by evidence: labelled lines ("Đơn vị chủ trì: …", on their own lines or all on one),
  assignments in parentheses at the end of an item, "X chủ trì, phối hợp với Y" inside the
  sentence, sections grouped by agency (the heading is the lead), and table rows whose columns
  are recognised from their header cells, with group rows giving the sub-index;
- the sub-index from the group heading, else from the task's own words ("(CSTP 4)", "chỉ số
  thành phần: …"), else left empty with a warning — never guessed;
- the reporting clause (to whom, by when), the recipients and the signer.

Matching is done on folded text (no diacritics, OCR confusions evened out), so a clean DOCX, a
PDF's text layer and a damaged scan go through the same rules; names and headings are given
back their diacritics from the domain's vocabulary (:mod:`chisoxanh.lib.restore`). Each task
keeps the span of source text it came from.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .docmodel import Cell, Document, Table, from_text
from .groups import match_group
from .outline import FIELD_LABEL, KINDS, Item, field_kind, items, lfold, ofold, roman
from .pgi_names import SUBINDICES, match_subindex
from .restore import looks_clean, restore
from .vietnamese import fold, nfc


@dataclass
class Draft:
    title: str | None = None
    number: str | None = None
    issued_on: str | None = None
    place: str | None = None
    issuer: str | None = None
    kind: str | None = None
    is_plan: bool = True
    error: str | None = None
    implements: str | None = None
    implements_date: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    preamble: str = ""
    purposes: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    report_to: str | None = None
    report_due: str | None = None
    tasks: list[dict] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer_title: str | None = None
    signer_name: str | None = None
    restored: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        symbol = self.number.split("/", 1)[1] if self.number and "/" in self.number else None
        return {
            "is_plan": self.is_plan,
            "kind": self.kind,
            "error": self.error,
            "title": self.title,
            "number": self.number,
            "symbol": symbol,
            "issued_on": self.issued_on,
            "place": self.place,
            "issuer": self.issuer,
            "implements": self.implements,
            "implements_date": self.implements_date,
            "start_year": self.start_year,
            "end_year": self.end_year,
            "preamble": self.preamble,
            "purposes": self.purposes,
            "requirements": self.requirements,
            "report": {"to": self.report_to, "due": self.report_due},
            "tasks": self.tasks,
            "recipients": self.recipients,
            "signer": {"title": self.signer_title, "name": self.signer_name},
            "restored": sorted(set(self.restored)),
            "warnings": self.warnings,
        }


class _Vocabulary:
    """Restores diacritics from the known names; remembers what it restored."""

    def __init__(self, organizations: list[str], extra: list[str], *, clean: bool = False):
        self.clean = clean
        names = [s.name for s in SUBINDICES] + [s.long_name for s in SUBINDICES]
        names += [a for s in SUBINDICES for a in s.aliases]
        self.words = list(dict.fromkeys([*organizations, *names, *extra]))
        self.restored: list[str] = []
        self._seen: dict[str, tuple[str, list[str]]] = {}

    def __call__(self, text: str) -> str:
        if not text:
            return text
        # The same names come back on every task: restore each once.
        if text not in self._seen:
            result = restore(text, self.words, clean=self.clean)
            self._seen[text] = (result.text, result.restored)
        restored_text, restored = self._seen[text]
        self.restored.extend(restored)
        return restored_text


# --- kinds of document -------------------------------------------------------------------------

# The type code of the symbol ("…/BC-UBND") says the kind too (Decree 30, Phụ lục III).
_SYMBOL_KINDS = {"KH": "KẾ HOẠCH", "BC": "BÁO CÁO", "QĐ": "QUYẾT ĐỊNH", "QD": "QUYẾT ĐỊNH", "TTR": "TỜ TRÌNH",
                 "TB": "THÔNG BÁO", "CT": "CHỈ THỊ", "HD": "HƯỚNG DẪN", "NQ": "NGHỊ QUYẾT"}  # fmt: skip


def _kind_line(item: Item) -> str | None:
    folded = re.sub(r"[^a-z ]", "", item.folded).strip()
    return KINDS.get(folded)


# --- names of organisations ------------------------------------------------------------------------

# The words an organisation's name starts with (folded). Names are split at commas and "và"
# only where the next part starts like a name, so "Sở Văn hóa, Thể thao và Du lịch" stays whole.
_ORG_HEADS = (
    "so", "ubnd", "uy ban", "ban", "cong an", "thanh tra", "van phong", "trung tam", "phong", "chi cuc", "cuc",
    "bo chi huy", "bo doi", "bo ", "hoi", "hiep hoi", "lien doan", "lien minh", "tinh doan", "doan", "truong",
    "hoc vien", "vien", "benh vien", "cong ty", "tong cong ty", "dien luc", "vien thong", "kho bac", "ngan hang",
    "bao hiem", "bao ", "dai ", "thue", "mat tran", "hop tac xa", "dang uy", "hdnd", "hoi dong", "thuong truc",
    "chi nhanh", "doi ", "to ", "canh sat", "bql", "cac ", "tat ca", "lanh dao", "giam doc", "chu tich",
    "quy ", "nha may", "khu ", "hat kiem lam", "kiem lam", "vnpt", "viettel", "tap doan", "uy ban mat tran",
)  # fmt: skip
_HEADS_LONGEST_FIRST = sorted(_ORG_HEADS, key=len, reverse=True)


def _starts_like_name(text: str) -> bool:
    # A name's head is within its first words: fold only those.
    folded = lfold(text[:60]).strip(" -–•+") + " "
    for head in _HEADS_LONGEST_FIRST:
        h = head if head.endswith(" ") else head + " "
        if folded.startswith(h):
            # A head word alone is not a name: "Sở" on its own line ends "Văn phòng Sở", and the
            # "Viễn thông" of "Phòng Bưu chính, Viễn thông" is not a company.
            return len(folded.split()) > len(head.split())
    return False


# "các sở, ban, ngành", "UBND các huyện, thị xã, thành phố": one group, whatever its commas.
_PLURAL = ("cac ", "ubnd cac ", "uy ban nhan dan cac ", "thu truong cac ")
_PLURAL_PARTS = {"ban", "nganh", "doan the", "dia phuong", "don vi", "phuong", "xa", "thi xa", "thanh pho", "huyen",
                 "dac khu", "to chuc", "co quan", "hoi", "ban nganh"}  # fmt: skip


_RUN_TOGETHER = re.compile(
    r"(?<=[a-zà-ỹđ])(?<!\bvà)(?<!phòng)(?<!trực)(?<!tịch)(?<!các)(?<!của)(?<!thuộc)(?<!\bvới)"
    r"\s+(?=(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Công an|Bộ Chỉ huy)\s)"
)


def split_units(text: str) -> list[str]:
    """ "Sở A; Sở B, Thể thao và Du lịch và các đơn vị liên quan." → the names, each whole."""
    text = re.sub(r"\s+", " ", text.replace("\n", "; ")).strip().strip(".;,: ")
    text = re.sub(r"\s*\((?:để )?(?:b/c|báo cáo|thực hiện|phối hợp)\)$", "", text)
    if not text:
        return []
    if match_group(text):
        return [text]
    # Two names a PDF cell ran together ("Thanh tra Sở UBND các xã, phường"): a name never has
    # "UBND" or "Công an" inside it except after these words ("Văn phòng UBND tỉnh").
    text = _RUN_TOGETHER.sub("; ", text)
    out: list[str] = []
    for chunk in re.split(r"\s*;\s*", text):
        pieces = re.split(r"(,\s*|\s+và\s+|\s+va\s+)", chunk)
        names: list[str] = []
        for i in range(0, len(pieces), 2):
            piece = pieces[i].strip()
            sep = pieces[i - 1] if i else ""
            if not piece:
                continue
            glue = bool(names) and (
                not _starts_like_name(piece)
                or (lfold(names[-1]).startswith(_PLURAL) and lfold(piece).strip(" .") in _PLURAL_PARTS)
                or match_group(f"{names[-1]}{sep}{piece}")
                or (lfold(names[-1]).endswith(("hdnd", "hoi dong nhan dan")) and "va" in lfold(sep))
            )
            if glue:
                names[-1] = f"{names[-1]}{sep}{piece}"
            else:
                names.append(piece)
        out.extend(n.strip(" .;,") for n in names if n.strip(" .;,"))
    return out


def _agency_heading(text: str) -> str | None:
    """The agency a section heading names ("1. Sở Tài nguyên và Môi trường", "Đối với Công an
    tỉnh:"), or None."""
    name = re.sub(r"^(?:đối với|doi voi|về phía|ve phia)\s+", "", text.strip().rstrip(":."), flags=re.IGNORECASE)
    return name if _starts_like_name(name) and len(name.split()) <= 14 else None


def _cell_units(text: str) -> list[str]:
    """The units of a table cell: one per line, a line that does not start like a name going on
    the one before (a name the cell's width wrapped: "Ban Quản lý Khu kinh" / "tế tỉnh")."""
    lines: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if lines and not _starts_like_name(line):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return [n for line in lines for n in split_units(line)]


# Where a name inside a sentence ends: the verb of the duty or the end of the clause.
_NAME_STOPS = re.compile(
    r"[;:.(]|,\s*(?:gop phan|nham|de|bao dam|dam bao)\b|\s(?:de|nham|trong|tai cac|thuc hien|trien khai|kiem tra|"
    r"xay dung|to chuc|xu ly|so hoa|huong dan|tuyen truyen|ra soat|tham muu|de xuat|bao cao|cong bo|theo doi|don doc|"
    r"gop phan|hoan thanh|thu gom|van dong|tu van|phat dong|cung cap|ho tro|ban hanh|danh gia|thanh tra|giam sat|"
    r"cap nhat|bo tri|dau tu|nghien cuu|phoi hop|tiep tuc|tang cuong|day manh|thong tin|quan ly|lam|co trach nhiem|"
    r"dieu tra|ap dung|chi dao)\b"
)


def _names_after(text: str, folded: str, start: int) -> list[str]:
    """The organisations named from ``start`` in ``text`` (``folded`` is its ``lfold``) up to the
    end of the phrase."""
    m = _NAME_STOPS.search(folded, start, start + 300)
    end = m.start() if m else min(len(text), start + 300)
    return split_units(text[start:end])


# --- task fields ----------------------------------------------------------------------------------


def _fields(text: str) -> tuple[str, dict[str, str]]:
    """Labelled fields in a line ("Đơn vị chủ trì: A; Đơn vị phối hợp: B; Thời gian: C"):
    the text before the first label, and each field's value."""
    folded = ofold(text)
    found = []
    for m in FIELD_LABEL.finditer(folded):
        before = folded[: m.start()].rstrip(" -–•+_")
        if before and not before.endswith((";", ".", "(", ",", ":")):
            continue
        found.append(m)
    if not found:
        return text, {}
    values: dict[str, str] = {}
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        value = text[m.end() : end].strip().strip("-–•+_ ").rstrip(";.,) ").strip()
        kind = field_kind(m.group("field"))
        values[kind] = f"{values[kind]}; {value}" if values.get(kind) and value else (value or values.get(kind, ""))
    head = text[: found[0].start()].rstrip(" -–•+_(;.,")
    return head, values


_PAREN_ASSIGNMENT = re.compile(r"\(([^()]{0,600}?(?:chu tri|phoi hop)[^()]{0,600})\)[\s.;]{0,4}$")


def _paren_assignment(folded: str) -> re.Match[str] | None:
    """ "(Chủ trì: …; phối hợp: …)" closing an item: tried from its last "(" only, so that a
    long item costs one match, not one per position."""
    start = folded.rfind("(")
    return _PAREN_ASSIGNMENT.match(folded, start) if start >= 0 else None


def _subindex_in(text: str) -> int | None:
    """The sub-index a task names in its own words, or None."""
    folded = ofold(text)
    if m := re.search(r"(?:chi so thanh phan|cstp)\s*(?:so\s*)?0?([1-4])\b", folded):
        return int(m.group(1))
    for m in re.finditer(r"chi so(?: thanh phan)?\s*:?\s*[\"“]?([a-z ,]{8,140})", folded):
        if n := match_subindex(m.group(1)):
            return n
    return None


def _heading_subindex(text: str) -> int | None:
    folded = ofold(text)
    if m := re.search(r"(?:chi so thanh phan|cstp|chi so)\s*(?:so\s*)?0?([1-4])\b", folded):
        return int(m.group(1))
    return match_subindex(folded) or _fuzzy_subindex(folded)


def _fuzzy_subindex(folded: str) -> int | None:
    """A sub-index name damaged by OCR ("Thiic day thurc hanh xanh"), by similarity."""
    quoted = re.search(r"[\"“”]([^\"“”]{6,120})[\"“”]", folded)
    after = re.search(r"chi s\w{0,2}(?: thanh phan)?\s*:?\s*(.{6,140})", folded)
    wanted = (quoted.group(1) if quoted else after.group(1) if after else "").strip(" .:")
    if not wanted:
        return None
    best, score = None, 0.0
    for s in SUBINDICES:
        for name in (s.name, s.long_name, *s.aliases):
            ratio = SequenceMatcher(None, fold(name), wanted).ratio()
            if ratio > score:
                best, score = s.number, ratio
    return best if score >= 0.72 else None


_ANNUAL = re.compile(r"(?:truoc|tru\S{0,4}c|cham nhat)\s+(?:ngay\s*)?(\d{1,2})\s*(?:thang\s*|/)(\d{1,2})\b")
_QUARTER = re.compile(r"quy\s*([il1]{1,3}|iv|[1-4])\s*(?:/\s*|nam\s*)(\d{4})")
_MONTH_YEAR = re.compile(r"thang\s*(\d{1,2})\s*/\s*(\d{4})")
_YEAR_SPAN = re.compile(r"(?:trong\s+)?nam\s+(\d{4})(?:\s*[-–]\s*(\d{4}))?[.;]?")
_FULL_DATE = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")


def schedule(text: str) -> tuple[str, dict]:
    """("annual" | "once" | "continuous", the due date's parts) from a time field or a sentence."""
    folded = ofold(text)
    if (m := _ANNUAL.search(folded)) and re.search(r"h\w{2,3}\s+n\w{2}\b", folded[m.end() : m.end() + 20]):
        return "annual", {"due_day": int(m.group(1)), "due_month": int(m.group(2))}
    if m := _QUARTER.search(folded):
        token = m.group(1)
        # OCR reads "Quý II" as "Quý 11": a digit token longer than one is a Roman numeral.
        q = int(token) if len(token) == 1 and token.isdigit() else (roman(token) or 1)
        month = q * 3
        day = 31 if month in (3, 12) else 30
        return "once", {"due": f"{m.group(2)}-{month:02d}-{day:02d}"}
    if (m := _FULL_DATE.search(folded)) and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31:
        return "once", {"due": f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"}
    if months := [m for m in _MONTH_YEAR.finditer(folded) if 1 <= int(m.group(1)) <= 12]:
        # "Tháng 4 - tháng 9/2026": done by the end of the last month named.
        year, month = int(months[-1].group(2)), int(months[-1].group(1))
        return "once", {"due": f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"}
    if not re.search(r"thuong xuyen|hang (?:nam|quy|thang)|dinh ky", folded) and (
        years := _YEAR_SPAN.fullmatch(folded.strip())
    ):
        # "Năm 2026", "Năm 2026 - 2027" in a time field: within that year, by its last day.
        return "once", {"due": f"{years.group(2) or years.group(1)}-12-31"}
    return "continuous", {}


def title_of(text: str, limit: int = 160) -> str:
    """A task's short title: its first sentence, cut at a word boundary (also used when the
    review splits or adds a task)."""
    first = re.split(r"(?<=[.;:])\s", (text or "").strip(), maxsplit=1)[0].strip().rstrip(".;:")
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


@dataclass
class _Task:
    section: str
    heading: str
    subindex: int | None
    part: str
    style: str
    items: list[Item] = field(default_factory=list)
    content: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    due_text: str = ""
    outputs: str = ""
    labelled: bool = False
    heading_lead: str | None = None


# --- the parser ------------------------------------------------------------------------------------


def parse(source: str | Document, *, organizations: list[str] = (), vocabulary: list[str] = ()) -> Draft:
    """Read a plan. ``organizations`` are the names known in the database (for restoring and for
    recognising the issuer); ``vocabulary`` adds any other phrases worth restoring."""
    document = source if isinstance(source, Document) else from_text(source)
    draft = Draft()
    text = document.text
    fix = _Vocabulary(list(organizations), list(vocabulary), clean=looks_clean(text))
    its = items(document)
    if not any(i.text.strip() or i.table for i in its):
        draft.warnings.append("Văn bản không có nội dung đọc được.")
        draft.is_plan = False
        return draft
    reader = _Reader(its, draft, fix, list(organizations))
    reader.read()
    draft.restored = fix.restored
    return draft


_PREAMBLE_START = re.compile(
    r"^(?:can c\w{0,2}\W|thuc hien|theo |nham |tren co so|de |trien khai|ubnd|uy ban|so |xet )"
)
_SECTION_KINDS = (
    ("purpose", ("muc dich", "yeu cau", "muc tieu")),
    ("tasks", ("nhiem vu", "giai phap", "noi dung")),
    ("organization", ("to chuc thuc hien", "trach nhiem", "phan cong")),
)


def _section_kind(title: str) -> str:
    t = ofold(title)
    if re.match(r"^(?:chi so thanh phan|nhom (?:giai phap|nhiem vu)|cstp)", t) and _heading_subindex(title):
        return "tasks"  # "II. CHỈ SỐ THÀNH PHẦN 1: …": a part per sub-index
    for kind, words in _SECTION_KINDS:
        if any(w in t for w in words):
            return kind
    letters = re.sub(r"[^a-z ,]", "", t)
    for kind, target in (("purpose", "muc dich, yeu cau"), ("tasks", "nhiem vu va giai phap"),
                         ("organization", "to chuc thuc hien")):  # fmt: skip
        if SequenceMatcher(None, letters, target).ratio() >= 0.75:
            return kind
    return "other"


# "Kế hoạch số 18/KH-UBND ngày 21/01/2026" (folded; OCR writes "s6").
_PLAN_REFERENCE = re.compile(
    r"ke hoach s\w{0,2}\s*(\d+)\s*/\s*([a-z0-9&-]+)"
    r"(?:\s*ngay\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}))?"
)
_INLINE_LEAD = re.compile(r"(?:^|[-–•]\s*|giao\s+|de nghi\s+)([^,;:()]{3,90}?)\s+chu tri\b")
# "2. Sở Tài chính tham mưu bố trí kinh phí …": a unit, then its duty (Tổ chức thực hiện).
_UNIT_DUTY = re.compile(
    r"^(?:giao\s+|de nghi\s+)?(.{3,80}?)\s+(?:chu tri|lam dau moi|tham muu|giup|co trach nhiem|tong hop|"
    r"chiu trach nhiem|phoi hop|tuyen truyen|gui|bao cao)\b"
)
# "… gửi Sở Nông nghiệp và Môi trường để tổng hợp trước ngày 10 tháng 12 hằng năm" (OCR: "giri").
_REPORT_CLAUSE = re.compile(
    r"\b(?:gui|g\w{1,3}i|ve)\s+(?:bao cao\s+)?(.{3,160}?)\s+(?:de\s+t\w{1,3}ng\s+hop[ ,]*)?"
    r"(?:truoc|tru\S{0,4}c|cham nhat|han)\s+(?:ngay\s*|n\w{1,2}y\s*)?(\d{1,2})\s*(?:thang\s*|/)\s*(\d{1,2})"
)


# "Số: 27/KH-UBND" (OCR: "S6:"; a web copy may drop the colon).
_NUMBER = re.compile(r"\bs[o0]\s*:?\s*([0-9]{1,5})\s*/\s*([a-z0-9&-]+(?:-[a-z0-9&]+)*)")
# "Thái Nguyên, ngày 23 tháng 01 năm 2026" (folded, OCR-tolerant), or "…, ngày 23/01/2026".
_DATE_LINE = re.compile(
    r"ngay\s*(?P<day>\d{1,2})\s*(?:th\w{1,2}ng\s*|/)\s*(?P<month>\d{1,2})\s*(?:n\w{1,2}m\s*|/)\s*(?P<year>\d{4})"
)
# The place before it: up to five words right before ", ngày" (read from a bounded slice).
_PLACE = re.compile(r"(?<![a-z])([a-z]{1,20}(?: [a-z]{1,20}){0,4}),?\s*$")


# More tasks than any plan has: the review screen and the plan are built for hundreds.
MAX_TASKS = 1_000


class _Reader:
    def __init__(self, its: list[Item], draft: Draft, fix: _Vocabulary, organizations: list[str]):
        self.its = its
        self.draft = draft
        self.fix = fix
        self.organizations = organizations
        self._last_columns: tuple[int, dict[str, int]] | None = None
        self._capped = False

    def _add(self, task: dict) -> None:
        """One more task, up to MAX_TASKS (a spreadsheet import has the same bound)."""
        if len(self.draft.tasks) < MAX_TASKS:
            self.draft.tasks.append(task)
        elif len(self.draft.tasks) == MAX_TASKS and not self._capped:
            self._capped = True
            self.draft.warnings.append(
                f"Văn bản có hơn {MAX_TASKS:,} nhiệm vụ; chỉ nhập {MAX_TASKS:,} nhiệm vụ đầu tiên.".replace(",", ".")
            )

    # -- top level ---------------------------------------------------------------------------

    def read(self) -> None:
        its, draft = self.its, self.draft
        kind_at = next((i for i, it in enumerate(its[:80]) if it.table is None and _kind_line(it)), None)
        letter_at = next(
            (i for i, it in enumerate(its[:80]) if re.match(r"^(?:v\s*/\s*v\b|kinh gui\s*:)", it.folded.strip())),
            None,
        )
        head_end = kind_at if kind_at is not None else (letter_at if letter_at is not None else 0)
        if kind_at is None and letter_at is None:
            head_end = next((i for i, it in enumerate(its[:40]) if it.style == "roman"), min(len(its), 8))
        head = its[:head_end]
        self._header(head)
        kind = _kind_line(its[kind_at]) if kind_at is not None else None
        if letter_at is not None and (kind_at is None or letter_at < kind_at):
            kind = "CÔNG VĂN"
        symbol_kind = _SYMBOL_KINDS.get((draft.number or "/").split("/", 1)[1].split("-")[0].upper())
        if kind is None and symbol_kind:
            kind = symbol_kind
        draft.kind = kind
        if kind != "KẾ HOẠCH":
            found = f"Văn bản là {kind}" if kind else "Không thấy tên loại văn bản"
            draft.is_plan = False
            draft.error = f"{found}, không phải KẾ HOẠCH: không có nhiệm vụ nào được nhập."
            draft.warnings.append(draft.error)
            return
        body_start = self._title_and_preamble(kind_at + 1 if kind_at is not None else head_end)
        self._years()
        self._sections(body_start)
        if draft.report_to is None:
            self._report(its[body_start:])
        if draft.report_to is None:
            draft.warnings.append("Không thấy nơi nhận báo cáo kết quả và hạn báo cáo.")
        if not any(t["part"] == "tasks" for t in draft.tasks):
            draft.warnings.append("Không tìm thấy nhiệm vụ nào trong kế hoạch.")

    # -- header --------------------------------------------------------------------------------

    def _header(self, head: list[Item]) -> None:
        draft = self.draft
        joined = " ".join(it.folded for it in head if it.table is None)
        after_number = 0
        if m := _NUMBER.search(joined):
            draft.number = f"{m.group(1)}/{self._symbol(head, m.group(2))}"
            after_number = m.end()
        else:
            draft.warnings.append("Không đọc được số, ký hiệu của kế hoạch.")
        # The place and date follow the motto and the number, whichever column came first.
        tail = joined[after_number:]
        if motto := re.search(r"h\w{1,2}nh\s+ph\w{1,2}c", tail):
            tail = tail[motto.end() :]
        if m := _DATE_LINE.search(tail):
            day, month, year = (int(m.group(g)) for g in ("day", "month", "year"))
            draft.issued_on = f"{year}-{month:02d}-{day:02d}"
            if place := _PLACE.search(tail[max(0, m.start() - 80) : m.start()]):
                draft.place = self._original(head, place.group(1).strip())
        else:
            draft.warnings.append("Không đọc được ngày ban hành.")
        draft.issuer = self._issuer(head)

    def _symbol(self, head: list[Item], folded_symbol: str) -> str:
        for it in head:
            pos = it.folded.find(folded_symbol)
            if pos >= 0:
                return it.text[pos : pos + len(folded_symbol)].upper()
        return folded_symbol.upper()

    def _original(self, head: list[Item], folded: str) -> str:
        for it in reversed(head):
            pos = it.folded.find(folded)
            if pos >= 0:
                return self.fix(it.text[pos : pos + len(folded)]).strip()
        return folded.title()

    def _issuer(self, head: list[Item]) -> str | None:
        """The issuing body: the last agency name of the header's left column, its lines joined
        ("ỦY BAN NHÂN DÂN" + "TỈNH THÁI NGUYÊN"); the parent body above it is skipped."""
        names: list[str] = []
        for it in head:
            if it.table is not None:
                continue
            folded = it.folded
            cut = re.search(
                r"c[o0]ng h[o0]a|d\w{1,2}c\s*[l1]ap|t\w{1,2}\s*do\s*-|h\w{1,2}nh ph|\bs[o0]\s*:|ngay\s*\d", folded
            )
            text = it.text[: cut.start()] if cut else it.text
            text = text.strip(" -_|")
            if not text or not re.search(r"[A-Za-zÀ-ỹ]", text):
                if cut:
                    continue
                continue
            if re.match(r"^(?:tinh|thanh pho|huyen|xa|phuong|thi xa|dac khu)\b", lfold(text)) and names:
                names[-1] = f"{names[-1]} {text}"
            elif _starts_like_name(text) or (it.upper and not names):
                names.append(text)
            if re.search(r"\bs[o0]\s*:", folded) and names:
                break
        if not names:
            return None
        name = names[-1]
        known = _best_known(name, self.organizations)
        if known:
            return known
        return self.fix(_name_case(name))

    # -- title, preamble, parent plan -------------------------------------------------------------

    def _title_and_preamble(self, start: int) -> int:
        its, draft = self.its, self.draft
        i = start
        title: list[str] = []
        while i < len(its) and its[i].table is None and its[i].style != "roman":
            it = its[i]
            if title and (_PREAMBLE_START.match(it.folded.strip()) or len(" ".join(title)) > 300):
                break
            if not title and it.folded.startswith(("can cu", "thuc hien ke hoach")):
                break
            title.append(it.text)
            i += 1
            if len(title) >= 4:
                break
        draft.title = self.fix(_sentence_case(" ".join(title))).strip() or None
        if draft.title is None:
            draft.warnings.append("Không đọc được trích yếu (tên) của kế hoạch.")
        preamble: list[Item] = []
        while i < len(its) and its[i].style != "roman":
            if its[i].table is None:
                preamble.append(its[i])
            i += 1
        draft.preamble = " ".join(it.full for it in preamble).strip()
        self._implements(" ".join(it.text for it in preamble))
        return i

    def _implements(self, preamble: str) -> None:
        """The parent plan: a "Kế hoạch số …" the preamble carries out — not one it replaces, not
        the plan it is itself attached to, not a resolution, decision or letter."""
        own = (self.draft.number or "").lower()
        for clause in re.split(r"[;.]\s", preamble):
            folded = ofold(clause)
            for m in _PLAN_REFERENCE.finditer(folded):
                before = folded[: m.start()]
                if re.search(r"thay the|kem theo|bai bo|het hieu luc|sua doi", before):
                    break
                symbol = clause[m.start(2) : m.end(2)].upper()
                number = f"{m.group(1)}/{symbol}"
                if number.lower() == own or not symbol.startswith("KH"):
                    continue
                self.draft.implements = number
                if m.group(5):
                    self.draft.implements_date = f"{m.group(5)}-{int(m.group(4)):02d}-{int(m.group(3)):02d}"
                return

    def _years(self) -> None:
        draft = self.draft
        text = ofold(draft.title or "") + " " + ofold(draft.preamble[:600])
        if m := re.search(r"nam (\d{4}) va (?:nhung|cac) nam tiep theo", text):
            draft.start_year = int(m.group(1))
        elif m := re.search(r"(?:giai doan|tu nam)\s*(\d{4})\s*(?:-|–|den|den nam)\s*(\d{4})", text):
            draft.start_year, draft.end_year = int(m.group(1)), int(m.group(2))
            if first := re.search(r"nam (\d{4})", text[: m.start()]):
                draft.start_year = min(draft.start_year, int(first.group(1)))
        elif m := re.search(r"nam (\d{4})", text):
            draft.start_year = draft.end_year = int(m.group(1))
        elif draft.issued_on:
            draft.start_year = int(draft.issued_on[:4])
            draft.warnings.append("Không thấy năm thực hiện trong tên kế hoạch; lấy năm ban hành.")
        else:
            draft.warnings.append("Không xác định được năm thực hiện của kế hoạch.")

    # -- parts ---------------------------------------------------------------------------------

    def _sections(self, start: int) -> None:
        its, draft = self.its, self.draft
        end = len(its)
        for i in range(start, len(its)):
            it = its[i]
            if it.table is None and (
                re.match(r"^\s*(?:tren day la|no[il] nh\w{1,2}n\s*:|(?:tm|kt|tl|q)\s*\.\s*\S)", it.folded)
                or (i > start and its[i - 1].table is None and its[i - 1].text.rstrip().endswith("/."))
            ):
                end = i
                break
        sections: list[tuple[int, str, list[Item]]] = []
        for it in its[start:end]:
            if it.style == "roman" and it.table is None:
                number = roman(it.label.rstrip(".)")) or 0
                kind = _section_kind(it.text)
                in_order = not sections or number == sections[-1][0] + 1
                new_part = bool(sections) and kind != "other" and kind not in {_section_kind(t) for _, t, _ in sections}
                if in_order or new_part or not sections:
                    sections.append((sections[-1][0] + 1 if sections else max(number, 1), it.text, []))
                    continue
            if sections:
                sections[-1][2].append(it)
        for n, title, body in sections:
            kind = _section_kind(title)
            code = _ROMAN_STR[n] if n < len(_ROMAN_STR) else str(n)
            if kind == "purpose":
                self._purposes(body)
            elif kind == "tasks":
                self._tasks(body, code, "tasks", title=title)
            elif kind == "organization":
                self._organization(body, code)
        if not any(_section_kind(t) == "tasks" for _, t, _ in sections):
            draft.warnings.append("Không thấy phần “Nhiệm vụ và giải pháp”.")
        # Appendices after the signature: task tables ("PHỤ LỤC … Kèm theo Kế hoạch số …").
        appendix_tables = [it for it in its[end:] if it.table is not None]
        if appendix_tables:
            self._tasks(appendix_tables, "PL", "tasks")
        self._tail(its[end:])

    def _purposes(self, body: list[Item]) -> None:
        target = None
        for it in body:
            if it.table is not None:
                continue
            if it.style in ("num1", "letter") and len(it.text) < 40:
                target = self.draft.requirements if re.match(r"y\w{1,3} c\w{1,3}\b", it.folded) else self.draft.purposes
                continue
            if it.text:
                (target if target is not None else self.draft.purposes).append(it.text)

    # -- tasks ---------------------------------------------------------------------------------

    def _is_heading(self, body: list[Item], i: int) -> bool:
        it = body[i]
        if it.table is not None:
            return False
        text = it.text.strip()
        nxt = next((b for b in body[i + 1 :] if b.table is not None or b.text.strip()), None)
        if nxt is not None and nxt.table is None and _fields(nxt.text)[1] and not _fields(nxt.text)[0].strip():
            return False  # a short item followed by its "Đơn vị chủ trì:" line is a task
        if _paren_assignment(it.folded) or _fields(text)[1]:
            return False  # an item carrying its own assignment is a task, however short
        if it.style in ("num1", "num2", "roman", "letter"):
            # "1. Sở Tài chính:" / "2. Đối với Công an tỉnh:" head the duties listed under them.
            named = (
                text.endswith(":")
                and len(text) < 120
                and (_heading_subindex(text) is not None or _agency_heading(text) is not None)
            )
            return (len(text) < 200 and not text.endswith((".", ";", "./.", ":"))) or named
        if it.style == "none" and len(text) < 200 and not text.endswith((".", ";")):
            return bool(re.match(r"^(?:chi so|nhom|doi voi chi so|ve chi so|linh vuc)", it.folded))
        return False

    def _tasks(self, body: list[Item], section: str, part: str, title: str = "") -> None:
        labelled_family = any(it.table is None and _fields(it.text)[1] for it in body)
        stack: list[tuple[str, str, int | None, str | None, str]] = []  # style, number, subindex, agency, text
        if sub := _heading_subindex(title) if _section_kind(title) == "tasks" and title else None:
            # A part per sub-index ("II. CHỈ SỐ THÀNH PHẦN 1: …"): its tasks take it from the part.
            stack.append(("part", "", sub, None, self.fix(_sentence_case(title))))
        counters: dict[str, int] = {}
        tasks: list[_Task] = []
        current: _Task | None = None
        task_style: str | None = None

        def context() -> tuple[str, str, int | None, str | None]:
            code = ".".join([section, *[s[1] for s in stack if s[1]]])
            heading = stack[-1][4] if stack else ""
            sub = next((s[2] for s in reversed(stack) if s[2]), None)
            agency = next((s[3] for s in reversed(stack) if s[3]), None)
            return code, heading, sub, agency

        for i, it in enumerate(body):
            if it.table is not None:
                code, heading, sub, _ = context()
                self._table(it, code if stack else section, heading, sub)
                current = None
                continue
            if not it.text.strip():
                continue
            head, values = _fields(it.text)
            if values and not head.strip():
                if current is None:
                    continue
                self._apply(current, values)
                current.items.append(it)
                continue
            if self._is_heading(body, i):
                styles = [s[0] for s in stack]
                if it.style in styles:
                    del stack[styles.index(it.style) :]
                number = re.sub(r"[.)]$", "", it.label.split(".")[-2] if it.label.count(".") > 1 else it.label)
                number = number.rstrip(".)") if number else ""
                sub = _heading_subindex(it.text)
                agency = self.fix(name) if sub is None and (name := _agency_heading(it.text)) else None
                stack.append((it.style, number, sub, agency, self.fix(it.text.strip().rstrip(":"))))
                current = None
                task_style = None
                continue
            # A task, or more text of the current one.
            continues = current is not None and (
                (labelled_family and not current.labelled and (it.style == "none" or it.style != task_style))
                or (not labelled_family and it.style == "none" and task_style not in (None, "none"))
                or (current.content and current.content[-1].rstrip().endswith(":") and it.style != task_style)
            )
            if continues and current is not None:
                current.items.append(it)
                current.content.append(it.full if it.style not in ("none",) else it.text)
                if values:
                    self._apply(current, values)
                    current.content[-1] = head
                self._inline(current, it.text)
                continue
            code, heading, sub, agency = context()
            counters[code] = counters.get(code, 0) + 1
            current = _Task(section=code, heading=heading, subindex=sub, part=part, style=it.style, heading_lead=agency)
            task_style = it.style
            current.items.append(it)
            content = head if values else it.text
            current.content.append(content)
            if values:
                self._apply(current, values)
            self._inline(current, it.text)
            tasks.append(current)
        for task in tasks:
            self._emit(task)

    def _apply(self, task: _Task, values: dict[str, str]) -> None:
        task.labelled = True
        if values.get("lead"):
            names = [self.fix(n) for n in split_units(values["lead"])]
            task.leads.extend(n for n in names if n not in task.leads)
        if values.get("partners"):
            task.partners.extend(self.fix(n) for n in split_units(values["partners"]))
        if values.get("due"):
            task.due_text = values["due"]
        if values.get("outputs"):
            task.outputs = values["outputs"]

    def _inline(self, task: _Task, text: str) -> None:
        """Assignments written inside the item: in parentheses at its end, or in the sentence."""
        folded = ofold(text)
        if m := _paren_assignment(folded):
            inner = text[m.start(1) : m.end(1)]
            _, values = _fields(inner.replace(";", "; "))
            if values:
                self._apply(task, values)
                task.content[-1] = task.content[-1].replace(f"({inner})", "").rstrip(" .;") + "."
        inline_lead = False
        # "Sở Tài chính chủ trì, phối hợp với …" / "Giao Sở X chủ trì …"
        if not task.leads and (m := _INLINE_LEAD.search(folded)):
            name = text[m.start(1) : m.end(1)].strip(" -")
            if _starts_like_name(name):
                task.leads.append(self.fix(name))
                inline_lead = True
        # "phối hợp với Y" names partners when the sentence assigns the task: its lead is the
        # agency of the section heading, or named in the same sentence ("X chủ trì, phối hợp với Y").
        assigns = inline_lead or task.heading_lead is not None or re.match(r"^\s*(?:chu tri|phoi hop)", folded)
        if assigns and not task.partners:
            for m in re.finditer(r"phoi hop (?:chat che )?(?:voi )?", folded):
                if re.match(r"\s*(?:chat che|thuc hien|cac co quan lien quan)", folded[m.end() :]) and not (
                    _starts_like_name(text[m.end() :])
                ):
                    continue
                named = [self.fix(n) for n in _names_after(text, folded, m.end()) if _starts_like_name(n)]
                task.partners.extend(n for n in named if n not in task.partners and n not in task.leads)
        if task.subindex is None and (n := _subindex_in(text)):
            task.subindex = n

    def _emit(self, task: _Task) -> None:
        content = "\n".join(c for c in task.content if c).strip()
        if not content and not task.leads:
            return
        if not task.leads and not task.heading_lead and re.search(r"\bphu luc\b", ofold(content)):
            return  # "… các nhiệm vụ cụ thể tại Phụ lục kèm theo": a pointer to the tasks, not one
        leads = task.leads or ([task.heading_lead] if task.heading_lead else [])
        if task.part == "tasks" and task.subindex is None:
            task.subindex = _subindex_in(content)
        if task.part == "tasks" and task.subindex is None:
            self.draft.warnings.append(
                f"Mục {task.section}: không xác định được chỉ số thành phần PGI; hãy chọn khi duyệt."
            )
        when, due = schedule(task.due_text) if task.due_text else schedule(content)
        start = min(it.start for it in task.items)
        end = max(it.end for it in task.items)
        self._add(
            _task_dict(
                section=task.section, part=task.part, heading=task.heading, subindex=task.subindex,
                title=title_of(task.content[0] if task.content and task.content[0] else content),
                content=content, leads=leads, partners=[p for p in task.partners if p not in leads],
                schedule=when, due=due, outputs=task.outputs, span=[start, end], due_text=task.due_text,
            )
        )  # fmt: skip

    def _table(self, it: Item, section: str, heading: str, subindex: int | None) -> None:
        """Tasks laid out as a table: columns recognised from the header cells (folded, fuzzy),
        repeated header rows and "(1) (2) …" rows skipped, group rows giving the sub-index."""
        table: Table = it.table
        grid = _grid(table)
        width = max((len(r) for r in grid), default=0)
        header_at, columns = _table_columns(grid)
        if header_at is None and self._last_columns and self._last_columns[0] == width:
            # A table broken by a page or a group row goes on with the columns of the one before.
            header_at, columns = -1, self._last_columns[1]
        if header_at is None or "content" not in columns:
            return
        self._last_columns = (width, columns)
        header_texts = [ofold(c.text) for c in grid[header_at]] if header_at >= 0 else []
        group_sub, group_heading, group_code = subindex, heading, section
        group_no = 0
        for cells in grid[header_at + 1 :]:
            texts = [c.text.strip() for c in cells]
            folded = [ofold(t) for t in texts]
            if folded == header_texts or all(re.fullmatch(r"\(?\d{1,2}\)?|", f) for f in folded):
                continue
            filled = [t for t in texts if t]
            distinct = list(dict.fromkeys(filled))
            content = texts[columns["content"]] if columns["content"] < len(texts) else ""
            first = texts[0] if texts else ""
            is_group = len(distinct) == 1 or (
                bool(first) and roman(first.rstrip(".")) is not None and not first.isdigit() and len(distinct) <= 2
            )
            if is_group:
                label = " ".join(distinct)
                group_no += 1
                group_sub = _heading_subindex(label) or group_sub
                group_heading = self.fix(_sentence_case(re.sub(r"^[IVXLivxl1]+\s*[.)]?\s*", "", label)))
                group_code = f"{section}.{_ROMAN_STR[group_no] if group_no < len(_ROMAN_STR) else group_no}"
                continue
            if not content:
                continue

            def cell(column: str, texts: list[str] = texts) -> str:
                index = columns.get(column)
                return texts[index] if index is not None and index < len(texts) else ""

            def units(column: str, cells: list[Cell] = cells) -> list[str]:
                # Names are one per printed line unless a line does not start like one.
                index = columns.get(column)
                if index is None or index >= len(cells):
                    return []
                return [self.fix(n) for n in _cell_units("\n".join(cells[index].printed) or cells[index].text)]

            sub = group_sub
            if "subindex" in columns and cell("subindex"):
                sub = _heading_subindex(cell("subindex")) or sub
            if sub is None:
                sub = _subindex_in(content)
            leads = units("lead")
            partners = units("partners")
            due_text = cell("due")
            when, due = schedule(due_text) if due_text else schedule(content)
            number = first if first.isdigit() else str(len(self.draft.tasks) + 1)
            flat = content.replace("\n", " ")
            if sub is None:
                self.draft.warnings.append(f"Mục {group_code}.{number}: không xác định được chỉ số thành phần PGI.")
            self._add(
                _task_dict(
                    section=f"{group_code}.{number}", part="tasks", heading=group_heading, subindex=sub,
                    title=title_of(flat), content=content, leads=leads, partners=partners,
                    schedule=when, due=due, outputs=cell("outputs").replace("\n", " "), span=[it.start, it.end],
                    due_text=due_text,
                )
            )  # fmt: skip

    # -- organisation of the work (III) ------------------------------------------------------------

    def _organization(self, body: list[Item], section: str) -> None:
        """The duties of "Tổ chức thực hiện", one task per unit's paragraph; the reporting
        clause is read here first."""
        self._report(body)
        unit: str | None = None
        number = ""
        for it in body:
            if it.table is not None:
                continue
            text = it.text.strip()
            if not text:
                continue
            if it.style in ("num1", "num2") and len(text) < 140 and not text.endswith((".", ";")) and ":" not in text:
                unit, number = self.fix(text), it.label.rstrip(".)")
                continue
            lead = unit
            duty = text
            heading = unit or ""
            if m := re.match(r"^([^:]{3,90}):\s*(.+)$", text):
                if _starts_like_name(m.group(1)):
                    lead, duty = self.fix(m.group(1).strip()), m.group(2)
                    heading = lead
            elif m := _UNIT_DUTY.match(ofold(text)):
                name = text[m.start(1) : m.end(1)]
                if _starts_like_name(name) and len(name.split()) <= 14:
                    lead = "; ".join(self.fix(n) for n in split_units(name))
            if not lead:
                continue  # a duty nobody is named for ("Trường hợp cần sửa đổi …") is not tracked
            when, due = schedule(duty)
            code = f"{section}.{it.label.rstrip('.)')}" if it.style == "num1" else (
                f"{section}.{number}" if number else section)  # fmt: skip
            self._add(
                _task_dict(
                    section=code, part="organization", heading=heading, subindex=None,
                    title=title_of(duty), content=duty, leads=lead.split("; ") if lead else [], partners=[],
                    schedule=when, due=due, outputs="", span=[it.start, it.end], due_text="",
                )
            )  # fmt: skip

    def _report(self, body: list[Item]) -> None:
        """The reporting clause: the result report sent to a body outside the agency by a day of
        the year ("gửi Sở Nông nghiệp và Môi trường trước ngày 10 tháng 12 hằng năm"). An
        internal deadline (to "Văn phòng Sở") is not it, and neither is a later review date."""
        best: tuple[int, str, str] | None = None
        for it in body:
            if it.table is not None:
                continue
            text, folded = it.text, it.folded
            for m in _REPORT_CLAUSE.finditer(folded):
                to = text[m.start(1) : m.end(1)].strip(" ,")
                # "gửi báo cáo kết quả thực hiện về Sở …": the recipient follows the last "về"/"gửi".
                if cuts := list(re.finditer(r"\b(?:ve|g(?:u|ui|iri|ri|iu)i?|toi)\s+", ofold(to))):
                    to = to[cuts[-1].end() :]
                to = re.sub(r"\s+(?:để|de)(?:\s+tổng hợp)?$", "", to).strip()
                if not to or re.search(r"\bthang\b", lfold(to)):
                    continue
                folded_to = lfold(to)
                score = 0
                if re.search(r"moi truong|ubnd|uy ban|so |tinh", folded_to):
                    score += 2
                if re.search(r"van phong so|van phong\b|bo phan|phong ", folded_to) and "qua so" not in folded_to:
                    score -= 3
                if "bao cao" in folded[max(0, m.start() - 60) : m.end()]:
                    score += 1
                day, month = int(m.group(2)), int(m.group(3))
                if not (1 <= day <= 31 and 1 <= month <= 12):
                    continue
                if best is None or score > best[0]:
                    best = (score, self.fix(to), f"{month:02d}-{day:02d}")
        if best and best[0] >= 0:
            self.draft.report_to, self.draft.report_due = best[1], best[2]

    # -- closing ---------------------------------------------------------------------------------

    def _tail(self, rest: list[Item]) -> None:
        """ "Nơi nhận:" with its list, and the signer's title and name."""
        draft = self.draft
        start = next(
            (i for i, it in enumerate(rest) if it.table is None and re.match(r"^\s*no[il] nh\w{1,2}n\s*:", it.folded)),
            None,
        )
        if start is None:
            return
        first = rest[start]
        after = re.sub(r"^\s*no[il] nh\w{1,2}n\s*:\s*", "", first.folded).strip()
        if after and not after.startswith(("-", "+")):
            draft.signer_title = self.fix(first.text.split(":", 1)[1].strip()).upper()
        for it in rest[start + 1 :]:
            if it.table is not None or re.match(r"^\s*ph\w{1,2} l\w{1,2}c\b", it.folded):
                break
            text = it.text.strip()
            if it.style in ("dash", "plus", "bullet"):
                draft.recipients.append(self.fix(text))
            elif it.upper and re.match(
                r"(?:kt\.|tm\.|tl\.|q\.|ktl\.)?\s*(?:pho )?(?:giam doc|chu tich|truong|thu truong|uy ban)", it.folded
            ):
                draft.signer_title = self.fix(text).upper()
            elif re.fullmatch(r"[A-ZÀ-Ỹa-zà-ỹđĐ ]{5,60}", text) and 2 <= len(text.split()) <= 6:
                words = text.split()
                if all(w[:1].isupper() for w in words) and not it.upper:
                    draft.signer_name = text
                    if fold(text) == text.lower():
                        draft.warnings.append(f"Tên người ký “{text}” có thể thiếu dấu; hãy kiểm tra lại.")


_ROMAN_STR = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

# Column headers of task tables (folded), by the field they hold, in the order they are tried.
_TABLE_COLUMNS = (
    ("lead", ("chu tri", "don vi thuc hien", "co quan thuc hien", "don vi dau moi")),
    ("partners", ("phoi hop",)),
    ("subindex", ("chi so",)),
    ("due", ("thoi gian", "thoi han", "tien do", "han hoan thanh", "moc thoi gian")),
    ("outputs", ("san pham", "ket qua")),
    ("content", ("noi dung", "nhiem vu", "giai phap", "hoat dong", "ten nhiem vu", "cong viec")),
    ("number", ("stt", "tt", "so tt")),
)


def _grid(table: Table) -> list[list[Cell]]:
    """The table's rows cell per grid column: a cell spanning columns stands in each, and a cell
    merged down from the row above is that row's cell (a lead written once for three tasks)."""
    rows: list[list[Cell]] = []
    above: list[Cell] = []
    for row in table.rows:
        cells: list[Cell] = []
        for cell in row.cells:
            for _ in range(max(1, cell.colspan)):
                position = len(cells)
                cells.append(above[position] if cell.merged_above and position < len(above) else cell)
        rows.append(cells)
        above = cells
    return rows


def _table_columns(grid: list[list[Cell]]) -> tuple[int | None, dict[str, int]]:
    for r, row in enumerate(grid[:4]):
        columns: dict[str, int] = {}
        for c, cell in enumerate(row):
            folded = ofold(cell.text).strip()
            for column, labels in _TABLE_COLUMNS:
                if column in columns or c in columns.values():
                    continue
                if any(label in folded for label in labels) or (column == "number" and folded in labels):
                    columns[column] = c
                    break
        if "content" in columns and len(columns) >= 2:
            return r, columns
    return None, {}


def _task_dict(*, section, part, heading, subindex, title, content, leads, partners, schedule, due, outputs, span,
               due_text) -> dict:  # fmt: skip
    leads = [n for n in dict.fromkeys(n.strip() for n in leads if n and n.strip())]
    partners = [n for n in dict.fromkeys(n.strip() for n in partners if n and n.strip())]
    return {
        "section": section,
        "part": part,
        "heading": heading,
        "subindex": subindex,
        "title": title,
        "content": content,
        "lead": "; ".join(leads) or None,
        "leads": leads,
        # A group as lead ("UBND các xã, phường") stays a lead here, as the plan says; the
        # review maps leads to one unit each and expands groups (documents.imports).
        "partners": [p for p in partners if p not in leads],
        "schedule": schedule,
        "due": due.get("due"),
        "due_month": due.get("due_month"),
        "due_day": due.get("due_day"),
        "due_text": due_text,
        "outputs": outputs,
        "span": span,
    }


def _best_known(name: str, organizations: list[str]) -> str | None:
    wanted = ofold(name).strip()
    best, score = None, 0.0
    for org in organizations:
        ratio = SequenceMatcher(None, ofold(org), wanted).ratio()
        if ratio > score:
            best, score = org, ratio
    return best if best and score >= 0.85 else None


_LOWER_WORDS = {"và", "của", "các", "thuộc", "trực", "tỉnh", "thành", "phố", "huyện", "xã", "phường", "thị"}


def _name_case(name: str) -> str:
    """ "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" → "Sở Văn hóa, Thể thao và Du lịch"; "ỦY BAN NHÂN DÂN
    TỈNH THÁI NGUYÊN" → "Ủy ban nhân dân tỉnh Thái Nguyên". Names not in capitals stay."""
    name = re.sub(r"\s+", " ", nfc(name)).strip()
    if not any(c.isalpha() for c in name) or name.upper() != name:
        return name
    words = name.lower().split()
    out: list[str] = []
    capital_next = True
    place = False
    for w in words:
        bare = w.strip(",")
        if place:
            out.append(w[:1].upper() + w[1:])
            continue
        if bare in ("tỉnh", "phường", "xã", "huyện", "thị") and out and lfold(out[0]) in ("uy", "ubnd"):
            out.append(w)
            place = True
            continue
        if lfold(bare) == "ubnd":
            out.append("UBND")
            capital_next = False
            continue
        if capital_next and bare not in _LOWER_WORDS:
            out.append(w[:1].upper() + w[1:])
            capital_next = False
        else:
            out.append(w)
        if w.endswith(",") or bare == "và":
            capital_next = True
        if len(out) == 1 and lfold(bare) in ("so", "ban", "phong", "cuc", "chi", "trung", "van", "cong", "thanh"):
            capital_next = lfold(bare) not in ("trung", "van", "cong", "chi", "thanh")
    text = " ".join(out)
    text = re.sub(r"^Ủy Ban Nhân Dân|^Uỷ Ban Nhân Dân", lambda m: m.group(0)[:1] + m.group(0)[1:].lower(), text)
    return text


def _sentence_case(text: str) -> str:
    """A title typed in capitals, in sentence case (the restorer puts proper names back)."""
    text = re.sub(r"\s+", " ", text).strip()
    if text and text.upper() == text and any(c.isalpha() for c in text):
        lowered = text.lower()
        lowered = re.sub(r"\(pgi\)", "(PGI)", lowered)
        lowered = re.sub(r"\bpgi\b", "PGI", lowered)
        return lowered[:1].upper() + lowered[1:]
    return text
