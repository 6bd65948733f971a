"""Gather what the domain needs for a safety picture from the store. No maths here."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import replace

from ivb.domain.compare import Rate, compare
from ivb.domain.i18n import _, language
from ivb.domain.observations import Point, SeriesData
from ivb.domain.periods import parse as parse_period
from ivb.domain.picture import PictureInput, PolicyUse, choose_policy
from ivb.domain.region import Member
from ivb.domain.series import builtin_series, context_keys, monitored_series
from ivb.domain.vocabulary import Status
from ivb.domain.targets import Evidence as EvidenceItem
from ivb.store.annexations import (POPULATION, border_changes, formed_series, taken_values, within_todays_borders,
                                    year_within_todays_borders)
from ivb.store.areas import history_notice
from ivb.store.breaks import applied
from ivb.store.live_series import live_series, live_stamps
from ivb.store.models import (Area, ChosenNeighbour, Evidence, Observation, ObservationWithdrawal, Policy,
                              PolicyVersion, SeriesBreak, SeriesBreakRemoval, SeriesLink, published)
from ivb.store.policies import PolicyStoreError, current_document


def is_open_data_key(key: str) -> bool:
    from ivb.domain.opendata_tables import generated_prefixes

    return key.startswith(generated_prefixes())


def chosen_policy(area: Area, year: int) -> tuple[Policy | None, PolicyUse]:
    """The policy a picture for `year` uses, and how its period relates to the year (see
    `domain.picture.choose_policy`): the one whose period holds the year; for a year before any policy the first
    one after it (a 2019 picture is the starting point of the 2020-2023 policy); after the last one, that one,
    which has expired. The picture says so in words."""
    policies = list(area.policies.order_by("period_start"))
    index, use = choose_policy([(p.period_start, p.period_end) for p in policies], year)
    return (policies[index] if index is not None else None), use


def policy_for(area: Area, year: int) -> Policy:
    policy, _use = chosen_policy(area, year)
    if policy is None:
        raise PolicyStoreError(f"geen beleid voor {area.code}")
    return policy


def picture_input(area: Area, year: int) -> PictureInput:
    """Everything the picture of `area` in `year` needs. Without a policy the picture still shows the monitored
    series: every municipality gets its safety picture."""
    policy, use = chosen_policy(area, year)
    document = current_document(policy) if policy is not None else None
    indicators = [i for _owner, i in document.all_indicators()] if document is not None else []
    measured = {i.series for i in indicators if i.series}
    monitored = {m.key: m for m in monitored_series()}
    # Open data brings dozens of series per table; the picture carries those the policy measures itself by and
    # the standard monitored set. The rest are on the sources page and in the comparisons.
    every = {s.key: s for s in series_data([area])[area.code]}
    series = {k: s for k, s in every.items() if not is_open_data_key(k) or k in measured or k in monitored}
    for live in live_series:  # the register's live counts win over typed-in ones, year by year
        series.update({s.key: _with_typed_years(s, series.get(s.key)) for s in live(area)})
    linked = _linked(area, series, every)
    series.update({k: replace(every[k], linked=True) for keys in linked.values() for k in keys if k not in series})
    return PictureInput(area.code, area.name, year, document, _labelled(series.values(), monitored),
                        evidence=_evidence(policy, area) if policy is not None else {},
                        comparisons=_comparisons(area, year), policy_use=use,
                        members=region_members(document, indicators), links=linked, partners=_partners(document),
                        lifetime=notice.text() if (notice := history_notice(area, year)) else None)


def _with_typed_years(live, typed):
    """The live series, with the typed-in figures of years the register holds nothing for: a municipality that
    typed its Bibob counts of 2019-2023 and records 2024 in the register keeps the earlier years (walk U). The
    register's first year keeps a typed figure too: a register seldom starts on 1 January, and its count of
    that year would read as a sudden fall."""
    if typed is None or not live.points:
        return live
    first = min(p.period.year for p in live.points)
    typed_first = any(p.period.year == first for p in typed.points)
    years = {p.period.year for p in live.points} - ({first} if typed_first else set())
    kept = [p for p in typed.points if p.period.year not in years]
    live = replace(live, points=[p for p in live.points if not (typed_first and p.period.year == first)])
    if not kept:
        return live
    return replace(live, points=sorted(kept + live.points, key=lambda p: (p.period.end, p.period.start)))


def _linked(area: Area, series: dict, every: dict) -> dict[str, list[str]]:
    """Per series in the picture, the series linked to it that have figures here: the newest figure of an
    indicator may come from them."""
    from ivb.store.links import links

    return {key: found for key, others in links(area).items()
            if key in series and (found := [k for k in others if k in every and k != key])}


def _labelled(series, monitored: dict) -> list[SeriesData]:
    """Mark the monitored and context series, with their short name and source; monitored ones in the order of
    the set, context last."""
    context, builtin = context_keys(), builtin_series()
    order = {key: i for i, key in enumerate(monitored)}
    out = []
    for s in series:
        if s.key in context:
            s = replace(s, name=builtin[s.key].name, context=True, monitored=s.key in monitored)
        elif s.key in monitored:
            s = replace(s, name=monitored[s.key].name, source=monitored[s.key].source, monitored=True)
        out.append(s)
    return sorted(out, key=lambda s: (s.context, s.monitored, order.get(s.key, 0)))


def region_members(document, indicators) -> list[Member]:
    """A joint policy's municipalities (in the file's order) with their observations, when a region indicator
    needs them. Only published figures count (definitive, or open data): a provisional figure another
    municipality typed in is theirs, not ours to show (as in the comparisons); and the viewer's own provisional
    figure is left out too, so that every member's page, report and API give the shared target the same figure
    (walk AJ: Heiloo read 42 and a chance of 48%, Bergen and Castricum 53 and 30%). A figure typed into an open
    data series is typed in all the same (walk AN: Stichtse Vecht's provisional 150 was in everyone's sum)."""
    if document is None or not any(i.scope == "region" for i in indicators):
        return []
    found = {a.code: a for a in Area.objects.filter(code__in=document.municipalities)}
    areas = [found[c] for c in document.municipalities if c in found]
    data = series_data(areas)
    monitored = {m.key: m for m in monitored_series()}
    unpublished = _typed_in_provisional(areas)

    def shown(code: str, s: SeriesData) -> SeriesData:
        return replace(s, points=[p for p in s.points if (code, s.key, p.period.code) not in unpublished])

    def held_back(code: str, series: list[SeriesData]) -> dict[str, frozenset[str]]:
        """Per series, the periods of this member's provisional figures that are left out: the page says so."""
        out = {s.key: frozenset(p.period.code for p in s.points if (code, s.key, p.period.code) in unpublished)
               for s in series}
        return {key: periods for key, periods in out.items() if periods}

    out = []
    for a in areas:
        series = _labelled(data[a.code], monitored)
        out.append(Member(a.code, a.name, {s.key: shown(a.code, s) for s in series}, held_back(a.code, series)))
    return out


