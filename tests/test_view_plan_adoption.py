"""The college adopts the annual plan (ADR 0040): a coördinator, with the box ticked, once per year; every reader
sees who adopted it and when, and what changed in the plan since."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import dateformat, timezone, translation

from ivb.accounts.models import Membership, Role
from ivb.plan.models import PlanAdoption
from ivb.plan.services import change_status, create_action, update_action
from ivb.store.models import Area
from tests.conftest import text

PAGE = "/gemeente/GM0553/jaarplan/2021/"
ADOPT = PAGE + "vaststellen/"
ACTION = {"year": 2021, "title": "Voorlichting cybercrime op scholen", "priority_key": "cybercrime",
          "owner": "Team veiligheid", "partners": [], "due_quarter": 2}


def today() -> str:
    with translation.override("nl"):
        return dateformat.format(timezone.localtime(), "j F Y")


def adopting(**changes) -> dict:
    """The form as a browser sends it: the box ticked, the decision's date as the date field prefills it."""
    return {"confirm": "ja", "decided_on": timezone.localdate().isoformat(), **changes}


@pytest.fixture
def coordinator(demo):
    user = get_user_model().objects.create_user("coord-lisse", first_name="Anne", last_name="de Vries")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=Role.COORDINATOR)
    return user


@pytest.fixture
def action(demo):
    return create_action(Area.objects.get(code="GM0553"), ACTION, actor_name="test")


def test_it_lets_a_coordinator_adopt_and_shows_who_and_when(client, coordinator, action, lisse_reader):
    client.force_login(coordinator)
    page = text(client.get(PAGE))
    assert "<legend>Jaarplan vaststellen</legend>" in page
    assert "Ik stel het jaarplan 2021 vast namens het college" in page
    response = client.post(ADOPT, adopting(), follow=True)
    assert "Het jaarplan 2021 is vastgesteld." in text(response)
    adoption = PlanAdoption.objects.get()
    assert (adoption.year, adoption.adopted_by, adoption.adopted_by_name) == (2021, coordinator, "Anne de Vries")
    assert adoption.actions == [{"pk": action.pk, "title": action.title, "owner": "Team veiligheid", "due_quarter": 2,
                                 "status": "gepland", "priority_key": "cybercrime", "theme_code": ""}]
    client.force_login(lisse_reader)  # every reader sees it
    page = text(client.get(PAGE))
    assert f"Vastgesteld door het college op {today()}, vastgelegd door Anne de Vries (coördinator)." in page
    assert "Sindsdien is er niets gewijzigd." in page
    assert "Jaarplan vaststellen" not in page


def test_it_offers_no_form_once_adopted_or_to_an_analist(client, coordinator, analyst, action):
    client.force_login(analyst)
    assert 'name="confirm"' not in text(client.get(PAGE))
    client.force_login(coordinator)
    client.post(ADOPT, adopting())
    assert 'name="confirm"' not in text(client.get(PAGE))


