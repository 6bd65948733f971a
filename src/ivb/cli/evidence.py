"""Judgements on qualitative targets."""

from __future__ import annotations

from ivb.cli.base import EXIT_OK, UserError, cli_actor, date, django
from ivb.domain.vocabulary import JUDGEMENTS


def add_commands(commands) -> None:
    evidence = commands.add_parser("evidence", help="bewijs bij kwalitatieve doelen").add_subparsers(title="opdrachten")
    p = evidence.add_parser("add", help="leg een oordeel over een kwalitatief doel vast")
    p.add_argument("municipality", metavar="GEMEENTE")
    p.add_argument("period", metavar="PERIODE", help="beleidsperiode, zoals 2020-2023")
    p.add_argument("indicator", metavar="INDICATOR", help="sleutel van de indicator, zoals bewustzijn")
    p.add_argument("--status", required=True, choices=[str(s) for s in JUDGEMENTS])
    p.add_argument("--summary", required=True, help="waar het oordeel op rust")
    p.add_argument("--date", required=True, help="JJJJ-MM-DD")
    p.add_argument("--document", default="", help="verslag of vindplaats")
    p.add_argument("--jaar", type=int, default=None, metavar="JJJJ",
                   help="het jaar waarover het oordeel gaat (standaard: het jaar van --date, binnen het beleid)")
    p.set_defaults(run=evidence_add)


def evidence_add(args) -> int:
    django()
    from ivb.store.evidence import EvidenceError, record_evidence

    try:
        found = record_evidence(args.municipality, args.period, args.indicator, args.status, args.summary,
                                date(args.date), document=args.document, actor_name=cli_actor(), year=args.jaar)
    except EvidenceError as exc:
        raise UserError(str(exc)) from None
    print(f"oordeel '{found.status}' over {found.about} bij '{found.indicator_key}' vastgelegd")
    return EXIT_OK
