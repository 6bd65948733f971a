"""Register access, granted and revoked per municipality on top of a role, and the record of every change of
rights in the register's audit trail.

Accounts sit below the register (docs/decisions/0030): they cannot call it, so they announce their acts
(`ivb.accounts.signals`) and the register, connected at start-up, ends its access with a role and writes each
change into its hash-chained trail, inside the transaction of the act."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ivb.domain.actors import actor_words
from ivb.accounts.models import Membership, PasswordStatus, Role
from ivb.accounts.services import AccountError, GuardedAccount, audit_change, lock_account
from ivb.register import audit
from ivb.register.models import AuditEvent, RegisterAccess

REGISTER_KINDS = {kind.value: kind.label for kind in RegisterAccess.Kind}
RIGHTS_ACTIONS = ("role_grant", "role_change", "role_revoke", "register_grant", "register_revoke", "password_reset",
                  "token_create", "token_revoke", "register_refused", "deactivate", "reactivate", "password_refused")


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
        raise AccountError(_("onbekende registertoegang '%(kind)s'; kies uit %(kinds)s")
                          % {"kind": kind, "kinds": ", ".join(REGISTER_KINDS)})
    return kind


def set_register_access(municipality, user, kind: str, grant: bool, *, by_user) -> bool:
    """Grant or revoke register access (`ondermijning`: the team; `privacy`: the privacy officer) in one
    municipality. Access rides on a role there. Returns whether anything changed. A refusal to a person is
    itself in the audit trail ("registertoegang geweigerd"): the privacy officer sees who tried (walk of 4
    December: a beheerder forcing a grant the page did not offer left no trace)."""
    check_register_kind(kind)
    try:
        return _change_register_access(municipality, user, kind, grant, by_user=by_user)
    except AccountError as exc:
        if getattr(by_user, "pk", None) is not None:  # the command line's operator is told, and trusted
            with transaction.atomic():  # its own transaction: the act's was rolled back
                audit_change(by_user, "register_refused", user, municipality, access=kind,
                             grant=grant, reason=str(exc))
        raise


def duties_problem(user, municipality, kind: str) -> str:
    """Why `user` may not hold `kind` beside the register access they have, or "": the privacy officer watches
    over what the team does in the register, and no one watches over themselves (separation of duties)."""
    other = ({"ondermijning", "privacy"} - {kind}).pop()
    if not RegisterAccess.objects.filter(user=user, municipality=municipality, kind=other).exists():
        return ""
    return _("%(user)s heeft al registertoegang als %(other)s; team ondermijning en privacyfunctionaris gaan niet "
             "samen, want de privacyfunctionaris ziet toe op wat het team in het register doet; trek eerst de andere "
             "toegang in") % {"user": user.username, "other": REGISTER_KINDS[other]}


@transaction.atomic
def _change_register_access(municipality, user, kind: str, grant: bool, *, by_user) -> bool:
    # The account's row is locked, as a password reset locks it: a grant checked against a password that a reset
    # at the same moment makes one-time would open the register to whoever issued it (PostgreSQL).
    lock_account(user)
    if getattr(by_user, "pk", None) == user.pk:  # a person acting (the command line's operator has no pk)
        raise AccountError(_("u kunt uw eigen registertoegang niet wijzigen; vraag een andere beheerder"))
    if not Membership.objects.filter(user=user, municipality=municipality).exists():
        raise AccountError(_("%(user)s heeft geen rol in %(area)s; geef eerst een rol")
                           % {"user": user.username, "area": municipality.name})
    existing = RegisterAccess.objects.filter(user=user, municipality=municipality, kind=kind)
    if grant == existing.exists():
        return False
    if grant and (problem := duties_problem(user, municipality, kind) or grant_problem(user, by_user)):
        raise AccountError(problem)
    if grant:
        RegisterAccess.objects.create(user=user, municipality=municipality, kind=kind)
        audit_change(by_user, "register_grant", user, municipality, access=kind)
    else:
        existing.delete()
        audit_change(by_user, "register_revoke", user, municipality, access=kind)
    return True


# Four eyes on the register (ADR 0041): whoever could know an account's password does not open the register to
# it, and a person does not give a new password to an account that can read the register.

def knew_the_password(by_user) -> set[int]:
    """The accounts `by_user` created or gave a one-time password: whose password they could know."""
    if getattr(by_user, "pk", None) is None:
        return set()
    events = AuditEvent.objects.filter(object_kind="account", actor=by_user).filter(
        Q(action="password_reset") | Q(action="role_grant", detail__new_account=True))
    return {int(pk) for pk in events.values_list("object_id", flat=True).distinct()}


def password_issuers(user_ids) -> dict[int, list[str]]:
    """Per account, the people (never the operator) other than its holder who created it or gave it a one-time
    password: who could have known its password, and acted as it."""
    events = (AuditEvent.objects.filter(object_kind="account", object_id__in=[str(pk) for pk in user_ids],
                                        actor__isnull=False)
              .filter(Q(action="password_reset") | Q(action="role_grant", detail__new_account=True))
              .order_by("pk").values_list("object_id", "actor_id", "actor_name"))
    out: dict[int, list[str]] = {}
    for object_id, actor_id, name in events:
        if actor_id != int(object_id) and name not in out.setdefault(int(object_id), []):
            out[int(object_id)].append(name)
    return out


def granter_problem(by_user) -> str:
    """Why `by_user` may give nobody register access, or "": their own account was made or reset by another
    person, who could act as them (walk U's review: a beheerder makes a stand-in beheerder and, as it, opens the
    register to himself)."""
    if getattr(by_user, "pk", None) is None:
        return ""
    issuers = password_issuers([by_user.pk]).get(by_user.pk)
    if not issuers:
        return ""
    return _("uw account werd aangemaakt of kreeg een eenmalig wachtwoord van %(who)s, die dus als u kon handelen; "
             "registertoegang geeft een beheerder wiens account de applicatiebeheerder aanmaakte, of de "
             "applicatiebeheerder met 'ivb user register-access'") % {"who": ", ".join(issuers)}


def grant_problem(user, by_user) -> str:
    """Why `by_user` may not give `user` register access, or "". The operator on the command line may (the
    application's administrator is trusted with the database as it is)."""
    if getattr(by_user, "pk", None) is None:
        return ""
    if problem := granter_problem(by_user):
        return problem
    if user.pk in knew_the_password(by_user):
        return _("u hebt het account van %(user)s aangemaakt of het een eenmalig wachtwoord gegeven, en kon dus "
                 "het wachtwoord kennen; registertoegang geeft een andere beheerder, of de applicatiebeheerder met "
                 "'ivb user register-access'") % {"user": user.username}
    if PasswordStatus.objects.filter(user_id=user.pk, one_time=True).exists():
        return _("het account %(user)s heeft nog een eenmalig wachtwoord, dat een ander kent; registertoegang kan pas als "
                 "%(user)s heeft ingelogd en een eigen wachtwoord heeft gekozen") % {"user": user.username}
    return ""


def refuse_reset_with_register_access(sender, *, user, by, **kwargs) -> None:
    """Receiver of `accounts.signals.password_resetting`: a beheerder who sets the password of an account that
    reads the register could read it as them."""
    if getattr(by, "pk", None) is not None and RegisterAccess.objects.filter(user=user).exists():
        raise GuardedAccount(_("het account %(user)s heeft toegang tot het register, en wie het wachtwoord kent, kan "
                             "het lezen; "
                             "een nieuw wachtwoord geeft de applicatiebeheerder met 'ivb user reset-password'")
                           % {"user": user.username})


# ------------------------------------------------------------------------------------------ the record

def rights_changes(municipality, limit: int = 50):
    """Recent changes of roles, register access and passwords in a municipality, newest first."""
    return list(AuditEvent.objects.filter(municipality=municipality.code, object_kind="account",
                                          action__in=RIGHTS_ACTIONS).order_by("-pk")[:limit])


def describe(event) -> str:
    """An audit event about an account in words, in the reader's language ('' for other events)."""
    if event.object_kind != "account" or event.action not in RIGHTS_ACTIONS:
        return ""
    d = event.detail
    words = {"who": actor_words(event.actor_name), "user": d.get("user", "?"), "role": _role(d.get("role")),
             "previous": _role(d.get("previous")), "access": REGISTER_KINDS.get(d.get("access"), d.get("access")),
             "token": d.get("token", "?"), "reason": d.get("reason", "")}
    sentence = {
        "role_grant": (_("%(who)s maakte %(user)s aan als %(role)s") if d.get("new_account")
                       else _("%(who)s gaf %(user)s de rol %(role)s")),
        "role_change": _("%(who)s wijzigde de rol van %(user)s van %(previous)s in %(role)s"),
        "role_revoke": _("%(who)s trok de rol %(role)s van %(user)s in"),
        "register_grant": _("%(who)s gaf %(user)s registertoegang als %(access)s"),
        "register_revoke": (_("registertoegang van %(user)s als %(access)s vervallen met de rol (door %(who)s)")
                            if d.get("with_role") else _("%(who)s trok de registertoegang van %(user)s als "
                                                         "%(access)s in")),
        "password_reset": _("%(who)s gaf %(user)s een nieuw eenmalig wachtwoord"),
        "token_create": _("%(who)s maakte API-token %(token)s aan voor %(user)s"),
        "token_revoke": _("%(who)s trok API-token %(token)s van %(user)s in"),
        "deactivate": _("%(who)s schakelde het account van %(user)s uit"),
        "reactivate": _("%(who)s schakelde het account van %(user)s weer in"),
        "password_refused": _("%(who)s probeerde %(user)s een nieuw wachtwoord te geven; geweigerd: %(reason)s"),
        "register_refused": (_("%(who)s probeerde %(user)s registertoegang als %(access)s te geven; geweigerd: "
                                "%(reason)s") if d.get("grant", True) else
                              _("%(who)s probeerde de registertoegang van %(user)s als %(access)s in te trekken; "
                                "geweigerd: %(reason)s")),
    }[event.action]
    return sentence % words


def _role(value) -> str:
    return str(Role(value).label) if value in Role.values else (value or "?")
