"""Provisional figures are named by their years (walk CB: 47018NED marks 2024 and 2025 provisional, and the text
said only "het laatste cijfer is voorlopig")."""

from ivb.domain.observations import Point, SeriesData
from ivb.domain.periods import year
from ivb.domain.picture import PictureInput, build_picture


def sentences(statuses: dict[int, str]) -> str:
    points = [Point(year(y), 100 + y % 7, status=statuses.get(y, "definitief")) for y in range(2019, 2026)]
    series = SeriesData("politie.woninginbraken", "Woninginbraken", "count", "sum", points, monitored=True)
    return " ".join(build_picture(PictureInput("GM0957", "Roermond", 2025, None, [series])).series[0].sentences)


def test_it_names_both_provisional_years():
    text = sentences({2024: "voorlopig", 2025: "voorlopig"})
    assert "Let op: de cijfers van 2024 en 2025 zijn voorlopig." in text
    assert "het laatste cijfer" not in text


def test_it_names_the_one_provisional_year():
    assert "Let op: het cijfer van 2025 is voorlopig." in sentences({2025: "voorlopig"})


def test_it_says_nothing_of_final_figures():
    assert "voorlopig" not in sentences({})
