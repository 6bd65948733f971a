"""Translation for texts the domain generates (reasons, plain-language sentences), without Django.

Dutch is the source language: message ids are Dutch, and Dutch needs no catalogue. The web layer sets the
language of the request (`use`); everything else (the CLI, tests) gets Dutch. The English catalogue is the
project's own `locale/en/LC_MESSAGES/django.mo`, read with Python's gettext.
"""

from __future__ import annotations

import contextvars
import gettext as _gettext
from contextlib import contextmanager
from functools import cache
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[1] / "locale"
_language: contextvars.ContextVar[str] = contextvars.ContextVar("ivb_language", default="nl")


def language() -> str:
    return _language.get()


@contextmanager
def use(code: str):
    token = _language.set(code)
    try:
        yield
    finally:
        _language.reset(token)


@cache
def _catalogue(code: str) -> _gettext.NullTranslations:
    return _gettext.translation("django", LOCALE, languages=[code], fallback=True)


def _(text: str) -> str:
    code = _language.get()
    return text if code == "nl" else _catalogue(code).gettext(text)


def N_(text: str) -> str:
    """Marks a text for translation where it is defined; it is translated where it is shown."""
    return text


def listed(words: list[str]) -> str:
    """'Bloemendaal, Heemstede en Zandvoort', 'juli', 'augustus en september': words in a sentence."""
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s en %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}
