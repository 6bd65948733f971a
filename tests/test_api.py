"""The JSON API: token authentication, the same roles as the pages, JSON errors, never a stack trace."""

import json

import pytest
from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.accounts.tokens import create_token
from ivb.plan.models import Action
from ivb.store.models import Area, Observation

OBS = {"reeks": "politie.geweld", "periode": "2013", "waarde": "70", "status": "definitief", "bron": "Politie"}
ACTION = {"jaar": 2020, "titel": "Voorlichting", "prioriteit": "cybercrime", "trekker": "Team veiligheid",
          "kwartaal": 2}


@pytest.fixture
def tokens(demo):
    out = {}
    for role in (Role.LEZER, Role.ANALIST, Role.COORDINATOR, Role.BEHEERDER):
        user = get_user_model().objects.create_user(f"api-{role}")
        Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=role)
        out[role] = create_token(user, "test")
    outsider = get_user_model().objects.create_user("api-outsider")
    Membership.objects.create(user=outsider, municipality=Area.objects.get(code="GM0534"), role=Role.COORDINATOR)
    out["outsider"] = create_token(outsider, "test")
    return out


def call(client, method, url, token=None, body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(url, **headers)
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


READS = ["/api/municipalities/GM0553/policies", "/api/municipalities/GM0553/policies/2020-2023",
         "/api/municipalities/GM0553/picture/2019", "/api/municipalities/GM0553/indicators/2019",
         "/api/municipalities/GM0553/observations", "/api/municipalities/GM0553/actions"]

# who -> expected status for every read route, writing a figure, writing an action
TABLE = {
    Role.LEZER: (200, 403, 403),
    Role.ANALIST: (200, 201, 201),
    Role.COORDINATOR: (200, 201, 201),
    Role.BEHEERDER: (200, 403, 403),
    "outsider": (404, 404, 404),
    None: (401, 401, 401),
}


@pytest.mark.parametrize("who", list(TABLE))
def test_every_route_checks_the_role(client, tokens, who):
    token = tokens.get(who) if who else None
    read, write_figure, write_action = TABLE[who]
    for url in READS:
        assert call(client, "get", url, token).status_code == read, url
    assert call(client, "post", "/api/municipalities/GM0553/observations", token, OBS).status_code == write_figure
    assert call(client, "post", "/api/municipalities/GM0553/actions", token, ACTION).status_code == write_action
    assert Observation.objects.filter(period="2013").exists() == (write_figure == 201)
    assert Action.objects.exists() == (write_action == 201)


def test_the_municipality_list_holds_only_the_users_own(client, tokens):
    assert call(client, "get", "/api/municipalities", tokens[Role.LEZER]).json() == [
        {"code": "GM0553", "naam": "Lisse", "rol": "lezer"}]
    assert [m["code"] for m in call(client, "get", "/api/municipalities", tokens["outsider"]).json()] == ["GM0534"]


def test_the_picture_and_indicators_carry_the_verdicts(client, tokens):
    picture = call(client, "get", "/api/municipalities/GM0553/picture/2019", tokens[Role.LEZER]).json()
    assert {s["reeks"]: s["trend"]["oordeel"] for s in picture["reeksen"]}["politie.geweld"] == "stabiel"
    indicators = call(client, "get", "/api/municipalities/GM0553/indicators/2019", tokens[Role.LEZER]).json()
    statuses = {i["sleutel"]: i["status"] for i in indicators}
    assert (statuses["misdaadmeter"], statuses["meldingen-woonoverlast"]) == ("niet te beoordelen", "risico")
    # Jeugdoverlast 2019 t/m september: the whole of 2019 expected, with its monthly pattern, as its own field
    # (the target is for 2023, so the projection field holds 2023).
    youth = next(i for i in indicators if i["sleutel"] == "meldingen-jeugdoverlast")
    expected = youth["heel_jaar_verwacht"]
    assert (expected["jaar"], round(expected["verwacht"]), expected["maandpatroon"]["soort"]) == (2019, 109, "even")
    assert youth["projectie"]["jaar"] == 2023
    # Which year each status is about (walk BL): a course to 2023, none where nothing is judged.
    assert (youth["doeljaar"], youth["status_over_jaar"]) == (2023, 2023)
    meter = next(i for i in indicators if i["sleutel"] == "misdaadmeter")
    assert meter["status_over_jaar"] is None


def test_a_bad_figure_gets_json_errors_and_nothing_is_written(client, tokens):
    response = call(client, "post", "/api/municipalities/GM0553/observations", tokens[Role.ANALIST],
                    {**OBS, "waarde": "veel", "periode": "2099"})
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == [{"veld": "periode", "melding": "periode 2099 ligt in de toekomst"},
                              {"veld": "waarde", "melding": "'veel' is geen getal (gebruik bijvoorbeeld 18,4 of 1234)"}]
    assert body["detail"] == ("niet opgeslagen: periode 2099 ligt in de toekomst; 'veel' is geen getal (gebruik "
                              "bijvoorbeeld 18,4 of 1234)")
    assert not Observation.objects.filter(period="2099").exists()


def test_a_missing_field_and_broken_json_get_json_errors(client, tokens):
    response = call(client, "post", "/api/municipalities/GM0553/observations", tokens[Role.ANALIST], {"reeks": "x"})
    assert response.status_code == 422 and response.json()["detail"] == "ongeldige invoer"
    broken = client.post("/api/municipalities/GM0553/observations", data="{niet json", content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {tokens[Role.ANALIST]}")
    assert broken.status_code in (400, 422) and "detail" in broken.json()
    form = client.post("/api/municipalities/GM0553/observations", data="reeks=x&waarde=1",
                       content_type="application/x-www-form-urlencoded", HTTP_AUTHORIZATION=f"Bearer {tokens[Role.ANALIST]}")
    assert (form.status_code, form.json()) == (400, {
        "detail": "de inhoud van het verzoek is geen JSON; stuur JSON met Content-Type: application/json"})


def test_an_unknown_field_or_a_list_is_refused_by_name_and_a_json_number_is_taken(client, tokens):
    # Walk AO: "gebied": "GM0534" was passed over and the figure stored for Lisse; a list of one figure read as five
    # missing fields; the number GET gives back was refused as "moet tekst zijn".
    url = "/api/municipalities/GM0553/observations"
    stray = call(client, "post", url, tokens[Role.ANALIST], {**OBS, "gebied": "GM0534"})
    assert stray.status_code == 422
    assert stray.json()["errors"] == [{"veld": "gebied", "melding": "onbekend veld; de velden staan in /api/openapi.json"}]
    listed = call(client, "post", url, tokens[Role.ANALIST], [OBS])
    assert (listed.status_code, listed.json()) == (422, {"detail": "ongeldige invoer: stuur één object per verzoek, "
                                                                   "geen lijst (één cijfer, actie of signaal tegelijk)"})
    assert not Observation.objects.filter(period=OBS["periode"], series__key=OBS["reeks"]).exists()
    number = call(client, "post", url, tokens[Role.ANALIST], {**OBS, "waarde": 77.0})
    assert number.status_code == 201, number.json()
    assert Observation.objects.get(period=OBS["periode"], series__key=OBS["reeks"]).value == 77
    # A JSON number is never a Dutch thousands dot: 38.123 is no count (a review: it had become 38123).
    guessed = call(client, "post", url, tokens[Role.ANALIST], {**OBS, "periode": "2012", "waarde": 38.123})
    assert guessed.status_code == 422 and "geheel getal" in guessed.json()["detail"]
    assert not Observation.objects.filter(period="2012", series__key=OBS["reeks"], value=38123).exists()


def test_a_method_a_route_does_not_take_is_refused_in_dutch_json(client, tokens):
    response = client.get("/api/municipalities/GM0553/signals", HTTP_AUTHORIZATION=f"Bearer {tokens[Role.LEZER]}")
    assert response.status_code == 405 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "GET kan hier niet; wel: POST"} and response["Allow"] == "POST"


def test_a_wrong_token_is_refused(client, tokens):
    response = call(client, "get", "/api/municipalities", "ivb_not-a-token")
    assert response.status_code == 401 and "token" in response.json()["detail"]


def test_corrections_through_the_api_need_a_reason(client, tokens):
    token = tokens[Role.ANALIST]
    body = {**OBS, "reeks": "politie.woninginbraken", "periode": "2018", "waarde": "31"}
    response = call(client, "post", "/api/municipalities/GM0553/observations", token, body)
    assert response.status_code == 422 and response.json()["errors"][0]["veld"] == "reden"
    assert "geef een reden" in response.json()["errors"][0]["melding"]
    response = call(client, "post", "/api/municipalities/GM0553/observations", token, {**body, "reden": "nagekomen"})
    assert response.status_code == 201
    history = call(client, "get", "/api/municipalities/GM0553/observations?series=politie.woninginbraken&history=true",
                   token).json()
    assert [(o["periode"], o["waarde"], o["huidig"]) for o in history if o["periode"] == "2018"] == [
        ("2018", 30.0, False), ("2018", 31.0, True)]


def test_the_openapi_document_describes_the_routes(client, db):
    schema = client.get("/api/openapi.json").json()
    assert "/api/municipalities/{code}/observations" in schema["paths"]
    assert set(schema["paths"]["/api/municipalities/{code}/observations"]) == {"get", "post"}
    # Walk W: the allowed values were nowhere in the document, only in refusals.
    fields = schema["components"]["schemas"]["ObservationIn"]["properties"]
    assert fields["status"]["description"] == "voorlopig of definitief"
    assert "2023-K3" in fields["periode"]["description"] and "decimale komma" in fields["waarde"]["description"]
    assert "Authorization: Bearer" in schema["info"]["description"]


def test_it_answers_401_not_a_csrf_error_without_credentials_even_with_csrf_checks(demo, tokens):
    """As a real browser or script meets it: Django's test client skips CSRF unless told to enforce it."""
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    for token in (None, "ivb_unknown"):
        response = call(strict, "post", "/api/municipalities/GM0553/observations", token, OBS)
        assert response.status_code == 401, token
        assert response.json()["detail"].startswith("niet ingelogd")
    assert call(strict, "post", "/api/municipalities/GM0553/observations", tokens[Role.ANALIST], OBS).status_code == 201


def test_a_session_post_without_its_csrf_token_is_refused(demo):
    from django.test import Client

    user = get_user_model().objects.create_user("api-session")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=Role.ANALIST)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert call(strict, "post", "/api/municipalities/GM0553/observations", None, OBS).status_code == 403
    assert call(strict, "get", "/api/municipalities/GM0553/observations").status_code == 200
    assert not Observation.objects.filter(series__key="politie.geweld", period="2013", value=70).exists()


