"""Municipalities that took in (part of) another while going on under their own code, and municipalities formed
anew from others (ADR 0039 and its amendment).

Noordwijk took in Noordwijkerhout on 1 January 2019; Oisterwijk got part of Haaren on 1 January 2021, the rest
went to Vught, Boxtel and Tilburg; Amsterdam took in Weesp on 24 March 2022. The reference data names one
successor either way, so whether a municipality was taken in whole is read from CBS's population: after a whole
annexation the heir's population on 1 January is about its own plus the other's a year before.

Dijk en Waard (GM1980) was formed anew from Heerhugowaard and Langedijk on 1 January 2022: it has no figures of
its own before, and it was formed from them whole when its population of 1 January 2022 is about theirs of a year
before.

A source that gives each year's municipalities as they were (`opendata_tables.borders_of`: CBS's population,
83648NED) has, for the years before, a smaller heir and the other one beside it, or only the predecessors. Such
counts are added up (taken in or formed whole) or left out (in part, or without every figure): never shown as the
heir's own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import NamedTuple

from django.db.models import Q

from ivb.domain.i18n import _
from ivb.domain.observations import Point, SeriesData
from ivb.domain.opendata_tables import borders_of, tables
from ivb.domain.periods import parse as parse_period
from ivb.domain.region import names_in_words
from ivb.store.models import Area, Observation, Series

POPULATION = "cbs.inwoners"
WHOLE_WITHIN = 0.05  # the heir's population after, against its own plus the others' before: 5% leaves room for a year's growth


@dataclass(frozen=True)
class Annexation:
    heir: str  # the code that went on, or the one formed anew
    taken: Area
    day: dt.date  # the first day as part of the heir
    # taken in (or, formed anew, all formed from) whole, as the population shows; None when IVB lacks it to tell
    whole: bool | None
    formed: bool = False  # `heir` was formed anew from `taken` and others: it has no figures of its own before `day`


def was_taken_in(predecessor: Area, heir: Area) -> bool:
    """Whether `predecessor` ended in `heir` while `heir` already existed (not a merger into a new one)."""
    ended = predecessor.valid_until
    return ended is not None and (heir.valid_from is None or heir.valid_from <= ended)


def was_formed_from(predecessor: Area, heir: Area) -> bool:
    """Whether `heir` came into being the day after `predecessor` ended (Dijk en Waard from Heerhugowaard)."""
    ended = predecessor.valid_until
    return ended is not None and heir.valid_from == ended + dt.timedelta(days=1)


def border_changes(codes: list[str]) -> dict[str, list[Annexation]]:
    """Per heir code, the municipalities it took in and those it was formed anew from (`formed`), oldest first.
    Two queries at most, however many codes: the pictures of the whole country ask for all of them at once."""
    ended = [a for a in Area.objects.filter(successor__code__in=codes, valid_until__isnull=False)
             .select_related("successor") if a.successor is not None
             and (was_taken_in(a, a.successor) or was_formed_from(a, a.successor))]
    if not ended:
        return {}
    by_day: dict[tuple[str, dt.date, bool], list[Area]] = defaultdict(list)
    for a in ended:
        assert a.successor is not None and a.valid_until is not None  # as filtered
        by_day[(a.successor.code, a.valid_until + dt.timedelta(days=1), not was_taken_in(a, a.successor))].append(a)
    people = _people(by_day)
    out: dict[str, list[Annexation]] = defaultdict(list)
    for (heir, day, formed), others in sorted(by_day.items(), key=lambda item: item[0][1]):
        # A municipality formed anew has no population of its own before: only the others' are added up.
        whole = _whole(people, heir, [a.code for a in others] if formed else [heir, *(a.code for a in others)], day)
        out[heir] += [Annexation(heir, a, day, whole, formed) for a in sorted(others, key=lambda a: a.name)]
    return dict(out)


def annexations(codes: list[str]) -> dict[str, list[Annexation]]:
    """Per heir code, the municipalities it took in under its own code, oldest first."""
    return _only(border_changes(codes), formed=False)


def formations(codes: list[str]) -> dict[str, list[Annexation]]:
    """Per code of a municipality formed anew, the municipalities it was formed from."""
    return _only(border_changes(codes), formed=True)


def _only(changes: dict[str, list[Annexation]], *, formed: bool) -> dict[str, list[Annexation]]:
    return {heir: found for heir, items in changes.items() if (found := [a for a in items if a.formed == formed])}


def _people(by_day: dict) -> dict[tuple[str, str], float]:
    """The population `_whole` compares: of heirs and others, on the 1 January before and after each day."""
    codes = {code for (heir, _day, _formed), others in by_day.items() for code in (heir, *(a.code for a in others))}
    years = {str(y) for (_heir, day, _formed) in by_day for y in (_first_year_after(day) - 1, _first_year_after(day))}
    return {(code, period): float(value) for code, period, value in Observation.objects.filter(
        series__key=POPULATION, superseded_at__isnull=True, period_kind="year", area__code__in=codes,
        period__in=years).values_list("area__code", "period", "value")}


def _first_year_after(day: dt.date) -> int:
    """The year of the first 1 January on or after `day`: CBS counts the population on 1 January."""
    return day.year if (day.month, day.day) == (1, 1) else day.year + 1


def _whole(people: dict, heir: str, before_codes: list[str], day: dt.date) -> bool | None:
    """Whether the heir's population on the first 1 January on or after `day` is the sum of `before_codes`' of
    the 1 January before (its own among them when it went on), within WHOLE_WITHIN."""
    after = _first_year_after(day)
    before = [people.get((code, str(after - 1))) for code in before_codes]
    now = people.get((heir, str(after)))
    if now is None or any(v is None for v in before):
        return None
    return abs(now - sum(v for v in before if v is not None)) <= WHOLE_WITHIN * now


def apart_on(annexed: list[Annexation], day: dt.date) -> list[Annexation]:
    """The annexations not yet made on `day` (a period starting that day still had the others beside the heir)."""
    return [a for a in annexed if day < a.day]


class Figure(NamedTuple):
    """A count of a municipality taken in or formed from, as far as adding it up needs."""
    value: float
    status: str
    source: str
    series_id: int


@dataclass(frozen=True)
class TakenValues:
    """The counts of a source on each year's borders of the municipalities taken in or formed from: the only ones
    ever added up. By (code, series, period), with each (code, series)'s periods."""
    figures: dict[tuple[str, str, str], Figure]
    periods: dict[tuple[str, str], list[str]]

    def get(self, key: tuple[str, str, str]) -> Figure | None:
        return self.figures.get(key)


