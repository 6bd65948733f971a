"""A beheerder manages who holds which role in the municipality; nobody else can."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from pytest_django.asserts import assertContains, assertNotContains

from ivb.accounts.models import Membership, Role
from ivb.store.models import Area
from tests.conftest import text


@pytest.fixture
def admin(demo):
    user = get_user_model().objects.create_user("beheer-lisse")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=Role.BEHEERDER)
    return user


def test_a_beheerder_adds_a_new_user_whose_password_is_shown_once(client, admin):
    client.force_login(admin)
    response = client.post("/gemeente/GM0553/gebruikers/", {"username": "nieuw-raadslid", "role": "lezer"}, follow=True)
    page = response.content.decode()
    assert "nieuw-raadslid is nu lezer in Lisse. Eenmalig wachtwoord" in page
    password = page.split("een eigen wachtwoord): ")[1].split("<")[0].strip()
    assert get_user_model().objects.get(username="nieuw-raadslid").check_password(password)
    members = client.get("/gemeente/GM0553/gebruikers/")
    assertContains(members, '<th scope="row">nieuw-raadslid</th>', html=True)  # listed, without the password
    assertNotContains(members, password)


def test_a_beheerder_changes_and_revokes_roles(client, admin):
    client.force_login(admin)
    client.post("/gemeente/GM0553/gebruikers/", {"username": "raadslid", "role": "analist"})
    assert Membership.objects.get(user__username="raadslid", municipality__code="GM0553").role == "analist"
    target = Membership.objects.get(user__username="raadslid", municipality__code="GM0553")
    client.post("/gemeente/GM0553/gebruikers/", {"revoke": target.pk, "confirm": "ja"})
    assert not Membership.objects.filter(pk=target.pk).exists()
    own = Membership.objects.get(user=admin)
    response = client.post("/gemeente/GM0553/gebruikers/", {"revoke": own.pk, "confirm": "ja"}, follow=True)
    assert "U kunt uw eigen rol niet intrekken" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()


def test_a_beheerder_cannot_touch_another_municipalitys_roles(client, admin):
    client.force_login(admin)
    hillegom = Membership.objects.get(user__username="hillegom")
    assert client.post("/gemeente/GM0553/gebruikers/", {"revoke": hillegom.pk}).status_code == 404
    assert client.get("/gemeente/GM0534/gebruikers/").status_code == 404
    assert Membership.objects.filter(pk=hillegom.pk).exists()


@pytest.mark.parametrize("role", [Role.LEZER, Role.ANALIST, Role.COORDINATOR])
def test_other_roles_cannot_manage_users(client, demo, role):
    user = get_user_model().objects.create_user(f"u-{role}")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=role)
    client.force_login(user)
    assert client.get("/gemeente/GM0553/gebruikers/").status_code == 403
    assert client.post("/gemeente/GM0553/gebruikers/", {"username": "x", "role": "coordinator"}).status_code == 403
    assert not get_user_model().objects.filter(username="x").exists()


def test_a_beheerder_cannot_change_their_own_role(client, admin):
    client.force_login(admin)
    response = client.post("/gemeente/GM0553/gebruikers/", {"username": "beheer-lisse", "role": "coordinator"},
                           follow=True)
    assert "U kunt uw eigen rol niet wijzigen" in response.content.decode()
    assert Membership.objects.get(user=admin).role == "beheerder"


def test_an_account_outside_the_organisation_cannot_be_given_a_role(client, admin):
    get_user_model().objects.create_user("elders")  # works for no municipality of HLTsamen
    client.force_login(admin)
    response = client.post("/gemeente/GM0553/gebruikers/", {"username": "elders", "role": "lezer"}, follow=True)
    assert "Deze gebruikersnaam is niet beschikbaar" in response.content.decode()
    assert not Membership.objects.filter(user__username="elders").exists()


def test_revoking_a_role_asks_first_and_changes_nothing_until_confirmed(client, admin):
    client.force_login(admin)
    client.post("/gemeente/GM0553/gebruikers/", {"username": "raadslid", "role": "lezer"})
    target = Membership.objects.get(user__username="raadslid", municipality__code="GM0553")
    page = client.post("/gemeente/GM0553/gebruikers/", {"revoke": target.pk}).content.decode()
    assert "Rol van raadslid (lezer) intrekken?" in page and "Ja, rol intrekken" in page
    # Each button's name starts with the words it shows, for speech input (WCAG 2.5.3, found by axe)
    assert '<button type="submit" name="revoke" value="' in page and 'aria-label="Rol intrekken van ' in page
    assert Membership.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize("username, message", [
    ("Zb Team 3!", "Gebruikersnaam &#x27;Zb Team 3!&#x27;: gebruik alleen letters, cijfers en @ . + - _"),
    ("elders", "Deze gebruikersnaam is niet beschikbaar; kies een andere"),
    ("beheer-lisse", "U kunt uw eigen rol niet wijzigen; vraag een andere beheerder"),
])
def test_a_refused_grant_is_an_error_at_the_username_and_changes_nothing(client, admin, username, message):
    get_user_model().objects.create_user("elders")  # works for no municipality of HLTsamen
    client.force_login(admin)
    before = list(Membership.objects.values_list("user__username", "municipality__code", "role").order_by("pk"))
    response = client.post("/gemeente/GM0553/gebruikers/", {"username": username, "role": "coordinator"})
    page = response.content.decode()
    assert response.status_code == 200
    # at the field, which is marked invalid and points at the message; the summary says so, in error styling
    assert f'<span class="error" id="id_username_error">{message}</span>' in page
    assert 'aria-invalid="true"' in page and 'aria-describedby="id_username_error"' in page
    assert '<div class="error-summary" role="alert"><h2>Er is iets niet goed</h2>' in page
    assert 'class="messages"' not in page  # not in the box for confirmations
    assert list(Membership.objects.values_list("user__username", "municipality__code", "role")
                .order_by("pk")) == before


def test_a_refused_act_on_a_listed_member_is_an_error_not_a_confirmation(client, admin):
    client.force_login(admin)
    own = Membership.objects.get(user=admin)
    page = client.post("/gemeente/GM0553/gebruikers/", {"revoke": own.pk, "confirm": "ja"},
                       follow=True).content.decode()
    assert ('<div class="error-summary" role="alert"><p>U kunt uw eigen rol niet intrekken; vraag een andere '
            'beheerder</p></div>') in page
    assert 'class="messages"' not in page and 'id="id_username_error"' not in page
    assert Membership.objects.filter(pk=own.pk).exists()


def test_the_members_page_speaks_english_in_english_mode(client, admin):
    from ivb.register.rights import set_register_access

    client.force_login(admin)
    client.post("/gemeente/GM0553/gebruikers/", {"username": "nieuw-lid", "role": "coordinator"}, follow=True)
    set_register_access(Area.objects.get(code="GM0553"), get_user_model().objects.get(username="nieuw-lid"),
                        "privacy", True, by_user="ivb-cli (root)")  # the beheerder made the account (ADR 0041)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = text(client.get("/gemeente/GM0553/gebruikers/"))
    assert '<th scope="row">beheer-lisse</th><td class="role" data-label="Role">administrator</td>' in page
    assert '<th scope="row">nieuw-lid</th><td class="role" data-label="Role">coordinator</td>' in page
    # On a phone the rows stack into cards, each cell headed by its column's name: in English too.
    assert 'data-label="Register"' in page and 'data-label="Password"' in page and 'data-label="Wachtwoord"' not in page
    assert '<option value="lezer">reader</option>' in page and '<option value="melder">reporter</option>' in page
    # nieuw-lid is privacy officer: team access cannot stand beside it (separation of duties, before four eyes)
    assert "undermining team: not beside privacy officer (the privacy officer oversees the team)" in page
    assert "new password through the application administrator (register access)" in page
    assert "beheer-lisse created nieuw-lid as coordinator" in page
    assert "granted nieuw-lid register access as privacy officer" in page
    assert ">Sources</a>" in page
    for dutch in (">lezer</td>", ">beheerder</td>", "coördinator", "privacyfunctionaris", "registertoegang als", " maakte "):
        assert dutch not in page
    refused = text(client.post("/gemeente/GM0553/gebruikers/", {"username": "beheer-lisse", "role": "lezer"}))
    assert "You cannot change your own role; ask another administrator" in refused
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert "beheer-lisse maakte nieuw-lid aan als coördinator" in text(client.get("/gemeente/GM0553/gebruikers/"))


def test_a_password_reset_asks_first_and_changes_nothing_until_confirmed(client, admin):
    from ivb.accounts import services

    client.force_login(admin)
    client.post("/gemeente/GM0553/gebruikers/", {"username": "nieuw-lid", "role": "lezer"}, follow=True)
    target = Membership.objects.get(user__username="nieuw-lid", municipality__code="GM0553")
    services.set_known_password(target.user, "een-eigen-lang-wachtwoord", by="test")
    page = text(client.post("/gemeente/GM0553/gebruikers/", {"reset": target.pk}))
    assert "Nieuw eenmalig wachtwoord voor nieuw-lid?" in page and "Er is nog niets gewijzigd." in page
    assert f'<button type="submit" name="reset" value="{target.pk}">Ja, nieuw eenmalig wachtwoord</button>' in page
    assert "Eenmalig wachtwoord (wordt niet nog eens getoond" not in page
    target.user.refresh_from_db()
    assert target.user.check_password("een-eigen-lang-wachtwoord") and not services.must_change_password(target.user)
    done = text(client.post("/gemeente/GM0553/gebruikers/", {"reset": target.pk, "confirm": "ja"}, follow=True))
    assert "Nieuw wachtwoord voor nieuw-lid. Eenmalig wachtwoord" in done
    target.user.refresh_from_db()
    assert not target.user.check_password("een-eigen-lang-wachtwoord") and services.must_change_password(target.user)


def test_it_names_a_change_made_at_the_command_line_in_words(client, admin, capsys):
    """Walk T #8: the list of changes read "ivb-cli (root) maakte beheer-zutphen aan als beheerder"."""
    import getpass

    from ivb.cli import main

    assert main(["user", "create", "eerste-beheerder", "--gemeente", "GM0553", "--role", "beheerder"]) == 0
    client.force_login(admin)
    page = text(client.get("/gemeente/GM0553/gebruikers/"))
    assert f"de opdrachtregel ({getpass.getuser()}) maakte eerste-beheerder aan als beheerder" in page
    assert "ivb-cli" not in page


def test_on_a_phone_each_user_is_a_card_with_its_actions_under_the_name(client, admin):
    """At 390 px the users table ran off the screen: "Nieuw eenmalig wachtwoord" and "Rol intrekken" could not be
    reached. The table is marked to stack (ivb.css: table.stack.members below 48 rem), each cell names its column,
    and the actions have a cell of their own."""
    client.force_login(admin)
    page = text(client.get("/gemeente/GM0553/gebruikers/"))
    assert '<table class="indicators stack members">' in page
    row = page.split('<th scope="row">raadslid</th>')[1].split("</tr>")[0]
    assert row.startswith('<td class="role" data-label="Rol">lezer</td>')
    assert '<td class="register" data-label="Register">' in row and '<td data-label="Wachtwoord">' in row
    assert '<td class="actions"><form method="post">' in row and ">Rol intrekken</button>" in row
    css = (Path(__file__).parents[1] / "src/ivb/web/static/ivb/ivb.css").read_text()
    assert "@media (max-width: 48rem) {\n  table.stack.members, table.stack.members tbody { display: block; }" in css
