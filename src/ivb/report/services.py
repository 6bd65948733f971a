"""Approve and freeze a council report; find the figures corrected since."""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction

from ivb.domain.i18n import N_, _, language
from ivb.domain.periods import PeriodError
from ivb.domain.periods import parse as parse_period
from ivb.report import render
from ivb.report.content import build
from ivb.report.models import Report
from ivb.store.models import Observation


class ReportError(ValueError):
    pass


APPROVER_MAX = 150  # Report.approved_by_name


def check_report_year(area, year: int) -> int:
    """`year` if a report on `area` can be about it (the page, the approval and `ivb report` alike): a year the
    pictures allow (`periods.check_picture_year`: one that has begun) that lies in a policy period or has
    figures."""
    from ivb.domain.periods import check_picture_year, has_begun
    from ivb.plan.years import reportable_years

    if not has_begun(year) and has_begun(year - 1):  # next year; a later one is outside the range
        raise ReportError(f"geen rapport voor {year}: dat jaar is nog niet begonnen")
    try:
        check_picture_year(year)
    except PeriodError as exc:
        raise ReportError(f"geen rapport voor {year}: {exc}") from None
    if year not in reportable_years(area):
        raise ReportError(f"geen rapport voor {year}: dat jaar valt buiten de beleidsperiode en heeft geen cijfers")
    return year


LANGUAGES = {"nl": N_("Nederlands"), "en": N_("Engels")}  # the languages a report can be approved in


def language_name(code: str) -> str:
    """'Nederlands' (or 'Dutch' to an English reader) for the language a report was approved in."""
    return _(LANGUAGES[code]) if code in LANGUAGES else code


def approved_report(area, year: int) -> Report | None:
    """The one approved report of a year, in whatever language it was approved: the one the council received.
    Every reader sees it, whatever the language of their screen (ADR 0009, note of 3 December 2026)."""
    # The files are read only when sent (a deferred field loads on first use): pages need the facts alone.
    return Report.objects.filter(municipality=area, year=year, set_aside=False).defer("html", "pdf", "docx").first()


def _already_approved(report: Report) -> ReportError:
    from django.utils import dateformat, timezone

    return ReportError(_("Het rapport over %(year)s is al vastgesteld, in het %(language)s, op %(date)s door "
                         "%(who)s. Een jaar heeft één vastgesteld rapport, in de taal waarin het is vastgesteld; "
                         "het verandert niet meer.") % {
        "year": report.year, "language": language_name(report.language), "who": report.approved_by_name,
        "date": dateformat.format(timezone.localtime(report.approved_at), "j F Y")})


def approval_problem(area, year: int) -> str | None:
    """Why the report on `year` cannot be approved, or None. A draft can be read for any year with figures, but
    an approved report is the executive's account of a policy to the council: a year after the last policy has
    none to account for. A 2025 report frozen against the expired 2020–2023 policy read "niet te beoordelen"
    thirteen times and stayed so after the new policy came (walk V). A year before the first policy keeps it as
    its starting point (Lisse's picture of 2019). The page and `approve` both ask this."""
    from ivb.domain.picture import choose_policy

    if still_running(year):
        return _("Het jaar %(year)s loopt nog. Een vastgesteld rapport verantwoordt een heel jaar en verandert daarna "
                 "niet meer; stel het vast als het jaar voorbij is. Het concept blijft te lezen.") % {"year": year}
    periods = sorted((p.period_start, p.period_end) for p in area.policies.all())
    _index, use = choose_policy(periods, year)
    if use.relation != "expired":
        return None
    return _("Er is geen beleid voor %(year)s: het beleid %(period)s is verlopen. Een vastgesteld rapport "
             "verantwoordt een beleid aan de raad; neem eerst het nieuwe beleid op (pagina Beleid, nieuwe versie "
             "uploaden). Het concept blijft te lezen.") % {"year": year, "period": use.period}


def still_running(year: int) -> bool:
    """Whether `year` is not over yet. An approved report never changes, and a year has one: approved in
    December on figures up to September, it stood in the way of the account of the whole year (walk AM)."""
    from django.utils import timezone

    return year >= timezone.localdate().year


