"""`ivb backtest`: IVB's projections set beside what really happened, on the real police series of every
municipality; `--write` renews the calibration that ships with IVB (see docs/methods.md)."""

from __future__ import annotations

import hashlib
import json
import sys
from importlib import resources
from pathlib import Path

from ivb.cli.base import EXIT_OK, EXIT_PROBLEMS, UserError, read_bytes, write
from ivb.cli.progress import counted, progress

TOO_FEW = " te weinig"  # a group with fewer than ENOUGH_CASES: shown, not judged
DEMO_FILES = ("47018NED_GM_2012-2025.csv.gz", "70072ned_GM_2012-2025.csv.gz")
MONTHLY_FILE = "47022NED_NL_2012-01_2023-12.csv.gz"  # the national months, for --year-to-date


def add_commands(commands) -> None:
    p = commands.add_parser(
        "backtest", help="toets de projecties aan wat echt gebeurde (echte politiecijfers van alle gemeenten)",
        description="Past IVB's eigen trendmodel toe op vensters van echte jaarcijfers per gemeente, projecteert "
                    "1 tot 5 jaar vooruit en zet dat naast wat echt geteld werd: hoe vaak de uitkomst binnen het "
                    "80%-interval viel, en hoe vaak doelen met een gegeven kans gehaald werden. Standaard de "
                    "politiecijfers (47018NED) en inwonertallen (70072ned) die met IVB meekomen. Afsluitcode 1 als "
                    "de intervallen niet op elke horizon het doel halen, of als er te weinig projecties zijn om dat "
                    "te beoordelen. Met --year-to-date toetst het in plaats daarvan de schattingen van een lopend jaar "
                    "op de landelijke maandcijfers; de opties voor hele jaren gelden dan niet.")
    p.add_argument("--police", metavar="BESTAND", help="download van tabel 47018NED (CSV), per gemeente")
    p.add_argument("--population", metavar="BESTAND", help="download van tabel 70072ned (inwoners per gemeente)")
    p.add_argument("--encoding", metavar="CODERING", default="utf-8",
                   help="de codering van de CSV-bestanden: utf-8 (standaard, zoals StatLine levert) of cp1252")
    p.add_argument("--window", type=int, default=7, metavar="JAREN", help="jaren per venster: 4 tot 10 (standaard 7)")
    p.add_argument("--first-test", type=int, default=2019, metavar="JAAR",
                   help="eerste startjaar dat getoetst wordt; elk getoetst startjaar wordt gekalibreerd op de "
                        "startjaren ervóór (standaard 2019)")
    p.add_argument("--write", nargs="?", const="", metavar="BESTAND",
                   help="schrijf de kalibratie, geleerd op alle startjaren, met de gebruikte opties en bestanden "
                        "(standaard het bestand dat met IVB meekomt: src/ivb/data/projection-calibration.json). Dat "
                        "bestand wordt alleen vervangen met de standaardinstellingen (--window 7, --first-test "
                        "2019, met de bekende breuk), met bestanden van de goede tabellen en als de intervallen op "
                        "elke horizon het doel halen; anders geeft u een ander BESTAND")
    p.add_argument("--without-known-breaks", action="store_true",
                   help="zonder de meegeleverde breuk van 1 juli 2018 (om het effect ervan te meten)")
    p.add_argument("--known-outcomes-only", action="store_true",
                   help="strenger: laat elk getoetst startjaar alleen leren van uitkomsten die in dat jaar al bekend waren "
                        "(standaard leert het ook van latere jaren van eerdere startjaren); de verste horizons zijn "
                        "dan niet te toetsen")
    p.add_argument("--small-counts", action="store_true",
                   help="toets in plaats daarvan de reeksen met minder dan 10 per jaar, die IVB zonder trend op hun "
                        "niveau projecteert (afsluitcode 1 als een interval onder 80%% blijft of een klasse van "
                        "kansen meer dan 5 punten mist)")
    p.add_argument("--year-to-date", action="store_true",
                   help="toets in plaats daarvan de schattingen van een heel jaar uit de maanden die al geteld zijn, "
                        "op de landelijke maandcijfers (47022NED), ook uitgedund tot de maat van een grote stad en "
                        "van een gemeente, met elk soort maandpatroon dat pagina's gebruiken (afsluitcode 1 als met "
                        "trend een interval onder 77%% blijft of een klasse van kansen meer dan 5 punten mist); met "
                        "--write de klassen van kansen die pagina's noemen")
    p.add_argument("--monthly", metavar="BESTAND",
                   help="bij --year-to-date: download van tabel 47022NED per maand, landelijk (CSV met de kolommen "
                        "crime_type_code,date,frequency, zoals ivb month-profiles leest; standaard de download van "
                        "januari 2024 die met IVB meekomt)")
    p.add_argument("--missing-month", action="store_true",
                   help="bij --year-to-date: elk lopend jaar vanaf maart mist een maand ertussen (de middelste), zoals "
                        "een pagina zo'n jaar aanvult; niet met --write")
    p.add_argument("--json", action="store_true", help="de cijfers als JSON")
    p.set_defaults(run=backtest)


