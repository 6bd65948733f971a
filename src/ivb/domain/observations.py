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
        # The year-to-date figure that reaches furthest ("t/m oktober" over "t/m september"), whatever the order,
        # with the months after it; it holds a month the months alone lack ("t/m juni" beside all but June).
        ytd = max((p for p in items if p.period.kind == "ytd"), key=lambda p: p.period.last_month, default=None)
        if ytd is not None and (covered is None or ytd.period.last_month >= covered.period.last_month
                                or any(m <= ytd.period.last_month for m in covered.period.without)):
            out.append(_months_sum(items, ytd) or ytd)
        elif covered is not None:
            out.append(covered)
    return out


def _months_sum(items: list[Point], base: Point | None = None) -> Point | None:
    """The sum of the months (or quarters) of a year from January, each month once, as one point; months missing
    before the last one present are named in its period. None without January. With `base` (a year-to-date
    figure), that figure and the months after it."""
    # A quarter before the months it holds, so that the months one of them lacks do not push it out.
    parts = sorted((p for p in items if p.period.kind in ("month", "quarter")),
                   key=lambda p: (p.period.start, -p.period.months))
    covered: set[int] = set()
    total, status = 0.0, "definitief"
    sources: dict[str, None] = {}  # in the order of the months, each once
    if base is not None:
        covered = set(range(1, base.period.last_month + 1))
        total, status = base.value, base.status
        sources[base.source] = None
        parts = [p for p in parts if p.period.first_month > base.period.last_month]
        if not parts:
            return base
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
        run = _months_sum([p for p in items if set(range(p.period.first_month, p.period.last_month + 1)) <= wanted])
        if run is not None and (run.period.last_month, run.period.without) == (ytd.last_month, ytd.without):
            out[y] = run.value
    return dict(sorted(out.items()))
