"""What goes into the council report, built from the same safety picture the dashboard shows."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from ivb.domain import catalogue
from ivb.domain.i18n import _, listed
from ivb.domain.break_words import known_break_sentence, removed_break_sentence
from ivb.domain.compare import Rate, rate_decimals
from ivb.domain.overview import achieved, on_course, reason_sentence, status_figure, status_note, summary
from ivb.domain.picture import SafetyPicture
from ivb.domain.numbers import format_number, format_with_margin
from ivb.domain.opendata_tables import plain_series_name
from ivb.domain.periods import Period, month_name, parse as parse_period
from ivb.domain.narrative import counted_sentence
from ivb.domain.region import names_in_words
from ivb.domain.targets import between_words, chart_target, status_meanings
from ivb.domain.trend import Trend
from ivb.domain.vocabulary import Verdict
from ivb.store.models import Area, Observation
from ivb.store.picture import cached_picture, chosen_policy
from ivb.store.policies import current_document
from ivb.charts import NARROW, history_chart


@dataclass
class TableRow:
    name: str
    cells: list[str]
    verdict: str
    expected: str = ""  # the whole year expected where the last column is part of a year: "778 (743–814)"


@dataclass
class MonitoredRow:
    name: str
    cells: list[str]
    verdict: str
    rate: str  # per 1,000 inhabitants of the report's year with the rank among the peers, or "–"
    source: str
    expected: str = ""  # the whole year expected where the last column is part of a year, as `TableRow`


@dataclass
class PlanRow:
    """An action of the annual plan as the web plan page shows it: the status with "over tijd" when its quarter
    has passed unfinished, and the latest progress note."""
    title: str
    owner: str
    due: str  # "Q2"
    status: str  # "lopend, over tijd"
    note: str  # "3 december 2026: Eerste overleg gevoerd." or ""
    since: str = ""  # "toegevoegd na de vaststelling" or "gewijzigd na de vaststelling", when the plan was adopted


@dataclass
class SourceGroup:
    """The figures of one series (for one area) in the list of sources: where they come from, which periods they
    cover, which of those are provisional, and the figures themselves, in one entry instead of a line each."""
    name: str  # "Woninginbraken", or "Woninginbraken, Hillegom" for a member of a region
    provenance: str  # "Politie (via CBS), CBS StatLine 47018NED: Geregistreerde misdrijven; …"
    covered: str  # "2012–2025; voorlopig: 2025"
    figures: str  # "2012: 65 · 2013: 60 · …"


@dataclass(frozen=True)
class TargetRow:
    """A target in the report's overview (walk BL: the statuses stood only per indicator, over seven pages)."""

    part: str  # "Algemene doelstelling", or the priority's or theme's title
    name: str
    target: str
    figure: str  # "212 (2025)", or "" without one
    status: str  # "risico (voor 2026)": with the year it is about where the figure does not say


