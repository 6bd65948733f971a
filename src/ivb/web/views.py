import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from ivb.domain import catalogue
from ivb.domain.periods import parse as parse_period
from ivb.domain.policy import format_number, target_text
from ivb.domain.units import UNITS
from ivb.store.models import Observation
from ivb.store.policies import current_document
from ivb.web.access import membership_or_404, municipalities_of


@login_required
def home(request):
    municipalities = list(municipalities_of(request.user))
    if len(municipalities) == 1:
        return redirect("municipality", code=municipalities[0].code)
    return render(request, "ivb/home.html", {"municipalities": municipalities})


@login_required
def municipality(request, code):
    membership = membership_or_404(request.user, code)
    area = membership.municipality
    policies = list(area.policies.all())
    policy = _chosen_policy(policies, request.GET.get("periode"))
    context = {"area": area, "membership": membership, "policies": policies, "policy": policy}
    if policy is not None:
        doc = current_document(policy)
        latest = _latest_values(area, {ind.series for _, ind in doc.all_indicators() if ind.series})
        rows = {ind.key: _indicator_row(ind, latest.get(ind.series)) for _, ind in doc.all_indicators()}
        context.update(doc=doc, version=policy.current_version(),
                       objectives=[(o, [rows[i.key] for i in o.indicators]) for o in doc.general_objectives],
                       priorities=[(p, [rows[i.key] for i in p.indicators], _themes(p.themes))
                                   for p in sorted(doc.priorities, key=lambda p: p.rank)],
                       fields=_fields(doc))
    return render(request, "ivb/municipality.html", context)


def _chosen_policy(policies, period_label):
    if period_label:
        return next((p for p in policies if p.period_label == period_label), None)
    this_year = dt.date.today().year
    current = [p for p in policies if p.period_start <= this_year <= p.period_end]
    return (current or policies or [None])[0]


def _latest_values(area, series_keys) -> dict[str, Observation]:
    """The most recent current observation per series, in one query."""
    latest = {}
    for obs in (Observation.objects.select_related("series")
                .filter(area=area, series__key__in=series_keys, superseded_at__isnull=True)
                .order_by("period_end", "period_start")):
        latest[obs.series.key] = obs
    return latest


def _indicator_row(ind, obs):
    row = {"indicator": ind, "target": target_text(ind), "unit": UNITS.get(ind.unit, ("kwalitatief",))[0]}
    if obs is not None:
        row.update(value=format_number(float(obs.value), ind.unit), period=parse_period(obs.period), obs=obs)
    return row


def _themes(codes):
    return [catalogue.theme(c) for c in codes]


def _fields(doc):
    """Each safety field with its themes and what the policy puts under them."""
    out = []
    for f in catalogue.FIELDS:
        themes = []
        for t in catalogue.themes_of(f.code):
            items = [("prioriteit", p.title, f"prioriteit-{p.key}") for p in doc.priorities if t.code in p.themes]
            items += [("overig", o.title, f"thema-{o.key}") for o in doc.other_themes if t.code in o.themes]
            themes.append((t, items))
        out.append((f, themes))
    return out
