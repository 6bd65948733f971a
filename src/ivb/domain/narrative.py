"""Plain Dutch (taalniveau B1) about one indicator, built from its numbers: what happened, the trend, the
target, and a caution where the data are thin. Short sentences, everyday words, no jargon."""

from __future__ import annotations

import itertools

from typing import TYPE_CHECKING

from ivb.domain.calibration import HeldInterval, how_intervals_held, tested_origins
from ivb.domain.break_words import known_break_sentence, removed_break_sentence
from ivb.domain.compare import SIZE_CLASSES
from ivb.domain.i18n import _, listed
from ivb.domain.numbers import format_change, format_margin, format_number, format_percent
from ivb.domain.opendata_tables import plain_series_name
from ivb.domain.periods import month_name
from ivb.domain.plausibility import unusual_year
from ivb.domain.policy import Indicator
from ivb.domain.projection import Projection, beyond_counts, line_now
from ivb.domain.seasonal import EVEN, Profile
from ivb.domain.targets import TargetStatus, baseline_figure, far_from_expected
from ivb.domain.trend import STABLE_WITHIN, Change, Trend
from ivb.domain.vocabulary import Status, Verdict

if TYPE_CHECKING:
    from ivb.domain.compare import DarkNumber
    from ivb.domain.observations import Point
    from ivb.domain.series_picture import SeriesPicture


def sentences(ind: Indicator, sp: SeriesPicture | None, status: TargetStatus, place: str,
              dark: DarkNumber | None = None, size_class: int | None = None) -> list[str]:
    """What a page says of indicator `ind`; `size_class`: the municipality's (compare.SIZE_CLASSES), by which the
    back-test's coverage of its intervals is told."""
    out = []
    if sp is not None and sp.points:
        out += _what_happened(ind.unit, sp, place)
        out += _trend(sp)
    elif sp is not None and (sp.missing or sp.pending):
        why = []
        if sp.missing:
            why.append(_("van %(names)s zijn er nog geen cijfers") % {"names": sp.missing})
        if sp.pending:
            why.append(_("van %(names)s zijn er alleen voorlopige cijfers, die pas meetellen als ze definitief zijn")
                       % {"names": sp.pending})
        said = listed(why)
        out.append(_("%(why)s; zonder die is er geen regiocijfer.") % {"why": said[0].upper() + said[1:]})
    elif sp is not None and sp.first_later:
        out.append(_("Van dit jaar en de jaren ervoor zijn er geen cijfers; het eerste is van %(period)s.")
                   % {"period": sp.first_later})
    elif sp is not None and not sp.empty:
        out.append(_("Er zijn wel cijfers, maar geen die een heel jaar of de maanden vanaf januari beslaan; "
                     "daarom is er geen jaarcijfer."))
    elif ind.unit == "qualitative" and ind.target is not None:
        # The policy's words may end without a full stop (walk BL: "…opgeleverd door RIEC Of het doel …").
        evidence = (ind.target.evidence or "").rstrip()
        out.append(_("Dit doel wordt niet met een getal gemeten, maar met: %(evidence)s") % {
            "evidence": evidence + ("" if evidence.endswith((".", "!", "?")) else ".")})
    else:
        out.append(_("Voor %(place)s zijn nog geen cijfers over '%(name)s' vastgelegd.") % {"place": place, "name": ind.name})
    out.append(status_sentence(ind, status, sp))
    out += _calibrated(sp, status, size_class)
    out += _looked_back(sp) if status.projection is not None else []
    if dark is not None:
        out.append(_("Niet alles wordt gemeld. Als %(share)s%% van de gevallen gemeld wordt, ging het in %(period)s "
                     "in werkelijkheid om ongeveer %(estimate)s gevallen.")
                   % {"share": f"{dark.share_reported:g}", "period": dark.period,
                      "estimate": format_number(round(dark.estimate), "count")})
    out += _cautions(ind, sp)
    return out


def _value(value: float, unit: str) -> str:
    return format_number(round(value, 1), unit)


def _what_happened(unit: str, sp: SeriesPicture, place: str) -> list[str]:
    latest = sp.points[-1]
    if unit == "rank":
        text = _("%(place)s stond in %(period)s op %(rank)s van de lijst.") % {
            "place": place, "period": latest.period.label, "rank": _value(latest.value, "rank")}
        if len(sp.points) > 1:
            prev = sp.points[-2]
            text += " " + _("In %(period)s was dat %(rank)s.") % {"period": prev.period.label,
                                                                 "rank": _value(prev.value, "rank")}
        return [text]
    if unit in ("percent", "grade", "per_100", "per_1000"):
        margin = " " + _("(marge ±%(margin)s)") % {"margin": format_margin(latest.margin, unit)} if latest.margin else ""
        return [f"{plain_series_name(sp.name)}: {_value(latest.value, unit)}{margin} in {latest.period.label}."]
    full = [p for p in sp.points if not p.period.is_partial_year]
    out = []
    if full:
        last_full = full[-1]
        # Walk CE: "Diefstal van motorvoertuigen (politie open data, misdrijven) in Zwolle: 29 in 2025"
        text = f"{plain_series_name(sp.name)} in {place}: {_value(last_full.value, 'count')} in {last_full.period.label}"
        compared = _compared_with(sp, full)
        text += (", " + _("tegen %(figures)s.") % {"figures": listed(
            [f"{_value(p.value, 'count')} in {p.period.label}" for p in compared])} if compared else ".")
        out.append(text)
    if latest.period.is_partial_year:
        out.append(year_to_date_text(sp))
    return out


