"""Municipalities, provinces and police units: the shipped list (built from CBS and RvIG downloads by
`ivb areas refresh`), finding a municipality by code or name, and each municipality's comparison groups.

The list lives in `ivb/data/municipalities.csv`; docs/reference-data.md says where each column comes from.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from ivb.domain.i18n import _
from ivb.store.models import Area, ChosenNeighbour, Observation

if TYPE_CHECKING:
    from ivb.store.annexations import Annexation, FormedCounts

POPULATION = "cbs.inwoners"
# CBS's "Gemeente onbekend" in police tables: crimes of unknown place. Kept with its figures for the national
# totals, but no municipality anyone can choose, compare with or be.
NO_PLACE = "GM0000"


class AreaError(Exception):
    """A municipality that is not known, or a change that cannot be made; the message says why."""


# --- the shipped list -----------------------------------------------------------------------------------

@cache
def shipped_municipalities() -> tuple[dict, ...]:
    text = resources.files("ivb.data").joinpath("municipalities.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return tuple(csv.DictReader(lines, delimiter=";"))


def existing_on(day: dt.date):
    """The municipalities that existed on `day` (a queryset)."""
    from django.db.models import Q

    return (Area.objects.filter(kind=Area.Kind.MUNICIPALITY).exclude(code=NO_PLACE)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day)))


def municipalities_in(year: int) -> int:
    """How many municipalities the country had on 1 January of `year` (CBS's indeling of that year), from the
    shipped list: the whole country even when the database holds only some of them."""
    day = dt.date(year, 1, 1)
    return sum(1 for r in shipped_municipalities()
               if (not r["geldig_vanaf"] or dt.date.fromisoformat(r["geldig_vanaf"]) <= day)
               and (not r["geldig_tot"] or dt.date.fromisoformat(r["geldig_tot"]) >= day))


# --- finding a municipality -----------------------------------------------------------------------------

def find_municipality(text: str) -> Area:
    """The municipality with this code (GM0553, or 0553) or exact name (case does not matter)."""
    text = text.strip()
    code = _as_code(text)
    if code == NO_PLACE:
        raise AreaError(f"{NO_PLACE} is geen gemeente: onder die code telt de politie misdrijven zonder bekende plaats")
    places = Area.objects.filter(kind=Area.Kind.MUNICIPALITY).exclude(code=NO_PLACE)
    found = places.filter(code=code).first() if code else None
    if found is None:
        named = [a for a in places.filter(name__iexact=text)]
        if not named:  # typed without accents or hyphens: Sudwest Fryslan is Súdwest-Fryslân
            named = [a for a in places if folded(a.name) == folded(text)]
        # A name CBS gave twice (before and after a merger) means the one that exists now, or the latest.
        found = max(named, key=lambda a: (a.valid_until is None, a.valid_until or dt.date.min), default=None)
    if found is None:
        raise AreaError(unknown_municipality_message(text))
    return found


def folded(text: str) -> str:
    """A name as a plain keyboard types it: no accents, no case, hyphens and apostrophes as spaces."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("-", " ").replace("'", " ").split())


def name_contains(name: str, text: str) -> bool:
    return folded(text) in folded(name)


def _as_code(text: str) -> str | None:
    digits = text.upper().removeprefix("GM")
    return f"GM{digits}" if digits.isascii() and digits.isdigit() and len(digits) == 4 else None


def unknown_municipality_message(code_or_name: str) -> str:
    """'onbekende gemeente GM0554; bedoelt u GM0553 (Lisse)?', the nearest match by code or by name among
    the municipalities IVB knows (those that exist now first)."""
    text = code_or_name.strip()
    known = {a.code: a for a in Area.objects.filter(kind=Area.Kind.MUNICIPALITY).exclude(code=NO_PLACE)}
    guess = _nearest_code(text, known) if _as_code(text) or text.upper().startswith("GM") else _nearest_name(text, known)
    shown = _as_code(text) or text
    if guess is None:
        return f"onbekende gemeente {shown}"
    hint = f"{guess.code} ({guess.name})"
    if guess.valid_until:
        hint += f", bestond tot {guess.valid_until:%d-%m-%Y}"
    return f"onbekende gemeente {shown}; bedoelt u {hint}?"


def _nearest_code(text: str, known: dict[str, Area]) -> Area | None:
    code = _as_code(text) or text.upper()
    if not (code[2:].isascii() and code[2:].isdigit()):
        return None
    number = int(code[2:])
    # The closest number, then the code that differs in fewest places: typing 0554 for 0553, or 5053 for 0553.
    return min(known.values(), default=None,
               key=lambda a: (a.valid_until is not None, _distance(a.code, code), abs(int(a.code[2:]) - number)))


def _distance(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))


