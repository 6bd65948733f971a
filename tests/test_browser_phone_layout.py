"""What a walk at phone width (390 × 844) found out of reach, measured in real headless Chromium: the users
page's buttons ran off the screen, the provenance of a figure was cut mid-word, the dashboard's badges "deel
van het jaar" and "voorlopig" were cut at the edge of their table's frame. Each stays inside the screen now, and the laptop (1366 px) keeps its table.
Screenshots in test-artifacts/phone-layout/.

Skipped when /usr/bin/chromium is missing, unless IVB_REQUIRE_BROWSER=1 (as in .ci/run)."""

from pathlib import Path

import pytest

import tests.browser  # noqa: F401 (skips this module without Chromium)
from ivb.accounts.models import Role
from tests.browser import demo_user, log_in

ARTIFACTS = Path(__file__).parents[1] / "test-artifacts" / "phone-layout"

# Each element matching `selector` inside main whose right edge lies beyond the screen or beyond the visible part
# of the table frame (.scroll) around it: what a finger cannot reach or an eye cannot read without scrolling.
OUT_OF_VIEW = """(selector) => {
  const out = [];
  for (const el of document.querySelectorAll('main ' + selector)) {
    const r = el.getBoundingClientRect();
    if (!r.width) continue;
    const frame = el.closest('.scroll');
    const edge = Math.min(document.documentElement.clientWidth, frame ? frame.getBoundingClientRect().right : Infinity);
    if (r.right > edge + 0.5 || r.left < -0.5)
      out.push(el.textContent.replace(/\\s+/g, ' ').trim() + ': ' + Math.round(r.left) + '–' + Math.round(r.right) +
               ' (visible to ' + Math.round(edge) + ')');
  }
  return out; }"""


@pytest.fixture
def tab(browser, live_server, transactional_db):
    """Opens a page for a new user with `role` in Lisse, logged in, at `width`; Lisse has its demo and the users
    of a municipality: a raadslid (lezer) and a team member with register access beside the beheerder."""
    from django.contrib.auth import get_user_model

    from ivb.accounts.models import Membership
    from ivb.demo.load import load_demo
    from ivb.register.models import RegisterAccess
    from ivb.store.models import Area
    from ivb.store.reference import sync_reference_data

    sync_reference_data()
    load_demo()
    lisse = Area.objects.get(code="GM0553")
    for name, role in (("p-raadslid", Role.LEZER), ("p-team", Role.LEZER), ("p-adviseur", Role.ANALIST)):
        Membership.objects.create(user=get_user_model().objects.create_user(name), municipality=lisse, role=role)
    RegisterAccess.objects.create(user=get_user_model().objects.get(username="p-team"), municipality=lisse,
                                  kind="ondermijning")

    def open_as(name, role, width):
        demo_user(name, role)
        context = browser.new_context(viewport={"width": width, "height": 844 if width < 500 else 900}, locale="nl-NL")
        contexts.append(context)
        page = context.new_page()
        log_in(page, live_server.url, name)
        page.base = live_server.url
        return page

    contexts = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield open_as
    for context in contexts:
        context.close()


def test_a_beheerder_reaches_every_users_actions_on_a_phone(tab):
    page = tab("p-beheerder", Role.BEHEERDER, 390)
    page.goto(page.base + "/gemeente/GM0553/gebruikers/")
    page.screenshot(path=ARTIFACTS / "members-390.png", full_page=True)
    buttons = page.locator("main table button")
    names = buttons.all_text_contents()
    assert any("Nieuw eenmalig wachtwoord" in n for n in names) and any("Rol intrekken" in n for n in names)
    assert any("team ondermijning geven" in n for n in names)
    assert page.evaluate(OUT_OF_VIEW, "table button") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    frame = page.evaluate("() => { const f = document.querySelector('main table.members').closest('.scroll');"
                          " return f.scrollWidth - f.clientWidth; }")
    assert frame <= 1, f"the users table still scrolls sideways by {frame}px"
    # Each user a card: the name first, the role beside it, the actions under them, each under its column's name.
    card = page.evaluate("""() => { const row = [...document.querySelectorAll('main table.members tbody tr')]
        .find(tr => tr.querySelector('th').textContent.trim() === 'p-raadslid');
      const top = el => el.getBoundingClientRect().top;
      const reset = row.querySelector('button[name=reset]'), revoke = row.querySelector('button[name=revoke]');
      return {rowHeight: row.getBoundingClientRect().height, under: top(reset) > top(row.querySelector('th')) &&
              top(revoke) > top(reset), label: getComputedStyle(reset.closest('td'), '::before').content}; }""")
    assert card["under"], card
    assert "Wachtwoord" in card["label"], card
    # Every button keeps a finger's height.
    assert min(page.evaluate("() => [...document.querySelectorAll('main table button')]"
                             ".map(b => b.getBoundingClientRect().height)")) >= 36


