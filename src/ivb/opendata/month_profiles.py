"""The national monthly profile of each police crime code, derived from a CBS download of table 47022NED
(registered crimes per month, national) and shipped as data/national-month-profiles.yaml.

For each code and each month m = 1..11: the mean over the years of the share of the year's count that fell
in January..m, and its standard deviation (n - 1) over those years. The file also holds the standard
deviation IVB assumes when a series has no profile at all and its months are taken as alike (see
`even_spread_sd`). Used by ivb.domain.seasonal to project the rest of a year from a year-to-date figure.

Input: the CSV as cbsodataR writes it, columns crime_type_code,date,frequency (and total_incident_count, which,
when filled, must be each code's sum: a file cut short is refused; other columns are ignored);
crime_type_code is the StatLine label ("1.1.1 Diefstal/inbraak woning", "Totaal misdrijven") or the bare
code ("1.1.1"); date is the first day of the month (2012-01-01).
"""

from __future__ import annotations

import csv
import io
import math
import re
import statistics
from dataclasses import dataclass

import yaml

from ivb.domain.encoding import EncodingProblem, binary_kind, decode
from ivb.domain.opendata_tables import code_list
from ivb.domain.series_breaks import TOTAL, incomplete, record_total

TABLE = "47022NED"
COLUMNS = ("crime_type_code", "date", "frequency")
MIN_YEARS = 3  # fewer complete years give no usable standard deviation
EVEN_SPREAD_MIN_PER_YEAR = 1000  # codes counted in the even-spread error: large enough to show a real pattern
_CODE = re.compile(r"^(\d+\.\d+\.\d+)(\s|$)")
_DATE = re.compile(r"^(\d{4})-(\d{2})-01$")


class ProfileFileError(ValueError):
    """What is wrong with the file, and where (in Dutch)."""


# These commands take no --encoding: the download is UTF-8, and so is what Excel saves as "CSV UTF-8".
NOT_UTF8 = "geen geldige UTF-8; sla het bestand op als CSV UTF-8 (in Excel: Opslaan als, CSV UTF-8)"


def not_csv(content: bytes) -> str | None:
    """What a file given where a CSV is wanted is when it is no text at all ("dit is een PDF; …"), or None."""
    kind = binary_kind(content)
    if kind is None:
        return None
    kind = "een XLSX-bestand (Excel)" if kind == "een Excel-bestand" else kind
    return f"dit is {kind}, geen CSV-bestand; sla het op als CSV UTF-8 (in Excel: Opslaan als, CSV UTF-8)"


@dataclass(frozen=True)
class CodeProfile:
    code: str
    label: str
    years: tuple[int, ...]
    per_year: float  # the mean yearly count over `years`
    share: tuple[float, ...]  # month 1..11: mean share of the year in January..m
    sd: tuple[float, ...]
    # month 1..12: the sd of each month's own share of the year, for a year with a month missing in between
    month_sd: tuple[float, ...] = ()


def derive(content: bytes, name: str, downloaded: tuple[int, int] | None = None,
           ) -> tuple[list[CodeProfile], list[str], tuple[float, ...]]:
    """The profiles of the codes in the file, the codes left out (with why), and the even-spread sd. `downloaded`
    (year, month): when the file was downloaded; a file with figures of a later month is refused."""
    counts = read_counts(content, name)
    last = max(month for months in counts.values() for month in months)
    if downloaded is not None and last > downloaded:
        raise ProfileFileError(f"{name}: de cijfers lopen tot en met {last[0]}-{last[1]:02d}, later dan de "
                               f"downloaddatum {downloaded[0]}-{downloaded[1]:02d}")
    profiles, skipped = [], []
    for code in sorted(counts, key=_code_order):
        profile, why = _profile(code, counts[code])
        if profile is None:
            skipped.append(f"{code}: {why}")
        else:
            profiles.append(profile)
    if not profiles:
        raise ProfileFileError(f"{name}: geen enkele misdrijfsoort heeft {MIN_YEARS} volledige jaren met maandcijfers")
    return profiles, skipped, even_spread_sd(profiles)


