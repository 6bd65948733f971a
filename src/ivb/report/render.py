"""The council report as HTML, PDF (WeasyPrint) and DOCX (python-docx), all from one ReportContent."""

from __future__ import annotations

import io

from django.template.loader import render_to_string

from ivb.domain.i18n import _
from ivb.report.content import ReportContent


def draft_mark(content: ReportContent) -> str:
    """What a draft says of itself: not yet approved, or, where the year's report was approved, that this is a draft
    with today's figures beside it (walk CA: `ivb report` after the approval wrote "CONCEPT – nog niet vastgesteld"
    with a corrected figure the approved report did not have)."""
    from django.utils.timezone import localdate

    from ivb.domain.break_words import date_text
    from ivb.report.models import Report

    frozen = Report.objects.filter(municipality=content.area, year=content.year, set_aside=False).only(
        "approved_at", "approved_by_name").first()
    if frozen is None:
        return _("CONCEPT – nog niet vastgesteld")
    return _("CONCEPT met de cijfers van vandaag – het rapport over %(year)s is op %(date)s vastgesteld door "
             "%(who)s; dat rapport kreeg de raad (pagina Raadsrapportage in IVB)") % {
        "year": content.year, "date": date_text(localdate(frozen.approved_at)), "who": frozen.approved_by_name}


def to_html(content: ReportContent, draft: bool = True) -> str:
    from ivb.charts import NARROW, WIDE

    # The charts' drawn widths, for the stylesheet that shows one of the two.
    return render_to_string("report/report.html", {"c": content, "draft": draft_mark(content) if draft else "",
                                                   "chart_width": {"wide": WIDE, "narrow": NARROW}})


def to_pdf(content: ReportContent, draft: bool = True) -> bytes:
    from weasyprint import HTML

    # PDF/UA-1: tagged (headings, tables, lists, the charts' text), with the document's language and title, as
    # the Dutch accessibility rules ask of a document a council publishes.
    return HTML(string=to_html(content, draft)).write_pdf(pdf_variant="pdf/ua-1")


def _a4(document) -> None:
    """A4 with 2 cm margins, as the PDF: python-docx's template is US Letter, which a Dutch printer refuses or
    crops."""
    from docx.shared import Cm

    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)


