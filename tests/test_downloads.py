"""Downloads of the tables (issue 13): the figures, their source and provisional mark, what/where/when on top,
numbers as numbers; the same access as the page."""

import csv
import re
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ivb.accounts.models import Role
from ivb.plan.models import Action
from ivb.store.models import Area, Observation
from tests.conftest import _user, text


def rows_of_csv(response) -> list[list[str]]:
    body = response.content
    assert body.startswith("\ufeff".encode()), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def table_of(rows, first_column):
    """The rows under the header row that starts with `first_column`, as dicts."""
    start = next(i for i, r in enumerate(rows) if r and r[0] == first_column)
    header = rows[start]
    out = []
    for r in rows[start + 1:]:
        if not r or not any(r):
            break
        out.append(dict(zip(header, r, strict=True)))
    return out


@pytest.fixture
def reader(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    return client


def test_it_downloads_the_indicators_with_figure_status_and_source(reader):
    response = reader.get("/gemeente/GM0553/2019/download/indicatoren.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="ivb-GM0553-2019-indicatoren.csv"' in response["Content-Disposition"]
    rows = rows_of_csv(response)
    assert rows[0] == ["Indicatoren van het beleid – Lisse 2019"]
    assert rows[1] == ["Gemeente: Lisse (GM0553)"] and rows[2] == ["Jaar: 2019"]
    assert rows[3][0].startswith("Gedownload op: ")
    youth = next(r for r in table_of(rows, "Onderdeel") if r["Indicator"].startswith("Meldingen jeugdoverlast"))
    assert (youth["Periode"], youth["Waarde"], youth["Deel van het jaar"], youth["Stand"]) == (
        "2019 t/m september", "81", "ja", "risico")
    assert youth["Status"] in ("voorlopig", "definitief") and youth["Bron"]
    # The status is about 2023, the policy's target year, not about the 2019 figure beside it: the page's words say so.
    assert youth["Stand over"] == "2023"
    assert youth["Toelichting bij de stand"].startswith("Verwachting 2023: 114 (80%-interval 67–179); kans dat het "
                                                        "doel (lager dan 132) gehaald wordt: 66%")
    # The same numbers in columns of their own, for a spreadsheet (walk BO: only inside the words).
    assert [youth[c] for c in ("Verwachting voor", "Verwachting", "Verwachting, interval van",
                               "Verwachting, interval tot", "Kans doel gehaald (%)")] == ["2023", "114", "67", "179", "66"]


def test_it_writes_decimal_commas_in_csv_and_numbers_in_xlsx(reader):
    rows = table_of(rows_of_csv(reader.get("/gemeente/GM0553/2019/download/indicatoren.csv")), "Onderdeel")
    grade = next(r for r in rows if r["Periode"] == "2017" and r["Waarde"] == "7,4")

    book = load_workbook(io.BytesIO(reader.get("/gemeente/GM0553/2019/download/indicatoren.xlsx").content))
    sheet = book["Indicatoren"]
    assert sheet["A1"].value == "Indicatoren van het beleid – Lisse 2019"
    values = {(r[1], r[2]): r[3] for r in sheet.iter_rows(min_row=6, values_only=True) if r[1]}
    assert values[(grade["Indicator"], "2017")] == 7.4  # a number, not the text "7,4"


def test_it_downloads_all_figures_with_the_source_of_each(reader, demo):
    rows = table_of(rows_of_csv(reader.get("/gemeente/GM0553/2019/download/cijfers.csv")), "Reeks")
    crimes = next(r for r in rows if r["Reeks"] == "Misdrijven")
    obs = (Observation.objects.filter(area__code="GM0553", series__name="Misdrijven", superseded_at__isnull=True)
           .order_by("period_end").last())
    assert crimes["Bron"] == obs.source and crimes["Status"] == obs.status
    assert crimes["Trend"] == "dalend"


def test_it_marks_a_provisional_figure(reader, demo):
    obs = (Observation.objects.filter(area__code="GM0553", series__name="Misdrijven", superseded_at__isnull=True)
           .order_by("period_end").last())
    Observation.objects.filter(pk=obs.pk).update(status="voorlopig", source="Politie, voorlopige telling")
    from django.core.cache import cache

    cache.clear()
    rows = table_of(rows_of_csv(reader.get("/gemeente/GM0553/2019/download/cijfers.csv")), "Reeks")
    crimes = next(r for r in rows if r["Reeks"] == "Misdrijven")
    assert (crimes["Status"], crimes["Bron"]) == ("voorlopig", "Politie, voorlopige telling")


def test_it_downloads_every_observation_of_an_indicator_with_its_provenance(reader):
    response = reader.get("/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/download.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "Periode")
    body = [dict(zip(rows[header], r, strict=True)) for r in rows[header + 1:] if r[0] and r[1]]
    last = next(r for r in body if r["Periode"] == "2019 t/m september")
    assert last["Waarde"] == 81 and last["Deel van het jaar"] == "ja" and last["Bron"]
    assert last["Status"] in ("voorlopig", "definitief")
    whole = next(r for r in body if r["Periode"] == "2018")
    assert whole["Deel van het jaar"] == "nee"
    # What the months add up to and the whole year expected, as the page says (walk BA).
    notes = [r[0] for r in rows if r[0] and str(r[0]).startswith("2019 t/m september:")]
    assert notes == ["2019 t/m september: 81; heel 2019 naar verwachting ongeveer 109 (80%-interval 98–122)."]
    assert rows[0][0].startswith("Meldingen jeugdoverlast") and "Lisse, cijfers en herkomst" in rows[0][0]
    page = text(reader.get("/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/"))
    assert 'href="/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/download.csv"' in page


def test_it_downloads_the_annual_plan_and_never_writes_a_formula(reader, demo):
    area = Area.objects.get(code="GM0553")
    Action.objects.create(municipality=area, year=2024, title="=Cameratoezicht centrum", owner="Team veiligheid",
                          partners=["Politie"], due_quarter=2, created_by_name="coordinator-lisse")
    rows = table_of(rows_of_csv(reader.get("/gemeente/GM0553/jaarplan/2024/download.csv")), "Groep")
    action = next(r for r in rows if "Cameratoezicht" in r["Actie"])
    assert action["Actie"] == "'=Cameratoezicht centrum"  # never a formula in a spreadsheet
    assert (action["Trekker"], action["Partners"], action["Gereed in kwartaal"]) == ("Team veiligheid", "Politie", "2")
    sheet = load_workbook(io.BytesIO(reader.get("/gemeente/GM0553/jaarplan/2024/download.xlsx").content)).active
    cell = next(c for row in sheet.iter_rows() for c in row if c.value and "Cameratoezicht" in str(c.value))
    assert cell.data_type == "s"
    page = text(reader.get("/gemeente/GM0553/jaarplan/2024/?per=kwartaal"))
    assert 'href="/gemeente/GM0553/jaarplan/2024/download.xlsx?per=kwartaal"' in page


def test_it_downloads_the_national_comparison_with_its_source(reader, capsys):
    national_figures()
    response = reader.get("/gemeente/GM0553/2023/download/vergelijking.csv")
    assert response.status_code == 200
    rows = rows_of_csv(response)
    assert rows[0][0].startswith("Vergelijking met buren, eenheid en land – Lisse 2023")
    lines = table_of(rows, "Gebied")
    assert "Lisse" in {line["Gebied"] for line in lines} and len(lines) >= 3  # Lisse, its unit, the country
    for line in lines:
        assert line["Status"] in ("voorlopig", "definitief") and "47018NED" in line["Bron"]


def test_it_downloads_the_monitored_sources_and_peer_tables(reader):
    for url in ("/gemeente/GM0553/bronnen/download.csv", "/gemeente/GM0553/vergelijking/download.csv",
                "/gemeente/GM0553/2019/download/gevolgd.csv"):
        response = reader.get(url)
        assert response.status_code == 200, url
        rows = rows_of_csv(response)
        assert "Lisse" in rows[0][0] and rows[1] == ["Gemeente: Lisse (GM0553)"]
        header = " ".join(next(r for r in rows[4:] if r))
        assert "Status" in header and "Bron" in header, url
    page = text(reader.get("/gemeente/GM0553/vergelijking/"))
    assert 'href="/gemeente/GM0553/vergelijking/download.csv"' in page


def test_it_links_every_dashboard_download(reader):
    page = text(reader.get("/gemeente/GM0553/2019/"))
    for table in ("indicatoren", "cijfers", "gevolgd"):
        for fmt in ("csv", "xlsx"):
            assert f'href="/gemeente/GM0553/2019/download/{table}.{fmt}"' in page
    # These demo figures hold no population, so there is no comparison: no download of an empty one either.
    assert "Geen vergelijkingscijfers voor Lisse in dit jaar" in page
    assert "/2019/download/vergelijking." not in page


def national_figures():
    """Real police counts and population of every municipality, 2022–2023: enough for a comparison."""
    from ivb.cli import main

    data = Path(__file__).parent / "data" / "opendata"
    for name, table_id in (("47018NED_GM_2022-2023.csv.gz", "47018NED"), ("70072ned_GM_2022-2023.csv", "70072ned")):
        assert main(["opendata", "import", str(data / name), "--table", table_id]) == 0


def test_it_links_the_comparison_download_when_there_is_a_comparison(reader, capsys):
    national_figures()
    page = text(reader.get("/gemeente/GM0553/2023/"))
    assert "Misdaadindex van Lisse" in page
    for fmt in ("csv", "xlsx"):
        assert f'href="/gemeente/GM0553/2023/download/vergelijking.{fmt}"' in page


URLS = ["/gemeente/GM0553/2019/download/indicatoren.csv", "/gemeente/GM0553/2019/download/vergelijking.xlsx",
        "/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/download.csv",
        "/gemeente/GM0553/vergelijking/download.xlsx", "/gemeente/GM0553/bronnen/download.csv",
        "/gemeente/GM0553/jaarplan/2019/download.csv"]


def test_it_answers_an_outsider_not_found_as_the_page_does(client, demo, outsider):
    client.force_login(outsider)
    for url in URLS:
        assert client.get(url).status_code == 404, url


def test_it_refuses_a_melder_as_the_page_does(client, demo):
    melder = _user("melder-lisse", Role.MELDER, "GM0553")
    client.force_login(melder)
    assert client.get("/gemeente/GM0553/2019/").status_code == 403
    for url in URLS:
        assert client.get(url).status_code == 403, url


def test_it_sends_anonymous_visitors_to_log_in(client, demo):
    assert client.get(URLS[0]).status_code == 302


def test_it_answers_not_found_for_unknown_tables_formats_and_indicators(reader):
    for url in ("/gemeente/GM0553/2019/download/geheim.csv", "/gemeente/GM0553/2019/download/cijfers.pdf",
                "/gemeente/GM0553/2019/indicator/bestaat-niet/download.csv", "/gemeente/GM0553/3000/download/cijfers.csv"):
        assert reader.get(url).status_code == 404, url


def test_it_downloads_both_sources_with_their_status_and_source(client, demo, lisse_reader):
    from tests.test_view_sources import DATA
    from ivb.cli import main

    assert main(["opendata", "import", str(DATA / "47018NED_HLT_2012-2025.csv"), "--table", "47018NED",
                 "--area", "GM0553"]) == 0
    client.force_login(lisse_reader)
    rows = table_of(rows_of_csv(client.get("/gemeente/GM0553/bronnen/download.csv")), "Reeks van het beleid")
    burglary = [r for r in rows if r["Reeks van het beleid"] == "Woninginbraken"]
    y2015 = next(r for r in burglary if r["Periode"] == "2015")
    assert (y2015["Waarde beleid"], y2015["Waarde andere bron"], y2015["Verschil"]) == ("60", "60", "0")
    assert y2015["Bron beleid"] == "Politie-eenheid Den Haag" and y2015["Status andere bron"] == "definitief"
    y2024 = next(r for r in burglary if r["Periode"] == "2024")
    assert (y2024["Waarde beleid"], y2024["Waarde andere bron"], y2024["Status andere bron"]) == ("", "23", "voorlopig")
    page = text(client.get("/gemeente/GM0553/bronnen/"))
    assert 'href="/gemeente/GM0553/bronnen/download.xlsx"' in page


def test_it_downloads_in_english_when_the_interface_is_english(reader):
    from django.conf import settings

    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rows = rows_of_csv(reader.get("/gemeente/GM0553/2019/download/cijfers.csv"))
    assert rows[0] == ["All figures of Lisse – 2019"] and rows[1] == ["Municipality: Lisse (GM0553)"]
    assert rows[5][:6] == ["Series", "Period", "Value", "Unit", "Margin", "Status"]
    assert {r[3] for r in rows[6:] if len(r) > 3 and r[0]} <= {"number", "percentage", "score (1–10)", "rank", ""}


def test_a_survey_indicators_download_carries_its_margin_and_a_corrections_reason(reader):
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    lisse = Area.objects.get(code="GM0553")
    figure = {"series": "vm.slachtoffer_cybercrime", "period": "2019", "value": "17,9", "margin": "1,3",
              "status": "definitief", "source": "Veiligheidsmonitor"}
    assert not enter_observation(lisse, figure, actor_name="test").errors
    assert not enter_observation(lisse, {**figure, "value": "17,6"}, actor_name="test", reason="ophoging herzien").errors
    response = reader.get("/gemeente/GM0553/2019/indicator/slachtofferschap/download.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "Periode")
    body = [dict(zip(rows[header], r, strict=True)) for r in rows[header + 1:] if r[0] and r[1]]
    assert "Marge" in rows[header] and "Reden" in rows[header]
    old, new = (r for r in body if r["Periode"] == "2019")
    assert (old["Waarde"], old["Marge"], old["Vervangen"], old["Reden"]) == (17.9, 1.3, "ja", None)
    assert (new["Waarde"], new["Marge"], new["Vervangen"], new["Reden"]) == (17.6, 1.3, "nee", "ophoging herzien")


def test_the_download_of_all_figures_shows_the_figure_the_page_shows(reader, demo):
    """Walk of 4 December: the page showed the police's newer burglary figure (a linked open-data series), the
    download the policy's own "2019 t/m september; 21". Both show the same now, with its unit."""
    from pathlib import Path

    from ivb.cli import main

    police = Path(__file__).parent / "data" / "opendata" / "47018NED_HLT_2012-2025.csv"
    assert main(["opendata", "import", str(police), "--table", "47018NED"]) == 0
    page = text(reader.get("/gemeente/GM0553/2023/"))
    assert re.search(r"Woninginbraken(?:</a>)?</th>\s*<td class=\"value\"><strong>24</strong> <span class=\"period\">"
                     r"2023</span>", page)
    rows = table_of(rows_of_csv(reader.get("/gemeente/GM0553/2023/download/cijfers.csv")), "Reeks")
    burglary = next(r for r in rows if r["Reeks"] == "Woninginbraken")
    assert (burglary["Periode"], burglary["Waarde"], burglary["Eenheid"]) == ("2023", "24", "aantal")
    assert burglary["Bron"].startswith("Politie (via CBS)")
    monitored = table_of(rows_of_csv(reader.get("/gemeente/GM0553/2023/download/gevolgd.csv")), "Reeks")
    assert {r["Eenheid"] for r in monitored} == {"aantal"}


def test_it_offers_the_table_of_all_figures_only_where_the_page_has_it(client, demo):
    """Walk AT: a municipality whose indicators all point at the monitored police series had no 'Alle cijfers'
    table, yet its download was offered, and held only a header."""
    client.force_login(_user("lezer-noordwijk", Role.LEZER, "GM0575"))
    page = text(client.get("/gemeente/GM0575/2024/"))
    assert "Gevolgde cijfers" in page and "Alle cijfers van Noordwijk" not in page
    assert "download/cijfers.csv" not in page and "download/gevolgd.csv" in page
    client.force_login(_user("lezer-lisse-2", Role.LEZER, "GM0553"))
    assert "download/cijfers.csv" in text(client.get("/gemeente/GM0553/2019/"))


def test_it_gives_the_whole_year_expected_beside_part_of_a_year(reader):
    """Walk AZ: "81" for 2019 t/m september read as the year's figure; the page says what the whole year is
    expected to be, and so does every download of the same table."""
    rows = table_of(rows_of_csv(reader.get("/gemeente/GM0553/2019/download/indicatoren.csv")), "Onderdeel")
    youth = next(r for r in rows if r["Indicator"].startswith("Meldingen jeugdoverlast"))
    assert (youth["Heel jaar verwacht"], youth["Heel jaar verwacht, 80%-interval van"],
            youth["Heel jaar verwacht, 80%-interval tot"]) == ("109", "98", "122")
    page = text(reader.get("/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/"))
    assert "109" in page and "98–122" in page
    whole_years = [r for r in rows if r["Deel van het jaar"] == "nee"]
    assert whole_years and all(r["Heel jaar verwacht"] == "" for r in whole_years)
    figures = table_of(rows_of_csv(reader.get("/gemeente/GM0553/2019/download/cijfers.csv")), "Reeks")
    crimes = next(r for r in figures if r["Reeks"] == "Misdrijven")
    assert (crimes["Periode"], crimes["Heel jaar verwacht"]) == ("2019 t/m september", "778")
    book = load_workbook(io.BytesIO(reader.get("/gemeente/GM0553/2019/download/cijfers.xlsx").content))
    sheet = book["Alle cijfers"]
    body = list(sheet.iter_rows(values_only=True))
    header = next(r for r in body if r[0] == "Reeks")
    row = dict(zip(header, next(r for r in body if r[0] == "Misdrijven"), strict=True))
    assert row["Heel jaar verwacht"] == 778  # a number in Excel


def test_it_gives_a_survey_figure_with_its_margin(reader, demo):
    # Walk BL: the rapportcijfer's ±0,1 was in no download.
    from django.core.cache import cache

    Observation.objects.filter(area__code="GM0553", series__key="vm.slachtoffer_cybercrime", period="2017",
                               superseded_at__isnull=True).update(margin=1.2)
    cache.clear()
    rows = table_of(rows_of_csv(reader.get("/gemeente/GM0553/2019/download/indicatoren.csv")), "Onderdeel")
    cybercrime = next(r for r in rows if r["Indicator"].startswith("Slachtofferschap"))
    assert (cybercrime["Waarde"], cybercrime["Marge"]) == ("18,4", "1,2")
    assert next(r for r in rows if r["Indicator"].startswith("Meldingen jeugdoverlast"))["Marge"] == ""


def test_a_quarter_is_part_of_a_year_in_every_download_and_the_api():
    """Walk BO: a survey's "2e kwartaal 2026" read "ja" in the figures download, "nee" in the indicators download and
    false in the API."""
    from ivb.domain.observations import Point
    from ivb.domain.periods import parse
    from ivb.domain.picture import _point_dict
    from ivb.web.tables import _point_cells

    quarter, whole = Point(parse("2026-Q2"), 31.9, margin=1.8), Point(parse("2025"), 33.0)
    assert _point_cells(quarter)[4] == "ja" and _point_dict(quarter)["deel_van_jaar"] is True
    assert _point_cells(whole)[4] == "nee" and _point_dict(whole)["deel_van_jaar"] is False


def test_a_figures_place_from_open_data_reads_as_on_the_page(reader):
    """Walk BO: the download said "47018NED_GM_2012-2025.csv.gz, 2022JJ00", a StatLine period code, where the page
    says "…, 2022"."""
    from django.core.cache import cache

    from ivb.store.models import Observation

    Observation.objects.filter(series__key="politie.jeugdoverlast", area__code="GM0553", period="2018").update(
        source_reference="47018NED_GM_2012-2025.csv.gz, 2018JJ00 (voorlopig)")
    cache.clear()
    response = reader.get("/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/download.csv")
    rows = rows_of_csv(response)
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Periode")
    body = [dict(zip(rows[header], r, strict=False)) for r in rows[header + 1:] if r and r[0]]
    assert next(r for r in body if r["Periode"] == "2018")["Vindplaats"] == "47018NED_GM_2012-2025.csv.gz, 2018 (voorlopig)"


def test_it_refuses_the_plan_of_a_year_outside_the_policy_as_the_page_does(reader):
    """Walk BS: /jaarplan/2030/download.csv gave an empty "Veiligheidsjaarplan 2030" file; the page and the API say
    that 2030 lies outside the policy period."""
    response = reader.get("/gemeente/GM0553/jaarplan/2030/download.csv")
    assert response.status_code == 404 and "Veiligheidsjaarplan" not in text(response)


def test_it_writes_the_moment_a_figure_was_recorded_as_a_date_a_spreadsheet_can_sort(reader):
    """Walk BS: "Vastgelegd op" was the text '06-12-2026 09:17' in the Excel file; the CSV keeps Dutch Excel's way."""
    import datetime as dt

    url = "/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/download"
    sheet = load_workbook(io.BytesIO(reader.get(url + ".xlsx").content)).active
    header = next(r for r in sheet.iter_rows() if any(c.value == "Vastgelegd op" for c in r))
    column = next(c.column for c in header if c.value == "Vastgelegd op")
    cell = sheet.cell(row=header[0].row + 1, column=column)
    assert isinstance(cell.value, dt.datetime) and cell.number_format == "dd-mm-yyyy hh:mm"
    rows = table_of(rows_of_csv(reader.get(url + ".csv")), "Periode")
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", rows[0]["Vastgelegd op"])


def test_the_monitored_figures_say_what_their_rank_counts_and_which_way_it_runs(reader, demo):
    """Walk BS: "Plaats 17; Van 28" in the download, without the group or that place 1 is the highest rate."""
    national_figures()
    text = reader.get("/gemeente/GM0553/2023/download/gevolgd.csv").content.decode("utf-8-sig")
    assert re.search(r"\r\n[^;\r\n]+;2023;\d+;aantal;.*;\d+;\d+;Politie \(via CBS\)\r\n", text)  # a rank and its "van"
    assert "Plaats … van …: de rang onder de gemeenten met een cijfer over 2023 van " in text
    assert "Plaats 1 heeft het hoogste cijfer per 1.000 inwoners." in text
