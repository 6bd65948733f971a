"""One series in the safety picture: its yearly points, trend, projection and comparison. Its own module so
that the sentences about it (`narrative`) and the picture that holds it (`picture`) both build on it without
importing each other."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ivb.domain.break_words import removed_break_sentence
from ivb.domain.compare import Comparison
from ivb.domain.i18n import _
from ivb.domain.observations import MonthGap, Point
from ivb.domain.plausibility import UnusualPart
from ivb.domain.projection import Projection
from ivb.domain.seasonal import Profile
from ivb.domain.trend import Change, Trend
from ivb.domain.vocabulary import Verdict


@dataclass(frozen=True)
class Backtest:
    """A projection made as if it were a year earlier, set beside what was then measured."""

    projection: Projection
    actual: float
    inside: bool


@dataclass(frozen=True)
class CountedElsewhere:
    """The whole year that a year-to-date figure's estimate is about, as counted in a linked series that measures
    the same (open data, ADR 0019). Shown beside the estimate, which stays the policy's own, so that a report does
    not give 30 (25-35) for a year its other table counts as 42 without saying so (walk BS)."""

    point: Point
    key: str  # of the linked series
    name: str
    source: str

    def side(self, estimate: Projection) -> str:
        """Where the count lies against the estimate's interval: "binnen", "boven" or "onder"."""
        value = self.point.value
        return "boven" if value > estimate.high else "onder" if value < estimate.low else "binnen"


TURN = 0.10  # the two steps against the trend together, relative to the first of the three years


def recent_turn(points: list[Point], trend: Trend | Change) -> tuple[Point, Point, Point] | None:
    """See `SeriesPicture.recent_turn`."""
    if not isinstance(trend, Trend) or trend.verdict not in (Verdict.RISING, Verdict.FALLING) or not trend.years:
        return None
    whole = [p for p in points if p.period.kind == "year" and p.period.year <= trend.years[1]]
    if len(whole) < 3:
        return None
    a, b, c = whole[-3:]
    # The window may end in a year under way: then its last two whole years are the ones before it (review: the
    # turn went unsaid as soon as March was counted).
    last = trend.years[1] if any(p.period.kind == "year" and p.period.year == trend.years[1] for p in points) \
        else trend.years[1] - 1
    if c.period.year != last or b.period.year != a.period.year + 1 or c.period.year != b.period.year + 1:
        return None
    if trend.verdict == Verdict.FALLING and a.value < b.value < c.value and c.value >= a.value * (1 + TURN):
        return a, b, c
    if trend.verdict == Verdict.RISING and a.value > b.value > c.value and c.value <= a.value * (1 - TURN):
        return a, b, c
    return None


@dataclass
class SeriesPicture:
    key: str
    name: str
    unit: str
    points: list[Point]  # one per year, a year-to-date figure for the last year when that is all there is
    trend: Trend | Change
    same_months: dict[int, float] = field(default_factory=dict)  # for a year-to-date latest point
    this_year: Projection | None = None  # the full year projected from a year-to-date figure
    profile: Profile | None = None  # the seasonal profile of that year-to-date figure (ivb.domain.seasonal)
    backtest: Backtest | None = None
    comparison: Comparison | None = None
    source: str = ""
    monitored: bool = False
    context: bool = False
    method: str = ""  # for a computed (region) series: how it was computed
    linked: bool = False  # only here because it measures what another series measures (open data)
    sentences: list[str] = field(default_factory=list)  # plain Dutch, for monitored and context series
    how_estimated: list[str] = field(default_factory=list)  # how `this_year` was made (narrative.how_estimated)
    counted: CountedElsewhere | None = None  # that whole year as a linked series counted it
    first_later: str = ""  # without figures up to the picture's year: the period of the first one after it
    empty: bool = False  # the series holds no figure at all, of any period
    missing: str = ""  # a region series: the members without figures, so no region figure (SeriesData.missing)
    pending: str = ""  # a region series: the members with provisional figures only (SeriesData.pending)
    removed_breaks: list = field(default_factory=list)  # (date, reason): a shipped break taken away by hand
    borders_note: str = ""  # earlier years added up or left out for an annexation (SeriesData.borders_note)
    gaps: dict[int, MonthGap] = field(default_factory=dict)  # years counted only up to a missing month
    waiting: str = ""  # a region figure: the newer period some members have and others not yet, in words
    # months or quarters far from the usual level of their kind that count in the years shown, in words
    unusual: list[UnusualPart] = field(default_factory=list)
    stand: bool = False  # a count on a day (aggregation "last"): a month's figure is the stand, not a month's share
    today: dt.date | None = None  # the day the picture is read (None: today), as its target statuses have it

    @property
    def this_calendar_year(self) -> int:
        """The calendar year on the day the picture is read: a year from it on is under way, one before it is over."""
        return (self.today or dt.date.today()).year

    @property
    def how_estimated_summary(self) -> str:
        """The line a reader sees before opening `how_estimated`: which monthly pattern completed the year (issue 15:
        the page says which profile was used, also when the rest is folded away)."""
        profile = self.this_year.profile if self.this_year is not None else None
        return _("Hoe geschat: %(label)s") % {"label": profile.label} if profile else _("Hoe is dit geschat?")

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def verdict(self) -> Verdict:
        return self.trend.verdict

    @property
    def verdict_words(self) -> str:
        """The verdict in the reader's words. A place in a ranking (place 1 the least safe, as in the AD
        Misdaadmeter) says which way it moved: "stijgend" of a place number reads as climbing the list. A trend the
        last two years went against says so ("dalend, maar 2024 en 2025 hoger")."""
        return self.plain_verdict_words + self.turn_words

    @property
    def plain_verdict_words(self) -> str:
        """The verdict alone, without what the last two years did (`turn_words`)."""
        if self.unit == "rank" and self.verdict in (Verdict.RISING, Verdict.FALLING):
            return _("veiliger") if self.verdict == Verdict.RISING else _("onveiliger")
        return _(self.verdict.words)

    @property
    def turn_words(self) -> str:
        """", maar 2024 en 2025 hoger" where the last two years went against the trend (`recent_turn`), else ""."""
        if (turn := self.recent_turn) is None:
            return ""
        values = {"first": turn[1].period.year, "last": turn[2].period.year}
        return (_(", maar %(first)s en %(last)s hoger") if self.verdict == Verdict.FALLING else
                _(", maar %(first)s en %(last)s lager")) % values

    @property
    def recent_turn(self) -> tuple[Point, Point, Point] | None:
        """The last three whole years of a rising or falling count trend when both steps between them went the
        other way, by at least TURN together (walk CA: Ede's burglaries read "dalend" over 2019–2025 while they rose
        from 111 to 150 to 183 in the last two years, +65%); None otherwise. Said beside the verdict, which stays:
        the seven years' line is what it is, and two years are too few to call a new direction."""
        return recent_turn(self.points, self.trend) if self.unit == "count" else None

    @property
    def removed_break_texts(self) -> list[str]:
        """Per shipped break taken away, the sentence that tells the reader (for pages without series sentences)."""
        return [removed_break_sentence(day, reason) for day, reason in self.removed_breaks]
