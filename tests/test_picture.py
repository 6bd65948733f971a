"""`ivb picture`: the Lisse 2019 safety picture from the demo data."""

import datetime as dt
import json
import re

import pytest

from ivb.cli import main
from ivb.store.models import Area, Evidence, Observation, Series, SeriesBreak
from ivb.store.policies import find_policy


@pytest.fixture
def picture(demo, capsys):
    assert main(["picture", "GM0553", "2019", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def indicators(picture):
    found = {i["sleutel"]: i for i in picture["algemene_doelstellingen"]}
    for priority in picture["prioriteiten"]:
        found.update({i["sleutel"]: i for i in priority["indicatoren"]})
    return found


def test_it_gives_the_five_verdicts_of_the_policy(picture):
    verdicts = {s["reeks"]: s["trend"]["oordeel"] for s in picture["reeksen"]}
    assert {k: verdicts[k] for k in ("politie.misdrijven", "politie.jeugdoverlast", "politie.woninginbraken",
                                     "politie.geweld", "politie.overlast_maatschappelijke_onrust")} == {
        "politie.misdrijven": "dalend", "politie.jeugdoverlast": "dalend", "politie.woninginbraken": "dalend",
        "politie.geweld": "stabiel", "politie.overlast_maatschappelijke_onrust": "stijgend"}
    misdrijven = next(s for s in picture["reeksen"] if s["reeks"] == "politie.misdrijven")
    assert misdrijven["trend"]["verandering_per_jaar"] == pytest.approx(-0.0616, abs=1e-4)  # corrected for 2018-07 (+3,6%)
    assert misdrijven["trend"]["p_waarde"] == pytest.approx(0.0711, abs=1e-4)


def test_it_gives_the_status_of_every_indicator_with_data(picture):
    status = {k: i["status"] for k, i in indicators(picture).items()}
    assert status["rapportcijfer"] == "op koers"
    # "Niet lager dan het voorgaande jaar": there is no 2018 edition, and 2017 is not the year before 2019.
    assert status["misdaadmeter"] == "niet te beoordelen"
    assert indicators(picture)["misdaadmeter"]["reden"] == (
        "het doel vergelijkt elk jaar met het jaar ervoor, en van 2018 is er geen cijfer: plaats 213 in 2019, "
        "plaats 210 in 2017")
    # 30% chance of staying under 80 in 2023 (28% before ADR 0058): "risico" from 30%, as printed.
    assert status["meldingen-woonoverlast"] == "risico"
    # 66% chance of staying under 132 in 2023 (calibrated, ADR 0027): under the 70% of "op koers".
    assert status["meldingen-jeugdoverlast"] == "risico"
    assert status["slachtofferschap"] == "op koers"
    assert {status[k] for k in ("signalen", "casussen", "overlast-inwoners", "bewustzijn")} == {"niet te beoordelen"}


def test_it_projects_counts_with_intervals(picture):
    jeugd = indicators(picture)["meldingen-jeugdoverlast"]
    projection = jeugd["projectie"]
    low, high = projection["interval_80"]
    assert projection["jaar"] == 2023 and low < projection["verwacht"] < high
    assert 0.6 < projection["kans_doel_gehaald"] < 0.75


def test_it_shows_what_the_2019_projection_said_from_data_up_to_september(picture):
    inbraken = next(s for s in picture["reeksen"] if s["reeks"] == "politie.woninginbraken")
    this_year = inbraken["heel_jaar_verwacht"]
    assert this_year["jaar"] == 2019 and this_year["al_geteld"] == 21
    assert this_year["gegevens_tot_en_met"] == "2019 t/m september"
    assert 21 < this_year["interval_80"][0] < this_year["verwacht"] < this_year["interval_80"][1]
    # The rest of 2019 follows the national burglary months (70.5% falls in January-September), not 9/12: 29.9
    # (26-35), the months weighing 57% against what 2013-2018 expected (ADR 0047); an even spread said 27.7.
    assert this_year["verwacht"] == pytest.approx(29.97, abs=0.05)
    assert this_year["gewicht_maanden"] == pytest.approx(0.57, abs=0.01)
    assert 25 < this_year["verwacht_uit_eerdere_jaren"] < 35  # what 2013-2018 expected for 2019, damped
    assert [round(x, 1) for x in this_year["interval_80"]] == [26.0, 35.0]  # whole counts: a negative binomial for the rest (ADR 0027, 4 December)
    assert this_year["maandpatroon"]["omschrijving"] == \
        "landelijk maandpatroon van woninginbraken (Politie via CBS, 2012–2023)"
    assert this_year["maandpatroon"]["aandeel_al_geteld"] == pytest.approx(0.705, abs=0.001)
    backtest = inbraken["terugblik"]
    assert backtest["projectie"]["jaar"] == 2018 and backtest["gemeten"] == 30 and backtest["binnen_interval"]


def test_every_indicator_has_dutch_text_from_its_numbers(picture):
    jeugd = indicators(picture)["meldingen-jeugdoverlast"]["tekst"]
    # The year before and the start of the trend described next (walk BE: only 2012, beside a trend from 2019).
    assert jeugd.startswith("Jeugdoverlast in Lisse: 132 in 2018, tegen 187 in 2017 en 235 in 2014.")
    assert "Van januari tot en met september 2019 waren het er 81. Heel 2019 is voorbij, maar de latere maanden zijn er niet; met die maanden geschat: ongeveer 109 " \
           "(80%-interval 98–122). Van 2014" in jeugd  # how it was estimated is apart (walk BC: too many numbers)
    how = indicators(picture)["meldingen-jeugdoverlast"]["heel_jaar_verwacht"]["hoe_geschat"]
    assert how.startswith("Van deze cijfers is geen maandpatroon bekend. Daarom gaan we uit van een gelijke verdeling over " \
                  "de maanden (januari tot en met september is dan 75% van een jaar), met een ruimere marge. De ontbrekende ")
    assert ("Van 2014 tot en met 2019 daalt het aantal: gemiddeld 13,0% minder per jaar (waarschijnlijk tussen 4,7% "
            "en 20,6%).") in jeugd
    assert "Let op: van 2019 zijn alleen januari tot en met september bekend; het is geen heel jaar." in jeugd
    # The falling trend is not projected on, and the reader is told why (ADR 0027).
    # It says where it starts (walk BE: "trekt de daling niet door" beside 66, 62 and 53 read as a fall carried on).
    # The line is a whole year's count: the part year is set against it by its pace (review of walk CF).
    assert ("De verwachting begint waar de trendlijn nu ligt (ongeveer 117 in 2019; het tempo van 2019 t/m september "
            "lag eronder en telt deels mee) en trekt de daling niet verder door: bij de politiecijfers van alle gemeenten ging een "
            "daling van eerdere jaren meestal niet verder. Het echte aantal van 2023 valt 8 van de 10 keer binnen het "
            "interval 67–179.") in jeugd
    woon = indicators(picture)["meldingen-woonoverlast"]["tekst"]
    assert "De verwachting begint waar de trendlijn nu ligt (ongeveer 92 in 2019) en trekt de stijging niet verder door" in woon
    grade = indicators(picture)["rapportcijfer"]["tekst"]
    assert "Let op: er is maar één meting." in grade
    assert "Lisse stond in 2019 op plaats 213 van de lijst. In 2017 was dat plaats 210." in \
        indicators(picture)["misdaadmeter"]["tekst"]


def test_it_gives_the_years_between_the_last_figure_and_the_projected_one(picture):
    """Walk CC: the chart's dashed line ran straight from the last figure to the projected year, as if the fall
    went on, while the text said the projection starts at the line and stays there; the years between are
    projected too, as the year itself is."""
    woon = indicators(picture)["meldingen-woonoverlast"]["projectie"]
    between = woon["tussenjaren"]
    assert [b["jaar"] for b in between] == [2020, 2021, 2022]
    widths = [b["interval_80"][1] - b["interval_80"][0] for b in between] + [woon["interval_80"][1] - woon["interval_80"][0]]
    assert widths == sorted(widths) and widths[0] < widths[-1]  # the further ahead, the wider
    for b in between:
        assert b["interval_80"][0] < b["verwacht"] < b["interval_80"][1]
        assert abs(b["verwacht"] - woon["verwacht"]) < 10  # the line's level, not a trend carried on
    jeugd = indicators(picture)["meldingen-jeugdoverlast"]["projectie"]
    assert [b["jaar"] for b in jeugd["tussenjaren"]] == [2020, 2021, 2022]


def test_the_text_output_lists_series_and_indicators(demo, capsys):
    assert main(["picture", "GM0553", "2019"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Veiligheidsbeeld Lisse (GM0553) 2019")
    assert "Woninginbraken" in out and "dalend (2014–2019), \u221211,5% per jaar" in out
    assert re.search(r"Meldingen jeugdoverlast - aantal: RISICO \(verwachting 2023: ongeveer \d+, kans \d+%\)", out)  # walk BM
    # Text is read in full, as paper: how the rest of 2019 was estimated follows the estimate (nothing folds here).
    assert "ongeveer 109 (80%-interval 98–122).\n    Van deze cijfers is geen maandpatroon bekend." in out


def test_it_refuses_an_unknown_municipality_and_says_when_there_is_no_policy(demo, capsys):
    assert main(["picture", "GM9999", "2019"]) == 1
    assert "onbekende gemeente GM9999" in capsys.readouterr().err
    assert main(["picture", "GM1525", "2019"]) == 0
    out = capsys.readouterr().out
    assert "Er is nog geen veiligheidsbeleid voor Teylingen opgeslagen" in out
    assert "Er zijn voor Teylingen nog geen cijfers opgeslagen." in out


def add(series, code, period, value):
    Observation.objects.create(series=Series.objects.get(key=series), area=Area.objects.get(code=code), period=period,
                               period_kind="year", period_start=dt.date(int(period), 1, 1),
                               period_end=dt.date(int(period), 12, 31), value=value, status="definitief",
                               source="test", recorded_by_name="test")


def test_it_compares_with_the_police_unit_when_population_is_known(demo, capsys):
    for code, burglaries, people in (("GM0553", 30, 22_900), ("GM0534", 40, 22_000), ("GM1525", 50, 37_500)):
        if code != "GM0553":
            add("politie.woninginbraken", code, "2018", burglaries)
        add("cbs.inwoners", code, "2018", people)
    main(["picture", "GM0553", "2018", "--json"])
    inbraken = next(s for s in json.loads(capsys.readouterr().out)["reeksen"] if s["reeks"] == "politie.woninginbraken")
    comparison = inbraken["vergelijking"]
    assert (comparison["rang"], comparison["van"]) == (3, 3)
    assert comparison["per_1000"] == pytest.approx(30_000 / 22_900, abs=1e-9)
    assert {a["code"]: a["buurgemeente"] for a in comparison["gebieden"]} == {
        "GM1525": True, "GM0534": True, "GM0553": False}
    # Whom the place is among, and each peer's place (walk CB: only the pages had them).
    assert comparison["onder"].startswith("buurgemeenten")
    assert [(a["code"], a["plaats"], a["voorlopig"]) for a in comparison["gebieden"]] == [
        ("GM0534", 1, False), ("GM1525", 2, False), ("GM0553", 3, False)]
    # The text output says the rate and the place too (walk CD: it gave neither).
    main(["picture", "GM0553", "2018"])
    assert f"; 1,3 per 1.000 inwoners, plaats 3 van 3 gemeenten met cijfers ({comparison['onder']})" in \
        capsys.readouterr().out


def test_recorded_evidence_and_breaks_are_used(demo, capsys):
    policy = find_policy("GM0553", "2020-2023")
    Evidence.objects.create(policy=policy, indicator_key="bewustzijn", area=Area.objects.get(code="GM0553"),
                            date=dt.date(2019, 12, 1), status="op koers", summary="Drie gesprekken met ondernemers",
                            recorded_by_name="test")
    SeriesBreak.objects.create(series=Series.objects.get(key="politie.misdrijven"), date=dt.date(2017, 1, 1),
                               reason="test: andere telwijze vanaf 2017")
    main(["picture", "GM0553", "2019", "--json"])
    picture = json.loads(capsys.readouterr().out)
    assert indicators(picture)["bewustzijn"]["status"] == "op koers"
    misdrijven = next(s for s in picture["reeksen"] if s["reeks"] == "politie.misdrijven")
    assert misdrijven["trend"]["oordeel"] == "stabiel"  # the 2016-2017 drop is the break, not a trend


def test_breaks_and_evidence_are_recorded_from_the_command_line(demo, capsys):
    assert main(["series", "break", "politie.misdrijven", "2017-01-01", "--reason", "andere telwijze"]) == 0
    assert main(["evidence", "add", "GM0553", "2020-2023", "bewustzijn", "--status", "risico",
                 "--summary", "Nog geen gesprekken", "--date", "2019-11-01"]) == 0
    capsys.readouterr()
    main(["picture", "GM0553", "2019", "--json"])
    picture = json.loads(capsys.readouterr().out)
    assert indicators(picture)["bewustzijn"]["status"] == "risico"
    assert next(s for s in picture["reeksen"] if s["reeks"] == "politie.misdrijven")["trend"]["oordeel"] == "stabiel"


@pytest.mark.parametrize("args,message", [
    (["series", "break", "politie.bestaat_niet", "2018-07-01", "--reason", "x"], "onbekende reeks"),
    (["series", "break", "politie.misdrijven", "1 juli", "--reason", "x"], "'1 juli' is geen datum"),
    (["evidence", "add", "GM0553", "2020-2023", "meldingen-jeugdoverlast", "--status", "risico", "--summary", "x",
      "--date", "2019-11-01"], "heeft een meetbaar doel"),
    (["evidence", "add", "GM0553", "2020-2023", "bestaat-niet", "--status", "risico", "--summary", "x",
      "--date", "2019-11-01"], "geen indicator 'bestaat-niet'"),
    (["evidence", "add", "GM0553", "2020-2023", "bewustzijn", "--status", "risico", "--summary", "  ",
      "--date", "2019-11-01"], "de samenvatting is leeg"),
    (["evidence", "add", "GM0553", "2020-2023", "bewustzijn", "--status", "risico", "--summary", "x",
      "--document", "d" * 301, "--date", "2019-11-01"], "de vindplaats is te lang (301 tekens; het maximum is 300)"),
    (["evidence", "add", "GM0553", "2020-2023", "bewustzijn", "--status", "behaald", "--summary", "x",
      "--date", "1999-01-01"], "de datum 01-01-1999 ligt ver vóór het beleid 2020-2023; een oordeel over een doel van "
                               "dit beleid is van 2019 (het startpunt) of later"),
    (["evidence", "add", "GM0553", "2020-2023", "bewustzijn", "--status", "behaald", "--summary", "x",
      "--date", "2030-01-01"], "de datum 01-01-2030 ligt in de toekomst"),
    (["series", "break", "politie.misdrijven", "2017-01-01", "--reason", "r" * 301],
     "de reden is te lang (301 tekens; het maximum is 300)"),
    (["series", "break", "politie.misdrijven", "2017-01-01", "--reason", " "], "geef een reden op"),
    (["series", "break", "politie.misdrijven", "2017-01-01", "--reason", "x", "--area", "GM9999"],
     "onbekend gebied 'GM9999'"),
])
def test_bad_breaks_and_evidence_are_refused(demo, capsys, args, message):
    assert main(args) == 1
    assert message in capsys.readouterr().err
    assert not Evidence.objects.exists() and not SeriesBreak.objects.exists()


def test_the_dark_number_appears_when_reports_are_counted(demo, capsys):
    add("politie.cybercrime_meldingen_aangiften", "GM0553", "2018", 74)
    main(["picture", "GM0553", "2019", "--json"])
    cyber = indicators(json.loads(capsys.readouterr().out))["meldingen-aangiften"]
    assert cyber["verborgen_aantal"]["schatting"] == pytest.approx(74 / 0.14)
    assert "ongeveer 529 gevallen" in cyber["tekst"]


def test_a_neighbours_provisional_figure_is_not_shown(demo, capsys):
    for code, people in (("GM0553", 22_900), ("GM0534", 22_000), ("GM1525", 37_500)):
        add("cbs.inwoners", code, "2018", people)
    add("politie.woninginbraken", "GM1525", "2018", 50)
    draft = Observation.objects.create(
        series=Series.objects.get(key="politie.woninginbraken"), area=Area.objects.get(code="GM0534"), period="2018",
        period_kind="year", period_start=dt.date(2018, 1, 1), period_end=dt.date(2018, 12, 31), value=4321,
        status="voorlopig", source="intern concept", recorded_by_name="test")
    main(["picture", "GM0553", "2018", "--json"])
    inbraken = next(s for s in json.loads(capsys.readouterr().out)["reeksen"] if s["reeks"] == "politie.woninginbraken")
    assert {a["code"] for a in inbraken["vergelijking"]["gebieden"]} == {"GM0553", "GM1525"}
    assert draft.area.code not in json.dumps(inbraken)


def test_an_indicator_with_a_projection_says_how_the_method_did_on_its_last_whole_year(picture):
    # The same method, one year back: from the years before 2018, what did it expect for 2018, and was 2018 inside?
    jeugd = indicators(picture)["meldingen-jeugdoverlast"]
    series = next(s for s in picture["reeksen"] if s["reeks"] == "politie.jeugdoverlast")["terugblik"]
    low, high = (round(v) for v in series["projectie"]["interval_80"])
    assert (series["projectie"]["jaar"], series["gemeten"], series["binnen_interval"]) == (2018, 132, True)
    assert (f"Terugblik op 2018: met alleen de cijfers van de jaren ervoor had IVB "
            f"{round(series['projectie']['verwacht'])} verwacht (80%-interval {low}–{high}); het werden er 132, binnen "
            f"het interval.") in jeugd["tekst"]
    # A target without a projection (a grade from a survey) gets no such sentence.
    assert "Terugblik" not in indicators(picture)["rapportcijfer"]["tekst"]


def test_a_last_year_outside_its_interval_is_called_so():
    from ivb.domain.narrative import _looked_back
    from ivb.domain.projection import Projection
    from ivb.domain.series_picture import Backtest, SeriesPicture
    from ivb.domain.trend import Change, Verdict

    sp = SeriesPicture("s", "Vernielingen", "count", [], Change(Verdict.STABLE, ""),
                       backtest=Backtest(Projection(2025, 103.2, 85.8, 122.9), 77, False))
    assert _looked_back(sp) == ["Terugblik op 2025: met alleen de cijfers van de jaren ervoor had IVB 103 verwacht "
                                "(80%-interval 86–123); het werden er 77, buiten het interval."]


def test_a_later_years_page_does_not_forecast_a_year_that_is_over(demo, capsys):
    # Jeugdoverlast's newest figure is "2019 t/m september". The 2019 page estimates the whole of 2019; the 2025
    # page shows that figure as it is, without "Voor heel 2019 verwachten we ...".
    assert main(["picture", "GM0553", "2025", "--json"]) == 0
    later = json.loads(capsys.readouterr().out)
    text = indicators(later)["meldingen-jeugdoverlast"]["tekst"]
    assert "Van januari tot en met september 2019 waren het er 81." in text
    assert "Voor heel 2019" not in text and "Heel 2019 is voorbij" not in text
    series = next(s for s in later["reeksen"] if s["reeks"] == "politie.jeugdoverlast")
    assert "heel_jaar_verwacht" not in series


def test_a_picture_before_the_policy_says_so_truly_and_names_the_first_later_figure(reference, capsys):
    """Zuid-Kennemerland's policy runs 2024-2027; its 2011 picture sets 2011 beside those targets (2011 is not
    its starting point), and a series first counted in 2012 says that, not that its figures cover no whole year."""
    import json
    from pathlib import Path

    from ivb.cli import main

    data = Path(__file__).parent / "data"
    assert main(["opendata", "import", str(data / "opendata" / "47018NED_ZK_2012-2025.csv"), "--table", "47018NED"]) == 0
    assert main(["policy", "import", str(data / "policies" / "joint-zuid-kennemerland.yaml")]) == 0
    capsys.readouterr()
    assert main(["picture", "GM0397", "2011", "--json"]) == 0
    picture = json.loads(capsys.readouterr().out)
    assert picture["melding"] == ("Er is geen beleid voor 2011; dit beeld zet de cijfers van 2011 naast de doelen van "
                                  "het beleid 2024–2027, dat later begint.")
    burglary = indicators(picture)["woninginbraken"]["tekst"]
    assert "Van dit jaar en de jaren ervoor zijn er geen cijfers; het eerste is van 2012." in burglary
    assert "geen die een heel jaar" not in burglary
