"""The plan draft and the edits the review makes to it.

A draft is the JSON the plan parser produces (``PlanImport.draft``, the shape of
``import-plan --json``); the spreadsheet import produces the same shape. These are pure functions
over plain dictionaries: each edit takes a draft and returns a new one (or raises
:class:`DraftError` and leaves the draft alone), so the service that stores them
(:func:`documents.imports.plan_import_edit`) only checks the rights and the version.

Drafts from before the parser's rewrite may lack ``leads``, ``span``, ``outputs``, ``is_plan``:
every reader here takes a missing key as "unknown".
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from chisoxanh.core.workflow import DomainError
from chisoxanh.lib import pgi_names
from chisoxanh.lib.dates import page_date, parse_date
from chisoxanh.lib.groups import match_group
from chisoxanh.lib.parsing import whole_number
from chisoxanh.lib.plan_parser import title_of
from chisoxanh.lib.vietnamese import fold, nfc

Draft = dict[str, Any]
Task = dict[str, Any]

TITLE_MAX = 500  # plans.Task.title
TITLE_AUTO = 160  # a title made from the content: its first sentence, cut
SCHEDULES = ("continuous", "annual", "once")


class DraftError(DomainError):
    """An edit the draft cannot take. ``messages`` lists every problem found (Vietnamese), and
    ``draft`` is the draft with the user's input applied, so that the page can show it again
    beside the errors instead of losing what was typed."""

    def __init__(self, messages: Sequence[str], draft: Draft | None = None):
        self.messages = list(messages)
        self.draft = draft
        super().__init__(" ".join(self.messages))


# --- reading a task defensively ----------------------------------------------------------------


def leads_of(task: Mapping[str, Any]) -> list[str]:
    """The lead names as written; several leads may come joined by "; " in ``lead``."""
    if task.get("leads"):
        return [str(n) for n in task["leads"] if n]
    lead = task.get("lead") or ""
    return [part.strip() for part in lead.split(";") if part.strip()]


def span_of(task: Mapping[str, Any], text_length: int) -> tuple[int, int] | None:
    """The task's source span, clamped to the text; ``None`` when missing or empty."""
    span = task.get("span")
    if not isinstance(span, list | tuple) or len(span) != 2:
        return None
    try:
        start, end = (max(0, min(int(x), text_length)) for x in span)
    except (TypeError, ValueError):
        return None
    return (start, end) if start < end else None


def is_plan(draft: Mapping[str, Any]) -> bool:
    # Drafts of the old parser say nothing: they came from documents it took for plans.
    return draft.get("is_plan") is not False


def split_names(text: str) -> list[str]:
    """Unit names written in one cell or field: separated by ";" or new lines."""
    return [name.strip(" .,") for name in re.split(r"[;\n]", nfc(text)) if name.strip(" .,")]


# --- the time a task is done ("Thời gian thực hiện") -------------------------------------------

_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_DMY = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
_DM = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})(?!\s*/|\d)")
_QUARTER = re.compile(r"\bquy\s*(iv|iii|ii|i|[1-4])\s*(?:/|nam)\s*(\d{4})")
_MONTH = re.compile(r"\bthang\s*(\d{1,2})\s*(?:/|nam)\s*(\d{4})")
_YEAR = re.compile(r"^(?:trong\s+)?(?:nam\s+)?(\d{4})$")

TIME_HELP = "ghi ngày dd/mm/yyyy, “Quý II/2026”, “Tháng 6/2026”, “Năm 2026”, “hằng năm” hoặc “thường xuyên”"


