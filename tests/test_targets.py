"""Hand-worked target cases: every operator and status, the Misdaadmeter rank rule, partial years."""

import datetime as dt

import pytest

from ivb.domain import calibration
from ivb.domain.observations import Point, SeriesData
from ivb.domain.periods import parse
from ivb.domain.policy import Indicator
from ivb.domain.targets import Evidence, evaluate as evaluate_on
from ivb.domain.trend import trends


def evaluate(ind, points, year, *args, today=None, **kwargs):
    """A status as a page read it during `year` (1 December) unless `today` is given: these tests are about a year under
    way, which a page of a year the calendar has left behind no longer judges as one (`targets.evaluate`)."""
    return evaluate_on(ind, points, year, *args, today=today or dt.date(year, 12, 1), **kwargs)


def indicator(operator=None, value=None, compare_to=None, unit="count", direction=None, baseline=None, **extra):
    direction = direction or ("lower_is_better" if operator in ("<", "<=") else "higher_is_better")
    target = {k: v for k, v in (("operator", operator), ("value", value), ("compare_to", compare_to)) if v is not None}
    data = {"key": "i", "name": "Indicator", "series": None if unit == "qualitative" else "s", "unit": unit,
            "source": "test", "direction": None if unit == "qualitative" else direction, "target": {**target, **extra},
            "target_year": 2023, "ref": "test"}
    if baseline:
        data["baseline"] = baseline
    return Indicator.model_validate(data)


def pts(*pairs, margin=None):
    return [Point(parse(period), value, margin=margin) for period, value in pairs]


@pytest.mark.parametrize("operator,value,measured,status", [
    ("<", 80, 79, "behaald"), ("<", 80, 80, "niet gehaald"),
    ("<=", 80, 80, "behaald"), ("<=", 80, 81, "niet gehaald"),
    (">", 74, 75, "behaald"), (">", 74, 74, "niet gehaald"),
    (">=", 7, 7, "behaald"), (">=", 7, 6.9, "niet gehaald"),
])
def test_each_operator_in_the_target_year(operator, value, measured, status):
    unit = "grade" if value == 7 else "count"
    result = evaluate(indicator(operator, value, unit=unit), pts(("2022", 1 if unit == "count" else 6), ("2023", measured)), 2023)
    assert result.status == status
    assert ("niet gehaald" in result.reason) == (status == "niet gehaald")


def test_a_baseline_target_uses_the_baseline_years_figure():
    ind = indicator(">", compare_to="baseline", baseline={"year": 2018})
    assert evaluate(ind, pts(("2018", 12), ("2023", 15)), 2023).status == "behaald"
    assert evaluate(ind, pts(("2018", 12), ("2023", 12)), 2023).status == "niet gehaald"
    missing = evaluate(ind, pts(("2019", 12)), 2023)
    assert (missing.status, missing.reason) == ("niet te beoordelen", "er is geen cijfer voor de nulmeting (2018)")


def test_a_stated_baseline_value_is_used_when_given():
    ind = indicator("<", compare_to="baseline", baseline={"year": 2018, "value": 132})
    assert evaluate(ind, pts(("2023", 100)), 2023).threshold == 132


def test_no_figures_means_no_data():
    result = evaluate(indicator("<", 80), [], 2019)
    assert (result.status, result.reason) == ("niet te beoordelen", "er zijn nog geen bruikbare cijfers")


def fitted(values):
    s = SeriesData("s", "s", "count", "sum", pts(*[(str(2014 + i), v) for i, v in enumerate(values)]))
    return s.points, trends([s])[0]


@pytest.mark.parametrize("values,status", [
    ([200, 180, 160, 145, 130, 117], "op koers"),     # falling ~10% a year: 2023 well below 132
    ([140, 139, 141, 138, 140, 139], "risico"),        # flat near 140, and the scatter puts 132 within reach
    ([100, 115, 130, 150, 170, 195], "niet op koers"),  # rising fast
])
def test_a_count_is_projected_to_the_target_year(values, status):
    points, trend = fitted(values)
    result = evaluate(indicator("<", 132), points, 2019, trend)
    assert result.status == status
    projection = result.projection
    assert projection.year == 2023 and projection.low < projection.expected < projection.high
    assert "verwachting 2023" in result.reason and "kans dat het doel" in result.reason


def test_the_chance_follows_the_projection():
    points, trend = fitted([200, 180, 160, 145, 130, 117])
    easy = evaluate(indicator("<", 132), points, 2019, trend).projection.chance
    hard = evaluate(indicator("<", 60), points, 2019, trend).projection.chance
    assert 0 <= hard < easy <= 1


def test_a_survey_figure_within_its_margin_of_the_target_is_at_risk():
    ind = indicator("<", 8.6, unit="percent")
    assert evaluate(ind, pts(("2017", 7.4), margin=1.0), 2019).status == "op koers"
    # Inside the margin on the side that meets the target too (walk AR): the measurement cannot tell.
    near = evaluate(ind, pts(("2017", 8.0), margin=1.0), 2019)
    assert (near.status, near.reason) == ("risico", "de laatste meting, 8% (2017), voldoet aan het doel (lager dan "
                                                    "8,6%), maar het verschil valt binnen de marge van ±1,0 procentpunt")
    at_risk = evaluate(ind, pts(("2017", 9.2), margin=1.0), 2019)
    assert at_risk.status == "risico" and "binnen de marge van ±1,0 procentpunt" in at_risk.reason
    assert evaluate(ind, pts(("2015", 11.5), ("2017", 11.0), margin=1.0), 2019).status == "niet op koers"


def test_it_gives_no_course_from_the_starting_point_alone():
    # One survey figure outside its margin, the target year ahead: the gap is what the target is set to close.
    alone = evaluate(indicator("<", 8.6, unit="percent"), pts(("2017", 11.0), margin=1.0), 2019)
    assert (alone.status, alone.reason) == ("risico", "er is één meting: 11% (2017) haalt het doel (lager dan 8,6%) "
                                            "nog niet; of het in 2023 gehaald wordt, valt uit één meting niet af te lezen")
    ind = indicator(">=", 85, unit="percent", baseline={"year": 2019})
    only_baseline = evaluate(ind, pts(("2017", 78.0), ("2019", 80.0)), 2020)
    assert (only_baseline.status, only_baseline.reason) == (
        "risico", "na de nulmeting (2019) is nog niet gemeten: 80% (2019) haalt het doel (minstens 85%) nog niet; "
                  "of het in 2023 gehaald wordt, valt daar niet uit af te lezen")
    # The baseline alone already meets the target: on course if it stays so, and the words say it is the baseline.
    met_at_start = evaluate(ind, pts(("2017", 78.0), ("2019", 86.0)), 2020)
    assert (met_at_start.status, met_at_start.reason) == (
        "op koers", "na de nulmeting (2019) is nog niet gemeten: 86% (2019) voldoet al aan het doel (minstens 85%); "
                    "blijft het zo, dan wordt het in 2023 gehaald")
    # A measurement after the baseline that still misses: that is a course.
    assert evaluate(ind, pts(("2019", 80.0), ("2021", 79.0)), 2021).status == "niet op koers"


