"""The safety picture (veiligheidsbeeld): what the figures say, how sure we are, and where the policy stands.

`build_pictures` takes, per municipality, a policy (or none) and the observations, and returns a
`SafetyPicture` each. All count series of all municipalities in the call are fitted in one batch (see `trend`).
Beside the policy's indicators, the picture carries the standard set of monitored series (`series.monitored_series`)
and context series (population), which are described but never judged.
"""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from ivb.domain import narrative, seasonal
from ivb.domain.i18n import _, listed
from ivb.domain.compare import Comparison, DarkNumber, dark_number, size_class
from ivb.domain.observations import Point, SeriesData, annual_points, counted_parts, month_gaps, same_months
from ivb.domain.plausibility import EVEN_SHARE, unusual_parts
from ivb.domain.periods import month_name, parse as parse_period
from ivb.domain.overview import newest_figure
from ivb.domain.policy import Indicator, Policy, target_text
from ivb.domain.projection import Projection, project_year
from ivb.domain.region import Member, names_in_words, region_series
from ivb.domain.series_picture import Backtest, CountedElsewhere, SeriesPicture
from ivb.domain.targets import Evidence, TargetStatus, baseline_figure, evaluate, year_under_way
from ivb.domain.trend import MIN_POINTS, Change, Trend, fit_points, fit_series, rank_change, survey_change, window
from ivb.domain.vocabulary import Status, Verdict

POPULATION = "cbs.inwoners"


@dataclass(frozen=True)
class PolicyUse:
    """Which policy a picture uses for its year. relation: current (the year lies in its period),
    starting_point (a year before the first policy: its starting point), expired (a year after the last
    policy), none (no policy stored)."""

    relation: str = "current"
    period: str = ""  # "2020–2023"


def choose_policy(periods: list[tuple[int, int]], year: int) -> tuple[int | None, PolicyUse]:
    """The index of the policy (periods sorted by start) a picture for `year` uses, and how it relates."""
    if not periods:
        return None, PolicyUse("none")
    label = lambda i: f"{periods[i][0]}–{periods[i][1]}"
    for i, (start, end) in enumerate(periods):
        if start <= year <= end:
            return i, PolicyUse("current", label(i))
    later = [i for i, (start, _end) in enumerate(periods) if start > year]
    if later:
        return later[0], PolicyUse("starting_point", label(later[0]))
    return len(periods) - 1, PolicyUse("expired", label(len(periods) - 1))


def policy_notice(use: PolicyUse, year: int, place: str) -> str | None:
    """What a reader must know about the policy behind this picture; None when the year lies in its period."""
    values = {"period": use.period, "year": year, "place": place}
    if use.relation == "expired":
        return _("Het beleid %(period)s is verlopen; er is geen beleid voor %(year)s. Dit beeld zet de cijfers "
                 "van %(year)s naast de doelen van het verlopen beleid.") % values
    if use.relation == "starting_point":
        return _("Er is geen beleid voor %(year)s; dit beeld zet de cijfers van %(year)s naast de doelen van het "
                 "beleid %(period)s, dat later begint.") % values
    if use.relation == "none":
        return _("Er is nog geen veiligheidsbeleid voor %(place)s opgeslagen, dus ook geen doelen. Dit beeld "
                 "toont de cijfers die IVB voor elke gemeente volgt.") % values
    return None


def priority_note(priority, indicators: list[Indicator] | None = None, elsewhere: list[str] | None = None) -> str | None:
    """A priority without measurable targets says so in words, never as a bare heading. `indicators`: those
    that apply to the municipality at hand (default: all of the priority's); `elsewhere`: in a joint plan, the
    names of the members its indicators are for when none is for this one."""
    indicators = list(priority.indicators if indicators is None else indicators)
    if priority.targets_in_annual_plan:
        return _("De doelen voor deze prioriteit volgen in het jaarplan.")
    if any(not _is_monitoring(i) for i in indicators):
        return None
    if not indicators and elsewhere:  # walk AN: "geen meetbare doelen" beside Wijdemeren's own targets
        return _("De indicatoren van deze prioriteit gelden alleen voor %(names)s.") % {
            "names": names_in_words(elsewhere)}
    if indicators:
        return _("Voor deze prioriteit zijn geen meetbare doelen vastgesteld; de cijfers hieronder worden "
                 "gevolgd zonder doel.")
    return _("Voor deze prioriteit zijn geen meetbare doelen vastgesteld.")


def _is_monitoring(ind: Indicator) -> bool:
    return ind.monitoring


