"""The board caches: their keys and their invalidation, in one place.

Everything the Office board shows for a period — its data, its totals on the overview, its
rendered body, its result report's link, the whole page per user (``web/pagecache.py``) — is
cached under the period's ``revision``. The revision must move whenever anything a board shows
changes, so it is moved by signals rather than by calls in each service: a forgotten call would
show a stale board on deadline day, and every ``save()`` and ``delete()`` goes through here
whoever makes it. The paths that skip signals (``bulk_create``, ``QuerySet.update``) call
:func:`invalidate` themselves. An app above this one whose objects a board shows registers them
with :func:`watch` (documents: the result report).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import F, Model, QuerySet
from django.db.models.signals import post_delete, post_save

from chisoxanh.accounts.models import Organization
from chisoxanh.pgi.models import Subindex
from chisoxanh.plans.models import Plan, Task

from .models import Period, TaskReport

TIMEOUT = 24 * 3600
T = TypeVar("T")


def key(kind: str, period: Period, *parts: Any) -> str:
    """The key of one cached piece of ``period``'s board: a new revision is a new key, so an
    old copy is never read again (it ages out of the bounded cache)."""
    return ":".join(["board", kind, str(period.pk), str(period.revision), *(str(p) for p in parts)])


def get_or_compute(kind: str, period: Period, parts: Iterable[Any], compute: Callable[[], T]) -> T:
    """The cached piece, or ``compute()`` kept for the next request. ``period`` must have been
    fetched in this request, so that its revision is current."""
    k = key(kind, period, *parts)
    value = cache.get(k)
    if value is None:
        value = compute()
        cache.set(k, value, timeout=TIMEOUT)
    return value


def page_revision(period: Period, today: dt.date) -> tuple:
    """What a whole cached board page depends on besides the user (``web/pagecache.py``)."""
    return ("board", period.pk, period.revision, today.isoformat())


def invalidate(periods: QuerySet[Period]) -> None:
    """Move the revision of ``periods``: every cached piece of their boards is then out of date."""
    periods.update(revision=F("revision") + 1)


def watch(model: type[Model], periods_of: Callable[[Any], QuerySet[Period] | None], *, on=("save", "delete")) -> None:
    """Invalidate the boards ``periods_of(instance)`` whenever a ``model`` row is saved (or deleted)."""

    def changed(sender, instance, **kwargs) -> None:
        periods = periods_of(instance)
        if periods is not None:
            invalidate(periods)

    for name in on:
        signal = {"save": post_save, "delete": post_delete}[name]
        # weak=False: the handler is a closure that nothing else holds.
        signal.connect(changed, sender=model, weak=False, dispatch_uid=f"board-{model._meta.label_lower}-{name}")


def _reporting_under(instance: Organization) -> QuerySet[Period] | None:
    # A rename or a move (which also re-numbers the subtree's depth) reorders and relabels the
    # rows of every board where the unit or one of its sub-units reports.
    if not instance.path:
        return None
    reporting = TaskReport.objects.filter(organization__path__startswith=instance.path).values("period_id")
    return Period.objects.filter(pk__in=reporting)


def connect() -> None:
    """Watch what this app and the apps below it show on a board (called once, at start-up)."""
    watch(TaskReport, lambda r: Period.objects.filter(pk=r.period_id))
    watch(Task, lambda t: Period.objects.filter(plan_id=t.plan_id))
    watch(Subindex, lambda s: Period.objects.all())  # rare (reference data), shown on every board
    watch(Plan, lambda p: Period.objects.filter(plan_id=p.pk), on=("save",))
    watch(Period, lambda p: Period.objects.filter(pk=p.pk), on=("save",))
    watch(Organization, _reporting_under, on=("save",))
