"""Plan import: a document read (OCR in the background when it is a scan), parsed into a draft,
reviewed by the Office beside the source text, and only then created as a plan."""

from __future__ import annotations

import datetime as dt
import logging
from difflib import SequenceMatcher
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction

from chisoxanh.accounts.access import has_role, is_admin
from chisoxanh.accounts.models import Organization, Role
from chisoxanh.core.audit import audit
from chisoxanh.lib.groups import match_group
from chisoxanh.lib.plan_parser import parse
from chisoxanh.lib.vietnamese import fold

from .extract import MAX_BYTES, ExtractionError, extract_text, needs_ocr
from .models import PlanImport

log = logging.getLogger(__name__)


def known_names() -> list[str]:
    """Organisation names (full and short) and province names: the vocabulary of unit names."""
    names = set()
    for name, short in Organization.objects.values_list("name", "short_name"):
        names.add(name)
        if short:
            names.add(short)
    from vietnam_provinces import Province as OfficialProvince

    for p in OfficialProvince.iter_all():
        names.add(p.name.removeprefix("Thành phố "))
    from chisoxanh.pgi.models import Province

    names.update(Province.objects.values_list("name", flat=True))
    return sorted(names)


def draft_from_file(name: str, data: bytes, *, progress=None) -> tuple[str, dict]:
    text = extract_text(name, data, progress=progress)
    return text, parse(text, organizations=known_names()).as_json()


def candidates_for(issuer: Organization):
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


def _require(user, issuer: Organization) -> None:
    if not (is_admin(user) or has_role(user, issuer, Role.COORDINATOR)):
        raise PermissionDenied("Chỉ bộ phận theo dõi, tổng hợp của cơ quan ban hành mới nhập kế hoạch.")


def plan_import_start(*, actor, issuer: Organization, name: str, data: bytes) -> PlanImport:
    """Keep the file and read it: at once when it has text, in the background when it needs OCR."""
    _require(actor, issuer)
    if not data:
        raise ExtractionError("Tệp rỗng.")
    if len(data) > MAX_BYTES:
        raise ExtractionError(f"Tệp lớn hơn {MAX_BYTES // 1048576} MB.")
    imp = PlanImport(issuer=issuer, uploaded_by=actor, file_name=name[:255])
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else "bin"
    imp.source.save(f"nhap-ke-hoach.{suffix}", ContentFile(data), save=False)
    imp.save()
    audit(actor=actor, action="documents.plan_import.uploaded", obj=imp)
    if needs_ocr(name, data):
        from .tasks import plan_import_task

        transaction.on_commit(lambda: plan_import_task.enqueue(imp.pk))
    else:
        plan_import_run(imp.pk)
        imp.refresh_from_db()
    return imp


def plan_import_run(pk: int) -> None:
    """Read and parse the stored file; the state tells the page what happened."""
    imp = PlanImport.objects.get(pk=pk)
    with imp.source.open("rb") as fh:
        data = fh.read()

    def progress(percent: int) -> None:
        PlanImport.objects.filter(pk=pk).update(progress=min(99, percent))

    try:
        text, draft = draft_from_file(imp.file_name, data, progress=progress)
    except ExtractionError as exc:
        PlanImport.objects.filter(pk=pk).update(state=PlanImport.State.FAILED, message=str(exc), progress=100)
        return
    except Exception:  # a parser bug must not leave the page waiting forever
        log.exception("plan import %s failed", pk)
        PlanImport.objects.filter(pk=pk).update(
            state=PlanImport.State.FAILED, message="Lỗi hệ thống khi đọc văn bản; hãy báo quản trị.", progress=100
        )
        return
    PlanImport.objects.filter(pk=pk).update(state=PlanImport.State.READY, text=text, draft=draft, progress=100)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@transaction.atomic
def plan_import_confirm(*, actor, imp: PlanImport, draft: dict[str, Any], lead_choices: dict[int, Organization | None]):
    """Create the plan from the reviewed draft, in one transaction; the import remembers it.

    ``lead_choices`` gives, by the task's position in ``draft["tasks"]``, the organisation the
    reviewer chose as its lead (None: no single lead).
    """
    from chisoxanh.pgi.models import Subindex
    from chisoxanh.plans.models import Plan
    from chisoxanh.plans.services import plan_create_from_draft

    _require(actor, imp.issuer)
    if imp.state != PlanImport.State.READY:
        raise PermissionDenied("Bản nháp này đã được dùng hoặc chưa đọc xong.")
    issuer = imp.issuer
    number, _, symbol = (draft.get("number") or "").partition("/")
    parent = None
    if draft.get("implements"):
        p_number, _, p_symbol = draft["implements"].partition("/")
        parent = Plan.objects.visible_to(actor).filter(number=p_number, symbol__iexact=p_symbol).first()
    recipient = match_organization((draft.get("report") or {}).get("to"), issuer)
    organizations: dict[str, Organization] = {}
    tasks = []
    for i, task in enumerate(draft.get("tasks", [])):
        lead = lead_choices.get(i)
        if lead is not None:
            organizations[lead.name] = lead
        task = {**task, "lead": lead.name if lead else None, "lead_text": task.get("lead") or ""}
        partners_named = []
        for name in task.get("partners", []):
            org = match_organization(name, issuer)
            if org:
                organizations[org.name] = org
                partners_named.append(org.name)
            else:
                partners_named.append(name)  # a group phrase, expanded when the task is saved
        task["partners"] = partners_named
        tasks.append(task)
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
    PlanImport.objects.filter(pk=imp.pk).update(state=PlanImport.State.CONFIRMED, plan=plan)
    audit(actor=actor, action="documents.plan_import.confirmed", obj=imp, changes={"plan": [None, plan.pk]})
    return plan
