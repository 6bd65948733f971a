"""The back-test: IVB's own projections set beside what really happened, over many series and years.

For every series and every forecast origin (the last year of a fitting window), the series is fitted on the
window with `trend.fit_points`, exactly as a safety picture does, and projected 1 to 5 years ahead with
`projection.project_year`. Where the real count of that year is known, the case records the projection and the
outcome. From the cases:

- coverage: the share of outcomes inside the stated 80% interval, per horizon and per size class;
- width: the median interval width relative to the projection;
- targets: for targets set from the real series (a count below, at most or at least some share of the origin
  year's count) the predicted chance beside whether the target was met, in a reliability table with the Brier
  score, and beside a naive chance (the share of such targets met at earlier origins).

No Django: the command `ivb backtest` reads the files and calls this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ivb.domain.calibration import HIGH_START, LEVELS, POWER, Calibration, level_class, standardised, starts_high
from ivb.domain.compare import size_class
from ivb.domain.observations import Point
from ivb.domain.periods import year as year_period
from ivb.domain.projection import Z80, _last_below, centred, chances, printed_chances, spread_sd
from ivb.domain.trend import fit_points
from ivb.domain.vocabulary import Operator

HORIZONS = (1, 2, 3, 4, 5)
# Targets set from the real series, relative to the origin year's count, as policies write them:
# 20%, 10% and 5% fewer, no more than now, at most 10% more; and for counts the policy wants up (reports),
# at least 10% more.
TARGETS = (("<", 0.80), ("<", 0.90), ("<", 0.95), ("<=", 1.00), ("<=", 1.10), (">=", 1.10))
BINS = np.round(np.linspace(0.0, 1.0, 11), 10)  # 0.3 exactly, so that a printed 30% falls in 30-40%


@dataclass(frozen=True)
class RealSeries:
    """One real yearly count series: `counts` and `population` by year. `known_breaks`: the breaks of known size
    a picture gives it (`series_breaks.known_breaks`)."""

    key: str
    area: str
    counts: dict[int, float]
    population: dict[int, float] = field(default_factory=dict)
    known_breaks: list = field(default_factory=list)


@dataclass
class Cases:
    """Every projection of the back-test beside its outcome; one entry per (series, origin, horizon). Holds the
    model's raw parts, so that any calibration can be applied to them (`stated`)."""

    origin: np.ndarray
    horizon: np.ndarray
    size_class: np.ndarray  # by population in the origin year (compare.SIZE_CLASSES), 0 when unknown
    level: np.ndarray  # mean count per year in the fitting window
    eta: np.ndarray  # the model's log expected count for the year (undamped)
    trend_part: np.ndarray  # the part of eta that is trend since the origin
    line_variance: np.ndarray  # x' Cov x
    dispersion: np.ndarray
    last_residual: np.ndarray  # log of the origin's count over its fitted value
    actual: np.ndarray
    base: np.ndarray  # the origin year's count: targets are set from it
    # The model's own X² / df over the scatter projections take (ADR 0058): "before", the model as IVB had it
    # before the back-test existed, scales the dispersion and the line's variance back by it.
    before_scale: np.ndarray
    high_start: np.ndarray  # 1 where the window starts far above the rest (`calibration.starts_high`, ADR 0061)

    def __len__(self) -> int:
        return len(self.actual)

    def where(self, mask: np.ndarray) -> Cases:
        return Cases(**{name: getattr(self, name)[mask] for name in self.__dataclass_fields__})

    @staticmethod
    def join(parts: list[Cases]) -> Cases:
        return Cases(**{n: np.concatenate([getattr(c, n) for c in parts]) for n in Cases.__dataclass_fields__})


@dataclass
class Stated:
    """What IVB states for each case: the expected count, the scale, the 80% interval."""

    expected: np.ndarray
    sd: np.ndarray
    low: np.ndarray
    high: np.ndarray


