"""The sources page: the policy's figures beside open data, each labelled with its source; links changed only
by those who enter figures."""

import re
from pathlib import Path

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from ivb.cli import main
from ivb.store.models import SeriesLink
from tests.conftest import text


def figures(response) -> str:
    """The page text without the links after each figure (to its series page and its correction)."""
    return re.sub(r' <a class="figure-link" href="[^"]*">[^<]*</a>', "", text(response))

DATA = Path(__file__).parent / "data" / "opendata"
URL = "/gemeente/GM0553/bronnen/"


@pytest.fixture
def imported(demo):
    assert main(["opendata", "import", str(DATA / "47018NED_HLT_2012-2025.csv"), "--table", "47018NED",
                 "--area", "GM0553"]) == 0
    assert main(["opendata", "import", str(DATA / "83648NED_UntypedDataSet_17052018_141347.csv.gz"),
                 "--area", "GM0553"]) == 0


def test_it_shows_both_figures_for_misdrijven_labelled_by_source(client, imported, lisse_reader):
    client.force_login(lisse_reader)
    page = figures(client.get(URL))
    assert "Misdrijven naast Misdrijven, totaal (CBS, geregistreerde misdrijven)" in page
    # 2015: the police's 12-month report says 947, CBS's registered crime 965. Both shown, with the difference.
    assert "<th scope=\"row\">2015</th> <td>947</td> <td>965</td> <td>+18</td>" in page  # signed, as readers write it
    assert "Politie-eenheid Den Haag" in page and "CBS, tabel 83648NED" in page


def test_it_shows_woninginbraken_equal_in_both(client, imported, lisse_reader):
    client.force_login(lisse_reader)
    page = figures(client.get(URL))
    assert "Woninginbraken naast Diefstal/inbraak woning (politie open data, misdrijven)" in page
    for year, value in ((2014, 46), (2015, 60), (2016, 38), (2017, 38), (2018, 30)):
        assert f"<th scope=\"row\">{year}</th> <td>{value}</td> <td>{value}</td> <td>gelijk</td>" in page
    assert "<th scope=\"row\">2024</th> <td>–</td> <td>23 <span class=\"tag\">voorlopig</span></td>" in page


def test_an_analist_links_and_unlinks_a_series(client, imported, analyst):
    client.force_login(analyst)
    client.post(URL, {"series_key": "politie.geweld", "other_key": "politie.od.1.4.5"})
    assert SeriesLink.objects.filter(series_key="politie.geweld", other_key="politie.od.1.4.5", hidden=False).exists()
    assert "Geweld naast Mishandeling" in text(client.get(URL))
    client.post(URL, {"act": "unlink", "series_key": "politie.woninginbraken", "other_key": "politie.od.1.1.1"})
    response = client.get(URL)
    assertContains(response, "<caption>Geweld naast Mishandeling (politie open data, misdrijven)</caption>",
                   html=True)  # the other link stays
    assertNotContains(response, "Woninginbraken naast")


def test_the_page_has_its_crumbs_and_two_figures_read_as_two_years(client, demo, lisse_reader):
    """Walk T #11: no breadcrumb on this page alone; "2 cijfers: 2023 tot en met 2025" read as a run of years."""
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    area = Area.objects.get(code="GM0553")
    for period, value in (("2019", "7,2"), ("2021", "7,4")):  # the rapportcijfer has 2017 from the policy
        assert not enter_observation(area, {"series": "vm.rapportcijfer_veiligheid_buurt", "period": period,
                                            "value": value, "status": "definitief", "source": "Veiligheidsmonitor"},
                                     actor_name="adviseur").errors
    client.force_login(lisse_reader)
    page = text(client.get(URL))
    assert ('<p class="crumbs"><a href="/">Gemeenten</a> › <a href="/gemeente/GM0553/">Lisse</a> › Bronnen</p>'
            in page)
    assert "<td>3 cijfers: 2017 tot en met 2021</td>" in page
    Observation = area.observations.model
    Observation.objects.filter(area=area, series__key="vm.rapportcijfer_veiligheid_buurt", period="2019").delete()
    assert "<td>2 cijfers: 2017 en 2021</td>" in text(client.get(URL))


def test_a_lezer_cannot_change_links(client, imported, lisse_reader):
    client.force_login(lisse_reader)
    response = client.get(URL)
    assertContains(response, "<caption>Misdrijven naast Misdrijven, totaal (CBS, geregistreerde misdrijven)"
                             "</caption>", html=True)  # the figures, without the form to change them
    assertNotContains(response, "Een koppeling toevoegen")
    assert client.post(URL, {"series_key": "politie.geweld", "other_key": "politie.od.1.4.5"}).status_code == 403
    assert not SeriesLink.objects.exists()


