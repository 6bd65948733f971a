"""What the browser tests share: Debian's Chromium driven by Playwright, with the flags the project uses.

The `browser` fixture is in conftest.py. Importing this module skips the importing test module when /usr/bin/chromium is missing, unless
IVB_REQUIRE_BROWSER=1 (as in .ci/run, which installs it): then a missing browser is an error."""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

if not Path(CHROMIUM).exists():
    if os.environ.get("IVB_REQUIRE_BROWSER") == "1":
        raise RuntimeError(f"{CHROMIUM} is missing; install Debian's chromium package")
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
