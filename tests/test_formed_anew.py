"""A municipality formed anew from others (ADR 0039, amendment of 4 December 2026): Dijk en Waard (GM1980) came
into being on 1 January 2022 from Heerhugowaard (GM0398) and Langedijk (GM0416). The police counts (47018NED) give
Dijk en Waard's figures from 2012 on today's borders; CBS's population (70072ned) has it only from 2022, and the
two old municipalities before. For the years before, its population is theirs added up when they went into it
whole; otherwise nothing is made up, and the notice says what IVB did."""

import datetime as dt
import re
from importlib import resources

from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.cli import main
from ivb.domain.numbers import format_number
from ivb.store.models import Area, Observation, Series
from tests.conftest import text

HEERHUGOWAARD_2021, LANGEDIJK_2021 = 58_744, 28_464  # 70072ned as shipped in src/ivb/demo, 1 January 2021
BURGLARIES_2021 = 98  # 47018NED as shipped, Dijk en Waard (today's borders), woninginbraak (1.1.1)
POLICE = "De politiecijfers gaan al over het gebied van nu."  # no other figures from before 2022 here (walk BE)
FORMED = "Dijk en Waard bestaat sinds 1 januari 2022, ontstaan uit Heerhugowaard en Langedijk. "
ADDED_UP = FORMED + "Het aantal inwoners van de jaren ervoor telt IVB voor de gemeenten samen. " + POLICE


def _import(*codes):
    """The shipped whole-country files, for these municipalities only (`--area` brings the ones a municipality
    took in under its own code; those a new one was formed from are named here)."""
    for name, table in (("47018NED_GM_2012-2025.csv.gz", "47018NED"), ("70072ned_GM_2012-2025.csv.gz", "70072ned")):
        with resources.as_file(resources.files("ivb.demo").joinpath(name)) as path:
            assert main(["opendata", "import", str(path), "--table", table,
                         *(arg for code in codes for arg in ("--area", code))]) == 0


def _figures(code, values, key="cbs.inwoners"):
    for year, value in values.items():
        Observation.objects.create(series=Series.objects.get(key=key), area=Area.objects.get(code=code),
                                   period=str(year), period_kind="year", period_start=dt.date(year, 1, 1),
                                   period_end=dt.date(year, 12, 31), value=value, status="definitief",
                                   source="CBS", recorded_by_name="test")


def _people(code="GM1980"):
    from ivb.store.picture import series_data

    found = [s for s in series_data([Area.objects.get(code=code)])[code] if s.key == "cbs.inwoners"]
    return found[0].points if found else []


def _notice(year, code="GM1980"):
    from ivb.store.areas import history_notice

    notice = history_notice(Area.objects.get(code=code), year)
    return notice.text() if notice else None


def _reader(client, code="GM1980"):
    user = get_user_model().objects.create_user(f"analist-{code}")
    Membership.objects.create(user=user, municipality=Area.objects.get(code=code), role=Role.ANALIST)
    client.force_login(user)