@pytest.mark.parametrize("persona, status", [("analyst", 403), ("lisse_reader", 403), ("outsider", 404)])
def test_it_refuses_whoever_does_not_coordinate_and_stores_nothing(client, request, action, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(ADOPT, adopting()).status_code == status
    assert not PlanAdoption.objects.exists()


def test_it_answers_a_get_with_405(client, coordinator, action):
    client.force_login(coordinator)
    assert client.get(ADOPT).status_code == 405
    assert not PlanAdoption.objects.exists()


def test_it_requires_the_confirm_box(client, coordinator, action):
    client.force_login(coordinator)
    response = client.post(ADOPT, {}, follow=True)
    assert "Het jaarplan is niet vastgesteld: vink eerst aan dat u het vaststelt namens het college." in text(response)
    assert not PlanAdoption.objects.exists()


def test_it_refuses_a_second_adoption_naming_who_and_when(client, coordinator, action):
    client.force_login(coordinator)
    client.post(ADOPT, adopting())
    response = client.post(ADOPT, adopting(), follow=True)
    assert (f"Het jaarplan 2021 is al vastgesteld door het college op {today()}, vastgelegd door Anne de Vries "
            "(coördinator); een jaarplan wordt één keer vastgesteld.") in text(response)
    assert PlanAdoption.objects.count() == 1


def test_it_refuses_an_empty_year(client, coordinator):
    client.force_login(coordinator)
    assert 'name="confirm"' not in text(client.get(PAGE))
    response = client.post(ADOPT, adopting(), follow=True)
    assert "Er zijn nog geen acties voor 2021; een leeg jaarplan wordt niet vastgesteld." in text(response)
    assert not PlanAdoption.objects.exists()


def test_it_refuses_a_year_outside_the_policy(client, coordinator):
    client.force_login(coordinator)
    response = client.post("/gemeente/GM0553/jaarplan/2019/vaststellen/", adopting(), follow=True)
    assert "2019 valt buiten de beleidsperiode (2020–2023); een jaarplan hoort bij een jaar van het beleid." in text(response)
    assert not PlanAdoption.objects.exists()


def test_it_lists_what_changed_since_the_adoption(client, coordinator, action, lisse_reader):
    client.force_login(coordinator)
    client.post(ADOPT, adopting())
    update_action(action, {"owner": "Jongerenwerk", "due_quarter": 3}, actor_name="test")
    change_status(action, "lopend", note="begonnen", actor_name="test")
    added = create_action(Area.objects.get(code="GM0553"), {**ACTION, "title": "Buurtpreventie-app"},
                          actor_name="test")
    client.force_login(lisse_reader)
    page = text(client.get(PAGE))
    assert "Sinds de vaststelling gewijzigd:" in page
    assert (f'<li><a href="/gemeente/GM0553/acties/{action.pk}/">Voorlichting cybercrime op scholen</a>: trekker was '
            "&#x27;Team veiligheid&#x27;, nu &#x27;Jongerenwerk&#x27;; gereed was 2e kwartaal, nu 3e kwartaal; status "
            "was gepland, nu lopend</li>") in page
    assert f'<li><a href="/gemeente/GM0553/acties/{added.pk}/">Buurtpreventie-app</a>: toegevoegd</li>' in page
    assert "owner" not in page and "due_quarter" not in page  # no field names
    # Walk Z: marked in its row of the table too, and only the added one.
    assert (f'<a href="/gemeente/GM0553/acties/{added.pk}/">Buurtpreventie-app</a> <span class="tag">toegevoegd na '
            "de vaststelling</span>") in page
    assert page.count("toegevoegd na de vaststelling") == 1


def test_it_tells_an_english_reader_in_english(client, coordinator, action, lisse_reader):
    client.force_login(coordinator)
    client.post(ADOPT, adopting())
    update_action(action, {"owner": "Jongerenwerk"}, actor_name="test")
    client.force_login(lisse_reader)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = text(client.get(PAGE))
    with translation.override("en"):
        when = dateformat.format(timezone.localtime(), "j F Y")
    assert f"Adopted by the college on {when}, recorded by Anne de Vries (coordinator)." in page
    assert "Changed since the adoption:" in page
    assert "owner was &#x27;Team veiligheid&#x27;, now &#x27;Jongerenwerk&#x27;" in page


def test_it_records_the_colleges_decision_date_and_reference(client, coordinator, action, lisse_reader):
    client.force_login(coordinator)
    page = text(client.get(PAGE))
    # Not filled in for the user: today is seldom the college's date, and a prefilled one is saved unread (walk V).
    assert f'<input type="date" id="decided-on" name="decided_on" max="{timezone.localdate().isoformat()}" required>' in page
    client.post(ADOPT, adopting(decided_on="14-4-2021", decision_reference="  B&W 2021/0412 "))
    adoption = PlanAdoption.objects.get()
    assert (adoption.decided_on.isoformat(), adoption.decision_reference) == ("2021-04-14", "B&W 2021/0412")
    client.force_login(lisse_reader)
    assert (f"Vastgesteld door het college op 14 april 2021 (kenmerk B&amp;W 2021/0412), vastgelegd door Anne de "
            f"Vries (coördinator) op {today()}.") in text(client.get(PAGE))


@pytest.mark.parametrize("decided_on, message", [
    ("2999-01-01", "Datum collegebesluit: 1 januari 2999 ligt in de toekomst; vul de datum van het collegebesluit in."),
    ("2019-12-31", "Datum collegebesluit: 31 december 2019 ligt meer dan een jaar vóór het jaarplan 2021."),
    ("gisteren", "Het jaarplan is niet vastgesteld: Datum collegebesluit: geen datum; schrijf bijvoorbeeld 14-04-2023."),
    ("", "Het jaarplan is niet vastgesteld: Datum collegebesluit: vul de datum van het collegebesluit in."),
])
def test_it_refuses_a_decision_date_that_cannot_be_and_stores_nothing(client, coordinator, action, decided_on,
                                                                      message):
    client.force_login(coordinator)
    assert message in text(client.post(ADOPT, adopting(decided_on=decided_on), follow=True))
    assert not PlanAdoption.objects.exists()


def test_it_shows_an_adoption_recorded_before_the_decision_date_was_asked_as_it_was(client, coordinator, action,
                                                                                   lisse_reader):
    client.force_login(coordinator)
    client.post(ADOPT, adopting())
    PlanAdoption.objects.update(decided_on=None)  # as migration 0004 leaves the adoptions made before it
    client.force_login(lisse_reader)
    assert (f"Vastgesteld door het college, vastgelegd door Anne de Vries (coördinator) op {today()}."
            in text(client.get(PAGE)))


def test_it_says_when_a_plan_can_first_be_adopted_and_refuses_it_before(client, coordinator, action, monkeypatch):
    """In 2019 the plan 2021 cannot be decided yet (the college decides in the year before at the earliest): the
    page says from when instead of offering a form that must fail, and a post is refused."""
    monkeypatch.setattr(timezone, "localdate", lambda *args: __import__("datetime").date(2019, 6, 1))
    client.force_login(coordinator)
    page = text(client.get(PAGE))
    assert "Het jaarplan 2021 kan pas vanaf 1 januari 2020 worden vastgesteld." in page
    assert "Jaarplan vaststellen" not in page
    client.post(ADOPT, adopting(decided_on="2019-06-01"))
    assert not PlanAdoption.objects.exists()


def test_the_adoption_address_opened_by_hand_says_it_is_a_button_and_adopts_nothing(client, coordinator):
    """Walk BT: the address of the plan's adoption, opened directly, gave a blank page."""
    client.force_login(coordinator)
    response = client.get(ADOPT)
    assert response.status_code == 405 and response.headers["Allow"] == "POST"
    assert "Dit adres is een knop" in text(response) and "Er is niets veranderd." in text(response)
    assert response.headers["X-Frame-Options"] == "DENY"  # what every page gets (review)
    assert not PlanAdoption.objects.exists()
