"""Figures typed in or kept in a spreadsheet: import and template."""

from __future__ import annotations

import sys
from pathlib import Path

from ivb.cli.base import (
    EXIT_OK,
    UserError,
    cli_actor,
    django,
    finish,
    read_bytes,
)


def add_commands(commands) -> None:
    obs = commands.add_parser("observations", help="waarnemingen (cijfers)").add_subparsers(title="opdrachten")
    p = obs.add_parser("import", help="importeer een CSV- of XLSX-bestand: alles of niets")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--problemen", metavar="PAD", help="schrijf bij een geweigerd bestand alle problemen naar dit "
                                                       "CSV-bestand (een per regel)")
    p.add_argument("--encoding", metavar="CODERING", default="utf-8",
                   help="de codering van een CSV-bestand: utf-8 (standaard) of cp1252 (Windows, uit Excel)")
    p.set_defaults(run=observations_import)
    p = obs.add_parser("template", help="schrijf het invulsjabloon (XLSX)")
    p.add_argument("-o", "--output", default="ivb-waarnemingen.xlsx")
    p.set_defaults(run=observations_template)



def observations_import(args) -> int:
    django()
    from ivb.domain.encoding import encoding_name
    from ivb.store.observation_import import import_observations

    try:
        encoding = encoding_name(args.encoding)
    except ValueError as exc:
        raise UserError(f"--encoding: {exc}") from None
    content = read_bytes(args.file)
    report = import_observations(Path(args.file).name, content, actor_name=cli_actor(), encoding=encoding)
    if not report.ok:
        print_problems(args.file, report, getattr(args, "problemen", None))
    return finish(report)


def print_problems(name: str, report, full_list: str | None) -> None:
    """A screenful, as the import page shows it: every problem when there are few, then the problems grouped by
    kind with their rows; the whole list in a CSV file on request."""
    from ivb.domain.numbers import format_number
    from ivb.domain.problem_groups import SCREENFUL

    if len(report.problems) <= SCREENFUL:
        for problem in report.problems:
            print(f"{name}: {problem.render()}", file=sys.stderr)
    groups = report.groups()
    print("Problemen per soort:", file=sys.stderr)
    for g in groups[:SCREENFUL]:
        print(f"  {g.line()}", file=sys.stderr)
    if len(groups) > SCREENFUL:
        print(f"  en nog {format_number(len(groups) - SCREENFUL, 'count')} soorten", file=sys.stderr)
    if full_list:
        from ivb.web.tables import problems_table, to_csv

        try:
            Path(full_list).write_bytes(to_csv(problems_table(report)))
        except OSError as exc:
            raise UserError(f"{full_list}: {exc.strerror}") from None
        print(f"alle {format_number(len(report.problems), 'count')} problemen staan in {full_list}", file=sys.stderr)
    elif len(report.problems) > SCREENFUL:
        print(f"alle {format_number(len(report.problems), 'count')} problemen, een per regel: voeg --problemen PAD.csv toe",
              file=sys.stderr)


def observations_template(args) -> int:
    django()
    from ivb.store.template import write_template

    write_template(args.output)
    print(f"sjabloon geschreven: {args.output}")
    return EXIT_OK


