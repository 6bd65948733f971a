"""The first page: a municipality's policy with each indicator's latest value, source and target."""

import re

import pytest


@pytest.fixture
def page(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    response = client.get("/gemeente/GM0553/beleid/")
    assert response.status_code == 200
    return response.content.decode()


def row_of(page, indicator_name):
    match = re.search(r"<tr>\s*<th scope=\"row\">" + re.escape(indicator_name) + r".*?</tr>", page, re.S)
    assert match, indicator_name
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))


def test_it_shows_the_policy_and_its_priorities(page):
    assert "Integraal veiligheidsbeleid 2020-2023 Lisse" in page
    assert "Vastgesteld door de gemeenteraad op 19 december 2019" in page
    for title in ("1. Ondermijning", "2. (Woon)overlast en maatschappelijke onrust", "3. Cybercrime",
                  "4. Jeugd en Veiligheid"):
        assert title in page


def test_it_shows_the_five_fields_with_their_themes(page):
    for field in ("1. Veilige woon- en leefomgeving", "2. Bedrijvigheid en veiligheid", "3. Jeugd en veiligheid",
                  "4. Fysieke veiligheid", "5. Integriteit en veiligheid"):
        assert field in page
    assert page.count('<span class="code">') >= 22


def test_an_indicator_shows_its_latest_value_source_and_target(page):
    row = row_of(page, "Meldingen jeugdoverlast")
    assert "81 2019 t/m september deel van het jaar voorlopig" in row
    assert "Cijfer: Politie-eenheid Den Haag, Rapportage t/m september 2019" in row
    assert "lager dan 132 in 2023" in row


def test_the_general_objectives_show_grade_and_rank(page):
    assert "7,4 2017" in row_of(page, "Rapportcijfer veiligheid in de buurt")
    assert "minstens 7,0 in 2023" in row_of(page, "Rapportcijfer veiligheid in de buurt")
    assert "plaats 213 2019" in row_of(page, "Plek in de lijst van veilige gemeenten volgens de AD Misdaadmeter")


def test_an_indicator_without_figures_says_so_and_inferred_targets_say_so(page):
    row = row_of(page, "Signalen (‘vermoedens’) - aantal")
    assert "nog geen gegevens" in row
    assert "vergelijkingsteken afgeleid" in row


def test_it_hides_a_municipality_from_a_user_without_a_role_there(client, demo, outsider):
    client.force_login(outsider)
    assert client.get("/gemeente/GM0553/beleid/").status_code == 404
    assert client.get("/gemeente/GM0534/beleid/").status_code == 200


def test_it_answers_404_for_an_unknown_code_and_login_for_anonymous(client, demo, lisse_reader):
    assert client.get("/gemeente/GM0553/beleid/").status_code == 302
    client.force_login(lisse_reader)
    assert client.get("/gemeente/GM9999/beleid/").status_code == 404
    assert client.get("/gemeente/RE06/beleid/").status_code == 404


def joint_page(client, code):
    from django.contrib.auth import get_user_model

    from ivb.accounts.models import Membership, Role
    from ivb.store.models import Area

    reader, _ = get_user_model().objects.get_or_create(username="raadslid-zk")
    Membership.objects.get_or_create(user=reader, municipality=Area.objects.get(code=code), role=Role.LEZER)
    client.force_login(reader)
    return client.get(f"/gemeente/{code}/beleid/").content.decode()


def test_a_joint_policy_shows_each_councils_adoption(client, joint):
    page = re.sub(r"\s+", " ", joint_page(client, "GM0473"))
    assert ("Vastgesteld door de gemeenteraad van Bloemendaal op 14 december 2023 (artikel 108 Gemeentewet); "
            "vastgesteld door de gemeenteraad van Heemstede op 21 december 2023") in page
    assert "gemeenteraad van Zandvoort op 30 januari 2024" in page


def test_a_joint_policy_shows_each_municipality_its_own_targets_and_indicators(client, joint):
    zandvoort = joint_page(client, "GM0473")
    assert "lager dan 45 in 2027" in row_of(zandvoort, "Woninginbraken")
    assert "Drugshandel in Zandvoort" in zandvoort
    bloemendaal = joint_page(client, "GM0377")
    assert "lager dan 60 in 2027" in row_of(bloemendaal, "Woninginbraken")
    assert "Drugshandel in Zandvoort" not in bloemendaal
    assert "Verkeersongevallen" in bloemendaal  # an indicator on an other theme
    # Each also reads that the others aim at something else (walk BG: nowhere did a member see another's target).
    assert "Andere doelen in dit plan: Bloemendaal: lager dan 60 in 2027; Heemstede: " in row_of(zandvoort, "Woninginbraken")
    heemstede = row_of(joint_page(client, "GM0397"), "Woninginbraken")
    assert "Andere doelen in dit plan: Bloemendaal: lager dan 60 in 2027; Zandvoort: lager dan 45 in 2027." in heemstede


