"""Which series count police-registered crimes, and by which national crime codes (data/police-crime-series.yaml)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def _mapping() -> dict:
    return yaml.safe_load(resources.files("ivb.data").joinpath("police-crime-series.yaml").read_text(encoding="utf-8"))


def crime_codes(series_key: str) -> tuple[str, ...]:
    """The national crime codes a series counts (summed), or () when it is not a police crime series."""
    data = _mapping()
    if series_key in data["series"]:
        return tuple(data["series"][series_key])
    for prefix in data["prefixes"]:
        if series_key.startswith(prefix) and (code := series_key[len(prefix):]) and code[0].isdigit():
            return (code,)
    return ()
