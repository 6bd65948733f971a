"""The back-test of year-to-date estimates: a year under way completed from the months counted, set beside the
real whole year.

The real monthly police counts are national only (CBS 47022NED). Each crime type's months are walked forward:
for every year with at least `seasonal.OWN_MIN_YEARS` whole years before it and every month January..m (m = 1
to 11), IVB completes the year as a page would, with the series' own profile learned on the earlier years only
(`seasonal.profile_for`), once with a trend (`trend.fit_points` over the newest seven calendar years, the part
year as its season, then `projection.project_year`) and once at the pace of the months counted
(`projection.from_year_so_far`, for a series with too few years for a trend).

The whole country's counts are far larger than any municipality's, so their interval is nearly all the
uncertainty of the season and the trend. To see a municipality's size as well, the same months are thinned: each
registered crime is kept with chance `fraction` (a binomial draw, seeded), which keeps the real seasons, the real
years and the real shocks and adds the scatter of a smaller count. What thinning cannot add is what is local: a
municipality's own seasons and shocks. On thinned months the interval is therefore, if anything, too wide.

No Django: `ivb backtest --year-to-date` reads the file and calls this.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from ivb.domain import seasonal
from ivb.domain.backtest import BINS, TARGETS, Reliability, reliability
from ivb.domain.observations import Point
from ivb.domain.periods import parse, year, year_to_date
from ivb.domain.projection import (
    Projection,
    beyond_counts,
    chance_of,
    complete_year,
    decided,
    from_year_so_far,
    printed,
    project_year,
)
from ivb.domain.series_breaks import known_breaks
from ivb.domain.trend import MIN_EXPECTED_PER_YEAR, Trend, fit_series
from ivb.domain.vocabulary import Operator

# The whole country; a large city's share of it (Den Haag's police count is some 3% of the country's); a
# municipality of about 35.000 inhabitants (0,2%: Lisse is 0,13%).
FRACTIONS = (1.0, 0.03, 0.002)
PATHS = ("trend", "pace")  # completed with a trend (`project_year`), or at the pace of the months (`from_year_so_far`)
SEED = 2018


@dataclass(frozen=True)
class MonthCase:
    code: str
    fraction: float
    year: int
    month: int  # January..month counted
    path: str
    actual: float  # the real whole year
    expected: float
    low: float
    high: float
    chances: tuple[tuple[float, bool], ...]  # per target of TARGETS (from the year before): printed chance, met
    per_year: float  # the crime type's mean count a year before this one, at this size


def run(counts: Mapping[str, Mapping[tuple[int, int], float]], fractions: tuple[float, ...] = FRACTIONS,
        seed: int = SEED, predictive: bool = True, complete: bool = True,
        progress: Callable[[int, int], None] | None = None) -> list[MonthCase]:
    """Every year-to-date estimate of every crime type with twelve months in every year, of each year whose years
    before held at least `trend.MIN_EXPECTED_PER_YEAR` a year, thinned (smaller counts are projected at their
    level, ADR 0046). `predictive`:
    the profile's share as a prediction from the years it rests on (`seasonal.Profile.predictive_sd`); False for
    the sd of those years alone (the measure before that was added). `complete`: the trend's year completed as
    pages do (`projection.complete_year`); False for the rest projected on the trend fitted with the part year
    (`project_year`, as until ADR 0047). `progress(done, total)`: after each size."""
    rng = np.random.default_rng(seed)
    out: list[MonthCase] = []
    for fraction in fractions:
        jobs: list[_Job] = []
        for code in sorted(counts):
            months = _complete(counts[code])
            if months is None:
                continue
            if fraction < 1.0:
                months = {k: float(rng.binomial(int(v), fraction)) for k, v in sorted(months.items())}
            jobs.extend(_jobs(code, months, fraction, predictive))
        if not jobs:
            continue
        fits = fit_series([j.points for j in jobs], [[] for _ in jobs], [j.breaks for j in jobs],
                          functools.partial(_shares, jobs))
        for job, trend in zip(jobs, fits, strict=True):
            if trend.fit is not None:
                out.append(_case(job, "trend", _with_trend(trend, job, complete)))
            out.append(_case(job, "pace", from_year_so_far(job.known, job.profile)))
        if progress is not None:
            progress(fractions.index(fraction) + 1, len(fractions))
    return out


@dataclass(frozen=True)
class _Job:
    code: str
    fraction: float
    year: int
    known: Point
    profile: seasonal.Profile
    points: list[Point]
    breaks: list
    actual: float
    before: float  # the whole year before: targets are set from it
    per_year: float


def _complete(months: Mapping[tuple[int, int], float]) -> dict[tuple[int, int], float] | None:
    """The whole years of a crime type, when every one has all twelve months and none of them is 0 (in these
    downloads a 0 may be a figure not published); None when it has no such years. The newest year may be under
    way (a download made in October): it has no whole year to set an estimate beside, so it is left out."""
    years = sorted({y for y, _m in months})
    if years and any((years[-1], m) not in months for m in range(1, 13)):
        years = years[:-1]
    if not years or any(months.get((y, m), 0) <= 0 for y in years for m in range(1, 13)):
        return None
    return {(y, m): float(months[(y, m)]) for y in years for m in range(1, 13)}


def _jobs(code: str, months: dict[tuple[int, int], float], fraction: float, predictive: bool) -> list[_Job]:
    years = sorted({y for y, _m in months})
    whole = {y: sum(months[(y, m)] for m in range(1, 13)) for y in years}
    key = f"politie.od.{code}"
    breaks = known_breaks(key)
    jobs = []
    for y in years:
        earlier = [e for e in years if e < y]
        per_year = sum(whole[e] for e in earlier) / len(earlier) if earlier else 0.0
        if len(earlier) < seasonal.OWN_MIN_YEARS or per_year < MIN_EXPECTED_PER_YEAR:
            continue  # a count under 10 a year is projected at its level (ADR 0046), not tested here
        history = [Point(parse(f"{e}-{m:02d}"), months[(e, m)]) for e in earlier for m in range(1, 13)]
        for m in range(1, 12):
            period = year_to_date(y, m)
            known = Point(period, sum(months[(y, i)] for i in range(1, m + 1)))
            profile = seasonal.profile_for(key, code, history, period)
            if not predictive:
                profile = dataclasses.replace(profile, years=None)
            points = [Point(year(e), whole[e]) for e in earlier] + [known]
            jobs.append(_Job(code, fraction, y, known, profile, points, breaks, whole[y], whole[earlier[-1]],
                             per_year))
    return jobs


def _shares(jobs: list[_Job], n: int, points: list[Point]) -> list[float | None]:
    """The year under way holds its profile's share of a year; the whole years before it are whole."""
    return [jobs[n].profile.share if p.period.is_partial_year else None for p in points]


