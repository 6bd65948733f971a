"""Municipalities that took in (part of) another while going on under their own code (ADR 0039).

Noordwijk took in Noordwijkerhout on 1 January 2019; Oisterwijk got part of Haaren on 1 January 2021, the rest
went to Vught, Boxtel and Tilburg; Amsterdam took in Weesp on 24 March 2022. The reference data names one
successor either way, so whether a municipality was taken in whole is read from CBS's population: after a whole
annexation the heir's population on 1 January is about its own plus the other's a year before.

A source that gives each year's municipalities as they were (`opendata_tables.borders_of`: CBS's population,
83648NED) has, for the years before, a smaller heir and the other one beside it. Such counts are added up
(taken in whole) or left out (in part, or without the other's figure): never shown as the heir's own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from ivb.domain.i18n import _
from ivb.domain.observations import SeriesData
from ivb.domain.opendata_tables import borders_of
from ivb.domain.region import names_in_words
from ivb.store.models import Area, Observation

POPULATION = "cbs.inwoners"
WHOLE_WITHIN = 0.05  # the heir's population after, against its own plus the others' before: 5% leaves room for a year's growth


@dataclass(frozen=True)
class Annexation:
    heir: str  # the code that went on
    taken: Area
    day: dt.date  # the first day as part of the heir
    whole: bool | None  # taken in whole, as the population shows; None when IVB lacks the population to tell


def was_taken_in(predecessor: Area, heir: Area) -> bool:
    """Whether `predecessor` ended in `heir` while `heir` already existed (not a merger into a new one)."""
    ended = predecessor.valid_until
    return ended is not None and (heir.valid_from is None or heir.valid_from <= ended)


def annexations(codes: list[str]) -> dict[str, list[Annexation]]:
    """Per heir code, the municipalities it took in, oldest first."""
    taken = [a for a in Area.objects.filter(successor__code__in=codes, valid_until__isnull=False)
             .select_related("successor") if a.successor is not None and was_taken_in(a, a.successor)]
    if not taken:
        return {}
    people = {(code, period): float(value) for code, period, value in Observation.objects.filter(
        series__key=POPULATION, superseded_at__isnull=True, period_kind="year",
        area__code__in={a.code for a in taken} | {a.successor.code for a in taken if a.successor})
        .values_list("area__code", "period", "value")}
    by_day: dict[tuple[str, dt.date], list[Area]] = defaultdict(list)
    for a in taken:
        assert a.successor is not None and a.valid_until is not None  # as filtered
        by_day[(a.successor.code, a.valid_until + dt.timedelta(days=1))].append(a)
    out: dict[str, list[Annexation]] = defaultdict(list)
    for (heir, day), others in sorted(by_day.items(), key=lambda item: item[0][1]):
        whole = _whole(people, heir, [a.code for a in others], day)
        out[heir] += [Annexation(heir, a, day, whole) for a in sorted(others, key=lambda a: a.name)]
    return dict(out)


def _whole(people: dict, heir: str, others: list[str], day: dt.date) -> bool | None:
    """Whether the heir's population on the first 1 January on or after `day` is its own plus the others' of the
    1 January before, within WHOLE_WITHIN."""
    after = day.year if (day.month, day.day) == (1, 1) else day.year + 1
    before = [people.get((code, str(after - 1))) for code in [heir, *others]]
    now = people.get((heir, str(after)))
    if now is None or any(v is None for v in before):
        return None
    return abs(now - sum(v for v in before if v is not None)) <= WHOLE_WITHIN * now


def apart_on(annexed: list[Annexation], day: dt.date) -> list[Annexation]:
    """The annexations not yet made on `day` (a period starting that day still had the others beside the heir)."""
    return [a for a in annexed if day < a.day]


def taken_values(annexed: dict[str, list[Annexation]]) -> dict[tuple[str, str, str], Observation]:
    """The current counts of the municipalities taken in, by (code, series, period)."""
    codes = {a.taken.code for items in annexed.values() for a in items}
    return {(o.area.code, o.series.key, o.period): o for o in Observation.objects.filter(
        area__code__in=codes, superseded_at__isnull=True, series__unit="count").select_related("series", "area")}


def within_todays_borders(data: SeriesData, annexed: list[Annexation], values: dict) -> SeriesData:
    """A series of a source on each year's borders, for the heir: a period before an annexation added up with
    those taken in whole, or left out (taken in part, or a figure missing). Other series are returned as they are:
    a source on today's borders needs nothing, and one of unknown borders is said in the notice."""
    if data.unit != "count" or borders_of(data.key) != "each_year":
        return data
    points: list = []
    added_to: set[str] = set()
    left_out: list[str] = []
    for p in data.points:
        apart = apart_on(annexed, p.period.start)
        found = [values.get((a.taken.code, data.key, p.period.code)) for a in apart]
        if not apart:
            points.append(p)
        elif all(a.whole is True for a in apart) and all(o is not None for o in found):
            added = [o for o in found if o is not None]
            added_to.update(a.taken.name for a in apart)
            points.append(replace(p, value=p.value + sum(float(o.value) for o in added),
                                  status="voorlopig" if any(o.status == "voorlopig" for o in added) else p.status,
                                  source=_("%(source)s; opgeteld met %(others)s (de grenzen van nu)") % {
                                      "source": p.source, "others": names_in_words([a.taken.name for a in apart])}))
        else:
            left_out.append(p.period.label)
    return replace(data, points=points, borders_note=_borders_note(sorted(added_to), left_out))


def _borders_note(added_to: list[str], left_out: list[str]) -> str:
    """What the chart and the text did with the stored figures (the table of a series shows them as stored)."""
    parts = []
    if added_to:
        parts.append(_("De grafiek en de tekst tellen eerdere jaren op met %(others)s (de grenzen van nu)") % {
            "others": names_in_words(added_to)})
    if left_out:
        parts.append(_("ze laten %(periods)s weg (toen een ander gebied)") % {"periods": names_in_words(left_out)}
                     if added_to else
                     _("De grafiek en de tekst laten %(periods)s weg (toen een ander gebied)") % {
                         "periods": names_in_words(left_out)})
    if not parts:
        return ""
    return "; ".join(parts) + "; " + _("de tabel hieronder toont de cijfers zoals ze zijn opgeslagen.")


def year_within_todays_borders(out: dict[str, dict[str, float]], codes: list[str], year: int) -> None:
    """One year's values per series and area code, as `within_todays_borders` makes a series: a heir's count of a
    source on each year's borders added up with those taken in whole (whose own entries then go: they are in the
    heir's) or left out; a count of unknown borders left out for a year before an annexation, as it cannot be set
    over a population of today's land. In place."""
    annexed = annexations(codes)
    if not annexed:
        return
    values = taken_values(annexed)
    start = dt.date(year, 1, 1)
    for key, by_area in out.items():
        borders = borders_of(key)
        if borders == "today":
            continue
        for heir, items in annexed.items():
            apart = apart_on(items, start)
            if heir not in by_area or not apart:
                continue
            found = [values.get((a.taken.code, key, str(year))) for a in apart]
            if borders == "each_year" and all(a.whole is True for a in apart) and all(o is not None for o in found):
                by_area[heir] += sum(float(o.value) for o in found if o is not None)
                for a in apart:
                    by_area.pop(a.taken.code, None)
            else:
                del by_area[heir]
