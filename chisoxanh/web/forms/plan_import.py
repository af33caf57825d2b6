"""The plan-import pages' forms: the upload, and the review's one big form read into edits.

The review is one form so that every button (delete, split, merge, move, create a unit, confirm)
also keeps what was typed elsewhere on the page: the fields become an ``update`` edit, the
button that was pressed (``op``) the edit after it. It is read by hand rather than by a Django
form because its fields are one set per task of the draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import QueryDict

from chisoxanh.documents.plan_draft import HEADER_FIELDS, TASK_FIELDS
from chisoxanh.lib.parsing import whole_number


class PlanImportUploadForm(forms.Form):
    """The issuer and the file: a plan document (DOCX, PDF, TXT, scan) or the filled template."""

    issuer = forms.ModelChoiceField(queryset=None, label="Cơ quan ban hành", required=False)
    # An empty file is the service's to refuse, with its own message ("Tệp rỗng").
    tep = forms.FileField(label="Văn bản kế hoạch hoặc bảng tính theo mẫu", required=False, allow_empty_file=True)

    def __init__(self, *args, issuers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers
        self.issuers = issuers

    def clean(self):
        data = super().clean()
        if not data.get("issuer") and self.issuers.count() == 1:
            data["issuer"] = self.issuers.first()
        if not data.get("issuer") or not data.get("tep"):
            raise forms.ValidationError("Hãy chọn cơ quan ban hành và tệp văn bản kế hoạch.")
        return data


class BadReviewPost(ValueError):
    """A review form the page could not have sent (an old page, or a hand-made request)."""


SUCCESS = {
    "save": "Đã lưu bản nháp.",
    "delete": "Đã xoá nhiệm vụ {n}.",
    "split": "Đã tách nhiệm vụ {n} thành hai nhiệm vụ.",
    "merge": "Đã gộp nhiệm vụ {n} với nhiệm vụ sau nó.",
    "move": "Đã chuyển nhiệm vụ {n} sang nhóm khác.",
    "add": "Đã thêm nhiệm vụ mới.",
}


@dataclass
class ReviewPost:
    action: str  # "save", "confirm", "unit", or the name of the button's edit
    edits: list[tuple[str, Mapping[str, Any]]] = field(default_factory=list)
    unit_name: str = ""
    index: int | None = None  # the task the button belongs to

    @property
    def success(self) -> str:
        return SUCCESS.get(self.action, SUCCESS["save"]).format(n=(self.index or 0) + 1)

    @property
    def anchor(self) -> str:
        if self.action == "add":
            return "them-nhiem-vu"
        return f"task-{self.index}" if self.index is not None else ""


def _number(value: str | None) -> int:
    number = whole_number(value)
    if number is None:
        raise BadReviewPost(value)
    return number


def read_review(post: QueryDict, task_count: int) -> ReviewPost:
    """The edits a posted review asks for: the typed fields first, then the pressed button's.

    No ``op`` (an older page) means confirm, as the review page's only button used to.
    """
    header = {key: post[key] for key in HEADER_FIELDS if key in post}
    tasks: dict[int, dict[str, str]] = {}
    for i in range(task_count):
        fields = {key: post[f"task-{i}-{key}"] for key in TASK_FIELDS if f"task-{i}-{key}" in post}
        if fields:
            tasks[i] = fields
    edits: list[tuple[str, Mapping[str, Any]]] = []
    if header or tasks:
        edits.append(("update", {"header": header, "tasks": tasks}))
    op, _, arg = (post.get("op") or "confirm").partition(":")
    if op in ("save", "confirm"):
        return ReviewPost(op, edits)
    if op == "unit":
        return ReviewPost("unit", edits, unit_name=arg)
    if op == "add":
        fields = {key: post[f"new-{key}"] for key in TASK_FIELDS if f"new-{key}" in post}
        return ReviewPost("add", [*edits, ("add", {"fields": fields, "group": post.get("new-group", "")})])
    index = _number(arg)
    if index >= task_count:
        raise BadReviewPost(arg)
    if op in ("delete", "merge"):
        return ReviewPost(op, [*edits, (op, {"index": index})], index=index)
    if op == "split":
        at = _number(post.get(f"task-{index}-split_at"))
        return ReviewPost(op, [*edits, (op, {"index": index, "at": at})], index=index)
    if op == "move":
        return ReviewPost(
            op, [*edits, (op, {"index": index, "group": post.get(f"task-{index}-move_to", "")})], index=index
        )
    raise BadReviewPost(op)
