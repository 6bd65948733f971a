"""Trend verdicts: the five the Lisse policy draws from its own table, and the rules around them."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ivb.domain.observations import Point, SeriesData
from ivb.domain.periods import parse, year
from ivb.domain.vocabulary import Verdict
from ivb.domain.trend import TREND_YEARS, Change, rank_change, survey_change, trends, window

PERIODS = ["2014", "2015", "2016", "2017", "2018", "2019 t/m september"]
LISSE = {  # §2 of the policy; the last column is January up to September 2019
    "misdrijven": ([906, 947, 961, 706, 720, 580], "falling"),
    "jeugdoverlast": ([235, 208, 134, 187, 132, 81], "falling"),
    "woninginbraken": ([46, 60, 38, 38, 30, 21], "falling"),
    "geweld": ([65, 57, 83, 66, 51, 42], "stable"),
    "overlast": ([59, 61, 56, 80, 86, 69], "rising"),
}


def series(values, periods=PERIODS, key="s", breaks=()):
    return SeriesData(key, key, "count", "sum", [Point(parse(p), v) for p, v in zip(periods, values, strict=True)], list(breaks))


def yearly(values, start=2010):
    return series(values, [str(start + i) for i in range(len(values))])


def test_it_draws_the_five_verdicts_of_the_lisse_policy():
    results = trends([series(v, key=k) for k, (v, _) in LISSE.items()])
    assert {k: t.verdict for k, t in zip(LISSE, results, strict=True)} == {k: verdict for k, (_, verdict) in LISSE.items()}


def test_it_matches_a_statsmodels_quasi_poisson_fit():
    import statsmodels.api as sm

    values = LISSE["misdrijven"][0]
    trend = trends([series(values)])[0]
    t = np.array([2014.5, 2015.5, 2016.5, 2017.5, 2018.5, 2019.375])
    exposure = np.array([1, 1, 1, 1, 1, 0.75])
    fit = sm.GLM(np.array(values), sm.add_constant(t), family=sm.families.Poisson(), exposure=exposure).fit(scale="X2")
    assert trend.slope == pytest.approx(fit.params[1], abs=1e-9)
    assert trend.dispersion == pytest.approx(fit.scale, rel=1e-9)
    assert trend.change_per_year == pytest.approx(-0.0568, abs=1e-4)
    assert trend.p_value == pytest.approx(0.0903, abs=1e-4)
    low, high = trend.interval
    assert low < trend.change_per_year < high < 0


def test_small_counts_are_too_few_to_call_a_trend():
    trend = trends([yearly([2, 4, 3, 2, 4, 3, 4, 2, 3, 4])])[0]
    assert trend.verdict == "too_few" and "kleine aantallen" in trend.reason
    assert trend.slope is None


def test_fewer_than_four_points_are_too_few():
    trend = trends([yearly([100, 120, 140])])[0]
    assert (trend.verdict, trend.reason) == ("too_few", "3 van de minstens 4 metingen die een trend vraagt")


def test_a_partial_year_is_not_read_as_a_full_year():
    # 120 a year, and 90 in the first nine months of 2019: a steady rate, not a fall.
    trend = trends([series([120, 120, 120, 120, 120, 90])])[0]
    assert trend.verdict == "stable" and trend.slope == pytest.approx(0, abs=1e-9)


def test_a_recorded_break_is_a_step_not_a_trend():
    values = [200, 200, 200, 200, 200, 260, 260, 260, 260, 260]  # a new counting rule from 2015
    assert trends([yearly(values)])[0].verdict == "rising"
    with_break = trends([series(values, [str(2010 + i) for i in range(10)], breaks=[dt.date(2015, 1, 1)])])[0]
    assert with_break.verdict == "stable" and with_break.slope == pytest.approx(0, abs=1e-9)


def test_series_of_different_lengths_are_fitted_in_one_batch():
    results = trends([yearly([100, 90, 80, 70, 60]), series(LISSE["overlast"][0]), yearly([500, 500, 500, 500])])
    assert [t.verdict for t in results] == ["falling", "rising", "stable"]


counts = st.lists(st.integers(min_value=15, max_value=5000), min_size=5, max_size=12)


@settings(max_examples=60, deadline=None)
@given(counts, st.integers(min_value=2, max_value=50))
def test_scaling_counts_keeps_the_direction(values, factor):
    a, b = trends([yearly(values), yearly([v * factor for v in values])])
    assert np.sign(a.slope) == np.sign(b.slope) or abs(a.slope) < 1e-9
    assert a.slope == pytest.approx(b.slope, abs=1e-7)
    if a.verdict in ("rising", "falling"):
        assert b.verdict == a.verdict  # more counts only make a trend surer


@settings(max_examples=60, deadline=None)
@given(counts)
def test_reversing_time_flips_rising_and_falling(values):
    values = values[-TREND_YEARS:]  # the fitted window: reversed, a longer series would keep other years
    forward, backward = trends([yearly(values), yearly(values[::-1])])
    flipped = {"rising": "falling", "falling": "rising"}
    if forward.verdict in flipped:
        assert backward.verdict == flipped[forward.verdict]
    else:
        # "stabiel" rules out a change of more than 15% a year either way, in percent: reversed, a year's −13,1% is
        # +15,1% (1 / 0,869), so a series right at that edge may read stable one way and unclear the other.
        assert backward.verdict in ("stable", "unclear")
    assert backward.slope == pytest.approx(-forward.slope, abs=1e-7)


def test_it_judges_the_newest_seven_years_not_a_decline_that_ended():
    # Shaped like Heerlen's threats (2020–2025 as in 47018NED, earlier years made up): a long decline to 2019,
    # then a rise. Over all 14 years the line falls; over the newest seven it rises.
    values = [330, 300, 262, 240, 221, 198, 186, 175, 182, 205, 206, 219, 262, 238]
    trend = trends([yearly(values, start=2012)])[0]
    assert trend.verdict == "rising" and trend.points == 7 and trend.change_per_year > 0.05
    assert [p.period.year for p in window(yearly(values, start=2012).points)] == list(range(2019, 2026))


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=10, max_value=100000), st.integers(min_value=4, max_value=15))
def test_a_flat_series_is_stable_or_without_direction(level, length):
    trend = trends([yearly([level] * length)])[0]
    assert abs(trend.slope) < 1e-9 and trend.dispersion == 1.0
    assert trend.verdict in ("stable", "unclear")  # never a direction
    # Many years of large counts rule out a change of 15% a year: stable. A few years of small ones cannot.
    if level >= 500 and length >= 5:
        assert trend.verdict == "stable"
    if level <= 20 and length <= 5:
        assert trend.verdict == "unclear"


def test_a_wide_interval_without_a_significant_change_is_no_clear_direction():
    """Walk AM: Súdwest-Fryslân's thefts from cars, 47 in 2024 and 124 in 2025, read "stabiel" beside +12,6% a
    year (90%: −4,6% to +32,9%). Stable means a large change is ruled out; here it is not."""
    from ivb.domain.narrative import _trend_verdict
    from ivb.domain.series_picture import SeriesPicture

    wide = trends([yearly([60, 95, 70, 58, 52, 47, 124], start=2019)])[0]
    assert wide.verdict == "unclear" and wide.p_value >= 0.10 and wide.interval[1] > 0.15
    assert wide.verdict.words == "geen duidelijke richting"
    narrow = trends([yearly([1000, 1010, 990, 1005, 995, 1000, 1002], start=2019)])[0]
    assert narrow.verdict == "stable"
    sentence = _trend_verdict(SeriesPicture("s", "s", "count", [], wide))[0]
    assert sentence.startswith("Van 2019 tot en met 2025 is er geen duidelijke richting: gemiddeld +")
    assert "maar met deze cijfers is een flinke stijging of daling niet uit te sluiten (waarschijnlijk tussen −" \
        in sentence
    # "Stabiel" says what it rules out, so its words do not read as those of no clear direction (walk AP).
    (steady,) = _trend_verdict(SeriesPicture("s", "s", "count", [], narrow))
    assert steady.startswith("Van 2019 tot en met 2025 is het aantal stabiel: er is geen duidelijke stijging of "
                             "daling, en een verandering van meer dan 15% per jaar is onwaarschijnlijk (waarschijnlijk "
                             "tussen −")


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=20, max_value=2000), st.floats(min_value=0.1, max_value=0.5))
def test_a_steady_exponential_rise_is_rising(level, growth):
    values = [round(level * (1 + growth) ** i) for i in range(8)]
    trend = trends([yearly(values)])[0]
    assert trend.verdict == "rising" and trend.change_per_year == pytest.approx(growth, abs=0.05)


def p(period, value, margin=None):
    return Point(parse(period), value, margin=margin)


def test_a_survey_change_inside_the_margins_is_no_change():
    change = survey_change([p("2015", 7.2, 0.2), p("2017", 7.4, 0.2)])
    assert change.verdict == "stable" and change.reason == "het verschil (+0,2) valt binnen de marge van beide metingen samen (±0,3)"
    change = survey_change([p("2015", 15.0, 1.0), p("2017", 18.4, 1.2)])
    assert change.verdict == "rising" and change.reason == "het verschil (+3,4) is groter dan de marge van beide metingen samen (±1,6)"
    change = survey_change([p("2015", 18.4, 1.2), p("2017", 15.0, 1.0)])
    assert change.reason == "het verschil (−3,4) is groter dan de marge van beide metingen samen (±1,6)"  # a real minus sign
    assert survey_change([p("2017", 7.4)]).verdict == "too_few"


def test_a_difference_of_percentages_is_in_procentpunt_and_of_grades_has_no_unit():
    """Walk A #20: "het verschil (+1,2) valt binnen de marge van beide metingen samen (±2,5)" did not say +1,2 what."""
    change = survey_change([p("2017", 18.4, 1.8), p("2019", 19.6, 1.735)], "percent")
    assert change.reason == "het verschil (+1,2 procentpunt) valt binnen de marge van beide metingen samen (±2,5 procentpunt)"
    change = survey_change([p("2017", 18.4), p("2019", 15.0)], "percent")
    assert change.reason == ("de bron geeft geen marge, dus of het verschil (−3,4 procentpunt) meer is dan toeval, "
                             "valt niet te zeggen")
    change = survey_change([p("2015", 7.2, 0.2), p("2017", 7.4, 0.2)], "grade")
    assert change.reason == "het verschil (+0,2) valt binnen de marge van beide metingen samen (±0,3)"


