"""Store official statistics read by `ivb.opendata.readers`: all or nothing, with provenance.

Every cell is read and checked before anything is written; the first problem stops the import with a message
saying where, and nothing is stored. Empty cells (suppressed or unknown) are counted, never stored as zero.
A provisional figure is stored as provisional and replaced when the definitive one arrives; a provisional
figure never replaces a definitive one. Areas (municipalities, wijken, buurten) are created from CBS's region
list as figures for them arrive; a figure for a municipality outside the years it existed is refused. Each value
must be possible in its series' unit (a count whole and not below 0) and the periods of the table's kind (years
for a yearly table): a spreadsheet's '1.029' or another table's file is refused, not stored.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path

import polars as pl
from django.db import transaction

from ivb.domain.numbers import format_number

from ivb.domain import periods
from ivb.domain.series import SeriesDef
from ivb.domain.units import UNITS, check_value
from ivb.opendata.readers import Cell, OpenDataError, period_code
from ivb.domain.opendata_tables import Table, tables
from ivb.opendata.tables import checked, in_scope
from ivb.store.models import Area, ImportBatch, Observation, Series
from ivb.store.observation_import import SHOWN_CHANGES, CheckedRow, store_rows
from ivb.store.reference import save_series


@dataclass
class OpenDataReport:
    filename: str
    table: str
    cells: int = 0
    empty: int = 0
    out_of_scope: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_definitive: int = 0
    former_regions: list[str] = field(default_factory=list)  # wijken and buurten of an earlier indeling
    unknown_regions: list[str] = field(default_factory=list)  # codes of no region ever, such as CBS's GM0999
    other_source: tuple[int, str] | None = None
    kept_by_hand: tuple[int, str] | None = None  # figures corrected or withdrawn by hand, not put back by the file
    replaced: list[str] = field(default_factory=list)  # "Woninginbraak 2019 in Lisse: 44 → 43", the first few
    uncomputed_totals: tuple[int, int] | None = None  # national sums left out, of how many municipalities needed
    # Totals smaller than the parts of them IVB holds (months typed in beside CBS's year), the first few, and how many
    smaller_than_parts: tuple[int, list[str]] | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return f"{self._refusal()} Er is niets opgeslagen."
        n = {k: format_number(getattr(self, k), "count") for k in ("cells", "empty", "out_of_scope", "created",
                                                                  "updated", "unchanged", "kept_definitive")}
        return (f"{self.filename} (tabel {self.table}): {n['cells']} cellen gelezen, {n['empty']} leeg (onderdrukt of "
                f"onbekend, niet opgeslagen), {n['out_of_scope']} buiten de gekozen gebieden; {n['created']} nieuw, "
                f"{n['updated']} bijgewerkt, {n['unchanged']} ongewijzigd, {n['kept_definitive']} voorlopige cijfers "
                "niet over definitieve heen gezet."
                + (f" Niet opgeslagen: cijfers van {_regions(len(self.former_regions))} in de indeling 2024 niet "
                   f"meer {'bestaat' if len(self.former_regions) == 1 else 'bestaan'} ({_first(self.former_regions)}); "
                   "IVB kent hun naam en opvolger niet." if self.former_regions else "")
                + (f" Niet opgeslagen: cijfers van {_codes(len(self.unknown_regions))} ({_first(self.unknown_regions)}) "
                   f"die bij geen gemeente van nu of vroeger {'hoort' if len(self.unknown_regions) == 1 else 'horen'}; "
                   "IVB weet niet welk gebied dat is." if self.unknown_regions else "")
                + (f" Niet vervangen: {self.other_source[0]} cijfers die al uit een andere bron komen (zoals "
                   f"{self.other_source[1]}); corrigeer die zelf als de open data beter is." if self.other_source else "")
                + (f" Niet vervangen of teruggezet: {format_number(self.kept_by_hand[0], 'count')} "
                   f"{'cijfer dat' if self.kept_by_hand[0] == 1 else 'cijfers die'} met de hand "
                   f"{'is' if self.kept_by_hand[0] == 1 else 'zijn'} ingevoerd, gecorrigeerd of ingetrokken "
                   f"({'zoals ' if self.kept_by_hand[0] > 3 else ''}{self.kept_by_hand[1]}); voer het cijfer van de "
                   "open data met de hand in als dat beter is." if self.kept_by_hand else "")
                + (f" Bijgewerkt: {'; '.join(self.replaced)}"
                   + (f"; en {format_number(self.updated - len(self.replaced), 'count')} meer" if
                      self.updated > len(self.replaced) else "") + "." if self.replaced else "")
                + (f" {format_number(self.uncomputed_totals[0], 'count')} landelijke totalen niet berekend: daarvoor "
                   f"is van alle {self.uncomputed_totals[1]} gemeenten een cijfer nodig." if self.uncomputed_totals
                   else "")
                + (self._smaller_than_parts() if self.smaller_than_parts else ""))

    def _smaller_than_parts(self) -> str:
        assert self.smaller_than_parts is not None
        n, named = self.smaller_than_parts
        more = f"; en {format_number(n - len(named), 'count')} meer" if n > len(named) else ""
        return (f" Let op: {'; '.join(named)}{more}. IVB rekent met het cijfer van de bron over de hele periode; kijk "
                "de cijfers van de delen na (een totaal kan niet kleiner zijn dan zijn delen).")

    def _refusal(self) -> str:
        """The problem as one sentence naming the file once: most readers' messages start with its path."""
        problem = self.problems[0].rstrip()
        problem += "" if problem.endswith((".", "?", "!")) else "."
        named = re.split(r"[:,] ", problem, maxsplit=1)[0]
        return problem if Path(named).name == self.filename else f"{self.filename}: {problem}"


