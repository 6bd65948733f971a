"""The council report as its readers see it, from a user test on the demo (`ivb demo load`) report of 2023: the
charts on a phone, the headings at the foot of a PDF page, the contents' links in the reading view."""

import re
import shutil
import subprocess
from contextlib import contextmanager

import pytest

from ivb.accounts.models import Role
from ivb.cli import main
from tests.conftest import _user

READING_VIEW = "/gemeente/GM0553/rapport/2023/html/?lezen=1"
SITE = "http://ivb.test"  # the reading view's response, served to Chromium with its own headers (its CSP too)


def _words(text: str) -> str:
    return " ".join(text.replace("\u2022", " ").split())  # without the bullets pdftotext puts before list items


def _report(tmp_path, fmt: str):
    path = tmp_path / f"lisse-2023.{fmt}"
    assert main(["report", "GM0553", "2023", "--format", fmt, "-o", str(path)]) == 0
    return path


def _pdf_pages(path) -> list[str]:
    """The text of each page of the PDF, as pdftotext (poppler-utils) reads it, whitespace folded."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from pypdf import PdfReader

    return [_words(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], check=True,
                                  capture_output=True, text=True).stdout)
            for n in range(1, len(PdfReader(path).pages) + 1)]


def _reading_view(client) -> bytes:
    """The draft's reading view as the web app serves it, with its headers (its CSP too)."""
    client.force_login(_user("coordinator-layout", Role.COORDINATOR, "GM0553"))
    response = client.get(READING_VIEW)
    assert response.status_code == 200 and "Content-Security-Policy" in response
    return response


@contextmanager
def _phone(response, width: int):
    """Chromium showing `response` at `width` px. Started after the database work: while Playwright's event loop
    runs, Django opens a second SQLite connection, which the module's demo transaction locks out."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, FLAGS  # skips the test when Chromium is missing

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": width, "height": 844})
        page.route(f"{SITE}/**", lambda route: route.fulfill(status=200, headers=dict(response.items()),
                                                             body=response.content))
        page.goto(SITE + READING_VIEW)
        try:
            yield page
        finally:
            browser.close()


SHOWN_CHARTS = """() => [...document.querySelectorAll('svg.chart')].filter(s => s.getBoundingClientRect().width > 0)
  .map(s => { const r = s.getBoundingClientRect(), drawn = s.viewBox.baseVal.width;
    return {narrow: s.classList.contains('narrow'), drawn, left: r.left, right: r.right,
            text: Math.min(...[...s.querySelectorAll('text')].map(t => +t.getAttribute('font-size'))) * r.width / drawn}; })"""


def test_a_phone_shows_each_chart_drawn_for_its_width_with_12_px_text(complete, db, client):
    """At 390 px the 640 px charts were shrunk to 358 px, their 12 px labels to 6,7 px: a phone gets the chart
    drawn 340 px wide, as on the web app's indicator pages, at its own size; a laptop keeps the wide one."""
    response = _reading_view(client)
    charts = response.content.decode().count('<svg class="chart"')
    assert charts >= 3  # the demo's three indicators with figures
    with _phone(response, 390) as page:
        seen = page.evaluate(SHOWN_CHARTS)
        assert len(seen) == charts and all(c["narrow"] and c["drawn"] == 340 for c in seen), seen
        assert all(c["text"] >= 12 and c["left"] >= 0 and c["right"] <= 390 for c in seen), seen
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing pushes the page sideways
        page.set_viewport_size({"width": 1280, "height": 844})
        seen = page.evaluate(SHOWN_CHARTS)
        assert len(seen) == charts and not any(c["narrow"] for c in seen), seen
        assert all(c["text"] >= 12 for c in seen), seen


