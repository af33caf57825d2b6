"""Keeping ``Period.revision`` honest: it must move whenever anything the Office board shows
for the period changes, because the rendered board is cached under it (views.board).

Signals rather than calls in each service: a forgotten call would show a stale board on deadline
day, and every ``save()`` and ``delete()`` goes through here whoever makes it. The paths that skip
signals (``bulk_create``, ``QuerySet.update``) call :func:`bump` themselves.
"""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.db.models.signals import post_delete, post_save

from chisoxanh.accounts.models import Organization
from chisoxanh.pgi.models import Subindex
from chisoxanh.plans.models import Plan, Task

from .models import Period, TaskReport


def bump(periods: QuerySet[Period]) -> None:
    periods.update(revision=F("revision") + 1)


def _report_changed(sender, instance: TaskReport, **kwargs) -> None:
    bump(Period.objects.filter(pk=instance.period_id))


def _task_changed(sender, instance: Task, **kwargs) -> None:
    bump(Period.objects.filter(plan_id=instance.plan_id))


def _plan_changed(sender, instance: Plan, **kwargs) -> None:
    bump(Period.objects.filter(plan_id=instance.pk))


def _period_saved(sender, instance: Period, created: bool, **kwargs) -> None:
    bump(Period.objects.filter(pk=instance.pk))


def _organization_changed(sender, instance: Organization, **kwargs) -> None:
    # A rename or a move (which also re-numbers the subtree's depth) reorders and relabels the
    # rows of every board where the unit or one of its sub-units reports.
    if not instance.path:
        return
    reporting = TaskReport.objects.filter(organization__path__startswith=instance.path).values("period_id")
    bump(Period.objects.filter(pk__in=reporting))


def _subindex_changed(sender, instance: Subindex, **kwargs) -> None:
    bump(Period.objects.all())  # rare (reference data), shown on every board


def connect() -> None:
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(_report_changed, sender=TaskReport, dispatch_uid=f"rev-report-{name}")
        signal.connect(_task_changed, sender=Task, dispatch_uid=f"rev-task-{name}")
        signal.connect(_subindex_changed, sender=Subindex, dispatch_uid=f"rev-subindex-{name}")
    post_save.connect(_plan_changed, sender=Plan, dispatch_uid="rev-plan")
    post_save.connect(_period_saved, sender=Period, dispatch_uid="rev-period")
    post_save.connect(_organization_changed, sender=Organization, dispatch_uid="rev-org")
