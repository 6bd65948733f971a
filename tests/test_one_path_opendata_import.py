"""Importing official statistics is one act, `store.opendata_files.import_files`: the command is a thin shell over
it, so the command and anything else that imports a download store the same figures and refuse the same choices in
the same words."""

import hashlib
from pathlib import Path

import pytest

from ivb.cli import main
from ivb.opendata.readers import OpenDataError
from ivb.store.models import ImportBatch, Observation
from ivb.store.opendata_files import FileImport, import_files

HLT = str(Path(__file__).parent / "data" / "opendata" / "47018NED_HLT_2012-2025.csv")


def stored():
    return {(o.area.code, o.period): float(o.value) for o in
            Observation.objects.filter(series__key="politie.od.1.1.1", superseded_at__isnull=True)
            .select_related("area")}


def test_it_stores_what_the_command_stores(reference, capsys):
    report = import_files(FileImport((HLT,), table="47018NED", areas=frozenset({"gm0553"})), actor_name="test")
    assert report.ok and (report.cells, report.created, report.out_of_scope) == (504, 168, 336)
    by_service = stored()
    assert by_service[("GM0553", "2015")] == 60
    assert main(["opendata", "import", HLT, "--table", "47018NED", "--area", "GM0553"]) == 0
    assert "0 nieuw, 0 bijgewerkt, 168 ongewijzigd" in capsys.readouterr().out  # the same figures, nothing new
    assert stored() == by_service
    batch = ImportBatch.objects.get(kind="open data")  # the second import changed nothing, so wrote no batch
    assert batch.sha256 == hashlib.sha256(Path(HLT).read_bytes()).hexdigest()


@pytest.mark.parametrize(("choices", "options", "message"), [
    ({"areas": frozenset({"GM0553"}), "country": True}, ["--area", "GM0553", "--country"],
     "--area en --country gaan niet samen: --country telt alle gemeenten op"),
    ({"areas": frozenset({"Lisse"})}, ["--area", "Lisse"], "--area LISSE: geen regiocode (zoals GM0553, WK055301, RE06)"),
    ({"areas": frozenset({"GM0553", "GM9553"})}, ["--area", "GM0553", "--area", "GM9553"],
     "--area GM9553: onbekende gemeente GM9553; bedoelt u GM0553 (Lisse)?"),
    ({"encoding": "latin-9"}, ["--encoding", "latin-9"], "--encoding: "),
    ({"country": True, "encoding": "cp1252"}, ["--country", "--encoding", "cp1252"],
     "--country leest alleen UTF-8; sla het bestand op als UTF-8"),
])
def test_it_refuses_the_same_choices_in_the_same_words(reference, capsys, choices, options, message):
    with pytest.raises(OpenDataError) as refused:
        import_files(FileImport((HLT,), table="47018NED", **choices), actor_name="test")
    assert str(refused.value).startswith(message)
    assert main(["opendata", "import", HLT, "--table", "47018NED", *options]) == 1
    assert capsys.readouterr().err.startswith(f"ivb: {refused.value}")
    assert not Observation.objects.exists() and not ImportBatch.objects.exists()


def test_a_reimport_does_not_undo_a_hand_correction_or_withdrawal(reference, capsys):
    from ivb.store.entry import enter_observation, withdraw_observation
    from ivb.store.models import Area

    assert main(["opendata", "import", HLT, "--table", "47018NED", "--area", "GM0553"]) == 0
    lisse = Area.objects.get(code="GM0553")
    burglary = Observation.objects.get(series__key="politie.od.1.1.1", area=lisse, period="2015")
    corrected = enter_observation(lisse, {"series": "politie.od.1.1.1", "period": "2015", "value": "61",
                                          "status": burglary.status, "source": burglary.source},
                                  actor_name="adviseur", reason="nagekomen aangifte")
    assert not corrected.errors
    wrong = Observation.objects.get(series__key="politie.od.1.1.1", area=lisse, period="2016")
    assert not withdraw_observation(lisse, wrong.pk, "dubbel geteld", actor_name="adviseur").errors
    capsys.readouterr()
    assert main(["opendata", "import", HLT, "--table", "47018NED", "--area", "GM0553"]) == 0
    said = capsys.readouterr().out
    assert "0 nieuw, 0 bijgewerkt" in said
    assert "Niet vervangen of teruggezet: 2 cijfers die met de hand zijn ingevoerd, gecorrigeerd of ingetrokken (" in said
    assert stored()[("GM0553", "2015")] == 61 and ("GM0553", "2016") not in stored()


def test_a_new_delivery_does_not_override_what_was_settled_by_hand_either(reference, capsys, tmp_path):
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    assert main(["opendata", "import", HLT, "--table", "47018NED", "--area", "GM0553"]) == 0
    lisse = Area.objects.get(code="GM0553")
    burglary = Observation.objects.get(series__key="politie.od.1.1.1", area=lisse, period="2015")
    assert not enter_observation(lisse, {"series": "politie.od.1.1.1", "period": "2015", "value": "61",
                                         "status": burglary.status, "source": burglary.source},
                                 actor_name="adviseur", reason="nagekomen aangifte").errors
    # The same download with 2015 revised to 59: the hand correction stays, and the summary names it.
    lines = Path(HLT).read_text(encoding="utf-8").splitlines()
    changed = [ln.replace(",60,", ",59,") if "GM0553" in ln and "2015JJ00" in ln and '"1.1.1 "' in ln
               else ln for ln in lines]
    assert changed != lines
    revised = tmp_path / "47018NED_herzien.csv"
    revised.write_text("\n".join(changed) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["opendata", "import", str(revised), "--table", "47018NED", "--area", "GM0553"]) == 0
    said = capsys.readouterr().out
    assert "Niet vervangen of teruggezet: 1 cijfer dat met de hand is ingevoerd, gecorrigeerd of ingetrokken (" in said
    assert " 2015 in Lisse); voer het cijfer van de open data met de hand in als dat beter is." in said
    assert stored()[("GM0553", "2015")] == 61
    # Without the hand correction, the revised figure comes in and is named.
    Observation.objects.filter(series__key="politie.od.1.1.1", area=lisse, period="2015",
                               superseded_at__isnull=True).update(batch=ImportBatch.objects.first())
    assert main(["opendata", "import", str(revised), "--table", "47018NED", "--area", "GM0553"]) == 0
    assert " 2015 in Lisse: 61 → 59." in capsys.readouterr().out
