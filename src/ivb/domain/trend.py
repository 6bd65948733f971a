"""Trend verdicts for count series: a quasi-Poisson log-linear model with the period length as exposure.

    log E[y_i] = log(exposure_i) + a + b * t_i  (+ c * after_break_i)

- `t_i` is the middle of the period in years, so "2019 t/m september" sits at 2019.375 with exposure 0.75:
  a partial year is never read as a full year.
- The dispersion is estimated from the Pearson residuals and never taken below 1 (quasi-Poisson): counts of
  incidents vary more than a pure Poisson model says, and six points cannot prove they vary less.
- The slope is tested with Student's t on n - p degrees of freedom (with six points the normal
  approximation is too sure of itself). A trend is called when the two-sided p-value is below 0.10, i.e.
  when the 90% interval of the yearly change excludes zero. See docs/decisions/0006-trend-model.md.
- Series whose expected count is below 10 a year get "too few": with 2 to 4 events a year chance dominates.
- A break recorded by hand (a municipal merger, a change whose size nobody knows) adds a free step: the slope is
  then the trend within the segments, not the jump between them; it needs two points on each side.
- A break whose size is known (the police counting rule of 1 July 2018, estimated on the national monthly
  figures, see `ivb.domain.series_breaks`) adds no parameter: the exposure of what was counted after it is
  multiplied by its factor (a year that straddles it only for its months after), so one point after the break
  is enough. Projections use the factor of the year they project: the future is counted by the new rule.

All series of a batch are fitted together: iteratively reweighted least squares over stacked arrays, one
(p x p) solve per series per iteration, vectorised with numpy. No statsmodels call per series.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

import numpy as np

from ivb.domain.break_words import known_break_sentence
from ivb.domain.i18n import _
from ivb.domain.numbers import format_number
from ivb.domain.observations import KnownBreak, Point, SeriesData, annual_points
from ivb.domain.vocabulary import Verdict

ALPHA = 0.10
# Without a significant change a series is "stabiel" only when its 90% interval rules out more than this change a
# year either way; else "geen duidelijke richting": +12,6% a year (90%: −4,6% to +32,9%) after 47 → 124 had read
# "stabiel" (walk AM).
STABLE_WITHIN = 0.15
MIN_POINTS = 4
HALF_A_YEAR = 0.5  # a year under way counts as a measurement for MIN_POINTS from this share of its year on
# A trend and its projection are fitted on the newest seven years of a series: the window the projection's
# calibration was learned and tested on (ADR 0027), and a verdict about the recent course, not about a decline
# that ended years ago (ADR 0034).
TREND_YEARS = 7
MIN_EXPECTED_PER_YEAR = 10.0


@dataclass(frozen=True)
class Trend:
    """The verdict on one series. `verdict` is rising, falling, stable or too_few."""

    verdict: Verdict
    reason: str = ""
    slope: float | None = None  # b: change in log count per year
    change_per_year: float | None = None  # exp(b) - 1
    interval: tuple[float, float] | None = None  # 90% interval of change_per_year
    p_value: float | None = None
    dispersion: float | None = None
    points: int = 0
    mean_per_year: float | None = None
    fit: Fit | None = None
    known_breaks: tuple[KnownBreak, ...] = ()  # breaks of known size inside the fitted data, corrected for
    years: tuple[int, int] | None = None  # the first and last year of the fitted points
    small_counts: bool = False  # too few: enough years, but fewer than MIN_EXPECTED_PER_YEAR a year
    partial_last: str = ""  # the last fitted point's period when it is a part of a year ("2026 t/m september")
    # When the newest point is a year under way: the fit on the whole years before it, from which that year is
    # completed (`projection.complete_year`); None when there are too few whole years for a fit.
    before_this_year: Fit | None = None

    @property
    def known_break_texts(self) -> list[str]:
        """Per break corrected for, the sentence that tells the reader (for pages without series sentences)."""
        return [known_break_sentence(k) for k in self.known_breaks]


@dataclass(frozen=True)
class Fit:
    """What a fitted series model needs to project: coefficients, their covariance, the design's origin."""

    beta: np.ndarray
    cov: np.ndarray  # scaled by `dispersion`
    dispersion: float  # the scatter projections take: without the largest residual (`trimmed_scatter`)
    df: int
    origin: float
    breaks: tuple[float, ...]
    # Breaks of known size as (time, factor). When there are any, `beta` and `cov` carry one more coefficient,
    # fixed at 1 with no variance: the row's last entry is the log of the known factor of the projected year.
    known: tuple[tuple[float, float], ...] = ()
    level: float = 0.0  # mean count per year: the calibration differs for small and large series
    last_residual: float = 0.0  # log of the last figure over its fitted value: real series persist in part
    # X² / df (at least 1), the model's own dispersion: a projection without a calibration takes it, since the
    # trimmed one is smaller by design and only a calibration learned in its units makes up for that (review).
    model_dispersion: float = 0.0

    def uncalibrated(self) -> tuple[float, float]:
        """The dispersion and the factor on the line's variance (`cov` is scaled by `dispersion`) of the model's
        own projection, without a calibration."""
        model = self.model_dispersion or self.dispersion
        return model, model / self.dispersion

    def trend_since_origin(self, t: float) -> float:
        """The fitted trend's change on the log scale from the last figure to time t: the slope only, never a
        break's step (a known step is a fact to keep, not a trend to damp)."""
        return float(self.beta[1] * (t - self.origin))

    def row(self, t: float) -> np.ndarray:
        """The design row for a (full-year) period whose middle is at calendar time t."""
        steps = [1.0 if t > b else 0.0 for b in self.breaks]
        if not self.known:
            return np.array([1.0, t - self.origin, *steps])
        return np.array([1.0, t - self.origin, *steps, _year_level(self.known, t)])


