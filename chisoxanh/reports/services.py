"""Every change to periods and task reports: permission-checked, versioned, audited, notified.

The review workflow is draft → submitted → accepted, or submitted → returned (with a reason)
→ submitted again. An accepted report is locked; only a leader above the unit reopens it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from chisoxanh.accounts.access import require
from chisoxanh.accounts.models import Role
from chisoxanh.core.audit import audit, diff, jsonable
from chisoxanh.core.workflow import Conflict, DomainError, claim, transition
from chisoxanh.lib import printable
from chisoxanh.lib.files import FileRejected, check_upload, safe_filename
from chisoxanh.lib.vietnamese import nfc
from chisoxanh.lib.vietnamese import number as vn_number
from chisoxanh.plans.models import Assignment, Plan, Task

from . import boardcache
from .models import Activity, Evidence, Period, ReportVersion, TaskReport
from .notifications import notify, unit_people
from .policies import task_reports

REPORT_FIELDS = ("progress", "completed_on", "results", "difficulties", "proposals")


# --- periods -----------------------------------------------------------------------------


def period_windows(plan: Plan, year: int) -> list[tuple[str, int, dt.date, dt.date]]:
    """The (kind, number, data_start, data_end) of a plan's periods in ``year``.

    Decree 09/2019 closes data on the 14th: a year runs 15/12 of the previous year to 14/12, a
    half-year to 14/6, a quarter to the 14th of its last month.
    """
    start_of_year = dt.date(year - 1, 12, 15)
    if plan.reporting_frequency == "half":
        return [
            (Period.Kind.HALF, 1, start_of_year, dt.date(year, 6, 14)),
            (Period.Kind.HALF, 2, dt.date(year, 6, 15), dt.date(year, 12, 14)),
        ]
    if plan.reporting_frequency == "quarter":
        ends = [dt.date(year, m, 14) for m in (3, 6, 9, 12)]
        starts = [start_of_year] + [e + dt.timedelta(days=1) for e in ends[:-1]]
        return [(Period.Kind.QUARTER, i + 1, s, e) for i, (s, e) in enumerate(zip(starts, ends, strict=True))]
    return [(Period.Kind.YEAR, 1, start_of_year, dt.date(year, 12, 14))]


def _due_dates(plan: Plan, year: int, data_end: dt.date, last: bool) -> tuple[dt.date, dt.date]:
    """The agency's due date (the plan's own day for the year's last period) and the units'."""
    due = data_end
    if last and plan.report_due_month and plan.report_due_day:
        try:
            due = dt.date(year, plan.report_due_month, plan.report_due_day)
        except ValueError:  # 29/02 in a common year
            due = dt.date(year, plan.report_due_month, 28)
    return due, due - dt.timedelta(days=plan.unit_lead_days)


def periods_ensure(*, plan: Plan, through_year: int) -> list[Period]:
    """Create the plan's missing periods from its start year to ``through_year`` (or its end).

    A plan "năm 2026 và những năm tiếp theo" has no end year, so it keeps producing periods as
    the years come.
    """
    last_year = min(through_year, plan.end_year or through_year)
    periods = []
    for year in range(plan.start_year, last_year + 1):
        windows = period_windows(plan, year)
        for i, (kind, number, start, end) in enumerate(windows):
            due, unit_due = _due_dates(plan, year, end, last=i == len(windows) - 1)
            period, _ = Period.objects.get_or_create(
                plan=plan,
                year=year,
                kind=kind,
                number=number,
                defaults={
                    "data_start": start,
                    "data_end": end,
                    "due_date": due,
                    "unit_due_date": unit_due,
                },
            )
            periods.append(period)
    return periods


@transaction.atomic
def period_open(*, actor, period: Period) -> int:
    """Create the task reports of a period: one per task × assigned unit. Idempotent.

    Reports are created for the units assigned at the moment the period opens; a unit assigned
    later gets its report the next time this runs (the reminder command runs it daily).
    """
    existing = set(period.reports.values_list("task_id", "organization_id"))
    assignments = Assignment.objects.filter(task__plan=period.plan).select_related("task")
    new = [
        TaskReport(task_id=a.task_id, organization_id=a.organization_id, period=period, role=a.role)
        for a in assignments
        if (a.task_id, a.organization_id) not in existing
        and not (a.task.schedule == Task.Schedule.ONCE and a.task.due_date and a.task.due_date < period.data_start)
    ]
    created = TaskReport.objects.bulk_create(new)
    if created:
        boardcache.invalidate(Period.objects.filter(pk=period.pk))  # bulk_create sends no signals
    # bulk_create returns primary keys on PostgreSQL and on SQLite ≥ 3.35.
    ReportVersion.objects.bulk_create(
        ReportVersion(
            report=r,
            number=1,
            event=ReportVersion.Event.CREATED,
            actor=None,
            data=_snapshot(r, [], []),
        )
        for r in created
    )
    if period.opened_at is None:
        Period.objects.filter(pk=period.pk).update(opened_at=timezone.now())
        audit(
            actor=actor,
            action="reports.period.opened",
            obj=period,
            changes={"reports": [0, len(created)]},
        )
    return len(created)


def periods_open_current(*, today: dt.date, actor=None) -> int:
    """Ensure and open the periods of active plans whose data window has begun."""
    created = 0
    for plan in Plan.objects.filter(status=Plan.Status.ACTIVE):
        for period in periods_ensure(plan=plan, through_year=today.year):
            if period.data_start <= today and today <= period.due_date:
                created += period_open(actor=actor, period=period)
    return created


# --- versions --------------------------------------------------------------------------------


def _snapshot(report: TaskReport, activities: Sequence[Activity], evidence: Sequence[Evidence]) -> dict:
    return {
        "progress": report.progress,
        "completed_on": report.completed_on.isoformat() if report.completed_on else None,
        "results": report.results,
        "difficulties": report.difficulties,
        "proposals": report.proposals,
        "state": report.state,
        "activities": [{f: jsonable(getattr(a, f)) for f in Activity.FIELDS} for a in activities],
        "evidence": [e.original_name or e.url for e in evidence],
    }


def _record(report: TaskReport, *, actor, event: str, note: str = "") -> ReportVersion:
    """Keep the report as it now stands, with what changed since the previous version."""
    # Fresh queries, not report.activities.all(): the caller's object may carry prefetched
    # rows from before this change.
    data = _snapshot(
        report,
        list(Activity.objects.filter(report=report).order_by("date", "id")),
        list(Evidence.objects.filter(report=report).order_by("uploaded_at", "id")),
    )
    previous = report.versions.order_by("-number").values_list("data", flat=True).first() or {}
    return ReportVersion.objects.create(
        report=report,
        number=report.version,
        event=event,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
        data=data,
        changes=diff(previous, data),
    )


# --- saving ------------------------------------------------------------------------------------


@dataclass
class NewFile:
    """An uploaded file already checked: what to store and how to show it."""

    upload: UploadedFile
    name: str
    content_type: str
    size: int
    sha256: str
    extension: str


def check_files(files: Iterable[UploadedFile]) -> list[NewFile]:
    """Check every file before anything is saved, so that one bad file refuses the whole save."""
    max_bytes = settings.MAX_UPLOAD_MB * 1024 * 1024
    checked = []
    for upload in files:
        try:
            kind = check_upload(upload.name, upload, upload.size, max_bytes=max_bytes)
        except FileRejected as exc:  # lib knows no domain error; the pages and the API know only it
            raise DomainError(str(exc)) from exc
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        checked.append(
            NewFile(
                upload,
                safe_filename(upload.name),
                kind.content_type,
                upload.size,
                digest.hexdigest(),
                kind.extension,
            )
        )
    return checked


def _refuse_duplicates(report: TaskReport, checked: Sequence[NewFile], *, removing: set[int]) -> None:
    """The same file twice as evidence of one report (uploaded again, or twice in one save) is
    refused by name rather than stored twice: the reviewer would count it as two proofs."""
    kept = {
        sha: name
        for sha, name, pk in Evidence.objects.filter(report=report)
        .exclude(sha256="")
        .values_list("sha256", "original_name", "pk")
        if pk not in removing
    }
    for item in checked:
        if item.sha256 in kept:
            raise DomainError(
                f"Tệp “{item.name}” trùng nội dung với minh chứng “{kept[item.sha256]}” đã có của báo cáo này; "
                "không cần tải lên lại."
            )
        kept[item.sha256] = item.name


def _clean_activity(data: Mapping[str, Any], report: TaskReport) -> Activity:
    activity = Activity(
        report=report,
        **{k: data.get(k) for k in Activity.FIELDS},
    )
    activity.channel = activity.channel or ""
    activity.link = activity.link or ""
    activity.normalize_text()  # bulk_create skips save(), where this normally happens
    activity.full_clean(exclude=["report"])
    return activity


@transaction.atomic
def report_save(
    *,
    actor,
    report: TaskReport,
    expected_version: int | None,
    fields: Mapping[str, Any],
    activities: Sequence[Mapping[str, Any]] | None = None,
    files: Iterable[UploadedFile] = (),
    links: Sequence[tuple[str, str]] = (),
    remove_evidence: Iterable[int] = (),
    submit: bool = False,
) -> TaskReport:
    """Save a report's text, its activities (the full new list when given) and new evidence.

    All or nothing: every file is checked and every activity validated before the first write,
    and everything happens in one transaction, so a refused file or a conflict leaves the
    report exactly as it was. With ``submit`` the report is also sent for review.
    """
    require(
        task_reports.can_edit(actor, report),
        "Báo cáo này không thể sửa: bạn không có quyền hoặc báo cáo đã được gửi, đã duyệt.",
    )
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise TypeError(f"unknown report fields: {sorted(unknown)}")
    checked = check_files(files)
    _refuse_duplicates(report, checked, removing=set(remove_evidence))
    for name, value in fields.items():
        setattr(report, name, nfc(value) if isinstance(value, str) else value)
    if report.progress == TaskReport.Progress.DONE and not report.completed_on:
        report.completed_on = timezone.localdate()
    if report.progress != TaskReport.Progress.DONE:
        report.completed_on = None
    report.full_clean(exclude=["task", "organization", "period", "submitted_by", "reviewed_by"])
    new_activities = [_clean_activity(a, report) for a in activities] if activities is not None else None
    link_rows = []
    for url, title in links:
        ev = Evidence(report=report, url=url, title=nfc(title), uploaded_by=actor)
        ev.full_clean(exclude=["report", "file", "uploaded_by"])
        link_rows.append(ev)

    claim(report, expected_version)
    report.save(update_fields=[*REPORT_FIELDS, "version", "updated_at"])
    if new_activities is not None:
        Activity.objects.filter(report=report).delete()
        Activity.objects.bulk_create(new_activities)
    removed = list(Evidence.objects.filter(report=report, pk__in=list(remove_evidence)))
    for ev in removed:
        ev.delete()  # the file itself stays in storage: earlier versions still name it
    for item in checked:
        ev = Evidence(
            report=report,
            original_name=item.name,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            uploaded_by=actor,
        )
        ev.file.save(f"{uuid.uuid4().hex}.{item.extension}", item.upload, save=False)
        ev.save()
    Evidence.objects.bulk_create(link_rows)
    _record(report, actor=actor, event=ReportVersion.Event.SAVED)
    audit(
        actor=actor,
        action="reports.report.saved",
        obj=report,
        changes={"version": [report.version - 1, report.version]},
    )
    if submit:
        report_submit(actor=actor, report=report, expected_version=report.version)
    return report


# --- the review workflow -----------------------------------------------------------------------


def _transition(report: TaskReport, *, to: str, event: str, **kwargs) -> None:
    """The review workflow's steps through the one transition of ``core.workflow``."""
    transition(
        report,
        to=to,
        event=event,
        action=f"reports.report.{event}",
        record=_record,
        **kwargs,
    )


