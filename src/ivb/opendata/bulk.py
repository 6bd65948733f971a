"""Large StatLine CSV files (the whole country at buurt level, per month) read with polars' streaming engine:
filtered to a set of municipalities, or summed to the country, in one pass and without holding the file.

The fast path checks the rules of `readers.read_csv`: every value in the file a number or empty, every code
and period known, and the region key of every row it stores well formed (a national sum takes the rows whose
key starts with GM). If anything is wrong it hands the file to `readers.read_csv`, which reads up to the bad row
and names it: fast when the file is right, exact when it is not. No Django here.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl

from ivb.opendata.readers import PERIOD, Cell, OpenDataError, _layout, read_csv
from ivb.opendata.tables import CBS83648_KEY, REGION, Table, checked, code_list, in_scope

MISSING = [".", "", "-", "x", "NA"]


def _header(path: str) -> tuple[list[str], str]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        first = stream.readline()
    if not first.strip():
        raise OpenDataError(f"{path}: het bestand is leeg")
    separator = ";" if first.count(";") > first.count(",") else ","
    return [h.strip() for h in next(csv.reader([first], delimiter=separator))], separator


def scan(path: str, table: Table, *, municipalities: set[str] | None = None, country: bool = False,
         **options) -> list[Cell]:
    """As `scan_frame`, as cells."""
    frame = scan_frame(path, table, municipalities=municipalities, country=country, **options)
    return [Cell(table.id, *row[:6]) for row in frame.iter_rows()]


def scan_frame(path: str, table: Table, *, municipalities: set[str] | None = None, country: bool = False,
               provisional_periods: frozenset[str] = frozenset(), complete: int = 0) -> pl.DataFrame:
    """The cells for the chosen municipalities (with their wijken and buurten), or, with `country`, per code,
    measure and period the sum over all municipality rows (NL01), as a frame with the columns measure, code,
    region, period, value and provisional. Raises OpenDataError naming the first bad row of the file.

    `provisional_periods`: period keys the table's metadata calls provisional (StatLine's own CSV does not
    mark them in the data). `complete`: how many municipalities a national total needs; a total over fewer
    figures is unknown, since a missing municipality is not a zero."""
    try:
        header, separator = _header(path)
    except UnicodeDecodeError:
        raise OpenDataError(f"{path}: geen UTF-8-tekst; download de CSV opnieuw van StatLine") from None
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
    base = base.with_columns(
        **{f"v{i}": v.cast(pl.Float64, strict=False) for i, v in enumerate(values)},
        # Not a number and not a missing mark; or a number no count can be (NaN, infinity).
        bad=pl.any_horizontal([(v.cast(pl.Float64, strict=False).is_null() & ~v.is_in(MISSING))
                               | ~v.cast(pl.Float64, strict=False).is_finite().fill_null(True) for v in values]),
        # Provisional: the whole period (its label or the table's metadata), or one value marked with `*`.
        marked=pl.col("label").str.ends_with("*")
        | pl.col("period").str.strip_chars().str.strip_chars_end("*").is_in(sorted(provisional_periods)),
        **{f"m{i}": pl.col(f"raw{i}").str.ends_with("*") for i in range(n)})
    if country:
        return _country(base, path, table, measures, complete)
    # Filtering: one streaming pass keeps the rows wanted and any bad row. Codes and periods are checked row
    # by row here (a second output from the same scan would make polars cache the whole file).
    keep = pl.lit(True)
    if municipalities is not None:
        keep = in_scope(pl.col("region").str.strip_chars(), municipalities)
    bad = pl.col("bad") | ~pl.col("period").str.contains(PERIOD.pattern.replace("$", " *$"))
    if table.codes not in ("none", "cbs83648"):
        bad = bad | ~pl.col("code").str.strip_chars().is_in(list(code_list(table.codes)))
    # New strings for the rows kept: a kept slice of the file's text would hold its whole buffer in memory.
    kept = base.with_columns(bad=bad).filter(keep | pl.col("bad")).with_columns(
        pl.col("code").str.strip_chars(), pl.col("period").str.strip_chars(), pl.col("region").str.strip_chars())
    frame = _collect(kept, path, table)
    if (frame["bad"].any() or not _known(frame["code"].unique(), frame["period"].unique(), table)
            or not all(REGION.match(r) for r in frame["region"].unique())):
        _name_the_bad_row(path, table)
    return _cells(frame, measures, "marked")


def _cells(frame: pl.DataFrame, measures, marked: str, only: list[int] | None = None) -> pl.DataFrame:
    """One row per measure: measure, code, region, period, value, provisional."""
    period = pl.col("period").str.strip_chars()
    return pl.concat([frame.select(
        measure=pl.lit(m), code=pl.col("code").str.strip_chars(), region=pl.col("region"),
        period=period.str.strip_chars_end("*"), value=pl.col(f"v{i}"),
        provisional=pl.col(marked).fill_null(False) | pl.col(f"m{i}").fill_null(False) | period.str.ends_with("*"),
        margin=pl.lit(None, dtype=pl.Float64))
        for i, (_c, m) in enumerate(measures) if only is None or i in only])


def _country(base: pl.LazyFrame, path: str, table: Table, measures, complete: int) -> pl.DataFrame:
    """Sum the municipality rows (region key starting with GM) per code and period, in one streaming
    group-by; the distinct codes and periods are checked from its keys afterwards. Region keys are not
    checked further here: a full check of 155 million keys would cost more than the rest of the reading.
    Only counts are summed: a rate per 1,000 inhabitants of the country is not the sum of the municipalities'."""
    summed = [i for i, (_c, m) in enumerate(measures) if table.sums(m)]
    if not summed:
        raise OpenDataError(f"{path}: tabel {table.id} heeft geen aantallen om op te tellen")
    gm = pl.col("region").str.starts_with("GM")
    frame = _collect(base.group_by("code", "period").agg(
        pl.col("bad").sum().alias("n_bad"), pl.col("marked").filter(gm).any(),
        *[pl.col(f"m{i}").filter(gm).any() for i in summed],
        *[pl.col(f"v{i}").filter(gm).sum() for i in summed],
        *[pl.col(f"v{i}").filter(gm).count().alias(f"n{i}") for i in summed]), path, table)
    if frame["n_bad"].sum() or not _known(frame["code"], frame["period"], table):
        _name_the_bad_row(path, table)
    # A total over fewer municipalities than the country has is unknown, not a smaller number.
    enough = max(complete, 1)
    frame = frame.with_columns(region=pl.lit("NL01"),
                               **{f"v{i}": pl.when(pl.col(f"n{i}") >= enough).then(pl.col(f"v{i}")) for i in summed})
    return _cells(frame, measures, "marked", only=summed)


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
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            for _cell in checked(read_csv(stream, table.id, name=path), table, name=Path(path).name):
                pass
    except UnicodeDecodeError:
        raise OpenDataError(f"{path}: geen UTF-8-tekst; download de CSV opnieuw van StatLine") from None
    raise OpenDataError(f"{path}: een rij voldoet niet aan de regels van tabel {table.id}")
