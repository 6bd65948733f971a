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
    form = EvidenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_evidence(area.code, picture.policy_use.period.replace("–", "-"), key, data["status"],
                            data["summary"], data["date"], document=data["document"],
                            actor_name=request.user.get_full_name() or request.user.username)
        except EvidenceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Oordeel over %(name)s vastgelegd.") % {"name": found.name})
            return redirect("indicator", code=code, year=year, key=key)
    return render(request, "ivb/evidence_form.html", {"area": area, "membership": membership, "year": year,
                                                      "i": found, "form": form})
