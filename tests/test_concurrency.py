"""Ordinary concurrency on the default database (and on PostgreSQL when DATABASE_URL names one): twenty people
entering figures at once, twenty opening one register case, and the dashboard read while a large import is
written. Real HTTP against a threaded live server, one thread per person. Nobody may see a server error, every
write the server acknowledged must be stored, and the audit chain must still verify."""

from __future__ import annotations

import os
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client

from ivb.accounts.models import Membership, Role
from ivb.register import audit
from ivb.register.models import AuditEvent, RegisterAccess
from ivb.register.services import create_case
from ivb.store.models import Area, ImportBatch, Observation

PEOPLE = 20
TOKEN = "concurrencytestcsrftoken00000000"  # a CSRF secret of 32 characters: cookie and form field agree
FIGURE = {"series": "politie.geweld", "status": "definitief", "source": "Politie", "document": "Rapportage",
          "reference": "tabel 1", "margin": "", "note": "", "reason": ""}


@pytest.fixture
def world(transactional_db, live_server):
    from ivb.demo.load import load_demo

    load_demo()
    lisse = Area.objects.get(code="GM0553")
    users = get_user_model().objects
    analysts, team = [], []
    for n in range(PEOPLE):
        analyst = users.create_user(f"analist-{n}")
        Membership.objects.create(user=analyst, municipality=lisse, role=Role.ANALIST)
        analysts.append(analyst)
        member = users.create_user(f"team-{n}")
        Membership.objects.create(user=member, municipality=lisse, role=Role.LEZER)
        RegisterAccess.objects.create(user=member, municipality=lisse, kind="ondermijning")
        team.append(member)
    return {"url": live_server.url, "analysts": analysts, "team": team, "lisse": lisse}


