"""Large StatLine CSV files (the whole country at buurt level, per month) read with polars' streaming engine:
filtered to a set of municipalities, or summed to the country, in one pass and without holding the file.

The fast path checks the rules of `readers.read_csv` on every row it uses: each value a number or empty, each
code and period known, each region key well formed. Rows it does not use (other municipalities; wijken and
buurten in a national sum) are split by the parser but not checked cell by cell (ADR 0012). If anything is
wrong it hands the file to `readers.read_csv`, which reads up to the first bad row and names it: fast when the
file is right, exact when it is not. No Django here.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl

from ivb.opendata.readers import PERIOD, Cell, OpenDataError, _layout, read_csv
from ivb.domain.opendata_tables import CBS83648_KEY, Table, code_list
from ivb.opendata.tables import REGION, checked, in_scope, region_in_scope

MISSING = [".", "", "-", "x", "NA"]


def _where_not_utf8(path: str) -> str:
    from ivb.opendata.files import where_not_text  # files imports the readers this module uses

    return where_not_text(path)


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

    Every row is split by the CSV parser (quoting, too many fields) and the last row is checked to be whole,
    but only the rows used (stored, or summed to the country) are checked cell by cell: a national file has
    155 million rows, and checking the 98% that never reach the database would double the reading (ADR 0012).

    `provisional_periods`: period keys the table's metadata calls provisional (StatLine's own CSV does not
    mark them in the data). `complete`: how many municipalities a national total needs; a total over fewer
    figures is unknown, since a missing municipality is not a zero."""
    try:
        header, separator = _header(path)
        _check_last_row(path, separator, len(header))
    except UnicodeDecodeError:
        raise OpenDataError(f"{path}: {_where_not_utf8(path)}") from None
    layout = _layout(header, path)
    names = [f"c{i}" for i in range(len(header))]
    measures = [(names[i], m) for i, m in layout.measures]
    unknown_measure = [m for _c, m in measures if m not in table.measures]
    if unknown_measure:
        raise OpenDataError(f"{path}: kolom {unknown_measure[0]} hoort niet bij tabel {table.id} ({table.title}); "
                            f"verwacht: {', '.join(table.measures)}. Is dit de goede tabel?")
    lf = pl.scan_csv(path, separator=separator, quote_char='"', infer_schema=False, has_header=True,
                     new_columns=names, encoding="utf8")
    region = pl.col(names[layout.region])
    # A cheap test on the raw key keeps a superset of the rows used; the exact test runs on those few.
    if country:
        used = lf.filter(region.str.contains(r"^\s*GM"))
    elif municipalities is not None:
        used = lf.filter(_roughly_in_scope(region.str.strip_chars_start(), municipalities))
    else:
        used = lf
    label = pl.col(names[layout.period_label]) if layout.period_label is not None else pl.lit("")
    base = used.select(
        code=(pl.col(names[layout.code]) if layout.code is not None else pl.lit("")).str.strip_chars(),
        period=pl.col(names[layout.period]).str.strip_chars(), region=region.str.strip_chars(), label=label,
        **{f"raw{i}": pl.col(c) for i, (c, _m) in enumerate(measures)})
    if municipalities is not None and not country:
        base = base.filter(in_scope(pl.col("region"), municipalities))
    n = len(measures)
    values = [pl.col(f"raw{i}").str.strip_chars(" *") for i in range(n)]
    base = base.with_columns(
        **{f"v{i}": v.cast(pl.Float64, strict=False) for i, v in enumerate(values)},
        # Not a number and not a missing mark (an unquoted empty cell reads as null); or a number no count can be.
        bad=pl.any_horizontal([(v.cast(pl.Float64, strict=False).is_null() & ~v.is_in(MISSING).fill_null(True))
                               | ~v.cast(pl.Float64, strict=False).is_finite().fill_null(True) for v in values]),
        # Provisional: the whole period (its label or the table's metadata), or one value marked with `*`.
        marked=pl.col("label").str.ends_with("*").fill_null(False)
        | pl.col("period").str.strip_chars_end("*").is_in(sorted(provisional_periods)),
        **{f"m{i}": pl.col(f"raw{i}").str.ends_with("*") for i in range(n)})
    if country:
        return _country(base, path, table, measures, complete)
    frame = _collect(base, path, table, municipalities)
    if (frame["bad"].any() or not _known(frame["code"].unique(), frame["period"].unique(), table)
            or not all(REGION.match(r) for r in frame["region"].unique())):
        _name_the_bad_row(path, table, municipalities)
    return _cells(frame, measures, "marked")


