"""No server error from input (issue 14, item 5): a nonsense report year is the site's 404 and nothing is
frozen for it; a number too long for the database never reaches it; a malformed record number is a 400 that
says what was wrong."""

import pytest
from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.report.models import Report
from ivb.report.services import ReportError, approve
from ivb.store.models import Area
from tests.conftest import text

HUGE = "99999999999999999999"


def _user(name, role):
    user = get_user_model().objects.create_user(name)
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=role)
    return user


@pytest.fixture
def coordinator(demo):
    return _user("coord-lisse", Role.COORDINATOR)


@pytest.fixture
def admin(demo):
    return _user("beheer-lisse", Role.BEHEERDER)


@pytest.mark.parametrize("year", ["0", "99999", "1850", "3000", HUGE])
def test_it_refuses_a_report_for_a_nonsense_year_and_freezes_nothing(client, coordinator, year):
    client.raise_request_exception = False
    client.force_login(coordinator)
    page = client.get(f"/gemeente/GM0553/rapport/{year}/")
    assert page.status_code == 404 and "<h1>Niet gevonden</h1>" in text(page)
    assert client.post(f"/gemeente/GM0553/rapport/{year}/", {"confirm": "ja"}).status_code == 404
    assert client.get(f"/gemeente/GM0553/rapport/{year}/html/").status_code == 404
    assert not Report.objects.exists()


def test_it_still_freezes_a_report_for_a_year_of_the_policy(client, coordinator):
    client.force_login(coordinator)
    client.post("/gemeente/GM0553/rapport/2019/", {"confirm": "ja"})
    assert Report.objects.filter(year=2019).count() == 1


def test_the_service_refuses_a_year_outside_the_policy_and_the_figures(coordinator):
    with pytest.raises(ReportError, match="geen rapport voor 1850"):
        approve(Area.objects.get(code="GM0553"), 1850, user=coordinator)
    assert not Report.objects.exists()


@pytest.mark.parametrize("url", [
    f"/gemeente/GM0553/{HUGE}/", f"/gemeente/GM0553/reeksen/{HUGE}/", f"/gemeente/GM0553/cijfers/{HUGE}/corrigeren/",
    f"/gemeente/GM0553/jaarplan/{HUGE}/", f"/gemeente/GM0553/jaarplan/{HUGE}/nieuw/", f"/gemeente/GM0553/acties/{HUGE}/",
    f"/gemeente/GM0553/register/casussen/{HUGE}/", f"/gemeente/GM0553/register/signalen/{HUGE}/",
    f"/gemeente/GM0553/register/bijlagen/{HUGE}/", f"/gemeente/GM0553/{HUGE}/download/indicators.csv",
    f"/gemeente/GM0553/jaarplan/{HUGE}/download.csv", f"/gemeente/GM0553/{HUGE}/indicator/x/",
    "/gemeente/GM0553/jaarplan/0000/nieuw/", "/gemeente/GM0553/jaarplan/9999/", "/gemeente/GM0553/0001/"])
def test_a_number_too_long_for_the_database_is_not_found(client, coordinator, url):
    client.raise_request_exception = False
    client.force_login(coordinator)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("value", ["abc", HUGE, "1e5", "-1", "١٢", " 1"])
def test_a_malformed_member_number_is_a_bad_request_that_changes_nothing(client, admin, value):
    client.raise_request_exception = False
    client.force_login(admin)
    before = list(Membership.objects.values_list("pk", "role"))
    for body in ({"revoke": value}, {"revoke": value, "confirm": "ja"}, {"reset": value},
                 {"member": value, "kind": "ondermijning", "register": "grant"}):
        response = client.post("/gemeente/GM0553/gebruikers/", body)
        assert response.status_code == 400, body
        assert "is geen recordnummer" in text(response) and "Er is niets gewijzigd." in text(response)
    assert client.post("/account/", {"revoke_token": value}).status_code == 400
    assert list(Membership.objects.values_list("pk", "role")) == before
