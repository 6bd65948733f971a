"""Text from the municipality's own policy and data (titles, names of indicators and series) is Dutch, also on a
page in English: marked so, a screen reader reads it with Dutch sounds (WCAG 3.1.2, language of parts; the axe walk
of 4 December found it unmarked)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.filter
def dutch(text):
    """`text` in a span marked lang="nl" on a page in another language; as it is on a Dutch page."""
    if not text or (get_language() or "nl").startswith("nl"):
        return text
    return format_html('<span lang="nl">{}</span>', text)
