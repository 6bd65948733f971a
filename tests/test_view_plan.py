"""The annual plan: actions per priority and per quarter, overdue ones stand out, status follows the table."""

import re

import pytest

from ivb.accounts.models import Role
from pytest_django.asserts import assertContains

from ivb.plan.models import TRANSITIONS, Action, ProgressNote
from ivb.plan.services import PlanError, change_status, create_action
from ivb.store.models import Area
from tests.conftest import text

NEW = {"title": "Voorlichting cybercrime op scholen", "description": "", "priority_key": "cybercrime",
       "theme_code": "", "owner": "Team veiligheid", "partners": "Politie, Jongerenwerk", "due_quarter": "2"}


def test_an_analyst_adds_an_action_and_it_shows_under_its_priority(client, analyst):
    client.force_login(analyst)
    response = client.post("/gemeente/GM0553/jaarplan/2020/nieuw/", NEW, follow=True)
    page = text(response)
    assertContains(response, "<p>Actie 'Voorlichting cybercrime op scholen' toegevoegd.</p>", html=True)
    section = page[page.index("<h2>3. Cybercrime</h2>"):page.index("<h2>4. Jeugd en Veiligheid</h2>")]
    assert "Voorlichting cybercrime op scholen" in section and "Politie, Jongerenwerk" in section
    action = Action.objects.get()
    assert (action.year, action.due_quarter, action.partners, action.status) == (2020, 2, ["Politie", "Jongerenwerk"], "gepland")


def test_the_form_says_before_sending_that_a_priority_or_a_theme_is_needed(client, analyst):
    """Walk V: both looked optional; "kies een prioriteit of een thema" came only after sending."""
    client.force_login(analyst)
    assert "Kies een prioriteit, een thema of allebei; minstens één van de twee." in text(
        client.get("/gemeente/GM0553/jaarplan/2020/nieuw/"))


def test_overdue_actions_stand_out(client, analyst):
    area = Area.objects.get(code="GM0553")
    create_action(area, {**NEW, "year": 2020, "due_quarter": 1, "partners": []}, priority_keys={"cybercrime"},
                  actor_name="test")
    client.force_login(analyst)
    page = text(client.get("/gemeente/GM0553/jaarplan/2020/?per=kwartaal"))
    assert "<strong class=\"overdue-text\">1 over tijd</strong>" in page
    assert '<tr class="overdue">' in page and '<span class="status bad">over tijd</span>' in page
    assert "<h2>1e kwartaal 2020</h2>" in page


def test_status_changes_follow_the_table_and_keep_a_note(client, analyst):
    area = Area.objects.get(code="GM0553")
    action = create_action(area, {**NEW, "year": 2020, "due_quarter": 4, "partners": []},
                           priority_keys={"cybercrime"}, actor_name="test")
    client.force_login(analyst)
    page = text(client.get(f"/gemeente/GM0553/acties/{action.pk}/"))
    # No status is chosen for the user (walk of 4 December: "afgerond" came first, one click from done).
    assert '<option value="" selected>Kies een status</option>' in page
    refused = text(client.post(f"/gemeente/GM0553/acties/{action.pk}/", {"status": "", "note": "x"}))
    assert "Dit veld is verplicht." in refused
    # With the summary every form has, the browser's pop-up not in the way (walk BX).
    assert '<a href="#id_status">' in refused and "Er is niets opgeslagen." in refused
    client.post(f"/gemeente/GM0553/acties/{action.pk}/", {"status": "lopend", "note": "Eerste school benaderd"})
    action.refresh_from_db()
    assert action.status == "lopend"
    said = text(client.post(f"/gemeente/GM0553/acties/{action.pk}/", {"text": "Tweede school"}, follow=True))
    assert "De voortgang is vastgelegd." in said  # a progress note says it was kept, as a status change does
    note = ProgressNote.objects.order_by("pk").first()
    assert (note.status_from, note.status_to, note.author_name) == ("gepland", "lopend", "analist-lisse")
    with pytest.raises(PlanError, match="van 'lopend' naar 'gepland' kan niet"):
        change_status(action, "gepland", note="terug", actor_name="test")
    assert TRANSITIONS["vervallen"] == {"gepland"}


def test_a_reader_sees_the_plan_but_cannot_change_it(client, demo, lisse_reader):
    area = Area.objects.get(code="GM0553")
    action = create_action(area, {**NEW, "year": 2020, "due_quarter": 4, "partners": []},
                           priority_keys={"cybercrime"}, actor_name="test")
    client.force_login(lisse_reader)
    assert client.get("/gemeente/GM0553/jaarplan/2020/").status_code == 200
    assert client.get("/gemeente/GM0553/jaarplan/2020/nieuw/").status_code == 403
    assert client.post(f"/gemeente/GM0553/acties/{action.pk}/", {"status": "afgerond", "note": "x"}).status_code == 403
    action.refresh_from_db()
    assert action.status == "gepland"


