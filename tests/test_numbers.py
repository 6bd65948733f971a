from decimal import Decimal

import pytest

from ivb.domain.numbers import NumberError, parse_number


@pytest.mark.parametrize("raw,expected", [
    ("18,4", "18.4"), ("7,4", "7.4"), ("1.234,5", "1234.5"), ("1,234.5", "1234.5"), ("1.234.567", "1234567"),
    ("8,6%", "8.6"), (" 720 ", "720"), (720, "720"), (18.400000000000002, "18.4"), ("-3", "-3"), ("100.0", "100"),
    ("0,125", "0.125"), ("12.0001", "12.0001"), ("1 234 567", "1234567"), ("1\u00a0234,5", "1234.5"),
])
def test_it_reads_dutch_and_english_numbers(raw, expected):
    assert parse_number(raw) == Decimal(expected)


@pytest.mark.parametrize("raw,message", [
    ("", "waarde ontbreekt"), ("abc", "geen getal"), ("1e5", "geen getal"), ("12,3,4", "geen getal"),
    ("12.000", "dubbelzinnig: bedoelt u 12000 of 12?"), ("1,000", "dubbelzinnig: bedoelt u 1000 of 1?"),
    ("99999999999999999", "te groot"), (1e300, "te groot"), (float("nan"), "geen getal"), (True, "geen getal"),
    # Dots that are no groups of three are no thousands: "1.2.3" was stored as 123.
    ("1.2.3", "groepen van drie"), ("1.234.5", "groepen van drie"), ("1.23,4", "groepen van drie"),
    ("12,345.6.7", "geen getal"), ("0.123.456", "groepen van drie"),
    ("1 2 3", "een spatie tussen cijfers scheidt groepen van drie"), ("12 5", "groepen van drie"),
])
def test_it_refuses_what_is_not_a_storable_number(raw, message):
    with pytest.raises(NumberError, match=message):
        parse_number(raw)


def test_a_change_and_a_p_value_read_alike_everywhere():
    from ivb.domain.numbers import format_change, format_p_value

    assert format_change(-0.0075, signed=True) == "\u22120,75%"  # two significant digits below 1%
    assert format_change(0.039, signed=True) == "+3,9%"
    assert format_change(0.0075) == "0,75%"
    assert format_change(-0.008, signed=True) == "\u22120,8%"  # not "−0,80%" beside "−11,2%"
    from ivb.domain.numbers import format_signed

    assert (format_signed(18), format_signed(-8), format_signed(0)) == ("+18", "\u22128", "0")
    assert format_p_value(0.0002) == "< 0,001"  # not a misleading 0,000
    assert format_p_value(0.045) == "0,045"


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (7.0, "grade", "7,0"), (6.9, "grade", "6,9"), (7.25, "grade", "7,25"), (7.0, "count", "7"), (18.4, "percent", "18,4%"),
])
def test_a_grade_keeps_its_decimal(value, unit, shown):
    from ivb.domain.numbers import format_number

    assert format_number(value, unit) == shown