@pytest.mark.parametrize("who", list(TABLE))
def test_access_is_checked_before_the_body(client, tokens, who):
    """Whoever may not act learns nothing from an invalid body: the same 404, 403 or 401 as with a valid one."""
    token = tokens.get(who) if who else None
    _, write_figure, write_action = TABLE[who]
    for url, valid in (("/api/municipalities/GM0553/observations", write_figure),
                       ("/api/municipalities/GM0553/actions", write_action)):
        for body in ({}, {"waarde": ["x"]}, "geen object"):
            response = call(client, "post", url, token, body)
            assert response.status_code == (422 if valid == 201 else valid), (url, body)
            if valid != 201:
                assert "errors" not in response.json()
    assert call(client, "post", "/api/municipalities/GM0553/signals", token, {}).status_code == (
        {"outsider": 404, None: 401}.get(who, 422))


def test_invalid_input_is_named_by_its_field_in_dutch(client, tokens):
    body = {**ACTION, "titel": 12, "kwartaal": 5, "partners": "niet een lijst"}
    del body["trekker"]
    errors = call(client, "post", "/api/municipalities/GM0553/actions", tokens[Role.ANALIST], body).json()["errors"]
    assert {"veld": "trekker", "melding": "verplicht; vul dit in"} in errors
    assert {"veld": "titel", "melding": "moet tekst zijn"} in errors
    assert {"veld": "kwartaal", "melding": "mag hoogstens 4 zijn"} in errors
    assert {"veld": "partners", "melding": "moet een lijst zijn"} in errors
    text = json.dumps(errors)
    assert "body" not in text and "payload" not in text and "Field required" not in text and "Input should" not in text


