"""Factories: the small province every test starts from, plans and their reports.

One user per persona of :mod:`tests.personas`; plans and reports are made through the services,
as a user would make them, so versions, audit entries and notifications are real.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from chisoxanh.accounts.models import Membership, Organization
from chisoxanh.pgi.models import Subindex
from chisoxanh.plans import services as plan_services
from chisoxanh.reports import services as report_services
from chisoxanh.reports.models import TaskReport

from .personas import PERSONAS

PASSWORD = "mat-khau-thu-nghiem-2026"


@dataclass
class World:
    """A small province with two agencies of interest and one person per role."""

    province: object
    agency: object  # Sở Tư pháp, the issuing agency
    office: object
    unit_a: object  # Phòng Nghiệp vụ II
    unit_b: object  # Phòng Nghiệp vụ I
    service_unit: object
    aggregator_agency: object  # Sở Nông nghiệp và Môi trường
    other_agency: object  # Sở Tài chính: the outsider's
    officer_a: object
    officer_b: object
    unit_leader: object
    coordinator: object
    head: object
    viewer: object
    aggregator: object
    outsider: object
    admin: object
    nobody: object  # logged in, no membership at all


def build_world() -> World:
    """The province of :class:`World`, with one user per persona of the registry."""
    K = Organization.Kind
    User = get_user_model()

    def org(name, kind, parent=None, **kw):
        return Organization.objects.create(name=name, kind=kind, parent=parent, **kw)

    province = org("Ủy ban nhân dân tỉnh Thử Nghiệm", K.PROVINCE, abbreviation="UBND")
    agency = org("Sở Tư pháp", K.AGENCY, province, abbreviation="STP", order=1)
    places = {
        "province": province,
        "agency": agency,
        "office": org("Văn phòng Sở", K.OFFICE, agency, order=1),
        "unit_b": org("Phòng Nghiệp vụ I", K.DIVISION, agency, order=2),
        "unit_a": org("Phòng Nghiệp vụ II", K.DIVISION, agency, order=3),
        "service_unit": org("Trung tâm Trợ giúp pháp lý nhà nước", K.SERVICE_UNIT, agency, order=4),
        "aggregator_agency": org("Sở Nông nghiệp và Môi trường", K.AGENCY, province, order=2, short_name="Sở NN&MT"),
        "other_agency": org("Sở Tài chính", K.AGENCY, province, order=3),
    }
    people = {}
    for persona in PERSONAS:
        if persona.superuser:
            people[persona.name] = User.objects.create_superuser(persona.name, password=PASSWORD)
            continue
        user = User.objects.create_user(persona.name, password=PASSWORD)
        if persona.role:
            Membership.objects.create(user=user, organization=places[persona.where], role=persona.role)
        people[persona.name] = user
    return World(**places, **people)


def make_plan(world: World, *, tasks: int = 3, title: str = "Cải thiện, nâng cao Chỉ số Xanh cấp tỉnh"):
    """A plan of the agency with ``tasks`` tasks spread over the sub-indices."""
    plan = plan_services.plan_create(
        actor=world.coordinator,
        issuer=world.agency,
        symbol="KH-STP",
        number="12",
        title=title,
        start_year=2026,
        purposes="Mục đích thứ nhất\nMục đích thứ hai",
        requirements="Yêu cầu",
        report_recipient=world.aggregator_agency,
        report_due_month=12,
        report_due_day=10,
        status="active",
    )
    subindices = list(Subindex.objects.order_by("number"))
    for i in range(tasks):
        plan_services.task_create(
            actor=world.coordinator,
            plan=plan,
            lead=world.unit_a,
            section=f"II.{i + 1}",
            subindex=subindices[i % 4],
            title=f"Nhiệm vụ tuyên truyền số {i + 1}",
            content="Tuyên truyền các quy định của pháp luật về bảo vệ môi trường.",
            partners_text="các phòng, đơn vị sự nghiệp thuộc Sở",
        )
    return plan


def open_period(world: World, plan, year: int = 2026):
    """The ``year`` period of ``plan``, opened by the Office: one report per task and unit."""
    (period,) = [p for p in report_services.periods_ensure(plan=plan, through_year=year) if p.year == year]
    report_services.period_open(actor=world.coordinator, period=period)
    return period


def report_of(period, task_index: int, organization):
    task = period.plan.tasks.order_by("order")[task_index]
    return TaskReport.objects.select_related("task", "organization", "period__plan__issuer").get(
        period=period, task=task, organization=organization
    )


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
