"""A form sent back with errors, in a real browser: the keyboard and the screen reader start at the error summary,
whose links lead to the fields (WCAG 3.3.1; after a submit the focus would stay at the top of the page)."""

import pytest
from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.store.models import Area
from tests.conftest import PASSWORD

import tests.browser  # noqa: F401 (skips this module without Chromium)


@pytest.fixture
def analyst(live_server, transactional_db):
    from ivb.demo.load import load_demo
    from ivb.store.reference import sync_reference_data

    sync_reference_data()
    load_demo()
    user = get_user_model().objects.create_user("browser-analist", password=PASSWORD)
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=Role.ANALIST)
    return live_server.url


def test_the_error_summary_takes_the_focus_and_links_to_the_field(browser, analyst):
    page = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL").new_page()
    page.goto(analyst + "/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("browser-analist")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    page.goto(analyst + "/gemeente/GM0553/cijfers/nieuw/")
    page.locator("form.entry button[type=submit]").click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    first = page.locator(".error-summary a").first
    target = first.get_attribute("href")
    first.click()
    assert page.evaluate("'#' + document.activeElement.id") == target


def test_a_double_click_files_one_signal(browser, analyst):
    import datetime as dt

    from ivb.register.models import Signal

    user = get_user_model().objects.create_user("browser-melder", password=PASSWORD)
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=Role.MELDER)
    before = Signal.objects.count()
    page = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL").new_page()
    page.goto(analyst + "/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("browser-melder")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    page.goto(analyst + "/gemeente/GM0553/signalen/nieuw/")
    page.fill("#id_what", "Nagelstudio zonder klanten")
    page.fill("#id_observed_on", dt.date.today().strftime("%d-%m-%Y"))
    page.fill("#id_team", "Vergunningen")
    page.locator("form.entry button[type=submit]").dblclick()
    page.wait_for_load_state()
    page.wait_for_timeout(500)
    assert "Uw signaal is ontvangen" in page.inner_text("main")
    assert Signal.objects.count() == before + 1