@cache
def cbs_regions() -> dict[str, tuple[str, str]]:
    """CBS's regions: code -> (name, municipality code). Municipalities, wijken and buurten of the indeling
    2024 (table 47018NED's metadata); landsdelen, provinces and police units from the police tables' RegioS."""
    raw = resources.files("ivb.data").joinpath("regions-2024.csv.gz").read_bytes()
    rows = csv.reader(io.StringIO(gzip.decompress(raw).decode("utf-8")), delimiter=";")
    next(rows)
    return {code: (name, municipality) for code, name, municipality in rows}


Progress = Callable[[int, int | None], None]  # (done, total): how far a long import is, for the command's progress bar

CELLS = {"measure": pl.Utf8, "code": pl.Utf8, "region": pl.Utf8, "period": pl.Utf8, "value": pl.Float64,
         "provisional": pl.Boolean, "margin": pl.Float64}


# Where a refused cell is in the file, for the message: (the cell's measure, code, region and period, each None
# for any; the column, a measure or None for the region's; which values are wrong, or None for the first) ->
# ("47018NED.csv, regel 14, kolom GeregistreerdeMisdrijven_1", the text in that cell), or None when not found.
Locate = Callable[[dict, str | None, Callable[[float], bool] | None], tuple[str, str] | None]


def import_cells(cells: Iterable[Cell], table: Table, *, filename: str, sha256: str | Callable[[], str],
                 actor_name: str, user=None, municipalities: set[str] | None = None,
                 progress: Progress | None = None, locate: Locate | None = None) -> OpenDataReport:
    """Cells from any reader: each checked against the table, then stored as a frame."""
    report = OpenDataReport(filename, table.id)
    try:
        rows = [(c.measure, c.code, c.region, c.period, c.value, c.provisional, None)
                for c in checked(cells, table, name=filename)]
    except OpenDataError as exc:
        report.problems.append(str(exc))
        return report
    return import_frame(pl.DataFrame(rows, schema=CELLS, orient="row"), table, report=report, sha256=sha256,
                        actor_name=actor_name, user=user, municipalities=municipalities, progress=progress,
                        locate=locate)


def import_frame(frame: pl.DataFrame, table: Table, *, report: OpenDataReport, sha256: str | Callable[[], str],
                 actor_name: str, user=None, municipalities: set[str] | None = None,
                 series_defs: dict[str, SeriesDef] | None = None, progress: Progress | None = None,
                 read: Callable[[], int] | None = None, locate: Locate | None = None) -> OpenDataReport:
    """Store checked cells (columns as `CELLS`) as one frame: a national file brings a million rows, which
    column operations handle in seconds where a loop over them would take minutes. `sha256` may be a function
    that waits for the file's fingerprint: it is asked for when the rows are in, so both run at once.
    `progress(done, total)` is told how many new rows are stored so far. `read` gives how many cells the file
    holds, when the frame has only those of the chosen areas (the fast reader leaves the others out as it
    reads); it too may wait for the fingerprint, and is asked for last. `locate` finds a refused cell in the
    file, so the message can say where."""
    if "margin" not in frame.columns:
        frame = frame.with_columns(margin=pl.lit(None, dtype=pl.Float64))
    report.cells += frame.height if read is None or frame.height else read()
    if not report.cells:  # as the figures importer says it: a success of nothing would hide a broken download
        report.problems.append("het bestand bevat kolomkoppen maar geen waarnemingen")
        return report
    if municipalities is not None:
        frame = frame.filter(in_scope(pl.col("region"), municipalities))
    report.out_of_scope = report.cells - frame.height
    kept = frame.height
    try:
        frame, areas = _checked(frame, table, report, municipalities=municipalities, series_defs=series_defs or {},
                                locate=locate)
    except (OpenDataError, periods.PeriodError) as exc:
        report.problems.append(str(exc))
        return report
    if frame.height:
        _write(frame, areas, table, report, sha256=sha256, actor_name=actor_name, user=user, series_defs=series_defs,
               progress=progress)
    if read is not None:  # the cells of other areas, left out by the reader
        report.cells = read()
        report.out_of_scope = report.cells - kept
    return report