def taken_values(annexed: dict[str, list[Annexation]], period: str | None = None) -> TakenValues:
    """The current counts of a source on each year's borders of the municipalities taken in or formed from; only
    those of `period` when given (a year's comparison needs no more). Read as plain rows: the whole country's
    predecessors have thousands of them."""
    codes = {a.taken.code for items in annexed.values() for a in items}
    rows = Observation.objects.filter(area__code__in=codes, superseded_at__isnull=True, series__unit="count")
    if period is not None:
        rows = rows.filter(period=period)
    figures: dict[tuple[str, str, str], Figure] = {}
    periods: dict[tuple[str, str], list[str]] = defaultdict(list)
    each_year: dict[str, bool] = {}
    for code, key, when, value, status, source, series_id in rows.filter(_each_year_keys()).values_list(
            "area__code", "series__key", "period", "value", "status", "source", "series_id"):
        if each_year.setdefault(key, borders_of(key) == "each_year"):
            figures[(code, key, when)] = Figure(float(value), status, source, series_id)
            periods[(code, key)].append(when)
    return TakenValues(figures, dict(periods))


def _each_year_keys() -> Q:
    """The series of the tables on each year's borders, as a filter (`borders_of` has the last word)."""
    found = Q(pk__in=[])
    for table in tables().values():
        if table.borders == "each_year":
            for key in table.measures.values():
                found |= Q(series__key__startswith=key.split("{code}")[0]) if "{code}" in key else Q(series__key=key)
    return found


def formed_series(changes: dict[str, list[Annexation]], values: TakenValues) -> dict[str, dict[str, Series]]:
    """Per municipality formed anew, the series of a source on each year's borders that those it was formed from
    have figures of: it has none of its own for the years before, and gets their sum (`within_todays_borders`)."""
    heir_of = {a.taken.code: heir for heir, items in changes.items() for a in items if a.formed}
    wanted = {(heir_of[code], values.figures[(code, key, periods[0])].series_id)
              for (code, key), periods in values.periods.items() if code in heir_of}
    series = Series.objects.in_bulk({series_id for _heir, series_id in wanted}) if wanted else {}
    out: dict[str, dict[str, Series]] = defaultdict(dict)
    for heir, series_id in wanted:
        out[heir][series[series_id].key] = series[series_id]
    return dict(out)


