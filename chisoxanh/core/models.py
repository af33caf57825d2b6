"""What every app shares: the audit trail and the rules for storing Vietnamese text."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from chisoxanh.lib import printable
from chisoxanh.lib.vietnamese import fold, nfc, number

from . import audit_labels, channel


def person_field(label: str) -> models.ForeignKey:
    """Who did something (sent, reviewed, signed…). Optional, and cleared rather than cascaded
    when the account is deleted: the record of what was done outlives the account."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class NormalizedTextModel(models.Model):
    """Stores every text field as NFC, whatever path the value came in by.

    Forms, the API, the admin, imports and the command line all end in ``save()``, so this is
    the one place where text is normalised. ``search_fields_source`` names the fields whose
    folded form is kept in ``search_text`` for diacritic-insensitive search.
    """

    search_fields_source: tuple[str, ...] = ()
    # The longest text a TextField of the model may hold, by field name (a TextField has no
    # length of its own, and everything here ends up printed in a document).
    text_limits: dict[str, int] = {}
    TEXT_LIMIT = 20_000

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalize_text()
        if kwargs.get("update_fields") and self.search_fields_source:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def normalize_text(self) -> None:
        for field in self._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)) and field.name != "password":
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, nfc(value))
        if self.search_fields_source and hasattr(self, "search_text"):
            self.search_text = " ".join(
                fold(str(getattr(self, name) or "")) for name in self.search_fields_source
            ).strip()

    def clean_fields(self, exclude=None) -> None:
        """Django's checks, then the two every text must pass to be printed: no character the
        document font cannot print (emoji, control characters), and a bounded length."""
        errors: dict = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if (exclude and field.name in exclude) or field.name in ("password", "search_text"):
                continue
            if not isinstance(field, (models.CharField, models.TextField)):
                continue
            value = getattr(self, field.attname)
            if not isinstance(value, str):
                continue
            problems = []
            if chars := printable.unprintable(value):
                problems.append(ValidationError(printable.message(chars), code="unprintable"))
            limit = self.text_limits.get(field.name, self.TEXT_LIMIT) if isinstance(field, models.TextField) else None
            if limit is not None and len(value) > limit:
                problems.append(
                    ValidationError(
                        f"Nội dung dài {number(len(value))} ký tự, vượt mức tối đa {number(limit)} ký tự.",
                        code="too_long",
                    )
                )
            if problems:
                errors.setdefault(field.name, []).extend(problems)
        if errors:
            raise ValidationError(errors)


class AuditEntry(models.Model):
    """Who did what to which object, when, and through which way in. Written by services, never
    edited."""

    created_at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = person_field("người thực hiện")
    action = models.CharField("hành động", max_length=100, db_index=True, help_text="Mã dạng plans.plan.created")
    object_type = models.CharField("loại đối tượng", max_length=100)
    object_id = models.CharField("mã đối tượng", max_length=64)
    object_repr = models.CharField("đối tượng", max_length=300)
    changes = models.JSONField("nội dung thay đổi", default=dict, blank=True)
    channel = models.CharField("qua", max_length=10, choices=list(channel.LABELS.items()), default="system")

    class Meta:
        verbose_name = "nhật ký thao tác"
        verbose_name_plural = "nhật ký thao tác"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.action_label} {self.object_repr}"

    @property
    def action_label(self) -> str:
        """The action as a Vietnamese sentence (``core.audit_labels``), never the raw code."""
        return audit_labels.label(self.action)