@dataclass
class IndicatorPicture:
    key: str
    name: str
    owner: str
    unit: str
    series: SeriesPicture | None
    target: str
    status: TargetStatus
    dark_number: DarkNumber | None
    sentences: list[str]
    indicator: Indicator

    @property
    def monitoring(self) -> bool:
        """Followed without a target: trend and comparison, no status."""
        return _is_monitoring(self.indicator)

    @property
    def region(self) -> bool:
        return self.indicator.scope == "region"

    @property
    def sentences_beside_status(self) -> list[str]:
        """The sentences without the one that says the status: a page shows it beside its badge already, and
        on a phone the same long sentence twice fills a screen."""
        said = narrative.status_sentence(self.indicator, self.status, self.series)
        return [s for s in self.sentences if s != said]

    @property
    def sentences_in_full(self) -> list[str]:
        """The sentences with how a part year was estimated right after its estimate: for paper, where nothing
        can be unfolded (a page shows `series.how_estimated` behind a summary)."""
        lead = self.estimate_sentence
        if not lead or self.series is None:
            return self.sentences
        at = self.sentences.index(lead) + 1 if lead in self.sentences else len(self.sentences)
        return [*self.sentences[:at], " ".join(self.series.how_estimated), *self.sentences[at:]]

    @property
    def estimate_sentence(self) -> str:
        """The sentence that gives a part year's whole-year estimate, after which how it was made follows; empty
        when there is no such estimate."""
        if self.series is None or not self.series.how_estimated:
            return ""
        return narrative.year_to_date_text(self.series)


@dataclass
class SafetyPicture:
    municipality: str
    name: str
    year: int
    policy: str  # the policy's title; empty when there is none
    objectives: list[IndicatorPicture]
    priorities: list[tuple[str, str, list[IndicatorPicture]]]
    series: list[SeriesPicture]  # every series: the policy's, the monitored set, context
    priority_fields: dict[str, list[str]] = field(default_factory=dict)  # priority key -> safety field codes
    priority_notes: dict[str, str] = field(default_factory=dict)  # priority key -> "no measurable targets"
    other_themes: list[tuple[str, str, list[IndicatorPicture]]] = field(default_factory=list)
    policy_use: PolicyUse = field(default_factory=PolicyUse)
    notice: str | None = None  # the policy is expired, or there is none
    lifetime: str | None = None  # the municipality did not exist in this year: formed later, or merged away
    links: dict[str, list[str]] = field(default_factory=dict)  # series key -> keys measuring the same

    @property
    def has_policy(self) -> bool:
        return self.policy_use.relation != "none"

    @property
    def monitored(self) -> list[SeriesPicture]:
        """The standard set, in its order, where figures are stored."""
        return [s for s in self.series if s.monitored and not s.context]

    @property
    def context(self) -> list[SeriesPicture]:
        return [s for s in self.series if s.context]

    @property
    def policy_series(self) -> list[SeriesPicture]:
        """The series that are neither in the standard set nor context nor only linked: the policy's own and any
        entered."""
        return [s for s in self.series if not s.monitored and not s.context and not s.linked]

    def population(self, year: int) -> float | None:
        """The municipality's own population in `year` (CBS), the basis of its rates per 1,000: the comparisons'
        (they read it for the year), else the context series'."""
        found = [s.comparison.subject.population for s in self.monitored if s.comparison is not None]
        found += [p.value for s in self.context if s.key == POPULATION for p in s.points
                  if p.period.year == year and not p.period.is_partial_year]
        return found[0] if found else None

    @property
    def newest(self) -> Point | None:
        """The newest figure of the picture's own series (not the context), as far as the picture's year."""
        return max((p for s in self.series if not s.context for p in s.points),
                   key=lambda p: (p.period.end, p.period.start), default=None)

    @property
    def figures_until(self) -> str:
        """What the figures reach, against the picture's year (walk BG: Hillegom's 2026 page said "Cijfers tot en
        met 2026" and its report was titled 2026 without a figure of 2026; a year under way was said only per
        indicator)."""
        newest = self.newest
        if newest is None:
            return ""
        # One series with a whole year does not make the others whole (review): a part year of any is said.
        parts = [s.points[-1] for s in self.series if not s.context and s.points
                 and s.points[-1].period.is_partial_year and s.points[-1].period.year == self.year]
        newest = max(parts, key=lambda p: p.period.last_month) if parts else newest
        values = {"year": self.year, "newest": newest.period.label, "name": self.name}
        if newest.period.year < self.year:
            return _("Van %(year)s zijn er voor %(name)s nog geen cijfers; de nieuwste zijn van %(newest)s.") % values
        if newest.period.is_partial_year:
            values["newest"] = f"{month_name(newest.period.last_month)} {newest.period.year}"
            # Which series reach the year, when others end before it (walk CA: Ede's 2026 pages said "Cijfers tot en
            # met oktober 2026" where one own registration had months of 2026 and every police series ended in 2025).
            own = [s for s in self.series if not s.context and s.points]
            reaching = [s for s in own if s.points[-1].period.year >= self.year]
            earlier = [s.points[-1].period.year for s in own if s.points[-1].period.year < self.year]
            # Short: it stands above the tiles, which a laptop's first screen must show (test_browser_first_screen).
            if earlier:
                values.update(month=month_name(newest.period.last_month), n=len(reaching),
                              which=reaching[0].name if reaching else "",
                              others=str(max(earlier)) if min(earlier) == max(earlier) else
                              _("%(year)s of eerder") % {"year": max(earlier)})
                return (_("Cijfers tot en met %(newest)s bij %(which)s, de andere tot en met %(others)s; de rest van "
                          "het jaar is geschat.") if len(reaching) == 1 else
                        _("Cijfers van %(year)s bij %(n)s reeksen (de nieuwste tot en met %(month)s), de andere tot en "
                          "met %(others)s; de rest van het jaar is geschat.")) % values
            return _("Cijfers tot en met %(newest)s; de rest van het jaar is geschat.") % values
        return _("Cijfers tot en met %(year)s.") % values

    @property
    def indicators(self) -> list[IndicatorPicture]:
        return [*self.objectives, *[i for _k, _t, items in [*self.priorities, *self.other_themes] for i in items]]

    def to_dict(self) -> dict:
        return {
            "gemeente": self.municipality, "naam": self.name, "jaar": self.year, "beleid": self.policy,
            "beleid_periode": self.policy_use.period or None, "beleid_geldt": self.policy_use.relation,
            "melding": self.notice, "bestaan": self.lifetime, "cijfers_tot": self.figures_until,
            "algemene_doelstellingen": [_indicator_dict(i, self) for i in self.objectives],
            "prioriteiten": [{"sleutel": k, "titel": t, "indicatoren": [_indicator_dict(i, self) for i in items],
                              **({"toelichting": self.priority_notes[k]} if k in self.priority_notes else {})}
                             for k, t, items in self.priorities],
            "overige_themas": [{"sleutel": k, "titel": t, "indicatoren": [_indicator_dict(i, self) for i in items]}
                               for k, t, items in self.other_themes],
            "reeksen": [{**_series_dict(s), "getoond": _shown_dict(self, s)} for s in self.series],
            "gevolgde_reeksen": [s.key for s in self.monitored],
            "context": [{"reeks": s.key, "naam": s.name, "tekst": " ".join(s.sentences)} for s in self.context],
        }


