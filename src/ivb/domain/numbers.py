"""Numbers as Dutch users type and read them: decimal comma, dots between thousands, a trailing %.

`parse_number` reads what a user typed; `format_number` and the functions built on it are the one way IVB
writes a number for a reader (pages, reports, messages, charts), in the reader's language.
"""

import math
import re
from decimal import ROUND_HALF_EVEN, Decimal

from ivb.domain.i18n import _, language

# The store holds 14 digits before and 6 after the decimal point.
MAX_ABS = Decimal(10) ** 14
PLACES = Decimal("0.000001")


class NumberError(ValueError):
    pass


def parse_number(raw: object) -> Decimal:
    if isinstance(raw, bool):
        raise NumberError(f"'{raw}' is geen getal")
    if isinstance(raw, int | float | Decimal):  # a spreadsheet's number cell: no separators to guess at
        if isinstance(raw, float | Decimal) and not math.isfinite(raw):
            raise NumberError(f"'{raw}' is geen getal")
        return _bounded(Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw), str(raw))
    written = text = str(raw).strip()  # quoted as the user wrote it, spaces and all
    if re.search(r"[^0-9.,%+\- \u00a0\u202f]", text):
        # A word beside the number ("ca. 78,6", "n.b."): its dots are no thousands separators to explain.
        raise NumberError(f"'{written}' is geen getal (gebruik bijvoorbeeld 18,4 of 1234)")
    if re.search(r"\d[ \u00a0\u202f]+\d", text):  # a space between digits groups them by three: 1 234 567
        whole = re.split(r"[.,]", text)[0] if re.search(r"[.,]\d{1,2}$|,\d+$", text) else text
        if not re.fullmatch(r"[-+]?[1-9][0-9]{0,2}([ \u00a0\u202f][0-9]{3})+", whole.strip()):
            raise NumberError(f"'{text}' is geen getal: een spatie tussen cijfers scheidt groepen van drie "
                              "(1 234 567); schrijf het getal liever zonder scheiding")
    text = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not text:
        raise NumberError("waarde ontbreekt")
    s = text[:-1] if text.endswith("%") else text
    if re.fullmatch(r"[-+]?[1-9][0-9]{0,2}[.,][0-9]{3}", s):
        # 12.000 is twelve thousand to a Dutch reader and twelve to a computer; 1,000 the other way round.
        raise NumberError(f"'{written}' is dubbelzinnig: bedoelt u {s.replace('.', '').replace(',', '')} of "
                          f"{s.replace('.', ',').rstrip('0').rstrip(',')}? Schrijf het getal zonder "
                          f"duizendtalscheiding, en met een komma alleen voor decimalen")
    if "," in s and "." in s:
        # Whichever comes last is the decimal separator: 1.234,5 (Dutch) or 1,234.5 (English).
        decimal, thousands = (",", ".") if s.rfind(",") > s.rfind(".") else (".", ",")
        whole, fraction = s.rsplit(decimal, 1)
        s = _grouped(whole, thousands, written) + "." + fraction
    elif s.count(",") == 1:
        s = s.replace(",", ".")
    elif s.count(".") > 1:
        s = _grouped(s, ".", written)  # 1.234.567
    if not re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", s):
        raise NumberError(f"'{written}' is geen getal (gebruik bijvoorbeeld 18,4 of 1234)")
    return _bounded(Decimal(s), written)


def _grouped(whole: str, separator: str, text: str) -> str:
    """The digits of a whole number written in groups of three (1.234.567); anything else ("1.2.3") is no such
    number, and guessing would store 123."""
    if not re.fullmatch(rf"[-+]?[1-9][0-9]{{0,2}}(\{separator}[0-9]{{3}})+", whole):
        raise NumberError(f"'{text}' is geen getal: '{separator}' tussen cijfers scheidt groepen van drie "
                          "(1.234.567); schrijf het getal liever zonder scheiding")
    return whole.replace(separator, "")