@dataclass(frozen=True)
class Design:
    y: np.ndarray
    exposure: np.ndarray
    t: np.ndarray
    breaks: tuple[float, ...]
    level: np.ndarray | None = None  # per point, the log of the known breaks' factor: part of the exposure
    known: tuple[tuple[float, float], ...] = ()  # breaks of known size, as (time, factor)
    # Carried into the Trend as they are (see Trend): set here so that no copy of each Trend is made after.
    years: tuple[int, int] | None = None
    partial_last: str = ""


def trends(series: list[SeriesData], until_year: int | None = None) -> list[Trend]:
    """Trend verdicts for count series, fitted in one batch on their newest `TREND_YEARS`. Same order as `series`."""
    from ivb.domain.seasonal import shares  # seasonal reads points; the fit needs it only here

    yearly = [annual_points(s.points, until_year) for s in series]
    return fit_series(yearly, [s.breaks for s in series], [s.known_breaks for s in series],
                      lambda n, points: shares(series[n].key, series[n].name, series[n].points, points))


def fit_series(yearly: list[list[Point]], breaks: list[list[dt.date]], known: list[list[KnownBreak]],
               shares: Callable[[int, list[Point]], list[float | None] | None]) -> list[Trend]:
    """Fit each series on its newest TREND_YEARS (`window`) of `yearly` points. A series whose newest point is a
    year under way is fitted a second time, on the TREND_YEARS whole years before it (`Trend.before_this_year`):
    that year is completed from what those years expected and the months counted, each counted once
    (`projection.complete_year`, ADR 0047). `shares(n, points)`: the seasonal shares of series n's points
    (`seasonal.shares`)."""
    windows = [window(points) for points in yearly]
    fitted = fit_points(windows, breaks, known, [shares(n, points) for n, points in enumerate(windows)])
    under_way = [n for n, points in enumerate(yearly) if points and points[-1].period.is_partial_year]
    if under_way:
        whole = [window(yearly[n][:-1]) for n in under_way]
        before = fit_points(whole, [breaks[n] for n in under_way], [known[n] for n in under_way],
                            [shares(n, points) for n, points in zip(under_way, whole, strict=True)])
        for n, trend in zip(under_way, before, strict=True):
            fitted[n] = replace(fitted[n], before_this_year=trend.fit)
    return fitted


