"""Year-to-date estimates against the real whole years, before and after ADR 0047, in one run.

Before: the rest of a year under way projected on the trend fitted with the part year in it, uncalibrated, with the
profile's sd of its years as it was (`complete=False, predictive=False`). After: the year completed from the
calibrated year ahead and its months (`projection.complete_year`), the share as a prediction. The same walk-forward
on the national monthly police counts (47022NED, shipped), the whole country and thinned to 3% and 0,2%.

    .venv/bin/python bench/year_to_date.py
"""

from __future__ import annotations

import gzip
import time
from importlib import resources

from ivb.domain import year_to_date_backtest as ytd
from ivb.domain.backtest import AIM_CHANCE, ENOUGH_CASES
from ivb.opendata.month_profiles import read_counts

NAMES = {1.0: "country", 0.03: "3%", 0.002: "0,2%"}


def main() -> None:
    content = gzip.decompress(resources.files("ivb.demo").joinpath("47022NED_NL_2012-01_2023-12.csv.gz").read_bytes())
    counts = read_counts(content, "47022NED")
    runs = {}
    for name, options in (("before", {"complete": False, "predictive": False}), ("after", {})):
        start = time.perf_counter()
        cases = ytd.run(counts, **options)
        runs[name] = (ytd.evaluate(cases), time.perf_counter() - start)
    for name, (e, seconds) in runs.items():
        print(f"{name}: {len(e.years)} years {e.years[0]}-{e.years[-1]}, {e.codes} crime types, {seconds:.1f} s")
    print("\ncoverage of the 80% interval, all months (January / November); before -> after")
    for key in runs["after"][0].coverage:
        b, a = runs["before"][0].coverage[key], runs["after"][0].coverage[key]
        print(f"  {NAMES[key[0]]:>7} {key[1]:<8} {key[2]:<5} {_pct(b[0].inside)} ({_pct(b[1].inside)} / "
              f"{_pct(b[-1].inside)}) -> {_pct(a[0].inside)} ({_pct(a[1].inside)} / {_pct(a[-1].inside)}); "
              f"below/above after {_pct(a[0].below)} / {_pct(a[0].above)}; median width {_pct(b[0].median_width)} -> "
              f"{_pct(a[0].median_width)}")
    print("\nafter, with trend, by how far the months lay from the expectation (|z| < 1, 1-2, 2-3, >= 3)")
    for fraction, rows in runs["after"][0].by_surprise.items():
        print(f"  {NAMES[fraction]:>7} " + "; ".join(f"{r.group}: {_pct(r.inside)} of {r.cases}" for r in rows))
    print("\nchance bins with a miss of more than 5 points (at least 100 targets), per size class a year and profile;"
          " Brier before -> after")
    for key in runs["after"][0].chances:
        parts = []
        for name in ("before", "after"):
            r, means = runs[name][0].chances[key]
            missed = [f"{lo:.1f}: {_pct(mean)}->{_pct(share)}{'' if n >= ENOUGH_CASES else '*'}"
                      for (lo, _hi, n, share), mean in zip(r.bins, means, strict=True)
                      if n >= 100 and abs(share - mean) > AIM_CHANCE]
            parts.append((r.brier, missed))
        print(f"  class {key[0]} {key[1]:<8} {key[2]:<5} Brier {parts[0][0]:.3f} -> {parts[1][0]:.3f}; missed before: "
              f"{', '.join(parts[0][1]) or 'none'}; after: {', '.join(parts[1][1]) or 'none'}")
    print("  (* fewer than 1.000 targets: named on pages, not judged)")


def _pct(x: float) -> str:
    return f"{x * 100:5.1f}%"


if __name__ == "__main__":
    main()
