"""Every page type for every persona at a phone (390 × 844) and a laptop (1366 × 900): the page never scrolls
sideways, no two pieces of text in its tables and charts lie on top of each other, and axe finds nothing
serious; chart text is at least 12 px. Each page type also fits at 320 and 1920 px. One screenshot per page type and width is kept in
test-artifacts/matrix/, with two pages as printed.

One browser, one context per persona (logged in by session cookie), each page loaded once and measured at both
widths. Skipped when /usr/bin/chromium is missing, unless IVB_REQUIRE_BROWSER=1 (as in .ci/run)."""

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

import tests.browser  # noqa: F401 (skips this module without Chromium)
from ivb.accounts.models import Membership, Role
from ivb.store.models import Area
from tests.conftest import register_world

MATRIX = Path(__file__).parents[1] / "test-artifacts" / "matrix"
WIDTHS = ((390, 844), (1366, 900))
EDGES = ((320, 640), (1920, 1080))  # the narrowest and widest screens: fit and overlap only, once per page type
READERS = {"lezer", "analist", "coordinator", "beheerder", "team", "privacy"}
EVERYONE = READERS | {"melder"}

# Page type: (path, who may open it). {year}, {key}, {action} and so on are filled in from the demo.
PAGES = {
    "home": ("/", EVERYONE),
    "dashboard": ("/gemeente/GM0553/{year}/", READERS),
    "indicator": ("/gemeente/GM0553/{year}/indicator/{key}/", READERS),
    "policy": ("/gemeente/GM0553/beleid/", READERS),
    "policy-upload": ("/gemeente/GM0553/beleid/nieuwe-versie/", {"coordinator"}),
    "entry": ("/gemeente/GM0553/cijfers/nieuw/", {"analist", "coordinator"}),
    "import": ("/gemeente/GM0553/cijfers/importeren/", {"analist", "coordinator"}),
    "sources": ("/gemeente/GM0553/bronnen/", READERS),
    "peers": ("/gemeente/GM0553/vergelijking/", READERS),
    "plan": ("/gemeente/GM0553/jaarplan/{plan_year}/", READERS),
    "action": ("/gemeente/GM0553/acties/{action}/", READERS),
    "action-form": ("/gemeente/GM0553/jaarplan/{plan_year}/nieuw/", {"analist", "coordinator"}),
    "report": ("/gemeente/GM0553/rapport/{year}/", READERS),
    "members": ("/gemeente/GM0553/gebruikers/", {"beheerder"}),
    "own-account": ("/account/", EVERYONE),
    "signal-form": ("/gemeente/GM0553/signalen/nieuw/", EVERYONE),
    "my-signals": ("/gemeente/GM0553/signalen/mijn/", EVERYONE),
    "register-inbox": ("/gemeente/GM0553/register/", {"team"}),
    "register-signal": ("/gemeente/GM0553/register/signalen/{signal}/", {"team"}),
    "register-case": ("/gemeente/GM0553/register/casussen/{case}/", {"team"}),
    "register-search": ("/gemeente/GM0553/register/zoeken/", {"team"}),
    "register-audit": ("/gemeente/GM0553/register/audit/", {"privacy"}),
    "403": ("{forbidden}", EVERYONE),
    "404": ("/gemeente/GM0553/bestaat-niet/", EVERYONE),
}
PERSONAS = ("coordinator", "analist", "beheerder", "lezer", "melder", "team", "privacy")

# Chart text smaller than 12 px as drawn on the screen (its font size scaled by the picture's width).
SMALL_TEXT = """() => { const small = [];
  for (const svg of document.querySelectorAll('main svg.chart')) {
    if (!svg.getBoundingClientRect().width) continue;  // the page's other chart, for another width: not shown
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const t of svg.querySelectorAll('text')) {
      const size = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (size < 11.95) small.push(t.textContent.trim() + ' ' + size.toFixed(1) + 'px'); } }
  return small.slice(0, 5); }"""

# What sticks out furthest to the right, to say what makes a page too wide.
WIDEST = """() => { let best = null, right = 0;
  for (const el of document.body.querySelectorAll('*')) {
    const inFrame = el.parentElement && el.parentElement.closest('.scroll, figure.chart-box');
    if (inFrame && !['absolute', 'fixed'].includes(getComputedStyle(el).position)) continue;
    const r = el.getBoundingClientRect().right;
    if (r > right + 0.5) { right = r; best = el; } }
  return best ? best.tagName.toLowerCase() + (best.className ? '.' + best.className : '') + ' "' +
    (best.textContent || '').trim().slice(0, 30) + '"' : ''; }"""