def parse_time(value: Any) -> dict[str, Any]:
    """The schedule fields of a task from how a person writes its time.

    "30/06/2026" (or a date cell), "Quý II/2026", "Tháng 6/2026", "Năm 2026" are one-off tasks
    due on that day or at the end of that period; "hằng năm" (optionally "trước ngày 30/11") is
    annual; "thường xuyên" or nothing is continuous. Raises ``ValueError`` with a Vietnamese
    message for anything else, or for a day that does not exist.
    """
    fields: dict[str, Any] = {"schedule": "continuous", "due": None, "due_month": None, "due_day": None}
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return {**fields, "schedule": "once", "due": value.isoformat()}
    text = nfc(str(value if value is not None else ""))
    folded = fold(text)
    if not folded or "thuong xuyen" in folded or "lien tuc" in folded:
        return fields
    if re.search(r"\bh[ae]ng nam\b", folded):
        fields["schedule"] = "annual"
        if match := _DM.search(folded):
            day, month = int(match.group(1)), int(match.group(2))
            # Any year will do to check the day: 2024 is a leap year, so 29/02 passes.
            if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(2024, month)[1]):
                raise ValueError(f"ngày {match.group(0)} không có thật")
            fields.update(due_month=month, due_day=day)
        return fields
    dates = _DMY.findall(folded)
    if dates:
        day, month, year = (int(x) for x in dates[-1])  # "từ … đến 30/6/2026": the end counts
        try:
            due = dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"ngày {day:02d}/{month:02d}/{year} không có thật") from None
        return {**fields, "schedule": "once", "due": due.isoformat()}
    quarters = _QUARTER.findall(folded)
    if quarters:
        quarter, year = quarters[-1]
        q = _ROMAN_QUARTERS.get(quarter) or int(quarter)
        return {**fields, "schedule": "once", "due": _month_end(int(year), q * 3).isoformat()}
    months = _MONTH.findall(folded)
    if months:
        month, year = (int(x) for x in months[-1])
        if not 1 <= month <= 12:
            raise ValueError(f"không có tháng {month}")
        return {**fields, "schedule": "once", "due": _month_end(year, month).isoformat()}
    if match := _YEAR.match(folded):
        return {**fields, "schedule": "once", "due": dt.date(int(match.group(1)), 12, 31).isoformat()}
    raise ValueError(f"không hiểu “{text[:80]}”; hãy {TIME_HELP}")


def _month_end(year: int, month: int) -> dt.date:
    if not 1900 <= year <= 2200:
        raise ValueError(f"năm {year} không hợp lệ")
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def time_label(task: Mapping[str, Any]) -> str:
    """The task's time as the review shows and takes it back: "30/06/2026", "hằng năm, trước
    ngày 30/11", "thường xuyên"."""
    schedule = task.get("schedule") or "continuous"
    if schedule == "once" and task.get("due"):
        due = parse_date(str(task["due"]))
        return page_date(due) if due else str(task["due"])
    if schedule == "annual":
        month, day = task.get("due_month"), task.get("due_day")
        return f"hằng năm, trước ngày {int(day):02d}/{int(month):02d}" if month and day else "hằng năm"
    if schedule == "once":
        return "có thời hạn (chưa rõ ngày)"
    return "thường xuyên"


def annual_default(draft: Mapping[str, Any]) -> tuple[int, int] | None:
    """The day a "hằng năm" task without its own day falls due: the plan's annual report day."""
    due = (draft.get("report") or {}).get("due") or ""
    month, _, day = due.partition("-")
    month_n, day_n = whole_number(month), whole_number(day)
    return (month_n, day_n) if month_n is not None and day_n is not None else None


def schedule_problems(draft: Mapping[str, Any]) -> list[str]:
    """What keeps the tasks' times from being saved as tasks (``plans.Task.clean``): a one-off
    task needs its day, an annual one its day and month (or the plan's report day)."""
    default = annual_default(draft)
    problems = []
    for i, task in enumerate(draft.get("tasks") or [], start=1):
        schedule = task.get("schedule") or "continuous"
        if schedule == "once" and not task.get("due"):
            problems.append(f"Nhiệm vụ {i}: chưa có hạn hoàn thành; hãy ghi thời gian thực hiện, ví dụ 30/06/2026.")
        if schedule == "annual" and not (task.get("due_month") and task.get("due_day")) and not default:
            problems.append(
                f"Nhiệm vụ {i}: nhiệm vụ hằng năm cần ghi hạn, ví dụ “hằng năm, trước ngày 30/11” "
                "(hoặc ghi hạn báo cáo hằng năm của kế hoạch)."
            )
    return problems


