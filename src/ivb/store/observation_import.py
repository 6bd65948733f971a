"""Import observations from a tidy CSV or XLSX file: all rows or none.

The file is read and every row checked before anything is written. Any problem (unknown area or series,
a number that is not a number, a period out of range, a duplicate, ...) is reported with its row number
and column, and nothing is stored. Importing the same file again changes nothing.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ivb.domain import periods
from ivb.domain.encoding import ZIPPED, EncodingProblem, csv_words, decode
from ivb.domain.numbers import NumberError, parse_number
from ivb.domain.numbers import format_margin, format_number, format_size
from ivb.domain.targets import SURVEY_UNITS
from ivb.domain.problem_groups import ProblemGroup, group
from ivb.domain.series import SeriesDef
from ivb.domain.series_catalogue import SeriesCatalogue
from ivb.domain.units import UNITS, check_value
from ivb.store.areas import POPULATION, outside_lifetime
from ivb.store.models import Area, ImportBatch, Observation, Series

SHEET = "Waarnemingen"

# Column name in the file -> field. Dutch names are the template's; English ones are accepted too.
COLUMNS = {
    "gebied": "area", "area": "area",
    "reeks": "series", "series": "series",
    "periode": "period", "period": "period",
    "waarde": "value", "value": "value",
    "status": "status",
    "bron": "source", "source": "source",
    "document": "document", "brondocument": "document",
    "vindplaats": "reference", "reference": "reference",
    "marge": "margin", "margin": "margin",
    "toelichting": "note", "note": "note",
}
REQUIRED = ("area", "series", "period", "value", "status", "source")
EXTRA = "_extra"  # cells to the right of the last named column
TEMPLATE_COLUMNS = ("gebied", "reeks", "periode", "waarde", "status", "bron", "document", "vindplaats", "marge",
                    "toelichting")
LABELS = {COLUMNS[name]: name for name in TEMPLATE_COLUMNS}  # field -> the column's Dutch name
STATUSES = {"voorlopig": "voorlopig", "provisional": "voorlopig", "definitief": "definitief",
            "definitive": "definitief", "final": "definitief"}
SHOWN_CHANGES = 10  # replaced values an import's summary names
MAX_ROWS = 200_000
THOUSANDS = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")  # "38.123": for a count, thirty-eight thousand and more
MAX_BYTES = 50 * 1024 * 1024
MAX_COLUMNS = 50  # the template has 10; cells further right are refused, never read into memory
# Longest texts of a figure: the stored columns' lengths, and for the free texts (a note, why a value was
# corrected) one limit for the form, the API and a file alike.
MAX_NOTE = MAX_REASON = 10_000
TEXT_LIMITS = (("source", "bron", 200), ("document", "document", 300), ("reference", "vindplaats", 300),
               ("note", "toelichting", MAX_NOTE))
# An XLSX file is a zip: what it unpacks to is checked before it is opened. Worksheets are read as a stream;
# the other parts (shared strings, styles) are read whole by openpyxl, so they get a tighter limit.
MAX_XLSX_UNPACKED = 500 * 1024 * 1024
MAX_XLSX_PART = 50 * 1024 * 1024
MEMO_ROWS = 20_000  # distinct rows remembered while checking, to bound the memory it takes


@dataclass
class RowProblem:
    row: int | None
    column: str
    message: str
    kind: str = "bestand"  # what is wrong, in a few words, to group many problems by (see domain.problem_groups)

    def render(self) -> str:
        where = f"rij {self.row}" if self.row else "bestand"
        return f"{where}, kolom {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass(frozen=True)
class Uncomputed:
    """A formula cell with no computed value in the file: a program that does not compute (a script, some
    converters) saved the formula alone. Read as empty, it would be "waarde ontbreekt" at a cell that is not
    empty."""
    formula: str

    def __str__(self) -> str:
        return self.formula

    @property
    def message(self) -> str:
        shown = f" ({self.formula[:60]}{'…' if len(self.formula) > 60 else ''})" if self.formula else ""
        return (f"de cel bevat een formule{shown} zonder berekende waarde; open het bestand in Excel en sla het op "
                "(dan rekent Excel de waarde uit), of typ de waarde zelf in")


@dataclass
class CheckedRow:
    row: int
    area: Area
    series: Series
    period: periods.Period
    value: Decimal
    status: str
    source: str
    document: str = ""
    reference: str = ""
    margin: Decimal | None = None
    note: str = ""
    absent: frozenset[str] = frozenset()  # optional columns the file does not have: a stored figure keeps them


# An optional column's field -> the stored figure's field it fills.
KEPT_WHEN_ABSENT = {"document": "source_document", "reference": "source_reference", "margin": "margin",
                    "note": "note"}


@dataclass
class ImportReport:
    filename: str
    problems: list[RowProblem] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    batch: ImportBatch | None = None
    replaced: list[str] = field(default_factory=list)  # "Jeugdoverlast juli 2023: 12 → 21", the first few
    kept: list[str] = field(default_factory=list)  # the absent columns whose stored contents were kept
    unusual: list[str] = field(default_factory=list)  # stored figures far out of line with their series (to check)
    unusual_at: list[tuple[int, int]] = field(default_factory=list)  # each one's (series pk, year): a page links it

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """What happened, and the stored figures to check (`unusual`), in one text (the command line)."""
        said = self.stored_summary()
        return said + (" Let op: " + "; ".join(self.unusual) + "." if self.unusual and not self.problems else "")

    def stored_summary(self) -> str:
        """What happened, without the figures to check (a page shows those in a box of their own)."""
        if self.problems:
            n = len(self.problems)
            return (f"{self.filename}: {format_number(n, 'count')} {'probleem' if n == 1 else 'problemen'} gevonden; "
                    "er is niets opgeslagen.")
        rows, created, updated, unchanged = (format_number(v, "count") for v in (self.rows, self.created, self.updated,
                                                                                  self.unchanged))
        said = (f"{self.filename}: {rows} {'rij' if self.rows == 1 else 'rijen'} gelezen: {created} nieuw, "
                f"{updated} bijgewerkt, {unchanged} ongewijzigd.")
        if self.replaced:  # which values a file changed: a reader of "2 bijgewerkt" wants to know
            more = self.updated - len(self.replaced)
            said += " Bijgewerkt: " + "; ".join(self.replaced) + (f"; en {format_number(more, 'count')} meer" if more
                                                                    else "") + "."
        if self.kept:
            columns = (f"kolom {self.kept[0]}" if len(self.kept) == 1 else
                       f"kolommen {', '.join(self.kept[:-1])} en {self.kept[-1]}")
            said += (f" Het bestand heeft geen {columns}: wat de bijgewerkte cijfers daar al hadden, bleef staan (een "
                     "lege cel in zo'n kolom maakt het leeg).")
        return said

    def groups(self) -> list[ProblemGroup]:
        return group(self.problems)


class FileProblem(Exception):
    """The file as a whole cannot be read."""


def import_observations(filename: str, content: bytes, *, actor_name: str, user=None,
                        allowed_areas: set[str] | None = None, encoding: str | None = None) -> ImportReport:
    """Import a file. With `allowed_areas` (the codes a web user may enter figures for), a row for any other
    area is a problem, like any other bad row. `encoding`: a CSV file's encoding as the user named it (UTF-8
    when not named)."""
    report = ImportReport(filename)
    try:
        rows = read_table(filename, content, encoding)
    except FileProblem as exc:
        report.problems.append(RowProblem(None, "", str(exc), str(exc)))
        return report
    checked = check_rows(rows, report, allowed_areas)
    report.problems.extend(month_problems(_untouched_by_problems(checked, rows, report.problems)))
    if report.problems:
        report.problems.sort(key=lambda p: p.row or 0)
        return report
    checked = _keep_what_is_absent(checked, report)
    _write(checked, report, filename, hashlib.sha256(content).hexdigest(), actor_name, user)
    doubts = unusual_rows(checked)[:UNUSUAL_SHOWN]
    report.unusual, report.unusual_at = [words for words, _at in doubts], [at for _words, at in doubts]
    return report


def _keep_what_is_absent(rows: list[CheckedRow], report: ImportReport) -> list[CheckedRow]:
    """A figure updated by a file without a margin, document, vindplaats or toelichting column keeps what it had
    there (walk BL: a file with only the required columns emptied a survey figure's margin, and its status went
    from "binnen de marge" to "behaald" without a word). An empty cell in a column the file has still empties it."""
    wanting = [r for r in rows if r.absent]
    if not wanting:
        return rows
    stored = {(o.series_id, o.area_id, o.period): o for o in Observation.objects.filter(
        superseded_at__isnull=True, series__in={r.series for r in wanting}, area__in={r.area for r in wanting},
        period__in={r.period.code for r in wanting})}
    out, kept = [], set()
    for r in rows:
        old = stored.get((r.series.pk, r.area.pk, r.period.code)) if r.absent else None
        if old is not None:
            r = replace(r, **{f: getattr(old, KEPT_WHEN_ABSENT[f]) for f in r.absent})
            if not _same(old, r):  # said only of figures the file changes (a review)
                kept |= {f for f in r.absent if getattr(old, KEPT_WHEN_ABSENT[f]) not in (None, "")}
        out.append(r)
    report.kept = [LABELS[f] for f in KEPT_WHEN_ABSENT if f in kept]
    return out


def _several_areas(rows: list[CheckedRow]) -> bool:
    return len({r.area.pk for r in rows}) > 1


def _named(row: CheckedRow, several: bool) -> str:
    """A row's series, and in a file of several municipalities whose figure it is (walk AL)."""
    return f"{row.series.name} van {row.area.name}" if several else row.series.name


