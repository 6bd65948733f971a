"""The council report's tables as a council member reads them, in the HTML and the DOCX: one number for one
thing (with the source when it comes from elsewhere), no columns or rows of dashes only, notes that explain
what is shown and nothing that is not, the plan's status words as on the web page."""

import re
from html import unescape
from pathlib import Path

import pytest

from ivb.cli import main
from tests.conftest import text

OPENDATA = Path(__file__).parent / "data" / "opendata"


@pytest.fixture
def lisse(demo, capsys):
    assert main(["opendata", "import", str(OPENDATA / "47018NED_HLT_2012-2025.csv"), "--table", "47018NED"]) == 0


def html_text(path) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))).split())


def docx_texts(path) -> tuple[str, list[list[list[str]]]]:
    from docx import Document

    document = Document(str(path))
    return ("\n".join(p.text for p in document.paragraphs),
            [[[c.text for c in row.cells] for row in t.rows] for t in document.tables])


def report(year: int, fmt: str, tmp_path, code: str = "GM0553") -> Path:
    path = tmp_path / f"{code}-{year}.{fmt}"
    assert main(["report", code, str(year), "--format", fmt, "-o", str(path)]) == 0
    return path


def section(content: str, start: str, end: str) -> str:
    return content[content.index(start):content.index(end, content.index(start))]


def test_the_policy_table_shows_the_dashboards_newer_figure_with_its_source(lisse, client, lisse_reader, tmp_path):
    """Walk C #6: the dashboard's 2021 tile said "Woninginbraken 17 · 2021" (police open data, linked to the
    policy's series), the report's own table "–" for 2021 and its monitored table 17. Now the policy's table
    shows 17 too, marked, and says that the policy's own source has no figure there and where 17 comes from."""
    client.force_login(lisse_reader)
    dashboard = text(client.get("/gemeente/GM0553/2021/"))
    assert re.search(r"Woninginbraken.{0,400}?17", dashboard, re.S)
    html = html_text(report(2021, "html", tmp_path))
    # On a phone a line above the table says it scrolls sideways, to the earlier years (it opens at the newest).
    table = section(html, "Het veiligheidsbeeld in cijfers Schuif opzij voor eerdere jaren Indicator 2014",
                    "Gevolgde cijfers")
    assert "2019 (t/m september) 2020 2021 Trend" in table
    assert "Woninginbraken 46 60 38 38 30 21* 34¹ 17¹ dalend (2014–2019)" in table  # not the trend of 2020–2021
    note = ("¹ Woninginbraken 2020 en 2021: geen cijfer uit de eigen bron van deze reeks (Politie (bestuurlijke "
            "rapportage)). Het getoonde cijfer komt uit de reeks Woninginbraak van Politie (via CBS), die hetzelfde "
            "meet, zoals op het dashboard. De trend is die van de eigen bron, over de jaren die erbij staan.")
    assert note in table and "–: geen cijfer voor dat jaar." in table
    body, tables = docx_texts(report(2021, "docx", tmp_path))
    policy = next(t for t in tables if any(r[0] == "Geweld" for r in t))
    assert policy[0][-3:] == ["2020", "2021", "Trend"]
    assert next(r for r in policy if r[0] == "Woninginbraken")[-3:] == ["34¹", "17¹", "dalend (2014–2019)"]
    assert note in body


def test_a_provisional_figure_of_a_linked_series_is_marked_provisional_in_the_policy_table(lisse, tmp_path):
    """Walk V: the 2025 report's policy table showed the linked 2024 and 2025 police figures without the '*' that
    the table below it, and the dashboard, give them."""
    html = html_text(report(2025, "html", tmp_path))
    table = section(html, "Het veiligheidsbeeld in cijfers Schuif opzij", "Gevolgde cijfers")
    assert "Woninginbraken 30 21* 34¹ 17¹ 24¹ 24¹ 23¹* 34¹* dalend (2014–2019)" in table


