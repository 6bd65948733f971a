"""The indicator page: chart with target and projection, the data table with provenance, the trend, the text."""

import re

import pytest


@pytest.fixture
def page(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    response = client.get("/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_it_draws_the_history_with_target_line_projection_and_partial_year(page):
    # Twice: for a laptop (640 px) and for a phone (340 px); the stylesheet shows one.
    charts = re.findall(r"<svg class=\"chart (wide|narrow)\"[^>]* width=\"(\d+)\".*?</svg>", page)
    assert charts == [("wide", "640"), ("narrow", "340")]
    for svg in re.findall(r"<svg class=\"chart (?:wide|narrow)\".*?</svg>", page):
        assert 'class="target"' in svg and "doel 132" in svg
        assert 'class="projection-band"' in svg and 'class="partial"' in svg and "2019 t/m september" in svg
        assert '<title>Meldingen jeugdoverlast - aantal in Lisse</title>' in svg
        assert 'aria-label="Meldingen jeugdoverlast - aantal in Lisse"' in svg


def test_it_gives_the_years_the_band_passes_through_in_words(page):
    caption = re.search(r"<figcaption>(.*?)</figcaption>", page).group(1)
    assert re.search(r"De band toont de verwachting tot 2023 \(80%-interval\)\. Daartussen, met 80%-interval: 2020 "
                     r"ongeveer \d+ \(\d+–\d+\), 2021 ongeveer \d+ \(\d+–\d+\) en 2022 ongeveer \d+ \(\d+–\d+\)\.",
                     caption), caption
    assert "verwachting 2020–2023 met marge" in page


def test_it_has_the_data_table_with_provenance(page):
    assert re.search(r'<th scope="row">2014</th> <td class="figure"><strong>235</strong> <a class="figure-link" '
                     r'href="/gemeente/GM0553/reeksen/\d+/\?jaar=2019">alle cijfers</a></td> <td class="state">definitief</td>',
                     page)
    assert "2019 t/m september <span class=\"tag\">deel van het jaar</span>" in page
    assert "Bestuurlijke 12-maandsrapportage 2018 (IVB Lisse 2020-2023, §2 Veiligheidsbeeld Lisse, tabel)" in page
    # Every figure recorded alike (one import): said once under the table, not on each of its rows (a phone walk:
    # fourteen times "Vastgelegd door ivb-demo op …, import lisse-observations.csv").
    assert page.count("Alle cijfers in deze tabel zijn vastgelegd door ivb-demo op ") == 1
    assert ", import lisse-observations.csv.</p>" in page and "Vastgelegd door ivb-demo" not in page
    assert '<span class="provenance">Januari t/m september 2019, geen volledig jaar.</span>' in page  # a row's own note


def test_on_a_phone_the_provenance_stands_under_the_figure(page):
    """At 390 px the column Herkomst was cut off mid-word and each row was some 280 px tall: below 40 rem the rows
    stack (ivb.css: table.stack.history), the provenance under the figure at the full width, headed "Herkomst"."""
    table = page[page.index('<h2 id="tabel">'):]
    assert table.split("</h2>", 1)[1].lstrip().startswith('<div class="scroll"> <table class="indicators stack history">')
    assert '<td class="origin" data-label="Herkomst">Politie-eenheid Den Haag, Bestuurlijke 12-maandsrapportage 2014' in table


def test_it_shows_the_trend_statistics_and_the_plain_dutch(page):
    assert "<dt>Oordeel</dt><dd>dalend</dd>" in page
    assert "\u221213,0% (90%-interval \u221220,6% tot \u22124,7%)" in page
    assert "Van 2014 tot en met 2019 daalt het aantal: gemiddeld 13,0% minder per jaar" in page
    assert "Wat betekenen deze getallen?" in page  # the 90%-interval and the p-value, explained beside them
    # The year-to-date figure is one of the measurements, and says so (walk T: "Metingen 7 (2020–2026)").
    assert "<dt>Metingen</dt><dd>6 (2014–2019; 2019 t/m september als deel van een jaar)</dd>" in page
    assert "IVB noemt een reeks stijgend of dalend als het 90%-interval geen nul bevat" in page


def test_it_says_what_the_status_and_its_chance_mean(page):
    # "risico" beside a chance of 66%: the reader is told where op koers begins.
    assert '<span class="status warn">risico</span>' in page and "gehaald wordt: 66%" in page
    assert "<summary>Wat betekent de stand?</summary>" in page
    assert "<dt>risico</dt><dd>de kans ligt tussen 30% en 70%." in page
    assert "<dt>op koers</dt><dd>de kans dat het doel gehaald wordt is 70% of meer: bij een aantal met een trend" in page
    assert "<dt>80%-interval</dt><dd>het interval is zo gemaakt dat het echte aantal 8 van de 10 keer tussen deze grenzen valt." in page
    # A starting measurement that already meets the target reads "op koers" (the newest figure meets it); the
    # legend's "risico" is for one that does not yet (a phone walk of 4 December read the two as contradicting).
    assert "er is alleen een beginmeting die het doel nog niet haalt, of het cijfer komt dichter bij het doel" in page


def test_a_projection_far_ahead_says_how_old_its_newest_figure_is(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/2023/indicator/meldingen-jeugdoverlast/").content.decode())
    assert ("gehaald wordt: 66%; het nieuwste cijfer is van 2019 t/m september (81, meegerekend als deel van 2019): "
            "de verwachting reikt 4 jaar verder") in page


def test_an_unknown_indicator_is_404_and_outsiders_see_nothing(client, demo, lisse_reader, outsider):
    client.force_login(lisse_reader)
    assert client.get("/gemeente/GM0553/2019/indicator/bestaat-niet/").status_code == 404
    client.force_login(outsider)
    assert client.get("/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/").status_code == 404


def test_it_says_how_the_rest_of_the_partial_year_was_projected(page):
    """The estimate first; how it was made one click away, right below it, with the pattern named on that line
    (walk BC: eight numbers in one paragraph on a phone)."""
    assert "Heel 2019 is voorbij, maar de latere maanden zijn er niet; met die maanden geschat: ongeveer 109 (80%-interval 98–122).</p>" \
           '<details class="why how"><summary>Hoe geschat: gelijke verdeling over de maanden</summary><p>Van deze cijfers ' \
           "is geen maandpatroon bekend. Daarom gaan we uit van een gelijke verdeling over de maanden (januari tot en " \
           "met september is dan 75% van een jaar), met een ruimere marge.</p><p>De ontbrekende maanden" in page


def test_the_cached_page_keeps_each_readers_rights_and_shows_a_new_figure_at_once(
        client, demo, lisse_reader, analyst):
    """The page body is cached per state of the data and per right to enter figures: the analyst's correction
    links never reach a reader, a reader's page never hides them from the analyst, and a new figure shows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ivb.store.observation_import import import_observations

    url = "/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/"
    client.force_login(lisse_reader)
    assert "corrigeren" not in client.get(url).content.decode()
    client.force_login(analyst)
    assert "corrigeren" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as again:
        page = client.get(url).content.decode()
    assert "corrigeren" in page
    assert not [q for q in again.captured_queries if "store_observation" in q["sql"] and "MAX(" not in q["sql"]]
    client.force_login(lisse_reader)
    assert "corrigeren" not in client.get(url).content.decode()
    content = (b"gebied;reeks;periode;waarde;status;bron\n"
               b"GM0553;politie.jeugdoverlast;2013;314;definitief;Politie\n")
    report = import_observations("x.csv", content, actor_name="test")
    assert report.ok, report.problems
    assert "<strong>314</strong>" in client.get(url).content.decode()


def test_a_region_indicator_shows_the_region_figures_it_draws(client, reference, tmp_path):
    """The chart drew the region's sums and said the table below held the same figures; the table held only the
    members' figures."""
    from django.contrib.auth import get_user_model

    from ivb.accounts.models import Membership, Role
    from ivb.cli import main
    from ivb.store.models import Area
    from tests.test_picture_every_municipality import HLT, JOINT

    assert main(["opendata", "import", str(HLT), "--table", "47018NED"]) == 0
    path = tmp_path / "beleid.yaml"
    path.write_text(JOINT, encoding="utf-8")
    assert main(["policy", "import", str(path)]) == 0
    user = get_user_model().objects.create_user("lezer-hillegom")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0534"), role=Role.LEZER)
    client.force_login(user)
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0534/2023/indicator/inbraken-regio/").content.decode())
    region = re.search(r'<h2 id="regiocijfers">Regiocijfers</h2>(.*?)</table>', page).group(1)
    rows = re.findall(r'<th scope="row">(\d{4})</th><td><strong>([\d.]+)</strong>', region)
    assert rows[0][0] == "2012" and rows[-1][0] == "2023" and len(rows) == 12
    # A provisional year says so, as on the dashboard (walk AN: 2024 and 2025 stood there plain).
    later = re.sub(r"\s+", " ", client.get("/gemeente/GM0534/2025/indicator/inbraken-regio/").content.decode())
    table = re.search(r'<h2 id="regiocijfers">Regiocijfers</h2>(.*?)</table>', later).group(1)
    marked = re.findall(r'<th scope="row">(\d{4})</th><td><strong>[\d.]+</strong> <span class="tag">voorlopig', table)
    assert marked == ["2024", "2025"] and "<th scope=\"row\">2023</th><td><strong>93</strong></td>" in table
    # The download holds the region's figures too, above the members' (walk AN: only the members' rows).
    download = client.get("/gemeente/GM0534/2025/indicator/inbraken-regio/download.csv").content.decode("utf-8-sig")
    lines = download.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("2012;"))
    assert lines[first].startswith("2012;Regio;326;;definitief;nee;som van ")
    assert any(line.startswith("2025;Regio;") and ";voorlopig;" in line for line in lines)
    assert any(";Hillegom;" in line for line in lines[first:])
    assert "Cijfers van de gemeenten en hun herkomst" in page
    # The members' figures behind it fold away (walk AL: some ninety cards on a phone); the region's stay in view.
    folded = re.search(r"<summary>Alle (\d+) cijfers van de gemeenten</summary>", page)
    assert folded and int(folded.group(1)) > 24 and page.index('id="regiocijfers"') < folded.start()
    assert "er zijn geen cijfers met inwoners van andere gemeenten" not in page
    assert "Een regiocijfer wordt niet naast andere gemeenten gezet" in page


def test_a_qualitative_target_lists_its_judgements_with_who_recorded_them(client, demo, lisse_reader):
    """A qualitative indicator's page showed an empty chart's caption and never said who judged what, when."""
    import datetime as dt

    from ivb.store.evidence import record_evidence

    record_evidence("GM0553", "2020-2023", "bewustzijn", "risico", "Eerste gesprekken gevoerd", dt.date(2019, 6, 1),
                    document="verslag juni 2019", actor_name="adviseur")
    record_evidence("GM0553", "2020-2023", "bewustzijn", "op koers", "Twintig gesprekken", dt.date(2019, 11, 15),
                    actor_name="coordinator")
    record_evidence("GM0553", "2020-2023", "bewustzijn", "behaald", "Later oordeel", dt.date(2021, 3, 1),
                    actor_name="coordinator")
    client.force_login(lisse_reader)
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/2019/indicator/bewustzijn/").content.decode())
    table = page.split('<h2 id="oordelen">Vastgelegde oordelen</h2>')[1].split("</table>")[0]
    rows = [re.sub(r"<[^>]+>", " ", r) for r in re.findall(r"<tr><th scope=\"row\">.*?</tr>", table)]
    shown = [" ".join(r.split()) for r in rows]
    # Date, the year it is about, judgement, what it rests on, who.
    assert shown[0].startswith("15 november 2019 2019 op koers Twintig gesprekken coordinator")
    assert shown[1].startswith("1 juni 2019 2019 risico Eerste gesprekken gevoerd verslag juni 2019 adviseur")
    assert len(shown) == 2
    assert "verslag juni 2019" in table and "coordinator" in table and "Later oordeel" not in page
    assert "Een open rondje" not in page
    # The target and what it is judged by, each once, above the judgements (the plain text no longer repeats the
    # status sentence; "Bewijs: …" under the heading repeated the sentence on what it is measured with).
    top = page.split('<h2 id="oordelen">')[0]
    assert top.count("Doel: Bewustzijn is vergroot (in 2023).") == 1
    assert page.count("maar met: Gespreksverslagen") == 1 and "Bewijs: Gespreksverslagen" not in page
    # No empty table of figures below the judgements (walk AH: "Cijfers en herkomst … Nog geen cijfers").
    assert "Cijfers en herkomst" not in page and "Nog geen cijfers." not in page
    # Its download holds the judgements the page lists (walk AP: only a header and the target).
    download = client.get("/gemeente/GM0553/2019/indicator/bewustzijn/download.csv").content.decode("utf-8-sig")
    lines = download.splitlines()
    assert "15-11-2019;2019;op koers;Twintig gesprekken;;coordinator;" in "\n".join(lines)
    assert any(line.startswith("01-06-2019;2019;risico;Eerste gesprekken gevoerd;verslag juni 2019;adviseur;")
               for line in lines)
    assert "Later oordeel" not in download


def test_the_caption_explains_an_open_circle_only_when_the_chart_has_one(client, demo, lisse_reader):
    client.force_login(lisse_reader)

    def caption(year):
        page = client.get(f"/gemeente/GM0553/{year}/indicator/meldingen-jeugdoverlast/").content.decode()
        return re.sub(r"\s+", " ", page).split("<figcaption>")[1]

    # With a projection the band is in the chart only: the table holds what was measured (walk BX).
    assert ("Een open rondje is een deel van een jaar. De tabel hieronder bevat de gemeten cijfers; de verwachting en "
            "haar interval staan in de tekst.") in caption(2019)
    assert "open rondje" not in caption(2018).split("</figcaption>")[0]  # 2014-2018: whole years only
    assert "De tabel hieronder bevat de gemeten cijfers" in caption(2018)


def test_a_count_only_this_municipality_has_is_not_said_to_wait_for_the_police(page):
    # Lisse's own youth-nuisance reports: no other municipality has them, in any year.
    assert "Geen vergelijking met andere gemeenten: IVB heeft cijfers van deze reeks alleen van Lisse." in page
    assert "politie en CBS geven de cijfers" not in page and "inwonertallen" not in page


def test_a_place_in_a_ranking_says_safer_not_rising_and_draws_no_arrow(client, demo, lisse_reader):
    # Place 210 in 2017, 213 in 2019, place 1 the least safe: "stijgend" read as climbing toward place 1.
    client.force_login(lisse_reader)
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/2019/indicator/misdaadmeter/").content.decode())
    assert "<p>veiliger: van plaats 210 naar plaats 213</p>" in page and "stijgend" not in page
    dashboard = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/2019/").content.decode())
    assert '<td class="trend" data-label="Trend"><span aria-hidden="true" class="arrow"></span> veiliger<span class="provenance">van plaats 210 ' \
           'naar plaats 213</span></td>' in dashboard


def test_a_chart_of_years_added_up_from_months_says_the_table_holds_the_months(client, demo, lisse_reader):
    from tests.test_observation_import import MONTHS, csv_bytes, load

    assert load(csv_bytes(*MONTHS)).ok  # Jeugdoverlast, January to October 2023
    client.force_login(lisse_reader)
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/2023/indicator/meldingen-jeugdoverlast/").content.decode())
    assert ("De grafiek telt de maanden en kwartalen per jaar op; de tabel hieronder bevat die maanden en "
            "kwartalen.") in page
    assert "De tabel hieronder bevat dezelfde cijfers." not in page


def test_a_count_of_months_only_says_the_comparison_needs_a_whole_year(client, demo, lisse_reader):
    """Hillegom has the series too, Lisse only months of 2023: the page says why there is no comparison, not that
    the others lack figures or that the police and CBS publish later (walk Q #3)."""
    from tests.test_observation_import import MONTHS, csv_bytes, load

    assert load(csv_bytes(*MONTHS, "GM0534;politie.jeugdoverlast;2023;90;definitief;Meldpunt Hillegom;;;;")).ok
    client.force_login(lisse_reader)
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/2023/indicator/meldingen-jeugdoverlast/").content.decode())
    assert ("Geen vergelijkingscijfers voor 2023: de vergelijking per 1.000 inwoners gebruikt een cijfer over het hele "
            "jaar, en dat heeft Lisse voor 2023 niet (maanden worden daarvoor niet opgeteld).") in page
    assert "alleen van Lisse" not in page and "politie en CBS geven" not in page


def test_an_indicator_without_figures_promises_no_table(client, demo, lisse_reader):
    """A phone walk of 4 December: "Geen cijfers om te tekenen." was followed by "De tabel hieronder bevat dezelfde
    cijfers.", above a table that said "Nog geen cijfers."."""
    client.force_login(lisse_reader)
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/2021/indicator/signalen/").content.decode())
    assert "Geen cijfers om te tekenen." in page
    assert "bevat dezelfde cijfers" not in page
    assert "Doel: in 2023 hoger dan het cijfer van 2018 (de nulmeting) (" in page  # was "hoger dan in 2018 (nulmeting), in 2023"


def test_it_says_the_status_once_beside_its_badge(page):
    # The badge's sentence and the plain text's "Doel: … Stand: …" said the same fifteen lines twice on a phone.
    assert page.count("kans dat het doel (lager dan 132) gehaald wordt: 66%") == 1
    assert "Stand: risico" not in page
    assert "Van 2014 tot en met 2019 daalt het aantal" in page  # the rest of the plain text stays


def test_a_partners_provisional_figure_typed_into_a_police_series_stays_out_of_the_region_figure(client, joint):
    """Walk AN: Stichtse Vecht typed a provisional 150 into the police's open-data series through the API; the
    partners' region figure counted it and their pages listed it. Typed in is typed in, whatever the series."""
    from django.contrib.auth import get_user_model

    from ivb.accounts.models import Membership, Role
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    heemstede = Area.objects.get(code="GM0397")
    entered = enter_observation(heemstede, {"series": "politie.od.2.2.1", "period": "2026-01", "value": "777",
                                            "status": "voorlopig", "source": "Politie basisteam"}, actor_name="adv")
    assert not entered.errors, entered.errors
    reader = get_user_model().objects.create_user("lezer-zandvoort")
    Membership.objects.create(user=reader, municipality=Area.objects.get(code="GM0473"), role=Role.LEZER)
    client.force_login(reader)
    url = "/gemeente/GM0473/2026/indicator/vernielingen-regio/"
    page = re.sub(r"\s+", " ", client.get(url).content.decode())
    assert "777" not in page and "Politie basisteam" not in page
    assert ("januari 2026 telt nog niet mee: Bloemendaal en Zandvoort hebben er nog geen cijfer van en het cijfer "
            "van Heemstede is nog voorlopig.") in page
    download = client.get(url + "download.csv").content.decode("utf-8-sig")
    assert "777" not in download and "Politie basisteam" not in download
    # Once definitive it is published, and every member's region figure counts it.
    enter_observation(heemstede, {"series": "politie.od.2.2.1", "period": "2026-01", "value": "777",
                                  "status": "definitief", "source": "Politie basisteam"}, actor_name="adv",
                      reason="vastgesteld")
    published = client.get(url + "download.csv").content.decode("utf-8-sig")
    assert "777" in published
    # A partner's figure is named by the partner, not by its staff: their names are not for another council.
    row = next(line for line in published.splitlines() if ";777;" in line)
    assert ";de gemeente Heemstede;" in row and ";adv;" not in row
    page = re.sub(r"\s+", " ", client.get(url).content.decode())
    assert "Vastgelegd door de gemeente Heemstede op" in page
    # An open-data figure is the country's: named by who imported it, on every member's page (walk BM: the
    # partner's police figures read "Vastgelegd door de gemeente …", its own "door de beheerder van IVB").
    from ivb.store.models import Observation

    imported = Observation.objects.filter(area=heemstede, batch__kind="open data", series__key="politie.od.2.2.1").first()
    assert imported is not None
    assert page.count("Vastgelegd door de gemeente Heemstede op") == 1  # the 777 typed in, not the police's
    assert f"Vastgelegd door {imported.maker} op" in page


@pytest.mark.django_db
def test_it_draws_no_fixed_target_line_for_a_target_against_the_year_before(client, demo, lisse_reader):
    # Walk BF: "niet hoger dan het jaar ervoor" drew "doel 2" across 2012–2026, as if the target were one number.
    from ivb.policies import lisse_policy_text
    from ivb.domain.policy import validate_text
    from ivb.store.policies import import_policy

    old = "        target:\n          operator: \"<\"\n          value: 132\n"
    text = lisse_policy_text()
    assert old in text
    validation = validate_text(text.replace(old, "        target:\n          operator: \"<\"\n"
                                                 "          compare_to: previous_year\n"))
    assert validation.ok, validation.problems
    import_policy(validation.policy, filename="lisse.yaml", actor_name="test")
    client.force_login(lisse_reader)
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/")
                  .content.decode())
    # The year under way is judged against the whole year before, and the chart has no line for it.
    assert "kans dat het doel (lager dan de 132 van 2018) gehaald wordt" in page
    for svg in re.findall(r"<svg class=\"chart (?:wide|narrow)\".*?</svg>", page):
        assert 'class="target"' not in svg and "doel 132" not in svg
        assert 'class="projection-band"' in svg


def test_it_gives_the_policy_files_note_on_the_indicator(client, demo, lisse_reader, tmp_path):
    """Walk BS: "Slachtofferschap inwoners - delicten per 100 inwoners" stood beside 18,4% on the page and in the
    report; the note in the policy file that explains it was only in the API's copy of the policy."""
    from ivb.cli import main

    note = ("Het beleid noemt deze indicator \"delicten per 100 inwoners\", maar §2 geeft 18,4 als het percentage "
            "inwoners dat slachtoffer werd van cybercrime (Veiligheidsmonitor 2017). IVB volgt het getal.")
    client.force_login(lisse_reader)
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/2019/indicator/slachtofferschap/").content.decode())
    assert f'Toelichting bij deze indicator: <span lang="nl">{note.replace(chr(34), "&quot;")}</span>' in page
    path = tmp_path / "lisse-2019.html"
    assert main(["report", "GM0553", "2019", "-o", str(path)]) == 0
    assert f"Toelichting bij deze indicator: {note.replace(chr(34), '&quot;')}" in re.sub(r"\s+", " ", path.read_text())
