"""An interim target and a final one on the same series (walk BT; docs/policy-format.md, "An interim target and a
final one"): two indicators, each with its own status, and the interim one settled once its year is counted."""

import datetime as dt
from pathlib import Path

from ivb.domain.observations import Point, SeriesData
from ivb.domain.periods import parse
from ivb.domain.picture import PictureInput, build_picture
from ivb.domain.policy import validate_text

INTERIM = '''      - key: jeugdoverlast-2021
        name: Meldingen jeugdoverlast (tussendoel 2021)
        series: politie.jeugdoverlast
        unit: count
        source: Politie
        direction: lower_is_better
        baseline: {year: 2018, value: 132}
        target: {operator: "<", value: 125}
        target_year: 2021
        ref: testbestand
'''


def policy():
    text = (Path(__file__).parent / "data" / "policies" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.rstrip("\n") + "\n" + INTERIM  # the minimal file ends with its one indicator
    validation = validate_text(text)
    assert validation.ok, validation.problems
    return validation.policy


def statuses(year: int, values: dict[int, float]):
    series = SeriesData("politie.jeugdoverlast", "Meldingen jeugdoverlast", "count", "sum",
                        [Point(parse(str(y)), v) for y, v in sorted(values.items())])
    picture = build_picture(PictureInput("GM0553", "Lisse", year, policy(), [series], today=dt.date(2026, 12, 6)))
    return {i.indicator.key: i.status for i in picture.indicators}


FIGURES = {2015: 150, 2016: 146, 2017: 140, 2018: 132, 2019: 128, 2020: 126, 2021: 121}


def test_the_interim_target_is_settled_when_its_year_is_counted_and_the_final_one_still_has_a_course():
    found = statuses(2021, FIGURES)
    assert found["jeugdoverlast-2021"].status == "behaald"  # 121 < 125 in 2021
    assert found["jeugdoverlast"].status not in ("behaald", "niet gehaald")  # 2023 is still to come
    assert found["jeugdoverlast"].projection is not None and found["jeugdoverlast"].projection.year == 2023


def test_a_missed_interim_target_says_so_beside_a_final_one_on_course():
    found = statuses(2021, {**FIGURES, 2021: 127})
    assert found["jeugdoverlast-2021"].status == "niet gehaald"  # 127 is not under 125
    assert found["jeugdoverlast"].status != "niet gehaald"


def test_a_missed_interim_target_is_shown_beside_the_year_it_is_about():
    """Walk CE: on the page of 2026 the tile read "niet gehaald over 2025" beside 84 of 2026 t/m september, against
    "hoogstens 120"; 2025, which missed, had 127. The figure beside a result is that of its year."""
    from ivb.domain.overview import newest_figure, status_figure, status_note, tiles

    values = {**FIGURES, 2021: 127}
    points = [Point(parse(str(y)), v) for y, v in sorted(values.items())] + [Point(parse("2022 t/m september"), 84)]
    series = SeriesData("politie.jeugdoverlast", "Meldingen jeugdoverlast", "count", "sum", points)
    picture = build_picture(PictureInput("GM0553", "Lisse", 2022, policy(), [series], today=dt.date(2022, 12, 6)))
    interim = next(i for i in picture.indicators if i.indicator.key == "jeugdoverlast-2021")
    assert interim.status.status == "niet gehaald" and interim.status.about == 2021
    assert newest_figure(picture, interim.series).point.period.label == "2022 t/m september"
    shown = status_figure(picture, interim)
    assert (shown.point.period.label, shown.point.value) == ("2021", 127)
    assert status_note(interim, shown.point, short=True) == ""  # the figure says the year itself
    # The final target, still to come, keeps the newest figure.
    final = next(i for i in picture.indicators if i.indicator.key == "jeugdoverlast")
    assert status_figure(picture, final).point.period.label == "2022 t/m september"
    # A priority whose worst status is the missed interim target shows 2021's 127 on its tile.
    tile = next(t for t in tiles(picture) if t.kind == "priority" and t.figure is not None
                and t.status == "niet gehaald")
    assert (tile.figure.point.period.label, tile.figure.point.value) == ("2021", 127)
