"""Register pages: intake for every employee, triage and cases for team veiligheid, the trail for the
privacy officer. Every list, detail, attachment, search and export is an audited act; search and export
need the password again (`reauth`)."""

import csv
import datetime as dt
import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from ivb.accounts.permissions import FILE_SIGNAL
from ivb.register import audit, audit_display, reauth, retention
from ivb.register.access import attachment_or_404, case_or_404, grant_or_404, record_refusal, signal_or_404
from ivb.register.forms import CaseForm, MeasureForm, ReauthForm, RejectForm, SignalForm, TextForm
from ivb.register.models import Case, CaseStatus, RegisterAccess, Signal, SignalStatus
from ivb.register.services import (REFUSALS_RECENT_DAYS, RegisterError, add_attachment, audit_events, case_fingerprint,
                                   add_case_note, add_measure, answer_signal, ask_for_information, change_case_status,
                                   check_password_again, export_cases, export_found, file_signal, inbox as team_inbox,
                                   link_to_case, open_attachment, own_signals, recent_refusals, reject_signal, search,
                                   update_case,
                                   view_case, view_signal)
from ivb.domain.numbers import format_size
from ivb.accounts.access import membership_or_404, require

TEAM, PRIVACY = RegisterAccess.Kind.TEAM, RegisterAccess.Kind.PRIVACY


def _id(value) -> int:
    """A posted record number; anything else is a 400 with the reason, never a server error."""
    from ivb.params import record_id

    return record_id(value)


def _read(upload):
    """The file's bytes, refused by its announced size before they are read into memory."""
    from ivb.register.services import attachment_problem, max_attachment_bytes

    if upload.size > max_attachment_bytes():
        raise RegisterError(fields={"attachment": attachment_problem(upload.name, b"", size=upload.size)})
    return upload.read()


def _refused(form, exc: RegisterError) -> None:
    """A service's refusal shown on the form: each problem at its field, the rest above the form."""
    for name, problem in exc.fields.items():
        form.add_error(name if name in form.fields else None, capfirst(problem))
    if not exc.fields:
        form.add_error(None, str(exc))


@login_required
def signal_new(request, code):
    membership = require(request.user, code, FILE_SIGNAL)
    area = membership.municipality
    form = SignalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "attachment"}
        try:
            file_signal(area, request.user, attachment=form.cleaned_data["attachment"], **data)
        except RegisterError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Uw signaal is ontvangen. Team veiligheid bekijkt het."))
            return redirect("my_signals", code=code)
    if request.method == "POST" and form.errors and request.FILES.get("attachment") and "attachment" not in form.errors:
        # A browser does not keep a chosen file after the page comes back with an error: say so at the field,
        # or the signal is filed without it (walk of 4 December).
        form.add_error("attachment", _("Kies de bijlage %(name)s opnieuw: na een fout bewaart de browser het "
                                       "gekozen bestand niet.") % {"name": request.FILES["attachment"].name})
    return render(request, "register/signal_form.html", {"area": area, "form": form, "membership": membership})


@login_required
def my_signals(request, code):
    membership = require(request.user, code, FILE_SIGNAL)
    area = membership.municipality
    # The reporter sees the status of their own signals and the team's questions, never the case behind them.
    if request.method == "POST":
        signal = Signal.objects.filter(municipality=area, reporter=request.user,
                                       pk=_id(request.POST.get("signal"))).first()
        if signal is None:
            record_refusal(request.user, code, "signaal", _id(request.POST.get("signal")) or "", antwoord=True)
            raise Http404("Niet gevonden")
        try:  # the service checks the text (empty, too long, markup) in the words of the page
            answer_signal(signal, reporter=request.user, text=request.POST.get("text", ""))
        except RegisterError as exc:
            signal.refresh_from_db(fields=["status"])
            if signal.status != SignalStatus.MORE_INFO:  # no question left to answer (another tab, or the team)
                messages.error(request, str(exc))
                return redirect("my_signals", code=code)
            # At the answer's own field, with what the reporter wrote kept: a refused answer is not lost.
            failed = {"signal": signal.pk, "error": ("; ".join(exc.fields.values()) or str(exc)).rstrip("."),
                      "text": request.POST.get("text", "")}
            return render(request, "register/my_signals.html", {
                "area": area, "rows": own_signals(area, request.user), "membership": membership, "failed": failed})
        messages.success(request, _("Uw antwoord is doorgestuurd naar team veiligheid."))
        return redirect("my_signals", code=code)
    return render(request, "register/my_signals.html", {"area": area, "rows": own_signals(area, request.user),
                                                        "membership": membership})


