"""The audit trail as the privacy officer reads it: each event's act, object and detail in words, with the
names and numbers people know (zb-team2, S-4, C-2), never database ids or the code's keys.

Display only: what is stored and hashed (`ivb.register.audit`) stays as it was written, so old and new events
verify alike; this module only reads them."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ivb.domain.numbers import format_size
from ivb.register.models import Attachment, Measure, Signal
from ivb.register.rights import REGISTER_KINDS, describe

ACTIONS = {
    "view": "bekeken", "list": "lijst bekeken", "create": "aangemaakt", "change": "gewijzigd",
    "transition": "status gewijzigd", "export": "geëxporteerd", "search": "gezocht", "purge": "verwijderd (bewaartermijn)",
    "reauth": "wachtwoord opnieuw bevestigd", "role_grant": "rol gegeven", "role_change": "rol gewijzigd",
    "role_revoke": "rol ingetrokken", "register_grant": "registertoegang gegeven",
    "register_revoke": "registertoegang ingetrokken", "password_reset": "nieuw eenmalig wachtwoord",
    "token_create": "API-token aangemaakt", "token_revoke": "API-token ingetrokken",
    "refused": "toegang geweigerd", "erase": "verwijderd op verzoek",
    "register_refused": "registertoegang geweigerd", "password_refused": "nieuw wachtwoord geweigerd",
    "deactivate": "account uitgeschakeld",
    "reactivate": "account weer ingeschakeld",
}
OBJECTS = {"account": "gebruiker", "audittrail": "audittrail", "bijlage": "bijlage", "casus": "casus",
           "maatregel": "maatregel", "notitie": "notitie", "register": "register", "sessie": "sessie",
           "signaal": "signaal"}
# The register's pages a refusal can name (`access.grant_or_404`'s `tried`).
REGISTER_PAGES = {"inbox": "postvak", "zoeken": "zoeken", "export": "exporteren"}
# The kinds of event the trail can be narrowed to (`services.audit_events`), as the page offers them.
KINDS = {"wijzigingen": "wijzigingen", "inzage": "inzage: bekeken, gezocht, geëxporteerd",
         "geweigerd": "geweigerde toegang en foute wachtwoorden"}
# The case form's labels, for the fields a change names (the event keeps the field names only, never values).
CASE_FIELDS = {"subject": "Onderwerp", "phenomena": "Fenomenen", "partners": "Partners", "deadline": "Termijn",
               "owner": "Eigenaar", "restricted_to": "Alleen zichtbaar voor"}


@dataclass
class AuditRow:
    number: int
    at: object
    actor: str
    action: str
    object: str
    explanation: str


def rows(events, municipality) -> list[AuditRow]:
    """The events as table rows; the names behind account, attachment and measure ids are looked up at once,
    among `municipality`'s records only (an event of its trail may name an id of another's: a refused probe)."""
    names = _Names(events, municipality)
    return [AuditRow(e.pk, e.at, e.actor_name, action_words(e), names.object(e), explanation(e, names.reasons))
            for e in events]


def action_words(event) -> str:
    if event.action == "reauth" and event.detail.get("gelukt") is False:
        return _("wachtwoord fout bij bevestigen")
    return _(ACTIONS.get(event.action, event.action.replace("_", " ")))


def record_numbers(detail: dict) -> str:
    """The signals and cases an event names, as S-4 and C-2."""
    numbers = [f"S-{pk}" for pk in detail.get("signalen", ())] + [f"C-{pk}" for pk in detail.get("casussen", ())]
    return ", ".join(numbers)


def explanation(event, reasons: dict[int, str] | None = None) -> str:
    """What the event adds to its act and object, in words ('' if nothing). `reasons`: the rejection reasons of
    the signals the events name, kept on the signal (and purged with it), never in the event."""
    d, action = event.detail or {}, event.action
    if event.object_kind == "account":
        return describe(event)
    if action == "refused":
        changing = _(", bij een poging iets te wijzigen") if d.get("wijzigen") else ""
        if d.get("token"):  # review: a token's refusal read as an ordinary look at a record one may not see
            return _("met een API-token, dat het register niet opent") + changing
        if d.get("antwoord"):
            return _("antwoord op een signaal dat deze melder niet deed, of dat niet (meer) bestaat")
        if "toegang" not in d:
            return _("niet zichtbaar voor deze gebruiker, of bestaat niet") + changing
        words = _("geen registertoegang als %(access)s") % {"access": REGISTER_KINDS.get(d["toegang"], d["toegang"])}
        if event.object_kind == "register" and event.object_id in REGISTER_PAGES:
            words += " " + _("(%(page)s)") % {"page": _(REGISTER_PAGES[event.object_id])}
        return words + changing
    if d.get("voorbeeld_verwijderen"):
        return _("met 'ivb register erase --dry-run': wat verwijderen zou weghalen")
    if action == "transition":
        words = _transition(d)
        if d.get("met_reden"):
            reason = (reasons or {}).get(int(event.object_id)) if event.object_id.isdigit() else None
            words += (_("; reden: %(reason)s") % {"reason": reason} if reason else
                      _("; de reden stond bij het signaal, dat inmiddels is verwijderd"))
        return words
    if action == "change" and "velden" in d:
        fields = [_(CASE_FIELDS.get(f, f)) for f in d["velden"]]
        return _("velden: %(fields)s") % {"fields": ", ".join(fields)} if fields else _("niets gewijzigd")
    if action == "view" and event.object_kind == "audittrail":
        about = _(", alleen over %(filter)s") % {"filter": d["filter"]} if d.get("filter") else ""
        if d.get("alleen") in KINDS:
            about += _(", alleen %(kind)s") % {"kind": _(KINDS[d["alleen"]])}
        if not d.get("gebeurtenissen"):
            return _("geen gebeurtenissen") + about
        first, last = d["gebeurtenissen"]
        if "aantal" in d:  # a filtered page shows some of the numbers between its first and last
            return ngettext("%(n)s gebeurtenis getoond (nummer %(first)s tot en met %(last)s)",
                            "%(n)s gebeurtenissen getoond (nummers %(first)s tot en met %(last)s)", d["aantal"]) % {
                "n": d["aantal"], "first": first, "last": last} + about
        return _("gebeurtenissen %(first)s tot en met %(last)s") % {"first": first, "last": last} + about
    if "signalen" in d or "casussen" in d:
        shown = record_numbers(d)
        if action == "erase" and d.get("besluit"):  # walk BY: the erasure traced back to its decision
            return _("verwijderd: %(records)s, besluit %(decision)s") % {"records": shown or "–", "decision": d["besluit"]}
        return ({"export": _("geëxporteerd: %(records)s"), "purge": _("verwijderd: %(records)s"),
                 "erase": _("verwijderd: %(records)s"),
                 "view": _("casussen aangeboden om te koppelen: %(records)s")}
                .get(action, _("getoond: %(records)s")) % {"records": shown} if shown
                else _("geen signalen of casussen"))
    if "grootte" in d:
        return format_size(d["grootte"])
    if "soort" in d:
        return str(Measure.Kind(d["soort"]).label) if d["soort"] in Measure.Kind.values else d["soort"]
    return ""


def _transition(d: dict) -> str:
    if "from" in d:
        words = _("van %(old)s naar %(new)s") % {"old": _(d["from"]), "new": _(d.get("to", "?"))}
    else:
        words = _("naar %(new)s") % {"new": _(d.get("to", "?"))}
    if "casus" in d:
        words += " " + _("(C-%(n)s)") % {"n": d["casus"]}
    if d.get("antwoord"):
        words += _(", na het antwoord van de melder")
    return words


class _Names:
    """The names behind the ids in a page of events, each kind in one query."""

    def __init__(self, events, municipality) -> None:
        ids = {kind: {int(e.object_id) for e in events if e.object_kind == kind and e.object_id.isdigit()}
               for kind in ("account", "bijlage")}
        self.users = dict(get_user_model().objects.filter(pk__in=ids["account"]).values_list("pk", "username"))
        # Only this municipality's attachments: a refused probe of another's id named its file (walk AI).
        self.attachments = {a.pk: a for a in Attachment.objects.filter(pk__in=ids["bijlage"])
                            .filter(Q(signal__municipality=municipality) | Q(case__municipality=municipality))
                            .only("pk", "name", "signal_id", "case_id")}
        rejected = {int(e.object_id) for e in events
                    if e.object_kind == "signaal" and (e.detail or {}).get("met_reden") and e.object_id.isdigit()}
        self.reasons = dict(Signal.objects.filter(pk__in=rejected, municipality=municipality)
                            .values_list("pk", "rejection_reason"))

    def object(self, event) -> str:
        kind, d = event.object_kind, event.detail or {}
        pk = int(event.object_id) if event.object_id.isdigit() else None
        word = _(OBJECTS.get(kind, kind.replace("_", " ")))
        if pk is None:
            return word
        if kind == "signaal":
            return f"S-{pk}"
        if kind == "casus":
            return f"C-{pk}"
        if kind == "account":
            return d.get("user") or self.users.get(pk) or _("gebruiker (verwijderd)")
        if kind == "bijlage":
            item = self.attachments.get(pk)
            if item is None and event.action == "refused":  # never shown: perhaps another's, perhaps none at all
                return _("bijlage nummer %(pk)s") % {"pk": pk}
            where = _owner(d) or (item and (f"S-{item.signal_id}" if item.signal_id else f"C-{item.case_id}"))
            name = item.name if item else _("bijlage (verwijderd)")
            return _("%(name)s bij %(record)s") % {"name": name, "record": where} if where else name
        if kind in ("maatregel", "notitie") and _owner(d):
            return _("%(kind)s bij %(record)s") % {"kind": word, "record": _owner(d)}
        return word


def _owner(detail: dict) -> str:
    """The signal or case an attachment, measure or note belongs to, as its number ('' if not recorded)."""
    if "signaal" in detail:
        return f"S-{detail['signaal']}"
    if "casus" in detail:
        return f"C-{detail['casus']}"
    return ""


__all__ = ["AuditRow", "rows", "action_words", "explanation", "record_numbers"]