def _compared_with(sp: SeriesPicture, full: list[Point]) -> list[Point]:
    """The whole years the newest is set against: the year before, and the first year of the trend the page then
    describes (else the series' first). Walk BE: "545 in 2025, tegen 546 in 2012" read as no change beside a trend
    "stijgend, +16% per jaar" over 2019–2025."""
    last = full[-1]
    before = [p for p in full if p.period.year == last.period.year - 1]
    years = sp.trend.years if isinstance(sp.trend, Trend) and sp.trend.years else None
    # The trend's first year, or the first whole year after it when that one was a part (review).
    start = next((p for p in full if years and p.period.year >= years[0]), full[0])
    return [*before, *([start] if start is not last and start not in before else [])]


def year_to_date_text(sp: SeriesPicture) -> str:
    """A count's year under way in words: the months counted, against the same months of the year before, and
    the whole year expected; how it was estimated is `how_estimated`. Also for pages without the series' sentences."""
    latest = sp.points[-1]
    values = {"month": month_name(latest.period.last_month), "year": latest.period.year,
              "value": _value(latest.value, "count"), "without": listed([month_name(m) for m in latest.period.without])}
    text = (_("Van januari tot en met %(month)s %(year)s, zonder %(without)s, waren het er %(value)s.")
            if latest.period.without else
            _("In januari %(year)s waren het er %(value)s.") if latest.period.last_month == 1 else
            _("Van januari tot en met %(month)s %(year)s waren het er %(value)s.")) % values
    earlier = sp.same_months.get(latest.period.year - 1)
    if earlier is not None:
        diff = latest.value - earlier
        values = {"year": latest.period.year - 1, "value": _value(earlier, "count")}
        text += " " + (_("Dat is meer dan in dezelfde maanden van %(year)s (%(value)s).") if diff > 0 else
                       _("Dat is minder dan in dezelfde maanden van %(year)s (%(value)s).") if diff < 0 else
                       _("Dat is evenveel als in dezelfde maanden van %(year)s (%(value)s).")) % values
    if sp.this_year is not None:  # also beside the same months: the profile says how the year goes on
        # Named as the target's status names the same interval ("80%-interval"): one thing, one name.
        # Of a year that is over, the later months are missing, not to come (walk AK: "verwachten" in 2026 of 2025).
        under_way = latest.period.year >= sp.this_calendar_year
        gap = latest.period.without
        bounds = {"low": _value(round(sp.this_year.low), "count"), "high": _value(round(sp.this_year.high), "count")}
        # A small count at its level: whole counts make the interval hold at least 80% (ADR 0046), and the status
        # line calls it so (walk BF: "80%-interval 10–14" here beside "met minstens 80% kans" there).
        interval = (_("met minstens 80%% kans precies %(low)s") if sp.this_year.level and bounds["low"] == bounds["high"] else
                    _("met minstens 80%% kans tussen %(low)s en %(high)s") if sp.this_year.level else
                    _("80%%-interval %(low)s–%(high)s")) % bounds  # walk BJ: "tussen 1 en 1"
        text += " " + (_("Voor heel %(year)s verwachten we er ongeveer %(expected)s (%(interval)s).") if under_way else
                       _("Heel %(year)s is voorbij, maar niet alle maanden zijn er; met de ontbrekende maanden "
                         "geschat: ongeveer %(expected)s (%(interval)s).") if gap else
                       _("Heel %(year)s is voorbij, maar de latere maanden zijn er niet; met die maanden geschat: "
                         "ongeveer %(expected)s (%(interval)s).")) % {
            # A small count's estimate with one decimal, as its status line has it (walk BJ: "ongeveer 1" here,
            # "ongeveer 1,1" there).
            "year": latest.period.year, "interval": interval,
            "expected": _value(round(sp.this_year.expected, 1 if sp.this_year.level else 0), "count")}
        trend = sp.trend
        level = trend.fit.level if isinstance(trend, Trend) and trend.fit is not None else sp.this_year.expected
        if far := far_from_expected(sp.this_year, level):
            text += " " + far[0].upper() + far[1:] + "."
        if sentence := counted_sentence(sp):
            text += " " + sentence
    return text


def counted_sentence(sp: SeriesPicture) -> str:
    """The whole year of a year-to-date estimate as a linked series counted it, and where that lies against the
    estimate's interval; empty when no linked series has that year (walk BS: a report gave "30 (25–35)" for 2019 and,
    two tables on, 42 for the same burglaries)."""
    if sp.counted is None or sp.this_year is None:
        return ""
    c = sp.counted
    values = {"year": c.point.period.year, "name": c.name, "source": c.source,
              "value": _value(c.point.value, "count") + (" " + _("(voorlopig)") if c.point.status == "voorlopig" else "")}
    side = c.side(sp.this_year)
    return (_("In de reeks %(name)s van %(source)s, die hetzelfde meet, is heel %(year)s geteld: %(value)s, binnen het interval "
              "van deze schatting.") if side == "binnen" else
            _("In de reeks %(name)s van %(source)s, die hetzelfde meet, is heel %(year)s geteld: %(value)s, boven het interval "
              "van deze schatting.") if side == "boven" else
            _("In de reeks %(name)s van %(source)s, die hetzelfde meet, is heel %(year)s geteld: %(value)s, onder het interval "
              "van deze schatting.")) % values


