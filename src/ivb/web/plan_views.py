"""The annual plan pages: the actions of a year per priority or per quarter, and one action with its notes."""

import datetime as dt

from django.contrib import messages
from django.utils.translation import gettext as _
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.utils import timezone
from django.shortcuts import get_object_or_404, redirect, render

from ivb.accounts.access import require
from ivb.accounts.permissions import APPROVE, EDIT_PLAN, READ, allows
from ivb.domain import catalogue
from ivb.plan.models import TRANSITIONS, Action
from ivb.plan.services import (PlanError, action_fingerprint, add_note, adopt_plan, adopted_plan, adoption_words,
                               change_status, changed_since_adoption, create_action, priorities, update_action,
                               too_early_to_adopt, year_problem)
from ivb.web.forms import ActionEditForm, ActionForm, AdoptPlanForm, NoteForm, StatusForm


@login_required
def plan_current(request, code):
    from ivb.plan.years import plan_year

    membership = require(request.user, code, READ)
    return redirect("plan", code=code, year=plan_year(membership.municipality))


@login_required
def plan(request, code, year):
    membership = require(request.user, code, READ)
    area = membership.municipality
    from ivb.web.tables import plan_groups
    from ivb.plan.years import plan_years

    by = "kwartaal" if request.GET.get("per") == "kwartaal" else "prioriteit"
    today = dt.date.today()
    rows, actions = plan_groups(area, year, by, dict(priorities(area, year)), today)  # as the download
    from ivb.report.services import approved_report, plan_changed_since

    frozen = approved_report(area, year)
    outside = year_problem(year, area)  # said on the page; no "Actie toevoegen", not offered among the years
    adoption = adopted_plan(area, year)
    from ivb.plan.years import policy_years

    known = policy_years(area)
    after_policy = bool(outside and known and year > max(known))  # the next policy is what is missing
    changes = changed_since_adoption(adoption) if adoption else []

    return render(request, "ivb/plan.html", {
        "area": area, "membership": membership, "year": year, "by": by, "groups": rows, "outside": outside,
        "after_policy": after_policy,
        "plan_query": "?per=kwartaal" if by == "kwartaal" else "",
        "years": [y for y in plan_years(area, year) if y != year or not outside or actions],
        "overdue": sum(a.is_overdue(today) for a in actions), "count": len(actions),
        "frozen": frozen, "plan_changes": plan_changed_since(frozen) if frozen else [],
        "adoption": adoption, "adopted": _sentence(adoption_words(adoption)) if adoption else "",
        "today": timezone.localdate(),
        "adoption_changes": changes,
        # Marked in their rows too, not only in the list above the tables (walk Z).
        "added_since": {a.pk for words, a in changes if words == _("toegevoegd")},
        **_adopting(area, year, adoption, actions, outside, membership)})


def _adopting(area, year, adoption, actions, outside, membership) -> dict:
    """Whether the page offers the adoption form, or why it does not yet for whoever could adopt."""
    offered = adoption is None and bool(actions) and not outside and allows(membership.role, APPROVE)
    too_early = too_early_to_adopt(year) if offered else ""
    return {"can_adopt": offered and not too_early, "too_early_to_adopt": too_early}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


@login_required
def plan_adopt(request, code, year):
    """The college adopts the year's plan: a coördinator, with the box ticked; once per year (ADR 0040). POST
    only; access is checked first, so a GET tells an outsider nothing more than any other URL does."""
    membership = require(request.user, code, APPROVE)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("confirm") != "ja":  # an adoption is a record for good: never on one stray click
        messages.error(request, _("Het jaarplan is niet vastgesteld: vink eerst aan dat u het vaststelt namens het "
                                  "college."))
        return redirect("plan", code=code, year=year)
    form = AdoptPlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _sentence(_("Het jaarplan is niet vastgesteld: %(why)s") % {"why": "; ".join(
            f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items())}))
        return redirect("plan", code=code, year=year)
    try:
        adopt_plan(membership.municipality, year, user=request.user, decided_on=form.cleaned_data["decided_on"],
                   reference=form.cleaned_data["decision_reference"])
    except PlanError as exc:
        messages.error(request, _sentence(str(exc)))
    else:
        messages.success(request, _("Het jaarplan %(year)s is vastgesteld.") % {"year": year})
    return redirect("plan", code=code, year=year)


