"""One function per act on the register. Each checks its input, does the act and records the audit event in
one transaction: if either fails, neither happens. Details in audit events name ids and statuses, never
content (no names, addresses or suspicions); the one exception is the reason a signal was rejected."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ivb.domain.numbers import format_number, format_size
from ivb.register import audit, audit_display
from ivb.register.models import (CASE_TRANSITIONS, Attachment, Case, CaseNote, CaseStatus, Measure, RegisterAccess,
                                  Signal, SignalMessage, SignalStatus)


class RegisterError(ValueError):
    """A refusal in words. `fields` holds each field's own problem (field name -> sentence) for a form to show
    at its field; the message names them all, each after its label, for the API and the command line."""

    def __init__(self, message: str = "", fields: dict[str, str] | None = None) -> None:
        self.fields = dict(fields or {})
        super().__init__(message or "; ".join(f"{_label(k)}: {v}" for k, v in self.fields.items()))


# Markup has no place in the register: text is shown escaped anyway, but a tag in a signal is refused so that
# no copy of it (an export opened elsewhere, a pasted note) can carry a script. "a < b" stays allowed.
_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|javascript:", re.IGNORECASE)


# What the forms call each field: messages name the field as the user sees it, never the code's name for it.
FIELD_LABELS = {"team": "Team", "what": "Wat heeft u gezien", "address": "Adres", "premises": "Pand",
                "company": "Bedrijf", "kvk": "KvK-nummer", "observed_on": "Wanneer", "attachment": "Bijlage",
                "subject": "Onderwerp",
                "subject_kind": "Soort", "phenomena": "Fenomenen", "partners": "Partners", "outcome": "Uitkomst",
                "document_reference": "Kenmerk besluit", "legal_basis": "Wettelijke grondslag",
                "status": "Status", "deadline": "Termijn", "kind": "Soort maatregel", "question": "Vraag",
                "answer": "Antwoord", "note": "Notitie", "reason": "Reden", "decision_date": "Besluitdatum",
                "period_start": "Periode vanaf", "period_end": "Einde periode", "requested_on": "Adviesaanvraag",
                "advice": "Advies"}

# The longest free texts, for the forms, the API and these checks alike. A short field's limit is its column's
# (`max_length`), checked by the model's own validation in `_clean`.
MAX_TEXT = 4000  # what was seen, a question, an answer, a note
MAX_OUTCOME = 2000  # a measure's outcome


def max_length(model, field: str) -> int:
    """The column width of a short text field: its only limit, stated by the forms and the API."""
    return model._meta.get_field(field).max_length


def _label(name: str) -> str:
    return _(FIELD_LABELS.get(name, name))


def _text_problem(value: str, limit: int | None = None) -> str:
    """What is wrong with a free text ('' if nothing)."""
    if _MARKUP.search(value):
        return _("HTML of script is niet toegestaan; schrijf gewone tekst")
    if limit is not None and len(value) > limit:
        return _("%(n)s tekens; het maximum is %(max)s") % {"n": format_number(len(value), "count"),
                                                           "max": format_number(limit, "count")}
    return ""


def _plain(label: str, value: str, limit: int | None = None) -> str:
    value = (value or "").strip()
    problem = _text_problem(value, limit)
    if problem:
        raise RegisterError(fields={label: problem})
    return value


def _plain_fields(**fields: str) -> dict[str, str]:
    return {name: _plain(name, value) for name, value in fields.items()}


MAX_LIST_ITEMS = 30  # phenomena or partners of one case; the forms offer fewer choices than this
KVK = re.compile(r"[0-9]{8}")  # ASCII digits: Python's \d and isdigit() also take "５" and "²"


def _plain_list(label: str, values) -> list[str]:
    """The entries of a list field, plain and without repeats, refused past MAX_LIST_ITEMS."""
    items = list(dict.fromkeys(_plain(label, v) for v in values if v.strip()))
    if len(items) > MAX_LIST_ITEMS:
        raise RegisterError(_("%(field)s: %(n)s gekozen; het maximum is %(max)s")
                            % {"field": _label(label), "n": format_number(len(items), "count"), "max": MAX_LIST_ITEMS})
    return items


def _clean(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        # Each field's problem by the field, as the service's own refusals give them (walk AS: the API's answer had
        # no `errors` list for a wrong kind of measure).
        raise RegisterError(fields={k: " ".join(v) for k, v in exc.message_dict.items()}) from None


SIGNAL_TEXTS = ("what", "address", "premises", "company", "kvk", "team")  # in the form's order
OLDEST_SIGNAL_YEARS = 20  # a signal about something seen longer ago is a mistyped year ("1800", "1025")


def signal_problems(*, observed_on: dt.date | None = None, **texts: str) -> dict[str, str]:
    """Everything wrong with a signal's fields at once (field name -> problem, in the form's order); {} if
    nothing. The intake form shows each at its field; `file_signal` refuses with them all."""
    problems = {}
    if observed_on is not None and observed_on > dt.date.today():
        problems["observed_on"] = _("de datum ligt in de toekomst")
    elif observed_on is not None and observed_on < dt.date.today().replace(year=dt.date.today().year - OLDEST_SIGNAL_YEARS,
                                                                            day=1):
        problems["observed_on"] = _("de datum ligt meer dan %(years)s jaar terug; kijk het jaartal na") % {
            "years": OLDEST_SIGNAL_YEARS}
    values = {name: (texts[name] or "").strip() for name in SIGNAL_TEXTS if name in texts}
    for name, value in values.items():
        problem = _text_problem(value, MAX_TEXT if name == "what" else None)
        if problem:
            problems[name] = problem
    if "kvk" not in problems and values.get("kvk") and not KVK.fullmatch(values["kvk"]):
        problems["kvk"] = _("een KvK-nummer heeft 8 cijfers (0 tot en met 9)")
    try:  # the column widths and required fields, as the model states them
        Signal(**values).clean_fields(exclude=[f.name for f in Signal._meta.fields if f.name not in values])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            problems.setdefault(name, " ".join(messages))
    return {name: problems[name] for name in ("observed_on", *SIGNAL_TEXTS) if name in problems}


@transaction.atomic
def file_signal(municipality, reporter, *, team: str, what: str, observed_on: dt.date, address: str = "",
                premises: str = "", company: str = "", kvk: str = "", attachment: tuple[str, bytes] | None = None) -> Signal:
    text = {"what": what, "address": address, "premises": premises, "company": company, "kvk": kvk, "team": team}
    problems = signal_problems(observed_on=observed_on, **text)
    if attachment is not None and attachment_problem(*attachment):
        problems["attachment"] = attachment_problem(*attachment)
    if problems:
        raise RegisterError(fields=problems)
    signal = Signal(municipality=municipality, reporter=reporter, observed_on=observed_on,
                    **{k: v.strip() for k, v in text.items()})
    _clean(signal)
    signal.save()
    audit.record(actor=reporter, action="create", object_kind="signaal", object_id=signal.pk,
                 municipality=municipality.code)
    if attachment is not None:
        add_attachment(signal, actor=reporter, name=attachment[0], data=attachment[1])
    return signal


@transaction.atomic
def create_case(municipality, owner, *, subject_kind: str, subject: str, phenomena=(), partners=()) -> Case:
    case = Case(municipality=municipality, owner=owner, subject_kind=subject_kind, subject=_plain("subject", subject),
                phenomena=_plain_list("phenomena", phenomena), partners=_plain_list("partners", partners))
    _clean(case)
    case.save()
    audit.record(actor=owner, action="create", object_kind="casus", object_id=case.pk, municipality=municipality.code)
    return case


@transaction.atomic
def link_signal(signal: Signal, case: Case, *, actor) -> Signal:
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if case.municipality_id != signal.municipality_id:
        raise RegisterError(_("een signaal kan alleen aan een casus van dezelfde gemeente worden gekoppeld"))
    _transition(signal, SignalStatus.LINKED)
    signal.case, signal.linked_at = case, timezone.now()
    signal.save()
    audit.record(actor=actor, action="transition", object_kind="signaal", object_id=signal.pk,
                 municipality=signal.municipality.code, detail={"to": SignalStatus.LINKED, "casus": case.pk})
    return signal


@transaction.atomic
def link_to_case(signal: Signal, case: Case | None, *, actor, subject_kind: str = "pand", subject: str = "") -> Case:
    """Link a signal to `case`, or to a new case about `subject` (a new case exists only if the link is made)."""
    if case is None:
        if not subject.strip():  # a case called "onbekend" helps nobody, and the link cannot be undone
            raise RegisterError(fields={"subject": _("geef de nieuwe casus een onderwerp, zoals een adres, pand of "
                                                     "bedrijf; of kies een bestaande casus")})
        case = create_case(signal.municipality, actor, subject_kind=subject_kind, subject=subject)
    link_signal(signal, case, actor=actor)
    return case


MAX_REASON = 500  # why a signal was rejected: a sentence or two, kept on the signal and purged with it (docs/register.md)


def rejection_reason(reason: str) -> str:
    """The reason for a rejection, required: rejecting is final, so the signal must say why (the trail records that
    a reason was given; the reason itself is register content, purged with the signal)."""
    reason = _plain("reason", reason, MAX_REASON)
    if not reason:
        raise RegisterError(fields={"reason": _("geef de reden; afwijzen is definitief")})
    return reason


@transaction.atomic
def reject_signal(signal: Signal, *, actor, reason: str) -> Signal:
    """Reject a signal, for good, with the reason. The reason is register content: it is kept on the signal and
    purged with it; the audit event only says that one was given (docs/register.md, audit design)."""
    reason = rejection_reason(reason)
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    _transition(signal, SignalStatus.REJECTED)
    signal.closed_at = timezone.now()
    signal.rejection_reason = reason
    signal.save()
    audit.record(actor=actor, action="transition", object_kind="signaal", object_id=signal.pk,
                 municipality=signal.municipality.code, detail={"to": SignalStatus.REJECTED, "met_reden": True})
    return signal


@transaction.atomic
def change_case_status(case: Case, new: str, *, actor, expected: str | None = None) -> Case:
    """`expected` is the status the user saw: if someone changed it meanwhile, this change is refused,
    so two concurrent changes cannot both win."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if expected is not None and case.status != expected:
        raise RegisterError(_("De status is intussen gewijzigd in '%(status)s'; bekijk de casus opnieuw")
                            % {"status": _(case.get_status_display())})
    old = case.status
    _transition(case, new)
    case.closed_at = timezone.now() if new == CaseStatus.CLOSED else None
    case.save()
    audit.record(actor=actor, action="transition", object_kind="casus", object_id=case.pk,
                 municipality=case.municipality.code, detail={"from": old, "to": new})
    return case