@dataclass
class ReportContent:
    area: Area
    year: int
    policy_title: str
    picture: SafetyPicture
    generated: dt.date
    years: list[tuple[int, str]]  # (year, column heading)
    table: list[TableRow]
    objectives: list
    priorities: list  # (title, indicators, note): a note says when a priority has no measurable targets
    improved: list[str]
    attention: list[str]
    actions: list
    other_themes: list  # (title, themes, description, indicators)
    sources: list[Observation]  # every figure used; frozen with an approved report
    caveats: list[str] = field(default_factory=list)
    notice: str | None = None  # the policy has expired, or there is none
    later_figures: str | None = None  # figures of years after the report's exist, which it does not count
    # the report's year has no figures yet, or only part of its months (walk BG): what the figures reach
    figures_until: str | None = None
    lifetime: str | None = None  # the municipality did not exist in this year: formed later, or merged away
    monitored_years: list[int] = field(default_factory=list)
    monitored_headers: list[str] = field(default_factory=list)  # the years as headed: "2026 (t/m september)"
    monitored: list[MonitoredRow] = field(default_factory=list)
    monitored_sources: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)  # neutral sentences on population and the like
    monitored_left_out: str = ""  # which earlier years the monitored table leaves out, and where they are
    table_notes: list[str] = field(default_factory=list)  # figures in the policy's table from a linked series
    rate_notes: list[str] = field(default_factory=list)  # what the rates per 1,000 and their ranks are
    monitored_empty: str = ""  # which monitored series have no figure in the years shown, left out
    achieved: list[str] = field(default_factory=list)  # things whose target was met (behaald)
    # every target of the policy on one line: its part, name, target, newest figure, status and the year it is about
    targets: list[TargetRow] = field(default_factory=list)
    on_course: list[str] = field(default_factory=list)  # things with a target on course, none met
    meanings: list[tuple[str, str]] = field(default_factory=list)  # what the statuses, intervals and chances mean
    approved: str = ""  # on the approved report's files: "vastgesteld op 4 december 2026 door …"
    plan_adopted: str = ""  # "Het jaarplan 2021 is vastgesteld door het college op …", when IVB holds the adoption
    # The dashboard's crime index (walks BO and BP: the report, the council's own copy, had none): its sentence,
    # rows of (area, what it is, index) and the notes under them
    index_text: str = ""
    index_rows: list[tuple[str, str, str]] = field(default_factory=list)
    index_notes: list[str] = field(default_factory=list)

    @property
    def monitored_source_line(self) -> str:
        """"Bron: X." or "Bronnen: X; Y.": one word for the list, not one per source."""
        word = _("Bron") if len(self.monitored_sources) == 1 else _("Bronnen")
        return f"{word}: {'; '.join(self.monitored_sources)}." if self.monitored_sources else ""

    @property
    def no_table_text(self) -> str:
        """Why there is no table of the policy's own figures: its indicators follow standard series (shown with
        the monitored figures), or measure no counts, or nothing of the policy has figures at all."""
        measured = [i.series for i in self.picture.indicators if i.series is not None and i.series.points]
        standard = any(s.monitored or s.linked for s in measured)
        if standard and any(s.unit != "count" and not s.monitored for s in measured):  # e.g. survey figures
            return _("De indicatoren van het beleid volgen standaardcijfers van politie en CBS (bij de gevolgde "
                     "cijfers hieronder) of zijn geen aantallen (in de samenvatting en bij de prioriteiten).")
        if standard:
            return _("De indicatoren van het beleid volgen standaardcijfers van politie en CBS; die staan bij de "
                     "gevolgde cijfers hieronder.")
        if measured:  # grades, percentages, a rank: no counts for this table
            return _("De indicatoren van het beleid zijn geen aantallen; hun cijfers staan in de samenvatting en bij "
                     "de prioriteiten.")
        return _("Er zijn geen cijfers van het beleid zelf opgeslagen; zie de gevolgde cijfers hieronder.")

    @property
    def table_elsewhere(self) -> str:
        """Beside a table of the policy's own counts: where the other measured indicators are, so that a table of
        one row does not read as all the policy measures (walk T)."""
        shown = {row.name for row in self.table}
        measured = [i.series for i in self.picture.indicators if i.series is not None and i.series.points]
        standard = any((s.monitored or s.linked) and s.name not in shown for s in measured)
        other_units = any(s.unit != "count" for s in measured)
        if standard and other_units:
            return _("De andere indicatoren van het beleid volgen standaardcijfers van politie en CBS (bij de "
                     "gevolgde cijfers hieronder) of zijn geen aantallen (in de samenvatting en bij de prioriteiten).")
        if standard:
            return _("De andere indicatoren van het beleid volgen standaardcijfers van politie en CBS; die staan bij "
                     "de gevolgde cijfers hieronder.")
        if other_units:
            return _("De andere indicatoren van het beleid zijn geen aantallen; hun cijfers staan in de samenvatting "
                     "en bij de prioriteiten.")
        return ""

    @property
    def rate_column(self) -> bool:
        """The column of rates per 1,000 is shown only when some row has one: a column of dashes says nothing."""
        return any(row.rate != "–" for row in self.monitored)

    @property
    def source_groups(self) -> list[SourceGroup]:
        return source_groups(self.sources, self.area)

    # The PDF's table of the policy's figures shows the last PDF_YEARS years only: more columns run off an A4
    # page. The DOCX and the web pages show them all.
    @property
    def pdf_years(self) -> list[tuple[int, str]]:
        return self.years[-PDF_YEARS:]

    @property
    def pdf_table(self) -> list[TableRow]:
        shown = len(self.pdf_years)
        return [replace(row, cells=row.cells[len(row.cells) - shown:]) for row in self.table]

    @property
    def expected_heading(self) -> str:
        """The heading of the column of the whole year expected, when a row has one (walk AZ: "580" under "2019
        (t/m september)" was the only figure of that year in the table)."""
        if not self.years or not any(row.expected for row in self.table):
            return ""
        return _("Heel %(year)s verwacht") % {"year": self.years[-1][0]}

    @property
    def monitored_expected_heading(self) -> str:
        """As `expected_heading`, for the monitored table (walk BA: "21* (t/m september)" stood there alone)."""
        if not self.monitored_years or not any(row.expected for row in self.monitored):
            return ""
        return _("Heel %(year)s verwacht") % {"year": self.monitored_years[-1]}

    @property
    def monitored_expected_note(self) -> str:
        return _expected_note(self.monitored_years[-1]) if self.monitored_expected_heading else ""

    @property
    def pdf_left_out(self) -> str:
        return _left_out([label for _y, label in self.years[:-PDF_YEARS]], PDF_YEARS)


# The monitored table shows the years of the trend beside it, seven (ADR 0035): walk CB read "99 89 82 85 78 92 dalend
# (2019–2025)" with 2019's 170, which made the fall, left out. Seven years fit an A4 page in the wide table's type.
MONITORED_YEARS = 7
PDF_YEARS = 8  # with the smaller type of a wide table, eight years of six-digit figures fit an A4 page