def _nearest_name(text: str, known: dict[str, Area]) -> Area | None:
    by_name: dict[str, Area] = {}
    for a in sorted(known.values(), key=lambda a: a.valid_until is None):  # the current one wins a shared name
        by_name[a.name.lower()] = a
    close = difflib.get_close_matches(text.lower(), list(by_name), n=1, cutoff=0.6)
    return by_name[close[0]] if close else None


# --- comparison groups ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PeerGroup:
    kind: str           # "buren", "beleid", "eenheid", "provincie", "grootteklasse"
    label: str          # what the page calls the group, in the language of the request that built it
    members: tuple      # the municipalities (Area), the subject included (the first of the neighbours)
    area: Area | None = None  # the unit or province itself, when the group is one
    code: str = ""  # a group without an area of its own: the CBS size class ("GK05", as CBS numbers them 1–8)

    @property
    def count(self) -> int:
        """How many municipalities the label speaks of: "buurgemeenten" are the subject's neighbours, without
        the subject itself; every other group (a policy's, a unit's, a province's, a size class) has the
        subject among its municipalities."""
        return len(self.members) - 1 if self.kind == "buren" else len(self.members)


def police_unit(area: Area) -> Area | None:
    return area.parent if area.parent and area.parent.kind == Area.Kind.POLICE_UNIT else None


def province(area: Area) -> Area | None:
    return next((g for g in area.groups.all() if g.kind == Area.Kind.PROVINCE), None)


def neighbours(area: Area) -> list[Area]:
    """Municipalities that share a border (built in) and those a beheerder or analist chose."""
    chosen = Area.objects.filter(chosen_by__municipality=area, chosen_by__removed_at__isnull=True).exclude(code=NO_PLACE)
    return sorted({*area.neighbours.all(), *chosen}, key=lambda a: a.name)


def population(codes, year: int) -> dict[str, float]:
    """Inhabitants on 1 January as CBS counts them (series cbs.inwoners), the year's figure or else the latest
    before it."""
    out: dict[str, float] = {}
    for code, value in (Observation.objects.filter(series__key=POPULATION, area__code__in=list(codes),
                                                   superseded_at__isnull=True, period_kind="year",
                                                   period_start__year__lte=year)
                        .order_by("period_start").values_list("area__code", "value")):
        out[code] = float(value)
    return out


def peer_groups(area: Area, year: int) -> list[PeerGroup]:
    """Every group the municipality is compared in, without hand work: chosen and bordering neighbours, the
    other municipalities of its policy for the year, its police unit, its province and its CBS size class.
    The labels are worded in the current language: every cache that keeps them (the picture, the dashboard
    body) is kept per language."""
    from ivb.domain.compare import size_class

    day = dt.date(year, 1, 1)
    existing = existing_on(day)
    instead = formed_later_from(area, day)
    groups = []
    near = neighbours(area)
    if near:
        groups.append(PeerGroup("buren", _("buurgemeenten"), (area, *near)))
    policy = _policy_partners(area, year)
    if policy:
        groups.append(PeerGroup("beleid", _("gemeenten van dit beleid"), (area, *policy)))
    if unit := police_unit(area):
        members = todays_land(area, existing.filter(parent=unit).order_by("name"), day)
        groups.append(PeerGroup("eenheid", unit.name, tuple(members) or (area,), unit))
    if prov := province(area):
        members = todays_land(area, existing.filter(groups=prov).order_by("name"), day)
        groups.append(PeerGroup("provincie", _("provincie %(name)s") % {"name": prov.name}, tuple(members) or (area,), prov))
    people = population([area.code], year).get(area.code)
    if people is None and instead:
        people = _population_before_formation(area, year)
    if people is not None:
        cls = size_class(people)
        everyone = todays_land(area, existing, day)
        sizes = population([a.code for a in everyone], year) | {area.code: people}
        for heir in (a for a in everyone if a.code not in sizes and a.valid_from and a.valid_from > day):
            # Formed since (review: Dijk en Waard stayed out of its 2021 size class): its parts' population.
            if (summed := _population_before_formation(heir, year)) is not None:
                sizes[heir.code] = summed
        same_size = tuple(a for a in sorted(everyone, key=lambda a: a.name)
                          if a.code in sizes and size_class(sizes[a.code]) == cls)
        groups.append(PeerGroup("grootteklasse", _("gemeenten met %(size)s") % {"size": cls.label},
                                same_size or (area,), code=f"GK{cls.code:02d}"))
    return groups


