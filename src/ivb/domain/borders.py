"""Which municipalities share a border, read from a TopoJSON map of their boundaries.

In TopoJSON every boundary line ("arc") is stored once and each area lists the arcs around it, an arc walked
backwards being written ~i (that is -i-1). Two areas share a border exactly when they list the same arc: no
geometry is computed, so the result does not depend on a tolerance. Areas that touch in a single point share
no arc and are not neighbours; areas across a river or lake are, when the boundary runs through the water (as
CBS's municipal boundaries do).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

CODE = re.compile(r"GM\d{4}")


class BorderError(ValueError):
    """A file that is not a TopoJSON map of municipalities; the message says what is wrong, in Dutch."""


def shared_borders(topology: object) -> dict[str, list[str]]:
    """Every municipality of the map with the municipalities it shares an arc with, each list sorted by code.
    The municipality's code is its `statcode` property (CBS's maps) or else the geometry's `id`."""
    codes_by_arc: dict[int, set[str]] = defaultdict(set)
    seen: set[str] = set()
    for code, arcs in _municipalities(topology):
        if code in seen:
            raise BorderError(f"gemeente {code} staat twee keer in de kaart")
        seen.add(code)
        for arc in _arc_indices(arcs, code):
            codes_by_arc[arc if arc >= 0 else ~arc].add(code)
    out: dict[str, set[str]] = {code: set() for code in seen}
    for codes in codes_by_arc.values():
        for code in codes:
            out[code] |= codes - {code}
    return {code: sorted(out[code]) for code in sorted(out)}


def pairs(neighbours: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each pair once, under its lower code: the form the shipped file keeps (the relation is symmetric)."""
    out = {code: [other for other in others if other > code] for code, others in neighbours.items()}
    return {code: others for code, others in out.items() if others}


def _municipalities(topology: object) -> Iterator[tuple[str, object]]:
    if not isinstance(topology, dict) or topology.get("type") != "Topology" or not isinstance(
            topology.get("objects"), dict):
        raise BorderError("dit is geen TopoJSON-kaart: verwacht een object met \"type\": \"Topology\" en \"objects\"")
    found = 0
    for name, collection in topology["objects"].items():
        geometries = collection.get("geometries") if isinstance(collection, dict) else None
        if not isinstance(geometries, list):
            raise BorderError(f"kaartlaag {name!r} heeft geen lijst \"geometries\"")
        for number, geometry in enumerate(geometries, start=1):
            if not isinstance(geometry, dict):
                raise BorderError(f"kaartlaag {name!r}, vorm {number}: geen object")
            properties = geometry.get("properties") or {}
            code = str(properties.get("statcode") or geometry.get("id") or "")
            if not CODE.fullmatch(code):
                raise BorderError(f"kaartlaag {name!r}, vorm {number}: geen gemeentecode (statcode of id zoals "
                                  f"GM0553), maar {code or 'niets'!r}")
            if geometry.get("type") not in ("Polygon", "MultiPolygon"):
                raise BorderError(f"{code}: vorm {geometry.get('type')!r}; verwacht Polygon of MultiPolygon")
            found += 1
            yield code, geometry.get("arcs")
    if not found:
        raise BorderError("de kaart bevat geen enkele gemeente")


def _arc_indices(arcs: object, code: str) -> Iterator[int]:
    """The arc numbers of a Polygon's rings or a MultiPolygon's polygons, however deeply nested."""
    if isinstance(arcs, bool) or not isinstance(arcs, (list, int)):
        raise BorderError(f"{code}: \"arcs\" moet een lijst van lijnnummers zijn")
    if isinstance(arcs, int):
        yield arcs
        return
    for item in arcs:
        yield from _arc_indices(item, code)
