"""The agency's result report (báo cáo kết quả thực hiện) and the numbers of outgoing documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from chisoxanh.accounts.models import Organization
from chisoxanh.core.models import NormalizedTextModel, person_field
from chisoxanh.plans.models import Plan
from chisoxanh.reports.models import Period


class ResultReport(NormalizedTextModel):
    """An agency's report on a plan for one period, composed from the accepted task reports.

    ``sections`` is a list (JSON objects lose their key order in PostgreSQL's jsonb) with, per
    section key, the text the data produced (``generated``), the text
    the Office wrote instead (``edited``, or null) and the generated text that edit was based
    on (``base``), so that regenerating keeps every edit and can show what the data now says.
    """

    class State(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        RETURNED = "returned", "Trả lại Văn phòng"
        APPROVED = "approved", "Đã ký duyệt"
        SENT = "sent", "Đã gửi"
        RECEIVED = "received", "Đã nhận"

    # The states in which the Office still writes the draft (a returned draft is sent back to it).
    EDITABLE = (State.DRAFT, State.RETURNED)
    RETURN_REASON_LIMIT = 2_000

    text_limits = {"return_reason": RETURN_REASON_LIMIT}

    CONFLICT_MESSAGE = (
        "Báo cáo vừa được người khác cập nhật sau khi bạn mở trang. Nội dung của bạn chưa được "
        "lưu và vẫn còn trong biểu mẫu."
    )

    agency = models.ForeignKey(
        Organization,
        verbose_name="cơ quan báo cáo",
        on_delete=models.PROTECT,
        related_name="result_reports",
    )
    plan = models.ForeignKey(Plan, verbose_name="kế hoạch", on_delete=models.PROTECT, related_name="result_reports")
    period = models.ForeignKey(
        Period, verbose_name="kỳ báo cáo", on_delete=models.PROTECT, related_name="result_reports"
    )
    recipient = models.ForeignKey(
        Organization,
        verbose_name="nơi nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="result_reports_received",
    )
    title = models.CharField("trích yếu", max_length=500)
    number = models.PositiveIntegerField("số", null=True, blank=True)
    symbol = models.CharField("ký hiệu", max_length=40)
    year = models.PositiveSmallIntegerField("năm ban hành", null=True, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    place = models.CharField("địa danh", max_length=100, blank=True)
    signer_authority = models.CharField("thẩm quyền ký", max_length=60, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=100, blank=True)
    signer_name = models.CharField("họ tên người ký", max_length=100, blank=True)
    recipients = models.TextField("nơi nhận", blank=True)
    sections = models.JSONField("các mục", default=list)
    appendix = models.JSONField("phụ lục", default=dict)
    generated_at = models.DateTimeField("tổng hợp số liệu lúc", null=True, blank=True)
    facts_fingerprint = models.CharField("dấu số liệu khi tổng hợp", max_length=64, blank=True)
    figures = models.JSONField("số liệu chính khi tổng hợp", default=dict, blank=True)
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField("phiên bản", default=1)
    return_reason = models.TextField("lý do trả lại", blank=True)
    returned_at = models.DateTimeField("trả lại lúc", null=True, blank=True)
    returned_by = person_field("người trả lại")
    approved_at = models.DateTimeField("ký duyệt lúc", null=True, blank=True)
    approved_by = person_field("người ký duyệt")
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    sent_by = person_field("người gửi")
    received_at = models.DateTimeField("nhận lúc", null=True, blank=True)
    received_by = person_field("người nhận")
    docx = models.FileField("tệp DOCX đã ký duyệt", upload_to="result-reports/%Y/", blank=True)
    pdf = models.FileField("tệp PDF đã ký duyệt", upload_to="result-reports/%Y/", blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "báo cáo kết quả thực hiện"
        verbose_name_plural = "báo cáo kết quả thực hiện"
        ordering = ["-period__year", "agency__path"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "plan", "period"], name="result_report_unique"),
            models.UniqueConstraint(
                fields=["agency", "year", "symbol", "number"],
                condition=models.Q(number__isnull=False),
                name="result_report_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("result-report", args=[self.pk])

    @property
    def reference(self) -> str:
        """ "45/BC-STP" once numbered, "…/BC-STP" before."""
        return f"{self.number:02d}/{self.symbol}" if self.number else f"…/{self.symbol}"

    def section_map(self) -> dict[str, dict]:
        """The sections by key, in document order."""
        return {s["key"]: s for s in self.sections}

    def text(self, key: str) -> str:
        """A section's text as it will be printed: the Office's edit, else the generated text."""
        section = self.section_map().get(key) or {}
        edited = section.get("edited")
        return edited if edited is not None else section.get("generated", "")


# What each event of a result report's history says on its page. ``{by}`` is the signer's
# title when it was recorded ("Giám đốc"), ``{note}`` the reason or what changed.
EVENT_SENTENCES = {
    "created": "Văn phòng tạo bản nháp",
    "edited": "Văn phòng sửa nội dung",
    "regenerated": "Cập nhật số liệu",
    "returned": "{by} trả lại",
    "resubmitted": "Văn phòng trình lại để ký duyệt",
    "approved": "{by} ký duyệt, cấp số {reference}",
    "sent": "Gửi {recipient}",
    "received": "{recipient} xác nhận đã nhận",
}


class ResultReportVersion(models.Model):
    """A saved state of a result report (every edit, regeneration and step of the workflow)."""

    report = models.ForeignKey(ResultReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("phiên bản")
    event = models.CharField("sự kiện", max_length=20)
    note = models.TextField("ghi chú", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)
    data = models.JSONField("nội dung")

    class Meta:
        verbose_name = "phiên bản báo cáo kết quả"
        verbose_name_plural = "phiên bản báo cáo kết quả"
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="result_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number} {self.event}"

    @property
    def sentence(self) -> str:
        """The event as the history list reads it: "Giám đốc trả lại: Bổ sung số liệu quý IV"."""
        report = self.report
        number = self.data.get("number")
        text = EVENT_SENTENCES.get(self.event, "Thao tác khác").format(
            by=self.data.get("by") or "Lãnh đạo cơ quan",
            reference=f"{number:02d}/{report.symbol}" if number else report.symbol,
            recipient=report.recipient.name if report.recipient_id else "cơ quan nhận",
        )
        if not self.note:
            return text
        # A reason follows a colon; what a refresh changed reads as an aside.
        return f"{text} ({self.note})" if self.event == "regenerated" else f"{text}: {self.note}"


class DocumentCounter(models.Model):
    """The last number an agency gave to a kind of document in a year (Decree 30, Art. 15).

    Numbers are drawn by locking this row, so two approvals at the same moment never get the
    same number; the unique constraint on the reports is the second line of defence.
    """

    agency = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    symbol = models.CharField(max_length=40)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "symbol"], name="document_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.symbol} {self.year}: {self.last}"


class PlanImport(models.Model):
    """A plan document on its way in: read, parsed, reviewed, and only then made into a plan."""

    class State(models.TextChoices):
        PROCESSING = "processing", "Đang đọc văn bản"
        READY = "ready", "Chờ kiểm tra"
        FAILED = "failed", "Không đọc được"
        CONFIRMED = "confirmed", "Đã tạo kế hoạch"

    CONFLICT_MESSAGE = (
        "Bản nháp vừa được người khác sửa sau khi bạn mở trang. Thay đổi của bạn chưa được lưu; "
        "bản nháp mới nhất hiện bên dưới, hãy sửa lại phần bạn cần."
    )

    issuer = models.ForeignKey(
        Organization, verbose_name="cơ quan ban hành", on_delete=models.CASCADE, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người tải lên", on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField("tên tệp", max_length=255)
    source = models.FileField("tệp gốc", upload_to="plan-imports/%Y/")
    state = models.CharField("trạng thái", max_length=12, choices=State.choices, default=State.PROCESSING)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    message = models.TextField("thông báo", blank=True)
    text = models.TextField("văn bản đọc được", blank=True)
    draft = models.JSONField("bản nháp", default=dict, blank=True)
    # Every edit of the draft claims the next version (core.workflow.claim), so two people
    # reviewing the same import cannot overwrite each other's changes unseen.
    version = models.PositiveIntegerField("phiên bản", default=1)
    plan = models.ForeignKey(
        Plan, verbose_name="kế hoạch đã tạo", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        verbose_name = "nhập kế hoạch"
        verbose_name_plural = "nhập kế hoạch"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("plan-import", args=[self.pk])
