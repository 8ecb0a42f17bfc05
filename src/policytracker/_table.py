"""Each release's resolved values as rows of ints, for queries that sweep every release.

Queries over the whole dataset (filters without a vendor, trends, license counts, every
vendor's shifts) ask the same few values of every release at a day: status, access level,
flagship, weights license and date. :func:`~policytracker.claims.resolve` answers for one release
with objects, at tens of microseconds each. This table answers for every release from plain
values, computed once (and stored in the cache entry), so a query builds objects only for the
releases it returns or the shifts it reports.

A release's values change only on the days its dated history claims take effect, so each
release has one or more *segments*: from a day on, these values hold, until the next segment's
day. The first segment starts at day 1 (``dt.date.min``), so every day has one.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any

from policytracker.access import AccessLevel, Status
from policytracker.claims import ReleaseState, resolve
from policytracker.model import Release

__all__ = [
    "FIELDS",
    "LEVELS",
    "OPEN_RANKS",
    "RANK",
    "STATUSES",
    "Extras",
    "ReleaseTable",
    "Row",
    "Segment",
    "row_of",
]

STATUSES = tuple(Status)
LEVELS = tuple(AccessLevel)
RANK = {level: i for i, level in enumerate(LEVELS)}
OPEN_RANKS = frozenset(i for i, level in enumerate(LEVELS) if level.is_open)
_STATUS = {status: i for i, status in enumerate(STATUSES)}
RELEASED = _STATUS[Status.RELEASED]
PENDING = frozenset(_STATUS[s] for s in (Status.EXPECTED, Status.ANNOUNCED, Status.RUMORED))

_FIRST_DAY = dt.date.min.toordinal()

#: ``[day, status, access, flagship, license, start, end, access_from]``: from ``day`` (an
#: ordinal) on, the release's status (index into :data:`STATUSES`), access level (index into
#: :data:`LEVELS`), flagship (0 or 1), weights license id (or None), date's first and last day
#: (ordinals), and the day the access level in force took effect (0 when it is the release's
#: own, undated value). A list, as JSON gives it back.
Segment = list[Any]

DAY, STATUS, ACCESS, FLAGSHIP, LICENSE, START, END, ACCESS_FROM = range(8)
#: Values in a segment.
_WIDTH = 8


def _segment(day: int, state: ReleaseState | Release, access_from: int) -> Segment:
    """The segment from ``day`` of a resolved state, or of a release's own fields."""
    return [
        day,
        _STATUS[state.status],
        RANK[state.access],
        int(state.flagship),
        state.licenses.weights,
        state.date.start.toordinal(),
        state.date.end.toordinal(),
        access_from,
    ]


def _resolved_segment(day: int, state: ReleaseState) -> Segment:
    effective = state.deciding["access"].effective
    return _segment(day, state, effective.start.toordinal() if effective is not None else 0)


#: What a release's claims and lineage give its row in the table: its first segment, its later
#: segments, its dated changes and its lineage parents (each empty list when it has none). A
#: list, as JSON gives it back.
Row = list[Any]

#: What lineage and license queries read of a table, and no other query: ``(variants, parents,
#: families)`` (see :class:`ReleaseTable`). A table can have them worked out when first asked.
Extras = tuple[dict[int, list[str]], dict[int, list[str]], dict[str, list[int]]]

#: A table's values, by attribute name.
FIELDS = (
    "ids",
    "vendor_positions",
    "start",
    "reported",
    "first",
    "later",
    "changes",
    "variants",
    "parents",
    "families",
)


def row_of(r: Release) -> Row:
    """The release's row: ``[first segment, later segments, dated changes, parent ids]``."""
    parents = [e.parent for e in r.lineage]
    if not r.history:
        # resolve() gives the release's own fields on every day.
        return [_segment(_FIRST_DAY, r, 0), [], [], parents]
    # Between two days on which claims take effect, resolve() gives the same values.
    days = sorted({dt.date.min, *(c.effective.start for c in r.history if c.effective is not None)})
    segments = [_resolved_segment(day.toordinal(), resolve(r, day)) for day in days]
    dated = [
        [c.effective.start.toordinal(), j]
        for j, c in enumerate(r.history)
        if c.effective is not None and (c.status or c.access or c.licenses)
    ]
    return [segments[0], segments[1:], dated, parents]


