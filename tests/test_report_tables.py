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


def report(year: int, fmt: str, tmp_path) -> Path:
    path = tmp_path / f"lisse-{year}.{fmt}"
    assert main(["report", "GM0553", str(year), "--format", fmt, "-o", str(path)]) == 0
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
    table = section(html, "Het veiligheidsbeeld in cijfers 2014", "Gevolgde cijfers")
    assert "2019 (t/m september) 2020 2021 Trend" in table
    assert "Woninginbraken 46 60 38 38 30 21 34¹ 17¹ dalend" in table
    note = ("¹ Woninginbraken 2020 en 2021: geen cijfer uit de eigen bron van deze reeks (Politie (bestuurlijke "
            "rapportage)). Het getoonde cijfer komt uit de reeks Woninginbraak van Politie (via CBS), die hetzelfde "
            "meet, zoals op het dashboard. De trend is die van de eigen bron.")
    assert note in table and "–: geen cijfer voor dat jaar." in table
    body, tables = docx_texts(report(2021, "docx", tmp_path))
    policy = next(t for t in tables if any(r[0] == "Geweld" for r in t))
    assert policy[0][-3:] == ["2020", "2021", "Trend"]
    assert next(r for r in policy if r[0] == "Woninginbraken")[-3:] == ["34¹", "17¹", "dalend"]
    assert note in body


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