def within_todays_borders(data: SeriesData, changes: list[Annexation], values: TakenValues) -> SeriesData:
    """A series of a source on each year's borders, for the heir: a period before it was formed anew given as the
    sum of those it was formed from, a period before an annexation added up with those taken in whole; or left out
    (in part, or a figure missing). Other series are returned as they are: a source on today's borders needs
    nothing, and one of unknown borders is said in the notice."""
    if data.unit != "count" or borders_of(data.key) != "each_year":
        return data
    annexed = [a for a in changes if not a.formed]
    formed = [a for a in changes if a.formed]
    points: list = []
    added_to: set[str] = set()
    left_out: list[str] = []
    with_before, made = _with_years_before(data, formed, values)
    for p in with_before:
        apart = apart_on(annexed, p.period.start)
        found = [values.get((a.taken.code, data.key, p.period.code)) for a in apart]
        if not apart:
            points.append(p)
        elif all(a.whole is True for a in apart) and all(o is not None for o in found):
            added = [o for o in found if o is not None]
            added_to.update(a.taken.name for a in apart)
            points.append(replace(p, value=p.value + sum(o.value for o in added),
                                  status="voorlopig" if any(o.status == "voorlopig" for o in added) else p.status,
                                  source=_("%(source)s; opgeteld met %(others)s (de grenzen van nu)") % {
                                      "source": p.source, "others": names_in_words([a.taken.name for a in apart])}))
        else:
            left_out.append(p.period.label)
    return replace(data, points=points, borders_note=_borders_note(sorted(added_to), left_out,
                                                                   _formed_note(formed) if made else ""))


def _with_years_before(data: SeriesData, formed: list[Annexation], values: TakenValues) -> tuple[list[Point], bool]:
    """The heir's own points, and for each period before it was formed anew that it has no figure of, the sum of
    those it was formed from: only when it was formed from them whole and each has a figure, as nothing is made
    up. A figure of its own (typed in for today's land) wins. Also whether any sum was made."""
    if not formed:
        return data.points, False
    own = {p.period.code for p in data.points}
    periods = {period for a in formed for period in values.periods.get((a.taken.code, data.key), ())} - own
    made = [point for period in periods if (point := _formed_point(data.key, period, formed, values)) is not None]
    return sorted([*data.points, *made], key=lambda p: (p.period.start, p.period.end)), bool(made)


def _formed_point(key: str, period: str, formed: list[Annexation], values: TakenValues) -> Point | None:
    """The sum of the figures of `period` of those the heir was formed from, or None (formed from parts, a figure
    missing, or a period from its own day on)."""
    found = [values.get((a.taken.code, key, period)) for a in formed]
    when = parse_period(period)
    if when.start >= formed[0].day or not all(a.whole is True for a in formed) or any(o is None for o in found):
        return None
    added = [o for o in found if o is not None]
    sources = ", ".join(dict.fromkeys(o.source for o in added))
    return Point(when, sum(o.value for o in added),
                 "voorlopig" if any(o.status == "voorlopig" for o in added) else "definitief", None,
                 _("%(source)s; opgeteld: %(others)s (de grenzen van nu)") % {
                     "source": sources, "others": names_in_words([a.taken.name for a in formed])})


def _formed_note(formed: list[Annexation]) -> str:
    """What the chart and the text did for the years before the heir was formed anew (the table has none)."""
    return _("De grafiek en de tekst geven de jaren vóór %(year)s als de som van %(others)s (de grenzen van nu)") % {
        "year": formed[0].day.year, "others": names_in_words([a.taken.name for a in formed])}


def _borders_note(added_to: list[str], left_out: list[str], formed: str = "") -> str:
    """What the chart and the text did with the stored figures (the table of a series shows them as stored)."""
    parts = [formed] if formed else []
    if added_to:
        parts.append(_("De grafiek en de tekst tellen eerdere jaren op met %(others)s (de grenzen van nu)") % {
            "others": names_in_words(added_to)})
    if left_out:
        parts.append(_("ze laten %(periods)s weg (toen een ander gebied)") % {"periods": names_in_words(left_out)}
                     if len(parts) else
                     _("De grafiek en de tekst laten %(periods)s weg (toen een ander gebied)") % {
                         "periods": names_in_words(left_out)})
    if not parts:
        return ""
    # after the first part "de grafiek" goes on the sentence: "…; de grafiek en de tekst tellen …"
    return "; ".join([parts[0], *(p[0].lower() + p[1:] for p in parts[1:])]) + "; " + _(
        "de tabel hieronder toont de cijfers zoals ze zijn opgeslagen.")


