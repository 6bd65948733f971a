"""Hostile files built by hand, for the tests and bench/bounded_input.py."""

import io
import zipfile

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Waarnemingen" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')

HEADER = ("gebied", "reeks", "periode", "waarde", "status", "bron")


def _row(number: int, values) -> str:
    cells = "".join(f'<c r="{_column(i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
                    for i, v in enumerate(values, start=1))
    return f'<row r="{number}">{cells}</row>'


def _column(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xlsx(rows: str, dimension: str = "A1:F2", extra: dict[str, bytes] | None = None) -> bytes:
    """A workbook with one sheet 'Waarnemingen' holding the <row> elements `rows`, claiming `dimension`."""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def dimension_bomb() -> bytes:
    """A few kilobytes claiming A1:XFD1048576 (16,384 columns × 1,048,576 rows), with one cell in the last row."""
    return xlsx(_row(1, HEADER) + _row(1_048_576, ["GM0553"]), dimension="A1:XFD1048576")


def wide_row() -> bytes:
    """A header and one row with a value in the sheet's last column (XFD)."""
    return xlsx(_row(1, HEADER) + '<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>',
                dimension="A1:XFD2")


def zip_bomb(megabytes: int = 200) -> bytes:
    """A workbook whose shared strings unpack to `megabytes` MB of spaces (deflate packs them ~1000:1)."""
    return xlsx(_row(1, HEADER), extra={"xl/sharedStrings.xml": b" " * (megabytes * 1024 * 1024)})
