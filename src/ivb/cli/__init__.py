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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ivb", description="IVB: integraal veiligheidsbeleid")
    commands = parser.add_subparsers(title="onderdelen")
    for group in GROUPS:
        group.add_commands(commands)
    return parser
