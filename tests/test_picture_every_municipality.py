"""A safety picture for every municipality (issue 12, items 5 and 6, and the policy format v2 in the picture):
the monitored police series beside a thin policy, priorities without targets said in words, context series
without a verdict, the policy in use named when it has expired or is missing, and monitoring, other-theme,
per-municipality and region indicators. Figures are checked against the raw police file."""

import csv
import json
import re
from pathlib import Path

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from ivb.cli import main
from ivb.store.models import Area
from ivb.store.observation_import import import_observations
from tests.conftest import text

HLT = Path(__file__).parent / "data" / "opendata" / "47018NED_HLT_2012-2025.csv"

ADOPTION = """
adoptions:
  - {body: gemeenteraad, date: 2019-12-19, legal_basis: artikel 108 Gemeentewet, ref: testbestand}
vision: {text: Samen veilig., ref: testbestand}
ref: testbestand
"""

THIN = """schema_version: 2
title: Veiligheidsbeleid Hillegom 2020-2023
period: {start: 2020, end: 2023}
municipalities: [GM0534]
""" + ADOPTION + """
priorities:
  - key: inbraak
    rank: 1
    title: Woninginbraak
    fields: ["1"]
    themes: ["1.1"]
    ref: testbestand
    indicators:
      - key: inbraken
        name: Woninginbraken
        series: politie.od.1.1.1
        unit: count
        source: Politie
        direction: lower_is_better
        target: {operator: "<", value: 60}
        target_year: 2023
        ref: testbestand
  - key: jeugd
    rank: 2
    title: Jeugd en veiligheid
    targets_in_annual_plan: true
    ref: testbestand
  - key: ondermijning
    rank: 3
    title: Ondermijning
    ref: testbestand
"""

JOINT = """schema_version: 2
title: Gezamenlijk veiligheidsbeleid Duin- en Bollenstreek 2020-2023
period: {start: 2020, end: 2023}
municipalities: [GM0534, GM0553, GM1525]
""" + ADOPTION + """
priorities:
  - key: inbraak
    rank: 1
    title: Woninginbraak
    fields: ["1", "5"]
    themes: ["1.1", "5.2"]
    ref: testbestand
    indicators:
      - key: inbraken-regio
        name: Woninginbraken in de regio
        series: politie.od.1.1.1
        unit: count
        source: Politie
        direction: lower_is_better
        scope: region
        region_rule: sum
        target: {operator: "<", value: 250}
        target_year: 2023
        ref: testbestand
      - key: inbraken
        name: Woninginbraken in de gemeente
        series: politie.od.1.1.1
        unit: count
        source: Politie
        direction: lower_is_better
        target: {operator: "<", value: 100}
        target_year: 2023
        municipal_targets:
          GM0534: {operator: "<", value: 10}
        ref: testbestand
      - key: vernielingen
        name: Vernielingen
        series: politie.od.2.2.1
        unit: count
        source: Politie
        ref: testbestand
      - key: alleen-lisse
        name: Bedreigingen in Lisse
        series: politie.od.1.4.4
        unit: count
        source: Politie
        municipalities: [GM0553]
        ref: testbestand
other_themes:
  - key: fiets
    title: Fietsdiefstal
    fields: ["1"]
    themes: ["1.3"]
    ref: testbestand
    indicators:
      - key: fietsdiefstallen
        name: Gestolen fietsen
        series: politie.od.1.2.3
        unit: count
        source: Politie
        direction: lower_is_better
        target: {operator: "<", value: 150}
        target_year: 2023
        ref: testbestand
"""


def raw(code: str, area: str) -> dict[int, float]:
    """The figures of the police file itself, per year."""
    with HLT.open(encoding="utf-8") as f:
        return {int(row["Perioden"][:4]): float(row["GeregistreerdeMisdrijven_1"]) for row in csv.DictReader(f)
                if row["SoortMisdrijf"].strip() == code and row["WijkenEnBuurten"].strip() == area}


def policy(tmp_path, content: str) -> None:
    path = tmp_path / "beleid.yaml"
    path.write_text(content, encoding="utf-8")
    assert main(["policy", "import", str(path)]) == 0, "policy import"


