"""Pausing the cyclic garbage collector while many small objects are built."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["gc_paused"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic GC paused, if it was enabled; restore it after.

    Building many small objects (decoding releases, reading a table, a query's results) triggers
    collections over and over, each scanning the whole heap; none of these objects form cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
