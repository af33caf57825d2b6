"""The task report form, its activity rows (``Activity.FIELDS``), evidence and the reason of a return."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from chisoxanh.lib.files import ALIASES, ALLOWED_LABEL, KINDS
from chisoxanh.reports.models import Activity, TaskReport
from chisoxanh.web.forms.plans import VietnameseDateInput


class ReportForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = TaskReport
        fields = ["progress", "completed_on", "results", "difficulties", "proposals"]
        widgets = {
            "completed_on": VietnameseDateInput(),
            "results": forms.Textarea(attrs={"rows": 6}),
            "difficulties": forms.Textarea(attrs={"rows": 3}),
            "proposals": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"completed_on": "Để trống thì lấy ngày gửi báo cáo."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class ActivityForm(forms.Form):
    date = forms.DateField(label="Ngày", widget=VietnameseDateInput())
    # A blank first choice: an untouched extra row must look unchanged, or the formset would
    # validate it (and ask for its title) just because a select showed its first option.
    kind = forms.ChoiceField(label="Hình thức", choices=[("", "— chọn —"), *Activity.Kind.choices])
    channel = forms.ChoiceField(label="Kênh", choices=[("", "—"), *Activity.Channel.choices], required=False)
    title = forms.CharField(label="Nội dung", max_length=500)
    people_reached = forms.IntegerField(label="Số người", min_value=0, required=False)
    link = forms.URLField(label="Đường dẫn", required=False, max_length=500, assume_scheme="https")


class BaseActivityFormSet(forms.BaseFormSet):
    def activities(self) -> list[dict]:
        """The complete new list: kept rows, edited rows and new rows, without deleted ones."""
        return [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


ActivityFormSet = forms.formset_factory(
    ActivityForm,
    formset=BaseActivityFormSet,
    extra=2,
    can_delete=True,
    max_num=200,
    validate_max=True,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


# What the file pickers offer (the server still checks each file by its content, lib.files). A
# phone offers its camera for the image types; ``capture`` on the photo field opens the camera
# straight away, which is why it is a field of its own: on the main one it would hide the PDFs.
_TYPES = list(dict.fromkeys(k.content_type for k in KINDS.values()))
_ACCEPT_ALL = ",".join([*(f".{ext}" for ext in (*KINDS, *ALIASES)), *_TYPES])
_ACCEPT_IMAGES = ",".join(t for t in _TYPES if t.startswith("image/"))


class EvidenceForm(forms.Form):
    files = MultipleFileField(
        label="Tệp minh chứng",
        required=False,
        help_text=f"{ALLOWED_LABEL}; có thể chọn nhiều tệp.",
        widget=MultipleFileInput(attrs={"accept": _ACCEPT_ALL}),
    )
    photos = MultipleFileField(
        label="Chụp ảnh minh chứng",
        required=False,
        help_text="Trên điện thoại: mở máy ảnh để chụp văn bản, hội nghị, bài đăng; ảnh được lưu cùng báo cáo.",
        widget=MultipleFileInput(attrs={"accept": _ACCEPT_IMAGES, "capture": "environment"}),
    )
    link_url = forms.URLField(label="Hoặc đường dẫn minh chứng", required=False, max_length=500, assume_scheme="https")
    link_title = forms.CharField(label="Mô tả đường dẫn", required=False, max_length=300)
    remove = forms.MultipleChoiceField(label="Bỏ minh chứng", required=False, choices=[])

    def __init__(self, *args, existing=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove"].choices = [(str(e.pk), str(e)) for e in existing]
        self.fields["remove"].widget = forms.CheckboxSelectMultiple(choices=self.fields["remove"].choices)

    def clean(self):
        """The photos taken are evidence files like the others: one list for the service."""
        cleaned = super().clean()
        cleaned["files"] = [*cleaned.get("files", []), *cleaned.pop("photos", [])]
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Lý do",
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=5,
        max_length=2000,
        error_messages={"min_length": "Cần ghi rõ lý do (ít nhất 5 ký tự)."},
    )


class SelectedReportsField(forms.Field):
    """The reports ticked in the review queue, each as ``id:version`` (the version the reviewer
    saw), cleaned to a list of ``(id, version)``."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        items: dict[int, int] = {}
        for item in value or []:
            match = re.fullmatch(r"(\d+):(\d+)", str(item))
            if not match:
                raise ValidationError("Danh sách đã chọn không hợp lệ; hãy tải lại trang Duyệt báo cáo.")
            items[int(match[1])] = int(match[2])
        return list(items.items())


class BulkAcceptForm(forms.Form):
    report = SelectedReportsField(error_messages={"required": "Hãy chọn ít nhất một báo cáo để duyệt."})
    confirm = forms.BooleanField(required=False)
