"""Which other series measure what a policy's series measures, per municipality: the shipped defaults, plus
what the municipality added, minus what it took away."""

from __future__ import annotations

from dataclasses import replace

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


def policy_series(area: Area) -> list[str]:
    """The series keys the municipality's policies measure by, in the policies' order."""
    return list(policy_indicator_names(area))


def policy_indicator_names(area: Area) -> dict[str, list[str]]:
    """Per series key the municipality's policies measure by (in the policies' order), the names of the
    indicators that measure by it: the entry form offers "Woninginbraken" by the indicator's name, not only as
    the series' own ("Diefstal/inbraak woning (politie open data, misdrijven)", walk AM)."""
    from ivb.store.policies import PolicyStoreError, current_document

    out: dict[str, list[str]] = {}
    for policy in area.policies.order_by("period_start"):
        try:
            document = current_document(policy)
        except PolicyStoreError:
            continue
        for _owner, i in document.all_indicators():
            if i.series:  # once each: a joint plan measures a series for a member and for them all
                names = out.setdefault(i.series, [])
                if i.name not in names:
                    names.append(i.name)
    return out


def own_series(area: Area) -> list[str]:
    """The municipality's own series: those its policy measures by, then those it entered figures for (open data
    is not its own: it appears beside them). Another municipality's links do not make a series its own."""
    from ivb.domain.opendata_tables import generated_prefixes
    from ivb.domain.series_catalogue import opendata_series

    keys = policy_series(area)
    opendata = {d.key for d in opendata_series()}  # also those without a code, such as the population
    entered = set(Observation.objects.filter(area=area, superseded_at__isnull=True).exclude(series__key__in=keys)
                  .order_by().values_list("series__key", flat=True).distinct())
    return keys + sorted(k for k in entered if k not in opendata and not k.startswith(generated_prefixes()))


def describe(keys) -> dict[str, tuple[str, str]]:
    """Per key its name and source: from the database, else from IVB's catalogue (a linked open-data series
    that was never imported has no row yet), so a page never needs to show the key."""
    from ivb.domain.series_catalogue import offline_catalogue

    keys = set(keys)
    out = {k: (n, s) for k, n, s in Series.objects.filter(key__in=keys).values_list("key", "name", "source")}
    known = offline_catalogue() if keys - set(out) else None
    for key in keys - set(out):
        definition = known.get(key) if known else None
        out[key] = (definition.name, definition.source) if definition else (key, "")
    return out


def imported_from_source(area: Area, key: str) -> bool:
    """Whether anything of the open-data table family that makes `key` was read in for this municipality: when
    it was, a linked code without figures is absent from what was read, not waiting for an import."""
    from ivb.domain.opendata_tables import generated_prefixes

    prefixes = [p for p in generated_prefixes() if key.startswith(p)]
    if not prefixes:
        return False
    prefix = max(prefixes, key=len)
    found = Observation.objects.filter(area=area, series__key__startswith=prefix)
    for longer in generated_prefixes():  # politie.od. is not politie.od.overlast.
        if longer.startswith(prefix) and longer != prefix:
            found = found.exclude(series__key__startswith=longer)
    return found.exists()


def figures(area: Area, keys) -> dict[str, tuple[int, str, str, dict[str, list[int]]]]:
    """Per key with figures for this municipality: how many, the first and the last period (labels), and the years
    each source gave (in the order the sources began)."""
    periods: dict[str, list] = {}
    for key, period, source in (Observation.objects.filter(area=area, series__key__in=list(keys),
                                                           superseded_at__isnull=True)
                                .values_list("series__key", "period", "source")):
        periods.setdefault(key, []).append((parse_period(period), source))
    out = {}
    for key, found in periods.items():
        found.sort(key=lambda f: (f[0].start, f[0].end))
        years: dict[str, list[int]] = {}
        for period, source in found:
            years.setdefault(source, []).append(period.year)
        # From the period that begins first to the one that ends last, the longest where they tie: a year's
        # figure is "2022", not its October ("2019 tot en met oktober 2022" beside a whole 2022).
        first = min((p for p, _s in found), key=lambda p: (p.start, -p.end.toordinal()))
        last = max((p for p, _s in found), key=lambda p: (p.end, -p.start.toordinal()))
        # "2012 tot en met oktober 2026", not "… tot en met 2026 t/m oktober" (walk AQ): a year so far ends in a month.
        end = replace(last, first_month=last.last_month, kind="month", without=()) if last.kind == "ytd" else last
        out[key] = (len(found), first.label, end.label, years)
    return out


def other_sources(defined: str, years: dict[str, list[int]]) -> list[tuple[str, str]]:
    """The sources that gave a series' figures, with their years ("2012–2025"), when they are not all the series'
    own (a figure's "Politie (via CBS)" is its "Politie (via CBS), tabel 47018NED"); else none. A series defined
    as one source may hold another's figures, and no page may name the first alone."""
    if all(source == defined or defined.startswith(source + ",") for source in years):  # not "Politie" alone
        return []
    return [(source, f"{min(ys)}–{max(ys)}" if min(ys) != max(ys) else str(ys[0])) for source, ys in years.items()]
