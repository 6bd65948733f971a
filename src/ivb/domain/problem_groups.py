"""Many problems in one file, told in a screenful: grouped by kind, with their rows as ranges, in Dutch notation
("149.998× dubbele regel: rij 3 t/m 150.000"). Used by the import page and `ivb observations import` alike."""

from __future__ import annotations

from dataclasses import dataclass, field

from ivb.domain.numbers import format_number

SCREENFUL = 20  # groups shown on the page and printed by the command; the rest is in the download
MAX_RANGES = 12  # ranges named per group before "…"


def ranges(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted distinct rows as contiguous (first, last) runs."""
    out: list[list[int]] = []
    for row in sorted(set(rows)):
        if out and row == out[-1][1] + 1:
            out[-1][1] = row
        else:
            out.append([row, row])
    return [(a, b) for a, b in out]


def rows_text(rows: list[int], limit: int = MAX_RANGES) -> str:
    """'rij 3 t/m 150000' for one run; 'rij 3–10, 12, 15–20 …' for several (at most `limit` named). A row number is
    written as the spreadsheet shows it in its margin, without a thousands dot: it names a row, it counts nothing."""
    runs = ranges(rows)
    if not runs:
        return ""
    if len(runs) == 1:
        a, b = runs[0]
        return f"rij {a}" if a == b else f"rij {a} t/m {b}"
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in runs[:limit]]
    return "rij " + ", ".join(parts) + (" …" if len(runs) > limit else "")


@dataclass
class ProblemGroup:
    kind: str  # "dubbele regel"
    rows: list[int] = field(default_factory=list)
    count: int = 0
    example: str = ""  # the first problem's full message, to show what is meant

    @property
    def rows_text(self) -> str:
        return rows_text(self.rows)

    @property
    def count_text(self) -> str:
        return f"{format_number(self.count, 'count')}×"

    def line(self) -> str:
        where = self.rows_text
        return f"{format_number(self.count, 'count')}× {self.kind}" + (f": {where}" if where else "")


def group(problems) -> list[ProblemGroup]:
    """Problems (with .kind, .row and .message) grouped by kind, in order of first appearance."""
    groups: dict[str, ProblemGroup] = {}
    for p in problems:
        g = groups.get(p.kind)
        if g is None:
            g = groups[p.kind] = ProblemGroup(p.kind, example=p.message)
        g.count += 1
        if p.row:
            g.rows.append(p.row)
    return list(groups.values())
