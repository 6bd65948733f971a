"""One function per change to the annual plan, called alike by the pages and the API. Each checks its input (the
limits below are the forms' and the API's) and writes in one transaction."""

import datetime as dt
import hashlib

from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from ivb.domain import catalogue
from ivb.domain.numbers import format_number
from ivb.domain.periods import PeriodError, check_year
from ivb.plan.models import TRANSITIONS, Action, PlanAdoption, ProgressNote, Status


class PlanError(ValueError):
    """A change that is not allowed; the message says why. `fields` holds each field's own problem (the form's
    field name -> the sentence without the field's label) for a form to show at the field and the API to name by
    its own field names; the message names them all."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        self.fields = dict(fields or {})
        super().__init__(message)


class _Problems:
    """Every problem of an input, gathered, so that one answer names them all."""

    def __init__(self) -> None:
        self.sentences: list[str] = []
        self.fields: dict[str, str] = {}

    def add(self, exc: PlanError) -> None:
        self.sentences.append(str(exc))
        for name, problem in exc.fields.items():
            self.fields.setdefault(name, problem)

    def raise_any(self) -> None:
        if self.sentences:
            raise PlanError("; ".join(self.sentences), self.fields)


MAX_PARTNERS = 30  # partners of one action (an action's list once took 200,000 entries)
MAX_PARTNER_LENGTH = 200
MAX_TITLE = MAX_OWNER = 200  # the columns' widths
MAX_TEXT = 10_000  # a description or a progress note

# What the form calls each field: a message names the field as the user sees it.
LABELS = {"title": "Actie", "owner": "Trekker", "description": "Omschrijving", "note": "Toelichting",
          "text": "Voortgang"}


def _policy_priorities(area, year: int) -> list:
    """The priorities of the policy the year's picture uses, in rank order; none without a policy."""
    from ivb.store.picture import policy_for
    from ivb.store.policies import PolicyStoreError, current_document

    try:
        doc = current_document(policy_for(area, year))
    except PolicyStoreError:
        return []
    return sorted(doc.priorities, key=lambda p: p.rank)


def priorities(area, year: int) -> list[tuple[str, str]]:
    """The priorities an action of `year` can serve, as (key, "rank. title")."""
    return [(p.key, f"{p.rank}. {p.title}") for p in _policy_priorities(area, year)]


def priority_themes(area, year: int) -> dict[str, tuple[str, frozenset[str]]]:
    """Per priority key, its "rank. title" and the Kernbeleid themes the policy places it under: the themes it
    names and every theme of the safety fields it spans. A priority that names neither has no entry: the policy
    then says nothing an action's theme could contradict."""
    out = {}
    for p in _policy_priorities(area, year):
        codes = set(p.themes) | {t.code for f in p.fields for t in catalogue.themes_of(f)}
        if codes:
            out[p.key] = (f"{p.rank}. {p.title}", frozenset(codes))
    return out


def actions_of(area, year: int | None = None):
    """The actions of `area`'s plan, of one year or all: the one query the plan page, its download and the API
    read."""
    rows = Action.objects.filter(municipality=area)
    return rows if year is None else rows.filter(year=year)


