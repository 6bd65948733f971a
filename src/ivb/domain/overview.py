"""The first screen of a safety picture: what improved and what needs attention (as the council report says it),
and one tile per general objective and per priority with its status, its newest figure and one plain sentence.

The newest figure of an indicator comes from its own series or from a series linked to it (open data measuring
the same thing), whichever reaches furthest: a page for 2023 must not show a 2019 figure when the police
published 2023's. The status stays the judgement on the policy's own series."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ivb.domain.i18n import _
from ivb.domain.numbers import format_number, format_percent
from ivb.domain.observations import Point
from ivb.domain.projection import beyond_counts
from ivb.domain.targets import status_follows_computed_chance
from ivb.domain.opendata_tables import plain_series_name
from ivb.domain.vocabulary import ATTENTION_ORDER, Status, Verdict

if TYPE_CHECKING:  # only the type: importing picture would load the trend fitting (numpy) with it
    from ivb.domain.series_picture import SeriesPicture

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
    note: str = ""  # what the status is about where the figure does not say ("voor 2027"; `status_note`)


@dataclass
class _Item:
    """One thing the summary may name: an indicator (with the series it uses and the series linked to them), or a
    count series no indicator uses."""

    name: str
    lower_is_better: bool = True
    statuses: list[str] = field(default_factory=list)  # the target statuses of its indicators
    every_year_met: list[int] = field(default_factory=list)  # the years a target against the year before was met
    moves: list[bool] = field(default_factory=list)  # per judged count series: True went the right way, False not
    years: list[tuple[int, int]] = field(default_factory=list)  # the years of the trends that went the right way
    # "kans 93%; bij de toets kwamen zulke kansen in 66% van de gevallen uit" of a target on course whose class of
    # chances did not keep its word (walk CC: the summary's "Op koers" named it without the words the page gives)
    doubts: list[str] = field(default_factory=list)

    @property
    def attention(self) -> bool:
        return any(Status(s).needs_attention for s in self.statuses) or False in self.moves

    @property
    def improved(self) -> bool:
        return True in self.moves and not self.attention

    @property
    def rank(self) -> int:
        """Worst first: off course, at risk, then only a count going the wrong way."""
        return min((ORDER.index(s) for s in self.statuses if Status(s).needs_attention), default=len(ORDER))


def summary(picture) -> tuple[list[str], list[str]]:
    """Names of what improved and of what needs attention, each thing once and in one list only.

    A thing is an indicator of the policy, with the series it uses and the series linked to those (open data
    measuring the same), named as the policy names the indicator; or a count series of the policy or the
    monitored set no indicator uses, named without its source in brackets. Only counts are judged by their trend;
    context never.

    The rule: a thing needs attention when any target of it is at risk or off course, or when a count of it went
    the wrong way (up, unless the policy says higher is better); it improved only when a count of it went the
    right way and nothing about it needs attention. So a fall that is too slow for the target is named under
    attention, never as an improvement: a council member reads the target's status first."""
    items = _summary_items(picture)
    attention = _names(sorted((i for i in items if i.attention), key=lambda i: i.rank))
    # A target met beside a count going the wrong way: both are true, and the reason is said (walk BP: "Mishandelingen
    # · behaald" in the table and "Vraagt aandacht: Mishandelingen" above it read as a contradiction).
    met_but = {i.name for i in items if i.attention and Status.MET in i.statuses
               and not any(Status(s).needs_attention for s in i.statuses)}
    # Two things the policy gave one name are one name to a reader: never in both lists. What improved names the
    # years of its trend: "Mishandeling (2016–2022)" fell over those years, not since last year.
    improved: dict[str, list[tuple[int, int]]] = {}
    for i in items:
        if i.improved and i.name not in attention:
            improved.setdefault(i.name, []).extend(i.years)
    return [_with_years(name, years) for name, years in improved.items()], [
        _("%(name)s (doel behaald, maar het aantal gaat de verkeerde kant op)") % {"name": name} if name in met_but
        else name for name in attention]


def _with_years(name: str, years: list[tuple[int, int]]) -> str:
    if not years:
        return name
    first, last = min(y[0] for y in years), max(y[1] for y in years)
    return f"{name} ({first}–{last})"


def achieved(picture) -> list[str]:
    """Names of the things with a target met (behaald) and nothing about them needing attention: a council member
    reads what the policy reached, not only what moved. A target against the year before holds every year, so its
    name says which year met it: "Mishandelingen (over 2025)" (walk BL: it read as the policy's goal reached)."""
    return _names((replace(i, name=_("%(name)s (over %(year)s)") % {"name": i.name, "year": max(i.every_year_met)})
                   if i.every_year_met and len(set(i.statuses)) == 1 else i)
                  for i in _summary_items(picture) if Status.MET in i.statuses and not i.attention)