@dataclass
class PictureInput:
    municipality: str
    name: str
    year: int
    policy: Policy | None  # None: no policy stored; the picture shows the monitored series
    series: list[SeriesData]  # the municipality's observations, one SeriesData per series
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)  # per indicator key
    comparisons: dict[str, Comparison] = field(default_factory=dict)  # per series key
    policy_use: PolicyUse = field(default_factory=PolicyUse)
    members: list[Member] = field(default_factory=list)  # a joint policy's municipalities, for region figures
    links: dict[str, list[str]] = field(default_factory=dict)  # series key -> linked series keys (with figures)
    lifetime: str | None = None  # the municipality did not exist in this year (see SafetyPicture.lifetime)
    partners: dict[str, str] = field(default_factory=dict)  # a joint policy's municipalities: code -> name
    today: dt.date | None = None  # the day the picture is read (None: today); a target year it has left behind is over


def build_picture(item: PictureInput) -> SafetyPicture:
    return build_pictures([item])[0]


def build_pictures(items: list[PictureInput]) -> list[SafetyPicture]:
    # The whole country is some 14.000 series and their points, all alive at once and free of reference cycles:
    # Python's cycle collector would walk them again and again (a third of the time, measured in
    # bench/picture.py). Reference counting still frees everything; cycle collection only waits until the end.
    with _cycle_collection_paused():
        return _build_pictures(items)


@contextmanager
def _cycle_collection_paused():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build_pictures(items: list[PictureInput]) -> list[SafetyPicture]:
    every = [item.series + _region_inputs(item) for item in items]
    # One point per year, up to the picture's year: a 2019 picture ignores 2020.
    yearly = [{s.key: annual_points(s.points, item.year) for s in series if _is_count(s)}
              for item, series in zip(items, every, strict=True)]
    counts = [(i, s) for i, series in enumerate(every) for s in series if _is_count(s)]
    # A year-to-date figure holds its season's share of the year, in the fit as in the projection.
    profile_of = {(i, s.key): seasonal.profile_for(s.key, s.name, s.points, yearly[i][s.key][-1].period)
                  for i, s in counts if yearly[i][s.key] and yearly[i][s.key][-1].period.is_partial_year}
    fitted = fit_series([yearly[i][s.key] for i, s in counts], [s.breaks for _i, s in counts],
                        [s.known_breaks for _i, s in counts],
                        lambda n, points: seasonal.shares(counts[n][1].key, counts[n][1].name, counts[n][1].points,
                                                          points)) if counts else []
    trend_of = {(i, s.key): t for (i, s), t in zip(counts, fitted, strict=True)}
    backtests = _backtests(counts, yearly)
    return [_assemble(i, item, every[i], yearly[i], trend_of, backtests, profile_of) for i, item in enumerate(items)]


def _applicable(policy: Policy | None, code: str) -> dict[str, Indicator]:
    """The policy's indicators for municipality `code` by key: region ones included, ones for other members
    left out, a member's own target in place of the common one."""
    if policy is None:
        return {}
    return {ind.key: ind for _owner, ind in policy.indicators_for(code)}


def _priority_note(priority, applicable: dict[str, Indicator], partners: dict[str, str]) -> str | None:
    here = [applicable[i.key] for i in priority.indicators if i.key in applicable]
    elsewhere = list(dict.fromkeys(partners.get(code, code) for i in priority.indicators for code in i.municipalities))
    return priority_note(priority, here, elsewhere)


def _is_region(ind: Indicator) -> bool:
    return ind.scope == "region"


def _region_key(ind: Indicator) -> str:
    return f"regio:{ind.region_rule}:{ind.series}"


