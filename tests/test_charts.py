"""Charts that read at a glance: 1-2-5 ticks in Dutch notation, axis titles with units, rank charts with the
safer places at the top around the data, no clipped or crossed labels, a legend, visible target and projection."""

import io
import itertools
import math
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ivb.domain.i18n import use
from ivb.domain.observations import Point
from ivb.domain.periods import year, year_to_date
from ivb.domain.projection import Projection
from ivb.charts import FONT, history_chart, nice_ticks, text_width, tick_label, to_png

SVG = "{http://www.w3.org/2000/svg}"
LISSE_YOUTH = [Point(year(y), v) for y, v in zip(range(2014, 2019), [235, 208, 134, 187, 132], strict=True)] + [
    Point(year_to_date(2019, 9), 81, "voorlopig")]
MISDAADMETER = [Point(year(y), v) for y, v in zip(range(2016, 2020), [234, 210, 213, 212], strict=True)]


def step_is_1_2_5(step: float) -> bool:
    exponent = math.floor(math.log10(step) + 1e-9)
    return round(step / 10 ** exponent, 6) in (1, 2, 5)


values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False, allow_subnormal=False)


@given(values, values, st.integers(min_value=3, max_value=10), st.booleans())
def test_it_puts_ticks_on_1_2_5_steps_that_cover_the_data(a, b, max_ticks, whole):
    low, high = min(a, b), max(a, b)
    ticks = nice_ticks(low, high, max_ticks, whole)
    assert 2 <= len(ticks) <= max_ticks
    steps = [b - a for a, b in itertools.pairwise(ticks)]
    step = steps[0]
    slack = 1e-9 * step + 1e-9 * max(abs(low), abs(high))  # floating point, far below a pixel
    assert ticks[0] <= low + slack and ticks[-1] >= high - slack, "the ticks cover the data"
    assert step_is_1_2_5(step), ticks
    assert all(math.isclose(s, step, rel_tol=1e-6) for s in steps), ticks
    assert all(math.isclose(t / step, round(t / step), abs_tol=1e-6) for t in ticks), "ticks on whole steps"
    if whole:
        assert step >= 1


@pytest.mark.parametrize("low, high, expected", [
    (0, 231.5, [0, 50, 100, 150, 200, 250]),  # not 57,8 / 115,5 / …
    (0, 200, [0, 50, 100, 150, 200]),
    (210, 213, [210, 211, 212, 213]),
    (0, 0.9, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
])
def test_it_picks_the_ticks_a_reader_expects(low, high, expected):
    assert nice_ticks(low, high, 6, whole=False) == expected


def test_tick_labels_are_in_the_readers_notation():
    assert [tick_label(t, [0, 5000, 10000]) for t in (0, 5000, 10000)] == ["0", "5.000", "10.000"]
    assert [tick_label(t, [0, 0.5, 1]) for t in (0, 0.5, 1)] == ["0,0", "0,5", "1,0"]
    with use("en"):
        assert tick_label(10000, [0, 5000, 10000]) == "10,000" and tick_label(0.5, [0, 0.5, 1]) == "0.5"


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))


def texts(root, cls=None):
    return [t for t in root.iter(f"{SVG}text") if cls is None or t.get("class") == cls]


def box(t) -> tuple[float, float, float, float]:
    """The estimated box of a text: the same generous width the chart lays out with."""
    x, y, w = float(t.get("x")), float(t.get("y")), text_width(t.text)
    left = {"start": x, "middle": x - w / 2, "end": x - w}[t.get("text-anchor")]
    return left, y - 0.8 * FONT, left + w, y + 0.25 * FONT


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_it_labels_the_axes_with_steps_and_units():
    root = parse(history_chart(LISSE_YOUTH, "count", "Jeugdoverlast", 132, Projection(2022, 95, 60, 130)))
    assert [t.text for t in texts(root, "axis")][:6] == ["0", "50", "100", "150", "200", "250"]
    assert [t.text for t in texts(root, "axis-title")] == ["aantal", "jaar"]
    assert "september" in [t.text for t in texts(root, "partial-label")][0]


def dots(root) -> list[float]:
    """The heights of the data points, left to right (the legend's markers sit in their own group)."""
    return [float(c.get("cy")) for c in root.findall(f"{SVG}circle")]


