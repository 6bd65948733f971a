"""Store and fetch policies. A policy is identified by its period and its municipalities; importing a
changed document adds a version, importing the same document again changes nothing."""

import hashlib
import json

from django.db import transaction

from ivb.domain.policy import Policy as PolicyDoc
from ivb.domain.series import SeriesDef
from ivb.store.areas import unknown_municipality_message
from ivb.store.models import Area, ImportBatch, Policy, PolicyVersion, Series
from ivb.store.reference import save_series


class PolicyStoreError(Exception):
    """The document is valid but cannot be stored; the message says why."""


def document_hash(data: dict) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def import_policy(doc: PolicyDoc, *, filename: str, actor_name: str, user=None) -> tuple[PolicyVersion, bool]:
    """Store `doc` as the newest version of its policy. Returns (version, whether a new version was made)."""
    municipalities = list(Area.objects.filter(code__in=doc.municipalities, kind=Area.Kind.MUNICIPALITY))
    missing = sorted(set(doc.municipalities) - {a.code for a in municipalities})
    if missing:
        raise PolicyStoreError("; ".join(unknown_municipality_message(code) for code in missing))
    _check_declared_series(doc)

    data = doc.to_data()
    sha = document_hash(data)
    # A policy is its period and its exact set of municipalities. A document that shares a municipality with
    # another policy of the same period but not the whole set would take that policy over: refuse it.
    wanted = set(doc.municipalities)
    policy = None
    for candidate in (Policy.objects.filter(period_start=doc.period.start, period_end=doc.period.end,
                                            municipalities__in=municipalities).distinct()
                      .prefetch_related("municipalities")):
        codes = {a.code for a in candidate.municipalities.all()}
        if codes != wanted:
            raise PolicyStoreError(
                f"er is al een beleid {doc.period.label} voor {', '.join(sorted(codes))} ('{candidate.title}'); "
                f"dit bestand is voor {', '.join(sorted(wanted))}. Een gemeente heeft één beleid per periode")
        policy = candidate
    if policy is None:
        policy = Policy(period_start=doc.period.start, period_end=doc.period.end)
    current = policy.current_version() if policy.pk else None
    if current is not None and current.sha256 == sha:
        return current, False

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


def _check_declared_series(doc: PolicyDoc) -> None:
    """A policy may add series, never change one: series are shared by every municipality."""
    for declared in doc.series:
        existing = Series.objects.filter(key=declared.key).first()
        if existing and (existing.name, existing.unit, existing.aggregation, existing.source, existing.description) != (
                declared.name, declared.unit, declared.aggregation, declared.source, declared.description):
            raise PolicyStoreError(f"reeks '{declared.key}' bestaat al en is van alle gemeenten; een beleid kan "
                                   "een bestaande reeks niet wijzigen (kies een nieuwe sleutel)")


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
