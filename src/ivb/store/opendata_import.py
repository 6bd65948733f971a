"""Store official statistics read by `ivb.opendata.readers`: all or nothing, with provenance.

Every cell is read and checked before anything is written; the first problem stops the import with a message
saying where, and nothing is stored. Empty cells (suppressed or unknown) are counted, never stored as zero.
A provisional figure is stored as provisional and replaced when the definitive one arrives; a provisional
figure never replaces a definitive one. Areas (municipalities, wijken, buurten) are created from CBS's region
list as figures for them arrive; a figure for a municipality outside the years it existed is refused.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources

from django.db import transaction

from ivb.domain import periods
from ivb.domain.series import SeriesDef
from ivb.opendata.readers import Cell, OpenDataError, period_code
from ivb.opendata.tables import Table, checked
from ivb.store.models import Area, ImportBatch, Observation, Series
from ivb.store.observation_import import CheckedRow, store_row
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
    former_regions: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return f"{self.filename}: {self.problems[0]} Er is niets opgeslagen."
        return (f"{self.filename} (tabel {self.table}): {self.cells} cellen gelezen, {self.empty} leeg (onderdrukt of "
                f"onbekend, niet opgeslagen), {self.out_of_scope} buiten de gekozen gebieden; {self.created} nieuw, "
                f"{self.updated} bijgewerkt, {self.unchanged} ongewijzigd, {self.kept_definitive} voorlopige cijfers "
                "niet over definitieve heen gezet."
                + (f" Niet opgeslagen: cijfers van {len(self.former_regions)} regio's die in de indeling 2024 niet meer "
                   f"bestaan ({', '.join(self.former_regions[:5])}{', …' if len(self.former_regions) > 5 else ''}); "
                   "IVB kent hun naam en opvolger niet." if self.former_regions else ""))


@cache
def cbs_regions() -> dict[str, tuple[str, str]]:
    """CBS's regions: code -> (name, municipality code). Municipalities, wijken and buurten of the indeling
    2024 (table 47018NED's metadata); landsdelen, provinces and police units from the police tables' RegioS."""
    raw = resources.files("ivb.data").joinpath("regions-2024.csv.gz").read_bytes()
    rows = csv.reader(io.StringIO(gzip.decompress(raw).decode("utf-8")), delimiter=";")
    next(rows)
    return {code: (name, municipality) for code, name, municipality in rows}


def in_scope(region: str, municipalities: set[str] | None) -> bool:
    """With a set of municipality codes: those municipalities and their wijken and buurten."""
    if municipalities is None:
        return True
    if region in municipalities:
        return True
    if region[:2] in ("WK", "BU"):
        return f"GM{region[2:6]}" in municipalities
    return False


def import_cells(cells: Iterable[Cell], table: Table, *, filename: str, sha256: str, actor_name: str, user=None,
                 municipalities: set[str] | None = None) -> OpenDataReport:
    report = OpenDataReport(filename, table.id)
    rows: dict[tuple[str, str, str], tuple[Cell, periods.Period]] = {}
    parsed: dict[str, periods.Period] = {}  # a national file repeats its 144 periods millions of times
    keys: dict[tuple[str, str], str] = {}
    try:
        for cell in checked(cells, table, name=filename):
            report.cells += 1
            if not in_scope(cell.region, municipalities):
                report.out_of_scope += 1
                continue
            if cell.value is None:
                report.empty += 1
                continue
            period = parsed.get(cell.period)
            if period is None:
                period = parsed[cell.period] = periods.parse(period_code(cell.period))
            series_key = keys.get((cell.measure, cell.code))
            if series_key is None:
                series_key = keys[(cell.measure, cell.code)] = table.series_key(cell.measure, cell.code)
            key = (series_key, cell.region, period.code)
            if key in rows:
                raise OpenDataError(f"{filename}: {cell.region}, {cell.period}, {cell.code or cell.measure} "
                                    "staat twee keer in het bestand")
            rows[key] = (cell, period)
        areas, gone = _known_areas({region for _s, region, _p in rows})
        if gone and municipalities is not None:
            raise OpenDataError(f"onbekende regio {gone[0]}: niet in IVB en niet in CBS' regio-indeling 2024")
        if gone:
            report.former_regions = gone
            rows = {k: v for k, v in rows.items() if k[1] not in set(gone)}
        _check_history(rows, areas)
    except (OpenDataError, periods.PeriodError) as exc:
        report.problems.append(str(exc))
        return report
    _write(rows, areas, table, report, sha256=sha256, actor_name=actor_name, user=user)
    return report


def _known_areas(codes: set[str]) -> tuple[dict[str, Area], list[str]]:
    """The areas IVB has or can create for these codes, and the codes of regions that no longer exist
    (municipalities merged away before the indeling 2024): IVB has no name or successor for those."""
    found = {a.code: a for a in Area.objects.filter(code__in=codes)}
    regions = cbs_regions()
    gone = sorted(c for c in codes if c not in found and c not in regions)
    return found, gone


def _create_areas(codes: set[str], found: dict[str, Area]) -> None:
    """Municipalities, wijken and buurten from CBS's region list, each under its parent."""
    regions = cbs_regions()
    kinds = {"GM": Area.Kind.MUNICIPALITY, "WK": Area.Kind.WIJK, "BU": Area.Kind.BUURT, "PV": Area.Kind.PROVINCE,
             "RE": Area.Kind.POLICE_UNIT, "LD": Area.Kind.GROUP}

    def ensure(code: str) -> Area:
        if code not in found:
            found[code] = Area.objects.filter(code=code).first() or _new(code)
        return found[code]

    def _new(code: str) -> Area:
        name, municipality = regions[code]
        parent = ensure(municipality) if code.startswith("WK") else ensure(f"WK{code[2:8]}") if code.startswith("BU") else None
        return Area.objects.create(code=code, name=name, kind=kinds[code[:2]], parent=parent)

    for code in sorted(codes):
        ensure(code)


def _insert(rows: list[dict], *, batch, user, actor_name: str) -> None:
    """New observations in plain INSERTs: a national import brings a million rows, and building a model
    instance for each would take most of the time. The values are adapted as Django would."""
    if not rows:
        return
    from django.db import connection
    from django.utils import timezone

    ops = connection.ops
    fixed = {"margin": None, "synthetic": False, "note": "", "batch_id": batch.pk,
             "recorded_by_id": user.pk if user else None, "recorded_by_name": actor_name,
             "recorded_at": ops.adapt_datetimefield_value(timezone.now()), "superseded_at": None,
             "superseded_by_id": None, "correction_reason": ""}
    columns = [f.column for f in Observation._meta.concrete_fields if f.column != "id"]
    value_field = Observation._meta.get_field("value")
    dates: dict = {}

    def date(d):
        if d not in dates:
            dates[d] = ops.adapt_datefield_value(d)
        return dates[d]

    def values(row: dict) -> tuple:
        row = {**fixed, **row, "period_start": date(row["period_start"]), "period_end": date(row["period_end"]),
               "value": ops.adapt_decimalfield_value(row["value"], value_field.max_digits, value_field.decimal_places)}
        return tuple(row[c] for c in columns)

    sql = (f"INSERT INTO {ops.quote_name(Observation._meta.db_table)} ({', '.join(ops.quote_name(c) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, [values(r) for r in rows[start:start + 5000]])


def _check_history(rows, areas: dict[str, Area]) -> None:
    for (_series, region, _p), (_cell, period) in rows.items():
        area = areas.get(region)
        if area is None:
            continue  # new from CBS's current list: it exists now
        if area.valid_from and period.end < area.valid_from:
            raise OpenDataError(f"{area.name} ({region}) bestaat sinds {area.valid_from:%d-%m-%Y}; een cijfer over "
                                f"{period.label} hoort bij de gemeenten waaruit het is ontstaan")
        if area.valid_until and period.start > area.valid_until:
            successor = f" en is opgegaan in {area.successor}" if area.successor_id else ""
            raise OpenDataError(f"{area.name} ({region}) bestond tot {area.valid_until:%d-%m-%Y}{successor}; "
                                f"een cijfer over {period.label} kan daar niet bij horen")


def _write(rows, areas, table: Table, report: OpenDataReport, *, sha256: str, actor_name: str, user) -> None:
    with transaction.atomic():
        _create_areas({region for _s, region, _p in rows}, areas)
        series = {}
        for (key, _r, _p), (cell, _period) in rows.items():
            if key not in series:
                d = table.series_def(cell.measure, cell.code)
                series[key] = (Series.objects.filter(key=key).first()
                               or save_series(SeriesDef(d.key, d.name, d.unit, d.aggregation, d.source, "")))
        batch = ImportBatch.objects.create(kind=ImportBatch.Kind.OPEN_DATA, filename=report.filename[:255],
                                           sha256=sha256, imported_by=user, imported_by_name=actor_name)
        current = {(o.series.key, o.area.code, o.period): o for o in Observation.objects.filter(
            superseded_at__isnull=True, series__key__in=list(series), area__code__in=list(areas))
            .select_related("series", "area")}
        new: list[dict] = []
        for key, (cell, period) in rows.items():
            status = Observation.Status.PROVISIONAL if cell.provisional else Observation.Status.DEFINITIVE
            value = Decimal(repr(cell.value))
            old = current.get(key)
            if old is not None and old.value == value and old.status == status and old.source == table.source:
                report.unchanged += 1
                continue
            if old is not None and old.status == Observation.Status.DEFINITIVE and cell.provisional:
                report.kept_definitive += 1
                continue
            document = f"CBS StatLine {table.id}: {table.title}"[:300]
            reference = f"{report.filename}, {cell.period}{' (voorlopig)' if cell.provisional else ''}"[:300]
            if old is None:  # new: written in bulk below
                new.append({"series_id": series[key[0]].pk, "area_id": areas[key[1]].pk, "period": period.code,
                            "period_kind": period.kind, "period_start": period.start, "period_end": period.end,
                            "value": value, "status": status, "source": table.source, "source_document": document,
                            "source_reference": reference})
                report.created += 1
                continue
            row = CheckedRow(0, areas[key[1]], series[key[0]], period, value, status, table.source,
                             document=document, reference=reference)
            store_row(row, old, batch=batch, user=user, actor_name=actor_name,
                      reason="definitief cijfer vervangt voorlopig" if old.status != status else "nieuwe levering van de bron")
            report.updated += 1
        _insert(new, batch=batch, user=user, actor_name=actor_name)
        if report.created == report.updated == 0:
            transaction.set_rollback(True)
            return
        batch.created, batch.updated, batch.unchanged = report.created, report.updated, report.unchanged
        batch.save(update_fields=["created", "updated", "unchanged"])

