"""Targets that are valid but probably mistyped are named on upload and check, never refused (walk BD)."""

from pathlib import Path

import pytest

from ivb.domain.observations import Point
from ivb.domain.periods import year
from ivb.domain.policy import Indicator
from ivb.domain.target_doubts import _far_doubt, _written_doubt


def indicator(value=None, as_written=None, change_percent=None, unit="count", scope="municipality"):
    target = {"operator": "<", "value": value, "as_written": as_written}
    if change_percent is not None:
        target = {"operator": "<", "compare_to": "baseline", "change_percent": change_percent, "as_written": as_written}
    data = {"key": "fiets", "name": "Fietsdiefstal (doel 2028)", "series": "politie.od.1.2.3", "unit": unit,
            "source": "Politie", "direction": "lower_is_better", "target": target, "target_year": 2028, "ref": "p. 3"}
    if change_percent is not None:
        data["baseline"] = {"year": 2024}
    if scope == "region":
        data |= {"scope": "region", "region_rule": "sum"}
    return Indicator.model_validate(data)


def test_it_doubts_a_number_its_own_words_do_not_hold():
    ind = indicator(6, "lager dan 60")
    assert _written_doubt(ind, ind.target) == (
        "Fietsdiefstal (doel 2028): het doel rekent met 6, maar zoals het in het beleid staat ('lager dan 60') komt dat "
        "getal er niet in voor; klopt het getal?")


@pytest.mark.parametrize("value, written, change", [
    (60, "lager dan 60", None), (1800, "minder dan 1.800 per jaar", None), (33.5, "hoogstens 33,5%", None),
    (None, "10% minder dan in 2024", -10), (60, "een halvering", None), (60, None, None),
    (60, "halvering ten opzichte van 2022", None), (60, "in 2027 minder dan zestig", None),  # a year is no target
    (None, "een kwart minder dan in 2023", -25), (7.5, "max. 7.5 per 1000", None), (1800, "max 1 800", None)])
def test_it_does_not_doubt_a_number_its_words_hold_or_words_without_a_number(value, written, change):
    ind = indicator(value, written, change)
    assert _written_doubt(ind, ind.target) is None


def test_it_doubts_a_count_target_far_from_the_newest_yearly_figure():
    latest = Point(year(2025), 172)
    high = indicator(1800)
    assert _far_doubt(high, high.target, latest, "Heerenveen") == (
        "Fietsdiefstal (doel 2028): het doel (1.800) is meer dan vijf keer het nieuwste jaarcijfer van Heerenveen (172 "
        "in 2025); klopt het getal?")
    low = indicator(17)
    assert "is minder dan een vijfde van het nieuwste jaarcijfer van Heerenveen (172 in 2025)" in _far_doubt(
        low, low.target, latest, "Heerenveen")


@pytest.mark.parametrize("ind, latest", [
    (indicator(160), Point(year(2025), 172)),  # near its level
    (indicator(860), Point(year(2025), 172)),  # five times exactly: an aim, not a typo
    (indicator(60), Point(year(2025), 4)),  # small counts move a lot from year to year
    (indicator(1), Point(year(2025), 12)),  # "lager dan 1" is none at all, which a policy may well want
    (indicator(1800, unit="percent"), Point(year(2025), 172)),  # only counts
    (indicator(1800, scope="region"), Point(year(2025), 172)),  # a region figure is not this municipality's
    (indicator(1800), None)])  # nothing stored yet
def test_it_does_not_doubt_what_may_be_meant(ind, latest):
    assert _far_doubt(ind, ind.target, latest, "Heerenveen") is None


JOINT = (Path(__file__).parent / "data" / "policies" / "joint-lisse-hillegom.yaml").read_text(encoding="utf-8")


def test_a_joint_plan_checks_each_municipality_against_its_own_target():
    """Review: Lisse's own target of 40 was doubted against the general 400 meant for Hillegom."""
    from ivb.domain.policy import validate_text
    from ivb.domain.target_doubts import doubts

    own = JOINT.replace('        scope: region\n        region_rule: sum\n        target: {operator: "<", value: 240}',
                        '        target: {operator: "<", value: 400}\n'
                        '        municipal_targets: {GM0553: {operator: "<", value: 40}}')
    assert own != JOINT
    policy = validate_text(own).policy
    names = {"GM0553": "Lisse", "GM0534": "Hillegom"}
    levels = {("GM0553", "politie.misdrijven"): Point(year(2019), 45), ("GM0534", "politie.misdrijven"): Point(year(2019), 350)}
    assert doubts(policy, levels, names) == []
    levels[("GM0534", "politie.misdrijven")] = Point(year(2019), 35)  # Hillegom's level far below its 400
    assert doubts(policy, levels, names) == [
        "Misdrijven in beide gemeenten samen: het doel (400) is meer dan vijf keer het nieuwste jaarcijfer van "
        "Hillegom (35 in 2019); klopt het getal?"]
    levels[("GM0553", "politie.misdrijven")] = Point(year(2019), 450)  # and Lisse far above its own 40
    both = doubts(policy, levels, names)
    assert len(both) == 2 and "het doel (40) is minder dan een vijfde van het nieuwste jaarcijfer van Lisse (450 in " \
        "2019)" in both[1]
