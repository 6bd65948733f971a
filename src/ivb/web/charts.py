"""Small inline SVG charts, drawn on the server: no JavaScript, no chart library, a data table beside each.

A partial year is drawn as an open circle and labelled; the target as a dashed line; a projection as a band
from the last figure to the target year.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from ivb.domain.i18n import _
from ivb.domain.observations import Point
from ivb.domain.policy import format_number
from ivb.domain.projection import Projection


@dataclass(frozen=True)
class Box:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int


def _scales(points: list[Point], box: Box, years: tuple[float, float], extra: list[float]):
    values = [p.value / (p.period.exposure if p.period.is_partial_year else 1) for p in points] + extra
    high = max(values + [1]) * 1.1
    low = 0.0
    x0, x1 = years
    span = max(x1 - x0, 1)

    def x(t: float) -> float:
        return box.left + (t - x0) / span * (box.width - box.left - box.right)

    def y(v: float) -> float:
        return box.top + (1 - (v - low) / (high - low)) * (box.height - box.top - box.bottom)

    return x, y, high


def sparkline(points: list[Point], label: str) -> SafeString:
    """A 120 x 32 line of the yearly figures; a partial year is shown per year (open circle)."""
    if len(points) < 2:
        return mark_safe("")
    box = Box(120, 32, 4, 4, 4, 4)
    years = (points[0].period.year, points[-1].period.year)
    x, y, _ = _scales(points, box, years, [])
    coords = [(x(p.period.year), y(p.value / p.period.exposure)) for p in points]
    path = " ".join(f"{'M' if i == 0 else 'L'}{cx:.1f},{cy:.1f}" for i, (cx, cy) in enumerate(coords))
    last = points[-1]
    cx, cy = coords[-1]
    paint = 'fill="#fff" stroke="#154273"' if last.period.is_partial_year else 'fill="#154273"'
    marker = (f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2.5" {paint} '
              f'class="{"partial" if last.period.is_partial_year else "dot"}"/>')
    return mark_safe(f'<svg class="spark" viewBox="0 0 120 32" width="120" height="32" role="img" '
                     f'aria-label="{escape(label)}"><path d="{path}" class="line" fill="none" stroke="#154273" '
                     f'stroke-width="1.5"/>{marker}</svg>')


def history_chart(points: list[Point], unit: str, title: str, target: float | None = None,
                  projection: Projection | None = None) -> SafeString:
    """The full history with target line and projection band. Values of a partial year are shown as
    counted, with an open marker and a label, never stretched to a full year."""
    if not points:
        return mark_safe("")
    box = Box(640, 280, 56, 16, 16, 40)
    first = points[0].period.year
    last = max(points[-1].period.year, projection.year if projection else 0)
    extra = [v for v in (target, projection.high if projection else None) if v is not None]
    x, y, high = _scales(points, box, (first - 0.5, last + 0.5), extra)
    parts = [f'<svg class="chart" viewBox="0 0 {box.width} {box.height}" role="img" aria-label="{escape(title)}">',
             f'<title>{escape(title)}</title>']
    for i in range(5):  # horizontal grid with values
        v = high * i / 4
        parts.append(f'<line x1="{box.left}" x2="{box.width - box.right}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="grid" stroke="#e2e2e2"/>'
                     f'<text x="{box.left - 6}" y="{y(v) + 4:.1f}" class="axis" text-anchor="end">'
                     f'{escape(format_number(round(v, 1), "count" if unit == "count" else unit))}</text>')
    for year in range(first, last + 1):
        parts.append(f'<text x="{x(year):.1f}" y="{box.height - box.bottom + 16}" class="axis" text-anchor="middle">'
                     f'{year}</text>')
    if projection is not None:
        lx, ly = x(points[-1].period.year), y(points[-1].value if not points[-1].period.is_partial_year
                                              else projection.expected if projection.year == points[-1].period.year
                                              else points[-1].value / points[-1].period.exposure)
        px = x(projection.year)
        parts.append(f'<polygon class="band" fill="#154273" fill-opacity="0.15" points="{lx:.1f},{ly:.1f} {px:.1f},{y(projection.high):.1f} '
                     f'{px:.1f},{y(projection.low):.1f}"/>'
                     f'<line class="projection" stroke="#154273" stroke-dasharray="3 3" x1="{lx:.1f}" y1="{ly:.1f}" x2="{px:.1f}" y2="{y(projection.expected):.1f}"/>')
    if target is not None:
        parts.append(f'<line class="target" stroke="#9a1111" stroke-width="1.5" stroke-dasharray="6 4" x1="{box.left}" x2="{box.width - box.right}" y1="{y(target):.1f}" '
                     f'y2="{y(target):.1f}"/><text class="target-label" x="{box.width - box.right}" '
                     f'y="{y(target) - 5:.1f}" text-anchor="end">{escape(_("doel %(value)s") % {"value": format_number(target, unit)})}</text>')
    full = [p for p in points if not p.period.is_partial_year]
    if len(full) > 1:
        path = " ".join(f"{'M' if i == 0 else 'L'}{x(p.period.year):.1f},{y(p.value):.1f}" for i, p in enumerate(full))
        parts.append(f'<path class="line" fill="none" stroke="#154273" stroke-width="2" d="{path}"/>')
    for p in points:
        cls = "partial" if p.period.is_partial_year else "dot"
        paint = 'fill="#fff" stroke="#154273" stroke-width="1.5"' if cls == "partial" else 'fill="#154273"'
        parts.append(f'<circle class="{cls}" {paint} cx="{x(p.period.year):.1f}" cy="{y(p.value):.1f}" r="4"/>')
        if p.period.is_partial_year:
            parts.append(f'<text class="axis" x="{x(p.period.year):.1f}" y="{y(p.value) - 9:.1f}" text-anchor="middle">'
                         f'{escape(p.period.label)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