class ReleaseTable:
    """Release values by position (releases sorted by date start, date end, id).

    Attributes:
        ids: Release ids.
        vendor_positions: Each vendor's positions, ascending.
        start: The recorded date's first day (ordinal).
        reported: The day the release was first reported (ordinal).
        first: Each release's first segment.
        later: Positions whose values change with the day -> their later segments, by day.
        changes: Positions -> ``(day, history index)`` of each dated change to status, access
            or licenses (what marks a realized shift).
        variants: Positions -> license ids of the release's variants, where it has any.
        parents: Positions -> the parent id of each of the release's lineage edges, in order.
        families: Family id -> positions of its member releases, ascending.
    """

    __slots__ = (
        "_extras",
        "_extras_of",
        "_on",
        "_vendors",
        "changes",
        "first",
        "ids",
        "later",
        "reported",
        "start",
        "vendor_positions",
    )

    def __init__(
        self,
        ids: list[str],
        vendor_positions: dict[str, list[int]],
        start: list[int],
        reported: list[int],
        first: list[Segment],
        later: dict[int, list[Segment]],
        changes: dict[int, list[list[int]]],
        extras: Extras | Callable[[], Extras],
    ) -> None:
        """``extras`` (variants, parents, families), or what works them out when first asked."""
        self.ids = ids
        self.vendor_positions = vendor_positions
        self.start = start
        self.reported = reported
        self.first = first
        self.later = later
        self.changes = changes
        self._extras: Extras | None = None
        self._extras_of: Callable[[], Extras] | None = None
        if isinstance(extras, tuple):
            self._extras = extras
        else:
            self._extras_of = extras
        self._vendors: list[tuple[str, ...]] | None = None
        self._on: tuple[int, list[Segment]] | None = None

    def extras(self) -> Extras:
        """``(variants, parents, families)``, worked out on first use if they were not given."""
        if self._extras is None:
            assert self._extras_of is not None
            self._extras = self._extras_of()
            self._extras_of = None
        return self._extras

    @property
    def variants(self) -> dict[int, list[str]]:
        """Positions -> license ids of the release's variants, where it has any."""
        return self.extras()[0]

    @property
    def parents(self) -> dict[int, list[str]]:
        """Positions -> the parent id of each of the release's lineage edges, in order."""
        return self.extras()[1]

    @property
    def families(self) -> dict[str, list[int]]:
        """Family id -> positions of its member releases, ascending."""
        return self.extras()[2]

    @classmethod
    def build(
        cls, releases: Sequence[Release], vendor_positions: dict[str, list[int]]
    ) -> ReleaseTable:
        """The table of ``releases``, sorted by (date start, date end, id).

        ``vendor_positions`` gives each vendor's positions in ``releases``, ascending.
        """
        first: list[Segment] = []
        later: dict[int, list[Segment]] = {}
        changes: dict[int, list[list[int]]] = {}
        variants: dict[int, list[str]] = {}
        parents: dict[int, list[str]] = {}
        families: dict[str, list[int]] = {}
        for p, r in enumerate(releases):
            if r.family:
                families.setdefault(r.family, []).append(p)
            if r.variants:
                variants[p] = [v.license for v in r.variants if v.license is not None]
            row = row_of(r)
            first.append(row[0])
            _file_rest(row, p, later, changes, parents)
        return cls(
            [r.id for r in releases],
            vendor_positions,
            [r.date.start.toordinal() for r in releases],
            [r.first_reported.toordinal() for r in releases],
            first,
            later,
            changes,
            (variants, parents, families),
        )

    def as_of(
        self, day: int, revised: Collection[int], row_at: Callable[[int], Row]
    ) -> tuple[ReleaseTable, list[int]]:
        """The table of what had been reported by ``day`` (an ordinal), and the positions kept.

        Releases first reported after ``day`` are left out; the others keep their order. The
        rows of the ``revised`` positions come from ``row_at(position)``; the others keep their
        rows in this table (a release without history or lineage has the same row on every day
        it is known). Its extras (see :data:`Extras`) are worked out when first asked.
        """
        reported = self.reported
        keep = list(itertools.compress(range(len(reported)), map(day.__ge__, reported)))
        moved = dict(zip(keep, range(len(keep)), strict=True))
        first = list(map(self.first.__getitem__, keep))
        again = set(revised)
        later = {moved[p]: v for p, v in self.later.items() if p in moved and p not in again}
        changes = {moved[p]: v for p, v in self.changes.items() if p in moved and p not in again}
        revised_parents: dict[int, list[str]] = {}
        for p in again:
            q = moved.get(p)
            if q is None:
                continue
            row = row_at(p)
            first[q] = row[0]
            _file_rest(row, q, later, changes, revised_parents)

        def extras() -> Extras:
            variants, parents, families = self.extras()
            kept_parents = {
                moved[p]: v for p, v in parents.items() if p in moved and p not in again
            }
            return (
                {moved[p]: v for p, v in variants.items() if p in moved},
                dict(sorted({**kept_parents, **revised_parents}.items())),
                _moved(families, moved),
            )

        table = ReleaseTable(
            list(map(self.ids.__getitem__, keep)),
            _moved(self.vendor_positions, moved),
            list(map(self.start.__getitem__, keep)),
            list(map(reported.__getitem__, keep)),
            first,
            dict(sorted(later.items())),
            dict(sorted(changes.items())),
            extras,
        )
        return table, keep

    def at(self, p: int, day: int) -> Segment:
        """The values of the release at position ``p`` in force on ``day`` (an ordinal)."""
        segments = self.later.get(p)
        if segments is None or day < segments[0][DAY]:
            return self.first[p]
        return segments[bisect.bisect_right(segments, day, key=_day) - 1]

    def on(self, day: int) -> list[Segment]:
        """The values of every release in force on ``day`` (an ordinal), by position.

        A copy of the first segments with the few releases whose values change patched in, so
        it costs little more than a list copy. The last day asked is kept.
        """
        if self._on is not None and self._on[0] == day:
            return self._on[1]
        values = list(self.first)
        for p, segments in self.later.items():
            if day >= segments[0][DAY]:
                values[p] = segments[bisect.bisect_right(segments, day, key=_day) - 1]
        self._on = (day, values)
        return values

    def segments(self, p: int) -> Iterator[tuple[Segment, int | None]]:
        """Each segment of the release, with the day the next one starts (None: the last)."""
        rest = self.later.get(p, ())
        every = [self.first[p], *rest]
        for i, segment in enumerate(every):
            yield segment, every[i + 1][DAY] if i + 1 < len(every) else None

    def positions_of(self, vendor: str) -> list[int]:
        """Positions of the vendor's releases, in date order."""
        return self.vendor_positions.get(vendor, [])

    @property
    def vendors(self) -> list[tuple[str, ...]]:
        """Vendor ids of the release at each position (worked out on first use)."""
        if self._vendors is None:
            vendors: list[tuple[str, ...]] = [()] * len(self.ids)
            for v, positions in self.vendor_positions.items():
                alone = (v,)  # one tuple for every release the vendor made alone
                for p in positions:
                    made = vendors[p]
                    vendors[p] = (*made, v) if made else alone
            self._vendors = vendors
        return self._vendors

    def to_json(self) -> dict[str, Any]:
        """The table but its extras as JSON-ready values (see :meth:`extras_to_json`).

        Ids and vendors are left out: a cache entry's index holds them already. Laid out to be
        read back quickly, since every query over the whole dataset reads it: the first
        segments as one flat list (a list per release costs JSON twice as much), and each
        mapping by position as ``[positions, values]`` (object keys would be strings).
        """
        return {
            "start": self.start,
            "reported": self.reported,
            "first": [x for segment in self.first for x in segment],
            "later": _pairs(self.later),
            "changes": _pairs(self.changes),
        }

    def extras_to_json(self) -> dict[str, Any]:
        """The table's extras as JSON-ready values, apart: few queries read them."""
        variants, parents, families = self.extras()
        return {"variants": _pairs(variants), "parents": _pairs(parents), "families": families}

    @classmethod
    def from_json(
        cls,
        value: dict[str, Any],
        ids: list[str],
        vendor_positions: dict[str, list[int]],
        extras: Callable[[], Extras],
    ) -> ReleaseTable:
        """The table :meth:`to_json` gave, for releases with these ids and vendors.

        ``extras`` gives its extras when they are first asked (see :meth:`extras_from_json`).
        The caller vouches for the content (a cache entry checks its digest); this checks only
        that the table is as long as the releases. Raises ValueError when it is not.
        """
        flat = value["first"]
        table = cls(
            ids,
            vendor_positions,
            value["start"],
            value["reported"],
            [flat[i : i + _WIDTH] for i in range(0, len(flat), _WIDTH)],
            _by_position(value["later"]),
            _by_position(value["changes"]),
            extras,
        )
        if not (
            len(ids) == len(table.start) == len(table.reported) == len(table.first)
            and len(flat) == _WIDTH * len(ids)
        ):
            msg = "the release table does not match the releases"
            raise ValueError(msg)
        return table

    @staticmethod
    def extras_from_json(value: dict[str, Any]) -> Extras:
        """The extras :meth:`extras_to_json` gave. Raises ValueError if they are not."""
        families = value["families"]
        if not isinstance(families, dict):
            msg = "the release table's families are not a mapping"
            raise ValueError(msg)
        return _by_position(value["variants"]), _by_position(value["parents"]), families