def test_a_nul_character_is_refused_at_its_field_and_nothing_is_stored(client, tokens):
    """PostgreSQL cannot store a NUL character: the API refuses it by name, as the forms do, not with a 500."""
    from ivb.plan.models import Action

    before = Action.objects.count()
    body = {**ACTION, "titel": "Voorlichting\u0000", "partners": ["Politie", "Halt\u0000"]}
    response = call(client, "post", "/api/municipalities/GM0553/actions", tokens[Role.ANALIST], body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"veld": "titel", "melding": "bevat een nul-teken (\\u0000); dat kan niet worden opgeslagen"},
        {"veld": "partners", "melding": "bevat een nul-teken (\\u0000); dat kan niet worden opgeslagen"}]
    assert Action.objects.count() == before


WITHDRAW = {Role.LEZER: 403, Role.BEHEERDER: 403, "outsider": 404, None: 401, Role.ANALIST: 200}


@pytest.mark.parametrize("who", list(WITHDRAW))
def test_a_figure_is_withdrawn_with_a_reason_by_who_enters_figures(client, tokens, who):
    wrong = Observation.objects.get(series__key="politie.woninginbraken", area__code="GM0553", period="2018",
                                    superseded_at__isnull=True)
    url = f"/api/municipalities/GM0553/observations/{wrong.pk}/withdraw"
    token = tokens.get(who) if who else None
    response = call(client, "post", url, token, {"reden": "testregel"})
    assert response.status_code == WITHDRAW[who]
    wrong.refresh_from_db()
    assert (wrong.superseded_at is not None) == (WITHDRAW[who] == 200)
    if WITHDRAW[who] == 200:
        assert (response.json()["huidig"], wrong.withdrawal.reason, wrong.withdrawal.withdrawn_by_name) == (
            False, "testregel", "api-analist")
        again = call(client, "post", url, token, {"reden": "nog eens"})
        assert again.status_code == 422 and again.json() == {
            "detail": "niet ingetrokken: dit cijfer is niet (meer) actueel: het is al vervangen of ingetrokken",
            "errors": []}


