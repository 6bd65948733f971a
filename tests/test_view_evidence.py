"""The page *Oordeel vastleggen*: a judgement on a qualitative target, by whoever enters figures, with the rules
of `ivb evidence add` (the same service)."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.store.models import Area, Evidence
from tests.conftest import text

URL = "/gemeente/GM0553/2021/indicator/bewustzijn/oordeel/"
INDICATOR = "/gemeente/GM0553/2021/indicator/bewustzijn/"
GOOD = {"status": "behaald", "summary": "Gesprekken met 40 jongeren en 12 ondernemers gevoerd (verslag).",
        "year": "2021", "date": "2021-11-15", "document": "Verslag gesprekken 2021, p. 3"}


def user(role, code="GM0553"):
    person = get_user_model().objects.create_user(f"{role}-{code}", first_name="Sanne", last_name="Bakker")
    Membership.objects.create(user=person, municipality=Area.objects.get(code=code), role=role)
    return person


# who -> the form's status, and whether a POST records a judgement
PERSONAS = {Role.ANALIST: 200, Role.COORDINATOR: 200, Role.LEZER: 403, Role.BEHEERDER: 403, "outsider": 404}


@pytest.mark.parametrize("who", list(PERSONAS))
def test_it_lets_only_who_enters_figures_record_a_judgement(client, demo, who):
    client.force_login(user(Role.ANALIST, "GM0534") if who == "outsider" else user(who))
    assert client.get(URL).status_code == PERSONAS[who]
    client.post(URL, GOOD)
    assert Evidence.objects.filter(indicator_key="bewustzijn").exists() == (PERSONAS[who] == 200)


def test_it_asks_a_visitor_to_log_in(client, demo):
    response = client.get(URL)
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_it_records_the_judgement_and_the_target_reads_by_it(client, demo):
    client.force_login(user(Role.ANALIST))
    before = text(client.get(INDICATOR))
    assert "Oordeel vastleggen" in before and "Er is nog geen oordeel over het bewijs vastgelegd." in before
    response = client.post(URL, GOOD, follow=True)
    page = text(response)
    assert "Oordeel over Gesprekken jongeren en ondernemers - bewustzijn vastgelegd." in page
    assert "Gesprekken met 40 jongeren en 12 ondernemers gevoerd (verslag)." in page
    assert "Sanne Bakker" in page and "15 november 2021" in page
    judged = Evidence.objects.get()
    assert (judged.status, judged.date, judged.about, judged.document, judged.policy.period_label) == (
        "behaald", dt.date(2021, 11, 15), 2021, "Verslag gesprekken 2021, p. 3", "2020-2023")


def test_a_reader_sees_no_button(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    assert "Oordeel vastleggen" not in text(client.get(INDICATOR))


def test_a_future_date_or_an_empty_summary_is_refused_at_its_field_and_nothing_is_stored(client, demo):
    client.force_login(user(Role.ANALIST))
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    page = text(client.post(URL, {**GOOD, "date": tomorrow}))
    assert "ligt in de toekomst" in page
    page = text(client.post(URL, {**GOOD, "summary": "   "}))
    assert "geef op waar het oordeel op rust" in page
    page = text(client.post(URL, {**GOOD, "status": "prima"}))
    assert "kies een oordeel uit de lijst" in page
    assert not Evidence.objects.exists()


def test_a_target_with_figures_is_not_judged_by_hand(client, demo):
    client.force_login(user(Role.ANALIST))
    assert client.get("/gemeente/GM0553/2021/indicator/meldingen-jeugdoverlast/oordeel/").status_code == 404
    assert client.get("/gemeente/GM0553/2021/indicator/bestaat-niet/oordeel/").status_code == 404


def test_the_final_judgement_given_the_year_after_counts_for_the_target_year(client, demo):
    """Walk Z: the final judgement on a target of 2023, given in February 2024, said "vastgelegd" and did not show
    on the 2023 page or in its report: it counted from its date's year on."""
    client.force_login(user(Role.ANALIST))
    response = client.post("/gemeente/GM0553/2023/indicator/bewustzijn/oordeel/",
                           {**GOOD, "year": "2023", "date": "2024-02-15"}, follow=True)
    assert response.redirect_chain[-1][0] == "/gemeente/GM0553/2023/indicator/bewustzijn/"
    page = text(response)
    assert "oordeel over 2023, van 15 februari 2024" in page
    assert "Er is nog geen oordeel over het bewijs vastgelegd." not in page
    dashboard = text(client.get("/gemeente/GM0553/2023/"))
    row = re.search(r'<tr[^>]*>\s*<th scope="row">(?:(?!</tr>).)*?Gesprekken jongeren en ondernemers - bewustzijn'
                    r'(?:(?!</tr>).)*</tr>', dashboard, re.S).group(0)
    assert "behaald" in row and "geen gegevens" not in row


