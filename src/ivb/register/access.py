"""Need-to-know for the register. Checked on the server for every list, detail and sub-resource.

- Filing a signal and following one's own signals: any role in the municipality (permission file_signal).
- Signals and cases: only holders of the register's team grant for that municipality; a case restricted to
  named users is visible to those users only. Everyone else gets 404: the record does not exist for them.
- The audit trail: only the privacy officer of the municipality.

A refusal to someone logged in is recorded in the municipality's audit trail ("toegang geweigerd"): the privacy
officer sees who tried the register, or a case closed to them (walk U). Anonymous requests never get this far.
"""

import datetime as dt

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from ivb.register.models import Attachment, Case, RegisterAccess, Signal
from ivb.store.models import Area


def grant_or_404(user, code: str, kind: str, *, tried: tuple[str, object] = ("register", ""),
                 changing: bool = False) -> Area:
    """The municipality, if `user` holds register access `kind` there. The grant counts only beside a role in
    the same municipality (revoking the role deletes the grant too; this is the second lock). A refusal names
    what was `tried` (("casus", 3), ("register", "export")) and whether it was a change (a POST): the privacy
    officer sees that someone went for C-3, not only that they tried the register (walk of 4 December)."""
    grant = (RegisterAccess.objects.select_related("municipality")
             .filter(user=user, municipality__code=code, kind=kind, municipality__memberships__user=user).first())
    if grant is None:
        object_kind, object_id = tried
        _refused(user, code, object_kind, object_id, toegang=kind, **({"wijzigen": True} if changing else {}))
        raise Http404("Niet gevonden")
    return grant.municipality


def record_refusal(user, code: str, object_kind: str, object_id="", **detail) -> None:
    """A refusal outside `grant_or_404` (a token on the register's routes, a reporter answering another's signal),
    written as that one writes its own: in the municipality's trail, at most once per REFUSAL_QUIET (walk BY: these
    answered 403 or 404 and left no event)."""
    _refused(user, code, object_kind, object_id, **detail)


REFUSAL_QUIET = dt.timedelta(minutes=10)  # one record per person and thing tried in this time, however often
REFUSAL_BURST = 20  # and at most this many per person and municipality in that time: walking ids is seen by then


def _refused(user, code: str, object_kind: str, object_id="", **detail) -> None:
    """Record the refusal where it was tried: in an existing municipality's trail, for a logged-in user; the
    same refusal again within REFUSAL_QUIET is not written again, so a script cannot flood the trail. Written in
    a transaction of its own when called outside one (every page and API route): the 404 that follows must not
    undo it."""
    from ivb.register import audit
    from ivb.register.models import AuditEvent

    if not getattr(user, "is_authenticated", False) or \
            not Area.objects.filter(code=code, kind=Area.Kind.MUNICIPALITY).exists():
        return
    # The same refusal: also what was tried. A look refused first must not hide the attempt to close the case that
    # follows it (walk AS), so an attempt to change is written beside an earlier refused look.
    recent = AuditEvent.objects.filter(action="refused", actor=user, municipality=code,
                                       at__gte=timezone.now() - REFUSAL_QUIET)
    object_id = str(object_id)[:40]  # as stored (a refused id may be any length)
    if any(event.detail == detail for event in recent.filter(object_kind=object_kind, object_id=object_id)
           .only("detail")):
        return
    if recent.count() >= REFUSAL_BURST:  # review: a script walking ids 1..N wrote one chained event per id
        return
    with transaction.atomic():
        audit.record(actor=user, action="refused", object_kind=object_kind, object_id=object_id,
                     municipality=code, detail=detail)


def visible_cases(user, area):
    """Cases of `area` this team member may see: unrestricted ones, and restricted ones naming them."""
    from django.db.models import Count, Q

    return (Case.objects.filter(municipality=area).annotate(n_restricted=Count("restricted_to"))
            .filter(Q(n_restricted=0) | Q(restricted_to=user)).distinct())


def visible_signals(user, area):
    """Signals of `area` a team member may see: those not linked, and those linked to a case they may see."""
    from django.db.models import Q

    return Signal.objects.filter(municipality=area).filter(
        Q(case__isnull=True) | Q(case__in=visible_cases(user, area).values("pk")))


def case_or_404(user, area, pk, changing: bool = False) -> Case:
    """The case if this team member may see it; else 404, and the refusal recorded, with whether it was an attempt
    to change it (walk AS: a refused look hid the refused attempt to close the case that followed it)."""
    case = visible_cases(user, area).filter(pk=pk).first()
    if case is None:
        _refused(user, area.code, "casus", pk, **({"wijzigen": True} if changing else {}))
        raise Http404("Niet gevonden")
    return case


def signal_or_404(user, area, pk, changing: bool = False) -> Signal:
    signal = visible_signals(user, area).filter(pk=pk).select_related("case").first()
    if signal is None:
        _refused(user, area.code, "signaal", pk, **({"wijzigen": True} if changing else {}))
        raise Http404("Niet gevonden")
    return signal


def attachment_or_404(user, area, pk) -> Attachment:
    """An attachment is visible exactly when the signal or case it belongs to is."""
    from django.db.models import Q

    attachment = Attachment.objects.filter(pk=pk).filter(
        Q(signal__in=visible_signals(user, area).values("pk")) | Q(case__in=visible_cases(user, area).values("pk"))
    ).first()
    if attachment is None:
        _refused(user, area.code, "bijlage", pk)
        raise Http404("Niet gevonden")
    return attachment