@login_required
def inbox(request, code):
    area = grant_or_404(request.user, code, TEAM, tried=("register", "inbox"))
    signals, cases = team_inbox(request.user, area)
    return render(request, "register/inbox.html", {"area": area, "signals": signals, "cases": cases,
                                                   "today": dt.date.today(),
                                                   "membership": membership_or_404(request.user, code)})


@login_required
def signal_detail(request, code, pk):
    area = grant_or_404(request.user, code, TEAM, tried=("signaal", pk), changing=request.method == "POST")
    signal = signal_or_404(request.user, area, pk, changing=request.method == "POST")
    # Rejecting is final: the button asks first (?afwijzen), the confirmation takes the reason.
    reject_form = RejectForm(request.POST if request.POST.get("act") == "reject" else None)
    failed: dict | None = None
    if request.method == "POST":
        act = request.POST.get("act")
        try:
            if act == "reject":
                if reject_form.is_valid():  # the form says a reason is missing in the service's words
                    reject_signal(signal, actor=request.user, reason=reject_form.cleaned_data["reason"])
                    messages.success(request, _("Signaal S-%(n)s is afgewezen.") % {"n": signal.pk})
                    return redirect("register_inbox", code=code)
            elif act == "ask":
                ask_for_information(signal, actor=request.user, question=request.POST.get("question", ""))
                messages.success(request, _("De vraag staat bij de melder klaar."))
                return redirect("register_signal", code=code, pk=pk)
            elif act == "link":
                chosen = case_or_404(request.user, area, _id(request.POST["case"])) if request.POST.get("case") else None
                case = link_to_case(signal, chosen, actor=request.user,
                                    subject_kind=request.POST.get("subject_kind", "pand"),
                                    subject=request.POST.get("subject", ""))
                messages.success(request, _("Signaal S-%(n)s is gekoppeld aan casus C-%(case)s.")
                                 % {"n": signal.pk, "case": case.pk})
                return redirect("register_case", code=code, pk=case.pk)
            else:
                return redirect("register_inbox", code=code)
        except RegisterError as exc:
            if act == "reject" and exc.fields:
                _refused(reject_form, exc)
            elif act in ("link", "ask") and exc.fields:  # shown at the form's own field, with what was typed kept
                failed = {"act": act, "fields": exc.fields, "posted": request.POST}
            else:
                messages.error(request, str(exc))
    cases = view_signal(signal, actor=request.user, offer_cases=True)  # an open signal's page offers cases to link
    return render(request, "register/signal.html", {
        "area": area, "signal": signal, "cases": cases, "reject_form": reject_form, "failed": failed,
        "confirm_reject": "afwijzen" in request.GET or bool(reject_form.errors),
        "membership": membership_or_404(request.user, code), "subject_kinds": Case.Subject.choices,
        "notes": signal.messages.select_related("author"), "attachments": signal.attachments.defer("data")})