def how_estimated(sp: SeriesPicture) -> list[str]:
    """How the whole of a part year was estimated: the monthly pattern, the months missing, the weight of the
    months' pace. Apart from `year_to_date_text` (walk BC: one paragraph of eight numbers on a phone), so a page can
    put it one click away and a report print it after the estimate."""
    latest = sp.latest
    if sp.this_year is None or latest is None or not latest.period.is_partial_year:
        return []
    under_way = latest.period.year >= sp.this_calendar_year
    gap = latest.period.without
    out = [_profile_sentence(sp.this_year.profile, latest.period)]
    if gap:  # walks AY and BA: the months after a missing one count, the missing one is estimated
        out.append(_missing_sentence(gap, to_come=under_way and latest.period.last_month < 12))
    out.append(_rest_sentence(sp.this_year, latest.value, _rest_words(under_way, bool(gap))))
    return [s.strip() for s in out if s.strip()]


def _missing_sentence(missing: tuple[int, ...], to_come: bool) -> str:
    """"Juni ontbreekt nog en is geschat met de maanden die nog komen." (review: of a year that is over, or one whose
    December is there, nothing is to come)."""
    words = {"missing": _capital(listed([month_name(m) for m in missing]))}
    if len(missing) == 1:
        return (_("%(missing)s ontbreekt nog en is geschat met de maanden die nog komen.") if to_come else
                _("%(missing)s ontbreekt en is geschat met het maandpatroon.")) % words
    return (_("%(missing)s ontbreken nog en zijn geschat met de maanden die nog komen.") if to_come else
            _("%(missing)s ontbreken en zijn geschat met het maandpatroon.")) % words


def _rest_words(under_way: bool, gap: bool) -> tuple[str, str]:
    """The months a year was completed with, as the subject of a sentence and after a semicolon: to come (a year
    under way), missing (a year that is over), or both."""
    if under_way and gap:
        return _("De maanden die ontbreken of nog komen,"), _("de maanden die ontbreken of nog komen,")
    if under_way:
        return _("De maanden die nog komen,"), _("de maanden die nog komen,")
    return _("De ontbrekende maanden"), _("de ontbrekende maanden")


def _rest_sentence(projection: Projection, counted: float, months: tuple[str, str] | None = None) -> str:
    """How the months still to come were estimated: the pace of the months counted weighed against what the years
    before expected for the whole year, with that number (walk AZ: without it the weights could not be checked), or
    at the pace alone, and why (ADR 0047). Said when a reader who divides by the share gets another number, or when
    the pace alone was taken; no reason is given for the difference: on a rising or falling trend the two differ
    also when the months counted follow it."""
    profile, weight = projection.profile, projection.months_weight
    if profile is None or projection.level:
        return ""
    subject, after = months or _rest_words(True, False)
    if weight is None:  # at the pace of the months: fewer than four whole years before this one
        # "Van heel …, uit de jaren ervóór alleen": a projection of a later year may rest on the months of this one
        # too (walk CA: "zijn minstens vier hele jaren nodig" beside "verwachting 2027: 416").
        return " " + _("Voor een verwachting van heel %(year)s uit de jaren ervóór alleen zijn minstens vier hele jaren "
                       "nodig; %(months)s zijn daarom geschat in het tempo van de maanden tot nu.") % {
            "months": after, "year": projection.year}
    divided = round(counted / profile.share)
    if divided == round(projection.expected):
        return ""
    weight = round(weight * 100)
    return " " + _("%(months)s zijn geschat uit het tempo van de maanden tot nu (dat telt voor %(weight)s%% mee) en "
                   "uit wat de jaren ervoor voor het hele jaar verwachtten, ongeveer %(before)s (dat telt voor "
                   "%(rest)s%%): hoe meer maanden geteld zijn, hoe zwaarder het tempo doorgaans weegt. Het cijfer "
                   "gedeeld door het deel van het jaar dat die maanden gewoonlijk hebben, zou %(divided)s geven.") % {
        "months": subject, "weight": weight, "rest": 100 - weight, "divided": _value(divided, "count"),
        "before": _value(round(projection.expected_before or 0), "count")}


def _months_to(period) -> str:
    """"september", or with a month missing "september zonder juni": the end of "januari tot en met …"."""
    if not period.without:
        return month_name(period.last_month)
    return _("%(month)s zonder %(without)s") % {"month": month_name(period.last_month),
                                                "without": listed([month_name(m) for m in period.without])}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _profile_sentence(profile: Profile | None, period) -> str:
    """Which seasonal profile completed the year, and the part of a year it gives the months counted."""
    if profile is None:
        return ""
    values = {"label": profile.label, "month": _months_to(period),
              "share": format_number(round(profile.share * 100, 1), "percent")}
    january = period.last_month == 1 and not period.without  # walk BR: "januari tot en met januari"
    return " " + (_("Daarbij gaan we uit van het maandpatroon: %(label)s. Januari is daarin gemiddeld %(share)s van "
                    "een jaar.") if profile.kind != EVEN and january else
                  _("Daarbij gaan we uit van het maandpatroon: %(label)s. Januari tot en met %(month)s is daarin "
                    "gemiddeld %(share)s van een jaar.") if profile.kind != EVEN else
                  _("Van deze cijfers is geen maandpatroon bekend. Daarom gaan we uit van een gelijke verdeling over "
                    "de maanden (januari is dan %(share)s van een jaar), met een ruimere marge.") if january else
                  _("Van deze cijfers is geen maandpatroon bekend. Daarom gaan we uit van een gelijke verdeling over "
                    "de maanden (januari tot en met %(month)s is dan %(share)s van een jaar), met een ruimere "
                    "marge.")) % values + (" " + _("De maanden tot nu lopen meer uiteen dan toeval alleen geeft; "
                                                   "daarom is die marge nog ruimer genomen.") if profile.uneven else "")


