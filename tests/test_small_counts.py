"""A count too small for a trend (fewer than 10 a year) is projected at its level, with an interval and a chance
from one count distribution (ADR 0046): not judged on its last figure alone (walk AR, Vlieland)."""

import numpy as np

from ivb.domain import backtest
from ivb.domain.periods import parse
from ivb.domain.projection import chance_of, from_level
from ivb.domain.seasonal import Profile
from ivb.domain.targets import evaluate
from ivb.domain.trend import trends
from ivb.domain.observations import Point, SeriesData
from tests.test_targets import indicator, pts


def status_of(ind, points, year):
    (trend,) = trends([SeriesData("s", "s", "count", "sum", points)])
    return evaluate(ind, points, year, trend)


def test_one_burglary_in_a_place_with_hardly_any_does_not_read_off_course():
    ind = indicator("<=", 0)  # "hoogstens 0" in 2023
    points = pts(("2015", 0), ("2016", 1), ("2017", 0), ("2018", 0), ("2019", 1), ("2020", 0), ("2021", 1))
    result = status_of(ind, points, 2021)
    # The level, 3 in 7 years: rate (3 + ½) / 7 = 0,5, variance 1,3 (the scatter learned two years ahead) x 0,5 x
    # (1 + 1/7) = 0,743; a negative binomial with r = 1,029 and p = 0,673 gives no burglary in 2023 a chance of
    # p^r = 67%: risico, not niet op koers.
    assert result.status == "risico"
    assert "ongeveer 0,5 (met minstens 80% kans tussen 0 en 2), op het niveau van 2015–2021:" in result.reason
    assert "kans dat het doel (hoogstens 0) gehaald wordt: 67%" in result.reason
    assert result.projection is not None and result.projection.chance_shown == 0.67


def test_a_small_count_far_over_its_target_is_still_off_course_and_one_under_it_on_course():
    points = pts(*[(str(2015 + i), v) for i, v in enumerate((6, 7, 5, 8, 6, 7, 6))])
    assert status_of(indicator("<", 3), points, 2021).status == "niet op koers"
    assert status_of(indicator("<", 12), points, 2021).status == "op koers"


def test_a_series_of_ten_or_more_a_year_is_not_carried_at_its_level():
    points = pts(*[(str(2015 + i), v) for i, v in enumerate((30, 28, 25, 27, 22, 20, 18))])
    assert "op het niveau van" not in status_of(indicator("<", 15), points, 2021).reason


def test_the_year_under_way_keeps_what_was_counted_and_can_be_settled_by_it():
    years = [2, 1, 3, 2, 1, 2, 3]
    profile = Profile(0.75, 0.02, "national", "landelijk", 9)
    partial = Point(parse("2026-tm09"), 4)
    projection = from_level(years, 2026, partial, profile)
    assert projection.known == 4 and projection.low >= 4 and projection.expected > 4
    assert chance_of(projection, "<", 4) == 0.0  # 4 counted already: "lager dan 4" cannot be met
    # Of a later year the part counts towards the level only: 4 in three quarters raises it.
    later = from_level(years, 2027, partial, profile)
    assert later.known == 0 and later.expected > from_level(years, 2027).expected


def test_the_back_test_finds_the_model_right_on_counts_that_are_what_it_assumes():
    """On series that are Poisson counts at a steady rate, the 80% interval covers at least 80% (whole counts make
    it cover more) and each well-filled bin of printed chance holds within 5 points."""
    rng = np.random.default_rng(20261205)
    series = [backtest.RealSeries("s", f"GM{i:04d}", {y: float(c) for y, c in zip(range(2012, 2026),
                                                                                  rng.poisson(rate, 14), strict=True)})
              for i, rate in enumerate(rng.uniform(0.3, 8.0, 1500))]
    result = backtest.evaluate_level(backtest.run_level(series, 7, 10.0), 2019)
    assert result.test_origins == [2019, 2020, 2021, 2022, 2023, 2024]
    assert all(0.80 <= c.inside <= 0.93 for c in result.coverage), result.coverage
    assert result.chances_verdict() is True and result.intervals_verdict() is True
    assert result.chances.brier < result.chances.naive_brier