def _checked(frame: pl.DataFrame, table: Table, report: OpenDataReport, *, municipalities: set[str] | None,
             series_defs: dict[str, SeriesDef], locate: Locate | None) -> tuple[pl.DataFrame, dict[str, Area]]:
    """The cells to store, with their series keys and periods, and the areas IVB has for them; OpenDataError for
    the first problem. Regions IVB cannot place are left out and named in the report."""
    duplicated = frame.filter(frame.select("measure", "code", "region", "period").is_duplicated()).head(1)
    if duplicated.height:
        d = duplicated.row(0, named=True)
        raise OpenDataError(f"{report.filename}: {d['region']}, {d['period']}, {d['code'] or d['measure']} "
                            "staat twee keer in het bestand")
    too_big = frame.filter(pl.col("value").abs() >= 1e14).head(1)
    if too_big.height:
        d = too_big.row(0, named=True)
        raise OpenDataError(f"{report.filename}: {d['region']}, {d['period']}: {format_number(d['value'], 'count')} is geen aantal of "
                            "percentage dat IVB kan bewaren")
    _check_period_kind(frame, table)
    report.empty = frame["value"].null_count()
    frame = _with_keys(frame.drop_nulls("value"), table)
    _check_values(frame, table, series_defs, report.filename, locate)
    areas, gone, unknown = _known_areas(set(frame["region"].unique()))
    if (gone or unknown) and municipalities is not None:
        raise OpenDataError(_unknown_region((unknown or gone)[0]))
    report.former_regions, report.unknown_regions = gone, unknown
    frame = frame.filter(~pl.col("region").is_in(gone + unknown)) if gone or unknown else frame
    _check_history(frame, areas)
    return frame, areas


def _with_keys(frame: pl.DataFrame, table: Table) -> pl.DataFrame:
    """The IVB series key of each cell and its period as IVB reads it (a few distinct of each)."""
    pairs = frame.select("measure", "code").unique()
    keys = pl.DataFrame({"measure": pairs["measure"], "code": pairs["code"],
                         "series_key": [table.series_key(m, c) for m, c in pairs.iter_rows()]},
                        schema={"measure": pl.Utf8, "code": pl.Utf8, "series_key": pl.Utf8})
    found = {key: periods.parse(period_code(key)) for key in frame["period"].unique()}
    spans = pl.DataFrame({"period": list(found), "period_code": [p.code for p in found.values()],
                          "period_kind": [p.kind for p in found.values()],
                          "period_start": [p.start for p in found.values()],
                          "period_end": [p.end for p in found.values()]},
                         schema={"period": pl.Utf8, "period_code": pl.Utf8, "period_kind": pl.Utf8,
                                 "period_start": pl.Date, "period_end": pl.Date})
    return frame.join(keys, on=["measure", "code"], how="left").join(spans, on="period", how="left")


KINDS = {"JJ": "year", "KW": "quarter", "MM": "month"}  # StatLine's period key, its letters at 4:6
KIND_WORDS = {"year": ("jaren", "jaarcijfers"), "quarter": ("kwartalen", "kwartaalcijfers"),
              "month": ("maanden", "maandcijfers")}


def _check_period_kind(frame: pl.DataFrame, table: Table) -> None:
    """A file of another table whose columns look the same (47018NED's years imported as 47022NED, its monthly
    twin) would store every figure under the other table's title. Its periods tell: a yearly table has years
    only; a monthly table has months, perhaps with year totals beside them, as CBS's monthly tables may."""
    kinds: dict[str, str] = {}
    for key in sorted(frame["period"].unique().drop_nulls().to_list()):
        kinds.setdefault(KINDS.get(key[4:6], key), key)
    wanted = table.frequency
    if not kinds or (wanted in kinds and (wanted != "year" or len(kinds) == 1)):
        return
    other = next(k for k in kinds if k != wanted)
    like = _table_like(set(frame["measure"].unique().to_list()), table, other)
    raise OpenDataError(
        f"de perioden in het bestand zijn {KIND_WORDS.get(other, (other,))[0]} (zoals {kinds[other]}), maar tabel "
        f"{table.id} ({table.title}) heeft {KIND_WORDS.get(wanted, ('', wanted))[1]}"
        + (f"; het bestand lijkt tabel {like.id} ({like.title})" if like else "") + ". Is dit de goede tabel?")


