"""The register's yearly counts as series, so the policy's ondermijning indicators are measured live, like any
other figure, without exposing a single case: only numbers per year leave the register."""

import datetime as dt
from collections import Counter

from django.utils import timezone
from django.utils.timezone import localtime

from ivb.domain.observations import Point, SeriesData
from ivb.domain.periods import year, year_to_date
from ivb.register.fictitious import real_cases, real_signals
from ivb.register.models import Case, Measure, PurgedCount, Signal

SERIES = {
    "ondermijning.signalen": "Signalen ondermijning (vermoedens)",
    "ondermijning.casussen": "Casuïstiek ondermijning",
    "ondermijning.bestuurlijke_waarschuwingen": "Bestuurlijke waarschuwingen",
    "ondermijning.sluitingen": "Sluitingen van panden",
    "ondermijning.bibob_onderzoeken": "Integriteitsbeoordelingen (Bibob)",
}
# The measures counted, by the series that counts them (a Bibob investigation is recorded as a measure).
MEASURE_SERIES = {Measure.Kind.WARNING.value: "ondermijning.bestuurlijke_waarschuwingen",
                  Measure.Kind.CLOSURE.value: "ondermijning.sluitingen",
                  Measure.Kind.BIBOB.value: "ondermijning.bibob_onderzoeken"}


def yearly_series(area) -> list[SeriesData]:
    """Real records only: the demo's fictitious ones (ivb.register.fictitious) are not figures."""
    # The year on the municipality's clock (review: a case opened at 00:30 on 1 January counted, in UTC, in the year
    # before, which is over and shown).
    counts = {
        "ondermijning.signalen": Counter(localtime(d).year for d in Signal.objects.filter(municipality=area)
                                         .filter(real_signals()).values_list("created_at", flat=True)),
        "ondermijning.casussen": Counter(localtime(d).year for d in Case.objects.filter(municipality=area)
                                         .filter(real_cases()).values_list("created_at", flat=True)),
        **{key: _measures(area, kind) for kind, key in MEASURE_SERIES.items()},
    }
    for row in PurgedCount.objects.filter(municipality=area):  # what a purge removed still counts
        counts[row.series_key][row.year] += row.count
    today = timezone.localdate()
    out = []
    for key, by_year in counts.items():
        if not by_year:
            continue
        points = []
        for y in sorted(by_year):
            # The running year is a year-to-date count, provisional until the year is over.
            period = year_to_date(y, today.month) if y == today.year else year(y)
            points.append(Point(period, float(by_year[y]), "voorlopig" if y == today.year else "definitief",
                                source="Register ondermijning (IVB)"))
        out.append(SeriesData(key, SERIES[key], "count", "sum", points))
    return out


def published_series(area, today: dt.date | None = None) -> list[SeriesData]:
    """The counts the safety picture shows: whole years that are over only (ADR 0056). A count of the year under
    way, live, told every reader of the dashboard that a case was opened or a premises closed, and when, before
    any public measure (walk BV: Schiermonnikoog, 950 inhabitants, "Casuïstiek ondermijning 1 · 2026" on the
    council member's phone the minute the case was made). The team sees its own year in the register itself."""
    this_year = (today or timezone.localdate()).year
    out = []
    for series in yearly_series(area):
        points = [p for p in series.points if p.period.year < this_year]
        if points:
            out.append(SeriesData(series.key, series.name, series.unit, series.aggregation, points))
    return out


def _measures(area, kind) -> Counter:
    return Counter(d.year for d in Measure.objects.filter(real_cases("case__"), case__municipality=area, kind=kind)
                   .values_list("decision_date", flat=True))


def stamps() -> list[str]:
    """SQL sub-selects that change whenever a count above can: the newest record and the number of records
    (deleting one lowers it), and what purges removed."""
    tables = [m._meta.db_table for m in (Signal, Case, Measure)]
    return ([f"(SELECT MAX(id) FROM {t})" for t in tables] + [f"(SELECT COUNT(*) FROM {t})" for t in tables]
            + [f"(SELECT SUM(count) FROM {PurgedCount._meta.db_table})"])