def measure_problems(*, kind: str, decision_date: dt.date, legal_basis: str, period_start, period_end,
                     requested_on, advice: str) -> dict[str, str]:
    """What is wrong with a measure, per field (empty when nothing): a decision is taken, not planned; a closure
    names its legal basis (its period may be open: "voor onbepaalde tijd"); a Bibob advice was asked for on a date, before the decision."""
    today = dt.date.today()
    problems = {}
    oldest = today.replace(year=today.year - OLDEST_SIGNAL_YEARS, day=1)  # a mistyped year, as for a signal (walk AS)
    if decision_date > today:
        problems["decision_date"] = _("de besluitdatum ligt in de toekomst")
    elif decision_date < oldest:
        problems["decision_date"] = _("de datum ligt meer dan %(years)s jaar terug; kijk het jaartal na") % {
            "years": OLDEST_SIGNAL_YEARS}
    if kind == Measure.Kind.CLOSURE and not legal_basis.strip():
        problems["legal_basis"] = _("een sluiting noemt haar grondslag, zoals Opiumwet art. 13b")
    if period_start and period_end and period_end < period_start:
        problems["period_end"] = _("het einde van de periode ligt voor het begin")
    elif period_end and period_end < decision_date:  # walk AS: a closure "tot 2020" decided in 2026
        problems["period_end"] = _("het einde van de periode ligt voor de besluitdatum")
    if (requested_on or advice) and kind != Measure.Kind.BIBOB:
        problems["advice"] = _("een adviesaanvraag en advies horen alleen bij een Bibob-onderzoek")
    elif advice and not requested_on:
        problems["requested_on"] = _("een advies is op een dag gevraagd; vul die in")
    elif requested_on and requested_on > today:
        problems["requested_on"] = _("de adviesaanvraag ligt in de toekomst")
    elif requested_on and requested_on < oldest:
        problems["requested_on"] = _("de datum ligt meer dan %(years)s jaar terug; kijk het jaartal na") % {
            "years": OLDEST_SIGNAL_YEARS}
    elif requested_on and requested_on > decision_date:
        problems["requested_on"] = _("de adviesaanvraag ligt na het besluit")
    return problems


