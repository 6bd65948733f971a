"""The council report in the web app: drafts for those who prepare it, frozen reports for everyone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from ivb.accounts.access import require
from ivb.accounts.permissions import APPROVE, ENTER_FIGURES, READ, allows
from ivb.domain.i18n import language
from ivb.report import render as renderers
from ivb.report.content import build
from ivb.report.services import (ReportError, approval_problem, approve, approved_report, check_report_year, corrected_since,
                                 language_name, plan_changed_since, statuses_changed_since, still_running)
from ivb.store.policies import PolicyStoreError

TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _may_see_drafts(membership) -> bool:
    # Lezers see approved reports only; those who prepare or approve the report see the draft.
    return allows(membership.role, ENTER_FIGURES) or allows(membership.role, APPROVE)


def _reportable(membership, year: int):
    """The municipality, if a report can be about this year; else the site's 404 (nothing built, nothing stored)."""
    try:
        check_report_year(membership.municipality, year)
    except ReportError as exc:
        raise Http404(str(exc)) from None
    return membership.municipality


def _nothing_to_report(area, year: int) -> bool:
    """True for a year the pictures allow but no report can be about yet: no policy period holds it and it has
    no figures. Any other refusal (year 0, 99999) stays the site's 404."""
    from ivb.domain.periods import PeriodError, check_year

    try:
        check_year(year)
        check_report_year(area, year)
    except PeriodError:
        return False
    except ReportError:
        return True
    return False


@login_required
def report(request, code, year):
    membership = require(request.user, code, READ)
    if request.method == "GET" and _nothing_to_report(membership.municipality, year):
        from ivb.domain.periods import has_begun

        # The tab is on every page of a year; a municipality without a policy or figures gets words, not a 404.
        return render(request, "report/page.html", {"area": membership.municipality, "membership": membership,
                                                    "year": year, "years": [], "unavailable": True,
                                                    "not_begun": not has_begun(year),
                                                    "drafts": _may_see_drafts(membership)})
    area = _reportable(membership, year)
    frozen = approved_report(area, year)  # in the language it was approved in, for readers in any language
    if request.method == "POST":
        require(request.user, code, APPROVE)
        if request.POST.get("confirm") != "ja":  # freezing cannot be undone: never on one stray click
            messages.error(request, _("Het rapport is niet vastgesteld: vink eerst aan dat u het wilt vaststellen."))
            return redirect("report", code=code, year=year)
        try:
            approve(area, year, user=request.user)
            messages.success(request, _("Het rapport is vastgesteld en bevroren."))
        except (ReportError, PolicyStoreError) as exc:
            messages.error(request, str(exc))
        return redirect("report", code=code, year=year)
    from ivb.plan.years import report_years

    return render(request, "report/page.html", {
        "area": area, "membership": membership, "year": year, "frozen": frozen, "years": report_years(area, year),
        "corrections": corrected_since(frozen) if frozen else [], "drafts": _may_see_drafts(membership),
        "status_changes": statuses_changed_since(frozen) if frozen else [],
        "plan_changes": plan_changed_since(frozen) if frozen else [],
        "can_approve": allows(membership.role, APPROVE),
        "approval_problem": approval_problem(area, year) if not frozen and allows(membership.role, APPROVE) else "",
        "year_running": still_running(year),
        "frozen_language": language_name(frozen.language) if frozen else "",
        # The language a report would be approved in is the screen's: said at the button (walk BU: an English
        # screen froze the council's one report in English without a word).
        "approval_language": language_name(language()), "approval_in_dutch": language() == "nl",
        "other_language": frozen is not None and frozen.language != language()})


@login_required
def report_current(request, code):
    """The report tab of pages without a year (the policy, the sources): the year the dashboard opens on."""
    from ivb.plan.years import data_years, opening_year

    membership = require(request.user, code, READ)
    area = membership.municipality
    return redirect("report", code=code, year=opening_year(area, data_years(area), under_way=False))


@login_required
def download(request, code, year, fmt):
    membership = require(request.user, code, READ)
    if fmt not in TYPES:
        raise Http404
    area = _reportable(membership, year)
    frozen = approved_report(area, year)
    if frozen is not None:
        data, name = bytes(getattr(frozen, fmt)), f"veiligheidsbeeld-{area.code}-{year}.{fmt}"
    elif _may_see_drafts(membership):
        try:
            content = build(area, year)
        except PolicyStoreError:
            raise Http404 from None
        data = {"pdf": renderers.to_pdf, "docx": renderers.to_docx}.get(fmt, lambda c: renderers.to_html(c).encode())(content)
        name = f"concept-veiligheidsbeeld-{area.code}-{year}.{fmt}"
    else:
        raise Http404("Nog geen vastgesteld rapport")
    read = fmt == "html" and "lezen" in request.GET  # read in the browser (a phone in the council chamber)
    if read:  # a way back to IVB on the reading view only (walk AH); the download stays the file as approved
        back = reverse("report", args=[area.code, year])
        link = f'<p><a href="{back}">{escape(_("← Terug naar IVB"))}</a></p>'.encode()
        data = data.replace(b"<body>", b"<body>\n" + link, 1)
    response = HttpResponse(data, content_type=TYPES[fmt])
    response["Content-Disposition"] = f'{"inline" if read else "attachment"}; filename="{name}"'
    response["Content-Language"] = frozen.language if frozen is not None else language()
    if fmt == "html":
        response._csp_update = {"style-src": [_style_hash(data)]}
    return response


def _style_hash(html: bytes) -> str:
    """The CSP source that allows the report's own <style> element, and no other inline style: the file must read
    the same in the browser as when saved, and the site's policy allows no inline style at all."""
    import base64
    import hashlib
    import re

    found = re.search(rb"<style>(.*?)</style>", html, re.S)
    digest = hashlib.sha256(found.group(1) if found else b"").digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
