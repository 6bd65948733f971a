import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.contrib import messages
from django.utils.timezone import localdate
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from ivb.domain import catalogue
from ivb.domain.compare import rate_decimals
from ivb.domain.i18n import listed
from ivb.domain.periods import Period, PeriodError, check_picture_year, check_year, has_begun
from ivb.domain.periods import parse as parse_period
from ivb.domain.narrative import year_to_date_text
from ivb.domain.opendata_tables import plain_series_name
from ivb.web.tables import HISTORY_ORDER
from ivb.domain.overview import achieved, newest_figure, on_course, status_figure, status_note, summary, tiles
from ivb.domain.picture import priority_note
from ivb.domain.policy import target_text
from ivb.domain.region import names_in_words
from ivb.domain.targets import baseline_figure, between_words, chart_target, status_meanings
from ivb.domain.numbers import (format_change, format_input, format_margin, format_number, format_p_value,
                                format_percent, format_with_margin)
from ivb.domain.trend import Trend
from ivb.domain.vocabulary import Status, Verdict
from ivb.charts import responsive_chart, sparkline
from ivb.domain.units import UNITS
from ivb.store.models import Area, Observation
from ivb.store.policies import current_document
from ivb.accounts.models import Membership
from ivb.accounts.permissions import ENTER_FIGURES, MANAGE_POLICY, READ, allows
from ivb.web.forms import ObservationForm, UploadForm, WithdrawForm
from ivb.plan.years import data_years, opening_year
from ivb.accounts.access import municipalities_of, require


def accessibility(request):
    """What IVB knows of its own accessibility, for anyone, logged in or not (walk BX: no statement existed, which a
    Dutch government site must publish; the municipality publishes it, this page gives the facts)."""
    return render(request, "ivb/accessibility.html")


@login_required
def home(request):
    """Where a user lands: their municipality's dashboard, or for a melder (who reads no figures) the page to file
    a signal; with several municipalities, a choice."""
    municipalities = list(municipalities_of(request.user).prefetch_related("organisations"))
    roles = dict(Membership.objects.filter(user=request.user).values_list("municipality__code", "role"))

    def landing(area) -> str:
        if allows(roles.get(area.code, ""), READ):
            return reverse("municipality", args=[area.code])
        return reverse("signal_new", args=[area.code])

    if len(municipalities) == 1:
        return redirect(landing(municipalities[0]))
    rows = [(a, landing(a), ", ".join(o.name for o in a.organisations.all())) for a in municipalities]
    return render(request, "ivb/home.html", {"municipalities": rows})


@login_required
def policy(request, code):
    membership = require(request.user, code, READ)
    area = membership.municipality
    policies = list(area.policies.all())
    policy = _chosen_policy(policies, request.GET.get("periode"))
    context = {"area": area, "membership": membership, "policies": policies, "policy": policy}
    if policy is not None:
        doc = current_document(policy)
        applicable = doc.indicators_for(area.code)  # this municipality's own targets in a joint policy
        latest = _latest_values(area, {ind.series for _owner, ind in applicable if ind.series and ind.scope != "region"})
        region = _region_latest(doc, applicable, area)
        judged = _latest_judgements(policy, area)
        bases = _baseline_figures(area, [ind for _owner, ind in applicable])
        rows = {ind.key: _indicator_row(ind, region.get(ind.key) or latest.get(ind.series), judged.get(ind.key),
                                        bases.get(ind.key)) for _owner, ind in applicable}
        _add_year_estimates(area, rows)
        names = dict(Area.objects.filter(code__in=doc.municipalities).values_list("code", "name"))
        for _owner, ind in doc.all_indicators():
            if ind.key in rows and (others := _other_targets(ind, area.code, names)):
                rows[ind.key]["others"] = others

        def own(indicators):
            return [rows[i.key] for i in indicators if i.key in rows]

        context.update(doc=doc, version=policy.current_version(),
                       adoptions=[(names.get(a.municipality, ""), a) for a in doc.adoptions],
                       objectives=[(o, own(o.indicators)) for o in doc.general_objectives],
                       priorities=[(p, own(p.indicators), _themes(p.themes), priority_note(p))
                                   for p in sorted(doc.priorities, key=lambda p: p.rank)],
                       other_themes=[(t, own(t.indicators)) for t in doc.other_themes],
                       fields=_fields(doc))
    return render(request, "ivb/policy.html", context)


def _add_year_estimates(area, rows: dict) -> None:
    """Beside a figure of part of a year, the whole year expected, as the dashboard gives it (walk BB: "35 · 2026
    t/m september" without "heel 2026: ongeveer 49"): from that year's picture, where it has the indicator."""
    from ivb.domain.periods import PeriodError
    from ivb.store.policies import PolicyStoreError

    for year in {r["period"].year for r in rows.values() if r.get("period") and r["period"].is_partial_year}:
        try:
            picture = _picture(area, year)
        except (PolicyStoreError, PeriodError):
            continue
        found = {i.key: i for i in picture.indicators}
        for key, row in rows.items():
            i = found.get(key)
            if i is not None and row.get("period") is not None and row["period"].year == year and i.series is not None \
                    and i.series.latest is not None and i.series.latest.period == row["period"]:
                row["year_estimate"] = _whole_year_expected(i.series, i.series.latest)


def _chosen_policy(policies, period_label):
    if period_label:
        return next((p for p in policies if p.period_label == period_label), None)
    this_year = dt.date.today().year
    current = [p for p in policies if p.period_start <= this_year <= p.period_end]
    return (current or policies or [None])[0]


def _latest_values(area, series_keys) -> dict:
    """The most recent current observation per series, in one query. A count typed in by the month reads as the
    dashboard reads it: the months from January added up ("86, t/m september"), not the newest month alone
    ("6, september", walk U)."""
    latest: dict = {}
    parts: dict[str, list] = {}
    for obs in (Observation.objects.select_related("series")
                .filter(area=area, series__key__in=series_keys, superseded_at__isnull=True)
                .order_by("period_end", "period_start")):
        latest[obs.series.key] = obs
        parts.setdefault(obs.series.key, []).append(obs)
    for key, obs in latest.items():
        if obs.series.aggregation == "sum" and parse_period(obs.period).kind in ("month", "quarter"):
            latest[key] = _added_up(parts[key]) or obs
    return latest


def _added_up(observations):
    """The newest year (or January up to a month) that months or quarters add up to, shaped like an observation
    for the indicator table; None when they do not run from January."""
    from types import SimpleNamespace

    from ivb.domain.observations import Point, annual_points

    points = [Point(parse_period(o.period), float(o.value), o.status) for o in observations]
    newest = annual_points(points)[-1:] if points else []
    if not newest or newest[0].period.kind not in ("year", "ytd") or \
            newest[0].period.year != points[-1].period.year:
        return None
    point = newest[0]
    words = _("de maandcijfers opgeteld") if points[-1].period.kind == "month" else _("de kwartaalcijfers opgeteld")
    # The period itself, not its code: months with one missing in between make a period no text reads back.
    return SimpleNamespace(value=point.value, period=point.period, status=point.status, synthetic=False,
                           source=words, source_document="", source_reference="")


