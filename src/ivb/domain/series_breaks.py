"""Breaks of known size in police crime series: the shipped data (data/series-breaks.yaml) and how it is made.

On 1 July 2018 the police changed how registrations are counted. The size of that step is estimated per
national crime code from the national monthly figures (CBS table 47022NED): ordinary least squares of the
log monthly count over 2015-01 up to 2019-12 on twelve month dummies, a linear time trend, a change of that
trend from July 2018 and a step from July 2018. The change of trend is there because the long decline of
registered crime ended in the same months: without it the step takes up the end of the decline as well (+10,6%
for all crime instead of +3,6%), and a corrected series then looks as if it fell faster than it did, which the
back-test (`ivb backtest`, ADR 0027) showed as projections that miss more often. The factor is exp(step); its standard error is that of the step (on the log scale, about the
relative error of the factor). A series counting several codes (geweld) gets the step of their summed counts.
A code with a zero or missing month in those years (suppressed or withheld in the source) gets none. A step
estimated less precisely than MAX_SE is written down but not used: for small or erratic codes (fraud,
fireworks, cybercrime, which grew ever faster) such a "step" is as likely a change of trend or noise as the
counting rule, and correcting for it would add error instead of removing it.

A trend fit corrects for such a break with the factor instead of estimating a step (`ivb.domain.trend`). The
product reads only the shipped file; `ivb series breaks-derive FILE` writes it again from a download.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import yaml

from ivb.domain.observations import KnownBreak
from ivb.domain.police_series import crime_codes

FILE = "series-breaks.yaml"
BREAK = dt.date(2018, 7, 1)
YEARS = (2015, 2019)  # three and a half years before the break, a year and a half after; before COVID-19
REASON = "telt de politie misdrijven anders (nieuwe telwijze)"  # completes "Sinds 1 juli 2018 ..."
REASON_EN = "the police count crimes differently (new counting rule)"
MAX_SE = 0.05  # a step used as known must be known within about ±10% (95%)
SOURCE = "Politie (via CBS), tabel 47022NED: geregistreerde misdrijven per maand, Nederland"


class BreaksFileError(ValueError):
    """A monthly file that cannot be used; the message says what and where, in Dutch."""


@dataclass(frozen=True)
class Step:
    factor: float
    se: float  # of log(factor)
    months: int


# ------------------------------------------------------------------------------------------- shipped data

@cache
def shipped() -> dict:
    return yaml.safe_load(resources.files("ivb.data").joinpath(FILE).read_text(encoding="utf-8"))


def code_key(codes: tuple[str, ...]) -> str:
    """How the shipped file names the counts of a series: its code, or its codes joined by '+'."""
    return "+".join(codes)


def known_breaks(series_key: str, language: str = "nl") -> list[KnownBreak]:
    """The shipped breaks of known size that hold for this series (none for a series that is not a police
    crime series, or whose codes have no estimate)."""
    codes = crime_codes(series_key)
    if not codes:
        return []
    out = []
    for entry in shipped()["breaks"]:
        step = entry["steps"].get(code_key(codes))
        if step is not None:
            out.append(KnownBreak(entry["date"], float(step["factor"]),
                                  entry["reason_en"] if language == "en" else entry["reason"]))
    return out


# ------------------------------------------------------------------------------------------- derivation

def read_monthly(text: str, labels: dict[str, str]) -> dict[str, dict[tuple[int, int], float]]:
    """Monthly national counts per crime code from a 47022NED download (columns crime_type_code, date,
    frequency; the code column holds the code, '1.1.1 Diefstal/inbraak woning' or a label like 'Totaal
    misdrijven'). `labels`: label -> code for labels without a code. Anything unusable is refused, and so is a file
    that is not whole (`incomplete`)."""
    reader = csv.DictReader(io.StringIO(text))
    need = ("crime_type_code", "date", "frequency")
    if reader.fieldnames is None or any(c not in reader.fieldnames for c in need):
        raise BreaksFileError(f"regel 1: de kolommen {', '.join(need)} ontbreken (gevonden: "
                              f"{', '.join(reader.fieldnames or []) or 'niets'}); verwacht een maanddownload van 47022NED")
    out: dict[str, dict[tuple[int, int], float]] = {}
    totals: dict[str, dict[int, int]] = {}
    for line, row in enumerate(reader, start=2):
        if None in row.values():  # a short row: the reader fills the missing cells with None
            raise BreaksFileError(f"regel {line}: {sum(v is not None for v in row.values())} kolommen in plaats van "
                                  f"{len(reader.fieldnames)}")
        code = _code(row["crime_type_code"] or "", labels, line)
        month = _month(row["date"] or "", line)
        value = _count(row["frequency"] or "", line)
        if month in out.setdefault(code, {}):
            raise BreaksFileError(f"regel {line}: {code} in {month[0]}-{month[1]:02d} staat er twee keer in")
        out[code][month] = value
        if TOTAL in reader.fieldnames and (wrong := record_total(totals, code, row[TOTAL] or "", line)):
            raise BreaksFileError(f"regel {line}: {wrong}")
    if not out:
        raise BreaksFileError("het bestand heeft geen cijfers")
    if problem := incomplete(out, totals, text):
        at, what = problem
        raise BreaksFileError(f"regel {at}: {what}" if at else what)
    return out


TOTAL = "total_incident_count"  # cbsodataR's column: a code's count summed over every month of the download


def record_total(totals: dict[str, dict[int, int]], code: str, text: str, line: int) -> str | None:
    """Keep a row's `total_incident_count` (its value and the first line it is on); what is wrong with it, or None."""
    if not text.strip().isdigit():
        return f"{TOTAL} '{text}' is geen heel getal van 0 of meer"
    totals.setdefault(code, {}).setdefault(int(text), line)
    return None


def incomplete(counts: Mapping[str, Mapping[tuple[int, int], float]], totals: dict[str, dict[int, int]],
               text: str) -> tuple[int | None, str] | None:
    """Where a monthly download is not whole, as (line or None, what), or None. A month missing between a code's
    first and last month; with totals, a code whose months do not add up to its total (a file cut short loses the
    last code's months, or a line's last digits); without them, a last line without its line end."""
    for code in sorted(counts, key=_order):
        months = sorted(counts[code])
        (y, m), last = months[0], months[-1]
        while (y, m) < last:
            if (y, m) not in counts[code]:
                return None, f"{code} mist de maand {y}-{m:02d} (het heeft maanden van {_ym(months[0])} tot en met " \
                             f"{_ym(last)}); een maand zonder cijfer hoort er met 0 in te staan"
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    if any(value for values in totals.values() for value in values):  # a file made by hand may leave them 0
        for code in sorted(counts, key=_order):
            found = totals.get(code, {})
            if len(found) > 1:
                line = max(found.values())
                cut = "; het bestand lijkt afgekapt" if line == text.rstrip("\r\n").count("\n") + 1 else ""
                return line, f"{TOTAL} van {code} is hier {_other(found, line)}, eerder {_other(found, None)}{cut}"
            summed = round(sum(counts[code].values()))
            if found and summed != next(iter(found)):
                return None, (f"de maanden van {code} tellen op tot {summed}, maar {TOTAL} zegt {next(iter(found))}: "
                              "het bestand is niet compleet (afgekapt?)")
    elif text and not text.endswith(("\n", "\r")):
        return text.count("\n") + 1, "de laatste regel houdt op zonder regeleinde: het bestand lijkt afgekapt"
    return None


def _ym(month: tuple[int, int]) -> str:
    return f"{month[0]}-{month[1]:02d}"


def _other(found: dict[int, int], line: int | None) -> int:
    """The total on `line`, or (None) the one first seen."""
    return next(v for v, at in found.items() if at == line) if line else min(found, key=found.__getitem__)


def _code(text: str, labels: dict[str, str], line: int) -> str:
    text = text.strip()
    if m := re.match(r"^(\d+\.\d+\.\d+)(\s|$)", text):
        return m.group(1)
    if text in labels:
        return labels[text]
    raise BreaksFileError(f"regel {line}: onbekende soort misdrijf '{text}'")


def _month(text: str, line: int) -> tuple[int, int]:
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BreaksFileError(f"regel {line}: '{text}' is geen datum (JJJJ-MM-DD, de eerste van de maand)") from None
    if day.day != 1:
        raise BreaksFileError(f"regel {line}: '{text}' is niet de eerste van een maand")
    return day.year, day.month


def _count(text: str, line: int) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise BreaksFileError(f"regel {line}: '{text}' is geen aantal") from None
    if not np.isfinite(value) or value < 0 or value != int(value):
        raise BreaksFileError(f"regel {line}: '{text}' is geen aantal (een heel getal van 0 of meer)")
    return value


def window() -> list[tuple[int, int]]:
    return [(y, m) for y in range(YEARS[0], YEARS[1] + 1) for m in range(1, 13)]


def estimate_step(counts: dict[tuple[int, int], float], when: dt.date = BREAK) -> Step | None:
    """The step at `when` in log monthly counts over the years `YEARS` (see the module text), or None when a
    month is missing or zero."""
    months = window()
    if any(counts.get(m, 0) <= 0 for m in months):
        return None
    y = np.log([counts[m] for m in months])
    dummies = np.eye(12)[[m - 1 for _y, m in months]]
    t = np.array([yy - YEARS[0] + (m - 1) / 12 for yy, m in months])
    after = np.array([(yy, m) >= (when.year, when.month) for yy, m in months], dtype=float)
    since = after * (t - (when.year - YEARS[0] + (when.month - 1) / 12))  # a change of trend at the break
    X = np.column_stack([dummies, t, since, after])
    beta, *_rest = np.linalg.lstsq(X, y, rcond=None)
    residual = y - X @ beta
    sigma2 = float(residual @ residual) / (len(y) - X.shape[1])
    se = float(np.sqrt(sigma2 * np.linalg.inv(X.T @ X)[-1, -1]))
    return Step(float(np.exp(beta[-1])), se, len(months))


def derive(text: str, name: str, labels: dict[str, str], series_codes: list[tuple[str, ...]]) -> str:
    """The shipped file's text from a monthly download: a step for every code, and for every code sum a
    series counts (`series_codes`). Refuses a file without every code those series count, or without the total
    of all crimes in those years."""
    counts = read_monthly(text, labels)
    needed = sorted({c for codes in series_codes for c in codes} - set(counts), key=_order)
    if needed:
        raise BreaksFileError(f"de soorten misdrijf die de reeksen van IVB tellen ontbreken: {', '.join(needed)} "
                              "(zie data/police-crime-series.yaml); verwacht een maanddownload van 47022NED met alle "
                              "soorten")
    steps: dict[str, Step] = {}
    skipped = []
    for code in sorted(counts, key=_order):
        if (step := estimate_step(counts[code])) is not None:
            steps[code] = step
        else:
            skipped.append(code)
    for codes in series_codes:
        if len(codes) > 1 and all(c in steps for c in codes):
            summed = {m: sum(counts[c][m] for c in codes) for m in window()}
            step = estimate_step(summed)
            assert step is not None  # every month of each code is counted (it has a step), so of their sum too
            steps[code_key(codes)] = step
    if "0.0.0" not in steps:
        raise BreaksFileError(f"het bestand heeft geen totaal van alle misdrijven (0.0.0) voor elke maand van "
                              f"{YEARS[0]}-01 tot en met {YEARS[1]}-12")
    precise = {k: s for k, s in steps.items() if s.se <= MAX_SE}
    imprecise = {k: s for k, s in steps.items() if s.se > MAX_SE}
    return _yaml(precise, imprecise, skipped, name, hashlib.sha256(text.encode("utf-8")).hexdigest())


def _steps(name: str, steps: dict[str, Step]) -> list[str]:
    # An empty mapping is written as {}: a bare `name:` would read back as null.
    if not steps:
        return [f"  {name}: {{}}"]
    return [f"  {name}:"] + [f"    \"{key}\": {{factor: {s.factor:.4f}, se: {s.se:.4f}, months: {s.months}}}" for key, s in steps.items()]


def _order(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split("."))


def _yaml(steps: dict[str, Step], imprecise: dict[str, Step], skipped: list[str], name: str, digest: str) -> str:
    lines = [
        "# Breaks of known size in police crime series. Generated by `ivb series breaks-derive FILE`; do not edit.",
        "# Per national crime code (and per sum of codes a series counts, joined by '+'): the factor by which the",
        "# counting rule of 1 July 2018 changed the monthly count, exp(step) from ordinary least squares of the log",
        f"# monthly count {YEARS[0]}-01..{YEARS[1]}-12 on twelve month dummies, linear time, a change of trend and a",
        "# step from 2018-07 (the change of trend keeps the end of the long decline out of the step);",
        "# se: the standard error of the step (log scale). Only `steps` are used; `imprecise` ones (se above",
        f"# {MAX_SE}) are kept for the record, `skipped` codes have a zero or missing month. See ivb.domain.series_breaks.",
        f"# Input: {name} (sha256 {digest}).",
        "breaks:",
        f"- date: {BREAK.isoformat()}",
        f"  reason: {REASON}",
        f"  reason_en: {REASON_EN}",
        f"  source: \"{SOURCE}\"",
        f"  years: [{YEARS[0]}, {YEARS[1]}]",
    ]
    lines += _steps("steps", steps)
    lines += _steps("imprecise", imprecise)
    lines.append("  skipped: [" + ", ".join(f'"{c}"' for c in skipped) + "]")
    return "\n".join(lines) + "\n"


def series_code_lists() -> list[tuple[str, ...]]:
    """The codes of every listed police crime series (data/police-crime-series.yaml), for their sums."""
    data = yaml.safe_load(resources.files("ivb.data").joinpath("police-crime-series.yaml").read_text(encoding="utf-8"))
    return [tuple(codes) for codes in data["series"].values()]
