import pytest

from chisoxanh.accounts.models import ApiToken


def test_the_api_needs_authentication(client, world, plan):
    assert client.get("/api/v1/plans").status_code == 401
    assert client.get(f"/api/v1/plans/{plan.pk}").status_code == 401


def test_the_openapi_schema_is_public_json(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/plans/{plan_id}" in response.json()["paths"]


def test_the_api_docs_load_their_assets_locally(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in html.lower()


def test_plan_detail_has_tasks_assignments_and_report(client_for, world, plan):
    data = client_for(world.officer_a).get(f"/api/v1/plans/{plan.pk}").json()
    assert data["reference"] == "12/KH-STP"
    assert data["report"] == {
        "to": "Sở Nông nghiệp và Môi trường",
        "to_id": world.aggregator_agency.pk,
        "due": "12-10",
    }
    assert data["purposes"] == ["Mục đích thứ nhất", "Mục đích thứ hai"]
    first = data["tasks"][0]
    assert first["lead"]["name"] == "Phòng Nghiệp vụ II"
    assert first["subindex"] == 1
    assert {p["name"] for p in first["partners"]} == {
        "Văn phòng Sở",
        "Phòng Nghiệp vụ I",
        "Trung tâm Trợ giúp pháp lý nhà nước",
    }


@pytest.mark.parametrize("persona", ["outsider", "nobody"])
def test_objects_out_of_reach_are_404(client_for, world, plan, persona):
    client = client_for(getattr(world, persona))
    assert client.get(f"/api/v1/plans/{plan.pk}").status_code == 404
    assert client.get(f"/api/v1/organizations/{world.unit_a.pk}").status_code == 404
    assert client.get("/api/v1/plans").json()["count"] == 0


def test_lists_are_searchable_without_diacritics(client_for, world, plan):
    client = client_for(world.coordinator)
    names = [o["name"] for o in client.get("/api/v1/organizations", {"q": "nghiep vu"}).json()["items"]]
    assert names == ["Phòng Nghiệp vụ I", "Phòng Nghiệp vụ II"]
    assert client.get("/api/v1/plans", {"q": "chi so xanh"}).json()["count"] == 1
    assert client.get("/api/v1/plans", {"q": "không có"}).json()["count"] == 0


def test_a_bearer_token_authenticates_with_the_same_rules(client, world, plan):
    _, key = ApiToken.issue(user=world.officer_a, name="thử")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get(f"/api/v1/plans/{plan.pk}", **auth).status_code == 200
    _, outsider_key = ApiToken.issue(user=world.outsider, name="thử")
    assert client.get(f"/api/v1/plans/{plan.pk}", HTTP_AUTHORIZATION=f"Bearer {outsider_key}").status_code == 404
    assert client.get(f"/api/v1/plans/{plan.pk}", HTTP_AUTHORIZATION="Bearer cx_sai").status_code == 401


def test_a_token_of_an_inactive_user_is_refused(client, world, plan):
    _, key = ApiToken.issue(user=world.officer_a, name="thử")
    world.officer_a.is_active = False
    world.officer_a.save()
    assert client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_only_the_token_hash_is_stored(world):
    token, key = ApiToken.issue(user=world.officer_a, name="thử")
    assert key not in token.key_hash and token.key_hash == ApiToken.hash_key(key)


def test_subindices_and_scores(client_for, world):
    client = client_for(world.outsider)
    subindices = client.get("/api/v1/subindices").json()
    assert [s["number"] for s in subindices] == [1, 2, 3, 4]
    provinces = client.get("/api/v1/provinces", {"q": "lang son", "era": "pre2025"}).json()
    assert [p["name"] for p in provinces] == ["Lạng Sơn"]
    scores = client.get("/api/v1/scores", {"province_id": provinces[0]["id"], "year": 2023}).json()
    assert scores["items"] == [
        {
            "province_id": provinces[0]["id"],
            "province": "Lạng Sơn",
            "year": 2023,
            "subindex": None,
            "score": 17.33,
            "rank": 62,
            "source": scores["items"][0]["source"],
        }
    ]


def test_healthz_answers_when_the_database_does(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


def test_the_command_issues_a_working_token(client, world, plan):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("create_api_token", "officer_a", stdout=out)
    key = out.getvalue().strip()
    assert client.get(f"/api/v1/plans/{plan.pk}", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    with pytest.raises(CommandError):
        call_command("create_api_token", "khong-ton-tai")
