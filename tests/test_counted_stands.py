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


def test_a_reading_of_a_stand_during_the_year_counts_as_a_reading():
    # Walk BJ: 52 in 2024, 55 in 2025, then 58 in November 2026 against "minstens 60" read "niet op koers", where
    # 52 to 55 had read "risico".
    ind = indicator(">=", 60).model_copy(update={"target_year": 2027})
    points = pts(*[(str(y), v) for y, v in ((2023, 50), (2024, 52), (2025, 55))]) + pts(("2026-11", 58))
    result = evaluate(ind, points, 2026, summed=False)
    assert result.status == "risico"
    assert result.reason.startswith("de laatste meting, 58 (november 2026), haalt het doel (minstens 60) nog niet, "
                                    "maar ligt er dichter bij dan 55 (2025)")


def test_a_month_of_a_stand_is_not_asked_about_as_a_share_of_a_year(demo):
    """Walk BJ: 58 businesses in November read "veel meer dan gebruikelijk voor een maand … ongeveer 4 per maand"."""
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area, Series

    lisse = Area.objects.get(code="GM0553")
    for key, aggregation in (("gemeente.kvo", "last"), ("gemeente.meldingen", "sum")):
        Series.objects.create(key=key, name="Bedrijven met het keurmerk", unit="count", aggregation=aggregation,
                              source="gemeente")
        base = {"series": key, "status": "definitief", "source": "gemeente"}
        for year, value in ((2023, 50), (2024, 52), (2025, 55)):
            assert enter_observation(lisse, {**base, "period": str(year), "value": str(value)},
                                     actor_name="t").observation
        month = enter_observation(lisse, {**base, "period": "2026-11", "value": "58"}, actor_name="t")
        assert month.observation is not None
        # Summed, 58 in a month is far more than a twelfth of 52 a year; as a stand it is just the stand.
        assert ("veel meer dan gebruikelijk voor een maand" in month.unusual) == (aggregation == "sum")


def test_the_series_page_does_not_say_a_stands_months_are_added_up(client, demo, lisse_reader):
    # Walk BJ: "De grafiek telt de maanden en kwartalen per jaar op" under a stand read in November.
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area, Series
    from tests.conftest import text

    lisse = Area.objects.get(code="GM0553")
    pages = {}
    for key, aggregation in (("gemeente.kvo", "last"), ("gemeente.meldingen", "sum")):
        series = Series.objects.create(key=key, name="Keurmerk", unit="count", aggregation=aggregation,
                                       source="gemeente")
        for period, value in (("2018", 50), ("2019", 52), ("2020-11", 53)):
            assert enter_observation(lisse, {"series": key, "period": period, "value": str(value), "status": "definitief",
                                      "source": "gemeente"}, actor_name="t").observation
        client.force_login(lisse_reader)
        pages[aggregation] = text(client.get(f"/gemeente/GM0553/reeksen/{series.pk}/"))
    assert "telt de maanden en kwartalen per jaar op" in pages["sum"]
    assert "telt de maanden en kwartalen per jaar op" not in pages["last"]


def test_a_page_before_the_only_figure_and_before_the_baseline_says_so():
    # Walk BK: Maashorst's 2021 page read "één meting" of a series whose one figure was of 2025, and "er is geen
    # cijfer voor de nulmeting (2023)" where there was one, after 2021.
    assert survey_change([], "count").reason == "nog geen meting; een trend vraagt om minstens twee"
    ind = indicator("<=", compare_to="baseline", baseline={"year": 2023}, change_percent=-10)
    assert evaluate(ind, pts(("2019", 300), ("2023", 283)), 2021).reason == "de nulmeting is van 2023, na 2021"
