"""Plain words: series by name in the entry form, the import template as a download, and an English interface
that reaches the register, the generated sentences and the dates; Dutch stays Dutch."""

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from tests.conftest import register_world, text


def test_the_entry_form_offers_series_by_name_grouped_by_source_without_keys(client, analyst):
    client.force_login(analyst)
    page = text(client.get("/gemeente/GM0553/cijfers/nieuw/"))
    select = re.search(r'<select name="series".*?</select>', page).group(0)
    assert '<optgroup label="Politie">' in select or re.search(r'<optgroup label="[^"]*Politie[^"]*">', select)
    assert ">Woninginbraken</option>" in select
    shown = re.sub(r'value="[^"]*"', "", select)  # the key is only the submitted value, never read
    assert "politie.woninginbraken" not in shown and "politie.od." not in shown


def test_the_import_template_is_a_download_of_the_file_the_cli_writes(client, analyst, tmp_path):
    from ivb.cli import main

    client.force_login(analyst)
    page = text(client.get("/gemeente/GM0553/cijfers/importeren/"))
    assert "ivb observations template" not in page
    assert 'href="/gemeente/GM0553/cijfers/sjabloon.xlsx"' in page
    response = client.get("/gemeente/GM0553/cijfers/sjabloon.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert main(["observations", "template", "-o", str(tmp_path / "cli.xlsx")]) == 0

    def sheets(book):
        return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}

    web, cli = sheets(load_workbook(io.BytesIO(response.content))), sheets(load_workbook(tmp_path / "cli.xlsx"))
    # The same file, except that the page's lists only the municipality its upload takes (walk X).
    assert web["Gebieden"] == [cli["Gebieden"][0], ["GM0553", "Lisse", "gemeente", None, None]]
    assert {k: v for k, v in web.items() if k != "Gebieden"} == {k: v for k, v in cli.items() if k != "Gebieden"}


def test_a_lezer_gets_no_template(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    assert client.get("/gemeente/GM0553/cijfers/sjabloon.xlsx").status_code == 403


@pytest.fixture
def register(demo):
    return register_world("w-")


def english(client, user):
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


def test_the_register_reads_in_english(client, register):
    users, ids = register
    english(client, users["team"])
    inbox = text(client.get("/gemeente/GM0553/register/"))
    for words in ("Undermining crime register – Lisse", "Incoming signals", "Cases", "Search and export", ">new<",
                  "premises: Pand A", "Owner"):
        assert words in inbox, words
    month = dt.date.today().strftime("%B")  # English month names, from Django's localised date filter
    assert f"{dt.date.today().day} {month} {dt.date.today().year}" in inbox
    case = text(client.get(f"/gemeente/GM0553/register/casussen/{ids['case'].pk}/"))
    for words in ("Back to the register", "Record a measure", "administrative warning", "Choose a status",
                  "under investigation", "Add a note"):
        assert words in case, words
    signal = text(client.get(f"/gemeente/GM0553/register/signalen/{ids['open_signal'].pk}/"))
    assert "Ask for more information" in signal and "Link to a case" in signal and "Seen on" in signal


def test_the_signal_form_and_its_messages_read_in_english(client, register):
    users, _ids = register
    english(client, users["melder"])
    page = text(client.get("/gemeente/GM0553/signalen/nieuw/"))
    assert "File a signal of undermining crime – Lisse" in page and "What did you see?" in page
    response = client.post("/gemeente/GM0553/signalen/nieuw/", {"what": "Luiken dicht", "observed_on": "2020-01-01",
                                                              "team": "Handhaving"}, follow=True)
    assert "Your signal has been received." in text(response) and "My signals – Lisse" in text(response)


def test_the_privacy_officer_reads_the_trail_in_english(client, register):
    users, _ids = register
    english(client, users["privacy"])
    page = text(client.get("/gemeente/GM0553/register/audit/"))
    assert "Audit trail of the register, Lisse" in page and page.count("chain intact") == 1
    assert "no event was changed or removed (the chain runs over all municipalities of this installation): nothing was added since the previous check" in page


def test_the_register_stays_dutch_in_dutch(client, register):
    users, ids = register
    client.force_login(users["team"])
    inbox = text(client.get("/gemeente/GM0553/register/"))
    assert "Register ondermijning – Lisse" in inbox and "Binnengekomen signalen" in inbox
    month = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
             "november", "december"][dt.date.today().month - 1]
    assert month in inbox
    assert "Terug naar het register" in text(client.get(f"/gemeente/GM0553/register/casussen/{ids['case'].pk}/"))


def test_the_dashboard_sentences_and_figures_read_in_english(client, demo, lisse_reader):
    english(client, lisse_reader)
    page = text(client.get("/gemeente/GM0553/2019/"))
    assert "There is no policy for 2019; this picture sets the figures of 2019 beside the targets of the policy 2020–2023" in page
    assert "My account" in page and "Mijn account" not in page
    indicator = text(client.get("/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/"))
    assert "Every figure in this table was recorded by ivb-demo on" in indicator and "definitive" in indicator
    assert "Vastgelegd" not in indicator and ", import lisse-observations.csv.</p>" in indicator
    assert "All observations of Meldingen jeugdoverlast - aantal with their provenance" in indicator


def test_sizes_and_counts_in_messages_are_in_dutch_notation():
    from ivb.domain.i18n import use
    from ivb.domain.numbers import format_size
    from ivb.store.observation_import import ImportReport

    assert format_size(int(11.5 * 1048576)) == "11,5 MB" and format_size(10 * 1048576) == "10,0 MB"
    with use("en"):
        assert format_size(int(11.5 * 1048576)) == "11.5 MB"
    report = ImportReport("groot.csv")
    report.rows, report.created = 150000, 149998
    assert "150.000 rijen gelezen: 149.998 nieuw" in report.summary()


def test_a_correction_message_shows_the_old_value_with_a_decimal_comma(client, analyst):
    from ivb.store.models import Observation

    client.force_login(analyst)
    old = next(o for o in Observation.objects.filter(area__code="GM0553", superseded_at__isnull=True)
               .select_related("series").order_by("pk") if o.value != int(o.value) and o.period.isdigit())
    data = {"series": old.series.key, "period": old.period, "value": "1", "status": "definitief", "source": "Test",
            "reason": ""}
    page = text(client.post("/gemeente/GM0553/cijfers/nieuw/", data))
    shown = f"{old.value.normalize():f}".replace(".", ",")
    assert re.search(rf"dit vervangt het cijfer {shown}%? \(", page), shown


def test_the_trend_explanation_and_the_margin_legend_read_in_english(client, demo, lisse_reader):
    english(client, lisse_reader)
    page = text(client.get("/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/"))
    assert "What do these figures mean?" in page
    assert "The 90% interval says how certain that is" in page and "IVB calls a series rising or falling" in page
    assert "Wat betekenen" not in page and "90%%" not in page