def _typed_in_provisional(areas: list[Area]) -> set[tuple[str, str, str]]:
    """(area code, series key, period) of the current provisional figures not published by CBS or the police:
    typed in, on the page, by the API or from a file, whatever the series."""
    return set(Observation.objects.filter(area__in=areas, superseded_at__isnull=True,
                                          status=Observation.Status.PROVISIONAL)
               .exclude(published()).values_list("area__code", "series__key", "period"))


def _partners(document) -> dict[str, str]:
    """A joint policy's municipalities by code, with their names; nothing for a policy of one."""
    if document is None or len(document.municipalities) < 2:
        return {}
    return dict(Area.objects.filter(code__in=document.municipalities).values_list("code", "name"))


def region_uses(area: Area, series_key: str, year: int) -> list[tuple[str, list[str]]]:
    """(indicator name, the other members' names) for each region indicator of `area`'s policy for `year` that
    adds up `series_key`: a correction of one member's figure changes the region figure all members read (walk
    AJ: the correction page said nothing of it)."""
    policy, _use = chosen_policy(area, year)
    if policy is None:
        return []
    from ivb.store.policies import current_document

    document = current_document(policy)
    regional = [i for _owner, i in document.all_indicators() if i.scope == "region" and i.series == series_key]
    if not regional or len(document.municipalities) < 2:
        return []
    names = dict(Area.objects.filter(code__in=document.municipalities).values_list("code", "name"))
    others = [names.get(code, code) for code in document.municipalities if code != area.code]
    return [(i.name, others) for i in regional]


