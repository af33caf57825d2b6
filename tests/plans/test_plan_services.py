import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chisoxanh.core.models import AuditEntry
from chisoxanh.core.workflow import Conflict
from chisoxanh.plans import services
from chisoxanh.plans.models import Assignment


def test_a_group_phrase_expands_to_the_agency_units_except_the_lead(world, plan):
    task = plan.tasks.first()
    partners = {a.organization.name: a.group_text for a in task.assignments.all() if a.role == "partner"}
    assert partners == {
        "Văn phòng Sở": "các phòng, đơn vị sự nghiệp thuộc Sở",
        "Phòng Nghiệp vụ I": "các phòng, đơn vị sự nghiệp thuộc Sở",
        "Trung tâm Trợ giúp pháp lý nhà nước": "các phòng, đơn vị sự nghiệp thuộc Sở",
    }
    assert task.assignments.get(role="lead").organization == world.unit_a


def test_dissolved_units_are_not_assigned(world):
    world.service_unit.is_active = False
    world.service_unit.save()
    names = {o.name for o in services.expand_group(issuer=world.agency, text="các phòng, đơn vị thuộc Sở")}
    assert "Trung tâm Trợ giúp pháp lý nhà nước" not in names


def test_communes_expand_from_the_province(world):
    commune = type(world.agency).objects.create(name="Ủy ban nhân dân xã Thử", kind="commune", parent=world.province)
    assert services.expand_group(issuer=world.agency, text="UBND các xã, phường") == [commune]


def test_an_unknown_phrase_expands_to_nothing(world):
    assert services.expand_group(issuer=world.agency, text="Phòng không tồn tại") == []


def test_a_task_may_have_partners_only(world, plan):
    task = services.task_create(
        actor=world.coordinator,
        plan=plan,
        title="Mọi đơn vị cùng làm",
        partners_text="các phòng, đơn vị sự nghiệp thuộc Sở",
    )
    assert not task.assignments.filter(role="lead").exists()
    assert task.assignments.count() == 4


def test_services_refuse_people_without_the_coordinator_role(world, plan):
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=world.officer_a, issuer=world.agency, title="x", start_year=2026)
    with pytest.raises(PermissionDenied):
        services.plan_update(actor=world.head, plan=plan, expected_version=1, title="y")
    with pytest.raises(PermissionDenied):
        services.task_create(actor=world.unit_leader, plan=plan, title="z")


def test_a_stale_version_raises_a_conflict_and_saves_nothing(world, plan):
    services.plan_update(actor=world.coordinator, plan=plan, expected_version=1, title="Một")
    with pytest.raises(Conflict) as exc:
        services.plan_update(actor=world.coordinator, plan=plan, expected_version=1, title="Hai")
    assert exc.value.current.title == "Một"
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("Một", 2)


def test_an_invalid_plan_is_refused(world):
    with pytest.raises(ValidationError):
        services.plan_create(actor=world.coordinator, issuer=world.agency, title="", start_year=2026)
    with pytest.raises(ValidationError):
        services.plan_create(actor=world.coordinator, issuer=world.agency, title="x", start_year=2026, end_year=2025)


def test_every_change_leaves_an_audit_entry(world, plan):
    task = plan.tasks.first()
    services.task_update(
        actor=world.coordinator,
        task=task,
        expected_version=task.version,
        title="Đổi tên",
        lead=world.unit_b,
    )
    entry = AuditEntry.objects.get(action="plans.task.updated")
    assert entry.changes["title"] == ["Nhiệm vụ tuyên truyền số 1", "Đổi tên"]
    assert entry.changes["lead"] == ["Phòng Nghiệp vụ II", "Phòng Nghiệp vụ I"]


def test_a_task_gets_one_lead_at_most(world, plan):
    from django.db import IntegrityError, transaction

    task = plan.tasks.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(task=task, organization=world.unit_b, role="lead")
