"""Official statistics: CBS StatLine and police open data."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from ivb.cli.base import EXIT_OK, UserError, cli_actor, django, finish
from ivb.cli.progress import progress


def add_commands(commands) -> None:
    od = commands.add_parser("opendata", help="officiële statistiek: CBS en politie (open data)").add_subparsers(
        title="opdrachten")
    p = od.add_parser("import", help="importeer een download van CBS StatLine of de politie: alles of niets")
    p.add_argument("files", metavar="FILE", nargs="+", help="één CSV, of de JSON-pagina's van één OData-antwoord")
    p.add_argument("--table", help="de tabel, zoals 47018NED (anders uit de bestandsnaam)")
    p.add_argument("--area", action="append", metavar="GEMEENTE",
                   help="alleen deze gemeente met haar wijken en buurten (mag vaker)")
    p.add_argument("--measure-codes", metavar="FILE", help="OData v4: de MeasureCodes van de tabel")
    p.add_argument("--periods", metavar="FILE",
                   help="de Perioden-metadata van de tabel (CSV of JSON): welke perioden nog voorlopig zijn")
    p.add_argument("--country", action="store_true",
                   help="tel de gemeenten op tot cijfers voor heel Nederland (NL01) en sla alleen die op")
    p.add_argument("--encoding", metavar="CODERING", default="utf-8",
                   help="de codering van een CSV-bestand: utf-8 (standaard, zoals StatLine levert) of cp1252")
    p.set_defaults(run=opendata_import)
    p = commands.add_parser("fetch", help="haal een tabel op bij CBS (OData) en importeer hem: alleen als u dit vraagt")
    p.add_argument("table", metavar="TABEL", help="zoals 47018NED")
    p.add_argument("--area", action="append", metavar="GEMEENTE", required=True,
                   help="gemeente (met wijken en buurten) of andere regio, zoals GM0553 of RE06 (mag vaker)")
    p.add_argument("--base", default=None, help="adres van de OData-dienst (standaard die van CBS)")
    p.set_defaults(run=fetch)
    p = od.add_parser("tables", help="de tabellen die IVB kan lezen")
    p.set_defaults(run=opendata_tables)



def opendata_import(args) -> int:
    django()
    import hashlib
    import threading

    from ivb.opendata.files import open_cells
    from ivb.opendata.readers import OpenDataError, provisional_periods
    from ivb.opendata.tables import REGION, table
    from ivb.store.opendata_import import (
        OpenDataReport,
        cbs_regions,
        import_cells,
        import_frame,
    )

    from ivb.domain.encoding import encoding_name

    try:
        args.encoding = encoding_name(getattr(args, "encoding", None))
    except ValueError as exc:
        raise UserError(f"--encoding: {exc}") from None
    areas = {a.strip().upper() for a in args.area} if args.area else None
    if areas and args.country:
        raise UserError("--area en --country gaan niet samen: --country telt alle gemeenten op")
    bad_area = next((a for a in sorted(areas or ()) if not REGION.match(a)), None)
    if bad_area:
        raise UserError(f"--area {bad_area}: geen regiocode (zoals GM0553, WK055301, RE06)")
    digest = hashlib.sha256()

    failed: list[OSError] = []

    def fingerprint() -> None:  # in pieces, and beside the reading: a national file runs to gigabytes
        if sys.platform == "linux":  # this thread only, at low priority: it takes the time reading leaves idle
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        buffer = bytearray(1 << 22)
        # The bar follows the fingerprint: it reads every byte, and nothing is stored before it is done.
        with progress("bestand lezen", size=True, total=_total_size(args.files)) as report:
            done = 0
            try:
                for path in args.files:
                    with open(path, "rb") as stream:
                        while size := stream.readinto(buffer):
                            digest.update(memoryview(buffer)[:size])
                            done += size
                            report(done)
            except OSError as exc:  # said where the fingerprint is asked for; the import then writes nothing
                failed.append(exc)

    hashing = threading.Thread(target=fingerprint, daemon=True)
    try:
        if args.table and table(args.table).format == "wide":
            return _survey_import(args, table(args.table))
        definition, cells = open_cells(args.files, args.table, measure_codes=args.measure_codes,
                                       periods=args.periods, encoding=args.encoding)
        hashing.start()
        frame = None
        if _bulk(args):  # large plain CSV: one streaming pass with polars
            from ivb.opendata.bulk import scan_frame

            provisional = provisional_periods(Path(args.periods).read_bytes(), args.periods) if args.periods else frozenset()
            # GM0000 holds crimes of unknown place: summed when there, not required
            complete = sum(1 for code in cbs_regions() if code.startswith("GM") and code != "GM0000")
            frame = scan_frame(args.files[0], definition, municipalities=areas, country=args.country,
                               provisional_periods=provisional, complete=complete)
            if args.country and frame["value"].null_count():
                print(f"{frame['value'].null_count()} landelijke totalen niet berekend: daarvoor is van alle "
                      f"{complete} gemeenten een cijfer nodig")
            areas = None if args.country else areas
        elif args.country:
            raise OpenDataError("--country werkt op één gewoon CSV-bestand (niet gecomprimeerd, geen JSON)")
    except OpenDataError as exc:
        if hashing.ident is not None:
            hashing.join()
        raise UserError(str(exc)) from None

    def fingerprint_when_done() -> str:  # asked for once the rows are in: hashing and storing overlap
        hashing.join()
        if failed:
            raise UserError(f"{failed[0].filename or args.files[0]}: de vingerafdruk (SHA-256) kon niet worden "
                            f"gemaakt ({failed[0].strerror}); er is niets opgeslagen")
        return digest.hexdigest()

    name = Path(args.files[0]).name
    with progress("rijen opslaan", " rijen") as stored:
        if frame is not None:
            report = import_frame(frame, definition, report=OpenDataReport(name, definition.id),
                                  sha256=fingerprint_when_done, actor_name=cli_actor(), municipalities=areas,
                                  progress=stored)
        else:
            report = import_cells(cells, definition, filename=name, sha256=fingerprint_when_done,
                                  actor_name=cli_actor(), municipalities=areas, progress=stored)
    hashing.join()
    return finish(report)


def _survey_import(args, definition) -> int:
    """The Veiligheidsmonitor in wide form, with its margins: one file, read whole (it is small)."""
    import hashlib

    from ivb.opendata.readers import OpenDataError, read_survey_wide
    from ivb.store.opendata_import import OpenDataReport, import_frame, survey_frame

    from ivb.domain.encoding import EncodingProblem, decode

    path = args.files[0]
    try:
        content = Path(path).read_bytes()
        text = decode(content, args.encoding)
        frame, defs = survey_frame(list(read_survey_wide(text.splitlines(), name=path)), definition)
    except OSError as exc:
        raise UserError(f"{path}: {exc.strerror}") from None
    except EncodingProblem as exc:
        raise UserError(f"{path}: {exc}") from None
    except OpenDataError as exc:
        raise UserError(str(exc)) from None
    areas = {a.strip().upper() for a in args.area} if args.area else None
    report = import_frame(frame, definition, report=OpenDataReport(Path(path).name, definition.id),
                          sha256=hashlib.sha256(content).hexdigest(), actor_name=cli_actor(), municipalities=areas,
                          series_defs=defs)
    return finish(report)


def fetch(args) -> int:
    django()
    import datetime as dt
    import hashlib

    from django.conf import settings

    from ivb.opendata.fetch import DEFAULT_BASE, fetch_pages, fetch_periods, first_url
    from ivb.opendata.readers import OpenDataError, provisional_periods, read_odata3
    from ivb.opendata.tables import table
    from ivb.store.opendata_import import import_cells

    areas = sorted({a.strip().upper() for a in args.area})
    try:
        definition = table(args.table)
        folder = Path(settings.DATA_DIR) / "downloads" / definition.id / dt.datetime.now().strftime("%Y-%m-%dT%H%M%S")
        with progress("ophalen", size=True) as fetched:
            pages = fetch_pages(first_url(args.base or DEFAULT_BASE, definition, areas), folder,
                                progress=lambda n, size: fetched(size, pagina=n))
        provisional = provisional_periods(fetch_periods(args.base or DEFAULT_BASE, definition, folder),
                                          f"{definition.id} Perioden")
    except OpenDataError as exc:
        raise UserError(str(exc)) from None
    print(f"{len(pages)} pagina's opgehaald en bewaard in {folder}"
          + (f"; voorlopig volgens CBS: {', '.join(sorted(provisional))}" if provisional else ""))
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in pages)).hexdigest()
    cells = read_odata3([p.read_bytes() for p in pages], definition.id, name=f"{definition.id} (opgehaald)",
                        provisional_periods=provisional)
    with progress("rijen opslaan", " rijen") as stored:
        report = import_cells(cells, definition, filename=f"{definition.id} opgehaald {folder.name}", sha256=digest,
                              actor_name=cli_actor(), municipalities=set(areas), progress=stored)
    return finish(report)


BULK_BYTES = 20 * 1024 * 1024


def _total_size(paths: list[str]) -> int | None:
    try:
        return sum(Path(p).stat().st_size for p in paths)
    except OSError:  # the reading says which file and why
        return None


def _bulk(args) -> bool:
    path = args.files[0]
    plain_csv = len(args.files) == 1 and path.lower().endswith(".csv")
    if getattr(args, "encoding", "utf-8") != "utf-8":  # the fast reader (polars) reads UTF-8 only
        if args.country:
            raise UserError("--country leest alleen UTF-8; sla het bestand op als UTF-8")
        return False
    return plain_csv and (args.country or Path(path).stat().st_size > BULK_BYTES)


def opendata_tables(args) -> int:
    from ivb.domain.opendata_tables import tables

    for t in tables().values():
        note = "" if t.verified else "  (kolomnamen niet getoetst aan een echte download)"
        print(f"{t.id}  {t.title} [{t.source}; {', '.join(t.measures)}]{note}")
    return EXIT_OK


