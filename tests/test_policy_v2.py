"""Policy format version 2: joint policies, region and monitoring indicators, other-theme indicators, several
fields, title-only priorities, references with a page; the upgrade from version 1; `ivb policy new`."""

import io
from pathlib import Path

import pytest
import yaml

from ivb.cli import main
from ivb.domain.policy import RefDetail, ref_text, validate_text
from ivb.domain.policy_skeleton import skeleton
from ivb.store.models import Policy, PolicyVersion

POLICIES = Path(__file__).parent / "data" / "policies"
JOINT = POLICIES / "joint-zuid-kennemerland.yaml"
LISSE = Path(__file__).parents[1] / "src" / "ivb" / "policies" / "lisse-2020-2023.yaml"


def run(capsys, *argv, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def messages(text):
    return [p.render("f.yaml") for p in validate_text(text).problems]


# ------------------------------------------------------------------------------------------- joint policy

def test_it_validates_the_joint_policy_offline(capsys):
    code, out, _ = run(capsys, "policy", "validate", "--offline", str(JOINT))
    assert (code, out) == (0, f"{JOINT}: in orde (3 prioriteiten, 5 indicatoren)\n")


def test_a_joint_policy_has_an_adoption_per_council():
    policy = validate_text(JOINT.read_text()).policy
    assert [(a.municipality, str(a.date)) for a in policy.adoptions] == [
        ("GM0377", "2023-12-14"), ("GM0397", "2023-12-21"), ("GM0473", "2024-01-30")]
    assert ref_text(policy.adoptions[0].ref) == "Raadsbesluit Bloemendaal, blz. 2"
    assert policy.ref == RefDetail(text="Integraal veiligheidsbeleid 2024-2027 (testdocument)",
                                   url="https://example.org/ivb-2024-2027.pdf")


def test_each_municipality_gets_its_own_targets_and_only_its_indicators():
    policy = validate_text(JOINT.read_text()).policy

    def targets(code):
        return {i.key: (i.target.operator, i.target.value, i.target.compare_to) if i.target else None
                for _, i in policy.indicators_for(code)}

    assert targets("GM0377") == {"vernielingen-regio": ("<", 240, None), "woninginbraken": ("<", 60, None),
                                 "jeugdoverlast": None, "verkeersongevallen": None}
    assert targets("GM0397")["woninginbraken"] == ("<", None, "baseline")  # no target of its own: the common one
    assert targets("GM0473")["woninginbraken"] == ("<", 45, None)
    assert "drugshandel-zandvoort" in targets("GM0473") and "drugshandel-zandvoort" not in targets("GM0397")


def test_it_knows_region_monitoring_and_other_theme_indicators_and_title_only_priorities():
    policy = validate_text(JOINT.read_text()).policy
    indicators = {i.key: (owner, i) for owner, i in policy.all_indicators()}
    region = indicators["vernielingen-regio"][1]
    assert (region.scope, region.region_rule, region.series, region.monitoring) == ("region", "sum", "politie.od.2.2.1", False)
    assert indicators["jeugdoverlast"][1].monitoring and indicators["jeugdoverlast"][1].target_for("GM0377") is None
    assert indicators["verkeersongevallen"][0] == "verkeersveiligheid"  # an other theme's indicator
    priorities = {p.key: p for p in policy.priorities}
    assert priorities["jeugd-en-ondermijning"].fields == ["3", "5"]
    title_only = priorities["zorg-en-veiligheid"]
    assert (title_only.targets_in_annual_plan, title_only.indicators, title_only.description) == (True, [], None)


def test_export_of_a_joint_policy_round_trips(reference, capsys, monkeypatch):
    # Every municipality comes with the reference data (ivb setup).
    assert run(capsys, "policy", "import", str(JOINT))[0] == 0
    code, exported, _ = run(capsys, "policy", "export", "GM0397", "2024-2027")
    assert code == 0
    assert run(capsys, "policy", "diff", "-", str(JOINT), stdin=exported, monkeypatch=monkeypatch) == (0, "", "")


V2_PROBLEMS = """\
schema_version: 2
title: t
period: {start: 2024, end: 2027}
municipalities: [GM0377, GM0397]
ref: r
adoptions:
  - {municipality: GM0377, body: gemeenteraad, legal_basis: x, ref: r}
  - {municipality: GM0553, body: gemeenteraad, legal_basis: x, ref: r}
vision: {text: v, ref: r}
priorities:
  - key: p
    rank: 1
    title: P
    fields: ["1", "4"]
    themes: ["1.3"]
    ref: r
    indicators:
      - {key: a, name: A, series: politie.od.1.1.1, unit: count, source: s, ref: r, scope: region}
      - {key: b, name: B, series: vm.overlast_buurt, unit: percent, source: s, ref: r, scope: region, region_rule: sum}
      - {key: c, name: C, series: politie.od.1.1.1, unit: count, source: s, ref: r, direction: lower_is_better,
         target: {operator: "<", value: 5}}
      - {key: d, name: D, series: politie.od.1.1.1, unit: count, source: s, ref: r, target_year: 2027}
      - {key: e, name: E, series: politie.od.1.1.1, unit: count, source: s, ref: r, direction: lower_is_better,
         target: {operator: "<", value: 5}, target_year: 2027, municipal_targets: {GM0473: {operator: "<", value: 1}},
         municipalities: [GM0377, GM1525]}
      - {key: f, name: F, series: politie.od.1.1.1, unit: count, source: s, ref: r, region_rule: sum}
"""


def test_every_v2_rule_is_checked_and_all_problems_are_listed_at_once():
    assert messages(V2_PROBLEMS) == [
        "f.yaml:6: adoptions: geen vaststelling voor GM0397: een gezamenlijk beleid met een vaststelling per "
        "gemeente heeft er een voor elke gemeente",
        "f.yaml:8: vaststelling 2 › municipality: GM0553 hoort niet bij de gemeenten van dit beleid (GM0377, GM0397)",
        "f.yaml:15: prioriteit 1 › themes: geen van de thema's hoort bij veiligheidsveld 4",
        "f.yaml:18: prioriteit 1 › indicator 1 › region_rule: een regio-indicator zegt hoe het regiocijfer uit de "
        "gemeenten volgt: region_rule: sum (aantallen optellen) of population_weighted_mean (gemiddelde gewogen "
        "naar inwonertal)",
        "f.yaml:19: prioriteit 1 › indicator 2 › region_rule: rekenregel 'sum' past niet bij eenheid 'percent' "
        "(sum is voor aantallen; population_weighted_mean voor percentages, rapportcijfers en aantallen per "
        "inwoners)",
        "f.yaml:20: prioriteit 1 › indicator 3 › target_year: een doel heeft een doeljaar nodig (target_year)",
        "f.yaml:22: prioriteit 1 › indicator 4 › target_year: een doeljaar zonder doel: geef een doel (target) of "
        "laat het doeljaar weg voor een indicator die alleen gevolgd wordt",
        "f.yaml:24: prioriteit 1 › indicator 5 › municipal_targets › GM0473: GM0473 hoort niet bij de gemeenten van "
        "dit beleid (GM0377, GM0397)",
        "f.yaml:25: prioriteit 1 › indicator 5 › gemeente 2: GM1525 hoort niet bij de gemeenten van dit "
        "beleid (GM0377, GM0397)",
        "f.yaml:26: prioriteit 1 › indicator 6 › region_rule: een rekenregel voor de regio (region_rule) hoort "
        "alleen bij scope: region",
    ]


def test_a_region_indicator_needs_a_joint_policy_and_several_adoptions_need_every_council():
    text = V2_PROBLEMS.replace("municipalities: [GM0377, GM0397]", "municipalities: [GM0377]")
    assert "f.yaml:18: prioriteit 1 › indicator 1 › scope: een regio-indicator hoort bij een beleid van meer " \
           "gemeenten" in messages(text)
    text = V2_PROBLEMS.replace("municipality: GM0553", "municipality: GM0377")
    assert "f.yaml:8: vaststelling 2 › municipality: GM0377 heeft al een vaststelling" in messages(text)
    text = V2_PROBLEMS.replace("{municipality: GM0553, ", "{")
    assert "f.yaml:8: vaststelling 2: bij meer vaststellingen noemt elke vaststelling zijn gemeente " \
           "(municipality)" in messages(text)


def test_ref_is_text_or_a_block_and_a_wrong_block_names_the_field():
    assert messages(JOINT.read_text().replace('{text: "§2 Visie", page: 5}', '{tekst: "§2 Visie"}')) == [
        "f.yaml:31: vision › ref › tekst: onbekend veld (tikfout?)", "f.yaml:31: vision › ref › text: verplicht veld ontbreekt"]
    assert ref_text("§4.1") == "§4.1" and ref_text(RefDetail(text="§2", page=5)) == "§2, blz. 5"


# ------------------------------------------------------------------------------------------------- series

def test_an_unknown_series_gets_the_nearest_keys():
    text = (POLICIES / "minimal.yaml").read_text().replace("politie.jeugdoverlast", "politie.woninginbraak") \
        .replace("[GM0553]", "[GM0553]")
    assert messages(text) == [
        "f.yaml:29: prioriteit 1 › indicator 1 › series: onbekende reeks 'politie.woninginbraak'; bedoelt u "
        "'politie.woninginbraken' (Woninginbraken) of 'politie.od.1.1.1' (Diefstal/inbraak woning (politie open data, "
        "misdrijven))?"]


def test_an_unknown_series_is_also_matched_by_name():
    text = (POLICIES / "minimal.yaml").read_text().replace("politie.jeugdoverlast", "politie.winkeldiefstal_od")
    [message] = messages(text)
    assert "'politie.winkeldiefstallen' (Winkeldiefstallen)" in message
    text = (POLICIES / "minimal.yaml").read_text().replace("politie.jeugdoverlast", "politie.zakkenrollerij")
    assert "bedoelt u 'politie.od.1.2.4' (Zakkenrollerij (politie open data, misdrijven))?" in messages(text)[0]


@pytest.mark.parametrize("key", ["politie.od.1.1.1", "politie.od.overlast.E35", "cbs.misdrijven.0000000"])
def test_an_indicator_may_use_an_open_data_series(key):
    text = (POLICIES / "minimal.yaml").read_text().replace("politie.jeugdoverlast", key)
    assert validate_text(text).ok


def test_two_problems_in_one_indicator_are_both_reported():
    text = (POLICIES / "minimal.yaml").read_text().replace("unit: count", "unit: aantal") \
        .replace("politie.jeugdoverlast", "politie.jeugdoverlat")
    assert messages(text) == [
        "f.yaml:29: prioriteit 1 › indicator 1 › series: onbekende reeks 'politie.jeugdoverlat'; bedoelt u "
        "'politie.jeugdoverlast' (Jeugdoverlast) of 'politie.od.overlast.E35' (Melding overlast jeugd (politie open "
        "data, overlast))?",
        "f.yaml:30: prioriteit 1 › indicator 1 › unit: ongeldige waarde 'aantal'; bedoelt u 'count'? (de eenheid staat in het "
        "bestand als code); toegestaan: 'count', 'grade', "
        "'per_100', 'per_1000', 'percent', 'qualitative' of 'rank'"]


def test_series_list_shows_keys_names_units_sources_and_the_periods_with_figures(demo, capsys):
    code, out, err = run(capsys, "series", "list", "--area", "GM0553", "--search", "woninginbraak")
    assert code == 0
    assert out.splitlines() == [
        "politie.woninginbraken\tWoninginbraken\taantal\tPolitie (bestuurlijke rapportage) (ingebouwd)\t"
        "2014–2019 t/m september (6 cijfers)"]
    assert err == "1 reeks voor GM0553\n"


def test_series_list_includes_open_data_and_stored_series(reference, capsys):
    from ivb.domain.series import SeriesDef
    from ivb.store.reference import save_series

    save_series(SeriesDef("eigen.buurtpreventie", "Buurtpreventieteams", "count", "sum", "Gemeente"))
    code, out, _ = run(capsys, "series", "list")
    assert code == 0
    lines = out.splitlines()
    assert "eigen.buurtpreventie\tBuurtpreventieteams\taantal\tGemeente (database)\tgeen cijfers" in lines
    assert ("politie.od.1.1.1\tDiefstal/inbraak woning (politie open data, misdrijven)\taantal\t"
            "Politie (via CBS), tabel 47018NED (open data)\tgeen cijfers") in lines
    assert any(line.startswith("cbs.misdrijven.<code>\teen reeks per code") for line in lines)


def test_series_list_refuses_an_unknown_area(reference, capsys):
    assert run(capsys, "series", "list", "--area", "GM9999")[1:] == ("", "ivb: onbekend gebied GM9999\n")


# ----------------------------------------------------------------------------------- validate with the store

THREE_PROBLEMS = (POLICIES / "minimal.yaml").read_text() \
    .replace("[GM0553]", "[GM0553, GM0999]") \
    .replace("politie.jeugdoverlast", "politie.woninginbraak") \
    .replace("target_year: 2023", "target_year: 2030")


def test_validate_lists_every_problem_including_unknown_municipalities_and_series(reference, capsys, tmp_path):
    bad = tmp_path / "drie.yaml"
    bad.write_text(THREE_PROBLEMS)
    code, out, err = run(capsys, "policy", "validate", str(bad))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{bad}:4: gemeente 2: onbekende gemeente GM0999; bedoelt u GM0995 (Lelystad)?",
        f"{bad}:29: prioriteit 1 › indicator 1 › series: onbekende reeks 'politie.woninginbraak'; bedoelt u "
        "'politie.woninginbraken' (Woninginbraken) of 'politie.od.1.1.1' (Diefstal/inbraak woning (politie open data, "
        "misdrijven))?",
        f"{bad}:35: prioriteit 1 › indicator 1 › target_year: doeljaar 2030 valt buiten de beleidsperiode 2020-2023",
        f"{bad}: 3 problemen",
    ]
    assert run(capsys, "policy", "import", str(bad))[2] == err  # import says the same, and stores nothing
    assert not Policy.objects.exists()


