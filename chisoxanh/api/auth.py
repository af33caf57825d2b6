from __future__ import annotations

from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from chisoxanh.accounts.models import ApiToken
from chisoxanh.core import channel


class TokenAuth(HttpBearer):
    """``Authorization: Bearer cx_…`` with a token issued by ``create_api_token``."""

    def authenticate(self, request, token: str):
        token_row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), user__is_active=True)
            .first()
        )
        if token_row is None:
            return None
        ApiToken.objects.filter(pk=token_row.pk).update(last_used_at=timezone.now())
        request.user = token_row.user
        channel.narrow("token")
        return token_row.user


AUTH = [TokenAuth(), django_auth]
