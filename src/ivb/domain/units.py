"""Units of measured series and how each behaves over time."""

from ivb.domain.numbers import format_number

# unit -> (Dutch label, lowest allowed value, highest allowed value, whole numbers only)
UNITS: dict[str, tuple[str, float | None, float | None, bool]] = {
    "count": ("aantal", 0, None, True),
    "percent": ("percentage", 0, 100, False),
    "grade": ("rapportcijfer (1–10)", 1, 10, False),
    "rank": ("rangnummer", 1, None, True),
    "per_100": ("per 100 inwoners", 0, None, False),
    "per_1000": ("per 1.000 inwoners", 0, None, False),
}

# Indicators may also be qualitative: judged from recorded evidence, never from a series.
INDICATOR_UNITS = {*UNITS, "qualitative"}

# How values of a series combine over time. Counts add up; percentages, grades and ranks never do.
AGGREGATIONS = {
    "sum": "optellen (aantallen)",
    "mean": "gemiddelde",
    "last": "laatste waarde (stand)",
    "none": "niet samen te voegen",
}


def check_value(unit: str, value: float) -> str | None:
    """A plain-Dutch reason why `value` cannot be a value of `unit`, or None when it can."""
    label, low, high, whole = UNITS[unit]
    found = format_number(value, "count")  # as the reader wrote it: 14,5, not 14.5
    if whole and value != int(value):
        return f"een {label} moet een geheel getal zijn (gevonden: {found})"
    if low is not None and value < low:
        return f"een {label} kan niet kleiner zijn dan {format_number(low, 'count')} (gevonden: {found})"
    if high is not None and value > high:
        return f"een {label} kan niet groter zijn dan {format_number(high, 'count')} (gevonden: {found})"
    return None


def check_aggregation(unit: str, aggregation: str) -> str | None:
    """Only counts add up over time; a percentage, grade or rank summed over months means nothing."""
    if aggregation == "sum" and unit != "count":
        return f"een {UNITS[unit][0]} kan niet worden opgeteld (aggregation 'sum' hoort bij aantallen)"
    return None
