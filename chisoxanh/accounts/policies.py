"""Who sees which organisation, and whose account details a user may change."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from .access import Policy, ancestor_ids, grants, has_role, is_admin, reach_q
from .models import Organization


class OrganizationPolicy(Policy[Organization]):
    """The subtrees of the user's organisations, and the organisations above them (a unit sees
    its agency and province, whose plans reach it)."""

    model = Organization

    def reach(self, user, queryset: QuerySet[Organization]) -> QuerySet[Organization]:
        return queryset.filter(reach_q(user) | Q(pk__in=ancestor_ids(user)))

    def can_see(self, user, obj: Organization) -> bool:
        return is_admin(user) or has_role(user, obj) or obj.pk in ancestor_ids(user)

    def lists_any(self, user) -> bool:
        """Whether the list of organisations can show the user anything: every role reaches one."""
        return is_admin(user) or bool(grants(user))


class UserPolicy(Policy):
    """A person's account details (e-mail address, how notifications reach them) are theirs:
    only they and the administrators (who manage users in ``/quan-tri/``) see or change them.
    Leaders and the Office manage work, not other people's mailboxes."""

    model = get_user_model()

    def reach(self, user, queryset: QuerySet) -> QuerySet:
        return queryset.filter(pk=user.pk) if user.is_authenticated else queryset.none()

    def can_see(self, user, obj) -> bool:
        return is_admin(user) or (user.is_authenticated and user.is_active and user.pk == obj.pk)

    def can_edit_contact(self, user, obj) -> bool:
        return self.can_see(user, obj)


organizations = OrganizationPolicy()
users = UserPolicy()
