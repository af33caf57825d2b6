"""Every page measured by bench/ costs the same number of queries for a small province and for
a larger one with more agencies, units, tasks and years (the issue 7 target: query counts fixed
whatever the size). The board is counted with an empty cache too, so that its cached path does
not hide the work behind it."""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chisoxanh.accounts.models import Membership, Organization
from chisoxanh.demo.synth import SynthSize, synthesize
from chisoxanh.plans.models import Plan
from chisoxanh.reports.models import Period

SMALL = SynthSize(agencies_per_province=2, units_per_agency=2, tasks_per_plan=2, years=2, seed=1)
LARGE = SynthSize(agencies_per_province=6, units_per_agency=5, tasks_per_plan=6, years=3, seed=2)


def personas(seed: int) -> dict:
    """The people of the province synthesised with ``seed``, one per page to measure."""
    province = Organization.objects.get(name__endswith=f"synth-{seed}-1")
    agency = Organization.objects.filter(parent=province).order_by("pk").first()
    unit = Organization.objects.filter(parent=agency).order_by("pk").first()
    plan = Plan.objects.get(issuer=agency)
    User = get_user_model()

    def person(name, organization, role):
        user = User.objects.create_user(f"{name}-{seed}")
        Membership.objects.create(user=user, organization=organization, role=role)
        return user

    return {
        "officer": User.objects.get(memberships__organization=unit),
        "leader": person("leader", agency, "leader"),
        "coordinator": person("office", agency, "coordinator"),
        "aggregator": person("aggregator", plan.report_recipient, "aggregator"),
        "plan": plan,
        "period": Period.objects.filter(plan=plan).order_by("-year").first(),
    }


def count(user, url: str, *, cold: bool = False) -> int:
    client = Client()
    client.force_login(user)
    assert client.get(url).status_code == 200, url
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


PAGES = [
    ("officer", lambda p: "/viec-cua-toi/", False),
    ("officer", lambda p: "/tong-quan/", False),
    ("officer", lambda p: "/tim-kiem/?q=tuyen+truyen+doanh+nghiep", False),
    ("coordinator", lambda p: "/tim-kiem/?q=tuyen+truyen+doanh+nghiep", False),
    ("coordinator", lambda p: f"/ky-bao-cao/{p['period'].pk}/", False),
    ("coordinator", lambda p: f"/ky-bao-cao/{p['period'].pk}/", True),
    ("leader", lambda p: "/tong-quan/", False),
    ("leader", lambda p: "/tong-quan/", True),
    ("aggregator", lambda p: "/tong-hop/", False),
    ("coordinator", lambda p: f"/ke-hoach/{p['plan'].pk}/", False),
    ("coordinator", lambda p: "/chi-so/20-2025/", False),
    ("coordinator", lambda p: "/ke-hoach/", False),
    ("coordinator", lambda p: "/nhiem-vu/", False),
    ("coordinator", lambda p: "/co-quan/", False),
    ("coordinator", lambda p: "/bao-cao-ket-qua/", False),
    ("aggregator", lambda p: "/bao-cao-ket-qua/", False),
    ("coordinator", lambda p: "/api/v1/plans", False),
    ("coordinator", lambda p: f"/api/v1/reports?period={p['period'].pk}&limit=100", False),
    ("coordinator", lambda p: f"/api/v1/periods/{p['period'].pk}/board", True),
]


def test_query_counts_do_not_grow_with_the_data(db):
    # One test for all the pages: generating the two provinces is most of its time.
    synthesize(SMALL, last_year=2026)
    synthesize(LARGE, last_year=2026)
    small, large = personas(1), personas(2)
    counts = {
        (role, url(small), cold): (count(small[role], url(small), cold=cold), count(large[role], url(large), cold=cold))
        for role, url, cold in PAGES
    }
    assert {page: pair for page, pair in counts.items() if pair[0] != pair[1]} == {}
