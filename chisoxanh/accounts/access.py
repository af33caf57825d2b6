"""The access primitives the policies are built from.

A role held in an organisation reaches that organisation and its whole subtree. Each object
kind's rules are a :class:`Policy` in its app's ``policies.py``, written with :func:`reach_q`,
:func:`has_role` and :func:`ancestor_ids`; objects are fetched through ``policy.get``, which
gives a 404 for anything outside the user's reach so that nobody learns what exists elsewhere.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import Membership, Organization

_CACHE_ATTR = "_chisoxanh_grants"


@dataclass(frozen=True)
class Grant:
    organization_id: int
    path: str
    role: str
    kind: str = ""  # the organisation's Organization.Kind


def is_admin(user) -> bool:
    return bool(user and user.is_active and user.is_superuser)


def grants(user) -> tuple[Grant, ...]:
    """The user's roles with the paths of their organisations: one query, then cached."""
    if not (user and user.is_authenticated and user.is_active):
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = tuple(
            Grant(org_id, path, role, kind)
            for org_id, path, role, kind in Membership.objects.filter(
                user=user, organization__is_active=True
            ).values_list("organization_id", "organization__path", "role", "organization__kind")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def _roles(roles: Iterable[str]) -> set[str]:
    return {str(r) for r in roles}


def reach_q(user, *roles: str, path_field: str = "path") -> Q:
    """A filter matching the organisations the user's roles reach (any role when none given).

    ``path_field`` lets other models filter by a related organisation, for example
    ``reach_q(user, path_field="issuer__path")``.
    """
    wanted = _roles(roles)
    q = Q(pk__in=[])
    for grant in grants(user):
        if not wanted or grant.role in wanted:
            q |= Q(**{f"{path_field}__startswith": grant.path})
    return q


def ancestor_ids(user) -> set[int]:
    """Ids of the organisations above the user's own: they may read what those issue to them."""
    ids: set[int] = set()
    for grant in grants(user):
        ids.update(int(p) for p in grant.path.strip("/").split("/")[:-1] if p)
    return ids


def has_role(user, organization: Organization | None, *roles: str) -> bool:
    """Whether one of ``roles`` (any role when none given) reaches ``organization``."""
    if organization is None:
        return False
    wanted = _roles(roles)
    return any(organization.path.startswith(g.path) and (not wanted or g.role in wanted) for g in grants(user))


def holds_role(user, *roles: str) -> bool:
    """Whether the user holds one of ``roles`` anywhere (the aggregator's pages are one per role)."""
    wanted = _roles(roles)
    return any(g.role in wanted for g in grants(user))


def holds_role_above_units(user, *roles: str) -> bool:
    """Whether one of ``roles`` is held in an agency, a commune or the province, not inside a
    unit: plans are issued there, so only such a role can reach a plan's issuer (its board, its
    result report)."""
    wanted = _roles(roles)
    return any(g.role in wanted and g.kind not in Organization.UNIT_KINDS for g in grants(user))


def require(allowed: bool, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
    """Refuse an action on an object the user can see but may not change (403)."""
    if not allowed:
        raise PermissionDenied(message)


M = TypeVar("M", bound=Model)


class Policy(ABC, Generic[M]):
    """One object kind's access rules: which objects a user sees, as a queryset
    (:meth:`visible`) and for one object in memory (:meth:`can_see`), and what they may do to it
    (the ``can_*`` predicates of each subclass).

    Each kind has one policy, in its app's ``policies.py``; services, selectors, pages, the API
    and the command line all ask it, so a rule is written once. The queryset and the predicate
    are tested to agree for every persona and state (``tests/test_policies_agree.py``).
    Administrators see everything.
    """

    model: type[M]
    not_found = "Không tìm thấy hoặc bạn không có quyền xem."

    @abstractmethod
    def reach(self, user, queryset: QuerySet[M]) -> QuerySet[M]:
        """``queryset`` narrowed to what a user who is not an administrator sees."""

    @abstractmethod
    def can_see(self, user, obj: M) -> bool:
        """The rule of :meth:`visible` for one object in memory (administrators included)."""

    def visible(self, user, queryset: QuerySet[M] | None = None) -> QuerySet[M]:
        queryset = self.model._default_manager.all() if queryset is None else queryset
        return queryset if is_admin(user) else self.reach(user, queryset)

    def get(self, user, queryset: QuerySet[M] | None = None, **lookup: Any) -> M:
        """The object if the user may see it, otherwise :class:`Http404` — never 403, so that
        nobody learns what exists outside their reach."""
        try:
            return self.visible(user, queryset).get(**lookup)
        except (self.model.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404(self.not_found) from exc
