"""Register pages: intake for every employee, triage and cases for team veiligheid, the trail for the
privacy officer. Every list and detail is an audited act."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render

from ivb.accounts.permissions import FILE_SIGNAL
from ivb.register import audit
from ivb.register.access import case_or_404, grant_or_404, signal_or_404, visible_cases
from ivb.register.models import AuditEvent, Case, Measure, RegisterAccess, Signal, SignalStatus
from ivb.register.services import (RegisterError, add_measure, change_case_status, create_case, file_signal,
                                   link_signal, reject_signal, view_case)
from ivb.web.access import require

TEAM, PRIVACY = RegisterAccess.Kind.TEAM, RegisterAccess.Kind.PRIVACY


class SignalForm(forms.Form):
    what = forms.CharField(label="Wat heeft u gezien?", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    observed_on = forms.DateField(label="Wanneer (JJJJ-MM-DD)")
    address = forms.CharField(label="Adres", required=False, max_length=300)
    premises = forms.CharField(label="Pand", required=False, max_length=300)
    company = forms.CharField(label="Bedrijf", required=False, max_length=300)
    kvk = forms.CharField(label="KvK-nummer", required=False, max_length=8)
    team = forms.CharField(label="Uw team", max_length=100)


@login_required
def signal_new(request, code):
    area = require(request.user, code, FILE_SIGNAL).municipality
    form = SignalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            file_signal(area, request.user, **form.cleaned_data)
        except RegisterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Uw signaal is ontvangen. Team veiligheid bekijkt het.")
            return redirect("my_signals", code=code)
    return render(request, "register/signal_form.html", {"area": area, "form": form})


@login_required
def my_signals(request, code):
    area = require(request.user, code, FILE_SIGNAL).municipality
    # The reporter sees the status of their own signals, never the case behind them.
    rows = Signal.objects.filter(municipality=area, reporter=request.user).order_by("-created_at")
    return render(request, "register/my_signals.html", {"area": area, "rows": rows})


@login_required
def inbox(request, code):
    area = grant_or_404(request.user, code, TEAM)
    with transaction.atomic():
        audit.record(actor=request.user, action="list", object_kind="register", municipality=code)
        signals = list(Signal.objects.filter(municipality=area, status__in=[SignalStatus.NEW, SignalStatus.MORE_INFO])
                       .order_by("created_at"))
        cases = list(visible_cases(request.user, area).order_by("-created_at"))
    return render(request, "register/inbox.html", {"area": area, "signals": signals, "cases": cases})


@login_required
def signal_detail(request, code, pk):
    area = grant_or_404(request.user, code, TEAM)
    signal = signal_or_404(request.user, area, pk)
    if request.method == "POST":
        try:
            if request.POST.get("act") == "reject":
                reject_signal(signal, actor=request.user)
            elif request.POST.get("act") == "link":
                case = (case_or_404(request.user, area, request.POST.get("case")) if request.POST.get("case") else
                        create_case(area, request.user, subject_kind=request.POST.get("subject_kind", "pand"),
                                    subject=request.POST.get("subject", "").strip() or "onbekend"))
                link_signal(signal, case, actor=request.user)
                return redirect("register_case", code=code, pk=case.pk)
            return redirect("register_inbox", code=code)
        except RegisterError as exc:
            messages.error(request, str(exc))
    with transaction.atomic():
        audit.record(actor=request.user, action="view", object_kind="signaal", object_id=signal.pk, municipality=code)
    return render(request, "register/signal.html", {"area": area, "signal": signal,
                                                    "cases": visible_cases(request.user, area)})


@login_required
def case_detail(request, code, pk):
    area = grant_or_404(request.user, code, TEAM)
    case = case_or_404(request.user, area, pk)
    if request.method == "POST":
        try:
            if request.POST.get("act") == "status":
                change_case_status(case, request.POST.get("status", ""), actor=request.user,
                                   expected=request.POST.get("expected"))
            elif request.POST.get("act") == "measure":
                add_measure(case, actor=request.user, kind=request.POST.get("kind", ""),
                            decision_date=dt.date.fromisoformat(request.POST.get("decision_date", "")),
                            document_reference=request.POST.get("document_reference", ""),
                            legal_basis=request.POST.get("legal_basis", ""))
            return redirect("register_case", code=code, pk=pk)
        except (RegisterError, ValueError) as exc:
            messages.error(request, str(exc) if isinstance(exc, RegisterError) else "ongeldige datum (JJJJ-MM-DD)")
    view_case(case, actor=request.user)
    return render(request, "register/case.html", {
        "area": area, "case": case, "signals": case.signals.all(), "measures": case.measures.all(),
        "next": sorted(Case.TRANSITIONS.get(case.status, ())), "kinds": Measure.Kind.choices})


@login_required
def audit_trail(request, code):
    grant_or_404(request.user, code, PRIVACY)
    with transaction.atomic():
        audit.record(actor=request.user, action="view", object_kind="audittrail", municipality=code)
    events = AuditEvent.objects.filter(municipality=code).order_by("-pk")[:500]
    return render(request, "register/audit.html", {"code": code, "events": events, "verdict": audit.verify()})
