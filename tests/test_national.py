"""National comparison: rates, ranks, the weighted index, small municipalities left out; and on the
dashboard Lisse beside Hillegom, Teylingen, its police unit and the country, from real police data."""

from pathlib import Path

import io
import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from ivb.cli import main
from ivb.domain.national import IndexType, Municipality, compare_nationally
from ivb.store.models import Area
from tests.conftest import text

DATA = Path(__file__).parent / "data" / "opendata"


def test_the_index_is_100_for_the_country_and_weights_each_type():
    types = [IndexType("a", "A", 1), IndexType("b", "B", 3)]
    result = compare_nationally(2023, [
        Municipality("GM1", "Een", 10_000, {"a": 10, "b": 10}),   # rates 1.0 and 1.0
        Municipality("GM2", "Twee", 30_000, {"a": 90, "b": 10}),  # rates 3.0 and 0.333
        Municipality("GM3", "Klein", 2_000, {"a": 20, "b": 0}),   # under 5,000: rates shown, not ranked
    ], types)
    national = result.national_rates
    assert national["a"] == pytest.approx(1000 * 120 / 42_000) and national["b"] == pytest.approx(1000 * 20 / 42_000)
    one = result.standings["GM1"]
    expected = 100 * (1 * 1.0 / national["a"] + 3 * 1.0 / national["b"]) / 4
    assert one.index == pytest.approx(expected)
    assert (one.ranks, result.standings["GM2"].ranks) == ({"a": 2, "b": 1}, {"a": 1, "b": 2})
    small = result.standings["GM3"]
    assert small.rates["a"] == 10 and small.ranks == {} and small.index_rank is None
    assert result.too_small == ["GM3"] and result.ranked == 2
    assert {s.index_rank for s in (one, result.standings["GM2"])} == {1, 2}


def test_types_without_national_figures_are_left_out_and_named():
    types = [IndexType("a", "A", 1), IndexType("z", "Zonder cijfers", 5)]
    result = compare_nationally(2023, [Municipality("GM1", "Een", 10_000, {"a": 10}),
                                       Municipality("GM2", "Twee", 10_000, {"a": 30})], types)
    assert [t.code for t in result.types_used] == ["a"] and [t.name for t in result.types_missing] == ["Zonder cijfers"]
    assert result.standings["GM1"].index == pytest.approx(50) and result.standings["GM2"].index == pytest.approx(150)


@pytest.fixture
def country(demo):
    assert main(["opendata", "import", str(DATA / "47018NED_GM_2022-2023.csv.gz"), "--table", "47018NED"]) == 0
    assert main(["opendata", "import", str(DATA / "70072ned_GM_2022-2023.csv"), "--table", "70072ned"]) == 0


def test_the_dashboard_places_lisse_among_neighbours_unit_and_country(client, country, lisse_reader):
    client.force_login(lisse_reader)
    page = text(client.get("/gemeente/GM0553/2023/"))
    assert "Vergelijking met buren, eenheid en land (2023)" in page
    assert "Misdaadindex van Lisse:" in page and "(Nederland = 100)" in page
    for name in ("Lisse", "Hillegom", "Teylingen", "Politie-eenheid Den Haag", "Nederland"):
        assert f'<th scope="row">{name} <span class="provenance">' in page, name
    # The unit has no figures of its own: it is added up from its members, as the country is (the indicator page
    # did so already; the dashboard said "geen cijfers").
    unit = re.search(r"Politie-eenheid Den Haag: opgeteld uit (\d+) van de (\d+) gemeenten", page)
    assert unit and unit.group(1) == unit.group(2) and int(unit.group(2)) > 10
    assert "IVB heeft geen misdrijven met inwoners per politie-eenheid" not in page
    # All 342 municipalities of 2023 have figures, so the sum is the country (issue 12: "Nederland = 100" only
    # then; was "berekend uit de 342 gemeenten met cijfers in IVB").
    assert "Nederland: opgeteld uit alle 342 gemeenten" in page
    assert '<th scope="row">Hillegom <span class="provenance">buurgemeente, plaats' in page
    assert "Zonder landelijke cijfers en dus niet meegewogen: Zakkenrollerij, Straatroof, Overval." in page
    # Its size class as a row of its own, added up as the unit is (walk BO: a city's peers are its size).
    size = re.search(r'<th scope="row">Gemeenten met 20\.000 tot 50\.000 inwoners <span class="provenance">'
                     r'grootteklasse<sup>\d</sup></span></th>', page)
    assert size, "no row for the size class"
    assert re.search(r"Gemeenten met 20\.000 tot 50\.000 inwoners: opgeteld uit (\d+) van de \1 gemeenten", page)
    # Lisse 2023: 24 woninginbraken on 23,418 inhabitants = 1,0 per 1,000 (data.json, 47018NED and 70072ned).
    row = page.split('<tr class="subject">')[1].split("</tr>")[0]
    assert "<td>1,0</td>" in row


