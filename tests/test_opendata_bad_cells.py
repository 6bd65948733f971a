"""Open-data files that must be refused, or whose summary must say what happened: a negative or broken count,
a file of another table, a header without rows, a region code that never existed, a packed or UTF-16 file. A
refusal says where and stores nothing."""

import gzip
import zipfile
from pathlib import Path

import pytest

from ivb.cli import main
from ivb.store.models import Area, ImportBatch, Observation, Series

DATA = Path(__file__).parent / "data" / "opendata"
HLT = DATA / "47018NED_HLT_2012-2025.csv"
HEADER = ('"","SoortMisdrijf","SoortMisdrijf_label","WijkenEnBuurten","WijkenEnBuurten_label","Perioden",'
          '"Perioden_Date","Perioden_freq","Perioden_label","GeregistreerdeMisdrijven_1","Gemeentenaam_2",'
          '"SoortRegio_3"')
HILLEGOM_2013 = '"2","1.1.1 ","1.1.1 Diefstal/inbraak woning","GM0534    ","Hillegom","2013JJ00","2013-01-01","Y","2013",96,'


def counts():
    return (Observation.objects.count(), ImportBatch.objects.count(), Area.objects.count(), Series.objects.count())


def with_cell(tmp_path, text, name="kopie.csv"):
    """A copy of the Hillegom-Lisse-Teylingen file with Hillegom's woninginbraken of 2013 (line 3) as `text`."""
    content = HLT.read_text(encoding="utf-8")
    assert HILLEGOM_2013 in content
    path = tmp_path / name
    path.write_text(content.replace(HILLEGOM_2013, HILLEGOM_2013[:-3] + text + ","), encoding="utf-8")
    return str(path)


def refused(capsys, args, before):
    assert main(["opendata", "import", *args]) == 1
    assert counts() == before
    return capsys.readouterr().err


@pytest.fixture
def fast(monkeypatch):
    """Every plain CSV through the fast reader (polars), as a whole-country file goes."""
    monkeypatch.setattr("ivb.store.opendata_files.BULK_BYTES", 0)


def test_it_refuses_a_negative_count_naming_file_line_and_cell(reference, tmp_path, capsys):
    path, before = with_cell(tmp_path, "-5"), counts()
    err = refused(capsys, [path, "--table", "47018NED", "--area", "GM0534"], before)
    assert (f"{path}, regel 3, kolom GeregistreerdeMisdrijven_1: '-5': een aantal kan niet kleiner zijn dan 0. "
            "Er is niets opgeslagen.") in err


def test_it_refuses_a_negative_count_on_the_fast_path_too(reference, tmp_path, capsys, fast):
    path, before = with_cell(tmp_path, "-5"), counts()
    err = refused(capsys, [path, "--table", "47018NED", "--area", "GM0534"], before)
    assert f"{path}, regel 3, kolom GeregistreerdeMisdrijven_1: '-5': een aantal kan niet kleiner zijn dan 0" in err


@pytest.mark.parametrize("reader", ["exact", "fast"])
def test_it_refuses_a_count_with_a_thousands_dot(reference, tmp_path, capsys, monkeypatch, reader):
    if reader == "fast":
        monkeypatch.setattr("ivb.store.opendata_files.BULK_BYTES", 0)
    path, before = with_cell(tmp_path, '"1.029"'), counts()
    err = refused(capsys, [path, "--table", "47018NED", "--area", "GM0534"], before)
    assert (f"{path}, regel 3, kolom GeregistreerdeMisdrijven_1: '1.029' is geen geheel getal; een aantal moet een "
            "geheel getal zijn. CBS schrijft getallen zonder scheidingsteken voor duizendtallen (1029, niet 1.029); "
            "is het bestand in een spreadsheet opnieuw opgeslagen? Er is niets opgeslagen.") in err


def national_with(tmp_path, text, lisse=None):
    """The national file of 2022-2023 with Hillegom's woninginbraken of 2022 (line 402) as `text`, and Lisse's
    (line 415) as `lisse` if given."""
    content = gzip.decompress((DATA / "47018NED_GM_2022-2023.csv.gz").read_bytes()).decode("utf-8")
    row = '"Hillegom","2022JJ00","2022-01-01","Y","2022",29,'
    assert content.count(row) == 1
    content = content.replace(row, row[:-3] + text + ",")
    if lisse is not None:
        row = '"1.1.1 Diefstal/inbraak woning","GM0553    ","Lisse","2022JJ00","2022-01-01","Y","2022",24,'
        assert content.count(row) == 1
        content = content.replace(row, row[:-3] + lisse + ",")
    path = tmp_path / "47018NED_GM.csv"
    path.write_text(content, encoding="utf-8")
    return path


