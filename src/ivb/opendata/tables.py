"""Checks a stream of cells against the tables IVB reads (`ivb.domain.opendata_tables`: which tables, which
codes, which series they make): the right measures for the table, known codes, region keys IVB understands.
No Django here."""

from __future__ import annotations

import re
from collections.abc import Iterator

import polars as pl

from ivb.domain.opendata_tables import CBS83648_KEY, Table, code_list, tables
from ivb.opendata.readers import Cell, OpenDataError

# Wijk and buurt codes are the municipality's four digits and then digits or letters (Amsterdam: WK0363AA).
REGION = re.compile(r"^(NL0[01]|LD(0[0-9]|G4|99)|PV[0-9]{2}|RE[0-9]{2}|GM[0-9]{4}|WK[0-9]{4}[0-9A-Z]{2}|BU[0-9]{4}[0-9A-Z]{4})$")


def table(table_id: str) -> Table:
    known = tables()
    for tid, t in known.items():
        if tid.upper() == table_id.upper():
            return t
    raise OpenDataError(f"tabel '{table_id}' kent IVB niet; wel: {', '.join(known)}")


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
