"""Shared fixtures. Personas as in healthchecks' tests: someone with a role in Lisse, and an outsider
with a role only in Hillegom."""

import io
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.store.models import Area
from ivb.store.reference import sync_reference_data

DATA = Path(__file__).parent / "data"
PASSWORD = "correct-horse-battery"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal(monkeypatch):
    """stderr as a person's terminal, where long commands show their progress; the test reads what was drawn.
    (pytest puts its own sys.stderr back before each test runs, so the progress module's stream is replaced.)"""
    screen = Terminal()
    monkeypatch.setattr("ivb.cli.progress.screen", lambda: screen)
    return screen


# What gives a test a database under pytest-django: its mark, or one of these fixtures (directly or through another).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                     "live_server"}


def pytest_collection_modifyitems(config, items):
    """Every test has a node id of its own: pytest-xdist (`make test`) runs a node id once, so tests sharing one
    are lost without a word (schemathesis's parametrize did so to 18 of the API fuzz's 19 tests).

    With IVB_DATABASE_TESTS_ONLY=1 (the PostgreSQL pass of .ci/run) only the tests that reach a database run:
    pytest-django refuses any other test a database, so on PostgreSQL they would repeat the SQLite pass exactly."""
    shared = [nodeid for nodeid, n in Counter(item.nodeid for item in items).items() if n > 1]
    if shared:
        raise pytest.UsageError(f"tests share a node id, so pytest-xdist would run each once: {shared[:3]}")
    if os.environ.get("IVB_DATABASE_TESTS_ONLY") != "1":
        return
    keep, drop = [], []
    for item in items:
        uses = item.get_closest_marker("django_db") is not None or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        (keep if uses else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The reference data (~800 municipalities) once per session; each test's transaction rolls back to it."""
    with django_db_blocker.unblock():
        sync_reference_data()
        _fixed_planner_statistics()


def _fixed_planner_statistics() -> None:
    """PostgreSQL: statistics of the reference data, kept for the whole session. Left to autovacuum they describe
    whatever a committing test (a browser test) happened to leave when it came round, and a page test could take
    20 s instead of 2 on a plan made for other data (the PostgreSQL pass of 6 December)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"ALTER TABLE {connection.ops.quote_name(table)} SET (autovacuum_enabled = false)")
        cursor.execute("ANALYZE")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test empties the database when it ends: load the reference data again after it."""
    yield
    if nextitem is None:  # the session's end: the test database is gone already
        return
    marker = item.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())) or (
            marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,))):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            sync_reference_data()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Pictures are cached on a stamp of the highest ids, and a rolled-back test leaves the same ids to the next
    one: every test starts with an empty cache, now that the pages, the API and the CLI share it."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def reference(db):
    sync_reference_data()  # a no-op in ~20 ms when the session's copy is there


@pytest.fixture
def demo(reference):
    from ivb.demo.load import load_demo

    return load_demo()


def _user(name, role, code):
    user = get_user_model().objects.create_user(name, password=PASSWORD)
    Membership.objects.create(user=user, municipality=Area.objects.get(code=code), role=role)
    return user


@pytest.fixture
def lisse_reader(reference):
    return _user("lezer-lisse", Role.LEZER, "GM0553")


@pytest.fixture
def outsider(reference):
    return _user("analist-hillegom", Role.ANALIST, "GM0534")


@pytest.fixture
def analyst(demo):
    return _user("analist-lisse", Role.ANALIST, "GM0553")


def text(response) -> str:
    """A page's HTML with whitespace folded, to search for what a user reads."""
    return re.sub(r"\s+", " ", response.content.decode())


def register_world(prefix: str):
    """The register's personas (user names with `prefix`) and its records: an open signal, a case, and a case
    restricted to `team` with a signal of its own. Returns (users by persona, record ids)."""
    import datetime as dt

    from ivb.register.models import RegisterAccess
    from ivb.register.services import create_case, file_signal, link_signal

    lisse, hillegom = Area.objects.get(code="GM0553"), Area.objects.get(code="GM0534")
    users = {}
    for name, role, grant, area in (
            ("melder", Role.MELDER, None, lisse), ("lezer", Role.LEZER, None, lisse),
            ("coordinator", Role.COORDINATOR, None, lisse), ("team", Role.LEZER, "ondermijning", lisse),
            ("team-not-named", Role.LEZER, "ondermijning", lisse), ("privacy", Role.LEZER, "privacy", lisse),
            ("hillegom-team", Role.LEZER, "ondermijning", hillegom)):
        user = get_user_model().objects.create_user(f"{prefix}{name}")
        Membership.objects.create(user=user, municipality=area, role=role)
        if grant:
            RegisterAccess.objects.create(user=user, municipality=area, kind=grant)
        users[name] = user
    today = dt.date.today()
    open_signal = file_signal(lisse, users["melder"], team="T", what="open", observed_on=today)
    case = create_case(lisse, users["team"], subject_kind="pand", subject="Pand A")
    restricted = create_case(lisse, users["team"], subject_kind="pand", subject="Pand B")
    restricted.restricted_to.add(users["team"])
    restricted_signal = link_signal(file_signal(lisse, users["melder"], team="T", what="b", observed_on=today),
                                    restricted, actor=users["team"])
    return users, {"open_signal": open_signal, "case": case, "restricted_case": restricted,
                   "restricted_signal": restricted_signal}


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for the browser tests; their modules import tests.browser, which skips them (or fails
    under IVB_REQUIRE_BROWSER=1) when Chromium is missing."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, FLAGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def complete(django_db_setup, django_db_blocker):
    """The complete demo (`ivb demo load`: open data, register personas and content), loaded once per test
    module in a transaction rolled back when the module ends; each test runs in a savepoint inside it."""
    from django.db import connections, transaction

    from ivb.demo.load import load_demo

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            loaded = load_demo(complete=True)
            # PostgreSQL checks the foreign keys of rows written in this transaction when each test ends, and
            # a test's savepoint rolling back leaves them to check again: the module's ~60.000 rows are checked
            # here once instead of at every test's end (1,7 s each).
            connections["default"].check_constraints()
            yield loaded
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def joint(reference, capsys):
    """The joint policy of Bloemendaal, Heemstede and Zandvoort with their real police figures."""
    from pathlib import Path

    from ivb.cli import main

    data = Path(__file__).parent / "data"
    assert main(["opendata", "import", str(data / "opendata" / "47018NED_ZK_2012-2025.csv"), "--table", "47018NED"]) == 0
    assert main(["policy", "import", str(data / "policies" / "joint-zuid-kennemerland.yaml")]) == 0
    capsys.readouterr()
