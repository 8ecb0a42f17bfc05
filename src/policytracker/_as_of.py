"""What had been reported by a day: each release as then known, and a view over all of them.

An as-of view leaves out releases first reported after the day and, in the others, history
claims, lineage edges and sources reported after it (:func:`release_as_of`). Most releases have
neither history nor lineage: what is known of them does not change once they are reported, so
their rows in the release table (``_table``) serve every view. The others are *revised*: their
rows change on the days a claim, an edge or a source becomes known (:func:`revision_days`), so
a cache entry stores each revised release's row for each of those days (:func:`revisions`), and
a view reads them instead of decoding and resolving the releases.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from policytracker._gc import gc_paused
from policytracker._releases import ById, latest_report_of
from policytracker._table import ReleaseTable, Row, row_of
from policytracker.dates import DateSpan
from policytracker.model import Claim, LineageEdge, Release, Source

if TYPE_CHECKING:
    from policytracker._releases import LazyReleases, Releases
    from policytracker.stance import Shift
    from policytracker.trend import Period, TrendIndex

__all__ = [
    "AsOfReleases",
    "Revisions",
    "release_as_of",
    "revision_days",
    "revisions",
    "visible_sources",
]


def visible_sources(sources: tuple[Source, ...], day: dt.date) -> tuple[Source, ...]:
    """The sources published by the end of ``day``."""
    return tuple(s for s in sources if s.date.end <= day)


def release_as_of(release: Release, day: dt.date) -> Release:
    """The release as known at the end of ``day`` (which must not precede its first report)."""
    return attrs.evolve(
        release,
        note=None,  # free-text notes are undated and often written with hindsight
        reported=DateSpan.of_day(release.first_reported),
        sources=visible_sources(release.sources, day),
        history=_known(release.history, day),
        lineage=_known(release.lineage, day),
    )


_Reported = TypeVar("_Reported", Claim, LineageEdge)


def _known(items: tuple[_Reported, ...], day: dt.date) -> tuple[_Reported, ...]:
    """The claims or lineage edges known by the end of ``day``, with the sources then published."""
    return tuple(
        attrs.evolve(
            x,
            sources=visible_sources(x.sources, day),
            disputed_by=visible_sources(x.disputed_by, day),
        )
        for x in items
        if x.known_from <= day
    )


def is_revised(release: Release) -> bool:
    """Whether what is known of the release can change after it is first reported."""
    return bool(release.history or release.lineage)


def revision_days(release: Release) -> list[int]:
    """The days (ordinals) from which the release's row in an as-of view may differ.

    Its first report, and each day a claim or a lineage edge becomes known; with history, also
    each day a source of a claim (or of the release) is published, since a claim backed by a
    primary source wins over an otherwise equal one.
    """
    first = release.first_reported
    days = {first}
    days.update(e.known_from for e in release.lineage)
    if release.history:
        days.update(c.known_from for c in release.history)
        days.update(s.date.end for c in release.history for s in c.sources)
        days.update(s.date.end for s in release.sources)
    return sorted(d.toordinal() for d in days if d >= first)


def revisions(release: Release) -> list[list[Any]]:
    """The release's row from each of its revision days on: ``[[day, *row], ...]``."""
    return [
        [day, *row_of(release_as_of(release, dt.date.fromordinal(day)))]
        for day in revision_days(release)
    ]


class Revisions:
    """Rows of the revised releases of a table, as known on any day.

    Built from what a cache entry stores (``stored``: position -> :func:`revisions`), or worked
    out from the releases in date order (``ordered``) when asked.
    """

    def __init__(
        self,
        stored: Mapping[int, list[list[Any]]] | None = None,
        ordered: Sequence[Release] | None = None,
    ) -> None:
        self._stored = stored
        self._ordered = ordered
        if stored is not None:
            self.revised: Collection[int] = stored.keys()
        else:
            assert ordered is not None
            self.revised = {p for p, r in enumerate(ordered) if is_revised(r)}

    def row(self, p: int, day: int) -> Row:
        """The row of the revised release at position ``p`` as known on ``day`` (an ordinal)."""
        if self._stored is None:
            assert self._ordered is not None
            return row_of(release_as_of(self._ordered[p], dt.date.fromordinal(day)))
        epochs = self._stored[p]
        if day >= epochs[-1][0]:  # most views ask about a day after the last revision
            last: Row = epochs[-1][1:]
            return last
        found = bisect.bisect_right(epochs, day, key=_first) - 1
        if found < 0:
            msg = f"position {p} was not yet reported on day {day}"
            raise ValueError(msg)
        row: Row = epochs[found][1:]
        return row


def _first(epoch: list[Any]) -> int:
    day: int = epoch[0]
    return day


class AsOfReleases:
    """The releases of a catalog as known at the end of a day, decoded as queries reach them.

    Answers as :class:`~policytracker._releases.Releases` would for the releases
    :func:`release_as_of` gives, without building them first: the table comes from the base
    table and the stored revisions, and a release is decoded (and narrowed to the day) when a
    query first needs it.
    """

    def __init__(self, base: Releases | LazyReleases, day: dt.date) -> None:
        self.base = base
        self.day = day
        ordinal = day.toordinal()
        revised = base.revisions()
        self._table, self._keep = base.table().as_of(
            ordinal, revised.revised, lambda p: revised.row(p, ordinal)
        )
        ids = self._table.ids
        self.by_id: Mapping[str, Release] = ById(self._at, {r: q for q, r in enumerate(ids)})
        self.merged_into: dict[str, str] = {
            parent: child
            for parent, child, known in base.same_as()
            if known <= ordinal and child in self.by_id and parent in self.by_id
        }
        self._built: dict[int, Release] = {}
        self._all: tuple[Release, ...] | None = None

    def table(self) -> ReleaseTable:
        """The releases' values as a table, by position."""
        return self._table

    def _at(self, position: int) -> Release:
        return self.at_positions([position])[0]

    def at_positions(self, positions: Sequence[int]) -> list[Release]:
        """The releases at these positions in date order; decodes those only."""
        missing = [q for q in positions if q not in self._built]
        if missing:
            found = self.base.at_positions([self._keep[q] for q in missing])
            with gc_paused():  # many small values, none in a cycle
                for q, r in zip(missing, found, strict=True):
                    self._built[q] = release_as_of(r, self.day)
        return [self._built[q] for q in positions]

    def in_file_order(self) -> tuple[Release, ...]:
        """Every release known by the day, in the order of the file (decodes them all)."""
        if self._all is None:
            by_id = dict(zip(self._table.ids, self.ordered(), strict=True))
            self._all = tuple(by_id[r.id] for r in self.base.in_file_order() if r.id in by_id)
        return self._all

    def ordered(self) -> list[Release]:
        """Every release known by the day, sorted by (start, end, id)."""
        return self.at_positions(range(len(self._keep)))

    def of_vendor(self, vendor: str, *, merged: bool) -> list[Release]:
        """The vendor's releases in date order; decodes those only."""
        out = self.at_positions(self._table.positions_of(vendor))
        return out if merged else [r for r in out if r.id not in self.merged_into]

    def latest_report(self) -> dt.date | None:
        """The latest day a release known by the day, a claim or a source was reported."""
        return latest_report_of(self.ordered())

    def stored_shifts(self) -> list[Shift] | None:
        """None: a cache entry stores the shifts at its own reference date only."""
        return None

    def stored_trend(self, by: Period) -> TrendIndex | None:
        """None: a cache entry stores trends at its own reference date only."""
        return None
