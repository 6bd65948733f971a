"""A form in a real browser: sent back with errors, the keyboard and the screen reader start at the error summary,
whose links lead to the fields (WCAG 3.3.1; after a submit the focus would stay at the top of the page); a double
click sends it once."""

import datetime as dt

import pytest

from ivb.accounts.models import Role

import tests.browser  # noqa: F401 (skips this module without Chromium)
from tests.browser import demo_user, log_in


@pytest.fixture
def site(live_server, transactional_db):
    return live_server.url


def phone(browser):
    return browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL").new_page()


def test_the_error_summary_takes_the_focus_and_links_to_the_field(browser, site):
    demo_user("browser-analist", Role.ANALIST)
    page = phone(browser)
    log_in(page, site, "browser-analist")
    page.goto(site + "/gemeente/GM0553/cijfers/nieuw/")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    first = page.locator(".error-summary a").first
    target = first.get_attribute("href")
    first.click()
    assert page.evaluate("'#' + document.activeElement.id") == target


def test_a_double_click_files_one_signal(browser, site):
    from ivb.register.models import Signal

    demo_user("browser-melder", Role.MELDER)
    before = Signal.objects.count()
    page = phone(browser)
    log_in(page, site, "browser-melder")
    page.goto(site + "/gemeente/GM0553/signalen/nieuw/")
    page.fill("#id_what", "Nagelstudio zonder klanten")
    page.fill("#id_observed_on", dt.date.today().strftime("%d-%m-%Y"))
    page.fill("#id_team", "Vergunningen")
    page.locator("form.entry button[type=submit]").dblclick()
    page.wait_for_load_state()
    page.wait_for_timeout(500)
    assert "Uw signaal is ontvangen" in page.inner_text("main")
    assert Signal.objects.count() == before + 1
