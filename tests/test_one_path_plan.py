"""The annual plan's acts take one path: the page and the API call plan.services, so they take the same input,
refuse the same bad input with the same Dutch words, and store nothing then."""

import json

import pytest
from django.contrib.auth import get_user_model
from pytest_django.asserts import assertContains

from ivb.accounts.models import Membership, Role
from ivb.accounts.tokens import create_token
from ivb.domain.periods import latest_year
from ivb.plan.models import Action
from ivb.plan.services import MAX_TEXT, MAX_TITLE, priorities
from ivb.store.models import Area
from tests.conftest import text

PAGE = {"title": "Voorlichting", "description": "", "priority_key": "cybercrime", "theme_code": "",
        "owner": "Team veiligheid", "partners": "Politie", "due_quarter": "2"}
API = {"jaar": 2020, "titel": "Voorlichting", "prioriteit": "cybercrime", "trekker": "Team veiligheid",
       "partners": ["Politie"], "kwartaal": 2}


@pytest.fixture
def token(analyst):
    return create_token(analyst, "test")


def on_page(client, analyst, year=2020, **changes):
    client.force_login(analyst)
    return client.post(f"/gemeente/GM0553/jaarplan/{year}/nieuw/", {**PAGE, **changes}, follow=True)


def by_api(client, token, **changes):
    return client.post("/api/municipalities/GM0553/actions", data=json.dumps({**API, **changes}),
                       content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


def refused_alike(client, analyst, token, message, page_changes, api_changes, year=2020, veld=None, label=None):
    """The same refusal on both paths: the API's sentence, and its problem by the API's field name (`veld`); the
    page shows that problem at the form's field, with the field's `label` in the summary, or above the form."""
    page = on_page(client, analyst, year=year, **page_changes)
    assert page.status_code == 200
    shown = text(page)
    assert "Er is niets opgeslagen." in shown
    response = by_api(client, token, **api_changes)
    assert response.status_code == 422
    problem = message.removeprefix(f"{label}: ") if label else message
    assert response.json() == {"detail": message, "errors": [{"veld": veld, "melding": problem}]}
    if label:
        assert f"</a> – {problem}</li>" in shown and f">{label}</a>" in shown and 'class="error"' in shown
    else:
        assert message in shown
    assert not Action.objects.exists()


def test_it_refuses_a_201_character_action_on_the_page_and_in_the_api_with_the_same_words(client, analyst, token):
    long = "x" * (MAX_TITLE + 1)
    refused_alike(client, analyst, token, "Actie: 201 tekens; het maximum is 200", {"title": long}, {"titel": long},
                  veld="titel", label="Actie")


def test_it_refuses_a_201_character_owner_alike(client, analyst, token):
    long = "y" * 201
    refused_alike(client, analyst, token, "Trekker: 201 tekens; het maximum is 200", {"owner": long},
                  {"trekker": long}, veld="trekker", label="Trekker")


def test_it_refuses_a_description_past_the_maximum_alike(client, analyst, token):
    long = "z" * (MAX_TEXT + 1)
    refused_alike(client, analyst, token, "Omschrijving: 10.001 tekens; het maximum is 10.000",
                  {"description": long}, {"omschrijving": long}, veld="omschrijving", label="Omschrijving")


def test_it_refuses_a_year_after_next_year_alike(client, analyst, token):
    late = latest_year() + 1
    # Lisse's policy runs 2020-2023: the period is what can be chosen, also for a year beyond any range.
    refused_alike(client, analyst, token, f"{late} valt buiten de beleidsperiode (2020–2023); een jaarplan hoort bij "
                  "een jaar van het beleid", {}, {"jaar": late}, year=late, veld="jaar")


def test_it_stores_the_same_action_from_the_page_and_the_api(client, analyst, token):
    title = "  " + "t" * MAX_TITLE + "  "  # 200 characters once trimmed: allowed on both
    assert "toegevoegd" in text(on_page(client, analyst, title=title))
    assert by_api(client, token, titel=title).status_code == 201
    page_action, api_action = Action.objects.order_by("pk")
    fields = ("year", "title", "priority_key", "owner", "partners", "due_quarter", "created_by_name", "status")
    assert [getattr(page_action, f) for f in fields] == [getattr(api_action, f) for f in fields]
    assert page_action.title == "t" * MAX_TITLE


def test_it_offers_on_the_page_the_priorities_the_api_accepts(client, analyst, token):
    offered = priorities(Area.objects.get(code="GM0553"), 2020)
    assert "cybercrime" in dict(offered)
    client.force_login(analyst)
    page = client.get("/gemeente/GM0553/jaarplan/2020/nieuw/")
    for key, label in offered:
        assertContains(page, f'<option value="{key}">{label}</option>', html=True)
    response = by_api(client, token, prioriteit="onbekend")
    assert response.status_code == 422 and response.json() == {
        "detail": "onbekende prioriteit 'onbekend'",
        "errors": [{"veld": "prioriteit", "melding": "onbekende prioriteit 'onbekend'"}]}
    assert by_api(client, token, prioriteit=offered[-1][0]).status_code == 201


def test_it_refuses_a_reader_on_both_paths(client, lisse_reader, demo):
    reader_token = create_token(lisse_reader, "test")
    client.force_login(lisse_reader)
    assert client.post("/gemeente/GM0553/jaarplan/2020/nieuw/", PAGE).status_code == 403
    assert by_api(client, reader_token).status_code == 403
    assert not Action.objects.exists()


def test_it_refuses_a_too_long_note_on_an_action_on_the_page(client, analyst):
    from ivb.plan.services import create_action

    action = create_action(Area.objects.get(code="GM0553"), {**PAGE, "year": 2020, "due_quarter": 2, "partners": []},
                           actor_name="test")
    client.force_login(analyst)
    page = text(client.post(f"/gemeente/GM0553/acties/{action.pk}/", {"text": "n" * (MAX_TEXT + 1)}, follow=True))
    assert "Voortgang: 10.001 tekens; het maximum is 10.000" in page
    assert not action.notes.exists()


def test_the_openapi_description_states_the_services_limits(client):
    action = client.get("/api/openapi.json").json()["components"]["schemas"]["ActionIn"]["properties"]
    assert action["titel"]["maxLength"] == MAX_TITLE and action["omschrijving"]["maxLength"] == MAX_TEXT
    assert (action["jaar"]["minimum"], action["jaar"]["maximum"]) == (1900, latest_year())


def test_a_coordinator_elsewhere_cannot_plan_here(client, demo):
    user = get_user_model().objects.create_user("coordinator-hillegom")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0534"), role=Role.COORDINATOR)
    assert by_api(client, create_token(user, "test")).status_code == 404
    assert not Action.objects.exists()


@pytest.mark.parametrize("year", [1950, 2024, latest_year()])
def test_it_refuses_an_action_outside_the_policy_period_alike(client, analyst, token, year):
    refused_alike(client, analyst, token, f"{year} valt buiten de beleidsperiode (2020–2023); een jaarplan hoort bij "
                                          "een jaar van het beleid", {}, {"jaar": year}, year=year, veld="jaar")


def test_every_problem_is_named_at_once_at_its_field(client, analyst, token):
    """An empty title and a 201-character owner: both, in one answer (the walk got only the first)."""
    response = by_api(client, token, titel="  ", trekker="y" * 201)
    assert response.json() == {"detail": "Actie: vul dit in; Trekker: 201 tekens; het maximum is 200",
                               "errors": [{"veld": "titel", "melding": "vul dit in"},
                                          {"veld": "trekker", "melding": "201 tekens; het maximum is 200"}]}
    # The page: a too-long owner and a theme the policy does not place under the priority, both at their fields.
    page = text(on_page(client, analyst, owner="y" * 201, priority_key="jeugd", theme_code="5.5"))
    assert '<span class="error" id="id_owner_error">201 tekens; het maximum is 200</span>' in page
    assert ('<span class="error" id="id_theme_code_error">5.5 Ambtelijke en bestuurlijke integriteit hoort volgens '
            "het beleid niet bij prioriteit 4. Jeugd en Veiligheid;") in page
    assert not Action.objects.exists()


def test_an_english_reader_is_refused_in_english(client, analyst):
    """The plan's refusals are the service's words in the reader's language, as its labels are."""
    client.force_login(analyst)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = text(client.post("/gemeente/GM0553/jaarplan/2020/nieuw/", {**PAGE, "priority_key": "", "theme_code": ""},
                            follow=True))
    assert "choose a priority or a theme" in page and "kies een prioriteit" not in page
    assert "<h1>Add an action to the annual plan 2020</h1>" in page
    assert not Action.objects.exists()
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
