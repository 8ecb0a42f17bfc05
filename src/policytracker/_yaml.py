"""Strict, located YAML reading. Knows YAML, not the model.

The file is composed into nodes by libyaml (PyYAML's C parser) with YAML 1.2 core resolution, the
way editors and JSON-Schema tools read it: ``no`` stays a string, ``2025-04-05`` stays a string,
``3.10`` is a number (which the converter refuses where text belongs, with a hint to quote it).
Nothing is ever constructed from a tag, so no code can run. The nodes are then walked into plain
Python values, collecting every problem: duplicate keys, tags, anchors and aliases, too-deep
nesting, oversized scalars. The root node is kept so later steps can map a path to a line.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from typing import Any

import attrs
import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from policytracker._limits import Limits
from policytracker._repr import fields_repr
from policytracker.problems import Problem

__all__ = [
    "Limits",
    "ParsedYaml",
    "clip",
    "compose_yaml",
    "dump_yaml",
    "format_path",
    "locate",
    "may_hold_anchors",
    "parse_yaml",
    "walk_nodes",
]

PathPart = str | int

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_ALLOWED_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL, _MAP, _SEQ})


class _Core12Resolver(BaseResolver):
    """YAML 1.2 core schema resolution (no timestamps, no YAML 1.1 booleans, no sexagesimals)."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 (PyYAML's class-level registry)


_Core12Resolver.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Core12Resolver.add_implicit_resolver(
    _INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_Core12Resolver.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)
_Core12Resolver.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), [*"~nN", ""])


class _Composer(CParser, _Core12Resolver):  # type: ignore[misc,unused-ignore]
    """libyaml's parser and composer with our resolver; it never constructs objects."""

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        _Core12Resolver.__init__(self)

    # The composer calls these three for every node. PyYAML's versions also serve path resolvers,
    # which we never register; these do the same work for plain YAML 1.2 core resolution with a
    # third of the Python calls (a plain scalar is matched only against the patterns of its
    # first character, as BaseResolver does; quoted scalars are text).
    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        """The tag of an untagged node."""
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in _CORE12_BY_FIRST.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
            return _STR
        return _MAP if kind is MappingNode else _SEQ

    def descend_resolver(self, current_node: Node | None, current_index: object) -> None:
        """No path resolvers: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track."""


_CORE12_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = (
    _Core12Resolver.yaml_implicit_resolvers
)


@attrs.frozen
class ParsedYaml:
    """A parsed file: plain values (dicts, lists, scalars) and the node tree they came from."""

    __repr__ = fields_repr

    value: object
    root: Node | None


def _scalar_value(node: ScalarNode) -> object:
    tag, text = node.tag, node.value
    if tag == _STR:
        return text
    misfit = _misfit(node)  # an explicit tag (!!bool yes) must not silently read as false
    if misfit:
        raise ValueError(misfit[0])
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return text[0] in "tT"
    if tag == _INT:
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text, 10)
    lowered = text.lower()
    if lowered.endswith(("inf", "nan")):
        return float(lowered.replace(".", ""))
    return float(text)


#: Longer numbers are refused before conversion: Python's int() of a long decimal string costs
#: quadratic time, and refuses more than sys.get_int_max_str_digits() digits (640 at the least).
_MAX_NUMBER = 200
_TAG_MISFIT = (
    "the tag does not fit this value; remove the tag (only plain YAML values are read)",
    "tag",
)
_SCALAR_PATTERNS: dict[str, list[re.Pattern[str]]] = {}
for _pairs in _Core12Resolver.yaml_implicit_resolvers.values():
    for _tag, _regexp in _pairs:
        _SCALAR_PATTERNS.setdefault(_tag, []).append(_regexp)


def _misfit(node: ScalarNode) -> tuple[str, str] | None:
    """Why a scalar cannot be read, as ``(message, rule)``; None when it can.

    Either a standard tag that does not fit it (``!!int abc``, ``!!map x``), or a number too
    long to convert.
    """
    tag = node.tag
    if tag == _STR:
        return None
    patterns = _SCALAR_PATTERNS.get(tag)
    if patterns is None or not any(p.fullmatch(node.value) for p in patterns):
        return _TAG_MISFIT
    if tag in (_INT, _FLOAT) and len(node.value) > _MAX_NUMBER:
        message = (
            f"number is {len(node.value):,} characters long; the limit is {_MAX_NUMBER} "
            "(quote it if it is text)"
        )
        return message, "scalar-too-long"
    return None