def _region_latest(doc, applicable, area) -> dict:
    """Per region indicator, its newest region figure (by the file's rule over the members), shaped like an
    observation for the indicator table: the method stands where a figure's source stands."""
    from types import SimpleNamespace

    from ivb.domain.observations import annual_points
    from ivb.domain.region import region_series
    from ivb.store.picture import region_members

    regional = [ind for _owner, ind in applicable if ind.scope == "region" and ind.series]
    members = region_members(doc, regional) if regional else []
    out = {}
    for ind in regional:
        series = region_series(ind.series, ind.region_rule, members)
        if series.points:
            point = series.points[-1]
            if series.aggregation == "sum" and point.period.kind in ("month", "quarter"):
                # A month of the region beside a yearly target reads as far under it (walk AF: "86, september
                # 2026" beside "hoogstens 900"): the year so far, as the dashboard shows it.
                # Months that add up to no year (no January of every member) give the newest year that is there,
                # as the dashboard does (walk BB: "6 · augustus 2026" beside "lager dan 90 in 2026").
                yearly = annual_points(series.points)
                point = yearly[-1] if yearly else point
            out[ind.key] = SimpleNamespace(value=point.value, period=point.period, status=point.status,
                                           synthetic=False, source=series.method, source_document="",
                                           source_reference="")
    return out


def _latest_judgements(policy, area) -> dict:
    """Per qualitative indicator, the newest judgement recorded on its evidence for this municipality."""
    from ivb.store.models import Evidence

    out: dict = {}
    for e in Evidence.objects.filter(policy=policy, area=area).order_by("date", "recorded_at"):
        out[e.indicator_key] = e
    return out


def _other_targets(ind, code: str, names: dict[str, str]) -> str:
    """In a joint plan, the targets the other members have for the same indicator where they differ from this
    member's (walk BG: Noordwijk's page showed "20% minder dan in 2024" and nowhere that Teylingen aims at "hoogstens
    35")."""
    if not ind.municipal_targets:
        return ""
    members = [c for c in (ind.municipalities or names) if c != code]  # those the indicator applies to
    own = ind.municipal_targets.get(code, ind.target)
    parts = [f"{names.get(c, c)}: {target_text(ind.model_copy(update={'target': t}))}"
             for c, t in ind.municipal_targets.items() if c in members and t != own]
    general = [names.get(c, c) for c in members if c not in ind.municipal_targets]
    if general and ind.target is not None and ind.target != own:
        parts.append(f"{names_in_words(general)}: {target_text(ind)}")
    return _("Andere doelen in dit plan: %(targets)s.") % {"targets": "; ".join(parts)} if parts else ""


def _baseline_figures(area, indicators) -> dict[str, float]:
    """Per indicator whose target is a change from a measured baseline year, that year's figure: the policy page
    works the target out as the dashboard does (walk BH: "20% minder dan in 2022" here, "20% minder dan de 155 van
    2022: hoogstens 124" on every other page). One query."""
    wanted = {ind.key: (ind.series, str(ind.baseline.year)) for ind in indicators
              if ind.target is not None and ind.target.compare_to == "baseline" and ind.baseline is not None
              and ind.baseline.value is None and ind.series and ind.scope != "region"}
    if not wanted:
        return {}
    found = {(key, period): float(value) for key, period, value in Observation.objects.filter(
        area=area, superseded_at__isnull=True, series__key__in={k for k, _p in wanted.values()},
        period__in={p for _k, p in wanted.values()}).values_list("series__key", "period", "value")}
    return {ind_key: found[pair] for ind_key, pair in wanted.items() if pair in found}


def _indicator_row(ind, obs, judgement=None, base: float | None = None):
    target = target_text(ind, base=base) if ind.target is not None else _("gevolgd, zonder doel")
    row = {"indicator": ind, "target": target, "unit": _(UNITS.get(ind.unit, ("kwalitatief",))[0]),
           "judgement": judgement}
    if obs is not None:
        period = obs.period if isinstance(obs.period, Period) else parse_period(obs.period)  # added up, or stored
        # A survey figure with its margin, as the dashboard gives it (walk BQ: "33,4%" here, "33,4% ±2,0" there).
        margin = getattr(obs, "margin", None)
        row.update(value=format_with_margin(float(obs.value), float(margin) if margin is not None else None, ind.unit),
                   period=period, obs=obs)
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


# ------------------------------------------------------------------------------------------ dashboard

STATUS_CLASS = {Status.MET: "ok", Status.ON_TRACK: "ok", Status.AT_RISK: "warn", Status.OFF_TRACK: "bad", Status.MISSED: "bad",
                Status.WITHIN_MARGIN: "none",
                Status.NO_DATA: "none", Status.MONITORED: "none", Status.NO_TARGETS: "none"}
ARROWS = {Verdict.RISING: "↑", Verdict.FALLING: "↓", Verdict.STABLE: "→", Verdict.UNCLEAR: "↕", Verdict.TOO_FEW: "·",
          Verdict.CONTEXT: ""}


def _arrow(sp) -> str:
    """The verdict's arrow: the way the number went. A place in a ranking gets none: its words say safer or less
    safe, and an arrow up beside a chart whose place 1 is at the top would point the other way."""
    return "" if sp.unit == "rank" and sp.verdict.is_direction else ARROWS[sp.verdict]


def year_or_404(year: int) -> int:
    """A year a page can be about (the rule of the API and the CLI too); any other is not found."""
    try:
        return check_year(year)
    except PeriodError as exc:
        raise Http404(str(exc)) from None


def picture_year_or_404(year: int) -> int:
    """A year with a safety picture (`periods.check_picture_year`: one that has begun); any other is not found."""
    try:
        return check_picture_year(year)
    except PeriodError as exc:
        raise Http404(str(exc)) from None


def _picture(area, year):
    from ivb.store.picture import year_picture

    return year_picture(area, year)


@login_required
def dashboard(request, code, year=None):
    from django.core.cache import cache
    from django.template.loader import render_to_string

    from ivb.store.picture import data_stamp, stamp_key
    from ivb.store.policies import PolicyStoreError

    membership = require(request.user, code, READ)
    area = membership.municipality
    stamp = data_stamp()
    years = data_years(area, stamp)
    if year is None:
        return redirect("dashboard", code=code, year=opening_year(area, years))
    menu = _menu_years(area, years)
    year_or_404(year)
    if not has_begun(year):  # the rule of every picture (`periods.check_picture_year`), said on the page
        body = render_to_string("ivb/_dashboard_not_begun.html", {"area": area, "year": year,
                                                                  "this_year": dt.date.today().year})
        return render(request, "ivb/dashboard.html", {"area": area, "membership": membership, "year": year,
                                                      "years": menu, "body": body})
    # The body is the same for everyone with the same role: rendered once per role and state of the data (the
    # role only decides which next step an empty dashboard offers).
    # Per calendar year too: a target year it has left behind reads otherwise (ADR 0055).
    key = (f"ivb:dashboard:{area.code}:{year}:{get_language()}:{membership.role}:{dt.date.today().year}:"
           f"{stamp_key(stamp)}")
    body = cache.get(key)
    if body is None:
        from ivb.store.picture import year_picture

        try:
            picture = year_picture(area, year, stamp)
        except PolicyStoreError:
            picture = None
        body = render_to_string("ivb/_dashboard_body.html",
                                {**_dashboard_context(area, year, picture), "membership": membership})
        cache.set(key, body, timeout=3600)
    return render(request, "ivb/dashboard.html", {"area": area, "membership": membership, "year": year,
                                                  "years": menu, "body": body,
                                                  "lifetime": _lifetime_html(membership, area, year),
                                                  "newer": _newer_figures_html(area, year, years)})


