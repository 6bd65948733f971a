"""The calibration of projections: how far real counts really land from IVB's projections.

`ivb backtest --write` learns, from the real police series of every municipality, the distribution of the
standardised error per horizon (1-5 years) and size of series (mean count per year), and ships it as data
(src/ivb/data/projection-calibration.json). A projection's 80% interval is that distribution's 10th to 90th
percentile, and a target's chance is read from the same distribution.

The error is taken on the cube-root scale of the count (Wilson and Hilferty): a count that scatters more than
chance alone (over-dispersed, a gamma-like rate) is nearly symmetric there, while on the count scale it leans
right. On the count scale a symmetric distribution put the top of the interval too low and the bottom too high
(12-15% of real outcomes above the interval, 5-8% below); on the cube-root scale 9-11% and 8-11%.
Horizons beyond 5 years use the 5-year distribution: the data hold no longer horizon to learn from.
See docs/methods.md and docs/decisions/0027-calibrated-projections.md.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

FILE = "projection-calibration.json"
MAX_HORIZON = 5
# The scale on which the error is standardised: (count + 0.5) ** POWER. 1/3 is Wilson and Hilferty's cube root,
# under which a gamma variable is nearly normal; 1 is the count itself (tables written before it was used).
POWER = 1 / 3
# Sizes of series by their mean count per year: small counts scatter differently from large ones.
LEVELS = ((10, 30), (30, 100), (100, 300), (300, 1000), (1000, None))


_BOUNDS = [lo for lo, _hi in LEVELS[1:]]


def level_class(level):
    """0..4 for a mean count per year of 10-30, 30-100, 100-300, 300-1000, 1000 and more (arrays too)."""
    if isinstance(level, (int, float)):
        return bisect.bisect_right(_BOUNDS, level)  # one projection at a time: no array round trip
    return np.searchsorted(_BOUNDS, np.asarray(level), side="right")


@dataclass(frozen=True)
class Spread:
    """A distribution of the standardised error, as quantiles at fixed probabilities. The error is measured on
    the scale (count + 0.5) ** `power`, in units of the count's sd carried over to that scale (delta method)."""

    probabilities: np.ndarray
    quantiles: np.ndarray
    cases: int = 0
    power: float = 1.0

    def standardised(self, count, expected, sd):
        """How far `count` lies from `expected`, in the distribution's units (arrays too)."""
        return standardised(count, expected, sd, self.power)

    def bounds(self, expected, sd):
        """The 80% interval of a count with this `expected` and `sd`: the 10th and 90th percentile, back on the
        count scale (never below zero)."""
        low, high = self.interval()
        return _at_least(_count_at(low, expected, sd, self.power), 0.0), _count_at(high, expected, sd, self.power)

    def below(self, edge, expected, sd):
        """P(count < edge) for a count with this `expected` and `sd`."""
        return self.cdf(self.standardised(edge, expected, sd))

    def ppf(self, p: float) -> float:
        return float(np.interp(p, self.probabilities, self.quantiles))

    def interval(self) -> tuple[float, float]:
        """The central 80%: from the 10th to the 90th percentile (worked out once: every projection asks)."""
        if "_interval" not in self.__dict__:
            self.__dict__["_interval"] = (self.ppf(0.10), self.ppf(0.90))
        return self.__dict__["_interval"]

    def cdf(self, z):
        # Beyond the outermost quantiles: half of what lies outside them (never a flat 0 or 1).
        return np.interp(z, self.quantiles, self.probabilities, left=self.probabilities[0] / 2,
                         right=1 - (1 - self.probabilities[-1]) / 2)


def standardised(count, expected, sd, power: float):
    """(g(count) - g(expected)) / (sd x g'(expected)) with g(x) = (x + 0.5) ** power: the count's distance from
    `expected` on that scale, in units of its sd there. With power 1, (count - expected) / sd. A count below -0.5
    (the edge below a count of 0) counts as -0.5. Plain arithmetic, so one projection at a time stays a float."""
    base = expected + 0.5
    scale = _at_least(sd * power * base ** (power - 1.0), 1e-12)
    return (_at_least(count + 0.5, 0.0) ** power - base ** power) / scale


def _count_at(z, expected, sd, power: float):
    """The count that lies `z` from `expected` (the inverse of `standardised`)."""
    base = expected + 0.5
    shifted = base ** power + z * sd * power * base ** (power - 1.0)
    return _at_least(shifted, 0.0) ** (1.0 / power) - 0.5


def _at_least(x, low: float):
    return max(x, low) if isinstance(x, float) else np.maximum(x, low)


