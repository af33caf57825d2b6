"""Loads the demo province (Lạng Sơn) and the Sở Tư pháp plan from the data files beside it.

The organisations, people and plans are data (``data/*.json``), not code: edit the files to
change the demo. Loading is idempotent, so ``chisoxanh demo`` can run again on the same
database without duplicating anything.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from chisoxanh.accounts.models import Membership, Organization
from chisoxanh.documents.services import result_report_start
from chisoxanh.pgi.models import Province, Subindex
from chisoxanh.plans.models import Plan
from chisoxanh.plans.services import plan_create_from_draft
from chisoxanh.reports import boardcache
from chisoxanh.reports import services as report_services
from chisoxanh.reports.models import Period, ReportVersion, TaskReport

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_PASSWORD = "chisoxanh-demo"


@dataclass
class DemoResult:
    logins: list[tuple[str, str]] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)


def _organization(data: dict[str, Any], parent: Organization | None, order: int) -> Organization:
    org, _ = Organization.objects.get_or_create(
        parent=parent,
        name=data["name"],
        defaults={
            "short_name": data.get("short_name", ""),
            "abbreviation": data.get("abbreviation", ""),
            "kind": data["kind"],
            "order": order,
        },
    )
    for i, child in enumerate(data.get("children", []), start=1):
        _organization(child, org, i)
    return org


def _communes(province: Organization, province_code: int) -> None:
    """Every commune and ward of the province, from the official list after the 2025 reform."""
    from vietnam_provinces import ProvinceCode, Ward

    wards = Ward.iter_by_province(ProvinceCode(province_code))
    existing = set(province.children.values_list("name", flat=True))
    base = 1000  # communes are listed after the agencies
    new = [
        Organization(
            parent=province,
            name=f"Ủy ban nhân dân {ward.name[0].lower()}{ward.name[1:]}",
            short_name=f"UBND {ward.name[0].lower()}{ward.name[1:]}",
            kind=Organization.Kind.COMMUNE,
            order=base + i,
        )
        for i, ward in enumerate(wards)
    ]
    for org in new:
        if org.name not in existing:
            org.save()


def _find(root: Organization, names: list[str]) -> Organization:
    org = root
    for name in names:
        org = Organization.objects.get(parent=org, name=name)
    return org


def _users(root: Organization, rows: list[dict[str, Any]], with_passwords: bool) -> list[tuple[str, str]]:
    User = get_user_model()
    logins = []
    for row in rows:
        user, created = User.objects.get_or_create(
            username=row["username"],
            defaults={"first_name": row["first_name"], "last_name": row["last_name"]},
        )
        if row.get("superuser"):
            user.is_superuser = user.is_staff = True
        if with_passwords:
            user.set_password(DEMO_PASSWORD)
        elif created:
            user.set_unusable_password()
        user.save()
        if "org" in row:
            Membership.objects.get_or_create(
                user=user,
                organization=_find(root, row["org"]),
                role=row["role"],
                defaults={"title": row.get("title", "")},
            )
        logins.append((row["username"], row["label"]))
    return logins


def _plan(root: Organization, path: Path, actor, plans_by_ref: dict[str, Plan]) -> Plan:
    draft = json.loads(path.read_text(encoding="utf-8"))
    issuer = _find(root, draft["issuer"])
    existing = Plan.objects.filter(issuer=issuer, title=draft["title"]).first()
    reference = f"{draft['number']}/{draft['symbol']}" if draft.get("number") else ""
    if existing:
        plans_by_ref[reference or str(existing.pk)] = existing
        return existing
    if draft.get("issued_on"):
        draft["issued_on"] = dt.date.fromisoformat(draft["issued_on"])
    report_to = (draft.get("report") or {}).get("to")
    # The names a plan uses for units are those of the issuer's own units.
    organizations = {o.name: o for o in issuer.children.all()}
    plan = plan_create_from_draft(
        actor=actor,
        issuer=issuer,
        draft=draft,
        organizations=organizations,
        subindices={s.number: s for s in Subindex.objects.all()},
        parent=plans_by_ref.get(draft.get("implements") or ""),
        report_recipient=root.children.get(name=report_to) if report_to else None,
    )
    plans_by_ref[reference or str(plan.pk)] = plan
    return plan


def _at(day: str | None, hour: int = 9) -> dt.datetime | None:
    if not day:
        return None
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)))


def _reports(root: Organization, path: Path) -> None:
    """Open the plan's period and play the story of the file: saves, submissions, reviews.

    Everything goes through the report services (so versions, audit entries and notifications
    are real); only the timestamps are then set to the days the story says.
    """
    story = json.loads(path.read_text(encoding="utf-8"))
    issuer = _find(root, story["plan"]["issuer"])
    plan = Plan.objects.get(issuer=issuer, symbol=story["plan"]["symbol"])
    User = get_user_model()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    people = {u.username: u for u in User.objects.filter(username__in=["chuyenvien", "truongphong"])}
    periods = [
        p for p in report_services.periods_ensure(plan=plan, through_year=story["year"]) if p.year == story["year"]
    ]
    if any(p.opened_at for p in periods):
        return
    for period in periods:
        report_services.period_open(actor=admin, period=period)
    period = periods[-1]
    for row in story["reports"]:
        tasks = plan.tasks.filter(section=row["task"])
        if row.get("title_starts"):
            tasks = tasks.filter(title__startswith=row["title_starts"])
        report = TaskReport.objects.select_related("task", "organization", "period__plan__issuer").get(
            period=period,
            task=tasks.get(),
            organization__name=row["unit"],
            organization__parent=issuer,
        )
        in_unit_ii = row["unit"] == "Phòng Nghiệp vụ II"
        writer = people.get("chuyenvien") if in_unit_ii else admin
        reviewer = people.get("truongphong") if in_unit_ii else admin
        if row["state"] == "draft" and row["progress"] == "not_started" and not row.get("results"):
            continue
        report_services.report_save(
            actor=writer,
            report=report,
            expected_version=report.version,
            fields={
                "progress": row["progress"],
                "completed_on": dt.date.fromisoformat(row["completed_on"]) if row.get("completed_on") else None,
                "results": row.get("results", ""),
            },
            activities=[{**a, "date": dt.date.fromisoformat(a["date"])} for a in row.get("activities", [])],
        )
        if row["state"] in ("submitted", "accepted", "returned"):
            report_services.report_submit(actor=writer, report=report, expected_version=report.version)
        if row["state"] == "accepted":
            report_services.report_accept(actor=reviewer, report=report, expected_version=report.version)
        if row["state"] == "returned":
            report_services.report_return(
                actor=reviewer, report=report, expected_version=report.version, reason=row["return_reason"]
            )
        submitted, reviewed = _at(row.get("submitted")), _at(row.get("reviewed"), 15)
        TaskReport.objects.filter(pk=report.pk).update(
            first_submitted_at=submitted, submitted_at=submitted, reviewed_at=reviewed
        )
        for version in ReportVersion.objects.filter(report=report):
            when = reviewed if version.event in ("accepted", "returned") else submitted
            if when:
                ReportVersion.objects.filter(pk=version.pk).update(created_at=when)
    boardcache.invalidate(Period.objects.filter(pk=period.pk))  # the dates above were set without signals
    if story.get("result_report"):
        # The Office has started its result report: a draft composed from what is accepted.
        office = User.objects.filter(username=story["result_report"]["by"]).first() or admin
        result_report_start(actor=office, period=period, today=dt.date.fromisoformat(story["result_report"]["on"]))


@transaction.atomic
def load_demo(*, with_passwords: bool | None = None, data_dir: Path = DATA_DIR) -> DemoResult:
    """Create (or complete) the demo province, its people and its plans.

    Passwords are set only in demo mode (``CHISOXANH_DEMO=1``, which ``chisoxanh demo`` sets):
    a production database loaded with the demo by mistake gets no known password.
    """
    if with_passwords is None:
        with_passwords = settings.DEMO_MODE
    spec = json.loads((data_dir / "langson.json").read_text(encoding="utf-8"))
    root = _organization(spec["province"], None, 1)
    if code := spec["province"].get("communes_from_vietnam_provinces"):
        _communes(root, code)
    if pgi_code := spec["province"].get("pgi_province"):
        Province.objects.filter(code=pgi_code, organization__isnull=True).update(organization=root)
    result = DemoResult(logins=_users(root, spec["users"], with_passwords))
    actor = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    plans_by_ref: dict[str, Plan] = {}
    for name in spec["plans"]:
        result.plans.append(_plan(root, data_dir / name, actor, plans_by_ref))
    for name in spec.get("reports", []):
        _reports(root, data_dir / name)
    return result
