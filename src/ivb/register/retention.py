"""Retention (AVG): personal data in the register is removed when its term has passed.

Terms per kind of record are settings (`REGISTER_RETENTION_DAYS`); the defaults follow the issue's examples:
a rejected signal one year after it was rejected, a closed case (with its signals and measures) five years
after it was closed. A purge keeps a deletion record without content, keeps the yearly counts, and is itself
an audited act. Nothing under its term is ever removed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ivb.register import audit
from ivb.register.models import (Case, CaseStatus, DeletionRecord, Measure, PurgedCount, Signal, SignalStatus)

DEFAULT_DAYS = {"rejected_signal": 365, "closed_case": 5 * 365}


def terms() -> dict[str, int]:
    return {**DEFAULT_DAYS, **getattr(settings, "REGISTER_RETENTION_DAYS", {})}


@dataclass
class Plan:
    signals: list[Signal] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)

    def lines(self) -> list[str]:
        return ([f"signaal S-{s.pk} ({s.municipality.code}): afgewezen op {s.closed_at:%Y-%m-%d}" for s in self.signals]
                + [f"casus C-{c.pk} ({c.municipality.code}): gesloten op {c.closed_at:%Y-%m-%d}, met "
                   f"{c.signals.count()} signalen en {c.measures.count()} maatregelen" for c in self.cases])


def due(now: dt.datetime | None = None) -> Plan:
    now = now or timezone.now()
    t = terms()
    return Plan(
        list(Signal.objects.filter(status=SignalStatus.REJECTED, closed_at__lt=now - dt.timedelta(days=t["rejected_signal"]))
             .select_related("municipality")),
        list(Case.objects.filter(status=CaseStatus.CLOSED, closed_at__lt=now - dt.timedelta(days=t["closed_case"]))
             .select_related("municipality")))


@transaction.atomic
def purge(*, actor, now: dt.datetime | None = None) -> Plan:
    plan = due(now)
    t = terms()
    counts: Counter = Counter()
    for signal in plan.signals:
        counts[(signal.municipality, "ondermijning.signalen", signal.created_at.year)] += 1
        rule = f"afgewezen signaal, {t['rejected_signal']} dagen"
        _delete_attachments(signal, signal.municipality.code, rule, actor)
        _record("signaal", signal.municipality.code, rule, actor)
        signal.delete()  # its questions and answers go with it
    for case in plan.cases:
        code = case.municipality.code
        rule = f"gesloten casus, {t['closed_case']} dagen"
        for measure in case.measures.all():
            key = {Measure.Kind.WARNING: "ondermijning.bestuurlijke_waarschuwingen",
                   Measure.Kind.CLOSURE: "ondermijning.sluitingen"}.get(measure.kind)
            if key:
                counts[(case.municipality, key, measure.decision_date.year)] += 1
            _record("maatregel", code, rule, actor)
            measure.delete()
        for signal in case.signals.all():
            counts[(case.municipality, "ondermijning.signalen", signal.created_at.year)] += 1
            _delete_attachments(signal, code, rule, actor)
            _record("signaal", code, rule, actor)
            signal.delete()
        _delete_attachments(case, code, rule, actor)
        for note in case.case_notes.all():
            _record("notitie", code, rule, actor)
            note.delete()
        counts[(case.municipality, "ondermijning.casussen", case.created_at.year)] += 1
        _record("casus", code, rule, actor)
        case.delete()
    for (area, key, year), n in counts.items():
        row, _ = PurgedCount.objects.get_or_create(municipality=area, series_key=key, year=year)
        PurgedCount.objects.filter(pk=row.pk).update(count=F("count") + n)
    audit.record(actor=actor, action="purge", object_kind="register",
                 detail={"signalen": len(plan.signals), "casussen": len(plan.cases)})
    return plan


def _delete_attachments(record, code: str, rule: str, actor) -> None:
    for attachment in record.attachments.only("pk"):
        _record("bijlage", code, rule, actor)
        attachment.delete()


def _record(kind: str, code: str, rule: str, actor) -> None:
    DeletionRecord.objects.create(kind=kind, municipality=code, rule=rule,
                                  deleted_by=getattr(actor, "username", str(actor)))
