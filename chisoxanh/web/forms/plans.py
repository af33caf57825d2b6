"""The plan and task forms; their fields follow ``Plan.EDITABLE_FIELDS`` and the task model."""

from __future__ import annotations

from django import forms

from chisoxanh.accounts.models import Organization
from chisoxanh.plans.models import Plan, Task


class VietnameseDateInput(forms.DateInput):
    """A date typed as on paper, 30/06/2026; the browser's own picker shows US order here."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "ngày/tháng/năm", "inputmode": "numeric", **(attrs or {})},
            format="%d/%m/%Y",
        )


class VersionedForm(forms.ModelForm):
    """Carries the version the user opened, so that a concurrent save is detected."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def expected_version(self) -> int | None:
        """The version the page showed; a form sent without one is refused by the service
        rather than saved over whatever is stored now."""
        return self.cleaned_data.get("version")


class PlanForm(VersionedForm):
    class Meta:
        model = Plan
        fields = list(Plan.EDITABLE_FIELDS)
        widgets = {
            "issued_on": VietnameseDateInput(),
            "title": forms.Textarea(attrs={"rows": 2}),
            "preamble": forms.Textarea(attrs={"rows": 3}),
            "purposes": forms.Textarea(attrs={"rows": 4}),
            "requirements": forms.Textarea(attrs={"rows": 4}),
            "closing": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }

    # Reporting settings have sensible defaults; a form sent without them keeps those.
    DEFAULTED = ("reporting_frequency", "unit_lead_days", "reminder_days", "escalate_after_days")

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.DEFAULTED:
            self.fields[name].required = False
        if parents is not None:
            self.fields["parent"].queryset = parents
        self.fields["report_recipient"].queryset = Organization.objects.filter(is_active=True).exclude(
            kind__in=Organization.UNIT_KINDS
        )

    def clean(self):
        data = super().clean()
        for name in self.DEFAULTED:
            if data.get(name) in (None, ""):
                data[name] = getattr(self.instance, name) if self.instance.pk else Plan._meta.get_field(name).default
        return data


class PlanCreateForm(PlanForm):
    issuer = forms.ModelChoiceField(queryset=Organization.objects.none(), label="Cơ quan ban hành")

    class Meta(PlanForm.Meta):
        fields = ["issuer", *PlanForm.Meta.fields]

    def __init__(self, *args, issuers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if issuers is not None:
            self.fields["issuer"].queryset = issuers
            if issuers.count() == 1:
                self.initial.setdefault("issuer", issuers.first())


class TaskForm(VersionedForm):
    lead = forms.ModelChoiceField(queryset=Organization.objects.none(), required=False, label="Đơn vị chủ trì")
    partners = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        label="Đơn vị phối hợp (chọn từng đơn vị)",
        widget=forms.CheckboxSelectMultiple,
        help_text="Có thể ghi cả nhóm ở ô “Đơn vị phối hợp (nguyên văn)”, ví dụ “các phòng, "
        "đơn vị sự nghiệp thuộc Sở”: hệ thống tự giao cho từng đơn vị của nhóm.",
    )

    class Meta:
        model = Task
        fields = [
            "part", "section", "heading", "subindex", "title", "content", "outputs", "lead",
            "lead_text", "partners", "partners_text", "schedule", "due_date", "due_day",
            "due_month",
        ]  # fmt: skip
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "content": forms.Textarea(attrs={"rows": 6}),
            "outputs": forms.Textarea(attrs={"rows": 2}),
            "due_date": VietnameseDateInput(),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["lead"].queryset = units
            self.fields["partners"].queryset = units
        if self.instance.pk and not self.is_bound:
            leads = [a.organization for a in self.instance.assignments.all() if a.role == "lead"]
            self.initial["lead"] = leads[0] if leads else None
            # Units that came from a group phrase are not ticked one by one: the phrase keeps them.
            self.initial["partners"] = [
                a.organization for a in self.instance.assignments.all() if a.role == "partner" and not a.group_text
            ]