def run(series: list[RealSeries], origins: range, window: int, min_per_year: float = 10.0) -> Cases:
    """Fit every series on each window ending at an origin, and keep what is needed to project every horizon
    whose outcome is known. The fits are `trend.fit_points`, as in a picture."""
    jobs, point_lists, known = [], [], []
    for s in series:
        for origin in origins:
            years = range(origin - window + 1, origin + 1)
            if not all(y in s.counts for y in years):
                continue
            if sum(s.counts[y] for y in years) / window < min_per_year:
                continue
            outcomes = {h: s.counts[origin + h] for h in HORIZONS if origin + h in s.counts}
            if not outcomes:
                continue
            jobs.append((s, origin, outcomes))
            point_lists.append([Point(year_period(y), s.counts[y]) for y in years])
            known.append(s.known_breaks)
    high = [starts_high([p.value for p in points]) for points in point_lists]
    fits = fit_points(point_lists, [[] for _ in point_lists], known)
    rows = []
    for (s, origin, outcomes), trend, high_start in zip(jobs, fits, high, strict=True):
        fit = trend.fit
        if fit is None:
            continue  # too few or no fit: a picture projects nothing either
        pop = s.population.get(origin)
        klass = size_class(pop).code if pop else 0
        before_scale = fit.uncalibrated()[1]  # back to X² / df, as `project_year` without a calibration
        for h, actual in outcomes.items():
            x = fit.row(origin + h + 0.5)
            rows.append((origin, h, klass, fit.level, float(x @ fit.beta), fit.trend_since_origin(origin + h + 0.5),
                         float(x @ fit.cov @ x), fit.dispersion, fit.last_residual, actual, s.counts[origin],
                         before_scale, float(high_start)))
    a = np.array(rows, dtype=float).reshape(-1, 13)
    return Cases(a[:, 0].astype(int), a[:, 1].astype(int), a[:, 2].astype(int), *a[:, 3:].T)


def stated(cases: Cases, table: Calibration | None = None) -> Stated:
    """The expected counts and 80% intervals IVB states: the model's own as it was before the back-test (table None:
    the normal, with the model's X² / df) or under a calibration, computed with the same functions as
    `projection.project_year`."""
    eta = cases.eta.copy()
    shared = np.zeros(len(cases))
    if table is not None:
        for h in sorted(set(cases.horizon.tolist())):  # a table learned on known outcomes only may lack far ones
            at_h = cases.horizon == h
            eta[at_h] = centred(cases.eta[at_h], cases.trend_part[at_h], cases.last_residual[at_h], *table.centre(h))
            shared[at_h] = table.shared_variance(h)
    expected = np.exp(eta)
    scale = 1.0 if table is not None else cases.before_scale
    sd = spread_sd(expected, cases.dispersion * scale, cases.line_variance * scale, shared)
    low, high = np.maximum(expected - Z80 * sd, 0.0), expected + Z80 * sd
    if table is not None:
        klass = level_class(cases.level)
        for h in sorted(set(cases.horizon.tolist())):
            for lv in range(len(LEVELS)):
                mask = (cases.horizon == h) & (klass == lv)
                spread = table.spread_of_cell((h, lv))
                if spread is not None and mask.any():
                    low[mask], high[mask] = spread.bounds(expected[mask], sd[mask])
    return Stated(expected, sd, low, high)


# ------------------------------------------------------------------------------------------------ figures

@dataclass(frozen=True)
class Coverage:
    group: str
    cases: int
    inside: float  # share of outcomes inside the 80% interval
    median_width: float  # (high - low) / expected
    below: float  # share below the interval
    above: float


def coverage(cases: Cases, by: str, table: Calibration | None = None, s: Stated | None = None) -> list[Coverage]:
    """Coverage per horizon ("horizon"), per size class ("size_class") or per level class ("level"), of the
    intervals stated under `table` (None: uncalibrated), or of the intervals `s` already stated for these cases."""
    s = s if s is not None else stated(cases, table)
    out = []
    for label, mask in _groups(cases, by):
        if not mask.any():
            continue
        actual = cases.actual[mask]
        inside = (actual >= s.low[mask]) & (actual <= s.high[mask])
        width = (s.high[mask] - s.low[mask]) / np.maximum(s.expected[mask], 1e-9)
        out.append(Coverage(label, int(mask.sum()), float(inside.mean()), float(np.median(width)),
                            float((actual < s.low[mask]).mean()), float((actual > s.high[mask]).mean())))
    return out


