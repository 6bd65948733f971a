"""Every page of docs/authorisation.md against every persona. The table here is written out by hand, so a
change in the code that widens access makes it fail."""

import pytest
from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.plan.models import Action
from ivb.store.models import Area, Observation

PERSONAS = ["anonymous", "lezer", "analist", "coordinator", "beheerder", "outsider"]

# page -> expected GET status per persona, in the order of PERSONAS. 302 for anonymous means: to the login.
PAGES = {
    "/gemeente/GM0553/2019/": (302, 200, 200, 200, 200, 404),
    "/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/": (302, 200, 200, 200, 200, 404),
    "/gemeente/GM0553/reeksen/{series}/": (302, 200, 200, 200, 200, 404),
    "/gemeente/GM0553/beleid/": (302, 200, 200, 200, 200, 404),
    "/gemeente/GM0553/beleid/nieuwe-versie/": (302, 403, 403, 200, 403, 404),
    "/gemeente/GM0553/beleid/invulbestand.yaml": (302, 403, 403, 200, 403, 404),
    "/gemeente/GM0553/beleid/2020-2023.yaml": (302, 403, 403, 200, 403, 404),
    "/gemeente/GM0553/cijfers/nieuw/": (302, 403, 200, 200, 403, 404),
    "/gemeente/GM0553/cijfers/{obs}/corrigeren/": (302, 403, 200, 200, 403, 404),
    "/gemeente/GM0553/cijfers/{obs}/intrekken/": (302, 403, 302, 302, 403, 404),  # GET: to the correction page
    "/gemeente/GM0553/cijfers/importeren/": (302, 403, 200, 200, 403, 404),
    "/gemeente/GM0553/cijfers/sjabloon.xlsx": (302, 403, 200, 200, 403, 404),
    "/gemeente/GM0553/jaarplan/2020/": (302, 200, 200, 200, 200, 404),
    "/gemeente/GM0553/jaarplan/2020/nieuw/": (302, 403, 200, 200, 403, 404),
    "/gemeente/GM0553/jaarplan/2020/vaststellen/": (302, 403, 403, 405, 403, 404),  # POST only
    "/gemeente/GM0553/acties/{action}/": (302, 200, 200, 200, 200, 404),
    "/gemeente/GM0553/acties/{action}/bewerken/": (302, 403, 200, 200, 403, 404),
    "/gemeente/GM0553/gebruikers/": (302, 403, 403, 403, 200, 404),
    "/gemeente/GM0553/bronnen/": (302, 200, 200, 200, 200, 404),
    "/gemeente/GM0553/vergelijking/": (302, 200, 200, 200, 200, 404),
    "/gemeente/GM0553/rapport/": (302, 302, 302, 302, 302, 404),  # on to the year the dashboard opens on
    "/gemeente/GM0553/rapport/2019/": (302, 200, 200, 200, 200, 404),
    "/gemeente/GM0553/rapport/2019/docx/": (302, 404, 200, 200, 404, 404),  # drafts: not for lezer or beheerder
}
# POSTs that change something: who may.
WRITES = {
    "/gemeente/GM0553/acties/{action}/": ({"text": "voortgang"}, (302, 403, 302, 302, 403, 404)),
    "/gemeente/GM0553/acties/{action}/bewerken/": ({"title": "Actie", "priority_key": "jeugd", "owner": "Trekker",
                                                    "due_quarter": "4"}, (302, 403, 302, 302, 403, 404)),
    "/gemeente/GM0553/bronnen/": ({"series_key": "politie.geweld", "other_key": "politie.od.1.4.5"},
                                  (302, 403, 302, 302, 403, 404)),
    "/gemeente/GM0553/jaarplan/2020/vaststellen/": ({"confirm": "ja"}, (302, 403, 403, 302, 403, 404)),
    "/gemeente/GM0553/cijfers/nieuw/": ({"series": "politie.geweld", "period": "{year}", "value": "70",
                                         "status": "definitief", "source": "Politie"}, (302, 403, 302, 302, 403, 404)),
}


@pytest.fixture
def world(demo):
    users = {}
    for role in (Role.LEZER, Role.ANALIST, Role.COORDINATOR, Role.BEHEERDER):
        user = get_user_model().objects.create_user(f"p-{role}")
        Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=role)
        users[str(role)] = user
    outsider = get_user_model().objects.create_user("p-outsider")
    Membership.objects.create(user=outsider, municipality=Area.objects.get(code="GM0534"), role=Role.COORDINATOR)
    users["outsider"] = outsider
    action = Action.objects.create(municipality=Area.objects.get(code="GM0553"), year=2020, priority_key="jeugd",
                                   title="Actie", owner="Team veiligheid", due_quarter=4, created_by_name="test")
    first = Observation.objects.filter(area__code="GM0553").first()
    ids = {"obs": first.pk, "action": action.pk, "series": first.series_id}
    return users, ids


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_for_every_persona(client, world, page):
    users, ids = world
    url = page.format(**ids)
    for persona, expected in zip(PERSONAS, PAGES[page], strict=True):
        client.logout()
        if persona != "anonymous":
            client.force_login(users[persona])
        response = client.get(url)
        assert response.status_code == expected, f"{persona} {url}: {response.status_code}"
        if persona == "anonymous":
            assert response["Location"].startswith("/inloggen/")


@pytest.mark.parametrize("page", list(WRITES))
def test_every_change_for_every_persona(client, world, page):
    users, ids = world
    data, statuses = WRITES[page]
    for n, (persona, expected) in enumerate(zip(PERSONAS, statuses, strict=True)):
        client.logout()
        if persona != "anonymous":
            client.force_login(users[persona])
        sent = {k: v.format(year=2000 + n) for k, v in data.items()}  # a new figure each time
        assert client.post(page.format(**ids), sent).status_code == expected, persona
