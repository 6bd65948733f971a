"""Load IVB's built-in reference data (areas, series) into the store. Safe to run again, and fast when nothing
changed: the areas are compared in memory and written in bulk (a few queries for ~800 municipalities)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources

import yaml
from django.db import transaction

from ivb.domain.series import SeriesDef, builtin_series
from ivb.store.models import Area, Series

FIELDS = ("name", "kind", "parent_id", "valid_from", "valid_until", "successor_id")


@cache
def builtin_areas() -> dict:
    text = resources.files("ivb.data").joinpath("areas.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def builtin_neighbours() -> dict[str, list[str]]:
    """Municipalities that share a border, each pair once (`ivb areas borders-derive` writes the file)."""
    text = resources.files("ivb.data").joinpath("neighbours.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["neighbours"]


@cache
def wanted_areas() -> dict[str, dict]:
    """Every built-in area by code: the country, provinces and police units of areas.yaml, and each municipality
    of municipalities.csv under its police unit (or, before 2013, its province), with its province as group."""
    from ivb.store.areas import shipped_municipalities

    out = {item["code"]: {"name": item["name"], "kind": item["kind"], "parent": item.get("parent"),
                          "valid_from": None, "valid_until": None, "successor": None, "groups": ()}
           for item in builtin_areas()["areas"]}
    for row in shipped_municipalities():
        out[row["code"]] = {
            "name": row["naam"], "kind": Area.Kind.MUNICIPALITY, "parent": row["eenheid"] or row["provincie"],
            "valid_from": dt.date.fromisoformat(row["geldig_vanaf"]) if row["geldig_vanaf"] else None,
            "valid_until": dt.date.fromisoformat(row["geldig_tot"]) if row["geldig_tot"] else None,
            "successor": row["opvolger"] or None, "groups": (row["provincie"],)}
    return out


@transaction.atomic
def sync_reference_data() -> None:
    sync_areas()
    existing = {s.key: s for s in Series.objects.all()}
    for definition in builtin_series().values():
        current = existing.get(definition.key)
        if current is None or _series_fields(current) != _definition_fields(definition):
            save_series(definition)
    _rename_cbs83648(existing.values())


def _rename_cbs83648(stored) -> None:
    """Series of CBS 83648NED imported when IVB named them by code get CBS's title of the crime type."""
    from ivb.domain.series_catalogue import opendata_forms

    for form in opendata_forms():
        if form.naming != "cbs83648":
            continue
        for s in stored:
            if s.key.startswith(form.prefix) and s.name != form.name(s.key):
                s.name = form.name(s.key)
                s.save(update_fields=["name"])


def sync_areas() -> None:
    wanted = wanted_areas()
    found = _built_in(wanted)
    ids = {code: a.pk for code, a in found.items()}
    _create_missing(wanted, ids)
    if len(ids) > len(found):
        found = _built_in(wanted)
    changed = []
    for code, item in wanted.items():
        area = found[code]
        values = {"name": item["name"], "kind": item["kind"], "parent_id": ids.get(item["parent"]),
                  "valid_from": item["valid_from"], "valid_until": item["valid_until"],
                  "successor_id": ids.get(item["successor"])}
        if any(getattr(area, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(area, f, v)
            changed.append(area)
    if changed:
        Area.objects.bulk_update(changed, FIELDS, batch_size=500)
    _sync_links(Area.groups.through, "from_area_id", "to_area_id",
                {(ids[code], ids[group]) for code, item in wanted.items() for group in item["groups"]})
    pairs = {(ids[a], ids[b]) for a, others in builtin_neighbours().items() for b in others if a in ids and b in ids}
    _sync_links(Area.neighbours.through, "from_area_id", "to_area_id", pairs | {(b, a) for a, b in pairs})


def _create_missing(wanted: dict, ids: dict[str, int]) -> None:
    """New areas in rounds, each after its parent and successor: every row is written whole, once."""
    todo = {code: item for code, item in wanted.items() if code not in ids}
    while todo:
        ready = [code for code, item in todo.items()
                 if all(ref is None or ref in ids or ref not in wanted for ref in (item["parent"], item["successor"]))]
        if not ready:
            raise ValueError(f"kringverwijzing in de ingebouwde gebieden: {sorted(todo)[:5]}")
        created = Area.objects.bulk_create(
            [Area(code=code, name=todo[code]["name"], kind=todo[code]["kind"], parent_id=ids.get(todo[code]["parent"]),
                  valid_from=todo[code]["valid_from"], valid_until=todo[code]["valid_until"],
                  successor_id=ids.get(todo[code]["successor"])) for code in ready], batch_size=500)
        for area in created:
            ids[area.code] = area.pk if area.pk else Area.objects.get(code=area.code).pk
            del todo[area.code]


def _built_in(wanted: dict) -> dict[str, Area]:
    # By kind, not by a list of 800 codes (SQLite limits the parameters of one query); wijken and buurten,
    # thousands after an import, are never built in.
    kinds = {item["kind"] for item in wanted.values()}
    return {a.code: a for a in Area.objects.filter(kind__in=kinds) if a.code in wanted}


def _sync_links(through, left: str, right: str, wanted: set[tuple[int, int]]) -> None:
    """Add the many-to-many rows that are missing; rows added otherwise (an import, a person) stay."""
    lefts = {a for a, _ in wanted}
    have = {pair for pair in through.objects.values_list(left, right) if pair[0] in lefts} if wanted else set()
    through.objects.bulk_create([through(**{left: a, right: b}) for a, b in wanted - have], batch_size=500)


def _series_fields(s: Series) -> tuple:
    return (s.name, s.unit, s.aggregation, s.source, s.description)


def _definition_fields(d: SeriesDef) -> tuple:
    return (d.name, d.unit, d.aggregation, d.source, d.description)


def save_series(definition: SeriesDef) -> Series:
    series, _ = Series.objects.update_or_create(
        key=definition.key,
        defaults={"name": definition.name, "unit": definition.unit, "aggregation": definition.aggregation,
                  "source": definition.source, "description": definition.description})
    return series
