"""A trend the last two years went against says so (walk CA: Ede's burglaries, police open data 47018NED, read
"dalend" over 2019–2025 and "Verbeterd: Woninginbraken" while they rose from 111 in 2023 to 150 and 183)."""

from ivb.domain.narrative import series_sentences
from ivb.domain.observations import Point, SeriesData
from ivb.domain.overview import summary
from ivb.domain.periods import parse
from ivb.domain.picture import PictureInput, build_picture
from ivb.domain.vocabulary import Verdict

# Ede (GM0228), 1.1.1 Diefstal/inbraak woning, Politie (via CBS), 2012–2025 (2024–2025 provisional).
EDE = {2012: 850, 2013: 833, 2014: 470, 2015: 370, 2016: 468, 2017: 412, 2018: 430, 2019: 274, 2020: 270,
       2021: 226, 2022: 212, 2023: 111, 2024: 150, 2025: 183}


def burglaries(counts: dict[int, int]):
    series = SeriesData("politie.od.1.1.1", "Woninginbraak", "count", "sum",
                        [Point(parse(str(y)), v) for y, v in counts.items()], monitored=True)
    picture = build_picture(PictureInput("GM0228", "Ede", max(counts), None, [series]))
    return picture, picture.series[0]


def test_a_falling_trend_the_last_two_years_rose_against_says_both():
    picture, sp = burglaries(EDE)
    assert sp.verdict == Verdict.FALLING
    assert sp.verdict_words == "dalend, maar 2024 en 2025 hoger"
    text = " ".join(series_sentences(sp, "Ede"))
    assert ("Let op: de laatste twee jaren ging het de andere kant op: 111 in 2023, 150 in 2024 en 183 in 2025.") in text
    from ivb.domain.picture_text import _series_line

    assert "dalend (2019–2025), maar 2024 en 2025 hoger, −10,5% per jaar" in _series_line(sp)  # `ivb picture`
    improved, attention = summary(picture)
    assert not any("Woninginbraak" in name for name in [*improved, *attention])


def test_one_year_against_it_or_a_small_rise_is_no_turn():
    _, one = burglaries({**EDE, 2024: 105})  # 111, 105, 183: one step up
    assert one.recent_turn is None and one.verdict_words == "dalend"
    _, small = burglaries({**EDE, 2024: 112, 2025: 113})  # two steps up, +2% together
    assert small.recent_turn is None


def test_a_year_under_way_does_not_hide_the_turn_of_the_two_whole_years_before_it():
    """Second review: with "2026 t/m maart" in the trend, the 2026 page read "dalend" and "Verbeterd" again."""
    series = SeriesData("politie.od.1.1.1", "Woninginbraak", "count", "sum",
                        [*[Point(parse(str(y)), v) for y, v in EDE.items()], Point(parse("2026 t/m maart"), 50)],
                        monitored=True)
    picture = build_picture(PictureInput("GM0228", "Ede", 2026, None, [series]))
    sp = picture.series[0]
    assert sp.verdict == Verdict.FALLING and sp.verdict_words == "dalend, maar 2024 en 2025 hoger"
    improved, _attention = summary(picture)
    assert not any("Woninginbraak" in name for name in improved)