@login_required
def case_detail(request, code, pk):
    area = grant_or_404(request.user, code, TEAM, tried=("casus", pk), changing=request.method == "POST")
    case = case_or_404(request.user, area, pk, changing=request.method == "POST")
    team = get_user_model().objects.filter(register_access__municipality=area,
                                           register_access__kind=TEAM).order_by("username")
    case_form = CaseForm.for_case(case, team, request.POST if request.POST.get("act") == "edit" else None)
    measure_form = MeasureForm(request.POST if request.POST.get("act") == "measure" else None)
    status_problem: dict = {}
    if request.method == "POST" and _case_act(request, case, case_form, measure_form, status_problem):
        return redirect("register_case", code=code, pk=pk)
    view_case(case, actor=request.user)
    from ivb.register.services import max_attachment_bytes

    return render(request, "register/case.html", {
        "area": area, "case": case, "membership": membership_or_404(request.user, code),
        "max_size": format_size(max_attachment_bytes()), "signals": case.signals.all(), "measures": case.measures.all(),
        "notes": case.case_notes.select_related("author"), "attachments": case.attachments.defer("data"),
        "restricted": case.restricted_to.order_by("username"),
        "next": sorted(Case.TRANSITIONS.get(case.status, ())), "case_form": case_form, "measure_form": measure_form,
        "seen": case_fingerprint(case), "status_problem": status_problem})


def _case_act(request, case, case_form, measure_form, status_problem: dict) -> bool:
    """Carry out one posted act on a case. True when done; False leaves the page to show what was wrong (a
    refused status change in `status_problem`: at the status form, with the status chosen kept)."""
    act = request.POST.get("act")
    try:
        if act == "status":
            new = request.POST.get("status", "")
            if not new:
                raise RegisterError(_("kies de nieuwe status"))
            if new == CaseStatus.CLOSED and request.POST.get("confirm_close") != "ja":
                raise RegisterError(_("de casus is niet gesloten: vink aan dat u de casus wilt sluiten"))
            case = change_case_status(case, request.POST.get("status", ""), actor=request.user,
                                      expected=request.POST.get("expected"))
            done = _("De status van casus C-%(n)s is nu ‘%(status)s’.") % {"n": case.pk,
                                                                         "status": _(case.get_status_display())}
        elif act == "measure":
            if not measure_form.is_valid():
                return False
            add_measure(case, actor=request.user, **measure_form.cleaned_data)
            done = _("De maatregel is opgeslagen.")
        elif act == "note":
            form = TextForm(request.POST)
            if not form.is_valid():
                raise RegisterError(_("notitie: %(problem)s") % {"problem": " ".join(str(e) for e in form.errors.get("text", [_("ongeldig")]))})
            add_case_note(case, actor=request.user, text=form.cleaned_data["text"])
            done = _("De notitie is opgeslagen.")
        elif act == "edit":
            if not case_form.is_valid():
                return False
            update_case(case, actor=request.user, seen=request.POST.get("seen", ""), **case_form.cleaned_data)
            done = _("De casus is bijgewerkt.")
        elif act == "attachment":
            upload = request.FILES.get("attachment")
            if upload is None:
                raise RegisterError(_("Bijlage: kies een bestand"))
            item = add_attachment(case, actor=request.user, name=upload.name, data=_read(upload))
            done = _("De bijlage %(name)s is opgeslagen.") % {"name": item.name}
        else:
            raise RegisterError(_("onbekende handeling"))
    except RegisterError as exc:
        if act in ("measure", "edit"):  # at the form's own fields, with what was typed kept
            _refused(measure_form if act == "measure" else case_form, exc)
            return False
        if act == "status" and request.POST.get("expected") == case.status:  # not a change made meanwhile
            status_problem.update(error=capfirst(str(exc)), chosen=request.POST.get("status", ""))
            return False
        messages.error(request, str(exc))
        return True
    messages.success(request, done)
    return True


