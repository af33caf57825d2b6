"""Signing only what is current: the result report's page and its approval compose the report
again and compare it with the draft; a draft the data has moved past is refused until someone
takes the new figures, the Office's texts are kept across that refresh, the head sees a checklist
and confirms, sending is confirmed too, and the page reads like the DOCX (issue 13)."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re

import pytest

from chisoxanh.core.models import AuditEntry
from chisoxanh.core.workflow import DomainError
from chisoxanh.documents import currency, services
from chisoxanh.documents.models import DocumentCounter, ResultReport
from chisoxanh.reports import services as report_services
from chisoxanh.reports.models import Period, TaskReport

from .conftest import DEMO_DAY as DAY
from .conftest import open_docx


@pytest.fixture
def draft(result_report, users, today) -> ResultReport:
    """The demo's draft with the figures of DAY taken, so that every test starts from a current one."""
    services.result_report_regenerate(
        actor=users["vanphong"], report=result_report, expected_version=result_report.version, today=today
    )
    result_report.refresh_from_db()
    assert not currency.check(result_report, today=today).stale
    return result_report


def text_of(html: str) -> str:
    """What a reader sees: tags dropped, entities decoded, white space collapsed."""
    text = re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", html))).strip()
    return re.sub(r" ([,.:;)])", r"\1", text)


def _report(**filters) -> TaskReport:
    return TaskReport.objects.select_related("task", "organization", "period__plan__issuer").get(**filters)


def a_unit_sends_its_report(users) -> TaskReport:
    """Văn phòng Sở sends the report it had left as a draft: 18/23 reports sent become 19/23."""
    report = _report(organization__name="Văn phòng Sở", state=TaskReport.State.DRAFT)
    report_services.report_submit(actor=users["admin"], report=report, expected_version=report.version)
    return report


def a_leader_accepts_a_report(users) -> TaskReport:
    report = TaskReport.objects.filter(state=TaskReport.State.SUBMITTED).order_by("pk").first()
    report = _report(pk=report.pk)
    report_services.report_accept(actor=users["admin"], report=report, expected_version=report.version)
    return report


# --- currency ---------------------------------------------------------------------------------


def test_reports_sent_and_accepted_after_the_draft_show_beside_its_figures(client, users, draft):
    client.force_login(users["giamdoc"])
    page = text_of(client.get(draft.get_absolute_url()).content.decode())
    assert "Số liệu của dự thảo khớp với dữ liệu hôm nay" in page and "Số liệu đã thay đổi" not in page

    a_unit_sends_its_report(users)
    a_leader_accepts_a_report(users)
    page = text_of(client.get(draft.get_absolute_url()).content.decode())
    assert "Số liệu đã thay đổi" in page
    assert "Báo cáo các đơn vị đã gửi: 18/23 → 19/23 báo cáo" in page
    assert "Báo cáo đã được duyệt: 9 → 10 báo cáo" in page
    assert "Lấy số liệu mới" in page  # the head about to sign may take them too
    # The stored draft still says what it said: nothing is written by opening the page.
    draft.refresh_from_db()
    assert "18/23" in draft.text("III.1") and draft.version == 2


def test_a_passing_deadline_makes_the_draft_stale_though_nothing_was_saved(draft):
    """Why the rule is a digest of the composed document and not the board's revision."""
    period = Period.objects.get(pk=draft.period_id)
    check = currency.check(draft, today=dt.date(2026, 12, 11))  # the agency's own deadline was 10/12
    assert check.stale and check.task_changes
    assert any("Quá hạn" in c.after for c in check.task_changes)
    assert Period.objects.get(pk=period.pk).revision == period.revision


def test_a_change_the_document_does_not_print_leaves_the_draft_current(users, draft):
    period = Period.objects.get(pk=draft.period_id)
    report = _report(organization__name="Văn phòng Sở", state=TaskReport.State.DRAFT)
    report_services.report_save(
        actor=users["admin"], report=report, expected_version=report.version, fields={"results": "Còn đang viết."}
    )
    assert Period.objects.get(pk=period.pk).revision > period.revision  # the board moved…
    assert not currency.check(draft, today=DAY).stale  # …the document did not