UNUSUAL_SHOWN = 5  # a file of typos gets its first few named; the rest show on their series' pages
USUAL_FROM = 12  # the newest earlier figures of a kind that say what is usual


def unusual_rows(rows: list[CheckedRow]) -> list[tuple[str, tuple[int, int]]]:
    """("Meldingen … oktober 2026: 230 is veel meer dan gebruikelijk …", (series pk, year)) for each stored row far
    out of line with the
    newest earlier figures of its series, area and kind of period (`domain.plausibility`). One query per series,
    area and kind. What is usual comes from the figures not in these rows: a file of ten typos would otherwise
    make them usual for each other (walk AE: the seventh of seven went unasked)."""
    from ivb.domain.plausibility import beyond_population, unusual, unusual_for_its_part, unusual_percent

    people: dict = {}
    years: dict = {}
    groups: dict[tuple, list[CheckedRow]] = {}
    for r in rows:
        if r.series.unit == "count" and r.period.kind in ("month", "quarter", "year"):
            groups.setdefault((r.series.pk, r.area.pk, r.period.kind), []).append(r)
    from ivb.domain.plausibility import MIN_HISTORY

    several = _several_areas(rows)
    out = []
    for r in rows:  # a part of a year has no like to compare with, but a population it must not outnumber tenfold
        if r.series.unit == "count" and r.period.kind not in ("month", "quarter", "year") and (words := beyond_population(
                float(r.value), _population_of(r.area, r.period.year, people), r.area.name, r.series.unit)):
            out.append((f"{_named(r, several)} {r.period.label}: {words}", (r.series.pk, r.period.year)))
    for (series, area, kind), members in groups.items():
        own = {r.period.code for r in members}
        history = [(end, v) for end, v, period in Observation.objects.filter(
            series_id=series, area_id=area, period_kind=kind, superseded_at__isnull=True)
            .order_by("period_end").values_list("period_end", "value", "period") if period not in own]
        ordered = sorted(members, key=lambda r: r.period.end)
        for i, r in enumerate(ordered):
            earlier = [float(v) for end, v in history if end < r.period.end][-USUAL_FROM:]
            few = len(earlier) < MIN_HISTORY
            if few:
                # Too little stored to know what is usual (a first history file): the file's own earlier rows
                # say it, else a typo in it went unasked (walk AK). With enough stored, those alone: ten typos
                # in one file must not make each other usual (walk AE).
                earlier = ([float(o.value) for o in ordered[:i]] + earlier)[-USUAL_FROM:]
            # The same month (or quarter) of earlier years: its season (walk BT); a year has none. The file's own
            # rows count only where too little is stored, as for `earlier` (review: three Januaries typed as 200 in
            # one file made the third usual).
            month = r.period.end.month
            same = [float(v) for end, v in history if end < r.period.end and end.month == month] \
                if kind in PART else []
            if kind in PART and few:
                same += [float(o.value) for o in ordered[:i] if o.period.end.month == month]
            words = unusual(float(r.value), earlier, r.series.unit, same)
            # A month of a stand ("stand op 31 december", aggregation "last") is the stand itself, not a share of a
            # year's flow (walk BJ: 58 businesses in November read "veel meer dan gebruikelijk voor een maand").
            if words is None and len(earlier) < MIN_HISTORY and kind in PART and r.series.aggregation == "sum":
                part, share = PART[kind]
                words = unusual_for_its_part(float(r.value), _years_before(series, area, r.period.end, years), part,
                                             share, r.series.unit)
            words = words or beyond_population(
                float(r.value), _population_of(r.area, r.period.year, people), r.area.name, r.series.unit)
            if words is not None:
                out.append((f"{_named(r, several)} {r.period.label}: {words}", (r.series.pk, r.period.year)))
    stored: dict[tuple[int, int], list[tuple[str, float]]] = {}  # a percentage series' figures, read once per area
    for r in rows:
        if r.series.unit != "percent":
            continue
        if (r.series.pk, r.area.pk) not in stored:
            stored[(r.series.pk, r.area.pk)] = [(period, float(v)) for period, v in Observation.objects.filter(
                series=r.series, area=r.area, superseded_at__isnull=True).values_list("period", "value")]
        others = [v for period, v in stored[(r.series.pk, r.area.pk)] if period != r.period.code]
        if words := unusual_percent(float(r.value), float(r.margin) if r.margin is not None else None, others):
            out.append((f"{_named(r, several)} {r.period.label}: {words}", (r.series.pk, r.period.year)))
    return out


