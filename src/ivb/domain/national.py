"""National comparison: rates per 1,000 inhabitants, the rank of every municipality, and a weighted crime
index over ten offence types (weights in `ivb/data/crime-index.yaml`, method in docs/national-comparison.md).

Rank 1 is the highest rate: the least safe, as the AD Misdaadmeter counts. Municipalities under the minimum
population are not ranked (a handful of crimes would swing them to the top), but their rates are shown.
The index is 100 for the country as a whole: per type the municipality's rate divided by the national rate,
weighted; types without national figures are left out and named.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ivb.domain.i18n import _


@dataclass(frozen=True)
class IndexType:
    code: str
    name: str
    weight: float
    short: str = ""


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    population: float
    counts: dict[str, float]  # offence code -> count in the year


@dataclass
class Standing:
    code: str
    name: str
    population: float
    rates: dict[str, float]                       # offence code -> per 1,000 inhabitants
    ranks: dict[str, int] = field(default_factory=dict)  # offence code -> rank among ranked municipalities
    index: float | None = None
    index_rank: int | None = None


@dataclass
class NationalComparison:
    year: int
    standings: dict[str, Standing]
    national_rates: dict[str, float]
    ranked: int                 # how many municipalities are ranked
    too_small: list[str]        # codes left out of the ranking
    types_used: list[IndexType]
    types_missing: list[IndexType]
    min_population: int


def compare_nationally(year: int, municipalities: list[Municipality], types: list[IndexType],
                       min_population: int = 5000, national: dict[str, float] | None = None) -> NationalComparison:
    """`national`: the country's own rates (from NL01 figures) when known; otherwise they are computed from
    the municipalities given, per type over those that have a figure for it."""
    with_people = [m for m in municipalities if m.population > 0]
    codes = sorted({c for m in with_people for c in m.counts})
    if national is None:
        national = {c: 1000 * sum(m.counts[c] for m in with_people if c in m.counts)
                    / sum(m.population for m in with_people if c in m.counts) for c in codes}
    standings = {m.code: Standing(m.code, m.name, m.population,
                                  {c: 1000 * v / m.population for c, v in m.counts.items()}) for m in with_people}
    ranked = [s for s in standings.values() if s.population >= min_population]
    for c in codes:
        order = sorted((s for s in ranked if c in s.rates), key=lambda s: (-s.rates[c], s.code))
        for i, s in enumerate(order, 1):
            s.ranks[c] = i
    used = [t for t in types if national.get(t.code)]
    missing = [t for t in types if not national.get(t.code)]
    weight = sum(t.weight for t in used)
    for s in standings.values():
        if used and all(t.code in s.rates for t in used):
            s.index = 100 * sum(t.weight * s.rates[t.code] / national[t.code] for t in used) / weight
    for i, s in enumerate(sorted((s for s in ranked if s.index is not None), key=lambda s: (-(s.index or 0.0), s.code)), 1):
        s.index_rank = i
    return NationalComparison(year, standings, national, len(ranked),
                              sorted(s.code for s in standings.values() if s.population < min_population),
                              used, missing, min_population)


def baseline(*, own_country_figures: bool, with_figures: int, in_country: int, policy_size: int | None,
             every_type: bool = True) -> str:
    """What "= 100" means, in words. "Nederland" only when it is the country: its own figures, or every
    municipality's for every offence type in the index (`every_type`). Otherwise the municipalities it was computed from: those of the policy when they are
    exactly the ones with figures, else "de N gemeenten met cijfers"."""
    if own_country_figures or (in_country and with_figures >= in_country and every_type):
        return "Nederland"
    if policy_size is not None and with_figures == policy_size:
        return _("de %(n)s gemeenten van dit beleid") % {"n": with_figures}
    return _("de %(n)s gemeenten met cijfers") % {"n": with_figures}


def ranked_among(baseline_text: str, ranked: int) -> str:
    """'gemeenten' for a national rank, 'gemeenten met cijfers' (or of the policy) otherwise, in the reader's
    language: the baseline without its article and number ("de 31 …", "the 31 …")."""
    if baseline_text == "Nederland":
        return _("gemeenten")
    return baseline_text.split(" ", 2)[2]  # "gemeenten van dit beleid", "gemeenten met cijfers"
