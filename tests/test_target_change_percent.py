"""A target as a change from the baseline in percent ("20% minder woninginbraken in 2027 dan in 2023"): the
threshold follows the baseline figure, the words say the percentage, the baseline and the threshold."""

import re
from pathlib import Path

import pytest

from ivb.domain.observations import Point
from ivb.domain.periods import parse
from ivb.domain.policy import Indicator, target_text, validate_text
from ivb.domain.projection import Projection, chance_of
from ivb.domain.targets import evaluate

MINIMAL = (Path(__file__).parent / "data" / "policies" / "minimal.yaml").read_text()
TARGET_LINE = '        target: {operator: "<", value: 132}\n'


def indicator(change=-20, operator="<=", baseline=None, unit="count"):
    return Indicator.model_validate({
        "key": "woninginbraken", "name": "Woninginbraken", "series": "s", "unit": unit, "source": "Politie",
        "direction": "lower_is_better" if operator in ("<", "<=") else "higher_is_better",
        "baseline": baseline or {"year": 2023, "value": 134},
        "target": {"operator": operator, "compare_to": "baseline", "change_percent": change},
        "target_year": 2027, "ref": "test"})


def pts(*pairs):
    return [Point(parse(period), value) for period, value in pairs]


WORDS = "20% minder dan de 134 van 2023: hoogstens 107,2, dus 107 of minder"


def test_twenty_percent_fewer_than_a_stated_baseline_of_134_is_at_most_107_2():
    met = evaluate(indicator(), pts(("2023", 140), ("2027", 107)), 2027)
    assert (met.status, met.threshold) == ("behaald", 107.2)
    assert met.reason == f"107 in 2027; het doel was {WORDS}"
    missed = evaluate(indicator(), pts(("2023", 140), ("2027", 108)), 2027)
    assert (missed.status, missed.reason) == ("niet gehaald", f"108 in 2027; het doel was {WORDS}: niet gehaald")


def test_without_a_stated_value_the_series_figure_of_the_baseline_year_is_used_and_followed():
    ind = indicator(baseline={"year": 2023})
    provisional = evaluate(ind, pts(("2023", 134), ("2025", 120)), 2025)
    assert provisional.threshold == 107.2
    # 2023 and 2025 are no year and the next: no course is read from them (ADR 0036, amendment).
    assert provisional.reason == f"de laatste meting, 120 (2025), haalt het doel ({WORDS}) niet"
    nearer = evaluate(ind, pts(("2023", 134), ("2024", 120)), 2024)
    assert (nearer.status, nearer.reason) == (
        "risico", f"de laatste meting, 120 (2024), haalt het doel ({WORDS}) nog niet, maar ligt er dichter bij dan "
                  "134 (2023); voor een verwachting tot 2027 zijn er te weinig metingen")
    # The definitive figure for 2023 is 150: the target follows, 20% fewer is 120.
    definitive = evaluate(ind, pts(("2023", 150), ("2025", 120)), 2025)
    assert definitive.threshold == 120
    assert definitive.status == "op koers"
    assert "20% minder dan de 150 van 2023: hoogstens 120)" in definitive.reason
    assert target_text(ind, base=150) == "20% minder dan de 150 van 2023: hoogstens 120, in 2027"
    # Before the baseline year is measured: the percentage and the year, and no figure yet.
    assert evaluate(ind, pts(("2022", 134)), 2022).reason == "de nulmeting is van 2023, na 2022"  # walk BK
    assert evaluate(ind, pts(("2022", 134)), 2024).reason == "er is geen cijfer voor de nulmeting (2023)"
    assert target_text(ind) == "20% minder dan in 2023, in 2027"


def test_the_words_in_english():
    from ivb.domain.i18n import use

    with use("en"):
        reason = evaluate(indicator(), pts(("2023", 140), ("2027", 108)), 2027).reason
        assert target_text(indicator(change=-7.5, operator="<")) == \
            "7.5% less than the 134 of 2023: lower than 123.95, so 123 or fewer, in 2027"
    assert "20% less than the 134 of 2023: at most 107.2, so 107 or fewer" in reason


def test_the_threshold_has_no_float_noise():
    # 150 x 0.7 in floating point is 104.99999999999999: a count of 105 would miss "hoogstens 105".
    ind = indicator(change=-30, baseline={"year": 2023, "value": 150})
    assert evaluate(ind, pts(("2027", 105)), 2027).status == "behaald"


