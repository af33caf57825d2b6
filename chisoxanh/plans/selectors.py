"""Reads of plans and tasks shared by the pages and the API.

Each function issues a fixed number of queries whatever the size of the plan: related rows
come through ``select_related`` / ``prefetch_related``, and grouping is done in Python on the
rows already fetched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from chisoxanh.core.db import ViCollate, search
from chisoxanh.lib.vietnamese import fold

from . import policies
from .models import Assignment, Plan, Task


def plan_list(user, *, q: str | None = None) -> QuerySet[Plan]:
    qs = (
        policies.plans.visible(user)
        .select_related("issuer", "parent")
        # A correlated count, not a join + GROUP BY: it is computed for the page's rows only.
        .annotate(
            task_count=Coalesce(
                Subquery(
                    Task.objects.filter(plan=OuterRef("pk"))
                    .order_by()
                    .values("plan")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
        )
    )
    return search(qs, q).order_by("-start_year", "-issued_on", ViCollate("title"), "id")


def task_list(user, *, q: str | None = None, plan: Plan | None = None) -> QuerySet[Task]:
    qs = policies.tasks.visible(user).select_related("plan", "plan__issuer", "subindex")
    if plan is not None:
        qs = qs.filter(plan=plan)
    return search(qs, q).order_by("plan__start_year", "plan_id", "order", "id")


def _tasks_with_assignments() -> Prefetch:
    return Prefetch(
        "tasks",
        queryset=Task.objects.select_related("subindex", "parent_task").prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("organization").order_by(
                    "role", "organization__order", "organization__path"
                ),
            )
        ),
    )


def plan_get(user, pk: int) -> Plan:
    """A plan with its tasks and their assignments, or 404 outside the user's reach."""
    qs = Plan.objects.select_related("issuer", "issuer__parent", "parent", "parent__issuer", "report_recipient")
    return policies.plans.get(user, qs.prefetch_related(_tasks_with_assignments(), "periods"), pk=pk)


@dataclass
class TaskView:
    task: Task
    leads: list = field(default_factory=list)
    partners: list = field(default_factory=list)

    @property
    def partner_groups(self) -> list[tuple[str, list]]:
        """Partners as the plan wrote them: each group's wording with its units, then others."""
        groups: dict[str, list] = {}
        for a in self.partners:
            groups.setdefault(a.group_text, []).append(a.organization)
        return sorted(groups.items(), key=lambda item: item[0] == "")


@dataclass
class TaskGroup:
    """Tasks under one heading of the plan: a sub-index in part II, a unit in part III."""

    key: str
    heading: str
    subindex: object | None
    tasks: list[TaskView] = field(default_factory=list)


def plan_structure(plan: Plan) -> dict[str, list[TaskGroup]]:
    """The plan's tasks grouped as the document groups them, in the plan's order.

    Part II (tasks) is grouped by sub-index, tasks without one under their own heading; part III
    (organisation of implementation) by heading. Works on the prefetched rows of :func:`plan_get`.
    """
    parts: dict[str, dict[str, TaskGroup]] = {p: {} for p in Task.Part.values}
    for task in plan.tasks.all():
        if task.part == Task.Part.TASKS and task.subindex_id:
            key = f"subindex-{task.subindex.number}"
        else:
            key = f"heading-{fold(task.heading) or task.section}"
        group = parts[task.part].get(key)
        if group is None:
            group = parts[task.part][key] = TaskGroup(key=key, heading=task.heading, subindex=task.subindex)
        view = TaskView(task=task)
        for a in task.assignments.all():
            (view.leads if a.role == Assignment.Role.LEAD else view.partners).append(a)
        group.tasks.append(view)
    return {part: list(groups.values()) for part, groups in parts.items()}
