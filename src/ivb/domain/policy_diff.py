"""Differences between two policy documents, as lines a person can read.

Lists of items with a `key` (priorities, indicators, themes, ...) are matched by key, so moving or
inserting one item shows as that change and not as a change of every item after it.
"""

from ivb.domain.policy import Policy


def diff(old: Policy, new: Policy) -> list[str]:
    return list(_diff(old.to_data(), new.to_data(), ""))


def _diff(a: object, b: object, path: str):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            sub = f"{path}.{key}" if path else str(key)
            if key not in b:
                yield f"- {sub}: {_show(a[key])}"
            elif key not in a:
                yield f"+ {sub}: {_show(b[key])}"
            else:
                yield from _diff(a[key], b[key], sub)
    elif isinstance(a, list) and isinstance(b, list) and _keyed(a) and _keyed(b):
        old, new = {i["key"]: i for i in a}, {i["key"]: i for i in b}
        for key in list(old) + [k for k in new if k not in old]:
            sub = f"{path}[{key}]"
            if key not in new:
                yield f"- {sub}"
            elif key not in old:
                yield f"+ {sub}"
            else:
                yield from _diff(old[key], new[key], sub)
        if [k for k in old if k in new] != [k for k in new if k in old]:
            yield f"~ {path}: volgorde gewijzigd"
    elif a != b:
        yield f"~ {path}: {_show(a)} -> {_show(b)}"


def _keyed(items: list) -> bool:
    return all(isinstance(i, dict) and "key" in i for i in items)


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."
