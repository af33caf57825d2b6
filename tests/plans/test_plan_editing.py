import pytest

from chisoxanh.core.models import AuditEntry
from chisoxanh.plans.models import Plan, Task


def plan_form_data(plan, **overrides):
    data = {
        "number": plan.number,
        "symbol": plan.symbol,
        "issued_on": "",
        "place": "Lạng Sơn",
        "title": plan.title,
        "parent": "",
        "preamble": plan.preamble,
        "start_year": plan.start_year,
        "end_year": "",
        "purposes": plan.purposes,
        "requirements": plan.requirements,
        "closing": "",
        "report_recipient": plan.report_recipient_id or "",
        "report_due_day": plan.report_due_day or "",
        "report_due_month": plan.report_due_month or "",
        "signer_authority": "",
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "",
        "recipients": "",
        "status": plan.status,
        "version": plan.version,
        "reporting_frequency": plan.reporting_frequency,
        "unit_lead_days": plan.unit_lead_days,
        "reminder_days": plan.reminder_days,
        "escalate_after_days": plan.escalate_after_days,
    }
    data.update(overrides)
    return data


def test_the_coordinator_edits_the_plan_and_an_audit_entry_is_written(client_for, world, plan):
    client = client_for(world.coordinator)
    assert client.get(f"/ke-hoach/{plan.pk}/sua/").status_code == 200
    response = client.post(f"/ke-hoach/{plan.pk}/sua/", plan_form_data(plan, title="Tên mới của kế hoạch"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Tên mới của kế hoạch"
    assert plan.version == 2
    entry = AuditEntry.objects.filter(action="plans.plan.updated").get()
    assert entry.actor == world.coordinator
    assert entry.changes["title"][1] == "Tên mới của kế hoạch"


@pytest.mark.parametrize("persona", ["officer_a", "unit_leader", "head", "aggregator"])
def test_other_roles_cannot_edit_plans(client_for, world, plan, persona):
    client = client_for(getattr(world, persona))
    assert client.get(f"/ke-hoach/{plan.pk}/sua/").status_code == 403
    response = client.post(f"/ke-hoach/{plan.pk}/sua/", plan_form_data(plan, title="Bị sửa"))
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.title != "Bị sửa"
    assert client.get(f"/ke-hoach/{plan.pk}/nhiem-vu/them/").status_code == 403
    assert "Sửa kế hoạch" not in client.get(f"/ke-hoach/{plan.pk}/").content.decode()


def test_a_stale_edit_conflicts_instead_of_overwriting(client_for, world, plan):
    client = client_for(world.coordinator)
    stale = plan_form_data(plan, title="Bản của người thứ hai")
    client.post(f"/ke-hoach/{plan.pk}/sua/", plan_form_data(plan, title="Bản của người thứ nhất"))
    response = client.post(f"/ke-hoach/{plan.pk}/sua/", stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "vừa được người khác cập nhật" in html
    assert "Bản của người thứ nhất" in html  # the saved text is shown
    assert "Bản của người thứ hai" in html  # and the user's text is kept in the form
    plan.refresh_from_db()
    assert plan.title == "Bản của người thứ nhất"
    # Sending the form again, having seen both, is a deliberate overwrite.
    again = plan_form_data(plan, title="Bản của người thứ hai", version=plan.version)
    assert client.post(f"/ke-hoach/{plan.pk}/sua/", again).status_code == 302


def test_bad_input_is_refused_with_vietnamese_messages_and_nothing_changes(client_for, world, plan):
    client = client_for(world.coordinator)
    response = client.post(
        f"/ke-hoach/{plan.pk}/sua/",
        plan_form_data(plan, title="", start_year=2030, end_year=2027, report_due_month=2, report_due_day=31),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Trường này là bắt buộc" in html
    plan.refresh_from_db()
    assert plan.version == 1 and plan.title


def test_an_impossible_annual_due_date_is_refused(client_for, world, plan):
    response = client_for(world.coordinator).post(
        f"/ke-hoach/{plan.pk}/sua/", plan_form_data(plan, report_due_month=2, report_due_day=31)
    )
    assert response.status_code == 400
    assert "ngày có thật" in response.content.decode()


def test_hostile_text_is_stored_as_text_and_escaped(client_for, world, plan):
    client = client_for(world.coordinator)
    hostile = "<script>alert('x')</script> Kế hoạch"
    client.post(f"/ke-hoach/{plan.pk}/sua/", plan_form_data(plan, title=hostile))
    html = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_the_coordinator_creates_a_plan(client_for, world):
    client = client_for(world.coordinator)
    assert client.get("/ke-hoach/tao-moi/").status_code == 200
    response = client.post(
        "/ke-hoach/tao-moi/",
        {
            "issuer": world.agency.pk,
            "title": "Kế hoạch mới",
            "start_year": 2027,
            "status": "draft",
            "symbol": "KH-STP",
        },
    )
    assert response.status_code == 302
    created = Plan.objects.get(title="Kế hoạch mới")
    assert created.issuer == world.agency
    assert AuditEntry.objects.filter(action="plans.plan.created", object_id=str(created.pk)).exists()


@pytest.mark.parametrize("persona", ["officer_a", "unit_leader", "head", "aggregator", "outsider"])
def test_others_cannot_create_plans(client_for, world, persona):
    client = client_for(getattr(world, persona))
    assert client.get("/ke-hoach/tao-moi/").status_code == 403


def test_a_coordinator_cannot_issue_in_another_agencys_name(client_for, world):
    response = client_for(world.coordinator).post(
        "/ke-hoach/tao-moi/",
        {
            "issuer": world.other_agency.pk,
            "title": "Giả mạo",
            "start_year": 2027,
            "status": "draft",
        },
    )
    assert response.status_code == 400
    assert not Plan.objects.filter(title="Giả mạo").exists()


def test_the_coordinator_adds_and_edits_a_task(client_for, world, plan):
    client = client_for(world.coordinator)
    data = {
        "part": "tasks",
        "section": "II.4",
        "heading": "",
        "subindex": 2,
        "title": "Nhiệm vụ mới",
        "content": "Nội dung",
        "outputs": "",
        "lead": world.unit_b.pk,
        "lead_text": "",
        "partners": [world.office.pk],
        "partners_text": "",
        "schedule": "once",
        "due_date": "2026-06-30",
        "due_day": "",
        "due_month": "",
    }
    response = client.post(f"/ke-hoach/{plan.pk}/nhiem-vu/them/", data)
    assert response.status_code == 302
    task = Task.objects.get(title="Nhiệm vụ mới")
    assert {(a.organization, a.role) for a in task.assignments.all()} == {
        (world.unit_b, "lead"),
        (world.office, "partner"),
    }
    response = client.post(f"/nhiem-vu/{task.pk}/sua/", {**data, "title": "Nhiệm vụ đã sửa", "version": 1})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.version) == ("Nhiệm vụ đã sửa", 2)
    assert AuditEntry.objects.filter(action="plans.task.updated", object_id=str(task.pk)).exists()


def test_a_task_with_a_deadline_needs_the_date(client_for, world, plan):
    response = client_for(world.coordinator).post(
        f"/ke-hoach/{plan.pk}/nhiem-vu/them/",
        {
            "part": "tasks",
            "title": "Thiếu hạn",
            "schedule": "once",
        },
    )
    assert response.status_code == 400
    assert "cần ghi rõ thời hạn" in response.content.decode()
    assert not Task.objects.filter(title="Thiếu hạn").exists()


def test_an_officer_cannot_edit_a_task(client_for, world, plan):
    task = plan.tasks.first()
    client = client_for(world.officer_a)
    assert client.get(f"/nhiem-vu/{task.pk}/sua/").status_code == 403
    response = client.post(
        f"/nhiem-vu/{task.pk}/sua/",
        {"title": "Bị sửa", "part": "tasks", "schedule": "continuous", "version": 1},
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.title != "Bị sửa"


def test_dates_are_typed_day_first(client_for, world, plan):
    client = client_for(world.coordinator)
    response = client.post(
        f"/ke-hoach/{plan.pk}/nhiem-vu/them/",
        {
            "part": "tasks",
            "title": "Có hạn",
            "schedule": "once",
            "due_date": "05/06/2026",
        },
    )
    assert response.status_code == 302
    assert Task.objects.get(title="Có hạn").due_date.isoformat() == "2026-06-05"
    task = Task.objects.get(title="Có hạn")
    html = client.get(f"/nhiem-vu/{task.pk}/sua/").content.decode()
    assert 'value="05/06/2026"' in html
    assert "Hoàn thành trước ngày 05/06/2026" in client.get(f"/ke-hoach/{plan.pk}/").content.decode()


def test_the_task_form_offers_the_agency_units_and_peer_agencies_only(client_for, world, plan):
    commune = type(world.agency).objects.create(name="Ủy ban nhân dân xã Thử", kind="commune", parent=world.province)
    html = client_for(world.coordinator).get(f"/ke-hoach/{plan.pk}/nhiem-vu/them/").content.decode()
    assert "Phòng Nghiệp vụ II" in html and "Sở Tài chính" in html
    assert commune.name not in html
