"""Recording a judgement on a qualitative target: the page that the command `ivb evidence add` had alone (walk Y:
a web-only advisor could not judge "ondermijningsbeeld opgeleverd", so it read "niet te beoordelen" for ever)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ivb.accounts.access import require
from ivb.accounts.permissions import ENTER_FIGURES
from ivb.store.evidence import EvidenceError, record_evidence
from ivb.store.picture import year_picture
from ivb.store.policies import PolicyStoreError
from ivb.web.forms import EvidenceForm


@login_required
def evidence_new(request, code, year, key):
    membership = require(request.user, code, ENTER_FIGURES)
    area = membership.municipality
    try:
        picture = year_picture(area, year)
    except PolicyStoreError:
        raise Http404("Geen beleid") from None
    found = next((i for i in picture.indicators if i.key == key and i.unit == "qualitative"), None)
    if found is None:  # only a qualitative target is judged by a person; a figure is entered, not judged
        raise Http404("Geen kwalitatief doel")
    period = picture.policy_use.period.replace("–", "-")
    start, end = (int(y) for y in period.split("-"))
    form = EvidenceForm(request.POST or None, initial={"year": min(max(year, start - 1), end)})
    form.fields["year"].choices = [(y, str(y)) for y in range(start - 1, end + 1)]  # the starting point, the policy's
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_evidence(area.code, period, key, data["status"], data["summary"], data["date"],
                            document=data["document"], year=data["year"],
                            actor_name=request.user.get_full_name() or request.user.username)
        except EvidenceError as exc:
            for field, message in exc.problems:  # all of them in one round, each at its field
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Oordeel over %(name)s vastgelegd.") % {"name": found.name})
            # To the year it is about, where it counts (a judgement about 2023 shown on 2024's page said it did not
            # count there; walk Z).
            return redirect("indicator", code=code, year=data["year"], key=key)
    from ivb.report.services import approved_report

    # A report already approved stays as it was: a judgement now shows on its page as a changed status (walk Z).
    frozen = [y for y in range(start - 1, end + 1) if approved_report(area, y) is not None]
    return render(request, "ivb/evidence_form.html", {"area": area, "membership": membership, "year": year,
                                                      "i": found, "form": form, "frozen": frozen})
