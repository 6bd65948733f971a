"""Entering one figure reads the area and series it names, not every area and series: its cost stays flat as
the reference data grows."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ivb.store.entry import enter_observation
from ivb.store.models import Area, Observation, Series

FIGURE = {"series": "politie.geweld", "value": "70", "status": "definitief", "source": "Politie"}


def _enter(period: str) -> list[str]:
    """Enter one figure for Lisse; the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        result = enter_observation(Area.objects.get(code="GM0553"), {**FIGURE, "period": period},
                                   actor_name="analist-lisse")
    assert not result.errors and result.observation.value == 70
    return [q["sql"] for q in queries.captured_queries]


def _reads_whole(table: str, statements: list[str]) -> list[str]:
    """The statements that read `table` without narrowing it down: every row of it."""
    return [sql for sql in statements if re.search(rf'FROM "{table}"', sql) and " WHERE " not in sql]


def test_it_enters_one_figure_with_the_same_queries_however_many_areas_and_series_there_are(demo):
    few = _enter("2013")
    Area.objects.bulk_create(Area(code=f"WK9{n:05d}", name=f"Wijk {n}", kind=Area.Kind.WIJK) for n in range(2000))
    Series.objects.bulk_create(Series(key=f"extra.{n}", name=f"Extra {n}", unit="count", aggregation="sum",
                                      source="Test") for n in range(500))
    many = _enter("2012")
    assert len(many) == len(few)
    assert not _reads_whole(Area._meta.db_table, many) and not _reads_whole(Series._meta.db_table, many)
    assert Observation.objects.filter(series__key="politie.geweld", area__code="GM0553",
                                      period__in=["2013", "2012"]).count() == 2


def test_it_still_refuses_an_unknown_series_when_entering_one_figure(demo):
    result = enter_observation(Area.objects.get(code="GM0553"),
                               {**FIGURE, "series": "politie.bestaat-niet", "period": "2013"}, actor_name="analist")
    assert result.errors == {"series": ["onbekende reeks 'politie.bestaat-niet'; een eigen reeks kent IVB pas als het "
                                        "beleid haar beschrijft: de coördinator neemt haar op in een nieuwe versie van "
                                        "het beleid (pagina Beleid)"]}
    assert not Observation.objects.filter(period="2013", series__key="politie.geweld", area__code="GM0553").exists()
