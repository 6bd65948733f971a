"""Acts on accounts: roles, register access, passwords and API tokens. One function per act, each in one
transaction; the web pages, the API and the `ivb user`/`ivb token` commands all call these.

`by` is who acts: a user (a beheerder on the members page, or a user on their own page) or, for the command
line, the actor's name (`ivb-cli (…)`). The rules for a person acting (nobody changes their own rights; an
existing account must already work for the organisation) do not bind the operator at the command line, who
runs the installation. Every change of a role or of register access, every password reset and every API token
made or revoked is written to the register's hash-chained audit trail in the same transaction, with the
municipality, so the beheerder and the privacy officer see it. The register sits above accounts
(docs/decisions/0030), so accounts announce each change (`ivb.accounts.signals`) and the register records it;
register access itself is granted in `ivb.register.rights`.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ivb.accounts import signals, tokens
from ivb.accounts.models import ApiToken, Membership, PasswordStatus, Role
from ivb.accounts.permissions import MANAGE_USERS, allows
MAX_USERNAME = 150  # Django's column
MAX_TOKEN_NAME = 100


class AccountError(ValueError):
    """A refused act, in words for the user. `field`: the form field the refusal concerns (a page shows it
    there), if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class GuardedAccount(AccountError):
    """A refusal because of what the account may do elsewhere (the register's access): recorded in the audit
    trail, as a refused grant of register access is (walk BY: a beheerder's refused reset left no event)."""


def _person(by) -> bool:
    return getattr(by, "pk", None) is not None


def _name(by) -> str:
    return getattr(by, "username", None) or str(by)


def audit_change(by, action: str, user, municipality, **detail) -> None:
    """Announce a change of `user`'s rights in `municipality` (None: in none) for the audit trail. Unheard, the
    act must not happen: the trail is the record the privacy officer relies on."""
    if not signals.rights_changed.send(sender=None, actor=by, action=action, user=user,
                                       municipality=municipality.code if municipality is not None else "",
                                       detail={"user": user.username, **detail}):
        raise ImproperlyConfigured("no audit trail records changes of rights (is the register app installed?)")


def check_role(role: str) -> str:
    if role not in Role.values:
        raise AccountError(_("onbekende rol '%(role)s'; kies uit %(roles)s") % {"role": role, "roles": ", ".join(Role.values)})
    return role


def _check_username(username: str) -> str:
    username = username.strip()
    if not username or len(username) > MAX_USERNAME:
        raise AccountError(_("geef een gebruikersnaam van 1 tot %(max)d tekens") % {"max": MAX_USERNAME}, field="username")
    try:
        get_user_model().username_validator(username)
    except ValidationError:
        raise AccountError(_("gebruikersnaam '%(name)s': gebruik alleen letters, cijfers en @ . + - _")
                           % {"name": username}, field="username") from None
    return username


MAX_FULL_NAME = 150  # auth.User.first_name, which holds the whole name


def set_full_name(user, name: str) -> None:
    """The name a report, an annual plan and a case print for `user` ("vastgesteld door Jan de Vries"), instead
    of the account name (walk AH: the council report read "door coord-zut"). Empty: the account name again."""
    name = " ".join((name or "").split())
    if len(name) > MAX_FULL_NAME or not name.isprintable():
        raise AccountError(_("geef een naam van hoogstens %(max)d tekens") % {"max": MAX_FULL_NAME}, field="name")
    user.first_name, user.last_name = name, ""
    user.save(update_fields=["first_name", "last_name"])


# ------------------------------------------------------------------------------------------ roles

@transaction.atomic
def grant_role(municipality, username: str, role: str, *, by_user) -> tuple[Membership, str | None]:
    """Give `username` `role` in `municipality`; a new account gets a one-time password, returned once (else None).

    A person acting changes no role of their own, and can only give a role to an existing account when it
    already works for the same organisation (anything else is "not available", revealing nothing)."""
    check_role(role)
    username = _check_username(username)
    if _person(by_user) and username == by_user.username:
        raise AccountError(_("u kunt uw eigen rol niet wijzigen; vraag een andere beheerder"), field="username")
    users = get_user_model()
    user = users.objects.filter(username=username).first()
    if user is not None and _person(by_user) and not _same_organisation(user, municipality):
        raise AccountError(_("deze gebruikersnaam is niet beschikbaar; kies een andere"), field="username")
    if user is not None and not user.is_active:  # walk AX: a role for it read as done, yet nobody could log in
        raise AccountError(_("%(user)s is uitgeschakeld; schakel het eerst weer in met 'ivb user reactivate "
                             "%(user)s'") % {"user": user.username}, field="username")
    password = None
    if user is None:
        user = users.objects.create_user(username)
        password = _one_time_password(user, by_user)
    previous = Membership.objects.filter(user=user, municipality=municipality).first()
    if previous is not None and previous.role == role:
        return previous, password
    membership, _created = Membership.objects.update_or_create(user=user, municipality=municipality, defaults={"role": role})
    if previous is None:
        audit_change(by_user, "role_grant", user, municipality, role=role, new_account=password is not None)
    else:
        audit_change(by_user, "role_change", user, municipality, role=role, previous=previous.role)
    return membership, password


