"""The dashboard: general objectives on top, priorities with their indicators, every series."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ivb.store.models import Area, Observation, Series


@pytest.fixture
def page(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    response = client.get("/gemeente/GM0553/2019/")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_it_redirects_to_the_latest_year_with_figures(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    assert client.get("/gemeente/GM0553/")["Location"] == "/gemeente/GM0553/2019/"


def test_it_shows_the_general_objectives_first(page):
    objectives = page.index("Algemene doelstellingen")
    assert objectives < page.index("Prioriteiten")
    assert "7,4 <span class=\"period\">2017</span>" in page
    assert "plaats 213" in page and '<span class="status ok">behaald</span>' in page


def test_it_shows_each_indicator_with_value_trend_target_and_status(page):
    row = re.search(r'<tr> <th scope="row"><a href="/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/">.*?</tr>',
                    page).group(0)
    assert "<strong>81</strong>" in row and "2019 t/m september" in row and "deel van het jaar" in row
    assert "↓</span> dalend" in row and "lager dan 132 in 2023" in row
    assert '<span class="status ok">op koers</span>' in row and "<svg" in row


def test_it_lists_every_series_with_its_verdict(page):
    for name, verdict in (("Misdrijven", "dalend"), ("Geweld", "stabiel"),
                          ("Overlast en maatschappelijke onrust", "stijgend")):
        assert re.search(rf'<th scope="row"><a href="/gemeente/GM0553/reeksen/\d+/">{name}</a></th>.*?{verdict}', page), name
    assert "2.019" not in page  # years are not numbers with a thousands separator


def test_it_refuses_outsiders_and_anonymous_visitors(client, demo, outsider):
    assert client.get("/gemeente/GM0553/2019/").status_code == 302
    client.force_login(outsider)
    assert client.get("/gemeente/GM0553/2019/").status_code == 404


def test_it_says_so_when_there_is_no_policy(client, demo, outsider):
    client.force_login(outsider)
    assert "nog geen veiligheidsbeleid voor Hillegom" in client.get("/gemeente/GM0534/2019/").content.decode()


def test_the_number_of_queries_does_not_grow_with_the_data(client, demo, lisse_reader):
    from django.core.cache import cache

    client.force_login(lisse_reader)
    cache.clear()  # measure the page with its picture computed, both times
    with CaptureQueriesContext(connection) as before:
        client.get("/gemeente/GM0553/2019/")
    series = Series.objects.get(key="politie.winkeldiefstallen")
    area = Area.objects.get(code="GM0553")
    import datetime as dt
    for y in range(2005, 2014):  # nine more years of a series
        Observation.objects.create(series=series, area=area, period=str(y), period_kind="year",
                                   period_start=dt.date(y, 1, 1), period_end=dt.date(y, 12, 31), value=30,
                                   status="definitief", source="test", recorded_by_name="test")
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        client.get("/gemeente/GM0553/2019/")
    assert len(after) == len(before)


def test_a_new_figure_shows_at_once_although_pictures_are_cached(client, demo, lisse_reader):
    from ivb.store.observation_import import import_observations

    client.force_login(lisse_reader)
    before = client.get("/gemeente/GM0553/2018/").content.decode()
    content = ("gebied;reeks;periode;waarde;status;bron\n"
               "GM0553;politie.winkeldiefstallen;2018;27;definitief;Politie\n").encode()
    assert import_observations("x.csv", content, actor_name="test").ok
    after = client.get("/gemeente/GM0553/2018/").content.decode()
    assert before != after and "<strong>27</strong>" in after


def test_a_year_far_out_of_range_is_404(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    assert client.get("/gemeente/GM0553/9999/").status_code == 404
    assert client.get("/gemeente/GM0553/9999/indicator/meldingen-jeugdoverlast/").status_code == 404


def test_it_shows_the_five_safety_fields_with_their_priorities(page):
    assert "<strong>5. Integriteit en veiligheid</strong>: " in page
    assert '<a href="#prio-ondermijning">Ondermijning – (georganiseerde) ondermijnende criminaliteit</a>' in page
    assert "(4× geen gegevens)" in page
    assert "<strong>4. Fysieke veiligheid</strong> <span class=\"muted\">geen prioriteit" in page
