"""The home page and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from chisoxanh.plans import selectors as plan_selectors


@login_required
def home(request):
    plans = plan_selectors.plan_list(request.user)[:20]
    return render(request, "home.html", {"plans": plans})


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
