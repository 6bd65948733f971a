import datetime as dt

import pytest

from ivb.domain.periods import PeriodError, parse


@pytest.mark.parametrize("text", ["2019 t/m september", "2019 (t/m september)", "2019-tm09", "t/m sep 2019",
                                  "2019 tot en met september", "2019 T/M September",
                                  "januari t/m september 2019", "jan tot en met sep 2019",
                                  "2019 t/m sept", "jan t/m sept 2019",  # as police reports
                                  "jan-sep 2019", "2019 januari t/m september", "2019-01 t/m 2019-09",  # walk AM
                                  "2019 jan-sep"])
def test_it_reads_year_to_date_as_a_partial_year(text):
    period = parse(text)
    assert period.code == "2019-tm09"
    assert period.label == "2019 t/m september"
    assert period.is_partial_year
    assert period.exposure == 0.75
    assert (period.start, period.end) == (dt.date(2019, 1, 1), dt.date(2019, 9, 30))


def test_it_reads_years_quarters_and_months():
    assert parse("2018").exposure == 1
    assert parse(2018).code == "2018"
    assert parse("2018.0").code == "2018"
    q = parse("2019-Q3")
    assert (q.code, q.start, q.end, q.label) == ("2019-Q3", dt.date(2019, 7, 1), dt.date(2019, 9, 30), "3e kwartaal 2019")
    m = parse("maart 2019")
    assert (m.code, m.end) == ("2019-03", dt.date(2019, 3, 31))
    assert parse("2019-02").end == dt.date(2019, 2, 28)


def test_it_treats_up_to_december_as_the_full_year():
    assert parse("2019 t/m december").code == "2019"


@pytest.mark.parametrize("text,message", [
    ("2019-13", "maand 13 bestaat niet"),
    ("2019 t/m smarch", "onbekende maand 'smarch'"),
    ("vorig jaar", "onbekende periode"),
    ("1850", "buiten het bereik"),
    ("", "onbekende periode"),
    ("2019-01 t/m 2020-09", "onbekende periode"),  # over two years: no part of one year
    ("sep-2025", "onbekende periode"),
    ("01-09 2019", "onbekende periode"),  # perhaps a date: not read as January to September
    ("april t/m september 2019", "begint niet in januari; een deel van een jaar loopt in IVB altijd vanaf januari "
                                 "\\('2019 t/m september'\\)"),
])
def test_it_says_what_is_wrong_with_a_period(text, message):
    with pytest.raises(PeriodError, match=message):
        parse(text)