class _Walker:
    """Turns nodes into plain values, collecting every problem on the way."""

    def __init__(self, file: str, limits: Limits, track_aliases: bool) -> None:
        self.file = file
        self.limits = limits
        self.problems: list[Problem] = []
        self.truncated = False
        self.seen: set[int] | None = set() if track_aliases else None
        self.aliased: set[int] = set()

    def problem(self, node: Node, path: list[PathPart], message: str, rule: str) -> None:
        if len(self.problems) >= self.limits.max_problems:
            self.truncated = True
            return
        mark = node.start_mark
        where = clip(format_path(path))
        self.problems.append(
            Problem(self.file, mark.line + 1, mark.column + 1, where, clip(message), rule)
        )

    def walk(self, node: Node, path: list[PathPart]) -> object:
        if self.seen is not None:
            if id(node) in self.seen:
                if id(node) not in self.aliased:
                    self.aliased.add(id(node))
                    self.problem(
                        node,
                        path,
                        "anchors and aliases (&name, *name) are not allowed: the value anchored "
                        "here is reused; write the value out",
                        "alias",
                    )
                return None
            self.seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            self.problem(
                node,
                path,
                f"tag {node.tag!r} is not allowed; remove it (only plain YAML values are read)",
                "tag",
            )
            return None
        if type(node) is ScalarNode:
            if len(node.value) > self.limits.max_scalar:
                self.problem(
                    node,
                    path,
                    f"value is {len(node.value):,} characters long; the limit is "
                    f"{self.limits.max_scalar:,}",
                    "scalar-too-long",
                )
                return None
            misfit = _misfit(node)
            if misfit:
                self.problem(node, path, *misfit)
                return None
            return _scalar_value(node)
        if node.tag != (_SEQ if type(node) is SequenceNode else _MAP):
            self.problem(node, path, *_TAG_MISFIT)
            return None
        if len(path) >= self.limits.max_depth:
            self.problem(
                node,
                path,
                f"nesting is deeper than {self.limits.max_depth} levels; the format never needs it",
                "too-deep",
            )
            return None
        if type(node) is SequenceNode:
            return [self.walk(item, [*path, i]) for i, item in enumerate(node.value)]
        assert type(node) is MappingNode
        result: dict[str, object] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode or key_node.tag != _STR:
                self.problem(
                    key_node, path, "keys must be plain text; quote this key", "key-not-text"
                )
                continue
            key = key_node.value
            if len(key) > self.limits.max_scalar:
                self.problem(
                    key_node,
                    path,
                    f"key is {len(key):,} characters long; the limit is {self.limits.max_scalar:,}",
                    "scalar-too-long",
                )
                continue
            if key in result:
                self.problem(
                    key_node,
                    [*path, key],
                    f"duplicate key {key!r} (first defined on line {lines[key]}); "
                    "YAML tools silently keep only one: remove or merge them",
                    "duplicate-key",
                )
                continue
            lines[key] = key_node.start_mark.line + 1
            result[key] = self.walk(value_node, [*path, key])
        return result


def _syntax_problem(exc: yaml.YAMLError, file: str, text: str) -> Problem:
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        problem = exc.problem or "invalid YAML"
        if exc.context == "expected a single document in the stream":
            message = "the file holds more than one YAML document; keep one (remove the '---' line)"
            return Problem(file, mark.line + 1, mark.column + 1, "", message, "multiple-documents")
        if "maximum nesting depth" in problem:
            # libyaml stops at 1000 levels, before any node is built.
            message = "nesting is deeper than 1000 levels; the format never needs it"
            return Problem(file, mark.line + 1, mark.column + 1, "", message, "too-deep")
        hint = ""
        lines = text.splitlines()
        if mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            hint = "; indent with spaces, not tabs"
        if mark.line < len(lines) and "\ufeff" in lines[mark.line]:
            hint += "; the line holds an invisible byte-order mark (U+FEFF): delete it"
        context = f" {exc.context}" if exc.context else ""
        started = exc.context_mark
        if started is not None and started.line != mark.line:
            context += f" that started on line {started.line + 1}"
        message = f"YAML syntax error: {problem}{context}{hint}"
        return Problem(file, mark.line + 1, mark.column + 1, "", message, "syntax")
    if isinstance(exc, yaml.reader.ReaderError):
        # A character YAML forbids (NUL, other control characters). libyaml gives no mark, only
        # an offset in UTF-8 bytes.
        line, column = _line_column(text.encode("utf-8")[: exc.position].decode("utf-8", "replace"))
        char = ord(exc.character) if isinstance(exc.character, str) else exc.character
        escape = f"\\x{char:02X}" if char < 0x100 else f"\\u{char:04X}"
        message = (
            f"YAML syntax error: character U+{char:04X} cannot appear in YAML ({exc.reason}); "
            f"remove it, or write it as the escape {escape} inside double quotes"
        )
        return Problem(file, line, column, "", message, "syntax")
    return Problem(file, None, None, "", f"YAML syntax error: {exc}", "syntax")


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _line_column(before: str) -> tuple[int, int]:
    """1-based line and column just after ``before``, counting lines the way libyaml does."""
    lines = _LINE_BREAK.split(before)
    return len(lines), len(lines[-1]) + 1