def _every_year(i) -> bool:
    t = getattr(getattr(i, "indicator", None), "target", None)
    return t is not None and t.compare_to == "previous_year"


def on_course(picture) -> list[str]:
    """Names of the things with a target on course (op koers), none met and nothing about them needing attention:
    the summary named what improved and what needs attention, and left the one target on course unsaid (walk
    AH)."""
    return _names(replace(i, name=f"{i.name} ({'; '.join(i.doubts)})") if i.doubts else i
                  for i in _summary_items(picture)
                  if Status.ON_TRACK in i.statuses and Status.MET not in i.statuses and not i.attention)


def _names(items) -> list[str]:
    return list(dict.fromkeys(i.name for i in items))


def _summary_items(picture) -> list[_Item]:
    linked_to = {k: own for own, keys in picture.links.items() for k in keys}

    def same(key: str) -> str:  # a linked series belongs to the thing of the series it is linked to
        return linked_to.get(key, key)

    items: dict[str, _Item] = {}
    judged: set[str] = set()
    by_series: dict[str, _Item] = {}  # the first item of a series, which its trend is judged on
    for i in picture.indicators:
        # One thing per series and name: two indicators the policy named apart on one series are two things (walk
        # AK: "Vraagt aandacht" named the first one's name for a second, stricter target on the same series).
        key = f"{same(i.series.key)}|{i.name}" if i.series else f"indicator:{i.key}"
        item = items.setdefault(key, _Item(i.name, i.indicator.direction != "higher_is_better"))
        if i.series is not None:
            by_series.setdefault(same(i.series.key), item)
        item.statuses.append(i.status.status)
        if i.status.status == Status.ON_TRACK and (p := i.status.projection) is not None and p.held is not None:
            item.doubts.append(_chance_words(i))
        if i.status.status == Status.MET and i.status.about is not None and _every_year(i):
            item.every_year_met.append(i.status.about)
        if i.series is not None and i.series.key not in judged:
            # Judged by the series whose newest figure its row shows (own or linked): the dashboard said
            # "Verbeterd: Woninginbraken (2014–2019)" above a row "34 (2020) → stabiel" (walk V).
            shown = newest_figure(picture, i.series)
            judged.update([i.series.key, *picture.links.get(i.series.key, [])])
            _judge(item, shown.series if shown else i.series, picture.year)
    for s in [*picture.policy_series, *picture.monitored]:
        if s.key not in judged:
            shown = newest_figure(picture, s)
            judged.update([s.key, *picture.links.get(s.key, [])])
            item = by_series.get(same(s.key)) or items.setdefault(same(s.key), _Item(plain_series_name(s.name)))
            _judge(item, shown.series if shown else s, picture.year)
    return list(items.values())


def _judge(item: _Item, series, year: int) -> None:
    """Add the way a count series went, in the item's direction; a count without a significant change adds none,
    nor does one whose newest figure is older than the year before the picture's: a fall that ended in 2019 is
    not news on the page of 2025."""
    recent = series.latest is not None and series.latest.period.year >= year - 1
    # A trend the last two years went against is named in neither list (walk CA: "Verbeterd: Woninginbraken" beside
    # 111, 150, 183); its words say both (`SeriesPicture.recent_turn`).
    turned = getattr(series, "recent_turn", None) is not None
    if series.unit == "count" and recent and not turned and series.verdict in (Verdict.RISING, Verdict.FALLING):
        right_way = (series.verdict == Verdict.FALLING) == item.lower_is_better
        item.moves.append(right_way)
        years = getattr(getattr(series, "trend", None), "years", None)  # a Trend has years; a Change not
        if right_way and years:
            item.years.append(years)


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


RESULTS = (Status.MET, Status.MISSED, Status.WITHIN_MARGIN)


def status_figure(picture, i) -> Figure | None:
    """The figure shown beside indicator `i`'s status: the newest, except for a result of a year a newer figure has
    passed (behaald or niet gehaald over 2025), which is shown beside the whole year it is about (walk CE: "niet
    gehaald over 2025" beside 84 of 2026 t/m september, against "hoogstens 120"; 2025 had 127)."""
    newest = newest_figure(picture, i.series)
    about = i.status.about
    if newest is None or about is None or i.status.status not in RESULTS or _every_year(i) \
            or newest.point.period.year <= about:
        return newest
    # The own series only: a linked one's year may differ from what the status was judged on (review).
    point = next((p for p in reversed(i.series.points) if p.period.kind == "year" and p.period.year == about), None)
    return Figure(i.series, point, False) if point is not None else newest


