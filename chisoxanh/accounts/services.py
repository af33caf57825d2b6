"""Changes to a person's own account: e-mail address, how notifications reach them, password
events, and the limit on "forgot password" requests. Each change is audited."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from chisoxanh.core.audit import audit
from chisoxanh.lib.vietnamese import nfc

from .access import require
from .models import Delivery, NotificationPreference, PasswordResetRequest
from .policies import users

EMAIL_TAKEN = "Địa chỉ thư điện tử này đã được dùng cho một tài khoản khác đang hoạt động."
EMAIL_INVALID = "Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: nguyenvana@stp.langson.gov.vn."

# "Forgot password": at most this many e-mails to one address, and requests from one machine,
# per hour. Past the limit the form answers exactly as before and sends nothing, so the page
# tells a stranger neither that an address exists nor that the limit was reached.
RESET_WINDOW = dt.timedelta(hours=1)
RESETS_PER_ADDRESS = 3
RESETS_PER_IP = 20


def clean_email_address(value: str, *, user, active: bool | None = None) -> str:
    """``value`` as it will be stored (trimmed, NFC, domain in lower case; ``""`` for none), or
    :class:`ValidationError` if it is malformed or another active user already has it in any
    case. ``active`` is whether ``user`` will be active (a form may be reactivating them)."""
    email = BaseUserManager.normalize_email(nfc(value or "").strip())
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(EMAIL_INVALID, code="invalid") from exc
    if user.is_active if active is None else active:
        others = get_user_model().objects.filter(is_active=True, email__iexact=email)
        if user.pk:
            others = others.exclude(pk=user.pk)
        if others.exists():
            raise ValidationError(EMAIL_TAKEN, code="unique")
    return email


def delivery_of(user) -> str:
    """The delivery that applies to ``user`` now: their choice or their roles' default."""
    return NotificationPreference.deliveries([user.pk])[user.pk]


@transaction.atomic
def contact_update(*, actor, user, email: str, delivery: str | None = None) -> dict:
    """Set ``user``'s e-mail address and, when given, their :class:`Delivery`. Only the person
    themselves or an administrator may. Returns the audited changes (empty if none)."""
    require(users.can_edit_contact(actor, user), "Bạn chỉ sửa được thông tin liên hệ của chính mình.")
    email = clean_email_address(email, user=user)
    changes: dict[str, list] = {}
    if email != user.email:
        changes["email"] = [user.email, email]
        user.email = email
        try:
            # A savepoint: the unique index catches the address taken by a save at the same
            # moment, which the check above could not see.
            with transaction.atomic():
                user.save(update_fields=["email"])
        except IntegrityError as exc:
            raise ValidationError({"email": EMAIL_TAKEN}) from exc
    if delivery is not None:
        if delivery not in Delivery.values:
            raise ValidationError({"delivery": "Hãy chọn một cách nhận thông báo."})
        before = delivery_of(user)
        NotificationPreference.objects.update_or_create(user=user, defaults={"delivery": delivery})
        if before != delivery:
            changes["delivery"] = [before, delivery]
    if changes:
        audit(actor=actor, action="accounts.user.contact_updated", obj=user, changes=changes)
    return changes


def email_changed_by_admin(*, actor, user, before: str) -> None:
    """The admin's user form saved a new address (validated by its form): audit it."""
    if before != user.email:
        audit(actor=actor, action="accounts.user.contact_updated", obj=user, changes={"email": [before, user.email]})


def password_changed(*, actor, user, how: str) -> None:
    """Audit a new password: ``how`` is ``changed`` (by the user, logged in) or ``reset`` (by the
    link of a reset e-mail). The password itself is never recorded."""
    audit(actor=actor, action=f"accounts.user.password_{how}", obj=user)


@transaction.atomic
def password_reset_allowed(*, email: str, ip_address: str | None) -> bool:
    """Record a "forgot password" request and say whether an e-mail may go out for it."""
    now = timezone.now()
    PasswordResetRequest.objects.filter(created_at__lt=now - RESET_WINDOW).delete()
    email_hash = PasswordResetRequest.hash_email(email)
    recent = PasswordResetRequest.objects.filter(created_at__gte=now - RESET_WINDOW)
    allowed = recent.filter(email_hash=email_hash).count() < RESETS_PER_ADDRESS and (
        not ip_address or recent.filter(ip_address=ip_address).count() < RESETS_PER_IP
    )
    PasswordResetRequest.objects.create(email_hash=email_hash, ip_address=ip_address)
    return allowed


def password_reset_sent(*, user) -> None:
    audit(actor=None, action="accounts.user.password_reset_requested", obj=user)