def with_annual_defaults(draft: Mapping[str, Any]) -> Draft:
    """The draft with each annual task lacking its day given the plan's annual report day."""
    draft = copy.deepcopy(dict(draft))
    default = annual_default(draft)
    for task in draft.get("tasks") or []:
        if task.get("schedule") == "annual" and not (task.get("due_month") and task.get("due_day")) and default:
            task["due_month"], task["due_day"] = default
    return draft


# --- the source text with each task's span ------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A run of the source text and the tasks (positions in the draft) whose span covers it;
    ``anchors`` are the tasks whose span begins here (the page puts ``id="span-N"`` there)."""

    text: str
    tasks: tuple[int, ...] = ()
    anchors: tuple[int, ...] = ()


def source_segments(text: str, tasks: Sequence[Mapping[str, Any]]) -> list[Segment]:
    """Cut the source at every span boundary, so that overlapping spans still mark every task.

    Each run is NFC on its own: the offsets are those of the text as it was read, and a text
    read with decomposed accents would otherwise show "Kê ́hoạch".
    """
    spans = [(i, s) for i, t in enumerate(tasks) if (s := span_of(t, len(text)))]
    cuts = sorted({0, len(text), *(x for _, s in spans for x in s)})
    segments = []
    for start, end in itertools.pairwise(cuts):
        covering = tuple(i for i, (s, e) in spans if s <= start and end <= e)
        anchors = tuple(i for i, (s, _) in spans if s == start)
        piece = text[start:end]
        # Not lib's nfc(), which also trims lines: only the composition of letters may change.
        segments.append(Segment(unicodedata.normalize("NFC", piece), covering, anchors))
    return segments


# --- groups (the sub-index headings tasks sit under) --------------------------------------------


@dataclass(frozen=True)
class Group:
    key: str  # "t:3": the group of task 3; "s:2": sub-index 2, which has no task yet
    label: str
    part: str
    heading: str
    subindex: int | None


def subindex_heading(number: int) -> str:
    return f"Chỉ số thành phần {number}: {pgi_names.get(number).name}"


def _identity(task: Mapping[str, Any]) -> tuple[str, str, int | None]:
    return (task.get("part") or "tasks", task.get("heading") or "", task.get("subindex"))


def groups(draft: Mapping[str, Any]) -> list[Group]:
    """The groups a task may be moved to: those of the draft in order, then each sub-index that
    has no task yet."""
    found: dict[tuple, Group] = {}
    for i, task in enumerate(draft.get("tasks") or []):
        ident = _identity(task)
        if ident not in found:
            part, heading, subindex = ident
            label = heading or (subindex_heading(subindex) if subindex else "Không gắn chỉ số thành phần")
            if part == "organization":
                label = f"Tổ chức thực hiện — {label}"
            found[ident] = Group(f"t:{i}", label, part, heading, subindex)
    present = {g.subindex for g in found.values() if g.part == "tasks"}
    extra = [
        Group(f"s:{s.number}", subindex_heading(s.number), "tasks", subindex_heading(s.number), s.number)
        for s in pgi_names.SUBINDICES
        if s.number not in present
    ]
    return [*found.values(), *extra]


def _group(draft: Mapping[str, Any], key: str) -> Group:
    for group in groups(draft):
        if group.key == key:
            return group
    raise DraftError(["Nhóm nhiệm vụ đã chọn không còn trong bản nháp; hãy tải lại trang."])


def _insert_into_group(tasks: list[Task], task: Task, group: Group) -> int:
    """Put ``task`` after the last task of ``group`` (or after the last task of its part, or at
    the end) and return its position."""
    task.update(part=group.part, heading=group.heading, subindex=group.subindex)
    ident = _identity(task)
    same = [i for i, t in enumerate(tasks) if _identity(t) == ident]
    if not same and group.subindex is not None:
        same = [i for i, t in enumerate(tasks) if (t.get("part") or "tasks") == group.part]
    position = same[-1] + 1 if same else len(tasks)
    tasks.insert(position, task)
    return position


# --- the edits ----------------------------------------------------------------------------------


def _tasks(draft: Draft) -> list[Task]:
    return draft.setdefault("tasks", [])


def _task_at(draft: Draft, index: int) -> Task:
    tasks = _tasks(draft)
    if not 0 <= index < len(tasks):
        raise DraftError(["Nhiệm vụ này không còn trong bản nháp; hãy tải lại trang."])
    return tasks[index]


def delete(draft: Draft, index: int) -> Draft:
    draft = copy.deepcopy(draft)
    _task_at(draft, index)
    del _tasks(draft)[index]
    return draft


@dataclass(frozen=True)
class Piece:
    start: int  # offset in the content
    text: str


def split_points(content: str) -> list[Piece]:
    """Where a task's content may be cut: its paragraphs, or its sentences when it has one."""
    content = content or ""
    pieces = [Piece(m.start() + len(m.group()) - len(m.group().lstrip()), m.group().strip())
              for m in re.finditer(r"[^\n]+", content) if m.group().strip()]  # fmt: skip
    if len(pieces) >= 2:
        return pieces
    starts = [0] + [m.end() for m in re.finditer(r"(?<=[.;!?])\s+(?=\S)", content)]
    bounds = [*starts, len(content)]
    sentences = [Piece(s, content[s:e].strip()) for s, e in itertools.pairwise(bounds)]
    return [p for p in sentences if p.text]


