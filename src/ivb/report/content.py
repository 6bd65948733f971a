"""What goes into the council report, built from the same safety picture the dashboard shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ivb.domain import catalogue
from ivb.domain.i18n import _
from ivb.domain.picture import VERDICTS_NL, SafetyPicture
from ivb.domain.policy import format_number
from ivb.domain.trend import Trend
from ivb.store.models import Area, Observation
from ivb.store.picture import cached_picture, policy_for
from ivb.store.policies import current_document
from ivb.web.charts import history_chart


@dataclass
class TableRow:
    name: str
    cells: list[str]
    verdict: str


@dataclass
class ReportContent:
    area: Area
    year: int
    policy_title: str
    picture: SafetyPicture
    generated: dt.date
    years: list[tuple[int, str]]  # (year, column heading)
    table: list[TableRow]
    objectives: list
    priorities: list
    improved: list[str]
    attention: list[str]
    actions: list
    other_themes: list
    sources: list[Observation]
    caveats: list[str] = field(default_factory=list)


def build(area: Area, year: int) -> ReportContent:
    picture = cached_picture(area, year)
    doc = current_document(policy_for(area, year))
    counts = [s for s in picture.series if s.unit == "count" and s.points]
    all_years = sorted({p.period.year for s in counts for p in s.points})
    partial = {p.period.year: p.period.label for s in counts for p in s.points if p.period.is_partial_year}
    years = [(y, f"{y} ({partial[y].split(' ', 1)[1]})" if y in partial else str(y)) for y in all_years]
    table = []
    for s in counts:
        by_year = {p.period.year: p for p in s.points}
        table.append(TableRow(s.name, [format_number(by_year[y].value, "count") if y in by_year else "–"
                                       for y, _label in years], _(VERDICTS_NL[s.verdict])))
    indicators = [*picture.objectives, *[i for _k, _t, items in picture.priorities for i in items]]
    improved = [s.name for s in counts if s.verdict == "falling"]
    attention = [s.name for s in counts if s.verdict == "rising"]
    attention += [i.name for i in indicators if i.status.status in ("risico", "niet op koers")]
    from ivb.plan.models import Action

    actions = list(Action.objects.filter(municipality=area, year=year).order_by("due_quarter", "title"))
    used = {(s.key, p.period.code) for s in picture.series for p in s.points}
    sources = [o for o in Observation.objects.filter(area=area, superseded_at__isnull=True).select_related("series")
               .order_by("series__name", "period_start") if (o.series.key, o.period) in used]
    return ReportContent(
        area=area, year=year, policy_title=doc.title, picture=picture, generated=dt.date.today(), years=years,
        table=table, objectives=[_indicator(i) for i in picture.objectives],
        priorities=[(title, [_indicator(i) for i in items]) for _k, title, items in picture.priorities],
        improved=improved, attention=list(dict.fromkeys(attention)), actions=actions,
        other_themes=[(t.title, ", ".join(catalogue.theme(c).code + " " + catalogue.theme(c).name for c in t.themes),
                       t.description) for t in doc.other_themes],
        sources=sources, caveats=_caveats(picture, indicators))


def _indicator(i) -> dict:
    sp = i.series
    latest = sp.latest if sp else None
    chart = ""
    if sp and sp.points and i.unit == "count":
        chart = history_chart(sp.points, i.unit, i.name, i.status.threshold, i.status.projection)
    return {"name": i.name, "value": format_number(latest.value, i.unit) if latest else "–",
            "period": latest.period.label if latest else "", "target": i.target, "status": _(i.status.status),
            "reason": i.status.reason, "sentences": i.sentences, "chart": chart}


def _caveats(picture, indicators) -> list[str]:
    out = []
    for s in picture.series:
        if s.latest is not None and s.latest.period.is_partial_year:
            out.append(_("%(name)s: %(period)s is geen heel jaar.") % {"name": s.name, "period": s.latest.period.label})
        if isinstance(s.trend, Trend) and s.trend.verdict == "too_few":
            out.append(_("%(name)s: geen trendoordeel (%(reason)s).") % {"name": s.name, "reason": s.trend.reason})
        if isinstance(s.trend, Trend) and s.trend.fit is not None and s.trend.fit.breaks:
            out.append(_("%(name)s: breuk in de reeks; de trend is binnen de delen bepaald.") % {"name": s.name})
    for i in indicators:
        if i.indicator.target.inferred:
            out.append(_("%(name)s: het vergelijkingsteken van het doel is afgeleid (%(reason)s)")
                       % {"name": i.name, "reason": i.indicator.target.inferred_reason})
    return out
