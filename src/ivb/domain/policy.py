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
import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from ivb.domain import catalogue
from ivb.domain.series import SeriesDef, builtin_series
from ivb.domain.units import AGGREGATIONS, INDICATOR_UNITS, UNITS, check_aggregation
from ivb.domain.i18n import N_, _, language
from ivb.domain.yamlsource import Located, Problem, format_path, load


def _known_field(code: str) -> str:
    if code not in catalogue.FIELDS_BY_CODE:
        raise ValueError(f"onbekend veiligheidsveld '{code}' (bekend: {', '.join(catalogue.FIELDS_BY_CODE)})")
    return code


def _known_theme(code: str) -> str:
    if code not in catalogue.THEMES_BY_CODE:
        raise ValueError(f"onbekende themacode '{code}' (het Kernbeleid Veiligheid kent 1.1 t/m 5.5)")
    return code


def _municipality(code: str) -> str:
    if not re.fullmatch(r"GM\d{4}", code):
        raise ValueError(f"'{code}' is geen CBS-gemeentecode (zoals GM0553)")
    return code


FieldCode = Annotated[str, AfterValidator(_known_field)]
ThemeCode = Annotated[str, AfterValidator(_known_theme)]
MunicipalityCode = Annotated[str, AfterValidator(_municipality)]
Key = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", description="lower-case identifier, unique in its list")]
Ref = Annotated[str, Field(min_length=1, description="where in the source document this was transcribed from")]
Text = Annotated[str, Field(min_length=1)]
Year = Annotated[int, Field(ge=1900, le=2200)]
Operator = Literal["<", "<=", ">", ">="]
Direction = Literal["lower_is_better", "higher_is_better"]
Unit = Literal[tuple(sorted(INDICATOR_UNITS))]  # type: ignore[valid-type]
SeriesUnit = Literal[tuple(sorted(UNITS))]  # type: ignore[valid-type]
Aggregation = Literal[tuple(sorted(AGGREGATIONS))]  # type: ignore[valid-type]


class Strict(BaseModel):
    # A misspelt field name is an error, never silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(Strict):
    start: Year
    end: Year

    @property
    def label(self) -> str:
        return f"{self.start}-{self.end}"


class Adoption(Strict):
    body: Text = Field(description="who adopted it, e.g. gemeenteraad")
    date: dt.date
    legal_basis: Text
    college_decision_date: dt.date | None = None
    proposal_reference: str | None = Field(None, description="kenmerk voorstel")
    in_force: dt.date | None = None
    publication: str | None = None
    ref: Ref


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
    target: Target
    target_year: Year
    reporting_rate: ReportingRate | None = None
    ref: Ref
    note: str | None = None


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
    field: FieldCode
    themes: list[ThemeCode] = Field(min_length=1)
    theme_label: str | None = Field(None, description="the theme as the policy words it")
    themes_note: str | None = Field(None, description="why these theme codes, when the policy does not name them")
    description: Text
    lead: str | None = Field(None, description="who in the organisation leads (regie)")
    approach: list[ApproachGroup] = Field(min_length=1)
    partners: list[Text] = []
    objectives: list[Text] = []
    indicators: list[Indicator] = []
    ref: Ref


class OtherTheme(Strict):
    key: Key
    title: Text
    field: FieldCode
    themes: list[ThemeCode] = Field(min_length=1)
    description: Text
    activities: list[Text] = []
    partners: list[Text] = []
    ref: Ref


class SeriesDeclaration(Strict):
    key: Key
    name: Text
    unit: SeriesUnit
    aggregation: Aggregation
    source: Text
    description: str = ""


class Policy(Strict):
    title: Text
    period: Period
    municipalities: list[MunicipalityCode] = Field(min_length=1)
    organisation: str | None = None
    adoption: Adoption
    vision: Vision
    principles: list[Principle] = []
    general_objectives: list[Objective] = []
    priorities: list[Priority] = []
    other_themes: list[OtherTheme] = []
    series: list[SeriesDeclaration] = Field([], description="series this policy measures beyond IVB's built-in ones")
    ref: Ref

    def all_indicators(self) -> list[tuple[str, Indicator]]:
        """(owner key, indicator) for the general objectives' and the priorities' indicators, in order."""
        owned = [(o.key, i) for o in self.general_objectives for i in o.indicators]
        return owned + [(p.key, i) for p in self.priorities for i in p.indicators]

    def series_catalogue(self) -> dict[str, SeriesDef]:
        return {**builtin_series(), **{s.key: SeriesDef(**s.model_dump()) for s in self.series}}

    def to_data(self) -> dict:
        """Plain JSON-able data; `Policy.model_validate(policy.to_data()) == policy`."""
        return self.model_dump(mode="json", exclude_defaults=True)


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


