"""Withdrawing a figure that was wrong altogether (`/gemeente/<code>/cijfers/<id>/intrekken/`): with a reason,
by analysts and coordinators only, kept in the history and in the approved report's list of changes."""

import pytest
from django.contrib.auth import get_user_model

from ivb.accounts.models import Membership, Role
from ivb.store.models import Area, Observation, ObservationWithdrawal
from tests.conftest import text


def figure(period="2018"):
    return Observation.objects.get(series__key="politie.woninginbraken", area__code="GM0553", period=period,
                                   superseded_at__isnull=True)


def test_it_withdraws_a_wrong_figure_with_a_reason_and_keeps_it_in_the_history(client, analyst):
    client.force_login(analyst)
    wrong = figure()
    page = client.post(f"/gemeente/GM0553/cijfers/{wrong.pk}/intrekken/",
                       {"intrekken-reason": "hoort bij 2017, niet bij 2018"}, follow=True)
    assert "Woninginbraken 2018: ingetrokken." in text(page)
    # Back to the series in the figure's year (walk of 4 December: it opened on the newest year).
    assert page.redirect_chain[-1][0] == f"/gemeente/GM0553/reeksen/{wrong.series_id}/?jaar=2018"
    wrong.refresh_from_db()
    assert wrong.superseded_at is not None and wrong.superseded_by is None
    assert (wrong.withdrawal.reason, wrong.withdrawal.withdrawn_by, wrong.withdrawal.withdrawn_by_name) == (
        "hoort bij 2017, niet bij 2018", analyst, "analist-lisse")
    assert not Observation.objects.filter(series__key="politie.woninginbraken", area__code="GM0553", period="2018",
                                          superseded_at__isnull=True).exists()
    history = text(client.get(f"/gemeente/GM0553/reeksen/{wrong.series_id}/"))
    assert "<del>30</del> <span class=\"tag\">ingetrokken</span>" in history
    assert "Ingetrokken door analist-lisse op " in history and ": hoort bij 2017, niet bij 2018" in history


def test_it_needs_a_reason_and_changes_nothing_without_one(client, analyst):
    client.force_login(analyst)
    wrong = figure()
    page = text(client.post(f"/gemeente/GM0553/cijfers/{wrong.pk}/intrekken/", {"intrekken-reason": "  "}))
    assert "geef een reden waarom het cijfer wordt ingetrokken" in page
    assert 'id="id_intrekken-reason_error"' in page
    # Named at the top too, where the reloaded page opens, with a link to the field.
    assert page.index('class="error-summary"') < page.index('<form method="post" class="entry"')
    assert '<a href="#id_intrekken-reason">Reden van het intrekken</a>' in page
    wrong.refresh_from_db()
    assert wrong.superseded_at is None and not ObservationWithdrawal.objects.exists()


def test_a_withdrawn_figure_cannot_be_withdrawn_or_corrected_again(client, analyst):
    client.force_login(analyst)
    wrong = figure()
    client.post(f"/gemeente/GM0553/cijfers/{wrong.pk}/intrekken/", {"intrekken-reason": "testregel"})
    # A stale tab: to the series, saying what happened; nothing stored.
    again = client.post(f"/gemeente/GM0553/cijfers/{wrong.pk}/intrekken/", {"intrekken-reason": "nog eens"},
                        follow=True)
    assert "Woninginbraken 2018 is intussen vervangen of ingetrokken; er is niets opgeslagen." in text(again)
    assert again.redirect_chain[-1][0] == f"/gemeente/GM0553/reeksen/{wrong.series_id}/"
    assert client.get(f"/gemeente/GM0553/cijfers/{wrong.pk}/corrigeren/").status_code == 302
    assert ObservationWithdrawal.objects.count() == 1


def test_a_correction_from_a_stale_tab_leads_to_the_figure_of_now(client, analyst):
    client.force_login(analyst)
    old = figure()
    client.post(f"/gemeente/GM0553/cijfers/{old.pk}/corrigeren/", {"value": "31", "status": "definitief",
                                                                   "source": "Politie", "reason": "nagekomen"})
    now = figure()
    page = client.post(f"/gemeente/GM0553/cijfers/{old.pk}/corrigeren/", {
        "value": "32", "status": "definitief", "source": "Politie", "reason": "ook nagekomen"}, follow=True)
    assert page.redirect_chain[-1][0] == f"/gemeente/GM0553/cijfers/{now.pk}/corrigeren/"
    assert ("Woninginbraken 2018 is intussen vervangen of ingetrokken; er is niets opgeslagen. Hieronder staat het "
            "cijfer van nu.") in text(page)
    assert figure().value == 31


@pytest.mark.parametrize("role, status", [(Role.LEZER, 403), (Role.BEHEERDER, 403), (Role.COORDINATOR, 302)])
def test_only_who_enters_figures_may_withdraw_one(client, demo, role, status):
    user = get_user_model().objects.create_user(f"w-{role}")
    Membership.objects.create(user=user, municipality=Area.objects.get(code="GM0553"), role=role)
    client.force_login(user)
    wrong = figure()
    assert client.post(f"/gemeente/GM0553/cijfers/{wrong.pk}/intrekken/",
                       {"intrekken-reason": "x"}).status_code == status
    assert ObservationWithdrawal.objects.exists() == (status == 302)