def test_it_gives_no_direction_to_a_survey_difference_without_a_margin():
    # The Lisse rapportcijfer 7,4 (2017), then 6,5 entered without a margin: the drop may be sampling noise.
    change = survey_change([p("2017", 7.4), p("2021", 6.5)])
    assert (change.verdict, change.reason) == (
        "too_few", "de bron geeft geen marge, dus of het verschil (−0,9) meer is dan toeval, valt niet te zeggen")
    # One of the two with a margin: the other is named (walk of 4 December).
    change = survey_change([p("2017", 18.4), p("2025", 17.9, 1.1)], "percent")
    assert (change.verdict, change.reason) == ("too_few", "het cijfer van 2017 heeft geen marge, dus of het verschil "
                                               "(−0,5 procentpunt) meer is dan toeval, valt niet te zeggen")


def test_ranks_compare_as_ranks():
    assert rank_change([p("2017", 210), p("2019", 213)]) == Change(
        "rising", "van plaats 210 naar plaats 213", p("2017", 210), p("2019", 213))
    assert rank_change([p("2017", 210), p("2019", 190)]).verdict == "falling"
    assert rank_change([p("2017", 210), p("2019", 210)]).verdict == "stable"


def test_year_helpers_are_what_they_say():
    assert year(2019).exposure == 1 and parse("2019 t/m september").exposure == 0.75