def split(draft: Draft, index: int, at: int, text: str) -> Draft:
    """Cut task ``index`` before piece ``at`` of its content (:func:`split_points`).

    Both halves keep the lead, partners, sub-index and time; the second takes its title from
    its first sentence; the span is divided where the second half's words are found in the
    source (else in proportion to the content).
    """
    draft = copy.deepcopy(draft)
    task = _task_at(draft, index)
    content = task.get("content") or ""
    pieces = split_points(content)
    if len(pieces) < 2:
        raise DraftError(["Nội dung nhiệm vụ chỉ có một câu, không tách được."])
    if not 1 <= at < len(pieces):
        raise DraftError(["Hãy chọn đoạn bắt đầu nhiệm vụ thứ hai."])
    cut = pieces[at].start
    first, second = copy.deepcopy(task), copy.deepcopy(task)
    first["content"] = content[:cut].rstrip()
    second["content"] = content[cut:].strip()
    second["title"] = title_of(second["content"], TITLE_AUTO)
    if fold(first.get("title")) == fold(title_of(content, TITLE_AUTO)) or not first.get("title"):
        first["title"] = title_of(first["content"], TITLE_AUTO)
    span = span_of(task, len(text))
    if span and span[1] - span[0] >= 2:
        start, end = span
        middle = _find_in(text, span, pieces[at].text)
        if middle is None:
            middle = start + round((end - start) * cut / max(1, len(content)))
        middle = min(max(middle, start + 1), end - 1)
        first["span"], second["span"] = [start, middle], [middle, end]
    _tasks(draft)[index : index + 1] = [first, second]
    return draft


def _find_in(text: str, span: tuple[int, int], piece: str) -> int | None:
    """The offset in ``text`` (inside ``span``) where ``piece`` begins, tolerant of the line
    breaks and spaces that extraction puts in differently."""
    words = piece.split()[:8]
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    match = re.compile(pattern).search(text, span[0] + 1, span[1])
    return match.start() if match else None


