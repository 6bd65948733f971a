"""Load YAML while remembering where every value stands, so problems can name a line.

PyYAML silently lets a repeated key overwrite the first one; policy files are hand-written, so a
repeated key is reported as a problem instead.
"""

import re
from dataclasses import dataclass, field

import yaml

from ivb.domain.numbers import format_number, format_size

Path = tuple[str | int, ...]

# Limits checked before or while parsing, so no file can take the server's memory, time or stack: a real policy
# (Lisse's) is 37 kB deep 7 levels, with lists of a few dozen entries. Pure-Python YAML parses about 80 kB/s,
# so the size limit also bounds the time one upload can take (docs/limits.md).
MAX_BYTES = 256 * 1024
MAX_DEPTH = 20
MAX_LIST_ITEMS = 200


class _TooDeep(yaml.YAMLError):
    def __init__(self, mark):
        self.problem_mark = mark


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML composes nested blocks by recursion: a deeply nested file ran out of stack (a server error)."""

    depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


@dataclass
class Problem:
    """One thing wrong with an input file, in plain words, with where it is."""

    message: str
    line: int | None = None
    path: str = ""

    def render(self, filename: str) -> str:
        where = f"{filename}:{self.line}" if self.line else filename
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


@dataclass
class Located:
    """Plain data (dicts, lists, scalars) plus the line of every path in it."""

    data: object
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: Path) -> int | None:
        """The line of `path`, or of its nearest parent that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None


