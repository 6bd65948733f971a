"""The back-test of year-to-date estimates: a year under way completed from the months counted, set beside the
real whole year.

The real monthly police counts are national only (CBS 47022NED). Each crime type's months are walked forward:
for every year with at least `seasonal.OWN_MIN_YEARS` whole years before it and every month January..m (m = 1
to 11), IVB completes the year as a page would, with each kind of seasonal profile a page uses, learned on the
earlier years only (the series' own months, the national months, an even spread), once with a trend
(`trend.fit_series` and `projection.complete_year`, the code pages run) and once at the pace of the months counted
(`projection.from_year_so_far`, for a series with fewer than four whole years).

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
# Completed with a trend (`projection.complete_year`), or at the pace of the months (`from_year_so_far`).
PATHS = ("trend", "pace")
KINDS = (seasonal.OWN, seasonal.NATIONAL, seasonal.EVEN)
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
    kind: str  # the profile: the series' own months, the national months (unthinned), or an even spread
    surprise: float | None  # with a trend: how far the months counted lay from the years before (`complete_year`)


def run(counts: Mapping[str, Mapping[tuple[int, int], float]], fractions: tuple[float, ...] = FRACTIONS,
        seed: int = SEED, predictive: bool = True, complete: bool = True, kinds: tuple[str, ...] = KINDS,
        progress: Callable[[int, int], None] | None = None, missing: bool = False) -> list[MonthCase]:
    """Every year-to-date estimate of every crime type with twelve months in every year, of each year whose years
    before held at least `trend.MIN_EXPECTED_PER_YEAR` a year, thinned (smaller counts are projected at their
    level, ADR 0046). Each with every profile of `kinds` a page may use: the series' own months, the national
    months (the unthinned counts of the years before: what a municipality without months of its own gets) and an
    even spread; at the country's size own and national are one. `predictive`: the profile's share as a
    prediction from the years it rests on (`seasonal.Profile.predictive_sd`); False for the sd of those years
    alone (the measure before that was added). `complete`: the trend's year completed as pages do
    (`projection.complete_year`); False for the rest projected on the trend fitted with the part year
    (`project_year`, as until ADR 0047). `progress(done, total)`: after each size. `missing`: each year so far
    from March on lacks a month in between, the middle one of those counted ((m + 1) // 2: "t/m september zonder
    mei"), as a page completes such a year (ADR 0048)."""
    rng = np.random.default_rng(seed)
    out: list[MonthCase] = []
    full = {code: months for code in sorted(counts) if (months := _complete(counts[code])) is not None}
    for fraction in fractions:
        # One draw per size, in a fixed order, whatever the profiles tested.
        thinned = {code: {k: float(rng.binomial(int(v), fraction)) for k, v in sorted(months.items())}
                   if fraction < 1.0 else months for code, months in full.items()}
        for kind in kinds:
            if fraction == 1.0 and kind == seasonal.NATIONAL:
                continue  # the country's own months are the national ones
            jobs = [job for code in thinned
                    for job in _jobs(code, thinned[code], full[code], fraction, predictive, kind, missing)]
            out.extend(_cases(jobs, complete))
        if progress is not None:
            progress(fractions.index(fraction) + 1, len(fractions))
    return out


def _cases(jobs: list[_Job], complete: bool) -> list[MonthCase]:
    if not jobs:
        return []
    out = []
    fits = fit_series([j.points for j in jobs], [[] for _ in jobs], [j.breaks for j in jobs],
                      functools.partial(_shares, jobs))
    for job, trend in zip(jobs, fits, strict=True):
        if trend.fit is not None:
            projection = _with_trend(trend, job, complete)
            if projection.months_weight is not None or not complete:  # else it went at the pace: below
                out.append(_case(job, "trend", projection))
        out.append(_case(job, "pace", from_year_so_far(job.known, job.profile)))
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


def _jobs(code: str, months: dict[tuple[int, int], float], full: dict[tuple[int, int], float], fraction: float,
          predictive: bool, kind: str, missing: bool = False) -> list[_Job]:
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
        for m in range(3 if missing else 1, 12):
            period = year_to_date(y, m, ((m + 1) // 2,) if missing else ())
            known = Point(period, sum(months[(y, i)] for i in period.counted_months))
            profile = _profile(kind, key, code, months if kind in (seasonal.OWN, seasonal.EVEN) else full, earlier,
                               period)
            if not predictive:
                profile = dataclasses.replace(profile, years=None)
            points = [Point(year(e), whole[e]) for e in earlier] + [known]
            jobs.append(_Job(code, fraction, y, known, profile, points, breaks, whole[y], whole[earlier[-1]],
                             per_year))
    return jobs


def _profile(kind: str, key: str, code: str, months: dict[tuple[int, int], float], earlier: list[int],
             period) -> seasonal.Profile:
    """The profile of `kind` for a year-to-date `period`, from the months of the `earlier` years only."""
    if kind == seasonal.EVEN:
        # As a page made of months: the months counted this year say how alike they are (`seasonal.uneven_sd`).
        return seasonal.even(period.last_month, period.without, [months[(period.year, i)] for i in period.counted_months])
    history = [Point(parse(f"{e}-{m:02d}"), months[(e, m)]) for e in earlier for m in range(1, 13)]
    profile = seasonal.profile_for(key, code, history, period)
    assert profile.kind == seasonal.OWN  # at least OWN_MIN_YEARS whole years before every tested year
    return profile if kind == seasonal.OWN else dataclasses.replace(profile, kind=seasonal.NATIONAL)


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
                     p.low, p.high, tuple(chances), job.per_year, job.profile.kind, p.surprise)


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
SURPRISED = 2.0  # months counted this many sd from what the years before expected: the model was contradicted


@dataclass
class MonthEvaluation:
    years: list[int]  # the years completed
    codes: int  # crime types
    fractions: tuple[float, ...]
    # per (fraction, profile kind, path): coverage over all months first, then per month 1..11
    coverage: dict[tuple[float, str, str], list[MonthCoverage]]
    # per (size class of the series a year, profile kind, path), every fraction together: the printed chances'
    # reliability and each bin's mean chance
    chances: dict[tuple[int, str, str], tuple[Reliability, list[float]]]
    # per (size class, profile kind), with a trend: the estimates whose months lay SURPRISED sd or more from what
    # the years before expected, and the share of them inside the interval
    surprised: dict[tuple[int, str], tuple[int, float]]
    # per fraction, with a trend: coverage by how far the months lay from the expectation (|z| < 1, 1-2, 2-3, >= 3)
    by_surprise: dict[float, list[MonthCoverage]]

    def intervals_ok(self) -> bool:
        """With a trend (the path pages take whenever a series has four whole years), at every size and profile."""
        return all(rows[0].inside >= AIM_COVERAGE for (_f, _k, path), rows in self.coverage.items() if path == "trend")

    def chances_ok(self) -> bool:
        """With a trend, every bin of at least ENOUGH_CASES targets within AIM_CHANCE of its mean chance."""
        from ivb.domain.backtest import AIM_CHANCE, ENOUGH_CASES

        return all(abs(share - mean) <= AIM_CHANCE for (_c, _k, path), (r, means) in self.chances.items()
                   if path == "trend"
                   for (_lo, _hi, n, share), mean in zip(r.bins, means, strict=True) if n >= ENOUGH_CASES)


def evaluate(cases: list[MonthCase]) -> MonthEvaluation:
    from ivb.domain.calibration import level_class

    if not cases:
        raise ValueError("geen enkele misdrijfsoort heeft genoeg jaren met twaalf maanden en genoeg aantallen")
    fractions = tuple(sorted({c.fraction for c in cases}, reverse=True))
    coverage = {}
    for fraction in fractions:
        for kind in KINDS:
            for path in PATHS:
                chosen = [c for c in cases if (c.fraction, c.kind, c.path) == (fraction, kind, path)]
                if chosen:
                    coverage[(fraction, kind, path)] = (coverage_of(chosen, lambda c: "alle") +
                                                        coverage_of(chosen, lambda c: c.month))
    groups: dict[tuple[int, str, str], list[MonthCase]] = {}
    for c in cases:
        groups.setdefault((int(level_class(c.per_year)), c.kind, c.path), []).append(c)
    chances = {key: chance_reliability(chosen) for key, chosen in sorted(groups.items())}
    surprised = {}
    for (klass, kind, path), chosen in sorted(groups.items()):
        far = [c for c in chosen if path == "trend" and c.surprise is not None and abs(c.surprise) >= SURPRISED]
        if far:
            surprised[(klass, kind)] = (len(far), coverage_of(far, lambda c: "ver")[0].inside)
    by_surprise = {}
    for fraction in fractions:
        with_trend = [c for c in cases if c.fraction == fraction and c.path == "trend" and c.surprise is not None]
        by_surprise[fraction] = coverage_of(with_trend, _surprise_band) if with_trend else []
    return MonthEvaluation(sorted({c.year for c in cases}), len({c.code for c in cases}), fractions, coverage, chances,
                           surprised, by_surprise)


def _surprise_band(c: MonthCase) -> str:
    z = abs(c.surprise or 0.0)
    return "0-1" if z < 1 else "1-2" if z < 2 else "2-3" if z < 3 else "3-"


def held(evaluation: MonthEvaluation) -> dict:
    """What `ivb backtest --year-to-date --write` ships, per size class of a series (its count a year, as the
    calibration's classes) and kind of profile: per path the chance bins (low, high, targets, mean stated, share
    met), and with a trend the estimates whose months lay far from the expectation with the share of them inside
    the interval; so a page can say how such chances and intervals held (`calibration.how_it_held_this_year`,
    `calibration.surprised_inside`)."""
    from ivb.domain.backtest import AIM_CHANCE, NAMED_FROM

    cells = []
    for klass, kind in sorted({(k, kind) for k, kind, _p in evaluation.chances}):
        paths = {}
        for path in PATHS:
            if (klass, kind, path) in evaluation.chances:
                r, means = evaluation.chances[(klass, kind, path)]
                paths[path] = [[lo, hi, n, round(mean, 4), round(share, 4)]
                               for (lo, hi, n, share), mean in zip(r.bins, means, strict=True) if n]
        cell: dict = {"class": klass, "kind": kind, "paths": paths}
        if (klass, kind) in evaluation.surprised:
            n, inside = evaluation.surprised[(klass, kind)]
            cell["surprised"] = [n, round(inside, 4)]
        cells.append(cell)
    return {"tested_years": [evaluation.years[0], evaluation.years[-1]], "cells": cells, "surprised_from": SURPRISED,
            "named_from": NAMED_FROM, "aim": AIM_CHANCE, "aim_coverage": AIM_COVERAGE}