def build(area: Area, year: int) -> ReportContent:
    picture = cached_picture(area, year)
    policy, _use = chosen_policy(area, year)
    doc = current_document(policy) if policy is not None else None
    counts = [s for s in picture.policy_series if s.unit == "count" and s.points]
    newer = {s.key: _newer_linked(picture, s) for s in counts}
    # A joint plan's region counts get rows of their own, named as their indicators (walk AJ: the region's yearly
    # figures were in no table of the report, only in a chart).
    regional = list({i.series.key: i for i in picture.indicators
                     if i.region and i.series is not None and i.series.unit == "count" and i.series.points}.values())
    years = _year_headings([p for s in counts for p in s.points]
                           + [p for found in newer.values() for _link, p in found.values()]
                           + [p for i in regional for p in i.series.points])
    table, table_notes = _table(counts, newer, years)
    headed = dict(years)
    table += [TableRow(_("%(name)s (regio)") % {"name": i.name},
                       _cells(i.series, [y for y, _label in years], mark_provisional=True, headed=headed),
                       _verdict(i.series), _year_expected(i.series, years[-1][0])) for i in regional]
    if any(row.expected for row in table):
        table_notes.append(_expected_note(years[-1][0]))
    for needed, note in ((lambda row: any("*" in c for c in row.cells), _("* voorlopig cijfer.")),
                         (lambda row: "–" in row.cells, _("–: geen cijfer voor dat jaar."))):
        if regional and note not in table_notes and any(needed(row) for row in table):
            table_notes.append(note)
    if table and policy is not None and policy.municipalities.count() > 1:
        # A joint plan: the table holds this municipality's own figures; a region figure (the members together)
        # for the same label stands at its indicator (walk AF read "248" here and "974" there for one name).
        table_notes.insert(0, (_("De cijfers in deze tabel zijn die van de gemeenten samen.") if regional and not counts
                               # walk BB: "die van Teylingen, behalve de rijen '(regio)'" above region rows only
                               else _("De cijfers in deze tabel zijn die van %(name)s, behalve de rijen '(regio)': die "
                                      "zijn van de gemeenten samen.") if regional else
                               _("De cijfers in deze tabel zijn die van %(name)s; een regiocijfer (de gemeenten "
                                 "samen) staat bij zijn indicator.")) % {"name": area.name})
    indicators = picture.indicators
    improved, attention = summary(picture)  # the dashboard shows the same
    reached = achieved(picture)
    from ivb.plan.models import Action

    generated = dt.date.today()
    since = _since_adoption(area, year)
    actions = [_plan_row(a, generated, since.get(a.pk, "")) for a in Action.objects.filter(municipality=area, year=year)
               .prefetch_related("notes").order_by("due_quarter", "title")]
    used = {(area.code, s.key, p.period) for s in picture.series for p in s.points}
    # A region figure's sources are its members' figures.
    members = list(policy.municipalities.all()) if policy is not None else []
    used |= {(m.code, i.indicator.series, p.period) for i in indicators if i.region and i.series
             for p in i.series.points for m in members}
    sources = _figures_behind(used)
    all_monitored_years = sorted({p.period.year for s in picture.monitored for p in s.points})
    monitored_years = all_monitored_years[-MONITORED_YEARS:]
    themes = {key: items for key, _t, items in picture.other_themes}
    population = picture.population(year)
    monitored_headed = dict(_years(picture.monitored))
    every_row = [MonitoredRow(s.name, _cells(s, monitored_years, True, monitored_headed), _verdict(s),
                              _rate(s, year, population), s.source,
                              _year_expected(s, monitored_years[-1]) if monitored_years else "")
                 for s in picture.monitored if s.points]
    # A row without a figure in the years shown says nothing; its name is in a note, its figures in the sources.
    monitored = [row for row in every_row if any(c != "–" for c in row.cells)]
    empty = [row.name for row in every_row if row not in monitored]
    return ReportContent(
        area=area, year=year, policy_title=doc.title if doc else "", picture=picture, generated=generated,
        years=years, table=table, table_notes=table_notes, objectives=[_indicator(i) for i in picture.objectives],
        priorities=[(title, _under_headings([_indicator(i) for i in items]), picture.priority_notes.get(key))
                    for key, title, items in picture.priorities],
        improved=improved, attention=attention, achieved=reached, on_course=on_course(picture), actions=actions, plan_adopted=_plan_adopted(area, year),
        targets=_target_rows(picture),
        other_themes=[(t.title, ", ".join(catalogue.theme(c).code + " " + catalogue.theme(c).name for c in t.themes),
                       t.description or "", [_indicator(i) for i in themes.get(t.key, [])])
                      for t in (doc.other_themes if doc else [])],
        sources=sources, caveats=_caveats(picture, indicators), notice=picture.notice, meanings=status_meanings(),
        later_figures=_later_figures(area, year),
        figures_until=_figures_until(picture),
        lifetime=picture.lifetime,
        monitored_years=monitored_years,
        monitored_headers=[label for y, label in _years(picture.monitored) if y in monitored_years],
        monitored_left_out=_left_out([str(y) for y in all_monitored_years[:-MONITORED_YEARS]], MONITORED_YEARS),
        monitored=monitored, monitored_empty=_(
            "Zonder cijfer in deze jaren en daarom weggelaten: %(names)s.") % {"names": names_in_words(empty)}
        if empty else "", rate_notes=_rate_notes(monitored, picture, area, year, population),
        # The sources of the figures shown, not only the series' usual one: a figure entered by hand says its own.
        monitored_sources=sorted({p.source or s.source for s in picture.monitored for p in s.points
                                  if p.period.year in monitored_years}),
        context=[" ".join(s.sentences) for s in picture.context if s.sentences],
        **_crime_index(area, year))


def _crime_index(area: Area, year: int) -> dict:
    """The crime index as the dashboard gives it, in the words of its page: the municipality, its neighbours, police
    unit, size class and the country; nothing where there is no index (no figures, or only the municipality's)."""
    from ivb.store.national import position

    found = position(area, year)
    if found is None or found["alone"] or found["subject"].index is None:
        return {}
    subject = found["subject"]
    text = _("Misdaadindex van %(name)s: %(index)s (%(base)s = 100).") % {
        "name": area.name, "index": format_number(round(subject.index), "count"), "base": found["baseline"]}
    if found["chance_words"]:
        text += " " + found["chance_words"]
    if not subject.index_rank:
        text += " " + _("Te weinig inwoners voor een plaats in de rangorde.")
    elif found["indexed"] > 1:
        text += " " + _("Plaats %(rank)s van %(ranked)s %(among)s; plaats 1 heeft de hoogste index.") % {
            "rank": subject.index_rank, "ranked": found["indexed"], "among": found["ranked_among"]}
    rows = [(line["name"], _(line["kind"]) + (", " + _("plaats %(rank)s van %(of)s") % {
                "rank": line["rank"], "of": found["indexed"]} if line["rank"] else ""),
             format_number(round(line["index"]), "count") if line["index"] is not None else "–")
            for line in found["lines"]]
    notes = [f"{line['name']}: {line['note']}." for line in found["lines"] if line["note"]]
    notes.append(_("De index weegt %(n)s soorten misdrijven per 1.000 inwoners. Bron: Politie (via CBS), tabel "
                   "47018NED; inwoners: CBS.") % {"n": len(found["types"])}
                 + (" " + _("* voorlopig cijfer.") if found["provisional"] else ""))
    return {"index_text": text, "index_rows": rows, "index_notes": notes}


