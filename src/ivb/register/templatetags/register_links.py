"""Which register pages the navigation links to for this user in this municipality (the pages check it again)."""

from django import template

from ivb.register.models import RegisterAccess

register = template.Library()


@register.simple_tag(takes_context=True)
def register_grants(context, area) -> set[str]:
    user = context.get("user")
    if area is None or user is None or not user.is_authenticated:
        return set()
    return set(RegisterAccess.objects.filter(user=user, municipality=area).values_list("kind", flat=True))