def test_the_grade_objective_of_lisse():
    ind = indicator(">=", 7, unit="grade")
    result = evaluate(ind, pts(("2017", 7.4)), 2019)
    assert (result.status, result.reason) == (
        "op koers", "er is één meting: 7,4 (2017) voldoet al aan het doel (minstens 7,0); blijft het zo, dan wordt het "
                    "in 2023 gehaald")
    later = evaluate(ind, pts(("2017", 7.4), ("2019", 7.3)), 2019)
    assert later.reason == "de laatste meting, 7,3 (2019), voldoet aan het doel (minstens 7,0)"


def test_the_misdaadmeter_rank_must_not_fall():
    ind = indicator(">=", compare_to="previous_year", unit="rank")
    kept = evaluate(ind, pts(("2018", 210), ("2019", 213)), 2019)
    assert (kept.status, kept.reason) == (
        "behaald", "plaats 213 in 2019 tegen plaats 210 in 2018; niet gedaald: minstens zo veilig")
    fell = evaluate(ind, pts(("2018", 210), ("2019", 205)), 2019)
    assert fell.status == "niet gehaald" and "verslechtering" in fell.reason
    assert evaluate(ind, pts(("2019", 213)), 2019).status == "niet te beoordelen"


def test_the_year_before_is_the_previous_year_not_an_older_one():
    ind = indicator(">=", compare_to="previous_year", unit="rank")
    gap = evaluate(ind, pts(("2017", 210), ("2019", 213)), 2019)
    assert (gap.status, gap.reason) == ("niet te beoordelen", "het doel vergelijkt elk jaar met het jaar ervoor, en van "
                                        "2018 is er geen cijfer: plaats 213 in 2019, plaats 210 in 2017")


def test_a_partial_year_count_without_a_trend_is_annualised_and_says_so():
    ind = indicator("<", 30)
    result = evaluate(ind, pts(("2019 t/m september", 21)), 2019)  # 28 a year
    # 28 (24–33) against "lager dan 30": 69%, risico; the whole year is an estimate with its interval.
    assert result.status == "risico" and "heel 2019 naar verwachting ongeveer 28 (80%-interval 24–33)" in result.reason
    assert "kans dat heel 2019 al aan het doel (lager dan 30) voldoet: 69%" in result.reason
    assert evaluate(ind, pts(("2019 t/m september", 15)), 2019).status == "op koers"  # 20 a year
    # 32 (28–37): 24%; of the target year 2023 nothing can be read without a trend: risico, not niet op koers
    # (walk AK), as for a single measurement (ADR 0036).
    assert evaluate(ind, pts(("2018", 31), ("2019 t/m september", 24)), 2019).status == "risico"


def test_a_partial_target_year_projects_only_the_remaining_months():
    points, trend = fitted([120] * 9)  # 2014-2022
    points.append(Point(parse("2023 t/m september"), 90))  # data up to the target year
    series = SeriesData("s", "s", "count", "sum", points)
    result = evaluate(indicator("<", 132), points, 2023, trends([series])[0])
    assert result.projection.known == 90 and result.projection.expected == pytest.approx(120, abs=1)


def test_it_projects_the_years_between_as_the_year_itself():
    """Walk CC: a chart drew a straight line from the last figure to the projected year; the years between are
    projected as the target year is, so the band can pass through them."""
    from ivb.domain.projection import project_year

    points, trend = fitted([200, 180, 160, 145, 130, 117])  # 2014-2019, the target in 2023
    projection = evaluate(indicator("<", 132), points, 2019, trend).projection
    assert [p.year for p in projection.path] == [2020, 2021, 2022]
    assert [p.expected for p in projection.path] == [project_year(trend.fit, y).expected for y in (2020, 2021, 2022)]
    # The target's own year under way: only its remaining months are projected, nothing lies between.
    points, trend = fitted([120] * 9)
    points.append(Point(parse("2023 t/m september"), 90))
    result = evaluate(indicator("<", 132), points, 2023, trends([SeriesData("s", "s", "count", "sum", points)])[0])
    assert result.projection.known == 90 and result.projection.path == ()


def test_figures_after_the_year_are_ignored():
    ind = indicator("<", 80)
    assert evaluate(ind, pts(("2023", 70)), 2022).status != "behaald"


def test_qualitative_targets_take_the_latest_judgement():
    ind = indicator(unit="qualitative", qualitative="Bewustzijn is vergroot", evidence="gespreksverslagen")
    assert evaluate(ind, [], 2021).status == "niet te beoordelen"
    evidence = [Evidence("2020-06-01", "risico", "Weinig gesprekken gevoerd"),
                Evidence("2021-11-15", "op koers", "12 gesprekken, deelnemers kennen de risico's", "verslag 2021")]
    result = evaluate(ind, [], 2021, evidence=evidence)
    assert (result.status, result.reason) == (
        "op koers", "12 gesprekken, deelnemers kennen de risico's (verslag 2021); oordeel van 15 november 2021")


@pytest.mark.parametrize("operator,threshold,counted,chance", [
    ("<", 80, 81, 0.0),   # already more than the target allows in January
    (">", 74, 80, 1.0),   # already more than the target asks for by October
])
def test_what_was_counted_can_settle_a_target_early(operator, threshold, counted, chance):
    points, _ = fitted([100, 95, 90, 85, 80, 75, 70, 65, 60])
    points.append(Point(parse("2023 t/m oktober"), counted))
    series = SeriesData("s", "s", "count", "sum", points)
    result = evaluate(indicator(operator, threshold), points, 2023, trends([series])[0])
    assert result.projection.chance == chance


