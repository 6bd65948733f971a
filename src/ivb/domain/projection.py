"""Projections from a fitted trend: a year's count with an 80% prediction interval, and the chance that a
target is met.

The model's variance adds its uncertainty about the line (x' Cov x, on the log scale, carried over by the delta
method) to the year-to-year scatter of counts (dispersion x mean). On real police series that variance is too
small, the more so the further ahead (the back-test, `ivb backtest`): so for a later year the interval and the
chance come from the calibrated distribution of the standardised error (on the cube-root scale of the count)
that the back-test learned per horizon and size of series (`calibration`), not from the normal. Both use the
one distribution, so an interval and a chance never disagree. The chance adds a continuity correction, since counts are whole numbers.
What a year-to-date figure already counted is kept: it can settle a target before the year is over.
The rest of a year-to-date figure's year follows a seasonal profile (ivb.domain.seasonal), whose own
uncertainty is part of the interval.
See docs/methods.md and docs/decisions/0027-calibrated-projections.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ivb.domain import calibration
from ivb.domain.calibration import Spread
from ivb.domain.observations import Point
from ivb.domain.seasonal import Profile, remaining
from ivb.domain.trend import Fit, Trend
from ivb.domain.vocabulary import Operator

Z80 = 1.2815515655446004  # the 90th percentile of the standard normal: an 80% two-sided interval


@dataclass(frozen=True)
class Projection:
    year: int
    expected: float
    low: float  # 80% prediction interval
    high: float
    chance: float | None = None  # of meeting the target, when there is one
    chance_shown: float | None = None  # that chance as a page prints it (whole percents, 1-99% unless settled)
    known: float = 0.0  # the part already counted (a year-to-date figure), included in expected
    from_data_until: str = ""
    sd: float = 0.0  # the standard deviation of the uncounted part
    spread: Spread | None = None  # the calibrated distribution of the standardised error; None: normal
    profile: Profile | None = None  # how the rest of a year-to-date figure's year was spread over the months
    level: bool = False  # a count too small for a trend, carried at its level (`from_level`): a count distribution
    # A year under way completed with its trend (`complete_year`): how much the pace of the months counted weighed
    # in the rest of the year against what the years before expected (0 to 1).
    months_weight: float | None = None
    # ... how far the months counted lay from what the years before expected, in standard deviations, and what the
    # years before expected for the whole year
    surprise: float | None = None
    expected_before: float | None = None
    # The back-test's class of the printed chance when that class did not keep its word (`calibration.how_it_held`)
    held: calibration.HeldChance | None = None
    # The whole years between the last figure and `year`, each projected as it is (`years_between`): a chart draws
    # the band through them, so that a projection that first falls back to its line and then stays level does not
    # look like a fall carried on (walk CC).
    path: tuple[Projection, ...] = ()

    @property
    def profile_label(self) -> str:
        return self.profile.label if self.profile is not None else ""


def project_year(fit: Fit, year: int, known: Point | None = None, profile: Profile | None = None,
                 table: calibration.Calibration | bool = True) -> Projection:
    """The count for `year`. With `known` (a year-to-date figure of that year) only the remaining months are
    projected, with the seasonal `profile` of that figure (ivb.domain.seasonal), and added to what was counted.
    `table`: True for the shipped calibration, a calibration, or False for the model's own projection and normal
    interval (the back-test's "before"). The rest of the current year is never calibrated: the back-test knows
    whole years ahead only."""
    months_known = known.period.months if known is not None else 0
    middle = year + (months_known + (12 - months_known) / 2) / 12
    x = fit.row(middle)
    eta = float(x @ fit.beta)  # the trend's full-year log count around the remaining months
    ahead = horizon(fit, year)
    chosen = calibration.shipped() if table is True else table
    applied = chosen if known is None and ahead >= 1 and chosen else None
    spread = applied.spread(ahead, fit.level) if applied else None
    if applied is not None:
        eta = centred(eta, fit.trend_since_origin(middle), fit.last_residual, *applied.centre(ahead))
    level = math.exp(eta)
    rest, rest_sd = remaining(profile, months_known)
    mu = level * rest
    # The share still to come is uncertain too: rest = level x (1 - share), so by the delta method its sd
    # adds (level x sd of the share)^2 to the variance.
    shared = applied.shared_variance(ahead) if applied else 0.0
    dispersion, scale = (fit.dispersion, 1.0) if applied else fit.uncalibrated()
    sd = math.hypot(float(spread_sd(mu, dispersion, float(x @ fit.cov @ x) * scale, shared)), level * rest_sd)
    counted = known.value if known is not None else 0.0
    expected = counted + mu
    if spread is not None:  # calibrated: a whole year ahead, nothing counted yet
        low, high = (counted + float(b) for b in spread.bounds(mu, sd))
    elif known is not None:  # the rest of a year under way: a count with the model's mean and variance
        low, high = (counted + b for b in _rest_bounds(mu, sd))
    else:
        low, high = expected - Z80 * sd, expected + Z80 * sd
    return Projection(year, expected, max(counted, low, 0.0), high, known=counted,
                      from_data_until=known.period.label if known is not None else "", sd=sd, spread=spread,
                      profile=profile if known is not None else None)


def years_between(fit: Fit, year: int, table: calibration.Calibration | bool = True) -> tuple[Projection, ...]:
    """The whole years after the last figure `fit` saw (a year under way counts as its year) and before `year`, each
    projected with `project_year`."""
    first = math.floor(fit.origin)
    while horizon(fit, first) < 1:
        first += 1
    return tuple(project_year(fit, y, table=table) for y in range(first, year))


def from_year_so_far(known: Point, profile: Profile) -> Projection:
    """The whole year of a year-to-date count without a trend to project from (too few years): the rest of the
    year at the pace of the months counted, after their seasonal `profile`. The rest is a count with mean
    (counted + ½) x (1 - share) / share; its variance adds the pace's own uncertainty (counted is one draw, so the
    rate it gives scatters with it) and the share's (delta method) to the rest's own scatter (Poisson: without
    earlier years no overdispersion can be measured, so the interval is, if anything, too narrow). Walk AH:
    "ongeveer 273" against "lager dan 280" read "op koers" without an interval or a chance."""
    counted, share = float(known.value), profile.share
    rest = 1.0 - share
    # The pace is read from counted + ½ (Jeffreys' prior for a Poisson rate): nothing counted in January is no
    # certainty of nothing to come (review: "0 (80%-interval 0–0)" and 1% against "minstens 5").
    pace = counted + 0.5
    mu = pace * rest / share
    variance = mu + (rest / share) ** 2 * pace + (pace / share ** 2) ** 2 * profile.predictive_sd ** 2
    sd = math.sqrt(variance)
    low, high = (counted + b for b in _rest_bounds(mu, sd))
    return Projection(known.period.year, counted + mu, max(counted, low), high, known=counted,
                      from_data_until=known.period.label, sd=sd, profile=profile)


def complete_year(trend: Trend, year: int, known: Point, profile: Profile,
                  table: calibration.Calibration | bool = True) -> Projection:
    """The whole `year` of its year-to-date count `known`, for a series with a trend (ADR 0047).

    Before a month is counted, the year is what the whole years before it expect one year on, calibrated as any
    projection (`project_year` on `trend.before_this_year`): a level L with variance V. The months counted, C,
    and the months to come, R, are L times their share of the year plus the season's own error (the profile's
    `sd_beside_counts`: a share too high makes C high and R low), each with its own Poisson scatter; and the
    level of the months to come may drift from that of the months counted, as a random walk through the year
    with the level's own variance (a third of it between the two parts, whatever the month). R is predicted from
    C by the best linear predictor, with its mean and variance; the rest is a count with those (`_rest_bounds`).
    Early in the year the estimate stays near the years before, late in the year it follows the months, each as
    far as their uncertainties say; `months_weight` says how far. Without a fit on whole years (fewer than four,
    or a free break that leaves fewer after it) the year is completed at the pace of its months
    (`from_year_so_far`).

    Until 5 December 2026 the rest followed the trend fitted with the part year in it, uncalibrated: on the
    national months that interval held 53% of real years in January and chances of 80-90% came true 66% of the
    time (`ivb backtest --year-to-date`)."""
    fit = trend.before_this_year
    if fit is None:
        return from_year_so_far(known, profile)
    level, variance = _year_ahead(fit, year, table)
    counted, share = float(known.value), profile.share
    relative = max(variance - level, 0.0) / level ** 2  # the level's own uncertainty: V less a year's Poisson part
    var_counted, var_rest, covariance = _parts(level, relative, profile.sd_beside_counts, share)
    # A season that varies more than the level could make more counted mean fewer to come (a negative slope); the
    # years before are then the better guide, and the months get no weight rather than a negative one (review:
    # "150 (150-150)" and 99% beside "telt voor 0% mee").
    slope = max(covariance / var_counted, 0.0)
    mu = level * (1 - share) + slope * (counted - level * share)
    sd = math.sqrt(max(var_rest - slope * covariance, 1e-12))
    low, high = (counted + b for b in _rest_bounds(max(mu, 1e-6), sd))
    # At the pace of the months alone the slope would be (1 - s) / s; at the trend alone 0.
    weight = min(slope * share / (1 - share), 1.0)
    # How far the months counted lie from what the years before expected, in their own sd: far out, the model
    # that gave the interval was contradicted, and the back-test found such years inside it less often.
    surprise = (counted - level * share) / math.sqrt(var_counted)
    return Projection(year, counted + mu, max(counted, low), high, known=counted,
                      from_data_until=known.period.label, sd=sd, profile=profile, months_weight=weight,
                      surprise=surprise, expected_before=level)


def _parts(level: float, relative: float, q: float, share: float) -> tuple[float, float, float]:
    """Var(months counted), Var(months to come) and their covariance, for a year at `level` whose own uncertainty
    is `relative` (a variance relative to level squared), with the season's error `q` on the `share` counted."""
    spread, season = relative * level ** 2, (level * q) ** 2
    var_counted = spread * share ** 2 + season + level * share
    var_rest = spread * (1 - share) ** 2 * (1 + 1 / 3) + season + level * (1 - share)
    return var_counted, var_rest, spread * share * (1 - share) - season


