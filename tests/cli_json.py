"""Run an `ivb` command that prints JSON, once per test module (a module-scoped fixture has no capsys)."""

import json

import pytest

from ivb.cli import main


def run_json(args: list[str]) -> tuple[int, dict]:
    """The command's exit code and the JSON it printed on stdout (what it says on stderr is left out)."""
    capture = pytest.MonkeyPatch()
    out: list[str] = []
    capture.setattr("builtins.print", lambda *a, file=None, **k: out.append(" ".join(map(str, a))) if file is None
                    else None)
    try:
        code = main(args)
    finally:
        capture.undo()
    return code, json.loads("\n".join(out))
