"""The home page (each role's first page), the board a menu entry opens, and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from chisoxanh.accounts.access import is_admin
from chisoxanh.documents.policies import aggregation
from chisoxanh.plans.policies import manages_any, plans
from chisoxanh.reports import overview as report_overview
from chisoxanh.reports.policies import boards, task_reports


def landing(user) -> str | None:
    """Where a role starts its day, asked of the policies (the first that applies):

    - the Office (a coordinator of an agency): its board, the current period's;
    - the aggregator: the aggregation of the agencies' reports;
    - leaders and viewers, and administrators: the overview of the plans they watch;
    - officers: what they must report ("Việc của tôi").

    ``None`` for someone without any role: the home page tells them whom to ask.
    """
    if manages_any(user):
        return "current-board"
    if aggregation.can_open(user) and not is_admin(user):
        return "aggregation"
    if is_admin(user) or boards.opens_own(user) or task_reports.reviews_any(user):
        return "overview"
    if task_reports.writes_any(user):
        return "my-work"
    if plans.lists_any(user):
        return "overview"
    return None


@login_required
def home(request):
    target = landing(request.user)
    return redirect(target) if target else render(request, "home.html")


@login_required
def current_board(request):
    """The menu's "Bảng theo dõi": the board of the current period of the user's own agency's
    plan, or the overview (every board the user may open) when there is none."""
    period = report_overview.current_board(request.user)
    return redirect(period) if period else redirect("overview")


@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise: for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})