def parse_yaml(
    text: str, file: str, limits: Limits | None = None
) -> tuple[ParsedYaml, list[Problem]]:
    """Parse one YAML document strictly; return the values and every problem found.

    Syntax errors stop the parse (the returned value is then ``None``); all other problems are
    collected while the rest of the file is still read.
    """
    root, problems = compose_yaml(text, file)
    if root is None:
        return ParsedYaml(None, None), problems
    return walk_nodes(root, text, file, limits)


def compose_yaml(text: str, file: str) -> tuple[Node | None, list[Problem]]:
    """The first half of :func:`parse_yaml`: the node tree, or None and the problem that stopped it.

    Nothing is built from the nodes yet; :func:`walk_nodes` (or a typed builder that gives way to
    it on anything unusual) does that.
    """
    try:
        root = _Composer(text).get_single_node()
    except yaml.YAMLError as exc:
        return None, [_syntax_problem(exc, file, text)]
    except RecursionError:
        problem = Problem(file, None, None, "", "nesting is too deep to read", "too-deep")
        return None, [problem]
    except UnicodeEncodeError as exc:
        # Only text handed in directly can hold a lone surrogate; files are decoded strictly.
        line, column = _line_column(text[: exc.start])
        message = f"character U+{ord(text[exc.start]):04X} is a lone surrogate, not valid Unicode"
        return None, [Problem(file, line, column, "", message, "encoding")]
    if root is None or (type(root) is ScalarNode and root.tag == _NULL and not root.value):
        # No document, or one holding nothing ("---" alone).
        return None, [
            Problem(
                file,
                1,
                1,
                "",
                "the file holds no data; start from the template in docs/data-format.md",
                "empty",
            )
        ]
    return root, []


def walk_nodes(
    root: Node, text: str, file: str, limits: Limits | None = None
) -> tuple[ParsedYaml, list[Problem]]:
    """The second half of :func:`parse_yaml`: plain values from the nodes, with every problem."""
    limits = limits or Limits()
    # An alias needs an anchor: without one, skip the identity bookkeeping.
    walker = _Walker(file, limits, track_aliases=may_hold_anchors(text))
    value = walker.walk(root, [])
    if walker.truncated:
        walker.problems.append(_too_many(file, limits.max_problems))
    return ParsedYaml(value, root), walker.problems


def _too_many(file: str, limit: int) -> Problem:
    from policytracker._limits import too_many

    return Problem(file, None, None, "", too_many(limit), "too-many-problems")


# libyaml reads an anchor as '&' and one or more of [0-9A-Za-z_-] at the start of a token: at the
# start of the text, after whitespace (line breaks included), after a flow indicator, or after
# ':' (a JSON-like key). Anything else is part of a scalar, or a syntax error. Quotes and NUL are
# admitted as well, to err on the safe side: a false match only costs the identity bookkeeping.
_ANCHOR_NAME = re.compile(r"&[0-9A-Za-z_-]")
_BEFORE_ANCHOR = frozenset(" \t\r\n\x85\u2028\u2029\ufeff\x00[]{},:\"'")