def test_approval_is_refused_until_the_new_figures_are_taken(client, users, draft):
    a_unit_sends_its_report(users)
    with pytest.raises(DomainError, match="Chưa ký duyệt được: số liệu đã thay đổi") as refused:
        services.result_report_approve(actor=users["giamdoc"], report=draft, expected_version=draft.version, today=DAY)
    assert "18/23 → 19/23 báo cáo" in str(refused.value)
    draft.refresh_from_db()
    assert (draft.state, draft.number, bool(draft.docx), draft.version) == ("draft", None, False, 2)
    assert not DocumentCounter.objects.exists()  # refused before a number was drawn

    client.force_login(users["giamdoc"])
    url = f"/bao-cao-ket-qua/{draft.pk}/ky-duyet/"
    confirm = text_of(client.get(url).content.decode())
    assert "Chưa ký duyệt được khi số liệu của dự thảo đã cũ" in confirm and "Tôi đã xem các lưu ý" not in confirm
    # Ticked and posted all the same (a page opened before the data moved): still refused.
    response = client.post(url, {"version": draft.version, "xac_nhan": "1"}, follow=True)
    assert "Chưa ký duyệt được" in text_of(response.content.decode())
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.number is None

    taken = client.post(f"/bao-cao-ket-qua/{draft.pk}/cap-nhat/", {"version": draft.version, "tiep": "ky-duyet"})
    assert taken.status_code == 302 and taken["Location"] == url
    draft.refresh_from_db()
    assert "19/23" in draft.text("III.1")
    assert client.post(url, {"version": draft.version, "xac_nhan": "1"}).status_code == 302
    draft.refresh_from_db()
    assert draft.state == "approved" and draft.reference == "01/BC-STP"
    assert "19/23" in "\n".join(p.text for p in open_docx(services.result_report_docx(draft)).paragraphs)


def test_a_draft_made_before_fingerprints_must_be_refreshed_once(users, draft):
    ResultReport.objects.filter(pk=draft.pk).update(facts_fingerprint="")
    draft.refresh_from_db()
    with pytest.raises(DomainError, match="chưa đối chiếu được"):
        services.result_report_approve(actor=users["giamdoc"], report=draft, expected_version=draft.version, today=DAY)
    services.result_report_regenerate(actor=users["giamdoc"], report=draft, expected_version=draft.version, today=DAY)
    services.result_report_approve(actor=users["giamdoc"], report=draft, expected_version=draft.version, today=DAY)
    assert draft.number == 1


def test_the_offices_edits_are_kept_across_a_refresh(client, users, draft):
    office = users["vanphong"]
    own_figures = "Các phòng, đơn vị đã gửi đủ báo cáo theo yêu cầu (Văn phòng viết lại)."
    causes = "Do một số đơn vị chưa bố trí cán bộ theo dõi."
    services.result_report_edit(
        actor=office,
        report=draft,
        expected_version=draft.version,
        texts={"III.1": own_figures, "III.3": causes},
        meta={},
    )
    a_unit_sends_its_report(users)
    stale = services.result_report_regenerate(actor=office, report=draft, expected_version=draft.version, today=DAY)
    assert stale == ["III.1"]
    draft.refresh_from_db()
    assert draft.text("III.1") == own_figures and draft.text("III.3") == causes
    section = draft.section_map()["III.1"]
    assert section["stale"] and "19/23" in section["generated"]
    check = currency.check(draft, today=DAY)
    assert not check.stale  # the figures are taken; the Office's text is the Office's to change
    assert currency.checklist(draft, check).stale_edits == ["1. Kết quả đạt được"]
    client.force_login(office)
    page = text_of(client.get(draft.get_absolute_url()).content.decode())
    assert "Số liệu mới (chưa áp dụng vì mục này đã được sửa)" in page and "19/23" in page
    version = draft.versions.order_by("-number").first()
    assert version.event == "regenerated" and "18/23 → 19/23 báo cáo" in version.note


# --- the checklist and the confirmations --------------------------------------------------------


def test_the_approval_page_lists_what_the_figures_leave_out(client, users, draft):
    period = draft.period
    pending = TaskReport.objects.filter(period=period, state=TaskReport.State.SUBMITTED).select_related(
        "organization", "task"
    )
    returned = _report(period=period, state=TaskReport.State.RETURNED)
    client.force_login(users["giamdoc"])
    response = client.get(f"/bao-cao-ket-qua/{draft.pk}/ky-duyet/")
    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert f"{pending.count()} báo cáo còn chờ duyệt, chưa được tính vào kết quả" in page
    for r in pending:
        assert f"{r.organization.name} — {r.task.title}" in page
    assert "1 đơn vị chưa gửi báo cáo nào: Trung tâm Dịch vụ đấu giá tài sản." in page
    assert f"1 báo cáo bị trả lại, đơn vị chưa gửi lại: {returned.organization.name} — {returned.task.title}" in page
    assert "Mục để trống, sẽ không in ra: 3. Nguyên nhân." in page
    assert "Tôi đã xem các lưu ý trên và đồng ý ký duyệt, cấp số cho báo cáo này." in page
    assert 'name="xac_nhan" value="1" required' in response.content.decode()


