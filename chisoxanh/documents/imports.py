"""Plan import: a document read (OCR in the background when it is a scan) or a filled spreadsheet
template, made into a draft, reviewed and edited by the Office beside the source text, and only
then created as a plan.

Every edit of the draft is a state change of the import: it claims the next version (two
reviewers cannot overwrite each other unseen) and leaves an audit entry, so a reload shows
exactly what was saved. The edits themselves are pure functions in :mod:`.plan_draft`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, QuerySet

from chisoxanh.accounts.access import require
from chisoxanh.accounts.models import Organization
from chisoxanh.core.audit import audit, diff
from chisoxanh.core.workflow import MISSING_VERSION, Conflict, DomainError, claim
from chisoxanh.lib.dates import page_date
from chisoxanh.lib.groups import match_group
from chisoxanh.lib.vietnamese import fold, nfc
from chisoxanh.pgi.models import Subindex
from chisoxanh.plans import policies as plan_policies
from chisoxanh.plans.services import plan_create_from_draft

from . import plan_draft, plan_xlsx
from .extract import MAX_BYTES, ExtractionError, needs_ocr
from .models import PlanImport
from .plan_draft import DraftError
from .policies import plan_imports
from .reading import plan_import_run
from .tasks import plan_import_task


def candidates_for(issuer: Organization) -> QuerySet[Organization]:
    """Where a plan's units are found: the issuer's subtree, then the rest of its province."""
    root = [*issuer.ancestor_ids(), issuer.pk][0]
    return Organization.objects.filter(is_active=True, path__startswith=f"/{root}/")


def match_organization(name: str | None, issuer: Organization, organizations=None) -> Organization | None:
    """The organisation a plan names: exact (folded) name or short name, the issuer's own units
    first ("Văn phòng Sở" of this Sở, not another), then a close fuzzy match."""
    if not name or match_group(name):
        return None
    wanted = fold(name).strip(" .;")
    orgs = list(organizations if organizations is not None else candidates_for(issuer))
    own = [o for o in orgs if o.path.startswith(issuer.path)]
    for pool in (own, orgs):
        for org in pool:
            if wanted in (fold(org.name), fold(org.short_name)):
                return org
    best, score = None, 0.0
    for org in own + orgs:
        for label in (org.name, org.short_name):
            if label:
                ratio = SequenceMatcher(None, wanted, fold(label)).ratio()
                if ratio > score:
                    best, score = org, ratio
    return best if score >= 0.88 else None


def matcher(issuer: Organization, organizations: Iterable[Organization]) -> Callable[[str | None], Organization | None]:
    """:func:`match_organization` over one list, remembering each name: a plan names the same
    units again and again, and the fuzzy match is the slow part of a review page."""
    orgs = list(organizations)
    seen: dict[str, Organization | None] = {}

    def match(name: str | None) -> Organization | None:
        key = fold(name)
        if key not in seen:
            seen[key] = match_organization(name, issuer, orgs)
        return seen[key]

    return match


_ONLY_THE_OFFICE = "Chỉ bộ phận theo dõi, tổng hợp của cơ quan ban hành mới nhập kế hoạch."
_NOT_READY = "Bản nháp này đã được dùng hoặc chưa đọc xong."


def plan_import_start(*, actor, issuer: Organization, name: str, data: bytes) -> PlanImport:
    """Keep the file and read it: a filled spreadsheet template at once (every row checked, see
    :mod:`.plan_xlsx`), a document at once when it has text, in the background when it needs OCR.

    A spreadsheet is known by its content (a ZIP holding ``xl/workbook.xml``), not its name.
    """
    require(plan_imports.can_start(actor, issuer), _ONLY_THE_OFFICE)
    if not data:
        raise ExtractionError("Tệp rỗng.")
    if len(data) > MAX_BYTES:
        raise ExtractionError(f"Tệp lớn hơn {MAX_BYTES // 1048576} MB.")
    if plan_xlsx.is_xlsx(data):
        return _start_from_sheet(actor=actor, issuer=issuer, name=name, data=data)
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise ExtractionError("Tệp Excel bị hỏng hoặc không phải định dạng XLSX.")
    imp = PlanImport(issuer=issuer, uploaded_by=actor, file_name=name[:255])
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else "bin"
    imp.source.save(f"nhap-ke-hoach.{suffix}", ContentFile(data), save=False)
    imp.save()
    audit(actor=actor, action="documents.plan_import.uploaded", obj=imp)
    if needs_ocr(name, data):
        transaction.on_commit(lambda: plan_import_task.enqueue(imp.pk))
    else:
        plan_import_run(imp.pk)
        imp.refresh_from_db()
    return imp


@transaction.atomic
def _start_from_sheet(*, actor, issuer: Organization, name: str, data: bytes) -> PlanImport:
    """The filled template as an import ready for review, or :class:`plan_xlsx.SheetRejected`
    naming every wrong cell, with nothing saved."""
    orgs = list(candidates_for(issuer))
    sheet = plan_xlsx.read(data, issuer_name=issuer.name, match=matcher(issuer, orgs))
    imp = PlanImport(
        issuer=issuer,
        uploaded_by=actor,
        file_name=name[:255],
        state=PlanImport.State.READY,
        progress=100,
        text=sheet.text,
        draft=sheet.draft,
    )
    imp.source.save("nhap-ke-hoach.xlsx", ContentFile(data), save=False)
    imp.save()
    audit(
        actor=actor,
        action="documents.plan_import.uploaded",
        obj=imp,
        changes={"format": [None, "xlsx"], "tasks": [None, len(sheet.draft["tasks"])]},
    )
    return imp


# --- editing the draft --------------------------------------------------------------------------


def _ready(imp: PlanImport) -> None:
    if imp.state != PlanImport.State.READY:
        raise DomainError(_NOT_READY)


def _check_version(imp: PlanImport, expected_version: int | None) -> None:
    """Refuse at once an edit made on a page that is behind: the draft the edit was written
    against is not the stored one. :func:`claim` at the end still catches a save in between."""
    if expected_version is None:
        raise DomainError(MISSING_VERSION)
    if expected_version != imp.version:
        raise Conflict(PlanImport.objects.select_related("issuer").get(pk=imp.pk))


Edit = tuple[str, Mapping[str, Any]]


def _apply(draft: dict, text: str, edits: Sequence[Edit], candidates: Mapping[int, str]) -> dict:
    for op, args in edits:
        if op == "update":
            draft = plan_draft.update(draft, header=args.get("header") or {}, tasks=args.get("tasks") or {},
                                      candidates=candidates)  # fmt: skip
        elif op == "delete":
            draft = plan_draft.delete(draft, args["index"])
        elif op == "split":
            draft = plan_draft.split(draft, args["index"], args["at"], text)
        elif op == "merge":
            draft = plan_draft.merge(draft, args["index"])
        elif op == "move":
            draft = plan_draft.move(draft, args["index"], args["group"])
        elif op == "add":
            draft = plan_draft.add(draft, args.get("fields") or {}, args["group"], candidates=candidates)
        elif op == "map_lead":
            draft = plan_draft.map_lead(draft, args["name"], args["organization_id"])
        else:
            raise ValueError(f"unknown draft edit {op!r}")
    return draft


def _describe(edits: Sequence[Edit]) -> list[str]:
    """The edits as the audit trail keeps them: the operation and the task (1-based)."""
    out = []
    for op, args in edits:
        if op == "update":
            out.append(f"update tasks={sorted(i + 1 for i in args.get('tasks') or {})}")
        elif "index" in args:
            out.append(f"{op} {args['index'] + 1}" + (f" at {args['at']}" if op == "split" else ""))
        else:
            out.append(op)
    return out


def _save_draft(*, actor, imp: PlanImport, expected_version: int, draft: dict, edits: Sequence[Edit]) -> None:
    before = len(imp.draft.get("tasks") or [])
    claim(imp, expected_version)
    imp.draft = draft
    imp.save(update_fields=["draft", "version"])
    audit(
        actor=actor,
        action="documents.plan_import.edited",
        obj=imp,
        changes={
            "edits": [None, _describe(edits)],
            "tasks": [before, len(draft.get("tasks") or [])],
            "version": [expected_version, imp.version],
        },
    )


@transaction.atomic
def plan_import_edit(*, actor, imp: PlanImport, expected_version: int | None, edits: Sequence[Edit]) -> PlanImport:
    """Apply the reviewer's edits to the draft, in order and all or nothing.

    ``edits`` are ``(op, args)`` pairs: ``("update", {"header": {...}, "tasks": {i: {...}}})``
    with the fields as typed; ``("delete" | "merge", {"index": i})``; ``("split", {"index": i,
    "at": k})`` before piece ``k`` of the content; ``("move", {"index": i, "group": key})``;
    ``("add", {"fields": {...}, "group": key})``. A lead may only be one of
    :func:`candidates_for` the issuer. Raises :class:`plan_draft.DraftError` (nothing saved),
    :class:`Conflict` when the draft changed since ``expected_version``.
    """
    require(plan_imports.can_confirm(actor, imp), _ONLY_THE_OFFICE)
    _ready(imp)
    _check_version(imp, expected_version)
    candidates = dict(candidates_for(imp.issuer).values_list("pk", "name"))
    draft = _apply(imp.draft or {}, imp.text, edits, candidates)
    _save_draft(actor=actor, imp=imp, expected_version=expected_version, draft=draft, edits=edits)
    return imp


def _unit_kind(name: str) -> str:
    """The kind a new unit of an agency most likely is, from how its name begins."""
    folded = fold(name)
    if folded.startswith("van phong"):
        return Organization.Kind.OFFICE
    if folded.startswith(("phong ", "thanh tra so")):
        return Organization.Kind.DIVISION
    return Organization.Kind.SERVICE_UNIT


@transaction.atomic
def plan_import_create_unit(
    *, actor, imp: PlanImport, expected_version: int | None, name: str, edits: Sequence[Edit] = ()
) -> Organization:
    """Create the unit a plan names but the tree lacks, under the issuing agency, and make it the
    lead of the tasks that name it (its partners match it by name at confirmation).

    ``edits`` (the rest of the page, as typed) are applied first, in the same version. A unit of
    that name already under the issuer is used rather than made twice.
    """
    require(plan_imports.can_confirm(actor, imp), _ONLY_THE_OFFICE)
    _ready(imp)
    _check_version(imp, expected_version)
    name = nfc(name).strip(" .;,")
    if not name:
        raise DraftError(["Hãy ghi tên đơn vị cần tạo."])
    if len(name) > 255:
        raise DraftError(["Tên đơn vị dài quá 255 ký tự."])
    if match_group(name):
        raise DraftError([f"“{name}” là một nhóm đơn vị, không phải tên của một đơn vị; không tạo được."])
    issuer = imp.issuer
    candidates = dict(candidates_for(issuer).values_list("pk", "name"))
    draft = _apply(imp.draft or {}, imp.text, edits, candidates)
    # Only a name the plan gives: this is not a general way to add units to the tree.
    named = {
        fold(n).strip(" .;,")
        for t in draft.get("tasks") or []
        for n in (*plan_draft.leads_of(t), *(t.get("partners") or []))
    }
    if fold(name) not in named:
        raise DraftError([f"Bản nháp không ghi đơn vị nào tên “{name}”; chỉ tạo được đơn vị mà kế hoạch nêu tên."])
    org = next((o for o in Organization.objects.filter(parent=issuer) if fold(o.name) == fold(name)), None)
    if org is None:
        last = Organization.objects.filter(parent=issuer).aggregate(m=Max("order"))["m"] or 0
        org = Organization(name=name, kind=_unit_kind(name), parent=issuer, order=last + 1)
        org.full_clean(exclude=["path", "depth", "search_text"])
        org.save()
        audit(
            actor=actor,
            action="accounts.organization.created",
            obj=org,
            changes={**diff({}, {"name": org.name, "kind": org.kind, "parent": issuer.name}), "source": [None, imp.pk]},
        )
    elif not org.is_active:
        raise DraftError([f"Đơn vị “{org.name}” của {issuer.name} đã ngừng hoạt động; hãy chọn đơn vị khác."])
    draft = plan_draft.map_lead(draft, name, org.pk)
    edits = [*edits, ("map_lead", {"name": name, "organization_id": org.pk})]
    _save_draft(actor=actor, imp=imp, expected_version=expected_version, draft=draft, edits=edits)
    return org


# --- confirming ---------------------------------------------------------------------------------


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _lead(task: Mapping[str, Any], candidates: Mapping[int, Organization], match) -> Organization | None:
    """The lead the reviewer chose (``lead_id``, None for "no single lead"), or, for a task the
    review never saved, the organisation its first written lead matches."""
    if "lead_id" in task:
        return candidates.get(task["lead_id"]) if task["lead_id"] is not None else None
    names = plan_draft.leads_of(task)
    return match(names[0]) if names else None


@transaction.atomic
def plan_import_confirm(*, actor, imp: PlanImport, expected_version: int | None):
    """Create the plan from the stored draft, as the reviewer left it, in one transaction; the
    import remembers it. Refused for a document that is not a plan, for a stale page, and for a
    chosen lead outside the issuer's province."""
    require(plan_imports.can_confirm(actor, imp), _ONLY_THE_OFFICE)
    _ready(imp)
    draft = imp.draft or {}
    if not plan_draft.is_plan(draft):
        kind = draft.get("kind")
        raise DomainError(
            f"Văn bản này không phải là kế hoạch{f' (văn bản loại {kind})' if kind else ''}, "
            "nên không tạo kế hoạch từ văn bản này được."
        )
    _check_version(imp, expected_version)
    issuer = imp.issuer
    orgs = list(candidates_for(issuer))
    by_pk = {o.pk: o for o in orgs}
    match = matcher(issuer, orgs)
    errors = [
        f"Nhiệm vụ {i + 1}: đơn vị chủ trì đã chọn không thuộc các cơ quan, đơn vị của tỉnh; hãy chọn lại."
        for i, task in enumerate(draft.get("tasks") or [])
        if task.get("lead_id") is not None and task["lead_id"] not in by_pk
    ]
    errors += plan_draft.schedule_problems(draft)
    if errors:
        raise DraftError(errors)
    draft = plan_draft.with_annual_defaults(draft)
    number, _, symbol = (draft.get("number") or "").partition("/")
    parent = None
    if draft.get("implements"):
        p_number, _, p_symbol = draft["implements"].partition("/")
        parent = plan_policies.plans.visible(actor).filter(number=p_number, symbol__iexact=p_symbol).first()
    recipient = match((draft.get("report") or {}).get("to"))
    # Organisations are handed to the plan service under their ids: two units may share a
    # name ("Văn phòng Sở" of two agencies), a key may not.
    organizations: dict[str, Organization] = {}
    tasks = []
    for task in draft.get("tasks") or []:
        lead = _lead(task, by_pk, match)
        if lead is not None:
            organizations[f"#{lead.pk}"] = lead
        written = "; ".join(plan_draft.leads_of(task))
        partners = []
        # A task has one lead assignment; its other leads ("Sở Xây dựng, Sở Nông nghiệp và Môi
        # trường chủ trì") and a group named as lead ("UBND các xã, phường") carry it as partners,
        # so that each sees it, and the lead text keeps the wording.
        co_leads = [n for n in plan_draft.leads_of(task) if lead is None or match(n) != lead]
        for name in [*co_leads, *(task.get("partners") or [])]:
            org = match(name)
            if org is not None:
                organizations[f"#{org.pk}"] = org
                partners.append(f"#{org.pk}")
            else:
                partners.append(name)  # a group phrase, expanded when the task is saved
        partners = list(dict.fromkeys(partners))
        tasks.append(
            {
                **task,
                "lead": f"#{lead.pk}" if lead else None,
                "lead_text": (written or (lead.name if lead else ""))[:300],
                "partners": partners,
            }
        )
    plan = plan_create_from_draft(
        actor=actor,
        issuer=issuer,
        draft={
            "title": draft.get("title") or imp.file_name,
            "number": number or None,
            "symbol": symbol or f"KH-{issuer.abbreviation or 'CQ'}",
            "issued_on": _date(draft.get("issued_on")),
            "place": draft.get("place"),
            "preamble": draft.get("preamble"),
            "start_year": draft.get("start_year") or dt.date.today().year,
            "end_year": draft.get("end_year"),
            "purposes": "\n".join(draft.get("purposes") or []),
            "requirements": "\n".join(draft.get("requirements") or []),
            "recipients": "\n".join(draft.get("recipients") or []),
            "signer_title": (draft.get("signer") or {}).get("title"),
            "signer_name": (draft.get("signer") or {}).get("name"),
            "report": draft.get("report") or {},
            "tasks": tasks,
            "status": "draft",
        },
        organizations=organizations,
        subindices={s.number: s for s in Subindex.objects.all()},
        parent=parent,
        report_recipient=recipient,
    )
    claim(imp, expected_version)
    PlanImport.objects.filter(pk=imp.pk).update(state=PlanImport.State.CONFIRMED, plan=plan)
    audit(actor=actor, action="documents.plan_import.confirmed", obj=imp, changes={"plan": [None, plan.pk]})
    return plan