def _region_inputs(item: PictureInput) -> list[SeriesData]:
    """The region figures the policy's region indicators need, computed from the members' observations."""
    out: dict[str, SeriesData] = {}
    for ind in _applicable(item.policy, item.municipality).values():
        if _is_region(ind) and ind.series and item.members and _region_key(ind) not in out:
            assert ind.region_rule is not None  # the policy's checks require a rule for a region indicator
            region = region_series(ind.series, ind.region_rule, item.members, POPULATION)
            out[_region_key(ind)] = replace(region, key=_region_key(ind))
    return list(out.values())


def _is_count(s: SeriesData) -> bool:
    return s.unit == "count" and s.aggregation == "sum" and not s.context


def _backtests(counts, yearly) -> dict[tuple[int, str], Backtest]:
    """Project the last full year from the years before it, and compare with what was measured."""
    chosen = []
    for i, s in counts:
        points = yearly[i][s.key]
        full = [p for p in points if p.period.kind == "year"]
        if len(full) >= MIN_POINTS + 1:
            last = full[-1]
            chosen.append((i, s, last, window([p for p in points if p.period.year < last.period.year])))
    fits = fit_points([before for _i, _s, _last, before in chosen], [s.breaks for _i, s, _last, _before in chosen],
                      [s.known_breaks for _i, s, _last, _before in chosen],
                      [seasonal.shares(s.key, s.name, s.points, before) for _i, s, _last, before in chosen]
                      ) if chosen else []
    out = {}
    for (i, s, last, _before), trend in zip(chosen, fits, strict=True):
        if trend.fit is not None:
            projection = project_year(trend.fit, last.period.year)
            out[(i, s.key)] = Backtest(projection, last.value, projection.low <= last.value <= projection.high)
    return out


def _counted_parts(raw: list[Point], points: list[Point], trend, year: int) -> set[str]:
    """The period codes of the months and quarters the picture adds up, in the years its trend reads (else its own
    year): a part far off is said where it moves something shown, not for ever (review). A year with a figure of its
    own, or a year-to-date figure over the part, does not count it (`counted_parts`)."""
    window = trend.years if isinstance(trend, Trend) and trend.years else (year, year)
    shown = {p.period.year for p in points if window[0] <= p.period.year <= max(window[1], year)}
    by_year: dict[int, list[Point]] = {}
    for p in raw:
        if p.period.year in shown:
            by_year.setdefault(p.period.year, []).append(p)
    return {p.period.code for items in by_year.values() for p in counted_parts(items)
            if p.period.kind in ("month", "quarter")}


def _waiting(s: SeriesData, year: int) -> str:
    """A region figure stops where a member's figures stop: "Let op: oktober 2026 telt nog niet mee: Lisse en
    Teylingen hebben er nog geen cijfer van." (walk AF: Hillegom's October was left out without a word)."""
    if not s.lacking or not s.points:
        return ""
    last = max(p.period.end for p in s.points)
    later = [parse_period(code) for code in s.lacking]
    later = [p for p in later if last < p.end and p.year <= year]
    if not later:
        return ""
    later.sort(key=lambda p: (p.end, p.start))
    newest = later[-1]
    # Walk BG: "november 2026 telt nog niet mee" where January to November all did not: the months after the
    # region's last figure that some member has are named, and whoever lacks any of them. Walk BK: Bernheze's "t/m
    # oktober" beside Maashorst's "t/m september" read "oktober 2026 telt nog niet mee" where nothing of 2026 counted.
    span = {ym for ym in _months_of(later) if ym > (last.year, last.month)}
    words, several = _span_words(span, newest)
    why = _lacking_words(s, later, span)
    if not why:  # every member has it (a weighted mean may lack a population of that year): no one to name
        return (_("Let op: %(period)s tellen nog niet mee.") if several else
                _("Let op: %(period)s telt nog niet mee.")) % {"period": words}
    return (_("Let op: %(period)s tellen nog niet mee: %(why)s.") if several else
            _("Let op: %(period)s telt nog niet mee: %(why)s.")) % {"period": words, "why": listed(why)}


def _span_words(span: set[tuple[int, int]], newest) -> tuple[str, bool]:
    """The months that do not count yet, and whether they are several: "oktober 2026", "2026 t/m oktober" (the
    newest period's own name when it is those months), "2025", "januari t/m november 2025", "december 2024 t/m
    november 2025", "2022 en 2023"."""
    months = sorted(span)
    if set(_months_of([newest])) == span:
        return newest.label, False
    years = sorted({y for y, _m in months})
    if len(months) == 12 * len(years):  # whole years
        return listed([str(y) for y in years]), len(years) > 1
    (y0, m0), (y1, m1) = months[0], months[-1]
    if len(months) == 1:
        return f"{month_name(m0)} {y0}", False
    if len(months) == (y1 - y0) * 12 + m1 - m0 + 1:  # one run of months
        return (_("%(first)s t/m %(last)s") % {"first": month_name(m0), "last": month_name(m1)} + f" {y1}" if y0 == y1
                else _("%(first)s t/m %(last)s") % {"first": f"{month_name(m0)} {y0}", "last": f"{month_name(m1)} {y1}"}), True
    return _months_words(span, with_year=True), True


