"""A count that is a stand, not events summed over a year (walk BH, Gouda: businesses with the Keurmerk Veilig
Ondernemen on 31 December, declared with aggregation "last"): its difference is counted, not sampled, and IVB
makes no projection of it as if it were events of a year."""

from pathlib import Path

from ivb.domain.observations import Point, SeriesData
from ivb.domain.periods import parse
from ivb.domain.picture import PictureInput, build_picture
from ivb.domain.policy import validate_text
from ivb.domain.targets import evaluate
from ivb.domain.trend import survey_change
from ivb.domain.vocabulary import Verdict
from tests.test_targets import indicator, pts

KVO = ((2019, 12), (2020, 14), (2021, 15), (2022, 19), (2023, 21), (2024, 22), (2025, 26))


def test_it_calls_a_counted_difference_real_not_perhaps_chance():
    change = survey_change(pts(*[(str(y), v) for y, v in KVO]), "count")
    assert change.verdict == Verdict.RISING
    assert change.reason == "het verschil met 2024 (+4) is geteld, niet uit een steekproef geschat"
    same = survey_change(pts(("2024", 26), ("2025", 26)), "count")
    assert same.verdict == Verdict.STABLE and same.reason == "de stand is even hoog als in 2024"
    # A survey percentage without a margin still gets no direction.
    assert survey_change(pts(("2023", 16.8), ("2025", 19.1)), "percent").verdict == Verdict.TOO_FEW


def test_a_stand_is_not_projected_as_events_nor_called_short_of_figures():
    ind = indicator(">=", 30)  # "minstens 30" in 2023
    points = pts(*[(str(y - 3), v) for y, v in KVO])  # 2016-2022
    result = evaluate(ind, points, 2022, summed=False)
    assert result.status == "risico" and result.projection is None
    assert result.reason == ("de laatste meting, 26 (2022), haalt het doel (minstens 30) nog niet, maar ligt er "
                             "dichter bij dan 22 (2021); een verwachting maakt IVB alleen voor aantallen die over een "
                             "jaar worden opgeteld, niet voor een stand")
    # A stand counted to October does not meet "minstens" for the year, as events counted so far would.
    october = evaluate(ind, points + pts(("2023 t/m oktober", 31)), 2023, summed=False)
    assert "al gehaald" not in october.reason


def test_the_picture_reads_a_declared_stand_as_counted():
    text = (Path(__file__).parent / "data" / "policies" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("series: politie.jeugdoverlast", "series: gemeente.kvo").replace(
        "name: Meldingen jeugdoverlast", "name: Bedrijven met het keurmerk").replace(
        'direction: lower_is_better', 'direction: higher_is_better').replace(
        "baseline: {year: 2018, value: 132}", "baseline: {year: 2019, value: 12}").replace(
        'target: {operator: "<", value: 132}', 'target: {operator: ">=", value: 30}')
    text += ("series:\n  - key: gemeente.kvo\n    name: Bedrijven met het keurmerk\n    unit: count\n"
             "    aggregation: last\n    source: gemeente\n")
    validation = validate_text(text)
    assert validation.ok, validation.problems
    points = [Point(parse(str(y)), v) for y, v in KVO[:4]]  # 2019-2022; the target year is 2023
    series = SeriesData("gemeente.kvo", "Bedrijven met het keurmerk", "count", "last", points)
    picture = build_picture(PictureInput("GM0553", "Lisse", 2022, validation.policy, [series]))
    (ind,) = [i for i in picture.indicators if i.key == "jeugdoverlast"]
    assert ind.status.status == "risico"
    assert "niet voor een stand" in ind.status.reason and "te weinig metingen" not in ind.status.reason
    said = " ".join(ind.sentences)
    assert "het verschil met 2021 (+4) is geteld, niet uit een steekproef geschat" in said
    assert "geen marge" not in said and "+4,0" not in said