def test_dijk_en_waard_2021_has_a_rate_per_1000_over_the_population_of_heerhugowaard_and_langedijk(reference, client,
                                                                                                capsys):
    _import("GM1980", "GM0398", "GM0416", "GM0361")  # with Alkmaar, a neighbour
    stored = dict(Observation.objects.filter(series__key="cbs.inwoners", period="2021")
                  .values_list("area__code", "value"))
    assert (stored["GM0398"], stored["GM0416"]) == (HEERHUGOWAARD_2021, LANGEDIJK_2021) and "GM1980" not in stored
    people = {p.period.year: p for p in _people()}
    assert people[2021].value == HEERHUGOWAARD_2021 + LANGEDIJK_2021 == 87_208
    assert people[2021].source == "CBS; opgeteld: Heerhugowaard en Langedijk (de grenzen van nu)"
    assert (people[2022].value, people[2022].source) == (88_340, "CBS")  # its own from its first day
    assert sorted(people) == list(range(2012, 2026))

    _reader(client)
    page = text(client.get("/gemeente/GM1980/2021/"))
    assert f'<p class="notice" role="note">{ADDED_UP}</p>' in page
    rate = format_number(1000 * BURGLARIES_2021 / 87_208, "per_1000", decimals=1)
    assert rate == "1,1"
    burglary = re.search(r'<th scope="row"><a [^>]*>Woninginbraak</a>.*?</tr>', page).group(0)
    assert f"<strong>{BURGLARIES_2021}</strong>" in burglary and f">{rate}<span" in burglary
    # The comparison with the neighbours and the crime index, not "de gemeente bestond toen niet".
    assert "Vergelijking met buren, eenheid en land (2021)" in page and "Misdaadindex van Dijk en Waard" in page
    assert "bestond toen niet" not in page
    assert "Het aantal inwoners in Dijk en Waard nam toe van 79.633 in 2012 naar 87.208 in 2021 (+9,5%)." in page

    # The series page's chart adds up; its table shows the figures as stored (Dijk en Waard's own from 2022).
    series = Series.objects.get(key="cbs.inwoners")
    page = text(client.get(f"/gemeente/GM1980/reeksen/{series.pk}/"))
    assert ("De grafiek en de tekst geven de jaren vóór 2022 als de som van Heerhugowaard en Langedijk (de grenzen "
            "van nu); de tabel hieronder toont de cijfers zoals ze zijn opgeslagen.") in page
    # For an earlier year too, whose chart ends before the newest (walk BW: the sentence went, the sum stayed).
    earlier = text(client.get(f"/gemeente/GM1980/reeksen/{series.pk}/?jaar=2024"))
    assert "De grafiek en de tekst geven de jaren vóór 2022 als de som van Heerhugowaard en Langedijk" in earlier
    assert main(["areas", "show", "GM1980", "--jaar", "2021"]) == 0
    assert f"  let op: {ADDED_UP}" in capsys.readouterr().out


def test_the_crime_index_and_the_groups_of_a_year_before_see_dijk_en_waard_on_todays_land(reference):
    from ivb.store.areas import peer_groups
    from ivb.store.national import position

    _import("GM1980", "GM0398", "GM0416", "GM0361")
    dew = Area.objects.get(code="GM1980")
    standing = position(dew, 2021)["result"].standings["GM1980"]
    assert standing.population == 87_208
    assert standing.rates["1.1.1"] == 1000 * BURGLARIES_2021 / 87_208
    groups = {g.kind: g for g in peer_groups(dew, 2021)}
    unit = {a.code for a in groups["eenheid"].members}
    # Its police unit and province of 2021 hold Dijk en Waard in place of the two it was formed from.
    assert "GM1980" in unit and not {"GM0398", "GM0416"} & unit
    assert groups["grootteklasse"].label == "gemeenten met 50.000 tot 100.000 inwoners"
    assert "GM1980" in {a.code for a in groups["grootteklasse"].members}


def test_a_years_comparison_gives_the_new_municipality_the_sum_and_drops_the_old_ones(reference):
    """The peers' sums (a police unit's, a province's) count Heerhugowaard and Langedijk once, inside Dijk en Waard;
    a police count (today's borders) stays; a count typed in for Dijk en Waard stays too: it can only be about
    today's land, as the municipality did not exist before."""
    from ivb.store.annexations import year_within_todays_borders

    _figures("GM0398", {2021: HEERHUGOWAARD_2021})
    _figures("GM0416", {2021: LANGEDIJK_2021})
    _figures("GM1980", {2022: 88_340})
    values = {"cbs.inwoners": {"GM0398": 58_744.0, "GM0416": 28_464.0, "GM0361": 110_340.0},
              "politie.od.1.1.1": {"GM1980": 98.0}, "politie.geweld": {"GM1980": 70.0}}
    year_within_todays_borders(values, ["GM1980", "GM0398", "GM0416", "GM0361"], 2021)
    assert values == {"cbs.inwoners": {"GM1980": 87_208.0, "GM0361": 110_340.0},
                      "politie.od.1.1.1": {"GM1980": 98.0}, "politie.geweld": {"GM1980": 70.0}}