def _trend(sp: SeriesPicture) -> list[str]:
    out = _trend_verdict(sp)
    if isinstance(sp.trend, Trend):
        out += [known_break_sentence(k) for k in sp.trend.known_breaks]
        out += [removed_break_sentence(day, reason) for day, reason in sp.removed_breaks]
    return out


def _trend_verdict(sp: SeriesPicture) -> list[str]:
    t = sp.trend
    if isinstance(t, Trend) and t.small_counts and t.mean_per_year is not None:
        # Walk AX: "te weinig gegevens" beside a projection from seven years; the numbers are small, not few.
        return [_("Voor een trend zijn de aantallen te klein: gemiddeld %(mean)s per jaar.") % {
            "mean": format_number(round(t.mean_per_year, 1), "count")}]
    if t.verdict == Verdict.TOO_FEW:
        return [_("Er zijn te weinig gegevens om een trend te zien (%(reason)s).") % {"reason": t.reason}]
    if isinstance(t, Change):
        if sp.unit == "rank":
            return [_("De plaats is gelijk gebleven.") if t.verdict == Verdict.STABLE else
                    (_("De plaats is beter geworden (een hoger nummer is veiliger).") if t.verdict == Verdict.RISING else
                     _("De plaats is slechter geworden (plaats 1 is de onveiligste gemeente)."))]
        if t.verdict == Verdict.STABLE:
            return [_("Ten opzichte van de vorige meting is er geen echte verandering: %(reason)s.") % {"reason": t.reason}]
        if t.longer and t.previous is not None:  # set beside the first measurement of the window (survey_change)
            return [(_("Het cijfer is gestegen sinds %(period)s; %(reason)s.") if t.verdict == Verdict.RISING else
                     _("Het cijfer is gedaald sinds %(period)s; %(reason)s.")) % {
                "reason": t.reason, "period": t.previous.period.label}]
        return [(_("Het cijfer is gestegen sinds de vorige meting; %(reason)s.") if t.verdict == Verdict.RISING else
                 _("Het cijfer is gedaald sinds de vorige meting; %(reason)s.")) % {"reason": t.reason}]
    assert t.years is not None  # a verdict other than too few comes from a fit of at least one point
    first, last = t.years
    if t.verdict in (Verdict.STABLE, Verdict.UNCLEAR) and t.interval is not None and t.change_per_year is not None:
        values = {"first": first, "last": last, "change": _signed_percent(t.change_per_year),
                  "low": _signed_percent(t.interval[0]), "high": _signed_percent(t.interval[1]),
                  "within": format_number(STABLE_WITHIN * 100, "percent")}
        if t.verdict == Verdict.STABLE:  # walk AP: its words had read as those of no clear direction
            return [_("Van %(first)s tot en met %(last)s is het aantal stabiel: er is geen duidelijke stijging of "
                      "daling, en een verandering van meer dan %(within)s per jaar is onwaarschijnlijk "
                      "(waarschijnlijk tussen %(low)s en %(high)s per jaar).") % values]
        # "Wisselen te veel" was wrong for 50, 50, 50, 50: there, few years of small counts leave it open (review).
        return [_("Van %(first)s tot en met %(last)s is er geen duidelijke richting: gemiddeld %(change)s per jaar, "
                  "maar met deze cijfers is een flinke stijging of daling niet uit te sluiten (waarschijnlijk tussen "
                  "%(low)s en %(high)s per jaar).") % values]
    if t.verdict in (Verdict.STABLE, Verdict.UNCLEAR):
        return [_("Van %(first)s tot en met %(last)s is er geen duidelijke stijging of daling.") % {
            "first": first, "last": last}]
    pct = _percent
    assert t.interval is not None and t.change_per_year is not None  # a rising or falling trend comes from a fit
    low, high = sorted(abs(x) for x in t.interval)
    values = {"change": pct(t.change_per_year), "low": pct(low), "high": pct(high), "first": first, "last": last}
    out = [(_("Van %(first)s tot en met %(last)s stijgt het aantal: gemiddeld %(change)s meer per jaar (waarschijnlijk "
              "tussen %(low)s en %(high)s).")
            if t.verdict == Verdict.RISING else
            _("Van %(first)s tot en met %(last)s daalt het aantal: gemiddeld %(change)s minder per jaar (waarschijnlijk "
              "tussen %(low)s en %(high)s).")) % values]
    if (turn := sp.recent_turn) is not None:  # walk CA: "dalend" beside 111, 150, 183
        a, b, c = turn
        words = {"a": _value(a.value, "count"), "b": _value(b.value, "count"), "c": _value(c.value, "count"),
                 "ya": a.period.year, "yb": b.period.year, "yc": c.period.year}
        out.append((_("Let op: de laatste twee jaren ging het de andere kant op: %(a)s in %(ya)s, %(b)s in %(yb)s en "
                      "%(c)s in %(yc)s. Twee jaren zijn te weinig om een nieuwe richting vast te stellen, maar de "
                      "lijn door de jaren ervoor beschrijft de laatste jaren niet goed.")) % words)
    return out


