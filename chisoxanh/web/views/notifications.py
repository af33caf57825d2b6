"""The notifications page: the list, opening one (which marks it read), marking all read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from chisoxanh.core.paging import paginate
from chisoxanh.reports import notifications as inbox


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request):
    if request.method == "POST":
        count = inbox.mark_all_read(request.user)
        messages.success(
            request, f"Đã đánh dấu {count} thông báo là đã đọc." if count else "Không còn thông báo chưa đọc."
        )
        return redirect("notifications")
    page = paginate(request, inbox.inbox(request.user), per_page=30)
    return render(request, "reports/notifications.html", {"items": page, "page": page})


@login_required
@require_GET
def notification_open(request, pk: int):
    """The "Xem" link: mark it read, then go to what it is about; a digest, or a notification without a
    page of its own, is shown here. A GET, so that the link in the e-mail does the same."""
    n = inbox.open_notification(request.user, pk)
    if n.url and n.kind != n.Kind.DIGEST and url_has_allowed_host_and_scheme(n.url, allowed_hosts=None):
        return redirect(n.url)
    items = n.items.order_by("created_at", "pk") if n.kind == n.Kind.DIGEST else []
    return render(request, "reports/notification_detail.html", {"n": n, "digest_items": items})
