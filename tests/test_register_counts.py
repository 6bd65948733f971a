"""The register's yearly counts as series (walk U): a Bibob investigation recorded as a measure counts in
`ondermijning.bibob_onderzoeken`, and figures typed in before the register was used keep their years."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from ivb.register.counts import yearly_series
from ivb.register.services import add_measure, create_case
from ivb.store.entry import enter_observation
from ivb.store.models import Area
from ivb.store.picture import picture_input

BIBOB = "ondermijning.bibob_onderzoeken"


@pytest.fixture
def lisse(reference):
    return Area.objects.get(code="GM0553")


def bibob(lisse, on: dt.date):
    team = get_user_model().objects.get_or_create(username="team")[0]
    case = create_case(lisse, team, subject_kind="pand", subject="Horeca B.V.")
    add_measure(case, actor=team, kind="bibob", decision_date=on, document_reference="BW-2", requested_on=on,
                advice="geen gevaar")


def test_a_bibob_investigation_counts_in_its_series(lisse):
    bibob(lisse, dt.date(2024, 3, 1))
    bibob(lisse, dt.date(2024, 5, 1))
    [series] = [s for s in yearly_series(lisse) if s.key == BIBOB]
    assert [(p.period.label, p.value) for p in series.points] == [("2024", 2.0)]
    assert series.name == "Integriteitsbeoordelingen (Bibob)"


def test_typed_in_years_stay_beside_the_registers_years(lisse):
    for year, value in (("2022", "4"), ("2023", "6"), ("2024", "9")):
        assert not enter_observation(lisse, {"series": BIBOB, "period": year, "value": value, "status": "definitief",
                                             "source": "Gemeente"}, actor_name="test").errors
    bibob(lisse, dt.date(2024, 3, 1))  # the register used from March 2024
    bibob(lisse, dt.date(2025, 3, 1))
    bibob(lisse, dt.date(2025, 4, 1))
    points = {s.key: s for s in picture_input(lisse, 2025).series}[BIBOB].points
    # 2022-2024 as typed (the register's first year too: it began in March, its 1 would read as a fall);
    # 2025 as the register counts it.
    assert [(p.period.year, p.value) for p in points] == [(2022, 4.0), (2023, 6.0), (2024, 9.0), (2025, 2.0)]


def test_the_picture_counts_only_years_that_are_over(lisse):
    """ADR 0056 (walk BV): a live count of the year under way told a council member of Schiermonnikoog that a case
    had been opened, and when; the picture takes a year's count once the year is over."""
    this_year = dt.date.today().year
    bibob(lisse, dt.date(this_year - 1, 6, 1))
    bibob(lisse, dt.date.today())
    points = {s.key: s for s in picture_input(lisse, this_year).series}[BIBOB].points
    assert [(p.period.label, p.value) for p in points] == [(str(this_year - 1), 1.0)]
    # The register itself still counts both (the team sees its own year).
    [series] = [s for s in yearly_series(lisse) if s.key == BIBOB]
    assert sum(p.value for p in series.points) == 2


def test_a_year_of_the_register_alone_shows_nothing_until_it_is_over(lisse):
    bibob(lisse, dt.date.today())
    assert BIBOB not in {s.key for s in picture_input(lisse, dt.date.today().year).series}


def test_a_case_opened_just_after_new_year_counts_in_the_new_year(lisse):
    """Review: at 00:30 on 1 January (Amsterdam), 23:30 UTC the day before, a case counted in the year that was
    over, and so showed at once."""
    from ivb.register.models import Case

    team = get_user_model().objects.get_or_create(username="team")[0]
    this_year = dt.date.today().year
    case = create_case(lisse, team, subject_kind="pand", subject="Pand bij de jaarwisseling")
    Case.objects.filter(pk=case.pk).update(created_at=dt.datetime(this_year - 1, 12, 31, 23, 30, tzinfo=dt.UTC))
    [series] = [s for s in yearly_series(lisse) if s.key == "ondermijning.casussen"]
    assert [p.period.year for p in series.points] == [this_year]
    assert "ondermijning.casussen" not in {s.key for s in picture_input(lisse, this_year).series}
