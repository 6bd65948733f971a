"""Projections from a fitted trend: a year's count with an 80% prediction interval, and the chance that a
target is met.

The prediction variance adds the model's uncertainty about the line (x' Cov x, on the log scale, carried
over by the delta method) to the year-to-year scatter of counts (dispersion x mean). The interval and the
chance use a normal approximation; the chance adds a continuity correction, since counts are whole numbers.
What a year-to-date figure already counted is kept: it can settle a target before the year is over. The rest
of its year follows a seasonal profile (ivb.domain.seasonal), whose own uncertainty is part of the interval.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ivb.domain.observations import Point
from ivb.domain.seasonal import Profile, remaining
from ivb.domain.trend import Fit

Z80 = 1.2815515655446004  # the 90th percentile of the standard normal: an 80% two-sided interval


@dataclass(frozen=True)
class Projection:
    year: int
    expected: float
    low: float  # 80% prediction interval
    high: float
    chance: float | None = None  # of meeting the target, when there is one
    known: float = 0.0  # the part already counted (a year-to-date figure), included in expected
    from_data_until: str = ""
    profile: Profile | None = None  # how the rest of a year-to-date figure's year was spread over the months

    @property
    def profile_label(self) -> str:
        return self.profile.label if self.profile is not None else ""


def project_year(fit: Fit, year: int, known: Point | None = None, profile: Profile | None = None) -> Projection:
    """The count for `year`. With `known` (a year-to-date figure of that year) only the remaining months are
    projected, with the seasonal `profile` of that figure (ivb.domain.seasonal), and added to what was counted."""
    months_known = known.period.months if known is not None else 0
    middle = year + (months_known + (12 - months_known) / 2) / 12
    x = fit.row(middle)
    level = float(np.exp(x @ fit.beta))  # the trend's full-year count around the remaining months
    rest, rest_sd = remaining(profile, months_known)
    mu = level * rest
    # The share still to come is uncertain too: rest = level x (1 - share), so by the delta method its sd
    # adds (level x sd of the share)^2 to the variance.
    var = fit.dispersion * mu + mu * mu * float(x @ fit.cov @ x) + (level * rest_sd) ** 2
    sd = var ** 0.5
    counted = known.value if known is not None else 0.0
    expected = counted + mu
    return Projection(year, expected, max(counted, expected - Z80 * sd), expected + Z80 * sd, known=counted,
                      from_data_until=known.period.label if known is not None else "",
                      profile=profile if known is not None else None)


def chance_of(projection: Projection, operator: str, threshold: float) -> float:
    """P(count <operator> threshold) under the projection's normal approximation."""
    from scipy.stats import norm

    if projection.known and _decided(projection.known, operator, threshold) is not None:
        return _decided(projection.known, operator, threshold)
    sd = (projection.high - projection.expected) / Z80
    if sd <= 0:
        return float(_holds(projection.expected, operator, threshold))
    # Whole counts: "< 80" means "<= 79", so the boundary sits half-way, at 79.5.
    edge = {"<": threshold - 0.5, "<=": threshold + 0.5, ">": threshold + 0.5, ">=": threshold - 0.5}[operator]
    below = float(norm.cdf((edge - projection.expected) / sd))
    return below if operator in ("<", "<=") else 1.0 - below


def _decided(counted: float, operator: str, threshold: float) -> float | None:
    """What was already counted can settle a target: counts only grow during a year."""
    if operator in ("<", "<=") and not _holds(counted, operator, threshold):
        return 0.0
    if operator in (">", ">=") and _holds(counted, operator, threshold):
        return 1.0
    return None


def _holds(value: float, operator: str, threshold: float) -> bool:
    return {"<": value < threshold, "<=": value <= threshold, ">": value > threshold,
            ">=": value >= threshold}[operator]


def holds(value: float, operator: str, threshold: float) -> bool:
    return _holds(value, operator, threshold)
