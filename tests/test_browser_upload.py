"""A large upload in a real browser (issue 13): the progress script sends it, shows progress, and the grouped
problems replace the page as a normal post would. Screenshots at 390 and 1366 px in test-artifacts/."""

from pathlib import Path

import pytest

from ivb.accounts.models import Role
from ivb.store.models import ImportBatch, Observation

import tests.browser  # noqa: F401 (skips this module without Chromium)
from tests.browser import demo_user, log_in

ARTIFACTS = Path(__file__).parents[1] / "test-artifacts"


@pytest.fixture
def analyst(live_server, transactional_db):
    demo_user("browser-analist", Role.ANALIST)
    return live_server.url


@pytest.mark.parametrize("width,height", [(390, 844), (1366, 900)])
def test_it_shows_progress_and_then_the_grouped_problems(browser, analyst, tmp_path, width, height):
    big = tmp_path / "groot.csv"
    big.write_text("gebied;reeks;periode;waarde;status;bron\n" + "GM0553;politie.geweld;2013;70;definitief;Politie\n" * 25_000)
    assert big.stat().st_size > 1024 * 1024  # large enough for the script to send it itself
    before = (Observation.objects.count(), ImportBatch.objects.count())
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    page = context.new_page()
    log_in(page, analyst, "browser-analist")
    page.goto(analyst + "/gemeente/GM0553/cijfers/importeren/")
    page.evaluate("""() => { window.seen = []; const s = document.querySelector('.upload-progress [role=status]');
        new MutationObserver(() => window.seen.push(s.textContent)).observe(s, {childList: true, characterData: true,
        subtree: true}); }""")
    page.get_by_label("Bestand (CSV of XLSX)").set_input_files(str(big))
    page.get_by_role("button", name="Importeren").click()
    page.get_by_role("heading", name="Het bestand is niet geïmporteerd").wait_for(timeout=60_000)
    seen = page.evaluate("window.seen || []")
    assert any(t.startswith("Bezig met uploaden") and "MB" in t for t in seen), seen
    assert "Bezig met controleren…" in seen, seen
    row = page.get_by_role("row", name="24.999× dubbele regel rij 3 t/m 25001")
    assert row.is_visible()
    assert page.get_by_role("link", name="download als CSV").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"upload-grouped-{width}.png", full_page=True)
    assert (Observation.objects.count(), ImportBatch.objects.count()) == before
    context.close()
