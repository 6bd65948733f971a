"""The bulk reader gives the same cells as the exact reader, sums the country in one pass, and on a bad file
names the row as the exact reader does."""

import gzip
from pathlib import Path

import pytest

from ivb.opendata.bulk import scan
from ivb.opendata.readers import OpenDataError, read_csv
from ivb.opendata.tables import checked, table

DATA = Path(__file__).parent / "data" / "opendata"


def in_scope(region, municipalities):
    """The test's own reading of 'these municipalities with their wijken and buurten'."""
    return municipalities is None or region in municipalities or (
        region[:2] in ("WK", "BU") and f"GM{region[2:6]}" in municipalities)


def exact(path, table_id, municipalities=None):
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return [c for c in checked(read_csv(stream, table_id), table(table_id), name="x")
                if in_scope(c.region, municipalities)]


@pytest.mark.parametrize("name, table_id, areas", [
    ("47018NED_HLT_2012-2025.csv", "47018NED", {"GM0553"}),
    ("PolRegCrime47018_2023_extract_HLT.csv", "47018NED", {"GM0534", "GM1525"}),
    ("criminaliteit.csv", "83648NED", None),
])
def test_it_reads_what_the_exact_reader_reads(name, table_id, areas):
    fast = scan(str(DATA / name), table(table_id), municipalities=areas)
    assert sorted(fast, key=repr) == sorted(exact(DATA / name, table_id, areas), key=repr)


def test_it_sums_the_country_from_municipality_rows(tmp_path):
    path = tmp_path / "47018NED_GM.csv"
    path.write_bytes(gzip.decompress((DATA / "47018NED_GM_2022-2023.csv.gz").read_bytes()))
    totals = {(c.code, c.period): c.value for c in scan(str(path), table("47018NED"), country=True)}
    expected = {}
    for c in exact(path, "47018NED"):
        if c.value is not None:
            expected[(c.code, c.period)] = expected.get((c.code, c.period), 0) + c.value
    assert totals == expected and len(totals) == 24


def test_it_names_the_bad_row_like_the_exact_reader(tmp_path):
    text = (DATA / "47018NED_HLT_2012-2025.csv").read_text(encoding="utf-8").splitlines()
    text[200] = text[200].replace('"1.2.3 "', '"9.9.9 "', 1)  # a row of Teylingen
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(OpenDataError, match="onbekende code '9.9.9'"):
        scan(str(path), table("47018NED"), municipalities={"GM1525"})
    with pytest.raises(OpenDataError, match="onbekende code '9.9.9'"):
        scan(str(path), table("47018NED"), country=True)
    text[200] = text[200][:40]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(OpenDataError, match="regel 201"):
        scan(str(path), table("47018NED"), country=True)


def test_it_checks_the_rows_it_uses_cell_by_cell(tmp_path):
    """A bad value in a row of another municipality does not reach the database and is not looked for
    (ADR 0012); the same value in a row that is stored is refused."""
    text = (DATA / "47018NED_HLT_2012-2025.csv").read_text(encoding="utf-8").splitlines()
    assert '"Teylingen"' in text[200]
    text[200] = text[200].replace(",152,", ",1 52,")
    assert ",1 52," in text[200]
    path = tmp_path / "bad_teylingen.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    lisse = scan(str(path), table("47018NED"), municipalities={"GM0553"})
    assert lisse == exact(DATA / "47018NED_HLT_2012-2025.csv", "47018NED", {"GM0553"})
    with pytest.raises(OpenDataError, match="regel 201"):
        scan(str(path), table("47018NED"), municipalities={"GM1525"})


def test_a_file_cut_off_in_its_last_row_is_refused(tmp_path):
    text = (DATA / "47018NED_HLT_2012-2025.csv").read_text(encoding="utf-8")
    path = tmp_path / "cut.csv"
    path.write_text(text.rstrip("\n").rsplit(",", 3)[0] + ",", encoding="utf-8")
    with pytest.raises(OpenDataError, match=r"de laatste regel is niet compleet \(10 van de 12 kolommen\)"):
        scan(str(path), table("47018NED"), municipalities={"GM0553"})
    with pytest.raises(OpenDataError, match="afgebroken"):
        scan(str(path), table("47018NED"), country=True)
    path.write_text(text.rstrip("\n")[:-5], encoding="utf-8")  # inside the last quoted field
    with pytest.raises(OpenDataError, match="niet compleet"):
        scan(str(path), table("47018NED"), country=True)


def test_a_line_break_inside_quotes_in_the_last_row_is_no_cut(tmp_path):
    text = (DATA / "47018NED_HLT_2012-2025.csv").read_text(encoding="utf-8")
    path = tmp_path / "label.csv"
    path.write_text(text.rstrip("\n").replace('"3.1.3 Wapenhandel","GM1525    ","Teylingen"',
                                                '"3.1.3 Wapenhandel","GM1525    ","Teyl\ningen"'), encoding="utf-8")
    assert scan(str(path), table("47018NED"), municipalities={"GM1525"}) == exact(path, "47018NED", {"GM1525"})


def test_an_unquoted_empty_value_is_missing_not_bad(tmp_path):
    """Tools write a missing value as nothing between two commas; the parser reads it as null."""
    text = (DATA / "47018NED_HLT_2012-2025.csv").read_text(encoding="utf-8").splitlines()
    assert text[15].startswith('"15","1.1.1 "') and ',"2012",65,' in text[15]
    text[15] = text[15].replace(',"2012",65,', ',"2012",,')
    path = tmp_path / "empty.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    fast = scan(str(path), table("47018NED"), municipalities={"GM0553"})
    assert fast == exact(path, "47018NED", {"GM0553"}) and len(fast) == 168
    assert [c.value for c in fast if c.period == "2012JJ00" and c.code == "1.1.1"] == [None]
    assert len(scan(str(path), table("47018NED"), country=True)) == 12 * 14  # types × years


def test_a_region_key_with_leading_spaces_is_kept(tmp_path):
    text = (DATA / "47018NED_HLT_2012-2025.csv").read_text(encoding="utf-8")
    path = tmp_path / "spaces.csv"
    path.write_text(text.replace('"GM0553    "', '"  GM0553  "'), encoding="utf-8")
    assert len(scan(str(path), table("47018NED"), municipalities={"GM0553"})) == 168


def test_the_bad_row_named_is_one_that_is_used(tmp_path):
    text = (DATA / "47018NED_HLT_2012-2025.csv").read_text(encoding="utf-8").splitlines()
    text[200] = text[200].replace(",152,", ",1 52,")  # Teylingen, line 201
    text[490] = text[490].replace(",3,", ",3 3,")  # Lisse, line 491
    path = tmp_path / "two_bad.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(OpenDataError, match="regel 491, .*'3 3' is geen getal"):
        scan(str(path), table("47018NED"), municipalities={"GM0553"})


def test_a_star_marks_only_its_own_value_provisional(tmp_path):
    path = tmp_path / "83648NED_two_measures.csv"
    path.write_text('"ID";"SoortMisdrijf";"RegioS";"Perioden";"TotaalGeregistreerdeMisdrijven_1";'
                    '"GeregistreerdeMisdrijvenPer1000Inw_3"\n"1";"0000000";"GM0553    ";"2015JJ00";"   965*";"  42.8"\n',
                    encoding="utf-8")
    fast = {c.measure: c.provisional for c in scan(str(path), table("83648NED"))}
    assert fast == {"TotaalGeregistreerdeMisdrijven_1": True, "GeregistreerdeMisdrijvenPer1000Inw_3": False}
    assert {c.measure: c.provisional for c in exact(path, "83648NED")} == fast
