"""Known breaks: the police counting rule of 1 July 2018 holds for police crime series without anyone recording
it, with its size estimated on the national monthly figures; it can be taken away per series with a reason."""

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from pytest_django.asserts import assertContains, assertNotContains

from ivb.cli import main
from ivb.domain.observations import KnownBreak, Point, SeriesData
from ivb.domain.periods import parse
from ivb.domain.projection import project_year
from ivb.domain.seasonal import even
from ivb.domain.region import Member, region_series
from ivb.domain.series_breaks import (
    BreaksFileError,
    derive,
    estimate_step,
    known_breaks,
    window,
)
from ivb.domain.trend import trends
from ivb.store.models import Area, Series, SeriesBreak, SeriesBreakRemoval

CSV = Path("/work/shared/data/opendata/bernasco-staat-van-de-misdaad/NL_Crime_monthly_2012-01_2023-12.csv")
SHIPPED = Path(__file__).resolve().parents[1] / "src/ivb/data/series-breaks.yaml"
RULE = dt.date(2018, 7, 1)
LISSE_PERIODS = ["2014", "2015", "2016", "2017", "2018", "2019 t/m september"]
LISSE_MISDRIJVEN = [906, 947, 961, 706, 720, 580]


def series(values, periods, known=(), breaks=()):
    return SeriesData("s", "s", "count", "sum", [Point(parse(p), v) for p, v in zip(periods, values, strict=True)], list(breaks),
                      known_breaks=list(known))


def lisse(capsys, *args):
    assert main(["picture", "GM0553", "2019", "--json", *args]) == 0
    return {s["reeks"]: s for s in json.loads(capsys.readouterr().out)["reeksen"]}


# ---------------------------------------------------------------------------------------------- the default

def test_it_gives_a_police_series_the_2018_break_without_anyone_recording_it(demo, capsys):
    assert not SeriesBreak.objects.exists()
    found = lisse(capsys)
    misdrijven = found["politie.misdrijven"]["trend"]
    assert [(b["datum"], round(b["factor"], 4)) for b in misdrijven["gecorrigeerde_breuken"]] == [("2018-07-01", 1.0357)]
    assert misdrijven["oordeel"] == "dalend"
    # Corrected by +3,6%, with Jan-Sep 2019 as 74,5% of the year (the national profile): -6,16%, p 0,071.
    assert misdrijven["verandering_per_jaar"] == pytest.approx(-0.0616, abs=1e-4)
    assert misdrijven["p_waarde"] == pytest.approx(0.0711, abs=1e-4)
    inbraken = found["politie.woninginbraken"]["trend"]
    assert inbraken["gecorrigeerde_breuken"][0]["factor"] == pytest.approx(0.9834)
    assert (inbraken["oordeel"], round(inbraken["verandering_per_jaar"], 4), round(inbraken["p_waarde"], 3)) == \
        ("dalend", -0.1153, 0.056)
    assert found["politie.geweld"]["trend"]["gecorrigeerde_breuken"][0]["factor"] == pytest.approx(1.0183)
    assert found["politie.geweld"]["trend"]["oordeel"] == "stabiel"
    # Incident registrations are not crimes: no break, and the verdicts stay as they were.
    assert "gecorrigeerde_breuken" not in found["politie.jeugdoverlast"]["trend"]
    assert "gecorrigeerde_breuken" not in found["politie.overlast_maatschappelijke_onrust"]["trend"]


def test_readers_are_told_in_plain_dutch(demo, capsys):
    text = lisse(capsys)["politie.misdrijven"]["trend"]["gecorrigeerde_breuken"][0]["tekst"]
    assert text == ("Sinds 1 juli 2018 telt de politie misdrijven anders (nieuwe telwijze). Landelijk veranderde het "
                    "aantal daardoor met +3,6%; de trend is daarvoor gecorrigeerd.")


