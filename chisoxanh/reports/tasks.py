"""Background tasks: the daily reminder run, for deployments that schedule it as a task."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from chisoxanh.core.channel import channel

from .digests import send_daily_digests
from .reminders import run_reminders


@task()
def remind_task(date: str | None = None) -> dict:
    """Run the reminders for ``date`` (ISO, default today), then the daily digests (which take
    in the escalations just made), and return the summary's figures."""
    today = dt.date.fromisoformat(date) if date else timezone.localdate()
    with channel("task"):
        s = run_reminders(today=today)
        digests = send_daily_digests(today=today)
    return {
        "date": today.isoformat(), "reports_created": s.reports_created, "reminded": s.reminded,
        "overdue": s.overdue, "escalated": s.escalated, "notifications": s.notifications, "digests": digests,
    }  # fmt: skip
