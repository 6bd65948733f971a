"""A figure far out of line with its own series (a typo: 230 in a month that usually has 20) is stored, and the
page, the API and a file import ask whoever entered it to check it (walk AC: one typo turned a status and a
trend, and nobody was told)."""

import json

import pytest

from ivb.accounts.tokens import create_token
from ivb.store.models import Observation
from ivb.domain.plausibility import unusual
from ivb.store.observation_import import import_observations
from tests.conftest import text

ASKED = "230 is veel meer dan gebruikelijk: de mediaan van de 12 vorige cijfers van deze soort is 20"


@pytest.fixture
def months(analyst):
    """Twelve ordinary months of violence in Lisse, 2020."""
    rows = "".join(f"GM0553,politie.geweld,2020-{m:02d},20,definitief,eigen telling\n" for m in range(1, 13))
    report = import_observations("maanden.csv", ("gebied,reeks,periode,waarde,status,bron\n" + rows).encode(),
                                 actor_name="test")
    assert report.ok and report.created == 12 and "Let op" not in report.summary()
    return analyst


def test_the_page_stores_it_and_asks_to_check_it(client, months):
    client.force_login(months)
    response = client.post("/gemeente/GM0553/cijfers/nieuw/", {
        "series": "politie.geweld", "period": "2021-01", "value": "230", "status": "definitief", "source": "eigen",
        "document": "", "reference": "", "margin": "", "note": "", "reason": ""}, follow=True)
    page = text(response)
    assert "Let op: Geweld januari 2021: " + ASKED in page
    # On the figure's own page, where it stands with its "corrigeren" link and its mark (walk AG).
    assert response.redirect_chain[-1][0].startswith("/gemeente/GM0553/reeksen/") and "?jaar=2021" in \
        response.redirect_chain[-1][0]
    assert Observation.objects.get(series__key="politie.geweld", period="2021-01").value == 230


