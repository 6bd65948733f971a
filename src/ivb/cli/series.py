"""Series: the list of every series key, breaks in a series (recorded by hand, shipped with a known size)."""

from __future__ import annotations

import sys

from ivb.cli.base import EXIT_OK, UserError, cli_actor, count, date, django, municipality, read_bytes, write


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
    p.add_argument("--area", metavar="GEMEENTE", help="alleen voor deze gemeente: CBS-code (GM0553) of naam "
                                                      "(standaard: alle gebieden)")
    p.set_defaults(run=series_break)
    p = series.add_parser("breaks", help="de breuken van een reeks: meegeleverd (met bekende grootte) en vastgelegd")
    p.add_argument("series", metavar="REEKS")
    p.set_defaults(run=series_breaks)
    p = series.add_parser("break-remove", help="haal een meegeleverde breuk (zoals de telwijze van 1 juli 2018) weg "
                                               "uit een reeks, met de reden")
    p.add_argument("series", metavar="REEKS")
    p.add_argument("date", metavar="DATUM", help="JJJJ-MM-DD: de datum van de breuk")
    p.add_argument("--reason", help="waarom de breuk voor deze reeks niet geldt (verplicht)")
    p.add_argument("--area", metavar="GEMEENTE", help="alleen voor deze gemeente: CBS-code (GM0553) of naam "
                                                      "(standaard: alle gebieden)")
    p.set_defaults(run=series_break_remove)
    p = series.add_parser("break-restore", help="zet een weggehaalde meegeleverde breuk terug, met de reden")
    p.add_argument("series", metavar="REEKS")
    p.add_argument("date", metavar="DATUM", help="JJJJ-MM-DD: de datum van de breuk")
    p.add_argument("--reason", help="waarom de breuk weer geldt (verplicht)")
    p.add_argument("--area", metavar="GEMEENTE", help="de gemeente waarvoor hij was weggehaald: CBS-code of naam "
                                                      "(standaard: weggehaald voor alle gebieden)")
    p.set_defaults(run=series_break_restore)
    p = series.add_parser("breaks-derive", help="schat de grootte van de breuk van 1 juli 2018 per soort misdrijf uit "
                                                "de landelijke maandcijfers (47022NED) en schrijf de meegeleverde breuken")
    p.add_argument("file", metavar="BESTAND", help="CSV met de kolommen crime_type_code, date, frequency")
    p.add_argument("--out", metavar="PAD", help="waarheen (standaard: het bestand dat IVB meelevert)")
    p.set_defaults(run=series_breaks_derive)


def series_breaks(args) -> int:
    django()
    from ivb.domain.break_words import signed_step
    from ivb.domain.series_breaks import known_breaks
    from ivb.store.breaks import BreakError, BreakLine, breaks_of

    try:
        lines = breaks_of(args.series)
    except BreakError as exc:
        if not _listed(args.series):
            raise UserError(str(exc)) from None
        # A series `series list` shows without figures: what ships with it holds all the same.
        lines = [BreakLine(k.date, k.reason, k.factor) for k in known_breaks(args.series)]
        print(f"{args.series} heeft nog geen cijfers in IVB; alleen meegeleverde breuken, vastgelegde kunnen er nog "
              "niet zijn", file=sys.stderr)
    for b in lines:
        where = f"alleen {b.area}" if b.area else "alle gebieden"
        if b.factor is None:
            print(f"{b.date}\tvastgelegd, vrije sprong\t{where}\t{b.reason}")
            continue
        size = f"bekende grootte {signed_step(b.factor)}"
        # For every area, but taken away for some below: "geldt" alone read as if it held for those too.
        elsewhere = not b.area and any(o.area and o.date == b.date and o.removed for o in lines)
        state = ("geldt, behalve waar hieronder weggehaald" if elsewhere else "geldt") if b.removed is None else \
            f"weggehaald op {b.removed.recorded_at:%Y-%m-%d} door {b.removed.recorded_by_name}: {b.removed.reason}"
        if b.restored is not None:  # put back: the record of both acts
            r = b.restored
            state += (f" (weer sinds {r.restored_at:%Y-%m-%d}, teruggezet door {r.restored_by_name}: "
                      f"{r.restore_reason}; weggehaald op {r.recorded_at:%Y-%m-%d} door {r.recorded_by_name}: "
                      f"{r.reason})")
        print(f"{b.date}\tmeegeleverd, {size}\t{where}\t{b.reason}\t{state}")
    if not lines:
        print(f"geen breuken in {args.series}", file=sys.stderr)
    return EXIT_OK


def _listed(key: str) -> bool:
    """Whether IVB knows the series (`series list` shows it) but has no figures of it yet."""
    from ivb.store.models import Series
    from ivb.store.series_catalogue import catalogue

    return key in catalogue() and not Series.objects.filter(key=key).exists()


