"""The domain behind the dashboard's first screen: the newest figure across linked series, a priority's status,
the sentence counting its indicators, and the summary the report and the dashboard share."""

from dataclasses import dataclass, field, replace

from ivb.domain.observations import Point
from ivb.domain.overview import count_sentence, newest_figure, summary, tiles
from ivb.domain.periods import parse


@dataclass
class S:  # the parts of a SeriesPicture the overview reads
    key: str
    points: list
    source: str = ""
    name: str = ""
    unit: str = "count"
    verdict: str = "stable"

    @property
    def latest(self):
        return self.points[-1] if self.points else None


@dataclass
class P:  # the parts of a SafetyPicture the overview reads
    series: list
    links: dict = field(default_factory=dict)


def pt(period, value, source=""):
    return Point(parse(period), value, source=source)


def test_it_takes_the_newest_figure_from_a_linked_series():
    own = S("politie.woninginbraken", [pt("2018", 30), pt("2019-tm09", 21)], "Politie")
    linked = S("politie.od.1.1.1", [pt("2018", 30), pt("2023", 24)], "Politie (via CBS)")
    figure = newest_figure(P([own, linked], {own.key: [linked.key]}), own)
    assert (figure.point.value, figure.point.period.code, figure.source, figure.linked) == (24, "2023", "Politie (via CBS)", True)


def test_on_the_same_period_the_own_figure_wins_and_a_whole_year_beats_part_of_it():
    own = S("a", [pt("2019", 40)])
    linked = S("b", [pt("2019", 42)])
    assert newest_figure(P([own, linked], {"a": ["b"]}), own).point.value == 40
    own = S("a", [pt("2019-tm09", 21)])
    assert newest_figure(P([own, linked], {"a": ["b"]}), own).point.value == 42


def test_without_figures_there_is_no_figure():
    assert newest_figure(P([]), None) is None
    assert newest_figure(P([S("a", [])], {"a": ["b"]}), S("a", [])) is None


def test_the_count_sentence_names_every_status_worst_first():
    assert count_sentence(["op koers", "niet te beoordelen", "niet op koers", "niet te beoordelen"]) == \
        "4 indicatoren: 1 niet op koers, 1 op koers, 2 niet te beoordelen."
    assert count_sentence(["gevolgd"]) == "1 indicator: 1 gevolgd zonder doel."


def test_a_priority_takes_the_status_and_figure_of_its_worst_indicator(demo):
    from ivb.store.models import Area
    from ivb.store.picture import cached_picture

    picture = cached_picture(Area.objects.get(code="GM0553"), 2019)
    found = {t.title: t for t in tiles(picture)}
    jeugd = found["Jeugd en Veiligheid"]
    assert (jeugd.status, jeugd.figure_name, jeugd.figure.point.value) == ("risico", "Meldingen jeugdoverlast - aantal", 81)
    assert found["(Woon)overlast en maatschappelijke onrust"].status == "risico"  # 30% (ADR 0058)
    assert found["Ondermijning – (georganiseerde) ondermijnende criminaliteit"].figure is None
    improved, attention = summary(picture)
    assert "Misdrijven (2014–2019)" in improved  # with the years of its trend: the baseline is named
    # Worst first: woonoverlast risico with a 30% chance, jeugdoverlast risico with 66% (ADR 0027, 0058).
    assert attention[-2:] == ["Meldingen (woon) overlast - aantal", "Meldingen jeugdoverlast - aantal"]


@dataclass
class Judged:  # the parts of a SafetyPicture the summary reads
    policy_series: list
    monitored: list
    links: dict = field(default_factory=dict)
    indicators: list = field(default_factory=list)
    year: int = 2024

    @property
    def series(self):
        return [*self.policy_series, *self.monitored]


@dataclass
class TargetStatus:
    status: str
    about: int | None = None
    projection: object | None = None


@dataclass
class Definition:  # the policy's indicator
    direction: str = "lower_is_better"


