"""Store and fetch policies. A policy is identified by its period and its municipalities; importing a
changed document adds a version, importing the same document again changes nothing."""

import datetime as dt
import hashlib
import json
import re

from django.db import transaction
from pydantic import ValidationError

from ivb.domain.policy import (
    Period,
    SeriesDeclaration,
    Validation,
    policy_keys,
    upgrade,
    validate_located,
)
from ivb.domain.policy import Policy as PolicyDoc
from ivb.domain.series import SeriesDef
from ivb.domain.yamlsource import Problem, format_path, load
from ivb.store.areas import unknown_municipality_message
from ivb.store.models import Area, ImportBatch, Policy, PolicyVersion, Series
from ivb.store.reference import save_series
from ivb.store.series_catalogue import catalogue

GM_CODE = re.compile(r"GM[0-9]{4}")


class PolicyStoreError(Exception):
    """The document is valid but cannot be stored; the message says why."""


def document_hash(data: dict) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def validate_for_store(text: str) -> Validation:
    """Everything `import_policy` checks, for a policy file's text, each problem with its line: the file itself
    (with every series the store knows), then the store's rules (`store_problems`), also where the file has
    other problems."""
    located = load(text, keys=policy_keys())
    validation = validate_located(located, catalogue())
    if not isinstance(located.data, dict):
        return validation
    upgraded = upgrade(located.data)
    assert isinstance(upgraded.data, dict)  # upgrade() keeps a dict a dict
    for path, message in store_problems(upgraded.data):
        where = upgraded.old_path(path)
        validation.problems.append(Problem(message, located.line_of(where), format_path(where)))
    validation.problems.sort(key=lambda p: (p.line or 0, p.path))
    return Validation(validation.policy if not validation.problems else None, validation.problems)


def target_doubts(policy: PolicyDoc) -> list[str]:
    """Targets of a valid policy that are probably mistyped, set against the yearly figures stored for its
    municipalities (`ivb.domain.target_doubts`): shown on upload and by `ivb policy validate` and `import`, which
    still store the policy."""
    from ivb.domain.observations import Point
    from ivb.domain.periods import parse
    from ivb.domain.target_doubts import doubts
    from ivb.store.models import Observation

    codes = set(policy.municipalities)
    keys = {ind.series for _owner, ind in policy.all_indicators() if ind.series}
    latest = {(code, key): Point(parse(period), float(value)) for code, key, period, value in Observation.objects.filter(
        area__code__in=codes, series__key__in=keys, superseded_at__isnull=True, period_kind="year")
        .order_by("period_start").values_list("area__code", "series__key", "period", "value")}  # the newest wins
    return doubts(policy, latest, dict(Area.objects.filter(code__in=codes).values_list("code", "name")))


def store_problems(data: dict) -> list[tuple[tuple, str]]:
    """What stops a policy (version 2 data, `Policy.to_data()`) from being stored, as (path, message): unknown
    municipalities, another policy of the same period that shares a municipality, a declared series that would
    change a stored one. Checks what it can of a document that has other problems."""
    codes = data.get("municipalities")
    codes = [c for c in codes if isinstance(c, str)] if isinstance(codes, list) else []
    problems = _municipality_problems(codes)
    period = _valid(Period, data.get("period"))
    if period and not problems:
        problems += outside_lifetime(codes, period)
    if period and codes and not problems:
        problems += [(("municipalities",), message) for message in [_other_policy(period, codes)[1]] if message]
    declared = data.get("series")
    for i, item in enumerate(declared if isinstance(declared, list) else []):
        if (series := _valid(SeriesDeclaration, item)) and (message := _changes_stored_series(series)):
            problems.append((("series", i), message))
    return problems


def _valid(model, data):
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def _municipality_problems(codes: list[str]) -> list[tuple[tuple, str]]:
    known = set(Area.objects.filter(code__in=codes, kind=Area.Kind.MUNICIPALITY).values_list("code", flat=True))
    return [(("municipalities", i), unknown_municipality_message(code)) for i, code in enumerate(codes)
            if code not in known and GM_CODE.fullmatch(code)]


def ended_before(codes: list[str], period: Period) -> list[tuple[tuple, str]]:
    """A municipality that no longer existed when the period begins (Haren, taken into Groningen in 2019, in a
    policy for 2024-2027): the policy belongs to its successor."""
    from ivb.store.areas import heir_on

    out = []
    begins = dt.date(period.start, 1, 1)
    for area in Area.objects.filter(code__in=codes, valid_until__lt=begins):
        heir = heir_on(area, begins)
        belongs = f"; een beleid voor {period.start}–{period.end} hoort bij {heir.name} ({heir.code})" if heir else ""
        out.append((("municipalities", codes.index(area.code)),
                    f"{area.name} ({area.code}) bestond tot en met {area.valid_until:%d-%m-%Y}{belongs}"))
    return out


def outside_lifetime(codes: list[str], period: Period) -> list[tuple[tuple, str]]:
    """A municipality of the policy that had ended before its period began, or was formed after it: the one check
    that `import`, `validate`, `policy new` and the web upload make."""
    return ended_before(codes, period) + began_after(codes, period)


