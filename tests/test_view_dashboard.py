"""The dashboard: a first screen with the summary and one tile per general objective and priority, then the
general objectives, priorities with their indicators, every series."""

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ivb.accounts.models import Role
from ivb.store.models import Area, Observation, Series


@pytest.fixture
def page(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    response = client.get("/gemeente/GM0553/2019/")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_it_redirects_to_the_latest_year_with_figures(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    assert client.get("/gemeente/GM0553/")["Location"] == "/gemeente/GM0553/2019/"


def test_it_shows_the_general_objectives_first(page):
    objectives = page.index('<h2 id="doelen">Algemene doelstellingen')
    assert page.index("Hoe staat Lisse ervoor?") < objectives < page.index("Prioriteiten")
    assert "<strong>7,4</strong> <span class=\"period\">2017</span>" in page
    assert "plaats 213" in page and '<span class="status ok">op koers</span>' in page  # the grade


def test_a_small_chart_says_in_words_where_the_series_went(page):
    assert ('<svg class="spark" viewBox="0 0 120 32" width="120" height="32" role="img" aria-label="Jeugdoverlast: van '
            '235 in 2014 naar 81 in 2019 t/m september; heel 2019: ongeveer 109">') in page  # where the dot is


def tiles(page) -> list[str]:
    """The tiles as a reader reads them: their text, tags removed."""
    found = re.findall(r'<li class="tile tile-\w+">(.*?)</li>', page)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", t)).strip() for t in found]


def test_it_opens_with_a_tile_per_objective_and_priority(page):
    found = tiles(page)
    assert len(found) == 6 and page.index('class="tiles"') < page.index('<h2 id="doelen">')
    # Each status says which year it is about where its figure does not (walk BL: a 2025 figure, a 2027 target).
    assert found[0] == ("Algemene doelstelling op koers voor 2023 Rapportcijfer veiligheid in de buurt 7,4 2017 · Bron: "
                        "Veiligheidsmonitor Na de nulmeting (2017) is nog niet gemeten: 7,4 (2017) voldoet al aan het doel "
                        "(minstens 7,0); blijft het zo, dan wordt het in 2023 gehaald.")
    assert found[2].startswith("Prioriteit niet te beoordelen Ondermijning")
    assert found[2].endswith("nog geen cijfers 4 indicatoren: 4 niet te beoordelen.")
    assert found[3] == ("Prioriteit risico voor 2023 (Woon)overlast en maatschappelijke onrust 69 Meldingen "
                        "(woon) overlast - aantal ↑ stijgend · 2019 t/m september deel van het jaar voorlopig · Bron: "
                        "Politie-eenheid Den Haag Verwachting voor heel 2019: ongeveer 91 1 indicator: 1 risico. "
                        "Meldingen (woon) overlast - aantal: "
                        "kans 30% dat het doel in 2023 gehaald wordt.")
    # "risico" beside a falling trend says why: the chance (a phone walk of 4 December).
    youth = next(t for t in found if "Jeugd" in t)
    assert youth.startswith("Prioriteit risico voor 2023 Jeugd en Veiligheid 81 Meldingen jeugdoverlast - aantal "
                            "↓ dalend · 2019 t/m september") and youth.endswith(
        "3 indicatoren: 1 risico, 2 niet te beoordelen. Meldingen jeugdoverlast - aantal: kans 66% dat het doel in "
        "2023 gehaald wordt.")
    assert '<li class="tile tile-warn">' in page and '<a href="#prio-woonoverlast">' in page


def test_it_shows_the_summary_as_the_council_report_does(page):
    from ivb.report.content import build

    content = build(Area.objects.get(code="GM0553"), 2019)
    assert content.improved and content.attention
    assert f"<strong>Verbeterd:</strong> {', '.join(content.improved)}." in page
    assert f"<strong>Vraagt aandacht:</strong> {', '.join(content.attention)}." in page
    assert "Meldingen (woon) overlast - aantal" in content.attention
    # Youth nuisance fell, but its target is at risk: it needs attention, and is not also 'improved' under the
    # series' name.
    assert content.improved == ["Misdrijven (2014–2019)", "Woninginbraken (2014–2019)"]
    assert content.attention == ["Meldingen (woon) overlast - aantal", "Meldingen jeugdoverlast - aantal"]
    # A target on course is said too (walk AH: the one target on course went unsaid).
    assert content.on_course == ["Rapportcijfer veiligheid in de buurt", "Slachtofferschap inwoners - delicten per 100 "
                                 "inwoners"]
    assert f"<strong>Op koers:</strong> {', '.join(content.on_course)}." in page


def test_it_notes_an_inferred_sign_once_as_a_footnote(page):
    assert "ontbreekt in de brontekst" not in page
    assert page.count('id="noot-afgeleid"') == 1 and page.count('href="#noot-afgeleid"') == 6
    assert "hoger dan 74 in 2023<sup>" in page
    assert "Bij dit doel ontbreekt het vergelijkingsteken (lager, hoger) in de tekst van het beleid" in page


def test_it_shows_each_indicator_with_value_trend_target_and_status(page):
    row = re.search(r'<tr> <th scope="row"><a href="/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/">.*?</tr>',
                    page).group(0)
    assert "<strong>81</strong>" in row and "2019 t/m september" in row and "deel van het jaar" in row
    assert '<span class="tag">voorlopig</span>' in row  # as the monitored table marks a provisional figure
    # 81 to September beside "lager dan 132" reads as met: the row says the whole year expected, as the tile does.
    assert "heel 2019: ongeveer 109" in row
    assert "↓</span> dalend" in row and "lager dan 132 in 2023" in row
    assert '<span class="status warn">risico</span>' in row and "<svg" in row
    # The status is the course to 2023: the projection it rests on stands under it (walk BJ: "op koers" beside a
    # figure of the year before read as a verdict on that year).
    assert re.search(r'<span class="status warn">risico</span><span class="provenance">verwachting 2023: ongeveer '
                     r'\d+, kans \d+%</span>', row)


def test_it_lists_every_series_with_its_verdict(page):
    for name, verdict in (("Misdrijven", "dalend"), ("Geweld", "stabiel"),
                          ("Overlast en maatschappelijke onrust", "stijgend")):
        assert re.search(rf'<th scope="row"><a href="/gemeente/GM0553/reeksen/\d+/\?jaar=2019">{name}</a></th>.*?{verdict}', page), name
    assert "2.019" not in page  # years are not numbers with a thousands separator


def test_it_gives_the_whole_year_expected_in_the_table_of_every_series(page):
    # Walk AZ: the tiles and indicator rows said it, the table of every series gave only "580 2019 t/m september".
    section = page[page.index('<h2 id="cijfers">'):]
    section = section[:section.index("</section>")]
    row = re.search(r'<th scope="row"><a href="/gemeente/GM0553/reeksen/\d+/\?jaar=2019">Misdrijven</a></th>.*?</tr>',
                    section).group(0)
    assert "<strong>580</strong>" in row and "heel 2019: ongeveer 778" in row


def test_it_refuses_outsiders_and_anonymous_visitors(client, demo, outsider):
    assert client.get("/gemeente/GM0553/2019/").status_code == 302
    client.force_login(outsider)
    assert client.get("/gemeente/GM0553/2019/").status_code == 404


def test_it_says_so_when_there_is_no_policy(client, demo, outsider):
    client.force_login(outsider)
    assert "nog geen veiligheidsbeleid voor Hillegom" in client.get("/gemeente/GM0534/2019/").content.decode()


def test_the_number_of_queries_does_not_grow_with_the_data(client, demo, lisse_reader):
    from django.core.cache import cache

    client.force_login(lisse_reader)
    cache.clear()  # measure the page with its picture computed, both times
    with CaptureQueriesContext(connection) as before:
        client.get("/gemeente/GM0553/2019/")
    series = Series.objects.get(key="politie.winkeldiefstallen")
    area = Area.objects.get(code="GM0553")
    import datetime as dt
    for y in range(2005, 2014):  # nine more years of a series
        Observation.objects.create(series=series, area=area, period=str(y), period_kind="year",
                                   period_start=dt.date(y, 1, 1), period_end=dt.date(y, 12, 31), value=30,
                                   status="definitief", source="test", recorded_by_name="test")
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        client.get("/gemeente/GM0553/2019/")
    assert len(after) == len(before)


def test_a_new_figure_shows_at_once_although_pictures_are_cached(client, demo, lisse_reader):
    from ivb.store.observation_import import import_observations

    client.force_login(lisse_reader)
    before = client.get("/gemeente/GM0553/2018/").content.decode()
    content = (b"gebied;reeks;periode;waarde;status;bron\n"
               b"GM0553;politie.winkeldiefstallen;2018;27;definitief;Politie\n")
    assert import_observations("x.csv", content, actor_name="test").ok
    after = client.get("/gemeente/GM0553/2018/").content.decode()
    assert before != after and "<strong>27</strong>" in after


def test_a_year_far_out_of_range_is_404(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    assert client.get("/gemeente/GM0553/9999/").status_code == 404
    assert client.get("/gemeente/GM0553/9999/indicator/meldingen-jeugdoverlast/").status_code == 404


def test_it_shows_the_five_safety_fields_with_their_priorities(page):
    assert "<strong>5. Integriteit en veiligheid</strong>: " in page
    assert '<a href="#prio-ondermijning">Ondermijning – (georganiseerde) ondermijnende criminaliteit</a>' in page
    assert "(4× niet te beoordelen)" in page
    assert "<strong>4. Fysieke veiligheid</strong> <span class=\"muted\">geen prioriteit" in page


def test_it_shows_the_newest_figure_from_a_linked_source(client, demo, lisse_reader):
    """The policy's figures stop at 2019 (January to September); the police's open data reach 2025. The page for
    2023 shows 2023's figure, with its source, not 2019's."""
    from ivb.cli import main
    from tests.test_picture_every_municipality import HLT

    assert main(["opendata", "import", str(HLT), "--table", "47018NED"]) == 0
    client.force_login(lisse_reader)
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/2023/").content.decode())
    row = re.search(r'<th scope="row">(?:<a [^>]*>)?Woninginbraken(?:</a>)?</th>.*?</tr>', page).group(0)
    assert "<strong>24</strong> <span class=\"period\">2023</span>" in row and "Bron: Politie (via CBS)" in row
    assert "2019 t/m september" not in row and "Cijfers tot en met 2023" in page
    # Its name opens the page of the series that holds the 24 (a phone walk of 4 December: it opened the
    # policy's own series, whose figures end in 2019, under a heading "Lisse 2019").
    series_page = client.get(re.search(r'<th scope="row"><a href="([^"]+)">Woninginbraken</a>', row).group(1))
    assert series_page.status_code == 200
    shown = re.sub(r"\s+", " ", series_page.content.decode())
    assert "<h1>Woninginbraak</h1>" in shown and ">2023</" in shown and "Lisse 2023" in shown
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/2019/").content.decode())
    row = re.search(r'<th scope="row">(?:<a [^>]*>)?Woninginbraken(?:</a>)?</th>.*?</tr>', page).group(0)
    assert "<strong>42</strong> <span class=\"period\">2019</span>" in row  # the whole year beats January-September
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/2018/").content.decode())
    row = re.search(r'<th scope="row">(?:<a [^>]*>)?Woninginbraken(?:</a>)?</th>.*?</tr>', page).group(0)
    assert "<strong>30</strong>" in row and "Bron:" not in row  # the same period: the policy's own figure


def test_a_tile_takes_the_newest_figure_of_an_indicator_from_a_linked_source(client, reference, outsider, tmp_path):
    from ivb.cli import main
    from ivb.store.observation_import import import_observations
    from tests.test_picture_every_municipality import HLT, THIN

    policy = tmp_path / "beleid.yaml"
    policy.write_text(THIN.replace("series: politie.od.1.1.1", "series: politie.woninginbraken"), encoding="utf-8")
    assert main(["policy", "import", str(policy)]) == 0
    rows = "".join(f"GM0534;politie.woninginbraken;{p};{v};definitief;Gemeente Hillegom\n"
                   for p, v in (("2017", 70), ("2018", 65), ("2019", 40)))
    assert import_observations("x.csv", ("gebied;reeks;periode;waarde;status;bron\n" + rows).encode(),
                               actor_name="test").ok
    assert main(["opendata", "import", str(HLT), "--table", "47018NED"]) == 0
    client.force_login(outsider)
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0534/2023/").content.decode())
    tile = next(t for t in tiles(page) if "Woninginbraak" in t)
    assert "29 Woninginbraken ↓ dalend · 2023 · Bron: Politie (via CBS)" in tile  # the police's 2023, not the town's 2019
    assert tiles(re.sub(r"\s+", " ", client.get("/gemeente/GM0534/2019/").content.decode()))[0].count(
        "40 Woninginbraken 2019 · Bron: Gemeente Hillegom") == 1  # on equal periods the policy's own figure


def test_the_default_year_is_the_newest_with_figures(client, demo, lisse_reader):
    from ivb.cli import main
    from ivb.plan.years import data_years
    from tests.test_picture_every_municipality import HLT

    client.force_login(lisse_reader)
    assert data_years(Area.objects.get(code="GM0553"))[-1] == 2019
    assert main(["opendata", "import", str(HLT), "--table", "47018NED"]) == 0
    assert data_years(Area.objects.get(code="GM0553")) == list(range(2012, 2026))
    assert client.get("/gemeente/GM0553/")["Location"] == "/gemeente/GM0553/2025/"


def test_it_opens_on_the_newest_whole_year_not_a_year_to_date(client, demo, lisse_reader):
    from ivb.store.entry import enter_observation

    lisse = Area.objects.get(code="GM0553")
    result = enter_observation(lisse, {"series": "politie.woninginbraken", "period": "2020 t/m maart", "value": "5",
                                       "status": "voorlopig", "source": "Politie Lisse"}, actor_name="adviseur")
    assert not result.errors
    client.force_login(lisse_reader)
    # 2020 holds only the year-to-date figure: the dashboard opens on 2019, and 2020 is one click further.
    assert client.get("/gemeente/GM0553/")["Location"] == "/gemeente/GM0553/2019/"
    page = client.get("/gemeente/GM0553/2019/").content.decode()
    assert 'href="/gemeente/GM0553/2020/"' in page


def test_without_policy_or_figures_the_tiles_say_so(client, demo, outsider):
    client.force_login(outsider)
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0534/2019/").content.decode())
    assert "Hoe staat Hillegom ervoor?</h2> <p>Voor Hillegom zijn nog geen beleid en geen cijfers opgeslagen." in page
    from ivb.cli import main
    from tests.test_picture_every_municipality import HLT

    assert main(["opendata", "import", str(HLT), "--table", "47018NED"]) == 0
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0534/2019/").content.decode())
    assert "<p>Zonder beleid heeft Hillegom geen doelen om hier te tonen; hieronder staan de cijfers" in page
    assert 'class="tiles"' not in page


def test_the_tiles_speak_english_when_asked(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/2019/").content.decode())
    found = tiles(page)
    assert "How is Lisse doing?" in page and "<strong>Improved:</strong>" in page
    assert "<strong>Needs attention:</strong>" in page
    assert found[0].startswith("General objective on track") and "Source: " in found[0]
    assert found[2].startswith("Priority cannot be judged") and found[2].endswith("no figures yet 4 indicators: 4 cannot be judged.")
    assert "part of the year" in found[3]


def test_a_year_without_comparison_figures_says_who_can_add_them_and_offers_no_empty_download(
        client, demo, lisse_reader):
    client.force_login(lisse_reader)
    response = client.get("/gemeente/GM0553/2019/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Geen vergelijkingscijfers voor Lisse in dit jaar" in page
    assert "De beheerder van IVB kan ze inlezen uit de open data van CBS." in page
    assert "ivb opendata" not in page  # a reader is shown no command
    assert "/2019/download/vergelijking.csv" not in page
    assert "/2019/download/indicatoren.csv" in page  # the other tables are still offered


def test_nothing_needs_attention_says_how_many_targets_could_not_be_judged(client, demo, lisse_reader, capsys):
    from ivb.cli import main

    # The police's figures up to 2025: their trends give the summary something that improved.
    assert main(["opendata", "import", str(Path(__file__).parent / "data" / "opendata" / "47018NED_HLT_2012-2025.csv"),
                 "--table", "47018NED"]) == 0
    client.force_login(lisse_reader)
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/2025/").content.decode())
    found = re.search(r'<p class="attention">(.*?)</p>', page).group(1)
    assert re.sub(r"<[^>]+>", "", found) == (
        "Vraagt aandacht: niet te zeggen: geen van de 13 doelen is te beoordelen")  # not "niets": the policy is over


def test_the_year_under_way_says_its_comparison_figures_come_after_the_year(client, demo, lisse_reader):
    this_year = dt.date.today().year
    client.force_login(lisse_reader)
    page = client.get(f"/gemeente/GM0553/{this_year}/").content.decode()
    assert (f"Geen vergelijkingscijfers voor {this_year}: politie en CBS geven de cijfers over een jaar pas na "
            "afloop ervan.") in page
    assert f'href="/gemeente/GM0553/{this_year - 1}/#vergelijking"' in page
    assert "De beheerder van IVB kan ze inlezen" not in page  # nobody can: the figures do not exist yet
    indicator = client.get(f"/gemeente/GM0553/{this_year}/indicator/meldingen-jeugdoverlast/").content.decode()
    # Lisse's own youth-nuisance reports are not the police's to publish: no other municipality has them.
    assert "IVB heeft cijfers van deze reeks alleen van Lisse." in indicator
    assert "politie en CBS geven" not in indicator


def test_the_monitored_tables_empty_rates_in_the_year_under_way_say_why(client, demo, lisse_reader, capsys):
    from pathlib import Path

    from ivb.cli import main

    police = Path(__file__).parent / "data" / "opendata" / "47018NED_HLT_2012-2025.csv"
    assert main(["opendata", "import", str(police), "--table", "47018NED"]) == 0
    this_year = dt.date.today().year
    client.force_login(lisse_reader)
    page = re.sub(r"\s+", " ", client.get(f"/gemeente/GM0553/{this_year}/").content.decode())
    monitored = page.split('<h2 id="gevolgd">')[1].split("</section>")[0]
    assert '<span class="muted">–</span>' in monitored  # no rates for a year that is not over
    assert (f"Per 1.000 inwoners: voor {this_year} nog niet, want politie en CBS geven de cijfers over een jaar pas "
            f'na afloop ervan. <a href="/gemeente/GM0553/{this_year - 1}/#gevolgd">De vergelijking over '
            f"{this_year - 1}</a>.") in monitored
    # The comparison's own section says the same and ends its sentence too (walk AZ: no full stop).
    comparison = page.split('<h2 id="vergelijking">')[1].split("</section>")[0]
    assert f'<a href="/gemeente/GM0553/{this_year - 1}/#vergelijking">De vergelijking over {this_year - 1}</a>.</p>' \
        in comparison


def test_a_repeated_view_reads_no_figures_and_a_new_year_of_figures_shows_in_the_year_list(
        client, demo, lisse_reader):
    """The body and the list of years come from the cache while the data stand still: a view then costs the
    stamp and the access checks, not a read of every figure of the municipality."""
    from ivb.store.observation_import import import_observations

    client.force_login(lisse_reader)
    client.get("/gemeente/GM0553/2019/")
    with CaptureQueriesContext(connection) as again:
        assert client.get("/gemeente/GM0553/2019/").status_code == 200
    assert not [q for q in again.captured_queries if "store_observation" in q["sql"] and "MAX(" not in q["sql"]]
    assert client.get("/gemeente/GM0553/")["Location"] == "/gemeente/GM0553/2019/"
    content = (b"gebied;reeks;periode;waarde;status;bron\n"
               b"GM0553;politie.winkeldiefstallen;2020;27;definitief;Politie\n")
    assert import_observations("x.csv", content, actor_name="test").ok
    assert client.get("/gemeente/GM0553/")["Location"] == "/gemeente/GM0553/2020/"  # the new year, at once


# A policy measuring by the police open data themselves, under its own names (as a new user wrote Zandvoort's).
ZANDVOORT = """schema_version: 2
title: Veiligheidsbeleid Zandvoort 2024-2027
period: {start: 2024, end: 2027}
municipalities: [GM0473]
adoptions:
  - {body: gemeenteraad, date: 2024-02-13, legal_basis: artikel 108 Gemeentewet, ref: testbestand}
vision: {text: Een veilige badplaats., ref: testbestand}
ref: testbestand
priorities:
  - key: inbraak
    rank: 1
    title: Minder woninginbraken
    fields: ["1"]
    themes: ["1.3"]
    ref: testbestand
    indicators:
      - {key: woninginbraken, name: Woninginbraken, series: politie.od.1.1.1, unit: count, source: Politie,
         direction: lower_is_better, target: {operator: "<", value: 15}, target_year: 2027, ref: testbestand}
      - {key: schuurinbraken, name: "Inbraken in box, garage of schuur", series: politie.od.1.1.2, unit: count,
         source: Politie, direction: lower_is_better, ref: testbestand}
  - key: fiets
    rank: 2
    title: Fietsendiefstal
    fields: ["1"]
    themes: ["1.3"]
    ref: testbestand
    indicators:
      - {key: fietsdiefstal, name: "Diefstal van brom-, snor- en fietsen", series: politie.od.1.2.3, unit: count,
         source: Politie, direction: lower_is_better, target: {operator: "<", value: 120}, target_year: 2027,
         ref: testbestand}
"""


def summary_lines(page: str) -> tuple[str, str]:
    """The summary as a reader reads it: the text after 'Verbeterd:' and after 'Vraagt aandacht:'."""
    found = [re.search(rf"<strong>{word}:</strong> (.*?)\.</p>", page) for word in ("Verbeterd", "Vraagt aandacht")]
    return tuple(html.unescape(m.group(1)) if m else "" for m in found)


def test_the_summary_names_each_thing_once_by_the_policys_name(client, reference, tmp_path, capsys):
    """An indicator on a monitored series is one thing, named as the policy names it; a fall too slow for its
    target needs attention and is not also an improvement; no series name keeps its source in brackets."""
    from django.contrib.auth import get_user_model

    from ivb.accounts.models import Membership, Role
    from ivb.cli import main

    data = Path(__file__).parent / "data" / "opendata" / "47018NED_ZK_2012-2025.csv"
    assert main(["opendata", "import", str(data), "--table", "47018NED"]) == 0
    path = tmp_path / "beleid.yaml"
    path.write_text(ZANDVOORT, encoding="utf-8")
    assert main(["policy", "import", str(path)]) == 0
    user = get_user_model().objects.create_user("lezer-zandvoort")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0473"), role=Role.LEZER)
    client.force_login(user)
    improved, attention = summary_lines(re.sub(r"\s+", " ", client.get("/gemeente/GM0473/2024/").content.decode()))
    # The police file, newest seven years (2018-2024): burglaries fell but not towards 15, bicycle thefts rose.
    assert set(attention.split(", ")) == {"Diefstal van brom-", "snor- en fietsen", "Woninginbraken"}
    # Shed burglaries fell from 28-34 a year (2012-2016) to about 10 since 2018: no fall in the fitted years.
    assert "Inbraken in box, garage of schuur" not in improved
    assert improved == "Inbraak bij bedrijven en instellingen (2018–2024)"  # a monitored series without an indicator
    for other_name in ("Woninginbraak", "Fietsdiefstal", "politie open data"):
        assert other_name not in improved + attention


@pytest.mark.parametrize("role, next_step", [
    (Role.ANALIST, 'U kunt <a href="/gemeente/GM0534/cijfers/nieuw/">een cijfer invoeren</a> of '
                   '<a href="/gemeente/GM0534/cijfers/importeren/">cijfers importeren</a>. </p>'),
    (Role.COORDINATOR, 'cijfers importeren</a>. Het beleid legt u vast op de pagina '
                       '<a href="/gemeente/GM0534/beleid/">Beleid</a>.'),
    (Role.BEHEERDER, "Cijfers invoeren kan wie de rol analist of coördinator heeft; die rol geeft u op de pagina "
                     '<a href="/gemeente/GM0534/gebruikers/">Gebruikers</a>. </p>'),
    (Role.LEZER, "Zodra een analist of coördinator cijfers invoert, staan ze hier.</p>"),
])
def test_an_empty_dashboard_says_so_once_with_the_next_step_for_the_role(client, reference, role, next_step):
    from tests.conftest import _user

    client.force_login(_user(f"u-{role}", role, "GM0534"))
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0534/2019/").content.decode())
    assert page.count("nog geen cijfers") + page.count("geen beleid en geen cijfers") == 1
    overview = page[page.index("Voor Hillegom zijn nog geen beleid"):].split("</section>")[0]
    assert next_step in overview
    if role == Role.LEZER:
        assert "ivb " not in page and "cijfers/nieuw" not in page and "importeren" not in page


def test_it_offers_whoever_uploads_policies_a_new_policy_when_the_old_one_expired(client, demo, lisse_reader):
    """Walk V: the coordinator lands on 2025, "Het beleid 2020–2023 is verlopen", and found no way on."""
    from django.contrib.auth import get_user_model

    from ivb.accounts.models import Membership
    from tests.conftest import text

    coordinator = get_user_model().objects.create_user("coord-dash")
    Membership.objects.create(user=coordinator, municipality=Area.objects.get(code="GM0553"), role=Role.COORDINATOR)
    client.force_login(coordinator)
    assert "Een nieuw beleid uploaden" in text(client.get("/gemeente/GM0553/2024/"))
    assert "Een nieuw beleid uploaden" not in text(client.get("/gemeente/GM0553/2021/"))  # the policy holds
    client.force_login(lisse_reader)
    assert "Een nieuw beleid uploaden" not in text(client.get("/gemeente/GM0553/2024/"))


def test_the_menu_keeps_the_year_being_read(client, demo, lisse_reader):
    """Walk V: from the report of 2021, "Veiligheidsbeeld" opened the newest year."""
    client.force_login(lisse_reader)
    page = client.get("/gemeente/GM0553/jaarplan/2021/").content.decode()
    assert 'href="/gemeente/GM0553/2021/"' in page


def test_a_priority_named_by_its_themes_alone_is_in_the_fields_of_those_themes(client, reference, lisse_reader):
    """Walk V: a priority with themes ["1.3"] and no `fields` left the dashboard saying "1. Veilige woon- en
    leefomgeving geen prioriteit" beside it."""
    from ivb.domain.policy import validate_text
    from ivb.store.policies import import_policy
    from tests.conftest import text

    source = (Path(__file__).parent / "data" / "policies" / "minimal.yaml").read_text()
    source = source.replace('    field: "3"\n    themes: ["3.1"]\n', '    themes: ["1.3"]\n')
    doc = validate_text(source).policy
    import_policy(doc, filename="beleid.yaml", actor_name="test")
    client.force_login(lisse_reader)
    page = text(client.get("/gemeente/GM0553/2021/"))
    field = re.search(r"<li><strong>1\. Veilige woon- en leefomgeving</strong>(.*?)</li>", page).group(1)
    assert "Jeugd en veiligheid" in field and "geen prioriteit" not in field


def test_it_points_to_a_later_year_that_has_figures_already(client, demo, lisse_reader, tmp_path):
    """Walk BA: the dashboard opened on the newest whole year (2025) and gave a 2026 target "kans 43%", while the
    2026 months, one click further, put it at 7%. A page of an earlier year says that later figures exist."""
    from ivb.cli import main

    this = dt.date.today().year
    months = tmp_path / "maanden.csv"
    months.write_text("gebied;reeks;periode;waarde;status;bron\n" + "".join(
        f"GM0553;politie.woninginbraken;{year}-{m:02d};{n};voorlopig;Politie\n"
        for year in (2020, this) for m, n in ((1, 4), (2, 3))), encoding="utf-8")
    assert main(["observations", "import", str(months)]) == 0
    client.force_login(lisse_reader)
    notice = (f'Er zijn al cijfers van {this}. Deze pagina geeft de stand over 2019; verwachtingen en kansen met die '
              f'cijfers erbij staan in <a href="/gemeente/GM0553/{this}/">het veiligheidsbeeld {this}</a>.')
    assert notice in " ".join(client.get("/gemeente/GM0553/2019/").content.decode().split())
    indicator = client.get("/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/").content.decode()
    assert notice in " ".join(indicator.split())
    assert "Er zijn al cijfers van" not in client.get(f"/gemeente/GM0553/{this}/").content.decode()


def test_it_says_which_month_is_missing_where_the_figure_stops_before_it(client, demo, lisse_reader, tmp_path):
    """Walk BA: without June the dashboard showed "2026 t/m mei" with no word of why; July-September were left out
    silently, and the advisor did not learn which month to enter."""
    from ivb.cli import main

    months = tmp_path / "maanden.csv"
    months.write_text("gebied;reeks;periode;waarde;status;bron\n" + "".join(
        f"GM0553;politie.woninginbraken;2020-{m:02d};3;voorlopig;Politie\n" for m in (1, 2, 3, 4, 5, 7, 8, 9)),
        encoding="utf-8")
    assert main(["observations", "import", str(months)]) == 0
    client.force_login(lisse_reader)
    page = " ".join(client.get("/gemeente/GM0553/2020/").content.decode().split())
    said = "Let op: van 2020 ontbreekt juni; het cijfer van 2020 telt de andere maanden."
    row = re.search(r'<th scope="row"><a href="/gemeente/GM0553/reeksen/\d+/\?jaar=2020">Woninginbraken</a></th>.*?</tr>',
                    page).group(0)
    # The months after the missing one count (walks AY, BA): 8 x 3, not the 5 x 3 up to May.
    assert "<strong>24</strong>" in row and "2020 t/m september zonder juni" in row and said in row
    series = " ".join(client.get(re.search(r'href="(/gemeente/GM0553/reeksen/\d+/\?jaar=2020)">Woninginbraken', row)
                                 .group(1)).content.decode().split())
    assert "Van januari tot en met september 2020, zonder juni, waren het er 24." in series
    assert "Januari tot en met september zonder juni is daarin gemiddeld 64% van een jaar." in series
    assert "Juni ontbreekt en is geschat met het maandpatroon." in series  # of 2020, on a page of a later year
    assert page.count(said) == 1  # no indicator measures it: said once, in its own row


def test_it_opens_on_the_year_under_way_when_a_policy_of_it_has_begun(client, demo, lisse_reader):
    """Walk BB: a council whose plan began this year opened on last year, "Er is geen beleid voor 2025"; walk BC: on
    last year's page with a chance for this year's target that this year's months had already settled."""
    from ivb.store.entry import enter_observation
    from ivb.store.models import Policy

    this = dt.date.today().year
    lisse = Area.objects.get(code="GM0553")
    Policy.objects.create(title="Integraal veiligheidsplan", period_start=this, period_end=this + 3).municipalities.add(lisse)
    client.force_login(lisse_reader)
    # Without figures of this year, the newest whole year (2019, which no policy covers) stays the first page.
    assert client.get("/gemeente/GM0553/")["Location"] == "/gemeente/GM0553/2019/"
    # But its menu offers this year, whose page projects the targets (walk BI: reached only from the report).
    years_menu = client.get("/gemeente/GM0553/2019/").content.decode().split('<ul class="periods">')[1].split("</ul>")[0]
    assert f'<a href="/gemeente/GM0553/{this}/">{this}</a>' in years_menu
    assert f"/gemeente/GM0553/{this - 1}/" not in years_menu  # a year with neither figures nor a policy is not
    result = enter_observation(lisse, {"series": "politie.woninginbraken", "period": f"{this}-01", "value": "3",
                                       "status": "voorlopig", "source": "Politie Lisse"}, actor_name="adviseur")
    assert not result.errors
    assert client.get("/gemeente/GM0553/")["Location"] == f"/gemeente/GM0553/{this}/"
    # The council report is about a year that is over: its tab still opens on the newest whole year.
    assert client.get("/gemeente/GM0553/rapport/")["Location"] == "/gemeente/GM0553/rapport/2019/"


def test_it_says_no_figure_improved_clearly_rather_than_that_nothing_improved():
    """Walk BN (Vlieland): "Verbeterd: niets" read as a verdict that nothing got better, where counts this small
    never show a clear change; the report leaves the line out."""
    from django.template.loader import render_to_string

    page = re.sub(r"\s+", " ", render_to_string("ivb/_dashboard_tiles.html", {"improved": [], "attention": ["Bedreigingen"]}))
    improved = re.search(r'<p class="improved">(.*?)</p>', page).group(1)
    assert re.sub(r"<[^>]+>", "", improved) == "Verbeterd: geen cijfer met een duidelijke verbetering"


def test_it_gives_a_survey_figure_with_its_margin_where_its_status_is_read(client, demo, lisse_reader):
    """Walk BO: "31,9%" stood beside "lager dan 33%" and "risico" on the tile, in the row and in the report's line of
    targets; the ±1,8 that made it "risico" was on the indicator's page only."""
    from ivb.report.content import build
    from ivb.store.entry import enter_observation

    entered = enter_observation(Area.objects.get(code="GM0553"), {
        "series": "vm.rapportcijfer_veiligheid_buurt", "period": "2019", "value": "7,1", "margin": "0,2",
        "status": "definitief", "source": "Veiligheidsmonitor"}, actor_name="test")
    assert not entered.errors
    client.force_login(lisse_reader)
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/2019/").content.decode())
    tile = page[page.index('<li class="tile'):].split("</li>")[0]
    assert "<strong>7,1 ±0,2</strong>" in tile
    line = next(r for r in build(Area.objects.get(code="GM0553"), 2019).targets
                if r.name == "Rapportcijfer veiligheid in de buurt")
    assert line.figure == "7,1 ±0,2 (2019)"


def test_it_says_which_municipalities_get_no_place_under_the_monitored_figures(client, reference):
    """Walk BQ: "plaats 7 van 36 gemeenten met cijfers" where all 40 had figures; the 4 under 5.000 inhabitants get no
    place, and only the indicator page said so. Harlingen's police unit holds the Wadden islands."""
    from ivb.accounts.models import Role
    from tests.conftest import _user, text
    from tests.test_downloads import national_figures

    national_figures()
    client.force_login(_user("lezer-harlingen", Role.LEZER, "GM0072"))
    page = text(client.get("/gemeente/GM0072/2023/"))
    assert re.search(r"Plaats 1 is de gemeente met het hoogste cijfer per 1\.000 inwoners\. \d+ gemeenten met minder "
                     r"dan 5\.000 inwoners krijgen geen plaats\.", page)