def test_offline_validate_checks_the_file_alone(reference, capsys, tmp_path):
    unknown_place = tmp_path / "elders.yaml"
    unknown_place.write_text((POLICIES / "minimal.yaml").read_text().replace("[GM0553]", "[GM0999]"))
    assert run(capsys, "policy", "validate", "--offline", str(unknown_place))[0] == 0
    code, _, err = run(capsys, "policy", "validate", str(unknown_place))
    assert code == 1 and "gemeente 1: onbekende gemeente GM0999" in err


def test_validate_knows_the_one_policy_per_period_rule_and_stored_series(reference, capsys, tmp_path):
    joint = tmp_path / "samen.yaml"
    joint.write_text((POLICIES / "minimal.yaml").read_text().replace("[GM0553]", "[GM0553, GM0534]"))
    assert run(capsys, "policy", "import", str(joint))[0] == 0
    alone = tmp_path / "alleen.yaml"
    alone.write_text((POLICIES / "minimal.yaml").read_text() + (
        "series:\n  - {key: politie.jeugdoverlast, name: Anders, unit: count, aggregation: sum, source: x}\n"))
    code, _, err = run(capsys, "policy", "validate", str(alone))
    assert code == 1
    assert "alleen.yaml:4: municipalities: er is al een beleid 2020-2023 voor GM0534, GM0553" in err
    assert "alleen.yaml:38: reeks 1: reeks 'politie.jeugdoverlast' bestaat al en is van alle gemeenten" in err


