"""Judgements on qualitative targets."""

from __future__ import annotations

from ivb.cli.base import EXIT_OK, UserError, cli_actor, date, django


def add_commands(commands) -> None:
    evidence = commands.add_parser("evidence", help="bewijs bij kwalitatieve doelen").add_subparsers(title="opdrachten")
    p = evidence.add_parser("add", help="leg een oordeel over een kwalitatief doel vast")
    p.add_argument("municipality", metavar="GEMEENTE")
    p.add_argument("period", metavar="PERIODE", help="beleidsperiode, zoals 2020-2023")
    p.add_argument("indicator", metavar="INDICATOR", help="sleutel van de indicator, zoals bewustzijn")
    p.add_argument("--status", required=True, choices=["behaald", "op koers", "risico", "niet op koers"])
    p.add_argument("--summary", required=True, help="waar het oordeel op rust")
    p.add_argument("--date", required=True, help="JJJJ-MM-DD")
    p.add_argument("--document", default="", help="verslag of vindplaats")
    p.set_defaults(run=evidence_add)



def evidence_add(args) -> int:
    django()
    from ivb.store.models import Area, Evidence
    from ivb.store.policies import PolicyStoreError, current_document, find_policy

    try:
        policy = find_policy(args.municipality, args.period)
    except PolicyStoreError as exc:
        raise UserError(str(exc)) from None
    doc = current_document(policy)
    indicator = next((i for _, i in doc.all_indicators() if i.key == args.indicator), None)
    if indicator is None:
        raise UserError(f"het beleid {args.period} heeft geen indicator '{args.indicator}'")
    if indicator.target is None:
        raise UserError(f"'{args.indicator}' wordt gevolgd zonder doel; oordelen over bewijs horen bij een "
                        "kwalitatief doel")
    if indicator.target.qualitative is None:
        raise UserError(f"'{args.indicator}' heeft een meetbaar doel; leg cijfers vast met 'ivb observations import'")
    Evidence.objects.create(policy=policy, indicator_key=indicator.key, area=Area.objects.get(code=args.municipality),
                            date=date(args.date), status=args.status, summary=args.summary, document=args.document,
                            recorded_by_name=cli_actor())
    print(f"oordeel '{args.status}' bij '{indicator.name}' vastgelegd")
    return EXIT_OK