def test_an_outsider_gets_404(client, imported, outsider):
    client.force_login(outsider)
    assert client.get(URL).status_code == 404


def test_the_indicator_page_shows_the_other_source_beside_its_own(client, demo, lisse_reader, tmp_path):
    # The test's own small file: jeugdoverlast 2015 as the policy gives it, 2016 one higher.
    nuisance = tmp_path / "overlast.csv"
    nuisance.write_text('"ID";"SoortOverlast";"WijkenEnBuurten";"Perioden";"GeregistreerdeOverlast_1"\n'
                        '"1";"E35   ";"GM0553    ";"2015JJ00";"   208"\n"2";"E35   ";"GM0553    ";"2016JJ00";"   135"\n',
                        encoding="utf-8")
    assert main(["opendata", "import", str(nuisance), "--table", "47024NED"]) == 0
    client.force_login(lisse_reader)
    page = figures(client.get("/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/"))
    assert "Hetzelfde uit een andere bron: Melding overlast jeugd (politie open data, overlast)" in page
    assert '<th scope="row">2015</th> <td>208</td> <td>208</td> <td>gelijk</td>' in page
    assert '<th scope="row">2016</th> <td>134</td> <td>135</td> <td>+1</td>' in page


POLICIES = Path(__file__).parent / "data" / "policies"


@pytest.fixture
def heemstede(demo):
    """Heemstede with its own (joint) policy, measured by police open data: 47018NED read (getting-started's
    example file), no nuisance table (47024NED)."""
    from ivb.accounts.models import Role
    from tests.conftest import _user

    assert main(["policy", "import", str(POLICIES / "joint-zuid-kennemerland.yaml")]) == 0
    assert main(["opendata", "import", str(DATA / "47018NED_ZK_2012-2025.csv"), "--table", "47018NED"]) == 0
    return _user("lezer-heemstede", Role.LEZER, "GM0397")


def test_another_municipality_sees_its_own_policy_series_not_lisses_and_no_keys(client, heemstede):
    client.force_login(heemstede)
    page = figures(client.get("/gemeente/GM0397/bronnen/"))
    # Its own policy's series, with their source and what is there.
    row = page.split("Vernieling cq. zaakbeschadiging (politie open data, misdrijven)")[1].split("</tr>")[0]
    assert "Politie (via CBS), tabel 47018NED" in row and "14 cijfers: 2012 tot en met 2025" in row
    assert "Drugshandel (politie open data, misdrijven)" in page
    # A code the imported table lacks, and a table not imported at all, each said as it is.
    row = page.split("Ongevallen (weg) (politie open data, misdrijven)")[1].split("</tr>")[0]
    assert "deze soort staat niet in de ingelezen open data van deze gemeente" in row
    row = page.split("Melding overlast jeugd (politie open data, overlast)")[1].split("</tr>")[0]
    assert "uit deze bron is voor deze gemeente nog niets ingelezen" in row
    # Not the series the built-in links were made for (Lisse's), and never a key.
    for lisse in ("Jeugdoverlast", "Winkeldiefstallen", "Voelt zich onveilig thuis", "gekoppeld aan"):
        assert lisse not in page
    assert not re.search(r"\b(politie\.od|cbs\.misdrijven|vm\.od)\.", page)
    assert "Nog geen open data voor deze gemeente geïmporteerd" not in page