@transaction.atomic
def approve(area, year: int, *, user) -> Report:
    """Render the report once more without the draft mark and store it as it is, with its figures. A year is
    approved once, in one language: a second approval, in any language, is refused here (the page and anything
    else that approves go through this function)."""
    check_report_year(area, year)
    existing = approved_report(area, year)
    if existing is not None:
        raise _already_approved(existing)
    if problem := approval_problem(area, year):
        raise ReportError(problem)
    content = build(area, year)
    from django.utils import dateformat, timezone

    # The files say they are the approved ones, by whom and when: a PDF passed on alone is no draft without it.
    # The same name in the files and on the page, with the role it was approved in, as the annual plan's adoption
    # says it (walk AM: "vastgesteld door Hylke Zijlstra" read as a civil servant's own say).
    from ivb.accounts.permissions import Role

    membership = user.memberships.filter(municipality=area).first()
    who = user.get_full_name() or user.username
    if membership is not None and membership.role in Role.values:
        role = f" ({Role(membership.role).label})"
        who = who[:APPROVER_MAX - len(role)] + role  # a long name is cut, the role stays
    content.approved = _("vastgesteld op %(date)s door %(who)s") % {
        "date": dateformat.format(timezone.localtime(), "j F Y"), "who": who}
    html = render.to_html(content, draft=False).encode()
    pdf = render.to_pdf(content, draft=False)
    docx = render.to_docx(content, draft=False)
    digest = hashlib.sha256(pdf + docx + html).hexdigest()
    figures = [{"id": o.pk, "series": o.series.key, "period": o.period, "value": f"{o.value.normalize():f}"} for o in content.sources]
    statuses = [{"key": i.key, "name": i.name, "status": str(i.status.status)} for i in content.picture.indicators]
    try:
        with transaction.atomic():  # a savepoint: after a refused insert the lookup below can still run
            return Report.objects.create(municipality=area, year=year, language=language(), approved_by=user,
                                         approved_by_name=who, html=html, pdf=pdf, docx=docx,
                                         sha256=digest, figures=figures, statuses=statuses)
    except IntegrityError:  # approved at the same moment by someone else
        existing = approved_report(area, year)
        raise (_already_approved(existing) if existing else ReportError(_("dit rapport is al vastgesteld"))) from None


def statuses_changed_since(report: Report) -> list[tuple[dict, str]]:
    """The indicators whose status reads otherwise with today's figures than in the approved report: (what the
    report said, the status now), in the report's order. A corrected figure can turn "op koers" into "risico";
    the council's report stays as it was, and the page says what changed."""
    from ivb.store.picture import cached_picture

    now = {i.key: str(i.status.status) for i in cached_picture(report.municipality, report.year).indicators}
    return [(entry, now[entry["key"]]) for entry in report.statuses
            if entry["key"] in now and now[entry["key"]] != entry["status"]]


def corrected_since(report: Report) -> list[tuple[dict, Observation]]:
    """The figures of a frozen report that have been replaced or withdrawn since, each with the newest figure of
    its chain: the current value, or a withdrawn one (its `superseded_at` set, its `withdrawal` saying why)."""
    ids = [f["id"] for f in report.figures]
    replaced = {o.pk: o for o in Observation.objects.filter(pk__in=ids, superseded_at__isnull=False)
                .select_related("superseded_by", "series", "area")}
    out = []
    for figure in report.figures:
        newest = replaced.get(figure["id"])
        if newest is None:
            continue
        while newest.superseded_by is not None:  # follow a chain of corrections to the current value
            newest = newest.superseded_by
        if newest.superseded_at is not None:  # withdrawn; entered anew since, the new figure is the one now
            newest = Observation.objects.filter(series_id=newest.series_id, area_id=newest.area_id,
                                                period=newest.period, superseded_at__isnull=True).first() or newest
        if newest.area_id != report.municipality_id and newest.superseded_at is None and not newest.is_published:
            continue  # a partner's provisional figure is theirs to publish (ADR 0044): shown once it is definitive
        out.append((figure, newest))
    return out + _added_since(report)


def _added_since(report: Report) -> list[tuple[dict, Observation]]:
    """Figures entered since the approval (and perhaps corrected since) for a period the report showed as "–":
    a period of the kinds and years its table had for that series, without a figure of it in the report. As
    ({"period", "value": None, "added": True}, the figure of now)."""
    shown: dict[str, tuple[set[str], int]] = {}  # series -> (period kinds, first year) the report's table had
    for f in report.figures:
        period = parse_period(f["period"])
        kinds, first = shown.get(f["series"], (set(), period.year))
        shown[f["series"]] = (kinds | {period.kind}, min(first, period.year))
    had = {(f["series"], f["period"]) for f in report.figures}
    rows = (Observation.objects.filter(area=report.municipality, series__key__in=list(shown), superseded_at__isnull=True,
                                       recorded_at__gt=report.approved_at, period_end__year__lte=report.year)
            .select_related("series").order_by("series__name", "period_start"))
    out = []
    for o in rows:
        period, (kinds, first) = parse_period(o.period), shown[o.series.key]
        if (o.series.key, o.period) not in had and period.kind in kinds and period.year >= first:
            out.append(({"period": o.period, "value": None, "added": True}, o))
    return out


def plan_changed_since(report: Report) -> list[tuple[str, object]]:
    """The actions of the report's year added, changed or given progress after it was approved, as ("toegevoegd"
    or "gewijzigd", action): the frozen report keeps the plan as it was, and a reader of both should know."""
    from django.db.models import Q

    from ivb.plan.models import Action

    rows = (Action.objects.filter(municipality=report.municipality, year=report.year)
            .filter(Q(updated_at__gt=report.approved_at) | Q(notes__created_at__gt=report.approved_at))
            .distinct().order_by("due_quarter", "title"))
    return [(_("toegevoegd") if a.created_at > report.approved_at else _("gewijzigd"), a) for a in rows]


def verify(report: Report) -> bool:
    return hashlib.sha256(bytes(report.pdf) + bytes(report.docx) + bytes(report.html)).hexdigest() == report.sha256