def _menu_years(area, years: list[int]) -> list[int]:
    """The years the dashboard's menu offers: those with figures, and this year when a policy covers it, whose
    page projects its targets before any figure of it (walk BI: the 2026 page was reached only from the report)."""
    from ivb.plan.years import policy_years

    this_year = dt.date.today().year
    return sorted(set(years) | ({this_year} if this_year in policy_years(area) else set()))


def _newer_figures_html(area, year, years):
    """A page of an earlier year while the year under way has figures already (walk BA: the dashboard opened on
    2025, the newest whole year, with "kans 43%" for a 2026 target that the 2026 months put at 7%): say so and link
    to that year. Only for the year under way: later whole years are in the list of years above, and a line for
    them on every earlier page would push the tiles off the first screen."""
    from django.utils.html import format_html

    newest = dt.date.today().year
    if year >= newest or newest not in years:
        return None
    href = reverse("dashboard", args=[area.code, newest])  # an indicator page: its key may not be in that year's policy
    return format_html(_("Er zijn al cijfers van {newest}. Deze pagina geeft de stand over {year}; verwachtingen en "
                         "kansen met die cijfers erbij staan in <a href=\"{href}\">het veiligheidsbeeld {newest}</a>."),
                       newest=newest, year=year, href=href)


def _lifetime_html(membership, area, year):
    """The notice that `area` did not exist in `year`, its predecessors or successor linked to their dashboard
    for the year where the member may read them; otherwise just named, so no other municipality is revealed."""
    from django.utils.html import format_html, format_html_join

    from ivb.accounts.access import municipalities_of
    from ivb.store.areas import history_notice

    notice = history_notice(area, year)
    if notice is None:
        return None
    readable = set(municipalities_of(membership.user_id).filter(pk__in=[a.pk for a in notice.others]).values_list("pk", flat=True))
    names = [format_html('<a href="{}">{}</a>', reverse("dashboard", args=[a.code, year]), a.name)
             if a.pk in readable else format_html("{}", a.name) for a in notice.others]
    others = format_html_join(", ", "{}", ((n,) for n in names[:-1]))
    others = format_html("{} {} {}", others, _("en"), names[-1]) if len(names) > 1 else (names[0] if names else "")
    text = format_html(notice.pattern(), others=others, **notice.values())
    hint = notice.manager_hint()
    # What the manager can do is said to those who enter figures, not to a council member (walk BE).
    return format_html("{} {}", text, hint) if hint and ENTER_FIGURES in membership.permissions else text


def _other_land(area, year) -> str:
    """'op 1 januari 2018 een deel van Littenseradiel' when `area` took in part of a municipality after `year`:
    its population of `year` was of other land than the police's counts (on today's borders), so IVB sets no
    rate of it beside others. The page said the manager could read in what was there (walk AM)."""
    from ivb.domain.break_words import date_text
    from ivb.store.areas import history_notice

    from ivb.store.models import Observation

    notice = history_notice(area, year)
    later = [(day, whole, names) for day, whole, names in (notice.took_in if notice else ()) if whole is not True
             and day > dt.date(year, 1, 1)]
    # Only where the population of that year is there and left out: without it, reading it in is the advice.
    if not later or not Observation.objects.filter(area=area, series__key="cbs.inwoners", period=str(year),
                                                   superseded_at__isnull=True).exists():
        return ""
    return "; ".join((_("op %(day)s een deel van %(names)s") if whole is False else
                      _("op %(day)s (een deel van) %(names)s")) % {"day": date_text(day), "names": names}
                     for day, whole, names in later)


def _dashboard_context(area, year, picture) -> dict:
    from ivb.store.areas import lifetime_notice

    national = _national(area, year)
    context = {"area": area, "year": year, "picture": picture, "national": national,
               "absent": lifetime_notice(area, year) is not None,
               "other_land": _other_land(area, year) if national is None else "",  # said only without a comparison
               "under_way": year == dt.date.today().year,  # no year figures for comparison exist yet
               "status_meanings": status_meanings()}
    if picture is not None:
        improved, attention = summary(picture)
        targets = [i for i in picture.indicators if not i.monitoring]
        context.update(
            # "Vraagt aandacht: niets" only means something of what could be judged.
            unjudged=sum(i.status.status == Status.NO_DATA for i in targets), targets=len(targets),
            tiles=[_tile(t, picture) for t in tiles(picture)], improved=improved, attention=attention,
            achieved=achieved(picture), on_course=on_course(picture),
            inferred=any(_inferred(i) for i in picture.indicators),
            objectives=[_row(i, picture) for i in picture.objectives],
            priorities=[(key, title, [_row(i, picture) for i in items], picture.priority_notes.get(key))
                        for key, title, items in picture.priorities],
            other_themes=[(key, title, [_row(i, picture) for i in items])
                          for key, title, items in picture.other_themes],
            fields=_field_summary(picture),
            series=[_series_row(s, picture) for s in picture.policy_series],
            monitored=[_series_row(s, rates_from=picture) for s in picture.monitored],
            # Only where a place is given (walk AX: Terschelling, under 5.000 inhabitants, has none).
            ranked=next((s.comparison.among for s in picture.monitored if s.comparison and s.comparison.rank), ""),
            # Why a place counts fewer than the group (walk BQ: "plaats 7 van 36 gemeenten met cijfers" where all 40
            # had figures; the 4 under 5.000 inhabitants get no place, which only the indicator page said).
            left_out=next((s.comparison.left_out_text for s in picture.monitored
                           if s.comparison and s.comparison.left_out_text), ""),
            context_series=[s for s in picture.context if s.sentences])
    return context


def _spark_words(name: str, points, unit: str, whole_year: float | None = None) -> str:
    """A small chart in words for a screen reader: where the series went, not only that it is one."""
    if not points:
        return name
    first, last = points[0], points[-1]
    words = _("%(name)s: van %(first)s in %(first_period)s naar %(last)s in %(last_period)s") % {
        "name": name, "first": format_number(first.value, unit), "first_period": first.period.label,
        "last": format_number(last.value, unit), "last_period": last.period.label}
    if whole_year is not None:  # the open dot stands at the estimate, not at the count; in the row's words
        words += "; " + _("heel %(year)s: ongeveer %(n)s") % {"year": last.period.year,
                                                             "n": format_number(round(whole_year), "count")}
    return words