def backtest(args) -> int:
    from ivb.domain import backtest as bt

    _check_options(args)
    if args.year_to_date:
        return _year_to_date(args)
    series, sources = _series(args.police, args.population, not args.without_known_breaks, args.encoding)
    if args.small_counts:
        return _small_counts(series, sources, args)
    last = max(max(s.counts) for s in series)
    first = min(min(s.counts) for s in series)
    cases = bt.run(series, range(first + args.window - 1, last), args.window)
    if not len(cases):
        raise UserError("geen enkele reeks heeft genoeg jaren en aantallen (minstens 10 per jaar) voor een venster "
                        f"van {args.window} jaar")
    _check_origins(sorted({int(o) for o in cases.origin}), first, last, args)
    try:
        evaluation = bt.evaluate(cases, args.first_test, args.known_outcomes_only)
        # --write ships both walks' chance bins: the default walk's as `bins`, the strict one's beside them.
        walks = ((bt.evaluate(cases, args.first_test) if args.known_outcomes_only else evaluation,
                  evaluation if args.known_outcomes_only else bt.evaluate(cases, args.first_test, True))
                 if args.write is not None else None)
    except ValueError as exc:
        raise UserError(f"--first-test {args.first_test}: {exc}") from None
    if args.json:
        print(json.dumps(_as_dict(evaluation, cases), ensure_ascii=False, indent=1, allow_nan=False))
    else:
        _print(evaluation, cases, len(series), args)
    if args.write is not None:
        _check_aim(args.write, evaluation.coverage_verdict(), evaluation.every_horizon_judged())
        assert walks is not None  # computed above with --write
        _write(args.write, {**bt.learn(cases), "chances_held": bt.chances_held(*walks),
                            "intervals_held": bt.intervals_held(walks[0])}, cases, len(series), sources, args)
    return EXIT_OK if evaluation.coverage_ok() and evaluation.every_horizon_judged() else EXIT_PROBLEMS


def _year_to_date(args) -> int:
    """The back-test of a year under way completed from its months (`year_to_date_backtest`), and with --write
    the chance bins that pages name beside such a chance."""
    import gzip

    from ivb.domain import year_to_date_backtest as ytd
    from ivb.opendata.month_profiles import ProfileFileError, read_counts

    if args.monthly:
        _text_file(args.monthly)
        name, content = Path(args.monthly).name, read_bytes(args.monthly)
    else:
        name = MONTHLY_FILE
        content = gzip.decompress(resources.files("ivb.demo").joinpath(MONTHLY_FILE).read_bytes())
    if args.monthly and args.monthly.endswith(".gz"):
        content = _gunzipped(content, args.monthly)
    try:
        counts = read_counts(content, name)
    except ProfileFileError as exc:
        raise UserError(str(exc)) from None
    with progress("jaren aanvullen", " maten", total=len(ytd.FRACTIONS)) as report:
        cases = ytd.run(counts, progress=report, missing=args.missing_month)
    try:
        e = ytd.evaluate(cases)
    except ValueError as exc:
        raise UserError(f"{name}: {exc} (minstens {ytd.seasonal.OWN_MIN_YEARS + 1} jaren met twaalf maanden)") from None
    if args.json:
        print(json.dumps({**_year_to_date_dict(e), "maand_ontbreekt": args.missing_month}, ensure_ascii=False,
                         indent=1, allow_nan=False))
    else:
        _print_year_to_date(e, name, args.missing_month)
    if args.write is not None:
        table = {**ytd.held(e), "learned_from": {
            "what": "IVB's year-to-date estimates against the real whole years of the national monthly police counts "
                    "(47022NED), also thinned to a municipality's size",
            "files": [{"bestand": name, "sha256": hashlib.sha256(content).hexdigest()}],
            "fractions": list(e.fractions), "seed": ytd.SEED,
            "command": "ivb backtest --year-to-date" + (f" --monthly {name}" if args.monthly else "") + " --write"}}
        path = Path(args.write) if args.write else Path(__file__).resolve().parents[1] / "data" / "year-to-date-held.json"
        write(str(path), _compact(json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True)) + "\n")
        print(f"klassen van kansen geschreven naar {path}", file=sys.stderr)
    return EXIT_OK if e.intervals_ok() and e.chances_ok() else EXIT_PROBLEMS


def _gunzipped(content: bytes, name: str) -> bytes:
    import gzip
    import zlib

    try:
        return gzip.decompress(content)
    except (OSError, EOFError, zlib.error):
        raise UserError(f"{name}: geen geldig gzip-bestand") from None


YTD_SIZES = {1.0: "heel Nederland", 0.03: "een grote stad (3% van het land)", 0.002: "een gemeente (0,2% van het land)"}
YTD_PATHS = {"trend": "met trend", "pace": "in het tempo van de maanden"}
YTD_KINDS = {"own": "eigen maandpatroon", "national": "landelijk maandpatroon", "even": "gelijke verdeling"}
MONTHS_SHORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _size_name(fraction: float) -> str:
    from ivb.domain.numbers import format_number

    return YTD_SIZES.get(fraction) or f"{format_number(fraction * 100, 'percent', decimals=1)}% van het land"


