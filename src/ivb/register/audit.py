"""The audit trail: append an event in the caller's transaction; verify the chain.

Changes are appended under the head's lock. Reads (READS) are appended without it, each with a hash over its
own content and no place in the chain yet; the next change, the audit page or an anchor seals them into the
chain in the order they were written (docs/decisions/0032). The audit page verifies from a checkpoint where the
chain was last found intact; `ivb audit verify` walks the whole chain.

Hash versions: version 1 (events written before issue 14) covered the event's fields except the actor's
account and its own version; version 2 covers every field but the row number and the hash itself (the position
is covered by the previous hash). Old events keep verifying as version 1; new events are version 2, and
once a version-2 event is in the chain an older version after it is a finding: downgrading an event to
leave the actor out of its hash would need a rewrite of every hash after it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ivb.domain.numbers import format_number
from ivb.register.models import AuditCheckpoint, AuditEvent, AuditHead, Case, Signal

GENESIS = "0" * 64
VERSION = 2
# Acts that only read the register: many people at once, none of them should wait for another.
READS = frozenset({"view", "list", "search", "export", "refused"})


def _digest(event: AuditEvent) -> str:
    body = {"at": event.at.isoformat(), "actor": event.actor_name, "municipality": event.municipality,
            "action": event.action, "object_kind": event.object_kind, "object_id": event.object_id,
            "detail": event.detail, "prev": event.prev_hash}
    if event.version >= 2:
        body |= {"actor_id": event.actor_id, "version": event.version}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def record(*, actor, action: str, object_kind: str, object_id="", municipality: str = "", detail=None) -> AuditEvent:
    """Append an event. Must run inside the transaction of the act itself: no event, no act. A read takes no
    lock; a change locks the head, seals the reads written before it, and takes the next place in the chain."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit events are written in the transaction of the act they record")
    event = AuditEvent(at=timezone.now(), actor=actor if getattr(actor, "pk", None) else None,
                       actor_name=getattr(actor, "username", str(actor)), municipality=municipality, action=action,
                       object_kind=object_kind, object_id=str(object_id), detail=detail or {}, prev_hash="",
                       version=VERSION)
    if action in READS:
        event.hash = _digest(event)  # over its own content until it is sealed
        event.save()
        return event
    head = _locked_head()
    _seal(head)
    _chain(event, head)
    event.save()
    head.save(update_fields=["last_hash", "count"])
    return event


def seal() -> int:
    """Seal the reads written so far into the chain; how many. Takes the head's lock only when there are any."""
    if not AuditEvent.objects.filter(seq__isnull=True).exists():
        return 0
    with transaction.atomic():
        head = _locked_head()
        sealed = _seal(head)
        head.save(update_fields=["last_hash", "count"])
    return sealed


def _locked_head() -> AuditHead:
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1, defaults={"last_hash": GENESIS})
    return head


def _chain(event: AuditEvent, head: AuditHead) -> None:
    """Give `event` the next place after `head`, and move the head to it."""
    event.prev_hash, event.seq = head.last_hash, head.count + 1
    event.hash = _digest(event)
    head.last_hash, head.count = event.hash, head.count + 1


def _seal(head: AuditHead) -> int:
    """Chain the waiting reads, oldest first, under the head's lock. A read whose own hash no longer fits its
    content is left out: it stays a finding of `verify` instead of being sealed with what was changed."""
    waiting = [e for e in AuditEvent.objects.filter(seq__isnull=True).order_by("pk")
               if not e.prev_hash and _digest(e) == e.hash]
    for event in waiting:
        _chain(event, head)
    if waiting:  # one plain statement for all: Django's bulk_update builds a CASE per row, slower than the hashing
        q = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {q(AuditEvent._meta.db_table)} SET {q('prev_hash')} = %s, {q('seq')} = %s, "
                               f"{q('hash')} = %s WHERE {q('id')} = %s",
                               [(e.prev_hash, e.seq, e.hash, e.pk) for e in waiting])
    return len(waiting)


@dataclass
class Verdict:
    ok: bool
    checked: int
    message: str