def _year_ahead(fit: Fit, year: int, table: calibration.Calibration | bool) -> tuple[float, float]:
    """The count of the whole `year` that `fit` expects, and its variance: calibrated as `project_year` does (the
    calibrated distribution's width, in units of the normal's), or the model's own (`table` False or none
    shipped)."""
    ahead = max(horizon(fit, year), 1)
    chosen = calibration.shipped() if table is True else table
    x = fit.row(year + 0.5)
    eta, line = float(x @ fit.beta), float(x @ fit.cov @ x)
    if not chosen:
        level = math.exp(eta)
        dispersion, scale = fit.uncalibrated()
        return level, dispersion * level + level * level * line * scale
    level = math.exp(centred(eta, fit.trend_since_origin(year + 0.5), fit.last_residual, *chosen.centre(ahead)))
    sd = float(spread_sd(level, fit.dispersion, line, chosen.shared_variance(ahead)))
    if (spread := chosen.spread(ahead, fit.level)) is not None:
        low, high = spread.interval()
        sd *= (high - low) / (2 * Z80)
    return level, sd * sd


LEVEL_WINDOW = 7  # the newest whole years a small count's level is read from, as a trend's window (ADR 0035)


def from_level(years: Sequence[float], year: int, partial: Point | None = None,
               profile: Profile | None = None, ahead: int = 1) -> Projection:
    """The count of `year` for a series too small for a trend (fewer than 10 a year, `trend.MIN_EXPECTED_PER_YEAR`):
    its level carried on unchanged, as ADR 0027 found the trend of larger series to carry on hardly at all. `years`:
    the newest whole years' counts; `partial`: a year-to-date count with its seasonal `profile`, which counts
    towards the level as its share of a year and, when it is of `year` itself, is what was counted already.

    The rate is (counts + ½) / years (Jeffreys' prior for a Poisson rate); the count to come is a negative binomial
    with that mean and the variance of a Poisson-gamma prediction, dispersion x mean x (1 + rest / years), the
    dispersion measured on the years (at least 1) times the extra scatter the back-test learned for a level
    `ahead` years on (`calibration.small_count_scatter_at`: seven small counts show too little of how a level
    drifts), plus the profile's uncertainty (delta method). Walk AR: a
    burglary in Vlieland (0,4 a year) read "niet op koers" for "hoogstens 0" on the last figure alone. Back-tested
    on the real police series under 10 a year (`ivb backtest --small-counts`, ADR 0046)."""
    counts = [float(c) for c in years]
    share = profile.share if partial is not None and profile is not None else 0.0
    exposure = len(counts) + (share if partial is not None and share > 0 else 0.0)
    rate = level_rate(counts, partial, profile)
    known = partial if partial is not None and partial.period.year == year and share > 0 else None
    rest = 1.0 - share if known is not None else 1.0
    mu = rate * rest
    variance = calibration.small_count_scatter_at(ahead) * level_dispersion(counts) * mu * (1.0 + rest / exposure)
    if known is not None and profile is not None:
        variance += (rate * profile.predictive_sd) ** 2
    sd = math.sqrt(variance)
    counted = float(known.value) if known is not None else 0.0
    low, high = (counted + b for b in _rest_bounds(mu, sd))
    return Projection(year, counted + mu, max(counted, low), high, known=counted,
                      from_data_until=known.period.label if known is not None else "", sd=sd,
                      profile=profile if known is not None else None, level=True)