def _text(name: str, value: str | None, limit: int, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise PlanError(_("%(field)s: vul dit in") % {"field": _(LABELS[name])}, {name: _("vul dit in")})
    if len(value) > limit:
        numbers = {"n": format_number(len(value), "count"), "max": format_number(limit, "count")}
        raise PlanError(_("%(field)s: %(n)s tekens; het maximum is %(max)s") % {"field": _(LABELS[name]), **numbers},
                        {name: _("%(n)s tekens; het maximum is %(max)s") % numbers})
    return value


def _year(year, area) -> int:
    """An action's year (see `year_problem`)."""
    problem = year_problem(year, area)
    if problem:
        raise PlanError(problem, {"year": problem})
    return year


def year_problem(year: int, area) -> str | None:
    """Why `area` can have no annual plan for `year`, or None. A year of one of its policy periods (an annual plan
    makes a policy concrete); without any policy, last year to next year. The plan page, the form, the API and
    the CLI all ask this."""
    from ivb.plan.years import policy_years

    years = policy_years(area)
    if years and year not in years:  # also a year out of any range: the policy's years are what can be chosen
        spans = ", ".join(f"{p.period_start}–{p.period_end}" for p in area.policies.order_by("period_start"))
        return _("%(year)s valt buiten de beleidsperiode (%(spans)s); een jaarplan hoort bij een jaar van het "
                 "beleid") % {"year": year, "spans": spans}
    try:
        check_year(year)
    except PeriodError as exc:
        return str(exc)
    this_year = dt.date.today().year
    if not years and not this_year - 1 <= year <= this_year + 1:
        return _("%(year)s: zonder beleid gaat een jaarplan over %(first)s tot en met %(last)s") % {
            "year": year, "first": this_year - 1, "last": this_year + 1}
    return None


def _texts(data: dict, problems: _Problems) -> dict:
    """The action's texts, stripped, each checked against its limit; every problem goes into `problems`."""
    out = {}
    for name, limit, required in (("title", MAX_TITLE, True), ("owner", MAX_OWNER, True),
                                  ("description", MAX_TEXT, False)):
        try:
            out[name] = _text(name, data.get(name), limit, required=required)
        except PlanError as exc:
            problems.add(exc)
    return out


def _check(data: dict, priority_keys: set[str], themes: dict[str, tuple[str, frozenset[str]]],
           problems: _Problems) -> None:
    """Everything else an action must be; every problem goes into `problems`, each at its field."""
    def problem(field: str, sentence: str) -> None:
        problems.add(PlanError(sentence, {field: sentence}))

    if data.get("priority_key") and data["priority_key"] not in priority_keys:
        problem("priority_key", _("onbekende prioriteit '%(key)s'") % {"key": data["priority_key"]})
    if data.get("theme_code") and data["theme_code"] not in catalogue.THEMES_BY_CODE:
        problem("theme_code", _("onbekende themacode '%(code)s'") % {"code": data["theme_code"]})
    try:
        _check_theme(data.get("priority_key"), data.get("theme_code"), themes)
    except PlanError as exc:
        problems.add(exc)
    if not data.get("priority_key") and not data.get("theme_code"):
        problem("priority_key", _("kies een prioriteit of een thema"))
    if data.get("due_quarter") not in (1, 2, 3, 4):
        problem("due_quarter", _("het kwartaal moet 1, 2, 3 of 4 zijn"))
    partners = data.get("partners") or []
    if len(partners) > MAX_PARTNERS:
        problem("partners", _("%(n)s partners; het maximum is %(max)s") % {
            "n": format_number(len(partners), "count"), "max": MAX_PARTNERS})
    if any(len(p) > MAX_PARTNER_LENGTH for p in partners):
        problem("partners", _("een partner heeft een naam van meer dan %(max)s tekens") % {"max": MAX_PARTNER_LENGTH})


def _check_theme(priority_key, theme_code, themes: dict[str, tuple[str, frozenset[str]]]) -> None:
    """A theme the policy does not place the chosen priority under is a contradiction, not a second topic."""
    if not (priority_key and theme_code) or priority_key not in themes or theme_code not in catalogue.THEMES_BY_CODE:
        return  # an unknown code is its own problem, said once
    title, codes = themes[priority_key]
    if theme_code not in codes:
        allowed = ", ".join(sorted(codes, key=lambda c: tuple(int(n) for n in c.split("."))))
        sentence = (_("Thema: %(theme)s hoort volgens het beleid niet bij prioriteit %(priority)s; kies een van de "
                      "thema's %(allowed)s, of laat het thema leeg")
                    % {"theme": f"{theme_code} {catalogue.theme(theme_code).name}", "priority": title,
                       "allowed": allowed})
        raise PlanError(sentence, {"theme_code": sentence.removeprefix(_("Thema") + ": ")})


@transaction.atomic
def create_action(municipality, data: dict, *, actor_name: str, priority_keys: set[str] | None = None) -> Action:
    """A new action in the plan of data["year"]. Its priority must be one of that year's policy (`priorities`)."""
    year = _year(data.get("year"), municipality)
    problems = _Problems()
    data = {**data, **_texts(data, problems)}
    if priority_keys is None:
        priority_keys = {key for key, _title in priorities(municipality, year)}
    _check(data, priority_keys, priority_themes(municipality, year), problems)
    problems.raise_any()
    return Action.objects.create(municipality=municipality, created_by_name=actor_name,
                                 **{k: data[k] for k in ("year", "priority_key", "theme_code", "title", "description",
                                                         "owner", "partners", "due_quarter") if k in data})


# What an edit may change, in the order the history names it, with the words the form uses.
EDITABLE = {"title": "Actie", "description": "Omschrijving", "priority_key": "Prioriteit",
            "theme_code": "Thema", "owner": "Trekker", "partners": "Partners", "due_quarter": "Gereed"}


def action_fingerprint(action: Action) -> str:
    """What the editing form showed, as a short hash: a save from a form older than the action is refused."""
    state = [getattr(action, key) for key in EDITABLE]
    return hashlib.sha256(repr(state).encode()).hexdigest()[:16]


def _shown(key: str, value, names: dict[str, str]) -> str:
    """A value as the history shows it: words, not keys."""
    if key == "partners":
        return ", ".join(value) or "–"
    if key == "due_quarter":
        return f"{value}e kwartaal"
    if key == "theme_code":
        return f"{value} {catalogue.theme(value).name}" if value in catalogue.THEMES_BY_CODE else value or "–"
    if key == "priority_key":
        return names.get(value, value) or "–"
    return f"'{value}'" if value else "–"


@transaction.atomic
def update_action(action: Action, data: dict, *, actor_name: str, user=None, seen: str | None = None,
                  priority_keys: set[str] | None = None) -> Action:
    """Correct what an action is (not its status: `change_status`), under the limits of `create_action`. The
    change is kept in the action's history as a note naming each field's old and new value. With `seen` (the
    fingerprint of the form the user edited) a change made by someone else in between is not overwritten."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if seen is not None and seen != action_fingerprint(action):
        raise PlanError(_("de actie is intussen door iemand anders gewijzigd; bekijk haar opnieuw en pas dan aan"))
    current = {k: getattr(action, k) for k in EDITABLE}
    data = {**current, **{k: v for k, v in data.items() if k in EDITABLE}}
    problems = _Problems()
    data = {**data, **_texts(data, problems)}
    offered = priorities(action.municipality, action.year)
    if priority_keys is None:
        priority_keys = {key for key, _title in offered}
    _check(data, priority_keys, priority_themes(action.municipality, action.year), problems)
    problems.raise_any()
    changed = [k for k in EDITABLE if data[k] != current[k]]
    if not changed:
        return action
    names = dict(offered)
    lines = [f"{EDITABLE[k]}: {_shown(k, current[k], names)} → {_shown(k, data[k], names)}" for k in changed]
    for key in changed:
        setattr(action, key, data[key])
    action.save()
    ProgressNote.objects.create(action=action, text="Gewijzigd. " + "; ".join(lines) + ".", author=user,
                                author_name=actor_name, is_edit=True)
    return action


@transaction.atomic
def change_status(action: Action, new: str, *, note: str, actor_name: str, user=None) -> ProgressNote:
    if new not in TRANSITIONS.get(action.status, ()):
        allowed = ", ".join(_(s) for s in sorted(TRANSITIONS.get(action.status, ()))) or _("geen")
        raise PlanError(_("van '%(old)s' naar '%(new)s' kan niet; wel naar: %(allowed)s") % {
            "old": _(action.status), "new": _(new), "allowed": allowed})
    if not (note or "").strip():
        raise PlanError(_("schrijf kort waarom de status verandert"))
    note = _text("note", note, MAX_TEXT, required=True)
    old = action.status
    action.status = new
    action.save(update_fields=["status", "updated_at"])
    return ProgressNote.objects.create(action=action, text=note.strip(), status_from=old, status_to=new,
                                       author=user, author_name=actor_name)


@transaction.atomic
def add_note(action: Action, text: str, *, actor_name: str, user=None) -> ProgressNote:
    if not (text or "").strip():
        raise PlanError(_("een voortgangsnotitie mag niet leeg zijn"))
    text = _text("text", text, MAX_TEXT, required=True)
    return ProgressNote.objects.create(action=action, text=text.strip(), author=user, author_name=actor_name)


# ------------------------------------------------------------------------------------------- the adoption
# The college makes the policy concrete every year in a veiligheidsjaarplan and informs the council with it
# (Lisse's policy, 6.2). A year's plan is adopted once; editing goes on after it (the plan is a living
# document), and the page says what changed since (ADR 0040).

ADOPTED_FIELDS = ("title", "owner", "due_quarter", "status", "priority_key", "theme_code")


def adopted_plan(area, year: int) -> PlanAdoption | None:
    """The year's adoption, if the college adopted the plan."""
    return PlanAdoption.objects.filter(municipality=area, year=year).first()


def adopter(adoption: PlanAdoption) -> str:
    """'Anne de Vries (coördinator)': who adopted the plan, with the role they held then, in the reader's
    language."""
    from ivb.accounts.permissions import Role

    if adoption.adopted_by_role in Role.values:
        return f"{adoption.adopted_by_name} ({Role(adoption.adopted_by_role).label})"
    return adoption.adopted_by_name


def _when(adoption: PlanAdoption) -> str:
    return _date(timezone.localtime(adoption.adopted_at))


def adoption_words(adoption: PlanAdoption, *, recorded: bool = True) -> str:
    """'vastgesteld door het college op 14 april 2023 (kenmerk 2023/0412), vastgelegd door Anne de Vries
    (coördinator) op 17 april 2023': the college's decision, and who recorded it in IVB when (not with
    `recorded=False`). Without a decision date (recorded before IVB asked for it, or not given through the API)
    the sentence names none: IVB does not invent one."""
    by = {"who": adopter(adoption), "when": _when(adoption)}
    reference = adoption.decision_reference
    if adoption.decided_on is None:
        decided = (_("vastgesteld door het college (kenmerk %(reference)s)") % {"reference": reference} if reference
                   else _("vastgesteld door het college"))
        if not recorded:
            return decided
        return _("%(decided)s, vastgelegd door %(who)s op %(when)s") % {"decided": decided, **by}
    decided = _date(adoption.decided_on)
    if reference:
        decided = _("%(date)s (kenmerk %(reference)s)") % {"date": decided, "reference": reference}
    if not recorded:  # the council report: the college's decision is what the council reads
        return _("vastgesteld door het college op %(decided)s") % {"decided": decided}
    if adoption.decided_on == timezone.localtime(adoption.adopted_at).date():
        return _("vastgesteld door het college op %(decided)s, vastgelegd door %(who)s") % {"decided": decided, **by}
    return _("vastgesteld door het college op %(decided)s, vastgelegd door %(who)s op %(when)s") % {
        "decided": decided, **by}


def _already_adopted(adoption: PlanAdoption) -> PlanError:
    return PlanError(_("Het jaarplan %(year)s is al %(adopted)s; een jaarplan wordt één keer vastgesteld") % {
        "year": adoption.year, "adopted": adoption_words(adoption)})


def _snapshot(action: Action) -> dict:
    return {"pk": action.pk, **{key: getattr(action, key) for key in ADOPTED_FIELDS}}


MAX_REFERENCE = 100  # a decision's reference (kenmerk), as the column holds it


@transaction.atomic
def adopt_plan(area, year: int, *, user, decided_on: dt.date | None = None, reference: str = "") -> PlanAdoption:
    """The college adopts the plan of `year` as it is now: a year of the policy, with actions, once. The pages
    and the API both adopt through here. `decided_on`: the date of the college's decision (None when the caller
    does not give it: IVB does not invent one); `reference`: its kenmerk, as the minutes give it."""
    existing = adopted_plan(area, year)
    if existing is not None:  # before anything else: an adopted plan is the first thing to know
        raise _already_adopted(existing)
    problem = year_problem(year, area) or too_early_to_adopt(year)
    if problem:
        raise PlanError(problem, {"year": problem})
    decided_on, reference = _decision(year, decided_on, reference)
    # Locked, so that the snapshot is the plan as it stands while it is taken: an edit waits for the adoption.
    actions = list(Action.objects.select_for_update().filter(municipality=area, year=year).order_by("pk"))
    if not actions:
        raise PlanError(_("er zijn nog geen acties voor %(year)s; een leeg jaarplan wordt niet vastgesteld")
                        % {"year": year})
    membership = user.memberships.filter(municipality=area).first()
    try:
        with transaction.atomic():  # a savepoint: after a refused insert the lookup below can still run
            return PlanAdoption.objects.create(
                municipality=area, year=year, adopted_by=user, adopted_by_name=user.get_full_name() or user.username,
                adopted_by_role=membership.role if membership else "", actions=[_snapshot(a) for a in actions],
                decided_on=decided_on, decision_reference=reference)
    except IntegrityError:  # adopted at the same moment by someone else
        existing = adopted_plan(area, year)
        raise (_already_adopted(existing) if existing else PlanError(_("dit jaarplan is al vastgesteld"))) from None


def too_early_to_adopt(year: int) -> str:
    """Why the plan of `year` cannot be adopted yet, or "": the college decides it in the year before at the
    earliest (the same rule as the decision's date), so the page does not offer what would be refused."""
    first = dt.date(year - 1, 1, 1)
    if timezone.localdate() >= first:
        return ""
    return _("het jaarplan %(year)s kan pas vanaf %(date)s worden vastgesteld") % {"year": year, "date": _date(first)}


def _decision(year: int, decided_on: dt.date | None, reference: str) -> tuple[dt.date | None, str]:
    """The college's decision as given, or every problem with it at its field. A plan is decided in the year
    before it at the earliest, and never after today: an earlier date is a typing error, a later one not yet
    true."""
    problems = _Problems()
    if decided_on is None:
        pass
    elif decided_on > timezone.localdate():
        why = _("%(date)s ligt in de toekomst; vul de datum van het collegebesluit in") % {"date": _date(decided_on)}
        problems.add(PlanError(_("Datum collegebesluit: %(why)s") % {"why": why}, {"decided_on": why}))
    elif decided_on.year < year - 1:
        why = _("%(date)s ligt meer dan een jaar vóór het jaarplan %(year)s") % {"date": _date(decided_on),
                                                                                "year": year}
        problems.add(PlanError(_("Datum collegebesluit: %(why)s") % {"why": why}, {"decided_on": why}))
    reference = " ".join((reference or "").split())  # one line: it is printed inside a sentence
    if any(not ch.isprintable() for ch in reference):
        why = _("bevat een teken dat niet getoond kan worden (een stuurteken)")
        problems.add(PlanError(_("Kenmerk besluit: %(why)s") % {"why": why}, {"decision_reference": why}))
    elif len(reference) > MAX_REFERENCE:
        numbers = {"n": format_number(len(reference), "count"), "max": format_number(MAX_REFERENCE, "count")}
        why = _("%(n)s tekens; het maximum is %(max)s") % numbers
        problems.add(PlanError(_("Kenmerk besluit: %(why)s") % {"why": why}, {"decision_reference": why}))
    problems.raise_any()
    return decided_on, reference


def _date(day: dt.date) -> str:
    return dateformat.format(day, "j F Y")


def _quarter(value) -> str:
    return _("%(q)se kwartaal") % {"q": value}


def changed_since_adoption(adoption: PlanAdoption) -> list[tuple[str, Action]]:
    """The actions of the adopted year added, changed (title, owner, quarter, priority, theme) or given another
    status since the adoption, as (what changed in words, action), in the plan's order. Actions cannot be deleted
    (no page, API route or command does), so none can be missing."""
    then = {entry["pk"]: entry for entry in adoption.actions}
    names = dict(priorities(adoption.municipality, adoption.year))

    def priority(key: str) -> str:
        return names.get(key, _("een prioriteit die niet meer in het beleid staat")) if key else "–"

    def theme(code: str) -> str:
        return f"{code} {catalogue.theme(code).name}" if code in catalogue.THEMES_BY_CODE else code or "–"

    shown = {"title": (_("titel"), lambda v: f"'{v}'"), "owner": (_("trekker"), lambda v: f"'{v}'"),
             "due_quarter": (_("gereed"), _quarter), "priority_key": (_("prioriteit"), priority),
             "theme_code": (_("thema"), theme), "status": (_("status"), _)}
    out = []
    for action in actions_of(adoption.municipality, adoption.year).order_by("due_quarter", "title", "pk"):
        before = then.get(action.pk)
        if before is None:
            out.append((_("toegevoegd"), action))
            continue
        words = [_("%(field)s was %(old)s, nu %(new)s") % {"field": label, "old": show(before[key]),
                                                              "new": show(getattr(action, key))}
                 for key, (label, show) in shown.items() if before.get(key) != getattr(action, key)]
        if words:
            out.append(("; ".join(words), action))
    return out


__all__ = ["PlanError", "Status", "year_problem", "priorities", "priority_themes", "actions_of", "create_action", "update_action",
           "action_fingerprint", "change_status", "add_note", "adopt_plan", "adopted_plan", "adopter",
           "changed_since_adoption"]
