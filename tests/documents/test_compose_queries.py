"""Composing a result report costs the same number of queries for 8 reports and for 150: the
board leaves the long texts out, and the document must not fetch them one report at a time."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from chisoxanh.accounts.models import Organization
from chisoxanh.demo.synth import SynthSize, synthesize
from chisoxanh.documents.compose import compose
from chisoxanh.reports.models import Period, TaskReport


def first_period(seed: int) -> Period:
    agency = Organization.objects.filter(kind="agency", parent__name__endswith=f"synth-{seed}-1").order_by("pk")[0]
    return Period.objects.select_related("plan", "plan__issuer", "plan__parent").get(plan__issuer=agency)


def queries(period: Period) -> tuple[int, list[tuple[str, str]]]:
    with CaptureQueriesContext(connection) as ctx:
        composed = compose(period, today=dt.date(2026, 12, 1))
    return len(ctx.captured_queries), composed.sections


def test_compose_queries_do_not_grow_with_the_reports(db):
    synthesize(SynthSize(units_per_agency=2, tasks_per_plan=4, seed=1), last_year=2026)
    synthesize(SynthSize(units_per_agency=10, tasks_per_plan=15, seed=2), last_year=2026)
    small, large = first_period(1), first_period(2)
    assert TaskReport.objects.filter(period=large).count() == 150
    (n_small, _), (n_large, sections) = queries(small), queries(large)
    assert n_small == n_large
    # ...and the texts are still quoted: the accepted reports' results appear under their tasks.
    assert "Đã tổ chức tuyên truyền đến công chức và doanh nghiệp." in "\n".join(text for _, _, text in sections)
