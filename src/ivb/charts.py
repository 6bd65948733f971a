"""Small inline SVG charts, drawn on the server: no JavaScript, no chart library, a data table beside each.

Made to read at a glance: ticks on 1-2-5 steps in Dutch notation, axis titles with the unit, rank charts
with the safer (higher) places at the top and a range around the data, every label outside the plot area (so no line crosses it)
and inside the picture, and a legend naming the line, the partial year, the target and the projection.
The same SVG goes into the PDF (WeasyPrint) and, rasterised with CairoSVG, into the DOCX.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from ivb.domain.i18n import _, listed
from ivb.domain.observations import Point
from ivb.domain.numbers import format_number
from ivb.domain.projection import Projection

INK = "#154273"  # the line, points, projection: 10:1 against white
TARGET = "#9a1111"  # the target line: 7,6:1 against white
GRID = "#d0d0d0"  # background only; never the sole carrier of meaning
TEXT = "#333333"
FONT = 12  # px; at least 12 px wherever the chart is shown at its own size
CHAR = 0.62  # estimated width of a character in em, generous for digits and lowercase (DejaVu Sans ≈ 0.6)
ZERO_BASED = {"count", "percent", "per_100", "per_1000"}  # quantities: the axis starts at 0
WHOLE = {"count", "rank"}  # no ticks between whole numbers


def nice_ticks(low: float, high: float, max_ticks: int = 5, whole: bool = False) -> list[float]:
    """Tick values on a 1-2-5 step (…, 0,5, 1, 2, 5, 10, 20, …) from at or below `low` to at or above `high`,
    at most `max_ticks` of them (at least 2). The last tick is the top of the axis. A range across 0 may
    need three ticks (-1, 0, 1 × step), so `max_ticks` is at least 3."""
    if max_ticks < 3:
        raise ValueError("max_ticks must be at least 3")
    if high < low:
        low, high = high, low
    if high - low <= 1e-9 * max(abs(low), abs(high)):  # one value (or two that floating point barely tells apart)
        pad = 1 if whole or low == 0 else abs(low) / 10
        low, high = (low, low + pad) if low == 0 else (low - pad, high + pad)
    exponent = math.floor(math.log10((high - low) / (max_ticks - 1)))
    while True:
        for mantissa in (1, 2, 5):
            step = mantissa * 10.0 ** exponent
            if whole and step < 1:
                continue
            first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
            last = max(last, first + 1)  # an axis has a bottom and a top
            if last - first + 1 <= max_ticks:
                decimals = max(0, -exponent)
                return [round(k * step, decimals) for k in range(first, last + 1)]
        exponent += 1


def tick_label(value: float, ticks: list[float]) -> str:
    """A tick value in the reader's notation, with as many decimals as the step needs (0,5 – not 0,50)."""
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return format_number(value, "count", decimals=decimals)


def axis_title(unit: str) -> str:
    return {"count": _("aantal"), "percent": "%", "rank": _("plaats"), "grade": _("rapportcijfer"),
            "per_100": _("per 100 inwoners"), "per_1000": _("per 1.000 inwoners")}.get(unit, "")


def text_width(text: str, size: float = FONT) -> float:
    return len(text) * size * CHAR


@dataclass(frozen=True)
class Box:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int


def _scales(points: list[Point], box: Box, years: tuple[float, float], extra: list[float], stand: bool = False):
    """Sparkline scales: from 0 to a little above the highest value."""
    values = [p.value / (p.period.exposure if p.period.is_partial_year and not stand else 1) for p in points] + extra
    high = max(values + [1]) * 1.1
    low = 0.0
    x0, x1 = years
    span = max(x1 - x0, 1)

    def x(t: float) -> float:
        return box.left + (t - x0) / span * (box.width - box.left - box.right)

    def y(v: float) -> float:
        return box.top + (1 - (v - low) / (high - low)) * (box.height - box.top - box.bottom)

    return x, y, high


