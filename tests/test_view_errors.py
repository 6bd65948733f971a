"""Dead ends: a melder lands where a melder works; 403, 404 and 500 come in the site's layout and language, with
a way back."""

from django.contrib.auth import get_user_model
from django.test import RequestFactory

from ivb.accounts.models import Membership, Role
from ivb.store.models import Area
from tests.conftest import text


def melder(reference):
    user = get_user_model().objects.create_user("melder-lisse")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=Role.MELDER)
    return user


def test_a_melder_lands_on_filing_a_signal(client, reference):
    client.force_login(melder(reference))
    assert client.get("/")["Location"] == "/gemeente/GM0553/signalen/nieuw/"


def test_a_melder_with_several_municipalities_chooses_one_and_lands_on_filing_a_signal(client, reference):
    user = melder(reference)
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM1525"), role=Role.LEZER)
    client.force_login(user)
    page = client.get("/").content.decode()
    assert 'href="/gemeente/GM0553/signalen/nieuw/">Lisse' in page and 'href="/gemeente/GM1525/">Teylingen' in page


def test_refused_is_a_page_in_dutch_with_a_way_back(client, reference):
    client.force_login(melder(reference))
    response = client.get("/gemeente/GM0553/2019/")
    assert response.status_code == 403
    page = text(response)
    assert "<h1>Geen toegang</h1>" in page and 'href="/">Terug naar uw startpagina</a>' in page
    assert "Ingelogd als melder-lisse" in page  # the site's own header, not a bare "403 Forbidden"


def test_not_found_is_a_page_in_dutch_with_a_way_back(client, lisse_reader):
    client.force_login(lisse_reader)
    response = client.get("/gemeente/GM0534/2019/")  # Hillegom does not exist for a reader of Lisse
    assert response.status_code == 404
    page = text(response)
    assert "<h1>Niet gevonden</h1>" in page and "Terug naar uw startpagina" in page
    assert "Hillegom" not in page


def test_a_server_error_is_a_page_in_dutch_that_says_nothing_changed(db):
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Er ging iets mis" in page and "Er is niets gewijzigd door deze fout" in page
    assert "/static/ivb/ivb.css" in page


def test_the_navigation_leads_each_role_to_its_register_pages(client, reference):
    from ivb.register.models import RegisterAccess

    lisse = Area.objects.get(code="GM0553")
    client.force_login(melder(reference))
    page = client.get("/gemeente/GM0553/signalen/nieuw/").content.decode()
    assert 'href="/gemeente/GM0553/signalen/mijn/"' in page
    assert 'href="/gemeente/GM0553/beleid/"' not in page  # a melder reads no figures: no dead links
    team = get_user_model().objects.create_user("team-lisse")
    Membership.objects.create(user=team, municipality=lisse, role=Role.LEZER)
    RegisterAccess.objects.create(user=team, municipality=lisse, kind="ondermijning")
    client.force_login(team)
    page = client.get("/gemeente/GM0553/beleid/").content.decode()
    assert 'href="/gemeente/GM0553/register/"' in page and 'href="/gemeente/GM0553/register/audit/"' not in page
    assert 'href="/gemeente/GM0553/vergelijking/"' in page and 'href="/gemeente/GM0553/signalen/nieuw/"' in page
    RegisterAccess.objects.create(user=team, municipality=lisse, kind="privacy")
    assert 'href="/gemeente/GM0553/register/audit/"' in client.get("/gemeente/GM0553/register/").content.decode()


def test_an_expired_form_gets_a_page_in_the_sites_layout_that_says_nothing_was_saved(reference):
    from django.test import Client

    from ivb.register.models import Signal

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(melder(reference))
    response = browser.post("/gemeente/GM0553/signalen/nieuw/", {"what": "Nagelstudio zonder klanten"})
    page = text(response)
    assert response.status_code == 403 and "<h1>Formulier verlopen</h1>" in page
    assert "Er is niets opgeslagen." in page and 'href="/"' in page and "DEBUG" not in page
    assert not Signal.objects.exists()
