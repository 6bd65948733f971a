"""Which years a page offers to choose from, and which it opens on: within the municipality's policy periods."""

import datetime as dt

from ivb.domain.periods import has_begun


def policy_years(area) -> set[int]:
    return {y for p in area.policies.all() for y in range(p.period_start, p.period_end + 1)}


def plan_year(area, today: dt.date | None = None) -> int:
    """This year when a policy covers it; else the last year of the newest policy (an annual plan belongs to a
    policy period); without a policy, this year."""
    year = (today or dt.date.today()).year
    years = policy_years(area)
    if not years or year in years:
        return year
    earlier = [y for y in years if y < year]
    return max(earlier) if earlier else min(years)


def plan_years(area, year: int) -> list[int]:
    from ivb.plan.models import Action

    return sorted(policy_years(area) | set(Action.objects.filter(municipality=area).values_list("year", flat=True))
                  | {year})


def data_years(area, stamp: tuple | None = None) -> list[int]:
    """The years in which the municipality has current figures. One query over its figures; with the data
    `stamp` a page already holds, read from the cache while the figures are unchanged (the dashboard asks on
    every view, and the query reads every figure of the municipality)."""
    from ivb.store.models import Observation

    def query() -> list[int]:
        return sorted({d.year for d in Observation.objects.filter(area=area, superseded_at__isnull=True)
                       .dates("period_end", "year")})

    if stamp is None:
        return query()
    from django.core.cache import cache

    from ivb.store.picture import stamp_key

    key = f"ivb:data-years:{area.code}:{stamp_key(stamp)}"
    years = cache.get(key)
    if years is None:
        years = query()
        cache.set(key, years, timeout=3600)
    return years


def opening_year(area, years: list[int], under_way: bool = True) -> int:
    """The year a dashboard opens on: the newest of `years` (the municipality's data years) with a whole-year
    figure; a year with only year-to-date, quarter or month figures has no comparison and no year verdicts yet,
    so it is one click further. Without any whole-year figure, the newest data year; without figures, this year.
    But the year under way when it has figures and a policy covers it: its page completes the year from its months
    (walk BC: the 2025 page gave a 2026 target "kans 34%" that the 2026 months had put at 0%; walk BB: a plan that
    began this year opened on "Er is geen beleid voor 2025"). `under_way` False for the council report, which is
    about a year that is over."""
    from ivb.store.models import Observation

    this_year = dt.date.today().year
    if not years:
        return this_year
    whole = (Observation.objects.filter(area=area, superseded_at__isnull=True, period_kind="year")
             .dates("period_end", "year").last())
    if under_way and this_year in years and this_year in policy_years(area):
        return this_year
    return whole.year if whole is not None else years[-1]


def reportable_years(area, today: dt.date | None = None) -> set[int]:
    """The years a council report can be about: the policy's periods and the years with figures, up to this year.
    Any other year (0, 99999) is refused, so no report is ever frozen for it. A year that has not begun has no
    report: its picture would call this year's targets passed ("het doeljaar 2026 is voorbij" in 2026)."""
    return {y for y in policy_years(area) | set(data_years(area)) if has_begun(y, today)}


def report_years(area, year: int) -> list[int]:
    return sorted(reportable_years(area) | {year})
