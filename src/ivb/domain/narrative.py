"""Plain Dutch (taalniveau B1) about one indicator, built from its numbers: what happened, the trend, the
target, and a caution where the data are thin. Short sentences, everyday words, no jargon."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivb.domain.periods import MONTHS_NL
from ivb.domain.policy import Indicator, format_number
from ivb.domain.targets import TargetStatus
from ivb.domain.trend import Change, Trend

if TYPE_CHECKING:
    from ivb.domain.compare import DarkNumber
    from ivb.domain.picture import SeriesPicture


def sentences(ind: Indicator, sp: SeriesPicture | None, status: TargetStatus, place: str,
              dark: DarkNumber | None = None) -> list[str]:
    out = []
    if sp is not None and sp.points:
        out += _what_happened(ind, sp, place)
        out += _trend(sp)
    elif sp is not None:
        out.append("Er zijn wel cijfers, maar geen die een heel jaar of de maanden vanaf januari beslaan; "
                   "daarom is er geen jaarcijfer.")
    elif ind.unit == "qualitative":
        out.append(f"Dit doel wordt niet met een getal gemeten, maar met: {ind.target.evidence}")
    else:
        out.append(f"Voor {place} zijn nog geen cijfers over '{ind.name}' vastgelegd.")
    out.append(_target(ind, status))
    if dark is not None:
        when = f" in {dark.period}" if dark.period else ""
        out.append(f"Niet alles wordt gemeld. Als {dark.share_reported:g}% van de gevallen gemeld wordt, ging het{when} "
                   f"in werkelijkheid om ongeveer {format_number(round(dark.estimate), 'count')} gevallen.")
    out += _cautions(ind, sp)
    return out


def _value(value: float, unit: str) -> str:
    return format_number(round(value, 1), unit)


def _what_happened(ind: Indicator, sp: SeriesPicture, place: str) -> list[str]:
    latest, first = sp.points[-1], sp.points[0]
    if ind.unit == "rank":
        text = f"{place} stond in {latest.period.label} op {_value(latest.value, 'rank')} van de lijst."
        if len(sp.points) > 1:
            prev = sp.points[-2]
            text += f" In {prev.period.label} was dat {_value(prev.value, 'rank')}."
        return [text]
    if ind.unit in ("percent", "grade", "per_100", "per_1000"):
        margin = f" (marge ±{_value(latest.margin, ind.unit)})" if latest.margin else ""
        return [f"{sp.name}: {_value(latest.value, ind.unit)}{margin} in {latest.period.label}."]
    full = [p for p in sp.points if not p.period.is_partial_year]
    out = []
    if full:
        last_full = full[-1]
        text = f"{sp.name} in {place}: {_value(last_full.value, 'count')} in {last_full.period.label}"
        text += f", tegen {_value(first.value, 'count')} in {first.period.label}." if first is not last_full else "."
        out.append(text)
    if latest.period.is_partial_year:
        month = MONTHS_NL[latest.period.last_month - 1]
        months = f"In januari {latest.period.year}" if latest.period.last_month == 1 else \
            f"Van januari tot en met {month} {latest.period.year}"
        text = f"{months} waren het er {_value(latest.value, 'count')}."
        earlier = sp.same_months.get(latest.period.year - 1)
        if earlier is not None:
            diff = latest.value - earlier
            compared = "meer dan" if diff > 0 else "minder dan" if diff < 0 else "evenveel als"
            text += f" Dat is {compared} in dezelfde maanden van {latest.period.year - 1} ({_value(earlier, 'count')})."
        elif sp.this_year is not None:
            text += (f" Voor heel {latest.period.year} verwachten we er ongeveer "
                     f"{_value(round(sp.this_year.expected), 'count')} (tussen {_value(round(sp.this_year.low), 'count')}"
                     f" en {_value(round(sp.this_year.high), 'count')}).")
        out.append(text)
    return out


def _trend(sp: SeriesPicture) -> list[str]:
    t = sp.trend
    if t.verdict == "too_few":
        return [f"Er zijn te weinig gegevens om een trend te zien ({t.reason})."]
    if isinstance(t, Change):
        if sp.unit == "rank":
            return ["De plaats is gelijk gebleven." if t.verdict == "stable" else
                    ("De plaats is beter geworden (een hoger nummer is veiliger)." if t.verdict == "rising" else
                     "De plaats is slechter geworden (plaats 1 is de onveiligste gemeente).")]
        if t.verdict == "stable":
            return [f"Ten opzichte van de vorige meting is er geen echte verandering: {t.reason}."]
        return [f"Het cijfer is {'gestegen' if t.verdict == 'rising' else 'gedaald'} sinds de vorige meting; {t.reason}."]
    if t.verdict == "stable":
        return [f"Er is geen duidelijke stijging of daling over {t.points} jaar."]
    pct = _percent
    low, high = sorted(abs(x) for x in t.interval)
    word = "stijgt" if t.verdict == "rising" else "daalt"
    more = "meer" if t.verdict == "rising" else "minder"
    return [f"Het aantal {word}: gemiddeld {pct(t.change_per_year)} {more} per jaar "
            f"(waarschijnlijk tussen {pct(low)} en {pct(high)})."]


def _target(ind: Indicator, status: TargetStatus) -> str:
    if status.status == "geen gegevens":
        return f"Of het doel ({_short_target(ind)}) gehaald wordt, is nog niet te zeggen: {status.reason}."
    return f"Doel: {_short_target(ind)}. Stand: {status.status}; {status.reason}."


def _short_target(ind: Indicator) -> str:
    from ivb.domain.policy import target_text

    return target_text(ind).split(" (vergelijkingsteken")[0]


def _cautions(ind: Indicator, sp: SeriesPicture | None) -> list[str]:
    out = []
    if sp is not None and sp.points:
        latest = sp.points[-1]
        if isinstance(sp.trend, Trend) and sp.trend.verdict == "too_few" and sp.trend.mean_per_year is not None \
                and sp.trend.mean_per_year < 10:
            out.append("Let op: het gaat om kleine aantallen, dus toeval speelt een grote rol.")
        if latest.period.is_partial_year:
            out.append(f"Let op: {latest.period.label} is nog geen heel jaar.")
        if latest.status == "voorlopig":
            out.append("Let op: het laatste cijfer is voorlopig.")
        if len(sp.points) < 3 and ind.unit != "rank":
            out.append(f"Let op: er {'is maar één meting' if len(sp.points) == 1 else 'zijn maar twee metingen'}.")
    if ind.target.inferred:
        out.append("Let op: het vergelijkingsteken van dit doel ontbreekt in de beleidstekst; IVB heeft het afgeleid.")
    return out


def _percent(x: float) -> str:
    """A yearly change as a Dutch percentage, precise enough that a real trend never reads as 0%."""
    value = abs(x) * 100
    text = f"{value:.1f}" if value >= 1 else f"{value:.2g}"
    return text.replace(".", ",") + "%"
