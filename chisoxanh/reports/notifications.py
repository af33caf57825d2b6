"""Notifications: written in the same transaction as the change they report, e-mailed (text and
HTML, in Vietnamese, with a link) once it commits; and what a person reads of them.

Who gets what: :func:`notify` holds a notification for the daily digest of people who receive
one (``accounts.models.Delivery``: their choice, by default leaders and the Office); everyone
else gets it at once, in the system and by e-mail. ``reports.digests`` sends the digests.

A mail server that is down or refuses a message never undoes nor blocks the change: the
e-mail is sent after the commit, its failure is logged and the notification stays in the
system (``emailed_at`` stays empty).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone

from chisoxanh.accounts.models import Delivery, NotificationPreference, Organization

from .models import Notification

log = logging.getLogger(__name__)


def members_with_role(organization: Organization, *roles: str, exact: bool = False):
    """Active users whose role reaches ``organization`` (or sits exactly on it with ``exact``)."""
    ids = [organization.pk] if exact else [*organization.ancestor_ids(), organization.pk]
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organization_id__in=ids,
            memberships__role__in=roles,
        )
        .distinct()
    )


def unit_people(organization: Organization, *roles: str):
    """The people of the unit itself in ``roles``; if it has none, those above it."""
    users = list(members_with_role(organization, *roles, exact=True))
    return users or list(members_with_role(organization, *roles))


def notify(
    users: Iterable,
    *,
    kind: str,
    title: str,
    body: str,
    url: str = "",
) -> list[Notification]:
    """One notification per active user; held for those who take the daily digest, e-mailed
    to the others once the transaction commits."""
    people = {u.pk: u for u in users if u is not None and u.is_active}
    deliveries = NotificationPreference.deliveries(people)
    created = [
        Notification.objects.create(
            recipient=user, kind=kind, title=title, body=body, url=url, held=deliveries[pk] == Delivery.DIGEST
        )
        for pk, user in people.items()
    ]
    at_once = [n.pk for n in created if not n.held]
    if at_once:
        transaction.on_commit(lambda: send_emails(at_once))
    return created


def site_url(path: str = "") -> str:
    """``path`` on the address people reach the system at (``CHISOXANH_SITE_URL``)."""
    return settings.SITE_URL.rstrip("/") + path


def _message(n: Notification) -> EmailMultiAlternatives:
    digest_items = [
        {"n": i, "url": site_url(i.get_absolute_url()), "summary": " · ".join(i.body.split("\n"))}
        for i in (n.items.order_by("created_at", "pk") if n.kind == n.Kind.DIGEST else [])
    ]
    context = {"notification": n, "digest_items": digest_items, "url": site_url(n.get_absolute_url())}
    message = EmailMultiAlternatives(
        subject=f"[Chỉ số Xanh] {n.title}",
        body=render_to_string("reports/email/notification.txt", context),
        to=[n.recipient.email],
    )
    message.attach_alternative(render_to_string("reports/email/notification.html", context), "text/html")
    return message


def send_emails(notification_ids: list[int]) -> int:
    """E-mail the notifications whose recipients have an address, over one connection; returns
    how many went. Failures are logged, not raised: the change they report is committed."""
    pending = list(
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .exclude(recipient__email="")
        .select_related("recipient")
        .order_by("pk")
    )
    if not pending:
        return 0
    sent = 0
    try:
        connection = get_connection()
        connection.open()
    except Exception:  # the mail server is unreachable: every message of the batch waits
        log.exception("could not reach the mail server for notifications %s", [n.pk for n in pending])
        return 0
    try:
        for n in pending:
            try:
                message = _message(n)
                message.connection = connection
                message.send()
            except Exception:  # one refused address must not stop the others
                log.exception("could not e-mail notification %s to user %s", n.pk, n.recipient_id)
                continue
            Notification.objects.filter(pk=n.pk).update(emailed_at=timezone.now())
            sent += 1
    finally:
        try:
            connection.close()
        except Exception:  # closing a broken connection: nothing left to save
            log.warning("could not close the mail server connection", exc_info=True)
    return sent


# --- what a person reads -------------------------------------------------------------------------
# A notification belongs to its recipient alone (administrators included: opening someone
# else's would mark it read for them), so these filter by recipient rather than by a policy.
# Reading is not audited: it changes nothing anybody else sees.


def inbox(user) -> QuerySet[Notification]:
    """What the notifications page lists: everything not held for a digest, newest first."""
    return Notification.objects.filter(recipient=user, held=False)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, held=False, read_at__isnull=True).count()


def open_notification(user, pk: int) -> Notification:
    """The user's notification ``pk`` (404 for anyone else's), now marked read; opening a
    digest marks the notifications it lists read too."""
    n = get_object_or_404(Notification, pk=pk, recipient=user)
    if n.read_at is None:
        now = timezone.now()
        Notification.objects.filter(Q(pk=n.pk) | Q(digest=n), read_at__isnull=True).update(read_at=now)
        n.read_at = now
    return n


def mark_all_read(user) -> int:
    """Mark read what the user can see: the listed notifications and those inside digests
    (not the held ones still waiting for tomorrow's digest, which nobody has shown them)."""
    return Notification.objects.filter(
        Q(held=False) | Q(digest__isnull=False), recipient=user, read_at__isnull=True
    ).update(read_at=timezone.now())