def level_rate(years: Sequence[float], partial: Point | None = None, profile: Profile | None = None) -> float:
    """A small count's rate a year: its whole years and a year-to-date count (as its profile's share of a year)
    together, (counts + ½) / years (Jeffreys' prior for a Poisson rate). `from_level` projects with it; a status
    says it (`targets._level_projected`)."""
    share = profile.share if partial is not None and profile is not None else 0.0
    total, exposure = float(sum(years)), float(len(years))
    if partial is not None and share > 0:
        total, exposure = total + float(partial.value), exposure + share
    return (total + 0.5) / exposure


def level_dispersion(counts: Sequence[float]) -> float:
    """How much more the yearly counts scatter around their mean than chance alone: Pearson's statistic over its
    degrees of freedom, at least 1 (the quasi-Poisson dispersion of a model with a level only)."""
    if len(counts) < 2:
        return 1.0
    mean = max(sum(counts) / len(counts), 0.5 / len(counts))
    return max(1.0, sum((c - mean) ** 2 for c in counts) / mean / (len(counts) - 1))


def line_now(fit: Fit) -> float:
    """The fitted trend line's full-year count at the last figure: where a calibrated projection starts before the
    part of the last figure's distance from it that persists (`centred`)."""
    return math.exp(float(fit.row(fit.origin) @ fit.beta))