def merge(draft: Draft, index: int) -> Draft:
    """Join task ``index`` with the one after it: the first keeps its title, section, group and
    time; contents and outputs follow each other; leads and partners are both kept."""
    draft = copy.deepcopy(draft)
    tasks = _tasks(draft)
    first = _task_at(draft, index)
    if index + 1 >= len(tasks):
        raise DraftError(["Đây là nhiệm vụ cuối cùng, không có nhiệm vụ sau để gộp."])
    second = tasks[index + 1]
    first["content"] = "\n".join(
        x for x in ((first.get("content") or "").rstrip(), (second.get("content") or "").strip()) if x
    )
    first["outputs"] = "\n".join(x for x in (first.get("outputs") or "", second.get("outputs") or "") if x) or None
    leads = _unique([*leads_of(first), *leads_of(second)])
    first["leads"], first["lead"] = leads, "; ".join(leads) or None
    if first.get("lead_id") is None and second.get("lead_id") is not None:
        first["lead_id"] = second["lead_id"]
    first["partners"] = _unique([*(first.get("partners") or []), *(second.get("partners") or [])])
    spans = [s for s in (first.get("span"), second.get("span")) if isinstance(s, list | tuple) and len(s) == 2]
    if spans:
        first["span"] = [min(s[0] for s in spans), max(s[1] for s in spans)]
    del tasks[index + 1]
    return draft


