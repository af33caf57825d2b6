"""Two people save the same report at the same moment: one wins, the other gets a conflict.

Runs with real transactions and two database connections (threads) on PostgreSQL; the
version check is a single conditional UPDATE, so exactly one can pass. The SQLite pass skips
it: its in-memory test database cannot be shared by two threads' transactions.
"""

import threading

import pytest
from django.db import connection

from chisoxanh.core.workflow import Conflict
from chisoxanh.reports import services
from chisoxanh.reports.models import TaskReport
from tests.factories import build_world, report_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_saves_give_one_success_and_one_conflict():
    from tests.factories import make_plan

    if connection.vendor == "sqlite":
        pytest.skip("needs two real connections; runs in the PostgreSQL pass of make test")
    world = build_world()
    plan = make_plan(world)
    (period,) = services.periods_ensure(plan=plan, through_year=2026)
    services.period_open(actor=world.coordinator, period=period)
    report_id = report_of(period, 0, world.unit_a).pk
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def save(name, user):
        try:
            report = TaskReport.objects.select_related("task", "organization", "period__plan__issuer").get(pk=report_id)
            barrier.wait(timeout=10)
            services.report_save(actor=user, report=report, expected_version=1, fields={"results": f"Bản của {name}"})
            results[name] = "saved"
        except Conflict:
            results[name] = "conflict"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(n, u)) for n, u in (("A", world.officer_a), ("B", world.unit_leader))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results.values()) == ["conflict", "saved"]
    report = TaskReport.objects.get(pk=report_id)
    winner = next(n for n, r in results.items() if r == "saved")
    assert (report.version, report.results) == (2, f"Bản của {winner}")
    assert report.versions.count() == 2
