"""The tables of the pages as rows of plain values, for download as CSV or XLSX (issue 13).

Each builder reads the same objects its page shows (the cached safety picture, the national position, the
peer groups, the linked sources, the annual plan), and the plan, sources and indicator pages take their rows
from here, so a download cannot disagree with the page. Every download says what it is, for which
municipality and year, when it was downloaded, and per figure its status (voorlopig/definitief) and source.

CSV is written for Dutch Excel: ';' between cells, UTF-8 with a byte-order mark (without it Excel reads
UTF-8 as Windows-1252), a decimal comma and no thousands separator, so numbers open as numbers. XLSX holds
numbers as numbers. Text that a spreadsheet would take for a formula (=, +, -, @) is kept as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ivb.domain.numbers import format_number
from ivb.domain.opendata_tables import source_words
from ivb.domain.periods import parse as parse_period

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A table of stored figures in the order a reader counts: by the day a period ends, the shorter first, so the months
# come before the quarter or the "t/m november" they add up to (walk BD: "2026 t/m november" stood after "januari").
HISTORY_ORDER = ("period_end", "-period_start", "recorded_at", "pk")
FORMULA_FIRST = frozenset(FORMULA_START)


@dataclass
class Table:
    title: str
    sheet: str  # the XLSX sheet name (at most 31 characters)
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    about: list[str] = field(default_factory=list)  # lines under the title: municipality, year, downloaded on
    notes: list[str] = field(default_factory=list)  # lines under the table


@dataclass(frozen=True)
class Rounded:
    """A number with a fixed number of decimals, as the page shows it: a rate of 1,0 per 1.000 stays "1,0" in a
    download, not "1" beside another's "0,98" (walk BS). A number cell in XLSX, with that many decimals shown."""

    value: float
    places: int

    def __str__(self) -> str:
        return f"{round(self.value, self.places):.{self.places}f}".replace(".", ",")


def about(area, year: int | None = None) -> list[str]:
    lines = [_("Gemeente: %(name)s (%(code)s)") % {"name": area.name, "code": area.code}]
    if year is not None:
        lines.append(_("Jaar: %(year)s") % {"year": year})
    lines.append(_("Gedownload op: %(when)s") % {"when": date_format(timezone.localtime(), "j F Y H:i")})
    return lines


# ------------------------------------------------------------------------------------------ serialising

def _plain(value):
    if isinstance(value, Rounded):
        return round(value.value, value.places)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    return value


def _local(moment: dt.datetime) -> dt.datetime:
    """A stored moment as the reader's clock shows it, without its zone: a spreadsheet's date cell holds none."""
    return timezone.localtime(moment).replace(tzinfo=None)


def _csv_cell(value) -> str:
    if value.__class__ is str:  # the common case first: a large problem list has 600,000 cells
        return "'" + value if value[:1] in FORMULA_FIRST else value
    if value is None:
        return ""
    if isinstance(value, Rounded):
        return str(value)
    if isinstance(value, dt.datetime):  # as Dutch Excel reads a date and time (before date: a datetime is a date)
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    value = _plain(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
        return text.replace(".", ",")
    return _csv_cell(str(value))


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([table.title])
    for line in table.about:
        writer.writerow([line])
    writer.writerow([])
    writer.writerow(table.columns)
    writer.writerows([_csv_cell(v) for v in row] for row in table.rows)
    if table.notes:
        writer.writerow([])
        for line in table.notes:
            writer.writerow([line])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook opens on its one worksheet
    sheet.title = "".join(c for c in table.sheet if c not in "[]:*?/\\")[:31] or "Tabel"
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=13)
    for line in table.about:
        sheet.append([line])
    sheet.append([])
    sheet.append(table.columns)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_plain(v) for v in row])
        for cell, value in zip(sheet[sheet.max_row], row, strict=False):
            if isinstance(value, Rounded):
                cell.number_format = "0." + "0" * value.places if value.places else "0"
            elif isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"  # text, never a formula
            elif isinstance(cell.value, dt.datetime):  # a date a reader can sort and filter (walk BS: it was text)
                cell.number_format = "dd-mm-yyyy hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "dd-mm-yyyy"
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1).coordinate
    for line in table.notes:
        sheet.append([line])
    for i, name in enumerate(table.columns, start=1):
        width = max([len(str(name))] + [len(str(r[i - 1])) for r in table.rows[:500] if len(r) >= i and r[i - 1] is not None])
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------ dashboard

