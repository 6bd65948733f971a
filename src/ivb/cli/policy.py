"""Policy files: schema, new, validate, upgrade, import, export, diff."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ivb.domain.policy_skeleton import unfilled, unfilled_sentence
from ivb.cli.base import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    UserError,
    cli_actor,
    count,
    django,
    print_problems,
    read,
    validate_file,
    write,
)


def add_commands(commands) -> None:
    policy = commands.add_parser("policy", help="veiligheidsbeleid als YAML").add_subparsers(title="opdrachten")
    p = policy.add_parser("schema", help="print het JSON Schema van een beleidsbestand")
    p.set_defaults(run=policy_schema)
    p = policy.add_parser("validate", help="controleer beleidsbestanden en noem elk probleem (met de database "
                                           "erbij als die bereikbaar is: alles wat import controleert)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--offline", action="store_true", help="alleen de bestanden zelf, zonder database")
    p.set_defaults(run=policy_validate)
    p = policy.add_parser("upgrade", help="schrijf een beleidsbestand van versie 1 om naar versie 2")
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", help="schrijf hierheen (standaard: het bestand zelf)")
    p.set_defaults(run=policy_upgrade)
    p = policy.add_parser("new", help="schrijf een leeg beleidsbestand (met uitleg) om in te vullen")
    p.add_argument("municipality", metavar="GEMEENTE", help="CBS-code, zoals GM0377")
    p.add_argument("period", metavar="PERIODE", help="zoals 2024-2027")
    p.add_argument("--gemeente", dest="others", nargs="+", action="extend", default=[], metavar="GEMEENTE",
                   help="de andere gemeenten van een gezamenlijk beleid")
    p.add_argument("-o", "--output", help="bestand (standaard: stdout)")
    p.set_defaults(run=policy_new)
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



def policy_schema(args) -> int:
    from ivb.domain.policy import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def policy_validate(args) -> int:
    status = EXIT_OK
    store = None if args.offline else _store()
    if not args.offline and store is None:
        print("let op: alleen de bestanden zelf gecontroleerd, niet tegen de database", file=sys.stderr)
    for name in args.files:
        validation = store(read(name)) if store else validate_file(name)
        if validation.ok:
            p = validation.policy
            print(f"{name}: in orde ({count(len(p.priorities), 'prioriteit', 'prioriteiten')}, "
                  f"{count(len(p.all_indicators()), 'indicator', 'indicatoren')})")
            if warning := unfilled_sentence(unfilled(p)):
                print(f"{name}: let op: {warning}")
            if store:  # set against the stored figures: only with a database
                from ivb.store.policies import target_doubts

                for doubt in target_doubts(p):
                    print(f"{name}: let op: {doubt}")
        else:
            print_problems(name, validation.problems)
            status = EXIT_PROBLEMS
    return status


def _store():
    """The store's check of a policy text when a migrated database is reachable, else None (and why, on stderr)."""
    try:
        django()
    except UserError as exc:
        print(f"ivb: {exc}", file=sys.stderr)
        return None
    from ivb.store.policies import validate_for_store

    return validate_for_store


def policy_upgrade(args) -> int:
    from ivb.domain.policy_upgrade import upgrade_text

    text = read(args.file)
    result = upgrade_text(text)
    if result.problems:
        print_problems(args.file, result.problems)
        return EXIT_PROBLEMS
    target = args.output or args.file
    if not result.changes:
        print(f"{args.file}: al versie 2, niets gewijzigd", file=sys.stderr if args.output == "-" else sys.stdout)
        if args.output:
            write(args.output, text)
        return EXIT_OK
    write(target, result.text)
    out = sys.stderr if target == "-" else sys.stdout
    print(f"{args.file}: omgezet naar versie 2{'' if target == args.file else ' in ' + target}", file=out)
    for change in result.changes:
        print(f"  {change}", file=out)
    if result.comments_lost:
        print("  let op: de opmaak kon niet behouden blijven; het bestand is opnieuw geschreven zonder "
              "commentaarregels", file=out)
    return EXIT_OK


