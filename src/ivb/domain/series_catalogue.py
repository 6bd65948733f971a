"""Every series key IVB knows, with name, unit and source, and the nearest keys to one it does not know.

Three kinds are known without a database: the built-in series (ivb/data/series.yaml), the series a policy
file declares, and the open-data series the import makes, one per police code (ivb/data/opendata-tables.yaml
with ivb/data/police-codes.yaml, e.g. `politie.od.1.1.1`). Some open-data tables make a series per code
without a code list (CBS 83648, the Veiligheidsmonitor): their keys are known by their form. The store adds
the series in the database (ivb.store.series_catalogue).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from ivb.domain.opendata_tables import CBS83648_KEY, cbs83648_name, code_list, tables
from ivb.domain.series import SeriesDef, builtin_series

ORIGINS = {"builtin": "ingebouwd", "declared": "beleidsbestand", "opendata": "open data", "stored": "database"}


@dataclass(frozen=True)
class KnownSeries:
    definition: SeriesDef
    origin: str  # a key of ORIGINS

    @property
    def key(self) -> str:
        return self.definition.key


@dataclass(frozen=True)
class KeyForm:
    """Open-data keys whose codes have no list: `prefix` then a code matching `code`."""

    prefix: str
    code: re.Pattern
    unit: str | None  # None: the unit comes with the download
    source: str
    example: str
    naming: str = ""  # how a key of this form reads as a name: "cbs83648", "survey" or "" (the key)

    def name(self, key: str) -> str:
        """The name of a key of this form before the import names it: CBS's title of the crime type, or the
        question spelled from the key ('in_eigen_huis' is 'In eigen huis (Veiligheidsmonitor)')."""
        code = key[len(self.prefix):]
        if self.naming == "cbs83648":
            return cbs83648_name(code, self.unit == "per_1000")
        if self.naming == "survey":
            return f"{code.replace('_', ' ').capitalize()} ({self.source})"
        return key


@dataclass
class SeriesCatalogue:
    entries: dict[str, KnownSeries] = field(default_factory=dict)
    forms: tuple[KeyForm, ...] = ()

    def add(self, definitions: Iterable[SeriesDef], origin: str) -> None:
        for d in definitions:
            self.entries[d.key] = KnownSeries(d, origin)

    def get(self, key: str) -> SeriesDef | None:
        """The series with this key; for a key known only by its form, a definition whose unit may be ''."""
        if key in self.entries:
            return self.entries[key].definition
        for form in self.forms:
            if key.startswith(form.prefix) and form.code.fullmatch(key[len(form.prefix):]):
                return SeriesDef(key, form.name(key), form.unit or "", "sum" if form.unit == "count" else "none", form.source)
        return None

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    def as_dict(self) -> dict[str, SeriesDef]:
        return {k: e.definition for k, e in self.entries.items()}

    def suggestions(self, key: str, n: int = 3) -> list[str]:
        """The known keys nearest to `key`: by key first, then by name (a key 'politie.woninginbraak' finds
        'politie.woninginbraken'; 'inbraak' finds the series named 'Diefstal/inbraak woning')."""
        keys = list(self.entries)
        words = key.rsplit(".", 1)[-1].replace("_", " ").lower()
        # A key made of the name's words ("fietsdiefstal" for "Diefstal van brom-, snor-, fietsen") first: by its
        # spelling alone it found 'politie.winkeldiefstallen' (walk AH).
        scored = sorted(((_shared_words(words, e.definition.name), k) for k, e in self.entries.items()),
                        key=lambda pair: (-pair[0], pair[1]))
        found = difflib.get_close_matches(key, keys, n=1, cutoff=0.9)  # a typo of a key: that key first
        found += [k for score, k in scored[:n] if score >= 2 and k not in found]
        found += [k for k in difflib.get_close_matches(key, keys, n=n, cutoff=0.75) if k not in found]
        names = {e.definition.name.lower(): k for k, e in self.entries.items()}
        by_name = difflib.get_close_matches(words, list(names), n=n, cutoff=0.6)
        by_name += [name for name in names if len(words) >= 4 and words in name]
        for name in by_name:
            if names[name] not in found and len(found) < n + 2:
                found.append(names[name])
        return found

    def unknown_message(self, key: str) -> str:
        """"onbekende reeks 'x'; bedoelt u 'y'?" with the nearest keys and their names."""
        message = f"onbekende reeks '{key}'"
        near = self.suggestions(key)
        if near:
            shown = [f"'{k}' ({self.entries[k].definition.name})" for k in near]
            message += "; bedoelt u " + (shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " of " + shown[-1]) + "?"
        else:
            message += "; 'ivb series list' toont alle reeksen"
        return message


def _shared_words(words: str, name: str) -> int:
    """How many words of a series' name (of four letters or more, by their first five) a typed key holds."""
    parts = {w for w in re.findall(r"[^\W\d_]+", name.lower()) if len(w) >= 4}
    return sum(1 for w in parts if w[:5] in words)


@cache
def _opendata() -> tuple[tuple[SeriesDef, ...], tuple[KeyForm, ...]]:
    defs: dict[str, SeriesDef] = {}
    forms: list[KeyForm] = []
    for table in tables().values():
        for measure, pattern in table.measures.items():
            if "{code}" not in pattern:
                defs.setdefault(pattern, table.series_def(measure, ""))
            elif table.codes == "cbs83648":
                forms.append(KeyForm(pattern.split("{code}")[0], CBS83648_KEY,
                                     "count" if table.sums(measure) else "per_1000",
                                     f"{table.source}, tabel {table.id}", pattern.replace("{code}", "0000000"), "cbs83648"))
            elif table.codes == "survey":
                forms.append(KeyForm(pattern.split("{code}")[0], re.compile(r"[a-z0-9_]+"), None,
                                     table.source, pattern.replace("{code}", "rapportcijfer_veiligheid_in_buurt"), "survey"))
            else:
                for code in code_list(table.codes):
                    defs.setdefault(table.series_key(measure, code), table.series_def(measure, code))
    # Forms with the same prefix (several tables) once.
    unique = {f.prefix: f for f in forms}
    return tuple(defs.values()), tuple(unique.values())


def opendata_series() -> tuple[SeriesDef, ...]:
    return _opendata()[0]


def opendata_forms() -> tuple[KeyForm, ...]:
    return _opendata()[1]


def offline_catalogue(declared: Iterable[SeriesDef] = ()) -> SeriesCatalogue:
    """Built-in, open-data and declared series: everything knowable without a database."""
    catalogue = SeriesCatalogue(forms=opendata_forms())
    catalogue.add(opendata_series(), "opendata")
    catalogue.add(builtin_series().values(), "builtin")
    catalogue.add(declared, "declared")
    return catalogue
