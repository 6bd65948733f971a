"""Entering, correcting and uploading figures: analysts and coordinators only, nothing written on errors."""

import re

from pytest_django.asserts import assertInHTML

from ivb.store.models import ImportBatch, Observation
from tests.conftest import text

GOOD = {"series": "politie.geweld", "period": "2013", "value": "70", "status": "definitief", "source": "Politie",
        "document": "12-maandsrapportage 2013", "reference": "tabel 1", "margin": "", "note": "", "reason": ""}


def test_an_analyst_enters_a_figure_with_provenance(client, analyst):
    client.force_login(analyst)
    response = client.post("/gemeente/GM0553/cijfers/nieuw/", GOOD, follow=True)
    assert "Geweld 2013: opgeslagen." in text(response)
    obs = Observation.objects.get(series__key="politie.geweld", period="2013")
    assert (obs.value, obs.recorded_by, obs.recorded_by_name, obs.source_document) == (
        70, analyst, "analist-lisse", "12-maandsrapportage 2013")


def test_a_bad_figure_is_refused_with_the_reason_at_the_field(client, analyst):
    client.force_login(analyst)
    before = Observation.objects.count()
    page = text(client.post("/gemeente/GM0553/cijfers/nieuw/", {**GOOD, "value": "zeventig", "period": "2099"}))
    assertInHTML('<span class="error" id="id_value_error">'
                 "'zeventig' is geen getal (gebruik bijvoorbeeld 18,4 of 1234)</span>", page)
    assertInHTML('<span class="error" id="id_period_error">periode 2099 ligt in de toekomst</span>', page)
    assert "Er is niets opgeslagen" in page
    assert Observation.objects.count() == before
    # A screen reader reads the error with the field: the field points at the message's id.
    assert 'aria-describedby="id_value_helptext id_value_error"' in page
    assert 'id="id_value_helptext"' in page and 'id="id_value_error"' in page


def test_a_correction_needs_a_reason_and_keeps_the_old_value(client, analyst):
    client.force_login(analyst)
    old = Observation.objects.get(series__key="politie.woninginbraken", period="2018")
    url = f"/gemeente/GM0553/cijfers/{old.pk}/corrigeren/"
    form = text(client.get(url))
    assert 'value="30"' in form and 'value="2018"' in form
    data = {**GOOD, "series": "politie.woninginbraken", "period": "2018", "value": "31"}
    page = text(client.post(url, data))
    assert "dit vervangt het cijfer 30 (definitief, Politie-eenheid Den Haag): 30 → 31; geef een reden" in page
    assert Observation.objects.filter(series__key="politie.woninginbraken", period="2018").count() == 1
    done = client.post(url, {**data, "reason": "Nagekomen aangifte"})
    # Back to the figure's history in its year, where the correction stands beside the old value (walk of 4 December).
    assert done["Location"] == f"/gemeente/GM0553/reeksen/{old.series_id}/?jaar=2018"
    old.refresh_from_db()
    new = old.superseded_by
    assert (new.value, new.correction_reason, new.recorded_by_name) == (31, "Nagekomen aangifte", "analist-lisse")
    assert old.value == 30 and old.superseded_at is not None
    # Figures recorded by two people: each row says who recorded it, none is said for the whole table.
    history = text(client.get(done["Location"]))
    assert "Vastgelegd door analist-lisse op" in history and "Reden van de correctie: Nagekomen aangifte" in history
    assert "Vastgelegd door ivb-demo op" in history and "Alle cijfers in deze tabel" not in history


def test_readers_and_outsiders_cannot_enter_figures(client, demo, lisse_reader, outsider):
    client.force_login(lisse_reader)
    assert client.get("/gemeente/GM0553/cijfers/nieuw/").status_code == 403
    assert client.post("/gemeente/GM0553/cijfers/nieuw/", GOOD).status_code == 403
    assert client.post("/gemeente/GM0553/cijfers/importeren/").status_code == 403
    client.force_login(outsider)
    assert client.post("/gemeente/GM0553/cijfers/nieuw/", GOOD).status_code == 404
    obs = Observation.objects.first()
    assert client.get(f"/gemeente/GM0553/cijfers/{obs.pk}/corrigeren/").status_code == 404
    assert not Observation.objects.filter(period="2013").exists()


