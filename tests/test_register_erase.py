"""Erasure on request (AVG art. 17), before the retention term: one signal or case, as the municipality decided,
with a deletion record per removed record and the yearly counts kept; audited, never a name in the trail."""

import datetime as dt

import pytest

from ivb.cli import main
from ivb.register import audit
from ivb.register.models import (Attachment, AuditEvent, Case, CaseNote, DeletionRecord, Measure, Signal,
                                 SignalMessage)
from ivb.register.services import file_signal
from ivb.store.models import Area
from tests.test_retention import closed_case, counts


@pytest.fixture
def people(reference):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    return Area.objects.get(code="GM0553"), users.create_user("medewerker"), users.create_user("team")


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_it_erases_an_open_case_with_all_that_goes_with_it_and_keeps_the_counts(people, capsys):
    lisse, _employee, _team = people
    case = closed_case(people)
    Case.objects.filter(pk=case.pk).update(status="open", closed_at=None)  # not past any term: only on request
    before = counts(lisse)
    code, out, err = run(capsys, "register", "erase", f"C-{case.pk}", "--besluit", " AVG-2026-0012 ")
    assert code == 0, err
    signal_id = AuditEvent.objects.get(action="erase").detail["signalen"][0]
    assert out.splitlines()[0] == (f"verwijderd op besluit AVG-2026-0012: S-{signal_id}, C-{case.pk}; de "
                                   "jaartellingen blijven, de audittrail noemt het")
    assert not Case.objects.exists() and not Signal.objects.exists() and not Measure.objects.exists()
    assert not Attachment.objects.exists() and not CaseNote.objects.exists() and not SignalMessage.objects.exists()
    assert counts(lisse) == before  # the policy's indicators do not drop
    rules = set(DeletionRecord.objects.values_list("rule", flat=True))
    assert rules == {"verwijderd op verzoek (AVG art. 17), besluit AVG-2026-0012"}
    assert set(DeletionRecord.objects.values_list("kind", flat=True)) == {"casus", "signaal", "maatregel", "notitie",
                                                                         "bijlage"}
    event = AuditEvent.objects.get(action="erase")
    assert (event.municipality, event.detail) == ("GM0553", {"signalen": [signal_id], "casussen": [case.pk],
                                                             "besluit": "AVG-2026-0012"})
    assert audit.verify().ok


def test_it_erases_one_signal(people, capsys):
    lisse, employee, _team = people
    signal = file_signal(lisse, employee, team="T", what="pand", observed_on=dt.date.today())
    assert run(capsys, "register", "erase", f"s{signal.pk}", "--besluit", "Besluit Z/26/1234")[0] == 0
    assert not Signal.objects.exists()
    assert counts(lisse) == {"ondermijning.signalen": 1}


@pytest.mark.parametrize("record, besluit, message", [
    ("X-1", "B-1", "'X-1' is geen signaal of casus; schrijf bijvoorbeeld S-4 of C-2"),
    ("C-999999", "B-1", "C-999999 bestaat niet (meer)"),
    ("C-1", "  ", "geef het kenmerk van het besluit over het verzoek (1 tot 100 tekens, zonder namen)"),
    ("C-1", "x" * 101, "geef het kenmerk van het besluit over het verzoek"),
    # A name would be kept for good in the trail (walk AI).
    ("C-1", "Jan Jansen verzoek", "'Jan Jansen verzoek' lijkt geen kenmerk: geef het nummer van het besluit"),
    ("C-1", "verzoek van P. de Vries 12", "lijkt geen kenmerk"),
    # Walk AS: a name beside a number, or in it, and an address.
    ("C-1", "AVG-12 P. Pietersen", "lijkt geen kenmerk"),
    ("C-1", "AVG-12-Pietersen", "lijkt geen kenmerk"),
    ("C-1", "Pietersen-2026-1", "lijkt geen kenmerk"),
    ("C-1", "12 J.Jansen", "lijkt geen kenmerk"),
    ("C-1", "AVG-1 Zeeweg 3", "lijkt geen kenmerk"),
    ("C-1", "AVG-12 DIJK", "lijkt geen kenmerk"),  # walk AX: a name in capitals
    ("C-1", "AVG-2026-0012 (EMMA)", "lijkt geen kenmerk"),
    ("C-1", "AVG-2026-1 JAN BOS", "lijkt geen kenmerk"),  # walk BY: two "abbreviations" after the number
    ("C-1", "Z/26/1234 ZQX", "lijkt geen kenmerk"),
    ("C-1", "JAN BOS 2026-1", "lijkt geen kenmerk"),  # review: two "abbreviations" before it
    ("C-1", "VOS AVG-12", "lijkt geen kenmerk"),  # second review: a name beside AVG
    ("C-1", "AVG-1 J B", "lijkt geen kenmerk"),  # initials after the number
])
def test_it_refuses_what_it_cannot_erase_and_changes_nothing(people, capsys, record, besluit, message):
    closed_case(people)
    code, _out, err = run(capsys, "register", "erase", record, "--besluit", besluit)
    assert code != 0 and message in err and "Traceback" not in err
    assert Case.objects.count() == 1 and not DeletionRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="erase").exists()


