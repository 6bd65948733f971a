"""Parameters from a form or a query string, parsed strictly: a malformed value answers 400 with the site's page
saying what was wrong, never a server error; a well-formed number that names nothing is the view's 404."""

from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

MAX_ID_DIGITS = 18  # always fits the database's 64-bit integer


def record_id(value) -> int:
    """A posted record number: ASCII digits only (no '١٢', no '1e5', no sign), at most 18 of them."""
    text = str(value or "")
    if not (text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS):
        raise BadRequest(_("Ongeldig nummer in het formulier: '%(value)s' is geen recordnummer.")
                         % {"value": text[:20]})
    return int(text)


def bad_request(request, exception=None):
    """handler400: the site's layout and language with the reason (Django's own renders without the request)."""
    reason = str(exception) if isinstance(exception, BadRequest) and str(exception) else ""
    return render(request, "400.html", {"reason": reason}, status=400)
