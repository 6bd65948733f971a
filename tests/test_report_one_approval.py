"""A year has one approved council report, in the language it was approved in: readers in any language see it
and download it, and it cannot be approved a second time in another language (ADR 0009, note of 4 December
2026)."""

import pytest
from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.report.models import Report
from ivb.report.services import ReportError, approve
from ivb.store.models import Area
from tests.conftest import text

PAGE = "/gemeente/GM0553/rapport/2019/"


@pytest.fixture
def coordinator(demo):
    user = get_user_model().objects.create_user("coord-lisse")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=Role.COORDINATOR)
    return user


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


def test_an_english_reader_sees_the_report_approved_in_dutch_and_downloads_it(client, coordinator, lisse_reader,
                                                                               analyst):
    client.force_login(coordinator)
    client.post(PAGE, {"confirm": "ja"})
    dutch = Report.objects.get()
    client.force_login(analyst)  # corrects a figure of the report after the approval
    from ivb.store.models import Observation

    old = Observation.objects.get(series__key="politie.woninginbraken", period="2018")
    client.post(f"/gemeente/GM0553/cijfers/{old.pk}/corrigeren/", {
        "series": "politie.woninginbraken", "period": "2018", "value": "31", "status": "definitief",
        "source": old.source, "document": old.source_document, "reference": old.source_reference,
        "reason": "Nagekomen aangifte"})

    client.force_login(lisse_reader)
    english(client)
    page = text(client.get(PAGE))
    assert "There is no approved report for this year yet." not in page
    assert "approved</span> by coord-lisse" in page
    assert "The report was approved in Dutch and exists in that language only: a year has one approved report." in page
    assert ">PDF (Dutch)</a>" in page and ">Word (DOCX, Dutch)</a>" in page
    # The corrections since the approval are listed for the English reader too.
    assert "Figures corrected since approval" in page
    assert "<th scope=\"row\">Woninginbraken</th><td>2018</td><td>30</td><td>31</td><td>Nagekomen aangifte</td>" in page
    download = client.get(PAGE + "pdf/")
    assert download.status_code == 200 and download.content == bytes(dutch.pdf)
    assert download["Content-Disposition"] == 'attachment; filename="veiligheidsbeeld-GM0553-2019.pdf"'
    assert download["Content-Language"] == "nl"


def test_a_dutch_reader_is_told_the_language_without_a_label_on_each_button(client, coordinator, lisse_reader):
    client.force_login(coordinator)
    client.post(PAGE, {"confirm": "ja"})
    client.force_login(lisse_reader)
    page = text(client.get(PAGE))
    assert "Het rapport is vastgesteld in het Nederlands en is er alleen in die taal" in page
    assert ">PDF</a>" in page


def test_a_year_approved_in_dutch_cannot_be_approved_again_in_english(client, coordinator):
    client.force_login(coordinator)
    client.post(PAGE, {"confirm": "ja"})
    dutch = Report.objects.get()
    before = (dutch.sha256, bytes(dutch.pdf))

    english(client)
    page = text(client.get(PAGE))
    assert "Approve and freeze" not in page and 'name="confirm"' not in page
    response = client.post(PAGE, {"confirm": "ja"}, follow=True)
    assert "The report on 2019 has already been approved, in Dutch, on " in text(response)
    assert "by coord-lisse (coördinator). A year has one approved report, in the language it was approved in; it does not " \
           "change any more." in text(response)
    assert Report.objects.count() == 1
    dutch.refresh_from_db()
    assert (dutch.sha256, bytes(dutch.pdf)) == before


def test_the_service_refuses_a_second_approval_in_any_language(coordinator):
    from ivb.domain.i18n import use

    lisse = Area.objects.get(code="GM0553")
    with use("en"):
        approve(lisse, 2019, user=coordinator)
    with pytest.raises(ReportError, match="al vastgesteld, in het Engels, op .* door coord-lisse"):
        approve(lisse, 2019, user=coordinator)
    assert Report.objects.count() == 1


