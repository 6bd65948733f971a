"""`ivb policy validate`: the shipped Lisse file passes; broken files fail with every problem listed."""

import json
from pathlib import Path

import pytest

from ivb.cli import main
from ivb.domain.policy import validate_text

POLICIES = Path(__file__).parent / "data" / "policies"
LISSE = Path(__file__).parents[1] / "src" / "ivb" / "policies" / "lisse-2020-2023.yaml"


def problems_of(name):
    validation = validate_text((POLICIES / name).read_text())
    assert not validation.ok
    return [p.render(name) for p in validation.problems]


def test_it_accepts_the_shipped_lisse_policy(capsys):
    assert main(["policy", "validate", "--offline", str(LISSE)]) == 0
    assert "in orde (4 prioriteiten, 13 indicatoren)" in capsys.readouterr().out


def test_it_accepts_a_minimal_policy():
    assert validate_text((POLICIES / "minimal.yaml").read_text()).ok


def test_it_lists_unknown_codes_with_their_lines():
    assert problems_of("broken-codes.yaml") == [
        "broken-codes.yaml:3: gemeente 2: 'Lisse' is geen CBS-gemeentecode (zoals GM0553)",
        "broken-codes.yaml:17: prioriteit 1 › field: onbekend veiligheidsveld '7' (bekend: 1, 2, 3, 4, 5)",
        "broken-codes.yaml:18: prioriteit 1 › thema 2: onbekende themacode '6.2' (het Kernbeleid Veiligheid kent 1.1 t/m 5.5)",
        "broken-codes.yaml:29: overig thema 1 › themes: geen van de thema's hoort bij veiligheidsveld 4",
    ]


def test_it_lists_every_target_problem_at_once():
    problems = problems_of("broken-targets.yaml")
    expected = [
        ("broken-targets.yaml:25: prioriteit 1 › indicator 1 › direction", "het doel heeft geen richting"),
        ("broken-targets.yaml:36: prioriteit 1 › indicator 2 › unit", "eenheid 'percent' (percentage) past niet bij reeks 'politie.woninginbraken', die in 'count' (aantal) meet"),
        ("broken-targets.yaml:39: prioriteit 1 › indicator 2 › target › inferred_reason", "heeft een reden nodig"),
        ("broken-targets.yaml:39: prioriteit 1 › indicator 2 › target › operator", "operator '>' (hoger dan) past niet bij richting 'lower_is_better' (lager is beter)"),
        ("broken-targets.yaml:40: prioriteit 1 › indicator 2 › target_year", "doeljaar 2025 valt buiten de beleidsperiode 2020-2023"),
        ("broken-targets.yaml:42: prioriteit 1 › indicator 3 › baseline", "geen nulmeting"),
        ("broken-targets.yaml:44: prioriteit 1 › indicator 3 › series", "onbekende reeks 'politie.bestaat_niet'"),
        ("broken-targets.yaml:55: prioriteit 1 › indicator 4 › target › evidence", "bewijs"),
    ]
    assert len(problems) == len(expected)
    for (where, what), problem in zip(expected, problems, strict=True):
        assert problem.startswith(where) and what in problem, problem


def test_it_lists_structural_problems_and_duplicate_keys():
    problems = problems_of("broken-structure.yaml")
    assert "broken-structure.yaml:1: ref: verplicht veld ontbreekt" in problems
    assert "broken-structure.yaml:2: period › end: moet een geheel getal zijn" in problems
    assert "broken-structure.yaml:6: adoption › date: moet een datum zijn (JJJJ-MM-DD)" in problems
    assert "broken-structure.yaml:12: vision › kleur: onbekend veld (tikfout?)" in problems
    assert "broken-structure.yaml:23: prioriteit 2 › key: 'jeugd' komt al voor bij prioriteit 1" in problems
    assert "broken-structure.yaml:24: prioriteit 2 › rank: '1' komt al voor bij prioriteit 1" in problems
    assert "broken-structure.yaml:26: prioriteit 2: sleutel 'title' komt twee keer voor (eerst op regel 25)" in problems


@pytest.mark.parametrize("name,message", [
    ("empty.yaml", "empty.yaml: het bestand is leeg"),
    ("not-yaml.yaml", "not-yaml.yaml:3: geen geldige YAML"),
])
def test_it_reports_files_that_are_no_policy(name, message):
    assert problems_of(name)[0].startswith(message)