def status_sentence(ind: Indicator, status: TargetStatus, sp: SeriesPicture | None = None) -> str:
    """"Doel: … Stand: …; why." (or why there is no status yet)."""
    if ind.target is None:
        return _("Deze indicator wordt gevolgd, zonder doel: het beleid noemt geen getal om te halen.")
    if status.status == Status.NO_DATA:
        values = {"target": _short_target(ind, sp), "reason": status.reason}
        if ind.target.operator is not None and status.threshold is not None \
                and beyond_counts(ind.target.operator, status.threshold) == 0.0:
            # Walk BN: "Of het gehaald wordt, is nog niet te zeggen: … het doel … is niet te halen".
            return _("Doel: %(target)s. Dit doel is zo niet te beoordelen: %(reason)s.") % values
        # Not "Of het doel (… (de nulmeting: 18,9%)) gehaald wordt" (walk BM: brackets in brackets, and a target in
        # words began with a capital inside them).
        return _("Doel: %(target)s. Of het gehaald wordt, is nog niet te zeggen: %(reason)s.") % values
    return _("Doel: %(target)s. Stand: %(status)s; %(reason)s.") % {
        "target": _short_target(ind, sp), "status": _(status.status), "reason": status.reason}


LINE_SIDE = 0.05  # a last figure this far (on the log scale) from the line is said to lie above or below it


def _starts_at_the_line(sp: SeriesPicture | None, verdict: str) -> str:
    """Why a projection does not go on falling (or rising), with where it starts: the trend line now, and part of
    the last figure's distance from it. Walk BE: "trekt de daling niet door" stood beside 66 in 2025, about 62 for
    2026 and 53 for 2027, which read as a fall carried on; the line stood at 48 in 2026."""
    fit = sp.trend.fit if sp is not None and isinstance(sp.trend, Trend) else None
    why = (_("bij de politiecijfers van alle gemeenten ging een daling van eerdere jaren meestal niet verder.")
           if verdict == Verdict.FALLING else
           _("bij de politiecijfers van alle gemeenten ging een stijging van eerdere jaren meestal niet verder."))
    if fit is None or sp is None or not sp.points:
        return (_("De verwachting trekt de daling niet door:") if verdict == Verdict.FALLING else
                _("De verwachting trekt de stijging niet door:")) + " " + why
    return (_("De verwachting begint waar de trendlijn nu ligt (%(where)s) en trekt de daling niet verder door:")
            if verdict == Verdict.FALLING else
            _("De verwachting begint waar de trendlijn nu ligt (%(where)s) en trekt de stijging niet verder door:")
            ) % {"where": _where(fit, sp)} + " " + why


def _where(fit, sp: SeriesPicture) -> str:
    """'ongeveer 72 in 2025; het laatste cijfer lag erboven en telt deels mee': the trend line's count at the last
    figure, and on which side of it that figure lay."""
    last = sp.points[-1].period
    values = {"line": format_number(round(line_now(fit)), "count"), "year": last.year, "period": last.label}
    if last.is_partial_year:  # the line is a whole year's count: it is set against the months' pace (review)
        return (_("ongeveer %(line)s in %(year)s; het tempo van %(period)s lag erboven en telt deels mee")
                if fit.last_residual > LINE_SIDE else
                _("ongeveer %(line)s in %(year)s; het tempo van %(period)s lag eronder en telt deels mee")
                if fit.last_residual < -LINE_SIDE else _("ongeveer %(line)s in %(year)s")) % values
    return (_("ongeveer %(line)s in %(year)s; het laatste cijfer lag erboven en telt deels mee")
            if fit.last_residual > LINE_SIDE else
            _("ongeveer %(line)s in %(year)s; het laatste cijfer lag eronder en telt deels mee")
            if fit.last_residual < -LINE_SIDE else _("ongeveer %(line)s in %(year)s")) % values


def _held_interval_words(held: HeldInterval, origins: tuple[int, int]) -> str:
    """'Bij de toets … viel het echte aantal bij gemeenten met 250.000 of meer inwoners in 76% van de 960 gevallen
    binnen het interval: lees het als wat te smal.'"""
    if held.size_class is not None:
        group = _("gemeenten met %(size)s") % {"size": next(c for c in SIZE_CLASSES if c.code == held.size_class).label}
    else:
        assert held.level is not None  # a HeldInterval is of a size class or of a level class
        low, high = held.level
        group = (_("reeksen van %(low)s of meer per jaar") % {"low": format_number(low, "count")} if high is None else
                 _("reeksen van %(low)s tot %(high)s per jaar") % {"low": format_number(low, "count"),
                                                                   "high": format_number(high, "count")})
    values = {"group": group, "share": round(held.inside * 100), "n": format_number(held.projections, "count"),
              "first": origins[0], "last": origins[1]}
    return (_("Bij de toets (verwachtingen vanuit %(first)s tot en met %(last)s, naast de latere politiecijfers) "
              "viel het echte aantal bij %(group)s in %(share)s%% van de %(n)s gevallen binnen het interval: lees "
              "het als wat te smal.") if held.inside < 0.8 else
            _("Bij de toets (verwachtingen vanuit %(first)s tot en met %(last)s, naast de latere politiecijfers) "
              "viel het echte aantal bij %(group)s in %(share)s%% van de %(n)s gevallen binnen het interval: lees "
              "het als wat te ruim.")) % values


