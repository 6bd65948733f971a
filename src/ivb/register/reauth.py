"""Fresh re-authentication for bulk views and exports: the user types their password again, and for a few
minutes (`REGISTER_REAUTH_SECONDS`, default 300) search and export are open to them. A session left logged in
on a laptop is then not enough to take the register away."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "register_reauth_at"
FAILURES_KEY = "register_reauth_failures"
MAX_FAILURES = 5


def window() -> int:
    return getattr(settings, "REGISTER_REAUTH_SECONDS", 300)


def is_fresh(request, code: str) -> bool:
    """Whether the password was given again for municipality `code` within the window: per municipality, so that a
    team member of two is asked in each, and each one's audit trail holds the check before its export (walk AS)."""
    at = (request.session.get(SESSION_KEY) or {}).get(code) if isinstance(request.session.get(SESSION_KEY), dict) \
        else None
    return at is not None and 0 <= time.time() - at <= window()


def mark_fresh(request, code: str) -> None:
    stamp(request.session, code, time.time())
    request.session[FAILURES_KEY] = 0


def stamp(session, code: str, at: float) -> None:
    """Record a fresh password for `code` at time `at` in `session`."""
    kept = session.get(SESSION_KEY)
    session[SESSION_KEY] = {**(kept if isinstance(kept, dict) else {}), code: at}


def failed(request) -> int:
    """Count a wrong password in this session; the caller logs the user out at MAX_FAILURES."""
    request.session[FAILURES_KEY] = request.session.get(FAILURES_KEY, 0) + 1
    return request.session[FAILURES_KEY]


def confirm_first(request, code: str):
    """A redirect to the password check, coming back to this page (its path only: never a search term)."""
    target = reverse("register_reauth", kwargs={"code": code})
    return redirect(f"{target}?{urlencode({'next': request.path})}")
