"""A plan printed as a "KẾ HOẠCH" in the format of Decree 30/2020, laid out as signed plans are:
I. Mục đích, yêu cầu; II. Nhiệm vụ và giải pháp (per sub-index, with the lead and partner
units); III. Tổ chức thực hiện; the closing line, "Nơi nhận" and the signer."""

from __future__ import annotations

from chisoxanh.lib.dates import document_date
from chisoxanh.plans.models import Plan, Task
from chisoxanh.plans.selectors import plan_structure

from . import decree30 as d30


def _header(plan: Plan) -> d30.Header:
    parent = plan.issuer.parent
    reference = f"Số: {plan.number}/{plan.symbol}" if plan.number else f"Số:       /{plan.symbol}"
    year = plan.issued_on.year if plan.issued_on else plan.start_year
    date = (
        document_date(plan.issued_on, plan.place)
        if plan.issued_on
        else f"{plan.place}, ngày      tháng      năm {year}"
    )
    return d30.Header(
        parent=(parent.short_name or parent.name) if parent else "",
        issuer=plan.issuer.name,
        reference=reference,
        place_date=date,
    )


def _units(task_view) -> tuple[str, str]:
    task = task_view.task
    lead = ", ".join(a.organization.name for a in task_view.leads) or task.lead_text
    partners = task.partners_text or ", ".join(a.organization.name for a in task_view.partners)
    return lead, partners


def render(plan: Plan) -> bytes:
    """``plan`` must come from plans.selectors.plan_get (tasks and assignments prefetched)."""
    doc = d30.new_document(author=plan.issuer.name, title=plan.title, created=plan.created_at)
    d30.page_numbers(doc.sections[0])
    d30.header_block(doc, _header(plan))
    d30.title_block(doc, "Kế hoạch", plan.title)
    if plan.preamble:
        d30.text_block(doc, plan.preamble)

    d30.heading(doc, "I. MỤC ĐÍCH, YÊU CẦU")
    d30.heading(doc, "1. Mục đích")
    for item in plan.purpose_items:
        d30.body(doc, f"- {item.lstrip('- ')}")
    d30.heading(doc, "2. Yêu cầu")
    for item in plan.requirement_items:
        d30.body(doc, f"- {item.lstrip('- ')}")

    structure = plan_structure(plan)
    d30.heading(doc, "II. NHIỆM VỤ VÀ GIẢI PHÁP")
    for i, group in enumerate(structure[Task.Part.TASKS], start=1):
        title = group.heading or (f"Chỉ số “{group.subindex.name}”" if group.subindex else "Nhiệm vụ khác")
        d30.heading(doc, f"{i}. {title}")
        for view in group.tasks:
            d30.text_block(doc, view.task.content or view.task.title)
            lead, partners = _units(view)
            if lead:
                d30.body(doc, f"- Đơn vị chủ trì: {lead}.")
            if partners:
                label = "Đơn vị phối hợp" if lead else "Đơn vị phối hợp thực hiện"
                d30.body(doc, f"- {label}: {partners.rstrip('.')}.")
            if view.task.schedule != Task.Schedule.CONTINUOUS:
                d30.body(doc, f"- Thời gian thực hiện: {view.task.schedule_label.lower()}.")

    d30.heading(doc, "III. TỔ CHỨC THỰC HIỆN")
    for i, group in enumerate(structure[Task.Part.ORGANIZATION], start=1):
        d30.heading(doc, f"{i}. {group.heading}")
        for view in group.tasks:
            d30.text_block(doc, view.task.content or view.task.title)
    if plan.closing:
        d30.text_block(doc, plan.closing)
    d30.signature_block(
        doc,
        recipients=plan.recipient_items,
        authority=plan.signer_authority,
        title=plan.signer_title,
        name=plan.signer_name,
    )
    return d30.to_bytes(doc)
