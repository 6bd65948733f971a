"""A count over several months (a quarter, "t/m oktober", a year) beside the counts of its own months: it cannot
be smaller than the months it holds, and when all of them are there it is their sum. A file with "2023 t/m
oktober: 50" beside months that add up to 106 made the picture use 50, "dalend", without a word."""

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
    complete = len(inside) == total.months
    if added <= value and not (complete and added != value):
        return None
    span = (f"{month_name(min(inside))} t/m {month_name(max(inside))}" if len(inside) > 1
            else month_name(min(inside)))
    if complete:
        return (f"{total.label}: {format_number(value, 'count')}, maar de maanden {span} tellen op tot "
                f"{format_number(added, 'count')}; een totaal is de som van zijn maanden. Verbeter het totaal of de "
                "maanden")
    return (f"{total.label}: {format_number(value, 'count')}, maar de maanden die er zijn ({span}) tellen al op tot "
            f"{format_number(added, 'count')}; een totaal kan niet kleiner zijn dan zijn maanden. Verbeter het "
            "totaal of de maanden")
