"""Figures typed in or kept in a spreadsheet: import and template."""

from __future__ import annotations

import sys
from pathlib import Path

from ivb.cli.base import EXIT_OK, EXIT_PROBLEMS, UserError, cli_actor, django


def add_commands(commands) -> None:
    obs = commands.add_parser("observations", help="waarnemingen (cijfers)").add_subparsers(title="opdrachten")
    p = obs.add_parser("import", help="importeer een CSV- of XLSX-bestand: alles of niets")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(run=observations_import)
    p = obs.add_parser("template", help="schrijf het invulsjabloon (XLSX)")
    p.add_argument("-o", "--output", default="ivb-waarnemingen.xlsx")
    p.set_defaults(run=observations_template)



def observations_import(args) -> int:
    django()
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


def observations_template(args) -> int:
    django()
    from ivb.store.template import write_template

    write_template(args.output)
    print(f"sjabloon geschreven: {args.output}")
    return EXIT_OK


