"""A year-to-date figure's whole-year estimate beside the whole year as a linked series counted it (walk BS: Lisse's
2019 report gave "heel 2019 verwacht 30 (25–35)" for the burglaries and, two tables on, 42 from the police's open
data, without a word on the difference)."""

import json
from pathlib import Path

from ivb.cli import main
from ivb.domain.narrative import year_to_date_text
from ivb.domain.observations import Point, SeriesData
from ivb.domain.periods import parse
from ivb.domain.picture import PictureInput, build_picture
from ivb.domain.picture_text import _series_line

OWN = [46, 60, 38, 38, 30]  # 2014-2018, as Lisse's policy gives them


def picture(whole_2019: float | None):
    own = [Point(parse(str(y)), v) for y, v in zip(range(2014, 2019), OWN, strict=True)]
    own.append(Point(parse("2019 t/m september"), 21, status="voorlopig"))
    linked = [Point(parse(str(y)), v) for y, v in zip(range(2014, 2019), OWN, strict=True)]
    if whole_2019 is not None:
        linked.append(Point(parse("2019"), whole_2019))
    series = [SeriesData("gemeente.woninginbraken", "Woninginbraken", "count", "sum", own),
              SeriesData("politie.od.1.1.1", "Woninginbraak", "count", "sum", linked, linked=True,
                         source="Politie (via CBS)")]
    return build_picture(PictureInput("GM0553", "Lisse", 2019, None, series,
                                      links={"gemeente.woninginbraken": ["politie.od.1.1.1"]}))


def own_series(p):
    return next(s for s in p.series if s.key == "gemeente.woninginbraken")


def test_it_says_the_whole_year_counted_elsewhere_lies_above_the_estimate():
    sp = own_series(picture(42))
    assert sp.this_year is not None and sp.this_year.high < 42
    text = year_to_date_text(sp)
    assert ("In de reeks Woninginbraak van Politie (via CBS), die hetzelfde meet, is heel 2019 geteld: 42, boven het "
            "interval van deze schatting.") in text
    assert _series_line(sp).endswith("; geteld in Woninginbraak: 42")


def test_it_says_so_when_the_count_lies_inside():
    sp = own_series(picture(30))
    assert sp.this_year.low <= 30 <= sp.this_year.high
    assert "is heel 2019 geteld: 30, binnen het interval van deze schatting." in year_to_date_text(sp)


def test_it_says_nothing_without_a_whole_year_elsewhere():
    sp = own_series(picture(None))
    assert sp.counted is None and "geteld" not in year_to_date_text(sp)


def test_it_gives_the_count_in_the_picture_json(demo, capsys):
    police = Path(__file__).parent / "data" / "opendata" / "47018NED_HLT_2012-2025.csv"
    assert main(["opendata", "import", str(police), "--table", "47018NED"]) == 0
    capsys.readouterr()
    assert main(["picture", "GM0553", "2019", "--json"]) == 0
    series = next(s for s in json.loads(capsys.readouterr().out)["reeksen"] if s["reeks"] == "politie.woninginbraken")
    counted = series["heel_jaar_verwacht"]["geteld_elders"]
    assert (counted["periode"], counted["waarde"], counted["bron"], counted["ligt"]) == ("2019", 42, "Politie (via CBS)",
                                                                                        "boven")
    assert series["heel_jaar_verwacht"]["interval_80"] == [26, 35]


def test_a_linked_rate_is_no_count_of_the_year():
    """Review: a link to a rate per 1.000 read "is heel 2019 geteld: 1,9, onder het interval"."""
    own = [Point(parse(str(y)), v) for y, v in zip(range(2014, 2019), OWN, strict=True)]
    own.append(Point(parse("2019 t/m september"), 21))
    rate = SeriesData("cbs.inbraak_per_1000", "Woninginbraak per 1.000 inwoners", "per_1000", "none",
                      [Point(parse("2019"), 1.9)], linked=True, source="CBS")
    p = build_picture(PictureInput("GM0553", "Lisse", 2019, None,
                                   [SeriesData("gemeente.woninginbraken", "Woninginbraken", "count", "sum", own), rate],
                                   links={"gemeente.woninginbraken": ["cbs.inbraak_per_1000"]}))
    assert own_series(p).counted is None