def formed_later_from(area: Area, day: dt.date) -> list[Area]:
    """The municipalities `area` was formed from, when it came into being after `day`; otherwise none."""
    if area.kind != Area.Kind.MUNICIPALITY or area.valid_from is None or area.valid_from <= day:
        return []
    return formed_from(area)


def in_place_of(area: Area, predecessors: list[Area], members) -> list[Area]:
    """A group's municipalities of a year before `area` was formed anew, with `area` in place of its
    `predecessors`: its page compares today's land, as the police counts and the population added up are
    (ADR 0039, amendment). Unchanged when none of them is in the group."""
    members = list(members)
    gone = {a.pk for a in predecessors}
    if not gone & {m.pk for m in members}:
        return members
    return sorted([m for m in members if m.pk not in gone] + [area], key=lambda a: a.name)


def todays_land(area: Area, members, day: dt.date) -> list[Area]:
    """A group's municipalities on `day`, with every municipality formed anew since then in place of those it was
    formed from, when the subject `area` is one of today's: its page compares today's land, and a police unit's line
    must hold the same land every year (walk AT: Land van Cuijk's unit before 2022 left out Maashorst's, as Uden and
    Landerd have no police figures in today's borders and Maashorst did not exist yet). The figures of a heir for a
    year before it was formed are added up from those it was formed from (`year_within_todays_borders`)."""
    members = list(members)
    if area.valid_until is not None:  # a municipality that has ended is compared in the borders of its own years
        return in_place_of(area, formed_later_from(area, day), members)
    heirs = _heirs_formed_after(day)
    out = {}
    for m in members:
        while m.pk in heirs:  # a chain: Liesveld into Molenwaard (2013), Molenwaard into Molenlanden (2019)
            m = heirs[m.pk]
        if m.valid_until is None:
            out[m.pk] = m
    return sorted(out.values(), key=lambda a: a.name)


def _heirs_formed_after(day: dt.date) -> dict[int, Area]:
    """For every municipality formed anew after `day`, each of those it was formed from (by pk) -> it. One query."""
    heirs = {}
    for heir in (Area.objects.filter(kind=Area.Kind.MUNICIPALITY, valid_from__gt=day)
                 .prefetch_related("predecessors")):
        assert heir.valid_from is not None  # filtered on it above
        eve = heir.valid_from - dt.timedelta(days=1)
        heirs.update({p.pk: heir for p in heir.predecessors.all() if p.valid_until == eve})
    return heirs


def _population_before_formation(area: Area, year: int) -> float | None:
    """The population of a municipality formed anew in a year before it was: the sum of those it was formed
    from whole, as its series and comparisons give it (ADR 0039, amendment); otherwise None."""
    from ivb.store.annexations import year_within_todays_borders

    values: dict[str, dict[str, float]] = {POPULATION: {}}
    year_within_todays_borders(values, [area.code], year)
    return values[POPULATION].get(area.code)


def _policy_partners(area: Area, year: int) -> tuple[Area, ...]:
    from ivb.store.models import Policy

    policy = (Policy.objects.filter(municipalities=area, period_start__lte=year, period_end__gte=year).first())
    if policy is None:
        return ()
    return tuple(policy.municipalities.exclude(pk=area.pk).order_by("name"))


# --- chosen neighbours ----------------------------------------------------------------------------------

def add_neighbour(area: Area, other_text: str, *, actor_name: str, user=None) -> Area:
    other = find_municipality(other_text)
    if other == area:
        raise AreaError(f"{area.name} kan niet zijn eigen buur zijn")
    if other in neighbours(area):
        raise AreaError(f"{other.name} ({other.code}) is al een buur van {area.name}")
    if other.valid_until is not None:
        heir = f"; kies {other.successor.name} ({other.successor.code})" if other.successor else ""
        raise AreaError(f"{other.name} ({other.code}) bestond tot en met {other.valid_until:%d-%m-%Y}{heir}")
    ChosenNeighbour.objects.create(municipality=area, neighbour=other, added_by=user, added_by_name=actor_name)
    return other