def test_previous_year_compares_yearly_figures_only():
    ind = indicator(">=", compare_to="previous_year", unit="percent")
    result = evaluate(ind, pts(("2022-Q1", 70), ("2022-Q2", 64)), 2022)
    assert (result.status, result.reason) == ("niet te beoordelen", "er is maar één jaarcijfer; vergelijken vraagt om twee")


def test_it_gives_no_verdict_on_a_target_year_that_passed_without_a_figure():
    # The 2025 picture of a 2020-2023 policy whose survey was last held in 2017: no course reaches 2023.
    passed = evaluate(indicator("<", 8.6, unit="percent"), pts(("2017", 8.0), margin=1.0), 2025)
    assert (passed.status, passed.reason) == (
        "niet te beoordelen", "het doeljaar 2023 is voorbij en er is geen cijfer over dat jaar; het laatste is van 2017")
    rank = evaluate(indicator(">=", compare_to="previous_year", unit="rank"), pts(("2017", 210), ("2019", 213)), 2025)
    assert rank.status == "niet te beoordelen"
    # With a figure over the target year, the target year's verdict stands.
    assert evaluate(indicator("<", 8.6, unit="percent"), pts(("2023", 8.0)), 2025).status == "behaald"


def test_lower_than_last_year_on_a_year_under_way_uses_that_years_estimate():
    # Heerlen-like: 97 in 2025 (more than 95 in 2024), then 71 from January to October 2026.
    values = [201, 170, 150, 120, 95, 97]
    points = pts(*[(str(2020 + i), v) for i, v in enumerate(values)]) + pts(("2026 t/m oktober", 71))
    series = SeriesData("s", "s", "count", "sum", points)
    ind = indicator("<", compare_to="previous_year")
    result = evaluate(ind, points, 2026, trends([series], until_year=2026)[0])
    assert result.status == "op koers" and result.threshold == 97
    assert "kans dat het doel (lager dan de 97 van 2025) gehaald wordt" in result.reason
    assert result.projection.known == 71 and result.projection.low > 71
    # The page of 2025 itself compares the two whole years: 97 is not lower than 95.
    assert evaluate(ind, points, 2025, trends([series], until_year=2025)[0]).status == "niet gehaald"
    # On the page of 2026 without any figure of 2026 yet, 2026 is projected against 2025, and the status is of
    # 2026; what 2025 did against 2024 is said after it (walk BG: in one joint report one member's "niet gehaald" was of
    # 2025, another's chance of 2026; walk BI: a green "behaald" of 2025 read as 2026's in the 2026 report).
    whole = points[:-1]
    earlier = evaluate(ind, whole, 2026, trends([SeriesData("s", "s", "count", "sum", whole)], until_year=2026)[0])
    assert earlier.status in ("op koers", "risico", "niet op koers") and earlier.projection.year == 2026
    assert earlier.reason.startswith("verwachting 2026: ")
    assert earlier.reason.endswith("; van 2026 is er nog geen cijfer; 2025 haalde het doel niet (97 tegen 95 in 2024)")
    assert "kans dat het doel (lager dan de 97 van 2025) gehaald wordt: " in earlier.reason
    # Without a trend or a small count's level nothing can be projected: the status stays that of 2025, and says so.
    short = pts(("2024", 95), ("2025", 97))
    assert (evaluate(ind, short, 2026).status, evaluate(ind, short, 2026).reason) == (
        "niet gehaald", "97 in 2025 tegen 95 in 2024; het doel is over 2025 niet gehaald; van 2026 is er nog geen cijfer")


def test_in_a_joint_plan_a_judgement_says_whose_it_is():
    # Each partner judges its own part of a shared qualitative target; the page says whose judgement it shows.
    ind = indicator(unit="qualitative", qualitative="Bewustzijn is vergroot", evidence="gespreksverslagen")
    theirs = [Evidence("2021-11-15", "op koers", "12 gesprekken", recorded_for="Heemstede")]
    assert evaluate(ind, [], 2021, evidence=theirs).reason == (
        "12 gesprekken; oordeel van 15 november 2021, vastgelegd door de gemeente Heemstede")
    later = [Evidence("2022-02-01", "op koers", "12 gesprekken", year=2021, recorded_for="Heemstede")]
    assert evaluate(ind, [], 2021, evidence=later).reason == (
        "12 gesprekken; oordeel over 2021, van 1 februari 2022, vastgelegd door de gemeente Heemstede")


def test_a_qualitative_judgement_of_the_course_ends_with_its_target_year():
    # A target for 2023, judged "risico" in March 2023 and never again: the 2025 page has no final word.
    ind = indicator(unit="qualitative", qualitative="Weerbaarheid is vergroot", evidence="verslag")
    course = [Evidence("2023-03-12", "risico", "Eerste bijeenkomsten")]
    assert evaluate(ind, [], 2023, evidence=course).status == "risico"
    passed = evaluate(ind, [], 2025, evidence=course)
    assert (passed.status, passed.reason) == (
        "niet te beoordelen", "het doeljaar 2023 is voorbij en er is geen eindoordeel; het laatste oordeel (risico, "
                         "12 maart 2023) ging over de koers")
    final = course + [Evidence("2024-01-20", "behaald", "Verslag aan de raad")]
    assert evaluate(ind, [], 2025, evidence=final).status == "behaald"
    # A judgement recorded after the picture's year is not known in it.
    assert evaluate(ind, [], 2022, evidence=course).status == "niet te beoordelen"


def test_a_chance_from_a_bin_that_did_not_hold_says_how_it_held():
    # Level at about 117 a year: "lower than 170" in 2023 is very likely. The back-test's 90-100% bin came true
    # 76% of the time; learning only from outcomes known at each origin, 66%: the larger miss is named.
    points, trend = fitted([200, 180, 160, 145, 130, 117])
    result = evaluate(indicator("<", 170), points, 2019, trend)
    assert result.projection.chance >= 0.9
    # ... and which number to reckon with (walk BE: two numbers and no word on which to take).
    assert result.reason.endswith("bij de toets op de cijfers van alle gemeenten (verwachtingen vanuit 2019 t/m 2024, elk jaar met alleen wat "
                                  "toen bekend was) kwamen kansen van 90 tot 100% in 66% van de gevallen uit: reken "
                                  "dus eerder op een kans van ongeveer 66%; de stand volgt de berekende kans; dat is "
                                  "getoetst op politiecijfers, niet op reeksen zoals deze")  # "s" is no police series
    assert result.status == "op koers"  # 96%: the number to reckon with would be risico, and the words say why not
    assert result.projection.held == calibration.HeldChance(0.9, 1.0, 0.6594, 2019, 2024, True)
    # The 80-90% bin held in the walk-forward (83 -> 79%) but not on known outcomes only (83 -> 75%).
    assert calibration.how_it_held(0.85) == calibration.HeldChance(0.8, 0.9, 0.7512, 2019, 2024, True)
    # The 0-10% bin held in both since ADR 0058 (6,7 -> 11,5% and 11,6%: 4,8 and 5,0 points), so it is not named.
    assert calibration.how_it_held(0.05) is None
    # A chance from a bin that held (20-80%) gets no such words.
    flat, flat_trend = fitted([140, 139, 141, 138, 140, 139])
    middling = evaluate(indicator("<", 132), flat, 2019, flat_trend)
    assert 0.2 < middling.projection.chance < 0.8 and "toets" not in middling.reason