def _with_trend(trend: Trend, job: _Job, complete: bool) -> Projection:
    if complete:
        return complete_year(trend, job.year, job.known, job.profile)
    assert trend.fit is not None  # called with a fitted trend only
    return project_year(trend.fit, job.year, job.known, profile=job.profile)


def _case(job: _Job, path: str, p: Projection) -> MonthCase:
    chances = []
    for op, factor in TARGETS:
        operator, threshold = Operator(op), job.before * factor
        fixed = decided(job.known.value, operator, threshold)
        fixed = fixed if fixed is not None else beyond_counts(operator, threshold)
        chance = fixed if fixed is not None else float(printed(chance_of(p, operator, threshold)))
        chances.append((chance, operator.holds(job.actual, threshold)))
    return MonthCase(job.code, job.fraction, job.year, job.known.period.last_month, path, job.actual, p.expected,
                     p.low, p.high, tuple(chances), job.per_year)


@dataclass(frozen=True)
class MonthCoverage:
    group: str
    cases: int
    inside: float
    below: float
    above: float
    median_width: float  # (high - low) / expected


def coverage_of(cases: list[MonthCase], group) -> list[MonthCoverage]:
    """The share of real whole years inside the stated 80% interval, per value of `group(case)`, in order."""
    out = []
    for value in sorted({group(c) for c in cases}):
        chosen = [c for c in cases if group(c) == value]
        actual = np.array([c.actual for c in chosen])
        low, high = np.array([c.low for c in chosen]), np.array([c.high for c in chosen])
        expected = np.array([c.expected for c in chosen])
        out.append(MonthCoverage(str(value), len(chosen), float(np.mean((low <= actual) & (actual <= high))),
                                 float(np.mean(actual < low)), float(np.mean(actual > high)),
                                 float(np.median((high - low) / np.maximum(expected, 1e-9)))))
    return out


