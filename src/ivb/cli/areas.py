"""Areas: municipalities, provinces, police units (reference data) and each municipality's comparison groups."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from ivb.cli.base import EXIT_OK, UserError, cli_actor, django, municipality, read_bytes, write

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "municipalities.csv"


def add_commands(commands) -> None:
    areas = commands.add_parser("areas", help="gemeenten, provincies, politie-eenheden en vergelijkingsgroepen")
    sub = areas.add_subparsers(title="opdrachten")
    p = sub.add_parser("refresh", help="maak de meegeleverde gemeentelijst opnieuw uit de bronbestanden van CBS en RvIG")
    p.add_argument("--from", dest="sources", nargs=2, required=True, metavar=("INDELING", "TABEL33"),
                   help="CBS' gemeentelijke indeling (NLExtract gemeentelijke-indeling.csv) en RvIG's Tabel 33 (CSV)")
    p.add_argument("--out", default=str(SHIPPED), help="waar de lijst komt (standaard: de meegeleverde)")
    p.add_argument("--source-note", default="", help="herkomst van de bronbestanden (repository, pad, commit, datum)")
    p.set_defaults(run=refresh)
    p = sub.add_parser("list", help="de gemeenten met code, provincie en politie-eenheid (zoeken op naam of code)")
    p.add_argument("--search", default="", metavar="TEKST", help="alleen gemeenten waarvan naam of code dit bevat")
    p.add_argument("--all", action="store_true", help="ook gemeenten die niet meer bestaan")
    p.set_defaults(run=list_areas)
    p = sub.add_parser("show", help="een gemeente: provincie, politie-eenheid, geschiedenis, vergelijkingsgroepen")
    p.add_argument("gemeente", help="code (GM0553) of naam")
    p.add_argument("--jaar", type=int, default=None, help="het jaar van de vergelijkingsgroepen (standaard: vorig jaar)")
    p.set_defaults(run=show)
    p = sub.add_parser("neighbours", help="gekozen buurgemeenten tonen, toevoegen of verwijderen")
    p.add_argument("gemeente")
    p.add_argument("--add", nargs="+", default=[], metavar="GM", help="toevoegen")
    p.add_argument("--remove", nargs="+", default=[], metavar="GM", help="verwijderen")
    p.set_defaults(run=neighbours)


def refresh(args) -> int:
    from ivb.data.municipalities import build_municipalities, municipalities_csv, units_rule

    texts = []
    for name, encoding in zip(args.sources, ("utf-8", "utf-16"), strict=True):
        raw = read_bytes(name)
        try:
            texts.append(raw.decode(encoding))
        except UnicodeDecodeError:
            raise UserError(f"{name}: niet te lezen als {encoding.upper()} (verwacht: {_expected(encoding)})") from None
        texts.append(hashlib.sha1(raw).hexdigest())
    indeling, indeling_sha, rvig, rvig_sha = texts
    if not indeling.startswith("provinciecode;provincienaam;gemeentecode;gemeentenaam;begindatum;einddatum"):
        raise UserError(f"{args.sources[0]}: geen gemeentelijke indeling (kolommen provinciecode;…;einddatum)")
    if "Gemeentecode" not in rvig.splitlines()[0]:
        raise UserError(f"{args.sources[1]}: geen RvIG Tabel 33 (kolom '92.10 Gemeentecode' ontbreekt)")
    rows = build_municipalities(indeling, rvig, units_rule())
    header = HEADER.format(indeling=Path(args.sources[0]).name, indeling_sha=indeling_sha,
                           rvig=Path(args.sources[1]).name, rvig_sha=rvig_sha, note=args.source_note or NOTE,
                           current=sum(1 for r in rows if not r["geldig_tot"]), total=len(rows))
    write(args.out, municipalities_csv(rows, header))
    print(f"{args.out}: {len(rows)} gemeenten, waarvan {sum(1 for r in rows if not r['geldig_tot'])} nu bestaand; "
          "laad ze met 'ivb setup'")
    return EXIT_OK


def _expected(encoding: str) -> str:
    return "UTF-8, ';'-gescheiden" if encoding == "utf-8" else "UTF-16 met BOM, zoals RvIG het levert"


NOTE = ("NLExtract nlextract/NLExtract bagv2/etl/data/cbs/gemeentelijke-indeling.csv @ 2a97e2feb503 (2024-10-17); "
        "RvIG Tabel 33 via BRP-API/Haal-Centraal-BRP-bevragen scripts/Tabel33 Gemeententabel (gesorteerd op code).csv "
        "@ 7f508f976b41 (2022-11-03)")

HEADER = """Gemeenten van Nederland sinds 1990: code, naam, provincie, politie-eenheid, eerste en laatste dag, opvolger.
Gemaakt met `ivb areas refresh --from {indeling} {rvig}`; niet met de hand bewerken.
Bronnen: CBS' gemeentelijke indeling per jaar (bestand {indeling}, sha1 {indeling_sha}) en RvIG's
Landelijke Tabel 33 Gemeententabel (bestand {rvig}, sha1 {rvig_sha}); herkomst: {note}.
Politie-eenheid: afgeleid met de regel in police-units.yaml (bronnen daar); leeg voor gemeenten die vóór 2013 ophielden.
{current} gemeenten bestaan nu; {total} in totaal. Zie docs/reference-data.md."""


def list_areas(args) -> int:
    django()

    from ivb.store.areas import existing_on, name_contains
    from ivb.store.models import Area

    found = (Area.objects.filter(kind=Area.Kind.MUNICIPALITY) if args.all else existing_on(dt.date.today()))
    text = args.search.strip()
    if text:  # accents and hyphens need not be typed: "sudwest" finds Súdwest-Fryslân
        found = found.filter(pk__in=[a.pk for a in found if name_contains(a.name, text) or text.upper() in a.code])
    found = found.select_related("parent", "successor").prefetch_related("groups").order_by("name")
    if not found:
        raise UserError(f"geen gemeente gevonden met '{text}'" + ("" if args.all else " (--all: ook opgeheven)"))
    for area in found:
        prov = next((g.name for g in area.groups.all() if g.kind == Area.Kind.PROVINCE), "–")
        unit = area.parent.name if area.parent and area.parent.kind == Area.Kind.POLICE_UNIT else "–"
        ended = f"; opgeheven {area.valid_until:%d-%m-%Y}" if area.valid_until else ""
        print(f"{area.code}  {area.name} ({prov}; {unit}{ended})")
    return EXIT_OK


def show(args) -> int:
    django()
    from ivb.store.areas import formed_from, lifetime_notice, listed_names, peer_groups, police_unit, province

    area = municipality(args.gemeente)
    year = args.jaar or dt.date.today().year - 1
    unit, prov = police_unit(area), province(area)
    print(f"{area.name} ({area.code})")
    print(f"  provincie: {prov.name if prov else '–'}; politie-eenheid: {unit.name if unit else '–'}")
    if area.valid_from or area.valid_until:
        since = f"sinds {area.valid_from:%d-%m-%Y}" if area.valid_from else ""
        until = f"tot en met {area.valid_until:%d-%m-%Y}" if area.valid_until else ""
        heir = f", opgegaan in {area.successor.name} ({area.successor.code})" if area.successor_id else ""
        origin = formed_from(area)
        formed = f", ontstaan uit {listed_names(origin, 'en', codes=True)}" if origin else ""
        print(f"  bestaat {' '.join(p for p in (since, until) if p)}{formed}{heir}")
    if notice := lifetime_notice(area, year):
        print(f"  let op: {notice.text()}")
    print(f"  vergelijkingsgroepen {year}:")
    groups = peer_groups(area, year)
    for group in groups:
        print(f"    {group.label}: {group.count} gemeenten")
    if not any(g.kind == "grootteklasse" for g in groups):
        print("    grootteklasse: onbekend, IVB heeft geen inwonertal (importeer CBS 70072ned)")
    return EXIT_OK


def neighbours(args) -> int:
    django()
    from django.db import transaction

    from ivb.store.areas import AreaError, add_neighbour, neighbours as current, remove_neighbour

    area = municipality(args.gemeente)
    try:
        with transaction.atomic():  # all or nothing
            for other in args.add:
                found = add_neighbour(area, other, actor_name=cli_actor())
                print(f"toegevoegd: {found.name} ({found.code})")
            for other in args.remove:
                found = remove_neighbour(area, other, actor_name=cli_actor())
                print(f"verwijderd: {found.name} ({found.code})")
    except AreaError as exc:
        raise UserError(f"{exc}; er is niets gewijzigd") from None
    shown = current(area)
    print(f"buren van {area.name}: " + (", ".join(f"{a.name} ({a.code})" for a in shown) if shown else "geen"))
    return EXIT_OK
