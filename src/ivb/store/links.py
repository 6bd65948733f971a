"""Which other series measure what a policy's series measures, per municipality: the shipped defaults, plus
what the municipality added, minus what it took away."""

from __future__ import annotations

from ivb.domain.opendata_tables import default_links
from ivb.domain.periods import parse as parse_period
from ivb.store.models import Area, Observation, Series, SeriesLink


class LinkError(ValueError):
    pass


def links(area: Area) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for series_key, other in default_links().items():
        for key in (other if isinstance(other, list) else [other]):
            out.setdefault(series_key, []).append(key)
    for row in SeriesLink.objects.filter(municipality=area):
        keys = out.setdefault(row.series_key, [])
        if row.hidden and row.other_key in keys:
            keys.remove(row.other_key)
        elif not row.hidden and row.other_key not in keys:
            keys.append(row.other_key)
    return {k: v for k, v in out.items() if v}


def link(area: Area, series_key: str, other_key: str, *, actor_name: str) -> None:
    if series_key == other_key:
        raise LinkError("een reeks kan niet aan zichzelf worden gekoppeld")
    known = set(Series.objects.filter(key__in=[series_key, other_key]).values_list("key", flat=True))
    for key in (series_key, other_key):
        if key not in known:
            raise LinkError(f"onbekende reeks '{key}'")
    SeriesLink.objects.update_or_create(municipality=area, series_key=series_key, other_key=other_key,
                                        defaults={"hidden": False, "changed_by_name": actor_name})


def unlink(area: Area, series_key: str, other_key: str, *, actor_name: str) -> None:
    if other_key not in links(area).get(series_key, []):
        raise LinkError(f"'{other_key}' is niet gekoppeld aan '{series_key}'")
    SeriesLink.objects.update_or_create(municipality=area, series_key=series_key, other_key=other_key,
                                        defaults={"hidden": True, "changed_by_name": actor_name})


def side_by_side(area: Area, series_key: str, linked: dict[str, list[str]] | None = None) -> list[dict]:
    """Per linked series with figures for this area: its name and source, and per period both values.
    `linked`: the area's links when the caller already has them."""
    mine = {o.period: o for o in Observation.objects.filter(area=area, series__key=series_key,
                                                           superseded_at__isnull=True)}
    out = []
    for other_key in (links(area) if linked is None else linked).get(series_key, []):
        theirs = {o.period: o for o in Observation.objects.filter(area=area, series__key=other_key,
                                                                 superseded_at__isnull=True).select_related("series")}
        if not theirs:
            continue
        series = next(iter(theirs.values())).series
        periods = sorted(set(mine) | set(theirs), key=lambda p: (parse_period(p).start, parse_period(p).end))
        out.append({"series": series, "mine_sources": sorted({o.source for o in mine.values()}), "rows": [
            {"period": parse_period(p).label, "mine": mine.get(p), "theirs": theirs.get(p),
             "difference": (float(theirs[p].value) - float(mine[p].value)) if p in mine and p in theirs else None}
            for p in periods]})
    return out
