"""Periods of observations: years, quarters, months and year-to-date ("2019 t/m september").

A year-to-date period covers the first months of a year. It is never a full year: `exposure` says which
part of a year it covers (9/12 for "t/m september"), so the maths can treat it as a partial year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ivb.domain.i18n import N_

MONTHS_NL = (N_("januari"), N_("februari"), N_("maart"), N_("april"), N_("mei"), N_("juni"), N_("juli"),
             N_("augustus"), N_("september"), N_("oktober"), N_("november"), N_("december"))
_MONTH_BY_NAME = {name: i + 1 for i, name in enumerate(MONTHS_NL)}
_MONTH_BY_NAME.update({name[:3]: i + 1 for i, name in enumerate(MONTHS_NL)})
_MONTH_BY_NAME.update({"mrt": 3, "febr": 2, "sept": 9})  # the abbreviations Dutch writers use beside the three-letter ones

KINDS = ("year", "quarter", "month", "ytd")

FIRST_YEAR, LAST_PERIOD_YEAR = 1900, 2200  # any period a figure or a policy may name


def latest_year(today: dt.date | None = None) -> int:
    """The last year a picture, an annual plan or a report can be about: next year, which is being prepared.
    Later years have no figures and no plan yet; one rule for the pages, the API and the CLI."""
    return (today or dt.date.today()).year + 1


def check_year(year: int, today: dt.date | None = None) -> int:
    """`year` if a picture, plan or report can be about it; else a PeriodError saying the range."""
    if not FIRST_YEAR <= year <= latest_year(today):
        raise PeriodError(_year_range_message(year, latest_year(today)))
    return year


def has_begun(year: int, today: dt.date | None = None) -> bool:
    """Whether `year` has begun. A year that has not has no safety picture and no council report: its picture
    would be the state at the end of a year none of whose figures exist, and call this year's targets passed."""
    return year <= (today or dt.date.today()).year


def check_picture_year(year: int, today: dt.date | None = None) -> int:
    """`year` if a safety picture can be about it (`check_year`, and begun); else a PeriodError that says so.
    An annual plan may be about next year; a picture may not."""
    this_year = (today or dt.date.today()).year
    if not FIRST_YEAR <= year <= this_year + 1:  # the range of a picture ends this year, not next (walk of 4 Dec.)
        raise PeriodError(_year_range_message(year, this_year))
    if not has_begun(year, today):
        from ivb.domain.i18n import _

        raise PeriodError(_("%(year)s is nog niet begonnen: het veiligheidsbeeld gaat over een jaar dat begonnen "
                            "is, tot en met %(this)s") % {"year": year, "this": (today or dt.date.today()).year})
    return year


def _year_range_message(year: int, last: int) -> str:
    from ivb.domain.i18n import _

    return _("jaar %(year)s ligt buiten het bereik %(first)s–%(last)s") % {"year": year, "first": FIRST_YEAR,
                                                                          "last": last}


def month_name(month: int) -> str:
    from ivb.domain.i18n import _

    return _(MONTHS_NL[month - 1])


