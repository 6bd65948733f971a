"""The comparison groups of a municipality, and its chosen neighbours: everyone with a role reads the groups; a
beheerder or analist (or coordinator) adds or removes neighbours, and only they see who chose which one and the
form to change them (a change by anyone else is refused here, whatever the page shows)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from ivb.accounts.access import require
from ivb.accounts.permissions import ENTER_FIGURES, MANAGE_USERS, READ, allows
from ivb.store.areas import AreaError, add_neighbour, peer_groups, police_unit, province, remove_neighbour
from ivb.store.models import ChosenNeighbour


@login_required
def peers(request, code):
    membership = require(request.user, code, READ)
    area = membership.municipality
    may_change = allows(membership.role, ENTER_FIGURES) or allows(membership.role, MANAGE_USERS)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied("Uw rol mag de buurgemeenten niet wijzigen")
        act = add_neighbour if "add" in request.POST else remove_neighbour
        try:
            other = act(area, request.POST.get("add") or request.POST.get("remove", ""),
                        actor_name=request.user.get_username(), user=request.user)
        except AreaError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{other.name} {'toegevoegd' if act is add_neighbour else 'verwijderd'}")
        return redirect("peers", code=code)
    year = dt.date.today().year - 1
    return render(request, "ivb/peers.html", {
        "area": area, "membership": membership, "year": year, "may_change": may_change,
        "national": _newest_comparison(area),
        "unit": police_unit(area), "province": province(area), "groups": peer_groups(area, year),
        "chosen": ChosenNeighbour.objects.filter(municipality=area).select_related("neighbour").order_by("-added_at"),
    })


def _newest_comparison(area):
    """The comparison with neighbours, police unit and country of the newest year that has one (the dashboard's
    section, so both pages say the same)."""
    from ivb.web.views import _national
    from ivb.plan.years import data_years

    for year in reversed(data_years(area)[-5:]):
        found = _national(area, year)
        if found is not None:
            return found
    return None