def published_by_partners(subject: Area, areas: list[Area], series_key: str):
    """The observations of `series_key` behind a region figure: the subject's own in full (with history), the
    other members' only when published (current, and definitive or open data)."""
    from django.db.models import Q

    rows = Observation.objects.filter(area__in=areas, series__key=series_key)
    return rows.filter(Q(area=subject) | (Q(superseded_at__isnull=True) & published()))


def series_data(areas: list[Area]) -> dict[str, list[SeriesData]]:
    """Per area code, its current observations grouped per series, with the series' breaks: the shipped ones of
    known size (police crime series: the counting rule of 1 July 2018) unless taken away, and those recorded
    by hand (see `store.breaks.applied`)."""
    rows = (Observation.objects.filter(area__in=areas, superseded_at__isnull=True)
            .select_related("series", "area").order_by("series__key", "period_start", "period_end"))
    grouped: dict[tuple[str, str], list[Observation]] = defaultdict(list)
    series = {}
    for obs in rows:
        grouped[(obs.area.code, obs.series.key)].append(obs)
        series[obs.series.key] = obs.series
    changed = border_changes([a.code for a in areas])
    taken = taken_values(changed)
    # A municipality formed anew gets the series its predecessors have on each year's borders (the population):
    # their sum is its figure for the years before (ADR 0039, amendment).
    for code, found_series in formed_series(changed, taken).items():
        for key, s in found_series.items():
            grouped.setdefault((code, key), [])
            series.setdefault(key, s)
    breaks = applied(series, [a.code for a in areas], language())
    out: dict[str, list[SeriesData]] = {a.code: [] for a in areas}
    for (code, key), observations in grouped.items():
        s = series[key]
        points = [Point(parse_period(o.period), float(o.value), o.status,
                        float(o.margin) if o.margin is not None else None, o.source) for o in observations]
        found = breaks[(code, key)]
        out[code].append(SeriesData(key, s.name, s.unit, s.aggregation, points, found.free, source=s.source,
                                    known_breaks=found.known, removed_breaks=found.removed))
    for area in areas:
        if area.code in changed:
            within = [within_todays_borders(d, changed[area.code], taken) for d in out[area.code]]
            out[area.code] = [d for d in within if d.points or grouped[(area.code, d.key)]]  # none made: no series
    return out


def _evidence(policy: Policy, area: Area) -> dict[str, list[EvidenceItem]]:
    """The municipality's own judgements; in a joint plan they say whose they are, since a partner's page shows
    the partner's judgement of the same target."""
    joint = policy.municipalities.count() > 1
    out = defaultdict(list)
    for e in Evidence.objects.filter(policy=policy, area=area):
        out[e.indicator_key].append(EvidenceItem(e.date.isoformat(), Status(e.status), e.summary, e.document, e.year,
                                                 recorded_for=area.name if joint else ""))
    return dict(out)


