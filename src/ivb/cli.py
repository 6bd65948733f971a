"""The `ivb` command. Commands that only read files (schema, validate, diff) start without Django."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import secrets
import sys
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def cli_actor() -> str:
    """Who did it, for provenance: the operating-system user running the command."""
    try:
        return f"ivb-cli ({getpass.getuser()})"
    except (KeyError, OSError):
        return "ivb-cli"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except UserError as exc:
        print(f"ivb: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except BrokenPipeError:
        return EXIT_OK


class UserError(Exception):
    """A problem to tell the user in one line, without a traceback."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ivb", description="IVB: integraal veiligheidsbeleid")
    commands = parser.add_subparsers(title="onderdelen")

    policy = commands.add_parser("policy", help="veiligheidsbeleid als YAML").add_subparsers(title="opdrachten")
    p = policy.add_parser("schema", help="print het JSON Schema van een beleidsbestand")
    p.set_defaults(run=policy_schema)
    p = policy.add_parser("validate", help="controleer beleidsbestanden en noem elk probleem")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(run=policy_validate)
    p = policy.add_parser("import", help="sla een beleidsbestand op (nieuwe versie als het gewijzigd is)")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(run=policy_import)
    p = policy.add_parser("export", help="schrijf het huidige beleid als YAML")
    p.add_argument("municipality", metavar="GEMEENTE", help="CBS-code, zoals GM0553")
    p.add_argument("period", metavar="PERIODE", help="zoals 2020-2023")
    p.add_argument("-o", "--output", help="bestand (standaard: stdout)")
    p.set_defaults(run=policy_export)
    p = policy.add_parser("diff", help="verschillen tussen twee beleidsbestanden (- is stdin)")
    p.add_argument("old", metavar="A")
    p.add_argument("new", metavar="B")
    p.set_defaults(run=policy_diff)

    obs = commands.add_parser("observations", help="waarnemingen (cijfers)").add_subparsers(title="opdrachten")
    p = obs.add_parser("import", help="importeer een CSV- of XLSX-bestand: alles of niets")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(run=observations_import)
    p = obs.add_parser("template", help="schrijf het invulsjabloon (XLSX)")
    p.add_argument("-o", "--output", default="ivb-waarnemingen.xlsx")
    p.set_defaults(run=observations_template)

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
    p.set_defaults(run=opendata_import)
    p = commands.add_parser("fetch", help="haal een tabel op bij CBS (OData) en importeer hem: alleen als u dit vraagt")
    p.add_argument("table", metavar="TABEL", help="zoals 47018NED")
    p.add_argument("--area", action="append", metavar="GEMEENTE", required=True,
                   help="gemeente (met wijken en buurten) of andere regio, zoals GM0553 of RE06 (mag vaker)")
    p.add_argument("--base", default=None, help="adres van de OData-dienst (standaard die van CBS)")
    p.set_defaults(run=fetch)
    p = od.add_parser("tables", help="de tabellen die IVB kan lezen")
    p.set_defaults(run=opendata_tables)

    p = commands.add_parser("picture", help="het veiligheidsbeeld van een gemeente in een jaar")
    p.add_argument("municipality", metavar="GEMEENTE", help="CBS-code, zoals GM0553")
    p.add_argument("year", metavar="JAAR", type=int)
    p.add_argument("--json", action="store_true", help="als JSON")
    p.set_defaults(run=picture)

    series = commands.add_parser("series", help="reeksen").add_subparsers(title="opdrachten")
    p = series.add_parser("break", help="leg een breuk in een reeks vast (zoals de telwijze van de politie per 1 juli 2018)")
    p.add_argument("series", metavar="REEKS")
    p.add_argument("date", metavar="DATUM", help="JJJJ-MM-DD: vanaf deze dag wordt anders geteld")
    p.add_argument("--reason", required=True, help="waarom")
    p.add_argument("--area", help="alleen voor dit gebied (standaard: alle gebieden)")
    p.set_defaults(run=series_break)

    evidence = commands.add_parser("evidence", help="bewijs bij kwalitatieve doelen").add_subparsers(title="opdrachten")
    p = evidence.add_parser("add", help="leg een oordeel over een kwalitatief doel vast")
    p.add_argument("municipality", metavar="GEMEENTE")
    p.add_argument("period", metavar="PERIODE", help="beleidsperiode, zoals 2020-2023")
    p.add_argument("indicator", metavar="INDICATOR", help="sleutel van de indicator, zoals bewustzijn")
    p.add_argument("--status", required=True, choices=["behaald", "op koers", "risico", "niet op koers"])
    p.add_argument("--summary", required=True, help="waar het oordeel op rust")
    p.add_argument("--date", required=True, help="JJJJ-MM-DD")
    p.add_argument("--document", default="", help="verslag of vindplaats")
    p.set_defaults(run=evidence_add)

    token = commands.add_parser("token", help="API-tokens").add_subparsers(title="opdrachten")
    p = token.add_parser("create", help="maak een API-token voor een gebruiker (wordt één keer getoond)")
    p.add_argument("username", metavar="GEBRUIKER")
    p.add_argument("--name", default="script", help="waarvoor het token is")
    p.set_defaults(run=token_create)

    p = commands.add_parser("report", help="de raadsrapportage (concept) als PDF, DOCX of HTML")
    p.add_argument("municipality", metavar="GEMEENTE")
    p.add_argument("year", metavar="JAAR", type=int)
    p.add_argument("--format", choices=["pdf", "docx", "html"], default="pdf")
    p.add_argument("-o", "--output", required=True, help="bestand")
    p.set_defaults(run=report)

    audit_cmd = commands.add_parser("audit", help="de audittrail van het register").add_subparsers(title="opdrachten")
    p = audit_cmd.add_parser("verify", help="controleer de hele keten; noemt de eerste foute gebeurtenis")
    p.add_argument("--anchors", metavar="BESTAND", help="ankers van `ivb audit anchor`, buiten de database bewaard")
    p.set_defaults(run=audit_verify)
    p = audit_cmd.add_parser("anchor", help="voeg de kop van de keten toe aan een ankerbestand buiten de database")
    p.add_argument("file", metavar="BESTAND")
    p.set_defaults(run=audit_anchor)

    register_cmd = commands.add_parser("register", help="het register ondermijning").add_subparsers(title="opdrachten")
    p = register_cmd.add_parser("purge", help="verwijder persoonsgegevens waarvan de bewaartermijn voorbij is")
    p.add_argument("--dry-run", action="store_true", help="alleen tonen wat verwijderd zou worden")
    p.set_defaults(run=register_purge)

    p = commands.add_parser("setup", help="maak of werk de database bij en laad de referentiegegevens")
    p.set_defaults(run=setup)
    demo = commands.add_parser("demo", help="de Lisse-demo").add_subparsers(title="opdrachten")
    p = demo.add_parser("load", help="laad het Lisse-beleid, de cijfers uit de beleidstekst en demogebruikers")
    p.set_defaults(run=demo_load)
    p = commands.add_parser("serve", help="start de webapplicatie op 127.0.0.1")
    p.add_argument("--port", default=os.environ.get("PORT", "8000"))
    p.set_defaults(run=serve)
    p = commands.add_parser("manage", help="Django-beheeropdrachten (zoals django-admin)", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(run=manage)
    return parser


# ------------------------------------------------------------------------------------------- file commands

def policy_schema(args) -> int:
    from ivb.domain.policy import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def policy_validate(args) -> int:
    status = EXIT_OK
    for name in args.files:
        validation = _validate_file(name)
        if validation.ok:
            p = validation.policy
            print(f"{name}: in orde ({_count(len(p.priorities), 'prioriteit', 'prioriteiten')}, "
                  f"{_count(len(p.all_indicators()), 'indicator', 'indicatoren')})")
        else:
            _print_problems(name, validation.problems)
            status = EXIT_PROBLEMS
    return status


def policy_diff(args) -> int:
    from ivb.domain.policy_diff import diff

    if args.old == "-" and args.new == "-":
        raise UserError("hoogstens één van beide mag - (stdin) zijn")
    documents = []
    for name in (args.old, args.new):
        validation = _validate_file(name)
        if not validation.ok:
            _print_problems(name, validation.problems)
            return EXIT_USAGE
        documents.append(validation.policy)
    lines = diff(*documents)
    for line in lines:
        print(line)
    return EXIT_PROBLEMS if lines else EXIT_OK


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{name}: bestand niet gevonden") from None
    except UnicodeDecodeError:
        raise UserError(f"{name}: geen tekstbestand (UTF-8)") from None
    except OSError as exc:
        raise UserError(f"{name}: {exc.strerror}") from None


def _validate_file(name: str):
    from ivb.domain.policy import validate_text

    return validate_text(_read(name))


def _print_problems(name: str, problems) -> None:
    shown = "stdin" if name == "-" else name
    for problem in problems:
        print(problem.render(shown), file=sys.stderr)
    print(f"{shown}: {_count(len(problems), 'probleem', 'problemen')}", file=sys.stderr)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# --------------------------------------------------------------------------------------- database commands

def _django(check_migrations: bool = True, web: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ivb.settings")
    if not web:
        # Commands without a web server sign nothing that outlives the process.
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(32))
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        from ivb.settings import DATA_DIR
    except ImproperlyConfigured as exc:
        raise UserError(str(exc)) from None

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    django.setup()
    from django.db import DatabaseError, connection

    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        raise UserError(f"de database is niet bereikbaar ({str(exc).strip().splitlines()[0]})") from None
    if check_migrations:
        from django.db import DEFAULT_DB_ALIAS, connections
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise UserError("de database is niet bijgewerkt; voer eerst 'ivb setup' uit")


def _municipality(code: str):
    from ivb.store.models import Area

    area = Area.objects.filter(code=code, kind=Area.Kind.MUNICIPALITY).first()
    if area is None:
        raise UserError(f"onbekende gemeente {code}")
    return area


def setup(args) -> int:
    _django(check_migrations=False)
    from django.core.management import call_command

    from ivb.store.reference import sync_reference_data

    call_command("migrate", verbosity=0, interactive=False)
    sync_reference_data()
    print("database bijgewerkt, referentiegegevens geladen")
    return EXIT_OK


def policy_import(args) -> int:
    validation = _validate_file(args.file)
    if not validation.ok:
        _print_problems(args.file, validation.problems)
        return EXIT_PROBLEMS
    _django()
    from ivb.store.policies import PolicyStoreError, import_policy

    try:
        version, created = import_policy(validation.policy, filename=Path(args.file).name, actor_name=cli_actor())
    except PolicyStoreError as exc:
        raise UserError(f"{args.file}: {exc}") from None
    if created:
        print(f"{args.file}: opgeslagen als versie {version.number} van '{version.policy.title}'")
    else:
        print(f"{args.file}: ongewijzigd (gelijk aan versie {version.number})")
    return EXIT_OK


def policy_export(args) -> int:
    _django()
    import yaml

    from ivb.store.policies import PolicyStoreError, current_document, find_policy

    try:
        policy = find_policy(args.municipality, args.period)
    except PolicyStoreError as exc:
        raise UserError(str(exc)) from None
    # Re-read through the model: it puts the keys in the model's order (PostgreSQL's jsonb does not keep it).
    text = yaml.safe_dump(current_document(policy).to_data(), allow_unicode=True, sort_keys=False, width=110)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def observations_import(args) -> int:
    _django()
    from ivb.store.observation_import import import_observations

    try:
        content = Path(args.file).read_bytes()
    except OSError as exc:
        raise UserError(f"{args.file}: {exc.strerror}") from None
    report = import_observations(Path(args.file).name, content, actor_name=cli_actor())
    for problem in report.problems:
        print(f"{args.file}: {problem.render()}", file=sys.stderr)
    print(report.summary(), file=sys.stderr if report.problems else sys.stdout)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def opendata_import(args) -> int:
    _django()
    import hashlib
    import threading

    from ivb.opendata.files import open_cells
    from ivb.opendata.readers import OpenDataError
    from ivb.opendata.readers import provisional_periods
    from ivb.opendata.tables import REGION, table
    from ivb.store.opendata_import import OpenDataReport, cbs_regions, import_cells, import_frame

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
        try:
            for path in args.files:
                with open(path, "rb") as stream:
                    while size := stream.readinto(buffer):
                        digest.update(memoryview(buffer)[:size])
        except OSError as exc:  # said where the fingerprint is asked for; the import then writes nothing
            failed.append(exc)

    hashing = threading.Thread(target=fingerprint, daemon=True)
    try:
        if args.table and table(args.table).format == "wide":
            return _survey_import(args, table(args.table))
        definition, cells = open_cells(args.files, args.table, measure_codes=args.measure_codes,
                                       periods=args.periods)
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
    if frame is not None:
        report = import_frame(frame, definition, report=OpenDataReport(name, definition.id),
                              sha256=fingerprint_when_done, actor_name=cli_actor(), municipalities=areas)
    else:
        report = import_cells(cells, definition, filename=name, sha256=fingerprint_when_done, actor_name=cli_actor(),
                              municipalities=areas)
    hashing.join()
    print(report.summary(), file=sys.stderr if report.problems else sys.stdout)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def _survey_import(args, definition) -> int:
    """The Veiligheidsmonitor in wide form, with its margins: one file, read whole (it is small)."""
    import hashlib

    from ivb.opendata.readers import OpenDataError, read_survey_wide
    from ivb.store.opendata_import import OpenDataReport, import_frame, survey_frame

    path = args.files[0]
    try:
        content = Path(path).read_bytes()
        text = content.decode("utf-8-sig")
        frame, defs = survey_frame(list(read_survey_wide(text.splitlines(), name=path)), definition)
    except OSError as exc:
        raise UserError(f"{path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: geen UTF-8-tekst") from None
    except OpenDataError as exc:
        raise UserError(str(exc)) from None
    areas = {a.strip().upper() for a in args.area} if args.area else None
    report = import_frame(frame, definition, report=OpenDataReport(Path(path).name, definition.id),
                          sha256=hashlib.sha256(content).hexdigest(), actor_name=cli_actor(), municipalities=areas,
                          series_defs=defs)
    print(report.summary(), file=sys.stderr if report.problems else sys.stdout)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def fetch(args) -> int:
    _django()
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
        pages = fetch_pages(first_url(args.base or DEFAULT_BASE, definition, areas), folder)
        provisional = provisional_periods(fetch_periods(args.base or DEFAULT_BASE, definition, folder),
                                          f"{definition.id} Perioden")
    except OpenDataError as exc:
        raise UserError(str(exc)) from None
    print(f"{len(pages)} pagina's opgehaald en bewaard in {folder}"
          + (f"; voorlopig volgens CBS: {', '.join(sorted(provisional))}" if provisional else ""))
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in pages)).hexdigest()
    cells = read_odata3([p.read_bytes() for p in pages], definition.id, name=f"{definition.id} (opgehaald)",
                        provisional_periods=provisional)
    report = import_cells(cells, definition, filename=f"{definition.id} opgehaald {folder.name}", sha256=digest,
                          actor_name=cli_actor(), municipalities=set(areas))
    print(report.summary(), file=sys.stderr if report.problems else sys.stdout)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


