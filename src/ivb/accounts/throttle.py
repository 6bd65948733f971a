"""Login throttling with django-axes: after LOGIN_FAILURE_LIMIT wrong passwords for one account, or from one
address, logins are refused for LOGIN_COOLOFF_MINUTES, also with the right password (settings.py)."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


def client_ip(request) -> str:
    """The address to count failures for. Behind our TLS proxy (BEHIND_TLS_PROXY) it is the last entry of
    X-Forwarded-For, the one our proxy appended; earlier entries come from the client and can be forged."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def locked_out(request, response=None, credentials=None):
    """The login page again, saying why the login is refused; 429 Too Many Requests."""
    form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username", "")})
    return render(request, "registration/login.html",
                  {"form": form, "locked": True, "cooloff_minutes": settings.LOGIN_COOLOFF_MINUTES}, status=429)


def locked_addresses() -> list[tuple[str, int]]:
    """The addresses refused now for too many failures (over any account names), with their count: lifting one
    account's lockout leaves these refused, also for that account (walk U)."""
    from axes.models import AccessAttempt
    from django.db.models import Sum
    from django.utils import timezone

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (AccessAttempt.objects.filter(attempt_time__gte=since).values("ip_address")
            .annotate(failures=Sum("failures_since_start")).order_by("ip_address"))
    return [(row["ip_address"], row["failures"]) for row in rows if row["failures"] >= settings.AXES_FAILURE_LIMIT]
