"""Adopting the annual plan through the service and the API: the same rules and the same words as the page
(ADR 0040)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import dateformat, timezone, translation

from ivb.accounts.models import Membership, Role
from ivb.accounts.tokens import create_token
from ivb.plan.models import PlanAdoption
from ivb.plan.services import (PlanError, adopt_plan, adoption_words, changed_since_adoption, create_action,
                               update_action)
from ivb.store.models import Area
from tests.test_api import call

ACTION = {"year": 2021, "title": "Voorlichting cybercrime op scholen", "priority_key": "cybercrime",
          "owner": "Team veiligheid", "partners": [], "due_quarter": 2}
URL = "/api/municipalities/GM0553/plans/2021/adoption"


def today() -> str:
    with translation.override("nl"):
        return dateformat.format(timezone.localtime(), "j F Y")


@pytest.fixture
def lisse(demo):
    return Area.objects.get(code="GM0553")


@pytest.fixture
def people(lisse):
    out = {}
    for role in (Role.LEZER, Role.ANALIST, Role.COORDINATOR, Role.BEHEERDER):
        user = get_user_model().objects.create_user(f"adopt-{role}", first_name="Anne", last_name="de Vries")
        Membership.objects.create(user=user, municipality=lisse, role=role)
        out[role] = user
    outsider = get_user_model().objects.create_user("adopt-outsider")
    Membership.objects.create(user=outsider, municipality=Area.objects.get(code="GM0534"), role=Role.COORDINATOR)
    out["outsider"] = outsider
    return out


def test_it_lists_a_new_priority_in_words_not_keys(lisse, people):
    action = create_action(lisse, ACTION, actor_name="test")
    adoption = adopt_plan(lisse, 2021, user=people[Role.COORDINATOR])
    update_action(action, {"priority_key": "jeugd", "title": "Voorlichting op scholen"}, actor_name="test")
    [(words, changed)] = changed_since_adoption(adoption)
    assert changed == action
    assert words == ("titel was 'Voorlichting cybercrime op scholen', nu 'Voorlichting op scholen'; prioriteit was "
                     "3. Cybercrime, nu 4. Jeugd en Veiligheid")


def test_it_lists_nothing_when_nothing_changed(lisse, people):
    create_action(lisse, ACTION, actor_name="test")
    assert changed_since_adoption(adopt_plan(lisse, 2021, user=people[Role.COORDINATOR])) == []


def test_it_refuses_a_simultaneous_second_adoption_with_who_and_when(lisse, people, monkeypatch):
    """The other adoption is stored between the check and the insert: the constraint refuses, the message names it."""
    from ivb.plan import services

    create_action(lisse, ACTION, actor_name="test")
    first = adopt_plan(lisse, 2021, user=people[Role.COORDINATOR], decided_on=timezone.localdate())
    seen = iter([None, first])  # the check sees none; the lookup after the refused insert finds the other
    monkeypatch.setattr(services, "adopted_plan", lambda area, year: next(seen))
    with pytest.raises(PlanError, match=f"^Het jaarplan 2021 is al vastgesteld door het college op {today()}, "
                                        r"vastgelegd door Anne de Vries \(coördinator\)"):
        adopt_plan(lisse, 2021, user=people[Role.COORDINATOR])
    assert PlanAdoption.objects.count() == 1


def test_it_adopts_through_the_api_with_who_and_when(client, lisse, people):
    action = create_action(lisse, ACTION, actor_name="test")
    token = create_token(people[Role.COORDINATOR], "test")
    response = call(client, "post", URL, token, {})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["jaar"], body["vastgesteld_door"], body["rol"]) == (2021, "Anne de Vries", "coordinator")  # the role as /municipalities names it
    assert body["acties"] == [{"id": action.pk, "titel": action.title, "trekker": "Team veiligheid", "kwartaal": 2,
                               "status": "gepland", "prioriteit": "cybercrime", "thema": ""}]
    assert body["gewijzigd_sinds"] == []
    update_action(action, {"owner": "Jongerenwerk"}, actor_name="test")
    shown = call(client, "get", URL, create_token(people[Role.LEZER], "test")).json()
    assert shown["gewijzigd_sinds"] == [{"id": action.pk, "titel": action.title,
                                         "wijziging": "trekker was 'Team veiligheid', nu 'Jongerenwerk'"}]


def test_it_refuses_a_second_adoption_through_the_api_with_the_pages_words(client, lisse, people):
    create_action(lisse, ACTION, actor_name="test")
    token = create_token(people[Role.COORDINATOR], "test")
    assert call(client, "post", URL, token, {"besluitdatum": timezone.localdate().isoformat()}).status_code == 201
    response = call(client, "post", URL, token, {"besluitdatum": "2020-01-01"})  # already adopted: said first
    assert response.status_code == 422
    assert response.json() == {"detail": f"Het jaarplan 2021 is al vastgesteld door het college op {today()}, "
                                         "vastgelegd door Anne de Vries (coördinator); een jaarplan wordt één keer "
                                         "vastgesteld"}


def test_it_refuses_an_empty_year_and_a_year_outside_the_policy_through_the_api(client, people):
    token = create_token(people[Role.COORDINATOR], "test")
    empty = call(client, "post", URL, token, {})
    assert (empty.status_code, empty.json()["detail"]) == (
        422, "er zijn nog geen acties voor 2021; een leeg jaarplan wordt niet vastgesteld")
    outside = call(client, "post", "/api/municipalities/GM0553/plans/2019/adoption", token, {})
    assert outside.status_code == 422
    assert outside.json()["detail"] == ("2019 valt buiten de beleidsperiode (2020–2023); een jaarplan hoort bij een "
                                        "jaar van het beleid")
    assert not PlanAdoption.objects.exists()


# who -> adopting, reading the adoption once adopted
API = {Role.LEZER: (403, 200), Role.ANALIST: (403, 200), Role.BEHEERDER: (403, 200), "outsider": (404, 404),
       None: (401, 401), Role.COORDINATOR: (201, 200)}


@pytest.mark.parametrize("who", list(API))
def test_it_lets_only_a_coordinator_adopt_through_the_api(client, lisse, people, who):
    create_action(lisse, ACTION, actor_name="test")
    token = create_token(people[who], "test") if who else None
    adopt, read = API[who]
    assert call(client, "post", URL, token, {}).status_code == adopt
    assert PlanAdoption.objects.exists() == (adopt == 201)
    if not PlanAdoption.objects.exists():
        assert call(client, "get", URL, token).status_code == (404 if read == 200 else read)  # not adopted yet
        adopt_plan(lisse, 2021, user=people[Role.COORDINATOR])
    assert call(client, "get", URL, token).status_code == read


@pytest.mark.parametrize("who", list(API))
def test_it_checks_access_before_the_year(client, people, who):
    """Whoever may not adopt learns nothing from a year that is no number: the same 404, 403 or 401."""
    token = create_token(people[who], "test") if who else None
    response = call(client, "post", "/api/municipalities/GM0553/plans/geen-jaar/adoption", token, {})
    assert response.status_code == (422 if API[who][0] == 201 else API[who][0])


def test_it_takes_the_decision_date_and_reference_through_the_api(client, lisse, people):
    create_action(lisse, ACTION, actor_name="test")
    token = create_token(people[Role.COORDINATOR], "test")
    response = call(client, "post", URL, token, {"besluitdatum": "2021-04-14", "kenmerk": "B&W 2021/0412"})
    assert response.status_code == 201, response.json()
    assert (response.json()["besluitdatum"], response.json()["kenmerk"]) == ("2021-04-14", "B&W 2021/0412")
    shown = call(client, "get", URL, create_token(people[Role.LEZER], "test")).json()
    assert (shown["besluitdatum"], shown["kenmerk"]) == ("2021-04-14", "B&W 2021/0412")


@pytest.mark.parametrize("body", [None, b""], ids=["json-null", "no-body-at-all"])
def test_it_records_no_decision_date_when_the_api_gives_none(client, lisse, people, body):
    """IVB does not invent the college's date: without one, the adoption says it was adopted, not when."""
    create_action(lisse, ACTION, actor_name="test")
    token = create_token(people[Role.COORDINATOR], "test")
    if body is None:
        response = call(client, "post", URL, token)
    else:  # as `curl -X POST` sends it: no Content-Type, nothing
        response = client.generic("POST", URL, body, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 201, response.json()
    assert (response.json()["besluitdatum"], response.json()["kenmerk"]) == (None, "")
    assert PlanAdoption.objects.get().decided_on is None
    assert adoption_words(PlanAdoption.objects.get(), recorded=False) == "vastgesteld door het college"


def test_it_keeps_the_reference_without_a_date(client, lisse, people):
    create_action(lisse, ACTION, actor_name="test")
    response = call(client, "post", URL, create_token(people[Role.COORDINATOR], "test"), {"kenmerk": "B&W 2021/12"})
    assert response.status_code == 201, response.json()
    assert (adoption_words(PlanAdoption.objects.get(), recorded=False)
            == "vastgesteld door het college (kenmerk B&W 2021/12)")


def test_it_names_every_problem_of_the_decision_at_its_field_through_the_api(client, lisse, people):
    create_action(lisse, ACTION, actor_name="test")
    response = call(client, "post", URL, create_token(people[Role.COORDINATOR], "test"),
                    {"besluitdatum": "2999-01-01", "kenmerk": "x" * 101})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"veld": "besluitdatum", "melding": "1 januari 2999 ligt in de toekomst; vul de datum van het collegebesluit in"},
        {"veld": "kenmerk", "melding": "101 tekens; het maximum is 100"}]
    assert not PlanAdoption.objects.exists()


