"""Browser tests in real headless Chromium (Debian's package, driven by Playwright), with axe-core on every
page type. Screenshots of the main pages are kept in test-artifacts/.

Skipped when /usr/bin/chromium is missing, unless IVB_REQUIRE_BROWSER=1 (as in .ci/run, which installs it).
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.store.models import Area, Observation
from tests.conftest import PASSWORD

import tests.browser  # noqa: F401 (skips this module without Chromium)

ARTIFACTS = Path(__file__).parents[1] / "test-artifacts"

@pytest.fixture
def page(browser, live_server, transactional_db):
    from ivb.demo.load import load_demo
    from ivb.store.reference import sync_reference_data

    sync_reference_data()
    load_demo()
    user = get_user_model().objects.create_user("browser-analist", password=PASSWORD)
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=Role.ANALIST)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    tab = context.new_page()
    tab.base = live_server.url
    yield tab
    context.close()


def login(page):
    page.goto(page.base + "/")
    page.get_by_label("Gebruikersnaam").fill("browser-analist")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def check_accessibility(page, name):
    from axe_playwright_python.sync_playwright import Axe

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, f"{name}: " + "; ".join(f"{v['id']}: {v['help']} ({len(v['nodes'])}x)" for v in serious)


def test_a_user_reads_the_dashboard_and_an_indicator(page):
    page.goto(page.base + "/inloggen/")
    check_accessibility(page, "login")
    login(page)
    assert re.search(r"/gemeente/GM0553/2019/$", page.url)
    assert page.get_by_role("heading", name="Veiligheidsbeeld Lisse 2019").is_visible()
    check_accessibility(page, "dashboard")
    page.get_by_role("link", name="Meldingen jeugdoverlast - aantal").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Meldingen jeugdoverlast - aantal").is_visible()
    assert page.locator("svg.chart.wide").is_visible() and not page.locator("svg.chart.narrow").is_visible()
    check_accessibility(page, "indicator")
    page.get_by_role("link", name="Beleid", exact=True).click()
    page.wait_for_url("**/beleid/")
    assert page.get_by_role("heading", name="Integraal veiligheidsbeleid 2020-2023 Lisse").is_visible()
    check_accessibility(page, "policy")


def test_the_provenance_of_the_figures_reads_on_a_phone(page):
    """At 390 px the column 'Herkomst' of 'Cijfers en herkomst' was squeezed to a word a line, later cut off at the
    frame's edge: the rows now stack, the provenance under the figure at the screen's width, and nothing scrolls."""
    login(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + "/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/")
    seen = page.evaluate("""() => {
      let frame = [...document.querySelectorAll('h2')].find(h => h.textContent === 'Cijfers en herkomst');
      while (!frame.matches('.scroll')) frame = frame.nextElementSibling;  // after the cue to scroll, if any
      const heads = [...frame.querySelectorAll('thead th')].map(th => th.textContent.trim());
      const cell = frame.querySelector('tbody tr').children[heads.indexOf('Herkomst')];
      return {heads, text: cell.textContent, ems: cell.getBoundingClientRect().width / parseFloat(getComputedStyle(cell).fontSize),
              right: cell.getBoundingClientRect().right,
              scrolls: frame.scrollWidth > frame.clientWidth + 1, page: document.documentElement.scrollWidth}; }""")
    assert seen["heads"] == ["Periode", "Waarde", "Status", "Herkomst"]
    assert "Bestuurlijke 12-maandsrapportage 2014" in seen["text"]
    assert seen["ems"] >= 20, f"the column 'Herkomst' is {seen['ems']:.1f} em wide"
    assert not seen["scrolls"] and seen["page"] <= 390 and seen["right"] <= 390
    page.locator("h2:text-is('Cijfers en herkomst') ~ .scroll").screenshot(path=ARTIFACTS / "indicator-herkomst-390.png")
    # A phone gets the chart drawn for its width: the whole chart, its axis and its legend, without scrolling.
    chart = page.evaluate("""() => { const s = [...document.querySelectorAll('svg.chart')]
        .filter(s => s.getBoundingClientRect().width > 0);
      const r = s[0].getBoundingClientRect(), f = s[0].parentNode;
      return {shown: s.length, narrow: s[0].classList.contains('narrow'), scrolls: f.scrollWidth > f.clientWidth + 1,
              inside: r.left >= 0 && r.right <= 390}; }""")
    assert chart == {"shown": 1, "narrow": True, "scrolls": False, "inside": True}
    page.locator("svg.chart.narrow").screenshot(path=ARTIFACTS / "indicator-chart-390.png")


def test_a_user_enters_a_figure(page):
    login(page)
    page.get_by_role("link", name="Cijfer invoeren").click()
    check_accessibility(page, "entry")
    page.get_by_label("Reeks").select_option("politie.geweld")
    page.get_by_label("Periode").fill("2013")
    page.get_by_label("Waarde").fill("70")
    page.get_by_label("Bron").fill("Politie")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Geweld 2013: opgeslagen.").is_visible()
    assert Observation.objects.filter(series__key="politie.geweld", period="2013").exists()


def test_a_bad_upload_shows_its_errors(page, tmp_path):
    login(page)
    page.get_by_role("link", name="Importeren").click()
    bad = tmp_path / "fout.csv"
    bad.write_text("gebied;reeks;periode;waarde;status;bron\nGM0553;politie.geweld;2013;veel;definitief;Politie\n")
    page.get_by_label("Bestand (CSV of XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Importeren").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Het bestand is niet geïmporteerd").is_visible()
    assert page.get_by_text("'veel' is geen getal").is_visible()
    check_accessibility(page, "upload-errors")
    assert not Observation.objects.filter(period="2013").exists()


def test_the_annual_plan_is_accessible(page):
    login(page)
    page.get_by_role("link", name="Jaarplan").click()
    page.wait_for_url("**/jaarplan/*/")
    assert page.get_by_role("heading", name=re.compile("Veiligheidsjaarplan")).is_visible()
    check_accessibility(page, "plan")


def test_a_user_switches_to_english_and_back(page):
    login(page)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Safety picture Lisse 2019").is_visible()
    assert page.get_by_role("heading", name="General objectives").is_visible()
    check_accessibility(page, "dashboard-english")
    page.get_by_role("button", name="Nederlands").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Veiligheidsbeeld Lisse 2019").is_visible()


def test_the_remaining_page_types_are_accessible(page):
    """Action detail, policy upload with its diff, and user management: axe on each."""
    from ivb.plan.models import Action

    area = Area.objects.get(code="GM0553")
    user = get_user_model().objects.get(username="browser-analist")
    Membership.objects.filter(user=user).update(role=Role.COORDINATOR)
    action = Action.objects.create(municipality=area, year=2020, priority_key="jeugd", title="Voorlichting op scholen",
                                   owner="Team veiligheid", due_quarter=1, created_by_name="test")
    login(page)
    page.goto(f"{page.base}/gemeente/GM0553/acties/{action.pk}/")
    assert page.get_by_role("heading", name="Voorlichting op scholen").is_visible()
    check_accessibility(page, "action")
    page.goto(f"{page.base}/gemeente/GM0553/beleid/nieuwe-versie/")
    from ivb.policies import lisse_policy_text

    changed = Path(ARTIFACTS) / "upload-lisse-gewijzigd.yaml"
    changed.write_text(lisse_policy_text().replace("value: 80\n", "value: 75\n"))
    page.get_by_label("Beleidsbestand (YAML)").set_input_files(str(changed))
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_load_state()
    assert page.get_by_text("doel lager dan 80 in 2023 → lager dan 75 in 2023").is_visible()
    check_accessibility(page, "policy-diff")
    Membership.objects.filter(user=user).update(role=Role.BEHEERDER)
    page.goto(f"{page.base}/gemeente/GM0553/gebruikers/")
    check_accessibility(page, "members")


def test_the_register_walk_through(page, browser, live_server):
    """An employee files a signal, team veiligheid links it to a case and records a closure, the dashboard count
    rises once its year is over, the trail shows every step, and a lezer of the same municipality sees none of it."""
    import datetime as dt

    from ivb.register.models import AuditEvent, RegisterAccess

    users = get_user_model().objects
    area = Area.objects.get(code="GM0553")
    for name, role, grant in (("b-melder", Role.MELDER, None), ("b-team", Role.LEZER, RegisterAccess.Kind.TEAM),
                              ("b-privacy", Role.LEZER, RegisterAccess.Kind.PRIVACY), ("b-lezer", Role.LEZER, None)):
        user = users.create_user(name, password=PASSWORD)
        Membership.objects.create(user=user, municipality=area, role=role)
        if grant:
            RegisterAccess.objects.create(user=user, municipality=area, kind=grant)

    def as_user(name):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.goto(live_server.url + "/inloggen/")
        tab.get_by_label("Gebruikersnaam").fill(name)
        tab.get_by_label("Wachtwoord").fill(PASSWORD)
        tab.get_by_role("button", name="Inloggen").click()
        tab.wait_for_load_state()
        return context, tab

    year = dt.date.today().year
    context, tab = as_user("b-lezer")
    tab.goto(f"{live_server.url}/gemeente/GM0553/{year}/")
    closures = tab.locator("tr", has_text="Sluiting van panden - aantal").first
    assert "geen gegevens" in closures.inner_text()
    context.close()

    context, tab = as_user("b-melder")
    tab.goto(live_server.url + "/gemeente/GM0553/signalen/nieuw/")
    check_accessibility(tab, "register-intake")
    tab.get_by_label("Wat heeft u gezien?").fill("Nagelstudio zonder klanten, veel contant geld")
    tab.get_by_label("Wanneer (DD-MM-JJJJ)").fill(dt.date.today().strftime("%d-%m-%Y"))
    tab.get_by_label("Uw team").fill("Vergunningen")
    tab.get_by_role("button", name="Melden").click()
    tab.wait_for_url("**/signalen/mijn/")
    assert tab.get_by_text("Uw signaal is ontvangen").is_visible()
    context.close()

    context, tab = as_user("b-team")
    tab.goto(live_server.url + "/gemeente/GM0553/register/")
    check_accessibility(tab, "register-inbox")
    tab.get_by_role("link", name=re.compile(r"^S-\d+$")).first.click()
    tab.wait_for_url("**/register/signalen/*/")
    check_accessibility(tab, "register-signal")
    tab.get_by_label("Onderwerp van een nieuwe casus").fill("Nagelstudio Voorbeeld")
    tab.get_by_role("button", name="Koppelen").click()
    tab.wait_for_url("**/register/casussen/*/")
    tab.get_by_label("Nieuwe status").select_option("in onderzoek")
    tab.get_by_role("button", name="Wijzigen").click()
    tab.wait_for_load_state()
    tab.get_by_label("Soort").select_option("sluiting")
    tab.get_by_label("Grondslag").fill("Opiumwet art. 13b")
    tab.get_by_label("Besluitdatum (DD-MM-JJJJ)").fill(dt.date.today().strftime("%d-%m-%Y"))
    tab.get_by_label("Kenmerk besluit").fill("BW-2026-001")
    tab.get_by_role("button", name="Vastleggen").click()
    tab.wait_for_load_state()
    assert tab.get_by_role("cell", name="BW-2026-001").is_visible()
    tab.get_by_label("Notitie", exact=True).fill("Eigenaar gesproken; pand staat te koop")
    tab.get_by_role("button", name="Toevoegen").first.click()
    tab.wait_for_load_state()
    tab.get_by_label("Bestand").set_input_files({"name": "besluit.pdf", "mimeType": "application/pdf",
                                                 "buffer": b"%PDF-1.4 besluit"})
    tab.get_by_role("button", name="Toevoegen").nth(1).click()
    tab.wait_for_load_state()
    assert tab.get_by_role("link", name="besluit.pdf").is_visible()
    assert tab.get_by_text("pand staat te koop").is_visible()
    check_accessibility(tab, "register-case")
    tab.goto(live_server.url + "/gemeente/GM0553/register/zoeken/")
    tab.wait_for_url("**/register/bevestigen/*")
    check_accessibility(tab, "register-reauth")
    tab.get_by_label("Wachtwoord").fill(PASSWORD)
    tab.get_by_role("button", name="Bevestigen").click()
    tab.wait_for_url("**/register/zoeken/")
    tab.get_by_label("Naam, adres, bedrijf, KvK-nummer of woord").fill("Nagelstudio")
    tab.get_by_role("button", name="Zoeken").click()
    tab.wait_for_load_state()
    assert tab.get_by_role("link", name=re.compile(r"^C-\d+$")).count() == 1
    check_accessibility(tab, "register-search")
    context.close()

    context, tab = as_user("b-lezer")
    tab.goto(f"{live_server.url}/gemeente/GM0553/{year}/")
    closures = tab.locator("tr", has_text="Sluiting van panden - aantal").first
    # The year under way is not counted on the dashboard (ADR 0056); once it is over, the closure is.
    assert "geen gegevens" in closures.inner_text()
    from ivb.register.models import Measure

    Measure.objects.update(decision_date=dt.date(year - 1, 12, 1))
    from django.core.cache import cache

    cache.clear()  # an edit behind IVB's back does not change the data stamp the dashboard is cached on
    tab.goto(f"{live_server.url}/gemeente/GM0553/{year}/")
    closures = tab.locator("tr", has_text="Sluiting van panden - aantal").first
    assert "1" in closures.locator("td.value strong").inner_text()
    assert "Nagelstudio" not in tab.content()
    assert tab.goto(live_server.url + "/gemeente/GM0553/register/").status == 404
    context.close()

    context, tab = as_user("b-privacy")
    tab.goto(live_server.url + "/gemeente/GM0553/register/audit/")
    assert tab.get_by_text("keten intact").is_visible()
    check_accessibility(tab, "register-audit")
    context.close()
    kinds = set(AuditEvent.objects.values_list("action", "object_kind"))
    assert {("create", "signaal"), ("create", "casus"), ("transition", "signaal"), ("transition", "casus"),
            ("create", "maatregel"), ("view", "casus"), ("create", "notitie"), ("create", "bijlage"),
            ("reauth", "sessie"), ("search", "register")} <= kinds


def test_a_printed_indicator_page_unfolds_how_a_part_year_was_estimated(page):
    """A part year's method is folded away on screen (walk BC); paper cannot unfold it, and it names the monthly
    pattern, so printing opens the fold and closing the print dialog folds it again (review of 5 December)."""
    login(page)
    page.goto(page.base + "/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/")
    fold = page.locator("details.how")
    assert fold.locator("summary").inner_text() == "Hoe geschat: gelijke verdeling over de maanden"
    assert not page.get_by_text("Van deze cijfers is geen maandpatroon bekend.").is_visible()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.get_by_text("Van deze cijfers is geen maandpatroon bekend.").is_visible()
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert fold.evaluate("d => d.open") is False
