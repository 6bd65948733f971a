"""Readers for what a user downloads from CBS StatLine and the police open data, into one shape: `Cell`.

- StatLine CSV, Untyped and Typed data sets (`;`, a BOM, space-padded keys and numbers, `.` or empty for
  missing), and the CSV that cbsodataR and similar tools write (`,`, `*_label` columns beside the keys).
- OData v3 JSON pages (`value` rows with one column per measure, `odata.nextLink`).
- OData v4 long format (`Observations`: one row per value with `Measure`, the dimension codes and
  `ValueAttribute`).

Empty means suppressed or unknown, never zero: such a cell has `value=None`. A period key or value marked with
`*` is provisional. Readers stream: they yield cells as they read and never hold a file whole. They import
nothing from Django; checking codes against IVB's lists is `ivb.opendata.tables`' job.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ivb.domain.encoding import csv_words

PERIOD = re.compile(r"^([0-9]{4})(JJ|KW|MM)([0-9]{2})(\*?)$")
MEASURE = re.compile(r"^[A-Za-z][A-Za-z0-9]*_[0-9]+$")  # StatLine topic keys end in _<n>
REGION_DIMENSIONS = ("RegioS", "WijkenEnBuurten", "Gemeenten", "Regio")
IGNORED = {"", "ID", "Id"}
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


class OpenDataError(ValueError):
    """A file that cannot be read as what it claims to be. The message says where."""


@dataclass(frozen=True, slots=True)
class Cell:
    table: str
    measure: str
    code: str        # the code of the table's non-region dimension (crime type, nuisance type), or ""
    region: str      # GM0553, WK055301, BU05530101, NL01, PV28, RE06, …
    period: str      # StatLine period key without the `*`: 2015JJ00, 2019MM03
    value: float | None
    provisional: bool


def period_code(key: str) -> str:
    """StatLine's period key as IVB's period code: 2015JJ00 -> 2015, 2019MM03 -> 2019-03, 2019KW02 -> 2019-Q2."""
    match = PERIOD.match(key)
    if not match:
        raise OpenDataError(f"onbekende periode '{key}'")
    year, kind, n = match.group(1), match.group(2), int(match.group(3))
    if kind == "JJ" and n == 0:
        return year
    if kind == "MM" and 1 <= n <= 12:
        return f"{year}-{n:02d}"
    if kind == "KW" and 1 <= n <= 4:
        return f"{year}-Q{n}"
    raise OpenDataError(f"onbekende periode '{key}'")


# ---------------------------------------------------------------------------------------------------- CSV

def read_csv(stream: Iterable[str], table: str, *, name: str = "bestand",
             provisional_periods: frozenset[str] = frozenset(),
             uses: Callable[[str], bool] | None = None) -> Iterator[Cell]:
    """StatLine CSV (`;`) or a tool's export (`,`). `stream` yields text lines (an open file in text mode).
    `uses`: which region keys are wanted; other rows are checked for their number of columns only."""
    lines = iter(stream)
    try:
        first = next(lines)
    except StopIteration:
        raise OpenDataError(f"{name}: het bestand is leeg") from None
    first = first.lstrip("\ufeff")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(_chain(first, lines), delimiter=delimiter, strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise OpenDataError(f"{name}, regel 1: de kopregel is geen CSV ({csv_words(exc)})") from None
    layout = _layout(header, name)
    width = len(header)
    line = 1
    try:
        for line, row in enumerate(reader, 2):
            if not row:
                continue
            if len(row) != width:
                raise OpenDataError(f"{name}, regel {line}: {len(row)} kolommen in plaats van {width}; "
                                    "is het bestand afgekapt of beschadigd?")
            if uses is None or uses(row[layout.region].strip()):
                yield from _cells(table, layout, row, name, line, provisional_periods)
    except csv.Error as exc:
        raise OpenDataError(f"{name}, regel {line + 1}: geen geldige CSV ({csv_words(exc)}); is het bestand afgekapt?") from None


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


@dataclass(frozen=True)
class _Layout:
    region: int
    period: int
    code: int | None
    measures: tuple[tuple[int, str], ...]
    period_label: int | None = None  # cbsodataR's Perioden_label: the title, "2024*" when provisional


def _layout(header: list[str], name: str) -> _Layout:
    index = {h: i for i, h in enumerate(header)}
    if "Perioden" not in index:
        raise OpenDataError(f"{name}: geen kolom Perioden; dit is geen StatLine-tabel (kolommen: {', '.join(header)})")
    region = next((index[r] for r in REGION_DIMENSIONS if r in index), None)
    if region is None:
        raise OpenDataError(f"{name}: geen regiokolom ({' of '.join(REGION_DIMENSIONS)}); kolommen: {', '.join(header)}")
    measures = tuple((i, h) for i, h in enumerate(header) if MEASURE.match(h) and not _is_extra_topic(h))
    if not measures:
        raise OpenDataError(f"{name}: geen meetkolommen (zoals GeregistreerdeMisdrijven_1)")
    taken = {region, index["Perioden"], *(i for i, _ in measures)}
    dims = [i for i, h in enumerate(header)
            if i not in taken and h not in IGNORED and not h.endswith(("_label", "_Date", "_freq"))
            and not _is_extra_topic(h)]
    if len(dims) > 1:
        raise OpenDataError(f"{name}: meer dimensies dan IVB kent ({', '.join(header[i] for i in dims)}); "
                            "download de tabel met één soort-dimensie")
    return _Layout(region, index["Perioden"], dims[0] if dims else None, measures, index.get("Perioden_label"))


def _is_extra_topic(h: str) -> bool:
    # cbsodataR writes topics like Gemeentenaam_2 and SoortRegio_3 beside the figures: text, not figures.
    return bool(re.match(r"^(Gemeentenaam|SoortRegio|Codering|Indelingswijziging)", h))


def _cells(table: str, layout: _Layout, row: list[str], name: str, line: int,
           provisional_periods: frozenset[str]) -> Iterator[Cell]:
    period = row[layout.period].strip()
    provisional = (period.endswith("*") or period.rstrip("*") in provisional_periods
                   or (layout.period_label is not None and row[layout.period_label].strip().endswith("*")))
    period = period.rstrip("*")
    if not PERIOD.match(period):
        raise OpenDataError(f"{name}, regel {line}, kolom Perioden: '{period}' is geen StatLine-periode (zoals 2015JJ00)")
    region = row[layout.region].strip()
    code = row[layout.code].strip() if layout.code is not None else ""
    for column, measure in layout.measures:
        value, marked = _number(row[column], name, line, measure)
        yield Cell(table, measure, code, region, period, value, provisional or marked)


def _number(raw: str, name: str, line: int, column: str) -> tuple[float | None, bool]:
    text = raw.strip()
    marked = text.endswith("*")
    text = text.rstrip("*").strip()
    if text in ("", ".", "-", "x", "NA"):
        return None, marked  # suppressed or unknown: never zero
    if NUMBER.match(text):
        return float(text), marked
    if re.match(r"^-?[0-9]{1,3}(\.[0-9]{3})*,[0-9]+$|^-?[0-9]+,[0-9]+$", text):
        raise OpenDataError(f"{name}, regel {line}, kolom {column}: '{text}' heeft een decimaalkomma; StatLine-CSV "
                            "gebruikt een punt. Is het bestand in een spreadsheet opnieuw opgeslagen?")
    raise OpenDataError(f"{name}, regel {line}, kolom {column}: '{text}' is geen getal")


# --------------------------------------------------------------------------------------------- OData v3

def read_odata3(pages: Iterable[bytes | str], table: str, *, name: str = "OData",
                provisional_periods: frozenset[str] = frozenset()) -> Iterator[Cell]:
    """OData v3 JSON pages of TypedDataSet/UntypedDataSet: `{"odata.metadata": …, "value": [rows]}`."""
    for page_number, page in enumerate(pages, 1):
        data = _json(page, f"{name}, pagina {page_number}")
        rows = data.get("value") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            raise OpenDataError(f"{name}, pagina {page_number}: geen 'value' met rijen; is dit een OData-antwoord?")
        _check_metadata_table(data.get("odata.metadata", ""), table, f"{name}, pagina {page_number}")
        if not rows:
            continue
        if not all(isinstance(row, dict) for row in rows):
            raise OpenDataError(f"{name}, pagina {page_number}: de rijen zijn geen objecten; is dit een OData-antwoord?")
        header = list(rows[0])
        layout = _layout(header, f"{name}, pagina {page_number}")
        for row_number, row in enumerate(rows, 1):
            where = f"{name}, pagina {page_number}"
            values = [_text(row.get(h)) for h in header]
            yield from _cells(table, layout, values, where, row_number, provisional_periods)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise OpenDataError(f"onverwachte waarde {value!r}")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --------------------------------------------------------------------------------------------- OData v4

V4_MISSING = {"Missing", "Unknown", "Impossible", "Confidential", "NotApplicable", "Suppressed"}


def read_odata4(pages: Iterable[bytes | str], table: str, *, name: str = "OData v4",
                measures: dict[str, str] | None = None,
                provisional_periods: frozenset[str] = frozenset()) -> Iterator[Cell]:
    """OData v4 `Observations`: one row per value. `measures` maps the v4 measure codes (M000123) to the
    measure keys of the table's definition, read from the table's `MeasureCodes`."""
    measures = measures or {}
    for page_number, page in enumerate(pages, 1):
        where = f"{name}, pagina {page_number}"
        data = _json(page, where)
        rows = data.get("value") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            raise OpenDataError(f"{where}: geen 'value' met rijen; is dit een OData-antwoord?")
        _check_metadata_table(data.get("@odata.context", ""), table, where)
        for row_number, row in enumerate(rows, 1):
            if not isinstance(row, dict) or "Measure" not in row or "Perioden" not in row:
                raise OpenDataError(f"{where}, rij {row_number}: geen Observations-rij (Measure en Perioden ontbreken)")
            if row.get("StringValue") is not None:
                continue  # a text topic (a municipality's name beside the figures), not a figure
            region_key = next((k for k in REGION_DIMENSIONS if k in row), None)
            if region_key is None:
                raise OpenDataError(f"{where}, rij {row_number}: geen regiocode")
            others = [k for k in row if k not in ("Id", "Measure", "Value", "ValueAttribute", "Perioden", region_key,
                                                  "StringValue")]
            if len(others) > 1:
                raise OpenDataError(f"{where}: meer dimensies dan IVB kent ({', '.join(others)})")
            period = str(row["Perioden"]).strip()
            provisional = period.endswith("*") or period.rstrip("*") in provisional_periods
            period = period.rstrip("*")
            if not PERIOD.match(period):
                raise OpenDataError(f"{where}, rij {row_number}: '{period}' is geen StatLine-periode")
            attribute = row.get("ValueAttribute") or "None"
            value = row.get("Value")
            if attribute in V4_MISSING or value is None:
                value = None
            elif not isinstance(value, (int, float)) or isinstance(value, bool):
                raise OpenDataError(f"{where}, rij {row_number}: waarde {value!r} is geen getal")
            measure = measures.get(str(row["Measure"]).strip(), str(row["Measure"]).strip())
            yield Cell(table, measure, str(row[others[0]]).strip() if others else "",
                       str(row[region_key]).strip(), period, None if value is None else float(value), provisional)


def _json(page: bytes | str, where: str):
    try:
        return json.loads(page)
    except (ValueError, UnicodeDecodeError):
        raise OpenDataError(f"{where}: geen geldige JSON; is de download afgebroken?") from None


def _check_metadata_table(url: str, table: str, where: str) -> None:
    found = re.search(r"/([0-9]{5}[A-Za-z]{3})/", url or "")
    if found and found.group(1).upper() != table.upper():
        raise OpenDataError(f"{where}: dit is tabel {found.group(1)}, niet {table}")


def provisional_periods(content: bytes, name: str) -> frozenset[str]:
    """The period keys a table's `Perioden` metadata calls provisional: its Status says "Voorlopig" or its
    title ends in `*`. StatLine's own data files do not mark them; the metadata does. Reads the metadata as
    CSV (as downloaded beside the data) or as an OData JSON answer."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OpenDataError(f"{name}: geen UTF-8-tekst") from None
    if text.lstrip().startswith("{"):
        try:
            rows = json.loads(text).get("value")
        except (ValueError, AttributeError):
            rows = None
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) and "Key" in r for r in rows):
        raise OpenDataError(f"{name}: geen periodelijst (verwacht de kolommen Key, Title en Status van 'Perioden')")
    return frozenset(str(r["Key"]).strip() for r in rows
                     if str(r.get("Status", "")).strip().lower() == "voorlopig" or str(r.get("Title", "")).strip().endswith("*"))


