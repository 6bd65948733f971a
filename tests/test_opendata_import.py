"""Importing official statistics: the Lisse policy's woninginbraken row from real police data, provisional
figures replaced by definitive ones and never the other way round, all or nothing."""

import hashlib
from pathlib import Path

from tqdm import tqdm

from ivb.cli import main
from ivb.store.models import Area, ImportBatch, Observation

DATA = Path(__file__).parent / "data" / "opendata"
HLT = str(DATA / "47018NED_HLT_2012-2025.csv")


def values(series, code, status=None):
    rows = Observation.objects.filter(series__key=series, area__code=code, superseded_at__isnull=True)
    if status:
        rows = rows.filter(status=status)
    return {o.period: float(o.value) for o in rows}


def test_police_open_data_reproduce_the_policys_woninginbraken_row(demo, capsys):
    assert main(["opendata", "import", HLT, "--table", "47018NED", "--area", "GM0553"]) == 0
    policy_row = {p: v for p, v in values("politie.woninginbraken", "GM0553").items() if p in
                  ("2014", "2015", "2016", "2017", "2018")}
    open_data = values("politie.od.1.1.1", "GM0553")
    assert policy_row == {"2014": 46, "2015": 60, "2016": 38, "2017": 38, "2018": 30}
    assert {p: open_data[p] for p in policy_row} == policy_row
    o = Observation.objects.get(series__key="politie.od.1.1.1", area__code="GM0553", period="2015")
    assert (o.source, o.status, o.batch.kind) == ("Politie (via CBS)", "definitief", "open data")
    assert o.source_document.startswith("CBS StatLine 47018NED")
    out = capsys.readouterr().out
    assert "504 cellen gelezen" in out and "336 buiten de gekozen gebieden; 168 nieuw" in out  # 12 codes × 14 years


def test_provisional_figures_are_replaced_by_definitive_ones_never_the_reverse(reference, tmp_path):
    assert main(["opendata", "import", HLT, "--table", "47018NED", "--area", "GM0553"]) == 0
    assert values("politie.od.1.1.1", "GM0553", "voorlopig") == {"2024": 23, "2025": 34}
    o = Observation.objects.get(series__key="politie.od.1.1.1", area__code="GM0553", period="2024")
    assert (o.period_kind, str(o.period_start), str(o.period_end)) == ("year", "2024-01-01", "2024-12-31")
    assert o.source_reference == "47018NED_HLT_2012-2025.csv, 2024JJ00 (voorlopig)"  # the period as in the file
    assert (o.batch.created, o.recorded_by_name, o.synthetic, o.margin, o.note) == (168, o.batch.imported_by_name,
                                                                                     False, None, "")
    assert Observation.objects.get(series__key="politie.od.1.1.1", area__code="GM0553",
                                   period="2023").source_reference == "47018NED_HLT_2012-2025.csv, 2023JJ00"

    definitive = tmp_path / "definitief.csv"
    text = Path(HLT).read_text(encoding="utf-8").replace('"2024*"', '"2024"')
    text = text.replace('"GM0553    ","Lisse","2024JJ00","2024-01-01","Y","2024",23,',
                        '"GM0553    ","Lisse","2024JJ00","2024-01-01","Y","2024",25,')
    definitive.write_text(text, encoding="utf-8")
    assert main(["opendata", "import", str(definitive), "--table", "47018NED", "--area", "GM0553"]) == 0
    current = Observation.objects.get(series__key="politie.od.1.1.1", area__code="GM0553", period="2024",
                                      superseded_at__isnull=True)
    assert (float(current.value), current.status) == (25, "definitief")
    assert current.supersedes.status == "voorlopig" and current.correction_reason == "definitief cijfer vervangt voorlopig"

    assert main(["opendata", "import", HLT, "--table", "47018NED", "--area", "GM0553"]) == 0  # the old file again
    assert values("politie.od.1.1.1", "GM0553")["2024"] == 25


