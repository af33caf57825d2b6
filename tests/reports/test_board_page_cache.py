"""The whole board page is kept per user and period revision (web/pagecache.py): what a
cached copy shows must still be that user's, now, with a working form token."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from chisoxanh.accounts.models import Membership
from chisoxanh.reports.models import Notification
from chisoxanh.web.pagecache import CSRF_PLACEHOLDER


@pytest.fixture
def url(period):
    return reverse("board", args=[period.pk])


def login(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_a_cached_page_carries_a_token_that_works_for_its_reader(world, period, url):
    client = login(world.coordinator, enforce_csrf_checks=True)
    client.get(url)  # stored
    page = client.get(url).content.decode()  # served from the cache
    assert CSRF_PLACEHOLDER not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(reverse("result-report-start", args=[period.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302  # not 403: the token matches this reader's cookie


def test_each_user_gets_their_own_page(world, url):
    assert "Lập báo cáo kết quả" in login(world.coordinator).get(url).content.decode()
    head_page = login(world.head).get(url).content.decode()
    assert "Lập báo cáo kết quả" not in head_page  # the head does not draft; the Office does
    assert ">head<" in head_page and ">coordinator<" not in head_page


def test_the_unread_count_and_the_name_show_at_once(world, url):
    client = login(world.coordinator)
    assert 'class="badge"' not in client.get(url).content.decode()
    Notification.objects.create(recipient=world.coordinator, kind="reminder", title="Nhắc", body="Sắp đến hạn")
    assert '<span class="badge">1</span>' in client.get(url).content.decode()
    world.coordinator.last_name, world.coordinator.first_name = "Nguyễn Thị", "Hoa"
    world.coordinator.save()
    assert "Nguyễn Thị Hoa" in client.get(url).content.decode()


def test_a_flash_message_is_shown_once_and_never_cached(world, period, url):
    client = login(world.coordinator)
    client.get(url)
    page = client.post(reverse("board-remind", args=[period.pk]), follow=True).content.decode()
    assert 'class="messages"' in page
    assert 'class="messages"' not in client.get(url).content.decode()


def test_losing_the_role_closes_the_page_even_with_a_copy_cached(world, url):
    client = login(world.coordinator)
    assert client.get(url).status_code == 200
    Membership.objects.filter(user=world.coordinator).delete()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["outsider", "officer_a", "nobody"])
def test_outsiders_and_unit_staff_never_see_a_cached_board(world, url, name):
    login(world.coordinator).get(url)
    assert login(getattr(world, name)).get(url).status_code == 404


def test_a_very_large_page_is_served_but_not_kept(world, url, monkeypatch):
    from django.core.cache import cache

    from chisoxanh.web import pagecache

    monkeypatch.setattr(pagecache, "MAX_BYTES", 100)
    page = login(world.coordinator).get(url)
    assert page.status_code == 200 and CSRF_PLACEHOLDER not in page.content.decode()
    assert not [k for k in cache._cache if ":page:" in k]  # locmem's keys carry a prefix
