"""Figures files as users make them (walk of the page Cijfers importeren): dates Excel made of a period, UTF-16
text, zips that are no workbook, words in number cells, formulas without a value. Each is refused in words that
say what the cell or file holds and what to do, and nothing is stored; or, where it is safe, read as meant."""

import codecs
import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from ivb.store.models import ImportBatch, Observation
from tests.test_observation_import import GOOD, HEADER, csv_bytes, load, nothing_written

ROW = ["GM0553", "politie.geweld", 2018, 51, "definitief", "Politie"]


def workbook(*rows, formats=None):
    """An XLSX file with the template's sheet; `formats`: {cell: number format}."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Waarnemingen"
    sheet.append(HEADER.split(";"))
    for row in rows:
        sheet.append(row)
    for cell, fmt in (formats or {}).items():
        sheet[cell].number_format = fmt
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rendered(report):
    return [p.render() for p in report.problems]


# ------------------------------------------------------------------------------------- a date as the period

@pytest.mark.parametrize("fmt", [
    "mm-dd-yy",  # Excel's short date (shown 1-1-2019 in Dutch Excel): what typing 01-01-2019 makes
    "dd-mm-yyyy",
    "yyyy",  # shown as 2019, but a date all the same: the first of January
    "yyyy-mm-dd h:mm:ss",
])
def test_a_date_typed_as_the_period_is_refused_not_read_as_january(reference, fmt):
    content = workbook(["GM0553", "politie.geweld", dt.datetime(2019, 1, 1), 51, "definitief", "Politie"],
                       formats={"C2": fmt})
    report = load(content, "cijfers.xlsx")
    assert rendered(report) == [
        "rij 2, kolom periode: de cel bevat een datum, 1-1-2019, geen periode: bedoelt u het jaar 2019 of de maand "
        "2019-01? Schrijf de periode als tekst: 2019 (jaar), 2019-K3 (kwartaal), 2019-01 (maand) of 2019 t/m "
        "september (deel van een jaar); in Excel met een ' ervoor, of in een kolom met de opmaak Tekst, zoals in het "
        "sjabloon"]
    assert nothing_written()


def test_a_date_in_the_middle_of_a_month_is_refused_with_that_date(reference):
    content = workbook(["GM0553", "politie.geweld", dt.date(2019, 3, 15), 51, "definitief", "Politie"],
                       formats={"C2": "d-m-yyyy"})
    report = load(content, "cijfers.xlsx")
    assert report.problems[0].message.startswith("de cel bevat een datum, 15-3-2019, geen periode: bedoelt u het "
                                                 "jaar 2019 of de maand 2019-03?")
    assert nothing_written()


@pytest.mark.parametrize("fmt", ["mmm-yy", "mmmm yyyy", "yyyy-mm", '[$-413]mmm/yy;@'])
def test_a_date_shown_as_a_month_is_read_as_that_month(reference, fmt):
    content = workbook(["GM0553", "politie.geweld", dt.datetime(2019, 3, 1), 51, "definitief", "Politie"],
                       formats={"C2": fmt})
    report = load(content, "cijfers.xlsx")
    assert report.ok and Observation.objects.get().period == "2019-03"


# ------------------------------------------------------------------------------------------------ UTF-16

@pytest.mark.parametrize("codec,bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_a_unicode_text_file_from_excel_or_notepad_is_read(reference, codec, bom):
    # Excel's "Unicode-tekst": UTF-16 with its byte-order mark, tabs between the cells, CRLF.
    lines = [HEADER, "GM0553;politie.geweld;2018;51;definitief;Politie – Basisteam;;;;Geüpdatet"]
    content = bom + "\r\n".join(line.replace(";", "\t") for line in lines).encode(codec) + "\r\n".encode(codec)
    report = load(content, "cijfers.txt")
    assert report.ok, rendered(report)
    figure = Observation.objects.get()
    assert (figure.value, figure.source, figure.note) == (51, "Politie – Basisteam", "Geüpdatet")


def test_a_damaged_unicode_text_file_says_so(reference):
    content = codecs.BOM_UTF16_LE + HEADER.encode("utf-16-le") + b"\x00"  # one byte short of a character
    report = load(content, "cijfers.txt")
    assert rendered(report) == ["bestand: het bestand is UTF-16-tekst (Unicode) maar niet goed leesbaar; sla het in "
                                "Excel op als CSV UTF-8 (door komma's gescheiden)"]
    assert nothing_written()


# ------------------------------------------------------------------------------------- a zip that is no workbook

def zipped(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("content,message", [
    (zipped({"cijfers.csv": HEADER}), "het bestand is een zip-bestand maar geen Excel-werkmap (.xlsx); gebruik het "
                                        "sjabloon, of sla de cijfers op als Excel-werkmap (.xlsx) of als CSV UTF-8"),
    (zipped({"word/document.xml": "<w/>"}), "het bestand is een Word-document maar geen Excel-werkmap (.xlsx); gebruik het "
                                    "sjabloon, of sla de cijfers op als Excel-werkmap (.xlsx) of als CSV UTF-8"),
    (zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.bin": ""}),
     "het bestand is een binaire Excel-werkmap (.xlsb), geen Excel-werkmap (.xlsx); sla het in Excel op als "
     "Excel-werkmap (.xlsx)"),
    (zipped({"xl/worksheets/sheet1.xml": "<worksheet/>"}),
     "het bestand is een beschadigde Excel-werkmap (.xlsx) die IVB niet kan lezen; open het in Excel en sla het "
     "opnieuw op als Excel-werkmap"),
])
def test_a_zip_that_is_no_workbook_says_what_it_is(reference, content, message):
    report = load(content, "cijfers.xlsx")
    assert [p.message for p in report.problems] == [message]
    assert nothing_written()


def test_the_upload_page_names_no_python_error_for_a_zip(client, analyst):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import text

    client.force_login(analyst)
    before = (Observation.objects.count(), ImportBatch.objects.count())
    upload = SimpleUploadedFile("cijfers.xlsx", zipped({"foto.jpg": "niet echt"}))
    page = text(client.post("/gemeente/GM0553/cijfers/importeren/", {"file": upload}))
    assert "het bestand is een zip-bestand maar geen Excel-werkmap (.xlsx)" in page
    assert not re.search(r"\w+Error", page)
    assert (Observation.objects.count(), ImportBatch.objects.count()) == before


# ------------------------------------------------------------------------------------------ words as numbers

def test_text_beside_a_number_is_quoted_as_written_and_called_no_number(reference):
    content = workbook(["GM0553", "vm.slachtoffer_cybercrime", 2017, "ca. 78,6", "definitief", "VM", None, None,
                        "ca. 1,2"])
    report = load(content, "cijfers.xlsx")
    assert rendered(report) == [
        "rij 2, kolom waarde: 'ca. 78,6' is geen getal (gebruik bijvoorbeeld 18,4 of 1234)",
        "rij 2, kolom marge: 'ca. 1,2' is geen getal (gebruik bijvoorbeeld 18,4 of 1234)"]
    assert nothing_written()


def test_not_known_written_as_nb_is_no_number_not_a_thousands_mistake(reference):
    report = load(csv_bytes("GM0553;politie.geweld;2018;n.b.;definitief;Politie;;;;"))
    assert rendered(report) == ["rij 2, kolom waarde: 'n.b.' is geen getal (gebruik bijvoorbeeld 18,4 of 1234)"]
    assert nothing_written()


def test_real_digit_groups_keep_the_thousands_explanation(reference):
    report = load(csv_bytes("GM0553;politie.geweld;2018;1.234.5;definitief;Politie;;;;"))
    assert rendered(report) == [
        "rij 2, kolom waarde: '1.234.5' is geen getal: '.' tussen cijfers scheidt groepen van drie (1.234.567); "
        "schrijf het getal liever zonder scheiding"]


# ------------------------------------------------------------------------------------------------- doubles

def test_a_double_row_with_another_value_names_both_values(reference):
    report = load(csv_bytes(GOOD[2], "GM0553;vm.slachtoffer_cybercrime;2017;18,6;definitief;VM;;;;"))
    assert rendered(report) == [
        "rij 3, kolom periode: dubbel: Slachtoffer van cybercrime voor Lisse in 2017 staat ook op rij 2, met een andere "
        "waarde: daar 18,4%, hier 18,6%; laat alleen de juiste rij staan"]
    assert nothing_written()


# ----------------------------------------------------------------------------------- formulas without a value

def test_a_formula_without_a_computed_value_is_named_not_called_missing(reference):
    # openpyxl, like other programs that do not compute, saves the formula alone.
    content = workbook(["GM0553", "politie.geweld", 2018, "=40+11", "definitief", "Politie"],
                       ["GM0553", "politie.geweld", 2017, 49, "definitief", "=B3"])
    report = load(content, "cijfers.xlsx")
    assert rendered(report) == [
        "rij 2, kolom waarde: de cel bevat een formule (=40+11) zonder berekende waarde; open het bestand in Excel en "
        "sla het op (dan rekent Excel de waarde uit), of typ de waarde zelf in",
        "rij 3, kolom bron: de cel bevat een formule (=B3) zonder berekende waarde; open het bestand in Excel en sla "
        "het op (dan rekent Excel de waarde uit), of typ de waarde zelf in"]
    assert nothing_written()


def test_a_formula_with_its_computed_value_is_read(reference):
    content = workbook(["GM0553", "politie.geweld", 2018, "=40+11", "definitief", "Politie"])
    # As Excel saves it: the formula and the value it computed.
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as old, zipfile.ZipFile(buffer, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>40+11</f><v></v>", b"<f>40+11</f><v>51</v>")
            new.writestr(item, data)
    report = load(buffer.getvalue(), "cijfers.xlsx")
    assert report.ok and Observation.objects.get().value == 51


# ---------------------------------------------------------------------------------------- what was updated

def test_the_summary_names_a_change_of_source_or_margin_alone(reference):
    assert load(csv_bytes(*GOOD)).ok
    changed = [GOOD[0].replace(";Politie;", ";Politie Nederland;"), GOOD[1], GOOD[2].replace(";1,2;", ";;")]
    report = load(csv_bytes(*changed))
    assert report.summary() == (
        "cijfers.csv: 3 rijen gelezen: 0 nieuw, 2 bijgewerkt, 1 ongewijzigd. Bijgewerkt: Woninginbraken 2018: bron "
        "gewijzigd; Slachtoffer van cybercrime 2017: marge 1,2 procentpunt → leeg.")


def test_a_file_without_the_margin_column_keeps_the_stored_margin(reference):
    # Walk BL: a file with only the required columns emptied a survey figure's margin, and its status went from
    # "binnen de marge" to "behaald" without a word.
    assert load(csv_bytes(*GOOD)).ok
    short = "gebied;reeks;periode;waarde;status;bron"
    report = load(csv_bytes("GM0553;vm.slachtoffer_cybercrime;2017;18,6;definitief;Veiligheidsmonitor", header=short))
    assert report.ok and report.updated == 1
    figure = Observation.objects.get(period="2017", superseded_at__isnull=True, series__key="vm.slachtoffer_cybercrime")
    assert (figure.value, figure.margin, figure.source_document) == (Decimal("18.6"), Decimal("1.2"), "VM 2017")
    assert report.summary().endswith(
        "Het bestand heeft geen kolommen document en marge: wat de bijgewerkte cijfers daar al hadden, bleef staan (een "
        "lege cel in zo'n kolom maakt het leeg).")
    # The same file again changes nothing, and says nothing of kept columns.
    again = load(csv_bytes("GM0553;vm.slachtoffer_cybercrime;2017;18,6;definitief;Veiligheidsmonitor", header=short))
    assert again.ok and again.unchanged == 1 and "geen kolom" not in again.summary()
    # A new figure from such a file has none, and an empty cell in a column the file has still empties it.
    new = load(csv_bytes("GM0553;politie.geweld;2018;51;definitief;Politie", header=short))
    assert new.ok and "geen kolom" not in new.summary()
    emptied = load(csv_bytes("GM0553;vm.slachtoffer_cybercrime;2017;18,6;definitief;Veiligheidsmonitor;",
                             header=short + ";marge"))
    assert emptied.ok and Observation.objects.get(
        period="2017", superseded_at__isnull=True, series__key="vm.slachtoffer_cybercrime").margin is None