def test_the_users_table_stays_a_table_on_a_laptop(tab):
    page = tab("p-beheerder", Role.BEHEERDER, 1366)
    page.goto(page.base + "/gemeente/GM0553/gebruikers/")
    page.screenshot(path=ARTIFACTS / "members-1366.png", full_page=True)
    assert page.evaluate("getComputedStyle(document.querySelector('main table.members tr')).display") == "table-row"
    assert page.locator("main table.members thead th", has_text="Wachtwoord").is_visible()
    assert page.evaluate(OUT_OF_VIEW, "table button") == []
    # Side by side: each user's actions on the user's own line.
    tops = page.evaluate("""() => { const row = [...document.querySelectorAll('main table.members tbody tr')]
        .find(tr => tr.querySelector('th').textContent.trim() === 'p-raadslid');
      return [row.querySelector('th'), row.querySelector('button[name=revoke]')].map(e => e.getBoundingClientRect().top); }""")
    assert abs(tops[0] - tops[1]) < 20, tops


def test_the_figures_history_stacks_on_a_phone_with_all_its_provenance(tab):
    """'Cijfers en herkomst' at 390 px: the column Herkomst was cut mid-word and each row was ~280 px tall. Now the
    provenance stands under the figure at the full width: all of it readable, no frame to scroll."""
    page = tab("p-lezer", Role.LEZER, 390)
    page.goto(page.base + "/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/")
    seen = page.evaluate("""() => {
      const table = document.querySelector('main table.history'), frame = table.closest('.scroll');
      const rows = [...table.querySelectorAll('tbody tr')];
      const cell = rows[0].querySelector('td.origin');
      return {text: cell.textContent, ems: cell.getBoundingClientRect().width / parseFloat(getComputedStyle(cell).fontSize),
              right: Math.max(...rows.map(r => r.querySelector('td.origin').getBoundingClientRect().right)),
              scrolls: frame.scrollWidth - frame.clientWidth, page: document.documentElement.scrollWidth,
              tallest: Math.max(...rows.map(r => r.getBoundingClientRect().height))}; }""")
    assert "Bestuurlijke 12-maandsrapportage 2014" in seen["text"]
    assert seen["ems"] >= 20, f"the provenance is {seen['ems']:.1f} em wide"
    assert seen["scrolls"] <= 1 and seen["page"] <= 390 and seen["right"] <= 390
    assert seen["tallest"] < 240, f"a row is {seen['tallest']:.0f} px tall"
    assert page.evaluate(OUT_OF_VIEW, "table.history td, table.history th, table.history .tag") == []
    page.locator("main table.history").screenshot(path=ARTIFACTS / "indicator-history-390.png")


def test_the_dashboards_badges_lie_inside_their_table_frame_on_a_phone(tab):
    page = tab("p-lezer", Role.LEZER, 390)
    page.goto(page.base + "/gemeente/GM0553/2019/")
    tags = page.locator("main table.dash .tag").all_text_contents()
    assert "deel van het jaar" in tags and "voorlopig" in tags
    assert page.evaluate(OUT_OF_VIEW, "table.dash .tag") == []
    # Each row a card: the target in view beside the status, no frame to scroll (walk AH: "Doel" was off-screen).
    assert page.evaluate(OUT_OF_VIEW, "table.dash td.target, table.dash td.stand, table.dash td.value") == []
    assert page.evaluate("""() => Math.max(...[...document.querySelectorAll('main table.dash')].map(
      t => t.closest('.scroll').scrollWidth - t.closest('.scroll').clientWidth))""") <= 1
    assert any("lager dan 80 in 2023" in t for t in page.locator("main table.dash td.target").all_inner_texts())
    page.locator("main table.dash").first.screenshot(path=ARTIFACTS / "dashboard-table-390.png")


