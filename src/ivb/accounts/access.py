"""Server-side access checks. A municipality the user holds no role in does not exist for them (404)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ivb.accounts.permissions import allows

from ivb.accounts.models import Membership
from ivb.store.models import Area


def municipalities_of(user):
    return Area.objects.filter(memberships__user=user, kind=Area.Kind.MUNICIPALITY).order_by("name")


def membership_or_404(user, code: str) -> Membership:
    membership = (Membership.objects.select_related("municipality")
                  .filter(user=user, municipality__code=code, municipality__kind=Area.Kind.MUNICIPALITY).first())
    if membership is None:
        raise Http404("Gemeente niet gevonden")
    return membership


def require(user, code: str, permission: str) -> Membership:
    """The user's membership for `code` if it grants `permission`: 404 without a role, 403 without the right."""
    membership = membership_or_404(user, code)
    if not allows(membership.role, permission):
        raise PermissionDenied("Uw rol geeft hier geen toegang toe")
    return membership