def test_the_shipped_steps_keep_the_end_of_the_decline_out():
    # With a step only, all crime showed +10,6% and burglary +3,7%: mostly the long decline ending in mid-2018.
    # With the change of trend in the model (ADR 0027) the step itself is small.
    assert known_breaks("politie.misdrijven")[0].factor == pytest.approx(1.0357, abs=5e-4)
    assert known_breaks("politie.woninginbraken")[0].factor == pytest.approx(0.9834, abs=5e-4)
    assert known_breaks("politie.od.2.5.2")[0].factor == pytest.approx(1.0252)
    assert known_breaks("politie.jeugdoverlast") == []
    # Cybercrime grew ever faster: its "step" (+24%, se 10%) is too unsure to correct for.
    assert known_breaks("politie.cybercrime_meldingen_aangiften") == []


# ---------------------------------------------------------------------------------------------- removal

def test_a_removal_with_a_reason_stops_it(demo, capsys):
    assert main(["series", "break-remove", "politie.misdrijven", "2018-07-01",
                 "--reason", "cijfers van de gemeente zijn al volgens de nieuwe telwijze herberekend"]) == 0
    assert "weggehaald uit Misdrijven voor alle gebieden" in capsys.readouterr().out
    removal = SeriesBreakRemoval.objects.get()
    assert removal.recorded_by_name.startswith("ivb-cli") and removal.area is None
    misdrijven = lisse(capsys)["politie.misdrijven"]["trend"]
    assert "gecorrigeerde_breuken" not in misdrijven
    # As without the known break (with Jan-Sep as 74,5% of the year: -5,61%, p 0,095 rather than -5,68%, 0,090).
    assert misdrijven["verandering_per_jaar"] == pytest.approx(-0.0561, abs=1e-4)
    assert misdrijven["p_waarde"] == pytest.approx(0.0948, abs=1e-4)
    assert main(["series", "breaks", "politie.misdrijven"]) == 0
    listed = capsys.readouterr().out
    assert "2018-07-01\tmeegeleverd, bekende grootte +3,6%\talle gebieden" in listed
    assert "weggehaald op" in listed and "herberekend" in listed


def test_a_removal_for_one_municipality_leaves_the_others(demo, capsys):
    assert main(["series", "break-remove", "politie.woninginbraken", "2018-07-01", "--area", "GM0534",
                 "--reason", "Hillegom telt al zo"]) == 0
    assert "weggehaald uit Woninginbraken voor GM0534" in capsys.readouterr().out
    assert "gecorrigeerde_breuken" in lisse(capsys)["politie.woninginbraken"]["trend"]
    main(["series", "breaks", "politie.woninginbraken"])
    listed = capsys.readouterr().out.splitlines()
    # The line for all areas does not read as if it held for Hillegom too; the size has a real minus sign.
    assert listed[0] == ("2018-07-01\tmeegeleverd, bekende grootte \u22121,7%\talle gebieden\ttelt de politie "
                         "misdrijven anders (nieuwe telwijze)\tgeldt, behalve waar hieronder weggehaald")
    assert listed[1].startswith("2018-07-01\tmeegeleverd, bekende grootte \u22121,7%\talleen GM0534\t")
    assert "weggehaald op" in listed[1] and "Hillegom telt al zo" in listed[1]


@pytest.mark.parametrize("args,message", [
    (["politie.misdrijven", "2018-07-01"], "geef een reden op"),
    (["politie.misdrijven", "2018-07-01", "--reason", "   "], "geef een reden op"),
    (["politie.misdrijven", "2018-07-01", "--reason", "x" * 301], "de reden is te lang (301 tekens"),
    (["politie.bestaat_niet", "2018-07-01", "--reason", "x"], "onbekende reeks"),
    (["politie.misdrijven", "1 juli 2018", "--reason", "x"], "'1 juli 2018' is geen datum"),
    (["politie.misdrijven", "2017-01-01", "--reason", "x"], "geen meegeleverde breuk per 2017-01-01 (wel per 2018-07-01)"),
    (["politie.jeugdoverlast", "2018-07-01", "--reason", "x"], "deze reeks heeft geen meegeleverde breuken"),
    (["politie.misdrijven", "2018-07-01", "--reason", "x", "--area", "GM9999"], "onbekend gebied 'GM9999'"),
])
def test_a_bad_removal_is_refused_and_changes_nothing(demo, capsys, args, message):
    assert main(["series", "break-remove", *args]) == 1
    assert message in capsys.readouterr().err
    assert not SeriesBreakRemoval.objects.exists()


