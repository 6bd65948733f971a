import pytest

from ivb.domain.compare import Rate, compare, dark_number


def test_rates_per_1000_and_rank_among_peers():
    lisse = Rate("GM0553", "Lisse", 30, 22_900)
    peers = [Rate("GM0534", "Hillegom", 40, 22_000), Rate("GM1525", "Teylingen", 50, 37_500)]
    result = compare(lisse, peers, [Rate("RE06", "Den Haag", 5000, 2_000_000)])
    assert lisse.per_1000 == pytest.approx(1.31, abs=0.01)
    assert [r.code for r in result.peers] == ["GM0534", "GM1525", "GM0553"]  # highest rate first
    assert (result.rank, result.of) == (3, 3)
    assert result.groups[0].per_1000 == 2.5


def test_the_dark_number_states_its_assumption():
    estimate = dark_number(74, 14, "slachtoffers die melding doen bij de politie")
    assert estimate.estimate == pytest.approx(528.57, abs=0.01)
    assert estimate.assumption == ("aangenomen dat 14% van de gevallen gemeld wordt (slachtoffers die melding doen "
                                   "bij de politie); dan staan 74 meldingen voor ongeveer 529 gevallen")
    with pytest.raises(ValueError):
        dark_number(74, 0, "niets")


def test_the_only_municipality_with_figures_gets_no_place():
    # Beside the country alone, "plaats 1 van 1 gemeenten met cijfers" says nothing: no place is given.
    alone = compare(Rate("GM0575", "Noordwijk", 300, 45_929), [], [Rate("NL01", "Nederland", 20_000, 17_900_000)])
    assert alone.of == 1 and alone.rank_text == ""
    pair = compare(Rate("GM0575", "Noordwijk", 300, 45_929), [Rate("GM0534", "Hillegom", 100, 23_000)])
    assert pair.rank_text == "plaats 1 van 2 gemeenten met cijfers"