def _no_figures(key: str, exc: Exception) -> UserError:
    """A break-recording command's message: a known series without figures is not 'unknown'."""
    if _listed(key):
        return UserError(f"{key} heeft nog geen cijfers in IVB; een breuk vastleggen of weghalen kan pas als er "
                         "cijfers zijn (ivb opendata import)")
    return UserError(str(exc))


def series_break_remove(args) -> int:
    django()
    from ivb.store.breaks import remove_known_break

    return _break_act(args, remove_known_break, "weggehaald uit", "de trend corrigeert er niet meer voor")


def series_break_restore(args) -> int:
    django()
    from ivb.store.breaks import restore_known_break

    return _break_act(args, restore_known_break, "teruggezet in", "de trend corrigeert er weer voor")


def _break_act(args, act, done: str, effect: str) -> int:
    """Take a shipped break away or put it back (`store.breaks`), with the reason, and say what it does."""
    from ivb.store.breaks import BreakError

    day = date(args.date)
    try:
        removal = act(args.series, day, args.reason or "", actor_name=cli_actor(), area_code=_area(args.area))
    except BreakError as exc:
        raise _no_figures(args.series, exc) from None
    where = f" voor {removal.area.code}" if removal.area else " voor alle gebieden"
    print(f"breuk per {day} {done} {removal.series.name}{where}: {effect}")
    return EXIT_OK


def _area(text: str | None) -> str | None:
    """A break holds per municipality: a picture of a province or region sums its municipalities, with their
    breaks. A code or a name (as `areas show` takes it); None is every area. A code IVB does not know goes on
    as typed: the store says so, as for every command."""
    from ivb.store.models import Area

    if text is None:
        return None
    try:
        return municipality(text).code
    except UserError as exc:
        area = Area.objects.filter(code=text.strip().upper()).first()
        if area is None:
            return text
        if area.kind == Area.Kind.MUNICIPALITY:
            raise UserError(f"--area {text}: {exc}") from None
    raise UserError(f"--area {text}: {area.name} is geen gemeente; een breuk geldt voor alle gebieden of voor één "
                    "gemeente (GMxxxx of haar naam)")


def series_breaks_derive(args) -> int:
    from importlib import resources
    from pathlib import Path

    import yaml

    from ivb.domain.encoding import EncodingProblem, decode
    from ivb.domain.opendata_tables import code_list
    from ivb.domain.series_breaks import (
        FILE,
        BreaksFileError,
        derive,
        series_code_lists,
    )
    from ivb.opendata.month_profiles import NOT_UTF8, not_csv

    source = Path(args.file)
    content = read_bytes(args.file)
    if kind := not_csv(content):
        raise UserError(f"{args.file}: {kind}; er is niets geschreven")
    try:
        text = decode(content, advice=NOT_UTF8)
    except EncodingProblem as exc:
        raise UserError(f"{args.file}: {exc}; er is niets geschreven") from None
    labels = {label: code for code, label in code_list("crime").items()}
    try:
        out = derive(text, source.name, labels, series_code_lists())
    except BreaksFileError as exc:
        raise UserError(f"{args.file}: {exc}; er is niets geschreven") from None
    target = Path(args.out) if args.out else Path(str(resources.files("ivb.data").joinpath(FILE)))
    entry = yaml.safe_load(out)["breaks"][0]  # read back before writing: the summary cannot fail after it
    write(str(target), out)  # whole or not at all: a reader never sees half a file
    print(f"{target}: breuk per {entry['date']} geschat; gebruikt voor {len(entry['steps'])} soorten misdrijf en "
          f"reeksen, te onnauwkeurig voor {len(entry['imprecise'])}, overgeslagen (een maand 0 of ontbrekend): "
          f"{len(entry['skipped'])}")
    return EXIT_OK


def series_break(args) -> int:
    django()
    from ivb.store.breaks import BreakError, record_break

    try:
        found, created = record_break(args.series, date(args.date), args.reason, area_code=_area(args.area))
    except BreakError as exc:
        raise _no_figures(args.series, exc) from None
    print(f"breuk in {found.series.key} per {found.date} {'vastgelegd' if created else 'stond al vast'}"
          f"{' voor ' + found.area.code if found.area else ' voor alle gebieden'}")
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
            line += f"\t{_span(c.first, c.last)} ({c.count} {'cijfer' if c.count == 1 else 'cijfers'})" if c else \
                "\tgeen cijfers"
        print(line)
        shown += 1
    if not needle:
        for form in known.forms:
            print(f"{form.prefix}<code>\teen reeks per code, zoals {form.example}\t"
                  f"{UNITS[form.unit][0] if form.unit else 'eenheid uit de download'}\t{form.source} (open data)")
    where = f" voor {', '.join(args.area)}" if args.area else ""
    sys.stdout.flush()  # the list first, then the count: both to one file (2>&1) came out of order
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


def _span(first, last) -> str:
    """2012–2025, or 2015 alone (not 2015–2015)."""
    return f"{first}" if first == last else f"{first}–{last}"
