"""The audit trail: one function every service calls after a change. Each entry also records
the channel the change came through (``core.channel``)."""

from __future__ import annotations

from typing import Any

from django.db import models

from . import channel
from .models import AuditEntry


def audit(*, actor, action: str, obj: models.Model, changes: dict[str, Any] | None = None) -> AuditEntry:
    """Record that ``actor`` did ``action`` (a dotted code such as ``plans.plan.updated``)."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
        channel=channel.current(),
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields that changed, as ``{field: [old, new]}`` with JSON-safe values."""
    return {
        key: [jsonable(before.get(key)), jsonable(value)] for key, value in after.items() if before.get(key) != value
    }


def jsonable(value: Any) -> Any:
    """Keep JSON's own types (lists and dicts included); anything else becomes its text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return str(value)
