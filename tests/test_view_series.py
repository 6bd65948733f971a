"""The series page: any stored series of a municipality by name (the policy's, the monitored set, open data),
with its chart, its figures and their provenance; every figure links to it, and to its correction for those
who may enter figures."""

import re

import pytest

from ivb.store.models import Observation, Series
from tests.conftest import text


@pytest.fixture
def woninginbraken(demo):
    return Series.objects.get(key="politie.woninginbraken")


def test_it_shows_woninginbraken_by_name_with_chart_and_provenance(client, woninginbraken, lisse_reader):
    client.force_login(lisse_reader)
    page = text(client.get(f"/gemeente/GM0553/reeksen/{woninginbraken.pk}/"))
    assert "<h1>Woninginbraken</h1>" in page
    assert '<svg class="chart wide"' in page and '<svg class="chart narrow"' in page and "Woninginbraken in Lisse" in page
    assert re.search(r'<th scope="row">2015</th> <td class="figure"><strong>60</strong>', page)
    assert "Alle cijfers in deze tabel zijn vastgelegd door ivb-demo op " in page
    assert "Vastgelegd door ivb-demo" not in page  # not again on each row
    assert "politie.woninginbraken" not in page  # the name, never the key
    assert "corrigeren" not in page  # a lezer does not enter figures


def test_an_analist_finds_the_correction_of_each_current_figure(client, woninginbraken, analyst):
    client.force_login(analyst)
    page = client.get(f"/gemeente/GM0553/reeksen/{woninginbraken.pk}/").content.decode()
    current = Observation.objects.get(series=woninginbraken, area__code="GM0553", period="2015",
                                      superseded_at__isnull=True)
    link = f"/gemeente/GM0553/cijfers/{current.pk}/corrigeren/"
    assert f'href="{link}"' in page
    assert client.get(link).status_code == 200


def test_the_dashboard_tables_link_every_series_to_its_page(client, woninginbraken, lisse_reader):
    client.force_login(lisse_reader)
    page = text(client.get("/gemeente/GM0553/2019/"))
    assert f'<a href="/gemeente/GM0553/reeksen/{woninginbraken.pk}/?jaar=2019">Woninginbraken</a>' in page


def test_a_series_without_figures_here_and_an_outsider_get_404(client, woninginbraken, lisse_reader, outsider):
    client.force_login(lisse_reader)
    empty = Series.objects.exclude(observations__area__code="GM0553").first()
    assert client.get(f"/gemeente/GM0553/reeksen/{empty.pk}/").status_code == 404
    assert client.get("/gemeente/GM0553/reeksen/999999/").status_code == 404
    client.force_login(outsider)
    assert client.get(f"/gemeente/GM0553/reeksen/{woninginbraken.pk}/").status_code == 404


def test_the_header_names_every_source_of_the_figures_with_their_years(client, woninginbraken, lisse_reader):
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    client.force_login(lisse_reader)
    url = f"/gemeente/GM0553/reeksen/{woninginbraken.pk}/"
    assert "Bron: Politie-eenheid Den Haag" in text(client.get(url))  # who gave every figure, not the series' kind
    result = enter_observation(Area.objects.get(code="GM0553"), {
        "series": "politie.woninginbraken", "period": "2026 t/m september", "value": "21", "status": "voorlopig",
        "source": "Politie (via CBS)"}, actor_name="adviseur")
    assert not result.errors
    assert "Bronnen: Politie-eenheid Den Haag (2014–2019); Politie (via CBS) (2026)" in text(client.get(url))


def test_a_survey_figure_shows_the_margin_its_source_states(client, demo, lisse_reader):
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    result = enter_observation(Area.objects.get(code="GM0553"), {
        "series": "vm.slachtoffer_geweld", "period": "2021", "value": "4,6", "margin": "1,2", "status": "definitief",
        "source": "Veiligheidsmonitor"}, actor_name="adviseur")
    assert not result.errors
    client.force_login(lisse_reader)
    series = Series.objects.get(key="vm.slachtoffer_geweld")
    page = text(client.get(f"/gemeente/GM0553/reeksen/{series.pk}/"))
    assert re.search(r'<th scope="row">2021</th> <td class="figure"><strong>4,6% \(±1,2 procentpunt\)</strong>', page)
    assert re.search(r'<th scope="row">2017</th> <td class="figure"><strong>5,1%</strong>', page)  # no margin known: none shown