def _pairs(mapping: dict[int, Any]) -> list[list[Any]]:
    return [list(mapping), list(mapping.values())]


def _by_position(pairs: list[list[Any]]) -> dict[int, Any]:
    """A mapping by position from ``[positions, values]``."""
    positions, values = pairs
    if len(positions) != len(values) or not all(type(p) is int for p in positions):
        msg = "the release table does not match the releases"
        raise ValueError(msg)
    return dict(zip(positions, values, strict=True))


def _file_rest(
    row: Row,
    p: int,
    later: dict[int, list[Segment]],
    changes: dict[int, list[list[int]]],
    parents: dict[int, list[str]],
) -> None:
    """File the later segments, changes and parents of a row at position ``p``, if it has any."""
    if row[1]:
        later[p] = row[1]
    if row[2]:
        changes[p] = row[2]
    if row[3]:
        parents[p] = row[3]


def _moved(positions: dict[str, list[int]], moved: dict[int, int]) -> dict[str, list[int]]:
    """Each key's positions that were kept, at their new place; keys left with none dropped."""
    out = {}
    at = moved.get
    for key, ps in positions.items():
        kept = [q for q in map(at, ps) if q is not None]
        if kept:
            out[key] = kept
    return out


def _day(segment: Segment) -> int:
    day: int = segment[DAY]
    return day