def _figures_until(picture) -> str | None:
    """Said on the first page where the report's year has no figure yet or only part of its months; a year with
    figures goes without (its title says it)."""
    words = picture.figures_until
    return None if not words or words == _("Cijfers tot en met %(year)s.") % {"year": picture.year} else words


def _later_figures(area: Area, year: int) -> str | None:
    """Walk BD: the 2025 report, made in December 2026, said "verwachting 2026: 195, kans 53%" where the 2026 page,
    with ten months of 2026, said 236 and 1%, and nothing told the council why. The report counts its own year and
    those before it; it says so when later figures exist, and where the newer picture is."""
    from ivb.plan.years import data_years

    later = [y for y in data_years(area) if y > year]
    if not later:
        return None
    values = {"year": year, "first": later[0], "newest": later[-1]}
    return (_("Dit rapport gaat over %(year)s en rekent met de cijfers tot en met %(year)s, ook in de verwachtingen "
              "en kansen. Er zijn al cijfers van %(newest)s; de stand met die cijfers erbij staat in het "
              "veiligheidsbeeld %(newest)s in IVB.") if len(later) == 1 else
            _("Dit rapport gaat over %(year)s en rekent met de cijfers tot en met %(year)s, ook in de verwachtingen "
              "en kansen. Er zijn al cijfers van %(first)s tot en met %(newest)s; de stand met die cijfers erbij "
              "staat in het veiligheidsbeeld %(newest)s in IVB.")) % values


def _figures_behind(used: set[tuple[str, str, Period]]) -> list[Observation]:
    """The stored figures behind the periods a report shows, by (area code, series key, period): the figure of
    that period, or, for a year the picture added up from months or quarters, the figures inside it."""
    codes = {code for code, _k, _p in used}
    stored = list(Observation.objects.filter(area__code__in=codes, superseded_at__isnull=True)
                  .select_related("series", "area").order_by("series__name", "area__name", "period_start"))
    exact = {(o.area.code, o.series.key, o.period) for o in stored}
    summed: dict[tuple[str, str], list[Period]] = {}  # periods shown that no single figure holds
    for code, key, period in used:
        if (code, key, period.code) not in exact:
            summed.setdefault((code, key), []).append(period)
    wanted = {(c, k, p.code) for c, k, p in used}
    # A month a period is without is not behind it (review: a region's "zonder juli" listed the members' Julys).
    found = [o for o in stored if (o.area.code, o.series.key, o.period) in wanted
             or any(p.start <= o.period_start and o.period_end <= p.end
                    and not set(range(o.period_start.month, o.period_end.month + 1)) & set(p.without)
                    for p in summed.get((o.area.code, o.series.key), ()))]
    return found + _parts_before_formation(summed)


def _parts_before_formation(summed: dict[tuple[str, str], list[Period]]) -> list[Observation]:
    """The figures of those a municipality was formed from, behind its years before it existed (walk AT: Land van
    Cuijk's 2019 report used 89.255 inhabitants, the sum of five, and listed no source for it)."""
    from ivb.store.areas import formed_from

    out: list[Observation] = []
    # One query for the areas: a report sums months into years for many series, each of which came here.
    heirs = {a.code: a for a in Area.objects.filter(code__in={code for code, _key in summed}, valid_from__isnull=False)}
    for (code, key), periods in summed.items():
        heir = heirs.get(code)
        early = [p for p in periods if heir is not None and heir.valid_from and p.start < heir.valid_from]
        if heir is None or not early:
            continue
        parts = formed_from(heir)
        out += list(Observation.objects.filter(area__in=parts, series__key=key, superseded_at__isnull=True,
                                               period__in=[p.code for p in early])
                    .select_related("series", "area").order_by("area__name", "period_start"))
    return out


def source_groups(sources: list[Observation], area: Area) -> list[SourceGroup]:
    """The list of sources as a council member reads it: one entry per series and area, naming the source and
    the table (title and number), the periods covered and the provisional ones once. No file names or StatLine
    period codes ("2024JJ00"): those are in the import's record, not for the council."""
    groups: dict[tuple[int, int], list[Observation]] = {}
    for o in sources:
        groups.setdefault((o.series_id, o.area_id), []).append(o)
    return [_source_group(figures, area) for figures in groups.values()]


def _source_group(figures: list[Observation], area: Area) -> SourceGroup:
    first = figures[0]
    periods = [parse_period(o.period) for o in figures]
    provisional = [p for o, p in zip(figures, periods, strict=True) if o.status == Observation.Status.PROVISIONAL]
    covered = _covered(periods) + (f"; {_('voorlopig')}: {_covered(provisional)}" if provisional else "")
    name = first.series.name if first.area_id == area.pk else f"{first.series.name}, {first.area.name}"
    # A figure stays with its period, and the dot with the figure before it, where a line breaks.
    return SourceGroup(name, _provenance(figures, periods), covered, "\u00a0· ".join(
        f"{p.label}:\u00a0{format_number(float(o.value), o.series.unit)}"
        for o, p in zip(figures, periods, strict=True)))


