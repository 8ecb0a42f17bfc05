"""Counts and open share of released releases per period, optionally per group.

A release is counted in the period its date lies in entirely; a date too coarse for the period
(a year-only date in a per-quarter trend, "spring" straddling two quarters) goes to the period
``unknown`` of its group instead of being guessed. Each release counts once per group (a release
co-developed by vendors of two countries counts once in each country). Openness is the access
level in force when the release shipped, as known at the catalog's report date.
"""

from __future__ import annotations

import collections
import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence

import attrs

from policytracker._repr import fields_repr

__all__ = ["UNKNOWN_PERIOD", "Period", "Shipped", "TrendRow", "trend"]

#: A counted release: its date's first and last day (ordinals), whether its weights were open
#: when it shipped, and its vendor ids.
Shipped = tuple[int, int, bool, tuple[str, ...]]

UNKNOWN_PERIOD = "unknown"


class Period(enum.Enum):
    """The length of a trend's period."""

    YEAR = "year"
    QUARTER = "quarter"


@attrs.frozen
class TrendRow:
    """Counts for one period (and group).

    Attributes:
        period: ``2025`` or ``2025-Q2``, or ``unknown`` for dates too coarse for the period.
        group: The group's key (a country code or vendor id), or None when ungrouped.
        open: Releases with open weights.
        closed: The others.
        total: open + closed.
        open_share: open / total, or None when total is 0.
    """

    __repr__ = fields_repr

    period: str
    group: str | None
    open: int
    closed: int

    @property
    def total(self) -> int:
        """All counted releases."""
        return self.open + self.closed

    @property
    def open_share(self) -> float | None:
        """Share of open releases, None when nothing was released."""
        return self.open / self.total if self.total else None


def period_of(start: dt.date, end: dt.date, by: Period) -> str:
    """The period containing the whole range, or ``unknown``."""
    if by is Period.YEAR:
        # Years are zero-padded (0999), so labels sort as the periods do.
        return f"{start.year:04d}" if start.year == end.year else UNKNOWN_PERIOD
    q_start, q_end = (start.month - 1) // 3 + 1, (end.month - 1) // 3 + 1
    if start.year == end.year and q_start == q_end:
        return f"{start.year:04d}-Q{q_start}"
    return UNKNOWN_PERIOD


def _periods_between(first: str, last: str, by: Period) -> list[str]:
    if by is Period.YEAR:
        return [f"{y:04d}" for y in range(int(first), int(last) + 1)]
    y0, q0 = int(first[:4]), int(first[-1])
    y1, q1 = int(last[:4]), int(last[-1])
    out = []
    y, q = y0, q0
    while (y, q) <= (y1, q1):
        out.append(f"{y:04d}-Q{q}")
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out


def trend(
    released: Iterable[Shipped],
    by: Period,
    group_of: Callable[[Sequence[str]], Iterable[str]] | None = None,
) -> tuple[TrendRow, ...]:
    """Count ``released`` per period and group; empty periods between the first and last count 0.

    ``group_of`` gives the groups of a release from its vendor ids.
    """
    released = list(released)
    # Many releases share a date and a set of vendors: count each combination once, then work
    # out its period and groups.
    labels = {
        (start, end): period_of(dt.date.fromordinal(start), dt.date.fromordinal(end), by)
        for start, end in {(x[0], x[1]) for x in released}
    }
    combinations = collections.Counter((labels[x[0], x[1]], x[2], x[3]) for x in released)
    counts: dict[tuple[str | None, str], list[int]] = {}
    for (period, is_open, vendors), n in combinations.items():
        named: Iterable[str | None] = group_of(vendors) if group_of else (None,)
        for group in dict.fromkeys(named):
            cell = counts.get((group, period))
            if cell is None:
                cell = counts[group, period] = [0, 0]
            cell[0 if is_open else 1] += n
    rows: list[TrendRow] = []
    for group in sorted({g for g, _ in counts}, key=lambda g: (g is not None, g or "")):
        known = sorted(p for g, p in counts if g == group and p != UNKNOWN_PERIOD)
        periods = _periods_between(known[0], known[-1], by) if known else []
        if (group, UNKNOWN_PERIOD) in counts:
            periods.append(UNKNOWN_PERIOD)
        for period in periods:
            open_count, closed_count = counts.get((group, period), (0, 0))
            rows.append(TrendRow(period, group, open_count, closed_count))
    return tuple(rows)
