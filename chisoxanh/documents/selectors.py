"""Reads of result reports that the pages and the API share."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ResultReport
from .policies import result_reports


def result_report_get(user, pk: int) -> ResultReport:
    """A result report with everything its page and the API show, or 404 outside the user's reach."""
    qs = ResultReport.objects.select_related(
        "agency", "agency__parent", "plan", "plan__issuer", "plan__parent", "period", "recipient",
        "approved_by", "sent_by", "received_by",
    )  # fmt: skip
    return result_reports.get(user, qs, pk=pk)


def result_report_list(user) -> QuerySet[ResultReport]:
    return (
        result_reports.visible(user)
        .select_related("agency", "period", "plan")
        .defer("sections", "appendix")
        .order_by("-pk")  # newest first, straight from the key's index (a year's join sorted 40,000 rows)
    )