def _provenance(figures: list[Observation], periods: list[Period]) -> str:
    """'Politie (via CBS), CBS StatLine 47018NED: …' when all figures share a source and document; else each
    source once with its documents and their periods ('Politie: Jaarrapportage 2014 (2014), … 2015 (2015)'),
    then where in the documents, once."""
    documents: dict[str, dict[str, list[Period]]] = {}
    for o, period in zip(figures, periods, strict=True):
        documents.setdefault(o.source, {}).setdefault(o.source_document, []).append(period)
    single = len(documents) == 1 and len(next(iter(documents.values()))) == 1
    parts = []
    for source, docs in documents.items():
        if single:
            parts.append(", ".join(x for x in (source, *docs) if x))
        elif len(docs) == 1 and "" in docs:
            parts.append(f"{source} ({_covered(docs[''])})")
        else:
            parts.append(f"{source}: " + ", ".join(f"{doc or _('zonder document')} ({_covered(ps)})"
                                                    for doc, ps in docs.items()))
    places: dict[str, list[Period]] = {}
    for o, period in zip(figures, periods, strict=True):
        if o.source_reference and not _MACHINE_REFERENCE.search(o.source_reference):
            places.setdefault(o.source_reference, []).append(period)
    # A place that holds only some of the figures names their periods: after "Politie (2020–2021)" a bare
    # "vindplaats: IVB Lisse 2020-2023, §2" read as where the 2020 and 2021 figures were found (walk V).
    every = len(places) == 1 and len(next(iter(places.values()))) == len(figures)
    shown = [place if every else f"{place} ({_covered(ps)})" for place, ps in places.items()]
    return "; ".join(parts) + (f"; {_('vindplaats')}: {'; '.join(shown)}" if shown else "")


# What an import of open data writes as the place in the document: the file name and a StatLine period code
# ("47018NED_GM_2012-2025.csv.gz, 2012JJ00 (voorlopig)"). The table's number and title say where already.
_MACHINE_REFERENCE = re.compile(r"\.(csv|gz|zip|xlsx?|json)\b|\b\d{4}(JJ|KW|MM|X)\d\d\b", re.IGNORECASE)


def _covered(periods: list[Period]) -> str:
    """'2012–2019, januari 2023 tot en met december 2025, 2026 t/m september': runs of whole years and of
    months as a range, other periods by their label."""
    parts: list[str] = []
    run: list[Period] = []
    for p in sorted(set(periods)):
        if run and p.kind == run[-1].kind and _index(p) == _index(run[-1]) + 1:
            run.append(p)
            continue
        if run:
            parts.append(_run(run))
        run = [p] if p.kind in ("year", "month") else []
        if not run:
            parts.append(p.label)
    if run:
        parts.append(_run(run))
    return ", ".join(parts)


def _index(p: Period) -> int:
    """A whole year or a month as a step on its own scale, so that neighbours differ by one."""
    return p.year if p.kind == "year" else p.year * 12 + p.first_month


def _run(run: list[Period]) -> str:
    if len(run) == 1:
        return run[0].label
    if run[0].kind == "year":
        return f"{run[0].year}–{run[-1].year}"
    return _("%(first)s tot en met %(last)s") % {"first": run[0].label, "last": run[-1].label}


def _years(counts) -> list[tuple[int, str]]:
    return _year_headings([p for s in counts for p in s.points])


def _year_headings(points) -> list[tuple[int, str]]:
    """The years of these points, headed "2019 (t/m september)" where every figure of the year covers the same
    part of it; where only some do, the heading is the year and those cells say their part (`_cells`)."""
    labels: dict[int, set[str]] = {}
    for p in points:
        labels.setdefault(p.period.year, set()).add(p.period.label)
    return [(y, f"{y} ({next(iter(found)).split(' ', 1)[1]})" if len(found) == 1 and next(iter(found)) != str(y)
             else str(y)) for y, found in sorted(labels.items())]


def _part(p, headed: dict[int, str]) -> str:
    """" (t/m oktober)" after a figure of part of a year whose column is headed as a whole year."""
    if not p.period.is_partial_year or headed.get(p.period.year, str(p.period.year)) != str(p.period.year):
        return ""
    return f" ({p.period.label.split(' ', 1)[1]})"


def _left_out(labels: list[str], shown: int) -> str:
    """Tells the reader which earlier years a table leaves out to fit the page, and where their figures are (the
    list of sources has every figure the report uses); nothing when it leaves none out."""
    if not labels:
        return ""
    years = labels[0] if len(labels) == 1 else _("%(first)s tot en met %(last)s") % {
        "first": labels[0], "last": labels[-1]}
    return _("Deze tabel toont de laatste %(count)s jaar. De cijfers van %(years)s staan in de lijst van bronnen "
             "aan het eind van dit rapport.") % {"count": shown, "years": years}


def _newer_linked(picture, s) -> dict:
    """The figures of a series linked to `s` (measuring the same, ADR 0019) for the years after the last one of
    `s` itself, by year: the dashboard shows the newest of these as the figure of `s`, so the report's table
    shows them too, marked, instead of an empty cell beside another table's figure for the same thing."""
    by_key = {x.key: x for x in picture.series}
    last = s.points[-1].period.year
    out: dict[int, tuple] = {}
    for key in picture.links.get(s.key, []):
        link = by_key.get(key)
        if link is None or link.unit != s.unit:
            continue
        for p in link.points:
            if p.period.year > last and p.period.year not in out:
                out[p.period.year] = (link, p)
    return out