def centred(eta, trend_part, last_residual, damping, persistence):
    """The calibrated projection on the log scale. On real police series a fitted trend goes on only in part
    (`damping` of it), and the last figure's distance from the fitted line persists in part (`persistence`);
    the back-test learns both per horizon."""
    return eta - (1.0 - damping) * trend_part + persistence * last_residual


def spread_sd(mu, dispersion, line_variance, shared_variance=0.0):
    """The standard deviation of a count with mean `mu`: the year-to-year scatter (dispersion x mean) plus the
    uncertainty of the line (x' Cov x on the log scale, by the delta method), plus, calibrated, the relative
    variance of what hits every place in a year alike (a new counting rule, a pandemic, the end of a long
    decline), which one series cannot show."""
    return np.sqrt(dispersion * mu + mu * mu * (line_variance + shared_variance))


def horizon(fit: Fit, year: int) -> int:
    """Whole years from the last figure the fit saw to the projected year (a year-to-date point counts as its
    part of a year): 2018 to 2023 is 5, "2019 t/m september" to 2023 is 4."""
    return max(0, round(year + 0.5 - fit.origin))


def chance_of(projection: Projection, operator: Operator | str, threshold: float) -> float:
    """P(count <operator> threshold) under the projection's distribution (calibrated, or the normal)."""
    operator = Operator(operator)
    settled = decided(projection.known, operator, threshold) if projection.known else None
    if settled is not None:
        return settled
    if projection.sd <= 0:  # nothing uncertain: the expected count itself, as a whole count
        return float(_chance(_certain_below, np.asarray(projection.expected), 0.0, operator, threshold))
    if projection.spread is None and (projection.profile is not None or projection.level):
        # The rest of a year under way, on the cube root of what is still to come: no mass below what was
        # counted (counts only grow), and a small rest leans right as counts do.
        counted = projection.known
        return float(_chance(lambda edge, e, sd: _rest_below(edge - counted, e - counted, sd),
                             np.asarray(projection.expected), np.asarray(projection.sd), operator, threshold))
    below = projection.spread.below if projection.spread else _normal_below
    return float(_chance(below, np.asarray(projection.expected), np.asarray(projection.sd), operator, threshold))