def test_a_page_and_the_back_test_state_the_same_distribution():
    from ivb.domain import calibration

    counts = [3.0, 1.0, 4.0, 0.0, 2.0, 5.0, 2.0]
    series = [backtest.RealSeries("s", "GM0001", {2012 + i: c for i, c in enumerate([*counts, 4.0, 1.0])})]
    cases = backtest.run_level(series, 7, 10.0)
    first = cases.where(cases.origin == 2018)
    for h in (1, 2):
        projection = from_level(counts, 2018 + h, ahead=h)
        case = first.where(first.horizon == h)
        variance = backtest.level_variance(case, calibration.small_count_scatter_at(h))
        assert abs(projection.sd ** 2 - float(variance[0])) < 1e-12 and projection.expected == float(case.rate[0])


def test_the_command_measures_the_real_small_series_and_writes_the_shipped_scatter(capsys, tmp_path):
    from importlib import resources

    from ivb.cli import main

    written = tmp_path / "scatter.json"
    assert main(["backtest", "--small-counts", "--write", str(written)]) == 0
    out = capsys.readouterr().out
    assert "1.134 echte reeksen met minder dan 10 per jaar" in out
    assert "1 jaar vooruit     5.893 projecties   voor  85,5%   na  88,9% ✓" in out
    assert "kans van 0 tot 10%      na:   4.556 doelen, voorspeld gemiddeld   6,3%, gehaald   8,1% ✓" in out
    assert "Oordeel: intervallen minstens 80% op elke horizon: ja; kansen binnen 5 punten per klasse" in out
    shipped = resources.files("ivb.data").joinpath("small-count-scatter.json").read_bytes()
    assert written.read_bytes() == shipped  # byte for byte


def test_the_small_counts_take_no_known_outcomes_only(capsys):
    from ivb.cli import main

    assert main(["backtest", "--small-counts", "--known-outcomes-only"]) != 0
    assert "--small-counts gaat niet samen met --known-outcomes-only" in capsys.readouterr().err


def test_a_percentage_of_a_baseline_of_nought_is_pointed_out():
    """Walk AR: "20% minder dan de 0 van 2023" was accepted and printed without a word."""
    from ivb.domain.narrative import _cautions
    from ivb.domain.series_picture import SeriesPicture

    ind = indicator("<=", compare_to="baseline", baseline={"year": 2017}, change_percent=-20)
    points = pts(("2015", 1), ("2016", 2), ("2017", 0), ("2018", 1), ("2019", 0))
    (trend,) = trends([SeriesData("s", "s", "count", "sum", points)])
    said = _cautions(ind, SeriesPicture("s", "s", "count", points, trend))
    assert ("Let op: het doel is 20% minder ten opzichte van 2017, en toen was het cijfer 0: een percentage van 0 is "
            "0, dus het doel komt neer op 0. Kies in het beleid liever een getal.") in said
    assert not any("percentage van 0" in s for s in _cautions(ind, SeriesPicture("s", "s", "count", pts(
        ("2016", 2), ("2017", 3), ("2018", 1)), trend)))


def test_a_level_is_read_from_the_newest_seven_calendar_years_only():
    """Review: 2012, 2013, 2021 and 2022 gave a level "op het niveau van 2012–2022"."""
    from ivb.domain.targets import small_count_years

    assert small_count_years(pts(("2012", 3), ("2013", 2), ("2021", 0), ("2022", 1))) == []
    years = small_count_years(pts(("2012", 3), ("2017", 2), ("2019", 0), ("2021", 0), ("2022", 1)))
    assert [p.period.year for p in years] == [2017, 2019, 2021, 2022]


def test_a_small_count_is_said_to_be_small_not_short_of_figures():
    """Walk AX: "Er zijn te weinig gegevens" beside a projection from seven years of figures."""
    from ivb.domain.narrative import _trend_verdict
    from ivb.domain.series_picture import SeriesPicture

    points = pts(*[(str(2012 + i), v) for i, v in enumerate((1, 2, 0, 1, 3, 1, 2, 1, 0, 2, 1, 3, 1, 1))])
    (trend,) = trends([SeriesData("s", "s", "count", "sum", points)])
    assert trend.small_counts
    assert _trend_verdict(SeriesPicture("s", "s", "count", points, trend)) == [
        "Voor een trend zijn de aantallen te klein: gemiddeld 1,3 per jaar."]  # 2019–2025: 9 in 7 years
    (few,) = trends([SeriesData("s", "s", "count", "sum", points[:3])])
    assert not few.small_counts and "te weinig gegevens" in _trend_verdict(SeriesPicture("s", "s", "count", points[:3],
                                                                                        few))[0]


