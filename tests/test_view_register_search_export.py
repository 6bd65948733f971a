"""The search's results exported in full, for a request for access under AVG art. 15 (walk AI: only "every
case" could be exported, without the what, the address or the notes, and without a signal found on its own)."""

import csv
import datetime as dt
import io
import time

import pytest

from ivb.register import reauth
from ivb.register.models import AuditEvent
from ivb.register.services import add_case_note, ask_for_information, create_case, file_signal, link_signal
from ivb.store.models import Area
from tests.conftest import register_world

URL = "/gemeente/GM0553/register/zoeken/export.csv"


@pytest.fixture
def world(reference):
    users, records = register_world("x-")
    lisse = Area.objects.get(code="GM0553")
    alone = file_signal(lisse, users["melder"], team="T", what="Piet Geheim woont boven de winkel",
                        observed_on=dt.date.today(), address="Geheimstraat 9", company="Winkel BV", kvk="12345678")
    ask_for_information(alone, actor=users["team"], question="Sinds wanneer?")
    case = create_case(lisse, users["team"], subject_kind="persoon", subject="Onderzoek winkel")
    add_case_note(case, actor=users["team"], text="Piet Geheim heeft een tweede pand")
    hidden = create_case(lisse, users["team"], subject_kind="pand", subject="Piet Geheim, ander pand")
    hidden.restricted_to.add(users["team"])
    link_signal(file_signal(lisse, users["melder"], team="T", what="Over Piet Geheim", observed_on=dt.date.today()),
                hidden, actor=users["team"])
    return users, alone, case, hidden


def fresh(client, user):
    client.force_login(user)
    session = client.session
    reauth.stamp(session, "GM0553", time.time() - 60)
    session.save()


def rows(response) -> list[dict]:
    body = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body), delimiter=";"))


def test_it_exports_everything_the_search_found_with_what_goes_with_it(client, world):
    users, alone, case, hidden = world
    fresh(client, users["team"])
    response = client.post(URL, {"q": "Piet Geheim"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "zoekresultaat" in response["Content-Disposition"]
    found = {r["nummer"]: r for r in rows(response)}
    assert f"S-{alone.pk}" in found and f"C-{case.pk}" in found and f"C-{hidden.pk}" in found
    signal = found[f"S-{alone.pk}"]
    assert (signal["soort"], signal["adres"], signal["bedrijf"], signal["kvk"]) == \
        ("signaal", "Geheimstraat 9", "Winkel BV", "12345678")
    assert "team: Sinds wanneer?" in signal["vragen en antwoorden"]
    assert "Piet Geheim heeft een tweede pand" in found[f"C-{case.pk}"]["notities"]
    event = AuditEvent.objects.filter(action="export").latest("pk")
    assert sorted(event.detail["casussen"]) == sorted([case.pk, hidden.pk]) and alone.pk in event.detail["signalen"]
    assert "Piet" not in str(event.detail)  # the ids, never the words searched for


def test_a_restricted_case_stays_out_for_a_team_member_not_named(client, world):
    users, _alone, case, hidden = world
    fresh(client, users["team-not-named"])
    found = {r["nummer"] for r in rows(client.post(URL, {"q": "Piet Geheim"}))}
    assert f"C-{case.pk}" in found and f"C-{hidden.pk}" not in found


def test_a_search_too_short_exports_nothing(client, world):
    users, *_ = world
    fresh(client, users["team"])
    response = client.post(URL, {"q": "Pi"}, follow=True)
    assert "gebruik minstens 3 tekens" in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_search_page_offers_it_only_with_results(client, world):
    users, *_ = world
    fresh(client, users["team"])
    page = client.post("/gemeente/GM0553/register/zoeken/", {"q": "Piet Geheim"}).content.decode()
    assert 'action="/gemeente/GM0553/register/zoeken/export.csv"' in page and 'value="Piet Geheim"' in page
    nothing = client.post("/gemeente/GM0553/register/zoeken/", {"q": "Niemand Bekend"}).content.decode()
    assert "zoeken/export.csv" not in nothing


def test_without_a_fresh_password_it_comes_back_to_the_search_not_to_a_dead_end(client, world):
    """Review: the password check sent the user back to the export by GET, which answered 405."""
    users, *_ = world
    client.force_login(users["team"])
    stale = client.post(URL, {"q": "Piet Geheim"})
    assert stale.status_code == 302 and stale["Location"] == \
        "/gemeente/GM0553/register/bevestigen/?next=%2Fgemeente%2FGM0553%2Fregister%2Fzoeken%2F"
    assert "Piet" not in stale["Location"]
    fresh(client, users["team"])
    again = client.get(URL)
    assert again.status_code == 302 and again["Location"] == "/gemeente/GM0553/register/zoeken/"
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_fresh_password_opens_the_export_of_that_municipality_only(client, world):
    """Walk AS: a team member of two municipalities confirmed the password in Lisse and exported Hillegom's register,
    whose trail then held the export without the check before it."""
    from ivb.accounts.models import Membership, Role
    from ivb.register.models import RegisterAccess

    users, *_ = world
    team = users["team"]
    hillegom = Area.objects.get(code="GM0534")
    Membership.objects.create(user=team, municipality=hillegom, role=Role.LEZER)
    RegisterAccess.objects.create(user=team, municipality=hillegom, kind="ondermijning")
    fresh(client, team)  # for Lisse
    assert client.get("/gemeente/GM0553/register/export.csv").status_code == 200
    elsewhere = client.get("/gemeente/GM0534/register/export.csv")
    assert elsewhere.status_code == 302 and elsewhere["Location"].startswith("/gemeente/GM0534/register/bevestigen/")
    assert not AuditEvent.objects.filter(action="export", municipality="GM0534").exists()


def test_it_gives_the_whole_record_an_access_request_is_owed(client, world):
    """Walk BY: the export left out the attachments, phenomena, partners, owner, a measure's legal basis and period,
    the Bibob advice and the day a signal's events were seen."""
    from ivb.register.services import add_attachment, add_measure

    users, alone, case, _hidden = world
    add_attachment(case, actor=users["team"], name="rapport Geheim.pdf", data=b"%PDF-1.7 rapport")
    add_measure(case, actor=users["team"], kind="bibob", decision_date=dt.date.today(), document_reference="BIB-7",
                requested_on=dt.date.today(), advice="ernstig gevaar")
    add_measure(case, actor=users["team"], kind="sluiting", decision_date=dt.date.today(), document_reference="SL-9",
                legal_basis="Opiumwet art. 13b", period_start=dt.date.today(),
                period_end=dt.date.today() + dt.timedelta(days=90))
    fresh(client, users["team"])
    found = {r["nummer"]: r for r in rows(client.post(URL, {"q": "Piet Geheim"}))}
    row = found[f"C-{case.pk}"]
    today = f"{dt.date.today():%d-%m-%Y}"
    assert row["bijlagen"] == f"rapport Geheim.pdf ({today})"
    assert row["eigenaar"] == users["team"].username
    assert f"advies gevraagd op {today}, advies: ernstig gevaar" in row["maatregelen"]
    assert "grondslag Opiumwet art. 13b, van " + today + " tot en met " in row["maatregelen"]
    signal = found[f"S-{alone.pk}"]
    assert signal["gezien op"] == today and signal["team van de melder"] == "T"
