"""Who may see which municipality. A user holds a role per municipality; without one they see nothing of it."""

from django.conf import settings
from django.db import models

from ivb.accounts.permissions import PERMISSIONS, Role


class Organisation(models.Model):
    """A shared-service organisation that serves one or more municipalities (HLTsamen: Hillegom, Lisse,
    Teylingen). Roles stay per municipality: serving three municipalities does not open one to the others."""

    name = models.CharField(max_length=200, unique=True)
    municipalities = models.ManyToManyField("store.Area", related_name="organisations",
                                            limit_choices_to={"kind": "gemeente"})

    def __str__(self):
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey("store.Area", on_delete=models.CASCADE, related_name="memberships",
                                     limit_choices_to={"kind": "gemeente"})
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "municipality"], name="one_role_per_municipality")]

    def __str__(self):
        return f"{self.user} {self.role} {self.municipality.code}"

    @property
    def permissions(self) -> frozenset[str]:
        """What this role may do here, for templates: {% if "edit_plan" in membership.permissions %}."""
        return PERMISSIONS.get(self.role, frozenset())


class ApiToken(models.Model):
    """A token for scripts using the JSON API. Only its hash is stored; the token is shown once.

    It works until it expires, is revoked, or its owner's password changes: `password_fingerprint` is a hash
    of the stored password hash when the token was made, so any new password (also a reset) makes it stale."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.CharField(max_length=150, blank=True)
    password_fingerprint = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"{self.user} {self.name}"


class PasswordStatus(models.Model):
    """Whether a user's password is one-time: issued by someone else (`ivb user create`, a reset by a
    beheerder) and to be changed at the next login. Users without a row chose their own password."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="password_status")
    one_time = models.BooleanField(default=False)
    set_at = models.DateTimeField()
    set_by = models.CharField(max_length=150)
