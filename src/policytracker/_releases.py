"""The catalog's indexes over releases: built from a dataset, or decoded lazily from the cache.

A catalog asks its releases for a few things only: all of them in date order, one by id, one
vendor's, some by position, which releases are merged into another (``same-as``), and the
table of their values that queries over every release sweep (``_table``). :class:`Releases` answers
from typed releases in memory. :class:`LazyReleases` answers from a cache entry whose index was
computed by :class:`Releases` when the entry was written, and decodes a release only when a
query first reaches it, so a query about one vendor of a 100,000-release file builds that
vendor's releases and no others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from policytracker._gc import gc_paused
from policytracker._table import Extras, ReleaseTable
from policytracker.model import Relation, Release

if TYPE_CHECKING:
    from policytracker._as_of import Revisions, StoredRevisions
    from policytracker.stance import FoundShifts
    from policytracker.trend import Period, TrendIndex

__all__ = ["ById", "Index", "LazyReleases", "Releases"]

#: The index a cache entry stores beside its releases (JSON-ready: strs, ints and lists):
#: ``order``: the file-order slot of each release, sorted by (start, end, id) (a release's
#: *position* is its index in this order); ``vendors``: each vendor's positions, ascending;
#: ``merged``: ``same-as`` parent id -> the release it is; ``same_as``: every ``same-as`` edge
#: as ``[parent, child id, known from (ordinal)]``, in date order; ``latest``: the latest day
#: any release, claim or source was reported (ISO), or None.
Index = dict[str, Any]


def _sort_key(r: Release) -> tuple[dt.date, dt.date, str]:
    return (*r.date.sort_key, r.id)


class Releases:
    """Indexes over releases held in memory, in the order the file lists them."""

    def __init__(self, releases: Sequence[Release]) -> None:
        self._in_file_order = tuple(releases)
        order = sorted(range(len(releases)), key=lambda i: _sort_key(releases[i]))
        self._order = order
        self._ordered = [releases[i] for i in order]
        self.by_id: Mapping[str, Release] = {r.id: r for r in self._ordered}
        self.merged_into: dict[str, str] = merged_into(self._ordered, self.by_id)
        self._vendor_positions: dict[str, list[int]] = {}
        for p, r in enumerate(self._ordered):
            for v in r.vendors:
                self._vendor_positions.setdefault(v, []).append(p)
        self._table: ReleaseTable | None = None
        self._revisions: Revisions | None = None

    def table(self) -> ReleaseTable:
        """The releases' values as a table, by position (built on first use)."""
        if self._table is None:
            with gc_paused():
                self._table = ReleaseTable.build(self._ordered, self._vendor_positions)
        return self._table

    def at_positions(self, positions: Sequence[int]) -> list[Release]:
        """The releases at these positions in date order."""
        ordered = self._ordered
        return [ordered[p] for p in positions]

    def stored_shifts(self) -> FoundShifts | None:
        """Every shift at the reference date, when they were stored beside the releases."""
        return None

    def stored_trend(self, by: Period) -> TrendIndex | None:
        """What trends by ``by`` count at the reference date, when stored beside the releases."""
        return None

    def revisions(self) -> Revisions:
        """The rows of releases with history or lineage, as known on any day (see ``_as_of``)."""
        from policytracker._as_of import Revisions

        if self._revisions is None:
            self._revisions = Revisions(ordered=self._ordered)
        return self._revisions

    def same_as(self) -> list[tuple[str, str, int]]:
        """Every ``same-as`` edge as ``(parent, child id, known from (ordinal))``, by date."""
        return same_as_edges(self._ordered)

    def in_file_order(self) -> tuple[Release, ...]:
        """Every release, in the order of the file."""
        return self._in_file_order

    def ordered(self) -> list[Release]:
        """Every release, sorted by (start, end, id)."""
        return self._ordered

    def of_vendor(self, vendor: str, *, merged: bool) -> list[Release]:
        """The vendor's releases in date order; without those merged into another unless asked."""
        out = [self._ordered[p] for p in self._vendor_positions.get(vendor, ())]
        return out if merged else [r for r in out if r.id not in self.merged_into]

    def latest_report(self) -> dt.date | None:
        """The latest day a release, a claim about one or a source of one was reported."""
        return latest_report_of(self._in_file_order)

    def index(self) -> Index:
        """What :class:`LazyReleases` needs to answer as this object does, without decoding."""
        latest = self.latest_report()
        return {
            "order": self._order,
            "vendors": self._vendor_positions,
            "merged": self.merged_into,
            "same_as": self.same_as(),
            "latest": None if latest is None else latest.isoformat(),
        }