def sparkline(points: list[Point], label: str, whole_year: float | None = None, stand: bool = False) -> SafeString:
    """A 120 x 32 line of the yearly figures; a partial year is shown per year (open circle): at `whole_year`, the
    estimate the page prints beside it, when there is one (walk BD: the months to October without July scaled
    evenly drew 239 beside "heel 2026 verwacht 236"), else its count scaled by the months it holds. `stand`: a
    count on a day, drawn as it stands (walk BK: a September stand of 31 drawn as 372 a year)."""
    if len(points) < 2:
        return mark_safe("")
    box = Box(120, 32, 4, 4, 4, 4)
    years = (points[0].period.year, points[-1].period.year)
    # The scale holds what is drawn: a part year at its estimate, not also at its months scaled evenly (review).
    moved = whole_year is not None and points[-1].period.is_partial_year
    x, y, _high = _scales(points[:-1] if moved else points, box, years,
                          [whole_year] if moved and whole_year is not None else [], stand)

    def per_year(p: Point) -> float:
        if p is points[-1] and p.period.is_partial_year and whole_year is not None:
            return whole_year
        return p.value if stand else p.value / p.period.exposure

    coords = [(x(p.period.year), y(per_year(p))) for p in points]
    path = " ".join(f"{'M' if i == 0 else 'L'}{cx:.1f},{cy:.1f}" for i, (cx, cy) in enumerate(coords))
    last = points[-1]
    cx, cy = coords[-1]
    paint = f'fill="#fff" stroke="{INK}"' if last.period.is_partial_year else f'fill="{INK}"'
    marker = (f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2.5" {paint} '
              f'class="{"partial" if last.period.is_partial_year else "dot"}"/>')
    return mark_safe(f'<svg class="spark" viewBox="0 0 120 32" width="120" height="32" role="img" '
                     f'aria-label="{escape(label)}"><path d="{path}" class="line" fill="none" stroke="{INK}" '
                     f'stroke-width="1.5"/>{marker}</svg>')


def _text(x: float, y: float, text: str, anchor: str = "middle", cls: str = "axis", fill: str = TEXT) -> str:
    return (f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{FONT}" '
            f'font-family="DejaVu Sans, Arial, sans-serif" fill="{fill}">{escape(text)}</text>')


GRADE_SPAN = 1.0  # a grade's axis spans at least one point: 7,0 → 6,9 → 7,1 is no landslide
BOUNDS = {"grade": (1.0, 10.0), "percent": (0.0, 100.0)}  # no margin reaches past what the unit can be


def _margin_ends(unit: str, p: Point) -> tuple[float, float]:
    """The ends of a figure's margin, within what the unit can be (no share below 0%, no grade above 10)."""
    low, high = BOUNDS.get(unit, (0.0 if unit in ZERO_BASED else float("-inf"), float("inf")))
    margin = p.margin or 0.0
    return max(p.value - margin, low), min(p.value + margin, high)


def _value_range(unit: str, values: list[float]) -> list[float]:
    low, high = min(values), max(values)
    if unit in ZERO_BASED and low >= 0:
        low = 0.0
    if unit == "grade" and high - low < GRADE_SPAN:
        middle = (high + low) / 2
        low, high = max(middle - GRADE_SPAN / 2, 1.0), min(middle + GRADE_SPAN / 2, 10.0)
    ticks = nice_ticks(low, high, 6, whole=unit in WHOLE)
    if unit == "rank" and ticks[0] < 1:  # there is no place 0
        ticks = [t for t in ticks if t >= 1] or [1.0]
        if len(ticks) == 1:
            ticks.append(ticks[0] + 1)
    return ticks


WIDE, NARROW = 640, 340  # a laptop's chart, and a phone's (390 px less the page's margins): text stays 12 px


def responsive_chart(points: list[Point], unit: str, title: str, target: float | None = None,
                     projection: Projection | None = None, this_year: Projection | None = None,
                     target_year: int | None = None) -> SafeString:
    """The same chart twice, for a page: drawn WIDE, and NARROW for a phone, so that a phone sees the whole
    chart, its axis and its legend without scrolling. The stylesheet shows one of the two."""
    if not points:
        return mark_safe("")
    return mark_safe(history_chart(points, unit, title, target, projection, this_year, WIDE, "wide", target_year)
                     + history_chart(points, unit, title, target, projection, this_year, NARROW, "narrow",
                                     target_year))


