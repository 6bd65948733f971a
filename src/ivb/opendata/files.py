"""Open downloaded files as a stream of cells: which reader, which table. No Django here."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path

from ivb.domain.encoding import locate_bad_byte, python_codec
from ivb.opendata.readers import (Cell, OpenDataError, provisional_periods, read_csv, read_odata3, read_odata4,
                                  table_from_filename)
from ivb.domain.opendata_tables import Table
from ivb.opendata.tables import table


def open_cells(paths: list[str], table_id: str | None = None, *, measure_codes: str | None = None,
               periods: str | None = None, encoding: str | None = None) -> tuple[Table, Iterator[Cell]]:
    """One CSV file, or one or more JSON pages of the same OData answer. `periods`: the table's Perioden
    metadata, which says which periods are still provisional. `encoding`: a CSV file's encoding as the user
    named it (UTF-8 when not named; never guessed)."""
    if not paths:
        raise OpenDataError("geef een bestand")
    for path in [*paths, *(p for p in (measure_codes, periods) if p)]:  # first: a typo in a name is not a table
        if not Path(path).is_file():
            raise OpenDataError(f"{path}: bestand niet gevonden")
    named = table_from_filename(paths[0])
    if table_id and named and named.upper() != table_id.upper():
        raise OpenDataError(f"{paths[0]}: de bestandsnaam zegt tabel {named}, niet {table_id}")
    table_id = table_id or named
    if not table_id:
        raise OpenDataError(f"{paths[0]}: zeg welke tabel dit is met --table (bijvoorbeeld --table 47018NED)")
    definition = table(table_id)
    provisional = provisional_periods(_read(periods), periods) if periods else frozenset()
    if paths[0].lower().endswith((".json", ".json.gz")):
        pages = [_read(p) for p in paths]
        first = json.loads(pages[0]) if _looks_json(pages[0]) else None
        if isinstance(first, dict) and ("@odata.context" in first or _has_measure(first)):
            titles = _measure_titles(measure_codes) if measure_codes else {}
            mapping = {code: definition.measure_for_title(title) or code for code, title in titles.items()}
            return definition, read_odata4(pages, definition.id, name=paths[0], measures=mapping,
                                           provisional_periods=provisional)
        return definition, read_odata3(pages, definition.id, name=paths[0], provisional_periods=provisional)
    if len(paths) > 1:
        raise OpenDataError("CSV: één bestand per keer")
    return definition, _csv(paths[0], definition.id, provisional, encoding)


def _csv(path: str, table_id: str, provisional: frozenset[str] = frozenset(), encoding: str | None = None):
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding=python_codec(encoding), newline="") as stream:
            yield from read_csv(stream, table_id, name=path, provisional_periods=provisional)
    except UnicodeDecodeError:
        raise OpenDataError(f"{path}: {where_not_text(path, encoding)}") from None
    except (OSError, EOFError, zlib.error) as exc:
        raise OpenDataError(f"{path}: kan het bestand niet lezen ({exc.__class__.__name__}); is het afgekapt?") from None


def where_not_text(path: str, encoding: str | None = None) -> str:
    """Where a file stops being text in its encoding, read again in pieces: 'regel 12, byte 345: …'."""
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as stream:
            return locate_bad_byte(iter(lambda: stream.read(1 << 20), b""), encoding)
    except (OSError, EOFError, zlib.error) as exc:
        return f"kan het bestand niet lezen ({exc.__class__.__name__})"


def _read(path: str) -> bytes:
    try:
        data = Path(path).read_bytes()
        return gzip.decompress(data) if path.endswith(".gz") else data
    except (OSError, EOFError, zlib.error) as exc:
        raise OpenDataError(f"{path}: kan het bestand niet lezen ({exc.__class__.__name__}); is het afgekapt?") from None


def _looks_json(data: bytes) -> bool:
    try:
        json.loads(data)
        return True
    except ValueError:
        return False


def _has_measure(page: dict) -> bool:
    rows = page.get("value")
    return isinstance(rows, list) and bool(rows) and isinstance(rows[0], dict) and "Measure" in rows[0]


def _measure_titles(path: str) -> dict[str, str]:
    try:
        data = json.loads(_read(path))
    except ValueError:
        raise OpenDataError(f"{path}: geen geldige JSON; verwacht de MeasureCodes van de tabel") from None
    rows = data.get("value", []) if isinstance(data, dict) else []
    return {str(r.get("Identifier")): str(r.get("Title", "")) for r in rows if isinstance(r, dict)}

