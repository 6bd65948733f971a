"""Observations as the domain sees them: plain values with their period, no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ivb.domain.periods import Period, month_name, year_to_date


@dataclass(frozen=True)
class Point:
    period: Period
    value: float
    status: str = "definitief"
    margin: float | None = None  # half the 95% interval, as surveys state it
    source: str = ""


@dataclass(frozen=True)
class KnownBreak:
    """A break whose size is known from elsewhere (the police counting rule of 1 July 2018, estimated on the
    national monthly figures): from `date` the series counts `factor` times what the old rule would have
    counted. A trend fit corrects for it instead of estimating a step (see `ivb.domain.series_breaks`)."""

    date: dt.date
    factor: float
    reason: str = ""  # in plain words, completing "Sinds 1 juli 2018 ...": "telt de politie misdrijven anders"


@dataclass
class SeriesData:
    """All observations of one series for one area."""

    key: str
    name: str
    unit: str
    aggregation: str
    points: list[Point]
    breaks: list[dt.date] = field(default_factory=list)  # recorded by hand, size unknown: a free step in the fit
    source: str = ""  # who publishes the series, as shown after "Bron:"
    monitored: bool = False  # one of the standard set every picture follows (monitored-series.yaml)
    context: bool = False  # describes the place (population), never judged as safety
    method: str = ""  # how a computed series was made, e.g. "som van Bloemendaal, Heemstede en Zandvoort"
    linked: bool = False  # carried only because it measures what another series measures (see store.links)
    known_breaks: list[KnownBreak] = field(default_factory=list)  # with a known size: corrected for, no step
    removed_breaks: list[tuple[dt.date, str]] = field(default_factory=list)  # known breaks taken away, and why
    # earlier years added up with, or left out for, municipalities taken in (store.annexations): said in words
    borders_note: str = ""
    missing: str = ""  # a region series: the members without any figure of it, in words ("Gennep en Mook")
    pending: str = ""  # a region series: the members with provisional figures only, in words (not counted yet)
    lacking: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a region series: period -> members without it
    # a region series: period -> members whose figure of it is still provisional (held back until definitive)
    unconfirmed: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def latest(self) -> Point | None:
        return max(self.points, key=lambda p: (p.period.end, p.period.start), default=None)


def annual_points(points: list[Point], until_year: int | None = None) -> list[Point]:
    """One point per year: the year's own figure, or the sum of its months or quarters.

    Months from January add up to a year-to-date figure; a year with all twelve is a full year. A month missing
    in between is left out of the sum and named in its period ("2026 t/m september zonder juni"): the months
    after it still count (walks AY and BA: without June, July to September were dropped), and the maths takes
    the figure as the part of a year its months hold (`seasonal.profile_for`). A year that has neither a yearly
    figure nor January is left out: the maths never guesses missing months.
    """
    if until_year is not None:
        points = [p for p in points if p.period.year <= until_year]
    years = [p.period.year for p in points]
    if all(p.period.kind == "year" for p in points) and len(set(years)) == len(years):
        return sorted(points, key=lambda p: p.period.year)  # the common case: nothing to add up
    by_year: dict[int, list[Point]] = {}
    for p in points:
        by_year.setdefault(p.period.year, []).append(p)
    out = []
    for y in sorted(by_year):
        parts = counted_parts(by_year[y])
        if parts:
            out.append(parts[0] if len(parts) == 1 and parts[0].period.kind in ("year", "ytd") else _added(parts))
    return out


def counted_parts(items: list[Point]) -> list[Point]:
    """The figures of one year that its figure counts (`annual_points`), each month once: the yearly figure; else a
    year-to-date figure with the months after it, or the months and quarters from January; [] without January.

    The year-to-date figure that reaches furthest ("t/m oktober" over "t/m september"), whatever the order, is
    taken when the months reach no further, or lack a month it holds ("t/m juni" beside all months but June). A
    quarter goes before the months it holds, so that a month one of them lacks does not push it out."""
    full = [p for p in items if p.period.kind == "year"]
    if full:
        return full[:1]
    pieces = sorted((p for p in items if p.period.kind in ("month", "quarter")),
                    key=lambda p: (p.period.start, -p.period.months))
    months = _without_overlap(pieces, set())
    covered = {m for p in months for m in p.period.counted_months}
    ytd = max((p for p in items if p.period.kind == "ytd"), key=lambda p: p.period.last_month, default=None)
    if ytd is not None and (1 not in covered or ytd.period.last_month >= max(covered)
                            or any(m not in covered for m in range(1, ytd.period.last_month + 1))):
        return [ytd, *_without_overlap([p for p in pieces if p.period.first_month > ytd.period.last_month],
                                       set(ytd.period.counted_months))]
    return months if 1 in covered else []


def _without_overlap(pieces: list[Point], covered: set[int]) -> list[Point]:
    """`pieces` in order, less each that shares a month with `covered` or with one taken before it."""
    out = []
    for p in pieces:
        months = set(p.period.counted_months)
        if months & covered:
            continue  # a quarter and its months both present: count once
        covered |= months
        out.append(p)
    return out


def _added(parts: list[Point]) -> Point:
    """`parts` of one year (`counted_parts`) as one figure: January up to the last month they reach, without the
    months none of them holds. Provisional if any part is; the parts' own source (walk BA: months typed in from the
    local police team read "Bron: Politie (via CBS)", the series' usual source), several in their order, and none
    when a part says none (the series' source then stands)."""
    covered = {m for p in parts for m in p.period.counted_months}
    last = max(covered)
    sources = list(dict.fromkeys(p.source for p in parts))
    status = "voorlopig" if any(p.status == "voorlopig" for p in parts) else "definitief"
    without = tuple(m for m in range(1, last + 1) if m not in covered)
    return Point(year_to_date(parts[0].period.year, last, without), sum(p.value for p in parts), status,
                 source="; ".join(sources) if all(sources) else "")


@dataclass(frozen=True)
class MonthGap:
    """A year without a yearly figure whose months have some missing before the last one present: the year counts
    the months there are (`annual_points`), and a reader is told which are missing, so they can be entered."""

    year: int
    missing: tuple[int, ...]  # the months absent between January and the last month present
    who: tuple[tuple[str, ...], ...] = ()  # a region figure: per missing month, the members without it
    provisional: tuple[tuple[str, ...], ...] = ()  # a region figure: per missing month, members whose figure is held
    region: bool = False

    @property
    def sentence(self) -> str:
        """"Let op: van 2023 ontbreekt november; het cijfer van 2023 telt de andere maanden." For a region, per month
        whose it is (review: "juli en september van Teylingen" where September was Hillegom's), or whose figure is
        still provisional (ADR 0044)."""
        from ivb.domain.i18n import _, listed

        who = self.who or tuple(() for _m in self.missing)
        held = self.provisional or tuple(() for _m in self.missing)
        lacking, waiting, waiting_members = [], [], 0
        for month, lacks, holds in zip(self.missing, who, held, strict=True):
            if holds and not lacks:
                waiting.append(_("%(month)s van %(who)s") % {"month": month_name(month), "who": listed(list(holds))})
                waiting_members += len(holds)
            else:
                lacking.append(_("%(month)s van %(who)s") % {"month": month_name(month), "who": listed(list(lacks))}
                               if lacks else month_name(month))
        values = {"year": self.year, "lacking": listed(lacking), "waiting": listed(waiting)}
        pieces = []
        if lacking:
            pieces.append((_("van %(year)s ontbreekt %(lacking)s") if len(lacking) == 1 else
                           _("van %(year)s ontbreken %(lacking)s")) % values)
        if waiting:
            pieces.append((_("van %(year)s telt %(waiting)s nog niet mee, want dat cijfer is nog voorlopig")
                           if waiting_members == 1 else
                           _("van %(year)s tellen %(waiting)s nog niet mee, want die cijfers zijn nog voorlopig"))
                          % values)
        end = (_("het regiocijfer van %(year)s telt de andere maanden") if self.region else
               _("het cijfer van %(year)s telt de andere maanden")) % values
        return _("Let op: %(what)s.") % {"what": "; ".join([*pieces, end])}


def _month_list(months: tuple[int, ...]) -> str:
    from ivb.domain.i18n import listed

    return listed([month_name(m) for m in months])


def month_gaps(points: list[Point], lacking: dict[str, tuple[str, ...]] | None = None,
               unconfirmed: dict[str, tuple[str, ...]] | None = None) -> dict[int, MonthGap]:
    """Per year of `points` whose figure (`annual_points`) leaves out months before its last one: which, so a reader
    is told (the year's figure is not the sum of every month before it). `lacking`: for a region figure, the
    members without a period (`SeriesData.lacking`); `unconfirmed`: those whose figure is held back."""
    out = {}
    region = lacking is not None or unconfirmed is not None
    for point in annual_points(points):
        missing = point.period.without
        if missing:
            y = point.period.year
            codes = [f"{y}-{m:02d}" for m in missing]
            out[y] = MonthGap(y, missing, tuple((lacking or {}).get(c, ()) for c in codes),
                              tuple((unconfirmed or {}).get(c, ()) for c in codes), region)
    return out


def same_months(points: list[Point], ytd: Period) -> dict[int, float]:
    """Per earlier year, the value of the same months as `ytd` (January up to its last month, without the months
    it is without), where known."""
    out: dict[int, float] = {}
    by_year: dict[int, list[Point]] = {}
    for p in points:
        if p.period.year < ytd.year:
            by_year.setdefault(p.period.year, []).append(p)
    for y, items in by_year.items():
        exact = [p for p in items if p.period.kind == "ytd" and p.period.last_month == ytd.last_month
                 and p.period.without == ytd.without]
        if exact:
            out[y] = exact[0].value
            continue
        wanted = set(ytd.counted_months)
        parts = counted_parts([p for p in items if set(p.period.counted_months) <= wanted])
        run = _added(parts) if parts else None
        if run is not None and (run.period.last_month, run.period.without) == (ytd.last_month, ytd.without):
            out[y] = run.value
    return dict(sorted(out.items()))
