"""The open-data readers on real downloads, and every bad input refused with a message saying where."""

import gzip
from pathlib import Path

import pytest

from ivb.opendata.files import open_cells
from ivb.opendata.readers import OpenDataError, period_code, read_csv
from ivb.opendata.tables import checked

DATA = Path(__file__).parent / "data" / "opendata"
UNTYPED_83648 = str(DATA / "83648NED_UntypedDataSet_17052018_141347.csv.gz")


def cells(*paths, table_id=None, **kwargs):
    definition, stream = open_cells([str(p) for p in paths], table_id, **kwargs)
    return list(checked(stream, definition, name="test"))


def test_it_reads_the_real_83648NED_untyped_download():
    read = cells(UNTYPED_83648)
    assert len(read) == 76 * 447 * 2
    lisse = {c.measure: c.value for c in read if c.region == "GM0553" and c.code == "0000000"}
    assert lisse == {"TotaalGeregistreerdeMisdrijven_1": 965.0, "GeregistreerdeMisdrijvenPer1000Inw_3": 42.8}
    assert {c.period for c in read} == {"2015JJ00"} and not any(c.provisional for c in read)


def test_an_empty_cell_is_unknown_never_zero():
    read = cells(UNTYPED_83648)
    empty = [c for c in read if c.value is None]
    assert len(empty) == 19910
    assert all(c.value is None for c in read if c.region == "GM0305")  # a former municipality, all empty
    assert not any(c.value == 0 for c in empty)


def test_it_reads_a_cbsodatar_export_of_47018NED_at_buurt_level():
    read = cells(DATA / "PolRegCrime47018_2023_extract_HLT.csv", table_id="47018NED")
    sums = {}
    for c in read:
        sums[c.region[2:6]] = sums.get(c.region[2:6], 0) + c.value
    assert sums == {"0534": 692, "0553": 704, "1525": 1222}  # as PROVENANCE.md states
    assert {c.measure for c in read} == {"GeregistreerdeMisdrijven_1"}  # Gemeentenaam_2 is text, not a figure


def test_provisional_years_are_marked():
    read = cells(DATA / "47018NED_HLT_2012-2025.csv", table_id="47018NED")
    provisional = {c.period for c in read if c.provisional}
    assert provisional == {"2024JJ00", "2025JJ00"}


def test_it_reads_odata_v3_pages():
    read = cells(DATA / "odata3_47018NED_page1.json", DATA / "odata3_47018NED_page2.json", table_id="47018NED")
    assert [(c.period, c.value) for c in read if c.code == "1.1.1"] == [
        ("2014JJ00", 46), ("2015JJ00", 60), ("2016JJ00", 38), ("2017JJ00", 38), ("2018JJ00", 30)]
    assert [c.value for c in read if c.code == "1.4.2"] == [None]


def test_it_reads_odata_v4_observations_with_their_measure_codes():
    read = cells(DATA / "odata4_47018NED_observations1.json", DATA / "odata4_47018NED_observations2.json",
                 table_id="47018NED", measure_codes=str(DATA / "odata4_47018NED_measurecodes.json"))
    assert [(c.period, c.value) for c in read if c.code == "1.1.1"] == [
        ("2014JJ00", 46), ("2015JJ00", 60), ("2016JJ00", 38), ("2017JJ00", 38), ("2018JJ00", 30)]
    assert [c.value for c in read if c.code == "1.4.2"] == [None]  # ValueAttribute Confidential: suppressed
    assert {c.measure for c in read} == {"GeregistreerdeMisdrijven_1"}


@pytest.mark.parametrize("key, code", [("2015JJ00", "2015"), ("2019MM03", "2019-03"), ("2019KW02", "2019-Q2")])
def test_statline_periods_become_ivb_periods(key, code):
    assert period_code(key) == code


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


HEADER = '"ID";"SoortMisdrijf";"WijkenEnBuurten";"Perioden";"GeregistreerdeMisdrijven_1"\n'


