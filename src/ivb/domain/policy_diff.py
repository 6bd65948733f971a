"""Differences between two policy documents, as lines a person can read.

Lists of items with a `key` (priorities, indicators, themes, ...) are matched by key, so moving or
inserting one item shows as that change and not as a change of every item after it.
"""

from ivb.domain.numbers import format_number
from ivb.domain.policy import Policy


def diff(old: Policy, new: Policy) -> list[str]:
    return list(_diff(old.to_data(), new.to_data(), ""))


def _diff(a: object, b: object, path: str):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            sub = f"{path}.{key}" if path else str(key)
            if key not in b:
                yield f"- {sub}: {_show(a[key])}"
            elif key not in a:
                yield f"+ {sub}: {_show(b[key])}"
            else:
                yield from _diff(a[key], b[key], sub)
    elif isinstance(a, list) and isinstance(b, list) and _keyed(a) and _keyed(b):
        old, new = {i["key"]: i for i in a}, {i["key"]: i for i in b}
        for key in list(old) + [k for k in new if k not in old]:
            sub = f"{path}[{key}]"
            if key not in new:
                yield f"- {sub}"
            elif key not in old:
                yield f"+ {sub}"
            else:
                yield from _diff(old[key], new[key], sub)
        if [k for k in old if k in new] != [k for k in new if k in old]:
            yield f"~ {path}: volgorde gewijzigd"
    elif a != b:
        yield f"~ {path}: {_show(a)} -> {_show(b)}"


def _keyed(items: list) -> bool:
    return all(isinstance(i, dict) and "key" in i for i in items)


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


# ------------------------------------------------------------------------------------------- in sentences

# Field names as a reader of the policy calls them.
_FIELDS = {
    "title": "titel", "period": "periode", "start": "begin", "end": "einde", "municipalities": "gemeenten",
    "organisation": "organisatie", "adoptions": "vaststelling", "body": "orgaan", "date": "datum",
    "legal_basis": "wettelijke grondslag", "vision": "visie", "text": "tekst", "principles": "uitgangspunt",
    "general_objectives": "algemene doelstelling", "priorities": "prioriteit", "other_themes": "overig thema",
    "indicators": "indicator", "series": "reeks", "unit": "eenheid", "source": "bron", "direction": "richting",
    "name": "naam", "summary": "samenvatting", "description": "omschrijving", "approach": "aanpak",
    "lines": "regels", "heading": "kop", "partners": "partners", "objectives": "doelen", "themes": "thema's",
    "fields": "veiligheidsvelden", "rank": "volgorde", "ref": "vindplaats", "note": "toelichting",
    "lead": "regie", "activities": "activiteiten", "theme_label": "thema", "themes_note": "toelichting thema's",
    "scope": "bereik", "region_rule": "rekenregel regio", "reporting_rate": "meldingsbereidheid",
    "targets_in_annual_plan": "doelen in het jaarplan", "schema_version": "formaatversie",
}
_KINDS = {"general_objectives": "Algemene doelstelling", "priorities": "Prioriteit", "other_themes": "Overig thema",
          "indicators": "indicator", "principles": "Uitgangspunt", "series": "Reeks"}
# What makes up an indicator's target: a change in any of these is said as the target before and after.
_TARGET_PARTS = ("target", "target_year", "baseline", "direction", "municipal_targets")


def sentences(old: Policy, new: Policy) -> list[str]:
    """The differences as sentences for the coordinator who confirms a new version, e.g.
    "Prioriteit '(Woon)overlast', indicator 'Meldingen woonoverlast': doel lager dan 80 in 2023 → lager dan 75
    in 2023". No keys, field names or paths."""
    from ivb.domain.policy import Indicator, target_text

    def label(kind: str, item: dict) -> str:
        return f"{_KINDS.get(kind, kind)} '{item.get('title') or item.get('name') or item.get('text') or item['key']}'"

    def walk(a, b, where: list[str], field: str):
        if _keyed_list(a, b):  # priorities, indicators, …: matched by key, named by title or name
            old_items, new_items = {i["key"]: i for i in a or []}, {i["key"]: i for i in b or []}
            for key in list(old_items) + [k for k in new_items if k not in old_items]:
                if key not in new_items:
                    yield _join(where, f"{label(field, old_items[key])} vervalt")
                elif key not in old_items:
                    yield _join(where, f"{label(field, new_items[key])} is nieuw")
                elif field == "indicators":
                    yield from indicator(old_items[key], new_items[key], where + [label(field, new_items[key])])
                else:
                    yield from walk(old_items[key], new_items[key], where + [label(field, new_items[key])], field)
        elif isinstance(a, dict) and isinstance(b, dict):
            for key in list(a) + [k for k in b if k not in a]:
                if key != "key":
                    named = where if _keyed_list(a.get(key), b.get(key)) else where + [_FIELDS.get(key, key)]
                    yield from walk(a.get(key), b.get(key), named, key)
        elif a != b:
            yield _capital(", ".join(where) + f": {_words(a)} → {_words(b)}")

    def target_words(item: dict, code: str | None = None) -> str:
        ind = Indicator.model_validate(item)
        target = ind.target_for(code) if code else ind.target
        return target_text(ind.model_copy(update={"target": target})) if target is not None else "geen doel"

    def indicator(a: dict, b: dict, where: list[str]):
        if any(a.get(p) != b.get(p) for p in _TARGET_PARTS if p != "municipal_targets"):
            yield _join(where, f"doel {target_words(a)} → {target_words(b)}")
        own_a, own_b = a.get("municipal_targets") or {}, b.get("municipal_targets") or {}
        for code in sorted(set(own_a) | set(own_b)):
            if own_a.get(code) != own_b.get(code):
                yield _join(where, f"doel voor {code} {target_words(a, code)} → {target_words(b, code)}")
        for key in list(a) + [k for k in b if k not in a]:
            if key != "key" and key not in _TARGET_PARTS:
                yield from walk(a.get(key), b.get(key), where + [_FIELDS.get(key, key)], key)

    return list(walk(old.to_data(), new.to_data(), [], ""))


def _keyed_list(a, b) -> bool:
    """Both sides lists of items with a key (or absent on one side), with at least one item."""
    lists = [x for x in (a, b) if x is not None]
    return bool(lists) and all(isinstance(x, list) for x in lists) and any(lists) and all(_keyed(x) for x in lists)


def _join(where: list[str], text: str) -> str:
    return _capital(", ".join(where + [text]))


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _words(value: object) -> str:
    """A value as a reader writes it: numbers in Dutch notation, lists joined, nothing as '–'."""

    if value is None or value == [] or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        return format_number(float(value), "count") if not isinstance(value, int) or value > 2200 or value < 1900 \
            else str(value)
    if isinstance(value, list):
        return ", ".join(_words(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{_FIELDS.get(k, k)} {_words(v)}" for k, v in value.items() if k != "key")
    text = str(value)
    return f"'{text}'" if len(text) <= 120 else f"'{text[:117]}…'"
