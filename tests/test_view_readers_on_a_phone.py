"""Findings of an accessibility walk on a phone: a heading that says what the page is, without the CBS code; the
comparison page counting the neighbours without the municipality itself and showing the chosen neighbours'
administration only to those who may change it; a focus ring that shows on the dark-blue header; the phone's
chart fitting a 320 px screen."""

import re
from pathlib import Path

import pytest

from ivb.accounts.models import Role
from ivb.store.areas import peer_groups
from ivb.store.models import Area, ChosenNeighbour
from tests.conftest import _user, text

CSS = (Path(__file__).parents[1] / "src" / "ivb" / "web" / "static" / "ivb" / "ivb.css").read_text()


def test_it_heads_the_policy_page_with_what_it_is_and_no_code(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    page = text(client.get("/gemeente/GM0553/beleid/"))
    heading = re.search(r"<h1>(.*?)</h1>", page).group(1)
    assert heading == "Beleid – Lisse"
    assert "<title>Beleid – Lisse – IVB</title>" in page


def test_it_counts_the_neighbours_without_the_municipality_itself(client, demo, lisse_reader):
    near = {g.kind: g for g in peer_groups(Area.objects.get(code="GM0553"), 2019)}["buren"]
    # The comparison includes Lisse; its neighbours are those it shares a border with on CBS's map.
    assert [a.name for a in near.members] == ["Lisse", "Haarlemmermeer", "Hillegom", "Noordwijk", "Teylingen"]
    assert near.count == 4
    client.force_login(lisse_reader)
    page = text(client.get("/gemeente/GM0553/vergelijking/"))
    assert "buurgemeenten: 4 gemeenten" in page and "buurgemeenten: 5" not in page


def test_it_counts_the_other_groups_with_the_municipality_in_them(demo):
    groups = {g.kind: g for g in peer_groups(Area.objects.get(code="GM0553"), 2019)}
    for kind in ("eenheid", "provincie"):
        assert groups[kind].count == len(groups[kind].members), kind


def test_it_shows_a_reader_the_groups_without_the_administration_of_chosen_neighbours(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    page = text(client.get("/gemeente/GM0553/vergelijking/"))
    assert "Vergelijkingsgroepen van Lisse" in page and "vergelijking/download.csv" in page
    for hidden in ("Gekozen buurgemeenten", "Nog geen gekozen buurgemeenten.", "Toegevoegd", "Verwijderd",
                   'name="add"', "Buurgemeente toevoegen"):
        assert hidden not in page, hidden
    # The page hides the form; the view still refuses a change.
    assert client.post("/gemeente/GM0553/vergelijking/", {"add": "Katwijk"}).status_code == 403
    assert not ChosenNeighbour.objects.exists()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ANALIST, Role.BEHEERDER])
def test_it_shows_who_may_change_them_the_chosen_neighbours(client, demo, role):
    client.force_login(_user(f"walk-{role}", role, "GM0553"))
    page = text(client.get("/gemeente/GM0553/vergelijking/"))
    assert "<h2>Gekozen buurgemeenten</h2>" in page and "Nog geen gekozen buurgemeenten." in page
    assert 'name="add"' in page
    assert client.post("/gemeente/GM0553/vergelijking/", {"add": "Katwijk"}).status_code == 302
    page = text(client.get("/gemeente/GM0553/vergelijking/"))
    assert "Katwijk (GM0537)" in page and 'name="remove" value="GM0537"' in page


def _rule(selector: str) -> str:
    found = re.search(r"(?:^|[}\n])\s*" + re.escape(selector) + r"\s*\{([^}]*)\}", CSS)
    assert found, selector
    return re.sub(r"\s+", " ", found.group(1))


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        digits = colour.lstrip("#")
        digits = "".join(d * 2 for d in digits) if len(digits) == 3 else digits
        channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _token(name: str) -> str:
    value = re.search(r"--" + re.escape(name) + r":\s*([^;]+);", CSS).group(1).strip()
    inner = re.fullmatch(r"var\(--([\w-]+)\)", value)
    return _token(inner.group(1)) if inner else value


def test_the_focus_ring_on_the_dark_blue_header_stands_out_from_it():
    assert "var(--accent)" in _rule(".top")  # the header's background
    header = _token("accent")
    assert _contrast(_token("utrecht-focus-outline-color"), header) < 3  # the black ring: why the header needs its own
    ring = _rule(".top :focus, .top :focus-visible")
    colour = re.fullmatch(r" ?outline-color: var\(--([\w-]+)\); ?", ring).group(1)
    assert _contrast(_token(colour), header) >= 3
    button = _rule(".top button:focus")  # a focused header button: dark text on the yellow band, as a link
    background = re.search(r"background: var\(--([\w-]+)\)", button).group(1)
    text_colour = re.search(r"(?<![-\w])color: var\(--([\w-]+)\)", button).group(1)
    assert _contrast(_token(text_colour), _token(background)) >= 4.5


def test_the_phones_chart_shrinks_to_a_narrow_screen_by_its_view_box(client, demo, lisse_reader):
    narrow = _rule("svg.chart.narrow")
    assert "width: 100%" in narrow and "max-width: 340px" in narrow and "height: auto" in narrow
    client.force_login(lisse_reader)
    page = text(client.get("/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/"))
    svg = re.search(r'<svg class="chart narrow"[^>]*>', page).group(0)
    assert re.search(r'viewBox="0 0 340 \d+"', svg) and 'width="340"' in svg
