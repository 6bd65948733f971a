"""Load IVB's built-in reference data (areas, series) into the store. Safe to run again."""

from functools import cache
from importlib import resources

import yaml
from django.db import transaction

from ivb.domain.series import SeriesDef, builtin_series
from ivb.store.models import Area, Series


@cache
def builtin_areas() -> list[dict]:
    text = resources.files("ivb.data").joinpath("areas.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["areas"]


@transaction.atomic
def sync_reference_data() -> None:
    for item in builtin_areas():
        parent = Area.objects.get(code=item["parent"]) if item.get("parent") else None
        area, _ = Area.objects.update_or_create(
            code=item["code"], defaults={"name": item["name"], "kind": item["kind"], "parent": parent,
                                         "valid_from": item.get("valid_from"), "valid_until": item.get("valid_until")})
        area.groups.set(Area.objects.filter(code__in=item.get("groups", [])))
    for item in builtin_areas():  # after all areas exist
        if item.get("successor"):
            Area.objects.filter(code=item["code"]).update(successor=Area.objects.get(code=item["successor"]))
        if item.get("neighbours"):
            Area.objects.get(code=item["code"]).neighbours.add(*Area.objects.filter(code__in=item["neighbours"]))
    for definition in builtin_series().values():
        save_series(definition)


def save_series(definition: SeriesDef) -> Series:
    series, _ = Series.objects.update_or_create(
        key=definition.key,
        defaults={"name": definition.name, "unit": definition.unit, "aggregation": definition.aggregation,
                  "source": definition.source, "description": definition.description})
    return series