def test_a_predecessor_that_went_only_in_part_is_not_added(reference, client):
    """Made-up figures (every real formation since 2013 passes the test): had a third of Langedijk gone to
    Alkmaar, Dijk en Waard would have counted about 79.000 on 1 January 2022, not the 87.208 of Heerhugowaard and
    Langedijk a year before. Their sum is another area's, so IVB leaves the years before without a population."""
    from ivb.store.annexations import year_within_todays_borders

    _figures("GM0398", {2020: 57_900, 2021: HEERHUGOWAARD_2021})
    _figures("GM0416", {2020: 28_300, 2021: LANGEDIJK_2021})
    _figures("GM1980", {2022: 79_000})
    assert [p.period.year for p in _people()] == [2022]
    values = {"cbs.inwoners": {"GM0398": 58_744.0, "GM0416": 28_464.0}}
    year_within_todays_borders(values, ["GM1980", "GM0398", "GM0416"], 2021)
    assert values == {"cbs.inwoners": {"GM0398": 58_744.0, "GM0416": 28_464.0}}
    assert _notice(2021) == (FORMED + "Het aantal inwoners van de jaren ervoor telt IVB niet op: de oude gemeenten "
                             "samen waren een ander gebied dan Dijk en Waard nu. Daarom zijn er voor 2021 geen cijfers "
                             "per 1.000 inwoners. " + POLICE)
    _reader(client)
    assert "Dijk en Waard nu. Daarom zijn er voor 2021 geen cijfers per 1.000 inwoners." in text(
        client.get("/gemeente/GM1980/2021/"))


def test_a_year_without_every_predecessors_figure_is_left_out_and_the_notice_names_what_is_missing(reference):
    _figures("GM0398", {2016: 55_000, 2021: HEERHUGOWAARD_2021})
    _figures("GM0416", {2021: LANGEDIJK_2021})  # Langedijk's 2016 not in IVB
    _figures("GM1980", {2022: 88_340})
    assert [(p.period.year, p.value) for p in _people()] == [(2021, 87_208), (2022, 88_340)]
    assert _notice(2016) == (FORMED + "Het aantal inwoners van de jaren ervoor telt IVB voor de gemeenten samen, "
                             "behalve van 2016: daarvan ontbreekt het aantal van Langedijk. Daarom zijn er voor 2016 "
                             "geen cijfers per 1.000 inwoners. " + POLICE)
    # 2021 is added up: no word of missing rates there.
    assert "Daarom" not in _notice(2021)


def test_without_the_population_of_1_january_2022_ivb_cannot_tell_and_adds_nothing(reference):
    _figures("GM0398", {2021: HEERHUGOWAARD_2021})
    _figures("GM0416", {2021: LANGEDIJK_2021})
    assert _people() == []
    assert _notice(2021) == (FORMED + "Het aantal inwoners van de jaren ervoor telt IVB niet op: zonder dat van Dijk en "
                             "Waard op 1 januari 2022 en dat van de oude gemeenten op 1 januari 2021 is niet na te "
                             "gaan of die samen het gebied van nu waren. Daarom zijn er voor 2021 geen cijfers per "
                             "1.000 inwoners. " + POLICE)


