"""Series: breaks in a series."""

from __future__ import annotations

from ivb.cli.base import EXIT_OK, UserError, date, django


def add_commands(commands) -> None:
    series = commands.add_parser("series", help="reeksen").add_subparsers(title="opdrachten")
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
        raise UserError(f"onbekende reeks '{args.series}'")
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


