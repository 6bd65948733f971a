"""A shipped break taken away from a series is told to readers, with the reason: the trend changed because of
it, and the page, the report, the JSON and the text output say so (walk N #4)."""

import json

from ivb.cli import main
from ivb.store.models import Area, Series

REASON = "de cijfers van Lisse zijn al volgens de nieuwe telwijze herberekend"
SENTENCE = ("De correctie voor de breuk van 1 juli 2018 is voor deze reeks weggehaald: de cijfers van Lisse zijn al "
            "volgens de nieuwe telwijze herberekend.")


def remove_for_lisse(capsys):
    assert main(["series", "break-remove", "politie.misdrijven", "2018-07-01", "--reason", REASON,
                 "--area", "GM0553"]) == 0
    capsys.readouterr()


def test_it_is_said_on_the_series_page_and_the_others_keep_their_correction(client, demo, lisse_reader, capsys):
    client.force_login(lisse_reader)
    series = Series.objects.get(key="politie.misdrijven")
    assert SENTENCE not in client.get(f"/gemeente/GM0553/reeksen/{series.pk}/").content.decode()
    remove_for_lisse(capsys)
    page = client.get(f"/gemeente/GM0553/reeksen/{series.pk}/").content.decode()
    assert SENTENCE in page and "de trend is daarvoor gecorrigeerd" not in page


def test_it_is_said_in_the_report_the_json_and_the_text(demo, capsys):
    from ivb.report.content import build

    remove_for_lisse(capsys)
    assert f"Misdrijven: {SENTENCE}" in build(Area.objects.get(code="GM0553"), 2019).caveats
    assert main(["picture", "GM0553", "2019", "--json"]) == 0
    shown = next(s for s in json.loads(capsys.readouterr().out)["reeksen"] if s["reeks"] == "politie.misdrijven")
    assert shown["weggehaalde_breuken"] == [{"datum": "2018-07-01", "reden": REASON, "tekst": SENTENCE}]
    assert main(["picture", "GM0553", "2019"]) == 0
    assert "; correctie voor de breuk per 1 juli 2018 weggehaald" in capsys.readouterr().out


def test_it_is_not_said_where_the_trend_ends_before_the_break(client, demo, capsys):
    # The picture of 2017 fits 2014-2017: the break of July 2018 played no part there (review L1).
    remove_for_lisse(capsys)
    assert main(["picture", "GM0553", "2017", "--json"]) == 0
    shown = next(s for s in json.loads(capsys.readouterr().out)["reeksen"] if s["reeks"] == "politie.misdrijven")
    assert "weggehaalde_breuken" not in shown and SENTENCE not in shown.get("tekst", "")