def test_after_the_target_year_only_an_outcome_is_a_judgement(client, demo):
    """Walk Z: "risico" about 2024 replaced "behaald" for a target of 2023."""
    client.force_login(user(Role.ANALIST))
    page = text(client.post("/gemeente/GM0553/2023/indicator/bewustzijn/oordeel/",
                            {**GOOD, "status": "risico", "year": "2023", "date": "2024-03-01"}))
    assert "na het doeljaar 2023 is een doel behaald of niet; kies behaald of niet gehaald" in page
    assert not Evidence.objects.exists()
    client.post("/gemeente/GM0553/2023/indicator/bewustzijn/oordeel/",
                {**GOOD, "status": "risico", "year": "2023", "date": "2023-03-01"})
    assert Evidence.objects.get().status == "risico"  # about 2023, in 2023: the course
    page = text(client.post("/gemeente/GM0553/2023/indicator/bewustzijn/oordeel/",
                            {**GOOD, "status": "behaald", "year": "2024", "date": "2024-03-01"}))
    assert "het oordeel gaat over een jaar van het beleid: 2019 tot en met 2023" not in page  # 2024 is no choice
    assert Evidence.objects.count() == 1


def test_every_problem_is_shown_in_one_round_and_in_the_readers_language(client, demo):
    client.force_login(user(Role.ANALIST))
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    bad = {**GOOD, "summary": "x" * 2500, "document": "y" * 400, "date": future}
    page = text(client.post(URL, bad))
    assert "de samenvatting is te lang (2.500 tekens; het maximum is 2.000)" in page
    assert "de vindplaats is te lang (400 tekens; het maximum is 300)" in page
    assert "ligt in de toekomst" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = text(client.post(URL, bad))
    assert "the summary is too long (2,500 characters; the maximum is 2,000)" in page and "lies in the future" in page
    assert not Evidence.objects.exists()


def test_the_form_says_which_reports_are_already_approved(client, demo):
    """Walk Z: after the 2023 report was approved the form still promised the judgement would set the report's
    status."""
    from ivb.report.services import approve

    coordinator = user(Role.COORDINATOR)
    approve(Area.objects.get(code="GM0553"), 2019, user=coordinator)
    client.force_login(user(Role.ANALIST))
    assert ("Het rapport over 2019 is al vastgesteld en verandert niet meer: een oordeel over dat jaar staat daarna op "
            "de pagina van dat rapport bij de veranderde standen.") in text(client.get(URL))


def test_after_the_target_year_a_missed_target_is_recorded_as_such(client, demo):
    """Walk CA: only behaald, op koers, risico and niet op koers were offered; "niet op koers" over a year that was
    over read "NIET OP KOERS (voor 2025)"."""
    client.force_login(user(Role.ANALIST))
    form = text(client.get("/gemeente/GM0553/2023/indicator/bewustzijn/oordeel/"))
    assert '<option value="niet gehaald">niet gehaald</option>' in form
    client.post("/gemeente/GM0553/2023/indicator/bewustzijn/oordeel/",
                {**GOOD, "status": "niet gehaald", "year": "2023", "date": "2024-02-15"})
    assert Evidence.objects.get().status == "niet gehaald"
    page = text(client.get("/gemeente/GM0553/2023/indicator/bewustzijn/"))
    assert re.search(r'<p><span class="status [^"]*">niet gehaald', page)
    early = text(client.post("/gemeente/GM0553/2023/indicator/bewustzijn/oordeel/",
                             {**GOOD, "status": "niet gehaald", "year": "2021", "date": "2021-06-01"}))
    assert "is een oordeel over het doeljaar 2023 of later" in early
