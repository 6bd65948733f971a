"""The demo's open data: real police and CBS figures for every municipality (see PROVENANCE.md beside them),
imported through the ordinary open-data importer, all or nothing, each batch recorded with its file."""

import hashlib
from importlib import resources

from ivb.domain.numbers import format_number
from ivb.opendata.files import open_cells
from ivb.opendata.readers import OpenDataError
from ivb.store.opendata_import import import_cells

# file, table: police counts, the population they are divided by, and CBS's 2015 count beside the policy's
FILES = [("47018NED_GM_2012-2025.csv.gz", "47018NED"), ("70072ned_GM_2012-2025.csv.gz", "70072ned"),
         ("83648NED_UntypedDataSet_17052018_141347.csv.gz", "83648NED")]


def load_open_data(actor_name: str) -> list[str]:
    """One summary line per file. Loading again adds nothing: the figures are already there, unchanged."""
    out = []
    for name, table_id in FILES:
        with resources.as_file(resources.files("ivb.demo").joinpath(name)) as path:
            try:
                definition, cells = open_cells([str(path)], table_id)
            except OpenDataError as exc:
                raise RuntimeError(str(exc)) from None
            sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
            report = import_cells(cells, definition, filename=name, sha256=sha256, actor_name=actor_name)
        if not report.ok:
            raise RuntimeError(report.summary())
        created, updated, unchanged = (format_number(n, "count") for n in (report.created, report.updated,
                                                                           report.unchanged))
        out.append(f"open data: {name}: {created} nieuw, {updated} bijgewerkt, {unchanged} ongewijzigd "
                   f"(bron: {definition.source}, tabel {definition.id})")
    return out