def test_a_region_indicator_shows_the_region_figure_with_its_method(client, joint):
    row = row_of(joint_page(client, "GM0397"), "Vernielingen in de drie gemeenten samen")
    # 2025 (provisional): Bloemendaal 75 + Heemstede 95 + Zandvoort 77, police table 47018NED
    assert "247 2025 voorlopig" in row and "som van Bloemendaal, Heemstede en Zandvoort" in row


def test_a_municipality_without_a_policy_says_so_in_the_readers_language(client, reference, lisse_reader):
    from django.conf import settings

    client.force_login(lisse_reader)
    response = client.get("/gemeente/GM0553/beleid/")
    assert response.status_code == 200
    assert "Er is nog geen veiligheidsbeleid voor Lisse opgeslagen." in response.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "No safety policy has been stored for Lisse yet." in client.get("/gemeente/GM0553/beleid/").content.decode()


def test_it_shows_the_newest_judgement_of_a_qualitative_target(client, demo, lisse_reader):
    """The policy page said 'nog geen bewijs vastgelegd' while the dashboard showed the recorded judgement."""
    import datetime as dt

    from ivb.store.evidence import record_evidence

    record_evidence("GM0553", "2020-2023", "bewustzijn", "risico", "Eerste gesprekken gevoerd", dt.date(2020, 6, 1),
                    actor_name="adviseur")
    record_evidence("GM0553", "2020-2023", "bewustzijn", "behaald", "Veertig gesprekken gevoerd, verslag aan de raad",
                    dt.date(2021, 3, 15), actor_name="adviseur")
    client.force_login(lisse_reader)
    row = row_of(client.get("/gemeente/GM0553/beleid/").content.decode(),
                 "Gesprekken jongeren en ondernemers - bewustzijn")
    assert "behaald 15 maart 2021 Veertig gesprekken gevoerd, verslag aan de raad" in row
    assert "nog geen bewijs vastgelegd" not in row and "Eerste gesprekken" not in row


def test_the_report_tab_is_on_the_policy_page_too(page, client):
    # The policy page has no year: its report tab opens the year the dashboard opens on.
    assert '<a href="/gemeente/GM0553/rapport/">Raadsrapportage</a>' in page
    assert client.get("/gemeente/GM0553/rapport/")["Location"] == "/gemeente/GM0553/rapport/2019/"


def test_a_count_typed_in_by_the_month_shows_the_months_added_up(client, demo, lisse_reader):
    """Walk U: the policy page read "6, september 2025" where the dashboard read "86, t/m september"."""
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    lisse = Area.objects.get(code="GM0553")
    for month, value in (("01", "30"), ("02", "25"), ("03", "6")):
        figure = {"series": "politie.jeugdoverlast", "period": f"2020-{month}", "value": value,
                  "status": "voorlopig", "source": "Politie"}
        assert not enter_observation(lisse, figure, actor_name="test").errors
    client.force_login(lisse_reader)
    row = row_of(client.get("/gemeente/GM0553/beleid/").content.decode(), "Meldingen jeugdoverlast")
    assert "61 2020 t/m maart deel van het jaar voorlopig" in row
    assert "Cijfer: de maandcijfers opgeteld" in row
    # A month that does not follow on from January adds up to nothing: the month itself is shown.
    figure = {"series": "politie.jeugdoverlast", "period": "2021-05", "value": "7", "status": "voorlopig",
              "source": "Politie"}
    assert not enter_observation(lisse, figure, actor_name="test").errors
    row = row_of(client.get("/gemeente/GM0553/beleid/").content.decode(), "Meldingen jeugdoverlast")
    assert "7 mei 2021" in row


def test_months_with_one_missing_in_between_show_the_others_added_up(client, demo, lisse_reader):
    """Review of 5 December: months with one missing make a period no text reads back ("2020-tm04-zonder03"); the
    policy page parsed its code and answered 500."""
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    lisse = Area.objects.get(code="GM0553")
    for month in ("01", "02", "04"):
        figure = {"series": "politie.jeugdoverlast", "period": f"2020-{month}", "value": "10", "status": "voorlopig",
                  "source": "Politie"}
        assert not enter_observation(lisse, figure, actor_name="test").errors
    client.force_login(lisse_reader)
    response = client.get("/gemeente/GM0553/beleid/")
    assert response.status_code == 200
    assert "30 2020 t/m april zonder maart deel van het jaar voorlopig" in row_of(response.content.decode(),
                                                                                 "Meldingen jeugdoverlast")