@dataclass
class Indicator:  # the parts of an IndicatorPicture the summary reads
    key: str
    name: str
    series: S | None
    status: TargetStatus
    indicator: Definition = field(default_factory=Definition)


def indicator(name, series, status, direction="lower_is_better"):
    return Indicator(name.lower(), name, series, TargetStatus(status), Definition(direction))


def test_the_summary_names_a_linked_series_once_and_in_attention_when_the_two_disagree():
    own = S("politie.woninginbraken", [pt("2019", 42)], name="Woninginbraken", verdict="falling")
    linked = S("politie.od.1.1.1", [pt("2023", 24)], name="Woninginbraak", verdict="falling")
    other = S("politie.od.2.2.1", [pt("2023", 50)], name="Vernieling", verdict="falling")
    improved, attention = summary(Judged([own], [linked, other], {own.key: [linked.key]}))
    assert (improved, attention) == (["Woninginbraken", "Vernieling"], [])
    linked.verdict = "rising"  # the open data now says otherwise: one thing still, and a rise needs attention
    improved, attention = summary(Judged([own], [linked, other], {own.key: [linked.key]}))
    assert (improved, attention) == (["Vernieling"], ["Woninginbraken"])


def test_a_thing_is_judged_by_the_series_its_row_shows():
    # Walk V: "Verbeterd: Woninginbraken (2014–2019)" above the row "34 (2020) → stabiel" of the linked open data.
    own = S("politie.woninginbraken", [pt("2019-tm09", 21)], name="Woninginbraken", verdict="falling")
    linked = S("politie.od.1.1.1", [pt("2020", 34)], name="Woninginbraak", verdict="stable")
    for indicators in ([], [indicator("Woninginbraken", own, "niet te beoordelen")]):
        assert summary(Judged([own], [linked], {own.key: [linked.key]}, indicators, 2020)) == ([], [])


def test_the_summary_leaves_out_a_trend_that_ended_years_before_the_page():
    # Lisse's own burglary figures end in 2019: their fall is not news on the page of 2025.
    own = S("politie.woninginbraken", [pt("2019", 42)], name="Woninginbraken", verdict="falling")
    assert summary(Judged([own], [], year=2025)) == ([], [])
    assert summary(Judged([own], [], year=2020)) == (["Woninginbraken"], [])


def zandvoort():
    """A policy measuring by the monitored open-data series themselves, under its own names (as Zandvoort's)."""
    burglary = S("politie.od.1.1.1", [pt("2024", 20)], name="Woninginbraak", verdict="falling")
    assault = S("politie.od.1.4.5", [pt("2024", 60)], name="Mishandeling", verdict="falling")
    threat = S("politie.od.1.4.4", [pt("2024", 30)], name="Bedreiging", verdict="falling")
    bikes = S("politie.od.1.2.3", [pt("2024", 150)], name="Fietsdiefstal (ook brom- en snorfietsen)", verdict="rising")
    sheds = S("politie.od.1.1.2", [pt("2024", 9)], name="Diefstal/inbraak box/garage/schuur (politie open data, "
              "misdrijven)", verdict="falling")
    shops = S("politie.od.2.5.1", [pt("2024", 12)], name="Inbraak bij bedrijven en instellingen", verdict="falling")
    cyber = S("politie.od.3.7.4", [pt("2024", 40)], name="Cybercrime", verdict="rising")
    indicators = [indicator("Woninginbraken", burglary, "niet op koers"),
                  indicator("Inbraken in box, garage of schuur", sheds, "gevolgd"),
                  indicator("Mishandelingen", assault, "risico"), indicator("Bedreigingen", threat, "op koers"),
                  indicator("Diefstal van brom-, snor- en fietsen", bikes, "niet op koers")]
    return Judged([sheds], [burglary, assault, threat, bikes, shops, cyber], indicators=indicators)