def test_a_withdrawal_without_a_reason_is_refused(client, tokens):
    wrong = Observation.objects.filter(area__code="GM0553", superseded_at__isnull=True).first()
    response = call(client, "post", f"/api/municipalities/GM0553/observations/{wrong.pk}/withdraw",
                    tokens[Role.ANALIST], {})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"veld": "reden", "melding": "geef een reden waarom het cijfer wordt ingetrokken"}]
    wrong.refresh_from_db()
    assert wrong.superseded_at is None


def test_it_tells_a_replaced_figure_from_a_withdrawn_one_in_the_history(client, tokens):
    token = tokens[Role.ANALIST]
    body = {**OBS, "reeks": "politie.woninginbraken", "periode": "2018", "waarde": "31", "reden": "nagekomen"}
    new_id = call(client, "post", "/api/municipalities/GM0553/observations", token, body).json()["id"]
    call(client, "post", f"/api/municipalities/GM0553/observations/{new_id}/withdraw", token, {"reden": "testregel"})
    history = call(client, "get", "/api/municipalities/GM0553/observations?series=politie.woninginbraken&history=true",
                   token).json()
    old, new = [o for o in history if o["periode"] == "2018"]
    assert (old["vervangen_door"], old["ingetrokken"], old["vervangen_op"] is not None) == (new_id, False, True)
    assert (new["reden"], new["vervangen_door"], new["ingetrokken"], new["intrekking_reden"]) == (
        "nagekomen", None, True, "testregel")


