"""Sources side by side: a policy's series beside the same quantity from open data, and the links between
them, which a user who enters figures can change."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ivb.accounts.access import require
from ivb.accounts.permissions import ENTER_FIGURES, READ
from ivb.store.links import LinkError, link, unlink
from ivb.store.models import Series


def _label(series) -> str:
    """A series as a user knows it: its name and who publishes it, never its key."""
    from ivb.domain.opendata_tables import source_words

    return f"{series.name} ({source_words(series.source)})" if series.source else series.name


class LinkForm(forms.Form):
    series_key = forms.ChoiceField(label=gettext_lazy("Reeks uit het beleid"))
    other_key = forms.ChoiceField(label=gettext_lazy("Zelfde grootheid uit open data"))

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        from ivb.store.picture import is_open_data_key

        own = [s for s in Series.objects.all() if not is_open_data_key(s.key)]
        self.fields["series_key"].choices = [(s.key, _label(s)) for s in own]
        from django.db.models import Q

        from ivb.domain.opendata_tables import generated_prefixes

        generated = Q()
        for prefix in generated_prefixes():
            generated |= Q(key__startswith=prefix)
        imported = Series.objects.filter(generated, observations__area=area).distinct().order_by("key")
        self.fields["other_key"].choices = [(s.key, _label(s)) for s in imported]


@login_required
def sources(request, code):
    membership = require(request.user, code, READ)
    area = membership.municipality
    may_change = "enter_figures" in membership.permissions
    form = LinkForm(request.POST or None, area=area)
    if request.method == "POST":
        require(request.user, code, ENTER_FIGURES)
        try:
            if request.POST.get("act") == "unlink":
                unlink(area, request.POST.get("series_key", ""), request.POST.get("other_key", ""),
                       actor_name=request.user.username)
            elif form.is_valid():
                link(area, form.cleaned_data["series_key"], form.cleaned_data["other_key"],
                     actor_name=request.user.username)
            else:
                raise LinkError(_("kies een reeks uit het beleid en een reeks uit open data"))
        except LinkError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("De koppeling is opgeslagen."))
        return redirect("sources", code=code)
    from ivb.web.tables import linked_sources, own_sources

    own = own_sources(area)
    return render(request, "ivb/sources.html", {"area": area, "membership": membership, "own": own,
                                                "linked": linked_sources(area, own),  # as the download
                                                "form": form, "may_change": may_change})
