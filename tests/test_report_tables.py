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