def _theme(action) -> str:
    return f"{action.theme_code} {catalogue.theme(action.theme_code).name}" if action.theme_code else ""


def _at_the_fields(form, exc: PlanError) -> None:
    """Each of the service's problems at the field it is about (the summary above the form links to them); one of
    no field of this form (the year), above it."""
    rest = [problem for name, problem in exc.fields.items() if name not in form.fields]
    for name, problem in exc.fields.items():
        if name in form.fields:
            form.add_error(name, problem)
    if not exc.fields or rest:
        form.add_error(None, "; ".join(rest) if rest else str(exc))


@login_required
def action_new(request, code, year):
    membership = require(request.user, code, EDIT_PLAN)
    area = membership.municipality
    if request.method == "GET" and year_problem(year, area):  # the plan page says why, before a form is filled in
        return redirect("plan", code=code, year=year)
    form = ActionForm(request.POST or None, priorities=priorities(area, year))
    if request.method == "POST" and form.is_valid():
        try:
            action = create_action(area, {**form.as_service_data(), "year": year}, actor_name=request.user.username)
        except PlanError as exc:
            _at_the_fields(form, exc)
        else:
            messages.success(request, _("Actie '%(title)s' toegevoegd.") % {"title": action.title})
            return redirect("plan", code=code, year=year)
    return render(request, "ivb/action_form.html", {"area": area, "membership": membership, "year": year,
                                                    "form": form, "action": None})


@login_required
def action_detail(request, code, pk):
    membership = require(request.user, code, READ)
    area = membership.municipality
    action = get_object_or_404(Action, pk=pk, municipality=area)
    allowed = TRANSITIONS.get(action.status, frozenset())
    status_form, note_form = StatusForm(allowed=allowed), NoteForm()
    if request.method == "POST":
        require(request.user, code, EDIT_PLAN)
        try:
            if "status" in request.POST:
                status_form = StatusForm(request.POST, allowed=allowed)
                if status_form.is_valid():
                    change_status(action, status_form.cleaned_data["status"], note=status_form.cleaned_data["note"],
                                  actor_name=request.user.username, user=request.user)
                    messages.success(request, _("Status: %(status)s.") % {"status": action.status})
                    return redirect("action", code=code, pk=pk)
            elif "text" in request.POST:
                note_form = NoteForm(request.POST)
                if note_form.is_valid():
                    add_note(action, note_form.cleaned_data["text"], actor_name=request.user.username, user=request.user)
                    messages.success(request, _("De voortgang is vastgelegd."))
                    return redirect("action", code=code, pk=pk)
        except PlanError as exc:
            messages.error(request, str(exc))
    return render(request, "ivb/action.html", {
        "area": area, "membership": membership, "action": action, "overdue": action.is_overdue(),
        "theme": _theme(action), "status_form": status_form, "note_form": note_form, "notes": action.notes.all(),
        "priority": dict(priorities(area, action.year)).get(action.priority_key, "")})


@login_required
def action_edit(request, code, pk):
    """Correct an action's title, texts, priority, theme, owner, partners or quarter: the form of a new action,
    prefilled, and the service's limits; the change shows in the action's history."""
    membership = require(request.user, code, EDIT_PLAN)
    area = membership.municipality
    action = get_object_or_404(Action, pk=pk, municipality=area)
    offered = priorities(area, action.year)
    if request.method == "POST":
        form = ActionEditForm(request.POST, priorities=offered)
        if form.is_valid():
            data = form.as_service_data()
            seen = data.pop("seen") or None
            try:
                update_action(action, data, seen=seen, actor_name=request.user.username, user=request.user)
            except PlanError as exc:
                _at_the_fields(form, exc)
            else:
                messages.success(request, _("Actie bijgewerkt."))
                return redirect("action", code=code, pk=pk)
    else:
        form = ActionEditForm.of(action, action_fingerprint(action), priorities=offered)
    return render(request, "ivb/action_form.html", {"area": area, "membership": membership, "year": action.year,
                                                    "form": form, "action": action})
