"""E-mail for returns, acceptances, reminders and escalations, received by a real SMTP server
on loopback (``smtp`` in tests/conftest.py); and reading notifications in the system."""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlsplit

import pytest

from chisoxanh.accounts.models import Delivery, NotificationPreference
from chisoxanh.reports import reminders, services
from chisoxanh.reports.models import Notification
from tests.factories import report_of
from tests.smtp import free_port

SITE = "https://chisoxanh.langson.gov.vn"


@pytest.fixture
def addresses(world):
    for name in ("officer_a", "officer_b", "unit_leader", "coordinator", "head"):
        user = getattr(world, name)
        user.email = f"{name.replace('_', '.')}@stp.langson.gov.vn"
        user.save()
    return {name: getattr(world, name).email for name in ("officer_a", "officer_b", "unit_leader", "coordinator")}


@pytest.fixture
def submitted(world, period):
    report = report_of(period, 0, world.unit_a)
    services.report_save(
        actor=world.officer_a, report=report, expected_version=report.version, fields={"results": "Đã tuyên truyền"}
    )
    services.report_submit(actor=world.officer_a, report=report, expected_version=report.version)
    return report


def each(*users):
    for user in users:
        NotificationPreference.objects.update_or_create(user=user, defaults={"delivery": Delivery.EACH})


def path_of(url: str) -> str:
    assert url.startswith(SITE + "/"), url
    return urlsplit(url).path


