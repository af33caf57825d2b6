"""The daily digest: for each person who takes it (``accounts.models.Delivery``), the
notifications held since their last digest become one notification and one e-mail.

Once a day per person: the digest row carries its day, under a unique key on (recipient, day),
so running ``chisoxanh remind`` (or ``chisoxanh manage send_digest``) twice, or on two machines
at once, sends one digest. What arrives after today's digest waits for tomorrow's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction

from chisoxanh.lib.dates import page_date

from .models import Notification
from .notifications import send_emails

# A digest lists every notification, but its in-app text keeps to the first lines of each
# group; the digest's own page and e-mail link every item.
LINES_PER_KIND = 20


def _body(items: list[Notification]) -> str:
    by_kind: dict[str, list[Notification]] = defaultdict(list)
    for n in items:
        by_kind[n.kind].append(n)
    parts = []
    for kind, group in sorted(by_kind.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines = [f"{Notification.Kind(kind).label} ({len(group)}):"]
        for n in group[:LINES_PER_KIND]:
            first = n.body.strip().splitlines()[0] if n.body.strip() else ""
            lines.append(f"- {n.title}" + (f" — {first}" if first and first != n.title else ""))
        if len(group) > LINES_PER_KIND:
            lines.append(f"- và {len(group) - LINES_PER_KIND} thông báo khác")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def send_daily_digests(*, today: dt.date) -> int:
    """Send today's digest to everyone with held notifications and none yet today; returns how
    many digests were sent. Each person's digest is its own transaction, e-mailed on commit."""
    pending: dict[int, list[Notification]] = defaultdict(list)
    for n in (
        Notification.objects.filter(held=True, digest__isnull=True, recipient__is_active=True)
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    ):
        pending[n.recipient_id].append(n)
    sent = 0
    for recipient_id, items in pending.items():
        try:
            with transaction.atomic():
                digest = Notification.objects.create(
                    recipient_id=recipient_id,
                    kind=Notification.Kind.DIGEST,
                    digest_on=today,
                    title=f"Tóm tắt thông báo ngày {page_date(today)}: {len(items)} việc",
                    body=_body(items),
                )
                taken = Notification.objects.filter(pk__in=[n.pk for n in items], digest__isnull=True).update(
                    digest=digest
                )
                if not taken:  # another run took them between our read and now
                    transaction.set_rollback(True)
                    continue
                transaction.on_commit(lambda pk=digest.pk: send_emails([pk]))
        except IntegrityError:  # today's digest of this person is already out
            continue
        sent += 1
    return sent