def history_chart(points: list[Point], unit: str, title: str, target: float | None = None,
                  projection: Projection | None = None, this_year: Projection | None = None,
                  width: int = WIDE, variant: str = "", target_year: int | None = None) -> SafeString:
    """The full history with target line and projection band. Values of a partial year are shown as
    counted, with an open marker, its period under the axis and in the legend, never stretched to a year.
    `this_year`: the whole year projected from a year-to-date figure; a band to a later year starts from its
    interval, so that the year under way does not look certain. `target_year`: the axis reaches it, also without a
    projection, so that a reader sees how far off the target still is."""
    if not points:
        return mark_safe("")
    first = points[0].period.year
    last = max(points[-1].period.year, projection.year if projection else 0,
               target_year if target is not None and target_year else 0)
    start = _projection_start(points, projection)
    # Where the band starts (low, middle, high): one value (the last whole year), or the year under way's own
    # interval.
    opening: tuple[float, float, float] | None = (start, start, start) if start is not None else None
    if (this_year is not None and projection is not None and points[-1].period.is_partial_year
            and this_year.year == points[-1].period.year < projection.year):
        opening = (this_year.low, this_year.expected, this_year.high)
    # The whole year expected of a year under way (walk BE: an open dot at 44 far below the year before, the 62 the
    # text gives unmarked, the band to 2027 starting beside it). Also where that year is the projected one: its bar
    # is 10 px wide and hid on the target line, and the open dot of ten months below "doel 124" read as met (walk BH).
    estimate = this_year if (this_year is not None and points[-1].period.is_partial_year
                             and this_year.year == points[-1].period.year
                             and (projection is None or projection.year >= this_year.year)) else None
    values = [p.value for p in points] + [v for v in (target, *(opening or ())) if v is not None]
    values += [estimate.expected] if estimate is not None else []
    values += [v for p in points if p.margin is not None for v in _margin_ends(unit, p)]
    between = _between(points, projection) if projection is not None else ()  # the years the band passes through
    if projection is not None:
        values += [projection.low, projection.high, projection.expected]
        values += [v for p in between for v in (p.low, p.high)]  # a year between may reach further
    ticks = _value_range(unit, values)
    labels = [tick_label(t, ticks) for t in ticks]
    partial = [p for p in points if p.period.is_partial_year]
    provisional = [p.period.label for p in points if p.status == "voorlopig" and not p.period.is_partial_year]
    legend = _legend(unit, target, projection, partial, any(p.margin is not None for p in points), estimate,
                     provisional, between)

    plot_h = 200
    left = int(max(text_width(s) for s in labels)) + 14
    right = 16 + int(max((text_width(p.period.label.split(" ", 1)[-1]) / 2 for p in partial), default=0))
    top = 30  # room for the y-axis title above the plot
    plot_bottom = top + plot_h
    rows = _legend_rows(legend, width - 16)
    height = plot_bottom + 62 + len(rows) * 20
    lo, hi = ticks[0], ticks[-1]
    inverted = False  # a rank too: a higher place is safer (AD Misdaadmeter: 1 is the least safe), so it goes up
    x0, x1 = first - 0.5, last + 0.5

    def x(t: float) -> float:
        return left + (t - x0) / (x1 - x0) * (width - left - right)

    def y(v: float) -> float:
        share = (v - lo) / (hi - lo)
        return top + (share if inverted else 1 - share) * plot_h

    css = f"chart {variant}".strip()
    parts = [f'<svg class="{css}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
             f'<title>{escape(title)}</title>',
             f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>']
    for t, label in zip(ticks, labels, strict=True):
        parts.append(f'<line class="grid" stroke="{GRID}" x1="{left}" x2="{width - right}" '
                     f'y1="{y(t):.1f}" y2="{y(t):.1f}"/>' + _text(left - 8, y(t) + 4, label, "end"))
    parts.append(_text(4, 14, axis_title(unit), "start", "axis-title"))
    keep = [p.period.year for p in partial]
    spacing = x(first + 1) - x(first)
    if projection is not None and all(abs(projection.year - k) * spacing >= text_width("0000") + 8 for k in keep):
        keep.append(projection.year)  # the year the band reaches, the target's year, is always named
    for year in _year_labels(first, last, spacing, keep):
        parts.append(_text(x(year), plot_bottom + 18, str(year)))
    parts_of_years = [(x(p.period.year), p.period.label.split(" ", 1)[-1]) for p in partial]  # "t/m juni"
    for at, label in _partial_labels(parts_of_years):
        parts.append(_text(at, plot_bottom + 32, label, cls="partial-label"))  # the part of the year, under it
    parts.append(_text(_axis_title_x(left, width - right, parts_of_years), plot_bottom + 50, _("jaar"),
                       cls="axis-title"))
    if projection is not None and opening is not None:
        (low, mid, high), lx, px = opening, x(points[-1].period.year), x(projection.year)
        if px - lx < 1:  # the year under way is the projected year: its margin as a bar, not a line
            lx, px, low, mid, high = px - 5, px + 5, projection.low, projection.expected, projection.high
        # (x, low, middle, high) from where the band opens, through the years between, to the projected year
        steps = [(lx, low, mid, high)] + [(x(p.year), p.low, p.expected, p.high) for p in between]
        steps.append((px, projection.low, projection.expected, projection.high))
        edge = [f"{sx:.1f},{y(h):.1f}" for sx, _l, _m, h in steps] + \
            [f"{sx:.1f},{y(lo_):.1f}" for sx, lo_, _m, _h in reversed(steps)]
        middle = " ".join(f"{'M' if i == 0 else 'L'}{sx:.1f},{y(m):.1f}" for i, (sx, _l, m, _h) in enumerate(steps))
        parts.append(f'<polygon class="projection-band" fill="{INK}" fill-opacity="0.12" stroke="{INK}" '
                     f'stroke-width="1" points="{" ".join(edge)}"/>'
                     f'<path class="projection" fill="none" stroke="{INK}" stroke-width="1.5" stroke-dasharray="3 3" '
                     f'd="{middle}"/>')
    if target is not None:
        parts.append(f'<line class="target" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4" '
                     f'x1="{left}" x2="{width - right}" y1="{y(target):.1f}" y2="{y(target):.1f}"/>')
    full = [p for p in points if not p.period.is_partial_year]
    if len(full) > 1:
        path = " ".join(f"{'M' if i == 0 else 'L'}{x(p.period.year):.1f},{y(p.value):.1f}" for i, p in enumerate(full))
        parts.append(f'<path class="line" fill="none" stroke="{INK}" stroke-width="2" d="{path}"/>')
    for p in points:
        if p.margin is not None:  # a survey's margin, as a bar with caps: what the figure may be by chance
            low_end, high_end = _margin_ends(unit, p)
            cx, top_y, low_y = x(p.period.year), y(high_end), y(low_end)
            parts.append(f'<path class="margin" fill="none" stroke="{INK}" stroke-width="1.2" '
                         f'd="M{cx - 5:.1f},{top_y:.1f}H{cx + 5:.1f}M{cx:.1f},{top_y:.1f}V{low_y:.1f}'
                         f'M{cx - 5:.1f},{low_y:.1f}H{cx + 5:.1f}"/>')
        if p.status == "voorlopig" and not p.period.is_partial_year:
            parts.append(_square(x(p.period.year), y(p.value)))
        else:
            parts.append(_marker(p.period.is_partial_year, x(p.period.year), y(p.value)))
    if estimate is not None:
        parts.append(_diamond(x(estimate.year), y(estimate.expected)))
    parts += _draw_legend(rows, plot_bottom + 72)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _year_labels(first: int, last: int, spacing: float, keep: list[int]) -> list[int]:
    """The years to label: every 1, 2, 5 or 10 years so that labels do not touch; the years in `keep` (partial
    years, the projected year) always, and no label close enough to touch theirs."""
    room = text_width("0000") + 8
    every = next((n for n in (1, 2, 5, 10, 20, 50) if n * spacing >= room), 100)
    kept: list[int] = []
    for k in sorted(set(keep), reverse=True):  # two part years side by side on a phone read "20192020": the newest
        if all(abs(k - other) * spacing >= room for other in kept):  # wins, the legend names the other
            kept.append(k)
    years = [y for y in range(first, last + 1) if y % every == 0 or y in kept]
    return [y for y in years if y in kept or all(abs(y - k) * spacing >= room for k in kept)]


def _between(points: list[Point], projection: Projection) -> tuple[Projection, ...]:
    """The projected years the band passes through: those after the last figure's year and before the projected
    one."""
    return tuple(p for p in projection.path if points[-1].period.year < p.year < projection.year)


def _projection_start(points: list[Point], projection: Projection | None) -> float | None:
    """Where the projection band starts: the last figure, a partial year as the year it projects to."""
    if projection is None:
        return None
    last = points[-1]
    if not last.period.is_partial_year:
        return last.value
    return projection.expected if projection.year == last.period.year else last.value / last.period.exposure


def _marker(partial: bool, cx: float, cy: float) -> str:
    paint = f'fill="#fff" stroke="{INK}" stroke-width="1.5"' if partial else f'fill="{INK}"'
    return f'<circle class="{"partial" if partial else "dot"}" {paint} cx="{cx:.1f}" cy="{cy:.1f}" r="4"/>'


def _square(cx: float, cy: float) -> str:
    """A provisional whole year (walk CB: 2024 and 2025 of 47018NED looked final): a year, filled, but not round."""
    return f'<rect class="provisional" fill="{INK}" x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8"/>'


def _diamond(cx: float, cy: float) -> str:
    """The whole year expected of a year under way: filled, as a year is, and not round, as a counted one is."""
    return (f'<path class="estimate" fill="{INK}" d="M{cx:.1f},{cy - 5:.1f}L{cx + 5:.1f},{cy:.1f}L{cx:.1f},'
            f'{cy + 5:.1f}L{cx - 5:.1f},{cy:.1f}Z"/>')


def _legend(unit, target, projection, partial, margins: bool = False,
            estimate: Projection | None = None, provisional: list[str] | None = None,
            between: tuple[Projection, ...] = ()) -> list[tuple[str, str]]:
    """(kind, label) for each thing drawn: the reader never has to guess what a line means."""
    items = [("line", _("cijfer per jaar"))]
    if margins:
        items.append(("margin", _("marge van de meting")))
    items += [("partial", _("%(period)s (geen heel jaar)") % {"period": p.period.label}) for p in partial]
    if provisional:
        items.append(("provisional", _("voorlopig: %(years)s") % {"years": listed(provisional)}))
    if estimate is not None:
        items.append(("estimate", _("heel %(year)s verwacht: ongeveer %(value)s") % {
            "year": estimate.year, "value": format_number(round(estimate.expected), "count")}))
    if target is not None:
        items.append(("target", _("doel %(value)s") % {"value": format_number(target, unit)}))
    if projection is not None:
        items.append(("band", _("verwachting %(first)s–%(year)s met marge") % {"first": between[0].year,
                      "year": projection.year} if between else
                      _("verwachting %(year)s met marge") % {"year": projection.year}))
    return items


SWATCH = 28  # width of a legend symbol, then 6 px to its label, 18 px to the next item


def _legend_rows(items: list[tuple[str, str]], room: float) -> list[list[tuple[str, str]]]:
    rows: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    for item in items:
        need = SWATCH + 6 + text_width(item[1]) + 18
        if rows[-1] and used + need > room:
            rows.append([])
            used = 0.0
        rows[-1].append(item)
        used += need
    return rows


def _draw_legend(rows, top: float) -> list[str]:
    out = ['<g class="legend">']
    for r, row in enumerate(rows):
        cx, cy = 8.0, top + r * 20
        for kind, label in row:
            mid = cy - 4
            if kind == "line":
                out.append(f'<line stroke="{INK}" stroke-width="2" x1="{cx:.1f}" x2="{cx + SWATCH:.1f}" '
                           f'y1="{mid:.1f}" y2="{mid:.1f}"/>' + _marker(False, cx + SWATCH / 2, mid))
            elif kind == "partial":
                out.append(_marker(True, cx + SWATCH / 2, mid))
            elif kind == "estimate":
                out.append(_diamond(cx + SWATCH / 2, mid))
            elif kind == "provisional":
                out.append(_square(cx + SWATCH / 2, mid))
            elif kind == "margin":
                mx = cx + SWATCH / 2
                out.append(f'<path fill="none" stroke="{INK}" stroke-width="1.2" d="M{mx - 5:.1f},{mid - 7:.1f}'
                           f'H{mx + 5:.1f}M{mx:.1f},{mid - 7:.1f}V{mid + 7:.1f}M{mx - 5:.1f},{mid + 7:.1f}'
                           f'H{mx + 5:.1f}"/>')
            elif kind == "target":
                out.append(f'<line stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4" x1="{cx:.1f}" '
                           f'x2="{cx + SWATCH:.1f}" y1="{mid:.1f}" y2="{mid:.1f}"/>')
            else:
                out.append(f'<rect fill="{INK}" fill-opacity="0.12" stroke="{INK}" x="{cx:.1f}" y="{mid - 6:.1f}" '
                           f'width="{SWATCH}" height="12"/>')
            out.append(_text(cx + SWATCH + 6, cy, label, "start", "legend-label"))
            cx += SWATCH + 6 + text_width(label) + 18
    out.append("</g>")
    return out


def to_png(svg: str, width: int = 1280) -> bytes:
    """The chart as a PNG for documents that cannot hold SVG (DOCX)."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode(), output_width=width, background_color="white")


def _axis_title_x(left: float, right: float, labels: list[tuple[float, str]]) -> float:
    """Where the x-axis title "jaar" goes: the middle, unless a part-of-year label ("t/m juni") stands right
    above it, where the two read as one ("t/m juni jaar", walk AF); then a quarter of the way from the other end."""
    middle, half = (left + right) / 2, text_width(_("jaar")) / 2
    for at, label in labels:
        if abs(at - middle) < text_width(label) / 2 + half + 8:
            return left + (right - left) * (0.25 if at > middle else 0.75)
    return middle


def _partial_labels(labels: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """The part-of-year labels ("t/m september") that fit on their line, newest first: on a phone two of them ran
    into one another ("t/m septembet/m maart", walk AG). One that does not fit is left to the legend, which
    names every part-of-year point."""
    placed: list[tuple[float, str]] = []
    for at, label in reversed(labels):
        if all(abs(at - other) >= (text_width(label) + text_width(text)) / 2 + 6 for other, text in placed):
            placed.append((at, label))
    return placed