def test_it_reports_a_list_where_a_policy_belongs():
    validation = validate_text("- a\n- b\n")
    assert [p.message for p in validation.problems] == [
        "het bestand moet een beleid zijn (sleutels zoals title, period, priorities)"]


def test_the_command_exits_non_zero_and_prints_every_problem(capsys):
    files = [str(POLICIES / n) for n in ("broken-codes.yaml", "broken-targets.yaml", "minimal.yaml")]
    assert main(["policy", "validate", "--offline", *files]) == 1
    out, err = capsys.readouterr()
    assert "broken-codes.yaml: 4 problemen" in err
    assert "broken-targets.yaml: 8 problemen" in err
    assert "minimal.yaml: in orde (1 prioriteit, 1 indicator)" in out
    assert "let op" not in out  # a filled-in file gets no warning


def test_a_valid_file_still_holding_placeholders_is_in_order_with_a_warning(capsys, tmp_path, reference):
    """Walk V: the untouched output of `ivb policy new` was just "in orde"."""
    skeleton = tmp_path / "beleid.yaml"
    assert main(["policy", "new", "GM0553", "2024-2027", "-o", str(skeleton)]) == 0
    capsys.readouterr()
    assert main(["policy", "validate", "--offline", str(skeleton)]) == 0
    out = capsys.readouterr().out
    assert f"{skeleton}: let op: Het bestand bevat nog 11 keer 'in te vullen'" in out


def test_the_command_reports_a_missing_file(capsys):
    assert main(["policy", "validate", "--offline", "bestaat-niet.yaml"]) == 1
    assert "bestaat-niet.yaml: bestand niet gevonden" in capsys.readouterr().err


