"""Changes to who holds which role. One function per change; each in one transaction."""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from ivb.accounts.models import Membership, Role


class AccountError(ValueError):
    pass


@transaction.atomic
def grant_role(municipality, username: str, role: str, *, by_user) -> tuple[Membership, str | None]:
    """Give `username` `role` in `municipality`. A new user gets a password, returned once; else None.

    Nobody changes their own role (no granting oneself more rights), and an existing account can only be
    given a role when it already works for the same organisation."""
    if role not in Role.values:
        raise AccountError(f"onbekende rol '{role}'")
    username = username.strip()
    if not username or len(username) > 150:
        raise AccountError("geef een gebruikersnaam van 1 tot 150 tekens")
    if username == by_user.username:
        raise AccountError("u kunt uw eigen rol niet wijzigen; vraag een andere beheerder")
    users = get_user_model()
    user = users.objects.filter(username=username).first()
    if user is not None and not _same_organisation(user, municipality):
        raise AccountError("deze gebruikersnaam is niet beschikbaar; kies een andere")
    password = None
    if user is None:
        password = secrets.token_urlsafe(12)
        user = users.objects.create_user(username, password=password)
    membership, _ = Membership.objects.update_or_create(user=user, municipality=municipality, defaults={"role": role})
    return membership, password


@transaction.atomic
def revoke_role(membership: Membership, by_user) -> None:
    if membership.user_id == by_user.pk:
        raise AccountError("u kunt uw eigen rol niet intrekken; vraag een andere beheerder")
    membership.delete()


def _same_organisation(user, municipality) -> bool:
    """Whether `user` already holds a role in a municipality served by an organisation that serves this one
    (or in this municipality itself)."""
    served = {municipality.pk}
    for organisation in municipality.organisations.all():
        served |= set(organisation.municipalities.values_list("pk", flat=True))
    return Membership.objects.filter(user=user, municipality__pk__in=served).exists()
