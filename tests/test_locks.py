"""The locks (requirements/*.txt, made by pip-compile) against pyproject.toml, where the version ranges live:
every package the project names is locked at a version its range allows, so the ranges are tested at least at
the locked versions; every locked package has hashes; each .in file says why each package is there."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
EXTRAS = PROJECT["optional-dependencies"]
# Which lock holds which part of pyproject.toml: the demo installs runtime.txt, `make test` and CI dev.txt.
WANTED = {"runtime": PROJECT["dependencies"], "dev": PROJECT["dependencies"] + EXTRAS["test"] + EXTRAS["lint"]
          + EXTRAS["bench"]}


def pins(lock: str) -> dict[str, tuple[Version, int]]:
    """Name -> (version, number of hashes), as pip-compile --generate-hashes writes them."""
    text = (ROOT / "requirements" / f"{lock}.txt").read_text(encoding="utf-8")
    found = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        pinned = re.match(r"([A-Za-z0-9._-]+)==(\S+)", block)
        if pinned:
            found[canonicalize_name(pinned[1])] = (Version(pinned[2]), block.count("--hash=sha256:"))
    return found


def named_in(lock: str) -> list[tuple[str, str]]:
    """(package, reason) per requirement line of requirements/<lock>.in."""
    lines = (ROOT / "requirements" / f"{lock}.in").read_text(encoding="utf-8").splitlines()
    return [(line.split("#")[0].strip(), line.partition("#")[2].strip()) for line in lines
            if line.strip() and not line.startswith(("#", "-"))]


@pytest.mark.parametrize("lock", ["runtime", "dev"])
def test_every_package_of_pyproject_is_locked_within_its_range(lock):
    locked = pins(lock)
    for spec in WANTED[lock]:
        requirement = Requirement(spec)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} ({lock}): not in requirements/{lock}.txt; run `make locks`"
        version, _hashes = locked[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{name} {version} in requirements/{lock}.txt is outside pyproject.toml's range {requirement.specifier}")


@pytest.mark.parametrize("lock", ["runtime", "dev"])
def test_every_locked_package_has_hashes(lock):
    assert all(hashes for _version, hashes in pins(lock).values())


def test_the_development_lock_holds_the_runtime_lock_unchanged():
    runtime, dev = pins("runtime"), pins("dev")
    assert {name: dev.get(name) for name in runtime} == runtime


def test_the_benchmark_tool_is_in_the_development_lock_only():
    assert "duckdb" in pins("dev") and "duckdb" not in pins("runtime")
    assert not any(Requirement(s).name == "duckdb" for s in PROJECT["dependencies"] + EXTRAS["test"])


@pytest.mark.parametrize("lock", ["runtime", "dev"])
def test_each_in_file_names_exactly_its_part_of_pyproject_and_says_why(lock):
    named = named_in(lock)
    assert all(reason for _package, reason in named), [p for p, r in named if not r]
    own = WANTED[lock] if lock == "runtime" else EXTRAS["test"] + EXTRAS["lint"] + EXTRAS["bench"]
    assert sorted(canonicalize_name(Requirement(p).name) for p, _r in named) == sorted(
        canonicalize_name(Requirement(s).name) for s in own)
