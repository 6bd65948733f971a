"""Every page uses a fixed number of SQL queries, however many figures, years and actions there are."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ivb.accounts.models import Membership, Role
from ivb.plan.models import Action, ProgressNote
from ivb.store.models import Area, Observation, Series

PAGES = ["/gemeente/GM0553/2019/", "/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/",
         "/gemeente/GM0553/beleid/", "/gemeente/GM0553/jaarplan/2020/", "/gemeente/GM0553/gebruikers/",
         "/gemeente/GM0553/cijfers/nieuw/", "/"]


def more_data(n: int) -> None:
    area = Area.objects.get(code="GM0553")
    for key in ("politie.jeugdoverlast", "politie.winkeldiefstallen", "politie.geweld"):
        series = Series.objects.get(key=key)
        for y in range(2013 - n - Observation.objects.filter(series=series, area=area, period__lt="2013").count(),
                       2013 - Observation.objects.filter(series=series, area=area, period__lt="2013").count()):
            Observation.objects.create(series=series, area=area, period=str(y), period_kind="year",
                                       period_start=dt.date(y, 1, 1), period_end=dt.date(y, 12, 31), value=50 + y % 7,
                                       status="definitief", source="test", recorded_by_name="test")
    for i in range(n):
        action = Action.objects.create(municipality=area, year=2020, priority_key="jeugd", title=f"Actie {n}-{i}",
                                       owner="Team", due_quarter=1 + i % 4, created_by_name="test")
        ProgressNote.objects.create(action=action, text="x", author_name="test")
        user = get_user_model().objects.create_user(f"extra-{n}-{i}")
        Membership.objects.create(user=user, municipality=area, role=Role.LEZER)


def queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("url", PAGES)
def test_the_number_of_queries_is_fixed(client, demo, url):
    user = get_user_model().objects.create_user("allround")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=Role.COORDINATOR)
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM1525"), role=Role.LEZER)
    if "gebruikers" in url:
        Membership.objects.filter(user=user, municipality__code="GM0553").update(role=Role.BEHEERDER)
    client.force_login(user)
    more_data(1)  # one of everything, so that no list is empty
    before = queries(client, url)
    more_data(6)
    assert queries(client, url) == before