def own_figures(code: str = "GM0917") -> None:
    """Heerlen with only its own figures: four years of one police series and its population, nobody to
    compare with (walk A #10)."""
    from ivb.store.observation_import import import_observations

    # The police series come with an open-data import (here of Hillegom, Lisse and Teylingen, elsewhere).
    assert main(["opendata", "import", str(OPENDATA / "47018NED_HLT_2012-2025.csv"), "--table", "47018NED"]) == 0
    rows = [f"{code};politie.od.1.1.1;{y};{v};definitief;Politie" for y, v in
            ((2018, 300), (2019, 280), (2020, 250), (2021, 240))]
    rows += [f"{code};cbs.inwoners;2021;86000;definitief;CBS"]
    content = ("gebied;reeks;periode;waarde;status;bron\n" + "\n".join(rows) + "\n").encode()
    result = import_observations("heerlen.csv", content, actor_name="test")
    assert result.ok, result


def test_without_anyone_to_compare_with_the_rate_is_the_municipalitys_own(demo, tmp_path, capsys):
    """Walk A #10/#20: with only Heerlen's own figures the column "Per 1.000 inwoners" was "–" on every row
    and a note explained a rank ("Plaats 1 …") that was nowhere. Now the rate comes from Heerlen's own
    population, the note says which, and no rank note."""
    own_figures()
    path = tmp_path / "heerlen.html"
    assert main(["report", "GM0917", "2021", "--format", "html", "-o", str(path)]) == 0
    html = html_text(path)
    monitored = section(html, "Gevolgde cijfers van politie en CBS IVB", "Context")
    assert "Trend Per 1.000 inwoners (2021)" in monitored
    assert "2,8 " in monitored  # 240 / 86.000 × 1.000
    assert ("Per 1.000 inwoners: het cijfer van 2021 gedeeld door het aantal inwoners van Heerlen in 2021 "
            "(86.000, CBS).") in monitored
    assert "Plaats" not in monitored and "plaats" not in monitored
    docx = tmp_path / "heerlen.docx"
    assert main(["report", "GM0917", "2021", "--format", "docx", "-o", str(docx)]) == 0
    body, tables = docx_texts(docx)
    monitored = next(t for t in tables if "Trend" in t[0])
    assert monitored[0][-1] == "Per 1.000 inwoners (2021)" and monitored[1][-1] == "2,8"
    assert "gedeeld door het aantal inwoners van Heerlen" in body and "Plaats 1" not in body


def test_a_column_of_dashes_only_is_left_out(demo, tmp_path, capsys):
    """Without a population there is no rate at all: no column and no note about one."""
    from ivb.store.models import Observation

    own_figures()
    Observation.objects.filter(series__key="cbs.inwoners").delete()
    path = tmp_path / "heerlen.html"
    assert main(["report", "GM0917", "2021", "--format", "html", "-o", str(path)]) == 0
    html = html_text(path)
    assert "Per 1.000" not in html and "laats 1" not in html


@pytest.fixture
def lisse_complete(demo):
    """The demo as `ivb demo load` leaves it: the police's and CBS's open data of every municipality."""
    from ivb.demo.opendata import load_open_data

    load_open_data("test")


def test_a_rank_says_what_it_counts_in_both_formats_and_empty_rows_are_left_out(lisse_complete, tmp_path):
    """Walk C #5: "0,7 (plaats 23 van 27)" never said what the 27 are, the DOCX lacked the PDF's note on ranks,
    and "Geregistreerde misdrijven, totaal (CBS)" was a row of dashes only."""
    # 2022: the table's seven years (2016–2022) hold no figure of the CBS total, whose one figure is of 2015.
    ranks = ("Plaats … van …: de rang onder de gemeenten met een cijfer over 2022 van de buurgemeenten en de "
             "gemeenten van Politie-eenheid Den Haag, Lisse meegeteld. Plaats 1 heeft het hoogste cijfer per 1.000 "
             "inwoners.")
    left_out = "Zonder cijfer in deze jaren en daarom weggelaten: Geregistreerde misdrijven, totaal (CBS)."
    html = html_text(report(2022, "html", tmp_path))
    monitored = section(html, "Gevolgde cijfers van politie en CBS IVB", "Context")
    row = re.search(r"Woninginbraak 38 38 30 42 34 17 24 [^(]+ \(2016–2022\)[^(]* \S+ \(plaats \d+ van \d+\)", monitored)
    assert row, monitored[monitored.find("Woninginbraak"):][:200]
    assert ranks in monitored and left_out in monitored
    assert "Geregistreerde misdrijven, totaal (CBS) –" not in monitored
    body, tables = docx_texts(report(2022, "docx", tmp_path))
    assert ranks in body and left_out in body
    rows = [r[0] for t in tables for r in t]
    assert "Woninginbraak" in rows and "Geregistreerde misdrijven, totaal (CBS)" not in rows


