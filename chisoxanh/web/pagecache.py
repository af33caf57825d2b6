"""Whole pages kept per user and data revision, for the page everyone reloads in deadline week
(the Office board).

A page is served from the cache only when everything it shows is in its key: the revision of
its data (given by the caller after the access check, which always runs), the user (id, name,
roles, staff flags, unread notifications), the address with its query and the day. Two things
are never cached: flash messages (a request with messages waiting is rendered afresh and not
stored) and the CSRF token, which is rendered as a placeholder and filled in for each response,
so a copy never carries someone else's token.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from chisoxanh.accounts.access import grants
from chisoxanh.reports.notifications import unread_count

CSRF_PLACEHOLDER = "__chisoxanh_csrf_token__"
TIMEOUT = 3600
# A copy per user is cheap for an agency's board (~25 KB); a province-wide board can be much
# larger, and the per-process cache is bounded by entries, not bytes: such pages are not kept.
MAX_BYTES = 256 * 1024


def unread_notifications(request: HttpRequest) -> int:
    """The user's unread count, counted once per request (the top bar and the key both use it)."""
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread_count(request.user)
    return request._unread_notifications


def _messages_waiting(request: HttpRequest) -> bool:
    # Django's default message storage keeps messages in a cookie and, when they overflow it,
    # in the session: either means this response must show them.
    return "messages" in request.COOKIES or "_messages" in request.session


def page_key(request: HttpRequest, revision: tuple) -> str:
    user = request.user
    parts = (
        request.get_full_path(),
        bool(getattr(request, "htmx", False)),
        user.pk,
        user.get_username(),
        user.first_name,
        user.last_name,
        user.is_superuser,
        user.is_staff,
        sorted((g.organization_id, g.path, g.role) for g in grants(user)),
        unread_notifications(request),
        *revision,
    )
    return "page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def cached_page(request: HttpRequest, revision: tuple, render: Callable[[dict], HttpResponse]) -> HttpResponse:
    """``render(extra_context)`` once per key; later requests get the stored HTML.

    ``revision`` must change whenever the page's data does (for the board: the period's
    revision and the day). Only 200 responses are kept.
    """
    if _messages_waiting(request):
        return render({})
    key = page_key(request, revision)
    html = cache.get(key)
    if html is None:
        response = render({"csrf_token": CSRF_PLACEHOLDER})
        if response.status_code != 200:
            return response
        html = response.content.decode()
        if len(response.content) <= MAX_BYTES:
            cache.set(key, html, timeout=TIMEOUT)
    else:
        response = HttpResponse()
    response.content = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return response
