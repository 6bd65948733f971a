"""`ivb policy new`: a policy file to fill in, with the Kernbeleid Veiligheid's fields and themes as headings.

The skeleton validates as it is written, so an advisor can check each step while filling it in; comments say
what belongs where. Placeholders read "in te vullen", so a file imported unfilled shows that on every page.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
import re

from ivb.domain import catalogue
from ivb.domain.i18n import _
from ivb.domain.periods import FIRST_YEAR, LAST_PERIOD_YEAR

PLACEHOLDER = "in te vullen"


def skeleton(codes: list[str], start: int, end: int, names: dict[str, str] | None = None, *,
             series: Sequence[tuple[str, str, str]] = (), for_web: bool = False) -> str:
    """The YAML text of an empty policy for these municipalities (first the one who asked) and period. `series`:
    (key, name, unit code) of the series an indicator can use, listed at the end in comments. `for_web`: the
    file downloaded from the policy page, whose reader checks it by uploading it, not with a command (walk of
    4 December: a web-only coordinator could find no series key)."""
    names = names or {}
    for code in codes:
        if not re.fullmatch(r"GM[0-9]{4}", code):
            raise ValueError(f"'{code}' is geen CBS-gemeentecode (zoals GM0553)")
    if not (FIRST_YEAR <= start <= end <= LAST_PERIOD_YEAR):
        raise ValueError(f"periode {start}-{end} niet begrepen; gebruik bijvoorbeeld 2024-2027")
    joint = len(codes) > 1
    label = _and([names.get(c, c) for c in codes])
    check = ([f"# Vervang elke '{PLACEHOLDER}' door wat het beleidsstuk zegt. Upload het bestand tussendoor op de",
              "# pagina Beleid (Nieuwe versie uploaden): IVB noemt elk probleem met regel en veld, en slaat niets op",
              "# voordat u de verschillen bevestigt."] if for_web else
             [f"# Vervang elke '{PLACEHOLDER}' door wat het beleidsstuk zegt, en controleer tussendoor met",
              "#   ivb policy validate DIT-BESTAND"])
    where = "onderaan staan de reeksen" if series else "zie 'ivb series list' voor de reeksen"
    lines = [
        f"# Integraal veiligheidsbeleid {start}-{end}, {label}.",
        ("# Gedownload van de pagina Beleid om in te vullen." if for_web else
         "# Geschreven door 'ivb policy new' om in te vullen; het formaat staat in docs/policy-format.md."),
        *check,
        "# Elke `ref` noemt de plaats in het beleidsstuk (paragraaf, pagina), als tekst of als",
        "# {text: \"§4.1\", url: \"https://…\", page: 12}.",
        "schema_version: 2",
        f"title: {_q(f'Integraal veiligheidsbeleid {start}-{end} {label}')}",
        f"period: {{start: {start}, end: {end}}}",
        "municipalities:",
        *[f"  - {c}{_comment(names.get(c))}" for c in codes],
        f"ref: {_q(PLACEHOLDER + ': titel en vindplaats van het beleidsstuk')}",
        "",
        "# Wie het beleid vaststelde. " + (
            "Een gezamenlijk beleid dat elke raad vaststelt, heeft een vaststelling per gemeente; stelt één orgaan "
            "het vast, laat dan één vaststelling over zonder municipality." if joint else
            "Zet de datum van het raadsbesluit erbij zodra het beleid is vastgesteld."),
        "# Zonder datum is het beleid een concept (nog niet vastgesteld).",
        "adoptions:",
    ]
    for member in (codes if joint else [None]):
        lines += ([f"  - municipality: {member}{_comment(names.get(member))}", "    body: gemeenteraad"] if member
                  else ["  - body: gemeenteraad"])
        lines += ["    legal_basis: artikel 108 Gemeentewet",
                  "    # date: JJJJ-MM-DD            # de datum van het raadsbesluit",
                  "    # proposal_reference: ...     # kenmerk van het raadsvoorstel",
                  f"    ref: {_q(PLACEHOLDER + ': het raadsbesluit')}"]
    lines += [
        "",
        "vision:",
        f"  text: {_q(PLACEHOLDER + ': de visie van het beleid, in een paar zinnen')}",
        f"  ref: {_q(PLACEHOLDER)}",
        "",
        "# De prioriteiten, in volgorde (rank). Alleen een titel mag: zet dan targets_in_annual_plan: true als de",
        "# doelen in het jaarplan (uitvoeringsprogramma) volgen. Velden (fields) en thema's (themes) zijn de codes",
        "# van het Kernbeleid Veiligheid hieronder; een prioriteit mag meer velden omvatten.",
        "priorities:",
        "  - key: prioriteit-1",
        "    rank: 1",
        f"    title: {_q(PLACEHOLDER + ': de titel van de eerste prioriteit')}",
        "    targets_in_annual_plan: true",
        "    # fields: [\"1\", \"3\"]",
        "    # themes: [\"1.3\", \"3.1\"]",
        "    # description: wat de prioriteit inhoudt",
        f"    # indicators:                 # wat gemeten wordt; {where}",
        "    #   - key: woninginbraken",
        "    #     name: Woninginbraken",
        "    #     series: politie.od.1.1.1",
        "    #     unit: count",
        "    #     source: Politie (open data)",
        "    #     direction: lower_is_better",
        "    #     target: {operator: \"<\", value: 100}   # zonder target: alleen volgen (monitoring)",
        "    #     target_year: " + str(end),
        "    #     ref: \"§4.1\"",
        "    #     # Een doel als '20% minder dan in 2023': een nulmeting en een verandering in procenten",
        "    #     # (-20: 20% minder; de grens volgt het cijfer van de nulmeting als value ontbreekt):",
        "    #     # baseline: {year: 2023}",
        "    #     # target: {operator: \"<\", compare_to: baseline, change_percent: -20}",
        f"    ref: {_q(PLACEHOLDER)}",
        "",
        "# De andere thema's van het Kernbeleid Veiligheid (VNG), per veiligheidsveld. Verwijder wat het beleid niet",
        "# noemt, of maak er een prioriteit van; ook hier mogen indicators staan (gevolgd of met een doel).",
        "other_themes:",
    ]
    for f in catalogue.FIELDS:
        lines += [f"  - key: {_slug(f.name)}",
                  f"    title: {_q(f.name)}",
                  f"    fields: [\"{f.code}\"]",
                  "    themes:",
                  *[f"      - \"{t.code}\"  # {t.name}" for t in catalogue.themes_of(f.code)],
                  f"    # description: {PLACEHOLDER}",
                  "    # activities: [wat de gemeente doet]",
                  f"    ref: {_q(PLACEHOLDER)}"]
    if series:
        lines += ["", "# De reeksen die een indicator kan gebruiken (series: de sleutel; unit: de eenheid als code,",
                  "# count voor een aantal, percent, grade, rank):",
                  *[f"#   {key}  {name}; unit: {unit}" for key, name, unit in series]]
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted string


def _comment(name: str | None) -> str:
    return f"  # {name}" if name else ""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def unfilled(policy) -> int:
    """How many texts of a policy still read "in te vullen": a skeleton is valid as it is (it can be imported and
    filled in step by step), so validation passes it, and this is what says it is not done (walk V: an untouched
    skeleton was "in orde")."""
    def count(value) -> int:
        if isinstance(value, str):
            return int(value.strip().lower().startswith(PLACEHOLDER))
        if isinstance(value, dict):
            return sum(count(v) for v in value.values())
        if isinstance(value, list | tuple):
            return sum(count(v) for v in value)
        return 0

    return count(policy.model_dump())


def unfilled_sentence(n: int) -> str:
    """The warning beside a valid policy that still has placeholders, or ""."""
    if not n:
        return ""
    return _("Het bestand bevat nog %(n)s keer '%(placeholder)s': vervang dat door wat het beleidsstuk zegt. Tot dan "
             "staat '%(placeholder)s' op de pagina's en in de raadsrapportage.") % {"n": n, "placeholder": PLACEHOLDER}