def test_the_summary_names_each_thing_once_by_the_policys_name_and_never_in_both_lists():
    improved, attention = summary(zandvoort())
    # Burglaries fell, but too slowly for the target: attention, not improved. Off course first, then at risk,
    # then a rise without a target.
    assert attention == ["Woninginbraken", "Diefstal van brom-, snor- en fietsen", "Mishandelingen", "Cybercrime"]
    assert improved == ["Inbraken in box, garage of schuur", "Bedreigingen", "Inbraak bij bedrijven en instellingen"]
    assert not set(improved) & set(attention)


def test_a_series_without_an_indicator_is_named_without_its_source_in_brackets():
    picture = zandvoort()
    picture.indicators = [i for i in picture.indicators if i.name != "Inbraken in box, garage of schuur"]
    improved, _attention = summary(picture)
    assert improved == ["Bedreigingen", "Diefstal/inbraak box/garage/schuur", "Inbraak bij bedrijven en instellingen"]


def test_a_count_the_policy_wants_higher_improves_when_it_rises():
    checks = S("gemeente.controles", [pt("2024", 80)], name="Controles", verdict="rising")
    picture = Judged([checks], [], indicators=[indicator("Controles in het uitgaansgebied", checks, "op koers",
                                                         "higher_is_better")])
    assert summary(picture) == (["Controles in het uitgaansgebied"], [])
    checks.verdict = "falling"
    assert summary(picture) == ([], ["Controles in het uitgaansgebied"])


def test_the_summary_names_the_targets_met_unless_they_need_attention():
    from ivb.domain.overview import achieved

    burglary = S("politie.woninginbraken", [pt("2024", 20)], name="Woninginbraken", verdict="stable")
    violence = S("politie.geweld", [pt("2024", 60)], name="Geweld", verdict="rising")
    picture = Judged([burglary, violence], [], indicators=[
        indicator("Woninginbraken", burglary, "behaald"), indicator("Geweld", violence, "behaald"),
        indicator("Overlast", None, "niet gehaald")])
    assert achieved(picture) == ["Woninginbraken"]  # geweld met its target but rose: under attention only
    # …with the reason it is there (walk BP)
    assert summary(picture)[1] == ["Overlast", "Geweld (doel behaald, maar het aantal gaat de verkeerde kant op)"]


def test_the_count_sentence_names_the_new_statuses_worst_first():
    assert count_sentence(["behaald", "niet gehaald", "binnen de marge", "op koers"]) == \
        "4 indicatoren: 1 niet gehaald, 1 binnen de marge, 1 op koers, 1 behaald."


def test_a_priority_with_a_target_reads_by_its_target_not_gevolgd():
    """Walk U: a priority holding one followed indicator and one target that could not be judged yet read
    "gevolgd", as if it had no target."""
    from types import SimpleNamespace

    def item(status):
        return SimpleNamespace(status=SimpleNamespace(status=status, projection=None, about=None), series=None, name=status, unit="count")

    picture = SimpleNamespace(objectives=[], priority_notes={}, series=[], links={},
                              priorities=[("p", "Prioriteit", [item("gevolgd"), item("niet te beoordelen")]),
                                          ("q", "Alleen gevolgd", [item("gevolgd"), item("gevolgd")])])
    found = {t.key: t for t in tiles(picture)}
    assert found["p"].status == "niet te beoordelen"
    assert found["p"].sentence == "2 indicatoren: 1 gevolgd zonder doel, 1 niet te beoordelen."
    assert found["q"].status == "gevolgd"


def test_two_targets_the_policy_named_apart_on_one_series_are_two_things():
    """Walk AK: a second, stricter target on the same series (0%) put the first one's name under "Vraagt aandacht",
    beside its own row reading "op koers" (99%)."""
    from ivb.domain.overview import on_course

    overlast = S("gemeente.overlast", [pt("2024", 400)], name="Overlast", verdict="stable")
    picture = Judged([overlast], [], indicators=[indicator("Meldingen overlast", overlast, "op koers"),
                                                 indicator("Overlast, streng doel", overlast, "niet op koers")])
    assert summary(picture) == ([], ["Overlast, streng doel"])
    assert on_course(picture) == ["Meldingen overlast"]


