"""Every series key IVB knows, the stored ones included, and which periods the store has figures for."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Min

from ivb.domain import periods
from ivb.domain.series import SeriesDef
from ivb.domain.series_catalogue import KnownSeries, SeriesCatalogue, offline_catalogue
from ivb.store.models import Observation, Series


def catalogue(declared: Iterable[SeriesDef] = ()) -> SeriesCatalogue:
    """Built-in, open-data and declared series, and every series in the Series table (a stored definition
    wins: it is the one figures were imported under)."""
    known = offline_catalogue(declared)
    stored = [SeriesDef(s.key, s.name, s.unit, s.aggregation, s.source, s.description) for s in Series.objects.all()]
    for d in stored:
        known.entries[d.key] = KnownSeries(d, known.entries[d.key].origin if d.key in known.entries else "stored")
    return known


@dataclass(frozen=True)
class Coverage:
    """The current figures of one series (for some areas): the first and last period and how many."""

    series: str
    first: str
    last: str
    count: int


def coverage(area_codes: Iterable[str] = ()) -> dict[str, Coverage]:
    """Per series key, the periods with current figures, for these areas (default: all areas)."""
    rows = Observation.objects.filter(superseded_at__isnull=True)
    codes = list(area_codes)
    if codes:
        rows = rows.filter(area__code__in=codes)
    out = {}
    for row in rows.values("series__key").annotate(n=Count("id"), first=Min("period_start"), last=Max("period_end")):
        first = rows.filter(series__key=row["series__key"], period_start=row["first"]).values_list("period", flat=True).first()
        last = rows.filter(series__key=row["series__key"], period_end=row["last"]).order_by("-period_start") \
            .values_list("period", flat=True).first()
        assert first is not None and last is not None  # the periods the aggregate above found
        out[row["series__key"]] = Coverage(row["series__key"], _label(first), _label(last), row["n"])
    return out


def _label(code: str) -> str:
    try:
        return periods.parse(code).label
    except periods.PeriodError:
        return code
