"""The report tab of a municipality with no policy and no figures: words for every persona, not a 404."""

from tests.conftest import _user, text

from ivb.accounts.permissions import Role


def test_it_says_why_there_is_no_report_yet(client, reference):
    client.force_login(_user("analist-zwolle", Role.ANALIST, "GM0193"))
    response = client.get("/gemeente/GM0193/rapport/2025/")
    assert response.status_code == 200
    page = text(response)
    assert ("Over 2025 kan nog geen raadsrapportage worden gemaakt: er is geen veiligheidsbeleid dat dit jaar "
            "beslaat, en er zijn geen cijfers over dit jaar.") in page
    assert "Leg eerst het beleid vast" in page and "Concept als PDF" not in page


def test_it_tells_a_reader_without_the_advisors_hint(client, reference):
    client.force_login(_user("lezer-zwolle", Role.LEZER, "GM0193"))
    page = text(client.get("/gemeente/GM0193/rapport/2025/"))
    assert "kan nog geen raadsrapportage worden gemaakt" in page and "Leg eerst het beleid vast" not in page


def test_it_keeps_the_404_for_a_year_no_page_has(client, reference):
    client.force_login(_user("analist-zwolle", Role.ANALIST, "GM0193"))
    assert client.get("/gemeente/GM0193/rapport/99999/").status_code == 404
    assert client.post("/gemeente/GM0193/rapport/2025/", {"confirm": "ja"}).status_code in (403, 404)


def test_it_refuses_another_municipality(client, outsider):
    client.force_login(outsider)
    assert client.get("/gemeente/GM0193/rapport/2025/").status_code == 404


def test_a_year_that_has_not_begun_says_so(client, reference):
    import datetime as dt

    next_year = dt.date.today().year + 1  # check_year allows next year (the annual plan is made before it)
    client.force_login(_user("analist-zwolle", Role.ANALIST, "GM0193"))
    response = client.get(f"/gemeente/GM0193/rapport/{next_year}/")
    assert response.status_code == 200
    page = text(response)
    assert f"Over {next_year} is er nog geen raadsrapportage: dat jaar is nog niet begonnen." in page
    assert "Leg eerst het beleid vast" not in page and "geen veiligheidsbeleid" not in page
