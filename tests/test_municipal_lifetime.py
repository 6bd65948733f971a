"""A municipality only takes figures, and gets a picture without notice, for the years it existed: Heerhugowaard
(GM0398) ended on 31-12-2021 and went into Dijk en Waard (GM1980), formed on 1-1-2022 with Langedijk (GM0416)."""

import html
import json

from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.accounts.tokens import create_token
from ivb.cli import main
from ivb.store.models import Area, ImportBatch, Observation
from tests.conftest import text

HEADER = "gebied;reeks;periode;waarde;status;bron;document;vindplaats;marge;toelichting"
ENDED = ("rij 2, kolom periode: Heerhugowaard bestond tot en met 31-12-2021 (opgegaan in Dijk en Waard, GM1980); "
         "een cijfer over 2024 hoort bij Dijk en Waard")
FIGURE = {"series": "politie.geweld", "period": "2019", "value": "70", "status": "definitief", "source": "Politie",
          "document": "", "reference": "", "margin": "", "note": "", "reason": ""}


def _analyst(code, name="analist-dew"):
    user = get_user_model().objects.create_user(name)
    Membership.objects.create(user=user, municipality=Area.objects.get(code=code), role=Role.ANALIST)
    return user


def test_a_file_with_figures_outside_a_municipalitys_lifetime_is_refused_whole(reference, tmp_path, capsys):
    path = tmp_path / "cijfers-opgeheven.csv"
    path.write_text("\n".join([HEADER, "GM0398;politie.geweld;2024;7;definitief;Politie;;;;",
                               "GM1980;politie.geweld;2019;5;definitief;Politie;;;;",
                               "GM0398;politie.geweld;2021;9;definitief;Politie;;;;",
                               "GM1980;politie.geweld;2022;6;definitief;Politie;;;;"]) + "\n", encoding="utf-8")
    assert main(["observations", "import", str(path)]) != 0
    err = capsys.readouterr()
    shown = err.out + err.err
    assert ENDED in shown and "rij 3" not in shown  # Dijk en Waard 2019: on its borders, as CBS recalculates
    assert not Observation.objects.exists() and not ImportBatch.objects.exists()


def test_the_entry_form_takes_a_year_before_a_new_municipality_on_its_borders(client, reference):
    # Sources such as CBS recalculate earlier years to a new municipality's borders; those figures are its own.
    client.force_login(_analyst("GM1980"))
    client.post("/gemeente/GM1980/cijfers/nieuw/", FIGURE)
    assert Observation.objects.get().period == "2019"


def test_the_api_refuses_a_year_after_the_municipality_ended(client, reference):
    token = create_token(_analyst("GM0398", "analist-hhw"), "test")
    response = client.post("/api/municipalities/GM0398/observations", content_type="application/json",
                           data=json.dumps({"reeks": "politie.geweld", "periode": "2024", "waarde": "7",
                                            "status": "definitief", "bron": "Politie"}),
                           HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"veld": "periode", "melding":
        "Heerhugowaard bestond tot en met 31-12-2021 (opgegaan in Dijk en Waard, GM1980); "
        "een cijfer over 2024 hoort bij Dijk en Waard"}]
    assert not Observation.objects.exists()


# Without the population of Heerhugowaard and Langedijk nothing is added up (ADR 0039, amendment; with it,
# tests/test_formed_anew.py): the notice says what is missing, and for a year before 2022 that it has no rates.
FORMED = "Dijk en Waard bestaat sinds 1 januari 2022, ontstaan uit Heerhugowaard en Langedijk. "
NOT_READ_IN = ("Het aantal inwoners van de jaren ervoor heeft IVB niet: CBS geeft het per gemeente van toen, en dat "
               "van de oude gemeenten is niet ingelezen. ")
POLICE_TODAY = "De politiecijfers gaan al over het gebied van nu."
# Only where Dijk en Waard holds figures from before 2022 that are not the police's open data (walk BE).
OTHERS = " Van andere cijfers van eerdere jaren is niet bekend over welk gebied ze gaan."
# Only to those who enter figures, on the pages (walk BE: a council member read it on every page).
HINT = " De beheerder van IVB kan de ontbrekende aantallen inwoners inlezen uit de open data van CBS."
FORMED_NOTICE = (FORMED + NOT_READ_IN + "Daarom zijn er voor 2021 geen cijfers per 1.000 inwoners. " + POLICE_TODAY)
FORMED_NOTICE_LATER = FORMED + NOT_READ_IN + POLICE_TODAY  # a year from 2022 on has its own population
ENDED_NOTICE = "Heerhugowaard bestaat sinds 1 januari 2022 niet meer; opgegaan in Dijk en Waard"


