"""Retention (AVG): personal data in the register is removed when its term has passed.

Terms are whole calendar years (`REGISTER_RETENTION_YEARS`), counted with `dateutil.relativedelta`: a case
closed on 3 December 2021 with a five-year term is kept through 3 December 2026 and removed from the 4th;
from 29 February a term ends on 28 February. A term counts from the record's *last activity*, not from the
moment it was closed: a signal linked, a note, a question, an attachment or a measure added later — or a
measure still in force — moves the start forward, so nothing is removed before its own term has passed.
The defaults follow the issue's examples: a rejected signal one year, a closed case (with its signals,
measures, notes and attachments) five years.

A purge keeps a deletion record without content, keeps the yearly counts, and is itself an audited act,
recorded in the trail of each municipality whose records it removed."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from ivb.domain.i18n import listed
from ivb.register import audit
from ivb.register.counts import MEASURE_SERIES
from ivb.register.fictitious import LABEL as FICTITIOUS
from ivb.register.models import (Attachment, Case, CaseStatus, DeletionRecord, PurgedCount, Signal,
                                  SignalMessage, SignalStatus)

DEFAULT_YEARS = {"rejected_signal": 1, "closed_case": 5}
RULES = {"rejected_signal": "afgewezen signaal", "closed_case": "gesloten casus"}


def terms() -> dict[str, int]:
    if hasattr(settings, "REGISTER_RETENTION_DAYS"):  # a changed meaning must not pass unnoticed
        raise ImproperlyConfigured("REGISTER_RETENTION_DAYS is vervangen door REGISTER_RETENTION_YEARS: "
                                   "bewaartermijnen in hele kalenderjaren")
    return {**DEFAULT_YEARS, **getattr(settings, "REGISTER_RETENTION_YEARS", {})}


def term_end(start: dt.date, years: int) -> dt.date:
    """The last day a record is kept: `years` calendar years after `start` (29 February: 28 February)."""
    return start + relativedelta(years=years)


@dataclass
class Due:
    """A record whose term has passed, and why: which rule, from which day, until which day."""

    record: Signal | Case
    rule: str
    years: int
    start: dt.date
    activity: str
    end: dt.date
    holds: str = ""

    def reason(self) -> str:
        return (f"{RULES[self.rule]}, {self.years} jaar na de laatste activiteit op {self.start:%Y-%m-%d} "
                f"({self.activity}), bewaard tot en met {self.end:%Y-%m-%d}")

    def __post_init__(self):
        r = self.record  # named now: a deleted record loses its number
        self.name = f"{'signaal S' if isinstance(r, Signal) else 'casus C'}-{r.pk} ({r.municipality.code})"

    def line(self) -> str:
        return f"{self.name}: {self.reason()}" + (f"; met {self.holds}" if self.holds else "")


@dataclass
class Plan:
    signals: list[Due] = field(default_factory=list)
    cases: list[Due] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [d.line() for d in self.signals + self.cases]


def _day(moment: dt.datetime | dt.date) -> dt.date:
    return timezone.localtime(moment).date() if isinstance(moment, dt.datetime) else moment


def _latest(moments: list[tuple]) -> tuple[dt.date, str]:
    """The newest of (moment, what) pairs, ignoring the missing; on a tie the first named wins."""
    known = [(_day(m), what) for m, what in moments if m is not None]
    return max(known, key=lambda pair: pair[0])


def _signal_activity(signal: Signal) -> tuple[dt.date, str]:
    return _latest([(signal.closed_at, "afgewezen"),
                    (signal.messages.aggregate(m=Max("at"))["m"], "vraag of antwoord"),
                    (signal.attachments.aggregate(m=Max("at"))["m"], "bijlage")])


def _case_activity(case: Case) -> tuple[dt.date, str]:
    signals = case.signals.aggregate(filed=Max("created_at"), linked=Max("linked_at"))
    measures = case.measures.aggregate(added=Max("created_at"), decided=Max("decision_date"), ends=Max("period_end"))
    return _latest([
        (case.closed_at, "casus gesloten"),
        (signals["filed"], "signaal gemeld"), (signals["linked"], "signaal gekoppeld"),
        (SignalMessage.objects.filter(signal__case=case).aggregate(m=Max("at"))["m"], "vraag of antwoord bij een signaal"),
        (Attachment.objects.filter(signal__case=case).aggregate(m=Max("at"))["m"], "bijlage bij een signaal"),
        (case.attachments.aggregate(m=Max("at"))["m"], "bijlage"),
        (case.case_notes.aggregate(m=Max("at"))["m"], "notitie"),
        (measures["added"], "maatregel vastgelegd"), (measures["decided"], "besluit over een maatregel"),
        (measures["ends"], "einde van een maatregel")])


def due(now: dt.datetime | None = None, municipality=None) -> Plan:
    """What is past its term on `now`'s day (of one municipality, or all). Closing is the earliest a term can
    start, so only records closed longer ago than the term are candidates; each is then measured from its own
    last activity."""
    now = now or timezone.now()
    today, t = timezone.localdate(now), terms()
    plan = Plan()
    signals, cases = Signal.objects.filter(status=SignalStatus.REJECTED), Case.objects.filter(status=CaseStatus.CLOSED)
    if municipality is not None:
        signals, cases = signals.filter(municipality=municipality), cases.filter(municipality=municipality)
    for rule, candidates, activity, into in (
            ("rejected_signal", signals, _signal_activity, plan.signals),
            ("closed_case", cases, _case_activity, plan.cases)):
        years = t[rule]
        for record in (candidates.filter(closed_at__lt=now - relativedelta(years=years))
                       .select_related("municipality").order_by("pk")):
            start, what = activity(record)  # type: ignore[arg-type]  # each rule pairs a model with its activity
            if today > term_end(start, years):
                into.append(Due(record, rule, years, start, what, term_end(start, years), _holds(record)))
    return plan


def _holds(record: Signal | Case) -> str:
    """What goes with a case, counted before it goes."""
    if isinstance(record, Signal):
        return ""
    return listed([_counted(n, one, more) for n, one, more in (
        (record.signals.count(), "signaal", "signalen"), (record.measures.count(), "maatregel", "maatregelen"),
        (record.case_notes.count(), "notitie", "notities"), (record.attachments.count(), "bijlage", "bijlagen"))])


def _counted(n: int, one: str, more: str) -> str:
    return f"{n} {one if n == 1 else more}"


@transaction.atomic
def purge(*, actor, now: dt.datetime | None = None, progress: Callable[[int, int], None] | None = None) -> Plan:
    """Remove what `due` finds. `progress(done, total)` is told how many signals and cases are removed so far."""
    plan = due(now)
    total = len(plan.signals) + len(plan.cases)
    tick = (lambda done: progress(done, total)) if progress else (lambda done: None)
    tick(0)
    counts: Counter = Counter()
    removed: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"signalen": [], "casussen": []})
    for done, item in enumerate(plan.signals, 1):
        assert isinstance(item.record, Signal)  # due() puts signals in plan.signals
        _remove_signal(item.record, item.reason(), actor, counts, removed)
        tick(done)
    for done, item in enumerate(plan.cases, len(plan.signals) + 1):
        assert isinstance(item.record, Case)  # due() puts cases in plan.cases
        _remove_case(item.record, item.reason(), actor, counts, removed)
        tick(done)
    _keep_counts(counts)
    _audit(actor, removed)
    return plan


def _remove_signal(signal: Signal, rule: str, actor, counts: Counter, removed) -> None:
    """Remove a signal with its questions, answers and attachment; it still counts in its year."""
    code = signal.municipality.code
    if not signal.what.startswith(FICTITIOUS):  # the demo's fictitious records never counted
        counts[(signal.municipality, "ondermijning.signalen", timezone.localtime(signal.created_at).year)] += 1
    removed[code]["signalen"].append(signal.pk)
    _delete_signal(signal, code, rule, actor)


def _remove_case(case: Case, rule: str, actor, counts: Counter, removed) -> None:
    """Remove a case with its measures, signals, attachments and notes; each still counts in its year."""
    code = case.municipality.code
    real = not case.subject.startswith(FICTITIOUS)  # the demo's fictitious records never counted
    for measure in case.measures.all():
        key = MEASURE_SERIES.get(measure.kind)
        if key and real:
            counts[(case.municipality, key, measure.decision_date.year)] += 1
        _record("maatregel", code, rule, actor)
        measure.delete()
    for signal in case.signals.all():
        _remove_signal(signal, rule, actor, counts, removed)
    _delete_attachments(case, code, rule, actor)
    for note in case.case_notes.all():
        _record("notitie", code, rule, actor)
        note.delete()
    if real:
        counts[(case.municipality, "ondermijning.casussen", timezone.localtime(case.created_at).year)] += 1
    removed[code]["casussen"].append(case.pk)
    _record("casus", code, rule, actor)
    case.delete()


def _keep_counts(counts: Counter) -> None:
    for (area, key, year), n in counts.items():
        row, _ = PurgedCount.objects.get_or_create(municipality=area, series_key=key, year=year)
        PurgedCount.objects.filter(pk=row.pk).update(count=F("count") + n)


MAX_DECISION = 100  # the kenmerk of the municipality's decision on an erasure request


KENMERK_WORDS = {"besluit", "kenmerk", "nr", "nummer", "zaak", "zaaknummer", "dossier", "ref", "avg", "verzoek"}


def _like_a_kenmerk(text: str) -> bool:
    """A decision's kenmerk has a number in it, and its letters are only abbreviations (at most three capitals: AVG,
    Z, BW, DIV) or words a kenmerk is written with (besluit, zaak, nr); "AVG-12 DIJK" is refused too (walk AX): "Jan Jansen verzoek" was taken, and kept for good
    in the hash-chained trail (walk AI), and so were "AVG-12 P. Pietersen", "Pietersen-2026-1" and "AVG-1 Zeeweg 3"
    (walk AS), and "AVG-2026-1 JAN BOS" (walk BY). "AVG-2026-0012" and "Besluit Z/26/1234" pass."""
    if not any(c.isdigit() for c in text):
        return False
    # Before the number: at most one abbreviation (AVG, Z, BW, DIV) beside the words a kenmerk is written with; after
    # it, at most one letter straight after the number or a / or - (Z-2026-1234/B, AVG-2026-12a), or those words
    # (review and walk BY: "AVG-2026-1 JAN BOS", "VOS AVG-12" and "AVG-1 J B" passed).
    head, tail = re.split(r"\d", text, maxsplit=1)[0], re.split(r"\d", text)[-1]
    # The part before the number, without the words a kenmerk is written with, is one piece ("BW/DIV/", "AVG-",
    # "Z/"): abbreviations apart ("VOS AVG-12") may be a name.
    pieces = [w for w in head.split() if w.lower().strip(":.") not in KENMERK_WORDS - {"avg"}]
    before = re.findall(r"[^\W\d_]+", " ".join(pieces))
    middle = re.findall(r"[^\W\d_]+", text[len(head):len(text) - len(tail)])
    after = re.findall(r"[^\W\d_]+", tail)
    single_suffix = re.fullmatch(r"[/-]?[^\W\d_]", tail.strip()) is not None
    return (len(pieces) <= 1 and len(before) <= 2 and all(w.isupper() and len(w) <= 3 for w in before)
            and all(w.isupper() and len(w) <= 3 for w in middle) and len(middle) <= 1
            and (not after or single_suffix or all(w.lower() in KENMERK_WORDS - {"avg"} for w in after)))


def erasable(reference: str) -> Signal | Case:
    """The signal (S-4) or case (C-2) an erasure names; ValueError when there is none."""
    found = re.fullmatch(r"\s*([SsCc])-?(\d{1,12})\s*", reference or "")
    if found is None:
        raise ValueError(f"'{reference}' is geen signaal of casus; schrijf bijvoorbeeld S-4 of C-2")
    model = Signal if found.group(1).upper() == "S" else Case
    record = model.objects.select_related("municipality").filter(pk=int(found.group(2))).first()
    if record is None:
        raise ValueError(f"{found.group(1).upper()}-{found.group(2)} bestaat niet (meer)")
    return record


def erasure_preview(reference: str, *, actor) -> str:
    """What `erase` would remove, in words, without removing it (walk BY: a typo in the number erased another case
    for good, with nothing shown first): the record, its municipality, status and date, and what goes with it.
    No register content: the subject and the text stay unsaid, as in the trail."""
    record = erasable(reference)
    # It reads the register (a record's existence, status and dates): audited as a look, as every read is (review),
    # in a transaction of its own as the trail requires (the command runs outside one).
    with transaction.atomic():
        audit.record(actor=actor, action="view", object_kind="signaal" if isinstance(record, Signal) else "casus",
                     object_id=record.pk, municipality=record.municipality.code, detail={"voorbeeld_verwijderen": True})
    where = f"{record.municipality.name} ({record.municipality.code})"
    when = timezone.localtime(record.created_at).strftime("%d-%m-%Y")
    if isinstance(record, Signal):
        linked = f", gekoppeld aan casus C-{record.case_id}" if record.case_id else ""
        return (f"S-{record.pk}: signaal van {where}, gemeld op {when}, status {record.get_status_display()}{linked}; "
                f"met {_counted(record.attachments.count(), 'bijlage', 'bijlagen')}")
    return (f"C-{record.pk}: casus van {where}, aangemaakt op {when}, status {record.get_status_display()}; met "
            f"{_holds(record)}")


def scrub_storage() -> str:
    """After an erasure or a purge: the removed rows out of the database's files, as far as IVB can reach (walk BY:
    erased text stayed in SQLite's write-ahead log for minutes, and in a backup made then). SQLite overwrites
    what is deleted (secure_delete, settings.py) once the log is written back, which this asks for; with PostgreSQL
    it says how to rewrite the register's tables. Backups made before stay as they are. Returns what was done, in
    words."""
    from django.db import connection

    if connection.vendor == "sqlite":
        busy = connection.in_atomic_block  # the log cannot be written back from inside a transaction
        if not busy:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                busy, _log, _done = cursor.fetchone()
        if busy:
            return ("het logbestand van SQLite is nog in gebruik (IVB draait); de verwijderde gegevens verdwijnen "
                    "eruit zodra het wordt teruggeschreven, uiterlijk als IVB stopt")
        return "de verwijderde gegevens zijn overschreven in het databasebestand en het logbestand is leeg"
    if connection.vendor == "postgresql":
        # Not done here: VACUUM FULL locks the register's tables, which every page's data stamp reads, for as long as
        # it runs (review). Said instead, to be run at a quiet moment by the database's owner.
        return ("PostgreSQL houdt verwijderde rijen in zijn bestanden tot ze worden overschreven; herschrijf de "
                "tabellen van het register op een rustig moment met VACUUM FULL (docs/register.md)")
    return ""


@transaction.atomic
def erase(reference: str, *, decision: str, actor) -> dict[str, list[int]]:
    """Erase one signal (S-4) or case (C-2, with all that goes with it) before its term, as the municipality
    decided on a request under AVG art. 17. `decision`: the decision's kenmerk, never a name (it is kept in the
    deletion records, which hold no register content). The counts stay, as with a purge; the erasure is audited
    in the municipality's trail (ids only). Returns what went."""
    decision = " ".join((decision or "").split())
    if not decision or len(decision) > MAX_DECISION or not decision.isprintable():
        raise ValueError(f"geef het kenmerk van het besluit over het verzoek (1 tot {MAX_DECISION} tekens, "
                         "zonder namen)")
    if not _like_a_kenmerk(decision):
        raise ValueError(f"'{decision}' lijkt geen kenmerk: geef het nummer van het besluit, zoals AVG-2026-0012 "
                         "(met een cijfer, zonder namen: het blijft bewaard in de audittrail, die niet wordt "
                         "verwijderd)")
    record = erasable(reference)  # after the kenmerk: a refused kenmerk says so whatever the number
    rule = f"verwijderd op verzoek (AVG art. 17), besluit {decision}"
    counts: Counter = Counter()
    removed: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"signalen": [], "casussen": []})
    if isinstance(record, Signal):
        _remove_signal(record, rule, actor, counts, removed)
    else:
        _remove_case(record, rule, actor, counts, removed)
    _keep_counts(counts)
    code = record.municipality.code
    audit.record(actor=actor, action="erase", object_kind="register", municipality=code,
                 detail={**removed[code], "besluit": decision})
    return removed[code]


def _audit(actor, removed: dict[str, dict[str, list[int]]]) -> None:
    """One event per municipality, so its privacy officer sees what went (ids only); a purge that removed
    nothing is recorded once, without a municipality."""
    for code, ids in sorted(removed.items()):
        audit.record(actor=actor, action="purge", object_kind="register", municipality=code, detail=ids)
    if not removed:
        audit.record(actor=actor, action="purge", object_kind="register", detail={"signalen": [], "casussen": []})


def _delete_signal(signal: Signal, code: str, rule: str, actor) -> None:
    _delete_attachments(signal, code, rule, actor)
    _record("signaal", code, rule, actor)
    signal.delete()  # its questions and answers go with it


def _delete_attachments(record, code: str, rule: str, actor) -> None:
    for attachment in record.attachments.only("pk"):
        _record("bijlage", code, rule, actor)
        attachment.delete()


def _record(kind: str, code: str, rule: str, actor) -> None:
    DeletionRecord.objects.create(kind=kind, municipality=code, rule=rule[:200],
                                  deleted_by=getattr(actor, "username", str(actor)))