def test_a_badge_in_a_narrow_column_breaks_between_words_not_inside_one(tab):
    """A phone walk of 4 December: in the side-by-side table of a series page the badge "voorlopig" broke into
    "voorlopi / g" (the badge allowed a break anywhere, so the column shrank below the word)."""
    from ivb.cli import main
    from ivb.store.models import Series

    opendata = Path(__file__).parent / "data" / "opendata" / "47018NED_HLT_2012-2025.csv"
    assert main(["opendata", "import", str(opendata), "--table", "47018NED", "--area", "GM0553"]) == 0
    page = tab("p-lezer", Role.LEZER, 390)
    pk = Series.objects.get(key="politie.woninginbraken").pk
    page.goto(page.base + f"/gemeente/GM0553/reeksen/{pk}/?jaar=2019")
    badges = page.locator("main .tag", has_text="voorlopig")
    assert badges.count() > 0
    for i in range(badges.count()):
        badge = badges.nth(i)
        height = badge.evaluate("el => el.getBoundingClientRect().height")
        size = badge.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
        assert height < 2 * size, (badge.text_content(), height, size)  # one line, not two
    assert page.evaluate(OUT_OF_VIEW, ".tag") == []


def test_a_reporters_signals_are_cards_on_a_phone(tab):
    """Walk of 4 December: on a phone the column "Wat" of Mijn signalen was squeezed to a word a line, and cut."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from ivb.register.services import file_signal
    from ivb.store.models import Area

    page = tab("p-melder", Role.MELDER, 390)
    melder = get_user_model().objects.get(username="p-melder")
    file_signal(Area.objects.get(code="GM0553"), melder, team="Handhaving", observed_on=dt.date.today(),
                what="Een loods achter de bollenschuur waar dag en nacht licht brandt en het naar hennep ruikt")
    page.goto(page.base + "/gemeente/GM0553/signalen/mijn/")
    what = page.locator("main table td.text").first
    assert what.bounding_box()["width"] > 300  # the whole width of the card, not a squeezed column
    assert page.evaluate(OUT_OF_VIEW, "table td") == []
    page.screenshot(path=ARTIFACTS / "my-signals-390.png", full_page=True)


def test_the_trend_statistics_keep_their_values_readable_with_text_at_200_percent(tab):
    """axe walk of 4 December: on a phone with the text enlarged to 200%, the values of "Trend" (+2,4% (90%-interval
    …)) had a column of no width, one character a line, and the page scrolled sideways."""
    page = tab("p-groot", Role.LEZER, 390)
    # The reader's text size at 200% (the browser's default font, which rem and the media queries follow).
    page.context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    page.goto(page.base + "/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/")
    value = page.locator("dl.stats dd").first
    assert value.bounding_box(timeout=5000)["width"] > 200
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("width", [390, 1366])
def test_the_annual_plan_shows_each_actions_status_on_a_phone_and_a_table_on_a_laptop(tab, width):
    """Walk V: at 390 px the plan's Gereed and Status were behind a sideways scroll; now a card per action. And the
    stacked tables (this one, Mijn signalen, the audit trail) were drawn as a grid beside their own header on a
    laptop, by a rule for div.cards that also took table.cards."""
    from ivb.plan.services import create_action
    from ivb.store.models import Area

    create_action(Area.objects.get(code="GM0553"), {"year": 2021, "title": "Voorlichting cybercrime op scholen",
                                                    "priority_key": "cybercrime", "owner": "Team veiligheid",
                                                    "partners": ["Politie", "HALT"], "due_quarter": 2},
                  actor_name="test")
    page = tab("p-plan-lezer", Role.LEZER, width)
    page.goto(page.base + "/gemeente/GM0553/jaarplan/2021/")
    table = page.locator("main table.plan").first
    assert table.evaluate("el => getComputedStyle(el).display") == ("block" if width < 500 else "table")
    assert page.locator("main table.plan td", has_text="gepland").first.is_visible()
    assert page.evaluate(OUT_OF_VIEW, "table.plan td") == []
    page.goto(page.base + "/gemeente/GM0553/signalen/mijn/")
    if width > 500:
        assert page.locator("main table.cards").first.evaluate("el => getComputedStyle(el).display") == "table"
    page.screenshot(path=ARTIFACTS / f"plan-{width}.png", full_page=True)


def test_the_reports_line_of_targets_stacks_on_a_phone_with_the_status_in_view(tab):
    """Walks BN and BO: in the report's reading view at 390 px, "De doelen op een rij" put the status, the column a
    council member reads it for, off-screen to the right. Each target now stacks, every cell under its label."""
    page = tab("p-rapport", Role.ANALIST, 390)
    page.goto(page.base + "/gemeente/GM0553/rapport/2019/html/?lezen")
    assert page.evaluate(OUT_OF_VIEW, "table.targets td, table.targets th") == []
    status = page.locator("main table.targets tbody tr:not(.part) td").nth(2)
    assert status.evaluate("el => getComputedStyle(el, '::before').content") == '"Stand: "'
    assert status.inner_text() == "op koers (voor 2023)" and status.is_visible()
    page.locator("main table.targets").screenshot(path=ARTIFACTS / "report-targets-390.png")