def test_a_figure_sent_twice_is_answered_with_the_stored_one_and_nothing_changes(client, tokens):
    token = tokens[Role.ANALIST]
    body = {**OBS, "waarde": "35", "status": "voorlopig", "bron": "Politie, retry"}
    first = call(client, "post", "/api/municipalities/GM0553/observations", token, body)
    count = Observation.objects.count()
    again = call(client, "post", "/api/municipalities/GM0553/observations", token, body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"] and again.json()["huidig"] is True
    assert Observation.objects.count() == count


def test_an_unknown_series_is_refused_with_a_suggestion_not_answered_with_nothing(client, tokens):
    response = call(client, "get", "/api/municipalities/GM0553/observations?series=politie.woninginbraak",
                    tokens[Role.LEZER])
    assert response.status_code == 422
    assert response.json()["detail"].startswith("onbekende reeks 'politie.woninginbraak'; bedoelt u "
                                                "'politie.woninginbraken'")


def test_a_token_with_a_space_too_many_is_still_the_token(client, tokens):
    response = client.get("/api/municipalities/GM0553/policies", HTTP_AUTHORIZATION=f"Bearer  {tokens[Role.LEZER]}")
    assert response.status_code == 200


def test_an_address_no_route_takes_is_answered_in_json(client, tokens):
    for url in ("/api/", "/api/municipalities/", "/api/bestaat-niet"):
        response = call(client, "get", url, tokens[Role.LEZER])
        assert response.status_code == 404 and response["Content-Type"] == "application/json", url
        assert "/api/openapi.json" in response.json()["detail"]
    assert "zonder '/' aan het eind" in call(client, "get", "/api/municipalities/", tokens[Role.LEZER]).json()["detail"]
    assert client.get("/bestaat-niet/")["Content-Type"].startswith("text/html")


def test_a_policy_is_found_by_the_period_as_the_picture_writes_it(client, tokens):
    period = call(client, "get", "/api/municipalities/GM0553/picture/2019", tokens[Role.LEZER]).json()["beleid_periode"]
    assert period == "2020–2023"
    response = call(client, "get", f"/api/municipalities/GM0553/policies/{period}", tokens[Role.LEZER])
    assert response.status_code == 200 and response.json()["period"] == {"start": 2020, "end": 2023}


def test_an_action_with_a_priority_and_an_unknown_theme_is_refused_not_a_server_error(client, tokens):
    response = call(client, "post", "/api/municipalities/GM0553/actions", tokens[Role.ANALIST],
                    {**ACTION, "thema": "9.9"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"veld": "thema", "melding": "onbekende themacode '9.9'"}]
    assert not Action.objects.filter(title=ACTION["titel"]).exists()


def test_the_adoption_of_a_year_without_a_plan_says_why(client, tokens):
    response = call(client, "get", "/api/municipalities/GM0553/plans/2099/adoption", tokens[Role.LEZER])
    assert response.status_code == 404 and "nog niet vastgesteld" not in response.json()["detail"]


def test_the_picture_gives_the_figure_the_dashboard_shows_with_its_series_and_source(client, tokens):
    """Walk W: the dashboard showed woninginbraken 2019 as 42 (police open data, linked), the API only the
    policy's own 21 for January–September, with no way to rebuild the page's figure."""
    from pathlib import Path

    from ivb.cli import main

    police = Path(__file__).parent / "data" / "opendata" / "47018NED_HLT_2012-2025.csv"
    assert main(["opendata", "import", str(police), "--table", "47018NED"]) == 0
    data = call(client, "get", "/api/municipalities/GM0553/picture/2019", tokens[Role.LEZER]).json()
    burglary = next(s for s in data["reeksen"] if s["reeks"] == "politie.woninginbraken")
    assert (burglary["metingen"][-1]["label"], burglary["metingen"][-1]["waarde"]) == ("2019 t/m september", 21)
    shown = burglary["getoond"]
    assert (shown["label"], shown["waarde"], shown["reeks"], shown["bron"]) == (
        "2019", 42, "politie.od.1.1.1", "Politie (via CBS)")


def test_the_series_filter_is_also_reeks_and_an_unknown_filter_is_refused(client, tokens):
    """Walk AJ: ?reeks= was silently ignored and answered every figure."""
    every = call(client, "get", "/api/municipalities/GM0553/observations", tokens[Role.LEZER]).json()
    by_reeks = call(client, "get", "/api/municipalities/GM0553/observations?reeks=politie.woninginbraken",
                    tokens[Role.LEZER]).json()
    assert by_reeks and len(by_reeks) < len(every) and {o["reeks"] for o in by_reeks} == {"politie.woninginbraken"}
    refused = call(client, "get", "/api/municipalities/GM0553/observations?serie=politie.woninginbraken",
                   tokens[Role.LEZER])
    assert refused.status_code == 422 and refused.json()["detail"] == \
        "onbekende parameter(s): serie; bekend: series (of reeks), history"


def test_a_figure_says_who_recorded_it_as_the_pages_do(client, tokens):
    # Walk AP: the API gave "ivb-cli (root)" and account names where the pages give "de opdrachtregel" and full names.
    figure = Observation.objects.filter(area__code="GM0553", series__key="politie.geweld").first()
    Observation.objects.filter(pk=figure.pk).update(recorded_by_name="ivb-cli (root)")
    rows = call(client, "get", "/api/municipalities/GM0553/observations?reeks=politie.geweld", tokens[Role.LEZER]).json()
    assert next(r for r in rows if r["id"] == figure.pk)["vastgelegd_door"] == "de beheerder van IVB"
    analyst = get_user_model().objects.get(username=f"api-{Role.ANALIST}")
    analyst.first_name, analyst.last_name = "Anna", "Lisser"
    analyst.save()
    made = call(client, "post", "/api/municipalities/GM0553/observations", tokens[Role.ANALIST], OBS).json()
    assert made["vastgelegd_door"] == "Anna Lisser"


def test_a_region_series_name_is_explained_not_called_unknown(client, tokens):
    # Walk AN: the picture names "regio:sum:…", and asking the figures for it answered "onbekende reeks".
    response = call(client, "get", "/api/municipalities/GM0553/observations?reeks=regio:sum:politie.geweld",
                    tokens[Role.LEZER])
    assert response.status_code == 422
    assert response.json()["detail"].startswith("'regio:sum:politie.geweld' is een regiocijfer: IVB berekent het uit")
    assert "?reeks=politie.geweld" in response.json()["detail"]


def test_it_names_a_bad_figure_once_by_its_field_not_by_the_kinds_it_takes(client, tokens):
    for bad in (None, True, [1]):
        response = call(client, "post", "/api/municipalities/GM0553/observations", tokens[Role.ANALIST],
                        {**OBS, "waarde": bad})
        assert response.status_code == 422, bad
        errors = response.json()["errors"]
        assert errors == [{"veld": "waarde", "melding": 'moet een getal zijn, zoals 18.4 of "18,4"'}], bad
    assert not Observation.objects.filter(period="2013").exists()


def test_it_says_what_a_correction_changes_when_the_value_stays(client, tokens):
    body = {**OBS, "reeks": "politie.woninginbraken", "periode": "2018", "waarde": "30", "status": "voorlopig"}
    response = call(client, "post", "/api/municipalities/GM0553/observations", tokens[Role.ANALIST], body)
    assert response.status_code == 422
    assert "dit vervangt het cijfer 30 (definitief, Politie-eenheid Den Haag): 30 → 30 (definitief → voorlopig)" in \
        response.json()["detail"]


def test_a_retry_says_nothing_changed(client, tokens):
    body = {**OBS, "waarde": "35"}
    first = call(client, "post", "/api/municipalities/GM0553/observations", tokens[Role.ANALIST], body)
    again = call(client, "post", "/api/municipalities/GM0553/observations", tokens[Role.ANALIST], body)
    assert (first.json()["niets_veranderd"], again.json()["niets_veranderd"]) == (False, True)


def test_a_code_in_lower_case_is_told_how_to_write_it(client, tokens):
    response = call(client, "get", "/api/municipalities/gm0553/policies", tokens[Role.LEZER])
    assert response.status_code == 404
    assert "gemeente 'gm0553' niet gevonden: gebruik de CBS-code in hoofdletters, zoals GM0553" in \
        response.json()["detail"]
    # A well-formed code of a municipality without a role says no more than "niet gevonden".
    assert call(client, "get", "/api/municipalities/GM0534/policies", tokens[Role.LEZER]).json() == {
        "detail": "niet gevonden"}


def test_the_openapi_document_speaks_dutch_for_every_route(client, db):
    from ivb.api import OPERATIONS

    schema = client.get("/api/openapi.json").json()
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    assert len(operations) == len(OPERATIONS)
    for op in operations:
        assert op["summary"] == OPERATIONS[op["operationId"].removeprefix("ivb_api_")][0]
        assert "401" in op["responses"]
    post = schema["paths"]["/api/municipalities/{code}/observations"]["post"]
    assert post["summary"] == "Een cijfer invoeren" and "niets_veranderd" in post["description"]
    said = {answer["description"] for op in operations for answer in op["responses"].values()}
    assert not said & {"OK", "Created", "Not Found", "Forbidden", "Unprocessable Entity"}, said  # walk AW


def test_a_figure_reads_back_with_its_note_and_a_count_with_an_empty_margin(client, tokens):
    """Walk AW: the note could be written but not read back, so a script could not send a figure again unchanged;
    a count's newest figure in the picture had no `marge` key at all."""
    body = {**OBS, "toelichting": "eigen telling"}
    assert call(client, "post", "/api/municipalities/GM0553/observations", tokens[Role.ANALIST], body).status_code == 201
    back = call(client, "get", "/api/municipalities/GM0553/observations?reeks=politie.geweld", tokens[Role.LEZER]).json()
    stored = next(o for o in back if o["periode"] == "2013")
    assert stored["toelichting"] == "eigen telling"
    resent = {k: stored[k] for k in ("reeks", "periode", "status", "bron", "document", "vindplaats", "toelichting")}
    again = call(client, "post", "/api/municipalities/GM0553/observations", tokens[Role.ANALIST],
                 {**resent, "waarde": stored["waarde"], "marge": stored["marge"]})
    assert again.status_code == 200 and again.json()["niets_veranderd"] is True
    picture = call(client, "get", "/api/municipalities/GM0553/picture/2019", tokens[Role.LEZER]).json()
    counts = [i for p in picture["prioriteiten"] for i in p["indicatoren"] if i["eenheid"] == "count" and i["laatste"]]
    assert counts and all(i["laatste"]["marge"] is None for i in counts)


def test_a_figure_read_back_with_marge_null_is_taken(client, tokens):
    """Review: GET gives "marge": null for a count; sending it back was refused as "moet een getal zijn"."""
    response = call(client, "post", "/api/municipalities/GM0553/observations", tokens[Role.ANALIST],
                    {**OBS, "marge": None})
    assert response.status_code == 201 and response.json()["marge"] is None
