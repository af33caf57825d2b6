"""Every change to plans and tasks: checked, versioned, audited.

Views, the API, the demo loader and (later) the importer call these functions and nothing
else to write plans, so the same rules hold whatever the way in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from chisoxanh.accounts.access import require
from chisoxanh.accounts.models import Organization
from chisoxanh.core.audit import audit, diff
from chisoxanh.core.workflow import claim
from chisoxanh.lib.groups import match_group

from . import policies
from .models import Assignment, Plan, Task

PLAN_FIELDS = Plan.EDITABLE_FIELDS
TASK_FIELDS = (
    "part", "section", "heading", "order", "subindex", "title", "content", "outputs",
    "lead_text", "partners_text", "schedule", "due_date", "due_month", "due_day", "parent_task",
)  # fmt: skip


# --- groups and assignments ----------------------------------------------------------------


def expand_group(*, issuer: Organization, text: str) -> list[Organization]:
    """The active organisations a group phrase of ``issuer``'s plan stands for.

    "các phòng, đơn vị sự nghiệp thuộc Sở" gives the units directly under the agency;
    "UBND các xã, phường" gives the communes of its province. Unknown phrases give ``[]``.
    """
    spec = match_group(text)
    if spec is None:
        return []
    if spec.scope == "issuer":
        base = issuer
    else:
        ancestors = [*issuer.ancestor_ids(), issuer.pk]
        base = Organization.objects.filter(pk__in=ancestors, kind=Organization.Kind.PROVINCE).order_by("-depth").first()
        if base is None:
            return []
    return list(Organization.objects.filter(parent=base, kind__in=spec.kinds, is_active=True).order_by("order", "path"))


def _set_assignments(
    task: Task,
    *,
    lead: Organization | None,
    partners: Iterable[Organization],
) -> None:
    """Replace the task's assignments: the lead, then partners named or expanded from groups."""
    rows: dict[int, Assignment] = {}
    if lead is not None:
        rows[lead.pk] = Assignment(task=task, organization=lead, role=Assignment.Role.LEAD)
    for org in partners:
        rows.setdefault(org.pk, Assignment(task=task, organization=org, role=Assignment.Role.PARTNER))
    for group in _split_groups(task.partners_text):
        for org in expand_group(issuer=task.plan.issuer, text=group):
            rows.setdefault(
                org.pk,
                Assignment(task=task, organization=org, role=Assignment.Role.PARTNER, group_text=group),
            )
    task.assignments.all().delete()
    Assignment.objects.bulk_create(rows.values())


def _split_groups(text: str) -> list[str]:
    # Several groups may be listed: "các phòng chuyên môn; các đơn vị sự nghiệp thuộc Sở".
    return [part.strip(" .") for part in (text or "").split(";") if part.strip(" .")]


def _assignment_snapshot(task: Task) -> dict[str, Any]:
    return {
        "lead": ", ".join(a.organization.name for a in task.assignments.all() if a.role == Assignment.Role.LEAD),
        "partners": ", ".join(a.organization.name for a in task.assignments.all() if a.role == Assignment.Role.PARTNER),
    }


# --- plans -------------------------------------------------------------------------------