def _table(counts, newer: dict, headings: list[tuple[int, str]]) -> tuple[list[TableRow], list[str]]:
    """The policy's table: its own figures, and after its last one those of a linked series with a footnote
    mark; a note per mark says the series' own source has no figure there and where the shown one comes from."""
    rows: list[TableRow] = []
    notes: list[str] = []
    years, headed = [y for y, _label in headings], dict(headings)
    for s in counts:
        cells = _cells(s, years, mark_provisional=True, headed=headed)
        found = newer[s.key]
        last = years[-1]
        expected = _year_expected(found[last][0], last) if last in found else _year_expected(s, last)
        if found:
            mark = _SUPERSCRIPT[len(notes) + 1] if len(notes) + 1 < len(_SUPERSCRIPT) else f"({len(notes) + 1})"
            cells = [f"{format_number(found[y][1].value, s.unit)}{mark}{'*' if found[y][1].status == 'voorlopig' else ''}"
                     if y in found else c
                     for y, c in zip(years, cells, strict=True)]
            link = found[min(found)][0]
            shown = [found[y][1].period.label for y in years if y in found]
            periods = listed(shown)
            notes.append(_("%(mark)s %(name)s %(periods)s: geen cijfer uit de eigen bron van deze reeks (%(own)s). "
                           "Het getoonde cijfer komt uit de reeks %(linked)s van %(source)s, die hetzelfde meet, "
                           "zoals op het dashboard. De trend is die van de eigen bron, over de jaren die erbij staan.")
                         % {"mark": mark, "name": s.name, "periods": periods, "own": s.source,
                            "source": link.source, "linked": link.name})
        rows.append(TableRow(plain_series_name(s.name), cells, _verdict(s), expected))
    if any("*" in cell for row in rows for cell in row.cells):
        notes.append(_("* voorlopig cijfer."))
    if any("–" in row.cells for row in rows):
        notes.append(_("–: geen cijfer voor dat jaar."))
    return rows, notes


_SUPERSCRIPT = " ¹²³⁴⁵⁶⁷⁸⁹"


def _expected_note(year: int) -> str:
    return _("Heel %(year)s verwacht: wat IVB voor het hele jaar verwacht uit de maanden die er al zijn en, als er "
             "minstens vier hele jaren zijn, uit die jaren; tussen haakjes het 80%%-interval.") % {"year": year}


def _year_expected(s, year: int) -> str:
    """"778 (743–814)": the whole `year` expected, where the figure of `s` for it is part of that year."""
    point = next((p for p in s.points if p.period.year == year), None)
    under_way = s.this_year
    if point is None or not point.period.is_partial_year or under_way is None or under_way.year != year:
        return ""
    low, expected, high = (format_number(round(v), "count") for v in (under_way.low, under_way.expected, under_way.high))
    return f"{expected} ({low}–{high})"


def _verdict(s) -> str:
    """A trend's verdict with the years it was fitted on, "dalend (2014–2019)": in a table of later years, a
    trend that ended long ago must not read as the trend of the figures beside it."""
    if isinstance(s.trend, Trend) and s.verdict.is_direction and s.trend.years:
        first, last = s.trend.years
        return f"{s.plain_verdict_words} ({first}–{last}){s.turn_words}"  # "dalend (2019–2025), maar 2024 en 2025 hoger"
    return s.verdict_words


def _cells(s, years: list[int], mark_provisional: bool = False, headed: dict[int, str] | None = None) -> list[str]:
    by_year = {p.period.year: p for p in s.points}
    mark = lambda p: "*" if mark_provisional and p.status == "voorlopig" else ""
    return [format_number(by_year[y].value, s.unit) + mark(by_year[y]) + _part(by_year[y], headed or {})
            if y in by_year else "–" for y in years]


def _rate(s, year: int, population: float | None) -> str:
    """'0,7 (plaats 23 van 27)' beside the peers; '0,7' from the municipality's own population when there is
    nothing to compare with; '–' without a whole-year figure or population for the year."""
    c = s.comparison
    if c is not None and c.of < 2:  # the only municipality with figures: its rate, no "plaats 1 van 1"
        return format_number(c.subject.per_1000, "per_1000", decimals=c.decimals)
    if c is not None:
        return _("%(rate)s (plaats %(rank)s van %(of)s)") % {
            "rate": format_number(c.subject.per_1000, "per_1000", decimals=c.decimals), "rank": c.rank, "of": c.of}
    count = [p.value for p in s.points if p.period.year == year and not p.period.is_partial_year]
    if not count or not population:
        return "–"
    rate = Rate("", "", count[0], population).per_1000
    return format_number(rate, "per_1000", decimals=rate_decimals([rate]))


def _rate_notes(rows: list[MonitoredRow], picture, area: Area, year: int, population: float | None) -> list[str]:
    """Which population the rates use, and what a rank compares with; nothing for a column not shown."""
    if not any(row.rate != "–" for row in rows) or not population:
        return []
    notes = [_("Per 1.000 inwoners: het cijfer van %(year)s gedeeld door het aantal inwoners van %(name)s in "
               "%(year)s (%(population)s, CBS).") % {"year": year, "name": area.name,
                                                   "population": format_number(population, "count")}]
    if any(s.comparison is not None and s.comparison.of > 1 for s in picture.monitored):
        notes.append(rank_group(area, year) + " " + _("Plaats 1 heeft het hoogste cijfer per 1.000 inwoners."))
    elif unranked := next((s.comparison for s in picture.monitored if s.comparison is not None and not s.comparison.rank
                           and s.comparison.min_population), None):
        notes.append(_("Zonder plaats: %(name)s heeft minder dan %(min)s inwoners; een paar misdrijven meer of minder "
                       "zou de gemeente van onder naar boven verplaatsen.") % {
            "name": area.name, "min": format_number(unranked.min_population, "count")})
    return notes


