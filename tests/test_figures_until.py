"""What the figures of a picture reach, said against its year (walk BG: Hillegom's 2026 page read "Cijfers tot en met
2026" and its 2026 report had no figure of 2026 without a word; a year under way was said per indicator only)."""

from ivb.domain.observations import Point, SeriesData
from ivb.domain.periods import parse
from ivb.domain.picture import PictureInput, build_picture


def _picture(year, *periods):
    points = [Point(parse(p), 40) for p in periods]
    series = SeriesData("politie.od.1.1.1", "Woninginbraak", "count", "sum", points, monitored=True)
    return build_picture(PictureInput("GM0534", "Hillegom", year, None, [series]))


def test_it_says_the_year_has_no_figures_yet_and_what_the_newest_are():
    assert _picture(2026, "2024", "2025").figures_until == (
        "Van 2026 zijn er voor Hillegom nog geen cijfers; de nieuwste zijn van 2025.")


def test_it_says_how_far_a_year_under_way_reaches():
    picture = _picture(2026, "2024", "2025", *[f"2026-{m:02d}" for m in range(1, 12)])
    assert picture.figures_until == "Cijfers tot en met november 2026; de rest van het jaar is geschat."
    assert picture.to_dict()["cijfers_tot"] == picture.figures_until


def test_a_whole_year_is_just_that():
    assert _picture(2025, "2024", "2025", "2026-01").figures_until == "Cijfers tot en met 2025."


def test_the_report_says_it_on_its_first_page_only_where_the_year_is_not_whole(reference):
    from ivb.report.content import _figures_until

    assert _figures_until(_picture(2026, "2024", "2025")).startswith("Van 2026 zijn er voor Hillegom nog geen")
    assert _figures_until(_picture(2025, "2024", "2025")) is None


def test_a_series_with_its_whole_year_does_not_hide_another_that_has_only_months():
    months = SeriesData("politie.od.1.2.3", "Fietsdiefstal", "count", "sum",
                        [Point(parse(p), 30) for p in ("2024", "2025", *[f"2026-{m:02d}" for m in range(1, 12)])],
                        monitored=True)
    whole = SeriesData("gemeente.meldingen", "Meldingen", "count", "sum",
                       [Point(parse(p), 30) for p in ("2024", "2025", "2026")])
    picture = build_picture(PictureInput("GM0534", "Hillegom", 2026, None, [months, whole]))
    assert picture.figures_until == "Cijfers tot en met november 2026; de rest van het jaar is geschat."


def test_it_names_the_series_that_reach_the_year_where_the_others_end_before_it():
    """Walk CA: Ede's 2026 pages said "Cijfers tot en met oktober 2026" where one own registration had months of 2026
    and every police series ended in 2025."""
    own = SeriesData("ede.woonoverlast", "Meldingen woonoverlast", "count", "sum",
                     [Point(parse(p), 40) for p in ("2024", "2025", *[f"2026-{m:02d}" for m in range(1, 11)])])
    police = [SeriesData(f"politie.od.{code}", name, "count", "sum", [Point(parse(p), 30) for p in ("2024", "2025")],
                         monitored=True) for code, name in (("1.1.1", "Woninginbraak"), ("1.2.3", "Fietsdiefstal"))]
    picture = build_picture(PictureInput("GM0228", "Ede", 2026, None, [own, *police]))
    assert picture.figures_until == ("Cijfers tot en met oktober 2026 bij Meldingen woonoverlast, de andere tot en met "
                                     "2025; de rest van het jaar is geschat.")
    # Two series in the year, reaching different months; the others ending in different years.
    march = SeriesData("ede.x", "Meldingen x", "count", "sum",
                       [Point(parse(p), 10) for p in ("2024", "2025", "2026-01", "2026-02", "2026-03")])
    survey = SeriesData("ede.veilig", "Veilig in de buurt", "percent", "none", [Point(parse("2023"), 78.0)])
    two = build_picture(PictureInput("GM0228", "Ede", 2026, None, [own, march, *police, survey]))
    assert two.figures_until == ("Cijfers van 2026 bij 2 reeksen (de nieuwste tot en met oktober), de andere tot en "
                                 "met 2025 of eerder; de rest van het jaar is geschat.")
    # A year that is whole says only that (second review: a notice on every report's first page).
    whole = build_picture(PictureInput("GM0228", "Ede", 2025, None, [*police, survey]))
    assert whole.figures_until == "Cijfers tot en met 2025."