def test_a_return_is_emailed_to_the_reports_writers_with_the_reason_and_a_link(
    smtp, world, addresses, submitted, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(
            actor=world.unit_leader, report=submitted, reason="Thiếu minh chứng", expected_version=submitted.version
        )
    (message,) = smtp.wait(1)
    assert message.envelope_to == [addresses["officer_a"]]
    assert message.subject == "[Chỉ số Xanh] Báo cáo bị trả lại"
    assert "Kính gửi" in message.text and "Lý do: Thiếu minh chứng" in message.text
    note = Notification.objects.get(recipient=world.officer_a, kind="returned")
    assert f"{SITE}/thong-bao/{note.pk}/" in message.links()
    assert "Thiếu minh chứng" in message.html
    note.refresh_from_db()
    assert note.emailed_at is not None
    # The link of the e-mail opens the report and marks the notification read.
    response = client_for(world.officer_a).get(path_of(f"{SITE}/thong-bao/{note.pk}/"))
    assert response.status_code == 302 and response["Location"] == submitted.get_absolute_url()
    note.refresh_from_db()
    assert note.read_at is not None


def test_an_acceptance_is_emailed_to_the_officer_who_sent_it(
    smtp, world, addresses, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_accept(actor=world.unit_leader, report=submitted, expected_version=submitted.version)
    (message,) = smtp.wait(1)
    assert message.envelope_to == [addresses["officer_a"]]
    assert message.subject == "[Chỉ số Xanh] Báo cáo đã được duyệt"
    assert submitted.task.title in message.text


def test_reminders_and_escalations_are_emailed(smtp, world, addresses, period, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run_reminders(today=dt.date(2026, 11, 18))  # 7 days before 25/11
    received = smtp.wait(2)
    assert {m.envelope_to[0] for m in received} == {addresses["officer_a"], addresses["officer_b"]}
    reminder = smtp.to(addresses["officer_a"])[0]
    assert reminder.subject == "[Chỉ số Xanh] Nhắc hạn báo cáo thực hiện nhiệm vụ"
    assert "còn 7 ngày" in reminder.text and any("/thong-bao/" in link for link in reminder.links())
    # Escalations: to the unit leader and the Office, who are asked here for each message.
    each(world.unit_leader, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run_reminders(today=dt.date(2026, 11, 28))  # 3 days late
    smtp.wait(4)
    for name in ("unit_leader", "coordinator"):
        escalation = [m for m in smtp.to(addresses[name]) if "Đơn vị chậm báo cáo" in m.subject]
        assert len(escalation) == 1, name
        assert "quá hạn 3 ngày" in escalation[0].text


def test_the_offices_button_emails_the_late_units(smtp, world, addresses, period, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        units = reminders.remind_late_units(actor=world.coordinator, period=period, today=dt.date(2026, 11, 29))
    assert units == 4
    received = smtp.wait(2)
    assert {m.envelope_to[0] for m in received} >= {addresses["officer_a"], addresses["officer_b"]}
    message = smtp.to(addresses["officer_a"])[0]
    assert message.subject == "[Chỉ số Xanh] Văn phòng nhắc: báo cáo đã quá hạn"
    assert "quá hạn" in message.text


def test_someone_without_an_address_gets_the_notification_in_the_system_only(
    smtp, world, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_accept(actor=world.unit_leader, report=submitted, expected_version=submitted.version)
    assert Notification.objects.filter(recipient=world.officer_a, kind="accepted", emailed_at=None).exists()
    assert smtp.wait(1, timeout=0.3) == []


def test_a_mail_server_down_is_logged_and_the_return_stands(
    smtp, settings, world, addresses, submitted, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_PORT = free_port()  # nothing listens there
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        services.report_return(
            actor=world.unit_leader, report=submitted, reason="Thiếu minh chứng", expected_version=submitted.version
        )
    submitted.refresh_from_db()
    assert submitted.state == "returned"
    note = Notification.objects.get(recipient=world.officer_a, kind="returned")
    assert note.emailed_at is None
    assert "could not reach the mail server" in caplog.text


def test_a_refused_address_does_not_stop_the_others(
    smtp, world, addresses, period, caplog, django_capture_on_commit_callbacks
):
    smtp.refuse.add(addresses["officer_a"])
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        reminders.run_reminders(today=dt.date(2026, 11, 18))
    (message,) = smtp.wait(1)
    assert message.envelope_to == [addresses["officer_b"]]
    assert "could not e-mail notification" in caplog.text
    assert Notification.objects.get(recipient=world.officer_a).emailed_at is None
    assert Notification.objects.get(recipient=world.officer_b).emailed_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_e_mail_leaves_when_the_page_commits(smtp, world, period, client_for):
    # A real commit, no captured callbacks: the page returns the report, then the e-mail goes.
    world.officer_a.email = "chuyenvien@stp.langson.gov.vn"
    world.officer_a.save()
    report = report_of(period, 0, world.unit_a)
    services.report_save(
        actor=world.officer_a, report=report, expected_version=report.version, fields={"results": "Xong"}
    )
    services.report_submit(actor=world.officer_a, report=report, expected_version=report.version)
    response = client_for(world.unit_leader).post(
        f"/bao-cao/{report.pk}/tra-lai/", {"reason": "Bổ sung số người tham dự", "version": report.version}
    )
    assert response.status_code == 302
    (message,) = smtp.wait(1)
    assert message.to == "chuyenvien@stp.langson.gov.vn" and "Bổ sung số người tham dự" in message.text


# --- reading --------------------------------------------------------------------------------------


def badge(client) -> int:
    return client.get("/thong-bao/").context["unread_notifications"]


def test_opening_a_notification_marks_it_read_and_the_badge_drops(world, submitted, client_for):
    services.report_return(
        actor=world.unit_leader, report=submitted, reason="Thiếu minh chứng", expected_version=submitted.version
    )
    services.report_save(
        actor=world.officer_a, report=submitted, expected_version=submitted.version, fields={"results": "Bổ sung"}
    )
    services.report_submit(actor=world.officer_a, report=submitted, expected_version=submitted.version)
    services.report_accept(actor=world.unit_leader, report=submitted, expected_version=submitted.version)
    client = client_for(world.officer_a)
    assert badge(client) == 2
    page = client.get("/thong-bao/").content.decode()
    returned = Notification.objects.get(recipient=world.officer_a, kind="returned")
    assert f'href="/thong-bao/{returned.pk}/"' in page and "Xem" in page
    assert client.get(f"/thong-bao/{returned.pk}/").status_code == 302
    assert badge(client) == 1
    assert client.post("/thong-bao/").status_code == 302  # "Đánh dấu đã đọc tất cả"
    assert badge(client) == 0
    assert not Notification.objects.filter(recipient=world.officer_a, read_at=None).exists()


def test_a_notification_without_a_page_opens_on_its_own_and_nobody_else_opens_it(world, period, client_for):
    each(world.unit_leader)
    reminders.run_reminders(today=dt.date(2026, 11, 28))  # escalations have no page of their own
    note = Notification.objects.get(recipient=world.unit_leader, kind="escalation")
    for name in ("officer_a", "coordinator", "head", "admin", "outsider"):
        assert client_for(getattr(world, name)).get(f"/thong-bao/{note.pk}/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    response = client_for(world.unit_leader).get(f"/thong-bao/{note.pk}/")
    assert response.status_code == 200 and "quá hạn 3 ngày" in response.content.decode()
    note.refresh_from_db()
    assert note.read_at is not None