def _months_of(periods) -> set[tuple[int, int]]:
    return {(p.year, m) for p in periods for m in p.counted_months}


def _months_words(months: set[tuple[int, int]], with_year: bool) -> str:
    """"oktober", "januari t/m maart 2026", "2023": whole years by their number, runs of three months or more
    from … to …."""
    parts = []
    for y in sorted({y for y, _m in months}):
        mine = sorted(m for yy, m in months if yy == y)
        if mine == list(range(1, 13)):
            parts.append(str(y))
            continue
        runs: list[list[int]] = []
        for m in mine:
            if runs and runs[-1][-1] == m - 1:
                runs[-1].append(m)
            else:
                runs.append([m])
        named = [_("%(first)s t/m %(last)s") % {"first": month_name(r[0]), "last": month_name(r[-1])}
                 if len(r) >= 3 else listed([month_name(m) for m in r]) for r in runs]
        parts.append(listed(named) + (f" {y}" if with_year else ""))
    return listed(parts)


def _lacking_words(s: SeriesData, later: list, span: set[tuple[int, int]]) -> list[str]:
    """Who lacks what of the months that do not count yet: "Maashorst heeft van oktober nog geen cijfer", or "…
    heeft er nog geen cijfer van" when it lacks them all; whose figures are still provisional (walk AJ); and, when
    some of those months every member has, that a figure over several months counts only once every member has
    them all (walk BK: Bernheze's "t/m oktober")."""
    with_year = len({y for y, _m in span}) > 1
    lacking: dict[tuple, list[str]] = {}
    provisional: dict[tuple, list[str]] = {}
    for name in dict.fromkeys(n for p in later for n in s.lacking[p.code]):
        lacked = _months_of([p for p in later if name in s.lacking[p.code]])
        held = _months_of([p for p in later if name not in s.lacking[p.code]
                           and name not in s.unconfirmed.get(p.code, ())])
        # Months it has, provisional, are said as such (walk BM: "heeft van oktober nog geen cijfer" beside "het
        # cijfer … over oktober is nog voorlopig").
        waiting = _months_of([p for p in later if name in s.unconfirmed.get(p.code, ())])
        if gone := (lacked - held - waiting) & span:
            lacking.setdefault(tuple(sorted(gone)), []).append(name)
    for name in dict.fromkeys(n for p in later for n in s.unconfirmed.get(p.code, ())):
        if waits := _months_of([p for p in later if name in s.unconfirmed.get(p.code, ())]) & span:
            provisional.setdefault(tuple(sorted(waits)), []).append(name)
    out = _grouped_words(lacking, span, with_year, (
        _("%(names)s heeft er nog geen cijfer van"), _("%(names)s hebben er nog geen cijfer van"),
        _("%(names)s heeft van %(months)s nog geen cijfer"), _("%(names)s hebben van %(months)s nog geen cijfer")))
    out += _grouped_words(provisional, span, with_year, (
        _("het cijfer van %(names)s is nog voorlopig"), _("de cijfers van %(names)s zijn nog voorlopig"),
        _("het cijfer van %(names)s over %(months)s is nog voorlopig"),
        _("de cijfers van %(names)s over %(months)s zijn nog voorlopig")))
    explained = {ym for months in [*lacking, *provisional] for ym in months}
    if (lacking or provisional) and span - explained:
        out.append(_("een cijfer over meer maanden samen telt pas mee als elke gemeente al die maanden heeft"))
    return out


def _grouped_words(groups: dict[tuple, list[str]], span: set[tuple[int, int]], with_year: bool,
                   templates: tuple[str, str, str, str]) -> list[str]:
    """One clause per group of members with the same months: the whole span (one member, several), or some of its
    months (one, several)."""
    out = []
    for months, who in groups.items():
        values = {"names": names_in_words(who), "months": _months_words(set(months), with_year)}
        whole = set(months) == span
        out.append(templates[(0 if whole else 2) + (len(who) > 1)] % values)
    return out


def _removed_inside(removed: list, trend) -> list:
    """The shipped breaks taken away that fall within the years the trend was fitted on: as with the breaks
    corrected for, one outside them played no part and is not mentioned."""
    years = trend.years if isinstance(trend, Trend) else None
    if not years:
        return []
    return [(day, reason) for day, reason in removed if dt.date(years[0], 1, 1) < day <= dt.date(years[1], 12, 31)]