def test_a_region_figure_typed_in_by_the_month_shows_the_year_so_far(client, joint):
    """Walk AF: the policy page read "86, september 2026" (one month of the region) beside a yearly target."""
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    for code, values in (("GM0377", (7, 8, 9)), ("GM0397", (10, 11, 12)), ("GM0473", (5, 6, 7))):
        for month, value in zip(("01", "02", "03"), values, strict=True):
            figure = {"series": "politie.od.2.2.1", "period": f"2026-{month}", "value": str(value),
                      "status": "definitief", "source": "eigen telling"}  # published: counted
            assert not enter_observation(Area.objects.get(code=code), figure, actor_name="test").errors
    row = row_of(joint_page(client, "GM0397"), "Vernielingen in de drie gemeenten samen")
    assert "75 2026 t/m maart" in row and " maart 2026" not in row  # 24 + 33 + 18, not March's 28


def test_a_policy_without_other_themes_says_so_under_its_heading(client, reference, capsys):
    """Walk AL: the heading "Overige veiligheidsthema's" stood above nothing; the report said "Geen overige thema's
    vastgelegd."."""
    from pathlib import Path

    from ivb.cli import main

    assert main(["policy", "import", str(Path(__file__).parent / "data" / "policies" / "minimal.yaml")]) == 0
    page = re.sub(r"\s+", " ", joint_page(client, "GM0553"))
    assert "<h2 id=\"overig\">Overige veiligheidsthema's</h2> <p class=\"muted\">Geen overige thema's vastgelegd.</p>" \
        in page


def test_in_a_joint_plan_a_qualitative_judgement_names_its_municipality(client, reference, capsys, tmp_path):
    # Each partner judges a shared qualitative target for itself; Heemstede's page says the judgement is its own.
    import datetime as dt
    from pathlib import Path

    from ivb.cli import main
    from ivb.store.evidence import record_evidence

    text = (Path(__file__).parent / "data" / "policies" / "joint-zuid-kennemerland.yaml").read_text()
    qualitative = """      - key: bewustzijn
        name: Bewustzijn bij ondernemers
        unit: qualitative
        source: Gespreksverslagen
        target: {qualitative: Ondernemers kennen de signalen, evidence: verslagen}
        target_year: 2027
        ref: testdocument
"""
    text = text.replace("    ref: \"§4.2 Jeugd en ondermijning\"", qualitative + "    ref: \"§4.2 Jeugd en ondermijning\"")
    path = tmp_path / "joint.yaml"
    path.write_text(text)
    assert main(["policy", "import", str(path)]) == 0, capsys.readouterr().err
    record_evidence("GM0397", "2024-2027", "bewustzijn", "op koers", "Drie bijeenkomsten gehouden",
                    dt.date(2024, 11, 5), actor_name="adviseur")
    joint_page(client, "GM0397")  # logs a reader of Heemstede in
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0397/2025/indicator/bewustzijn/").content.decode())
    assert "Drie bijeenkomsten gehouden; oordeel van 5 november 2024, vastgelegd door de gemeente Heemstede" in page
    # Bloemendaal has judged nothing: its page does not borrow Heemstede's judgement.
    joint_page(client, "GM0377")
    theirs = client.get("/gemeente/GM0377/2025/indicator/bewustzijn/").content.decode()
    assert "er is nog geen oordeel over het bewijs vastgelegd" in theirs and "Drie bijeenkomsten" not in theirs