@pytest.mark.parametrize("command", [["break-remove"], ["break"]])
def test_a_break_holds_for_a_municipality_not_a_province(demo, capsys, command):
    # A province's picture sums its municipalities with their breaks: a break for PV28 itself would do nothing.
    assert main(["series", *command, "politie.misdrijven", "2018-07-01", "--reason", "x", "--area", "PV28"]) == 1
    assert "--area PV28: Zuid-Holland is geen gemeente; een breuk geldt voor alle gebieden of voor één gemeente" in \
        capsys.readouterr().err
    assert not SeriesBreakRemoval.objects.exists() and not SeriesBreak.objects.exists()
    assert main(["series", *command, "politie.misdrijven", "2018-07-01", "--reason", "x", "--area", "Lisse"]) == 0
    assert " voor GM0553" in capsys.readouterr().out


def test_a_series_without_figures_yet_shows_its_shipped_break(demo, capsys):
    assert not Series.objects.filter(key="politie.od.0.0.0").exists()
    assert main(["series", "breaks", "politie.od.0.0.0"]) == 0
    out, err = capsys.readouterr()
    assert out == "2018-07-01\tmeegeleverd, bekende grootte +3,6%\talle gebieden\ttelt de politie misdrijven anders " \
                  "(nieuwe telwijze)\tgeldt\n"
    assert "politie.od.0.0.0 heeft nog geen cijfers in IVB" in err and "bedoelt u" not in err
    assert main(["series", "break", "politie.od.0.0.0", "2020-01-01", "--reason", "x"]) == 1
    err = capsys.readouterr().err
    assert "politie.od.0.0.0 heeft nog geen cijfers in IVB; een breuk vastleggen" in err and "bedoelt u" not in err


def test_a_break_is_removed_once(demo, capsys):
    assert main(["series", "break-remove", "politie.misdrijven", "2018-07-01", "--reason", "eerste keer"]) == 0
    assert main(["series", "break-remove", "politie.misdrijven", "2018-07-01", "--reason", "nog eens",
                 "--area", "GM0553"]) == 1
    assert "al weggehaald" in capsys.readouterr().err and SeriesBreakRemoval.objects.count() == 1


def test_a_removed_break_can_be_put_back_and_both_acts_stay_on_record(demo, capsys):
    default = lisse(capsys)["politie.misdrijven"]["trend"]
    assert main(["series", "break-remove", "politie.misdrijven", "2018-07-01", "--reason", "per ongeluk"]) == 0
    capsys.readouterr()
    assert "gecorrigeerde_breuken" not in lisse(capsys)["politie.misdrijven"]["trend"]
    assert main(["series", "break-restore", "politie.misdrijven", "2018-07-01",
                 "--reason", "de cijfers zijn toch niet herberekend"]) == 0
    assert "teruggezet in Misdrijven voor alle gebieden" in capsys.readouterr().out
    assert lisse(capsys)["politie.misdrijven"]["trend"] == default
    removal = SeriesBreakRemoval.objects.get()
    assert removal.reason == "per ongeluk" and removal.restored_at is not None
    assert removal.restored_by_name.startswith("ivb-cli") and removal.restore_reason.startswith("de cijfers")
    main(["series", "breaks", "politie.misdrijven"])
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("2018-07-01\tmeegeleverd, bekende grootte +3,6%\talle gebieden\t")
    assert "\tgeldt (weer sinds " in line and "de cijfers zijn toch niet herberekend" in line and "per ongeluk" in line
    # And it can be taken away again, as a new act.
    assert main(["series", "break-remove", "politie.misdrijven", "2018-07-01", "--reason", "nu echt"]) == 0
    capsys.readouterr()
    assert SeriesBreakRemoval.objects.count() == 2
    assert "gecorrigeerde_breuken" not in lisse(capsys)["politie.misdrijven"]["trend"]


