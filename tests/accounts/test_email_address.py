"""Each person has an e-mail address: filled in on their own profile or by the administrator,
validated, one per active user whatever its case, shown; and nobody else changes it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from chisoxanh.accounts import services
from chisoxanh.accounts.forms import AdminUserChangeForm
from chisoxanh.accounts.models import Delivery, NotificationPreference
from chisoxanh.core.models import AuditEntry
from tests.personas import NAMES

User = get_user_model()


def post_profile(client, email: str, delivery: str = "each"):
    return client.post("/ca-nhan/", {"email": email, "delivery": delivery})


def test_a_user_fills_in_their_address_on_the_profile_and_sees_it(client_for, world):
    client = client_for(world.officer_a)
    page = client.get("/ca-nhan/").content.decode()
    assert "Thư điện tử" in page and "Chưa có" in page
    response = post_profile(client, "  Nguyen.Van.A@STP.LangSon.gov.vn ")
    assert response.status_code == 302
    world.officer_a.refresh_from_db()
    assert world.officer_a.email == "Nguyen.Van.A@stp.langson.gov.vn"  # trimmed, domain in lower case
    page = client.get("/ca-nhan/").content.decode()
    assert "Đã lưu thông tin nhận thông báo." in page and "Nguyen.Van.A@stp.langson.gov.vn" in page
    entry = AuditEntry.objects.get(action="accounts.user.contact_updated", object_id=str(world.officer_a.pk))
    assert entry.changes["email"] == ["", "Nguyen.Van.A@stp.langson.gov.vn"] and entry.channel == "page"


def test_a_malformed_address_is_refused_in_vietnamese(client_for, world):
    response = post_profile(client_for(world.officer_a), "chuyenvien@@stp")
    assert response.status_code == 200
    assert "hợp lệ" in response.content.decode()
    world.officer_a.refresh_from_db()
    assert world.officer_a.email == ""


def test_one_address_per_active_user_whatever_its_case(client_for, world):
    world.officer_b.email = "phongnv1@stp.langson.gov.vn"
    world.officer_b.save()
    client = client_for(world.officer_a)
    response = post_profile(client, "PhongNV1@STP.langson.gov.vn")
    assert response.status_code == 200
    assert services.EMAIL_TAKEN in response.content.decode()
    world.officer_a.refresh_from_db()
    assert world.officer_a.email == ""
    # Someone who has left (inactive) keeps their old address without blocking a colleague.
    world.officer_b.is_active = False
    world.officer_b.save()
    assert post_profile(client, "PhongNV1@STP.langson.gov.vn").status_code == 302
    world.officer_a.refresh_from_db()
    assert world.officer_a.email == "PhongNV1@stp.langson.gov.vn"


def test_the_database_holds_the_rule_even_past_the_forms(world):
    User.objects.filter(pk=world.officer_b.pk).update(email="chung@stp.langson.gov.vn")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=world.officer_a.pk).update(email="CHUNG@stp.langson.gov.vn")
    # Inactive users and users without an address are outside the rule: neither update fails.
    User.objects.filter(pk=world.viewer.pk).update(email="chung@stp.langson.gov.vn", is_active=False)
    User.objects.filter(pk__in=[world.head.pk, world.coordinator.pk]).update(email="")
    assert User.objects.filter(email__iexact="chung@stp.langson.gov.vn").count() == 2


def test_nobody_changes_another_persons_address(world):
    for name in NAMES:
        actor = getattr(world, name)
        if name in ("officer_a", "admin"):
            continue
        with pytest.raises(PermissionDenied):
            services.contact_update(actor=actor, user=world.officer_a, email=f"{name}@example.vn")
    world.officer_a.refresh_from_db()
    assert world.officer_a.email == ""
    services.contact_update(actor=world.admin, user=world.officer_a, email="chuyenvien@stp.langson.gov.vn")
    world.officer_a.refresh_from_db()
    assert world.officer_a.email == "chuyenvien@stp.langson.gov.vn"


def test_the_profile_form_only_ever_changes_its_own_user(client_for, world):
    # The form has no field naming a user: whatever is posted, the outsider changes their own.
    response = client_for(world.outsider).post(
        "/ca-nhan/", {"email": "ngoai@stc.langson.gov.vn", "delivery": "each", "user": world.officer_a.pk}
    )
    assert response.status_code == 302
    world.officer_a.refresh_from_db()
    world.outsider.refresh_from_db()
    assert (world.officer_a.email, world.outsider.email) == ("", "ngoai@stc.langson.gov.vn")


@pytest.mark.parametrize("name", ["coordinator", "head", "outsider", "officer_b"])
def test_the_user_admin_is_closed_to_everyone_but_the_administrator(client_for, world, name):
    client = client_for(getattr(world, name))
    url = f"/quan-tri/auth/user/{world.officer_a.pk}/change/"
    assert client.get(url).status_code == 302
    client.post(url, {"username": "officer_a", "email": "ke-gian@example.vn"})
    world.officer_a.refresh_from_db()
    assert world.officer_a.email == ""


def test_the_administrator_sees_and_sets_addresses_under_the_same_rule(client_for, world):
    world.officer_b.email = "phongnv1@stp.langson.gov.vn"
    world.officer_b.save()
    client = client_for(world.admin)
    listing = client.get("/quan-tri/auth/user/").content.decode()
    assert "phongnv1@stp.langson.gov.vn" in listing
    change = client.get(f"/quan-tri/auth/user/{world.officer_b.pk}/change/")
    assert change.status_code == 200 and "Địa chỉ thư điện tử" in change.content.decode()
    new = {"username": "chuyenvien2", "usable_password": "false", "password1": "", "password2": ""}
    taken = client.post("/quan-tri/auth/user/add/", {**new, "email": "PHONGNV1@stp.langson.gov.vn"})
    assert taken.status_code == 200 and services.EMAIL_TAKEN in taken.content.decode()
    assert not User.objects.filter(username="chuyenvien2").exists()
    added = client.post("/quan-tri/auth/user/add/", {**new, "email": "chuyenvien2@stp.langson.gov.vn"})
    assert added.status_code == 302
    assert User.objects.get(username="chuyenvien2").email == "chuyenvien2@stp.langson.gov.vn"
    assert AuditEntry.objects.filter(action="accounts.user.contact_updated", actor=world.admin).exists()


def _change_form_data(user, **changes) -> dict:
    form = AdminUserChangeForm(instance=user)
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, [])}
    return {**data, **changes}


def test_the_admin_change_form_refuses_reactivating_onto_a_taken_address(world):
    User.objects.filter(pk=world.officer_a.pk).update(email="chung@stp.langson.gov.vn", is_active=False)
    world.officer_b.email = "chung@stp.langson.gov.vn"
    world.officer_b.save()
    world.officer_a.refresh_from_db()
    form = AdminUserChangeForm(instance=world.officer_a, data=_change_form_data(world.officer_a, is_active=True))
    assert not form.is_valid() and services.EMAIL_TAKEN in form.errors["email"]
    form = AdminUserChangeForm(instance=world.officer_a, data=_change_form_data(world.officer_a, email="bad@"))
    assert not form.is_valid() and "email" in form.errors


def test_the_profile_shows_and_keeps_the_delivery_default_by_role(client_for, world):
    deliveries = NotificationPreference.deliveries(getattr(world, n).pk for n in NAMES)
    by_name = {n: deliveries[getattr(world, n).pk] for n in NAMES}
    assert {n for n, d in by_name.items() if d == Delivery.DIGEST} == {"unit_leader", "coordinator", "head"}
    client = client_for(world.head)
    page = client.get("/ca-nhan/").content.decode()
    assert "Tóm tắt hằng ngày" in page and "mặc định theo vai trò" in page
    post_profile(client, "giamdoc@stp.langson.gov.vn", delivery="each")
    assert NotificationPreference.deliveries([world.head.pk])[world.head.pk] == Delivery.EACH
    assert "mặc định theo vai trò" not in client.get("/ca-nhan/").content.decode()
    with pytest.raises(ValidationError):
        services.contact_update(actor=world.head, user=world.head, email="", delivery="weekly")