@pytest.mark.parametrize("chance,printed,status", [
    (0.6959, "70%", "op koers"), (0.6949, "69%", "risico"), (0.2951, "30%", "risico"), (0.2949, "29%", "niet op koers"),
])
def test_the_status_follows_the_chance_as_printed(monkeypatch, chance, printed, status):
    # A page that says "kans ... 70%" says "op koers" beside it (op koers from 70%, risico from 30%).
    monkeypatch.setattr("ivb.domain.targets.chance_of", lambda *_a: chance)
    points, trend = fitted([140, 139, 141, 138, 140, 139])
    result = evaluate(indicator("<", 137), points, 2019, trend)
    assert result.status == status
    assert f"gehaald wordt: {printed}" in result.reason


def test_a_target_no_count_can_meet_gets_no_chance_at_all():
    from ivb.domain.projection import chance_of, project_year

    _points, trend = fitted([140, 139, 141, 138, 140, 139])
    p = project_year(trend.fit, 2023)
    assert chance_of(p, "<", 0) == 0.0 and chance_of(p, "<", -1) == 0.0
    assert chance_of(p, ">=", 0) == 1.0 and chance_of(p, ">", -3) == 1.0
    assert 0.0 < chance_of(p, "<", 1) < 0.01


@pytest.mark.parametrize("chance,printed", [(0.9975, "99%"), (0.0021, "1%"), (1.0, "99%"), (0.0, "1%")])
def test_a_projected_chance_is_never_printed_as_certain(monkeypatch, chance, printed):
    # 0,9975 is the calibrated distribution's outer tail, not a certainty; even a chance of exactly 0 or 1 (a
    # normal tail far from the threshold) is a projection, printed from 1% to 99%.
    monkeypatch.setattr("ivb.domain.targets.chance_of", lambda *_a: chance)
    points, trend = fitted([140, 139, 141, 138, 140, 139])
    result = evaluate(indicator("<", 137), points, 2019, trend)
    assert f"gehaald wordt: {printed}" in result.reason
    assert result.projection.chance_shown == int(printed[:-1]) / 100


def test_a_year_under_way_far_from_its_target_is_not_called_certain():
    # 1.100 to November, about 1.200 a year: the normal tail for "< 1.500" is 1.0 to machine precision, but
    # nothing is settled yet (December can still bring 400): printed 99%, without "al gehaald".
    points, _trend = fitted([1200] * 9)  # 2014-2022
    points.append(Point(parse("2023 t/m november"), 1100))
    series = SeriesData("s", "s", "count", "sum", points)
    for operator, value, printed in (("<", 1500, "99%"), (">=", 1500, "1%"), ("<=", 1450, "99%")):
        result = evaluate(indicator(operator, value), points, 2023, trends([series])[0])
        assert f"gehaald wordt: {printed}" in result.reason, result.reason
        assert "al gehaald" not in result.reason and "niet meer te halen" not in result.reason


def test_a_target_no_count_can_meet_reads_0_percent_without_the_back_tests_words():
    points, trend = fitted([140, 139, 141, 138, 140, 139])
    result = evaluate(indicator("<", 0), points, 2019, trend)
    assert "gehaald wordt: 0%" in result.reason and "toets" not in result.reason
    assert result.status == "niet op koers"


@pytest.mark.parametrize("operator,value,words,chance", [
    ("<", 80, "in 2023 t/m september al 90: het doel is niet meer te halen", 0.0),
    (">=", 85, "in 2023 t/m september al 90: het doel is al gehaald", 1.0),
])
def test_a_target_settled_by_this_years_count_says_why(operator, value, words, chance):
    # Counts only grow during a year: 90 to September cannot end below 80, and has already reached 85.
    points, trend = fitted([120] * 9)  # 2014-2022
    points.append(Point(parse("2023 t/m september"), 90))
    series = SeriesData("s", "s", "count", "sum", points)
    result = evaluate(indicator(operator, value), points, 2023, trends([series])[0])
    assert result.projection.chance == chance
    assert words in result.reason and "toets" not in result.reason


def test_a_survey_figure_inside_its_margin_of_the_target_is_neither_met_nor_missed():
    ind = indicator("<", 33.5, unit="percent")
    close = evaluate(ind, pts(("2023", 32.8), margin=1.2), 2023)
    assert (close.status, close.reason) == (
        "binnen de marge", "32,8% in 2023; het doel was lager dan 33,5%. Het verschil met het doel valt binnen de "
                           "marge van ±1,2 procentpunt: of het doel gehaald is, valt uit deze meting niet vast te stellen")
    assert evaluate(ind, pts(("2023", 32.0), margin=1.2), 2023).status == "behaald"  # 1,5 below: beyond the margin
    assert evaluate(ind, pts(("2023", 35.0), margin=1.2), 2023).status == "niet gehaald"
    assert evaluate(ind, pts(("2023", 32.8)), 2023).status == "behaald"  # no margin known: the figure as it is
    grade = evaluate(indicator(">=", 7.2, unit="grade"), pts(("2023", 7.1), margin=0.1), 2023)
    assert grade.status == "binnen de marge"