def test_a_rise_and_other_units_in_words():
    ind = indicator(change=10, operator=">=", baseline={"year": 2023, "value": 60}, unit="percent")
    assert target_text(ind) == "10% meer dan de 60% van 2023: minstens 66%, in 2027"
    assert evaluate(ind, pts(("2027", 66)), 2027).status == "behaald"


@pytest.mark.parametrize("operator,threshold,last_meeting", [
    ("<", 107.2, 107), ("<=", 107.2, 107), ("<", 107, 106), ("<=", 107, 107),
    (">", 107.2, 108), (">=", 107.2, 108), (">", 107, 108), (">=", 107, 107),
])
def test_the_chance_of_a_whole_count_against_a_broken_threshold(operator, threshold, last_meeting):
    # A count is whole: "lager dan 107,2" means 107 or fewer, so the boundary lies half-way, at 107.5. A projection
    # certain of one count (tiny spread) meets the target exactly for the counts that do.
    for count in (last_meeting - 1, last_meeting, last_meeting + 1):
        p = Projection(2027, count, count, count, sd=0.01)
        wants_lower = operator in ("<", "<=")
        meets = count <= last_meeting if wants_lower else count >= last_meeting
        assert chance_of(p, operator, threshold) == pytest.approx(float(meets), abs=1e-6), count
    # Half-way: a normal centred on 107.5 has an even chance either side.
    assert chance_of(Projection(2027, 107.5, 100, 115, sd=5), operator, 107.2) == pytest.approx(0.5)


def policy_with(target: str, baseline: str = "{year: 2018, value: 132}") -> str:
    text = MINIMAL.replace(TARGET_LINE, f"        target: {target}\n")
    return text.replace("baseline: {year: 2018, value: 132}", f"baseline: {baseline}")


def problems(target: str, baseline: str = "{year: 2018, value: 132}") -> list[str]:
    validation = validate_text(policy_with(target, baseline))
    return [p.render("beleid.yaml") for p in validation.problems]


def test_a_valid_change_is_accepted():
    assert validate_text(policy_with('{operator: "<", compare_to: baseline, change_percent: -20}')).ok
    assert validate_text(policy_with('{operator: "<", compare_to: baseline, change_percent: -7.5}', "{year: 2018}")).ok


WHERE = "beleid.yaml:34: prioriteit 1 › indicator 1 › target › change_percent: "


@pytest.mark.parametrize("target,message", [
    ('{operator: "<", change_percent: -20}',
     "een verandering in procenten (change_percent) is een verandering ten opzichte van de nulmeting: zet er "
     "compare_to: baseline bij"),
    ('{operator: "<", compare_to: previous_year, change_percent: -20}',
     "een verandering in procenten (change_percent) is een verandering ten opzichte van de nulmeting: zet er "
     "compare_to: baseline bij"),
    ('{operator: "<", compare_to: baseline, change_percent: -100}',
     "change_percent -100: een daling van 100% of meer laat niets over; een daling is een getal tussen -100 en 0 "
     "(20% minder: -20)"),
    ('{operator: "<", compare_to: baseline, change_percent: 20}',
     "change_percent 20 (20% meer dan de nulmeting) past niet bij operator '<' (lager is het doel); bedoelt u 20% "
     "minder, schrijf dan change_percent: -20. Een grens aan een stijging, zoals 'hoogstens 10% meer', geeft u als "
     "getal (value)"),
])
def test_the_refusals_name_the_line_and_the_field(target, message):
    assert problems(target) == [WHERE + message]


def test_a_change_and_a_value_together_are_refused():
    found = problems('{operator: "<", value: 107, change_percent: -20}')
    assert WHERE + "een doel heeft een getal (value) of een verandering in procenten (change_percent), niet " \
                   "allebei: laat er een weg" in found
    assert len(found) == 1


def test_a_fall_for_a_higher_is_better_target_is_refused():
    text = policy_with('{operator: ">=", compare_to: baseline, change_percent: -7.5}').replace(
        "direction: lower_is_better", "direction: higher_is_better")
    assert [p.render("beleid.yaml") for p in validate_text(text).problems] == [
        WHERE + "change_percent -7.5 (7,5% minder dan de nulmeting) past niet bij operator '>=' (hoger is het doel); "
                "bedoelt u 7,5% meer, schrijf dan change_percent: 7.5. Een grens aan een daling, zoals 'hoogstens "
                "10% minder', geeft u als getal (value)"]


def test_upgrading_a_version_1_file_keeps_the_change():
    from ivb.domain.policy_upgrade import upgrade_text

    result = upgrade_text(policy_with('{operator: "<", compare_to: baseline, change_percent: -20}'))
    assert not result.problems and not result.comments_lost
    assert 'target: {operator: "<", compare_to: baseline, change_percent: -20}' in result.text
    (_, upgraded), = validate_text(result.text).policy.all_indicators()
    assert upgraded.target.change_percent == -20