def picture(capsys, code: str, year: int, as_json: bool = True):
    capsys.readouterr()
    assert main(["picture", code, str(year), *(["--json"] if as_json else [])]) == 0
    out = capsys.readouterr().out
    return json.loads(out) if as_json else out


def report_html(tmp_path, code: str, year: int) -> str:
    path = tmp_path / f"{code}-{year}.html"
    assert main(["report", code, str(year), "--format", "html", "-o", str(path)]) == 0
    return " ".join(path.read_text(encoding="utf-8").split())


def population(code: str, values: dict[int, int]) -> None:
    rows = "".join(f"{code};cbs.inwoners;{y};{v};definitief;CBS\n" for y, v in values.items())
    assert import_observations("inwoners.csv", ("gebied;reeks;periode;waarde;status;bron\n" + rows).encode(),
                               actor_name="test").ok


@pytest.fixture(autouse=True)
def fresh_cache():
    """Pictures are cached on a stamp of the highest ids; a rolled-back test can leave the same ids behind."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def police(reference, capsys):
    assert main(["opendata", "import", str(HLT), "--table", "47018NED"]) == 0
    capsys.readouterr()


def dashboard(client, code: str, year: int) -> str:
    from django.contrib.auth import get_user_model

    from ivb.accounts.models import Membership, Role

    user, _ = get_user_model().objects.get_or_create(username=f"lezer-{code}")
    Membership.objects.get_or_create(user=user, municipality=Area.objects.get(code=code), role=Role.LEZER)
    client.force_login(user)
    response = client.get(f"/gemeente/{code}/{year}/")
    assert response.status_code == 200
    return text(response)


# ------------------------------------------------------------------------------------- a thin policy

def test_it_shows_the_monitored_police_series_beside_a_thin_policy(police, tmp_path, capsys, client):
    policy(tmp_path, THIN)
    result = picture(capsys, "GM0534", 2023)
    series = {s["reeks"]: s for s in result["reeksen"]}
    for key in ("politie.od.1.1.1", "politie.od.2.2.1", "politie.od.1.2.3", "politie.od.1.4.5"):
        assert key in result["gevolgde_reeksen"], key
    vernieling = series["politie.od.2.2.1"]
    assert vernieling["naam"] == "Vernieling" and vernieling["bron"] == "Politie (via CBS)"
    assert {int(m["periode"]): m["waarde"] for m in vernieling["metingen"]} == {
        y: v for y, v in raw("2.2.1", "GM0534").items() if y <= 2023}
    assert vernieling["trend"]["oordeel"] in ("stijgend", "dalend", "stabiel")
    assert vernieling["tekst"].startswith(f"Vernieling in Hillegom: {raw('2.2.1', 'GM0534')[2023]:.0f} in 2023")
    assert "politie.od.3.1.3" not in series  # open data outside the monitored set stays on the sources page

    html = report_html(tmp_path, "GM0534", 2023)
    assert "Gevolgde cijfers van politie en CBS" in html and "Bron: Politie (via CBS)" in html
    row = html[html.index("<th>Vernieling</th>"):]
    assert row.startswith("<th>Vernieling</th>" + "".join(
        f'<td class="num">{raw("2.2.1", "GM0534")[y]:.0f}</td>' for y in range(2017, 2024)))  # the trend's seven years

    page = dashboard(client, "GM0534", 2023)
    assert "Gevolgde cijfers van politie en CBS" in page
    assert re.search(r'<th scope="row"><a href="/gemeente/GM0534/reeksen/\d+/\?jaar=\d+">Woninginbraak</a>'
                     r'<span class="provenance">Bron: Politie \(via CBS\)</span></th>', page)
    assert f"<strong>{raw('1.1.1', 'GM0534')[2023]:.0f}</strong>" in page


def test_a_priority_without_measurable_targets_says_so_everywhere(police, tmp_path, capsys, client):
    policy(tmp_path, THIN)
    result = picture(capsys, "GM0534", 2023)
    notes = {p["sleutel"]: p.get("toelichting") for p in result["prioriteiten"]}
    assert notes == {"inbraak": None, "jeugd": "De doelen voor deze prioriteit volgen in het jaarplan.",
                     "ondermijning": "Voor deze prioriteit zijn geen meetbare doelen vastgesteld."}
    page = dashboard(client, "GM0534", 2023)
    assert '2. Jeugd en veiligheid</h3> <p class="muted">De doelen voor deze prioriteit volgen in het jaarplan.</p>' in page
    assert '3. Ondermijning</h3> <p class="muted">Voor deze prioriteit zijn geen meetbare doelen vastgesteld.</p>' in page
    policy_page = text(client.get("/gemeente/GM0534/beleid/"))
    assert "Voor deze prioriteit zijn geen meetbare doelen vastgesteld." in policy_page
    assert "De doelen voor deze prioriteit volgen in het jaarplan." in policy_page
    assert "None" not in policy_page  # a title-only priority shows no empty fields
    html = report_html(tmp_path, "GM0534", 2023)
    assert '<h3>Ondermijning</h3> <p class="none">Voor deze prioriteit zijn geen meetbare doelen vastgesteld.</p>' in html
    assert '<h3>Jeugd en veiligheid</h3> <p class="none">De doelen voor deze prioriteit volgen in het jaarplan.</p>' in html
    assert "Jeugd en veiligheid" in picture(capsys, "GM0534", 2023, as_json=False)


# ------------------------------------------------------------------------------- context is not safety

def test_context_series_get_no_verdict_and_are_described_neutrally(police, tmp_path, capsys, client):
    policy(tmp_path, THIN)
    population("GM0534", {2020: 22_100, 2021: 22_050, 2022: 21_990, 2023: 21_900})
    result = picture(capsys, "GM0534", 2023)
    inwoners = next(s for s in result["reeksen"] if s["reeks"] == "cbs.inwoners")
    assert inwoners["context"] and inwoners["trend"]["oordeel"] == "geen oordeel (context)"
    sentence = "Het aantal inwoners in Hillegom nam af van 22.100 in 2020 naar 21.900 in 2023 (\u22120,9%)."
    assert result["context"][0]["tekst"] == sentence

    html = report_html(tmp_path, "GM0534", 2023)
    assert sentence in html
    summary = html[html.index('id="samenvatting"'):html.index('id="cijfers"')]
    assert "Inwoners" not in summary
    assert "stijgend" not in html[html.index(sentence) - 300:html.index(sentence)]
    page = dashboard(client, "GM0534", 2023)
    assert sentence in page
    assert not any(s["reeks"] == "cbs.inwoners" for s in result["reeksen"] if s["trend"]["oordeel"] in
                   ("stijgend", "dalend", "stabiel"))


def test_a_falling_population_is_never_a_point_of_attention(reference, tmp_path, capsys):
    """The bug of the issue: a falling population got "stijgend" and "Vraagt aandacht: Inwoners"."""
    policy(tmp_path, THIN)
    population("GM0534", {2021: 22_300, 2022: 22_000, 2023: 21_500})
    from ivb.report.content import build

    content = build(Area.objects.get(code="GM0534"), 2023)
    assert "Inwoners" not in content.attention and "Inwoners" not in content.improved
    assert "Inwoners" not in [row.name for row in content.table]
    html = report_html(tmp_path, "GM0534", 2023)
    assert "Vraagt aandacht: Inwoners" not in html and "Het aantal inwoners in Hillegom nam af" in html


# ------------------------------------------------------------------------- the policy in use, or none

def test_a_year_after_every_policy_says_the_policy_has_expired(police, tmp_path, capsys, client):
    policy(tmp_path, THIN)
    expected = "Het beleid 2020–2023 is verlopen; er is geen beleid voor 2025."
    assert picture(capsys, "GM0534", 2025)["melding"].startswith(expected)
    assert expected in picture(capsys, "GM0534", 2025, as_json=False)
    assert expected in dashboard(client, "GM0534", 2025)
    assert expected in report_html(tmp_path, "GM0534", 2025)
    assert picture(capsys, "GM0534", 2022)["melding"] is None  # inside the period: nothing to say


def test_a_municipality_without_a_policy_still_gets_its_safety_picture(police, tmp_path, capsys, client):
    result = picture(capsys, "GM1525", 2023)
    assert result["beleid_geldt"] == "none" and result["prioriteiten"] == []
    assert result["melding"].startswith("Er is nog geen veiligheidsbeleid voor Teylingen opgeslagen")
    inbraak = next(s for s in result["reeksen"] if s["reeks"] == "politie.od.1.1.1")
    assert {int(m["periode"]): m["waarde"] for m in inbraak["metingen"]} == {
        y: v for y, v in raw("1.1.1", "GM1525").items() if y <= 2023}
    page = dashboard(client, "GM1525", 2023)
    assert "nog geen veiligheidsbeleid voor Teylingen" in page and "Gevolgde cijfers van politie en CBS" in page
    html = report_html(tmp_path, "GM1525", 2023)
    assert "Geen veiligheidsbeleid opgeslagen" in html and "Woninginbraak" in html
    assert "Zonder beleid zijn er geen prioriteiten." in html


# --------------------------------------------------------------------------- policy format v2 kinds

def test_a_monitoring_indicator_is_followed_without_a_target(police, tmp_path, capsys, client):
    policy(tmp_path, JOINT)
    result = picture(capsys, "GM0534", 2023)
    vernielingen = next(i for p in result["prioriteiten"] for i in p["indicatoren"] if i["sleutel"] == "vernielingen")
    assert vernielingen["gevolgd_zonder_doel"] and vernielingen["status"] == "gevolgd"
    assert vernielingen["laatste"]["waarde"] == raw("2.2.1", "GM0534")[2023]
    assert vernielingen["trend"]["oordeel"] in ("stijgend", "dalend", "stabiel")
    assert "Deze indicator wordt gevolgd, zonder doel" in vernielingen["tekst"]
    page = dashboard(client, "GM0534", 2023)
    row = page[page.index("/indicator/vernielingen/"):]
    row = row[:row.index("</tr>")]
    assert '<td class="target" data-label="Doel">gevolgd, zonder doel</td>' in row and "status none" in row
    html = report_html(tmp_path, "GM0534", 2023)
    assert "<h4>Vernielingen</h4> <p><strong>" in html and "· gevolgd, zonder doel</p>" in html
    # The indicator page says the status word once (walk T: "gevolgd gevolgd, zonder doel").
    page = text(client.get("/gemeente/GM0534/2023/indicator/vernielingen/"))
    assert "</span> zonder doel: het beleid noemt geen getal om te halen</p>" in page and "gevolgd gevolgd" not in page


def test_an_indicator_on_another_theme_is_shown_under_that_theme(police, tmp_path, capsys, client):
    policy(tmp_path, JOINT)
    result = picture(capsys, "GM0553", 2023)
    theme = result["overige_themas"][0]
    assert theme["titel"] == "Fietsdiefstal"
    fietsen = theme["indicatoren"][0]
    assert fietsen["laatste"]["waarde"] == raw("1.2.3", "GM0553")[2023] and fietsen["status"] != "gevolgd"
    page = dashboard(client, "GM0553", 2023)
    assert '<h3 id="thema-fiets">Fietsdiefstal</h3>' in page and "/indicator/fietsdiefstallen/" in page
    assert client.get("/gemeente/GM0553/2023/indicator/fietsdiefstallen/").status_code == 200
    html = report_html(tmp_path, "GM0553", 2023)
    part = html[html.index('id="overig"'):]
    assert "<h3>Fietsdiefstal</h3>" in part and "<h4>Gestolen fietsen</h4>" in part


def test_a_member_gets_its_own_target_and_only_its_own_indicators(police, tmp_path, capsys):
    policy(tmp_path, JOINT)
    hillegom = {i["sleutel"]: i for p in picture(capsys, "GM0534", 2023)["prioriteiten"] for i in p["indicatoren"]}
    lisse = {i["sleutel"]: i for p in picture(capsys, "GM0553", 2023)["prioriteiten"] for i in p["indicatoren"]}
    assert hillegom["inbraken"]["doel"] == "lager dan 10 in 2023"
    assert lisse["inbraken"]["doel"] == "lager dan 100 in 2023"
    assert hillegom["inbraken"]["status"] == "niet gehaald"  # 2023: more than 10 burglaries
    assert "alleen-lisse" in lisse and "alleen-lisse" not in hillegom


def test_a_region_indicator_is_the_sum_of_the_members_raw_figures(police, tmp_path, capsys, client):
    policy(tmp_path, JOINT)
    members = ("GM0534", "GM0553", "GM1525")
    expected = {y: sum(raw("1.1.1", m)[y] for m in members) for y in range(2012, 2024)}
    for code in members:  # the same region figure in every member's picture
        region = next(i for p in picture(capsys, code, 2023)["prioriteiten"] for i in p["indicatoren"]
                      if i["sleutel"] == "inbraken-regio")
        assert region["methode"] == "som van Hillegom, Lisse en Teylingen"
        assert region["laatste"]["waarde"] == expected[2023]
    result = picture(capsys, "GM0553", 2023)
    assert "Regiocijfer: som van Hillegom, Lisse en Teylingen" in picture(capsys, "GM0553", 2023, as_json=False)
    assert not any(s["reeks"].startswith("regio:") for s in result["reeksen"])

    page = dashboard(client, "GM0553", 2023)
    assert "Regiocijfer: som van Hillegom, Lisse en Teylingen" in page
    indicator = text(client.get("/gemeente/GM0553/2023/indicator/inbraken-regio/"))
    assert "Regiocijfer: som van Hillegom, Lisse en Teylingen." in indicator
    for name in ("Hillegom", "Lisse", "Teylingen"):  # the members' figures are its provenance
        assert f'2023 <span class="provenance">{name}</span>' in indicator
    html = report_html(tmp_path, "GM0553", 2023)
    assert "Regiocijfer: som van Hillegom, Lisse en Teylingen" in html
    sources = html[html.index('id="bronnen"'):]
    for code, name in (("GM0534", "Hillegom"), ("GM1525", "Teylingen")):  # the members' figures as its sources
        entry = sources[sources.index(f"<strong>Diefstal/inbraak woning (politie open data, misdrijven), {name}</strong>"):]
        entry = entry[:entry.index("</li>")]
        assert "Politie (via CBS), CBS StatLine 47018NED" in entry
        assert f"2023: {raw('1.1.1', code)[2023]:.0f}" in entry  # the page's text, spaces folded


def test_a_region_figure_needs_every_member():
    """Only periods where every member has a figure; a population-weighted mean uses each member's population."""
    from ivb.domain.observations import Point, SeriesData
    from ivb.domain.periods import parse
    from ivb.domain.region import Member, region_series

    def s(key, values, unit="count"):
        return SeriesData(key, key, unit, "sum" if unit == "count" else "none",
                          [Point(parse(str(y)), v) for y, v in values.items()])

    members = [Member("GM0001", "A", {"x": s("x", {2021: 10, 2022: 20}), "p": s("p", {2021: 50, 2022: 80}, "percent"),
                                      "cbs.inwoners": s("cbs.inwoners", {2021: 1000, 2022: 1000})}),
               Member("GM0002", "B", {"x": s("x", {2022: 5}), "p": s("p", {2021: 70, 2022: 20}, "percent"),
                                      "cbs.inwoners": s("cbs.inwoners", {2021: 3000})})]
    total = region_series("x", "sum", members)
    assert [(p.period.year, p.value) for p in total.points] == [(2022, 25)] and total.method == "som van A en B"
    mean = region_series("p", "population_weighted_mean", members)
    assert [(p.period.year, p.value) for p in mean.points] == [(2021, 65)]  # 2022: no population of B
    assert mean.method == "gemiddelde van A en B, gewogen naar het aantal inwoners"