def test_odd_series_give_too_few_never_an_error():
    odd = [
        series([0, 0, 0, 120, 130, 125], [str(y) for y in range(2014, 2020)], breaks=[dt.date(2017, 1, 1)]),
        series([0, 0, 0, 0, 0, 150], ["2014", "2015", "2016", "2017", "2018", "2019 t/m maart"]),
        series([100, 110, 120, 130, 140, 150, 160], [str(y) for y in range(2013, 2020)],
               breaks=[dt.date(2016, 7, 1), dt.date(2017, 1, 1), dt.date(2017, 1, 1)]),
    ]
    results = trends(odd)
    assert [t.verdict for t in results[:2]] == ["too_few", "too_few"]
    assert all("het model komt op deze reeks niet tot een trend" in r.reason for r in results[:2])
    assert results[2].verdict == "rising"  # repeated breaks in one gap count as one
    assert all(t.change_per_year is None or np.isfinite(t.change_per_year) for t in results)


def test_a_break_outside_the_data_is_ignored():
    values = LISSE["overlast"][0]
    plain = trends([series(values)])[0]
    later = trends([series(values, breaks=[dt.date(2022, 1, 1)])])[0]
    assert (later.verdict, later.slope) == (plain.verdict, plain.slope)


def test_a_break_with_one_point_after_it_is_too_few():
    trend = trends([series(LISSE["misdrijven"][0], breaks=[dt.date(2018, 7, 1)])])[0]
    assert (trend.verdict, trend.reason) == ("too_few", "te weinig metingen aan één kant van een breuk in de reeks")


def test_a_month_of_a_new_year_is_not_the_fourth_measurement_half_a_year_is():
    """Walk BR: January 2025 beside three whole years turned "te weinig metingen" into "stabiel" and a projection to
    2027 that rested on three years and a month."""
    whole = [Point(year(y), v) for y, v in ((2022, 150), (2023, 160), (2024, 155))]
    january = trends([SeriesData("gemeente.drugsoverlast", "Drugsoverlast", "count", "sum",
                                 whole + [Point(parse("2025 t/m januari"), 12)])])[0]
    assert january.verdict == Verdict.TOO_FEW
    assert january.reason == "3 van de minstens 4 metingen die een trend vraagt"
    july = trends([SeriesData("gemeente.drugsoverlast", "Drugsoverlast", "count", "sum",
                              whole + [Point(parse("2025 t/m juli"), 90)])])[0]
    assert july.verdict != Verdict.TOO_FEW and july.slope is not None


