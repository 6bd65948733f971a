"""The register's audit trail and retention."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ivb.cli.base import EXIT_OK, EXIT_PROBLEMS, UserError, cli_actor, count, django
from ivb.cli.progress import progress


def add_commands(commands) -> None:
    audit_cmd = commands.add_parser("audit", help="de audittrail van het register").add_subparsers(title="opdrachten")
    p = audit_cmd.add_parser("verify", help="controleer de hele keten; noemt de eerste foute gebeurtenis")
    p.add_argument("--anchors", metavar="BESTAND", help="ankers van `ivb audit anchor`, buiten de database bewaard")
    p.set_defaults(run=audit_verify)
    p = audit_cmd.add_parser("anchor", help="voeg de kop van de keten toe aan een ankerbestand buiten de database")
    p.add_argument("file", metavar="BESTAND")
    p.set_defaults(run=audit_anchor)

    register_cmd = commands.add_parser("register", help="het register ondermijning").add_subparsers(title="opdrachten")
    p = register_cmd.add_parser("purge", help="verwijder persoonsgegevens waarvan de bewaartermijn voorbij is")
    p.add_argument("--dry-run", action="store_true", help="alleen tonen wat verwijderd zou worden")
    p.set_defaults(run=register_purge)
    p = register_cmd.add_parser("erase", help="verwijder één signaal of casus vóór de bewaartermijn, op een besluit "
                                              "over een verzoek (AVG art. 17); de telling blijft")
    p.add_argument("reference", metavar="S-4|C-2", help="het signaal of de casus; een casus met alles erbij")
    p.add_argument("--besluit", metavar="KENMERK",
                   help="het kenmerk van het besluit over het verzoek (geen namen: het wordt bewaard); nodig, "
                        "behalve met --dry-run")
    p.add_argument("--dry-run", action="store_true", help="alleen tonen wat verwijderd zou worden")
    p.set_defaults(run=register_erase)


def audit_verify(args) -> int:
    django()
    from ivb.register.audit import AnchorError, read_anchors, verify

    anchors = []
    if args.anchors:
        try:
            anchors = read_anchors(Path(args.anchors).read_text(encoding="utf-8"), args.anchors)
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{args.anchors}: kan het ankerbestand niet lezen ({exc.__class__.__name__})", file=sys.stderr)
            return EXIT_PROBLEMS
        except AnchorError as exc:
            print(exc, file=sys.stderr)
            return EXIT_PROBLEMS
    verdict = verify(anchors)
    print(f"audittrail: {verdict.message}", file=sys.stdout if verdict.ok else sys.stderr)
    return EXIT_OK if verdict.ok else EXIT_PROBLEMS


def audit_anchor(args) -> int:
    django()

    from ivb.domain.numbers import format_number
    from ivb.register.audit import anchor

    line = anchor()
    try:
        with open(args.file, "a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")
    except OSError as exc:
        print(f"{args.file}: kan niet schrijven ({exc.strerror})", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"anker toegevoegd aan {args.file}: {format_number(line['count'], 'count')} gebeurtenissen, "
          f"kop {line['hash'][:16]}…")
    return EXIT_OK


def register_purge(args) -> int:
    django()
    from ivb.register.retention import due, purge, scrub_storage

    if args.dry_run:
        plan = due()
    else:
        with progress("signalen en casussen verwijderen", " stuks") as report:
            plan = purge(actor=cli_actor(), progress=report)
    for line in plan.lines():
        print(line)
    what = f"{count(len(plan.signals), 'signaal', 'signalen')} en {count(len(plan.cases), 'casus', 'casussen')}"
    print(f"{'zou verwijderen' if args.dry_run else 'verwijderd'}: {what}")
    if not args.dry_run and (plan.signals or plan.cases) and (done := scrub_storage()):
        print(done)
    return EXIT_OK




def register_erase(args) -> int:
    django()
    from ivb.register.retention import erase, erasure_preview, scrub_storage

    try:
        if args.dry_run:
            print(f"zou verwijderen: {erasure_preview(args.reference, actor=cli_actor())}")
            return EXIT_OK
        if not args.besluit:
            raise UserError("geef met --besluit het kenmerk van het besluit over het verzoek (of kijk eerst met "
                            "--dry-run wat verwijderd zou worden)")
        removed = erase(args.reference, decision=args.besluit, actor=cli_actor())
    except ValueError as exc:
        raise UserError(str(exc)) from None
    what = ", ".join([f"S-{pk}" for pk in removed["signalen"]] + [f"C-{pk}" for pk in removed["casussen"]])
    print(f"verwijderd op besluit {' '.join(args.besluit.split())}: {what}; de jaartellingen blijven, de "
          "audittrail noemt het")
    if done := scrub_storage():
        print(done)
    return EXIT_OK
