"""Places in the comparison (walk AR): equal rates share their place, and a municipality under 5.000 inhabitants
is shown but not ranked, as docs/national-comparison.md says."""

from ivb.domain.compare import Rate, compare


def test_it_gives_equal_rates_one_shared_place():
    peers = [Rate("A", "A", 10, 10_000), Rate("B", "B", 0, 20_000), Rate("C", "C", 0, 30_000)]
    c = compare(Rate("S", "S", 0, 40_000), peers)
    assert (c.rank, c.of, c.sharing) == (2, 4, 2)
    assert c.rank_text == "plaats 2 van 4 gemeenten met cijfers, gedeeld met 2 andere"
    top = compare(Rate("S", "S", 10, 10_000), peers[1:] + [Rate("A", "A", 10, 10_000)])
    assert top.rank_text == "plaats 1 van 4 gemeenten met cijfers, gedeeld met één andere"


def test_it_gives_no_place_to_a_municipality_under_the_minimum_nor_counts_one_among_the_ranked():
    peers = [Rate("A", "A", 10, 10_000), Rate("T", "Terschelling", 30, 4_900), Rate("B", "B", 5, 20_000)]
    small = compare(Rate("V", "Vlieland", 3, 1_217), peers, min_population=5000)
    assert (small.rank, small.of) == (0, 0)
    assert small.rank_text == "geen plaats: minder dan 5.000 inwoners"
    assert [r.code for r in small.peers] == ["T", "V", "A", "B"]  # still shown, by rate
    large = compare(Rate("S", "S", 1, 50_000), peers, min_population=5000)
    assert (large.rank, large.of, large.rank_text) == (3, 3, "plaats 3 van 3 gemeenten met cijfers")


def test_rates_all_below_one_per_thousand_get_two_decimals():
    """Walk AX: 4 murders on 100.000 read "0,0" beside a place of its own."""
    peers = [Rate("A", "A", 12, 100_000), Rate("B", "B", 0, 50_000)]
    assert compare(Rate("S", "S", 4, 100_000), peers).decimals == 2
    assert compare(Rate("S", "S", 400, 100_000), peers).decimals == 1


def test_it_says_how_many_were_left_out_for_their_size():
    """Walk BD: "plaats 7 van 36 gemeenten met cijfers" beside a region of 40; the four Wadden islands have figures
    but fewer than 5.000 inhabitants."""
    islands = [Rate(f"W{i}", f"Eiland {i}", 9, 3_000) for i in range(4)]
    c = compare(Rate("S", "S", 1, 50_000), [Rate("A", "A", 10, 10_000), *islands], min_population=5000)
    assert (c.rank, c.of) == (2, 2)
    assert c.left_out_text == "4 gemeenten met minder dan 5.000 inwoners krijgen geen plaats"
    one = compare(Rate("S", "S", 1, 50_000), [Rate("A", "A", 10, 10_000), islands[0]], min_population=5000)
    assert one.left_out_text == "1 gemeente met minder dan 5.000 inwoners krijgt geen plaats"
    assert compare(Rate("S", "S", 1, 50_000), [Rate("A", "A", 10, 10_000)], min_population=5000).left_out_text == ""
    small = compare(Rate("V", "Vlieland", 3, 1_217), [Rate("A", "A", 10, 10_000)], min_population=5000)
    assert small.left_out_text == ""  # its own "geen plaats: minder dan 5.000 inwoners" says it


def test_each_peer_has_its_place_and_one_too_small_has_none():
    """Walk BV: the list of all 40 put Schiermonnikoog (950 inhabitants) first, right under "geen plaats"."""
    peers = [Rate("A", "A", 10, 10_000), Rate("T", "Terschelling", 30, 4_900), Rate("B", "B", 5, 20_000)]
    c = compare(Rate("S", "Schiermonnikoog", 10, 950), peers, min_population=5000)
    assert [(r.name, place) for r, place in c.places] == [("Schiermonnikoog", None), ("Terschelling", None),
                                                          ("A", 1), ("B", 2)]
    # The page shows the places whenever two are ranked, also when its own municipality is not (review).
    assert (c.of, c.ranked) == (0, 2)
    large = compare(Rate("S", "S", 1, 50_000), peers, min_population=5000)
    assert dict((r.code, place) for r, place in large.places)["S"] == large.rank == 3


def test_the_page_rounds_a_rate_as_the_downloads_and_sentences_do():
    """Review: 3 in 24.000 is 0,125 per 1.000; the page's table read 0,13, every other place 0,12."""
    from ivb.domain.numbers import format_number
    from ivb.web.templatetags.figure_links import rate
    from ivb.web.tables import Rounded

    assert rate(0.125, 2) == format_number(0.125, "per_1000", decimals=2) == str(Rounded(0.125, 2)) == "0,12"
    assert rate(1.0, 1) == "1,0"


def test_a_place_says_whom_it_is_among_where_no_heading_does():
    """Walk CB: the CLI, the JSON and the series page said "plaats 2 van 31 gemeenten met cijfers" without naming the
    31; the dashboard names the groups under its table, so its rows keep the short words."""
    from ivb.domain.narrative import series_sentences
    from ivb.domain.observations import Point, SeriesData
    from ivb.domain.periods import year
    from ivb.domain.picture import PictureInput, build_picture

    peers = [Rate("A", "A", 10, 10_000), Rate("B", "B", 5, 20_000)]
    c = compare(Rate("S", "Roermond", 30, 50_000), peers, among="buurgemeenten, Politie-eenheid Limburg")
    assert c.rank_text == "plaats 2 van 3 gemeenten met cijfers"
    assert c.rank_among_text == "plaats 2 van 3 gemeenten met cijfers (buurgemeenten, Politie-eenheid Limburg)"
    # No place, no group: "geen plaats" needs none.
    small = compare(Rate("V", "Vlieland", 3, 1_217), peers, min_population=5000, among="buurgemeenten")
    assert small.rank_among_text == "geen plaats: minder dan 5.000 inwoners"
    series = SeriesData("politie.woninginbraken", "Woninginbraken", "count", "sum",
                        [Point(year(y), 8) for y in range(2019, 2026)], monitored=True)
    picture = build_picture(PictureInput("GM0957", "Roermond", 2025, None, [series],
                                         comparisons={"politie.woninginbraken": c}))
    said = " ".join(series_sentences(picture.monitored[0], "Roermond"))
    assert "plaats 2 van 3 gemeenten met cijfers (buurgemeenten, Politie-eenheid Limburg)" in said


def test_a_group_the_others_already_hold_is_not_named_again():
    """Walk CD: Roermond's four neighbours are all in Politie-eenheid Limburg; "buurgemeenten, Politie-eenheid
    Limburg" read as four more than the 31."""
    from types import SimpleNamespace as NS

    from ivb.store.picture import _named_groups

    def group(label, *codes):
        return NS(label=label, members=tuple(NS(code=c) for c in ("S", *codes)))

    neighbours, unit = group("buurgemeenten", "A", "B"), group("Politie-eenheid Limburg", "A", "B", "C", "D")
    assert [g.label for g in _named_groups([neighbours, unit], "S")] == ["Politie-eenheid Limburg"]
    across = group("buurgemeenten", "A", "X")  # a neighbour over the unit's border: both are named
    assert [g.label for g in _named_groups([across, unit], "S")] == ["buurgemeenten", "Politie-eenheid Limburg"]
    policy = group("gemeenten van dit beleid", "A", "B", "C", "D")  # the same municipalities: named once
    assert [g.label for g in _named_groups([policy, unit], "S")] == ["Politie-eenheid Limburg"]