def policy_new(args) -> int:
    from ivb.domain.policy_skeleton import skeleton

    codes = [args.municipality, *[c for c in args.others if c != args.municipality]]
    try:
        start, end = (int(part) for part in args.period.split("-"))
    except ValueError:
        raise UserError(f"periode '{args.period}' niet begrepen; gebruik bijvoorbeeld 2024-2027") from None
    try:
        text = skeleton(codes, start, end, _names(codes, start, end))
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if args.output:
        if Path(args.output).exists():
            raise UserError(f"{args.output} bestaat al; kies een andere naam (er wordt niets overschreven)")
        write(args.output, text)
        print(f"{args.output}: geschreven; vul het in en controleer het met 'ivb policy validate {args.output}'")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _names(codes: list[str], start: int, end: int) -> dict[str, str]:
    """Municipality names from the store when it is reachable; unknown codes are refused there, and so is one
    that no longer exists when the period begins (a skeleton for Heerhugowaard, in Dijk en Waard since 2022,
    was written without a word and then refused by 'validate': walk Y)."""
    try:
        django()
    except UserError as exc:
        print(f"let op: gemeentenamen niet opgezocht ({exc})", file=sys.stderr)
        return {}
    from ivb.store.models import Area
    from ivb.store.areas import unknown_municipality_message

    names = dict(Area.objects.filter(code__in=codes, kind=Area.Kind.MUNICIPALITY).values_list("code", "name"))
    unknown = [c for c in codes if c not in names]
    if unknown:
        raise UserError("; ".join(unknown_municipality_message(c) for c in unknown))
    from ivb.domain.policy import Period
    from ivb.store.policies import outside_lifetime

    try:
        period = Period(start=start, end=end)
    except ValueError:  # a period out of range: the skeleton says what is wrong with it
        return names
    if wrong := outside_lifetime(codes, period):
        raise UserError("; ".join(message for _where, message in wrong))
    return names


def policy_diff(args) -> int:
    from ivb.domain.policy_diff import diff

    if args.old == "-" and args.new == "-":
        raise UserError("hoogstens één van beide mag - (stdin) zijn")
    documents = []
    for name in (args.old, args.new):
        validation = validate_file(name)
        if not validation.ok:
            print_problems(name, validation.problems)
            return EXIT_USAGE
        documents.append(validation.policy)
    lines = diff(*documents)
    for line in lines:
        print(line)
    return EXIT_PROBLEMS if lines else EXIT_OK


def policy_import(args) -> int:
    text = read(args.file)
    django()
    from ivb.store.policies import PolicyStoreError, import_policy, validate_for_store

    validation = validate_for_store(text)  # the same check as `ivb policy validate`
    if not validation.ok:
        print_problems(args.file, validation.problems)
        return EXIT_PROBLEMS
    assert validation.policy is not None  # ok: the file was read into a policy

    try:
        version, created = import_policy(validation.policy, filename=Path(args.file).name, actor_name=cli_actor())
    except PolicyStoreError as exc:
        raise UserError(f"{args.file}: {exc}") from None
    if created:
        print(f"{args.file}: opgeslagen als versie {version.number} van '{version.policy.title}'")
    else:
        print(f"{args.file}: ongewijzigd (gelijk aan versie {version.number})")
    from ivb.store.policies import target_doubts

    for doubt in target_doubts(validation.policy):  # stored all the same: a policy may aim far
        print(f"{args.file}: let op: {doubt}")
    return EXIT_OK


def policy_export(args) -> int:
    django()
    from ivb.store.policies import PolicyStoreError, document_yaml, find_policy

    try:
        policy = find_policy(args.municipality, args.period)
    except PolicyStoreError as exc:
        raise UserError(str(exc)) from None
    text = document_yaml(policy)
    if args.output:
        write(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


