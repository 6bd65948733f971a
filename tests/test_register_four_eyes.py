"""Four eyes on the register (ADR 0041; walk U): a beheerder who could know an account's password does not open
the register to it, and does not give a new password to an account that reads a register. Otherwise one beheerder
makes a sock puppet, gives it team access, logs in as it and reads the cases."""

import pytest
from django.contrib.auth import get_user_model

from ivb.accounts import services
from ivb.accounts.models import Membership, Role
from ivb.register import rights
from ivb.register.models import AuditEvent, RegisterAccess
from ivb.store.models import Area
from tests.conftest import PASSWORD, text

PAGE = "/gemeente/GM0553/gebruikers/"
CLI = "ivb-cli (root)"


@pytest.fixture
def lisse(reference):
    return Area.objects.get(code="GM0553")


def beheerder(lisse, name):
    user = get_user_model().objects.create_user(name, password=PASSWORD)
    Membership.objects.create(user=user, municipality=lisse, role=Role.BEHEERDER)
    return user


@pytest.fixture
def admin(lisse):
    return beheerder(lisse, "beheer-lisse")


@pytest.fixture
def other_admin(lisse):
    return beheerder(lisse, "beheer-twee")


def own_password(user):
    services.password_changed(user)  # as the page does after the holder chose their own


def test_it_refuses_team_access_to_an_account_the_beheerder_made(client, admin, other_admin, lisse):
    client.force_login(admin)
    client.post(PAGE, {"username": "pop", "role": "lezer"})
    pop = Membership.objects.get(user__username="pop")
    own_password(pop.user)  # the beheerder logged in as pop and chose "pop's" password: still his
    response = client.post(PAGE, {"member": pop.pk, "kind": "ondermijning", "register": "grant"}, follow=True)
    assert ("U hebt het account van pop aangemaakt of het een eenmalig wachtwoord gegeven, en kon dus het "
            "wachtwoord kennen; registertoegang geeft een andere beheerder") in text(response)
    assert not RegisterAccess.objects.exists()
    assert not AuditEvent.objects.filter(action="register_grant").exists()
    # The refused attempt is in the trail, for the privacy officer (walk of 4 December: it left no trace).
    [tried] = AuditEvent.objects.filter(action="register_refused")
    assert (tried.actor_name, tried.municipality, tried.detail["user"], tried.detail["access"]) == (
        "beheer-lisse", "GM0553", "pop", "ondermijning")
    assert rights.describe(tried).startswith("beheer-lisse probeerde pop registertoegang als team ondermijning te "
                                             "geven; geweigerd: u hebt het account van pop aangemaakt")
    from ivb.register.services import audit_events

    assert [e.action for e in audit_events(admin, lisse, kind="geweigerd").events] == ["register_refused"]
    assert "register_refused" not in {e.action for e in audit_events(admin, lisse, kind="wijzigingen").events}
    # A second beheerder can: two people, not one.
    rights.set_register_access(lisse, pop.user, "ondermijning", True, by_user=other_admin)
    assert RegisterAccess.objects.filter(user=pop.user, kind="ondermijning").exists()


def test_it_refuses_register_access_to_an_account_whose_password_the_beheerder_reset(admin, lisse):
    membership, _ = services.grant_role(lisse, "anne", Role.ANALIST, by_user=CLI)
    user = membership.user
    own_password(user)
    services.reset_password(user, by_user=admin, municipality=lisse)
    own_password(user)
    with pytest.raises(services.AccountError, match="^u hebt het account van anne aangemaakt"):
        rights.set_register_access(lisse, user, "privacy", True, by_user=admin)
    assert not RegisterAccess.objects.exists()


def test_it_refuses_register_access_while_the_password_is_one_time(other_admin, admin, lisse):
    """Someone else made the account and knows its one-time password: until its holder chose their own, whoever
    knows it could read the register as them."""
    services.grant_role(lisse, "nieuw", Role.LEZER, by_user=admin)
    user = get_user_model().objects.get(username="nieuw")
    with pytest.raises(services.AccountError, match="^het account nieuw heeft nog een eenmalig wachtwoord, dat een ander kent"):
        rights.set_register_access(lisse, user, "ondermijning", True, by_user=other_admin)
    own_password(user)
    assert rights.set_register_access(lisse, user, "ondermijning", True, by_user=other_admin)


