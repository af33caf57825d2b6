"""The access helpers every view, API endpoint and command goes through.

A role held in an organisation reaches that organisation and its whole subtree. Objects are
fetched with :func:`get_for_user`, which gives a 404 for anything outside the user's reach so
that nobody learns what exists elsewhere. Models that can be fetched this way give their
querysets a ``visible_to(user)`` method built from :func:`reach_q` and :func:`ancestor_ids`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import Membership, Organization, Role

_CACHE_ATTR = "_chisoxanh_grants"


@dataclass(frozen=True)
class Grant:
    organization_id: int
    path: str
    role: str


def is_admin(user) -> bool:
    return bool(user and user.is_active and user.is_superuser)


def grants(user) -> tuple[Grant, ...]:
    """The user's roles with the paths of their organisations: one query, then cached."""
    if not (user and user.is_authenticated and user.is_active):
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = tuple(
            Grant(org_id, path, role)
            for org_id, path, role in Membership.objects.filter(user=user, organization__is_active=True).values_list(
                "organization_id", "organization__path", "role"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user) -> None:
    """Drop the cached roles (after memberships change in the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


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


def get_for_user(user, queryset: QuerySet | type[Model], **lookup: Any) -> Any:
    """The object if the user may see it, otherwise :class:`Http404` (never 403)."""
    if isinstance(queryset, type):
        queryset = queryset.objects.all()
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy hoặc bạn không có quyền xem.") from exc


def require(allowed: bool, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
    """Refuse an action on an object the user can see but may not change (403)."""
    if not allowed:
        raise PermissionDenied(message)


# Roles that may see every unit of an agency for monitoring purposes.
MONITORING_ROLES = (Role.LEADER, Role.COORDINATOR, Role.AGGREGATOR, Role.VIEWER)