def remove_neighbour(area: Area, other_text: str, *, actor_name: str, user=None) -> Area:
    from django.utils import timezone

    # GM0000 could be chosen before it was refused as a neighbour: such a row can still be taken away.
    nowhere = Area.objects.filter(code=NO_PLACE).first() if _as_code(other_text.strip()) == NO_PLACE else None
    other = nowhere or find_municipality(other_text)
    row = ChosenNeighbour.objects.filter(municipality=area, neighbour=other, removed_at__isnull=True).first()
    if row is None:
        if other in area.neighbours.all():
            raise AreaError(f"{other.name} grenst aan {area.name} (vaste gegevens); die buur kan niet weg")
        raise AreaError(f"{other.name} ({other.code}) is geen gekozen buur van {area.name}")
    row.removed_at, row.removed_by, row.removed_by_name = timezone.now(), user, actor_name
    row.save(update_fields=["removed_at", "removed_by", "removed_by_name"])
    return other


def policy_size(area: Area, year: int, with_figures: set[str]) -> int | None:
    """How many municipalities the (joint) policy of `area` for `year` has, when exactly they have figures."""
    members = {area.code, *(a.code for a in _policy_partners(area, year))}
    return len(members) if len(members) > 1 and members == with_figures else None


# --- lifetimes ------------------------------------------------------------------------------------------
# Municipalities merge on 1 January. A figure, picture or dashboard for a year a municipality did not exist
# belongs to its successor (after) or its predecessors (before); these say so, naming them.

def heir_on(area: Area, day: dt.date) -> Area | None:
    """The municipality `area` passed into that existed on `day`, following later mergers."""
    heir, seen = area.successor, {area.pk}
    while heir is not None and heir.valid_until is not None and heir.valid_until < day and heir.successor_id \
            and heir.pk not in seen:
        seen.add(heir.pk)
        heir = heir.successor
    return heir


def formed_from(area: Area) -> list[Area]:
    """The municipalities that passed into `area` on the day it came into being (a merger, not an annexation)."""
    if area.valid_from is None:
        return []
    eve = area.valid_from - dt.timedelta(days=1)
    return sorted(area.predecessors.filter(valid_until=eve), key=lambda a: a.name)


def listed_names(areas: list[Area], word: str, *, codes: bool = False) -> str:
    shown = [f"{a.name} ({a.code})" if codes else a.name for a in areas]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} {word} {shown[-1]}"


def outside_lifetime(area: Area, start: dt.date, end: dt.date, label: str) -> str | None:
    """Why a figure of `area` over the period `start`–`end` (called `label`) cannot be stored, or None. A
    municipality that has ended takes no figures after its end. One formed later does take figures of earlier
    years: sources such as CBS recalculate them to its borders."""
    if area.kind != Area.Kind.MUNICIPALITY:
        return None
    if area.valid_until is not None and start > area.valid_until:
        heir = heir_on(area, start)
        where = f" (opgegaan in {heir.name}, {heir.code})" if heir else ""
        belongs = f"; een cijfer over {label} hoort bij {heir.name}" if heir else \
            f"; een cijfer over {label} kan niet bij deze gemeente"
        return f"{area.name} bestond tot en met {area.valid_until:%d-%m-%Y}{where}{belongs}"
    return None


