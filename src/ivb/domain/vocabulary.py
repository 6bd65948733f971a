"""The words IVB decides with, as types: a target's status, a trend's verdict, a target's comparison.

Each is a `StrEnum`, so a member equals its stored or exported word ("op koers" == Status.ON_TRACK) and files,
the database, the API and the JSON output keep the words they always had. Statuses are Dutch words, marked
for translation and translated where they are shown.
"""

from __future__ import annotations

from enum import StrEnum

from ivb.domain.i18n import N_


class Status(StrEnum):
    """How a target stands (`targets.evaluate`), or that an indicator without a target is followed."""

    MET = N_("behaald")
    ON_TRACK = N_("op koers")
    AT_RISK = N_("risico")
    OFF_TRACK = N_("niet op koers")
    MISSED = N_("niet gehaald")  # measured in the target year (or the year compared) and missed: no course left
    WITHIN_MARGIN = N_("binnen de marge")  # a survey's final figure too close to the target to say met or missed
    NO_DATA = N_("niet te beoordelen")  # no figure or judgement that can carry a verdict (a figure may be shown)
    MONITORED = N_("gevolgd")  # a monitoring indicator has no target, so none of the above
    NO_TARGETS = N_("geen doelen")  # a priority none of whose indicators has a target

    @property
    def needs_attention(self) -> bool:
        return self in (Status.AT_RISK, Status.OFF_TRACK, Status.MISSED)


# What a person can judge a qualitative target to be (`ivb evidence add`, the evidence form).
# "Niet gehaald" beside "behaald": once the target year is over, only an outcome is a judgement (walk CA: "niet op
# koers" stood in for it and read as a course towards a year that had passed).
JUDGEMENTS = (Status.MET, Status.MISSED, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK)
# The dashboard's order: what needs attention first.
# "Binnen de marge" before "op koers" and "behaald": a priority with such a target reads neither as on course nor met.
ATTENTION_ORDER = (Status.MISSED, Status.OFF_TRACK, Status.AT_RISK, Status.WITHIN_MARGIN, Status.ON_TRACK, Status.MET,
                   Status.MONITORED, Status.NO_DATA)


class Verdict(StrEnum):
    """Where a series went: a significant rise or fall, no significant change (stable, or no clear direction when
    the figures allow a large change), or too few figures to say."""

    RISING = "rising"
    FALLING = "falling"
    STABLE = "stable"
    UNCLEAR = "unclear"  # no significant change, but the figures allow a large one either way
    TOO_FEW = "too_few"
    CONTEXT = "context"  # a context figure describes the place, not its safety: never judged

    @property
    def words(self) -> str:
        """The verdict in words, marked for translation: 'stijgend', 'dalend', ..."""
        return _VERDICT_WORDS[self]

    @property
    def is_direction(self) -> bool:
        return self in (Verdict.RISING, Verdict.FALLING, Verdict.STABLE, Verdict.UNCLEAR)


class Operator(StrEnum):
    """How a figure is compared with a target's threshold."""

    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="

    @property
    def words(self) -> str:
        """The comparison in words, marked for translation: 'lager dan', 'hoogstens', ..."""
        return _WORDS[self]

    @property
    def wants_lower(self) -> bool:
        return self in (Operator.LT, Operator.LE)

    def holds(self, value: float, threshold: float) -> bool:
        return {Operator.LT: value < threshold, Operator.LE: value <= threshold, Operator.GT: value > threshold,
                Operator.GE: value >= threshold}[self]


_VERDICT_WORDS = {Verdict.RISING: N_("stijgend"), Verdict.FALLING: N_("dalend"), Verdict.STABLE: N_("stabiel"),
                  Verdict.UNCLEAR: N_("geen duidelijke richting"),
                  Verdict.TOO_FEW: N_("te weinig gegevens"), Verdict.CONTEXT: N_("geen oordeel (context)")}
_WORDS = {Operator.LT: N_("lager dan"), Operator.LE: N_("hoogstens"), Operator.GT: N_("hoger dan"),
          Operator.GE: N_("minstens")}
