"""Two heads approving two reports at the same moment never get the same number."""

import datetime as dt
import threading

import pytest
from django.db import connection

from chisoxanh.documents import services
from chisoxanh.documents.models import ResultReport

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_approvals_get_distinct_numbers():
    if connection.vendor == "sqlite":
        pytest.skip("needs two real connections; runs in the PostgreSQL pass of make test")
    from django.contrib.auth import get_user_model

    from chisoxanh.demo.loader import load_demo
    from chisoxanh.reports.models import Period

    load_demo(with_passwords=False)
    head = get_user_model().objects.get(username="giamdoc")
    first = ResultReport.objects.get()
    period = Period.objects.get(plan=first.plan)
    # A second report of the same agency and symbol: a half-year period of the same plan.
    second_period = Period.objects.create(
        plan=first.plan,
        year=2026,
        kind="half",
        number=1,
        data_start=period.data_start,
        data_end=dt.date(2026, 6, 14),
        unit_due_date=dt.date(2026, 6, 1),
        due_date=dt.date(2026, 6, 14),
        opened_at=period.opened_at,
    )
    second = ResultReport.objects.create(
        agency=first.agency,
        plan=first.plan,
        period=second_period,
        title="6 tháng",
        symbol=first.symbol,
        sections={},
        place="Lạng Sơn",
    )
    # The approval refuses a draft whose figures were never taken (documents.currency): take them.
    office = get_user_model().objects.get(username="vanphong")
    services.result_report_regenerate(
        actor=office, report=second, expected_version=second.version, today=dt.date(2026, 12, 5)
    )
    barrier = threading.Barrier(2)
    errors = []

    def approve(pk):
        try:
            report = ResultReport.objects.select_related("agency", "period", "plan", "recipient").get(pk=pk)
            barrier.wait(timeout=10)
            services.result_report_approve(
                actor=head, report=report, expected_version=report.version, today=dt.date(2026, 12, 5)
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(r.pk,)) for r in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(ResultReport.objects.values_list("number", flat=True)) == [1, 2]
