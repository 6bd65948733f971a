"""The neutral sentences of a context series (inhabitants, households)."""

from ivb.domain.narrative import context_sentences
from ivb.domain.observations import Point
from ivb.domain.periods import year
from ivb.domain.series_picture import SeriesPicture
from ivb.domain.trend import Trend
from ivb.domain.vocabulary import Verdict

# Inhabitants on 1 January, CBS 70072ned, as shipped with the demo (luc4sdreyer-dutch-demographics/data.json).
HEERENVEEN = {2012: 43418, 2013: 43312, 2014: 50020, 2015: 50216, 2016: 50246, 2025: 51863}
LISSE = {2012: 22452, 2013: 22404, 2014: 22484, 2015: 22547, 2016: 22664, 2019: 22878}


def inhabitants(figures: dict[int, int]) -> SeriesPicture:
    points = [Point(year(y), v) for y, v in figures.items()]
    return SeriesPicture("cbs.inwoners", "Inwoners", "count", points, Trend(Verdict.TOO_FEW, "context"), context=True)


def test_it_names_a_jump_in_one_year_as_most_likely_a_border_change():
    # Walk BD: "+19,5%" read as growth; most of it is the part of Boarnsterhim that joined Heerenveen in 2014.
    said = context_sentences(inhabitants(HEERENVEEN), "Heerenveen")
    assert said == ["Het aantal inwoners in Heerenveen nam toe van 43.418 in 2012 naar 51.863 in 2025 (+19,5%).",
                    "Let op: in 2014 veranderde het aantal inwoners in één jaar met +15,5% (van 43.312 naar 50.020). "
                    "Zo'n sprong komt meestal door een grenswijziging, niet door groei of krimp alleen."]


def test_it_says_nothing_more_of_ordinary_growth_or_of_a_border_change_it_already_explains():
    assert context_sentences(inhabitants(LISSE), "Lisse") == [
        "Het aantal inwoners in Lisse nam toe van 22.452 in 2012 naar 22.878 in 2019 (+1,9%)."]
    explained = inhabitants(HEERENVEEN)
    explained.borders_note = "De jaren voor 2014 zijn opgeteld uit de gemeenten van toen."
    assert len(context_sentences(explained, "Heerenveen")) == 1
