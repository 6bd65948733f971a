"""The tables IVB reads and how their codes become IVB series, from `ivb/data/opendata-tables.yaml` and
`ivb/data/police-codes.yaml`. Checks a stream of cells against them: the right measures for the table, known
codes, region keys IVB understands. No Django here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

import polars as pl
import yaml

from ivb.domain.series import SeriesDef, builtin_series
from ivb.opendata.readers import Cell, OpenDataError

# Wijk and buurt codes are the municipality's four digits and then digits or letters (Amsterdam: WK0363AA).
REGION = re.compile(r"^(NL0[01]|LD(0[0-9]|G4|99)|PV[0-9]{2}|RE[0-9]{2}|GM[0-9]{4}|WK[0-9]{4}[0-9A-Z]{2}|BU[0-9]{4}[0-9A-Z]{4})$")
CBS83648_KEY = re.compile(r"^([0-9]{7}|[A-Z]{1,4}[0-9]{3,7})$")


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    source: str
    frequency: str
    codes: str
    measures: dict[str, str]
    verified: bool
    measure_titles: dict[str, str]
    region_dimension: str = "RegioS"
    format: str = "long"

    def sums(self, measure: str) -> bool:
        """Whether a measure adds up over areas (counts do; rates per 1,000 inhabitants do not)."""
        return not _per_1000(measure)

    def measure_for_title(self, title: str) -> str | None:
        """OData v4 names measures by code (M000123) and title; the title leads back to the v3 key."""
        return next((key for key, t in self.measure_titles.items() if t.lower() == title.strip().lower()), None)

    def series_key(self, measure: str, code: str) -> str:
        return self.measures[measure].replace("{code}", code)

    def series_def(self, measure: str, code: str) -> SeriesDef:
        key = self.series_key(measure, code)
        if key in builtin_series():  # population: IVB's own definition (a stock, never summed over time)
            return builtin_series()[key]
        label = code_label(self.codes, code)
        per_1000 = _per_1000(measure)
        if self.codes == "none":
            name = self.title
        elif self.codes == "cbs83648":
            name = f"Geregistreerde misdrijven{' per 1.000 inwoners' if per_1000 else ''}, soort {code} (CBS {self.id})"
        else:
            kind = "overlast" if self.codes == "nuisance" else "misdrijven"
            name = f"{label} (politie open data, {kind})"
        return SeriesDef(key, name, "per_1000" if per_1000 else "count", "none" if per_1000 else "sum",
                         f"{self.source}, tabel {self.id}")


def _per_1000(measure: str) -> bool:
    return "per1000" in measure.lower().replace("_", "")


@cache
def _data(name: str) -> dict:
    return yaml.safe_load(resources.files("ivb.data").joinpath(name).read_text(encoding="utf-8"))


def tables() -> dict[str, Table]:
    return {tid: Table(tid, t["title"], t["source"], t["frequency"], t["codes"], dict(t["measures"]),
                       bool(t.get("verified")), dict(t.get("measure_titles", {})), t.get("region_dimension", "RegioS"),
                       t.get("format", "long"))
            for tid, t in _data("opendata-tables.yaml")["tables"].items()}


def table(table_id: str) -> Table:
    known = tables()
    for tid, t in known.items():
        if tid.upper() == table_id.upper():
            return t
    raise OpenDataError(f"tabel '{table_id}' kent IVB niet; wel: {', '.join(known)}")


@cache
def generated_prefixes() -> tuple[str, ...]:
    """Key prefixes of the series the tables make one per code (politie.od., cbs.misdrijven., …)."""
    return tuple(sorted({k.split("{code}")[0] for t in tables().values() for k in t.measures.values()
                         if "{code}" in k}))


def region_aliases() -> dict[str, str]:
    return dict(_data("opendata-tables.yaml").get("region_names", {}))


def default_links() -> dict[str, str]:
    return dict(_data("opendata-tables.yaml").get("links", {}))


def code_list(name: str) -> dict[str, str]:
    if name in ("none", "cbs83648", "survey"):
        return {}
    return {str(k): v for k, v in _data("police-codes.yaml")[name].items()}


def code_label(name: str, code: str) -> str:
    return code_list(name).get(code, code)


def in_scope(region: pl.Expr, municipalities: set[str]) -> pl.Expr:
    """Rows of these municipalities and of their wijken and buurten (whose codes carry the municipality's
    four digits)."""
    digits = sorted(m[2:] for m in municipalities if m.startswith("GM"))
    return region.is_in(sorted(municipalities)) | (region.str.slice(0, 2).is_in(["WK", "BU"])
                                                    & region.str.slice(2, 4).is_in(digits))


def region_in_scope(region: str, municipalities: set[str]) -> bool:
    """`in_scope` for one region key."""
    return region in municipalities or (region[:2] in ("WK", "BU") and f"GM{region[2:6]}" in municipalities)


def checked(cells, table_def: Table, *, name: str) -> Iterator[Cell]:
    """Pass the cells through, refusing the first that does not belong to this table."""
    codes = code_list(table_def.codes)
    seen_measures: set[str] = set()
    for cell in cells:
        if cell.measure not in seen_measures:
            if cell.measure not in table_def.measures:
                raise OpenDataError(f"{name}: kolom {cell.measure} hoort niet bij tabel {table_def.id} "
                                    f"({table_def.title}); verwacht: {', '.join(table_def.measures)}. "
                                    "Is dit de goede tabel?")
            seen_measures.add(cell.measure)
        if table_def.codes == "none":
            if cell.code:
                raise OpenDataError(f"{name}: tabel {table_def.id} heeft geen soort-dimensie, maar het bestand wel")
        elif table_def.codes == "cbs83648":
            if not CBS83648_KEY.match(cell.code):
                raise OpenDataError(f"{name}: onbekende code '{cell.code}' voor tabel {table_def.id}")
        elif cell.code not in codes:
            raise OpenDataError(f"{name}: onbekende code '{cell.code}' voor tabel {table_def.id} "
                                f"(regio {cell.region}, periode {cell.period})")
        if not REGION.match(cell.region):
            raise OpenDataError(f"{name}: onbekende regiocode '{cell.region}'")
        yield cell
