"""Breaks in series: the shipped ones of known size (data/series-breaks.yaml) minus those taken away, and the
ones recorded by hand. One service function per act; page, API and CLI call these."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from ivb.domain.observations import KnownBreak
from ivb.domain.series_breaks import known_breaks
from ivb.store.models import Area, Series, SeriesBreak, SeriesBreakRemoval


class BreakError(ValueError):
    pass


@dataclass(frozen=True)
class BreakLine:
    """One break of a series as `ivb series breaks` lists it."""

    date: dt.date
    reason: str
    factor: float | None  # known size; None: recorded by hand, a free step
    area: str = ""  # area code; "": every area
    removed: SeriesBreakRemoval | None = None
    restored: SeriesBreakRemoval | None = None  # the last removal put back, when none holds now


@dataclass(frozen=True)
class Applied:
    known: list[KnownBreak]  # shipped, of known size, holding
    free: list[dt.date]  # recorded by hand: a free step
    removed: list[tuple[dt.date, str]]  # shipped but taken away, with the reason


def applied(series_keys, area_codes, language: str = "nl") -> dict[tuple[str, str], Applied]:
    """Per (area code, series key): the breaks of known size that hold (shipped, not taken away), the dates
    of breaks recorded by hand, and the shipped breaks taken away with their reason (a reader is told). A
    hand-recorded break on the date of a known one is that break: its known size is used."""
    series_keys, area_codes = set(series_keys), list(area_codes)
    recorded: dict[tuple[str, str | None], list[dt.date]] = defaultdict(list)
    for b in SeriesBreak.objects.filter(series__key__in=series_keys).select_related("series", "area"):
        recorded[(b.series.key, b.area.code if b.area else None)].append(b.date)
    removed: dict[tuple[str, str | None], dict[dt.date, str]] = defaultdict(dict)
    for r in SeriesBreakRemoval.objects.filter(series__key__in=series_keys, restored_at__isnull=True) \
            .select_related("series", "area"):
        removed[(r.series.key, r.area.code if r.area else None)][r.date] = r.reason
    shipped = {key: known_breaks(key, language) for key in series_keys}
    out = {}
    for key in series_keys:
        for code in area_codes:
            gone = {**removed[(key, None)], **removed[(key, code)]}  # the area's own reason first
            known = [k for k in shipped[key] if k.date not in gone]
            dates = {k.date for k in known}
            free = sorted(d for d in recorded[(key, None)] + recorded[(key, code)] if d not in dates)
            taken = [(k.date, gone[k.date]) for k in shipped[key] if k.date in gone]
            out[(code, key)] = Applied(known, free, taken)
    return out


def breaks_of(series_key: str) -> list[BreakLine]:
    """Every break of a series: shipped (with what took them away, if anything) and recorded by hand."""
    series = _series(series_key)
    removals = list(SeriesBreakRemoval.objects.filter(series=series).select_related("area").order_by("recorded_at"))
    out = []
    for k in known_breaks(series.key):
        for code in sorted({r.area.code if r.area else "" for r in removals if r.date == k.date} | {""}):
            mine = [r for r in removals if r.date == k.date and (r.area.code if r.area else "") == code]
            now = next((r for r in mine if r.restored_at is None), None)
            undone = [r for r in mine if r.restored_at is not None]
            out.append(BreakLine(k.date, k.reason, k.factor, code, now,
                                 undone[-1] if now is None and undone else None))
    out += [BreakLine(b.date, b.reason, None, b.area.code if b.area else "")
            for b in SeriesBreak.objects.filter(series=series).select_related("area")]
    return sorted(out, key=lambda b: (b.date, b.factor is None, b.area))


REASON_MAX = 300  # SeriesBreak.reason and SeriesBreakRemoval.reason


def record_break(series_key: str, date: dt.date, reason: str, *, area_code: str | None = None) -> tuple[SeriesBreak, bool]:
    """Record a break of unknown size in a series (a merger, another way of counting): from `date` the trend fit
    takes a free step. For every area, or for one. Returns the break and whether it is new."""
    series = _series(series_key)
    reason = _reason(reason, "waarom telt de reeks vanaf deze datum anders?")
    area = _area(area_code)
    found, created = SeriesBreak.objects.get_or_create(series=series, area=area, date=date, defaults={"reason": reason})
    return found, created


def remove_known_break(series_key: str, date: dt.date, reason: str, *, actor_name: str,
                       area_code: str | None = None) -> SeriesBreakRemoval:
    """Take a shipped break of known size away from a series (for every area, or for one), with the reason."""
    series = _series(series_key)
    reason = _reason(reason, "waarom geldt deze breuk niet voor deze reeks?")
    if not any(k.date == date for k in known_breaks(series.key)):
        known = ", ".join(k.date.isoformat() for k in known_breaks(series.key))
        raise BreakError(f"{series.name} heeft geen meegeleverde breuk per {date.isoformat()}"
                         + (f" (wel per {known})" if known else " (deze reeks heeft geen meegeleverde breuken)"))
    area = _area(area_code)
    current = SeriesBreakRemoval.objects.filter(series=series, date=date, restored_at__isnull=True)
    existing = current.filter(area__isnull=True).first()
    if existing is None and area is not None:
        existing = current.filter(area=area).first()
    if existing is not None:
        where = f" voor {existing.area.code}" if existing.area else ""
        raise BreakError(f"de breuk per {date.isoformat()} in {series.name} is{where} al weggehaald "
                         f"({existing.recorded_at:%Y-%m-%d} door {existing.recorded_by_name}: {existing.reason})")
    return SeriesBreakRemoval.objects.create(series=series, area=area, date=date, reason=reason,
                                             recorded_by_name=actor_name)


def restore_known_break(series_key: str, date: dt.date, reason: str, *, actor_name: str,
                        area_code: str | None = None) -> SeriesBreakRemoval:
    """Put a shipped break that was taken away back (for every area, or for one: the removal made for exactly
    that), with the reason. The removal is kept, marked as undone, so both acts stay on record."""
    series = _series(series_key)
    reason = _reason(reason, "waarom geldt deze breuk weer voor deze reeks?")
    area = _area(area_code)
    current = SeriesBreakRemoval.objects.filter(series=series, date=date, restored_at__isnull=True)
    removal = current.filter(area=area).first() if area is not None else current.filter(area__isnull=True).first()
    if removal is None:
        others = sorted(r.area.code if r.area else "alle gebieden" for r in current.select_related("area"))
        where = f" voor {area.code}" if area is not None else " voor alle gebieden"
        hint = ("; laat --area dan weg" if others == ["alle gebieden"] else
                "; noem die gemeente met --area, of laat --area weg voor alle gebieden" if "alle gebieden" in others
                else "; noem die met --area")
        raise BreakError(f"de breuk per {date.isoformat()} in {series.name} is{where} niet weggehaald"
                         + (f" (wel voor {', '.join(others)}{hint})" if others else
                            "; zie ivb series breaks " + series.key))
    removal.restored_at = timezone.now()
    removal.restored_by_name = actor_name
    removal.restore_reason = reason
    removal.save(update_fields=["restored_at", "restored_by_name", "restore_reason"])
    return removal


def _series(key: str) -> Series:
    series = Series.objects.filter(key=key).first()
    if series is None:
        from ivb.store.series_catalogue import catalogue

        raise BreakError(catalogue().unknown_message(key))
    return series


def _reason(reason: str, question: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise BreakError(f"geef een reden op: {question}")
    if len(reason) > REASON_MAX:
        raise BreakError(f"de reden is te lang ({len(reason)} tekens; het maximum is {REASON_MAX})")
    return reason


def _area(code: str | None) -> Area | None:
    if not code:
        return None
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise BreakError(f"onbekend gebied '{code}'")
    return area