def _point_cells(point) -> list:
    """Period, value, margin, status, partial year for a picture's point (or empties): a survey figure's margin
    is part of what it says (walk BL: the rapportcijfer's ±0,1 was in no download)."""
    if point is None:
        return ["", None, None, "", ""]
    # A quarter or a month is part of a year too, as the figures download says (walk BO: a survey's "2e kwartaal
    # 2026" read "ja" there and "nee" here).
    return [point.period.label, point.value, point.margin, point.status,
            _("nee") if point.period.kind == "year" else _("ja")]


def _verdict(sp) -> str:
    return sp.verdict_words if sp else ""


def _year_headers() -> list[str]:
    """The whole year expected beside a figure of part of a year (walk AZ: the downloads had only the months)."""
    return [_("Heel jaar verwacht"), _("Heel jaar verwacht, 80%-interval van"), _("Heel jaar verwacht, 80%-interval tot")]


def _year_cells(sp, point) -> list:
    """Expected, low and high of the whole year where `point` of `sp` is part of a year; empties otherwise."""
    under_way = sp.this_year if sp is not None and point is not None and point.period.is_partial_year else None
    if under_way is None:
        return [None, None, None]
    return [round(under_way.expected), round(under_way.low), round(under_way.high)]


def _projection_headers() -> list[str]:
    """The projection a status rests on, as numbers (walk BO: 368 (236–543) and 48% were only in the words)."""
    return [_("Verwachting voor"), _("Verwachting"), _("Verwachting, interval van"), _("Verwachting, interval tot"),
            _("Kans doel gehaald (%)")]


def _projection_cells(projection) -> list:
    """Year, expected, interval and printed chance of a status's projection; empties without one. The interval is
    the 80%-interval, or of a small count the band holding it with at least 80% chance (the page's words say which)."""
    if projection is None:
        return [None, None, None, None, None]
    whole = 1 if projection.level else 0
    chance = round(projection.chance_shown * 100) if projection.chance_shown is not None else None
    return [projection.year, round(projection.expected, whole), round(projection.low), round(projection.high), chance]


def dashboard_indicators(area, year, picture) -> Table:
    """Every indicator of the policy (objectives, priorities, other themes) with its newest figure, and its status
    with the page's words on it."""
    from ivb.domain.i18n import _ as domain_
    from ivb.domain.overview import reason_sentence

    table = Table(_("Indicatoren van het beleid – %(name)s %(year)s") % {"name": area.name, "year": year},
                  _("Indicatoren"),
                  [_("Onderdeel"), _("Indicator"), _("Periode"), _("Waarde"), _("Eenheid"), _("Marge"), _("Status"),
                   _("Deel van het jaar"), *_year_headers(), _("Trend"), _("Doel"), _("Stand"), _("Stand over"),
                   *_projection_headers(), _("Toelichting bij de stand"), _("Bron")],
                  about=about(area, year))
    if picture is None:
        return table
    parts = [(_("Algemene doelstellingen"), picture.objectives),
             *[(f"{n}. {title}", items) for n, (_k, title, items) in enumerate(picture.priorities, start=1)],
             *[(title, items) for _k, title, items in picture.other_themes]]
    for part, items in parts:
        for i in items:
            latest = i.series.latest if i.series else None
            source = (latest.source or i.series.source) if latest else ""
            if i.region and i.series:
                source = f"{_('Regiocijfer')}: {i.series.method}"
            table.rows.append([part, i.name, *_point_cells(latest)[:2], _unit_words(i.unit),
                               *_point_cells(latest)[2:], *_year_cells(i.series, latest), _verdict(i.series),
                               # the page's words: which year the status is about, its chance, its baseline
                               # (walk BJ: "op koers" beside a 2025 figure was about 2026)
                               i.target, domain_(i.status.status), i.status.about or "",
                               *_projection_cells(i.status.projection), reason_sentence(i), source])
    if picture.policy:
        table.notes.append(_("Beleid: %(policy)s (%(period)s).") % {"policy": picture.policy,
                                                                      "period": picture.policy_use.period})
    return table


