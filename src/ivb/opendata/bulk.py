"""Large StatLine CSV files (the whole country at buurt level, per month) read with polars' streaming engine:
filtered to a set of municipalities, or summed to the country, in one pass and without holding the file.

The fast path checks the same rules as `readers.read_csv`: every value a number or empty, every code, period
and region known. Codes, periods and regions are checked on their distinct values, which one pass collects
beside the result. If anything is wrong it hands the file to `readers.read_csv`, which reads up to the bad row
and names it: fast when the file is right, exact when it is not. No Django here.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl

from ivb.opendata.readers import PERIOD, Cell, OpenDataError, _layout, read_csv
from ivb.opendata.tables import CBS83648_KEY, REGION, Table, checked, code_list

MISSING = [".", "", "-", "x", "NA"]


def _header(path: str) -> tuple[list[str], str]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        first = stream.readline()
    if not first.strip():
        raise OpenDataError(f"{path}: het bestand is leeg")
    separator = ";" if first.count(";") > first.count(",") else ","
    return [h.strip() for h in next(csv.reader([first], delimiter=separator))], separator


def scan(path: str, table: Table, *, municipalities: set[str] | None = None, country: bool = False) -> list[Cell]:
    """Cells for the chosen municipalities (with their wijken and buurten), or, with `country`, one cell per
    code, measure and period holding the sum over all municipality rows (NL01). Raises OpenDataError naming
    the first bad row of the file."""
    header, separator = _header(path)
    layout = _layout(header, path)
    names = [f"c{i}" for i in range(len(header))]
    measures = [(names[i], m) for i, m in layout.measures]
    unknown_measure = [m for _c, m in measures if m not in table.measures]
    if unknown_measure:
        raise OpenDataError(f"{path}: kolom {unknown_measure[0]} hoort niet bij tabel {table.id} ({table.title}); "
                            f"verwacht: {', '.join(table.measures)}. Is dit de goede tabel?")
    lf = pl.scan_csv(path, separator=separator, quote_char='"', infer_schema=False, has_header=True,
                     new_columns=names, encoding="utf8")
    label = pl.col(names[layout.period_label]) if layout.period_label is not None else pl.lit("")
    base = lf.select(
        code=pl.col(names[layout.code]) if layout.code is not None else pl.lit(""),
        period=pl.col(names[layout.period]), region=pl.col(names[layout.region]), label=label,
        **{f"raw{i}": pl.col(c) for i, (c, _m) in enumerate(measures)})
    n = len(measures)
    values = [pl.col(f"raw{i}").str.strip_chars(" *") for i in range(n)]
    region_form = REGION.pattern.replace("$", " *$")  # keys come padded with spaces
    base = base.with_columns(
        **{f"v{i}": v.cast(pl.Float64, strict=False) for i, v in enumerate(values)},
        bad=pl.any_horizontal([v.cast(pl.Float64, strict=False).is_null() & ~v.is_in(MISSING) for v in values])
        | ~pl.col("region").str.contains(region_form),
        marked=pl.any_horizontal([pl.col(f"raw{i}").str.ends_with("*") for i in range(n)])
        | pl.col("label").str.ends_with("*"))
    if country:
        return _country(base, path, table, measures)
    # Filtering: one streaming pass keeps the rows wanted and any bad row. Codes and periods are checked row
    # by row here (a second output from the same scan would make polars cache the whole file).
    keep = pl.lit(True)
    if municipalities is not None:
        digits = sorted(m[2:] for m in municipalities if m.startswith("GM"))
        region = pl.col("region").str.strip_chars()
        keep = region.is_in(sorted(municipalities)) | (
            region.str.slice(0, 2).is_in(["WK", "BU"]) & region.str.slice(2, 4).is_in(digits))
    bad = pl.col("bad") | ~pl.col("period").str.contains(PERIOD.pattern.replace("$", " *$"))
    if table.codes not in ("none", "cbs83648"):
        bad = bad | ~pl.col("code").str.strip_chars().is_in(list(code_list(table.codes)))
    frame = _collect(base.with_columns(bad=bad).filter(keep | pl.col("bad")), path, table)
    if frame["bad"].any() or not _known(frame["code"].unique(), frame["period"].unique(), table):
        _name_the_bad_row(path, table)
    return [Cell(table.id, m, row["code"].strip(), row["region"].strip(), row["period"].strip().rstrip("*"),
                 row[f"v{i}"], bool(row["marked"]) or row["period"].strip().endswith("*"))
            for row in frame.iter_rows(named=True) for i, (_c, m) in enumerate(measures)]


def _country(base: pl.LazyFrame, path: str, table: Table, measures) -> list[Cell]:
    """Sum the municipality rows per code and period, in one streaming group-by; the distinct codes and
    periods are checked from its keys afterwards."""
    n = len(measures)
    gm = pl.col("region").str.starts_with("GM")
    frame = _collect(base.group_by("code", "period").agg(
        pl.col("bad").sum().alias("n_bad"), pl.col("marked").filter(gm).any(),
        *[pl.col(f"v{i}").filter(gm).sum() for i in range(n)],
        *[pl.col(f"v{i}").filter(gm).count().alias(f"n{i}") for i in range(n)]), path, table)
    if frame["n_bad"].sum() or not _known(frame["code"], frame["period"], table):
        _name_the_bad_row(path, table)
    return [Cell(table.id, m, row["code"].strip(), "NL01", row["period"].strip().rstrip("*"),
                 row[f"v{i}"] if row[f"n{i}"] else None, bool(row["marked"]) or row["period"].strip().endswith("*"))
            for row in frame.iter_rows(named=True) for i, (_c, m) in enumerate(measures)]


def _collect(query: pl.LazyFrame, path: str, table: Table) -> pl.DataFrame:
    try:
        return query.collect(engine="streaming")
    except pl.exceptions.PolarsError:  # ragged or broken CSV: let the exact reader say where
        _name_the_bad_row(path, table)
        raise


def _known(codes: pl.Series, periods: pl.Series, table: Table) -> bool:
    known = code_list(table.codes)
    for code in codes:
        code = code.strip()
        if table.codes == "none":
            ok = code == ""
        elif table.codes == "cbs83648":
            ok = bool(CBS83648_KEY.match(code))
        else:
            ok = code in known
        if not ok:
            return False
    return all(PERIOD.match(p.strip()) for p in periods)


def _name_the_bad_row(path: str, table: Table) -> None:
    """The exact reader stops at the first bad row with its line number."""
    with open(path, encoding="utf-8-sig", newline="") as stream:
        for _cell in checked(read_csv(stream, table.id, name=path), table, name=Path(path).name):
            pass
    raise OpenDataError(f"{path}: een rij voldoet niet aan de regels van tabel {table.id}")
