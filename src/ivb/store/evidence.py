"""Judgements on qualitative targets: the act of recording one, with its rules. The CLI (`ivb evidence add`)
and the page *Oordeel vastleggen* call it."""

from __future__ import annotations

import datetime as dt

from ivb.domain.numbers import format_number
from ivb.domain.vocabulary import JUDGEMENTS, Status
from ivb.store.models import Area, Evidence
from ivb.store.policies import PolicyStoreError, current_document, find_policy

SUMMARY_MAX = 2000
DOCUMENT_MAX = 300  # Evidence.document


class EvidenceError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field  # the form's field the problem is at (status, summary, date, document), or None


def record_evidence(municipality: str, period: str, indicator_key: str, status: str, summary: str, date: dt.date,
                    *, document: str = "", actor_name: str) -> Evidence:
    """Record a judgement (`status`, what it rests on) on the qualitative target `indicator_key` of the policy of
    `municipality` for `period`."""
    try:
        policy = find_policy(municipality, period)
    except PolicyStoreError as exc:
        raise EvidenceError(str(exc)) from None
    indicator = next((i for _, i in current_document(policy).all_indicators() if i.key == indicator_key), None)
    if indicator is None:
        raise EvidenceError(f"het beleid {period} heeft geen indicator '{indicator_key}'")
    if indicator.target is None:
        raise EvidenceError(f"'{indicator_key}' heeft geen doel (het cijfer wordt alleen gevolgd); een oordeel hoort "
                            "bij een kwalitatief doel")
    if indicator.target.qualitative is None:
        raise EvidenceError(f"'{indicator_key}' heeft een meetbaar doel; leg cijfers vast met 'ivb observations import'")
    if status not in JUDGEMENTS:
        raise EvidenceError(f"onbekend oordeel '{status}'; kies uit {', '.join(JUDGEMENTS)}", "status")
    # The date decides which years' pictures the judgement counts in: one from long before the policy would
    # judge years it never covered, one in the future a year nobody could judge yet. The year before the policy
    # is allowed: the starting point, when the council adopts it.
    if date > dt.date.today():
        raise EvidenceError(f"de datum {date:%d-%m-%Y} ligt in de toekomst; een oordeel draagt de dag waarop het "
                            "gegeven is", "date")
    if date.year < policy.period_start - 1:
        raise EvidenceError(f"de datum {date:%d-%m-%Y} ligt ver vóór het beleid {period}; een oordeel over een doel "
                            f"van dit beleid is van {policy.period_start - 1} (het startpunt) of later", "date")
    summary, document = (summary or "").strip(), (document or "").strip()
    if not summary:
        raise EvidenceError("geef op waar het oordeel op rust (de samenvatting is leeg)", "summary")
    for field, what, text, most in (("summary", "de samenvatting", summary, SUMMARY_MAX),
                                    ("document", "de vindplaats", document, DOCUMENT_MAX)):
        if len(text) > most:
            raise EvidenceError(f"{what} is te lang ({format_number(len(text), 'count')} tekens; het maximum is "
                                f"{format_number(most, 'count')})", field)
    return Evidence.objects.create(policy=policy, indicator_key=indicator.key, area=Area.objects.get(code=municipality),
                                   date=date, status=Status(status), summary=summary, document=document,
                                   recorded_by_name=actor_name)
