"""The safety picture as plain text, for the terminal."""

from ivb.domain.break_words import date_text, signed_step
from ivb.domain.i18n import _
from ivb.domain.numbers import format_change, format_number, format_p_value
from ivb.domain.opendata_tables import source_words
from ivb.domain.overview import status_note
from ivb.domain.picture import (
    IndicatorPicture,
    SafetyPicture,
    SeriesPicture,
)
from ivb.domain.trend import Trend


def render_text(picture: SafetyPicture) -> str:
    policy = picture.policy + (f" ({picture.policy_use.period})" if picture.policy_use.period else "")
    lines = [f"Veiligheidsbeeld {picture.name} ({picture.municipality}) {picture.year}",
             f"Beleid: {policy}" if picture.has_policy else "Beleid: geen"]
    if picture.lifetime:
        lines.insert(1, picture.lifetime)
    if picture.notice:
        lines.append(picture.notice)
    if not picture.series:
        lines.append(_("Er zijn voor %(place)s nog geen cijfers opgeslagen.") % {"place": picture.name})
    if picture.policy_series:
        lines += ["", "Reeksen"] + [_series_line(s) + _place(s) for s in picture.policy_series]
    if picture.monitored:
        lines += ["", "Gevolgde cijfers (voor elke gemeente)"]
        # The newest figure's own source, as the dashboard names it: a figure typed in by hand keeps its own.
        lines += [_series_line(s) + _place(s) + f"  [Bron: {source_words(s.latest.source if s.latest and s.latest.source else s.source)}]"
                  for s in picture.monitored]
    if picture.context:
        lines += ["", "Context (geen oordeel)"] + [f"  {' '.join(s.sentences)}" for s in picture.context]
    if not picture.has_policy:
        return "\n".join(lines)
    if picture.objectives:
        lines += ["", "Algemene doelstellingen"]
        lines += [line for i in picture.objectives for line in _indicator(i)]
    for key, title, indicators in picture.priorities:
        lines += ["", f"Prioriteit: {title}"]
        if key in picture.priority_notes:
            lines.append(f"  {picture.priority_notes[key]}")
        lines += [line for i in indicators for line in _indicator(i)]
    for _key, title, indicators in picture.other_themes:
        lines += ["", f"Overig thema: {title}"]
        lines += [line for i in indicators for line in _indicator(i)]
    return "\n".join(lines)


def _series_line(s: SeriesPicture) -> str:
    latest = s.latest
    shown = f"{format_number(latest.value, s.unit)} ({latest.period.label})" if latest else "–"
    line = f"  {s.name:<45} {shown:<28} {s.plain_verdict_words}"
    t = s.trend
    if isinstance(t, Trend) and t.slope is not None:
        assert t.interval is not None and t.change_per_year is not None and t.p_value is not None  # set with the slope
        if t.years is not None:
            line += f" ({t.years[0]}–{t.years[1]})"
        line += s.turn_words  # "dalend (2019–2025), maar 2024 en 2025 hoger"
        line += (f", {_pct(t.change_per_year)} per jaar (90%: {_pct(t.interval[0])} tot {_pct(t.interval[1])}), "
                 f"p {_p(t.p_value)}")
        line += "".join("; " + _("gecorrigeerd voor de breuk per %(date)s (landelijk %(step)s)")
                        % {"date": date_text(k.date), "step": signed_step(k.factor)} for k in t.known_breaks)
        line += "".join("; " + _("correctie voor de breuk per %(date)s weggehaald") % {"date": date_text(day)}
                        for day, _reason in s.removed_breaks)
    if s.this_year is not None and latest is not None:  # the year under way, as its page estimates it
        # A small count's band holds at least 80% (whole counts, ADR 0046), as its page says.
        line += "; " + (_("heel %(year)s verwacht: %(expected)s (minstens 80%%: %(low)s–%(high)s)")
                        if s.this_year.level else _("heel %(year)s verwacht: %(expected)s (80%%: %(low)s–%(high)s)")) % {
            "year": latest.period.year, "expected": format_number(round(s.this_year.expected), "count"),
            "low": format_number(round(s.this_year.low), "count"), "high": format_number(round(s.this_year.high), "count")}
        if s.counted is not None:  # that year whole, as a linked series counted it
            line += "; " + _("geteld in %(name)s: %(value)s") % {
                "name": s.counted.name, "value": format_number(s.counted.point.value, "count")}
    return line


def _place(s: SeriesPicture) -> str:
    """'; 1,5 per 1.000 inwoners, plaats 2 van 31 gemeenten met cijfers (Politie-eenheid Limburg)', as the series
    page says it (walk CD: the text output gave no rate or place at all)."""
    c = s.comparison
    if c is None:
        return ""
    rate = _("%(rate)s per 1.000 inwoners") % {"rate": format_number(c.subject.per_1000, "per_1000", decimals=c.decimals)}
    return f"; {rate}" + (f", {c.rank_among_text}" if c.rank_among_text else "")


def _indicator(i: IndicatorPicture) -> list[str]:
    status = _("gevolgd, zonder doel").upper() if i.monitoring else i.status.status.upper()
    # The year it is about where the figure does not say, as the pages (walk BM: "RISICO" alone).
    note = "" if i.monitoring else status_note(i, i.series.latest if i.series else None)
    method = [f"    Regiocijfer: {i.series.method}"] if i.region and i.series is not None else []
    return [f"  {i.name}: {status}" + (f" ({note})" if note else ""), *method, *[f"    {s}" for s in i.sentences_in_full]]


def _p(p: float) -> str:
    text = format_p_value(p)
    return text if text.startswith("<") else f"= {text}"


def _pct(x: float) -> str:
    return format_change(x, signed=True)
