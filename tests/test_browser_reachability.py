"""No dead ends: for each role, starting at the login page and then only following the links on the pages
(a breadth-first walk over same-site <a href>, no typed addresses), every page type that role may use
(docs/authorisation.md, docs/register.md) is reached, and no link leads to a page that refuses the role.

Real headless Chromium (skipped without /usr/bin/chromium unless IVB_REQUIRE_BROWSER=1)."""

import datetime as dt
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve

import tests.browser  # noqa: F401 (skips this module without Chromium)
from ivb.accounts.models import Membership, Role
from ivb.domain import catalogue
from ivb.store.models import Area
from tests.conftest import PASSWORD

READING = {"dashboard", "indicator", "series", "policy", "sources", "peers", "plan", "action", "report",
           "own_account", "password_change", "signal_new", "my_signals"}
ENTERING = {"observation_new", "observation_correct", "observations_upload", "action_new", "action_edit"}
EXPECTED = {
    "lezer": READING,
    "analist": READING | ENTERING,
    "coordinator": READING | ENTERING | {"policy_upload"},
    "beheerder": READING | {"members"},
    "melder": {"signal_new", "my_signals", "own_account", "password_change"},
    # Search and export need the password again: a link leads to the confirmation, the form (not a link) beyond.
    "team": READING | {"register_inbox", "register_signal", "register_case", "register_reauth"},
    "privacy": READING | {"register_audit"},
}
ROLES = {"lezer": Role.LEZER, "analist": Role.ANALIST, "coordinator": Role.COORDINATOR,
         "beheerder": Role.BEHEERDER, "melder": Role.MELDER, "team": Role.LEZER, "privacy": Role.LEZER}
GRANTS = {"team": "ondermijning", "privacy": "privacy"}
# Files, not pages, and acts that end the walk: followed by other tests.
NOT_PAGES = {"logout", "register_attachment", "register_export", "report_download", "observations_template",
             "policy_skeleton", "policy_file"}
PER_TYPE = 1  # one page of each type: the walk stays short, and every type carries the links of its kind


@pytest.fixture
def world(live_server, transactional_db):
    from ivb.demo.load import load_demo
    from ivb.plan.services import create_action
    from ivb.register.models import RegisterAccess
    from ivb.register.services import create_case, file_signal
    from ivb.store.reference import sync_reference_data

    sync_reference_data()
    load_demo()
    lisse = Area.objects.get(code="GM0553")
    users = {}
    for name, role in ROLES.items():
        user = get_user_model().objects.create_user(f"r-{name}", password=PASSWORD)
        Membership.objects.create(user=user, municipality=lisse, role=role)
        if name in GRANTS:
            RegisterAccess.objects.create(user=user, municipality=lisse, kind=GRANTS[name])
        users[name] = user
    file_signal(lisse, users["melder"], team="Handhaving", what="Luiken altijd dicht", observed_on=dt.date.today())
    create_case(lisse, users["team"], subject_kind="pand", subject="Pand aan de Kanaalstraat")
    theme = catalogue.THEMES[0].code
    for year in range(2020, 2024):  # an action belongs to a year of the policy (2020-2023)
        create_action(lisse, {"year": year, "title": "Voorlichting inbraakpreventie", "owner": "Team veiligheid",
                              "theme_code": theme, "partners": [], "due_quarter": 2},
                      priority_keys=set(), actor_name="test")
    return live_server.url


def page_type(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).url_name
    except Resolver404:
        return None


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_on(html: str, url: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return [urljoin(url, href).split("#")[0] for href in parser.hrefs]


def walk(browser, base: str, name: str) -> tuple[set[str], list[str]]:
    """Log in as r-<name> on the login page in the browser, then follow the links of each page breadth-first with
    the browser's session (its request context: the same cookies, redirects followed, no page rendering, which
    keeps the walk of seven roles short). Returns the page types reached and the links that answered an error."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL")
    tab = context.new_page()
    tab.goto(base + "/inloggen/")
    tab.get_by_label("Gebruikersnaam").fill(f"r-{name}")
    tab.get_by_label("Wachtwoord").fill(PASSWORD)
    tab.get_by_role("button", name="Inloggen").click()
    tab.wait_for_load_state("domcontentloaded")
    reached, broken, seen, visits = set(), [], {tab.url}, {}
    queue = deque([(tab.url, tab.content())])  # the page the login landed on
    while queue:
        url, html = queue.popleft()
        if html is None:
            response = context.request.get(url)
            if not response.ok:
                broken.append(f"{url} ({response.status})")
                continue
            url, html = response.url, response.text()
        kind = page_type(url)
        if kind is None:
            continue
        reached.add(kind)
        for link in links_on(html, url):
            target = page_type(link)
            if not link.startswith(base) or link in seen or target is None or target in NOT_PAGES:
                continue
            seen.add(link)
            if visits.get(target, 0) < PER_TYPE:
                visits[target] = visits.get(target, 0) + 1
                queue.append((link, None))
    context.close()
    return reached, broken


def test_every_role_reaches_every_page_it_may_use_by_links_from_the_login(browser, world):
    for name, expected in EXPECTED.items():
        reached, broken = walk(browser, world, name)
        assert not broken, f"{name}: links to pages that refuse them: {broken}"
        assert expected <= reached, f"{name} cannot reach by links: {sorted(expected - reached)}"
        assert not (reached & {"register_inbox", "register_audit"}) - expected, f"{name} reached the register"


def test_the_series_page_reads_on_a_phone_and_a_laptop(browser, world):
    """The new page type: axe clean and no horizontal overflow at 390 and 1366 px; an analist finds the
    correction of a figure on it."""
    from ivb.store.models import Series
    from tests.test_browser import check_accessibility

    series = Series.objects.get(key="politie.woninginbraken")
    for width, height in ((390, 844), (1366, 900)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
        tab = context.new_page()
        tab.goto(world + "/inloggen/")
        tab.get_by_label("Gebruikersnaam").fill("r-analist")
        tab.get_by_label("Wachtwoord").fill(PASSWORD)
        tab.get_by_role("button", name="Inloggen").click()
        tab.wait_for_load_state()
        tab.goto(f"{world}/gemeente/GM0553/reeksen/{series.pk}/")
        assert tab.get_by_role("heading", name="Woninginbraken", exact=True).is_visible()
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        check_accessibility(tab, f"series-woninginbraken-{width}")
        tab.get_by_role("link", name="corrigeren").first.click()
        tab.wait_for_load_state()
        assert tab.get_by_role("heading", name="Cijfer corrigeren voor Lisse").is_visible()
        context.close()