def _print_year_to_date(e, name: str, missing: bool = False) -> None:
    from ivb.domain import year_to_date_backtest as ytd
    from ivb.domain.backtest import AIM_CHANCE, ENOUGH_CASES, NAMED_FROM
    from ivb.domain.calibration import pooled_surprise
    from ivb.domain.numbers import format_number

    print(f"Terugblik op schattingen van een lopend jaar: {_n(e.codes)} misdrijfsoorten, landelijke maandcijfers "
          f"({name}). Elk jaar {e.years[0]}–{e.years[-1]} is aangevuld vanuit januari tot en met elke maand van "
          "januari tot november, met het maandpatroon van de jaren ervóór alleen (het eigen patroon, het landelijke "
          "of een gelijke verdeling, zoals pagina's ze gebruiken), en naast het echte hele jaar gezet. Ook uitgedund "
          "tot de maat van een grote stad en van een gemeente: elk geregistreerd misdrijf met een kans van 3% of 0,2% "
          "behouden (wat lokaal is, zoals eigen seizoenen, zit er niet in: daar is het interval eerder te ruim).")
    if missing:
        print("Met --missing-month: elk jaar vanaf maart mist een maand ertussen, de middelste van de getelde "
              "(t/m september zonder mei), en wordt aangevuld zoals een pagina dat doet; januari en februari vallen "
              "daardoor weg.")
    print("\nHoe vaak viel het echte hele jaar binnen het 80%-interval? (eis met trend: minstens 77%; hele aantallen "
          "maken het interval ruimer; in het tempo van de maanden getoond, niet beoordeeld)")
    for (fraction, kind, path), rows in e.coverage.items():
        total = rows[0]
        mark = (" ✓" if total.inside >= ytd.AIM_COVERAGE else " ✗") if path == "trend" else ""
        print(f"  {_size_name(fraction)}, {YTD_KINDS[kind]}, {YTD_PATHS[path]}: {_pct(total.inside)}{mark} van "
              f"{_n(total.cases)} schattingen (eronder {_pct(total.below)}, erboven {_pct(total.above)}; breedte "
              f"{_pct(total.median_width)} van de schatting)")
        print("    t/m " + ", ".join(f"{MONTHS_SHORT[int(r.group) - 1]} {_pct(r.inside)}" for r in rows[1:]))
    print(f"\nMet trend, naar hoe ver de maanden tot nu van de verwachting uit de jaren ervoor lagen (in standaard"
          f"afwijkingen; vanaf {format_number(ytd.SURPRISED, 'count')} zegt een pagina hoe zulke jaren uitkwamen):")
    for fraction, rows in e.by_surprise.items():
        print(f"  {_size_name(fraction)}: " + "; ".join(
            f"{r.group.replace('-', '–') if not r.group.endswith('-') else 'vanaf ' + r.group[:-1]}: {_pct(r.inside)} "
            f"van {_n(r.cases)}" for r in rows))
    print("\nKansen dat een doel gehaald wordt (doelen gezet op het jaar ervoor: 20%, 10% en 5% minder, niet meer, "
          "hoogstens 10% meer, minstens 10% meer; doelen die de maanden al beslisten niet meegeteld), per grootte van "
          f"de reeks per jaar; de klassen met minstens {_n(NAMED_FROM)} doelen die meer dan 5 punten missen: die noemen "
          f"pagina's naast zo'n kans (* minder dan {_n(ENOUGH_CASES)} doelen: niet beoordeeld):")
    for (klass, kind, path), (r, means) in e.chances.items():
        missed = [f"{_bin_name(lo, hi)}: {_stated_met(mean, share)}"
                  f"{'' if n >= ENOUGH_CASES else '*'}"
                  for (lo, hi, n, share), mean in zip(r.bins, means, strict=True)
                  if n >= NAMED_FROM and abs(share - mean) > AIM_CHANCE]
        print(f"  {_level_name(_class_group(klass))} per jaar, {YTD_KINDS[kind]}, {YTD_PATHS[path]}: "
              f"{_n(r.targets)} doelen, Brier {format_number(r.brier, 'count', decimals=3)} (naïef "
              f"{format_number(r.naive_brier, 'count', decimals=3)}); " + ("gemist: " + "; ".join(missed) if missed
                                                                             else "geen klasse gemist"))
    # As pages say it (`calibration.surprised_inside`): a pattern with too few such years counts with its size's others.
    named: list[str] = []
    for klass, kind in e.surprised:
        by_kind = {k: v for (c, k), v in e.surprised.items() if c == klass}
        found = pooled_surprise(by_kind, kind, NAMED_FROM)
        if found is None or found[1] >= ytd.AIM_COVERAGE:
            continue
        together = found[0] != by_kind[kind][0]  # too few of this pattern: all of the size's patterns together
        group = f"{_level_name(_class_group(klass))} per jaar, " + ("alle maandpatronen samen" if together else
                                                                    YTD_KINDS[kind])
        words = f"{group}: {_pct(found[1])} van {_n(found[0])}"
        if words not in named:
            named.append(words)
    if named:
        print(f"\nPagina's zeggen het als de maanden tot nu {format_number(ytd.SURPRISED, 'count')} standaardafwijkingen "
              "of meer van de verwachting liggen, voor reeksen waarvoor zulke jaren minder dan 77% binnen het interval "
              "vielen (een maandpatroon met minder dan " + _n(NAMED_FROM) + " zulke jaren telt met de andere van die "
              "grootte samen): " + "; ".join(named) + ".")
    failed = [f"{_level_name(_class_group(k))} per jaar, {YTD_KINDS[kind]}, {_bin_name(lo, hi)}"
              for (k, kind, path), (r, means) in e.chances.items() if path == "trend"
              for (lo, hi, n, share), mean in zip(r.bins, means, strict=True)
              if n >= ENOUGH_CASES and abs(share - mean) > AIM_CHANCE]
    print(f"\nOordeel (met trend): intervallen minstens 77% bij elke maat en elk maandpatroon: "
          f"{'ja' if e.intervals_ok() else 'nee'}; kansen binnen 5 punten per klasse (met minstens {_n(ENOUGH_CASES)} "
          f"doelen): {'ja' if e.chances_ok() else 'nee, niet: ' + '; '.join(failed)}.")


