"""Each role starts where its work is, and its menu offers only what it can use (issue 13)."""

from __future__ import annotations

import re

import pytest

from chisoxanh.reports import services as report_services
from tests.factories import open_period
from tests.personas import NAMES

# Where "/" sends each persona once the agency's 2026 period is open.
LANDING = {
    "officer_a": "/viec-cua-toi/",
    "officer_b": "/viec-cua-toi/",
    "unit_leader": "/tong-quan/",
    "coordinator": "board",  # the current period's board, through /bang-theo-doi/
    "head": "/tong-quan/",
    "viewer": "/tong-quan/",
    "aggregator": "/tong-hop/",
    "outsider": "/viec-cua-toi/",
    "admin": "/tong-quan/",
    "nobody": None,  # the home page itself, which says whom to ask
}

WORK = ["Việc của tôi"]
BROWSE = ["Kế hoạch", "Nhiệm vụ", "Cơ quan, đơn vị", "Chỉ số PGI"]
MENUS = {
    "officer_a": [*WORK, "Tổng quan", *BROWSE],
    "officer_b": [*WORK, "Tổng quan", *BROWSE],
    "unit_leader": [*WORK, "Duyệt báo cáo", "Tổng quan", *BROWSE],
    "coordinator": ["Bảng theo dõi", "Tổng quan", "Báo cáo kết quả", *BROWSE],
    "head": [*WORK, "Duyệt báo cáo", "Bảng theo dõi", "Tổng quan", "Báo cáo kết quả", *BROWSE],
    "viewer": ["Bảng theo dõi", "Tổng quan", "Báo cáo kết quả", *BROWSE],
    "aggregator": ["Tổng quan", "Báo cáo kết quả", "Tổng hợp", *BROWSE],
    "outsider": [*WORK, "Tổng quan", *BROWSE],
    "admin": ["Tổng quan", "Báo cáo kết quả", "Tổng hợp", *BROWSE, "Quản trị"],
    "nobody": ["Chỉ số PGI"],
}
assert set(LANDING) == set(MENUS) == set(NAMES)


def menu(html: str) -> list[tuple[str, str]]:
    """The wide menu's (label, address) pairs."""
    nav = re.search(r'<nav class="menu-wide"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)


@pytest.fixture
def period(world, plan):
    return open_period(world, plan)


@pytest.mark.parametrize("name", NAMES)
def test_each_role_lands_on_its_work(client_for, world, period, name):
    client = client_for(getattr(world, name))
    response = client.get("/")
    expected = LANDING[name]
    if expected is None:
        assert response.status_code == 200
        assert "Hãy liên hệ Văn phòng" in response.content.decode()
        return
    assert response.status_code == 302
    if expected == "board":
        assert response["Location"] == "/bang-theo-doi/"
        assert client.get("/bang-theo-doi/")["Location"] == f"/ky-bao-cao/{period.pk}/"
    else:
        assert response["Location"] == expected
    assert client.get(response["Location"], follow=True).status_code == 200


@pytest.mark.parametrize("name", NAMES)
def test_the_menu_shows_what_the_role_can_use_and_each_entry_opens(client_for, world, period, name):
    client = client_for(getattr(world, name))
    html = client.get("/ke-hoach/" if name != "nobody" else "/chi-so/").content.decode()
    entries = menu(html)
    assert [label for _, label in entries] == MENUS[name]
    for url, label in entries:
        if label == "Quản trị":
            continue
        response = client.get(url, follow=True)
        assert response.status_code == 200, (name, label)
        assert "Không có quyền" not in response.content.decode(), (name, label)


def test_the_current_page_is_marked_in_the_menu(client_for, world, period):
    html = client_for(world.coordinator).get(f"/ky-bao-cao/{period.pk}/").content.decode()
    assert re.search(r'<a href="/bang-theo-doi/" aria-current="page">Bảng theo dõi</a>', html)
    assert html.count('aria-current="page"') == 2  # the wide menu and the phone's, one shown at a time


def test_the_phone_menu_is_a_details_element_with_the_same_entries(client_for, world, period):
    html = client_for(world.officer_a).get("/viec-cua-toi/").content.decode()
    phone = re.search(r'<details class="menu-narrow">.*?<nav[^>]*>(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r">([^<]+)</a>", phone) == MENUS["officer_a"]
    assert "<summary>" in html and "Đăng xuất" in html


def test_the_board_entry_opens_the_newest_open_period(client_for, world, plan, period):
    (later,) = [p for p in report_services.periods_ensure(plan=plan, through_year=2027) if p.year == 2027]
    client = client_for(world.coordinator)
    assert client.get("/bang-theo-doi/")["Location"] == f"/ky-bao-cao/{period.pk}/"  # 2027 not opened yet
    report_services.period_open(actor=world.coordinator, period=later)
    assert client.get("/bang-theo-doi/")["Location"] == f"/ky-bao-cao/{later.pk}/"


def test_without_an_open_period_the_office_lands_on_the_overview(client_for, world, plan):
    client = client_for(world.coordinator)
    assert client.get("/")["Location"] == "/bang-theo-doi/"
    assert client.get("/bang-theo-doi/")["Location"] == "/tong-quan/"
    assert "Chưa có kỳ báo cáo nào đang mở" in client.get("/tong-quan/").content.decode()


def test_the_overview_shows_an_officer_the_open_period_of_their_unit(client_for, world, period):
    html = client_for(world.officer_a).get("/tong-quan/").content.decode()
    assert "Chưa có kỳ báo cáo nào đang mở" not in html
    assert period.plan.title in html and "Năm 2026 (đang mở)" in html
    assert "Báo cáo của <strong>Phòng Nghiệp vụ II</strong>" in html
    assert "0/3 báo cáo" in html  # three tasks, nothing sent yet
    assert 'href="/viec-cua-toi/"' in html
    # The board itself stays the Office's and the leaders'.
    assert f'href="/ky-bao-cao/{period.pk}/"' not in html


def test_the_overview_shows_a_leader_the_board_not_a_unit_share(client_for, world, period):
    html = client_for(world.head).get("/tong-quan/").content.decode()
    assert f'href="/ky-bao-cao/{period.pk}/"' in html
    assert "Báo cáo của <strong>" not in html


def test_the_overview_still_says_when_nothing_is_open(client_for, world, period):
    # The outsider's agency has no plan of its own.
    html = client_for(world.outsider).get("/tong-quan/").content.decode()
    assert "Chưa có kỳ báo cáo nào đang mở" in html