def _series_picture(i: int, item: PictureInput, s: SeriesData, yearly: dict, trend_of, backtests,
                    profile_of, by_key: dict[str, SeriesData]) -> SeriesPicture:
    points = yearly[s.key] if s.key in yearly else \
        sorted((p for p in s.points if p.period.year <= item.year), key=lambda p: p.period.end)
    if s.context:
        trend: Trend | Change = Change(Verdict.CONTEXT, _("dit cijfer beschrijft de gemeente, niet de veiligheid"))
    elif _is_count(s):
        trend = trend_of[(i, s.key)]
    elif s.unit == "rank":
        trend = rank_change(points)
    else:
        trend = survey_change(points, s.unit)
    picture = SeriesPicture(s.key, s.name, s.unit, points, trend, backtest=backtests.get((i, s.key)),
                            comparison=item.comparisons.get(s.key), source=s.source, monitored=s.monitored,
                            context=s.context, method=s.method, linked=s.linked,
                            removed_breaks=_removed_inside(s.removed_breaks, trend), borders_note=s.borders_note,
                            missing=s.missing, pending=s.pending, stand=s.unit == "count" and s.aggregation != "sum",
                            today=item.today)
    if any(p.period.is_partial_year for p in points):  # a month missing somewhere is said, with what it leaves out
        years = {p.period.year for p in points}
        gaps = month_gaps(s.points, s.lacking, s.unconfirmed) if s.key.startswith("regio:") else month_gaps(s.points)
        picture.gaps = {y: g for y, g in gaps.items() if y in years}
    picture.waiting = _waiting(s, item.year)
    if _is_count(s) and points and any(p.period.kind in EVEN_SHARE for p in s.points):
        picture.unusual = unusual_parts(s.points, s.unit, _counted_parts(s.points, points, trend, item.year))
    if not points:
        later = [p for p in s.points if p.period.year > item.year]
        picture.first_later = min(later, key=lambda p: p.period.end).period.label if later else ""
        picture.empty = not s.points
    latest = picture.latest
    if latest is not None and latest.period.is_partial_year:
        picture.same_months = same_months(s.points, latest.period)
        picture.profile = profile_of.get((i, s.key)) or seasonal.profile_for(s.key, s.name, s.points, latest.period)
        # The whole year is estimated on the page of that year only: on a later year's page it would be a
        # forecast of a year that is over ("voor heel 2019 verwachten we ..." on the 2025 page).
        if _is_count(s) and latest.period.year == item.year:
            picture.this_year = year_under_way(trend if isinstance(trend, Trend) else None, points, picture.profile)
            picture.counted = _counted_elsewhere(item, s.key, item.year, by_key)
            picture.how_estimated = narrative.how_estimated(picture)
    if s.context:
        picture.sentences = narrative.context_sentences(picture, item.name)
    elif s.monitored:
        picture.sentences = narrative.series_sentences(picture, item.name)
    return picture


def _counted_elsewhere(item: PictureInput, key: str, year: int, by_key: dict[str, SeriesData]) -> CountedElsewhere | None:
    """`year` whole, as counted by the first series linked to `key` that has it; None when none has."""
    for linked in item.links.get(key, []):
        # Only a count added up over the year is that year's count (review: a linked rate per 1.000 was set beside
        # the count's interval).
        if (s := by_key.get(linked)) is None or s.unit != "count" or s.aggregation != "sum":
            continue
        if (whole := next((p for p in s.points if p.period.kind == "year" and p.period.year == year), None)) is not None:
            return CountedElsewhere(whole, s.key, s.name, s.source)
    return None


def _size_class_of(item: PictureInput, pictures: dict) -> int | None:
    """The municipality's size class (compare.SIZE_CLASSES) by its population in the picture's year, else the
    newest before it: the back-test classed each projection by the population in its start year. None without one."""
    found = [c.subject.population for c in item.comparisons.values() if c is not None and c.subject.population > 0]
    if not found and (sp := pictures.get(POPULATION)) is not None:
        found = [p.value for p in sp.points if not p.period.is_partial_year and p.period.year <= item.year][-1:]
    return size_class(found[0]).code if found and found[0] > 0 else None


def _assemble(i: int, item: PictureInput, series: list[SeriesData], yearly: dict, trend_of, backtests,
              profile_of) -> SafetyPicture:
    by_key = {s.key: s for s in series}
    pictures = {s.key: _series_picture(i, item, s, yearly, trend_of, backtests, profile_of, by_key) for s in series}
    region_name = names_in_words([m.name for m in item.members])

    size = _size_class_of(item, pictures)

    def indicator_picture(owner: str, ind: Indicator) -> IndicatorPicture:
        region = _is_region(ind)
        sp = pictures.get(_region_key(ind) if region else ind.series) if ind.series else None
        place = region_name if region and item.members else item.name
        if _is_monitoring(ind):
            # The reason follows the status word ("gevolgd"), so it does not repeat it (walk T: "gevolgd gevolgd").
            status = TargetStatus(Status.MONITORED, _("zonder doel: het beleid noemt geen getal om te halen"))
            target = _("gevolgd, zonder doel")
        else:
            trend = sp.trend if sp is not None and isinstance(sp.trend, Trend) else None
            status = evaluate(ind, sp.points if sp else [], item.year, trend, item.evidence.get(ind.key, []),
                              profile=sp.profile if sp else None, summed=not (sp and sp.stand),
                              first_year=item.policy.period.start if item.policy else None, today=item.today)
            target = target_text(ind, base=baseline_figure(ind, sp.points if sp else []))
        dark = None
        if ind.reporting_rate and sp is not None and sp.points:
            full = [p for p in sp.points if not p.period.is_partial_year]
            basis = full[-1] if full else sp.points[-1]
            dark = dark_number(basis.value, ind.reporting_rate.percent, ind.reporting_rate.meaning, basis.period.label)
        return IndicatorPicture(ind.key, ind.name, owner, ind.unit, sp, target, status, dark,
                                narrative.sentences(ind, sp, status, place, dark, None if region else size), ind)

    policy, use = item.policy, item.policy_use
    notice = policy_notice(use, item.year, item.name)
    shown = [pictures[s.key] for s in item.series]
    if policy is None:
        return SafetyPicture(item.municipality, item.name, item.year, "", [], [], shown, policy_use=use, notice=notice,
                             links=item.links, lifetime=item.lifetime)
    applicable = _applicable(policy, item.municipality)

    def of(owner) -> list[IndicatorPicture]:
        return [indicator_picture(owner.key, applicable[i.key]) for i in owner.indicators if i.key in applicable]

    priorities = sorted(policy.priorities, key=lambda p: p.rank)
    return SafetyPicture(
        item.municipality, item.name, item.year, policy.title,
        [i for o in policy.general_objectives for i in of(o)],
        [(p.key, p.title, of(p)) for p in priorities], shown,
        # The fields a priority spans: those it names, and those of its themes (a priority on theme 1.3 alone is
        # in field 1; the dashboard said "1. … geen prioriteit" beside it: walk V).
        priority_fields={p.key: list(dict.fromkeys([*p.fields, *(t.split(".")[0] for t in p.themes)]))
                         for p in priorities},
        priority_notes={p.key: note for p in priorities if (note := _priority_note(p, applicable, item.partners))},
        other_themes=[(t.key, t.title, items) for t in policy.other_themes if (items := of(t))],
        policy_use=use, notice=notice, links=item.links, lifetime=item.lifetime)