def _bounded(value: Decimal, text: str) -> Decimal:
    if abs(value) >= MAX_ABS:
        raise NumberError(f"getal {text} is te groot (hoogstens 14 cijfers voor de komma)")
    return value.quantize(PLACES, rounding=ROUND_HALF_EVEN).normalize() if value != value.to_integral() else value.to_integral()


def format_margin(margin: float, unit: str) -> str:
    """A survey's margin as readers write it: for a percentage in procentpunt ("1,2 procentpunt"; "±1,2%" reads
    as a relative margin), one decimal; otherwise in the unit of the figure."""
    if unit == "percent":
        return f"{format_number(margin, 'count', decimals=1)} {_('procentpunt')}"
    return format_number(margin, unit)


def format_with_margin(value: float, margin: float | None, unit: str) -> str:
    """A figure with the margin its survey states, where its status is read: "31,9% ±1,8 procentpunt"."""
    return format_number(value, unit) + (f" ±{format_margin(margin, unit)}" if margin is not None else "")


def format_number(value: float | None, unit: str, decimals: int | None = None) -> str:
    """A number as readers write it: in Dutch a decimal comma and dots between thousands, in English the other
    way round; '%' for percentages, 'plaats' for ranks."""
    if value is None:
        return "–"
    if decimals is None and unit == "grade" and value == round(value, 1):
        decimals = 1  # a report grade is written with its decimal: 7,0 beside 6,9, never "7"
    if decimals is not None:  # a fixed number of decimals, as in a size: 1,0 MB
        text = f"{value:,.{decimals}f}"
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    if language() != "en":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    if unit == "percent":
        return f"{text}%"
    if unit == "rank":
        return _("plaats %(rank)s") % {"rank": text}
    return text


def format_signed(value: float, unit: str = "count") -> str:
    """A difference as readers write it: "+2" or "−8" (a real minus sign), in the unit's notation."""
    return ("+" if value > 0 else "\u2212" if value < 0 else "") + format_number(abs(value), unit)


def format_size(size: int) -> str:
    """A file size as readers write it, through the one number formatter: 11,5 MB in Dutch."""
    if size >= 1024 * 1024:
        return f"{format_number(size / 1048576, 'count', decimals=1)} MB"
    if size >= 1024:
        return f"{format_number(round(size / 1024), 'count')} kB"
    return f"{format_number(size, 'count')} bytes"


def format_percent(share: float, decimals: int = 1, signed: bool = False) -> str:
    """A share (0.123) as a percentage for readers: 12,3% in Dutch, a real minus sign (−0,9%); `signed`: a
    plus sign before a rise too (+1,2%)."""
    value = round(share * 100, decimals)
    text = format_number(abs(value), "count", decimals=decimals) + "%"
    if value < 0:
        return "\u2212" + text
    return "+" + text if signed and value > 0 else text


def format_change(share: float, signed: bool = False) -> str:
    """A yearly change as a percentage, precise enough that a real trend never reads as 0%: one decimal, or two
    significant digits below 1% (0,75%). The one rule for every sentence and table that states a change."""
    value = abs(share) * 100
    decimals = 1 if value >= 1 or value == 0 else 1 - math.floor(math.log10(value))
    if decimals > 1 and round(value, decimals) == round(value, decimals - 1):
        decimals -= 1  # "−0,8%" beside "−11,2%", not "−0,80%": no zero that says nothing
    return format_percent(share, decimals=decimals, signed=signed)


def format_p_value(p: float) -> str:
    """A p-value with three decimals; below 0,001 it says so (< 0,001) instead of a misleading 0,000."""
    return "< " + format_number(0.001, "count", decimals=3) if p < 0.0005 else format_number(p, "count", decimals=3)


def format_input(value: Decimal) -> str:
    """A stored number as it goes back into a form field: all its digits, a decimal comma (which
    `parse_number` reads in either language), no thousands dots."""
    return f"{value.normalize():f}".replace(".", ",")