def test_against_a_measured_baseline_both_margins_count():
    # Lower than in 2021: +1,2 points, each figure ±2,0 and ±2,1; together ±2,9, so not shown to be missed.
    ind = indicator("<", compare_to="baseline", unit="percent", baseline={"year": 2021})
    points = [Point(parse("2021"), 20.0, margin=2.0), Point(parse("2023"), 21.2, margin=2.1)]
    result = evaluate(ind, points, 2023)
    assert result.status == "binnen de marge" and "binnen de marge van ±2,9 procentpunt" in result.reason
    stated = indicator("<", compare_to="baseline", unit="percent", baseline={"year": 2021, "value": 20.0})
    assert evaluate(stated, points[1:], 2023).status == "binnen de marge"  # its own ±2,1 alone still covers 1,2
    far = [Point(parse("2021"), 20.0, margin=1.0), Point(parse("2023"), 22.0, margin=1.0)]
    assert evaluate(ind, far, 2023).status == "niet gehaald"  # 2,0 against ±1,4


def test_year_on_year_survey_figures_inside_their_margins_are_neither_met_nor_missed():
    ind = indicator(">=", compare_to="previous_year", unit="grade")
    close = evaluate(ind, [Point(parse("2022"), 7.1, margin=0.1), Point(parse("2023"), 7.0, margin=0.1)], 2023)
    assert (close.status, close.reason) == (
        "binnen de marge", "7,0 in 2023 tegen 7,1 in 2022: het verschil valt binnen de marge van ±0,1, dus of het "
                           "doel gehaald is, valt niet vast te stellen")
    far = evaluate(ind, [Point(parse("2022"), 7.4, margin=0.1), Point(parse("2023"), 7.0, margin=0.1)], 2023)
    assert far.status == "niet gehaald"


def test_a_count_moving_toward_its_target_without_a_projection_is_at_risk_not_off_track():
    # Land van Cuijk's Bibob procedures: 14, 19, 23 toward "minstens 25 in 2026"; too few years for a projection.
    ind = indicator(">=", 25)  # target year 2023: the figures of 2020-2022
    rising = evaluate(ind, pts(("2020", 14), ("2021", 19), ("2022", 23)), 2022)
    assert (rising.status, rising.reason) == (
        "risico", "de laatste meting, 23 (2022), haalt het doel (minstens 25) nog niet, maar ligt er dichter bij dan "
                  "19 (2021); voor een verwachting tot 2023 zijn er te weinig metingen")
    falling = evaluate(ind, pts(("2020", 14), ("2021", 23), ("2022", 19)), 2022)
    assert falling.status == "niet op koers"


def test_a_projection_says_how_far_it_reaches_only_beyond_the_next_year():
    points, trend = fitted([140, 139, 141, 138, 140, 139])  # 2014-2019, target year 2023
    far = evaluate(indicator("<", 137), points, 2019, trend)
    assert "; het nieuwste cijfer is van 2019: de verwachting reikt 4 jaar verder" in far.reason
    points, trend = fitted([140, 139, 141, 138, 140, 139, 138, 140, 139])  # 2014-2022: the next year is 2023
    near = evaluate(indicator("<", 137), points, 2022, trend)
    assert near.projection is not None and "reikt" not in near.reason


def test_a_survey_figure_moving_toward_its_target_is_at_risk_not_off_track():
    """Walk T #4: "Ervaart geen criminaliteit" rose from 62,5% (2019) to 64,8% (2021) toward "minstens 70%" and read
    "niet op koers", while a single older measurement of another indicator read "risico". A survey every other
    year is read from one measurement to the next."""
    ind = indicator(">=", 70, unit="percent")
    rising = evaluate(ind, pts(("2019", 62.5), ("2021", 64.8)), 2021)
    assert (rising.status, rising.reason) == (
        "risico", "de laatste meting, 64,8% (2021), haalt het doel (minstens 70%) nog niet, maar ligt er dichter bij "
                  "dan 62,5% (2019); een verwachting maakt IVB alleen voor aantallen")
    falling = evaluate(ind, pts(("2019", 64.8), ("2021", 62.5)), 2021)
    assert falling.status == "niet op koers"
    # A count is still read from one year to the next: a gap of two years gives no course; so is a rate.
    assert evaluate(indicator(">=", 25), pts(("2019", 14), ("2021", 23)), 2021).status == "niet op koers"
    assert evaluate(indicator("<=", 5, unit="per_1000"), pts(("2019", 7.5), ("2021", 6.1)), 2021).status == \
        "niet op koers"
    # A rate from a survey comes with its sample's margin: read from one measurement to the next, as a survey.
    survey_rate = [Point(parse("2019"), 7.5, margin=0.4), Point(parse("2021"), 6.1, margin=0.4)]
    assert evaluate(indicator("<=", 5, unit="per_100"), survey_rate, 2021).status == "risico"


def test_a_stated_baseline_far_from_the_measured_figure_is_named_beside_the_status():
    """Walk T #7: the policy stated 400 vandalism reports for 2023, the police figures gave 278; "10% minder dan in
    2023 (400)" was easy to meet and nothing said so."""
    ind = indicator("<=", compare_to="baseline", change_percent=-10, baseline={"year": 2023, "value": 400})
    result = evaluate(ind, pts(("2023", 278), ("2024", 290)), 2024)
    assert result.reason.endswith("; let op: het beleid noemt als nulmeting 400 in 2023, de cijfers van de reeks "
                                  "geven 278 over dat jaar; het doel rekent met de 400 van het beleid")
    close = indicator("<=", compare_to="baseline", change_percent=-10, baseline={"year": 2023, "value": 290})
    assert "let op" not in evaluate(close, pts(("2023", 278), ("2024", 290)), 2024).reason  # 4%: as published
    measured = indicator("<=", compare_to="baseline", change_percent=-10, baseline={"year": 2023})
    assert "let op" not in evaluate(measured, pts(("2023", 278), ("2024", 290)), 2024).reason  # nothing stated


def test_a_stated_baseline_is_compared_only_with_figures_known_at_the_time():
    """The status of 2023 is told as it stood then: a figure of the baseline year published later is not used."""
    ind = indicator("<=", compare_to="baseline", change_percent=-10, baseline={"year": 2022, "value": 400})
    points = pts(("2021", 390), ("2023", 380), ("2022", 278))
    assert "let op" not in evaluate(ind, [p for p in points if p.period.year != 2022], 2023).reason
    assert "let op" in evaluate(ind, points, 2023).reason
    later = indicator("<=", compare_to="baseline", change_percent=-10, baseline={"year": 2024, "value": 400})
    assert "let op" not in evaluate(later, pts(("2023", 380), ("2024", 278)), 2023).reason