def test_a_removal_for_one_municipality_is_put_back_for_that_one(demo, capsys):
    assert main(["series", "break-remove", "politie.woninginbraken", "2018-07-01", "--area", "GM0553",
                 "--reason", "Lisse telt al zo"]) == 0
    assert main(["series", "break-restore", "politie.woninginbraken", "2018-07-01", "--reason", "x"]) == 1
    assert "niet weggehaald (wel voor GM0553; noem die met --area)" in capsys.readouterr().err
    assert SeriesBreakRemoval.objects.get().restored_at is None
    assert main(["series", "break-restore", "politie.woninginbraken", "2018-07-01", "--area", "Lisse",
                 "--reason", "toch niet"]) == 0
    capsys.readouterr()
    assert "gecorrigeerde_breuken" in lisse(capsys)["politie.woninginbraken"]["trend"]


@pytest.mark.parametrize("args,message", [
    (["politie.misdrijven", "2018-07-01"], "geef een reden op: waarom geldt deze breuk weer"),
    (["politie.misdrijven", "2018-07-01", "--reason", "x", "--area", "GM0534"],
     "is voor GM0534 niet weggehaald (wel voor alle gebieden; laat --area dan weg)"),
    (["politie.geweld", "2018-07-01", "--reason", "x"],
     "is voor alle gebieden niet weggehaald; zie ivb series breaks politie.geweld"),
])
def test_a_bad_restore_is_refused_and_changes_nothing(demo, capsys, args, message):
    assert main(["series", "break-remove", "politie.misdrijven", "2018-07-01", "--reason", "weg"]) == 0
    assert main(["series", "break-restore", *args]) == 1
    assert message in capsys.readouterr().err
    assert SeriesBreakRemoval.objects.get().restored_at is None


def test_a_restore_makes_a_new_picture(demo):
    from ivb.store.breaks import restore_known_break
    from ivb.store.picture import data_stamp

    SeriesBreakRemoval.objects.create(series=Series.objects.get(key="politie.misdrijven"), date=RULE, reason="test",
                                      recorded_by_name="test")
    before = data_stamp()
    restore_known_break("politie.misdrijven", RULE, "terug", actor_name="test")
    assert data_stamp() != before


def test_a_removal_makes_a_new_picture(demo):
    from ivb.store.picture import data_stamp

    before = data_stamp()
    SeriesBreakRemoval.objects.create(series=Series.objects.get(key="politie.misdrijven"), date=RULE, reason="test",
                                      recorded_by_name="test")
    assert data_stamp() != before


def test_a_hand_recorded_break_on_the_same_date_is_the_known_one(demo, capsys):
    SeriesBreak.objects.create(series=Series.objects.get(key="politie.misdrijven"), date=RULE, reason="telwijze")
    misdrijven = lisse(capsys)["politie.misdrijven"]["trend"]
    assert misdrijven["oordeel"] == "dalend" and misdrijven["gecorrigeerde_breuken"][0]["datum"] == "2018-07-01"
    # Taken away, the hand-recorded one is a free step again: one point after it is too few.
    SeriesBreakRemoval.objects.create(series=Series.objects.get(key="politie.misdrijven"), date=RULE, reason="test",
                                      recorded_by_name="test", area=Area.objects.get(code="GM0553"))
    assert lisse(capsys)["politie.misdrijven"]["trend"]["oordeel"] == "te weinig gegevens"