def test_a_tile_says_a_target_settled_by_the_months_counted_as_a_result_not_a_chance():
    """Walk BC: "niet op koers … kans 0%" beside 40 counted to October against "lager dan 40" read as a course."""
    from dataclasses import replace
    from types import SimpleNamespace

    from ivb.domain.overview import _chance_sentence
    from ivb.domain.projection import Projection
    from ivb.domain.targets import TargetStatus
    from ivb.domain.vocabulary import Status

    counted = Projection(2026, 50, 46, 55, known=40, from_data_until="2026 t/m oktober")

    def said(chance, status):
        projection = replace(counted, chance_shown=chance)
        return _chance_sentence(SimpleNamespace(name="Woninginbraken", status=TargetStatus(status, "", 40, projection),
                                                indicator=SimpleNamespace(target=SimpleNamespace(operator="<"))))

    assert said(0.0, Status.OFF_TRACK) == (" Woninginbraken: in 2026 t/m oktober al 40, dus het doel van 2026 is niet "
                                           "meer te halen.")
    assert said(1.0, Status.ON_TRACK).endswith("dus het doel van 2026 is al gehaald.")
    assert said(0.34, Status.AT_RISK) == " Woninginbraken: kans 34% dat het doel in 2026 gehaald wordt."


def test_a_tile_says_a_target_no_count_can_meet_is_not_settled_by_the_months():
    # Review of walk BF: "lager dan de 0 van 2025" read "in 2026 t/m maart al 0, dus het doel … niet meer te halen".
    from types import SimpleNamespace

    from ivb.domain.overview import _chance_sentence
    from ivb.domain.projection import Projection
    from ivb.domain.targets import TargetStatus
    from ivb.domain.vocabulary import Status

    projection = Projection(2026, 0.6, 0, 2, known=0, from_data_until="2026 t/m maart", chance_shown=0.0)
    tile = SimpleNamespace(name="Explosies", status=TargetStatus(Status.OFF_TRACK, "", 0, projection),
                           indicator=SimpleNamespace(target=SimpleNamespace(operator="<")))
    assert _chance_sentence(tile) == (" Explosies: een aantal kan niet onder 0 komen, dus het doel van 2026 is niet te "
                                      "halen.")


def test_a_tile_says_how_such_chances_held_where_their_class_missed():
    # Walk BE: the dashboard printed "kans 8%" where the page adds that such chances came true 12% of the time.
    from types import SimpleNamespace

    from ivb.domain.calibration import HeldChance
    from ivb.domain.overview import _chance_sentence
    from ivb.domain.projection import Projection
    from ivb.domain.targets import TargetStatus
    from ivb.domain.vocabulary import Status

    projection = Projection(2027, 578, 410, 786, chance_shown=0.08, held=HeldChance(0.0, 0.1, 0.1178, 2019, 2024))
    tile = SimpleNamespace(name="Fietsdiefstal", status=TargetStatus(Status.OFF_TRACK, "", 391.2, projection),
                           indicator=SimpleNamespace(target=SimpleNamespace(operator="<=")))
    assert _chance_sentence(tile) == (" Fietsdiefstal: kans 8% dat het doel in 2027 gehaald wordt (bij de toets kwamen "
                                      "zulke kansen in 12% van de gevallen uit).")


