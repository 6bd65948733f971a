"""Policy files: schema, validate, import, export, diff."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ivb.cli.base import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    UserError,
    cli_actor,
    count,
    django,
    print_problems,
    validate_file,
)


def add_commands(commands) -> None:
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



def policy_schema(args) -> int:
    from ivb.domain.policy import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def policy_validate(args) -> int:
    status = EXIT_OK
    for name in args.files:
        validation = validate_file(name)
        if validation.ok:
            p = validation.policy
            print(f"{name}: in orde ({count(len(p.priorities), 'prioriteit', 'prioriteiten')}, "
                  f"{count(len(p.all_indicators()), 'indicator', 'indicatoren')})")
        else:
            print_problems(name, validation.problems)
            status = EXIT_PROBLEMS
    return status


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
    validation = validate_file(args.file)
    if not validation.ok:
        print_problems(args.file, validation.problems)
        return EXIT_PROBLEMS
    django()
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
    django()
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