def test_it_shows_the_year_of_the_page_it_was_reached_from(client, demo, lisse_reader):
    """From the dashboard of 2017 the series page shows the trend of 2017, as the dashboard did, not the newest
    (walk P #4); an unusable or outside year shows the years there are."""
    import re

    from ivb.store.models import Series

    client.force_login(lisse_reader)
    pk = Series.objects.get(key="politie.jeugdoverlast").pk
    dashboard = client.get("/gemeente/GM0553/2017/").content.decode()
    assert f'href="/gemeente/GM0553/reeksen/{pk}/?jaar=2017"' in dashboard

    def shown(query: str) -> tuple[str, str]:
        page = re.sub(r"\s+", " ", client.get(f"/gemeente/GM0553/reeksen/{pk}/{query}").content.decode())
        verdict = re.search(r"<dt>Oordeel</dt><dd>([^<]+)</dd>", page)
        return (re.search(r'<a href="/gemeente/GM0553/\d+/">(Lisse \d+)</a> › Jeugdoverlast', page).group(1),
                verdict.group(1) if verdict else "")

    assert shown("?jaar=2017") == ("Lisse 2017", "geen duidelijke richting")
    page = text(client.get(f"/gemeente/GM0553/reeksen/{pk}/?jaar=2017"))
    assert "De grafiek en de trend gaan tot en met 2017; de tabel bevat ook de cijfers daarna." in page
    assert "dezelfde cijfers" not in page  # the table holds more than the chart: not "the same figures"
    assert "tot en met 2019; de tabel" not in text(client.get(f"/gemeente/GM0553/reeksen/{pk}/"))
    assert shown("") == ("Lisse 2019", "dalend")
    assert shown("?jaar=2099") == shown("?jaar=twee") == ("Lisse 2019", "dalend")
    assert shown("?jaar=1950") == ("Lisse 2014", "")  # the first figure: no trend yet
    # Reached from a later year than the series reaches, the page stays in that year: its way back and its
    # indicators lead there (walks BH, BJ: from the 2026 dashboard, a series ending in 2025 led to 2025's pages).
    later = re.sub(r"\s+", " ", client.get(f"/gemeente/GM0553/reeksen/{pk}/?jaar=2021").content.decode())
    assert '<a href="/gemeente/GM0553/2021/">Lisse 2021</a> › Jeugdoverlast' in later
    assert '/gemeente/GM0553/2021/indicator/' in later and '/gemeente/GM0553/2019/indicator/' not in later
    assert re.search(r"<dt>Oordeel</dt><dd>dalend</dd>", later)  # the series itself as far as it reaches


def test_a_year_under_way_is_estimated_on_the_series_page_too(client, demo, lisse_reader):
    """The whole year expected, with its monthly pattern, as on the indicator page (walk N #5)."""
    from ivb.store.models import Series

    client.force_login(lisse_reader)
    pk = Series.objects.get(key="politie.woninginbraken").pk
    page = text(client.get(f"/gemeente/GM0553/reeksen/{pk}/"))
    assert ("Van januari tot en met september 2019 waren het er 21. Heel 2019 is voorbij, maar de latere maanden zijn er niet; met die maanden geschat: ongeveer 30 "
            "(80%-interval 26–35).</p>") in page
    # The monthly pattern is named on the line that opens how it was estimated, and explained behind it.
    assert ('<details class="why how"><summary>Hoe geschat: landelijk maandpatroon van woninginbraken (Politie via CBS, '
            '2012–2023)</summary><p>Daarbij gaan we uit van het maandpatroon: landelijk maandpatroon van '
            'woninginbraken') in page
    # The chart draws it too, as the indicator page does (walk BA: only an open dot below the year before).
    chart = page[page.index('<svg class="chart wide"'):page.index("</svg>", page.index('<svg class="chart wide"'))]
    assert "verwachting 2019 met marge" in chart


