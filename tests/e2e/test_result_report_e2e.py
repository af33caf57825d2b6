"""In a real browser, at a desk's width and a phone's: the head is refused a draft whose figures
the data has moved past until the new ones are taken, returns the draft to the Office with a
reason, the Office edits and submits it again, and the head signs and sends it (issue 13)."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from chisoxanh.demo.loader import DEMO_PASSWORD, load_demo
from chisoxanh.documents import services
from chisoxanh.documents.models import ResultReport
from chisoxanh.reports import services as report_services
from chisoxanh.reports.models import Notification, TaskReport
from tests.e2e.test_plan_page_e2e import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DAY = dt.date(2026, 12, 2)
REASON = "Bổ sung nguyên nhân các đơn vị chậm báo cáo trước khi trình ký."


@pytest.fixture
def today(monkeypatch):
    # The live server answers in a thread of this process: it looks at DAY too.
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, tz=None: real(value, tz) if value else DAY)
    return DAY


def fits(page, width: int) -> None:
    """Nothing wider than a phone's screen: the page never scrolls sideways."""
    if width <= 390:
        assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/dang-nhap/"))


def switch_to(page, base: str, username: str) -> None:
    # Cookies cleared rather than the menu's button: on a phone that button sits in the folded menu.
    page.context.clear_cookies()
    login(page, base, username)


@pytest.mark.parametrize("width", [1366, 390])
def test_a_stale_draft_is_refused_then_returned_resubmitted_signed_and_sent(page, live_server, today, width):
    load_demo(with_passwords=True)
    users = {u.username: u for u in get_user_model().objects.all()}
    report = ResultReport.objects.get()
    services.result_report_regenerate(
        actor=users["vanphong"], report=report, expected_version=report.version, today=today
    )  # the draft as the Office left it on DAY
    base = live_server.url
    page.set_viewport_size({"width": width, "height": 900})

    # giamdoc opens the draft: its figures are today's; the approval page lists what they leave out.
    login(page, base, "giamdoc")
    page.goto(f"{base}/bao-cao-ket-qua/{report.pk}/")
    expect(page.get_by_text("Số liệu của dự thảo khớp với dữ liệu hôm nay")).to_be_visible()
    expect(page.get_by_role("heading", name="II. KẾT QUẢ THỰC HIỆN")).to_be_visible()
    expect(page.get_by_role("heading", name="III. ĐÁNH GIÁ CHUNG")).to_be_visible()
    fits(page, width)
    page.get_by_role("link", name="Ký duyệt, cấp số…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ký duyệt báo cáo kết quả")
    checklist = page.locator("section.checklist")
    expect(checklist).to_contain_text("9 báo cáo còn chờ duyệt")
    expect(checklist).to_contain_text("1 đơn vị chưa gửi báo cáo nào: Trung tâm Dịch vụ đấu giá tài sản")
    expect(checklist).to_contain_text("1 báo cáo bị trả lại, đơn vị chưa gửi lại")
    fits(page, width)
    page.screenshot(path=str(ARTIFACTS / f"result-approve-checklist-{width}.png"), full_page=True)

    # While the page is open, Văn phòng Sở sends the report it had kept as a draft.
    sent = TaskReport.objects.select_related("task", "organization", "period__plan__issuer").get(
        organization__name="Văn phòng Sở", state=TaskReport.State.DRAFT
    )
    report_services.report_submit(actor=users["admin"], report=sent, expected_version=sent.version)

    page.get_by_label("Tôi đã xem các lưu ý trên và đồng ý ký duyệt, cấp số cho báo cáo này.").check()
    page.get_by_role("button", name="Ký duyệt, cấp số", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("Chưa ký duyệt được: số liệu đã thay đổi")
    panel = page.locator("section.currency-panel")
    expect(panel).to_contain_text("Báo cáo các đơn vị đã gửi: 18/23 → 19/23 báo cáo")
    fits(page, width)
    page.screenshot(path=str(ARTIFACTS / f"result-stale-{width}.png"), full_page=True)
    report.refresh_from_db()
    assert report.state == "draft" and report.number is None

    panel.get_by_role("button", name="Lấy số liệu mới").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã lấy số liệu mới nhất vào dự thảo")
    expect(page.locator("section.currency-panel")).to_have_count(0)

    # Not signed yet: giamdoc sends it back to the Office with a reason.
    page.locator("details#tra-lai > summary").click()
    page.get_by_label("Lý do trả lại, việc Văn phòng cần sửa (bắt buộc)").fill(REASON)
    page.get_by_role("button", name="Trả lại Văn phòng").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã trả lại dự thảo cho Văn phòng")
    expect(page.locator(".doc-state")).to_have_text("Trả lại Văn phòng")
    fits(page, width)

    # vanphong is told, sees the reason, writes the causes and submits the draft again.
    assert Notification.objects.filter(recipient=users["vanphong"], kind="returned", body__contains=REASON).exists()
    switch_to(page, base, "vanphong")
    page.goto(f"{base}/bao-cao-ket-qua/{report.pk}/")
    expect(page.locator(".reason-box")).to_contain_text(REASON)
    page.get_by_label("3. Nguyên nhân").fill("Một số đơn vị chưa bố trí cán bộ theo dõi, tổng hợp.")
    page.get_by_role("button", name="Lưu nội dung").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã lưu nội dung báo cáo")
    fits(page, width)
    page.screenshot(path=str(ARTIFACTS / f"result-returned-office-{width}.png"), full_page=True)
    page.get_by_role("button", name="Trình lại để ký duyệt").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã trình lại dự thảo")
    expect(page.locator(".doc-state")).to_have_text("Dự thảo")

    # giamdoc signs, then sends: each only once the box is ticked.
    switch_to(page, base, "giamdoc")
    page.goto(f"{base}/bao-cao-ket-qua/{report.pk}/")
    page.get_by_role("link", name="Ký duyệt, cấp số…").click()
    page.get_by_label("Tôi đã xem các lưu ý trên và đồng ý ký duyệt, cấp số cho báo cáo này.").check()
    page.get_by_role("button", name="Ký duyệt, cấp số", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Đã ký duyệt")
    history = page.locator("ul.result-history")
    for sentence in (
        "Giám đốc ký duyệt, cấp số 01/BC-STP",
        "Văn phòng trình lại để ký duyệt",
        "Văn phòng sửa nội dung",
        f"Giám đốc trả lại: {REASON}",
        "Cập nhật số liệu",
        "Văn phòng tạo bản nháp",
    ):
        expect(history).to_contain_text(sentence)
    page.get_by_role("link", name="Gửi Sở Nông nghiệp và Môi trường…").click()
    send_url = page.url
    page.get_by_role("button", name="Gửi báo cáo").click()  # the box is not ticked: the browser holds it back
    assert page.url == send_url
    report.refresh_from_db()
    assert report.state == "approved"
    page.get_by_label("Tôi xác nhận gửi Báo cáo số 01/BC-STP đến Sở Nông nghiệp và Môi trường.").check()
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã gửi báo cáo")
    fits(page, width)
    page.screenshot(path=str(ARTIFACTS / f"result-sent-{width}.png"), full_page=True)
    report.refresh_from_db()
    assert (report.state, report.reference) == ("sent", "01/BC-STP")
    assert "19/23" in report.text("III.1") and report.text("III.3").startswith("Một số đơn vị")
