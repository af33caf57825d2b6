"""Reminders before and after the units' deadline, and escalation to leaders and the Office.

Each reminder step of each report is logged once (``ReminderLog`` has a unique key on report and
step), so running ``chisoxanh remind`` twice a day, or on two machines at once, never sends the
same reminder twice. People get one digest per run, not one message per task.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.urls import reverse

from chisoxanh.accounts.access import require
from chisoxanh.accounts.models import Role
from chisoxanh.core.audit import audit
from chisoxanh.core.workflow import DomainError
from chisoxanh.lib.dates import page_date
from chisoxanh.lib.status import days_left
from chisoxanh.plans.models import Plan

from .models import Notification, Period, ReminderLog, TaskReport
from .notifications import members_with_role, notify, unit_people
from .policies import boards
from .services import periods_open_current


@dataclass
class RunSummary:
    reports_created: int = 0
    reminded: int = 0
    overdue: int = 0
    escalated: int = 0
    notifications: int = 0
    steps: list[tuple[int, str]] = field(default_factory=list)


def _step_for(report: TaskReport, deadline: dt.date, today: dt.date) -> str | None:
    left = days_left(deadline, today)
    if left >= 0:
        return f"before-{left}" if left in report.period.plan.reminder_day_list else None
    late = -left
    # Overdue reminders on the first day late, then once a week.
    return f"overdue-{late}" if late == 1 or late % 7 == 0 else None


def _line(report: TaskReport, deadline: dt.date, today: dt.date) -> str:
    left = days_left(deadline, today)
    when = f"còn {left} ngày" if left > 0 else "hạn hôm nay" if left == 0 else f"quá hạn {-left} ngày"
    return f"- {report.organization}: {report.task.title} — hạn {page_date(deadline)} ({when})"


def _open_reports(today: dt.date, period: Period | None = None):
    qs = TaskReport.objects.filter(
        state__in=TaskReport.EDITABLE_STATES,
        period__opened_at__isnull=False,
        period__plan__status=Plan.Status.ACTIVE,
    ).select_related("task", "organization", "period", "period__plan", "period__plan__issuer")
    if period is not None:
        qs = qs.filter(period=period)
    else:
        # Periods whose units' deadline is at most 60 days ahead and whose agency deadline has
        # not long passed: older periods are the Office's business, not the reminders'.
        qs = qs.filter(
            period__unit_due_date__lte=today + dt.timedelta(days=60),
            period__due_date__gte=today - dt.timedelta(days=60),
        )
    return list(qs)


def _send_digests(lines_by_user: dict, users: dict, *, kind: str, title: str) -> int:
    count = 0
    for user_id, lines in lines_by_user.items():
        notify(
            [users[user_id]],
            kind=kind,
            title=title,
            body="\n".join(sorted(set(lines))),
            # Escalations may span several periods and boards: their own page lists the lines.
            url=reverse("my-work") if kind != Notification.Kind.ESCALATION else "",
        )
        count += 1
    return count


@transaction.atomic
def run_reminders(*, today: dt.date) -> RunSummary:
    """The daily run: open the periods that have begun, then remind, warn and escalate."""
    summary = RunSummary(reports_created=periods_open_current(today=today))
    reports = _open_reports(today)
    sent = set(ReminderLog.objects.filter(report__in=reports).values_list("report_id", "step"))
    logs: list[ReminderLog] = []
    remind: dict[int, list[str]] = defaultdict(list)
    escalate: dict[int, list[str]] = defaultdict(list)
    users: dict[int, object] = {}
    people_cache: dict[tuple[int, str], list] = {}

    def people(org, role, exact_unit=True):
        key = (org.pk, role)
        if key not in people_cache:
            people_cache[key] = unit_people(org, role) if exact_unit else list(members_with_role(org, role))
        return people_cache[key]

    for report in reports:
        deadline = report.deadline()
        line = _line(report, deadline, today)
        step = _step_for(report, deadline, today)
        if step and (report.pk, step) not in sent:
            logs.append(ReminderLog(report=report, step=step, sent_on=today))
            for user in people(report.organization, Role.OFFICER):
                users[user.pk] = user
                remind[user.pk].append(line)
            if step.startswith("overdue"):
                summary.overdue += 1
            else:
                summary.reminded += 1
        late = -days_left(deadline, today)
        if late >= report.period.plan.escalate_after_days and (report.pk, "escalated") not in sent:
            logs.append(ReminderLog(report=report, step="escalated", sent_on=today))
            summary.escalated += 1
            targets = [
                *people(report.organization, Role.LEADER),
                *members_with_role(report.period.plan.issuer, Role.COORDINATOR, exact=True),
            ]
            for user in targets:
                users[user.pk] = user
                escalate[user.pk].append(line)
    # The logs go in first: if another run got here first, the unique key fails this whole
    # transaction and nothing is sent twice.
    ReminderLog.objects.bulk_create(logs)
    summary.steps = [(log.report_id, log.step) for log in logs]
    summary.notifications += _send_digests(
        remind, users, kind=Notification.Kind.REMINDER, title="Nhắc hạn báo cáo thực hiện nhiệm vụ"
    )
    summary.notifications += _send_digests(
        escalate,
        users,
        kind=Notification.Kind.ESCALATION,
        title="Đơn vị chậm báo cáo thực hiện nhiệm vụ",
    )
    return summary


def remind_overdue_now(*, period: Period, today: dt.date, actor=None) -> int:
    """Remind, today, every unit of ``period`` with an overdue report (the board's button).

    Returns the number of units reminded; a unit already reminded by hand today is skipped.
    """
    reports = [r for r in _open_reports(today, period) if days_left(r.deadline(), today) < 0]
    step = f"manual-{today.isoformat()}"
    done = set(ReminderLog.objects.filter(report__in=reports, step=step).values_list("report_id", flat=True))
    reports = [r for r in reports if r.pk not in done]
    ReminderLog.objects.bulk_create(ReminderLog(report=r, step=step, sent_on=today) for r in reports)
    lines: dict[int, list[str]] = defaultdict(list)
    users: dict[int, object] = {}
    for report in reports:
        for user in unit_people(report.organization, Role.OFFICER):
            users[user.pk] = user
            lines[user.pk].append(_line(report, report.deadline(), today))
    _send_digests(lines, users, kind=Notification.Kind.OVERDUE, title="Văn phòng nhắc: báo cáo đã quá hạn")
    return len({r.organization_id for r in reports})


def remind_late_units(*, actor, period: Period, today: dt.date) -> int:
    """The Office's one click: remind the units whose reports are overdue (once a day)."""
    require(boards.can_remind(actor, period), "Chỉ Văn phòng hoặc lãnh đạo cơ quan mới gửi nhắc nhở.")
    try:
        with transaction.atomic():
            count = remind_overdue_now(period=period, today=today, actor=actor)
    except IntegrityError as exc:  # two clicks at once: the second finds the first's log rows
        raise DomainError("Đã gửi nhắc nhở hôm nay.") from exc
    audit(actor=actor, action="reports.period.reminded", obj=period, changes={"units": [None, count]})
    return count
