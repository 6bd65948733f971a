"""The picture's and the dashboard's cache keys are the same in every worker process: Python's hash() of the
data stamp is not (it is seeded per process), so workers sharing a cache missed each other's pictures."""

import os
import pickle
import subprocess
import sys
from pathlib import Path

from ivb.store.picture import data_stamp, stamp_key

SRC = Path(__file__).resolve().parent.parent / "src"
CHILD = ("import pickle, sys, django; django.setup(); from ivb.store.picture import stamp_key; "
         "print([stamp_key(s) for s in pickle.load(sys.stdin.buffer)])")


def _keys_in_a_new_process(stamps: list[tuple], seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "ivb.settings_test"}
    done = subprocess.run([sys.executable, "-c", CHILD], input=pickle.dumps(stamps), env=env, capture_output=True,
                          check=True, timeout=120)
    return done.stdout.decode().strip()


def test_it_makes_the_same_cache_key_in_processes_with_different_hash_seeds(db):
    # An empty table gives None; SQLite gives a link's newest change as text: both hash differently per process.
    empty = data_stamp()
    assert None in empty
    stamps = [empty, (*empty[:-2], "2026-12-02 10:00:00.123456", 3)]
    first, second = _keys_in_a_new_process(stamps, "1"), _keys_in_a_new_process(stamps, "2")
    assert first == second == str([stamp_key(s) for s in stamps])


def test_it_makes_a_new_cache_key_when_a_figure_is_added(demo):
    from ivb.store.models import Observation

    before = stamp_key(data_stamp())
    first = Observation.objects.order_by("pk").first()
    Observation.objects.create(**{f.attname: getattr(first, f.attname) for f in Observation._meta.concrete_fields
                                  if not f.primary_key} | {"period": "2001"})
    assert stamp_key(data_stamp()) != before


def test_a_withdrawn_figure_leaves_the_cached_picture(demo, capsys):
    import json

    from ivb.cli import main
    from ivb.store.entry import withdraw_observation
    from ivb.store.models import Area, Observation

    lisse = Area.objects.get(code="GM0553")
    wrong = Observation.objects.get(area=lisse, series__key="politie.woninginbraken", period="2018")
    before = stamp_key(data_stamp())
    assert main(["picture", "GM0553", "2019", "--json"]) == 0
    figures = [s for s in json.loads(capsys.readouterr().out)["reeksen"] if s["reeks"] == "politie.woninginbraken"]
    assert "2018" in [p["periode"] for p in figures[0]["metingen"]]
    assert not withdraw_observation(lisse, wrong.pk, "testregel", actor_name="test").errors
    assert stamp_key(data_stamp()) != before
    assert main(["picture", "GM0553", "2019", "--json"]) == 0
    figures = [s for s in json.loads(capsys.readouterr().out)["reeksen"] if s["reeks"] == "politie.woninginbraken"]
    assert "2018" not in [p["periode"] for p in figures[0]["metingen"]]
