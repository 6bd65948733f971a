from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.store.models import Area


def test_it_sends_anonymous_visitors_to_the_login(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_it_lists_only_the_users_municipalities(client, lisse_reader):
    Membership.objects.create(user=lisse_reader, municipality=Area.objects.get(code="GM1525"), role=Role.LEZER)
    client.force_login(lisse_reader)
    page = client.get("/").content.decode()
    assert "Lisse" in page and "Teylingen" in page
    assert "Hillegom" not in page


def test_it_tells_a_user_without_a_role_what_to_do(client, reference):
    user = get_user_model().objects.create_user("nieuw")
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "U heeft nog geen rol bij een gemeente" in page


def test_it_names_the_organisation_that_serves_each_municipality(client, demo, lisse_reader):
    Membership.objects.create(user=lisse_reader, municipality=Area.objects.get(code="GM1525"), role=Role.LEZER)
    client.force_login(lisse_reader)
    page = client.get("/").content.decode()
    assert "GM0553 · HLTsamen" in page and "GM1525 · HLTsamen" in page
