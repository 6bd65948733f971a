"""Settings for the test suite: the real settings with a throw-away secret key."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from ivb.settings import *  # noqa: E402,F403
