"""Retention: records past their term are removed with a deletion record and no content; counts survive;
nothing under its term is removed; the purge is audited."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from ivb.cli import main
from ivb.register import audit
from ivb.register.counts import yearly_series
from ivb.register.models import Attachment, Case, CaseNote, DeletionRecord, Measure, Signal, SignalMessage
from ivb.register.services import (add_attachment, add_case_note, add_measure, ask_for_information,
                                   change_case_status, create_case, file_signal, link_signal, reject_signal)
from ivb.store.models import Area

TODAY = dt.date.today()
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def register(reference):
    lisse = Area.objects.get(code="GM0553")
    users = get_user_model().objects
    employee, team = users.create_user("medewerker"), users.create_user("team")
    old = file_signal(lisse, employee, team="T", what="oud", observed_on=TODAY, attachment=("foto.png", PNG))
    old_rejected = reject_signal(ask_for_information(old, actor=team, question="Welk pand?"), actor=team)
    new_rejected = reject_signal(file_signal(lisse, employee, team="T", what="nieuw", observed_on=TODAY), actor=team)
    case = create_case(lisse, team, subject_kind="pand", subject="Pand A")
    link_signal(file_signal(lisse, employee, team="T", what="pand", observed_on=TODAY), case, actor=team)
    add_measure(case, actor=team, kind="sluiting", decision_date=TODAY, document_reference="BW-1")
    add_case_note(case, actor=team, text="Pand A staat leeg")
    add_attachment(case, actor=team, name="besluit.pdf", data=b"%PDF-1.7 besluit")
    change_case_status(case, "gesloten", actor=team)
    long_ago = timezone.now() - dt.timedelta(days=6 * 365)
    Signal.objects.filter(pk=old_rejected.pk).update(closed_at=long_ago)
    Case.objects.filter(pk=case.pk).update(closed_at=long_ago)
    return lisse, new_rejected


def counts(area):
    return {s.key: sum(p.value for p in s.points) for s in yearly_series(area)}


def test_a_dry_run_lists_and_changes_nothing(register, capsys):
    assert main(["register", "purge", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "afgewezen op" in out and "gesloten op" in out and "zou verwijderen: 1 signalen en 1 casussen" in out
    assert Signal.objects.count() == 3 and Case.objects.count() == 1
    assert Attachment.objects.count() == 2 and CaseNote.objects.count() == 1 and not DeletionRecord.objects.exists()


def test_a_purge_removes_what_is_due_and_keeps_the_counts(register, capsys):
    lisse, recent = register
    before = counts(lisse)
    assert main(["register", "purge"]) == 0
    assert list(Signal.objects.values_list("pk", flat=True)) == [recent.pk]  # under its term: kept
    assert not Case.objects.exists() and not Measure.objects.exists()
    assert not Attachment.objects.exists() and not CaseNote.objects.exists() and not SignalMessage.objects.exists()
    assert counts(lisse) == before == {"ondermijning.signalen": 3, "ondermijning.casussen": 1,
                                       "ondermijning.sluitingen": 1}
    records = list(DeletionRecord.objects.values_list("kind", "rule"))
    assert ("signaal", "afgewezen signaal, 365 dagen") in records and ("casus", "gesloten casus, 1825 dagen") in records
    assert ("bijlage", "afgewezen signaal, 365 dagen") in records and ("notitie", "gesloten casus, 1825 dagen") in records
    assert all("Pand" not in str(r) and "oud" not in str(r) for r in DeletionRecord.objects.values())
    assert audit.verify().ok


def test_nothing_under_its_term_is_removed(register):
    lisse, _recent = register
    Signal.objects.update(closed_at=timezone.now() - dt.timedelta(days=364))
    Case.objects.update(closed_at=timezone.now() - dt.timedelta(days=5 * 365 - 1))
    main(["register", "purge"])
    assert Signal.objects.count() == 3 and Case.objects.count() == 1
    assert Attachment.objects.count() == 2 and CaseNote.objects.count() == 1