def test_not_more_than_last_year_is_judged_on_the_year_under_way_of_a_small_count():
    # Walk BF (Renswoude): 2 threats in 2025 and 2024, then 2 + 3 + 4 from January to March 2026. The page of 2026
    # read "behaald" from 2025 against 2024.
    ind = indicator("<=", compare_to="previous_year")
    points = pts(*[(str(2019 + i), v) for i, v in enumerate((4, 3, 2, 5, 3, 2, 2))]) + pts(("2026 t/m maart", 9))
    result = status_of(ind, points, 2026)
    assert result.status == "niet op koers" and result.threshold == 2
    # What settles it comes first; the estimate says which part was counted and which part is the level.
    assert result.reason.startswith("in 2026 t/m maart al 9: het doel is niet meer te halen; verwachting 2026:")
    # The level is that of the years and these months together, as `from_level` takes it (review): (21 + 9 + ½) /
    # (7 + 0,244) = 4,2 a year.
    assert ("de 9 van 2026 t/m maart, en de rest van het jaar op het niveau van 2019–2025 en die maanden samen "
            "(ongeveer 4,2 per jaar)") in result.reason
    assert "kans dat het doel (hoogstens de 2 van 2025) gehaald wordt: 0%" in result.reason
    # Nine where the level gave under one in those months: the estimate says what it assumes.
    assert ("9 in 2026 t/m maart is veel meer dan 2019–2025 in dezelfde maanden gaven (gemiddeld ongeveer 0,8): "
            "blijft het tempo van deze maanden, dan wordt het jaar hoger dan deze verwachting") in result.reason
    assert result.projection.year == 2026 and result.projection.known == 9
    # The page of 2025 still compares the two whole years.
    assert status_of(ind, points[:-1], 2025).status == "behaald"
    # The page of 2026 before any month of it projects 2026 at the level (walk BI: "behaald" of 2025 read as 2026's).
    before = status_of(ind, points[:-1], 2026)
    assert before.projection is not None and before.projection.year == 2026
    assert before.status != "behaald" and "op het niveau van 2019–2025" in before.reason
    assert before.reason.endswith("; van 2026 is er nog geen cijfer; 2025 haalde het doel (2 tegen 2 in 2024)")


def test_lower_than_a_year_of_nought_says_no_count_can_meet_it_not_that_the_months_settled_it():
    # Review of walk BF: "in 2026 t/m maart al 0: het doel is niet meer te halen" blamed three months for what no
    # year could do.
    ind = indicator("<", compare_to="previous_year")
    years = pts(*[(str(2019 + i), v) for i, v in enumerate((1, 0, 2, 1, 0, 1, 0))])
    for points in (years + pts(("2026 t/m maart", 0)), pts(("2025", 0), ("2026 t/m maart", 0))):
        result = status_of(ind, points, 2026)
        # No course either (walk BJ: "niet op koers" put the priority under "vraagt aandacht" for 0 explosions).
        assert result.status == "niet te beoordelen" and result.threshold == 0
        assert result.reason.startswith("een aantal kan niet onder 0 komen, dus het doel (lager dan de 0 van 2025) is "
                                        "niet te halen; met 'hoogstens' in plaats van 'lager dan' wel; ")
        assert "maart al 0" not in result.reason
    # Once something was counted in the year, "lager dan 0" is missed for real.
    counted = status_of(ind, years + pts(("2026 t/m maart", 2)), 2026)
    assert counted.status == "niet op koers" and counted.reason.startswith("een aantal kan niet onder 0 komen")
    # "Hoogstens de 0 van 2025" can be met: judged as any other target.
    result = status_of(indicator("<=", compare_to="previous_year"), years + pts(("2026 t/m maart", 0)), 2026)
    assert "onder 0" not in result.reason and result.status in ("op koers", "risico")


def test_a_year_under_way_at_its_usual_level_gets_no_warning_about_its_months():
    ind = indicator("<=", compare_to="previous_year")
    points = pts(*[(str(2019 + i), v) for i, v in enumerate((4, 3, 2, 5, 3, 2, 4))]) + pts(("2026 t/m september", 2))
    result = status_of(ind, points, 2026)
    assert "kans dat het doel (hoogstens de 4 van 2025) gehaald wordt" in result.reason
    assert "veel meer" not in result.reason and "veel minder" not in result.reason
    assert result.status in ("op koers", "risico")