def reads_an_anchor(text: str) -> bool:
    """Whether libyaml reads an anchor in ``text`` (up to a syntax error, if there is one).

    The exact, slow answer that :func:`may_hold_anchors` approximates cheaply; the fuzz tests use
    it as the oracle that the shortcut never misses an anchor.
    """
    parser = CParser(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            if not isinstance(event, yaml.AliasEvent) and getattr(event, "anchor", None):
                return True
    except yaml.YAMLError:
        pass
    finally:
        parser.dispose()
    return False


def may_hold_anchors(text: str) -> bool:
    """Whether ``text`` may hold an anchor (``&name``), hence aliases to it.

    False only when libyaml cannot read an anchor in it: '&' in URLs (``?a=1&b=2``) and words
    (``R&D``) do not count, so real files skip the cost of tracking every node.
    """
    for match in _ANCHOR_NAME.finditer(text):
        start = match.start()
        if start == 0 or text[start - 1] in _BEFORE_ANCHOR or text[start - 1].isspace():
            return True
    return False


def clip(text: str, limit: int = 400) -> str:
    """``text``, cut in the middle when it quotes a huge value (a 1 MB key, tag or id)."""
    if len(text) <= limit:
        return text
    return f"{text[: limit // 2]} […{len(text) - limit:,} characters…] {text[-limit // 2 :]}"


def format_path(path: Sequence[PathPart]) -> str:
    """Render ``["releases", 12, "licenses"]`` as ``releases[12].licenses``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


#: Key indexes of the large mappings :func:`locate` was asked about, dropped with their nodes.
_INDEXES: weakref.WeakKeyDictionary[MappingNode, dict[str, tuple[Node, Node]]] = (
    weakref.WeakKeyDictionary()
)


def _entry(node: MappingNode, key: str) -> tuple[Node, Node] | None:
    """The first ``(key node, value node)`` of ``key`` in ``node``.

    A mapping with thousands of unknown keys gets a problem per key, each located here: large
    mappings are indexed once, so locating them all stays linear.
    """
    if len(node.value) < 64:
        for key_node, value_node in node.value:
            if type(key_node) is ScalarNode and key_node.value == key:
                return key_node, value_node
        return None
    index = _INDEXES.get(node)
    if index is None:
        index = {}
        for key_node, value_node in node.value:
            if type(key_node) is ScalarNode:
                index.setdefault(key_node.value, (key_node, value_node))
        _INDEXES[node] = index
    return index.get(key)


def locate(root: Node | None, path: Sequence[PathPart], *, key: bool = False) -> Node | None:
    """The node at ``path``, or the deepest existing node on the way to it.

    With ``key=True`` and a mapping entry at the end of the path, the key's node is returned,
    which is where an unknown or misspelled key should be reported.
    """
    node = root
    if node is None:
        return None
    for i, part in enumerate(path):
        last = i == len(path) - 1
        if type(node) is MappingNode and isinstance(part, str):
            entry = _entry(node, part)
            if entry is None:
                return node
            node = entry[0] if (key and last) else entry[1]
        elif type(node) is SequenceNode and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return node
    return node


class _UnionResolver(BaseResolver):
    """Resolve a plain scalar to non-text if YAML 1.1 *or* 1.2 would.

    The dumper quotes those, so files we write read the same in every YAML tool.
    """

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 (PyYAML's class-level registry)


for _source in (yaml.resolver.Resolver, _Core12Resolver):
    for _first, _pairs in _source.yaml_implicit_resolvers.items():
        _UnionResolver.yaml_implicit_resolvers.setdefault(_first, []).extend(_pairs)


class _Dumper(
    yaml.emitter.Emitter,
    yaml.serializer.Serializer,
    yaml.representer.SafeRepresenter,
    _UnionResolver,
):
    """Block style, sequences indented under their key, text quoted only where it must be."""

    def __init__(self, stream: Any, width: int = 100) -> None:
        yaml.emitter.Emitter.__init__(self, stream, width=width, allow_unicode=True)
        yaml.serializer.Serializer.__init__(self)
        yaml.representer.SafeRepresenter.__init__(self, default_flow_style=False, sort_keys=False)
        _UnionResolver.__init__(self)

    def ignore_aliases(self, data: Any) -> bool:
        """Write every value out: the reader refuses anchors and aliases."""
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Never write a sequence indentless."""
        super().increase_indent(flow, indentless=False)


def dump_yaml(value: object, width: int = 100) -> str:
    """Write plain values as block YAML that :func:`parse_yaml` reads back unchanged."""
    import io

    stream = io.StringIO()
    dumper = _Dumper(stream, width=width)
    try:
        dumper.open()
        dumper.represent(value)
        dumper.close()
    finally:
        dumper.dispose()
    return stream.getvalue()


_UNION = _UnionResolver()


def needs_quotes(text: str) -> bool:
    """Whether plain ``text`` would be read as something other than text by YAML 1.1 or 1.2."""
    tag: str = _UNION.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag != _STR