def test_another_municipalitys_analyst_finds_no_figure(client, demo, outsider):
    client.force_login(outsider)
    wrong = figure()
    assert client.post(f"/gemeente/GM0534/cijfers/{wrong.pk}/intrekken/", {"intrekken-reason": "x"}).status_code == 404
    assert client.post(f"/gemeente/GM0553/cijfers/{wrong.pk}/intrekken/", {"intrekken-reason": "x"}).status_code == 404
    assert not ObservationWithdrawal.objects.exists()


def test_a_correction_keeps_its_series_and_period(client, analyst):
    client.force_login(analyst)
    old = figure()
    page = text(client.get(f"/gemeente/GM0553/cijfers/{old.pk}/corrigeren/"))
    assert "U vervangt <strong>Woninginbraken, 2018</strong>" in page and "Cijfer intrekken" in page
    # A changed period in the post is not taken: the correction replaces 2018, it does not add 2017.
    client.post(f"/gemeente/GM0553/cijfers/{old.pk}/corrigeren/", {
        "series": "politie.geweld", "period": "2017", "value": "31", "status": "definitief", "source": "Politie",
        "reason": "nagekomen aangifte"})
    new = figure()
    assert (new.value, new.correction_reason) == (31, "nagekomen aangifte")
    assert not Observation.objects.filter(series__key="politie.woninginbraken", period="2017", value=31).exists()
    assert not Observation.objects.filter(series__key="politie.geweld", period="2017", value=31).exists()


def test_a_figure_recorded_by_a_command_names_the_command_line_in_words(client, analyst):
    wrong = figure()
    Observation.objects.filter(pk=wrong.pk).update(recorded_by_name="ivb-cli (beheer)")
    client.force_login(analyst)
    page = text(client.get(f"/gemeente/GM0553/reeksen/{wrong.series_id}/"))
    assert "Vastgelegd door de beheerder van IVB op" in page and "ivb-cli" not in page and "(beheer)" not in page


def test_a_withdrawal_names_its_maker_by_full_name_on_the_page_and_in_the_download(client, analyst):
    # Walk AN: "Vastgelegd door Sanne Vecht" beside "Ingetrokken door adv-sv"; the download read "ivb-cli (root)".
    analyst.first_name, analyst.last_name = "Sanne", "Vecht"
    analyst.save()
    wrong = Observation.objects.get(series__key="politie.jeugdoverlast", area__code="GM0553", period="2018",
                                    superseded_at__isnull=True)
    Observation.objects.filter(pk=wrong.pk).update(recorded_by_name="ivb-cli (root)")
    client.force_login(analyst)
    client.post(f"/gemeente/GM0553/cijfers/{wrong.pk}/intrekken/", {"intrekken-reason": "testregel"})
    page = text(client.get(f"/gemeente/GM0553/reeksen/{wrong.series_id}/"))
    assert "Ingetrokken door Sanne Vecht op" in page and f"Ingetrokken door {analyst.username}" not in page
    url = "/gemeente/GM0553/2019/indicator/meldingen-jeugdoverlast/download.csv"
    download = client.get(url).content.decode("utf-8-sig")
    row = next(line for line in download.splitlines() if line.startswith("2018;") and "ingetrokken" in line)
    assert ";de beheerder van IVB;" in row and "ivb-cli" not in download and "(root)" not in download


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_quarter_month_or_year_to_date_figure_is_corrected_in_either_language(client, analyst, language):
    from ivb.store.entry import enter_observation

    lisse = Area.objects.get(code="GM0553")
    client.force_login(analyst)
    client.cookies["django_language"] = language
    for period, code, value in (("2018-Q2", "2018-Q2", 17), ("2018-05", "2018-05", 7), ("2018 t/m mei", "2018-tm05", 30)):
        entered = enter_observation(lisse, {"series": "politie.geweld", "period": period, "value": str(value),
                                            "status": "definitief", "source": "Politie"}, actor_name="test")
        assert not entered.errors
        client.post(f"/gemeente/GM0553/cijfers/{entered.observation.pk}/corrigeren/", {
            "value": str(value + 1), "status": "definitief", "source": "Politie", "reason": "nagekomen"})
        now = Observation.objects.get(series__key="politie.geweld", area=lisse, period=code, superseded_at__isnull=True)
        assert (now.value, now.correction_reason) == (value + 1, "nagekomen"), period


def test_a_refused_withdrawal_keeps_the_correction_form_as_the_figure_stands(client, analyst):
    client.force_login(analyst)
    wrong = figure()
    page = text(client.post(f"/gemeente/GM0553/cijfers/{wrong.pk}/intrekken/", {"intrekken-reason": ""}))
    assert 'name="value" value="30"' in page and "disabled" in page