BULK_BYTES = 20 * 1024 * 1024


def _bulk(args) -> bool:
    path = args.files[0]
    plain_csv = len(args.files) == 1 and path.lower().endswith(".csv")
    return plain_csv and (args.country or Path(path).stat().st_size > BULK_BYTES)


def opendata_tables(args) -> int:
    from ivb.opendata.tables import tables

    for t in tables().values():
        note = "" if t.verified else "  (kolomnamen niet getoetst aan een echte download)"
        print(f"{t.id}  {t.title} [{t.source}; {', '.join(t.measures)}]{note}")
    return EXIT_OK


def observations_template(args) -> int:
    _django()
    from ivb.store.template import write_template

    write_template(args.output)
    print(f"sjabloon geschreven: {args.output}")
    return EXIT_OK


def picture(args) -> int:
    _django()
    from ivb.domain.picture import build_picture
    from ivb.store.picture import picture_input
    from ivb.store.policies import PolicyStoreError

    area = _municipality(args.municipality)
    try:
        result = build_picture(picture_input(area, args.year))
    except PolicyStoreError as exc:
        raise UserError(str(exc)) from None
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        from ivb.domain.picture_text import render_text

        print(render_text(result))
    return EXIT_OK


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"'{text}' is geen datum (JJJJ-MM-DD)") from None