def test_after_its_formation_the_notice_says_the_earlier_years_are_added_up(reference, capsys):
    """A year after the formation: the notice is there because the chart and the trend show the years before, added
    up, even when Dijk en Waard has no figure of its own from before 2022."""
    _figures("GM0398", {2020: 57_900, 2021: HEERHUGOWAARD_2021})
    _figures("GM0416", {2020: 28_300, 2021: LANGEDIJK_2021})
    _figures("GM1980", {2022: 88_340, 2023: 89_530})
    assert _notice(2023) == ADDED_UP
    assert main(["picture", "GM1980", "2023"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1] == ADDED_UP
    assert "Het aantal inwoners in Dijk en Waard nam toe van 86.200 in 2020 naar 89.530 in 2023 (+3,9%)." in out


def test_without_figures_from_before_its_formation_a_later_year_has_no_notice(reference):
    """No figure from before the formation (its own or added up): no notice after its first year, as before."""
    _figures("GM1980", {2022: 88_340, 2023: 89_530})
    assert _notice(2023) is None


def test_an_import_for_the_new_municipality_brings_its_predecessors(reference):
    """`--area GM1980` brings Heerhugowaard and Langedijk, as `--area GM0575` brings Noordwijkerhout: without their
    population the years before 2022 could not be added up."""
    from ivb.store.opendata_files import _with_those_taken_in

    assert _with_those_taken_in(frozenset({"GM1980"})) == {"GM1980", "GM0398", "GM0416"}


def test_a_neighbours_unit_line_of_a_year_before_holds_dijk_en_waard_on_todays_land(reference):
    """Walk AT: a police unit's line of a year before a merger counted the subject on today's land but left a merged
    neighbour out: the old municipalities have no police figures in today's borders, the new one did not exist yet."""
    from ivb.store.areas import peer_groups
    from ivb.store.picture import _comparisons

    _import("GM1980", "GM0398", "GM0416", "GM0361")
    alkmaar = Area.objects.get(code="GM0361")
    unit = {a.code for a in {g.kind: g for g in peer_groups(alkmaar, 2021)}["eenheid"].members}
    assert "GM1980" in unit and not {"GM0398", "GM0416"} & unit
    own = {o.series.key: float(o.value) for o in Observation.objects.filter(area=alkmaar, period="2021")
           .select_related("series")}
    line = _comparisons(alkmaar, 2021)["politie.od.1.1.1"].groups[0]
    assert line.name.startswith("Politie-eenheid Noord-Holland (2 van ")
    assert line.count == own["politie.od.1.1.1"] + BURGLARIES_2021
    assert line.population == own["cbs.inwoners"] + HEERHUGOWAARD_2021 + LANGEDIJK_2021


def test_a_chain_of_mergers_and_the_size_class_of_a_year_before_hold_todays_municipalities(reference):
    """Review of 5 December: Liesveld, Graafstroom and Nieuw-Lekkerland (into Molenwaard in 2013, into Molenlanden in
    2019) stayed in Zuid-Holland's 2012 group; Dijk en Waard stayed out of its 2021 size class."""
    from ivb.store.areas import peer_groups

    _import("GM1980", "GM0398", "GM0416", "GM0400")
    lisse = {g.kind: g for g in peer_groups(Area.objects.get(code="GM0553"), 2012)}
    province = {a.code for a in lisse["provincie"].members}
    assert "GM1978" in province and not {"GM0571", "GM0693", "GM0694", "GM1927"} & province
    den_helder = {g.kind: g for g in peer_groups(Area.objects.get(code="GM0400"), 2021)}
    sized = {a.code for a in den_helder["grootteklasse"].members}
    assert den_helder["grootteklasse"].label == "gemeenten met 50.000 tot 100.000 inwoners"
    assert "GM1980" in sized and not {"GM0398", "GM0416"} & sized


def test_the_report_of_a_year_before_lists_the_population_it_added_up(reference):
    """Walk AT: Land van Cuijk's 2019 report used the population of the five it was formed from and listed none."""
    from ivb.report.content import build

    _import("GM1980", "GM0398", "GM0416")
    names = {g.name: g.figures for g in build(Area.objects.get(code="GM1980"), 2021).source_groups}
    assert f"2021:\u00a0{format_number(HEERHUGOWAARD_2021, 'count')}" in names["Inwoners, Heerhugowaard"]
    assert f"2021:\u00a0{format_number(LANGEDIJK_2021, 'count')}" in names["Inwoners, Langedijk"]


def test_choosing_a_former_municipality_says_where_its_figures_are(reference, capsys):
    """Walk BW: `--area GM0756` (Boxmeer) stored nothing and said only "buiten de gekozen gebieden"."""
    with resources.as_file(resources.files("ivb.demo").joinpath("47018NED_GM_2012-2025.csv.gz")) as path:
        assert main(["opendata", "import", str(path), "--table", "47018NED", "--area", "GM0756"]) == 0
    err = capsys.readouterr().err
    assert ("let op: Boxmeer (GM0756) bestond tot en met 31-12-2021 en ging op in Land van Cuijk (GM1982); de politie "
            "geeft de cijfers van dat gebied in de grenzen van nu, onder GM1982: kies --area GM1982") in err
