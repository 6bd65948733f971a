"""Every lint or type-check suppression says why, on its own line (ADR 0028): a bare marker hides a finding
without telling the next reader whether it still holds. Ruff checks that each names its code (PGH) and
still suppresses something (RUF100); this checks the reason."""

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
NOQA, IGNORE = "# no" + "qa", "# type: " + "ignore"  # split, so this file does not hold a marker itself
MARKER = re.compile(r"#\s*(?:noqa|type:\s*ignore)"
                    r"(?::\s*[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*|\[[a-z-]+(?:,\s*[a-z-]+)*\])?(?P<rest>.*)$")


def bare_markers(text: str) -> list[int]:
    """The line numbers of markers with no words after their codes."""
    found = ((number, MARKER.search(line)) for number, line in enumerate(text.splitlines(), 1))
    return [number for number, m in found if m and not re.search(r"[A-Za-z]{3}", m["rest"])]


def test_it_tells_a_marker_with_a_reason_from_a_bare_one():
    text = (f"import a  {NOQA}: F401\n"
            f"x = f()  {IGNORE}[arg-type]\n"
            f"import b  {NOQA}: F401 (registers the converters)\n"
            f"y = g()  {IGNORE}[arg-type]  # each rule pairs a model with its activity\n"
            f"import c  {NOQA}\n")
    assert bare_markers(text) == [1, 2, 5]


def test_it_finds_a_reason_beside_every_marker_in_the_code():
    files = [p for folder in ("src", "tests") for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts]
    bare = [f"{p.relative_to(ROOT)}:{n}" for p in files for n in bare_markers(p.read_text(encoding="utf-8"))]
    assert bare == []
