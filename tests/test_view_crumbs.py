"""Every page's crumbs start at the municipalities and name the municipality, in the reader's language: a reader
on a phone always has the same way back (the accessibility walk found five pages that started elsewhere, two with
"Jaarplan" hard-coded in Dutch)."""

import re

import pytest

from ivb.accounts.models import Membership, Role
from ivb.store.models import Area
from tests.conftest import text


@pytest.fixture
def coordinator(demo):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("coord-crumbs")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=Role.COORDINATOR)
    return user


def crumbs(page: str) -> str:
    return re.sub(r"<[^>]+>", "", re.search(r'<p class="crumbs">(.*?)</p>', page).group(1))


def test_every_page_starts_its_crumbs_at_the_municipalities(client, coordinator):
    client.force_login(coordinator)
    from ivb.plan.services import create_action

    action = create_action(Area.objects.get(code="GM0553"), {
        "year": 2023, "priority_key": "cybercrime", "title": "Voorlichting op scholen", "owner": "OOV",
        "due_quarter": 2}, actor_name="test")
    pages = ["/gemeente/GM0553/rapport/2019/", "/gemeente/GM0553/vergelijking/", "/gemeente/GM0553/beleid/nieuwe-versie/",
             "/gemeente/GM0553/jaarplan/2023/nieuw/", f"/gemeente/GM0553/acties/{action.pk}/",
             f"/gemeente/GM0553/acties/{action.pk}/bewerken/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert crumbs(text(response)).startswith("Gemeenten › Lisse"), (url, crumbs(text(response)))
    from django.contrib.auth import get_user_model

    manager = get_user_model().objects.create_user("beheer-crumbs")
    Membership.objects.create(user=manager, municipality=Area.objects.get(code="GM0553"), role=Role.BEHEERDER)
    client.force_login(manager)
    assert crumbs(text(client.get("/gemeente/GM0553/gebruikers/"))).startswith("Gemeenten › Lisse")


def test_the_crumbs_speak_english_too(client, coordinator):
    client.force_login(coordinator)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Annual plan 2023" in crumbs(text(client.get("/gemeente/GM0553/jaarplan/2023/nieuw/")))
