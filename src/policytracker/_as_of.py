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
import functools
import json
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import attrs

from policytracker._gc import gc_paused
from policytracker._releases import ById, latest_report_of
from policytracker._table import ReleaseTable, Row, row_of
from policytracker.dates import DateSpan
from policytracker.model import Claim, LineageEdge, Release, Source, Statement
from policytracker.stance import NO_EFFECT, build_shifts, built_the_same, effect

if TYPE_CHECKING:
    from policytracker._releases import LazyReleases, Releases
    from policytracker.stance import Found, FoundShifts, Shift
    from policytracker.trend import Period, TrendIndex

__all__ = [
    "AsOfReleases",
    "Revisions",
    "StoredRevisions",
    "release_as_of",
    "revision_days",
    "revisions",
    "stored_revisions",
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


def stored_revisions(release: Release) -> list[Any]:
    """What a cache entry stores of a revised release: ``[settled, epochs]``.

    ``epochs`` is :func:`revisions` as JSON text, decoded only when a view needs a row from it.
    ``settled`` is the last revision day (an ordinal): from then on, everything known of the
    release is known, so its row is its row in the table and a view needs no revisions.
    """
    epochs = revisions(release)
    return [epochs[-1][0], _json(epochs)]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class StoredRevisions(NamedTuple):
    """What a cache entry stores of the revised releases, by position (:func:`stored_revisions`).

    ``settled`` gives each one's last revision day; ``epochs`` its epochs as JSON text, read
    when asked.
    """

    settled: Mapping[int, int]
    epochs: Callable[[int], str]

    @classmethod
    def of(cls, stored: Mapping[int, list[Any]]) -> StoredRevisions:
        """From position -> :func:`stored_revisions`."""
        return cls({p: settled for p, (settled, _) in stored.items()}, lambda p: stored[p][1])


class Revisions:
    """Rows of the revised releases of a table, as known on any day.

    Built from what a cache entry stores (``stored``), or worked out from the releases in date
    order (``ordered``) when asked.
    """

    def __init__(
        self,
        stored: StoredRevisions | None = None,
        ordered: Sequence[Release] | None = None,
    ) -> None:
        self._stored = stored
        self._ordered = ordered
        self._epochs: dict[int, list[list[Any]]] = {}
        if stored is not None:
            self.revised: Collection[int] = stored.settled.keys()
        else:
            assert ordered is not None
            self.revised = {p for p, r in enumerate(ordered) if is_revised(r)}

    def changing(self, day: int) -> Collection[int]:
        """The revised positions whose row on ``day`` (an ordinal) may not be the table's."""
        if self._stored is None:
            return self.revised
        return {p for p, settled in self._stored.settled.items() if settled > day}

    def row(self, p: int, day: int) -> Row:
        """The row of the revised release at position ``p`` as known on ``day`` (an ordinal)."""
        if self._stored is None:
            assert self._ordered is not None
            return row_of(release_as_of(self._ordered[p], dt.date.fromordinal(day)))
        epochs = self._epochs.get(p)
        if epochs is None:
            epochs = self._epochs[p] = json.loads(self._stored.epochs(p))
        if day >= epochs[-1][0]:  # most views ask about a day after the last revision
            last: Row = epochs[-1][1:]
            return last
        found = bisect.bisect_right(epochs, day, key=_first) - 1
        if found < 0:
            msg = f"position {p} was not yet reported on day {day}"
            raise ValueError(msg)
        row: Row = epochs[found][1:]
        return row


#: The base's stored shifts by vendor, each with where it was found, and the day (ordinal) they
#: were found up to.
_StoredByVendor = tuple[int, dict[str, list[tuple["Shift", "Found"]]]]


def _found_key(found: Found, ids: Sequence[str]) -> tuple[object, ...]:
    """Where a shift was found, by release and statement ids instead of positions."""
    day, what, change = found
    if isinstance(what, tuple):
        return (day, tuple((d, rid, j, kind) for d, rid, j, _, kind in what), change)
    if isinstance(what, int):
        return (day, ("release", ids[what]), change)
    return (day, ("statement", what), change)


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
        self._changing = revised.changing(ordinal)
        self._table, self._keep = base.table().as_of(
            ordinal, self._changing, lambda p: revised.row(p, ordinal)
        )
        ids = self._table.ids
        self.by_id: Mapping[str, Release] = ById(
            self._at, dict(zip(ids, range(len(ids)), strict=True))
        )
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

    def stored_shifts(self) -> FoundShifts | None:
        """None: a cache entry stores the shifts at its own reference date only."""
        return None

    def known_shifts(
        self,
        vendor: str,
        counted: Sequence[int],
        statements: Sequence[Statement],
        reference: dt.date,
    ) -> list[Shift] | None:
        """The vendor's shifts up to ``reference`` (by the view's day), from the base's stored ones.

        What is found by a day depends only on the rows of the releases with an event or report
        by then (see :func:`~policytracker.stance.find_in_table`). So when the view has those
        rows as the base has them, it finds what the base found by that day: a stored shift is
        used as it is when narrowing does not change it, and built again from the view's
        releases when it does. None when the base stores no shifts, or the view differs.
        ``counted`` are the view's positions the vendor's stance counts.
        """
        limit = reference.toordinal()
        stored = self._stored_by_vendor
        # A view of a view on a later day knows only up to the earlier one.
        if stored is None or limit > stored[0] or reference != self.day:
            return None
        if not self._finds_as_base(vendor, counted, limit):
            return None
        revised = self.base.revisions().revised
        out: list[Shift | None] = []
        again: list[Found] = []
        for shift, (day, what, change) in stored[1].get(vendor, ()):
            if day > limit:
                continue
            if built_the_same(shift, (day, what, change), self.day, revised):
                out.append(shift)
                continue
            out.append(None)
            if isinstance(what, tuple):
                what = tuple((d, rid, j, self._moved(p), kind) for d, rid, j, p, kind in what)
            elif isinstance(what, int):
                what = self._moved(what)
            again.append((day, what, change))
        return self._built_where_missing(vendor, out, again, statements)

    def built_shifts(
        self,
        vendor: str,
        found: Sequence[Found],
        statements: Sequence[Statement],
        reference: dt.date,
    ) -> list[Shift]:
        """The shifts the view found for the vendor (see ``find_in_table``), as objects.

        For a vendor whose shifts :meth:`known_shifts` cannot take as they are: where the base
        found the same thing (the same day, the same events or signal, the same change), the
        base's shift is used when narrowing does not change it (``built_the_same``); the
        others are built from the view's releases. ``reference`` is the catalog's.
        """
        stored = self._stored_by_vendor
        if stored is None or reference != self.day:
            return build_shifts(vendor, found, statements, self.at_positions)
        base_ids = self.base.table().ids
        by_key = {_found_key(f, base_ids): (shift, f) for shift, f in stored[1].get(vendor, ())}
        revised = self.base.revisions().revised
        ids = self._table.ids
        out: list[Shift | None] = []
        again: list[Found] = []
        for f in found:
            hit = by_key.get(_found_key(f, ids))
            if hit is not None and built_the_same(hit[0], hit[1], self.day, revised):
                out.append(hit[0])
            else:
                out.append(None)
                again.append(f)
        return self._built_where_missing(vendor, out, again, statements)

    def _built_where_missing(
        self,
        vendor: str,
        out: list[Shift | None],
        again: Sequence[Found],
        statements: Sequence[Statement],
    ) -> list[Shift]:
        """``out`` with each None, in order, the shift built from the next of ``again``."""
        built = iter(build_shifts(vendor, again, statements, self.at_positions))
        return [next(built) if shift is None else shift for shift in out]

    @functools.cached_property
    def _stored_by_vendor(self) -> _StoredByVendor | None:
        """The base's stored shifts by vendor, with the day (ordinal) they were found up to."""
        stored = self.base.stored_shifts()
        if stored is None:
            return None
        by_vendor: dict[str, list[tuple[Shift, Found]]] = {}
        for shift, found in zip(stored.shifts, stored.found, strict=True):
            by_vendor.setdefault(shift.vendor, []).append((shift, found))
        return (stored.horizon.toordinal(), by_vendor)

    def _finds_as_base(self, vendor: str, counted: Sequence[int], limit: int) -> bool:
        """Whether the view finds the vendor's shifts up to ``limit`` as the base does.

        It does when each of the vendor's releases has the same effect on finding them in both
        (see :func:`~policytracker.stance.effect`); only the :meth:`_suspects` can differ.
        """
        suspects = self._suspects
        base = self.base.table()
        mine = [p for p in base.positions_of(vendor) if p in suspects]
        if not mine:
            return True
        in_view = {self._keep[q] for q in counted}
        for p in mine:
            ours = NO_EFFECT
            if base.reported[p] <= self.day.toordinal():
                q = self._moved(p)
                ours = effect(self._table, q, limit, counted=p in in_view, scanned=True)
            in_base = base.ids[p] not in self.base.merged_into
            if effect(base, p, limit, counted=in_base, scanned=True) != ours:
                return False
        return True

    @functools.cached_property
    def _suspects(self) -> set[int]:
        """The base's positions of releases that may find shifts up to the day differently.

        The others the view keeps with the base's row and counts as the base does, or leaves
        out unrevised and dated after the day (so their events and spans start after it).
        """
        limit = self.day.toordinal()
        base = self.base.table()
        revised = self.base.revisions().revised
        table = self._table
        kept = set(self._keep)
        out = {
            p
            for p in range(len(base.ids))
            if p not in kept and (p in revised or base.start[p] <= limit)
        }
        for p in self._changing:
            if p in kept:
                q = self._moved(p)
                if (
                    table.first[q] != base.first[p]
                    or table.later.get(q) != base.later.get(p)
                    or table.changes.get(q) != base.changes.get(p)
                ):
                    out.add(p)
        # Merged in the base by a same-as edge the view does not have (yet).
        if unmerged := self.base.merged_into.keys() - self.merged_into:
            out.update(p for p, rid in enumerate(base.ids) if rid in unmerged)
        return out

    def _moved(self, position: int) -> int:
        """The view's position of the base's release at ``position`` (which the view keeps)."""
        q = bisect.bisect_left(self._keep, position)
        assert self._keep[q] == position
        return q

    def stored_trend(self, by: Period) -> TrendIndex | None:
        """None: a cache entry stores trends at its own reference date only."""
        return None