def _spark(sp, name: str, unit: str):
    """The row's or tile's small chart, a part year at the whole year the page prints beside it."""
    if sp is None or unit != "count":
        return ""
    latest = sp.latest
    whole = sp.this_year.expected if sp.this_year is not None and latest is not None and \
        latest.period.is_partial_year else None
    return sparkline(sp.points, _spark_words(name, sp.points, unit, whole), whole, stand=sp.stand)


def _figure(figure, unit) -> dict:
    """The newest figure as a tile or row shows it: value, period, source, and the series it comes from."""
    if figure is None:
        return {"latest": None, "value": None}
    # With a survey's margin, where the status beside it is read (walk BO: "31,9%" beside "lager dan 33%" and
    # "risico"; the ±1,8 that made it so was on the indicator's page only).
    return {"latest": figure.point, "value": format_with_margin(figure.point.value, figure.point.margin, unit),
            "source": figure.source,
            "linked": figure.linked, "figure_series": figure.series, "gap": _gap_words(figure.series, figure.point)}


def _year_estimate(figure) -> str:
    """A count of part of a year beside a yearly target reads as met ("68" against "lager dan 75"): a tile or row
    adds the whole year expected, as the indicator page says it (walks of 4 December)."""
    return _whole_year_expected(figure.series, figure.point) if figure else ""


def _gap_words(sp, point) -> str:
    """"Let op: van 2026 ontbreekt juni; …" where the figure shown leaves out a month before its last (walk BA: only
    the indicator and series pages said so; the dashboard gave "38 2026 t/m mei" without why, or what to enter);
    and a month in it far from what is usual (walk BG: "340 … heel 2026: ongeveer 364" beside a July of 190)."""
    gap = sp.gaps.get(point.period.year) if sp is not None and point is not None and point.period.is_partial_year else None
    unusual = [u.short for u in sp.unusual if u.period.endswith(str(point.period.year))] \
        if sp is not None and point is not None else []
    return " ".join(([gap.sentence] if gap is not None else []) + unusual)


def _whole_year_expected(sp, point) -> str:
    """The whole year expected where `point` of `sp` is part of a year; "" otherwise."""
    under_way = sp.this_year if sp is not None and point is not None and point.period.is_partial_year else None
    return format_number(round(under_way.expected), "count") if under_way else ""


def _tile(t, picture) -> dict:
    sp = t.figure.series if t.figure else None
    sp = sp if sp is not None and sp.verdict.is_direction else None  # a direction, or none
    return {"t": t, **_figure(t.figure, t.unit), "status_class": STATUS_CLASS.get(t.status, "none"),
            "year_estimate": _year_estimate(t.figure),
            "arrow": _arrow(sp) if sp else "", "verdict": sp.verdict_words if sp else "",
            "href": (reverse("indicator", args=[picture.municipality, picture.year, t.key])
                     if t.kind == "objective" else f"#prio-{t.key}")}


def _series_row(s, picture=None, rates_from=None) -> dict:
    figure = newest_figure(picture, s) if picture is not None else None
    shown = figure.series if figure else s
    # The name links to the series whose figure the row shows: a newer figure of a linked open-data series is
    # on that series's page, not on the policy's own (which ended years before).
    return {"s": s, "link_key": shown.key, "arrow": _arrow(shown), "verdict": shown.verdict_words,
            "latest": shown.latest, "value": format_number(shown.latest.value, s.unit) if shown.latest else "–",
            "year_estimate": _whole_year_expected(shown, shown.latest),  # walk AZ: only the tiles had it
            "gap": _gap_words(shown, shown.latest),
            "source": figure.source if figure and figure.linked else "",
            "spark": _spark(shown, s.name, s.unit),
            "rate": _own_rate(s, rates_from or picture)}


def _own_rate(s, picture) -> str:
    """The rate per 1.000 of the picture's year: the comparison's, else from the municipality's own population
    (as the report's table has it), so that no column of "–" stands beside a comparison that does show rates."""
    if s.comparison is not None:
        return format_number(s.comparison.subject.per_1000, "per_1000", decimals=s.comparison.decimals)
    population = picture.population(picture.year) if picture is not None else None
    count = [p.value for p in s.points if p.period.year == getattr(picture, "year", None)
             and not p.period.is_partial_year]
    if not count or not population:
        return ""
    rate = 1000 * count[0] / population
    return format_number(rate, "per_1000", decimals=rate_decimals([rate]))


def _national(area, year):
    """The municipality beside its neighbours, police unit and country: rates per 1,000 and the index."""
    from ivb.store.national import national_rate_decimals, position

    found = position(area, year)
    if found is None:
        return None
    places = national_rate_decimals(found)
    rows, notes = [], 0
    for line in found["lines"]:
        notes += bool(line["note"])
        rows.append({**line, "note_number": notes if line["note"] else None,
                     "index_text": format_number(round(line["index"]), "count") if line["index"] is not None else "–",
                     "cells": [format_number(line["rates"].get(t.code), "count", decimals=places[t.code])
                               for t in found["types"]]})
    return {**found, "min_population": format_number(found["result"].min_population, "count"), "rows": rows}


def _field_summary(picture):
    """The five safety fields, each with the priorities the policy puts in it and how their targets stand."""
    from collections import Counter

    from ivb.domain.i18n import _ as domain_

    out = []
    for field in catalogue.FIELDS:
        items = []
        for key, title, indicators in picture.priorities:
            if field.code in picture.priority_fields.get(key, []):
                counts = Counter(i.status.status for i in indicators)
                items.append((key, title, ", ".join(f"{n}× {domain_(s)}" for s, n in counts.items())))
        out.append((field, items))
    return out


def _inferred(i) -> bool:
    return bool(i.indicator.target is not None and i.indicator.target.inferred)


def _row(i, picture):
    """An indicator's row: its newest figure from any linked source, the trend of that figure's series, and the
    target (an inferred sign is marked for the footnote, not spelled out in every row)."""
    figure = status_figure(picture, i)
    sp = figure.series if figure else i.series
    return {
        "i": i, **_figure(figure, i.unit), "year_estimate": _year_estimate(figure),
        "target": target_text(i.indicator, with_inference=False,
                              base=baseline_figure(i.indicator, i.series.points if i.series else []))
        if _inferred(i) else i.target,
        "inferred": _inferred(i),
        "arrow": _arrow(sp) if sp else "", "verdict": sp.verdict_words if sp else "",
        "status_class": STATUS_CLASS[i.status.status],
        "projected": status_note(i, figure.point if figure else None),
        "spark": _spark(sp, i.name, i.unit),
    }