def test_the_picture_of_a_year_the_municipality_did_not_exist_says_so_at_the_top(reference, capsys):
    assert main(["picture", "GM1980", "2021"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["Veiligheidsbeeld Dijk en Waard (GM1980) 2021", FORMED_NOTICE]
    assert main(["picture", "GM0398", "2023"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == ENDED_NOTICE
    assert main(["picture", "GM1980", "2023"]) == 0
    assert "bestaat sinds" not in capsys.readouterr().out


def test_the_dashboard_links_a_predecessor_only_for_a_member(client, reference):
    from pytest_django.asserts import assertInHTML

    user = _analyst("GM1980")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0398"), role=Role.LEZER)
    client.force_login(user)
    page = text(client.get("/gemeente/GM1980/2021/"))
    assertInHTML('<p class="notice" role="note">Dijk en Waard bestaat sinds 1 januari 2022, ontstaan uit '
                 '<a href="/gemeente/GM0398/2021/">Heerhugowaard</a> en Langedijk. ' + NOT_READ_IN
                 + "Daarom zijn er voor 2021 geen cijfers per 1.000 inwoners. " + POLICE_TODAY + HINT + "</p>", page)
    assert "/gemeente/GM0416/" not in page
    assert "Geen vergelijkingscijfers voor Dijk en Waard in dit jaar: de gemeente bestond toen niet." in page
    assert "De beheerder van IVB kan ze inlezen" not in page
    assert "bestaat sinds" not in text(client.get("/gemeente/GM1980/2023/"))


def test_the_dashboard_of_a_former_municipality_names_its_successor_without_a_link_for_an_outsider(client, reference):
    client.force_login(_analyst("GM0398", "analist-hhw"))
    page = text(client.get("/gemeente/GM0398/2023/"))
    assert ENDED_NOTICE in page and "/gemeente/GM1980/" not in page


def test_areas_show_names_the_predecessors_and_the_year_it_did_not_exist(reference, capsys):
    assert main(["areas", "show", "GM1980", "--jaar", "2021"]) == 0
    out = capsys.readouterr().out
    assert "  bestaat sinds 01-01-2022, ontstaan uit Heerhugowaard (GM0398) en Langedijk (GM0416)" in out
    assert f"  let op: {FORMED_NOTICE}" in out


def test_the_report_of_a_year_before_the_merger_says_so_under_its_title(reference, tmp_path):
    import datetime as dt

    from docx import Document

    from ivb.store.models import Series

    # Open data on today's borders gives Dijk en Waard figures from before 2022 (47018NED does).
    Observation.objects.create(series=Series.objects.get(key="politie.geweld"), area=Area.objects.get(code="GM1980"),
                               period="2021", period_kind="year", period_start=dt.date(2021, 1, 1),
                               period_end=dt.date(2021, 12, 31), value=300, status="definitief", source="Politie",
                               recorded_by_name="test")
    path = tmp_path / "dijk-en-waard-2021.docx"
    assert main(["report", "GM1980", "2021", "--format", "docx", "-o", str(path)]) == 0
    paragraphs = [p.text for p in Document(str(path)).paragraphs]
    assert paragraphs[paragraphs.index("Veiligheidsbeeld Dijk en Waard 2021") + 2] == FORMED_NOTICE + OTHERS


def test_the_comparison_of_a_year_before_the_merger_reads_in_english(client, reference):
    client.force_login(_analyst("GM1980"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = text(client.get("/gemeente/GM1980/2021/"))
    assert "No comparison figures for Dijk en Waard in this year: the municipality did not exist then." in page
    assert "The police figures already cover today's area." in page and "For other figures" not in page


def test_the_notice_reads_in_english(client, reference):
    client.force_login(_analyst("GM1980"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = html.unescape(text(client.get("/gemeente/GM1980/2021/")))
    assert ("Dijk en Waard has existed since 1 January 2022, formed from Heerhugowaard and Langedijk. IVB has no "
            "population for the years before: CBS gives it per municipality of the time, and that of the former "
            "municipalities has not been read in. So there are no figures per 1,000 inhabitants for 2021. The police "
            "figures already cover today's area. IVB's administrator can read in the missing population figures from "
            "CBS open data.") in page


def test_a_year_after_the_merger_says_whose_earlier_figures_are_shown(client, reference, capsys):
    import datetime as dt

    from ivb.store.models import Series

    # Open data on today's borders: Dijk en Waard's figures of 2019-2023, from before and after its formation.
    for year, value in ((2019, 310), (2021, 300), (2023, 280)):
        Observation.objects.create(series=Series.objects.get(key="politie.geweld"),
                                   area=Area.objects.get(code="GM1980"), period=str(year), period_kind="year",
                                   period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31), value=value,
                                   status="definitief", source="Politie", recorded_by_name="test")
    assert main(["picture", "GM1980", "2023"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == FORMED_NOTICE_LATER + OTHERS
    client.force_login(_analyst("GM1980"))
    notice = f'<p class="notice" role="note">{FORMED_NOTICE_LATER}{OTHERS}{HINT}</p>'
    assert notice in text(client.get("/gemeente/GM1980/2023/"))
    series = Series.objects.get(key="politie.geweld")
    assert notice in text(client.get(f"/gemeente/GM1980/reeksen/{series.pk}/"))
    # Lisse existed all along: no such notice.
    client.force_login(_analyst("GM0553", "analist-lisse-x"))
    assert "bestaat sinds" not in text(client.get("/gemeente/GM0553/2023/"))


def test_the_upload_tells_a_successors_analist_where_a_predecessors_figure_goes(reference):
    from ivb.store.observation_import import import_observations

    content = (HEADER + "\nGM0398;politie.geweld;2019;9;definitief;Politie;;;;\n").encode("utf-8")
    report = import_observations("cijfers.csv", content, actor_name="t", allowed_areas={"GM1980"})
    assert [p.message for p in report.problems] == [
        "u mag geen cijfers invoeren voor Heerhugowaard (GM0398); Heerhugowaard is opgegaan in Dijk en Waard: een "
        "cijfer over het gebied van nu hoort bij GM1980"]


WHOLE = ("Het aantal inwoners van de jaren ervoor telt IVB voor de gemeenten samen. De politiecijfers gaan al over "
         "het gebied van nu. Van andere cijfers van eerdere jaren is niet bekend over welk gebied ze gaan.")
PART = ("Het aantal inwoners van de jaren ervoor laat IVB weg: het ging over een ander gebied. De politiecijfers gaan "
        "al over het gebied van nu. Van andere cijfers van eerdere jaren is niet bekend over welk gebied ze gaan.")
TOOK_IN = "Noordwijk nam op 1 januari 2019 Noordwijkerhout op. " + WHOLE


def _figures(code, key, values):
    import datetime as dt

    from ivb.store.models import Series

    for year, value in values.items():
        Observation.objects.create(series=Series.objects.get(key=key), area=Area.objects.get(code=code),
                                   period=str(year), period_kind="year", period_start=dt.date(year, 1, 1),
                                   period_end=dt.date(year, 12, 31), value=value, status="definitief",
                                   source="CBS", recorded_by_name="test")


def _points(code, key):
    from ivb.store.picture import series_data

    (found,) = [s for s in series_data([Area.objects.get(code=code)])[code] if s.key == key]
    return found.points


def test_a_municipality_that_took_in_another_counts_its_earlier_population_within_todays_borders(client, reference,
                                                                                                   capsys):
    """Noordwijk (GM0575) went on under its own code and took in Noordwijkerhout (GM0576) on 1 January 2019. CBS's
    population (70072ned) is per municipality as it was: Noordwijk 'grew' by 80% (25.594 in 2012, 45.929 in 2025).
    Earlier years are added up with Noordwijkerhout's; a year without Noordwijkerhout's figure is left out. Police
    counts (47018NED) come on today's borders already and stay as they are."""
    _figures("GM0575", "cbs.inwoners", {2016: 25_814, 2017: 25_962, 2018: 26_115, 2019: 43_184, 2020: 43_785})
    _figures("GM0576", "cbs.inwoners", {2017: 16_462, 2018: 16_645})  # 2016 not in IVB
    _figures("GM0575", "politie.geweld", {2017: 110, 2020: 150})
    people = _points("GM0575", "cbs.inwoners")
    assert [(p.period.year, p.value) for p in people] == [(2017, 42_424), (2018, 42_760), (2019, 43_184),
                                                          (2020, 43_785)]
    assert people[0].source == "CBS; opgeteld met Noordwijkerhout (de grenzen van nu)" and people[2].source == "CBS"
    assert [p.value for p in _points("GM0575", "politie.geweld")] == [110, 150]
    assert main(["picture", "GM0575", "2020"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1] == TOOK_IN
    assert "Het aantal inwoners in Noordwijk nam toe van 42.424 in 2017 naar 43.785 in 2020 (+3,2%)." in out
    client.force_login(_analyst("GM0575", "analist-noordwijk"))
    assert f'<p class="notice" role="note">{TOOK_IN}</p>' in text(client.get("/gemeente/GM0575/2020/"))
    # The series page's table shows the figures as stored (Noordwijk alone before 2019): it says so, and does not
    # call them "dezelfde cijfers" as the chart (walk S #1).
    from ivb.store.models import Series

    page = text(client.get(f"/gemeente/GM0575/reeksen/{Series.objects.get(key='cbs.inwoners').pk}/"))
    assert ("De grafiek en de tekst tellen eerdere jaren op met Noordwijkerhout (de grenzen van nu); ze laten 2016 weg "
            "(toen een ander gebied); de tabel hieronder toont de cijfers zoals ze zijn opgeslagen.") in page
    assert "De tabel hieronder bevat dezelfde cijfers." not in page
    assert main(["areas", "show", "GM0575", "--jaar", "2020"]) == 0
    assert "  nam op 01-01-2019 Noordwijkerhout (GM0576) op" in capsys.readouterr().out


def test_a_municipality_that_got_part_of_another_leaves_its_earlier_population_out(reference, capsys):
    """Haaren (GM0788) was split on 1 January 2021; the reference data names Oisterwijk (GM0824) as its one
    successor. Oisterwijk's population after (32.438) is far from its own plus Haaren's (about 40.000): only a part
    came. Adding Haaren up made a false drop of 18%; the years before are left out instead."""
    _figures("GM0824", "cbs.inwoners", {2019: 26_100, 2020: 26_300, 2021: 32_438, 2022: 32_700})
    _figures("GM0788", "cbs.inwoners", {2019: 14_000, 2020: 14_100})
    assert [(p.period.year, p.value) for p in _points("GM0824", "cbs.inwoners")] == [(2021, 32_438), (2022, 32_700)]
    assert main(["picture", "GM0824", "2022"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "Oisterwijk kreeg op 1 januari 2021 een deel van Haaren. " + PART


def test_the_comparison_of_a_year_before_part_of_another_came_says_why_there_is_none(client, reference):
    """Walk AM: Súdwest-Fryslân's 2016 page told the manager to read in figures that were there; IVB leaves them
    out on purpose (the population of 2016 was of other land than the police's counts)."""
    _figures("GM0824", "cbs.inwoners", {2019: 26_100, 2020: 26_300, 2021: 32_438, 2022: 32_700})
    _figures("GM0824", "politie.geweld", {2019: 80, 2020: 85, 2021: 90, 2022: 95})
    _figures("GM0788", "cbs.inwoners", {2019: 14_000, 2020: 14_100})
    client.force_login(_analyst("GM0824", "analist-oisterwijk"))
    page = text(client.get("/gemeente/GM0824/2020/"))
    assert ("Geen vergelijkingscijfers voor Oisterwijk in dit jaar: Oisterwijk kreeg later op 1 januari 2021 een "
            "deel van Haaren. Het aantal inwoners van dit jaar ging over een ander gebied dan de politiecijfers") in page
    assert "De beheerder van IVB kan ze inlezen" not in page


def test_an_annexation_during_a_year_adds_up_that_year_as_it_began(reference):
    """Weesp (GM0457) went into Amsterdam (GM0363) on 24 March 2022: CBS's population of 1 January 2022 has them
    apart, that of 2023 together. 2022 is added up in the series and in a year's comparison alike."""
    from ivb.store.picture import _full_year_values

    _figures("GM0363", "cbs.inwoners", {2021: 872_000, 2022: 882_000, 2023: 905_000})
    _figures("GM0457", "cbs.inwoners", {2021: 19_000, 2022: 20_000})
    assert [(p.period.year, p.value) for p in _points("GM0363", "cbs.inwoners")] == [
        (2021, 891_000), (2022, 902_000), (2023, 905_000)]
    amsterdam = Area.objects.get(code="GM0363")
    assert _full_year_values([amsterdam], 2022, amsterdam)[0]["cbs.inwoners"] == {"GM0363": 902_000}


def test_a_years_comparison_adds_each_years_borders_up_and_counts_the_one_taken_in_once(reference):
    """A year's values for comparisons (rates per 1.000, the peers' sums): the population and 83648NED's counts
    (each year's municipalities) are added up for the heir, and Noordwijkerhout's own entry goes, so that a
    police unit's sum does not count it twice; a police count (47018NED, today's borders) stays; a count typed in
    (borders unknown) gets no rate for a year before the annexation."""
    from ivb.store.annexations import year_within_todays_borders
    from ivb.store.models import Series

    Series.objects.create(key="cbs.misdrijven.0000000", name="Misdrijven", unit="count", aggregation="sum",
                          source="CBS")
    _figures("GM0575", "cbs.inwoners", {2015: 25_682, 2018: 26_115, 2019: 43_184})
    _figures("GM0576", "cbs.inwoners", {2015: 16_102, 2018: 16_645})
    _figures("GM0576", "cbs.misdrijven.0000000", {2015: 500})
    values = {"cbs.inwoners": {"GM0575": 25_682.0, "GM0576": 16_102.0, "GM0553": 22_700.0},
              "cbs.misdrijven.0000000": {"GM0575": 1_320.0, "GM0576": 500.0},
              "politie.od.1.1.1": {"GM0575": 131.0}, "politie.geweld": {"GM0575": 70.0}}
    year_within_todays_borders(values, ["GM0575", "GM0576", "GM0553"], 2015)
    assert values == {"cbs.inwoners": {"GM0575": 41_784.0, "GM0553": 22_700.0},
                      "cbs.misdrijven.0000000": {"GM0575": 1_820.0},
                      "politie.od.1.1.1": {"GM0575": 131.0}, "politie.geweld": {}}


def test_the_national_position_sets_todays_police_counts_over_the_population_of_the_same_land(reference):
    """Noordwijk 2017 from the shipped open data: 121 burglaries (47018NED, today's borders) over 25.962 inhabitants
    of the old municipality read 4,7 per 1.000; over 42.424 (with Noordwijkerhout, 70072ned) 2,9."""
    from importlib import resources

    from ivb.store.national import position

    for name, table in (("47018NED_GM_2012-2025.csv.gz", "47018NED"), ("70072ned_GM_2012-2025.csv.gz", "70072ned")):
        with resources.as_file(resources.files("ivb.demo").joinpath(name)) as path:
            assert main(["opendata", "import", str(path), "--table", table, "--area", "GM0575"]) == 0
    standing = position(Area.objects.get(code="GM0575"), 2017)["result"].standings["GM0575"]
    assert standing.population == 25_962 + 16_462
    assert round(standing.rates["1.1.1"], 2) == round(1000 * 121 / 42_424, 2)


def test_a_municipality_that_took_in_none_keeps_its_figures_as_they_are(reference):
    from ivb.store.areas import history_notice

    _figures("GM0553", "cbs.inwoners", {2016: 22_700, 2017: 22_800})
    assert [p.value for p in _points("GM0553", "cbs.inwoners")] == [22_700, 22_800]
    assert history_notice(Area.objects.get(code="GM0553"), 2017) is None


def test_an_import_for_one_municipality_brings_the_ones_it_took_in(reference, tmp_path):
    """`ivb opendata import --area GM0575`, as the docs show for a start, brings Noordwijkerhout's population too:
    without it Noordwijk's years before 2019 would be left out."""
    import gzip
    from importlib import resources

    with resources.as_file(resources.files("ivb.demo").joinpath("70072ned_GM_2012-2025.csv.gz")) as path:
        plain = tmp_path / "70072ned.csv"
        plain.write_bytes(gzip.decompress(path.read_bytes()))
    assert main(["opendata", "import", str(plain), "--table", "70072ned", "--area", "GM0575"]) == 0
    stored = Observation.objects.filter(series__key="cbs.inwoners")
    assert set(stored.values_list("area__code", flat=True)) == {"GM0575", "GM0576"}
    assert stored.get(area__code="GM0576", period="2018").value == 16_645  # 70072ned, as shipped


def test_a_council_member_reads_the_notice_without_what_the_manager_can_do(client, reference):
    # Walk BE: "De beheerder van IVB kan het inlezen …" filled a council member's phone screen on every page.
    reader = get_user_model().objects.create_user("raad-dew")
    Membership.objects.create(user=reader, municipality=Area.objects.get(code="GM1980"), role=Role.LEZER)
    client.force_login(reader)
    page = text(client.get("/gemeente/GM1980/2021/"))
    assert FORMED + NOT_READ_IN + "Daarom zijn er voor 2021 geen cijfers per 1.000 inwoners. " + POLICE_TODAY in page
    assert "De beheerder van IVB" not in page