def _table_like(measures: set[str], table: Table, kind: str) -> Table | None:
    """The table IVB knows with these measure columns and code list and periods of this kind."""
    return next((t for t in tables().values() if t.id != table.id and t.frequency == kind and t.codes == table.codes
                 and measures <= set(t.measures)), None)


# A count with dots between thousands, as a spreadsheet writes it: '1.029' (CBS writes 1029).
THOUSANDS = re.compile(r"^-?[0-9]{1,3}(\.[0-9]{3})+$")


def _check_values(frame: pl.DataFrame, table: Table, defs: dict[str, SeriesDef], filename: str,
                  locate: Locate | None) -> None:
    """Each value possible in its series' unit, as the figures importer checks it (`domain.units`): a count
    whole and not below 0, a rate not below 0, a percentage up to 100. One vectorised pass: the few series'
    limits are looked up per row by key."""
    units = {key: (defs.get(key) or table.series_def(m, c)).unit
             for m, c, key in frame.select("measure", "code", "series_key").unique().iter_rows()}
    limits = {key: UNITS[unit] for key, unit in units.items() if unit in UNITS}
    key, value = pl.col("series_key"), pl.col("value")

    def limit(i: int, dtype) -> pl.Expr:
        return key.replace_strict({k: v[i] for k, v in limits.items()}, default=None, return_dtype=dtype)

    bad = frame.filter((value < limit(1, pl.Float64)).fill_null(False) | (value > limit(2, pl.Float64)).fill_null(False)
                       | (limit(3, pl.Boolean).fill_null(False) & (value != value.floor()))).head(1)
    if bad.height:
        row = bad.row(0, named=True)
        raise OpenDataError(_bad_value(row, units[row["series_key"]], filename, locate))


def _bad_value(row: dict, unit: str, filename: str, locate: Locate | None) -> str:
    """'…, regel 14, kolom GeregistreerdeMisdrijven_1: '-5': een aantal kan niet kleiner zijn dan 0', with the
    cell's text as the file has it (where it can be found): the number as read may hide what went wrong."""
    label, low, high, whole = UNITS[unit]
    found = locate(row, row["measure"], lambda v: check_value(unit, v) is not None) if locate else None
    where, text = found or (f"{filename}: {row['region']}, {row['period']}, {row['code'] + ', ' if row['code'] else ''}"
                            f"kolom {row['measure']}", _as_written(row["value"]))
    value = row["value"]
    if whole and value != int(value):
        hint = (f". CBS schrijft getallen zonder scheidingsteken voor duizendtallen ({text.replace('.', '')}, niet "
                f"{text}); is het bestand in een spreadsheet opnieuw opgeslagen?" if THOUSANDS.match(text) else "")
        return f"{where}: '{text}' is geen geheel getal; een {label} moet een geheel getal zijn{hint}"
    if low is not None and value < low:
        return f"{where}: '{text}': een {label} kan niet kleiner zijn dan {format_number(low, 'count')}"
    return f"{where}: '{text}': een {label} kan niet groter zijn dan {format_number(high, 'count')}"


def _as_written(value: float) -> str:
    """A value as a CBS file writes it: 1029, 12.5."""
    return str(int(value)) if value.is_integer() else repr(value)


def _known_areas(codes: set[str]) -> tuple[dict[str, Area], list[str], list[str]]:
    """The areas IVB has or can create for these codes; the codes of regions that no longer exist (wijken and
    buurten of an earlier indeling): IVB has no name or successor for those; and codes that never existed. IVB
    knows every municipality since 1990, former ones too: a municipality code it does not know, or a wijk or
    buurt code with such a municipality's digits, is no region at all."""
    found = {a.code: a for a in Area.objects.filter(code__in=codes)}
    regions = cbs_regions()
    missing = sorted(c for c in codes if c not in found and c not in regions)
    parents = {f"GM{c[2:6]}" for c in missing if c[:2] in ("GM", "WK", "BU")}
    known = {*Area.objects.filter(code__in=parents).values_list("code", flat=True), *(parents & regions.keys())}
    unknown = [c for c in missing if c[:2] in ("GM", "WK", "BU") and f"GM{c[2:6]}" not in known]
    return found, [c for c in missing if c not in unknown], unknown


def _unknown_region(code: str) -> str:
    if code.startswith("GM"):
        from ivb.store.areas import unknown_municipality_message

        return unknown_municipality_message(code)
    return f"onbekende regio {code}: niet in IVB en niet in CBS' regio-indeling 2024"


