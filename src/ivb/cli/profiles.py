"""`ivb month-profiles`: derive the shipped national monthly profiles from a CBS download of 47022NED."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ivb.cli.base import EXIT_OK, UserError, read_bytes, write

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "national-month-profiles.yaml"


def add_commands(commands) -> None:
    p = commands.add_parser(
        "month-profiles",
        help="leid het landelijke maandpatroon per misdrijfsoort af uit een CBS-download van tabel 47022NED")
    p.add_argument("file", metavar="FILE", help="CSV met de kolommen crime_type_code,date,frequency (per maand, Nederland)")
    p.add_argument("--downloaded", metavar="JJJJ-MM", required=True,
                   help="wanneer de tabel bij CBS is gedownload, zoals 2024-01 (komt in de bronvermelding)")
    p.add_argument("--output", metavar="FILE", default=str(SHIPPED),
                   help="waar het patroon komt (standaard het bestand dat IVB meelevert)")
    p.set_defaults(run=month_profiles)


def month_profiles(args) -> int:
    from ivb.opendata.month_profiles import ProfileFileError, derive, to_yaml

    if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", args.downloaded):
        raise UserError(f"--downloaded {args.downloaded}: geen datum; schrijf jaar en maand, zoals 2024-01")
    content = read_bytes(args.file)
    try:
        profiles, skipped, even_sd = derive(content, args.file)
    except ProfileFileError as exc:
        raise UserError(f"{exc}; er is niets geschreven") from None
    write(args.output, to_yaml(profiles, skipped, even_sd, Path(args.file).name, args.downloaded))
    print(f"{args.output}: maandpatroon van {len(profiles)} misdrijfsoorten, "
          f"{len(skipped)} overgeslagen (te veel maanden zonder cijfer)", file=sys.stderr)
    return EXIT_OK
