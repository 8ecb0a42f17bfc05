"""Typed model values straight from YAML nodes: the fast path for a file without problems.

The careful path walks the nodes into plain values (:func:`policytracker._yaml.walk_nodes`), then
the strict converter structures those (:mod:`policytracker._convert`), collecting every problem
with its location. On a valid file that is two full passes and a second copy of the data. The
builders here make one pass from the nodes to the attrs values and accept exactly what both of
those steps accept. On anything else (a wrong type, an unknown or duplicate key, a tag, an alias,
an oversized scalar, a bad date) they give up with :class:`GiveUp` and the loader runs the careful
path, which finds and locates the problems. So a file with problems costs one extra, partial
pass, and the messages come from one place only.

Invariant, checked by the tests on every fixture: when :func:`build_dataset` returns a value, the
careful path reports no problem and structures an equal value.
"""

from __future__ import annotations

import datetime as dt
import enum
import operator
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from policytracker._limits import Limits
from policytracker._yaml import _BOOL, _INT, _MAP, _NULL, _SEQ, _STR, _scalar_value
from policytracker.dates import DateSpan, parse_day
from policytracker.model import Dataset

__all__ = ["GiveUp", "build_dataset", "model_depth"]

Build = Callable[[Node], Any]


class GiveUp(Exception):  # noqa: N818 (a signal, not an error shown to anyone)
    """The fast path met something only the careful path can report."""