def _class_group(klass: int) -> str:
    from ivb.domain.calibration import LEVELS

    low, high = LEVELS[klass]
    return f"{low}-{high or ''}"


def _year_to_date_dict(e) -> dict:
    return {"jaren": e.years, "misdrijfsoorten": e.codes,
            "intervallen": [{"deel_van_het_land": f, "maandpatroon": kind, "weg": path, "alle_maanden": rows[0].__dict__,
                             "per_maand": [r.__dict__ for r in rows[1:]]} for (f, kind, path), rows in e.coverage.items()],
            "naar_afwijking": [{"deel_van_het_land": f, "groepen": [r.__dict__ for r in rows]}
                               for f, rows in e.by_surprise.items()],
            "kansen": [{"klasse": klass, "maandpatroon": kind, "weg": path,
                        "klassen": [{"van": lo, "tot": hi, "doelen": n, "voorspeld": mean, "gehaald": share}
                                    for (lo, hi, n, share), mean in zip(r.bins, means, strict=True) if n],
                        "brier": r.brier, "brier_naief": r.naive_brier}
                       for (klass, kind, path), (r, means) in e.chances.items()],
            "oordeel": {"intervallen": e.intervals_ok(), "kansen": e.chances_ok()}}


def _small_counts(series, sources, args) -> int:
    """The back-test of the level projection of counts under 10 a year (`backtest.evaluate_level`, ADR 0046), and
    with --write the extra scatter per horizon learned on every origin."""
    from ivb.domain import backtest as bt
    from ivb.domain.trend import MIN_EXPECTED_PER_YEAR

    cases = bt.run_level(series, args.window, MIN_EXPECTED_PER_YEAR)
    try:
        e = bt.evaluate_level(cases, args.first_test)
    except ValueError as exc:
        raise UserError(f"--first-test {args.first_test}: {exc}") from None
    verdict = e.intervals_verdict() is True and e.chances_verdict() is True
    if args.json:
        bins = lambda r, means: [{"van": lo, "tot": hi, "doelen": n, "voorspeld": mean, "gehaald": share}
                                 for (lo, hi, n, share), mean in zip(r.bins, means, strict=True) if n]
        print(json.dumps({"getoetste_startjaren": e.test_origins, "reeksen": e.series,
                          "horizons": [c.__dict__ for c in e.coverage], "kansen": bins(e.chances, e.mean_predicted),
                          "brier": e.chances.brier, "brier_naief": e.chances.naive_brier,
                          "zonder_extra_spreiding": {"horizons": [c.__dict__ for c in e.plain_coverage],
                                                     "kansen": bins(e.plain_chances, e.plain_mean_predicted),
                                                     "brier": e.plain_chances.brier}},
                         ensure_ascii=False, indent=1, allow_nan=False))
    else:
        _print_small_counts(e, args, MIN_EXPECTED_PER_YEAR)
    if args.write is not None:
        learned = bt.learn_level(cases)
        if args.write == "" and not verdict:
            raise UserError("--write: de kleine aantallen halen het doel niet; het meegeleverde bestand blijft zoals "
                            "het is (geef een BESTAND om deze spreiding toch te bewaren)")
        table = {"scatter": {str(h): k for h, k in learned.items()}, "learned_from": {
            "what": "IVB's level projections of counts under 10 a year against real police counts (47018NED)",
            "files": sources, "window": args.window, "series": len({int(i) for i in cases.series}),
            "cases": len(cases), "origins": sorted({int(o) for o in cases.origin}), "command": _command(args)}}
        path = Path(args.write) if args.write else Path(__file__).resolve().parents[1] / "data" / "small-count-scatter.json"
        write(str(path), _compact(json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True)) + "\n")
        print(f"spreiding van kleine aantallen geschreven naar {path}", file=sys.stderr)
    return EXIT_OK if verdict else EXIT_PROBLEMS


