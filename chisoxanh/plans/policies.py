"""Who sees and manages plans and tasks.

The rule "the Office of the issuing organisation manages what it issues" (:func:`manages`) is
also the rule for importing a plan and compiling its result report, so the apps above ask it
here rather than writing it again.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from chisoxanh.accounts.access import Policy, ancestor_ids, grants, has_role, holds_role_above_units, is_admin, reach_q
from chisoxanh.accounts.models import Organization, Role

from .models import Assignment, Plan, Task


def manages(user, issuer: Organization | None) -> bool:
    """Coordinators (the Office) of ``issuer``, or of an organisation above it, manage the plans
    it issues: create, edit, import, open periods, compile and edit result reports."""
    return is_admin(user) or has_role(user, issuer, Role.COORDINATOR)


def manages_any(user) -> bool:
    """Whether the user is the Office of some organisation that issues plans (the rule of
    :func:`manages` for at least one issuer; administrators manage everything but are no Office)."""
    return holds_role_above_units(user, Role.COORDINATOR)


def issuers_for(user) -> QuerySet[Organization]:
    """The organisations in whose name the user may issue a plan (the rule of :func:`manages`)."""
    qs = Organization.objects.filter(is_active=True).exclude(kind__in=Organization.UNIT_KINDS)
    return qs if is_admin(user) else qs.filter(reach_q(user, Role.COORDINATOR))


class PlanPolicy(Policy[Plan]):
    """A plan is read by:

    - the people of the issuing organisation and those above it;
    - the organisations below the issuer (a province's plan reaches its agencies);
    - the organisations it assigns a task to, or reports to.
    """

    model = Plan

    def reach(self, user, queryset: QuerySet[Plan]) -> QuerySet[Plan]:
        # Sub-queries of ids rather than joins: with a nation of organisations, an OR across joined
        # paths made PostgreSQL hash every organisation and test every plan (see bench/).
        reached = Organization.objects.filter(reach_q(user)).values("pk")
        assigned = Assignment.objects.filter(organization__in=reached).values("task__plan_id")
        return queryset.filter(
            Q(issuer__in=reached)
            | Q(issuer_id__in=ancestor_ids(user))
            | Q(report_recipient__in=reached)
            | Q(pk__in=assigned)
        )

    def can_see(self, user, obj: Plan) -> bool:
        return (
            is_admin(user)
            or has_role(user, obj.issuer)
            or obj.issuer_id in ancestor_ids(user)
            or has_role(user, obj.report_recipient)
            or any(
                has_role(user, a.organization)
                for a in Assignment.objects.filter(task__plan=obj).select_related("organization")
            )
        )

    def lists_any(self, user) -> bool:
        """Whether the plan list can show the user anything: every role reaches some plans."""
        return is_admin(user) or bool(grants(user))

    def can_create(self, user, issuer: Organization) -> bool:
        return manages(user, issuer)

    def can_edit(self, user, obj: Plan) -> bool:
        """Edit the plan, add and edit its tasks, open its periods."""
        return manages(user, obj.issuer)


class TaskPolicy(Policy[Task]):
    """A task is read by whoever may read its plan and edited by whoever may edit it."""

    model = Task

    def reach(self, user, queryset: QuerySet[Task]) -> QuerySet[Task]:
        return queryset.filter(plan__in=plans.visible(user))

    def can_see(self, user, obj: Task) -> bool:
        return plans.can_see(user, obj.plan)

    def can_edit(self, user, obj: Task) -> bool:
        return plans.can_edit(user, obj.plan)


plans = PlanPolicy()
tasks = TaskPolicy()
