"""Shared test set-up: the personas every behaviour is tried with, and the outside programs."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls of the test itself
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_ALL = os.environ.get("CHISOXANH_REQUIRE_ALL") == "1"


def need_program(name: str, path: str | None = None) -> str:
    """Skip a test when an outside program is missing, or fail when CI requires everything.

    CI sets CHISOXANH_REQUIRE_ALL=1 after installing the programs, so a skip there would hide
    a broken install: it becomes a failure instead.
    """
    found = path if path and os.path.exists(path) else shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed on this machine"
    if REQUIRE_ALL:
        pytest.fail(f"{message}, and CHISOXANH_REQUIRE_ALL=1 requires it")
    pytest.skip(message)
    return ""  # not reached


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Templates are rendered without collectstatic, and hashing passwords at full strength
    # would spend most of the suite's time in PBKDF2.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test's database starts again from the same ids and revisions; a board cached by an
    # earlier test must not be served to the next.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploaded evidence goes to a fresh folder per test, never into the data folder.
    settings.MEDIA_ROOT = tmp_path / "uploads"


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
    aggregator: object
    outsider: object
    admin: object
    nobody: object  # logged in, no membership at all


PASSWORD = "mat-khau-thu-nghiem-2026"


def build_world() -> World:
    from django.contrib.auth import get_user_model

    from chisoxanh.accounts.models import Membership, Organization

    K = Organization.Kind
    User = get_user_model()

    def org(name, kind, parent=None, **kw):
        return Organization.objects.create(name=name, kind=kind, parent=parent, **kw)

    def person(username, *grants, **kw):
        user = User.objects.create_user(username, password=PASSWORD, **kw)
        for organization, role in grants:
            Membership.objects.create(user=user, organization=organization, role=role)
        return user

    province = org("Ủy ban nhân dân tỉnh Thử Nghiệm", K.PROVINCE, abbreviation="UBND")
    agency = org("Sở Tư pháp", K.AGENCY, province, abbreviation="STP", order=1)
    office = org("Văn phòng Sở", K.OFFICE, agency, order=1)
    unit_b = org("Phòng Nghiệp vụ I", K.DIVISION, agency, order=2)
    unit_a = org("Phòng Nghiệp vụ II", K.DIVISION, agency, order=3)
    service_unit = org("Trung tâm Trợ giúp pháp lý nhà nước", K.SERVICE_UNIT, agency, order=4)
    aggregator_agency = org("Sở Nông nghiệp và Môi trường", K.AGENCY, province, order=2, short_name="Sở NN&MT")
    other_agency = org("Sở Tài chính", K.AGENCY, province, order=3)
    return World(
        province=province,
        agency=agency,
        office=office,
        unit_a=unit_a,
        unit_b=unit_b,
        service_unit=service_unit,
        aggregator_agency=aggregator_agency,
        other_agency=other_agency,
        officer_a=person("officer_a", (unit_a, "officer")),
        officer_b=person("officer_b", (unit_b, "officer")),
        unit_leader=person("unit_leader", (unit_a, "leader")),
        coordinator=person("coordinator", (agency, "coordinator")),
        head=person("head", (agency, "leader")),
        aggregator=person("aggregator", (aggregator_agency, "aggregator")),
        outsider=person("outsider", (other_agency, "officer")),
        admin=User.objects.create_superuser("admin", password=PASSWORD),
        nobody=person("nobody"),
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


def make_plan(world: World, *, tasks: int = 3, title: str = "Cải thiện, nâng cao Chỉ số Xanh cấp tỉnh"):
    """A plan of the agency with ``tasks`` tasks spread over the sub-indices."""
    from chisoxanh.pgi.models import Subindex
    from chisoxanh.plans import services

    plan = services.plan_create(
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
        services.task_create(
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


@pytest.fixture
def plan(world):
    return make_plan(world)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def period(world, plan):
    """The 2026 period of ``plan``, opened: units report by 25/11/2026, the agency by 10/12."""
    from chisoxanh.reports import services

    (period,) = services.periods_ensure(plan=plan, through_year=2026)
    services.period_open(actor=world.coordinator, period=period)
    return period


def report_of(period, task_index: int, organization):
    from chisoxanh.reports.models import TaskReport

    task = period.plan.tasks.order_by("order")[task_index]
    return TaskReport.objects.select_related("task", "organization", "period__plan__issuer").get(
        period=period, task=task, organization=organization
    )


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