def test_a_priority_shows_no_figure_of_an_indicator_that_does_not_set_its_status():
    """Walk BL: "niet te beoordelen", set by a target in words, stood beside the figure and trend of Drugshandel,
    followed without a target: it read as "drugshandel: niet te beoordelen"."""
    from types import SimpleNamespace

    drugs = S("politie.drugshandel", [pt("2025", 67)], name="Drugshandel")
    words = SimpleNamespace(status=SimpleNamespace(status="niet te beoordelen", projection=None, about=None), series=None,
                            name="Ondermijningsbeeld", unit="qualitative")
    followed = SimpleNamespace(status=SimpleNamespace(status="gevolgd", projection=None, about=None), series=drugs,
                               name="Drugshandel", unit="count")
    picture = SimpleNamespace(objectives=[], priority_notes={}, series=[drugs], links={},
                              priorities=[("o", "Ondermijning", [followed, words])])
    (tile,) = tiles(picture)
    assert (tile.status, tile.figure, tile.figure_name) == ("niet te beoordelen", None, "Ondermijningsbeeld")
    # With a figure of its own the indicator setting the status shows it.
    counted = SimpleNamespace(status=SimpleNamespace(status="niet te beoordelen", projection=None, about=None), series=drugs,
                              name="Drugshandel, doel", unit="count")
    picture.priorities = [("o", "Ondermijning", [words, counted])]
    (tile,) = tiles(picture)
    assert tile.figure.point.value == 67 and tile.figure_name == "Drugshandel, doel"


def test_a_status_says_which_year_it_is_about_where_its_figure_does_not():
    """Walk BL: "niet op koers" beside "7,0 · 2025" was about the 2027 target, and "behaald" of a target against the
    year before read as the policy's goal reached."""
    from types import SimpleNamespace

    from ivb.domain.overview import achieved, status_note
    from ivb.domain.policy import Target

    def item(status, about, compare_to=None):
        target = Target(operator="<", compare_to=compare_to) if compare_to else Target(operator=">=", value=7.3)
        return SimpleNamespace(status=SimpleNamespace(status=status, projection=None, about=about),
                               indicator=SimpleNamespace(target=target))

    grade = pt("2025", 7.0)
    assert status_note(item("niet op koers", 2027), grade) == "voor 2027"
    assert status_note(item("niet op koers", 2025), grade) == ""  # the figure says it
    assert status_note(item("behaald", 2025), grade) == ""
    assert status_note(item("behaald", 2025, "previous_year"), pt("2025", 212)) == "over 2025"  # every year
    assert status_note(item("niet gehaald", 2023), grade) == "over 2023"
    assert status_note(item("niet te beoordelen", None), grade) == ""
    # A result on a provisional figure may still turn (walk BN), said where there is room; a tile keeps one line.
    provisional = Point(parse("2025"), 1, status="voorlopig")
    assert status_note(item("niet gehaald", 2025, "previous_year"), provisional) == "over 2025, voorlopig cijfer"
    assert status_note(item("niet gehaald", 2025), provisional) == "voorlopig cijfer"
    assert status_note(item("niet gehaald", 2025, "previous_year"), provisional, short=True) == "over 2025"
    assert status_note(item("op koers", 2025), provisional) == ""  # a course is no result
    # The summary names the year a target against the year before was met in.
    assault = S("politie.mishandeling", [pt("2025", 212)], name="Mishandelingen", verdict="stable")
    met = Indicator("mishandelingen", "Mishandelingen", assault, TargetStatus("behaald", 2025),
                    SimpleNamespace(direction="lower_is_better", target=Target(operator="<", compare_to="previous_year")))
    assert achieved(Judged([assault], [], indicators=[met])) == ["Mishandelingen (over 2025)"]


def test_a_target_met_beside_a_count_going_the_wrong_way_says_both():
    """Walk BP: "Mishandelingen · behaald (over 2025)" in the table and "Vraagt aandacht: Mishandelingen" above it read
    as a contradiction; both are true, and the summary now says why it needs attention."""
    from types import SimpleNamespace

    from ivb.domain.overview import achieved, summary
    from ivb.domain.policy import Target

    assault = S("politie.mishandeling", [pt("2024", 470), pt("2025", 458)], name="Mishandelingen", verdict="rising")
    met = Indicator("mishandelingen", "Mishandelingen", assault, TargetStatus("behaald", 2025),
                    SimpleNamespace(direction="lower_is_better", target=Target(operator="<", compare_to="previous_year")))
    improved, attention = summary(Judged([assault], [], indicators=[met]))
    assert attention == ["Mishandelingen (doel behaald, maar het aantal gaat de verkeerde kant op)"] and not improved
    assert achieved(Judged([assault], [], indicators=[met])) == []  # named once, where the reason is


