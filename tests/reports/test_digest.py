"""Leaders and the Office get one summary a day instead of a message per submission: one
notification and one e-mail per person per day, however often the daily run goes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from chisoxanh.accounts.models import Delivery, NotificationPreference
from chisoxanh.reports import services
from chisoxanh.reports.digests import send_daily_digests
from chisoxanh.reports.models import Notification
from tests.factories import report_of

DAY = dt.date(2026, 11, 20)


@pytest.fixture
def addresses(world):
    for name in ("officer_a", "officer_b", "unit_leader", "coordinator", "head"):
        user = getattr(world, name)
        user.email = f"{name.replace('_', '.')}@stp.langson.gov.vn"
        user.save()


def submit(period, world, task_index: int, unit, officer):
    report = report_of(period, task_index, unit)
    services.report_save(actor=officer, report=report, expected_version=report.version, fields={"results": "Xong"})
    services.report_submit(actor=officer, report=report, expected_version=report.version)
    return report


def listed(user):
    return Notification.objects.filter(recipient=user, held=False)


def test_the_director_gets_one_digest_not_one_message_per_submission(
    smtp, world, addresses, period, client_for, django_capture_on_commit_callbacks
):
    # Phòng Nghiệp vụ I has no leader of its own: its submissions go to the director.
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            submit(period, world, i, world.unit_b, world.officer_b)
    assert Notification.objects.filter(recipient=world.head, kind="submitted", held=True).count() == 3
    assert not listed(world.head).exists()
    assert client_for(world.head).get("/thong-bao/").context["unread_notifications"] == 0
    assert smtp.wait(1, timeout=0.3) == []  # nothing e-mailed one by one
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests(today=DAY) == 1
    (digest,) = listed(world.head)
    assert digest.kind == "digest" and digest.digest_on == DAY
    assert digest.title == "Tóm tắt thông báo ngày 20/11/2026: 3 việc"
    assert "Báo cáo chờ duyệt (3):" in digest.body and "Phòng Nghiệp vụ I gửi báo cáo chờ duyệt" in digest.body
    (message,) = smtp.wait(1)
    assert message.envelope_to == ["head@stp.langson.gov.vn"]
    assert message.subject == "[Chỉ số Xanh] Tóm tắt thông báo ngày 20/11/2026: 3 việc"
    items = list(digest.items.order_by("pk"))
    links = message.links()
    assert f"https://chisoxanh.langson.gov.vn/thong-bao/{digest.pk}/" in links
    assert all(f"https://chisoxanh.langson.gov.vn/thong-bao/{n.pk}/" in links for n in items)
    # Opening the digest lists the submissions and marks them all read.
    client = client_for(world.head)
    assert client.get("/thong-bao/").context["unread_notifications"] == 1
    page = client.get(f"/thong-bao/{digest.pk}/").content.decode()
    assert page.count("gửi báo cáo chờ duyệt") == 3
    assert client.get("/thong-bao/").context["unread_notifications"] == 0
    assert not Notification.objects.filter(recipient=world.head, read_at=None).exists()


def test_running_twice_a_day_sends_once_and_later_items_wait_for_tomorrow(
    smtp, world, addresses, period, django_capture_on_commit_callbacks
):
    submit(period, world, 0, world.unit_b, world.officer_b)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests(today=DAY) == 1
        assert send_daily_digests(today=DAY) == 0
    submit(period, world, 1, world.unit_b, world.officer_b)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests(today=DAY) == 0  # today's digest is already out
    assert len(smtp.wait(2, timeout=0.5)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests(today=DAY + dt.timedelta(days=1)) == 1
    digests = list(Notification.objects.filter(recipient=world.head, kind="digest").order_by("digest_on"))
    assert [d.items.count() for d in digests] == [1, 1]
    assert len(smtp.wait(2)) == 2


def test_each_persons_choice_is_respected(
    smtp, world, addresses, period, client_for, django_capture_on_commit_callbacks
):
    # The director asks for each message; the officer asks for the summary.
    client_for(world.head).post("/ca-nhan/", {"email": "head@stp.langson.gov.vn", "delivery": "each"})
    NotificationPreference.objects.create(user=world.officer_b, delivery=Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(period, world, 0, world.unit_b, world.officer_b)
    (message,) = smtp.wait(1)
    assert message.envelope_to == ["head@stp.langson.gov.vn"]
    assert message.subject == "[Chỉ số Xanh] Phòng Nghiệp vụ I gửi báo cáo chờ duyệt"
    assert listed(world.head).filter(kind="submitted").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(
            actor=world.head, report=report, reason="Thiếu số người tham dự", expected_version=report.version
        )
    assert Notification.objects.get(recipient=world.officer_b, kind="returned").held
    assert len(smtp.wait(2, timeout=0.3)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests(today=DAY) == 1
    officer_digest = smtp.wait(2)[1]
    assert officer_digest.envelope_to == ["officer.b@stp.langson.gov.vn"]
    assert "Thiếu số người tham dự" in officer_digest.text


def test_the_daily_run_sends_the_digest_after_the_reminders(world, period, capsys):
    # 28/11: three days late, the leaders (the director for the units without one) and the
    # Office are told; they take the digest.
    call_command("remind", "--date", "2026-11-28")
    assert "3 bản tóm tắt" in capsys.readouterr().out
    for user in (world.unit_leader, world.coordinator, world.head):
        (digest,) = listed(user)
        assert digest.kind == "digest" and "Đơn vị chậm báo cáo (1):" in digest.body
    call_command("remind", "--date", "2026-11-28")
    assert "0 bản tóm tắt" in capsys.readouterr().out
    assert Notification.objects.filter(kind="digest").count() == 3
    call_command("send_digest", "--date", "2026-11-28")
    assert "gửi 0 bản tóm tắt" in capsys.readouterr().out


def test_the_send_digest_command(world, period, capsys):
    submit(period, world, 0, world.unit_b, world.officer_b)
    call_command("send_digest", "--date", "2026-11-20")
    assert "20/11/2026: gửi 1 bản tóm tắt thông báo." in capsys.readouterr().out
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("send_digest", "--date", "20/11/2026")
