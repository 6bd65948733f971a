"""`ivb month-profiles`: derive the shipped national monthly profiles from a CBS download of 47022NED."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ivb.cli.base import EXIT_OK, UserError, count, read_bytes, write

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

    downloaded = _month(args.downloaded)
    content = read_bytes(args.file)
    try:
        profiles, skipped, even_sd = derive(content, args.file, downloaded)
    except ProfileFileError as exc:
        raise UserError(f"{exc}; er is niets geschreven") from None
    write(args.output, to_yaml(profiles, skipped, even_sd, Path(args.file).name, args.downloaded))
    print(f"{args.output}: maandpatroon van {count(len(profiles), 'misdrijfsoort', 'misdrijfsoorten')}, "
          f"{len(skipped)} overgeslagen (te veel maanden zonder cijfer)", file=sys.stderr)
    return EXIT_OK


def _month(text: str) -> tuple[int, int]:
    """--downloaded as (year, month): a real month, not after this one (a download from the future is a typo)."""
    import datetime as dt

    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if match is None:
        raise UserError(f"--downloaded {text}: geen datum; schrijf jaar en maand, zoals 2024-01")
    if not 1 <= int(match[2]) <= 12:
        raise UserError(f"--downloaded {text}: maand {match[2]} bestaat niet; schrijf jaar en maand, zoals 2024-01")
    today = dt.date.today()
    if (int(match[1]), int(match[2])) > (today.year, today.month):
        raise UserError(f"--downloaded {text}: die maand moet nog komen (het is nu {today:%Y-%m})")
    return int(match[1]), int(match[2])
