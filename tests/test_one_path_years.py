"""One year rule (periods.check_year: 1900 up to next year) for the pages, the API and the CLI, and for the safety
picture one more (periods.check_picture_year: a year that has begun); and one picture: the API's is the
dashboard's, from the same cache."""

import json

import pytest
from django.core.cache import cache

from ivb.accounts.tokens import create_token
from ivb.cli import main
from ivb.domain.periods import latest_year

LATE = latest_year() + 1
# A picture (and a report) is of a year that has begun: its range ends this year, so that the next year up is
# not offered by one message and refused by the next (walk of 4 December).
MESSAGE = f"jaar {LATE} ligt buiten het bereik 1900–{LATE - 2}"


@pytest.fixture
def token(lisse_reader, demo):
    return create_token(lisse_reader, "test")


def api_get(client, token, url):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_it_refuses_a_year_after_next_year_in_the_api_with_the_rule_in_words(client, token):
    for url in (f"/api/municipalities/GM0553/picture/{LATE}", f"/api/municipalities/GM0553/indicators/{LATE}",
                "/api/municipalities/GM0553/picture/1899"):
        response = api_get(client, token, url)
        assert response.status_code == 422, url
        assert response.json()["detail"].startswith("jaar ") and "ligt buiten het bereik 1900–" in response.json()["detail"]
    assert api_get(client, token, f"/api/municipalities/GM0553/picture/{LATE}").json() == {"detail": MESSAGE}


def test_it_shows_no_page_for_a_year_after_next_year(client, lisse_reader, demo):
    client.force_login(lisse_reader)
    for url in (f"/gemeente/GM0553/{LATE}/", f"/gemeente/GM0553/{LATE}/download/cijfers.csv",
                f"/gemeente/GM0553/rapport/{LATE}/"):
        assert client.get(url).status_code == 404, url


def test_it_refuses_the_year_in_the_cli_picture_and_report(demo, capsys, tmp_path):
    assert main(["picture", "GM0553", str(LATE)]) == 1
    assert MESSAGE in capsys.readouterr().err
    output = tmp_path / "rapport.html"
    assert main(["report", "GM0553", str(LATE), "--format", "html", "-o", str(output)]) == 1
    assert MESSAGE in capsys.readouterr().err and not output.exists()
    assert main(["report", "GM0553", "99999", "--format", "html", "-o", str(output)]) == 1
    assert "jaar 99999 ligt buiten het bereik" in capsys.readouterr().err and not output.exists()


def test_it_has_no_picture_of_next_year_anywhere_and_says_why(client, lisse_reader, token, capsys):
    year, this_year = latest_year(), latest_year() - 1
    said = f"{year} is nog niet begonnen: het veiligheidsbeeld gaat over een jaar dat begonnen is, tot en met {this_year}"
    client.force_login(lisse_reader)
    page = client.get(f"/gemeente/GM0553/{year}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f"{year} is nog niet begonnen." in text and f"/gemeente/GM0553/{this_year}/" in text
    assert f"/gemeente/GM0553/jaarplan/{year}/" in text and "doeljaar" not in text
    for path in ("indicator/meldingen-jeugdoverlast/", "download/cijfers.csv"):  # both there this year
        assert client.get(f"/gemeente/GM0553/{this_year}/{path}").status_code == 200, path
        assert client.get(f"/gemeente/GM0553/{year}/{path}").status_code == 404, path
    for url in (f"/api/municipalities/GM0553/picture/{year}", f"/api/municipalities/GM0553/indicators/{year}"):
        response = api_get(client, token, url)
        assert (response.status_code, response.json()) == (422, {"detail": said}), url
    assert main(["picture", "GM0553", str(year)]) == 1
    assert said in capsys.readouterr().err


def test_it_allows_this_year_and_next_years_plan(client, lisse_reader, token, capsys):
    this_year = latest_year() - 1
    client.force_login(lisse_reader)
    assert client.get(f"/gemeente/GM0553/{this_year}/").status_code == 200
    assert client.get(f"/gemeente/GM0553/jaarplan/{latest_year()}/").status_code == 200
    assert api_get(client, token, f"/api/municipalities/GM0553/picture/{this_year}").status_code == 200
    assert main(["picture", "GM0553", str(this_year), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["jaar"] == this_year


def test_it_serves_the_api_the_picture_the_dashboard_computed(client, lisse_reader, token, monkeypatch):
    cache.clear()
    client.force_login(lisse_reader)
    assert client.get("/gemeente/GM0553/2019/").status_code == 200

    def not_again(*args, **kwargs):
        raise AssertionError("the picture was computed a second time")

    monkeypatch.setattr("ivb.domain.picture.build_picture", not_again)
    response = api_get(client, token, "/api/municipalities/GM0553/picture/2019")
    assert response.status_code == 200 and response.json()["gemeente"] == "GM0553"


def test_the_openapi_description_states_the_year_range(client):
    parameters = client.get("/api/openapi.json").json()["paths"]["/api/municipalities/{code}/picture/{year}"]["get"][
        "parameters"]
    year = next(p for p in parameters if p["name"] == "year")["schema"]
    assert (year["minimum"], year["maximum"]) == (1900, latest_year() - 1)
