"""The safety picture (veiligheidsbeeld): what the figures say, how sure we are, and where the policy stands.

`build_pictures` takes, per municipality, a policy and the observations, and returns a `SafetyPicture` each.
All count series of all municipalities in the call are fitted in one batch (see `trend`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ivb.domain import narrative
from ivb.domain.i18n import N_, _
from ivb.domain.compare import Comparison, DarkNumber, dark_number
from ivb.domain.observations import Point, SeriesData, annual_points, same_months
from ivb.domain.policy import Indicator, Policy, target_text
from ivb.domain.projection import Projection, project_year
from ivb.domain.targets import Evidence, TargetStatus, evaluate
from ivb.domain.trend import MIN_POINTS, Change, Trend, fit_points, rank_change, survey_change

VERDICTS_NL = {"rising": N_("stijgend"), "falling": N_("dalend"), "stable": N_("stabiel"),
               "too_few": N_("te weinig gegevens")}


@dataclass(frozen=True)
class Backtest:
    """A projection made as if it were a year earlier, set beside what was then measured."""

    projection: Projection
    actual: float
    inside: bool


@dataclass
class SeriesPicture:
    key: str
    name: str
    unit: str
    points: list[Point]  # one per year, a year-to-date figure for the last year when that is all there is
    trend: Trend | Change
    same_months: dict[int, float] = field(default_factory=dict)  # for a year-to-date latest point
    this_year: Projection | None = None  # the full year projected from a year-to-date figure
    backtest: Backtest | None = None
    comparison: Comparison | None = None

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def verdict(self) -> str:
        return self.trend.verdict


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


@dataclass
class SafetyPicture:
    municipality: str
    name: str
    year: int
    policy: str
    objectives: list[IndicatorPicture]
    priorities: list[tuple[str, str, list[IndicatorPicture]]]
    series: list[SeriesPicture]
    priority_fields: dict[str, str] = field(default_factory=dict)  # priority key -> safety field code

    def to_dict(self) -> dict:
        return {
            "gemeente": self.municipality, "naam": self.name, "jaar": self.year, "beleid": self.policy,
            "algemene_doelstellingen": [_indicator_dict(i) for i in self.objectives],
            "prioriteiten": [{"sleutel": k, "titel": t, "indicatoren": [_indicator_dict(i) for i in items]}
                             for k, t, items in self.priorities],
            "reeksen": [_series_dict(s) for s in self.series],
        }


@dataclass
class PictureInput:
    municipality: str
    name: str
    year: int
    policy: Policy
    series: list[SeriesData]  # the municipality's observations, one SeriesData per series
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)  # per indicator key
    comparisons: dict[str, Comparison] = field(default_factory=dict)  # per series key


def build_picture(item: PictureInput) -> SafetyPicture:
    return build_pictures([item])[0]


def build_pictures(items: list[PictureInput]) -> list[SafetyPicture]:
    # One point per year, up to the picture's year: a 2019 picture ignores 2020.
    yearly = [{s.key: annual_points(s.points, item.year) for s in item.series if _is_count(s)} for item in items]
    counts = [(i, s) for i, item in enumerate(items) for s in item.series if _is_count(s)]
    fitted = fit_points([yearly[i][s.key] for i, s in counts], [s.breaks for _, s in counts]) if counts else []
    trend_of = {(i, s.key): t for (i, s), t in zip(counts, fitted, strict=True)}
    backtests = _backtests(counts, yearly)
    return [_assemble(i, item, yearly[i], trend_of, backtests) for i, item in enumerate(items)]


def _is_count(s: SeriesData) -> bool:
    return s.unit == "count" and s.aggregation == "sum"


def _backtests(counts, yearly) -> dict[tuple[int, str], Backtest]:
    """Project the last full year from the years before it, and compare with what was measured."""
    chosen = []
    for i, s in counts:
        points = yearly[i][s.key]
        full = [p for p in points if p.period.kind == "year"]
        if len(full) >= MIN_POINTS + 1:
            last = full[-1]
            chosen.append((i, s, last, [p for p in points if p.period.year < last.period.year]))
    fits = fit_points([before for *_, before in chosen], [s.breaks for _, s, _, _ in chosen]) if chosen else []
    out = {}
    for (i, s, last, _), trend in zip(chosen, fits, strict=True):
        if trend.fit is not None:
            projection = project_year(trend.fit, last.period.year)
            out[(i, s.key)] = Backtest(projection, last.value, projection.low <= last.value <= projection.high)
    return out


def _assemble(i: int, item: PictureInput, yearly: dict, trend_of, backtests) -> SafetyPicture:
    pictures = {}
    for s in item.series:
        points = yearly[s.key] if s.key in yearly else \
            sorted((p for p in s.points if p.period.year <= item.year), key=lambda p: p.period.end)
        if _is_count(s):
            trend: Trend | Change = trend_of[(i, s.key)]
        elif s.unit == "rank":
            trend = rank_change(points)
        else:
            trend = survey_change(points)
        picture = SeriesPicture(s.key, s.name, s.unit, points, trend, backtest=backtests.get((i, s.key)),
                                comparison=item.comparisons.get(s.key))
        latest = picture.latest
        if latest is not None and latest.period.is_partial_year:
            picture.same_months = same_months(s.points, latest.period)
            if isinstance(trend, Trend) and trend.fit is not None:
                picture.this_year = project_year(trend.fit, latest.period.year, latest)
        pictures[s.key] = picture

    def indicator_picture(owner: str, ind: Indicator) -> IndicatorPicture:
        sp = pictures.get(ind.series) if ind.series else None
        trend = sp.trend if sp is not None and isinstance(sp.trend, Trend) else None
        status = evaluate(ind, sp.points if sp else [], item.year, trend, item.evidence.get(ind.key, []))
        dark = None
        if ind.reporting_rate and sp is not None and sp.points:
            full = [p for p in sp.points if not p.period.is_partial_year]
            basis = full[-1] if full else sp.points[-1]
            dark = dark_number(basis.value, ind.reporting_rate.percent, ind.reporting_rate.meaning, basis.period.label)
        return IndicatorPicture(ind.key, ind.name, owner, ind.unit, sp, target_text(ind), status, dark,
                                narrative.sentences(ind, sp, status, item.name, dark), ind)

    policy = item.policy
    return SafetyPicture(
        item.municipality, item.name, item.year, policy.title,
        [indicator_picture(o.key, ind) for o in policy.general_objectives for ind in o.indicators],
        [(p.key, p.title, [indicator_picture(p.key, ind) for ind in p.indicators])
         for p in sorted(policy.priorities, key=lambda p: p.rank)],
        [pictures[s.key] for s in item.series],
        {p.key: (p.fields[0] if p.fields else None) for p in policy.priorities})


# ------------------------------------------------------------------------------------------------ JSON

def _point_dict(p: Point | None) -> dict | None:
    if p is None:
        return None
    return {"periode": p.period.code, "label": p.period.label, "deel_van_jaar": p.period.is_partial_year,
            "waarde": p.value, "status": p.status, **({"marge": p.margin} if p.margin is not None else {})}


def _trend_dict(t: Trend | Change) -> dict:
    out = {"oordeel": _(VERDICTS_NL[t.verdict]), "verdict": t.verdict, "reden": t.reason}
    if isinstance(t, Trend) and t.slope is not None:
        out.update(verandering_per_jaar=t.change_per_year, interval_90=list(t.interval), p_waarde=t.p_value,
                   dispersie=t.dispersion, metingen=t.points, gemiddeld_per_jaar=t.mean_per_year)
    return out


def _projection_dict(p: Projection | None) -> dict | None:
    if p is None:
        return None
    out = {"jaar": p.year, "verwacht": p.expected, "interval_80": [p.low, p.high]}
    if p.chance is not None:
        out["kans_doel_gehaald"] = p.chance
    if p.from_data_until:
        out["al_geteld"] = p.known
        out["gegevens_tot_en_met"] = p.from_data_until
    return out


def _series_dict(s: SeriesPicture) -> dict:
    out = {"reeks": s.key, "naam": s.name, "eenheid": s.unit, "metingen": [_point_dict(p) for p in s.points],
           "trend": _trend_dict(s.trend)}
    if s.same_months:
        out["zelfde_maanden_eerdere_jaren"] = {str(k): v for k, v in s.same_months.items()}
    if s.this_year:
        out["heel_jaar_verwacht"] = _projection_dict(s.this_year)
    if s.backtest:
        out["terugblik"] = {"projectie": _projection_dict(s.backtest.projection), "gemeten": s.backtest.actual,
                            "binnen_interval": s.backtest.inside}
    if s.comparison:
        c = s.comparison
        out["vergelijking"] = {"per_1000": c.subject.per_1000, "rang": c.rank, "van": c.of,
                               "gebieden": [{"code": r.code, "naam": r.name, "per_1000": r.per_1000,
                                             "buurgemeente": r.code in c.neighbours} for r in c.peers],
                               "referentie": [{"code": r.code, "naam": r.name, "per_1000": r.per_1000} for r in c.groups]}
    return out


def _indicator_dict(i: IndicatorPicture) -> dict:
    out = {
        "sleutel": i.key, "naam": i.name, "eenheid": i.unit, "reeks": i.series.key if i.series else None,
        "laatste": _point_dict(i.series.latest) if i.series else None,
        "trend": _trend_dict(i.series.trend) if i.series else None,
        "doel": i.target, "doel_afgeleid": i.indicator.target.inferred,
        "status": i.status.status, "reden": i.status.reason,
        "projectie": _projection_dict(i.status.projection),
        "tekst": " ".join(i.sentences),
    }
    if i.dark_number:
        out["dark_number"] = asdict(i.dark_number)
    return out