def dashboard_series(area, year, picture) -> Table:
    """The page's 'Alle cijfers' table: every series of the policy with its newest figure and trend, as the page
    shows them: a newer figure of a linked series with that series's trend and source (walk of 4 December: the
    download gave the policy's 2019 figure where the page gave the police's 2025 one)."""
    from ivb.domain.overview import newest_figure

    table = Table(_("Alle cijfers van %(name)s – %(year)s") % {"name": area.name, "year": year}, _("Alle cijfers"),
                  [_("Reeks"), _("Periode"), _("Waarde"), _("Eenheid"), _("Marge"), _("Status"), _("Deel van het jaar"),
                   *_year_headers(), _("Trend"), _("Bron")], about=about(area, year))
    for s in (picture.policy_series if picture else []):
        figure = newest_figure(picture, s)
        shown = figure.series if figure else s
        cells = _point_cells(shown.latest)
        table.rows.append([s.name, *cells[:2], _unit_words(s.unit), *cells[2:], *_year_cells(shown, shown.latest),
                           _verdict(shown), figure.source if figure else s.source])
    return table


def _unit_words(unit: str) -> str:
    """The unit as the page says it under a figure ("aantal", "%", "rapportcijfer (1-10)")."""
    from ivb.domain.units import UNITS

    label = UNITS.get(unit, ("",))[0]
    return _(label) if label else ""


def dashboard_monitored(area, year, picture) -> Table:
    """The page's monitored figures of police and CBS, with the rate per 1,000 and its rank."""
    table = Table(_("Gevolgde cijfers van politie en CBS – %(name)s %(year)s") % {"name": area.name, "year": year},
                  _("Gevolgde cijfers"),
                  [_("Reeks"), _("Periode"), _("Waarde"), _("Eenheid"), _("Marge"), _("Status"), _("Deel van het jaar"),
                   *_year_headers(), _("Trend"), _("Per 1.000 inwoners"), _("Plaats"), _("Van"), _("Bron")],
                  about=about(area, year))
    for s in (picture.monitored if picture else []):
        c = s.comparison
        cells = _point_cells(s.latest)
        table.rows.append([s.name, *cells[:2], _unit_words(s.unit), *cells[2:], *_year_cells(s, s.latest), _verdict(s),
                           Rounded(c.subject.per_1000, c.decimals) if c else None, *((c.rank, c.of) if c and c.of > 1 else (None, None)),
                           (s.latest.source if s.latest else "") or s.source])
    if any(row[-2] for row in table.rows):  # what "Plaats" and "Van" count, as the page and the report say (walk BS)
        from ivb.report.content import rank_group

        table.notes.append(rank_group(area, year) + " " + _("Plaats 1 heeft het hoogste cijfer per 1.000 inwoners."))
    return table


NATIONAL_SOURCE = "Politie (via CBS), tabel 47018NED; inwoners: CBS, 70072ned"


def dashboard_national(area, year) -> Table:
    """The municipality beside its neighbours, police unit and country: the index and rates per 1,000."""
    from ivb.store.national import national_rate_decimals, position

    found = position(area, year)
    types = found["types"] if found else []
    table = Table(_("Vergelijking met buren, eenheid en land – %(name)s %(year)s") % {"name": area.name, "year": year},
                  _("Vergelijking"),
                  [_("Gebied"), _("Soort"), _("Plaats"), _("Misdaadindex"),
                   *[_("%(type)s per 1.000 inwoners") % {"type": t.name} for t in types],
                   _("Status"), _("Bron"), _("Toelichting")], about=about(area, year))
    if found is None:
        table.notes.append(_("Geen vergelijkingscijfers voor dit jaar."))
        return table
    places = national_rate_decimals(found)
    for line in found["lines"]:
        provisional = line["name"].endswith("*")
        table.rows.append([line["name"].rstrip("*"), _(line["kind"]), line["rank"],
                           Rounded(line["index"], 0) if line["index"] is not None else None,  # as the page: 69
                           *[Rounded(line["rates"][t.code], places[t.code]) if t.code in line["rates"] else None
                             for t in types],
                           "voorlopig" if provisional else "definitief", NATIONAL_SOURCE,
                           # the page's words on an index resting on few crimes, beside it here too (walk BV)
                           " ".join(filter(None, [line["note"], found["chance_words"] if line["subject"] else ""]))])
    if found["alone"]:
        table.notes.append(_("Geen misdaadindex en geen plaats: IVB heeft van geen andere gemeente en niet van heel "
                             "Nederland cijfers over dit jaar."))
    else:
        table.notes.append(_("Misdaadindex: %(base)s = 100; plaats 1 heeft de hoogste index.") % {"base": found["baseline"]})
    return table


