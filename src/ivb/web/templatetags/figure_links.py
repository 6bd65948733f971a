"""Links from a figure to its series page and, for those who may enter figures, to its correction.

Shared by every table that shows figures (dashboard, indicator, series, sources), so the links look and behave
the same everywhere; the pages they lead to check the rights again."""

import re

from django import template
from django.urls import reverse

from ivb.store.models import Series

register = template.Library()


@register.simple_tag(takes_context=True)
def series_url(context, area, key) -> str:
    """The series page of `key` in `area`, or "" when the area has no figures of it (that page does not exist);
    the key stays out of the address, the page is found by its number. One query per rendered page and area:
    the key → number map is kept in the render context."""
    cache_key = f"ivb_series_numbers_{area.pk}"
    numbers = context.render_context.get(cache_key)
    if numbers is None:
        numbers = dict(Series.objects.filter(observations__area=area).values_list("key", "pk").distinct())
        context.render_context[cache_key] = numbers
    pk = numbers.get(key)
    return _in_year(reverse("series", args=[area.code, pk]), context.get("year")) if pk is not None else ""


def _in_year(url: str, year) -> str:
    """A series page reached from a page of one year shows that year's picture: its trend and verdict are the
    ones the reader just saw, not the newest."""
    return f"{url}?jaar={year}" if isinstance(year, int) else url


@register.inclusion_tag("ivb/_figure_links.html", takes_context=True)
def figure_links(context, area, obs, series_page=True):
    """After a figure: "alle cijfers" (its series page) and "corrigeren" for a current figure of the
    municipality itself when the reader may enter figures."""
    membership = context.get("membership")
    may_correct = (membership is not None and "enter_figures" in membership.permissions
                   and obs.superseded_at is None and obs.area_id == area.pk)
    own = obs.area_id == area.pk  # a region figure's members: their series pages are theirs to show
    return {"series_link": _in_year(reverse("series", args=[area.code, obs.series_id]), context.get("year"))
            if series_page and own else "",
            "correct_link": reverse("observation_correct", args=[area.code, obs.pk]) if may_correct else ""}


@register.filter
def number(value, unit="count") -> str:
    """A stored value as readers write it (decimal comma in Dutch): the project's one number formatter."""
    from ivb.domain.numbers import format_number

    return format_number(float(value), unit) if value is not None and value != "" else "–"


@register.filter
def rate(value, decimals=1) -> str:
    """A rate per 1.000 with the comparison's decimals, rounded as the downloads and the sentences round it (review:
    floatformat rounds 0,125 up to 0,13 where every other place read 0,12)."""
    from ivb.domain.numbers import format_number

    return format_number(float(value), "per_1000", decimals=int(decimals)) if value is not None else "–"


@register.filter
def signed(value, unit="count") -> str:
    """A difference as readers write it: "+2" or "−8" (a real minus sign), in the unit's notation."""
    from ivb.domain.numbers import format_signed

    return format_signed(float(value), unit)


@register.filter
def source_words(text) -> str:
    """A stored source as readers read it: the import's own words ("tabel", "voorlopig") in their language."""
    from ivb.domain.opendata_tables import source_words as words

    return words(str(text)) if text else text


@register.filter
def period_label(code: str) -> str:
    """A stored period code as readers write it: "2019 t/m september", not "2019-tm09"."""
    from ivb.domain.periods import parse

    try:
        return parse(code).label
    except ValueError:
        return code


@register.filter
def actor_words(name) -> str:
    """Who recorded a figure, as a reader reads it (`ivb.domain.actors`)."""
    from ivb.domain.actors import actor_words as words

    return words(name)


@register.filter
def years_together(text) -> str:
    """A verdict with its years, "dalend (2014–2019)", with the years kept on one line in a narrow column: a
    break after the dash left "(2014–" above "2019)"."""
    from django.utils.html import conditional_escape, format_html
    from django.utils.safestring import mark_safe

    # re.split keeps the captured years at the odd places of its result.
    parts = _YEARS.split(str(text))
    return mark_safe("".join(format_html('<span class="years">{}</span>', p) if i % 2 else conditional_escape(p)
                             for i, p in enumerate(parts)))


_YEARS = re.compile(r"(\(\d{4}–\d{4}\))")