def test_a_rank_chart_has_the_safer_places_on_top_and_shows_a_small_change():
    """In the AD Misdaadmeter place 1 is the least safe municipality, so a higher place is better and goes up
    (a phone walk of 4 December: with place 1 on top, 210 to 213, an improvement, was drawn as a fall)."""
    root = parse(history_chart(MISDAADMETER, "rank", "Misdaadmeter"))
    labels = sorted((float(t.get("y")), int(t.text)) for t in texts(root, "axis") if t.get("text-anchor") == "end")
    ticks = [value for _y, value in labels]  # top to bottom
    assert [t.text for t in texts(root, "axis-title")] == ["plaats", "jaar"]
    assert ticks == sorted(ticks, reverse=True) and ticks[-1] > 1, "safer places at the top, the range around the data"
    assert ticks[-1] <= 210 and ticks[0] >= 234
    cy = dots(root)  # 234, 210, 213, 212 from left to right
    assert cy[0] < cy[1], "place 234 (safer) is drawn above place 210"
    assert cy[1] - cy[2] >= 15, "the step up from place 210 to 213 is visible (at least 15 px)"


def test_a_survey_chart_draws_each_margin_and_does_not_magnify_a_tenth_of_a_grade():
    grades = [Point(year(2021), 7.0, margin=0.1), Point(year(2023), 6.9, margin=0.1), Point(year(2025), 7.1, margin=0.1)]
    root = parse(history_chart(grades, "grade", "Rapportcijfer", 7.2))
    ticks = [float(t.text.replace(",", ".")) for t in texts(root, "axis") if t.get("text-anchor") == "end"]
    assert max(ticks) - min(ticks) >= 1.0, ticks  # it ran from 6,9 to 7,2
    bars = root.findall(f"{SVG}path[@class='margin']")
    assert len(bars) == 3
    assert "marge van de meting" in [t.text for t in texts(root, "legend-label")]
    plain = parse(history_chart([Point(year(2021), 7.0), Point(year(2023), 6.9)], "grade", "Rapportcijfer"))
    assert not plain.findall(f"{SVG}path[@class='margin']")
    assert "marge van de meting" not in [t.text for t in texts(plain, "legend-label")]


CASES = {
    "lisse": (LISSE_YOUTH, "count", 132, Projection(2022, 95, 60, 130)),
    "rank": (MISDAADMETER, "rank", 200, None),
    "long": ([Point(year(y), 1000 + 37 * (y % 7)) for y in range(1990, 2025)] + [Point(year_to_date(2025, 3), 300)],
             "count", 12345.678, Projection(2030, 1100, 900, 1300)),
    "percent": ([Point(year(2020), 57.8), Point(year(2021), 61.2)], "percent", 65.5, None),
    "per_1000": ([Point(year(2022), 48.25), Point(year(2023), 47.5)], "per_1000", None, None),
    "survey": ([Point(year(2021), 32.8, margin=1.2), Point(year(2023), 34.0, margin=2.9)], "percent", 33.5, None),
}


@pytest.mark.parametrize("width", [640, 340])  # a laptop's chart and a phone's
@pytest.mark.parametrize("case", CASES)
def test_no_label_is_clipped_crossed_or_on_another(case, width):
    points, unit, target, projection = CASES[case]
    root = parse(history_chart(points, unit, "grafiek", target, projection, width=width))
    assert root.get("width") == str(width)
    _x, _y, width, height = map(float, root.get("viewBox").split())
    boxes = [(t.text, box(t)) for t in texts(root)]
    plot = [(float(line.get("x1")), float(line.get("y1"))) for line in root.iter(f"{SVG}line")
            if line.get("class") == "grid"]
    plot_box = (min(x for x, _ in plot), min(y for _, y in plot), width, max(y for _, y in plot))
    for text, b in boxes:
        assert b[0] >= 0 and b[1] >= 0 and b[2] <= width and b[3] <= height, f"{text!r} is clipped"
        assert not overlap(b, plot_box), f"{text!r} lies in the plot, where lines cross it"
    for (t1, b1), (t2, b2) in itertools.combinations(boxes, 2):
        assert not overlap(b1, b2), f"{t1!r} and {t2!r} overlap"


