"""Targets that are valid but probably mistyped: a number far from the series' own level, or one that the target's
own words ("as_written") do not hold. Said when a policy is checked or uploaded, never refused: a policy may aim
far, and IVB cannot know (walk BD: "value: 1800" where the level is 172 read "op koers, kans 99%"; "value: 6" beside
"lager dan 60" read "niet op koers")."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ivb.domain.i18n import _
from ivb.domain.numbers import format_number
from ivb.domain.observations import Point
from ivb.domain.policy import Indicator, Policy, Target

FAR = 5  # a target more than five times the newest yearly figure, or less than a fifth of it
SMALL = 10  # below this a count moves too much from year to year to call a target far from it

# 1.800 or 1 800 (thousands), 33,5 or 7.5 (a decimal: a point before one or two digits cannot group thousands), 60
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[. ]\d{3})+(?![\d])(?:,\d+)?|(?<![\d.,])\d+(?:[.,]\d{1,2}(?!\d))?")
YEARS = range(1990, 2101)  # "halvering ten opzichte van 2022": a year in the words is not the target's number


def doubts(policy: Policy, latest: Mapping[tuple[str, str], Point], names: Mapping[str, str]) -> list[str]:
    """One sentence per doubtful target. `latest`: (municipality code, series key) to the newest yearly figure
    stored; `names`: municipality code to name."""
    out: list[str] = []
    for _owner, ind in policy.all_indicators():
        targets: list[tuple[str | None, Target | None]] = [(None, ind.target), *ind.municipal_targets.items()]
        for code, target in targets:
            if target is None:
                continue
            if (written := _written_doubt(ind, target)) is not None:
                out.append(written)
            # The general target is not the one of a municipality with a target of its own (`Indicator.target_for`).
            codes = [code] if code else [c for c in ind.municipalities or policy.municipalities
                                         if c not in ind.municipal_targets]
            out += [d for c in codes if (d := _far_doubt(ind, target, latest.get((c, ind.series or "")),
                                                             names.get(c, c))) is not None]
    return out


def _written_doubt(ind: Indicator, target: Target) -> str | None:
    """The number the target counts with is not among the numbers of its words as written."""
    number = target.value if target.value is not None else (
        abs(target.change_percent) if target.change_percent is not None else None)
    if number is None or not target.as_written:
        return None
    written = [n for n in map(_number, _NUMBER.findall(target.as_written)) if n not in YEARS or n == number]
    if not written or any(abs(n - number) < 1e-9 for n in written):
        return None
    return _("%(name)s: het doel rekent met %(number)s, maar zoals het in het beleid staat ('%(written)s') komt dat "
             "getal er niet in voor; klopt het getal?") % {
        "name": ind.name, "number": format_number(number, "count"), "written": target.as_written}


def _number(text: str) -> float:
    """"1.800" and "1 800" are 1800; "33,5" and "7.5" are decimals."""
    if "," in text:
        return float(text.replace(".", "").replace(" ", "").replace(",", "."))
    if " " in text or (text.count(".") and len(text.rsplit(".", 1)[1]) == 3):
        return float(text.replace(".", "").replace(" ", ""))
    return float(text)


def _far_doubt(ind: Indicator, target: Target, point: Point | None, place: str) -> str | None:
    """A count's target more than FAR times its newest yearly figure, or less than a FAR-th of it."""
    if (point is None or target.value is None or target.compare_to is not None or ind.unit != "count"
            or ind.scope == "region" or point.value < SMALL or target.value <= 1):  # "lager dan 1": none at all
        return None
    ratio = target.value / point.value
    if 1 / FAR <= ratio <= FAR:
        return None
    values = {"name": ind.name, "target": format_number(target.value, "count"), "place": place,
              "latest": format_number(point.value, "count"), "period": point.period.label}
    return (_("%(name)s: het doel (%(target)s) is meer dan vijf keer het nieuwste jaarcijfer van %(place)s "
              "(%(latest)s in %(period)s); klopt het getal?") if ratio > FAR else
            _("%(name)s: het doel (%(target)s) is minder dan een vijfde van het nieuwste jaarcijfer van %(place)s "
              "(%(latest)s in %(period)s); klopt het getal?")) % values