def test_the_command_says_a_draft_of_an_approved_year_is_not_the_approved_report(coordinator, tmp_path, capsys):
    from django.utils.timezone import localdate

    from ivb.cli import main
    from ivb.domain.break_words import date_text

    approve(Area.objects.get(code="GM0553"), 2019, user=coordinator)
    capsys.readouterr()
    assert main(["report", "GM0553", "2019", "--format", "html", "-o", str(tmp_path / "r.html")]) == 0
    err = capsys.readouterr().err
    assert (f"let op: het rapport over 2019 is al vastgesteld door coord-lisse (coördinator) op {date_text(localdate())}; "
            "dit concept heeft de cijfers van nu.") in err
    # The file says so itself (walk CA: a PDF read "CONCEPT – nog niet vastgesteld" after the approval).
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert ("CONCEPT met de cijfers van vandaag – het rapport over 2019 is op "
            f"{date_text(localdate())} vastgesteld door coord-lisse (coördinator)") in page
    assert "nog niet vastgesteld" not in page
    assert main(["report", "GM0553", "2018", "--format", "html", "-o", str(tmp_path / "r18.html")]) == 0
    assert "CONCEPT – nog niet vastgesteld" in (tmp_path / "r18.html").read_text(encoding="utf-8")


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_first_of_two_approvals_of_a_year_and_sets_the_other_aside(reference):
    """Before this change a year could be approved once per language. The migration deletes nothing: the first
    approval stays the approved report, the later one is set aside, and the new constraint holds."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    user = get_user_model().objects.create_user("coord-oud")
    lisse = Area.objects.get(code="GM0553")
    executor = MigrationExecutor(connection)
    executor.migrate([("report", "0001_initial")])
    old = executor.loader.project_state([("report", "0001_initial")]).apps.get_model("report", "Report")
    files = {"html": b"h", "pdf": b"p", "docx": b"d", "sha256": "0" * 64, "figures": []}
    first = old.objects.create(municipality_id=lisse.pk, year=2021, language="nl", approved_by_id=user.pk,
                               approved_by_name="coord-oud", **files).pk
    second = old.objects.create(municipality_id=lisse.pk, year=2021, language="en", approved_by_id=user.pk,
                                approved_by_name="coord-oud", **files).pk
    other_year = old.objects.create(municipality_id=lisse.pk, year=2022, language="en", approved_by_id=user.pk,
                                    approved_by_name="coord-oud", **files).pk

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert {r.pk: r.set_aside for r in Report.objects.all()} == {first: False, second: True, other_year: False}
    from ivb.report.services import approved_report

    assert approved_report(lisse, 2021).pk == first and approved_report(lisse, 2021).language == "nl"


def test_the_approved_files_say_they_were_approved_by_whom_and_when(coordinator):
    """Walk R #10: the approved PDF said only "gemaakt op …": passed on alone, it could not be told from a draft
    but by the missing CONCEPT."""
    import io

    from django.utils import dateformat, timezone
    from docx import Document
    from pypdf import PdfReader

    coordinator.first_name, coordinator.last_name = "Anne", "de Vries"
    coordinator.save()
    report = approve(Area.objects.get(code="GM0553"), 2019, user=coordinator)
    # With the role it was approved in (walk AM: the name alone read as a civil servant's own say).
    words = f"vastgesteld op {dateformat.format(timezone.localtime(), 'j F Y')} door Anne de Vries (coördinator)"
    assert words in " ".join(page.extract_text() for page in PdfReader(io.BytesIO(report.pdf)).pages).replace("\n", " ")
    assert words in report.html.decode()
    assert words[0].upper() + words[1:] in [p.text for p in Document(io.BytesIO(report.docx)).paragraphs]
    assert "CONCEPT" not in report.html.decode()


def test_the_page_of_an_approved_report_says_which_statuses_read_otherwise_now(client, coordinator, lisse_reader):
    """Walk R #2: after a correction the approved report still said "op koers" where the dashboard said "risico";
    the page listed the corrected figure but not the verdict it turned."""
    from ivb.store.entry import enter_observation
    from ivb.store.models import Observation
    from ivb.store.picture import cached_picture

    lisse = Area.objects.get(code="GM0553")
    report = approve(lisse, 2019, user=coordinator)
    then = {s["key"]: s["status"] for s in report.statuses}
    assert then["meldingen-jeugdoverlast"] == "risico"
    client.force_login(lisse_reader)
    assert "Sinds de vaststelling veranderde standen" not in text(client.get(PAGE))
    last = Observation.objects.get(area=lisse, series__key="politie.jeugdoverlast", period="2019-tm09",
                                   superseded_at__isnull=True)
    corrected = enter_observation(lisse, {"series": "politie.jeugdoverlast", "period": "2019-tm09", "value": "300",
                                          "status": last.status, "source": "Politie", "document": "", "reference": ""},
                                  actor_name="test", reason="telfout")
    assert not corrected.errors
    now = {i.key: str(i.status.status) for i in cached_picture(lisse, 2019).indicators}["meldingen-jeugdoverlast"]
    assert now != "risico"
    page = text(client.get(PAGE))
    assert ("Het oordeel in het vastgestelde rapport rust op de cijfers en het beleid van toen. Met die van nu staat "
            "het anders:") in page
    row = page.split('/2019/indicator/meldingen-jeugdoverlast/">')[1].split("</tr>")[0]
    assert f"<td>risico</td><td>{now}</td>" in row


def test_a_year_without_a_policy_cannot_be_approved_and_the_page_says_why(client, coordinator):
    """Walk V: the 2025 report was frozen against the expired 2020–2023 policy, every target "niet te
    beoordelen", and stayed so after the 2024–2027 policy came. The draft can still be read."""
    from pathlib import Path

    from ivb.cli import main

    police = Path(__file__).parent / "data" / "opendata" / "47018NED_HLT_2012-2025.csv"
    assert main(["opendata", "import", str(police), "--table", "47018NED"]) == 0  # figures of 2025
    client.force_login(coordinator)
    page = text(client.get("/gemeente/GM0553/rapport/2025/"))
    assert "Er is geen beleid voor 2025: het beleid 2020–2023 is verlopen." in page
    assert "Vaststellen en bevriezen" not in page and "Concept als PDF" in page
    after = text(client.post("/gemeente/GM0553/rapport/2025/", {"confirm": "ja"}, follow=True))
    assert "Er is geen beleid voor 2025" in after and not Report.objects.exists()
    with pytest.raises(ReportError, match="neem eerst het nieuwe beleid op"):
        approve(Area.objects.get(code="GM0553"), 2025, user=coordinator)
    assert "Vaststellen en bevriezen" in text(client.get(PAGE))  # a year of the policy can be approved


