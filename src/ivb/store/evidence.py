"""Judgements on qualitative targets: the act of recording one, with its rules. The CLI (`ivb evidence add`)
and the page *Oordeel vastleggen* call it."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from ivb.domain.numbers import format_number
from ivb.domain.vocabulary import JUDGEMENTS, Status
from ivb.store.models import Area, Evidence
from ivb.store.policies import PolicyStoreError, current_document, find_policy

SUMMARY_MAX = 2000
DOCUMENT_MAX = 300  # Evidence.document
COURSE = (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK)  # a judgement of the course, not of the outcome


class EvidenceError(ValueError):
    """Why a judgement was not recorded: every problem, each at its field (status, year, summary, date, document;
    None for the whole) so that a form shows them all in one round (walk Z: one at a time)."""

    def __init__(self, problems: list[tuple[str | None, str]]):
        super().__init__("; ".join(message for _field, message in problems))
        self.problems = problems
        self.field = problems[0][0] if problems else None


def record_evidence(municipality: str, period: str, indicator_key: str, status: str, summary: str, date: dt.date,
                    *, document: str = "", actor_name: str, year: int | None = None) -> Evidence:
    """Record a judgement (`status`, what it rests on) on the qualitative target `indicator_key` of the policy of
    `municipality` for `period`, given on `date`, about `year` (default: the year of `date`, within the policy)."""
    try:
        policy = find_policy(municipality, period)
    except PolicyStoreError as exc:
        raise EvidenceError([(None, str(exc))]) from None
    indicator = next((i for _, i in current_document(policy).all_indicators() if i.key == indicator_key), None)
    if indicator is None:
        raise EvidenceError([(None, _("het beleid %(period)s heeft geen indicator '%(key)s'") % {
            "period": period, "key": indicator_key})])
    if indicator.target is None:
        raise EvidenceError([(None, _("'%(key)s' heeft geen doel (het cijfer wordt alleen gevolgd); een oordeel hoort "
                                      "bij een kwalitatief doel") % {"key": indicator_key})])
    if indicator.target.qualitative is None:
        raise EvidenceError([(None, _("'%(key)s' heeft een meetbaar doel; leg cijfers vast met 'ivb observations "
                                      "import'") % {"key": indicator_key})])
    summary, document = (summary or "").strip(), (document or "").strip()
    first, last = policy.period_start - 1, policy.period_end  # the year before the policy: its starting point
    about = year if year is not None else min(max(date.year, first), last)
    problems = _problems(status, summary, document, date, about, first, last, indicator.target_year)
    if problems:
        raise EvidenceError(problems)
    return Evidence.objects.create(policy=policy, indicator_key=indicator.key, area=Area.objects.get(code=municipality),
                                   date=date, year=about, status=Status(status), summary=summary, document=document,
                                   recorded_by_name=actor_name)


def _problems(status: str, summary: str, document: str, date: dt.date, about: int, first: int, last: int,
              target_year: int | None) -> list[tuple[str | None, str]]:
    """Every reason the judgement cannot be recorded, each at its field."""
    out: list[tuple[str | None, str]] = []
    if status not in JUDGEMENTS:
        out.append(("status", _("onbekend oordeel '%(status)s'; kies uit %(allowed)s") % {
            "status": status, "allowed": ", ".join(_(str(s)) for s in JUDGEMENTS)}))
    if not summary:
        out.append(("summary", _("geef op waar het oordeel op rust (de samenvatting is leeg)")))
    for field, what, text, most in (("summary", _("de samenvatting"), summary, SUMMARY_MAX),
                                    ("document", _("de vindplaats"), document, DOCUMENT_MAX)):
        if len(text) > most:
            out.append((field, _("%(what)s is te lang (%(n)s tekens; het maximum is %(max)s)") % {
                "what": what, "n": format_number(len(text), "count"), "max": format_number(most, "count")}))
    # The date says when it was given: not in the future, and not long before the policy.
    if date > dt.date.today():
        out.append(("date", _("de datum %(date)s ligt in de toekomst; een oordeel draagt de dag waarop het gegeven "
                              "is") % {"date": f"{date:%d-%m-%Y}"}))
    elif date.year < first:
        out.append(("date", _("de datum %(date)s ligt ver vóór het beleid %(period)s; een oordeel over een doel van "
                              "dit beleid is van %(first)s (het startpunt) of later") % {
            "date": f"{date:%d-%m-%Y}", "period": f"{first + 1}-{last}", "first": first}))
    # The year it is about: one of the policy's (or its starting point), not after the day it was given.
    if not first <= about <= last:
        out.append(("year", _("het oordeel gaat over een jaar van het beleid: %(first)s tot en met %(last)s") % {
            "first": first, "last": last}))
    elif about > date.year:
        out.append(("year", _("een oordeel van %(date)s kan niet over %(year)s gaan, een later jaar") % {
            "date": f"{date:%d-%m-%Y}", "year": about}))
    # Given after the target year ended, a judgement can only be the outcome: "risico" in March 2024 about a target
    # of 2023 replaced "behaald" (walk Z).
    if target_year is not None and date.year > target_year and status in COURSE:
        out.append(("status", _("na het doeljaar %(target_year)s is een doel behaald of niet; kies behaald of niet "
                                "gehaald") % {"target_year": target_year}))
    elif target_year is not None and status == Status.MISSED and about < target_year:
        out.append(("status", _("'niet gehaald' is een oordeel over het doeljaar %(target_year)s of later; kies voor "
                                "%(year)s de koers (op koers, risico, niet op koers)") % {
            "target_year": target_year, "year": about}))
    return out


def judgements(area: Area, key: str, year: int) -> list[Evidence]:
    """The judgements recorded on the qualitative target `key` of `area`'s policy for `year`, up to that year,
    newest first: what the indicator page lists and its download holds."""
    from django.db.models import Q

    from ivb.store.picture import chosen_policy

    policy, _use = chosen_policy(area, year)  # the policy the picture judged by
    about = Q(year__lte=year) | Q(year__isnull=True, date__year__lte=year)  # the year it is about, or its date's
    return list(Evidence.objects.filter(about, policy=policy, indicator_key=key, area=area)
                .order_by("-date", "-recorded_at")) if policy is not None else []
