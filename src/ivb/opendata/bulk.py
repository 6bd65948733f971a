"""Large StatLine CSV files (the whole country at buurt level, per month) read with polars' streaming engine:
filtered to a set of municipalities, or summed to the country, in one pass and without holding the file.

The fast path checks the same rules as `readers.read_csv` (known codes, regions, periods, numbers) with column
expressions. If any row breaks one, it hands the file to `readers.read_csv`, which reads up to that row and
names it: fast when the file is right, exact when it is not. No Django here.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ivb.opendata.readers import PERIOD, Cell, OpenDataError, _layout, read_csv
from ivb.opendata.tables import REGION, Table, checked, code_list

MISSING = [".", "", "-", "x", "NA"]
NUMBER = r"^-?\d+(\.\d+)?$"


def _header(path: str) -> tuple[list[str], str]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        first = stream.readline()
    if not first.strip():
        raise OpenDataError(f"{path}: het bestand is leeg")
    separator = ";" if first.count(";") > first.count(",") else ","
    import csv

    return [h.strip() for h in next(csv.reader([first], delimiter=separator))], separator


def scan(path: str, table: Table, *, municipalities: set[str] | None = None, country: bool = False) -> list[Cell]:
    """Cells for the chosen municipalities (with their wijken and buurten), or, with `country`, one cell per
    code, measure and period holding the sum over all municipality rows (NL01). Raises OpenDataError naming
    the first bad row of the file."""
    header, separator = _header(path)
    layout = _layout(header, path)
    names = {i: f"c{i}" for i in range(len(header))}
    lf = pl.scan_csv(path, separator=separator, quote_char='"', infer_schema=False, has_header=True,
                     new_columns=list(names.values()), encoding="utf8")
    region, period = pl.col(names[layout.region]).str.strip_chars(), pl.col(names[layout.period]).str.strip_chars()
    code = pl.col(names[layout.code]).str.strip_chars() if layout.code is not None else pl.lit("")
    measures = [(names[i], m) for i, m in layout.measures]
    unknown_measure = [m for _c, m in measures if m not in table.measures]
    if unknown_measure:
        raise OpenDataError(f"{path}: kolom {unknown_measure[0]} hoort niet bij tabel {table.id} ({table.title}); "
                            f"verwacht: {', '.join(table.measures)}. Is dit de goede tabel?")
    raw = {m: pl.col(c).str.strip_chars() for c, m in measures}
    marked = pl.any_horizontal([v.str.ends_with("*") for v in raw.values()]) | period.str.ends_with("*")
    if layout.period_label is not None:
        marked = marked | pl.col(names[layout.period_label]).str.strip_chars().str.ends_with("*")
    values = {m: pl.when(v.str.strip_chars_end("*").str.strip_chars().is_in(MISSING)).then(None)
              .otherwise(v.str.strip_chars_end("*").str.strip_chars()) for m, v in raw.items()}
    bad = ~period.str.strip_chars_end("*").str.contains(PERIOD.pattern.replace(r"(\*?)", "")) \
        | ~region.str.contains(REGION.pattern)
    for v in values.values():
        bad = bad | (v.is_not_null() & ~v.str.contains(NUMBER))
    known = code_list(table.codes)
    if table.codes not in ("none", "cbs83648"):
        bad = bad | ~code.is_in(list(known))
    frame = lf.select(region=region, period=period.str.strip_chars_end("*"), code=code, provisional=marked, bad=bad,
                      **{f"v_{i}": values[m].cast(pl.Float64, strict=False) for i, (_c, m) in enumerate(measures)})
    if country:
        result = (frame.with_columns(gm=pl.col("region").str.starts_with("GM"))
                  .group_by("code", "period")
                  .agg(pl.col("bad").sum().alias("n_bad"), pl.col("provisional").filter(pl.col("gm")).any(),
                       *[pl.col(f"v_{i}").filter(pl.col("gm")).sum().alias(f"v_{i}") for i in range(len(measures))],
                       *[pl.col(f"v_{i}").filter(pl.col("gm")).count().alias(f"n_{i}") for i in range(len(measures))])
                  )
        result = _collect(result, path, table)
        if result["n_bad"].sum():
            _name_the_bad_row(path, table)
        return [Cell(table.id, m, row["code"], "NL01", row["period"],
                     row[f"v_{i}"] if row[f"n_{i}"] else None, bool(row["provisional"]))
                for row in result.iter_rows(named=True) for i, (_c, m) in enumerate(measures)]
    scope = pl.lit(True)
    if municipalities is not None:
        chosen = sorted(municipalities)
        scope = pl.col("region").is_in(chosen) | (
            pl.col("region").str.slice(0, 2).is_in(["WK", "BU"])
            & ("GM" + pl.col("region").str.slice(2, 4)).is_in(chosen))
    result = _collect(frame.filter(scope | pl.col("bad")), path, table)
    if result["bad"].any():
        _name_the_bad_row(path, table)
    return [Cell(table.id, m, row["code"], row["region"], row["period"], row[f"v_{i}"], bool(row["provisional"]))
            for row in result.iter_rows(named=True) for i, (_c, m) in enumerate(measures)]


def _collect(lf: pl.LazyFrame, path: str, table: Table) -> pl.DataFrame:
    try:
        return lf.collect(engine="streaming")
    except pl.exceptions.PolarsError:  # ragged or broken CSV: let the exact reader say where
        _name_the_bad_row(path, table)
        raise


def _name_the_bad_row(path: str, table: Table) -> None:
    """The slow reader stops at the first bad row with its line number."""
    with open(path, encoding="utf-8-sig", newline="") as stream:
        for _cell in checked(read_csv(stream, table.id, name=path), table, name=Path(path).name):
            pass
    raise OpenDataError(f"{path}: een rij voldoet niet aan de regels van tabel {table.id}")
