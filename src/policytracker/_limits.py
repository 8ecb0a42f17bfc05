"""Bounds on what a data file may cost to read (kept apart so importing them loads no parser)."""

from __future__ import annotations

import attrs

from policytracker._places import MAX_BYTES
from policytracker._repr import fields_repr

__all__ = ["Limits"]


@attrs.frozen
class Limits:
    """Bounds that keep a hostile file from costing time or memory."""

    __repr__ = fields_repr

    max_bytes: int = MAX_BYTES
    max_depth: int = 40
    max_scalar: int = 1024 * 1024
    #: Problems listed before the rest are summed up in one line: a flood of a million
    #: duplicate keys should cost neither minutes nor a million lines of output.
    max_problems: int = 1000


def too_many(limit: int) -> str:
    """The message closing a list of problems cut at ``limit``."""
    return f"more than {limit:,} problems; only the first {limit:,} are listed: fix them, run again"
