"""Organisation pages, the user's own page and the password pages (Django's views, with the
audited forms of ``accounts.forms`` and Vietnamese templates)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from chisoxanh.accounts import services
from chisoxanh.accounts.access import grants
from chisoxanh.accounts.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from chisoxanh.accounts.models import Delivery, Membership, NotificationPreference, Organization
from chisoxanh.accounts.policies import organizations
from chisoxanh.core.db import ViCollate, search
from chisoxanh.core.paging import paginate
from chisoxanh.web.forms.accounts import ProfileForm


@login_required
def organization_list(request):
    q = request.GET.get("q", "")
    orgs = organizations.visible(request.user, Organization.objects.select_related("parent"))
    page = paginate(request, search(orgs, q).order_by("depth", ViCollate("name"), "pk"), per_page=100)
    template = "accounts/_organization_rows.html" if request.htmx else "accounts/organization_list.html"
    return render(request, template, {"organizations": page, "page": page, "q": q})


@login_required
def organization_detail(request, pk: int):
    org = organizations.get(request.user, Organization.objects.select_related("parent"), pk=pk)
    children = organizations.visible(request.user).filter(parent=org).order_by("order", ViCollate("name"))
    return render(request, "accounts/organization_detail.html", {"organization": org, "children": children})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The person's roles, and the one form they fill for themselves: their e-mail address and
    how notifications reach them. Only their own: nothing posted names another user."""
    user = request.user
    delivery = services.delivery_of(user)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                changes = services.contact_update(
                    actor=user, user=user, email=form.cleaned_data["email"], delivery=form.cleaned_data["delivery"]
                )
            except ValidationError as exc:
                form.add_error(None if hasattr(exc, "error_dict") else "email", exc)
            else:
                messages.success(request, "Đã lưu thông tin nhận thông báo." if changes else "Không có gì thay đổi.")
                return redirect("profile")
    else:
        form = ProfileForm(initial={"email": user.email, "delivery": delivery})
    memberships = Membership.objects.filter(user=user).select_related("organization")
    grants(user)
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": memberships,
            "form": form,
            "delivery_label": Delivery(delivery).label,
            "delivery_chosen": NotificationPreference.objects.filter(user=user).exists(),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Đã đổi mật khẩu.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for the address and always answers "if it is yours, a letter is on its way"."""

    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("password-reset-sent")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password-reset-complete")
