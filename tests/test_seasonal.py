"""Seasonal year-to-date: the rest of a partial year follows the series' own months, the national monthly
profile of its crime type, or an even spread with a wider interval; the interval carries the profile's
uncertainty, and the text says which profile was used."""

import dataclasses
import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest

from ivb.cli import main
from ivb.cli.profiles import SHIPPED
from ivb.domain import seasonal
from ivb.domain.observations import Point, SeriesData, annual_points
from ivb.domain.periods import Period, parse, year_to_date
from ivb.domain.picture import PictureInput, build_picture
from ivb.domain.policy import Indicator
from ivb.domain.projection import Projection, chance_of, complete_year, from_year_so_far, project_year
from ivb.domain.targets import evaluate as evaluate_on
from ivb.domain.trend import trends


def evaluate(ind, points, year, *args, today=None, **kwargs):
    """A status as a page read it during `year` (1 December) unless `today` is given: these tests are about a year under
    way, which a page of a year the calendar has left behind no longer judges as one (`targets.evaluate`)."""
    return evaluate_on(ind, points, year, *args, today=today or dt.date(year, 12, 1), **kwargs)

REAL_CSV = Path("/work/shared/data/opendata/bernasco-staat-van-de-misdaad/NL_Crime_monthly_2012-01_2023-12.csv")
SEP = parse("2019 t/m september")


def yearly(values, first=2014, ytd=None):
    points = [Point(parse(str(first + i)), v) for i, v in enumerate(values)]
    return points + ([Point(SEP, ytd)] if ytd is not None else [])


def fit_of(points, key="s"):
    return trends([SeriesData(key, key, "count", "sum", points)])[0].fit


def monthly(year, pattern, months=12):
    return [Point(Period(year, m, m, "month"), pattern[m - 1]) for m in range(1, months + 1)]


def test_it_ships_the_national_burglary_and_total_crime_profiles():
    burglary = seasonal.national("politie.woninginbraken", "Woninginbraken", 9)
    assert burglary.kind == "national"
    assert burglary.share == pytest.approx(0.705, abs=0.001) and burglary.sd == pytest.approx(0.014, abs=0.001)
    assert burglary.label == "landelijk maandpatroon van woninginbraken (Politie via CBS, 2012–2023)"
    total = seasonal.national("politie.misdrijven", "Misdrijven", 9)
    assert total.share == pytest.approx(0.745, abs=0.001) and total.sd == pytest.approx(0.008, abs=0.001)
    assert seasonal.national("politie.od.1.1.1", "Woninginbraak", 9).share == burglary.share


def test_a_burglary_figure_with_only_the_national_profile_is_count_divided_by_0705():
    points = yearly([100, 100, 100, 100, 100], ytd=70.5)  # a year like the others, counted to September
    profile = seasonal.profile_for("politie.woninginbraken", "Woninginbraken", points, SEP)
    assert profile.kind == "national"
    projection = project_year(fit_of(points), 2019, points[-1], profile=profile)
    assert projection.expected == pytest.approx(70.5 / 0.705, rel=0.02)
    assert projection.known == 70.5 and projection.profile_label.startswith("landelijk maandpatroon van woninginbraken")
    even = project_year(fit_of(points), 2019, points[-1], profile=seasonal.even(9))
    assert even.expected < projection.expected - 3  # as if every month were alike: about 95


def test_the_interval_includes_the_profiles_uncertainty():
    points = yearly([100, 100, 100, 100, 100], ytd=70.5)
    fit = fit_of(points)
    profile = seasonal.national("politie.woninginbraken", "Woninginbraken", 9)
    with_sd = project_year(fit, 2019, points[-1], profile=profile)
    without = project_year(fit, 2019, points[-1], profile=dataclasses.replace(profile, sd=0.0))
    assert with_sd.expected == pytest.approx(without.expected)
    assert with_sd.high - with_sd.low > without.high - without.low
    # Delta method: the variance grows by (level x sd of the share)^2, level about 100 a year.
    added = with_sd.sd ** 2 - without.sd ** 2
    level = (with_sd.expected - with_sd.known) / (1 - profile.share)
    assert added == pytest.approx((level * profile.predictive_sd) ** 2, rel=1e-6)


def test_it_takes_the_share_of_a_new_year_as_a_prediction_from_the_years_measured():
    # Twelve national years: sd x sqrt(13/12) x t(0,9; 11) / z(0,9) = sd x 1,107.
    national = seasonal.national("politie.woninginbraken", "Woninginbraken", 9)
    assert national.years == 12
    assert national.predictive_sd == pytest.approx(national.sd * 1.1073, rel=1e-3)
    # Three years of a series' own months: t with two degrees of freedom, sd x 1,70.
    own = dataclasses.replace(national, years=3)
    assert own.predictive_sd == pytest.approx(national.sd * 1.6990, rel=1e-3)
    # An even spread was not measured on years of this series: its sd is taken as it is.
    assert seasonal.even(9).predictive_sd == seasonal.even(9).sd


def test_a_year_to_date_projection_needs_its_profile():
    points = yearly([100, 100, 100, 100, 100], ytd=70.5)
    with pytest.raises(ValueError, match="seasonal profile"):
        project_year(fit_of(points), 2019, points[-1])
    assert project_year(fit_of(points), 2019).profile is None  # a whole year ahead: no profile involved


def own_history(years=(2015, 2016, 2017, 2018)):
    # Heavy autumn: January-September holds 54 of 100 (6 a month, then 15, 15, 16).
    pattern = [6] * 9 + [15, 15, 16]
    points = [p for y in years for p in monthly(y, pattern)]
    return points + monthly(2019, pattern, months=9)


def test_a_series_with_its_own_monthly_history_uses_its_own_profile_and_says_so():
    points = own_history()
    series = SeriesData("politie.od.1.1.1", "Woninginbraak", "count", "sum", points, monitored=True)
    picture = build_picture(PictureInput("GM0553", "Lisse", 2019, None, [series]))
    sp = picture.series[0]
    assert sp.latest.period == SEP and sp.latest.value == 54
    assert sp.profile.kind == "own" and sp.profile.label == "eigen maandcijfers 2015–2018"
    # Four alike years of 100: the share is known to sd sqrt(0,54 x 0,46 / 400) at best, not exactly.
    assert sp.profile.share == pytest.approx(0.54) and sp.profile.sd == pytest.approx((0.54 * 0.46 / 400) ** 0.5)
    # The rest of the year is the trend's level times the 46% still to come, not a quarter of it.
    level = (sp.this_year.expected - 54) / 0.46
    assert 80 < level < 105
    even = project_year(sp.trend.fit, 2019, sp.latest, profile=seasonal.even(9))
    assert sp.this_year.expected - even.expected == pytest.approx(level * (0.46 - 0.25), rel=1e-6)
    text = " ".join(sp.sentences)
    assert "Van januari tot en met september 2019 waren het er 54." in text
    # How it was estimated is apart from the estimate (walk BC), and 54 / 0,54 = 100: nothing more to explain.
    assert sp.how_estimated == ["Daarbij gaan we uit van het maandpatroon: eigen maandcijfers 2015–2018. Januari tot "
                                "en met september is daarin gemiddeld 54% van een jaar."]
    assert "maandpatroon" not in text and sp.how_estimated_summary == "Hoe geschat: eigen maandcijfers 2015–2018"
    shown = picture.to_dict()["reeksen"][0]["heel_jaar_verwacht"]["maandpatroon"]
    assert shown["omschrijving"] == "eigen maandcijfers 2015–2018" and shown["aandeel_al_geteld"] == pytest.approx(0.54)


def test_months_above_the_trend_say_the_year_is_not_the_count_divided_by_its_share():
    years = (2015, 2016, 2017, 2018)
    pattern = [6] * 9 + [15, 15, 16]
    points = [p for y in years for p in monthly(y, pattern)] + monthly(2019, [9] * 9, months=9)  # 81 to September
    series = SeriesData("politie.od.1.1.1", "Woninginbraak", "count", "sum", points, monitored=True)
    sp = build_picture(PictureInput("GM0553", "Lisse", 2019, None, [series])).series[0]
    # The rest weighs the pace of 150 a year against the 100 the years before expected: 139 (126-152), not 150.
    assert (round(sp.this_year.expected), sp.this_year.low, sp.this_year.high) == (139, 126, 152)
    assert ("De ontbrekende maanden zijn geschat uit het tempo van de maanden tot nu (dat telt voor 53% mee) en uit "
            "wat de jaren ervoor voor het hele jaar verwachtten, ongeveer 100 (dat telt voor 47%): hoe meer maanden "
            "geteld zijn, hoe zwaarder het tempo doorgaans weegt. Het cijfer gedeeld door het deel van het jaar dat die "
            "maanden gewoonlijk hebben, zou 150 geven.") in " ".join(sp.how_estimated)


