"""In a real browser, the whole review cycle of one report, as the issue describes it."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from chisoxanh.demo.loader import load_demo
from chisoxanh.reports.models import TaskReport
from tests.e2e.test_plan_page_e2e import ARTIFACTS, login
from tests.factories import pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.get_by_role("button", name="Đăng xuất").click()


def test_report_returned_with_a_reason_then_resubmitted_and_accepted(page, live_server, tmp_path):
    load_demo(with_passwords=True)
    report = TaskReport.objects.get(organization__name="Phòng Nghiệp vụ II", task__section="II.3")
    pdf = Path(tmp_path) / "Minh chứng Fanpage.pdf"
    pdf.write_bytes(pdf_bytes())
    base = live_server.url

    # chuyenvien fills the report: two activities and a PDF, then submits.
    login(page, base, "chuyenvien")
    page.get_by_role("link", name="Việc của tôi").click()
    page.get_by_role("link", name="Sửa báo cáo").first.click()
    page.locator("#id_results").fill("Đã đăng 2 tin trên Fanpage và nhóm Zalo doanh nghiệp, tiếp cận 1.850 người.")
    for row, (date, kind, channel, title, people) in enumerate(
        [
            ("15/10/2026", "post", "zalo", "Tin trên nhóm Zalo các doanh nghiệp", "350"),
            ("02/11/2026", "post", "fanpage", "Bài viết về chính sách hỗ trợ đầu tư xanh", "1500"),
        ],
        start=2,
    ):
        page.locator(f"#id_hd-{row}-date").fill(date)
        page.locator(f"#id_hd-{row}-kind").select_option(kind)
        page.locator(f"#id_hd-{row}-channel").select_option(channel)
        page.locator(f"#id_hd-{row}-title").fill(title)
        page.locator(f"#id_hd-{row}-people_reached").fill(people)
    page.locator("#id_files").set_input_files(str(pdf))
    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu và gửi báo cáo để duyệt")
    expect(page.get_by_role("link", name="Minh chứng Fanpage.pdf")).to_be_visible()
    logout(page)

    # truongphong returns it with a reason.
    login(page, base, "truongphong")
    page.get_by_role("link", name="Duyệt báo cáo").click()
    page.get_by_role("link", name=report.task.title).click()
    page.get_by_label("Trả lại báo cáo — lý do (bắt buộc)").fill("Ghi rõ ngày đăng và đường dẫn bài viết trên Fanpage.")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_role("status")).to_contain_text("Đã trả lại báo cáo")
    logout(page)

    # chuyenvien sees the reason on Việc của tôi, edits and resubmits.
    login(page, base, "chuyenvien")
    page.get_by_role("link", name="Việc của tôi").click()
    expect(page.locator("article.work.returned")).to_contain_text(
        "Ghi rõ ngày đăng và đường dẫn bài viết trên Fanpage."
    )
    page.screenshot(path=str(ARTIFACTS / "my-work-returned.png"), full_page=True)
    page.get_by_role("link", name="Sửa báo cáo").first.click()
    page.locator("#id_hd-3-link").fill("https://www.facebook.com/sotuphaplangson/posts/2026-11-02")
    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu và gửi báo cáo để duyệt")
    logout(page)

    # truongphong accepts.
    login(page, base, "truongphong")
    page.goto(f"{base}/bao-cao/{report.pk}/")
    page.get_by_label("đồng ý duyệt").check()
    page.get_by_role("button", name="Duyệt báo cáo").click()
    expect(page.get_by_role("status")).to_contain_text("Đã duyệt báo cáo")
    logout(page)

    # vanphong's board shows the change; the history shows every step.
    login(page, base, "vanphong")
    page.goto(f"{base}/ky-bao-cao/{report.period_id}/")
    cell = page.locator(f'a.cell[href="/bao-cao/{report.pk}/"]')
    expect(cell).to_have_text("Đã duyệt")
    page.screenshot(path=str(ARTIFACTS / "board-vanphong.png"), full_page=True)
    page.goto(f"{base}/bao-cao/{report.pk}/lich-su/")
    history = page.locator("ul.history")
    for step in ("Trả lại", "Gửi duyệt", "Duyệt", "Lưu"):
        expect(history).to_contain_text(step)
    expect(history).to_contain_text("Ghi rõ ngày đăng và đường dẫn bài viết trên Fanpage.")
    report.refresh_from_db()
    assert report.state == "accepted" and report.activities.count() == 4 and report.evidence.count() == 1