@pytest.mark.parametrize("name", ["minimal.yaml", "broken-codes.yaml", "broken-targets.yaml",
                                  "broken-structure.yaml", "joint-zuid-kennemerland.yaml"])
def test_import_refuses_nothing_validate_passed(reference, capsys, name):
    validated = run(capsys, "policy", "validate", str(POLICIES / name))[0]
    imported = run(capsys, "policy", "import", str(POLICIES / name))[0]
    assert validated == imported


# ------------------------------------------------------------------------------------------------ upgrade

def test_upgrade_rewrites_a_version_1_file_keeping_its_comments(capsys, monkeypatch, tmp_path):
    out_file = tmp_path / "lisse-v2.yaml"
    code, out, _ = run(capsys, "policy", "upgrade", str(LISSE), "-o", str(out_file))
    assert code == 0
    assert out.splitlines()[:4] == [f"{LISSE}: omgezet naar versie 2 in {out_file}", "  schema_version: 2 toegevoegd",
                                    "  adoption -> adoptions (een lijst met één vaststelling)",
                                    "  priorities[0].field -> fields (een lijst)"]
    text = out_file.read_text()
    assert text.startswith(LISSE.read_text().splitlines(keepends=True)[0])  # the comment stays
    data = yaml.safe_load(text)
    assert data["schema_version"] == 2 and "adoption" not in data and data["priorities"][1]["fields"] == ["1"]
    assert run(capsys, "policy", "diff", str(out_file), str(LISSE)) == (0, "", "")
    # Idempotent: a version 2 file is left as it is.
    assert run(capsys, "policy", "upgrade", str(out_file))[:2] == (0, f"{out_file}: al versie 2, niets gewijzigd\n")
    assert out_file.read_text() == text