def year_within_todays_borders(out: dict[str, dict[str, float]], codes: list[str], year: int) -> None:
    """One year's values per series and area code, as `within_todays_borders` makes a series: a count of a source
    on each year's borders of a heir formed anew made from those it was formed from, and a heir's added up with
    those taken in whole (whose own entries then go: they are in the heir's), or left out; a count of unknown
    borders left out for a year before an annexation, as it cannot be set over a population of today's land.
    In place."""
    changes = border_changes(codes)
    if not changes:
        return
    values = taken_values(changes, str(year))
    start = dt.date(year, 1, 1)
    for key, by_area in out.items():
        borders = borders_of(key)
        if borders == "today":
            continue
        for heir, items in changes.items():
            formed = apart_on([a for a in items if a.formed], start)
            if formed and borders == "each_year" and heir not in by_area:
                _formed_value(by_area, heir, key, year, formed, values)
            _annexed_value(by_area, heir, key, year, apart_on([a for a in items if not a.formed], start),
                           borders, values)


def _formed_value(by_area: dict[str, float], heir: str, key: str, year: int, formed: list[Annexation],
                  values: TakenValues) -> None:
    """The heir's value of a year before it was formed anew: the sum of those it was formed from, whose own
    entries then go (a police unit's sum would count them twice). Nothing when it cannot be told."""
    found = [values.get((a.taken.code, key, str(year))) for a in formed]
    if all(a.whole is True for a in formed) and all(o is not None for o in found):
        by_area[heir] = sum(o.value for o in found if o is not None)
        for a in formed:
            by_area.pop(a.taken.code, None)


def _annexed_value(by_area: dict[str, float], heir: str, key: str, year: int, apart: list[Annexation],
                   borders: str, values: TakenValues) -> None:
    if heir not in by_area or not apart:
        return
    found = [values.get((a.taken.code, key, str(year))) for a in apart]
    if borders == "each_year" and all(a.whole is True for a in apart) and all(o is not None for o in found):
        by_area[heir] += sum(o.value for o in found if o is not None)
        for a in apart:
            by_area.pop(a.taken.code, None)
    else:
        del by_area[heir]


@dataclass(frozen=True)
class FormedCounts:
    """What IVB does with the population of the years before a municipality was formed anew: its notice says so."""
    whole: bool | None  # formed from the others whole (see `_whole`); None when IVB lacks the population to tell
    summed: tuple[int, ...]  # the years given as the sum of those it was formed from
    short: tuple[tuple[int, tuple[str, ...]], ...]  # formed whole, yet left out: (year, the names without a figure)
    own: tuple[int, ...]  # years before it has a figure of its own for (typed in for today's land)
    before: int  # the 1 January compared for "whole": the others' then, its own a year later
    found: bool  # whether IVB has any population of those it was formed from

    def has_population(self, year: int) -> bool:
        return year in self.summed or year in self.own


def formed_counts(area: Area, formed: list[Annexation]) -> FormedCounts | None:
    """What the series of `area` show for the population of the years before it was formed anew from `formed`
    (its entries of `formations`); None when it was not. One query."""
    if not formed:
        return None
    day, whole = formed[0].day, formed[0].whole
    names = {a.taken.code: a.taken.name for a in sorted(formed, key=lambda a: a.taken.name)}
    have: dict[int, set[str]] = defaultdict(set)
    for code, start in Observation.objects.filter(
            series__key=POPULATION, superseded_at__isnull=True, period_kind="year", period_start__lt=day,
            area__code__in=[area.code, *names]).values_list("area__code", "period_start"):
        have[start.year].add(code)
    own = tuple(sorted(y for y, codes in have.items() if area.code in codes))
    others = sorted(y for y in have if y not in own)
    summed = tuple(y for y in others if whole is True and have[y] >= set(names))
    short = tuple((y, tuple(n for c, n in names.items() if c not in have[y])) for y in others
                  if whole is True and y not in summed)
    return FormedCounts(whole, summed, short, own, _first_year_after(day) - 1, bool(others))
