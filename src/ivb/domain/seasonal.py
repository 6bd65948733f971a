"""Seasonal year-to-date: which part of a year's count January..m holds, to project the rest of the year.

Crime is seasonal: nationally January-September holds 70.5% of a year's residential burglaries, not 9/12.
A year-to-date figure is completed with a profile, the first of these that IVB has:

1. the series' own monthly history: at least OWN_MIN_YEARS complete earlier years of monthly figures;
2. the national monthly profile of the police crime codes the series counts (data/national-month-profiles.yaml,
   derived from CBS table 47022NED by `ivb month-profiles`);
3. an even spread (m/12) with the uncertainty of taking a typical offence type's months as alike.

The profile gives the share of the year already counted and its standard deviation over the years; the
projection (ivb.domain.projection) adds that uncertainty to its interval.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from ivb.domain.i18n import _
from ivb.domain.observations import Point
from ivb.domain.periods import Period
from ivb.domain.police_series import crime_codes

OWN, NATIONAL, EVEN = "own", "national", "even"
# Three years is the least that gives a standard deviation worth the name (two degrees of freedom), and a
# municipality with monthly figures at all rarely has more when it starts; with fewer the national profile
# of the offence type, from twelve years of the whole country, is the better guess.
OWN_MIN_YEARS = 3


@dataclass(frozen=True)
class Profile:
    share: float  # the part of a year's count expected in January up to `months`
    sd: float  # its standard deviation from year to year
    kind: str  # OWN, NATIONAL or EVEN
    label: str  # for readers, e.g. "landelijk maandpatroon van woninginbraken (Politie via CBS, 2012–2023)"
    months: int  # January up to this month is counted
    years: int | None = None  # the whole years the share and sd were measured on; None: not from years of counts
    per_year: float | None = None  # the mean count a year of those years
    without: tuple[int, ...] = ()  # months before `months` that are missing, so not in `share` (`Period.without`)
    uneven: bool = False  # an even spread whose sd was widened because the months counted differ beyond chance

    @property
    def predictive_sd(self) -> float:
        """The sd of this year's share, which is a new year beside the `years` the profile was measured on: their
        sd times sqrt(1 + 1/k) (the mean is itself uncertain) and times Student's t over the normal at the 80%
        interval's edge, with k - 1 degrees of freedom (an sd from three years is itself a guess). The
        textbook prediction interval for a new draw from a normal sample. Without it, the year-to-date
        back-test (`ivb backtest --year-to-date`) found the whole country's years inside the 80% interval 67% of the
        time."""
        if self.years is None or self.years < 2:
            return self.sd
        return self.sd * math.sqrt(1 + 1 / self.years) * _t90(self.years - 1) / Z80

    @property
    def sd_beside_counts(self) -> float:
        """`predictive_sd` without what chance alone scatters when N counts a year fall into months (binomial,
        s(1 - s) / N a year): where the months counted and the months to come are taken as counts of their own
        (`projection.complete_year`), that scatter is in their counts already and would be counted twice. What is
        left is the seasons' own change from year to year (at least 0), as a prediction, plus the chance scatter of
        the mean share of the k years, s(1 - s) / (kN)."""
        if self.years is None or self.years < 2 or not self.per_year or self.sd <= 0:
            return self.predictive_sd
        chance = self.share * (1 - self.share) / self.per_year
        seasons = max(self.sd ** 2 - chance, 0.0) * (self.predictive_sd / self.sd) ** 2
        return math.sqrt(seasons + chance / self.years)


def profile_for(key: str, name: str, points: list[Point], period: Period) -> Profile:
    """The profile for the year-to-date `period` of series `key` (called `name`), from its own `points`; for a
    period with months missing in between, the share of the months it counts."""
    m = period.last_month
    return _own(points, period) or national(key, name, m, period.without) or \
        even(m, period.without, [p.value for p in points if p.period.kind == "month" and p.period.year == period.year
                                 and p.period.first_month in period.counted_months])


def shares(key: str, name: str, points: list[Point], yearly: list[Point]) -> list[float | None] | None:
    """Per yearly point (see `observations.annual_points`) of series `key`: the share of its year a year-to-date
    point holds, from its profile; None for a whole year. None when every point is a whole year. An earlier
    year with a month missing is such a point too, and counts as its season, not as months / 12."""
    if not any(p.period.is_partial_year for p in yearly):
        return None
    return [profile_for(key, name, points, p.period).share if p.period.is_partial_year else None for p in yearly]


def _own(points: list[Point], period: Period, min_years: int = OWN_MIN_YEARS) -> Profile | None:
    """The series' own share of January..m, over the earlier years with all twelve months (at least `min_years`:
    fewer are tested by bench/own_profile_years.py)."""
    months: dict[int, dict[int, float]] = {}
    for p in points:
        if p.period.kind == "month" and p.period.year < period.year:
            months.setdefault(p.period.year, {})[p.period.first_month] = p.value
    years = sorted(y for y, ms in months.items() if len(ms) == 12 and sum(ms.values()) > 0)
    if len(years) < min_years:
        return None
    m = period.last_month
    totals = [sum(months[y].values()) for y in years]
    shares = [sum(months[y][i] for i in period.counted_months) / total for y, total in zip(years, totals, strict=True)]
    share = statistics.fmean(shares)
    if share <= 0:  # these months never counted anything here: nothing to scale this year's figure up from
        return None
    # Years that split alike still leave the share uncertain: k years of N a year pin it down to sd
    # sqrt(p(1-p)/(kN)) at best, however alike they looked. A share of 1 (nothing ever came later in the year)
    # is taken as if half an event had: the rest of the year is unlikely, not impossible.
    n = statistics.fmean(totals)
    share = min(share, 1 - 0.5 / n)
    least = math.sqrt(share * (1 - share) / (len(years) * n))
    if len(years) == 1:
        # One year has no sd of its own: the seasons move from year to year as the national crime types' do (the
        # median of their sds), and last year's share and this year's are each one draw of that and of chance.
        return Profile(share, math.sqrt(2 * (national_season_sd(m) ** 2 + least ** 2)), OWN, _own_label(years), m,
                       None, n, period.without)
    return Profile(share, max(statistics.stdev(shares), least), OWN,
                   _own_label(years), m, len(years), n, period.without)


def national_season_sd(m: int) -> float:
    """The median over the shipped national crime codes of the year-to-year sd of January..m's share."""
    return statistics.median(_cumulative(c["sd"], m, 0.0) for c in _profiles()["codes"].values())


