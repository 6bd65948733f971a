"""`ivb policy upgrade`: rewrite a version 1 policy file as version 2, keeping its comments and layout.

The file is edited where version 2 differs (`schema_version` added, `adoption:` becomes a list `adoptions:`,
`field: "1"` becomes `fields: ["1"]`) rather than written out again, so the comments a person wrote stay. The
result is checked: it must be a valid version 2 file holding the same policy. When an unusual layout defeats
the edit, the policy is written out from the model instead, and the caller is told comments were lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from ivb.domain.policy import upgrade, validate_text
from ivb.domain.yamlsource import Problem, load


@dataclass
class UpgradeResult:
    text: str
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    comments_lost: bool = False


def upgrade_text(text: str) -> UpgradeResult:
    """The file as version 2, with what changed. Only a valid file is upgraded (else: its problems)."""
    validation = validate_text(text)
    if not validation.ok:
        return UpgradeResult(text, problems=validation.problems)
    assert validation.policy is not None  # a valid file is read into a policy
    changes = upgrade(load(text).data).changes
    if not changes:
        return UpgradeResult(text)
    try:
        edited = _edit(text)
    except _CannotEdit:
        edited = None
    if edited is not None and _same_policy(edited, validation.policy):
        return UpgradeResult(edited, changes)
    written = yaml.safe_dump(validation.policy.to_data(), allow_unicode=True, sort_keys=False, width=110)
    return UpgradeResult(written, changes, comments_lost=True)


def _same_policy(text: str, policy) -> bool:
    again = validate_text(text)
    data = load(text).data
    return again.ok and again.policy == policy and isinstance(data, dict) and data.get("schema_version") == 2


class _CannotEdit(Exception):
    pass


def _edit(text: str) -> str:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode) or root.flow_style or not root.value:
        raise _CannotEdit
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) as character offsets
    first_key = root.value[0][0]
    if first_key.start_mark.column != 0:
        raise _CannotEdit
    edits.append((first_key.start_mark.index, first_key.start_mark.index, "schema_version: 2\n"))
    for key, value in root.value:
        if key.value == "adoption":
            edits += _as_list(text, key, value, "adoptions")
        elif key.value in ("priorities", "other_themes") and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                if isinstance(item, yaml.MappingNode):
                    edits += [e for k, v in item.value if k.value == "field" for e in _field(text, k, v)]
    out = text
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + replacement + out[end:]
    return out


def _field(text: str, key: yaml.Node, value: yaml.Node) -> list[tuple[int, int, str]]:
    """`field: "1"` -> `fields: ["1"]`, the value as written."""
    if not isinstance(value, yaml.ScalarNode) or value.start_mark.line != value.end_mark.line:
        raise _CannotEdit
    raw = text[value.start_mark.index:value.end_mark.index]
    return [(key.start_mark.index, key.end_mark.index, "fields"),
            (value.start_mark.index, value.end_mark.index, f"[{raw}]")]


def _as_list(text: str, key: yaml.Node, value: yaml.Node, new_key: str) -> list[tuple[int, int, str]]:
    """`key: {block}` -> `new_key:` with the block as the one item of a list."""
    edits = [(key.start_mark.index, key.end_mark.index, new_key)]
    if isinstance(value, yaml.MappingNode) and value.flow_style:
        return edits + [(value.start_mark.index, value.start_mark.index, "["),
                        (value.end_mark.index, value.end_mark.index, "]")]
    if not isinstance(value, yaml.MappingNode) or value.start_mark.line == key.start_mark.line:
        raise _CannotEdit
    edits.append((value.start_mark.index, value.start_mark.index, "- "))
    # Every further line of the block two places to the right, so it stays under the item.
    last = value.end_mark.line if value.end_mark.column else value.end_mark.line - 1
    offsets = _line_offsets(text)
    for line in range(value.start_mark.line + 1, last + 1):
        if line < len(offsets) and text[offsets[line]:offsets[line] + 1] not in ("\n", ""):
            edits.append((offsets[line], offsets[line], "  "))
    return edits


def _line_offsets(text: str) -> list[int]:
    offsets, position = [0], 0
    for line in text.splitlines(keepends=True):
        position += len(line)
        offsets.append(position)
    return offsets