def test_a_region_indicator_without_a_members_figures_says_whose_are_missing():
    """Walk U: the docs' region example on a series not in the shipped file read "Er zijn wel cijfers, maar geen
    die een heel jaar … beslaan", where there were none at all."""
    from ivb.domain.narrative import sentences
    from ivb.domain.observations import Point, SeriesData
    from ivb.domain.periods import parse
    from ivb.domain.policy import Indicator
    from ivb.domain.region import Member, region_series
    from ivb.domain.targets import TargetStatus
    from ivb.domain.series_picture import SeriesPicture
    from ivb.domain.trend import Change
    from ivb.domain.vocabulary import Status, Verdict

    counted = SeriesData("x", "Inbraak", "count", "sum", [Point(parse("2022"), 10.0)])
    members = [Member("GM0001", "Bergen (L.)", {"x": counted}), Member("GM0002", "Gennep", {}),
               Member("GM0003", "Mook en Middelaar", {"x": SeriesData("x", "Inbraak", "count", "sum", [])})]
    region = region_series("x", "sum", members)
    assert region.points == [] and region.missing == "Gennep en Mook en Middelaar"
    ind = Indicator(key="r", name="Inbraken in de regio", series="x", unit="count", source="Politie", ref="§3")
    sp = SeriesPicture("x", "Inbraak", "count", [], Change(Verdict.TOO_FEW, ""), missing=region.missing, empty=True)
    words = sentences(ind, sp, TargetStatus(Status.MONITORED, ""), "Bergen (L.)")
    assert words[0] == "Van Gennep en Mook en Middelaar zijn er nog geen cijfers; zonder die is er geen regiocijfer."
    assert not any("wel cijfers" in w for w in words)