# ------------------------------------------------------------------------------------------------ JSON

def _point_dict(p: Point | None) -> dict | None:
    if p is None:
        return None
    return {"periode": p.period.code, "label": p.period.label, "deel_van_jaar": p.period.kind != "year",
            "waarde": p.value, "status": p.status, "marge": p.margin}  # always there: null without one (walk AW)


def _trend_dict(s: SeriesPicture) -> dict:
    """The trend of a series: `oordeel` in the words every page uses ("veiliger" for a rank), `verdict` the
    machine's value."""
    t = s.trend
    out: dict[str, object] = {"oordeel": s.verdict_words, "verdict": t.verdict, "reden": t.reason}
    if isinstance(t, Trend) and t.slope is not None:
        assert t.interval is not None  # set with the slope, by the fit
        out.update(verandering_per_jaar=t.change_per_year, interval_90=list(t.interval), p_waarde=t.p_value,
                   dispersie=t.dispersion, metingen=t.points, gemiddeld_per_jaar=t.mean_per_year)
    if isinstance(t, Trend) and t.known_breaks:  # corrected for with their known size, no step estimated
        out["gecorrigeerde_breuken"] = [{"datum": k.date.isoformat(), "factor": k.factor, "reden": k.reason,
                                         "tekst": narrative.known_break_sentence(k)} for k in t.known_breaks]
    return out


def _projection_dict(p: Projection | None) -> dict | None:
    if p is None:
        return None
    out = {"jaar": p.year, "verwacht": p.expected, "interval_80": [p.low, p.high]}
    if p.level:  # a small count at its level (ADR 0046): whole counts make the interval cover at least 80%
        out["op_niveau"] = True
    if p.path:  # the whole years between the last figure and this one, as the chart's band passes through them
        out["tussenjaren"] = [{"jaar": b.year, "verwacht": b.expected, "interval_80": [b.low, b.high]} for b in p.path]
    if p.chance is not None:
        out["kans_doel_gehaald"] = p.chance
        if p.chance_shown is not None:  # as pages and reports print it, and the status follows it
            out["kans_doel_gehaald_getoond"] = p.chance_shown
        if p.held is not None:  # the back-test's class of that chance did not keep its word: how it held
            out["zulke_kansen_bij_de_toets"] = {
                "van": p.held.low, "tot": p.held.high, "aandeel_gehaald": p.held.share_met,
                "toets": ("landelijke maandcijfers" if p.held.year_to_date else
                          "alleen wat toen bekend was" if p.held.known_outcomes_only else "alle gemeenten"),
                "startjaren": [p.held.first_origin, p.held.last_origin],
                # ADR 0061: the class of series whose window started far above the rest, as the words say
                "reeksen_met_hoog_eerste_jaar": p.held.high_start}
    if p.from_data_until:
        out["al_geteld"] = p.known
        out["gegevens_tot_en_met"] = p.from_data_until
    if p.profile is not None:
        out["maandpatroon"] = {"omschrijving": p.profile.label, "soort": p.profile.kind,
                               "aandeel_al_geteld": p.profile.share, "sd_aandeel": p.profile.sd}
    if p.months_weight is not None:  # completed with the trend (ADR 0047): how much the months' pace weighed,
        out["gewicht_maanden"] = p.months_weight  # against what the years before expected for the whole year
        out["verwacht_uit_eerdere_jaren"] = p.expected_before
    return out


