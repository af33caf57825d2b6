"""Server time and SQL queries of the main pages at two data sizes (S and M), in process.

Run: ``make bench-pages`` (or ``.venv/bin/python -m bench.pages``); ``BENCH_DATABASE_URL=postgres://…``
runs it on PostgreSQL; ``BENCH_SIZES=S,M`` (the default) picks the sizes, and ``BENCH_REUSE=1``
measures the data already in the database (size L, generated once with ``chisoxanh synth --size L``)
instead of generating it. Otherwise each size gets a fresh database filled by ``chisoxanh synth``; each page
is requested 30 times after a warm-up, through Django's test client (no network), so the figures
are the server's own time. ``/healthz`` is the bare-view baseline measured in the same run, and
each page's own SELECTs, replayed on a bare cursor, are its raw-SQL baseline (target: page ≤ 3×).
Writes ``bench/results/pages-<engine>-<sizes>.json`` and prints a Markdown table.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
REPEAT = 30


def _raw_sql_ms(connection, statements: list[str]) -> float:
    """Median time of running the page's own SELECTs straight on a cursor: the baseline that
    says how much of the page is the database and how much is Python around it."""
    selects = [sql for sql in statements if sql.lstrip().upper().startswith(("SELECT", "WITH"))]
    if not selects:
        return 0.0
    times = []
    with connection.cursor() as cursor:
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            for sql in selects:
                cursor.execute(sql)
                cursor.fetchall()
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def run_size(name: str) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from chisoxanh.accounts.models import Membership, Organization
    from chisoxanh.demo.management.commands.synth import PRESETS
    from chisoxanh.demo.synth import SynthResult, synthesize
    from chisoxanh.pgi.models import Province
    from chisoxanh.plans.models import Plan
    from chisoxanh.reports.models import Activity, Period, TaskReport

    if os.environ.get("BENCH_REUSE") == "1":
        # Size L takes long to generate: `chisoxanh synth --size L` once, then measure it again
        # and again. The counts are read back instead of being returned by synthesize().
        synth_s = None
        made = SynthResult(reports=TaskReport.objects.count(), activities=Activity.objects.count())
    else:
        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0, interactive=False)  # reloads the PGI reference data
        start = time.perf_counter()
        made = synthesize(PRESETS[name])
        synth_s = round(time.perf_counter() - start, 1)
    User = get_user_model()
    agency = Organization.objects.filter(kind="agency").order_by("pk").first()
    unit = Organization.objects.filter(parent=agency).order_by("pk").first()
    officer = User.objects.filter(memberships__organization=unit).first()

    def person(username: str, organization, role: str):
        user, _ = User.objects.get_or_create(username=username)
        Membership.objects.get_or_create(user=user, organization=organization, role=role)
        return user

    leader = person("bench-leader", agency, "leader")
    coordinator = person("bench-office", agency, "coordinator")
    # The province's aggregating agency (Sở Nông nghiệp và Môi trường's place in the synthetic data):
    # the one every plan of the first province reports to.
    recipient = Plan.objects.filter(report_recipient__isnull=False).order_by("pk").first().report_recipient
    aggregator = person("bench-aggregator", recipient, "aggregator")
    # The nation's administrator sees every plan, board and report: the lists must be paged.
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True, "is_staff": True})
    plan = Plan.objects.get(issuer=agency)
    period = Period.objects.filter(plan=plan).order_by("-year").first()
    province = Province.objects.get(code="20-2025")
    pages = {
        "bare view (/healthz)": (None, "/healthz"),
        "Việc của tôi": (officer, "/viec-cua-toi/"),
        "Office board": (coordinator, f"/ky-bao-cao/{period.pk}/"),
        "agency overview": (leader, "/tong-quan/"),
        "aggregator overview": (aggregator, "/tong-hop/"),
        "plan page": (coordinator, f"/ke-hoach/{plan.pk}/"),
        "PGI profile": (coordinator, f"/chi-so/{province.code}/"),
        "admin: overview (10 boards a page)": (admin, "/tong-quan/"),
        "admin: aggregation (a province a page)": (admin, "/tong-hop/"),
        "admin: plan list": (admin, "/ke-hoach/"),
        "admin: result reports": (admin, "/bao-cao-ket-qua/"),
        "API plans": (coordinator, "/api/v1/plans"),
        "API reports": (coordinator, f"/api/v1/reports?period={period.pk}&limit=100"),
        "API board": (coordinator, f"/api/v1/periods/{period.pk}/board"),
    }
    figures = {}
    for label, (user, url) in pages.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        assert client.get(url).status_code == 200, url  # warm-up, and the page must work
        times = []
        for _ in range(REPEAT):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        sql_ms = _raw_sql_ms(connection, [q["sql"] for q in ctx.captured_queries])
        median = statistics.median(times)
        figures[label] = {
            "median_ms": round(median, 1),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "queries": len(ctx.captured_queries),
            "raw_sql_ms": round(sql_ms, 2),
            "ratio_to_sql": round(median / sql_ms, 1) if sql_ms else None,
        }
    return {"size": name, "synth_s": synth_s, "reports": made.reports, "activities": made.activities,
            "pages": figures}  # fmt: skip


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ["CHISOXANH_DATA_DIR"] = tempfile.mkdtemp(prefix="chisoxanh-bench-")
    os.environ.setdefault("CHISOXANH_STATIC_MANIFEST", "0")
    os.environ["CHISOXANH_ALLOWED_HOSTS"] = "testserver"
    if url := os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chisoxanh.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    engine = connection.vendor
    sizes = [run_size(name) for name in os.environ.get("BENCH_SIZES", "S,M").split(",")]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"pages-{engine}-{'-'.join(s['size'] for s in sizes)}.json").write_text(
        json.dumps(sizes, ensure_ascii=False, indent=2)
    )
    print(
        f"Engine: {engine}. "
        + "; ".join(f"{s['size']}: {s['reports']} task reports, {s['activities']} activities" for s in sizes)
    )
    header = " | ".join(f"{s['size']} median / p95 ms, queries, raw SQL ms (×)" for s in sizes)
    print(f"| page | {header} |")
    print("| --- |" + " --- |" * len(sizes))
    for label in sizes[0]["pages"]:
        cells = " | ".join(
            f"{p['median_ms']} / {p['p95_ms']}, {p['queries']} q, {p['raw_sql_ms']} ({p['ratio_to_sql']}×)"
            for p in (s["pages"][label] for s in sizes)
        )
        print(f"| {label} | {cells} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