@transaction.atomic
def revoke_role(membership: Membership, by_user) -> None:
    """Ends the user's role in the municipality, and with it their register access there: without a role,
    nothing of the municipality exists for them, its register least of all."""
    if _person(by_user) and membership.user_id == by_user.pk:
        raise AccountError(_("u kunt uw eigen rol niet intrekken; vraag een andere beheerder"))
    user, area = membership.user, membership.municipality
    signals.role_ending.send(sender=Membership, membership=membership, by=by_user)  # the register ends its access
    membership.delete()
    audit_change(by_user, "role_revoke", user, area, role=membership.role)


@transaction.atomic
def deactivate_user(user, *, by_user) -> tuple[list[str], int]:
    """Someone who leaves: every token revoked, every role ended (and with it register access), and the account
    can no longer log in; the history keeps the name. Returns the municipalities left and the tokens revoked.
    Walk AS: revoking the only role left an account that could still log in, with its token listed as valid."""
    if _person(by_user) and user.pk == by_user.pk:
        raise AccountError(_("u kunt uw eigen account niet uitschakelen; vraag een andere beheerder"))
    lock_account(user)
    live = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("pk"))
    for token in live:  # while the roles still stand, so that each municipality's trail sees it
        revoke_token(token.pk, by=by_user)
    left = []
    for membership in Membership.objects.filter(user=user).select_related("municipality").order_by("pk"):
        left.append(membership.municipality.name)
        audit_change(by_user, "deactivate", user, membership.municipality)
        revoke_role(membership, by_user)
    if not left:
        audit_change(by_user, "deactivate", user, None)
    user.is_active = False
    user.save(update_fields=["is_active"])
    return left, len(live)


@transaction.atomic
def reactivate_user(user, *, by_user) -> str:
    """A deactivated account back in use: it can log in again with a one-time password (returned once); roles and
    register access are given anew, as to a new colleague."""
    if user.is_active:
        raise AccountError(_("%(user)s is niet uitgeschakeld") % {"user": user.username})
    lock_account(user)
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_change(by_user, "reactivate", user, None)
    return _one_time_password(user, by_user)


def _same_organisation(user, municipality) -> bool:
    """Whether `user` already holds a role in a municipality served by an organisation that serves this one
    (or in this municipality itself)."""
    served = {municipality.pk}
    for organisation in municipality.organisations.all():
        served |= set(organisation.municipalities.values_list("pk", flat=True))
    return Membership.objects.filter(user=user, municipality__pk__in=served).exists()


# ------------------------------------------------------------------------------------------ passwords

def _one_time_password(user, by) -> str:
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.save(update_fields=["password"])
    PasswordStatus.objects.update_or_create(user=user, defaults={"one_time": True, "set_at": timezone.now(),
                                                                 "set_by": _name(by)})
    return password


def reset_password(user, *, by_user, municipality=None) -> str:
    """`_reset_password`, with a refusal for register access recorded where the account holds a role."""
    try:
        return _reset_password(user, by_user=by_user, municipality=municipality)
    except GuardedAccount as exc:
        with transaction.atomic():  # its own transaction: the reset's was rolled back
            for membership in Membership.objects.filter(user=user).select_related("municipality"):
                audit_change(by_user, "password_refused", user, membership.municipality, reason=str(exc))
        raise