def to_docx(content: ReportContent, draft: bool = True) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    _a4(document)
    _describe(document, _("Veiligheidsbeeld %(name)s %(year)s") % {"name": content.area.name, "year": content.year},
              content)
    if draft:
        document.add_paragraph(draft_mark(content)).runs[0].bold = True
    document.add_heading(document.core_properties.title, level=0)
    document.add_paragraph(content.policy_title or _("Geen veiligheidsbeleid opgeslagen"))
    if content.approved:
        document.add_paragraph(content.approved[0].upper() + content.approved[1:]).runs[0].bold = True
    for notice in (content.lifetime, content.notice, content.figures_until, content.later_figures):
        if notice:
            document.add_paragraph(notice).runs[0].italic = True

    document.add_heading(_("Samenvatting"), level=1)
    for o in content.objectives:
        document.add_paragraph(f"{o['name']}: {o['figure'] + ' – ' if o['figure'] else ''}{o['status']}. "
                               f"{o['reason_sentence']}",
                               style="List Bullet")
    if content.achieved:
        document.add_paragraph(_("Doel behaald: %(list)s.") % {"list": ", ".join(content.achieved)})
    if content.on_course:
        document.add_paragraph(_("Op koers: %(list)s.") % {"list": ", ".join(content.on_course)})
    if content.improved:
        document.add_paragraph(_("Verbeterd: %(list)s.") % {"list": ", ".join(content.improved)})
    if content.attention:
        document.add_paragraph(_("Vraagt aandacht: %(list)s.") % {"list": ", ".join(content.attention)})
    if content.targets:
        document.add_heading(_("De doelen op een rij"), level=2)
        _table(document, _("Indicator"), [], [_("Onderdeel"), _("Doel"), _("Nieuwste cijfer"), _("Stand")],
               [(t.name, [], [t.part, t.target, t.figure or "–", t.status]) for t in content.targets])

    document.add_heading(_("Het veiligheidsbeeld in cijfers"), level=1)
    if content.table:
        expected = [content.expected_heading] if content.expected_heading else []
        _table(document, _("Indicator"), [label for _year, label in content.years], [*expected, _("Trend")],
               [(row.name, row.cells, [*([row.expected or "–"] if expected else []), row.verdict])
                for row in content.table])
        for note in content.table_notes:
            document.add_paragraph(note)
        if content.table_elsewhere:
            document.add_paragraph(content.table_elsewhere)
    else:
        document.add_paragraph(content.no_table_text)

    if content.monitored or content.context:
        document.add_heading(_("Gevolgde cijfers van politie en CBS"), level=1)
        document.add_paragraph(_("IVB volgt deze cijfers voor elke gemeente, naast de indicatoren van het beleid. "
                                 "Hier staan ze zonder doel; volgt een indicator van het beleid zo'n cijfer, dan staat "
                                 "het doel bij die indicator."))  # walk BC: "geen doel" beside a policy's target
        if content.index_rows:
            document.add_heading(_("Vergelijking met buren, eenheid en land"), level=2)
            document.add_paragraph(content.index_text)
            _table(document, _("Gebied"), [], [_("Index"), _("Soort")],
                   [(name, [], [index, kind]) for name, kind, index in content.index_rows])
            for note in content.index_notes:
                document.add_paragraph(note)
        if content.monitored:
            rate = content.rate_column  # a column of dashes only is left out, as in the PDF
            expected = [content.monitored_expected_heading] if content.monitored_expected_heading else []
            _table(document, _("Reeks"), content.monitored_headers,
                   [*expected, _("Trend"), *([_("Per 1.000 inwoners (%(year)s)") % {"year": content.year}] if rate else [])],
                   [(row.name, row.cells, [*([row.expected or "–"] if expected else []), row.verdict,
                                           *([row.rate] if rate else [])]) for row in content.monitored])
            document.add_paragraph(content.monitored_source_line + " " + _("* voorlopig cijfer.")
                                   + "".join(f" {note}" for note in content.rate_notes)
                                   + (f" {content.monitored_expected_note}" if content.monitored_expected_note else "")
                                   + (f" {content.monitored_left_out}" if content.monitored_left_out else "")
                                   + (f" {content.monitored_empty}" if content.monitored_empty else ""))
        if content.context:
            document.add_heading(_("Context (geen oordeel)"), level=2)
            for sentence in content.context:
                document.add_paragraph(sentence)

    document.add_heading(_("Prioriteiten"), level=1)
    for title, indicators, note in content.priorities:
        document.add_heading(title, level=2)
        if note:
            document.add_paragraph(note).runs[0].italic = True
        for i in indicators:
            _indicator(document, i)

    document.add_heading(_("Jaarplan %(year)s") % {"year": content.year}, level=1)
    if content.plan_adopted:
        document.add_paragraph(content.plan_adopted)
    if content.actions:
        actions = document.add_table(rows=1, cols=4)
        actions.style = "Table Grid"
        for cell, text in zip(actions.rows[0].cells, (_("Actie"), _("Trekker"), _("Gereed"), _("Status")), strict=True):
            cell.text = text
        _header_row(actions)
        for a in content.actions:
            cells = actions.add_row().cells
            cells[0].text, cells[1].text = a.title, a.owner
            cells[2].text, cells[3].text = a.due, a.status
            if a.since:  # not in the plan as the college adopted it
                cells[0].add_paragraph(f"({a.since})")
            if a.note:  # the latest progress note, as in the PDF
                cells[0].add_paragraph(f"{_('Laatste voortgang')}: {a.note}")
    else:
        document.add_paragraph(_("Geen acties vastgelegd."))

    document.add_heading(_("Overige veiligheidsthema's"), level=1)
    for title, themes, description, indicators in content.other_themes:
        document.add_heading(title, level=2)
        document.add_paragraph(f"{themes}. {description}" if description else themes)
        for i in indicators:
            _indicator(document, i)
    if not content.other_themes:  # as the PDF and HTML say it: an empty heading reads as a page lost
        document.add_paragraph(_("Geen overige thema's vastgelegd."))

    document.add_heading(_("Wat de stand betekent"), level=1)
    for word, meaning in content.meanings:
        p = document.add_paragraph(style="List Bullet")
        p.add_run(word).bold = True
        p.add_run(f": {meaning}")
    document.add_heading(_("Bronnen en kanttekeningen"), level=1)
    for g in content.source_groups:  # as in the HTML and PDF: one entry per series
        p = document.add_paragraph(style="List Bullet")
        p.add_run(g.name).bold = True
        p.add_run(f" ({g.covered}) – {g.provenance}.")
        p.add_run().add_break()
        p.add_run(g.figures)
    for caveat in content.caveats:
        document.add_paragraph(caveat, style="List Bullet")
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.font.size = run.font.size or Pt(10)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _describe(document, title: str, content: ReportContent) -> None:
    """What Word and a screen reader read about the file: its title, its author, its language (python-docx's
    template says en-US, its author "python-docx" and its date 2013)."""
    import datetime as dt

    from django.utils.translation import get_language
    from docx.oxml.ns import qn

    language = {"en": "en-GB"}.get((get_language() or "nl")[:2], "nl-NL")
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = title, "IVB", "IVB"
    properties.comments, properties.keywords = content.policy_title or "", ""
    properties.subject, properties.category, properties.language = _("Raadsrapportage"), "", language
    properties.created = properties.modified = dt.datetime.now(dt.UTC).replace(microsecond=0)
    properties.revision = 1
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run.find(qn("w:lang"))
    if lang is None:
        lang = run.makeelement(qn("w:lang"), {})
        run.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), language)


