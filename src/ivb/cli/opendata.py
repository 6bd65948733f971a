"""Official statistics: CBS StatLine and police open data."""

from __future__ import annotations

import sys

from ivb.cli.base import EXIT_OK, UserError, cli_actor, django, finish
from ivb.cli.progress import progress


def add_commands(commands) -> None:
    od = commands.add_parser("opendata", help="officiële statistiek: CBS en politie (open data)").add_subparsers(
        title="opdrachten")
    p = od.add_parser("import", help="importeer een download van CBS StatLine of de politie: alles of niets")
    p.add_argument("files", metavar="FILE", nargs="+", help="één CSV, of de JSON-pagina's van één OData-antwoord")
    p.add_argument("--table", help="de tabel, zoals 47018NED (anders uit de bestandsnaam)")
    p.add_argument("--area", action="append", metavar="GEMEENTE",
                   help="alleen deze gemeente met haar wijken en buurten, en de gemeenten die zij onder haar eigen "
                        "code heeft opgenomen (mag vaker)")
    p.add_argument("--measure-codes", metavar="FILE", help="OData v4: de MeasureCodes van de tabel")
    p.add_argument("--periods", metavar="FILE",
                   help="de Perioden-metadata van de tabel (CSV of JSON): welke perioden nog voorlopig zijn")
    p.add_argument("--country", action="store_true",
                   help="tel de gemeenten op tot cijfers voor heel Nederland (NL01) en sla alleen die op")
    p.add_argument("--encoding", metavar="CODERING", default="utf-8",
                   help="de codering van een CSV-bestand: utf-8 (standaard, zoals StatLine levert) of cp1252")
    p.set_defaults(run=opendata_import)
    p = od.add_parser("fetch", help="haal een tabel op bij CBS (OData) en importeer hem: alleen als u dit vraagt")
    p.add_argument("table", metavar="TABEL", help="zoals 47018NED")
    p.add_argument("--area", action="append", metavar="GEMEENTE", required=True,
                   help="gemeente (met wijken en buurten) of andere regio, zoals GM0553 of RE06 (mag vaker)")
    p.add_argument("--base", default=None, help="adres van de OData-dienst (standaard die van CBS)")
    p.set_defaults(run=fetch)
    p = od.add_parser("tables", help="de tabellen die IVB kan lezen")
    p.set_defaults(run=opendata_tables)



def opendata_import(args) -> int:
    django()
    from ivb.opendata.readers import OpenDataError
    from ivb.store.opendata_files import FileImport, import_files, total_size

    request = FileImport(tuple(args.files), table=args.table, areas=frozenset(args.area) if args.area else None,
                         measure_codes=args.measure_codes, periods=args.periods, country=args.country,
                         encoding=args.encoding)
    # The read bar follows the fingerprint: it reads every byte, and nothing is stored before it is done.
    with progress("bestand lezen", size=True, total=total_size(args.files)) as read, \
            progress("rijen opslaan", " rijen") as stored:
        try:
            report = import_files(request, actor_name=cli_actor(), read_progress=read, store_progress=stored)
        except OpenDataError as exc:
            raise UserError(str(exc)) from None
    for note in _former_areas(args.area or []):
        print(note, file=sys.stderr)
    return finish(report)


def _former_areas(codes: list[str]) -> list[str]:
    """A note for each chosen area that no longer exists (walk BW: `--area GM0756` stored nothing and said only
    "buiten de gekozen gebieden"): the police give its land's figures on today's borders, under its heir."""
    import datetime as dt

    from ivb.store.areas import heir_on
    from ivb.store.models import Area

    out = []
    for area in Area.objects.filter(code__in=[c.strip().upper() for c in codes], valid_until__isnull=False):
        heir = heir_on(area, dt.date.today())
        if heir is not None:
            out.append(f"let op: {area.name} ({area.code}) bestond tot en met {area.valid_until:%d-%m-%Y} en ging op in "
                       f"{heir.name} ({heir.code}); de politie geeft de cijfers van dat gebied in de grenzen van nu, "
                       f"onder {heir.code}: kies --area {heir.code} (de inwoners van toen komen dan mee)")
    return out


def fetch(args) -> int:
    django()
    from ivb.opendata.readers import OpenDataError
    from ivb.store.opendata_files import fetch_and_import

    with progress("ophalen", size=True) as fetched, progress("rijen opslaan", " rijen") as stored:
        try:
            done = fetch_and_import(args.table, args.area, base=args.base, actor_name=cli_actor(),
                                    fetch_progress=fetched, store_progress=stored)
        except OpenDataError as exc:
            raise UserError(str(exc)) from None
    print(f"{done.pages} pagina's opgehaald en bewaard in {done.folder}"
          + (f"; voorlopig volgens CBS: {', '.join(sorted(done.provisional))}" if done.provisional else ""))
    return finish(done.report)


def opendata_tables(args) -> int:
    from ivb.domain.opendata_tables import tables

    for t in tables().values():
        note = "" if t.verified else "  (kolomnamen niet getoetst aan een echte download)"
        print(f"{t.id}  {t.title} [{t.source}; {', '.join(t.measures)}]{note}")
    return EXIT_OK