def validate_text(text: str) -> Validation:
    return validate_located(load(text))


def validate_located(located: Located) -> Validation:
    problems = list(located.problems)
    raw = located.data
    if raw is None:
        return Validation(None, problems)
    if not isinstance(raw, dict):
        return Validation(None, problems + [Problem("het bestand moet een beleid zijn (sleutels zoals title, period, priorities)", 1)])

    policy = None
    try:
        policy = Policy.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            problems.append(Problem(_plain(err), located.line_of(loc), format_path(loc)))

    for path, message in _document_problems(raw):
        problems.append(Problem(message, located.line_of(path), format_path(path)))
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


def _plain(err: dict) -> str:
    kind = err["type"]
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind == "literal_error":
        return f"ongeldige waarde {err['input']!r}; toegestaan: {err['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        return f"ongeldige sleutel {err['input']!r}: alleen kleine letters, cijfers, '_', '.' en '-'"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"waarde {err['input']!r} ligt buiten het toegestane bereik ({err['msg']})"
    return _PLAIN.get(kind, err["msg"])


def _document_problems(raw: dict) -> list[tuple[tuple, str]]:
    """Checks across fields. Works on the raw data so it runs even where other parts failed."""
    out: list[tuple[tuple, str]] = []
    period = _valid(Period, raw.get("period"))
    declared = [s for s in _items(raw, "series") if isinstance(s.get("key"), str)]
    known_series = {**builtin_series(), **{s["key"]: s for s in declared}}

    for list_name in ("principles", "general_objectives", "priorities", "other_themes", "series"):
        out += _duplicates(raw, (list_name,), "key")
    for i, item in enumerate(_items(raw, "series")):
        declared_series = _valid(SeriesDeclaration, item)
        if declared_series and (reason := check_aggregation(declared_series.unit, declared_series.aggregation)):
            out.append((("series", i, "aggregation"), reason))
    out += _duplicates(raw, ("priorities",), "rank")

    seen_indicator_keys: dict[str, tuple] = {}
    for path, item in _indicator_items(raw):
        indicator = _lenient_indicator(item)
        if indicator is None:
            continue
        if indicator.key in seen_indicator_keys:
            out.append((path + ("key",), f"indicatorsleutel '{indicator.key}' komt vaker voor "
                                         f"(ook bij {format_path(seen_indicator_keys[indicator.key])})"))
        seen_indicator_keys.setdefault(indicator.key, path)
        out += [(path + rel, msg) for rel, msg in _indicator_problems(indicator, known_series, period)]

    for list_name in ("priorities", "other_themes"):
        for i, item in enumerate(_items(raw, list_name)):
            if isinstance(item.get("themes"), list) and isinstance(item.get("field"), str):
                fields = {str(t).split(".")[0] for t in item["themes"]}
                if item["field"] in catalogue.FIELDS_BY_CODE and item["field"] not in fields:
                    out.append(((list_name, i, "themes"),
                                f"geen van de thema's hoort bij veiligheidsveld {item['field']}"))
    if period and period.end < period.start:
        out.append((("period",), f"de periode eindigt ({period.end}) voor ze begint ({period.start})"))
    return out


