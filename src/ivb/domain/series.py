"""Series definitions (reeksen): what a measured quantity is, its unit and how it aggregates."""

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class SeriesDef:
    key: str
    name: str
    unit: str
    aggregation: str
    source: str
    description: str = ""


@cache
def builtin_series() -> dict[str, SeriesDef]:
    """The series IVB knows out of the box (src/ivb/data/series.yaml)."""
    text = resources.files("ivb.data").joinpath("series.yaml").read_text(encoding="utf-8")
    items = yaml.safe_load(text)["series"]
    return {item["key"]: SeriesDef(**item) for item in items}
