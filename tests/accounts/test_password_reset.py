"""Changing one's password, and resetting a forgotten one by e-mail end to end: the link in the
message a real SMTP server received sets the new password. The form never tells whether an
address exists, and a flood of requests sends no flood of e-mails."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from chisoxanh.accounts import services
from chisoxanh.core.models import AuditEntry
from tests.factories import PASSWORD

NEW_PASSWORD = "Bao-cao-xanh-2027!"
SITE = "https://chisoxanh.langson.gov.vn"


@pytest.fixture
def officer(world):
    world.officer_a.email = "chuyenvien@stp.langson.gov.vn"
    world.officer_a.save()
    return world.officer_a


def ask_reset(client, email: str, **extra):
    return client.post("/quen-mat-khau/", {"email": email}, **extra)


def test_the_login_page_offers_the_reset(client, db):
    page = client.get("/dang-nhap/").content.decode()
    assert 'href="/quen-mat-khau/"' in page and "Quên mật khẩu?" in page
    page = client.get("/quen-mat-khau/").content.decode()
    assert "Địa chỉ thư điện tử" in page and "Gửi đường dẫn" in page


def test_a_forgotten_password_is_reset_from_the_link_in_the_e_mail(smtp, client, officer):
    response = ask_reset(client, "ChuyenVien@STP.langson.gov.vn")
    assert response.status_code == 302 and response["Location"] == "/quen-mat-khau/da-gui/"
    assert "Hãy kiểm tra hộp thư" in client.get(response["Location"]).content.decode()
    (message,) = smtp.wait(1)
    assert message.envelope_to == ["chuyenvien@stp.langson.gov.vn"]
    assert message.subject == "[Chỉ số Xanh] Đặt lại mật khẩu"
    assert "officer_a" in message.text and "24 giờ" in message.text
    (link,) = [u for u in message.links() if "/dat-lai-mat-khau/" in u]
    assert link.startswith(f"{SITE}/dat-lai-mat-khau/")
    # The link opens the form (Django moves the token into the session first).
    form_page = client.get(urlsplit(link).path, follow=True)
    assert form_page.status_code == 200 and "Đặt mật khẩu mới" in form_page.content.decode()
    assert "không còn hiệu lực" not in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    short = client.post(set_url, {"new_password1": "ngan", "new_password2": "ngan"})
    assert short.status_code == 200 and "quá ngắn" in short.content.decode().lower()
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/dat-lai-mat-khau/xong/"
    assert "Đã đặt mật khẩu mới" in client.get(done["Location"]).content.decode()
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD) and not officer.check_password(PASSWORD)
    assert client.post("/dang-nhap/", {"username": "officer_a", "password": NEW_PASSWORD}).status_code == 302
    # The link works once.
    client.post("/dang-xuat/")
    again = client.get(urlsplit(link).path, follow=True).content.decode()
    assert "không còn hiệu lực" in again
    actions = set(AuditEntry.objects.filter(object_id=str(officer.pk)).values_list("action", flat=True))
    assert {"accounts.user.password_reset_requested", "accounts.user.password_reset"} <= actions


@pytest.mark.parametrize("email", ["khong-co@stp.langson.gov.vn", "nghiviec@stp.langson.gov.vn"])
def test_the_answer_is_the_same_whether_the_address_exists_or_not(smtp, client, world, officer, email):
    world.officer_b.email = "nghiviec@stp.langson.gov.vn"
    world.officer_b.is_active = False  # has left: no reset
    world.officer_b.save()
    known = ask_reset(client, officer.email)
    unknown = ask_reset(client, email)
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    (message,) = smtp.wait(2, timeout=0.5)
    assert message.envelope_to == [officer.email]


def test_a_flood_of_requests_sends_at_most_three_e_mails_an_hour(smtp, client, officer):
    answers = {ask_reset(client, officer.email)["Location"] for _ in range(services.RESETS_PER_ADDRESS + 2)}
    assert answers == {"/quen-mat-khau/da-gui/"}
    assert len(smtp.wait(services.RESETS_PER_ADDRESS + 1, timeout=0.5)) == services.RESETS_PER_ADDRESS


def test_one_machine_cannot_try_address_after_address(smtp, client, officer):
    for i in range(services.RESETS_PER_IP):
        ask_reset(client, f"thu{i}@example.vn")
    ask_reset(client, officer.email)
    assert smtp.wait(1, timeout=0.3) == []
    # Another machine is not held back by the first.
    ask_reset(client, officer.email, REMOTE_ADDR="10.0.0.9")
    assert len(smtp.wait(1)) == 1


def test_the_link_is_built_from_the_sites_address_not_from_the_request(smtp, client, settings, officer):
    settings.ALLOWED_HOSTS = ["testserver", "ke-gian.example"]
    ask_reset(client, officer.email, HTTP_HOST="ke-gian.example")
    (message,) = smtp.wait(1)
    assert "ke-gian.example" not in message.text
    assert any(u.startswith(f"{SITE}/dat-lai-mat-khau/") for u in message.links())


def test_a_logged_in_user_changes_their_password(client_for, client, world):
    assert client.get("/ca-nhan/doi-mat-khau/").status_code == 302  # anonymous: to the login page
    session = client_for(world.officer_a)
    assert "Đổi mật khẩu" in session.get("/ca-nhan/").content.decode()
    wrong = session.post(
        "/ca-nhan/doi-mat-khau/",
        {"old_password": "sai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200 and "Mật khẩu hiện tại" in wrong.content.decode()
    world.officer_a.refresh_from_db()
    assert world.officer_a.check_password(PASSWORD)
    done = session.post(
        "/ca-nhan/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302 and done["Location"] == "/ca-nhan/"
    assert "Đã đổi mật khẩu." in session.get("/ca-nhan/").content.decode()  # still logged in
    world.officer_a.refresh_from_db()
    assert world.officer_a.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="accounts.user.password_changed", actor=world.officer_a).exists()
