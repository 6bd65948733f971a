"""Words for a known break in a series (a change in how it is counted): when, why, and by how much. Shared by
the narrative, the picture as text, and a trend's own texts, so it imports none of them."""

from __future__ import annotations

from ivb.domain.i18n import _
from ivb.domain.numbers import format_number
from ivb.domain.observations import KnownBreak
from ivb.domain.periods import month_name


def known_break_sentence(k: KnownBreak) -> str:
    """What a reader needs to know about a break the trend corrected for: when, why, and by how much."""
    return _("Sinds %(date)s %(reason)s. Landelijk veranderde het aantal daardoor met %(step)s; de trend is daarvoor "
             "gecorrigeerd.") % {"date": date_text(k.date), "reason": k.reason, "step": signed_step(k.factor)}


def removed_break_sentence(day, reason: str) -> str:
    """A shipped break taken away from this series: the trend no longer corrects for it, and why."""
    return _("De correctie voor de breuk van %(date)s is voor deze reeks weggehaald: %(reason)s.") % {
        "date": date_text(day), "reason": reason.rstrip(".")}


def date_text(day) -> str:
    """1 juli 2018."""
    return f"{day.day} {month_name(day.month)} {day.year}"


def signed_step(factor: float) -> str:
    """The step a factor makes as readers write it: +10,6% or −2,1%."""
    step = round((factor - 1) * 100, 1)
    # Always one decimal: "−2,0%" beside "−1,7%", not "−2%" (walk V: uneven rounding read as less precise).
    return ("+" if step > 0 else "\u2212" if step < 0 else "") + format_number(abs(step), "percent", decimals=1)
