"""The register's acts take one path: the pages and the API call register.services, so a signal shown, a list
of one's own signals, a new signal and a measure are recorded and refused alike, in the same Dutch words."""

import datetime as dt
import json

import pytest
from django.utils.text import capfirst

from ivb.register.models import AuditEvent, Measure, Signal
from ivb.register.services import MAX_OUTCOME, MAX_TEXT
from tests.conftest import register_world, text

PAGE_SIGNAL = {"what": "Pand met dichte luiken", "observed_on": dt.date.today().isoformat(), "team": "Handhaving", "kvk": "12345678"}
API_SIGNAL = {"wat": "Pand met dichte luiken", "gezien_op": dt.date.today().isoformat(), "team": "Handhaving", "kvk": "12345678"}
PAGE_MEASURE = {"act": "measure", "kind": "sluiting", "decision_date": dt.date.today().isoformat(), "document_reference": "BW-9",
                "legal_basis": "Opiumwet art. 13b"}
API_MEASURE = {"soort": "sluiting", "besluitdatum": dt.date.today().isoformat(), "kenmerk": "BW-9", "grondslag": "Opiumwet art. 13b"}


@pytest.fixture
def world(demo):
    users, records = register_world("p-")
    return users, {name: record.pk for name, record in records.items()}


def post_json(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def events(**match):
    return list(AuditEvent.objects.filter(**match).order_by("pk"))


def test_it_records_a_signal_shown_by_the_page_and_by_the_api_alike(client, world):
    users, ids = world
    client.force_login(users["team"])
    signal = ids["open_signal"]
    assert client.get(f"/gemeente/GM0553/register/signalen/{signal}/").status_code == 200
    assert client.get(f"/api/municipalities/GM0553/register/signals/{signal}").status_code == 200
    page, api = events(action="view", object_kind="signaal", object_id=str(signal))
    assert (page.actor_name, page.municipality) == (api.actor_name, api.municipality) == ("p-team", "GM0553")
    # The page offers the open signal's link to the cases this member sees: their ids are in its record only.
    assert page.detail == {"casussen": [ids["case"], ids["restricted_case"]]} and not api.detail


def test_it_lists_and_records_ones_own_signals_alike(client, world):
    users, ids = world
    client.force_login(users["melder"])
    page = client.get("/gemeente/GM0553/signalen/mijn/")
    rows = client.get("/api/municipalities/GM0553/signals/mine").json()
    shown_on_page, shown_by_api = events(action="list", object_kind="signaal")
    own = sorted([ids["open_signal"], ids["restricted_signal"]], reverse=True)
    assert shown_on_page.detail == shown_by_api.detail == {"signalen": own}
    assert [r["id"] for r in rows] == own
    assert page.status_code == 200


def refused_alike(client, world, message, page_changes, api_changes):
    """The API says `message` ("Label: problem"); the page shows the same problem at the field it is about."""
    users, _ids = world
    before = Signal.objects.count()
    client.force_login(users["melder"])
    page = text(client.post("/gemeente/GM0553/signalen/nieuw/", {**PAGE_SIGNAL, **page_changes}))
    problem = message.split(": ", 1)[1]
    field = next(iter(page_changes))
    assert f'<span class="error" id="id_{field}_error">{capfirst(problem)}</span>' in page
    assert "Er is niets opgeslagen" in page
    response = post_json(client, "/api/municipalities/GM0553/signals", {**API_SIGNAL, **api_changes})
    assert response.status_code == 422 and response.json() == {
        "detail": message, "errors": [{"veld": next(iter(api_changes)), "melding": problem}]}  # by the API's name
    assert Signal.objects.count() == before


def test_it_refuses_a_signal_past_the_maximum_length_in_the_same_words(client, world):
    long = "x" * (MAX_TEXT + 1)
    refused_alike(client, world, "Wat heeft u gezien: 4.001 tekens; het maximum is 4.000", {"what": long}, {"wat": long})


def test_it_refuses_a_101_character_team_in_the_same_words(client, world):
    long = "t" * 101
    refused_alike(client, world, "Team: Zorg dat deze waarde niet meer dan 100 tekens bevat (het zijn er nu 101).",
                  {"team": long}, {"team": long})


def test_it_refuses_a_nine_digit_kvk_number_in_the_same_words(client, world):
    refused_alike(client, world, "KvK-nummer: een KvK-nummer heeft 8 cijfers (0 tot en met 9)",
                  {"kvk": "123456789"}, {"kvk": "123456789"})


def test_it_files_the_same_signal_from_the_page_and_the_api(client, world):
    users, _ids = world
    client.force_login(users["melder"])
    client.post("/gemeente/GM0553/signalen/nieuw/", {**PAGE_SIGNAL, "what": "x" * MAX_TEXT})
    assert post_json(client, "/api/municipalities/GM0553/signals", {**API_SIGNAL, "wat": "x" * MAX_TEXT}).status_code == 201
    page, api = Signal.objects.filter(what="x" * MAX_TEXT).order_by("pk")
    fields = ("reporter_id", "team", "kvk", "observed_on", "status")
    assert [getattr(page, f) for f in fields] == [getattr(api, f) for f in fields]
    assert len(events(action="create", object_kind="signaal", object_id__in=[str(page.pk), str(api.pk)])) == 2


def test_it_refuses_a_measure_with_a_too_long_outcome_in_the_same_words(client, world):
    users, ids = world
    client.force_login(users["team"])
    long = "u" * (MAX_OUTCOME + 1)
    message = "Uitkomst: 2.001 tekens; het maximum is 2.000"
    page = text(client.post(f"/gemeente/GM0553/register/casussen/{ids['case']}/", {**PAGE_MEASURE, "outcome": long}))
    assert '<span class="error" id="id_outcome_error">2.001 tekens; het maximum is 2.000</span>' in page  # at the field
    response = post_json(client, f"/api/municipalities/GM0553/register/cases/{ids['case']}/measures",
                         {**API_MEASURE, "uitkomst": long})
    assert response.status_code == 422 and response.json() == {
        "detail": message, "errors": [{"veld": "uitkomst", "melding": "2.001 tekens; het maximum is 2.000"}]}
    assert not Measure.objects.exists()


def test_it_refuses_a_too_long_answer_from_the_reporter(client, world):
    from ivb.register.services import ask_for_information

    users, ids = world
    ask_for_information(Signal.objects.get(pk=ids["open_signal"]), actor=users["team"], question="Welk pand?")
    client.force_login(users["melder"])
    page = text(client.post("/gemeente/GM0553/signalen/mijn/", {"signal": ids["open_signal"],
                                                                "text": "a" * (MAX_TEXT + 1)}, follow=True))
    assert "4.001 tekens; het maximum is 4.000. Er is niets verstuurd." in page  # at the answer's field
    assert Signal.objects.get(pk=ids["open_signal"]).status == "meer informatie gevraagd"


def test_the_openapi_description_states_the_services_limits(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert schemas["SignalIn"]["properties"]["wat"]["maxLength"] == MAX_TEXT
    assert schemas["SignalIn"]["properties"]["team"]["maxLength"] == 100
    assert schemas["MeasureIn"]["properties"]["uitkomst"]["maxLength"] == MAX_OUTCOME


def test_a_refused_signal_asks_for_its_attachment_again(client, world):
    """Walk of 4 December: after an error the browser no longer holds the chosen file, and nothing said so; the
    signal was then filed without it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    users, _ids = world
    client.force_login(users["melder"])
    before = Signal.objects.count()
    photo = SimpleUploadedFile("pand.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    page = text(client.post("/gemeente/GM0553/signalen/nieuw/", {**PAGE_SIGNAL, "kvk": "1234", "attachment": photo}))
    assert "Er is niets opgeslagen" in page and Signal.objects.count() == before
    assert ('<span class="error" id="id_attachment_error">Kies de bijlage pand.pdf opnieuw: na een fout bewaart de '
            "browser het gekozen bestand niet.</span>") in page
    without = text(client.post("/gemeente/GM0553/signalen/nieuw/", {**PAGE_SIGNAL, "kvk": "1234"}))
    assert "Kies de bijlage" not in without  # nothing was chosen, nothing to choose again
