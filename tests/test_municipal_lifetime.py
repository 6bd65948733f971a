"""A municipality only takes figures, and gets a picture without notice, for the years it existed: Heerhugowaard
(GM0398) ended on 31-12-2021 and went into Dijk en Waard (GM1980), formed on 1-1-2022 with Langedijk (GM0416)."""

import json

from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.accounts.tokens import create_token
from ivb.cli import main
from ivb.store.models import Area, ImportBatch, Observation
from tests.conftest import text

HEADER = "gebied;reeks;periode;waarde;status;bron;document;vindplaats;marge;toelichting"
ENDED = ("rij 2, kolom periode: Heerhugowaard bestond tot en met 31-12-2021 (opgegaan in Dijk en Waard, GM1980); "
         "een cijfer over 2024 hoort bij Dijk en Waard")
FORMED = ("rij 3, kolom periode: Dijk en Waard bestaat sinds 01-01-2022 (ontstaan uit Heerhugowaard (GM0398) en "
          "Langedijk (GM0416)); een cijfer over 2019 hoort bij Heerhugowaard of Langedijk")
FIGURE = {"series": "politie.geweld", "period": "2019", "value": "70", "status": "definitief", "source": "Politie",
          "document": "", "reference": "", "margin": "", "note": "", "reason": ""}


def _analyst(code, name="analist-dew"):
    user = get_user_model().objects.create_user(name)
    Membership.objects.create(user=user, municipality=Area.objects.get(code=code), role=Role.ANALIST)
    return user


def test_a_file_with_figures_outside_a_municipalitys_lifetime_is_refused_whole(reference, tmp_path, capsys):
    path = tmp_path / "cijfers-opgeheven.csv"
    path.write_text("\n".join([HEADER, "GM0398;politie.geweld;2024;7;definitief;Politie;;;;",
                               "GM1980;politie.geweld;2019;5;definitief;Politie;;;;",
                               "GM0398;politie.geweld;2021;9;definitief;Politie;;;;",
                               "GM1980;politie.geweld;2022;6;definitief;Politie;;;;"]) + "\n", encoding="utf-8")
    assert main(["observations", "import", str(path)]) != 0
    err = capsys.readouterr()
    shown = err.out + err.err
    assert ENDED in shown and FORMED in shown
    assert not Observation.objects.exists() and not ImportBatch.objects.exists()


def test_the_entry_form_refuses_a_year_before_the_municipality_existed(client, reference):
    client.force_login(_analyst("GM1980"))
    page = text(client.post("/gemeente/GM1980/cijfers/nieuw/", FIGURE))
    assert ("Dijk en Waard bestaat sinds 01-01-2022 (ontstaan uit Heerhugowaard (GM0398) en Langedijk (GM0416)); "
            "een cijfer over 2019 hoort bij Heerhugowaard of Langedijk") in page
    assert not Observation.objects.exists()


def test_the_api_refuses_a_year_after_the_municipality_ended(client, reference):
    token = create_token(_analyst("GM0398", "analist-hhw"), "test")
    response = client.post("/api/municipalities/GM0398/observations", content_type="application/json",
                           data=json.dumps({"reeks": "politie.geweld", "periode": "2024", "waarde": "7",
                                            "status": "definitief", "bron": "Politie"}),
                           HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 422
    assert response.json()["errors"] == {"period": [
        "Heerhugowaard bestond tot en met 31-12-2021 (opgegaan in Dijk en Waard, GM1980); "
        "een cijfer over 2024 hoort bij Dijk en Waard"]}
    assert not Observation.objects.exists()