def _create_areas(codes: set[str], found: dict[str, Area]) -> None:
    """Municipalities, wijken and buurten from CBS's region list, each under its parent: parents first, the
    ones IVB already has read in one query."""
    regions = cbs_regions()
    kinds = {"GM": Area.Kind.MUNICIPALITY, "WK": Area.Kind.WIJK, "BU": Area.Kind.BUURT, "PV": Area.Kind.PROVINCE,
             "RE": Area.Kind.POLICE_UNIT, "LD": Area.Kind.GROUP}

    def parent_of(code: str) -> str | None:
        return regions[code][1] if code.startswith("WK") else f"WK{code[2:8]}" if code.startswith("BU") else None

    wanted = set(codes)
    for code in list(codes):
        while (parent := parent_of(code)) and parent not in wanted:
            wanted.add(parent)
            code = parent
    found.update({a.code: a for a in Area.objects.filter(code__in=wanted - set(found))})
    for code in sorted(wanted - set(found), key=lambda c: "GWB".find(c[0])):  # gemeenten, wijken, buurten
        name, _municipality = regions[code]
        found[code] = Area.objects.create(code=code, name=name, kind=kinds[code[:2]],
                                          parent=found.get(parent) if (parent := parent_of(code)) else None)


ROW_COLUMNS = ("series_id", "area_id", "period", "status", "value", "margin")  # differ from row to row
SPAN_COLUMNS = ("period", "status", "period_kind", "period_start", "period_end", "source_reference")  # per period


def _insert(new: pl.DataFrame, table: Table, filename: str, *, batch, user, actor_name: str,
            progress: Progress | None = None) -> None:
    """New observations in two steps: the columns that differ per row go into a temporary table, and one
    INSERT … SELECT adds the columns of each period and those all rows share. Sending a million rows of 21
    columns from Python (or making a model instance per row) would take most of the import's time. Values are
    adapted as Django adapts them, once per distinct value."""
    if not new.height:
        return
    from django.db import connection
    from django.utils import timezone

    ops, meta = connection.ops, Observation._meta
    field = meta.get_field("value")
    # SQLite's driver turns each Decimal into text with a Python call per row: the same text is made here once.
    as_text = str if connection.vendor == "sqlite" else (lambda d: d)

    def number(v: float | None):
        return None if v is None else as_text(ops.adapt_decimalfield_value(Decimal(repr(v)), field.max_digits,
                                                                             field.decimal_places))

    numbers = {v: number(v) for v in set(new["value"].unique()) | set(new["margin"].unique())}
    spans = new.select("period_code", "status", "period_kind", "period_start", "period_end", "period",
                       "provisional").unique()
    span_rows = [(row["period_code"], row["status"], row["period_kind"], ops.adapt_datefield_value(row["period_start"]),
                  ops.adapt_datefield_value(row["period_end"]), _reference(filename, row))
                 for row in spans.iter_rows(named=True)]
    shared = {"synthetic": False, "note": "", "batch_id": batch.pk, "recorded_by_id": user.pk if user else None,
              "recorded_by_name": actor_name, "recorded_at": ops.adapt_datetimefield_value(timezone.now()),
              "superseded_at": None, "superseded_by_id": None, "correction_reason": "", "source": table.source,
              "source_document": _document(table)}
    columns = [f.column for f in meta.concrete_fields if f.column is not None and f.column != "id"]
    select = [f"r.{c}" if c in ROW_COLUMNS else f"p.{c}" if c in SPAN_COLUMNS else "%s" for c in columns]
    q = ops.quote_name

    def temporary(name: str, names: tuple[str, ...], key: str) -> str:
        types = {f.column: f.db_type(connection) for f in meta.concrete_fields}
        return (f"CREATE TEMPORARY TABLE {q(name)} ({', '.join(f'{c} {types[c]}' for c in names)}, "
                f"PRIMARY KEY ({key}))")

    rows = new.sort("series_id", "area_id", "period_code")  # in index order: the B-trees grow at their ends
    with connection.cursor() as cursor:
        cursor.execute(temporary("ivb_new_rows", ROW_COLUMNS, "series_id, area_id, period"))
        cursor.execute(temporary("ivb_new_spans", SPAN_COLUMNS, "period, status"))
        _stage(cursor, "ivb_new_spans", SPAN_COLUMNS, span_rows)
        for start in range(0, rows.height, 50_000):
            part = rows.slice(start, 50_000)
            _stage(cursor, "ivb_new_rows", ROW_COLUMNS,
                   zip(part["series_id"].to_list(), part["area_id"].to_list(), part["period_code"].to_list(),
                       part["status"].to_list(), [numbers[v] for v in part["value"].to_list()],
                       [numbers[m] for m in part["margin"].to_list()], strict=True))
            if progress:
                progress(start + part.height, rows.height)
        cursor.execute(
            f"INSERT INTO {q(meta.db_table)} ({', '.join(q(c) for c in columns)}) SELECT {', '.join(select)} "
            "FROM ivb_new_rows r JOIN ivb_new_spans p ON p.period = r.period AND p.status = r.status "
            "ORDER BY r.series_id, r.area_id, r.period",
            [shared[c] for c in columns if c not in (*ROW_COLUMNS, *SPAN_COLUMNS)])
        cursor.execute("DROP TABLE ivb_new_rows")
        cursor.execute("DROP TABLE ivb_new_spans")