def series_break(args) -> int:
    _django()
    from ivb.store.models import Area, Series, SeriesBreak

    series = Series.objects.filter(key=args.series).first()
    if series is None:
        raise UserError(f"onbekende reeks '{args.series}'")
    area = None
    if args.area:
        area = Area.objects.filter(code=args.area).first()
        if area is None:
            raise UserError(f"onbekend gebied '{args.area}'")
    b, created = SeriesBreak.objects.get_or_create(series=series, area=area, date=_date(args.date),
                                                   defaults={"reason": args.reason})
    print(f"breuk in {series.key} per {b.date} {'vastgelegd' if created else 'stond al vast'}"
          f"{' voor ' + area.code if area else ' voor alle gebieden'}")
    return EXIT_OK


def evidence_add(args) -> int:
    _django()
    from ivb.store.models import Area, Evidence
    from ivb.store.policies import PolicyStoreError, current_document, find_policy

    try:
        policy = find_policy(args.municipality, args.period)
    except PolicyStoreError as exc:
        raise UserError(str(exc)) from None
    doc = current_document(policy)
    indicator = next((i for _, i in doc.all_indicators() if i.key == args.indicator), None)
    if indicator is None:
        raise UserError(f"het beleid {args.period} heeft geen indicator '{args.indicator}'")
    if indicator.target.qualitative is None:
        raise UserError(f"'{args.indicator}' heeft een meetbaar doel; leg cijfers vast met 'ivb observations import'")
    Evidence.objects.create(policy=policy, indicator_key=indicator.key, area=Area.objects.get(code=args.municipality),
                            date=_date(args.date), status=args.status, summary=args.summary, document=args.document,
                            recorded_by_name=cli_actor())
    print(f"oordeel '{args.status}' bij '{indicator.name}' vastgelegd")
    return EXIT_OK


