"""Reading a Vietnamese plan (kế hoạch) from its text into the draft of DESIGN §7.

Framework-free. It works on folded text (no diacritics, OCR confusions normalised), so a clean
DOCX, a PDF's text layer and a damaged scan go through the same rules; titles, headings and unit
names are then given back their diacritics from the domain's vocabulary (lib.restore), and
everything the parser could not read with confidence is listed in ``warnings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .groups import match_group
from .pgi_names import SUBINDICES, match_subindex
from .restore import looks_clean, restore
from .vietnamese import fold, nfc

_OCR_FOLD = str.maketrans({"6": "o", "0": "o", "¢": "c", "€": "e", "&": "", "w": "u", "’": "'", "‘": "'"})


def _f(text: str) -> str:
    """Folded for matching, with OCR's usual confusions evened out (digits kept in numbers)."""
    folded = fold(text)
    # Only letters inside words are confusable; keep digits that stand alone (dates, numbers).
    return re.sub(r"(?<=[a-z])[60]|[60](?=[a-z])|[¢€&w’‘]", lambda m: m.group(0).translate(_OCR_FOLD), folded)


@dataclass
class Block:
    text: str  # NFC, as in the source (OCR damage included)
    folded: str


@dataclass
class Draft:
    title: str | None = None
    number: str | None = None
    issued_on: str | None = None
    place: str | None = None
    issuer: str | None = None
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


# --- blocks --------------------------------------------------------------------------------------

_ROMAN = r"(?:[il1|]{1,3}|iv|v|vi{1,3}|[il1]x|x)"
_SECTION = re.compile(rf"^\s*({_ROMAN})\s*[.)]\s*(.+)$")
_NUMBERED = re.compile(r"^\s*(\d{1,2})\s*[.)]\s*(.+)$")
_LETTERED = re.compile(r"^\s*([a-zđ])\s*\)\s*(.+)$")
_BULLET = re.compile(r"^\s*[-–—•+*]\s*(.+)$")


def _blocks(text: str) -> list[Block]:
    """Paragraphs: a blank line, a heading, a numbered item or a bullet starts a new one; other
    lines continue the paragraph (scans and PDFs break lines inside sentences)."""
    text = nfc(text).replace("\u00ad", "")
    # Straight quotes typed in a plain editor become the curly pairs documents use.
    text = re.sub(r'"([^"\n]*)"', "“\\1”", text)
    # Web copies draw rules with dashes or underscores, and legal-database sites put the two
    # header columns on one line separated by "|": drop the rules, split the columns.
    lines = []
    for raw in text.split("\n"):
        if re.fullmatch(r"\s*[-_=*~.·]{3,}\s*", raw):
            continue
        if " | " in raw and re.search(r"cong hoa|doc lap|hanh phuc", fold(raw)):
            lines.extend(part.rstrip() for part in raw.split(" | ") if part.strip())
        else:
            lines.append(raw.rstrip())
    blocks: list[str] = []
    current: list[str] = []
    for line in lines:
        stripped = line.strip()
        starts = (
            bool(_BULLET.match(stripped) or _NUMBERED.match(stripped) or _SECTION.match(_f(stripped)))
            or stripped.isupper()
            or bool(re.match(r"no[il] nh\w{1,2}n\s*:", _f(stripped)))
            or " | " in stripped
        )
        # Text from PDFs has no blank lines between paragraphs: a sentence that ended on the
        # previous line and a capital at the start of this one begin a new paragraph.
        sentence_break = bool(current) and current[-1].endswith((".", ":")) and stripped[:1].isupper()
        if (not stripped or starts or sentence_break) and current:
            blocks.append(" ".join(current))
            current = []
        if stripped:
            current.append(stripped)
            # A heading stands alone: a line in capitals, or a short numbered line that does not
            # end a sentence ("1. Chỉ số “Thúc đẩy thực hành xanh”").
            numbered = _NUMBERED.match(stripped) or _SECTION.match(_f(stripped))
            heading = numbered and len(stripped) < 120 and not stripped.endswith((".", ";", ":", ","))
            table_row = " | " in stripped  # a row of a table, as extraction writes it
            if (stripped.isupper() and len(stripped) < 80) or heading or table_row:
                blocks.append(" ".join(current))
                current = []
    if current:
        blocks.append(" ".join(current))
    joined: list[Block] = []
    for b in blocks:
        b = re.sub(r"(\w)- (\w)", r"\1\2", b)  # words hyphenated across a line break
        # A paragraph cut by a page break goes on in lower case after an unfinished sentence.
        if joined and b[:1].islower() and not joined[-1].text.rstrip().endswith((".", ":", ";", "!", "?")):
            merged = f"{joined[-1].text} {b}"
            joined[-1] = Block(merged, _f(merged))
            continue
        joined.append(Block(b, _f(b)))
    return joined


