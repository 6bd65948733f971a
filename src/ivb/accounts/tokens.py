"""API tokens: created once and shown once; only a SHA-256 hash is kept."""

import hashlib
import secrets

from django.utils import timezone

from ivb.accounts.models import ApiToken

PREFIX = "ivb_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user, name: str) -> str:
    token = PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, key_hash=_hash(token))
    return token


def user_for(token: str):
    if not token or not token.startswith(PREFIX):
        return None
    found = ApiToken.objects.select_related("user").filter(key_hash=_hash(token)).first()
    if found is None or not found.user.is_active:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found.user
