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


def _attempts():
    from axes.models import AccessAttempt
    from django.utils import timezone

    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)


def failures(*, username: str | None = None, ip: str | None = None) -> int:
    """The failed logins counted now for an account name or an address."""
    from django.db.models import Sum

    found = _attempts().filter(**({"username": username} if username else {}), **({"ip_address": ip} if ip else {}))
    return found.aggregate(n=Sum("failures_since_start"))["n"] or 0


def locked_addresses() -> list[tuple[str, int, list[str]]]:
    """The addresses refused now for too many failures over any account names, each with its count and the
    names it tried: lifting one account's lockout leaves these refused, for that account too."""
    from django.db.models import Sum

    rows = _attempts().values("ip_address").annotate(n=Sum("failures_since_start")).order_by("ip_address")
    out = []
    for row in rows:
        if row["n"] >= settings.AXES_FAILURE_LIMIT:
            names = sorted(set(_attempts().filter(ip_address=row["ip_address"]).values_list("username", flat=True)))
            out.append((row["ip_address"], row["n"], names))
    return out
