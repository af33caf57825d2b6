"""Plan import: a document read (OCR in the background when it is a scan), parsed into a draft,
reviewed by the Office beside the source text, and only then created as a plan."""

from __future__ import annotations

import datetime as dt
from difflib import SequenceMatcher
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from chisoxanh.accounts.access import require
from chisoxanh.accounts.models import Organization
from chisoxanh.core.audit import audit
from chisoxanh.core.workflow import DomainError
from chisoxanh.lib.groups import match_group
from chisoxanh.lib.vietnamese import fold
from chisoxanh.pgi.models import Subindex
from chisoxanh.plans import policies as plan_policies
from chisoxanh.plans.services import plan_create_from_draft

from .extract import MAX_BYTES, ExtractionError, needs_ocr
from .models import PlanImport
from .policies import plan_imports
from .reading import plan_import_run
from .tasks import plan_import_task


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


_ONLY_THE_OFFICE = "Chỉ bộ phận theo dõi, tổng hợp của cơ quan ban hành mới nhập kế hoạch."


def plan_import_start(*, actor, issuer: Organization, name: str, data: bytes) -> PlanImport:
    """Keep the file and read it: at once when it has text, in the background when it needs OCR."""
    require(plan_imports.can_start(actor, issuer), _ONLY_THE_OFFICE)
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
        transaction.on_commit(lambda: plan_import_task.enqueue(imp.pk))
    else:
        plan_import_run(imp.pk)
        imp.refresh_from_db()
    return imp


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
    require(plan_imports.can_confirm(actor, imp), _ONLY_THE_OFFICE)
    if imp.state != PlanImport.State.READY:
        raise DomainError("Bản nháp này đã được dùng hoặc chưa đọc xong.")
    issuer = imp.issuer
    number, _, symbol = (draft.get("number") or "").partition("/")
    parent = None
    if draft.get("implements"):
        p_number, _, p_symbol = draft["implements"].partition("/")
        parent = plan_policies.plans.visible(actor).filter(number=p_number, symbol__iexact=p_symbol).first()
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
