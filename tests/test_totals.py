"""`domain.totals`: a count over several months is never smaller than the parts of it IVB holds."""

from ivb.domain.i18n import use
from ivb.domain.periods import parse
from ivb.domain.totals import month_conflict


def test_a_total_may_be_above_its_parts_never_below():
    months = {1: 10, 2: 12, 3: 9}
    assert month_conflict(parse("2023-Q1"), 31, months) is None
    assert month_conflict(parse("2023-Q1"), 40, months) is None  # counts registered later
    assert month_conflict(parse("2023-Q1"), 30, months) == (
        "1e kwartaal 2023: 30, maar de maanden januari t/m maart tellen op tot 31; een totaal kan niet kleiner zijn "
        "dan zijn delen. Verhoog eerst het totaal (of trek het in), of verlaag de delen")


def test_quarters_and_a_count_up_to_a_month_are_parts_too():
    year = parse("2023")
    assert month_conflict(year, 150, [(parse("2023-Q4"), 200.0)]).startswith(
        "2023: 150, maar 4e kwartaal 2023 telt al 200;")
    assert month_conflict(year, 100, [(parse("2023 t/m oktober"), 108.0)]).startswith(
        "2023: 100, maar 2023 t/m oktober telt al 108;")
    # Parts outside the total, and the total's own period, do not count.
    assert month_conflict(parse("2023 t/m maart"), 5, [(parse("2023-04"), 9.0), (parse("2023 t/m maart"), 9.0)]) is None


def test_it_speaks_the_readers_language():
    with use("en"):
        said = month_conflict(parse("2023-Q2"), 30, {4: 12, 5: 13, 6: 12})
    assert said.startswith("Quarter 2 2023: 30, but the months April to June add up to 37; a total cannot be smaller")


def test_parts_of_different_kinds_count_together_and_gaps_are_named():
    year = parse("2023")
    assert month_conflict(year, 50, [(parse("2023-Q1"), 30.0), (parse("2023-04"), 25.0)]).startswith(
        "2023: 50, maar 1e kwartaal 2023 en april 2023 tellen samen op tot 55;")
    assert month_conflict(year, 50, [(parse("2023 t/m juni"), 30.0), (parse("2023-07"), 25.0)]).startswith(
        "2023: 50, maar 2023 t/m juni en juli 2023 tellen samen op tot 55;")
    # Overlapping parts are not added up: a quarter and its own month.
    assert month_conflict(year, 40, [(parse("2023-Q1"), 30.0), (parse("2023-02"), 25.0)]) is None
    assert month_conflict(parse("2023-Q1"), 15, {1: 10, 3: 9}).startswith(
        "1e kwartaal 2023: 15, maar de maanden januari en maart tellen op tot 19;")


def test_a_month_of_nothing_is_among_the_months_that_add_up():
    """Walk BN: "de maanden januari, maart, april, … oktober tellen op tot 40" left out February (0), which read
    as a month missing."""
    months = dict(zip(range(1, 11), (1, 0, 2, 3, 5, 6, 9, 8, 4, 2), strict=True))
    assert "de maanden januari t/m oktober tellen op tot 40" in month_conflict(parse("2026 t/m oktober"), 35, months)
