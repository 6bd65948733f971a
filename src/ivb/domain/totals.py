"""A count over several months (a quarter, "t/m oktober", a year) beside the counts of parts of it: it cannot be
smaller than its months together, its quarters together, or a "t/m" count inside it. A file with "2023 t/m oktober:
50" beside months that add up to 106 made the picture use 50, "dalend", without a word.

Only "smaller" is refused, not "different": a total a little above its parts may hold counts registered later,
and a rule that both must agree would let no single figure be corrected by hand (a month up needs the total up
first: a total may then be above its parts for a moment, never below them)."""

from __future__ import annotations

from ivb.domain.i18n import _
from ivb.domain.numbers import format_number
from ivb.domain.periods import Period, month_name


def month_conflict(total: Period, value: float, parts: dict[int, float] | list[tuple[Period, float]]) -> str | None:
    """Why the count `value` of `total` cannot be right beside `parts` (figures of the same year, series and
    area: (period, count) pairs, or month number -> count), or None when it can. Parts outside the total's span,
    and the total itself, do not count."""
    if isinstance(parts, dict):
        parts = [(Period(total.year, m, m, "month"), v) for m, v in parts.items()]
    inside = [(p, v) for p, v in parts if total.first_month <= p.first_month and p.last_month <= total.last_month
              and (p.first_month, p.last_month) != (total.first_month, total.last_month)]
    if total.kind == "month" or not inside:
        return None
    largest = max(_what_the_parts_hold(inside), key=lambda found: found[0])
    held, words = largest
    if held <= value:
        return None
    return _("%(total)s: %(value)s, maar %(parts)s; een totaal kan niet kleiner zijn dan zijn delen. Verhoog eerst "
             "het totaal (of trek het in), of verlaag de delen") % {
        "total": total.label, "value": format_number(value, "count"), "parts": words}


def _what_the_parts_hold(inside: list[tuple[Period, float]]) -> list[tuple[float, str]]:
    """Each kind of part with the least the total must hold because of it, in words."""
    out = []
    months = sorted((p.first_month, v) for p, v in inside if p.kind == "month")
    if months:
        span = (_("%(first)s t/m %(last)s") % {"first": month_name(months[0][0]), "last": month_name(months[-1][0])}
                if len(months) > 1 else month_name(months[0][0]))
        added = sum(v for _m, v in months)
        out.append((added, _("de maanden %(span)s tellen op tot %(n)s") % {"span": span,
                                                                            "n": format_number(added, "count")}))
    quarters = [(p, v) for p, v in inside if p.kind == "quarter"]
    if quarters:
        added = sum(v for _p, v in quarters)
        words = (_("%(quarter)s telt %(n)s") if len(quarters) == 1 else _("%(quarter)s en de andere kwartalen "
                                                                          "tellen op tot %(n)s"))
        out.append((added, words % {"quarter": min(quarters, key=lambda q: q[0].first_month)[0].label,
                                    "n": format_number(added, "count")}))
    for p, v in inside:
        if p.kind not in ("month", "quarter"):  # a "t/m" count inside a later one or the year
            out.append((v, _("%(part)s telt al %(n)s") % {"part": p.label, "n": format_number(v, "count")}))
    return out
