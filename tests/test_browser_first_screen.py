"""The first screen of the Lisse dashboard answers "how are we doing?" (issue 13, item 1): at 1366×900 every
priority's name, status and newest figure lie inside the first viewport; at 390 px the tiles stack in one column
without widening the page. Screenshots of the first screen: test-artifacts/dashboard-first-screen-1366.png, -390.png; the whole page
-full-1366.png, the tiles at 390 px dashboard-tiles-390.png."""

import pytest
from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.cli import main
from ivb.store.models import Area
from tests.conftest import PASSWORD
import tests.browser  # noqa: F401 (skips this module without Chromium)
from tests.test_browser import ARTIFACTS, check_accessibility, login
from tests.test_picture_every_municipality import HLT

# What each tile must show, read from the page: the tile's heading, its status, its figure line.
TILE_PARTS = """[...document.querySelectorAll('ul.tiles > li')].map(t => ({
    kind: t.querySelector('.tile-kind').textContent.trim(),
    parts: ['h3', '.tile-head .status', '.tile-figure'].map(s => {
        const e = t.querySelector(s); const r = e.getBoundingClientRect();
        return {text: e.textContent.replace(/\\s+/g, ' ').trim(), bottom: r.bottom, right: r.right};
    })}))"""


@pytest.fixture
def lisse(live_server, transactional_db):
    from django.core.cache import cache

    from ivb.demo.load import load_demo
    from ivb.store.reference import sync_reference_data

    cache.clear()
    sync_reference_data()
    load_demo()
    assert main(["opendata", "import", str(HLT), "--table", "47018NED"]) == 0  # police open data to 2025
    user = get_user_model().objects.create_user("browser-analist", password=PASSWORD)
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=Role.ANALIST)
    return live_server


def _open(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 400 else 844}, locale="nl-NL")
    page = context.new_page()
    page.base = server.url
    login(page)
    # The year of the policy's own figures: later years of its 2020-2023 targets have no figures over 2023.
    page.goto(page.base + "/gemeente/GM0553/2019/")
    return context, page


def test_it_shows_every_priority_on_the_first_screen_at_1366(browser, lisse):
    context, page = _open(browser, lisse, 1366)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "dashboard-first-screen-1366.png")
    tiles = page.evaluate(TILE_PARTS)
    heading = page.get_by_role("heading", name="Hoe staat Lisse ervoor?").bounding_box()
    summary = page.locator(".verdicts").bounding_box()
    check_accessibility(page, "dashboard-first-screen-full-1366")  # the whole page, axe clean
    context.close()
    priorities = [t for t in tiles if t["kind"] == "Prioriteit"]
    assert [p["parts"][0]["text"] for p in priorities] == [
        "Ondermijning – (georganiseerde) ondermijnende criminaliteit", "(Woon)overlast en maatschappelijke onrust",
        "Cybercrime", "Jeugd en Veiligheid"]
    for tile in tiles:
        for part in tile["parts"]:
            assert part["text"] and part["bottom"] <= 900 and part["right"] <= 1366, (tile["parts"][0]["text"], part)
    statuses = [p["parts"][1]["text"] for p in priorities]
    assert statuses == ["niet te beoordelen", "risico", "op koers", "risico"]
    assert priorities[1]["parts"][2]["text"].startswith("69 Meldingen (woon) overlast")
    assert "2019 t/m september deel van het jaar" in priorities[1]["parts"][2]["text"]
    assert priorities[0]["parts"][2]["text"] == "nog geen cijfers"
    assert heading["y"] < summary["y"] < 900


def test_the_tiles_stack_in_one_column_on_a_phone(browser, lisse):
    context, page = _open(browser, lisse, 390)
    page.screenshot(path=ARTIFACTS / "dashboard-first-screen-390.png")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    lefts = page.evaluate("[...document.querySelectorAll('ul.tiles > li')].map(t => t.getBoundingClientRect().left)")
    page.locator("section.overview").screenshot(path=ARTIFACTS / "dashboard-tiles-390.png")
    context.close()
    assert overflow <= 0, f"de pagina is {overflow} px breder dan het scherm"
    assert len(lefts) == 6 and len(set(lefts)) == 1  # one column
