"""`ivb observations import`: all rows or none, every bad row reported with row, column and reason."""

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from ivb.cli import main
from ivb.store.models import Area, ImportBatch, Observation
from ivb.store.observation_import import import_observations

HEADER = "gebied;reeks;periode;waarde;status;bron;document;vindplaats;marge;toelichting"
GOOD = [
    "GM0553;politie.woninginbraken;2018;30;definitief;Politie;12-maandsrapportage 2018;tabel;;",
    "GM0553;politie.woninginbraken;2019 t/m september;21;voorlopig;Politie;Rapportage t/m september 2019;tabel;;",
    "GM0553;vm.slachtoffer_cybercrime;2017;18,4;definitief;Veiligheidsmonitor;VM 2017;;1,2;",
]


def csv_bytes(*rows, header=HEADER):
    return ("\n".join([header, *rows]) + "\n").encode("utf-8-sig")


def load(content, name="cijfers.csv"):
    return import_observations(name, content, actor_name="test")


def nothing_written():
    return not Observation.objects.exists() and not ImportBatch.objects.exists()


def test_it_imports_rows_with_their_provenance(reference):
    report = load(csv_bytes(*GOOD))
    assert report.ok and (report.created, report.updated, report.unchanged) == (3, 0, 0)
    ytd = Observation.objects.get(period="2019-tm09")
    assert (ytd.value, ytd.status, ytd.period_kind, str(ytd.period_end)) == (Decimal("21"), "voorlopig", "ytd", "2019-09-30")
    assert (ytd.source, ytd.source_document, ytd.recorded_by_name) == ("Politie", "Rapportage t/m september 2019", "test")
    assert ytd.batch.filename == "cijfers.csv" and len(ytd.batch.sha256) == 64
    survey = Observation.objects.get(series__key="vm.slachtoffer_cybercrime")
    assert (survey.value, survey.margin) == (Decimal("18.4"), Decimal("1.2"))