@login_required
def indicator(request, code, year, key):
    from django.core.cache import cache

    from ivb.store.picture import data_stamp, stamp_key

    membership = require(request.user, code, READ)
    area = membership.municipality
    picture_year_or_404(year)
    # The body is the same for everyone with the same rights: rendered once per state of the data, as the
    # dashboard's. Only the correction links depend on the reader, so whether they may enter figures is in the key.
    may_enter = ENTER_FIGURES in membership.permissions
    # The key from the address is hashed: any text can be asked for, and cache keys must stay plain.
    cache_key = (f"ivb:indicator:{area.code}:{year}:{stamp_key((key,))}:{get_language()}:{int(may_enter)}:"
                 f"{dt.date.today().year}:{stamp_key(data_stamp())}")
    found = cache.get(cache_key)
    if found is None:
        found = _indicator_body(area, membership, year, key)
        cache.set(cache_key, found, timeout=3600)
    name, body = found
    return render(request, "ivb/indicator.html", {"area": area, "membership": membership, "year": year,
                                                  "name": name, "body": body,
                                                  "lifetime": _lifetime_html(membership, area, year),
                                                  "newer": _newer_figures_html(area, year, data_years(area, data_stamp()))})


def _judgements(area, found, year) -> list:
    """The judgements recorded on a qualitative target up to the page's year, newest first, with who recorded them."""
    from ivb.store.evidence import judgements

    return judgements(area, found.key, year)


def _indicator_body(area, membership, year, key) -> tuple[str, str]:
    """The indicator's name and its page body: status, sentences, chart, trend, comparison, every figure with
    its provenance, and the same indicator from other sources. Rendered without the request, so nothing of one
    reader (their name, a form's token) can reach the body the cache gives the next."""
    from django.template.loader import render_to_string

    from ivb.store.models import Series
    from ivb.store.policies import PolicyStoreError
    from ivb.web.tables import indicator_observations

    try:
        picture = _picture(area, year)
    except PolicyStoreError:
        raise Http404("Geen beleid") from None
    found = next((i for i in picture.indicators if i.key == key), None)
    if found is None:
        raise Http404("Onbekende indicator")
    sp = found.series
    trend = sp.trend if sp and isinstance(sp.trend, Trend) and sp.trend.slope is not None else None
    # A region figure is computed from the members' figures: those are its provenance. As the download.
    observations = indicator_observations(area, year, found)
    chart = responsive_chart(sp.points, found.unit, f"{found.name} in {area.name}",
                             chart_target(found.indicator, found.status),
                             found.status.projection, sp.this_year, found.indicator.target_year) if sp and sp.points else ""
    periods = [(o, parse_period(o.period)) for o in observations]
    body = render_to_string("ivb/_indicator_body.html", {
        "area": area, "membership": membership, "year": year, "i": found, "sp": sp, "chart": chart,
        "between": between_words(found.status.projection) if chart and found.status.projection else "",
        # A stand's months are readings, not parts of a year that add up (walk BJ).
        "summed": any(p.kind in ("month", "quarter") for o, p in periods if o.superseded_at is None)
        and Series.objects.filter(key=found.indicator.series, aggregation="sum").exists(),
        "partial": _has_partial(sp), "under_way": year == dt.date.today().year,
        "observations": (rows := _history_rows(periods, found.unit)),
        "shared_recording": _shared_recording(rows, area),
        "region": found.region,
        "region_points": [(p.period.label, format_number(p.value, found.unit), p.status == "voorlopig") for p in sp.points]
        if found.region and sp else [],
        "judgements": _judgements(area, found, year) if found.unit == "qualitative" else None,
        "status_class": STATUS_CLASS[found.status.status], "status_meanings": status_meanings(),
        "verdict": sp.verdict_words if sp else None,
        "trend": trend, **_trend_words(trend),
        "other_sources": side_by_side(area, found.indicator.series) if found.indicator.series else [],
        "no_comparison": _no_comparison(area, sp, year)
        if sp is not None and sp.comparison is None and sp.unit == "count" and not found.region else "",
    })
    return found.name, body


def _no_comparison(area, sp, year: int) -> str:
    """Why a count has no comparison per 1.000 inhabitants in `year`, as the page says it: no other municipality
    has the series; the police and CBS publish the year after it ends; this municipality has no figure over the
    whole year (months are not added up for the comparison); or the others have none that year."""
    from ivb.store.models import ImportBatch

    others = Observation.objects.filter(series__key=sp.key, superseded_at__isnull=True).exclude(area=area)
    if not others.exists():
        return "only_here"
    if year == dt.date.today().year and others.filter(batch__kind=ImportBatch.Kind.OPEN_DATA).exists():
        return "published_later"
    if not Observation.objects.filter(series__key=sp.key, area=area, period=str(year),
                                      superseded_at__isnull=True).exists():
        return "no_year_figure"
    return "others_lack"


@login_required
def series(request, code, pk):
    """Any series stored for this municipality, by name: its chart, trend, figures with their provenance, and
    the policy indicators that use it. The same page for the policy's series, the monitored set and open data."""
    from ivb.store.models import Series
    from ivb.store.policies import PolicyStoreError

    membership = require(request.user, code, READ)
    area = membership.municipality
    found = get_object_or_404(Series, pk=pk)
    observations = list(Observation.objects.filter(area=area, series=found).select_related("batch", "area", "series", "withdrawal__withdrawn_by", "recorded_by")
                        .order_by(*HISTORY_ORDER))
    if not observations:
        raise Http404("Geen cijfers van deze reeks voor deze gemeente")
    newest = max(o.period_end.year for o in observations if o.superseded_at is None) if any(
        o.superseded_at is None for o in observations) else observations[-1].period_end.year
    year = _asked_year(request, min(o.period_end.year for o in observations), newest)
    try:
        picture = _picture(area, year)
    except PolicyStoreError:
        picture = None
    sp = next((s for s in picture.series if s.key == found.key), None) if picture else None
    indicators = [i for i in picture.indicators if i.indicator.series == found.key] if picture else []
    trend = sp.trend if sp and isinstance(sp.trend, Trend) and sp.trend.slope is not None else None
    # The year under way with its whole year expected, as the indicator page draws it (walk BA: an open dot below
    # the year before, and nothing of the estimate the text gives).
    under_way = sp.this_year if sp and sp.latest is not None and sp.latest.period.is_partial_year else None
    # The name the dashboard and the sentences give it (walk BD: "Diefstal van brom-, snor-, fietsen (politie open
    # data, misdrijven)" as the heading of what the dashboard calls "Fietsdiefstal (ook brom- en snorfietsen)").
    name = sp.name if sp else plain_series_name(found.name)
    chart = responsive_chart(sp.points, found.unit, f"{name} in {area.name}", projection=under_way,
                             this_year=under_way) if sp and sp.points else ""
    periods = [(o, parse_period(o.period)) for o in observations]
    return render(request, "ivb/series.html", {
        "area": area, "membership": membership, "year": year, "series": found, "sp": sp, "chart": chart,
        "partial": _has_partial(sp), "indicators": indicators, "verdict": sp.verdict_words if sp else None,
        "observations": (rows := _history_rows(periods, found.unit)),
        "shared_recording": _shared_recording(rows, area),
        "summed": found.aggregation == "sum" and any(p.kind in ("month", "quarter") for o, p in periods
                                                     if o.superseded_at is None and p.year <= year),
        "newest": newest,
        "name": name, "year_to_date": year_to_date_text(sp) if sp and sp.unit == "count" and sp.latest is not None
        and sp.latest.period.is_partial_year else "",
        "trend": trend, **_trend_words(trend), "sources": _sources_of(observations, found.source),
        "other_sources": side_by_side(area, found.key), "lifetime": _lifetime_html(membership, area, year)})


