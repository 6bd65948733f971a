"""API tokens."""

from __future__ import annotations

import sys

from ivb.cli.base import EXIT_OK, UserError, django


def add_commands(commands) -> None:
    token = commands.add_parser("token", help="API-tokens").add_subparsers(title="opdrachten")
    p = token.add_parser("create", help="maak een API-token voor een gebruiker (wordt één keer getoond)")
    p.add_argument("username", metavar="GEBRUIKER")
    p.add_argument("--name", default="script", help="waarvoor het token is")
    p.set_defaults(run=token_create)



def token_create(args) -> int:
    django()
    from django.contrib.auth import get_user_model

    from ivb.accounts.tokens import create_token

    user = get_user_model().objects.filter(username=args.username, is_active=True).first()
    if user is None:
        raise UserError(f"onbekende gebruiker '{args.username}'")
    print(create_token(user, args.name))
    print("Bewaar dit token; het wordt niet nog eens getoond.", file=sys.stderr)
    return EXIT_OK