def _calibrated(sp: SeriesPicture | None, status: TargetStatus, size_class: int | None = None) -> list[str]:
    """Why a projection does not continue the trend just described, and what its interval promises (ADR 0027)."""
    projection = status.projection
    if projection is None or projection.spread is None:
        return []
    verdict = sp.trend.verdict if sp is not None and isinstance(sp.trend, Trend) else ""
    # The year and its interval are named: a page with a year under way shows two intervals.
    values = {"year": projection.year, "low": format_number(round(projection.low), "count"),
              "high": format_number(round(projection.high), "count")}
    promise = _("Het echte aantal van %(year)s valt 8 van de 10 keer binnen het interval %(low)s–%(high)s.") % values
    if sp is not None and "politie." not in sp.key:  # the back-test had police counts only (walk AK)
        # Said as what the interval is made for, not as a tested fact that the next sentence withdraws (walks BA, BR).
        promise = _("Het interval %(low)s–%(high)s is zo gemaakt dat het echte aantal van %(year)s er 8 van de 10 keer "
                    "binnen valt, zoals het bij politiecijfers van alle gemeenten deed. Deze reeks komt niet van de "
                    "politie; voor zulke reeksen is dat niet getoetst.") % values
    elif not projection.from_data_until and (origins := tested_origins()) is not None:
        # Walk BI: the promise named no test; the start years are said as such (read as data years otherwise).
        fit = sp.trend.fit if sp is not None and isinstance(sp.trend, Trend) else None
        held = how_intervals_held(fit.level, size_class) if fit is not None else None
        if held is None:
            promise += " " + _("Zo ging het ook bij de toets: verwachtingen vanuit %(first)s tot en met %(last)s, "
                               "naast de latere politiecijfers van alle gemeenten.") % {"first": origins[0],
                                                                                         "last": origins[1]}
        else:  # walk BO: the largest cities' pages said so where the test found 76%
            # ... as what the interval is made for, not as a fact the next sentence withdraws (walk CC).
            promise = _("Het interval %(low)s–%(high)s is zo gemaakt dat het echte aantal van %(year)s er 8 van de 10 "
                        "keer binnen valt.") % values + " " + _held_interval_words(held, origins)
    if verdict in (Verdict.FALLING, Verdict.RISING):
        return [_starts_at_the_line(sp, verdict) + " " + promise]
    # Without a direction the projection is the level of the years before plus part of the last year's distance
    # from it: after a year far off the line it bends back, which a reader sees and asks about (walk of 4
    # December: "stabiel", a last year of 114 and a projection of 95).
    points = sp.points if sp is not None else []
    last = points[-1] if points and not points[-1].period.is_partial_year else None  # a year under way: not this
    if last is not None and last.value > 0 and abs(projection.expected / last.value - 1) > 0.1:
        values = {"last": format_number(last.value, "count"), "year": last.period.label}
        # "steeg … daarna meestal deels terug" read as rising, then falling back (walk Y): said the other way.
        return [(_("De verwachting ligt onder het laatste cijfer (%(last)s in %(year)s): in de politiecijfers van "
                   "alle gemeenten ging een jaar dat ver boven de lijn door de jaren ervoor lag, daarna meestal voor een deel "
                   "terug omlaag.") if projection.expected < last.value else
                 _("De verwachting ligt boven het laatste cijfer (%(last)s in %(year)s): in de politiecijfers van "
                   "alle gemeenten ging een jaar dat ver onder de lijn door de jaren ervoor lag, daarna meestal voor een deel "
                   "terug omhoog.")) % values + " " + promise]
    fit = sp.trend.fit if sp is not None and isinstance(sp.trend, Trend) else None
    whole = getattr(sp, "this_year", None) if points and points[-1].period.is_partial_year else None
    if sp is not None and fit is not None and whole is not None and whole.expected > 0 \
            and projection.year > whole.year and abs(projection.expected / whole.expected - 1) > 0.1:
        # Walk CF: "heel 2026: ongeveer 58" and then "verwachting 2027: 48" without a word, the chart's line falling.
        values = {"year": projection.year, "this": whole.year, "whole": format_number(round(whole.expected), "count"),
                  "where": _where(fit, sp)}
        return [(_("De verwachting voor %(year)s ligt onder die voor heel %(this)s (ongeveer %(whole)s): ze begint "
                   "waar de trendlijn nu ligt (%(where)s).") if projection.expected < whole.expected else
                 _("De verwachting voor %(year)s ligt boven die voor heel %(this)s (ongeveer %(whole)s): ze begint "
                   "waar de trendlijn nu ligt (%(where)s).")) % values + " " + promise]
    if sp is not None and last is not None and last.value > 0 and fit is not None \
            and abs(projection.expected / last.value - 1) > LINE_SIDE:
        # Walk CE: "stabiel", 684 in 2025 and 644 expected: the chart's band falls to 647 in 2026 and the page
        # did not say why (the line stood at 626).
        return [_("De verwachting begint waar de trendlijn nu ligt (%(where)s).") % {"where": _where(fit, sp)}
                + " " + promise]
    return [promise]


