import datetime as dt

from chisoxanh.reports import services
from chisoxanh.reports.models import Period, ReportVersion, TaskReport


def test_an_annual_period_has_the_decree_09_window_and_the_plans_own_deadline(period):
    assert (period.data_start, period.data_end) == (dt.date(2025, 12, 15), dt.date(2026, 12, 14))
    assert period.due_date == dt.date(2026, 12, 10)
    assert period.unit_due_date == dt.date(2026, 11, 25)
    assert period.label == "Năm 2026"


def test_a_plan_with_no_end_year_keeps_producing_periods(world, plan):
    periods = services.periods_ensure(plan=plan, through_year=2029)
    assert [p.year for p in periods] == [2026, 2027, 2028, 2029]
    assert services.periods_ensure(plan=plan, through_year=2029) == periods  # idempotent


def test_a_plan_with_an_end_year_stops_there(world, plan):
    plan.end_year = 2027
    plan.save()
    assert [p.year for p in services.periods_ensure(plan=plan, through_year=2030)] == [2026, 2027]


def test_half_year_and_quarterly_periods(world, plan):
    plan.reporting_frequency = "half"
    plan.save()
    halves = services.periods_ensure(plan=plan, through_year=2026)
    assert [(p.label, p.data_start, p.data_end) for p in halves] == [
        ("6 tháng đầu năm 2026", dt.date(2025, 12, 15), dt.date(2026, 6, 14)),
        ("6 tháng cuối năm 2026", dt.date(2026, 6, 15), dt.date(2026, 12, 14)),
    ]
    assert halves[0].due_date == dt.date(2026, 6, 14)  # the plan's 10/12 is the year-end date
    assert halves[1].due_date == dt.date(2026, 12, 10)
    Period.objects.all().delete()
    plan.reporting_frequency = "quarter"
    plan.save()
    quarters = services.periods_ensure(plan=plan, through_year=2026)
    assert [p.label for p in quarters] == [
        "Quý I năm 2026",
        "Quý II năm 2026",
        "Quý III năm 2026",
        "Quý IV năm 2026",
    ]
    assert quarters[1].data_start == dt.date(2026, 3, 15)


def test_opening_creates_one_report_per_task_and_assigned_unit(world, plan, period):
    assert TaskReport.objects.filter(period=period).count() == 3 * 4
    lead = TaskReport.objects.get(period=period, task=plan.tasks.first(), organization=world.unit_a)
    assert lead.role == "lead" and lead.state == "draft" and lead.version == 1
    assert ReportVersion.objects.filter(report=lead, event="created").exists()


def test_opening_again_creates_only_the_missing_reports(world, plan, period):
    assert services.period_open(actor=world.coordinator, period=period) == 0
    other = type(world.agency).objects.create(name="Phòng mới", kind="division", parent=world.agency)
    from chisoxanh.plans.models import Assignment

    Assignment.objects.create(task=plan.tasks.first(), organization=other, role="partner")
    assert services.period_open(actor=world.coordinator, period=period) == 1


def test_the_coordinator_opens_a_period_from_the_plan_page(client_for, world, plan):
    client = client_for(world.coordinator)
    response = client.post(f"/ke-hoach/{plan.pk}/mo-ky/", {"year": 2026})
    assert response.status_code == 302
    assert TaskReport.objects.filter(period__plan=plan).count() == 12
    assert client.post(f"/ke-hoach/{plan.pk}/mo-ky/", {"year": 1999}).status_code == 302
    assert not Period.objects.filter(year=1999).exists()
    assert client_for(world.officer_a).post(f"/ke-hoach/{plan.pk}/mo-ky/", {"year": 2027}).status_code == 403
    assert not Period.objects.filter(year=2027).exists()
