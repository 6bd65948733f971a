"""Retention: terms in calendar years, counted from a record's last activity; records past their term are
removed with a deletion record and no content; counts survive; nothing under its own term is removed; the
purge is audited in the trail of the municipality it removed records from."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils import timezone

from ivb.cli import main
from ivb.register import audit
from ivb.register.counts import yearly_series
from ivb.register.models import (Attachment, AuditEvent, Case, CaseNote, DeletionRecord, Measure, Signal,
                                 SignalMessage)
from ivb.register.retention import due, purge, term_end
from ivb.register.services import (add_attachment, add_case_note, add_measure, ask_for_information,
                                   change_case_status, create_case, file_signal, link_signal, reject_signal)
from ivb.store.models import Area

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
AMS = ZoneInfo("Europe/Amsterdam")


def at(year, month, day, hour=12):
    return dt.datetime(year, month, day, hour, tzinfo=AMS)


def backdate(case, moment):
    """Everything in and around a case happened at `moment`, as if it had been done then."""
    Case.objects.filter(pk=case.pk).update(created_at=moment, closed_at=moment)
    Signal.objects.filter(case=case).update(created_at=moment, linked_at=moment)
    SignalMessage.objects.filter(signal__case=case).update(at=moment)
    Attachment.objects.filter(Q(case=case) | Q(signal__case=case)).update(at=moment)
    CaseNote.objects.filter(case=case).update(at=moment)
    Measure.objects.filter(case=case).update(created_at=moment, decision_date=moment.date(), period_end=None)


@pytest.fixture
def people(reference):
    users = get_user_model().objects
    return Area.objects.get(code="GM0553"), users.create_user("medewerker"), users.create_user("team")


def closed_case(people, subject="Pand A"):
    lisse, employee, team = people
    case = create_case(lisse, team, subject_kind="pand", subject=subject)
    link_signal(file_signal(lisse, employee, team="T", what="pand", observed_on=dt.date.today()), case, actor=team)
    add_measure(case, actor=team, kind="sluiting", decision_date=dt.date.today(), document_reference="BW-1",
                legal_basis="Opiumwet art. 13b")
    add_case_note(case, actor=team, text="Pand A staat leeg")
    add_attachment(case, actor=team, name="besluit.pdf", data=b"%PDF-1.7 besluit")
    return change_case_status(case, "gesloten", actor=team)


@pytest.fixture
def register(people):
    lisse, employee, team = people
    old = file_signal(lisse, employee, team="T", what="oud", observed_on=dt.date.today(), attachment=("foto.png", PNG))
    old_rejected = reject_signal(ask_for_information(old, actor=team, question="Welk pand?"), actor=team, reason="Geen")
    new_rejected = reject_signal(file_signal(lisse, employee, team="T", what="nieuw", observed_on=dt.date.today()), actor=team, reason="Geen")
    case = closed_case(people)
    long_ago = timezone.now() - dt.timedelta(days=6 * 365)
    Signal.objects.filter(pk=old_rejected.pk).update(closed_at=long_ago)
    SignalMessage.objects.filter(signal=old_rejected).update(at=long_ago)
    Attachment.objects.filter(signal=old_rejected).update(at=long_ago)
    backdate(case, long_ago)
    return lisse, new_rejected


def counts(area):
    return {s.key: sum(p.value for p in s.points) for s in yearly_series(area)}


def test_it_lists_in_a_dry_run_what_would_go_and_why_and_changes_nothing(register, capsys):
    assert main(["register", "purge", "--dry-run"]) == 0
    out = capsys.readouterr().out
    long_ago = timezone.localdate(timezone.now() - dt.timedelta(days=6 * 365))
    assert (f"afgewezen signaal, 1 jaar na de laatste activiteit op {long_ago:%Y-%m-%d} (afgewezen), "
            f"bewaard tot en met {term_end(long_ago, 1):%Y-%m-%d}") in out
    assert (f"gesloten casus, 5 jaar na de laatste activiteit op {long_ago:%Y-%m-%d} (casus gesloten), "
            f"bewaard tot en met {term_end(long_ago, 5):%Y-%m-%d}; met 1 signaal, 1 maatregel, 1 notitie "
            "en 1 bijlage") in out
    assert "zou verwijderen: 1 signaal en 1 casus" in out
    assert Signal.objects.count() == 3 and Case.objects.count() == 1
    assert Attachment.objects.count() == 2 and CaseNote.objects.count() == 1 and not DeletionRecord.objects.exists()


def test_it_removes_what_is_due_keeps_the_counts_and_audits_per_municipality(register, capsys):
    lisse, recent = register
    before = counts(lisse)
    doomed = set(Signal.objects.exclude(pk=recent.pk).values_list("pk", flat=True))
    case_id = Case.objects.get().pk
    old_signal = min(doomed)
    assert main(["register", "purge"]) == 0
    out = capsys.readouterr().out
    assert f"signaal S-{old_signal} (GM0553): afgewezen signaal, 1 jaar na" in out
    assert f"casus C-{case_id} (GM0553): gesloten casus, 5 jaar na" in out and "verwijderd: 1 signaal en 1 casus" in out
    assert list(Signal.objects.values_list("pk", flat=True)) == [recent.pk]  # under its term: kept
    assert not Case.objects.exists() and not Measure.objects.exists()
    assert not Attachment.objects.exists() and not CaseNote.objects.exists() and not SignalMessage.objects.exists()
    assert counts(lisse) == before == {"ondermijning.signalen": 3, "ondermijning.casussen": 1,
                                       "ondermijning.sluitingen": 1}
    records = list(DeletionRecord.objects.values_list("kind", "rule"))
    assert {kind for kind, _rule in records} == {"signaal", "bijlage", "maatregel", "notitie", "casus"}
    assert all(r.startswith(("afgewezen signaal, 1 jaar na", "gesloten casus, 5 jaar na")) for _k, r in records)
    assert all("Pand" not in str(r) and "oud" not in str(r) for r in DeletionRecord.objects.values())
    event = AuditEvent.objects.get(action="purge")
    assert event.municipality == "GM0553"  # the privacy officer of Lisse sees it
    assert set(event.detail["signalen"]) == doomed and event.detail["casussen"] == [case_id]
    assert audit.verify().ok


def test_it_shows_the_records_removed_on_a_terminal(register, terminal):
    assert main(["register", "purge"]) == 0
    screen = terminal.getvalue()
    assert "signalen en casussen verwijderen:   0%|" in screen and "| 0/2 [" in screen  # the signal and the case
    assert "signalen en casussen verwijderen: 100%|" in screen and "| 2/2 [" in screen


def test_it_purges_without_progress_when_stderr_is_no_terminal(register, capsys):
    assert main(["register", "purge"]) == 0
    assert capsys.readouterr().err == ""


def test_it_keeps_a_case_closed_five_calendar_years_minus_a_day_ago(people):
    """Closed 3 December 2021: five calendar years end on 3 December 2026 (1,826 days, with 29 February 2024
    between), not on 2 December as five times 365 days would have it."""
    case = closed_case(people)
    backdate(case, at(2021, 12, 3, 9))
    actor = people[2]
    for now in (at(2026, 12, 2, 12), at(2026, 12, 3, 23)):
        assert not due(now).cases
        purge(actor=actor, now=now)
        assert Case.objects.filter(pk=case.pk).exists(), now
    assert [d.end for d in due(at(2026, 12, 4, 0)).cases] == [dt.date(2026, 12, 3)]
    purge(actor=actor, now=at(2026, 12, 4, 0))
    assert not Case.objects.exists() and not Signal.objects.exists()


def test_it_ends_a_term_from_29_february_on_28_february():
    assert term_end(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert term_end(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert term_end(dt.date(2021, 12, 3), 5) == dt.date(2026, 12, 3)


@pytest.mark.parametrize("added", ["signal", "old-signal-linked", "note", "bibob", "attachment",
                                   "closure-still-in-force"])
def test_it_keeps_everything_added_to_a_closed_case_within_its_own_term(people, added, capsys):
    """A case closed 1,827 days ago (over five calendar years), all quiet since, is due; one thing added today
    keeps the whole case, with what was added, for another five years."""
    lisse, employee, team = people
    case = closed_case(people)
    backdate(case, timezone.now() - dt.timedelta(days=1827))
    assert [d.record.pk for d in due().cases] == [case.pk]
    if added == "signal":
        link_signal(file_signal(lisse, employee, team="T", what="nieuw", observed_on=dt.date.today()), case, actor=team)
    elif added == "old-signal-linked":  # filed long ago, linked today
        old = file_signal(lisse, employee, team="T", what="oud", observed_on=dt.date.today())
        Signal.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=1827))
        link_signal(old, case, actor=team)
    elif added == "note":
        add_case_note(case, actor=team, text="Nieuw bericht van de politie")
    elif added == "bibob":
        add_measure(case, actor=team, kind="bibob", decision_date=dt.date.today(), document_reference="BB-1",
                    requested_on=dt.date.today(), advice="ernstig gevaar")
        Measure.objects.filter(kind="bibob").update(created_at=timezone.now() - dt.timedelta(days=1827))
    elif added == "attachment":
        add_attachment(case, actor=team, name="rapport.pdf", data=b"%PDF-1.7 rapport")
    else:  # a closure decided long ago that lasts until next year is still in force
        Measure.objects.filter(case=case).update(period_end=dt.date.today() + dt.timedelta(days=300))
    before = (Signal.objects.count(), Measure.objects.count(), CaseNote.objects.count(), Attachment.objects.count())
    assert not due().cases
    assert main(["register", "purge"]) == 0
    assert "verwijderd: 0 signalen en 0 casussen" in capsys.readouterr().out
    assert Case.objects.filter(pk=case.pk).exists()
    assert (Signal.objects.count(), Measure.objects.count(), CaseNote.objects.count(),
            Attachment.objects.count()) == before
    assert not DeletionRecord.objects.exists()


def test_it_counts_a_rejected_signal_from_its_rejection(people):
    lisse, employee, team = people
    signal = reject_signal(file_signal(lisse, employee, team="T", what="x", observed_on=dt.date.today()), actor=team, reason="Geen")
    Signal.objects.filter(pk=signal.pk).update(closed_at=at(2025, 3, 1, 8))
    assert not due(at(2026, 3, 1, 20)).signals  # one calendar year: kept through 1 March 2026
    assert [d.record.pk for d in due(at(2026, 3, 2, 0)).signals] == [signal.pk]


def test_it_takes_terms_in_years_from_the_settings_and_refuses_the_old_day_setting(people, settings):
    case = closed_case(people)
    backdate(case, timezone.now() - dt.timedelta(days=6 * 366))
    settings.REGISTER_RETENTION_YEARS = {"closed_case": 10}
    assert not due().cases
    settings.REGISTER_RETENTION_YEARS = {"closed_case": 6}
    assert [d.years for d in due().cases] == [6]
    settings.REGISTER_RETENTION_DAYS = {"closed_case": 1825}
    with pytest.raises(ImproperlyConfigured, match="REGISTER_RETENTION_YEARS"):
        due()