def tiles(picture) -> list[Tile]:
    out = [_objective_tile(picture, i) for i in picture.objectives]
    out += [_priority_tile(picture, key, title, items) for key, title, items in picture.priorities]
    return out


def _objective_tile(picture, i) -> Tile:
    figure = status_figure(picture, i)
    return Tile(i.key, i.name, "objective", i.status.status, figure, i.name, i.unit, reason_sentence(i),
                status_note(i, figure.point if figure else None, short=True))


def _priority_tile(picture, key, title, items) -> Tile:
    if not items:
        return Tile(key, title, "priority", NO_TARGETS, None, "", "", picture.priority_notes.get(key, ""))
    # A priority with a target reads by its targets: "gevolgd" only when it has none (walk U: "gevolgd" on a
    # priority whose target could not be judged yet).
    order = [st for st in ORDER if st != Status.MONITORED] + [Status.MONITORED]
    status = min((i.status.status for i in items), key=order.index)
    # The figure of an indicator that sets the status; none when those have none (walk BL: "niet te beoordelen",
    # set by a target in words, stood beside the figure and trend of Drugshandel, followed without a target).
    # Of those, the lowest chance first: "risico" beside a 60% chance while another indicator has 25% understates
    # it (ADR 0054). One without a chance (a survey's margin, a later year) comes after those with one, whose
    # sentence can say how likely; the policy's order among equals.
    setting = sorted((i for i in items if i.status.status == status), key=lambda i: (i.series is None, _chance(i)))
    chosen = next((i for i in setting if newest_figure(picture, i.series)), setting[0])
    figure = status_figure(picture, chosen)
    return Tile(key, title, "priority", status, figure, chosen.name, chosen.unit,
                count_sentence([i.status.status for i in items]) + _chance_sentence(chosen),
                status_note(chosen, figure.point if figure else None, short=True))


def _chance(i) -> float:
    p = i.status.projection
    return 1.0 if p is None or p.chance_shown is None else p.chance_shown


def projected_words(projection, latest: Point | None) -> str:
    """'verwachting 2026: ongeveer 105' beside a status that is about a later year than the figure shown with it
    (walk BJ: "op koers" beside "113 · 2025", where 2025 missed and the status was 2026's projection; walk BK: the
    report's line too). A year under way has its "heel 2026" already."""
    if projection is None or projection.from_data_until or latest is None or projection.year <= latest.period.year:
        return ""
    return _("verwachting %(year)s: ongeveer %(n)s") % {
        "year": projection.year, "n": format_number(round(projection.expected, 1 if projection.level else 0), "count")}


def status_note(i, latest: Point | None, short: bool = False) -> str:
    """What the status of indicator picture `i` beside figure `latest` is about, where that figure does not say:
    "verwachting 2027: ongeveer 217" for a projection beyond it; "voor 2027" for a course toward a later year;
    "over 2025" for a result of another year, or of a target that holds every year (walk BL: "niet op koers"
    beside "7,0 · 2025" was about 2027, and "behaald" of "lager dan het jaar ervoor" read as the goal reached).
    `short`: the year only, beside a status badge on a tile (whose sentence gives the chance). Otherwise a status set
    by a chance gives it: "verwachting 2027: ongeveer 79, kans 64%" (walk BR: the report's summary gave "risico" and the
    expected 79 against "lager dan 90", and not the chance that made it risico)."""
    note = _about(i, latest, short)
    if short or not (chance := _chance_words(i)):
        return note
    return f"{note}, {chance}" if note else chance


def _chance_words(i) -> str:
    p = i.status.projection
    if (p is None or p.chance_shown is None or not 0.0 < p.chance_shown < 1.0
            or i.status.status not in (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK)):
        return ""
    words = _("kans %(chance)s") % {"chance": format_percent(p.chance_shown, 0)}
    # Walk CC: the rows and the report's table gave "kans 93%" without what the page and the tile say of it; after a
    # semicolon, since the report puts the whole note in brackets (walk CD: "…uit))").
    if p.held is None:
        return words
    return f"{words}; " + _("bij de toets kwamen zulke kansen in %(share)s%% van de gevallen uit") % {
        "share": round(p.held.share_met * 100)} + _other_status(p)


