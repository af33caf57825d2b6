"""Lists that grow with the data are shown a page at a time, never cut off silently: what an
administrator or a province's leadership sees in a national deployment (issue 7)."""

import re

import pytest
from django.test import Client

from chisoxanh.demo.synth import SynthSize, synthesize

PAGER = re.compile(r"Trang (\d+)/(\d+) · (\d+)–(\d+) trong ([\d.]+)")


@pytest.fixture
def admin_client(db):
    from django.contrib.auth import get_user_model

    synthesize(SynthSize(agencies_per_province=55, units_per_agency=1, tasks_per_plan=1, years=2), last_year=2026)
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("quantri"))
    return client


def pager(client, url) -> tuple[int, ...]:
    response = client.get(url)
    assert response.status_code == 200
    found = PAGER.search(response.content.decode())
    assert found, f"no pager on {url}"
    return tuple(int(g.replace(".", "")) for g in found.groups())


@pytest.mark.parametrize(
    "url, per_page",
    [("/ke-hoach/", 50), ("/nhiem-vu/", 50), ("/co-quan/", 100), ("/bao-cao-ket-qua/", 50), ("/tong-quan/", 10)],
)
def test_every_long_list_has_pages_and_counts_all_rows(admin_client, url, per_page):
    number, pages, first, last, total = pager(admin_client, url)
    assert (number, first, last) == (1, 1, per_page) and total > per_page
    assert pages == -(-total // per_page)
    # The last page holds the rest; a page number too large or not a number is not an error.
    assert pager(admin_client, f"{url}?trang={pages}")[2:4] == ((pages - 1) * per_page + 1, total)
    assert pager(admin_client, f"{url}?trang=9999")[0] == pages
    assert pager(admin_client, f"{url}?trang=abc")[0] == 1


def test_the_search_is_kept_when_turning_pages(admin_client):
    page = admin_client.get("/ke-hoach/?q=chi+so+xanh").content.decode()
    assert 'href="?q=chi+so+xanh&amp;trang=2"' in page


def test_the_overview_shows_ten_boards_a_page(admin_client):
    page = admin_client.get("/tong-quan/").content.decode()
    assert page.count('<section class="overview">') == 10