def _estimate_dict(s: SeriesPicture) -> dict:
    """The whole year expected of a part year, with how it was estimated in words (the page folds those away)."""
    out = {**(_projection_dict(s.this_year) or {}), "hoe_geschat": " ".join(s.how_estimated)}
    if s.counted is not None and s.this_year is not None:  # that year whole, as a linked series counted it
        out["geteld_elders"] = {**(_point_dict(s.counted.point) or {}), "reeks": s.counted.key,
                                "bron": s.counted.source, "ligt": s.counted.side(s.this_year)}
    return out


def _unusual_dicts(found) -> list[dict]:
    return [{"periode": u.period, "waarde": u.value, "gebruikelijk": u.usual, "tekst": u.sentence} for u in found]


def _series_dict(s: SeriesPicture) -> dict:
    out = {"reeks": s.key, "naam": s.name, "eenheid": s.unit, "metingen": [_point_dict(p) for p in s.points],
           "trend": _trend_dict(s), "bron": s.source, "gevolgd": s.monitored, "context": s.context}
    if s.method:
        out["methode"] = s.method
    if s.sentences:
        out["tekst"] = " ".join(s.sentences)
    if s.same_months:
        out["zelfde_maanden_eerdere_jaren"] = {str(k): v for k, v in s.same_months.items()}
    if s.this_year:
        out["heel_jaar_verwacht"] = _estimate_dict(s)
    if s.unusual:
        out["ongewone_cijfers"] = _unusual_dicts(s.unusual)
    if s.removed_breaks:
        out["weggehaalde_breuken"] = [{"datum": day.isoformat(), "reden": reason,
                                       "tekst": narrative.removed_break_sentence(day, reason)} for day, reason in s.removed_breaks]
    if s.backtest:
        out["terugblik"] = {"projectie": _projection_dict(s.backtest.projection), "gemeten": s.backtest.actual,
                            "binnen_interval": s.backtest.inside}
    if s.comparison:
        c = s.comparison
        # No place (fewer inhabitants than the ranking takes): rang and van are empty, as on the pages.
        out["vergelijking"] = {"per_1000": c.subject.per_1000, "rang": c.rank or None, "van": c.of or None,
                               "gedeeld_met": c.sharing if c.rank else None, "onder": c.among or None,
                               # Each peer's place as the list of all peers shows it (None: too few inhabitants), and
                               # the provisional mark the pages put beside a figure (walk CB: only the pages had both).
                               "gebieden": [{"code": r.code, "naam": r.name, "per_1000": r.per_1000,
                                             "buurgemeente": r.code in c.neighbours, "plaats": place,
                                             "voorlopig": r.code in c.provisional} for r, place in c.places],
                               "referentie": [{"code": r.code, "naam": r.name, "per_1000": r.per_1000,
                                               "voorlopig": r.code in c.provisional} for r in c.groups]}
    return out


def _shown_dict(picture: SafetyPicture, series: SeriesPicture | None) -> dict | None:
    """The figure the dashboard shows for a series: the newest of it and the series linked to it (open data
    measuring the same, ADR 0019), with the series it comes from and its source (walk W: the API gave only the
    series' own newest figure, so a partner could not rebuild the page's)."""
    shown = newest_figure(picture, series)
    return {**(_point_dict(shown.point) or {}), "reeks": shown.series.key, "bron": shown.source} if shown else None


def _indicator_dict(i: IndicatorPicture, picture: SafetyPicture) -> dict:
    out: dict[str, object] = {
        "sleutel": i.key, "naam": i.name, "eenheid": i.unit, "reeks": i.series.key if i.series else None,
        "laatste": _point_dict(i.series.latest) if i.series else None,
        # "laatste": the indicator's own series' newest figure; "getoond": the one the dashboard shows.
        "getoond": _shown_dict(picture, i.series),
        "trend": _trend_dict(i.series) if i.series else None,
        "doel": i.target, "doel_afgeleid": bool(i.indicator.target and i.indicator.target.inferred),
        # The number the status was judged against, worked out (walk BH: a script found 124 only in a sentence).
        "doel_grens": i.status.threshold,
        "doel_vergelijking": i.indicator.target.operator if i.indicator.target else None,
        "gevolgd_zonder_doel": i.monitoring, "status": i.status.status, "reden": i.status.reason,
        # The year the status is about (walk BL: a script could not tell a result about 2025 from a course to 2027).
        "doeljaar": i.indicator.target_year, "status_over_jaar": i.status.about,
        "projectie": _projection_dict(i.status.projection),
        "tekst": " ".join(i.sentences),
    }
    if i.series is not None and i.series.this_year is not None:  # the year under way, also when the target is later
        out["heel_jaar_verwacht"] = _estimate_dict(i.series)
    if i.series is not None and i.series.unusual:  # walk BG: the API was silent where the page's table marked it
        out["ongewone_cijfers"] = _unusual_dicts(i.series.unusual)
    if i.region and i.series is not None:
        out["regio"] = True
        out["methode"] = i.series.method
    if i.dark_number:  # in the API's words, as every other key (walk AW: "dark_number", "estimate")
        d = i.dark_number
        out["verborgen_aantal"] = {"gemeld": d.reported, "percentage_gemeld": d.share_reported, "schatting": d.estimate,
                                   "aanname": d.assumption, "periode": d.period}
    return out
