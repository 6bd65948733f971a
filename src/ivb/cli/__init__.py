"""The `ivb` command: one module per command group, each thin over the services it calls.

Commands that only read files (policy schema, validate --offline, diff) start without Django.
"""

from __future__ import annotations

import argparse
import sys

from django.db import OperationalError

from ivb.cli import (
    accounts,
    admin,
    areas,
    backtest,
    evidence,
    observations,
    opendata,
    picture,
    policy,
    profiles,
    register,
    report,
    series,
)
from ivb.cli.base import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UserError

GROUPS = (policy, observations, opendata, picture, series, evidence, accounts, areas, report, register, admin,
          backtest, profiles)


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
    except OperationalError as exc:
        if "locked" not in str(exc):  # anything but a busy database is a fault to see in full
            raise
        print("ivb: de database is bezet: een andere import of wijziging liep langer dan de wachttijd "
              "(SQLITE_BUSY_SECONDS). Er is niets opgeslagen; probeer het opnieuw.", file=sys.stderr)
        return EXIT_PROBLEMS


# argparse speaks English; its messages are worded here as the rest of IVB speaks (the wording of Python 3.11-3.13).
_MESSAGES = (
    (r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)", "ongeldige keuze {value} (kies uit {choices})"),
    (r"invalid int value: (?P<value>.+)", "{value} is geen geheel getal"),
    (r"invalid float value: (?P<value>.+)", "{value} is geen getal"),
    (r"invalid (?P<type>\w+) value: (?P<value>.+)", "ongeldige waarde {value}"),
    (r"the following arguments are required: (?P<names>.+)", "deze ontbreken: {names}"),
    (r"unrecognized arguments: (?P<names>.+)", "onbekend: {names}"),
    (r"expected one argument", "hier hoort één waarde bij"),
    (r"expected at least one argument", "hier hoort minstens één waarde bij"),
    (r"one of the arguments (?P<names>.+) is required", "een van deze is nodig: {names}"),
    (r"not allowed with argument (?P<names>.+)", "gaat niet samen met {names}"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", "{option} kan zijn: {matches}"),
    (r"argument (?P<name>\S+): (?P<rest>.+)", "bij {name}: {rest}"),
)
_HEADINGS = (("usage: ", "gebruik: "), ("\noptions:\n", "\nopties:\n"), ("positional arguments:", "argumenten:"),
             ("show this help message and exit", "toont deze uitleg"))


def _in_dutch(message: str) -> str:
    import re

    for pattern, words in _MESSAGES:
        if (found := re.fullmatch(pattern, message, re.S)) is not None:
            parts = {k: _in_dutch(v) if k == "rest" else v for k, v in found.groupdict().items()}
            return words.format(**parts)
    return message


class DutchParser(argparse.ArgumentParser):
    """argparse with its errors, usage and headings in Dutch; the commands' own help is Dutch already."""

    def format_usage(self) -> str:
        return _headings(super().format_usage())

    def format_help(self) -> str:
        return _headings(super().format_help())

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: fout: {_in_dutch(message)}\n")


def _headings(text: str) -> str:
    for english, dutch in _HEADINGS:
        text = text.replace(english, dutch)
    return text


def _parser() -> argparse.ArgumentParser:
    parser = DutchParser(prog="ivb", description="IVB: integraal veiligheidsbeleid")
    commands = parser.add_subparsers(title="onderdelen")
    for group in GROUPS:
        group.add_commands(commands)
    return parser
