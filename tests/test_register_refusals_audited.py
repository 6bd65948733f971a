"""A refused look at the register is in its audit trail (walk U): the privacy officer sees who tried the
register without access, or a case closed to them; the refused person still sees a plain 404."""

import datetime as dt

import pytest
from django.utils import timezone

from ivb.register import audit
from ivb.register.models import AuditEvent
from tests.conftest import register_world, text

TRAIL = "/gemeente/GM0553/register/audit/"


@pytest.fixture
def world(demo):
    return register_world("w-")


def refusals():
    return list(AuditEvent.objects.filter(action="refused").order_by("pk").values_list(
        "actor_name", "object_kind", "object_id", "municipality"))


def test_it_records_a_coordinator_trying_the_register(client, world):
    users, _ = world
    client.force_login(users["coordinator"])
    assert client.get("/gemeente/GM0553/register/").status_code == 404
    assert refusals() == [("w-coordinator", "register", "inbox", "GM0553")]
    assert audit.verify().ok
    client.force_login(users["privacy"])
    page = text(client.get(TRAIL))
    assert "toegang geweigerd" in page and "geen registertoegang als team ondermijning (postvak)" in page


def test_it_names_the_record_a_person_without_register_access_went_for(client, world):
    """Walk of 4 December: a coordinator opening C-3, its attachment and the export, and posting a note to it, left
    one event, "register", which the filter on C-3 did not show."""
    users, records = world
    case, signal = records["case"].pk, records["open_signal"].pk
    client.force_login(users["coordinator"])
    assert client.get(f"/gemeente/GM0553/register/casussen/{case}/").status_code == 404
    assert client.post(f"/gemeente/GM0553/register/signalen/{signal}/", {"act": "reject", "reason": "x"}).status_code == 404
    assert client.get("/gemeente/GM0553/register/export.csv").status_code == 404
    assert refusals() == [("w-coordinator", "casus", str(case), "GM0553"), ("w-coordinator", "signaal", str(signal), "GM0553"),
                          ("w-coordinator", "register", "export", "GM0553")]
    client.force_login(users["privacy"])
    about = [r for r in text(client.post(TRAIL, {"over": f"C-{case}"})).split("<tbody>")[1].split("</tr>")
             if "toegang geweigerd" in r]
    assert len(about) == 1 and "w-coordinator" in about[0]
    page = text(client.get(TRAIL))
    assert "geen registertoegang als team ondermijning, bij een poging iets te wijzigen" in page
    assert "geen registertoegang als team ondermijning (exporteren)" in page


def test_it_records_a_team_member_opening_a_case_closed_to_them(client, world):
    users, records = world
    client.force_login(users["team-not-named"])
    restricted = records["restricted_case"].pk
    assert client.get(f"/gemeente/GM0553/register/casussen/{restricted}/").status_code == 404
    assert client.get("/api/municipalities/GM0553/register/cases/999999").status_code == 404  # the API, a session
    assert refusals() == [("w-team-not-named", "casus", str(restricted), "GM0553"),
                          ("w-team-not-named", "casus", "999999", "GM0553")]
    client.force_login(users["privacy"])
    assert "niet zichtbaar voor deze gebruiker, of bestaat niet" in text(client.get(TRAIL))


def test_it_records_nothing_for_a_municipality_that_does_not_exist_or_an_anonymous_visitor(client, world):
    users, _ = world
    assert client.get("/gemeente/GM0553/register/").status_code == 302  # to the login page
    client.force_login(users["coordinator"])
    assert client.get("/gemeente/GM9999/register/").status_code == 404
    assert refusals() == []


def test_the_same_refusal_again_is_not_written_again_for_a_while(client, world):
    """A script hammering the register must not flood the privacy officer's trail."""
    users, _ = world
    client.force_login(users["coordinator"])
    for _ in range(20):
        assert client.get("/gemeente/GM0553/register/").status_code == 404
    assert len(refusals()) == 1
    AuditEvent.objects.filter(action="refused").update(at=timezone.now() - dt.timedelta(minutes=11))
    client.get("/gemeente/GM0553/register/")
    assert len(refusals()) == 2


def test_it_records_nothing_for_an_area_that_is_no_municipality(client, world):
    users, _ = world
    client.force_login(users["coordinator"])
    assert client.get("/gemeente/NL01/register/").status_code == 404
    assert refusals() == []