def rank_group(area: Area, year: int) -> str:
    """What 'plaats 23 van 27' counts: the municipalities of the peer groups (as in the comparison) that have a
    figure for the year, the municipality itself included."""
    from ivb.store.areas import peer_groups

    words = {"buren": _("de buurgemeenten"), "beleid": _("de gemeenten van dit beleid")}
    labels = [words.get(g.kind) or _("de gemeenten van %(unit)s") % {"unit": g.label}
              for g in peer_groups(area, year) if g.kind in ("buren", "beleid", "eenheid")]
    return _("Plaats … van …: de rang onder de gemeenten met een cijfer over %(year)s van %(groups)s, %(name)s "
             "meegeteld.") % {"year": year, "groups": names_in_words(labels), "name": area.name}


def _since_adoption(area: Area, year: int) -> dict[int, str]:
    """Per action added or changed (other than its status: progress is what the table reports) since the college
    adopted the year's plan, the words that say so: the report listed an action added later as part of the plan
    "vastgesteld door het college op 9 februari 2021" (walk V)."""
    from ivb.plan.models import Action
    from ivb.plan.services import adopted_plan

    adoption = adopted_plan(area, year)
    if adoption is None:
        return {}
    then = {entry["pk"]: entry for entry in adoption.actions}
    out = {}
    for action in Action.objects.filter(municipality=area, year=year):
        before = then.get(action.pk)
        if before is None:
            out[action.pk] = _("toegevoegd na de vaststelling")
        elif any(before.get(k) != getattr(action, k) for k in ("title", "owner", "due_quarter", "priority_key",
                                                               "theme_code")):
            out[action.pk] = _("gewijzigd na de vaststelling")
    return out


def _plan_row(action, today: dt.date, since: str = "") -> PlanRow:
    status = _(action.status) + (", " + _("over tijd") if action.is_overdue(today) else "")
    notes = [n for n in action.notes.all() if not n.is_edit]  # an edit of the action is no progress on it
    note = ""
    if notes:
        from django.utils.formats import date_format

        latest = notes[-1]
        text = " ".join(latest.text.split())
        text = text if len(text) <= NOTE_LENGTH else text[:NOTE_LENGTH].rsplit(" ", 1)[0] + " …"
        note = f"{date_format(latest.created_at, 'j F Y')}: {text}"
    return PlanRow(action.title, action.owner, _("%(q)se kwartaal") % {"q": action.due_quarter}, status, note, since)


LONG_INDICATOR = 1200  # characters of sentences beside a chart from which an indicator may break across pages
# ... wherever it stands: from this many it is taller than a page with its chart (Lisse's woonoverlast of 2019, 2.156
# characters, left its priority's heading alone on a page and its chart on the page after its sentences)
TALLER_THAN_A_PAGE = 2000
NOTE_LENGTH = 160  # a progress note in the report's plan table is shown briefly; the web page has it in full


def _indicator(i) -> dict:
    sp = i.series
    latest = sp.latest if sp else None
    chart = phone_chart = alt = ""
    if sp and sp.points:  # ranks too: 1 at the top, the range around the data
        alt = _chart_alt(i, sp.points)
        drawn = (sp.points, i.unit, alt, chart_target(i.indicator, i.status), i.status.projection, sp.this_year)
        chart = history_chart(*drawn, target_year=i.indicator.target_year)
        # Drawn again for a phone (NARROW, class "narrow"), as charts.responsive_chart does for the web pages: the
        # wide one shrunk to a phone's width has 7 px text. The wide one keeps its plain class "chart": the PDF
        # and the DOCX show it alone, and a test counts it as the DOCX's pictures.
        phone_chart = history_chart(*drawn, width=NARROW, variant="narrow", target_year=i.indicator.target_year)
    period = latest.period.label if latest else ""
    method = sp.method if sp is not None and i.region else ""
    # The policy file's note on the indicator (walk BS: "delicten per 100 inwoners" beside 18,4% was explained only in
    # the API's copy of the policy).
    sentences = [*i.sentences_in_full, *([_("Toelichting bij deze indicator: %(note)s") % {"note": i.indicator.note}]
                                        if i.indicator.note else [])]
    return {"name": i.name, "value": format_number(latest.value, i.unit) if latest else "–", "period": period,
            "figure": _figure(i.unit, latest, period, method), "target": i.target, "status": _(i.status.status),
            "projected": status_note(i, latest),
            "reason": i.status.reason, "reason_sentence": reason_sentence(i),
            "sentences": sentences,
            "chart": chart, "phone_chart": phone_chart, "chart_alt": alt, "monitoring": i.monitoring, "method": method,
            # The years the chart's band passes through, printed under it (walk CE: only in the alternative text)
            "between": between_words(i.status.projection) if chart and i.status.projection is not None else "",
            "long": bool(chart) and sum(map(len, sentences)) > TALLER_THAN_A_PAGE}


def _under_headings(indicators: list[dict]) -> list[dict]:
    """The first indicator of a priority follows its heading (the first priority's, "Prioriteiten" too), which
    stays with it: when it is near a page tall with its chart, it may break between its sentences (report.html,
    `.indicator.long`). Kept whole, it took its headings along to pages of their own (walk BM: "Prioriteiten"
    alone on one page, the priority's name on the next, the indicator on the third; walk CE: Lisse's
    jeugdoverlast of 2019, 1.899 characters, left "Jeugd en Veiligheid" alone at the foot of a page)."""
    if indicators and indicators[0]["chart"] and sum(map(len, indicators[0]["sentences"])) > LONG_INDICATOR:
        indicators[0]["long"] = True
    return indicators


