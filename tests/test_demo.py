"""The Lisse demo holds exactly the figures the policy text gives, each citing its place."""

from decimal import Decimal

from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership
from ivb.store.models import Observation

# The table in section 2 of the Lisse policy; the last column is "2019 (t/m september)".
POLICY_TABLE = {
    "politie.misdrijven": [906, 947, 961, 706, 720, 580],
    "politie.jeugdoverlast": [235, 208, 134, 187, 132, 81],
    "politie.woninginbraken": [46, 60, 38, 38, 30, 21],
    "politie.geweld": [65, 57, 83, 66, 51, 42],
    "politie.overlast_maatschappelijke_onrust": [59, 61, 56, 80, 86, 69],
}


def values(series, area="GM0553"):
    return {o.period: o.value for o in Observation.objects.filter(series__key=series, area__code=area,
                                                                  superseded_at__isnull=True)}


def test_it_loads_the_police_table_of_the_policy_exactly(demo):
    for series, row in POLICY_TABLE.items():
        expected = dict(zip(["2014", "2015", "2016", "2017", "2018", "2019-tm09"], map(Decimal, row)))
        assert values(series) == expected, series
    partial = Observation.objects.filter(period="2019-tm09", series__key__in=POLICY_TABLE)
    assert {o.status for o in partial} == {"voorlopig"} and partial.count() == 5


def test_it_loads_the_other_figures_the_text_gives(demo):
    assert values("politie.winkeldiefstallen") == {"2016": 33, "2017": 22, "2019-tm09": 19}
    assert values("vm.rapportcijfer_veiligheid_buurt") == {"2017": Decimal("7.4")}
    assert values("vm.slachtoffer_cybercrime") == {"2017": Decimal("18.4")}
    assert values("vm.slachtoffer_geweld") == {"2017": Decimal("5.1")}
    assert values("vm.weinig_criminaliteit_buurt") == {"2017": Decimal("60.8")}
    assert values("ad.misdaadmeter_rang") == {"2017": 210, "2019": 213}
    rank_2019 = Observation.objects.get(series__key="ad.misdaadmeter_rang", period="2019")
    assert rank_2019.note == "Plaats 213 van 355 gemeenten; plaats 1 is de onveiligste gemeente."
    assert values("cybercrime.meldingsbereidheid", "RE06") == {"2019": 14}
    assert values("cybercrime.aangiftebereidheid", "RE06") == {"2019": 8}
    assert values("cybercrime.aangifte_bedrijven", "NL01") == {"2019": 3}


def test_every_demo_figure_cites_its_source_and_place_and_none_is_synthetic(demo):
    observations = Observation.objects.all()
    assert observations.count() == 47
    for obs in observations:
        assert obs.source and obs.source_document and obs.source_reference, obs
        assert "§" in obs.source_reference and not obs.synthetic


def test_loading_the_demo_again_changes_no_figure(demo):
    from ivb.demo.load import load_demo

    before = list(Observation.objects.values_list("pk", "value"))
    lines = load_demo()
    assert "0 nieuw, 0 bijgewerkt, 47 ongewijzigd" in lines[1]
    assert list(Observation.objects.values_list("pk", "value")) == before


def test_it_creates_demo_users_with_printed_passwords(demo):
    user_lines = [line for line in demo if "wachtwoord" in line and line.startswith("  ")]
    assert len(user_lines) == 5
    name, _, password = user_lines[0].split()[:3]
    user = get_user_model().objects.get(username=name)
    assert user.check_password(password)
    assert Membership.objects.get(user__username="hillegom").municipality.code == "GM0534"