def _values(obj, fields: Iterable[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


@transaction.atomic
def plan_create(*, actor, issuer: Organization, **fields: Any) -> Plan:
    require(
        policies.plans.can_create(actor, issuer),
        "Chỉ bộ phận theo dõi, tổng hợp của cơ quan ban hành mới được tạo kế hoạch.",
    )
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown plan fields: {sorted(unknown)}")
    plan = Plan(issuer=issuer, **fields)
    plan.full_clean()
    plan.save()
    audit(actor=actor, action="plans.plan.created", obj=plan, changes=diff({}, _values(plan, fields)))
    return plan


@transaction.atomic
def plan_update(*, actor, plan: Plan, expected_version: int | None, **fields: Any) -> Plan:
    """Save changed fields unless someone saved the plan since ``expected_version``."""
    require(policies.plans.can_edit(actor, plan), "Bạn không có quyền sửa kế hoạch này.")
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown plan fields: {sorted(unknown)}")
    # Read "before" from the database: a bound ModelForm has already copied its data onto the
    # instance the view passes in.
    before = _values(Plan.objects.get(pk=plan.pk), fields)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    claim(plan, expected_version)
    plan.save(update_fields=[*fields, "updated_at"])
    changes = diff(before, _values(plan, fields))
    if changes:
        audit(actor=actor, action="plans.plan.updated", obj=plan, changes=changes)
    return plan


# --- tasks -------------------------------------------------------------------------------


@transaction.atomic
def task_create(
    *,
    actor,
    plan: Plan,
    lead: Organization | None = None,
    partners: Iterable[Organization] = (),
    **fields: Any,
) -> Task:
    require(policies.plans.can_edit(actor, plan), "Bạn không có quyền thêm nhiệm vụ vào kế hoạch này.")
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"unknown task fields: {sorted(unknown)}")
    if "order" not in fields:
        last = plan.tasks.order_by("-order").values_list("order", flat=True).first()
        fields["order"] = (last or 0) + 10
    task = Task(plan=plan, **fields)
    task.full_clean()
    task.save()
    _set_assignments(task, lead=lead, partners=partners)
    audit(
        actor=actor,
        action="plans.task.created",
        obj=task,
        changes=diff({}, {**_values(task, fields), **_assignment_snapshot(task)}),
    )
    return task


@transaction.atomic
def task_update(
    *,
    actor,
    task: Task,
    expected_version: int | None,
    lead: Organization | None = None,
    partners: Iterable[Organization] = (),
    **fields: Any,
) -> Task:
    require(policies.tasks.can_edit(actor, task), "Bạn không có quyền sửa nhiệm vụ này.")
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"unknown task fields: {sorted(unknown)}")
    stored = Task.objects.prefetch_related("assignments__organization").get(pk=task.pk)
    before = {**_values(stored, fields), **_assignment_snapshot(stored)}
    for name, value in fields.items():
        setattr(task, name, value)
    task.full_clean()
    claim(task, expected_version)
    task.save(update_fields=[*fields])
    _set_assignments(task, lead=lead, partners=partners)
    changes = diff(before, {**_values(task, fields), **_assignment_snapshot(task)})
    if changes:
        audit(actor=actor, action="plans.task.updated", obj=task, changes=changes)
    return task


# --- whole plans from a structured draft -----------------------------------------------------


def plan_create_from_draft(
    *,
    actor,
    issuer: Organization,
    draft: Mapping[str, Any],
    organizations: Mapping[str, Organization],
    subindices: Mapping[int, Any],
    parent: Plan | None = None,
    report_recipient: Organization | None = None,
) -> Plan:
    """Create a plan and its tasks from a draft in the shape of ``import-plan --json``.

    ``organizations`` maps the names used in the draft ("Phòng Nghiệp vụ II") to organisations;
    group phrases are expanded by the task's ``partners_text`` instead. Used by the demo
    loader now and by the import confirmation later, so both create plans the same way.
    """
    with transaction.atomic():
        due = (draft.get("report") or {}).get("due") or ""
        month, day = (int(x) for x in due.split("-")) if due else (None, None)
        plan = plan_create(
            actor=actor,
            issuer=issuer,
            parent=parent,
            report_recipient=report_recipient,
            report_due_month=month,
            report_due_day=day,
            **{
                key: draft[key]
                for key in (
                    "number", "symbol", "issued_on", "place", "title", "preamble", "start_year",
                    "end_year", "purposes", "requirements", "closing", "signer_authority",
                    "signer_title", "signer_name", "recipients", "status",
                )
                if draft.get(key) is not None
            },
        )  # fmt: skip
        for order, item in enumerate(draft.get("tasks", []), start=1):
            lead_name = item.get("lead")
            lead = organizations[lead_name] if lead_name and lead_name in organizations else None
            partners = [organizations[p] for p in item.get("partners", []) if p in organizations]
            group_words = [p for p in item.get("partners", []) if p not in organizations]
            task_create(
                actor=actor,
                plan=plan,
                lead=lead,
                partners=partners,
                order=order * 10,
                part=item.get("part", Task.Part.TASKS),
                section=item.get("section") or "",
                heading=item.get("heading") or "",
                subindex=subindices.get(item["subindex"]) if item.get("subindex") else None,
                title=item["title"],
                content=item.get("content") or "",
                outputs=item.get("outputs") or "",
                lead_text=item.get("lead_text") or lead_name or "",
                partners_text=item.get("partners_text") or "; ".join(group_words),
                schedule=item.get("schedule") or Task.Schedule.CONTINUOUS,
                due_date=item.get("due"),
                due_month=item.get("due_month"),
                due_day=item.get("due_day"),
            )
        return plan