def _looked_back(sp: SeriesPicture | None) -> list[str]:
    """How the same method did on this series' last whole year, projected from the years before it: a reader
    can weigh the projection by it (ADR 0027)."""
    if sp is None or sp.backtest is None:
        return []
    b = sp.backtest
    values = {"year": b.projection.year, **{name: format_number(round(v), "count") for name, v in (
        ("expected", b.projection.expected), ("low", b.projection.low), ("high", b.projection.high),
        ("actual", b.actual))}}
    if b.inside:
        return [_("Terugblik op %(year)s: met alleen de cijfers van de jaren ervoor had IVB %(expected)s verwacht "
                  "(80%%-interval %(low)s–%(high)s); het werden er %(actual)s, binnen het interval.") % values]
    return [_("Terugblik op %(year)s: met alleen de cijfers van de jaren ervoor had IVB %(expected)s verwacht "
              "(80%%-interval %(low)s–%(high)s); het werden er %(actual)s, buiten het interval.") % values]


def _short_target(ind: Indicator, sp: SeriesPicture | None = None) -> str:
    from ivb.domain.policy import target_text

    return target_text(ind, with_inference=False, base=baseline_figure(ind, sp.points if sp is not None else []))


def _cautions(ind: Indicator, sp: SeriesPicture | None) -> list[str]:
    out = []
    if sp is not None and sp.points:
        latest = sp.points[-1]
        if isinstance(sp.trend, Trend) and sp.trend.verdict == Verdict.TOO_FEW and sp.trend.mean_per_year is not None \
                and sp.trend.mean_per_year < 10:
            out.append(_("Let op: het gaat om kleine aantallen, dus toeval speelt een grote rol."))
        for gap in sp.gaps.values():
            out.append(gap.sentence)
        out += [u.sentence for u in sp.unusual]
        if sp.waiting:
            out.append(sp.waiting)
        if latest.period.is_partial_year and latest.period.year not in sp.gaps:
            # "nog" only while the year lasts: of a year long over, the later months are simply not there.
            out.append(_("Let op: %(period)s is nog geen heel jaar.") % {"period": latest.period.label}
                       if latest.period.year >= sp.this_calendar_year else
                       (_("Let op: van %(year)s is alleen januari bekend; het is geen heel jaar.")
                        if latest.period.last_month == 1 else
                        _("Let op: van %(year)s zijn alleen januari tot en met %(month)s bekend; het is geen heel "
                          "jaar.")) % {"year": latest.period.year, "month": month_name(latest.period.last_month)})
        out += provisional_sentences(sp.points)
        if len(sp.points) < 3 and ind.unit != "rank":
            out.append(_("Let op: er is maar één meting.") if len(sp.points) == 1 else
                       _("Let op: er zijn maar twee metingen."))
    if ind.target is not None and ind.target.inferred:
        out.append(_("Let op: het vergelijkingsteken van dit doel ontbreekt in de beleidstekst; IVB heeft het afgeleid."))
    t = ind.target
    if t is not None and t.compare_to == "baseline" and t.change_percent and ind.baseline is not None and \
            baseline_figure(ind, sp.points if sp is not None else []) == 0:
        # Walk AR: "20% minder dan de 0 van 2023" was accepted and printed without a word; a share of nothing is 0.
        out.append(_("Let op: het doel is %(change)s ten opzichte van %(year)s, en toen was het cijfer 0: een "
                     "percentage van 0 is 0, dus het doel komt neer op 0. Kies in het beleid liever een getal.") % {
            "change": format_number(abs(t.change_percent), "percent") + " "
                      + (_("minder") if t.change_percent < 0 else _("meer")), "year": ind.baseline.year})
    elif t is not None and t.compare_to == "baseline" and ind.baseline is not None and ind.unit == "count" \
            and sp is not None and (note := _unusual_baseline(ind.baseline.year, baseline_figure(ind, sp.points), sp.points, t.operator)):
        out.append(note)
    return out


BASELINE_AROUND = 3  # whole years on either side of a baseline that say what was usual around it


def _unusual_baseline(year: int, value: float | None, points: list[Point], operator: str | None) -> str:
    """A baseline `value` (as the target counts it: stated in the policy, else the series' figure of `year`) far out
    of line with the years around it (walk BN: "25% minder dan de 24 van 2023" read "op koers, 92%" where the years
    around 2023 held 0 to 6): a target against it is easy or hard to meet for a reason that is not the policy's
    doing."""
    if value is None:
        return ""
    whole = {p.period.year: p.value for p in points if p.period.kind == "year"}
    others = [v for y, v in whole.items() if y != year and abs(y - year) <= BASELINE_AROUND]
    usual = unusual_year(value, others)
    if usual is None:
        return ""
    values = {"year": year, "value": format_number(value, "count"), "usual": format_number(round(usual), "count"),
              "low": format_number(min(others), "count"), "high": format_number(max(others), "count")}
    high = value > usual
    easy = (operator in ("<", "<=")) == high  # fewer than a high baseline, or more than a low one
    return (_("Let op: de nulmeting, %(value)s in %(year)s, ligt ver boven de jaren eromheen (%(low)s tot %(high)s, "
              "meestal ongeveer %(usual)s); tegen zo'n uitschieter is het doel %(how)s te halen.") if high else
            _("Let op: de nulmeting, %(value)s in %(year)s, ligt ver onder de jaren eromheen (%(low)s tot %(high)s, "
              "meestal ongeveer %(usual)s); tegen zo'n uitschieter is het doel %(how)s te halen.")) % {
        **values, "how": _("makkelijk") if easy else _("moeilijk")}