def _target_rows(picture) -> list[TargetRow]:
    """Every indicator with a target, in the policy's order: general objectives, priorities, other themes."""
    parts = [(_("Algemene doelstelling"), picture.objectives),
             *[(title, items) for _key, title, items in picture.priorities],
             *[(title, items) for _key, title, items in picture.other_themes]]
    rows = []
    for part, items in parts:
        for i in items:
            if i.monitoring:
                continue
            # A result of a year since passed is read beside that year's figure (walk CE), as on the dashboard.
            shown = status_figure(picture, i)
            latest = shown.point if shown is not None and not shown.linked else i.series.latest if i.series else None
            method = i.series.method if i.series is not None and i.region else ""
            note = status_note(i, latest)
            status = _(i.status.status) + (f" ({note})" if note else "")
            figure = _figure(i.unit, latest, latest.period.label if latest else "", method)
            whole = i.series.this_year if i.series is not None else None
            if figure and latest is not None and latest.period.is_partial_year and whole is not None:
                # Walk BO: "281 (2026 t/m september) · lager dan 364,5 · niet op koers" read as a contradiction; the
                # dashboard puts the whole year under the figure, and so does this line.
                figure += "; " + _("heel %(year)s: ongeveer %(n)s") % {
                    "year": latest.period.year, "n": format_number(round(whole.expected), "count")}
            rows.append(TargetRow(part, i.name, i.target, figure, status))
    return rows


def _chart_alt(i, points) -> str:
    """The chart in words, for a reader who cannot see it (the PDF's tag, Word's alternative text): what it draws;
    the sentences above it give the figures."""
    first, end = points[0].period.label, points[-1].period
    # "2014 t/m september 2019", not "2014 t/m 2019 t/m september" (walk AZ).
    last = f"{month_name(end.last_month)} {end.year}" if end.is_partial_year and end.first_month == 1 else end.label
    if end.without:  # "2014 t/m september 2026 zonder juni": the chart leaves June out too
        last += " " + _("zonder %(months)s") % {"months": listed([month_name(m) for m in end.without])}
    text = (_("Grafiek van %(name)s, %(first)s t/m %(last)s") % {"name": i.name, "first": first, "last": last}
            if first != last else _("Grafiek van %(name)s, %(first)s") % {"name": i.name, "first": first})
    if (line := chart_target(i.indicator, i.status)) is not None:  # as drawn: none against the year before
        text += ", " + _("met het doel %(value)s") % {"value": format_number(line, i.unit)}
    if i.status.projection is not None:
        text += " " + (_("en de verwachting tot %(year)s met de band waarbinnen het met minstens 80%% kans valt")
                       if i.status.projection.level else
                       _("en de verwachting tot %(year)s met haar 80%%-interval")) % {"year": i.status.projection.year}
    return text + "."


def _figure(unit, latest, period: str, method: str) -> str:
    """'7,4 (2017)' or '12 (2023; som van A, B en C)' for the summary; nothing when there is no figure yet (the
    status and its reason then say so)."""
    if latest is None:
        return ""
    # A survey's margin where its status is read (walk BO: "31,9%" beside "lager dan 33%" and "risico", the ±1,8
    # that made it "risico" only on the indicator's page).
    return f"{format_with_margin(latest.value, latest.margin, unit)} ({'; '.join(p for p in (period, method) if p)})"


def _caveats(picture, indicators) -> list[str]:
    out = []
    for s in picture.series:
        if s.latest is not None and s.latest.period.is_partial_year and s.this_year is not None:
            # Walk AZ: the overview table shows the months counted under the year's column; the whole year expected
            # was only in the indicator's own text.
            out.append(_("%(name)s: %(period)s is geen heel jaar; heel %(year)s naar verwachting ongeveer %(expected)s "
                         "(80%%-interval %(low)s–%(high)s).") % {
                "name": s.name, "period": s.latest.period.label, "year": s.this_year.year,
                **{k: format_number(round(v), "count") for k, v in (
                    ("expected", s.this_year.expected), ("low", s.this_year.low), ("high", s.this_year.high))}})
            if counted := counted_sentence(s):
                out[-1] += " " + counted
        elif s.latest is not None and s.latest.period.is_partial_year:
            out.append(_("%(name)s: %(period)s is geen heel jaar.") % {"name": s.name, "period": s.latest.period.label})
        if isinstance(s.trend, Trend) and s.trend.verdict == Verdict.TOO_FEW and s.points:  # none: nothing to say
            out.append(_("%(name)s: geen trendoordeel: %(reason)s.") % {"name": s.name, "reason": s.trend.reason})
        if isinstance(s.trend, Trend) and s.trend.fit is not None and s.trend.fit.breaks:
            out.append(_("%(name)s: breuk in de reeks; de trend is binnen de delen bepaald.") % {"name": s.name})
        if isinstance(s.trend, Trend):
            out += [_("%(name)s: %(text)s") % {"name": s.name, "text": known_break_sentence(k)} for k in s.trend.known_breaks]
            out += [_("%(name)s: %(text)s") % {"name": s.name, "text": removed_break_sentence(day, reason)}
                    for day, reason in s.removed_breaks]
    for i in indicators:
        if i.indicator.target is not None and i.indicator.target.inferred:
            out.append(_("%(name)s: het vergelijkingsteken van het doel is afgeleid (%(reason)s)")
                       % {"name": i.name, "reason": i.indicator.target.inferred_reason})
    return out


def _plan_adopted(area: Area, year: int) -> str:
    """The college's adoption of the year's plan in one sentence, or "" when IVB holds none (a plan may have been
    adopted outside IVB: nothing is said then)."""
    from ivb.plan.services import adopted_plan, adoption_words

    adoption = adopted_plan(area, year)
    if adoption is None:
        return ""
    return _("Het jaarplan %(year)s is %(adopted)s.") % {"year": year,
                                                          "adopted": adoption_words(adoption, recorded=False)}
