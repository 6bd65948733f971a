"""The council report as HTML, PDF (WeasyPrint) and DOCX (python-docx), all from one ReportContent."""

from __future__ import annotations

import io

from django.template.loader import render_to_string

from ivb.domain.i18n import _
from ivb.report.content import ReportContent


def to_html(content: ReportContent, draft: bool = True) -> str:
    return render_to_string("report/report.html", {"c": content, "draft": draft})


def to_pdf(content: ReportContent, draft: bool = True) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(content, draft)).write_pdf()


def to_docx(content: ReportContent, draft: bool = True) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = _("Veiligheidsbeeld %(name)s %(year)s") % {"name": content.area.name,
                                                                               "year": content.year}
    if draft:
        document.add_paragraph(_("CONCEPT")).runs[0].bold = True
    document.add_heading(document.core_properties.title, level=0)
    document.add_paragraph(content.policy_title)

    document.add_heading(_("Samenvatting"), level=1)
    for o in content.objectives:
        document.add_paragraph(f"{o['name']}: {o['value']} ({o['period']}) – {o['status']}. {o['reason']}.",
                               style="List Bullet")
    if content.improved:
        document.add_paragraph(_("Verbeterd: %(list)s.") % {"list": ", ".join(content.improved)})
    if content.attention:
        document.add_paragraph(_("Vraagt aandacht: %(list)s.") % {"list": ", ".join(content.attention)})

    document.add_heading(_("Het veiligheidsbeeld in cijfers"), level=1)
    table = document.add_table(rows=1, cols=len(content.years) + 2)
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text = ""
    for cell, (_year, label) in zip(header[1:], content.years):
        cell.text = label
    header[-1].text = _("Trend")
    for row in content.table:
        cells = table.add_row().cells
        cells[0].text = row.name
        for cell, value in zip(cells[1:], row.cells):
            cell.text = value
        cells[-1].text = row.verdict

    document.add_heading(_("Prioriteiten"), level=1)
    for title, indicators in content.priorities:
        document.add_heading(title, level=2)
        for i in indicators:
            document.add_heading(i["name"], level=3)
            p = document.add_paragraph()
            p.add_run(f"{i['value']} {i['period']} – {_('Doel')}: {i['target']} – {i['status']}").bold = True
            for sentence in i["sentences"]:
                document.add_paragraph(sentence)

    document.add_heading(_("Jaarplan %(year)s") % {"year": content.year}, level=1)
    if content.actions:
        actions = document.add_table(rows=1, cols=4)
        actions.style = "Table Grid"
        for cell, text in zip(actions.rows[0].cells, (_("Actie"), _("Trekker"), _("Gereed"), _("Status"))):
            cell.text = text
        for a in content.actions:
            cells = actions.add_row().cells
            cells[0].text, cells[1].text = a.title, a.owner
            cells[2].text, cells[3].text = f"Q{a.due_quarter}", _(a.status)
    else:
        document.add_paragraph(_("Geen acties vastgelegd."))

    document.add_heading(_("Overige veiligheidsthema's"), level=1)
    for title, themes, description in content.other_themes:
        document.add_heading(title, level=2)
        document.add_paragraph(f"{themes}. {description}")

    document.add_heading(_("Bronnen en kanttekeningen"), level=1)
    for o in content.sources:
        document.add_paragraph(f"{o.series.name}, {o.period}: {o.value.normalize():f} – {o.source}"
                               f"{', ' + o.source_document if o.source_document else ''}"
                               f"{' (' + o.source_reference + ')' if o.source_reference else ''}", style="List Bullet")
    for caveat in content.caveats:
        document.add_paragraph(caveat, style="List Bullet")
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.font.size = run.font.size or Pt(10)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
