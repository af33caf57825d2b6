"""The board, my work and the review queue cost the same number of queries at any size."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chisoxanh.accounts.models import Membership, Organization
from chisoxanh.plans import services as plan_services
from chisoxanh.reports import services
from chisoxanh.reports.models import TaskReport


def build(world, name: str, units: int, tasks: int):
    """An agency with ``units`` units, a plan of ``tasks`` tasks given to all, its period open,
    and an officer and a leader over every unit; a third of the reports sent."""
    agency = Organization.objects.create(name=name, kind="agency", parent=world.province)
    unit_orgs = [Organization.objects.create(name=f"Phòng {i}", kind="division", parent=agency) for i in range(units)]
    User = get_user_model()
    officer = User.objects.create_user(f"cv-{name}")
    leader = User.objects.create_user(f"ld-{name}")
    for org in unit_orgs:
        Membership.objects.create(user=officer, organization=org, role="officer")
        Membership.objects.create(user=leader, organization=org, role="leader")
    plan = plan_services.plan_create(
        actor=world.admin,
        issuer=agency,
        title=f"Kế hoạch {name}",
        start_year=2026,
        report_due_month=12,
        report_due_day=10,
        status="active",
    )
    for t in range(tasks):
        plan_services.task_create(
            actor=world.admin,
            plan=plan,
            title=f"Nhiệm vụ {t}",
            lead=unit_orgs[t % units],
            partners_text="các phòng, đơn vị thuộc Sở",
        )
    (period,) = services.periods_ensure(plan=plan, through_year=2026)
    services.period_open(actor=world.admin, period=period)
    for i, report in enumerate(
        TaskReport.objects.filter(period=period).select_related("task", "organization", "period__plan__issuer")
    ):
        if i % 3 == 0:
            services.report_save(actor=officer, report=report, expected_version=1, fields={"results": "Đã làm"})
            services.report_submit(actor=officer, report=report, expected_version=report.version)
    return period, officer, leader


def queries(client, url):
    client.get(url)  # warm up the session and caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_pages_use_a_fixed_number_of_queries(client, world):
    small_period, small_officer, small_leader = build(world, "Nhỏ", units=2, tasks=2)
    large_period, large_officer, large_leader = build(world, "Lớn", units=12, tasks=15)
    assert TaskReport.objects.filter(period=large_period).count() == 12 * 15
    client.force_login(world.admin)
    assert queries(client, f"/ky-bao-cao/{small_period.pk}/") == queries(client, f"/ky-bao-cao/{large_period.pk}/")
    assert queries(client, f"/api/v1/periods/{small_period.pk}/board") == queries(
        client, f"/api/v1/periods/{large_period.pk}/board"
    )
    client.force_login(small_officer)
    small = queries(client, "/viec-cua-toi/")
    client.force_login(large_officer)
    assert queries(client, "/viec-cua-toi/") == small
    client.force_login(small_leader)
    small = queries(client, "/duyet-bao-cao/")
    client.force_login(large_leader)
    assert queries(client, "/duyet-bao-cao/") == small
