"""The council report."""

from __future__ import annotations

import sys

from ivb.cli.base import EXIT_OK, UserError, django, municipality, write


def add_commands(commands) -> None:
    p = commands.add_parser("report", help="de raadsrapportage (concept) als PDF, DOCX of HTML")
    p.add_argument("municipality", metavar="GEMEENTE")
    p.add_argument("year", metavar="JAAR", type=int)
    p.add_argument("--format", choices=FORMATS, help="pdf, docx of html; zonder: volgens de naam van het bestand")
    p.add_argument("-o", "--output", required=True, metavar="BESTAND", help="bestand (.pdf, .docx of .html)")
    p.set_defaults(run=report)



FORMATS = ("pdf", "docx", "html")


def report_format(chosen: str | None, output: str) -> str:
    """The format asked for, or the one the file's name ends in; a name that says another format is refused, so
    a PDF is never written into "rapport.docx"."""
    from pathlib import PurePath

    suffix = PurePath(output).suffix.lower().lstrip(".")
    suffix = "html" if suffix == "htm" else suffix
    if chosen is None:
        if output == "-":  # standard output has no name to go by: a PDF, as before
            return "pdf"
        if suffix not in FORMATS:
            raise UserError(f"-o {output}: kies het formaat met --format pdf, docx of html, of geef het bestand een "
                            "naam die op .pdf, .docx of .html eindigt")
        return suffix
    if suffix in FORMATS and suffix != chosen:
        raise UserError(f"-o {output} is een .{suffix}-bestand, maar --format is {chosen}; maak ze gelijk")
    return chosen


def report(args) -> int:
    fmt = report_format(args.format, args.output)
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
    data = {"pdf": render.to_pdf, "docx": render.to_docx}.get(fmt)
    output = data(content) if data else render.to_html(content).encode()
    write(args.output, output)
    print(f"concept-rapport geschreven: {args.output} ({format_size(len(output))})")
    if (frozen := approved_report(area, args.year)) is not None:  # the council has another text: say so
        print(f"let op: het rapport over {args.year} is al vastgesteld door {frozen.approved_by_name} op "
              f"{date_text(localdate(frozen.approved_at))}; dit concept heeft de cijfers van nu. Het vastgestelde rapport "
              "staat op de pagina Raadsrapportage.", file=sys.stderr)
    return EXIT_OK


