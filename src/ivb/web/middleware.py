"""The interface language: Dutch, unless the user chose English with the switch (a cookie).

The browser's Accept-Language is deliberately not followed: Dutch government users get Dutch, also on an
English-language laptop, and choose English themselves."""

from django.conf import settings
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