def _unique(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(fold(name), name)
    return list(seen.values())


def move(draft: Draft, index: int, group_key: str) -> Draft:
    """Move task ``index`` to another group: it takes the group's sub-index and heading and goes
    after the group's last task."""
    draft = copy.deepcopy(draft)
    task = _task_at(draft, index)
    group = _group(draft, group_key)
    del _tasks(draft)[index]
    _insert_into_group(_tasks(draft), task, group)
    return draft


def add(draft: Draft, fields: Mapping[str, Any], group_key: str, *, candidates: Mapping[int, str]) -> Draft:
    """A new task, written by the reviewer, at the end of a group."""
    draft = copy.deepcopy(draft)
    group = _group(draft, group_key)
    task: Task = {
        "section": "",
        "part": group.part,
        "heading": group.heading,
        "subindex": group.subindex,
        "title": "",
        "content": "",
        "lead": None,
        "leads": [],
        "lead_id": None,
        "partners": [],
        "schedule": "continuous",
        "due": None,
        "due_month": None,
        "due_day": None,
        "outputs": None,
        "span": None,
        "added": True,
    }
    errors = _apply_task_fields(task, fields, label="Nhiệm vụ mới", candidates=candidates)
    if not task["title"] and task["content"]:
        task["title"] = title_of(task["content"], TITLE_AUTO)
    if not task["title"]:
        errors.append("Nhiệm vụ mới: hãy ghi tên hoặc nội dung nhiệm vụ.")
    if errors:
        raise DraftError(errors)
    if task["lead_id"] is not None and not task["leads"]:
        task["leads"] = [candidates[task["lead_id"]]]
        task["lead"] = candidates[task["lead_id"]]
    _insert_into_group(_tasks(draft), task, group)
    return draft


HEADER_FIELDS = (
    "title", "number", "issued_on", "place", "start_year", "end_year", "implements", "report_to", "report_due",
)  # fmt: skip
TASK_FIELDS = ("title", "content", "subindex", "lead", "partners", "time", "outputs")


def update(
    draft: Draft,
    *,
    header: Mapping[str, str],
    tasks: Mapping[int, Mapping[str, str]],
    candidates: Mapping[int, str],
) -> Draft:
    """The reviewer's text for the plan's header and any task's fields, all or nothing.

    ``header`` and each of ``tasks`` hold only the fields the page sent (as typed); ``candidates``
    maps the ids of the organisations a lead may be chosen from to their names: any other id is
    refused. Raises :class:`DraftError` listing every problem, carrying the draft as typed.
    """
    draft = copy.deepcopy(draft)
    errors = _apply_header(draft, header)
    for index, fields in sorted(tasks.items()):
        task = _task_at(draft, index)
        errors += _apply_task_fields(task, fields, label=f"Nhiệm vụ {index + 1}", candidates=candidates)
        if "title" in fields and not task["title"]:
            errors.append(f"Nhiệm vụ {index + 1}: tên nhiệm vụ không được để trống.")
    if errors:
        raise DraftError(errors, draft)
    return draft


def _apply_header(draft: Draft, header: Mapping[str, str]) -> list[str]:
    errors: list[str] = []
    for key in ("title", "place", "implements"):
        if key in header:
            draft[key] = nfc(header[key]) or None
    if "number" in header:
        number = nfc(header["number"]).replace(" ", "") or None
        draft["number"] = number
        draft["symbol"] = number.split("/", 1)[1] if number and "/" in number else None
    if "issued_on" in header:
        text = header["issued_on"].strip()
        issued = parse_date(text)
        if text and issued is None:
            errors.append(f"Ngày ban hành “{text}” không đúng dạng dd/mm/yyyy.")
        draft["issued_on"] = issued.isoformat() if issued else None
    for key, label in (("start_year", "Năm bắt đầu"), ("end_year", "Năm kết thúc")):
        if key in header:
            text = header[key].strip()
            year = whole_number(text)
            if text and not (year is not None and 2000 <= year <= 2100):
                errors.append(f"{label} “{text}” phải là một năm như 2026.")
            else:
                draft[key] = year
    if draft.get("start_year") and draft.get("end_year") and draft["end_year"] < draft["start_year"]:
        errors.append("Năm kết thúc không được trước năm bắt đầu.")
    report = dict(draft.get("report") or {})
    if "report_to" in header:
        report["to"] = nfc(header["report_to"]) or None
    if "report_due" in header:
        text = header["report_due"].strip()
        due = parse_date(f"{text}/2024") if text else None  # a leap year, so 29/02 is a day
        if text and due is None:
            errors.append(f"Hạn báo cáo hằng năm “{text}” phải có dạng ngày/tháng, ví dụ 10/12.")
        report["due"] = f"{due.month:02d}-{due.day:02d}" if due else None
    if "report_to" in header or "report_due" in header:
        draft["report"] = report
    return errors


def _apply_task_fields(
    task: Task, fields: Mapping[str, str], *, label: str, candidates: Mapping[int, str]
) -> list[str]:
    errors: list[str] = []
    if "title" in fields:
        task["title"] = nfc(fields["title"]).replace("\n", " ")
        if len(task["title"]) > TITLE_MAX:
            errors.append(f"{label}: tên nhiệm vụ dài quá {TITLE_MAX} ký tự; hãy để phần chi tiết ở nội dung.")
    if "content" in fields:
        task["content"] = nfc(fields["content"])
    if "outputs" in fields:
        task["outputs"] = nfc(fields["outputs"]) or None
    if "subindex" in fields:
        value = str(fields["subindex"]).strip()
        if value and value not in ("1", "2", "3", "4"):
            errors.append(f"{label}: chỉ số thành phần phải là 1, 2, 3 hoặc 4.")
        else:
            task["subindex"] = int(value) if value else None
    if "lead" in fields:
        value = str(fields["lead"]).strip()
        if not value:
            task["lead_id"] = None
        elif whole_number(value) in candidates:
            task["lead_id"] = whole_number(value)
        else:
            errors.append(
                f"{label}: đơn vị chủ trì đã chọn không thuộc các cơ quan, đơn vị của tỉnh nơi ban hành kế hoạch; "
                "hãy chọn trong danh sách."
            )
    if "partners" in fields:
        task["partners"] = _unique(split_names(fields["partners"]))
    # The page shows the time as time_label() writes it; sent back unchanged, it changes nothing
    # (a label such as "có thời hạn (chưa rõ ngày)" is not something parse_time reads).
    if "time" in fields and fields["time"].strip() != time_label(task):
        try:
            task.update(parse_time(fields["time"]))
        except ValueError as exc:
            errors.append(f"{label}: thời gian thực hiện {exc}.")
    return errors


def map_lead(draft: Draft, name: str, organization_id: int) -> Draft:
    """Give every task that names ``name`` among its leads, and has no lead chosen yet, that
    organisation as its lead (after the reviewer created it)."""
    draft = copy.deepcopy(draft)
    wanted = fold(name)
    for task in _tasks(draft):
        if task.get("lead_id") is None and wanted in {fold(n) for n in leads_of(task)}:
            task["lead_id"] = organization_id
    return draft


def unmatched(names: Iterable[str], match) -> list[str]:
    """The names that neither match an organisation (``match(name)``) nor name a group."""
    return [n for n in names if not match_group(n) and match(n) is None]
