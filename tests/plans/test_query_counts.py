"""The plan page and the API plan detail cost the same number of queries at any size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_plan


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_plan_page_queries_do_not_grow_with_tasks(client_for, world):
    small = make_plan(world, tasks=2, title="Kế hoạch nhỏ")
    large = make_plan(world, tasks=40, title="Kế hoạch lớn")
    client = client_for(world.officer_a)
    count_queries(client, f"/ke-hoach/{small.pk}/")  # warm the session
    assert count_queries(client, f"/ke-hoach/{small.pk}/") == count_queries(client, f"/ke-hoach/{large.pk}/")


def test_api_plan_detail_queries_do_not_grow_with_tasks(client_for, world):
    small = make_plan(world, tasks=2, title="Kế hoạch nhỏ")
    large = make_plan(world, tasks=40, title="Kế hoạch lớn")
    client = client_for(world.coordinator)
    count_queries(client, f"/api/v1/plans/{small.pk}")
    assert count_queries(client, f"/api/v1/plans/{small.pk}") == count_queries(client, f"/api/v1/plans/{large.pk}")


def test_plan_list_queries_do_not_grow_with_plans(client_for, world):
    client = client_for(world.coordinator)
    make_plan(world, tasks=1, title="Một")
    count_queries(client, "/ke-hoach/")
    few = count_queries(client, "/ke-hoach/")
    for i in range(15):
        make_plan(world, tasks=2, title=f"Kế hoạch {i}")
    assert count_queries(client, "/ke-hoach/") == few
    api_few = count_queries(client, "/api/v1/plans")
    make_plan(world, tasks=2, title="Thêm")
    assert count_queries(client, "/api/v1/plans") == api_few
