"""In a real browser, at a desk's width and a phone's, the whole cycle of one period as the five
personas live it: the officer writes and sends a report, the unit's leader returns it, sees what
changed and accepts it; the Office opens the result report while the data moves on; the head is
refused the stale draft until its figures are refreshed, returns it to the Office, then signs and
sends it; the provincial aggregator finds it among the agencies' reports and confirms receipt."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from chisoxanh.demo.loader import load_demo
from chisoxanh.documents.models import ResultReport
from chisoxanh.reports import services as report_services
from chisoxanh.reports.models import TaskReport
from tests.e2e.test_plan_page_e2e import ARTIFACTS
from tests.e2e.test_result_report_e2e import fits, switch_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DAY = dt.date(2026, 12, 2)
RESULTS = "Đã đăng 1 tin trên nhóm Zalo các doanh nghiệp, tiếp cận 350 người."
FIXED = "Đã đăng 1 tin trên nhóm Zalo các doanh nghiệp ngày 15/10/2026, tiếp cận 350 người."
RETURN_REASON = "Ghi rõ ngày đăng và đường dẫn bài viết trên nhóm Zalo."
OFFICE_REASON = "Bổ sung nguyên nhân các đơn vị chậm báo cáo trước khi trình ký."
LINK = "https://zalo.me/g/sotuphaplangson/2026-10-15"


@pytest.fixture
def today(monkeypatch):
    # The live server answers in a thread of this process: it looks at DAY too.
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, tz=None: real(value, tz) if value else DAY)
    return DAY


@pytest.mark.parametrize("width", [1366, 390])
def test_the_whole_cycle_from_the_officer_to_the_province(page, live_server, today, width):
    load_demo(with_passwords=True)
    users = {u.username: u for u in get_user_model().objects.all()}
    report = TaskReport.objects.select_related("task").get(
        organization__name="Phòng Nghiệp vụ II", task__section="II.3"
    )
    result = ResultReport.objects.get()
    base = live_server.url
    page.set_viewport_size({"width": width, "height": 900 if width > 390 else 844})
    ARTIFACTS.mkdir(exist_ok=True)

    # 1. chuyenvien writes the results and an activity, and sends the report.
    switch_to(page, base, "chuyenvien")
    expect(page).to_have_url(f"{base}/viec-cua-toi/")
    fits(page, width)
    page.goto(f"{base}/bao-cao/{report.pk}/sua/")
    fits(page, width)
    page.locator("#id_results").fill(RESULTS)
    page.locator("#id_hd-2-date").fill("15/10/2026")
    page.locator("#id_hd-2-kind").select_option("post")
    page.locator("#id_hd-2-channel").select_option("zalo")
    page.locator("#id_hd-2-title").fill("Tin trên nhóm Zalo các doanh nghiệp")
    page.locator("#id_hd-2-people_reached").fill("350")
    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu và gửi báo cáo để duyệt")
    fits(page, width)

    # 2. truongphong sees the report in the queue and returns it with a reason.
    switch_to(page, base, "truongphong")
    page.goto(f"{base}/duyet-bao-cao/")
    fits(page, width)
    page.get_by_role("link", name=report.task.title).first.click()
    expect(page.locator("main")).to_contain_text(RESULTS)
    expect(page.locator("main")).to_contain_text("Tin trên nhóm Zalo các doanh nghiệp")
    fits(page, width)
    page.get_by_label("Trả lại báo cáo — lý do (bắt buộc)").fill(RETURN_REASON)
    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_role("status")).to_contain_text("Đã trả lại báo cáo")
    fits(page, width)

    # chuyenvien sees the reason on Việc của tôi, fixes the report and sends it again.
    switch_to(page, base, "chuyenvien")
    page.goto(f"{base}/viec-cua-toi/")
    expect(page.locator("article.work.returned")).to_contain_text(RETURN_REASON)
    fits(page, width)
    page.goto(f"{base}/bao-cao/{report.pk}/sua/")
    page.locator("#id_results").fill(FIXED)
    page.locator("#id_hd-2-link").fill(LINK)
    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu và gửi báo cáo để duyệt")
    fits(page, width)

    # truongphong sees what changed since the return, and accepts once the box is ticked.
    switch_to(page, base, "truongphong")
    page.goto(f"{base}/bao-cao/{report.pk}/")
    changes = page.locator("section.changes-since-return")
    expect(changes).to_contain_text(RETURN_REASON)
    expect(changes.locator("ins").first).to_be_visible()
    expect(changes).to_contain_text("Sửa (")
    fits(page, width)
    page.screenshot(path=str(ARTIFACTS / f"cycle-changes-{width}.png"), full_page=True)
    page.get_by_label("đồng ý duyệt").check()
    page.get_by_role("button", name="Duyệt báo cáo").click()
    expect(page.get_by_role("status")).to_contain_text("Đã duyệt báo cáo")
    fits(page, width)
    report.refresh_from_db()
    assert report.state == "accepted" and report.results == FIXED

    # 3. vanphong opens the period's result report from the board and takes today's figures.
    switch_to(page, base, "vanphong")
    page.goto(f"{base}/ky-bao-cao/{result.period_id}/")
    expect(page.locator(f'a.cell[href="/bao-cao/{report.pk}/"]')).to_have_text("Đã duyệt")
    fits(page, width)
    page.get_by_role("button", name="Mở báo cáo kết quả").click()
    expect(page).to_have_url(f"{base}/bao-cao-ket-qua/{result.pk}/")
    page.locator("p.currency-ok, section.currency-panel").first.wait_for()
    panel = page.locator("section.currency-panel")
    if panel.count():  # the demo's draft was composed before this morning's acceptance
        panel.get_by_role("button", name="Lấy số liệu mới").click()
        expect(page.get_by_role("status").first).to_contain_text("Đã lấy số liệu mới nhất vào dự thảo")
    expect(page.get_by_text("Số liệu của dự thảo khớp với dữ liệu hôm nay")).to_be_visible()
    fits(page, width)

    # Meanwhile Văn phòng Sở sends the report it had kept as a draft, and it is accepted.
    other = TaskReport.objects.select_related("task", "organization", "period__plan__issuer").get(
        organization__name="Văn phòng Sở", state=TaskReport.State.DRAFT
    )
    other = report_services.report_submit(actor=users["admin"], report=other, expected_version=other.version)
    report_services.report_accept(actor=users["admin"], report=other, expected_version=other.version)

    # 4. giamdoc is refused the stale draft until the new figures are taken.
    switch_to(page, base, "giamdoc")
    page.goto(f"{base}/bao-cao-ket-qua/{result.pk}/")
    expect(page.locator("section.currency-panel")).to_be_visible()
    fits(page, width)
    page.get_by_role("link", name="Ký duyệt, cấp số…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ký duyệt báo cáo kết quả")
    expect(page.locator("section.checklist")).to_be_visible()
    fits(page, width)
    # The draft went stale before the page was opened: no box to tick, no button to sign with.
    expect(page.locator("p.callout[role=alert]")).to_contain_text("Chưa ký duyệt được khi số liệu của dự thảo đã cũ")
    expect(page.get_by_role("button", name="Ký duyệt, cấp số", exact=True)).to_have_count(0)
    panel = page.locator("section.currency-panel")
    expect(panel).to_contain_text("Báo cáo các đơn vị đã gửi")
    fits(page, width)
    page.screenshot(path=str(ARTIFACTS / f"cycle-stale-{width}.png"), full_page=True)
    result.refresh_from_db()
    assert result.state == "draft" and result.number is None
    panel.get_by_role("button", name="Lấy số liệu mới").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã lấy số liệu mới nhất vào dự thảo")
    expect(page.locator("section.currency-panel")).to_have_count(0)

    # giamdoc returns the draft to the Office with a reason.
    page.locator("details#tra-lai > summary").click()
    page.get_by_label("Lý do trả lại, việc Văn phòng cần sửa (bắt buộc)").fill(OFFICE_REASON)
    page.get_by_role("button", name="Trả lại Văn phòng").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã trả lại dự thảo cho Văn phòng")
    expect(page.locator(".doc-state")).to_have_text("Trả lại Văn phòng")
    fits(page, width)

    # vanphong sees the reason, writes the causes and submits the draft again.
    switch_to(page, base, "vanphong")
    page.goto(f"{base}/bao-cao-ket-qua/{result.pk}/")
    expect(page.locator(".reason-box")).to_contain_text(OFFICE_REASON)
    fits(page, width)
    page.get_by_label("3. Nguyên nhân").fill("Một số đơn vị chưa bố trí cán bộ theo dõi, tổng hợp.")
    page.get_by_role("button", name="Lưu nội dung").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã lưu nội dung báo cáo")
    page.get_by_role("button", name="Trình lại để ký duyệt").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã trình lại dự thảo")
    expect(page.locator(".doc-state")).to_have_text("Dự thảo")
    fits(page, width)

    # giamdoc signs (checklist and box), then sends (box).
    switch_to(page, base, "giamdoc")
    page.goto(f"{base}/bao-cao-ket-qua/{result.pk}/")
    page.get_by_role("link", name="Ký duyệt, cấp số…").click()
    expect(page.locator("section.checklist")).to_be_visible()
    fits(page, width)
    page.get_by_label("Tôi đã xem các lưu ý trên và đồng ý ký duyệt, cấp số cho báo cáo này.").check()
    page.get_by_role("button", name="Ký duyệt, cấp số", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Đã ký duyệt")
    expect(page.locator("ul.result-history")).to_contain_text("Giám đốc ký duyệt, cấp số 01/BC-STP")
    fits(page, width)
    page.get_by_role("link", name="Gửi Sở Nông nghiệp và Môi trường…").click()
    fits(page, width)
    page.get_by_label("Tôi xác nhận gửi Báo cáo số 01/BC-STP đến Sở Nông nghiệp và Môi trường.").check()
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã gửi báo cáo")
    fits(page, width)
    result.refresh_from_db()
    assert (result.state, result.reference) == ("sent", "01/BC-STP")

    # 5. tonghop finds the agency's report as sent in its aggregation, and confirms receipt.
    switch_to(page, base, "tonghop")
    expect(page).to_have_url(f"{base}/tong-hop/")
    row = page.locator("table.list tbody tr", has_text="Sở Tư pháp")
    expect(row).to_contain_text("Số 01/BC-STP")
    expect(row.locator(".doc-state")).to_have_text("Đã gửi")
    fits(page, width)
    page.screenshot(path=str(ARTIFACTS / f"cycle-aggregation-{width}.png"), full_page=True)
    row.get_by_role("link", name="Số 01/BC-STP").click()
    expect(page).to_have_url(f"{base}/bao-cao-ket-qua/{result.pk}/")
    fits(page, width)
    page.get_by_role("button", name="Xác nhận đã nhận").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã xác nhận nhận báo cáo")
    expect(page.locator(".doc-state")).to_have_text("Đã nhận")
    fits(page, width)
    page.goto(f"{base}/tong-hop/")
    row = page.locator("table.list tbody tr", has_text="Sở Tư pháp")
    expect(row.locator(".doc-state")).to_have_text("Đã nhận")
    fits(page, width)
    result.refresh_from_db()
    assert result.state == "received" and result.received_by == users["tonghop"]
