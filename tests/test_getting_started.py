"""docs/getting-started.md, command by command, from an empty database to a dashboard, a picture and a report for
three municipalities that are not Lisse. The commands are read from the document, so the two cannot drift apart.
No step uses a shell, the Django shell or SQL: every step is an `ivb` command or a web page."""

import csv
import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from ivb.cli import main
from tests.conftest import text

ROOT = Path(__file__).parents[1]
DOC = ROOT / "docs" / "getting-started.md"
DATA = Path(__file__).parent / "data"
MEMBERS = {"GM0377": "Bloemendaal", "GM0397": "Heemstede", "GM0473": "Zandvoort"}
POLICY_FILE = "beleid-zuid-kennemerland.yaml"


def documented_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip().startswith("ivb ")]


def raw_police_figures() -> dict[tuple[str, str, int], int]:
    """(crime code, municipality, year) -> count, straight from the CBS-format download the advisor imports."""
    out = {}
    with open(DATA / "opendata" / "47018NED_ZK_2012-2025.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["GeregistreerdeMisdrijven_1"]:
                out[(row["SoortMisdrijf"].strip(), row["WijkenEnBuurten"].strip(), int(row["Perioden"][:4]))] = \
                    int(row["GeregistreerdeMisdrijven_1"])
    return out


def run(line: str, capsys) -> str:
    code = main(shlex.split(line)[1:])
    out = capsys.readouterr()
    assert code == 0, f"{line}\n{out.out}\n{out.err}"
    return out.out


@pytest.fixture
def walked(db, tmp_path, monkeypatch, capsys):
    """Every documented command in order; returns what the beheerder's account creation printed."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tests" / "data" / "opendata").mkdir(parents=True)  # as in a checkout of IVB's source
    for name in ("47018NED_ZK_2012-2025.csv", "70072ned_ZK_2012-2025.csv"):
        shutil.copy(DATA / "opendata" / name, tmp_path / "tests" / "data" / "opendata" / name)
    (tmp_path / "src" / "ivb" / "demo").mkdir(parents=True)  # the whole country's figures IVB ships
    for name in ("47018NED_GM_2012-2025.csv.gz", "70072ned_GM_2012-2025.csv.gz"):
        shutil.copy(ROOT / "src" / "ivb" / "demo" / name, tmp_path / "src" / "ivb" / "demo" / name)
    commands = documented_commands()
    assert commands[0] == "ivb setup" and commands[-1].startswith("ivb serve")
    printed = {}
    for line in commands[:-1]:  # the last one serves the web application: the test client stands in for it
        if line.startswith("ivb policy validate"):
            # The skeleton is valid as written; the advisor then fills it in (here: the test's joint policy).
            assert Path(POLICY_FILE).exists()
            run(line, capsys)
            shutil.copy(DATA / "policies" / "joint-zuid-kennemerland.yaml", POLICY_FILE)
        printed[line] = run(line, capsys)
    return printed


def test_the_document_covers_the_whole_way(walked):
    words = [line.split()[1] + " " + line.split()[2] if len(line.split()) > 2 else line for line in walked]
    for step in ("setup", "user create", "opendata import", "series list", "policy new", "policy validate",
                 "policy import", "picture GM0397", "report GM0397"):
        assert any(w.startswith(step) or w == "ivb " + step for w in words) or \
            any(line.startswith("ivb " + step) for line in walked), step


def test_it_gives_each_municipality_a_picture_whose_figures_equal_the_raw_data(walked, capsys):
    raw = raw_police_figures()
    for code in MEMBERS:
        picture = json.loads(run(f"ivb picture {code} 2024 --json", capsys))
        series = {s["reeks"]: s for s in picture["reeksen"]}
        burglary = series["politie.od.1.1.1"]
        shown = {int(p["periode"][:4]): p["waarde"] for p in burglary["metingen"]}
        assert shown == {year: raw[("1.1.1", code, year)] for year in range(2012, 2025)}, code
        assert next(p for p in burglary["metingen"] if p["periode"] == "2024")["status"] == "voorlopig"


def test_the_region_indicator_is_the_sum_of_the_members(walked, capsys):
    raw = raw_police_figures()
    picture = json.loads(run("ivb picture GM0397 2024 --json", capsys))
    region = next(i for i in all_indicators(picture) if i.get("regio"))
    assert region["methode"] == "som van Bloemendaal, Heemstede en Zandvoort"
    crime = region["reeks"].rsplit("politie.od.", 1)[1]
    assert region["laatste"]["periode"] == "2024"
    assert region["laatste"]["waarde"] == sum(raw[(crime, code, 2024)] for code in MEMBERS)


def all_indicators(picture) -> list[dict]:
    found = list(picture["algemene_doelstellingen"])
    for priority in picture["prioriteiten"]:
        found += priority["indicatoren"]
    for theme in picture.get("overige_themas", []):
        found += theme["indicatoren"]
    return found


def test_it_gives_each_municipality_a_report_with_the_raw_figures(walked, tmp_path, capsys):
    raw = raw_police_figures()
    for code, name in MEMBERS.items():
        run(f"ivb report {code} 2024 --format html -o {code}.html", capsys)
        page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (tmp_path / f"{code}.html").read_text(encoding="utf-8")))
        assert f"Veiligheidsbeeld {name} 2024" in page
        # The monitored police figures, 2018 to 2024 (the trend's seven; 2024 provisional, marked *), as in the raw
        # download.
        row = " ".join(str(raw[("1.1.1", code, year)]) for year in range(2018, 2024))
        assert f"Woninginbraak {row} {raw[('1.1.1', code, 2024)]}* " in page, code
        assert "De doelen voor deze prioriteit volgen in het jaarplan." in page
        # The region objective with its method, and the sum of the members' raw figures.
        region = sum(raw[("2.2.1", member, 2024)] for member in MEMBERS)
        assert f"Vernielingen in de drie gemeenten samen : {region} (2024; som van Bloemendaal, Heemstede en " \
               "Zandvoort)" in page


def test_the_beheerder_logs_in_changes_the_password_and_sees_each_dashboard(walked, client):
    line = next(line for line in walked if line.startswith("ivb user create"))
    username = shlex.split(line)[3]
    password = re.search(r"Eenmalig wachtwoord voor \S+: (\S+)", walked[line]).group(1)
    response = client.post("/inloggen/", {"username": username, "password": password}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/account/wachtwoord/")  # a one-time password must go first
    new = "eigen-wachtwoord-van-de-beheerder"
    response = client.post("/account/wachtwoord/", {"old_password": password, "new_password1": new,
                                                    "new_password2": new}, follow=True)
    assert response.status_code == 200
    raw = raw_police_figures()
    for code, name in MEMBERS.items():
        page = text(client.get(f"/gemeente/{code}/2024/", follow=True))
        assert name in page
        assert str(raw[("1.1.1", code, 2024)]) in page
        # The document imports every municipality's figures, so the comparison is with the country (walk of
        # 4 December: with only the three, "de 3 gemeenten van dit beleid = 100").
        assert "Nederland = 100" in page and "gemeenten van dit beleid = 100" not in page


def test_the_serve_step_works_as_written_on_a_laptop():
    """`ivb serve` refuses to start without SECRET_KEY unless DEBUG is set: the document's block sets it."""
    blocks = re.findall(r"```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    [serve] = [b for b in blocks if "ivb serve" in b]
    assert serve.index("export DEBUG=1") < serve.index("ivb serve")
    for name in ("47018NED_ZK_2012-2025.csv", "70072ned_ZK_2012-2025.csv"):  # the files the page imports exist
        assert f"tests/data/opendata/{name}" in DOC.read_text(encoding="utf-8") and (DATA / "opendata" / name).exists()
