"""The audit trail covers everything: the hash covers every field (the actor's account included), old chains
still verify, a wiped trail does not pass as empty, and every list records the ids it showed."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from ivb.accounts.models import Membership, Role
from ivb.cli import main
from ivb.register import audit
from ivb.register.models import AuditEvent, AuditHead, Case, RegisterAccess, Signal
from ivb.register.services import create_case, file_signal, link_signal, view_case
from ivb.store.models import Area
from tests.conftest import text



@pytest.fixture
def world(reference):
    users = get_user_model().objects
    lisse = Area.objects.get(code="GM0553")
    employee, team, other = users.create_user("medewerker"), users.create_user("team"), users.create_user("ander")
    signal = file_signal(lisse, employee, team="T", what="iets", observed_on=dt.date.today())
    case = create_case(lisse, team, subject_kind="pand", subject="Pand A")
    link_signal(signal, case, actor=team)
    view_case(case, actor=team)
    view_case(case, actor=team)
    return lisse, employee, team, other


def sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement.format(events=AuditEvent._meta.db_table, head=AuditHead._meta.db_table), params)


def verify_err(capsys) -> str:
    capsys.readouterr()
    assert main(["audit", "verify"]) == 1
    return capsys.readouterr().err


def test_it_names_an_event_whose_actor_was_re_pointed(world, capsys):
    *_, other = world
    ids = list(AuditEvent.objects.values_list("pk", flat=True))
    assert main(["audit", "verify"]) == 0
    sql("UPDATE {events} SET actor_id = %s WHERE id = %s", other.pk, ids[3])  # the name stays, the account moves
    assert f"audittrail: gebeurtenis {ids[3]}: de inhoud is gewijzigd" in verify_err(capsys)


def as_version_1():
    """Rewrite the chain as an installation before issue 14 wrote it: version 1, hashes without the actor's
    account. Every event was in the chain then: the reads are sealed first."""
    audit.seal()
    previous = audit.GENESIS
    for event in AuditEvent.objects.order_by("pk"):
        event.version, event.prev_hash = 1, previous
        event.hash = audit._digest(event)
        sql("UPDATE {events} SET version = 1, prev_hash = %s, hash = %s WHERE id = %s", previous, event.hash, event.pk)
        previous = event.hash
    sql("UPDATE {head} SET last_hash = %s", previous)


def test_it_still_verifies_an_old_chain_and_continues_it_with_the_new_hash(world, capsys):
    lisse, _employee, team, _other = world
    as_version_1()
    assert audit.verify().ok and set(AuditEvent.objects.values_list("version", flat=True)) == {1}
    view_case(Case.objects.get(), actor=team)
    assert AuditEvent.objects.order_by("pk").last().version == 2
    assert main(["audit", "verify"]) == 0
    assert "6 gebeurtenissen, keten intact" in capsys.readouterr().out


def test_it_names_an_event_downgraded_to_the_old_hash(world, capsys):
    """Setting a new event back to version 1 would leave its actor out of the hash: refused, even with the
    event's own hash recomputed."""
    *_, other = world
    last = AuditEvent.objects.order_by("pk").last()
    last.version, last.actor_id = 1, other.pk
    sql("UPDATE {events} SET version = 1, actor_id = %s, hash = %s WHERE id = %s", other.pk, audit._digest(last),
        last.pk)
    sql("UPDATE {head} SET last_hash = %s", audit._digest(last))
    assert f"gebeurtenis {last.pk}: de hashversie is gewijzigd" in verify_err(capsys)


def test_it_does_not_pass_a_wiped_trail_as_empty(world, capsys):
    """Every event and the head deleted: the register still holds a signal and a case whose creation was
    recorded, so the trail was wiped."""
    signal = Signal.objects.get()
    sql("DELETE FROM {events}")
    sql("DELETE FROM {head}")
    err = verify_err(capsys)
    assert "0 gebeurtenissen" not in err
    assert f"S-{signal.pk} staat in het register, maar het aanmaken ervan ontbreekt in de audittrail" in err


def test_it_names_a_missing_head(world, capsys):
    sql("DELETE FROM {head}")
    assert "de kop van de keten ontbreekt, maar er zijn 5 gebeurtenissen" in verify_err(capsys)


def test_it_passes_an_empty_register_without_events(db, capsys):
    assert main(["audit", "verify"]) == 0
    assert "0 gebeurtenissen, keten intact" in capsys.readouterr().out


@pytest.fixture
def team_client(client, world):
    lisse, employee, team, _other = world
    Membership.objects.create(user=team, municipality=lisse, role=Role.LEZER)
    RegisterAccess.objects.create(user=team, municipality=lisse, kind=RegisterAccess.Kind.TEAM)
    Membership.objects.create(user=employee, municipality=lisse, role=Role.MELDER)
    return client


def last_event():
    return AuditEvent.objects.order_by("pk").last()


def test_it_records_the_ids_every_list_showed(team_client, world):
    lisse, employee, team, _other = world
    open_signal = file_signal(lisse, employee, team="T", what="nog open", observed_on=dt.date.today())
    case = Case.objects.get()
    team_client.force_login(team)
    assert team_client.get("/gemeente/GM0553/register/").status_code == 200
    event = last_event()
    assert (event.action, event.municipality) == ("list", "GM0553")
    assert event.detail == {"signalen": [open_signal.pk], "casussen": [case.pk]}

    assert team_client.get(f"/gemeente/GM0553/register/signalen/{open_signal.pk}/").status_code == 200
    assert last_event().detail == {"casussen": [case.pk]}  # the cases offered for linking

    team_client.force_login(employee)
    mine = sorted(Signal.objects.filter(reporter=employee).values_list("pk", flat=True), reverse=True)
    assert "nog open" in text(team_client.get("/gemeente/GM0553/signalen/mijn/"))
    assert (last_event().action, last_event().detail) == ("list", {"signalen": mine})
    assert team_client.get("/api/municipalities/GM0553/signals/mine").status_code == 200
    assert (last_event().action, last_event().detail) == ("list", {"signalen": mine})
    assert audit.verify().ok


def test_it_records_api_tokens_made_and_revoked_for_each_municipality(world, capsys):
    from ivb.accounts.models import ApiToken
    from ivb.accounts.services import issue_token, revoke_token
    from ivb.register.rights import describe

    lisse, _employee, team, _other = world
    Membership.objects.create(user=team, municipality=lisse, role=Role.LEZER)
    issue_token(team, "script")
    token = ApiToken.objects.get()
    made = last_event()
    assert (made.action, made.municipality, made.actor_name, made.detail) == (
        "token_create", "GM0553", "team", {"user": "team", "token": token.pk})
    assert describe(made) == f"team maakte API-token {token.pk} aan voor team"
    assert main(["token", "revoke", str(token.pk)]) == 0
    revoked = last_event()
    assert (revoked.action, revoked.municipality) == ("token_revoke", "GM0553")
    assert revoked.actor_name.startswith("ivb-cli")
    revoke_token(token.pk, by=team)  # revoked already: nothing new happens, nothing new is recorded
    assert last_event().pk == revoked.pk and audit.verify().ok
