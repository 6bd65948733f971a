"""Who may do what: one table, checked on the server for every page and API route.

A user holds one role per municipality. Without a role the municipality does not exist for them (404);
with a role that lacks the permission they are refused (403). docs/authorisation.md lists every page and
route against this table, and the tests check every cell.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The stored value is the key; the label, translated when shown, is what users read."""

    LEZER = "lezer", _("lezer")
    ANALIST = "analist", _("analist")
    COORDINATOR = "coordinator", _("coördinator")
    BEHEERDER = "beheerder", _("beheerder")
    MELDER = "melder", _("melder")  # an employee who only files signals for the register


READ = "read"                      # published figures, the policy, the safety picture, the annual plan
ENTER_FIGURES = "enter_figures"    # add, correct and import observations
EDIT_PLAN = "edit_plan"            # actions of the annual plan
MANAGE_POLICY = "manage_policy"    # upload a new version of the policy
APPROVE = "approve"                # approve (freeze) the council report; see drafts; adopt the annual plan
FILE_SIGNAL = "file_signal"        # file a signal for the register and follow one's own signals
MANAGE_USERS = "manage_users"      # roles of the organisation's users

PERMISSIONS: dict[str, frozenset[str]] = {
    Role.LEZER: frozenset({READ, FILE_SIGNAL}),
    Role.ANALIST: frozenset({READ, ENTER_FIGURES, EDIT_PLAN, FILE_SIGNAL}),
    Role.COORDINATOR: frozenset({READ, ENTER_FIGURES, EDIT_PLAN, MANAGE_POLICY, APPROVE, FILE_SIGNAL}),
    Role.BEHEERDER: frozenset({READ, MANAGE_USERS, FILE_SIGNAL}),
    Role.MELDER: frozenset({FILE_SIGNAL}),
}


def allows(role: str, permission: str) -> bool:
    return permission in PERMISSIONS.get(role, frozenset())