def token_create(args) -> int:
    _django()
    from django.contrib.auth import get_user_model

    from ivb.accounts.tokens import create_token

    user = get_user_model().objects.filter(username=args.username, is_active=True).first()
    if user is None:
        raise UserError(f"onbekende gebruiker '{args.username}'")
    print(create_token(user, args.name))
    print("Bewaar dit token; het wordt niet nog eens getoond.", file=sys.stderr)
    return EXIT_OK


def report(args) -> int:
    _django()
    from ivb.report import render
    from ivb.report.content import build
    from ivb.store.policies import PolicyStoreError

    area = _municipality(args.municipality)
    try:
        content = build(area, args.year)
    except PolicyStoreError as exc:
        raise UserError(str(exc)) from None
    data = {"pdf": render.to_pdf, "docx": render.to_docx}.get(args.format)
    output = data(content) if data else render.to_html(content).encode()
    Path(args.output).write_bytes(output)
    print(f"concept-rapport geschreven: {args.output} ({len(output):,} bytes)".replace(",", "."))
    return EXIT_OK


def audit_verify(args) -> int:
    _django()
    from ivb.register.audit import AnchorError, read_anchors, verify

    anchors = []
    if args.anchors:
        try:
            anchors = read_anchors(Path(args.anchors).read_text(encoding="utf-8"), args.anchors)
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{args.anchors}: kan het ankerbestand niet lezen ({exc.__class__.__name__})", file=sys.stderr)
            return EXIT_PROBLEMS
        except AnchorError as exc:
            print(exc, file=sys.stderr)
            return EXIT_PROBLEMS
    verdict = verify(anchors)
    print(f"audittrail: {verdict.message}", file=sys.stdout if verdict.ok else sys.stderr)
    return EXIT_OK if verdict.ok else EXIT_PROBLEMS