def test_a_priority_whose_indicators_are_a_partners_says_whose_they_are(client, reference, capsys, tmp_path):
    """Walk AN: a priority with one indicator, for Wijdemeren only, read "geen meetbare doelen vastgesteld" on
    its partners' dashboards."""
    from pathlib import Path

    from ivb.cli import main

    text = (Path(__file__).parent / "data" / "policies" / "joint-zuid-kennemerland.yaml").read_text()
    priority = """  - key: strand
    rank: 4
    title: Veilig strand
    indicators:
      - key: drugshandel-strand
        name: Drugshandel aan het strand
        series: politie.od.3.1.1
        unit: count
        source: Politie (open data)
        direction: lower_is_better
        target: {operator: "<", value: 20}
        target_year: 2027
        municipalities: [GM0473]
        ref: testdocument
    ref: testdocument

other_themes:
"""
    path = tmp_path / "joint.yaml"
    path.write_text(text.replace("other_themes:\n", priority, 1))
    assert main(["policy", "import", str(path)]) == 0, capsys.readouterr().err
    joint_page(client, "GM0397")  # a reader of Heemstede
    page = re.sub(r"\s+", " ", client.get("/gemeente/GM0397/2025/").content.decode())
    assert "De indicatoren van deze prioriteit gelden alleen voor Zandvoort." in page
    assert ('<h3 id="prio-strand">4. Veilig strand</h3> <p class="muted">De indicatoren van deze prioriteit gelden '
            'alleen voor Zandvoort.</p>') in page
    tile = page.split('<a href="#prio-strand">Veilig strand')[1].split("</li>")[0]
    assert "De indicatoren van deze prioriteit gelden alleen voor Zandvoort." in tile
    assert "geen meetbare doelen" not in tile
    joint_page(client, "GM0473")  # Zandvoort's own page shows its target, without the note
    own = re.sub(r"\s+", " ", client.get("/gemeente/GM0473/2025/").content.decode())
    assert "Drugshandel aan het strand" in own and "gelden alleen voor" not in own


def test_a_region_figure_with_a_members_month_missing_counts_the_other_months(client, joint):
    """Review of 5 December: the region's months with one missing in between answered 500 on the policy page."""
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    for code, months in (("GM0377", ("01", "02", "03")), ("GM0397", ("01", "02", "03")), ("GM0473", ("01", "03"))):
        for month in months:
            figure = {"series": "politie.od.2.2.1", "period": f"2026-{month}", "value": "10",
                      "status": "definitief", "source": "eigen telling"}
            assert not enter_observation(Area.objects.get(code=code), figure, actor_name="test").errors
    row = row_of(joint_page(client, "GM0397"), "Vernielingen in de drie gemeenten samen")
    assert "60 2026 t/m maart zonder februari" in row  # January and March of all three; February of two is no figure


def test_a_region_figure_adds_up_a_members_quarter_with_the_others_months(client, joint):
    """Walk BB: one member's "2026-Q1" beside the others' months shared no period; the page showed a lone month."""
    from ivb.store.entry import enter_observation
    from ivb.store.models import Area

    entries = {"GM0377": [("2026-Q1", 30), ("2026-04", 10)], "GM0397": [(f"2026-{m:02d}", 10) for m in (1, 2, 3, 4)],
               "GM0473": [(f"2026-{m:02d}", 5) for m in (1, 2, 3, 4)]}
    for code, figures in entries.items():
        for period, value in figures:
            figure = {"series": "politie.od.2.2.1", "period": period, "value": str(value), "status": "definitief",
                      "source": "eigen telling"}
            assert not enter_observation(Area.objects.get(code=code), figure, actor_name="test").errors
    row = row_of(joint_page(client, "GM0397"), "Vernielingen in de drie gemeenten samen")
    assert "100 2026 t/m april" in row and "april 2026" not in row  # 40 + 40 + 20


def test_a_figure_of_part_of_a_year_has_the_whole_year_expected_beside_it(client, demo, lisse_reader):
    """Walk BB: the policy page read "35 · 2026 t/m september" where the dashboard added "heel 2026: ongeveer 49"."""
    client.force_login(lisse_reader)
    row = row_of(client.get("/gemeente/GM0553/beleid/").content.decode(), "Meldingen jeugdoverlast")
    assert "81 2019 t/m september deel van het jaar voorlopig heel 2019: ongeveer 109" in row
    dashboard = client.get("/gemeente/GM0553/2019/").content.decode()
    assert "heel 2019: ongeveer 109" in dashboard


def test_a_survey_figure_keeps_its_margin_as_on_the_dashboard(client, demo, lisse_reader):
    """Walk BQ: the policy page gave "33,4%" where the dashboard gave "33,4% ±2,0"."""
    from ivb.store.observation_import import import_observations

    assert import_observations("vm.csv", b"gebied,reeks,periode,waarde,status,bron,marge\n"
                               b"GM0553,vm.slachtoffer_cybercrime,2019,17.9,definitief,Veiligheidsmonitor,1.8\n",
                               actor_name="test").ok
    client.force_login(lisse_reader)
    row = row_of(client.get("/gemeente/GM0553/beleid/").content.decode(), "Slachtofferschap inwoners")
    assert "17,9% ±1,8 procentpunt" in row
