"""Downloads of the pages' tables as CSV or XLSX, and of a refused upload's problems. The same access checks as
the pages: no role in the municipality is 404, a role without the right is 403."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from ivb.accounts.access import require
from ivb.accounts.permissions import ENTER_FIGURES, READ
from ivb.web import tables

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
DASHBOARD_TABLES = ("indicatoren", "cijfers", "gevolgd", "vergelijking")


def _send(table: tables.Table, name: str, fmt: str) -> HttpResponse:
    body = tables.to_csv(table) if fmt == "csv" else tables.to_xlsx(table)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404("Onbekend formaat")
    return fmt


def _picture_year(year: int) -> int:
    from ivb.web.views import picture_year_or_404

    return picture_year_or_404(year)


def _picture_or_none(area, year):
    from ivb.store.picture import year_picture
    from ivb.store.policies import PolicyStoreError

    try:
        return year_picture(area, year)
    except PolicyStoreError:
        return None


@login_required
def dashboard_table(request, code, year, table, fmt):
    area = require(request.user, code, READ).municipality
    _format(fmt)
    _picture_year(year)
    if table not in DASHBOARD_TABLES:
        raise Http404("Onbekende tabel")
    if table == "vergelijking":
        built = tables.dashboard_national(area, year)
    else:
        build = {"indicatoren": tables.dashboard_indicators, "cijfers": tables.dashboard_series,
                 "gevolgd": tables.dashboard_monitored}[table]
        built = build(area, year, _picture_or_none(area, year))
    return _send(built, f"ivb-{area.code}-{year}-{table}", fmt)


@login_required
def indicator_table(request, code, year, key, fmt):
    area = require(request.user, code, READ).municipality
    _format(fmt)
    _picture_year(year)
    picture = _picture_or_none(area, year)
    found = next((i for i in picture.indicators if i.key == key), None) if picture else None
    if found is None:
        raise Http404("Onbekende indicator")
    if found.unit == "qualitative":
        return _send(tables.judgements_table(area, year, found), f"ivb-{area.code}-{year}-{key}", fmt)
    observations = tables.indicator_observations(area, year, found)
    return _send(tables.indicator_table(area, year, found, observations), f"ivb-{area.code}-{year}-{key}", fmt)


@login_required
def peers_table(request, code, fmt):
    area = require(request.user, code, READ).municipality
    _format(fmt)
    year = dt.date.today().year - 1  # as the page
    return _send(tables.peers_table(area, year), f"ivb-{area.code}-vergelijkingsgroepen", fmt)


@login_required
def sources_table(request, code, fmt):
    area = require(request.user, code, READ).municipality
    _format(fmt)
    return _send(tables.sources_table(area, tables.linked_sources(area)), f"ivb-{area.code}-bronnen", fmt)


@login_required
def plan_table(request, code, year, fmt):
    from ivb.plan.services import priorities, year_problem

    area = require(request.user, code, READ).municipality
    _format(fmt)
    by = "kwartaal" if request.GET.get("per") == "kwartaal" else "prioriteit"
    groups, actions = tables.plan_groups(area, year, by, dict(priorities(area, year)))
    # A year no plan can be for, and none was (walk BS: an empty "Veiligheidsjaarplan 2030" file); actions stored
    # for a year the policy has since left out are still the municipality's to download, as the page shows them.
    if not actions and (problem := year_problem(year, area)) is not None:
        raise Http404(problem)
    return _send(tables.plan_table(area, year, groups), f"ivb-{area.code}-jaarplan-{year}", fmt)


@login_required
def upload_problems(request, code, token):
    """The full problem list of this session's refused upload (see web.upload_problems)."""
    from ivb.web.upload_problems import fetch

    require(request.user, code, ENTER_FIGURES)
    body, filename = fetch(request, code, token)
    response = HttpResponse(body, content_type=FORMATS["csv"])
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in filename.rsplit(".", 1)[0])[:60] or "bestand"
    response["Content-Disposition"] = f'attachment; filename="problemen-{stem}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
