"""User, role and token changes take one path: the pages and `ivb user`/`ivb token` call accounts.services, so
they refuse the same bad input with the same Dutch sentence and change nothing."""

import pytest
from django.contrib.auth import get_user_model

from ivb.accounts.models import ApiToken, Membership, Role
from ivb.accounts.services import MAX_TOKEN_NAME, MAX_USERNAME
from ivb.cli import main
from tests.conftest import _user, text


@pytest.fixture
def beheerder(reference):
    return _user("beheerder-lisse", Role.BEHEERDER, "GM0553")


def test_it_refuses_a_151_character_user_name_on_the_page_and_in_the_cli_alike(client, beheerder, capsys):
    message = "geef een gebruikersnaam van 1 tot 150 tekens"
    long = "a" * (MAX_USERNAME + 1)
    client.force_login(beheerder)
    page = text(client.post("/gemeente/GM0553/gebruikers/", {"username": long, "role": Role.LEZER}, follow=True))
    assert message[:1].upper() + message[1:] in page  # a sentence on the page
    assert main(["user", "create", long, "--gemeente", "GM0553", "--role", Role.LEZER]) == 1
    assert f"ivb: {message}" in capsys.readouterr().err
    assert not get_user_model().objects.filter(username=long).exists()


def test_it_grants_a_role_alike_on_the_page_and_in_the_cli(client, beheerder, capsys):
    client.force_login(beheerder)
    client.post("/gemeente/GM0553/gebruikers/", {"username": "via-pagina", "role": Role.ANALIST})
    assert main(["user", "create", "via-cli", "--gemeente", "GM0553", "--role", Role.ANALIST]) == 0
    roles = dict(Membership.objects.filter(user__username__startswith="via-").values_list("user__username", "role"))
    assert roles == {"via-pagina": Role.ANALIST, "via-cli": Role.ANALIST}


def test_it_refuses_a_token_name_past_the_maximum_alike(client, beheerder, capsys):
    message = "geef het token een naam van 1 tot 100 tekens"
    long = "n" * (MAX_TOKEN_NAME + 1)
    client.force_login(beheerder)
    page = text(client.post("/account/", {"name": long, "days": "30"}, follow=True))
    assert message[:1].upper() + message[1:] in page  # a sentence on the page
    assert main(["token", "create", beheerder.username, "--name", long]) == 1
    assert f"ivb: {message}" in capsys.readouterr().err
    assert not ApiToken.objects.exists()
