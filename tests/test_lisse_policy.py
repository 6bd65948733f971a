"""The shipped Lisse policy says what the policy text says (spot checks against the source)."""

from ivb.policies import lisse_policy_text
from ivb.domain.policy import target_text, validate_text

policy = validate_text(lisse_policy_text()).policy
indicators = {ind.key: ind for _, ind in policy.all_indicators()}


def test_it_holds_the_adoption():
    assert policy.municipalities == ["GM0553"]
    assert policy.period.label == "2020-2023"
    [adoption] = policy.adoptions  # the file is version 1 (`adoption:`), upgraded on load
    assert (adoption.body, str(adoption.date), adoption.municipality) == ("gemeenteraad", "2019-12-19", None)
    assert adoption.legal_basis == "artikel 108 Gemeentewet"


def test_it_has_the_four_priorities_in_order_with_their_themes():
    assert [(p.rank, p.key, p.fields, p.themes) for p in policy.priorities] == [
        (1, "ondermijning", ["5"], ["5.2"]),
        (2, "woonoverlast", ["1"], ["1.1", "5.1"]),
        (3, "cybercrime", ["5"], ["5.4"]),
        (4, "jeugd", ["3"], ["3.1", "3.2", "3.3"]),
    ]


def test_it_has_the_five_strategic_principles():
    assert [p.name for p in policy.principles] == [
        "Strategische communicatie", "Integrale samenwerking", "Informatiedeling en -positie",
        "Signalering en preventie", "Oplossingsgericht werken"]


def test_the_general_objectives_have_their_targets():
    grade = indicators["rapportcijfer"]
    assert (grade.series, grade.target.operator, grade.target.value, grade.direction) == (
        "vm.rapportcijfer_veiligheid_buurt", ">=", 7, "higher_is_better")
    rank = indicators["misdaadmeter"]
    assert (rank.unit, rank.target.operator, rank.target.compare_to, rank.direction) == (
        "rank", ">=", "previous_year", "higher_is_better")
    assert target_text(rank) == "niet lager dan het voorgaande jaar, elk jaar t/m 2023"


def test_the_stated_targets_are_transcribed_with_their_signs():
    assert [(k, indicators[k].target.operator, indicators[k].target.value, indicators[k].target.inferred)
            for k in ("meldingen-woonoverlast", "meldingen-jeugdoverlast", "overlast-inwoners")] == [
        ("meldingen-woonoverlast", "<", 80, False),
        ("meldingen-jeugdoverlast", "<", 132, False),
        ("overlast-inwoners", "<", 8.6, False),
    ]


def test_every_lost_sign_is_marked_inferred_with_a_reason():
    inferred = {k for k, ind in indicators.items() if ind.target.inferred}
    assert inferred == {"signalen", "casussen", "bestuurlijke-waarschuwingen", "sluitingen",
                        "meldingen-aangiften", "slachtofferschap"}
    for key in inferred:
        target = indicators[key].target
        assert target.as_written.startswith("•") and len(target.inferred_reason) > 40
    assert "afgeleid" in target_text(indicators["signalen"])


def test_the_ondermijning_indicators_compare_with_the_2018_zero_measurement():
    for key in ("signalen", "casussen", "bestuurlijke-waarschuwingen", "sluitingen"):
        ind = indicators[key]
        assert (ind.baseline.year, ind.target.compare_to, ind.target_year) == (2018, "baseline", 2023)


def test_qualitative_targets_name_their_evidence():
    for key in ("bewustzijn", "evaluatie-samenwerking"):
        ind = indicators[key]
        assert ind.series is None and ind.unit == "qualitative" and ind.target.evidence


def test_partners_and_approach_lines_are_complete():
    by_key = {p.key: p for p in policy.priorities}
    assert len(by_key["ondermijning"].partners) == 7
    assert len(by_key["woonoverlast"].partners) == 9
    assert len(by_key["cybercrime"].partners) == 6
    assert len(by_key["jeugd"].partners) == 12
    assert [len(g.lines) for g in by_key["ondermijning"].approach] == [3, 7]
    assert [len(g.lines) for g in by_key["woonoverlast"].approach] == [6, 2]
    assert sum(len(g.lines) for g in by_key["cybercrime"].approach) == 6
    assert sum(len(g.lines) for g in by_key["jeugd"].approach) == 5


def test_every_object_cites_its_place_in_the_source():
    things = [policy.vision, *policy.principles, *policy.general_objectives, *policy.priorities,
              *policy.other_themes, *indicators.values()]
    assert all(thing.ref for thing in things)
    assert {t.key for t in policy.other_themes} >= {"woninginbraken", "huiselijk-geweld", "veiligheidsbeleving",
                                                    "brandveiligheid", "verkeersveiligheid", "crisisbeheersing"}
