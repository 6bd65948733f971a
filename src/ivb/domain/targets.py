"""Is a target met, on its way, at risk, or not on its way? Always with the reason in words.

Statuses (Dutch, as users read them): behaald, op koers, risico, niet op koers, geen gegevens.

- Measured in (or after) the target year: behaald, or niet op koers when missed.
- A count with a fitted trend: projected to the target year; op koers when the chance of meeting the target
  is at least 70%, risico from 30%, niet op koers below.
- Otherwise the latest measurement is compared with the target: a survey figure inside its margin of the
  threshold is risico, since the difference may be chance.
- "Not lower than the previous year" compares the latest measurement with the one before it.
- Qualitative targets take the latest recorded judgement on the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from ivb.domain.observations import Point
from ivb.domain.policy import Indicator, format_number
from ivb.domain.projection import Projection, chance_of, holds, project_year
from ivb.domain.trend import Trend

STATUSES = ("behaald", "op koers", "risico", "niet op koers", "geen gegevens")
ON_TRACK, AT_RISK = 0.70, 0.30
OPERATOR_WORDS = {"<": "lager dan", "<=": "hoogstens", ">": "hoger dan", ">=": "minstens"}


@dataclass(frozen=True)
class Evidence:
    """A recorded judgement on a qualitative target."""

    date: str
    status: str
    summary: str
    document: str = ""


@dataclass(frozen=True)
class TargetStatus:
    status: str
    reason: str
    threshold: float | None = None
    projection: Projection | None = None


def evaluate(ind: Indicator, points: list[Point], year: int, trend: Trend | None = None,
             evidence: list[Evidence] = ()) -> TargetStatus:
    """The status of `ind`'s target as it stood at the end of `year`, from the points measured by then."""
    t = ind.target
    if t.qualitative is not None:
        return _qualitative(ind, evidence)
    known = sorted((p for p in points if p.period.year <= year), key=lambda p: (p.period.end, p.period.start))
    if not known:
        return TargetStatus("geen gegevens", "er zijn nog geen bruikbare cijfers")
    if t.compare_to == "previous_year":
        return _against_previous(ind, known)

    threshold = _threshold(ind, known)
    if threshold is None:
        return TargetStatus("geen gegevens", f"er is geen cijfer voor de nulmeting ({ind.baseline.year})"
                            if ind.baseline else "het doel noemt geen getal")
    words = f"{OPERATOR_WORDS[t.operator]} {format_number(threshold, ind.unit)}"
    latest = known[-1]

    final = [p for p in known if p.period.kind == "year" and p.period.year >= ind.target_year]
    if final:
        p = final[0]
        met = holds(p.value, t.operator, threshold)
        return TargetStatus("behaald" if met else "niet op koers",
                            f"{format_number(p.value, ind.unit)} in {p.period.label}; het doel was {words}"
                            + ("" if met else ": niet gehaald"), threshold)

    if trend is not None and trend.fit is not None and ind.unit == "count":
        this_year = latest if latest.period.year == ind.target_year and latest.period.is_partial_year else None
        projection = project_year(trend.fit, ind.target_year, this_year)
        chance = chance_of(projection, t.operator, threshold)
        projection = Projection(**{**projection.__dict__, "chance": chance})
        status = "op koers" if chance >= ON_TRACK else ("risico" if chance >= AT_RISK else "niet op koers")
        return TargetStatus(status, f"verwachting {ind.target_year}: {format_number(round(projection.expected), 'count')} "
                            f"(80%-interval {format_number(round(projection.low), 'count')}–"
                            f"{format_number(round(projection.high), 'count')}); kans dat het doel ({words}) "
                            f"gehaald wordt: {round(chance * 100)}%", threshold, projection)

    value, label = latest.value, latest.period.label
    if latest.period.is_partial_year and ind.unit == "count":
        value, label = latest.value / latest.period.exposure, f"{label}, omgerekend naar een heel jaar"
    shown = f"{format_number(round(value, 1), ind.unit)} ({label})"
    if holds(value, t.operator, threshold):
        return TargetStatus("op koers", f"de laatste meting, {shown}, voldoet aan het doel ({words})", threshold)
    if latest.margin is not None and abs(value - threshold) <= latest.margin:
        return TargetStatus("risico", f"de laatste meting, {shown}, haalt het doel ({words}) niet, maar het "
                                      f"verschil valt binnen de marge van ±{format_number(latest.margin, ind.unit)}",
                            threshold)
    return TargetStatus("niet op koers", f"de laatste meting, {shown}, haalt het doel ({words}) niet", threshold)


def _threshold(ind: Indicator, known: list[Point]) -> float | None:
    t = ind.target
    if t.compare_to != "baseline":
        return t.value
    if ind.baseline.value is not None:
        return ind.baseline.value
    base = [p for p in known if p.period.kind == "year" and p.period.year == ind.baseline.year]
    return base[0].value if base else None


def _against_previous(ind: Indicator, known: list[Point]) -> TargetStatus:
    full = [p for p in known if p.period.kind == "year"]
    if len(full) < 2:
        return TargetStatus("geen gegevens", "er is maar één jaarcijfer; vergelijken vraagt om twee")
    prev, last = full[-2], full[-1]
    met = holds(last.value, ind.target.operator, prev.value)
    rank = ind.unit == "rank"
    what = (f"{format_number(last.value, ind.unit)} in {last.period.label} tegen "
            f"{format_number(prev.value, ind.unit)} in {prev.period.label}")
    if rank:
        meaning = ("niet gedaald: minstens zo veilig" if met else
                   "gedaald: plaats 1 is de onveiligste gemeente, dus dit is een verslechtering")
    else:
        meaning = "het doel is gehaald" if met else "het doel is niet gehaald"
    return TargetStatus("behaald" if met else "niet op koers", f"{what}; {meaning}", prev.value)


def _qualitative(ind: Indicator, evidence: list[Evidence]) -> TargetStatus:
    if not evidence:
        return TargetStatus("geen gegevens", "er is nog geen oordeel over het bewijs vastgelegd")
    latest = max(evidence, key=lambda e: e.date)
    source = f" ({latest.document})" if latest.document else ""
    return TargetStatus(latest.status, f"{latest.summary}{source}, vastgelegd op {latest.date}")