def _asked_year(request, first: int, newest: int) -> int:
    """The year a series page shows: the one of the page it was reached from (?jaar=2022), else its newest; not
    before its first figure. A later year than its newest figure stays that year, with the series as far as it
    reaches (walks BH, BJ: from the 2026 dashboard its way back, menu and indicators led to 2025, where a target
    read "niet gehaald" that the 2026 page called "op koers"); a year without a picture gives the newest."""
    try:
        asked = int(request.GET.get("jaar", ""))
    except ValueError:
        return newest
    if asked > newest:
        try:
            return check_picture_year(asked)
        except PeriodError:
            return newest
    return max(asked, first)


def _sources_of(observations, defined: str) -> list[tuple[str, str]]:
    """The sources of a series' current figures with their years, when not all its own (`links.other_sources`)."""
    from ivb.store.links import other_sources

    years: dict[str, list[int]] = {}
    for o in observations:
        if o.superseded_at is None:
            years.setdefault(o.source, []).append(o.period_end.year)
    return other_sources(defined, years)


def _stored_value(o, unit: str) -> str:
    """A stored figure as its table shows it: with the margin its source states (a survey's ±1,2%)."""
    value = format_number(float(o.value), unit)
    return f"{value} (±{format_margin(float(o.margin), unit)})" if o.margin is not None else value


def _history_rows(periods, unit: str) -> list[tuple]:
    """The history table's rows: (observation, value as shown, period, words when a current count is far from
    its series' usual level, ADR 0043). The doubt raised at entry stays beside the figure, for every reader."""
    from ivb.domain.plausibility import unusual_tags

    by_area: dict[int, list] = {}
    for o, p in sorted(((o, p) for o, p in periods if o.superseded_at is None), key=lambda op: op[0].period_end):
        by_area.setdefault(o.area_id, []).append((o.pk, p.kind, float(o.value), p.last_month))
    usual = {pk: level for figures in by_area.values() for pk, level in unusual_tags(figures, unit).items()}

    def words(o) -> str:
        if o.pk not in usual:
            return ""
        text = (_("veel meer dan gebruikelijk (mediaan %(usual)s)") if float(o.value) > usual[o.pk] else
                _("veel minder dan gebruikelijk (mediaan %(usual)s)"))
        return text % {"usual": format_number(usual[o.pk], "count")}

    return [(o, _stored_value(o, unit), p, words(o)) for o, p in periods]


def _shared_recording(rows, area) -> dict | None:
    """Who recorded every figure of a history table, when all were recorded alike (one maker, one day, one import,
    none corrected or withdrawn, all the municipality's own or open data): said once under the table instead of
    on each row (a phone walk: "Vastgelegd door …, import lisse-observations.csv" fourteen times on one page)."""
    observations = [o for o, *_rest in rows]
    if len(observations) < 2:
        return None
    first, day = observations[0], localdate(observations[0].recorded_at)  # the day the page prints, not UTC's
    alike = all(o.superseded_at is None and not o.correction_reason and o.maker == first.maker
                and localdate(o.recorded_at) == day and o.batch_id == first.batch_id
                and (o.area_id == area.pk or o.is_open_data) for o in observations)
    return {"who": first.maker, "when": first.recorded_at,
            "file": first.batch.filename if first.batch_id else ""} if alike else None


def _has_partial(sp) -> bool:
    """Whether the chart draws part of a year (an open circle): only then does its caption explain one."""
    return bool(sp and any(p.period.is_partial_year for p in sp.points))


def side_by_side(area, series_key):
    from ivb.store.links import side_by_side as compute

    return compute(area, series_key)


def _trend_words(trend) -> dict:
    if trend is None:
        return {}
    # The interval's ends as the sentence beside it has them: one decimal where it says no direction (walk AT:
    # "+0,057%" in the box, "+0,1%" in the text), two significant digits below 1% where it says rising or falling, so
    # that an end near 0 of a real trend does not read 0 (walk AX: "−0,9%" in the box, "0,95%" in the text).
    ends = format_change if trend.verdict in (Verdict.RISING, Verdict.FALLING) else format_percent
    return {"p_value": format_p_value(trend.p_value), "change": format_change(trend.change_per_year, signed=True),
            "low": ends(trend.interval[0], signed=True), "high": ends(trend.interval[1], signed=True)}


# ------------------------------------------------------------------------------------------ data entry

@login_required
def observation_new(request, code):
    membership = require(request.user, code, ENTER_FIGURES)
    # A series page links here with its series; "Opslaan en nog een invoeren" with series, status and source too.
    initial = {field: request.GET[name] for name, field in NEXT_FIGURE.items() if request.GET.get(name)} or None
    return _observation_form(request, membership, None, initial)


# The query names of the form for the next figure (Dutch, as the page's address shows them) and their fields.
NEXT_FIGURE = {"reeks": "series", "status": "status", "bron": "source", "document": "document"}


@login_required
def observation_correct(request, code, pk):
    membership = require(request.user, code, ENTER_FIGURES)
    old = get_object_or_404(Observation.objects.select_related("series", "batch"), pk=pk, area=membership.municipality)
    if old.superseded_at is not None:
        return _moved_on(request, old)
    return _observation_form(request, membership, old, _initial(old))


def _series_in_year(area, series_id: int, year: int):
    """The series page in the year of the figure just changed, not the newest (walk of 4 December: a withdrawal of
    2026 landed on the page of 2025)."""
    return redirect(reverse("series", args=[area.code, series_id]) + f"?jaar={year}")


def _moved_on(request, old):
    """A figure replaced or withdrawn since the page was opened (another tab, a colleague): to the figure of now,
    or to the series when there is none, saying why; nothing sent is stored."""
    now = Observation.objects.filter(series=old.series, area=old.area, period=old.period,
                                     superseded_at__isnull=True).first()
    said = (_("%(series)s %(period)s is intussen vervangen of ingetrokken; er is niets opgeslagen.")
            if request.method == "POST" else _("%(series)s %(period)s is intussen vervangen of ingetrokken."))
    messages.error(request, said % {"series": old.series.name, "period": parse_period(old.period).label}
                   + (" " + _("Hieronder staat het cijfer van nu.") if now else ""))
    if now is not None:
        return redirect("observation_correct", code=old.area.code, pk=now.pk)
    return redirect("series", code=old.area.code, pk=old.series_id)


def _initial(old) -> dict:
    """The correction form as the figure stands. A figure read from open data gives no source to the new one: its
    file and table are not where a hand correction comes from (it read "CBS StatLine 47018NED … 2025 (voorlopig)"
    beside a value that table does not hold); the form asks for the new figure's own source."""
    from ivb.store.models import ImportBatch

    opened = old.batch is not None and old.batch.kind == ImportBatch.Kind.OPEN_DATA
    return {"series": old.series.key, "period": parse_period(old.period).label, "value": format_input(old.value),
            "status": old.status, "source": "" if opened else old.source,
            "document": "" if opened else old.source_document, "reference": "" if opened else old.source_reference,
            "margin": format_input(old.margin) if old.margin is not None else "", "note": old.note}