def chance_reliability(cases: list[MonthCase]) -> tuple[Reliability, list[float]]:
    """The printed chances of the targets beside whether they were met, in bins of 0,1, with the mean chance per
    bin. Targets already settled by the months counted (0% or 100%) are left out: no estimate gives them. The naive
    chance is the share of the same kind of target met in the same month of the other years."""
    predicted: list[float] = []
    met: list[float] = []
    kinds: list[tuple[int, int, int]] = []  # (which target, month, year)
    for c in cases:
        for i, (chance, hit) in enumerate(c.chances):
            if 0.0 < chance < 1.0:
                predicted.append(chance)
                met.append(float(hit))
                kinds.append((i, c.month, c.year))
    p, m = np.array(predicted), np.array(met)
    # Per kind of target and month, over all years (met, targets), less the tested year's own.
    total: dict[tuple[int, int], list[float]] = {}
    own: dict[tuple[int, int, int], list[float]] = {}
    for (i, month, y), share in zip(kinds, met, strict=True):
        for sums in (total.setdefault((i, month), [0.0, 0.0]), own.setdefault((i, month, y), [0.0, 0.0])):
            sums[0] += share
            sums[1] += 1
    naive = np.array([(total[(i, month)][0] - own[(i, month, y)][0]) / (total[(i, month)][1] - own[(i, month, y)][1])
                      if total[(i, month)][1] > own[(i, month, y)][1] else 0.5 for i, month, y in kinds])
    index = np.clip(np.digitize(p, BINS[1:-1]), 0, len(BINS) - 2)
    means = [float(p[index == b].mean()) if (index == b).any() else float("nan") for b in range(len(BINS) - 1)]
    return reliability(p, m, naive), means


AIM_COVERAGE = 0.77  # at least 80% inside, give or take the back-test's 3 points (whole counts may make it more)


@dataclass
class MonthEvaluation:
    years: list[int]  # the years completed
    codes: int  # crime types
    fractions: tuple[float, ...]
    # per (fraction, path): coverage over all months first, then per month 1..11
    coverage: dict[tuple[float, str], list[MonthCoverage]]
    # per (fraction, path): the printed chances' reliability and each bin's mean chance
    chances: dict[tuple[float, str], tuple[Reliability, list[float]]]
    # per fraction: the least and the most a year of the crime types tested at that size (their mean over the years)
    per_year: dict[float, tuple[float, float]]

    def intervals_ok(self) -> bool:
        return all(rows[0].inside >= AIM_COVERAGE for rows in self.coverage.values())

    def chances_ok(self) -> bool:
        from ivb.domain.backtest import AIM_CHANCE, ENOUGH_CASES

        return all(abs(share - mean) <= AIM_CHANCE for r, means in self.chances.values()
                   for (_lo, _hi, n, share), mean in zip(r.bins, means, strict=True) if n >= ENOUGH_CASES)


def evaluate(cases: list[MonthCase]) -> MonthEvaluation:
    if not cases:
        raise ValueError("geen enkele misdrijfsoort heeft genoeg jaren met twaalf maanden en genoeg aantallen")
    fractions = tuple(sorted({c.fraction for c in cases}, reverse=True))
    coverage = {}
    for fraction in fractions:
        for path in PATHS:
            chosen = [c for c in cases if c.fraction == fraction and c.path == path]
            if chosen:
                coverage[(fraction, path)] = coverage_of(chosen, lambda c: "alle") + coverage_of(chosen, lambda c: c.month)
    chances = {key: chance_reliability([c for c in cases if (c.fraction, c.path) == key]) for key in coverage}
    per_year = {}
    for fraction in fractions:
        sizes = [c.per_year for c in cases if c.fraction == fraction]
        per_year[fraction] = (min(sizes), max(sizes))
    return MonthEvaluation(sorted({c.year for c in cases}), len({c.code for c in cases}), fractions, coverage, chances,
                           per_year)


def held(evaluation: MonthEvaluation) -> dict:
    """What `ivb backtest --year-to-date --write` ships: per size tested, the counts a year it covered and per path
    the chance bins (low, high, targets, mean stated, share met), so a page can say how such chances held at the
    size of its own series (`calibration.how_it_held_this_year`)."""
    from ivb.domain.backtest import AIM_CHANCE, NAMED_FROM

    sizes = []
    for fraction in evaluation.fractions:
        paths = {}
        for path in PATHS:
            if (fraction, path) in evaluation.chances:
                r, means = evaluation.chances[(fraction, path)]
                paths[path] = [[lo, hi, n, round(mean, 4), round(share, 4)]
                               for (lo, hi, n, share), mean in zip(r.bins, means, strict=True) if n]
        low, high = evaluation.per_year[fraction]
        sizes.append({"fraction": fraction, "per_year": [round(low, 1), round(high, 1)], "paths": paths})
    return {"tested_years": [evaluation.years[0], evaluation.years[-1]], "sizes": sizes, "named_from": NAMED_FROM,
            "aim": AIM_CHANCE}
