"""The open-data tables IVB reads and the series they make, one per police code: `ivb/data/opendata-tables.yaml`
with `ivb/data/police-codes.yaml`. Definitions only, read from IVB's own data files: the domain needs them to
know every series key a policy may measure by (`series_catalogue`); reading and checking the files themselves is
`ivb.opendata`'s job. No Django here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from ivb.domain.i18n import _
from ivb.domain.series import SeriesDef, builtin_series

CBS83648_KEY = re.compile(r"^([0-9]{7}|[A-Z]{1,4}[0-9]{3,7})$")


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    source: str
    frequency: str
    codes: str
    measures: dict[str, str]
    verified: bool
    measure_titles: dict[str, str]
    region_dimension: str = "RegioS"
    format: str = "long"
    borders: str = "unknown"  # "today": earlier years recalculated to today's municipalities; "each_year": as they were

    def sums(self, measure: str) -> bool:
        """Whether a measure adds up over areas (counts do; rates per 1,000 inhabitants do not)."""
        return not _per_1000(measure)

    def measure_for_title(self, title: str) -> str | None:
        """OData v4 names measures by code (M000123) and title; the title leads back to the v3 key."""
        return next((key for key, t in self.measure_titles.items() if t.lower() == title.strip().lower()), None)

    def series_key(self, measure: str, code: str) -> str:
        return self.measures[measure].replace("{code}", code)

    def series_def(self, measure: str, code: str) -> SeriesDef:
        key = self.series_key(measure, code)
        if key in builtin_series():  # population: IVB's own definition (a stock, never summed over time)
            return builtin_series()[key]
        label = code_label(self.codes, code)
        per_1000 = _per_1000(measure)
        if self.codes == "none":
            name = self.title
        elif self.codes == "cbs83648":
            name = cbs83648_name(code, per_1000, self.id)
        else:
            name = label + _POLICE_SUFFIX % ("overlast" if self.codes == "nuisance" else "misdrijven")
        return SeriesDef(key, name, "per_1000" if per_1000 else "count", "none" if per_1000 else "sum",
                         f"{self.source}, tabel {self.id}")


# What a police code's series name says after its label: which source and kind, for the sources page.
_POLICE_SUFFIX = " (politie open data, %s)"


def cbs83648_name(code: str, per_1000: bool, table_id: str = "83648NED") -> str:
    """'Mishandeling (CBS, geregistreerde misdrijven)': the crime type by CBS's title. A key CBS introduced later
    has no title in IVB's list; its name then says the key, which is all that is known of it."""
    title = _data("cbs83648-codes.yaml")["crime"].get(code)
    rate = " per 1.000 inwoners" if per_1000 else ""
    if title is None:
        return f"Geregistreerde misdrijven{rate}, soort {code} (CBS {table_id})"
    return f"{title}{rate} (CBS, geregistreerde misdrijven)"


def plain_series_name(name: str) -> str:
    """A police series' name without the source in brackets ('Diefstal/inbraak box/garage/schuur'), for a
    sentence; any other name as it is."""
    for kind in ("misdrijven", "overlast"):
        suffix = _POLICE_SUFFIX % kind
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[:-len(suffix)]
    return name


def _per_1000(measure: str) -> bool:
    return "per1000" in measure.lower().replace("_", "")


@cache
def _data(name: str) -> dict:
    return yaml.safe_load(resources.files("ivb.data").joinpath(name).read_text(encoding="utf-8"))


def tables() -> dict[str, Table]:
    return {tid: Table(tid, t["title"], t["source"], t["frequency"], t["codes"], dict(t["measures"]),
                       bool(t.get("verified")), dict(t.get("measure_titles", {})), t.get("region_dimension", "RegioS"),
                       t.get("format", "long"), t.get("borders", "unknown"))
            for tid, t in _data("opendata-tables.yaml")["tables"].items()}


@cache
def _borders() -> tuple[tuple[str, bool, str], ...]:
    return tuple((k.split("{code}")[0], "{code}" in k, t.borders) for t in tables().values() for k in t.measures.values())


def borders_of(key: str) -> str:
    """On which borders the series' source gives earlier years: "today" (recalculated to today's
    municipalities: the police's 47018NED), "each_year" (each year's municipalities as they were: CBS's
    population, 83648NED), or "unknown" (other tables, figures typed in)."""
    for stem, per_code, borders in _borders():
        if (key.startswith(stem) if per_code else key == stem) and borders != "unknown":
            return borders
    return "unknown"


@cache
def generated_prefixes() -> tuple[str, ...]:
    """Key prefixes of the series the tables make one per code (politie.od., cbs.misdrijven., …)."""
    return tuple(sorted({k.split("{code}")[0] for t in tables().values() for k in t.measures.values()
                         if "{code}" in k}))


def region_aliases() -> dict[str, str]:
    return dict(_data("opendata-tables.yaml").get("region_names", {}))


def default_links() -> dict[str, str]:
    return dict(_data("opendata-tables.yaml").get("links", {}))


def code_list(name: str) -> dict[str, str]:
    if name in ("none", "cbs83648", "survey"):
        return {}
    return {str(k): v for k, v in _data("police-codes.yaml")[name].items()}


def code_label(name: str, code: str) -> str:
    return code_list(name).get(code, code)


# CBS's period keys as the open-data import wrote them into a reference ("…, 2024JJ00"): a reader gets the period.
_CBS_PERIOD = re.compile(r"\b(\d{4})(JJ00|KW0([1-4])|MM(0[1-9]|1[0-2]))\b")


def _period_words(m: re.Match) -> str:
    from ivb.domain.periods import month_name

    year = m.group(1)
    if m.group(3):
        return _("%(q)se kwartaal %(year)s") % {"q": m.group(3), "year": year}
    if m.group(4):
        return f"{month_name(int(m.group(4)))} {year}"
    return year


def source_words(text: str) -> str:
    """A stored source or reference with the words the open-data import wrote into it ("Politie (via CBS),
    tabel 47018NED", "…, 2024JJ00 (voorlopig)") in the reader's language, the publisher it names too; the rest
    is the source's own name and stays as stored. Dutch is returned unchanged."""
    if text.startswith("Politie (via CBS)"):  # the publisher as the import writes it
        text = _("Politie (via CBS)") + text.removeprefix("Politie (via CBS)")
    text = re.sub(r", tabel (\w+)", lambda m: ", " + _("tabel %(id)s") % {"id": m.group(1)}, text)
    text = _CBS_PERIOD.sub(_period_words, text)
    if text.endswith(" (voorlopig)"):
        text = f"{text.removesuffix(' (voorlopig)')} ({_('voorlopig')})"
    return text
