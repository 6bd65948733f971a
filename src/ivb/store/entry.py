"""Enter or correct one observation through a form. The same checks as the importer, one row at a time.

A correction never overwrites: the old value stays in the history with who replaced it, when and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from ivb.domain.numbers import format_number
from ivb.store.models import Area, Observation, ObservationWithdrawal, Series
from ivb.store.observation_import import (
    MAX_REASON,
    ImportReport,
    _change,
    _same,
    check_rows,
    month_problems,
    store_row,
    unusual_rows,
)

# The importer's column names, as the form's field names.
FIELDS = {"gebied": "area", "reeks": "series", "periode": "period", "waarde": "value", "status": "status",
          "bron": "source", "document": "document", "vindplaats": "reference", "marge": "margin",
          "toelichting": "note", "": "__all__"}


@dataclass
class EntryResult:
    observation: Observation | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    replaced: Observation | None = None
    unchanged: Observation | None = None  # the stored figure, when `data` was exactly that (nothing written)
    unusual: str = ""  # stored, but far out of line with its series: whoever entered it is asked to check

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def enter_observation(area: Area, data: dict, *, actor_name: str, user=None, reason: str = "") -> EntryResult:
    """Store `data` (the form's cleaned strings) for `area`. Correcting a current value needs a reason."""
    result = EntryResult()
    report = ImportReport("formulier")
    fields = {key: data.get(key, "") for key in ("series", "period", "value", "status", "source", "document",
                                                 "reference", "margin", "note")}
    # Only the area and series this figure names are read, however many there are.
    checked = check_rows([(1, {"area": area.code, **fields})], report, {area.code}, areas=[area],
                         series=Series.objects.filter(key=str(fields["series"] or "").strip()))
    for problem in report.problems:
        result.add(FIELDS.get(problem.column, "__all__"), problem.message)
    if len(reason.strip()) > MAX_REASON:
        result.add("reason", f"tekst is langer dan {format_number(MAX_REASON, 'count')} tekens")
    if result.errors:
        return result
    (row,) = checked
    with transaction.atomic():
        # The series row is locked before its totals and parts are read, so two entries of one series at the
        # same moment are checked one after the other (on SQLite the transaction's write lock does this).
        Series.objects.select_for_update().filter(pk=row.series.pk).first()
        for problem in month_problems(checked):
            result.add("value", problem.message)
        if result.errors:
            return result
        old = (Observation.objects.select_for_update()
               .filter(series=row.series, area=row.area, period=row.period.code, superseded_at__isnull=True).first())
        if old is not None and _same(old, row):
            result.unchanged = old
            result.add("__all__", "deze waarde staat er al precies zo; er is niets veranderd")
            return result
        if old is not None and not reason.strip():
            # Say what changes (walk AU: another status or source alone read as if the value were wrong).
            result.add("reason", f"dit vervangt het cijfer {format_number(float(old.value), row.series.unit)} "
                                 f"({old.status}, {old.source}): {_change(old, row)}; geef een reden voor de correctie")
            return result
        result.observation = store_row(row, old, actor_name=actor_name, user=user, reason=reason.strip())
        result.replaced = old
    result.unusual = next((words for words, _at in unusual_rows([row])), "")
    return result


def withdraw_observation(area: Area, pk: int, reason: str, *, actor_name: str, user=None) -> EntryResult:
    """Take a wrong figure out of the picture without a successor (a figure of the wrong period or series, a test
    row): it stays in the history, struck through, with who withdrew it, when and why. A figure that only had a
    wrong value is corrected instead, so that the history shows what replaced it."""
    from django.utils import timezone

    result = EntryResult()
    reason = reason.strip()
    if not reason:
        result.add("reason", "geef een reden waarom het cijfer wordt ingetrokken")
    elif len(reason) > MAX_REASON:
        result.add("reason", f"tekst is langer dan {format_number(MAX_REASON, 'count')} tekens")
    if result.errors:
        return result
    with transaction.atomic():
        current = (Observation.objects.select_for_update().select_related("series")
                   .filter(pk=pk, area=area, superseded_at__isnull=True).first())
        if current is None:
            result.add("__all__", "dit cijfer is niet (meer) actueel: het is al vervangen of ingetrokken")
            return result
        now = timezone.now()
        current.superseded_at = now
        current.save(update_fields=["superseded_at"])
        ObservationWithdrawal.objects.create(observation=current, reason=reason, withdrawn_by=user,
                                             withdrawn_by_name=actor_name, withdrawn_at=now)
    result.replaced = current
    return result