@pytest.mark.parametrize("width", [640, 340])
@pytest.mark.parametrize("case", CASES)
def test_the_rendered_picture_keeps_everything_inside_its_frame(case, width):
    from PIL import Image

    points, unit, target, projection = CASES[case]
    image = Image.open(io.BytesIO(to_png(str(history_chart(points, unit, "grafiek", target, projection,
                                                           width=width)), width)))
    grey = image.convert("L")
    width, height = grey.size
    inner = grey.crop((2, 2, width - 2, height - 2)).getbbox()
    assert inner is not None
    edge = [grey.getpixel((x, y)) for x in range(width) for y in (0, 1, height - 2, height - 1)]
    edge += [grey.getpixel((x, y)) for y in range(height) for x in (0, 1, width - 2, width - 1)]
    assert min(edge) > 240, "something is cut off at the edge of the picture"


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(colour: str) -> float:
    return 1.05 / (luminance(colour) + 0.05)


def test_target_and_projection_stand_out_and_are_named():
    svg = str(history_chart(LISSE_YOUTH, "count", "Jeugdoverlast", 132, Projection(2022, 95, 60, 130)))
    root = parse(svg)
    drawn = {e.get("class"): e for e in root.iter() if e.get("class") in ("target", "projection-band", "projection", "line")}
    assert set(drawn) == {"target", "projection-band", "projection", "line"}
    for cls, element in drawn.items():
        assert contrast(element.get("stroke")) >= 3, f"{cls} has too little contrast against white"
    legend = [t.text for t in texts(root, "legend-label")]
    assert legend == ["cijfer per jaar", "2019 t/m september (geen heel jaar)", "doel 132",
                      "verwachting 2022 met marge"]
    assert not re.search(r"\d\.\d", " ".join(t.text for t in texts(root))), "decimal points, not commas"


@pytest.mark.parametrize("width", [640, 340])
def test_the_projected_year_is_named_on_the_axis(width):
    """A phone walk of 4 December: at 340 px the years read "2014 2016 2019 2022", and 2023, the target's year
    the band reaches, had no label."""
    svg = str(history_chart(LISSE_YOUTH, "count", "Jeugdoverlast", 132, Projection(2023, 114, 65, 183), width=width))
    years = [t.text for t in texts(parse(svg), "axis") if t.text and re.fullmatch(r"\d{4}", t.text)]
    assert "2023" in years and "2019" in years  # the projected year and the partial one


def test_a_band_from_a_year_under_way_starts_at_that_years_own_interval():
    # 81 to September 2019; the whole of 2019 is expected at 108 (92-124): the band to 2022 starts with that
    # margin, not at one point, so the year under way does not look certain.
    svg = str(history_chart(LISSE_YOUTH, "count", "Jeugdoverlast", 132, Projection(2022, 95, 60, 130),
                            Projection(2019, 108, 92, 124, known=81)))
    band = next(e for e in parse(svg).iter() if e.get("class") == "projection-band")
    corners = [tuple(map(float, pair.split(","))) for pair in band.get("points").split()]
    at_2019 = sorted(y for x, y in corners if x == corners[0][0])
    assert len(corners) == 4 and len(at_2019) == 2 and at_2019[1] - at_2019[0] > 10
    # Without the year's own estimate the band starts at one point, as before.
    plain = next(e for e in parse(str(history_chart(LISSE_YOUTH, "count", "J", 132, Projection(2022, 95, 60, 130))))
                 .iter() if e.get("class") == "projection-band")
    first = plain.get("points").split()
    assert first[0] == first[-1]  # starts and ends at the one point of the last whole year


def test_the_band_passes_through_the_years_between():
    """Walk CC: Roermond's burglaries, 92 in 2025, expected at 78 in 2026 and 77 in 2027: a straight line from 92 to
    77 read as a fall carried on; through 2026 it falls back to the line and then stays level."""
    points = [Point(year(2019 + i), v) for i, v in enumerate([170, 99, 89, 82, 85, 78, 92])]
    projection = Projection(2027, 77, 45, 122, path=(Projection(2026, 78, 48, 118),))
    root = parse(history_chart(points, "count", "Woninginbraken", 80, projection))
    band = next(e for e in root.iter() if e.get("class") == "projection-band")
    corners = [tuple(map(float, pair.split(","))) for pair in band.get("points").split()]
    xs = sorted({x for x, _y in corners})
    assert len(corners) == 6 and len(xs) == 3  # 2025, 2026 and 2027: the band's edges bend at 2026
    middle = next(e for e in root.iter() if e.get("class") == "projection")
    heights = [float(step.split(",")[1]) for step in re.findall(r"[\d.]+,[\d.]+", middle.get("d"))]
    assert heights[1] - heights[0] > 10 and abs(heights[2] - heights[1]) < 2  # down to 2026, then level
    assert "verwachting 2026–2027 met marge" in [t.text for t in texts(root, "legend-label")]


