"""The result report's life: composed from the data, edited by the Office, approved and numbered
by the agency head (or returned to the Office with a reason, and submitted again), sent to the
recipient, received. Every step is checked, versioned, audited; the approval composes the report
again first and refuses a draft whose figures the data has moved since (``documents.currency``)."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Mapping

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from chisoxanh.accounts.access import require
from chisoxanh.accounts.models import Membership, Organization, Role
from chisoxanh.core.audit import audit
from chisoxanh.core.workflow import DomainError, claim, transition
from chisoxanh.lib.vietnamese import nfc, number
from chisoxanh.reports.models import Period
from chisoxanh.reports.notifications import members_with_role, notify

from . import convert, currency, result_docx
from .compose import Composition, compose
from .models import DocumentCounter, ResultReport, ResultReportVersion
from .policies import result_reports

log = logging.getLogger(__name__)

META_FIELDS = ("title", "place", "signer_authority", "signer_title", "signer_name", "recipients")


# --- versions ------------------------------------------------------------------------------


def _signer_title(actor, agency: Organization) -> str:
    """How the history names the leader who signed or returned: their title at the agency
    ("Giám đốc", "Phó Giám đốc"), else the leadership of the kind of agency."""
    title = (
        Membership.objects.filter(
            user_id=getattr(actor, "pk", None),
            role=Role.LEADER,
            organization_id__in=[*agency.ancestor_ids(), agency.pk],
        )
        .exclude(title="")
        .order_by("-organization__depth")
        .values_list("title", flat=True)
        .first()
    )
    return title or ("Lãnh đạo Sở" if agency.kind == Organization.Kind.AGENCY else "Lãnh đạo cơ quan")


def _record(report: ResultReport, *, actor, event: str, note: str = "") -> None:
    data = {
        **{f: getattr(report, f) for f in META_FIELDS},
        "state": report.state,
        "number": report.number,
        "sections": report.sections,
    }
    if event in ("approved", "returned"):
        data["by"] = _signer_title(actor, report.agency)
    ResultReportVersion.objects.create(
        report=report,
        number=report.version,
        event=event,
        note=note,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        data=data,
    )


# --- composing -----------------------------------------------------------------------------


def _default_title(period: Period) -> str:
    title = period.plan.title
    text = f"Kết quả thực hiện Kế hoạch {title[:1].lower()}{title[1:]}"
    return text if str(period.year) in title else f"{text} ({period.label.lower()})"


def _merge_sections(old: list[dict], composed: list[tuple[str, str, str]]) -> tuple[list[dict], list[str]]:
    """New generated texts, keeping every edit; returns the keys whose data changed under an edit."""
    previous = {s["key"]: s for s in old}
    sections: list[dict] = []
    stale = []
    for key, title, generated in composed:
        before = previous.get(key) or {}
        edited = before.get("edited")
        base = before.get("base", before.get("generated"))
        entry = {
            "key": key,
            "title": title,
            "generated": generated,
            "edited": edited,
            "base": base if edited is not None else None,
        }
        if edited is not None and base != generated:
            entry["stale"] = True
            stale.append(key)
        sections.append(entry)
    # Sections the data no longer produces but the Office wrote are kept, not dropped.
    produced = {key for key, _, _ in composed}
    for key, before in previous.items():
        if key not in produced and before.get("edited"):
            sections.append({**before, "stale": True})
            stale.append(key)
    return sections, stale


@transaction.atomic
def result_report_start(*, actor, period: Period, today) -> ResultReport:
    """The period's result report of the plan's issuer: created and composed the first time."""
    agency = period.plan.issuer
    require(result_reports.can_compose(actor, agency), "Chỉ Văn phòng của cơ quan mới lập báo cáo kết quả.")
    existing = ResultReport.objects.filter(agency=agency, plan=period.plan, period=period).first()
    if existing:
        return existing
    plan = period.plan
    recipient = plan.report_recipient
    composed = compose(period, today=today)
    sections, _ = _merge_sections([], composed.sections)
    lead = "Lãnh đạo Sở" if agency.kind == Organization.Kind.AGENCY else "Lãnh đạo cơ quan"
    report = ResultReport.objects.create(
        agency=agency,
        plan=plan,
        period=period,
        recipient=recipient,
        title=_default_title(period),
        symbol=f"BC-{agency.abbreviation or 'CQ'}",
        place=plan.place,
        signer_authority=plan.signer_authority,
        signer_title=plan.signer_title,
        signer_name=plan.signer_name,
        recipients="\n".join([*([f"{recipient.name} (để tổng hợp)"] if recipient else []), lead, "Lưu: VT, VP"]),
        sections=sections,
        **_taken(composed),
    )
    _record(report, actor=actor, event="created")
    audit(actor=actor, action="documents.result_report.created", obj=report)
    return report


def _taken(composed: Composition) -> dict:
    """The fields that say what the data composed and when: stored together, so that the page and
    the approval can tell whether the data has moved since (``documents.currency``)."""
    return {
        "appendix": {"rows": composed.appendix_rows, "late_units": composed.late_units},
        "generated_at": timezone.now(),
        "facts_fingerprint": currency.fingerprint(composed),
        "figures": [list(f) for f in currency.figures(composed)],
    }


@transaction.atomic
def result_report_regenerate(*, actor, report: ResultReport, expected_version: int | None, today) -> list[str]:
    """Take the figures of today's data; the Office's edits stay. Returns the sections whose
    data changed under an edit, so the page can show them side by side."""
    require(
        result_reports.can_refresh(actor, report),
        "Chỉ Văn phòng hoặc lãnh đạo ký duyệt mới lấy được số liệu mới cho dự thảo.",
    )
    if report.state not in ResultReport.EDITABLE:
        raise DomainError("Báo cáo đã ký duyệt, không cập nhật số liệu được nữa.")
    check = currency.check(report, today=today)
    composed = check.composition
    report.sections, stale = _merge_sections(report.sections, composed.sections)
    taken = _taken(composed)
    for name, value in taken.items():
        setattr(report, name, value)
    claim(report, expected_version)
    report.save(update_fields=["sections", "version", *taken])
    # The history says what moved, in the words of the page ("Báo cáo … đã gửi: 18/23 → 19/23 báo cáo").
    _record(report, actor=actor, event="regenerated", note=check.summary if check.stale else "")
    audit(
        actor=actor,
        action="documents.result_report.regenerated",
        obj=report,
        changes={"stale": [None, stale], **({"figures": [None, check.summary]} if check.summary else {})},
    )
    return stale


@transaction.atomic
def result_report_edit(
    *,
    actor,
    report: ResultReport,
    expected_version: int | None,
    texts: Mapping[str, str],
    meta: Mapping[str, str],
) -> ResultReport:
    """Save the Office's text for sections and the document's details. A section whose text is
    the generated one again goes back to following the data."""
    require(result_reports.can_compose(actor, report.agency), "Chỉ Văn phòng mới sửa được báo cáo kết quả.")
    if report.state not in ResultReport.EDITABLE:
        raise DomainError("Báo cáo đã ký duyệt, không sửa được nữa.")
    unknown = set(meta) - set(META_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    sections = [dict(s) for s in report.sections]
    by_key = {s["key"]: s for s in sections}
    changed = {}
    for key, text in texts.items():
        if key not in by_key:
            continue
        text = nfc(text)
        entry = by_key[key]
        current = entry["edited"] if entry.get("edited") is not None else entry.get("generated", "")
        if text == current:
            continue
        changed[key] = [current, text]
        if text == entry.get("generated", ""):
            entry.update(edited=None, base=None, stale=False)
        else:
            entry.update(edited=text, base=entry.get("generated", ""), stale=False)
    for name, value in meta.items():
        value = nfc(value)
        if getattr(report, name) != value:
            changed[name] = [getattr(report, name), value]
            setattr(report, name, value)
    if not report.title.strip():
        raise DomainError("Trích yếu của báo cáo không được để trống.")
    if not changed:
        return report
    report.sections = sections
    claim(report, expected_version)
    report.save(update_fields=["sections", "version", *META_FIELDS])
    _record(report, actor=actor, event="edited")
    audit(actor=actor, action="documents.result_report.edited", obj=report, changes=changed)
    return report


def _next_number(agency: Organization, year: int, symbol: str) -> int:
    """Draw the next number of ``symbol`` for the agency and year (Decree 30, Art. 15).

    The counter row is locked until the approval commits, so concurrent approvals queue up;
    on SQLite the write lock taken at the start of the transaction does the same.
    """
    try:
        with transaction.atomic():
            DocumentCounter.objects.get_or_create(agency=agency, year=year, symbol=symbol)
    except IntegrityError:
        pass  # created by a concurrent approval a moment ago
    counter = DocumentCounter.objects.select_for_update().get(agency=agency, year=year, symbol=symbol)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _freeze(report: ResultReport) -> dict:
    """The signed files, rendered once at approval: what is downloaded later is what was signed."""
    docx = result_docx.render(report)
    stem = f"{report.agency.abbreviation or 'bc'}-{report.number:02d}-{report.year}"
    report.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
    try:
        report.pdf.save(f"{stem}.pdf", ContentFile(convert.to_pdf(docx)), save=False)
    except (convert.ConversionUnavailable, OSError, subprocess.SubprocessError) as exc:
        # The DOCX is the signed document; a missing PDF is made again on the next download.
        log.warning("no PDF for result report %s: %s", report.pk, exc)
    return {"docx": report.docx, "pdf": report.pdf}


@transaction.atomic
def result_report_approve(*, actor, report: ResultReport, expected_version: int | None, today=None) -> ResultReport:
    """The head signs: the report gets its number and date and its files are frozen.

    The report is composed again first, inside the approving transaction: a draft whose figures
    the data has moved since they were taken is refused until someone takes the new ones, so
    what is numbered and frozen is never older than the data.
    """
    require(result_reports.can_approve(actor, report), "Chỉ lãnh đạo cơ quan mới ký duyệt được báo cáo dự thảo.")
    today = today or timezone.localdate()
    if report.state == ResultReport.State.DRAFT:  # any other state is refused by the transition below
        check = currency.check(report, today=today)
        if check.stale:
            raise DomainError(currency.stale_message(report, check))

    def number_and_freeze() -> dict:
        # After the version is claimed, inside the approving transaction: a conflicting
        # approval renders nothing, and a failed one rolls the counter back (numbers have no gaps).
        report.year, report.issued_on = today.year, today
        report.number = _next_number(report.agency, today.year, report.symbol)
        report.approved_at, report.approved_by = timezone.now(), actor
        fields = {f: getattr(report, f) for f in ("year", "number", "issued_on", "approved_at", "approved_by")}
        return {**fields, **_freeze(report)}  # rendered as approved: the state is already set

    transition(
        report,
        actor=actor,
        expected_version=expected_version,
        allowed_from=[ResultReport.State.DRAFT],
        to=ResultReport.State.APPROVED,
        action="documents.result_report.approved",
        record=_record,
        event="approved",
        fields=number_and_freeze,
        changes=lambda: {"number": [None, report.reference]},
        notify=lambda: notify(
            members_with_role(report.agency, Role.COORDINATOR, exact=True),
            kind="accepted",
            title=f"Báo cáo kết quả số {report.reference} đã được ký duyệt",
            body=report.title,
            url=report.get_absolute_url(),
        ),
    )
    return report


def _reason(reason: str) -> str:
    reason = nfc(reason or "").strip()
    if len(reason) < 5:
        raise DomainError("Hãy ghi rõ lý do trả lại (ít nhất 5 ký tự) để Văn phòng biết cần sửa gì.")
    if len(reason) > ResultReport.RETURN_REASON_LIMIT:  # refused, never cut: the writer would not know what was lost
        raise DomainError(f"Lý do dài quá {number(ResultReport.RETURN_REASON_LIMIT)} ký tự; hãy viết gọn lại.")
    return reason


@transaction.atomic
def result_report_return(*, actor, report: ResultReport, expected_version: int | None, reason: str) -> ResultReport:
    """The head sends the draft back to the Office with a reason; the Office edits and submits it again."""
    require(result_reports.can_return(actor, report), "Chỉ lãnh đạo ký duyệt mới trả lại được dự thảo cho Văn phòng.")
    reason = _reason(reason)
    transition(
        report,
        actor=actor,
        expected_version=expected_version,
        allowed_from=[ResultReport.State.DRAFT],
        to=ResultReport.State.RETURNED,
        action="documents.result_report.returned",
        record=_record,
        event="returned",
        note=reason,
        fields={"return_reason": reason, "returned_at": timezone.now(), "returned_by": actor},
        notify=lambda: notify(
            members_with_role(report.agency, Role.COORDINATOR, exact=True),
            kind="returned",
            title=f"Dự thảo báo cáo kết quả {report.reference} bị trả lại",
            body=f"{report.title}\nLý do: {reason}",
            url=report.get_absolute_url(),
        ),
    )
    return report


@transaction.atomic
def result_report_resubmit(*, actor, report: ResultReport, expected_version: int | None) -> ResultReport:
    """The Office, having worked on a returned draft, submits it to the head again."""
    require(result_reports.can_resubmit(actor, report), "Chỉ Văn phòng mới trình lại được dự thảo bị trả lại.")
    transition(
        report,
        actor=actor,
        expected_version=expected_version,
        allowed_from=[ResultReport.State.RETURNED],
        to=ResultReport.State.DRAFT,
        action="documents.result_report.resubmitted",
        record=_record,
        event="resubmitted",
        fields={"return_reason": ""},
        changes={"return_reason": [report.return_reason, ""]},
        notify=lambda: notify(
            members_with_role(report.agency, Role.LEADER, exact=True),
            kind="submitted",
            title=f"Văn phòng trình lại dự thảo báo cáo kết quả {report.reference}",
            body=report.title,
            url=report.get_absolute_url(),
        ),
    )
    return report


@transaction.atomic
def result_report_send(*, actor, report: ResultReport, expected_version: int | None) -> ResultReport:
    require(result_reports.can_send(actor, report), "Chỉ gửi được báo cáo đã ký duyệt.")
    transition(
        report,
        actor=actor,
        expected_version=expected_version,
        allowed_from=[ResultReport.State.APPROVED],
        to=ResultReport.State.SENT,
        action="documents.result_report.sent",
        record=_record,
        event="sent",
        fields={"sent_at": timezone.now(), "sent_by": actor},
        notify=lambda: notify(
            members_with_role(report.recipient, Role.AGGREGATOR) if report.recipient_id else [],
            kind="submitted",
            title=f"{report.agency.name} gửi Báo cáo số {report.reference}",
            body=report.title,
            url=report.get_absolute_url(),
        ),
    )
    return report


@transaction.atomic
def result_report_receive(*, actor, report: ResultReport, expected_version: int | None) -> ResultReport:
    require(result_reports.can_receive(actor, report), "Chỉ cơ quan nhận mới xác nhận đã nhận báo cáo.")
    transition(
        report,
        actor=actor,
        expected_version=expected_version,
        allowed_from=[ResultReport.State.SENT],
        to=ResultReport.State.RECEIVED,
        action="documents.result_report.received",
        record=_record,
        event="received",
        fields={"received_at": timezone.now(), "received_by": actor},
    )
    return report


def result_report_docx(report: ResultReport) -> bytes:
    """The signed file once approved; before that, the draft rendered from the current text."""
    if report.docx:
        with report.docx.open("rb") as fh:
            return fh.read()
    return result_docx.render(report)


def result_report_pdf(report: ResultReport) -> bytes:
    """The PDF frozen at approval, or the draft converted now (raises
    :class:`convert.ConversionUnavailable` when LibreOffice is missing)."""
    if report.pdf:
        with report.pdf.open("rb") as fh:
            return fh.read()
    return convert.to_pdf(result_report_docx(report))


def result_report_filename(report: ResultReport, ext: str) -> str:
    number = f"{report.number:02d}" if report.number else "du-thao"
    return f"bao-cao-{number}-{slugify(report.symbol)}-{report.period.year}.{ext}"