def test_schema_prints_a_json_schema_of_the_policy(capsys):
    assert main(["policy", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "IVB veiligheidsbeleid"
    assert {"title", "period", "municipalities", "adoptions", "vision", "ref"} <= set(schema["required"])
    assert schema["properties"]["schema_version"]["const"] == 2
    indicator = schema["$defs"]["Indicator"]
    assert {"key", "name", "unit", "source", "ref"} <= set(indicator["required"])
    assert not {"target", "target_year"} & set(indicator["required"])  # monitoring indicators have neither
    assert indicator["properties"]["direction"]["anyOf"][0]["enum"] == ["lower_is_better", "higher_is_better"]
    assert schema["$defs"]["Indicator"]["additionalProperties"] is False
    # A change from the baseline in percent is optional: version 2 files without it stay valid.
    target = schema["$defs"]["Target"]
    assert "change_percent" in target["properties"] and "change_percent" not in target.get("required", [])


def test_the_structural_problems_are_exactly_these():
    assert problems_of("broken-structure.yaml") == [
        "broken-structure.yaml:1: ref: verplicht veld ontbreekt",
        "broken-structure.yaml:2: period › end: moet een geheel getal zijn",
        "broken-structure.yaml:6: adoption › date: moet een datum zijn (JJJJ-MM-DD)",
        "broken-structure.yaml:12: vision › kleur: onbekend veld (tikfout?)",
        "broken-structure.yaml:14: prioriteit 1 › ref: verplicht veld ontbreekt",
        "broken-structure.yaml:23: prioriteit 2 › key: 'jeugd' komt al voor bij prioriteit 1",
        "broken-structure.yaml:23: prioriteit 2 › ref: verplicht veld ontbreekt",
        "broken-structure.yaml:24: prioriteit 2 › rank: '1' komt al voor bij prioriteit 1",
        "broken-structure.yaml:26: prioriteit 2: sleutel 'title' komt twee keer voor (eerst op regel 25)",
    ]


ODD = """\
title: x
a: &a [1, 2]
b: *a
d: 2019-02-30
e: !!int "x"
1: een
series: 5
priorities: 5
other_themes: [7]
"""


def test_odd_yaml_gives_problems_never_a_crash():
    messages = [p.render("odd.yaml") for p in validate_text(ODD).problems]
    assert "odd.yaml:3: b: verwijzingen met &anker en *alias (ook '<<:') worden niet ondersteund; schrijf de waarde uit" in messages
    assert ("odd.yaml:4: d: waarde '2019-02-30' is niet te lezen (geen bestaande datum; schrijf bijvoorbeeld "
            "2019-02-28)") in messages
    assert "odd.yaml:5: e: waarde 'x' is niet te lezen (geen getal)" in messages
    assert "odd.yaml:6: sleutel 1 moet tekst zijn" in messages
    assert "odd.yaml:7: series: moet een lijst zijn" in messages
    assert "odd.yaml:8: priorities: moet een lijst zijn" in messages
    assert "odd.yaml:9: overig thema 1: moet een blok met velden zijn" in messages


def test_a_tiny_file_of_nested_aliases_is_refused_quickly():
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    validation = validate_text("\n".join(lines))
    assert sum("*alias" in p.message for p in validation.problems) == 9 * 9


def test_lists_where_texts_belong_give_problems_never_a_crash():
    text = (POLICIES / "minimal.yaml").read_text().replace("rank: 1", "rank: [1]").replace('field: "3"', "field: [3]")
    messages = [p.render("m.yaml") for p in validate_text(text).problems]
    assert "m.yaml:16: prioriteit 1 › rank: moet een geheel getal zijn" in messages
    assert "m.yaml:18: prioriteit 1 › field: moet tekst zijn" in messages


def test_cross_field_checks_run_when_only_a_descriptive_field_is_wrong():
    text = (POLICIES / "minimal.yaml").read_text()
    head, _, tail = text.rpartition("        ref: testbestand\n")  # the indicator's ref, the last one
    text = (head + tail).replace("politie.jeugdoverlast", "bestaat.niet")
    text = text.replace("target_year: 2023", "target_year: 2099")
    messages = [p.render("m.yaml") for p in validate_text(text).problems]
    assert messages == [
        "m.yaml:27: prioriteit 1 › indicator 1 › ref: verplicht veld ontbreekt",
        "m.yaml:29: prioriteit 1 › indicator 1 › series: onbekende reeks 'bestaat.niet'; "
        "'ivb series list' toont alle reeksen",
        "m.yaml:35: prioriteit 1 › indicator 1 › target_year: doeljaar 2099 valt buiten de beleidsperiode 2020-2023",
    ]


def test_only_counts_may_add_up():
    text = (POLICIES / "minimal.yaml").read_text() + """series:
  - key: eigen.tevredenheid
    name: Tevredenheid
    unit: percent
    aggregation: sum
    source: eigen enquête
"""
    messages = [p.render("m.yaml") for p in validate_text(text).problems]
    assert messages == ["m.yaml:41: reeks 1 › aggregation: een percentage kan niet worden opgeteld "
                        "(aggregation 'sum' hoort bij aantallen)"]


@pytest.mark.parametrize("word, code", [("aantal", "count"), ("Percentage", "percent"), ("rapportcijfer", "grade")])
def test_a_unit_written_in_words_names_its_code(word, code):
    text = LISSE.read_text(encoding="utf-8").replace("unit: count", f"unit: {word}", 1)
    validation = validate_text(text)
    assert [p.message for p in validation.problems][0].startswith(
        f"ongeldige waarde {word!r}; bedoelt u {code!r}? (de eenheid staat in het bestand als code); toegestaan: ")


@pytest.mark.parametrize("unit_line, value, message", [
    ("unit: grade", "value: 7.4\n", None),
    ("unit: grade", "value: 75\n", "een rapportcijfer (1–10) kan niet groter zijn dan 10 (gevonden: 75)"),
    ("unit: percent", "value: 8.6\n", None),
    ("unit: percent", "value: 170\n", "een percentage kan niet groter zijn dan 100 (gevonden: 170)"),
])
def test_a_target_the_unit_cannot_reach_is_refused_at_its_value(unit_line, value, message):
    """Walk T #1: a target of 170% and a rapportcijfer 75 passed validation and import, while the figure form
    refuses such values."""
    text = LISSE.read_text(encoding="utf-8")
    start = text.index(unit_line)
    at = text.index("value: ", text.index("target:", start))
    end = text.index("\n", at) + 1
    problems = [p.render("l.yaml") for p in validate_text(text[:at] + value + text[end:]).problems]
    line = text[:at].count("\n") + 1
    assert problems == ([] if message is None else [f"l.yaml:{line}: {_path(text, at)}: {message}"])


def _path(text: str, at: int) -> str:
    """The field path the validator names, found by validating the text with the value made a word."""
    end = text.index("\n", at)
    [problem] = validate_text(text[:at] + "value: geen-getal" + text[end:]).problems
    return problem.render("x").split(": ")[1]


def test_a_baseline_that_is_no_possible_figure_is_refused():
    text = (POLICIES / "minimal.yaml").read_text().replace("baseline: {year: 2018, value: 132}",
                                                            "baseline: {year: 2018, value: 132.5}")
    assert [p.render("m.yaml") for p in validate_text(text).problems] == [
        "m.yaml:33: prioriteit 1 › indicator 1 › baseline › value: een aantal moet een geheel getal zijn (gevonden: 132,5)"]


def test_a_number_with_a_decimal_comma_is_told_to_take_a_point():
    """Walk of 4 December: the figures template asks for "7,5", a policy file for 7.5."""
    text = (POLICIES / "minimal.yaml").read_text().replace("baseline: {year: 2018, value: 132}",
                                                            "baseline: {year: 2018, value: \"132,5\"}")
    assert [p.render("m.yaml") for p in validate_text(text).problems] == [
        "m.yaml:33: prioriteit 1 › indicator 1 › baseline › value: moet een getal zijn: schrijf 132.5 (met een punt; in "
        "het beleidsbestand is de punt het decimaalteken)"]


def test_a_decimal_comma_between_braces_is_told_to_take_a_point():
    """Walk AO: in "{…}" the comma of 132,5 separates fields, and the message spoke of a key 5 that must be text."""
    text = (POLICIES / "minimal.yaml").read_text().replace("baseline: {year: 2018, value: 132}",
                                                            "baseline: {year: 2018, value: 132,5}")
    assert [p.render("m.yaml") for p in validate_text(text).problems] == [
        "m.yaml:33: prioriteit 1 › indicator 1 › baseline: '132,5': tussen { } scheidt een komma de velden; schrijf "
        "132.5 (met een punt; in het beleidsbestand is de punt het decimaalteken)"]


def test_a_target_in_words_or_a_percentage_with_its_sign_is_shown_the_form():
    text = (POLICIES / "minimal.yaml").read_text()
    start = text.index("target:")
    line = text[start:text.index("\n", start)]
    words = [p.render("m.yaml") for p in validate_text(text.replace(line, "target: 10% minder dan in 2018")).problems]
    assert len(words) == 1 and "target: moet een blok met velden zijn, niet de tekst '10% minder dan in 2018'; " \
        'bijvoorbeeld {operator: "<", compare_to: baseline, change_percent: -10}' in words[0]
    sign = text.replace(line, 'target: {operator: "<", compare_to: baseline, change_percent: "-10%"}')
    assert [p.render("m.yaml").split(": ", 1)[1] for p in validate_text(sign).problems] == [
        "prioriteit 1 › indicator 1 › target › change_percent: moet een getal zijn: schrijf -10 (zonder het %-teken)"]


@pytest.mark.parametrize("text, line, problem", [
    ("title: 1\n ref: 2\n", 2, "'ref' springt 1 spatie verder in dan 'title' erboven en wordt zo als het vervolg van "
                               "die waarde gelezen; zet hem even ver in als 'title'"),
    ("a: 1\n b: 2\n", 2, "hier mag geen ':' staan; zet een tekst met een dubbele punt tussen aanhalingstekens"),
    ("a: tijd: 12\n", 1, "hier mag geen ':' staan; zet een tekst met een dubbele punt tussen aanhalingstekens"),
    ("a:\n  b: 1\n  rank 2\n  title: x\n", 3, "hier ontbreekt de ':' na een sleutel"),  # the key's line, not the next
    ("a:\n\tb: 1\n", 2, "een tab kan hier niet; spring in met spaties"),
    ("a: [1, 2\n", 2, "verwacht ',' of ']', maar er staat het einde van het bestand"),
    ("- a\nb: 1\n", 2, "verwacht het einde van een blok, maar er staat een sleutel"),
    ("a:\n  - b\n c: 1\n", 3, "verwacht het einde van een blok, maar er staat een nieuw blok (een sleutel met ':')"),
    ('a: "\\q"\n', 1, "onbekend teken 'q' na een backslash; gebruik enkele aanhalingstekens"),
    ("a: 1\n---\nb: 2\n", 2, "het bestand bevat meer dan één document ('---')"),
    ("%YAML 1.1\n%YAML 1.1\n---\na: 1\n", 2, "de regel '%YAML' staat er twee keer"),
    ("%YAML 2.0\n---\na: 1\n", 1, "het bestand vraagt om een YAML-versie die IVB niet leest ('%YAML')"),
])
def test_a_yaml_syntax_error_is_told_in_dutch_at_its_line(text, line, problem):
    """Walk T #5: "geen geldige YAML (expected ',' or ']', but got ':')" put PyYAML's English before a Dutch hint."""
    [found] = validate_text(text).problems
    assert found.render("b.yaml") == (f"b.yaml:{line}: geen geldige YAML ({problem}); controleer inspringing, "
                                      "aanhalingstekens en haakjes")


@pytest.mark.parametrize("character, words", [("\x00", "U+0000 (een onzichtbaar stuurteken)"),
                                              ("\x07", "U+0007 (een onzichtbaar stuurteken)"),
                                              ("\ufffe", "U+FFFE")])
def test_a_character_yaml_does_not_allow_is_named_at_its_line(character, words):
    """Review of 4 December: a NUL read "de opbouw van het bestand klopt hier niet", without a line."""
    [found] = validate_text(f"title: x\nperiod: {{start: 2024, end: 2027}}\nname: a{character}b\n").problems
    assert found.render("b.yaml") == (f"b.yaml:3: geen geldige YAML: het teken {words} kan niet in het bestand "
                                      "staan; haal het weg, bijvoorbeeld door de regel opnieuw te typen")


def test_an_unknown_tag_is_told_in_dutch():
    problems = [p.render("b.yaml") for p in validate_text("title: !foo x\n").problems]
    assert "b.yaml:1: title: waarde 'x' is niet te lezen (het label !foo wordt niet ondersteund; laat het weg)" in problems


@pytest.mark.parametrize("value, reason", [
    ("!!bool x", "geen ja/nee-waarde; schrijf true of false"), ("!!timestamp x", "geen bestaande datum; schrijf "
                                                                                 "bijvoorbeeld 2019-02-28"),
    ('!!int ""', "geen getal"), ("!!int _", "geen getal"), ("!!binary x", "past niet bij het label !!binary; laat het "
                                                                          "label weg"),
])
def test_a_value_pyyaml_cannot_construct_is_a_problem_never_a_crash(value, reason):
    """The review of 4 December: these raised KeyError, AttributeError and IndexError (a 500 on the upload page)."""
    problems = [p.render("b.yaml") for p in validate_text(f"title: {value}\n").problems]
    assert any(p.startswith("b.yaml:1: title: waarde ") and p.endswith(f"is niet te lezen ({reason})")
               for p in problems), problems


def test_a_skeleton_for_a_municipality_gone_before_the_period_is_refused_with_its_heir(capsys, tmp_path, reference):
    """Walk Y: `ivb policy new GM0398 2023-2026` wrote a skeleton for Heerhugowaard (in Dijk en Waard since 2022),
    which `validate` then refused."""
    out = tmp_path / "beleid.yaml"
    assert main(["policy", "new", "GM0398", "2023-2026", "-o", str(out)]) != 0
    assert ("Heerhugowaard (GM0398) bestond tot en met 31-12-2021; een beleid voor 2023–2026 hoort bij Dijk en Waard "
            "(GM1980)") in capsys.readouterr().err
    assert not out.exists()
    assert main(["policy", "new", "GM0398", "2019-2021", "-o", str(out)]) == 0  # its own last years


def test_a_value_out_of_range_is_explained_in_dutch():
    """Walk X: "…buiten het toegestane bereik (Input should be less than or equal to 2200)"."""
    from ivb.domain.policy import validate_text

    source = (POLICIES / "minimal.yaml").read_text().replace("period: {start: 2020, end: 2023}",
                                                            "period: {start: 2024, end: 2207}")
    messages = [p.message for p in validate_text(source).problems]
    assert any("ligt buiten het toegestane bereik (toegestaan: hoogstens 2200)" in m for m in messages), messages
    assert not any("Input should" in m for m in messages)


def test_a_date_that_does_not_exist_is_said_once():
    """Walk BQ: "waarde '2023-13-11' is niet te lezen (geen bestaande datum …)" and "moet een datum zijn" for one field."""
    text = Path(__file__).parents[1].joinpath("src/ivb/policies/lisse-2020-2023.yaml").read_text(encoding="utf-8")
    broken = text.replace("date: 2019-12-19", "date: 2019-13-19", 1)
    assert broken != text
    said = [p.render("b.yaml") for p in validate_text(broken).problems]
    assert len(said) == 1 and "waarde '2019-13-19' is niet te lezen (geen bestaande datum" in said[0], said