def test_an_analyst_cannot_correct_another_municipalitys_figure(client, demo, outsider):
    client.force_login(outsider)  # analyst of Hillegom
    lisse = Observation.objects.filter(area__code="GM0553").first()
    assert client.get(f"/gemeente/GM0534/cijfers/{lisse.pk}/corrigeren/").status_code == 404


def upload(client, content, name="cijfers.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return text(client.post("/gemeente/GM0553/cijfers/importeren/", {"file": SimpleUploadedFile(name, content)}))


HEADER = "gebied;reeks;periode;waarde;status;bron\n"


def test_a_bad_upload_shows_every_problem_and_writes_nothing(client, analyst):
    client.force_login(analyst)
    before = (Observation.objects.count(), ImportBatch.objects.count())
    content = (HEADER + "GM0553;politie.geweld;2013;70;definitief;Politie\n"
                        "GM0534;politie.geweld;2013;40;definitief;Politie\n"
                        "GM0553;politie.geweld;2012;veel;definitief;Politie\n").encode()
    page = upload(client, content)
    assert "Het bestand is niet geïmporteerd" in page
    # On a phone each problem is a card: row and column on one line, what is wrong under them (walk BR).
    assertInHTML('<tr><td class="number" data-label="Rij">3</td><td class="number" data-label="Kolom">gebied</td>'
                 '<td class="text">u mag geen cijfers invoeren voor Hillegom (GM0534)</td></tr>', page)
    assertInHTML('<tr><td class="number" data-label="Rij">4</td><td class="number" data-label="Kolom">waarde</td>'
                 '<td class="text">\'veel\' is geen getal (gebruik bijvoorbeeld 18,4 of 1234)</td></tr>', page)
    assert (Observation.objects.count(), ImportBatch.objects.count()) == before


def test_a_good_upload_reports_what_changed(client, analyst):
    client.force_login(analyst)
    page = upload(client, (HEADER + "GM0553;politie.geweld;2013;70;definitief;Politie\n").encode())
    assert "Import gelukt" in page and "1 nieuw, 0 bijgewerkt, 0 ongewijzigd" in page
    assert ImportBatch.objects.get(filename="cijfers.csv").imported_by == analyst


def test_the_series_picker_names_each_offence_and_puts_the_policys_series_first(client, analyst):
    import re
    from pathlib import Path

    from ivb.cli import main

    data = Path(__file__).parent / "data" / "opendata" / "83648NED_UntypedDataSet_17052018_141347.csv.gz"
    assert main(["opendata", "import", str(data), "--area", "GM0553"]) == 0
    client.force_login(analyst)
    page = text(client.get("/gemeente/GM0553/cijfers/nieuw/"))
    picker = page.split('name="series"')[1].split("</select>")[0]
    groups = re.findall(r'<optgroup label="([^"]*)"', picker)
    assert groups[0] == "Reeksen van het beleid" and "CBS, tabel 83648NED" in groups
    # CBS 83648NED's crime types by CBS's own titles, never by code.
    assert ">Mishandeling (CBS, geregistreerde misdrijven)</option>" in picker
    assert ">Diefstal en inbraak met geweld per 1.000 inwoners (CBS, geregistreerde misdrijven)</option>" in picker
    assert "soort 1010100" not in picker and not re.search(r">[^<]*\b[0-9]{7}\b[^<]*</option>", picker)
    # The policy's own series once, in the first group.
    first = picker.split("</optgroup>")[0]
    assert ">Rapportcijfer veiligheid in de buurt</option>" in first
    assert picker.count(">Rapportcijfer veiligheid in de buurt</option>") == 1
    # By the indicator's name first, then the series' own (walk AM: the advisor picked a same-named other series).
    assert '<option value="politie.jeugdoverlast">Meldingen jeugdoverlast - aantal: Jeugdoverlast</option>' in first


def test_the_cybercrime_research_series_do_not_name_lisses_police_unit_as_their_source(client, analyst):
    client.force_login(analyst)
    picker = text(client.get("/gemeente/GM0553/cijfers/nieuw/")).split('name="series"')[1].split("</select>")[0]
    group = picker.split('<optgroup label="Slachtofferonderzoek (cijfer per politie-eenheid)">')[1]
    assert ">Slachtoffers cybercrime die aangifte doen</option>" in group.split("</optgroup>")[0]
    assert "Den Haag" not in picker


def test_a_total_below_its_stored_months_is_refused_at_the_value(client, analyst):
    from tests.test_observation_import import MONTHS, csv_bytes, load

    assert load(csv_bytes(*MONTHS)).ok  # January to October 2023: 106
    client.force_login(analyst)
    page = text(client.post("/gemeente/GM0553/cijfers/nieuw/", {
        **GOOD, "series": "politie.jeugdoverlast", "period": "2023 t/m oktober", "value": "40"}))
    assert ('<span class="error" id="id_value_error">Jeugdoverlast 2023 t/m oktober: 40, maar de maanden januari t/m '
            "oktober tellen op tot 106; een totaal kan niet kleiner zijn dan zijn delen. Verhoog eerst het totaal "
            "(of trek het in), of verlaag de delen</span>") in page
    assert not Observation.objects.filter(period="2023-tm10").exists()


def test_correcting_an_open_data_figure_asks_for_the_new_figures_own_source(client, analyst):
    """Walk R #3: the correction form carried the open-data file's source into the hand-corrected figure, which then
    read "CBS StatLine 47018NED … (…csv.gz, 2025 (voorlopig))" beside a value that table does not hold."""
    from pathlib import Path

    from ivb.cli import main

    data = Path(__file__).parent / "data" / "opendata" / "47018NED_GM_2022-2023.csv.gz"
    assert main(["opendata", "import", str(data), "--table", "47018NED", "--area", "GM0553"]) == 0
    opened = Observation.objects.filter(area__code="GM0553", batch__kind=ImportBatch.Kind.OPEN_DATA,
                                        superseded_at__isnull=True, series__unit="count").first()
    client.force_login(analyst)
    form = text(client.get(f"/gemeente/GM0553/cijfers/{opened.pk}/corrigeren/"))
    assert f"Het cijfer van nu komt uit de open data ({opened.source}). Geef de bron van het gecorrigeerde cijfer." in form
    assert 'name="source" value=' not in form and 'name="document" value=' not in form
    # A figure typed in keeps its own source in the form.
    typed = Observation.objects.get(series__key="politie.woninginbraken", period="2018")
    assert f'name="source" value="{typed.source}"' in text(client.get(f"/gemeente/GM0553/cijfers/{typed.pk}/corrigeren/"))


def test_it_opens_the_form_for_the_next_figure_with_series_status_and_source_kept(client, analyst):
    """Walk BR: twelve months on a phone, each time the series picked from 45 and the source typed again."""
    client.force_login(analyst)
    response = client.post("/gemeente/GM0553/cijfers/nieuw/", {**GOOD, "verder": "1"}, follow=True)
    page = text(response)
    assert "Geweld 2013: opgeslagen." in page and response.request["PATH_INFO"] == "/gemeente/GM0553/cijfers/nieuw/"
    form = response.context["form"]
    assert (form["series"].value(), form["status"].value(), form["source"].value(), form["document"].value()) == (
        "politie.geweld", "definitief", "Politie", "12-maandsrapportage 2013")
    assert not form["period"].value() and not form["value"].value()  # the next figure's own
    assertInHTML('<button type="submit" name="verder" value="1" class="secondary">Opslaan en nog een invoeren</button>',
                 response.content.decode())


def test_the_value_opens_a_phones_number_keyboard(client, analyst):
    client.force_login(analyst)
    html = client.get("/gemeente/GM0553/cijfers/nieuw/").content.decode()
    value = re.search(r'<input[^>]*name="value"[^>]*>', html).group(0)
    assert 'inputmode="decimal"' in value


def test_a_typo_in_ones_own_municipalitys_code_is_named_as_that_code(client, analyst):
    """Walk BR: GM0354 for Veenendaal's GM0345 got "gebruik een CBS-code zoals GM0553", Lisse's code."""
    client.force_login(analyst)
    page = upload(client, (HEADER + "GM0535;politie.geweld;2013;70;definitief;Politie\n").encode())
    assert "onbekend gebied &#x27;GM0535&#x27;; bedoelt u GM0553 (Lisse)?" in page


def test_a_series_named_as_one_of_the_policys_is_told_apart_by_its_source(joint):
    """Walk CA: "Woninginbraken" stood twice in the list, the policy's (open data) and IVB's own built-in series."""
    from ivb.store.models import Area
    from ivb.web.forms import series_choices

    labels = [label for group in series_choices(Area.objects.get(code="GM0397"))[1:] for _key, label in group[1]]
    assert any(label.startswith("Woninginbraken: ") for label in labels)  # the policy's, by its indicator
    assert "Woninginbraken" not in labels
    assert "Woninginbraken – Politie (bestuurlijke rapportage)" in labels