@pytest.mark.parametrize("operator,value,status,reason", [
    ("<", 300, "niet gehaald", "al 320 in 2023 t/m september; het doel was lager dan 300: niet gehaald"),
    (">=", 300, "behaald", "al 320 in 2023 t/m september; het doel was minstens 300"),
    ("<", 450, "niet te beoordelen", "het doeljaar 2023 is voorbij, maar alleen 2023 t/m september is geteld; pas met "
                                     "heel 2023 is het doel te beoordelen"),
])
def test_a_target_year_over_with_only_part_counted_is_settled_where_that_part_settles_it(operator, value, status,
                                                                                          reason):
    """Walk AK: "al 320: het doel is niet meer te halen" on the page of 2023 read "niet te beoordelen" on 2024's.
    Counts only grow: a part that settles the target settles it for good; one that does not, says nothing."""
    result = evaluate(indicator(operator, value), pts(("2022", 400), ("2023 t/m september", 320)), 2024)
    assert (result.status, result.reason) == (status, reason)
    assert evaluate(indicator(operator, value, unit="percent"), pts(("2023 t/m september", 32)), 2024).status == \
        "niet te beoordelen"  # only counts grow


def test_a_projection_beyond_a_year_under_way_says_it_counts_that_year_in():
    # Walk AM: "verwachting 2027: 69 (…)" on the 2026 page did not say it rests on 2026's nine months as well.
    s = SeriesData("s", "s", "count", "sum", pts(*[(str(2016 + i), v) for i, v in enumerate([80, 75, 78, 70, 72, 69])],
                                                  ("2022 t/m september", 47)))
    trend = trends([s], until_year=2022)[0]
    result = evaluate(indicator("<", 80), s.points, 2022, trend)  # a target for 2023
    assert result.projection is not None and result.projection.year == 2023
    assert "de verwachting rekent 2022 t/m september (47) mee als deel van 2022" in result.reason


def test_a_difference_as_large_as_the_margin_is_inside_it_despite_floating_point():
    """Review: 25 - 17,9 is 7,100000000000001 in floats, so 17,9% (±7,1) against "lager dan 25%" read op koers."""
    ind = indicator("<", 25, unit="percent")
    assert evaluate(ind, pts(("2017", 17.9), margin=7.1), 2019).status == "risico"
    assert evaluate(ind, pts(("2017", 32.1), margin=7.1), 2019).status == "risico"


def test_a_target_against_the_year_before_names_the_earlier_years_it_was_missed_in():
    # "Niet hoger dan het voorgaande jaar, elk jaar t/m 2023", policy 2020-2023: 2023 met, but 2021 was not.
    ind = indicator("<=", compare_to="previous_year", unit="percent")
    points = pts(("2019", 10), ("2020", 9), ("2021", 12), ("2022", 11), ("2023", 10))
    result = evaluate(ind, points, 2023, first_year=2020)
    assert result.status == "behaald"
    assert result.reason == ("10% in 2023 tegen 11% in 2022; het doel is gehaald; in de eerdere jaren van het "
                             "beleid: 2020 gehaald (9% tegen 10% in 2019), 2021 niet gehaald (12% tegen 9% in 2020), "
                             "2022 gehaald (11% tegen 12% in 2021)")
    # Without the policy's first year, or on its first year, there is nothing earlier to name.
    assert "eerdere jaren" not in evaluate(ind, points, 2023).reason
    assert "eerdere jaren" not in evaluate(ind, points, 2020, first_year=2020).reason
    # A year without a figure before it is left out; a survey difference within both margins is neither.
    gap = pts(("2020", 9), ("2022", 11), ("2023", 10))
    assert evaluate(ind, gap, 2023, first_year=2020).reason.endswith("het doel is gehaald")
    surveyed = evaluate(ind, pts(("2020", 9), ("2021", 10), ("2022", 11), margin=1.5), 2022, first_year=2021)
    assert surveyed.reason.endswith("in de eerdere jaren van het beleid: 2021 binnen de marge")


def test_a_year_under_way_against_the_year_before_names_the_last_whole_year_too():
    values = [201, 170, 150, 120, 95, 97]  # 2025 higher than 2024: missed
    points = pts(*[(str(2020 + i), v) for i, v in enumerate(values)]) + pts(("2026 t/m oktober", 71))
    series = SeriesData("s", "s", "count", "sum", points)
    ind = indicator("<", compare_to="previous_year").model_copy(update={"target_year": 2027})
    result = evaluate(ind, points, 2026, trends([series], until_year=2026)[0], first_year=2024)
    assert result.reason.endswith("in de eerdere jaren van het beleid: 2024 gehaald (95 tegen 120 in 2023), 2025 "
                                  "niet gehaald (97 tegen 95 in 2024)")


