from django import forms
from django.utils.translation import gettext_lazy as _

from ivb.accounts.services import MAX_TOKEN_NAME
from ivb.accounts.tokens import DEFAULT_DAYS, MAX_DAYS


class TokenForm(forms.Form):
    # The length is the service's to check (its sentence is the CLI's); the browser is told the maximum.
    name = forms.CharField(label=_("Waarvoor is het token"), widget=forms.TextInput(attrs={"maxlength": MAX_TOKEN_NAME}))
    days = forms.IntegerField(label=_("Geldig (dagen)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS)