def test_the_plan_table_says_over_tijd_and_the_latest_progress_as_the_web_page(demo, client, lisse_reader, tmp_path):
    """Walk C #5: the web plan page said "gepland over tijd", the report only "gepland", and no progress."""
    from ivb.plan.models import Action
    from ivb.plan.services import add_note
    from ivb.store.models import Area

    action = Action.objects.create(municipality=Area.objects.get(code="GM0553"), year=2021, title="Keurmerk winkels",
                                   owner="Gemeente", due_quarter=2, created_by_name="test")
    add_note(action, "Eerste overleg met de winkeliers gevoerd.", actor_name="test")
    add_note(action, "Twee winkeliers doen mee; " + "de rest volgt later " * 20, actor_name="test")
    client.force_login(lisse_reader)
    assert re.search(r"gepland\s*<span[^>]*>over tijd", client.get("/gemeente/GM0553/jaarplan/2021/").content.decode())
    html = html_text(report(2021, "html", tmp_path))
    plan = section(html, "Jaarplan 2021 Schuif opzij voor meer kolommen Actie", "Overige veiligheidsthema")
    assert "Keurmerk winkels Laatste voortgang: " in plan and ": Twee winkeliers doen mee; de rest volgt" in plan
    assert "Eerste overleg" not in plan and " … Gemeente 2e kwartaal gepland, over tijd" in plan
    _body, tables = docx_texts(report(2021, "docx", tmp_path))
    row = next(r for t in tables for r in t if r[0].startswith("Keurmerk winkels"))
    assert row[0].startswith("Keurmerk winkels\nLaatste voortgang: ") and row[1:] == ["Gemeente", "2e kwartaal",
                                                                                    "gepland, over tijd"]


def test_a_survey_difference_in_the_report_says_procentpunt(demo, tmp_path, capsys):
    """Walk A #20, as the council reads it: a percentage's change "(+1,2 procentpunt) … (±2,5 procentpunt)"."""
    from ivb.store.models import Observation
    from ivb.store.observation_import import import_observations

    Observation.objects.filter(series__key="vm.slachtoffer_cybercrime").update(margin=1.8)
    content = (b"gebied;reeks;periode;waarde;status;bron;marge\n"
               b"GM0553;vm.slachtoffer_cybercrime;2019;19,6;definitief;Veiligheidsmonitor;1,7\n")
    assert import_observations("vm.csv", content, actor_name="test").ok
    html = html_text(report(2021, "html", tmp_path))
    assert "het verschil (+1,2 procentpunt) valt binnen de marge van beide metingen samen (±2,5 procentpunt)" in html
    assert "(+1,2)" not in html


def test_the_sources_list_the_months_behind_a_year_added_up_from_them(demo):
    """A year the report shows as the sum of its months names those months among its sources: the figures
    behind a printed number are listed, not left out because no single stored figure holds it (walk N #1)."""
    from ivb.report.content import build
    from ivb.store.models import Area
    from tests.test_observation_import import MONTHS, csv_bytes, load

    assert load(csv_bytes(*MONTHS)).ok  # Jeugdoverlast, January to October 2023: 106
    content = build(Area.objects.get(code="GM0553"), 2023)
    row = next(r for r in content.table if r.name == "Jeugdoverlast")
    assert row.cells[-1].startswith("106")  # 2023 t/m oktober, added up
    group = next(g for g in content.source_groups if g.name == "Jeugdoverlast")
    assert "januari 2023:\u00a012" in group.figures and "oktober 2023:\u00a010" in group.figures
    assert "Maandoverzicht" in group.provenance
    # The months as one range, not ten names (walk Q #10); whole years and a part of a year as before.
    assert group.covered.startswith("2014–2018, 2019 t/m september, januari 2023 tot en met oktober 2023")