def test_the_list_shows_shipped_and_recorded_breaks(demo, capsys):
    SeriesBreak.objects.create(series=Series.objects.get(key="politie.misdrijven"), date=dt.date(2017, 1, 1),
                               reason="andere telwijze vanaf 2017")
    assert main(["series", "breaks", "politie.misdrijven"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["2017-01-01\tvastgelegd, vrije sprong\talle gebieden\tandere telwijze vanaf 2017",
                     "2018-07-01\tmeegeleverd, bekende grootte +3,6%\talle gebieden\t"
                     "telt de politie misdrijven anders (nieuwe telwijze)\tgeldt"]


# ---------------------------------------------------------------------------------------------- the maths

def test_one_point_after_a_known_break_is_enough():
    known = [KnownBreak(RULE, 1.106)]
    corrected, free = trends([series(LISSE_MISDRIJVEN, LISSE_PERIODS, known),
                              series(LISSE_MISDRIJVEN, LISSE_PERIODS, breaks=[RULE])])
    assert corrected.verdict == "falling" and corrected.change_per_year == pytest.approx(-0.0725, abs=1e-4)
    assert free.verdict == "too_few"


def test_it_matches_statsmodels_with_the_factor_in_the_exposure():
    import statsmodels.api as sm

    fit = trends([series(LISSE_MISDRIJVEN, LISSE_PERIODS, [KnownBreak(RULE, 1.106)])])[0]
    t = np.array([2014.5, 2015.5, 2016.5, 2017.5, 2018.5, 2019.375])
    exposure = np.array([1, 1, 1, 1, 0.5 + 0.5 * 1.106, 0.75 * 1.106])  # 2018: only July-December is after
    model = sm.GLM(np.array(LISSE_MISDRIJVEN, float), sm.add_constant(t - t.max()), family=sm.families.Poisson(),
                   exposure=exposure).fit(scale="X2")
    assert fit.slope == pytest.approx(model.params[1], rel=1e-8)
    assert fit.dispersion == pytest.approx(model.scale, rel=1e-6)


def test_projections_are_at_the_level_of_the_rule_of_their_year():
    """Flat counts of 100 a year under the old rule and 110 under the new: no trend, and a year after the
    break is projected at 110, the year of the break at 105, a year before it at 100."""
    values = [100, 100, 100, 100, 105, 110, 110]
    fit = trends([series(values, [str(y) for y in range(2014, 2021)], [KnownBreak(RULE, 1.1)])])[0]
    assert fit.slope == pytest.approx(0, abs=1e-9) and fit.verdict == "stable"
    assert project_year(fit.fit, 2022).expected == pytest.approx(110)
    # Fitted before the break only (as a back-test does), the future is still counted by the new rule.
    early = trends([series(values[:4], [str(y) for y in range(2014, 2018)], [KnownBreak(RULE, 1.1)])])[0].fit
    assert project_year(early, 2017).expected == pytest.approx(100)
    assert project_year(early, 2018).expected == pytest.approx(105)
    assert project_year(early, 2019).expected == pytest.approx(110)
    # The rest of a year after the break: the months still to come at the new level.
    ytd = project_year(fit.fit, 2021, Point(parse("2021 t/m september"), 82.5), profile=even(9))
    assert ytd.expected == pytest.approx(82.5 + 110 * 3 / 12)


def test_a_region_keeps_its_members_known_breaks():
    known = KnownBreak(RULE, 1.106, "telt anders")
    members = [Member(code, code, {"k": SeriesData("k", "k", "count", "sum", [Point(parse("2018"), 10.0)],
                                                    known_breaks=[known])}) for code in ("A", "B")]
    assert region_series("k", "sum", members).known_breaks == [known]


# ---------------------------------------------------------------------------------------------- derivation

def test_it_estimates_a_known_step_from_monthly_counts():
    rng = np.random.default_rng(1)
    counts = {(y, m): float(round(1000 * (1 + 0.1 * np.sin(m)) * 0.98 ** (y - 2015) * (1.2 if (y, m) >= (2018, 7) else 1)
                                  * np.exp(rng.normal(0, 0.01)))) for y, m in window()}
    step = estimate_step(counts)
    assert step.factor == pytest.approx(1.2, abs=0.01) and 0 < step.se < 0.01
    assert estimate_step({**counts, (2016, 3): 0.0}) is None  # a suppressed month


@pytest.mark.skipif(not CSV.exists(), reason="the shared monthly police data are not on this machine")
def test_the_derive_command_reproduces_the_shipped_file(tmp_path, capsys):
    out = tmp_path / "breaks.yaml"
    assert main(["series", "breaks-derive", str(CSV), "--out", str(out)]) == 0
    assert "gebruikt voor 23 soorten misdrijf en reeksen" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8") == SHIPPED.read_text(encoding="utf-8")


@pytest.mark.parametrize("text,message", [
    ("code,datum,aantal\n0.0.0,2015-01-01,5\n", "regel 1: de kolommen crime_type_code, date, frequency ontbreken"),
    ("crime_type_code,date,frequency\nTotaal misdrijven,januari 2015,5\n", "regel 2: 'januari 2015' is geen datum"),
    ("crime_type_code,date,frequency\nTotaal misdrijven,2015-01-15,5\n", "regel 2: '2015-01-15' is niet de eerste"),
    ("crime_type_code,date,frequency\nTotaal misdrijven,2015-01-01,veel\n", "regel 2: 'veel' is geen aantal"),
    ("crime_type_code,date,frequency\nTotaal misdrijven,2015-01-01,-3\n", "regel 2: '-3' is geen aantal"),
    ("crime_type_code,date,frequency\nAllerlei,2015-01-01,3\n", "regel 2: onbekende soort misdrijf 'Allerlei'"),
    ("crime_type_code,date,frequency\n0.0.0,2015-01-01,3\n0.0.0,2015-01-01,4\n", "regel 3: 0.0.0 in 2015-01 staat er twee keer in"),
    ("crime_type_code,date,frequency\n1.1.1 Diefstal,2015-01-01,3\n", "de soorten misdrijf die de reeksen van IVB "
                                                                    "tellen ontbreken: 0.0.0, 1.4.2,"),
    ("crime_type_code,date,frequency\n", "het bestand heeft geen cijfers"),
])
def test_the_derive_command_refuses_a_bad_file_and_writes_nothing(tmp_path, capsys, text, message):
    source, out = tmp_path / "maand.csv", tmp_path / "breaks.yaml"
    source.write_text(text, encoding="utf-8")
    before = SHIPPED.read_bytes()
    assert main(["series", "breaks-derive", str(source), "--out", str(out)]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists() and SHIPPED.read_bytes() == before


def test_the_derive_command_says_where_a_file_is_not_utf8_and_what_to_do(tmp_path, capsys):
    source, out = tmp_path / "maand.csv", tmp_path / "breaks.yaml"
    source.write_bytes("crime_type_code,date,frequency\nTotaal misdrijven,2015-01-01,5\nCafé\n".encode("cp1252"))
    assert main(["series", "breaks-derive", str(source), "--out", str(out)]) == 1
    assert capsys.readouterr().err.endswith("maand.csv: regel 3, byte 66: geen geldige UTF-8; sla het bestand op als "
                                            "CSV UTF-8 (in Excel: Opslaan als, CSV UTF-8); er is niets geschreven\n")
    assert not out.exists()


def test_the_derive_command_refuses_a_missing_file(capsys):
    assert main(["series", "breaks-derive", "/nergens/maand.csv"]) == 1
    assert "bestand niet gevonden" in capsys.readouterr().err


@pytest.mark.skipif(not CSV.exists(), reason="the shared monthly police data are not on this machine")
def test_the_derive_command_says_when_it_cannot_write(capsys):
    assert main(["series", "breaks-derive", str(CSV), "--out", "/nergens/breaks.yaml"]) == 1
    assert "/nergens/breaks.yaml: kan niet schrijven (de map bestaat niet); er is niets geschreven" in \
        capsys.readouterr().err


def monthly(codes=("0.0.0",)):
    """A monthly file with every month of the derivation's years for these codes, 10% more from the break."""
    lines = ["crime_type_code,date,frequency"]
    for y, m in window():
        lines += [f"{c},{y}-{m:02d}-01,{1000 + m + (100 if (y, m) >= (2018, 7) else 0)}" for c in codes]
    return "\n".join(lines) + "\n"


def test_the_derive_command_refuses_a_file_without_the_codes_ivb_counts(tmp_path, capsys):
    # Only the total of all crimes: written, the shipped file would hold no step for any other series.
    source, out = tmp_path / "maand.csv", tmp_path / "breaks.yaml"
    source.write_text(monthly(), encoding="utf-8")
    before = SHIPPED.read_bytes()
    assert main(["series", "breaks-derive", str(source), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "ontbreken: 1.1.1, 1.4.2, 1.4.3, 1.4.4, 1.4.5, 1.4.6, 1.4.7, 2.5.2, 3.7.4" in err and "niets geschreven" in err
    assert not out.exists() and SHIPPED.read_bytes() == before
    with pytest.raises(BreaksFileError, match="geen totaal van alle misdrijven"):
        derive(monthly(["1.1.1"]), "x.csv", {}, [("1.1.1",)])


def with_totals(text):
    """The monthly file as cbsodataR writes it: each code's count over every month on each of its lines."""
    rows = [line.split(",") for line in text.splitlines()[1:]]
    total = {c: sum(int(r[2]) for r in rows if r[0] == c) for c in {r[0] for r in rows}}
    return "crime_type_code,date,frequency,total_incident_count\n" + "".join(f"{','.join(r)},{total[r[0]]}\n"
                                                                            for r in rows)


@pytest.mark.parametrize("cut,message", [
    (lambda t: t.replace("0.0.0,2016-05-01,1005\n", ""), "0.0.0 mist de maand 2016-05 (het heeft maanden van "
                                                          "2015-01 tot en met 2019-12)"),
    (lambda t: with_totals(t)[:with_totals(t).index("0.0.0,2019-12-01")],
     "de maanden van 0.0.0 tellen op tot 61078, maar total_incident_count zegt 62190: het bestand is niet compleet"),
    (lambda t: with_totals(t)[:-3], "regel 61: total_incident_count van 0.0.0 is hier 621, eerder 62190; het "
                                    "bestand lijkt afgekapt"),
    (lambda t: t[:-2], "regel 61: de laatste regel houdt op zonder regeleinde: het bestand lijkt afgekapt"),
    (lambda t: t[:-12], "regel 61: 2 kolommen in plaats van 3"),
])
def test_the_derive_command_refuses_a_file_cut_short_or_with_a_month_missing(tmp_path, capsys, cut, message):
    source, out = tmp_path / "maand.csv", tmp_path / "breaks.yaml"
    source.write_text(cut(monthly()), encoding="utf-8")
    assert main(["series", "breaks-derive", str(source), "--out", str(out)]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_derive_writes_an_empty_list_that_reads_back_as_empty():
    import yaml

    entry = yaml.safe_load(derive(monthly(), "x.csv", {}, [("0.0.0",)]))["breaks"][0]
    assert entry["imprecise"] == {} and entry["skipped"] == [] and list(entry["steps"]) == ["0.0.0"]


def test_derive_sums_the_codes_of_a_series():
    lines = ["crime_type_code,date,frequency"]
    for y, m in window():
        after = (y, m) >= (2018, 7)
        lines += [f"0.0.0,{y}-{m:02d}-01,{1000 + (100 if after else 0)}", f"1.4.4,{y}-{m:02d}-01,{100 + (50 if after else 0)}",
                  f"1.4.5,{y}-{m:02d}-01,{200 + (m % 3)}"]
    with pytest.raises(BreaksFileError):
        derive("crime_type_code,date,frequency\n", "x.csv", {}, [])
    text = derive("\n".join(lines) + "\n", "x.csv", {}, [("1.4.4", "1.4.5")])
    import yaml

    steps = yaml.safe_load(text)["breaks"][0]["steps"]
    assert steps["0.0.0"]["factor"] == pytest.approx(1.1, abs=1e-4)
    assert steps["1.4.4"]["factor"] == pytest.approx(1.5, abs=1e-4)
    assert 1.15 < steps["1.4.4+1.4.5"]["factor"] < 1.18  # 300 became 350


# ---------------------------------------------------------------------------------------------- where readers see it

def test_the_report_and_the_text_output_say_it(demo, capsys):
    from ivb.report.content import build

    caveats = build(Area.objects.get(code="GM0553"), 2019).caveats
    assert ("Misdrijven: Sinds 1 juli 2018 telt de politie misdrijven anders (nieuwe telwijze). Landelijk veranderde "
            "het aantal daardoor met +3,6%; de trend is daarvoor gecorrigeerd.") in caveats
    assert not any(c.startswith("Jeugdoverlast: Sinds") for c in caveats)
    assert main(["picture", "GM0553", "2019"]) == 0
    out = capsys.readouterr().out
    assert "p = 0,056; gecorrigeerd voor de breuk per 1 juli 2018 (landelijk −1,7%)" in out
    assert "dalend (2014–2019), −11,5% per jaar" in out  # the fitted years, named


def test_the_series_page_says_it(client, demo, lisse_reader):
    client.force_login(lisse_reader)
    series = Series.objects.get(key="politie.misdrijven")
    page = client.get(f"/gemeente/GM0553/reeksen/{series.pk}/").content.decode()
    assert "Landelijk veranderde het aantal daardoor met +3,6%; de trend is daarvoor gecorrigeerd." in page
    other = Series.objects.get(key="politie.jeugdoverlast")
    response = client.get(f"/gemeente/GM0553/reeksen/{other.pk}/")
    assertContains(response, "<h1>Jeugdoverlast</h1>", html=True)
    assertContains(response, "<dt>Oordeel</dt><dd>dalend</dd>", html=True)  # its trend, without a correction
    assertNotContains(response, "Landelijk veranderde")


def test_english_readers_read_it_in_english(demo, capsys):
    from ivb.domain.i18n import use

    with use("en"):
        text = lisse(capsys)["politie.misdrijven"]["trend"]["gecorrigeerde_breuken"][0]["tekst"]
    assert text == ("Since 1 July 2018 the police count crimes differently (new counting rule). Nationally this "
                    "changed the number by +3.6%; the trend is corrected for it.")


def test_a_national_step_is_written_with_one_decimal_always():
    """Walk V: "landelijk −2%" beside "−1,7%" and "+23%" beside "+32,6%" read as different precisions."""
    from ivb.domain.break_words import signed_step

    assert [signed_step(f) for f in (0.98, 0.983, 1.23, 1.326, 1.0)] == ["−2,0%", "−1,7%", "+23,0%", "+32,6%", "0,0%"]


def test_one_current_removal_for_every_area_is_held_by_the_database(demo):
    """Review: a NULL area is distinct in a unique index, so two current removals for every area could exist."""
    from django.db import IntegrityError, transaction

    series = Series.objects.get(key="politie.misdrijven")
    SeriesBreakRemoval.objects.create(series=series, date=RULE, reason="een", recorded_by_name="test")
    with pytest.raises(IntegrityError), transaction.atomic():
        SeriesBreakRemoval.objects.create(series=series, date=RULE, reason="twee", recorded_by_name="test")
    # Restored, the next may come.
    SeriesBreakRemoval.objects.filter(series=series).update(restored_at=dt.datetime(2026, 12, 5, tzinfo=dt.UTC))
    SeriesBreakRemoval.objects.create(series=series, date=RULE, reason="drie", recorded_by_name="test")
