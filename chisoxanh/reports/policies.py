"""Who reads and reviews task reports and their evidence, and who opens a period's board."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from chisoxanh.accounts.access import Policy, has_role, holds_role, holds_role_above_units, is_admin, reach_q
from chisoxanh.accounts.models import Organization, Role
from chisoxanh.plans.models import Plan
from chisoxanh.plans.policies import manages

from .models import Evidence, Period, TaskReport


def _reached(user, *roles: str) -> QuerySet[Organization]:
    """Ids of the organisations the user's ``roles`` reach, as a sub-query: the database starts
    from these few rows instead of testing the path of every report's unit (SQLite cannot use
    an index for a path prefix at all)."""
    return Organization.objects.filter(reach_q(user, *roles)).values("pk")


class TaskReportPolicy(Policy[TaskReport]):
    """A task report is read by:

    - its own unit and everyone whose role reaches the unit;
    - everyone whose role reaches the plan's issuer (the Office and the agency's leaders watch
      every unit);
    - the aggregators of the organisation the plan reports to.

    Officers and leaders of the unit write it while it is a draft or returned; the unit's leader
    accepts it; the leader or the issuer's Office returns it; a leader above the unit reopens
    an accepted one.
    """

    model = TaskReport

    def reach(self, user, queryset: QuerySet[TaskReport]) -> QuerySet[TaskReport]:
        reached = _reached(user)
        plans = Plan.objects.filter(
            Q(issuer__in=reached) | Q(report_recipient__in=_reached(user, Role.AGGREGATOR))
        ).values("pk")
        return queryset.filter(
            Q(organization__in=reached) | Q(period__in=Period.objects.filter(plan__in=plans).values("pk"))
        )

    def can_see(self, user, obj: TaskReport) -> bool:
        plan = obj.period.plan
        return (
            is_admin(user)
            or has_role(user, obj.organization)
            or has_role(user, plan.issuer)
            or has_role(user, plan.report_recipient, Role.AGGREGATOR)
        )

    def writable(self, user, queryset: QuerySet[TaskReport]) -> QuerySet[TaskReport]:
        """The reports of the units whose reports the user writes (any state: "my work" shows the
        sent ones as waiting)."""
        return queryset.filter(organization__in=_reached(user, Role.OFFICER, Role.LEADER))

    def can_edit(self, user, obj: TaskReport) -> bool:
        return obj.is_editable and (is_admin(user) or has_role(user, obj.organization, Role.OFFICER, Role.LEADER))

    can_submit = can_edit

    def writes_for(self, user, obj: TaskReport) -> bool:
        """Whether the user writes the reports of the report's unit, whatever its state."""
        return is_admin(user) or has_role(user, obj.organization, Role.OFFICER, Role.LEADER)

    def can_withdraw(self, user, obj: TaskReport) -> bool:
        """A writer of the unit takes back a report sent for review, until it is reviewed."""
        return obj.state == TaskReport.State.SUBMITTED and self.writes_for(user, obj)

    def writes_any(self, user) -> bool:
        """Whether :meth:`writable` can give the user anything ("Việc của tôi" in the menu)."""
        return holds_role(user, Role.OFFICER, Role.LEADER)

    def reviews_any(self, user) -> bool:
        """Whether :meth:`reviewable` can give the user anything (the review queue in the menu)."""
        return holds_role(user, Role.LEADER)

    def reviewable(self, user, queryset: QuerySet[TaskReport]) -> QuerySet[TaskReport]:
        """The reports waiting for this user's decision: the rule of :meth:`can_accept`."""
        return queryset.filter(state=TaskReport.State.SUBMITTED, organization__in=_reached(user, Role.LEADER))

    def can_accept(self, user, obj: TaskReport) -> bool:
        return obj.state == TaskReport.State.SUBMITTED and (
            is_admin(user) or has_role(user, obj.organization, Role.LEADER)
        )

    def can_return(self, user, obj: TaskReport) -> bool:
        """The unit's leader, or the Office of the issuing agency."""
        return obj.state == TaskReport.State.SUBMITTED and (
            has_role(user, obj.organization, Role.LEADER) or manages(user, obj.period.plan.issuer)
        )

    def can_reopen(self, user, obj: TaskReport) -> bool:
        """Only a leader above the unit reopens an accepted report."""
        parent = obj.organization.parent
        return obj.state == TaskReport.State.ACCEPTED and (
            is_admin(user) or (parent is not None and has_role(user, parent, Role.LEADER))
        )