def window(points: list[Point], years: int = TREND_YEARS) -> list[Point]:
    """The yearly points (see `annual_points`) of the newest `years` calendar years, counted back from the newest
    point's year."""
    if not points:
        return points
    first = points[-1].period.year - years + 1
    return [p for p in points if p.period.year >= first]


def fit_points(point_lists: list[list[Point]], breaks: list[list[dt.date]],
               known: list[list[KnownBreak]] | None = None,
               shares: list[list[float | None] | None] | None = None) -> list[Trend]:
    """Fit series given as yearly points (see `annual_points`), each with its recorded breaks (a free step
    each) and its breaks of known size (an exposure factor each). `shares`: per series, per point, the share of
    a year a year-to-date point holds, from its seasonal profile (`seasonal.shares`); without one, its months
    counted (January-September as 9/12, without June as 8/12)."""
    known = known if known is not None else [[] for _points in point_lists]
    rows: list[tuple[int, int, int, float, float]] = []
    lengths: list[int] = []
    for points in point_lists:
        lengths.append(len(points))
        rows.extend((p.period.year, p.period.first_month, p.period.last_month, p.value, p.period.exposure)
                    for p in points)
    # One array for every point of every series; each series is a slice of it.
    raw = np.array(rows, dtype=np.float64).reshape(-1, 5)
    months = raw[:, 2] - raw[:, 1] + 1
    t, exposure, y = raw[:, 0] + (raw[:, 1] - 1 + months / 2) / 12, raw[:, 4].copy(), raw[:, 3]
    bounds = np.concatenate([[0], np.cumsum(lengths)]).astype(int)
    for series_shares, a in zip(shares or [], bounds[:-1], strict=False):
        for j, share in enumerate(series_shares or []):
            if share is not None and exposure[a + j] < 1:
                exposure[a + j] = share  # a season, not a count of months: Jan-Sep holds 70.5% of burglaries
    start, end = raw[:, 0] + (raw[:, 1] - 1) / 12, raw[:, 0] + raw[:, 2] / 12
    pairs = [_known_pairs(tuple((k.date, k.factor) for k in kn)) if kn else () for kn in known]
    level = _known_levels(pairs, bounds, start, end) if any(pairs) else None
    designs = [Design(y[a:b], exposure[a:b], t[a:b], _break_times(br), level[a:b] if p and level is not None else None, p,
                      (points[0].period.year, points[-1].period.year) if points else None,
                      points[-1].period.label if points and points[-1].period.is_partial_year else "")
               for br, p, a, b, points in zip(breaks, pairs, bounds[:-1], bounds[1:], point_lists, strict=True)]
    # Counts per year of every series at once (reduceat needs a non-empty slice: empty series get 0).
    starts = np.minimum(bounds[:-1], max(len(y) - 1, 0))
    sizes = np.diff(bounds)
    totals = np.where(sizes > 0, np.add.reduceat(y, starts) if len(y) else 0.0, 0.0)
    years = np.where(sizes > 0, np.add.reduceat(exposure, starts) if len(y) else 1.0, 1.0)
    fitted = fit_designs(designs, totals / years)
    return [replace(trend, known_breaks=_inside(kn, start[a:b], end[a:b])) if trend.fit is not None and kn else trend
            for trend, kn, a, b in zip(fitted, known, bounds[:-1], bounds[1:], strict=True)]


def _break_times(breaks: list[dt.date]) -> tuple[float, ...]:
    if not breaks:
        return ()
    return tuple(b.year + (b.month - 1 + (b.day - 1) / 31) / 12 for b in breaks)


@cache
def _known_pairs(known: tuple[tuple[dt.date, float], ...]) -> tuple[tuple[float, float], ...]:
    """(time, factor) per break, sorted; cached on plain (date, factor) pairs, which hash fast."""
    return tuple(sorted(zip(_break_times([d for d, _f in known]), (f for _d, f in known), strict=True)))


