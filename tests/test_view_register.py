"""The register in the web app: every employee can file a signal and follow it; only team veiligheid sees
signals and cases; restricted cases only for named users; the privacy officer reads the trail; a closure
raises the dashboard count of its year, once that year is over, without showing the case."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from pytest_django.asserts import assertContains, assertNotContains

from ivb.accounts.models import Membership, Role
from ivb.register.models import AuditEvent, Case, RegisterAccess, Signal
from ivb.store.models import Area
from tests.conftest import text



@pytest.fixture
def people(demo):
    lisse = Area.objects.get(code="GM0553")
    users = get_user_model().objects

    def person(name, role=None, grant=None, code="GM0553"):
        user = users.create_user(name)
        if role:
            Membership.objects.create(user=user, municipality=Area.objects.get(code=code), role=role)
        if grant:
            RegisterAccess.objects.create(user=user, municipality=Area.objects.get(code=code), kind=grant)
        return user

    return {
        "melder": person("melder", Role.MELDER),
        "team": person("team", Role.LEZER, RegisterAccess.Kind.TEAM),
        "team2": person("team2", Role.LEZER, RegisterAccess.Kind.TEAM),
        "privacy": person("privacy", Role.LEZER, RegisterAccess.Kind.PRIVACY),
        "lezer": person("lezer", Role.LEZER),
        "coordinator": person("coord", Role.COORDINATOR),
        "hillegom-team": person("h-team", Role.LEZER, RegisterAccess.Kind.TEAM, code="GM0534"),
        "lisse": lisse,
    }


def file(client, user):
    client.force_login(user)
    return client.post("/gemeente/GM0553/signalen/nieuw/", {
        "what": "Nagelstudio zonder klanten & < 3 bezoekers per dag", "observed_on": dt.date.today().isoformat(),
        "company": "Voorbeeld BV", "kvk": "12345678", "team": "Vergunningen"}, follow=True)


def test_the_walk_through(client, people):
    response = file(client, people["melder"])
    page = text(response)
    assert "Uw signaal is ontvangen" in page and "nieuw" in page
    signal = Signal.objects.get()
    assertContains(response, '<td class="text">Nagelstudio zonder klanten & < 3 bezoekers per dag</td>', html=True)
    assertNotContains(response, "& < 3")  # shown escaped, never as markup

    client.force_login(people["team"])
    assert f"S-{signal.pk}" in text(client.get("/gemeente/GM0553/register/"))
    client.post(f"/gemeente/GM0553/register/signalen/{signal.pk}/",
                {"act": "link", "subject": "Nagelstudio Voorbeeld", "subject_kind": "bedrijf"})
    case = Case.objects.get()
    assert "Nagelstudio Voorbeeld" in text(client.get(f"/gemeente/GM0553/register/casussen/{case.pk}/"))
    client.post(f"/gemeente/GM0553/register/casussen/{case.pk}/", {"act": "status", "status": "in onderzoek",
                                                                   "expected": "open"})
    client.post(f"/gemeente/GM0553/register/casussen/{case.pk}/", {
        "act": "measure", "kind": "sluiting", "decision_date": dt.date.today().isoformat(), "document_reference": "BW-1",
        "legal_basis": "Opiumwet art. 13b"})
    assert Case.objects.get().status == "in onderzoek" and case.measures.count() == 1

    client.force_login(people["melder"])  # the reporter sees the signal taken up, not that a case exists
    mine = text(client.get("/gemeente/GM0553/signalen/mijn/"))
    assert "in behandeling" in mine and "Nagelstudio Voorbeeld" not in mine and "gekoppeld" not in mine

    client.force_login(people["lezer"])  # no case is shown, and the count only once its year is over (ADR 0056)
    year = dt.date.today().year
    dashboard = text(client.get(f"/gemeente/GM0553/{year}/"))
    row = dashboard[dashboard.index("Sluiting van panden - aantal"):][:600]
    assert "<strong>1</strong>" not in row
    from django.core.cache import cache

    case.measures.update(decision_date=dt.date(year - 1, 12, 1))  # as if decided last December
    cache.clear()  # an edit behind IVB's back does not change the data stamp the dashboard is cached on
    dashboard = text(client.get(f"/gemeente/GM0553/{year}/"))
    assert re.search(rf'<strong>1</strong> <span class="tile-name">Sluiting van panden - aantal</span> '
                     rf'<span class="tile-source">{year - 1} · Bron: Register ondermijning', dashboard)
    assert "Voorbeeld" not in dashboard and "Nagelstudio" not in dashboard
    for url in ("/gemeente/GM0553/register/", f"/gemeente/GM0553/register/casussen/{case.pk}/",
                f"/gemeente/GM0553/register/signalen/{signal.pk}/", "/gemeente/GM0553/register/audit/"):
        assert client.get(url).status_code == 404, url

    client.force_login(people["privacy"])
    trail = text(client.get("/gemeente/GM0553/register/audit/"))
    assert "keten intact" in trail
    actions = list(AuditEvent.objects.values_list("action", "object_kind"))
    assert ("create", "signaal") in actions and ("transition", "casus") in actions and ("create", "maatregel") in actions
    assert ("view", "casus") in actions and ("list", "register") in actions
    # The privacy officer reads the trail in words, not the code's names for the acts.
    assert f"<td class=\"act\">status gewijzigd C-{case.pk}</td>" in trail and "<td class=\"act\">lijst bekeken register</td>" in trail
    assert "<td>transition</td>" not in trail and "<td>view</td>" not in trail


def test_restricted_cases_are_for_named_users_only(client, people):
    file(client, people["melder"])
    case = Case.objects.create(municipality=people["lisse"], owner=people["team"], subject_kind="pand",
                               subject="Geheim pand")
    case.restricted_to.add(people["team"])
    client.force_login(people["team2"])
    inbox = client.get("/gemeente/GM0553/register/")
    assertContains(inbox, '<td colspan="5" class="muted">Geen casussen.</td>', html=True)  # the list, without it
    assertNotContains(inbox, "Geheim pand")
    assert client.get(f"/gemeente/GM0553/register/casussen/{case.pk}/").status_code == 404
    client.force_login(people["team"])
    assert client.get(f"/gemeente/GM0553/register/casussen/{case.pk}/").status_code == 200


@pytest.mark.parametrize("who", ["melder", "lezer", "coordinator", "hillegom-team", "privacy"])
def test_nobody_else_sees_signals_or_cases(client, people, who):
    file(client, people["melder"])
    signal = Signal.objects.get()
    case = Case.objects.create(municipality=people["lisse"], owner=people["team"], subject_kind="pand", subject="X")
    client.force_login(people[who])
    for url in ("/gemeente/GM0553/register/", f"/gemeente/GM0553/register/signalen/{signal.pk}/",
                f"/gemeente/GM0553/register/casussen/{case.pk}/"):
        assert client.get(url).status_code == 404, (who, url)
        assert client.post(url, {"act": "reject"}).status_code == 404, (who, url)
    assert Signal.objects.get().status == "nieuw"


def test_a_reporter_sees_only_their_own_signals(client, people):
    file(client, people["melder"])
    client.force_login(people["lezer"])
    mine = client.get("/gemeente/GM0553/signalen/mijn/")
    assertContains(mine, '<td colspan="4" class="muted">U heeft nog geen signalen gemeld.</td>', html=True)
    assertNotContains(mine, "Nagelstudio")


def test_a_bad_signal_is_refused_with_the_reason(client, people):
    client.force_login(people["melder"])
    page = text(client.post("/gemeente/GM0553/signalen/nieuw/", {"what": "x", "observed_on": "2999-01-01",
                                                               "kvk": "123", "team": "T"}))
    assert "Er is niets opgeslagen" in page and not Signal.objects.exists()


def test_a_question_names_its_signal_and_stays_after_the_answer(client, people):
    for what in ("Eerste signaal over de kapper", "Tweede signaal over de nagelstudio"):
        client.force_login(people["melder"])
        client.post("/gemeente/GM0553/signalen/nieuw/", {"what": what, "observed_on": dt.date.today().isoformat(), "team": "Vergunningen"})
    first, second = Signal.objects.order_by("pk")
    client.force_login(people["team"])
    client.post(f"/gemeente/GM0553/register/signalen/{second.pk}/", {"act": "ask", "question": "Welke dagen?"})
    assert Signal.objects.get(pk=second.pk).status == "meer informatie gevraagd"

    client.force_login(people["melder"])
    mine = text(client.get("/gemeente/GM0553/signalen/mijn/"))
    assert f'<th scope="row">S-{first.pk}</th>' in mine and f'<th scope="row">S-{second.pk}</th>' in mine
    section = mine[mine.index(f'id="q-{second.pk}"'):]
    assert section.startswith(f'id="q-{second.pk}">Team veiligheid heeft een vraag over uw signaal S-{second.pk} van ')
    assert "Uw signaal: Tweede signaal over de nagelstudio" in section and "Welke dagen?" in section
    assert f'id="q-{first.pk}"' not in mine and "{#" not in mine and "never the case" not in mine

    client.post("/gemeente/GM0553/signalen/mijn/", {"signal": second.pk, "text": "Alleen op dinsdag"})
    after = text(client.get("/gemeente/GM0553/signalen/mijn/"))
    history = after[after.index(f'id="h-{second.pk}"'):]
    assert history.startswith(f'id="h-{second.pk}">Vragen en antwoorden over uw signaal S-{second.pk} van ')
    assert "Welke dagen?" in history and "Alleen op dinsdag" in history and "<textarea" not in history


def test_no_browser_or_proxy_keeps_a_register_page(client, people):
    file(client, people["melder"])
    signal = Signal.objects.get()
    for user, url in ((people["melder"], "/gemeente/GM0553/signalen/mijn/"),
                      (people["melder"], "/gemeente/GM0553/signalen/nieuw/"),
                      (people["team"], "/gemeente/GM0553/register/"),
                      (people["team"], f"/gemeente/GM0553/register/signalen/{signal.pk}/"),
                      # and the API's answers (walk AI)
                      (people["melder"], "/api/municipalities/GM0553/signals/mine"),
                      (people["team"], f"/api/municipalities/GM0553/register/signals/{signal.pk}")):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url
    client.force_login(people["lezer"])
    assert "no-store" not in client.get("/gemeente/GM0553/2019/").get("Cache-Control", "")  # the picture may be kept
    assert "no-store" not in client.get("/api/municipalities/GM0553/observations").get("Cache-Control", "")


def test_a_refused_answer_is_kept_and_explained_at_its_field(client, people):
    file(client, people["melder"])
    signal = Signal.objects.get()
    client.force_login(people["team"])
    client.post(f"/gemeente/GM0553/register/signalen/{signal.pk}/", {"act": "ask", "question": "Welke deur?"})
    client.force_login(people["melder"])
    written = "Bij de <b>achterdeur</b>, om 23:00 uur"
    response = client.post("/gemeente/GM0553/signalen/mijn/", {"signal": signal.pk, "text": written})
    page = text(response)
    assert response.status_code == 200  # the page again, not a redirect that loses the text
    assert f'id="answer-{signal.pk}-error">' in page and "Er is niets verstuurd." in page
    assert "Bij de &lt;b&gt;achterdeur&lt;/b&gt;, om 23:00 uur</textarea>" in page
    assert Signal.objects.get().status == "meer informatie gevraagd"
    empty = text(client.post("/gemeente/GM0553/signalen/mijn/", {"signal": signal.pk, "text": " "}))
    assert "Schrijf uw antwoord. Er is niets verstuurd." in empty


def test_the_reporter_sees_the_status_next_to_the_number(client, people):
    file(client, people["melder"])
    signal = Signal.objects.get()
    page = text(client.get("/gemeente/GM0553/signalen/mijn/"))
    heads = re.findall(r'<th scope="col">([^<]+)</th>', page.split('<table class="indicators stack cards">')[1].split("</thead>")[0])
    assert heads == ["Signaal", "Status", "Gemeld op", "Wat"]  # on a phone the status stays in view
    assert f'<th scope="row">S-{signal.pk}</th><td>ontvangen</td>' in page  # not the team's "nieuw" (walk of 4 December)


def test_an_answer_to_a_question_that_is_gone_says_so(client, people):
    from ivb.register.services import ask_for_information, reject_signal

    file(client, people["melder"])
    signal = Signal.objects.get()
    ask_for_information(signal, actor=people["team"], question="Welke deur?")
    reject_signal(Signal.objects.get(), actor=people["team2"], reason="Geen aanwijzing")  # while the melder types
    client.force_login(people["melder"])
    page = text(client.post("/gemeente/GM0553/signalen/mijn/", {"signal": signal.pk, "text": "De achterdeur"},
                            follow=True))
    assert (f"Bij signaal S-{signal.pk} staat geen vraag meer open: het team heeft het intussen verder behandeld. Uw "
            "antwoord is niet verstuurd.") in page