def test_an_edit_of_an_action_is_not_its_latest_progress_in_the_report(demo, tmp_path):
    """Walk R #6: the report read "Laatste voortgang: … Gewijzigd. Trekker: 'A' → 'B'": the edit record, not
    progress. The edit stays in the action's history on the web page."""
    from ivb.plan.models import Action
    from ivb.plan.services import add_note, priorities, update_action
    from ivb.store.models import Area

    lisse = Area.objects.get(code="GM0553")
    action = Action.objects.create(municipality=lisse, year=2021, title="Keurmerk winkels", owner="Gemeente",
                                   due_quarter=2, created_by_name="test", priority_key=priorities(lisse, 2021)[0][0])
    add_note(action, "Eerste overleg met de winkeliers gevoerd.", actor_name="test")
    from ivb.plan.services import EDITABLE

    update_action(action, {**{k: getattr(action, k) for k in EDITABLE}, "owner": "Wijkregisseur", "due_quarter": 4},
                  actor_name="test")
    assert action.notes.last().is_edit and "Gewijzigd." in action.notes.last().text
    plan = section(html_text(report(2021, "html", tmp_path)), "Jaarplan 2021 Schuif opzij voor meer kolommen Actie",
                   "Overige veiligheidsthema")
    assert ": Eerste overleg met de winkeliers gevoerd. Wijkregisseur 4e kwartaal" in plan
    assert "Gewijzigd" not in plan


def test_a_table_of_the_policys_own_counts_says_where_the_other_indicators_are(demo, tmp_path):
    """Walk T #3: Zutphen's table held one row (its own count, Huisverboden) of six indicators; a reader took it
    for all the policy measures. The line under the table says where the others are, in both formats."""
    where = ("De andere indicatoren van het beleid zijn geen aantallen; hun cijfers staan in de samenvatting en bij "
             "de prioriteiten.")
    html = html_text(report(2021, "html", tmp_path))
    assert where in section(html, "Het veiligheidsbeeld in cijfers Schuif opzij", " Prioriteiten ")
    body, _tables = docx_texts(report(2021, "docx", tmp_path))
    assert where in body


def test_the_plan_section_says_when_the_college_adopted_the_plan(demo, tmp_path):
    """The council reads the college's decision on the plan in the report (ADR 0040, amendment)."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from ivb.plan.services import adopt_plan, create_action
    from ivb.store.models import Area

    lisse = Area.objects.get(code="GM0553")
    assert "Het jaarplan 2021 is" not in html_text(report(2021, "html", tmp_path))  # nothing IVB does not know
    create_action(lisse, {"year": 2021, "title": "Voorlichting cybercrime op scholen", "priority_key": "cybercrime",
                          "owner": "Team veiligheid", "partners": [], "due_quarter": 2}, actor_name="test")
    adopt_plan(lisse, 2021, user=get_user_model().objects.create_user("coord"), decided_on=dt.date(2021, 4, 14),
               reference="B&W 2021/0412")
    said = "Het jaarplan 2021 is vastgesteld door het college op 14 april 2021 (kenmerk B&W 2021/0412)."
    assert f"Jaarplan 2021 {said} Schuif opzij" in html_text(report(2021, "html", tmp_path))
    body, _tables = docx_texts(report(2021, "docx", tmp_path))
    assert said in body



def test_the_policy_table_names_a_police_series_without_its_source_in_brackets(reference, tmp_path, capsys):
    """Walk Y: "Wapenhandel (politie open data, misdrijven)" in the report's table; the source is in the list of
    sources. And a series without figures gets no caveat "te weinig metingen (0; …)" in doubled brackets."""
    from ivb.domain.policy import validate_text
    from ivb.store.policies import import_policy

    assert main(["opendata", "import", str(OPENDATA / "47018NED_HLT_2012-2025.csv"), "--table", "47018NED"]) == 0
    source = (Path(__file__).parent / "data" / "policies" / "minimal.yaml").read_text()
    source = (source.replace("municipalities: [GM0534]", "").replace("municipalities: [GM0553]", "municipalities: [GM0534]")
              .replace("period: {start: 2020, end: 2023}", "period: {start: 2022, end: 2025}")
              .replace("Testbeleid 2020-2023", "Testbeleid 2022-2025")
              .replace("series: politie.jeugdoverlast", "series: politie.od.3.1.3")
              .replace("baseline: {year: 2018, value: 132}", "baseline: {year: 2021, value: 5}")
              .replace("target_year: 2023", "target_year: 2025").replace("date: 2019-12-19", "date: 2021-12-16"))
    validation = validate_text(source)
    assert validation.ok, validation.problems
    import_policy(validation.policy, filename="beleid.yaml", actor_name="test")
    capsys.readouterr()
    html = html_text(report(2024, "html", tmp_path, code="GM0534"))
    table = section(html, "Het veiligheidsbeeld in cijfers Schuif opzij", "Gevolgde cijfers")
    assert re.search(r"Wapenhandel \d", table) and "(politie open data, misdrijven)" not in table
    assert "geen trendoordeel (" not in html


def test_a_place_in_a_document_names_the_periods_it_holds_when_others_came_from_elsewhere(demo, tmp_path, capsys):
    """Walk V: figures of 2020 and 2021 typed in without a document were listed as "Politie (2020–2021);
    vindplaats: IVB Lisse 2020-2023, §2 …", as if found in the policy text of 2019."""
    figures = tmp_path / "overlast.csv"
    figures.write_text("gebied,reeks,periode,waarde,status,bron\n"
                       "GM0553,politie.overlast_maatschappelijke_onrust,2020,95,definitief,Politie\n"
                       "GM0553,politie.overlast_maatschappelijke_onrust,2021,88,definitief,Politie\n")
    assert main(["observations", "import", str(figures)]) == 0
    html = html_text(report(2021, "html", tmp_path))
    entry = html[html.index("Overlast en maatschappelijke onrust (2014"):]
    assert ("Politie (2020–2021); vindplaats: IVB Lisse 2020-2023, §2 Veiligheidsbeeld Lisse, tabel (2014–2018, "
            "2019 t/m september).") in entry[:1000]