def anchor() -> dict:
    """The chain's head as a line to keep outside the database (another system, a signed mail, paper). Whoever
    can write the database can recompute every hash after an edit; they cannot change an anchor kept elsewhere."""
    seal()  # the anchor covers every read so far
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
    """Walk the chain from the first event. Names the first event that does not fit, then checks the reads
    not yet sealed, the head, that every signal and case in the register has its creation in the chain, and
    every anchor taken earlier. Found intact, it becomes the audit page's checkpoint; found broken, the
    checkpoint goes, so the page walks the whole chain too until it is mended."""
    # Read before the walk, like the audit page does: what the checkpoint will say was checked.
    signals, cases = (m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0 for m in (Signal, Case))
    walk = _Walk(GENESIS, 0, 1)
    problem = walk.through(AuditEvent.objects.filter(seq__isnull=False), {a["count"]: a for a in anchors})
    waiting, waiting_problem = _waiting()
    beyond = [a for a in anchors if a["count"] > walk.checked]
    problem = (problem or waiting_problem or _head_problem(walk.checked, walk.previous, waiting)
               or (beyond and f"het anker van {beyond[0].get('at', '?')} telde {beyond[0]['count']} "
                              f"gebeurtenissen, de keten heeft er nu {walk.checked}")
               or _unrecorded(walk.created))
    if problem:
        return _broken(walk.checked, problem)
    walk.keep(full_at=timezone.now(), signals=signals, cases=cases)
    held = (ngettext(", %(n)s anker klopt", ", %(n)s ankers kloppen", len(anchors))
            % {"n": format_number(len(anchors), "count")} if anchors else "")
    return Verdict(True, walk.checked, _("%(n)s gebeurtenissen, keten intact") % {
        "n": format_number(walk.checked + waiting, "count")} + held + _waiting_words(waiting))


def verify_since_checkpoint() -> Verdict:
    """The audit page's check: the events after the checkpoint, the reads not yet sealed and the head, so its
    work does not grow with the chain. Without a checkpoint, the whole chain (which then makes one). An edit
    before the checkpoint that recomputed the hashes after it moves the checkpoint's event and is caught here;
    one that did not is caught by `verify` (`ivb audit verify`), as is any rewrite with the anchors."""
    point = AuditCheckpoint.objects.filter(pk=1).first()
    if point is None:
        whole = verify()  # found intact, it leaves a checkpoint: the page's words then come from there
        return verify_since_checkpoint() if whole.ok else whole
    at_point = AuditEvent.objects.filter(seq=point.seq).order_by("pk").first() if point.seq else None
    if point.seq and (at_point is None or at_point.hash != point.hash):
        return _broken(point.seq, _("de keten tot het controlepunt (gebeurtenis %(n)s) is gewijzigd; "
                                    "`ivb audit verify` noemt waar") % {"n": format_number(point.seq, "count")})
    # Read before the walk: a signal or case that is there was created with its event in the same transaction.
    signals = set(Signal.objects.filter(pk__gt=point.newest_signal).values_list("pk", flat=True))
    cases = set(Case.objects.filter(pk__gt=point.newest_case).values_list("pk", flat=True))
    walk = _Walk(point.hash, point.seq, point.version)
    problem = walk.through(AuditEvent.objects.filter(seq__gt=point.seq))
    waiting, waiting_problem = _waiting()
    problem = (problem or waiting_problem or _head_problem(walk.checked, walk.previous, waiting)
               or _missing_creation(signals, walk.created["signaal"], "S")
               or _missing_creation(cases, walk.created["casus"], "C"))
    if problem:
        return _broken(walk.checked, problem)
    walk.keep(full_at=point.full_at, signals=max(signals, default=point.newest_signal),
              cases=max(cases, default=point.newest_case))
    # The page puts "keten intact" beside this already; in the privacy officer's words, not the chain's (walk of
    # 4 December: "de 0 na het controlepunt zijn nu nagerekend"); the date as every other page writes it.
    # No counts: the chain holds every municipality's events, and their number is not this municipality's to
    # read (walk AI: "529 gebeurtenissen" above a trail of 319).
    new = walk.checked - point.seq
    words = {"full": date_format(timezone.localtime(point.full_at), "j F Y H:i")}
    since = (_("wat er sinds de vorige controle bij kwam, is nu nagerekend") if new else
             _("sinds de vorige controle kwam er niets bij"))
    return Verdict(True, walk.checked, _("geen gebeurtenis is gewijzigd of verwijderd (de keten loopt over alle "
                                         "gemeenten van deze installatie): %(since)s; de hele keten rekende IVB het "
                                         "laatst na op %(full)s (de applicatiebeheerder doet dat ook tegen de kopieën "
                                         "buiten IVB)") % {**words, "since": since}
                   + (_("; wat er zojuist is bekeken, komt bij de volgende wijziging in de keten en wordt dan "
                        "meegerekend") if waiting else ""))