@login_required
def observations_template(request, code):
    """The spreadsheet to fill in for an import: the same file `ivb observations template` writes."""
    import io

    from django.http import HttpResponse

    from ivb.store.template import write_template

    area = require(request.user, code, ENTER_FIGURES).municipality
    out = io.BytesIO()
    write_template(out, area, only_area=True)  # the page's upload takes this municipality's figures only
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="ivb-sjabloon-cijfers.xlsx"'
    return response


def _observation_form(request, membership, old, initial):
    from ivb.store.entry import enter_observation

    area = membership.municipality
    form = ObservationForm(request.POST or None, initial=initial, area=area)
    if old is not None:
        _keep_series_and_period(form)
        form.fields["reason"].help_text = _("Verplicht: waarom het cijfer van nu wordt vervangen.")
        if not initial["source"] and old.source:  # read from open data: say where it came from, ask for the new
            form.fields["source"].help_text = _("Het cijfer van nu komt uit de open data (%(source)s). Geef de bron "
                                                "van het gecorrigeerde cijfer.") % {"source": old.source}
    if request.method == "POST" and form.is_valid():
        data = form.as_service_data()
        if old is not None:  # the stored series and period, not their words in the reader's language
            data |= {"series": old.series.key, "period": old.period}
        result = enter_observation(area, data, actor_name=request.user.username, user=request.user,
                                   reason=form.cleaned_data["reason"])
        if not result.errors:
            obs = result.observation
            word = _("gecorrigeerd") if result.replaced else _("opgeslagen")
            messages.success(request, _("%(series)s %(period)s: %(done)s.") % {"series": obs.series.name, "period": parse_period(obs.period).label, "done": word})
            if result.unusual:  # stored, but far out of line: the one who entered it is asked to check it, on
                messages.warning(request, _("Let op: %(words)s.") % {"words": result.unusual})  # the figure's page
                return _series_in_year(area, obs.series_id, obs.period_end.year)
            if result.replaced:  # back to the figure's history, in its year, where the correction stands beside it
                return _series_in_year(area, obs.series_id, obs.period_end.year)
            if request.POST.get("verder"):  # the next month of the same series (walk BR: twelve figures on a phone)
                kept = {name: data.get(field) or "" for name, field in NEXT_FIGURE.items()}
                return redirect(reverse("observation_new", args=[area.code]) + "?" + urlencode(kept))
            return redirect("dashboard", code=area.code, year=obs.period_end.year)
        for name, errors in result.errors.items():
            for error in errors:
                form.add_error(None if name == "__all__" else name, error)
    return _correction_page(request, membership, form, old, WithdrawForm())


def _keep_series_and_period(form) -> None:
    """A correction replaces its figure: series and period stay. A figure of the wrong period or series is
    withdrawn (below the form) and entered anew; changing them here stored a second figure."""
    for name in ("series", "period"):
        form.fields[name].disabled, form.fields[name].required, form.fields[name].help_text = True, False, ""
    form.fields["period"].help_text = _("Een correctie houdt reeks en periode. Hoort het cijfer bij een andere "
                                        "periode of reeks? Trek het hieronder in en voer het opnieuw in.")


def _correction_page(request, membership, form, old, withdraw):
    from ivb.store.picture import region_uses

    shared = [{"name": name, "others": listed(others)}
              for name, others in region_uses(membership.municipality, old.series.key, old.period_end.year)] if old else []
    return render(request, "ivb/observation_form.html", {"area": membership.municipality, "membership": membership,
                                                         "form": form, "old": old, "withdraw": withdraw, "shared": shared,
                                                         "old_period": parse_period(old.period).label if old else ""})


@login_required
def observation_withdraw(request, code, pk):
    """Take a wrong figure out without a successor (`store.entry.withdraw_observation`)."""
    from ivb.store.entry import withdraw_observation

    membership = require(request.user, code, ENTER_FIGURES)
    area = membership.municipality
    old = get_object_or_404(Observation.objects.select_related("series", "area"), pk=pk, area=area)
    if old.superseded_at is not None:
        return _moved_on(request, old)
    if request.method != "POST":
        return redirect("observation_correct", code=code, pk=pk)
    withdraw = WithdrawForm(request.POST)
    if withdraw.is_valid():
        result = withdraw_observation(area, old.pk, withdraw.cleaned_data["reason"],
                                      actor_name=request.user.username, user=request.user)
        if not result.errors:
            messages.success(request, _("%(series)s %(period)s: ingetrokken.") % {
                "series": old.series.name, "period": parse_period(old.period).label})
            return _series_in_year(area, old.series_id, old.period_end.year)
        for name, errors in result.errors.items():
            for error in errors:
                withdraw.add_error(None if name == "__all__" else name, error)
    form = ObservationForm(initial=_initial(old), area=area)
    _keep_series_and_period(form)
    return _correction_page(request, membership, form, old, withdraw)


@login_required
def observations_upload(request, code):
    from ivb.domain.problem_groups import SCREENFUL
    from ivb.store.observation_import import import_observations

    membership = require(request.user, code, ENTER_FIGURES)
    area = membership.municipality
    form = UploadForm(request.POST or None, request.FILES or None)
    report, groups, token = None, [], None
    if request.method == "POST" and form.is_valid():
        from ivb.web.upload_problems import keep

        upload = form.cleaned_data["file"]
        report = import_observations(upload.name, upload.read(), actor_name=request.user.username,
                                     user=request.user, allowed_areas={area.code},
                                     encoding=form.cleaned_data.get("encoding") or "utf-8")
        if not report.ok:
            # A screenful on the page, grouped by kind; every problem in the download.
            groups = report.groups()
            try:
                token = keep(request, area.code, report)
            except OSError:  # no room for the list: the page still shows the groups, without the download
                token = None
    return render(request, "ivb/upload.html", {"area": area, "membership": membership, "form": form,
                                               "report": report, "groups": groups[:SCREENFUL],
                                               "unusual": list(zip(report.unusual, report.unusual_at, strict=True))
                                               if report is not None else [],
                                               "more_groups": max(len(groups) - SCREENFUL, 0),
                                               "few": report is not None and len(report.problems) <= SCREENFUL,
                                               "problems_token": token})


# ------------------------------------------------------------------------------------- policy versions

def _skeleton_period(area) -> tuple[int, int]:
    """The four years after the municipality's newest policy, or from this year without one."""
    newest = area.policies.order_by("-period_end").first()
    start = newest.period_end + 1 if newest is not None else dt.date.today().year
    return start, start + 3


