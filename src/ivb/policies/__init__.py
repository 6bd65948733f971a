"""Policies shipped with IVB, as YAML. Reading them needs no database."""

from importlib import resources


def lisse_policy_text() -> str:
    return resources.files(__name__).joinpath("lisse-2020-2023.yaml").read_text(encoding="utf-8")
