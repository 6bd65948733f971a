"""Issue 16: the audit trail's costs stay flat. A read is audited without waiting for the chain's lock, and is
sealed into the chain at the next change; the audit page checks from its checkpoint, not the whole chain;
tampering before the checkpoint is still caught by `ivb audit verify` and its anchors."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from ivb.cli import main
from ivb.register import audit
from ivb.register.models import AuditEvent, AuditHead
from ivb.register.services import add_case_note, view_case
from tests.conftest import register_world, text

TRAIL = "/gemeente/GM0553/register/audit/"


@pytest.fixture
def world(reference):
    return register_world("r-")


def tamper(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement.format(events=AuditEvent._meta.db_table), params)


def test_it_audits_a_read_without_touching_the_chains_head(world, client):
    users, ids = world
    with CaptureQueriesContext(connection) as queries:
        view_case(ids["case"], actor=users["team"])
        client.force_login(users["team"])
        assert client.get("/gemeente/GM0553/register/").status_code == 200
    head = AuditHead._meta.db_table
    assert [q["sql"] for q in queries.captured_queries if head in q["sql"]] == []
    reads = AuditEvent.objects.filter(action__in=["view", "list"], actor_name="r-team").order_by("pk")
    assert [(e.action, e.object_kind, e.seq) for e in reads] == [("view", "casus", None), ("list", "register", None)]


def test_the_next_change_seals_the_reads_into_the_chain_in_order(world):
    users, ids = world
    before = AuditHead.objects.get().count
    view_case(ids["case"], actor=users["team"])
    view_case(ids["restricted_case"], actor=users["team"])
    assert AuditHead.objects.get().count == before
    add_case_note(ids["case"], actor=users["team"], text="gebeld")
    chain = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
    assert [(e.action, e.object_id) for e in chain] == [
        ("view", str(ids["case"].pk)), ("view", str(ids["restricted_case"].pk)), ("create", chain[2].object_id)]
    assert [e.prev_hash for e in chain[1:]] == [e.hash for e in chain[:-1]]
    assert AuditHead.objects.get().count == before + 3 and audit.verify().ok


def test_it_verifies_mixed_reads_and_writes_and_names_a_changed_read(world, capsys):
    users, ids = world
    for n in range(3):
        view_case(ids["case"], actor=users["team"])
        add_case_note(ids["case"], actor=users["team"], text=f"notitie {n}")
    view_case(ids["case"], actor=users["team-not-named"])  # still waiting for the next change
    verdict = audit.verify()
    assert verdict.ok and "1 keer bekijken komt bij de volgende wijziging in de keten" in verdict.message, verdict.message
    sealed = AuditEvent.objects.filter(action="view", seq__isnull=False).order_by("pk").first()
    tamper("UPDATE {events} SET actor_name = %s WHERE id = %s", "iemand anders", sealed.pk)
    capsys.readouterr()
    assert main(["audit", "verify"]) == 1
    assert f"gebeurtenis {sealed.pk}: de inhoud is gewijzigd" in capsys.readouterr().err


def test_it_names_a_changed_read_still_waiting_and_does_not_seal_it(world):
    users, ids = world
    waiting = audit_read(users["team"], ids["case"])
    tamper("UPDATE {events} SET object_id = %s WHERE id = %s", str(ids["restricted_case"].pk), waiting.pk)
    add_case_note(ids["case"], actor=users["team"], text="gebeld")  # a change seals what fits, not this one
    assert AuditEvent.objects.get(pk=waiting.pk).seq is None
    verdict = audit.verify()
    assert not verdict.ok and verdict.message == f"gebeurtenis {waiting.pk}: de inhoud is gewijzigd"


def audit_read(user, case):
    view_case(case, actor=user)
    return AuditEvent.objects.order_by("pk").last()


def page_cost(client, monkeypatch) -> tuple[int, int]:
    """The audit page's queries and the events whose hash it computed."""
    digests = []
    real = audit._digest
    monkeypatch.setattr(audit, "_digest", lambda event: digests.append(event.pk) or real(event))
    with CaptureQueriesContext(connection) as queries:
        page = text(client.get(TRAIL))
    monkeypatch.setattr(audit, "_digest", real)
    assert "keten intact" in page
    return len(queries.captured_queries), len(digests)


def grow(events: int, world) -> None:
    users, ids = world
    for _n in range(events):
        with transaction.atomic():
            audit.record(actor=users["team"], action="change", object_kind="casus", object_id=ids["case"].pk,
                         municipality="GM0553")


