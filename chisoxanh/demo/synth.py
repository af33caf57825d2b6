"""Synthetic data at any size, deterministic for a seed: provinces, agencies, units, plans that
cascade from a provincial plan, assignments, periods over several years, task reports in every
state with activities and evidence links, notifications, audit entries.

Rows are bulk-created with the values the services would write (the services run one report at
a time and would make an L-sized dataset take hours); the demo's own data still goes through
the services. Used by ``chisoxanh synth`` and by the benchmarks.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from chisoxanh.accounts.models import Membership, Organization, Role
from chisoxanh.core.models import AuditEntry
from chisoxanh.documents.models import ResultReport
from chisoxanh.pgi.models import Subindex
from chisoxanh.plans.models import Assignment, Plan, Task
from chisoxanh.reports.models import Activity, Evidence, Notification, Period, TaskReport

STATES = ("accepted", "accepted", "submitted", "returned", "draft")  # the current year's reports
# Earlier years are closed: nearly everything was accepted, a few reports were left submitted.
PAST_STATES = ("accepted",) * 9 + ("submitted",)
KINDS = (("meeting", "conference"), ("post", "fanpage"), ("post", "zalo"), ("training", "conference"),
         ("document", "document"), ("outreach", "direct"))  # fmt: skip


@dataclass
class SynthSize:
    provinces: int = 1
    agencies_per_province: int = 1
    units_per_agency: int = 6
    tasks_per_plan: int = 6
    years: int = 1
    seed: int = 1


@dataclass
class SynthResult:
    organizations: int = 0
    plans: int = 0
    tasks: int = 0
    reports: int = 0
    activities: int = 0
    evidence: int = 0
    result_reports: int = 0


# A one-page PDF shared by the synthetic file evidence: real enough for a download to work,
# small enough that an L-sized dataset does not write gigabytes.
SMALL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _path_fix(orgs: list[Organization]) -> None:
    """Set materialised paths after bulk_create (which skips save())."""
    by_id = {o.pk: o for o in orgs}
    for org in orgs:
        parent_path = (
            by_id[org.parent_id].path
            if org.parent_id in by_id
            else (Organization.objects.get(pk=org.parent_id).path if org.parent_id else "/")
        )
        org.path = f"{parent_path}{org.pk}/"
        org.depth = org.path.count("/") - 2
    Organization.objects.bulk_update(orgs, ["path", "depth"], batch_size=2000)


@transaction.atomic
def synthesize(size: SynthSize, *, last_year: int | None = None) -> SynthResult:
    """Years run up to ``last_year`` (the current year by default): history, not a future."""
    last_year = last_year or timezone.localdate().year
    first_year = last_year - size.years + 1
    rng = random.Random(size.seed)
    result = SynthResult()
    User = get_user_model()
    subindices = list(Subindex.objects.order_by("number"))
    now = timezone.now()
    tag = f"synth-{size.seed}"
    evidence_file = default_storage.save(f"evidence/synth/{tag}.pdf", ContentFile(SMALL_PDF))
    for p in range(size.provinces):
        province = Organization(name=f"Ủy ban nhân dân tỉnh Tổng hợp {tag}-{p + 1}", kind="province",
                                short_name=f"UBND tỉnh {p + 1}", abbreviation="UBND")  # fmt: skip
        province.save()
        agencies = Organization.objects.bulk_create(
            Organization(name=f"Sở số {a + 1}", kind="agency", parent=province, abbreviation=f"S{a + 1}", order=a)
            for a in range(size.agencies_per_province)
        )
        _path_fix(agencies)
        units = Organization.objects.bulk_create(
            Organization(name=f"Phòng {u + 1}", kind="division" if u else "office", parent=agency, order=u)
            for agency in agencies
            for u in range(size.units_per_agency)
        )
        _path_fix(units)
        result.organizations += 1 + len(agencies) + len(units)
        recipient = agencies[0]
        parent = Plan.objects.create(issuer=province, title="Kế hoạch cải thiện Chỉ số Xanh cấp tỉnh", number="18",
                                     symbol="KH-UBND", start_year=first_year, status="active")  # fmt: skip
        plans = Plan.objects.bulk_create(
            Plan(issuer=agency, parent=parent, title=f"Kế hoạch cải thiện Chỉ số Xanh của {agency.name}",
                 symbol=f"KH-{agency.abbreviation}", start_year=first_year, report_recipient=recipient,
                 report_due_month=12, report_due_day=10, status="active", search_text="ke hoach cai thien chi so xanh")
            for agency in agencies
        )  # fmt: skip
        result.plans += 1 + len(plans)
        units_of = {}
        for unit in units:
            units_of.setdefault(unit.parent_id, []).append(unit)
        tasks = Task.objects.bulk_create(
            Task(plan=plan, order=(t + 1) * 10, section=f"II.{t + 1}", subindex=subindices[t % 4] if t % 5 else None,
                 title=f"Nhiệm vụ {t + 1}: tuyên truyền pháp luật về bảo vệ môi trường",
                 content="Tuyên truyền, phổ biến các quy định của pháp luật về bảo vệ môi trường.",
                 partners_text="các phòng, đơn vị thuộc Sở", search_text=f"nhiem vu {t + 1} tuyen truyen")
            for plan in plans
            for t in range(size.tasks_per_plan)
        )  # fmt: skip
        result.tasks += len(tasks)
        plan_agency = {plan.pk: plan.issuer_id for plan in plans}
        plan_agency_abbr = {plan.pk: agency.abbreviation for plan, agency in zip(plans, agencies, strict=True)}
        assignments = []
        for task in tasks:
            team = units_of[plan_agency[task.plan_id]]
            lead = (task.order // 10) % len(team)  # one unit leads each task, in turn
            assignments += [
                Assignment(task=task, organization=unit, role="lead" if i == lead else "partner")
                for i, unit in enumerate(team)
            ]
        Assignment.objects.bulk_create(assignments, batch_size=5000)
        # Officers and leaders, one of each per unit, and an Office coordinator per agency.
        users = User.objects.bulk_create(User(username=f"{tag}-p{p}-u{unit.pk}", is_active=True) for unit in units)
        Membership.objects.bulk_create(
            Membership(user=u, organization=unit, role=Role.OFFICER) for u, unit in zip(users, units, strict=True)
        )
        for y in range(size.years):
            year = first_year + y
            periods = Period.objects.bulk_create(
                Period(plan=plan, year=year, data_start=dt.date(year - 1, 12, 15), data_end=dt.date(year, 12, 14),
                       unit_due_date=dt.date(year, 11, 25), due_date=dt.date(year, 12, 10), opened_at=now)
                for plan in plans
            )  # fmt: skip
            period_of = {p.plan_id: p for p in periods}
            reports = []
            for a in assignments:
                state = rng.choice(STATES if year == last_year else PAST_STATES)
                # Most units send before the units' deadline (25/11), some after it.
                sent = min(now, timezone.make_aware(dt.datetime(year, 11, rng.randint(10, 28), 9)))
                sent_at = sent if state != "draft" else None
                reports.append(TaskReport(
                    task_id=a.task_id, organization_id=a.organization_id, period=period_of[a.task.plan_id],
                    role=a.role, state=state, progress=rng.choice(("done", "in_progress", "not_started")),
                    results="Đã tổ chức tuyên truyền đến công chức và doanh nghiệp." if state != "draft" else "",
                    search_text="da to chuc tuyen truyen den cong chuc va doanh nghiep." if state != "draft" else "",
                    first_submitted_at=sent_at, submitted_at=sent_at,
                ))  # fmt: skip
            reports = TaskReport.objects.bulk_create(reports, batch_size=5000)
            result.reports += len(reports)
            activities = []
            evidence = []
            for r in reports:
                if r.state in ("accepted", "submitted"):
                    for n in range(rng.randint(0, 3)):
                        kind, channel = rng.choice(KINDS)
                        activities.append(Activity(report=r, date=dt.date(year, rng.randint(1, 11), rng.randint(1, 28)),
                                                   kind=kind, channel=channel, title=f"Hoạt động {n + 1}",
                                                   people_reached=rng.randint(10, 300)))  # fmt: skip
                    roll = rng.random()
                    if roll < 0.15:
                        evidence.append(Evidence(report=r, url="https://example.org/minh-chung", title="Bài đăng"))
                    elif roll < 0.3:
                        evidence.append(Evidence(report=r, file=evidence_file, original_name="bien-ban.pdf",
                                                 content_type="application/pdf", size=len(SMALL_PDF),
                                                 title="Biên bản hội nghị"))  # fmt: skip
            Activity.objects.bulk_create(activities, batch_size=5000)
            Evidence.objects.bulk_create(evidence, batch_size=5000)
            result.activities += len(activities)
            result.evidence += len(evidence)
            # Each agency's result report of the year: every past year's was sent and received;
            # in the last year some are still drafts and some agencies have not started one.
            last = y == size.years - 1
            result_reports = []
            for plan in plans:
                state = rng.choice(("received", "sent", "approved", "draft", None)) if last else "received"
                if state is None:
                    continue
                done = state != "draft"
                day = min(now, timezone.make_aware(dt.datetime(year, 12, rng.randint(1, 9), 15)))
                result_reports.append(ResultReport(
                    agency_id=plan.issuer_id, plan=plan, period=period_of[plan.pk], recipient=recipient,
                    title=f"Kết quả thực hiện Kế hoạch cải thiện Chỉ số Xanh năm {year}",
                    number=plan.pk if done else None, symbol=f"BC-{plan_agency_abbr[plan.pk]}",
                    year=year if done else None, issued_on=day.date() if done else None, state=state,
                    sections=[{"key": "ket-qua", "generated": "Đã thực hiện các nhiệm vụ.", "edited": None,
                               "base": None}],
                    generated_at=day, approved_at=day if done else None,
                    sent_at=day if state in ("sent", "received") else None,
                    received_at=day if state == "received" else None,
                ))  # fmt: skip
            ResultReport.objects.bulk_create(result_reports, batch_size=2000)
            result.result_reports += len(result_reports)
            Notification.objects.bulk_create(
                (Notification(recipient=u, kind="reminder", title="Nhắc hạn báo cáo", body="Báo cáo sắp đến hạn.")
                 for u in users),
                batch_size=5000,
            )  # fmt: skip
            AuditEntry.objects.bulk_create(
                (AuditEntry(action="reports.report.submitted", object_type="reports.taskreport", object_id=str(r.pk),
                            object_repr="báo cáo") for r in reports if r.state != "draft"),
                batch_size=5000,
            )  # fmt: skip
    return result
