"""Region figures: one figure for the municipalities of a joint policy together, computed from theirs by the
rule the policy file states. Only periods in which every member has a figure get a region figure: a sum over
part of the region is not the region's figure.

- sum: counts added over the members;
- population_weighted_mean: rates and percentages weighted by each member's population (cbs.inwoners) of the
  same year; a year without every member's population gets no figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ivb.domain.i18n import _, listed
from ivb.domain.observations import Point, SeriesData, counted_parts
from ivb.domain.periods import parse as parse_period, year_to_date

RULES = ("sum", "population_weighted_mean")


@dataclass(frozen=True)
class Member:
    code: str
    name: str
    series: dict[str, SeriesData]  # the member's observations, per series key
    # per series key, the periods of this member's provisional figures left out of the region figure (not published)
    held_back: dict[str, frozenset[str]] = field(default_factory=dict)


def names_in_words(names: list[str]) -> str:
    """'Bloemendaal, Heemstede en Zandvoort'."""
    return listed(names)


def method_text(rule: str, members: list[Member]) -> str:
    names = names_in_words([m.name for m in members])
    if rule == "sum":
        return _("som van %(names)s") % {"names": names}
    return _("gemiddelde van %(names)s, gewogen naar het aantal inwoners") % {"names": names}


def region_series(key: str, rule: str, members: list[Member], population_key: str = "cbs.inwoners") -> SeriesData:
    """The region's series `key` by `rule`, as a SeriesData named after the method."""
    if rule not in RULES:
        raise ValueError(f"onbekende regel '{rule}' voor een regiocijfer (bekend: {', '.join(RULES)})")
    present = [m.series.get(key) for m in members]
    first = next((s for s in present if s is not None), None)
    method = method_text(rule, members)
    waiting = [m.name for m in members if key in m.held_back]
    if waiting:  # a typed-in provisional figure is not published: no member's counts until it is definitive
        # Walk CF: said of every provisional figure, beside sums of provisional open data (which count).
        method += "; " + _("zelf ingevoerde voorlopige cijfers van %(names)s tellen pas mee als ze definitief zijn") % {
            "names": names_in_words(waiting)}
    # A sum or mean over some members only would pass for the region's: without a member's figures, none.
    empty = [m for m, s in zip(members, present, strict=True) if s is None or not s.points]
    # A member whose figures are all provisional has some, not none (review: "Van Heiloo zijn er nog geen cijfers"
    # beside Heiloo's own table of provisional figures).
    missing = [m.name for m in empty if not m.held_back.get(key)]
    pending = [m.name for m in empty if m.held_back.get(key)]
    if first is None or any(s is None for s in present):
        points: list[Point] = []
    elif rule == "sum":
        points = _sum([s for s in present if s is not None])
    else:
        points = _weighted([m.series.get(population_key) for m in members], [s for s in present if s is not None])
    breaks = sorted({b for s in present if s is not None for b in s.breaks})
    lacking, unconfirmed = _lacking(key, members, present, points)
    # Members count the same series, so a known break has the same size in each: one per date.
    known = sorted({k.date: k for s in reversed(present) if s is not None for k in s.known_breaks}.values(),
                   key=lambda k: k.date)
    return SeriesData(f"regio:{key}", first.name if first else key, first.unit if first else "count",
                      first.aggregation if first else "sum", points, breaks, source=method, method=method,
                      known_breaks=known, missing=names_in_words(missing) if missing else "",
                      pending=names_in_words(pending) if pending else "",
                      lacking=lacking, unconfirmed=unconfirmed)


