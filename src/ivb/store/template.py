"""The XLSX template a policy advisor fills in to import observations."""

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ivb.domain.units import UNITS
from ivb.store.models import Area, Series
from ivb.store.observation_import import SHEET, TEMPLATE_COLUMNS

EXPLANATION = [
    ("gebied", "ja", "CBS-code van het gebied, zoals {example}. Zie het blad Gebieden: eerst de gebieden die nu "
                     "bestaan, daarna de opgeheven gemeenten (alleen voor cijfers uit de tijd dat ze bestonden)."),
    ("reeks", "ja", "Sleutel van de reeks, zoals politie.woninginbraken. Zie het blad Reeksen."),
    ("periode", "ja", "2019 (jaar), 2019-Q3 (kwartaal), 2019-03 (maand) of 2019 t/m september (deel van een jaar). "
                      "Een aantal over een jaar dat nog loopt is een deel van dat jaar; een percentage of rapportcijfer "
                      "uit een enquête draagt het jaar waarin die gehouden is, ook als dat jaar nog loopt."),
    ("waarde", "ja", "Het getal. Een komma is het decimaalteken (18,4); aantallen zijn gehele getallen."),
    ("status", "ja", "voorlopig of definitief."),
    ("bron", "ja", "Wie het cijfer publiceert, zoals Politie of Veiligheidsmonitor."),
    ("document", "nee", "Het brondocument of de tabel, zoals 'Bestuurlijke 12-maandsrapportage 2018'."),
    ("vindplaats", "nee", "Waar in het document het cijfer staat (hoofdstuk, tabel, pagina)."),
    ("marge", "nee", "De marge die een enquête opgeeft (bijvoorbeeld 1,2 bij 18,4%)."),
    ("toelichting", "nee", "Een opmerking bij het cijfer."),
]


def write_template(path, area: Area | None = None, *, only_area: bool = False) -> None:
    """Write the template to `path`: a file name (the CLI) or a binary file object (the download on the page).
    Downloaded for `area`, its own code is the example (walk of 4 December: Oss's template named Lisse's); with
    `only_area` (the page, whose upload takes that municipality's figures only) the list of areas to choose from
    holds it alone, not all 811 areas from Groningen on (walk X)."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook opens on its one worksheet
    sheet.title = SHEET
    sheet.append(list(TEMPLATE_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHIJ", (12, 36, 22, 12, 12, 24, 40, 30, 10, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    status = DataValidation(type="list", formula1='"voorlopig,definitief"', allow_blank=False,
                            error="Kies voorlopig of definitief.", showErrorMessage=True)
    sheet.add_data_validation(status)
    status.add("E2:E5000")
    for row in range(2, 1002):
        # Text, so that Excel keeps "2019-03" and "2019 t/m september" as typed instead of making dates.
        sheet.cell(row=row, column=3).number_format = "@"

    help_sheet = book.create_sheet("Toelichting")
    help_sheet.append(["kolom", "verplicht", "uitleg"])
    example = f"{area.code} ({area.name})" if area is not None else "GM0553 (Lisse)"
    for column, required, words in EXPLANATION:
        help_sheet.append([column, required, words.format(example=example)])
    help_sheet.append([])
    help_sheet.append(["Alles of niets: bevat het bestand één foute rij, dan wordt niets opgeslagen en krijgt u een "
                       "lijst van alle fouten met rijnummer en kolom."])
    help_sheet.column_dimensions["A"].width = 14
    help_sheet.column_dimensions["C"].width = 100

    areas = book.create_sheet("Gebieden")
    _write_areas(areas, [area] if only_area and area is not None else None)
    series = book.create_sheet("Reeksen")
    series.append(["sleutel", "naam", "eenheid", "bron"])
    for s in Series.objects.order_by("key"):
        series.append([s.key, s.name, UNITS[s.unit][0] if s.unit in UNITS else s.unit, s.source])
    # The area and the series chosen from a list in Excel, not copied by hand from the other sheets.
    for column, sheet_name, count in (("A", "Gebieden", areas.max_row), ("B", "Reeksen", series.max_row)):
        pick = DataValidation(type="list", formula1=f"={sheet_name}!$A$2:$A${max(count, 2)}", allow_blank=True,
                              error=f"Kies een code uit het blad {sheet_name}.", showErrorMessage=True)
        sheet.add_data_validation(pick)
        pick.add(f"{column}2:{column}5000")
    for ws in (help_sheet, areas, series):
        for cell in ws[1]:
            cell.font = Font(bold=True)
    book.save(path)


def _write_areas(sheet: Worksheet, only: list[Area] | None = None) -> None:
    """Areas that exist now first (municipalities before the rest), then the former municipalities, each with
    its last day and the municipality it passed into: a reader should not pick Appingedam for today's figures."""
    sheet.append(["code", "naam", "soort", "bestond tot en met", "opgegaan in"])
    areas = only if only is not None else sorted(
        Area.objects.select_related("successor"),
        key=lambda a: (a.valid_until is not None, a.kind != Area.Kind.MUNICIPALITY, a.code))
    for area in areas:
        row = [area.code, area.name, area.get_kind_display()]
        if area.valid_until:
            heir = area.successor
            row += [f"{area.valid_until:%d-%m-%Y}", f"{heir.name} ({heir.code})" if heir else ""]
        sheet.append(row)
    for letter, width in zip("ABCDE", (12, 36, 16, 18, 36), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