def _known_levels(pairs: list[tuple[tuple[float, float], ...]], bounds: np.ndarray, start: np.ndarray,
                  end: np.ndarray) -> np.ndarray:
    """Per point of every series, the log of the factor by which its series' known breaks scale what the
    period from `start` to `end` counts: the share of the period after a break counts `factor` times."""
    level = np.zeros(len(start))
    for j in range(max(len(p) for p in pairs)):  # the j-th break of every series at once
        b, factor = np.full(len(start), np.inf), np.ones(len(start))
        for p, lo, hi in zip(pairs, bounds[:-1], bounds[1:], strict=True):
            if len(p) > j:
                b[lo:hi], factor[lo:hi] = p[j]
        level += np.log1p(np.clip((end - b) / (end - start), 0.0, 1.0) * (factor - 1.0))
    return level


def _year_level(known: tuple[tuple[float, float], ...], t: float) -> float:
    """The same for one full year whose middle is at t."""
    return sum(math.log1p(min(max(t + 0.5 - b, 0.0), 1.0) * (factor - 1.0)) for b, factor in known)


def _inside(known: list[KnownBreak], start: np.ndarray, end: np.ndarray) -> tuple[KnownBreak, ...]:
    """The known breaks that fall within the fitted data: those the verdict was corrected for."""
    if not len(start):
        return ()
    return tuple(k for k, b in zip(known, _break_times([k.date for k in known]), strict=True)
                 if start.min() < b < end.max())


def fit_designs(designs: list[Design], means: np.ndarray | None = None) -> list[Trend]:
    results: list[Trend | None] = [None] * len(designs)
    groups: dict[tuple[int, int], list[int]] = {}
    for i, d in enumerate(designs):
        if d.breaks:
            d = designs[i] = _useful_breaks(d)
        n = len(d.y)
        params = 2 + len(d.breaks)
        if means is not None:
            mean = float(means[i]) if n else 0.0
        else:
            mean = float(d.y.sum() / d.exposure.sum()) if n else 0.0
        # A year under way counts towards the minimum once half of it is counted (walk BR: January alone, 8% of a
        # year, beside three whole years gave a verdict and a projection two years on). Its exposure is its share.
        counted = int((d.exposure >= HALF_A_YEAR).sum())
        if counted < MIN_POINTS or n - params < 2:
            # How many it takes, as the survey's "een trend vraagt om minstens twee" says (walk of 4 December).
            results[i] = Trend(Verdict.TOO_FEW, _("%(n)s van de minstens %(min)s metingen die een trend vraagt")
                               % {"n": counted, "min": max(MIN_POINTS, params + 2)}, points=n,
                               mean_per_year=mean if n else None, years=d.years, partial_last=d.partial_last)
        elif mean < MIN_EXPECTED_PER_YEAR:
            results[i] = Trend(Verdict.TOO_FEW, _("kleine aantallen: gemiddeld %(mean)s per jaar") % {"mean": _one_decimal(mean)},
                               points=n, mean_per_year=mean, small_counts=True, years=d.years,
                               partial_last=d.partial_last)
        elif any(not _breaks_inside(d, b) for b in d.breaks):
            results[i] = Trend(Verdict.TOO_FEW, _("te weinig metingen aan één kant van een breuk in de reeks"), points=n,
                               mean_per_year=mean, years=d.years, partial_last=d.partial_last)
        else:
            groups.setdefault((n, params), []).append(i)
    for (_points, params), members in groups.items():
        for i, trend in zip(members, _fit_group([designs[i] for i in members], params), strict=True):
            results[i] = trend
    assert all(r is not None for r in results)  # every design got its trend above
    return [r for r in results if r is not None]


def _useful_breaks(d: Design) -> Design:
    """Keep the breaks that split the data: drop those before or after every point, and repeats that split
    it in the same place (a rule change and a merger in the same half-year)."""
    kept, seen = [], set()
    for b in sorted(set(d.breaks)):
        split = tuple(d.t > b)
        if any(split) and not all(split) and split not in seen:
            kept.append(b)
            seen.add(split)
    return d if tuple(kept) == d.breaks else replace(d, breaks=tuple(kept))


def _breaks_inside(d: Design, b: float) -> bool:
    # Same side rule as the design: a period whose middle is after the break counts after it.
    return bool((d.t <= b).sum() >= 2 and (d.t > b).sum() >= 2)


