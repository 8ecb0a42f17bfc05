"""Every attrs class shares one __repr__ (see policytracker._repr), writing what attrs would."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

import policytracker
from policytracker._repr import fields_repr
from policytracker.catalog import Catalog


def _attrs_classes() -> Iterator[type[Any]]:
    for info in pkgutil.walk_packages(policytracker.__path__, "policytracker."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if inspect.isclass(value) and attrs.has(value) and value.__module__ == module.__name__:
                yield value


def _attrs_own_repr(value: Any) -> str:
    """The repr attrs itself generates for a class with the same name and fields."""
    cls = type(value)
    fields = attrs.fields(cls)
    twin = attrs.make_class(
        cls.__name__, {f.name: attrs.field(repr=f.repr) for f in fields}, frozen=True
    )
    twin.__qualname__ = cls.__qualname__
    return repr(twin(*(getattr(value, f.name) for f in fields)))


CLASSES: dict[str, type[Any]] = {f"{c.__module__}.{c.__qualname__}": c for c in _attrs_classes()}


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_every_class_shares_the_repr(name: str) -> None:
    own: object = vars(CLASSES[name]).get("__repr__")
    assert own is fields_repr, f"add '__repr__ = fields_repr' to {name}"


def test_the_same_text_as_attrs(bundled: Catalog) -> None:
    release = bundled.release("llama-4")
    samples: list[Any] = [
        release,
        release.sources[0],
        release.date,
        bundled.state(release),  # has a field with repr=False
        bundled.stance("meta"),
        bundled.shifts(vendor="meta")[0],
        bundled.vendor("meta"),
        bundled.lineage("llama-4"),
        bundled.trend()[0],
        bundled.timeline("meta")[0],
        bundled.changes(dt.date(2026, 1, 1))[0],
    ]
    for value in samples:
        assert repr(value) == _attrs_own_repr(value), type(value).__qualname__