def test_an_attempt_to_change_after_a_refused_look_is_written_too(client, world):
    """Walk AS: a refused look at C-2, then a refused attempt to close it, left one event: the look."""
    users, records = world
    case = records["case"].pk
    client.force_login(users["coordinator"])
    url = f"/gemeente/GM0553/register/casussen/{case}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"act": "status", "status": "gesloten", "expected": "in onderzoek"}).status_code == 404
    assert client.post(url, {"act": "status", "status": "gesloten", "expected": "in onderzoek"}).status_code == 404
    events = list(AuditEvent.objects.filter(action="refused").order_by("pk").values_list("object_id", "detail"))
    assert [object_id for object_id, _detail in events] == [str(case), str(case)]
    assert [bool(detail.get("wijzigen")) for _object_id, detail in events] == [False, True]


def test_a_refused_attempt_to_change_a_case_closed_to_a_team_member_is_written_beside_the_look(client, world):
    """Review of 5 December: the record-level refusal (a case restricted to others) still folded the attempt into
    the look."""
    users, records = world
    restricted = records["restricted_case"].pk
    client.force_login(users["team-not-named"])
    url = f"/gemeente/GM0553/register/casussen/{restricted}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"act": "status", "status": "gesloten", "expected": "open"}).status_code == 404
    details = list(AuditEvent.objects.filter(action="refused").order_by("pk").values_list("detail", flat=True))
    assert [bool(d.get("wijzigen")) for d in details] == [False, True]


def test_walking_ids_writes_no_more_than_a_burst(client, world):
    from ivb.register.access import REFUSAL_BURST

    users, _ = world
    client.force_login(users["team-not-named"])
    for pk in range(100_000, 100_000 + REFUSAL_BURST + 15):
        assert client.get(f"/gemeente/GM0553/register/casussen/{pk}/").status_code == 404
    assert len(refusals()) == REFUSAL_BURST


def test_a_token_on_the_registers_routes_is_refused_and_recorded(client, world):
    """Walk BY: a melder's token on a case answered 403 and left no event."""
    from ivb.accounts.tokens import create_token

    users, records = world
    token = create_token(users["team"], name="script")
    case = records["case"].pk
    response = client.get(f"/api/municipalities/GM0553/register/cases/{case}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403
    assert refusals() == [("w-team", "casus", str(case), "GM0553")]
    assert AuditEvent.objects.get(action="refused").detail == {"token": True}
    # An id longer than any record's is refused as well, never a server error (review: 500 on PostgreSQL).
    long = client.get("/api/municipalities/GM0553/register/cases/" + "9" * 45, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert long.status_code in (403, 404)
    client.force_login(users["privacy"])
    assert "met een API-token, dat het register niet opent" in text(client.get(TRAIL))


def test_a_reporter_answering_anothers_signal_is_refused_and_recorded(client, world):
    users, records = world
    other = records["restricted_signal"].pk  # filed by w-melder, not by the lezer
    client.force_login(users["lezer"])
    from ivb.accounts.models import Membership, Role

    Membership.objects.filter(user=users["lezer"]).update(role=Role.MELDER)
    assert client.post("/gemeente/GM0553/signalen/mijn/", {"signal": other, "text": "hallo"}).status_code == 404
    assert refusals() == [("w-lezer", "signaal", str(other), "GM0553")]


def test_a_refused_password_reset_of_a_register_holder_is_recorded(world):
    from ivb.accounts.models import Membership, Role
    from ivb.accounts.services import AccountError, reset_password
    from django.contrib.auth import get_user_model

    users, _ = world
    beheerder = get_user_model().objects.create_user("w-beheerder")
    Membership.objects.create(user=beheerder, municipality=users["team"].memberships.first().municipality,
                              role=Role.BEHEERDER)
    with pytest.raises(AccountError, match="heeft toegang tot het register"):
        reset_password(users["team"], by_user=beheerder)
    event = AuditEvent.objects.get(action="password_refused")
    assert (event.actor_name, event.municipality, event.detail["user"]) == ("w-beheerder", "GM0553", "w-team")
    assert audit.verify().ok
    assert Membership.objects.filter(user=users["team"]).exists()
