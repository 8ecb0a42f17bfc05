"""The project's own cattrs converter: strict about every scalar, and errors that keep their path.

cattrs' defaults coerce silently (``3.10`` to ``"3.1"``, ``no`` to ``"False"``, a string to a list
of characters). Every hook here accepts exactly the YAML type it expects and otherwise raises
:class:`WrongType`, which the loader turns into a located problem with a hint.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import typing
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from policytracker.dates import DateSpan, parse_day

__all__ = ["WrongType", "iter_errors", "make_converter"]

PathPart = str | int


class WrongType(ValueError):  # noqa: N818 (reads better at the raise sites)
    """A value of the wrong YAML type; ``expected`` says what belongs there."""

    def __init__(self, expected: str, value: object) -> None:
        self.expected = expected
        self.value = value
        super().__init__(f"expected {expected}, got {describe(value)}")


def describe(value: object) -> str:
    """Name a plain YAML value the way a contributor sees it."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _str(value: object, _: object) -> str:
    if type(value) is not str:
        raise WrongType("text", value)
    return value


def _int(value: object, _: object) -> int:
    if type(value) is not int:
        raise WrongType("a whole number", value)
    return value


def _bool(value: object, _: object) -> bool:
    if type(value) is not bool:
        raise WrongType("true or false", value)
    return value


def _date_span(value: object, _: object) -> DateSpan:
    if type(value) is int and 1000 <= value <= 9999:
        value = str(value)
    if type(value) is not str:
        raise WrongType("a date such as 2025-04-05, 2025-04, 2025-Q2 or 2025", value)
    return DateSpan.parse(value)


def _day(value: object, _: object) -> dt.date:
    if type(value) is not str:
        raise WrongType("a day such as 2025-04-05", value)
    return parse_day(value)


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, object], enum.Enum]:
    allowed = [m.value for m in cls]

    def hook(value: object, _: object) -> enum.Enum:
        if type(value) is not str:
            raise WrongType(f"one of {', '.join(allowed)}", value)
        try:
            return cls(value)
        except ValueError:
            close = difflib.get_close_matches(value, allowed, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            msg = f"{value!r} is not one of {', '.join(allowed)}{hint}"
            raise ValueError(msg) from None

    return hook


def _is_tuple(t: Any) -> bool:
    return typing.get_origin(t) is tuple


def _is_str_dict(t: Any) -> bool:
    return typing.get_origin(t) is dict


def make_converter() -> cattrs.Converter:
    """A converter that structures plain YAML values into the model, refusing any coercion."""
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(bool, _bool)
    conv.register_structure_hook(DateSpan, _date_span)
    conv.register_structure_hook(dt.date, _day)
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook
    )

    def tuple_factory(t: Any) -> Callable[[object, object], tuple[object, ...]]:
        (elem, _ellipsis) = typing.get_args(t)
        elem_hook = conv.get_structure_hook(elem)

        def hook(value: object, _: object) -> tuple[object, ...]:
            if type(value) is not list:
                raise WrongType("a list", value)
            out: list[object] = []
            errors: list[Exception] = []
            for index, item in enumerate(value):
                try:
                    out.append(elem_hook(item, elem))
                except Exception as exc:  # noqa: BLE001 (collected and re-raised as a group)
                    exc.__notes__ = [
                        *getattr(exc, "__notes__", []),
                        IterableValidationNote(f"@ index {index}", index, elem),
                    ]
                    errors.append(exc)
            if errors:
                msg = f"while structuring {t}"
                raise IterableValidationError(msg, errors, t)
            return tuple(out)

        return hook

    conv.register_structure_hook_factory(_is_tuple, tuple_factory)

    def dict_factory(t: Any) -> Callable[[object, object], dict[str, str]]:
        def hook(value: object, _: object) -> dict[str, str]:
            if type(value) is not dict:
                raise WrongType("a mapping", value)
            for item in value.values():
                _str(item, str)
            return dict(value)

        return hook

    conv.register_structure_hook_factory(_is_str_dict, dict_factory)

    def attrs_factory(cl: Any) -> Callable[[object, object], object]:
        inner = make_dict_structure_fn(cl, conv, _cattrs_forbid_extra_keys=True)

        def hook(value: object, t: object) -> object:
            if type(value) is not dict:
                raise WrongType("a mapping (key: value lines)", value)
            return inner(value, t)

        return hook

    conv.register_structure_hook_factory(attrs.has, attrs_factory)

    conv.register_unstructure_hook(DateSpan, lambda d: d.label)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())

    def attrs_unstructure_factory(cl: Any) -> Callable[[Any], dict[str, Any]]:
        # Leave defaults out, so a dump reads like the hand-written file.
        return make_dict_unstructure_fn(cl, conv, _cattrs_omit_if_default=True)

    conv.register_unstructure_hook_factory(attrs.has, attrs_unstructure_factory)
    return conv


def iter_errors(
    exc: BaseException, path: tuple[PathPart, ...] = ()
) -> Iterator[tuple[tuple[PathPart, ...], BaseException]]:
    """Walk a cattrs error tree into ``(path, leaf error)`` pairs.

    A :class:`ForbiddenExtraKeysError` yields one pair per unknown key, with the key on the path.
    """
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            yield from iter_errors(sub, (*path, note.name))
        for sub in without:
            yield from iter_errors(sub, path)
    elif isinstance(exc, IterableValidationError):
        with_index, without_index = exc.group_exceptions()
        for sub, inote in with_index:
            yield from iter_errors(sub, (*path, inote.index))
        for sub in without_index:
            yield from iter_errors(sub, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            yield (*path, key), exc
    else:
        yield path, exc