def _own_label(years: list[int]) -> str:
    """"eigen maandcijfers 2022–2025", or with a year left out (a month missing) "eigen maandcijfers 2022, 2023
    en 2025": the label names the years the share rests on, not the span around them."""
    if years == list(range(years[0], years[-1] + 1)):
        return _("eigen maandcijfers %(first)s–%(last)s") % {"first": years[0], "last": years[-1]}
    return _("eigen maandcijfers %(years)s en %(last)s") % {"years": ", ".join(map(str, years[:-1])), "last": years[-1]}


def national(key: str, name: str, m: int, without: tuple[int, ...] = ()) -> Profile | None:
    """The national profile of the crime codes series `key` counts, or None when it counts none that is known.

    Several codes (geweld: six) are combined on counts: the share of their sum is the mean yearly count
    weighted mean of their shares. Its sd is the same weighted mean of their sds: exact if their deviations
    from the mean go together, an upper bound otherwise (none of the combinations is precomputed, so a
    new combination in police-crime-series.yaml needs no new data)."""
    codes = crime_codes(key.rpartition(":")[2])  # a region figure ("regio:sum:politie.geweld") sums the same
    data = _profiles()
    if not codes or any(c not in data["codes"] for c in codes):
        return None
    parts = [data["codes"][c] for c in codes]
    total = sum(p["per_year"] for p in parts)
    share = sum(p["per_year"] * _share_without(_cumulative(p["share"], m), p["share"], without) for p in parts) / total
    sd = sum(p["per_year"] * _sd_without(_cumulative(p["sd"], m, 0.0), p["month_sd"], without) for p in parts) / total
    first, last = min(p["years"][0] for p in parts), max(p["years"][-1] for p in parts)
    label = _("landelijk maandpatroon van %(what)s (Politie via CBS, %(first)s–%(last)s)") % {
        "what": name[:1].lower() + name[1:], "first": first, "last": last}
    return Profile(share, sd, NATIONAL, label, m, min(int(p["years_used"]) for p in parts), total, without)


