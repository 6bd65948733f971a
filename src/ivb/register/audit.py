"""The audit trail: append an event in the caller's transaction; verify the whole chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ivb.domain.policy import format_number
from ivb.register.models import AuditEvent, AuditHead

GENESIS = "0" * 64


def _digest(event: AuditEvent) -> str:
    body = {"at": event.at.isoformat(), "actor": event.actor_name, "municipality": event.municipality,
            "action": event.action, "object_kind": event.object_kind, "object_id": event.object_id,
            "detail": event.detail, "prev": event.prev_hash}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def record(*, actor, action: str, object_kind: str, object_id="", municipality: str = "", detail=None) -> AuditEvent:
    """Append an event. Must run inside the transaction of the act itself: no event, no act."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit events are written in the transaction of the act they record")
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1, defaults={"last_hash": GENESIS})
    event = AuditEvent(at=timezone.now(), actor=actor if getattr(actor, "pk", None) else None,
                       actor_name=getattr(actor, "username", str(actor)), municipality=municipality, action=action,
                       object_kind=object_kind, object_id=str(object_id), detail=detail or {},
                       prev_hash=head.last_hash)
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


def verify(anchors: list[dict] = ()) -> Verdict:
    """Walk the chain from the first event. Names the first event that does not fit, then checks that the
    chain still holds every anchor taken earlier."""
    previous = GENESIS
    checked = 0
    wanted = {a["count"]: a for a in anchors}
    for event in AuditEvent.objects.order_by("pk").iterator():
        if event.prev_hash != previous:
            return Verdict(False, checked, _("gebeurtenis %(n)s: de keten is onderbroken (een gebeurtenis ervoor is "
                                             "verwijderd of ingevoegd)") % {"n": event.pk})
        if _digest(event) != event.hash:
            return Verdict(False, checked, _("gebeurtenis %(n)s: de inhoud is gewijzigd") % {"n": event.pk})
        previous = event.hash
        checked += 1
        if checked in wanted and wanted[checked]["hash"] != event.hash:
            return Verdict(False, checked, f"gebeurtenis {event.pk}: wijkt af van het anker van "
                                           f"{wanted[checked].get('at', '?')}; de keten is tot hier herschreven")
    head = AuditHead.objects.filter(pk=1).first()
    expected_count, expected_hash = (head.count, head.last_hash) if head else (0, GENESIS)
    if (checked, previous) != (expected_count, expected_hash):
        return Verdict(False, checked, f"na gebeurtenis {checked}: er ontbreken gebeurtenissen aan het eind "
                                       f"(verwacht {expected_count})")
    beyond = [a for a in anchors if a["count"] > checked]
    if beyond:
        return Verdict(False, checked, f"het anker van {beyond[0].get('at', '?')} telde {beyond[0]['count']} "
                                       f"gebeurtenissen, de keten heeft er nu {checked}")
    held = _(", %(n)s ankers kloppen") % {"n": format_number(len(anchors), "count")} if anchors else ""
    return Verdict(True, checked, _("%(n)s gebeurtenissen, keten intact") % {"n": format_number(checked, "count")}
                   + held)