# ------------------------------------------------------------------------------------------ indicator

def indicator_observations(area, year, found) -> list:
    """The observations behind an indicator, superseded ones included, oldest first; for a region figure the
    members' figures (they are its provenance)."""
    from ivb.store.picture import chosen_policy, published_by_partners

    if not found.indicator.series:
        return []
    areas = [area]
    if found.region:
        policy, _use = chosen_policy(area, year)
        areas = list(policy.municipalities.all()) if policy is not None else [area]
    return list(published_by_partners(area, areas, found.indicator.series).select_related("batch", "area", "withdrawal__withdrawn_by", "recorded_by")
                .order_by(*HISTORY_ORDER[:2], "area__name", *HISTORY_ORDER[2:]))


def judgements_table(area, year, found) -> Table:
    """A qualitative target's judgements, as its page lists them (walk AP: the download held only its header)."""
    from ivb.store.evidence import judgements

    table = Table(_("%(indicator)s – %(name)s, oordelen") % {"indicator": found.name, "name": area.name},
                  _("Oordelen"), [_("Datum"), _("Over"), _("Oordeel"), _("Waarop het rust"), _("Vindplaats"),
                                   _("Vastgelegd door"), _("Vastgelegd op")], about=about(area, year))
    for e in judgements(area, found.key, year):
        table.rows.append([e.date, e.about, _(e.status), e.summary, e.document, e.maker, _local(e.recorded_at)])
    table.notes.append(_("Doel: %(target)s.") % {"target": found.target})
    return table


def indicator_table(area, year, found, observations) -> Table:
    table = Table(_("%(indicator)s – %(name)s, cijfers en herkomst") % {"indicator": found.name, "name": area.name},
                  _("Cijfers en herkomst"),
                  [_("Periode"), _("Gebied"), _("Waarde"), _("Marge"), _("Status"), _("Deel van het jaar"), _("Bron"),
                   _("Document"), _("Vindplaats"), _("Vastgelegd door"), _("Vastgelegd op"), _("Import"),
                   _("Vervangen"), _("Reden")], about=about(area, year))
    if found.region and found.series is not None:  # the region's figures first, as on the page (walk AN)
        for p in found.series.points:
            table.rows.append([p.period.label, _("Regio"), p.value, p.margin if p.margin is not None else "", p.status,
                               _("nee") if p.period.kind == "year" else _("ja"), found.series.method,
                               "", "", "", "", "", "", ""])
    for o in observations:
        period = parse_period(o.period)
        withdrawn = o.superseded_at is not None and o.superseded_by_id is None
        state = _("ingetrokken") if withdrawn else _("ja") if o.superseded_at else _("nee")
        reason = o.withdrawal.reason if withdrawn else o.correction_reason
        table.rows.append([period.label, o.area.name, o.value, o.margin if o.margin is not None else "", o.status,
                           # a month is part of a year too (walk BA: "nee" beside each month read as wrong)
                           # The source and place in the words the page gives them (walk BO: "…, 2022JJ00", a
                           # StatLine code, in the download where the page says "…, 2022").
                           _("nee") if period.kind == "year" else _("ja"), source_words(o.source), o.source_document,
                           source_words(o.source_reference), _maker(o, area), _local(o.recorded_at),
                           o.batch.filename if o.batch else "", state, reason])
    table.notes.append(_("Doel: %(target)s.") % {"target": found.target})
    sp = found.series
    if sp is not None and sp.latest is not None and sp.latest.period.is_partial_year and sp.this_year is not None:
        # Walk BA: the months were listed, but not what they add up to or what the whole year is expected to be.
        table.notes.append(_("%(period)s: %(value)s; heel %(year)s naar verwachting ongeveer %(expected)s "
                             "(80%%-interval %(low)s–%(high)s).") % {
            "period": sp.latest.period.label, "value": format_number(sp.latest.value, "count"),
            "year": sp.this_year.year, **{k: format_number(round(v), "count") for k, v in (
                ("expected", sp.this_year.expected), ("low", sp.this_year.low), ("high", sp.this_year.high))}})
    return table