def test_the_api_stores_it_and_says_so_in_the_answer(client, months):
    token = create_token(months, "test")
    response = client.post("/api/municipalities/GM0553/observations", content_type="application/json",
                           data=json.dumps({"reeks": "politie.geweld", "periode": "2021-01", "waarde": "230",
                                            "status": "definitief", "bron": "eigen"}),
                           HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 201 and response.json()["waarschuwing"].startswith("Geweld januari 2021: " + ASKED)


def test_a_file_names_it_in_its_summary_and_an_ordinary_month_is_not_named(months):
    report = import_observations("januari.csv", b"gebied,reeks,periode,waarde,status,bron\n"
                                 b"GM0553,politie.geweld,2021-01,230,definitief,eigen\n"
                                 b"GM0553,politie.geweld,2021-02,24,definitief,eigen\n", actor_name="test")
    assert report.ok and report.created == 2
    assert report.unusual == ["Geweld januari 2021: " + ASKED + ". Klopt het? Zo niet, corrigeer het (met een reden)"]
    assert "Let op: Geweld januari 2021: 230 is veel meer" in report.summary()


def test_typos_in_one_file_do_not_make_each_other_usual(months, monkeypatch):
    # Walk AE: seven months typed tenfold in one file; the later ones were measured against the earlier typos.
    monkeypatch.setattr("ivb.store.observation_import.UNUSUAL_SHOWN", 10)
    rows = "".join(f"GM0553,politie.geweld,2021-{m:02d},{200 + m},definitief,eigen\n" for m in range(1, 8))
    report = import_observations("tienvoud.csv", ("gebied,reeks,periode,waarde,status,bron\n" + rows).encode(),
                                 actor_name="test")
    assert report.ok and report.created == 7
    assert len(report.unusual) == 7
    assert all("de mediaan van de 12 vorige cijfers van deze soort is 20" in u for u in report.unusual)
    assert report.unusual[-1].startswith("Geweld juli 2021: 207 is veel meer")


def test_a_typo_in_a_first_history_file_is_asked_about(analyst):
    """Walk AK: the first file of a series (its whole history) was measured against nothing stored, so March typed
    450 for 45 went unasked; the file's own earlier months now say what is usual."""
    rows = "".join(f"GM0553,politie.geweld,{y}-{m:02d},{450 if (y, m) == (2025, 3) else 40 + m % 7},definitief,eigen\n"
                   for y in (2023, 2024, 2025) for m in range(1, 13) if (y, m) <= (2025, 9))
    report = import_observations("geschiedenis.csv", ("gebied,reeks,periode,waarde,status,bron\n" + rows).encode(),
                                 actor_name="test")
    assert report.ok and report.created == 33
    assert report.unusual == ["Geweld maart 2025: 450 is veel meer dan gebruikelijk: de mediaan van de 12 vorige "
                              "cijfers van deze soort is 43. Klopt het? Zo niet, corrigeer het (met een reden)"]




def test_the_upload_page_lists_them_in_a_box_of_their_own(client, months):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(months)
    page = text(client.post("/gemeente/GM0553/cijfers/importeren/", {"file": SimpleUploadedFile(
        "januari.csv", b"gebied,reeks,periode,waarde,status,bron\nGM0553,politie.geweld,2021-01,230,definitief,eigen\n")}))
    done = page.split('<div class="ok-summary" role="status">')[1].split("</div>")[0]
    assert "1 nieuw" in done and "Let op" not in done
    box = page.split('<div class="messages warning" role="status">')[1].split("</div>")[0]
    assert "<h2>Controleer deze cijfers</h2>" in box and "<li>Geweld januari 2021: " + ASKED in box
    series = Observation.objects.get(series__key="politie.geweld", period="2021-01").series_id
    assert f'<a href="/gemeente/GM0553/reeksen/{series}/?jaar=2021">Naar het cijfer</a>' in box


def test_the_series_page_keeps_the_doubt_beside_the_figure(client, months):
    # Walk AF: the "Let op" was a one-time message; the pages and the report showed 260 as any other month.
    from ivb.store.models import Series

    assert import_observations("januari.csv", b"gebied,reeks,periode,waarde,status,bron\n"
                               b"GM0553,politie.geweld,2021-01,230,definitief,eigen\n"
                               b"GM0553,politie.geweld,2021-02,21,definitief,eigen\n", actor_name="test").ok
    client.force_login(months)
    page = text(client.get(f"/gemeente/GM0553/reeksen/{Series.objects.get(key='politie.geweld').pk}/?jaar=2021"))
    row = page[page.index('<th scope="row">januari 2021'):].split("</tr>")[0]
    assert '<span class="tag warn">veel meer dan gebruikelijk (mediaan 20)</span>' in row
    ordinary = page[page.index('<th scope="row">februari 2021'):].split("</tr>")[0]
    assert "gebruikelijk" not in ordinary


def test_a_tenfold_month_of_a_handful_is_asked_about_and_a_file_of_two_names_whose(analyst):
    """Walk AL: 40 in a month of 4 to 6 huisverboden went unasked (a usual level under 5 was never judged); and a
    file with two municipalities' figures did not say whose figure was meant."""
    rows = "".join(f"{code},politie.geweld,2024-{m:02d},{40 if (code, m) == ('GM0553', 9) else 3 + m % 3},"
                   "definitief,eigen\n" for code in ("GM0553", "GM0534") for m in range(1, 13))
    report = import_observations("twee.csv", ("gebied,reeks,periode,waarde,status,bron\n" + rows).encode(),
                                 actor_name="test")
    assert report.ok and report.unusual == [
        "Geweld van Lisse september 2024: 40 is veel meer dan gebruikelijk: de mediaan van de 8 vorige cijfers van "
        "deze soort is 4. Klopt het? Zo niet, corrigeer het (met een reden)"]
    # Five times a handful can be chance, not a typo: 12 in a month of about 2 is not asked about; 25 is.
    assert unusual(12, [2, 1, 3, 2, 2, 1, 2], "count") is None and unusual(25, [2, 1, 3, 2, 2, 1, 2], "count")


def test_a_first_count_of_more_than_ten_per_inhabitant_is_asked_about(client, demo):
    """Walk AU: a billion huisverboden for a municipality of 63.000 went in as its first figure without a word."""
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    lisse = Area.objects.get(code="GM0553")
    population = {"series": "cbs.inwoners", "period": "2019", "value": "22800", "status": "definitief", "source": "CBS"}
    assert enter_observation(lisse, population, actor_name="test").observation is not None
    data = {"series": "politie.geweld", "period": "2013", "value": "1000000000", "status": "definitief",
            "source": "Test"}
    result = enter_observation(lisse, data, actor_name="test")
    assert result.observation is not None  # stored: a question, not a refusal
    assert "1.000.000.000 is meer dan 10 per inwoner van Lisse (22.800 inwoners)" in result.unusual
    part = enter_observation(lisse, {**data, "period": "2026-tm09"}, actor_name="test")  # the review: a part of a year
    assert "1.000.000.000 is meer dan 10 per inwoner van Lisse" in part.unusual
    plain = enter_observation(lisse, {**data, "period": "2011", "value": "70"}, actor_name="test")
    assert plain.observation is not None and plain.unusual == ""


def test_a_first_month_far_from_its_share_of_the_years_is_asked_about(demo):
    """Walk AW: 600 burglaries in November of a series whose years were 55 to 223 went in without a word."""
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    lisse = Area.objects.get(code="GM0553")
    data = {"series": "politie.geweld", "period": "2019-11", "value": "600", "status": "voorlopig", "source": "Test"}
    result = enter_observation(lisse, data, actor_name="test")
    assert result.observation is not None
    # Lisse's violence 2016-2018: 83, 66 and 51 a year.
    assert result.unusual.startswith("Geweld november 2019: 600 is veel meer dan gebruikelijk voor een maand: de "
                                     "mediaan van de 3 vorige jaarcijfers is 66, ongeveer 6 per maand.")
    ordinary = enter_observation(lisse, {**data, "period": "2019-10", "value": "6"}, actor_name="test")
    assert ordinary.observation is not None and ordinary.unusual == ""


def test_a_month_above_every_whole_year_of_a_handful_is_asked_about(demo):
    """Walk AX: 12 burglaries in one month on Terschelling, whose years held at most 9, went in without a word."""
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    lisse = Area.objects.get(code="GM0553")
    base = {"series": "politie.geweld", "status": "definitief", "source": "Test"}
    for year, value in ((2021, 3), (2022, 5), (2023, 4)):
        assert enter_observation(lisse, {**base, "period": str(year), "value": str(value)}, actor_name="t").observation
    month = enter_observation(lisse, {**base, "period": "2024-02", "value": "12"}, actor_name="t")
    assert "12 in één maand is meer dan in elk van de 3 vorige hele jaren (hoogstens 5)" in month.unusual
    ordinary = enter_observation(lisse, {**base, "period": "2024-03", "value": "2"}, actor_name="t")
    assert ordinary.unusual == ""


def _noordwijk_bikes(july):
    """Whole years 2022-2025 of about 170, then January to November 2026 of about 14 a month, July as given."""
    from ivb.domain.observations import Point
    from ivb.domain.periods import parse

    years = [Point(parse(str(y)), v) for y, v in ((2022, 172), (2023, 160), (2024, 181), (2025, 160))]
    months = [Point(parse(f"2026-{m:02d}"), july if m == 7 else 14 + m % 3) for m in range(1, 12)]
    return years + months


def test_a_month_far_from_the_usual_is_said_with_the_estimate_it_moves():
    # Walk BG: July 190 where the months before held 14 made "heel 2026: ongeveer 364" (182 without it); only the
    # table of figures marked it, not the sentences, the dashboard, the report or the API.
    from ivb.domain.observations import SeriesData
    from ivb.domain.picture import PictureInput, build_picture

    series = SeriesData("politie.od.1.2.3", "Fietsdiefstal", "count", "sum", _noordwijk_bikes(190), monitored=True)
    picture = build_picture(PictureInput("GM0575", "Noordwijk", 2026, None, [series]))
    sp = picture.series[0]
    words = ("Let op: juli 2026 (190) is veel meer dan gebruikelijk (ongeveer 15). Het telt mee in de cijfers en de "
             "verwachting hier; is het een tikfout, laat het dan corrigeren.")
    assert words in sp.sentences
    (found,) = picture.to_dict()["reeksen"][0]["ongewone_cijfers"]
    assert (found["periode"], found["waarde"], found["gebruikelijk"], found["tekst"]) == ("juli 2026", 190, 15, words)
    # An ordinary July says nothing.
    ordinary = SeriesData("politie.od.1.2.3", "Fietsdiefstal", "count", "sum", _noordwijk_bikes(19), monitored=True)
    assert not build_picture(PictureInput("GM0575", "Noordwijk", 2026, None, [ordinary])).series[0].unusual


def test_a_first_month_far_from_the_years_before_and_only_in_a_year_added_up_from_months():
    from ivb.domain.observations import Point
    from ivb.domain.periods import parse
    from ivb.domain.plausibility import unusual_parts

    # Walk BG: Teylingen's January 40 where the years before held 27 to 51: the first month of the series.
    points = [Point(parse(str(y)), v) for y, v in ((2023, 40), (2024, 51), (2025, 27))] + [
        Point(parse("2026-01"), 40), Point(parse("2026-02"), 3), Point(parse("2026-03"), 2)]
    (found,) = unusual_parts(points, "count", {"2026-01", "2026-02", "2026-03"})
    assert (found.period, found.value, round(found.usual, 2)) == ("januari 2026", 40, 3.33)
    assert found.short == "Let op: januari 2026 (40) is veel meer dan gebruikelijk (ongeveer 3)."
    # A month the picture does not count (a year with a figure of its own, a year outside the trend's) is not said.
    assert unusual_parts(points, "count", {"2026-02", "2026-03"}) == []


def test_a_percentage_typed_as_a_fraction_or_with_a_huge_margin_is_asked_about(analyst):
    """Walk BQ: 0,334 for 33,4% replaced the stored figure with only "Bijgewerkt", and made a target "op koers"; a
    margin of 20 on 33,4 went unasked too."""
    surveys = (b"gebied,reeks,periode,waarde,status,bron,marge\n"
               b"GM0553,vm.slachtoffer_cybercrime,2019,31.5,definitief,Veiligheidsmonitor,2.1\n"
               b"GM0553,vm.slachtoffer_cybercrime,2021,29.8,definitief,Veiligheidsmonitor,2.3\n")
    assert import_observations("vm.csv", surveys, actor_name="test").ok
    report = import_observations("vm-2023.csv", b"gebied,reeks,periode,waarde,status,bron,marge\n"
                                 b"GM0553,vm.slachtoffer_cybercrime,2023,0.334,definitief,Veiligheidsmonitor,2.0\n",
                                 actor_name="test")
    assert report.ok and report.unusual == [
        "Slachtoffer van cybercrime 2023: 0,33% is veel lager dan de eerdere cijfers van deze reeks (de laagste: 18,4%). "
        "Is het als breuk ingevoerd, bedoeld als 33,4%? Zo ja, corrigeer het (met een reden)"]
    wide = import_observations("vm-2023b.csv", b"gebied,reeks,periode,waarde,status,bron,marge\n"
                               b"GM0553,vm.slachtoffer_cybercrime,2023,33.4,definitief,Veiligheidsmonitor,20\n",
                               actor_name="test")
    assert wide.ok and wide.unusual == ["Slachtoffer van cybercrime 2023: een marge van ±20 procentpunt is ruimer dan "
                                        "enquêtecijfers gewoonlijk hebben. Klopt het? Zo niet, corrigeer het (met een "
                                        "reden)"]
    ordinary = import_observations("vm-2025.csv", b"gebied,reeks,periode,waarde,status,bron,marge\n"
                                   b"GM0553,vm.slachtoffer_cybercrime,2025,31.0,definitief,Veiligheidsmonitor,2.0\n",
                                   actor_name="test")
    assert ordinary.ok and ordinary.unusual == []


def test_typos_of_one_month_in_one_file_do_not_make_that_month_usual(months):
    """Review: with Januaries of 20 stored, a file typing three Januaries as 200 had the third made usual by the
    first two, as ten typos once made each other usual (walk AE)."""
    more = "".join(f"GM0553,politie.geweld,2021-{m:02d},20,definitief,eigen telling\n" for m in range(1, 13))
    assert import_observations("2021.csv", ("gebied,reeks,periode,waarde,status,bron\n" + more).encode(),
                               actor_name="test").ok
    report = import_observations("januaris.csv", b"gebied,reeks,periode,waarde,status,bron\n"
                                 b"GM0553,politie.geweld,2022-01,200,definitief,eigen\n"
                                 b"GM0553,politie.geweld,2023-01,200,definitief,eigen\n"
                                 b"GM0553,politie.geweld,2024-01,200,definitief,eigen\n", actor_name="test")
    assert report.ok and len(report.unusual) == 3, report.unusual