# The page as axe sees it, without what differs per persona but not in kind: user names and form tokens.
# The text boxes of the main tables and charts (one per line of each text node, and each SVG <text>), and
# every pair of them that overlaps by more than a pixel each way. Text kept for screen readers only is skipped:
# in .sr-only, or in another box clipped to a pixel (a stacked table's column heads on a phone, ivb.css).
OVERLAPS = """() => {
  const boxes = [];
  const clipped = el => { for (let e = el; e; e = e.parentElement) { const s = getComputedStyle(e);
      if (s.position === 'absolute' && s.overflow === 'hidden' && e.getBoundingClientRect().width <= 1) return true; }
    return false; };
  const visible = el => el.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true}) &&
    !el.closest('.sr-only') && !clipped(el);
  for (const t of document.querySelectorAll('main table, main svg')) {
    if (t.tagName === 'svg') {
      for (const el of t.querySelectorAll('text')) if (el.textContent.trim() && visible(el))
        boxes.push({r: el.getBoundingClientRect(), text: el.textContent.trim(), owner: el});
      continue;
    }
    const walk = document.createTreeWalker(t, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (!n.textContent.trim() || !visible(n.parentElement)) continue;
      const range = document.createRange(); range.selectNodeContents(n);
      for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0)
        boxes.push({r, text: n.textContent.trim().slice(0, 40), owner: n});
    }
  }
  const found = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.owner === b.owner) continue;
    const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
    const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
    if (w > 1 && h > 1) found.push(a.text + ' / ' + b.text);
  }
  return found.slice(0, 5);
}"""


def _world(base):
    """The demo, the register's records and one user per persona; returns (users, the values for PAGES)."""
    from ivb.demo.load import load_demo
    from ivb.plan.services import create_action
    from ivb.register.models import RegisterAccess
    from ivb.store.reference import sync_reference_data

    sync_reference_data()
    load_demo()
    users, records = register_world("mx-")
    lisse = Area.objects.get(code="GM0553")
    for name, role in (("analist", Role.ANALIST), ("beheerder", Role.BEHEERDER)):
        users[name] = get_user_model().objects.create_user(f"mx-{name}")
        Membership.objects.create(user=users[name], municipality=lisse, role=role)
    assert RegisterAccess.objects.filter(user=users["team"], kind="ondermijning").exists()
    action = create_action(lisse, {"year": 2023, "priority_key": "cybercrime", "title": "Voorlichting cybercrime op scholen",
                                   "description": "Lessen in groep 8 en de brugklas", "owner": "Team veiligheid",
                                   "partners": ["Politie", "Jongerenwerk"], "due_quarter": 2}, priority_keys={"cybercrime"},
                           actor_name="test")
    values = {"plan_year": 2023, "action": action.pk, "signal": records["open_signal"].pk, "case": records["case"].pk}
    return {p: users[p] for p in PERSONAS}, values


def _context(browser, base, user):
    """A browser context logged in as `user` by session cookie, with a password confirmed a minute ago."""
    from ivb.register import reauth

    client = Client()
    client.force_login(user)
    session = client.session
    reauth.stamp(session, "GM0553", time.time() - 60)
    session.save()
    context = browser.new_context(viewport={"width": WIDTHS[0][0], "height": WIDTHS[0][1]}, locale="nl-NL")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base}])
    return context


def _check(tab, kind, label, shot, checked, first=""):
    """The checks at both widths; returns the problems found, as sentences. Axe (about a second a page) runs on
    each persona's own-account page, for its header and menu, and otherwise once per page type and width:
    personas see the same page types built from the same templates (`checked` holds what axe has seen)."""
    from axe_playwright_python.sync_playwright import Axe

    problems = []
    for width, height in EDGES if shot else ():
        tab.set_viewport_size({"width": width, "height": height})
        tab.wait_for_timeout(30)
        scroll = tab.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            problems.append(f"{label} at {width}px: the page is {scroll}px wide, by {tab.evaluate(WIDEST)}")
        problems += [f"{label} at {width}px: text overlaps: {pair}" for pair in tab.evaluate(OVERLAPS)]
        if width == 320:
            tab.screenshot(path=MATRIX / f"{shot}-{width}.png")  # the first screen: header and menu
    for width, height in WIDTHS:
        tab.set_viewport_size({"width": width, "height": height})
        tab.wait_for_timeout(30)  # the layout and the table frames' overflow cue settle
        where = f"{label} at {width}px"
        scroll = tab.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            problems.append(f"{where}: the page is {scroll}px wide, by {tab.evaluate(WIDEST)}")
        problems += [f"{where}: text overlaps: {pair}" for pair in tab.evaluate(OVERLAPS)]
        problems += [f"{where}: chart text below 12 px: {text}" for text in tab.evaluate(SMALL_TEXT)]
        if shot:
            tab.screenshot(path=MATRIX / f"{shot}-{width}.png", full_page=True)
        key = (width, first or kind)
        if key in checked:
            continue
        checked.add(key)
        violations = Axe().run(tab, ).response["violations"]
        problems += [f"{where}: axe {v['id']}: {v['help']} ({len(v['nodes'])}x)" for v in violations
                     if v["impact"] in ("serious", "critical")]
    return problems