@dataclass(frozen=True)
class LifetimeNotice:
    """A year `place` did not exist in: it was formed later (`formed`) or had ended; `others` its predecessors
    or successor, `day` the day it came into being or the first day it no longer existed."""
    place: str
    formed: bool
    day: dt.date
    others: tuple
    # `place` went on under its own code and took in others: (day, whole, names), oldest first (ADR 0039)
    took_in: tuple = ()
    # `place` was formed anew from `others`: what IVB does with their population of the years before, and the
    # year of the page (ADR 0039, amendment)
    counts: FormedCounts | None = None
    shown: int | None = None
    # Figures of `place` from before its formation other than the police's (which are on today's borders): only
    # then does the notice say that their area is not known (walk BE: a sentence about figures that were not there)
    other_before: bool = False

    def manager_hint(self) -> str:
        """What the application manager can do about a missing population, for those who enter figures only: a
        council member read it on every page (walk BE), and the adopted report kept it."""
        if self.formed and self.counts is not None and formed_people_missing(self.counts):
            return _("De beheerder van IVB kan de ontbrekende aantallen inwoners inlezen uit de open data van CBS.")
        return ""

    def pattern(self) -> str:
        """The sentence with {place}, {others}, {day} and {year} to fill in (str.format or format_html)."""
        if self.formed and self.others and self.counts is not None:
            return self._formed_pattern(self.counts)
        if self.took_in:
            events = [annexation_words(whole).replace("{day}", f"{{d{i}}}").replace("{names}", f"{{n{i}}}")
                      for i, (_day, whole, _names) in enumerate(self.took_in)]
            wholes = {whole for _day, whole, _names in self.took_in}
            people = (_("Het aantal inwoners van de jaren ervoor telt IVB voor de gemeenten samen.") if wholes == {True}
                      else _("Het aantal inwoners van de jaren ervoor laat IVB weg: het ging over een ander gebied.")
                      if True not in wholes else
                      _("Het aantal inwoners van de jaren ervoor telt IVB samen waar een gemeente helemaal is "
                        "opgenomen, en laat het anders weg."))
            return "; ".join(events) + ". " + people + " " + _(
                "De politiecijfers gaan al over het gebied van nu. Van andere cijfers van eerdere jaren is niet bekend "
                "over welk gebied ze gaan.")
        if self.formed and self.others:
            return _("{place} bestaat sinds {day}, ontstaan uit {others}; cijfers van vóór {year} gaan over het "
                     "gebied van nu als de bron ze heeft omgerekend (zoals CBS), anders over de oude gemeenten")
        if self.formed:
            return _("{place} bestaat sinds {day}; cijfers van vóór {year} zijn er alleen als de bron ze naar de "
                     "grenzen van nu heeft omgerekend")
        if self.others:
            return _("{place} bestaat sinds {day} niet meer; opgegaan in {others}")
        return _("{place} bestaat sinds {day} niet meer")

    def _formed_pattern(self, counts: FormedCounts) -> str:
        """Formed anew: what IVB does with the population of the years before, and so whether the page's year has
        rates per 1.000 (the police figures of that year are shown all the same: they are on today's borders)."""
        sentences = [_("{place} bestaat sinds {day}, ontstaan uit {others}."), formed_people_words(counts)]
        if self.shown is not None and dt.date(self.shown, 1, 1) < self.day and not counts.has_population(self.shown):
            sentences.append(_("Daarom zijn er voor {shown} geen cijfers per 1.000 inwoners."))
        sentences.append(_("De politiecijfers gaan al over het gebied van nu. Van andere cijfers van eerdere jaren is "
                           "niet bekend over welk gebied ze gaan.") if self.other_before else
                         _("De politiecijfers gaan al over het gebied van nu."))
        return " ".join(sentences)

    def values(self) -> dict:
        from ivb.domain.break_words import date_text
        from ivb.domain.region import names_in_words

        events: dict[str, object] = {f"d{i}": date_text(day) for i, (day, _whole, _names) in enumerate(self.took_in)}
        events |= {f"n{i}": names for i, (_day, _whole, names) in enumerate(self.took_in)}
        if self.counts is not None:
            short = self.counts.short
            events |= {"shown": self.shown, "before": self.counts.before, "after": self.counts.before + 1,
                       "short": names_in_words([str(y) for y, _names in short]),
                       "short_of": names_in_words(list(short[0][1])) if short else ""}
        return {"place": self.place, "day": date_text(self.day), "year": self.day.year, **events}

    def text(self) -> str:
        return self.pattern().format(others=listed_names(list(self.others), _("en")) if self.others else "",
                                     **self.values())


def history_notice(area: Area, year: int) -> LifetimeNotice | None:
    """What to say at the top of a picture, a series or a report of `area` for `year`: that it did not exist
    then (`lifetime_notice`); or, for a year after its formation, that it was formed, when it has figures from
    before, its own or its predecessors' added up: a reader of "276 in 2012" should know whose 2012 that is."""
    from ivb.store.annexations import border_changes, formed_counts

    notice = lifetime_notice(area, year)
    if notice is not None or area.kind != Area.Kind.MUNICIPALITY:
        return notice
    changes = border_changes([area.code]).get(area.code, [])  # most municipalities: none, in one query
    if took_in := _took_in_after_first_figure(area, [a for a in changes if not a.formed]):
        return LifetimeNotice(area.name, False, took_in[-1][0], (), took_in=took_in)
    if area.valid_from is None:
        return None
    counts = formed_counts(area, [a for a in changes if a.formed])
    if not (counts and counts.summed) and not Observation.objects.filter(
            area=area, period_start__lt=area.valid_from, superseded_at__isnull=True).exists():
        return None
    return LifetimeNotice(area.name, True, area.valid_from, tuple(formed_from(area)), counts=counts, shown=year,
                          other_before=_other_figures_before(area))