def _groups(cases: Cases, by: str) -> list[tuple[str, np.ndarray]]:
    if by == "horizon":
        return [(f"{h}", cases.horizon == h) for h in HORIZONS]
    if by == "size_class":
        return [(str(k), cases.size_class == k) for k in sorted(set(cases.size_class.tolist()))]
    if by == "level":
        klass = level_class(cases.level)
        return [(f"{lo}-{hi or ''}", klass == i) for i, (lo, hi) in enumerate(LEVELS)]
    raise ValueError(by)


@dataclass(frozen=True)
class Reliability:
    bins: list[tuple[float, float, int, float]]  # (low, high, targets, share met)
    brier: float
    naive_brier: float  # the naive chance: the share of the same kind of target met at earlier origins
    targets: int


def target_chances(cases: Cases, table: Calibration | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each case and each target of TARGETS: the predicted chance, whether it was met, and the target's
    kind (index into TARGETS). `table`: a calibration, used as a picture uses the shipped one; None: normal."""
    predicted, met, kind = [], [], []
    s = stated(cases, table)
    for k, (operator, share) in enumerate(TARGETS):
        threshold = np.round(cases.base * share)
        # Judged as printed (whole percents, 1-99): "a 2% chance" is what the reader was told.
        p = printed_chances(chances(s.expected, s.sd, operator, threshold, table, cases.horizon, cases.level),
                            operator, threshold)
        hit = {"<": cases.actual < threshold, "<=": cases.actual <= threshold, ">=": cases.actual >= threshold}[operator]
        predicted.append(p)
        met.append(hit.astype(float))
        kind.append(np.full(len(cases), k))
    return np.concatenate(predicted), np.concatenate(met), np.concatenate(kind)


def reliability(predicted: np.ndarray, met: np.ndarray, naive: np.ndarray) -> Reliability:
    index = np.clip(np.digitize(predicted, BINS[1:-1]), 0, len(BINS) - 2)
    bins = []
    for i in range(len(BINS) - 1):
        mask = index == i
        bins.append((float(BINS[i]), float(BINS[i + 1]), int(mask.sum()), float(met[mask].mean()) if mask.any() else
                     float("nan")))
    return Reliability(bins, float(np.mean((predicted - met) ** 2)), float(np.mean((naive - met) ** 2)), len(met))


def naive_chances(train: Cases, test: Cases) -> np.ndarray:
    """The naive baseline: for each target of the test cases, the share of the same kind of target (and horizon)
    met among the training cases."""
    _p, met, kind = target_chances(train)
    horizon = np.tile(train.horizon, len(TARGETS))
    rate = {(k, h): float(met[(kind == k) & (horizon == h)].mean()) if ((kind == k) & (horizon == h)).any()
            else float(met[kind == k].mean()) for k in range(len(TARGETS)) for h in HORIZONS}
    test_h = np.tile(test.horizon, len(TARGETS))
    test_k = np.repeat(np.arange(len(TARGETS)), len(test))
    return np.array([rate[(k, h)] for k, h in zip(test_k.tolist(), test_h.tolist(), strict=True)])


# ------------------------------------------------------------------------------------------- calibration

PROBABILITIES = tuple(np.round(np.concatenate([[0.005], np.arange(0.01, 1.0, 0.01), [0.995]]), 3).tolist())


def learn(cases: Cases, min_cases: int = 50, horizons: tuple[int, ...] = HORIZONS) -> dict:
    """A calibration table from back-test cases (see `calibration.Calibration`). Per horizon:
    - the centre: how much of the fitted trend carried on (damping) and how much of the last figure's distance
      from the fitted line persisted (persistence), by least squares without intercept of the real log change
      from the fitted level at the origin on those two, each kept within 0..1;
    - the shared variance: what hits every series of a year alike (see `_shared_variance`), added to the sd;
    - per level class, the distribution of the standardised error around that centre, on the cube-root scale
      (`calibration.standardised`), as quantiles; a class with fewer than `min_cases` cases takes the horizon's
      pooled one. The distribution is set at median zero and made symmetric: the years it is learned from (a long
      decline, a pandemic) need not lean the way the next ones will, so it keeps their spread and not their
      direction. Symmetric on the cube-root scale, it leans right on the count scale, as over-dispersed counts
      do.
    `horizons`: the horizons to learn, each of which must have cases (the shipped table has all of 1-5)."""
    out: dict[str, Any] = {"probabilities": list(PROBABILITIES), "power": POWER, "horizons": {}}
    klass = level_class(cases.level)
    for h in horizons:
        at_h = cases.horizon == h
        if not at_h.any():
            raise ValueError(f"geen gevallen met horizon {h}")
        trend_part, last = cases.trend_part[at_h], cases.last_residual[at_h]
        change = np.log(cases.actual[at_h] + 0.5) - (cases.eta[at_h] - trend_part)
        damping, persistence = np.clip(np.linalg.lstsq(np.column_stack([trend_part, last]), change, rcond=None)[0],
                                       0.0, 1.0)
        expected = np.exp(centred(cases.eta[at_h], trend_part, last, damping, persistence))
        shared = _shared_variance(cases.origin[at_h], np.log((cases.actual[at_h] + 0.5) / (expected + 0.5)))
        sd = spread_sd(expected, cases.dispersion[at_h], cases.line_variance[at_h], shared)
        z = standardised(cases.actual[at_h], expected, sd, POWER)
        pooled = _quantiles(z)
        cells = {}
        for i, (lo, hi) in enumerate(LEVELS):
            mask = klass[at_h] == i
            cells[str(i)] = {"levels": [lo, hi], "cases": int(mask.sum()),
                             "quantiles": _quantiles(z[mask]) if mask.sum() >= min_cases else pooled}
        out["horizons"][str(h)] = {"cases": int(at_h.sum()), "damping": round(float(damping), 4),
                                   "persistence": round(float(persistence), 4),
                                   "shared_variance": round(shared, 6), "levels": cells}
    return out


def _shared_variance(origins: np.ndarray, log_error: np.ndarray) -> float:
    """What hits every series of a year alike: the mean square, over the origins, of each origin's median
    log error (a year where everything rose, a year where everything fell)."""
    medians = [float(np.median(log_error[origins == o])) for o in np.unique(origins)]
    return float(np.mean(np.square(medians)))


def _quantiles(z: np.ndarray) -> list[float]:
    q = np.quantile(z - np.median(z), PROBABILITIES)
    q = (q - q[::-1]) / 2
    return [round(float(x), 4) for x in q]


# ------------------------------------------------------------------------------------------- the report

AIM_COVERAGE = (0.77, 0.83)  # 80% +- 3 points
AIM_CHANCE = 0.05  # a bin's share met within 5 points of its mean predicted chance
ENOUGH_CASES = 1000  # a size class or chance bin with fewer cases is shown, not judged
NAMED_FROM = 100  # a chance bin that missed the aim is named beside its chances from this many targets on


@dataclass
class Evaluation:
    """The back-test's figures: before (the model's own intervals and chances, on every test case) and after
    (calibrated on earlier origins only, on the same cases)."""

    test_origins: list[int]
    before: dict[str, list[Coverage]]
    after: dict[str, list[Coverage]]
    chances_before: Reliability
    chances_after: Reliability
    mean_predicted: tuple[list[float], list[float]]  # per bin, before and after
    tested_cases: int = 0  # projections tested (every horizon with a calibration to test it by)
    known_outcomes_only: bool = False  # each origin learned only from outcomes known in its own year
    # The chances after, of the targets of windows that start far above the rest (ADR 0061), and their bin means
    high_start: Reliability | None = None
    high_start_means: list[float] = field(default_factory=list)

    def coverage_verdict(self, by: str = "horizon") -> bool | None:
        """Whether every group with enough cases kept the aim; None when no group has enough to judge (a
        verdict on nothing is no "yes")."""
        judged = [c for c in self.after[by] if c.cases >= ENOUGH_CASES]
        return all(AIM_COVERAGE[0] <= c.inside <= AIM_COVERAGE[1] for c in judged) if judged else None

    def every_horizon_judged(self) -> bool:
        """Whether every horizon 1-5 has enough cases to be judged: a verdict resting on the near horizons alone
        may not replace the shipped calibration."""
        groups = {c.group: c.cases for c in self.after["horizon"]}
        return all(groups.get(str(h), 0) >= ENOUGH_CASES for h in HORIZONS)

    def chances_verdict(self) -> bool | None:
        judged = [abs(share - mean) for (_lo, _hi, n, share), mean
                  in zip(self.chances_after.bins, self.mean_predicted[1], strict=True) if n >= ENOUGH_CASES]
        return all(gap <= AIM_CHANCE for gap in judged) if judged else None

    def coverage_ok(self, by: str = "horizon") -> bool:
        return self.coverage_verdict(by) is True

    def chances_ok(self) -> bool:
        return self.chances_verdict() is True


def chances_held(evaluation: Evaluation, known_only: Evaluation | None = None) -> dict:
    """What the walk-forward measured per bin of stated chance, shipped with the calibration so that a page can
    say it beside a chance from a bin that did not hold: [low, high, targets, mean stated, share met]. With
    `known_only` (the same walk learning only from outcomes known at each origin) its bins ship too: a bin that
    missed in either walk is named."""
    def rows(e: Evaluation) -> list[list]:
        return [[round(lo, 2), round(hi, 2), n, round(mean, 4), round(share, 4)]
                for (lo, hi, n, share), mean in zip(e.chances_after.bins, e.mean_predicted[1], strict=True) if n]

    def high_rows(e: Evaluation) -> list[list]:
        if e.high_start is None:  # no window started far above the rest
            return []
        return [[round(lo, 2), round(hi, 2), n, round(mean, 4), round(share, 4)]
                for (lo, hi, n, share), mean in zip(e.high_start.bins, e.high_start_means, strict=True) if n]

    # Windows that start far above the rest (ADR 0061): their own bins, named beside a chance of such a series.
    high: dict[str, Any] = {"from": HIGH_START, "tested_origins": evaluation.test_origins,
                            "bins": high_rows(evaluation)}
    out: dict[str, Any] = {"tested_origins": evaluation.test_origins, "bins": rows(evaluation),
                           "named_from": NAMED_FROM, "aim": AIM_CHANCE, "high_start": high}
    if known_only is not None:
        out["known_outcomes_only"] = {"tested_origins": known_only.test_origins, "bins": rows(known_only)}
        high["known_outcomes_only"] = {"tested_origins": known_only.test_origins, "bins": high_rows(known_only)}
    return out


def intervals_held(evaluation: Evaluation) -> dict:
    """What the walk-forward measured of the 80% intervals per size of municipality ([class code, projections,
    share inside]) and per level of the series ([low, high or None, projections, share inside]), shipped with the
    calibration so that a page can say it beside an interval of a group that missed the aim (walk BO: the largest
    cities' pages said "zo ging het ook bij de toets" where the test found 76%)."""
    size = [[int(c.group), c.cases, round(c.inside, 4)] for c in evaluation.after["size_class"] if c.group != "0"]
    level = []
    for c in evaluation.after["level"]:
        low, high = c.group.split("-")
        level.append([int(low), int(high) if high else None, c.cases, round(c.inside, 4)])
    return {"size_class": size, "level": level, "aim": list(AIM_COVERAGE), "named_from": NAMED_FROM}


def evaluate(cases: Cases, first_test: int, known_outcomes_only: bool = False) -> Evaluation:
    """Walk forward: each origin from `first_test` on is tested with a calibration learned only on the origins
    before it; the figures pool every tested origin. "Before" is the uncalibrated model on the same cases.

    An earlier origin's far horizons end after the tested origin (origin 2018, 3 years ahead: 2021, which a
    projection made in 2019 could not have known). `known_outcomes_only` learns each tested origin only from
    outcomes known in its own year, and tests only the horizons such outcomes exist for: stricter, and with
    the shipped 2012-2025 figures it cannot reach 4 and 5 years ahead."""
    origins = sorted({int(o) for o in cases.origin if o >= first_test})
    if not origins or not (cases.origin < first_test).any():
        raise ValueError("te weinig startjaren: er moet er minstens één vóór en één vanaf het eerste testjaar zijn")
    tested, tables, trained = [], [], []
    for origin in origins:
        train = cases.where(cases.origin + cases.horizon <= origin if known_outcomes_only else cases.origin < origin)
        horizons = tuple(sorted(set(train.horizon.tolist()))) if known_outcomes_only else HORIZONS
        test = cases.where((cases.origin == origin) & np.isin(cases.horizon, horizons))
        if not len(test):
            continue
        tested.append(test)
        tables.append(Calibration(learn(train, horizons=horizons)))
        trained.append(train)
    if not tested:
        raise ValueError("geen enkel getoetst startjaar heeft uitkomsten om van te leren")
    origins = sorted({int(c.origin[0]) for c in tested})
    every = Cases.join(tested)
    before = {by: coverage(every, by) for by in ("horizon", "size_class", "level")}
    # What each tested origin was told under its own calibration, pooled: the same cases as "before".
    parts = [stated(c, t) for c, t in zip(tested, tables, strict=True)]
    told = Stated(*(np.concatenate([getattr(p, n) for p in parts]) for n in ("expected", "sd", "low", "high")))
    after = {by: coverage(every, by, s=told) for by in ("horizon", "size_class", "level")}
    p_before, met, naive, p_after, high = [], [], [], [], []
    for c, t, train in zip(tested, tables, trained, strict=True):
        pb, m, _k = target_chances(c)
        pa, _m, _k = target_chances(c, t)
        p_before.append(pb)
        p_after.append(pa)
        met.append(m)
        naive.append(naive_chances(train, c))
        high.append(np.tile(c.high_start > 0, len(TARGETS)))  # target_chances: one block of cases per target
    pb, pa, m, n, h = (np.concatenate(x) for x in (p_before, p_after, met, naive, high))
    return Evaluation(origins, before, after, reliability(pb, m, n), reliability(pa, m, n),
                      (_bin_means(pb), _bin_means(pa)), len(every), known_outcomes_only,
                      reliability(pa[h], m[h], n[h]) if h.any() else None, _bin_means(pa[h]))


def _bin_means(predicted: np.ndarray) -> list[float]:
    index = np.clip(np.digitize(predicted, BINS[1:-1]), 0, len(BINS) - 2)
    return [float(predicted[index == i].mean()) if (index == i).any() else float("nan") for i in range(len(BINS) - 1)]


def series_from_cells(police, population, known_breaks: Callable[[str], list] | None = None) -> list[RealSeries]:
    """Real series from open-data cells (`opendata.files.open_cells`): the police counts per crime code and
    municipality, the population per municipality. Crimes of unknown place (GM0000) are no municipality.
    `known_breaks(key)`: the breaks of known size of a series, as a picture gives them."""
    counts: dict[tuple[str, str], dict[int, float]] = {}
    for cell in police:
        if cell.value is not None and cell.region.startswith("GM") and cell.region != "GM0000":
            counts.setdefault((cell.code, cell.region), {})[int(cell.period[:4])] = cell.value
    people: dict[str, dict[int, float]] = {}
    for cell in population:
        if cell.value is not None and cell.region.startswith("GM") and cell.period.endswith("JJ00"):
            people.setdefault(cell.region, {})[int(cell.period[:4])] = cell.value
    out = []
    for (code, region), values in sorted(counts.items()):
        key = f"politie.od.{code}"
        out.append(RealSeries(key, region, values, people.get(region, {}), known_breaks(key) if known_breaks else []))
    return out


# ------------------------------------------------------------------------------- counts too small for a trend

SCATTER_GRID = tuple(round(1.0 + 0.05 * i, 2) for i in range(81))  # 1 to 5: the extra scatter tried per horizon


@dataclass
class LevelCases:
    """Every level projection (`projection.from_level`) of a series under the trend's minimum, beside its outcome:
    the level's rate and the dispersion of its window, from which any extra scatter gives the distribution."""

    origin: np.ndarray
    horizon: np.ndarray
    rate: np.ndarray
    dispersion: np.ndarray
    exposure: np.ndarray
    actual: np.ndarray
    base: np.ndarray  # the origin year's count: targets are set from it
    series: np.ndarray  # an index per series, to count those tested

    def where(self, mask: np.ndarray) -> LevelCases:
        return LevelCases(**{name: getattr(self, name)[mask] for name in self.__dataclass_fields__})

    def __len__(self) -> int:
        return len(self.actual)


def run_level(series: list[RealSeries], window: int, below: float) -> LevelCases:
    """The level projection of every window (of `window` whole years) whose counts averaged under `below` a year,
    1-5 years ahead wherever the outcome is known, as a picture makes it for such a series."""
    from ivb.domain.projection import level_dispersion

    rows = []
    for number, s in enumerate(series):
        for origin in range(min(s.counts) + window - 1, max(s.counts)):
            years = range(origin - window + 1, origin + 1)
            if not all(y in s.counts for y in years):
                continue
            counts = [s.counts[y] for y in years]
            if sum(counts) / window >= below:
                continue
            rate, dispersion = (sum(counts) + 0.5) / window, level_dispersion(counts)
            rows += [(origin, h, rate, dispersion, window, s.counts[origin + h], s.counts[origin], number)
                     for h in HORIZONS if origin + h in s.counts]
    a = np.array(rows, dtype=float).reshape(-1, 8)
    rate, dispersion, exposure, actual, base = a[:, 2:7].T
    return LevelCases(a[:, 0].astype(int), a[:, 1].astype(int), rate, dispersion, exposure, actual, base,
                      a[:, 7].astype(int))


def level_variance(cases: LevelCases, scatter: np.ndarray | float) -> np.ndarray:
    """The variance `from_level` gives a whole year ahead, times the extra scatter per case."""
    return scatter * cases.dispersion * cases.rate * (1.0 + 1.0 / cases.exposure)


def learn_level(cases: LevelCases) -> dict[int, float]:
    """The extra scatter per horizon that makes the level projections likeliest on these cases (the negative
    binomial's log-likelihood, a proper score), from SCATTER_GRID: what the dispersion of seven small counts
    misses when a level drifts. A horizon without cases keeps 1."""
    from scipy.special import gammaln

    out = {}
    for h in HORIZONS:
        c = cases.where(cases.horizon == h)
        if not len(c):
            out[h] = 1.0
            continue
        y, mean = c.actual, c.rate
        best, best_score = 1.0, -np.inf
        for k in SCATTER_GRID:
            variance = np.maximum(level_variance(c, k), mean * (1 + 1e-9) + 1e-12)
            r, p = mean * mean / (variance - mean), mean / variance
            score = float((gammaln(y + r) - gammaln(r) - gammaln(y + 1) + r * np.log(p) + y * np.log1p(-p)).sum())
            if score > best_score:
                best, best_score = k, score
        out[h] = best
    return out


@dataclass(frozen=True)
class LevelEvaluation:
    """The back-test of `projection.from_level` on the real series under the trend's minimum a year: each tested
    origin with the extra scatter learned on the origins before it (`learn_level`), as the trend's calibration is
    walked forward; `plain` is the model without extra scatter, on the same cases."""

    test_origins: list[int]
    coverage: list[Coverage]  # per horizon
    chances: Reliability
    mean_predicted: list[float]
    plain_coverage: list[Coverage]
    plain_chances: Reliability
    plain_mean_predicted: list[float]
    series: int  # series with at least one tested window
    settled_targets: int  # targets left out: no count can meet them ("lager dan 0")

    def chances_verdict(self) -> bool | None:
        judged = [abs(share - mean) for (_lo, _hi, n, share), mean
                  in zip(self.chances.bins, self.mean_predicted, strict=True) if n >= ENOUGH_CASES]
        return all(gap <= AIM_CHANCE for gap in judged) if judged else None

    def intervals_verdict(self) -> bool | None:
        """Whole counts make an interval of at least 80%; fewer than 80% inside is a miss."""
        judged = [c.inside for c in self.coverage if c.cases >= ENOUGH_CASES]
        return all(inside >= 0.80 - 1e-9 for inside in judged) if judged else None


def evaluate_level(cases: LevelCases, first_test: int) -> LevelEvaluation:
    """Walk forward from `first_test`: every tested origin's projections with the extra scatter learned on the
    origins before it; the targets and bins as for the trend's back-test, the naive chance the share of the same
    kind of target (and horizon) met at earlier origins."""
    tested = cases.origin >= first_test
    if not tested.any() or not (cases.origin < first_test).any():
        raise ValueError("te weinig startjaren: er moet er minstens één vóór en één vanaf het eerste testjaar zijn")
    scatter = np.ones(len(cases))
    for origin in sorted({int(o) for o in cases.origin[tested]}):
        learned = learn_level(cases.where(cases.origin < origin))
        here = cases.origin == origin
        scatter[here] = [learned[int(h)] for h in cases.horizon[here]]
    test = cases.where(tested)
    after = _level_figures(cases, scatter, tested)
    plain = _level_figures(cases, np.ones(len(cases)), tested)
    return LevelEvaluation(sorted({int(o) for o in test.origin}), after[0], after[1], after[2], plain[0], plain[1],
                           plain[2], len(set(test.series.tolist())), after[3])


def _level_figures(cases: LevelCases, scatter: np.ndarray, tested: np.ndarray):
    """Coverage per horizon, the reliability of printed chances and their bin means, and the number of settled
    targets left out, of the tested cases under `scatter`."""
    from ivb.domain.projection import _rest_bounds, _rest_cdf

    sd = np.sqrt(level_variance(cases, scatter))
    bounds = np.array([_rest_bounds(m, d) for m, d in zip(cases.rate[tested].tolist(), sd[tested].tolist(),
                                                           strict=True)]).reshape(-1, 2)
    told = Stated(cases.rate[tested], sd[tested], bounds[:, 0], bounds[:, 1])
    zeros = np.zeros(int(tested.sum()))
    as_cases = Cases(cases.origin[tested], cases.horizon[tested], zeros.astype(int), zeros, zeros, zeros, zeros,
                     zeros, zeros, cases.actual[tested], cases.base[tested], zeros + 1.0, zeros)
    cover = coverage(as_cases, "horizon", s=told)
    predicted, met, kind, keep = [], [], [], []
    for k, (operator, share) in enumerate(TARGETS):
        threshold = np.round(cases.base * share)
        last = _last_below(Operator(operator), threshold)
        below = np.array([float(_rest_cdf(e, m, d)) if e >= 0 else 0.0
                          for e, m, d in zip(last.tolist(), cases.rate.tolist(), sd.tolist(), strict=True)])
        chance = below if Operator(operator).wants_lower else 1.0 - below
        predicted.append(printed_chances(chance, operator, threshold))
        met.append({"<": cases.actual < threshold, "<=": cases.actual <= threshold,
                    ">=": cases.actual >= threshold}[operator].astype(float))
        kind.append(np.full(len(cases), k))
        keep.append(last >= 0)  # "lager dan 0" is no projection: its 0% needs no model
    p, m, kinds, ok = (np.concatenate(x) for x in (predicted, met, kind, keep))
    origins, horizons, test = (np.tile(x, len(TARGETS)) for x in (cases.origin, cases.horizon, tested))
    naive = np.full(len(p), 0.5)
    for o in sorted(set(origins[test].tolist())):
        for k in range(len(TARGETS)):
            for h in HORIZONS:
                earlier = (origins < o) & (kinds == k) & (horizons == h) & ok
                if earlier.any():
                    naive[(origins == o) & (kinds == k) & (horizons == h)] = m[earlier].mean()
    judged = test & ok
    return (cover, reliability(p[judged], m[judged], naive[judged]), _bin_means(p[judged]),
            int((test & ~ok).sum()))
