"""What the overview shows people who write reports but may not open the board, and the board
each role opens first.

The overview used to list boards only, and a board is the Office's and the leaders' (the rule
of ``policies.boards``): an officer whose unit had the 2026 period open was told "Chưa có kỳ báo
cáo nào đang mở". Here the same period is shown as the share of it the user's units report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Subquery

from chisoxanh.accounts.access import reach_q
from chisoxanh.accounts.models import Organization, Role
from chisoxanh.lib.status import Tally
from chisoxanh.plans.models import Plan

from .models import Period, TaskReport
from .policies import boards, task_reports
from .selectors import Counts, report_status


@dataclass
class UnitShare:
    """The reports one period expects of the user's units: their counts and statuses."""

    period: Period
    units: list[Organization] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    tally: Tally = field(default_factory=Tally)


def unit_shares(user, *, today: dt.date) -> list[UnitShare]:
    """For each active plan in which the user writes reports and whose board they may not open,
    its current opened period with their units' reports counted. One query."""
    current = (
        Period.objects.filter(plan=OuterRef("period__plan"), opened_at__isnull=False)
        .order_by("-year", "-number")
        .values("pk")[:1]
    )
    reports = (
        task_reports.writable(user, TaskReport.objects.all())
        .filter(period__plan__status=Plan.Status.ACTIVE, period=Subquery(current))
        .exclude(period__plan__in=boards.plans(user, Plan.objects.all()).values("pk"))
        .select_related("task", "organization", "period", "period__plan", "period__plan__issuer")
        .defer("results", "difficulties", "proposals", "return_reason", "task__content", "task__outputs")
        .order_by("-period__year", "period__plan__issuer__depth", "period__plan_id", "organization__path")
    )
    shares: dict[int, UnitShare] = {}
    for report in reports:
        share = shares.setdefault(report.period_id, UnitShare(report.period))
        if report.organization not in share.units:
            share.units.append(report.organization)
        status = report_status(report, today)
        share.counts.add(report, status)
        share.tally.add(status)
    return list(shares.values())


def current_board(user) -> Period | None:
    """The board the Office (and a leader or viewer of an agency) opens first: the newest opened
    period of an active plan issued by an organisation their role reaches — their own agency's
    plan, not one reporting to them — the plan issued nearest to them first."""
    own = reach_q(user, Role.COORDINATOR, Role.LEADER, Role.VIEWER, path_field="plan__issuer__path")
    return (
        boards.visible(user, Period.objects.filter(plan__status=Plan.Status.ACTIVE))
        .filter(own)
        .select_related("plan")
        .order_by("-year", "-number", "-plan__issuer__depth", F("plan__issued_on").desc(nulls_last=True), "-plan_id")
        .first()
    )
