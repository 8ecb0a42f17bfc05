"""Bounds on what a data file may cost to read (kept apart so importing them loads no parser)."""

from __future__ import annotations

import attrs

__all__ = ["Limits"]


@attrs.frozen
class Limits:
    """Bounds that keep a hostile file from costing time or memory."""

    max_bytes: int = 256 * 1024 * 1024
    max_depth: int = 40
    max_scalar: int = 1024 * 1024
