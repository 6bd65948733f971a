"""The layering holds (docs/decisions/0030-layers-and-import-contracts.md): the import-linter contracts in
`.importlinter` are kept, and no two packages of ivb import each other, not even through an import tucked inside
a function, so `make test` keeps the layers even where `make lint` is not run."""

import ast
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"


def lint_imports(*args: str) -> subprocess.CompletedProcess:
    """import-linter on this checkout's source, without a cache left in the repository."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command as c; c()",
                           "--no-cache", "--no-logo", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False,
                          timeout=300)


def test_it_keeps_every_import_contract():
    result = lint_imports(".importlinter")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_it_names_the_import_that_breaks_a_contract(tmp_path):
    """The check above can fail: a contract the code does not keep is reported with the offending import."""
    config = tmp_path / "broken.ini"
    config.write_text("[importlinter]\nroot_package = ivb\n\n[importlinter:contract:x]\nname = Pages without accounts\n"
                      "type = forbidden\nsource_modules = ivb.web\nforbidden_modules = ivb.accounts\n")
    result = lint_imports(str(config))
    assert result.returncode != 0
    assert "Pages without accounts BROKEN" in result.stdout
    assert "ivb.web.views -> ivb.accounts.access" in result.stdout


# ------------------------------------------------------------------------------------------ cycles by AST

def package_imports(root: Path) -> dict[str, dict[str, list[str]]]:
    """Per top-level package (or module) of `root`'s package, the others it imports, each with where:
    every import statement counts, also one inside a function or under `if TYPE_CHECKING`."""
    name = root.name
    tops = {p.stem for p in root.iterdir() if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()}
    edges: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if "migrations" in parts or parts[0] == "__init__":
            continue
        here = [name, *parts[:-1]] if parts[-1] == "__init__" else [name, *parts]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for target in _targets(node, here, path.name == "__init__.py"):
                bits = target.split(".")
                if bits[0] == name and len(bits) > 1 and bits[1] in tops and bits[1] != parts[0]:
                    edges[parts[0]][bits[1]].append(f"{path.relative_to(root)}:{node.lineno}")
    return edges


def _targets(node, here: list[str], is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:  # from . import x, from ..store import models
        base = here if is_package else here[:-1]
        base = base[:len(base) - (node.level - 1)]
        module = ".".join([*base, node.module] if node.module else base)
    else:
        module = node.module or ""
    return [module] + [f"{module}.{a.name}" for a in node.names]


def cycles(edges: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """Every group of packages that import each other, round about (strongly connected, more than one)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan: the graph has a few dozen nodes
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in edges.get(node, {}):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while (top := stack.pop()) != node:
                group.append(top)
            if group:
                found.append(sorted([node, *group]))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def describe(group: list[str], edges) -> str:
    return "\n".join(f"  {a} -> {b}: {', '.join(edges[a][b][:3])}" for a in group for b in group if b in edges[a])


def test_no_two_packages_import_each_other():
    edges = package_imports(SRC / "ivb")
    found = cycles(edges)
    assert not found, "import cycles between packages:\n" + "\n\n".join(describe(g, edges) for g in found)


def test_it_finds_a_cycle_hidden_in_a_function(tmp_path):
    """The scan can fail: a cycle through three packages, closed by an import inside a function."""
    root = tmp_path / "pkg"
    for name, text in {"__init__.py": "", "a/__init__.py": "from pkg.b import x\n", "b/__init__.py": "",
                       "b/x.py": "from ..c import y\n", "c/__init__.py": "", "c/y.py": "def f():\n    import pkg.a\n",
                       "d.py": "from pkg import a\n"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    edges = package_imports(root)
    assert cycles(edges) == [["a", "b", "c"]]
    assert edges["c"]["a"] == ["c/y.py:2"]


# ------------------------------------------------------------------------------------------ the register's hooks

def test_the_safety_picture_still_counts_the_register_and_sees_it_change(lisse_reader):
    """The store does not import the register; the register hands the picture its counts at start-up."""
    import datetime as dt

    from django.db import transaction

    from ivb.register.services import file_signal
    from ivb.store.models import Area
    from ivb.store.picture import data_stamp, picture_input

    from ivb.register.models import Signal

    lisse = Area.objects.get(code="GM0553")
    before = data_stamp()
    with transaction.atomic():
        signal = file_signal(lisse, lisse_reader, team="handhaving", what="Loods met afgeplakte ramen",
                             observed_on=dt.date.today())
    assert data_stamp() != before
    # A year's count is shown once the year is over (ADR 0056): filed last year, it counts in this year's picture.
    last_year = dt.datetime(dt.date.today().year - 1, 6, 1, tzinfo=dt.UTC)
    Signal.objects.filter(pk=signal.pk).update(created_at=last_year)
    counts = {s.key: [p.value for p in s.points] for s in picture_input(lisse, dt.date.today().year).series}
    assert counts["ondermijning.signalen"] == [1.0]


def test_it_refuses_a_change_of_rights_that_no_audit_trail_records(reference):
    """Accounts announce changes of rights and the register records them; unrecorded, nothing changes."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ImproperlyConfigured

    from ivb.accounts import services, signals
    from ivb.accounts.models import Role
    from ivb.register import rights
    from ivb.store.models import Area

    signals.rights_changed.disconnect(rights.record_rights_change)
    try:
        with pytest.raises(ImproperlyConfigured):
            services.grant_role(Area.objects.get(code="GM0553"), "nieuw", Role.LEZER, by_user="ivb-cli (test)")
    finally:
        signals.rights_changed.connect(rights.record_rights_change)
    assert not get_user_model().objects.filter(username="nieuw").exists()
