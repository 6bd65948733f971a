"""`ivb picture` names the newest figure's own source beside a monitored series, as the dashboard does: a figure
typed in by hand is not credited to the open-data source of the series (walk N #9)."""

from pathlib import Path

from ivb.cli import main
from ivb.store.entry import enter_observation
from ivb.store.models import Area


def monitored_line(capsys, name: str) -> str:
    assert main(["picture", "GM0553", "2026"]) == 0
    text = capsys.readouterr().out
    return next(line for line in text.split("Gevolgde cijfers")[1].splitlines() if line.strip().startswith(name))


def test_a_figure_typed_in_by_hand_keeps_its_own_source(demo, capsys):
    police = Path(__file__).parent / "data" / "opendata" / "47018NED_HLT_2012-2025.csv"
    assert main(["opendata", "import", str(police), "--table", "47018NED"]) == 0
    assert "[Bron: Politie (via CBS)" in monitored_line(capsys, "Woninginbraak ")
    entered = enter_observation(Area.objects.get(code="GM0553"), {
        "series": "politie.od.1.1.1", "period": "2026 t/m september", "value": "24", "status": "voorlopig",
        "source": "Politie (maandcijfers politie.nl)"}, actor_name="test")
    assert not entered.errors
    line = monitored_line(capsys, "Woninginbraak ")
    assert "24 (2026 t/m september)" in line and line.endswith("[Bron: Politie (maandcijfers politie.nl)]")


def test_a_year_under_way_shows_its_whole_year_estimate(demo, capsys):
    assert main(["picture", "GM0553", "2019"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.strip().startswith("Woninginbraken "))
    assert line.endswith("; heel 2019 verwacht: 30 (80%: 26–35)")


def test_the_json_calls_a_rank_safer_as_every_page_does(demo, capsys):
    import json

    assert main(["picture", "GM0553", "2019", "--json"]) == 0
    picture = json.loads(capsys.readouterr().out)
    rank = next(s for s in picture["reeksen"] if s["reeks"] == "ad.misdaadmeter_rang")["trend"]
    assert (rank["oordeel"], rank["verdict"]) == ("veiliger", "rising")  # place 210 to 213, place 1 the least safe


def test_a_small_counts_whole_year_says_its_band_holds_at_least_80_percent():
    """Walk BN (Vlieland): "heel 2026 verwacht: 9 (80%: 7–13)" beside a page saying "met minstens 80% kans": a small
    count's band is of whole counts and holds at least 80% (ADR 0046)."""
    from ivb.domain.observations import Point, SeriesData
    from ivb.domain.periods import parse
    from ivb.domain.picture import PictureInput, build_picture
    from ivb.domain.picture_text import _series_line

    points = [Point(parse(str(y)), v) for y, v in zip(range(2019, 2026), (9, 11, 10, 8, 12, 9, 10), strict=True)]
    points.append(Point(parse("2026 t/m september"), 7))
    series = SeriesData("politie.od.2.2.1", "Vernieling", "count", "sum", points, monitored=True)
    sp = build_picture(PictureInput("GM0096", "Vlieland", 2026, None, [series])).series[0]
    assert sp.this_year is not None and sp.this_year.level
    assert "; heel 2026 verwacht: " in _series_line(sp) and "(minstens 80%: " in _series_line(sp)