def _roughly_in_scope(region: pl.Expr, municipalities: set[str]) -> pl.Expr:
    """True for every row `in_scope` keeps (and a few more), given keys without leading spaces: a
    municipality's, wijk's or buurt's key carries the municipality's four digits from its third character;
    other keys (RE06, NL01) are matched by prefix."""
    digits = sorted(m[2:6] for m in municipalities if m.startswith("GM"))
    others = [region.str.starts_with(m) for m in sorted(municipalities) if not m.startswith("GM")]
    return pl.any_horizontal(region.str.slice(2, 4).is_in(digits), *others)


def _check_last_row(path: str, separator: str, fields: int) -> None:
    """A download cut off part-way through a row ends in a row with fewer fields, which the parser would fill
    with nothing, or inside a quoted field: the last row is read here. A quoted line break in the last row is
    allowed (the lines before it are joined until its quotes are closed)."""
    with open(path, "rb") as stream:
        size = stream.seek(0, 2)
        stream.seek(max(0, size - 65536))
        lines = stream.read().rstrip(b"\r\n").split(b"\n")
    last = lines.pop()
    while last.count(b'"') % 2 and lines:
        last = lines.pop() + b"\n" + last
    row = next(csv.reader(io.StringIO(last.decode("utf-8", errors="replace"), newline=""), delimiter=separator), [])
    if not size or (len(row) == fields and last.count(b'"') % 2 == 0):
        return
    if len(row) > fields:
        raise OpenDataError(f"{path}: de laatste regel heeft {len(row)} kolommen, de kopregel {fields}")
    raise OpenDataError(f"{path}: de laatste regel is niet compleet ({len(row)} van de {fields} kolommen); het "
                        "bestand is afgebroken. Download het opnieuw")


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
    group-by; the distinct codes and periods are checked from its keys afterwards, the region keys in it.
    Only counts are summed: a rate per 1,000 inhabitants of the country is not the sum of the municipalities'."""
    summed = [i for i, (_c, m) in enumerate(measures) if table.sums(m)]
    if not summed:
        raise OpenDataError(f"{path}: tabel {table.id} heeft geen aantallen om op te tellen")
    frame = _collect(base.group_by("code", "period").agg(
        pl.col("bad").sum().alias("n_bad"), (~pl.col("region").str.contains(r"^GM[0-9]{4}$")).sum().alias("n_bad_region"),
        pl.col("marked").any(), *[pl.col(f"m{i}").any() for i in summed], *[pl.col(f"v{i}").sum() for i in summed],
        *[pl.col(f"v{i}").count().alias(f"n{i}") for i in summed],
        *[pl.col(f"v{i}").filter(_no_count(pl.col(f"v{i}"))).first().alias(f"b{i}") for i in summed]),
        path, table, country=True)
    if frame["n_bad"].sum() or frame["n_bad_region"].sum() or not _known(frame["code"], frame["period"], table):
        _name_the_bad_row(path, table, country=True)
    # A negative or broken count hides in a sum (-5 among 342 others): the total becomes that count (below), so
    # that the store refuses it as it refuses one municipality's, naming the row it is on.
    # A total over fewer municipalities than the country has is unknown, not a smaller number (but a bad count
    # among them is still refused).
    enough = max(complete, 1)
    frame = frame.with_columns(region=pl.lit("NL01"), **{
        f"v{i}": pl.when(pl.col(f"b{i}").is_not_null()).then(pl.col(f"b{i}"))
        .when(pl.col(f"n{i}") >= enough).then(pl.col(f"v{i}")) for i in summed})
    return _cells(frame, measures, "marked", only=summed)


def _no_count(value: pl.Expr) -> pl.Expr:
    return (value < 0) | (value != value.floor())


def _collect(query: pl.LazyFrame, path: str, table: Table, municipalities: set[str] | None = None, *,
             country: bool = False) -> pl.DataFrame:
    try:
        return query.collect(engine="streaming")
    except pl.exceptions.PolarsError:  # ragged or broken CSV: let the exact reader say where
        _name_the_bad_row(path, table, municipalities, country=country)
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


def _name_the_bad_row(path: str, table: Table, municipalities: set[str] | None = None, *,
                      country: bool = False) -> None:
    """The exact reader stops at the first bad row it uses (the same rows as the fast path) with its line
    number."""
    uses = (lambda r: r.startswith("GM")) if country else (
        None if municipalities is None else lambda r: region_in_scope(r, municipalities))
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            for _cell in checked(read_csv(stream, table.id, name=path, uses=uses), table, name=Path(path).name):
                pass
    except UnicodeDecodeError:
        raise OpenDataError(f"{path}: {_where_not_utf8(path)}") from None
    raise OpenDataError(f"{path}: een rij voldoet niet aan de regels van tabel {table.id}")
