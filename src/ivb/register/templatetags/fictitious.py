"""Whether the register page being shown belongs to a municipality whose register holds fictitious demo content."""

from django import template

from ivb.register.fictitious import holds_fictitious
from ivb.store.models import Area

register = template.Library()


@register.simple_tag(takes_context=True)
def fictitious_register(context) -> bool:
    area = context.get("area")
    if area is None and context.get("code"):  # pages that know only the code (audit trail, password check)
        area = Area.objects.filter(code=context["code"]).first()
    return holds_fictitious(area)
