"""Password rules with messages in Dutch (Django's own Dutch text for the minimum length is missing)."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(_("Dit wachtwoord is te kort: gebruik minstens %(min)d tekens.")
                                  % {"min": self.min_length}, code="password_too_short")

    def get_help_text(self):
        return _("Minstens %(min)d tekens.") % {"min": self.min_length}
