"""Bad input to the register is refused with a message naming the field, and changes nothing: markup in
every text field, invalid KvK numbers, dates in the future, oversized or wrong-type attachments. What is
stored is always shown escaped."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils.formats import date_format
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from ivb.accounts.models import Membership, Role
from ivb.register.models import Attachment, AuditEvent, Case, CaseNote, Measure, RegisterAccess, Signal
from ivb.register.services import (RegisterError, add_attachment, add_case_note, add_measure, answer_signal,
                                   ask_for_information, create_case, file_signal, update_case)
from ivb.store.models import Area
from tests.conftest import text

PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</textarea><b>x", "<!-- x -->",
            "javascript:alert(1)", "< svg onload=alert(1)>"]


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


@pytest.fixture
def world(reference):
    lisse = Area.objects.get(code="GM0553")
    users = get_user_model().objects
    employee, team = users.create_user("medewerker", password="pw-medewerker"), users.create_user("team")
    RegisterAccess.objects.create(user=team, municipality=lisse, kind="ondermijning")
    Membership.objects.create(user=team, municipality=lisse, role=Role.LEZER)  # a grant counts beside a role
    Membership.objects.create(user=employee, municipality=lisse, role=Role.MELDER)
    signal = file_signal(lisse, employee, team="T", what="iets", observed_on=dt.date.today())
    case = create_case(lisse, team, subject_kind="pand", subject="Pand A")
    return lisse, employee, team, signal, case


def acts(world):
    """Every text field of every act that takes text, as (field, act taking the text)."""
    lisse, employee, team, signal, case = world

    def signal_with(field):
        return lambda v: file_signal(lisse, employee, observed_on=dt.date.today(), **{"team": "T", "what": "iets", field: v})

    def measure_with(field):
        return lambda v: add_measure(case, actor=team, kind="sluiting", decision_date=dt.date.today(),
                                     **{"document_reference": "BW-1", "legal_basis": "Opiumwet art. 13b", field: v})

    def update_with(field):
        values = {"subject": "Pand A", "phenomena": [], "partners": []}
        return lambda v: update_case(case, actor=team, deadline=None, owner=team,
                                     **{**values, field: v if field == "subject" else [v]})

    def asked():
        current = Signal.objects.get(pk=signal.pk)
        return current if current.status == "meer informatie gevraagd" else ask_for_information(
            current, actor=team, question="Waar?")

    return {
        **{f"signaal.{f}": signal_with(f) for f in ("team", "what", "address", "premises", "company")},
        "casus.subject": lambda v: create_case(lisse, team, subject_kind="pand", subject=v),
        "casus.phenomena": lambda v: create_case(lisse, team, subject_kind="pand", subject="B", phenomena=[v]),
        "casus.partners": lambda v: create_case(lisse, team, subject_kind="pand", subject="B", partners=[v]),
        **{f"maatregel.{f}": measure_with(f) for f in ("document_reference", "legal_basis", "outcome")},
        **{f"wijziging.{f}": update_with(f) for f in ("subject", "phenomena", "partners")},
        "notitie": lambda v: add_case_note(case, actor=team, text=v),
        "vraag": lambda v: ask_for_information(signal, actor=team, question=v),
        "antwoord": lambda v: answer_signal(asked(), reporter=employee, text=v),
    }


def snapshot():
    return (Signal.objects.count(), Case.objects.count(), Measure.objects.count(), CaseNote.objects.count(),
            list(Case.objects.values_list("subject", "phenomena", "partners")))


FIELDS = ["signaal.team", "signaal.what", "signaal.address", "signaal.premises", "signaal.company",
          "casus.subject", "casus.phenomena", "casus.partners", "maatregel.document_reference",
          "maatregel.legal_basis", "maatregel.outcome", "wijziging.subject", "wijziging.phenomena",
          "wijziging.partners", "notitie", "vraag", "antwoord"]


@pytest.mark.parametrize("field", FIELDS)
def test_it_refuses_markup_in_every_text_field(world, field):
    act = acts(world)[field]
    for payload in PAYLOADS:
        before = snapshot()
        with pytest.raises(RegisterError, match="HTML of script is niet toegestaan"):
            act(f"Gezien: {payload}")
        assert snapshot() == before, (field, payload)
    assert not any("script" in str(e.detail) for e in AuditEvent.objects.all())


def test_the_field_list_covers_every_act(world):
    assert sorted(acts(world)) == sorted(FIELDS)


def test_it_keeps_ordinary_comparisons(world):
    lisse, employee, *_ = world
    signal = file_signal(lisse, employee, team="T", what="leeftijd < 18 en > 3 keer per dag", observed_on=dt.date.today())
    assert signal.what == "leeftijd < 18 en > 3 keer per dag"


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a", "12 34 56 78"])
def test_it_refuses_an_invalid_kvk_number(world, kvk):
    lisse, employee, *_ = world
    with pytest.raises(RegisterError, match="KvK-nummer: een KvK-nummer heeft 8 cijfers"):
        file_signal(lisse, employee, team="T", what="iets", observed_on=dt.date.today(), kvk=kvk)
    assert Signal.objects.count() == 1


def test_it_refuses_dates_in_the_future(world):
    lisse, employee, team, _signal, case = world
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(RegisterError, match="Wanneer: de datum ligt in de toekomst"):
        file_signal(lisse, employee, team="T", what="iets", observed_on=tomorrow)
    with pytest.raises(RegisterError, match="Besluitdatum: de besluitdatum ligt in de toekomst"):
        add_measure(case, actor=team, kind="sluiting", decision_date=tomorrow, document_reference="BW-1")
    with pytest.raises(RegisterError, match="Einde periode: het einde van de periode ligt voor het begin"):
        add_measure(case, actor=team, kind="sluiting", decision_date=dt.date.today(), document_reference="BW-1",
                    period_start=dt.date.today(), period_end=dt.date.today() - dt.timedelta(days=1))
    assert Signal.objects.count() == 1 and not Measure.objects.exists()


@pytest.mark.parametrize("name, data, message", [
    ("leeg.pdf", b"", "leeg.pdf is leeg"),
    ("pagina.pdf", b"<html><script>alert(1)</script></html>", "geen PDF, PNG, JPEG of Word-document"),
    ("programma.exe", b"MZ\x90\x00" + b"\0" * 64, "geen PDF, PNG, JPEG of Word-document"),
    ("archief.docx", b"PK\x03\x04 not a zip", "geen PDF, PNG, JPEG of Word-document"),
    ("groot.pdf", b"%PDF-" + b"0" * (1024 * 1024), "is 1.048.581 bytes; het maximum is 1.048.576 bytes"),
])
@override_settings(REGISTER_ATTACHMENT_MAX_BYTES=1024 * 1024)
def test_it_refuses_a_bad_attachment_and_keeps_nothing(world, name, data, message):
    lisse, employee, *_ = world
    with pytest.raises(RegisterError, match=message):
        file_signal(lisse, employee, team="T", what="met bijlage", observed_on=dt.date.today(), attachment=(name, data))
    assert Signal.objects.count() == 1 and not Attachment.objects.exists()  # the signal is not kept either


@pytest.mark.parametrize("name, data, content_type, stored_name", [
    ("besluit.pdf", b"%PDF-1.7\n...", "application/pdf", "besluit.pdf"),
    ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 16, "image/jpeg", "foto.jpg"),
    ("run.bat", b"%PDF-\r\ndel *.*", "application/pdf", "run.pdf"),  # the name cannot make it a script
    ("../../etc/brief<b>.docx", docx_bytes(),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "brief_b_.docx"),
])
def test_it_keeps_a_good_attachment_with_the_type_its_bytes_have(world, name, data, content_type, stored_name):
    _lisse, _employee, team, _signal, case = world
    attachment = add_attachment(case, actor=team, name=name, data=data)
    assert attachment.content_type == content_type and bytes(attachment.data) == data
    assert attachment.name == stored_name


def test_the_intake_page_names_the_bad_attachment(client, world):
    _lisse, employee, *_ = world
    client.force_login(employee)
    upload = io.BytesIO(b"<html>niet echt</html>")
    upload.name = "foto.png"
    page = text(client.post("/gemeente/GM0553/signalen/nieuw/", {
        "what": "iets", "observed_on": dt.date.today().isoformat(), "team": "T", "attachment": upload}))
    assert '<span class="error" id="id_attachment_error">foto.png is geen PDF, PNG, JPEG of Word-document (.docx)' in page
    assert "Er is niets opgeslagen" in page and Signal.objects.count() == 1


def test_the_intake_page_names_markup(client, world):
    _lisse, employee, *_ = world
    client.force_login(employee)
    page = text(client.post("/gemeente/GM0553/signalen/nieuw/", {
        "what": "<script>alert(1)</script>", "observed_on": dt.date.today().isoformat(), "team": "T"}))
    assert '<span class="error" id="id_what_error">HTML of script is niet toegestaan' in page and "<script>alert(1)</script>" not in page
    assert Signal.objects.count() == 1


def test_stored_text_is_shown_escaped_everywhere(client, world):
    """Text that reached the database some other way (an old import, a direct edit) is still escaped."""
    _lisse, employee, team, signal, case = world
    payload = "<script>alert('x')</script>"
    Signal.objects.filter(pk=signal.pk).update(what=payload, address=payload, company=payload, team=payload)
    Case.objects.filter(pk=case.pk).update(subject=payload, phenomena=[payload], partners=[payload])
    CaseNote.objects.create(case=case, author=team, text=payload)
    Measure.objects.create(case=case, kind="sluiting", decision_date=dt.date.today(), document_reference=payload,
                           legal_basis=payload, outcome=payload)
    client.force_login(team)
    for url in ("/gemeente/GM0553/register/", f"/gemeente/GM0553/register/signalen/{signal.pk}/",
                f"/gemeente/GM0553/register/casussen/{case.pk}/"):
        response = client.get(url)
        assertNotContains(response, payload, msg_prefix=url)
        assertContains(response, escape(payload), msg_prefix=url)  # the text, shown as text
    client.force_login(employee)
    response = client.get("/gemeente/GM0553/signalen/mijn/")
    assertNotContains(response, payload)
    assertContains(response, escape(payload))


def test_the_intake_page_shows_every_problem_at_once_each_at_its_field(client, world):
    """A future date, a bad KvK number, markup and a wrong file in one go: all four reported, each at its
    field (aria-invalid, the message's id in aria-describedby), the summary naming the labels on screen."""
    _lisse, employee, *_ = world
    client.force_login(employee)
    upload = io.BytesIO(b"MZ not a pdf")
    upload.name = "virus.pdf"
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    page = text(client.post("/gemeente/GM0553/signalen/nieuw/", {
        "what": "<b>kijk</b>", "observed_on": tomorrow, "kvk": "12", "team": "T", "attachment": upload}))
    for field, problem in (("what", "HTML of script is niet toegestaan"), ("observed_on", "De datum ligt in de toekomst"),
                           ("kvk", "Een KvK-nummer heeft 8 cijfers"), ("attachment", "virus.pdf is geen PDF")):
        assert f'<span class="error" id="id_{field}_error">{problem}' in page, field
        tag = re.search(rf'<(?:input|textarea)[^>]*id="id_{field}"[^>]*>', page).group(0)
        assert 'aria-invalid="true"' in tag and re.search(rf'aria-describedby="[^"]*id_{field}_error', tag), tag
    summary = page[page.index('class="error-summary"'):page.index("Er is niets opgeslagen")]
    for label in ("Wat heeft u gezien?", "Wanneer", "KvK-nummer", "Bijlage"):
        assert f'">{label}' in summary, label
    assert "Datum" not in summary and "Wat is er gezien" not in summary and "bijlage:" not in summary
    assert Signal.objects.count() == 1


def test_date_fields_ask_for_the_dutch_notation_they_accept(client, world):
    _lisse, employee, *_ = world
    client.force_login(employee)
    form = text(client.get("/gemeente/GM0553/signalen/nieuw/"))
    assert "Wanneer (DD-MM-JJJJ)" in form and "JJJJ-MM-DD" not in form
    yesterday = dt.date.today() - dt.timedelta(days=1)
    client.post("/gemeente/GM0553/signalen/nieuw/", {"what": "iets", "observed_on": yesterday.strftime("%d-%m-%Y"),
                                                     "team": "T"})
    assert Signal.objects.filter(observed_on=yesterday, what="iets").exists()


def test_a_measure_is_complete_by_its_kind_and_every_problem_is_named_at_its_field(world):
    lisse, employee, team, _signal, case = world
    with pytest.raises(RegisterError) as closure:
        add_measure(case, actor=team, kind="sluiting", decision_date=dt.date.today(), document_reference="BW-1")
    assert closure.value.fields == {"legal_basis": "een sluiting noemt haar grondslag, zoals Opiumwet art. 13b"}
    with pytest.raises(RegisterError) as advice:
        add_measure(case, actor=team, kind="bibob", decision_date=dt.date.today(), document_reference="B-1", advice="ernstig gevaar")
    assert advice.value.fields == {"requested_on": "een advies is op een dag gevraagd; vul die in"}
    with pytest.raises(RegisterError) as future:
        add_measure(case, actor=team, kind="bibob", decision_date=dt.date.today(), document_reference="B-1",
                    requested_on=dt.date.today() + dt.timedelta(days=30))
    assert future.value.fields == {"requested_on": "de adviesaanvraag ligt in de toekomst"}
    assert not Measure.objects.exists()
    add_measure(case, actor=team, kind="sluiting", decision_date=dt.date.today(), document_reference="BW-1",
                legal_basis="Opiumwet art. 13b")  # complete: stored (its period may be open)
    assert Measure.objects.count() == 1


def test_a_signal_seen_more_than_twenty_years_ago_is_a_mistyped_year(world):
    lisse, employee, _team, _signal, _case = world
    with pytest.raises(RegisterError) as old:
        file_signal(lisse, employee, team="T", what="iets", observed_on=dt.date(1800, 1, 1))
    assert old.value.fields == {"observed_on": "de datum ligt meer dan 20 jaar terug; kijk het jaartal na"}
    file_signal(lisse, employee, team="T", what="iets", observed_on=dt.date.today().replace(year=dt.date.today().year - 5))


def test_a_measure_with_a_mistyped_year_or_a_period_over_before_its_decision_is_refused(world):
    """Walk AS: a closure decided on 1 January 1900, and one "tot 1 januari 2020" decided in 2026, were stored."""
    _lisse, _employee, team, _signal, case = world
    closure = {"kind": "sluiting", "document_reference": "BW-1", "legal_basis": "Opiumwet art. 13b"}
    with pytest.raises(RegisterError) as old:
        add_measure(case, actor=team, decision_date=dt.date(1900, 1, 1), **closure)
    assert old.value.fields == {"decision_date": "de datum ligt meer dan 20 jaar terug; kijk het jaartal na"}
    with pytest.raises(RegisterError) as over:
        add_measure(case, actor=team, decision_date=dt.date.today(), period_end=dt.date(2020, 1, 1), **closure)
    assert over.value.fields == {"period_end": "het einde van de periode ligt voor de besluitdatum"}
    with pytest.raises(RegisterError) as asked:
        add_measure(case, actor=team, kind="bibob", decision_date=dt.date.today(), document_reference="B-1",
                    requested_on=dt.date(1901, 2, 1))
    assert asked.value.fields == {"requested_on": "de datum ligt meer dan 20 jaar terug; kijk het jaartal na"}
    assert not Measure.objects.exists()


def test_the_case_page_shows_an_open_ended_period_and_an_advice_asked_for(client, world):
    """Walk AS: a period with only its end, and a Bibob request without its advice yet, read "–"."""
    _lisse, _employee, team, _signal, case = world
    end = dt.date.today() + dt.timedelta(days=90)
    add_measure(case, actor=team, decision_date=dt.date.today(), period_end=end, kind="sluiting",
                document_reference="BW-1", legal_basis="Opiumwet art. 13b")
    add_measure(case, actor=team, kind="bibob", decision_date=dt.date.today(), document_reference="B-1",
                requested_on=dt.date(2026, 2, 1))
    client.force_login(team)
    page = text(client.get(f"/gemeente/{case.municipality.code}/register/casussen/{case.pk}/"))
    assert f"tot {date_format(end, 'j F Y')}" in page
    assert "gevraagd 1 februari 2026, nog geen advies" in page


def test_a_file_just_over_the_limit_is_told_in_bytes(world):
    """Walk AS: "big.pdf is 10,0 MB; het maximum is 10,0 MB"."""
    from ivb.register.services import attachment_problem, max_attachment_bytes

    limit = max_attachment_bytes()
    said = attachment_problem("big.pdf", b"", size=limit + 10)
    assert said == (f"big.pdf is {limit + 10:,} bytes; het maximum is {limit:,} bytes".replace(",", "."))