def test_small_survey_steps_that_add_up_beyond_the_margins_are_a_direction():
    """Walk BU: 25, 24, 22 and 21% (±1,5) read "stabiel", since only the last two were compared."""
    def points(values):
        return [Point(year(y), v, margin=1.5) for y, v in zip((2017, 2019, 2021, 2023), values, strict=True)]

    fell = survey_change(points([25, 24, 22, 21]), "percent")
    assert fell.verdict == Verdict.FALLING and fell.longer and fell.previous.period.label == "2017"
    assert fell.reason == ("het verschil met 2017 (−4,0 procentpunt) is groter dan de marge van beide metingen samen "
                           "(±2,1 procentpunt); met de vorige meting scheelt het minder dan de marge")
    assert survey_change(points([25, 24.5, 24.8, 24.2]), "percent").verdict == Verdict.STABLE
    # A last step beyond the margins is said as before, against the measurement before it.
    jump = survey_change(points([25, 24, 22, 17]), "percent")
    assert jump.verdict == Verdict.FALLING and not jump.longer
    # Outside the newest seven years the first does not count: 2009 to 2023 is not the window.
    old = [Point(year(2009), 30, margin=1.5)] + points([23, 22.5, 22, 21.5])
    assert survey_change(old, "percent").verdict == Verdict.STABLE


def test_a_survey_direction_since_the_first_measurement_says_since_when():
    from types import SimpleNamespace

    from ivb.domain.narrative import _trend_verdict

    points = [Point(year(y), v, margin=1.5) for y, v in zip((2017, 2019, 2021, 2023), (25, 24, 22, 21), strict=True)]
    sp = SimpleNamespace(trend=survey_change(points, "percent"), unit="percent", points=points)
    assert _trend_verdict(sp)[0].startswith("Het cijfer is gedaald sinds 2017; het verschil met 2017 (−4,0 procentpunt)")


def test_it_leaves_the_year_furthest_from_the_line_out_of_the_scatter_a_projection_takes():
    """ADR 0058. Roermond's burglaries (47018NED 1.1.1, GM0957), 2019-2025: 170, then six years of 78 to 99."""
    import statsmodels.api as sm
    from scipy import stats

    counts = np.array([170, 99, 89, 82, 85, 78, 92])
    roermond = trends([yearly(counts.tolist(), start=2019)])[0]
    reference = sm.GLM(counts, sm.add_constant(np.arange(2019.5, 2026.5)), family=sm.families.Poisson()).fit(scale="X2")
    r2 = reference.resid_pearson ** 2
    assert roermond.verdict == Verdict.FALLING
    assert roermond.dispersion == pytest.approx(reference.scale, rel=1e-9)  # X² / df: what the verdict reads (5,18)
    trimmed = (r2.sum() - r2.max()) / (len(counts) - 2 - 1)  # without 2019: what a calibrated projection reads (3,73)
    assert roermond.fit.dispersion == pytest.approx(trimmed, rel=1e-9) and trimmed < reference.scale
    assert roermond.fit.uncalibrated() == pytest.approx((reference.scale, reference.scale / trimmed), rel=1e-9)
    # The line's variance that projections use is scaled by the same scatter; the verdict's 90% interval is not.
    se_verdict = (np.log1p(roermond.interval[1]) - roermond.slope) / stats.t.ppf(0.95, 5)
    assert roermond.fit.cov[1, 1] == pytest.approx(se_verdict ** 2 * trimmed / reference.scale, rel=1e-6)
    # Evenly spread residuals: leaving the largest out can make it a little larger, never below 1.
    even = trends([yearly([100, 130, 100, 130, 100, 130, 100], start=2019)])[0]
    assert even.fit.dispersion > even.dispersion > 1
    steady = trends([yearly([100, 101, 99, 100, 100, 101, 99], start=2019)])[0]
    assert steady.dispersion == steady.fit.dispersion == 1.0


def test_a_series_with_the_2018_break_takes_the_trimmed_scatter_too():
    """The known factor's covariance (a coefficient fixed at 1, no variance) carries the same scatter."""
    from ivb.domain.observations import KnownBreak
    from ivb.domain.trend import fit_points

    points = [Point(year(y), v) for y, v in zip(range(2014, 2021), [300, 170, 160, 150, 165, 155, 150], strict=True)]
    known = [KnownBreak(dt.date(2018, 7, 1), 1.1, "test")]
    (trend,) = fit_points([points], [[]], [known])
    assert trend.fit.known and trend.fit.dispersion < trend.dispersion
    plain = trends([yearly([300, 170, 160, 150, 165, 155, 150], start=2014)])[0]  # no break: same scatter rule
    assert plain.fit.dispersion < plain.dispersion
    assert trend.fit.cov[-1, -1] == 0.0 and trend.fit.cov[1, 1] > 0
