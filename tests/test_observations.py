"""Partial-year rules: months add up to a year-to-date figure; a year-to-date figure meets the same months."""

from ivb.domain.observations import Point, annual_points, month_gaps, same_months
from ivb.domain.periods import parse


def p(period, value):
    return Point(parse(period), value)


def test_months_from_january_add_up_to_a_year_to_date_figure():
    points = [p(f"2019-{m:02d}", 10) for m in range(1, 10)]
    (only,) = annual_points(points)
    assert (only.period.code, only.value, only.period.exposure) == ("2019-tm09", 90, 0.75)


def test_twelve_months_make_a_full_year_and_a_yearly_figure_wins():
    points = [p(f"2018-{m:02d}", 5) for m in range(1, 13)] + [p("2017", 70)] + [p(f"2017-{m:02d}", 1) for m in range(1, 13)]
    assert [(x.period.code, x.value) for x in annual_points(points)] == [("2017", 70), ("2018", 60)]


def test_the_year_to_date_figure_that_reaches_furthest_counts_in_any_order():
    september, october = p("2026 t/m september", 71), p("2026 t/m oktober", 80)
    for points in ([p("2025", 95), september, october], [p("2025", 95), october, september]):
        assert [(x.period.code, x.value) for x in annual_points(points)] == [("2025", 95), ("2026-tm10", 80)]


def test_a_month_missing_in_between_is_named_and_the_months_after_it_still_count():
    # Walks AY and BA: without June, July-September were dropped from the year's figure.
    points = [p("2019-01", 10), p("2019-02", 10), p("2019-04", 10)]
    (only,) = annual_points(points)
    assert (only.period.label, only.value, only.period.exposure) == ("2019 t/m april zonder maart", 30, 0.25)
    assert only.period.is_partial_year and only.period.code == "2019-tm04-zonder03"
    eleven = annual_points([p(f"2023-{m:02d}", 5) for m in range(1, 13) if m != 11])[0]
    assert (eleven.period.label, eleven.value, eleven.period.is_partial_year) == ("2023 zonder november", 55, True)


def test_the_same_months_of_earlier_years_leave_out_the_missing_month_too():
    earlier = [p(f"2018-{m:02d}", m) for m in range(1, 13)]
    now = annual_points([p(f"2019-{m:02d}", 1) for m in (1, 2, 3, 5)])[0]
    assert same_months(earlier, now.period) == {2018: 1 + 2 + 3 + 5}


def test_a_year_without_january_is_left_out():
    assert annual_points([p("2019-05", 10), p("2019-06", 10)]) == []


def test_quarters_add_up_too():
    points = [p("2019-Q1", 30), p("2019-Q2", 40), p("2019-Q3", 50)]
    assert [(x.period.code, x.value) for x in annual_points(points)] == [("2019-tm09", 120)]


def test_same_months_of_earlier_years_from_ytd_figures_or_months():
    points = [p("2017 t/m september", 500), *[p(f"2018-{m:02d}", 60) for m in range(1, 13)], p("2016", 900)]
    assert same_months(points, parse("2019 t/m september")) == {2017: 500, 2018: 540}


def test_until_year_leaves_later_years_out():
    assert [x.period.code for x in annual_points([p("2018", 1), p("2019", 2), p("2020", 3)], 2019)] == ["2018", "2019"]


def test_a_value_outside_its_unit_is_refused_in_dutch_notation():
    from ivb.domain.units import check_value

    assert check_value("count", 14.5) == "een aantal moet een geheel getal zijn (gevonden: 14,5)"
    assert check_value("count", -3.0) == "een aantal kan niet kleiner zijn dan 0 (gevonden: -3)"
    assert check_value("percent", 120.0) == "een percentage kan niet groter zijn dan 100 (gevonden: 120)"
    assert check_value("grade", 10.5) == "een rapportcijfer (1–10) kan niet groter zijn dan 10 (gevonden: 10,5)"
    assert check_value("percent", 12.5) is None


def test_months_added_up_keep_their_own_source():
    """Walk BA: months typed in from the local police team read "Bron: Politie (via CBS)", the series' source."""
    team = [Point(parse(f"2026-{m:02d}"), 4, source="Politie basisteam Bollenstreek") for m in range(1, 10)]
    (only,) = annual_points(team)
    assert only.source == "Politie basisteam Bollenstreek"
    mixed = team[:8] + [Point(parse("2026-09"), 4, source="Politie, maandrapport")]
    assert annual_points(mixed)[0].source == "Politie basisteam Bollenstreek; Politie, maandrapport"
    unsaid = team[:8] + [Point(parse("2026-09"), 4)]
    assert annual_points(unsaid)[0].source == ""  # the series' own source stands (`overview.Figure.source`)


def test_a_year_to_date_figure_holds_the_month_the_months_lack_and_the_later_months_add_to_it():
    # Review of 5 December: "2026 t/m juni" (60) beside all months but June lost to "t/m september zonder juni".
    given = [p("2026 t/m juni", 60)] + [p(f"2026-{m:02d}", 10) for m in (1, 2, 3, 4, 5, 7, 8, 9)]
    (only,) = annual_points(given)
    assert (only.period.label, only.value) == ("2026 t/m september", 90)
    assert month_gaps(given) == {}


def test_a_quarter_and_the_months_inside_it_count_once_in_any_order():
    # Review of 5 December: months 1-4, Q2 and months 7-9 counted "zonder mei en juni" (Q2 pushed out by April).
    points = [p(f"2026-{m:02d}", 10) for m in (1, 2, 3, 4, 7, 8, 9)] + [p("2026-Q2", 30)]
    (only,) = annual_points(points)
    assert (only.period.label, only.value) == ("2026 t/m september", 90)
    before = annual_points([p("2026-Q1", 30), p("2026-01", 10), p("2026-02", 10), p("2026-04", 10)])
    assert (before[0].period.label, before[0].value) == ("2026 t/m april", 40)


def test_the_words_for_a_missing_month_follow_the_figure_and_count_the_months():
    (gap,) = month_gaps([p(f"2026-{m:02d}", 10) for m in (1, 2, 3, 4, 7, 8, 9)]).values()
    assert gap.sentence == "Let op: van 2026 ontbreken mei en juni; het cijfer van 2026 telt de andere maanden."