@transaction.atomic
def report_submit(*, actor, report: TaskReport, expected_version: int | None) -> TaskReport:
    require(task_reports.can_submit(actor, report), "Bạn không thể gửi báo cáo này.")
    if not (report.results.strip() or Activity.objects.filter(report=report).exists()):
        raise DomainError("Hãy ghi kết quả thực hiện hoặc thêm ít nhất một hoạt động trước khi gửi.")
    now = timezone.now()
    _transition(
        report,
        actor=actor,
        expected_version=expected_version,
        allowed_from=TaskReport.EDITABLE_STATES,
        to=TaskReport.State.SUBMITTED,
        event=ReportVersion.Event.SUBMITTED,
        fields={"submitted_at": now, "submitted_by": actor, "first_submitted_at": report.first_submitted_at or now},
        notify=lambda: notify(
            unit_people(report.organization, Role.LEADER),
            kind="submitted",
            title=f"{report.organization} gửi báo cáo chờ duyệt",
            body=f"Nhiệm vụ: {report.task.title}\nKỳ: {report.period.label}",
            url=report.get_absolute_url(),
        ),
    )
    return report


@transaction.atomic
def report_accept(*, actor, report: TaskReport, expected_version: int | None) -> TaskReport:
    require(task_reports.can_accept(actor, report), "Chỉ lãnh đạo đơn vị mới duyệt được báo cáo đang chờ duyệt.")
    _transition(
        report,
        actor=actor,
        expected_version=expected_version,
        allowed_from=[TaskReport.State.SUBMITTED],
        to=TaskReport.State.ACCEPTED,
        event=ReportVersion.Event.ACCEPTED,
        fields={"reviewed_at": timezone.now(), "reviewed_by": actor, "return_reason": ""},
        notify=lambda: notify(
            [report.submitted_by] if report.submitted_by else [],
            kind="accepted",
            title="Báo cáo đã được duyệt",
            body=f"Nhiệm vụ: {report.task.title}\nKỳ: {report.period.label}",
            url=report.get_absolute_url(),
        ),
    )
    return report


