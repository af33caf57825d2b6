"""The profile form: the person's own e-mail address and how notifications reach them."""

from __future__ import annotations

from django import forms

from chisoxanh.accounts.forms import EMAIL_ERRORS, EMAIL_HELP, EMAIL_LABEL
from chisoxanh.accounts.models import Delivery


class ProfileForm(forms.Form):
    email = forms.EmailField(
        label=EMAIL_LABEL,
        required=False,
        max_length=254,
        help_text=EMAIL_HELP,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "nguyenvana@stp.langson.gov.vn"}),
    )
    delivery = forms.ChoiceField(
        label="Nhận thông báo",
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        help_text=(
            "Từng việc: mỗi việc một thông báo và một thư ngay khi xảy ra. Tóm tắt hằng ngày: các "
            "thông báo trong ngày gộp thành một thông báo và một thư, gửi mỗi sáng."
        ),
    )