def _stage(cursor, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """Rows into a temporary table: PostgreSQL takes them as one COPY stream (an INSERT per row costs a round
    trip each), SQLite in one executemany."""
    if cursor.db.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        cursor.executemany(f"INSERT INTO {table} VALUES ({', '.join(['%s'] * len(columns))})", rows)


def _check_history(frame: pl.DataFrame, areas: dict[str, Area]) -> None:
    """A figure for a period after an area passed into another is refused. A figure from before an area came
    into being is not: CBS recalculates a table's earlier years to the borders of its indeling (47018NED gives
    Voorne aan Zee, formed in 2023, figures for 2012–2022), so it is the figure of the area as it is now."""
    ended = {code: a for code, a in areas.items() if a.valid_until}
    if not ended:
        return
    until = pl.DataFrame({"region": list(ended), "valid_until": [a.valid_until for a in ended.values()]},
                         schema={"region": pl.Utf8, "valid_until": pl.Date})
    late = frame.join(until, on="region").filter(pl.col("period_start") > pl.col("valid_until")).head(1)
    if late.height:  # one join, not a pass over the file per former municipality (hundreds since 1990)
        area = ended[late["region"][0]]
        successor = f" en is opgegaan in {area.successor}" if area.successor_id else ""
        raise OpenDataError(f"{area.name} ({area.code}) bestond tot {area.valid_until:%d-%m-%Y}{successor}; "
                            f"een cijfer over {periods.parse(late['period_code'][0]).label} kan daar niet bij horen")


def _write(frame: pl.DataFrame, areas: dict[str, Area], table: Table, report: OpenDataReport, *,
           sha256: str | Callable[[], str], actor_name: str, user,
           series_defs: dict[str, SeriesDef] | None = None, progress: Progress | None = None) -> None:
    with transaction.atomic():
        _create_areas(set(frame["region"].unique()), areas)
        pairs = frame.select("measure", "code", "series_key").unique()
        series = {s.key: s for s in Series.objects.filter(key__in=pairs["series_key"].to_list())}
        for measure, code, key in pairs.iter_rows():
            if key not in series:
                series[key] = save_series((series_defs or {}).get(key) or table.series_def(measure, code))
        batch = ImportBatch.objects.create(kind=ImportBatch.Kind.OPEN_DATA, filename=report.filename[:255],
                                           imported_by=user, imported_by_name=actor_name)
        ids = pl.DataFrame({"series_key": list(series), "series_id": [s.pk for s in series.values()]},
                           schema={"series_key": pl.Utf8, "series_id": pl.Int64})
        area_ids = pl.DataFrame({"region": list(areas), "area_id": [a.pk for a in areas.values()]},
                                schema={"region": pl.Utf8, "area_id": pl.Int64})
        frame = (frame.join(ids, on="series_key").join(area_ids, on="region")
                 .with_columns(status=pl.when(pl.col("provisional")).then(pl.lit(Observation.Status.PROVISIONAL))
                               .otherwise(pl.lit(Observation.Status.DEFINITIVE))))
        present = set(frame["region"].unique())
        current = _current(list(series.values()), [a.pk for a in areas.values() if a.code in present])
        joined = frame.join(current, left_on=["series_id", "area_id", "period_code"],
                            right_on=["series_id", "area_id", "period"], how="left")
        # What someone settled by hand (a figure typed in or corrected on the page, a figure withdrawn) is never
        # undone by a download, as a figure of another source is never replaced: the advisor corrects it by hand
        # when the open data is better. The summary names them.
        withdrawn = _withdrawn(list(series.values()), [a.pk for a in areas.values() if a.code in present])
        joined = joined.join(withdrawn, left_on=["series_id", "area_id", "period_code"],
                             right_on=["series_id", "area_id", "period"], how="left")
        by_hand = ((pl.col("old_id").is_not_null() & pl.col("old_hand") & (pl.col("old_source") == table.source)
                    & ((pl.col("old_value") != pl.col("value")) | (pl.col("old_status") != pl.col("status"))))
                   | (pl.col("old_id").is_null() & pl.col("withdrawn").is_not_null()))
        if (kept := joined.filter(by_hand)).height:
            report.kept_by_hand = (kept.height, "; ".join(
                _named(k, series, areas) for k in kept.head(3).iter_rows(named=True)))
        joined = joined.filter(~by_hand)
        is_new = pl.col("old_id").is_null()
        same = (~is_new & (pl.col("old_value") == pl.col("value")) & (pl.col("old_status") == pl.col("status"))
                & (pl.col("old_source") == table.source))
        keep_definitive = ~is_new & ~same & (pl.col("old_status") == Observation.Status.DEFINITIVE) & pl.col("provisional")
        # A figure from another source (typed in, or from another table) is never replaced by this one.
        other_source = ~is_new & ~same & ~keep_definitive & (pl.col("old_source") != table.source)
        report.unchanged = joined.filter(same).height
        report.kept_definitive = joined.filter(keep_definitive).height
        conflicts = joined.filter(other_source)
        if conflicts.height:
            c = conflicts.row(0, named=True)
            report.other_source = (conflicts.height, f"{c['series_key']} {c['region']} {c['period_code']}: "
                                                     f"{c['old_source']}")
        new = joined.filter(is_new)
        report.created = new.height
        _insert(new, table, report.filename, batch=batch, user=user, actor_name=actor_name, progress=progress)
        changed = joined.filter(~is_new & ~same & ~keep_definitive & ~other_source)
        if changed.height:
            old_rows = Observation.objects.in_bulk(changed["old_id"].to_list())
            changes: list[tuple[CheckedRow, Observation | None, str]] = []
            for row in changed.iter_rows(named=True):
                old = old_rows[row["old_id"]]
                period = periods.parse(row["period_code"])
                checked_row = CheckedRow(0, areas[row["region"]], series[row["series_key"]], period,
                                         Decimal(repr(row["value"])), row["status"], table.source,
                                         document=_document(table), reference=_reference(report.filename, row),
                                         margin=Decimal(repr(row["margin"])) if row["margin"] is not None else None)
                changes.append((checked_row, old, "definitief cijfer vervangt voorlopig" if old.status != row["status"]
                                else "nieuwe levering van de bron"))
                if len(report.replaced) < SHOWN_CHANGES:
                    unit = checked_row.series.unit
                    status = f" ({old.status} → {row['status']})" if old.status != row["status"] else ""
                    report.replaced.append(f"{_named(row, series, areas)}: {format_number(float(old.value), unit)} → "
                                           f"{format_number(row['value'], unit)}{status}")
            store_rows(changes, batch=batch, user=user, actor_name=actor_name)
            report.updated = changed.height
        if report.created == report.updated == 0:
            transaction.set_rollback(True)
            return
        written = pl.concat([new.select("series_id", "area_id", "period_code", "value"),
                             changed.select("series_id", "area_id", "period_code", "value")])
        report.smaller_than_parts = _smaller_than_parts(written, series, areas)
        batch.created, batch.updated, batch.unchanged = report.created, report.updated, report.unchanged
        batch.sha256 = sha256 if isinstance(sha256, str) else sha256()
        batch.save(update_fields=["created", "updated", "unchanged", "sha256"])


def _smaller_than_parts(written: pl.DataFrame, series: dict[str, Series], areas: dict[str, Area]
                        ) -> tuple[int, list[str]] | None:
    """Counts of the file over a year (or a quarter) smaller than the parts of it IVB holds: months or quarters
    typed in from another source beside CBS's year (walk BE: months adding up to 410 beside CBS's 400 went in
    without a word, and the page then counted 400). The file is stored: a source's own total is not refused for
    figures of another source, but the summary names them. Only keys that hold parts are read."""
    from ivb.domain.totals import parts_held

    counts = {s.pk: s for s in series.values() if s.unit == "count"}
    # Only totals can be smaller than parts: a file of months (47022NED) reads nothing (review).
    written = written.filter(pl.col("series_id").is_in(list(counts)) & ~pl.col("period_code").str.contains(r"^\d{4}-\d{2}$"))
    if not written.height:
        return None
    parts: dict[tuple[int, int, int], list[tuple[periods.Period, float]]] = {}
    years = {int(c[:4]) for c in written["period_code"].unique().to_list()}
    for series_id, area_id, code, value in Observation.objects.filter(
            superseded_at__isnull=True, series__in=written["series_id"].unique().to_list(),
            area__in=written["area_id"].unique().to_list(), period_kind__in=("month", "quarter", "ytd"),
            period_start__year__in=years).values_list("series_id", "area_id", "period", "value").iterator():
        period = periods.parse(code)
        parts.setdefault((series_id, area_id, period.year), []).append((period, float(value)))
    if not parts:
        return None
    names = {a.pk: a.name for a in areas.values()}
    found = []
    for series_id, area_id, code, value in written.iter_rows():
        total = periods.parse(code)
        held = parts_held(total, value, parts.get((series_id, area_id, total.year), []))
        if held is not None:
            found.append(f"{counts[series_id].name} van {names.get(area_id, '')} over {total.label} is "
                         f"{format_number(value, 'count')}, maar {held}")
    return (len(found), found[:SHOWN_CHANGES]) if found else None


def _withdrawn(series: list[Series], area_ids: list[int]) -> pl.DataFrame:
    """The series, areas and periods with a figure withdrawn by hand (a later current figure is seen apart)."""
    from ivb.store.models import ObservationWithdrawal

    rows = set(ObservationWithdrawal.objects.filter(observation__series__in=series, observation__area_id__in=area_ids)
               .values_list("observation__series_id", "observation__area_id", "observation__period"))
    return pl.DataFrame([(s, a, p, True) for s, a, p in rows], orient="row",
                        schema={"series_id": pl.Int64, "area_id": pl.Int64, "period": pl.Utf8, "withdrawn": pl.Boolean})


def _named(row: dict, series: dict, areas: dict) -> str:
    """'Woninginbraak 2019 in Lisse': a figure of the download as a reader names it."""
    return f"{series[row['series_key']].name} {periods.parse(row['period_code']).label} in {areas[row['region']].name}"


def _current(series: list[Series], area_ids: list[int]) -> pl.DataFrame:
    rows = list(Observation.objects.filter(superseded_at__isnull=True, series__in=series, area_id__in=area_ids)
                .values_list("series_id", "area_id", "period", "pk", "value", "status", "source", "batch_id"))
    return pl.DataFrame([(s, a, p, pk, float(v), st, so, b is None) for s, a, p, pk, v, st, so, b in rows],
                        orient="row",
                        schema={"series_id": pl.Int64, "area_id": pl.Int64, "period": pl.Utf8, "old_id": pl.Int64,
                                "old_value": pl.Float64, "old_status": pl.Utf8, "old_source": pl.Utf8,
                                "old_hand": pl.Boolean})


def _document(table: Table) -> str:
    return f"CBS StatLine {table.id}: {table.title}"[:300]


def _reference(filename: str, row: dict) -> str:
    return f"{filename}, {row['period']}{' (voorlopig)' if row['provisional'] else ''}"[:300]


SURVEY_UNITS = (("rapportcijfer", "grade"), ("%", "percent"))


def survey_frame(cells, table: Table) -> tuple[pl.DataFrame, dict[str, SeriesDef]]:
    """Veiligheidsmonitor cells as a frame for `import_frame`, with a series per question (its unit from the
    export) and regions from their names ("Zuid-Holland (PV)" is PV28, "Lisse" is GM0553)."""
    names = _region_names()
    rows, defs = [], {}
    for cell in cells:
        code = re.sub(r"[^a-z0-9]+", "_", cell.subject.lower().replace("'", "")).strip("_")
        unit = next((u for start, u in SURVEY_UNITS if cell.unit.lower().startswith(start)), None)
        if unit is None:
            raise OpenDataError(f"onbekende eenheid '{cell.unit}' bij '{cell.subject}'")
        region = names.get(cell.region.strip())
        if region is None:
            raise OpenDataError(f"onbekende regio '{cell.region}'")
        key = table.series_key("Waarde", code)
        defs[key] = SeriesDef(key, f"{cell.subject} ({cell.unit})"[:200], unit, "none", table.source, "")
        rows.append(("Waarde", code, region, f"{cell.year}JJ00", cell.value, cell.provisional, cell.margin))
    return pl.DataFrame(rows, schema=CELLS, orient="row"), defs


def _region_names() -> dict[str, str]:
    from ivb.domain.opendata_tables import region_aliases

    kinds = {"PV": "PV", "RE": "RE", "LD": "LD"}
    out = {"Nederland": "NL01", **region_aliases()}
    for code, (name, _municipality) in cbs_regions().items():
        if code[:2] in kinds:
            out[f"{name} ({kinds[code[:2]]})"] = code
        elif code.startswith("GM"):
            out.setdefault(name, code)
    return out


def _first(codes: list[str]) -> str:
    return ", ".join(codes[:5]) + (", …" if len(codes) > 5 else "")


def _codes(n: int) -> str:
    """'1 onbekende regiocode', '2 onbekende regiocodes'."""
    return f"{format_number(n, 'count')} onbekende regiocode{'' if n == 1 else 's'}"


def _regions(n: int) -> str:
    """'1 regio die', '3 regio's die'."""
    return f"{n} regio die" if n == 1 else f"{n} regio's die"