def test_the_audit_pages_work_does_not_grow_with_the_chain(world, client, monkeypatch):
    users, _ids = world
    client.force_login(users["privacy"])
    client.get(TRAIL)  # the first view walks the whole chain and leaves a checkpoint
    grow(5, world)
    short = page_cost(client, monkeypatch)
    grow(1000, world)
    client.get(TRAIL)
    grow(5, world)
    long = page_cost(client, monkeypatch)
    assert AuditHead.objects.get().count > 1000
    assert long == short


def test_the_page_says_what_it_checked_and_a_full_verify_catches_an_edit_before_the_checkpoint(world, client,
                                                                                             capsys):
    users, _ids = world
    client.force_login(users["privacy"])
    client.get(TRAIL)
    first = AuditEvent.objects.order_by("seq").first()
    grow(3, world)
    page = text(client.get(TRAIL))
    # In the privacy officer's words, not the chain's (walk of 4 December: "de 0 na het controlepunt").
    assert "geen gebeurtenis is gewijzigd of verwijderd (de keten loopt over alle gemeenten van deze installatie): " \
           "wat er sinds de vorige controle bij kwam, is nu nagerekend" in page and "tegen de kopieën buiten IVB" in page
    # No count: the chain holds other municipalities' events too (walk AI).
    assert not re.search(r"\d+ gebeurtenissen, ", page)
    assert "controlepunt" not in page and "ivb audit verify" not in page
    assert page.count("keten intact") == 1  # said once, beside the count, not again in the sentence
    assert re.search(r"het laatst na op \d{1,2} [a-z]+ \d{4} \d\d:\d\d", page)  # "3 december 2026 08:29"
    again = text(client.get(TRAIL))
    assert "sinds de vorige controle kwam er niets bij" in again or "sinds de vorige controle bij kwam" in again
    tamper("UPDATE {events} SET actor_name = %s WHERE id = %s", "iemand anders", first.pk)  # hashes not redone
    assert "keten intact" in text(client.get(TRAIL))  # before the checkpoint: not walked again by the page
    assert main(["audit", "verify"]) == 1
    assert f"gebeurtenis {first.pk}: de inhoud is gewijzigd" in capsys.readouterr().err
    page = text(client.get(TRAIL))  # the failed full check took the checkpoint away: the page walks it all
    assert "keten verbroken" in page and f"gebeurtenis {first.pk}: de inhoud is gewijzigd" in page


def test_the_page_catches_a_rewrite_before_the_checkpoint_that_redid_the_hashes(world, client):
    users, _ids = world
    client.force_login(users["privacy"])
    client.get(TRAIL)
    events = list(AuditEvent.objects.exclude(seq=None).order_by("seq"))
    previous = audit.GENESIS
    for event in events:  # the attacker rewrites the first event and every hash after it, head included
        event.actor_name = "iemand anders" if event is events[0] else event.actor_name
        event.prev_hash = previous
        event.hash = previous = audit._digest(event)
        tamper("UPDATE {events} SET actor_name = %s, prev_hash = %s, hash = %s WHERE id = %s",
               event.actor_name, event.prev_hash, event.hash, event.pk)
    AuditHead.objects.update(last_hash=previous)
    page = text(client.get(TRAIL))
    assert "keten verbroken" in page and "de keten tot het controlepunt" in page


def test_a_privacy_officer_of_another_municipality_cannot_read_the_trail(world, client):
    users, _ids = world
    client.force_login(users["hillegom-team"])
    assert client.get(TRAIL).status_code == 404
    client.force_login(users["team"])  # team veiligheid handles cases; the trail is the privacy officer's
    assert client.get(TRAIL).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_read_is_audited_while_a_change_holds_the_chains_lock():
    """On PostgreSQL a read does not wait for the head's row lock. (On SQLite every transaction takes the one
    write lock, ADR 0025, so there is nothing to show there.)"""
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only")
    import threading

    from django.db import connections

    holding, done = threading.Event(), threading.Event()

    def change_holding_the_lock():
        try:
            with transaction.atomic():
                audit._locked_head()
                holding.set()
                done.wait(10)
        finally:
            connections.close_all()

    changer = threading.Thread(target=change_holding_the_lock)
    changer.start()
    assert holding.wait(10)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")  # waiting for the head would fail here, not hang
        with transaction.atomic():
            audit.record(actor="lezer", action="view", object_kind="casus", object_id=1)
        assert AuditEvent.objects.filter(actor_name="lezer", seq=None).count() == 1
    finally:
        done.set()
        changer.join()
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")
    with transaction.atomic():
        audit.record(actor="beheer", action="change", object_kind="casus", object_id=1)
    assert audit.verify().ok and not AuditEvent.objects.filter(seq=None).exists()