def test_erasing_a_fictitious_demo_record_adds_nothing_to_the_counts(people, capsys):
    """The demo's fictitious records never counted; removing one must not add a count (a purge neither)."""
    lisse, employee, _team = people
    signal = file_signal(lisse, employee, team="T", what="Fictief voorbeeld: een pand", observed_on=dt.date.today())
    assert counts(lisse) == {}
    assert run(capsys, "register", "erase", f"S-{signal.pk}", "--besluit", "B-2")[0] == 0
    assert counts(lisse) == {}


def test_a_dry_run_says_what_would_go_and_removes_nothing(people, capsys):
    """Walk BY: a typo in the number erased another case for good, with nothing shown first."""
    lisse, _employee, _team = people
    case = closed_case(people)
    code, out, err = run(capsys, "register", "erase", f"C-{case.pk}", "--dry-run")
    assert code == 0, err
    assert out.startswith(f"zou verwijderen: C-{case.pk}: casus van Lisse (GM0553), aangemaakt op ")
    assert out.rstrip().endswith("status gesloten; met 1 signaal, 1 maatregel, 1 notitie en 1 bijlage")
    assert case.subject not in out  # register content stays unsaid
    assert Case.objects.filter(pk=case.pk).exists() and not DeletionRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="erase").exists()
    look = AuditEvent.objects.filter(action="view", object_kind="casus", object_id=str(case.pk)).latest("pk")
    assert look.detail == {"voorbeeld_verwijderen": True} and audit.verify().ok  # a read of the register, audited


def test_it_asks_for_the_decision_when_it_is_not_a_dry_run(people, capsys):
    case = closed_case(people)
    code, _out, err = run(capsys, "register", "erase", f"C-{case.pk}")
    assert code != 0 and "--besluit" in err and "--dry-run" in err
    assert Case.objects.filter(pk=case.pk).exists()


def test_it_says_what_became_of_the_removed_rows_in_the_files(people, capsys):
    from django.db import connection

    lisse, employee, _team = people
    signal = file_signal(lisse, employee, team="T", what="pand", observed_on=dt.date.today())
    code, out, err = run(capsys, "register", "erase", f"S-{signal.pk}", "--besluit", "AVG-2026-7")
    assert code == 0, err
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            assert cursor.fetchone()[0] == 1  # what is deleted is overwritten (settings.py)
        assert "overschreven" in out or "logbestand van SQLite is nog in gebruik" in out


@pytest.mark.parametrize("kenmerk", ["AVG-2026-0012", "Besluit Z/26/1234", "Z-2026-1234/B", "AVG-2026-12a", "BW-1",
                                     "zaaknummer 2026-77", "BW/DIV/2026-1", "Kenmerk: AVG-2026-4"])
def test_a_kenmerk_as_municipalities_write_them_passes(kenmerk):
    """Review: the first tightening refused "Z-2026-1234/B" and "AVG-2026-12a"."""
    from ivb.register.retention import _like_a_kenmerk

    assert _like_a_kenmerk(kenmerk)


@pytest.mark.django_db(transaction=True)
def test_a_dry_run_works_outside_a_test_transaction(reference, capsys):
    """Second review: the dry run's audit record needs a transaction, which the command did not open (a traceback)."""
    from django.contrib.auth import get_user_model

    lisse = Area.objects.get(code="GM0553")
    signal = file_signal(lisse, get_user_model().objects.create_user("m"), team="T", what="pand",
                         observed_on=dt.date.today())
    code, out, err = run(capsys, "register", "erase", f"S-{signal.pk}", "--dry-run")
    assert code == 0 and out.startswith(f"zou verwijderen: S-{signal.pk}: signaal van Lisse (GM0553)"), err
    assert AuditEvent.objects.filter(action="view", object_id=str(signal.pk)).exists()
