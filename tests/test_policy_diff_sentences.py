"""The differences between two versions of a policy in sentences, for the coordinator who confirms them."""

from pathlib import Path

from ivb.domain.policy import validate_text
from ivb.domain.policy_diff import sentences

DATA = Path(__file__).parent / "data" / "policies"
LISSE = (Path(__file__).parents[1] / "src" / "ivb" / "policies" / "lisse-2020-2023.yaml").read_text()
JOINT = (DATA / "joint-zuid-kennemerland.yaml").read_text()


def changed(text, *replacements):
    new = text
    for old, replacement in replacements:
        assert old in new, old
        new = new.replace(old, replacement)
    return sentences(validate_text(text).policy, validate_text(new).policy)


def test_the_same_policy_has_no_differences():
    assert changed(LISSE) == []


def test_a_target_is_said_before_and_after():
    assert changed(LISSE, ("value: 80\n", "value: 75\n")) == [
        "Prioriteit '(Woon)overlast en maatschappelijke onrust', indicator 'Meldingen (woon) overlast - aantal', "
        "doel lager dan 80 in 2023 → lager dan 75 in 2023"]


def test_a_municipalitys_own_target_a_removed_priority_and_a_changed_text():
    lines = changed(JOINT, ('GM0377: {operator: "<", value: 60}', 'GM0377: {operator: "<", value: 55}'),
                    ("Samen werken we", "Samen werken wij"),
                    ("  - key: zorg-en-veiligheid\n    rank: 3\n", "  - key: zorg-en-veiligheid\n    rank: 4\n"))
    assert lines == [
        "Visie, tekst: 'Samen werken we aan veilige kernen, buurten en stranden.' → "
        "'Samen werken wij aan veilige kernen, buurten en stranden.'",
        "Prioriteit 'Woninginbraak', indicator 'Woninginbraken', doel voor GM0377 lager dan 60 in 2027 → "
        "lager dan 55 in 2027",
        "Prioriteit 'Zorg en veiligheid', volgorde: 3 → 4"]


def test_new_and_removed_items_are_named_by_their_title():
    lines = changed(JOINT, ("  - key: zorg-en-veiligheid\n", "  - key: zorg\n"))
    assert lines == ["Prioriteit 'Zorg en veiligheid' vervalt", "Prioriteit 'Zorg en veiligheid' is nieuw"]