@pytest.mark.parametrize("body, message", [
    ('"1";"1.1.1 ";"GM0553    ";"2015JJ00";"    60"\n"2";"1.1.1 ";"GM0553', "is het bestand afgekapt"),
    ('"1";"1.1.1 ";"GM0553    ";"2015JJ00";"    60"\n"2";"1.1.1 ";"GM0553    "\n', "3 kolommen in plaats van 5"),
    ('"1";"9.9.9 ";"GM0553    ";"2015JJ00";"    60"\n', "onbekende code '9.9.9'"),
    ('"1";"1.1.1 ";"GM0553    ";"2015JJ00";"    60"\n"2";"1.1.2 ";"GM0553    ";"2015JJ00";"  12,5"\n',
     "regel 3, kolom GeregistreerdeMisdrijven_1: '12,5' heeft een decimaalkomma"),
    ('"1";"1.1.1 ";"GM0553    ";"2015JJ00";"zestig"\n', "'zestig' is geen getal"),
    ('"1";"1.1.1 ";"XX0553    ";"2015JJ00";"60"\n', "onbekende regiocode 'XX0553'"),
    ('"1";"1.1.1 ";"GM0553    ";"2015";"60"\n', "'2015' is geen StatLine-periode"),
])
def test_it_refuses_a_bad_file_saying_where(tmp_path, body, message):
    path = write(tmp_path, "download.csv", HEADER + body)
    with pytest.raises(OpenDataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        cells(path, table_id="47018NED")


def test_it_refuses_the_wrong_table(tmp_path):
    with pytest.raises(OpenDataError, match="kolom GeregistreerdeMisdrijvenPer1000Inw_3 hoort niet bij tabel 47018NED"):
        cells(DATA / "criminaliteit.csv", table_id="47018NED")
    with pytest.raises(OpenDataError, match="de bestandsnaam zegt tabel 83648NED, niet 47018NED"):
        cells(UNTYPED_83648, table_id="47018NED")
    with pytest.raises(OpenDataError, match="dit is tabel 47018NED, niet 47022NED"):
        cells(DATA / "odata3_47018NED_page1.json", table_id="47022NED")
    with pytest.raises(OpenDataError, match="zeg welke tabel dit is met --table"):
        cells(DATA / "criminaliteit.csv")
    with pytest.raises(OpenDataError, match="tabel '99999XYZ' kent IVB niet"):
        cells(DATA / "criminaliteit.csv", table_id="99999XYZ")


def test_it_refuses_a_truncated_gzip_and_broken_json(tmp_path):
    data = (DATA / "83648NED_UntypedDataSet_17052018_141347.csv.gz").read_bytes()
    cut = tmp_path / "83648NED_UntypedDataSet_cut.csv.gz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(OpenDataError, match="is het afgekapt"):
        cells(cut)
    broken = write(tmp_path, "page.json", (DATA / "odata3_47018NED_page1.json").read_text()[:200])
    with pytest.raises(OpenDataError, match="geen geldige JSON"):
        cells(broken, table_id="47018NED")


def test_it_streams_rather_than_reading_the_file_whole():
    consumed = []

    def lines():
        with gzip.open(UNTYPED_83648, "rt", encoding="utf-8-sig") as stream:
            for line in stream:
                consumed.append(1)
                yield line

    first = next(read_csv(lines(), "83648NED"))
    assert first.region == "GM1680" and len(consumed) <= 3


def test_a_reference_reads_cbs_period_keys_as_periods():
    from ivb.domain.opendata_tables import source_words

    assert source_words("47018NED_GM_2012-2025.csv.gz, 2025JJ00 (voorlopig)") == (
        "47018NED_GM_2012-2025.csv.gz, 2025 (voorlopig)")
    assert source_words("83648NED.csv, 2024KW03") == "83648NED.csv, 3e kwartaal 2024"
    assert source_words("47022NED.csv, 2023MM10") == "47022NED.csv, oktober 2023"
    assert source_words("Rapportage 2019JJ0") == "Rapportage 2019JJ0"  # not a key: left as written
