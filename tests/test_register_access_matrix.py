"""Every register page × every persona × own or other municipality × restricted case, GET and POST.
Written out by hand so that any widening of access fails a cell."""

import time

import pytest

from ivb.register import reauth
from ivb.register.models import Case, Signal
from ivb.register.services import add_attachment
from tests.conftest import register_world

PERSONAS = ["anonymous", "melder", "lezer", "coordinator", "team", "team-not-named", "privacy", "hillegom-team"]

#                                   anon melder lezer coord team  not-named privacy hillegom-team
GET = {
    "/gemeente/GM0553/signalen/nieuw/": (302, 200, 200, 200, 200, 200, 200, 404),
    "/gemeente/GM0553/signalen/mijn/": (302, 200, 200, 200, 200, 200, 200, 404),
    "/gemeente/GM0553/register/": (302, 404, 404, 404, 200, 200, 404, 404),
    "/gemeente/GM0553/register/signalen/{open_signal}/": (302, 404, 404, 404, 200, 200, 404, 404),
    "/gemeente/GM0553/register/signalen/{restricted_signal}/": (302, 404, 404, 404, 200, 404, 404, 404),
    "/gemeente/GM0553/register/casussen/{case}/": (302, 404, 404, 404, 200, 200, 404, 404),
    "/gemeente/GM0553/register/casussen/{restricted_case}/": (302, 404, 404, 404, 200, 404, 404, 404),
    "/gemeente/GM0553/register/audit/": (302, 404, 404, 404, 404, 404, 200, 404),
    "/gemeente/GM0534/register/casussen/{case}/": (302, 404, 404, 404, 404, 404, 404, 404),
    "/gemeente/GM0553/register/bijlagen/{signal_file}/": (302, 404, 404, 404, 200, 200, 404, 404),
    "/gemeente/GM0553/register/bijlagen/{case_file}/": (302, 404, 404, 404, 200, 200, 404, 404),
    "/gemeente/GM0553/register/bijlagen/{restricted_file}/": (302, 404, 404, 404, 200, 404, 404, 404),
    "/gemeente/GM0553/register/bijlagen/{restricted_signal_file}/": (302, 404, 404, 404, 200, 404, 404, 404),
    "/gemeente/GM0534/register/bijlagen/{case_file}/": (302, 404, 404, 404, 404, 404, 404, 404),
    "/gemeente/GM0553/register/bevestigen/": (302, 404, 404, 404, 200, 200, 404, 404),
    # Search and export send the team to the password check first (302), everyone else finds nothing.
    "/gemeente/GM0553/register/zoeken/": (302, 404, 404, 404, 302, 302, 404, 404),
    "/gemeente/GM0553/register/export.csv": (302, 404, 404, 404, 302, 302, 404, 404),
}
# The same with a password confirmed a minute ago: the confirmation opens nothing the grant does not.
FRESH = {
    "/gemeente/GM0553/register/zoeken/": (302, 404, 404, 404, 200, 200, 404, 404),
    "/gemeente/GM0553/register/export.csv": (302, 404, 404, 404, 200, 200, 404, 404),
    "/gemeente/GM0534/register/export.csv": (302, 404, 404, 404, 404, 404, 404, 200),  # its own, empty
}
# The search's results in full (AVG art. 15), posted: the team after a fresh password, no one else.
EXPORT_FOUND = "/gemeente/GM0553/register/zoeken/export.csv"
EXPORT_FOUND_STALE = (302, 404, 404, 404, 302, 302, 404, 404)
EXPORT_FOUND_FRESH = (302, 404, 404, 404, 200, 200, 404, 404)
# A status change on the restricted case: only the named team member may make it.
POST_RESTRICTED = (302, 404, 404, 404, 302, 404, 404, 404)


@pytest.fixture
def world(demo):
    users, records = register_world("m-")
    files = {name: add_attachment(records[record], actor=users["team"], name=f"{name}.pdf", data=b"%PDF-1.7 test").pk
             for name, record in (("signal_file", "open_signal"), ("case_file", "case"),
                                  ("restricted_file", "restricted_case"), ("restricted_signal_file", "restricted_signal"))}
    return users, {**{name: record.pk for name, record in records.items()}, **files}


def login(client, users, persona, fresh=False):
    client.logout()
    if persona != "anonymous":
        client.force_login(users[persona])
        if fresh:
            session = client.session
            for code in ("GM0553", "GM0534"):  # a fresh password counts per municipality
                reauth.stamp(session, code, time.time() - 60)
            session.save()


@pytest.mark.parametrize("route", list(GET))
def test_every_register_page_for_every_persona(client, world, route):
    users, ids = world
    url = route.format(**ids)
    for persona, expected in zip(PERSONAS, GET[route], strict=True):
        login(client, users, persona)
        assert client.get(url).status_code == expected, f"{persona} GET {url}"


@pytest.mark.parametrize("route", list(FRESH))
def test_search_and_export_after_a_fresh_password_for_every_persona(client, world, route):
    users, ids = world
    for persona, expected in zip(PERSONAS, FRESH[route], strict=True):
        login(client, users, persona, fresh=True)
        assert client.get(route).status_code == expected, f"{persona} GET {route}"


def test_changing_a_restricted_case_for_every_persona(client, world):
    users, ids = world
    url = f"/gemeente/GM0553/register/casussen/{ids['restricted_case']}/"
    for persona, expected in zip(PERSONAS, POST_RESTRICTED, strict=True):
        login(client, users, persona)
        status = Case.objects.get(pk=ids["restricted_case"]).status
        response = client.post(url, {"act": "status", "status": "in onderzoek" if status == "open" else "maatregel",
                                     "expected": status})
        assert response.status_code == expected, persona
    assert Case.objects.get(pk=ids["restricted_case"]).status == "in onderzoek"  # changed once, by the named user


def test_triage_by_anyone_but_the_team_changes_nothing(client, world):
    users, ids = world
    url = f"/gemeente/GM0553/register/signalen/{ids['open_signal']}/"
    for persona in ("melder", "lezer", "coordinator", "privacy", "hillegom-team"):
        login(client, users, persona)
        assert client.post(url, {"act": "reject"}).status_code == 404, persona
    assert Signal.objects.get(pk=ids["open_signal"]).status == "nieuw"


@pytest.mark.parametrize("fresh", [False, True])
def test_the_search_export_for_every_persona(client, world, fresh):
    users, _ids = world
    for persona, expected in zip(PERSONAS, EXPORT_FOUND_FRESH if fresh else EXPORT_FOUND_STALE, strict=True):
        login(client, users, persona, fresh=fresh)
        assert client.post(EXPORT_FOUND, {"q": "Pand"}).status_code == expected, f"{persona} POST {EXPORT_FOUND}"
