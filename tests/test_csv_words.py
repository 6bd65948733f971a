"""A CSV file that Python's csv module cannot read gets the reason in Dutch, in both importers: "',' expected
after '\"'" and "unexpected end of data" meant nothing to an advisor (walk O #15)."""

from pathlib import Path

from ivb.cli import main
from tests.test_observation_import import csv_bytes, load, nothing_written


def test_the_figures_importer_says_what_is_wrong_in_dutch(reference):
    # A quote opened and never closed swallows the rest of the file into one cell, past csv's field limit.
    report = load(csv_bytes('GM0553;politie.geweld;2018;"51;definitief;Politie;;;;', *["x" * 1000] * 200))
    assert [p.message for p in report.problems] == ["het bestand is geen geldige CSV: een veld is te lang"]
    assert nothing_written()


def test_the_open_data_importer_says_what_is_wrong_in_dutch(reference, tmp_path, capsys):
    source = Path(__file__).parent / "data" / "opendata" / "47018NED_HLT_2012-2025.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "47018NED.csv"
    broken.write_text("\n".join([lines[0], lines[1], '"' + lines[2] + '"x']) + "\n", encoding="utf-8")
    assert main(["opendata", "import", str(broken), "--table", "47018NED"]) != 0
    err = capsys.readouterr().err
    assert "regel 3: geen geldige CSV (na een afsluitend aanhalingsteken hoort een scheidingsteken)" in err
    assert "expected" not in err
