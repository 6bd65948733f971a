"""The accessibility page (walk BX: Dutch government sites publish a toegankelijkheidsverklaring, and IVB had no
page and no facts for one): open to anyone, linked from every page's footer, in both languages."""

from tests.conftest import text


def test_it_is_open_without_logging_in_and_names_the_standard_and_what_is_not_right(client, reference):
    response = client.get("/toegankelijkheid/")
    assert response.status_code == 200
    page = text(response)
    assert "WCAG 2.1 op niveau AA (EN 301 549)" in page
    assert "Wat nog niet goed is" in page and "Het rapport als PDF" in page
    assert "digitoegankelijk.nl" in page


def test_every_page_links_to_it(client, demo, lisse_reader):
    assert 'href="/toegankelijkheid/">Toegankelijkheid</a>' in text(client.get("/inloggen/"))
    client.force_login(lisse_reader)
    assert 'href="/toegankelijkheid/">Toegankelijkheid</a>' in text(client.get("/gemeente/GM0553/2019/"))


def test_it_reads_in_english(client, reference):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = text(client.get("/toegankelijkheid/"))
    assert "<h1>Accessibility</h1>" in page and "What is not right yet" in page
