"""Series: the list of every series key, breaks in a series."""

from __future__ import annotations

import sys

from ivb.cli.base import EXIT_OK, UserError, count, date, django


def add_commands(commands) -> None:
    series = commands.add_parser("series", help="reeksen").add_subparsers(title="opdrachten")
    p = series.add_parser("list", help="alle reeksen die een indicator kan gebruiken, met naam, eenheid, bron en "
                                       "de perioden met cijfers")
    p.add_argument("--area", nargs="+", action="extend", default=[], metavar="GEMEENTE",
                   help="perioden met cijfers voor deze gebieden (CBS-codes)")
    p.add_argument("--search", metavar="TEKST", help="alleen reeksen met deze tekst in sleutel, naam of bron")
    p.set_defaults(run=series_list)
    p = series.add_parser("break", help="leg een breuk in een reeks vast (zoals de telwijze van de politie per 1 juli 2018)")
    p.add_argument("series", metavar="REEKS")
    p.add_argument("date", metavar="DATUM", help="JJJJ-MM-DD: vanaf deze dag wordt anders geteld")
    p.add_argument("--reason", required=True, help="waarom")
    p.add_argument("--area", help="alleen voor dit gebied (standaard: alle gebieden)")
    p.set_defaults(run=series_break)



def series_break(args) -> int:
    django()
    from ivb.store.models import Area, Series, SeriesBreak

    series = Series.objects.filter(key=args.series).first()
    if series is None:
        from ivb.store.series_catalogue import catalogue

        raise UserError(catalogue().unknown_message(args.series))
    area = None
    if args.area:
        area = Area.objects.filter(code=args.area).first()
        if area is None:
            raise UserError(f"onbekend gebied '{args.area}'")
    b, created = SeriesBreak.objects.get_or_create(series=series, area=area, date=date(args.date),
                                                   defaults={"reason": args.reason})
    print(f"breuk in {series.key} per {b.date} {'vastgelegd' if created else 'stond al vast'}"
          f"{' voor ' + area.code if area else ' voor alle gebieden'}")
    return EXIT_OK




def series_list(args) -> int:
    from ivb.domain.series_catalogue import ORIGINS, offline_catalogue
    from ivb.domain.units import UNITS

    known, periods = offline_catalogue(), None
    try:
        django()
    except UserError as exc:
        if args.area:
            raise UserError(f"voor --area is de database nodig: {exc}") from None
        print(f"let op: zonder database (alleen de reeksen die IVB zelf kent): {exc}", file=sys.stderr)
    else:
        from ivb.store.models import Area
        from ivb.store.series_catalogue import catalogue, coverage

        found = set(Area.objects.filter(code__in=args.area).values_list("code", flat=True))
        if missing := [c for c in args.area if c not in found]:
            raise UserError("; ".join(f"onbekend gebied {c}" for c in missing))
        known = catalogue()
        periods = coverage(args.area)
    needle = (args.search or "").lower()
    shown = 0
    for key, entry in sorted(known.entries.items()):
        d = entry.definition
        if needle and not _matches(needle, (d.key, d.name, d.source)):
            continue
        unit = UNITS[d.unit][0] if d.unit in UNITS else d.unit
        line = f"{d.key}\t{d.name}\t{unit}\t{d.source} ({ORIGINS[entry.origin]})"
        if periods is not None:
            c = periods.get(key)
            line += f"\t{c.first}–{c.last} ({c.count} {'cijfer' if c.count == 1 else 'cijfers'})" if c else \
                "\tgeen cijfers"
        print(line)
        shown += 1
    if not needle:
        for form in known.forms:
            print(f"{form.prefix}<code>\teen reeks per code, zoals {form.example}\t"
                  f"{UNITS[form.unit][0] if form.unit else 'eenheid uit de download'}\t{form.source} (open data)")
    where = f" voor {', '.join(args.area)}" if args.area else ""
    print(f"{count(shown, 'reeks', 'reeksen')}{where}", file=sys.stderr)
    return EXIT_OK


def _matches(needle: str, texts: tuple[str, ...]) -> bool:
    """The text occurs, or a word nearly equal to it (woninginbraak finds Woninginbraken)."""
    import difflib
    import re

    if any(needle in text.lower() for text in texts):
        return True
    words = [w for text in texts for w in re.split(r"[^a-z0-9]+", text.lower()) if w]
    return bool(difflib.get_close_matches(needle, words, n=1, cutoff=0.8))
