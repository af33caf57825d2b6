"""Each object kind's policy answers the same question twice: as a queryset (lists, the API) and
for one object in memory (the board's cached result report, the in-memory period check). The
two must agree for every persona and every state, or a list would show what a page refuses."""

from __future__ import annotations

import pytest
from django.http import Http404

from chisoxanh.accounts.models import Organization
from chisoxanh.accounts.policies import organizations
from chisoxanh.documents import services as document_services
from chisoxanh.documents.models import PlanImport, ResultReport
from chisoxanh.documents.policies import plan_imports, result_reports
from chisoxanh.plans import services as plan_services
from chisoxanh.plans.models import Plan, Task
from chisoxanh.plans.policies import plans, tasks
from chisoxanh.reports.models import Evidence, Period, TaskReport
from chisoxanh.reports.policies import boards, evidence, task_reports

from .factories import make_plan
from .personas import NAMES


def _agree(world, policy, objects, label: str) -> None:
    """For every persona: ``can_see`` and the queryset say the same of each object, and an
    object outside the user's reach is a 404 through ``get``."""
    assert objects, label
    for name in NAMES:
        user = getattr(world, name)
        listed = set(policy.visible(user).filter(pk__in=[o.pk for o in objects]).values_list("pk", flat=True))
        for obj in objects:
            assert policy.can_see(user, obj) is (obj.pk in listed), (label, name, str(obj))
            if obj.pk not in listed:
                with pytest.raises(Http404):
                    policy.get(user, pk=obj.pk)


@pytest.fixture
def province_plan(world):
    """A plan issued above the agency (reaches it by the tree) and one of another agency that
    gives a task to Phòng Nghiệp vụ II (reaches the unit by its assignment)."""
    above = plan_services.plan_create(actor=world.admin, issuer=world.province, title="Kế hoạch tỉnh", start_year=2026)
    other = plan_services.plan_create(
        actor=world.admin, issuer=world.other_agency, title="Kế hoạch Sở Tài chính", start_year=2026
    )
    plan_services.task_create(actor=world.admin, plan=other, lead=world.unit_a, title="Phối hợp rà soát")
    return above, other


def test_organizations(world):
    _agree(world, organizations, list(Organization.objects.all()), "organization")


@pytest.mark.parametrize("status", Plan.Status.values)
def test_plans_and_tasks(world, province_plan, status):
    plan = make_plan(world, tasks=2)
    Plan.objects.filter(pk=plan.pk).update(status=status)
    every_plan = list(Plan.objects.select_related("issuer", "report_recipient"))
    _agree(world, plans, every_plan, f"plan {status}")
    _agree(world, tasks, list(Task.objects.select_related("plan__issuer", "plan__report_recipient")), "task")


@pytest.mark.parametrize("state", TaskReport.State.values)
def test_task_reports_and_their_evidence(world, period, state):
    TaskReport.objects.filter(period=period).update(state=state)
    reports = list(
        TaskReport.objects.filter(period=period).select_related(
            "organization__parent", "period__plan__issuer", "period__plan__report_recipient"
        )
    )
    _agree(world, task_reports, reports, f"report {state}")
    for report in reports:
        Evidence.objects.create(report=report, url="https://example.gov.vn/tin-bai", title="Tin bài")
    _agree(world, evidence, list(Evidence.objects.select_related("report__period__plan__issuer")), "evidence")


@pytest.mark.parametrize("state", TaskReport.State.values)
def test_what_may_be_written_and_reviewed_agrees_with_the_lists(world, period, state):
    TaskReport.objects.filter(period=period).update(state=state)
    reports = list(TaskReport.objects.filter(period=period).select_related("organization", "period__plan__issuer"))
    for name in NAMES:
        user = getattr(world, name)
        if user.is_superuser:
            continue  # the lists are the user's own work; an administrator may act on anything
        writable = set(task_reports.writable(user, TaskReport.objects.all()).values_list("pk", flat=True))
        reviewable = set(task_reports.reviewable(user, TaskReport.objects.all()).values_list("pk", flat=True))
        for r in reports:
            assert task_reports.can_edit(user, r) is (r.is_editable and r.pk in writable), (name, state)
            assert task_reports.can_accept(user, r) is (r.pk in reviewable), (name, state)


@pytest.mark.parametrize("opened", [True, False])
def test_boards(world, period, opened):
    if not opened:
        Period.objects.filter(pk=period.pk).update(opened_at=None)
    periods = list(Period.objects.select_related("plan__issuer", "plan__report_recipient"))
    _agree(world, boards, periods, f"board opened={opened}")
    for name in NAMES:
        user = getattr(world, name)
        with_boards = set(boards.visible(user).values_list("plan_id", flat=True))
        assert set(boards.plans(user, Plan.objects.all()).values_list("pk", flat=True)) >= with_boards, name


@pytest.mark.parametrize("state", ResultReport.State.values)
def test_result_reports(world, period, state):
    report = document_services.result_report_start(actor=world.coordinator, period=period, today=period.due_date)
    ResultReport.objects.filter(pk=report.pk).update(state=state)
    _agree(world, result_reports, list(ResultReport.objects.select_related("agency", "recipient")), f"result {state}")
    report.refresh_from_db()
    assert result_reports.can_see(world.aggregator, report) is (state in ("sent", "received"))
    assert not result_reports.can_see(world.outsider, report)


def test_plan_imports(world):
    made = [
        PlanImport.objects.create(issuer=world.agency, uploaded_by=world.coordinator, file_name="a.txt", source="a"),
        # An officer's upload (an earlier role, since taken away) stays visible to them.
        PlanImport.objects.create(issuer=world.agency, uploaded_by=world.officer_a, file_name="b.txt", source="b"),
        PlanImport.objects.create(issuer=world.other_agency, uploaded_by=world.admin, file_name="c.txt", source="c"),
    ]
    _agree(world, plan_imports, [PlanImport.objects.select_related("issuer").get(pk=m.pk) for m in made], "import")