def test_it_refuses_a_broken_count_in_a_national_sum_naming_the_municipalitys_row(reference, tmp_path, capsys):
    path = national_with(tmp_path, '"2.5"')
    err = refused(capsys, [str(path), "--country"], counts())
    assert f"{path}, regel 402, kolom GeregistreerdeMisdrijven_1: '2.5' is geen geheel getal; een aantal" in err
    assert "duizendtallen" not in err  # 2.5 is no thousand with a dot


def test_it_keeps_the_decimals_of_a_rate(reference, tmp_path):
    rates = tmp_path / "83648NED_TypedDataSet.csv"
    rates.write_text('"ID";"SoortMisdrijf";"RegioS";"Perioden";"TotaalGeregistreerdeMisdrijven_1";'
                     '"GeregistreerdeMisdrijvenPer1000Inw_3"\n"1";"0000000 ";"GM0553    ";"2015JJ00";"   965";"  42.8"\n',
                     encoding="utf-8")
    assert main(["opendata", "import", str(rates)]) == 0
    stored = {o.series.key: float(o.value) for o in Observation.objects.filter(area__code="GM0553")}
    assert stored == {"cbs.misdrijven.0000000": 965, "cbs.misdrijven_per_1000.0000000": 42.8}


@pytest.mark.parametrize("reader", ["exact", "fast"])
def test_it_refuses_a_yearly_file_imported_as_the_monthly_table(reference, tmp_path, capsys, monkeypatch, reader):
    if reader == "fast":
        monkeypatch.setattr("ivb.store.opendata_files.BULK_BYTES", 0)
    path = tmp_path / "misdrijven.csv"
    path.write_bytes(HLT.read_bytes())
    err = refused(capsys, [str(path), "--table", "47022NED", "--area", "GM0534"], counts())
    assert ("misdrijven.csv: de perioden in het bestand zijn jaren (zoals 2012JJ00), maar tabel 47022NED "
            "(Geregistreerde misdrijven; soort misdrijf, wijk, buurt, maandcijfers) heeft maandcijfers; het bestand "
            "lijkt tabel 47018NED (Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers). Is dit de "
            "goede tabel? Er is niets opgeslagen.") in err


def test_it_refuses_a_monthly_file_imported_as_the_yearly_table(reference, tmp_path, capsys):
    path = tmp_path / "maanden.csv"
    path.write_text('"ID";"SoortMisdrijf";"WijkenEnBuurten";"Perioden";"GeregistreerdeMisdrijven_1"\n'
                    '"1";"1.1.1 ";"GM0553    ";"2023MM01";"   3"\n"2";"1.1.1 ";"GM0553    ";"2023MM02";"   4"\n',
                    encoding="utf-8")
    err = refused(capsys, [str(path), "--table", "47018NED"], counts())
    assert "de perioden in het bestand zijn maanden (zoals 2023MM01), maar tabel 47018NED" in err
    assert "heeft jaarcijfers; het bestand lijkt tabel 47022NED" in err


@pytest.mark.parametrize("options, bulk_bytes", [(["--area", "GM0534"], None), (["--area", "GM0534"], 0), ([], None),
                                                 (["--country"], None)])
def test_it_refuses_a_file_with_only_its_header(reference, tmp_path, capsys, monkeypatch, options, bulk_bytes):
    if bulk_bytes is not None:
        monkeypatch.setattr("ivb.store.opendata_files.BULK_BYTES", bulk_bytes)
    path = tmp_path / "leeg.csv"
    path.write_text(HEADER + "\n", encoding="utf-8")
    err = refused(capsys, [str(path), "--table", "47018NED", *options], counts())
    assert err.strip() == "leeg.csv: het bestand bevat kolomkoppen maar geen waarnemingen. Er is niets opgeslagen."