def audit_anchor(args) -> int:
    _django()
    import json

    from ivb.register.audit import anchor

    line = anchor()
    try:
        with open(args.file, "a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")
    except OSError as exc:
        print(f"{args.file}: kan niet schrijven ({exc.strerror})", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"anker toegevoegd aan {args.file}: {line['count']} gebeurtenissen, kop {line['hash'][:16]}…")
    return EXIT_OK


def register_purge(args) -> int:
    _django()
    from ivb.register.retention import due, purge

    plan = due() if args.dry_run else purge(actor=cli_actor())
    for line in plan.lines() if args.dry_run else []:
        print(line)
    what = f"{len(plan.signals)} signalen en {len(plan.cases)} casussen"
    print(f"{'zou verwijderen' if args.dry_run else 'verwijderd'}: {what}")
    return EXIT_OK


def demo_load(args) -> int:
    setup(args)
    from ivb.demo.load import load_demo

    for line in load_demo():
        print(line)
    return EXIT_OK


def serve(args) -> int:
    _django(web=True)
    from django.core.management import call_command

    print(f"IVB draait op http://127.0.0.1:{args.port}/ (stoppen: Ctrl+C)")
    call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False)
    return EXIT_OK


def manage(args) -> int:
    _django(check_migrations=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ivb manage", *args.rest])
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