def test_a_linked_series_that_was_never_imported_is_named_not_keyed(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    page = figures(client.get(URL))  # the demo has no nuisance table and no Veiligheidsmonitor download
    assert "Melding overlast jeugd (politie open data, overlast): uit deze bron is voor deze gemeente nog niets " \
           "ingelezen." in page
    assert "In eigen huis (CBS, Veiligheidsmonitor)" in page
    assert not re.search(r"\b(politie\.od|cbs\.misdrijven|vm\.od)\.", page)


def test_a_series_row_names_every_source_its_figures_came_from(client, demo, lisse_reader):
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    client.force_login(lisse_reader)
    row = lambda: re.search(r">Woninginbraken</a> .*?</th>(.*?)</tr>", text(client.get(URL))).group(1)
    assert "<td>Politie-eenheid Den Haag</td>" in row()  # who gave every figure
    result = enter_observation(Area.objects.get(code="GM0553"), {
        "series": "politie.woninginbraken", "period": "2026 t/m september", "value": "21", "status": "voorlopig",
        "source": "Politie (via CBS)"}, actor_name="adviseur")
    assert not result.errors
    assert "<td>Politie-eenheid Den Haag (2014–2019); Politie (via CBS) (2026)</td>" in row()


def test_it_says_which_figure_the_picture_shows_and_what_the_target_is_judged_on(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    page = text(client.get(URL))
    assert ("Op het veiligheidsbeeld staat bij een indicator het nieuwste cijfer van de twee, met zijn bron en de trend "
            "van die bron; of het doel gehaald wordt, beoordeelt IVB op de cijfers van het beleid zelf.") in page
    assert "kiest er geen" not in page  # the dashboard does choose: the newest


def test_a_series_with_a_whole_year_and_its_months_ends_at_the_year(client, demo, lisse_reader):
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    lisse = Area.objects.get(code="GM0553")
    for period, value in (("2022-10", "6"), ("2022", "70")):
        assert not enter_observation(lisse, {"series": "politie.geweld", "period": period, "value": value,
                                             "status": "definitief", "source": "Politie"}, actor_name="t").errors
    client.force_login(lisse_reader)
    page = text(client.get(URL))
    row = page[page.index(">Geweld<"):][:2000]
    assert "tot en met 2022" in row and "tot en met oktober 2022" not in row


def test_a_series_that_ends_in_a_year_so_far_ends_at_its_month(client, demo, lisse_reader):
    # Walk AQ: "15 cijfers: 2012 tot en met 2026 t/m oktober".
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    assert not enter_observation(Area.objects.get(code="GM0553"), {
        "series": "politie.geweld", "period": "2020 t/m oktober", "value": "40", "status": "definitief",
        "source": "Politie"}, actor_name="t").errors
    client.force_login(lisse_reader)
    page = text(client.get(URL))
    row = page[page.index(">Geweld<"):][:2000]
    assert "tot en met oktober 2020" in row and "t/m oktober" not in row


def test_a_figure_typed_with_a_shorter_source_is_not_taken_for_the_tables():
    """Walk T #11: a year-to-date burglary figure entered by hand with source "Politie" into the open-data series
    of the policy was listed under "tabel 47018NED" alone: "Politie" is the beginning of "Politie (via CBS), tabel
    47018NED". Only the series' own source, or its publisher before the table number, is the same source."""
    from ivb.store.links import other_sources

    defined = "Politie (via CBS), tabel 47018NED"
    assert other_sources(defined, {"Politie (via CBS)": [2012, 2025], defined: [2024]}) == []
    assert other_sources(defined, {"Politie (via CBS)": [2012, 2025], "Politie": [2026]}) == [
        ("Politie (via CBS)", "2012–2025"), ("Politie", "2026")]


def test_a_series_two_indicators_measure_by_is_listed_once(client, demo, tmp_path):
    """Walk of 4 December: a joint plan measuring vandalism per municipality and for the three together listed
    the series twice, as two identical rows."""
    from ivb.accounts.models import Role
    from tests.conftest import _user

    policy = (POLICIES / "joint-zuid-kennemerland.yaml").read_text(encoding="utf-8")
    assert policy.count("series: politie.od.1.1.1") == 1
    path = tmp_path / "beleid.yaml"
    path.write_text(policy.replace("series: politie.od.1.1.1", "series: politie.od.2.2.1"), encoding="utf-8")
    assert main(["policy", "import", str(path)]) == 0
    client.force_login(_user("lezer-heemstede", Role.LEZER, "GM0397"))
    page = figures(client.get("/gemeente/GM0397/bronnen/"))
    assert page.count("<th scope=\"row\">Vernieling cq. zaakbeschadiging (politie open data, misdrijven)") == 1


def test_every_series_link_on_the_page_opens_a_page(client, imported, lisse_reader):
    """A phone walk of 4 December: six series without figures in Lisse (the register's counts, a survey figure)
    were links to a page that does not exist (404)."""
    client.force_login(lisse_reader)
    page = text(client.get(URL))
    links = set(re.findall(r'href="(/gemeente/GM0553/reeksen/\d+/[^"]*)"', page))
    assert len(links) > 5
    for link in sorted(links):
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link
    assert "Sluitingen van panden" in page  # named, without a link
    assert not re.search(r'<a href="[^"]*">Sluitingen van panden', page)
