"""Entering a figure takes one path: the page, the API and a file import check it with
`store.observation_import.check_rows` and `store.entry.enter_observation`, so the same too-long text is refused
with the same Dutch words everywhere, and nothing is stored then."""

import json

import pytest
from pytest_django.asserts import assertContains

from ivb.accounts.tokens import create_token
from ivb.store.models import Observation
from ivb.store.observation_import import MAX_NOTE, MAX_REASON

PAGE = {"series": "politie.geweld", "period": "2013", "value": "70", "status": "definitief", "source": "Politie",
        "document": "", "reference": "", "margin": "", "note": "", "reason": ""}
API = {"reeks": "politie.geweld", "periode": "2013", "waarde": "70", "status": "definitief", "bron": "Politie"}


@pytest.fixture
def token(analyst):
    return create_token(analyst, "test")


def by_api(client, token, **changes):
    return client.post("/api/municipalities/GM0553/observations", data=json.dumps({**API, **changes}),
                       content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_it_refuses_a_too_long_note_on_the_page_and_in_the_api_with_the_same_words(client, analyst, token):
    long = "n" * (MAX_NOTE + 1)
    client.force_login(analyst)
    page = client.post("/gemeente/GM0553/cijfers/nieuw/", {**PAGE, "note": long})
    assertContains(page, "tekst is langer dan 10.000 tekens")
    assertContains(page, "Er is niets opgeslagen")
    api = by_api(client, token, toelichting=long)
    assert api.status_code == 422
    assert api.json()["errors"] == [{"veld": "toelichting", "melding": "tekst is langer dan 10.000 tekens"}]
    assert not Observation.objects.filter(series__key="politie.geweld", period="2013").exists()


def test_it_refuses_a_too_long_correction_reason_alike(client, analyst, token):
    old = Observation.objects.get(series__key="politie.woninginbraken", period="2018")
    long = "r" * (MAX_REASON + 1)
    client.force_login(analyst)
    page = client.post(f"/gemeente/GM0553/cijfers/{old.pk}/corrigeren/",
                       {**PAGE, "series": "politie.woninginbraken", "period": "2018", "value": "31", "reason": long})
    assertContains(page, "tekst is langer dan 10.000 tekens")
    api = by_api(client, token, reeks="politie.woninginbraken", periode="2018", waarde="31", reden=long)
    assert api.status_code == 422
    assert api.json()["errors"] == [{"veld": "reden", "melding": "tekst is langer dan 10.000 tekens"}]
    old.refresh_from_db()
    assert old.superseded_at is None and old.value == 30


def test_it_stores_a_note_at_the_maximum_from_the_api(client, token):
    response = by_api(client, token, toelichting="n" * MAX_NOTE)
    assert response.status_code == 201
    assert Observation.objects.get(series__key="politie.geweld", period="2013").note == "n" * MAX_NOTE


def test_the_openapi_description_states_the_limits(client):
    schema = client.get("/api/openapi.json").json()
    body = schema["components"]["schemas"]["ObservationIn"]["properties"]
    assert body["toelichting"]["maxLength"] == MAX_NOTE and body["reden"]["maxLength"] == MAX_REASON


def test_a_file_with_a_too_long_note_is_refused_in_the_same_words_on_the_page_and_in_the_cli(
        client, analyst, tmp_path, capsys):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ivb.cli import main

    content = ("gebied;reeks;periode;waarde;status;bron;toelichting\n"
               f"GM0553;politie.geweld;2013;70;definitief;Politie;{'n' * (MAX_NOTE + 1)}\n").encode()
    client.force_login(analyst)
    page = client.post("/gemeente/GM0553/cijfers/importeren/", {"file": SimpleUploadedFile("cijfers.csv", content)})
    assertContains(page, "tekst is langer dan 10.000 tekens")
    path = tmp_path / "cijfers.csv"
    path.write_bytes(content)
    assert main(["observations", "import", str(path)]) == 1
    assert "tekst is langer dan 10.000 tekens" in capsys.readouterr().err
    assert not Observation.objects.filter(series__key="politie.geweld", period="2013").exists()