def read_counts(content: bytes, name: str) -> dict[str, dict[tuple[int, int], int]]:
    """Per crime code, the count per (year, month). Any bad row stops everything with its line number."""
    if kind := not_csv(content):
        raise ProfileFileError(f"{name}: {kind}")
    try:
        text = decode(content, advice=NOT_UTF8)
    except EncodingProblem as exc:
        raise ProfileFileError(f"{name}: {exc}") from None
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if header is None:
        raise ProfileFileError(f"{name}: het bestand is leeg")
    header = [h.strip() for h in header]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ProfileFileError(f"{name}, regel 1: kolom {', '.join(missing)} ontbreekt; verwacht worden de kolommen "
                               f"{', '.join(COLUMNS)} (een download van tabel {TABLE} per maand)")
    where = {c: header.index(c) for c in COLUMNS}
    known = code_list("crime")
    by_label = {label.casefold(): code for code, label in known.items()}
    counts: dict[str, dict[tuple[int, int], int]] = {}
    totals: dict[str, dict[int, int]] = {}
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise ProfileFileError(f"{name}, regel {line}: {len(row)} kolommen in plaats van {len(header)}")
        code = _code(row[where["crime_type_code"]].strip(), known, by_label)
        if code is None:
            raise ProfileFileError(f"{name}, regel {line}: onbekende misdrijfsoort '{row[where['crime_type_code']]}'")
        date = _DATE.match(row[where["date"]].strip())
        if date is None or not 1 <= int(date[2]) <= 12:
            raise ProfileFileError(f"{name}, regel {line}: datum '{row[where['date']]}' is niet de eerste dag van een "
                                   "maand (zoals 2012-01-01)")
        value = row[where["frequency"]].strip()
        if not value.isdigit():
            raise ProfileFileError(f"{name}, regel {line}: aantal '{value}' is geen heel getal van 0 of meer")
        month = (int(date[1]), int(date[2]))
        if month in counts.setdefault(code, {}):
            raise ProfileFileError(f"{name}, regel {line}: {code} in {month[0]}-{month[1]:02d} staat er twee keer in")
        counts[code][month] = int(value)
        if TOTAL in header and (wrong := record_total(totals, code, row[header.index(TOTAL)], line)):
            raise ProfileFileError(f"{name}, regel {line}: {wrong}")
    if not counts:
        raise ProfileFileError(f"{name}: het bestand heeft geen regels met cijfers")
    if problem := incomplete(counts, totals, text):
        at, what = problem
        raise ProfileFileError(f"{name}, regel {at}: {what}" if at else f"{name}: {what}")
    return counts


def _profile(code: str, months: dict[tuple[int, int], int]) -> tuple[CodeProfile | None, str]:
    """A code's profile over its usable years, or None and why not.

    The download replaced withheld cells by 0: a code whose months are mostly 0 is left out. Where a code is
    counted in at least 5 a month on average a 0 is far more likely withheld than real (a Poisson count with
    mean 5 is 0 less than 1% of the time), so a year with a 0 month is left out of that code's profile."""
    zeros = sum(1 for v in months.values() if v == 0)
    if zeros * 2 > len(months):
        return None, f"{zeros} van de {len(months)} maanden zijn 0 (niet gepubliceerd)"
    per_month = sum(months.values()) / len(months)
    years = []
    for y in sorted({y for y, _m in months}):
        if any((y, m) not in months for m in range(1, 13)):
            continue
        row = [months[(y, m)] for m in range(1, 13)]
        if sum(row) == 0 or (per_month >= 5 and 0 in row):
            continue
        years.append((y, row))
    if len(years) < MIN_YEARS:
        return None, f"maar {len(years)} volledige jaren met maandcijfers"
    shares = [[sum(row[:m]) / sum(row) for _y, row in years] for m in range(1, 12)]
    single = [[row[m] / sum(row) for _y, row in years] for m in range(12)]
    return CodeProfile(code, code_list("crime")[code], tuple(y for y, _ in years),
                       sum(sum(row) for _y, row in years) / len(years),
                       tuple(statistics.fmean(s) for s in shares), tuple(statistics.stdev(s) for s in shares),
                       tuple(statistics.stdev(s) for s in single)), ""


