"""The Lisse demo holds exactly the figures the policy text gives, each citing its place."""

import datetime as dt
import re
from decimal import Decimal

from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership
from ivb.register.models import Case, Signal
from ivb.store.models import Observation
from tests.conftest import text

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
        expected = dict(zip(["2014", "2015", "2016", "2017", "2018", "2019-tm09"], map(Decimal, row), strict=True))
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


# --- the complete demo (`ivb demo load`): open data, register personas and fictitious register content --------
# The fixture `complete` (conftest.py) loads it once for the tests below; each test runs in a savepoint inside
# it. Keep these tests last: the ones above expect the policy's figures alone.

def words(html: str) -> str:
    """The text a reader sees, tags left out."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def login(client, name):
    client.force_login(get_user_model().objects.get(username=name))
    return client


def test_it_shows_the_national_comparison_from_the_shipped_open_data(complete, db, client):
    page = text(login(client, "raadslid").get("/gemeente/GM0553/2023/"))
    assert "Vergelijking met buren, eenheid en land (2023)" in page
    # Every municipality of 2023 has figures, so their sum is the country.
    assert "Misdaadindex van Lisse: 65 (Nederland = 100)." in page
    assert "Nederland: opgeteld uit alle 342 gemeenten" in page
    # 47018NED and 70072ned, woninginbraken per 1,000 inhabitants in 2023: Lisse 24 on 23,418 (1,0), Hillegom 29
    # on 22,638 (1,3), Teylingen 40 on 38,490 (1,0); the index column comes first.
    table = words(page.split("Vergelijking met buren, eenheid en land (2023)")[1])
    assert "Lisse gemeente, plaats 203 van 337 65 1,0 " in table
    assert "Hillegom buurgemeente, plaats 161 van 337 72 1,3 " in table
    assert "Teylingen buurgemeente, plaats 158 van 337 72 1,0 " in table
    # The size class before the country, added up as the unit is (walk BO), each with its note.
    assert re.search(r"Gemeenten met 20\.000 tot 50\.000 inwoners grootteklasse 2 \d+ \d+,\d ", table)
    assert "Nederland land 3 100 1,3 " in table
    # The newest year is provisional in the source and marked so.
    newest = text(client.get("/gemeente/GM0553/2025/"))
    assert "Vergelijking met buren, eenheid en land (2025*)" in newest and "voorlopig" in newest


def test_the_comparison_page_shows_the_newest_comparison(complete, db, client):
    page = text(login(client, "raadslid").get("/gemeente/GM0553/vergelijking/"))
    # The newest year with figures (2025, provisional in the source), the same section as on the dashboard.
    assert "Vergelijking met buren, eenheid en land (2025*)" in page
    assert "Misdaadindex van Lisse: 69 (Nederland = 100)." in page
    assert "Nederland* land" in words(page)  # added up from provisional figures: provisional too


def test_the_sources_page_sets_the_policy_figures_beside_the_open_data(complete, db, client):
    page = text(login(client, "raadslid").get("/gemeente/GM0553/bronnen/"))
    assert "Politie (via CBS), tabel 47018NED" in page and "CBS, tabel 83648NED" in page
    # Woninginbraken 2015: 60 in the policy and 60 in 47018NED; misdrijven 2015: 947 in the policy, 965 at CBS.
    burglary = words(page.split("Woninginbraken naast")[1].split("</table>")[0])
    assert "2015 60 alle cijfers 60 alle cijfers gelijk" in burglary  # each figure links to its series page
    crimes = page.split("Misdrijven naast")[1].split("</table>")[0]
    assert "947" in crimes and "965" in crimes


def test_team_veiligheid_finds_the_fictitious_signals_and_cases_labelled(complete, db, client):
    page = text(login(client, "team").get("/gemeente/GM0553/register/"))
    assert "Demo: fictieve inhoud." in page
    assert "Fictief voorbeeld: Eetcafé Voorbeeld, aanvraag exploitatievergunning" in page
    assert "nieuw" in page and "meer informatie gevraagd" in page
    signal = Signal.objects.get(what__contains="nagelsalon")
    detail = text(client.get(f"/gemeente/GM0553/register/signalen/{signal.pk}/"))
    assert "Demo: fictieve inhoud." in detail and "Fictief voorbeeld: bij een nagelsalon" in detail
    case = Case.objects.get(subject__contains="Eetcafé")
    detail = text(client.get(f"/gemeente/GM0553/register/casussen/{case.pk}/"))
    assert "Bibob-onderzoek" in detail and "mindere mate van gevaar" in detail
    assert "Fictief voorbeeld: Bibob-vragenlijst ontvangen" in detail and "Demo: fictieve inhoud." in detail
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Demo: fictitious content." in text(client.get("/gemeente/GM0553/register/"))


def test_a_register_without_fictitious_content_shows_no_banner(complete, db, client):
    from ivb.accounts.models import Role
    from ivb.register.models import RegisterAccess
    from ivb.store.models import Area

    hillegom = Area.objects.get(code="GM0534")
    user = get_user_model().objects.create_user("team-hillegom")
    Membership.objects.create(user=user, municipality=hillegom, role=Role.LEZER)
    RegisterAccess.objects.create(user=user, municipality=hillegom, kind=RegisterAccess.Kind.TEAM)
    page = text(login(client, "team-hillegom").get("/gemeente/GM0534/register/"))
    assert "Register ondermijning – Hillegom" in page and "fictieve inhoud" not in page


def test_the_melder_sees_only_their_own_signals_and_no_register(complete, db, client):
    login(client, "melder")
    page = text(client.get("/gemeente/GM0553/signalen/mijn/"))
    assert "Demo: fictieve inhoud." in page
    assert page.count("Fictief voorbeeld: ") == 5  # three signals, the team's question and its signal again
    assert "nagelsalon" in page and "horecazaak" in page and "bollenschuur" in page
    assert "een bus staat" not in page  # filed by the adviseur
    assert "Sinds wanneer ziet u dit" in page
    assert client.get("/gemeente/GM0553/register/").status_code == 404


def test_the_privacy_officer_reads_an_intact_audit_trail(complete, db, client):
    page = text(login(client, "privacy").get("/gemeente/GM0553/register/audit/"))
    assert "keten intact" in page and "Demo: fictieve inhoud." in page
    assert "ivb-demo gaf team registertoegang als team ondermijning" in page
    assert login(client, "team").get("/gemeente/GM0553/register/audit/").status_code == 404


def test_audit_verify_passes_on_the_demo_with_its_events(complete, db, capsys):
    from ivb.cli import main
    from ivb.register.models import AuditEvent

    assert AuditEvent.objects.count() > 1
    assert main(["audit", "verify"]) == 0
    assert f"audittrail: {AuditEvent.objects.count()} gebeurtenissen, keten intact" in capsys.readouterr().out


def test_the_fictitious_records_are_no_figures(complete, db):
    from ivb.register.counts import yearly_series
    from ivb.register.services import file_signal
    from ivb.store.models import Area

    lisse = Area.objects.get(code="GM0553")
    assert Signal.objects.filter(municipality=lisse).count() == 4 and yearly_series(lisse) == []
    file_signal(lisse, get_user_model().objects.get(username="melder"), team="T", what="Een echte melding",
                observed_on=dt.date.today())
    assert [(s.key, [p.value for p in s.points]) for s in yearly_series(lisse)] == [("ondermijning.signalen", [1.0])]


def test_it_prints_the_register_personas_with_their_access(complete, db):
    from ivb.register.models import RegisterAccess

    accounts = {line.split()[0]: line.split()[2] for line in complete if " wachtwoord " in line}
    assert set(accounts) == {"adviseur", "coordinator", "raadslid", "beheerder", "hillegom",
                             "team", "privacy", "melder"}
    assert get_user_model().objects.get(username="melder").check_password(accounts["melder"])
    assert set(RegisterAccess.objects.values_list("user__username", "kind")) == {
        ("team", "ondermijning"), ("privacy", "privacy")}
    assert Membership.objects.get(user__username="melder").role == "melder"


def test_loading_the_complete_demo_again_adds_nothing(complete, db):
    from ivb.demo.load import load_demo
    from ivb.register.models import AuditEvent, CaseNote, Measure
    from ivb.store.models import ImportBatch

    def counts():
        return [m.objects.count() for m in (Observation, ImportBatch, Signal, Case, CaseNote, Measure, AuditEvent,
                                            get_user_model(), Membership)]

    before = counts()
    lines = load_demo(complete=True)
    assert counts() == before
    assert "register: voorbeeldinhoud voor Lisse staat er al (niets toegevoegd)" in lines
    assert any("47018NED_GM_2012-2025.csv.gz: 0 nieuw, 0 bijgewerkt, 57.624 ongewijzigd" in line for line in lines)