def _print_small_counts(e, args, below: float) -> None:
    from ivb.domain import backtest as bt
    from ivb.domain.numbers import format_number

    tested = _years("startjaar", "startjaren", e.test_origins[0], e.test_origins[-1])
    print(f"Terugblik op kleine aantallen: {_n(e.series)} echte reeksen met minder dan {_n(round(below))} per jaar in "
          f"een venster van {args.window} jaar, op hun niveau geprojecteerd (zonder trend). Getoetst: {tested}; elk "
          "startjaar met de extra spreiding die geleerd is van de startjaren ervóór („na”), naast het model zonder "
          "(„voor”).")
    print("\nHoe vaak viel de echte uitkomst binnen het 80%-interval? (doel: minstens 80%; hele aantallen maken het "
          "interval ruimer)")
    for c, plain in zip(e.coverage, e.plain_coverage, strict=True):
        mark = TOO_FEW if c.cases < bt.ENOUGH_CASES else (" ✓" if c.inside >= 0.80 - 1e-9 else " ✗")
        print(f"    {c.group} jaar vooruit   {_n(c.cases):>7} projecties   voor {_pct(plain.inside):>6}   na "
              f"{_pct(c.inside):>6}{mark}   na: eronder {_pct(c.below)}, erboven {_pct(c.above)}")
    print(f"\nKansen dat een doel gehaald wordt (dezelfde soorten doelen als bij de trends; {_n(e.settled_targets)} "
          "doelen als „lager dan 0”, die geen aantal kan halen, niet meegeteld):")
    for (lo, hi, n, share), mean, (_l, _h, n_b, share_b), mean_b in zip(
            e.chances.bins, e.mean_predicted, e.plain_chances.bins, e.plain_mean_predicted, strict=True):
        mark = TOO_FEW if n < bt.ENOUGH_CASES else (" ✓" if abs(share - mean) <= bt.AIM_CHANCE else " ✗")
        chance = _bin_name(lo, hi)
        print(f"    kans {chance:<18} na: {_n(n):>7} doelen, voorspeld gemiddeld {_pct(mean):>6}, gehaald "
              f"{_pct(share):>6}{mark}   (voor: {_n(n_b):>7} doelen, {_stated_met(mean_b, share_b)})")
    print(f"  Brier-score (lager is beter): voor {format_number(e.plain_chances.brier, 'count', decimals=3)}, na "
          f"{format_number(e.chances.brier, 'count', decimals=3)}; naïef (het aandeel van zulke doelen dat eerder "
          f"gehaald werd) {format_number(e.chances.naive_brier, 'count', decimals=3)}")
    print(f"\nOordeel: intervallen minstens 80% op elke horizon: {_verdict(e.intervals_verdict(), 'projecties')}; "
          f"kansen binnen 5 punten per klasse (met minstens 1.000 doelen): {_verdict(e.chances_verdict(), 'doelen')}.")


def _check_options(args) -> None:
    """Refuse what cannot work before anything is read."""
    from ivb.domain.encoding import encoding_name
    from ivb.domain.trend import MIN_POINTS

    try:
        encoding_name(args.encoding)
    except ValueError as exc:
        raise UserError(f"--encoding {args.encoding}: {exc}") from None
    if not MIN_POINTS <= args.window <= 10:  # fewer figures than a trend fit takes give no projection at all
        why = f"een trend heeft minstens {MIN_POINTS} jaarcijfers nodig; " if args.window < MIN_POINTS else ""
        raise UserError(f"--window {args.window}: {why}kies {MIN_POINTS} tot 10 jaar")
    if args.small_counts and args.known_outcomes_only:
        raise UserError("--small-counts gaat niet samen met --known-outcomes-only")
    if args.year_to_date:
        other = [flag for flag, given in (("--small-counts", args.small_counts), ("--police", args.police),
                                          ("--population", args.population),
                                          ("--known-outcomes-only", args.known_outcomes_only),
                                          ("--window", args.window != DEFAULTS["window"]),
                                          ("--first-test", args.first_test != DEFAULTS["first_test"]),
                                          ("--without-known-breaks", args.without_known_breaks),
                                          ("--encoding", args.encoding.lower().replace("-", "") != "utf8")) if given]
        if other:
            raise UserError(f"--year-to-date gaat niet samen met {other[0]}: die optie hoort bij de toets van hele "
                            "jaren; een lopend jaar wordt getoetst op landelijke maandcijfers (--monthly)")
        if args.missing_month and args.write is not None:
            raise UserError("--missing-month gaat niet samen met --write: de meegeleverde klassen van kansen zijn die "
                            "van jaren zonder ontbrekende maand")
    elif args.monthly or args.missing_month:
        raise UserError(f"{'--monthly' if args.monthly else '--missing-month'} hoort bij --year-to-date")
    if args.write == "" and (changed := _changed_settings(args)):
        raise UserError(f"--write zonder bestand vervangt het meegeleverde bestand alleen met de standaardinstellingen, "
                        f"niet met {', '.join(changed)}; geef een bestand: --write BESTAND")


def _check_origins(origins: list[int], first: int, last: int, args) -> None:
    """Say why no walk-forward can be made, with what the data allow: the calibration learns every horizon up to
    five years from the start years before the one tested, so the first start year needs an outcome five years
    on, and at least one start year must come before --first-test."""
    from ivb.domain.backtest import HORIZONS
    from ivb.domain.trend import MIN_POINTS

    longest = max(HORIZONS)
    span = _years("startjaar", "startjaren", origins[0], origins[-1])
    if origins[0] + longest > last:
        smaller = f" (of een kleiner --window, minstens {MIN_POINTS})" if args.window > MIN_POINTS else ""
        raise UserError(f"de cijfers lopen van {first} tot en met {last}, met vensters van {args.window} jaar: {span}; "
                        f"geen startjaar heeft al een uitkomst {longest} jaar later, en de kalibratie leert elke "
                        f"horizon van 1 tot {longest} jaar: er zijn minstens {args.window + longest} jaren cijfers "
                        f"nodig{smaller}")
    if not origins[0] < args.first_test <= origins[-1]:
        raise UserError(f"--first-test {args.first_test}: de cijfers geven {span}; kies een eerste testjaar van "
                        f"{origins[0] + 1} tot en met {origins[-1]} (er moet minstens één startjaar vóór liggen om op "
                        "te leren)")


