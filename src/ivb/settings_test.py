"""Settings for the test suite: the real settings with a throw-away secret key."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from ivb.settings import *  # noqa: E402,F403

# Hashing demo passwords with the real hasher makes every test that loads the demo slow.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
