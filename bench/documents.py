"""Benchmark of the official documents: the result report DOCX of one large agency, and the
provincial summary across many agencies, with peak memory at growing sizes.

Run: ``make bench-documents`` (or ``.venv/bin/python -m bench.documents``). It builds its own
data in a throwaway SQLite database (or the database of ``BENCH_DATABASE_URL``), prints a
Markdown table and writes ``bench/results/documents.json``.

Targets (issue 4): DOCX for one agency with 100 tasks × 20 units ≤ 0.5 s; provincial summary of
100 agencies ≤ 10 s; memory that stays flat as the sizes grow.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def setup_django() -> None:
    data = tempfile.mkdtemp(prefix="chisoxanh-bench-")
    os.environ["CHISOXANH_DATA_DIR"] = data
    if url := os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chisoxanh.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build_agency(province, name: str, *, units: int, tasks: int, parent_plan=None, recipient=None, seq: int = 0):
    """An agency with ``units`` units and a plan of ``tasks`` tasks, each given to every unit
    (the first as lead); its 2026 period open, most reports accepted with activities.

    Rows are bulk-created with the same values the services would write, because creating
    tens of thousands of reports one by one would measure the set-up, not the documents.
    """
    from django.utils import timezone

    from chisoxanh.accounts.models import Organization
    from chisoxanh.pgi.models import Subindex
    from chisoxanh.plans.models import Assignment, Plan, Task
    from chisoxanh.reports.models import Activity, Period, TaskReport

    agency = Organization.objects.create(name=name, kind="agency", parent=province, abbreviation=f"S{seq}", order=seq)
    unit_orgs = [
        Organization.objects.create(name=f"Phòng {i + 1}", kind="division", parent=agency, order=i)
        for i in range(units)
    ]
    plan = Plan.objects.create(
        issuer=agency,
        title=f"Kế hoạch cải thiện Chỉ số Xanh năm 2026 của {name}",
        symbol=f"KH-S{seq}",
        start_year=2026,
        parent=parent_plan,
        report_recipient=recipient,
        report_due_month=12,
        report_due_day=10,
        status="active",
        place="Lạng Sơn",
        signer_title="GIÁM ĐỐC",
        signer_name="Nguyễn Văn A",
        recipients="UBND tỉnh;\nLưu: VT, VP.",
    )
    subindices = list(Subindex.objects.order_by("number"))
    task_rows = Task.objects.bulk_create(
        Task(
            plan=plan,
            order=(i + 1) * 10,
            section=f"II.{i + 1}",
            subindex=subindices[i % 4] if i % 5 else None,
            title=f"Nhiệm vụ số {i + 1}: tuyên truyền pháp luật về bảo vệ môi trường đến doanh nghiệp",
            content="Tuyên truyền, phổ biến các quy định của pháp luật về bảo vệ môi trường.",
            partners_text="các phòng, đơn vị thuộc Sở",
        )
        for i in range(tasks)
    )
    Assignment.objects.bulk_create(
        Assignment(
            task=t,
            organization=u,
            role="lead" if j == 0 else "partner",
            group_text="" if j == 0 else "các phòng, đơn vị thuộc Sở",
        )
        for t in task_rows
        for j, u in enumerate(unit_orgs)
    )
    period = Period.objects.create(
        plan=plan,
        year=2026,
        data_start=dt.date(2025, 12, 15),
        data_end=dt.date(2026, 12, 14),
        unit_due_date=dt.date(2026, 11, 25),
        due_date=dt.date(2026, 12, 10),
        opened_at=timezone.now(),
    )
    sent = timezone.make_aware(dt.datetime(2026, 11, 20, 9))
    reports = TaskReport.objects.bulk_create(
        TaskReport(
            task=t,
            organization=u,
            period=period,
            role="lead" if j == 0 else "partner",
            progress="done" if (i + j) % 3 else "in_progress",
            state=("accepted", "accepted", "submitted", "draft")[(i + j) % 4],
            results=f"Đơn vị đã tổ chức tuyên truyền nhiệm vụ {i + 1} đến công chức và doanh nghiệp.",
            first_submitted_at=sent if (i + j) % 4 != 3 else None,
            submitted_at=sent if (i + j) % 4 != 3 else None,
        )
        for i, t in enumerate(task_rows)
        for j, u in enumerate(unit_orgs)
    )
    kinds = [("meeting", "conference"), ("post", "fanpage"), ("post", "zalo"), ("document", "document")]
    Activity.objects.bulk_create(
        Activity(
            report=r,
            date=dt.date(2026, 5, 1 + n),
            kind=kinds[(r.pk + n) % 4][0],
            channel=kinds[(r.pk + n) % 4][1],
            title="Hoạt động tuyên truyền",
            people_reached=40 + n,
        )
        for r in reports
        if r.state == "accepted"
        for n in range(2)
    )
    return agency, plan, period


def timed(fn, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), max(runs)


def peak_mb(fn) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1048576


def main() -> int:
    setup_django()
    from django.contrib.auth import get_user_model

    from chisoxanh.accounts.models import Organization
    from chisoxanh.documents import aggregate, result_docx, services, xlsx
    from chisoxanh.plans.models import Plan

    admin = get_user_model().objects.create_superuser("bench", password="bench-bench-bench")
    province = Organization.objects.create(name="Ủy ban nhân dân tỉnh Thử", kind="province", short_name="UBND tỉnh Thử")
    recipient = Organization.objects.create(
        name="Sở Nông nghiệp và Môi trường", kind="agency", parent=province, abbreviation="SNNMT"
    )
    parent = Plan.objects.create(
        issuer=province, title="Kế hoạch PGI của tỉnh", number="18", symbol="KH-UBND", start_year=2026, status="active"
    )
    today = dt.date(2026, 12, 1)
    results: dict[str, object] = {"python": sys.version.split()[0]}

    # 1. One agency: 100 tasks × 20 units (2,000 task reports).
    _, _, period = build_agency(province, "Sở Lớn", units=20, tasks=100, parent_plan=parent, recipient=recipient, seq=1)
    start = time.perf_counter()
    report = services.result_report_start(actor=admin, period=period, today=today)
    compose_s = time.perf_counter() - start
    median, worst = timed(lambda: result_docx.render(report), 5)
    results["docx_100x20"] = {
        "compose_s": round(compose_s, 3),
        "render_median_s": round(median, 3),
        "render_max_s": round(worst, 3),
        "compose_and_render_s": round(compose_s + median, 3),
        "target_s": 0.5,
    }

    # 2. Provincial summary across many agencies, with memory at three sizes.
    sizes = {}
    built = 1
    for target in (25, 50, 100):
        while built < target:
            built += 1
            build_agency(
                province, f"Sở số {built}", units=10, tasks=20, parent_plan=parent, recipient=recipient, seq=built
            )

        def summary():
            s = aggregate.summary_for(admin, parent.pk, 2026)
            aggregate.render_docx(s, today=today)
            xlsx.render(aggregate.SummaryExporter(s))

        median, worst = timed(summary, 3)
        sizes[target] = {"median_s": round(median, 3), "max_s": round(worst, 3), "peak_mb": round(peak_mb(summary), 1)}
    results["summary"] = {"by_agencies": sizes, "target_s_at_100": 10}

    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "documents.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    d = results["docx_100x20"]
    print("| measure | figure | target |")
    print("| --- | --- | --- |")
    print(f"| result report, 100 tasks × 20 units: compose | {d['compose_s']} s | — |")
    print(f"| result report, 100 tasks × 20 units: DOCX render (median of 5) | {d['render_median_s']} s | ≤ 0.5 s |")
    print(f"| result report: compose + render | {d['compose_and_render_s']} s | ≤ 0.5 s |")
    for n, s in sizes.items():
        figure = f"{s['median_s']} s, peak {s['peak_mb']} MB"
        print(f"| provincial summary DOCX + XLSX, {n} agencies (median of 3) | {figure} | ≤ 10 s at 100 |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