def _print(browser, base, user, values):
    """The print style sheet on the annual plan and an indicator page: no header, menu, forms or buttons; the
    tables and the chart stay. Screenshots as printed."""
    problems = []
    context = _context(browser, base, user)
    tab = context.new_page()
    tab.emulate_media(media="print")
    for kind, path in (("plan", "/gemeente/GM0553/jaarplan/{plan_year}/"),
                       ("indicator", "/gemeente/GM0553/{year}/indicator/{key}/")):
        tab.goto(base + path.format(**values))
        tab.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
        shown = tab.evaluate("""() => [...document.querySelectorAll('header.top, nav.local, main form, main button')]
          .filter(el => el.checkVisibility()).map(el => el.tagName.toLowerCase() + '.' + el.className)""")
        if shown:
            problems.append(f"{kind} printed: still shows {shown}")
        if not tab.locator("main table").first.is_visible():
            problems.append(f"{kind} printed: no table")
        tab.screenshot(path=MATRIX / f"print-{kind}.png", full_page=True)
    context.close()
    return problems


def _without_script(browser, base, user, values):
    """Without JavaScript the menu stays open and the frames still scroll: the pages fit at 390 px all the same."""
    problems = []
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL", java_script_enabled=False)
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": base}])
    tab = context.new_page()
    for kind in ("dashboard", "indicator", "plan", "members"):
        tab.goto(base + PAGES[kind][0].format(**values))
        scroll = tab.evaluate("document.documentElement.scrollWidth")
        if scroll > 390:
            problems.append(f"{kind} without JavaScript at 390px: the page is {scroll}px wide")
        if not tab.locator("nav.local a").first.is_visible():
            problems.append(f"{kind} without JavaScript: the menu is closed")
    context.close()
    return problems


def test_it_fits_every_page_on_a_phone_and_a_laptop_for_every_persona(browser, live_server, transactional_db):
    MATRIX.mkdir(parents=True, exist_ok=True)
    started = time.time()
    users, values = _world(live_server.url)
    problems, shot, visited, checked = [], set(), 0, set()

    context = browser.new_context(viewport={"width": WIDTHS[0][0], "height": WIDTHS[0][1]}, locale="nl-NL")
    tab = context.new_page()
    tab.goto(live_server.url + "/inloggen/")
    problems += _check(tab, "login", "login", "login", checked)
    shot.add("login")
    context.close()

    for persona in PERSONAS:
        context = _context(browser, live_server.url, users[persona])
        tab = context.new_page()
        tab.goto(live_server.url + "/gemeente/GM0553/")
        if persona != "melder":
            values["year"] = tab.url.rstrip("/").rsplit("/", 1)[-1]
            values["key"] = tab.locator("main a[href*='/indicator/']").first.get_attribute("href").split("/")[-2]
        values["forbidden"] = ("/gemeente/GM0553/cijfers/nieuw/" if persona == "beheerder"
                               else "/gemeente/GM0553/gebruikers/")
        opened = {}  # the address each page type ended on: the start page may be the dashboard itself
        for kind, (path, allowed) in PAGES.items():
            if persona not in allowed:
                continue
            response = tab.goto(live_server.url + path.format(**values))
            expected = {"403": 403, "404": 404}.get(kind, 200)
            if response.status != expected:
                problems.append(f"{kind} as {persona}: status {response.status}, not {expected}")
                continue
            same = next((k for k, url in opened.items() if url == tab.url and expected == 200), None)
            opened[kind] = tab.url
            if same:  # checked a moment ago under another name
                for width, _height in WIDTHS:
                    if kind not in shot and (MATRIX / f"{same}-{width}.png").exists():
                        shutil.copy(MATRIX / f"{same}-{width}.png", MATRIX / f"{kind}-{width}.png")
                shot.add(kind)
                visited += 1
                continue
            problems += _check(tab, kind, f"{kind} as {persona}", None if kind in shot else kind, checked,
                               first=persona if kind == "own-account" else "")
            shot.add(kind)
            visited += 1
        context.close()

    problems += _print(browser, live_server.url, users["lezer"], values)
    problems += _without_script(browser, live_server.url, users["beheerder"], values)
    print(f"browser matrix: {visited} pages × {len(WIDTHS)} widths, axe {len(checked)}×, {time.time() - started:.0f} s")
    assert shot == set(PAGES) | {"login"}, f"page types never opened: {set(PAGES) - shot}"
    assert visited > 90
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