def test_a_projection_of_the_year_under_way_is_drawn_as_a_bar_with_its_margin():
    # 81 to September 2019, the target in 2019: the band is that year's margin, a bar with width, not a line.
    svg = str(history_chart(LISSE_YOUTH, "count", "Jeugdoverlast", 132, Projection(2019, 108, 92, 124, known=81)))
    band = next(e for e in parse(svg).iter() if e.get("class") == "projection-band")
    corners = [tuple(map(float, pair.split(","))) for pair in band.get("points").split()]
    xs, ys = {x for x, _y in corners}, {y for _x, y in corners}
    assert max(xs) - min(xs) >= 8 and len(ys) == 2 and max(ys) - min(ys) > 10


def test_a_margin_never_reaches_past_what_the_unit_can_be():
    small = parse(history_chart([Point(year(2021), 0.5, margin=0.8), Point(year(2023), 1.3, margin=0.8)], "percent", "x"))
    ticks = [float(t.text.rstrip("%").replace(",", ".")) for t in texts(small, "axis") if t.get("text-anchor") == "end"]
    assert min(ticks) == 0  # a share below 0% does not exist; the axis started at -0,5
    high = parse(history_chart([Point(year(2021), 9.9, margin=0.2), Point(year(2023), 9.8, margin=0.2)], "grade", "x"))
    ticks = [float(t.text.replace(",", ".")) for t in texts(high, "axis") if t.get("text-anchor") == "end"]
    assert max(ticks) <= 10.0


def test_the_axis_reaches_the_target_year_without_a_projection():
    """Walk R #12: Land van Cuijk's Bibob count "minstens 25 in 2026", too few years for a projection: the chart
    ended at 2025, and the reader could not see that the target lies a year further."""
    bibob = [Point(year(y), v) for y, v in ((2023, 14), (2024, 19), (2025, 23))]
    years = [t.text for t in texts(parse(str(history_chart(bibob, "count", "Bibob", 25, target_year=2026))))]
    assert "2026" in years and "2025" in years
    assert "2026" not in [t.text for t in texts(parse(str(history_chart(bibob, "count", "Bibob"))))]


def test_the_axis_title_steps_aside_from_a_part_of_a_year_above_it():
    # Walk AF: "2024 / t/m juni / jaar" read as one label when the part-year stood in the middle of the axis.
    from ivb.charts import _axis_title_x

    assert _axis_title_x(0, 400, []) == 200
    assert _axis_title_x(0, 400, [(205, "t/m juni")]) == 100  # moved to the other side
    assert _axis_title_x(0, 400, [(380, "t/m juni")]) == 200  # far away: stays in the middle


def test_part_of_year_labels_that_would_run_together_keep_the_newest():
    # Walk AG: "t/m septembet/m maart" on a phone, where 2019 t/m september and 2021 t/m maart stood close.
    from ivb.charts import _partial_labels

    assert _partial_labels([(200, "t/m september"), (260, "t/m maart")]) == [(260, "t/m maart")]
    assert _partial_labels([(100, "t/m september"), (300, "t/m maart")]) == [(300, "t/m maart"), (100, "t/m september")]


def test_two_part_years_side_by_side_on_a_phone_name_only_the_newest_year():
    # Walk of 5 December: "2019 t/m september" and "2020 zonder juni" next to each other read "20192020" at 340 px.
    from ivb.charts import NARROW

    points = [Point(year(y), v) for y, v in ((2014, 46), (2015, 60), (2016, 38), (2017, 38), (2018, 30))]
    points += [Point(year_to_date(2019, 9), 21), Point(year_to_date(2020, 9), 24)]
    narrow = [t.text for t in texts(parse(str(history_chart(points, "count", "Woninginbraken", width=NARROW))))]
    assert "2020" in narrow and "2019" not in narrow
    assert "2019 t/m september (geen heel jaar)" in narrow  # the legend still names the older part year
    wide = [t.text for t in texts(parse(str(history_chart(points, "count", "Woninginbraken"))))]
    assert "2019" in wide and "2020" in wide  # room enough: both


