"""Reporting periods, the units' task reports with their activities and evidence, their saved
versions, and the notifications the workflow and the reminders send."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from chisoxanh.accounts.models import Organization
from chisoxanh.core.models import NormalizedTextModel, person_field
from chisoxanh.lib.status import Deadline, DeadlineKind, completion_date, progress_label
from chisoxanh.plans.models import Plan, Task


class Period(models.Model):
    """A reporting period of a plan: a year, or a half or quarter of it when the plan asks.

    ``data_start``–``data_end`` is the data window of Decree 09/2019 (15/12 of the previous year
    to 14/12 for a year). ``due_date`` is the plan's own deadline for the agency's result report
    (10/12 for the seed plan); ``unit_due_date`` is the earlier date by which units report to the
    Office. The three are kept apart because they differ in practice.
    """

    class Kind(models.TextChoices):
        YEAR = "year", "Năm"
        HALF = "half", "6 tháng"
        QUARTER = "quarter", "Quý"

    plan = models.ForeignKey(Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="periods")
    year = models.PositiveSmallIntegerField("năm")
    kind = models.CharField("loại kỳ", max_length=10, choices=Kind.choices, default=Kind.YEAR)
    number = models.PositiveSmallIntegerField("kỳ số", default=1)
    data_start = models.DateField("số liệu từ ngày")
    data_end = models.DateField("số liệu đến ngày")
    unit_due_date = models.DateField("hạn các đơn vị báo cáo")
    due_date = models.DateField("hạn báo cáo của cơ quan")
    opened_at = models.DateTimeField("mở kỳ lúc", null=True, blank=True)
    # Raised whenever anything the Office board shows for this period changes (boardcache.py);
    # the rendered board is cached under it.
    revision = models.PositiveIntegerField("phiên bản dữ liệu", default=0, editable=False)

    class Meta:
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"
        ordering = ["plan", "year", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "kind", "number"], name="period_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        # The revision only ever moves up, in place; writing back the value this instance was
        # loaded with could move it backwards and bring a stale cached board back to life.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.attname for f in self._meta.concrete_fields if not f.primary_key and f.name != "revision"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("board", args=[self.pk])

    @property
    def label(self) -> str:
        if self.kind == self.Kind.HALF:
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        if self.kind == self.Kind.QUARTER:
            return f"Quý {['I', 'II', 'III', 'IV'][self.number - 1]} năm {self.year}"
        return f"Năm {self.year}"


class TaskReport(NormalizedTextModel):
    """What one unit did on one task in one period, reviewed by its leader."""

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", "Chưa thực hiện"
        IN_PROGRESS = "in_progress", "Đang thực hiện"
        DONE = "done", "Hoàn thành"

    class State(models.TextChoices):
        DRAFT = "draft", "Chưa gửi"
        SUBMITTED = "submitted", "Chờ duyệt"
        RETURNED = "returned", "Bị trả lại"
        ACCEPTED = "accepted", "Đã duyệt"

    EDITABLE_STATES = (State.DRAFT, State.RETURNED)
    CONFLICT_MESSAGE = (
        "Báo cáo vừa được người khác lưu sau khi bạn mở trang. Nội dung của bạn chưa được lưu "
        "và vẫn còn trong biểu mẫu; bản đã lưu hiện ở bên dưới để bạn so sánh."
    )
    SENT_STATES = (State.SUBMITTED, State.ACCEPTED)
    # A unit's report is a few paragraphs of the agency's result report (the results column of
    # its appendix): 20,000 characters is about five printed pages.
    text_limits = {"results": 20_000, "difficulties": 8_000, "proposals": 8_000, "return_reason": 2_000}

    task = models.ForeignKey(Task, verbose_name="nhiệm vụ", on_delete=models.CASCADE, related_name="reports")
    organization = models.ForeignKey(
        Organization,
        verbose_name="đơn vị báo cáo",
        on_delete=models.PROTECT,
        related_name="task_reports",
    )
    period = models.ForeignKey(Period, verbose_name="kỳ báo cáo", on_delete=models.CASCADE, related_name="reports")
    role = models.CharField(
        "vai trò",
        max_length=10,
        choices=[("lead", "Chủ trì"), ("partner", "Phối hợp")],
        default="partner",
    )
    progress = models.CharField("tiến độ", max_length=12, choices=Progress.choices, default=Progress.NOT_STARTED)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    results = models.TextField("kết quả thực hiện", blank=True)
    difficulties = models.TextField("khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("kiến nghị, đề xuất", blank=True)
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField("phiên bản", default=1)
    first_submitted_at = models.DateTimeField("gửi lần đầu lúc", null=True, blank=True)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    submitted_by = person_field("người gửi")
    reviewed_at = models.DateTimeField("duyệt, trả lại lúc", null=True, blank=True)
    reviewed_by = person_field("người duyệt")
    return_reason = models.TextField("lý do trả lại", blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    # What the search box finds a report by (the task and the unit are found as themselves).
    search_fields_source = ("results", "difficulties", "proposals")

    class Meta:
        verbose_name = "báo cáo thực hiện nhiệm vụ"
        verbose_name_plural = "báo cáo thực hiện nhiệm vụ"
        ordering = ["period", "task__order", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["task", "organization", "period"], name="report_unique"),
        ]
        indexes = [
            models.Index(fields=["period", "organization"], name="report_period_org_idx"),
            models.Index(fields=["organization", "state"], name="report_org_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.task.title[:60]} ({self.period})"

    def get_absolute_url(self) -> str:
        return reverse("report-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    def due(self) -> Deadline:
        """The deadline the unit is held to, and which one it is: the task's own date when the
        agency's plan gives one inside the period (a dated task, or an annual one such as "trước
        ngày 10 tháng 12 hằng năm"), otherwise the period's deadline for units."""
        task, period = self.task, self.period
        own = task.due_date
        if task.schedule == Task.Schedule.ANNUAL and task.due_month and task.due_day:
            try:
                own = dt.date(period.year, task.due_month, task.due_day)
            except ValueError:  # 29/02 in a common year
                own = dt.date(period.year, task.due_month, 28)
        if own and period.data_start <= own <= period.data_end:
            return Deadline(own, DeadlineKind.AGENCY)
        return Deadline(period.unit_due_date, DeadlineKind.UNIT)

    def deadline(self) -> dt.date:
        """The date of :meth:`due`."""
        return self.due().on

    @property
    def progress_label(self) -> str:
        """The progress as every page and export prints it (``lib.status.progress_label``)."""
        return progress_label(self.task.schedule, self.progress)

    @property
    def stated_completion(self) -> dt.date | None:
        """The completion date the unit gave, where one is shown (``lib.status.completion_date``)."""
        return completion_date(self.task.schedule, self.progress, self.completed_on)