def test_the_html_holds_a_phones_chart_beside_each_chart_and_the_pdf_only_the_wide_one(complete, db, tmp_path,
                                                                                        capsys):
    html = _report(tmp_path, "html").read_text(encoding="utf-8")
    wide = re.findall(r'<svg class="chart" [^>]*viewBox="0 0 640 \d+"[^>]*aria-label="([^"]+)"', html)
    narrow = re.findall(r'<svg class="chart narrow" [^>]*viewBox="0 0 340 \d+" width="340"[^>]*aria-label="([^"]+)"',
                        html)
    assert len(wide) >= 3 and narrow == wide  # each chart twice, the phone's right after the wide one
    # The PDF is printed: each chart once, wide (its legend's first entry is in every chart).
    pages = _pdf_pages(_report(tmp_path, "pdf"))
    assert sum(p.count("cijfer per jaar") for p in pages) == len(wide)


HEADINGS = {"h1", "h2", "h3", "h4"}
BLOCKS = HEADINGS | {"p", "li", "dt", "dd", "th", "td"}


def _blocks(html: str) -> list[tuple[str, str, str]]:
    """The report's blocks of text that the PDF prints, in order: (tag, class, text)."""
    from weasyprint import HTML

    found = []

    def walk(element, inside: bool) -> None:
        if "cue" in (element.get("class") or "").split():  # a hint for a phone's screen, not printed
            return
        block = element.tag in BLOCKS and not inside
        if block and _words("".join(element.itertext())):
            found.append((element.tag, element.get("class") or "", _words("".join(element.itertext()))))
        for child in element:
            walk(child, inside or block)

    walk(HTML(string=html).etree_element, False)
    return found


def test_no_heading_ends_a_page_of_the_pdf(complete, db, tmp_path, capsys):
    """"Veiligheidsbeleving" and its line of themes "1.4 Subjectieve veiligheid" ended page 8, their text began page
    9. Each heading (and a theme's line under its heading) is on the page where the text it heads begins."""
    blocks = _blocks(_report(tmp_path, "html").read_text(encoding="utf-8"))
    pages = _pdf_pages(_report(tmp_path, "pdf"))
    stranded = []
    for before, (tag, css, words), (_tag, _css, following) in zip([None, *blocks], blocks, blocks[1:], strict=False):
        themes = tag == "p" and "meta" in css.split() and before is not None and before[0] == "h3"
        if tag in HEADINGS or themes:
            together = f"{words} {' '.join(following.split()[:3])}"
            if not any(together in page for page in pages):
                stranded.append(f"{words!r} on page(s) {[n for n, p in enumerate(pages, 1) if words in p]}, "
                                f"{following[:40]!r} after it")
    assert not stranded, stranded
    themes = next(page for page in pages if "Veiligheidsbeleving 1.4 Subjectieve veiligheid" in page)
    assert "1.4 Subjectieve veiligheid Er bestaat een continu spanningsveld" in themes


def _contrast(rgb: str, background: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(v) / 255 for v in re.findall(r"\d+", colour)[:3]]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(rgb), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contents_of_the_reading_view_are_links_that_look_like_links(complete, db, client):
    """The contents' links read as black text: on screen they are underlined, in a colour of their own that
    contrasts 4,5:1 or more with the page, a finger's width apart."""
    with _phone(_reading_view(client), 390) as page:
        links = page.evaluate("""() => [...document.querySelectorAll('nav.toc a')].map(a => {
          const s = getComputedStyle(a), r = a.getBoundingClientRect();
          let e = a, background = 'rgba(0, 0, 0, 0)';
          while (e && background === 'rgba(0, 0, 0, 0)') { background = getComputedStyle(e).backgroundColor; e = e.parentElement; }
          return {text: a.textContent, colour: s.color, underline: s.textDecorationLine.includes('underline'),
                  background: background === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : background,
                  body: getComputedStyle(document.body).color, middle: r.top + r.height / 2}; })""")
    assert len(links) >= 7 and links[0]["text"] == "Samenvatting"
    for link in links:
        assert link["underline"], link
        assert link["colour"] != link["body"], link  # not the colour of the text around it
        assert _contrast(link["colour"], link["background"]) >= 4.5, link
    assert all(b["middle"] - a["middle"] >= 24 for a, b in zip(links, links[1:], strict=False)), links  # WCAG 2.5.8