PART = {"month": ("maand", 1 / 12), "quarter": ("kwartaal", 3 / 12)}


def _years_before(series: int, area: int, end, known: dict) -> list[float]:
    """The whole-year figures of a series and area of the three years before `end`'s; read once per pair."""
    if (series, area) not in known:
        known[(series, area)] = list(Observation.objects.filter(
            series_id=series, area_id=area, period_kind="year", superseded_at__isnull=True)
            .order_by("period_end").values_list("period_end", "value"))
    # Only the three years before: a level of long ago says little about a month now.
    return [float(v) for e, v in known[(series, area)] if e < end and e.year >= end.year - 3][-USUAL_FROM:]


def _population_of(area: Area, year: int, known: dict) -> float | None:
    """The area's population of `year`, else of the nearest year stored; looked up once per area (`known`)."""
    if area.pk not in known:
        known[area.pk] = dict(Observation.objects.filter(series__key=POPULATION, area=area, period_kind="year",
                                                         superseded_at__isnull=True).values_list("period", "value"))
    by_year = {int(p): float(v) for p, v in known[area.pk].items() if str(p).isdigit()}
    if not by_year:
        return None
    return by_year[min(by_year, key=lambda y: abs(y - year))]


# ------------------------------------------------------------------------------------------------ reading

def read_table(filename: str, content: bytes, encoding: str | None = None) -> list[tuple[int, dict[str, object]]]:
    """Rows as (row number as a spreadsheet shows it, {column name: raw value})."""
    if not content or not content.strip():
        raise FileProblem("het bestand is leeg")
    if len(content) > MAX_BYTES:
        raise FileProblem(f"het bestand is {format_size(len(content))}; het maximum is {format_size(MAX_BYTES)}")
    if content[:4] == b"PK\x03\x04":
        header, body = _read_xlsx(content)
    else:
        header, body = _read_csv(content, encoding)
    names = [str(h).strip().lower() if h is not None else "" for h in header]
    known = [n for n in names if n in COLUMNS]
    if not known:
        raise FileProblem("geen kolomkoppen gevonden; de eerste rij moet de kolommen noemen: "
                          + ", ".join(TEMPLATE_COLUMNS[:6]) + " (zoals in het sjabloon: 'Download het sjabloon' op de "
                          "pagina Cijfers importeren)")
    unknown = [n for n in names if n and n not in COLUMNS]
    if unknown:
        raise FileProblem(f"onbekende kolom(men): {', '.join(unknown)}; toegestaan: {', '.join(TEMPLATE_COLUMNS)}")
    fields = [COLUMNS.get(n) for n in names]
    doubled = sorted({f for f in fields if f and fields.count(f) > 1})
    if doubled:
        raise FileProblem(f"kolom(men) dubbel: {', '.join(doubled)}")
    missing = [name for name, f in zip(TEMPLATE_COLUMNS, ("area", "series", "period", "value", "status", "source"), strict=False)
               if f not in fields]
    if missing:
        raise FileProblem(f"verplichte kolom(men) ontbreken: {', '.join(missing)}")
    rows: list[tuple[int, dict[str, object]]] = []
    for number, cells in body:
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise FileProblem(f"meer dan {format_number(MAX_ROWS, 'count')} rijen; splits het bestand")
        row = {f: (cells[i] if i < len(cells) else None) for i, f in enumerate(fields) if f}
        extra = [str(c).strip() for c in cells[len(fields):] if c is not None and str(c).strip()]
        if extra:
            # Usually a separator inside a text: never drop what the user wrote.
            row[EXTRA] = extra
        rows.append((number, row))
    if not rows:
        raise FileProblem("het bestand bevat kolomkoppen maar geen waarnemingen")
    return rows


def _read_xlsx(content: bytes):
    from openpyxl import load_workbook

    parts = _zip_parts(content)
    _check_a_workbook([p.filename for p in parts])
    _check_unpacked_sizes(parts)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = next((ws for ws in workbook.worksheets if ws.title.strip().lower() == SHEET.lower()), None)
        if sheet is None:
            raise FileProblem(f"werkblad '{SHEET}' ontbreekt; gevonden: "
                              f"{', '.join(ws.title for ws in workbook.worksheets)}")
        _no_second_data_sheet(workbook, sheet)
        header, body = _sheet_rows(workbook, sheet)
    except FileProblem:
        raise
    except Exception:  # openpyxl fails in many ways on a damaged file (zip, XML, styles)
        raise FileProblem(DAMAGED) from None
    if not header and not body:
        raise FileProblem(f"werkblad '{SHEET}' is leeg")
    return header, body


def _no_second_data_sheet(workbook, sheet) -> None:
    """Figures on another sheet (a copy of the first, "Waarnemingen (2)") would be left out without a word: only
    the one sheet is read. A sheet whose first row names a series, a period and a value is refused."""
    for other in workbook.worksheets:
        if other is sheet:
            continue
        first = next(other.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
        named = {COLUMNS.get(str(c).strip().lower()) for c in first if c is not None}
        if {"series", "period", "value"} <= named:
            raise FileProblem(f"werkblad '{other.title}' heeft ook kolommen voor cijfers, maar IVB leest alleen het "
                              f"werkblad '{SHEET}'; zet alle cijfers daar, of verwijder het andere werkblad")


DAMAGED = ("het bestand is een beschadigde Excel-werkmap (.xlsx) die IVB niet kan lezen; open het in Excel en "
           "sla het opnieuw op als Excel-werkmap")


def _zip_parts(content: bytes) -> list[zipfile.ZipInfo]:
    try:
        return zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileProblem("geen leesbaar XLSX-bestand (het zip-archief is beschadigd)") from None


def _check_a_workbook(names: list[str]) -> None:
    """A zip is an Excel workbook only with the workbook part in it; what else it is, in words (a Python error's
    name, "KeyError", said nothing to a user)."""
    if "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        raise FileProblem("het bestand is een binaire Excel-werkmap (.xlsb), geen Excel-werkmap (.xlsx); sla het in "
                          "Excel op als Excel-werkmap (.xlsx)")
    if any(n.startswith("xl/") for n in names):
        raise FileProblem(DAMAGED)
    kind = next((kind for prefix, kind in ZIPPED if any(n.startswith(prefix) for n in names)), "een zip-bestand")
    raise FileProblem(f"het bestand is {kind} maar geen Excel-werkmap (.xlsx); gebruik het sjabloon, of sla de "
                      "cijfers op als Excel-werkmap (.xlsx) of als CSV UTF-8")


