"""The head returns the draft to the Office with a reason; the Office edits it and submits it
again; the history says all of it in Vietnamese sentences (issue 13)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from chisoxanh.core.models import AuditEntry
from chisoxanh.core.workflow import DomainError
from chisoxanh.documents import services
from chisoxanh.documents.models import ResultReport
from chisoxanh.reports.models import Notification
from tests.personas import NAMES

from .conftest import DEMO_DAY as DAY
from .test_result_report_currency import text_of

REASON = "Bổ sung kết quả quý IV của Phòng Nghiệp vụ I và nêu rõ nguyên nhân chậm báo cáo."


@pytest.fixture
def draft(result_report, users, today):
    services.result_report_regenerate(
        actor=users["vanphong"], report=result_report, expected_version=result_report.version, today=today
    )
    result_report.refresh_from_db()
    return result_report


def _return(client, report, reason=REASON):
    return client.post(f"/bao-cao-ket-qua/{report.pk}/tra-lai/", {"version": report.version, "reason": reason})


# Who may return a draft, as the other result-report pages answer: the agency's head (and the
# administrator) may; the agency's Office and viewers see it but may not (403); nobody else sees it (404).
MAY_RETURN = {"head", "admin"}
SEES_IT = {"coordinator", "viewer"}


@pytest.mark.parametrize("name", NAMES)
def test_only_the_approver_may_return_the_draft(world, period, client_for, name):
    report = services.result_report_start(actor=world.coordinator, period=period, today=period.due_date)
    response = _return(client_for(getattr(world, name)), report)
    report.refresh_from_db()
    if name in MAY_RETURN:
        assert response.status_code == 302 and report.state == ResultReport.State.RETURNED
        assert report.returned_by == getattr(world, name)
    else:
        assert response.status_code == (403 if name in SEES_IT else 404), name
        assert report.state == ResultReport.State.DRAFT and report.version == 1


def test_the_head_returns_with_a_reason_and_the_office_is_told(client, users, draft):
    client.force_login(users["giamdoc"])
    assert _return(client, draft, reason="  ").status_code == 302  # refused: no reason given
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.version == 2
    with pytest.raises(DomainError, match="lý do"):
        services.result_report_return(actor=users["giamdoc"], report=draft, expected_version=2, reason="sửa")

    response = _return(client, draft)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.return_reason, draft.version) == ("returned", REASON, 3)
    entry = AuditEntry.objects.get(action="documents.result_report.returned")
    assert entry.actor == users["giamdoc"] and entry.changes["state"] == ["draft", "returned"]
    assert entry.changes["reason"] == [None, REASON]
    note = Notification.objects.get(recipient=users["vanphong"], kind="returned")
    assert "bị trả lại" in note.title and REASON in note.body and note.url == draft.get_absolute_url()
    # A returned draft is not the head's to sign until the Office submits it again.
    with pytest.raises(PermissionDenied):
        services.result_report_approve(actor=users["giamdoc"], report=draft, expected_version=3, today=DAY)
    page = client.get(f"/bao-cao-ket-qua/{draft.pk}/ky-duyet/", follow=True)
    assert "Báo cáo đang ở trạng thái “Trả lại Văn phòng”" in text_of(page.content.decode())


def test_the_office_sees_the_reason_edits_and_submits_again(client, users, draft):
    services.result_report_return(actor=users["giamdoc"], report=draft, expected_version=2, reason=REASON)
    office = users["vanphong"]
    client.force_login(office)
    page = text_of(client.get(draft.get_absolute_url()).content.decode())
    assert "Trả lại Văn phòng" in page and f"Lý do: {REASON}" in page
    assert "Trình lại để ký duyệt" in page and "Ký duyệt, cấp số" not in page

    causes = "Phòng Nghiệp vụ I chậm tổng hợp do thay đổi nhân sự."
    client.post(f"/bao-cao-ket-qua/{draft.pk}/sua/", {"version": draft.version, "section-III.3": causes})
    draft.refresh_from_db()
    assert draft.text("III.3") == causes and draft.state == "returned"
    assert client.post(f"/bao-cao-ket-qua/{draft.pk}/trinh-lai/", {"version": draft.version}).status_code == 302
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.return_reason == ""
    assert AuditEntry.objects.filter(action="documents.result_report.resubmitted", actor=office).exists()
    assert Notification.objects.filter(
        recipient=users["giamdoc"], kind="submitted", title__contains="trình lại"
    ).exists()
    # Resubmitted, it is the head's to sign again.
    services.result_report_approve(actor=users["giamdoc"], report=draft, expected_version=draft.version, today=DAY)
    assert draft.reference == "01/BC-STP" and draft.text("III.3") == causes


@pytest.mark.parametrize("name", ["giamdoc", "chuyenvien", "tonghop"])
def test_only_the_office_submits_again(client, users, draft, name):
    services.result_report_return(actor=users["giamdoc"], report=draft, expected_version=2, reason=REASON)
    client.force_login(users[name])
    response = client.post(f"/bao-cao-ket-qua/{draft.pk}/trinh-lai/", {"version": draft.version})
    assert response.status_code == (403 if name == "giamdoc" else 404)
    assert ResultReport.objects.get(pk=draft.pk).state == "returned"


def test_the_history_reads_as_sentences(client, users, draft):
    office, head = users["vanphong"], users["giamdoc"]
    services.result_report_edit(
        actor=office, report=draft, expected_version=draft.version, texts={"III.3": "Nguyên nhân."}, meta={}
    )
    services.result_report_return(actor=head, report=draft, expected_version=draft.version, reason=REASON)
    services.result_report_resubmit(actor=office, report=draft, expected_version=draft.version)
    services.result_report_approve(actor=head, report=draft, expected_version=draft.version, today=DAY)
    services.result_report_send(actor=office, report=draft, expected_version=draft.version)
    client.force_login(head)
    html = client.get(draft.get_absolute_url()).content.decode()
    history = text_of(html[html.index('id="lich-su"') :])
    expected = [
        "Gửi Sở Nông nghiệp và Môi trường",
        "Giám đốc ký duyệt, cấp số 01/BC-STP",
        "Văn phòng trình lại để ký duyệt",
        f"Giám đốc trả lại: {REASON}",
        "Văn phòng sửa nội dung",
        "Cập nhật số liệu",
        "Văn phòng tạo bản nháp",
    ]
    positions = [history.index(sentence) for sentence in expected]  # newest first
    assert positions == sorted(positions)
    for code in ("created", "edited", "regenerated", "returned", "resubmitted", "approved"):
        assert code not in history


def test_a_reason_too_long_is_refused_not_cut(users, draft):
    with pytest.raises(DomainError, match=r"dài quá 2\.000 ký tự"):
        services.result_report_return(
            actor=users["giamdoc"], report=draft, expected_version=2, reason="Bổ sung số liệu. " * 200
        )
    assert ResultReport.objects.get(pk=draft.pk).state == "draft"


def test_the_signer_title_falls_back_to_the_agencys_leadership(world, period):
    """A head with no title recorded is named by the kind of agency ("Lãnh đạo Sở")."""
    report = services.result_report_start(actor=world.coordinator, period=period, today=period.due_date)
    services.result_report_return(actor=world.head, report=report, expected_version=1, reason=REASON)
    version = report.versions.get(event="returned")
    assert version.sentence == f"Lãnh đạo Sở trả lại: {REASON}"
