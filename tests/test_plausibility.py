"""A figure far out of line with its own series is stored, and whoever entered it is asked to check it."""

from ivb.domain.plausibility import unusual

MONTHS = [18, 22, 20, 19, 25, 21, 20, 23, 17, 20, 22, 19]


def test_it_asks_about_ten_times_the_usual_month():
    assert unusual(230, MONTHS, "count") == (
        "230 is veel meer dan gebruikelijk: de mediaan van de 12 vorige cijfers van deze soort is 20. Klopt het? Zo "
        "niet, corrigeer het (met een reden)")


def test_it_asks_about_a_tenth_of_the_usual_month():
    assert unusual(2, MONTHS, "count").startswith("2 is veel minder dan gebruikelijk")


def test_a_high_but_possible_month_is_not_questioned():
    assert unusual(60, MONTHS, "count") is None and unusual(5, MONTHS, "count") is None


def test_too_little_history_or_too_small_a_level_says_nothing():
    assert unusual(230, MONTHS[:5], "count") is None  # five months: not yet known what is usual
    assert unusual(20, [0, 1, 2, 1, 0, 1, 2], "count") is None  # a handful a month: ratios mean nothing
    assert unusual(95.0, [7.1, 7.0, 7.3, 7.2, 7.1, 7.0], "grade") is None  # only counts


def test_a_history_marks_each_figure_far_from_the_ones_before_it():
    from ivb.domain.plausibility import unusual_tags

    figures = [(i, "month", v, i % 12 + 1) for i, v in enumerate(MONTHS + [230, 21])] + [(99, "ytd", 400.0, 9)]
    assert unusual_tags(figures, "count") == {12: 20.0}  # the typo; the month after it and a year-to-date: not


def test_a_low_month_that_chance_gives_now_and_then_is_not_questioned():
    # Walk AY: 1 burglary in a month whose median was 7 happens by chance in 0,7% of months (Poisson), about once in
    # twelve years of months; 0 in 0,09%, less than once in a thousand: that one is asked about.
    sevens = [7, 6, 8, 7, 9, 5, 7]
    assert unusual(1, sevens, "count") is None
    assert unusual(0, sevens, "count").startswith("0 is veel minder dan gebruikelijk")


def test_a_season_is_not_a_typo():
    """Walk BT: a summer series' January and February (2 and 3, as every year) were asked about as possible typos on
    the dashboard and in an approved report: far from the twelve months before, not from the same months."""
    from ivb.domain.plausibility import unusual_tags

    summer = [2, 3, 5, 9, 14, 22, 30, 28, 15, 8, 4, 3]
    figures = [(f"{y}-{m}", "month", v, m) for y in range(3) for m, v in enumerate(summer, 1)]
    assert unusual_tags(figures, "count") == {}
    # A typo in January is still one: far from the twelve before it and from the Januaries before it.
    typo = figures + [("3-1", "month", 200, 1)]
    assert unusual_tags(typo, "count") == {"3-1": 8.5}
    # With fewer than three Januaries before it, the season is not yet known: a 0 reads as before.
    assert unusual(0, summer, "count", same=[2, 3]).startswith("0 is veel minder dan gebruikelijk")
    assert unusual(0, summer, "count", same=[2, 3, 2]) is None


def test_a_year_has_no_season_to_silence_a_typo():
    """Review: ten years of 1.000, then nine of 100: a new 1.000 is far from the twelve before it, and old years
    must not make it usual as if they were its season."""
    from ivb.domain.plausibility import unusual_tags

    figures = [(y, "year", v, 12) for y, v in enumerate([1000] * 10 + [100] * 9 + [1000])]
    assert 19 in unusual_tags(figures, "count")
