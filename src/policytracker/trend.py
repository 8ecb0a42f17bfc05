"""Counts and open share of released releases per period, optionally per group.

A release is counted in the period its date lies in entirely; a date too coarse for the period
(a year-only date in a per-quarter trend, "spring" straddling two quarters) goes to the period
``unknown`` of its group instead of being guessed. Each release counts once per group (a release
co-developed by vendors of two countries counts once in each country). Openness is the access
level in force when the release shipped, as known at the catalog's report date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from policytracker._repr import fields_repr

__all__ = ["UNKNOWN_PERIOD", "Dated", "Period", "TrendIndex", "TrendRow", "trend_rows"]

#: A counted release: the first and last day (ordinals) of its date as known now, which windows
#: cut by; of its date when it shipped, which gives its period; whether its weights were open
#: when it shipped; and its vendor ids.
Dated = tuple[int, int, int, int, bool, tuple[str, ...]]

#: What a trend counts: releases per (period, open, vendor ids).
_Key = tuple[str, bool, tuple[str, ...]]

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


def trend_rows(
    counted: Mapping[_Key, int],
    by: Period,
    group_of: Callable[[Sequence[str]], Iterable[str]] | None = None,
) -> tuple[TrendRow, ...]:
    """The rows of a trend from release counts per (period, open, vendor ids)."""
    groups_of: dict[tuple[str, ...], Iterable[str | None]] = {}
    cells: dict[str | None, dict[str, list[int]]] = {}
    for (period, is_open, vendors), n in counted.items():
        groups = groups_of.get(vendors)
        if groups is None:
            named: Iterable[str | None] = group_of(vendors) if group_of else (None,)
            groups = groups_of[vendors] = tuple(dict.fromkeys(named))
        for group in groups:
            of_group = cells.get(group)
            if of_group is None:
                of_group = cells[group] = {}
            cell = of_group.get(period)
            if cell is None:
                cell = of_group[period] = [0, 0]
            cell[0 if is_open else 1] += n
    rows: list[TrendRow] = []
    for group in sorted(cells, key=lambda g: (g is not None, g or "")):
        of_group = cells[group]
        known = sorted(p for p in of_group if p != UNKNOWN_PERIOD)
        periods = _periods_between(known[0], known[-1], by) if known else []
        if UNKNOWN_PERIOD in of_group:
            periods.append(UNKNOWN_PERIOD)
        for period in periods:
            open_count, closed_count = of_group.get(period, (0, 0))
            rows.append(TrendRow(period, group, open_count, closed_count))
    return tuple(rows)


@attrs.frozen
class TrendIndex:
    """Releases a trend counts, indexed so that any window is counted without a scan.

    For each (period, open, vendor ids), the first days and the last days of the releases'
    dates, each sorted. A window ``[first, last]`` holds the releases whose date starts by
    ``last`` and does not end before ``first``. Since a date ends no earlier than it starts, the
    ones ending before ``first`` are among those starting by ``last`` (when ``first <= last``),
    so each count is two bisections.
    """

    __repr__ = fields_repr

    by: Period
    days: Mapping[_Key, tuple[list[int], list[int]]]

    @classmethod
    def of(cls, released: Iterable[Dated], by: Period) -> TrendIndex:
        """Index ``released`` for trends by ``by``."""
        labels: dict[tuple[int, int], str] = {}
        days: dict[_Key, tuple[list[int], list[int]]] = {}
        for now_start, now_end, start, end, is_open, vendors in released:
            label = labels.get((start, end))
            if label is None:
                label = period_of(dt.date.fromordinal(start), dt.date.fromordinal(end), by)
                labels[start, end] = label
            cell = days.get((label, is_open, vendors))
            if cell is None:
                cell = days[label, is_open, vendors] = ([], [])
            cell[0].append(now_start)
            cell[1].append(now_end)
        for starts, ends in days.values():
            starts.sort()
            ends.sort()
        return cls(by, days)

    def to_json(self) -> list[list[Any]]:
        """As JSON values: ``[period, open, vendor ids, first days, last days]`` per key."""
        return [[*key[:2], list(key[2]), *days] for key, days in self.days.items()]

    @classmethod
    def from_json(cls, value: list[list[Any]], by: Period) -> TrendIndex:
        """What :meth:`to_json` gave; ValueError when it is not of that shape."""
        days: dict[_Key, tuple[list[int], list[int]]] = {}
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        for period, is_open, vendor_list, starts, ends in value:
            vendors = tuple(vendor_list)
            vendors = shared.setdefault(vendors, vendors)
            if not (
                type(period) is str
                and type(is_open) is bool
                and all(type(v) is str for v in vendors)
                and type(starts) is list
                and type(ends) is list
                and len(starts) == len(ends) > 0
            ):
                msg = "not a trend index"
                raise ValueError(msg)
            days[period, is_open, vendors] = (starts, ends)
        return cls(by, days)

    def counts(self, first: int | None = None, last: int | None = None) -> dict[_Key, int]:
        """Releases per (period, open, vendor ids) whose date overlaps ``[first, last]``.

        ``first`` and ``last`` are ordinals; None leaves that side open.
        """
        if first is not None and last is not None and first > last:
            return {}
        out: dict[_Key, int] = {}
        for key, (starts, ends) in self.days.items():
            n = len(starts) if last is None else bisect.bisect_right(starts, last)
            if first is not None:
                n -= bisect.bisect_left(ends, first)
            if n:
                out[key] = n
        return out

    def trend(
        self,
        first: int | None = None,
        last: int | None = None,
        group_of: Callable[[Sequence[str]], Iterable[str]] | None = None,
    ) -> tuple[TrendRow, ...]:
        """The trend of the releases whose date overlaps ``[first, last]``."""
        return trend_rows(self.counts(first, last), self.by, group_of)
