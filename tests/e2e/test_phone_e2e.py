"""On a phone (Chromium at 390 × 844, touch): every page an officer, a leader and the Office work
on fits the screen, with no sideways scrolling of the page, even with a 3,000-character word in a
report; the menu folds away; the evidence field offers the camera (issue 13)."""

import re

import pytest
from playwright.sync_api import expect

from chisoxanh.demo.loader import load_demo
from chisoxanh.reports.models import Period, TaskReport
from tests.e2e.test_plan_page_e2e import ARTIFACTS, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 1,
    "locale": "vi-VN",
}
LONG_WORD = "Tuyêntruyền" * 273  # 3,003 characters without a space


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def fits(page) -> None:
    """The page is no wider than the screen: nothing scrolls sideways but boxes of their own."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide"


def open_menu(page):
    page.locator("details.menu-narrow > summary").click()
    return page.locator("details.menu-narrow nav")


def test_an_officer_works_on_a_phone(phone, live_server, tmp_path):
    load_demo(with_passwords=True)
    report = TaskReport.objects.select_related("task", "period", "organization").get(
        organization__name="Phòng Nghiệp vụ II", task__section="II.3"
    )
    report.results = f"Kết quả: {LONG_WORD} và hơn thế."
    report.save(update_fields=["results"])
    page, base = phone, live_server.url

    # The officer lands on what is due, not on a list of plans.
    login(page, base, "chuyenvien")
    expect(page).to_have_url(f"{base}/viec-cua-toi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc của tôi")
    fits(page)
    # The menu is folded behind one button; opened, it lists only what an officer uses.
    expect(page.locator("nav.menu-wide")).to_be_hidden()
    menu = open_menu(page)
    expect(menu.get_by_role("link", name="Việc của tôi")).to_have_attribute("aria-current", "page")
    expect(menu.get_by_role("link", name="Duyệt báo cáo")).to_have_count(0)
    expect(menu.get_by_role("link", name="Bảng theo dõi")).to_have_count(0)
    fits(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone-menu-chuyenvien.png"))
    page.locator("details.menu-narrow > summary").click()
    page.screenshot(path=str(ARTIFACTS / "phone-my-work.png"), full_page=True)

    # The report with the long word, then its form: the activities are cards, the camera is offered.
    page.goto(f"{base}/bao-cao/{report.pk}/")
    expect(page.locator(".text")).to_contain_text("Tuyêntruyền")
    fits(page)
    page.goto(f"{base}/bao-cao/{report.pk}/sua/")
    fits(page)
    photo = page.locator("#id_photos")
    expect(photo).to_be_visible()
    expect(photo).to_have_attribute("capture", "environment")
    expect(photo).to_have_attribute("accept", re.compile(r"image/jpeg"))
    expect(page.locator("#id_files")).to_have_attribute("accept", re.compile(r"application/pdf"))
    row = page.locator("table.activity-rows tbody tr").nth(2)  # the first empty one
    expect(row.get_by_label("Nội dung")).to_be_visible()
    row.get_by_label("Ngày").fill("20/11/2026")
    row.get_by_label("Hình thức").select_option("post")
    row.get_by_label("Nội dung").fill("Ảnh chụp bài đăng trên bảng tin của Sở")
    photo_file = tmp_path / "Ảnh bảng tin.png"
    photo_file.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    photo.set_input_files(str(photo_file))
    page.screenshot(path=str(ARTIFACTS / "phone-report-form.png"), full_page=True)
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu báo cáo")
    expect(page.get_by_role("link", name="Ảnh bảng tin.png")).to_be_visible()
    fits(page)

    # The search box of the header finds the report by its text, without diacritics.
    page.get_by_label("Tìm kiếm").fill("tuyentruyen")
    page.get_by_label("Tìm kiếm").press("Enter")
    expect(page.locator("li.hit")).to_have_count(1)
    expect(page.locator("li.hit mark").first).to_be_visible()
    fits(page)

    # The overview shows the open period of the officer's unit.
    page.goto(f"{base}/tong-quan/")
    expect(page.locator("main")).not_to_contain_text("Chưa có kỳ báo cáo nào đang mở")
    expect(page.locator("main")).to_contain_text("Phòng Nghiệp vụ II")
    fits(page)


def test_leaders_and_the_office_work_on_a_phone(phone, live_server):
    load_demo(with_passwords=True)
    TaskReport.objects.filter(organization__name="Phòng Nghiệp vụ II", task__section="II.1").update(results=LONG_WORD)
    period = Period.objects.get(plan__issuer__name="Sở Tư pháp", year=2026)
    page, base = phone, live_server.url

    # The unit's leader: the overview, then the review queue from the menu.
    login(page, base, "truongphong")
    expect(page).to_have_url(f"{base}/tong-quan/")
    fits(page)
    open_menu(page).get_by_role("link", name="Duyệt báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo chờ duyệt")
    expect(page.locator("table.review-list tbody tr").first).to_be_visible()
    fits(page)
    page.screenshot(path=str(ARTIFACTS / "phone-review-queue.png"), full_page=True)
    page.locator("table.review-list a").first.click()
    fits(page)
    page.context.clear_cookies()

    # The Office lands on its board; a filter changes the cards as well as the matrix.
    login(page, base, "vanphong")
    expect(page).to_have_url(f"{base}/ky-bao-cao/{period.pk}/")
    fits(page)
    whole = page.locator("section.cards .card").first.inner_text()
    page.get_by_label("Đơn vị").select_option(label="Phòng Nghiệp vụ II")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("main")).to_contain_text("tính theo bộ lọc")
    expect(page.locator("section.cards .card").first).not_to_have_text(whole)
    expect(page.locator("table.matrix tbody tr")).to_have_count(1)
    fits(page)
    page.screenshot(path=str(ARTIFACTS / "phone-board-vanphong.png"), full_page=True)
    page.context.clear_cookies()

    # The head: the overview, and the board from the menu.
    login(page, base, "giamdoc")
    expect(page).to_have_url(f"{base}/tong-quan/")
    fits(page)
    open_menu(page).get_by_role("link", name="Bảng theo dõi").click()
    expect(page).to_have_url(f"{base}/ky-bao-cao/{period.pk}/")
    fits(page)
    page.context.clear_cookies()

    # The aggregator starts on its aggregation.
    login(page, base, "tonghop")
    expect(page).to_have_url(f"{base}/tong-hop/")
    fits(page)