def test_the_series_page_says_which_month_is_missing(client, analyst):
    # Walk AE: the series page listed "december 2023: 18" but counted 2023 to October without saying why.
    from ivb.store.models import Series
    from ivb.store.observation_import import import_observations
    from tests.conftest import text

    rows = "".join(f"GM0553,politie.geweld,2020-{m:02d},20,definitief,eigen telling\n" for m in range(1, 13) if m != 11)
    assert import_observations("maanden.csv", ("gebied,reeks,periode,waarde,status,bron\n" + rows).encode(),
                               actor_name="test").ok
    client.force_login(analyst)
    pk = Series.objects.get(key="politie.geweld").pk
    page = text(client.get(f"/gemeente/GM0553/reeksen/{pk}/?jaar=2020"))
    assert "Let op: van 2020 ontbreekt november; het cijfer van 2020 telt de andere maanden." in page
    assert "2020 zonder november" in page  # December counts (walks AY, BA): eleven months, not ten


def test_a_correction_names_its_maker_by_full_name(client, woninginbraken, analyst):
    """Walk AL: a correction read "Vastgelegd door analist-om" beside users given full names for the reports."""
    from ivb.accounts.services import set_full_name

    set_full_name(analyst, "Anna Analist")
    client.force_login(analyst)
    old = Observation.objects.get(series=woninginbraken, area__code="GM0553", period="2015", superseded_at__isnull=True)
    client.post(f"/gemeente/GM0553/cijfers/{old.pk}/corrigeren/", {
        "value": "61", "status": "definitief", "source": "Politie", "document": "", "reference": "", "margin": "",
        "note": "", "reason": "nagekomen aangifte"})
    page = text(client.get(f"/gemeente/GM0553/reeksen/{woninginbraken.pk}/"))
    assert "Vastgelegd door Anna Analist op" in page and "Vastgelegd door analist-lisse" not in page


def test_an_open_data_series_is_headed_by_the_name_the_dashboard_gives_it(client, demo, lisse_reader):
    """Walk BD: "Diefstal van brom-, snor-, fietsen (politie open data, misdrijven)" as the heading of what the
    dashboard and the sentences call "Fietsdiefstal (ook brom- en snorfietsen)"."""
    from pathlib import Path

    from ivb.cli import main
    from ivb.store.models import Series

    police = Path(__file__).parent / "data" / "opendata" / "47018NED_HLT_2012-2025.csv"
    assert main(["opendata", "import", str(police), "--table", "47018NED"]) == 0
    client.force_login(lisse_reader)
    pk = Series.objects.get(key="politie.od.1.2.3").pk
    page = text(client.get(f"/gemeente/GM0553/reeksen/{pk}/"))
    assert "<h1>Fietsdiefstal (ook brom- en snorfietsen)</h1>" in page
    assert "<title>Fietsdiefstal (ook brom- en snorfietsen) – Lisse – IVB</title>" in page
    assert "politie open data" not in page.split("<h1>")[1].split("</h1>")[0]


def test_the_figures_table_puts_months_before_the_part_of_the_year_they_add_up_to(client, demo, lisse_reader):
    """Walk BD: "2026 t/m november" stood after "januari 2026", before February, as if it came first."""
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area, Series

    lisse = Area.objects.get(code="GM0553")
    for period, value in (("2020-02", 2), ("2020-01", 3), ("2020-tm02", 5), ("2020-03", 4)):
        assert not enter_observation(lisse, {"series": "politie.woninginbraken", "period": period, "value": str(value),
                                             "status": "voorlopig", "source": "Politie"}, actor_name="adviseur").errors
    client.force_login(lisse_reader)
    pk = Series.objects.get(key="politie.woninginbraken").pk
    page = text(client.get(f"/gemeente/GM0553/reeksen/{pk}/?jaar=2020"))
    table = page[page.index('<h2 id="tabel">'):]
    rows = [table.index(f'<th scope="row">{label}') for label in ("2019 t/m september", "januari 2020", "februari 2020",
                                                     "2020 t/m februari", "maart 2020")]
    assert rows == sorted(rows)