def test_a_sparkline_puts_a_part_year_at_the_whole_year_the_page_prints():
    # Walk BD: 179 to October without July, scaled evenly (9 of 12 months), drew 239 beside "heel 2026 verwacht 236".
    from ivb.charts import sparkline

    points = [Point(year(2024), 98), Point(year(2025), 242), Point(year_to_date(2026, 10, (7,)), 179)]

    def last_dot(svg) -> float:
        return float(re.search(r'<circle cx="[\d.]+" cy="([\d.]+)"', str(svg))[1])

    def height(value, top) -> float:  # the sparkline's scale: 0 at y 28, `top` x 1,1 at y 4
        return 28 - value / (top * 1.1) * 24

    assert last_dot(sparkline(points, "x")) == pytest.approx(height(179 / 0.75, 242), abs=0.06)
    assert last_dot(sparkline(points, "x", whole_year=120.0)) == pytest.approx(height(120, 242), abs=0.06)
    assert last_dot(sparkline(points, "x", whole_year=300.0)) == pytest.approx(height(300, 300), abs=0.06)  # in view
    # The scale holds what is drawn: not also the months scaled evenly (60 to March would be 240 a year).
    early = [Point(year(2024), 98), Point(year(2025), 120), Point(year_to_date(2026, 3), 60)]
    assert last_dot(sparkline(early, "x", whole_year=150.0)) == pytest.approx(height(150, 150), abs=0.06)


def test_the_whole_year_expected_of_a_year_under_way_is_marked_and_named():
    # Walk BE: an open dot at 81 far below the year before, the whole year the text gives unmarked.
    svg = str(history_chart(LISSE_YOUTH, "count", "Jeugdoverlast", 132, Projection(2022, 95, 60, 130),
                            Projection(2019, 108, 92, 124, known=81)))
    root = parse(svg)
    diamond, swatch = [e for e in root.iter() if e.get("class") == "estimate"]  # in the plot, and in the legend
    dot = next(e for e in root.iter() if e.get("class") == "partial")
    assert float(diamond.get("d").split("L")[1].split(",")[1]) < float(dot.get("cy"))  # 108 stands above 81
    assert "heel 2019 verwacht: ongeveer 108" in svg
    # The year under way as the projected year is marked too (walk BH: its 10 px bar hid on the target line, and
    # the open dot of its months below the target read as met); a year with no estimate has no marker.
    own = str(history_chart(LISSE_YOUTH, "count", "J", 100, Projection(2019, 108, 92, 124, known=81),
                            Projection(2019, 108, 92, 124, known=81)))
    assert own.count('class="estimate"') == 2 and "heel 2019 verwacht: ongeveer 108" in own
    drawn = history_chart(LISSE_YOUTH, "count", "J", 132, Projection(2022, 95, 60, 130))
    assert 'class="estimate"' not in str(drawn) and "verwacht: ongeveer" not in str(drawn)


def test_a_stand_is_drawn_as_it_stands_in_the_sparkline():
    # Walk BK: a Bibob count of 31 on 30 September drawn as 31 x 12 = 372 a year, far off the top of the line.
    from ivb.charts import sparkline
    from ivb.domain.periods import parse

    points = [Point(parse("2023"), 18), Point(parse("2024"), 22), Point(parse("2025"), 27), Point(parse("2026-09"), 31)]
    dots = [float(v) for v in re.findall(r"[ML][\d.]+,(-?[\d.]+)", str(sparkline(points, "x", stand=True)))]
    assert all(4 <= d <= 28 for d in dots) and dots == sorted(dots, reverse=True)  # inside the box, rising
    assert min(float(v) for v in re.findall(r"[ML][\d.]+,(-?[\d.]+)", str(sparkline(points, "x")))) < 0  # as events


def test_provisional_years_are_drawn_apart_and_named_in_the_legend():
    # Walk CB: 47018NED marks 2024 and 2025 provisional; the chart drew them as final years.
    points = [Point(year(y), 100 + y % 5, status="voorlopig" if y >= 2024 else "definitief")
              for y in range(2019, 2026)]
    svg = str(history_chart(points, "count", "Woninginbraken"))
    root = ET.fromstring(svg)
    legend = {e for g in root.iter() if g.get("class") == "legend" for e in g.iter()}
    plot = [e.get("class") for e in root.iter() if e not in legend]
    assert plot.count("provisional") == 2 and plot.count("dot") == 5  # the two provisional years, the five final
    assert [e.get("class") for e in legend].count("provisional") == 1  # and their swatch
    assert "voorlopig: 2024 en 2025" in svg
    final = str(history_chart([Point(year(y), 100) for y in range(2019, 2026)], "count", "Woninginbraken"))
    assert "voorlopig" not in final and 'class="provisional"' not in final
