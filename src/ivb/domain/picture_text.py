"""The safety picture as plain text, for the terminal."""

from ivb.domain.picture import VERDICTS_NL, IndicatorPicture, SafetyPicture
from ivb.domain.policy import format_number
from ivb.domain.trend import Trend


def render_text(picture: SafetyPicture) -> str:
    lines = [f"Veiligheidsbeeld {picture.name} ({picture.municipality}) {picture.year}", f"Beleid: {picture.policy}", "",
             "Reeksen"]
    for s in picture.series:
        latest = s.latest
        shown = f"{format_number(latest.value, s.unit)} ({latest.period.label})" if latest else "–"
        line = f"  {s.name:<45} {shown:<28} {VERDICTS_NL[s.verdict]}"
        t = s.trend
        if isinstance(t, Trend) and t.slope is not None:
            line += (f", {_pct(t.change_per_year)} per jaar (90%: {_pct(t.interval[0])} tot {_pct(t.interval[1])}), "
                     f"p = {t.p_value:.3f}".replace(".", ","))
        lines.append(line)
    lines += ["", "Algemene doelstellingen"]
    lines += [line for i in picture.objectives for line in _indicator(i)]
    for _, title, indicators in picture.priorities:
        lines += ["", f"Prioriteit: {title}"]
        lines += [line for i in indicators for line in _indicator(i)]
    return "\n".join(lines)


def _indicator(i: IndicatorPicture) -> list[str]:
    return [f"  {i.name}: {i.status.status.upper()}", *[f"    {s}" for s in i.sentences]]


def _pct(x: float) -> str:
    return f"{x * 100:+.1f}%"