def test_upgrade_refuses_an_invalid_file_and_changes_nothing(capsys, tmp_path):
    bad = tmp_path / "kapot.yaml"
    bad.write_text((POLICIES / "broken-codes.yaml").read_text())
    code, _, err = run(capsys, "policy", "upgrade", str(bad))
    assert code == 1 and "kapot.yaml: 4 problemen" in err
    assert bad.read_text() == (POLICIES / "broken-codes.yaml").read_text()


def test_reimporting_the_version_1_file_after_its_upgrade_makes_no_new_version(reference, capsys, tmp_path):
    upgraded = tmp_path / "lisse-v2.yaml"
    run(capsys, "policy", "upgrade", str(LISSE), "-o", str(upgraded))
    assert run(capsys, "policy", "import", str(upgraded))[0] == 0
    code, out, _ = run(capsys, "policy", "import", str(LISSE))
    assert code == 0 and "ongewijzigd (gelijk aan versie 1)" in out
    assert PolicyVersion.objects.count() == 1


def test_a_stored_version_1_document_still_loads(reference, capsys):
    from ivb.store.policies import current_document

    run(capsys, "policy", "import", str(LISSE))
    version = PolicyVersion.objects.get()
    version.document = yaml.safe_load(LISSE.read_text().replace("2019-12-19", "'2019-12-19'")
                                      .replace("2019-11-12", "'2019-11-12'").replace("2020-01-01", "'2020-01-01'"))
    assert "adoption" in version.document and "schema_version" not in version.document
    version.save()
    doc = current_document(version.policy)
    assert doc.adoptions[0].body == "gemeenteraad" and doc.priorities[0].fields == ["5"]
    assert "ongewijzigd" in run(capsys, "policy", "import", str(LISSE))[1]