def _maker(o, area) -> str:
    """Who recorded a figure, as its provenance on the page reads: the full name, or "de opdrachtregel"; a
    partner's figure by the partner's name, not its staff's (their names are not for another council's readers)."""
    if o.area_id != area.pk and not o.is_open_data:
        return _("de gemeente %(name)s") % {"name": o.area.name}
    return o.maker


# ------------------------------------------------------------------------------------------ peers

def peers_table(area, year) -> Table:
    """Every comparison group with its members and their inhabitants (the basis of the size class)."""
    from ivb.store.areas import peer_groups
    from ivb.store.models import Observation

    groups = peer_groups(area, year)
    codes = {m.code for g in groups for m in g.members}
    people = {}
    for code, value, status, source, period in (
            Observation.objects.filter(series__key="cbs.inwoners", area__code__in=codes, superseded_at__isnull=True,
                                       period_kind="year", period_start__year__lte=year)
            .order_by("period_start").values_list("area__code", "value", "status", "source", "period")):
        people[code] = (value, status, source, period)
    table = Table(_("Vergelijkingsgroepen van %(name)s") % {"name": area.name}, _("Vergelijkingsgroepen"),
                  [_("Groep"), _("Gemeente"), _("Code"), _("Inwoners"), _("Peiljaar inwoners"), _("Status"), _("Bron")],
                  about=about(area, year))
    for g in groups:
        for m in g.members:
            population, status, source, period = people.get(m.code, (None, "", "", ""))
            table.rows.append([g.label, m.name, m.code, population, period, status, source])
    return table


# ------------------------------------------------------------------------------------------ sources

def own_sources(area) -> list[dict]:
    """The municipality's own series (its policy's, then those it entered figures for) with their source, what
    figures it has and what is linked to each; per linked series with figures the periods side by side, and for
    one without figures a true reason. Names come from the database or IVB's catalogue, never a key."""
    from django.utils.translation import ngettext

    from ivb.store.links import describe, figures, links, other_sources, own_series, policy_series, side_by_side

    own = own_series(area)
    in_policy = set(policy_series(area))
    current = links(area)
    linked = {k: current.get(k, []) for k in own}
    names = describe([*own, *[o for others in linked.values() for o in others]])
    found = figures(area, own)
    out = []
    for key in own:
        count, first, last, years = found.get(key, (0, "", "", {}))
        given = other_sources(names[key][1], years)
        # Two figures are two periods, not a run: "2023 en 2025", not "2023 tot en met 2025" (walk T).
        held = ((_("%(n)s cijfers: %(first)s en %(last)s") if count == 2 else
                 ngettext("%(n)s cijfer: %(first)s", "%(n)s cijfers: %(first)s tot en met %(last)s", count))
                % {"n": count, "first": first, "last": last}) if count else _absent(area, key)
        tables = side_by_side(area, key, current) if linked[key] else []
        with_figures = {t["series"].key for t in tables}
        missing = [(names[o][0], _absent(area, o)) for o in linked[key] if o not in with_figures]
        source = ("; ".join(f"{s} ({y})" for s, y in given) if len(given) > 1 else given[0][0]) if given else names[key][1]
        out.append({"key": key, "name": names[key][0], "source": source, "in_policy": key in in_policy,
                    "figures": held, "others": [(o, names[o][0]) for o in linked[key]], "tables": tables,
                    "missing": missing})
    return out


