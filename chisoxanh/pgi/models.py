"""The Provincial Green Index: its sub-indices, the provinces it ranks and their scores."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from chisoxanh.core.models import NormalizedTextModel


class Subindex(NormalizedTextModel):
    """One of the four PGI sub-indices (chỉ số thành phần), each scored 0–10."""

    number = models.PositiveSmallIntegerField(
        "số thứ tự", unique=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    name = models.CharField("tên", max_length=200)
    long_name = models.CharField("tên đầy đủ", max_length=300)
    name_en = models.CharField("tên tiếng Anh", max_length=300)
    aliases = models.JSONField("tên gọi khác", default=list, blank=True)

    class Meta:
        verbose_name = "chỉ số thành phần"
        verbose_name_plural = "chỉ số thành phần"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Province(NormalizedTextModel):
    """A province or centrally-run city as the PGI tables list it.

    The tables up to the 2024 edition rank the 63 provinces that existed before the merger of
    1 July 2025; later editions will rank the 34 that exist now. Each old province points at
    the new one that took it in, so a merged province's history reads through.
    """

    class Era(models.TextChoices):
        PRE_2025 = "pre2025", "63 tỉnh, thành phố (trước 01/7/2025)"
        POST_2025 = "post2025", "34 tỉnh, thành phố (từ 01/7/2025)"

    class Kind(models.TextChoices):
        PROVINCE = "province", "Tỉnh"
        CITY = "city", "Thành phố trực thuộc trung ương"

    code = models.CharField("mã", max_length=20, unique=True, help_text="Ví dụ: 20-2025")
    official_code = models.CharField("mã hành chính", max_length=2)
    name = models.CharField("tên", max_length=100)
    name_en = models.CharField("tên không dấu (trong bảng PGI)", max_length=100, blank=True)
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    era = models.CharField("giai đoạn", max_length=10, choices=Era.choices)
    successor = models.ForeignKey(
        "self",
        verbose_name="sáp nhập vào",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    organization = models.OneToOneField(
        "accounts.Organization",
        verbose_name="cơ quan (UBND tỉnh) trong hệ thống",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pgi_province",
        help_text="Nối tỉnh trong bảng PGI với cây cơ quan, để các trang đặt điểm số cạnh công việc",
    )
    search_text = models.TextField(editable=False, blank=True, default="")

    search_fields_source = ("name", "name_en")

    class Meta:
        verbose_name = "tỉnh, thành phố"
        verbose_name_plural = "tỉnh, thành phố"
        ordering = ["era", "official_code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("pgi-profile", args=[self.code])


class Score(models.Model):
    """A published figure: a province's score and rank in one edition, total or sub-index.

    Either may be unknown: VCCI publishes only the top-30 ranks for 2024, and many sub-index
    scores were never made public. ``source`` says where each figure was read.
    """

    province = models.ForeignKey(Province, verbose_name="tỉnh", on_delete=models.CASCADE, related_name="scores")
    year = models.PositiveSmallIntegerField("năm (kỳ công bố)", db_index=True)
    subindex = models.ForeignKey(
        Subindex,
        verbose_name="chỉ số thành phần",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="Để trống cho điểm tổng PGI",
    )
    score = models.DecimalField(
        "điểm",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(40)],
    )
    rank = models.PositiveSmallIntegerField("xếp hạng", null=True, blank=True)
    source = models.TextField("nguồn", blank=True)

    class Meta:
        verbose_name = "điểm PGI"
        verbose_name_plural = "điểm PGI"
        ordering = ["year", "province__official_code", "subindex__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "subindex"],
                name="score_unique_subindex",
                condition=models.Q(subindex__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["province", "year"],
                name="score_unique_total",
                condition=models.Q(subindex__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        part = f"chỉ số {self.subindex.number}" if self.subindex_id else "tổng"
        return f"{self.province} {self.year} {part}"