def test_a_priority_shows_the_indicator_with_the_lowest_chance_among_those_setting_its_status():
    """Noticed on 6 December: with two indicators "risico", the tile showed the first in the policy's order
    (a 60% chance) and not the one with 25%, which is what a council member needs to see."""
    from types import SimpleNamespace

    from ivb.domain.projection import Projection
    from ivb.domain.targets import TargetStatus
    from ivb.domain.vocabulary import Status

    def at_risk(name, value, chance):
        series = S(f"gemeente.{name}", [pt("2025", value)], name=name)
        projection = Projection(2026, value, value * 0.8, value * 1.2, chance_shown=chance)
        return series, SimpleNamespace(status=TargetStatus(Status.AT_RISK, "", value, projection), series=series,
                                       name=name, unit="count", indicator=SimpleNamespace(target=None))

    (first, better), (second, worse) = at_risk("Overlast", 400, 0.6), at_risk("Vernielingen", 90, 0.25)
    picture = SimpleNamespace(objectives=[], priority_notes={}, series=[first, second], links={},
                              priorities=[("p", "Leefbaarheid", [better, worse])])
    (tile,) = tiles(picture)
    assert (tile.status, tile.figure_name, tile.figure.point.value) == ("risico", "Vernielingen", 90)
    assert "Vernielingen: kans 25% dat het doel in 2026 gehaald wordt." in tile.sentence
    # Without chances the policy's order stands.
    better.status = TargetStatus(Status.AT_RISK, "", 400, None)
    worse.status = TargetStatus(Status.AT_RISK, "", 90, None)
    (tile,) = tiles(picture)
    assert tile.figure_name == "Overlast"


def test_a_target_on_course_from_a_class_of_chances_that_missed_says_so_in_the_summary_and_its_row():
    """Walk CC: Utrecht's "Moord en doodslag" read "op koers … kans 93%" in the dashboard row, the report's table and
    its "Op koers" list; only the page and the tile added that such chances came true 66% of the time."""
    from ivb.domain.calibration import HeldChance
    from ivb.domain.overview import _chance_sentence, on_course, status_note
    from ivb.domain.projection import Projection

    murders = S("politie.od.1.4.1", [pt("2025", 60)], name="Moord en doodslag")
    held = Projection(2027, 51, 36, 70, chance=0.93, chance_shown=0.93, held=HeldChance(0.9, 1.0, 0.6594, 2019, 2024))
    sure = indicator("Moord en doodslag", murders, "op koers")
    sure = replace(sure, status=TargetStatus("op koers", 2027, held))
    picture = Judged([murders], [], indicators=[sure])
    # Walk CE: 66% would be "risico": the list says the status follows the chance as computed (ADR 0027).
    assert on_course(picture) == [
        "Moord en doodslag (kans 93%; bij de toets kwamen zulke kansen in 66% van de gevallen uit; de stand volgt de "
        "berekende kans)"]
    assert status_note(sure, murders.points[-1]).endswith(
        "kans 93%; bij de toets kwamen zulke kansen in 66% van de gevallen uit; de stand volgt de berekende kans")
    sentence = _chance_sentence(sure)
    assert sentence.endswith("(bij de toets kwamen zulke kansen in 66% van de gevallen uit; de stand volgt de "
                             "berekende kans).")
    # Where such chances came true often enough for the same status, nothing more is said.
    same = replace(sure, status=TargetStatus("op koers", 2027, replace(held, held=HeldChance(0.9, 1.0, 0.76, 2019, 2024))))
    assert on_course(Judged([murders], [], indicators=[same])) == [
        "Moord en doodslag (kans 93%; bij de toets kwamen zulke kansen in 76% van de gevallen uit)"]
    # A chance from a class that held gets no such words.
    fine = replace(sure, status=TargetStatus("op koers", 2027, replace(held, chance_shown=0.75, held=None)))
    assert on_course(Judged([murders], [], indicators=[fine])) == ["Moord en doodslag"]