def test_the_monitored_table_says_among_whom_a_place_is_and_which_end_is_first(client, country, lisse_reader):
    client.force_login(lisse_reader)
    page = text(client.get("/gemeente/GM0553/2023/"))
    monitored = page.split('<h2 id="gevolgd">')[1].split("</section>")[0]
    places = re.findall(r'<span class="provenance">(plaats \d+ van \d+ [^<]+)</span>', monitored)
    assert places and all(not p.endswith(("van", "gemeenten ")) and re.search(r"van \d+ \D", p) for p in places)
    assert ("De plaats is die onder de gemeenten met cijfers van: buurgemeenten, Politie-eenheid Den Haag. Plaats 1 "
            "is de gemeente met het hoogste cijfer per 1.000 inwoners.") in monitored


def test_the_comparison_speaks_english_to_an_english_reader(client, country, lisse_reader):
    from django.conf import settings

    client.force_login(lisse_reader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = text(client.get("/gemeente/GM0553/2023/"))
    assert '<th scope="row">Hillegom <span class="provenance">neighbouring municipality, ' in page
    assert "Nederland: summed over all 342 municipalities" in page
    assert re.search(r"Politie-eenheid Den Haag: added up from (\d+) of the \1 municipalities", page)
    assert "buurgemeente, plaats" not in page and "opgeteld uit" not in page


def test_a_police_unit_figure_is_shown_when_imported(client, country, lisse_reader, tmp_path):
    # A test's own small file (not real figures): the unit's counts for the index types and its population.
    unit = tmp_path / "unit.csv"
    lines = ['"ID";"SoortMisdrijf";"RegioS";"Perioden";"GeregistreerdeMisdrijven_1"']
    lines += [f'"{i}";"{code} ";"RE06  ";"2023JJ00";"  2000"' for i, code in enumerate(
        ["1.1.1", "1.2.1", "1.2.2", "1.2.3", "1.4.4", "1.4.5", "2.2.1"])]
    unit.write_text("\n".join(lines) + "\n", encoding="utf-8")
    people = tmp_path / "people.csv"
    people.write_text('"ID";"RegioS";"Perioden";"TotaleBevolking_1"\n"1";"RE06  ";"2023JJ00";" 2000000"\n',
                      encoding="utf-8")
    assert main(["opendata", "import", str(unit), "--table", "47018NED", "--area", "RE06"]) == 0
    assert main(["opendata", "import", str(people), "--table", "70072ned", "--area", "RE06"]) == 0
    client.force_login(lisse_reader)
    page = text(client.get("/gemeente/GM0553/2023/"))
    row = page.split('<th scope="row">Politie-eenheid Den Haag')[1].split("</tr>")[0]
    assert row.count("<td>1,0</td>") == 7 and "geen cijfers" not in row


def test_no_comparison_without_definitive_figures(client, country, lisse_reader):
    client.force_login(lisse_reader)
    response = client.get("/gemeente/GM0553/2019/")
    assertContains(response, "Geen vergelijkingscijfers voor Lisse in dit jaar")  # says so instead
    assertNotContains(response, "Vergelijking met buren")


def test_with_the_countrys_own_figures_nederland_is_100(client, country, lisse_reader, tmp_path):
    import gzip

    for name, table_id in (("47018NED_GM_2022-2023.csv.gz", "47018NED"), ("70072ned_GM_2022-2023.csv", "70072ned")):
        plain = tmp_path / name.removesuffix(".gz")
        raw = (DATA / name).read_bytes()
        plain.write_bytes(gzip.decompress(raw) if name.endswith(".gz") else raw)
        assert main(["opendata", "import", str(plain), "--table", table_id, "--country"]) == 0
    client.force_login(lisse_reader)
    page = text(client.get("/gemeente/GM0553/2023/"))
    row = page.split('<th scope="row">Nederland <span class="provenance">')[1].split("</tr>")[0]
    assert "<td>100</td>" in row and "berekend uit" not in page


def test_a_small_municipality_is_shown_but_not_ranked(client, country, lisse_reader):
    from ivb.store.models import Observation

    from django.core.cache import cache

    Observation.objects.filter(series__key="cbs.inwoners", area__code="GM0553", period="2023").update(value=4000)
    cache.clear()  # an edit behind IVB's back does not change the data stamp the dashboard is cached on
    client.force_login(lisse_reader)
    page = text(client.get("/gemeente/GM0553/2023/"))
    assert "Te weinig inwoners voor een plaats in de rangorde." in page and "plaats None" not in page


def test_it_calls_the_baseline_the_country_only_when_every_type_is_in_for_everyone():
    from ivb.domain.national import baseline

    everyone = dict(own_country_figures=False, with_figures=342, in_country=342, policy_size=None)
    assert baseline(**everyone) == "Nederland"
    # every municipality has some figures, but one offence type only for a few: not the country
    assert baseline(**everyone, every_type=False) == "de 342 gemeenten met cijfers"
    assert baseline(**{**everyone, "own_country_figures": True}, every_type=False) == "Nederland"


def test_every_index_type_has_its_whole_name_and_heading():
    from ivb.store.national import index_config

    types, _ = index_config()
    bikes = next(t for t in types if t.code == "1.2.3")
    assert (bikes.name, bikes.short) == ("Diefstal van brom-, snor-, fietsen", "Fiets, brommer")
    assert all(t.name and t.short and t.weight > 0 for t in types) and len(types) == 10


@pytest.fixture
def lisse_only(demo):
    for name, table_id in (("47018NED_GM_2022-2023.csv.gz", "47018NED"), ("70072ned_GM_2022-2023.csv", "70072ned")):
        assert main(["opendata", "import", str(DATA / name), "--table", table_id, "--area", "GM0553"]) == 0


def test_with_only_its_own_figures_a_municipality_gets_no_index_and_no_rank(client, lisse_only, lisse_reader):
    """Imported for one municipality only (as the docs show for a start): its index would be 100 against itself
    and its place 1 of 1. The rates per 1.000 are shown, and what a comparison needs is said."""
    client.force_login(lisse_reader)
    page = text(client.get("/gemeente/GM0553/2023/"))
    assert ("Alleen misdrijven per 1.000 inwoners: voor een misdaadindex en een plaats in de rangorde zijn cijfers "
            "van andere gemeenten of van heel Nederland nodig, en IVB heeft alleen die van Lisse.") in page
    for claim in ("Misdaadindex van Lisse", "= 100", "Plaats 1 van 1", "plaats 1 van 1", "opgeteld uit 1 van de",
                  "De 1 gemeenten", "<td>100</td>"):
        assert claim not in page, claim
    row = page.split('<tr class="subject">')[1].split("</tr>")[0]
    assert "<td>1,0</td>" in row  # 24 woninginbraken on 23.418 inhabitants
    # The monitored table has the rate too, from Lisse's own population, as the report (walk S #3: a column of "–").
    monitored = page[page.index('id="gevolgd"'):page.index('id="vergelijking"')]
    woninginbraak = monitored[monitored.index("Woninginbraak"):].split("</tr>")[0]
    assert '<td class="rate" data-label="Per 1.000 inwoners">1,0<span class="provenance"></span></td>' in woninginbraak, woninginbraak[:900]
    download = client.get("/gemeente/GM0553/2023/download/vergelijking.csv").content.decode("utf-8-sig")
    assert "Geen misdaadindex en geen plaats" in download and "= 100" not in download


def test_a_figure_added_up_from_a_provisional_one_is_provisional(country, lisse_reader):
    """Walk U: the unit and the country, added up from the municipalities, read "definitief" in the download
    while one of the figures they were added up from was provisional."""
    from ivb.store.models import Area, Observation
    from ivb.web.tables import dashboard_national

    lisse = Area.objects.get(code="GM0553")
    status = {row[0]: row[-3] for row in dashboard_national(lisse, 2023).rows}
    assert status["Politie-eenheid Den Haag"] == status["Nederland"] == "definitief"
    Observation.objects.filter(area__code="GM0534", period="2023", series__key="politie.od.1.1.1").update(
        status=Observation.Status.PROVISIONAL)  # Hillegom's burglaries, as open data may publish them
    status = {row[0]: row[-3] for row in dashboard_national(lisse, 2023).rows}
    assert status["Hillegom"] == status["Politie-eenheid Den Haag"] == status["Nederland"] == "voorlopig"
    assert status["Lisse"] == status["Teylingen"] == "definitief"


def test_many_peers_fold_away_behind_the_municipality_and_its_reference_groups(client, country, tmp_path):
    """Walk AH: an indicator page listed all 76 municipalities of the police unit before the figures (8.600 px on a
    phone). Many peers now fold away; the municipality and the reference groups stay in view."""
    from django.contrib.auth import get_user_model

    from ivb.accounts.models import Membership, Role
    from ivb.store.models import Area

    policy = tmp_path / "teylingen.yaml"
    policy.write_text((Path(__file__).parent / "data" / "policies" / "minimal.yaml").read_text()
                      .replace("[GM0553]", "[GM1525]").replace("politie.jeugdoverlast", "politie.od.1.1.1")
                      .replace("baseline: {year: 2018, value: 132}", "baseline: {year: 2022}")
                      .replace("{start: 2020, end: 2023}", "{start: 2022, end: 2025}").replace("2019-12-19", "2021-12-16")
                      .replace("target_year: 2023", "target_year: 2025"))
    assert main(["policy", "import", str(policy)]) == 0
    reader = get_user_model().objects.create_user("lezer-t")
    Membership.objects.create(user=reader, municipality=Area.objects.get(code="GM1525"), role=Role.LEZER)
    client.force_login(reader)
    page = text(client.get("/gemeente/GM1525/2023/indicator/jeugdoverlast/"))
    folded = re.search(r"<summary>Alle (\d+) gemeenten</summary>", page)
    assert folded and int(folded.group(1)) > 12, page[page.find("Vergelijking"):][:600]
    before = page[page.find("<h2>Vergelijking</h2>"):folded.start()]
    assert before.count('<tr class="subject">') == 1 and "Teylingen" in before and "referentie" in before
    assert before.count("<tr") <= 5  # the municipality and a few reference groups, not the whole unit


def test_a_year_before_mergers_is_the_whole_country_on_todays_borders(reference):
    """Walk AT: 2021 had 352 municipalities; the police counts and the added-up population of today's 342 cover all
    of its land, so the baseline is the country, and its note says why 342 is all of them."""
    from importlib import resources

    from ivb.store.national import position

    for name, table in (("47018NED_GM_2012-2025.csv.gz", "47018NED"), ("70072ned_GM_2012-2025.csv.gz", "70072ned")):
        with resources.as_file(resources.files("ivb.demo").joinpath(name)) as path:
            assert main(["opendata", "import", str(path), "--table", table]) == 0

    found = position(Area.objects.get(code="GM0553"), 2021)
    assert found["baseline"] == "Nederland"
    country = next(line for line in found["lines"] if line["kind"] == "land")
    assert country["note"] == "opgeteld uit alle 342 gemeenten in de grenzen van nu (in 2021 waren het er 352)"


def test_an_island_is_told_why_it_has_no_neighbours(client, reference):
    """Walk AV: Schiermonnikoog's table had no neighbour rows and no word why."""
    from importlib import resources

    from tests.conftest import _user
    from ivb.accounts.models import Role

    for name, table in (("47018NED_GM_2012-2025.csv.gz", "47018NED"), ("70072ned_GM_2012-2025.csv.gz", "70072ned")):
        with resources.as_file(resources.files("ivb.demo").joinpath(name)) as path:
            assert main(["opendata", "import", str(path), "--table", table, *(a for code in (
                "GM0088", "GM0060", "GM0096", "GM0093", "GM0553") for a in ("--area", code))]) == 0
    client.force_login(_user("lezer-schier", Role.LEZER, "GM0088"))
    page = text(client.get("/gemeente/GM0088/2024/"))
    assert "Schiermonnikoog grenst aan geen andere gemeente: de tabel heeft daarom geen buurgemeenten." in page
    # Walk AX: under 5.000 inhabitants there is no place, so no words about what a place is among.
    assert "geen plaats: minder dan 5.000 inwoners" in page and "De plaats is die onder" not in page
    from ivb.report.content import build

    notes = " ".join(build(Area.objects.get(code="GM0088"), 2024).rate_notes)
    assert "Zonder plaats: Schiermonnikoog heeft minder dan 5.000 inwoners" in notes
    client.force_login(_user("lezer-lisse-n", Role.LEZER, "GM0553"))
    assert "grenst aan geen andere gemeente" not in text(client.get("/gemeente/GM0553/2024/"))


def test_an_index_on_few_crimes_says_how_far_chance_alone_moves_it(client, country, lisse_reader):
    """Walk BN: Vlieland's "Misdaadindex 71 (Nederland = 100)" rested on 21 crimes, and nothing said so; a council
    member read it as safer than the country."""
    from django.core.cache import cache

    from ivb.store.models import Observation

    client.force_login(lisse_reader)
    assert "door toeval" not in text(client.get("/gemeente/GM0553/2023/"))  # Lisse's index rests on hundreds
    Observation.objects.filter(series__key__startswith="politie.od.", area__code="GM0553", period="2023").update(value=2)
    cache.clear()  # an edit behind IVB's back does not change the data stamp the dashboard is cached on
    page = text(client.get("/gemeente/GM0553/2023/"))
    found = re.search(r"De index van Lisse rust op (\d+) misdrijven; alleen al door toeval valt hij 8 van de 10 keer "
                      r"binnen ongeveer (\d+)% hoger of lager dan zonder toeval\.", page)
    # Weighted by type, the index scatters more than its crimes added up would (1/√n): rare heavy types weigh most;
    # said as an 80% margin (walk BV: one sd read as the whole range).
    assert found and int(found.group(1)) < 100 and int(found.group(2)) > round(128 / int(found.group(1)) ** 0.5)
    download = client.get("/gemeente/GM0553/2023/download/vergelijking.csv").content.decode("utf-8-sig")
    assert found.group(0) in next(line for line in download.splitlines() if line.startswith("Lisse;"))


def test_the_report_gives_the_crime_index_as_the_dashboard_does(country, tmp_path):
    """Walks BO and BP: the dashboard had "Misdaadindex van Zaanstad: 98 (Nederland = 100). Plaats 62 van 337" with
    its neighbours, unit, size class and country; the report, the council's own copy, had none of it."""
    from docx import Document

    from ivb.report.content import build
    from ivb.report.render import to_docx, to_html
    from ivb.store.models import Area
    from ivb.store.national import position

    lisse = Area.objects.get(code="GM0553")
    content = build(lisse, 2023)
    index = round(position(lisse, 2023)["subject"].index)
    assert content.index_text.startswith(f"Misdaadindex van Lisse: {index} (Nederland = 100). Plaats ")
    rows = {name: (kind, value) for name, kind, value in content.index_rows}
    assert rows["Lisse"][1] == str(index) and rows["Lisse"][0].startswith("gemeente, plaats ")
    assert {"Hillegom", "Teylingen", "Politie-eenheid Den Haag", "Nederland"} <= set(rows)
    assert rows["Gemeenten met 20.000 tot 50.000 inwoners"][0] == "grootteklasse"
    html = to_html(content)
    assert '<table class="index">' in html and content.index_text in html
    docx = Document(io.BytesIO(to_docx(content)))
    assert "Vergelijking met buren, eenheid en land" in [p.text for p in docx.paragraphs]
    # The index beside the name: on a phone the third column is off-screen (a screenshot at 390 px)
    assert any(t.rows[0].cells[0].text == "Gebied" and t.rows[0].cells[1].text == "Index" for t in docx.tables)
    assert '<th scope="col" class="num">Index</th><th scope="col">Soort</th>' in html


def test_a_year_of_more_municipalities_counts_the_missing_ones_on_todays_borders():
    """Walk BW: "415 gemeenten in 2012, van 337 zijn cijfers in IVB" suggested 78 missing; 5 of today's 342 were."""
    from ivb.store.national import _missing_note

    assert _missing_note(2012, 415, 342, 337) == ("geen landelijk cijfer: van de 342 gemeenten in de grenzen van nu "
                                                  "(in 2012 waren het er 415) heeft IVB er 337 met cijfers")
    assert _missing_note(2023, 342, 342, 3) == "geen landelijk cijfer: 342 gemeenten in 2023, van 3 zijn cijfers in IVB"


def test_an_index_on_one_crime_is_not_said_to_move_by_more_than_all_of_it():
    """Review: one crime gave "ongeveer 128% hoger of lager", and nothing can be 128% lower."""
    from ivb.domain.national import IndexType
    from ivb.store.national import _chance_words

    kind = IndexType("1.1.1", "Woninginbraak", 1.0)
    words = _chance_words("Vlieland", {kind: 1.0}, {"1.1.1": 1.2})
    assert words == ("De index van Vlieland rust op 1 misdrijven: zo weinig dat alleen al toeval hem kan verdubbelen "
                     "of tot bijna niets kan laten zakken.")
    assert "binnen ongeveer 41% hoger of lager" in _chance_words("Vlieland", {kind: 10.0}, {"1.1.1": 1.2})
