"""Accounts done properly: one-time passwords, audited rights changes, register access that ends with the role,
throttled logins, and API tokens that expire, can be revoked and die with the password."""

import re
import datetime as dt
import json
import time

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from pytest_django.asserts import assertContains

from ivb.accounts import services
from ivb.accounts.models import ApiToken, Membership, Role
from ivb.register import audit, reauth, rights
from ivb.register.models import AuditEvent, RegisterAccess
from ivb.register.services import add_attachment
from ivb.store.models import Area
from tests.conftest import PASSWORD, register_world, text
from tests.test_api_register import GET as API_GET
from tests.test_api_register import SIGNAL
from tests.test_register_access_matrix import FRESH, GET

NEW_PASSWORD = "een-eigen-lang-wachtwoord"


@pytest.fixture
def lisse(reference):
    return Area.objects.get(code="GM0553")


@pytest.fixture
def admin(lisse):
    user = get_user_model().objects.create_user("beheer-lisse", password=PASSWORD)
    Membership.objects.create(user=user, municipality=lisse, role=Role.BEHEERDER)
    return user


def login(client, username, password):
    return client.post("/inloggen/", {"username": username, "password": password}, follow=True,
                       REMOTE_ADDR="10.0.0.1")


def change_password(client, old):
    return client.post("/account/wachtwoord/", {"old_password": old, "new_password1": NEW_PASSWORD,
                                                "new_password2": NEW_PASSWORD}, follow=True)


# ------------------------------------------------------------------------------------------ one-time passwords

def test_it_makes_a_new_user_change_the_one_time_password_before_anything_else(client, admin, lisse):
    _, password = services.grant_role(lisse, "nieuw", Role.ANALIST, by_user=admin)
    response = login(client, "nieuw", password)
    assert response.redirect_chain[-1][0] == "/account/wachtwoord/"
    assert "U bent ingelogd met een eenmalig wachtwoord" in text(response)
    for url in ("/", "/gemeente/GM0553/2019/", "/gemeente/GM0553/beleid/", "/account/"):
        assert client.get(url)["Location"] == "/account/wachtwoord/", url
    api = client.get("/api/municipalities")
    assert api.status_code == 403 and "eenmalige wachtwoord" in api.json()["detail"]
    response = change_password(client, password)
    assert "Uw wachtwoord is gewijzigd. Welkom bij IVB." in text(response)
    assert response.redirect_chain[-1][0].startswith("/gemeente/GM0553/")  # on to the work, not the account page
    assert client.get("/gemeente/GM0553/beleid/").status_code == 200
    assert client.get("/api/municipalities").status_code == 200
    client.logout()
    assert login(client, "nieuw", password).redirect_chain == []  # the one-time password is gone
    assert login(client, "nieuw", NEW_PASSWORD).redirect_chain[-1][0].startswith("/gemeente/GM0553/")


def test_it_refuses_a_weak_new_password_in_dutch(client, admin, lisse):
    _, password = services.grant_role(lisse, "nieuw", Role.LEZER, by_user=admin)
    login(client, "nieuw", password)
    response = client.post("/account/wachtwoord/", {"old_password": password, "new_password1": "12345678",
                                                    "new_password2": "12345678"})
    assert "Dit wachtwoord is te kort" in text(response)
    assert services.must_change_password(get_user_model().objects.get(username="nieuw"))


