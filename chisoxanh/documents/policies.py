"""Who reads and moves result reports, who imports plans, and who opens the aggregation."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from chisoxanh.accounts.access import Policy, has_role, holds_role, holds_role_above_units, is_admin, reach_q
from chisoxanh.accounts.models import Organization, Role
from chisoxanh.plans.models import Plan
from chisoxanh.plans.policies import manages

from .models import PlanImport, ResultReport

_DELIVERED = (ResultReport.State.SENT, ResultReport.State.RECEIVED)


class ResultReportPolicy(Policy[ResultReport]):
    """A result report is read by the leaders, coordinators and viewers of its agency (and
    above), and by the recipient's people once it is sent. The agency's Office composes and edits
    the draft; its head (a leader whose role reaches the agency itself) approves it or returns it
    to the Office, which edits it and submits it again; the Office or a leader sends; the
    recipient's aggregators confirm receipt."""

    model = ResultReport

    def reach(self, user, queryset: QuerySet[ResultReport]) -> QuerySet[ResultReport]:
        return queryset.filter(
            reach_q(user, Role.LEADER, Role.COORDINATOR, Role.VIEWER, path_field="agency__path")
            | (reach_q(user, path_field="recipient__path") & Q(state__in=_DELIVERED))
        )

    def can_see(self, user, obj: ResultReport) -> bool:
        return (
            is_admin(user)
            or has_role(user, obj.agency, Role.LEADER, Role.COORDINATOR, Role.VIEWER)
            or (has_role(user, obj.recipient) and obj.state in _DELIVERED)
        )

    def lists_any(self, user) -> bool:
        """Whether the list of result reports can show the user anything (the menu asks): the
        agency's own people above its units, and the recipients' aggregators."""
        return (
            is_admin(user)
            or holds_role_above_units(user, Role.LEADER, Role.COORDINATOR, Role.VIEWER)
            or holds_role(user, Role.AGGREGATOR)
        )

    def can_compose(self, user, agency: Organization) -> bool:
        """Start the agency's result report, or bring its figures up to date."""
        return manages(user, agency)

    def can_edit(self, user, obj: ResultReport) -> bool:
        """The Office writes the draft, also once the head has returned it."""
        return obj.state in ResultReport.EDITABLE and manages(user, obj.agency)

    def can_approve(self, user, obj: ResultReport) -> bool:
        return obj.state == ResultReport.State.DRAFT and self._signs(user, obj)

    def can_return(self, user, obj: ResultReport) -> bool:
        """Whoever may sign the draft may send it back to the Office instead."""
        return self.can_approve(user, obj)

    def can_resubmit(self, user, obj: ResultReport) -> bool:
        return obj.state == ResultReport.State.RETURNED and manages(user, obj.agency)

    def can_refresh(self, user, obj: ResultReport) -> bool:
        """Take today's figures into the draft: the Office, and the head about to sign it (the
        Office's texts are kept either way, so the head need not wait for the Office to sign)."""
        return self.can_edit(user, obj) or self.can_approve(user, obj)

    @staticmethod
    def _signs(user, obj: ResultReport) -> bool:
        return is_admin(user) or has_role(user, obj.agency, Role.LEADER)

    def can_send(self, user, obj: ResultReport) -> bool:
        return obj.state == ResultReport.State.APPROVED and (
            is_admin(user) or has_role(user, obj.agency, Role.COORDINATOR, Role.LEADER)
        )

    def can_receive(self, user, obj: ResultReport) -> bool:
        return obj.state == ResultReport.State.SENT and (
            is_admin(user) or has_role(user, obj.recipient, Role.AGGREGATOR)
        )


class PlanImportPolicy(Policy[PlanImport]):
    """An import is seen by the person who uploaded it and by the Office of its issuer, which
    alone starts and confirms one (the rule of :func:`plans.policies.manages`)."""

    model = PlanImport

    def reach(self, user, queryset: QuerySet[PlanImport]) -> QuerySet[PlanImport]:
        return queryset.filter(Q(uploaded_by=user) | reach_q(user, Role.COORDINATOR, path_field="issuer__path"))

    def can_see(self, user, obj: PlanImport) -> bool:
        return is_admin(user) or obj.uploaded_by_id == user.pk or has_role(user, obj.issuer, Role.COORDINATOR)

    def can_start(self, user, issuer: Organization) -> bool:
        return manages(user, issuer)

    def can_confirm(self, user, obj: PlanImport) -> bool:
        return manages(user, obj.issuer)


class AggregationPolicy:
    """The aggregation pages are for aggregators (and administrators); each sees the plans that
    report to an organisation their aggregator role reaches."""

    def can_open(self, user) -> bool:
        return is_admin(user) or holds_role(user, Role.AGGREGATOR)

    def plans(self, user, queryset: QuerySet[Plan]) -> QuerySet[Plan]:
        if is_admin(user):
            return queryset.filter(report_recipient__isnull=False)
        return queryset.filter(reach_q(user, Role.AGGREGATOR, path_field="report_recipient__path"))


result_reports = ResultReportPolicy()
plan_imports = PlanImportPolicy()
aggregation = AggregationPolicy()