def _years(one: str, many: str, low: int, high: int) -> str:
    """'startjaar 2024' or 'startjaren 2018–2024'."""
    return f"{one} {low}" if low == high else f"{many} {low}–{high}"


DEFAULTS = {"window": 7, "first_test": 2019, "without_known_breaks": False, "known_outcomes_only": False}


def _changed_settings(args) -> list[str]:
    """The options that differ from the defaults the shipped calibration is learned with, as typed."""
    return [_option(name, getattr(args, name)) for name, default in DEFAULTS.items() if getattr(args, name) != default]


def _option(name: str, value) -> str:
    flag = "--" + name.replace("_", "-")
    return flag if value is True else f"{flag} {value}"


def _check_aim(target: str, verdict: bool | None, every_horizon: bool = True) -> None:
    """A calibration not shown to keep its 80% on every horizon never replaces the shipped one (a verdict on
    the near horizons alone is not enough); in a file of the user's choosing it is kept, with a warning."""
    from ivb.domain.backtest import ENOUGH_CASES

    if verdict and every_horizon:
        return
    why = ("de intervallen halen niet op elke horizon 80 ± 3%" if verdict is False else
           f"er zijn te weinig projecties om te oordelen of de intervallen 80 ± 3% halen (minstens "
           f"{_n(ENOUGH_CASES)} op elke horizon van 1 tot 5 jaar)")
    if target == "":
        raise UserError(f"{why}; het meegeleverde bestand blijft zoals het was. Geef een bestand (--write BESTAND) om "
                        "deze kalibratie toch te bewaren")
    print(f"let op: {why}; gebruik deze kalibratie niet als de meegeleverde", file=sys.stderr)


def _command(args) -> str:
    """The command that made the file, without where it was written (the same run gives the same file)."""
    files = [f"--{flag} {Path(name).name}" for flag, name in (("police", args.police),
                                                            ("population", args.population)) if name]
    encoding = [f"--encoding {args.encoding}"] if args.encoding.lower().replace("-", "") != "utf8" else []
    small = ["--small-counts"] if getattr(args, "small_counts", False) else []
    return " ".join(["ivb backtest", *small, *files, *encoding, *_changed_settings(args), "--write"])


def _series(police: str | None, population: str | None, with_known_breaks: bool = True, encoding: str = "utf-8"):
    from ivb.domain.backtest import series_from_cells
    from ivb.domain.series_breaks import known_breaks
    from ivb.opendata.files import open_cells
    from ivb.opendata.readers import OpenDataError

    given = [police, population]
    with resources.as_file(resources.files("ivb.demo")) as demo:
        paths = [p or str(Path(demo) / name) for p, name in zip(given, DEMO_FILES, strict=True)]
        for path in paths:
            _text_file(path)
        try:
            police_cells, population_cells = (_yearly(*open_cells([path], table, encoding=encoding), path)
                                              for path, table in zip(paths, ("47018NED", "70072ned"), strict=True))
            # The reading is most of the time (fitting every window is one vectorised step): the bar counts it.
            with progress("cijfers lezen", " cijfers") as report:
                series = series_from_cells(counted(police_cells, report), population_cells,
                                           known_breaks if with_known_breaks else None)
        except OpenDataError as exc:
            raise UserError(str(exc)) from None
        sources = [{"bestand": Path(p).name, "sha256": hashlib.sha256(Path(p).read_bytes()).hexdigest()}
                   for p in paths]
    if not series:
        raise UserError(f"{paths[0]}: geen politiecijfers per gemeente gevonden")
    return series, sources


def _text_file(path: str) -> None:
    """Refuse a folder, or a file that is no text (an Excel workbook), before it is read as a table."""
    import gzip
    import zlib

    from ivb.opendata.month_profiles import not_csv

    if Path(path).is_dir():
        raise UserError(f"{path}: dat is een map; geef een bestand")
    try:
        with (gzip.open if path.endswith(".gz") else open)(path, "rb") as stream:
            head = stream.read(4096)
        if head.startswith(b"PK"):  # a zip (XLSX): what it holds is listed at its end
            head = Path(path).read_bytes()
    except (OSError, EOFError, zlib.error):
        return  # reading it as a table says what is wrong, in words
    if kind := not_csv(head):
        raise UserError(f"{path}: {kind}")


def _yearly(table, cells, name: str):
    """The cells of the right table (its measure column: a population file is no police file) and of whole years
    only: a month's figure read as its year's would make December the year."""
    from ivb.opendata.readers import OpenDataError
    from ivb.opendata.tables import checked

    for cell in checked(cells, table, name=name):
        if not cell.period.endswith("JJ00"):
            raise OpenDataError(f"{name}: periode {cell.period} is geen heel jaar; ivb backtest leest alleen "
                                f"jaarcijfers (perioden als 2015JJ00) van tabel {table.id}")
        yield cell