def test_importing_the_same_file_twice_changes_nothing(reference):
    load(csv_bytes(*GOOD))
    before = list(Observation.objects.values_list("pk", "value", "recorded_at"))
    report = load(csv_bytes(*GOOD))
    assert report.ok and (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert list(Observation.objects.values_list("pk", "value", "recorded_at")) == before
    assert ImportBatch.objects.count() == 1


def test_a_new_value_supersedes_the_old_one_and_keeps_it(reference):
    load(csv_bytes(*GOOD))
    report = load(csv_bytes("GM0553;politie.woninginbraken;2019 t/m september;22;definitief;Politie;;;;"))
    assert (report.created, report.updated) == (0, 1)
    assert report.summary() == ("cijfers.csv: 1 rij gelezen: 0 nieuw, 1 bijgewerkt, 0 ongewijzigd. Bijgewerkt: "
                                "Woninginbraken 2019 t/m september: 21 → 22 (voorlopig → definitief).")
    old, new = Observation.objects.filter(period="2019-tm09").order_by("pk")
    assert (old.value, old.superseded_by, old.superseded_at is not None) == (Decimal("21"), new, True)
    assert (new.value, new.status, new.superseded_at) == (Decimal("22"), "definitief", None)


BAD_ROWS = [  # each on its own period, so that no two of them are also duplicates of each other
    ("GM9999;politie.geweld;2010;30;definitief;Politie;;;;", "gebied", "onbekend gebied 'GM9999'"),
    # Leading zeros lost (a spreadsheet makes a number of 0553): the municipality it would be is named (walk BL).
    ("GM553;politie.geweld;2007;30;definitief;Politie;;;;", "gebied",
     "onbekend gebied 'GM553'; bedoelt u GM0553 (Lisse)?"),
    ("553;politie.geweld;2006;30;definitief;Politie;;;;", "gebied", "onbekend gebied '553'; bedoelt u GM0553 (Lisse)?"),
    ("GM0553;politie.inbraken;2011;30;definitief;Politie;;;;", "reeks", "onbekende reeks 'politie.inbraken'"),
    ("WK055302;politie.geweld;2008;30;definitief;Politie;;;;", "gebied",
     "'WK055302' is een wijk of buurt; IVB volgt cijfers per gemeente (gebruik de code van de gemeente, zoals GM0553)"),
    ("GM0553;politie.geweld;2012;dertig;definitief;Politie;;;;", "waarde", "'dertig' is geen getal"),
    ("GM0553;politie.geweld;2013;;definitief;Politie;;;;", "waarde", "waarde ontbreekt"),
    ("GM0553;politie.geweld;2014;12345678901234567;definitief;Politie;;;;", "waarde", "te groot"),
    ("GM0553;politie.geweld;2015;1.5;definitief;Politie;;;;", "waarde", "geheel getal"),
    ("GM0553;politie.geweld;2009;1,000;definitief;Politie;;;;", "waarde", "dubbelzinnig: bedoelt u 1000 of 1?"),
    ("GM0553;vm.rapportcijfer_veiligheid_buurt;2009;7.000;definitief;VM;;;;", "waarde", "dubbelzinnig"),
    ("GM0553;vm.slachtoffer_cybercrime;2016;118,4;definitief;VM;;;;", "waarde", "niet groter zijn dan 100"),
    ("GM0553;politie.geweld;2016;-3;definitief;Politie;;;;", "waarde", "niet kleiner zijn dan 0"),
    ("GM0553;politie.geweld;2099;30;definitief;Politie;;;;", "periode", "ligt in de toekomst"),
    ("GM0553;politie.geweld;1850;30;definitief;Politie;;;;", "periode", "buiten het bereik"),
    ("GM0553;politie.geweld;2018-14;30;definitief;Politie;;;;", "periode", "maand 14 bestaat niet"),
    ("GM0553;politie.geweld;2017;30;zeker;Politie;;;;", "status", "voorlopig of definitief"),
    ("GM0553;politie.geweld;2018;30;definitief;;;;;", "bron", "bron ontbreekt"),
    ("GM0553;vm.slachtoffer_cybercrime;2015;18,4;definitief;VM;;;-1;", "marge", "niet negatief"),
]


@pytest.mark.parametrize("row,column,reason", BAD_ROWS)
def test_a_bad_row_is_reported_and_nothing_is_written(reference, row, column, reason):
    report = load(csv_bytes(*GOOD, row))
    assert not report.ok
    assert [(p.row, p.column) for p in report.problems] == [(5, column)]
    assert reason in report.problems[0].message
    assert "er is niets opgeslagen" in report.summary()
    assert nothing_written()


def test_every_bad_row_is_listed_at_once(reference):
    rows = [r for r, _, _ in BAD_ROWS]
    report = load(csv_bytes(GOOD[0], *rows))
    assert [p.row for p in report.problems] == list(range(3, 3 + len(rows)))
    assert nothing_written()


def test_a_count_with_a_thousands_dot_is_read_as_dutch_writes_it(reference):
    # Walk AO: Dutch Excel's "#.##0" writes 38.123; a count has no decimals, so the dot can only group thousands.
    report = load(csv_bytes(*GOOD, "GM0553;politie.geweld;2009;12.000;definitief;Politie;;;;",
                            "GM0553;politie.geweld;2010;38.123;definitief;Politie;;;;"))
    assert report.ok, report.problems
    stored = dict(Observation.objects.filter(series__key="politie.geweld", period__in=["2009", "2010"])
                  .values_list("period", "value"))
    assert stored == {"2009": Decimal("12000"), "2010": Decimal("38123")}


def test_a_duplicate_row_names_the_first(reference):
    report = load(csv_bytes(GOOD[0], GOOD[1], "GM0553;politie.woninginbraken;2018;30;definitief;Politie;;;;"))
    assert [p.render() for p in report.problems] == [
        "rij 4, kolom periode: dubbel: Woninginbraken voor Lisse in 2018 staat ook op rij 2"]
    assert nothing_written()


def test_it_accepts_comma_separated_english_headers_and_area_names(reference):
    content = b"area,series,period,value,status,source\nLisse,politie.geweld,2018,51,definitive,Politie\n"
    report = load(content)
    assert report.ok and Observation.objects.get().area.code == "GM0553"


def test_it_takes_excels_separator_line_and_counts_rows_as_excel_shows_them(reference):
    # Walk AO: "sep=;" on the first line read as "geen kolomkoppen gevonden".
    content = ("sep=;\r\n" + HEADER + "\r\nGM0553;politie.geweld;2018;51;definitief;Politie;;;;\r\n"
               "GM0553;politie.geweld;2019;veel;definitief;Politie;;;;\r\n").encode("utf-8-sig")
    report = load(content)
    assert [p.render() for p in report.problems] == [
        "rij 3, kolom waarde: 'veel' is geen getal (gebruik bijvoorbeeld 18,4 of 1234)"]
    assert load(content.replace(b"veel", b"52")).ok and Observation.objects.count() == 2


def test_it_accepts_a_windows_1252_csv_from_excel_when_the_encoding_is_named(reference):
    content = (HEADER + "\nGM0553;politie.geweld;2018;51;definitief;Politie;Rapportage politie;§2 tabel;;Geüpdatet\n").encode("cp1252")
    report = import_observations("cijfers.csv", content, actor_name="test", encoding="cp1252")
    assert report.ok and Observation.objects.get().note == "Geüpdatet"


def test_a_utf8_csv_named_windows_1252_is_refused_not_garbled(reference):
    content = (HEADER + "\nGM0553;politie.geweld;2018;51;definitief;Politie – café;;;;\n").encode("utf-8")
    report = import_observations("cijfers.csv", content, actor_name="test", encoding="cp1252")
    assert [p.message for p in report.problems] == [
        "het bestand is UTF-8 (met tekens als '–'), niet Windows-1252: zo gelezen zou '–' als 'â€“' opgeslagen "
        "worden; kies UTF-8"]
    assert nothing_written()
    # ASCII alone reads the same in both: accepted.
    plain = (HEADER + "\nGM0553;politie.geweld;2018;51;definitief;Politie;;;;\n").encode("utf-8")
    assert import_observations("cijfers.csv", plain, actor_name="test", encoding="cp1252").ok


def test_a_windows_1252_csv_is_refused_without_its_encoding_named(reference):
    content = (HEADER + "\nGM0553;politie.geweld;2018;51;definitief;Politie;Rapportage politie;§2 tabel;;Geüpdatet\n").encode("cp1252")
    report = load(content)
    offset = content.index("§".encode("cp1252")) + 1
    assert [p.message for p in report.problems] == [
        f"regel 2, byte {offset}: geen geldige UTF-8; kies de codering Windows-1252 als het bestand uit "
        "Excel komt"]
    assert nothing_written()


@pytest.mark.parametrize("content,message", [
    (b"", "het bestand is leeg"),
    (b"  \n\n", "het bestand is leeg"),
    (csv_bytes(), "geen waarnemingen"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "geen CSV- of XLSX-bestand"),
    (b"Dit is een brief aan de raad.\nMet vriendelijke groet,\n", "geen kolomkoppen gevonden"),
    (b"PK\x03\x04rommel", "geen leesbaar XLSX-bestand"),
    (csv_bytes(GOOD[0], header="gebied;reeks;periode;waarde;status"), "verplichte kolom(men) ontbreken: bron"),
    (csv_bytes(GOOD[0], header=HEADER.replace("waarde", "vallue")), "onbekende kolom(men): vallue"),
])
def test_a_file_that_cannot_be_read_is_refused(reference, content, message):
    report = load(content)
    assert len(report.problems) == 1 and message in report.problems[0].message
    assert nothing_written()


def xlsx_bytes(sheet_title, rows):
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_it_imports_an_xlsx_sheet_with_numbers_as_numbers(reference):
    content = xlsx_bytes("Waarnemingen", [HEADER.split(";"),
                                          ["GM0553", "vm.rapportcijfer_veiligheid_buurt", 2017, 7.4, "definitief", "VM"]])
    report = load(content, "cijfers.xlsx")
    assert report.ok
    assert (Observation.objects.get().value, Observation.objects.get().period) == (Decimal("7.4"), "2017")


def test_it_refuses_an_xlsx_without_the_observations_sheet(reference):
    content = xlsx_bytes("Blad1", [HEADER.split(";"), ["GM0553", "politie.geweld", 2018, 51, "definitief", "Politie"]])
    report = load(content, "cijfers.xlsx")
    assert [p.message for p in report.problems] == ["werkblad 'Waarnemingen' ontbreekt; gevonden: Blad1"]
    assert nothing_written()


def test_the_xlsx_row_numbers_match_the_spreadsheet(reference):
    content = xlsx_bytes("Waarnemingen", [HEADER.split(";"), [None] * 6,
                                          ["GM0553", "politie.geweld", 2018, 1e300, "definitief", "Politie"]])
    report = load(content, "cijfers.xlsx")
    assert [(p.row, p.column) for p in report.problems] == [(3, "waarde")]
    assert "te groot" in report.problems[0].message


def test_the_template_can_be_filled_in_and_imported(reference, tmp_path, capsys):
    path = tmp_path / "sjabloon.xlsx"
    assert main(["observations", "template", "-o", str(path)]) == 0
    book = load_workbook(path)
    assert book.sheetnames == ["Waarnemingen", "Toelichting", "Gebieden", "Reeksen"]
    sheet = book["Waarnemingen"]
    assert [c.value for c in sheet[1]] == HEADER.split(";")
    assert "GM0553" in [c.value for c in book["Gebieden"]["A"]]
    assert "politie.woninginbraken" in [c.value for c in book["Reeksen"]["A"]]
    sheet.append(["GM0553", "politie.woninginbraken", "2019 t/m september", 21, "voorlopig", "Politie"])
    book.save(path)
    capsys.readouterr()
    assert main(["observations", "import", str(path)]) == 0
    assert "1 nieuw" in capsys.readouterr().out


def template_rows(tmp_path, sheet):
    path = tmp_path / "sjabloon.xlsx"
    assert main(["observations", "template", "-o", str(path)]) == 0
    return [[c.value for c in row] for row in load_workbook(path)[sheet].iter_rows()]


def test_the_template_names_each_series_unit_in_words(reference, tmp_path):
    rows = template_rows(tmp_path, "Reeksen")
    assert rows[0] == ["sleutel", "naam", "eenheid", "bron"]
    unit = {key: unit for key, _name, unit, _source in rows[1:]}
    assert unit["politie.woninginbraken"] == "aantal"
    assert unit["vm.slachtoffer_cybercrime"] == "percentage"
    assert unit["vm.rapportcijfer_veiligheid_buurt"] == "rapportcijfer (1–10)"
    assert unit["ad.misdaadmeter_rang"] == "rangnummer"
    assert not {"count", "percent", "grade", "rank", "per_100", "per_1000"} & set(unit.values())


def test_the_template_lists_current_areas_first_and_marks_former_municipalities(reference, tmp_path):
    rows = template_rows(tmp_path, "Gebieden")
    assert rows[0] == ["code", "naam", "soort", "bestond tot en met", "opgegaan in"]
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["GM0553"] == ["GM0553", "Lisse", "gemeente", None, None]
    assert by_code["GM0003"] == ["GM0003", "Appingedam", "gemeente", "31-12-2020", "Eemsdelta (GM1979)"]
    assert by_code["GM0006"] == ["GM0006", "Beerta", "gemeente", "30-06-1991", "Reiderland (GM1661)"]
    assert by_code["GM0953"][1:4] == ["Ohé en Laak", "gemeente", "31-12-1990"]
    # The 342 municipalities of today come first, then the other areas of today, then every former one.
    former = [row[3] is not None for row in rows[1:]]
    assert former == sorted(former) and former.count(False) == 342 + 1 + 12 + 10
    assert [row[2] for row in rows[1:343]] == ["gemeente"] * 342
    assert not any("\u201a" in row[1] for row in rows[1:])


def test_the_command_prints_every_problem_and_exits_non_zero(reference, tmp_path, capsys):
    path = tmp_path / "fout.csv"
    path.write_bytes(csv_bytes(GOOD[0], BAD_ROWS[0][0], BAD_ROWS[3][0]))
    assert main(["observations", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "fout.csv: rij 3, kolom gebied: onbekend gebied 'GM9999'" in err
    assert "fout.csv: rij 4, kolom reeks: onbekende reeks 'politie.inbraken'" in err
    assert "2 problemen gevonden; er is niets opgeslagen." in err
    assert nothing_written()


def test_cells_beyond_the_last_column_are_refused_not_dropped(reference):
    report = load(csv_bytes("GM0553;politie.geweld;2018;51;definitief;Politie;;;;Zie rapport; blz. 4"))
    assert [p.render() for p in report.problems] == [
        "rij 2: de rij heeft meer cellen dan er kolommen zijn (blz. 4); staat er een scheidingsteken "
        "in een tekst? Zet die tekst tussen aanhalingstekens"]
    assert nothing_written()


def test_row_numbers_count_records_as_a_spreadsheet_does(reference):
    report = load(csv_bytes('GM0553;politie.geweld;2018;51;definitief;Politie;;;;"regel een\nregel twee\nregel drie"',
                            "GM0553;politie.geweld;2017;zestig;definitief;Politie;;;;"))
    assert [(p.row, p.column) for p in report.problems] == [(3, "waarde")]


def test_a_year_that_is_not_over_is_refused(reference):
    this_year = __import__("datetime").date.today().year
    report = load(csv_bytes(f"GM0553;politie.geweld;{this_year};51;definitief;Politie;;;;"))
    assert [(p.row, p.column) for p in report.problems] == [(2, "periode")]
    assert f"periode {this_year} is nog niet voorbij" in report.problems[0].message


def test_a_survey_of_the_year_under_way_carries_that_year(reference):
    """Walk BO: a survey held this spring could not be entered as this year; the hint led to "2026 t/m november",
    which the pages then called part of a year. A percentage is a measurement of the year, not a total over it."""
    this_year = __import__("datetime").date.today().year
    report = load(csv_bytes(f"GM0553;vm.slachtoffer_cybercrime;{this_year};18,4;voorlopig;Veiligheidsmonitor;;;1,2;"))
    assert not report.problems
    stored = Observation.objects.get(series__key="vm.slachtoffer_cybercrime")
    assert (stored.period, float(stored.value), float(stored.margin)) == (str(this_year), 18.4, 1.2)


def test_an_xlsx_percentage_cell_is_read_as_shown(reference):
    book = Workbook()
    sheet = book.active
    sheet.title = "Waarnemingen"
    sheet.append(HEADER.split(";"))
    sheet.append(["GM0553", "vm.slachtoffer_cybercrime", 2017, 0.184, "definitief", "Veiligheidsmonitor"])
    sheet["D2"].number_format = "0.0%"
    buffer = io.BytesIO()
    book.save(buffer)
    report = load(buffer.getvalue(), "cijfers.xlsx")
    assert report.ok and Observation.objects.get().value == Decimal("18.4")


def test_a_month_excel_turned_into_a_date_is_read_as_that_month(reference):
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet.title = "Waarnemingen"
    sheet.append(HEADER.split(";"))
    sheet.append(["GM0553", "politie.geweld", dt.datetime(2019, 3, 1), 5, "definitief", "Politie"])
    sheet["C2"].number_format = "mmm-yy"  # what Excel makes of a typed 2019-03: shown as mrt-19
    buffer = io.BytesIO()
    book.save(buffer)
    report = load(buffer.getvalue(), "cijfers.xlsx")
    assert report.ok and Observation.objects.get().period == "2019-03"


def test_a_damaged_xlsx_is_refused_with_a_message(reference):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types><niet-af")
        archive.writestr("xl/workbook.xml", "<workbook><niet-af")
    report = load(buffer.getvalue(), "kapot.xlsx")
    assert [p.message for p in report.problems] == [
        "het bestand is een beschadigde Excel-werkmap (.xlsx) die IVB niet kan lezen; open het in Excel en sla het "
        "opnieuw op als Excel-werkmap"]
    assert nothing_written()


def test_a_file_does_not_undo_a_correction_made_by_hand(reference):
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    load(csv_bytes(*GOOD))
    corrected = enter_observation(Area.objects.get(code="GM0553"), {
        "series": "politie.woninginbraken", "period": "2018", "value": "31", "status": "definitief",
        "source": "Politie", "document": "12-maandsrapportage 2018", "reference": "tabel"},  # as the page prefills
        actor_name="advisor", reason="telfout in de 12-maandsrapportage")
    assert not corrected.errors
    # The same file again, with 30 for 2018 and one new row: refused whole, the correction stays.
    report = load(csv_bytes(*GOOD, "GM0553;politie.geweld;2018;51;definitief;Politie;;;;"))
    assert [p.render() for p in report.problems] == [
        "rij 2, kolom waarde: Woninginbraken 2018 is op " + timezone.localtime(corrected.observation.recorded_at).strftime("%d-%m-%Y")
        + " met de hand op 31 gezet (reden: telfout in de 12-maandsrapportage); het bestand zegt 30. Neem dat "
        "cijfer over in het bestand, of corrigeer het met de hand"]
    assert report.summary() == "cijfers.csv: 1 probleem gevonden; er is niets opgeslagen."
    current = Observation.objects.get(period="2018", series__key="politie.woninginbraken", superseded_at__isnull=True)
    assert (current.value, current.correction_reason) == (Decimal("31"), "telfout in de 12-maandsrapportage")
    assert not Observation.objects.filter(series__key="politie.geweld").exists()
    assert ImportBatch.objects.count() == 1
    # A file that carries the correction goes in (its note may differ).
    fixed = GOOD[0].replace(";30;", ";31;").replace(";;", ";;gecorrigeerd", 1)
    assert load(csv_bytes(fixed, *GOOD[1:])).ok


def test_figures_on_a_second_sheet_are_refused_not_left_out(reference):
    book = Workbook()
    first = book.active
    first.title = "Waarnemingen"
    first.append(HEADER.split(";"))
    first.append(["GM0553", "politie.geweld", 2018, 51, "definitief", "Politie"])
    copy = book.create_sheet("Waarnemingen (2)")
    copy.append(HEADER.split(";"))
    copy.append(["GM0553", "politie.geweld", 2017, 49, "definitief", "Politie"])
    book.create_sheet("Reeksen").append(["sleutel", "naam", "eenheid", "bron"])  # the template's own: no figures
    buffer = io.BytesIO()
    book.save(buffer)
    report = load(buffer.getvalue(), "cijfers.xlsx")
    assert [p.message for p in report.problems] == [
        "werkblad 'Waarnemingen (2)' heeft ook kolommen voor cijfers, maar IVB leest alleen het werkblad "
        "'Waarnemingen'; zet alle cijfers daar, of verwijder het andere werkblad"]
    assert nothing_written()


MONTHS = [f"GM0553;politie.jeugdoverlast;2023-{m:02d};{v};definitief;Politie;Maandoverzicht;;;"
          for m, v in zip(range(1, 11), (12, 9, 11, 10, 13, 8, 12, 10, 11, 10), strict=True)]  # 106 in all


@pytest.mark.parametrize("total, message", [
    ("2023 t/m oktober;50", "rij 12, kolom waarde: Jeugdoverlast 2023 t/m oktober: 50, maar de maanden januari t/m "
                            "oktober tellen op tot 106; een totaal kan niet kleiner zijn dan zijn delen. Verhoog "
                            "eerst het totaal (of trek het in), of verlaag de delen"),
    ("2023;60", "rij 12, kolom waarde: Jeugdoverlast 2023: 60, maar de maanden januari t/m oktober tellen op tot 106; "
                "een totaal kan niet kleiner zijn dan zijn delen. Verhoog eerst het totaal (of trek het in), of "
                "verlaag de delen"),
    ("2023-Q1;30", "rij 12, kolom waarde: Jeugdoverlast 1e kwartaal 2023: 30, maar de maanden januari t/m maart "
                   "tellen op tot 32; een totaal kan niet kleiner zijn dan zijn delen. Verhoog eerst het totaal (of "
                   "trek het in), of verlaag de delen"),
])
def test_a_total_that_contradicts_its_months_is_refused(reference, total, message):
    row = f"GM0553;politie.jeugdoverlast;{total};definitief;Politie;Rapportage;;;"
    report = load(csv_bytes(*MONTHS, row))
    assert [p.render() for p in report.problems] == [message]
    assert nothing_written()


def test_a_total_that_fits_its_months_is_taken_also_against_stored_months(reference):
    assert load(csv_bytes(*MONTHS)).ok
    # Stored months, a new file with the totals: 106 fits; a year of 130 holds more months than are known; a
    # quarter above its months may hold counts registered later.
    assert load(csv_bytes("GM0553;politie.jeugdoverlast;2023 t/m oktober;114;definitief;Politie;;;;",
                          "GM0553;politie.jeugdoverlast;2023;130;definitief;Politie;;;;",
                          "GM0553;politie.jeugdoverlast;2023-Q1;40;definitief;Politie;;;;")).ok
    # A stored total, a new month that makes its months add up past it (106 + 30 > 130): named at the month's row.
    late = load(csv_bytes("GM0553;politie.jeugdoverlast;2023-11;30;definitief;Politie;;;;"))
    assert [p.render() for p in late.problems] == [
        "rij 2, kolom waarde: Jeugdoverlast 2023: 130, maar 2023 t/m oktober en november 2023 tellen samen op tot "
        "144; een totaal kan niet kleiner zijn dan zijn delen. Verhoog eerst het totaal (of trek het in), of verlaag "
        "de delen"]
    assert load(csv_bytes("GM0553;politie.jeugdoverlast;2023-11;16;definitief;Politie;;;;")).ok  # 114 + 16 = 130


def test_one_figure_at_a_time_can_correct_a_month_past_its_total(reference):
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    lisse = Area.objects.get(code="GM0553")
    assert load(csv_bytes(*MONTHS, "GM0553;politie.jeugdoverlast;2023 t/m oktober;106;definitief;Politie;;;;")).ok
    march = {"series": "politie.jeugdoverlast", "period": "2023-03", "value": "13", "status": "definitief",
             "source": "Politie"}
    refused = enter_observation(lisse, march, actor_name="test", reason="nagekomen")
    assert refused.errors["value"][0].startswith("Jeugdoverlast 2023 t/m oktober: 106, maar de maanden januari t/m "
                                                 "oktober tellen op tot 108;")
    # A year below its quarter, or below a "t/m" count inside it, is refused too.
    assert not enter_observation(lisse, {**march, "period": "2023-Q4", "value": "200"}, actor_name="test").errors
    year = enter_observation(lisse, {**march, "period": "2023", "value": "150"}, actor_name="test")
    assert year.errors["value"] == ["Jeugdoverlast 2023: 150, maar januari t/m september 2023 en 4e kwartaal 2023 "
                                    "tellen samen op tot 296; een totaal kan niet kleiner zijn dan zijn delen. Verhoog "
                                    "eerst het totaal (of trek het in), of verlaag de delen"]
    year = enter_observation(lisse, {**march, "period": "2023 t/m november", "value": "100"}, actor_name="test")
    assert year.errors["value"][0].startswith("Jeugdoverlast 2023 t/m november: 100, maar 2023 t/m oktober telt al "
                                              "106;")
    assert enter_observation(lisse, {**march, "period": "2023 t/m november", "value": "100"}, actor_name="test",
                             ).errors == year.errors  # the same words each time
    total = {**march, "period": "2023 t/m oktober", "value": "108"}
    assert not enter_observation(lisse, total, actor_name="test", reason="nagekomen").errors  # the total first
    assert not enter_observation(lisse, march, actor_name="test", reason="nagekomen").errors  # then the month


def test_a_total_below_its_months_is_named_with_the_files_other_problems(reference):
    """All problems in one pass, as the upload page promises: the total's conflict is not held back until the
    other rows are fixed (walk N #3)."""
    assert load(csv_bytes(*MONTHS)).ok  # January to October 2023: 106
    report = load(csv_bytes("GM0553;politie.geweld;2023;twaalf;definitief;Politie;;;;",
                            "GM0553;politie.jeugdoverlast;2023 t/m oktober;50;definitief;Politie;;;;"))
    assert [p.row for p in report.problems] == [2, 3]
    assert report.problems[1].message.startswith("Jeugdoverlast 2023 t/m oktober: 50, maar de maanden januari t/m "
                                                 "oktober tellen op tot 106;")
    assert Observation.objects.count() == len(MONTHS) and ImportBatch.objects.count() == 1  # nothing of this file


def test_a_series_with_a_refused_row_is_not_checked_against_its_stored_months(reference):
    # March corrected from 11 to 1 on a refused row: the stored 11 would make 106 a conflict that is not there.
    assert load(csv_bytes(*MONTHS)).ok
    report = load(csv_bytes("GM0553;politie.jeugdoverlast;2023-03;1;onbekend;Politie;;;;",
                            "GM0553;politie.jeugdoverlast;2023 t/m oktober;100;definitief;Politie;;;;"))
    assert [p.row for p in report.problems] == [2]


def test_months_stored_just_before_a_total_is_written_are_seen(reference, monkeypatch):
    """Another writer stores the months after this form was read and before its transaction begins: the total is
    still checked against them, inside the transaction."""
    import contextlib
    import types

    from django.db import transaction

    from ivb.store import entry
    from ivb.store.models import Area

    @contextlib.contextmanager
    def another_writer_first():
        assert load(csv_bytes(*MONTHS)).ok  # January to October 2023: 106
        with transaction.atomic():
            yield

    monkeypatch.setattr(entry, "transaction", types.SimpleNamespace(atomic=another_writer_first))
    total = {"series": "politie.jeugdoverlast", "period": "2023 t/m oktober", "value": "50", "status": "definitief",
             "source": "Politie"}
    refused = entry.enter_observation(Area.objects.get(code="GM0553"), total, actor_name="test")
    assert refused.errors["value"][0].startswith("Jeugdoverlast 2023 t/m oktober: 50, maar de maanden januari t/m "
                                                 "oktober tellen op tot 106;")
    assert not Observation.objects.filter(period="2023-tm10").exists()


def test_a_total_already_at_odds_with_stored_months_does_not_block_another_month(reference):
    import datetime as dt

    from ivb.store.models import Area, Series

    assert load(csv_bytes(*MONTHS)).ok
    # Stored before this rule (or by open data, which has no months): a year of 50 beside months of 106.
    Observation.objects.create(series=Series.objects.get(key="politie.jeugdoverlast"),
                               area=Area.objects.get(code="GM0553"), period="2023", period_kind="year",
                               period_start=dt.date(2023, 1, 1), period_end=dt.date(2023, 12, 31), value=50,
                               status="definitief", source="Politie", recorded_by_name="test")
    assert load(csv_bytes("GM0553;politie.jeugdoverlast;2023-11;9;definitief;Politie;;;;")).ok

def test_a_file_does_not_put_back_a_withdrawn_figure(reference):
    from ivb.store.entry import withdraw_observation
    from ivb.store.models import Area

    load(csv_bytes(*GOOD))
    wrong = Observation.objects.get(period="2018", series__key="politie.woninginbraken")
    assert not withdraw_observation(Area.objects.get(code="GM0553"), wrong.pk, "testregel", actor_name="a").errors
    report = load(csv_bytes(*GOOD))
    assert [p.render() for p in report.problems] == [
        "rij 2, kolom waarde: Woninginbraken 2018 (30) is op " + timezone.localtime(wrong.withdrawal.withdrawn_at).strftime("%d-%m-%Y")
        + " ingetrokken (reden: testregel); het bestand zet het terug. Haal de rij uit het bestand, of voer het "
        "cijfer met de hand opnieuw in"]
    assert not Observation.objects.filter(period="2018", series__key="politie.woninginbraken",
                                          superseded_at__isnull=True).exists()
    # Another value for that period is a new figure.
    assert load(csv_bytes(GOOD[0].replace(";30;", ";27;"))).ok


def test_a_file_does_not_undo_any_hand_act(reference):
    """The walk's cases: a value withdrawn and typed in anew; a correction later withdrawn; a status made
    provisional again."""
    from ivb.store.entry import enter_observation, withdraw_observation
    from ivb.store.models import Area

    lisse = Area.objects.get(code="GM0553")
    load(csv_bytes(*GOOD))

    def current(period):
        return Observation.objects.get(series__key="politie.woninginbraken", period=period, superseded_at__isnull=True)

    # Withdrawn 30, typed in 41 on the page: the file's 30 would replace 41.
    assert not withdraw_observation(lisse, current("2018").pk, "hoort bij Hillegom", actor_name="a").errors
    figure = {"series": "politie.woninginbraken", "period": "2018", "value": "41", "status": "definitief",
              "source": "Politie"}
    assert not enter_observation(lisse, figure, actor_name="a").errors
    refused = load(csv_bytes(*GOOD))
    assert [p.message for p in refused.problems][0].startswith(
        "Woninginbraken 2018 is op ") and "met de hand op 41 gezet; het bestand zegt 30" in refused.problems[0].message
    # Corrected 21 → 22 by hand, then withdrawn: the file's 21 would come back.
    ytd = {**figure, "period": "2019 t/m september", "value": "22", "status": "voorlopig"}
    assert not enter_observation(lisse, ytd, actor_name="a", reason="nagekomen").errors
    assert not withdraw_observation(lisse, current("2019-tm09").pk, "dubbel", actor_name="a").errors
    refused = load(csv_bytes(GOOD[1]))
    assert "(21) is op " in refused.problems[0].message and "met de hand vervangen (reden: nagekomen); het bestand " \
                                                             "zet het terug" in refused.problems[0].message
    assert current("2018").value == 41 and not Observation.objects.filter(period="2019-tm09",
                                                                           superseded_at__isnull=True).exists()
    # Definitive, then a file that says provisional: refused at the status.
    load(csv_bytes("GM0553;politie.geweld;2017;49;definitief;Politie;;;;"))
    refused = load(csv_bytes("GM0553;politie.geweld;2017;50;voorlopig;Politie;;;;"))
    assert [p.render() for p in refused.problems] == [
        "rij 2, kolom status: Geweld 2017 is definitief; het bestand maakt het weer voorlopig. Een definitief cijfer "
        "wordt niet opnieuw voorlopig: zet 'definitief' in het bestand"]


def test_a_hand_correction_of_the_source_alone_is_not_undone_by_a_file(reference):
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    load(csv_bytes(*GOOD))
    assert not enter_observation(Area.objects.get(code="GM0553"), {
        "series": "politie.woninginbraken", "period": "2018", "value": "30", "status": "definitief",
        "source": "Politie", "document": "12-maandsrapportage 2018 (herzien)"}, actor_name="a",
        reason="herziene rapportage").errors
    refused = load(csv_bytes(*GOOD))
    assert "met de hand op 30 gezet (reden: herziene rapportage); het bestand heeft een andere status, bron of " \
           "vindplaats" in refused.problems[0].message


def test_the_template_from_a_municipalitys_page_names_its_own_code_and_offers_lists(client, analyst):
    """Walk of 4 December: Oss's template explained the area column with "GM0553 (Lisse)", and the area and series
    had to be copied by hand from the other sheets."""
    from ivb.accounts.models import Membership, Role

    Membership.objects.create(user=analyst, municipality=Area.objects.get(code="GM0828"), role=Role.ANALIST)
    client.force_login(analyst)
    response = client.get("/gemeente/GM0828/cijfers/sjabloon.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    explained = {row[0]: row[2] for row in book["Toelichting"].iter_rows(values_only=True) if row and row[0]}
    assert "zoals GM0828 (Oss)" in explained["gebied"] and "Lisse" not in explained["gebied"]
    lists = {str(v.sqref): v.formula1 for v in book["Waarnemingen"].data_validations.dataValidation if v.type == "list"}
    assert lists["A2:A5000"].startswith("=Gebieden!$A$2:$A$") and lists["B2:B5000"].startswith("=Reeksen!$A$2:$A$")
    # Walk X: the page's upload takes Oss's figures only, so the list to choose from is Oss, not 811 areas.
    assert [row[0] for row in book["Gebieden"].iter_rows(min_row=2, values_only=True)] == ["GM0828"]


def test_an_open_data_series_without_figures_says_where_it_comes_from_and_where_own_figures_go(reference):
    report = import_observations("cijfers.csv", b"gebied,reeks,periode,waarde,status,bron\nGM0553,politie.od.0.0.0,2019,700,definitief,eigen telling\n",
                                 actor_name="test")
    assert [p.message for p in report.problems] == [
        "reeks 'politie.od.0.0.0' (Totaal misdrijven (politie open data, misdrijven)) heeft nog geen cijfers in IVB; "
        "zij komt met de import van de open data (Politie (via CBS), tabel 47018NED, 'ivb opendata import', door de "
        "beheerder). Eigen cijfers horen bij 'politie.misdrijven' (Misdrijven)"]


def test_a_file_does_not_replace_an_official_figure_with_another_value(reference, capsys):
    """Walk AO: one typo in a file replaced the police's 210 by 999, made it definitive and asked no reason; the
    correction page and the API ask one."""
    from pathlib import Path

    from ivb.cli import main

    data = Path(__file__).parent / "data" / "opendata" / "47018NED_ZK_2012-2025.csv"
    assert main(["opendata", "import", str(data), "--table", "47018NED"]) == 0
    capsys.readouterr()
    before = list(Observation.objects.order_by("pk").values_list("pk", "value", "status", "superseded_at"))
    report = load(csv_bytes("GM0377;politie.od.1.1.1;2012;999;definitief;Politie eigen telling;;;;"))
    assert not report.ok
    assert [p.render() for p in report.problems] == [
        "rij 2, kolom waarde: Diefstal/inbraak woning (politie open data, misdrijven) 2012 is 210 volgens de open "
        "data van CBS en de politie; het bestand zegt 999. Een officieel cijfer wordt niet met een bestand "
        "veranderd: corrigeer het met de hand, met een reden, of haal de rij uit het bestand"]
    assert list(Observation.objects.order_by("pk").values_list("pk", "value", "status", "superseded_at")) == before
    # Walk AP: the same value with another source went in, and the next file's other value then went round the
    # check (and another source alone took the figure out of the partners' region figure). Neither goes in.
    other_source = load(csv_bytes("GM0377;politie.od.1.1.1;2012;210;definitief;Gemeente Bloemendaal;;;;"))
    assert [p.render() for p in other_source.problems] == [
        "rij 2, kolom waarde: Diefstal/inbraak woning (politie open data, misdrijven) 2012 is 210 volgens de open "
        "data van CBS en de politie; het bestand geeft het een andere marge, status, bron, document, vindplaats of "
        "toelichting. Een officieel cijfer wordt niet met een bestand veranderd: corrigeer het met de hand, met een "
        "reden, of haal de rij uit het bestand"]
    assert list(Observation.objects.order_by("pk").values_list("pk", "value", "status", "superseded_at")) == before
    official = Observation.objects.get(area__code="GM0377", series__key="politie.od.1.1.1", period="2012")
    same = (f'GM0377;politie.od.1.1.1;2012;210;{official.status};"{official.source}";"{official.source_document}";'
            f'"{official.source_reference}";;')
    assert load(csv_bytes(same)).unchanged == 1  # the police's own row changes nothing and is no problem
    noted = load(csv_bytes(same + "een toelichting"))  # a review: a note alone was the first of two steps
    assert not noted.ok and "andere marge, status, bron, document, vindplaats of toelichting" in noted.problems[0].message
    assert list(Observation.objects.order_by("pk").values_list("pk", "value", "status", "superseded_at")) == before