def key_path(path: Path) -> str:
    """The path as the file's keys spell it: priorities[2].indicators[1].target_year."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# An item of a list, as a reader counts it: "prioriteit 3", not priorities[2] (walk AH: a coordinator read
# "priorities[2].indicators[1].target_year" on the upload page).
LIST_ITEMS = {"priorities": "prioriteit", "general_objectives": "algemene doelstelling", "other_themes": "overig thema",
              "indicators": "indicator", "adoptions": "vaststelling", "municipalities": "gemeente",
              "series": "reeks", "principles": "uitgangspunt", "themes": "thema", "fields": "veiligheidsveld",
              "municipal_targets": "doel per gemeente", "partners": "partner", "sources": "bron"}


def format_path(path: Path) -> str:
    """Where in the file, in words with the key it ends on: "prioriteit 3 › indicator 2 › target_year"."""
    words: list[str] = []
    for i, part in enumerate(path):
        if isinstance(part, int):
            before = path[i - 1] if i else ""
            noun = LIST_ITEMS.get(str(before), "")
            if noun and words and words[-1] == before:
                words[-1] = f"{noun} {part + 1}"
            else:
                words.append(f"nr. {part + 1}")
        else:
            words.append(str(part))
    return " › ".join(words)


def load(text: str, keys: frozenset[str] | None = None) -> Located:
    """Parse YAML text. Syntax errors, repeated keys and what goes past the limits become problems, never
    exceptions. `keys`: the keys the file may hold; a line indented too far is named as such only when it starts
    with one of them (a wrapped sentence such as "bijvoorbeeld: minder inbraken" is not a key)."""
    size = len(text.encode("utf-8", errors="replace")) if len(text) * 4 > MAX_BYTES else len(text)
    if size > MAX_BYTES:
        return Located(None, problems=[Problem(f"het bestand is {format_size(size)}; het maximum is "
                                               f"{format_size(MAX_BYTES)}; een beleid is zelden groter dan 50 kB")])
    try:
        root = yaml.compose(text, Loader=_BoundedLoader)
    except _TooDeep as exc:
        return Located(None, problems=[Problem(f"te diep genest: meer dan {MAX_DEPTH} niveaus; een beleid heeft er "
                                               "hooguit een stuk of acht", exc.problem_mark.line + 1)])
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow; it has no mark, only a position
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        character = exc.character if isinstance(exc.character, int) else ord(exc.character or "?")
        control = " (een onzichtbaar stuurteken)" if character < 0x20 or 0x7F <= character < 0xA0 else ""
        return Located(None, problems=[Problem(
            f"geen geldige YAML: het teken U+{character:04X}{control} kan niet in het bestand staan; haal het weg, "
            "bijvoorbeeld door de regel opnieuw te typen", line)])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if getattr(exc, "context", None) == "while scanning a simple key":
            # A key without its ':' is found only on the next line; name the key's own.
            mark = getattr(exc, "context_mark", None) or mark
        reason = dutch_yaml_problem(getattr(exc, "problem", None) or "", getattr(exc, "context", None) or "")
        if mark is not None and (deeper := _indented_key(text, mark.line, getattr(exc, "problem", None) or "", keys)):
            reason = deeper
        return Located(None, problems=[Problem(f"geen geldige YAML ({reason}); controleer inspringing, aanhalingstekens en haakjes", mark.line + 1 if mark else None)])
    located = Located(None)
    if root is None:
        located.problems.append(Problem("het bestand is leeg"))
        return located
    located.data = _build(root, (), located, set())
    return located


# PyYAML's problems in Dutch: a policy advisor reads the message, not a parser's English (walk T). The tokens it
# names, and the problems a hand-written file meets; anything else gets a general sentence.
_YAML_TOKENS = {
    "<block end>": "het einde van een blok", "<block mapping start>": "een nieuw blok (een sleutel met ':')",
    "<block sequence start>": "een nieuwe lijst ('- ')", "<scalar>": "een waarde", "<document start>": "'---'",
    "<stream end>": "het einde van het bestand", "<block entry>": "een lijstregel ('- ')", "<key>": "een sleutel",
    "<value>": "een ':'", "<flow mapping end>": "'}'", "<flow sequence end>": "']'", "<flow entry>": "','",
    "<anchor>": "een anker ('&')", "<alias>": "een verwijzing ('*')", "?": "een sleutel", "-": "een lijstregel ('- ')",
}
_YAML_PROBLEMS = [
    (r"mapping values are not allowed here",
     "hier mag geen ':' staan; zet een tekst met een dubbele punt tussen aanhalingstekens"),
    (r"could not find expected ':'", "hier ontbreekt de ':' na een sleutel"),
    (r"found character '\\t' that cannot start any token", "een tab kan hier niet; spring in met spaties"),
    (r"found character (.+) that cannot start any token", r"het teken \1 kan hier niet staan"),
    (r"found unexpected end of stream", "het bestand houdt op terwijl er nog iets open staat (een aanhalingsteken of "
                                        "haakje?)"),
    (r"found undefined alias (.+)", r"onbekende verwijzing \1"),
    (r"found unknown escape character (.+)", r"onbekend teken \1 na een backslash; gebruik enkele aanhalingstekens"),
    (r"sequence entries are not allowed here", "hier mag geen lijstregel ('- ') staan"),
    (r"mapping keys are not allowed here", "hier mag geen sleutel staan"),
    (r"invalid indentation or unclosed '\[' or '\{'", "verkeerde inspringing, of een '[' of '{' die niet gesloten is"),
    (r"expected a comment or a line break, but found (.+)", r"na de waarde mag alleen commentaar of een nieuwe regel, "
                                                           r"maar er staat \1"),
    (r"expected a single document in the stream", "het bestand bevat meer dan één document ('---')"),
    (r"found unexpected document separator", "onverwacht '---' midden in het bestand"),
    (r"found duplicate (\S+) directive", r"de regel '%\1' staat er twee keer"),
    (r"found incompatible YAML document.*", "het bestand vraagt om een YAML-versie die IVB niet leest ('%YAML')"),
    (r"expected (.+?), but (?:found|got) (.+)", None),  # the tokens translated below
]


def _indented_key(text: str, line: int, problem: str, keys: frozenset[str] | None = None) -> str:
    """Words for a key indented further than the keys above it ("  name: x" then "    series: y"): YAML reads it
    as the rest of the value above, and its ':' as one that may not stand there. Walk AH: the advice was to put
    quotes around a text with a colon, which was not the problem. '' when the line is something else."""
    import re

    lines = text.splitlines()
    # A plain value above reads the line as its continuation ("mapping values are not allowed"); a flow mapping
    # above ("target: {…}") cannot continue, and a new block starts where none may (walk AL).
    if not ("mapping values are not allowed" in problem or "but found '<block mapping start>'" in problem) or \
            not 0 < line < len(lines):
        return ""
    this = re.fullmatch(r"( *)([A-Za-z_][\w-]*):(\s.*)?", lines[line])
    above = next((lines[i] for i in range(line - 1, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")),
                 "")
    before = re.fullmatch(r"( *)(?:- )?([A-Za-z_][\w-]*):\s*\S.*", above)
    if this is None or before is None or (keys is not None and this.group(2) not in keys):
        return ""
    key_column = len(before.group(1)) + (2 if above.lstrip().startswith("- ") else 0)
    if len(this.group(1)) <= key_column:
        return ""
    n = len(this.group(1)) - key_column
    read = ("en wordt zo als het vervolg van die waarde gelezen" if "mapping values" in problem else
            "en begint zo een nieuw blok waar dat niet kan")
    return (f"'{this.group(2)}' springt {n} {'spatie' if n == 1 else 'spaties'} verder in dan '{before.group(2)}' "
            f"erboven {read}; zet hem even ver in als '{before.group(2)}'")


def dutch_yaml_problem(problem: str, context: str = "") -> str:
    """A PyYAML problem in Dutch words. Some problems say what they are only with their context ("expected a
    single document in the stream" + "but found another document"), so each rule is tried on both."""
    import re

    problem = problem.strip()
    for pattern, words in _YAML_PROBLEMS:
        found = re.fullmatch(pattern, problem, flags=re.S) or re.fullmatch(pattern, context.strip(), flags=re.S)
        if found is None:
            continue
        if words is not None:
            return found.expand(words)
        expected, seen = (_yaml_token(part) for part in found.groups())
        return f"verwacht {expected}, maar er staat {seen}"
    return "de opbouw van het bestand klopt hier niet"


def _yaml_token(text: str) -> str:
    bare = text.strip().strip("'")
    if bare in _YAML_TOKENS:
        return _YAML_TOKENS[bare]
    return " of ".join(part.strip() for part in text.split(" or "))


def _a_decimal_comma(mapping: yaml.MappingNode, before: yaml.Node, key_node: yaml.Node, value_node: yaml.Node) -> bool:
    """Whether a key of a flow mapping ({…}) is the decimals of the number before it: "value: 7,5" there is
    value 7 and a key 5 without a value."""
    return (bool(mapping.flow_style) and isinstance(before, yaml.ScalarNode) and isinstance(key_node, yaml.ScalarNode)
            and isinstance(value_node, yaml.ScalarNode) and value_node.value == "" and not key_node.style
            and re.fullmatch(r"[+-]?\d+", before.value or "") is not None and not before.style
            and re.fullmatch(r"\d+", key_node.value) is not None)


def _build(node: yaml.Node, path: Path, out: Located, seen: set[int], alias_line: int | None = None) -> object:
    line = node.start_mark.line + 1
    if id(node) in seen:
        line = alias_line or line  # the alias's own place; the node's mark is where its anchor stands
        # An alias (*name) points at a node built before. Expanding aliases lets a few bytes grow into
        # gigabytes, and a policy reads better written out, so they are refused.
        out.problems.append(Problem("verwijzingen met &anker en *alias (ook '<<:') worden niet ondersteund; "
                                    "schrijf de waarde uit", line, format_path(path)))
        return None
    out.lines[path] = line
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        before: yaml.Node | None = None  # the value node of the key before
        for key_node, value_node in node.value:
            key = _scalar(key_node, path, out)
            if before is not None and _a_decimal_comma(node, before, key_node, value_node):
                # Walk AO: "{value: 7,5}" read "sleutel 5 moet tekst zijn" and "5: onbekend veld".
                number = f"{before.value},{key_node.value}"
                out.problems.append(Problem(
                    f"'{number}': tussen {{ }} scheidt een komma de velden; schrijf {number.replace(',', '.')} (met "
                    "een punt; in het beleidsbestand is de punt het decimaalteken)", key_node.start_mark.line + 1,
                    format_path(path)))
                before = value_node
                continue
            before = value_node
            if not isinstance(key, str):
                out.problems.append(Problem(f"sleutel {key!r} moet tekst zijn", key_node.start_mark.line + 1,
                                            format_path(path)))
                key = str(key)
            if key in result:
                out.problems.append(Problem(
                    f"sleutel '{key}' komt twee keer voor (eerst op regel {out.lines[path + (key,)]})",
                    key_node.start_mark.line + 1, format_path(path)))
                continue
            result[key] = _build(value_node, path + (key,), out, seen, key_node.start_mark.line + 1)
            # A key's line is where the key stands, not where its (block) value starts.
            out.lines[path + (key,)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        if len(node.value) > MAX_LIST_ITEMS:
            out.problems.append(Problem(f"de lijst heeft {format_number(len(node.value), 'count')} onderdelen; het "
                                        f"maximum is {format_number(MAX_LIST_ITEMS, 'count')}", line,
                                        format_path(path)))
            return []
        return [_build(item, path + (i,), out, seen, line) for i, item in enumerate(node.value)]
    return _scalar(node, path, out)


def _scalar(node: yaml.Node, path: Path, out: Located) -> object:
    if not isinstance(node, yaml.ScalarNode):
        out.problems.append(Problem("een sleutel moet tekst zijn, geen lijst of blok", node.start_mark.line + 1,
                                    format_path(path)))
        return "?"
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except Exception as exc:  # PyYAML's constructors raise what they meet (KeyError for
        # !!bool x, IndexError for !!int "", AttributeError for !!timestamp x); any of it is an unreadable value.
        # e.g. 2019-02-30 (no such date), !!int "x", or a tag such as !!python/object that safe YAML refuses.
        out.problems.append(Problem(f"waarde {node.value!r} is niet te lezen ({_reason(node, exc)})",
                                    node.start_mark.line + 1, format_path(path)))
        return node.value
    finally:
        loader.dispose()


def _reason(node: yaml.ScalarNode, exc: Exception) -> str:
    """Why a value cannot be read, in Dutch: a tag IVB does not know, a date that does not exist, no number."""
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")  # as it was written
    kind = tag.removeprefix("!!")
    if isinstance(exc, yaml.constructor.ConstructorError) and "could not determine a constructor" in (exc.problem or ""):
        return f"het label {tag} wordt niet ondersteund; laat het weg"
    if kind == "timestamp":
        return "geen bestaande datum; schrijf bijvoorbeeld 2019-02-28"
    if kind in ("int", "float"):
        return "geen getal"
    if kind == "bool":
        return "geen ja/nee-waarde; schrijf true of false"
    return f"past niet bij het label {tag}; laat het label weg"
