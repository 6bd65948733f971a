"""The national comparison from the store: every municipality's police open-data counts and population for a
year (provisional ones marked), and the subject beside its neighbours, its police unit and its baseline: the
country only when that is what the figures are."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import cache
from importlib import resources

import yaml

from ivb.domain.compare import rate_decimals
from ivb.domain.national import IndexType, Municipality, compare_nationally
from ivb.domain.numbers import format_number
from ivb.opendata.tables import table
from django.db.models import Q
from django.utils.translation import gettext as _

from ivb.store.models import Area, Observation, published
from ivb.store.annexations import POPULATION, year_within_todays_borders


@cache
def index_config() -> tuple[list[IndexType], int]:
    data = yaml.safe_load(resources.files("ivb.data").joinpath("crime-index.yaml").read_text(encoding="utf-8"))
    # Every type names exactly these: an unquoted comma in a YAML flow mapping silently splits a name into keys.
    for code, t in data["types"].items():
        if set(t) - {"name", "weight", "short"} or not {"name", "weight"} <= set(t):
            raise ValueError(f"crime-index.yaml, {code}: alleen name, weight en short; gevonden: {', '.join(t)}")
    types = [IndexType(str(code), t["name"], float(t["weight"]), t.get("short", t["name"])) for code, t in data["types"].items()]
    return types, int(data["min_population"])


def series_key(code: str) -> str:
    return table("47018NED").series_key("GeregistreerdeMisdrijven_1", code)


def national_rate_decimals(found: dict) -> dict[str, int]:
    """Per offence type of `position`'s table, the decimals of its rates per 1.000: one column, one precision, the
    rule of every comparison (`compare.rate_decimals`), on the page and in its download alike."""
    return {t.code: rate_decimals(line["rates"].get(t.code) for line in found["lines"]) for t in found["types"]}


def position(area: Area, year: int) -> dict | None:
    """None when the subject has no figures or population for the year. Provisional figures count, marked."""
    from ivb.domain.national import baseline, ranked_among
    from ivb.store.areas import municipalities_in, neighbours, peer_groups, policy_size

    types, min_population = index_config()
    keys = {series_key(t.code): t.code for t in types}
    rows = (Observation.objects.filter(series__key__in=[*keys, POPULATION], period=str(year),
                                       superseded_at__isnull=True,
                                       area__kind__in=[Area.Kind.MUNICIPALITY, Area.Kind.POLICE_UNIT, Area.Kind.COUNTRY])
            # provisional figures when published (open data) or the subject's own, as in the picture's comparison
            .filter(published() | Q(area=area))
            .values_list("series__key", "area__code", "area__name", "area__kind", "value", "status"))
    counts: dict[str, dict[str, float]] = defaultdict(dict)
    population, names, kinds, provisional = {}, {}, {}, set()
    for key, code, name, kind, value, status in rows:
        names[code], kinds[code] = name, kind
        if status == Observation.Status.PROVISIONAL:
            provisional.add(code)
        if key == POPULATION:
            population[code] = float(value)
        else:
            counts[code][keys[key]] = float(value)
    # CBS gives the population per municipality as it was; the police counts come on today's borders. A
    # municipality formed later (Dijk en Waard) has police counts of the year and no population of its own.
    year_within_todays_borders({POPULATION: population}, list({*population, *counts}), year)
    municipalities = [Municipality(c, names[c], population[c], counts[c]) for c in counts
                      if kinds[c] == Area.Kind.MUNICIPALITY and population.get(c, 0) > 0]
    if area.code not in {m.code for m in municipalities}:
        return None
    country = None  # the country's own figures, when imported, are the baseline: Nederland is then 100
    if counts.get("NL01") and population.get("NL01", 0) > 0:
        country = {c: 1000 * v / population["NL01"] for c, v in counts["NL01"].items()}
    result = compare_nationally(year, municipalities, types, min_population, national=country)
    # The police counts and the population added up are on today's borders: the land of a year before a merger is
    # covered by today's municipalities (walk AT: 342 with figures in 2021, of 352 then, is the whole country).
    then, now = municipalities_in(year), municipalities_in(dt.date.today().year)
    base = baseline(own_country_figures=country is not None, with_figures=len(municipalities),
                    in_country=min(then, now), policy_size=policy_size(area, year, {m.code for m in municipalities}),
                    every_type=all(t.code in m.counts for m in municipalities for t in result.types_used))
    # With neither the country's figures nor another municipality's, the index is the subject against itself
    # (100 by definition) and its rank 1 of 1: the rates per 1.000 are shown, no index, rank or baseline.
    alone = country is None and len(municipalities) < 2
    used = [] if alone else result.types_used
    index = lambda rates: (100 * sum(t.weight * rates[t.code] / result.national_rates[t.code] for t in used)
                           / sum(t.weight for t in used)) if used and all(t.code in rates for t in used) else None
    mark = lambda code: "*" if code in provisional else ""
    # A figure added up from municipalities is provisional when any of theirs is (walk U: "definitief" in the CSV).
    added_mark = lambda codes: "*" if provisional.intersection(codes) else ""
    s = result.standings[area.code]
    if alone:
        s.index = s.index_rank = None
    lines = [_line(s.name + mark(area.code), "gemeente", s.rates, s.index, s.index_rank, subject=True)]
    near = list(neighbours(area))
    for n in near:
        if n.code in result.standings:
            s = result.standings[n.code]
            lines.append(_line(s.name + mark(n.code), "buurgemeente", s.rates, s.index, s.index_rank))
    unit = area.parent if area.parent and area.parent.kind == Area.Kind.POLICE_UNIT else None
    if unit is not None:
        if unit.code in counts and unit.code in population:
            rates = {c: 1000 * v / population[unit.code] for c, v in counts[unit.code].items()}
            lines.append(_line(unit.name + mark(unit.code), "politie-eenheid", rates, index(rates), None))
        elif summed := _summed(unit, municipalities, [t.code for t in result.types_used], year, area):
            rates, counted, members, used_codes = summed
            lines.append(_line(unit.name + added_mark(used_codes), "politie-eenheid", rates, index(rates), None,
                               note=_("opgeteld uit %(counted)s van de %(all)s gemeenten") % {
                                   "counted": counted, "all": members}))
        else:
            lines.append(_line(unit.name, "politie-eenheid", {}, None, None,
                               note=_("geen cijfers: IVB heeft geen misdrijven met inwoners per politie-eenheid; de "
                                      "beheerder van IVB kan ze inlezen uit de open data van CBS")))
    groups = peer_groups(area, year)
    size = next((g for g in groups if g.kind == "grootteklasse"), None)
    if not alone and size is not None and (summed := _summed_over({a.code for a in size.members}, municipalities,
                                                                  [t.code for t in result.types_used])):
        # Walk BO: Eindhoven's page named "gemeenten met 150.000 tot 250.000 inwoners (14)" as a group but set it
        # beside nine rural neighbours only; a city's peers are its size.
        rates, counted, members, used_codes = summed
        lines.append(_line(size.label[:1].upper() + size.label[1:] + added_mark(used_codes), "grootteklasse", rates,
                           index(rates), None, note=_("opgeteld uit %(counted)s van de %(all)s gemeenten") % {
                               "counted": counted, "all": members}))
    if alone:
        pass  # no baseline: there is nothing to set the subject beside
    elif country is not None:
        lines.append(_line("Nederland" + mark("NL01"), "land", country, index(country), None))
    elif base == "Nederland":
        lines.append(_line("Nederland" + added_mark(m.code for m in municipalities), "land", result.national_rates,
                           index(result.national_rates), None,
                           note=(_("opgeteld uit alle %(n)s gemeenten") if len(municipalities) >= then else
                                 _("opgeteld uit alle %(n)s gemeenten in de grenzen van nu (in %(year)s waren het er "
                                   "%(then)s)")) % {"n": len(municipalities), "year": year, "then": then}))
    else:
        lines.append(_line(base[0].upper() + base[1:] + added_mark(m.code for m in municipalities), "basis",
                           result.national_rates, index(result.national_rates), None, note=_missing_note(
                               year, then, now, len(municipalities))))
    indexed = sum(1 for s in result.standings.values() if s.index_rank is not None)
    subject = result.standings[area.code]
    by_type = {t: subject.rates.get(t.code, 0.0) * subject.population / 1000 for t in used}
    return {"year": year, "result": result, "lines": lines, "types": result.types_used, "alone": alone, "missing": result.types_missing,
            "subject": result.standings[area.code], "indexed": indexed, "baseline": base,
            "ranked_among": ranked_among(base, indexed), "groups": groups, "no_neighbours": not near, "provisional": any(ln["name"].endswith("*") for ln in lines),
            "year_label": f"{year}*" if area.code in provisional else str(year),
            # Walk BN: Vlieland's "71 (Nederland = 100)" rested on 21 crimes, and nothing said so.
            "chance_words": _chance_words(area.name, by_type, result.national_rates)
            if used and subject.index is not None else ""}


def _missing_note(year: int, then: int, now: int, known: int) -> str:
    """Why there is no national figure: how many municipalities lack one, counted as the figures are, on today's
    borders (walk BW: "415 gemeenten in 2012, van 337 zijn cijfers in IVB" suggested 78 missing, where 5 of
    today's 342 were)."""
    if then > now:
        return _("geen landelijk cijfer: van de %(now)s gemeenten in de grenzen van nu (in %(year)s waren het er "
                 "%(then)s) heeft IVB er %(known)s met cijfers") % {"now": now, "year": year, "then": then,
                                                                    "known": known}
    return _("geen landelijk cijfer: %(all)s gemeenten in %(year)s, van %(known)s zijn cijfers in IVB") % {
        "all": then, "year": year, "known": known}


def _summed(unit: Area, municipalities: list[Municipality], codes: list[str], year: int, subject: Area):
    """A police unit's rates per 1,000 added up from its member municipalities that have every offence type of
    the index (as the country is without its own figures): (rates, members counted, members, the codes of those
    counted), or None. A subject formed later counts in place of those it was formed from, as in its groups."""

    from ivb.store.areas import existing_on, todays_land

    day = dt.date(year, 1, 1)
    return _summed_over({a.code for a in todays_land(subject, existing_on(day).filter(parent=unit), day)},
                        municipalities, codes)


def _summed_over(members: set[str], municipalities: list[Municipality], codes: list[str]):
    """Rates per 1,000 added up from the municipalities `members` that have every offence type of `codes`: (rates,
    members counted, members, the codes of those counted), or None with fewer than two."""
    complete = [m for m in municipalities if m.code in members and all(c in m.counts for c in codes)]
    people = sum(m.population for m in complete)
    if len(complete) < 2 or not codes or people <= 0:  # one member's figures are that member's, not the unit's
        return None
    return ({c: 1000 * sum(m.counts[c] for m in complete) / people for c in codes}, len(complete), len(members),
            [m.code for m in complete])


def _line(name, kind, rates, index, rank, *, subject=False, note="") -> dict:
    return {"name": name, "kind": kind, "rates": rates, "index": index, "rank": rank, "subject": subject,
            "note": note}


FEW_CRIMES = 100  # below this a count's chance scatter alone (1 / sqrt(n)) moves an index by more than 10%
Z80 = 1.2816  # the normal distribution's 90th percentile: ±Z80 sd holds 80%, the width IVB's intervals state


def _chance_words(name: str, counts: dict, national: dict[str, float]) -> str:
    """How far chance alone moves an index resting on few crimes. The index is Σ w·(n/P)/R over Σ w (type t's count
    n, weight w, national rate R): with each count Poisson, its relative sd is √Σ(w/R)²·n / Σ(w/R)·n (a review:
    1/√(all crimes) understated it by a quarter and more, the rare heavy types most)."""
    counts = {t: c for t, c in counts.items() if national.get(t.code, 0) > 0}
    n = sum(counts.values())
    if round(n) >= FEW_CRIMES or n < 1:
        return ""
    weighted = sum(t.weight / national[t.code] * c for t, c in counts.items())
    spread = sum((t.weight / national[t.code]) ** 2 * c for t, c in counts.items()) ** 0.5
    if weighted <= 0:
        return ""
    # As an 80% margin, the width IVB's intervals have: one sd, said as "hoger of lager", read as the whole range
    # (walk BV: 27 on 8 crimes "±43%" and 73 on 14 "±35%" seemed not to overlap, though 8 against 14 is chance).
    share = round(100 * Z80 * spread / weighted)
    values = {"name": name, "n": format_number(round(n), "count"), "share": share}
    if share >= 100:  # nothing falls 100% or more (review: "128% hoger of lager" on a single crime)
        return _("De index van %(name)s rust op %(n)s misdrijven: zo weinig dat alleen al toeval hem kan verdubbelen "
                 "of tot bijna niets kan laten zakken.") % values
    return _("De index van %(name)s rust op %(n)s misdrijven; alleen al door toeval valt hij 8 van de 10 keer "
             "binnen ongeveer %(share)s%% hoger of lager dan zonder toeval.") % values