def _other_figures_before(area: Area) -> bool:
    """Whether `area` holds figures from before its formation whose source does not say on which borders they are
    (typed in, or a table of unknown borders): the police's open data are on today's."""
    from ivb.domain.opendata_tables import borders_of

    keys = (Observation.objects.filter(area=area, period_start__lt=area.valid_from, superseded_at__isnull=True)
            .values_list("series__key", flat=True).distinct())
    return any(borders_of(key) == "unknown" for key in keys)


def formed_people_words(counts: FormedCounts) -> str:
    """What IVB does with the population of the years before a municipality was formed anew, in one or two
    sentences with {place}, {before}, {after}, {short} and {short_of} to fill in."""
    if counts.whole is True and not counts.short:
        return _("Het aantal inwoners van de jaren ervoor telt IVB voor de gemeenten samen.")
    if counts.whole is True and len({names for _year, names in counts.short}) == 1:
        return _("Het aantal inwoners van de jaren ervoor telt IVB voor de gemeenten samen, behalve van {short}: "
                 "daarvan ontbreekt het aantal van {short_of}.")
    if counts.whole is True:
        return _("Het aantal inwoners van de jaren ervoor telt IVB voor de gemeenten samen, behalve van {short}: "
                 "daarvan heeft IVB niet het aantal van elke gemeente.")
    if counts.whole is False:
        return _("Het aantal inwoners van de jaren ervoor telt IVB niet op: de oude gemeenten samen waren een ander "
                 "gebied dan {place} nu.")
    if counts.found:
        return _("Het aantal inwoners van de jaren ervoor telt IVB niet op: zonder dat van {place} op 1 januari "
                 "{after} en dat van de oude gemeenten op 1 januari {before} is niet na te gaan of die samen het "
                 "gebied van nu waren.")
    return _("Het aantal inwoners van de jaren ervoor heeft IVB niet: CBS geeft het per gemeente van toen, en dat van "
             "de oude gemeenten is niet ingelezen.")


def formed_people_missing(counts: FormedCounts) -> bool:
    """Whether the population that would settle the years before a formation is missing: what whoever enters
    figures can do something about (`formed_people_words`' last two cases)."""
    return counts.whole is None


def annexation_words(whole: bool | None) -> str:
    """'{place} nam op {day} {names} op', or took a part, or (IVB lacking the population to tell) either."""
    if whole is True:
        return _("{place} nam op {day} {names} op")
    if whole is False:
        return _("{place} kreeg op {day} een deel van {names}")
    return _("{place} kreeg op {day} (een deel van) {names}")


def _took_in_after_first_figure(area: Area, found: list[Annexation]) -> tuple:
    """(day, whole, names) of each day `area` took in (part of) others after its first figure (`found`: its
    annexations): earlier ones do not touch its figures."""
    if not found:  # most municipalities: no figures read (a cached page reads none)
        return ()
    first = (Observation.objects.filter(area=area, superseded_at__isnull=True).order_by("period_start")
             .values_list("period_start", flat=True).first())
    if first is None:
        return ()
    days: dict = {}
    for a in found:
        if a.day > first:
            days.setdefault((a.day, a.whole), []).append(a.taken)
    return tuple((day, whole, listed_names(others, _("en")))
                 for (day, whole), others in sorted(days.items(), key=lambda item: item[0][0]))


def lifetime_notice(area: Area, year: int) -> LifetimeNotice | None:
    """What to say at the top of a picture of `area` for `year` when the municipality did not exist in it."""
    if area.kind != Area.Kind.MUNICIPALITY:
        return None
    if area.valid_from is not None and area.valid_from > dt.date(year, 12, 31):
        from ivb.store.annexations import formations, formed_counts

        counts = formed_counts(area, formations([area.code]).get(area.code, []))
        return LifetimeNotice(area.name, True, area.valid_from, tuple(formed_from(area)), counts=counts, shown=year,
                              other_before=_other_figures_before(area))
    if area.valid_until is not None and area.valid_until < dt.date(year, 1, 1):
        heir = heir_on(area, dt.date(year, 1, 1))
        return LifetimeNotice(area.name, False, area.valid_until + dt.timedelta(days=1), (heir,) if heir else ())
    return None