def _other_status(projection) -> str:
    """'; de stand volgt de berekende kans' where the share of such chances that came true would give another status
    (walk CE: a green "op koers" beside such chances coming true 63% of the time)."""
    return "; " + _("de stand volgt de berekende kans") if status_follows_computed_chance(projection) else ""


def _about(i, latest: Point | None, short: bool) -> str:
    status = i.status
    if not short and (words := projected_words(status.projection, latest)):
        return words
    if status.about is None:
        return ""
    result = status.status in (Status.MET, Status.MISSED, Status.WITHIN_MARGIN)
    # A result on a provisional figure may still turn (walk BN: "niet gehaald (over 2025)" on 1 threat against 0,
    # both provisional); said beside it where there is room, not on a tile's one line.
    provisional = (not short and result and latest is not None and latest.period.year == status.about
                   and latest.status == "voorlopig")
    if latest is not None and latest.period.year == status.about and not (result and _every_year(i)):
        return _("voorlopig cijfer") if provisional else ""
    note = (_("over %(year)s") if result else _("voor %(year)s")) % {"year": status.about}
    return note + (", " + _("voorlopig cijfer") if provisional else "")


def _chance_sentence(i) -> str:
    """' Meldingen jeugdoverlast: kans 65% dat het doel in 2023 gehaald wordt.' for a status set by a chance: a
    tile reading "risico" beside a falling trend says why (a phone walk of 4 December)."""
    p = i.status.projection
    if p is None or p.chance_shown is None or i.status.status not in (Status.ON_TRACK, Status.AT_RISK,
                                                                        Status.OFF_TRACK):
        return ""
    target = getattr(i.indicator, "target", None)  # as `_every_year`: a summary's item may carry a bare definition
    if (p.chance_shown in (0.0, 1.0) and target is not None and target.operator is not None
            and i.status.threshold is not None and beyond_counts(target.operator, i.status.threshold) is not None):
        # "Lager dan de 0 van 2025": no count can meet it, whatever was counted (review of walk BF).
        values = {"name": i.name, "year": p.year}
        return " " + (_("%(name)s: een aantal kan niet onder 0 komen, dus het doel van %(year)s is niet te halen.")
                      if p.chance_shown == 0.0 else
                      _("%(name)s: elk aantal is minstens 0, dus het doel van %(year)s wordt altijd gehaald.")) % values
    if p.chance_shown in (0.0, 1.0) and p.known is not None and p.from_data_until:
        # Settled by what was counted (chances are printed 1-99% otherwise): said as such, not as "kans 0%" beside
        # "niet op koers" (walk BC: a council member read it as a course, not as a result).
        values = {"name": i.name, "period": p.from_data_until, "counted": format_number(p.known, "count"),
                  "year": p.year}
        return " " + (_("%(name)s: in %(period)s al %(counted)s, dus het doel van %(year)s is niet meer te halen.")
                      if p.chance_shown == 0.0 else
                      _("%(name)s: in %(period)s al %(counted)s, dus het doel van %(year)s is al gehaald.")) % values
    values = {"name": i.name, "chance": round(p.chance_shown * 100), "year": p.year}
    if p.held is not None:  # walk BE: the tile printed "kans 8%" without what the page says of such chances
        return " " + _("%(name)s: kans %(chance)s%% dat het doel in %(year)s gehaald wordt (bij de toets kwamen zulke "
                       "kansen in %(share)s%% van de gevallen uit%(other)s).") % {
            **values, "share": round(p.held.share_met * 100), "other": _other_status(p)}
    return " " + _("%(name)s: kans %(chance)s%% dat het doel in %(year)s gehaald wordt.") % values


def count_sentence(statuses: list[str]) -> str:
    """'3 indicatoren: 1 op koers, 2 niet te beoordelen.'"""
    counts = Counter(statuses)
    words = {Status.NO_DATA: _("niet te beoordelen"), Status.MONITORED: _("gevolgd zonder doel")}
    parts = [f"{counts[s]} {words.get(s, _(s))}" for s in ORDER if counts[s]]
    template = _("1 indicator: %(parts)s.") if len(statuses) == 1 else _("%(n)s indicatoren: %(parts)s.")
    return template % {"n": len(statuses), "parts": ", ".join(parts)}


def reason_sentence(i) -> str:
    """The status's reason as a sentence of its own: a capital first letter and a full stop (a tile, the indicators
    download, the report's summary)."""
    reason = i.status.reason.strip()
    return (reason[:1].upper() + reason[1:] + ("" if reason.endswith(".") else ".")) if reason else ""
