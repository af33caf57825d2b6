import pytest

from tests.factories import make_plan


@pytest.mark.parametrize(
    "persona",
    ["officer_a", "officer_b", "unit_leader", "coordinator", "head", "aggregator", "admin"],
)
def test_people_concerned_read_the_plan(client_for, world, plan, persona):
    response = client_for(getattr(world, persona)).get(f"/ke-hoach/{plan.pk}/")
    assert response.status_code == 200
    assert "Nhiệm vụ tuyên truyền số 1" in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "nobody"])
def test_others_get_404_for_the_plan(client_for, world, plan, persona):
    client = client_for(getattr(world, persona))
    assert client.get(f"/ke-hoach/{plan.pk}/").status_code == 404
    assert client.get(f"/ke-hoach/{plan.pk}/sua/").status_code == 404
    assert client.get(f"/ke-hoach/{plan.pk}/nhiem-vu/them/").status_code == 404
    task = plan.tasks.first()
    assert client.get(f"/nhiem-vu/{task.pk}/sua/").status_code == 404


def test_a_missing_plan_is_404(client_for, world):
    assert client_for(world.admin).get("/ke-hoach/999999/").status_code == 404


def test_the_plan_list_shows_only_visible_plans(client_for, world, plan):
    html = client_for(world.outsider).get("/ke-hoach/").content.decode()
    assert plan.title not in html
    html = client_for(world.officer_a).get("/ke-hoach/").content.decode()
    assert plan.title in html


def test_a_provincial_plan_is_read_by_the_agencies_below(client_for, world):
    from chisoxanh.plans.services import plan_create

    provincial = plan_create(
        actor=world.admin,
        issuer=world.province,
        number="18",
        symbol="KH-UBND",
        title="Kế hoạch của tỉnh",
        start_year=2026,
    )
    assert client_for(world.outsider).get(f"/ke-hoach/{provincial.pk}/").status_code == 200


def test_an_agency_assigned_a_task_reads_the_plan(client_for, world):
    from chisoxanh.plans.services import plan_create, task_create

    provincial = plan_create(actor=world.admin, issuer=world.province, title="Kế hoạch của tỉnh", start_year=2026)
    other = plan_create(actor=world.admin, issuer=world.agency, title="Kế hoạch riêng", start_year=2026)
    task_create(actor=world.admin, plan=other, title="Phối hợp", partners=[world.other_agency])
    assert client_for(world.outsider).get(f"/ke-hoach/{other.pk}/").status_code == 200
    assert provincial.pk


def test_plans_are_searchable_without_diacritics(client_for, world):
    make_plan(world, tasks=0, title="Kế hoạch tuyên truyền pháp luật")
    make_plan(world, tasks=0, title="Kế hoạch khác")
    html = client_for(world.coordinator).get("/ke-hoach/", {"q": "TUYEN truyen"}).content.decode()
    assert "Kế hoạch tuyên truyền pháp luật" in html
    assert "Kế hoạch khác" not in html


def test_tasks_are_searchable_without_diacritics(client_for, world, plan):
    client = client_for(world.officer_a)
    html = client.get("/nhiem-vu/", {"q": "bao ve moi truong so 2"}).content.decode()
    assert "Nhiệm vụ tuyên truyền số 2" in html
    assert "Nhiệm vụ tuyên truyền số 1" not in html
    assert (
        "Nhiệm vụ tuyên truyền"
        not in client_for(world.outsider).get("/nhiem-vu/", {"q": "tuyen truyen"}).content.decode()
    )