def _write(target: str, table: dict, cases, series: int, sources: list[dict], args) -> None:
    table["learned_from"] = {
        "what": "IVB's projections against real police counts (47018NED) of every municipality",
        "files": sources, "window": args.window, "series": series, "cases": len(cases),
        "origins": sorted({int(o) for o in cases.origin}), "command": _command(args),
    }
    path = Path(target) if target else Path(__file__).resolve().parents[1] / "data" / "projection-calibration.json"
    write(str(path), _compact(json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True)) + "\n")
    print(f"kalibratie geschreven naar {path}", file=sys.stderr)


def _compact(text: str) -> str:
    """Lists of numbers on one line: the file stays readable and small."""
    import re

    return re.sub(r"\[\s*([-0-9.,\s]+?)\s*\]", lambda m: "[" + ", ".join(m.group(1).split()).replace(",,", ",") + "]",
                  text)


# ------------------------------------------------------------------------------------------------ output

def _pct(x: float) -> str:
    """A share as a percentage; a share of no cases (NaN) is a dash."""
    import math

    from ivb.domain.numbers import format_number

    return "–" if math.isnan(x) else format_number(x * 100, "percent", decimals=1)


def _n(x: int) -> str:
    from ivb.domain.numbers import format_number

    return format_number(x, "count")


SIZE_NAMES = {0: "inwonertal van het startjaar onbekend"}


def _print(e, cases, series: int, args) -> None:
    from ivb.domain import backtest as bt
    from ivb.domain.compare import SIZE_CLASSES
    from ivb.domain.numbers import format_number

    sizes = {**SIZE_NAMES, **{c.code: c.label for c in SIZE_CLASSES}}
    tested = _years("startjaar", "startjaren", e.test_origins[0], e.test_origins[-1])
    print(f"Terugblik op de projecties: {_n(series)} echte reeksen (geregistreerde misdrijven per gemeente en "
          f"soort), vensters van {args.window} jaar.")
    learned = ("alleen geleerd is van uitkomsten die in dat startjaar al bekend waren" if e.known_outcomes_only else
               "alleen geleerd is van eerdere startjaren (met hun uitkomsten, ook die van latere jaren)")
    print(f"Getoetst: {tested}, {_n(e.tested_cases)} projecties; elk startjaar met een kalibratie die {learned}.")
    untested = [str(h) for h in bt.HORIZONS if str(h) not in {c.group for c in e.after["horizon"]}]
    if untested:
        why = ("geen getoetst startjaar had zowel een bekende uitkomst zo ver vooruit om van te leren als een latere "
               "om aan te toetsen" if e.known_outcomes_only else
               "geen getoetst startjaar heeft al een uitkomst zo ver vooruit")
        print(f"Niet te toetsen: {_n_years(untested)} vooruit; {why}.")
    print()
    print(f"✓ haalt het doel, ✗ haalt het niet; „te weinig”: minder dan {_n(bt.ENOUGH_CASES)} projecties of doelen, "
          "niet beoordeeld. „Voor”: het model zonder kalibratie (zoals IVB rekende voordat deze toets er was); „na”: "
          "wat IVB nu zegt. Kansen zijn getoetst zoals een pagina ze toont: in hele procenten.")
    other = "de gewone (zonder --known-outcomes-only)" if e.known_outcomes_only else \
        "de strengere (--known-outcomes-only)"
    print(f"Een klasse van kansen met minstens {_n(bt.NAMED_FROM)} doelen die in deze toets of in {other} meer dan "
          "5 punten mist, noemen de pagina's naast zo'n kans, met de grootste misser van de twee. Een klasse "
          "„van 10 tot 20%” telt de kansen die een pagina als 10% tot en met 19% toont.")
    print("\nHoe vaak viel de echte uitkomst binnen het 80%-interval? (doel: 77% tot 83%)")
    for by, title, name in (("horizon", "jaren vooruit", lambda g: f"{g} jaar"),
                            ("size_class", "gemeentegrootte", lambda g: sizes[int(g)]),
                            ("level", "aantal per jaar in het venster", _level_name)):
        print(f"  per {title}:")
        after = {c.group: c for c in e.after[by]}
        for c in e.before[by]:
            a = after[c.group]
            mark = TOO_FEW if a.cases < bt.ENOUGH_CASES else (
                " ✓" if bt.AIM_COVERAGE[0] <= a.inside <= bt.AIM_COVERAGE[1] else " ✗")
            print(f"    {name(c.group):<32} {_n(c.cases):>7} projecties   voor {_pct(c.inside):>6}   na "
                  f"{_pct(a.inside):>6}{mark}   breedte (mediaan, t.o.v. de projectie) {_pct(c.median_width)} → "
                  f"{_pct(a.median_width)}" + (f"   na: eronder {_pct(a.below)}, erboven {_pct(a.above)}"
                                               if by == "horizon" else ""))
    print("\nKansen dat een doel gehaald wordt (doelen gezet op de echte reeksen: 20%, 10% en 5% minder, niet "
          "meer, hoogstens 10% meer, minstens 10% meer dan het startjaar):")
    for (lo, hi, n, share), mean, (_l, _h, _nb, share_b), mean_b in zip(
            e.chances_after.bins, e.mean_predicted[1], e.chances_before.bins, e.mean_predicted[0], strict=True):
        mark = TOO_FEW if n < bt.ENOUGH_CASES else (" ✓" if abs(share - mean) <= bt.AIM_CHANCE else " ✗")
        chance = _bin_name(lo, hi)
        print(f"    kans {chance:<18} na: {_n(n):>7} doelen, voorspeld gemiddeld {_pct(mean):>6}, "
              f"gehaald {_pct(share):>6}{mark}   (voor: {_n(_nb):>7} doelen, {_stated_met(mean_b, share_b)})")
    b, a = e.chances_before, e.chances_after
    print(f"  Brier-score (lager is beter): voor {format_number(b.brier, 'count', decimals=3)}, na "
          f"{format_number(a.brier, 'count', decimals=3)}; naïef (het aandeel van zulke doelen dat eerder gehaald "
          f"werd) {format_number(a.naive_brier, 'count', decimals=3)}")
    if e.high_start is not None:  # ADR 0061: pages name these classes beside a chance of such a series
        print(f"  waarvan reeksen die begonnen met een jaar ver boven de rest (eerste jaar minstens "
              f"{format_number(bt.HIGH_START, 'count', decimals=1)} keer de mediaan van de andere; "
              f"{_n(e.high_start.targets)} doelen; niet apart in het oordeel hieronder: de pagina's noemen deze "
              "klassen naast een kans van zo'n reeks): " + "; ".join(
                  f"{_bin_name(lo, hi)}: {_stated_met(mean, share)} ({_n(n)})"
                  for (lo, hi, n, share), mean in zip(e.high_start.bins, e.high_start_means, strict=True) if n))
    print(f"\nOordeel: intervallen 80 ± 3% op elke horizon: {_horizon_verdict(e)}; "
          "per gemeentegrootte (met minstens 1.000 projecties): "
          f"{_verdict(e.coverage_verdict('size_class'), 'projecties')}; "
          f"kansen binnen 5 punten per klasse (met minstens 1.000 doelen): {_verdict(e.chances_verdict(), 'doelen')}.")
    if e.coverage_verdict() is True and not e.every_horizon_judged():  # "ja op 1, 2 en 3 jaar", and yet exit 1
        print("Niet elke horizon kon getoetst worden; daarom eindigt deze opdracht met foutcode 1.")