class Calibration:
    """A learned table (see `backtest.learn`): a Spread per horizon and level class, on the table's scale."""

    def __init__(self, table: dict):
        self.table = table
        p = np.array(table["probabilities"])
        power = float(table.get("power", 1.0))
        self._cells = {(int(h), int(lv)): Spread(p, np.array(entry["quantiles"]), entry["cases"], power)
                       for h, at_h in table["horizons"].items() for lv, entry in at_h["levels"].items()}
        # Per horizon (damping, persistence, shared variance), read once: every projection asks.
        self._horizons = {int(h): (float(e["damping"]), float(e["persistence"]), float(e["shared_variance"]))
                          for h, e in table["horizons"].items()}

    def spread_of_cell(self, key: tuple[int, int]) -> Spread | None:
        return self._cells.get(key)

    def centre(self, horizon: int) -> tuple[float, float]:
        """For `horizon` years ahead: the share of the fitted trend that carried on (damping) and the share of
        the last figure's distance from the fitted line that persisted (persistence), on real series."""
        damping, persistence, _shared = self._horizons[min(max(horizon, 1), MAX_HORIZON)]
        return damping, persistence

    def shared_variance(self, horizon: int) -> float:
        """The relative variance of what hits every series alike `horizon` years ahead (`projection.spread_sd`)."""
        return self._horizons[min(max(horizon, 1), MAX_HORIZON)][2]

    def spread(self, horizon: int, level: float) -> Spread | None:
        """The distribution for a projection `horizon` years ahead of a series of `level` a year."""
        if horizon < 1:
            return None
        return self._cells.get((min(horizon, MAX_HORIZON), level_class(level)))


@cache
def shipped() -> Calibration | None:
    """The calibration shipped with IVB; None before one was ever written (projections then use the normal)."""
    source = resources.files("ivb.data").joinpath(FILE)
    if not source.is_file():
        return None
    return Calibration(json.loads(source.read_text(encoding="utf-8")))


SMALL_COUNTS_FILE = "small-count-scatter.json"


@cache
def small_count_scatter() -> dict[int, float]:
    """The extra scatter per horizon of a count too small for a trend, projected at its level (`projection.
    from_level`), that `ivb backtest --small-counts --write` learned on the real police series under 10 a year
    (ADR 0046); {} before one was ever written (the level's own Poisson-gamma scatter only)."""
    source = resources.files("ivb.data").joinpath(SMALL_COUNTS_FILE)
    if not source.is_file():
        return {}
    return {int(h): float(k) for h, k in json.loads(source.read_text(encoding="utf-8"))["scatter"].items()}


def small_count_scatter_at(horizon: int) -> float:
    """The extra scatter `horizon` years ahead (beyond 5: that of 5; the rest of a year under way: that of 1)."""
    return small_count_scatter().get(min(max(horizon, 1), MAX_HORIZON), 1.0)


def spread(horizon: int, level: float) -> Spread | None:
    found = shipped()
    return found.spread(horizon, level) if found else None


@dataclass(frozen=True)
class HeldChance:
    """How often chances stated in one bin came true in the back-test, when that was more than the aim away."""

    low: float
    high: float
    share_met: float
    first_origin: int
    last_origin: int
    known_outcomes_only: bool = False  # from the walk that learned only from outcomes known at each origin
    year_to_date: bool = False  # from the back-test of a year under way on the national months (ADR 0047)
    high_start: bool = False  # from the series whose window starts far above the rest (`starts_high`, ADR 0061)


# A window whose first year is at least this many times the median of its other years (walk CC: Roermond's 170
# before six years of 78-99; mostly the pandemic's drop at the start of a window). Chosen by that walk, after
# looking at the data: it names a group to report on, it changes no projection (ADR 0061).
HIGH_START = 1.6


def starts_high(counts) -> bool:
    """Whether a window of yearly counts, oldest first, starts far above the rest (`HIGH_START`)."""
    if len(counts) < 3:
        return False
    rest = float(np.median(counts[1:]))
    return rest > 0 and counts[0] >= HIGH_START * rest


def how_it_held(chance: float, high_start: bool = False) -> HeldChance | None:
    """The back-test's bin for a stated `chance` when that bin did not keep its word: its share met lay more than
    the aim from its mean stated chance, over at least `named_from` targets (fewer are not judged here either),
    in the walk-forward or in the stricter one on known outcomes only (the larger miss is named). With
    `high_start` (the series' window starts far above the rest, `starts_high`) the bins of such series count too.
    None when it held in all, or nothing is known."""
    found = shipped()
    held = found.table.get("chances_held") if found else None
    if not held:
        return None
    walks = [(False, False, held), (True, False, held.get("known_outcomes_only"))]  # (strict, high starts, bins)
    if high_start and (group := held.get("high_start")):
        walks += [(False, True, group), (True, True, group.get("known_outcomes_only"))]
    missed = []  # (how far off, the bin's words) per walk: the default one and the one on known outcomes only
    for strict, of_high_starts, walk in walks:
        for low, top, n, mean, share in walk["bins"] if walk else []:
            if (low <= chance < top or (top == 1 and chance == 1)) and n >= held["named_from"] \
                    and abs(share - mean) > held["aim"]:
                origins = walk["tested_origins"]
                missed.append((abs(share - mean), HeldChance(low, top, share, min(origins), max(origins), strict,
                                                             high_start=of_high_starts)))
    return max(missed, key=lambda m: m[0])[1] if missed else None