def browser_for(user) -> requests.Session:
    """A logged-in session as a browser holds it: the session cookie and a CSRF cookie."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    session.cookies.set("csrftoken", TOKEN)
    return session


def all_at_once(work, items) -> list:
    """Run `work(item)` for every item in its own thread, all starting together."""
    start = threading.Barrier(len(items))

    def run(item):
        try:
            start.wait(timeout=30)
            return work(item)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(items)) as pool:
        return list(pool.map(run, items))


def enter_figure(base: str, session: requests.Session, year: int) -> int:
    response = session.post(f"{base}/gemeente/GM0553/cijfers/nieuw/", allow_redirects=False, timeout=60,
                            data={**FIGURE, "period": str(year), "value": str(year - 1900),
                                  "csrfmiddlewaretoken": TOKEN})
    return response.status_code


def test_it_stores_twenty_figures_entered_at_once(world):
    sessions = [browser_for(user) for user in world["analysts"]]
    years = list(range(1990, 1990 + PEOPLE))
    statuses = all_at_once(lambda i: enter_figure(world["url"], sessions[i], years[i]), list(range(PEOPLE)))

    assert statuses == [302] * PEOPLE, Counter(statuses)  # every entry acknowledged: redirected to the stored figure
    stored = dict(Observation.objects.filter(series__key="politie.geweld", area__code="GM0553", period__in=map(str, years),
                                             superseded_at__isnull=True).values_list("period", "value"))
    assert stored == {str(y): y - 1900 for y in years}


def test_it_shows_one_case_to_twenty_people_at_once(world):
    case = create_case(world["lisse"], world["team"][0], subject_kind="pand", subject="Loods Achterweg")
    before = AuditEvent.objects.filter(action="view").count()
    sessions = [browser_for(user) for user in world["team"]]
    url = f"{world['url']}/gemeente/GM0553/register/casussen/{case.pk}/"

    def view(session):
        response = session.get(url, timeout=60)
        return response.status_code, "Loods Achterweg" in response.text

    results = all_at_once(view, sessions)

    assert results == [(200, True)] * PEOPLE, Counter(results)
    viewers = AuditEvent.objects.filter(action="view", object_id=str(case.pk)).values_list("actor_name", flat=True)
    assert AuditEvent.objects.filter(action="view").count() - before == PEOPLE
    assert sorted(viewers) == sorted(u.username for u in world["team"])
    assert audit.verify().ok, audit.verify().message


def large_file() -> bytes:
    """About 8,500 rows: one figure per municipality and year."""
    codes = list(Area.objects.filter(code__startswith="GM", valid_until__isnull=True).values_list("code", flat=True))
    lines = ["gebied;reeks;periode;waarde;status;bron"]
    for year in range(1995, 2020):
        lines += [f"{code};politie.woninginbraken;{year};{(n + year) % 97};definitief;Politie"
                  for n, code in enumerate(codes)]
    return ("\n".join(lines) + "\n").encode()


def test_it_answers_readers_and_writers_during_a_large_import(world):
    from ivb.store.observation_import import import_observations

    content = large_file()
    rows = content.count(b"\n") - 1
    reader, writer = browser_for(world["analysts"][0]), browser_for(world["analysts"][1])
    importing = threading.Event()
    done = threading.Event()
    outcome = {}

    def run_import():
        try:
            importing.set()
            outcome["report"] = import_observations("groot.csv", content, actor_name="importeur")
        except Exception as exc:
            outcome["error"] = exc
        finally:
            done.set()
            connections.close_all()

    thread = threading.Thread(target=run_import)
    thread.start()
    importing.wait()
    reads, writes, year = [], [], 2020
    while not done.is_set() or not reads:
        reads.append(reader.get(f"{world['url']}/gemeente/GM0553/2019/", timeout=60).status_code)
        if year < 2026:
            writes.append((year, enter_figure(world["url"], writer, year)))
            year += 1
    thread.join(timeout=120)
    connections.close_all()

    assert "error" not in outcome, outcome.get("error")
    report = outcome["report"]
    assert report.ok and report.created + report.updated + report.unchanged == rows, report.summary()
    assert set(reads) == {200}, Counter(reads)
    assert all(status == 302 for _, status in writes), writes
    stored = dict(Observation.objects.filter(series__key="politie.geweld", area__code="GM0553",
                                             superseded_at__isnull=True).values_list("period", "value"))
    assert all(stored[str(y)] == y - 1900 for y, _ in writes)
    assert ImportBatch.objects.get(filename="groot.csv").created == report.created
    replaced = Observation.objects.filter(superseded_by__batch__filename="groot.csv").select_related("superseded_by")
    assert report.updated and replaced.count() == report.updated  # the demo's figures, kept as history
    assert all((o.series_id, o.area_id, o.period) == (o.superseded_by.series_id, o.superseded_by.area_id,
                                                      o.superseded_by.period) for o in replaced)


def test_it_lets_two_cli_imports_wait_for_each_other(transactional_db, tmp_path, capsys):
    from ivb.cli import main
    from ivb.demo.load import load_demo

    load_demo()
    files = []
    for series in ("politie.geweld", "politie.woninginbraken"):
        path = tmp_path / f"{series}.csv"
        path.write_text("gebied;reeks;periode;waarde;status;bron\n"
                        + "".join(f"GM0553;{series};{year};{year - 1900};definitief;Politie\n"
                                  for year in range(1960, 1990)))
        files.append(path)

    codes = all_at_once(lambda path: main(["observations", "import", str(path)]), files)

    assert codes == [0, 0], capsys.readouterr().err
    assert "Traceback" not in capsys.readouterr().err
    for path in files:
        assert ImportBatch.objects.get(filename=path.name).created == 30


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="SQLite's busy timeout")
def test_it_says_the_database_is_busy_when_the_wait_runs_out(transactional_db, tmp_path, capsys, monkeypatch):
    from django.db import connection, transaction

    from ivb.cli import main

    path = tmp_path / "cijfers.csv"
    path.write_text("gebied;reeks;periode;waarde;status;bron\nGM0553;politie.geweld;2013;70;definitief;Politie\n")
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock():  # an immediate transaction takes SQLite's write lock at once
        with transaction.atomic():
            locked.set()
            release.wait(timeout=30)
        connections.close_all()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    locked.wait(timeout=30)
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "timeout", 0.5)
    connection.close()
    try:
        code = main(["observations", "import", str(path)])
    finally:
        release.set()
        holder.join()

    err = capsys.readouterr().err
    assert code == 1 and "de database is bezet" in err and "niets opgeslagen" in err, err
    assert "Traceback" not in err
    assert not ImportBatch.objects.exists()


def test_it_keeps_sqlite_in_wal_mode_with_immediate_transactions(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's journal")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert connection.transaction_mode == "IMMEDIATE"