# --------------------------------------------------------------------------------------------- policy new

def test_new_writes_a_skeleton_that_validates_with_the_names_from_the_store(reference, capsys, tmp_path):
    target = tmp_path / "nieuw.yaml"
    code, out, _ = run(capsys, "policy", "new", "GM0553", "2024-2027", "--gemeente", "GM0534", "-o", str(target))
    assert code == 0 and "ivb policy validate" in out
    text = target.read_text()
    assert "title: \"Integraal veiligheidsbeleid 2024-2027 Lisse en Hillegom\"" in text
    assert "  - municipality: GM0534  # Hillegom" in text
    validation = validate_text(text)
    assert validation.ok
    policy = validation.policy
    assert [t.title for t in policy.other_themes] == ["Veilige woon- en leefomgeving", "Bedrijvigheid en veiligheid",
                                                      "Jeugd en veiligheid", "Fysieke veiligheid",
                                                      "Integriteit en veiligheid"]
    assert sum(len(t.themes) for t in policy.other_themes) == 22
    assert policy.priorities[0].targets_in_annual_plan
    assert run(capsys, "policy", "new", "GM0553", "2024-2027", "-o", str(target))[2].endswith(
        "bestaat al; kies een andere naam (er wordt niets overschreven)\n")


def test_new_refuses_an_unknown_municipality(reference, capsys):
    code, out, err = run(capsys, "policy", "new", "GM0999", "2024-2027")
    assert (code, out, err) == (1, "", "ivb: onbekende gemeente GM0999; bedoelt u GM0995 (Lelystad)?\n")


