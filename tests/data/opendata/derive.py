"""Derive small test files in the real download formats from real figures in shared/data/opendata.

    python tests/data/opendata/derive.py ../shared/data/opendata

Writes, from luc4sdreyer-dutch-demographics/data.json (police table 47018NED and CBS population, 70072ned):
- 47018NED_HLT_2012-2025.csv: yearly counts 2012-2025 of its 12 crime codes for Hillegom, Lisse and
  Teylingen, in the shape cbsodataR exports (as PolRegCrime47018_2023_extract_HLT.csv), provisional years
  labelled with `*` as StatLine titles them;
- 47018NED_GM_2022-2023.csv.gz: the same for every municipality, 2022 and 2023, for the national comparison;
- 70072ned_GM_2022-2023.csv: population of every municipality, as a StatLine TypedDataSet CSV (`;`);
- 47018NED_ZK_2012-2025.csv and 70072ned_ZK_2012-2025.csv: the same two shapes for Bloemendaal, Heemstede and
  Zandvoort (docs/getting-started.md walks through them).
The values are not changed. Run it again after the source changes; the test data is its output.
"""

import csv
import gzip
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
HLT = ("GM0534", "GM0553", "GM1525")
# Zuid-Kennemerland: three municipalities that are not Lisse, for the getting-started walk-through.
ZK = ("GM0377", "GM0397", "GM0473")
NAMES = {"GM0534": "Hillegom", "GM0553": "Lisse", "GM1525": "Teylingen"}
ZK_NAMES = {"GM0377": "Bloemendaal", "GM0397": "Heemstede", "GM0473": "Zandvoort"}
HEADER = ["", "SoortMisdrijf", "SoortMisdrijf_label", "WijkenEnBuurten", "WijkenEnBuurten_label", "Perioden",
          "Perioden_Date", "Perioden_freq", "Perioden_label", "GeregistreerdeMisdrijven_1", "Gemeentenaam_2",
          "SoortRegio_3"]


def police_rows(data, regions, years, names=NAMES):
    labels = {o["code"]: o["label"] for o in data["offences"]}
    provisional = set(data["provisional"])
    n = 0
    for code in sorted(data["counts"]):
        for region in regions:
            for year in years:
                value = data["counts"][code].get(region, {}).get(str(year))
                n += 1
                yield [str(n), f"{code} ", f"{code} {labels[code]}", f"{region}    ", names.get(region, region),
                       f"{year}JJ00", f"{year}-01-01", "Y", f"{year}{'*' if year in provisional else ''}",
                       "" if value is None else value, f"{names.get(region, region):<30}", "Gemeente"]


def write_csv(path, rows, header, delimiter=",", quoting=csv.QUOTE_NONNUMERIC):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode("utf-8")
    if path.suffix == ".gz":
        data = gzip.compress(data, mtime=0)
    path.write_bytes(data)


def main(source: str) -> None:
    data = json.loads((Path(source) / "luc4sdreyer-dutch-demographics" / "data.json").read_text())
    write_csv(HERE / "47018NED_HLT_2012-2025.csv", police_rows(data, HLT, data["years"]), HEADER)
    everyone = sorted(data["population"])
    write_csv(HERE / "47018NED_GM_2022-2023.csv.gz", police_rows(data, everyone, [2022, 2023]), HEADER)
    write_population(HERE / "70072ned_GM_2022-2023.csv", data, everyone, (2022, 2023))
    write_csv(HERE / "47018NED_ZK_2012-2025.csv", police_rows(data, ZK, data["years"], ZK_NAMES), HEADER)
    write_population(HERE / "70072ned_ZK_2012-2025.csv", data, ZK, data["years"])


def write_population(path, data, regions, years):
    rows = [[str(i), f"{gm:<10}", f"{year}JJ00", f"{data['population'][gm][str(year)]:>10}"]
            for i, (gm, year) in enumerate(((gm, y) for gm in regions for y in years
                                           if str(y) in data["population"][gm]), 1)]
    write_csv(path, rows, ["ID", "RegioS", "Perioden", "TotaleBevolking_1"], delimiter=";", quoting=csv.QUOTE_ALL)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/opendata")
