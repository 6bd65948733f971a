"""Importing official statistics from files: a download on disk, or the pages fetched from CBS's OData service.

One act each, `import_files` and `fetch_and_import`, which the command line (and anything after it) calls. Both are
all or nothing. A file that cannot be read as the table it claims to be raises `OpenDataError` with a message that
names the file and what is wrong; a file that is read but refused comes back as a report with its problem. The
progress callbacks are plain functions `(done, total)`: the caller decides whether a bar is drawn.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gzip
import hashlib
import itertools
import os
import sys
import threading
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from ivb.domain.encoding import ZIPPED, EncodingProblem, binary_kind, decode, encoding_name, python_codec
from ivb.domain.opendata_tables import Table
from ivb.opendata.readers import NUMBER, OpenDataError, _layout, provisional_periods, read_odata3, read_survey_wide
from ivb.opendata.tables import REGION, table
from ivb.store.opendata_import import (Locate, OpenDataReport, Progress, cbs_regions, import_cells, import_frame,
                                      survey_frame)

BULK_BYTES = 20 * 1024 * 1024  # a plain CSV above this is read in one streaming pass by polars


@dataclass(frozen=True)
class FileImport:
    """What `ivb opendata import` is asked to do: the files and the choices that go with them."""

    paths: tuple[str, ...]
    table: str | None = None  # like 47018NED; else read from the file name
    areas: frozenset[str] | None = None  # only these municipalities (or regions) with their wijken and buurten
    measure_codes: str | None = None  # OData v4: the table's MeasureCodes
    periods: str | None = None  # the table's Perioden metadata: which periods are still provisional
    country: bool = False  # sum the municipalities to national figures (NL01) and store only those
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Fetched:
    report: OpenDataReport
    folder: Path  # where the fetched pages are kept
    pages: int
    provisional: frozenset[str]


def import_files(request: FileImport, *, actor_name: str, user=None, read_progress: Progress | None = None,
                 store_progress: Progress | None = None) -> OpenDataReport:
    """Import one download. The file's fingerprint (SHA-256, kept with the import) is taken in a thread beside the
    reading: a national file runs to gigabytes, and nothing is stored before the fingerprint is done."""
    request = _checked(request)
    for path in request.paths:
        _refuse_packed_or_utf16(path)
    if request.table and table(request.table).format == "wide":
        return _import_survey(request, table(request.table), actor_name=actor_name, user=user)
    from ivb.opendata.files import open_cells

    definition, cells = open_cells(list(request.paths), request.table, measure_codes=request.measure_codes,
                                   periods=request.periods, encoding=request.encoding)
    areas = set(request.areas) if request.areas is not None else None
    bulk = _bulk(request)
    # The fast reader leaves out the rows of other areas as it reads: the fingerprint, which reads every byte
    # anyway, counts the lines for "… buiten de gekozen gebieden".
    fingerprint = _Fingerprint(request.paths, read_progress, count_rows=bulk and areas is not None)
    name = Path(request.paths[0]).name
    locate = _locator(request.paths[0], request.encoding, request.country)
    try:
        if bulk:
            return _import_bulk(request, definition, fingerprint, name=name, locate=locate, actor_name=actor_name,
                                user=user, progress=store_progress)
        if request.country:
            raise OpenDataError("--country werkt op één gewoon CSV-bestand (niet gecomprimeerd, geen JSON)")
        return import_cells(cells, definition, filename=name, sha256=fingerprint.hexdigest, actor_name=actor_name,
                            user=user, municipalities=areas, progress=store_progress, locate=locate)
    finally:
        fingerprint.join()


def _import_bulk(request: FileImport, definition: Table, fingerprint: _Fingerprint, *, name: str,
                 locate: Locate | None, actor_name: str, user, progress: Progress | None) -> OpenDataReport:
    """One large plain CSV read by polars in one streaming pass: the rows of the chosen areas, or the sums of all
    municipalities to the country."""
    from ivb.opendata.bulk import scan_frame

    path = request.paths[0]
    areas = set(request.areas) if request.areas is not None else None
    provisional = (provisional_periods(Path(request.periods).read_bytes(), request.periods)
                   if request.periods else frozenset())
    # GM0000 holds crimes of unknown place: summed when there, not required
    complete = sum(1 for code in cbs_regions() if code.startswith("GM") and code != "GM0000")
    frame = scan_frame(path, definition, municipalities=areas, country=request.country,
                       provisional_periods=provisional, complete=complete)
    if request.country and not frame.height:
        _refuse_without_municipalities(path)  # else it is empty, and refused as such
    report = import_frame(frame, definition, report=OpenDataReport(name, definition.id),
                          sha256=fingerprint.hexdigest, actor_name=actor_name, user=user,
                          municipalities=None if request.country else areas, progress=progress,
                          read=_cells_read(path, fingerprint) if fingerprint.count_rows else None, locate=locate)
    missing = frame["value"].null_count() if request.country else 0
    if missing and report.ok:
        report.uncomputed_totals = (missing, complete)
    return report


def fetch_and_import(table_id: str, areas: list[str], *, actor_name: str, base: str | None = None, user=None,
                     fetch_progress: Callable[..., None] | None = None,
                     store_progress: Progress | None = None) -> Fetched:
    """Fetch a table for some areas from CBS (only when a person asks), keep the pages under the data folder, and
    import them. `fetch_progress(bytes, pagina=n)` follows the download."""
    from ivb.opendata.fetch import DEFAULT_BASE, fetch_pages, fetch_periods, first_url

    wanted = sorted({a.strip().upper() for a in areas})
    definition = table(table_id)
    folder = Path(settings.DATA_DIR) / "downloads" / definition.id / dt.datetime.now().strftime("%Y-%m-%dT%H%M%S")
    pages = fetch_pages(first_url(base or DEFAULT_BASE, definition, wanted), folder,
                        progress=(lambda n, size: fetch_progress(size, pagina=n)) if fetch_progress else None)
    provisional = provisional_periods(fetch_periods(base or DEFAULT_BASE, definition, folder),
                                      f"{definition.id} Perioden")
    content = [p.read_bytes() for p in pages]
    cells = read_odata3(content, definition.id, name=f"{definition.id} (opgehaald)", provisional_periods=provisional)
    report = import_cells(cells, definition, filename=f"{definition.id} opgehaald {folder.name}",
                          sha256=hashlib.sha256(b"".join(content)).hexdigest(), actor_name=actor_name, user=user,
                          municipalities=set(wanted), progress=store_progress)
    return Fetched(report, folder, len(pages), frozenset(provisional))


def total_size(paths: tuple[str, ...] | list[str]) -> int | None:
    try:
        return sum(Path(p).stat().st_size for p in paths)
    except OSError:  # the reading says which file and why
        return None


def _checked(request: FileImport) -> FileImport:
    """The choices, refused before any file is opened when they cannot go together."""
    try:
        encoding = encoding_name(request.encoding)
    except ValueError as exc:
        raise OpenDataError(f"--encoding: {exc}") from None
    areas = frozenset(a.strip().upper() for a in request.areas) if request.areas else None
    if areas and request.country:
        raise OpenDataError("--area en --country gaan niet samen: --country telt alle gemeenten op")
    bad_area = next((a for a in sorted(areas or ()) if not REGION.match(a)), None)
    if bad_area:
        raise OpenDataError(f"--area {bad_area}: geen regiocode (zoals GM0553, WK055301, RE06)")
    _known_municipalities(areas or frozenset())
    areas = _with_those_taken_in(areas) if areas else areas
    if request.country and encoding != "utf-8":  # the fast reader (polars) reads UTF-8 only
        raise OpenDataError("--country leest alleen UTF-8; sla het bestand op als UTF-8")
    return FileImport(tuple(request.paths), request.table, areas, request.measure_codes, request.periods,
                      request.country, encoding)


def _with_those_taken_in(codes: frozenset[str]) -> frozenset[str]:
    """A municipality with the ones it took in under its own code (Noordwijk with Noordwijkerhout) or was formed
    from (Dijk en Waard from Heerhugowaard and Langedijk): their counts of earlier years make its own earlier years
    comparable with later ones (see `store.picture`)."""
    from ivb.store.annexations import border_changes

    return codes | {a.taken.code for items in border_changes(list(codes)).values() for a in items}


def _known_municipalities(codes: frozenset[str]) -> None:
    """A municipality code IVB does not know (since `ivb setup` it knows every one since 1990) is a typo: refused
    with the nearest known code, before anything is read. Wijken and buurten come with the file's own regions."""
    from ivb.store.areas import unknown_municipality_message
    from ivb.store.models import Area

    asked = {c for c in codes if c.startswith("GM")}
    known = set(Area.objects.filter(code__in=asked).values_list("code", flat=True))
    unknown = sorted(asked - known)
    if unknown:
        raise OpenDataError(f"--area {unknown[0]}: {unknown_municipality_message(unknown[0])}")


