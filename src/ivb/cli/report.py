"""The council report."""

from __future__ import annotations

import sys

from ivb.cli.base import EXIT_OK, UserError, django, municipality, write


def add_commands(commands) -> None:
    p = commands.add_parser("report", help="de raadsrapportage (concept) als PDF, DOCX of HTML")
    p.add_argument("municipality", metavar="GEMEENTE")
    p.add_argument("year", metavar="JAAR", type=int)
    p.add_argument("--format", choices=["pdf", "docx", "html"], default="pdf")
    p.add_argument("-o", "--output", required=True, help="bestand")
    p.set_defaults(run=report)



def report(args) -> int:
    django()
    from ivb.domain.numbers import format_size
    from ivb.report import render
    from ivb.report.content import build
    from django.utils.timezone import localdate

    from ivb.domain.break_words import date_text
    from ivb.report.services import ReportError, approved_report, check_report_year
    from ivb.store.policies import PolicyStoreError

    area = municipality(args.municipality)
    try:
        content = build(area, check_report_year(area, args.year))  # the years the pages offer
    except (ReportError, PolicyStoreError) as exc:
        raise UserError(str(exc)) from None
    data = {"pdf": render.to_pdf, "docx": render.to_docx}.get(args.format)
    output = data(content) if data else render.to_html(content).encode()
    write(args.output, output)
    print(f"concept-rapport geschreven: {args.output} ({format_size(len(output))})")
    if (frozen := approved_report(area, args.year)) is not None:  # the council has another text: say so
        print(f"let op: het rapport over {args.year} is al vastgesteld door {frozen.approved_by_name} op "
              f"{date_text(localdate(frozen.approved_at))}; dit concept heeft de cijfers van nu. Het vastgestelde rapport "
              "staat op de pagina Raadsrapportage.", file=sys.stderr)
    return EXIT_OK