@dataclass
class _Walk:
    """Where a walk along the chain is: the last hash, how many events so far, the newest hash version, and
    the signals and cases whose creation it passed."""

    previous: str
    checked: int
    newest: int
    created: dict[str, set[str]] = field(default_factory=lambda: {"signaal": set(), "casus": set()})

    def through(self, events, anchors: dict[int, dict] | None = None) -> str:
        """Walk `events` in chain order; what is wrong with the first that does not fit ('' if none)."""
        for event in events.order_by("seq", "pk").iterator():
            problem = _problem(event, self.previous, self.newest)
            if problem:
                return problem
            self.previous, self.newest, self.checked = event.hash, max(self.newest, event.version), self.checked + 1
            if event.action == "create" and event.object_kind in self.created:
                self.created[event.object_kind].add(event.object_id)
            anchor = (anchors or {}).get(self.checked)
            if anchor and anchor["hash"] != event.hash:
                return (f"gebeurtenis {event.pk}: wijkt af van het anker van {anchor.get('at', '?')}; "
                        "de keten is tot hier herschreven")
        return ""

    def keep(self, *, full_at, signals: int, cases: int) -> None:
        """Make the end of this walk the audit page's checkpoint."""
        AuditCheckpoint.objects.update_or_create(pk=1, defaults={
            "seq": self.checked, "hash": self.previous, "version": self.newest, "newest_signal": signals,
            "newest_case": cases, "full_at": full_at, "at": timezone.now()})


def _broken(checked: int, problem: str) -> Verdict:
    AuditCheckpoint.objects.filter(pk=1).delete()
    return Verdict(False, checked, problem)


def _waiting() -> tuple[int, str]:
    """How many reads wait to be sealed, and what is wrong with the first one that does not fit ('' if none).
    A read waits with no previous hash and the newest hash version; its hash covers its own content."""
    count, problem = 0, ""
    for event in AuditEvent.objects.filter(seq__isnull=True).order_by("pk").iterator():
        count += 1
        problem = problem or _problem(event, "", VERSION)
    return count, problem


def _waiting_words(waiting: int) -> str:
    if not waiting:
        return ""
    return ngettext("; %(n)s keer bekijken komt bij de volgende wijziging in de keten",
                    "; %(n)s keer bekijken komen bij de volgende wijziging in de keten",
                    waiting) % {"n": format_number(waiting, "count")}


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


def _head_problem(checked: int, last: str, waiting: int = 0) -> str:
    """The head is written with the first event and never removed: without it, events that exist (or existed)
    lost their count. Its count and hash must be those of the last event."""
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        return _("de kop van de keten ontbreekt, maar er zijn %(n)s gebeurtenissen: de kop is verwijderd") % {
            "n": format_number(checked + waiting, "count")} if checked + waiting else ""
    if (checked, last) != (head.count, head.last_hash):
        return _("na gebeurtenis %(n)s: er ontbreken gebeurtenissen aan het eind (verwacht %(expected)s)") % {
            "n": checked, "expected": head.count}
    return ""


def _unrecorded(created: dict[str, set[str]]) -> str:
    """Every signal and case is created through a service that records it: one without its creation in the
    chain means events were removed, even when the whole trail and its head were."""
    for model, kind, prefix in ((Signal, "signaal", "S"), (Case, "casus", "C")):
        problem = _missing_creation(model.objects.order_by("pk").values_list("pk", flat=True).iterator(),
                                    created[kind], prefix)
        if problem:
            return problem
    return ""


def _missing_creation(pks, created: set[str], prefix: str) -> str:
    for pk in sorted(pks) if isinstance(pks, set) else pks:
        if str(pk) not in created:
            return _("%(record)s staat in het register, maar het aanmaken ervan ontbreekt in de audittrail: "
                     "gebeurtenissen zijn verwijderd") % {"record": f"{prefix}-{pk}"}
    return ""
