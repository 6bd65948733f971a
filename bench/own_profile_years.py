"""An own monthly profile from one or two whole years against the even spread, on the national monthly police counts
(47022NED, shipped), the whole country and thinned to 3% and 0,2%: the test registered in bench/README.md before it
was run ("Own months of fewer years").

Each tested year has at least three whole years before it; the candidates see only the last k of them. The even
spread is today's fallback for a series with fewer than `seasonal.OWN_MIN_YEARS` years of its own months and no
national profile; own (3+) is the profile such a series gets later, for reference.

    .venv/bin/python bench/own_profile_years.py
"""

from __future__ import annotations

import gzip
import time
from importlib import resources

import numpy as np

from ivb.domain import seasonal
from ivb.domain import year_to_date_backtest as ytd
from ivb.domain.observations import Point
from ivb.domain.periods import parse
from ivb.opendata.month_profiles import read_counts

NAMES = {1.0: "country", 0.03: "3%", 0.002: "0,2%"}
ORIGINAL = ytd._profile


def last_years(k: int | None):
    """`ytd._profile` with the own profile of the last `k` whole years only (None: all, today's rule)."""
    fallbacks = [0]

    def profile(kind, key, code, months, earlier, period):
        if kind != seasonal.OWN or k is None:
            return ORIGINAL(kind, key, code, months, earlier, period)
        history = [Point(parse(f"{e}-{m:02d}"), months[(e, m)]) for e in earlier[-k:] for m in range(1, 13)]
        own = seasonal._own(history, period, min_years=k)
        if own is None:  # these months never counted anything: a page falls back to the even spread
            fallbacks[0] += 1
            return seasonal.even(period.last_month, period.without, [months[(period.year, i)] for i in period.counted_months])
        return own

    return profile, fallbacks


def main() -> None:
    content = gzip.decompress(resources.files("ivb.demo").joinpath("47022NED_NL_2012-01_2023-12.csv.gz").read_bytes())
    counts = read_counts(content, "47022NED")
    rows = {}
    for name, kind, k in (("even spread", seasonal.EVEN, None), ("own, 1 year", seasonal.OWN, 1),
                          ("own, 2 years", seasonal.OWN, 2), ("own, 3+ years", seasonal.OWN, None)):
        ytd._profile, fallbacks = last_years(k)
        start = time.perf_counter()
        cases = ytd.run(counts, kinds=(kind,))
        ytd._profile = ORIGINAL
        rows[name] = cases
        print(f"{name}: {len(cases)} estimates, {time.perf_counter() - start:.1f} s"
              + (f", {fallbacks[0]} fell back to the even spread" if fallbacks[0] else ""))
    print("\ninside the 80% interval (median width; median absolute error of the whole year), all months")
    for fraction in ytd.FRACTIONS:
        for path in ytd.PATHS:
            parts = []
            for name, cases in rows.items():
                chosen = [c for c in cases if c.fraction == fraction and c.path == path]
                if not chosen:
                    continue
                cov = ytd.coverage_of(chosen, lambda c: "alle")[0]
                error = float(np.median([abs(c.expected - c.actual) / max(c.actual, 1.0) for c in chosen]))  # a year of 0: per 1
                parts.append(f"{name} {_pct(cov.inside)} ({_pct(cov.median_width)}; {_pct(error)})")
            print(f"  {NAMES[fraction]:>7} {path:<5} " + " | ".join(parts))


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%".replace(".", ",")


if __name__ == "__main__":
    main()