def test_the_monitored_set_names_only_series_ivb_can_store():
    from ivb.domain.opendata_tables import code_list, tables
    from ivb.domain.series import builtin_series, monitored_series

    generated = {t.series_key(m, c) for t in tables().values() for m in t.measures for c in code_list(t.codes)}
    for m in monitored_series():
        assert m.key in builtin_series() or m.key in generated or m.key.startswith("cbs.misdrijven."), m.key
        assert m.name and m.source and m.note


def test_it_leaves_a_partners_provisional_typed_in_figure_out_of_a_region_figure(client, reference):
    """A provisional figure another municipality typed in is theirs, not ours to show: not in the region sum,
    not among its sources (as in the comparisons)."""
    from django.contrib.auth import get_user_model

    from ivb.accounts.models import Membership, Role
    from ivb.domain.policy import validate_text
    from ivb.store.observation_import import import_observations
    from ivb.store.policies import import_policy

    joint = validate_text((Path(__file__).parent / "data" / "policies" / "joint-lisse-hillegom.yaml").read_text())
    import_policy(joint.policy, filename="joint.yaml", actor_name="test")
    figures = ("gebied;reeks;periode;waarde;status;bron;document;vindplaats;marge;toelichting\n"
               "GM0553;politie.misdrijven;2022;100;definitief;P;d;v;;\n"
               "GM0534;politie.misdrijven;2022;777;voorlopig;P;d;v;;\n")
    assert import_observations("cijfers.csv", figures.encode(), actor_name="test").ok
    reader = get_user_model().objects.create_user("lezer-l")
    Membership.objects.create(user=reader, municipality=Area.objects.get(code="GM0553"), role=Role.LEZER)
    client.force_login(reader)
    page = text(client.get("/gemeente/GM0553/2022/indicator/misdrijven-regio/"))
    assert "777" not in page and "877" not in page and "Misdrijven in beide gemeenten samen" in page
    # The page says why the region has no 2022 (walk Q #2): Hillegom's figure is still provisional.
    assert "zelf ingevoerde voorlopige cijfers van Hillegom tellen pas mee als ze definitief zijn" in page
    Membership.objects.filter(user=reader).update(role=Role.ANALIST)  # a lezer gets no draft report: a 404
    report = client.get("/gemeente/GM0553/rapport/2022/html/")
    assertContains(report, "<strong>Misdrijven in beide gemeenten samen</strong>", html=True)
    assertNotContains(report, "777")
    assertNotContains(report, "877")