@transaction.atomic
def add_measure(case: Case, *, actor, kind: str, decision_date: dt.date, document_reference: str,
                legal_basis: str = "", period_start=None, period_end=None, outcome: str = "",
                requested_on: dt.date | None = None, advice: str = "") -> Measure:
    problems = measure_problems(kind=kind, decision_date=decision_date, legal_basis=legal_basis,
                                period_start=period_start, period_end=period_end, requested_on=requested_on,
                                advice=advice)
    if problems:
        raise RegisterError(fields=problems)
    text = {**_plain_fields(document_reference=document_reference, legal_basis=legal_basis),
            "outcome": _plain("outcome", outcome, MAX_OUTCOME)}
    measure = Measure(case=case, kind=kind, decision_date=decision_date, period_start=period_start,
                      period_end=period_end, requested_on=requested_on, advice=advice, **text)
    _clean(measure)
    measure.save()
    audit.record(actor=actor, action="create", object_kind="maatregel", object_id=measure.pk,
                 municipality=case.municipality.code, detail={"casus": case.pk, "soort": kind})
    return measure


@transaction.atomic
def view_case(case: Case, *, actor) -> Case:
    """Reading a case is an act too: it is recorded."""
    audit.record(actor=actor, action="view", object_kind="casus", object_id=case.pk,
                 municipality=case.municipality.code)
    return case


