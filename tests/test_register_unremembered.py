"""No register field is remembered by the browser (walk BY: a company's name and address filed in a signal, and a
name searched for, were kept in Chromium's autofill, offered on any site's field of that name and out of reach of
an erasure): every form of the register and every field in it says autocomplete="off"."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.register.models import RegisterAccess
from ivb.register.services import create_case, file_signal
from ivb.store.models import Area
from tests.conftest import text

TYPED = re.compile(r"<(input|textarea)\b[^>]*>")


@pytest.fixture
def world(reference):
    lisse = Area.objects.get(code="GM0553")
    users = get_user_model().objects
    team = users.create_user("team", password="goed-wachtwoord-1")
    melder = users.create_user("melder", password="goed-wachtwoord-2")
    Membership.objects.create(user=team, municipality=lisse, role=Role.LEZER)
    Membership.objects.create(user=melder, municipality=lisse, role=Role.MELDER)
    RegisterAccess.objects.create(user=team, municipality=lisse, kind="ondermijning")
    case = create_case(lisse, team, subject_kind="bedrijf", subject="Snackbar Zqx")
    signal = file_signal(lisse, melder, team="T", what="Veel geld contant", observed_on=dt.date.today())
    return team, melder, case, signal


def typed_fields(page: str) -> list[str]:
    return [tag for tag in (m.group(0) for m in TYPED.finditer(page))
            if not re.search(r'type="(hidden|checkbox|radio|file|submit|password)"', tag)]


def assert_unremembered(page: str, where: str):
    forms = re.findall(r"<form\b[^>]*>", page)
    assert forms, where
    # The layout's own forms (log out, language) hold no text of the register.
    assert all('autocomplete="off"' in f for f in forms if not re.search(r'action="/(uitloggen|i18n/setlang)/"', f)), where
    fields = typed_fields(page)
    assert fields, where
    for tag in fields:
        assert 'autocomplete="off"' in tag, (where, tag)


def test_it_keeps_the_team_pages_out_of_the_browsers_memory(client, world):
    team, _melder, case, signal = world
    client.force_login(team)
    client.post("/gemeente/GM0553/register/bevestigen/", {"password": "goed-wachtwoord-1",
                                                          "next": "/gemeente/GM0553/register/zoeken/"})
    for url in (f"/gemeente/GM0553/register/casussen/{case.pk}/", f"/gemeente/GM0553/register/signalen/{signal.pk}/",
                "/gemeente/GM0553/register/zoeken/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_unremembered(text(response), url)


def test_it_keeps_the_reporters_form_out_of_the_browsers_memory(client, world):
    _team, melder, *_ = world
    client.force_login(melder)
    page = text(client.get("/gemeente/GM0553/signalen/nieuw/"))
    assert_unremembered(page, "signaal melden")
    for name in ("address", "company", "kvk", "what"):
        assert re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*autocomplete="off"', page) or \
            re.search(rf'<(input|textarea)[^>]*autocomplete="off"[^>]*name="{name}"', page), name