def test_it_refuses_a_new_password_for_an_account_that_reads_the_register(client, admin, lisse):
    member, _ = services.grant_role(lisse, "team", Role.LEZER, by_user=CLI)
    own_password(member.user)
    rights.set_register_access(lisse, member.user, "ondermijning", True, by_user=CLI)
    client.force_login(admin)
    page = text(client.get(PAGE))
    assert "nieuw wachtwoord via de applicatiebeheerder (registertoegang)" in page
    assert f'name="reset" value="{member.pk}"' not in page
    response = client.post(PAGE, {"reset": member.pk, "confirm": "ja"}, follow=True)
    assert "Het account team heeft toegang tot het register, en wie het wachtwoord kent, kan het lezen" in text(response)
    assert get_user_model().objects.get(pk=member.user.pk).password == member.user.password
    assert not AuditEvent.objects.filter(action="password_reset").exists()
    # The operator on the command line still can: the application's administrator is trusted.
    assert services.reset_password(member.user, by_user=CLI)


def test_the_page_says_who_can_grant_instead_of_offering_a_refused_button(client, admin, lisse):
    client.force_login(admin)
    client.post(PAGE, {"username": "pop", "role": "lezer"})
    page = text(client.get(PAGE))
    assert "team ondermijning: geeft een andere beheerder of de applicatiebeheerder (u maakte dit account of gaf het een wachtwoord, dus u kon het kennen)" in page
    assert 'aria-label="Registertoegang als team ondermijning geven aan pop"' not in page


def test_a_stand_in_beheerder_made_by_one_cannot_open_the_register_to_him(client, admin, lisse):
    """The review of walk U's fix: b1 makes 'pop' a beheerder, acts as pop with the one-time password, and as pop
    gives b1 himself team access. An account another person made or reset grants nobody register access."""
    services.grant_role(lisse, "pop", Role.BEHEERDER, by_user=admin)
    pop = get_user_model().objects.get(username="pop")
    own_password(pop)  # b1 chose "pop's" password
    own_password(admin)
    with pytest.raises(services.AccountError, match="^uw account werd aangemaakt of kreeg een eenmalig wachtwoord "
                                                    "van beheer-lisse, die dus als u kon handelen"):
        rights.set_register_access(lisse, admin, "ondermijning", True, by_user=pop)
    assert not RegisterAccess.objects.exists()
    client.force_login(pop)
    page = text(client.get(PAGE))
    assert "Registertoegang geven kunt u niet: uw account werd aangemaakt" in page
    assert "team ondermijning: niet door u (zie boven)" in page
    assert 'aria-label="Registertoegang als team ondermijning geven aan beheer-lisse"' not in page


def test_the_second_beheerder_sees_who_issued_a_password(client, admin, other_admin, lisse):
    services.grant_role(lisse, "nieuw", Role.LEZER, by_user=admin)
    own_password(get_user_model().objects.get(username="nieuw"))
    client.force_login(other_admin)
    page = text(client.get(PAGE))
    assert "wachtwoord uitgegeven door beheer-lisse" in page  # before granting, the second pair of eyes can ask


def test_no_account_is_both_team_member_and_privacy_officer(client, admin, other_admin, lisse):
    """Walk of 4 December: one click made the team member also privacy officer, who then read the trail of their
    own acts. The privacy officer watches over the team; no one watches over themselves."""
    membership, _ = services.grant_role(lisse, "teamlid", Role.LEZER, by_user=CLI)
    user = membership.user
    own_password(user)
    rights.set_register_access(lisse, user, "ondermijning", True, by_user=CLI)
    client.force_login(other_admin)
    page = text(client.get(PAGE))
    assert "privacyfunctionaris: niet naast team ondermijning (de privacyfunctionaris ziet toe op het team)" in page
    response = client.post(PAGE, {"member": membership.pk, "kind": "privacy", "register": "grant"}, follow=True)
    assert ("Teamlid heeft al registertoegang als team ondermijning; team ondermijning en privacyfunctionaris gaan "
            "niet samen") in text(response)
    assert not RegisterAccess.objects.filter(user=user, kind="privacy").exists()
    assert AuditEvent.objects.filter(action="register_refused", detail__access="privacy").count() == 1
    with pytest.raises(services.AccountError, match="gaan niet samen"):  # the command line keeps the rule too
        rights.set_register_access(lisse, user, "privacy", True, by_user=CLI)
    rights.set_register_access(lisse, user, "ondermijning", False, by_user=CLI)
    rights.set_register_access(lisse, user, "privacy", True, by_user=CLI)  # after the other is revoked
    assert set(RegisterAccess.objects.filter(user=user).values_list("kind", flat=True)) == {"privacy"}
