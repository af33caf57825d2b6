"""Template filters for Vietnamese dates and numbers, loaded in every template."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone

from chisoxanh.lib import dates
from chisoxanh.lib.vietnamese import decimal, number

register = template.Library()


@register.filter
def ngay(value: dt.date | dt.datetime | None) -> str:
    """10/12/2026."""
    if isinstance(value, dt.datetime):
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return dates.page_date(value)


@register.filter
def ngay_van_ban(value: dt.date | None) -> str:
    """ngày 10 tháng 12 năm 2026."""
    return dates.document_date(value) if value else ""


@register.filter
def so(value) -> str:
    """A count as Vietnamese writes it: 40.800."""
    if isinstance(value, Decimal):
        value = float(value)
    return number(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


@register.filter
def diem(value, digits: int = 2) -> str:
    """A score or a difference of scores, with two decimals: 17,33, −2,42."""
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return decimal(value, int(digits))


@register.filter
def ho_ten(user) -> str:
    """A person's name in Vietnamese order (family name first), or the login name."""
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.get_username()


@register.filter
def get_item(mapping, key):
    """``mapping|get_item:key`` for dictionaries keyed by ids."""
    return mapping.get(key) if mapping else None