@login_required
def attachment(request, code, pk):
    area = grant_or_404(request.user, code, TEAM, tried=("bijlage", pk))
    item = open_attachment(attachment_or_404(request.user, area, pk), actor=request.user, municipality=code)
    response = HttpResponse(bytes(item.data), content_type=item.content_type)
    response["Content-Disposition"] = content_disposition_header(True, item.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def reauthenticate(request, code):
    area = grant_or_404(request.user, code, TEAM)
    target = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    if not target.startswith("/"):
        target = ""
    form = ReauthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if check_password_again(request.user, area, form.cleaned_data["password"]):
            reauth.mark_fresh(request, code)
            return HttpResponseRedirect(target) if target else redirect("register_search", code=code)
        if reauth.failed(request) >= reauth.MAX_FAILURES:
            logout(request)  # someone at an unattended laptop does not get to keep guessing
            messages.error(request, _("Te vaak een verkeerd wachtwoord: u bent uitgelogd."))
            return redirect("login")
        form.add_error("password", _("Dit wachtwoord klopt niet."))
    return render(request, "register/reauth.html", {"code": code, "area": area, "form": form, "next": target,
                                                    "minutes": reauth.window() // 60})


@login_required
def search_page(request, code):
    area = grant_or_404(request.user, code, TEAM, tried=("register", "zoeken"))
    if not reauth.is_fresh(request, code):
        return reauth.confirm_first(request, code)
    # By POST: a name or an address in a URL would end up in access logs and browser history.
    query = request.POST.get("q", "") if request.method == "POST" else ""
    signals = cases = None
    if query:
        try:
            signals, cases = search(request.user, area, query)
        except RegisterError as exc:
            messages.error(request, str(exc))
    return render(request, "register/search.html", {"area": area, "q": query, "signals": signals, "cases": cases,
                                                    "membership": membership_or_404(request.user, code)})


EXPORT_COLUMNS = ["casus", "status", "soort", "onderwerp", "fenomenen", "partners", "eigenaar", "termijn",
                  "aangemaakt", "gesloten", "signalen", "maatregelen"]


@login_required
def export(request, code):
    area = grant_or_404(request.user, code, TEAM, tried=("register", "export"))
    if not reauth.is_fresh(request, code):
        return reauth.confirm_first(request, code)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(EXPORT_COLUMNS)
    for c in export_cases(request.user, area):
        writer.writerow([_cell(v) for v in (
            f"C-{c.pk}", c.status, c.subject_kind, c.subject, ", ".join(c.phenomena), ", ".join(c.partners),
            c.owner.username, c.deadline or "", f"{c.created_at:%Y-%m-%d}", f"{c.closed_at:%Y-%m-%d}" if c.closed_at else "",
            " ".join(f"S-{s.pk}" for s in c.signals.all()),
            "; ".join(f"{m.get_kind_display()} {m.decision_date} ({m.document_reference})" for m in c.measures.all()))])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="register-{code}-{dt.date.today()}.csv"'
    response["Cache-Control"] = "no-store"
    return response


FOUND_COLUMNS = ["nummer", "soort", "status", "datum", "gezien op", "wat of onderwerp", "adres", "pand", "bedrijf",
                 "kvk", "team van de melder", "vragen en antwoorden", "reden van afwijzing", "fenomenen", "partners",
                 "eigenaar", "termijn", "notities", "maatregelen", "bijlagen", "gekoppeld"]


def _measure_words(m) -> str:
    """A measure whole, as an access request is owed it (walk BY: the basis, the period and the Bibob advice were
    left out): kind, decision date and kenmerk, legal basis, period, advice asked and given, outcome."""
    words = f"{m.get_kind_display()} {m.decision_date:%d-%m-%Y} ({m.document_reference})"
    if m.legal_basis:
        words += f", grondslag {m.legal_basis}"
    if m.period_start or m.period_end:
        start = f"{m.period_start:%d-%m-%Y}" if m.period_start else "?"
        words += f", van {start}" + (f" tot en met {m.period_end:%d-%m-%Y}" if m.period_end else "")
    if m.requested_on:
        words += f", advies gevraagd op {m.requested_on:%d-%m-%Y}"
    if m.advice:
        words += f", advies: {m.get_advice_display()}"
    return words + (f": {m.outcome}" if m.outcome else "")


def _attachment_words(record) -> str:
    """The files with a record by name and date (the file itself is opened in the register)."""
    return " | ".join(f"{a.name} ({localtime(a.at):%d-%m-%Y})" for a in record.attachments.only("name", "at"))


@login_required
def export_search(request, code):
    """The search's results in full, for a request for access (AVG art. 15): posted, as the search is. Without a
    fresh password (or reached by GET, as after the password check), back to the search: its term was posted and
    is not kept, so it is asked again."""
    area = grant_or_404(request.user, code, TEAM, tried=("register", "export"))
    if request.method != "POST" or not reauth.is_fresh(request, code):
        search = reverse("register_search", kwargs={"code": code})
        if reauth.is_fresh(request, code):
            return redirect(search)
        return redirect(f"{reverse('register_reauth', kwargs={'code': code})}?{urlencode({'next': search})}")
    try:
        signals, cases = export_found(request.user, area, request.POST.get("q", ""))
    except RegisterError as exc:
        messages.error(request, str(exc))
        return redirect("register_search", code=code)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(FOUND_COLUMNS)
    for s in signals:
        talk = " | ".join(f"{localtime(m.at):%d-%m-%Y} {'team' if m.from_team else 'melder'}: {m.text}" for m in s.messages.all())
        writer.writerow([_cell(v) for v in (
            f"S-{s.pk}", "signaal", s.get_status_display(), f"{localtime(s.created_at):%d-%m-%Y}",
            f"{s.observed_on:%d-%m-%Y}", s.what, s.address, s.premises, s.company, s.kvk, s.team, talk,
            s.rejection_reason, "", "", "", "", "", "", _attachment_words(s), f"C-{s.case_id}" if s.case_id else "")])
    for c in cases:
        notes = " | ".join(f"{localtime(n.at):%d-%m-%Y}: {n.text}" for n in c.case_notes.all())
        measures = "; ".join(_measure_words(m) for m in c.measures.all())
        writer.writerow([_cell(v) for v in (
            f"C-{c.pk}", "casus", c.get_status_display(), f"{localtime(c.created_at):%d-%m-%Y}", "", c.subject, "", "",
            "", "", "", "", "", ", ".join(c.phenomena or []), ", ".join(c.partners or []),
            c.owner.get_full_name() or c.owner.username, f"{c.deadline:%d-%m-%Y}" if c.deadline else "", notes,
            measures, _attachment_words(c), " ".join(f"S-{x.pk}" for x in c.signals.all()))])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="register-{code}-zoekresultaat-{dt.date.today()}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _cell(value) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def audit_trail(request, code):
    area = grant_or_404(request.user, code, PRIVACY, tried=("audittrail", ""))
    # The form posts: what the privacy officer types (perhaps a citizen's name, by mistake) stays out of the
    # address, the browser's history and the server's log (walk of 4 December), as the register's search does.
    data = request.POST if request.method == "POST" else request.GET
    try:
        page = int(data.get("pagina", "1"))
    except ValueError:
        page = 1
    # A filter in the address is not taken (walk AI: it worked, and put the name in the server's log).
    about = request.POST.get("over", "") if request.method == "POST" else ""
    found = audit_events(request.user, area, about=about, kind=data.get("alleen", ""), page=page)
    return render(request, "register/audit.html", {"code": code, "area": area, "rows": audit_display.rows(found.events, area),
                                                   "found": found, "kinds": audit_display.KINDS,
                                                   "recent_refusals": recent_refusals(area),
                                                   "overdue": len(retention.due(municipality=area).lines()),
                                                   "recent_days": REFUSALS_RECENT_DAYS,
                                                   "verdict": audit.verify_since_checkpoint(),
                                                   "membership": membership_or_404(request.user, code)})