def test_own_months_vary_from_year_to_year_give_their_sd():
    points = [p for y, autumn in ((2015, 15), (2016, 10), (2017, 20)) for p in monthly(y, [6] * 9 + [autumn] * 3)]
    profile = seasonal.profile_for("politie.od.1.1.1", "Woninginbraak", points + monthly(2019, [6] * 9, 9), SEP)
    shares = [54 / (54 + 3 * a) for a in (15, 10, 20)]
    assert profile.kind == "own" and profile.label == "eigen maandcijfers 2015–2017"
    assert profile.share == pytest.approx(sum(shares) / 3)
    assert profile.sd == pytest.approx(__import__("statistics").stdev(shares))


def test_fewer_than_three_complete_years_of_months_fall_back_to_the_national_profile():
    points = own_history(years=(2017, 2018)) + monthly(2016, [6] * 11, months=11)  # 2016 lacks December
    profile = seasonal.profile_for("politie.od.1.1.1", "Woninginbraak", points, SEP)
    assert profile.kind == "national" and profile.share == pytest.approx(0.705, abs=0.001)


def test_a_series_with_neither_gets_the_even_spread_with_a_wider_interval():
    points = yearly([100, 100, 100, 100, 100], ytd=75)
    profile = seasonal.profile_for("politie.jeugdoverlast", "Jeugdoverlast", points, SEP)
    assert (profile.kind, profile.share, profile.label) == ("even", 0.75, "gelijke verdeling over de maanden")
    # Wider than any large national profile's year-to-year sd: nothing is known of this series' months.
    assert profile.sd > seasonal.national("politie.woninginbraken", "Woninginbraken", 9).sd
    assert profile.sd > seasonal.national("politie.misdrijven", "Misdrijven", 9).sd
    fit = fit_of(points)
    spread = project_year(fit, 2019, points[-1], profile=profile)
    alike = project_year(fit, 2019, points[-1], profile=dataclasses.replace(profile, sd=0.0))  # the old way
    assert spread.expected == pytest.approx(alike.expected)
    assert spread.high - spread.low > alike.high - alike.low


def test_the_even_spread_says_so_in_the_text():
    series = SeriesData("politie.jeugdoverlast", "Jeugdoverlast", "count", "sum",
                        yearly([235, 208, 134, 187, 132], ytd=81), monitored=True)
    sp = build_picture(PictureInput("GM0553", "Lisse", 2019, None, [series])).series[0]
    assert "Van deze cijfers is geen maandpatroon bekend. Daarom gaan we uit van een gelijke verdeling over de " \
           "maanden (januari tot en met september is dan 75% van een jaar), met een ruimere marge." in \
           " ".join(sp.how_estimated)


def test_several_codes_combine_on_counts():
    geweld = seasonal.national("politie.geweld", "Geweld", 9)
    parts = [seasonal.national(f"politie.od.{c}", c, 9) for c in ("1.4.2", "1.4.3", "1.4.4", "1.4.5", "1.4.6", "1.4.7")]
    assert min(p.share for p in parts) < geweld.share < max(p.share for p in parts)
    assert min(p.sd for p in parts) <= geweld.sd <= max(p.sd for p in parts)
    assert geweld.label == "landelijk maandpatroon van geweld (Politie via CBS, 2012–2023)"
    region = seasonal.national("regio:sum:politie.geweld", "Geweld", 9)
    assert region.share == geweld.share  # a region figure sums the same offence


def test_a_partial_year_without_a_trend_is_annualised_with_the_profile():
    ind = Indicator.model_validate({"key": "i", "name": "Woninginbraken", "series": "politie.woninginbraken",
                                    "unit": "count", "source": "t", "direction": "lower_is_better",
                                    "target": {"operator": "<", "value": 30}, "target_year": 2023, "ref": "t"})
    result = evaluate(ind, [Point(SEP, 21)], 2019)
    # (21 + ½) / 0,705 = 30,0 against "lager dan 30": a coin's toss, not "op koers" (walk AH: no interval, no
    # chance).
    assert result.status == "risico"
    # An estimate of a count is whole, and said to be one (walk AC: "1.591,2 (… met: gelijke verdeling …)").
    assert result.reason == (
        "heel 2019 naar verwachting ongeveer 30 (80%-interval 26–35): de rest van het jaar in het tempo van 2019 t/m "
        "september, over de maanden verdeeld volgens: landelijk maandpatroon van woninginbraken (Politie via CBS, "
        "2012–2023); voor een trend zijn er te weinig jaren; kans dat heel 2019 al aan het doel (lager dan 30) "
        "voldoet: 48%; of het in 2023 gehaald wordt, valt daar niet uit af te lezen")
    assert result.projection is None  # a projection of 2019 is not one of the target year 2023
    # Far inside the target: op koers; far outside: risico, since 2023 cannot be read from 2019 alone (walk AK).
    assert evaluate(ind, [Point(SEP, 12)], 2019).status == "op koers"
    assert evaluate(ind, [Point(SEP, 30)], 2019).status == "risico"
    # Of the target year itself a small chance is niet op koers.
    this_year = Indicator.model_validate({**ind.model_dump(exclude_none=True), "target_year": 2019})
    assert evaluate(this_year, [Point(SEP, 30)], 2019).status == "niet op koers"


def test_a_partial_target_year_without_a_trend_gets_an_interval_and_a_chance():
    """The target year itself under way: its whole year with an 80% interval that holds the rest's scatter, the
    pace's and the profile's, and the chance the page prints."""
    ind = Indicator.model_validate({"key": "i", "name": "Woninginbraken", "series": "politie.woninginbraken",
                                    "unit": "count", "source": "t", "direction": "lower_is_better",
                                    "target": {"operator": "<", "value": 40}, "target_year": 2019, "ref": "t"})
    result = evaluate(ind, [Point(SEP, 21)], 2019)
    p = result.projection
    assert p is not None and p.year == 2019 and p.known == 21
    # The pace is read from 21 + ½ (Jeffreys), so 30,0 rather than 21 / 0,705 = 29,8.
    assert p.expected == pytest.approx(21.5 / 0.705 + 21 - 21.5, abs=0.05)
    # Poisson alone on the rest (9 to come) would give about 26–34; the pace's uncertainty widens it.
    assert (p.low, p.high) == (26, 35)
    assert result.status == "op koers" and "kans dat het doel (lager dan 40) gehaald wordt: 99%" in result.reason
    over = evaluate(ind, [Point(SEP, 41)], 2019)
    assert over.status == "niet op koers" and "het doel is niet meer te halen" in over.reason


# ------------------------------------------------------------------------------------ the derive command

@pytest.mark.skipif(not REAL_CSV.exists(), reason="the real 47022NED download is not on this machine")
def test_the_command_reproduces_the_shipped_file_from_the_real_download(tmp_path, capsys):
    out = tmp_path / "profiles.yaml"
    assert main(["month-profiles", str(REAL_CSV), "--downloaded", "2024-01", "--output", str(out)]) == 0
    assert out.read_bytes() == SHIPPED.read_bytes()
    assert "maandpatroon van 49 misdrijfsoorten, 10 overgeslagen" in capsys.readouterr().err


def write_csv(path, rows):
    path.write_text("crime_type_code,date,frequency,total_incident_count\n" + "".join(r + "\n" for r in rows),
                    encoding="utf-8")


def good_rows(years=(2012, 2013, 2014)):
    return [f"1.1.1 Diefstal/inbraak woning,{y}-{m:02d}-01,{100 + m},0" for y in years for m in range(1, 13)]


