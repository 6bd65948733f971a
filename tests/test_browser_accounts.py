"""The first beheerder, made at the command line, sets up a team member in the browser; the team member works
in the register until the beheerder revokes the role, after which the register does not exist for them.

Real headless Chromium as in tests/test_browser.py (skipped without /usr/bin/chromium unless
IVB_REQUIRE_BROWSER=1)."""

import contextlib
import datetime as dt
import io
import re

import pytest

import tests.browser  # noqa: F401 (skips this module without Chromium)
from tests.test_browser import check_accessibility

OWN = {"b-beheerder": "beheerder-eigen-wachtwoord", "b-team": "team-eigen-wachtwoord-1"}


@pytest.fixture
def world(live_server, transactional_db):
    """Reference data, and a signal, a case and an attachment in Lisse's register (filed by someone else)."""
    from django.contrib.auth import get_user_model

    from ivb.accounts.models import Membership, Role
    from ivb.register.services import add_attachment, create_case, file_signal
    from ivb.store.models import Area
    from ivb.store.reference import sync_reference_data

    sync_reference_data()
    lisse = Area.objects.get(code="GM0553")
    colleague = get_user_model().objects.create_user("b-collega")
    Membership.objects.create(user=colleague, municipality=lisse, role=Role.MELDER)
    signal = file_signal(lisse, colleague, team="Handhaving", what="Luiken dicht", observed_on=dt.date.today())
    case = create_case(lisse, colleague, subject_kind="pand", subject="Pand A")
    attachment = add_attachment(case, actor=colleague, name="besluit.pdf", data=b"%PDF-1.7 besluit")
    return {"signal": signal.pk, "case": case.pk, "attachment": attachment.pk}


def cli(*args) -> str:
    from ivb.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(args)) == 0
    return out.getvalue()