class PeriodError(ValueError):
    """A period text that cannot be read; the message says what is accepted."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    first_month: int
    last_month: int
    kind: str
    # A year-to-date figure added up from months with some missing in between (`observations.annual_points`):
    # January up to `last_month` without these. Never stored or read in: only the picture makes one.
    without: tuple[int, ...] = ()

    @property
    def months(self) -> int:
        """The months from the first to the last, missing ones included (see `counted_months`)."""
        return self.last_month - self.first_month + 1

    @property
    def counted_months(self) -> tuple[int, ...]:
        if not self.without:  # nearly always: a picture of the whole country asks this ~200.000 times
            return tuple(range(self.first_month, self.last_month + 1))
        return tuple(m for m in range(self.first_month, self.last_month + 1) if m not in self.without)

    @property
    def exposure(self) -> float:
        """The part of a year this period covers, by its months counted (9/12 for "t/m september")."""
        if not self.without:
            return (self.last_month - self.first_month + 1) / 12
        return len(self.counted_months) / 12

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @property
    def code(self) -> str:
        if self.kind == "year":
            return str(self.year)
        if self.kind == "quarter":
            return f"{self.year}-Q{self.last_month // 3}"
        if self.kind == "month":
            return f"{self.year}-{self.first_month:02d}"
        if self.without:
            return f"{self.year}-tm{self.last_month:02d}-zonder{'.'.join(f'{m:02d}' for m in self.without)}"
        return f"{self.year}-tm{self.last_month:02d}"

    @property
    def label(self) -> str:
        """As a council member reads it, in the current language (Dutch by default)."""
        from ivb.domain.i18n import _

        if self.kind == "year":
            return str(self.year)
        if self.kind == "quarter":
            return _("%(q)se kwartaal %(year)s") % {"q": self.last_month // 3, "year": self.year}
        if self.kind == "month":
            return f"{month_name(self.first_month)} {self.year}"
        if self.without:
            from ivb.domain.i18n import listed

            without = listed([month_name(m) for m in self.without])
            if self.last_month == 12:
                return _("%(year)s zonder %(without)s") % {"year": self.year, "without": without}
            return _("%(year)s t/m %(month)s zonder %(without)s") % {
                "year": self.year, "month": month_name(self.last_month), "without": without}
        return _("%(year)s t/m %(month)s") % {"year": self.year, "month": month_name(self.last_month)}

    @property
    def is_partial_year(self) -> bool:
        return self.kind == "ytd"

    def __str__(self) -> str:
        return self.code


def year(y: int) -> Period:
    return Period(y, 1, 12, "year")


def year_to_date(y: int, last_month: int, without: tuple[int, ...] = ()) -> Period:
    """January up to `last_month` of year `y`; `without`: months missing in between (a figure added up from the
    months there are, `observations.annual_points`)."""
    if last_month == 12 and not without:
        return year(y)
    return Period(y, 1, last_month, "ytd", tuple(sorted(without)))


_ACCEPTED = ("2019, 2019-Q3, 2019-03, 2019 t/m september, januari t/m september 2019 (of 2019-tm09)")


def parse(text: object) -> Period:
    """Read a period as users write it. Raises PeriodError saying what is accepted."""
    raw = str(text).strip()
    s = raw.lower().replace("(", " ").replace(")", " ")
    s = re.sub(r"\s+", " ", s).strip()
    if re.fullmatch(r"[0-9]{4}(\.0)?", s):  # a spreadsheet may hand over 2019.0
        return _checked(year(int(s[:4])))
    if m := re.fullmatch(r"([0-9]{4}) ?-? ?(?:q|k|kw)([1-4])", s):
        q = int(m[2])
        return _checked(Period(int(m[1]), 3 * q - 2, 3 * q, "quarter"))
    if m := re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", s):
        month = int(m[2])
        if not 1 <= month <= 12:
            raise PeriodError(f"maand {month} bestaat niet in '{raw}'")
        return _checked(Period(int(m[1]), month, month, "month"))
    if m := re.fullmatch(r"([0-9]{4})-tm([0-9]{1,2})", s):
        return _checked(year_to_date(int(m[1]), _month_number(m[2], raw)))
    if m := re.fullmatch(r"([0-9]{4}) (?:t/m|tm|tot en met) ([a-z]+|[0-9]{1,2})", s) or \
            re.fullmatch(r"(?:t/m|tm|tot en met) ([a-z]+|[0-9]{1,2}) ([0-9]{4})", s):
        y, month_text = (m[1], m[2]) if m[1].isdigit() and len(m[1]) == 4 else (m[2], m[1])
        return _checked(year_to_date(int(y), _month_number(month_text, raw)))
    # "2026 januari t/m september" and "2026-01 t/m 2026-09" say the same as police reports do (walk AM)
    if m := re.fullmatch(r"([0-9]{4}) ([a-z]+) ?(?:t/m|tm|tot en met|-) ?([a-z]+)", s):
        s = f"{m[2]} t/m {m[3]} {m[1]}"
    elif (m := re.fullmatch(r"([0-9]{4})-([0-9]{1,2}) ?(?:t/m|tm|tot en met|-) ?([0-9]{4})-([0-9]{1,2})", s)) \
            and m[1] == m[3]:
        s = f"{m[2]} t/m {m[4]} {m[1]}"
    # Month numbers only with words between them: "01-09 2019" may be a date (review).
    if m := re.fullmatch(r"([a-z]+) ?- ?([a-z]+) ([0-9]{4})", s) or \
            re.fullmatch(r"([a-z]+|[0-9]{1,2}) (?:t/m|tm|tot en met) ([a-z]+|[0-9]{1,2}) ([0-9]{4})", s):
        if _month_number(m[1], raw) != 1:
            raise PeriodError(f"'{raw}' begint niet in januari; een deel van een jaar loopt in IVB altijd vanaf "
                              f"januari ('{m[3]} t/m {m[2]}'), of geef de maanden of kwartalen apart")
        return _checked(year_to_date(int(m[3]), _month_number(m[2], raw)))
    if m := re.fullmatch(r"([a-z]+) ([0-9]{4})", s):
        month = _month_number(m[1], raw)
        return _checked(Period(int(m[2]), month, month, "month"))
    raise PeriodError(f"onbekende periode '{raw}'; gebruik bijvoorbeeld {_ACCEPTED}")


def _month_number(token: str, raw: str) -> int:
    if token.isascii() and token.isdigit():
        month = int(token)
        if 1 <= month <= 12:
            return month
    elif token in _MONTH_BY_NAME:
        return _MONTH_BY_NAME[token]
    raise PeriodError(f"onbekende maand '{token}' in '{raw}'")


def _checked(period: Period) -> Period:
    if not FIRST_YEAR <= period.year <= LAST_PERIOD_YEAR:
        raise PeriodError(_year_range_message(period.year, LAST_PERIOD_YEAR))
    return period