@transaction.atomic
def report_withdraw(*, actor, report: TaskReport, expected_version: int | None) -> TaskReport:
    """Take a report sent for review back to draft before anyone reviews it.

    A report sent for the first time and withdrawn counts as never sent (the board's "đã gửi");
    one returned before keeps the date it was first sent.
    """
    require(task_reports.writes_for(actor, report), "Chỉ cán bộ của đơn vị mới rút lại được báo cáo đã gửi.")
    first = report.first_submitted_at
    _transition(
        report,
        actor=actor,
        expected_version=expected_version,
        allowed_from=[TaskReport.State.SUBMITTED],
        to=TaskReport.State.DRAFT,
        event=ReportVersion.Event.WITHDRAWN,
        fields={
            "submitted_at": None,
            "submitted_by": None,
            "first_submitted_at": None if first == report.submitted_at else first,
        },
    )
    return report


@dataclass
class BulkResult:
    """What happened to one report of a bulk acceptance."""

    report_id: int
    report: TaskReport | None
    accepted: bool
    code: str  # accepted, conflict, not_reviewable, forbidden, not_found, refused
    message: str


BULK_LIMIT = 200


def reports_accept_many(*, actor, items: Sequence[tuple[int, int | None]]) -> list[BulkResult]:
    """Accept each report at the version the reviewer saw, each in its own transaction.

    One report that changed meanwhile or is no longer waiting does not stop the others; the
    result says, report by report, what was done and why not.
    """
    if len(items) > BULK_LIMIT:
        raise DomainError(f"Mỗi lần duyệt được tối đa {vn_number(BULK_LIMIT)} báo cáo.")
    found = task_reports.visible(
        actor,
        TaskReport.objects.select_related(
            "task", "organization", "period", "period__plan", "period__plan__issuer", "submitted_by"
        ).filter(pk__in=[pk for pk, _ in items]),
    ).in_bulk()
    results = []
    for pk, version in dict(items).items():
        report = found.get(pk)
        if report is None:
            results.append(BulkResult(pk, None, False, "not_found", "Không tìm thấy báo cáo này."))
        elif report.state != TaskReport.State.SUBMITTED:
            results.append(
                BulkResult(
                    pk,
                    report,
                    False,
                    "not_reviewable",
                    f"Báo cáo không còn chờ duyệt (hiện “{report.get_state_display()}”).",
                )
            )
        elif not task_reports.can_accept(actor, report):
            results.append(BulkResult(pk, report, False, "forbidden", "Bạn không có quyền duyệt báo cáo này."))
        else:
            try:
                report_accept(actor=actor, report=report, expected_version=version)
            except Conflict:
                results.append(
                    BulkResult(
                        pk,
                        report,
                        False,
                        "conflict",
                        "Báo cáo vừa thay đổi (đơn vị sửa, rút lại hoặc gửi lại) sau khi bạn mở danh sách; "
                        "hãy xem lại trước khi duyệt.",
                    )
                )
            except DomainError as exc:
                results.append(BulkResult(pk, report, False, "refused", str(exc)))
            else:
                results.append(BulkResult(pk, report, True, "accepted", "Đã duyệt."))
    return results


