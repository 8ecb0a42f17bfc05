"""One ``__repr__`` for the package's attrs classes, reading their fields when it is called.

attrs writes and compiles a ``__repr__`` for each class as the class is made; with 30 classes
that is about a tenth of the time a cached query spends in this package's own code, paid on
every run for a method a query never calls. A class that sets ``__repr__ = fields_repr`` gets
the same text as attrs would write (``Name(field=value, ...)``, fields with ``repr=False`` left
out), and attrs, seeing the class define its own, makes none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from attrs import AttrsInstance

__all__ = ["fields_repr"]


def fields_repr(self: AttrsInstance) -> str:
    """``Name(field=value, ...)``, as attrs' generated ``__repr__`` writes it."""
    cls = type(self)
    parts = []
    for field in attrs.fields(cls):
        if field.repr is False:
            continue
        value = getattr(self, field.name)
        shown = field.repr(value) if callable(field.repr) else repr(value)
        parts.append(f"{field.name}={shown}")
    return f"{cls.__qualname__.rsplit('>.', 1)[-1]}({', '.join(parts)})"