def test_the_skeleton_example_indicator_validates_once_uncommented():
    text = skeleton(["GM0553"], 2024, 2027)
    lines = text.splitlines()
    start = lines.index("    # indicators:                 # wat gemeten wordt; zie 'ivb series list' voor de reeksen")
    for i in range(start, start + 11):
        lines[i] = lines[i].replace("# ", "", 1).replace("#   ", "  ", 1)
    lines = [line.replace("    targets_in_annual_plan: true", "    fields: [\"1\"]") for line in lines]
    uncommented = "\n".join(lines) + "\n"
    validation = validate_text(uncommented)
    assert validation.ok, [p.render("s") for p in validation.problems]
    assert [i.key for _, i in validation.policy.all_indicators()] == ["woninginbraken"]


def test_the_skeleton_shows_a_change_from_the_baseline_that_validates_once_uncommented():
    lines = skeleton(["GM0553"], 2024, 2027).splitlines()
    start = lines.index("    # indicators:                 # wat gemeten wordt; zie 'ivb series list' voor de reeksen")
    for i in range(start, start + 11):
        lines[i] = lines[i].replace("# ", "", 1).replace("#   ", "  ", 1)
    baseline = lines.index("    #     # baseline: {year: 2023}")
    target = lines.index('    #     # target: {operator: "<", compare_to: baseline, change_percent: -20}')
    lines[baseline] = "        baseline: {year: 2023}"
    lines[target] = '        target: {operator: "<", compare_to: baseline, change_percent: -20}'
    lines = [line for line in lines if not line.startswith('        target: {operator: "<", value: 100}')]
    lines = [line.replace("    targets_in_annual_plan: true", "    fields: [\"1\"]") for line in lines]
    validation = validate_text("\n".join(lines) + "\n")
    assert validation.ok, [p.render("s") for p in validation.problems]
    (_, indicator), = validation.policy.all_indicators()
    assert indicator.target.change_percent == -20


def test_it_refuses_evidence_for_a_monitoring_indicator_in_words(reference, capsys):
    from ivb.store.models import Evidence

    assert run(capsys, "policy", "import", str(JOINT))[0] == 0
    code, _, err = run(capsys, "evidence", "add", "GM0397", "2024-2027", "jeugdoverlast", "--status", "risico",
                       "--summary", "x", "--date", "2025-01-01")
    assert code == 1
    assert "'jeugdoverlast' heeft geen doel (het cijfer wordt alleen gevolgd)" in err and "Traceback" not in err
    assert not Evidence.objects.exists()


def test_series_list_names_a_single_year_once(demo, capsys):
    code, out, _err = run(capsys, "series", "list", "--area", "GM0553", "--search", "vm.slachtoffer_cybercrime")
    assert code == 0 and out.splitlines()[0].endswith("\t2017 (1 cijfer)")


