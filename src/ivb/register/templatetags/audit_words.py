"""Audit events as a privacy officer reads them: actions and objects in words, never internal names."""

from django import template
from django.utils.translation import gettext as _

from ivb.register.rights import describe

register = template.Library()

ACTIONS = {
    "view": "bekeken", "list": "lijst bekeken", "create": "aangemaakt", "change": "gewijzigd",
    "transition": "status gewijzigd", "export": "geëxporteerd", "search": "gezocht", "purge": "verwijderd (bewaartermijn)",
    "reauth": "wachtwoord opnieuw bevestigd", "role_grant": "rol gegeven", "role_change": "rol gewijzigd",
    "role_revoke": "rol ingetrokken", "register_grant": "registertoegang gegeven",
    "register_revoke": "registertoegang ingetrokken", "password_reset": "nieuw eenmalig wachtwoord",
    "token_create": "API-token aangemaakt", "token_revoke": "API-token ingetrokken",
}
OBJECTS = {"account": "gebruiker", "audittrail": "audittrail", "bijlage": "bijlage", "casus": "casus",
           "maatregel": "maatregel", "notitie": "notitie", "register": "register", "sessie": "sessie",
           "signaal": "signaal"}


@register.filter
def action_words(action: str) -> str:
    return _(ACTIONS.get(action, action.replace("_", " ")))


@register.filter
def object_words(kind: str) -> str:
    return _(OBJECTS.get(kind, kind.replace("_", " ")))


@register.filter
def account_change(event) -> str:
    """A change of rights in the audit trail, in words ('' for other events)."""
    return describe(event)