def test_outsiders_see_no_actions(client, demo, outsider):
    area = Area.objects.get(code="GM0553")
    action = create_action(area, {**NEW, "year": 2020, "due_quarter": 4, "partners": []},
                           priority_keys={"cybercrime"}, actor_name="test")
    client.force_login(outsider)
    assert client.get("/gemeente/GM0553/jaarplan/2020/").status_code == 404
    assert client.get(f"/gemeente/GM0553/acties/{action.pk}/").status_code == 404
    assert client.get(f"/gemeente/GM0534/acties/{action.pk}/").status_code == 404


def test_an_action_needs_a_priority_or_theme(client, analyst):
    client.force_login(analyst)
    page = text(client.post("/gemeente/GM0553/jaarplan/2020/nieuw/", {**NEW, "priority_key": ""}))
    assert "kies een prioriteit of een thema" in page and not Action.objects.exists()


def test_the_plan_opens_within_the_policy_period_and_offers_its_years(client, demo, lisse_reader):
    """Lisse's policy runs 2020-2023: after it, the plan opens on its last year, not on an empty current year."""
    import datetime as dt

    from ivb.plan.years import plan_year
    from ivb.store.models import Area

    lisse = Area.objects.get(code="GM0553")
    assert plan_year(lisse, dt.date(2026, 12, 2)) == 2023
    assert plan_year(lisse, dt.date(2021, 5, 1)) == 2021
    assert plan_year(lisse, dt.date(2018, 5, 1)) == 2020
    client.force_login(lisse_reader)
    page = client.get("/gemeente/GM0553/jaarplan/2021/").content.decode()
    for year in (2020, 2021, 2022, 2023):
        assert f'href="/gemeente/GM0553/jaarplan/{year}/"' in page
    assert 'href="/gemeente/GM0553/jaarplan/2021/" aria-current="page"' in page


def test_the_report_page_offers_the_policy_years(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    page = client.get("/gemeente/GM0553/rapport/2019/").content.decode()
    for year in (2014, 2019, 2020, 2023):
        assert f'href="/gemeente/GM0553/rapport/{year}/"' in page


@pytest.mark.parametrize("year", [2019, 2030])
def test_a_year_outside_the_policy_says_so_and_offers_no_new_action(client, analyst, year):
    """Walk R #9: /jaarplan/2030/ showed an empty plan with "Actie toevoegen", put 2030 among the years, and its
    form said "jaar 2030 ligt buiten het bereik 1900–2027"; 2019 said the policy period. Both say the period now."""
    message = f"{year} valt buiten de beleidsperiode (2020–2023); een jaarplan hoort bij een jaar van het beleid"
    client.force_login(analyst)
    page = text(client.get(f"/gemeente/GM0553/jaarplan/{year}/"))
    # After the policy's period the page says what comes first (walk of 4 December: no next step was given).
    after = "Een jaarplan voor 2030 kan zodra de coördinator het nieuwe beleid in IVB heeft gezet." if year == 2030 else ""
    assert f'<p class="notice" role="note">{message}.{" " + after if after else ""}</p>' in page
    assert f"/jaarplan/{year}/nieuw/" not in page and f'href="/gemeente/GM0553/jaarplan/{year}/"' not in page
    # nothing but the notice: no empty priorities, no "0 acties", no download of nothing
    assert "Geen acties." not in page and "0 acties" not in page and f"/jaarplan/{year}/download" not in page
    form = client.get(f"/gemeente/GM0553/jaarplan/{year}/nieuw/", follow=True)
    assert message[0].upper() + message[1:] + "." in text(form) and form.redirect_chain
    posted = client.post(f"/gemeente/GM0553/jaarplan/{year}/nieuw/", NEW, follow=True)
    assert message in text(posted) and not Action.objects.exists()
    with pytest.raises(PlanError, match=re.escape(message)):
        create_action(Area.objects.get(code="GM0553"), {**NEW, "year": year, "partners": []},
                      priority_keys={"cybercrime"}, actor_name="test")


def test_a_coordinator_is_led_to_the_new_policy_for_a_plan_after_the_period(client, demo):
    from tests.conftest import _user

    client.force_login(_user("coord-plan", Role.COORDINATOR, "GM0553"))
    page = text(client.get("/gemeente/GM0553/jaarplan/2027/"))
    assert ('Een jaarplan voor 2027 kan zodra het nieuwe beleid in IVB staat: <a href="/gemeente/GM0553/beleid/'
            'nieuwe-versie/">nieuwe versie van het beleid uploaden</a>.') in page


def test_each_cell_of_an_action_names_its_column_for_the_phones_cards(client, analyst):
    """Walk Z: on a phone "2e kwartaal" ran on after the partners and read like one."""
    client.force_login(analyst)
    client.post("/gemeente/GM0553/jaarplan/2020/nieuw/", NEW)
    page = client.get("/gemeente/GM0553/jaarplan/2020/").content.decode()
    for label in ("Trekker", "Partners", "Gereed", "Status"):
        assert f'data-label="{label}"' in page, label


def test_the_comparison_page_has_the_menu_every_page_has(client, analyst):
    """Walk Z: /vergelijking/ was the one page of a municipality without its menu."""
    client.force_login(analyst)
    page = client.get("/gemeente/GM0553/vergelijking/").content.decode()
    assert 'aria-current="page">Vergelijking</a>' in page and ">Jaarplan</a>" in page