def test_approving_and_sending_without_the_tick_change_nothing(client, users, draft):
    client.force_login(users["giamdoc"])
    url = f"/bao-cao-ket-qua/{draft.pk}/ky-duyet/"
    refused = client.post(url, {"version": draft.version})
    assert refused.status_code == 400 and "Chưa ký duyệt: hãy đánh dấu ô xác nhận" in text_of(refused.content.decode())
    draft.refresh_from_db()
    assert (draft.state, draft.number, draft.version) == ("draft", None, 2)
    assert not DocumentCounter.objects.exists()
    assert not AuditEntry.objects.filter(action="documents.result_report.approved").exists()

    client.post(url, {"version": draft.version, "xac_nhan": "1"})
    draft.refresh_from_db()
    assert draft.state == "approved"
    client.force_login(users["vanphong"])
    send = f"/bao-cao-ket-qua/{draft.pk}/gui/"
    page = text_of(client.get(send).content.decode())
    assert "Tôi xác nhận gửi Báo cáo số 01/BC-STP đến Sở Nông nghiệp và Môi trường." in page
    refused = client.post(send, {"version": draft.version})
    assert refused.status_code == 400 and "Chưa gửi: hãy đánh dấu ô xác nhận" in text_of(refused.content.decode())
    draft.refresh_from_db()
    assert draft.state == "approved" and draft.sent_at is None
    assert client.post(send, {"version": draft.version, "xac_nhan": "1"}).status_code == 302
    draft.refresh_from_db()
    assert draft.state == "sent"


@pytest.mark.parametrize(
    ("name", "status"), [("vanphong", 403), ("chuyenvien", 404), ("truongphong", 404), ("tonghop", 404)]
)
def test_the_approval_page_is_the_heads(client, users, draft, name, status):
    client.force_login(users[name])
    url = f"/bao-cao-ket-qua/{draft.pk}/ky-duyet/"
    assert client.get(url).status_code == status
    assert client.post(url, {"version": draft.version, "xac_nhan": "1"}).status_code == status
    assert ResultReport.objects.get(pk=draft.pk).state == "draft"


# --- the page reads like the document -----------------------------------------------------------


def test_the_page_shows_every_heading_of_the_docx_in_its_order(client, users, draft):
    client.force_login(users["giamdoc"])
    html = client.get(draft.get_absolute_url()).content.decode()
    document = html[html.index('<article class="result-doc"') : html.index("</article>")]
    found = re.findall(r"<h[34][^>]*>(.*?)</h[34]>", document, flags=re.S)
    headings = [text_of(h) for h in found][1:]  # after the document's title
    assert headings[:3] == ["I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI", "II. KẾT QUẢ THỰC HIỆN", headings[2]]
    assert "III. ĐÁNH GIÁ CHUNG" in headings and "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI" in headings
    assert headings[-1] == "V. KIẾN NGHỊ, ĐỀ XUẤT"
    printed = [p.text.strip() for p in open_docx(services.result_report_docx(draft)).paragraphs]
    positions = [printed.index(h) for h in headings]  # each heading is printed, in the same order
    assert positions == sorted(positions)
    # The appendix: the DOCX's column headings, one row per task, each cell labelled for a phone.
    appendix = html[html.index('id="phu-luc"') :]
    for heading in ("STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Kết quả", "Tình trạng"):
        assert f'<th scope="col">{heading}</th>' in appendix and f'data-label="{heading}"' in appendix
    assert appendix.count('data-label="Kết quả"') == len(draft.appendix["rows"])


def test_the_office_edits_under_the_same_headings(client, users, draft):
    client.force_login(users["vanphong"])
    page = text_of(client.get(draft.get_absolute_url()).content.decode())
    order = [
        "Mở đầu",
        "I. CÔNG TÁC CHỈ ĐẠO",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. ĐÁNH GIÁ CHUNG",
        "3. Nguyên nhân",
        "V. KIẾN",
    ]
    positions = [page.index(h) for h in order]
    assert positions == sorted(positions)