def _comparisons(area: Area, year: int) -> dict:
    """Rates per 1,000 inhabitants beside the municipality's peers (chosen and bordering neighbours, the other
    municipalities of its policy, those of its police unit), with its police unit, province, CBS size class
    and the country as reference lines, for each count series with figures and a population that year. A
    reference line made from member municipalities says how many had figures; provisional figures are marked."""
    from ivb.store.areas import peer_groups
    from ivb.store.national import index_config

    groups = peer_groups(area, year)
    ranked_among = [g for g in groups if g.kind in ("buren", "beleid", "eenheid")]
    peers = {a.code: a for g in ranked_among for a in g.members}
    among = ", ".join(g.label for g in _named_groups(ranked_among, area.code))
    peers[area.code] = area
    wide = [g for g in groups if g.kind in ("eenheid", "provincie", "grootteklasse")]
    country = Area.objects.filter(code="NL01").first()
    members = {a.code: a for g in wide for a in g.members}
    own = [g.area for g in wide if g.area is not None] + ([country] if country else [])
    values, provisional = _full_year_values([*peers.values(), *members.values(), *own], year, area)
    population = values.pop(POPULATION, {})
    near = {a.code for g in groups if g.kind == "buren" for a in g.members} - {area.code}
    lacking = [k for k, by in values.items() if area.code in by and not (country and country.code in by)]
    whole_country, summed_provisional = _country_added_up(lacking, year) if country and area.code in population \
        else ({}, {})
    out = {}
    for key, by_area in values.items():
        if area.code not in by_area or area.code not in population:
            continue
        has = lambda code: code in by_area and code in population  # noqa: B023 (called only in this pass)
        rate = lambda a: Rate(a.code, a.name, by_area[a.code], population[a.code])  # noqa: B023 (called only in this pass)
        peer_rates = [rate(a) for a in peers.values() if has(a.code)]
        lines = []
        for g in wide:
            if g.area is not None and has(g.area.code):
                lines.append(rate(g.area))
            elif (counted := [a for a in g.members if has(a.code)]) and len(counted) > 1:
                name = _("%(group)s (%(counted)s van %(all)s met cijfers)") % {
                    "group": g.label, "counted": len(counted), "all": len(g.members)}
                # A group without an area is named by its own code (walk BP: the API read "GK-gemeenten met …").
                line = Rate(g.area.code if g.area else g.code or g.label, name, sum(by_area[a.code] for a in counted),
                            sum(population[a.code] for a in counted))
                lines.append(line)
                if any((key, a.code) in provisional for a in counted):  # a sum with a provisional figure in it is one
                    provisional.add((key, line.code))
        if country and has(country.code):
            lines.append(rate(country))
        elif key in whole_country:
            lines.append(whole_country[key])
            if whole_country[key].code in summed_provisional.get(key, ()):
                provisional.add((key, whole_country[key].code))
        if len(peer_rates) > 1 or lines:
            marked = {code for code in {r.code for r in (*peer_rates, *lines)} if (key, code) in provisional}
            out[key] = compare(rate(area), peer_rates, lines, near, marked, min_population=index_config()[1],
                               among=among)
    return out


def _named_groups(groups: list, subject: str) -> list:
    """The groups a place is counted among, less those the others already hold (walk CD: "buurgemeenten,
    Politie-eenheid Limburg" where all four neighbours are in the unit read as four more); of two alike, the later."""
    codes = [{a.code for a in g.members} - {subject} for g in groups]
    return [g for n, g in enumerate(groups)
            if not any(codes[n] < codes[m] or (codes[n] == codes[m] and m > n) for m in range(len(groups)) if m != n)]


def _country_added_up(keys: list[str], year: int) -> tuple[dict[str, Rate], dict[str, set]]:
    """The country's rate of each series in `keys` added up from every municipality, where the country has no figure
    of its own (the police's open data per municipality): only when every municipality of the country has one, as
    the dashboard's comparison does (walk BU: Utrecht's page set its rate beside its police unit, province and size
    class, but not beside the country). Per key the rate, and {"NL01"} where a figure in the sum is provisional."""
    sums = _country_sums(year) if keys else {}
    out, marks = {}, {}
    for key in keys:
        if (found := sums.get(key)) is None:
            continue
        count, people, n, provisional = found
        out[key] = Rate("NL01", _("Nederland (opgeteld uit alle %(n)s gemeenten)") % {"n": n}, count, people)
        if provisional:
            marks[key] = {"NL01"}
    return out, marks


def _country_sums(year: int) -> dict[str, tuple[float, float, int, bool]]:
    """Per count series, (count, population, municipalities, any provisional) added up over every municipality of
    today that has the series and a population for `year`; only series every municipality has. Published figures
    only, so the country is the same for every municipality's page (review). Kept while the data stamp holds: the
    sum reads some 20.000 rows for a download of 47018NED, and every page asks for it."""
    from django.core.cache import cache

    from ivb.store.areas import existing_on, municipalities_in

    # On the pictures' own data stamp (second review: the highest ids alone can miss an import that commits late).
    key = f"ivb:country-sums:{year}:{dt.date.today().year}:{stamp_key(data_stamp())}"
    if (found := cache.get(key)) is not None:
        return found
    values, provisional = _full_year_values(list(existing_on(dt.date.today())), year, None)
    population = values.pop(POPULATION, {})
    needed = min(municipalities_in(year), municipalities_in(dt.date.today().year))
    out = {}
    for series, by_area in values.items():
        counted = [code for code in by_area if code in population]
        if len(counted) >= needed:  # a sum over part of the country is no national figure
            out[series] = (sum(by_area[c] for c in counted), sum(population[c] for c in counted), len(counted),
                           any((series, c) in provisional for c in counted))
    cache.set(key, out, timeout=3600)
    return out