def test_it_refuses_to_approve_a_year_that_is_still_running(client, reference, capsys, tmp_path):
    # Approved in December on figures up to September, the report would stand in the way of the whole year's.
    import datetime as dt
    import re
    from pathlib import Path

    from ivb.cli import main

    year = dt.date.today().year
    # The joint test policy (2024-2027) moved so that this year is its third, whatever year the suite runs in.
    policy = (Path(__file__).parent / "data" / "policies" / "joint-zuid-kennemerland.yaml").read_text()
    path = tmp_path / "joint.yaml"
    path.write_text(re.sub(r"\b(20[12][0-9])\b", lambda m: str(int(m[1]) + year - 2026), policy))
    assert main(["policy", "import", str(path)]) == 0, capsys.readouterr().err
    coordinator = get_user_model().objects.create_user("coord-heemstede")
    Membership.objects.create(user=coordinator, municipality=Area.objects.get(code="GM0397"), role=Role.COORDINATOR)
    with pytest.raises(ReportError, match=f"Het jaar {year} loopt nog"):
        approve(Area.objects.get(code="GM0397"), year, user=coordinator)
    client.force_login(coordinator)
    page = text(client.get(f"/gemeente/GM0397/rapport/{year}/"))
    assert f"Het jaar {year} loopt nog. Een vastgesteld rapport verantwoordt een heel jaar" in page
    assert "Vaststellen en bevriezen" not in page and "Naar het beleid" not in page
    client.post(f"/gemeente/GM0397/rapport/{year}/", {"confirm": "ja"})
    assert not Report.objects.exists()
    # The year before is over: it can be approved.
    assert approve(Area.objects.get(code="GM0397"), year - 1, user=coordinator).year == year - 1


def test_the_button_says_which_language_the_report_is_approved_in(client, coordinator):
    """Walk BU: a coordinator with an English screen froze the council's one report in English without a word."""
    client.force_login(coordinator)
    assert ("Het rapport wordt vastgesteld in het Nederlands, de taal van dit scherm; zo krijgt de raad het, en zo blijft "
            "het.") in text(client.get(PAGE))
    english(client)
    page = text(client.get(PAGE))
    assert "The report is approved in English, the language of this screen;" in page
    assert "Should it be in Dutch? Then first choose Nederlands at the top of the page." in page
