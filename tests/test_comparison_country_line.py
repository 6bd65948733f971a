"""A rate per 1.000 set beside the country where the country has no figure of its own: added up from every
municipality, and only when every one has a figure (walk BU: Utrecht's page set its rate beside its police unit,
province and size class, but not beside the country)."""

import csv
import gzip
import io
import json
from pathlib import Path

from ivb.cli import main
from ivb.store.models import Observation

DATA = Path(__file__).parent / "data" / "opendata"


def import_files(*files):
    for name, table in files:
        assert main(["opendata", "import", str(DATA / name), "--table", table]) == 0


def by_hand(code: str, year: int) -> float:
    """The national burglary rate from the two files themselves: every municipality with a count and a population."""
    with gzip.open(DATA / "47018NED_GM_2022-2023.csv.gz", "rt", encoding="utf-8") as f:
        counts = {r["WijkenEnBuurten"].strip(): float(r["GeregistreerdeMisdrijven_1"]) for r in csv.DictReader(f)
                  if r["SoortMisdrijf"].strip() == code and r["Perioden"] == f"{year}JJ00"
                  and r["GeregistreerdeMisdrijven_1"].strip()}
    text = (DATA / "70072ned_GM_2022-2023.csv").read_text(encoding="utf-8-sig")
    people = {r["RegioS"].strip(): float(r["TotaleBevolking_1"]) for r in csv.DictReader(io.StringIO(text), delimiter=";")
              if r["Perioden"] == f"{year}JJ00" and r["TotaleBevolking_1"].strip()}
    both = counts.keys() & people.keys()
    assert len(both) == 342
    return 1000 * sum(counts[c] for c in both) / sum(people[c] for c in both)


def comparison(capsys, key="politie.od.1.1.1"):
    capsys.readouterr()
    assert main(["picture", "GM0553", "2023", "--json"]) == 0
    series = next(s for s in json.loads(capsys.readouterr().out)["reeksen"] if s["reeks"] == key)
    return series["vergelijking"]


def test_it_sets_the_rate_beside_the_country_added_up_from_every_municipality(demo, capsys):
    import_files(("47018NED_GM_2022-2023.csv.gz", "47018NED"), ("70072ned_GM_2022-2023.csv", "70072ned"))
    found = comparison(capsys)
    country = next(r for r in found["referentie"] if r["code"] == "NL01")
    assert country["naam"] == "Nederland (opgeteld uit alle 342 gemeenten)"
    assert abs(country["per_1000"] - by_hand("1.1.1", 2023)) < 1e-9


def test_it_gives_no_country_from_part_of_it(demo, capsys):
    import_files(("47018NED_GM_2022-2023.csv.gz", "47018NED"), ("70072ned_GM_2022-2023.csv", "70072ned"))
    # One municipality's burglaries withdrawn from the sum: 341 of 342 is not the country.
    Observation.objects.filter(series__key="politie.od.1.1.1", area__code="GM0014", period="2023").delete()
    found = comparison(capsys)
    assert all(r["code"] != "NL01" for r in found["referentie"])