def test_a_region_figure_is_the_same_for_every_member_while_one_is_provisional(client, reference, capsys):
    """Walk AJ: Heiloo counted its own provisional figure in the region sum and read 42 and a chance of 48%, its
    partners 53 and 30%: one shared target, three figures. No member's provisional figure counts now, and the page
    says whose figure is still provisional and whose is missing, not "has no figure" of one that has."""
    from ivb.domain.policy import validate_text
    from ivb.store.policies import import_policy

    joint = validate_text((Path(__file__).parent / "data" / "policies" / "joint-lisse-hillegom.yaml").read_text())
    import_policy(joint.policy, filename="joint.yaml", actor_name="test")
    figures = ("gebied;reeks;periode;waarde;status;bron;document;vindplaats;marge;toelichting\n"
               "GM0553;politie.misdrijven;2021;90;definitief;P;d;v;;\n"
               "GM0534;politie.misdrijven;2021;60;definitief;P;d;v;;\n"
               "GM0553;politie.misdrijven;2022;100;voorlopig;P;d;v;;\n"
               "GM0534;politie.misdrijven;2022;50;definitief;P;d;v;;\n")
    assert import_observations("cijfers.csv", figures.encode(), actor_name="test").ok
    seen = {}
    for code in ("GM0553", "GM0534"):
        assert main(["picture", code, "2022", "--json"]) == 0
        found = json.loads(capsys.readouterr().out)
        seen[code] = next(i for i in found["algemene_doelstellingen"] if i["sleutel"] == "misdrijven-regio")
    assert seen["GM0553"]["laatste"] == seen["GM0534"]["laatste"] and seen["GM0553"]["status"] == seen["GM0534"]["status"]
    assert seen["GM0553"]["laatste"]["waarde"] == 150 and seen["GM0553"]["laatste"]["periode"] == "2021"
    assert "het cijfer van Lisse is nog voorlopig" in seen["GM0534"]["tekst"]
    for code in ("GM0553", "GM0534"):
        assert main(["picture", code, "2022"]) == 0
        assert "Let op: 2022 telt nog niet mee: het cijfer van Lisse is nog voorlopig." in capsys.readouterr().out
    # A newer year of Hillegom's only: Lisse lacks it, and its 2022 is still provisional (both do not count).
    assert import_observations("h.csv", b"gebied;reeks;periode;waarde;status;bron;document;vindplaats;marge;toelichting\n"
                               b"GM0534;politie.misdrijven;2023;55;definitief;P;d;v;;\n",
                               actor_name="test").ok
    assert main(["picture", "GM0534", "2023"]) == 0
    assert ("Let op: 2022 en 2023 tellen nog niet mee: Lisse heeft van 2023 nog geen cijfer en het cijfer van Lisse "
            "over 2022 is nog voorlopig.") in capsys.readouterr().out
    assert import_observations("h.csv", b"gebied;reeks;periode;waarde;status;bron;document;vindplaats;marge;toelichting\n"
                               b"GM0534;politie.misdrijven;2024;58;voorlopig;P;d;v;;\n", actor_name="test").ok
    assert main(["picture", "GM0553", "2024"]) == 0
    assert ("Let op: 2022, 2023 en 2024 tellen nog niet mee: Lisse heeft van 2023 en 2024 nog geen cijfer, het cijfer "
            "van Lisse over 2022 is nog voorlopig en het cijfer van Hillegom over 2024 is nog voorlopig.") in (
        capsys.readouterr().out)


