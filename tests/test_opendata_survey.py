"""The Veiligheidsmonitor in StatLine's wide export: values with a decimal comma and their margins, a series per
question with its own unit, provinces by name."""

from pathlib import Path

from ivb.cli import main
from ivb.store.models import Observation, Series

VM = str(Path(__file__).parent / "data" / "opendata" / "veiligheidsgevoel_provincies_veiligheidsmonitor.csv")


def test_it_imports_values_with_their_margins(reference, capsys):
    assert main(["opendata", "import", VM, "--table", "veiligheidsmonitor"]) == 0
    o = Observation.objects.get(series__key="vm.od.voelt_zich_wel_eens_onveilig", area__code="PV28", period="2017")
    assert (float(o.value), float(o.margin), o.source) == (35.6, 0.7, "CBS, Veiligheidsmonitor")
    utrecht = Observation.objects.get(series__key="vm.od.voelt_zich_wel_eens_onveilig", area__code="PV26",
                                      period="2015")
    assert (float(utrecht.value), float(utrecht.margin)) == (38.8, 1.6)
    assert Series.objects.get(key="vm.od.rapportcijfer_veiligheid_in_buurt").unit == "grade"
    assert Series.objects.get(key="vm.od.voelt_zich_wel_eens_onveilig").unit == "percent"
    assert Observation.objects.filter(area__code="PV28").count() == 30 * 3  # every question, three years
    assert "nieuw" in capsys.readouterr().out


def test_a_bad_survey_file_is_refused_saying_where(reference, tmp_path, capsys):
    text = Path(VM).read_text(encoding="utf-8").splitlines()
    text[3] = text[3].replace('"2,6"', '"2.6.1"', 1)
    bad = tmp_path / "vm.csv"
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    assert main(["opendata", "import", str(bad), "--table", "veiligheidsmonitor"]) == 1
    assert "regel 4, kolom Waarde_Groningen (PV)_2015: '2.6.1' is geen getal met decimaalkomma" in capsys.readouterr().err
    assert not Observation.objects.exists() and not Series.objects.filter(key__startswith="vm.od.").exists()