def _check_unpacked_sizes(parts: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb before anything is unpacked: the sizes in the zip's directory are what reading would
    produce (Python's zipfile stops at the stated size)."""
    total = sum(p.file_size for p in parts)
    if total > MAX_XLSX_UNPACKED:
        raise FileProblem(f"het XLSX-bestand pakt uit tot {format_size(total)}; het maximum is "
                          f"{format_size(MAX_XLSX_UNPACKED)}")
    for part in parts:
        if not part.filename.startswith("xl/worksheets/") and part.file_size > MAX_XLSX_PART:
            raise FileProblem(f"het onderdeel {part.filename} van het XLSX-bestand pakt uit tot "
                              f"{format_size(part.file_size)}; het maximum is {format_size(MAX_XLSX_PART)}")


def _sheet_rows(workbook, sheet) -> tuple[list[object], list[tuple[int, list[object]]]]:
    """Row 1 and the rows with a value below it (with their numbers), read as a stream with the limits applied
    as each row arrives. The dimension the file claims (it may say A1:XFD1048576) is never used: openpyxl's
    iter_rows builds every empty row up to a far-away cell, so the sheet's own parser is read instead, which
    gives the rows that are in the file with their numbers; a row is as wide as its own last cell."""
    from openpyxl.cell.read_only import ReadOnlyCell

    header: list[object] = []
    body: list[tuple[int, list[object]]] = []
    with sheet._get_source() as source:
        for number, cells in _parser(source, workbook, sheet).parse():
            if any(c["column"] > MAX_COLUMNS and c["value"] not in (None, "") for c in cells):
                raise FileProblem(f"rij {number} heeft een cel voorbij kolom "
                                  f"{format_number(MAX_COLUMNS, 'count')}; het maximum is "
                                  f"{format_number(MAX_COLUMNS, 'count')} kolommen")
            values: list[object] = [None] * max((c["column"] for c in cells), default=0)
            for cell in cells:
                if cell["column"] <= MAX_COLUMNS:
                    values[cell["column"] - 1] = _cell_value(ReadOnlyCell(sheet, **cell))
            values = values[:MAX_COLUMNS]
            if number == 1:
                header = values
            elif any(v is not None and str(v).strip() != "" for v in values):
                if number > MAX_ROWS + 1 or len(body) >= MAX_ROWS:
                    raise FileProblem(f"rij {number} ligt voorbij de grens: het maximum is "
                                      f"{format_number(MAX_ROWS, 'count')} rijen onder de kolomkoppen; splits het "
                                      "bestand")
                body.append((number, values))
    return header, body


def _parser(source, workbook, sheet):
    """openpyxl's parser of a worksheet's XML, giving a formula cell without a computed value as `Uncomputed`
    (openpyxl gives it as empty)."""
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            formula = element.find(FORMULA_TAG)
            # An empty value of type "str" is a formula that computed "" (Excel's =ALS(...;"";...)): computed.
            if formula is not None and not element.findtext(VALUE_TAG) and element.get("t") != "str":
                cell["value"] = Uncomputed("=" + formula.text if formula.text else "")
            return cell

    return Parser(source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
                  date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)


def _cell_value(cell) -> object:
    value = getattr(cell, "value", None)
    fmt = getattr(cell, "number_format", "") or ""
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in fmt:
        return Decimal(repr(value)) * 100  # a cell shown as 18,4% holds 0.184
    if isinstance(value, dt.datetime | dt.date):
        return _date_cell(value, fmt)
    return value


def _date_cell(value: dt.date, fmt: str) -> str | dt.date:
    """Excel turns a typed 2019-03 into the date 1 March 2019 shown as a month (mrt-19): read back as that month.
    Any other date (01-01-2019, shown with its day) may have meant the year or the month: left a date, which the
    period column refuses."""
    day = value.date() if isinstance(value, dt.datetime) else value
    midnight = not isinstance(value, dt.datetime) or value.time() == dt.time()
    return f"{day.year}-{day.month:02d}" if day.day == 1 and midnight and _shows_a_month(fmt) else day


def _shows_a_month(fmt: str) -> bool:
    """Whether a date format shows a month and a year and nothing finer ("mmm-yy", "yyyy-mm"; not "d-m-yyyy")."""
    codes = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt).lower()  # quoted text, [$-413] and escaped characters
    return "m" in codes and "y" in codes and not any(c in codes for c in "dhs")


def _read_csv(content: bytes, encoding: str | None = None):
    text = _utf16(content) if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else None
    if text is None and b"\x00" in content[:4096]:
        raise FileProblem("het bestand is geen CSV- of XLSX-bestand (het bevat binaire gegevens)")
    try:
        # Never guessed: a wrong guess stores "â‚¬" for "€" without a word.
        text = decode(content, encoding) if text is None else text
    except (EncodingProblem, ValueError) as exc:
        raise FileProblem(str(exc)) from None
    first_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max((";", ",", "\t"), key=first_line.count)
    if hint := re.fullmatch(r"\s*sep=(.)\s*", first_line):
        # Excel's own first line naming the separator (walk AO); Excel does not show it, so rows count after it.
        delimiter, text = hint.group(1), text.split("\n", 1)[1] if "\n" in text else ""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        body = list(enumerate(reader, start=2))  # one record is one spreadsheet row, even with line breaks
    except csv.Error as exc:
        raise FileProblem(f"het bestand is geen geldige CSV: {csv_words(exc)}") from None
    return header, body


def _utf16(content: bytes) -> str:
    """A text file that starts with UTF-16's byte-order mark: Notepad's "Unicode", Excel's "Unicode-tekst" (tabs
    between the cells). The mark says the encoding, so nothing is guessed."""
    try:
        return content.decode("utf-16")  # the mark says which byte comes first, and is dropped
    except UnicodeDecodeError:
        raise FileProblem("het bestand is UTF-16-tekst (Unicode) maar niet goed leesbaar; sla het in Excel op als "
                          "CSV UTF-8 (door komma's gescheiden)") from None


# ----------------------------------------------------------------------------------------------- checking

def check_rows(rows: list[tuple[int, dict]], report: ImportReport, allowed_areas: set[str] | None = None, *,
               areas: Iterable[Area] | None = None, series: Iterable[Series] | None = None) -> list[CheckedRow]:
    """The rows that pass every check, and a problem in `report` for each one that does not. `areas` and
    `series`: the only ones the rows may name (a single entry passes its own, so it reads two rows, not every
    area and series); all of them when not given."""
    area_of = {a.code.upper(): a for a in (Area.objects.select_related("successor") if areas is None else areas)}
    areas_by_name: dict[str, list[Area]] = {}
    for a in area_of.values():
        areas_by_name.setdefault(a.name.lower(), []).append(a)
    series_of = {s.key: s for s in (Series.objects.all() if series is None else series)}
    today = dt.date.today()
    seen: dict[tuple, tuple[int, Decimal | None]] = {}  # (area, series, period) -> its first row and value
    checked = []
    report.rows = len(rows)
    # A large file repeats the same periods and numbers: read each distinct text once.
    parse_period, parse_value = _memo(_period), _memo(parse_number)

    outcome_of: dict[tuple, tuple] = {}  # identical rows (a pasted block) are checked once
    number = 0

    def problem(column: str, message: str, kind: str) -> None:
        report.problems.append(RowProblem(number, column, message, kind))

    near: list[SeriesCatalogue] = []  # every stored series, read once and only when a row names an unknown one

    def unknown_series(key: str) -> str:
        """"onbekende reeks 'x'; bedoelt u …?", as policy validation suggests, among the series a file may name."""
        if not near:
            near.append(SeriesCatalogue())
            near[0].add((SeriesDef(s.key, s.name, s.unit, s.aggregation, s.source) for s in Series.objects.all()),
                        "stored")
        if (opendata := _opendata_without_figures(key)) is not None:
            return opendata
        # In the words of whoever enters figures: adding a series is the coordinator's (a new policy version).
        own = ("; een eigen reeks kent IVB pas als het beleid haar beschrijft: de coördinator neemt haar op in een "
               "nieuwe versie van het beleid (pagina Beleid)")
        return (near[0].unknown_message(key) if near[0].suggestions(key) else f"onbekende reeks '{key}'") + own

    for number, raw in rows:
        problems_before = len(report.problems)
        signature = _signature(raw)
        if signature in outcome_of:  # the same cells as an earlier row: the same problems and values
            found, (area, s, period, value, status, text, margin) = outcome_of[signature]
            report.problems.extend(RowProblem(number, column, message, kind) for column, message, kind in found)
        else:
            if EXTRA in raw:
                problem("", f"de rij heeft meer cellen dan er kolommen zijn ({', '.join(raw[EXTRA])}); "
                            "staat er een scheidingsteken in een tekst? Zet die tekst tussen aanhalingstekens",
                        "meer cellen dan kolommen")
            text = {k: ("" if v is None else str(v).strip()) for k, v in raw.items() if k != EXTRA}
            area = area_of.get(text["area"].upper())
            if area is None:
                named = areas_by_name.get(text["area"].lower(), [])
                area = named[0] if len(named) == 1 else None
            if (area.kind in (Area.Kind.WIJK, Area.Kind.BUURT) if area is not None
                    else re.fullmatch(r"(WK|BU)\d{6,8}", text["area"].upper())):
                # A wijk or buurt: its figures would be stored and shown nowhere, as the pages follow municipalities.
                problem("gebied", f"'{text['area']}' is een wijk of buurt; IVB volgt cijfers per gemeente (gebruik de "
                                  "code van de gemeente, zoals GM0553)", "wijk of buurt")
                area = None
            elif area is None:
                problem("gebied", _unknown_area(text["area"], area_of, allowed_areas) if text["area"] else "gebied ontbreekt",
                        "onbekend gebied" if text["area"] else "gebied ontbreekt")
            elif allowed_areas is not None and area.code not in allowed_areas:
                heir = area.successor if area.successor_id and area.successor.code in allowed_areas else None
                problem("gebied", f"u mag geen cijfers invoeren voor {area.name} ({area.code})" + (
                    f"; {area.name} is opgegaan in {heir.name}: een cijfer over het gebied van nu hoort bij "
                    f"{heir.code}" if heir else ""), "gebied niet toegestaan")
                area = None

            s = series_of.get(text["series"])
            if s is None:
                problem("reeks", unknown_series(text["series"]) if text["series"] else "reeks ontbreekt",
                        "onbekende reeks" if text["series"] else "reeks ontbreekt")

            period = None
            try:
                period = parse_period(raw["period"] if raw["period"] is not None else "")
                if period.start > today:
                    problem("periode", f"periode {period.label} ligt in de toekomst", "periode in de toekomst")
                    period = None
                elif period.end >= today and not (s is not None and s.unit in SURVEY_UNITS and period.kind == "year"):
                    # A percentage or a grade is a measurement of the year it was held in, not a total over it: a
                    # survey of this spring is "2026" (walk BO: "2026 t/m november" read as a year's part of it).
                    problem("periode", f"periode {period.label} is nog niet voorbij; gebruik het deel dat voorbij is, "
                                       f"zoals '{period.year} t/m {periods.MONTHS_NL[max(today.month - 2, 0)]}'"
                            if today.month > 1 else f"periode {period.label} is nog niet voorbij", "periode nog niet voorbij")
                    period = None
            except periods.PeriodError as exc:
                problem("periode", str(exc) if text["period"] else "periode ontbreekt",
                        "onleesbare periode" if text["period"] else "periode ontbreekt")
            if area is not None and period is not None and (
                    gone := outside_lifetime(area, period.start, period.end, period.label)):
                problem("periode", gone, "gemeente bestond niet in die periode")
                period = None

            value = None
            try:
                value = parse_value(raw["value"] if raw["value"] is not None else "")
            except NumberError as exc:
                if s is not None and s.unit == "count" and THOUSANDS.fullmatch(text["value"]):
                    # A count has no decimals: "38.123" and "12.000" are Dutch thousands (walk AO; ADR 0003).
                    value = Decimal(text["value"].replace(".", ""))
                else:
                    problem("waarde", str(exc), "waarde geen getal" if text["value"] else "waarde ontbreekt")
            if value is not None and s is not None and (reason := check_value(s.unit, float(value))):
                # Only a typed "1.234.5"-like text can be a thousands dot gone wrong; a number cell of 4.5 is not.
                hint = (" (gebruik geen punt als duizendtalscheiding)"
                        if s.unit == "count" and isinstance(raw["value"], str) and "," not in text["value"]
                        and re.search(r"\d\.\d{3}", text["value"]) else "")
                problem("waarde", reason + hint, "geen geheel getal" if UNITS[s.unit][3] and value != int(value)
                        else "waarde buiten bereik")

            status = STATUSES.get(text["status"].lower())
            if status is None:
                problem("status", f"status moet voorlopig of definitief zijn, niet '{text['status']}'"
                        if text["status"] else "status ontbreekt (voorlopig of definitief)",
                        "onbekende status" if text["status"] else "status ontbreekt")
            if not text["source"]:
                problem("bron", "bron ontbreekt: elke waarde heeft een bron", "bron ontbreekt")

            margin = None
            if text.get("margin"):
                try:
                    margin = parse_value(raw["margin"])
                    if margin < 0:
                        problem("marge", "een marge kan niet negatief zijn", "negatieve marge")
                except NumberError as exc:
                    problem("marge", str(exc), "marge geen getal")

            for column, label, limit in TEXT_LIMITS:
                if len(text.get(column, "")) > limit:
                    problem(label, f"tekst is langer dan {format_number(limit, 'count')} tekens", f"{label} te lang")

            report.problems[problems_before:] = _uncomputed(raw, report.problems[problems_before:], number)
            if len(outcome_of) < MEMO_ROWS:
                outcome_of[signature] = ([(p.column, p.message, p.kind) for p in report.problems[problems_before:]],
                                         (area, s, period, value, status, text, margin))

        if area and s and period:
            key = (area.code, s.key, period.code)
            if key in seen:
                problem("periode", _doubled(s, area, period, seen[key], value), "dubbele regel")
            seen.setdefault(key, (number, value))

        if len(report.problems) == problems_before:
            checked.append(CheckedRow(number, area, s, period, value, status, text["source"],
                                      text.get("document", ""), text.get("reference", ""), margin,
                                      text.get("note", ""), frozenset(KEPT_WHEN_ABSENT) - set(raw)))
    return checked


def _unknown_area(given: str, area_of: dict, allowed: set[str] | None = None) -> str:
    """"onbekend gebied 'GM150'; bedoelt u GM0150 (Deventer)?": a code whose leading zeros were lost (walk BL; a
    spreadsheet drops them from a number) is named with the municipality it would be; a typo in one of the codes the
    user may enter figures for is named as that one (walk BR: GM0354 for Veenendaal's GM0345 was told Lisse's code as
    an example)."""
    import difflib

    said = f"onbekend gebied '{given}'"
    found = re.fullmatch(r"(?i)(GM)?\s*(\d{1,4})", given.strip())
    if found and (area := area_of.get("GM" + found.group(2).zfill(4))) is not None:
        return f"{said}; bedoelt u {area.code} ({area.name})?"
    near = difflib.get_close_matches(given.strip().upper(), sorted(allowed or ()), n=1, cutoff=0.75)
    if near and (area := area_of.get(near[0].upper())) is not None:
        return f"{said}; bedoelt u {area.code} ({area.name})?"
    example = min(allowed) if allowed else "GM0553"
    return f"{said} (gebruik een CBS-code zoals {example})"


def _period(raw: object) -> periods.Period:
    """A period cell read. A date cell (what Excel makes of a typed 01-01-2019) is no period: the year or the
    month may have been meant, and a month read for a year changes trends without a word."""
    if isinstance(raw, dt.date):
        day, year = f"{raw.day}-{raw.month}-{raw.year}", raw.year
        raise periods.PeriodError(
            f"de cel bevat een datum, {day}, geen periode: bedoelt u het jaar {year} of de maand "
            f"{year}-{raw.month:02d}? Schrijf de periode als tekst: {year} (jaar), {year}-K3 (kwartaal), "
            f"{year}-{raw.month:02d} (maand) of {year} t/m september (deel van een jaar); in Excel met een ' "
            "ervoor, of in een kolom met de opmaak Tekst, zoals in het sjabloon")
    return periods.parse(raw)


def _uncomputed(raw: dict, found: list[RowProblem], number: int) -> list[RowProblem]:
    """A row's problems, with each formula cell without a computed value named as such: what the checks said of
    that cell was said of the formula's text, not of its value."""
    formulas = {LABELS[f]: v for f, v in raw.items() if isinstance(v, Uncomputed)}
    return [p for p in found if p.column not in formulas] + [
        RowProblem(number, column, cell.message, "formule zonder waarde") for column, cell in formulas.items()]


def _doubled(s: Series, area: Area, period: periods.Period, first: tuple[int, Decimal | None],
             value: Decimal | None) -> str:
    """A second row for a figure; with both values when they differ, as which one is right is then the question."""
    said = f"dubbel: {s.name} voor {area.name} in {period.label} staat ook op rij {format_number(first[0], 'count')}"
    if first[1] is None or value is None or first[1] == value:
        return said
    return (f"{said}, met een andere waarde: daar {format_number(float(first[1]), s.unit)}, hier "
            f"{format_number(float(value), s.unit)}; laat alleen de juiste rij staan")


def _signature(raw: dict) -> tuple:
    """A row's cells as a dictionary key."""
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in raw.items())


