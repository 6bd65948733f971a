"""The safety picture of one municipality in one year."""

from __future__ import annotations

import json

from ivb.cli.base import EXIT_OK, UserError, django, municipality


def add_commands(commands) -> None:
    p = commands.add_parser("picture", help="het veiligheidsbeeld van een gemeente in een jaar")
    p.add_argument("municipality", metavar="GEMEENTE", help="CBS-code, zoals GM0553")
    p.add_argument("year", metavar="JAAR", type=int)
    p.add_argument("--json", action="store_true", help="als JSON")
    p.set_defaults(run=picture)



def picture(args) -> int:
    django()
    from ivb.domain.periods import PeriodError
    from ivb.store.picture import year_picture
    from ivb.store.policies import PolicyStoreError

    area = municipality(args.municipality)
    try:
        result = year_picture(area, args.year)  # the dashboard's and the API's picture, and their years
    except (PeriodError, PolicyStoreError) as exc:
        raise UserError(str(exc)) from None
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        from ivb.domain.picture_text import render_text

        print(render_text(result))
    return EXIT_OK