def chances(expected: np.ndarray, sd: np.ndarray, operator: Operator | str, threshold: np.ndarray,
            table: calibration.Calibration | None = None, horizons: np.ndarray | None = None,
            levels: np.ndarray | None = None) -> np.ndarray:
    """`chance_of` for many projections at once (the back-test): the same distributions, vectorised. `table`:
    a calibration (the shipped one, or one the back-test learned on earlier origins); None: the normal."""
    operator = Operator(operator)
    if table is None:
        return _chance(_normal_below, expected, sd, operator, threshold)
    assert horizons is not None and levels is not None  # a calibrated chance is looked up by both
    out = np.empty(len(expected))
    cells = np.minimum(horizons, calibration.MAX_HORIZON) * 10 + calibration.level_class(levels)
    for code in np.unique(cells):
        mask = cells == code
        spread = table.spread_of_cell((int(code) // 10, int(code) % 10))
        below = spread.below if spread else _normal_below
        out[mask] = _chance(below, expected[mask], sd[mask], operator,
                            threshold[mask] if np.ndim(threshold) else threshold)
    return out


def _normal_below(edge, expected, sd):
    from scipy.stats import norm

    return norm.cdf((edge - expected) / np.maximum(sd, 1e-12))


def _certain_below(edge, expected, _sd):
    return np.asarray(expected <= edge, dtype=float)


def _rest_cdf(k, mean: float, sd: float):
    """P(rest <= k) for the count still to come in a year under way: a negative binomial with the model's mean
    and variance (Poisson when the variance is no larger than the mean). A count: never below zero, and its
    chance of none at all is what counts give it, not a normal's tail. By the incomplete beta function, not
    scipy.stats' frozen distributions: a page of a year under way asks this for every series (1,5 ms each)."""
    from scipy.special import betainc, pdtr

    k = np.asarray(k, dtype=float)
    mean, variance = max(float(mean), 1e-9), float(sd) ** 2
    whole = np.maximum(np.floor(k), 0.0)
    if variance <= mean * (1 + 1e-9):
        below = pdtr(whole, mean)
    else:
        below = betainc(mean * mean / (variance - mean), whole + 1.0, mean / variance)
    return np.where(k < 0, 0.0, below)


def _rest_bounds(mean: float, sd: float) -> tuple[float, float]:
    """The 10th and 90th percentile of the rest (`_rest_cdf`): the least whole counts whose P(rest <= k) reaches
    them."""
    low = max(0, math.floor(mean - 10 * sd - 5))
    high = math.ceil(mean + 10 * sd + 10)
    if high - low > 4096:  # a large count (a region's, the country's): halve the range rather than list it
        return float(_least_reaching(0.10, low, high, mean, sd)), float(_least_reaching(0.90, low, high, mean, sd))
    counts = np.arange(low, high + 1)
    cdf = _rest_cdf(counts, mean, sd)
    at = np.minimum(np.searchsorted(cdf, [0.10, 0.90]), len(counts) - 1)
    return float(counts[at[0]]), float(counts[at[1]])


def _least_reaching(q: float, low: int, high: int, mean: float, sd: float) -> int:
    """The least whole count in low..high whose P(rest <= k) reaches `q` (`high` when none does), by bisection."""
    while low < high:
        middle = (low + high) // 2
        if _rest_cdf(middle, mean, sd) >= q:
            high = middle
        else:
            low = middle + 1
    return low


def _rest_below(edge, expected, sd):
    """P(rest < edge) for the months still to come (`_rest_cdf`); `edge` lies half-way between whole counts."""
    return _rest_cdf(np.ceil(edge) - 1, float(expected), float(sd))


def _last_below(operator: Operator, threshold):
    """The highest whole count on the low side of the target: "< 80" and "<= 79.6" give 79, "> 107.2" and
    ">= 108" give 107. Arrays too."""
    return {Operator.LT: np.ceil(threshold) - 1, Operator.LE: np.floor(threshold),
            Operator.GT: np.floor(threshold), Operator.GE: np.ceil(threshold) - 1}[operator]


def _chance(below_edge, expected, sd, operator: Operator, threshold):
    # Whole counts: the boundary sits half-way between the last count that meets the target and the first that
    # does not. "< 80" means "<= 79": 79.5; a broken threshold (20% fewer than 134) the same way: "< 107.2" and
    # "<= 107.2" both mean "<= 107", "> 107.2" and ">= 107.2" both ">= 108": 107.5.
    last = _last_below(operator, threshold)
    # No count is below zero: "< 0" cannot be met and ">= 0" always is, whatever the distribution's tails say.
    below = np.where(last < 0, 0.0, below_edge(np.maximum(last, 0) + 0.5, expected, sd))
    return below if operator.wants_lower else 1.0 - below


def beyond_counts(operator: Operator | str, threshold: float) -> float | None:
    """0 for a target no count can meet ("lager dan 0"), 1 for one every count meets ("minstens 0"); else None."""
    operator = Operator(operator)
    if _last_below(operator, threshold) >= 0:
        return None
    return 0.0 if operator.wants_lower else 1.0


def decided(counted: float, operator: Operator | str, threshold: float) -> float | None:
    """What was already counted can settle a target: counts only grow during a year. 0 or 1, or None."""
    operator = Operator(operator)
    if operator.wants_lower and not operator.holds(counted, threshold):
        return 0.0
    if not operator.wants_lower and operator.holds(counted, threshold):
        return 1.0
    return None


def printed(chance):
    """An undecided projection's chance as IVB prints it: whole percents from 1 to 99, since a projection is
    never certain (ADR 0027, "Printing a chance"). The back-test judges these, the chances a reader is given.
    Arrays too."""
    return np.clip(np.round(np.asarray(chance, dtype=float) * 100), 1, 99) / 100


def printed_chances(chance, operator: Operator | str, threshold):
    """`printed` for many targets at once, where a target no count can meet (or every count meets) reads 0%
    (100%), as `beyond_counts` has a page print it."""
    operator = Operator(operator)
    beyond = _last_below(operator, np.asarray(threshold, dtype=float)) < 0
    return np.where(beyond, 0.0 if operator.wants_lower else 1.0, printed(chance))
