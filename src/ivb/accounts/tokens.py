"""API tokens: created once and shown once; only a SHA-256 hash is kept.

A token works until it expires, until it is revoked, and only as long as its owner keeps the password they had
when it was made (ADR accounts-one-time-passwords-and-tokens). The acts (issue, revoke) with their checks are in
`ivb.accounts.services`; this module holds the mechanics."""

import datetime as dt
import hashlib
import secrets

from django.utils import timezone

from ivb.accounts.models import ApiToken

PREFIX = "ivb_"
DEFAULT_DAYS = 90
MAX_DAYS = 366


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def fingerprint(user) -> str:
    """Changes whenever the password is set, also to the same password (a new salt): tokens made before go stale.
    Not keyed with SECRET_KEY, because command-line runs get a throw-away key. A re-hash of the same password
    carries the tokens over (`ivb.accounts.signals`)."""
    return fingerprint_of(user.password)


def fingerprint_of(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()


def create_token(user, name: str, days: int = DEFAULT_DAYS) -> str:
    token = PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, key_hash=_hash(token), password_fingerprint=fingerprint(user),
                            expires_at=timezone.now() + dt.timedelta(days=days))
    return token


def state(token: ApiToken, now=None) -> str:
    """In Dutch, for lists: geldig, verlopen, ingetrokken, or vervallen after a new password."""
    now = now or timezone.now()
    if token.revoked_at is not None:
        return "ingetrokken"
    if token.expires_at is None or token.expires_at <= now:
        return "verlopen"
    if token.password_fingerprint != fingerprint(token.user):
        return "vervallen (nieuw wachtwoord)"
    return "geldig"


def user_for(token: str):
    if not token or not token.startswith(PREFIX):
        return None
    found = ApiToken.objects.select_related("user").filter(key_hash=_hash(token)).first()
    if found is None or not found.user.is_active or state(found) != "geldig":
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found.user
