"""What accounts announce to the apps above them, and what they do on Django's signals.

Accounts sit below the register (docs/decisions/0030), which keeps the audit trail and register access. The
signals are sent inside the transaction of the act, so a receiver that fails undoes the act;
`ivb.register.rights` receives them (connected in RegisterConfig.ready).

Tokens survive what is not a new password. Django re-hashes a password on a successful login when the hasher's
settings changed (a Django upgrade): same password, new hash. Tokens are tied to the hash (`tokens.fingerprint`),
so without this every token would go stale after an upgrade."""

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from django.dispatch import Signal, receiver

from ivb.accounts.models import ApiToken
from ivb.accounts.tokens import fingerprint_of

rights_changed = Signal()  # actor, action, user, municipality (a code; '' for none), detail: one audit event
role_ending = Signal()  # membership, by: a role is about to end; so does register access that rides on it
password_resetting = Signal()  # user, by: a one-time password is about to be set; a receiver may refuse it


@receiver(pre_save, sender=get_user_model())
def carry_tokens_over_a_rehash(sender, instance, **kwargs):
    # set_password() keeps the raw password in `_password` until save; Django's re-hash clears it before saving.
    # So a changed hash with `_password` empty is the same password, hashed anew.
    if instance.pk is None or getattr(instance, "_password", None) is not None:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if old and old != instance.password:
        ApiToken.objects.filter(user_id=instance.pk, password_fingerprint=fingerprint_of(old)).update(
            password_fingerprint=fingerprint_of(instance.password))
