"""The words of a year-to-date estimate ("verwachten" while the year lasts, "is voorbij" after it) follow the day
the picture is read (`PictureInput.today`), as its target statuses do, not the machine's clock: one picture, one
day (closing note of 6 December 2026)."""

import datetime as dt

from ivb.domain.narrative import how_estimated, year_to_date_text
from ivb.domain.observations import Point, SeriesData
from ivb.domain.periods import parse
from ivb.domain.picture import PictureInput, build_picture

YEARS = [46, 60, 38, 38, 30, 34]  # 2014-2019


def burglaries(today: dt.date, without_may: bool = False):
    points = [Point(parse(str(y)), v) for y, v in zip(range(2014, 2020), YEARS, strict=True)]
    if without_may:  # months as a municipality enters them, May not (yet) among them
        points += [Point(parse(f"2020-{m:02d}"), 3) for m in range(1, 10) if m != 5]
    else:
        points.append(Point(parse("2020 t/m september"), 21))
    series = [SeriesData("gemeente.woninginbraken", "Woninginbraken", "count", "sum", points)]
    picture = build_picture(PictureInput("GM0553", "Lisse", 2020, None, series, today=today))
    return picture, picture.series[0]


def test_it_expects_the_rest_of_a_year_still_under_way_on_that_day():
    _, sp = burglaries(dt.date(2020, 11, 2))
    text = year_to_date_text(sp)
    assert "Voor heel 2020 verwachten we er ongeveer" in text and "voorbij" not in text
    _, gap = burglaries(dt.date(2020, 11, 2), without_may=True)
    assert "Mei ontbreekt nog en is geschat met de maanden die nog komen." in how_estimated(gap)


def test_it_calls_the_year_over_once_that_day_is_in_a_later_year():
    _, sp = burglaries(dt.date(2021, 3, 1))
    text = year_to_date_text(sp)
    assert "Heel 2020 is voorbij, maar de latere maanden zijn er niet; met die maanden geschat: ongeveer" in text
    assert "verwachten" not in text
    _, gap = burglaries(dt.date(2021, 3, 1), without_may=True)
    assert not any("nog" in s for s in how_estimated(gap))


def test_the_two_days_give_the_same_figures():
    _, during = burglaries(dt.date(2020, 11, 2))
    _, after = burglaries(dt.date(2021, 3, 1))
    assert (during.this_year.expected, during.this_year.low, during.this_year.high) == \
        (after.this_year.expected, after.this_year.low, after.this_year.high)