_CLOSING = re.compile(r"^\s*(?:tren day la|noi nhan|no[il] nh\w{1,2}n\s*:)")


def _roman(token: str) -> int | None:
    token = token.replace("1", "i").replace("l", "i").replace("|", "i")
    return {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}.get(token)


# --- the pieces of a plan ---------------------------------------------------------------------------

_IMPLEMENTS = re.compile(
    r"ke hoach s\w?\s*(\d+)\s*/\s*([a-z0-9đ-]+)\s*ngay\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
)
_NUMBER = re.compile(r"\bs[o6]\s*:\s*(\d+)\s*/\s*(kh-[a-z0-9-]+)")
_DATE_LINE = re.compile(r"((?:[a-z]+ ){0,3}[a-z]+),\s*ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_YEARS_OPEN = re.compile(r"nam (\d{4}) va (?:nhung|cac) nam tiep theo")
_YEARS_RANGE = re.compile(r"(?:giai doan|tu nam)\s*(\d{4})\s*(?:-|–|den|den nam)\s*(\d{4})")
_YEAR = re.compile(r"nam (\d{4})")
# "gửi Sở … để tổng hợp trước ngày 10 tháng 12 hằng năm" (OCR: "giri", "tru’O’c", "hing nim").
_REPORT = re.compile(
    r"\bg(?:u|ui|iri|ri|iu)i?\s+(.+?)\s+(?:de\s+)?(?:t\w{1,2}ng hop[ ,]*)?(?:truoc|tru\S{0,4}c)\s+ngay\s*(\d{1,2})"
    r"\s*(?:thang\s*|/)(\d{1,2})"
)
_ANNUAL = re.compile(r"(?:truoc|tru\S{0,4}c)\s+ngay\s*(\d{1,2})\s*(?:thang\s*|/)(\d{1,2})\s*h\w{2,3}\s+n\w{2}\b")
_QUARTER = re.compile(r"quy\s*(i{1,3}|iv|[1-4])\s*/\s*(\d{4})")
_DUE_DATE = re.compile(r"(?:truoc|han|hoan thanh)[^0-9]{0,20}(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")

# Labels of the lead and partner lines, in every common wording (folded).
_LEAD = re.compile(r"^(?:[-–•]\s*)?(?:don vi|co quan|bo phan)\s+chu tri(?:\s+thuc hien)?\s*[:.]\s*(.*)$")
_PARTNER = re.compile(r"^(?:[-–•]\s*)?(?:don vi|co quan|bo phan)\s+phoi hop(?:\s+thuc hien)?\s*[:.]\s*(.*)$")
_LEAD_INLINE = re.compile(r"^(.+?)\s+chu tri,?\s+phoi hop (?:voi\s+)?(.+?)(?:\s+thuc hien)?[.;]?$")


def _label_fuzzy(folded: str) -> tuple[str, str] | None:
    """OCR garbles the labels ("Pon vi phéz’ hop"): accept them when the words are close."""
    text = folded.lstrip("-–• ").strip()
    head, sep, rest = text.partition(":")
    if not sep:
        return None
    words = re.sub(r"[^a-z ]", "", head).split()
    if len(words) < 3 or len(words) > 6:
        return None
    from difflib import SequenceMatcher

    def like(target: str) -> float:
        return SequenceMatcher(None, " ".join(words[:3]), target).ratio()

    if like("don vi chu") >= 0.7 and "tri" in head[-5:]:
        return "lead", rest
    if like("don vi phoi") >= 0.7 or (like("don vi phez") >= 0.7 and "hop" in head):
        return "partner", rest
    return None


def _split_units(text: str) -> list[str]:
    """ "Phòng A; Phòng B và các đơn vị liên quan." → ["Phòng A", "Phòng B", ...]; a group phrase
    ("các phòng, đơn vị sự nghiệp thuộc Sở") stays whole."""
    text = text.strip().rstrip(".;")
    if not text:
        return []
    if match_group(text):
        return [text]
    parts = [p.strip() for p in re.split(r";|\s+và\s+(?=(?:các|Phòng|Văn phòng|Trung tâm|Sở|UBND))", text) if p.strip()]
    return parts or [text]


def _schedule(folded: str) -> tuple[str, dict]:
    if m := _ANNUAL.search(folded):
        return "annual", {"due_day": int(m.group(1)), "due_month": int(m.group(2))}
    if m := _QUARTER.search(folded):
        q = _roman(m.group(1)) or int(m.group(1))
        month = q * 3
        day = 31 if month in (3, 12) else 30
        return "once", {"due": f"{m.group(2)}-{month:02d}-{day:02d}"}
    if m := _DUE_DATE.search(folded):
        return "once", {"due": f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"}
    return "continuous", {}


def _title_of(text: str, limit: int = 160) -> str:
    """A task's short title: its first sentence, cut at a word boundary."""
    first = re.split(r"(?<=[.;:])\s", text.strip(), maxsplit=1)[0].rstrip(".;:")
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


class _Vocabulary:
    def __init__(self, organizations: list[str], extra: list[str], *, clean: bool = False):
        self.clean = clean
        names = [s.name for s in SUBINDICES] + [s.long_name for s in SUBINDICES]
        names += [a for s in SUBINDICES for a in s.aliases]
        self.words = list(dict.fromkeys([*organizations, *names, *extra]))
        self.restored: list[str] = []

    def __call__(self, text: str) -> str:
        result = restore(text, self.words, clean=self.clean)
        self.restored.extend(result.restored)
        return result.text


def parse(text: str, *, organizations: list[str] = (), vocabulary: list[str] = ()) -> Draft:
    """Read a plan. ``organizations`` are the names known in the database (for restoring and
    for recognising the issuer); ``vocabulary`` adds any other phrases worth restoring."""
    draft = Draft()

    fix = _Vocabulary(list(organizations), list(vocabulary), clean=looks_clean(text))
    blocks = _blocks(text)
    if not blocks:
        draft.warnings.append("Văn bản không có nội dung đọc được.")
        return draft

    # Header and title: everything before the first Roman-numbered section.
    first_section = next(
        (i for i, b in enumerate(blocks) if _SECTION.match(b.folded) and _roman(_SECTION.match(b.folded).group(1))),
        len(blocks),
    )
    head = blocks[:first_section]
    head_folded = " ".join(b.folded for b in head)
    kh = next((i for i, b in enumerate(head) if re.fullmatch(r"\s*ke hoach\s*", b.folded)), None)
    if kh is None:
        kh = next(
            (i for i, b in enumerate(head) if b.folded.strip().startswith("ke hoach") and len(b.folded) < 20), None
        )
    if kh is None:
        draft.warnings.append("Không thấy tên loại “KẾ HOẠCH”: văn bản có thể không phải là một kế hoạch.")
    else:
        title_parts = []
        for b in head[kh + 1 :]:
            if b.folded.startswith(("thuc hien", "can cu", "nham ")):
                break
            title_parts.append(b.text)
        draft.title = fix(" ".join(title_parts)).strip() or None
        draft.preamble = fix(" ".join(b.text for b in head[kh + 1 + len(title_parts) :])).strip()
        for b in head[:kh]:
            issuer = _issuer(b.text, organizations)
            if issuer:
                draft.issuer = issuer
                break
    if m := _IMPLEMENTS.search(head_folded):
        draft.implements = f"{m.group(1)}/{m.group(2).upper()}"
        draft.implements_date = f"{m.group(5)}-{int(m.group(4)):02d}-{int(m.group(3)):02d}"
    if m := _NUMBER.search(head_folded):
        draft.number = f"{m.group(1)}/{m.group(2).upper()}"
    else:
        draft.warnings.append("Không đọc được số, ký hiệu của kế hoạch.")
    if m := _DATE_LINE.search(re.sub(r".*hanh phuc\s*", "", head_folded)):
        draft.issued_on = f"{m.group(4)}-{int(m.group(3)):02d}-{int(m.group(2)):02d}"
        draft.place = fix(m.group(1).strip().title())
    else:
        draft.warnings.append("Không đọc được ngày ban hành.")
    years_text = _f(draft.title or "") + " " + head_folded
    if m := _YEARS_OPEN.search(years_text):
        draft.start_year = int(m.group(1))
    elif m := _YEARS_RANGE.search(years_text):
        draft.start_year, draft.end_year = int(m.group(1)), int(m.group(2))
    elif m := _YEAR.search(years_text):
        draft.start_year = draft.end_year = int(m.group(1))
    else:
        draft.warnings.append("Không xác định được năm thực hiện của kế hoạch.")
    if draft.title is None:
        draft.warnings.append("Không đọc được trích yếu (tên) của kế hoạch.")

    # Sections, up to the closing line or the "Nơi nhận" block.
    end = next((i for i, b in enumerate(blocks) if i > first_section and _CLOSING.match(b.folded)), len(blocks))
    sections: list[tuple[int, str, list[Block]]] = []
    for b in blocks[first_section:end]:
        m = _SECTION.match(b.folded)
        number = _roman(m.group(1)) if m else None
        if m and number:
            kind = _section_kind(m.group(2))
            in_order = not sections or number == sections[-1][0] + 1
            # OCR misreads numerals ("III." as "II."): a heading that names a part not seen yet
            # still opens the next section.
            new_part = bool(sections) and kind != "other" and kind not in {_section_kind(t) for _, t, _ in sections}
            if in_order or new_part:
                sections.append((sections[-1][0] + 1 if sections else number, m.group(2), []))
                continue
        if sections:
            sections[-1][2].append(b)
    kinds = {n: _section_kind(title) for n, title, _ in sections}
    for n, _, body in sections:
        if kinds[n] == "purpose":
            _purposes(body, draft, fix)
        elif kinds[n] == "tasks":
            _tasks(body, draft, fix, part="tasks", section=_roman_str(n))
        elif kinds[n] == "organization":
            _tasks(body, draft, fix, part="organization", section=_roman_str(n))
    if not any(k == "tasks" for k in kinds.values()):
        draft.warnings.append("Không thấy phần “Nhiệm vụ và giải pháp”.")
    _tail(blocks, draft, fix)
    draft.restored = fix.restored
    if draft.report_to is None:
        draft.warnings.append("Không thấy nơi nhận báo cáo kết quả và hạn báo cáo.")
    return draft


def _roman_str(n: int) -> str:
    return ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][n]


def _section_kind(title: str) -> str:
    t = title.strip()
    if "muc dich" in t or "yeu cau" in t or "muc tieu" in t:
        return "purpose"
    if "nhiem vu" in t or "giai phap" in t or "noi dung" in t:
        return "tasks"
    if "to chuc thuc hien" in t or "trach nhiem" in t or "phan cong" in t:
        return "organization"
    from difflib import SequenceMatcher

    for kind, target in (
        ("purpose", "muc dich, yeu cau"),
        ("tasks", "nhiem vu va giai phap"),
        ("organization", "to chuc thuc hien"),
    ):
        if SequenceMatcher(None, re.sub(r"[^a-z ,]", "", t), target).ratio() >= 0.75:
            return kind
    return "other"


def _issuer(line: str, organizations: list[str]) -> str | None:
    """The issuing body from a header line ("SỞ TƯ PHÁP  Độc lập - Tự do - Hạnh phúc")."""
    folded = _f(line)
    folded = re.split(r"\s(?:d\S{1,2}c\s+\S+\s*-|cong hoa)", folded)[0].strip()
    if not folded or len(folded) > 80:
        return None
    from difflib import SequenceMatcher

    best, score = None, 0.0
    for name in organizations:
        ratio = SequenceMatcher(None, _f(name), folded).ratio()
        if ratio > score:
            best, score = name, ratio
    if best and score >= 0.8:
        return best
    return None


def _purposes(body: list[Block], draft: Draft, fix) -> None:
    target = None
    for b in body:
        m = _NUMBERED.match(b.folded)
        if m and len(m.group(2)) < 40:
            title = m.group(2)
            target = draft.requirements if re.match(r"y\w{1,3} c\w{1,3}\b", title) else draft.purposes
            continue
        item = _BULLET.match(b.text)
        text = (item.group(1) if item else b.text).strip()
        if text:
            (target if target is not None else draft.purposes).append(text)


# Column headers of task tables (folded), by the field they hold.
_TABLE_COLUMNS = {
    "content": ("noi dung", "nhiem vu", "ten nhiem vu", "noi dung nhiem vu", "nhiem vu, giai phap"),
    "lead": ("chu tri", "co quan chu tri", "don vi chu tri"),
    "partners": ("phoi hop", "co quan phoi hop", "don vi phoi hop"),
    "due": ("thoi gian", "thoi han", "thoi gian hoan thanh", "tien do"),
    "outputs": ("san pham", "ket qua"),
}


def _table_tasks(rows: list[Block], draft: Draft, fix, *, section: str, heading: str, subindex: int | None) -> bool:
    """Tasks laid out as a table (STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |
    Sản phẩm), as DOCX tables come out of extraction. Returns whether it found one."""
    header = next((r for r in rows if " | " in r.text and "chu tri" in r.folded), None)
    if header is None:
        return False
    names = [c.strip() for c in header.folded.split("|")]
    columns = {}
    for column, labels in _TABLE_COLUMNS.items():
        for i, name in enumerate(names):
            if any(label in name for label in labels) and i not in columns.values():
                columns[column] = i
                break
    if "content" not in columns:
        return False
    for row in rows[rows.index(header) + 1 :]:
        cells = [c.strip() for c in row.text.split(" | ")]
        if len(cells) != len(names) or not cells[columns["content"]]:
            continue

        def cell(column: str, cells: list[str] = cells) -> str:
            return cells[columns[column]] if column in columns else ""

        content = cell("content")
        units = [fix(u) for u in _split_units(cell("lead"))]
        schedule, due = _schedule(_f(cell("due")) if cell("due") else _f(content))
        if schedule == "continuous" and (bare := re.search(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", cell("due"))):
            # A "Thời gian" column holds the deadline itself.
            schedule, due = "once", {"due": f"{bare.group(3)}-{int(bare.group(2)):02d}-{int(bare.group(1)):02d}"}
        number = cells[0] if cells[0].isdigit() else str(len(draft.tasks) + 1)
        task = _task(f"{section}.{number}", heading, subindex if subindex else match_subindex(content),
                     fix(_title_of(content)), content, units[0] if units else None,
                     units[1:] + [fix(u) for u in _split_units(cell("partners"))], schedule, due, "tasks")  # fmt: skip
        task["outputs"] = cell("outputs")
        draft.tasks.append(task)
    return True


def _tasks(body: list[Block], draft: Draft, fix, *, part: str, section: str) -> None:
    groups: list[tuple[str, str, list[Block]]] = []
    for b in body:
        m = _NUMBERED.match(b.text)
        unit_duty = m and part == "organization" and re.match(r"^([^:]{3,80}):\s*(.+)$", m.group(2))
        if unit_duty:
            # "1. Sở Nông nghiệp và Môi trường: chủ trì, tham mưu …" — the unit, then its duty.
            text = unit_duty.group(2)
            groups.append((m.group(1), unit_duty.group(1), [Block(text, _f(text))]))
        elif m and len(m.group(2)) < 140 and not m.group(2).rstrip().endswith((".", ";")):
            groups.append((m.group(1), m.group(2), []))
        elif groups:
            groups[-1][2].append(b)
        else:
            groups.append(("", "", [b]))
    for number, heading, blocks in groups:
        code = f"{section}.{number}" if number else section
        heading = fix(heading.strip())
        subindex = match_subindex(heading) if part == "tasks" else None
        if part == "tasks" and _table_tasks(blocks, draft, fix, section=code, heading=heading, subindex=subindex):
            continue
        lead: str | None = None
        partners: list[str] = []
        content: list[str] = []
        for b in blocks:
            folded = b.folded.lstrip("-–• ")
            label = None
            if m := _LEAD.match(folded):
                label = ("lead", b.text[len(b.text) - len(m.group(1)) :] if m.group(1) else "")
            elif m := _PARTNER.match(folded):
                label = ("partner", b.text[len(b.text) - len(m.group(1)) :] if m.group(1) else "")
            elif fuzzy := _label_fuzzy(folded):
                label = (fuzzy[0], b.text.split(":", 1)[1] if ":" in b.text else "")
            if label:
                names = [fix(n) for n in _split_units(fix(label[1]))]
                if label[0] == "lead":
                    lead = names[0] if names else None
                    partners.extend(names[1:])
                else:
                    partners.extend(names)
                continue
            if m := _LEAD_INLINE.match(folded):
                # "Sở Tài chính chủ trì, phối hợp với Sở Công Thương thực hiện."
                lead = fix(re.split(r"\s+ch[uủ]\s+tr[iì]", b.text, maxsplit=1)[0]).strip(" -")
                after = re.split(r"ph[oố]i\s+h[oợ]p(?:\s+v[oớ]i)?\s+", b.text, maxsplit=1)
                if len(after) == 2:
                    named = re.sub(r"\s+th[uự]c\s+hi[eệ]n\s*[.;]?\s*$", "", after[1]).strip(" .;")
                    partners.extend(fix(n) for n in _split_units(named))
                continue
            content.append(b.text)
        if part == "organization":
            unit = heading
            paragraphs = content or [heading]
            for paragraph in paragraphs:
                folded = _f(paragraph)
                schedule, due = _schedule(folded)
                if m := _REPORT.search(folded):
                    to = re.sub(r"\s+(?:de|de tong hop)$", "", m.group(1)).strip()
                    draft.report_to = fix(_recover(paragraph, folded, to))
                    draft.report_due = f"{int(m.group(3)):02d}-{int(m.group(2)):02d}"
                    schedule, due = "annual", {"due_day": int(m.group(2)), "due_month": int(m.group(3))}
                draft.tasks.append(
                    _task(
                        code, heading, None, fix(_title_of(paragraph)), paragraph, unit, partners, schedule, due, part
                    )
                )
            continue
        if not content and not (lead or partners):
            continue
        text = "\n\n".join(content)
        schedule, due = _schedule(_f(text))
        if subindex is None and part == "tasks":
            draft.warnings.append(f"Mục {code}: không xác định được chỉ số thành phần PGI từ “{heading}”.")
        draft.tasks.append(
            _task(
                code,
                heading,
                subindex,
                fix(_title_of(content[0] if content else heading)),
                text,
                lead,
                partners,
                schedule,
                due,
                part,
            )
        )


def _recover(original: str, folded: str, folded_part: str) -> str:
    """The original wording of a folded span (folding keeps the length of most text)."""
    start = folded.find(folded_part)
    if start >= 0 and len(original) == len(folded):
        return original[start : start + len(folded_part)]
    return folded_part


def _task(code, heading, subindex, title, content, lead, partners, schedule, due, part) -> dict:
    lead_group = lead if lead and match_group(lead) else None
    return {
        "section": code,
        "part": part,
        "heading": heading,
        "subindex": subindex,
        "title": title,
        "content": content,
        "lead": None if lead_group else lead,
        "partners": ([lead_group] if lead_group else []) + partners,
        "schedule": schedule,
        "due": due.get("due"),
        "due_month": due.get("due_month"),
        "due_day": due.get("due_day"),
    }


def _tail(blocks: list[Block], draft: Draft, fix) -> None:
    """ "Nơi nhận:" with its list, and the signer's title and name."""
    start = next((i for i, b in enumerate(blocks) if re.match(r"^\s*no[il] nh[a-z]n\s*:", b.folded)), None)
    if start is None:
        return
    first = blocks[start]
    rest = re.sub(r"^\s*no[il] nh[a-z]n\s*:\s*", "", first.folded).strip()
    if rest:
        draft.signer_title = fix(first.text.split(":", 1)[1].strip()).upper()
    for b in blocks[start + 1 :]:
        item = _BULLET.match(b.text)
        if item:
            draft.recipients.append(fix(item.group(1).strip()))
        elif b.text.isupper() and re.match(
            r"(?:kt\.|tm\.|tl\.|q\.)?\s*(?:pho )?(?:giam doc|chu tich|truong|thu truong)", b.folded
        ):
            draft.signer_title = fix(b.text.strip()).upper()
        elif re.fullmatch(r"[A-ZÀ-Ỹa-zà-ỹđĐ ]{5,60}", b.text.strip()) and len(b.text.split()) >= 2:
            words = b.text.split()
            if all(w[:1].isupper() for w in words):
                draft.signer_name = b.text.strip()
                if fold(draft.signer_name) == draft.signer_name.lower():
                    draft.warnings.append(f"Tên người ký “{draft.signer_name}” có thể thiếu dấu; hãy kiểm tra lại.")