def test_a_correction_of_a_figure_in_a_region_figure_says_whom_it_changes_for(client, reference):
    """Walk AJ: the correction page said only "U vervangt Huisverboden, 2024"; the figure fed the region figure of
    two other councils, whose approved reports then differed."""
    from django.contrib.auth import get_user_model

    from ivb.accounts.models import Membership, Role
    from ivb.domain.policy import validate_text
    from ivb.store.models import Observation
    from ivb.store.policies import import_policy

    joint = validate_text((Path(__file__).parent / "data" / "policies" / "joint-lisse-hillegom.yaml").read_text())
    import_policy(joint.policy, filename="joint.yaml", actor_name="test")
    figures = ("gebied;reeks;periode;waarde;status;bron;document;vindplaats;marge;toelichting\n"
               "GM0553;politie.misdrijven;2021;90;definitief;P;d;v;;\n"
               "GM0553;politie.woninginbraken;2021;9;definitief;P;d;v;;\n")
    assert import_observations("c.csv", figures.encode(), actor_name="test").ok
    analyst = get_user_model().objects.create_user("analist-l")
    Membership.objects.create(user=analyst, municipality=Area.objects.get(code="GM0553"), role=Role.ANALIST)
    client.force_login(analyst)
    shared = Observation.objects.get(series__key="politie.misdrijven")
    page = text(client.get(f"/gemeente/GM0553/cijfers/{shared.pk}/corrigeren/"))
    assert ("Dit cijfer telt mee in het regiocijfer 'Misdrijven in beide gemeenten samen' van het gezamenlijke beleid "
            "met Hillegom.") in page
    alone = Observation.objects.get(series__key="politie.woninginbraken")
    assert "telt mee in het regiocijfer" not in text(client.get(f"/gemeente/GM0553/cijfers/{alone.pk}/corrigeren/"))


