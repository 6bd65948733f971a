"""Derive the demo's open data from real figures in shared/data/opendata (run by hand, not by the demo):

    python src/ivb/demo/derive.py ../shared/data/opendata

Writes, from luc4sdreyer-dutch-demographics/data.json (police table 47018NED and CBS population, 70072ned),
in the download formats `ivb opendata import` reads (the same shapes as tests/data/opendata/derive.py):
- 47018NED_GM_2012-2025.csv.gz: registered crimes per municipality (every municipality of the indeling 2024,
  and GM0000 for crimes of unknown place), 12 crime codes, 2012-2025; 2024 and 2025 are provisional and are
  labelled with `*` as StatLine titles them. cbsodataR's export shape.
- 70072ned_GM_2012-2025.csv.gz: the population of every municipality in each year, StatLine TypedDataSet shape.
The values are not changed; empty means the source has no figure. PROVENANCE.md says where the source comes from.
"""

import csv
import gzip
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
HEADER = ["", "SoortMisdrijf", "SoortMisdrijf_label", "WijkenEnBuurten", "WijkenEnBuurten_label", "Perioden",
          "Perioden_Date", "Perioden_freq", "Perioden_label", "GeregistreerdeMisdrijven_1", "Gemeentenaam_2",
          "SoortRegio_3"]


def police_rows(data):
    labels = {o["code"]: o["label"] for o in data["offences"]}
    provisional = set(data["provisional"])
    regions = sorted({gm for per_code in data["counts"].values() for gm in per_code})
    n = 0
    for code in sorted(data["counts"]):
        for region in regions:
            for year in data["years"]:
                value = data["counts"][code].get(region, {}).get(str(year))
                n += 1
                yield [str(n), f"{code} ", f"{code} {labels[code]}", f"{region}    ", region, f"{year}JJ00",
                       f"{year}-01-01", "Y", f"{year}{'*' if year in provisional else ''}",
                       "" if value is None else value, f"{region:<30}", "Gemeente"]


def population_rows(data):
    pairs = ((gm, year) for gm in sorted(data["population"]) for year in data["years"]
             if str(year) in data["population"][gm])
    for i, (gm, year) in enumerate(pairs, 1):
        yield [str(i), f"{gm:<10}", f"{year}JJ00", f"{data['population'][gm][str(year)]:>10}"]


def write_gz(path, rows, header, delimiter=",", quoting=csv.QUOTE_NONNUMERIC):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(gzip.compress(out.getvalue().encode("utf-8"), compresslevel=9, mtime=0))


def main(source: str) -> None:
    data = json.loads((Path(source) / "luc4sdreyer-dutch-demographics" / "data.json").read_text())
    write_gz(HERE / "47018NED_GM_2012-2025.csv.gz", police_rows(data), HEADER)
    write_gz(HERE / "70072ned_GM_2012-2025.csv.gz", population_rows(data), ["ID", "RegioS", "Perioden",
                                                                             "TotaleBevolking_1"],
             delimiter=";", quoting=csv.QUOTE_ALL)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/opendata")
