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
from collections.abc import Sequence
from typing import Any

import attrs
import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from policytracker.problems import Problem

__all__ = ["Limits", "ParsedYaml", "dump_yaml", "format_path", "locate", "parse_yaml"]

PathPart = str | int

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_ALLOWED_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL, _MAP, _SEQ})


@attrs.frozen
class Limits:
    """Bounds that keep a hostile file from costing time or memory."""

    max_bytes: int = 256 * 1024 * 1024
    max_depth: int = 40
    max_scalar: int = 1024 * 1024


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


@attrs.frozen
class ParsedYaml:
    """A parsed file: plain values (dicts, lists, scalars) and the node tree they came from."""

    value: object
    root: Node | None


def _scalar_value(node: ScalarNode) -> object:
    tag, text = node.tag, node.value
    if tag == _STR:
        return text
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


class _Walker:
    """Turns nodes into plain values, collecting every problem on the way."""

    def __init__(self, file: str, limits: Limits, track_aliases: bool) -> None:
        self.file = file
        self.limits = limits
        self.problems: list[Problem] = []
        self.seen: set[int] | None = set() if track_aliases else None
        self.aliased: set[int] = set()

    def problem(self, node: Node, path: list[PathPart], message: str, rule: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.file, mark.line + 1, mark.column + 1, format_path(path), message, rule)
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
            return _scalar_value(node)
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
        hint = ""
        lines = text.splitlines()
        if mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            hint = "; indent with spaces, not tabs"
        context = f" {exc.context}" if exc.context else ""
        started = exc.context_mark
        if started is not None and started.line != mark.line:
            context += f" that started on line {started.line + 1}"
        message = f"YAML syntax error: {problem}{context}{hint}"
        return Problem(file, mark.line + 1, mark.column + 1, "", message, "syntax")
    return Problem(file, None, None, "", f"YAML syntax error: {exc}", "syntax")


def parse_yaml(
    text: str, file: str, limits: Limits | None = None
) -> tuple[ParsedYaml, list[Problem]]:
    """Parse one YAML document strictly; return the values and every problem found.

    Syntax errors stop the parse (the returned value is then ``None``); all other problems are
    collected while the rest of the file is still read.
    """
    limits = limits or Limits()
    try:
        root = _Composer(text).get_single_node()
    except yaml.YAMLError as exc:
        return ParsedYaml(None, None), [_syntax_problem(exc, file, text)]
    except RecursionError:
        problem = Problem(file, None, None, "", "nesting is too deep to read", "too-deep")
        return ParsedYaml(None, None), [problem]
    if root is None:
        return ParsedYaml(None, None), [
            Problem(
                file,
                1,
                1,
                "",
                "the file holds no data; start from the template in docs/data-format.md",
                "empty",
            )
        ]
    # An alias needs an anchor, and an anchor needs '&': without one, skip the identity bookkeeping.
    walker = _Walker(file, limits, track_aliases="&" in text)
    value = walker.walk(root, [])
    return ParsedYaml(value, root), walker.problems


def format_path(path: Sequence[PathPart]) -> str:
    """Render ``["releases", 12, "licenses"]`` as ``releases[12].licenses``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


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
            for key_node, value_node in node.value:
                if type(key_node) is ScalarNode and key_node.value == part:
                    node = key_node if (key and last) else value_node
                    break
            else:
                return node
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