def _full_year_values(areas: list[Area], year: int, subject: Area | None) -> tuple[dict[str, dict[str, float]], set]:
    """Yearly counts (and population) of these areas. Provisional figures are included and marked when they
    are published (open data: CBS and the police publish provisional years) or the subject's own; another
    municipality's typed-in provisional figure is theirs, not ours to show. Returns the values per series and
    area code, and the (series, area code) pairs whose figure is provisional."""
    from django.db.models import Q

    out: dict[str, dict[str, float]] = defaultdict(dict)
    provisional = set()
    chosen = Observation.objects.filter(area__in=areas, superseded_at__isnull=True, period=str(year),
                                        series__unit="count")
    shown = (Q(area=subject) | published()) if subject is not None else published()  # None: published only
    rows = chosen.filter(shown).values_list("series__key", "area__code", "value", "status")
    for key, code, value, status in rows:
        out[key][code] = float(value)
        if status == Observation.Status.PROVISIONAL:
            provisional.add((key, code))
    year_within_todays_borders(out, [a.code for a in areas], year)
    return out, provisional


def data_stamp() -> tuple:
    """Changes whenever anything a picture reads changes. History is append-only, so the highest ids tell;
    breaks and neighbours can also be removed, so their counts are in it too. One query."""
    from django.db import connection

    tables = {m: m._meta.db_table for m in (Observation, ObservationWithdrawal, PolicyVersion, Evidence, SeriesBreak,
                                           SeriesBreakRemoval)}
    neighbours = Area.neighbours.through._meta.db_table
    chosen = ChosenNeighbour._meta.db_table
    links = SeriesLink._meta.db_table
    sql = ("SELECT " + ", ".join(f"(SELECT MAX(id) FROM {t})" for t in tables.values())
           + f", (SELECT COUNT(*) FROM {tables[SeriesBreak]}), (SELECT COUNT(*) FROM {neighbours})"
           # A removal is put back by marking its row: the count of current ones changes.
           + f", (SELECT COUNT(*) FROM {tables[SeriesBreakRemoval]} WHERE restored_at IS NULL)"
           + "".join(f", {stamp}" for stamp in live_stamps)
           # Chosen neighbours are added as rows and removed by marking the row: both change this pair.
           + f", (SELECT MAX(id) FROM {chosen}), (SELECT COUNT(*) FROM {chosen} WHERE removed_at IS NULL)"
           # A link's row is changed in place (hidden or shown again): its time tells.
           + f", (SELECT MAX(changed_at) FROM {links}), (SELECT COUNT(*) FROM {links})")
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def stamp_key(stamp: tuple) -> str:
    """The data stamp as part of a cache key, the same in every process. Python's hash() of a text (or, before
    3.12, of None: an empty table's MAX) differs per process, so workers sharing a cache missed each other's
    entries."""
    return hashlib.sha256(repr(tuple(stamp)).encode()).hexdigest()[:32]


def cached_picture(area: Area, year: int, stamp: tuple | None = None):
    """The safety picture, computed once per state of the data. A cache is never the truth: the key holds the
    data stamp, so any new figure, version, judgement or break makes a new picture."""
    from django.core.cache import cache

    from ivb.domain.picture import build_picture

    from ivb.domain.i18n import language

    # The picture holds sentences, so it is kept per language; and per calendar year, as a target year the calendar
    # has left behind is judged as over (`targets.evaluate`) and a year that has ended is no longer "verwacht".
    today = dt.date.today().year
    key = f"ivb:picture:{area.code}:{year}:{language()}:{today}:{stamp_key(stamp or data_stamp())}"
    picture = cache.get(key)
    if picture is None:
        picture = build_picture(picture_input(area, year))
        cache.set(key, picture, timeout=3600)
    return picture


def year_picture(area: Area, year: int, stamp: tuple | None = None):
    """The safety picture the dashboard, the downloads and the API show: for a year the one rule allows
    (`periods.check_picture_year`: a year that has begun, else PeriodError), from the cache."""
    from ivb.domain.periods import check_picture_year

    return cached_picture(area, check_picture_year(year), stamp)
