"""Organisations, the roles people hold in them, and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from chisoxanh.core.models import NormalizedTextModel


class Organization(NormalizedTextModel):
    """A node of the administrative tree: province → agency or commune → unit.

    ``path`` is a materialised path of ids ("/1/4/9/") kept by ``save()``; a subtree is one
    ``path__startswith`` filter, so access checks and roll-ups never walk the tree row by row.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", "Tỉnh, thành phố"
        AGENCY = "agency", "Sở, ban, ngành"
        COMMUNE = "commune", "Xã, phường, đặc khu"
        OFFICE = "office", "Văn phòng"
        DIVISION = "division", "Phòng chuyên môn"
        SERVICE_UNIT = "service_unit", "Đơn vị sự nghiệp"

    # Kinds that are units inside an agency ("các phòng, đơn vị thuộc Sở").
    UNIT_KINDS = (Kind.OFFICE, Kind.DIVISION, Kind.SERVICE_UNIT)

    name = models.CharField("tên", max_length=255)
    short_name = models.CharField("tên ngắn", max_length=120, blank=True, help_text="Ví dụ: Sở NN&MT, UBND tỉnh")
    abbreviation = models.CharField(
        "chữ viết tắt",
        max_length=20,
        blank=True,
        help_text="Dùng trong ký hiệu văn bản, ví dụ STP trong 45/BC-STP",
    )
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="trực thuộc",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField("đường dẫn cây", max_length=255, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField("cấp", default=0, editable=False)
    order = models.PositiveIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang hoạt động", default=True)
    dissolved_on = models.DateField("ngày giải thể, sáp nhập", null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    search_fields_source = ("name", "short_name", "abbreviation")

    class Meta:
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="org_unique_name_per_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organization-detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to the parent, read from the path without a query."""
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    def clean(self) -> None:
        if self.creates_cycle():
            raise ValidationError({"parent": "Không thể đặt một cơ quan trực thuộc đơn vị cấp dưới của chính nó."})

    def creates_cycle(self) -> bool:
        return bool(self.pk and self.parent_id) and f"/{self.pk}/" in self.parent.path

    def save(self, *args, **kwargs):
        if self.creates_cycle():
            raise ValueError("Organization would become its own ancestor.")
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if path != self.path:
            old = self.path
            self.path, self.depth = path, path.count("/") - 2
            type(self).objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            if old:
                self._move_descendants(old, path)

    def _move_descendants(self, old: str, new: str) -> None:
        # Descendants keep their relative paths; one UPDATE per descendant is acceptable here
        # because moving a node is a rare administrative act (a reorganisation).
        for child in type(self).objects.filter(path__startswith=old).exclude(pk=self.pk):
            child.path = new + child.path[len(old) :]
            child.depth = child.path.count("/") - 2
            type(self).objects.filter(pk=child.pk).update(path=child.path, depth=child.depth)


class Role(models.TextChoices):
    OFFICER = "officer", "Chuyên viên"
    LEADER = "leader", "Lãnh đạo"
    COORDINATOR = "coordinator", "Theo dõi, tổng hợp"
    AGGREGATOR = "aggregator", "Cơ quan tổng hợp"
    VIEWER = "viewer", "Xem"


class Membership(models.Model):
    """A user's role in an organisation; the role reaches the organisation's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người dùng",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="cơ quan, đơn vị",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    title = models.CharField("chức danh", max_length=120, blank=True, help_text="Ví dụ: Trưởng phòng, Phó Giám đốc")

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        ordering = ["organization__path", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người dùng",
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField("tên", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField("tiền tố", max_length=8, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, name: str) -> tuple[ApiToken, str]:
        key = "cx_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=cls.hash_key(key), prefix=key[:8])
        return token, key


class Delivery(models.TextChoices):
    """How a person receives notifications: each one as it happens, or one summary a day."""

    EACH = "each", "Từng việc"
    DIGEST = "digest", "Tóm tắt hằng ngày"


# Leaders and the Office hear of every submission of every unit below them (a director got 15
# messages in one morning), so they get the daily summary unless they choose otherwise.
DIGEST_ROLES = (Role.LEADER, Role.COORDINATOR)


class NotificationPreference(models.Model):
    """A person's own choice of :class:`Delivery`. No row means the default of their roles, so
    that a newly appointed leader gets the summary without anyone editing their account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="người dùng",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    delivery = models.CharField("nhận thông báo", max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "cách nhận thông báo"
        verbose_name_plural = "cách nhận thông báo"

    def __str__(self) -> str:
        return f"{self.user} — {self.get_delivery_display()}"

    @staticmethod
    def deliveries(user_ids: Iterable[int]) -> dict[int, str]:
        """Each user's delivery: their own choice, else the digest for leader and Office roles
        (in an active organisation), else each notification on its own. Two queries."""
        ids = set(user_ids)
        chosen = dict(NotificationPreference.objects.filter(user_id__in=ids).values_list("user_id", "delivery"))
        by_role = set(
            Membership.objects.filter(
                user_id__in=ids - set(chosen), role__in=DIGEST_ROLES, organization__is_active=True
            ).values_list("user_id", flat=True)
        )
        return {uid: chosen.get(uid) or (Delivery.DIGEST if uid in by_role else Delivery.EACH) for uid in ids}


class PasswordResetRequest(models.Model):
    """One request of the "forgot password" form, kept for an hour to limit how many e-mails an
    address receives and how many requests one machine makes (the count is in the database, so
    every worker sees it). The address is stored as a hash: strangers type addresses here."""

    email_hash = models.CharField(max_length=64, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "yêu cầu đặt lại mật khẩu"
        verbose_name_plural = "yêu cầu đặt lại mật khẩu"

    def __str__(self) -> str:
        return f"{self.ip_address or '?'} {self.created_at:%d/%m/%Y %H:%M}"

    @staticmethod
    def hash_email(email: str) -> str:
        return hashlib.sha256(email.strip().casefold().encode()).hexdigest()
