"""Series definitions (reeksen): what a measured quantity is, its unit and how it aggregates; and the standard
set of series every safety picture follows (src/ivb/data/monitored-series.yaml)."""

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
    # A context series describes the place (population, households), not its safety: never a safety verdict.
    context: bool = False


@dataclass(frozen=True)
class MonitoredSeries:
    """A series every municipality's picture and report show whenever its figures are stored."""

    key: str
    name: str  # the short Dutch name shown in the picture
    source: str  # who publishes it, as shown after "Bron:"
    note: str = ""  # why it is in the set


def _data(name: str) -> dict:
    return yaml.safe_load(resources.files("ivb.data").joinpath(name).read_text(encoding="utf-8"))


@cache
def builtin_series() -> dict[str, SeriesDef]:
    """The series IVB knows out of the box (src/ivb/data/series.yaml)."""
    return {item["key"]: SeriesDef(**item) for item in _data("series.yaml")["series"]}


@cache
def context_keys() -> frozenset[str]:
    """Keys of the context series. Decided by key, so a series stored by an import under its table's name is
    still context."""
    return frozenset(key for key, s in builtin_series().items() if s.context)


@cache
def monitored_series() -> tuple[MonitoredSeries, ...]:
    """The standard set, in the order the picture shows it."""
    return tuple(MonitoredSeries(**item) for item in _data("monitored-series.yaml")["monitored"])
