"""Shared fixtures. Personas as in healthchecks' tests: someone with a role in Lisse, and an outsider
with a role only in Hillegom."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.store.models import Area
from ivb.store.reference import sync_reference_data

DATA = Path(__file__).parent / "data"
PASSWORD = "correct-horse-battery"


@pytest.fixture
def reference(db):
    sync_reference_data()


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
