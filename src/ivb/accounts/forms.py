from django import forms
from django.utils.translation import gettext_lazy as _

from ivb.accounts.tokens import DEFAULT_DAYS, MAX_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Waarvoor is het token"), max_length=100)
    days = forms.IntegerField(label=_("Geldig (dagen)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS)