@transaction.atomic
def _reset_password(user, *, by_user, municipality=None) -> str:
    """A new one-time password, returned once. The old password and every API token stop working at once.

    A password opens the whole account, so a person may reset it only when they manage users in every
    municipality where the account holds a role (else a beheerder of one municipality could take over an account
    that also works for another). `municipality`: where a beheerder did it (the target must hold a role there).
    Every municipality the user holds a role in sees the reset in its audit trail."""
    if _person(by_user) and user.pk == by_user.pk:
        raise AccountError(_("uw eigen wachtwoord wijzigt u zelf, via 'Mijn account'"))
    if not user.is_active:  # walk AX: a one-time password was printed that could never log in
        raise AccountError(_("%(user)s is uitgeschakeld; schakel het eerst weer in met 'ivb user reactivate "
                             "%(user)s'") % {"user": user.username})
    memberships = list(Membership.objects.filter(user=user).select_related("municipality"))
    if municipality is not None and not any(m.municipality_id == municipality.pk for m in memberships):
        raise AccountError(_("%(user)s heeft geen rol in %(area)s") % {"user": user.username, "area": municipality.name})
    if _person(by_user):
        managed = {m.municipality_id for m in Membership.objects.filter(user=by_user)
                   if allows(m.role, MANAGE_USERS)}
        if any(m.municipality_id not in managed for m in memberships):
            raise AccountError(_("%(user)s werkt ook voor een gemeente waar u geen beheerder bent; vraag de "
                                 "applicatiebeheerder om 'ivb user reset-password'") % {"user": user.username})
    lock_account(user)  # as a register grant locks it: the two are checked one after the other
    if not signals.password_resetting.send(sender=None, user=user, by=by_user):  # the register may refuse it
        raise ImproperlyConfigured("nothing checks a password reset against register access (is the register "
                                   "app installed?)")
    password = _one_time_password(user, by_user)
    for membership in memberships:
        audit_change(by_user, "password_reset", user, membership.municipality)
    return password


def lock_account(user) -> None:
    """Lock the account's row until the transaction ends: acts that check and change who may use it (a reset, a
    register grant) run one after the other."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def must_change_password(user) -> bool:
    return PasswordStatus.objects.filter(user_id=user.pk, one_time=True).exists()


def set_known_password(user, password: str, *, by) -> None:
    """A password that is not one-time: the user chose it (or, for the demo, it is printed for everyone)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    password_changed(user, by=by)


def password_changed(user, *, by=None) -> None:
    """After the user set their own password: it is theirs, no longer one-time."""
    PasswordStatus.objects.update_or_create(user=user, defaults={"one_time": False, "set_at": timezone.now(),
                                                                 "set_by": _name(by or user)})


# ------------------------------------------------------------------------------------------ API tokens

def _audit_token(by, action: str, token: ApiToken) -> None:
    """A token opens the account as a password does: every municipality the user works for sees it made and
    revoked (an account without a role: one event without a municipality)."""
    memberships = Membership.objects.filter(user=token.user).select_related("municipality").order_by("pk")
    for membership in memberships:
        audit_change(by, action, token.user, membership.municipality, token=token.pk)
    if not memberships:
        audit_change(by, action, token.user, None, token=token.pk)


@transaction.atomic
def issue_token(user, name: str, *, days: int = tokens.DEFAULT_DAYS, by=None) -> str:
    """A new API token, returned once. Not while the password is one-time: whoever knows that password must
    not be able to turn it into a key that outlives it."""
    name = (name or "").strip()
    if not name or len(name) > MAX_TOKEN_NAME:
        raise AccountError(_("geef het token een naam van 1 tot %(max)d tekens") % {"max": MAX_TOKEN_NAME})
    if not 1 <= days <= tokens.MAX_DAYS:
        raise AccountError(_("een token is 1 tot %(max)d dagen geldig, niet %(days)s") % {"max": tokens.MAX_DAYS, "days": days})
    if not user.is_active:
        raise AccountError(_("gebruiker '%(user)s' is niet actief") % {"user": user.username})
    if must_change_password(user):
        raise AccountError(_("%(user)s heeft een eenmalig wachtwoord; eerst inloggen en het wijzigen") % {"user": user.username})
    secret = tokens.create_token(user, name, days)
    _audit_token(by or user, "token_create", ApiToken.objects.filter(user=user).latest("pk"))
    return secret


@transaction.atomic
def revoke_token(pk, *, by, owner=None) -> ApiToken:
    """Revoke a token. `owner`: on a user's own page only their own tokens exist."""
    found = ApiToken.objects.select_for_update().filter(pk=pk)
    if owner is not None:
        found = found.filter(user=owner)
    token = found.first()
    if token is None:
        raise AccountError(_("onbekend token %(pk)s") % {"pk": pk})
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), _name(by)
        token.save(update_fields=["revoked_at", "revoked_by"])
        _audit_token(by, "token_revoke", token)
    return token


def tokens_of(user=None):
    found = ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
    return found.filter(user=user) if user is not None else found