@transaction.atomic
def view_signal(signal: Signal, *, actor, offer_cases: bool = False) -> list[Case]:
    """Reading a signal is an act too: it is recorded. A team page that offers the open signal's link to a case
    (`offer_cases`) shows the visible cases: those are returned, and their ids are in the record."""
    from ivb.register.access import visible_cases

    offered = offer_cases and signal.status in (SignalStatus.NEW, SignalStatus.MORE_INFO)
    cases = list(visible_cases(actor, signal.municipality).order_by("pk")) if offered else []
    audit.record(actor=actor, action="view", object_kind="signaal", object_id=signal.pk,
                 municipality=signal.municipality.code, detail={"casussen": [c.pk for c in cases]} if offered else None)
    return cases


@transaction.atomic
def own_signals(area, reporter) -> list[Signal]:
    """The reporter's own signals in `area`, newest first, with the messages about them, never the case behind
    them. The list shown is recorded with its ids."""
    rows = list(Signal.objects.filter(municipality=area, reporter=reporter).prefetch_related("messages")
                .order_by("-created_at"))
    audit.record(actor=reporter, action="list", object_kind="signaal", municipality=area.code,
                 detail={"signalen": [s.pk for s in rows]})
    return rows


@transaction.atomic
def inbox(user, area) -> tuple[list[Signal], list[Case]]:
    """The team's open signals (oldest first) and the cases this member may see (newest first), recorded."""
    from ivb.register.access import visible_cases

    signals = list(Signal.objects.filter(municipality=area, status__in=[SignalStatus.NEW, SignalStatus.MORE_INFO])
                   .order_by("created_at"))
    cases = list(visible_cases(user, area).select_related("owner").order_by("-created_at"))
    audit.record(actor=user, action="list", object_kind="register", municipality=area.code,
                 detail={"signalen": [s.pk for s in signals], "casussen": [c.pk for c in cases]})
    return signals, cases


@transaction.atomic
def check_password_again(user, area, password: str) -> bool:
    """Whether `password` is the user's; every try is recorded, right or wrong."""
    ok = user.check_password(password)
    audit.record(actor=user, action="reauth", object_kind="sessie", municipality=area.code, detail={"gelukt": ok})
    return ok


AUDIT_PAGE = 200  # events per page of the trail


@dataclass(frozen=True)
class AuditPage:
    events: list
    total: int  # events that match, on every page
    page: int
    pages: int
    about: str  # the filter as the privacy officer typed it ("" for the whole trail)
    kind: str = ""  # one of audit_display.KINDS ("" for every kind of event)

    @property
    def first(self) -> int:
        return (self.page - 1) * AUDIT_PAGE + 1 if self.events else 0

    @property
    def last(self) -> int:
        return self.first + len(self.events) - 1 if self.events else 0


REFUSALS_RECENT_DAYS = 30  # the refusals counted at the top of the audit page


def _of_kind(kind: str) -> Q:
    """The events of one of the kinds the trail can be narrowed to (their words: `audit_display.KINDS`). A
    refusal is a look at the register, or at a case, that was refused, a password confirmation that failed, or a
    change of someone's register access that was refused: what a privacy officer watches for."""
    refusals = Q(action__in=("refused", "register_refused", "password_refused")) | Q(action="reauth", detail__gelukt=False)
    if kind == "geweigerd":
        return refusals
    if kind == "inzage":
        return Q(action__in=audit.READS - {"refused"})
    if kind == "wijzigingen":
        return ~Q(action__in=audit.READS | {"reauth", "register_refused", "password_refused"})  # a refusal changed nothing
    return Q()


