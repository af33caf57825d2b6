"""The top bar's menu: what each role can use, asked of the policies.

Every entry is decided from the user's roles in memory (``accounts.access.grants``, one query a
request, which the page's own access checks have usually made), so the menu costs no query of its
own and is the same for everyone holding the same roles: the board's page cache keys on them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from chisoxanh.accounts.policies import organizations
from chisoxanh.documents.policies import aggregation, result_reports
from chisoxanh.plans.policies import plans
from chisoxanh.reports.policies import boards, task_reports


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    shown: Callable[[object], bool]
    # The pages (their URL names, or prefixes ending in "*") the entry is the current one for.
    current_for: tuple[str, ...]

    def is_current(self, url_name: str) -> bool:
        return any(url_name.startswith(p[:-1]) if p.endswith("*") else url_name == p for p in self.current_for)


def _anyone(user) -> bool:
    return True


ENTRIES: tuple[Entry, ...] = (
    Entry("Việc của tôi", "my-work", task_reports.writes_any, ("my-work", "report-edit")),
    Entry("Duyệt báo cáo", "review-queue", task_reports.reviews_any, ("review-queue",)),
    Entry("Bảng theo dõi", "current-board", boards.opens_own, ("current-board", "board")),
    # Every plan the user reaches can have an open period: its board, or their units' share of it.
    Entry("Tổng quan", "overview", plans.lists_any, ("overview",)),
    Entry("Báo cáo kết quả", "result-report-list", result_reports.lists_any, ("result-report*",)),
    Entry("Tổng hợp", "aggregation", aggregation.can_open, ("aggregation*",)),
    Entry("Kế hoạch", "plan-list", plans.lists_any, ("plan*", "task-create")),
    Entry("Nhiệm vụ", "task-list", plans.lists_any, ("task-list", "task-edit")),
    Entry("Cơ quan, đơn vị", "organization-list", organizations.lists_any, ("organization*",)),
    Entry("Chỉ số PGI", "pgi-ranking", _anyone, ("pgi*",)),  # reading the index is open to every user
)


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    current: bool


def menu_for(user, url_name: str | None) -> list[Item]:
    """The entries ``user`` can use, in the menu's order, the current page's marked."""
    items = [
        Item(e.label, reverse(e.url_name), bool(url_name) and e.is_current(url_name)) for e in ENTRIES if e.shown(user)
    ]
    if user.is_staff:
        items.append(Item("Quản trị", reverse("admin:index"), False))
    return items
