"""Plans, their tasks, who carries each task, and optional targets."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from chisoxanh.accounts.models import Organization
from chisoxanh.core.models import NormalizedTextModel
from chisoxanh.lib.dates import annual_due_label
from chisoxanh.pgi.models import Subindex


def _annual_due_is_valid(month: int | None, day: int | None) -> bool:
    if not month and not day:
        return True
    if not (month and day):
        return False
    try:
        dt.date(2024, month, day)  # a leap year, so that 29/02 is accepted
    except ValueError:
        return False
    return True


class Plan(NormalizedTextModel):
    """A plan (kế hoạch) issued by an organisation, usually implementing a parent plan."""

    # What a person sets on a plan (its issuer aside): the one list the services accept and the
    # plan form shows, in the form's order.
    EDITABLE_FIELDS = (
        "number", "symbol", "issued_on", "place", "title", "parent", "preamble", "start_year",
        "end_year", "purposes", "requirements", "closing", "report_recipient", "report_due_day",
        "report_due_month", "reporting_frequency", "unit_lead_days", "reminder_days",
        "escalate_after_days", "target_rank", "target_score", "signer_authority", "signer_title",
        "signer_name", "recipients", "status",
    )  # fmt: skip

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        ACTIVE = "active", "Đang thực hiện"
        CLOSED = "closed", "Đã kết thúc"

    issuer = models.ForeignKey(
        Organization,
        verbose_name="cơ quan ban hành",
        on_delete=models.PROTECT,
        related_name="plans_issued",
    )
    number = models.CharField("số", max_length=20, blank=True, help_text="Để trống khi chưa có số hoặc không đọc được")
    symbol = models.CharField("ký hiệu", max_length=40, blank=True, help_text="Ví dụ: KH-UBND")
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    place = models.CharField("địa danh", max_length=100, blank=True, help_text="Ví dụ: Lạng Sơn")
    title = models.CharField("trích yếu", max_length=500)
    parent = models.ForeignKey(
        "self",
        verbose_name="thực hiện kế hoạch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    preamble = models.TextField("căn cứ, mở đầu", blank=True, help_text="Đoạn mở đầu: “Thực hiện Kế hoạch số …”")
    start_year = models.PositiveSmallIntegerField(
        "năm bắt đầu", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        "năm kết thúc",
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="Để trống với kế hoạch “năm … và những năm tiếp theo”",
    )
    purposes = models.TextField("mục đích", blank=True, help_text="Mỗi ý một dòng")
    requirements = models.TextField("yêu cầu", blank=True, help_text="Mỗi ý một dòng")
    closing = models.TextField("đoạn kết", blank=True)
    report_recipient = models.ForeignKey(
        Organization,
        verbose_name="nơi nhận báo cáo kết quả",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans_reporting_to",
    )
    report_due_month = models.PositiveSmallIntegerField(
        "tháng hạn báo cáo",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    report_due_day = models.PositiveSmallIntegerField(
        "ngày hạn báo cáo",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text="Báo cáo gửi trước ngày này hằng năm, ví dụ 10 tháng 12",
    )
    reporting_frequency = models.CharField(
        "kỳ báo cáo của các đơn vị",
        max_length=10,
        choices=[("annual", "Hằng năm"), ("half", "6 tháng"), ("quarter", "Hằng quý")],
        default="annual",
    )
    unit_lead_days = models.PositiveSmallIntegerField(
        "các đơn vị báo cáo trước hạn (ngày)",
        default=15,
        validators=[MaxValueValidator(90)],
        help_text="Số ngày các đơn vị phải gửi báo cáo trước hạn báo cáo của cơ quan, để Văn phòng kịp tổng hợp",
    )
    reminder_days = models.CharField(
        "nhắc trước hạn (ngày)",
        max_length=50,
        default="14,7,3,1",
        validators=[RegexValidator(r"^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$", "Ghi các số ngày, cách nhau bởi dấu phẩy.")],
        help_text="Ví dụ: 14,7,3,1",
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        "báo lãnh đạo khi quá hạn (ngày)",
        default=3,
        help_text="Quá hạn bao nhiêu ngày thì báo lãnh đạo đơn vị và Văn phòng",
    )
    target_rank = models.PositiveSmallIntegerField(
        "mục tiêu xếp hạng PGI",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(63)],
        help_text="Ví dụ 30 cho “trong nhóm 30 tỉnh, thành phố đứng đầu”",
    )
    target_score = models.DecimalField(
        "mục tiêu điểm PGI",
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(40)],
        help_text="Ví dụ 25 cho “≥ 25 điểm”",
    )
    signer_authority = models.CharField(
        "thẩm quyền ký",
        max_length=60,
        blank=True,
        help_text="Ví dụ: KT. GIÁM ĐỐC (để trống nếu ký trực tiếp)",
    )
    signer_title = models.CharField("chức vụ người ký", max_length=100, blank=True)
    signer_name = models.CharField("họ tên người ký", max_length=100, blank=True)
    recipients = models.TextField("nơi nhận", blank=True, help_text="Mỗi nơi nhận một dòng")
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("phiên bản", default=1, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    search_fields_source = ("title", "number", "symbol")

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-start_year", "-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                name="plan_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}" if self.reference else self.title

    def get_absolute_url(self) -> str:
        return reverse("plan-detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """ "18/KH-UBND", or "…/KH-STP" while the number is unknown."""
        if not self.symbol:
            return self.number
        return f"{self.number or '…'}/{self.symbol}"

    @property
    def years_label(self) -> str:
        if self.end_year is None:
            return f"năm {self.start_year} và những năm tiếp theo"
        if self.end_year == self.start_year:
            return f"năm {self.start_year}"
        return f"giai đoạn {self.start_year}–{self.end_year}"

    @property
    def report_due_label(self) -> str:
        return annual_due_label(self.report_due_month, self.report_due_day)

    @property
    def target_label(self) -> str:
        parts = []
        if self.target_rank:
            parts.append(f"trong nhóm {self.target_rank} tỉnh, thành phố dẫn đầu")
        if self.target_score is not None:
            parts.append(f"đạt từ {str(self.target_score).replace('.', ',')} điểm trở lên")
        return "; ".join(parts)

    @property
    def reminder_day_list(self) -> list[int]:
        return sorted({int(x) for x in self.reminder_days.split(",") if x.strip().isdigit()}, reverse=True)

    @property
    def purpose_items(self) -> list[str]:
        return [line for line in self.purposes.splitlines() if line.strip()]

    @property
    def requirement_items(self) -> list[str]:
        return [line for line in self.requirements.splitlines() if line.strip()]

    @property
    def recipient_items(self) -> list[str]:
        return [line for line in self.recipients.splitlines() if line.strip()]

    def clean(self) -> None:
        errors = {}
        if self.end_year and self.start_year and self.end_year < self.start_year:
            errors["end_year"] = "Năm kết thúc không được trước năm bắt đầu."
        if not _annual_due_is_valid(self.report_due_month, self.report_due_day):
            errors["report_due_day"] = "Hạn báo cáo cần đủ ngày và tháng, và là một ngày có thật."
        if self.parent_id and self.pk and self.parent_id == self.pk:
            errors["parent"] = "Kế hoạch không thể thực hiện chính nó."
        if errors:
            raise ValidationError(errors)


class Task(NormalizedTextModel):
    """A task (nhiệm vụ) of a plan: what must be done, by whom, on what schedule."""

    class Part(models.TextChoices):
        TASKS = "tasks", "Nhiệm vụ và giải pháp"
        ORGANIZATION = "organization", "Tổ chức thực hiện"

    class Schedule(models.TextChoices):
        CONTINUOUS = "continuous", "Thường xuyên"
        ANNUAL = "annual", "Hằng năm"
        ONCE = "once", "Có thời hạn"

    plan = models.ForeignKey(Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="tasks")
    part = models.CharField("phần", max_length=20, choices=Part.choices, default=Part.TASKS)
    section = models.CharField("mục", max_length=20, blank=True, help_text="Ví dụ: II.2")
    heading = models.CharField(
        "tiêu đề mục trong kế hoạch",
        max_length=300,
        blank=True,
        help_text="Nguyên văn tiêu đề mục, ví dụ: Chỉ số “Thúc đẩy thực hành xanh”",
    )
    order = models.PositiveIntegerField("thứ tự", default=0)
    subindex = models.ForeignKey(
        Subindex,
        verbose_name="chỉ số thành phần",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    title = models.CharField("tên nhiệm vụ", max_length=500)
    content = models.TextField("nội dung", blank=True, help_text="Nguyên văn nội dung trong kế hoạch")
    outputs = models.TextField("sản phẩm", blank=True)
    lead_text = models.CharField(
        "đơn vị chủ trì (nguyên văn)",
        max_length=300,
        blank=True,
        help_text="Cách kế hoạch ghi đơn vị chủ trì",
    )
    partners_text = models.CharField(
        "đơn vị phối hợp (nguyên văn)",
        max_length=500,
        blank=True,
        help_text="Ví dụ: các phòng, đơn vị sự nghiệp thuộc Sở",
    )
    schedule = models.CharField(
        "thời gian thực hiện", max_length=12, choices=Schedule.choices, default=Schedule.CONTINUOUS
    )
    due_date = models.DateField("thời hạn", null=True, blank=True)
    due_month = models.PositiveSmallIntegerField(
        "tháng hạn hằng năm",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    due_day = models.PositiveSmallIntegerField(
        "ngày hạn hằng năm",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    parent_task = models.ForeignKey(
        "self",
        verbose_name="thực hiện nhiệm vụ của kế hoạch cấp trên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="child_tasks",
    )
    version = models.PositiveIntegerField("phiên bản", default=1, editable=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    search_fields_source = ("title", "content", "section")

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["plan", "order", "id"]
        indexes = [models.Index(fields=["plan", "order"], name="task_plan_order_idx")]

    def __str__(self) -> str:
        return f"{self.section} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return f"{self.plan.get_absolute_url()}#nhiem-vu-{self.pk}"

    @property
    def schedule_label(self) -> str:
        if self.schedule == self.Schedule.ONCE and self.due_date:
            return f"Hoàn thành trước ngày {self.due_date:%d/%m/%Y}"
        if self.schedule == self.Schedule.ANNUAL and self.due_month:
            return annual_due_label(self.due_month, self.due_day).capitalize()
        return self.get_schedule_display()

    def clean(self) -> None:
        errors = {}
        if self.schedule == self.Schedule.ONCE and not self.due_date:
            errors["due_date"] = "Nhiệm vụ có thời hạn cần ghi rõ thời hạn."
        if self.schedule == self.Schedule.ANNUAL and not (self.due_month and self.due_day):
            errors["due_day"] = "Nhiệm vụ hằng năm cần ghi ngày và tháng của hạn."
        if not _annual_due_is_valid(self.due_month, self.due_day):
            errors["due_day"] = "Hạn hằng năm phải là một ngày có thật (ví dụ 10 tháng 12)."
        if errors:
            raise ValidationError(errors)


class Assignment(models.Model):
    """An organisation carrying a task, as lead (chủ trì) or partner (phối hợp).

    When the plan names a group ("các phòng, đơn vị sự nghiệp thuộc Sở"), each unit of the
    group gets its own row and ``group_text`` keeps the plan's wording beside it.
    """

    class Role(models.TextChoices):
        LEAD = "lead", "Chủ trì"
        PARTNER = "partner", "Phối hợp"

    task = models.ForeignKey(Task, verbose_name="nhiệm vụ", on_delete=models.CASCADE, related_name="assignments")
    organization = models.ForeignKey(
        Organization,
        verbose_name="cơ quan, đơn vị",
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField("vai trò", max_length=10, choices=Role.choices)
    group_text = models.CharField(
        "theo nhóm (nguyên văn)",
        max_length=300,
        blank=True,
        help_text="Cách kế hoạch gọi nhóm đơn vị này, nếu có",
    )

    class Meta:
        verbose_name = "phân công"
        verbose_name_plural = "phân công"
        ordering = ["task", "role", "organization__order", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["task", "organization"], name="assignment_unique_org"),
            models.UniqueConstraint(fields=["task"], condition=Q(role="lead"), name="assignment_one_lead"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class Target(NormalizedTextModel):
    """A planned figure for a task in a year, e.g. 4 hội nghị or 500 lượt người."""

    task = models.ForeignKey(Task, verbose_name="nhiệm vụ", on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField("năm")
    measure = models.CharField("chỉ tiêu", max_length=200, help_text="Ví dụ: số hội nghị tuyên truyền")
    planned = models.DecimalField("kế hoạch", max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField("đơn vị tính", max_length=50, blank=True)

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["task", "year", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["task", "year", "measure"], name="target_unique_measure"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.year}"