@login_required
def policy_skeleton(request, code):
    """The file to fill in for a new policy of this municipality: the one `ivb policy new` writes (walk U: the
    upload page sent a web user to a command they cannot run)."""
    from django.http import HttpResponse

    from ivb.domain.policy_skeleton import skeleton

    from ivb.store.series_catalogue import catalogue as series_catalogue

    area = require(request.user, code, MANAGE_POLICY).municipality
    start, end = _skeleton_period(area)
    known = [(d.key, d.name, d.unit) for d in (e.definition for _k, e in sorted(series_catalogue().entries.items()))]
    response = HttpResponse(skeleton([area.code], start, end, {area.code: area.name}, series=known, for_web=True),
                            content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="beleid-{area.code}-{start}-{end}.yaml"'
    return response


@login_required
def policy_file(request, code, start, end):
    """The current version of a stored policy as its file, to change and upload again: a coordinator amending the
    running policy was offered only the empty file of the next one (walk AO)."""
    from django.http import HttpResponse

    from ivb.store.policies import document_yaml

    area = require(request.user, code, MANAGE_POLICY).municipality
    policy = get_object_or_404(area.policies, period_start=start, period_end=end)
    response = HttpResponse(document_yaml(policy), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="beleid-{area.code}-{start}-{end}.yaml"'
    return response


def _outside_lifetime(policy) -> list[str]:
    """`store.policies.outside_lifetime` of the file, as `ivb policy validate` says it, without the line."""
    from ivb.store.policies import outside_lifetime

    return [message for _where, message in outside_lifetime(list(policy.municipalities), policy.period)]


@login_required
def policy_upload(request, code):
    """A coordinator uploads a new version, sees the differences with the current one, and confirms.

    The uploaded text waits in the session (not in the store) until it is confirmed or abandoned."""
    from ivb.domain.policy import policy_text, validate_text
    from ivb.domain.policy_diff import sentences
    from ivb.store.policies import target_doubts, validate_for_store
    from ivb.domain.encoding import EncodingProblem
    from ivb.web.forms import PolicyUploadForm

    membership = require(request.user, code, MANAGE_POLICY)
    area = membership.municipality
    form, problems, changes, pending = PolicyUploadForm(request.POST or None, request.FILES or None), [], None, None
    refused = False  # the file is fine, the user's rights are not: headed as such, not as a bad file (walk AJ)
    if request.method == "POST" and "confirm" in request.POST:
        return _policy_confirm(request, membership)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = policy_text(upload.read())
        except EncodingProblem as exc:
            text = None
            problems = [f"{upload.name}: {exc}"]
        if text is not None:
            validation = validate_text(text)
            if not validation.ok:
                problems = [p.render(upload.name) for p in validation.problems]
            elif lifetime := _outside_lifetime(validation.policy):
                # Before "not for you" and "not yours to manage" (walk BW: a file naming Boxmeer, merged into Land van
                # Cuijk, read "in orde, maar u mag het beleid niet beheren voor Boxmeer").
                problems = [f"{upload.name}: {message}" for message in lifetime]
            elif code not in validation.policy.municipalities:
                problems = [_("dit beleid is niet voor %(name)s (%(code)s)") % {"name": area.name, "code": code}]
            elif others := _without_policy_right(request.user, validation.policy.municipalities):
                names = dict(Area.objects.filter(code__in=others).values_list("code", "name"))
                problems = [_("het bestand is in orde, maar u mag het beleid niet beheren voor %(names)s. Een "
                              "beleid van meer gemeenten slaat alleen iemand op die het beleid van elk daarvan mag "
                              "beheren; vraag dat aan de beheerder, of laat een coördinator van die gemeenten het "
                              "opslaan") % {
                    "names": listed([f"{names.get(c, c)} ({c})" for c in others])}]
                refused = True
            elif not (stored := validate_for_store(text)).ok:  # the store's rules, as `ivb policy import`
                problems = [p.render(upload.name) for p in stored.problems]
            else:
                current = _current_for(area, validation.policy)
                changes = sentences(current, validation.policy) if current else None
                pending = validation.policy
                request.session["pending_policy"] = {"code": code, "name": upload.name, "text": text}
    from ivb.domain.policy_skeleton import unfilled, unfilled_sentence

    # A first policy has no differences to show: what it holds is said instead (walk of 4 December).
    holds = None
    if pending is not None and changes is None:
        indicators = [i for _owner, i in pending.all_indicators()]
        holds = {"priorities": len(pending.priorities), "indicators": len(indicators),
                 "targets": sum(i.target is not None for i in indicators)}
    return render(request, "ivb/policy_upload.html", {"area": area, "membership": membership, "form": form,
                                                      "problems": problems, "refused": refused, "changes": changes, "pending": pending,
                                                      "holds": holds, "shared_with": _partners_of(pending, area),
                                                      "unfilled": unfilled_sentence(unfilled(pending)) if pending else "",
                                                      "doubts": target_doubts(pending) if pending else [],
                                                      "skeleton_period": _skeleton_period(area),
                                                      "stored": [(p.period_start, p.period_end, reverse(
                                                          "policy_file", args=[area.code, p.period_start, p.period_end]))
                                                                 for p in area.policies.order_by("-period_end")],
                                                      "skeleton_url": reverse("policy_skeleton", args=[area.code])})


def _partners_of(pending, area) -> str:
    """'Stichtse Vecht en De Ronde Venen': the other municipalities of a joint policy, whom a change binds too
    (walk AN: the confirm screen did not say so)."""
    from ivb.domain.i18n import listed

    if pending is None or len(pending.municipalities) < 2:
        return ""
    names = dict(Area.objects.filter(code__in=pending.municipalities).values_list("code", "name"))
    return listed([names.get(c, c) for c in pending.municipalities if c != area.code])


def _without_policy_right(user, codes) -> list[str]:
    """The municipalities of a (joint) policy for which the user may not manage the policy."""
    from ivb.accounts.models import Membership
    from ivb.accounts.permissions import allows

    roles = {m.municipality.code: m.role for m in
             Membership.objects.filter(user=user, municipality__code__in=codes).select_related("municipality")}
    return sorted(c for c in codes if not allows(roles.get(c, ""), MANAGE_POLICY))


def _current_for(area, doc):
    policy = area.policies.filter(period_start=doc.period.start, period_end=doc.period.end).first()
    return current_document(policy) if policy else None


def _policy_confirm(request, membership):
    from ivb.domain.policy import validate_text
    from ivb.store.policies import PolicyStoreError, import_policy

    pending = request.session.get("pending_policy")
    area = membership.municipality
    if not pending or pending["code"] != area.code:
        messages.error(request, _("Er staat geen bestand klaar; upload het opnieuw."))
        return redirect("policy_upload", code=area.code)
    validation = validate_text(pending["text"])  # checked again: nothing unchecked reaches the store
    if not validation.ok or _without_policy_right(request.user, validation.policy.municipalities):
        messages.error(request, _("Er staat geen bestand klaar; upload het opnieuw."))
        return redirect("policy_upload", code=area.code)
    try:
        version, created = import_policy(validation.policy, filename=pending["name"], actor_name=request.user.username,
                                         user=request.user)
    except PolicyStoreError as exc:
        messages.error(request, str(exc))
        return redirect("policy_upload", code=area.code)
    del request.session["pending_policy"]
    messages.success(request, _("Versie %(n)s opgeslagen.") % {"n": version.number} if created else _("Geen wijzigingen; niets opgeslagen."))
    return redirect("policy", code=area.code)
