"""Comparison with peers (rates per 1,000 inhabitants, rank) and the dark number behind reported counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ivb.domain.i18n import N_, _
from ivb.domain.numbers import format_number


def rate_decimals(rates) -> int:
    """Decimals for rates per 1.000 shown together (a comparison, a column of a table): two where every one is below
    1 (murders: 0,04 beside 0,12, where one decimal read 0,0 with a place of its own; walk AX), else one. The one
    rule for pages, reports and downloads alike (walk BS: 1,0 on the page, "1" in one download, 0,98 in another)."""
    shown = [r for r in rates if r is not None]
    return 2 if shown and max(shown) < 1 else 1


@dataclass(frozen=True)
class Rate:
    code: str
    name: str
    count: float
    population: float

    @property
    def per_1000(self) -> float:
        return 1000 * self.count / self.population


@dataclass(frozen=True)
class Comparison:
    """A municipality's rate beside its peers. Rank 1 has the highest rate (the most incidents per head); equal
    rates share their place. Municipalities under `min_population` are shown but not ranked, the subject too (its
    `rank` is then 0): a handful of crimes would move them from the bottom to the top (walk AR: Vlieland, 1.217
    inhabitants, "plaats 1 van 40" on 3 business burglaries)."""

    subject: Rate
    peers: list[Rate]  # the subject included, highest rate first
    rank: int  # 0: the subject is not ranked (fewer inhabitants than min_population)
    groups: list[Rate]  # wider areas (police unit, country) as reference lines
    neighbours: frozenset[str] = frozenset()  # codes of the peers that share a border with the subject
    provisional: frozenset[str] = frozenset()  # codes whose figure is provisional (shown with its mark)
    peers_label: str = N_("gemeenten met cijfers")  # what the ranked municipalities are, in Dutch words
    min_population: int = 0
    ranked: int = 0  # how many peers are ranked (the subject among them)
    sharing: int = 0  # how many others have the subject's very rate, and so its place
    among: str = ""  # whom the peers are, in the reader's words ("buurgemeenten, politie-eenheid Limburg")

    @property
    def decimals(self) -> int:
        return rate_decimals(r.per_1000 for r in (*self.peers, *self.groups))

    def place_of(self, rate: Rate) -> int | None:
        """A peer's place among the ranked, as the subject's is counted; None for one under `min_population` (walk
        BV: the list of all 40 put Schiermonnikoog first, right under "geen plaats", a rank in effect)."""
        if rate.population < self.min_population or rate.population <= 0:
            return None
        return 1 + sum(r.per_1000 > rate.per_1000 for r in self.peers if r.population >= self.min_population)

    @property
    def places(self) -> list[tuple[Rate, int | None]]:
        """Every peer with its place (None: too few inhabitants for one), highest rate first."""
        return [(r, self.place_of(r)) for r in self.peers]

    @property
    def of(self) -> int:
        """How many the subject's place is counted among; 0 when it has no place."""
        return self.ranked if self.rank else 0

    @property
    def rank_text(self) -> str:
        """'plaats 2 van 5 gemeenten met cijfers': never implies a national rank it is not. Worded when shown,
        in the reader's language. Empty when the subject is the only one ranked: "plaats 1 van 1" says nothing."""
        if not self.rank:
            return _("geen plaats: minder dan %(min)s inwoners") % {
                "min": format_number(self.min_population, "count")} if self.min_population else ""
        if self.of < 2:
            return ""
        words = _("plaats %(rank)s van %(of)s %(peers)s") % {"rank": self.rank, "of": self.of,
                                                            "peers": _(self.peers_label)}
        if self.sharing:
            words += ", " + (_("gedeeld met één andere") if self.sharing == 1 else
                             _("gedeeld met %(n)s andere") % {"n": self.sharing})
        return words

    @property
    def rank_among_text(self) -> str:
        """The place with whom it is among, where no other line says so (walk CB: the CLI, JSON and series page
        said "plaats 2 van 31 gemeenten met cijfers" without naming the 31): "plaats 2 van 31 gemeenten met cijfers
        (buurgemeenten, politie-eenheid Limburg)"."""
        words = self.rank_text
        return f"{words} ({self.among})" if words and self.rank and self.among else words

    @property
    def left_out_text(self) -> str:
        """Why the place is counted among fewer than the peers shown: "4 gemeenten met minder dan 5.000 inwoners
        krijgen geen plaats" (walk BD: "plaats 7 van 36" beside a region of 40; the Wadden islands were left out,
        and only the crime index's sentence said so). Empty when none is left out or the subject has no place."""
        small = len(self.peers) - self.ranked
        if not self.rank or not self.min_population or small <= 0:
            return ""
        values = {"n": small, "min": format_number(self.min_population, "count")}
        return (_("1 gemeente met minder dan %(min)s inwoners krijgt geen plaats") if small == 1 else
                _("%(n)s gemeenten met minder dan %(min)s inwoners krijgen geen plaats")) % values