def began_after(codes: list[str], period: Period) -> list[tuple[tuple, str]]:
    """A municipality formed after the period begins (Land van Cuijk, formed on 1 January 2022, in a policy for
    2020-2023): its council adopted nothing for the years before it existed, and the policy would take over the
    pages of those years from its predecessors' figures (walk BW: its 2022-2023 pages then read targets of a
    policy nobody adopted). The period starts in the year it was formed at the earliest."""
    from ivb.domain.i18n import listed
    from ivb.store.areas import formed_from

    out = []
    begins = dt.date(period.start, 1, 1)
    for area in Area.objects.filter(code__in=codes, valid_from__gt=begins):
        assert area.valid_from is not None  # filtered on it above
        before = formed_from(area)
        of = f"; de jaren ervoor horen bij {listed([f'{a.name} ({a.code})' for a in before])}" if before else ""
        out.append((("period",), f"{area.name} ({area.code}) bestaat sinds {area.valid_from:%d-%m-%Y}: een beleid "
                                 f"voor {period.start}–{period.end} begint eerder{of}. Laat de periode beginnen in "
                                 f"{area.valid_from.year + (area.valid_from > dt.date(area.valid_from.year, 1, 1))} "
                                 "of later"))
    return out


def _other_policy(period: Period, codes: list[str]) -> tuple[Policy | None, str | None]:
    """The stored policy a document for `period` and `codes` is a version of, or a reason why it cannot be one.

    A policy is its period and its exact set of municipalities. A document that shares a municipality with
    another policy of the same period but not the whole set would take that policy over: refuse it."""
    wanted = set(codes)
    policy = None
    for candidate in (Policy.objects.filter(period_start=period.start, period_end=period.end,
                                            municipalities__code__in=wanted).distinct()
                      .prefetch_related("municipalities")):
        found = {a.code for a in candidate.municipalities.all()}
        if found != wanted:
            return None, (f"er is al een beleid {period.label} voor {', '.join(sorted(found))} "
                          f"('{candidate.title}'); dit bestand is voor {', '.join(sorted(wanted))}. "
                          "Een gemeente heeft één beleid per periode")
        policy = candidate
    return policy, None


def _changes_stored_series(declared: SeriesDeclaration) -> str | None:
    """A policy may add series, never change one: series are shared by every municipality."""
    existing = Series.objects.filter(key=declared.key).first()
    if existing and (existing.name, existing.unit, existing.aggregation, existing.source, existing.description) != (
            declared.name, declared.unit, declared.aggregation, declared.source, declared.description):
        return (f"reeks '{declared.key}' bestaat al en is van alle gemeenten; een beleid kan een bestaande reeks "
                "niet wijzigen (kies een nieuwe sleutel)")
    return None


@transaction.atomic
def import_policy(doc: PolicyDoc, *, filename: str, actor_name: str, user=None) -> tuple[PolicyVersion, bool]:
    """Store `doc` as the newest version of its policy. Returns (version, whether a new version was made).
    Refuses, with every reason, what `store_problems` finds."""
    problems = store_problems(doc.to_data())
    if problems:
        raise PolicyStoreError("; ".join(f"{format_path(path)}: {message}" for path, message in problems))
    municipalities = list(Area.objects.filter(code__in=doc.municipalities, kind=Area.Kind.MUNICIPALITY))
    policy, _ = _other_policy(doc.period, doc.municipalities)
    if policy is None:
        policy = Policy(period_start=doc.period.start, period_end=doc.period.end)
    current = policy.current_version() if policy.pk else None
    # Compare documents, not hashes: a version 1 file and its upgrade are the same policy.
    if current is not None and PolicyDoc.model_validate(current.document) == doc:
        return current, False

    data = doc.to_data()
    sha = document_hash(data)
    for declared in doc.series:
        if not Series.objects.filter(key=declared.key).exists():
            save_series(SeriesDef(**declared.model_dump()))
    policy.title = doc.title
    policy.save()
    policy.municipalities.set(municipalities)
    batch = ImportBatch.objects.create(kind=ImportBatch.Kind.POLICY, filename=filename, sha256=sha,
                                       imported_by=user, imported_by_name=actor_name, created=1)
    version = PolicyVersion.objects.create(policy=policy, number=(current.number + 1) if current else 1,
                                           document=data, sha256=sha, batch=batch)
    return version, True


def find_policy(municipality_code: str, period_label: str) -> Policy:
    try:
        start, end = (int(part) for part in period_label.split("-"))
    except ValueError:
        raise PolicyStoreError(f"periode '{period_label}' niet begrepen; gebruik bijvoorbeeld 2020-2023") from None
    policy = Policy.objects.filter(municipalities__code=municipality_code, period_start=start, period_end=end).first()
    if policy is None:
        raise PolicyStoreError(f"geen beleid {period_label} voor {municipality_code}")
    return policy


def current_document(policy: Policy) -> PolicyDoc:
    return PolicyDoc.model_validate(policy.current_version().document)


def document_yaml(policy: Policy) -> str:
    """The current version as a policy file, to change and upload again (`ivb policy export`, the upload page)."""
    import yaml

    # Re-read through the model: it puts the keys in the model's order (PostgreSQL's jsonb does not keep it).
    return yaml.safe_dump(current_document(policy).to_data(), allow_unicode=True, sort_keys=False, width=110)
