"""`ivb policy import`, `export` and `diff`: the stored policy round-trips to an equal document."""

import io
from pathlib import Path

import pytest

from ivb.cli import main
from ivb.store.models import ImportBatch, Policy, PolicyVersion

LISSE = Path(__file__).parents[1] / "src" / "ivb" / "policies" / "lisse-2020-2023.yaml"
POLICIES = Path(__file__).parent / "data" / "policies"


def run(capsys, *argv, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_it_round_trips_the_lisse_policy(reference, capsys, monkeypatch):
    assert run(capsys, "policy", "import", str(LISSE))[0] == 0
    code, exported, _ = run(capsys, "policy", "export", "GM0553", "2020-2023")
    assert code == 0 and exported.startswith("schema_version: 2\ntitle: Integraal veiligheidsbeleid 2020-2023 Lisse")
    code, out, err = run(capsys, "policy", "diff", "-", str(LISSE), stdin=exported, monkeypatch=monkeypatch)
    assert (code, out, err) == (0, "", "")


def test_importing_the_same_file_twice_makes_one_version(reference, capsys):
    run(capsys, "policy", "import", str(LISSE))
    code, out, _ = run(capsys, "policy", "import", str(LISSE))
    assert code == 0 and "ongewijzigd (gelijk aan versie 1)" in out
    assert PolicyVersion.objects.count() == 1
    assert ImportBatch.objects.filter(kind="beleid").count() == 1


def test_a_changed_document_becomes_version_2_and_diff_shows_the_change(reference, capsys, tmp_path):
    run(capsys, "policy", "import", str(LISSE))
    changed = tmp_path / "lisse-gewijzigd.yaml"
    changed.write_text(LISSE.read_text().replace("value: 80\n", "value: 75\n"))
    code, out, _ = run(capsys, "policy", "import", str(changed))
    assert code == 0 and "versie 2" in out
    policy = Policy.objects.get()
    assert [v.number for v in policy.versions.all()] == [1, 2]
    code, out, _ = run(capsys, "policy", "diff", str(LISSE), str(changed))
    assert code == 1
    assert out.strip() == "~ priorities[woonoverlast].indicators[meldingen-woonoverlast].target.value: 80.0 -> 75.0"


def test_diff_names_added_and_removed_items(capsys, tmp_path):
    changed = tmp_path / "b.yaml"
    text = (POLICIES / "minimal.yaml").read_text()
    changed.write_text(text.replace("partners: [Politie]", "partners: [Politie, Halt]")
                       .replace("key: jeugdoverlast", "key: jeugdmeldingen"))
    code, out, _ = run(capsys, "policy", "diff", str(POLICIES / "minimal.yaml"), str(changed))
    assert code == 1
    assert out.splitlines() == [
        "~ priorities[jeugd].partners: ['Politie'] -> ['Politie', 'Halt']",
        "- priorities[jeugd].indicators[jeugdoverlast]",
        "+ priorities[jeugd].indicators[jeugdmeldingen]",
    ]


def test_diff_refuses_an_invalid_file(capsys):
    code, _, err = run(capsys, "policy", "diff", str(POLICIES / "minimal.yaml"), str(POLICIES / "broken-codes.yaml"))
    assert code == 2 and "broken-codes.yaml: 4 problemen" in err


def test_import_refuses_an_invalid_file_and_stores_nothing(reference, capsys):
    code, _, err = run(capsys, "policy", "import", str(POLICIES / "broken-targets.yaml"))
    assert code == 1 and "8 problemen" in err
    assert not Policy.objects.exists()


def test_import_refuses_a_municipality_it_does_not_know(reference, capsys, tmp_path):
    other = tmp_path / "elders.yaml"
    other.write_text((POLICIES / "minimal.yaml").read_text().replace("[GM0553]", "[GM0999]"))
    code, _, err = run(capsys, "policy", "import", str(other))
    # The message names the nearest known municipality (issue 12).
    assert code == 1 and "elders.yaml:4: gemeente 1: onbekende gemeente GM0999; bedoelt u GM" in err
    assert not Policy.objects.exists()


def test_validate_and_import_refuse_a_municipality_that_had_ended_before_the_period(reference, capsys, tmp_path):
    """Walk S #4: a 2024-2027 policy for Haren (GM0017, taken into Groningen on 1 January 2019) read "in orde"."""
    other = tmp_path / "haren.yaml"
    other.write_text((POLICIES / "minimal.yaml").read_text().replace("[GM0553]", "[GM0017]"))
    message = "gemeente 1: Haren (GM0017) bestond tot en met 31-12-2018; een beleid voor {period} hoort bij " \
              "Groningen (GM0014)"
    for command in ("validate", "import"):
        code, _, err = run(capsys, "policy", command, str(other))
        assert code == 1 and "haren.yaml:4: " + message.format(period="2020–2023") in err, err
    assert not Policy.objects.exists()


def test_validate_import_and_new_refuse_a_period_before_the_municipality_existed(reference, capsys, tmp_path):
    """Walk BW: a 2020-2023 policy for Land van Cuijk (formed on 1 January 2022) read "in orde", and once stored its
    2022 and 2023 pages judged targets of a policy nobody had adopted."""
    other = tmp_path / "cuijk.yaml"
    other.write_text((POLICIES / "minimal.yaml").read_text().replace("[GM0553]", "[GM1982]"))
    message = ("Land van Cuijk (GM1982) bestaat sinds 01-01-2022: een beleid voor 2020–2023 begint eerder; de jaren "
               "ervoor horen bij Boxmeer (GM0756), Cuijk (GM1684), Grave (GM0786), Mill en Sint Hubert (GM0815) en "
               "Sint Anthonis (GM1702). Laat de periode beginnen in 2022 of later")
    for command in ("validate", "import"):
        code, _, err = run(capsys, "policy", command, str(other))
        assert code == 1 and message in err, err
    assert not Policy.objects.exists()
    code, _, err = run(capsys, "policy", "new", "GM1982", "2020-2023", "-o", str(tmp_path / "nieuw.yaml"))
    assert code == 1 and message in err and not (tmp_path / "nieuw.yaml").exists()
    later = tmp_path / "later.yaml"
    later.write_text(other.read_text().replace("{start: 2020, end: 2023}", "{start: 2022, end: 2025}")
                     .replace("Testbeleid 2020-2023", "Testbeleid 2022-2025").replace("year: 2018", "year: 2021")
                     .replace("target_year: 2023", "target_year: 2025"))
    code, out, err = run(capsys, "policy", "validate", str(later))
    assert code == 0, err


@pytest.mark.parametrize("args,message", [
    (("GM0553", "2020-2023"), "geen beleid 2020-2023 voor GM0553"),
    (("GM0553", "vier jaar"), "periode 'vier jaar' niet begrepen"),
])
def test_export_says_when_there_is_nothing_to_export(reference, capsys, args, message):
    code, _, err = run(capsys, "policy", "export", *args)
    assert code == 1 and message in err


def test_a_policy_for_part_of_a_joint_policy_is_refused(reference, capsys, tmp_path):
    joint = tmp_path / "samen.yaml"
    joint.write_text((POLICIES / "minimal.yaml").read_text().replace("[GM0553]", "[GM0553, GM0534]"))
    assert run(capsys, "policy", "import", str(joint))[0] == 0
    code, _, err = run(capsys, "policy", "import", str(POLICIES / "minimal.yaml"))
    assert code == 1
    assert "er is al een beleid 2020-2023 voor GM0534, GM0553 ('Testbeleid 2020-2023'); dit bestand is voor GM0553" in err
    policy = Policy.objects.get()
    assert sorted(a.code for a in policy.municipalities.all()) == ["GM0534", "GM0553"]
    assert policy.versions.count() == 1
    assert run(capsys, "policy", "export", "GM0534", "2020-2023")[0] == 0
