"""Benchmark: trend fits for the whole country, batched engine against a per-series statsmodels loop.

342 municipalities x 40 series x 12 years of synthetic counts with realistic levels (from a handful to
thousands a year), trends and overdispersion. Both engines fit the same data in one run; the script checks
that they give the same verdicts and slopes (to 1e-6) and prints the times. It then times the whole
country's safety picture (`build_pictures`, the Lisse policy for every municipality).

    .venv/bin/python bench/picture.py [--loop-sample N]

`--loop-sample` times the statsmodels loop on N series only and scales up (default: all series).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from dataclasses import replace

import numpy as np
from scipy import stats

from ivb.policies import lisse_policy_text
from ivb.domain.observations import Point, SeriesData
from ivb.domain.periods import year
from ivb.domain.picture import PictureInput, build_pictures
from ivb.domain.policy import validate_text
from ivb.domain.series_breaks import known_breaks
from ivb.domain.trend import ALPHA, MIN_EXPECTED_PER_YEAR, MIN_POINTS, level_verdict, trends, window

MUNICIPALITIES, SERIES, YEARS = 342, 40, 12
REPEATS = 3
POLICE = ["politie.misdrijven", "politie.jeugdoverlast", "politie.woninginbraken", "politie.geweld",
          "politie.overlast_maatschappelijke_onrust", "politie.winkeldiefstallen",
          "politie.cybercrime_meldingen_aangiften"]


def synthetic(seed: int = 2019) -> list[list[SeriesData]]:
    rng = np.random.default_rng(seed)
    years = np.arange(2012, 2012 + YEARS)
    keys = POLICE + [f"synthetisch.reeks_{i:02d}" for i in range(SERIES - len(POLICE))]
    country = []
    for m in range(MUNICIPALITIES):
        size = rng.lognormal(0, 0.8)  # municipalities differ in size
        series = []
        for key in keys:
            level = rng.lognormal(3.5, 1.3) * size  # from a few to thousands a year
            slope = rng.normal(0, 0.06)
            mean = level * np.exp(slope * (years - years[0]))
            overdispersed = rng.gamma(shape=8, scale=mean / 8)  # negative binomial counts
            counts = rng.poisson(overdispersed)
            series.append(SeriesData(key, key, "count", "sum",
                                     [Point(year(int(y)), float(c)) for y, c in zip(years, counts)]))
        country.append(series)
    return country


def statsmodels_loop(flat: list[SeriesData]) -> list[tuple[str, float | None]]:
    """The plain way: one statsmodels GLM per series, with the same rules as the engine."""
    import statsmodels.api as sm

    out = []
    for s in flat:
        points = window(s.points)  # the engine fits the newest TREND_YEARS (ADR 0035); so does the reference
        y = np.array([p.value for p in points])
        t = np.array([p.period.year + 0.5 for p in points])
        exposure = np.array([p.period.exposure for p in points])
        if len(y) < MIN_POINTS or y.sum() / exposure.sum() < MIN_EXPECTED_PER_YEAR:
            out.append(("too_few", None))
            continue
        X = sm.add_constant(t - t.max())
        fit = sm.GLM(y, X, family=sm.families.Poisson(), exposure=exposure).fit(scale="X2")
        dispersion = max(fit.scale, 1.0)
        se = fit.bse[1] * np.sqrt(dispersion / fit.scale)
        df = len(y) - 2
        p_value = 2 * stats.t.sf(abs(fit.params[1] / se), df)
        half = stats.t.ppf(1 - ALPHA / 2, df) * se
        interval = (float(np.expm1(fit.params[1] - half)), float(np.expm1(fit.params[1] + half)))
        verdict = str(level_verdict(float(p_value), float(fit.params[1]), interval))
        out.append((verdict, float(fit.params[1])))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--loop-sample", type=int, default=0)
    args = parser.parse_args()

    country = synthetic()
    flat = [s for municipality in country for s in municipality]
    print(f"{len(flat)} series ({MUNICIPALITIES} municipalities x {SERIES} series x {YEARS} years); "
          f"Python {platform.python_version()}, numpy {np.__version__}")

    trends(flat[:50])  # warm-up: imports and first allocation
    runs = []
    for _ in range(REPEATS):  # the machine is shared: take the median of a few runs
        start = time.perf_counter()
        batched = trends(flat)
        runs.append(time.perf_counter() - start)
    t_batch = statistics.median(runs)

    sample = flat if not args.loop_sample else flat[: args.loop_sample]
    start = time.perf_counter()
    looped = statsmodels_loop(sample)
    t_loop = (time.perf_counter() - start) * len(flat) / len(sample)

    mismatched_verdicts = sum(b.verdict != v for b, (v, _) in zip(batched, looped))
    slope_diff = max((abs(b.slope - s) for b, (_, s) in zip(batched, looped) if s is not None), default=0.0)
    fitted = sum(s is not None for _, s in looped)
    print(f"batched engine : {t_batch:8.3f} s (median of {REPEATS}, min {min(runs):.3f} s, max {max(runs):.3f} s)")
    print(f"statsmodels loop: {t_loop:8.3f} s{' (scaled from ' + str(len(sample)) + ' series)' if args.loop_sample else ''}")
    print(f"ratio          : {t_loop / t_batch:8.1f} x")
    print(f"compared {len(looped)} series ({fitted} fitted): {mismatched_verdicts} different verdicts, "
          f"largest slope difference {slope_diff:.2e}")
    verdicts = {v: sum(b.verdict == v for b in batched) for v in ("rising", "falling", "stable", "unclear", "too_few")}
    print(f"verdicts       : {verdicts}")
    assert mismatched_verdicts == 0 and slope_diff < 1e-6, "the engines disagree"

    policy = validate_text(lisse_policy_text()).policy
    # As the store gives them: police crime series carry the 2018 break of known size.
    country = [[replace(s, known_breaks=known_breaks(s.key)) for s in series] for series in country]
    items = [PictureInput(f"GM{m:04d}", f"Gemeente {m}", 2023, policy, series) for m, series in enumerate(country)]
    build_pictures(items[:2])
    runs = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        pictures = build_pictures(items)
        runs.append(time.perf_counter() - start)
    print(f"whole country  : {statistics.median(runs):8.3f} s for {len(pictures)} safety pictures (Lisse policy, "
          f"all series, projections, back-tests and Dutch text; median of {REPEATS}, "
          f"min {min(runs):.3f} s, max {max(runs):.3f} s)")


if __name__ == "__main__":
    main()