# --- what the review page shows -----------------------------------------------------------------


@dataclass
class NameStatus:
    """A unit name as the plan wrote it, and what it stands for in the tree."""

    name: str
    organization: Organization | None = None
    group: bool = False

    @property
    def unmatched(self) -> bool:
        return self.organization is None and not self.group


@dataclass
class TaskRow:
    index: int
    number: int  # 1-based, as the page and the messages count
    task: dict
    lead_id: int | None
    leads: list[NameStatus]
    partners: list[NameStatus]
    time: str
    time_note: str  # what the time lacks, or the default it will take
    split_points: list[tuple[int, str]]
    has_span: bool
    is_last: bool
    group_key: str
    new_group: bool  # the first task of a group: the page shows the group's heading above it
    group_label: str = ""


@dataclass
class Review:
    imp: PlanImport
    draft: dict
    rows: list[TaskRow]
    groups: list[plan_draft.Group]
    segments: list[plan_draft.Segment]
    own_units: list[Organization]
    other_orgs: list[Organization]
    header: dict[str, str]
    is_plan: bool
    unmatched: list[str] = field(default_factory=list)


def _preview(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _time_note(task: Mapping[str, Any], annual: tuple[int, int] | None) -> str:
    schedule = task.get("schedule") or "continuous"
    if schedule == "once" and not task.get("due"):
        return "Cần ghi hạn hoàn thành, ví dụ 30/06/2026."
    if schedule == "annual" and not (task.get("due_month") and task.get("due_day")):
        if annual:
            return f"Chưa ghi ngày: hạn sẽ là hạn báo cáo hằng năm của kế hoạch ({annual[1]:02d}/{annual[0]:02d})."
        return "Cần ghi hạn, ví dụ “hằng năm, trước ngày 30/11”."
    return ""


def review_for(imp: PlanImport, draft: dict | None = None) -> Review:
    """Everything the review page shows, from the stored draft or from ``draft`` (the user's
    input that could not be saved, shown again beside its errors)."""
    draft = imp.draft if draft is None else draft
    draft = draft or {}
    issuer = imp.issuer
    orgs = list(candidates_for(issuer).select_related("parent").order_by("depth", "order", "name"))
    match = matcher(issuer, orgs)
    groups = plan_draft.groups(draft)
    tasks = draft.get("tasks") or []

    def status(name: str) -> NameStatus:
        return NameStatus(name, match(name), bool(match_group(name)))

    annual = plan_draft.annual_default(draft)
    rows, previous = [], None
    keys = {g.key: g for g in groups}
    for i, task in enumerate(tasks):
        ident = (task.get("part") or "tasks", task.get("heading") or "", task.get("subindex"))
        group_key = next((k for k, g in keys.items() if (g.part, g.heading, g.subindex) == ident), "")
        leads = [status(n) for n in plan_draft.leads_of(task)]
        if "lead_id" in task:
            lead_id = task["lead_id"]
        else:
            lead_id = next((s.organization.pk for s in leads if s.organization), None)
        pieces = plan_draft.split_points(task.get("content") or "")
        rows.append(
            TaskRow(
                index=i,
                number=i + 1,
                task=task,
                lead_id=lead_id,
                leads=leads,
                partners=[status(n) for n in task.get("partners") or []],
                time=plan_draft.time_label(task),
                time_note=_time_note(task, annual),
                split_points=[(k, _preview(p.text)) for k, p in enumerate(pieces) if k],
                has_span=plan_draft.span_of(task, len(imp.text)) is not None,
                is_last=i == len(tasks) - 1,
                group_key=group_key,
                new_group=ident != previous,
                group_label=keys[group_key].label if group_key in keys else "",
            )
        )
        previous = ident
    # The names a unit may be created for: a written lead once no lead is chosen for its task,
    # a partner as long as it matches nothing.
    unmatched: dict[str, None] = {}
    for row in rows:
        for s in [*(row.leads if row.lead_id is None else []), *row.partners]:
            if s.unmatched:
                unmatched.setdefault(s.name)
    report = draft.get("report") or {}
    due = report.get("due") or ""
    month, _, day = due.partition("-")
    issued = _date(draft.get("issued_on"))
    implements_date = _date(draft.get("implements_date"))
    return Review(
        imp=imp,
        draft=draft,
        rows=rows,
        groups=groups,
        segments=plan_draft.source_segments(imp.text or "", tasks),
        own_units=[o for o in orgs if o.path.startswith(issuer.path)],
        other_orgs=[o for o in orgs if not o.path.startswith(issuer.path)],
        header={
            "issued_on": page_date(issued) if issued else (draft.get("issued_on") or ""),
            "implements_date": page_date(implements_date) if implements_date else (draft.get("implements_date") or ""),
            "report_due": f"{day}/{month}" if day and month else "",
        },
        is_plan=plan_draft.is_plan(draft),
        unmatched=list(unmatched),
    )