def test_a_column_is_headed_as_part_of_a_year_only_when_every_figure_in_it_is():
    # Walk AC: "2023 (t/m oktober)" headed a column where only the overlast series missed a month; the BOA
    # figure under it (1.473) was the whole year. Now the column says 2023 and the one cell says its part.
    from ivb.domain.observations import Point
    from ivb.domain.periods import parse
    from ivb.domain.series_picture import SeriesPicture
    from ivb.report.content import _cells, _year_headings

    overlast = SeriesPicture("o", "Overlast", "count", [Point(parse("2022"), 240), Point(parse("2023 t/m oktober"), 292)],
                             trend=None)
    boa = SeriesPicture("b", "BOA", "count", [Point(parse("2022"), 1400), Point(parse("2023"), 1473)], trend=None)
    headings = _year_headings(overlast.points + boa.points)
    assert headings == [(2022, "2022"), (2023, "2023")]
    assert _cells(overlast, [2022, 2023], headed=dict(headings)) == ["240", "292 (t/m oktober)"]
    assert _cells(boa, [2022, 2023], headed=dict(headings)) == ["1.400", "1.473"]
    # Every figure of the year covering the same months: the heading says it once.
    alone = _year_headings(overlast.points)
    assert alone == [(2022, "2022"), (2023, "2023 (t/m oktober)")]
    assert _cells(overlast, [2022, 2023], headed=dict(alone)) == ["240", "292"]


def test_a_provisional_part_of_a_year_keeps_its_footnote():
    # Walk AE: "1.403* (t/m november)" lost "* voorlopig cijfer." below the table (the note looked for a star at
    # the end of a cell).
    from ivb.domain.observations import Point
    from ivb.domain.periods import parse
    from ivb.domain.series_picture import SeriesPicture
    from ivb.domain.trend import Change
    from ivb.domain.vocabulary import Verdict
    from ivb.report.content import _table, _year_headings

    few = Change(Verdict.TOO_FEW, "")
    boa = SeriesPicture("b", "BOA", "count", [Point(parse("2022"), 1410), Point(parse("2023 t/m november"), 1403,
                                                                                  "voorlopig")], trend=few)
    other = SeriesPicture("o", "Overlast", "count", [Point(parse("2022"), 300), Point(parse("2023"), 310)], trend=few)
    rows, notes = _table([boa, other], {"b": {}, "o": {}}, _year_headings(boa.points + other.points))
    assert rows[0].cells == ["1.410", "1.403* (t/m november)"]
    assert "* voorlopig cijfer." in notes