def test_a_national_sum_of_a_file_without_municipalities_says_so(reference, tmp_path, capsys):
    lines = (DATA / "PolRegCrime47018_2023_extract_HLT.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "buurten.csv"
    path.write_text("\n".join(line for line in lines if '"GM' not in line) + "\n", encoding="utf-8")
    err = refused(capsys, [str(path), "--table", "47018NED", "--country"], counts())
    assert "geen rijen van gemeenten (regiocode GM…) om op te tellen" in err


def test_it_calls_a_code_that_never_existed_unknown_and_a_former_wijk_gone(reference, tmp_path, capsys):
    content = HLT.read_text(encoding="utf-8").splitlines()
    extra = [content[1].replace("GM0534    ", code, 1).replace('"1",', f'"{n}",', 1)
             for n, code in ((9001, "GM9999    "), (9002, "WK999901  "), (9003, "WK055399  "))]
    path = tmp_path / "codes.csv"
    path.write_text("\n".join(content + extra) + "\n", encoding="utf-8")
    assert main(["opendata", "import", str(path), "--table", "47018NED"]) == 0
    out = capsys.readouterr().out
    assert ("Niet opgeslagen: cijfers van 2 onbekende regiocodes (GM9999, WK999901) die bij geen gemeente van nu of "
            "vroeger horen; IVB weet niet welk gebied dat is.") in out
    assert "cijfers van 1 regio die in de indeling 2024 niet meer bestaat (WK055399)" in out
    assert not Observation.objects.filter(area__code__in=["GM9999", "WK999901", "WK055399"]).exists()


def test_a_refusal_is_a_sentence_naming_the_file_once(reference, tmp_path, capsys):
    path = tmp_path / "niets.csv"
    path.write_bytes(b"")
    err = refused(capsys, [str(path), "--table", "47018NED"], counts())
    assert err.strip() == f"{path}: het bestand is leeg. Er is niets opgeslagen."


@pytest.mark.parametrize("reader", ["exact", "fast"])
def test_it_counts_the_rows_outside_the_chosen_areas(reference, capsys, monkeypatch, reader):
    if reader == "fast":
        monkeypatch.setattr("ivb.store.opendata_files.BULK_BYTES", 0)
    assert main(["opendata", "import", str(HLT), "--table", "47018NED", "--area", "GM0553"]) == 0
    assert "504 cellen gelezen, 0 leeg (onderdrukt of onbekend, niet opgeslagen), 336 buiten de gekozen gebieden; " \
           "168 nieuw" in capsys.readouterr().out


def test_it_counts_the_rows_on_the_fast_path_when_none_is_in_the_chosen_areas(reference, capsys, fast):
    assert main(["opendata", "import", str(HLT), "--table", "47018NED", "--area", "GM0518"]) == 0
    assert "504 cellen gelezen, 0 leeg (onderdrukt of onbekend, niet opgeslagen), 504 buiten de gekozen gebieden; " \
           "0 nieuw" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["47018NED_HLT.zip", "47018NED_HLT.csv"])
def test_it_says_a_zip_must_be_unpacked_first(reference, tmp_path, capsys, name):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as packed:
        packed.write(HLT, "47018NED_HLT_2012-2025.csv")
    err = refused(capsys, [str(path), "--table", "47018NED"], counts())
    assert err.strip() == (f"ivb: {path}: dit is een zip-bestand; pak het eerst uit en importeer het CSV-bestand "
                           "(47018NED_HLT_2012-2025.csv)")


def test_it_says_a_gzip_file_needs_its_gz(reference, tmp_path, capsys):
    path = tmp_path / "47018NED_HLT.csv"
    path.write_bytes(gzip.compress(HLT.read_bytes()))
    err = refused(capsys, [str(path), "--table", "47018NED"], counts())
    assert ("dit is een gzip-bestand; geef het een naam die op .gz eindigt, of pak het eerst uit en importeer het "
            "CSV-bestand") in err
    gz = tmp_path / "47018NED_HLT.csv.gz"
    gz.write_bytes(path.read_bytes())
    assert main(["opendata", "import", str(gz), "--table", "47018NED", "--area", "GM0553"]) == 0  # read as it is


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-16-le"])
def test_it_says_a_utf16_file_must_be_saved_as_utf8(reference, tmp_path, capsys, codec):
    path = tmp_path / "unicode-tekst.csv"
    path.write_bytes(HLT.read_text(encoding="utf-8").encode(codec))  # utf-16 has a byte-order mark, the others not
    err = refused(capsys, [str(path), "--table", "47018NED"], counts())
    assert err.strip() == (f"ivb: {path}: dit bestand is UTF-16 (Unicode-tekst); sla het op als CSV UTF-8 (in Excel: "
                           "Opslaan als, CSV UTF-8)")


def test_it_refuses_a_negative_count_in_a_national_sum_naming_the_municipalitys_row(reference, tmp_path, capsys):
    """-5 among 342 positive counts still sums to a plausible national figure: the row is refused, not summed."""
    path = national_with(tmp_path, "-5")
    err = refused(capsys, [str(path), "--country"], counts())
    assert (f"{path}, regel 402, kolom GeregistreerdeMisdrijven_1: '-5': een aantal kan niet kleiner zijn dan 0. "
            "Er is niets opgeslagen.") in err


def test_a_negative_count_is_refused_even_where_a_missing_figure_leaves_the_total_unknown(reference, tmp_path, capsys):
    path = national_with(tmp_path, "-5", lisse='"."')
    err = refused(capsys, [str(path), "--country"], counts())
    assert f"{path}, regel 402, kolom GeregistreerdeMisdrijven_1: '-5': een aantal kan niet kleiner zijn dan 0" in err