def test_a_member_with_only_provisional_figures_is_not_said_to_have_none():
    """Review: with every figure of Heiloo provisional, its own page read "Van Heiloo zijn er nog geen cijfers"
    beside its own table of those figures."""
    from ivb.domain.narrative import sentences
    from ivb.domain.observations import Point, SeriesData
    from ivb.domain.periods import parse
    from ivb.domain.policy import Indicator
    from ivb.domain.region import Member, region_series
    from ivb.domain.series_picture import SeriesPicture
    from ivb.domain.targets import TargetStatus
    from ivb.domain.trend import Change
    from ivb.domain.vocabulary import Status, Verdict

    counted = SeriesData("x", "Huisverboden", "count", "sum", [Point(parse("2024"), 10.0)])
    members = [Member("GM0373", "Bergen (NH.)", {"x": counted}),
               Member("GM0399", "Heiloo", {"x": SeriesData("x", "Huisverboden", "count", "sum", [])},
                      held_back={"x": frozenset({"2024"})}),
               Member("GM0383", "Castricum", {})]
    region = region_series("x", "sum", members)
    assert (region.missing, region.pending) == ("Castricum", "Heiloo")
    ind = Indicator(key="r", name="Huisverboden samen", series="x", unit="count", source="Gemeenten", ref="§3")
    sp = SeriesPicture("x", "Huisverboden", "count", [], Change(Verdict.TOO_FEW, ""), missing=region.missing,
                       pending=region.pending, empty=True)
    words = sentences(ind, sp, TargetStatus(Status.MONITORED, ""), "Heiloo")
    assert words[0] == ("Van Castricum zijn er nog geen cijfers en van Heiloo zijn er alleen voorlopige cijfers, die "
                        "pas meetellen als ze definitief zijn; zonder die is er geen regiocijfer.")


def test_a_month_held_back_as_provisional_names_whose_it_is():
    """Review: with Heiloo's September provisional and October definitive, the region page read "van 2025
    ontbreekt september" without naming anyone or why."""
    from ivb.domain.observations import Point, SeriesData, month_gaps
    from ivb.domain.periods import parse
    from ivb.domain.region import Member, region_series

    def months(upto, skip=()):
        return SeriesData("x", "Meldingen", "count", "sum",
                          [Point(parse(f"2025-{m:02d}"), 10.0) for m in range(1, upto + 1) if m not in skip])

    members = [Member("GM0373", "Bergen (NH.)", {"x": months(10)}),
               Member("GM0399", "Heiloo", {"x": months(10, skip=(9,))}, held_back={"x": frozenset({"2025-09"})})]
    region = region_series("x", "sum", members)
    gap = month_gaps(region.points, region.lacking, region.unconfirmed)[2025]
    assert gap.sentence == ("Let op: van 2025 telt september van Heiloo nog niet mee, want dat cijfer is nog "
                            "voorlopig; het regiocijfer van 2025 telt de andere maanden.")
