"""A one-time password opens one door only: the page where the user replaces it.

Every other page redirects there, and the API answers 403 to such a session. API tokens are not affected
because none can exist: a reset makes earlier tokens stale, and no token is issued while the password is
one-time (`ivb.accounts.services.issue_token`)."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from ivb.accounts.services import must_change_password

OPEN_PATHS = ("/static/", "/i18n/")


class OneTimePasswordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and not self._open(request.path)
                and must_change_password(user)):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "wijzig eerst uw eenmalige wachtwoord op de website"}, status=403)
            return redirect(reverse("password_change"))
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        return path.startswith(OPEN_PATHS) or path in (reverse("password_change"), reverse("logout"))
