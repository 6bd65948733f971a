"""One function per act on the register. Each checks its input, does the act and records the audit event in
one transaction: if either fails, neither happens. Details in audit events name ids and statuses, never
content (no names, addresses or suspicions)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ivb.register import audit
from ivb.register.models import CASE_TRANSITIONS, Case, CaseStatus, Measure, Signal, SignalStatus


class RegisterError(ValueError):
    pass


def _clean(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise RegisterError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None


@transaction.atomic
def file_signal(municipality, reporter, *, team: str, what: str, observed_on: dt.date, address: str = "",
                premises: str = "", company: str = "", kvk: str = "") -> Signal:
    if observed_on > dt.date.today():
        raise RegisterError("observed_on: de datum ligt in de toekomst")
    signal = Signal(municipality=municipality, reporter=reporter, team=team, what=what, observed_on=observed_on,
                    address=address, premises=premises, company=company, kvk=kvk)
    _clean(signal)
    signal.save()
    audit.record(actor=reporter, action="create", object_kind="signaal", object_id=signal.pk,
                 municipality=municipality.code)
    return signal


@transaction.atomic
def create_case(municipality, owner, *, subject_kind: str, subject: str, phenomena=(), partners=()) -> Case:
    case = Case(municipality=municipality, owner=owner, subject_kind=subject_kind, subject=subject,
                phenomena=list(phenomena), partners=list(partners))
    _clean(case)
    case.save()
    audit.record(actor=owner, action="create", object_kind="casus", object_id=case.pk, municipality=municipality.code)
    return case


@transaction.atomic
def link_signal(signal: Signal, case: Case, *, actor) -> Signal:
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if case.municipality_id != signal.municipality_id:
        raise RegisterError("een signaal kan alleen aan een casus van dezelfde gemeente worden gekoppeld")
    _transition(signal, SignalStatus.LINKED)
    signal.case = case
    signal.save()
    audit.record(actor=actor, action="transition", object_kind="signaal", object_id=signal.pk,
                 municipality=signal.municipality.code, detail={"to": SignalStatus.LINKED, "casus": case.pk})
    return signal


@transaction.atomic
def reject_signal(signal: Signal, *, actor) -> Signal:
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    _transition(signal, SignalStatus.REJECTED)
    signal.closed_at = timezone.now()
    signal.save()
    audit.record(actor=actor, action="transition", object_kind="signaal", object_id=signal.pk,
                 municipality=signal.municipality.code, detail={"to": SignalStatus.REJECTED})
    return signal


@transaction.atomic
def change_case_status(case: Case, new: str, *, actor, expected: str | None = None) -> Case:
    """`expected` is the status the user saw: if someone changed it meanwhile, this change is refused,
    so two concurrent changes cannot both win."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if expected is not None and case.status != expected:
        raise RegisterError(f"de status is intussen gewijzigd in '{case.status}'; bekijk de casus opnieuw")
    old = case.status
    _transition(case, new)
    case.closed_at = timezone.now() if new == CaseStatus.CLOSED else None
    case.save()
    audit.record(actor=actor, action="transition", object_kind="casus", object_id=case.pk,
                 municipality=case.municipality.code, detail={"from": old, "to": new})
    return case


@transaction.atomic
def add_measure(case: Case, *, actor, kind: str, decision_date: dt.date, document_reference: str,
                legal_basis: str = "", period_start=None, period_end=None, outcome: str = "") -> Measure:
    if decision_date > dt.date.today():
        raise RegisterError("decision_date: de besluitdatum ligt in de toekomst")
    measure = Measure(case=case, kind=kind, decision_date=decision_date, document_reference=document_reference,
                      legal_basis=legal_basis, period_start=period_start, period_end=period_end, outcome=outcome)
    _clean(measure)
    measure.save()
    audit.record(actor=actor, action="create", object_kind="maatregel", object_id=measure.pk,
                 municipality=case.municipality.code, detail={"casus": case.pk, "soort": kind})
    return measure


@transaction.atomic
def view_case(case: Case, *, actor) -> Case:
    """Reading a case is an act too: it is recorded."""
    audit.record(actor=actor, action="view", object_kind="casus", object_id=case.pk,
                 municipality=case.municipality.code)
    return case


def _transition(obj, new: str) -> None:
    allowed = obj.TRANSITIONS.get(obj.status, frozenset())
    if new not in allowed:
        raise RegisterError(f"van '{obj.status}' naar '{new}' kan niet; wel naar: {', '.join(sorted(allowed)) or 'niets'}")
    obj.status = new


__all__ = ["RegisterError", "CASE_TRANSITIONS", "file_signal", "create_case", "link_signal", "reject_signal",
           "change_case_status", "add_measure", "view_case"]
