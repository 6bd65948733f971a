"""Settings for the test suite: the real settings with a throw-away secret key."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from ivb.settings import *  # noqa: F403 (every real setting, a few replaced below)
from ivb.settings import DATABASES

# Hashing demo passwords with the real hasher makes every test that loads the demo slow.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# SQLite's test database in a file, not in memory: an in-memory database is one connection shared by every
# thread, so the concurrency tests (live server, parallel requests) would not see what a real server sees.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    import tempfile

    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.gettempdir(),
                                                         f"ivb-test-{os.getpid()}.sqlite3")}
    # The same WAL and transactions as production, without waiting for the disk: a test database is thrown away.
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA secure_delete=ON"
