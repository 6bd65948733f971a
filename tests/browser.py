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


def demo_user(name: str, role: str, code: str = "GM0553"):
    """The reference data, the Lisse demo and one user with the tests' password and `role` in `code`: what a browser
    test of a live server starts from (with `transactional_db`: the server reads from another thread)."""
    from django.contrib.auth import get_user_model

    from ivb.accounts.models import Membership
    from ivb.demo.load import load_demo
    from ivb.store.models import Area
    from ivb.store.reference import sync_reference_data
    from tests.conftest import PASSWORD

    if not Area.objects.filter(code=code).exists():
        sync_reference_data()
        load_demo()
    user = get_user_model().objects.create_user(name, password=PASSWORD)
    Membership.objects.create(user=user, municipality=Area.objects.get(code=code), role=role)
    return user


def log_in(page, base: str, name: str) -> None:
    """Log `name` in through the login form, as a person does."""
    from tests.conftest import PASSWORD

    page.goto(base + "/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(name)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
