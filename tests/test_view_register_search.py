"""Search and export: a fresh password first, only what the user may see, every result audited by id,
and a CSV a spreadsheet cannot turn into a formula."""

import csv
import datetime as dt
import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from ivb.accounts.models import Membership, Role
from ivb.register import reauth
from ivb.register.models import AuditEvent, RegisterAccess
from ivb.register.services import add_case_note, create_case, file_signal, link_signal
from ivb.store.models import Area
from tests.conftest import text

SEARCH = "/gemeente/GM0553/register/zoeken/"
EXPORT = "/gemeente/GM0553/register/export.csv"


@pytest.fixture
def world(reference):
    lisse = Area.objects.get(code="GM0553")
    users = get_user_model().objects
    team = users.create_user("team", password="goed-wachtwoord-1")
    team2 = users.create_user("team2", password="goed-wachtwoord-2")
    for user in (team, team2):
        Membership.objects.create(user=user, municipality=lisse, role=Role.LEZER)
        RegisterAccess.objects.create(user=user, municipality=lisse, kind="ondermijning")
    melder = users.create_user("melder")
    open_case = create_case(lisse, team, subject_kind="bedrijf", subject="=HYPERLINK(\"http://x\") Kapsalon Bloem")
    add_case_note(open_case, actor=team, text="Bloem wordt ook genoemd door de politie")
    secret = create_case(lisse, team, subject_kind="bedrijf", subject="Bloemenkwekerij Geheim")
    secret.restricted_to.add(team)
    link_signal(file_signal(lisse, melder, team="T", what="Bloemenkas met veel stroom", observed_on=dt.date.today()),
                secret, actor=team)
    file_signal(lisse, melder, team="T", what="Bloemist zonder bloemen", observed_on=dt.date.today())
    return team, team2, open_case, secret


def confirm(client, password):
    return client.post("/gemeente/GM0553/register/bevestigen/", {"password": password, "next": SEARCH})


def test_it_asks_for_the_password_first(client, world):
    team, *_ = world
    client.force_login(team)
    response = client.post(SEARCH, {"q": "Bloem"})
    assert response.status_code == 302 and response["Location"].startswith("/gemeente/GM0553/register/bevestigen/")
    assert "Bloem" not in response["Location"]  # the search term never travels in a URL
    assert client.get(EXPORT).status_code == 302
    assert not AuditEvent.objects.filter(action__in=["search", "export"]).exists()


def test_it_refuses_a_wrong_password_and_records_the_try(client, world):
    team, *_ = world
    client.force_login(team)
    page = text(confirm(client, "fout"))
    assert "Dit wachtwoord klopt niet" in page
    assert client.get(EXPORT).status_code == 302
    assert AuditEvent.objects.get(action="reauth").detail == {"gelukt": False}


def test_it_finds_only_what_the_user_may_see(client, world):
    team, team2, open_case, secret = world
    client.force_login(team2)
    response = confirm(client, "goed-wachtwoord-2")
    assert response.status_code == 302 and response["Location"] == SEARCH
    page = text(client.post(SEARCH, {"q": "Bloem"}))
    assert "Bloemist zonder bloemen" in page and "Kapsalon Bloem" in page
    assert "Geheim" not in page and "Bloemenkas" not in page  # the restricted case and its signal
    event = AuditEvent.objects.get(action="search")
    assert event.detail["casussen"] == [open_case.pk] and len(event.detail["signalen"]) == 1
    assert "Bloem" not in str(event.detail)  # ids, not the words searched for

    client.force_login(team)
    confirm(client, "goed-wachtwoord-1")
    page = text(client.post(SEARCH, {"q": "Bloem"}))
    assert "Bloemenkwekerij Geheim" in page and "Bloemenkas met veel stroom" in page


def test_it_needs_three_characters(client, world):
    team, *_ = world
    client.force_login(team)
    confirm(client, "goed-wachtwoord-1")
    assert "gebruik minstens 3 tekens" in text(client.post(SEARCH, {"q": "Bl"}, follow=True))


def test_it_exports_visible_cases_as_safe_csv(client, world):
    team, team2, open_case, secret = world
    client.force_login(team2)
    confirm(client, "goed-wachtwoord-2")
    response = client.get(EXPORT)
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"] == "text/csv; charset=utf-8" and "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][:4] == ["casus", "status", "soort", "onderwerp"] and len(rows) == 2
    assert rows[1][:4] == [f"C-{open_case.pk}", "open", "bedrijf", "'=HYPERLINK(\"http://x\") Kapsalon Bloem"]
    assert "Geheim" not in body
    assert AuditEvent.objects.get(action="export").detail == {"casussen": [open_case.pk]}


@override_settings(REGISTER_REAUTH_SECONDS=300)
def test_the_confirmation_runs_out(client, world):
    team, *_ = world
    client.force_login(team)
    session = client.session
    reauth.stamp(session, "GM0553", time.time() - 301)
    session.save()
    assert client.get(EXPORT).status_code == 302


def test_it_never_sends_the_user_to_another_site(client, world):
    team, *_ = world
    client.force_login(team)
    response = client.post("/gemeente/GM0553/register/bevestigen/",
                           {"password": "goed-wachtwoord-1", "next": "https://evil.example/"})
    assert response["Location"] == SEARCH


def test_a_next_that_is_not_a_path_goes_to_the_search(client, world):
    team, *_ = world
    client.force_login(team)
    response = client.post("/gemeente/GM0553/register/bevestigen/", {"password": "goed-wachtwoord-1", "next": "foo"})
    assert response["Location"] == SEARCH


def test_five_wrong_passwords_log_the_user_out(client, world):
    team, *_ = world
    client.force_login(team)
    for _ in range(4):
        assert "Dit wachtwoord klopt niet" in text(confirm(client, "fout"))
    response = confirm(client, "fout")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")
    assert client.get(EXPORT).status_code == 302 and client.get(EXPORT)["Location"].startswith("/inloggen/")
    assert AuditEvent.objects.filter(action="reauth", detail={"gelukt": False}).count() == 5


def test_it_finds_answers_and_a_case_through_its_signal(client, world):
    """Walk of 4 December: a word only in the reporter's answer, and a company's KvK number that stood on the signal
    linked to a case, found nothing of it; a request under AVG art. 15 is answered from this search."""
    from ivb.register.services import answer_signal, ask_for_information

    team, _team2, open_case, _secret = world
    lisse = Area.objects.get(code="GM0553")
    melder = get_user_model().objects.get(username="melder")
    asked = file_signal(lisse, melder, team="T", what="Bus voor de deur", observed_on=dt.date.today(), kvk="87654321")
    ask_for_information(asked, actor=team, question="Welk kenteken?")
    answer_signal(asked, reporter=melder, text="Een witte bestelbus")
    linked = file_signal(lisse, melder, team="T", what="Winkel dicht", observed_on=dt.date.today(), kvk="12345678")
    link_signal(linked, open_case, actor=team)
    client.force_login(team)
    confirm(client, "goed-wachtwoord-1")
    found = text(client.post(SEARCH, {"q": "bestelbus"}))
    assert f"S-{asked.pk}</a>" in found
    by_kvk = text(client.post(SEARCH, {"q": "12345678"}))
    assert f"S-{linked.pk}</a>" in by_kvk and f"C-{open_case.pk}</a>" in by_kvk
    assert "Casussen die alleen voor andere teamleden zichtbaar zijn, doorzoekt het niet voor u." in by_kvk
