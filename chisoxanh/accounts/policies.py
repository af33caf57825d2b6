"""Who sees which organisation."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .access import Policy, ancestor_ids, has_role, is_admin, reach_q
from .models import Organization


class OrganizationPolicy(Policy[Organization]):
    """The subtrees of the user's organisations, and the organisations above them (a unit sees
    its agency and province, whose plans reach it)."""

    model = Organization

    def reach(self, user, queryset: QuerySet[Organization]) -> QuerySet[Organization]:
        return queryset.filter(reach_q(user) | Q(pk__in=ancestor_ids(user)))

    def can_see(self, user, obj: Organization) -> bool:
        return is_admin(user) or has_role(user, obj) or obj.pk in ancestor_ids(user)


organizations = OrganizationPolicy()
