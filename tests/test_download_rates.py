"""A rate per 1.000 is one number wherever a reader meets it (walk BS: Lisse's assaults read 1,0 on the page, "1" in
the monitored download and 0,98 in the comparison's): the page's decimals in every download, one precision per
column, and decimals kept ("1,0", not "1")."""

import io
import re

import pytest
from openpyxl import load_workbook

from tests.conftest import text
from tests.test_downloads import national_figures, rows_of_csv, table_of


@pytest.fixture
def reader(client, demo, lisse_reader, capsys):
    national_figures()
    client.force_login(lisse_reader)
    return client


def page_table(page: str) -> dict[str, list[str]]:
    """The dashboard's comparison table: per area, the index and the rates as the page shows them."""
    table = page[page.index('<table class="indicators national">'):]
    table = table[:table.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table[table.index("<tbody>"):], re.S):
        name = re.sub(r"<[^>]+>", "", re.search(r'<th scope="row">(.*?)<span', row, re.S).group(1)).strip()
        rows[name.rstrip("*")] = re.findall(r"<td>(.*?)</td>", row)
    return rows


def test_it_gives_the_comparison_at_the_pages_precision(reader):
    shown = page_table(text(reader.get("/gemeente/GM0553/2023/")))
    lines = table_of(rows_of_csv(reader.get("/gemeente/GM0553/2023/download/vergelijking.csv")), "Gebied")
    rate_columns = [k for k in lines[0] if k.endswith("per 1.000 inwoners")]
    assert len(rate_columns) == len(shown["Lisse"]) - 1
    for line in lines:
        cells = [line["Misdaadindex"], *[line[k] for k in rate_columns]]
        assert cells == shown[line["Gebied"]], line["Gebied"]
    for column in rate_columns:  # one column, one precision
        decimals = {len(line[column].split(",")[1]) if "," in line[column] else 0 for line in lines if line[column]}
        assert decimals in ({1}, {2}), column


def test_it_keeps_the_decimal_of_a_rate_in_the_monitored_download(reader):
    page = text(reader.get("/gemeente/GM0553/2023/"))
    monitored = table_of(rows_of_csv(reader.get("/gemeente/GM0553/2023/download/gevolgd.csv")), "Reeks")
    rated = [m for m in monitored if m["Per 1.000 inwoners"]]
    assert rated
    for m in rated:
        assert re.fullmatch(r"\d+,\d{1,2}", m["Per 1.000 inwoners"]), m
        assert f"<td>{m['Per 1.000 inwoners']}" in page or f">{m['Per 1.000 inwoners']}<" in page, m["Reeks"]


def test_the_spreadsheet_shows_the_same_decimals(reader):
    book = load_workbook(io.BytesIO(reader.get("/gemeente/GM0553/2023/download/vergelijking.xlsx").content))
    sheet = book.active
    header = next(r for r in sheet.iter_rows() if r[0].value == "Gebied")
    lisse = next(r for r in sheet.iter_rows(min_row=header[0].row + 1) if r[0].value == "Lisse")
    by_name = dict(zip((c.value for c in header), lisse, strict=False))
    assert isinstance(by_name["Misdaadindex"].value, int | float) and by_name["Misdaadindex"].number_format == "0"
    rates = [c for name, c in by_name.items() if str(name).endswith("per 1.000 inwoners")]
    assert rates and all(c.number_format in ("0.0", "0.00") for c in rates)