def recent_refusals(area) -> int:
    """How many refusals (`_of_kind`) the trail holds of the last REFUSALS_RECENT_DAYS days."""
    from ivb.register.models import AuditEvent

    since = timezone.now() - dt.timedelta(days=REFUSALS_RECENT_DAYS)
    return AuditEvent.objects.filter(_of_kind("geweigerd"), municipality=area.code, at__gte=since).count()


@transaction.atomic
def audit_events(user, area, *, about: str = "", kind: str = "", page: int = 1) -> AuditPage:
    """One page of the trail for the privacy officer, newest first: the whole trail, or what concerns one record
    ("S-7", "C-3": the record, its attachments, measures and notes, and the lists, searches and exports that
    showed it) or one person (the events they did, and those about their account), of one kind
    (`audit_display.KINDS`) or all. Reading the trail is recorded too, with the filter as a record number or user name: free text typed
    there is not kept."""
    from ivb.register.models import AuditEvent

    audit.seal()  # the reads so far join the chain before it is shown and checked
    about = " ".join(about.split())[:150]
    kind = kind if kind in audit_display.KINDS else ""
    with transaction.atomic():
        everything = AuditEvent.objects.filter(_of_kind(kind), municipality=area.code)
        concerns = _concerns(about)
        if concerns is None:
            total = everything.count()
            pages, page = _pages(total, page)
            events = list(everything.order_by("-pk")[(page - 1) * AUDIT_PAGE:page * AUDIT_PAGE])
        else:  # matched here, not in SQL: the lists in an event's detail are JSON, read alike on SQLite and PostgreSQL
            pks = [pk for pk, kind, key, detail, actor in everything.order_by("-pk").values_list(
                       "pk", "object_kind", "object_id", "detail", "actor_name") if concerns(kind, key, detail or {}, actor)]
            total = len(pks)
            pages, page = _pages(total, page)
            events = list(AuditEvent.objects.filter(pk__in=pks[(page - 1) * AUDIT_PAGE:page * AUDIT_PAGE])
                          .order_by("-pk"))
        audit.record(actor=user, action="view", object_kind="audittrail", municipality=area.code,
                     detail={"gebeurtenissen": [events[-1].pk, events[0].pk] if events else [],
                             "aantal": len(events),
                             **({"filter": _kept_filter(about)} if about else {}),
                             **({"alleen": kind} if kind else {})})
    return AuditPage(events, total, page, pages, about, kind)