def _optional_inner(tp: Any) -> Any | None:
    """``X`` for ``X | None``; None for any other type."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(tp)) == 2:
            return args[0]
    return None


def model_depth(tp: Any = Dataset) -> int:
    """How many mappings and sequences deep the model nests, at most (the root counts as 1)."""
    inner = _optional_inner(tp)
    if inner is not None:
        return model_depth(inner)
    origin = typing.get_origin(tp)
    if origin is tuple:
        return 1 + model_depth(typing.get_args(tp)[0])
    if origin is dict:
        return 1 + model_depth(typing.get_args(tp)[1])
    if tp is DateSpan or tp is dt.date:
        return 0  # written as one scalar
    if isinstance(tp, type) and attrs.has(tp):
        hints = typing.get_type_hints(tp)
        return 1 + max((model_depth(hints[f.name]) for f in attrs.fields(tp)), default=0)
    return 0


_MODEL_DEPTH = model_depth()


class _Builders:
    """One builder per type, made on first use, sharing the alias and size checks.

    Aliases: the careful path reports a node met twice. Here every collection records the ids of
    its children in one C-level ``set.update`` and compares sizes, which costs far less than a
    check per node; the root is recorded first.
    """

    def __init__(self, limits: Limits, track_aliases: bool) -> None:
        self.max_scalar = limits.max_scalar
        self.seen: set[int] | None = set() if track_aliases else None
        self.made: dict[Any, Build] = {}

    def get(self, tp: Any) -> Build:
        """The builder for ``tp``."""
        found = self.made.get(tp)
        if found is None:
            found = self.made[tp] = self._make(tp)
        return found

    def _make(self, tp: Any) -> Build:
        inner = _optional_inner(tp)
        if inner is not None:
            return self._optional(inner)
        if tp is str:
            return self._text(optional=False)
        if tp is int or tp is bool:
            return self._value(_INT if tp is int else _BOOL, tp)
        if tp is DateSpan:
            return self._span()
        if tp is dt.date:
            text = self._text(optional=False)

            def day(node: Node) -> dt.date:
                try:
                    return parse_day(text(node))
                except ValueError:
                    raise GiveUp from None

            return day
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return self._enum(tp)
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return self._tuple(args[0])
        if origin is dict and args[0] is str:
            return self._dict(args[1])
        if isinstance(tp, type) and attrs.has(tp):
            return self._attrs(tp)
        msg = f"no builder for {tp!r}"
        raise TypeError(msg)

    def _children(self, *, values: bool = False) -> Callable[[list[Any]], None]:
        """A function recording a collection's children (``values``: of its key-value pairs)."""
        seen = self.seen
        if seen is None:
            return _ignore
        update = seen.update
        second = operator.itemgetter(1)

        def record(nodes: list[Any]) -> None:
            before = len(seen)
            update(map(id, map(second, nodes)) if values else map(id, nodes))
            if len(seen) - before != len(nodes):
                raise GiveUp  # an alias: a node met twice

        return record

    def _text(self, *, optional: bool) -> Build:
        max_scalar = self.max_scalar

        def text(node: Node) -> str | None:
            if type(node) is not ScalarNode:
                raise GiveUp
            value: str = node.value
            if len(value) > max_scalar:
                raise GiveUp
            tag = node.tag
            if tag == _STR:
                return value
            if optional and tag == _NULL:
                _scalar_value(node)  # raises on a tagged value that is no null (!!null abc)
                return None
            raise GiveUp

        return text

    def _value(self, tag: str, kind: type) -> Build:
        """A non-text scalar, read exactly as the careful path reads it."""
        max_scalar = self.max_scalar

        def value(node: Node) -> Any:
            if type(node) is not ScalarNode or node.tag != tag or len(node.value) > max_scalar:
                raise GiveUp
            found = _scalar_value(node)
            if type(found) is not kind:
                raise GiveUp
            return found

        return value

    def _optional(self, inner: Any) -> Build:
        if inner is str:
            return self._text(optional=True)
        build = self.get(inner)
        max_scalar = self.max_scalar

        def optional(node: Node) -> Any:
            if node.tag == _NULL and type(node) is ScalarNode:
                if len(node.value) > max_scalar:
                    raise GiveUp
                _scalar_value(node)  # raises on a tagged value that is no null (!!null abc)
                return None
            return build(node)

        return optional

    def _span(self) -> Build:
        text = self._text(optional=False)
        year = self._value(_INT, int)
        spans: dict[str, DateSpan] = {}

        def span(node: Node) -> DateSpan:
            if node.tag == _INT:
                number = year(node)
                if not 1000 <= number <= 9999:
                    raise GiveUp
                label = str(number)
            else:
                label = text(node)
            # Equal labels give equal spans; sharing one (they are immutable) saves memory.
            found = spans.get(label)
            if found is None:
                try:
                    found = spans[label] = DateSpan.parse(label)
                except ValueError:
                    raise GiveUp from None
            return found

        return span

    def _enum(self, cls: type[enum.Enum]) -> Build:
        members = {m.value: m for m in cls}
        text = self._text(optional=False)

        def member(node: Node) -> enum.Enum:
            found = members.get(text(node))
            if found is None:
                raise GiveUp
            return found

        return member

    def _tuple(self, item_type: Any) -> Build:
        item = self.get(item_type)
        record = self._children()

        def sequence(node: Node) -> tuple[Any, ...]:
            if type(node) is not SequenceNode or node.tag != _SEQ:
                raise GiveUp
            items = node.value
            record(items)
            return tuple([item(x) for x in items])

        return sequence

    def _dict(self, value_type: Any) -> Build:
        value_of = self.get(value_type)
        record = self._children(values=True)

        def mapping(node: Node) -> dict[str, Any]:
            if type(node) is not MappingNode or node.tag != _MAP:
                raise GiveUp
            pairs = node.value
            record(pairs)
            out: dict[str, Any] = {}
            for key_node, value_node in pairs:
                if type(key_node) is not ScalarNode or key_node.tag != _STR:
                    raise GiveUp
                key = key_node.value
                if key in out:
                    raise GiveUp
                out[key] = value_of(value_node)
            return out

        return mapping

    def _attrs(self, cls: type) -> Build:
        hints = typing.get_type_hints(cls)
        fields = attrs.fields(cls)
        # Field builders are made on the first call: the model's types refer to each other.
        by_key: dict[str, tuple[str, Build]] = {}
        required = frozenset(f.alias for f in fields if f.default is attrs.NOTHING)
        record = self._children(values=True)

        def instance(node: Node) -> Any:
            if not by_key:
                by_key.update({f.name: (f.alias, self.get(hints[f.name])) for f in fields})
            if type(node) is not MappingNode or node.tag != _MAP:
                raise GiveUp
            pairs = node.value
            record(pairs)
            kwargs: dict[str, Any] = {}
            for key_node, value_node in pairs:
                if type(key_node) is not ScalarNode or key_node.tag != _STR:
                    raise GiveUp
                found = by_key.get(key_node.value)
                if found is None or found[0] in kwargs:
                    raise GiveUp  # an unknown or a duplicate key
                kwargs[found[0]] = found[1](value_node)
            if not required <= kwargs.keys():
                raise GiveUp
            return cls(**kwargs)

        return instance


def _ignore(nodes: list[Any]) -> None:
    """Record nothing: the text holds no anchor."""


def build_dataset(root: Node, limits: Limits, *, track_aliases: bool) -> Dataset:
    """The typed dataset from the root node; raise :class:`GiveUp` on anything unusual.

    ``track_aliases`` must be true when the text may hold an anchor (it contains ``&``).
    """
    if limits.max_depth < _MODEL_DEPTH:
        raise GiveUp  # the careful path refuses nesting the model needs: let it say so
    builders = _Builders(limits, track_aliases)
    try:
        builders._children()([root])
        built = builders.get(Dataset)(root)
    except GiveUp:
        raise
    except Exception:  # noqa: BLE001 (whatever went wrong, the careful path reports it)
        raise GiveUp from None
    assert isinstance(built, Dataset)
    return built