def even(m: int, without: tuple[int, ...] = (), counted: Sequence[float] = ()) -> Profile:
    """January..m as m/12 of the year. Its sd is how far that is off for a typical national offence type
    (see ivb.opendata.month_profiles.even_spread_sd): for January-September 3 points, twice the year-to-year
    sd of residential burglary, because nothing is known of this series' months.

    `counted`: this year's monthly counts, when the year so far is made of them. Where they differ more than a
    count's chance scatter (`uneven_sd`), the months are not alike, and the sd is at least what that gives (walk
    BN: Vlieland's overlast ran 1, 0, 2, 3, 5, 6, 9, 8, 4, 2 and the rest of the year was taken at their mean with
    the national offence types' margin)."""
    data = _profiles()
    sd = _sd_without(_cumulative(data["even_spread_sd"], m, 0.0), data["even_month_sd"], without)
    share = (m - len(without)) / 12
    months = uneven_sd(counted, share)
    label = (_("gelijke verdeling over de maanden, met een ruimere marge omdat de maanden tot nu meer uiteenlopen "
               "dan toeval alleen geeft") if months > sd else _("gelijke verdeling over de maanden"))
    return Profile(share, max(sd, months), EVEN, label, m, without=without, uneven=months > sd)


def uneven_sd(counted: Sequence[float], share: float) -> float:
    """The sd of the share of a year that months `counted` hold, if the months are as unlike as these are: the
    months' relative scatter beyond a count's own (var / mean² − 1 / mean, the moment estimate of a Poisson-gamma
    mix). A season moves neighbouring months together, so the months to come are taken to lie as far from the
    year's level as one month does, whatever their number (walk BP: taken as independent months, November and
    December after a summer peak were as likely high as low); the mean of the k months counted, as independent
    months, by that over √k. The share s moves by s(1 − s) per unit of their relative difference. 0 for fewer than
    three months or nothing counted."""
    k = len(counted)
    mean = sum(counted) / k if k else 0.0
    if k < 3 or mean <= 0 or share >= 1:
        return 0.0
    from scipy.stats import chi2

    # Only months that differ beyond chance (Pearson's dispersion test, 5%): a review found pure Poisson months of 1
    # to 4 a month called uneven a third of the time on the estimate alone.
    if chi2.sf(sum((c - mean) ** 2 for c in counted) / mean, k - 1) >= UNEVEN_P:
        return 0.0
    relative = max(statistics.variance(counted) / mean ** 2 - 1 / mean, 0.0)
    return share * (1 - share) * math.sqrt(relative * (1 + 1 / k))


UNEVEN_P = 0.05  # months counted this year are taken as unlike when chance alone scatters them so far this seldom


def _cumulative(values: list[float], m: int, at_twelve: float = 1.0) -> float:
    """January..m of a profile's eleven values; all twelve months are the whole year (share 1, sd 0)."""
    return values[m - 1] if m < 12 else at_twelve


def _share_without(share: float, cumulative: list[float], without: tuple[int, ...]) -> float:
    """`share` less the months `without`, each month's share the difference of the cumulative shares."""
    return share - sum(_cumulative(cumulative, g) - (_cumulative(cumulative, g - 1) if g > 1 else 0.0)
                       for g in without)


def _sd_without(sd: float, month_sd: list[float], without: tuple[int, ...]) -> float:
    """The sd of January..m less the months `without`: at most the sum of their sds, whatever their correlation
    (Cauchy-Schwarz), and that bound is used. Taking them as independent instead (the root of the sum of squares)
    was narrower than the real sd in 30% of the national codes' cases (1.705 of month m and missing month g,
    47022NED 2012-2023); the bound never is, and is a median 42% wider. `ivb backtest --year-to-date
    --missing-month` tests it with the even spread (ADR 0048)."""
    return sd + sum(month_sd[g - 1] for g in without)


def remaining(profile: Profile | None, months_known: int) -> tuple[float, float]:
    """The part of the year still to come and its sd: (1, 0) for a whole year ahead; for a year-to-date
    figure, from its profile (required: an even spread is a choice the caller makes with `even`)."""
    if months_known == 0:
        return 1.0, 0.0
    if profile is None or profile.months != months_known:
        raise ValueError(f"a year-to-date projection over {months_known} months needs its seasonal profile")
    return 1.0 - profile.share, profile.predictive_sd


Z80 = 1.2815515655446004  # the normal's 90th percentile (as `projection.Z80`, which imports this module)


@cache
def _t90(degrees: int) -> float:
    from scipy.stats import t

    return float(t.ppf(0.9, degrees))


@cache
def _profiles() -> dict:
    text = resources.files("ivb.data").joinpath("national-month-profiles.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)