def _bin_name(low: float, high: float) -> str:
    """'van 10 tot 20%': as pages name a class of chances (the header says which chances shown it holds)."""
    return f"van {_n(round(low * 100))} tot {_n(round(high * 100))}%"


def _stated_met(stated: float, met: float) -> str:
    """'voorspeld 6,7%, gehaald 11,5%': a class's mean stated chance and the share met (no arrow: an arrow in these
    lines reads before → after, as with the widths)."""
    return f"voorspeld {_pct(stated)}, gehaald {_pct(met)}"


def _horizon_verdict(e) -> str:
    """'ja' only when every horizon 1-5 was judged; a yes on the near horizons alone names them."""
    from ivb.domain.backtest import ENOUGH_CASES

    verdict = e.coverage_verdict()
    if verdict is not True or e.every_horizon_judged():
        return _verdict(verdict, "projecties")
    judged = [c.group for c in e.after["horizon"] if c.cases >= ENOUGH_CASES]
    return f"ja op {_n_years(judged)} vooruit, verder niet te beoordelen"


def _n_years(horizons: list[str]) -> str:
    """['4', '5'] -> '4 en 5 jaar'."""
    return (horizons[0] if len(horizons) == 1 else ", ".join(horizons[:-1]) + " en " + horizons[-1]) + " jaar"


def _verdict(verdict: bool | None, what: str) -> str:
    return f"te weinig {what} om te oordelen" if verdict is None else ("ja" if verdict else "nee")


def _level_name(group: str) -> str:
    low, high = group.split("-")
    return f"{_n(int(low))} en meer" if not high else f"{_n(int(low))} tot {_n(int(high))}"


def _as_dict(e, cases) -> dict:
    def rows(items):
        return [c.__dict__ for c in items]

    return _no_nan({
        "startjaren_getoetst": e.test_origins,
        "alleen_bekende_uitkomsten": e.known_outcomes_only,
        "projecties_getoetst": e.tested_cases,
        "dekking": {by: {"voor": rows(e.before[by]), "na": rows(e.after[by])} for by in e.before},
        "kansen": {"voor": {"klassen": e.chances_before.bins, "gemiddeld_voorspeld": e.mean_predicted[0],
                            "brier": e.chances_before.brier},
                   "na": {"klassen": e.chances_after.bins, "gemiddeld_voorspeld": e.mean_predicted[1],
                          "brier": e.chances_after.brier},
                   "brier_naief": e.chances_after.naive_brier},
        "oordeel": {"dekking_per_horizon": e.coverage_verdict(), "elke_horizon_beoordeeld": e.every_horizon_judged(),
                    "dekking_per_grootte": e.coverage_verdict("size_class"),
                    "kansen": e.chances_verdict()},
    })


def _no_nan(value):
    """NaN (the share of an empty chance bin) is no JSON: null, as for a verdict that cannot be given."""
    import math

    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_no_nan(v) for v in value]
    return value
