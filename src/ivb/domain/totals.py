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
from ivb.domain.region import names_in_words


def month_conflict(total: Period, value: float, parts: dict[int, float] | list[tuple[Period, float]]) -> str | None:
    """Why the count `value` of `total` cannot be right beside `parts` (figures of the same year, series and
    area: (period, count) pairs, or month number -> count), or None when it can. Parts outside the total's span,
    and the total itself, do not count. The parts that do not overlap and hold the most together are the least
    the total must hold: months, quarters and a "t/m" count, mixed."""
    held = parts_held(total, value, parts)
    if held is None:
        return None
    return _("%(total)s: %(value)s, maar %(parts)s; een totaal kan niet kleiner zijn dan zijn delen. Verhoog eerst "
             "het totaal (of trek het in), of verlaag de delen") % {
        "total": total.label, "value": format_number(value, "count"), "parts": held}


def parts_held(total: Period, value: float, parts: dict[int, float] | list[tuple[Period, float]]) -> str | None:
    """The parts of `total` that hold more than its count `value`, in words ("de maanden januari t/m september
    tellen op tot 410"), or None when they hold no more than it."""
    if isinstance(parts, dict):
        parts = [(Period(total.year, m, m, "month"), v) for m, v in parts.items()]
    inside = [(p, v) for p, v in parts if total.first_month <= p.first_month and p.last_month <= total.last_month
              and (p.first_month, p.last_month) != (total.first_month, total.last_month)]
    if total.kind == "month" or not inside:
        return None
    chosen = _most_held(inside)
    # A month of 0 adds nothing, so the sum leaves it out; it is among the months that add up all the same (walk BN:
    # "de maanden januari, maart, april, … tellen op tot 40" read as February missing).
    taken = {m for p, _v in chosen for m in range(p.first_month, p.last_month + 1)}
    chosen = sorted([*chosen, *((p, v) for p, v in inside if v == 0 and p.kind == "month" and p.first_month not in taken)],
                    key=lambda pv: (pv[0].first_month, pv[0].last_month))
    held = sum(v for _p, v in chosen)
    return _in_words(chosen, held) if held > value else None


def _most_held(parts: list[tuple[Period, float]]) -> list[tuple[Period, float]]:
    """The parts that do not overlap with the largest sum (weighted interval scheduling over the months)."""
    ordered = sorted(parts, key=lambda pv: (pv[0].last_month, pv[0].first_month))
    best: list[tuple[float, list[tuple[Period, float]]]] = [(0.0, [])]  # best[i]: among the first i parts
    for i, (period, count) in enumerate(ordered):
        before = max((j for j in range(i + 1) if j == 0 or ordered[j - 1][0].last_month < period.first_month),
                     default=0)
        take = (best[before][0] + count, [*best[before][1], (period, count)])
        best.append(max(best[i], take, key=lambda b: b[0]))
    return best[-1][1]


def _in_words(chosen: list[tuple[Period, float]], held: float) -> str:
    n = format_number(held, "count")
    if len(chosen) == 1:
        return _("%(part)s telt al %(n)s") % {"part": chosen[0][0].label, "n": n}
    if all(p.kind == "month" for p, _v in chosen):
        months = [p.first_month for p, _v in chosen]
        if months == list(range(months[0], months[-1] + 1)):
            span = _("%(first)s t/m %(last)s") % {"first": month_name(months[0]), "last": month_name(months[-1])}
        else:
            span = names_in_words([month_name(m) for m in months])
        return _("de maanden %(span)s tellen op tot %(n)s") % {"span": span, "n": n}
    return _("%(parts)s tellen samen op tot %(n)s") % {"parts": names_in_words(_labels(chosen)), "n": n}


def _labels(chosen: list[tuple[Period, float]]) -> list[str]:
    """The parts in words, months that follow each other as one span: "januari t/m september 2023"."""
    out: list[str] = []
    run: list[Period] = []
    for period, _v in [*sorted(chosen, key=lambda pv: pv[0].first_month), (None, 0.0)]:
        if period is not None and period.kind == "month" and (not run or run[-1].first_month + 1 == period.first_month):
            run.append(period)
            continue
        if len(run) > 1:
            out.append(_("%(first)s t/m %(last)s") % {"first": month_name(run[0].first_month),
                                                      "last": month_name(run[-1].first_month)} + f" {run[0].year}")
        elif run:
            out.append(run[0].label)
        run = [period] if period is not None and period.kind == "month" else []
        if period is not None and period.kind != "month":
            out.append(period.label)
    return out