class EvidencePolicy(Policy[Evidence]):
    """Evidence is read by whoever may read its report."""

    model = Evidence

    def reach(self, user, queryset: QuerySet[Evidence]) -> QuerySet[Evidence]:
        return queryset.filter(report__in=task_reports.visible(user).values("pk"))

    def can_see(self, user, obj: Evidence) -> bool:
        return task_reports.can_see(user, obj.report)


class BoardPolicy(Policy[Period]):
    """The board of an opened period is open to the coordinators, leaders and viewers of the
    plan's issuer (and above), and to the aggregators of the organisation it reports to."""

    model = Period
    not_found = "Không tìm thấy kỳ báo cáo."

    def visible(self, user, queryset: QuerySet[Period] | None = None) -> QuerySet[Period]:
        queryset = Period.objects.all() if queryset is None else queryset
        return super().visible(user, queryset.filter(opened_at__isnull=False))

    def reach(self, user, queryset: QuerySet[Period]) -> QuerySet[Period]:
        return queryset.filter(
            reach_q(user, Role.COORDINATOR, Role.LEADER, Role.VIEWER, path_field="plan__issuer__path")
            | reach_q(user, Role.AGGREGATOR, path_field="plan__report_recipient__path")
        )

    def can_see(self, user, obj: Period) -> bool:
        plan = obj.plan
        return obj.opened_at is not None and (
            is_admin(user)
            or has_role(user, plan.issuer, Role.COORDINATOR, Role.LEADER, Role.VIEWER)
            or has_role(user, plan.report_recipient, Role.AGGREGATOR)
        )

    def get(self, user, queryset: QuerySet[Period] | None = None, **lookup) -> Period:
        """Fetched by key and checked in memory: the board is the page reloaded most, and building
        the reach filter cost more than the rest of a cached board request."""
        queryset = Period.objects.all() if queryset is None else queryset
        try:
            # get(), not first(): first() would order by the model's ordering, which joins plans again.
            period = queryset.select_related("plan", "plan__issuer", "plan__report_recipient").get(**lookup)
        except (Period.DoesNotExist, ValueError, TypeError):
            period = None
        if period is None or not self.can_see(user, period):
            raise Http404(self.not_found)
        return period

    def plans(self, user, queryset: QuerySet[Plan]) -> QuerySet[Plan]:
        """``queryset`` narrowed to the plans whose boards the rule above opens (for the overview,
        which lists plans rather than periods)."""
        if is_admin(user):
            return queryset
        return queryset.filter(
            Q(issuer__in=_reached(user, Role.COORDINATOR, Role.LEADER, Role.VIEWER))
            | Q(report_recipient__in=_reached(user, Role.AGGREGATOR))
        )

    def opens_own(self, user) -> bool:
        """Whether the user may open boards of plans issued where they work (not only those
        reporting to them): a plan's issuer is an agency, a commune or the province, never a unit.
        The menu's "Bảng theo dõi" and the Office's first page ask this."""
        return holds_role_above_units(user, Role.COORDINATOR, Role.LEADER, Role.VIEWER)

    def opens_any(self, user) -> bool:
        return is_admin(user) or self.opens_own(user) or holds_role(user, Role.AGGREGATOR)

    def can_remind(self, user, obj: Period) -> bool:
        return is_admin(user) or has_role(user, obj.plan.issuer, Role.COORDINATOR, Role.LEADER)


task_reports = TaskReportPolicy()
evidence = EvidencePolicy()
boards = BoardPolicy()