def _header_row(table) -> None:
    """The first row is the table's header: Word repeats it on every page and marks it for a screen reader."""
    from docx.oxml import OxmlElement

    marker = OxmlElement("w:tblHeader")
    table.rows[0]._tr.get_or_add_trPr().append(marker)


def _table(document, first: str, columns: list[str], after: list[str],
           rows: list[tuple[str, list[str], list[str]]]) -> None:
    table = document.add_table(rows=1, cols=len(columns) + len(after) + 1)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [first, *columns, *after], strict=True):
        cell.text = text
    _header_row(table)
    for name, values, tail in rows:
        for cell, text in zip(table.add_row().cells, [name, *values, *tail], strict=False):
            cell.text = text


def _indicator(document, i: dict) -> None:
    document.add_heading(i["name"], level=3)
    p = document.add_paragraph()
    line = (_("gevolgd, zonder doel") if i["monitoring"] else
            f"{_('Doel')}: {i['target']} – {i['status']}" + (f" ({i['projected']})" if i["projected"] else ""))
    # Without a figure the sentences say so: no lone dash before the target.
    p.add_run(f"{i['value']} {i['period']} – {line}" if i["period"] else line).bold = True
    if i["method"]:
        document.add_paragraph(f"{_('Regiocijfer')}: {i['method']}")
    for sentence in i["sentences"]:
        document.add_paragraph(sentence)
    if i["chart"]:  # the same chart as on the page and in the PDF, as a picture: Word cannot hold our SVG
        from docx.shared import Cm

        from ivb.charts import to_png

        document.add_picture(io.BytesIO(to_png(str(i["chart"]))), width=Cm(15))
        document.inline_shapes[-1]._inline.docPr.set("descr", i["chart_alt"])  # Word's "alternative text"
        if i["between"]:
            document.add_paragraph(i["between"])