def test_a_weak_new_password_is_refused_at_the_new_password_field(client, admin, lisse):
    _, password = services.grant_role(lisse, "nieuw", Role.LEZER, by_user=admin)
    login(client, "nieuw", password)
    page = text(client.post("/account/wachtwoord/", {"old_password": password, "new_password1": "12345678",
                                                     "new_password2": "12345678"}))
    assert '<span class="error" id="id_new_password1_error">Dit wachtwoord is te kort' in page
    new = re.search(r'<input [^>]*name="new_password1"[^>]*>', page).group(0)
    confirm = re.search(r'<input [^>]*name="new_password2"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in new and "id_new_password1_error" in new
    assert "aria-invalid" not in confirm and "id_new_password2_error" not in page
    mismatch = text(client.post("/account/wachtwoord/", {"old_password": password, "new_password1": NEW_PASSWORD,
                                                         "new_password2": NEW_PASSWORD + "x"}))
    assert 'id="id_new_password2_error"' in mismatch and 'id="id_new_password1_error"' not in mismatch
    # The summary on top links to the field and says nothing was saved, as other forms do (walk BX).
    assert '<a href="#id_new_password1">' in page and "Er is niets opgeslagen." in page
    assert re.search(r'<form method="post" class="entry" novalidate>', page)


def test_demo_users_keep_their_printed_passwords(client, demo):
    from ivb.demo.load import load_demo

    services.reset_password(get_user_model().objects.get(username="adviseur"), by_user="ivb-cli (test)")
    demo = load_demo()  # a reload gives printed passwords again, to be used as they are
    password = next(line.split("wachtwoord ")[1].split()[0] for line in demo if line.strip().startswith("adviseur"))
    response = login(client, "adviseur", password)
    assert response.redirect_chain[-1][0].startswith("/gemeente/GM0553/")


def test_a_beheerder_resets_a_password_to_a_new_one_time_one(client, admin, lisse):
    member, _ = services.grant_role(lisse, "raadslid", Role.LEZER, by_user=admin)
    services.set_known_password(member.user, PASSWORD, by="test")
    client.force_login(admin)
    response = client.post("/gemeente/GM0553/gebruikers/", {"reset": member.pk, "confirm": "ja"}, follow=True)
    password = text(response).split("een eigen wachtwoord): ")[1].split("<")[0].strip()
    assert "eenmalig, nog niet gewijzigd" in text(response)
    assert "beheer-lisse gaf raadslid een nieuw eenmalig wachtwoord" in text(response)
    client.logout()
    assert login(client, "raadslid", PASSWORD).redirect_chain == []
    assert login(client, "raadslid", password).redirect_chain[-1][0] == "/account/wachtwoord/"


def test_users_change_their_own_password_from_the_header(client, lisse_reader):
    client.force_login(lisse_reader)
    page = text(client.get("/account/"))
    assert '<a href="/account/">Mijn account</a>' in page
    assert "Wachtwoord wijzigen" in page
    change_password(client, PASSWORD)
    assert get_user_model().objects.get(pk=lisse_reader.pk).check_password(NEW_PASSWORD)


# ------------------------------------------------------------------------------------------ rights in the audit

def test_grants_and_revocations_are_audited_and_listed(client, admin, lisse):
    privacy = get_user_model().objects.create_user("privacy-lisse")
    Membership.objects.create(user=privacy, municipality=lisse, role=Role.LEZER)
    RegisterAccess.objects.create(user=privacy, municipality=lisse, kind="privacy")
    # piet's account was made by the operator and piet chose his own password: this beheerder never knew it.
    services.grant_role(lisse, "piet", Role.LEZER, by_user="ivb-cli (root)")
    services.password_changed(get_user_model().objects.get(username="piet"))
    client.force_login(admin)
    piet = Membership.objects.get(user__username="piet")
    client.post("/gemeente/GM0553/gebruikers/", {"username": "piet", "role": "analist"})
    client.post("/gemeente/GM0553/gebruikers/", {"member": piet.pk, "kind": "ondermijning", "register": "grant"})
    assert RegisterAccess.objects.filter(user=piet.user, kind="ondermijning").exists()
    # Revoking asks first and changes nothing until confirmed (walk of 4 December: one tap took it away).
    asked = text(client.post("/gemeente/GM0553/gebruikers/", {"member": piet.pk, "kind": "ondermijning",
                                                               "register": "revoke"}))
    assert "Registertoegang als team ondermijning van piet intrekken?" in asked and "Er is nog niets gewijzigd." in asked
    assert RegisterAccess.objects.filter(user=piet.user, kind="ondermijning").exists()
    client.post("/gemeente/GM0553/gebruikers/", {"member": piet.pk, "kind": "ondermijning", "register": "revoke",
                                                 "confirm": "ja"})
    assert not RegisterAccess.objects.filter(user=piet.user, kind="ondermijning").exists()
    client.post("/gemeente/GM0553/gebruikers/", {"member": piet.pk, "kind": "privacy", "register": "grant"})
    client.post("/gemeente/GM0553/gebruikers/", {"revoke": piet.pk, "confirm": "ja"})
    events = AuditEvent.objects.filter(object_kind="account", municipality="GM0553").order_by("pk")
    assert [(e.action, e.actor_name) for e in events] == [
        ("role_grant", "ivb-cli (root)"), ("role_change", "beheer-lisse"), ("register_grant", "beheer-lisse"),
        ("register_revoke", "beheer-lisse"), ("register_grant", "beheer-lisse"),
        ("register_revoke", "beheer-lisse"), ("role_revoke", "beheer-lisse")]
    assert audit.verify().ok
    expected = ["beheer-lisse wijzigde de rol van piet van lezer in analist",
                "beheer-lisse gaf piet registertoegang als team ondermijning",
                "beheer-lisse trok de registertoegang van piet als team ondermijning in",
                "registertoegang van piet als privacyfunctionaris vervallen met de rol (door beheer-lisse)",
                "beheer-lisse trok de rol analist van piet in"]
    members_page = text(client.get("/gemeente/GM0553/gebruikers/"))
    client.force_login(privacy)
    audit_page = text(client.get("/gemeente/GM0553/register/audit/"))
    for line in expected:
        assert line in members_page and line in audit_page, line


def test_the_command_line_is_audited_as_the_operator(lisse):
    membership, _ = services.grant_role(lisse, "eerste", Role.BEHEERDER, by_user="ivb-cli (root)")
    rights.set_register_access(lisse, membership.user, "privacy", True, by_user="ivb-cli (root)")
    assert list(AuditEvent.objects.values_list("actor_name", "action", "municipality")) == [
        ("ivb-cli (root)", "role_grant", "GM0553"), ("ivb-cli (root)", "register_grant", "GM0553")]


def test_nobody_changes_their_own_register_access(client, admin):
    client.force_login(admin)
    own = Membership.objects.get(user=admin)
    response = client.post("/gemeente/GM0553/gebruikers/", {"member": own.pk, "kind": "ondermijning",
                                                            "register": "grant"}, follow=True)
    assert "U kunt uw eigen registertoegang niet wijzigen" in text(response)
    assert not RegisterAccess.objects.filter(user=admin).exists()


def test_a_beheerder_cannot_manage_another_municipalitys_users(client, admin, outsider):
    client.force_login(admin)
    theirs = Membership.objects.get(user=outsider)
    for body in ({"reset": theirs.pk}, {"member": theirs.pk, "kind": "ondermijning", "register": "grant"},
                 {"revoke": theirs.pk}, {"reset": "999999999"}):
        assert client.post("/gemeente/GM0553/gebruikers/", body).status_code == 404, body
        assert client.post("/gemeente/GM0534/gebruikers/", body).status_code == 404, body
    assert not RegisterAccess.objects.exists()
    assert get_user_model().objects.get(pk=outsider.pk).check_password(PASSWORD)
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("role", [Role.LEZER, Role.ANALIST, Role.COORDINATOR, Role.MELDER])
def test_other_roles_get_403_for_every_act(client, admin, lisse, role):
    user = get_user_model().objects.create_user(f"u-{role}")
    Membership.objects.create(user=user, municipality=lisse, role=role)
    client.force_login(user)
    target = Membership.objects.get(user=admin)
    for body in ({"reset": target.pk}, {"member": target.pk, "kind": "privacy", "register": "grant"}):
        assert client.post("/gemeente/GM0553/gebruikers/", body).status_code == 403
    assert not AuditEvent.objects.exists()


# ------------------------------------------------------------------------------------------ the register

@pytest.fixture
def world(demo):
    users, records = register_world("r-")
    files = {"case_file": add_attachment(records["case"], actor=users["team"], name="a.pdf",
                                         data=b"%PDF-1.7 test").pk}
    ids = {**{name: record.pk for name, record in records.items()}, **files}
    ids.update(signal_file=files["case_file"], restricted_file=files["case_file"],
               restricted_signal_file=files["case_file"])
    return users, ids


def register_routes(ids):
    """Every register page and API route of Lisse, with the status a team member gets today."""
    pages = [(u.format(**ids), codes[4]) for u, codes in GET.items() if u.startswith("/gemeente/GM0553/")]
    api = [(u.format(**ids), codes[4]) for u, codes in API_GET.items() if "/GM0553/" in u]
    return pages + api


def test_revoking_the_last_role_ends_register_access(client, world):
    users, ids = world
    team = users["team"]
    client.force_login(team)
    for url, expected in register_routes(ids):
        assert client.get(url).status_code == expected, url
    session = client.session
    reauth.stamp(session, "GM0553", time.time() - 60)
    session.save()
    for url in FRESH:
        if "/GM0553/" in url:
            assert client.get(url).status_code == 200, url

    services.revoke_role(Membership.objects.get(user=team), "ivb-cli (test)")
    assert not RegisterAccess.objects.filter(user=team).exists()
    for url, _ in register_routes(ids):
        assert client.get(url).status_code == 404, url
    for url in FRESH:
        if "/GM0553/" in url:
            assert client.get(url).status_code == 404, url
    case = f"/api/municipalities/GM0553/register/cases/{ids['case']}"
    assert client.post(f"{case}/status", json.dumps({"status": "in onderzoek", "verwacht": "open"}),
                       content_type="application/json").status_code == 404
    assert client.post("/api/municipalities/GM0553/signals", json.dumps(SIGNAL),
                       content_type="application/json").status_code == 404


def test_a_grant_without_a_role_opens_nothing(client, world):
    users, ids = world
    team = users["team"]
    Membership.objects.filter(user=team).delete()  # as if the grant were left behind
    assert RegisterAccess.objects.filter(user=team).exists()
    client.force_login(team)
    for url, _ in register_routes(ids):
        assert client.get(url).status_code == 404, url


def test_register_access_rides_on_a_role(lisse, admin):
    stranger = get_user_model().objects.create_user("elders")
    with pytest.raises(services.AccountError, match="heeft geen rol in Lisse"):
        rights.set_register_access(lisse, stranger, "ondermijning", True, by_user="ivb-cli (test)")


# ------------------------------------------------------------------------------------------ throttling

def test_it_throttles_logins_per_account_even_with_the_right_password(client, lisse_reader, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert "Gebruikersnaam of wachtwoord klopt niet" in text(login(client, "lezer-lisse", "fout"))
    assert login(client, "lezer-lisse", "fout").status_code == 429  # the limit reached
    response = client.post("/inloggen/", {"username": "lezer-lisse", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert "Te veel mislukte pogingen om in te loggen" in text(response)
    assert "ook met het juiste wachtwoord" in text(response)
    assert "_auth_user_id" not in client.session


def test_it_throttles_logins_per_address(client, lisse_reader, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"geraden-{i}", "fout")
    response = client.post("/inloggen/", {"username": "lezer-lisse", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    elsewhere = client.post("/inloggen/", {"username": "lezer-lisse", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2")
    assert elsewhere.status_code == 302 and "_auth_user_id" in client.session


def test_the_operator_lifts_a_lockout(client, lisse_reader, settings, capsys):
    from ivb.cli import main

    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "lezer-lisse", "fout")
    assert main(["user", "unlock", "lezer-lisse"]) == 0
    assert "blokkade van lezer-lisse opgeheven" in capsys.readouterr().out
    assert login(client, "lezer-lisse", PASSWORD).redirect_chain[-1][0].startswith("/gemeente/GM0553/")


def test_the_operator_is_told_an_address_stays_locked_and_lifts_it(client, lisse_reader, settings, capsys):
    """Walk U: 'blokkade opgeheven', and the next login still answered 429, because the address had guessed
    other names too."""
    from ivb.cli import main

    for i in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"geraden-{i}", "fout")  # say, the user's name typed wrongly: the address is refused
    client.post("/inloggen/", {"username": "x", "password": "y"}, REMOTE_ADDR="10.9.9.9")  # elsewhere, not locked
    login(client, "lezer-lisse", PASSWORD)  # refused by the address (and counted against the name)
    assert main(["user", "unlock", "lezer-lisse"]) == 0
    out = capsys.readouterr().out
    assert "blokkade van lezer-lisse opgeheven (1 mislukte poging gewist)" in out
    assert "let op: adres 10.0.0.1 is nog geblokkeerd (10 mislukte pogingen, met de namen geraden-0" in out
    assert "ivb user unlock --adres 10.0.0.1" in out and "10.9.9.9" not in out
    assert client.post("/inloggen/", {"username": "lezer-lisse", "password": PASSWORD},
                       REMOTE_ADDR="10.0.0.1").status_code == 429
    assert main(["user", "unlock", "--adres", "10.0.0.1"]) == 0
    out = capsys.readouterr().out
    assert "blokkade van adres 10.0.0.1 opgeheven" in out and "nog geblokkeerd" not in out
    assert login(client, "lezer-lisse", PASSWORD).redirect_chain[-1][0].startswith("/gemeente/GM0553/")


# ------------------------------------------------------------------------------------------ API tokens

def api(client, token):
    return client.get("/api/municipalities", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_token_expires(client, lisse_reader):
    token = services.issue_token(lisse_reader, "script", days=1)
    assert api(client, token).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api(client, token).status_code == 401


def test_a_token_is_revoked_on_the_users_own_page(client, lisse_reader):
    token = services.issue_token(lisse_reader, "dashboard-script")
    stored = ApiToken.objects.get()
    client.force_login(lisse_reader)
    page = text(client.get("/account/"))
    assert "dashboard-script" in page and "geldig" in page
    response = client.post("/account/", {"revoke_token": stored.pk}, follow=True)
    assertContains(response, "<p>Token 'dashboard-script' ingetrokken.</p>", html=True)
    assert "ingetrokken" in text(client.get("/account/"))
    client.logout()
    assert api(client, token).status_code == 401


def test_nobody_revokes_someone_elses_token_on_their_page(client, lisse_reader, outsider):
    services.issue_token(outsider, "theirs")
    client.force_login(lisse_reader)
    response = client.post("/account/", {"revoke_token": ApiToken.objects.get().pk}, follow=True)
    assert "Onbekend token" in text(response)
    assert ApiToken.objects.get().revoked_at is None


def test_a_token_stops_working_when_the_password_changes(client, lisse_reader):
    token = services.issue_token(lisse_reader, "script")
    client.force_login(lisse_reader)
    change_password(client, PASSWORD)
    client.logout()
    assert api(client, token).status_code == 401
    assert "vervallen (nieuw wachtwoord)" in text(_own_page(client, lisse_reader))
    fresh = services.issue_token(lisse_reader, "script")
    assert api(client, fresh).status_code == 200
    services.reset_password(lisse_reader, by_user="ivb-cli (test)")
    assert api(client, fresh).status_code == 401


def _own_page(client, user):
    user.refresh_from_db()
    client.force_login(user)
    response = client.get("/account/")
    client.logout()
    return response


def test_no_token_while_the_password_is_one_time(lisse, admin):
    membership, _ = services.grant_role(lisse, "nieuw", Role.LEZER, by_user=admin)
    with pytest.raises(services.AccountError, match="eenmalig wachtwoord"):
        services.issue_token(membership.user, "script")


def test_a_user_makes_a_token_on_their_page(client, lisse_reader):
    client.force_login(lisse_reader)
    response = client.post("/account/", {"name": "rapportage", "days": "30"}, follow=True)
    token = text(response).split("wordt niet nog eens getoond): ")[1].split("<")[0].strip()
    client.logout()
    assert api(client, token).status_code == 200
    stored = ApiToken.objects.get()
    assert 29 <= (stored.expires_at - timezone.now()).days <= 30


# ------------------------------------------------------------------------------------------ command line

def run(capsys, *args):
    from ivb.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_user_create_prints_a_one_time_password_last(capsys, lisse):
    code, out, err = run(capsys, "user", "create", "eerste", "--gemeente", "GM0553", "--role", "beheerder",
                         "--register", "privacy")
    assert code == 0, err
    last = out.strip().splitlines()[-1]
    assert last.startswith("Eenmalig wachtwoord voor eerste: ")
    password = last.split(": ", 1)[1]
    user = get_user_model().objects.get(username="eerste")
    assert user.check_password(password) and services.must_change_password(user)
    assert "eerste is beheerder in Lisse (GM0553), registertoegang als privacyfunctionaris" in out
    code, out, _ = run(capsys, "user", "list", "--gemeente", "GM0553")
    assert "eerste" in out and "privacyfunctionaris" in out and "eenmalig (nog wijzigen)" in out


def test_cli_user_create_for_an_existing_user_keeps_their_password(capsys, lisse_reader):
    code, out, _ = run(capsys, "user", "create", "lezer-lisse", "--gemeente", "GM0534", "--role", "analist")
    assert code == 0
    assert "bestond al en houdt het eigen wachtwoord" in out
    assert get_user_model().objects.get(username="lezer-lisse").check_password(PASSWORD)


def test_cli_reset_password(capsys, lisse_reader):
    code, out, _ = run(capsys, "user", "reset-password", "lezer-lisse")
    password = out.strip().splitlines()[-1].split("Eenmalig wachtwoord voor lezer-lisse: ")[1]
    user = get_user_model().objects.get(username="lezer-lisse")
    assert code == 0 and user.check_password(password) and not user.check_password(PASSWORD)
    assert services.must_change_password(user)
    assert AuditEvent.objects.get().action == "password_reset"


@pytest.mark.parametrize(("args", "message"), [
    (("user", "create", "x", "--gemeente", "GM9999", "--role", "lezer"), "ivb: onbekende gemeente GM9999"),
    (("user", "create", "x", "--gemeente", "GM0553", "--role", "baas"),
     "ivb: onbekende rol 'baas'; kies uit lezer, analist, coordinator, beheerder, melder"),
    (("user", "create", "x", "--gemeente", "GM0553", "--role", "lezer", "--register", "alles"),
     "ivb: onbekende registertoegang 'alles'; kies uit ondermijning, privacy"),
    (("user", "create", "met spatie", "--gemeente", "GM0553", "--role", "lezer"), "gebruik alleen letters"),
    (("user", "reset-password", "niemand"), "ivb: onbekende gebruiker 'niemand'"),
    (("user", "revoke", "lezer-lisse", "--gemeente", "GM0534"), "lezer-lisse heeft geen rol in Hillegom"),
    (("token", "create", "lezer-lisse", "--days", "999"), "een token is 1 tot 366 dagen geldig, niet 999"),
    (("token", "create", "lezer-lisse", "--days", "veel"), "--days: 'veel' is geen heel getal"),
    (("token", "revoke", "42"), "ivb: onbekend token 42"),
])
def test_cli_refuses_bad_input_and_changes_nothing(capsys, lisse_reader, args, message):
    users_before = get_user_model().objects.count()
    code, _, err = run(capsys, *args)
    assert code == 1 and message in err and "Traceback" not in err
    assert get_user_model().objects.count() == users_before
    assert not AuditEvent.objects.exists() and not ApiToken.objects.exists()


def test_cli_grant_register_access_and_revoke_the_role(capsys, lisse_reader):
    assert run(capsys, "user", "register-access", "lezer-lisse", "--gemeente", "GM0553",
               "--grant", "ondermijning")[0] == 0
    code, out, _ = run(capsys, "user", "grant", "lezer-lisse", "--gemeente", "GM0553", "--role", "analist")
    # One role per municipality: the grant says which one it replaced (walk BV).
    assert "lezer-lisse is analist in Lisse (GM0553) (was lezer: één rol per gemeente; wie beide nodig heeft, krijgt " \
           "een tweede account)" in out
    code, out, _ = run(capsys, "user", "revoke", "lezer-lisse", "--gemeente", "GM0553")
    assert code == 0 and "ingetrokken, en de registertoegang daar (1)" in out
    assert not RegisterAccess.objects.exists()
    assert [e.action for e in AuditEvent.objects.order_by("pk")] == [
        "register_grant", "role_change", "register_revoke", "role_revoke"]


def test_cli_tokens_are_listed_and_revoked(capsys, client, lisse_reader):
    code, out, err = run(capsys, "token", "create", "lezer-lisse", "--name", "export", "--days", "10")
    token = out.strip()
    assert code == 0 and "Geldig 10 dagen" in err
    stored = ApiToken.objects.get()
    code, out, _ = run(capsys, "token", "list", "lezer-lisse")
    assert f"{stored.pk}" in out and "export" in out and "geldig" in out
    code, out, _ = run(capsys, "token", "revoke", str(stored.pk))
    assert code == 0 and "ingetrokken" in out
    assert "ingetrokken" in run(capsys, "token", "list")[1]
    assert api(client, token).status_code == 401


def test_it_refuses_a_one_time_password_kept_as_ones_own(client, lisse):
    _, one_time = services.grant_role(lisse, "nieuw", Role.LEZER, by_user="ivb-cli (test)")
    login(client, "nieuw", one_time)
    response = client.post("/account/wachtwoord/", {"old_password": one_time, "new_password1": one_time,
                                                     "new_password2": one_time})
    assert "Kies een ander wachtwoord dan het huidige." in text(response)
    assert services.must_change_password(get_user_model().objects.get(username="nieuw"))


def test_a_beheerder_cannot_reset_the_password_of_an_account_that_also_works_elsewhere(client, lisse, admin):
    from ivb.accounts.models import Organisation

    hillegom = Area.objects.get(code="GM0534")
    Organisation.objects.create(name="HLTsamen").municipalities.set([lisse, hillegom])
    other = get_user_model().objects.create_user("beheer-hillegom", password=PASSWORD)
    Membership.objects.create(user=other, municipality=hillegom, role=Role.BEHEERDER)
    login(client, "beheer-lisse", PASSWORD)
    client.post("/gemeente/GM0553/gebruikers/", {"username": "beheer-hillegom", "role": "lezer"})
    in_lisse = Membership.objects.get(user=other, municipality=lisse)  # a shared-service colleague may get a role
    page = text(client.get("/gemeente/GM0553/gebruikers/"))  # not offered (walk U: offered, then refused)
    assert "nieuw wachtwoord via de applicatiebeheerder (werkt ook voor een andere gemeente)" in page
    assert f'name="reset" value="{in_lisse.pk}"' not in page
    response = client.post("/gemeente/GM0553/gebruikers/", {"reset": in_lisse.pk, "confirm": "ja"}, follow=True)
    assert "werkt ook voor een gemeente waar u geen beheerder bent" in text(response)
    other.refresh_from_db()
    assert other.check_password(PASSWORD) and not services.must_change_password(other)


def test_a_reset_is_in_the_audit_of_every_municipality_of_the_account(lisse, admin):
    hillegom = Area.objects.get(code="GM0534")
    user = get_user_model().objects.create_user("tweevoudig", password=PASSWORD)
    for area in (lisse, hillegom):
        Membership.objects.create(user=user, municipality=area, role=Role.LEZER)
    services.reset_password(user, by_user="ivb-cli (test)", municipality=lisse)
    assert set(AuditEvent.objects.filter(action="password_reset").values_list("municipality", flat=True)) == \
        {"GM0553", "GM0534"}


def test_a_token_survives_a_rehash_of_the_same_password(client, lisse_reader, settings):
    """Django re-hashes a password at login when the hasher changed (a Django upgrade): same password, so the
    tokens keep working; a new password still ends them."""
    token = services.issue_token(lisse_reader, "script")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher",
                                 "django.contrib.auth.hashers.MD5PasswordHasher"]
    before = lisse_reader.password
    assert lisse_reader.check_password(PASSWORD)  # re-hashed with the preferred hasher and saved
    lisse_reader.refresh_from_db()
    assert lisse_reader.password != before and lisse_reader.password.startswith("pbkdf2_sha256$")
    assert api(client, token).status_code == 200
    services.set_known_password(lisse_reader, "een-heel-ander-wachtwoord-9", by="test")
    assert api(client, token).status_code == 401


def test_a_user_gets_a_full_name_that_an_approved_report_prints(client, demo, capsys):
    """Walk AH: `ivb user create` had no way to give a real name, so the council report read "vastgesteld door
    coord-zut"."""
    from ivb.cli import main
    from ivb.report.models import Report

    assert main(["user", "create", "coord-l", "--gemeente", "GM0553", "--role", "coordinator",
                 "--volledige-naam", "  Jan  de Vries "]) == 0
    assert capsys.readouterr().out.startswith("coord-l (Jan de Vries) is coördinator in Lisse (GM0553)")
    user = get_user_model().objects.get(username="coord-l")
    assert user.get_full_name() == "Jan de Vries"
    services.set_known_password(user, PASSWORD, by=user)
    client.force_login(user)
    client.post("/gemeente/GM0553/rapport/2019/", {"confirm": "ja"})
    assert Report.objects.get().approved_by_name == "Jan de Vries (coördinator)"
    assert main(["user", "set-name", "coord-l", "J. de Vries-Bakker"]) == 0
    assert get_user_model().objects.get(username="coord-l").get_full_name() == "J. de Vries-Bakker"
    assert main(["user", "set-name", "coord-l", "x" * 151]) == 1
    assert "geef een naam van hoogstens 150 tekens" in capsys.readouterr().err
    assert get_user_model().objects.get(username="coord-l").get_full_name() == "J. de Vries-Bakker"
    assert main(["user", "set-name", "coord-l", ""]) == 0
    assert "rapporten noemen de gebruikersnaam" in capsys.readouterr().out


def test_an_account_is_deactivated_at_the_command_line_with_its_roles_access_and_tokens(demo, client, capsys):
    """Walk AS: after `ivb user revoke` of the only role the account still logged in, its token listed as valid."""
    from django.contrib.auth import get_user_model

    from ivb.accounts.services import set_known_password
    from ivb.accounts.tokens import user_for
    from ivb.cli import main
    from ivb.register.models import AuditEvent, RegisterAccess

    assert main(["user", "create", "vertrekt", "--gemeente", "GM0553", "--role", "lezer", "--register",
                 "ondermijning"]) == 0
    user = get_user_model().objects.get(username="vertrekt")
    set_known_password(user, "een-eigen-wachtwoord-1234", by=user)
    assert main(["token", "create", "vertrekt", "--name", "script"]) == 0
    token = next(line for line in capsys.readouterr().out.split() if line.startswith("ivb_"))
    assert user_for(token) is not None
    assert main(["user", "deactivate", "vertrekt"]) == 0
    assert capsys.readouterr().out.strip() == ("vertrekt uitgeschakeld: rollen en registertoegang ingetrokken in "
                                               "Lisse; 1 token ingetrokken; inloggen kan niet meer")
    user.refresh_from_db()
    assert not user.is_active and user_for(token) is None and not user.memberships.exists()
    assert not RegisterAccess.objects.filter(user=user).exists()
    client.post("/inloggen/", {"username": "vertrekt", "password": "een-eigen-wachtwoord-1234"})
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="deactivate", municipality="GM0553").count() == 1
    assert main(["user", "deactivate", "vertrekt"]) == 1
    assert "vertrekt is al uitgeschakeld" in capsys.readouterr().err


def test_the_account_page_says_how_to_send_a_token_and_where_the_api_is_described(client, lisse_reader):
    """Walk AU: the page explained what a token is, but not how to send it or where the addresses are."""
    client.force_login(lisse_reader)
    page = client.get("/account/").content.decode()
    assert "<code>Authorization: Bearer ivb_…</code>" in page and 'href="/api/openapi.json"' in page


def test_a_deactivated_account_is_said_to_be_so_and_comes_back_only_with_reactivate(demo, client, capsys):
    """Walk AX: `user create` and `user reset-password` on a deactivated account read as done, and printed a password
    that could never log in."""
    from django.contrib.auth import get_user_model

    from ivb.cli import main

    assert main(["user", "create", "terug", "--gemeente", "GM0553", "--role", "lezer"]) == 0
    assert main(["user", "deactivate", "terug"]) == 0
    capsys.readouterr()
    for command in (["user", "create", "terug", "--gemeente", "GM0553", "--role", "lezer"],
                    ["user", "reset-password", "terug"]):
        assert main(command) == 1
        assert "terug is uitgeschakeld; schakel het eerst weer in met 'ivb user reactivate terug'" in \
            capsys.readouterr().err
    assert main(["user", "reactivate", "terug"]) == 0
    password = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    assert get_user_model().objects.get(username="terug").is_active
    response = client.post("/inloggen/", {"username": "terug", "password": password})
    assert "_auth_user_id" in client.session, response.status_code  # in, to choose a password of its own