def first_login(browser, base, name, one_time):
    """Log in with a one-time password: every page leads to the password change until it is done."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    tab = context.new_page()
    tab.goto(base + "/inloggen/")
    tab.get_by_label("Gebruikersnaam").fill(name)
    tab.get_by_label("Wachtwoord").fill(one_time)
    tab.get_by_role("button", name="Inloggen").click()
    tab.wait_for_url("**/account/wachtwoord/")
    assert tab.get_by_text("U bent ingelogd met een eenmalig wachtwoord").is_visible()
    tab.goto(base + "/gemeente/GM0553/")
    assert tab.url.endswith("/account/wachtwoord/")
    check_accessibility(tab, "password-change")
    tab.get_by_label("Oud wachtwoord").fill(one_time)
    tab.get_by_label(re.compile("^Nieuw wachtwoord .verplicht")).fill(OWN[name])
    tab.get_by_label(re.compile("^Nieuw wachtwoord bevestigen")).fill(OWN[name])
    tab.get_by_role("button", name="Wachtwoord opslaan").click()
    tab.wait_for_url("**/gemeente/GM0553/**")  # on to the municipality, not the account page
    assert tab.get_by_text("Uw wachtwoord is gewijzigd").is_visible()
    return context, tab


def register_urls(base, ids):
    page = base + "/gemeente/GM0553/register/"
    api = base + "/api/municipalities/GM0553/register/"
    return [page, f"{page}signalen/{ids['signal']}/", f"{page}casussen/{ids['case']}/",
            f"{page}bijlagen/{ids['attachment']}/", f"{page}bevestigen/", f"{page}zoeken/", f"{page}export.csv",
            f"{page}audit/"], [f"{api}signals/{ids['signal']}", f"{api}cases/{ids['case']}"]


def test_a_new_beheerder_sets_up_a_team_member_and_revokes_them(browser, live_server, world):
    base = live_server.url
    out = cli("user", "create", "b-beheerder", "--gemeente", "GM0553", "--role", "beheerder")
    one_time = re.fullmatch(r"Eenmalig wachtwoord voor b-beheerder: (\S+)", out.strip().splitlines()[-1]).group(1)

    admin, admin_tab = first_login(browser, base, "b-beheerder", one_time)
    admin_tab.goto(base + "/account/")
    check_accessibility(admin_tab, "own-account")
    admin_tab.goto(base + "/gemeente/GM0553/gebruikers/")
    admin_tab.get_by_label("Gebruikersnaam").fill("b-team")
    admin_tab.get_by_label("Rol (verplicht)").select_option("lezer")
    admin_tab.get_by_role("button", name="Opslaan").click()
    admin_tab.wait_for_load_state()
    message = admin_tab.locator(".messages").inner_text()
    assert "b-team is nu lezer in Lisse" in message
    team_one_time = message.split("een eigen wachtwoord): ")[1].strip()
    # Four eyes (ADR 0041): the beheerder who made the account, and knew its password, does not open the register
    # to it; the page says who does instead of offering the button.
    assert admin_tab.get_by_text("team ondermijning: geeft een andere beheerder of de applicatiebeheerder (u maakte dit account of gaf het een wachtwoord, dus u kon het kennen)").is_visible()
    assert admin_tab.get_by_role("button", name="Registertoegang als team ondermijning geven aan b-team").count() == 0
    check_accessibility(admin_tab, "members-register-access")
    admin_tab.reload()
    assert team_one_time not in admin_tab.content()  # shown once

    team, team_tab = first_login(browser, base, "b-team", team_one_time)
    cli("user", "register-access", "b-team", "--gemeente", "GM0553", "--grant", "ondermijning")  # the operator
    admin_tab.reload()
    assert admin_tab.get_by_text("gaf b-team registertoegang als team ondermijning").is_visible()
    team_tab.goto(base + "/gemeente/GM0553/register/")
    assert team_tab.get_by_role("heading", name="Register ondermijning – Lisse").is_visible()
    assert "Luiken dicht" in team_tab.content() or team_tab.get_by_text("Pand A").is_visible()
    team_tab.goto(base + "/gemeente/GM0553/beleid/")
    assert team_tab.get_by_role("heading", level=1, name="Beleid – Lisse").is_visible()  # the policy page, without:
    assert team_tab.get_by_role("link", name="Gebruikers").count() == 0
    assert team_tab.goto(base + "/gemeente/GM0553/gebruikers/").status == 403
    assert team_tab.goto(base + "/gemeente/GM0553/register/audit/").status == 404  # the privacy officer's
    assert team.request.get(register_urls(base, world)[1][1]).status == 200

    admin_tab.get_by_role("button", name="Rol intrekken van b-team").click()  # the visible words first (WCAG 2.5.3)
    admin_tab.wait_for_load_state()
    assert "Rol van b-team (lezer) intrekken?" in admin_tab.get_by_role("alert").inner_text()  # asked first
    admin_tab.get_by_role("button", name="Ja, rol intrekken").click()
    admin_tab.wait_for_load_state()
    assert "Rol van b-team ingetrokken, met de registertoegang" in admin_tab.locator(".messages").inner_text()
    assert admin_tab.get_by_text("registertoegang van b-team als team ondermijning vervallen met de rol").is_visible()

    pages, api = register_urls(base, world)
    for url in pages:
        assert team_tab.goto(url).status == 404, url
    for url in api:
        response = team.request.get(url)
        assert response.status == 404 and response.json() == {"detail": "niet gevonden"}, url
    csrf = next(c["value"] for c in team.cookies() if c["name"] == "csrftoken")
    change = team.request.post(api[1] + "/status", data={"status": "in onderzoek", "verwacht": "open"},
                               headers={"X-CSRFToken": csrf})
    assert change.status == 404 and change.json() == {"detail": "niet gevonden"}
    assert team_tab.goto(base + "/gemeente/GM0553/signalen/nieuw/").status == 404
    team.close()
    admin.close()