def _lacking(key: str, members: list[Member], present: list[SeriesData | None],
             points: list[Point]) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Per period some members have and the region has not (it needs all of them): the members without it
    (`lacking`), and those whose figure of it is still provisional (`unconfirmed`). A page then says whose month
    is missing (walk AF: "van 2024 ontbreekt juli", of Teylingen only), and who has one that does not count yet
    (walk AJ: "Bergen heeft er nog geen cijfer van" where Bergen had a provisional one)."""
    if not points:
        return {}, {}
    have = [set(_by_period(s)) if s is not None else set() for s in present]
    months = [_months_counted(s) if s is not None else {} for s in present]
    held = [m.held_back.get(key, frozenset()) for m in members]
    shown = {p.period.code for p in points}
    lacking, unconfirmed = {}, {}
    for code in set().union(*have, *held) - shown:
        period = parse_period(code)
        # A member has a period it counts in other pieces too (walk BK: Oss by the month, Bernheze "t/m oktober",
        # Maashorst "t/m september": all three were named as lacking October, where only Maashorst did).
        lacking[code] = tuple(m.name for m, mine, counted, back in zip(members, have, months, held, strict=True)
                              if code not in mine and code not in back
                              and not set(period.counted_months) <= counted.get(period.year, set()))
        unconfirmed[code] = tuple(m.name for m, back in zip(members, held, strict=True) if code in back)
    return lacking, unconfirmed


def _months_counted(series: SeriesData) -> dict[int, set[int]]:
    """Per year, the months some figure of `series` counts (a yearly figure all twelve)."""
    out: dict[int, set[int]] = {}
    for p in series.points:
        out.setdefault(p.period.year, set()).update(p.period.counted_months)
    return out


def _by_period(series: SeriesData) -> dict[str, Point]:
    return {p.period.code: p for p in series.points}


def _common(all_points: list[dict[str, Point]]) -> list[str]:
    codes = set(all_points[0])
    for points in all_points[1:]:
        codes &= set(points)
    return sorted(codes, key=lambda c: (all_points[0][c].period.end, all_points[0][c].period.start))


def _status(points: list[Point]) -> str:
    return "voorlopig" if any(p.status == "voorlopig" for p in points) else "definitief"


def _sum(present: list[SeriesData]) -> list[Point]:
    by_member = [_by_period(s) for s in present]
    out = []
    for code in _common(by_member):
        items = [m[code] for m in by_member]
        out.append(Point(items[0].period, sum(p.value for p in items), _status(items)))
    codes = {p.period.code for p in out}  # a period every member has by its own code is summed once (a review)
    return sorted(out + [p for p in _years_so_far(present, {p.period.year for p in out if p.period.kind == "year"})
                         if p.period.code not in codes], key=lambda p: (p.period.end, p.period.start))


def _years_so_far(present: list[SeriesData], whole: set[int]) -> list[Point]:
    """The region's year so far where members count it in different pieces (walk BB: Teylingen's "2026-Q1" or
    "2026 t/m juni" beside the others' months shared no period, and nothing of 2026 reached the region): per year
    without a yearly figure of all, the months every member counts in pieces that lie wholly inside them, summed.
    Only where some member has a quarter or a year-to-date figure: months alone are summed month by month."""
    out = []
    years = {p.period.year for s in present for p in s.points if p.period.kind in ("quarter", "ytd")} - whole
    for y in sorted(years):
        # A member with several year-to-date figures may be counted by any of them (walk BK: Bernheze's "t/m
        # oktober" beside Maashorst's "t/m september" left the region without 2026, where Bernheze had "t/m
        # september" too): the way that reaches furthest for all is taken.
        options = [_ways_to_count([p for p in s.points if p.period.year == y]) for s in present]
        # Per last month, each member by its way that counts most months up to it: the members choose apart, so
        # twelve tries, not every combination (a review: five members with monthly "t/m" figures made 10⁵).
        shared, inside = max((_shared_months([max((_up_to(way, last) for way in ways), key=_months_in)
                                              for ways in options]) for last in range(12, 0, -1)),
                             key=lambda found: (1 in found[0], max(found[0], default=0), len(found[0])))
        if 1 not in shared:
            continue
        last = max(shared)
        period = year_to_date(y, last, tuple(m for m in range(1, last + 1) if m not in shared))
        out.append(Point(period, sum(p.value for p in inside), _status(inside)))
    return out


def _ways_to_count(items: list[Point]) -> list[list[Point]]:
    """The ways a member's figures of one year can be counted, each month once: as `counted_parts` takes them,
    and from each of its year-to-date figures with the months after it."""
    others = [p for p in items if p.period.kind != "ytd"]
    ways = [counted_parts(items)] + [counted_parts([*others, p]) for p in items if p.period.kind == "ytd"]
    return list({tuple(p.period.code for p in way): way for way in ways}.values())


def _up_to(way: list[Point], last: int) -> list[Point]:
    return [p for p in way if p.period.last_month <= last]


def _months_in(pieces: list[Point]) -> int:
    return len({m for p in pieces for m in p.period.counted_months})


def _shared_months(parts: list[list[Point]]) -> tuple[set[int], list[Point]]:
    """The months every member counts in pieces wholly inside them, and those pieces."""
    shared = set(range(1, 13))
    for mine in parts:
        shared &= {m for p in mine for m in p.period.counted_months}
    while True:  # a piece partly outside the shared months cannot be split: its months go too
        split = {m for mine in parts for p in mine if not set(p.period.counted_months) <= shared
                 for m in p.period.counted_months} & shared
        if not split:
            break
        shared -= split
    return shared, [p for mine in parts for p in mine if set(p.period.counted_months) <= shared]


def _weighted(population: list[SeriesData | None], present: list[SeriesData]) -> list[Point]:
    if any(p is None for p in population):
        return []
    by_member = [_by_period(s) for s in present]
    people = [{p.period.year: p.value for p in s.points if p.period.kind == "year"} for s in population if s is not None]
    out = []
    for code in _common(by_member):
        items = [m[code] for m in by_member]
        year = items[0].period.year
        found = [w.get(year) for w in people]
        weights = [w for w in found if w is not None]
        if len(weights) < len(found) or sum(weights) <= 0:
            continue
        value = sum(p.value * w for p, w in zip(items, weights, strict=True)) / sum(weights)
        margins = [p.margin for p in items if p.margin is not None]
        # Members' samples are independent: the margin of a weighted mean combines theirs.
        margin = (sum((m * w) ** 2 for m, w in zip(margins, weights, strict=True)) ** 0.5 / sum(weights)
                  if len(margins) == len(items) else None)
        out.append(Point(items[0].period, value, _status(items), margin))
    return out
