"""Middleware: the interface language, the size of a request body, the API's 405 in Dutch, and no cached copies of
register pages.

The language is Dutch, unless the user chose English with the switch (a cookie). The browser's Accept-Language is
deliberately not followed: Dutch government users get Dutch, also on an English-language laptop, and choose
English themselves."""

import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils import translation

from ivb.domain import i18n


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        with i18n.use(language):  # texts the domain generates follow the same language
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class BodySizeMiddleware:
    """A request body without files larger than DATA_UPLOAD_MAX_MEMORY_SIZE is refused by its announced length,
    before it is read: 413, as JSON for the API and as a page otherwise (Django would answer a bare 400, or 500
    inside the API). Bodies with files are multipart; their files are bounded while they stream in
    (ivb.web.uploads), so the form can name the file that was too large."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        if limit is not None and not multipart and _length(request) > limit:
            return _too_large(request, limit)
        if multipart and request.method == "POST" and not request.path.startswith("/api/"):
            try:  # the API parses its own bodies and answers their errors in JSON
                request.POST  # noqa: B018 (parsed here, as a stream, as CSRF would: its fields count toward the limit)
            except RequestDataTooBig:
                return _too_large(request, limit)
        return self.get_response(request)


def _length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def _too_large(request, limit: int):
    from django.http import JsonResponse
    from django.shortcuts import render

    from ivb.domain.numbers import format_size

    size, maximum = format_size(_length(request)), format_size(limit)  # the length announced: all that is known
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": f"het verzoek is te groot; het maximum is {maximum}"}, status=413)
    return render(request, "413.html", {"size": size, "maximum": maximum}, status=413)


class ApiMethodMiddleware:
    """django-ninja answers a method a route does not take with an English text/plain "Method not allowed"; the
    API answers everything else in Dutch JSON, so this one too, with the methods it does take."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and request.path.startswith("/api/") and response.content == b"Method not allowed":
            from django.http import JsonResponse

            allowed = response.headers.get("Allow", "")
            refused = JsonResponse({"detail": f"{request.method} kan hier niet; wel: {allowed}"}, status=405)
            refused.headers["Allow"] = allowed
            return refused
        return response


class ButtonAddressMiddleware:
    """A page that is only a button's target, opened by its address, says so instead of a blank 405 (walk BT: the
    plan's adoption address gave an empty page). Placed inside the middlewares that add headers, CSRF and messages,
    so that this page gets what every page gets (review)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not request.path_info.startswith("/api/") and not response.content:
            from django.shortcuts import render

            page = render(request, "405.html", status=405)
            page.headers["Allow"] = response.headers.get("Allow", "")
            return page
        return response


# The register's pages and its API answers alike (walk AI: the API's were kept by any cache).
REGISTER_PATHS = re.compile(r"^(/gemeente/[^/]+/(register|signalen)/|/api/municipalities/[^/]+/(register|signals)(/|$))")


class RegisterNoStoreMiddleware:
    """Register pages show names, addresses and suspicions: no browser or proxy keeps a copy (Cache-Control:
    no-store), as the register's attachments and export already ask."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if REGISTER_PATHS.match(request.path):
            from django.utils.cache import add_never_cache_headers, patch_cache_control

            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
