"""A whole safety policy (integraal veiligheidsbeleid) as data: the model, its JSON Schema and validation.

One YAML file holds one policy period. The shape is checked in two steps, so that one run reports every
problem at once:

1. structure and single fields (pydantic): types, required fields, unknown fields, theme and field codes;
2. meaning across fields (`_indicator_problems`, `_document_problems`): a target without a direction,
   a unit that does not match the series, a duplicate key, a target year outside the policy period, ...

Every object carries `ref`, the place in the source document it was transcribed from (OpenFisca's rule:
no value without a reference).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from functools import cache
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Final, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails

from ivb.domain import catalogue
from ivb.domain.i18n import _
from ivb.domain.numbers import format_number
from ivb.domain.periods import FIRST_YEAR, LAST_PERIOD_YEAR
from ivb.domain.series import SeriesDef
from ivb.domain.series_catalogue import SeriesCatalogue, offline_catalogue
from ivb.domain.units import AGGREGATIONS, INDICATOR_UNITS, UNITS, check_aggregation, check_value
from ivb.domain.vocabulary import Operator
from ivb.domain.yamlsource import MAX_BYTES as POLICY_MAX_BYTES  # noqa: F401 (the upload form states it)
from ivb.domain.yamlsource import Located, Problem, format_path, key_path, load


def _known_field(code: str) -> str:
    if code not in catalogue.FIELDS_BY_CODE:
        raise ValueError(f"onbekend veiligheidsveld '{code}' (bekend: {', '.join(catalogue.FIELDS_BY_CODE)})")
    return code


def _known_theme(code: str) -> str:
    if code not in catalogue.THEMES_BY_CODE:
        raise ValueError(f"onbekende themacode '{code}' (het Kernbeleid Veiligheid kent 1.1 t/m 5.5)")
    return code


def _municipality(code: str) -> str:
    if not re.fullmatch(r"GM[0-9]{4}", code):
        raise ValueError(f"'{code}' is geen CBS-gemeentecode (zoals GM0553)")
    return code


FieldCode = Annotated[str, AfterValidator(_known_field)]
ThemeCode = Annotated[str, AfterValidator(_known_theme)]
MunicipalityCode = Annotated[str, AfterValidator(_municipality)]
Key = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", description="lower-case identifier, unique in its list")]
Text = Annotated[str, Field(min_length=1)]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_PERIOD_YEAR)]
Direction = Literal["lower_is_better", "higher_is_better"]
DIRECTION_WORDS = {"lower_is_better": "lager is beter", "higher_is_better": "hoger is beter"}
if TYPE_CHECKING:  # a type checker cannot read a Literal built from the tables at run time
    Unit = str
    SeriesUnit = str
    Aggregation = str
else:
    Unit = Literal[tuple(sorted(INDICATOR_UNITS))]
    SeriesUnit = Literal[tuple(sorted(UNITS))]
    Aggregation = Literal[tuple(sorted(AGGREGATIONS))]


class Strict(BaseModel):
    # A misspelt field name is an error, never silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class RefDetail(Strict):
    """A reference with where to find it: the text, a link to the published document, a page."""

    text: Text
    url: str | None = None
    page: int | str | None = None


# The tags of the two kinds of reference; they appear in pydantic's error locations and are left out of paths.
_REF_TAGS = ("ref-tekst", "ref-blok")
Ref = Annotated[
    Annotated[Annotated[str, Field(min_length=1)], Tag(_REF_TAGS[0])] | Annotated[RefDetail, Tag(_REF_TAGS[1])],
    Discriminator(lambda v: _REF_TAGS[1] if isinstance(v, dict | RefDetail) else _REF_TAGS[0]),
    Field(description="where in the source document this was transcribed from: text, or {text, url, page}"),
]


def ref_text(ref: str | RefDetail | None) -> str:
    """The reference as a reader sees it: its text, and the page when the file gives one."""
    if ref is None:
        return ""
    if isinstance(ref, str):
        return ref
    return f"{ref.text}, blz. {ref.page}" if ref.page not in (None, "") else ref.text


class Period(Strict):
    start: Year
    end: Year

    @property
    def label(self) -> str:
        return f"{self.start}-{self.end}"


class Adoption(Strict):
    body: Text = Field(description="who adopted it, e.g. gemeenteraad")
    date: dt.date | None = Field(None, description="empty while the policy is a draft, not yet adopted")
    legal_basis: Text
    college_decision_date: dt.date | None = None
    proposal_reference: str | None = Field(None, description="kenmerk voorstel")
    in_force: dt.date | None = None
    publication: str | None = None
    ref: Ref
    municipality: MunicipalityCode | None = Field(
        None, description="in a joint policy that each council adopts: the municipality of this council")


class Baseline(Strict):
    year: Year
    value: float | None = Field(None, description="the baseline value when the policy states it")
    ref: Ref | None = None
    note: str | None = None


class Target(Strict):
    """One of three kinds: a number (`value`), a comparison with the baseline or the previous year
    (`compare_to`), or qualitative (`qualitative` with the `evidence` expected)."""

    operator: Operator | None = None
    value: float | None = None
    compare_to: Literal["baseline", "previous_year"] | None = None
    change_percent: float | None = Field(
        None, description="with compare_to baseline: the change from the baseline value in percent (-20: 20% "
                          "less than in the baseline year); the threshold is baseline value x (1 + change_percent/100)")
    qualitative: str | None = Field(None, description="the target in words")
    evidence: str | None = Field(None, description="what evidence shows the qualitative target is met")
    as_written: str | None = Field(None, description="the target exactly as printed in the source")
    inferred: bool = Field(False, description="true when the operator was lost in the source and chosen here")
    inferred_reason: str | None = None

    @property
    def kind(self) -> str:
        if self.qualitative is not None:
            return "qualitative"
        return "relative" if self.compare_to is not None else "absolute"


class ReportingRate(Strict):
    """The share of cases that reach the count, where the policy gives it (the dark number)."""

    percent: Annotated[float, Field(gt=0, le=100)]
    meaning: Text = Field(description="what the share is, e.g. victims who report to the police")
    ref: Ref


class Indicator(Strict):
    key: Key
    name: Text
    series: str | None = Field(None, description="key of the measured series; empty for qualitative indicators")
    unit: Unit
    source: Text = Field(description="the source as the policy names it")
    direction: Direction | None = None
    baseline: Baseline | None = None
    target: Target | None = Field(None, description="empty: a monitoring indicator, followed without a target")
    target_year: Year | None = Field(None, description="required when there is a target")
    reporting_rate: ReportingRate | None = None
    ref: Ref
    note: str | None = None
    scope: Literal["municipality", "region"] = Field(
        "municipality", description="region: one figure for all municipalities of the policy together")
    region_rule: Literal["sum", "population_weighted_mean"] | None = Field(
        None, description="how the region figure follows from the municipalities' figures (scope region only)")
    municipalities: list[MunicipalityCode] = Field(
        [], description="only for these municipalities of the policy; empty: for each")
    municipal_targets: dict[MunicipalityCode, Target] = Field(
        {}, description="a different target for one municipality of a joint policy")

    @property
    def monitoring(self) -> bool:
        """Followed (trend, comparison) without a target, so without a status."""
        return self.target is None

    def target_for(self, code: str) -> Target | None:
        return self.municipal_targets.get(code, self.target)


class Principle(Strict):
    key: Key
    name: Text
    summary: Text
    ref: Ref


class Vision(Strict):
    text: Text
    ref: Ref


class Objective(Strict):
    key: Key
    text: Text
    indicators: list[Indicator] = []
    ref: Ref


class ApproachGroup(Strict):
    heading: str | None = None
    lines: list[Text] = Field(min_length=1)
    ref: Ref


class Priority(Strict):
    key: Key
    rank: Annotated[int, Field(ge=1)]
    title: Text
    fields: list[FieldCode] = Field([], description="the safety fields (veiligheidsvelden) it spans")
    themes: list[ThemeCode] = []
    theme_label: str | None = Field(None, description="the theme as the policy words it")
    themes_note: str | None = Field(None, description="why these theme codes, when the policy does not name them")
    description: Text | None = None
    lead: str | None = Field(None, description="who in the organisation leads (regie)")
    approach: list[ApproachGroup] = []
    partners: list[Text] = []
    objectives: list[Text] = []
    indicators: list[Indicator] = []
    targets_in_annual_plan: bool = Field(False, description="the targets follow in the annual plan (jaarplan)")
    ref: Ref


class OtherTheme(Strict):
    key: Key
    title: Text
    fields: list[FieldCode] = []
    themes: list[ThemeCode] = Field(min_length=1)
    description: Text | None = None
    activities: list[Text] = []
    partners: list[Text] = []
    indicators: list[Indicator] = []
    ref: Ref


class SeriesDeclaration(Strict):
    key: Key
    name: Text
    unit: SeriesUnit
    aggregation: Aggregation
    source: Text
    description: str = ""


SCHEMA_VERSION: Final = 2


class Policy(Strict):
    schema_version: Literal[2] = Field(SCHEMA_VERSION, description="2; files without it are version 1 and upgraded")
    title: Text
    period: Period
    municipalities: list[MunicipalityCode] = Field(min_length=1)
    organisation: str | None = None
    adoptions: list[Adoption] = Field(min_length=1, description="one, or one per council in a joint policy")
    vision: Vision
    principles: list[Principle] = []
    general_objectives: list[Objective] = []
    priorities: list[Priority] = []
    other_themes: list[OtherTheme] = []
    series: list[SeriesDeclaration] = Field([], description="series this policy measures beyond IVB's built-in ones")
    ref: Ref

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: object) -> object:
        # Version 1 files and stored version 1 documents load as version 2.
        return upgrade(data).data

    @property
    def adoption(self) -> Adoption:
        """The first adoption (for pages written before joint policies; prefer `adoptions`)."""
        return self.adoptions[0]

    def all_indicators(self) -> list[tuple[str, Indicator]]:
        """(owner key, indicator) for the general objectives', the priorities' and the other themes'
        indicators, in order."""
        owned = [(o.key, i) for o in self.general_objectives for i in o.indicators]
        owned += [(p.key, i) for p in self.priorities for i in p.indicators]
        return owned + [(t.key, i) for t in self.other_themes for i in t.indicators]

    def indicators_for(self, code: str) -> list[tuple[str, Indicator]]:
        """The indicators that apply to municipality `code`: region ones included, ones restricted to other
        members left out, each with its target for `code`."""
        out = []
        for owner, ind in self.all_indicators():
            if ind.municipalities and code not in ind.municipalities:
                continue
            if code in ind.municipal_targets:
                ind = ind.model_copy(update={"target": ind.municipal_targets[code]})
            out.append((owner, ind))
        return out

    def series_catalogue(self) -> dict[str, SeriesDef]:
        """The built-in and generated open-data series and the ones this policy declares."""
        return offline_catalogue(self.declared_series()).as_dict()

    def declared_series(self) -> list[SeriesDef]:
        return [SeriesDef(**s.model_dump()) for s in self.series]

    def to_data(self) -> dict:
        """Plain JSON-able data, always version 2; `Policy.model_validate(policy.to_data()) == policy`."""
        return {"schema_version": self.schema_version, **self.model_dump(mode="json", exclude_defaults=True)}


# ------------------------------------------------------------------------------------------------ upgrade

@dataclass
class Upgrade:
    """Data rewritten to the current version, what changed in words, and where each moved value came from."""

    data: object
    changes: list[str] = field(default_factory=list)
    moved: list[tuple[tuple, tuple]] = field(default_factory=list)  # (new path, old path), longest first

    def old_path(self, path: tuple) -> tuple:
        """The place in the file as written of `path` in the upgraded data."""
        for new, old in self.moved:
            if path[:len(new)] == new:
                return old + path[len(new):]
        return path


def upgrade(data: object) -> Upgrade:
    """Rewrite version 1 data (no `schema_version`) to version 2; other data is returned as it is.

    Version 1 had one `adoption` and one `field` per priority and other theme; version 2 has lists."""
    if not isinstance(data, dict) or data.get("schema_version", 1) != 1:
        return Upgrade(data)
    upgraded: dict = {"schema_version": SCHEMA_VERSION}
    out = Upgrade(upgraded)
    out.changes.append("schema_version: 2 toegevoegd")
    for key, value in data.items():
        if key == "schema_version":
            continue
        if key == "adoption" and "adoptions" not in data:
            upgraded["adoptions"] = [value]
            out.moved += [(("adoptions", 0), ("adoption",)), (("adoptions",), ("adoption",))]
            out.changes.append("adoption -> adoptions (een lijst met één vaststelling)")
        elif key in ("priorities", "other_themes") and isinstance(value, list):
            upgraded[key] = [_upgrade_item(item, (key, i), out) for i, item in enumerate(value)]
        else:
            upgraded[key] = value
    out.moved.sort(key=lambda move: -len(move[0]))
    return out


def _upgrade_item(item: object, path: tuple, out: Upgrade) -> object:
    if not isinstance(item, dict) or "field" not in item or "fields" in item:
        return item
    out.moved += [(path + ("fields", 0), path + ("field",)), (path + ("fields",), path + ("field",))]
    out.changes.append(f"{key_path(path)}.field -> fields (een lijst)")
    return {("fields" if k == "field" else k): ([v] if k == "field" else v) for k, v in item.items()}


def json_schema() -> dict:
    schema = Policy.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "IVB veiligheidsbeleid"
    return schema


# ---------------------------------------------------------------------------------------------- validation

@dataclass
class Validation:
    policy: Policy | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.policy is not None and not self.problems


MAX_INDICATORS = 300  # in the whole policy (Lisse has 17); each list in the file holds 200 entries at most


def policy_text(content: bytes) -> str:
    """The text of a policy file, as the upload page and `ivb policy validate/import` read it: UTF-8 YAML. A PDF,
    Word or other binary file (the adopted council document, uploaded by mistake) is named as what it is."""
    from ivb.domain.encoding import EncodingProblem, binary_kind, decode

    if kind := binary_kind(content):
        raise EncodingProblem(f"dit is geen YAML-tekstbestand maar {kind}; het beleid wordt ingelezen als YAML-tekst "
                              "(een .yaml-bestand met de prioriteiten en doelen), niet als het vastgestelde document")
    return decode(content, advice="geen geldige UTF-8; sla het bestand op als UTF-8-tekst (in Kladblok: "
                                  "Opslaan als, codering UTF-8)")


@cache
def policy_keys() -> frozenset[str]:
    """Every key a policy file may hold, at any depth (from the schema, version 1's `field` and `adoption` too)."""
    schema = Policy.model_json_schema()
    found = {"field", "adoption"}
    for part in [schema, *schema.get("$defs", {}).values()]:
        found.update(part.get("properties", {}))
    return frozenset(found)


def validate_text(text: str, series: SeriesCatalogue | None = None) -> Validation:
    return validate_located(load(text, keys=policy_keys()), series)


def validate_located(located: Located, series: SeriesCatalogue | None = None) -> Validation:
    """Every problem of the file, each with its line. `series`: the series it may use (default: the ones known
    without a database, plus the ones the file declares)."""
    problems = list(located.problems)
    if located.data is None:
        return Validation(None, problems)
    if not isinstance(located.data, dict):
        return Validation(None, problems + [Problem("het bestand moet een beleid zijn (sleutels zoals title, period, priorities)", 1)])

    upgraded = upgrade(located.data)
    raw = upgraded.data

    def problem(message: str, path: tuple) -> Problem:
        where = upgraded.old_path(tuple(p for p in path if p not in _REF_TAGS))
        return Problem(message, located.line_of(where), format_path(where))

    policy = None
    try:
        policy = Policy.model_validate(raw)
    except ValidationError as exc:
        # A value the YAML could not read is said once, as unreadable (walk BQ: "2023-13-11 is niet te lezen (geen
        # bestaande datum …)" and then "moet een datum zijn" for the same field and line).
        unreadable = {(p.line, p.path) for p in located.problems}
        found = [problem(_plain(err), tuple(err["loc"])) for err in exc.errors()]
        problems += [p for p in found if (p.line, p.path) not in unreadable]

    assert isinstance(raw, dict)  # upgrade() keeps a dict a dict
    problems += [problem(message, path) for path, message in _document_problems(raw, series)]
    if policy is not None and len(policy.all_indicators()) > MAX_INDICATORS:
        problems.append(Problem(f"het beleid heeft {format_number(len(policy.all_indicators()), 'count')} "
                                f"indicatoren; het maximum is {format_number(MAX_INDICATORS, 'count')}", 1))
    problems.sort(key=lambda p: (p.line or 0, p.path))
    return Validation(policy if not problems else None, problems)


_PLAIN = {
    "missing": "verplicht veld ontbreekt",
    "extra_forbidden": "onbekend veld (tikfout?)",
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_parsing": "moet een getal zijn",
    "float_type": "moet een getal zijn",
    "string_type": "moet tekst zijn",
    "list_type": "moet een lijst zijn",
    "model_type": "moet een blok met velden zijn",
    "dict_type": "moet een blok met velden zijn",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "date_type": "moet een datum zijn (JJJJ-MM-DD)",
    "date_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_from_datetime_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "string_too_short": "mag niet leeg zijn",
    "too_short": "mag niet leeg zijn",
}


def _unit_meant(given: object) -> str | None:
    """The unit code a Dutch unit word stands for ("aantal" is count), as `ivb series list` and the template
    write units in words."""
    from ivb.domain.units import UNITS

    words = {label.split(" (")[0]: code for code, (label, *_rest) in UNITS.items()}
    words |= {"kwalitatief": "qualitative", "procent": "percent", "cijfer": "grade"}
    return words.get(str(given).strip().lower()) if isinstance(given, str) else None


def _plain(err: ErrorDetails) -> str:
    kind = err["type"]
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind in ("literal_error", "enum"):
        allowed = str(err["ctx"]["expected"]).replace(" or ", " of ")  # pydantic writes the list in English
        meant = _unit_meant(err["input"])
        hint = f"; bedoelt u {meant!r}? (de eenheid staat in het bestand als code)" if meant else ""
        return f"ongeldige waarde {err['input']!r}{hint}; toegestaan: {allowed}"
    if kind == "string_pattern_mismatch":
        return f"ongeldige sleutel {err['input']!r}: alleen kleine letters, cijfers, '_', '.' en '-'"
    if kind in ("float_parsing", "int_parsing") and isinstance(err["input"], str) \
            and re.fullmatch(r"[+-]?\d+,\d+", err["input"].strip()):
        # The figures template asks for a decimal comma; a YAML file has the point.
        dotted = err["input"].strip().replace(",", ".")
        return f"{_PLAIN[kind]}: schrijf {dotted} (met een punt; in het beleidsbestand is de punt het decimaalteken)"
    if kind in ("float_parsing", "int_parsing") and isinstance(err["input"], str) \
            and (bare := re.fullmatch(r"\s*([+-]?\d+(?:[.,]\d+)?)\s*%\s*", err["input"])):
        return f"{_PLAIN[kind]}: schrijf {bare.group(1).replace(',', '.')} (zonder het %-teken)"
    if kind in ("model_type", "dict_type") and err["loc"] and err["loc"][-1] == "target" \
            and isinstance(err["input"], str):
        # Walk AO: "target: 10% minder dan in 2023" read only "moet een blok met velden zijn".
        return (_PLAIN[kind] + f", niet de tekst {err['input']!r}; bijvoorbeeld "
                '{operator: "<", compare_to: baseline, change_percent: -10} (met baseline: {year: 2023} bij de '
                'indicator) voor 10% minder dan in 2023, of {operator: "<", value: 80} voor minder dan 80; de tekst '
                "uit het beleid past in as_written")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        # pydantic's own words are English ("Input should be less than or equal to 2200"): the bound in Dutch.
        words = {"greater_than_equal": "minstens", "less_than_equal": "hoogstens", "greater_than": "meer dan",
                 "less_than": "minder dan"}[kind]
        bound = next(iter(err.get("ctx", {}).values()), None)
        return (f"waarde {err['input']!r} ligt buiten het toegestane bereik"
                + (f" (toegestaan: {words} {bound})" if bound is not None else ""))
    if kind == "extra_forbidden" and err["loc"] and isinstance(err["loc"][-1], str):
        # Walk AL: "region_rul" read "onbekend veld (tikfout?)" without the key it was meant to be.
        import difflib

        near = difflib.get_close_matches(err["loc"][-1], sorted(policy_keys()), n=1, cutoff=0.8)
        if near:
            return f"{_PLAIN[kind]}; bedoelt u '{near[0]}'?"
    return _PLAIN.get(kind, err["msg"])


def _document_problems(raw: dict, series: SeriesCatalogue | None = None) -> list[tuple[tuple, str]]:
    """Checks across fields. Works on the raw data so it runs even where other parts failed."""
    out: list[tuple[tuple, str]] = []
    period = _valid(Period, raw.get("period"))
    members = [m for m in raw.get("municipalities") or [] if isinstance(m, str)] \
        if isinstance(raw.get("municipalities"), list) else []
    declared = [d for d in (_valid(SeriesDeclaration, s) for s in _items(raw, "series")) if d is not None]
    known = series if series is not None else offline_catalogue()
    known = SeriesCatalogue(dict(known.entries), known.forms)
    known.add([SeriesDef(**d.model_dump()) for d in declared], "declared")

    for list_name in ("principles", "general_objectives", "priorities", "other_themes", "series"):
        out += _duplicates(raw, (list_name,), "key")
    for i, item in enumerate(_items(raw, "series")):
        declared_series = _valid(SeriesDeclaration, item)
        if declared_series and (reason := check_aggregation(declared_series.unit, declared_series.aggregation)):
            out.append((("series", i, "aggregation"), reason))
    out += _duplicates(raw, ("priorities",), "rank")
    out += _adoption_problems(raw, members)

    seen_indicator_keys: dict[str, tuple] = {}
    for path, item in _indicator_items(raw):
        indicator = _lenient_indicator(item)
        if indicator is None:
            # Too broken for the checks across its fields; still name what can be told from single fields.
            out += [(path + rel, msg) for rel, msg in _raw_indicator_problems(item, known, period, members)]
            continue
        if indicator.key in seen_indicator_keys:
            out.append((path + ("key",), f"indicatorsleutel '{indicator.key}' komt vaker voor "
                                         f"(ook bij {format_path(seen_indicator_keys[indicator.key])})"))
        seen_indicator_keys.setdefault(indicator.key, path)
        out += [(path + rel, msg) for rel, msg in _indicator_problems(indicator, known, period, members)]

    for list_name in ("priorities", "other_themes"):
        for i, item in enumerate(_items(raw, list_name)):
            if not (isinstance(item.get("themes"), list) and isinstance(item.get("fields"), list)):
                continue
            theme_fields = {str(t).split(".")[0] for t in item["themes"]}
            for code in item["fields"]:
                if item["themes"] and isinstance(code, str) and code in catalogue.FIELDS_BY_CODE and code not in theme_fields:
                    out.append(((list_name, i, "themes"), f"geen van de thema's hoort bij veiligheidsveld {code}"))
    if period and period.end < period.start:
        out.append((("period",), f"de periode eindigt ({period.end}) voor ze begint ({period.start})"))
    elif period and period.end - period.start + 1 > MAX_PERIOD_YEARS:
        # Walk AL: "end: 2072" for 2027 read "in orde"; a safety policy runs four years, a council's term.
        out.append((("period", "end"), f"de periode {period.start}-{period.end} duurt "
                                       f"{period.end - period.start + 1} jaar; een veiligheidsbeleid duurt meestal "
                                       f"vier jaar en hoogstens {MAX_PERIOD_YEARS} (tikfout in het jaartal?)"))
    if period:
        for i, a in enumerate(_items(raw, "adoptions")):
            day = a.get("date")
            if isinstance(day, dt.date) and day.year > period.end:
                out.append((("adoptions", i, "date"), f"vastgesteld op {day:%d-%m-%Y}, na het einde van de periode "
                                                      f"{period.start}-{period.end} (tikfout in het jaartal?)"))
    return out


MAX_PERIOD_YEARS = 10  # a policy runs four years (a council's term); longer is a typo in a year


def _adoption_problems(raw: dict, members: list[str]) -> list[tuple[tuple, str]]:
    """One adoption for the whole policy, or (a joint policy each council adopts) one per municipality."""
    out: list[tuple[tuple, str]] = []
    adoptions = _items(raw, "adoptions")
    named = [(i, a["municipality"]) for i, a in enumerate(adoptions) if isinstance(a.get("municipality"), str)]
    seen: set[str] = set()
    for i, code in named:
        if members and code not in members:
            out.append((("adoptions", i, "municipality"), f"{code} hoort niet bij de gemeenten van dit beleid "
                                                          f"({', '.join(members)})"))
        elif code in seen:
            out.append((("adoptions", i, "municipality"), f"{code} heeft al een vaststelling"))
        seen.add(code)
    if len(adoptions) > 1:
        for i, a in enumerate(adoptions):
            if not isinstance(a.get("municipality"), str):
                out.append((("adoptions", i), "bij meer vaststellingen noemt elke vaststelling zijn gemeente "
                                              "(municipality)"))
        missing = [m for m in members if m not in seen]
        if missing and len(named) == len(adoptions):
            out.append((("adoptions",), f"geen vaststelling voor {', '.join(missing)}: een gezamenlijk beleid met "
                                        "een vaststelling per gemeente heeft er een voor elke gemeente"))
    return out


def _indicator_problems(ind: Indicator, known_series: SeriesCatalogue, period: Period | None,
                        members: Sequence[str] = ()) -> list[tuple[tuple, str]]:
    out: list[tuple[tuple, str]] = []
    targets: list[tuple[tuple, Target]] = [(("target",), ind.target)] if ind.target is not None else []
    targets += [(("municipal_targets", code), t) for code, t in ind.municipal_targets.items()]
    for where, t in targets:
        for rel, message in _target_problems(ind, t):
            found = ((where + rel[1:]) if rel[:1] == ("target",) else rel, message)
            if found not in out:
                out.append(found)
    if targets and ind.target_year is None:
        out.append((("target_year",), "een doel heeft een doeljaar nodig (target_year)"))
    if not targets:
        if ind.target_year is not None:
            out.append((("target_year",), "een doeljaar zonder doel: geef een doel (target) of laat het doeljaar "
                                          "weg voor een indicator die alleen gevolgd wordt"))
        if ind.series is None:
            out.append((("series",), "een indicator zonder doel wordt gevolgd in een reeks: geef de reeks (series)"))

    unit = None
    if ind.series is not None:
        series = known_series.get(ind.series)
        if series is None:
            out.append((("series",), known_series.unknown_message(ind.series)))
        else:
            unit = series.unit or None
            if unit and unit != ind.unit:
                out.append((("unit",), f"eenheid '{ind.unit}'{_unit_word(ind.unit)} past niet bij reeks "
                                       f"'{ind.series}', die in '{unit}'{_unit_word(unit)} meet"))
    elif ind.unit != "qualitative":
        out.append((("series",), "alleen een kwalitatieve indicator mag zonder reeks"))
    out += _value_problems(unit or ind.unit, ind.baseline, targets)
    out += _scope_problems(ind, unit or ind.unit, members)

    if period is not None and ind.target_year is not None and not period.start <= ind.target_year <= period.end:
        out.append((("target_year",), f"doeljaar {ind.target_year} valt buiten de beleidsperiode {period.label}"))
    if ind.baseline is not None and ind.target_year is not None and ind.baseline.year > ind.target_year:
        out.append((("baseline", "year"), f"nulmeting {ind.baseline.year} ligt na het doeljaar {ind.target_year}"))
    return out


def _unit_word(unit: str) -> str:
    """' (percentage)': the unit in the words `ivb series list` uses, beside the key the file needs."""
    return f" ({UNITS[unit][0]})" if unit in UNITS else ""


def _value_problems(unit: str, baseline: Baseline | None, targets: list[tuple[tuple, Target]]) -> list[tuple[tuple, str]]:
    """A figure the policy states must be one the unit can take: no 170% and no rapportcijfer 75, which a form
    would refuse as a figure too. A target may fall between whole counts ("lager dan 107,2" is 107 or fewer); a
    baseline is a measured figure and may not."""
    if unit not in UNITS:
        return []
    label, low, high, _whole = UNITS[unit]
    out: list[tuple[tuple, str]] = []
    if baseline is not None and baseline.value is not None and (why := check_value(unit, baseline.value)):
        out.append((("baseline", "value"), why))
    for where, t in targets:
        if t.value is None:
            continue
        found = format_number(t.value, "count")
        if low is not None and t.value < low:
            out.append(((*where, "value"), f"een {label} kan niet kleiner zijn dan {format_number(low, 'count')} "
                                          f"(gevonden: {found})"))
        elif high is not None and t.value > high:
            out.append(((*where, "value"), f"een {label} kan niet groter zijn dan {format_number(high, 'count')} "
                                          f"(gevonden: {found})"))
    return out


def _raw_indicator_problems(item: object, known_series: SeriesCatalogue, period: Period | None,
                            members: list[str]) -> list[tuple[tuple, str]]:
    if not isinstance(item, dict):
        return []
    out: list[tuple[tuple, str]] = []
    if isinstance(item.get("series"), str) and item["series"] not in known_series:
        out.append((("series",), known_series.unknown_message(item["series"])))
    year = item.get("target_year")
    if period is not None and isinstance(year, int) and not period.start <= year <= period.end:
        out.append((("target_year",), f"doeljaar {year} valt buiten de beleidsperiode {period.label}"))
    codes = item.get("municipalities")
    for i, code in enumerate(codes if isinstance(codes, list) else []):
        if members and isinstance(code, str) and code not in members:
            out.append((("municipalities", i), f"{code} hoort niet bij de gemeenten van dit beleid ({', '.join(members)})"))
    return out


def _target_problems(ind: Indicator, t: Target) -> list[tuple[tuple, str]]:
    out: list[tuple[tuple, str]] = []
    kinds = [k for k, v in (("value", t.value), ("compare_to", t.compare_to), ("qualitative", t.qualitative)) if v is not None]
    if len(kinds) > 1 or (not kinds and t.change_percent is None):  # a lone change is named by _change_problems
        out.append((("target",), "een doel heeft precies één van: value (een getal), compare_to (baseline of "
                                 "previous_year) of qualitative (in woorden)" + (f"; gevonden: {', '.join(kinds)}" if kinds else "")))
    if t.qualitative is not None:
        if t.operator is not None:
            out.append((("target", "operator"), "een kwalitatief doel heeft geen operator"))
        if not t.evidence:
            out.append((("target", "evidence"), "een kwalitatief doel noemt het bewijs dat verwacht wordt (evidence)"))
        if ind.unit != "qualitative":
            out.append((("unit",), "een kwalitatief doel hoort bij eenheid 'qualitative'"))
    elif kinds:
        if t.operator is None:
            out.append((("target", "operator"), "het doel mist een operator (<, <=, > of >=)"))
        if ind.direction is None:
            out.append((("direction",), "het doel heeft geen richting: zeg of lager of hoger beter is (direction)"))
        elif t.operator and _contradicts(t.operator, ind.direction):
            out.append((("target", "operator"), f"operator '{t.operator}' ({Operator(t.operator).words}) past niet "
                                                 f"bij richting '{ind.direction}' ({DIRECTION_WORDS[ind.direction]})"))
        if ind.series is None:
            out.append((("series",), "een meetbaar doel heeft een reeks nodig (series)"))
        if t.compare_to == "baseline" and ind.baseline is None:
            out.append((("baseline",), "het doel vergelijkt met de nulmeting, maar er is geen nulmeting (baseline)"))
    if t.change_percent is not None:
        out += _change_problems(t)
    if t.inferred and not t.inferred_reason:
        out.append((("target", "inferred_reason"), "een afgeleide operator (inferred: true) heeft een reden nodig"))
    return out


def _change_problems(t: Target) -> list[tuple[tuple, str]]:
    """A change in percent is a change from the baseline; its sign is what tells "20% minder" from "20% meer"."""
    where, pct = ("target", "change_percent"), t.change_percent
    assert pct is not None  # called for a target with a change only
    if t.value is not None:
        return [(where, "een doel heeft een getal (value) of een verandering in procenten (change_percent), niet "
                        "allebei: laat er een weg")]
    if t.compare_to != "baseline":
        return [(where, "een verandering in procenten (change_percent) is een verandering ten opzichte van de "
                        "nulmeting: zet er compare_to: baseline bij")]
    if pct <= -100:
        return [(where, f"change_percent {pct:g}: een daling van 100% of meer laat niets over; een daling is een "
                        "getal tussen -100 en 0 (20% minder: -20)")]
    if t.operator is not None and pct != 0 and (pct < 0) != Operator(t.operator).wants_lower:
        # "<= +20" may be meant ("at most 20% more"), but a lost minus sign turns a target into one met by a
        # worsening, and the status would say so without a word: refused, and a cap is given as a value.
        rise = pct > 0
        return [(where, f"change_percent {pct:g} ({format_number(abs(pct), 'percent')} "
                        f"{'meer' if rise else 'minder'} dan de nulmeting) past niet bij operator '{t.operator}' "
                        f"({'lager' if rise else 'hoger'} is het doel); bedoelt u "
                        f"{format_number(abs(pct), 'percent')} {'minder' if rise else 'meer'}, schrijf dan "
                        f"change_percent: {-pct:g}. Een grens aan een {'stijging' if rise else 'daling'}, zoals "
                        f"'hoogstens 10% {'meer' if rise else 'minder'}', geeft u als getal (value)")]
    return []


# Which region rule fits which unit: counts add up; shares, grades and rates are weighted by population.
_RULE_UNITS = {"sum": {"count"}, "population_weighted_mean": {"percent", "grade", "per_100", "per_1000"}}


def _scope_problems(ind: Indicator, unit: str, members: Sequence[str]) -> list[tuple[tuple, str]]:
    out: list[tuple[tuple, str]] = []
    for i, code in enumerate(ind.municipalities):
        if members and code not in members:
            out.append((("municipalities", i), f"{code} hoort niet bij de gemeenten van dit beleid ({', '.join(members)})"))
    for code in ind.municipal_targets:
        if members and code not in members:
            out.append((("municipal_targets", code), f"{code} hoort niet bij de gemeenten van dit beleid "
                                                     f"({', '.join(members)})"))
        elif ind.municipalities and code not in ind.municipalities:
            out.append((("municipal_targets", code), f"de indicator geldt niet voor {code} (municipalities)"))
    if ind.scope == "municipality":
        if ind.region_rule is not None:
            out.append((("region_rule",), "een rekenregel voor de regio (region_rule) hoort alleen bij scope: region"))
        return out
    if len(members) == 1:
        out.append((("scope",), "een regio-indicator hoort bij een beleid van meer gemeenten"))
    if ind.region_rule is None:
        out.append((("region_rule",), "een regio-indicator zegt hoe het regiocijfer uit de gemeenten volgt: "
                                      "region_rule: sum (aantallen optellen) of population_weighted_mean "
                                      "(gemiddelde gewogen naar inwonertal)"))
    elif ind.series is not None and unit in UNITS and unit not in _RULE_UNITS[ind.region_rule]:
        out.append((("region_rule",), f"rekenregel '{ind.region_rule}' past niet bij eenheid '{unit}' "
                                      "(sum is voor aantallen; population_weighted_mean voor percentages, "
                                      "rapportcijfers en aantallen per inwoners)"))
    if ind.series is None:
        out.append((("series",), "een regio-indicator wordt berekend uit een reeks: geef de reeks (series)"))
    if ind.municipalities:
        out.append((("municipalities",), "een regio-indicator geldt voor alle gemeenten samen; laat municipalities weg"))
    if ind.municipal_targets:
        out.append((("municipal_targets",), "een regio-indicator heeft één doel voor de regio; doelen per gemeente "
                                            "horen bij scope: municipality"))
    return out


def _contradicts(operator: str, direction: str) -> bool:
    return Operator(operator).wants_lower != (direction == "lower_is_better")


def _items(raw: dict, name: str) -> list[dict]:
    """The blocks of list `name`, or nothing when it is not a list (the structural check reports that)."""
    value = raw.get(name)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _indicator_items(raw: dict):
    for owner in ("general_objectives", "priorities", "other_themes"):
        value = raw.get(owner)
        for i, item in enumerate(value if isinstance(value, list) else []):
            if isinstance(item, dict) and isinstance(item.get("indicators"), list):
                for j, ind in enumerate(item["indicators"]):
                    yield (owner, i, "indicators", j), ind


def _duplicates(raw: dict, path: tuple, attribute: str) -> list[tuple[tuple, str]]:
    out: list[tuple[tuple, str]] = []
    seen: dict[object, int] = {}
    value = raw.get(path[0])
    for i, item in enumerate(value if isinstance(value, list) else []):
        if isinstance(item, dict) and isinstance(item.get(attribute), str | int | float):
            found = item[attribute]
            if found in seen:
                out.append((path + (i, attribute), f"'{found}' komt al voor bij {format_path(path + (seen[found],))}"))
            seen.setdefault(found, i)
    return out


# Fields the cross-field checks do not look at: when only these are wrong, the checks still run.
_DESCRIPTIVE = {"name": "?", "source": "?", "ref": "?", "note": None}


def _lenient_indicator(item: object) -> Indicator | None:
    try:
        return Indicator.model_validate(item)
    except ValidationError as exc:
        if not isinstance(item, dict):
            return None
        wrong = {e["loc"][0] for e in exc.errors() if e["loc"]}
        if not all(field in _DESCRIPTIVE or field not in Indicator.model_fields for field in wrong):
            return None
        patched = {k: v for k, v in item.items() if k not in wrong}
        patched.update({k: v for k, v in _DESCRIPTIVE.items() if k in wrong and v is not None})
        return _valid(Indicator, patched)


def _valid(model: type[BaseModel], data: object):
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


# ------------------------------------------------------------------------------------------ plain language

def target_text(ind: Indicator, with_inference: bool = True, base: float | None = None) -> str:
    """The target as a phrase, e.g. 'lager dan 80 in 2023'. Says so when the operator was inferred. `base`: the
    series' figure in the baseline year, for a change from a baseline whose value the policy does not state."""
    t = ind.target
    if t is None:
        return _("geen doel; wordt gevolgd")
    word = _(Operator(t.operator).words) if t.operator else "?"
    if t.qualitative is not None:
        text = _("%(target)s (in %(year)s)") % {"target": t.qualitative, "year": ind.target_year}
    elif t.compare_to == "baseline" and t.change_percent:
        stated = ind.baseline.value if ind.baseline and ind.baseline.value is not None else base
        text = _("%(change)s, in %(year)s") % {"change": change_words(ind, t, stated), "year": ind.target_year}
    elif t.compare_to == "baseline":
        baseline = ind.baseline.year if ind.baseline else "?"
        stated = ind.baseline.value if ind.baseline and ind.baseline.value is not None else base
        if stated is not None:  # walk BC: "hoogstens het cijfer van 2024" without the number a reader compares with
            text = _("in %(year)s %(word)s het cijfer van %(baseline)s (de nulmeting: %(value)s)") % {
                "word": word, "baseline": baseline, "year": ind.target_year, "value": format_number(stated, ind.unit)}
        else:
            text = _("in %(year)s %(word)s het cijfer van %(baseline)s (de nulmeting)") % {
                "word": word, "baseline": baseline, "year": ind.target_year}
    elif t.compare_to == "previous_year":
        text = {">=": _("niet lager dan het voorgaande jaar, elk jaar t/m %(year)s"),
                "<=": _("niet hoger dan het voorgaande jaar, elk jaar t/m %(year)s")}.get(
            t.operator or "", word + " " + _("het voorgaande jaar, elk jaar t/m %(year)s")) % {"year": ind.target_year}
    else:
        text = _("%(word)s %(value)s in %(year)s") % {"word": word, "value": format_number(t.value, ind.unit),
                                                      "year": ind.target_year}
    if t.inferred and with_inference:
        text += " " + _("(vergelijkingsteken afgeleid: ontbreekt in de brontekst)")
    return text


def changed_value(base: float, percent: float) -> float:
    """`base` changed by `percent` (-20: 20% less): 134 and -20 give 107,2. Rounded, so that 150 and -30 give
    105 and not 104,99999999999999, which would fail a count of 105 against "hoogstens"."""
    return round(base * (100 + percent) / 100, 9)


def threshold_words(operator: str, threshold: float, unit: str) -> str:
    """'hoogstens 80'; for a count against a broken threshold also the whole counts it means: 'lager dan 107,2,
    dus 107 of minder', since a count of 107 meets it and 108 does not."""
    op = Operator(operator)
    text = f"{_(op.words)} {format_number(threshold, unit)}"
    if unit != "count" or threshold == int(threshold):
        return text
    if op.wants_lower:
        return text + _(", dus %(count)s of minder") % {"count": format_number(math.floor(threshold), unit)}
    return text + _(", dus %(count)s of meer") % {"count": format_number(math.ceil(threshold), unit)}


def change_words(ind: Indicator, t: Target, base: float | None) -> str:
    """A target that is a change from the baseline, e.g. '20% minder dan de 134 van 2023: hoogstens 107,2, dus 107 of
    minder'; without the baseline's figure (none stated and none measured yet) '20% minder dan in 2023'."""
    assert t.change_percent is not None  # called for a change only
    values = {"percent": format_number(abs(t.change_percent), "percent"),
              "year": ind.baseline.year if ind.baseline else "?"}
    if base is None:
        return (_("%(percent)s minder dan in %(year)s") if t.change_percent < 0 else
                _("%(percent)s meer dan in %(year)s")) % values
    values["base"] = format_number(base, ind.unit)
    # No brackets: the words stand inside "het doel (…)" of a status (walk AH: "(… (394), dus … (334 of minder))").
    change = (_("%(percent)s minder dan de %(base)s van %(year)s") if t.change_percent < 0 else
              _("%(percent)s meer dan de %(base)s van %(year)s")) % values
    threshold = threshold_words(t.operator or "<=", changed_value(base, t.change_percent), ind.unit)
    return _("%(change)s: %(threshold)s") % {"change": change, "threshold": threshold}