def _absent(area, key: str) -> str:
    """Why a series has no figures for this municipality, as far as IVB can tell."""
    from ivb.store.links import imported_from_source
    from ivb.store.picture import is_open_data_key

    if not is_open_data_key(key):
        return _("geen cijfers van deze gemeente")
    if imported_from_source(area, key):
        return _("deze soort staat niet in de ingelezen open data van deze gemeente")
    return _("uit deze bron is voor deze gemeente nog niets ingelezen")


def linked_sources(area, own: list[dict] | None = None) -> list[dict]:
    """The municipality's own series that have another source linked, with the periods side by side."""
    return [item for item in (own_sources(area) if own is None else own) if item["others"]]


def sources_table(area, linked) -> Table:
    table = Table(_("Bronnen naast elkaar – %(name)s") % {"name": area.name}, _("Bronnen naast elkaar"),
                  [_("Reeks van het beleid"), _("Andere bron"), _("Periode"), _("Waarde beleid"), _("Status beleid"),
                   _("Bron beleid"), _("Waarde andere bron"), _("Status andere bron"), _("Bron andere bron"),
                   _("Verschil")], about=about(area))
    for item in linked:
        for other in item["tables"]:
            for r in other["rows"]:
                mine, theirs = r["mine"], r["theirs"]
                table.rows.append([item["name"], other["series"].name, r["period"],
                                   mine.value if mine else None, mine.status if mine else "",
                                   mine.source if mine else "", theirs.value if theirs else None,
                                   theirs.status if theirs else "", theirs.source if theirs else "",
                                   r["difference"]])
    return table


# ------------------------------------------------------------------------------------------ annual plan

def plan_groups(area, year, by: str, priorities: dict[str, str], today: dt.date | None = None) -> tuple[list, list]:
    """The year's actions grouped per priority (the policy's order, then the rest) or per quarter, each as
    (action, overdue, theme text); and all actions."""
    from ivb.domain import catalogue
    from ivb.plan.services import actions_of

    today = today or dt.date.today()
    actions = list(actions_of(area, year).prefetch_related("notes"))
    if by == "kwartaal":
        groups = [(_("%(q)se kwartaal %(year)s") % {"q": q, "year": year}, [a for a in actions if a.due_quarter == q])
                  for q in range(1, 5)]
    else:
        groups = [(title, [a for a in actions if a.priority_key == key]) for key, title in priorities.items()]
        groups.append((_("Overige thema's"), [a for a in actions if a.priority_key not in priorities]))

    def theme(a) -> str:
        return f"{a.theme_code} {catalogue.theme(a.theme_code).name}" if a.theme_code else ""

    return [(title, [(a, a.is_overdue(today), theme(a)) for a in items]) for title, items in groups], actions


def plan_table(area, year, groups) -> Table:
    table = Table(_("Veiligheidsjaarplan %(year)s – %(name)s") % {"year": year, "name": area.name}, _("Jaarplan"),
                  [_("Groep"), _("Actie"), _("Thema"), _("Trekker"), _("Partners"), _("Gereed in kwartaal"),
                   _("Status"), _("Over tijd"), _("Vastgelegd door")], about=about(area, year))
    for title, rows in groups:
        for a, late, theme in rows:
            table.rows.append([title, a.title, theme, a.owner, ", ".join(a.partners), a.due_quarter, a.status,
                               _("ja") if late else _("nee"), a.created_by_name])
    return table


# ------------------------------------------------------------------------------------------ a refused upload

def problems_table(report) -> Table:
    """Every problem of a refused import, one per line (the page and the command show a screenful)."""
    return Table(_("Problemen in %(file)s") % {"file": report.filename}, _("Problemen"),
                 [_("Rij"), _("Kolom"), _("Soort"), _("Wat is er mis")],
                 [[p.row, p.column, p.kind, p.message] for p in report.problems],
                 about=[_("Bestand: %(file)s") % {"file": report.filename}, _("Er is niets opgeslagen."),
                        _("Gecontroleerd op: %(when)s") % {"when": date_format(timezone.localtime(), "j F Y H:i")}])
