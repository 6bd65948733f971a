"""Building `municipalities.csv` from its sources (`ivb areas refresh`): no database needed."""

from __future__ import annotations

import csv
import datetime as dt
import io
from importlib import resources

import yaml

COLUMNS = ("code", "naam", "provincie", "eenheid", "geldig_vanaf", "geldig_tot", "opvolger")
UNITS_SINCE = dt.date(2013, 1, 1)  # Politiewet 2012: the ten regional units exist from this day
# What Windows-1252 has at the bytes where the DOS code page 850 has accented letters (é is 0x82 there): a name
# holding one of these was read from a DOS file as Windows-1252 (CBS' list has "Oh\u201a en Laak" for Ohé en Laak).
DOS_AS_WINDOWS = bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")


def _date(text: str) -> dt.date | None:
    text = text.strip().replace("-", "")
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8])) if text else None


def _repaired(text: str) -> str:
    """The name as written, with a name garbled by the wrong code page read again the right way."""
    text = text.strip()
    return text.encode("cp1252").decode("cp850") if any(c in DOS_AS_WINDOWS for c in text) else text


def build_municipalities(indeling: str, rvig: str, units: dict) -> list[dict]:
    """One row per municipality code of CBS's indeling 1990–today (NLExtract's compilation, `indeling`), with
    the official dates and successor from RvIG's Tabel 33 (`rvig`) where it has them, and the police unit by
    the rule in `units` (police-units.yaml). Dates in the result: the first and the last day it existed."""
    official = {row[0].strip(): row for row in list(csv.reader(io.StringIO(rvig)))[1:] if row}
    rows: dict[str, dict] = {}
    for item in csv.DictReader(io.StringIO(indeling), delimiter=";"):
        code = item["gemeentecode"].strip()
        start, end = _date(item["begindatum"]), _date(item["einddatum"])
        row: dict = {"code": f"GM{code}", "naam": _repaired(item["gemeentenaam"]),
               "provincie": f"PV{item['provinciecode'].strip()}", "start": start, "end": end}
        earlier = rows.get(code)  # a municipality that changed province (Vianen, 2002) has a row per province:
        if earlier:               # it keeps its first day and its last province
            last = max(earlier, row, key=lambda r: r["end"] or dt.date.max)
            row = {**last, "start": min(earlier["start"], row["start"])}
        rows[code] = row
    for code, row in rows.items():
        _official, _name, new_code, begins, ends = (official.get(code) or [code, "", "", "", ""])[:5]
        row["start"] = _date(begins) or (None if row["start"] == dt.date(1970, 1, 1) else row["start"])
        row["end"] = _date(ends) or row["end"]
        row["opvolger"] = f"GM{new_code.strip()}" if new_code.strip() in rows else ""
    for row in rows.values():  # mergers after RvIG's vintage: the one municipality that begins that day
        if row["end"] and not row["opvolger"]:
            heirs = [r["code"] for r in rows.values() if r["start"] == row["end"] and r["provincie"] == row["provincie"]]
            row["opvolger"] = heirs[0] if len(heirs) == 1 else ""
    out = []
    for row in sorted(rows.values(), key=lambda r: r["code"]):
        unit = ""
        if row["end"] is None or row["end"] > UNITS_SINCE:
            unit = next((u for u, codes in units["exceptions"].items() if row["code"] in codes),
                        units["provinces"][row["provincie"]])
        out.append({"code": row["code"], "naam": row["naam"], "provincie": row["provincie"], "eenheid": unit,
                    "geldig_vanaf": row["start"].isoformat() if row["start"] else "",
                    "geldig_tot": (row["end"] - dt.timedelta(days=1)).isoformat() if row["end"] else "",
                    "opvolger": row["opvolger"]})
    return out


def municipalities_csv(rows: list[dict], header: str) -> str:
    out = io.StringIO()
    out.write("".join(f"# {line}".rstrip() + "\n" for line in header.splitlines()))
    writer = csv.DictWriter(out, COLUMNS, delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def units_rule() -> dict:
    return yaml.safe_load(resources.files("ivb.data").joinpath("police-units.yaml").read_text(encoding="utf-8"))