def even_spread_sd(profiles: list[CodeProfile]) -> tuple[float, ...]:
    """The sd IVB assumes for a share of m/12 when it knows nothing of a series' months.

    How far a year's January..m share of a crime type lies from m/12, as a root mean square over the national
    codes counted at least 1000 times a year: the gap between each code's mean share and m/12, and its
    year-to-year sd. So an even spread is as uncertain as it would be for a typical offence type (for
    January-September 3 points, twice the year-to-year sd of residential burglary). Smaller codes are left
    out: their year-to-year sd is mostly chance in small numbers, not seasonality. All codes are used if
    none is that large."""
    large = [p for p in profiles if p.per_year >= EVEN_SPREAD_MIN_PER_YEAR] or profiles
    out = []
    for i in range(11):
        errors = [(p.share[i] - (i + 1) / 12) ** 2 + p.sd[i] ** 2 for p in large]
        out.append(math.sqrt(sum(errors) / len(errors)))
    return tuple(out)


def even_month_sd(profiles: list[CodeProfile]) -> tuple[float, ...]:
    """As `even_spread_sd`, for one month's share taken as 1/12: how far a month's share of the year lies from
    1/12 for a typical offence type (its mean's gap and its year-to-year sd). For a month missing in between."""
    large = [p for p in profiles if p.per_year >= EVEN_SPREAD_MIN_PER_YEAR] or profiles
    out = []
    for i in range(12):
        mean = [(p.share[i] if i < 11 else 1.0) - (p.share[i - 1] if i else 0.0) for p in large]
        errors = [(m - 1 / 12) ** 2 + p.month_sd[i] ** 2 for m, p in zip(mean, large, strict=True)]
        out.append(math.sqrt(sum(errors) / len(errors)))
    return tuple(out)


def to_yaml(profiles: list[CodeProfile], skipped: list[str], even_sd: tuple[float, ...], file_name: str,
            downloaded: str) -> str:
    """The shipped data file: the same input always gives the same bytes."""
    first, last = min(p.years[0] for p in profiles), max(p.years[-1] for p in profiles)
    head = [
        "# National monthly profile of each police crime code: per month m = 1..11 the mean share of a year's",
        "# count registered in January..m, and its standard deviation over the years (n - 1); per month 1..12",
        "# the standard deviation of that month's own share (month_sd), for a year with a month missing.",
        "# Used to project the rest of a year from a year-to-date figure (ivb.domain.seasonal).",
        f"# Bron: Politie (via CBS), tabel {TABLE} (geregistreerde misdrijven per maand, Nederland), CC BY 4.0.",
        "# Generated by: ivb month-profiles FILE --downloaded YYYY-MM  (do not edit by hand)",
        "# Codes left out:" + ("" if skipped else " none"),
        *(f"#   {why}" for why in skipped),
    ]
    body = {
        "source": f"Politie via CBS, tabel {TABLE}",
        "table": TABLE,
        "file": file_name,
        "downloaded": downloaded,
        "years": [first, last],
        "even_spread_sd": [round(v, 4) for v in even_sd],
        "even_month_sd": [round(v, 4) for v in even_month_sd(profiles)],
        "codes": {p.code: {"label": p.label, "years": [p.years[0], p.years[-1]], "years_used": len(p.years),
                           "per_year": round(p.per_year, 1), "share": [round(v, 4) for v in p.share],
                           "sd": [round(v, 4) for v in p.sd], "month_sd": [round(v, 4) for v in p.month_sd]}
                  for p in profiles},
    }
    return "\n".join(head) + "\n" + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=120,
                                                  default_flow_style=None)


def _code(cell: str, known: dict[str, str], by_label: dict[str, str]) -> str | None:
    """The crime code of a cell: a bare code, a StatLine label starting with its code, or a label alone."""
    match = _CODE.match(cell)
    if match:
        return match[1] if match[1] in known else None
    return by_label.get(cell.casefold())


def _code_order(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split("."))