def test_a_key_made_of_the_names_words_finds_that_series():
    """Walk AH: 'politie.od.fietsdiefstal' was offered 'politie.winkeldiefstallen' only (by spelling)."""
    from ivb.domain.series_catalogue import offline_catalogue

    message = offline_catalogue().unknown_message("politie.od.fietsdiefstal")
    assert message.startswith("onbekende reeks 'politie.od.fietsdiefstal'; bedoelt u 'politie.od.1.2.3' (Diefstal van "
                              "brom-, snor-, fietsen")


def test_a_key_indented_too_far_is_named_as_such():
    """Walk AH: "series:" two spaces too far in read "hier mag geen ':' staan; zet een tekst met een dubbele punt
    tussen aanhalingstekens", which was not the problem."""
    text = (POLICIES / "minimal.yaml").read_text()
    deeper = text.replace("        series: politie.jeugdoverlast", "          series: politie.jeugdoverlast")
    assert messages(deeper) == [
        "f.yaml:29: geen geldige YAML ('series' springt 2 spaties verder in dan 'name' erboven en wordt zo als het "
        "vervolg van die waarde gelezen; zet hem even ver in als 'name'); controleer inspringing, aanhalingstekens en "
        "haakjes"]
    # A colon inside a value keeps its own advice.
    colon = text.replace("        name: Meldingen jeugdoverlast", "        name: Meldingen: jeugdoverlast")
    assert "zet een tekst met een dubbele punt tussen aanhalingstekens" in messages(colon)[0]


def test_a_wrapped_sentence_with_a_colon_is_not_taken_for_a_key_indented_too_far():
    """Review: "description: Het doel is" wrapped onto "    bijvoorbeeld: minder inbraken" was called a key that
    springt verder in; it is a sentence with a colon, and the advice on quotes is the right one."""
    text = (POLICIES / "minimal.yaml").read_text().replace(
        "    description: Minder jeugdoverlast.", "    description: Het doel is\n      bijvoorbeeld: minder overlast")
    [message] = messages(text)
    assert "zet een tekst met een dubbele punt tussen aanhalingstekens" in message and "springt" not in message


@pytest.mark.parametrize("change,message", [
    (("period: {start: 2020, end: 2023}", "period: {start: 2020, end: 2072}"),
     "f.yaml:3: period › end: de periode 2020-2072 duurt 53 jaar; een veiligheidsbeleid duurt meestal vier jaar en "
     "hoogstens 10 (tikfout in het jaartal?)"),
    (("  date: 2019-12-19", "  date: 2032-12-19"),
     "vastgesteld op 19-12-2032, na het einde van de periode 2020-2023 (tikfout in het jaartal?)"),
])
def test_a_year_typed_wrong_in_the_period_or_the_adoption_is_named(change, message):
    """Walk AL: a period ending in 2072 (for 2027) and an adoption in 2032 read "in orde"."""
    text = (POLICIES / "minimal.yaml").read_text().replace(*change)
    assert any(message in m for m in messages(text)), messages(text)


def test_a_key_indented_too_far_below_a_flow_mapping_is_named_too():
    """Walk AL: below "target: {operator: …}" the same mistake read "verwacht het einde van een blok …"."""
    text = (POLICIES / "minimal.yaml").read_text().replace("        target_year: 2023", "          target_year: 2023")
    assert messages(text) == [
        "f.yaml:35: geen geldige YAML ('target_year' springt 2 spaties verder in dan 'target' erboven en begint zo een "
        "nieuw blok waar dat niet kan; zet hem even ver in als 'target'); controleer inspringing, aanhalingstekens en "
        "haakjes"]


def test_an_unknown_field_names_the_key_it_was_meant_to_be():
    """Walk AL: "region_rul: sum" read "onbekend veld (tikfout?)" without the key meant."""
    text = (POLICIES / "minimal.yaml").read_text().replace("        target_year: 2023", "        target_yaer: 2023")
    assert "f.yaml:35: prioriteit 1 › indicator 1 › target_yaer: onbekend veld (tikfout?); bedoelt u 'target_year'?" \
        in messages(text)