class Activity(NormalizedTextModel):
    """One thing done under a task report: a meeting, a training, a post, a document."""

    # What a person records of an activity: the one list that the services save and version,
    # the report form, the API and the XLSX export carry, in this order.
    FIELDS = ("date", "kind", "channel", "title", "people_reached", "link")

    class Kind(models.TextChoices):
        MEETING = "meeting", "Hội nghị, cuộc họp"
        TRAINING = "training", "Tập huấn, bồi dưỡng"
        OUTREACH = "outreach", "Tuyên truyền trực tiếp"
        POST = "post", "Đăng tin, bài"
        DOCUMENT = "document", "Ban hành văn bản"
        INSPECTION = "inspection", "Kiểm tra"
        OTHER = "other", "Hoạt động khác"

    class Channel(models.TextChoices):
        CONFERENCE = "conference", "Hội nghị"
        FANPAGE = "fanpage", "Fanpage"
        ZALO = "zalo", "Zalo"
        FACEBOOK = "facebook", "Facebook"
        WEBSITE = "website", "Trang thông tin điện tử"
        PRESS = "press", "Báo, đài"
        DOCUMENT = "document", "Văn bản"
        DIRECT = "direct", "Trực tiếp"
        OTHER = "other", "Khác"

    report = models.ForeignKey(TaskReport, verbose_name="báo cáo", on_delete=models.CASCADE, related_name="activities")
    date = models.DateField("ngày")
    kind = models.CharField("hình thức", max_length=12, choices=Kind.choices)
    channel = models.CharField("kênh", max_length=12, choices=Channel.choices, blank=True)
    title = models.CharField("nội dung", max_length=500)
    people_reached = models.PositiveIntegerField("số người tham dự, tiếp cận", null=True, blank=True)
    link = models.URLField("đường dẫn", max_length=500, blank=True)

    class Meta:
        verbose_name = "hoạt động"
        verbose_name_plural = "hoạt động"
        ordering = ["report", "date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.title}"


class Evidence(models.Model):
    """A file or a link that proves what a report says."""

    report = models.ForeignKey(TaskReport, verbose_name="báo cáo", on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("tệp", upload_to="evidence/%Y/", blank=True)
    original_name = models.CharField("tên tệp gốc", max_length=255, blank=True)
    content_type = models.CharField("loại nội dung", max_length=100, blank=True)
    size = models.PositiveBigIntegerField("dung lượng (byte)", default=0)
    sha256 = models.CharField("mã băm SHA-256", max_length=64, blank=True)
    url = models.URLField("đường dẫn", max_length=500, blank=True)
    title = models.CharField("mô tả", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"
        ordering = ["report", "uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="evidence_file_xor_link",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name or self.title or self.url

    def get_absolute_url(self) -> str:
        return reverse("evidence-download", args=[self.pk]) if self.file else self.url


class ReportVersion(models.Model):
    """A saved state of a report: every save and every step of the review is kept."""

    class Event(models.TextChoices):
        CREATED = "created", "Tạo báo cáo"
        SAVED = "saved", "Lưu"
        SUBMITTED = "submitted", "Gửi duyệt"
        RETURNED = "returned", "Trả lại"
        ACCEPTED = "accepted", "Duyệt"
        REOPENED = "reopened", "Mở lại"
        WITHDRAWN = "withdrawn", "Rút lại"

    report = models.ForeignKey(TaskReport, verbose_name="báo cáo", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("phiên bản")
    event = models.CharField("sự kiện", max_length=10, choices=Event.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)
    note = models.TextField("ghi chú, lý do", blank=True)
    data = models.JSONField("nội dung")
    changes = models.JSONField("thay đổi so với bản trước", default=dict)

    class Meta:
        verbose_name = "phiên bản báo cáo"
        verbose_name_plural = "phiên bản báo cáo"
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number} {self.get_event_display()}"


class Notification(models.Model):
    """An in-app message (also e-mailed): a return, a reminder, an escalation, a daily digest.

    For someone who receives the daily digest (``accounts.Delivery``) a notification is *held*:
    neither listed, counted nor e-mailed on its own, until the day's digest takes it in
    (``digest``); the digest is then one notification and one e-mail listing them all.
    """

    class Kind(models.TextChoices):
        RETURNED = "returned", "Báo cáo bị trả lại"
        SUBMITTED = "submitted", "Báo cáo chờ duyệt"
        ACCEPTED = "accepted", "Báo cáo đã được duyệt"
        REOPENED = "reopened", "Báo cáo được mở lại"
        REMINDER = "reminder", "Nhắc hạn báo cáo"
        OVERDUE = "overdue", "Báo cáo quá hạn"
        ESCALATION = "escalation", "Đơn vị chậm báo cáo"
        DIGEST = "digest", "Tóm tắt hằng ngày"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhận",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("loại", max_length=12, choices=Kind.choices)
    title = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung")
    url = models.CharField("đường dẫn", max_length=300, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    emailed_at = models.DateTimeField("đã gửi thư lúc", null=True, blank=True)
    held = models.BooleanField("gộp vào bản tóm tắt", default=False)
    digest = models.ForeignKey(
        "self",
        verbose_name="bản tóm tắt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    digest_on = models.DateField("tóm tắt của ngày", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            # The daily digest run looks for held notifications not yet in a digest.
            models.Index(
                fields=["recipient"],
                condition=Q(held=True, digest__isnull=True),
                name="notification_pending_idx",
            ),
        ]
        constraints = [
            # One digest per person per day, however often or on however many machines the
            # daily run goes (rows that are not digests have no date and never collide).
            models.UniqueConstraint(fields=["recipient", "digest_on"], name="notification_one_digest_a_day"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Opening it marks it read (and then leads to what it is about)."""
        return reverse("notification-open", args=[self.pk])


class ReminderLog(models.Model):
    """That a reminder step was sent for a report, so that no step is ever sent twice."""

    report = models.ForeignKey(TaskReport, on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField("bước nhắc", max_length=30, help_text="before-7, overdue-1, escalated…")
    sent_on = models.DateField("ngày gửi")

    class Meta:
        verbose_name = "lần nhắc"
        verbose_name_plural = "lần nhắc"
        constraints = [
            models.UniqueConstraint(fields=["report", "step"], name="reminder_once_per_step"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.step} {self.sent_on:%d/%m/%Y}"