def test_not_more_than_last_year_without_years_for_a_trend_goes_at_the_pace_of_its_months():
    # Two whole years of about 200 and 150 to June: no trend, no small count, so the pace of the months counted.
    ind = indicator("<", compare_to="previous_year")
    points = pts(("2024", 210), ("2025", 200), ("2026 t/m juni", 150))
    result = evaluate(ind, points, 2026)
    assert result.threshold == 200 and result.status == "niet op koers"
    assert "heel 2026 naar verwachting ongeveer" in result.reason
    assert "kans dat het doel (lager dan de 200 van 2025) gehaald wordt" in result.reason


def test_a_year_under_way_after_whole_years_too_small_for_a_trend_is_completed_at_their_level():
    """Walk BN (Vlieland): nine months of 2026 lifted a count of under 10 a year over the line of a trend, and the
    rest of 2026 went "at the pace of the months, for want of four whole years", of fourteen whole years."""
    from ivb.domain.seasonal import profile_for
    from ivb.domain.targets import year_under_way

    whole = [(str(2019 + i), v) for i, v in enumerate((9, 11, 10, 8, 12, 9, 10))]  # 9,9 a year
    points = pts(*whole, ("2026-tm09", 12))
    (trend,) = trends([SeriesData("s", "s", "count", "sum", points)])
    assert trend.fit is not None and trend.before_this_year is None  # 2020–2026 makes 10,7 a year: a trend
    profile = profile_for("s", "s", points, points[-1].period)
    estimate = year_under_way(trend, points, profile)
    assert estimate.level and estimate.known == 12
    ind = indicator("<", 14)
    ind = ind.model_copy(update={"target_year": 2026})
    reason = evaluate(ind, points, 2026, trend).reason
    assert "op het niveau van 2019–2025" in reason and "vier hele jaren" not in reason


def test_a_baseline_far_out_of_line_with_the_years_around_it_is_named():
    """Walk BN (Vlieland): "25% minder dan de 24 van 2023: hoogstens 18" read "op koers, 92%", where the years around
    2023 held 0 to 6; nothing said the baseline was an outlier (months are asked about from 25 on)."""
    from ivb.domain.narrative import _unusual_baseline

    years = pts(*[(str(y), v) for y, v in zip(range(2019, 2026), (2, 4, 1, 6, 24, 3, 0), strict=True)])
    assert _unusual_baseline(2023, 24, years, "<=") == (
        "Let op: de nulmeting, 24 in 2023, ligt ver boven de jaren eromheen (0 tot 6, meestal ongeveer 3); tegen "
        "zo'n uitschieter is het doel makkelijk te halen.")
    assert "moeilijk te halen" in _unusual_baseline(2023, 24, years, ">")  # more than an outlier: hard
    # The value the target counts with: a policy that states 3 for 2023 is set against no outlier (review).
    assert _unusual_baseline(2023, 3, years, "<=") == ""
    ordinary = pts(*[(str(y), v) for y, v in zip(range(2019, 2026), (2, 4, 1, 6, 7, 3, 0), strict=True)])
    assert _unusual_baseline(2023, 7, ordinary, "<=") == ""  # 7 among 0 to 6: chance gives that
    large = pts(*[(str(y), v) for y, v in zip(range(2019, 2026), (200, 210, 190, 205, 90, 215, 200), strict=True)])
    assert "ver onder de jaren eromheen (190 tot 215, meestal ongeveer 205)" in _unusual_baseline(2023, 90, large, "<")
    assert _unusual_baseline(2023, 24, years[:2] + years[4:5], "<=") == ""  # two years around it say too little


def test_a_target_no_count_can_meet_is_not_called_too_early_to_say():
    """Walk BN: "Of het gehaald wordt, is nog niet te zeggen: … is niet te halen" for "20% minder dan de 0 van 2023"."""
    from ivb.domain.narrative import status_sentence

    ind = indicator("<", None, compare_to="baseline", change_percent=-20, baseline={"year": 2023})
    ind = ind.model_copy(update={"target_year": 2027})
    points = pts(*[(str(y), v) for y, v in zip(range(2019, 2026), (0, 1, 0, 0, 0, 1, 0), strict=True)])
    result = status_of(ind, points, 2025)
    assert result.status == "niet te beoordelen"
    sentence = status_sentence(ind, result, None)
    assert sentence.startswith("Doel: 20% minder dan in 2023, in 2027. Dit doel is zo niet te beoordelen: een aantal "
                               "kan niet onder 0 komen") and "nog niet te zeggen" not in sentence