def series_sentences(sp: SeriesPicture, place: str) -> list[str]:
    """What a monitored series did and its trend, as for an indicator but without a target."""
    if not sp.points:
        return []
    out = _what_happened(sp.unit, sp, place) + _trend(sp)
    if sp.comparison is not None and sp.comparison.of < 2:  # the only one with figures: no "plaats 1 van 1"
        out.append(_("Per 1.000 inwoners: %(rate)s in %(place)s.") % {
            "rate": format_number(sp.comparison.subject.per_1000, "per_1000", decimals=sp.comparison.decimals), "place": place})
    elif sp.comparison is not None:
        c = sp.comparison
        # The same words for the rank as the dashboard's ("plaats 12 van 28 gemeenten met cijfers"), with whom it is
        # among: no table heading here names the group.
        out.append(_("Per 1.000 inwoners: %(rate)s in %(place)s; %(rank)s; plaats 1 heeft het hoogste cijfer.") % {
            "rate": format_number(c.subject.per_1000, "per_1000", decimals=c.decimals), "place": place,
            "rank": c.rank_among_text}
                   + (f" {_capital(c.left_out_text)}." if c.left_out_text else ""))
    out += [gap.sentence for gap in sp.gaps.values()] + [u.sentence for u in sp.unusual]
    return out + provisional_sentences(sp.points)


def provisional_sentences(points) -> list[str]:
    """"Let op" naming every provisional figure of a series (walk CB: 2024 was provisional too, and the text said
    only "het laatste cijfer is voorlopig")."""
    labels = [p.period.label for p in points if p.status == "voorlopig"]
    if not labels:
        return []
    if len(labels) == 1:
        return [_("Let op: het cijfer van %(period)s is voorlopig.") % {"period": labels[0]}]
    return [_("Let op: de cijfers van %(periods)s zijn voorlopig.") % {"periods": listed(labels)}]


def context_sentences(sp: SeriesPicture, place: str) -> list[str]:
    """A context series' change in neutral words: no better or worse, no verdict."""
    full = [p for p in sp.points if not p.period.is_partial_year] or sp.points
    if not full:
        return []
    # The context series are IVB's own (Inwoners, Huishoudens): their names are in the catalogue, so an English
    # sentence does not carry a Dutch word; a name the catalogue lacks stays as it is.
    name = _(sp.name)
    what = _("Het aantal %(name)s") % {"name": name.lower()} if sp.unit == "count" else name
    last = full[-1]
    values = {"what": what, "place": place, "value": _value(last.value, sp.unit), "period": last.period.label}
    if len(full) == 1:
        return [_("%(what)s in %(place)s was %(value)s in %(period)s.") % values]
    first = full[0]
    values.update(first=_value(first.value, sp.unit), first_period=first.period.label)
    if last.value == first.value:
        return [_("%(what)s in %(place)s bleef gelijk: %(value)s in %(first_period)s en in %(period)s.") % values]
    values["change"] = _signed_percent((last.value - first.value) / first.value) if first.value else ""
    text = (_("%(what)s in %(place)s nam toe van %(first)s in %(first_period)s naar %(value)s in %(period)s")
            if last.value > first.value else
            _("%(what)s in %(place)s nam af van %(first)s in %(first_period)s naar %(value)s in %(period)s")) % values
    return [text + (f" ({values['change']})." if values["change"] else ".")] + _jump(sp, full, what)


JUMP = 0.05  # of the 23 one-year changes this large in municipal populations 2012–2025 (70072ned), 20 are border
# changes: 15 mergers in the municipality table, 4 splits it cannot hold (Boarnsterhim, Maasdonk, Haaren) and Weesp


def _jump(sp: SeriesPicture, full: list, what: str) -> list[str]:
    """Walk BD: "Het aantal inwoners in Heerenveen nam toe … (+19,5%)", most of it the part of Boarnsterhim that
    joined in 2014, which the municipality table (one successor each) does not hold. The largest one-year jump of a
    count, where no border note explains it, is named with what it most likely is."""
    if sp.unit != "count" or sp.borders_note:
        return []
    steps = [(b.value / a.value - 1, a, b) for a, b in itertools.pairwise(full)
             if a.value > 0 and b.period.year == a.period.year + 1]
    if not steps:
        return []
    change, before, after = max(steps, key=lambda s: abs(s[0]))
    if abs(change) < JUMP:
        return []
    return [_("Let op: in %(year)s veranderde %(what)s in één jaar met %(change)s (van %(before)s naar %(after)s). Zo'n "
              "sprong komt meestal door een grenswijziging, niet door groei of krimp alleen.") % {
        "year": after.period.year, "what": what[:1].lower() + what[1:], "change": _signed_percent(change),
        "before": _value(before.value, "count"), "after": _value(after.value, "count")}]


def _signed_percent(x: float) -> str:
    """+1,2% or −0,9% (a real minus sign)."""
    return format_percent(x, signed=True)


def _percent(x: float) -> str:
    """A yearly change without its sign (the sentence says whether it rises or falls)."""
    return format_change(abs(x))
