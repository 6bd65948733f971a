"""Neighbours from a map: municipalities that share a boundary line on a TopoJSON map of their borders
(`ivb.domain.borders`, `ivb areas borders-derive`), and the shipped list that comes of it."""

import json

import pytest
import yaml

from ivb.cli import main
from ivb.domain.borders import BorderError, pairs, shared_borders
from ivb.store.reference import builtin_neighbours


def topology(*geometries: dict) -> dict:
    return {"type": "Topology", "arcs": [], "objects": {"gemeenten": {"type": "GeometryCollection",
                                                                       "geometries": list(geometries)}}}


def shape(code: str, arcs: list, kind: str = "Polygon") -> dict:
    return {"type": kind, "arcs": arcs, "properties": {"statcode": code, "statnaam": code}}


# Three municipalities in a row and an island: 0001 and 0002 share arc 1 (walked backwards, ~1, by 0002),
# 0002 and 0003 share arc 3; 0003 has a second part; 0004 shares nothing.
ROW = topology(shape("GM0001", [[0, 1]]), shape("GM0002", [[-2, 2, 3]]),
               shape("GM0003", [[[-4, 4]], [[5]]], "MultiPolygon"), shape("GM0004", [[6]]))


def test_it_finds_the_municipalities_that_share_a_boundary_line():
    assert shared_borders(ROW) == {"GM0001": ["GM0002"], "GM0002": ["GM0001", "GM0003"], "GM0003": ["GM0002"],
                                   "GM0004": []}


def test_it_keeps_each_pair_once_under_the_lower_code():
    assert pairs(shared_borders(ROW)) == {"GM0001": ["GM0002"], "GM0002": ["GM0003"]}


def test_a_corner_is_no_border():
    # Two shapes whose rings both pass a point but share no arc are not neighbours.
    corner = topology(shape("GM0001", [[0, 1]]), shape("GM0002", [[2, 3]]))
    assert shared_borders(corner) == {"GM0001": [], "GM0002": []}


def test_it_takes_the_code_from_the_id_when_there_is_no_statcode():
    with_id = topology({"type": "Polygon", "arcs": [[0]], "id": "GM0001"}, {"type": "Polygon", "arcs": [[-1]],
                                                                          "id": "GM0002"})
    assert shared_borders(with_id) == {"GM0001": ["GM0002"], "GM0002": ["GM0001"]}


@pytest.mark.parametrize("bad, message", [
    ({"type": "FeatureCollection", "features": []}, "dit is geen TopoJSON-kaart"),
    (topology(), "de kaart bevat geen enkele gemeente"),
    (topology(shape("PV20", [[0]])), "vorm 1: geen gemeentecode (statcode of id zoals GM0553), maar 'PV20'"),
    (topology(shape("GM0001", [[0]]), shape("GM0001", [[1]])), "gemeente GM0001 staat twee keer in de kaart"),
    (topology(shape("GM0001", [[0]], "Point")), "GM0001: vorm 'Point'; verwacht Polygon of MultiPolygon"),
    (topology(shape("GM0001", [["a"]])), "GM0001: \"arcs\" moet een lijst van lijnnummers zijn"),
])
def test_it_refuses_what_is_no_map_of_municipalities(bad, message):
    with pytest.raises(BorderError) as refused:
        shared_borders(bad)
    assert message in str(refused.value)


def test_the_shipped_neighbours_are_those_of_the_map_and_known_municipalities(reference):
    from ivb.store.models import Area

    shipped = builtin_neighbours()
    codes = {code for code, others in shipped.items() for code in (code, *others)}
    assert set(Area.objects.filter(code__in=codes).values_list("code", flat=True)) == codes
    assert all(code < other for code, others in shipped.items() for other in others)
    lisse = Area.objects.get(code="GM0553")
    assert {a.name for a in lisse.neighbours.all()} >= {"Hillegom", "Teylingen"}
    # Stored both ways: Hillegom has Lisse too.
    assert "Lisse" in {a.name for a in Area.objects.get(code="GM0534").neighbours.all()}


def test_the_command_writes_the_list_from_a_map_of_its_year(reference, tmp_path, capsys):
    from ivb.store.areas import existing_on
    import datetime as dt

    codes = sorted(existing_on(dt.date(2025, 1, 1)).values_list("code", flat=True))
    # Every municipality of 2025 its own arc; Lisse shares one with Hillegom and one with Teylingen.
    shapes = [shape(code, [[i]]) for i, code in enumerate(codes)]
    shapes[codes.index("GM0534")]["arcs"] = [[codes.index("GM0534"), 1000]]
    shapes[codes.index("GM0553")]["arcs"] = [[codes.index("GM0553"), ~1000, ~1001]]
    shapes[codes.index("GM1525")]["arcs"] = [[codes.index("GM1525"), 1001]]
    source = tmp_path / "gemeente_2025.topojson"
    source.write_text(json.dumps(topology(*shapes)), encoding="utf-8")
    out = tmp_path / "neighbours.yaml"
    assert main(["areas", "borders-derive", str(source), "--jaar", "2025", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"{out}: 342 gemeenten, 2 paren buurgemeenten; zonder buren op de kaart: GM0014, GM0034, ")
    assert said.endswith(" … (339 in totaal); laad ze met 'ivb setup'\n")
    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert written == {"year": 2025, "neighbours": {"GM0534": ["GM0553"], "GM0553": ["GM1525"]}}
    assert "# Map: gemeente_2025.topojson (sha256 of the file read: " in out.read_text(encoding="utf-8")


def test_the_command_refuses_a_map_of_another_year(reference, tmp_path, capsys):
    source = tmp_path / "kaart.topojson"
    source.write_text(json.dumps(topology(shape("GM0553", [[0]]), shape("GM0604", [[-1]]))), encoding="utf-8")
    out = tmp_path / "neighbours.yaml"
    assert main(["areas", "borders-derive", str(source), "--jaar", "2025", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"ivb: {source}: de kaart past niet bij de gemeenten van 2025 (niet op 1 januari 2025 "
                          "bestaand: GM0604; ontbreken op de kaart: GM0014, ")
    assert err.endswith("kies het jaar van de kaart met --jaar; niets geschreven\n") and not out.exists()


def test_the_command_refuses_a_file_that_is_no_json(reference, tmp_path, capsys):
    source = tmp_path / "kaart.topojson"
    source.write_text('{"type": "Topology",\n "objects": [', encoding="utf-8")
    assert main(["areas", "borders-derive", str(source), "--jaar", "2025", "--out", str(tmp_path / "x")]) == 1
    assert capsys.readouterr().err == f"ivb: {source}: geen JSON (regel 2, kolom 14); niets geschreven\n"