def _indicator_problems(ind: Indicator, known_series: dict, period: Period | None) -> list[tuple[tuple, str]]:
    out: list[tuple[tuple, str]] = []
    t = ind.target
    kinds = [k for k, v in (("value", t.value), ("compare_to", t.compare_to), ("qualitative", t.qualitative)) if v is not None]
    if len(kinds) != 1:
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
            out.append((("target", "operator"), f"operator '{t.operator}' past niet bij richting '{ind.direction}'"))
        if ind.series is None:
            out.append((("series",), "een meetbaar doel heeft een reeks nodig (series)"))
        if t.compare_to == "baseline" and ind.baseline is None:
            out.append((("baseline",), "het doel vergelijkt met de nulmeting, maar er is geen nulmeting (baseline)"))
    if t.inferred and not t.inferred_reason:
        out.append((("target", "inferred_reason"), "een afgeleide operator (inferred: true) heeft een reden nodig"))

    if ind.series is not None:
        series = known_series.get(ind.series)
        if series is None:
            out.append((("series",), f"onbekende reeks '{ind.series}'"))
        else:
            unit = series.unit if isinstance(series, SeriesDef) else series.get("unit")
            if unit != ind.unit:
                out.append((("unit",), f"eenheid '{ind.unit}' past niet bij reeks '{ind.series}' ({unit})"))
    elif ind.unit != "qualitative":
        out.append((("series",), "alleen een kwalitatieve indicator mag zonder reeks"))

    if period is not None:
        if not period.start <= ind.target_year <= period.end:
            out.append((("target_year",), f"doeljaar {ind.target_year} valt buiten de beleidsperiode {period.label}"))
    if ind.baseline is not None and ind.baseline.year > ind.target_year:
        out.append((("baseline", "year"), f"nulmeting {ind.baseline.year} ligt na het doeljaar {ind.target_year}"))
    return out


def _contradicts(operator: str, direction: str) -> bool:
    return (operator in ("<", "<=")) != (direction == "lower_is_better")


def _items(raw: dict, name: str) -> list[dict]:
    """The blocks of list `name`, or nothing when it is not a list (the structural check reports that)."""
    value = raw.get(name)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _indicator_items(raw: dict):
    for owner in ("general_objectives", "priorities"):
        value = raw.get(owner)
        for i, item in enumerate(value if isinstance(value, list) else []):
            if isinstance(item, dict) and isinstance(item.get("indicators"), list):
                for j, ind in enumerate(item["indicators"]):
                    yield (owner, i, "indicators", j), ind


def _duplicates(raw: dict, path: tuple, attribute: str) -> list[tuple[tuple, str]]:
    out, seen = [], {}
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

_OPERATOR_WORDS = {"<": N_("lager dan"), "<=": N_("hoogstens"), ">": N_("hoger dan"), ">=": N_("minstens")}


def target_text(ind: Indicator, with_inference: bool = True) -> str:
    """The target as a phrase, e.g. 'lager dan 80 in 2023'. Says so when the operator was inferred."""
    t = ind.target
    word = _(_OPERATOR_WORDS[t.operator]) if t.operator in _OPERATOR_WORDS else "?"
    if t.qualitative is not None:
        text = _("%(target)s (in %(year)s)") % {"target": t.qualitative, "year": ind.target_year}
    elif t.compare_to == "baseline":
        baseline = ind.baseline.year if ind.baseline else "?"
        text = _("%(word)s in %(baseline)s (nulmeting), in %(year)s") % {
            "word": word, "baseline": baseline, "year": ind.target_year}
    elif t.compare_to == "previous_year":
        text = {">=": _("niet lager dan het voorgaande jaar, elk jaar t/m %(year)s"),
                "<=": _("niet hoger dan het voorgaande jaar, elk jaar t/m %(year)s")}.get(
            t.operator, word + " " + _("het voorgaande jaar, elk jaar t/m %(year)s")) % {"year": ind.target_year}
    else:
        text = _("%(word)s %(value)s in %(year)s") % {"word": word, "value": format_number(t.value, ind.unit),
                                                      "year": ind.target_year}
    if t.inferred and with_inference:
        text += " " + _("(vergelijkingsteken afgeleid: ontbreekt in de brontekst)")
    return text


def format_number(value: float | None, unit: str) -> str:
    """A number as readers write it: in Dutch a decimal comma and dots between thousands, in English the other
    way round; '%' for percentages, 'plaats' for ranks."""
    if value is None:
        return "–"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    if language() != "en":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    if unit == "percent":
        return f"{text}%"
    if unit == "rank":
        return _("plaats %(rank)s") % {"rank": text}
    return text
