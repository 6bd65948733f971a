"""Editing an annual-plan action: the form of a new action, prefilled, for those who plan; the service's limits
and words; every change kept in the action's history; a form older than the action is refused."""

from html import unescape

import pytest

from ivb.plan.models import Action
from ivb.plan.services import MAX_TITLE, PlanError, action_fingerprint, create_action, update_action
from ivb.store.models import Area
from tests.conftest import text as html


def text(response) -> str:
    """The page as a reader sees its characters (quotes unescaped)."""
    return unescape(html(response))

ACTION = {"year": 2020, "title": "Voorlichting cybercrime op scholen", "description": "", "priority_key": "cybercrime",
          "theme_code": "", "owner": "Team veiligheid", "partners": ["Politie"], "due_quarter": 2}


@pytest.fixture
def action(demo):
    return create_action(Area.objects.get(code="GM0553"), ACTION, actor_name="test")


def form_data(action, **changes) -> dict:
    """What the prefilled form sends back, with `changes`."""
    return {"title": action.title, "description": action.description, "priority_key": action.priority_key,
            "theme_code": action.theme_code, "owner": action.owner, "partners": ", ".join(action.partners),
            "due_quarter": str(action.due_quarter), "seen": action_fingerprint(action), **changes}


def test_an_analyst_edits_the_title_and_quarter_and_sees_the_new_values(client, analyst, action):
    client.force_login(analyst)
    page = text(client.get(f"/gemeente/GM0553/acties/{action.pk}/"))
    assert f'<a class="button" href="/gemeente/GM0553/acties/{action.pk}/bewerken/">Actie bewerken</a>' in page
    form = text(client.get(f"/gemeente/GM0553/acties/{action.pk}/bewerken/"))
    assert 'value="Voorlichting cybercrime op scholen"' in form and 'value="Politie"' in form  # prefilled
    assert '<option value="2" selected>2e kwartaal</option>' in form
    response = client.post(f"/gemeente/GM0553/acties/{action.pk}/bewerken/",
                           form_data(action, title="Voorlichting over cybercrime op basisscholen", due_quarter="3"),
                           follow=True)
    page = text(response)
    assert "<p>Actie bijgewerkt.</p>" in page
    assert "<h1>Voorlichting over cybercrime op basisscholen</h1>" in page
    assert "<dt>Gereed</dt><dd>3e kwartaal 2020</dd>" in page
    action.refresh_from_db()
    assert (action.title, action.due_quarter, action.status) == ("Voorlichting over cybercrime op basisscholen", 3,
                                                                 "gepland")


def test_the_edit_shows_in_the_actions_history(client, analyst, action):
    client.force_login(analyst)
    client.post(f"/gemeente/GM0553/acties/{action.pk}/bewerken/",
                form_data(action, title="Voorlichting op basisscholen", due_quarter="3", partners="Politie, HALT"))
    page = text(client.get(f"/gemeente/GM0553/acties/{action.pk}/"))
    history = page[page.index("<h2>Voortgang</h2>"):]
    assert (", analist-lisse</span>Gewijzigd. Actie: 'Voorlichting cybercrime op scholen' → 'Voorlichting op "
            "basisscholen'; Partners: Politie → Politie, HALT; Gereed: 2e kwartaal → 3e kwartaal.</li>") in history
    note = action.notes.get()
    assert note.author == analyst and (note.status_from, note.status_to) == ("", "")


def test_saving_the_form_unchanged_records_nothing(client, analyst, action):
    client.force_login(analyst)
    client.post(f"/gemeente/GM0553/acties/{action.pk}/bewerken/", form_data(action))
    assert not action.notes.exists()


def test_a_too_long_title_is_refused_with_the_words_of_a_new_action_and_nothing_changes(client, analyst, action):
    client.force_login(analyst)
    long = "x" * (MAX_TITLE + 1)
    created = text(client.post("/gemeente/GM0553/jaarplan/2020/nieuw/", {**form_data(action), "title": long}))
    edited = text(client.post(f"/gemeente/GM0553/acties/{action.pk}/bewerken/", form_data(action, title=long,
                                                                                           due_quarter="4")))
    # At the field, and in the summary after the field's name: the words of the API's "Actie: 201 tekens; …".
    message = '<span class="error" id="id_title_error">201 tekens; het maximum is 200</span>'
    assert message in created and message in edited and "Er is niets opgeslagen." in edited
    assert 'Actie</a> – 201 tekens; het maximum is 200' in edited
    action.refresh_from_db()
    assert (action.title, action.due_quarter) == ("Voorlichting cybercrime op scholen", 2)
    assert not action.notes.exists() and Action.objects.count() == 1


def test_a_reader_may_not_open_or_send_the_edit_form(client, lisse_reader, action):
    client.force_login(lisse_reader)
    assert "Actie bewerken" not in text(client.get(f"/gemeente/GM0553/acties/{action.pk}/"))
    assert client.get(f"/gemeente/GM0553/acties/{action.pk}/bewerken/").status_code == 403
    response = client.post(f"/gemeente/GM0553/acties/{action.pk}/bewerken/", form_data(action, title="Anders"))
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.title == "Voorlichting cybercrime op scholen" and not action.notes.exists()


def test_an_outsider_finds_no_action_to_edit(client, outsider, action):
    client.force_login(outsider)
    assert client.get(f"/gemeente/GM0534/acties/{action.pk}/bewerken/").status_code == 404  # only through its own
    assert client.get(f"/gemeente/GM0553/acties/{action.pk}/bewerken/").status_code == 404


def test_a_form_older_than_the_action_does_not_overwrite_a_change_made_in_between(client, analyst, action):
    client.force_login(analyst)
    old_form = form_data(action, owner="Team handhaving")
    update_action(action, {"title": "Voorlichting op basisscholen"}, actor_name="collega")
    page = text(client.post(f"/gemeente/GM0553/acties/{action.pk}/bewerken/", old_form))
    assert "de actie is intussen door iemand anders gewijzigd; bekijk haar opnieuw en pas dan aan" in page
    action.refresh_from_db()
    assert (action.title, action.owner) == ("Voorlichting op basisscholen", "Team veiligheid")


def test_a_theme_the_policy_does_not_place_under_the_priority_is_refused_on_creation_and_edit(client, analyst, action):
    message = ("Thema (Kernbeleid Veiligheid)</a> – 5.5 Ambtelijke en bestuurlijke integriteit hoort volgens het beleid "
               "niet bij prioriteit "
               "4. Jeugd en Veiligheid; kies een van de thema's 3.1, 3.2, 3.3, 3.4, of laat het thema leeg")
    client.force_login(analyst)
    created = text(client.post("/gemeente/GM0553/jaarplan/2020/nieuw/",
                               {**form_data(action), "title": "Inconsistent", "priority_key": "jeugd",
                                "theme_code": "5.5"}))
    edited = text(client.post(f"/gemeente/GM0553/acties/{action.pk}/bewerken/",
                              form_data(action, priority_key="jeugd", theme_code="5.5")))
    assert message in created and message in edited
    assert Action.objects.count() == 1 and Action.objects.get().priority_key == "cybercrime"
    # A theme of the priority's safety field, or one the policy names for it, is accepted.
    update_action(action, {"priority_key": "jeugd", "theme_code": "3.4"}, actor_name="test")
    with pytest.raises(PlanError, match="prioriteit 2. \\(Woon\\)overlast"):
        update_action(action, {"priority_key": "woonoverlast", "theme_code": "5.2"}, actor_name="test")
    update_action(action, {"priority_key": "woonoverlast", "theme_code": "5.1"}, actor_name="test")