def test_a_bad_file_writes_nothing(reference, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(Path(HLT).read_text(encoding="utf-8") + '"x","9.9.9 ","9.9.9 Onbekend","GM0553    ","Lisse",'
                   '"2015JJ00","2015-01-01","Y","2015",4,"Lisse","Gemeente"\n', encoding="utf-8")
    areas, batches = Area.objects.count(), ImportBatch.objects.count()
    assert main(["opendata", "import", str(bad), "--table", "47018NED"]) == 1
    err = capsys.readouterr().err
    assert "onbekende code '9.9.9' voor tabel 47018NED" in err and "Er is niets opgeslagen" in err
    assert not Observation.objects.exists()
    assert (Area.objects.count(), ImportBatch.objects.count()) == (areas, batches)


def test_it_refuses_a_figure_after_a_municipality_merged_and_names_its_successor(reference, tmp_path, capsys):
    # Was: a figure for Teylingen over 2005 refused. CBS recalculates a table's earlier years to the borders of
    # its indeling (real 47018NED gives Voorne aan Zee, formed 2023, figures for 2022), so a figure from before a
    # municipality existed is accepted now; one after it merged away is refused (Sassenheim -> Teylingen, 2006).
    late = tmp_path / "laat.csv"
    late.write_text('"ID";"SoortMisdrijf";"WijkenEnBuurten";"Perioden";"GeregistreerdeMisdrijven_1"\n'
                    '"1";"1.1.1 ";"GM0604    ";"2012JJ00";"   80"\n', encoding="utf-8")
    assert main(["opendata", "import", str(late), "--table", "47018NED"]) == 1
    assert ("Sassenheim (GM0604) bestond tot 31-12-2005 en is opgegaan in Teylingen (GM1525)"
            in capsys.readouterr().err)
    assert not Observation.objects.exists()


def test_former_municipalities_are_named_not_silently_dropped(reference, capsys, tmp_path):
    path = str(DATA / "83648NED_UntypedDataSet_17052018_141347.csv.gz")
    assert main(["opendata", "import", path, "--area", "GM0553", "--area", "GM0534", "--area", "GM1525"]) == 0
    assert values("cbs.misdrijven.0000000", "GM0553") == {"2015": 965}
    # Appingedam (GM0003) merged into Eemsdelta in 2021: IVB knows it since the reference data has every
    # municipality since 1990, so its 2015 figures are stored under its own code (was: refused as unknown).
    assert main(["opendata", "import", path, "--area", "GM0003"]) == 0
    assert values("cbs.misdrijven.0000000", "GM0003")["2015"] > 0
    unknown = tmp_path / "onbekend.csv"
    unknown.write_text('"ID";"SoortMisdrijf";"WijkenEnBuurten";"Perioden";"GeregistreerdeMisdrijven_1"\n'
                       '"1";"1.1.1 ";"GM0002    ";"2015JJ00";"   8"\n', encoding="utf-8")
    assert main(["opendata", "import", str(unknown), "--table", "47018NED", "--area", "GM0002"]) == 1
    assert "onbekende gemeente GM0002; bedoelt u GM0072 (Harlingen)?" in capsys.readouterr().err  # current first


def test_buurten_come_with_their_wijk_and_municipality(reference):
    assert main(["opendata", "import", str(DATA / "PolRegCrime47018_2023_extract_HLT.csv"), "--table", "47018NED",
                 "--area", "GM0553"]) == 0
    buurten = Area.objects.filter(kind="buurt", code__startswith="BU0553")
    assert buurten.count() == Observation.objects.count() and buurten.count() > 10
    assert all(b.parent.kind == "wijk" and b.parent.parent.code == "GM0553" for b in buurten)
    assert sum(float(o.value) for o in Observation.objects.all()) == 704


def test_the_country_is_summed_from_a_national_file(reference, tmp_path):
    import gzip

    national = tmp_path / "47018NED_GM_2022-2023.csv"
    national.write_bytes(gzip.decompress((DATA / "47018NED_GM_2022-2023.csv.gz").read_bytes()))
    assert main(["opendata", "import", str(national), "--country"]) == 0
    stored = values("politie.od.1.1.1", "NL01")
    assert set(stored) == {"2022", "2023"} and not Observation.objects.exclude(area__code="NL01").exists()
    batch = ImportBatch.objects.get()  # the file's own fingerprint, taken beside the reading
    assert batch.sha256 == hashlib.sha256(national.read_bytes()).hexdigest()
    assert main(["opendata", "import", str(DATA / "47018NED_GM_2022-2023.csv.gz"), "--table", "47018NED",
                 "--country"]) == 1


def test_the_fast_reader_shows_bytes_read_and_rows_stored_on_a_terminal(reference, tmp_path, terminal):
    import gzip

    national = tmp_path / "47018NED_GM_2022-2023.csv"
    national.write_bytes(gzip.decompress((DATA / "47018NED_GM_2022-2023.csv.gz").read_bytes()))
    assert main(["opendata", "import", str(national), "--country"]) == 0  # the polars path
    stored, size = Observation.objects.count(), national.stat().st_size
    screen = terminal.getvalue()
    assert "bestand lezen: 100%" in screen and f"/{tqdm.format_sizeof(size, divisor=1024)} [" in screen
    assert "rijen opslaan: 100%" in screen and f"| {stored}/{stored} [" in screen


def test_a_country_total_needs_every_municipality(reference, capsys):
    """Three municipalities are not the country: their sum is no national figure."""
    assert main(["opendata", "import", str(DATA / "47018NED_HLT_2012-2025.csv"), "--table", "47018NED",
                 "--country"]) == 0
    assert not Observation.objects.exists()
    assert "landelijke totalen niet berekend: daarvoor is van alle 342 gemeenten een cijfer nodig" in \
        capsys.readouterr().out


def test_a_figure_from_another_source_is_not_replaced(reference, tmp_path, capsys):
    from ivb.store.entry import enter_observation

    lisse = Area.objects.get(code="GM0553")
    result = enter_observation(lisse, {"series": "cbs.inwoners", "period": "2023", "value": "23500",
                                       "status": "definitief", "source": "Gemeente Lisse, BRP"}, actor_name="adviseur")
    assert not result.errors
    people = tmp_path / "people.csv"
    people.write_text('"ID";"RegioS";"Perioden";"TotaleBevolking_1"\n"1";"GM0553    ";"2023JJ00";"     23418"\n',
                      encoding="utf-8")
    assert main(["opendata", "import", str(people), "--table", "70072ned"]) == 0
    assert values("cbs.inwoners", "GM0553") == {"2023": 23500}
    assert "Niet vervangen: 1 cijfers die al uit een andere bron komen" in capsys.readouterr().out


def test_an_empty_and_a_filled_copy_of_one_cell_is_a_duplicate(reference, tmp_path, capsys):
    twice = tmp_path / "twice.csv"
    twice.write_text('"ID";"SoortMisdrijf";"WijkenEnBuurten";"Perioden";"GeregistreerdeMisdrijven_1"\n'
                     '"1";"1.1.1 ";"GM0553    ";"2015JJ00";"    60"\n"2";"1.1.1 ";"GM0553    ";"2015JJ00";"     ."\n',
                     encoding="utf-8")
    assert main(["opendata", "import", str(twice), "--table", "47018NED"]) == 1
    assert "staat twee keer in het bestand" in capsys.readouterr().err


def test_nuisance_codes_become_their_own_series(reference, tmp_path):
    nuisance = tmp_path / "47024NED_overlast.csv"
    nuisance.write_text('"ID";"SoortOverlast";"WijkenEnBuurten";"Perioden";"GeregistreerdeOverlast_1"\n'
                        '"1";"E33   ";"GM0553    ";"2023JJ00";"    80"\n"2";"E35   ";"GM0553    ";"2023JJ00";"   132"\n',
                        encoding="utf-8")
    assert main(["opendata", "import", str(nuisance), "--table", "47024NED"]) == 0
    assert values("politie.od.overlast.E33", "GM0553") == {"2023": 80}
    assert Observation.objects.get(series__key="politie.od.overlast.E35").series.name == \
        "Melding overlast jeugd (politie open data, overlast)"


def test_83648NED_takes_its_newer_crime_keys_too(reference, tmp_path):
    newer = tmp_path / "83648NED_TypedDataSet.csv"
    newer.write_text('"ID";"SoortMisdrijf";"RegioS";"Perioden";"TotaalGeregistreerdeMisdrijven_1"\n'
                     '"1";"T001161 ";"GM0553    ";"2019JJ00";"   800"\n"2";"CRI1000 ";"GM0553    ";"2019JJ00";"   50"\n',
                     encoding="utf-8")
    assert main(["opendata", "import", str(newer)]) == 0
    assert values("cbs.misdrijven.T001161", "GM0553") == {"2019": 800}
    assert values("cbs.misdrijven.CRI1000", "GM0553") == {"2019": 50}


def test_a_file_that_cannot_be_fingerprinted_writes_nothing(reference, monkeypatch, capsys):
    class Unreadable:
        def update(self, data):
            raise OSError(5, "Input/output error", HLT)

        def hexdigest(self):
            return "0" * 64

    monkeypatch.setattr(hashlib, "sha256", lambda *args: Unreadable())
    assert main(["opendata", "import", HLT, "--table", "47018NED", "--area", "GM0553"]) != 0
    assert "de vingerafdruk (SHA-256) kon niet worden gemaakt (Input/output error)" in capsys.readouterr().err
    assert not Observation.objects.exists() and not ImportBatch.objects.exists()


def test_it_shows_bytes_read_and_rows_stored_on_a_terminal(reference, terminal):
    assert main(["opendata", "import", HLT, "--table", "47018NED"]) == 0
    stored = Observation.objects.count()
    size = Path(HLT).stat().st_size
    screen = terminal.getvalue()
    assert "bestand lezen: 100%" in screen and f"/{tqdm.format_sizeof(size, divisor=1024)} [" in screen
    assert "rijen opslaan: 100%" in screen and f"| {stored}/{stored} [" in screen


def test_it_shows_no_progress_when_stderr_is_no_terminal(reference, capsys):
    assert main(["opendata", "import", HLT, "--table", "47018NED"]) == 0
    assert capsys.readouterr().err == ""


def test_a_file_that_is_not_there_is_said_before_anything_else(reference, capsys, tmp_path):
    """Walk AU: "nope.csv" was asked for its table before being told it does not exist."""
    from ivb.cli import main

    assert main(["opendata", "import", str(tmp_path / "nope.csv")]) == 1
    assert capsys.readouterr().err.strip() == f"ivb: {tmp_path / 'nope.csv'}: bestand niet gevonden"


def test_a_year_smaller_than_the_months_typed_in_is_stored_and_named(reference, tmp_path, capsys):
    # Walk BE: months of the basisteam adding up to 410 beside CBS's 400 for the year went in without a word.
    from ivb.store.entry import enter_observation

    assert main(["opendata", "import", HLT, "--table", "47018NED", "--area", "GM0553"]) == 0
    lisse = Area.objects.get(code="GM0553")
    for month, count in (("2026-01", 20), ("2026-02", 15), ("2026-03", 10)):
        result = enter_observation(lisse, {"series": "politie.od.1.1.1", "period": month, "value": str(count),
                                           "status": "voorlopig", "source": "Politie basisteam"}, actor_name="adviseur")
        assert not result.errors, result.errors
    year = tmp_path / "2026.csv"
    year.write_text(Path(HLT).read_text(encoding="utf-8").splitlines()[0] + "\n"
                    '"1","1.1.1 ","1.1.1 Diefstal/inbraak woning","GM0553    ","Lisse","2026JJ00","2026-01-01","Y",'
                    '"2026*",40,"Lisse","Gemeente"\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["opendata", "import", str(year), "--table", "47018NED"]) == 0
    out = capsys.readouterr().out
    assert "1 nieuw" in out
    assert ("Let op: Diefstal/inbraak woning (politie open data, misdrijven) van Lisse over 2026 is 40, maar de maanden "
            "januari t/m maart tellen op tot 45. IVB rekent met het cijfer van de bron over de hele periode") in out
    assert values("politie.od.1.1.1", "GM0553")["2026"] == 40  # stored: a source's own total is not refused
    # A year that holds its months is not named.
    assert "Let op" not in _import_again(year, tmp_path, capsys, 45)


def _import_again(year, tmp_path, capsys, value):
    again = tmp_path / "again.csv"
    again.write_text(year.read_text(encoding="utf-8").replace(",40,", f",{value},"), encoding="utf-8")
    assert main(["opendata", "import", str(again), "--table", "47018NED"]) == 0
    return capsys.readouterr().out