@dataclass(frozen=True)
class HeldInterval:
    """How often the 80% interval held in the back-test for a group of series that missed the aim (80 ± 3): the
    municipalities of one size class (`size_class`, compare.SIZE_CLASSES), or the series of one level class."""

    inside: float
    projections: int
    size_class: int | None = None
    level: tuple[int, int | None] | None = None  # a year's count from .. below


def how_intervals_held(level: float, size_class: int | None) -> HeldInterval | None:
    """The back-test's group of an interval of a series of `level` a year in a municipality of `size_class`, when
    that group's share inside lay outside the aim over at least `named_from` projections (the larger miss of the
    two groups is named). None when both held, or nothing is known."""
    found = shipped()
    held = found.table.get("intervals_held") if found else None
    if not held:
        return None
    low_aim, high_aim = held["aim"]
    missed = []
    for code, n, inside in held["size_class"]:
        if code == size_class and n >= held["named_from"] and not low_aim <= inside <= high_aim:
            missed.append((abs(inside - 0.8), HeldInterval(inside, n, size_class=code)))
    for low, high, n, inside in held["level"]:
        if low <= level and (high is None or level < high) and n >= held["named_from"] \
                and not low_aim <= inside <= high_aim:
            missed.append((abs(inside - 0.8), HeldInterval(inside, n, level=(low, high))))
    return max(missed, key=lambda m: m[0])[1] if missed else None


def tested_origins() -> tuple[int, int] | None:
    """The first and last start year of the back-test that judged the shipped calibration (2019, 2024)."""
    found = shipped()
    held = found.table.get("chances_held") if found else None
    origins = held.get("tested_origins") if held else None
    return (min(origins), max(origins)) if origins else None


YEAR_TO_DATE_FILE = "year-to-date-held.json"


@cache
def _year_to_date_held() -> dict | None:
    source = resources.files("ivb.data").joinpath(YEAR_TO_DATE_FILE)
    return json.loads(source.read_text(encoding="utf-8")) if source.is_file() else None


def how_it_held_this_year(chance: float, path: str, per_year: float, kind: str) -> HeldChance | None:
    """As `how_it_held`, for a year under way completed from its months: the bin of the year-to-date back-test
    (`ivb backtest --year-to-date`, file year-to-date-held.json) when it did not keep its word, for series of the
    same size class (`level_class` of `per_year`, the series' count a year) and the same kind of seasonal profile.
    `path`: "trend" (`projection.complete_year`) or "pace" (`projection.from_year_so_far`)."""
    held = _year_to_date_held()
    cell = _year_to_date_cell(held, per_year, kind)
    if held is None or cell is None:
        return None
    first, last = held["tested_years"]
    for low, high, n, mean, share in cell["paths"].get(path, []):
        if (low <= chance < high or (high == 1 and chance == 1)) and n >= held["named_from"] \
                and abs(share - mean) > held["aim"]:
            return HeldChance(low, high, share, first, last, year_to_date=True)
    return None


def surprised_inside(per_year: float, kind: str) -> tuple[int, float, int, int] | None:
    """For a year under way whose months lay far from what the years before expected (`projection.Projection.
    surprise`, from `surprised_from` sd): how many such estimates the back-test had for series of this size and
    profile, the share of them inside the interval, and the years tested, when that share fell short of the aim
    (from `named_from` estimates, as a chance's bin); None when it did not, or nothing is known. With fewer than
    `named_from` of this profile, those of every profile of this size count together (ADR 0063), as the
    calibration pools a class with too few cases."""
    held = _year_to_date_held()
    if not held:
        return None
    klass = level_class(max(per_year, LEVELS[0][0]))
    by_kind = {c["kind"]: tuple(c["surprised"]) for c in held["cells"] if c["class"] == klass and "surprised" in c}
    found = pooled_surprise(by_kind, kind, held["named_from"])
    if found is None or found[1] >= held["aim_coverage"]:
        return None
    return found[0], found[1], *held["tested_years"]


def pooled_surprise(by_kind: dict[str, tuple[int, float]], kind: str, named_from: int) -> tuple[int, float] | None:
    """(such years, share inside) for `kind` of one size class, from {kind: (years, share inside)}; with fewer than
    `named_from` of that kind (or none), of all the size's kinds together (ADR 0063). None with fewer still."""
    n, inside = by_kind.get(kind, (0, 1.0))
    if n < named_from:
        n = sum(count for count, _share in by_kind.values())
        inside = sum(count * share for count, share in by_kind.values()) / n if n else 1.0
    return (int(n), round(float(inside), 4)) if n >= named_from else None


def surprised_from() -> float | None:
    held = _year_to_date_held()
    return float(held["surprised_from"]) if held else None


def _year_to_date_cell(held: dict | None, per_year: float, kind: str) -> dict | None:
    if not held:
        return None
    klass = level_class(max(per_year, LEVELS[0][0]))
    return next((c for c in held["cells"] if c["class"] == klass and c["kind"] == kind), None)


def about() -> dict | None:
    """What the shipped calibration was learned from (for the methods page and the report)."""
    found = shipped()
    return found.table.get("learned_from") if found else None