def latest_report_of(releases: Iterable[Release]) -> dt.date | None:
    """The latest day one of ``releases``, a claim about one or a source of one was reported."""
    days: list[dt.date] = []
    for r in releases:
        days.append(r.first_reported)
        days.extend(c.known_from for c in r.history)
        days.extend(s.date.end for s in r.sources)
    return max(days, default=None)


def same_as_edges(ordered: Sequence[Release]) -> list[tuple[str, str, int]]:
    """Every ``same-as`` edge, as ``(parent, child id, known from (ordinal))``, in this order."""
    return [
        (e.parent, r.id, e.known_from.toordinal())
        for r in ordered
        for e in r.lineage
        if e.relation is Relation.SAME_AS
    ]


def merged_into(ordered: Sequence[Release], by_id: Mapping[str, Release]) -> dict[str, str]:
    """``same-as`` parents -> the release that declares itself the same model.

    A codename that shipped under a new name is counted once, as the release that shipped.
    """
    return {
        e.parent: r.id
        for r in ordered
        for e in r.lineage
        if e.relation is Relation.SAME_AS and e.parent in by_id
    }


class LazyReleases:
    """The same answers as :class:`Releases`, decoding each release on first use.

    Args:
        ids: Release ids, in file order.
        index: What :meth:`Releases.index` gave when the entry was written.
        decode: Builds the releases at some positions (in file order), or returns None when it
            cannot (the entry was deleted or damaged since it was opened).
        fallback: Every release, read afresh from the data file; used from the first time
            ``decode`` fails.
        table: Reads the table the entry holds (see :meth:`Releases.table`), or returns None
            when it cannot; the table is then built from the releases.
        shifts: Reads every shift at the reference date, as the entry holds them, or returns
            None when it cannot.
        trends: Reads what trends by a period count at the reference date, as the entry holds
            it, or returns None when it cannot.
        revisions: Reads the rows of releases with history or lineage on each day they change
            (see ``_as_of``), as the entry holds them, or returns None when it cannot.
    """

    def __init__(
        self,
        ids: Sequence[str],
        index: Index,
        decode: Callable[[Sequence[int]], list[Release] | None],
        fallback: Callable[[], Sequence[Release]],
        table: Callable[
            [list[str], dict[str, list[int]], Callable[[], Extras]], ReleaseTable | None
        ] = lambda _ids, _vendors, _rebuild: None,
        shifts: Callable[[], FoundShifts | None] = lambda: None,
        trends: Callable[[Period], TrendIndex | None] = lambda _by: None,
        revisions: Callable[[], StoredRevisions | None] = lambda: None,
    ) -> None:
        self._ids = ids
        self._order: list[int] = index["order"]
        self._vendor_positions: dict[str, list[int]] = index["vendors"]
        self.merged_into: dict[str, str] = index["merged"]
        latest = index["latest"]
        self._latest = None if latest is None else dt.date.fromisoformat(latest)
        self._decode = decode
        self._fallback = fallback
        self._read_table = table
        self.stored_shifts = shifts
        self.stored_trend = trends
        self._read_revisions = revisions
        self._revisions: Revisions | None = None
        self._same_as: list[tuple[str, str, int]] = [tuple(e) for e in index["same_as"]]
        self._table: ReleaseTable | None = None
        self._built: list[Release | None] = [None] * len(ids)
        self._all: tuple[Release, ...] | None = None
        self._ordered: list[Release] | None = None
        order = self._order
        slots = dict(zip(map(ids.__getitem__, order), order, strict=True))
        self.by_id: Mapping[str, Release] = ById(self.at, slots)
        if len(self._order) != len(ids) or len(self.by_id) != len(ids):
            msg = "the release index does not match the releases"
            raise ValueError(msg)

    def at(self, slot: int) -> Release:
        """The release at a position in file order."""
        found = self._built[slot]
        return self._many([slot])[0] if found is None else found

    def _many(self, slots: Sequence[int]) -> list[Release]:
        missing = [i for i in slots if self._built[i] is None]
        if missing:
            with gc_paused():
                decoded = self._decode(missing)
                if decoded is None or [r.id for r in decoded] != [self._ids[i] for i in missing]:
                    self._built = list(self._read_afresh())
                else:
                    for i, r in zip(missing, decoded, strict=True):
                        self._built[i] = r
        return [self._built[i] for i in slots]  # type: ignore[misc]

    def _read_afresh(self) -> Sequence[Release]:
        releases = self._fallback()
        if [r.id for r in releases] != list(self._ids):
            msg = "the data file no longer matches its cache entry"
            raise RuntimeError(msg)
        self._decode = lambda _slots: None
        return releases

    def table(self) -> ReleaseTable:
        """As :meth:`Releases.table`: read from the entry, else built (decoding every release)."""
        if self._table is None:
            ids = [self._ids[i] for i in self._order]
            table = self._read_table(ids, self._vendor_positions, self._rebuilt_extras)
            if table is None:
                releases = self.ordered()
                with gc_paused():
                    table = ReleaseTable.build(releases, self._vendor_positions)
            self._table = table
        return self._table

    def _rebuilt_extras(self) -> Extras:
        """The table's extras, worked out from the releases (decoding them all)."""
        releases = self.ordered()
        with gc_paused():
            return ReleaseTable.build(releases, self._vendor_positions).extras()

    def revisions(self) -> Revisions:
        """As :meth:`Releases.revisions`: read from the entry, else worked out (decoding all)."""
        from policytracker._as_of import Revisions

        if self._revisions is None:
            stored = self._read_revisions()
            self._revisions = (
                Revisions(ordered=self.ordered()) if stored is None else Revisions(stored=stored)
            )
        return self._revisions

    def same_as(self) -> list[tuple[str, str, int]]:
        """As :meth:`Releases.same_as`, from the index."""
        return self._same_as

    def at_positions(self, positions: Sequence[int]) -> list[Release]:
        """The releases at these positions in date order; decodes those only."""
        order = self._order
        return self._many([order[p] for p in positions])

    def in_file_order(self) -> tuple[Release, ...]:
        """Every release, in the order of the file (decodes them all)."""
        if self._all is None:
            self._all = tuple(self._many(range(len(self._ids))))
        return self._all

    def ordered(self) -> list[Release]:
        """Every release, sorted by (start, end, id) (decodes them all)."""
        if self._ordered is None:
            self.in_file_order()
            self._ordered = self._many(self._order)
        return self._ordered

    def of_vendor(self, vendor: str, *, merged: bool) -> list[Release]:
        """The vendor's releases in date order; decodes those only."""
        out = self.at_positions(self._vendor_positions.get(vendor, ()))
        return out if merged else [r for r in out if r.id not in self.merged_into]

    def latest_report(self) -> dt.date | None:
        """As :meth:`Releases.latest_report`, from the index."""
        return self._latest


class ById(Mapping[str, Release]):
    """Release by id, built on lookup by ``fetch`` from the release's slot."""

    def __init__(self, fetch: Callable[[int], Release], slots: dict[str, int]) -> None:
        self._fetch = fetch
        self._slots = slots

    def __getitem__(self, key: str) -> Release:
        return self._fetch(self._slots[key])

    def __contains__(self, key: object) -> bool:
        return key in self._slots

    def __iter__(self) -> Iterator[str]:
        return iter(self._slots)

    def __len__(self) -> int:
        return len(self._slots)