def _fit_group(designs: list[Design], params: int) -> list[Trend]:
    """IRLS for a stack of series that share their number of points and parameters."""
    from scipy import stats

    y = np.stack([d.y for d in designs])  # (S, T)
    exposure = np.stack([d.exposure for d in designs])
    offset = np.log(exposure)
    if any(d.level is not None for d in designs):
        offset = offset + np.stack([d.level if d.level is not None else np.zeros(len(d.y)) for d in designs])
    origin = np.array([d.t.max() for d in designs])
    t = np.stack([d.t for d in designs]) - origin[:, None]
    columns = [np.ones_like(t), t]
    for k in range(params - 2):
        columns.append(np.stack([(d.t > d.breaks[k]).astype(float) for d in designs]))
    X = np.stack(columns, axis=2)  # (S, T, P)

    beta = np.zeros((len(designs), params))
    beta[:, 0] = np.log(np.maximum(y.sum(1), 0.5) / np.exp(offset).sum(1))
    failed = np.zeros(len(designs), dtype=bool)
    step = np.full(len(designs), np.inf)
    for _iteration in range(100):
        eta = np.clip(np.einsum("stp,sp->st", X, beta) + offset, -700, 700)
        mu = np.exp(eta)
        z = eta - offset + (y - mu) / mu
        XtW = X * mu[:, :, None]
        A = np.einsum("stp,stq->spq", XtW, X)
        rhs = np.einsum("stp,st->sp", XtW, z)
        new, singular = _solve(A, rhs)
        failed |= singular
        new[failed] = beta[failed]
        step = np.abs(new - beta).max(1)
        beta = new
        if (step[~failed] < 1e-10).all():
            break
    # A fit that does not settle (zeros on one side of a break, a series that starts from nothing) says
    # nothing reliable about a trend.
    failed |= (step >= 1e-6) | ~np.isfinite(beta).all(1) | (np.abs(beta[:, 1]) > 5)
    beta[failed] = 0.0
    mu = np.exp(np.einsum("stp,sp->st", X, beta) + offset)
    A = np.einsum("stp,stq->spq", X * mu[:, :, None], X)
    A[failed] = np.eye(params)
    df = y.shape[1] - params
    pearson = ((y - mu) ** 2 / mu).sum(1) / df
    dispersion = np.maximum(pearson, 1.0)
    inverse = np.linalg.inv(A)
    cov = inverse * dispersion[:, None, None]
    # A projection's scatter leaves the largest residual out (ADR 0058): one outlying year would otherwise widen
    # every projection after it. The verdict keeps X² / df.
    scatter = trimmed_scatter((y - mu) ** 2 / mu, df)
    projection_cov = inverse * scatter[:, None, None]
    se = np.sqrt(cov[:, 1, 1])
    slope = beta[:, 1]
    p_value = 2 * stats.t.sf(np.abs(slope / se), df)
    half = stats.t.ppf(1 - ALPHA / 2, df) * se
    mean = y.sum(1) / exposure.sum(1)  # as counted: the known breaks change the fit, not what was counted
    last = np.argmax(t, axis=1)
    rows = np.arange(len(designs))
    last_residual = np.log((y[rows, last] + 0.5) / (mu[rows, last] + 0.5))

    # The known factor as a coefficient fixed at 1 with no variance (see Fit.known), for the whole group at once.
    beta_known = np.concatenate([beta, np.ones((len(designs), 1))], axis=1)
    cov_known = np.zeros((len(designs), params + 1, params + 1))
    cov_known[:, :params, :params] = projection_cov

    out = []
    for i, d in enumerate(designs):
        if failed[i]:
            out.append(Trend(Verdict.TOO_FEW, _("het model komt op deze reeks niet tot een trend: kijk of een cijfer ver van de "
                                               "andere ligt, of aan één kant van een breuk alleen nullen staan"),
                             points=len(d.y), mean_per_year=float(mean[i]), years=d.years,
                             partial_last=d.partial_last))
            continue
        low, high = float(np.expm1(slope[i] - half[i])), float(np.expm1(slope[i] + half[i]))
        verdict = level_verdict(float(p_value[i]), float(slope[i]), (low, high))
        b_i, cov_i = (beta_known[i], cov_known[i]) if d.known else (beta[i], projection_cov[i])
        fit = Fit(b_i, cov_i, float(scatter[i]), df, float(origin[i]), d.breaks, d.known, float(mean[i]),
                  float(last_residual[i]), float(dispersion[i]))
        out.append(Trend(
            verdict=verdict, slope=float(slope[i]), change_per_year=float(np.expm1(slope[i])),
            interval=(low, high),
            p_value=float(p_value[i]), dispersion=float(dispersion[i]), points=len(d.y),
            mean_per_year=float(mean[i]), fit=fit, years=d.years, partial_last=d.partial_last))
    return out


