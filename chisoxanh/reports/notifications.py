"""In-app notifications, also sent by e-mail (text and HTML, in Vietnamese)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from chisoxanh.accounts.models import Organization

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
    items: list[dict] | None = None,
) -> list[Notification]:
    """Create one notification per user and e-mail it once the transaction commits."""
    created = [
        Notification.objects.create(recipient=user, kind=kind, title=title, body=body, url=url)
        for user in {u.pk: u for u in users}.values()
    ]
    if created:
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: send_emails(ids, items=items or []))
    return created


def send_emails(notification_ids: list[int], *, items: list[dict]) -> None:
    """E-mail notifications to users who have an address; failures are logged, not raised,
    because the in-app notification already exists and the change must not be undone."""
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    for n in Notification.objects.filter(pk__in=notification_ids).select_related("recipient"):
        if not n.recipient.email or n.emailed_at:
            continue
        context = {"notification": n, "items": items, "url": f"{base}{n.url}" if n.url else base}
        message = EmailMultiAlternatives(
            subject=f"[Chỉ số Xanh] {n.title}",
            body=render_to_string("reports/email/notification.txt", context),
            to=[n.recipient.email],
        )
        message.attach_alternative(render_to_string("reports/email/notification.html", context), "text/html")
        try:
            message.send()
        except Exception:  # a mail server outage must not break the workflow
            log.exception("could not e-mail notification %s", n.pk)
            continue
        Notification.objects.filter(pk=n.pk).update(emailed_at=timezone.now())
