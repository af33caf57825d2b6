"""In a real browser: vanphong logs in, opens the Sở Tư pháp plan and sees its three groups."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from chisoxanh.demo.loader import DEMO_PASSWORD, load_demo

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, base_url, username):
    """Log in; each role lands on its own first page (``web.views.home.landing``)."""
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)


def test_vanphong_opens_the_plan_and_finds_the_three_subindex_groups(page, live_server):
    load_demo(with_passwords=True)
    login(page, live_server.url, "vanphong")
    page.get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_role("link", name="thuộc phạm vi quản lý của Sở Tư pháp").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cải thiện, nâng cao Chỉ số Xanh")
    for number, name in (
        (1, "Giảm thiểu ô nhiễm và thiên tai"),
        (3, "Thúc đẩy thực hành xanh"),
        (4, "Chính sách khuyến khích và dịch vụ hỗ trợ"),
    ):
        group = page.locator(f"#subindex-{number}")
        expect(group).to_be_visible()
        expect(group.get_by_role("heading", level=3)).to_contain_text(name)
    expect(page.locator("#subindex-3")).to_contain_text("Phòng Nghiệp vụ II")
    expect(page.locator("#subindex-2")).to_have_count(0)
    expect(page.get_by_role("link", name="Sửa kế hoạch")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "plan-vanphong.png"), full_page=True)


def test_the_search_box_filters_plans_without_diacritics(page, live_server):
    load_demo(with_passwords=True)
    login(page, live_server.url, "chuyenvien")
    page.goto(f"{live_server.url}/ke-hoach/")
    page.get_by_label("Tìm kế hoạch").fill("so tu phap")
    expect(page.locator("#plan-rows tr")).to_have_count(1)
    expect(page.locator("#plan-rows")).to_contain_text("thuộc phạm vi quản lý của Sở Tư pháp")
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#plan-rows a").first.click()
    expect(page.locator("#subindex-1")).to_be_visible()
    expect(page.get_by_role("link", name="Sửa kế hoạch")).to_have_count(0)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "plan-chuyenvien-phone.png"), full_page=True)