def trimmed_scatter(squared: np.ndarray, df: int) -> np.ndarray:
    """Per series (rows of squared Pearson residuals), the dispersion without its largest residual: (sum - max) /
    (df - 1), never below 1 (a fit has df >= 2, `fit_designs`). The calibration (ADR 0027) is learned in units of this
    scatter, so its bias for a well-behaved series is absorbed there; what it changes is that one year far off no
    longer makes a series look erratic."""
    return np.maximum((squared.sum(1) - squared.max(1)) / (df - 1), 1.0)


def level_verdict(p_value: float, slope: float, interval: tuple[float, float]) -> Verdict:
    """Rising or falling when chance cannot explain the slope; stable when the 90% interval of the yearly change
    lies within ±STABLE_WITHIN; else no clear direction (the figures allow a large change either way)."""
    if p_value < ALPHA:
        return Verdict.RISING if slope > 0 else Verdict.FALLING
    return Verdict.STABLE if max(abs(interval[0]), abs(interval[1])) <= STABLE_WITHIN else Verdict.UNCLEAR


# ------------------------------------------------------------------------------- surveys and ranks

@dataclass(frozen=True)
class Change:
    """Two measurements of a survey figure or a rank compared. `verdict` as for trends."""

    verdict: Verdict
    reason: str
    previous: Point | None = None
    latest: Point | None = None
    longer: bool = False  # compared with the first measurement of the window, not the one before (see survey_change)


def survey_change(points: list[Point], unit: str = "") -> Change:
    """A survey percentage or grade: a change inside the margins is no change. The difference of two percentages
    is in procentpunt, and says so (a grade's difference needs no word)."""
    ordered = sorted(points, key=lambda p: p.period.end)
    if not ordered:  # walk BK: "één meting" on a page of a year before the series' only figure
        return Change(Verdict.TOO_FEW, _("nog geen meting; een trend vraagt om minstens twee"))
    if len(ordered) < 2:
        return Change(Verdict.TOO_FEW, _("één meting; een trend vraagt om minstens twee"), latest=ordered[-1])
    prev, last = ordered[-2], ordered[-1]
    diff = last.value - prev.value
    word = " " + _("procentpunt") if unit == "percent" else ""
    if unit == "count" and prev.margin is None and last.margin is None:
        # A stand that is counted, not sampled (businesses with a quality mark on 31 December): its difference is
        # real, not chance (walk BH: "de bron geeft geen marge, dus of het verschil (+4,0) meer is dan toeval …").
        values = {"diff": _signed(diff, decimals=0 if diff == round(diff) else 1), "period": prev.period.label}
        if diff == 0:
            return Change(Verdict.STABLE, _("de stand is even hoog als in %(period)s") % values, prev, last)
        return Change(Verdict.RISING if diff > 0 else Verdict.FALLING,
                      _("het verschil met %(period)s (%(diff)s) is geteld, niet uit een steekproef geschat") % values,
                      prev, last)
    if prev.margin is None or last.margin is None:
        # Without a margin a survey difference may be sampling noise: no direction is given for it. When one of
        # the two has a margin, the other is named (walk of 4 December: "de bron geeft geen marge" beside a
        # figure shown with its margin).
        without = [p for p in (prev, last) if p.margin is None]
        reason = (_("de bron geeft geen marge, dus of het verschil (%(diff)s) meer is dan toeval, valt niet te "
                    "zeggen") if len(without) == 2 else
                  _("het cijfer van %(period)s heeft geen marge, dus of het verschil (%(diff)s) meer is dan toeval, "
                    "valt niet te zeggen"))
        return Change(Verdict.TOO_FEW, reason % {"diff": _signed(diff) + word, "period": without[0].period.label},
                      prev, last)
    combined = (prev.margin ** 2 + last.margin ** 2) ** 0.5
    values = {"diff": _signed(diff) + word, "margin": format_number(combined, "count", decimals=1) + word}
    if abs(diff) <= combined:
        # Small steps can add up to more than the margins (walk BU: 25, 24, 22, 21% ±1,5 read "stabiel"): the last
        # measurement is also set beside the first of the window the count trends use, one comparison declared
        # beforehand, not the pair that differs most.
        if (longer := _since_first(ordered, word)) is not None:
            return longer
        # The margin of a difference is both figures' together (walk BH: "de marge (±2,2)" beside "±1,6").
        return Change(Verdict.STABLE, _("het verschil (%(diff)s) valt binnen de marge van beide metingen samen "
                                        "(±%(margin)s)") % values,
                      prev, last)
    return Change(Verdict.RISING if diff > 0 else Verdict.FALLING,
                  _("het verschil (%(diff)s) is groter dan de marge van beide metingen samen (±%(margin)s)") % values,
                  prev, last)


