"""Register access, granted and revoked per municipality on top of a role, and the record of every change of
rights in the register's audit trail.

Accounts sit below the register (docs/decisions/0030): they cannot call it, so they announce their acts
(`ivb.accounts.signals`) and the register, connected at start-up, ends its access with a role and writes each
change into its hash-chained trail, inside the transaction of the act."""

from __future__ import annotations

from django.db import transaction

from ivb.accounts.models import Membership, Role
from ivb.accounts.services import AccountError, audit_change
from ivb.register import audit
from ivb.register.models import AuditEvent, RegisterAccess

REGISTER_KINDS = {kind.value: kind.label for kind in RegisterAccess.Kind}
RIGHTS_ACTIONS = ("role_grant", "role_change", "role_revoke", "register_grant", "register_revoke", "password_reset",
                  "token_create", "token_revoke")


def record_rights_change(sender, *, actor, action: str, user, municipality: str, detail: dict, **kwargs) -> None:
    """Receiver of `accounts.signals.rights_changed`."""
    audit.record(actor=actor, action=action, object_kind="account", object_id=user.pk, municipality=municipality,
                 detail=detail)


def end_register_access(sender, *, membership, by, **kwargs) -> None:
    """Receiver of `accounts.signals.role_ending`: without a role, nothing of the municipality exists for the
    user, its register least of all."""
    user, area = membership.user, membership.municipality
    for grant in RegisterAccess.objects.filter(user=user, municipality=area).order_by("kind"):
        grant.delete()
        audit_change(by, "register_revoke", user, area, access=grant.kind, with_role=True)


def check_register_kind(kind: str) -> str:
    if kind not in REGISTER_KINDS:
        raise AccountError(f"onbekende registertoegang '{kind}'; kies uit {', '.join(REGISTER_KINDS)}")
    return kind


@transaction.atomic
def set_register_access(municipality, user, kind: str, grant: bool, *, by_user) -> bool:
    """Grant or revoke register access (`ondermijning`: the team; `privacy`: the privacy officer) in one
    municipality. Access rides on a role there. Returns whether anything changed."""
    check_register_kind(kind)
    if getattr(by_user, "pk", None) == user.pk:  # a person acting (the command line's operator has no pk)
        raise AccountError("u kunt uw eigen registertoegang niet wijzigen; vraag een andere beheerder")
    if not Membership.objects.filter(user=user, municipality=municipality).exists():
        raise AccountError(f"{user.username} heeft geen rol in {municipality.name}; geef eerst een rol")
    existing = RegisterAccess.objects.filter(user=user, municipality=municipality, kind=kind)
    if grant == existing.exists():
        return False
    if grant:
        RegisterAccess.objects.create(user=user, municipality=municipality, kind=kind)
        audit_change(by_user, "register_grant", user, municipality, access=kind)
    else:
        existing.delete()
        audit_change(by_user, "register_revoke", user, municipality, access=kind)
    return True


# ------------------------------------------------------------------------------------------ the record

def rights_changes(municipality, limit: int = 50):
    """Recent changes of roles, register access and passwords in a municipality, newest first."""
    return list(AuditEvent.objects.filter(municipality=municipality.code, object_kind="account",
                                          action__in=RIGHTS_ACTIONS).order_by("-pk")[:limit])


def describe(event) -> str:
    """An audit event about an account in plain Dutch ('' for other events)."""
    if event.object_kind != "account" or event.action not in RIGHTS_ACTIONS:
        return ""
    d, who = event.detail, event.actor_name
    user, role, previous = d.get("user", "?"), _role(d.get("role")), _role(d.get("previous"))
    access = REGISTER_KINDS.get(d.get("access"), d.get("access"))
    return {
        "role_grant": (f"{who} maakte {user} aan als {role}" if d.get("new_account")
                       else f"{who} gaf {user} de rol {role}"),
        "role_change": f"{who} wijzigde de rol van {user} van {previous} in {role}",
        "role_revoke": f"{who} trok de rol {role} van {user} in",
        "register_grant": f"{who} gaf {user} registertoegang als {access}",
        "register_revoke": (f"registertoegang van {user} als {access} vervallen met de rol (door {who})"
                            if d.get("with_role") else f"{who} trok de registertoegang van {user} als {access} in"),
        "password_reset": f"{who} gaf {user} een nieuw eenmalig wachtwoord",
        "token_create": f"{who} maakte API-token {d.get('token', '?')} aan voor {user}",
        "token_revoke": f"{who} trok API-token {d.get('token', '?')} van {user} in",
    }[event.action]


def _role(value) -> str:
    return Role(value).label if value in Role.values else (value or "?")
