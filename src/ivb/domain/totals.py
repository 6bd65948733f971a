"""A count over several months (a quarter, "t/m oktober", a year) beside the counts of its own months: it cannot
be smaller than the months it holds. A file with "2023 t/m oktober: 50" beside months that add up to 106 made the
picture use 50, "dalend", without a word.

Only "smaller" is refused, not "different": a total a little above its months may hold counts registered later,
and a rule that both must agree would let no single figure be corrected by hand (a month up needs the total up
first: a total may then be above its months for a moment, never below them)."""

from __future__ import annotations

from ivb.domain.numbers import format_number
from ivb.domain.periods import Period, month_name


def month_conflict(total: Period, value: float, months: dict[int, float]) -> str | None:
    """Why the count `value` of `total` cannot be right beside `months` (month number -> count of that month of
    the same year, series and area), or None when it can. Months outside the total's span do not count."""
    inside = {m: v for m, v in months.items() if total.first_month <= m <= total.last_month}
    if total.kind == "month" or not inside:
        return None
    added = sum(inside.values())
    if added <= value:
        return None
    span = (f"{month_name(min(inside))} t/m {month_name(max(inside))}" if len(inside) > 1
            else month_name(min(inside)))
    return (f"{total.label}: {format_number(value, 'count')}, maar de maanden {span} tellen op tot "
            f"{format_number(added, 'count')}; een totaal kan niet kleiner zijn dan zijn maanden. Verhoog eerst het "
            "totaal (of trek het in), of verlaag de maanden")
