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
        items = by_year[y]
        full = [p for p in items if p.period.kind == "year"]
        if full:
            out.append(full[0])
            continue
        covered = _months_sum(items)
        # The year-to-date figure that reaches furthest ("t/m oktober" over "t/m september"), whatever the order;
        # one given whole over months with one missing that reach as far.
        ytd = max((p for p in items if p.period.kind == "ytd"), key=lambda p: p.period.last_month, default=None)
        if ytd is not None and (covered is None or ytd.period.last_month >= covered.period.last_month):
            out.append(ytd)
        elif covered is not None:
            out.append(covered)
    return out


def _months_sum(items: list[Point]) -> Point | None:
    """The sum of the months (or quarters) of a year from January, each month once, as one point; months missing
    before the last one present are named in its period. None without January."""
    parts = sorted((p for p in items if p.period.kind in ("month", "quarter")), key=lambda p: p.period.start)
    covered: set[int] = set()
    total, status = 0.0, "definitief"
    sources: dict[str, None] = {}  # in the order of the months, each once
    for p in parts:
        months = set(range(p.period.first_month, p.period.last_month + 1))
        if months & covered:
            continue  # a quarter and its months both present: count once
        covered |= months
        total += p.value
        status = "voorlopig" if p.status == "voorlopig" else status
        sources.setdefault(p.source, None)
    if 1 not in covered:
        return None
    last = max(covered)
    # The months' own source (walk BA: months typed in from the local police team read "Bron: Politie (via CBS)",
    # the series' usual source); several in the order of the months; none said, the series' source stands.
    source = "; ".join(s for s in sources if s) if all(sources) else ""
    without = tuple(m for m in range(1, last + 1) if m not in covered)
    return Point(year_to_date(parts[0].period.year, last, without), total, status, source=source)


@dataclass(frozen=True)
class MonthGap:
    """A year without a yearly figure whose months have one missing before the last one present: the year counts
    the months there are (`annual_points`), and a reader is told which is missing, so it can be entered."""

    year: int
    missing: tuple[int, ...]  # the months absent between January and the last month present
    who: tuple[str, ...] = ()  # a region figure: the members whose first missing month it is
    provisional: tuple[str, ...] = ()  # a region figure: the members whose figure of that month is still provisional

    @property
    def sentence(self) -> str:
        """"Let op: van 2023 ontbreekt november; het cijfer van 2023 telt de andere maanden." The year's figure is
        not what a reader expects of the months in the table: say which is missing."""
        from ivb.domain.i18n import _

        from ivb.domain.i18n import listed

        values = {"year": self.year, "missing": _month_list(self.missing), "who": listed(list(self.who))}
        if self.provisional and not self.who:  # the members have it, but not yet definitive (ADR 0044)
            values["who"] = listed(list(self.provisional))
            return (_("Let op: van %(year)s telt %(missing)s nog niet mee, want de cijfers van %(who)s zijn nog "
                      "voorlopig; het regiocijfer van %(year)s telt de andere maanden.") if len(self.provisional) > 1
                    else _("Let op: van %(year)s telt %(missing)s nog niet mee, want het cijfer van %(who)s is nog "
                           "voorlopig; het regiocijfer van %(year)s telt de andere maanden.")) % values
        if self.who:  # the region's month is missing because a member's is: say whose, so it can be asked for
            return _("Let op: van %(year)s ontbreekt %(missing)s van %(who)s; het regiocijfer van %(year)s telt de "
                     "andere maanden.") % values
        return _("Let op: van %(year)s ontbreekt %(missing)s; het cijfer van %(year)s telt de andere maanden.") % values


def _month_list(months: tuple[int, ...]) -> str:
    from ivb.domain.i18n import listed

    return listed([month_name(m) for m in months])


def month_gaps(points: list[Point], lacking: dict[str, tuple[str, ...]] | None = None,
               unconfirmed: dict[str, tuple[str, ...]] | None = None) -> dict[int, MonthGap]:
    """Per year of `points` that `annual_points` counts only up to a missing month: which months are missing and
    which are left out after them. A reader must be told: the year's figure is not the sum of its months.
    `lacking`: for a region figure, the members without a period (`SeriesData.lacking`)."""
    by_year: dict[int, list[Point]] = {}
    for p in points:
        by_year.setdefault(p.period.year, []).append(p)
    out = {}
    for y, items in by_year.items():
        if any(p.period.kind in ("year", "ytd") for p in items):
            continue  # a yearly or year-to-date figure of its own is used as given
        covered = {m for p in items if p.period.kind in ("month", "quarter")
                   for m in range(p.period.first_month, p.period.last_month + 1)}
        if not covered or 1 not in covered:
            continue  # no run from January: annual_points leaves the year out, and says nothing of it
        last = max(covered)
        missing = tuple(m for m in range(1, last + 1) if m not in covered)
        if missing:
            code = f"{y}-{missing[0]:02d}"
            who, held = (lacking or {}).get(code, ()), (unconfirmed or {}).get(code, ())
            out[y] = MonthGap(y, missing, who, held)
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
        run = _months_sum([p for p in items if set(range(p.period.first_month, p.period.last_month + 1)) <= wanted])
        if run is not None and (run.period.last_month, run.period.without) == (ytd.last_month, ytd.without):
            out[y] = run.value
    return dict(sorted(out.items()))