def _since_first(ordered: list[Point], word: str) -> Change | None:
    """The last measurement against the first of the newest TREND_YEARS years, when both have a margin, there is one
    in between, and the difference is larger than their margins together; else None."""
    inside = window(ordered)
    first, last = inside[0], inside[-1]
    if len(inside) < 3 or first.margin is None or last.margin is None:
        return None
    diff = last.value - first.value
    combined = (first.margin ** 2 + last.margin ** 2) ** 0.5
    if abs(diff) <= combined:
        return None
    values = {"diff": _signed(diff) + word, "margin": format_number(combined, "count", decimals=1) + word,
              "period": first.period.label}
    return Change(Verdict.RISING if diff > 0 else Verdict.FALLING,
                  _("het verschil met %(period)s (%(diff)s) is groter dan de marge van beide metingen samen "
                    "(±%(margin)s); met de vorige meting scheelt het minder dan de marge") % values,
                  first, last, longer=True)


def _signed(value: float, decimals: int = 1) -> str:
    """A difference as readers write it: +0,4 or −0,4 (a real minus sign), one decimal unless told."""
    return ("−" if value < 0 else "+") + format_number(abs(value), "count", decimals=decimals)


def rank_change(points: list[Point]) -> Change:
    """Ranks compare as ranks: only the order matters. Rank 1 is the least safe (AD Misdaadmeter)."""
    ordered = sorted(points, key=lambda p: p.period.end)
    if len(ordered) < 2:
        return Change(Verdict.TOO_FEW, _("één editie; vergelijken vraagt om minstens twee"), latest=ordered[-1] if ordered else None)
    prev, last = ordered[-2], ordered[-1]
    if last.value == prev.value:
        return Change(Verdict.STABLE, _("dezelfde plaats als de vorige editie"), prev, last)
    verdict = Verdict.RISING if last.value > prev.value else Verdict.FALLING
    return Change(verdict, _("van plaats %(prev)s naar plaats %(last)s") % {"prev": f"{prev.value:g}",
                                                                             "last": f"{last.value:g}"}, prev, last)


def _solve(A: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve every system of the stack; a singular one gives zeros and is flagged, not an exception."""
    try:
        return np.linalg.solve(A, rhs[:, :, None])[:, :, 0], np.zeros(len(A), dtype=bool)
    except np.linalg.LinAlgError:
        out, singular = np.zeros_like(rhs), np.zeros(len(A), dtype=bool)
        for i in range(len(A)):
            try:
                out[i] = np.linalg.solve(A[i], rhs[i])
            except np.linalg.LinAlgError:
                singular[i] = True
        return out, singular


def _one_decimal(value: float) -> str:

    return format_number(round(value, 1), "count")