def _memo(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`parse` remembering its answer, or the error it raised, per distinct input."""
    known: dict[object, tuple[object, Exception | None]] = {}

    def once(raw):
        key = (type(raw), raw)
        if key not in known:
            try:
                known[key] = (parse(raw), None)
            except (periods.PeriodError, NumberError) as exc:
                known[key] = (None, exc)
        value, error = known[key]
        if error is not None:
            raise error
        return value
    return once


def _opendata_without_figures(key: str) -> str | None:
    """The words for an open-data series that `ivb series list` shows but that has no figures yet: it is created
    by the open-data import, and figures of one's own belong to the policy's series it is linked to."""
    from ivb.domain.opendata_tables import default_links
    from ivb.domain.series_catalogue import offline_catalogue

    known = offline_catalogue().entries.get(key)
    if known is None or known.origin != "opendata":
        return None
    message = (f"reeks '{key}' ({known.definition.name}) heeft nog geen cijfers in IVB; zij komt met de import van "
               f"de open data ({known.definition.source}, 'ivb opendata import', door de beheerder)")
    linked = [own for own, sources in default_links().items() if key in ([sources] if isinstance(sources, str) else sources)]
    if linked and (series := Series.objects.filter(key=linked[0]).first()) is not None:
        message += f". Eigen cijfers horen bij '{series.key}' ({series.name})"
    return message


# ------------------------------------------------------------------------------------------------ writing

def _write(rows: list[CheckedRow], report: ImportReport, filename: str, sha: str, actor_name: str, user) -> None:
    """All rows or none, in one transaction. Everything was read and checked before it begins, and the rows go
    in with a few bulk statements: the write lock (on SQLite, the whole database's) is held for as short as it
    can be, so figure entry and case views wait a moment rather than minutes."""
    prepared = _observations([(row, None, "") for row in rows], actor_name=actor_name, user=user)
    params = _params(prepared) if len(prepared) >= BULK else None
    # Read before the write lock, as the rows were checked: only a hand act in that moment goes unseen.
    by_hand = _taken_by_hand(rows)
    with transaction.atomic():
        batch = ImportBatch.objects.create(kind=ImportBatch.Kind.OBSERVATIONS, filename=filename[:255], sha256=sha,
                                           imported_by=user, imported_by_name=actor_name)
        current = {
            (o.series_id, o.area_id, o.period): o
            for o in Observation.objects.filter(superseded_at__isnull=True,
                                                series__in={r.series for r in rows}, area__in={r.area for r in rows})
        }
        official = set(ImportBatch.objects.filter(pk__in={o.batch_id for o in current.values() if o.batch_id},
                                                  kind=ImportBatch.Kind.OPEN_DATA).values_list("pk", flat=True))
        changes, chosen = [], []
        several = _several_areas(rows)
        for n, row in enumerate(rows):
            key = (row.series.pk, row.area.pk, row.period.code)
            old = current.get(key)
            if old is not None and _same(old, row):
                report.unchanged += 1
                continue
            if problem := (_undoes_a_hand_act(row, old, by_hand.get(key, []))
                           or _replaces_an_official_figure(row, old, official)):
                report.problems.append(problem)
                continue
            changes.append((row, old, ""))
            chosen.append(n)
            if old is not None:
                report.updated += 1
                if len(report.replaced) < SHOWN_CHANGES:
                    report.replaced.append(f"{_named(row, several)} {row.period.label}: {_change(old, row)}")
            else:
                report.created += 1
        if report.problems or report.created == report.updated == 0:
            # Nothing changed, or a row would undo a hand correction: leave no trace.
            transaction.set_rollback(True)
            return
        store_rows(changes, batch=batch, user=user, actor_name=actor_name, new=[prepared[n] for n in chosen],
                   params=[params[n] for n in chosen] if params else None)
        batch.created, batch.updated, batch.unchanged = report.created, report.updated, report.unchanged
        batch.save(update_fields=["created", "updated", "unchanged"])
        report.batch = batch


def _change(old: Observation, row: CheckedRow) -> str:
    """What a row changed in a stored figure, for the summary: its value (and status); when those stay, what
    did change, so that "1 bijgewerkt" is never left unexplained."""
    unit = row.series.unit
    if (old.value, old.status) != (row.value, row.status):
        status = f" ({old.status} → {row.status})" if old.status != row.status else ""
        return f"{format_number(float(old.value), unit)} → {format_number(float(row.value), unit)}{status}"
    shown = (lambda m: "leeg" if m is None else format_margin(float(m), unit))
    said = [f"marge {shown(old.margin)} → {shown(row.margin)}"] if old.margin != row.margin else []
    said += [f"{label} gewijzigd" for label, before, after in (
        ("bron", old.source, row.source), ("document", old.source_document, row.document),
        ("vindplaats", old.source_reference, row.reference), ("toelichting", old.note, row.note)) if before != after]
    return ", ".join(said)


def _untouched_by_problems(checked: list[CheckedRow], rows, problems: list[RowProblem]) -> list[CheckedRow]:
    """The checked rows whose series has no refused row in the file: a total is checked against its parts at
    once with every other problem, but not against a series one of whose rows is still to be fixed (a refused
    correction of a month would leave the stored month in the sum, and name a conflict that is not there)."""
    refused = {r for r in (p.row for p in problems) if r is not None}
    tainted = {str(raw.get("series") or "").strip() for number, raw in rows if number in refused}
    return [r for r in checked if r.series.key not in tainted]


def month_problems(rows: list[CheckedRow]) -> list[RowProblem]:
    """Counts over several months (a quarter, "t/m oktober", a year) smaller than the parts they hold (months,
    quarters, a "t/m" count), in the file or already stored (`domain.totals.month_conflict`); each named at a row
    of the file. Only the years, series and areas of the file's counts are read. A total that was already at odds
    with stored parts before this file is not this file's doing."""
    from ivb.domain.totals import month_conflict

    counts = [r for r in rows if r.series.unit == "count"]
    keys = {(r.series.pk, r.area.pk, r.period.year) for r in counts}
    if not keys:
        return []
    stored = list(Observation.objects.filter(
        superseded_at__isnull=True, series__in={k[0] for k in keys}, area__in={k[1] for k in keys},
        period_start__year__in={k[2] for k in keys}).values_list("series_id", "area_id", "period", "value"))
    before: dict[tuple, dict[str, tuple[periods.Period, float]]] = {}
    for series_id, area_id, code, stored_value in stored:
        period = periods.parse(code)
        if (series_id, area_id, period.year) in keys:
            before.setdefault((series_id, area_id, period.year), {})[code] = (period, float(stored_value))
    after: dict[tuple, dict[str, tuple[periods.Period, float, CheckedRow | None]]] = {
        key: {code: (p, v, None) for code, (p, v) in found.items()} for key, found in before.items()}
    for r in counts:  # the file's figures replace the stored ones of the same period; an unchanged one is not new
        key = (r.series.pk, r.area.pk, r.period.year)
        unchanged = before.get(key, {}).get(r.period.code, (None, None))[1] == float(r.value)
        after.setdefault(key, {})[r.period.code] = (r.period, float(r.value), None if unchanged else r)
    problems = []
    for key, found in after.items():
        parts = [(p, v) for p, v, _row in found.values()]
        parts_before = list(before.get(key, {}).values())
        file_rows = sorted((row for _p, _v, row in found.values() if row), key=lambda r: r.period)
        for period, count, row in found.values():
            why = month_conflict(period, count, parts)
            if why is None or (row is None and month_conflict(period, count, parts_before)):
                continue  # fits, or was already at odds before this file: not this file's doing
            at = row or next((r for r in file_rows if period.first_month <= r.period.first_month
                              and r.period.last_month <= period.last_month), None)
            if at is not None:
                problems.append(RowProblem(at.row, "waarde", f"{at.series.name} {why}", "totaal kleiner dan delen"))
    return sorted(problems, key=lambda p: p.row or 0)


@dataclass(frozen=True)
class HandAct:
    """A value taken away by hand: replaced by a figure entered on the page, or withdrawn."""
    value: Decimal
    when: dt.datetime
    withdrawn: bool
    reason: str


def _taken_by_hand(rows: list[CheckedRow]) -> dict[tuple, list[HandAct]]:
    """Per series, area and period of `rows`, the values someone took away by hand (a figure replaced by one
    typed in, a figure withdrawn), oldest first."""
    out: dict[tuple, list[HandAct]] = {}
    history = (Observation.objects.filter(series__in={r.series for r in rows}, area__in={r.area for r in rows},
                                          superseded_at__isnull=False)
               .filter(Q(superseded_by__batch__isnull=True, superseded_by__isnull=False) | Q(withdrawal__isnull=False))
               .values_list("series_id", "area_id", "period", "value", "superseded_at", "superseded_by_id",
                            "superseded_by__correction_reason", "withdrawal__reason")
               .order_by("superseded_at"))
    for series_id, area_id, code, value, when, successor, corrected_why, withdrawn_why in history:
        assert when is not None  # superseded: filtered above
        out.setdefault((series_id, area_id, code), []).append(
            HandAct(value, when, successor is None, (withdrawn_why if successor is None else corrected_why) or ""))
    return out


def _undoes_a_hand_act(row: CheckedRow, old: Observation | None, acts: list[HandAct]) -> RowProblem | None:
    """A file row that would silently undo what someone did by hand: put back a value taken away (replaced or
    withdrawn), change a figure settled by hand, or make a definitive figure provisional again. The whole import
    is refused; the row says what happened and how to go on."""
    name = f"{row.series.name} {row.period.label}"
    shown = format_number(float(row.value), row.series.unit)
    if old is not None and old.status == Observation.Status.DEFINITIVE and row.status != old.status:
        return RowProblem(row.row, "status", f"{name} is definitief; het bestand maakt het weer voorlopig. Een "
                                             "definitief cijfer wordt niet opnieuw voorlopig: zet 'definitief' in het "
                                             "bestand", "definitief wordt voorlopig")
    settled = old is not None and old.batch_id is None and bool(old.correction_reason or acts)
    if old is not None and settled and _differs(old, row):
        why = f" (reden: {old.correction_reason[:200]})" if old.correction_reason else ""
        said = (f"het bestand zegt {shown}" if (old.value, old.margin) != (row.value, row.margin)
                else "het bestand heeft een andere status, bron of vindplaats")
        return RowProblem(row.row, "waarde", (
            f"{name} is op {timezone.localtime(old.recorded_at):%d-%m-%Y} met de hand op "
            f"{format_number(float(old.value), row.series.unit)} gezet{why}; {said}. Neem dat cijfer over in het "
            "bestand, of corrigeer het met de hand"), "overschrijft een correctie")
    taken = next((a for a in reversed(acts) if a.value == row.value), None)
    if taken is not None and (old is None or old.value != row.value):
        done = "ingetrokken" if taken.withdrawn else "met de hand vervangen"
        then = (" Haal de rij uit het bestand, of voer het cijfer met de hand opnieuw in" if old is None
                else " Neem het cijfer van nu over in het bestand")
        return RowProblem(row.row, "waarde", (
            f"{name} ({shown}) is op {timezone.localtime(taken.when):%d-%m-%Y} {done}"
            + (f" (reden: {taken.reason[:200]})" if taken.reason else "") + "; het bestand zet het terug." + then),
            "zet een met de hand weggehaald cijfer terug")
    return None


def _replaces_an_official_figure(row: CheckedRow, old: Observation | None, official: set[int]) -> RowProblem | None:
    """A file row that changes a figure CBS or the police published: a correction of an official figure, which
    asks for a reason as on the correction page and in the API. A file gives none: one typo replaced the police's
    85 by 999 without a word (walk AO); a row with the police's value and another source first, then another
    value, went round the check, and another source alone made the figure one of the municipality's own and
    took it out of the partners' region figure (walk AP)."""
    if old is None or old.batch_id not in official:  # called for rows that change something (`_same` before)
        return None
    unit = row.series.unit
    value, shown = format_number(float(old.value), unit), format_number(float(row.value), unit)
    # A note alone changes it too: the row would be stored as the file's, and the next file's value go round.
    said = (f"het bestand zegt {shown}" if old.value != row.value
            else "het bestand geeft het een andere marge, status, bron, document, vindplaats of toelichting")
    return RowProblem(row.row, "waarde", (
        f"{row.series.name} {row.period.label} is {value} volgens de open data van CBS en de politie; {said}. Een "
        "officieel cijfer wordt niet met een bestand veranderd: corrigeer het met de hand, met een reden, of haal de "
        "rij uit het bestand"), "verandert een officieel cijfer")


def _differs(old: Observation, row: CheckedRow) -> bool:
    """Whether a file row would change a figure in more than its note."""
    return ((old.value, old.margin, old.status, old.source, old.source_document, old.source_reference)
            != (row.value, row.margin, row.status, row.source, row.document, row.reference))


def _same(old: Observation, row: CheckedRow) -> bool:
    return (old.value == row.value and old.margin == row.margin and old.status == row.status
            and old.source == row.source and old.source_document == row.document
            and old.source_reference == row.reference and old.note == row.note)



def store_row(row: CheckedRow, old: Observation | None, *, actor_name: str, user=None, batch=None,
              reason: str = "") -> Observation:
    """Write a checked row as the current observation; an old one is kept and marked as superseded."""
    (new,) = store_rows([(row, old, reason)], actor_name=actor_name, user=user, batch=batch)
    return new


def store_rows(changes: list[tuple[CheckedRow, Observation | None, str]], *, actor_name: str, user=None,
               batch=None, new: list[Observation] | None = None, params: list[list] | None = None) -> list[Observation]:
    """`store_row` for many (row, old observation or None, reason) at once, in a few bulk statements. `new` and
    `params` (from `_observations` and `_params`) may be made before the transaction, outside the write lock."""
    now = timezone.now()
    olds = [old for _row, old, _reason in changes if old is not None]
    for superseded in olds:  # first out of the way: only one observation per series, area and period is current
        superseded.superseded_at = now
    Observation.objects.bulk_update(olds, ["superseded_at"], batch_size=BULK)
    new = new if new is not None else _observations(changes, actor_name=actor_name, user=user)
    for observation in new:
        observation.batch = batch
    if batch is None or len(new) < BULK:
        Observation.objects.bulk_create(new, batch_size=BULK)
    else:
        _insert(new, params or _params(new), batch, [old is not None for _row, old, _reason in changes])
    for (_row, old, _reason), observation in zip(changes, new, strict=True):
        if old is not None:
            old.superseded_by = observation
    Observation.objects.bulk_update(olds, ["superseded_by"], batch_size=BULK)
    return new


BULK = 500  # rows per statement: well under SQLite's limit of host parameters


def _observations(changes, *, actor_name: str, user) -> list[Observation]:
    now = timezone.now()
    return [Observation(series=row.series, area=row.area, period=row.period.code, period_kind=row.period.kind,
                        period_start=row.period.start, period_end=row.period.end, value=row.value,
                        margin=row.margin, status=row.status, source=row.source, source_document=row.document,
                        source_reference=row.reference, note=row.note, recorded_by=user,
                        recorded_by_name=actor_name, correction_reason=reason, recorded_at=now)
            for row, _old, reason in changes]


def _fields():
    return [f for f in Observation._meta.concrete_fields if not f.primary_key]


def _params(observations: list[Observation]) -> list[list]:
    """Each observation's column values as the database takes them (the batch is filled in by `_insert`)."""
    from django.db import DEFAULT_DB_ALIAS, connections

    connection, fields = connections[DEFAULT_DB_ALIAS], _fields()
    return [[f.get_db_prep_save(getattr(o, f.attname), connection) for f in fields] for o in observations]


def _insert(new: list[Observation], params: list[list], batch: ImportBatch, replacing: list[bool]) -> None:
    """The INSERT of bulk_create without its per-row SQL building (most of an import's time under the write
    lock): all rows in one executemany. The ids of the rows that replace an older figure are then read back by
    their key, for the old row's link to its successor."""
    from django.db import connection

    fields = _fields()
    at = [f.attname for f in fields].index("batch_id")
    for row in params:
        row[at] = batch.pk
    q = connection.ops.quote_name
    sql = (f"INSERT INTO {q(Observation._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    wanted: dict[tuple, Observation] = {(o.series_id, o.area_id, o.period): o for o, replaces in zip(new, replacing, strict=True) if replaces}
    if wanted:
        for pk, *key in (Observation.objects.filter(batch=batch, superseded_at__isnull=True)
                         .values_list("pk", "series_id", "area_id", "period")):
            if tuple(key) in wanted:
                wanted[tuple(key)].pk = pk
