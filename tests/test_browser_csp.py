"""The Content-Security-Policy (issue 14, item 7): every page type the roles reach, rendered in real headless
Chromium with the policy in force, runs its scripts and styles without a single violation. A violation is caught
twice: Chromium's console message and the page's own `securitypolicyviolation` event."""

import tests.browser  # noqa: F401 (skips this module without Chromium)
from tests.conftest import PASSWORD
from tests.test_browser_reachability import NOT_PAGES, links_on, page_type
from tests.test_browser_reachability import world  # noqa: F401 (the fixture: demo, register records, actions)

FILES = NOT_PAGES | {"dashboard_download", "indicator_download", "peers_download", "sources_download",
                    "plan_download", "upload_problems", "set_language"}
ROLES = ("coordinator", "team", "privacy", "beheerder", "analist")
RECORD = """window.__csp = [];
document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber));"""


def _open(browser, base: str, name: str):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL")
    context.add_init_script(RECORD)
    tab = context.new_page()
    console = []
    tab.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    tab.goto(base + "/inloggen/")
    tab.get_by_label("Gebruikersnaam").fill(f"r-{name}")
    tab.get_by_label("Wachtwoord").fill(PASSWORD)
    tab.get_by_role("button", name="Inloggen").click()
    tab.wait_for_load_state("load")
    return context, tab, console


def _visit_every_page_type(browser, base: str, name: str) -> tuple[set[str], list[str]]:
    context, tab, console = _open(browser, base, name)
    violations, types, queue, seen, queued = [], set(), [tab.url], {tab.url}, set()
    while queue:
        url = queue.pop(0)
        response = tab.goto(url)
        tab.wait_for_load_state("load")
        assert "default-src 'self'" in (response.headers.get("content-security-policy") or ""), url
        violations += [f"{url}: {v}" for v in tab.evaluate("window.__csp")]
        types.add(page_type(tab.url))
        for link in links_on(tab.content(), tab.url):
            kind = page_type(link)
            if link.startswith(base) and link not in seen and kind and kind not in FILES | queued:
                seen.add(link)
                queued.add(kind)  # one page of each type
                queue.append(link)
    context.close()
    return types, violations + console


def test_it_renders_every_page_type_without_a_policy_violation(browser, world):  # noqa: F811 (pytest passes the imported fixture by name)
    reached = set()
    for name in ROLES:
        types, violations = _visit_every_page_type(browser, world, name)
        assert not violations, f"{name}: {violations}"
        reached |= types
    assert {"dashboard", "indicator", "series", "plan", "report", "members", "register_case", "register_audit",
            "observations_upload", "policy_upload", "peers", "sources"} <= reached


def test_it_notices_an_inline_style_so_the_check_above_can_fail(browser, world):  # noqa: F811 (pytest passes the imported fixture by name)
    context, tab, console = _open(browser, world, "analist")
    tab.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    tab.wait_for_timeout(200)
    assert any("style-src" in v for v in tab.evaluate("window.__csp")) and console
    context.close()