def test_it_refuses_a_control_character_in_the_reference(lisse, people):
    create_action(lisse, ACTION, actor_name="test")
    with pytest.raises(PlanError, match="^Kenmerk besluit: bevat een teken dat niet getoond kan worden"):
        adopt_plan(lisse, 2021, user=people[Role.COORDINATOR], reference="2021\x00412")
    assert not PlanAdoption.objects.exists()


def test_it_refuses_a_plan_too_far_ahead_even_without_a_date(lisse, people, monkeypatch):
    """Without a date nothing else would stop an adoption in 2019 of the plan 2021 (ADR 0040)."""
    create_action(lisse, ACTION, actor_name="test")
    monkeypatch.setattr(timezone, "localdate", lambda *args: dt.date(2019, 6, 1))
    with pytest.raises(PlanError, match="^het jaarplan 2021 kan pas vanaf 1 januari 2020 worden vastgesteld$"):
        adopt_plan(lisse, 2021, user=people[Role.COORDINATOR])
    assert not PlanAdoption.objects.exists()


def test_the_report_marks_an_action_added_or_changed_after_the_adoption(lisse, people):
    """Walk V: the report said "Het jaarplan 2021 is vastgesteld door het college op …" above three actions, one
    of them added after the adoption, without a word."""
    from ivb.report.content import build

    kept = create_action(lisse, ACTION, actor_name="test")
    moved = create_action(lisse, {**ACTION, "title": "Buurtpreventie"}, actor_name="test")
    adopt_plan(lisse, 2021, user=people[Role.COORDINATOR])
    create_action(lisse, {**ACTION, "title": "Voorlichting phishing voor ouderen"}, actor_name="test")
    update_action(moved, {"due_quarter": 4}, actor_name="test")
    update_action(kept, {"status": "afgerond"}, actor_name="test")  # progress, not a change of the plan
    rows = {a.title: a.since for a in build(lisse, 2021).actions}
    assert rows == {"Voorlichting cybercrime op scholen": "", "Buurtpreventie": "gewijzigd na de vaststelling",
                    "Voorlichting phishing voor ouderen": "toegevoegd na de vaststelling"}
