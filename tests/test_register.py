"""The register's foundation: transitions checked by the models, acts and audit events in one transaction,
and a chain that detects any edit, deletion or insertion."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection

from ivb.cli import main
from ivb.register import audit
from ivb.register.models import AuditEvent, Case, Signal
from ivb.register.services import (RegisterError, add_measure, change_case_status, create_case, file_signal,
                                   link_signal, reject_signal, view_case)
from ivb.store.models import Area



@pytest.fixture
def world(reference):
    users = get_user_model().objects
    return Area.objects.get(code="GM0553"), users.create_user("medewerker"), users.create_user("team-veiligheid")


def walk_through(world):
    lisse, employee, team = world
    signal = file_signal(lisse, employee, team="Vergunningen", what="Winkel zonder klanten, veel contant geld",
                         observed_on=dt.date.today(), company="Voorbeeld BV", kvk="12345678")
    case = create_case(lisse, team, subject_kind="bedrijf", subject="Voorbeeld BV", phenomena=["witwassen"])
    link_signal(signal, case, actor=team)
    change_case_status(case, "in onderzoek", actor=team, expected="open")
    view_case(case, actor=team)
    add_measure(case, actor=team, kind="sluiting", decision_date=dt.date.today(), document_reference="BW-2026-001",
                legal_basis="Opiumwet art. 13b")
    return signal, case


def test_every_act_leaves_an_event_without_content(world):
    walk_through(world)
    events = list(AuditEvent.objects.values_list("action", "object_kind", "actor_name"))
    assert events == [("create", "signaal", "medewerker"), ("create", "casus", "team-veiligheid"),
                      ("transition", "signaal", "team-veiligheid"), ("transition", "casus", "team-veiligheid"),
                      ("view", "casus", "team-veiligheid"), ("create", "maatregel", "team-veiligheid")]
    stored = " ".join(str(e.detail) for e in AuditEvent.objects.all())
    assert "Voorbeeld" not in stored and "contant" not in stored
    assert audit.verify().ok and audit.verify().checked == 6


def test_the_status_tables_are_checked_by_the_models(world):
    signal, case = walk_through(world)
    with pytest.raises(RegisterError, match=r"^Signaal S-\d+ is 'gekoppeld'; daarna kan de status niet meer veranderen"):
        reject_signal(signal, actor=world[2], reason="Geen aanwijzing")
    case.refresh_from_db()
    case.status = "open"  # not allowed from 'in onderzoek', even through plain save()
    with pytest.raises(ValidationError):
        case.save()


def test_a_stale_status_change_loses(world):
    _signal, case = walk_through(world)
    change_case_status(case, "maatregel", actor=world[2], expected="in onderzoek")
    with pytest.raises(RegisterError, match="intussen gewijzigd in 'maatregel'"):
        change_case_status(case, "gesloten", actor=world[2], expected="in onderzoek")
    assert Case.objects.get().status == "maatregel"


def test_no_event_no_act(world, monkeypatch):
    lisse, employee, _team = world

    def broken(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError, match="audit store unavailable"):
        file_signal(lisse, employee, team="X", what="iets", observed_on=dt.date.today())
    assert not Signal.objects.exists()


def test_bad_input_is_refused_with_a_reason(world):
    lisse, employee, _team = world
    with pytest.raises(RegisterError, match="8 cijfers"):
        file_signal(lisse, employee, team="X", what="iets", observed_on=dt.date.today(), kvk="1234")
    with pytest.raises(RegisterError, match="in de toekomst"):
        file_signal(lisse, employee, team="X", what="iets", observed_on=dt.date.today() + dt.timedelta(days=1))
    assert not Signal.objects.exists() and not AuditEvent.objects.exists()


def tamper(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=AuditEvent._meta.db_table), params)


@pytest.mark.parametrize("how,expected", [
    ("edit", "gebeurtenis {third}: de inhoud is gewijzigd"),
    ("delete", "gebeurtenis {fourth}: de keten is onderbroken"),
    ("delete-last", "er ontbreken gebeurtenissen aan het eind"),
    ("insert", "de keten is onderbroken"),
])
def test_verify_detects_tampering_and_names_the_event(world, capsys, how, expected):
    walk_through(world)
    ids = list(AuditEvent.objects.values_list("pk", flat=True))
    assert main(["audit", "verify"]) == 0
    if how == "edit":
        tamper("UPDATE {table} SET actor_name = %s WHERE id = %s", "iemand anders", ids[2])
    elif how == "delete":
        tamper("DELETE FROM {table} WHERE id = %s", ids[2])
    elif how == "delete-last":
        tamper("DELETE FROM {table} WHERE id = %s", ids[-1])
    else:
        first = AuditEvent.objects.get(pk=ids[0])
        tamper("UPDATE {table} SET prev_hash = %s WHERE id = %s", first.hash[::-1], ids[1])
    capsys.readouterr()
    assert main(["audit", "verify"]) == 1
    assert expected.format(third=ids[2], fourth=ids[3]) in capsys.readouterr().err


def test_an_anchor_kept_outside_catches_a_rewritten_chain(world, tmp_path, capsys):
    """Someone with database access edits an event and recomputes every hash after it, head included: the
    chain alone looks intact, the anchor taken earlier does not match."""
    walk_through(world)
    anchors = tmp_path / "ankers.jsonl"
    assert main(["audit", "anchor", str(anchors)]) == 0
    view_case(Case.objects.get(), actor=world[2])  # the chain grows after the anchor: still fine
    assert main(["audit", "verify", "--anchors", str(anchors)]) == 0
    assert "7 gebeurtenissen, keten intact, 1 anker klopt" in capsys.readouterr().out

    audit.seal()  # the read joins the chain (the next change or the audit page does this too)
    events = list(AuditEvent.objects.order_by("pk"))
    previous = events[1].hash
    for event in events[2:]:
        if event is events[2]:
            event.actor_name = "iemand anders"
        event.prev_hash = previous
        event.hash = audit._digest(event)
        tamper("UPDATE {table} SET actor_name = %s, prev_hash = %s, hash = %s WHERE id = %s",
               event.actor_name, event.prev_hash, event.hash, event.pk)
        previous = event.hash
    with connection.cursor() as cursor:
        cursor.execute("UPDATE register_audithead SET last_hash = %s", [previous])
    assert main(["audit", "verify"]) == 0  # without the anchor the rewrite goes unseen
    capsys.readouterr()
    assert main(["audit", "verify", "--anchors", str(anchors)]) == 1
    assert f"gebeurtenis {events[5].pk}: wijkt af van het anker" in capsys.readouterr().err


def test_an_anchor_catches_a_shortened_chain_and_a_bad_anchor_file_is_named(world, tmp_path, capsys):
    walk_through(world)
    anchors = tmp_path / "ankers.jsonl"
    main(["audit", "anchor", str(anchors)])
    AuditEvent.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE register_audithead SET last_hash = %s, count = 0", [audit.GENESIS])
    capsys.readouterr()
    assert main(["audit", "verify", "--anchors", str(anchors)]) == 1
    assert "telde 6 gebeurtenissen, de keten heeft er nu 0" in capsys.readouterr().err
    anchors.write_text('{"count": 6, "hash": "abc"}\n')
    assert main(["audit", "verify", "--anchors", str(anchors)]) == 1
    assert "regel 1: geen anker" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_audit_events_must_share_the_acts_transaction():
    with pytest.raises(RuntimeError, match="in the transaction of the act"):
        audit.record(actor="x", action="view", object_kind="casus")


def test_a_refused_status_change_says_what_happened_in_plain_words(world):
    signal, case = walk_through(world)
    team = world[2]
    with pytest.raises(RegisterError) as twice:
        link_signal(signal, case, actor=team)  # a second tab, after a colleague linked it
    assert str(twice.value) == (f"Signaal S-{signal.pk} is al 'gekoppeld': iemand was u voor, of de pagina was niet "
                                "meer actueel. Er is niets veranderd.")


@pytest.mark.django_db(transaction=True)
def test_every_register_act_is_its_own_transaction_with_its_audit_event():
    """Called outside any transaction (as a page or the API does), each act writes its record and its event
    together; the test database's usual wrapping transaction would hide a missing one."""
    from ivb.register.models import Measure
    from ivb.register.services import add_attachment, add_case_note, ask_for_information, open_attachment
    from ivb.store.reference import sync_reference_data

    sync_reference_data()
    users = get_user_model().objects
    world = (Area.objects.get(code="GM0553"), users.create_user("medewerker"), users.create_user("team-veiligheid"))
    signal, case = walk_through(world)  # filing, a case, linking, a status, a view, a measure
    team = world[2]
    add_case_note(case, actor=team, text="Eigenaar gesproken")
    item = add_attachment(case, actor=team, name="besluit.pdf", data=b"%PDF-1.4 besluit")
    open_attachment(item, actor=team, municipality="GM0553")
    other = file_signal(world[0], world[1], team="T", what="Lege winkel", observed_on=dt.date.today())
    ask_for_information(other, actor=team, question="Welk adres?")
    kinds = set(AuditEvent.objects.values_list("object_kind", flat=True))
    assert {"signaal", "casus", "maatregel", "notitie", "bijlage"} <= kinds and Measure.objects.count() == 1
    assert audit.verify().ok
