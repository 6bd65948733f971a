"""The first screen of a safety picture: what improved and what needs attention (as the council report says it),
and one tile per general objective and per priority with its status, its newest figure and one plain sentence.

The newest figure of an indicator comes from its own series or from a series linked to it (open data measuring
the same thing), whichever reaches furthest: a page for 2023 must not show a 2019 figure when the police
published 2023's. The status stays the judgement on the policy's own series."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ivb.domain.i18n import _
from ivb.domain.observations import Point
from ivb.domain.vocabulary import ATTENTION_ORDER, Status, Verdict

if TYPE_CHECKING:  # only the type: importing picture would load the trend fitting (numpy) with it
    from ivb.domain.picture import SeriesPicture

# Worst first: a priority's status is that of its worst judged indicator.
ORDER = ATTENTION_ORDER
NO_TARGETS = Status.NO_TARGETS


@dataclass(frozen=True)
class Figure:
    """A figure to show: the series it comes from, its newest point, and whether that series is a linked one."""

    series: SeriesPicture
    point: Point
    linked: bool

    @property
    def source(self) -> str:
        return self.point.source or self.series.source


@dataclass(frozen=True)
class Tile:
    key: str
    title: str
    kind: str  # "objective" (one indicator) or "priority"
    status: str  # one of ORDER or NO_TARGETS
    figure: Figure | None
    figure_name: str  # what the figure counts (the indicator's name)
    unit: str
    sentence: str


def summary(picture) -> tuple[list[str], list[str]]:
    """Names of what improved (falling counts) and of what needs attention (rising counts, targets at risk or
    off course), each once. Count series of the policy and the monitored set; context is never judged."""
    judged = [s for s in [*picture.policy_series, *picture.monitored] if s.unit == "count" and s.points]
    # A monitored series the policy links to one of its own (open-data burglaries beside the policy's burglaries)
    # is the same thing: named once, unless the two disagree.
    linked_to = {k: own for own, keys in picture.links.items() for k in keys}

    def named(verdict):
        same = {s.key for s in judged if s.verdict == verdict}
        return [s.name for s in judged if s.verdict == verdict and linked_to.get(s.key) not in same]

    attention = named(Verdict.RISING) + [i.name for i in picture.indicators if i.status.status.needs_attention]
    return list(dict.fromkeys(named(Verdict.FALLING))), list(dict.fromkeys(attention))


def newest_figure(picture, series) -> Figure | None:
    """The newest point of `series` (a SeriesPicture) or of a series linked to it; on equal periods the own one."""
    if series is None:
        return None
    by_key = {s.key: s for s in picture.series}
    candidates = [(series, False)] + [(by_key[k], True) for k in picture.links.get(series.key, []) if k in by_key]
    found = [(s.latest, -linked, s, linked) for s, linked in candidates if s.latest is not None]
    if not found:
        return None
    point, _own, s, linked = max(found, key=lambda f: (f[0].period.end, f[0].period.end - f[0].period.start, f[1]))
    return Figure(s, point, linked)


def tiles(picture) -> list[Tile]:
    out = [_objective_tile(picture, i) for i in picture.objectives]
    out += [_priority_tile(picture, key, title, items) for key, title, items in picture.priorities]
    return out


def _objective_tile(picture, i) -> Tile:
    figure = newest_figure(picture, i.series)
    return Tile(i.key, i.name, "objective", i.status.status, figure, i.name, i.unit, _reason(i))


def _priority_tile(picture, key, title, items) -> Tile:
    if not items:
        return Tile(key, title, "priority", NO_TARGETS, None, "", "", picture.priority_notes.get(key, ""))
    status = min((i.status.status for i in items), key=ORDER.index)
    # The figure of the indicator that sets the status; else the first with a figure.
    ranked = sorted(items, key=lambda i: (ORDER.index(i.status.status), i.series is None))
    chosen = next((i for i in ranked if newest_figure(picture, i.series)), ranked[0])
    return Tile(key, title, "priority", status, newest_figure(picture, chosen.series), chosen.name, chosen.unit,
                count_sentence([i.status.status for i in items]))


def count_sentence(statuses: list[str]) -> str:
    """'3 indicatoren: 1 op koers, 2 zonder gegevens.'"""
    counts = Counter(statuses)
    words = {Status.NO_DATA: _("zonder gegevens"), Status.MONITORED: _("gevolgd zonder doel")}
    parts = [f"{counts[s]} {words.get(s, _(s))}" for s in ORDER if counts[s]]
    template = _("1 indicator: %(parts)s.") if len(statuses) == 1 else _("%(n)s indicatoren: %(parts)s.")
    return template % {"n": len(statuses), "parts": ", ".join(parts)}


def _reason(i) -> str:
    reason = i.status.reason.strip()
    return (reason[:1].upper() + reason[1:] + ("" if reason.endswith(".") else ".")) if reason else ""