def _bulk(request: FileImport) -> bool:
    """One large plain UTF-8 CSV (or any national sum) goes the fast way; the rest through the cell readers."""
    path = request.paths[0]
    plain_csv = len(request.paths) == 1 and path.lower().endswith(".csv")
    if request.encoding != "utf-8":
        return False
    return plain_csv and (request.country or Path(path).stat().st_size > BULK_BYTES)


# What a file given where a CSV is wanted may be instead, by its first bytes.
UTF16 = "dit bestand is UTF-16 (Unicode-tekst); sla het op als CSV UTF-8 (in Excel: Opslaan als, CSV UTF-8)"
GZIP = "dit is een gzip-bestand; geef het een naam die op .gz eindigt, of pak het eerst uit en importeer het CSV-bestand"


def _refuse_packed_or_utf16(path: str) -> None:
    """A zip, a gzip file without .gz, UTF-16 text (Excel's "Unicode-tekst") or a PDF is refused for what it is,
    before it is read as UTF-8 and refused for a bad byte on its first line."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(4096)
        if path.lower().endswith(".gz") and head.startswith(b"\x1f\x8b"):
            with gzip.open(path, "rb") as stream:  # what is inside
                head = stream.read(4096)
    except (OSError, EOFError, zlib.error):
        return  # the reader says why it cannot be read
    problem = _not_csv(path, head)
    if problem:
        raise OpenDataError(f"{path}: {problem}")


def _not_csv(path: str, head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_mark(head):
        return UTF16
    if head.startswith(b"\x1f\x8b"):
        return GZIP
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    kind = binary_kind(head)
    return f"dit is {kind}, geen CSV-bestand; sla het op als CSV UTF-8" if kind else None


def _utf16_without_mark(head: bytes) -> bool:
    """Text of ASCII letters as UTF-16: every other byte a zero, the ones between not."""
    sample = head[:min(len(head), 200) // 2 * 2]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    return (not odd.strip(b"\x00") and b"\x00" not in even) or (not even.strip(b"\x00") and b"\x00" not in odd)


def _zip_kind(path: str) -> str:
    """'dit is een zip-bestand; pak het eerst uit …', naming the CSV inside; an Office file by its kind."""
    try:
        names = zipfile.ZipFile(path).namelist()
    except (OSError, zipfile.BadZipFile):
        names = []
    office = next((kind for prefix, kind in ZIPPED if any(n.startswith(prefix) for n in names)), None)
    if office:
        return f"dit is {office}, geen CSV-bestand; sla het op als CSV UTF-8 (in Excel: Opslaan als, CSV UTF-8)"
    inside = [n for n in names if n.lower().endswith((".csv", ".json"))]
    return ("dit is een zip-bestand; pak het eerst uit en importeer het CSV-bestand"
            + (f" ({inside[0]})" if len(inside) == 1 else ""))


def _cells_read(path: str, fingerprint: _Fingerprint) -> Callable[[], int]:
    """How many cells the file holds: its rows, counted by the fingerprint, times its measure columns."""
    with _text(path, "utf-8") as stream:
        first = stream.readline().lstrip("\ufeff")
    header = next(csv.reader([first], delimiter=";" if first.count(";") > first.count(",") else ","), [])
    measures = len(_layout([h.strip() for h in header], path).measures)
    return lambda: fingerprint.rows() * measures


def _refuse_without_municipalities(path: str) -> None:
    """--country sums municipality rows: a file with rows but none of a municipality has nothing to sum."""
    with _text(path, "utf-8") as stream:
        if any(line.strip() for line in itertools.islice(stream, 1, None)):
            raise OpenDataError(f"{path}: geen rijen van gemeenten (regiocode GM…) om op te tellen; --country "
                                "telt gemeenten op tot heel Nederland")


def _text(path: str, encoding: str):
    opener = gzip.open if path.lower().endswith(".gz") else open
    return opener(path, "rt", encoding=python_codec(encoding), newline="")


def _locator(path: str, encoding: str, country: bool) -> Locate | None:
    """For a CSV file: where a refused cell is (`opendata_import.Locate`), read again up to it. Only a refusal
    asks, so an import that goes through never reads the file twice."""
    if path.lower().endswith((".json", ".json.gz")):
        return None

    def locate(cell: dict, column: str | None, bad: Callable[[float], bool] | None) -> tuple[str, str] | None:
        try:
            return _find_cell(path, encoding, cell, column, bad, country)
        except (OSError, EOFError, zlib.error, UnicodeDecodeError, csv.Error, OpenDataError, ValueError):
            return None  # the message then names the cell by its keys

    return locate


def _find_cell(path: str, encoding: str, cell: dict, column: str | None, bad: Callable[[float], bool] | None,
               country: bool) -> tuple[str, str] | None:
    """The first row with the cell's keys (with --country: any municipality's) whose value in `column` is
    wrong by `bad`, numbered as the reader numbers rows."""
    with _text(path, encoding) as stream:
        first = stream.readline().lstrip("\ufeff")
        separator = ";" if first.count(";") > first.count(",") else ","
        rows = csv.reader(itertools.chain([first], stream), delimiter=separator)
        header = [h.strip() for h in next(rows)]
        layout = _layout(header, path)
        at = layout.region if column is None else header.index(column)
        keys = {"region": layout.region, "period": layout.period, "code": layout.code}
        for line, row in enumerate(rows, 2):
            if len(row) != len(header) or not _same(row, keys, cell, country):
                continue
            text = row[at].strip().rstrip("*").strip()
            if bad is None or (NUMBER.match(text) and bad(float(text))):
                return f"{path}, regel {line}, kolom {header[at]}", text
    return None


def _same(row: list[str], keys: dict[str, int | None], cell: dict, country: bool) -> bool:
    for key, at in keys.items():
        found = row[at].strip().rstrip("*") if at is not None else ""
        if key == "region" and country:
            if not found.startswith("GM"):
                return False
        elif cell.get(key) is not None and found != cell[key]:
            return False
    return True


def _import_survey(request: FileImport, definition: Table, *, actor_name: str, user) -> OpenDataReport:
    """The Veiligheidsmonitor in wide form, with its margins: one file, read whole (it is small)."""
    path = request.paths[0]
    try:
        content = Path(path).read_bytes()
        text = decode(content, request.encoding)
    except OSError as exc:
        raise OpenDataError(f"{path}: {exc.strerror}") from None
    except EncodingProblem as exc:
        raise OpenDataError(f"{path}: {exc}") from None
    frame, defs = survey_frame(list(read_survey_wide(text.splitlines(), name=path)), definition)
    areas = set(request.areas) if request.areas is not None else None
    return import_frame(frame, definition, report=OpenDataReport(Path(path).name, definition.id),
                        sha256=hashlib.sha256(content).hexdigest(), actor_name=actor_name, user=user,
                        municipalities=areas, series_defs=defs)


class _Fingerprint:
    """The SHA-256 of the files, read in pieces in a thread of low priority: it takes the time that parsing and
    storing leave idle. The import asks for it once the rows are in, so both run at once."""

    def __init__(self, paths: tuple[str, ...], progress: Progress | None, *, count_rows: bool = False) -> None:
        self.paths, self.progress, self.count_rows = paths, progress, count_rows
        self.digest = hashlib.sha256()
        self.line_ends, self.last = 0, b"\n"
        self.failed: OSError | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        if sys.platform == "linux":  # this thread only
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        buffer, done, total = bytearray(1 << 22), 0, total_size(self.paths)
        try:
            for path in self.paths:
                with open(path, "rb") as stream:
                    while size := stream.readinto(buffer):
                        self.digest.update(memoryview(buffer)[:size])
                        if self.count_rows:  # numpy: about a tenth of a second per GB
                            self.line_ends += int(np.count_nonzero(np.frombuffer(buffer, np.uint8, size) == 10))
                            self.last = bytes(buffer[size - 1:size])
                        done += size
                        if self.progress:
                            self.progress(done, total)
        except OSError as exc:  # said where the fingerprint is asked for; the import then writes nothing
            self.failed = exc

    def hexdigest(self) -> str:
        self.thread.join()
        if self.failed:
            raise OpenDataError(f"{self.failed.filename or self.paths[0]}: de vingerafdruk (SHA-256) kon niet worden "
                                f"gemaakt ({self.failed.strerror}); er is niets opgeslagen")
        return self.digest.hexdigest()

    def rows(self) -> int:
        """The lines after the header (a last line without a line end too): the rows of a StatLine CSV, whose
        fields hold no line breaks."""
        self.thread.join()
        return max(0, self.line_ends + (self.last != b"\n") - 1)

    def join(self) -> None:
        self.thread.join()