def _pages(total: int, page: int) -> tuple[int, int]:
    pages = max((total + AUDIT_PAGE - 1) // AUDIT_PAGE, 1)
    return pages, min(max(page, 1), pages)


RECORD = re.compile(r"([SC])-?(\d+)", re.IGNORECASE)


def _concerns(about: str):
    """A test (object kind, object id, detail, actor) -> bool for the events a filter names; None for all."""
    if not about:
        return None
    record = RECORD.fullmatch(about)
    if record is None:  # a person: what they did, and what was done to their account
        name = about.lower()
        return lambda kind, key, detail, actor: (actor.lower() == name
                                                 or (kind == "account" and str(detail.get("user", "")).lower() == name))
    is_signal, number = record.group(1).upper() == "S", int(record.group(2))
    kind_of, key_of, list_of = ("signaal", "signaal", "signalen") if is_signal else ("casus", "casus", "casussen")
    own = {str(pk) for pk in Attachment.objects.filter(**{"signal_id" if is_signal else "case_id": number})
           .values_list("pk", flat=True)}
    return lambda kind, key, detail, actor: ((kind == kind_of and key == str(number)) or detail.get(key_of) == number
                                             or number in (detail.get(list_of) or ()) or (kind == "bijlage" and key in own))


def _kept_filter(about: str) -> str:
    """What the trail keeps of a filter: a record number, or a user name that exists; anything else was typed
    text, perhaps a citizen's name, and is not kept (the trail holds no register content)."""
    from django.contrib.auth import get_user_model

    record = RECORD.fullmatch(about)
    if record:
        return f"{record.group(1).upper()}-{int(record.group(2))}"
    found = get_user_model().objects.filter(username__iexact=about).values_list("username", flat=True).first()
    return found or _("vrije tekst")


@transaction.atomic
def ask_for_information(signal: Signal, *, actor, question: str) -> Signal:
    """Team veiligheid asks the reporter a question; the reporter sees it with their signal."""
    question = _plain("question", question, MAX_TEXT)
    if not question:
        raise RegisterError(fields={"question": _("schrijf de vraag aan de melder")})
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    _transition(signal, SignalStatus.MORE_INFO)
    signal.save()
    SignalMessage.objects.create(signal=signal, author=actor, from_team=True, text=question)
    audit.record(actor=actor, action="transition", object_kind="signaal", object_id=signal.pk,
                 municipality=signal.municipality.code, detail={"to": SignalStatus.MORE_INFO})
    return signal


@transaction.atomic
def answer_signal(signal: Signal, *, reporter, text: str) -> Signal:
    """The reporter answers; the signal goes back to the team's inbox as new."""
    text = _plain("answer", text, MAX_TEXT)
    if not text:
        raise RegisterError(fields={"answer": _("schrijf uw antwoord")})
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.reporter_id != reporter.pk:
        raise RegisterError(_("alleen de melder kan een vraag over dit signaal beantwoorden"))
    if signal.status != SignalStatus.MORE_INFO:
        raise RegisterError(_("Bij signaal S-%(n)s staat geen vraag meer open: het team heeft het intussen verder "
                              "behandeld. Uw antwoord is niet verstuurd.") % {"n": signal.pk})
    _transition(signal, SignalStatus.NEW)
    signal.save()
    SignalMessage.objects.create(signal=signal, author=reporter, from_team=False, text=text)
    audit.record(actor=reporter, action="transition", object_kind="signaal", object_id=signal.pk,
                 municipality=signal.municipality.code, detail={"to": SignalStatus.NEW, "antwoord": True})
    return signal


@transaction.atomic
def add_case_note(case: Case, *, actor, text: str) -> CaseNote:
    text = _plain("note", text, MAX_TEXT)
    if not text:
        raise RegisterError(_("Notitie: de notitie is leeg"))
    note = CaseNote.objects.create(case=case, author=actor, text=text)
    audit.record(actor=actor, action="create", object_kind="notitie", object_id=note.pk,
                 municipality=case.municipality.code, detail={"casus": case.pk})
    return note


def case_fingerprint(case: Case) -> str:
    """What the editing form showed, as a short hash: a save from a form older than the case is refused."""
    state = [case.subject, case.phenomena, case.partners, str(case.deadline), case.owner_id,
             sorted(case.restricted_to.values_list("pk", flat=True))]
    return hashlib.sha256(repr(state).encode()).hexdigest()[:16]


@transaction.atomic
def update_case(case: Case, *, actor, subject: str, phenomena, partners, deadline: dt.date | None, owner,
                restricted_to=(), seen: str | None = None) -> Case:
    """Change what a case is about and who handles it. The owner and everyone it is restricted to must hold
    the team grant for the municipality; whoever restricts a case stays on its list, so nobody locks
    themselves out by accident. With `seen` (the fingerprint of the form the user edited) a change made by
    someone else in between is not overwritten: a restriction must never be undone by an old form."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if seen is not None and seen != case_fingerprint(case):
        raise RegisterError(_("de casus is intussen door iemand anders gewijzigd; bekijk hem opnieuw en pas dan aan"))
    team = set(RegisterAccess.objects.filter(municipality=case.municipality, kind=RegisterAccess.Kind.TEAM)
               .values_list("user_id", flat=True))
    if owner.pk not in team:
        raise RegisterError(_("Eigenaar: %(name)s heeft geen toegang tot het register van deze gemeente")
                            % {"name": owner.username})
    restricted = {u.pk for u in restricted_to}
    outsiders = restricted - team
    if outsiders:
        raise RegisterError(_("Toegang: alleen leden van team ondermijning van deze gemeente kunnen toegang krijgen"))
    if restricted:
        restricted |= {actor.pk, owner.pk}
    before = {"subject": case.subject, "phenomena": case.phenomena, "partners": case.partners,
              "deadline": case.deadline, "owner": case.owner_id,
              "restricted_to": set(case.restricted_to.values_list("pk", flat=True))}
    case.subject = _plain("subject", subject)
    case.phenomena = _plain_list("phenomena", phenomena)
    case.partners = _plain_list("partners", partners)
    case.deadline, case.owner = deadline, owner
    _clean(case)
    case.save()
    case.restricted_to.set(restricted)
    after = {"subject": case.subject, "phenomena": case.phenomena, "partners": case.partners,
             "deadline": case.deadline, "owner": case.owner_id, "restricted_to": restricted}
    changed = sorted(k for k in before if before[k] != after[k])
    # Field names only: what changed, never to what.
    audit.record(actor=actor, action="change", object_kind="casus", object_id=case.pk,
                 municipality=case.municipality.code, detail={"velden": changed})
    return case


# Files are recognised by their first bytes. Office files are zip archives: a DOCX must hold a Word document.
_SIGNATURES = {"application/pdf": (b"%PDF-",), "image/png": (b"\x89PNG\r\n\x1a\n",),
               "image/jpeg": (b"\xff\xd8\xff",)}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg", DOCX: ".docx"}
_NAME = re.compile(r"[^\w.\- ]+")


def attachment_type(data: bytes) -> str | None:
    for content_type, starts in _SIGNATURES.items():
        if data.startswith(starts):
            return content_type
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            return None
    return None


def max_attachment_bytes() -> int:
    return getattr(settings, "REGISTER_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)


def attachment_problem(name: str, data: bytes, size: int | None = None) -> str:
    """What is wrong with a file to attach ('' if nothing). `size`: the announced size, to refuse a file too
    big before reading it."""
    size, limit = len(data) if size is None else size, max_attachment_bytes()
    if size > limit:
        shown, most = format_size(size), format_size(limit)
        if shown == most:  # walk AS: "is 10,0 MB; het maximum is 10,0 MB" for a file ten bytes too large
            shown, most = (f"{format_number(n, 'count')} bytes" for n in (size, limit))
        return _("%(name)s is %(size)s; het maximum is %(max)s") % {"name": name, "size": shown, "max": most}
    if not data:
        return _("%(name)s is leeg") % {"name": name}
    if attachment_type(data) is None:
        return _("%(name)s is geen PDF, PNG, JPEG of Word-document (.docx)") % {"name": name}
    return ""


@transaction.atomic
def add_attachment(record: Signal | Case, *, actor, name: str, data: bytes) -> Attachment:
    problem = attachment_problem(name, data)
    if problem:
        raise RegisterError(fields={"attachment": problem})
    content_type = attachment_type(data)
    assert content_type is not None  # attachment_problem refuses any other
    # The name keeps the user's words, but its extension is the detected type's: a file that starts like a
    # PDF must not open as a script because it was called .bat.
    stem = _NAME.sub("_", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).rsplit(".", 1)[0][:180] or "bijlage"
    safe_name = f"{stem}{EXTENSIONS[content_type]}"
    is_signal = isinstance(record, Signal)
    attachment = Attachment.objects.create(
        signal=record if isinstance(record, Signal) else None, case=None if isinstance(record, Signal) else record,
        name=safe_name, content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data,
        uploaded_by=actor)
    audit.record(actor=actor, action="create", object_kind="bijlage", object_id=attachment.pk,
                 municipality=record.municipality.code,
                 detail={"signaal" if is_signal else "casus": record.pk, "grootte": len(data)})
    return attachment


@transaction.atomic
def open_attachment(attachment: Attachment, *, actor, municipality: str) -> Attachment:
    owner = {"signaal": attachment.signal_id} if attachment.signal_id else {"casus": attachment.case_id}
    audit.record(actor=actor, action="view", object_kind="bijlage", object_id=attachment.pk, municipality=municipality,
                 detail=owner)  # whose attachment: the trail of that record shows who opened it
    return attachment


@transaction.atomic
def search(user, area, query: str) -> tuple[list[Signal], list[Case]]:
    """Signals and cases of `area` that this team member may see and that mention `query`. The audit event
    names the records the search showed, not the words searched for: the trail must not become a second copy
    of the register's content."""
    signals, cases = _found(user, area, query)
    audit.record(actor=user, action="search", object_kind="register", municipality=area.code,
                 detail={"signalen": [s.pk for s in signals], "casussen": [c.pk for c in cases]})
    return signals, cases


@transaction.atomic
def export_found(user, area, query: str) -> tuple[list[Signal], list[Case]]:
    """What `search` finds, in full, for an answer to a request for access (AVG art. 15): each signal with its
    questions and answers, each case with its notes and measures. Audited as an export, with the ids that left
    the system (walk AI: only "every case" could be exported, without the signals found on their own)."""
    signals, cases = _found(user, area, query, limit=None)  # all of it: a page shows 200, an answer holds all
    signals = list(Signal.objects.filter(pk__in=[s.pk for s in signals]).prefetch_related("messages")
                   .order_by("pk"))
    cases = list(Case.objects.filter(pk__in=[c.pk for c in cases]).select_related("owner")
                 .prefetch_related("measures", "signals", "case_notes").order_by("pk"))
    audit.record(actor=user, action="export", object_kind="register", municipality=area.code,
                 detail={"signalen": [s.pk for s in signals], "casussen": [c.pk for c in cases]})
    return signals, cases


def _found(user, area, query: str, limit: int | None = 200) -> tuple[list[Signal], list[Case]]:
    from ivb.register.access import visible_cases, visible_signals

    query = query.strip()
    if len(query) < 3:
        raise RegisterError(_("zoekterm: gebruik minstens 3 tekens"))
    # Everything written about a person or a company: a request for access under AVG art. 15 is answered from
    # this search (walk of 4 December: the reporter's answer, and a case found only through its signal's KvK,
    # were not found). A case is found by the signals linked to it as well.
    def in_signal(prefix: str = "") -> Q:
        return (Q(**{f"{prefix}what__icontains": query}) | Q(**{f"{prefix}address__icontains": query})
                | Q(**{f"{prefix}premises__icontains": query}) | Q(**{f"{prefix}company__icontains": query})
                | Q(**{f"{prefix}kvk": query}) | Q(**{f"{prefix}messages__text__icontains": query})
                | Q(**{f"{prefix}rejection_reason__icontains": query}))

    signal_ids = visible_signals(user, area).filter(in_signal()).values("pk")
    signals = list(Signal.objects.filter(pk__in=signal_ids).order_by("-created_at")[:limit])
    case_ids = visible_cases(user, area).filter(
        Q(subject__icontains=query) | Q(case_notes__text__icontains=query) | in_signal("signals__")
        | Q(measures__document_reference__icontains=query) | Q(measures__outcome__icontains=query)).values("pk")
    cases = list(Case.objects.filter(pk__in=case_ids).order_by("-created_at")[:limit])
    return signals, cases


@transaction.atomic
def export_cases(user, area) -> list[Case]:
    """Every case this team member may see, for an export. Audited with the ids that left the system."""
    from ivb.register.access import visible_cases

    cases = list(visible_cases(user, area).select_related("owner").prefetch_related("measures", "signals")
                 .order_by("pk"))
    audit.record(actor=user, action="export", object_kind="register", municipality=area.code,
                 detail={"casussen": [c.pk for c in cases]})
    return cases


def _transition(obj, new: str) -> None:
    """Move `obj` to `new` along the transition table, or refuse in words that say what happened: mostly a page
    that was open while a colleague acted on the same record."""
    allowed = obj.TRANSITIONS.get(obj.status, frozenset())
    if new in allowed:
        obj.status = new
        return
    values = {"what": (_("Signaal S-%(n)s") if isinstance(obj, Signal) else _("Casus C-%(n)s")) % {"n": obj.pk},
              "old": _(obj.status), "new": _(new), "allowed": ", ".join(f"'{_(a)}'" for a in sorted(allowed))}
    if obj.status == new:
        raise RegisterError(_("%(what)s is al '%(old)s': iemand was u voor, of de pagina was niet meer actueel. "
                              "Er is niets veranderd.") % values)
    if not allowed:
        raise RegisterError(_("%(what)s is '%(old)s'; daarna kan de status niet meer veranderen. Er is niets "
                              "veranderd.") % values)
    raise RegisterError(_("%(what)s is '%(old)s'; van daar kan het niet naar '%(new)s', alleen naar %(allowed)s. "
                          "Er is niets veranderd.") % values)


__all__ = ["RegisterError", "CASE_TRANSITIONS", "signal_problems", "attachment_problem", "file_signal", "create_case", "link_signal", "link_to_case", "reject_signal",
           "change_case_status", "add_measure", "view_case", "view_signal", "own_signals", "inbox",
           "check_password_again", "audit_events", "ask_for_information", "answer_signal", "add_case_note",
           "update_case", "case_fingerprint", "add_attachment", "open_attachment", "search", "export_found", "export_cases"]