def table_from_filename(filename: str) -> str | None:
    """StatLine names its downloads after the table: 83648NED_UntypedDataSet_17052018_141347.csv."""
    found = re.match(r"^([0-9]{5}[A-Za-z]{3})_", filename.rsplit("/", 1)[-1])
    return found.group(1) if found else None


# ------------------------------------------------------------------------------- Veiligheidsmonitor (wide)

WIDE_COLUMN = re.compile(r"^(Waarde|Marges)_(.+)_([0-9]{4})(\*?)$")


@dataclass(frozen=True, slots=True)
class SurveyCell:
    subject: str     # the question as StatLine titles it, without the tree marks
    unit: str        # as the export gives it: "%", "rapportcijfer", "% komt vaak voor", …
    region: str      # the region's name in the export, such as "Groningen (PV)"
    year: int
    value: float | None
    margin: float | None
    provisional: bool


def read_survey_wide(stream: Iterable[str], *, name: str = "bestand") -> Iterator[SurveyCell]:
    """A StatLine export of the Veiligheidsmonitor in wide form: a row per question (indented with `|`), its
    unit in the second column, then `Waarde_<regio>_<jaar>` and `Marges_<regio>_<jaar>` columns with a decimal
    comma. The margin is half the 95% interval, as CBS states it."""
    reader = csv.reader(stream, strict=True)
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        raise OpenDataError(f"{name}: het bestand is leeg") from None
    except csv.Error as exc:
        raise OpenDataError(f"{name}, regel 1: geen CSV ({csv_words(exc)})") from None
    columns: dict[tuple[str, int], dict[str, int]] = {}
    for i, h in enumerate(header[2:], 2):
        m = WIDE_COLUMN.match(h)
        if not m:
            raise OpenDataError(f"{name}, regel 1: kolom '{h}' is geen Waarde_<regio>_<jaar> of Marges_<regio>_<jaar>")
        columns.setdefault((m.group(2), int(m.group(3))), {})[m.group(1)] = i
        columns[(m.group(2), int(m.group(3)))]["provisional"] = bool(m.group(4))
    if not columns or any("Waarde" not in c for c in columns.values()):
        raise OpenDataError(f"{name}: geen kolommen Waarde_<regio>_<jaar>; is dit een export van de Veiligheidsmonitor?")
    line = 1
    try:
        for line, row in enumerate(reader, 2):
            if not row:
                continue
            if len(row) != len(header):
                raise OpenDataError(f"{name}, regel {line}: {len(row)} kolommen in plaats van {len(header)}; "
                                    "is het bestand afgekapt?")
            subject, unit = row[0].strip("| ").strip(), row[1].strip()
            for (region, year), where in columns.items():
                value = _comma_number(row[where["Waarde"]], name, line, header[where["Waarde"]])
                margin = _comma_number(row[where["Marges"]], name, line, header[where["Marges"]]) if "Marges" in where else None
                yield SurveyCell(subject, unit, region, year, value, margin, bool(where["provisional"]))
    except csv.Error as exc:
        raise OpenDataError(f"{name}, regel {line + 1}: geen geldige CSV ({csv_words(exc)}); is het bestand afgekapt?") from None


def _comma_number(raw: str, name: str, line: int, column: str) -> float | None:
    text = raw.strip()
    if text in ("", ".", "-", "x"):
        return None
    if re.match(r"^-?[0-9]+(,[0-9]+)?$", text):
        return float(text.replace(",", "."))
    raise OpenDataError(f"{name}, regel {line}, kolom {column}: '{text}' is geen getal met decimaalkomma")
