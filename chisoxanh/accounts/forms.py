"""The account forms Django's own screens use: the administrator's user forms (with the e-mail
rule) and the password forms (audited; the reset request limited and silent)."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError

from . import services

# Django's own message for a malformed address says only "Nhập địa chỉ email."
EMAIL_ERRORS = {"invalid": services.EMAIL_INVALID}

EMAIL_LABEL = "Địa chỉ thư điện tử"
EMAIL_HELP = "Nhận thông báo và thư đặt lại mật khẩu. Mỗi người dùng đang hoạt động một địa chỉ riêng."


class _EmailRuleMixin:
    """The e-mail rule of :func:`services.clean_email_address`, with the activity the form will
    save (the administrator may reactivate someone whose address was taken meanwhile)."""

    def _check_email(self) -> None:
        cleaned = self.cleaned_data
        if "email" not in cleaned:
            return
        active = cleaned.get("is_active", self.instance.is_active if self.instance.pk else True)
        try:
            cleaned["email"] = services.clean_email_address(cleaned["email"], user=self.instance, active=active)
        except ValidationError as exc:
            self.add_error("email", exc)


class AdminUserChangeForm(_EmailRuleMixin, auth_forms.UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = EMAIL_LABEL
        self.fields["email"].help_text = EMAIL_HELP
        self.fields["email"].error_messages.update(EMAIL_ERRORS)

    def clean(self):
        cleaned = super().clean()
        self._check_email()
        return cleaned


class AdminUserCreationForm(_EmailRuleMixin, auth_forms.AdminUserCreationForm):
    email = forms.EmailField(
        label=EMAIL_LABEL, help_text=EMAIL_HELP, required=False, max_length=254, error_messages=EMAIL_ERRORS
    )

    class Meta(auth_forms.AdminUserCreationForm.Meta):
        fields = ("username", "email")

    def clean(self):
        cleaned = super().clean()
        self._check_email()
        return cleaned


def _client_ip(request) -> str | None:
    # The login guard's own reading of the address (it knows how many proxies to trust), so
    # that both limits count the same machine.
    return get_client_ip_address(request) if request is not None else None


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, answering the same whatever is typed: no e-mail goes out past the
    limits of :func:`services.password_reset_allowed`, and the link in the e-mail is built from
    ``SITE_URL``, not from the Host header of the request (which a stranger chooses)."""

    email = forms.EmailField(
        label=EMAIL_LABEL,
        max_length=254,
        error_messages={**EMAIL_ERRORS, "required": "Hãy nhập địa chỉ thư điện tử của tài khoản."},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def save(self, *args, request=None, **kwargs):
        if not services.password_reset_allowed(email=self.cleaned_data["email"], ip_address=_client_ip(request)):
            return
        extra = {**(kwargs.pop("extra_email_context", None) or {}), "site_url": settings.SITE_URL.rstrip("/")}
        super().save(*args, request=request, extra_email_context=extra, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        services.password_reset_sent(user=context["user"])
        super().send_mail(subject_template_name, email_template_name, context, from_email, to_email, **kwargs)


class SetPasswordForm(auth_forms.SetPasswordForm):
    """The new password chosen from a reset link."""

    def save(self, commit: bool = True):
        user = super().save(commit=commit)
        if commit:
            services.password_changed(actor=user, user=user, how="reset")
        return user


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """A logged-in user's new password (the old one asked first)."""

    def save(self, commit: bool = True):
        user = super().save(commit=commit)
        if commit:
            services.password_changed(actor=user, user=user, how="changed")
        return user