def _reason(reason: str) -> str:
    reason = nfc(reason).strip()
    limit = TaskReport.text_limits["return_reason"]
    if len(reason) < 5:
        raise ValidationError({"reason": "Cần ghi rõ lý do (ít nhất 5 ký tự)."})
    if len(reason) > limit:  # refused, never cut: the writer would not know what was lost
        raise ValidationError({"reason": f"Lý do dài quá {vn_number(limit)} ký tự; hãy viết gọn lại."})
    if chars := printable.unprintable(reason):
        raise ValidationError({"reason": printable.message(chars)})
    return reason


@transaction.atomic
def report_return(*, actor, report: TaskReport, reason: str, expected_version: int | None) -> TaskReport:
    require(task_reports.can_return(actor, report), "Bạn không thể trả lại báo cáo này.")
    reason = _reason(reason)

    def tell_the_unit() -> None:
        recipients = unit_people(report.organization, Role.OFFICER)
        if report.submitted_by:
            recipients.append(report.submitted_by)
        notify(
            recipients,
            kind="returned",
            title="Báo cáo bị trả lại",
            body=f"Nhiệm vụ: {report.task.title}\nKỳ: {report.period.label}\nLý do: {reason}",
            url=report.get_absolute_url(),
        )

    _transition(
        report,
        actor=actor,
        expected_version=expected_version,
        allowed_from=[TaskReport.State.SUBMITTED],
        to=TaskReport.State.RETURNED,
        event=ReportVersion.Event.RETURNED,
        note=reason,
        fields={"reviewed_at": timezone.now(), "reviewed_by": actor, "return_reason": reason},
        notify=tell_the_unit,
    )
    return report


@transaction.atomic
def report_reopen(*, actor, report: TaskReport, reason: str, expected_version: int | None) -> TaskReport:
    require(
        task_reports.can_reopen(actor, report),
        "Chỉ lãnh đạo cấp trên của đơn vị mới mở lại được báo cáo đã duyệt.",
    )
    reason = _reason(reason)
    _transition(
        report,
        actor=actor,
        expected_version=expected_version,
        allowed_from=[TaskReport.State.ACCEPTED],
        to=TaskReport.State.RETURNED,
        event=ReportVersion.Event.REOPENED,
        note=reason,
        fields={"return_reason": reason},
        notify=lambda: notify(
            [
                *unit_people(report.organization, Role.OFFICER),
                *unit_people(report.organization, Role.LEADER),
            ],
            kind="reopened",
            title="Báo cáo đã duyệt được mở lại để sửa",
            body=f"Nhiệm vụ: {report.task.title}\nKỳ: {report.period.label}\nLý do: {reason}",
            url=report.get_absolute_url(),
        ),
    )
    return report
