"""The dashboard of a joint policy with the monitored set, context and region figures, in headless Chromium at a
laptop's and a phone's width: nothing wider than the screen, no serious accessibility problem. Screenshots in
test-artifacts/ (dashboard-monitored-1366.png, -390.png)."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.cli import main
from ivb.store.models import Area
from tests.conftest import PASSWORD
import tests.browser  # noqa: F401 (skips this module without Chromium)
from tests.test_browser import check_accessibility, login
from tests.test_picture_every_municipality import HLT, JOINT, population


@pytest.mark.parametrize("width", [1366, 390])
def test_the_dashboard_with_monitored_series_fits_the_screen(browser, live_server, transactional_db, tmp_path, width):
    from django.core.cache import cache

    from ivb.store.reference import sync_reference_data

    cache.clear()
    sync_reference_data()
    assert main(["opendata", "import", str(HLT), "--table", "47018NED"]) == 0
    path = Path(tmp_path) / "beleid.yaml"
    path.write_text(JOINT, encoding="utf-8")
    assert main(["policy", "import", str(path)]) == 0
    population("GM0534", {2020: 22_100, 2021: 22_050, 2022: 21_990, 2023: 21_900})
    user = get_user_model().objects.create_user("browser-analist", password=PASSWORD)
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0534"), role=Role.ANALIST)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.base = live_server.url
    login(page)
    page.goto(page.base + "/gemeente/GM0534/2023/")
    assert page.get_by_role("heading", name="Gevolgde cijfers van politie en CBS").is_visible()
    assert page.get_by_text("Het aantal inwoners in Hillegom nam af").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    wide = page.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right
        > window.innerWidth + 1 && !e.closest('.scroll')).slice(0, 5).map(e => e.tagName + '.' + e.className + ' '
        + (e.textContent || '').trim().slice(0, 40))""")
    # The status of every indicator row is on the screen without scrolling the table sideways.
    statuses = page.evaluate("""[...document.querySelectorAll('table.dash tbody tr .status')].map(s =>
        s.getBoundingClientRect().right)""")
    check_accessibility(page, f"dashboard-monitored-{width}")
    context.close()
    assert overflow <= 0, f"de pagina is {overflow} px breder dan het scherm: {wide}"
    assert statuses and max(statuses) <= width, f"een stand staat buiten beeld: {statuses}"