def test_the_picture_names_the_earlier_years_of_the_policy_from_its_first_year():
    from pathlib import Path

    from ivb.domain.picture import PictureInput, build_picture
    from ivb.domain.policy import validate_text

    text = (Path(__file__).parent / "data" / "policies" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace('        baseline: {year: 2018, value: 132}\n', '').replace(
        'target: {operator: "<", value: 132}', 'target: {operator: "<=", compare_to: previous_year}')
    validation = validate_text(text)  # policy 2020-2023
    assert validation.ok, validation.problems
    values = ((2017, 140), (2018, 135), (2019, 130), (2020, 128), (2021, 150), (2022, 120))
    series = SeriesData("politie.jeugdoverlast", "Meldingen jeugdoverlast", "count", "sum",
                        pts(*[(str(y), v) for y, v in values]))
    picture = build_picture(PictureInput("GM0553", "Lisse", 2022, validation.policy, [series]))
    (ind,) = picture.indicators
    assert ind.status.status == "behaald"  # 2022 against 2021; 2019 is before the policy and not named
    assert ind.status.reason.endswith("in de eerdere jaren van het beleid: 2020 gehaald (128 tegen 130 in 2019), "
                                      "2021 niet gehaald (150 tegen 128 in 2020)")


def test_a_target_set_from_the_baseline_does_not_judge_the_baseline_against_itself():
    # Walk BL: "in 2025 lager dan 2023", with only the 2023 survey (±1,5): its 2024 page read "haalt het doel niet,
    # maar het verschil valt binnen de marge", a difference of nothing.
    ind = indicator("<", compare_to="baseline", unit="percent", baseline={"year": 2023}).model_copy(
        update={"target_year": 2025})
    result = evaluate(ind, pts(("2023", 23.0), margin=1.5), 2024)
    assert (result.status, result.reason) == (
        "risico", "na de nulmeting, 23% (2023), is nog niet gemeten; of het doel (lager dan 23%) in 2025 gehaald wordt, "
                  "valt daar niet uit af te lezen")
    # With the baseline's value stated by the policy, the measurement of that year is a figure like any other,
    # read with its margin (a review: it read "op koers" where a fixed target gave "risico").
    stated = ind.model_copy(update={"baseline": ind.baseline.model_copy(update={"value": 24.0})})
    near = evaluate(stated, pts(("2023", 22.5), margin=2.0), 2024)
    assert near.status == "risico" and "binnen de marge" in near.reason
    # Past the target year the threshold is still given (walk BM: the API's doel_grens went null).
    assert evaluate(ind, pts(("2023", 23.0), margin=1.5), 2026).threshold == 23.0
    # A later measurement is read against the baseline with both margins, as before.
    later = evaluate(ind, pts(("2023", 23.0), ("2024", 22.0), margin=1.5), 2024)
    assert "binnen de marge" in later.reason and "nulmeting" not in later.reason


def test_a_target_in_words_is_said_in_sentences_that_end():
    # Walk BL: "…opgeleverd door RIEC Of het doel …", the policy's evidence without a full stop.
    from ivb.domain.narrative import sentences

    ind = indicator(unit="qualitative", qualitative="Beeld is er", evidence="een ondermijningsbeeld, opgeleverd door RIEC")
    said = sentences(ind, None, evaluate(ind, [], 2026), "Deventer")
    assert said[0] == "Dit doel wordt niet met een getal gemeten, maar met: een ondermijningsbeeld, opgeleverd door RIEC."
    assert said[1] == ("Doel: Beeld is er (in 2023). Of het gehaald wordt, is nog niet te zeggen: er is nog geen oordeel "
                       "over het bewijs vastgelegd.")


def test_a_judgement_that_a_target_was_met_is_about_the_year_judged():
    # A review: "behaald" judged about 2021 read "behaald over 2023" (the target year) on the 2021 page.
    ind = indicator(unit="qualitative", qualitative="Bewustzijn is vergroot", evidence="verslagen")
    met = evaluate(ind, [], 2021, evidence=[Evidence("2021-05-01", "behaald", "Klaar", year=2021)])
    assert (met.status, met.about) == ("behaald", 2021)
    course = evaluate(ind, [], 2021, evidence=[Evidence("2021-05-01", "op koers", "Goed bezig", year=2021)])
    assert (course.status, course.about) == ("op koers", 2023)
    # Points in any order: the last whole year is the newest.
    every = indicator("<", compare_to="previous_year")
    assert evaluate(every, list(reversed(pts(("2023", 5), ("2024", 4), ("2025", 3)))), 2025).about == 2025


@pytest.mark.parametrize("operator,value,status,reason", [
    ("<=", 150, "niet te beoordelen", "het doeljaar 2023 is voorbij, maar alleen 2023 t/m oktober is geteld; pas met "
                                      "heel 2023 is het doel te beoordelen"),
    ("<", 120, "niet gehaald", "al 131 in 2023 t/m oktober; het doel was lager dan 120: niet gehaald"),
])
def test_a_target_years_own_page_read_after_it_agrees_with_the_next_years(operator, value, status, reason):
    """Walks BQ and BR, on 6 December 2026: the 2025 page read "Heel 2025 is voorbij" beside "niet op koers, kans 18%"
    for 131 counted to October against "hoogstens 150 in 2025", and the 2026 page "niet te beoordelen"."""
    points = pts(("2020", 160), ("2021", 150), ("2022", 155), ("2023 t/m oktober", 131))
    ind = indicator(operator, value)  # for 2023
    later = dt.date(2026, 12, 6)
    own_page, next_page = evaluate(ind, points, 2023, today=later), evaluate(ind, points, 2024, today=later)
    assert (own_page.status, own_page.reason) == (next_page.status, next_page.reason) == (status, reason)
    # Read during 2023 itself, the same figures are a year under way with a course and a chance.
    during = evaluate(ind, points, 2023, today=dt.date(2023, 11, 20))
    assert during.projection is not None and during.status in ("op koers", "risico", "niet op koers", "niet gehaald")


def test_a_target_years_own_page_with_only_earlier_years_still_shows_their_course():
    # Lisse's 2023 page: the newest figure is of 2019; the course the years before set to 2023 is what it can show.
    ind = indicator("<", 80)
    result = evaluate(ind, pts(("2017", 100), ("2018", 95), ("2019 t/m september", 70)), 2023, today=dt.date(2026, 12, 6))
    assert result.status == "risico" and "voorbij" not in result.reason, result.reason


def test_surveys_before_the_policy_read_alike_with_or_without_a_baseline_line():
    """Walk BQ: 7,4 / 7,3 / 7,2 (2019-2023) against "minstens 7,5 in 2027" for a policy from 2024 read "niet op koers";
    adding only `baseline: {year: 2023}` made it "risico". Nothing was measured since the policy began either way."""
    points = pts(("2019", 7.4), ("2021", 7.3), ("2022", 7.2))
    plain = evaluate(indicator(">=", 7.5, unit="grade"), points, 2023, first_year=2023)
    based = evaluate(indicator(">=", 7.5, unit="grade", baseline={"year": 2022}), points, 2023, first_year=2023)
    assert plain.status == based.status == "risico"
    assert plain.reason == ("sinds het beleid begon (2023) is nog niet gemeten: 7,2 (2022) haalt het doel (minstens 7,5) "
                            "nog niet; of het in 2023 gehaald wordt, valt daar niet uit af te lezen")
    # A measurement within the policy's years is a course: the start is then behind it.
    later = evaluate(indicator(">=", 7.5, unit="grade"), points, 2023, first_year=2022)
    assert later.status == "niet op koers"


def test_a_chance_of_an_own_series_says_its_test_was_on_police_figures():
    """Walk BT: a municipality's own complaints were told "reken dus eerder op een kans van ongeveer 23%" from the test
    on the national police months, as if that had been tested for them."""
    from ivb.domain.targets import held_words

    held = calibration.HeldChance(0.3, 0.4, 0.23, 2015, 2023, year_to_date=True)
    police = held_words(held, 34)
    own = held_words(held, 34, police=False)
    assert "reken dus eerder op een kans van ongeveer 23%" in police and "politiecijfers" not in police
    assert own == police + "; dat is getoetst op politiecijfers, niet op reeksen zoals deze"


def test_a_target_against_the_year_before_keeps_what_its_part_settled_after_the_year():
    """Review: "al 320: het doel is niet meer te halen" on the page of 2023 read "niet te beoordelen" once 2023 was
    over; a target against the year before judges a year under way by its own months, and they settled it."""
    ind = indicator("<", compare_to="previous_year")
    points = pts(("2019", 310), ("2020", 305), ("2021", 300), ("2022", 300), ("2023 t/m september", 320))
    during = evaluate(ind, points, 2023, today=dt.date(2023, 12, 1))
    after = evaluate(ind, points, 2023, today=dt.date(2024, 2, 1))
    assert (after.status, after.reason) == (during.status, during.reason)
    assert "niet meer te halen" in after.reason


def test_a_page_before_the_policy_does_not_speak_of_its_start():
    """Review: a 2019 picture beside the policy 2020-2023 would read "sinds het beleid begon (2020)"."""
    result = evaluate(indicator(">=", 7.5, unit="grade"), pts(("2017", 7.2), ("2018", 7.1)), 2019, first_year=2020)
    assert "sinds het beleid begon" not in result.reason


def test_lower_than_the_year_before_after_a_year_of_0_is_not_judged_a_miss():
    """Walk BV: Schiermonnikoog's 0 burglaries in 2025 after 0 in 2024 read "niet gehaald"; nothing is lower than 0."""
    ind = indicator("<", compare_to="previous_year")
    result = evaluate(ind, pts(("2021", 1), ("2022", 0), ("2023", 0)), 2023)
    assert result.status == "niet te beoordelen"
    assert result.reason == ("0 in 2023 tegen 0 in 2022: een aantal kan niet onder 0 komen, dus na 0 was dit doel niet "
                             "te halen; met 'hoogstens' of 'minstens' in plaats van 'lager' of 'hoger' wel")
    # A rise from 0 is still a miss, and "hoogstens" the year before is met by a second 0.
    assert evaluate(ind, pts(("2022", 0), ("2023", 2)), 2023).status == "niet gehaald"
    assert evaluate(indicator("<=", compare_to="previous_year"), pts(("2022", 0), ("2023", 0)), 2023).status == "behaald"
    # "Hoger dan" the year before after 100%: the same at the top of a percentage.
    higher = indicator(">", compare_to="previous_year", unit="percent")
    assert "een percentage kan niet boven 100% komen" in evaluate(higher, pts(("2022", 100), ("2023", 100)), 2023).reason


def test_off_course_before_the_target_year_ended_is_a_course_and_after_it_the_outcome():
    """Second review: "niet op koers" given in November 2023 on a 2023 target still read "niet op koers" on the 2025
    page; given in 2024, before "niet gehaald" could be chosen, it stood for that outcome."""
    ind = indicator(unit="qualitative", qualitative="Bewustzijn is vergroot", evidence="gespreksverslagen")
    during = [Evidence("2023-11-01", "niet op koers", "Weinig gesprekken")]
    assert evaluate(ind, [], 2023, evidence=during).status == "niet op koers"
    later = evaluate(ind, [], 2025, evidence=during)
    assert later.status == "niet te beoordelen" and "ging over de koers" in later.reason
    after = evaluate(ind, [], 2025, evidence=[Evidence("2024-02-01", "niet op koers", "Niet gehaald", year=2023)])
    assert (after.status, after.about) == ("niet gehaald", 2023)


def test_a_chance_of_a_series_that_started_far_above_the_rest_says_how_such_series_held():
    """ADR 0061, walk CC: Roermond's burglaries (170 in 2019, then 78-99) were projected at 77 for 2027 with a 54%
    chance of staying under 80; in the back-test, chances of 50-60% of series that started so far above the rest
    came true 45% of the time (learning only from outcomes known at each origin). The page says so."""
    from ivb.domain.calibration import starts_high

    counts = [170, 99, 89, 82, 85, 78, 92]
    assert starts_high(counts) and not starts_high([200, 180, 160, 145, 130, 117])
    s = SeriesData("politie.od.1.1.1", "Woninginbraak", "count", "sum",
                   pts(*[(str(2019 + i), v) for i, v in enumerate(counts)]))
    trend = trends([s])[0]
    roermond = Indicator.model_validate({
        "key": "i", "name": "Woninginbraken", "series": "politie.od.1.1.1", "unit": "count", "source": "test",
        "direction": "lower_is_better", "target": {"operator": "<", "value": 80}, "target_year": 2027, "ref": "t"})
    result = evaluate(roermond, s.points, 2025, trend)
    held = result.projection.held
    assert held is not None and held.high_start and held.low <= result.projection.chance_shown < held.high
    assert held.share_met < result.projection.chance_shown - 0.05
    assert ("bij reeksen die, zoals deze, begonnen met een jaar ver boven het gewone niveau van de jaren erna, in "
            f"{round(held.share_met * 100)}% van de gevallen uit") in result.reason
    # Without the high first year the same chance of an ordinary series gets no such words.
    assert calibration.how_it_held(result.projection.chance_shown) is None


def test_the_api_says_which_class_of_chances_the_words_are_from():
    from ivb.domain.calibration import HeldChance
    from ivb.domain.picture import _projection_dict
    from ivb.domain.projection import Projection

    p = Projection(2027, 77, 45, 122, chance=0.54, chance_shown=0.54,
                   held=HeldChance(0.5, 0.6, 0.4543, 2019, 2024, True, high_start=True))
    assert _projection_dict(p)["zulke_kansen_bij_de_toets"] == {
        "van": 0.5, "tot": 0.6, "aandeel_gehaald": 0.4543, "toets": "alleen wat toen bekend was",
        "startjaren": [2019, 2024], "reeksen_met_hoog_eerste_jaar": True}


def test_the_years_between_reach_back_to_the_last_figure_however_far_the_target():
    """Review: a cap of ten years dropped the first years after the last figure, and the band jumped."""
    from ivb.domain.projection import years_between

    _points, trend = fitted([200, 180, 160, 145, 130, 117])  # 2014-2019
    assert [p.year for p in years_between(trend.fit, 2033)] == list(range(2020, 2033))
    assert years_between(trend.fit, 2020) == ()