def test_the_command_derives_profiles_from_a_small_file(tmp_path):
    source, out = tmp_path / "in.csv", tmp_path / "out.yaml"
    write_csv(source, good_rows() + ['"Totaal misdrijven",2012-01-01,5,0'])  # total: too few years, left out
    assert main(["month-profiles", str(source), "--downloaded", "2025-03", "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "downloaded: 2025-03" in text and "file: in.csv" in text and "0.0.0: maar 0 volledige jaren" in text
    share = sum(100 + m for m in range(1, 10)) / sum(100 + m for m in range(1, 13))
    assert f"share: [{round(sum(100 + m for m in range(1, 2)) / sum(100 + m for m in range(1, 13)), 4)}," in text
    assert f"{round(share, 4)}" in text


@pytest.mark.parametrize("rows,message", [
    (["1.1.1 Diefstal/inbraak woning,2012-01-01,veel,0"], "regel 2: aantal 'veel' is geen heel getal"),
    (["9.9.9 Onbekend,2012-01-01,5,0"], "regel 2: onbekende misdrijfsoort '9.9.9 Onbekend'"),
    (["1.1.1 Diefstal/inbraak woning,2012-01-15,5,0"], "regel 2: datum '2012-01-15' is niet de eerste dag van een maand"),
    (["1.1.1 Diefstal/inbraak woning,2012-01-01,5,0"] * 2, "regel 3: 1.1.1 in 2012-01 staat er twee keer in"),
    (good_rows((2012, 2013)), "geen enkele misdrijfsoort heeft 3 volledige jaren met maandcijfers"),
])
def test_the_command_refuses_a_bad_file_and_writes_nothing(tmp_path, capsys, rows, message):
    source, out = tmp_path / "in.csv", tmp_path / "out.yaml"
    write_csv(source, rows)
    assert main(["month-profiles", str(source), "--downloaded", "2024-01", "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and "er is niets geschreven" in err and "Traceback" not in err
    assert not out.exists()


def test_the_command_refuses_a_file_without_the_columns(tmp_path, capsys):
    source, out = tmp_path / "in.csv", tmp_path / "out.yaml"
    source.write_text("Perioden,Waarde\n2012MM01,5\n", encoding="utf-8")
    assert main(["month-profiles", str(source), "--downloaded", "2024-01", "--output", str(out)]) == 1
    assert "regel 1: kolom crime_type_code, date, frequency ontbreekt" in capsys.readouterr().err
    assert not out.exists()
    assert main(["month-profiles", str(tmp_path / "er-niet.csv"), "--downloaded", "2024-01", "--output", str(out)]) == 1
    assert "bestand niet gevonden" in capsys.readouterr().err
    assert main(["month-profiles", str(source), "--downloaded", "januari", "--output", str(out)]) == 1
    assert "--downloaded januari: geen datum" in capsys.readouterr().err


def test_a_target_in_the_partial_year_is_projected_with_the_profile_and_says_which():
    points = yearly([100, 100, 100, 100, 100], ytd=70.5)
    ind = Indicator.model_validate({"key": "i", "name": "Woninginbraken", "series": "politie.woninginbraken",
                                    "unit": "count", "source": "t", "direction": "lower_is_better",
                                    "target": {"operator": "<", "value": 90}, "target_year": 2019, "ref": "t"})
    trend = trends([SeriesData("politie.woninginbraken", "Woninginbraken", "count", "sum", points)])[0]
    result = evaluate(ind, points, 2019, trend)
    assert result.projection.expected == pytest.approx(100, rel=0.02) and result.status == "niet op koers"
    assert result.reason.endswith("; de rest van het jaar over de maanden verdeeld volgens: landelijk maandpatroon van woninginbraken "
                                  "(Politie via CBS, 2012–2023)")
    given = dataclasses.replace(seasonal.even(9), label="meegegeven")
    assert evaluate(ind, points, 2019, trend, profile=given).reason.endswith("volgens: meegegeven")


def rows_with_totals(years=(2012, 2013, 2014)):
    rows = [r.rsplit(",", 1)[0] for r in good_rows(years)]
    total = sum(int(r.rsplit(",", 1)[1]) for r in rows)
    return [f"{r},{total}" for r in rows]


@pytest.mark.parametrize("rows,message", [
    (rows_with_totals()[:-1], "de maanden van 1.1.1 tellen op tot 3722, maar total_incident_count zegt 3834: het "
                              "bestand is niet compleet"),
    (good_rows()[:17] + good_rows()[18:], "1.1.1 mist de maand 2013-06 (het heeft maanden van 2012-01 tot en met "
                                          "2014-12)"),
])
def test_the_command_refuses_a_file_cut_short_or_with_a_month_missing(tmp_path, capsys, rows, message):
    source, out = tmp_path / "in.csv", tmp_path / "out.yaml"
    write_csv(source, rows)
    assert main(["month-profiles", str(source), "--downloaded", "2024-01", "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and "er is niets geschreven" in err
    assert not out.exists()


@pytest.mark.skipif(not REAL_CSV.exists(), reason="the real 47022NED download is not on this machine")
def test_the_command_refuses_the_real_download_cut_short(tmp_path, capsys):
    source, out = tmp_path / "in.csv", tmp_path / "out.yaml"
    source.write_bytes(REAL_CSV.read_bytes()[:200000])
    assert main(["month-profiles", str(source), "--downloaded", "2024-01", "--output", str(out)]) == 1
    assert "regel 4122: total_incident_count van 2.6.3 is hier 49, eerder 493; het bestand lijkt afgekapt" in \
        capsys.readouterr().err
    assert not out.exists()


def test_the_command_refuses_a_workbook_or_a_windows_file_with_advice_it_can_follow(tmp_path, capsys):
    import openpyxl

    book, out = tmp_path / "maand.xlsx", tmp_path / "out.yaml"
    openpyxl.Workbook().save(book)
    assert main(["month-profiles", str(book), "--downloaded", "2024-01", "--output", str(out)]) == 1
    assert "maand.xlsx: dit is een XLSX-bestand (Excel), geen CSV-bestand; sla het op als CSV UTF-8" in \
        capsys.readouterr().err
    source = tmp_path / "in.csv"
    source.write_bytes("crime_type_code,date,frequency\n1.1.1 Diefstal/inbraak woning,2012-01-01,5\nCafé\n"
                       .encode("cp1252"))
    assert main(["month-profiles", str(source), "--downloaded", "2024-01", "--output", str(out)]) == 1
    assert "in.csv: regel 3, byte 78: geen geldige UTF-8; sla het bestand op als CSV UTF-8 (in Excel: Opslaan als, " \
           "CSV UTF-8); er is niets geschreven" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("downloaded,message", [
    ("2024-13", "--downloaded 2024-13: maand 13 bestaat niet"),
    ("2024-00", "--downloaded 2024-00: maand 00 bestaat niet"),
    ("2024-01-99", "--downloaded 2024-01-99: geen datum; schrijf jaar en maand"),
    ("2099-01", "--downloaded 2099-01: die maand moet nog komen"),
    ("2014-11", "in.csv: de cijfers lopen tot en met 2014-12, later dan de downloaddatum 2014-11; er is niets geschreven"),
    ("1900-01", "de cijfers lopen tot en met 2014-12, later dan de downloaddatum 1900-01"),
])
def test_the_command_takes_only_a_real_download_month(tmp_path, capsys, downloaded, message):
    source, out = tmp_path / "in.csv", tmp_path / "out.yaml"
    write_csv(source, good_rows())
    assert main(["month-profiles", str(source), "--downloaded", downloaded, "--output", str(out)]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()
    assert main(["month-profiles", str(source), "--downloaded", "2014-12", "--output", str(out)]) == 0


def test_the_command_counts_one_crime_type_in_the_singular(tmp_path, capsys):
    source, out = tmp_path / "in.csv", tmp_path / "out.yaml"
    write_csv(source, good_rows())
    assert main(["month-profiles", str(source), "--downloaded", "2024-01", "--output", str(out)]) == 0
    assert f"{out}: maandpatroon van 1 misdrijfsoort, 0 overgeslagen" in capsys.readouterr().err


def test_months_that_never_counted_anything_are_no_profile_to_scale_up_from():
    # A nuisance of the summer months only: January was 0 in every earlier year, and is 0 again.
    pattern = [0, 1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1]
    points = [p for y in (2014, 2015, 2016, 2017, 2018) for p in monthly(y, pattern)] + monthly(2019, pattern, 1)
    january = parse("2019 t/m januari")
    assert seasonal.profile_for("overlast.zomer", "Zomeroverlast", points, january).kind == "even"
    series = SeriesData("overlast.zomer", "Zomeroverlast", "count", "sum", points)
    ind = Indicator(key="z", name="Zomeroverlast", series="overlast.zomer", unit="count", source="s", ref="r",
                    target={"operator": "<", "value": 30}, target_year=2019)
    status = evaluate(ind, annual_points(points), 2019, trends([series])[0])
    assert status.status in ("op koers", "risico", "niet op koers") and "gelijke verdeling" in status.reason


def test_an_own_profile_that_always_took_the_whole_year_is_not_certain():
    # Nothing ever came after September: the rest of 2019 is still not certainly zero.
    points = [p for y in (2016, 2017, 2018) for p in monthly(y, [10] * 9 + [0, 0, 0])] + monthly(2019, [10] * 9, 9)
    profile = seasonal.profile_for("x", "X", points, SEP)
    assert profile.share == pytest.approx(1 - 0.5 / 90) and profile.sd > 0.004
    projection = project_year(fit_of(points), 2019, Point(SEP, 90.0), profile=profile)
    assert projection.high > 90.5


def test_an_earlier_year_with_a_month_missing_counts_as_its_season_not_as_its_months():
    # Fireworks offences: 100 a year, nearly all around new year. November 2016 is missing, so 2016 is
    # "t/m oktober", which nationally holds about a third of the year, not 10/12 of it.
    key = "politie.od.2.6.9"
    share = seasonal.national(key, "Vuurwerk", 10).share
    assert share < 0.5
    shares = [seasonal.national(key, "Vuurwerk", m).share for m in range(1, 12)] + [1.0]
    pattern = [100 * (shares[m] - (shares[m - 1] if m else 0)) for m in range(12)]
    points = [p for y in range(2013, 2020) for p in monthly(y, pattern) if (y, p.period.first_month) != (2016, 11)]
    trend = trends([SeriesData(key, "Vuurwerk", "count", "sum", points)])[0]
    assert trend.verdict == "stable" and abs(trend.change_per_year) < 0.01
    assert trend.dispersion < 1.5  # counted as 10/12 of a year, 2016 looked like a collapse (dispersion 6)


def test_the_rest_of_a_year_under_way_is_never_below_what_was_counted():
    # 35 burglaries to November in a place with about 40 a year: about 4 still to come. "Lager dan 36" (nothing
    # more this year) is unlikely; as counts go (Poisson) about 1%. A normal around 39 put 2% of its mass
    # below the 35 already counted, and said 4%.
    points = yearly([40, 41, 39, 40, 42], first=2014)
    november = Point(parse("2019 t/m november"), 35.0)
    profile = seasonal.profile_for("politie.woninginbraken", "Woninginbraken", points, november.period)
    projection = project_year(fit_of(points + [november]), 2019, november, profile=profile)
    assert 3 < projection.expected - 35 < 6 and projection.low > 35.5
    assert 0.005 < chance_of(projection, "<", 36) < 0.02  # a count of about 4.4 is 0 about 1.2% of the time
    assert chance_of(projection, "<", 35) == 0.0  # already more than that: settled
    # The interval leans right as counts do: more room above the expected count than below it.
    assert projection.high - projection.expected > projection.expected - projection.low


def test_a_projection_without_uncertainty_counts_whole_numbers_as_the_vectorised_chance_does():
    certain = Projection(2019, 79.7, 79.7, 79.7)
    assert chance_of(certain, "<", 80) == 0.0  # "< 80" is "79 or fewer"; 79,7 is no whole count below 80
    assert chance_of(certain, ">=", 79.6) == 1.0


def test_the_look_back_fits_an_earlier_partial_year_as_its_season_too():
    # The "terugblik" (2019 from the years before it) fits the same points as the trend: 2016 "t/m oktober"
    # must count as its season there as well (review of 4 December: 95 (58–145) instead of 100 (83–120)).
    key = "politie.od.2.6.9"
    shares = [seasonal.national(key, "Vuurwerk", m).share for m in range(1, 12)] + [1.0]
    pattern = [100 * (shares[m] - (shares[m - 1] if m else 0)) for m in range(12)]
    points = [p for y in range(2012, 2020) for p in monthly(y, pattern) if (y, p.period.first_month) != (2016, 11)]
    series = SeriesData(key, "Vuurwerk", "count", "sum", points, monitored=True)
    back = build_picture(PictureInput("GM0553", "Lisse", 2019, None, [series])).series[0].backtest
    assert back is not None and back.projection.expected == pytest.approx(100, abs=3)
    assert back.projection.high - back.projection.low < 50


def test_a_year_with_a_month_missing_says_which_and_counts_the_others():
    # Walk AC: November 2023 withdrawn, and December 2023 (18) silently left out of the year, the chart and the
    # report, with "2023 t/m oktober is nog geen heel jaar" on a page of 2026. Walks AY and BA: the months after
    # the missing one count (December here), and the whole year is estimated from the eleven there are.
    pattern = [20] * 12
    points = [p for y in (2020, 2021, 2022, 2023) for p in monthly(y, pattern) if (y, p.period.first_month) != (2023, 11)]
    series = SeriesData("noordwijk.overlast", "Overlast jongeren", "count", "sum", points, monitored=True)
    sp = build_picture(PictureInput("GM0575", "Noordwijk", 2023, None, [series])).series[0]
    assert (sp.latest.period.label, sp.latest.value) == ("2023 zonder november", 220)
    text = " ".join(sp.sentences)
    assert "Let op: van 2023 ontbreekt november; het cijfer van 2023 telt de andere maanden." in text
    assert "nog geen heel jaar" not in text
    # Three whole years of own months: their profile, November's share (1/12) left out of the months counted.
    assert sp.this_year.profile.kind == "own" and sp.this_year.profile.share == pytest.approx(11 / 12, abs=0.01)
    assert sp.this_year.low <= 240 <= sp.this_year.high and sp.this_year.low >= 220
    # December is there and the year is over: nothing is still to come (review of 5 December).
    assert "Heel 2023 is voorbij, maar niet alle maanden zijn er; met de ontbrekende maanden geschat" in text
    how = " ".join(sp.how_estimated)
    assert "November ontbreekt en is geschat met het maandpatroon." in how and "nog komen" not in text + how


def test_a_profile_without_a_month_leaves_its_share_out_and_is_less_certain():
    full = seasonal.national("politie.od.1.1.1", "Woninginbraak", 9)
    gap = seasonal.national("politie.od.1.1.1", "Woninginbraak", 9, (6,))
    june = 0.4781 - 0.413  # the shipped cumulative shares of January-June and January-May
    assert gap.share == pytest.approx(full.share - june, abs=1e-9) and gap.sd > full.sd
    even = seasonal.even(9, (6,))
    assert even.share == pytest.approx(8 / 12) and even.sd > seasonal.even(9).sd
    points = [p for y in (2022, 2023, 2024) for p in monthly(y, [10] * 6 + [20] * 6)]
    own = seasonal.profile_for("x", "X", points, Period(2025, 1, 9, "ytd", (6,)))
    assert own.kind == "own" and own.share == pytest.approx((50 + 60) / 180)


def test_an_own_profile_names_the_years_it_rests_on_not_the_span_around_them():
    # Walk AF: "eigen maandcijfers 2022–2025" while 2024 (a month missing) was not among them.
    pattern = [6] * 9 + [15, 15, 16]
    points = [p for y in (2022, 2023, 2024, 2025) for p in monthly(y, pattern) if (y, p.period.first_month) != (2024, 7)]
    profile = seasonal.profile_for("politie.od.1.1.1", "Woninginbraak", points, parse("2026 t/m september"))
    assert profile.kind == "own" and profile.label == "eigen maandcijfers 2022, 2023 en 2025"


def test_a_region_month_missing_names_the_member_it_is_missing_from():
    # Walk AF: "van 2024 ontbreekt juli" on the region's page read as if all three lacked July; only Teylingen did.
    from ivb.domain.observations import month_gaps
    from ivb.domain.region import Member, region_series

    def member(code, name, skip=()):
        points = [p for y in (2023, 2024) for p in monthly(y, [20] * 12) if (y, p.period.first_month) not in skip]
        return Member(code, name, {"jeugd": SeriesData("jeugd", "Jeugdoverlast", "count", "sum", points)})

    members = [member("GM0534", "Hillegom"), member("GM0553", "Lisse"), member("GM1525", "Teylingen", {(2024, 7)})]
    region = region_series("jeugd", "sum", members)
    gap = month_gaps(region.points, region.lacking)[2024]
    assert gap.sentence == "Let op: van 2024 ontbreekt juli van Teylingen; het regiocijfer van 2024 telt de andere maanden."
    assert region.points and annual_points(region.points)[-1].period.label == "2024 zonder juli"
    # Each missing month with whose it is (review: September, Hillegom's, was put on Teylingen too).
    members = [member("GM0534", "Hillegom", {(2024, 9)}), member("GM0553", "Lisse"),
               member("GM1525", "Teylingen", {(2024, 7)})]
    region = region_series("jeugd", "sum", members)
    assert month_gaps(region.points, region.lacking)[2024].sentence == (
        "Let op: van 2024 ontbreken juli van Teylingen en september van Hillegom; het regiocijfer van 2024 telt de "
        "andere maanden.")


def test_a_region_figure_says_which_newer_month_does_not_count_yet():
    # Walk AF: Hillegom imported October while the others were at September; the region stayed at "t/m
    # september" without a word.
    from ivb.domain.picture import _waiting
    from ivb.domain.region import Member, region_series

    def member(code, name, months):
        return Member(code, name, {"jeugd": SeriesData("jeugd", "Jeugdoverlast", "count", "sum",
                                                       monthly(2024, [20] * 12) + monthly(2025, [20] * 12, months))})

    members = [member("GM0534", "Hillegom", 10), member("GM0553", "Lisse", 9), member("GM1525", "Teylingen", 9)]
    region = region_series("jeugd", "sum", members)
    assert region.points[-1].period.label == "september 2025"
    assert _waiting(region, 2025) == "Let op: oktober 2025 telt nog niet mee: Lisse en Teylingen hebben er nog geen " \
                                     "cijfer van."
    assert _waiting(region_series("jeugd", "sum", members[1:]), 2025) == ""  # all at September: nothing waits
    # Walk BG: with only some members' months of the year, the whole span waits, and who lacks any of it is named.
    lisse = Member("GM0553", "Lisse", {"jeugd": SeriesData("jeugd", "Jeugdoverlast", "count", "sum",
                                                           monthly(2024, [20] * 12))})
    ahead = [member("GM0534", "Hillegom", 11), lisse, member("GM1525", "Teylingen", 11)]
    assert _waiting(region_series("jeugd", "sum", ahead), 2025) == (
        "Let op: januari t/m november 2025 tellen nog niet mee: Lisse heeft er nog geen cijfer van.")
    # Over the turn of a year too (review): December of the year before is named as the span's start.
    lisse_to_november = Member("GM0553", "Lisse", {"jeugd": SeriesData("jeugd", "Jeugdoverlast", "count", "sum",
                                                                       monthly(2024, [20] * 12, 11))})
    across = [Member(m.code, m.name, {"jeugd": SeriesData("jeugd", "Jeugdoverlast", "count", "sum",
                                                          monthly(2024, [20] * 12) + monthly(2025, [20] * 12, 11))})
              for m in (ahead[0], ahead[2])] + [lisse_to_november]
    assert _waiting(region_series("jeugd", "sum", across), 2025) == (
        "Let op: december 2024 t/m november 2025 tellen nog niet mee: Lisse heeft er nog geen cijfer van.")


def test_nothing_counted_yet_is_no_certainty_of_nothing_to_come():
    """Review: 0 in January read "ongeveer 0 (80%-interval 0–0)" and 1% against "minstens 5", with eleven months to
    go; the pace is read from counted + ½."""
    ind = Indicator.model_validate({"key": "i", "name": "Controles", "series": "eigen.controles", "unit": "count",
                                    "source": "t", "direction": "higher_is_better",
                                    "target": {"operator": ">=", "value": 5}, "target_year": 2023, "ref": "t"})
    result = evaluate(ind, [Point(parse("2023 t/m januari"), 0)], 2023)
    p = result.projection
    assert p.low == 0 and p.high == 15 and p.expected == pytest.approx(0.5 * 11)  # ½ a month, eleven to come
    assert result.status == "risico" and "gehaald wordt: 36%" in result.reason


def _completed(whole, counted, month, years=7):
    """A year under way after `years` whole years of `whole` burglaries, with `counted` to `month`."""
    period = parse(f"2019-tm{month:02d}")
    points = [Point(parse(str(2019 - years + i)), whole) for i in range(years)] + [Point(period, counted)]
    trend = trends([SeriesData("politie.woninginbraken", "Woninginbraken", "count", "sum", points)])[0]
    profile = seasonal.national("politie.woninginbraken", "Woninginbraken", month)
    return complete_year(trend, 2019, points[-1], profile), profile, trend


def test_a_year_under_way_weighs_its_months_the_more_the_more_are_counted():
    # 100 a year for seven years, and a year running at twice that pace: in January the months say little yet,
    # by November most of the year is counted and its pace carries the rest.
    january, share_jan, _ = _completed(100, round(200 * 0.1076), 1)
    november, share_nov, _ = _completed(100, round(200 * 0.8869), 11)
    assert january.months_weight < 0.3 < november.months_weight
    assert january.expected < 150 < november.expected
    # Neither leaves what was counted out, nor reaches below it.
    assert january.low >= january.known == round(200 * 0.1076) and november.low >= november.known
    # A year that keeps to the years before is expected at their level, whatever the month.
    steady, share, _ = _completed(100, round(100 * 0.7047), 9)
    assert steady.expected == pytest.approx(100, abs=3) and steady.low < 100 < steady.high


def test_a_year_under_way_without_four_whole_years_before_it_goes_at_the_pace_of_its_months():
    projection, profile, trend = _completed(100, 70, 9, years=3)
    assert trend.fit is not None and trend.before_this_year is None  # three whole years and a part: no fit on years
    pace = from_year_so_far(Point(parse("2019-tm09"), 70), profile)
    assert (projection.expected, projection.low, projection.high) == (pace.expected, pace.low, pace.high)
    assert projection.months_weight is None


@pytest.mark.parametrize("whole, part, how", [
    ([120, 130], 100, "pace"),  # two whole years: no trend, the pace of the months
    ([5, 3, 6, 4, 5], 4, "level"),  # a handful a year: its level (ADR 0046)
])
def test_a_year_under_way_without_a_trend_is_estimated_on_the_series_as_for_its_target(whole, part, how):
    # Walk AY: the target's status rested on an estimate that the series page, the dashboard and the API left out.
    first = 2026 - len(whole)
    points = [Point(parse(str(first + i)), v) for i, v in enumerate(whole)] + [Point(parse("2026 t/m september"), part)]
    series = SeriesData("politie.woninginbraken", "Woninginbraken", "count", "sum", points, monitored=True)
    picture = build_picture(PictureInput("GM0575", "Noordwijk", 2026, None, [series]))
    sp = picture.series[0]
    profile = seasonal.national("politie.woninginbraken", "Woninginbraken", 9)
    if how == "pace":
        same = from_year_so_far(points[-1], profile)
    else:
        from ivb.domain.projection import from_level
        same = from_level(whole, 2026, points[-1], profile, ahead=1)
    assert (sp.this_year.expected, sp.this_year.low, sp.this_year.high) == (same.expected, same.low, same.high)
    interval = (f"80%-interval {round(same.low)}–{round(same.high)}" if how == "pace" else
                f"met minstens 80% kans tussen {round(same.low)} en {round(same.high)}")  # whole counts (ADR 0046)
    # A level's estimate with its decimal, as its status line gives it (walk BJ).
    from ivb.domain.numbers import format_number
    expected = format_number(round(same.expected, 0 if how == "pace" else 1), "count")
    assert f"ongeveer {expected} ({interval})" in " ".join(sp.sentences)
    assert picture.to_dict()["reeksen"][0]["heel_jaar_verwacht"]["verwacht"] == same.expected


def test_a_year_under_way_names_a_class_of_chances_that_missed_in_the_test():
    # About 120 a year (100-300) with the national pattern: at the pace of the months chances of 20-30% came true
    # 19% of the time in the year-to-date back-test; a page says so beside such a chance, and not beside 0% or 100%.
    ind = Indicator.model_validate({"key": "i", "name": "Woninginbraken", "series": "politie.woninginbraken",
                                    "unit": "count", "source": "t", "direction": "lower_is_better",
                                    "target": {"operator": "<", "value": 115}, "target_year": 2019, "ref": "t"})
    result = evaluate(ind, [Point(SEP, 84)], 2019)
    assert 0.2 <= result.projection.chance_shown < 0.3, result.reason
    assert result.reason.endswith("bij de toets op de landelijke maandcijfers (2015–2023, teruggebracht tot aantallen "
                                  "van deze grootte) kwamen zulke kansen, van 20 tot 30%, in 19% van de gevallen uit: "
                                  "reken dus eerder op een kans van ongeveer 19%")
    assert result.projection.held is not None and result.projection.held.year_to_date
    settled = evaluate(ind, [Point(SEP, 120)], 2019)  # already over "lager dan 115": 0%, no words from the test
    assert settled.projection.chance_shown == 0 and "toets" not in settled.reason and settled.projection.held is None


def _burglary_target(value):
    return Indicator.model_validate({"key": "i", "name": "Woninginbraken", "series": "politie.woninginbraken",
                                     "unit": "count", "source": "t", "direction": "lower_is_better",
                                     "target": {"operator": "<", "value": value}, "target_year": 2019, "ref": "t"})


def test_a_year_completed_with_its_trend_names_the_trends_class_that_missed():
    points = [Point(parse(str(2012 + i)), 120) for i in range(7)] + [Point(SEP, 85)]
    trend = trends([SeriesData("politie.woninginbraken", "Woninginbraken", "count", "sum", points)], 2019)[0]
    result = evaluate(_burglary_target(120), points, 2019, trend)
    assert result.projection.chance_shown == 0.46 and result.projection.months_weight is not None
    assert ("kans dat het doel (lager dan 120) gehaald wordt: 46%; bij de toets op de landelijke maandcijfers "
            "(2015–2023, teruggebracht tot aantallen van deze grootte) kwamen zulke kansen, van 40 tot 50%, in 50% van "
            "de gevallen uit") in result.reason


def test_a_trend_without_four_whole_years_completes_the_year_at_the_pace_and_says_so():
    points = [Point(parse(str(2016 + i)), 120) for i in range(3)] + [Point(SEP, 85)]
    trend = trends([SeriesData("politie.woninginbraken", "Woninginbraken", "count", "sum", points)], 2019)[0]
    assert trend.fit is not None and trend.before_this_year is None
    result = evaluate(_burglary_target(115), points, 2019, trend)
    pace = from_year_so_far(points[-1], seasonal.national("politie.woninginbraken", "Woninginbraken", 9))
    assert result.projection.expected == pace.expected and result.projection.months_weight is None
    # "Van dat jaar, uit de jaren ervóór alleen": a later year's projection may rest on its months too (walk CA).
    assert "de rest van het jaar in het tempo van 2019 t/m september, want voor een verwachting van dat jaar uit de " \
           "jaren ervóór alleen zijn minstens vier hele jaren nodig" in result.reason
    # The series' own sentences say so too (walk AZ: only the status line did).
    series = SeriesData("politie.woninginbraken", "Woninginbraken", "count", "sum", points, monitored=True)
    sp = build_picture(PictureInput("GM0553", "Lisse", 2019, None, [series])).series[0]
    assert "Voor een verwachting van heel 2019 uit de jaren ervóór alleen zijn minstens vier hele jaren nodig; de " \
           "ontbrekende maanden zijn daarom geschat in het tempo van de maanden tot nu." in " ".join(sp.how_estimated)
    # The pace's class of chances is named, not the trend's: at the pace 20-30% came true 19% of the time.
    assert "kwamen zulke kansen, van 20 tot 30%, in 19% van de gevallen uit" in result.reason


def test_a_season_that_varies_more_than_the_level_gives_the_months_no_weight_rather_than_a_negative_one():
    # Review: a share of 0,7 that varied by 0,15 over three years made more counted mean fewer to come: "150
    # (150-150)" with 99% against "lager dan 151", beside "telt voor 0% mee".
    profile = seasonal.Profile(0.7, 0.15, seasonal.OWN, "eigen maandcijfers 2016–2018", 9, 3, 100.0)
    points = [Point(parse(str(y)), 100) for y in range(2012, 2019)] + [Point(SEP, 150)]
    trend = trends([SeriesData("politie.woninginbraken", "Woninginbraken", "count", "sum", points)])[0]
    projection = complete_year(trend, 2019, points[-1], profile)
    assert projection.months_weight == 0.0
    assert projection.expected == pytest.approx(150 + 100 * 0.3, rel=0.05)  # the years before's rest, not nothing
    assert projection.high - projection.low >= 10 and chance_of(projection, "<", 151) < 0.05


def test_the_share_beside_counts_leaves_out_what_chance_gives_a_split_of_the_year():
    # Four years of about 100 whose shares scatter by no more than chance alone: the season adds nothing of its own,
    # only the uncertainty of the mean share, s(1-s)/(kN).
    chance_only = seasonal.Profile(0.54, (0.54 * 0.46 / 100) ** 0.5, seasonal.OWN, "eigen", 9, 4, 100.0)
    assert chance_only.sd_beside_counts == pytest.approx((0.54 * 0.46 / 400) ** 0.5)
    # The national profile (twelve years of 50.000 burglaries): chance is nothing beside the seasons' own change.
    national = seasonal.national("politie.woninginbraken", "Woninginbraken", 9)
    assert national.sd_beside_counts == pytest.approx(national.predictive_sd, rel=0.01)
    assert seasonal.even(9).sd_beside_counts == seasonal.even(9).sd


@pytest.mark.parametrize("mean, sd", [(250_000.0, 9_000.0), (40_000.0, 210.0), (9_000.0, 1_500.0)])
def test_the_bounds_of_a_large_rest_are_the_same_found_by_halving_as_by_listing(mean, sd):
    # A region's or the country's year under way: the range is halved instead of listed (the back-test took 88 s).
    from ivb.domain.projection import _rest_bounds, _rest_cdf

    low, high = _rest_bounds(mean, sd)
    counts = np.arange(max(0, int(mean - 10 * sd - 5)), int(mean + 10 * sd + 10) + 1)
    cdf = _rest_cdf(counts, mean, sd)
    assert (low, high) == (float(counts[np.searchsorted(cdf, 0.10)]), float(counts[np.searchsorted(cdf, 0.90)]))


def test_months_far_from_what_the_years_before_expected_are_said_once_with_how_such_years_held():
    # 1.500 a year for seven years, then 1.560 by September with an even spread (1.125 expected): over four sd
    # above. In the test such years (1.000 or more a year, even spread) fell inside the interval 69% of the time:
    # the series' text says so once; the target's status line does not repeat it (walk AZ).
    points = [Point(parse(str(2012 + i)), 1500) for i in range(7)] + [Point(SEP, 1560)]
    series = SeriesData("eigen.overlast", "Meldingen overlast", "count", "sum", points, monitored=True)
    sp = build_picture(PictureInput("GM0553", "Lisse", 2019, None, [series])).series[0]
    assert sp.this_year.surprise > 3 and sp.this_year.expected_before == pytest.approx(1500, rel=0.02)
    said = ("De maanden tot nu liggen ver boven wat de jaren ervoor verwachtten: in zulke jaren viel het echte jaar bij "
            "de toets op de landelijke maandcijfers (2015–2023, teruggebracht tot aantallen van deze grootte) in 69% van "
            "de gevallen binnen het interval.")
    assert " ".join(sp.sentences).count(said) == 1
    ind = Indicator.model_validate({"key": "i", "name": "Meldingen overlast", "series": "eigen.overlast", "unit": "count",
                                    "source": "t", "direction": "lower_is_better",
                                    "target": {"operator": "<", "value": 2100}, "target_year": 2019, "ref": "t"})
    assert "ver boven" not in evaluate(ind, points, 2019, sp.trend).reason
    # 500 a year: 96 such years with an even spread, too few alone; every pattern of that size together 236, 43%
    # inside (ADR 0063). It went quiet with ADR 0058 and speaks again.
    smaller = [Point(parse(str(2012 + i)), 500) for i in range(7)] + [Point(SEP, 560)]
    sp = build_picture(PictureInput("GM0553", "Lisse", 2019, None, [
        SeriesData("eigen.overlast", "Meldingen overlast", "count", "sum", smaller, monitored=True)])).series[0]
    assert said.replace("69%", "43%") in " ".join(sp.sentences)
    # A year that keeps to the years before says nothing of the kind.
    steady = [Point(parse(str(2012 + i)), 1500) for i in range(7)] + [Point(SEP, 1125)]
    quiet = build_picture(PictureInput("GM0553", "Lisse", 2019, None, [
        SeriesData("eigen.overlast", "Meldingen overlast", "count", "sum", steady, monitored=True)])).series[0]
    assert "ver boven" not in " ".join(quiet.sentences) and "ver onder" not in " ".join(quiet.sentences)


def test_a_profile_without_a_month_is_never_less_certain_than_the_real_years_were():
    """The sd of January..m without month g, from the shipped profile (`seasonal._sd_without`), against the sd of
    that share over the real years of the national monthly counts it was learned from."""
    import gzip
    import statistics
    from importlib import resources

    from ivb.opendata.month_profiles import read_counts

    content = gzip.decompress(resources.files("ivb.demo").joinpath("47022NED_NL_2012-01_2023-12.csv.gz").read_bytes())
    counts = read_counts(content, "47022NED")
    checked = 0
    for code, key, name in (("1.1.1", "politie.od.1.1.1", "Woninginbraak"), ("1.2.3", "politie.od.1.2.3", "Fietsdiefstal"),
                            ("2.5.1", "politie.od.2.5.1", "Winkeldiefstal")):
        months = counts[code]
        years = [y for y in range(2012, 2024) if all(months.get((y, m), 0) > 0 for m in range(1, 13))]
        for m, g in ((9, 6), (6, 2), (11, 10), (12, 11)):
            shares = [sum(months[(y, i)] for i in range(1, m + 1) if i != g) / sum(months[(y, i)] for i in range(1, 13))
                      for y in years]
            profile = seasonal.national(key, name, m, (g,))
            assert profile.share == pytest.approx(statistics.fmean(shares), abs=2e-4), (code, m, g)
            assert profile.sd >= statistics.stdev(shares) - 2e-4, (code, m, g)
            checked += 1
    assert checked == 12


def test_a_year_under_way_with_months_missing_names_them_and_what_is_still_to_come():
    this = dt.date.today().year
    points = [p for y in range(this - 4, this) for p in monthly(y, [20] * 12)]
    points += [p for p in monthly(this, [20] * 9, months=9) if p.period.first_month not in (5, 6)]
    series = SeriesData("noordwijk.overlast", "Overlast jongeren", "count", "sum", points, monitored=True)
    sp = build_picture(PictureInput("GM0575", "Noordwijk", this, None, [series])).series[0]
    text = " ".join(sp.sentences)
    assert f"Van januari tot en met september {this}, zonder mei en juni, waren het er 140." in text
    assert "Mei en juni ontbreken nog en zijn geschat met de maanden die nog komen." in " ".join(sp.how_estimated)
    assert sp.this_year.low <= 240 <= sp.this_year.high


def test_a_region_adds_up_members_who_count_the_year_in_different_pieces():
    """Walk BB: Teylingen entered 2026-Q1 and the others months; they shared no period before April, so nothing of
    2026 reached the region. Now the months every member counts in whole pieces add up."""
    from ivb.domain.observations import month_gaps
    from ivb.domain.region import Member, region_series

    def member(code, name, spec):
        return Member(code, name, {"x": SeriesData("x", "Vernielingen", "count", "sum",
                                                   [Point(parse(k), v) for k, v in spec])})

    teylingen = member("GM1525", "Teylingen", [("2026-Q1", 30)] + [(f"2026-{m:02d}", 10) for m in range(4, 10)])
    hillegom = member("GM0534", "Hillegom", [(f"2026-{m:02d}", 5) for m in range(1, 10) if m != 6])
    lisse = member("GM0553", "Lisse", [(f"2026-{m:02d}", 7) for m in range(1, 9)])
    region = region_series("x", "sum", [teylingen, hillegom, lisse])
    (year,) = annual_points(region.points)
    # Teylingen 30 + 4 x 10, Hillegom 7 x 5, Lisse 7 x 7: January-August without Hillegom's June, Lisse has no September.
    assert (year.period.label, year.value) == ("2026 t/m augustus zonder juni", 154)
    assert month_gaps(region.points, region.lacking)[2026].sentence == (
        "Let op: van 2026 ontbreekt juni van Hillegom; het regiocijfer van 2026 telt de andere maanden.")
    # A year-to-date figure and months after it count as well, as long as no one lacks a month inside it.
    lisse = member("GM0553", "Lisse", [("2026 t/m juni", 42), ("2026-07", 7), ("2026-08", 7)])
    hillegom = member("GM0534", "Hillegom", [(f"2026-{m:02d}", 5) for m in range(1, 9)])
    (year,) = annual_points(region_series("x", "sum", [teylingen, hillegom, lisse]).points)
    assert (year.period.label, year.value) == ("2026 t/m augustus", 30 + 50 + 40 + 56)
    # Without Hillegom's June, Lisse's January-June cannot be split: no January for the region, so no figure.
    hillegom = member("GM0534", "Hillegom", [(f"2026-{m:02d}", 5) for m in range(1, 9) if m != 6])
    assert annual_points(region_series("x", "sum", [teylingen, hillegom, lisse]).points) == []


def test_a_status_says_a_month_missing_was_estimated_not_the_rest_of_the_year_alone():
    """Walk BD: "de rest van het jaar over de maanden verdeeld" beside a July that is over but not delivered."""
    gap = year_to_date(2019, 9, (7,))
    for whole_years, words in ((7, "de ontbrekende maanden en de rest van het jaar over de maanden verdeeld volgens: "
                                   "landelijk maandpatroon van woninginbraken"),
                               (3, "de ontbrekende maanden en de rest van het jaar in het tempo van 2019 t/m september "
                                   "zonder juli")):
        points = [Point(parse(str(2019 - whole_years + i)), 120) for i in range(whole_years)] + [Point(gap, 78)]
        trend = trends([SeriesData("politie.woninginbraken", "Woninginbraken", "count", "sum", points)], 2019)[0]
        result = evaluate(_burglary_target(115), points, 2019, trend)
        assert words in result.reason, result.reason
        assert "; de rest van het jaar" not in result.reason
    # December there, July missing: nothing of the year is still to come (review of 5 December).
    points = [Point(parse(str(2016 + i)), 120) for i in range(3)] + [Point(year_to_date(2019, 12, (7,)), 110)]
    trend = trends([SeriesData("politie.woninginbraken", "Woninginbraken", "count", "sum", points)], 2019)[0]
    reason = evaluate(_burglary_target(115), points, 2019, trend).reason
    assert "de ontbrekende maanden in het tempo van 2019 zonder juli" in reason and "rest van het jaar" not in reason
    points = [Point(parse(str(2012 + i)), 120) for i in range(7)] + [Point(SEP, 85)]  # nothing missing: as it was
    trend = trends([SeriesData("politie.woninginbraken", "Woninginbraken", "count", "sum", points)], 2019)[0]
    assert "; de rest van het jaar over de maanden verdeeld volgens" in evaluate(_burglary_target(115), points, 2019,
                                                                                trend).reason


def test_a_region_note_names_only_the_member_whose_months_do_not_reach_as_far():
    # Walk BK (Oss, Bernheze, Maashorst): Oss counted by month to October, Bernheze "t/m oktober", Maashorst "t/m
    # september". The region stops at September, and only Maashorst lacks October: Oss and Bernheze have it, each
    # in its own pieces.
    from ivb.domain.picture import _waiting
    from ivb.domain.region import Member, region_series

    def member(code, name, points):
        return Member(code, name, {"jeugd": SeriesData("jeugd", "Jeugdoverlast", "count", "sum",
                                                       monthly(2025, [20] * 12) + points)})

    oss = member("GM0828", "Oss", monthly(2026, [20] * 12, 10))
    maashorst = member("GM1991", "Maashorst", [Point(parse("2026 t/m september"), 185)])
    # Bernheze imported "t/m september" and later "t/m oktober": the region counts it by the first.
    bernheze = member("GM1721", "Bernheze", [Point(parse("2026 t/m september"), 170),
                                             Point(parse("2026 t/m oktober"), 190)])
    region = region_series("jeugd", "sum", [oss, bernheze, maashorst])
    assert region.points[-1].period.label == "2026 t/m september" and region.points[-1].value == 9 * 20 + 170 + 185
    assert _waiting(region, 2026) == "Let op: oktober 2026 telt nog niet mee: Maashorst heeft er nog geen cijfer van."
    # With "t/m oktober" alone Bernheze's figure cannot be split: nothing of 2026 counts, and the note says why.
    bernheze = member("GM1721", "Bernheze", [Point(parse("2026 t/m oktober"), 190)])
    region = region_series("jeugd", "sum", [oss, bernheze, maashorst])
    assert region.points[-1].period.label == "december 2025"
    assert _waiting(region, 2026) == (
        "Let op: januari t/m oktober 2026 tellen nog niet mee: Maashorst heeft van oktober nog geen cijfer en een "
        "cijfer over meer maanden samen telt pas mee als elke gemeente al die maanden heeft.")


def test_a_region_note_says_provisional_months_as_such_and_names_only_months_someone_has():
    """Walk BM and a review: a member whose October was provisional was also said to have no October; a survey
    every other year named a year nobody measured; one month read "oktober t/m oktober"; five members with monthly
    "t/m" figures were cut off by a search over every combination."""
    from ivb.domain.picture import _waiting
    from ivb.domain.region import Member, region_series

    def member(name, points, held=frozenset()):
        return Member(name[:2], name, {"s": SeriesData("s", "Inbraken", "count", "sum", points)},
                      held_back={"s": frozenset(held)} if held else {})

    boz = member("Bergen op Zoom", monthly(2025, [20] * 12) + monthly(2026, [20] * 12, 9), {"2026-10"})
    wd = member("Woensdrecht", monthly(2025, [5] * 12) + [Point(parse("2026 t/m oktober"), 50)])
    assert _waiting(region_series("s", "sum", [boz, wd]), 2026) == (
        "Let op: januari t/m oktober 2026 tellen nog niet mee: het cijfer van Bergen op Zoom over oktober is nog "
        "voorlopig en een cijfer over meer maanden samen telt pas mee als elke gemeente al die maanden heeft.")
    # A survey every other year: the year after the region's last that one member measured, not the one between.
    from tests.test_targets import pts

    survey = [member("Aa", pts(("2021", 10), ("2023", 11), ("2025", 12))), member("Bee", pts(("2021", 9), ("2023", 9)))]
    assert _waiting(region_series("s", "sum", survey), 2025) == "Let op: 2025 telt nog niet mee: Bee heeft er nog geen cijfer van."
    # One month named as one month.
    ahead = member("Aa", monthly(2025, [5] * 12) + [Point(parse("2026 t/m september"), 45), Point(parse("2026 t/m oktober"), 50)])
    behind = member("Bee", monthly(2025, [5] * 12) + [Point(parse("2026 t/m september"), 45)])
    region = region_series("s", "sum", [ahead, behind])
    assert [p.period.label for p in region.points if p.period.year == 2026] == ["2026 t/m september"]
    assert _waiting(region, 2026) == "Let op: oktober 2026 telt nog niet mee: Bee heeft er nog geen cijfer van."
    # Five members counting "t/m" every month and one by the month: the region reaches September.
    running = [member(f"Lid {n}", [Point(parse(f"2026 t/m {m}"), 10 * k) for k, m in enumerate(
        ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober"], 1)])
        for n in range(5)]
    region = region_series("s", "sum", [*running, member("Maandelijks", monthly(2026, [3] * 12, 9))])
    assert region.points[-1].period.label == "2026 t/m september" and region.points[-1].value == 5 * 90 + 27


def months_of(year, values):
    return [Point(parse(f"{year}-{m:02d}"), v) for m, v in enumerate(values, start=1)]


def test_an_even_spread_is_wider_where_the_months_counted_are_far_from_alike():
    """Walk BN (Vlieland): meldingen overlast ran 1, 0, 2, 3, 5, 6, 9, 8, 4, 2 to October; the rest of the year was
    taken at their mean with the margin of a national offence type, and "niet op koers" followed from it."""
    period = parse("2026 t/m oktober")
    summer = seasonal.profile_for("eigen.overlast", "Overlast", months_of(2026, [1, 0, 2, 3, 5, 6, 9, 8, 4, 2]), period)
    alike = seasonal.profile_for("eigen.overlast", "Overlast", months_of(2026, [4, 5, 3, 4, 5, 4, 3, 4, 4, 4]), period)
    plain = seasonal.even(10)
    assert summer.kind == alike.kind == seasonal.EVEN and summer.share == alike.share == 10 / 12
    assert not alike.uneven and alike.sd == plain.sd  # months as alike as counts of 4 are: the usual margin
    # var 8,89 over a mean of 4: relative 0,556 - 0,25 = 0,306; s(1 - s) sqrt(0,306 (1 + 1/10)) = 0,0806: the two
    # months to come as far from the year's level as one month is (a season moves neighbouring months together)
    assert summer.uneven and summer.sd == pytest.approx(0.0806, abs=1e-3) and summer.sd > 3 * plain.sd
    assert "meer uiteenlopen dan toeval" in summer.label
    known = Point(period, 40)
    wide, narrow = from_year_so_far(known, summer), from_year_so_far(known, alike)
    assert wide.expected == pytest.approx(narrow.expected)  # the same pace: only the margin differs
    # Two months to come: their own scatter is most of it, and the wider share moves the interval by a little.
    assert wide.sd > 1.5 * narrow.sd and (wide.low, wide.high) == (42, 56) and (narrow.low, narrow.high) == (44, 53)
    # Walk BP (Zaanstad): a summer peak in large counts, 95 … 168 … 112, is uneven too (taken as independent months
    # it was not, and the rest of the year read as certain as any even spread).
    peak = [95, 88, 102, 118, 135, 152, 168, 161, 130, 112]
    assert seasonal.profile_for("eigen.overlast", "Overlast", months_of(2026, peak), period).uneven
    # Months as unlike as chance makes them are not called uneven (review: Poisson months of 1 to 4 a month were, a
    # third of the time, on the estimate alone; Pearson's dispersion test gives these p = 0,35).
    chance = seasonal.profile_for("eigen.overlast", "Overlast", months_of(2026, [1, 4, 0, 3, 2, 1, 3, 0, 2, 4]), period)
    assert not chance.uneven and chance.sd == plain.sd


def test_january_alone_is_called_january_not_january_to_january():
    """Walk BR: "Januari tot en met januari is daarin gemiddeld 8,1% van een jaar"."""
    from ivb.domain.narrative import _profile_sentence

    january, march = parse("2025 t/m januari"), parse("2025 t/m maart")
    even = seasonal.even(1)
    assert "(januari is dan 8,3% van een jaar)" in _profile_sentence(even, january)
    assert "(januari tot en met maart is dan 25% van een jaar)" in _profile_sentence(seasonal.even(3), march)
    national = seasonal.national("politie.woninginbraken", "Woninginbraken", 1)
    assert ". Januari is daarin gemiddeld " in _profile_sentence(national, january)


def test_an_own_profile_of_one_year_is_as_uncertain_as_two_draws_of_season_and_chance():
    """Tested by bench/own_profile_years.py (not used on pages: OWN_MIN_YEARS stays 3): one year's share is last year's
    draw of the season and of chance, set against this year's."""
    months = [Point(parse(f"2024-{m:02d}"), v) for m, v in enumerate([5, 6, 8, 10, 14, 18, 20, 16, 12, 9, 7, 5], 1)]
    period = parse("2025 t/m oktober")
    assert seasonal._own(months, period) is None  # pages: three years at least
    one = seasonal._own(months, period, min_years=1)
    share = sum(v.value for v in months[:10]) / 130
    chance = share * (1 - share) / 130
    assert one.share == pytest.approx(share)
    assert one.predictive_sd == pytest.approx(math.sqrt(2 * (seasonal.national_season_sd(10) ** 2 + chance)))
