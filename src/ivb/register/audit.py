"""The audit trail: append an event in the caller's transaction; verify the whole chain.

Hash versions: version 1 (events written before issue 14) covered the event's fields except the actor's
account and its own version; version 2 covers every field but the row number and the hash itself (the position
is covered by the previous hash). Old events keep verifying as version 1; new events are version 2, and
once a version-2 event is in the chain an older version after it is a finding: downgrading an event to
leave the actor out of its hash would need a rewrite of every hash after it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ivb.domain.policy import format_number
from ivb.register.models import AuditEvent, AuditHead, Case, Signal

GENESIS = "0" * 64
VERSION = 2


def _digest(event: AuditEvent) -> str:
    body = {"at": event.at.isoformat(), "actor": event.actor_name, "municipality": event.municipality,
            "action": event.action, "object_kind": event.object_kind, "object_id": event.object_id,
            "detail": event.detail, "prev": event.prev_hash}
    if event.version >= 2:
        body |= {"actor_id": event.actor_id, "version": event.version}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def record(*, actor, action: str, object_kind: str, object_id="", municipality: str = "", detail=None) -> AuditEvent:
    """Append an event. Must run inside the transaction of the act itself: no event, no act."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit events are written in the transaction of the act they record")
    head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1, defaults={"last_hash": GENESIS})
    event = AuditEvent(at=timezone.now(), actor=actor if getattr(actor, "pk", None) else None,
                       actor_name=getattr(actor, "username", str(actor)), municipality=municipality, action=action,
                       object_kind=object_kind, object_id=str(object_id), detail=detail or {},
                       prev_hash=head.last_hash, version=VERSION)
    event.hash = _digest(event)
    event.save()
    head.last_hash, head.count = event.hash, head.count + 1
    head.save(update_fields=["last_hash", "count"])
    return event


@dataclass
class Verdict:
    ok: bool
    checked: int
    message: str


def anchor() -> dict:
    """The chain's head as a line to keep outside the database (another system, a signed mail, paper). Whoever
    can write the database can recompute every hash after an edit; they cannot change an anchor kept elsewhere."""
    head = AuditHead.objects.filter(pk=1).first()
    return {"at": timezone.now().isoformat(timespec="seconds"), "count": head.count if head else 0,
            "hash": head.last_hash if head else GENESIS}


class AnchorError(ValueError):
    pass


def read_anchors(text: str, source: str) -> list[dict]:
    anchors = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not (isinstance(item, dict) and isinstance(item.get("count"), int) and item["count"] >= 0
                    and isinstance(item.get("hash"), str) and len(item["hash"]) == 64):
                raise ValueError
        except ValueError:
            raise AnchorError(f"{source}, regel {number}: geen anker (verwacht een JSON-regel met count en hash, "
                              "zoals `ivb audit anchor` die schrijft)") from None
        anchors.append(item)
    return anchors


def verify(anchors: Sequence[dict] = ()) -> Verdict:
    """Walk the chain from the first event. Names the first event that does not fit, then checks the head,
    that every signal and case in the register has its creation in the chain, and every anchor taken earlier."""
    previous, checked, newest = GENESIS, 0, 1
    created: dict[str, set[str]] = {"signaal": set(), "casus": set()}
    wanted = {a["count"]: a for a in anchors}
    for event in AuditEvent.objects.order_by("pk").iterator():
        problem = _problem(event, previous, newest)
        if problem:
            return Verdict(False, checked, problem)
        previous, newest = event.hash, max(newest, event.version)
        checked += 1
        if event.action == "create" and event.object_kind in created:
            created[event.object_kind].add(event.object_id)
        if checked in wanted and wanted[checked]["hash"] != event.hash:
            return Verdict(False, checked, f"gebeurtenis {event.pk}: wijkt af van het anker van "
                                           f"{wanted[checked].get('at', '?')}; de keten is tot hier herschreven")
    beyond = [a for a in anchors if a["count"] > checked]
    problem = (_head_problem(checked, previous)
               or (beyond and f"het anker van {beyond[0].get('at', '?')} telde {beyond[0]['count']} "
                              f"gebeurtenissen, de keten heeft er nu {checked}")
               or _unrecorded(created))
    if problem:
        return Verdict(False, checked, problem)
    held = _(", %(n)s ankers kloppen") % {"n": format_number(len(anchors), "count")} if anchors else ""
    return Verdict(True, checked, _("%(n)s gebeurtenissen, keten intact") % {"n": format_number(checked, "count")}
                   + held)


def _problem(event: AuditEvent, previous: str, newest: int) -> str:
    """What is wrong with this event, given the one before it ('' if nothing)."""
    if event.prev_hash != previous:
        return _("gebeurtenis %(n)s: de keten is onderbroken (een gebeurtenis ervoor is verwijderd of ingevoegd)") % {
            "n": event.pk}
    if not 1 <= event.version <= VERSION or event.version < newest:
        return _("gebeurtenis %(n)s: de hashversie is gewijzigd") % {"n": event.pk}
    if _digest(event) != event.hash:
        return _("gebeurtenis %(n)s: de inhoud is gewijzigd") % {"n": event.pk}
    return ""


def _head_problem(checked: int, last: str) -> str:
    """The head is written with the first event and never removed: without it, events that exist (or existed)
    lost their count. Its count and hash must be those of the last event."""
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        return _("de kop van de keten ontbreekt, maar er zijn %(n)s gebeurtenissen: de kop is verwijderd") % {
            "n": format_number(checked, "count")} if checked else ""
    if (checked, last) != (head.count, head.last_hash):
        return _("na gebeurtenis %(n)s: er ontbreken gebeurtenissen aan het eind (verwacht %(expected)s)") % {
            "n": checked, "expected": head.count}
    return ""


def _unrecorded(created: dict[str, set[str]]) -> str:
    """Every signal and case is created through a service that records it: one without its creation in the
    chain means events were removed, even when the whole trail and its head were."""
    for model, kind, prefix in ((Signal, "signaal", "S"), (Case, "casus", "C")):
        for pk in model.objects.order_by("pk").values_list("pk", flat=True).iterator():
            if str(pk) not in created[kind]:
                return _("%(record)s staat in het register, maar het aanmaken ervan ontbreekt in de audittrail: "
                         "gebeurtenissen zijn verwijderd") % {"record": f"{prefix}-{pk}"}
    return ""
