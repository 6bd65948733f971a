"""A figure far out of line with its own series: stored, but whoever entered it is asked to check it.

One typo (230 meldingen in a month that usually has 20) turns a target's status and trend; nothing refused it,
because a real month can be that high. So IVB stores it and says so beside "opgeslagen": the figure, the usual
level of the same kind of period, and how many figures that rests on. No Django here.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from ivb.domain.i18n import _
from ivb.domain.numbers import format_number

FACTOR = 5  # five times the usual level, or a fifth of it
MIN_HISTORY = 6  # earlier figures of the same kind of period needed to know what is usual
MIN_LEVEL = 5  # below this the usual level is too small for a ratio to mean anything (0, 1, 2 a month)


MIN_YEARS = 3  # whole years, each a sum of twelve months, say what a month usually is sooner than months do


def usual_level(value: float, history: list[float], unit: str, min_history: int = MIN_HISTORY) -> float | None:
    """The usual level (the median of `history`, the newest earlier figures of the same series, area and kind of
    period) that the count `value` lies far from; None when it does not, or when too little is known."""
    if unit != "count" or len(history) < min_history:
        return None
    usual = statistics.median(history)
    if usual < MIN_LEVEL:
        # A handful a month: a fifth of it is ordinary and five times it can be chance, but not a jump to five
        # times the level where ratios start to mean something (walk AL: 40 in a month of 4 to 6 went unasked).
        return usual if value >= FACTOR * MIN_LEVEL and _by_chance(value, usual) < CHANCE else None
    if usual / FACTOR < value < usual * FACTOR or _by_chance(value, usual) >= CHANCE:
        return None
    return usual


# A count is asked about only when chance alone would give one this far from the usual level less than once in a
# thousand such periods (Poisson: real counts scatter more, so this asks too often rather than too seldom). Walk AY:
# 1 burglary in a month whose median was 7 (0,7% by chance, so about once in twelve years of months) was asked
# about three times in one import of monthly figures.
CHANCE = 0.001


def unusual_year(value: float, others: list[float]) -> float | None:
    """The usual level (the median of `others`, whole years around it) that a yearly count `value` lies far from:
    chance alone would give it less than once in a thousand years (Poisson), and it is at least twice or at most
    half that level. None otherwise, or with fewer than MIN_YEARS others. For a baseline a target is set against
    (walk BN: 24 in 2023 where the years around it held 0 to 6, asked of months only from 25 on)."""
    if len(others) < MIN_YEARS:
        return None
    usual = statistics.median(others)
    if usual / 2 < value < usual * 2 or _by_chance(value, max(usual, 0.5)) >= CHANCE:
        return None
    return usual


def _by_chance(value: float, usual: float) -> float:
    """P(a Poisson count with mean `usual` lies at least as far as `value` on its side)."""
    from scipy.special import pdtr, pdtrc

    if value < usual:
        return float(pdtr(max(value, 0.0), usual))
    return float(pdtrc(max(value - 1, 0.0), usual))


MIN_SAME = 3  # earlier figures of the same month (or quarter) that say what its season usually is


def seasonal_usual(value: float, recent: list[float], same: list[float], unit: str,
                   min_history: int = MIN_HISTORY) -> float | None:
    """`usual_level` against the `recent` figures of its kind; where at least MIN_SAME earlier figures of the same
    month (or quarter) are known, only when `value` lies far from those too: a season is not a typo (walk BT: the
    January and February of a summer series, 2 and 3 as every year, were asked about on the dashboard and in an
    approved report)."""
    usual = usual_level(value, recent, unit, min_history)
    if usual is None or len(same) < MIN_SAME:
        return usual
    return usual if usual_level(value, same, unit, MIN_SAME) is not None else None


def unusual(value: float, history: list[float], unit: str, same: Sequence[float] = ()) -> str | None:
    """Words for a count `value` far from its usual level (`seasonal_usual`), for whoever just entered it; `same`:
    the earlier figures of the same month or quarter."""
    usual = seasonal_usual(value, history, list(same), unit)
    if usual is None:
        return None
    way = "meer" if value > usual else "minder"
    return (f"{format_number(value, 'count')} is veel {way} dan gebruikelijk: de mediaan van de "
            f"{format_number(len(history), 'count')} vorige cijfers van deze soort is {format_number(usual, 'count')}. "
            "Klopt het? Zo niet, corrigeer het (met een reden)")


MARGIN_MAX = 10  # percentage points: beyond the margins survey figures usually have (the Veiligheidsmonitor: 1 to 5)


def unusual_percent(value: float, margin: float | None, earlier: list[float]) -> str | None:
    """Words for a percentage that looks mistyped, for whoever just entered it: a share written as a fraction (0,334
    for 33,4%) where the series' earlier figures are all above 2%, or a margin wider than survey figures have (walk
    BQ: both were stored without a word, and the fraction made a target "op koers")."""
    if 0 < value <= 1 and earlier and min(earlier) > 2:
        return (f"{format_number(value, 'percent')} is veel lager dan de eerdere cijfers van deze reeks (de laagste: "
                f"{format_number(min(earlier), 'percent')}). Is het als breuk ingevoerd, bedoeld als "
                f"{format_number(value * 100, 'percent')}? Zo ja, corrigeer het (met een reden)")
    if margin is not None and margin > MARGIN_MAX:
        return (f"een marge van ±{format_number(margin, 'count')} procentpunt is ruimer dan enquêtecijfers gewoonlijk "
                f"hebben. Klopt het? Zo niet, corrigeer het (met een reden)")
    return None


def unusual_for_its_part(value: float, yearly: list[float], part: str, share: float, unit: str) -> str | None:
    """Words for a month or quarter far from its share (`share` of a year) of the usual yearly level, when there
    are not enough months or quarters to compare with (walk AW: 600 burglaries in a month of a series whose years
    were 55 to 223 went in without a word, as it was the series' first month)."""
    usual = usual_level(value, [v * share for v in yearly], unit, MIN_YEARS)
    if usual is None:
        # A handful a year: no ratio is judged, but a month above every whole year is (walk AX: 12 burglaries in a
        # month on Terschelling, whose years held at most 9).
        if unit == "count" and len(yearly) >= MIN_YEARS and value > max(yearly):
            return (f"{format_number(value, 'count')} in één {part} is meer dan in elk van de "
                    f"{format_number(len(yearly), 'count')} vorige hele jaren (hoogstens "
                    f"{format_number(max(yearly), 'count')}). Klopt het? Zo niet, corrigeer het (met een reden)")
        return None
    way = "meer" if value > usual else "minder"
    return (f"{format_number(value, 'count')} is veel {way} dan gebruikelijk voor een {part}: de mediaan van de "
            f"{format_number(len(yearly), 'count')} vorige jaarcijfers is {format_number(usual / share, 'count')}, "
            f"ongeveer {format_number(round(usual), 'count')} per {part}. Klopt het? Zo niet, corrigeer het (met een "
            "reden)")


PER_INHABITANT = 10  # a count of more than ten per inhabitant in a year (or a part of one) is asked about


def beyond_population(value: float, population: float | None, place: str, unit: str) -> str | None:
    """Words for a count larger than PER_INHABITANT times the population of its place: asked even without a history
    to compare with (walk AU: a billion huisverboden for Barneveld, 63.000 inhabitants, went in as the first figure,
    and the real figures after it were the ones marked unusual). None when it is not, or nothing is known."""
    if unit != "count" or not population or value <= PER_INHABITANT * population:
        return None
    return (f"{format_number(value, 'count')} is meer dan {format_number(PER_INHABITANT, 'count')} per inwoner van "
            f"{place} ({format_number(population, 'count')} inwoners). Klopt het? Zo niet, corrigeer het (met een "
            "reden)")


def unusual_tags(figures: list[tuple[object, str, float, int]], unit: str, newest: int = 12) -> dict[object, float]:
    """For figures of one series and area in time order, as (id, kind of period, value, the month it ends in): per
    id far from the usual level of the figures of its kind before it (and of the same month, `seasonal_usual`),
    that level. A page marks them beside the figure, so a doubt raised once at entry is not lost with the message."""
    before: dict[str, list[float]] = {}
    season: dict[tuple[str, int], list[float]] = {}
    out = {}
    for key, kind, value, month in figures:
        earlier = before.setdefault(kind, [])
        # A year has no season: every one ends in December (review: old levels would have silenced a new typo).
        same = season.setdefault((kind, month), []) if kind in EVEN_SHARE else []
        if kind != "ytd" and (usual := seasonal_usual(value, earlier[-newest:], same, unit)) is not None:
            out[key] = usual
        earlier.append(value)
        same.append(value)
    return out


EVEN_SHARE = {"month": 1 / 12, "quarter": 3 / 12}  # a part's share of a year where too few parts say what is usual


@dataclass(frozen=True)
class UnusualPart:
    """A month or quarter far from what is usual for it, counted in a year the picture adds up."""

    period: str  # its label, "juli 2026"
    value: float
    usual: float

    @property
    def short(self) -> str:
        """For a tile or a row: "Let op: juli 2026 (190) is veel meer dan gebruikelijk (ongeveer 14)"."""
        values = {"period": self.period, "value": format_number(self.value, "count"),
                  "usual": format_number(round(self.usual), "count")}
        return (_("Let op: %(period)s (%(value)s) is veel meer dan gebruikelijk (ongeveer %(usual)s).")
                if self.value > self.usual else
                _("Let op: %(period)s (%(value)s) is veel minder dan gebruikelijk (ongeveer %(usual)s).")) % values

    @property
    def sentence(self) -> str:
        return self.short + " " + _("Het telt mee in de cijfers en de verwachting hier; is het een tikfout, laat het "
                                    "dan corrigeren.")


def unusual_parts(points: list, unit: str, counted: set[str]) -> list[UnusualPart]:
    """Each month or quarter far from what is usual, as its entry was asked about: the median of the (up to 12)
    parts of its kind before it, or with fewer than six of those its share of the whole years of the three years
    before. Only parts whose period code is in `counted` (the parts the picture adds up in the years it reads): the
    mark in the table of figures was the only place it showed, while it moved the year's estimate, its trend and
    its status (walk BG: July 190 where the months before held 14 made "heel 2026: ongeveer 364", 182 without it)."""
    parts = sorted((p for p in points if p.period.kind in EVEN_SHARE),
                   key=lambda p: (p.period.year, p.period.last_month, p.period.first_month))
    years = [p for p in points if p.period.kind == "year"]
    before: dict[str, list[float]] = {}
    season: dict[tuple[str, int], list[float]] = {}
    out = []
    for part in parts:
        earlier = before.setdefault(part.period.kind, [])
        same = season.setdefault((part.period.kind, part.period.last_month), [])
        if part.period.code in counted:  # the others only say what is usual (review: the work was per month ever)
            usual = seasonal_usual(part.value, earlier[-12:], same, unit)
            if usual is None and len(earlier) < MIN_HISTORY:
                share = EVEN_SHARE[part.period.kind]
                whole = [p.value * share for p in years if part.period.year - 3 <= p.period.year < part.period.year]
                usual = usual_level(part.value, whole, unit, MIN_YEARS)
            if usual is not None:
                out.append(UnusualPart(part.period.label, part.value, usual))
        earlier.append(part.value)
        same.append(part.value)
    return out
