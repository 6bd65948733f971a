"""Is a target met, on its way, at risk, or not on its way? Always with the reason in words.

Statuses (Dutch, as users read them): behaald, op koers, risico, niet op koers, niet gehaald, binnen de marge,
niet te beoordelen.

- Measured in (or after) the target year: behaald, or niet gehaald when missed; a survey figure whose difference
  from the target lies inside its margin (with the baseline's, when the target is set from a measured one):
  binnen de marge. After the target year without
  such a measurement: niet te beoordelen (a course from older figures says nothing about a year that has passed).
- A count with a fitted trend: projected to the target year; op koers when the chance of meeting the target
  is at least 70%, risico from 30%, niet op koers below.
- Otherwise the latest measurement is compared with the target: a survey figure inside its margin of the
  threshold, on either side, is risico, since the difference may be chance; so is a miss when only the starting point (the
  baseline, or a single measurement) is known, since one measurement shows no course.
- "Not lower than the previous year" compares the latest yearly figure with that of the year before it: behaald
  or niet gehaald; without a figure for the year before, niet te beoordelen (an older one is not "the previous year").
- Qualitative targets take the latest recorded judgement on the evidence.

A monitoring indicator (no target) is not evaluated: the picture gives it the status `Status.MONITORED` (gevolgd).
The statuses and operators are the types of `ivb.domain.vocabulary`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ivb.domain import calibration, seasonal
from ivb.domain.break_words import date_text
from ivb.domain.i18n import _, listed
from ivb.domain.numbers import format_margin, format_number
from ivb.domain.observations import Point
from ivb.domain.policy import Indicator, change_words, changed_value, threshold_words
from ivb.domain.projection import (
    LEVEL_WINDOW,
    Projection,
    beyond_counts,
    chance_of,
    decided,
    from_level,
    complete_year,
    level_rate,
    from_year_so_far,
    printed,
    project_year,
    years_between,
)
from ivb.domain.seasonal import Profile
from ivb.domain.trend import MIN_EXPECTED_PER_YEAR, MIN_POINTS, Trend
from ivb.domain.units import UNITS
from ivb.domain.vocabulary import Operator, Status

# The chance of meeting a target from which a projected count is op koers, and below which it is niet op koers.
ON_TRACK, AT_RISK = 0.70, 0.30


def status_meanings() -> list[tuple[str, str]]:
    """What each status and the numbers beside it mean, for a reader: the rules of `evaluate` in words, shown
    beside a status on the pages and at the end of the report. Built from the thresholds, so the words follow
    the rules."""
    chances = {"on_track": format_number(ON_TRACK * 100, "percent"), "at_risk": format_number(AT_RISK * 100, "percent")}
    return [
        # Walk BF: "niet lager dan" read as the rule of a target "niet hoger dan het jaar ervoor".
        (_(Status.MET), _("het cijfer over het doeljaar (of een later jaar) haalt het doel; bij een doel dat elk jaar "
                          "met het jaar ervoor vergelijkt: het laatste hele jaar tegen het jaar ervoor (van een jaar dat "
                          "nog loopt geeft IVB een verwachting en een kans).")),
        (_(Status.MISSED), _("het cijfer over het doeljaar haalt het doel niet; bij een doel dat elk jaar met het jaar "
                             "ervoor vergelijkt: het laatste hele jaar haalt het niet tegen het jaar ervoor.")),
        (_(Status.WITHIN_MARGIN), _("het cijfer ligt zo dicht bij het doel, of bij het cijfer waarmee het wordt "
                                    "vergeleken, dat het verschil toeval van de steekproef kan zijn.")),
        # Walk BA: the usual case of a year under way (four whole years or more before it) was not among these.
        (_(Status.ON_TRACK), _("de kans dat het doel gehaald wordt is %(on_track)s of meer: bij een aantal met een "
                               "trend volgens die trend, bij een jaar dat nog loopt volgens de maanden tot nu en wat de "
                               "jaren ervoor verwachtten, bij kleine aantallen (minder dan 10 per jaar) volgens hun "
                               "niveau van de laatste jaren, bij een deel van een jaar met minder dan vier hele jaren "
                               "ervoor in het tempo van de maanden tot nu. Zonder verwachting: het nieuwste cijfer haalt "
                               "het doel al, bij een onderzoekscijfer met meer verschil dan de marge.") % chances),
        (_(Status.AT_RISK), _("de kans ligt tussen %(at_risk)s en %(on_track)s. Zonder verwachting: het nieuwste "
                              "onderzoekscijfer ligt binnen de marge van het doel (erboven of eronder), er is alleen een "
                              "beginmeting die het doel nog niet haalt, of het cijfer komt dichter bij het doel (een "
                              "aantal van het ene jaar op het volgende, een onderzoekscijfer van de ene meting op de "
                              "volgende met meer verschil dan hun marges) en er is geen verwachting.") % chances),
        (_(Status.OFF_TRACK), _("de kans is kleiner dan %(at_risk)s. Zonder verwachting: het nieuwste cijfer haalt "
                                "het doel niet, en geen van de redenen voor 'risico' geldt.") % chances),
        (_(Status.NO_DATA), _("er is geen cijfer of oordeel dat er iets over kan zeggen; de reden staat erbij.")),
        (_("doel zonder cijfer"), _("de stand is het laatste oordeel dat de gemeente over het bewijs vastlegde.")),
        # Walk CD: "valt 8 van de 10 keer" stood beside a series whose group fell inside 76% of the time.
        (_("80%-interval"), _("het interval is zo gemaakt dat het echte aantal 8 van de 10 keer tussen deze grenzen "
                              "valt. Voor verwachtingen over hele jaren bleek dat ook toen IVB ze naast de latere "
                              "politiecijfers van alle gemeenten legde (waar een groep reeksen vaker of minder vaak "
                              "binnen viel, staat erbij hoe vaak), en voor een lopend jaar toen IVB het naast de "
                              "landelijke maandcijfers legde, ook "
                              "teruggebracht tot de aantallen van een stad en van een gemeente. Bij kleine aantallen staat er "
                              "'met minstens 80% kans': hele aantallen maken de grenzen ruimer, en bij de toets viel 87 "
                              "tot 89% erbinnen.")),
        (_("kans"), _("hoe vaak een doel met zo'n kans gehaald wordt. Een kans van 10% betekent: van tien zulke "
                      "doelen wordt er ongeveer één gehaald. Voor hele jaren is dat getoetst op de politiecijfers van "
                      "alle gemeenten, voor een lopend jaar op de landelijke maandcijfers; waar zulke kansen vaker of "
                      "minder vaak uitkwamen, staat erbij hoe vaak.")),
    ]


@dataclass(frozen=True)
class Evidence:
    """A recorded judgement on a qualitative target."""

    date: str
    status: Status
    summary: str
    document: str = ""
    year: int | None = None  # the year it is about; None: the year of `date`
    # In a joint plan each municipality judges its own part: whose judgement it is ("Heiloo"); else "".
    recorded_for: str = ""

    @property
    def about(self) -> int:
        return self.year or dt.date.fromisoformat(self.date).year


@dataclass(frozen=True)
class TargetStatus:
    status: Status
    reason: str
    threshold: float | None = None
    projection: Projection | None = None
    about: int | None = None  # the year it is about: a result's year, or the year a course or chance heads for


def evaluate(ind: Indicator, points: list[Point], year: int, trend: Trend | None = None,
             evidence: Sequence[Evidence] = (), profile: Profile | None = None, summed: bool = True,
             first_year: int | None = None, today: dt.date | None = None) -> TargetStatus:
    """The status of `ind`'s target as it stood at the end of `year`, from the points measured by then.
    `profile`: the seasonal profile of the latest point when that is a year-to-date figure (else derived here
    from `points`). `summed`: False for a count that is a stand (the series' aggregation "last": businesses with
    a quality mark on 31 December), which is neither projected as events over a year nor settled by part of one.
    `first_year`: the policy's first year, from which a target against the year before holds every year; the
    reason then names the earlier years it was missed in. `today` (default: the day it runs): a target year that
    the calendar has left behind is over on its own year's page too, so that page and the next year's agree."""
    status = _evaluate(ind, points, year, trend, evidence, profile, summed, first_year, (today or dt.date.today()).year)
    status = _nothing_to_fall_below(ind, status)
    known = [p for p in points if p.period.year <= year]  # as it stood then: no figure of a later year
    if status.threshold is not None and (note := _stated_baseline_differs(ind, known)):
        status = replace(status, reason=f"{status.reason}; {note}")
    return replace(status, about=_about(ind, status, known, year))


def _about(ind: Indicator, status: TargetStatus, known: list[Point], year: int) -> int | None:
    """The year a status is about (walk BL: "niet op koers" beside a 2025 figure was about the 2027 target, and
    "behaald" of a target against the year before read as the policy's goal reached): a projection's year; the
    year a result was measured in (for a target against the year before, the last whole year); else the year a
    course heads for. None where nothing is judged."""
    t = ind.target
    if t is None or status.status in (Status.NO_DATA, Status.MONITORED):
        return None
    if status.about is not None:  # set where it was judged: a judgement about a year (`_qualitative`)
        return status.about
    if status.projection is not None:
        return status.projection.year
    whole = sorted(p.period.year for p in known if p.period.kind == "year")
    if status.status in (Status.MET, Status.MISSED, Status.WITHIN_MARGIN) and t.qualitative is None:
        if t.compare_to == "previous_year":
            return whole[-1] if whole else year
        final = [y for y in whole if ind.target_year is not None and y >= ind.target_year]
        return final[0] if final else ind.target_year
    return year if t.compare_to == "previous_year" else ind.target_year


def _nothing_to_fall_below(ind: Indicator, status: TargetStatus) -> TargetStatus:
    """"Lager dan de 0 van 2025" read **niet op koers** and put the priority under "vraagt aandacht" for the best
    result a count can have (walk BJ): a target no count can meet says nothing about a course, so it reads niet te
    beoordelen, its reason saying why. Only for a target against a figure (the year before, a baseline) that was
    0 itself; a fixed "lager dan 0" beside 140 a year is off course. Not once something was counted in the year
    judged either: then it is missed."""
    t = ind.target
    if (status.status != Status.OFF_TRACK or t is None or t.operator is None or status.threshold is None
            or t.compare_to is None
            or beyond_counts(t.operator, status.threshold) != 0.0
            or (status.projection is not None and status.projection.known)):
        return status
    return replace(status, status=Status.NO_DATA)


BASELINE_DIFFERS = 0.10  # a stated baseline this far from the measured figure of its year is named


def chart_target(ind: Indicator, status: TargetStatus) -> float | None:
    """The target a chart draws as a line across the years: none for a target against the year before, whose
    threshold is one year's figure (walk BF: "doel 2" drawn from 2012 to 2026 read as a fixed target)."""
    return None if ind.target is not None and ind.target.compare_to == "previous_year" else status.threshold


def _stated_baseline_differs(ind: Indicator, points: Sequence[Point]) -> str | None:
    """Where a target rests on a baseline the policy states, and the series' own figure of that year differs by
    more than a tenth (and more than its margin): the threshold is computed from the stated value, which a reader
    must know to weigh it (walk T: 400 stated, 278 in the police figures)."""
    t = ind.target
    if t is None or t.compare_to != "baseline" or ind.baseline is None or ind.baseline.value is None:
        return None
    stated = ind.baseline.value
    measured = [p for p in points if p.period.kind == "year" and p.period.year == ind.baseline.year]
    if not measured:
        return None
    m = measured[0]
    gap = abs(m.value - stated)
    if gap <= BASELINE_DIFFERS * max(abs(stated), abs(m.value)) or (m.margin is not None and gap <= m.margin):
        return None
    return _("let op: het beleid noemt als nulmeting %(stated)s in %(year)s, de cijfers van de reeks geven %(measured)s "
             "over dat jaar; het doel rekent met de %(stated)s van het beleid") % {
        "stated": format_number(stated, ind.unit), "measured": format_number(m.value, ind.unit),
        "year": ind.baseline.year}


def _evaluate(ind: Indicator, points: list[Point], year: int, trend: Trend | None,
              evidence: Sequence[Evidence], profile: Profile | None, summed: bool = True,
              first_year: int | None = None, calendar_year: int | None = None) -> TargetStatus:
    t = ind.target
    counted = ind.unit == "count" and summed  # events counted over a year, which only grow as it goes
    assert t is not None  # a monitoring indicator (no target) is not evaluated
    if t.qualitative is not None:
        return _qualitative(ind, evidence, year)
    # The policy's checks require both for a target in figures.
    assert t.operator is not None and ind.target_year is not None
    known = sorted((p for p in points if p.period.year <= year), key=lambda p: (p.period.end, p.period.start))
    if not known:
        return TargetStatus(Status.NO_DATA, _("er zijn nog geen bruikbare cijfers"))
    # The target year is over on the pages of later years, and on its own page once the calendar has left it with
    # only part of it counted (walks BQ and BR: its own page read "Heel 2025 is voorbij" beside "niet op koers, kans
    # 18%", the next year's "niet te beoordelen", on one day). A page of the target year whose newest figure is of an
    # earlier year still shows the course the years before set to it.
    # Not a target against the year before: it holds every year and judges a year under way by its own months, which
    # settle it as before (review: "al 320: niet meer te halen" turned "niet te beoordelen").
    part_over = (year == ind.target_year and calendar_year is not None and calendar_year > year
                 and t.compare_to != "previous_year"
                 and known[-1].period.is_partial_year and known[-1].period.year == year)
    if (year > ind.target_year or part_over) and not any(p.period.year >= ind.target_year and not p.period.is_partial_year for p in known):
        if counted and (settled := _settled_by_part(ind, known)) is not None:
            return settled
        # A course towards a year that has passed says nothing: only a figure over that year can. The threshold is
        # still the target's (walk BM: the API's doel_grens went null on the page of the year after).
        values = {"target_year": ind.target_year, "period": known[-1].period.label}
        part = known[-1].period.is_partial_year and known[-1].period.year == ind.target_year
        return TargetStatus(Status.NO_DATA, (
            _("het doeljaar %(target_year)s is voorbij, maar alleen %(period)s is geteld; pas met heel %(target_year)s "
              "is het doel te beoordelen") if part else
            _("het doeljaar %(target_year)s is voorbij en er is geen cijfer over dat jaar; het laatste is van "
              "%(period)s")) % values, _threshold(ind, known) if t.compare_to != "previous_year" else None)
    if t.compare_to == "previous_year":
        this_year = counted and _this_year_against_previous(ind, known, year, trend, profile)
        status = this_year or _against_previous(ind, known, year)
        # The reason names the last whole year against the one before, unless it judges a year under way by its
        # own months; the years before that are named here.
        whole = [p.period.year for p in known if p.period.kind == "year"]
        named = year if this_year and known[-1].period.is_partial_year else (whole[-1] if whole else year)
        if first_year is not None and (earlier := _earlier_years(ind, known, first_year, named)):
            status = replace(status, reason=f"{status.reason}; {earlier}")
        return status

    threshold = _threshold(ind, known)
    if threshold is None:
        if ind.baseline and ind.baseline.year > year:  # walk BK: Maashorst's 2021 page, a baseline of 2023
            return TargetStatus(Status.NO_DATA, _("de nulmeting is van %(base)s, na %(year)s") % {
                "base": ind.baseline.year, "year": year})
        return TargetStatus(Status.NO_DATA, _("er is geen cijfer voor de nulmeting (%(year)s)") % {"year": ind.baseline.year}
                            if ind.baseline else _("het doel noemt geen getal"))
    operator = Operator(t.operator)
    words = (change_words(ind, t, baseline_figure(ind, known)) if t.compare_to == "baseline" and t.change_percent
             else threshold_words(operator, threshold, ind.unit))
    latest = known[-1]

    final = [p for p in known if p.period.kind == "year" and p.period.year >= ind.target_year]
    if final:
        p = final[0]
        met = operator.holds(p.value, threshold)
        values = {"value": format_number(p.value, ind.unit), "period": p.period.label, "target": words}
        margin = _margin_to_threshold(ind, known, p)
        if margin is not None and abs(p.value - threshold) <= margin + 1e-9:  # 7,2 - 7,1 is 0,1000…05 in floats
            # A survey's difference inside its margin may be sampling alone: neither met nor missed can be said.
            return TargetStatus(Status.WITHIN_MARGIN, _(
                "%(value)s in %(period)s; het doel was %(target)s. Het verschil met het doel valt binnen de marge "
                "van ±%(margin)s: of het doel gehaald is, valt uit deze meting niet vast te stellen") % {
                **values, "margin": format_margin(round(margin, 1), ind.unit)}, threshold)
        return TargetStatus(Status.MET if met else Status.MISSED,
                            (_("%(value)s in %(period)s; het doel was %(target)s") if met else
                             _("%(value)s in %(period)s; het doel was %(target)s: niet gehaald")) % values, threshold)

    if trend is not None and trend.fit is not None and counted:
        return _projected(ind, known, ind.target_year, trend, profile, operator, threshold, words)
    if counted and (years := small_count_years(known)):
        return _level_projected(ind, known, years, profile, operator, threshold, words)

    if latest.period.is_partial_year and counted:
        return _year_so_far(ind, known, latest, profile, operator, threshold, words)
    value, label = latest.value, latest.period.label
    shown = f"{format_number(round(value, 1), ind.unit)} ({label})"
    # The policy's first year is a starting point on the pages of its years, not on a page of a year before it (a
    # picture of 2019 beside the policy 2020-2023: "sinds het beleid begon (2020)" would be about a later year).
    begun = first_year if first_year is not None and year >= first_year else None
    if t.compare_to == "baseline" and ind.baseline is not None and ind.baseline.value is None \
            and _only_the_start(ind, known):
        # A target set from the baseline, with nothing measured after it: the baseline against itself, not a
        # difference within its margin (walk BL: "23% (2023) haalt het doel (lager dan 23%) niet, maar het verschil
        # valt binnen de marge", on the 2024 page of "in 2025 lager dan 2023").
        start: dict[str, object] = {"shown": shown, "target": words, "year": ind.target_year,
                                    "base": ind.baseline.year if ind.baseline else ""}
        if operator.holds(value, threshold):  # a change from it the baseline itself already meets ("hoogstens")
            return TargetStatus(Status.ON_TRACK, _met_so_far(ind, known, begun) % start, threshold)
        # Walk BM: "18,9% (2023) haalt het doel (lager dan 18,9%) nog niet" set the baseline against itself.
        return TargetStatus(Status.AT_RISK, _("na de nulmeting, %(shown)s, is nog niet gemeten; of het doel (%(target)s) "
                                              "in %(year)s gehaald wordt, valt daar niet uit af te lezen") % start,
                            threshold)
    if operator.holds(value, threshold) and latest.margin is not None and \
            abs(value - threshold) <= latest.margin + 1e-9:  # 25 - 17,9 is 7,1000…01 in floats
        # Inside the margin on either side the measurement cannot tell met from missed: risico both ways (walk AR:
        # 24,1% (±7,2) against "lager dan 25%" read "op koers", where 25,9% would have read "risico").
        return TargetStatus(Status.AT_RISK, _("de laatste meting, %(shown)s, voldoet aan het doel (%(target)s), maar "
                                              "het verschil valt binnen de marge van ±%(margin)s") % {
            "shown": shown, "target": words, "margin": format_margin(latest.margin, ind.unit)}, threshold)
    if operator.holds(value, threshold):
        # From the starting point alone no course shows: say what "op koers" then rests on, as a miss does below.
        return TargetStatus(Status.ON_TRACK, _met_so_far(ind, known, begun) % {
            "shown": shown, "target": words, "year": ind.target_year,
            "base": ind.baseline.year if ind.baseline else "", "first": begun}, threshold)
    if latest.margin is not None and abs(value - threshold) <= latest.margin + 1e-9:
        return TargetStatus(Status.AT_RISK, _("de laatste meting, %(shown)s, haalt het doel (%(target)s) niet, maar het "
                                        "verschil valt binnen de marge van ±%(margin)s") % {
            "shown": shown, "target": words, "margin": format_margin(latest.margin, ind.unit)},
                            threshold)
    if (not_yet := _nothing_after_the_start(ind, known, begun)) is not None:
        gap: dict[str, object] = {"shown": shown, "target": words, "year": ind.target_year,
                                 "base": ind.baseline.year if ind.baseline else "", "first": begun}
        return TargetStatus(Status.AT_RISK, not_yet % gap, threshold)
    survey = ind.unit in SURVEY_UNITS or any(p.margin is not None for p in known)
    # A stand is read at every reading, a month's too (walk BJ: 55 in 2025, then 58 in November 2026 against
    # "minstens 60", read "niet op koers" where 52 to 55 had read "risico").
    stand = ind.unit == "count" and not summed
    if (before := _closer_than(known, operator, threshold, yearly=not survey and not stand, readings=stand)) is not None:
        # Too few counts for a projection (or a figure IVB does not project), and the newest moved toward the
        # target: no course can be read yet, and "niet op koers" would say the figures head the wrong way.
        why = (_("voor een verwachting tot %(year)s zijn er te weinig metingen") if counted else
               _("een verwachting maakt IVB alleen voor aantallen die over een jaar worden opgeteld, niet voor een "
                 "stand") if ind.unit == "count" else
               _("een verwachting maakt IVB alleen voor aantallen"))
        return TargetStatus(Status.AT_RISK, _(
            "de laatste meting, %(shown)s, haalt het doel (%(target)s) nog niet, maar ligt er dichter bij dan "
            "%(before)s; %(why)s") % {
            "shown": shown, "target": words, "why": why % {"year": ind.target_year},
            "before": f"{format_number(before.value, ind.unit)} ({before.period.label})"}, threshold)
    return TargetStatus(Status.OFF_TRACK, _("de laatste meting, %(shown)s, haalt het doel (%(target)s) niet") % {
        "shown": shown, "target": words}, threshold)


# Units of survey figures (the Veiligheidsmonitor, every other year): read from one measurement to the next, as is
# any figure published with a margin (a sample's: a survey's rate per 100 inhabitants). Counts, ranks and rates
# without one come every year and are read from one year to the next.
SURVEY_UNITS = ("percent", "grade")


def _closer_than(known: list[Point], operator: Operator, threshold: float, yearly: bool = True,
                 readings: bool = False) -> Point | None:
    """The measurement right before the newest whole year, when the newest is nearer the threshold on the side
    the target wants; else None. A part of a year is no year to compare. `yearly`: a count is read from one year
    to the next; a survey (every other year, as the Veiligheidsmonitor) from one measurement to the next.
    `readings`: a stand, whose every reading (a month's too) is the stand on its day."""
    years = list(known) if readings else [p for p in known if p.period.kind == "year"]
    if len(years) < 2 or known[-1] is not years[-1]:
        return None
    before, latest = years[-2], years[-1]
    if yearly and latest.period.year - before.period.year != 1:
        return None
    toward = latest.value < before.value if operator.wants_lower else latest.value > before.value
    if before.margin is not None and latest.margin is not None and \
            abs(latest.value - before.value) <= math.hypot(before.margin, latest.margin):
        return None  # two survey figures whose difference their margins cover: no move shown
    return before if toward and abs(latest.value - threshold) < abs(before.value - threshold) else None


def _projected(ind: Indicator, known: list[Point], target_year: int, trend: Trend, profile: Profile | None,
               operator: Operator, threshold: float, words: str) -> TargetStatus:
    """A count projected to `target_year` (the months still to come of a year-to-date figure of that year, or
    the whole year), with the chance of meeting the threshold and the status that chance gives."""
    assert trend.fit is not None  # called with a fitted trend only
    latest = known[-1]
    this_year = latest if latest.period.year == target_year and latest.period.is_partial_year else None
    if this_year is not None and trend.before_this_year is None and (years := small_count_years(known)):
        # Walk BN: the months of 2026 lifted a count of 9,9 a year over the line of a trend, and the rest of the year
        # went at the pace of the months "for want of four whole years" of fourteen: the whole years before a year
        # under way are what it is completed from, and too small for a trend they give their level, as on the page
        # of the year before.
        return _level_projected(ind, known, years, profile, operator, threshold, words, target_year=target_year)
    profile = _profile(ind, known, this_year, profile) if this_year is not None else None
    projection = (complete_year(trend, target_year, this_year, profile) if this_year is not None and profile is not None
                  else project_year(trend.fit, target_year))
    if projection.known == 0:  # whole years ahead (not the rest of a year under way): the years between too
        projection = replace(projection, path=years_between(trend.fit, target_year))
    chance = chance_of(projection, operator, threshold)
    # The status and the back-test's words follow the chance as printed: a page that says "70%" says "op koers".
    # A projection is never certain: only a target settled by this year's count, or one no count can meet or
    # miss, reads 0% or 100%; any other chance is printed from 1% to 99% (a normal tail can be exactly 0 or 1).
    settled = decided(this_year.value, operator, threshold) if this_year is not None else None
    fixed = settled if settled is not None else beyond_counts(operator, threshold)
    shown = round(chance * 100) if fixed is not None else round(float(printed(chance)) * 100)
    # Without four whole years before it the year went at the pace of its months (`complete_year`): its words and
    # the back-test's classes are the pace's (review).
    with_trend = projection.months_weight is not None
    # Where the back-test says such chances did not hold, say so: of whole years from the back-test of every
    # municipality, of a year under way from that of the national months (ADR 0047). A decided target (0% or
    # 100%) is no projection: the back-test's words do not apply to it.
    held = None if fixed is not None else calibration.how_it_held(shown / 100, _starts_high(known, trend)) \
        if this_year is None else \
        calibration.how_it_held_this_year(shown / 100, "trend" if with_trend else "pace", trend.fit.level,
                                          profile.kind if profile is not None else "")
    projection = Projection(**{**projection.__dict__, "chance": chance, "chance_shown": shown / 100, "held": held})
    status = _band(shown)
    reason = _("verwachting %(year)s: %(expected)s (80%%-interval %(low)s–%(high)s); kans dat het doel "
               "(%(target)s) gehaald wordt: %(chance)s%%") % {
        "year": target_year, "expected": format_number(round(projection.expected), "count"),
        "low": format_number(round(projection.low), "count"), "high": format_number(round(projection.high), "count"),
        "target": words, "chance": shown}
    part = {"period": latest.period.label, "counted": format_number(latest.value, "count"), "year": latest.period.year,
            "ahead": target_year - latest.period.year}
    if target_year - latest.period.year >= 2:  # a page of 2023 may rest on figures of 2019: say so
        reason += "; " + (_("het nieuwste cijfer is van %(period)s (%(counted)s, meegerekend als deel van %(year)s): "
                            "de verwachting reikt %(ahead)s jaar verder") if latest.period.is_partial_year else
                          _("het nieuwste cijfer is van %(period)s: de verwachting reikt %(ahead)s jaar verder")) % part
    elif latest.period.is_partial_year and latest.period.year < target_year:
        # Walk AM: "verwachting 2027: 69" did not say it rests on nine months of 2026 as well as the years before.
        reason += "; " + _("de verwachting rekent %(period)s (%(counted)s) mee als deel van %(year)s") % part
    if held is not None:
        reason += "; " + held_words(held, shown, police="politie." in (ind.series or ""))
    if this_year is not None and fixed is None:
        assert profile is not None  # a year under way always has one (`_profile`)
        if not with_trend:  # the series' sentences say why (`narrative._rest_sentence`); the status line says how
            reason += "; " + {
                MISSING: _("de ontbrekende maanden in het tempo van %(period)s, want voor een verwachting van dat "
                           "jaar uit de jaren ervóór alleen zijn minstens vier hele jaren nodig"),
                BOTH: _("de ontbrekende maanden en de rest van het jaar in het tempo van %(period)s, want voor een "
                        "verwachting van dat jaar uit de jaren ervóór alleen zijn minstens vier hele jaren nodig"),
                REST: _("de rest van het jaar in het tempo van %(period)s, want voor een verwachting van dat jaar "
                        "uit de jaren ervóór alleen zijn minstens vier hele jaren nodig"),
            }[_months_estimated(profile)] % {"period": this_year.period.label}
    if profile is not None:
        reason += "; " + _spread_words(profile)
    return TargetStatus(status, _said_first(this_year, settled, operator, threshold, words, reason), threshold,
                        projection)


MISSING, BOTH, REST = "missing", "both", "rest"


def _settled_first(this_year: Point, settled: float, reason: str) -> str:
    """What was already counted this year settles the target: said first, before the estimate it makes moot (walk
    BF: on a phone "het doel is niet meer te halen" came at the end of nine lines)."""
    counted = {"period": this_year.period.label, "counted": format_number(this_year.value, "count")}
    return (_("in %(period)s al %(counted)s: het doel is niet meer te halen") if settled == 0.0 else
            _("in %(period)s al %(counted)s: het doel is al gehaald")) % counted + "; " + reason


def _said_first(this_year: Point | None, settled: float | None, operator: Operator, threshold: float, words: str,
                reason: str) -> str:
    """What settles a target comes before the estimate it makes moot: a target no count can meet ("lager dan de 0
    van 2025") or every count meets ("minstens 0"), else the months counted this year (`_settled_first`). "In
    2026 t/m maart al 0: het doel is niet meer te halen" blamed the months for what no year could do (review)."""
    fixed = beyond_counts(operator, threshold)
    if fixed is None:
        return _settled_first(this_year, settled, reason) if settled is not None and this_year is not None else reason
    return (_("een aantal kan niet onder 0 komen, dus het doel (%(target)s) is niet te halen") + (
        _("; met 'hoogstens' in plaats van 'lager dan' wel") if operator == Operator.LT and threshold == 0 else "")
        if fixed == 0.0 else
            _("elk aantal is minstens 0, dus het doel (%(target)s) wordt altijd gehaald")) % {"target": words} \
        + "; " + reason


def _months_estimated(profile: Profile) -> str:
    """Which months a year was completed with: months missing (December is there), those and the rest of the year,
    or the rest alone. Walk BD: "de rest van het jaar" beside a July that is over but was not delivered."""
    if profile.without:
        return MISSING if profile.months >= 12 else BOTH
    return REST


def _spread_words(profile: Profile) -> str:
    """How the months not counted were spread, naming the months as `_months_estimated` has them."""
    return {MISSING: _("de ontbrekende maanden geschat volgens: %(profile)s"),
            BOTH: _("de ontbrekende maanden en de rest van het jaar over de maanden verdeeld volgens: %(profile)s"),
            REST: _("de rest van het jaar over de maanden verdeeld volgens: %(profile)s"),
            }[_months_estimated(profile)] % {"profile": profile.label}


def _settled_by_part(ind: Indicator, known: list[Point]) -> TargetStatus | None:
    """A target year that has passed with only part of it counted, when that part already settles the target: counts
    only grow, so 320 to September misses "lager dan 300" and 341 to August meets "minstens 300" whatever the
    rest was. Walk AK: the page of the year itself said so, the page of the year after read "niet te beoordelen"."""
    t = ind.target
    assert t is not None and t.operator is not None and ind.target_year is not None  # called by _evaluate only
    parts = [p for p in known if p.period.year == ind.target_year and p.period.is_partial_year]
    if ind.unit != "count" or not parts:
        return None
    part = max(parts, key=lambda p: p.period.end)
    threshold = _threshold(ind, known)
    if threshold is None or (settled := decided(part.value, t.operator, threshold)) is None:
        return None
    operator = Operator(t.operator)
    words = (change_words(ind, t, baseline_figure(ind, known)) if t.compare_to == "baseline" and t.change_percent
             else threshold_words(operator, threshold, ind.unit))
    values = {"value": format_number(part.value, "count"), "period": part.period.label, "target": words}
    if settled == 1.0:
        return TargetStatus(Status.MET, _("al %(value)s in %(period)s; het doel was %(target)s") % values, threshold)
    return TargetStatus(Status.MISSED, _("al %(value)s in %(period)s; het doel was %(target)s: niet gehaald") % values,
                        threshold)


def year_under_way(trend: Trend | None, known: list[Point], profile: Profile) -> Projection:
    """The whole year of the newest figure of `known`, a year-to-date count, as a target of that year is judged:
    with the series' trend (`complete_year`), at its level when too small for a trend (`from_level`, ADR 0046), or
    at the pace of its months (`from_year_so_far`). Walk AY: two whole years of months and a year under way gave the
    target's status an estimate that the series page, the dashboard and the API did not show."""
    latest = known[-1]
    years = small_count_years(known)
    # Completed from the whole years before it: with their trend, else at their level when they are too small for
    # one (walk BN, see `_projected`), else at the pace of its months.
    if trend is not None and trend.fit is not None and (trend.before_this_year is not None or not years):
        return complete_year(trend, latest.period.year, latest, profile)
    if years:
        return from_level([p.value for p in years], latest.period.year, latest, profile,
                          ahead=latest.period.year - years[-1].period.year)
    return from_year_so_far(latest, profile)


def small_count_years(known: list[Point]) -> list[Point]:
    """The newest whole years (at most `LEVEL_WINDOW`) of a count too small for a trend, at least as many as a trend
    needs and fewer than `MIN_EXPECTED_PER_YEAR` a year on average: such a count is projected at its level
    (`projection.from_level`). Empty for any other series."""
    whole = [p for p in known if p.period.kind == "year"]
    # Only years of the newest seven calendar years (review: 2012, 2013, 2021 and 2022 made a level of "2012–2022").
    years = [p for p in whole if whole and p.period.year > whole[-1].period.year - LEVEL_WINDOW]
    if len(years) < MIN_POINTS or sum(p.value for p in years) / len(years) >= MIN_EXPECTED_PER_YEAR:
        return []
    return years


def _level_projected(ind: Indicator, known: list[Point], years: list[Point], profile: Profile | None,
                     operator: Operator, threshold: float, words: str, target_year: int | None = None) -> TargetStatus:
    """A count too small for a trend, projected to the target year at the level of its newest years, with the
    chance of meeting the target from the same count distribution (ADR 0046). The status follows the printed
    chance as a projection's does. Walk AR: one burglary in Vlieland (0,4 a year) read "niet op koers" for
    "hoogstens 0", on the last figure alone; in the back-test targets given "niet op koers" that way were met 40%
    of the time."""
    latest = known[-1]
    partial = latest if latest.period.is_partial_year and latest.period.year > years[-1].period.year else None
    shape = _profile(ind, known, partial, profile) if partial is not None else None
    # The year judged: the target year, or of "lager dan het jaar ervoor" the year under way.
    target_year = target_year or ind.target_year
    assert target_year is not None  # called by _evaluate only
    projection = from_level([p.value for p in years], target_year, partial, shape,
                            ahead=target_year - years[-1].period.year)
    chance = chance_of(projection, operator, threshold)
    this_year = partial if partial is not None and partial.period.year == target_year else None
    settled = decided(this_year.value, operator, threshold) if this_year is not None else None
    fixed = settled if settled is not None else beyond_counts(operator, threshold)
    shown = round(chance * 100) if fixed is not None else round(float(printed(chance)) * 100)
    projection = replace(projection, chance=chance, chance_shown=shown / 100)
    status = _band(shown)
    values = {"year": target_year, "target": words, "chance": shown,
              "expected": format_number(round(projection.expected, 1), "count"),
              "low": format_number(round(projection.low), "count"), "high": format_number(round(projection.high), "count"),
              "first": years[0].period.label, "last": years[-1].period.label}
    # Whole counts this small make an interval of at least 80%: in the back-test 87-89% fell inside, so it is
    # called what it is, not an "80%-interval".
    # One figure for the level: the expectation itself (walk AV: "ongeveer 0,7 … gemiddeld 0,4 per jaar" beside the
    # trend's "gemiddeld 0,7" read as three levels; the ½ of the prior and a year under way make them differ).
    if this_year is not None and shape is not None:
        # Walk BF: "ongeveer 7,1 … op het niveau van 2019–2025" read as that level, where 6 of it were counted.
        # The level is that of the whole years and these months together (`from_level`, review): said with its rate.
        rate = level_rate([p.value for p in years], this_year, shape)
        values |= {"period": this_year.period.label, "counted": format_number(this_year.value, "count"),
                   "rate": format_number(round(rate, 1), "count"),
                   "months": {MISSING: _("de ontbrekende maanden"), REST: _("de rest van het jaar"),
                              BOTH: _("de ontbrekende maanden en de rest van het jaar")}[_months_estimated(shape)]}
        reason = _("verwachting %(year)s: ongeveer %(expected)s (met minstens 80%% kans tussen %(low)s en %(high)s): "
                   "de %(counted)s van %(period)s, en %(months)s op het niveau van %(first)s–%(last)s en die maanden "
                   "samen (ongeveer %(rate)s per jaar), want voor een trend zijn de aantallen te klein; kans dat het "
                   "doel (%(target)s) gehaald wordt: %(chance)s%%") % values
        reason += "; " + _spread_words(shape) + _level_surprise(this_year, years, shape)
    else:
        reason = _("verwachting %(year)s: ongeveer %(expected)s (met minstens 80%% kans tussen %(low)s en "
                   "%(high)s), op het niveau van %(first)s–%(last)s: voor een trend zijn de aantallen te klein; kans "
                   "dat het doel (%(target)s) gehaald wordt: %(chance)s%%") % values
    if partial is not None and this_year is None:
        part = {"period": partial.period.label, "counted": format_number(partial.value, "count"),
                "profile": shape.label if shape else ""}
        reason += "; " + _("%(period)s (%(counted)s) telt mee als het deel van een jaar dat deze maanden zijn "
                           "volgens: %(profile)s") % part
    return TargetStatus(status, _said_first(this_year, settled, operator, threshold, words, reason), threshold,
                        projection)


SURPRISE_TAIL = 0.01  # months this unlikely at the level of the years before are named (Poisson, either side)


def _level_surprise(this_year: Point, years: list[Point], profile: Profile) -> str:
    """A clause when the months counted are far from what the level of the years before gives those months: the
    estimate still takes the rest of the year at that level, and a reader should know it rests on that (walk BF: 9
    threats to March where the years before gave about 1 in those months read "ongeveer 12" without a word)."""
    from scipy.special import pdtr, pdtrc  # P(X <= k), P(X > k) of a Poisson count

    usual = level_rate([p.value for p in years]) * profile.share
    counted = int(this_year.value)
    above = counted > 0 and pdtrc(counted - 1, usual) < SURPRISE_TAIL
    if not above and not pdtr(counted, usual) < SURPRISE_TAIL:
        return ""
    values = {"period": this_year.period.label, "counted": format_number(this_year.value, "count"),
              "usual": format_number(round(usual, 1), "count"), "first": years[0].period.label,
              "last": years[-1].period.label}
    return "; " + (_("%(counted)s in %(period)s is veel meer dan %(first)s–%(last)s in dezelfde maanden gaven "
                     "(gemiddeld ongeveer %(usual)s): blijft het tempo van deze maanden, dan wordt het jaar hoger dan "
                     "deze verwachting") if above else
                   _("%(counted)s in %(period)s is veel minder dan %(first)s–%(last)s in dezelfde maanden gaven "
                     "(gemiddeld ongeveer %(usual)s): blijft het tempo van deze maanden, dan wordt het jaar lager dan "
                     "deze verwachting")) % values


def _starts_high(known: list[Point], trend: Trend) -> bool:
    """Whether the whole years the trend was fitted on start far above the rest (`calibration.starts_high`): such
    series have their own classes of chances in the back-test (ADR 0061, walk CC)."""
    if trend.years is None:
        return False
    first, last = trend.years
    return calibration.starts_high([p.value for p in known if not p.period.is_partial_year
                                    and first <= p.period.year <= last])


def _band(percent: int) -> Status:
    """The status a chance printed as `percent` gives (ADR 0036: the status follows the printed chance)."""
    return (Status.ON_TRACK if percent >= round(ON_TRACK * 100) else
            Status.AT_RISK if percent >= round(AT_RISK * 100) else Status.OFF_TRACK)


def _other_band(held: calibration.HeldChance, shown: int) -> bool:
    """Whether the share of such chances that came true would give another status than the chance shown (in whole
    percents): the status follows the chance as computed (ADR 0027), and the words beside it say so."""
    return _band(round(held.share_met * 100)) != _band(shown)


def status_follows_computed_chance(projection: Projection | None) -> bool:
    """`_other_band` of a projection's printed chance, for the lines that give a chance in short (walk CE: "Op koers:
    … (kans 79%; bij de toets kwamen zulke kansen in 63% van de gevallen uit)" without why it is on course)."""
    return projection is not None and projection.held is not None and projection.chance_shown is not None \
        and _other_band(projection.held, round(projection.chance_shown * 100))


def held_words(held: calibration.HeldChance, shown: int, police: bool = True) -> str:
    """How the back-test's class of a chance held, and so which number to reckon with: the class's share met (walk
    BE: "kans 8%" beside "kwamen kansen van 0 tot 10% in 12% van de gevallen uit" left a council member with two
    numbers and no word on which to take). Where that share would give another status than the chance `shown`
    (92% "op koers", such chances 69%), it says the status follows the chance as computed (review)."""
    values = {"first": held.first_origin, "last": held.last_origin, "low": round(held.low * 100),
              "high": round(held.high * 100), "share": round(held.share_met * 100)}
    if held.year_to_date:
        words = _("bij de toets op de landelijke maandcijfers (%(first)s–%(last)s, teruggebracht tot aantallen van "
                  "deze grootte) kwamen zulke kansen, van %(low)s tot %(high)s%%, in %(share)s%% van de gevallen uit")
    elif held.high_start:  # ADR 0061: the class of series whose first year lay far above the others
        words = (_("bij de toets op de cijfers van alle gemeenten (verwachtingen vanuit %(first)s t/m %(last)s, elk "
                   "jaar met alleen wat toen bekend was) kwamen kansen van %(low)s tot %(high)s%% bij reeksen die, zoals "
                   "deze, begonnen met een jaar ver boven het gewone niveau van de jaren erna, in %(share)s%% van de gevallen "
                   "uit")
                 if held.known_outcomes_only else
                 _("bij de toets op de cijfers van alle gemeenten (verwachtingen vanuit %(first)s t/m %(last)s) kwamen "
                   "kansen van %(low)s tot %(high)s%% bij reeksen die, zoals deze, begonnen met een jaar ver boven het "
                   "gewone niveau van de jaren erna, in %(share)s%% van de gevallen uit"))
    elif held.known_outcomes_only:
        # The years are those the projections were made from (walk BI: "(2019–2024)" read as years of figures).
        words = _("bij de toets op de cijfers van alle gemeenten (verwachtingen vanuit %(first)s t/m %(last)s, elk "
                  "jaar met alleen wat toen bekend was) kwamen kansen van %(low)s tot %(high)s%% in %(share)s%% van de gevallen uit")
    else:
        words = _("bij de toets op de cijfers van alle gemeenten (verwachtingen vanuit %(first)s t/m %(last)s) "
                  "kwamen kansen van %(low)s tot %(high)s%% in %(share)s%% van de gevallen uit")
    out = (words + ": " + _("reken dus eerder op een kans van ongeveer %(share)s%%")) % values
    if _other_band(held, shown):
        out += "; " + _("de stand volgt de berekende kans")
    if not police:  # walk BT: a municipality's own complaints were told what police figures did, as if tested
        out += "; " + _("dat is getoetst op politiecijfers, niet op reeksen zoals deze")
    return out


def between_words(projection: Projection) -> str:
    """The years a chart's band passes through on its way to the projected year, in words for a reader who
    cannot see it: "Daartussen, met 80%-interval: 2026 ongeveer 78 (52–115)." Empty without such years."""
    if not projection.path:
        return ""
    years = [_("%(year)s ongeveer %(expected)s (%(low)s–%(high)s)") % {
        "year": p.year, "expected": format_number(round(p.expected), "count"),
        "low": format_number(round(p.low), "count"), "high": format_number(round(p.high), "count")}
        for p in projection.path]
    return _("Daartussen, met 80%%-interval: %(years)s.") % {"years": listed(years)}


def far_from_expected(projection: Projection, per_year: float) -> str:
    """When the months counted lay far from what the years before expected (`Projection.surprise`), the model that
    gave the interval was contradicted: say how often the back-test found such years inside it (review: 42% at the
    country's size beyond 3 sd, while its intervals held 77% over all). A clause, or "" when that does not apply."""
    far = calibration.surprised_from()
    if projection.surprise is None or projection.profile is None or far is None or abs(projection.surprise) < far:
        return ""
    found = calibration.surprised_inside(per_year, projection.profile.kind)
    if found is None:
        return ""
    n, inside, first, last = found
    way = _("ver boven") if projection.surprise > 0 else _("ver onder")
    return _("de maanden tot nu liggen %(way)s wat de jaren ervoor verwachtten: in zulke jaren viel het echte "
                    "jaar bij de toets op de landelijke maandcijfers (%(first)s–%(last)s, teruggebracht tot aantallen "
                    "van deze grootte) in %(share)s%% van de gevallen binnen het interval") % {
        "way": way, "first": first, "last": last, "share": round(inside * 100)}


def _year_so_far(ind: Indicator, known: list[Point], latest: Point, profile: Profile | None, operator: Operator,
                 threshold: float, words: str, target_year: int | None = None) -> TargetStatus:
    """A year-to-date count too short of years for a trend: its whole year at the pace of the months counted
    (`projection.from_year_so_far`), with its 80% interval and the chance that the whole year meets the target;
    the status follows that chance as a projection's does. Walk AH: "ongeveer 273 … voldoet aan het doel (lager
    dan 280)" read "op koers" with neither. Of a target year still ahead it says whether the year under way
    already meets the target: "blijft het zo", as a single measurement does."""
    profile = _profile(ind, known, latest, profile)
    projection = from_year_so_far(latest, profile)
    chance = chance_of(projection, operator, threshold)
    settled = decided(latest.value, operator, threshold)
    fixed = settled if settled is not None else beyond_counts(operator, threshold)
    shown = round(chance * 100) if fixed is not None else round(float(printed(chance)) * 100)
    status = _band(shown)
    year = latest.period.year
    target_year = target_year or ind.target_year  # of "lager dan het jaar ervoor": the year under way
    if year != target_year and status == Status.OFF_TRACK:
        # Of a later target year nothing can be read without a trend, as of a single measurement (ADR 0036): walk
        # AK read "niet op koers" for 2027 beside "of het in 2027 gehaald wordt, valt daar niet uit af te lezen".
        status = Status.AT_RISK
    values = {"year": year, "period": latest.period.label, "profile": profile.label, "target": words,
              "chance": shown, "target_year": target_year,
              **{name: format_number(round(v), "count") for name, v in (
                  ("expected", projection.expected), ("low", projection.low), ("high", projection.high))}}
    reason = _("heel %(year)s naar verwachting ongeveer %(expected)s (80%%-interval %(low)s–%(high)s): de rest van "
               "het jaar in het tempo van %(period)s, over de maanden verdeeld volgens: %(profile)s; voor een trend "
               "zijn er te weinig jaren") % values
    if year == target_year:
        reason += "; " + _("kans dat het doel (%(target)s) gehaald wordt: %(chance)s%%") % values
    else:
        reason += "; " + _("kans dat heel %(year)s al aan het doel (%(target)s) voldoet: %(chance)s%%; of het in "
                           "%(target_year)s gehaald wordt, valt daar niet uit af te lezen") % values
    held = calibration.how_it_held_this_year(shown / 100, "pace", projection.expected, profile.kind) \
        if fixed is None else None
    if held is not None:
        reason += "; " + held_words(held, shown, police="politie." in (ind.series or ""))
    reason = _said_first(latest if year == target_year else None, settled, operator, threshold, words, reason)
    attached = Projection(**{**projection.__dict__, "chance": chance, "chance_shown": shown / 100, "held": held})
    return TargetStatus(status, reason, threshold, attached if year == target_year else None)


def _this_year_against_previous(ind: Indicator, known: list[Point], year: int, trend: Trend | None,
                                profile: Profile | None) -> TargetStatus | None:
    """"Lower than the year before" on the page of a year that is under way: that year's count, projected from
    its year-to-date figure (by its trend, at its level when the count is small, else at the pace of its months),
    against the whole year before. None when the year has no year-to-date count, or the year before has no figure
    (then the last two whole years are compared)."""
    latest = known[-1]
    if ind.unit != "count" or latest.period.year > year:
        return None
    before = [p for p in known if p.period.kind == "year" and p.period.year == year - 1]
    if not before:
        return None
    assert ind.target is not None and ind.target.operator is not None  # called by evaluate() only
    operator = Operator(ind.target.operator)
    words = _("%(operator)s de %(value)s van %(period)s") % {
        "operator": _(operator.words), "period": before[0].period.label,
        "value": format_number(before[0].value, ind.unit)}
    if latest is before[0]:
        # No figure of `year` yet: the year is projected against the one before, as the legend promises of a year
        # still running (walk BI: "behaald" on the 2026 page and report, from 2025 against 2024 alone).
        if trend is not None and trend.fit is not None:
            projected = _projected(ind, known, year, trend, profile, operator, before[0].value, words)
        elif years := small_count_years(known):
            projected = _level_projected(ind, known, years, profile, operator, before[0].value, words,
                                         target_year=year)
        else:
            return None
        return replace(projected, reason=projected.reason + "; " + _last_year_words(ind, known))
    if not latest.period.is_partial_year:
        return None
    if trend is not None and trend.fit is not None:
        return _projected(ind, known, year, trend, profile, operator, before[0].value, words)
    # Without a trend the year under way is still judged by its own count (walk BF: 9 threats to March against 2
    # the year before read "behaald" on the page of 2026, from 2025 against 2024).
    if years := small_count_years(known):
        return _level_projected(ind, known, years, profile, operator, before[0].value, words, target_year=year)
    return _year_so_far(ind, known, latest, profile, operator, before[0].value, words, target_year=year)


def _earlier_years(ind: Indicator, known: list[Point], first_year: int, before: int) -> str:
    """"In de eerdere jaren van het beleid: 2024 niet gehaald (190 tegen 178 in 2023), 2025 gehaald" for a target
    against the year before, which holds every year of the policy: a green "behaald" of its last year said nothing
    of a year it was missed in (the team's list since walk AK). Years from `first_year` up to `before` (not
    included), each against the year before it; a survey difference within both margins is neither."""
    assert ind.target is not None and ind.target.operator is not None  # called by evaluate() only
    by_year = {p.period.year: p for p in known if p.period.kind == "year"}
    parts = []
    for y in range(first_year, min(before, (ind.target_year or before) + 1)):
        last, prev = by_year.get(y), by_year.get(y - 1)
        if last is None or prev is None:
            continue
        if last.margin is not None and prev.margin is not None and \
                abs(last.value - prev.value) <= (last.margin ** 2 + prev.margin ** 2) ** 0.5 + 1e-9:
            parts.append(_("%(year)s binnen de marge") % {"year": y})
        else:  # with its figures either way, so a reader can check it (walk BM)
            values = {"year": y, "last": format_number(last.value, ind.unit),
                      "prev": format_number(prev.value, ind.unit), "prev_year": y - 1}
            parts.append((_("%(year)s gehaald (%(last)s tegen %(prev)s in %(prev_year)s)")
                          if Operator(ind.target.operator).holds(last.value, prev.value) else
                          _("%(year)s niet gehaald (%(last)s tegen %(prev)s in %(prev_year)s)")) % values)
    return _("in de eerdere jaren van het beleid: %(years)s") % {"years": ", ".join(parts)} if parts else ""


def _last_year_words(ind: Indicator, known: list[Point]) -> str:
    """That the year projected has no figure yet, and how the last whole year did against the one before it (after
    the projection: "risico over 2025 gehaald" read as one phrase on a phone)."""
    status = _against_previous(ind, known)
    none_yet = _("van %(year)s is er nog geen cijfer") % {"year": known[-1].period.year + 1}
    if status.status not in (Status.MET, Status.MISSED):
        return none_yet
    full = [p for p in known if p.period.kind == "year"]
    values = {"year": full[-1].period.year, "last": format_number(full[-1].value, ind.unit),
              "prev": format_number(full[-2].value, ind.unit), "prev_period": full[-2].period.label}
    return none_yet + "; " + (_("%(year)s haalde het doel (%(last)s tegen %(prev)s in %(prev_period)s)")
                              if status.status == Status.MET else
                              _("%(year)s haalde het doel niet (%(last)s tegen %(prev)s in %(prev_period)s)")) % values


def _margin_to_threshold(ind: Indicator, known: list[Point], final: Point) -> float | None:
    """The margin of the difference between `final` and the target's threshold: the figure's own, combined with
    that of the baseline figure when the threshold was computed from a measured one (both are samples). None
    without a margin on the final figure."""
    if final.margin is None:
        return None
    t = ind.target
    assert t is not None  # called by evaluate() only
    base_margin = 0.0
    if t.compare_to == "baseline" and ind.baseline is not None and ind.baseline.value is None:
        base = [p for p in known if p.period.kind == "year" and p.period.year == ind.baseline.year]
        if base and base[0].margin is not None:
            base_margin = base[0].margin * (1 + (t.change_percent or 0) / 100)
    return (final.margin ** 2 + base_margin ** 2) ** 0.5


def _met_so_far(ind: Indicator, known: list[Point], first_year: int | None = None) -> str:
    """The words for a latest measurement that meets the target: plain after a later measurement, and naming
    the single figure it rests on when nothing was measured after the starting point (see below)."""
    if not _only_the_start(ind, known, first_year):
        return _("de laatste meting, %(shown)s, voldoet aan het doel (%(target)s)")
    if ind.baseline is not None:
        return _("na de nulmeting (%(base)s) is nog niet gemeten: %(shown)s voldoet al aan het doel (%(target)s); "
                 "blijft het zo, dan wordt het in %(year)s gehaald")
    if _before_the_policy(known, first_year):
        return _("sinds het beleid begon (%(first)s) is nog niet gemeten: %(shown)s voldoet al aan het doel "
                 "(%(target)s); blijft het zo, dan wordt het in %(year)s gehaald")
    return _("er is één meting: %(shown)s voldoet al aan het doel (%(target)s); blijft het zo, dan wordt het in "
             "%(year)s gehaald")


def _only_the_start(ind: Indicator, known: list[Point], first_year: int | None = None) -> bool:
    """Nothing was measured after the starting point: the baseline year; without one, the years before the policy
    began (walk BQ: a baseline line the policy writer may or may not fill in turned "risico" into "niet op koers"
    for three surveys before the policy), or a single measurement."""
    if ind.baseline is not None:
        return known[-1].period.year <= ind.baseline.year
    return _before_the_policy(known, first_year) or len({p.period for p in known}) <= 1


def _before_the_policy(known: list[Point], first_year: int | None) -> bool:
    return first_year is not None and known[-1].period.year < first_year


def _nothing_after_the_start(ind: Indicator, known: list[Point], first_year: int | None = None) -> str | None:
    """The reason to withhold "niet op koers" when nothing was measured after the starting point (the baseline
    year, the years before the policy, or a single measurement): a gap at the start is what a target is set to
    close, and a course needs a later measurement to show. None when there is a later measurement."""
    if not _only_the_start(ind, known, first_year):
        return None
    if ind.baseline is not None:
        return _("na de nulmeting (%(base)s) is nog niet gemeten: %(shown)s haalt het doel (%(target)s) nog niet; "
                 "of het in %(year)s gehaald wordt, valt daar niet uit af te lezen")
    if _before_the_policy(known, first_year):
        return _("sinds het beleid begon (%(first)s) is nog niet gemeten: %(shown)s haalt het doel (%(target)s) nog "
                 "niet; of het in %(year)s gehaald wordt, valt daar niet uit af te lezen")
    return _("er is één meting: %(shown)s haalt het doel (%(target)s) nog niet; of het in %(year)s gehaald wordt, "
             "valt uit één meting niet af te lezen")


def _profile(ind: Indicator, known: list[Point], partial: Point, given: Profile | None) -> Profile:
    """The seasonal profile of the year-to-date figure `partial`: the one given for it, else from the points."""
    if given is not None and (given.months, given.without) == (partial.period.last_month, partial.period.without):
        return given
    return seasonal.profile_for(ind.series or "", ind.name, known, partial.period)


def _threshold(ind: Indicator, known: list[Point]) -> float | None:
    t = ind.target
    assert t is not None  # called by evaluate() only
    if t.compare_to != "baseline":
        return t.value
    base = baseline_figure(ind, known)
    if base is None or not t.change_percent:
        return base
    return changed_value(base, t.change_percent)


def baseline_figure(ind: Indicator, points: Sequence[Point]) -> float | None:
    """The baseline value: as the policy states it, else the series' figure for the baseline year. Stated wins,
    since it is what the council adopted; without it a revised figure (provisional to definitive) is followed."""
    if ind.baseline is None:
        return None
    if ind.baseline.value is not None:
        return ind.baseline.value
    base = [p for p in points if p.period.kind == "year" and p.period.year == ind.baseline.year]
    return base[0].value if base else None


def _against_previous(ind: Indicator, known: list[Point], year: int | None = None) -> TargetStatus:
    full = [p for p in known if p.period.kind == "year"]
    if len(full) < 2:
        return TargetStatus(Status.NO_DATA, _("er is maar één jaarcijfer; vergelijken vraagt om twee"))
    prev, last = full[-2], full[-1]
    if prev.period.year != last.period.year - 1:
        return TargetStatus(Status.NO_DATA, _("het doel vergelijkt elk jaar met het jaar ervoor, en van %(gap)s is er "
                                              "geen cijfer: %(last)s in %(last_period)s, %(prev)s in %(prev_period)s") % {
            "gap": last.period.year - 1, "last": format_number(last.value, ind.unit), "last_period": last.period.label,
            "prev": format_number(prev.value, ind.unit), "prev_period": prev.period.label})
    assert ind.target is not None and ind.target.operator is not None  # called by evaluate() only
    if last.margin is not None and prev.margin is not None:  # two survey figures differ only beyond both margins
        combined = (last.margin ** 2 + prev.margin ** 2) ** 0.5
        if abs(last.value - prev.value) <= combined + 1e-9:
            return TargetStatus(Status.WITHIN_MARGIN, _(
                "%(last)s in %(last_period)s tegen %(prev)s in %(prev_period)s: het verschil valt binnen de marge van "
                "±%(margin)s, dus of het doel gehaald is, valt niet vast te stellen") % {
                "last": format_number(last.value, ind.unit), "last_period": last.period.label,
                "prev": format_number(prev.value, ind.unit), "prev_period": prev.period.label,
                "margin": format_margin(round(combined, 1), ind.unit)}, prev.value)
    if (edge := _at_the_edge(ind, prev.value)) is not None and last.value == prev.value:
        # Walk BV: 0 burglaries in 2025 after 0 in 2024 read "niet gehaald" against "lager dan het jaar ervoor":
        # nothing is lower than 0, so that year the target could not be met, and keeping it at 0 is no miss.
        return TargetStatus(Status.NO_DATA, _(
            "%(last)s in %(last_period)s tegen %(prev)s in %(prev_period)s: %(edge)s, dus na %(prev)s was dit doel niet "
            "te halen; met 'hoogstens' of 'minstens' in plaats van 'lager' of 'hoger' wel") % {
            "last": format_number(last.value, ind.unit), "last_period": last.period.label,
            "prev": format_number(prev.value, ind.unit), "prev_period": prev.period.label, "edge": edge}, prev.value)
    met = Operator(ind.target.operator).holds(last.value, prev.value)
    rank = ind.unit == "rank"
    what = _("%(last)s in %(last_period)s tegen %(prev)s in %(prev_period)s") % {
        "last": format_number(last.value, ind.unit), "last_period": last.period.label,
        "prev": format_number(prev.value, ind.unit), "prev_period": prev.period.label}
    if rank:
        meaning = (_("niet gedaald: minstens zo veilig") if met else
                   _("gedaald: plaats 1 is de onveiligste gemeente, dus dit is een verslechtering"))
    elif year is not None and not any(p.period.year == year for p in known):
        # Walk BG: in one joint report of 2026 a member without figures of 2026 read "niet gehaald" of 2025 beside
        # another's chance for 2026; the status says which year it is about.
        values = {"last_year": last.period.year, "year": year}
        meaning = (_("het doel is over %(last_year)s gehaald; van %(year)s is er nog geen cijfer") if met else
                   _("het doel is over %(last_year)s niet gehaald; van %(year)s is er nog geen cijfer")) % values
    else:
        meaning = _("het doel is gehaald") if met else _("het doel is niet gehaald")
    return TargetStatus(Status.MET if met else Status.MISSED, f"{what}; {meaning}", prev.value)


def _at_the_edge(ind: Indicator, previous: float) -> str | None:
    """Why "lager dan" (or "hoger dan") the year before cannot be met after a year at the unit's bound: in words, or
    None when it can."""
    assert ind.target is not None and ind.target.operator is not None
    _label, low, high, _whole = UNITS.get(ind.unit, ("", None, None, False))
    operator = Operator(ind.target.operator)
    if operator == Operator.LT and low is not None and previous <= low:
        return _("een %(unit)s kan niet onder %(bound)s komen") % {"unit": _(UNITS[ind.unit][0]),
                                                                   "bound": format_number(low, ind.unit)}
    if operator == Operator.GT and high is not None and previous >= high:
        return _("een %(unit)s kan niet boven %(bound)s komen") % {"unit": _(UNITS[ind.unit][0]),
                                                                    "bound": format_number(high, ind.unit)}
    return None


def _qualitative(ind: Indicator, evidence: Sequence[Evidence], year: int) -> TargetStatus:
    """The newest judgement about `year` or a year before it (the final judgement on 2023 may be given in 2024).
    Once the target year has passed, a judgement of the course (op koers, risico) about a year up to it no longer
    says whether the target was met."""
    known = [e for e in evidence if e.about <= year]
    if not known:
        return TargetStatus(Status.NO_DATA, _("er is nog geen oordeel over het bewijs vastgelegd"))
    latest = max(known, key=lambda e: (e.about, e.date))
    day = dt.date.fromisoformat(latest.date)
    # "Niet op koers" given after the target year, before "niet gehaald" could be chosen, is the outcome it stood
    # for; given before, it is a course like "risico" (second review).
    outcome = latest.status in (Status.MET, Status.MISSED) or (
        latest.status == Status.OFF_TRACK and ind.target_year is not None and day.year > ind.target_year)
    if (ind.target_year is not None and year > ind.target_year and latest.about <= ind.target_year
            and not outcome):
        return TargetStatus(Status.NO_DATA, _("het doeljaar %(target_year)s is voorbij en er is geen eindoordeel; het "
                                              "laatste oordeel (%(status)s, %(date)s) ging over de koers") % {
            "target_year": ind.target_year, "status": _(latest.status), "date": date_text(day)})
    source = f" ({latest.document})" if latest.document else ""
    summary = latest.summary.rstrip().rstrip(".")  # "…meetbaar.; oordeel van" (walk Z)
    if latest.about != day.year:
        words = _("%(summary)s%(source)s; oordeel over %(year)s, van %(date)s") % {
            "summary": summary, "source": source, "year": latest.about, "date": date_text(day)}
    else:
        words = _("%(summary)s%(source)s; oordeel van %(date)s") % {
            "summary": summary, "source": source, "date": date_text(day)}
    if latest.recorded_for:  # a partner in a joint plan may judge its own part otherwise
        words += _(", vastgelegd door de gemeente %(name)s") % {"name": latest.recorded_for}
    status = Status.MISSED if latest.status == Status.OFF_TRACK and outcome else Status(latest.status)
    # "behaald" is a result of the year judged (a review: a 2021 judgement read "behaald over 2023"); "niet gehaald"
    # is about the target year, and a course heads for it.
    return TargetStatus(status, words, about=latest.about if status == Status.MET else ind.target_year)