def compare(subject: Rate, peers: list[Rate], groups: Sequence[Rate] = (),
            neighbours: set[str] | frozenset[str] = frozenset(), provisional: set[str] | frozenset[str] = frozenset(),
            peers_label: str = N_("gemeenten met cijfers"), min_population: int = 0, among: str = "") -> Comparison:
    everyone = {r.code: r for r in [*peers, subject] if r.population > 0}
    shown = sorted(everyone.values(), key=lambda r: (-r.per_1000, r.code))
    ranked = [r for r in shown if r.population >= min_population]
    rank = sharing = 0
    if subject.population >= min_population and subject.population > 0:
        rank = 1 + sum(r.per_1000 > subject.per_1000 for r in ranked)
        sharing = sum(r.per_1000 == subject.per_1000 for r in ranked) - 1
    return Comparison(subject, shown, rank, [g for g in groups if g.population > 0], frozenset(neighbours),
                      frozenset(provisional), peers_label, min_population, len(ranked), sharing, among)


@dataclass(frozen=True)
class SizeClass:
    """CBS's gemeentegrootteklasse: eight classes by inhabitants on 1 January (CBS, "Gemeentegrootte en
    stedelijkheid"; the codes 1–8 as in "Gebieden in Nederland", e.g. 82949NED)."""

    code: int
    low: int
    high: int | None  # exclusive; None for the top class

    @property
    def label(self) -> str:
        """'50.000 tot 100.000 inwoners', in the reader's language and number notation."""
        if self.high is None:
            return _("%(low)s of meer inwoners") % {"low": format_number(self.low, "count")}
        if self.low == 0:
            return _("minder dan %(high)s inwoners") % {"high": format_number(self.high, "count")}
        return _("%(low)s tot %(high)s inwoners") % {"low": format_number(self.low, "count"),
                                                   "high": format_number(self.high, "count")}


SIZE_CLASSES = (
    SizeClass(1, 0, 5_000),
    SizeClass(2, 5_000, 10_000),
    SizeClass(3, 10_000, 20_000),
    SizeClass(4, 20_000, 50_000),
    SizeClass(5, 50_000, 100_000),
    SizeClass(6, 100_000, 150_000),
    SizeClass(7, 150_000, 250_000),
    SizeClass(8, 250_000, None),
)


def size_class(population: float) -> SizeClass:
    return next(c for c in SIZE_CLASSES if c.high is None or population < c.high)


@dataclass(frozen=True)
class DarkNumber:
    reported: float
    share_reported: float  # percent
    estimate: float
    assumption: str
    period: str = ""


def dark_number(reported: float, share_reported: float, meaning: str, period: str = "") -> DarkNumber:
    """The real number if `share_reported` percent of cases reach the count, as the source says."""
    if not 0 < share_reported <= 100:
        raise ValueError(f"een meldingspercentage moet tussen 0 en 100 liggen, niet {share_reported}")
    estimate = reported * 100 / share_reported
    when = " " + _("in %(period)s") % {"period": period} if period else ""
    assumption = _("aangenomen dat %(share)s%% van de gevallen gemeld wordt (%(meaning)s); dan staan %(reported)s "
                   "meldingen%(when)s voor ongeveer %(estimate)s gevallen") % {
        "share": f"{share_reported:g}", "meaning": meaning, "reported": f"{reported:g}", "when": when,
        "estimate": format_number(round(estimate), "count")}
    return DarkNumber(reported, share_reported, estimate, assumption, period)