def test_the_schema_has_the_field():
    from ivb.domain.policy import json_schema

    field = json_schema()["$defs"]["Target"]["properties"]["change_percent"]
    assert "baseline value x (1 + change_percent/100)" in field["description"]


@pytest.mark.django_db
def test_the_indicator_page_and_its_text_say_the_change(client, demo, lisse_reader):
    from ivb.domain.policy import Policy
    from ivb.store.policies import import_policy
    from ivb.policies import lisse_policy_text

    text = lisse_policy_text().replace(
        "          value: 132\n          ref: \"§2 tabel\"\n          note: 132 is het cijfer over 2018 in de tabel van §2.\n"
        "        target:\n          operator: \"<\"\n          value: 132\n",
        "          ref: \"§2 tabel\"\n        target:\n          operator: \"<\"\n          compare_to: baseline\n"
        "          change_percent: -20\n")
    validation = validate_text(text)
    assert validation.ok, validation.problems
    assert isinstance(validation.policy, Policy)
    import_policy(validation.policy, filename="lisse.yaml", actor_name="test")
    client.force_login(lisse_reader)
    response = client.get("/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/")
    page = re.sub(r"\s+", " ", response.content.decode())
    # The series' 2018 figure is 132: 20% fewer is 105,6, so 105 or fewer.
    words = "20% minder dan de 132 van 2018: lager dan 105,6, dus 105 of minder"
    assert f"Doel: {words}, in 2023." in page
    assert f"kans dat het doel ({words}) gehaald wordt" in page

    # The same words in the JSON picture and in the report (PDF and DOCX are made from its content).
    from ivb.report.content import build
    from ivb.store.models import Area
    from ivb.store.picture import cached_picture

    lisse = Area.objects.get(code="GM0553")
    shown = {i.key: i for i in cached_picture(lisse, 2019).indicators}["meldingen-jeugdoverlast"]
    assert shown.target == f"{words}, in 2023"
    indicator_json = next(i for p in shown_json(cached_picture(lisse, 2019)) for i in p["indicatoren"]
                          if i["sleutel"] == "meldingen-jeugdoverlast")
    assert indicator_json["doel"] == f"{words}, in 2023" and words in indicator_json["reden"]
    # The policy page works it out too (walk BH: "20% minder dan in 2022" there, the number on every other page).
    policy_page = re.sub(r"\s+", " ", client.get("/gemeente/GM0553/beleid/").content.decode())
    assert f"{words}, in 2023" in policy_page
    # The number itself for a script (walk BH: 124 only inside a sentence).
    assert (indicator_json["doel_grens"], indicator_json["doel_vergelijking"]) == (105.6, "<")
    content = build(lisse, 2019)
    report = {i["name"]: i for _title, items, _note in content.priorities for i in items}[
        "Meldingen jeugdoverlast - aantal"]
    assert report["target"] == f"{words}, in 2023" and words in report["reason"]


def shown_json(picture):
    return picture.to_dict()["prioriteiten"]


def test_the_policy_diff_says_the_target_before_and_after():
    from ivb.domain.policy_diff import sentences

    old = validate_text(policy_with('{operator: "<", compare_to: baseline, change_percent: -20}')).policy
    new = validate_text(policy_with('{operator: "<", compare_to: baseline, change_percent: -25}')).policy
    assert sentences(old, new) == [
        "Prioriteit 'Jeugd en veiligheid', indicator 'Meldingen jeugdoverlast', doel 20% minder dan de 132 van 2018: "
        "lager dan 105,6, dus 105 of minder, in 2023 → 25% minder dan de 132 van 2018: lager dan 99, in 2023"]



def test_a_target_of_the_baseline_itself_says_the_baseline_figure():
    """Walk BC: "in 2026 hoogstens het cijfer van 2024 (de nulmeting)" gave no number to compare with."""
    same = Indicator.model_validate({
        "key": "geweld", "name": "Geweld", "series": "s", "unit": "count", "source": "Politie",
        "direction": "lower_is_better", "baseline": {"year": 2024},
        "target": {"operator": "<=", "compare_to": "baseline"}, "target_year": 2026, "ref": "test"})
    assert target_text(same) == "in 2026 hoogstens het cijfer van 2024 (de nulmeting)"
    assert target_text(same, base=73) == "in 2026 hoogstens het cijfer van 2024 (de nulmeting: 73)"