def test_a_policy_without_other_themes_says_so_in_the_docx_as_in_the_pdf(reference, tmp_path, capsys):
    """Walk AF: the DOCX had the heading "Overige veiligheidsthema's" with nothing under it."""
    from docx import Document

    from ivb.domain.policy import validate_text
    from ivb.store.policies import import_policy

    validation = validate_text((Path(__file__).parent / "data" / "policies" / "minimal.yaml").read_text())
    assert validation.ok, validation.problems
    import_policy(validation.policy, filename="beleid.yaml", actor_name="test")
    lines = [p.text for p in Document(str(report(2021, "docx", tmp_path))).paragraphs]
    assert lines[lines.index("Overige veiligheidsthema's") + 1] == "Geen overige thema's vastgelegd."


def test_the_policy_table_gives_the_whole_year_expected_beside_part_of_a_year(demo, client, lisse_reader, tmp_path):
    """Walk AZ: "580*" under "2019 (t/m september)" was the table's only figure of 2019; the whole year expected
    was only in the indicator's text. The table has a column for it, as the dashboard says it, in HTML and DOCX."""
    client.force_login(lisse_reader)
    dashboard = text(client.get("/gemeente/GM0553/2019/"))
    assert "heel 2019: ongeveer 778" in dashboard
    html = html_text(report(2019, "html", tmp_path))
    table = section(html, "Het veiligheidsbeeld in cijfers", "De andere indicatoren")
    assert "2019 (t/m september) Heel 2019 verwacht Trend" in table
    assert "Misdrijven 906 947 961 706 720 580* 778 (743–814) dalend (2014–2019)" in table
    assert "tussen haakjes het 80%-interval" in table
    _paragraphs, tables = docx_texts(report(2019, "docx", tmp_path))
    rows = {row[0]: row for row in tables[1]}  # after the targets on a row
    assert rows["Indicator"][-2:] == ["Heel 2019 verwacht", "Trend"]
    assert rows["Misdrijven"][-2:] == ["778 (743–814)", "dalend (2014–2019)"]


def test_the_policy_table_has_no_column_for_the_whole_year_when_every_year_is_whole(lisse, tmp_path):
    html = html_text(report(2021, "html", tmp_path))
    table = section(html, "Het veiligheidsbeeld in cijfers", "Gevolgde cijfers")
    assert "verwacht" not in table


def test_the_monitored_table_gives_the_whole_year_expected_beside_part_of_a_year(lisse, tmp_path):
    """Walk BA: the monitored table showed "21* (t/m september)" with no whole year; the expectation was only among
    the caveats at the end."""
    months = tmp_path / "maanden.csv"
    months.write_text("gebied;reeks;periode;waarde;status;bron\n" + "".join(
        f"GM0553;politie.od.1.1.1;2026-{m:02d};{n};voorlopig;Politie basisteam Bollenstreek\n"
        for m, n in enumerate((4, 3, 5, 2, 3, 2, 1, 3, 4), start=1)), encoding="utf-8")
    assert main(["observations", "import", str(months)]) == 0
    html = html_text(report(2026, "html", tmp_path))
    table = section(html, "IVB volgt deze cijfers voor elke gemeente", "Bron")
    assert "2026 (t/m september) Heel 2026 verwacht Trend" in table
    row = re.search(r"Woninginbraak( \S+){7} (\S+) \((\S+)–(\S+)\)", table)
    assert row is not None and row.group(1).strip() == "27*", table[:400]
    expected, low, high = (int(row.group(i)) for i in (2, 3, 4))
    assert 27 < low <= expected <= high  # more than the months counted: three months are still to come
    assert "Heel 2026 verwacht: wat IVB voor het hele jaar verwacht" in html
    _paragraphs, tables = docx_texts(report(2026, "docx", tmp_path))
    monitored = next(t for t in tables if t[0][0] == "Reeks")
    assert "Heel 2026 verwacht" in monitored[0]
    burglary = next(r for r in monitored if r[0] == "Woninginbraak")
    assert burglary[monitored[0].index("Heel 2026 verwacht")] == f"{expected} ({low}–{high})"
