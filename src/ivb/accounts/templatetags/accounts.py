from django import template

from ivb.accounts.services import describe

register = template.Library()


@register.filter
def account_change(event) -> str:
    """A change of rights in the audit trail, in words ('' for other events)."""
    return describe(event)
