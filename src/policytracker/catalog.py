"""The catalog: indexes over a loaded dataset, and every query the CLI and programs ask.

Two times run through every query: ``at`` (the date a question is about) and the catalog's
``as_of`` (what had been reported by then; see :meth:`Catalog.as_of`). Without ``at``, a query is
about the catalog's :attr:`~Catalog.reference_date`: the as-of date, else the dataset's latest
report date, so answers do not drift as the calendar moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

import attrs

from policytracker._as_of import AsOfReleases, visible_sources
from policytracker._gc import gc_paused
from policytracker._releases import LazyReleases, Releases
from policytracker._repr import fields_repr
from policytracker._table import (
    ACCESS,
    END,
    FLAGSHIP,
    LICENSE,
    OPEN_RANKS,
    PENDING,
    RANK,
    RELEASED,
    START,
    STATUS,
    STATUSES,
)
from policytracker.access import AccessLevel, Commercial, Confidence, Status
from policytracker.claims import ReleaseState, resolve
from policytracker.dates import DateSpan
from policytracker.lineage import Lineage, walk_lineage
from policytracker.model import (
    Claim,
    Dataset,
    Family,
    License,
    LineageEdge,
    Release,
    Source,
    Statement,
    Vendor,
)
from policytracker.stance import (
    Basis,
    Found,
    FoundShifts,
    Scope,
    Shift,
    Stance,
    build_shifts,
    find_in_table,
    table_stance,
)
from policytracker.trend import Dated, Period, TrendIndex, TrendRow

__all__ = ["Catalog", "Change", "TimelineEntry", "UnknownIdError"]


#: Lineage edges by parent id (child id, edge), and family id -> member release ids.
_LineageIndex = tuple[Mapping[str, Sequence[tuple[str, LineageEdge]]], dict[str, list[str]]]


class UnknownIdError(LookupError):
    """No entry has this id; ``suggestions`` lists close matches."""

    def __init__(self, kind: str, id: str, suggestions: Sequence[str]) -> None:  # noqa: A002
        self.kind = kind
        self.id = id
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no {kind} with id {id!r}{hint}")


@attrs.frozen
class TimelineEntry:
    """One dated item in a vendor's timeline.

    Attributes:
        date: When it happened (or, for a report, when it was reported).
        kind: ``release``, ``change``, ``report`` or ``statement``.
        id: The release or statement id.
        summary: One line saying what happened.
        confidence: How sure it is.
        sources: Where it comes from.
    """

    __repr__ = fields_repr

    date: str
    sort: tuple[dt.date, dt.date]
    kind: str
    id: str
    summary: str
    confidence: Confidence
    sources: tuple[Source, ...]


@attrs.frozen
class Change:
    """Something the dataset learned on ``reported``: a new release, a claim, a statement."""

    __repr__ = fields_repr

    reported: dt.date
    kind: str
    id: str
    summary: str
    confidence: Confidence
    sources: tuple[Source, ...]


class Catalog:
    """Indexed, immutable view of a dataset with its queries.

    Build one with :func:`policytracker.load`; narrow it to what had been reported by a date with
    :meth:`as_of`. All results are immutable attrs values in a deterministic order.
    """

    def __init__(
        self,
        dataset: Dataset,
        *,
        file: str = "<memory>",
        as_of: dt.date | None = None,
        warnings: Sequence[object] = (),
    ) -> None:
        self._dataset: Dataset | None = dataset
        given = tuple(warnings)
        self._setup(dataset, Releases(dataset.releases), file, as_of, lambda: given)

    @classmethod
    def _lazy(
        cls,
        shell: Dataset,
        releases: LazyReleases | AsOfReleases,
        *,
        file: str,
        warnings: Callable[[], Sequence[object]],
        as_of: dt.date | None = None,
    ) -> Catalog:
        """A catalog whose releases are decoded as queries reach them (see ``_releases``).

        ``shell`` is the dataset without its releases.
        """
        catalog = cls.__new__(cls)
        catalog._dataset = None
        catalog._setup(shell, releases, file, as_of, warnings)
        return catalog

    def _setup(
        self,
        dataset: Dataset,
        releases: Releases | LazyReleases | AsOfReleases,
        file: str,
        as_of: dt.date | None,
        warnings: Callable[[], Sequence[object]],
    ) -> None:
        self._shell = dataset
        self._store = releases
        self.file = file
        self.as_of_date = as_of
        self._warnings: tuple[object, ...] | None = None
        self._warnings_of = warnings
        self._vendors = {v.id: v for v in dataset.vendors}
        self._families = {f.id: f for f in dataset.families}
        self._licenses = {lic.id: lic for lic in dataset.licenses}
        self._statements = {s.id: s for s in dataset.statements}
        self._releases = releases.by_id
        # A release that another release declares itself the same model as (a codename that
        # shipped under a new name) is counted once, as the release that shipped.
        self.merged_into = releases.merged_into
        self._by_vendor = _VendorReleases(releases, merged=False)
        self._statements_by_vendor: dict[str, list[Statement]] = {}
        for s in sorted(dataset.statements, key=lambda s: (*s.date.sort_key, s.id)):
            self._statements_by_vendor.setdefault(s.vendor, []).append(s)
        self._lineage_index: _LineageIndex | None = None
        self._latest: dt.date | None = None
        self._license_counts: dict[dt.date, dict[str, int]] = {}
        self._shift_memo: dict[str, list[Shift]] = {}
        self._all_shifts: list[Shift] | None = None
        self._trend_indexes: dict[Period, TrendIndex] = {}

    @property
    def warnings(self) -> tuple[object, ...]:
        """The warnings validation gave (problems that do not stop the data from loading)."""
        if self._warnings is None:
            self._warnings = tuple(self._warnings_of())
        return self._warnings

    @property
    def dataset(self) -> Dataset:
        """The dataset the catalog was built from."""
        if self._dataset is None:
            self._dataset = attrs.evolve(self._shell, releases=self._store.in_file_order())
        return self._dataset

    @property
    def _ordered(self) -> list[Release]:
        return self._store.ordered()

    def _lineage_tables(self) -> _LineageIndex:
        if self._lineage_index is None:
            table = self._store.table()
            edges: dict[str, list[tuple[int, int]]] = {}
            for p in sorted(table.parents):
                for k, parent in enumerate(table.parents[p]):
                    edges.setdefault(parent, []).append((p, k))
            members = {f: [table.ids[p] for p in ps] for f, ps in table.families.items()}
            self._lineage_index = (_Children(edges, self._store.at_positions), members)
        return self._lineage_index

    # -- dates -------------------------------------------------------------------------------

    @property
    def latest_report(self) -> dt.date:
        """The latest day a release, claim, source or statement was reported (by the as-of date)."""
        if self._latest is None:
            self._latest = self._latest_report()
        return self._latest

    def _latest_report(self) -> dt.date:
        days = [s.first_reported for s in self._shell.statements]
        release_day = self._store.latest_report()
        if release_day is not None:
            days.append(release_day)
        latest = max(days, default=dt.date(1970, 1, 1))
        if self.as_of_date is not None:
            latest = min(latest, self.as_of_date)
        return latest

    @property
    def reference_date(self) -> dt.date:
        """The default ``at``: the as-of date, else the dataset's latest report date."""
        return self.as_of_date if self.as_of_date is not None else self.latest_report

    def as_of(self, day: dt.date) -> Catalog:
        """What had been reported by the end of ``day``.

        Releases, history entries, lineage edges, statements and sources reported later are left
        out, so no answer from the view can use them.
        """
        shell = attrs.evolve(
            self._shell,
            releases=(),
            statements=tuple(
                attrs.evolve(
                    s,
                    reported=DateSpan.of_day(s.first_reported),
                    sources=visible_sources(s.sources, day),
                )
                for s in self._shell.statements
                if s.first_reported <= day
            ),
        )
        # A view of a view narrows the same releases to the earlier of the two days.
        store = self._store
        if isinstance(store, AsOfReleases):
            base, known = store.base, min(day, store.day)
        else:
            base, known = store, day
        with gc_paused():  # the view's table: many small lists, none in a cycle
            releases = AsOfReleases(base, known)
        return Catalog._lazy(
            shell, releases, file=self.file, warnings=lambda: self.warnings, as_of=day
        )

    # -- lookups -----------------------------------------------------------------------------

    def _lookup(self, kind: str, table: dict[str, object], id: str) -> object:  # noqa: A002
        target = self._shell.redirects.get(id, id)
        if target in table:
            return table[target]
        every = [*self._vendors, *self._releases, *self._families, *self._statements]
        aliases = {alias.lower(): r.id for r in self._ordered for alias in (r.name, *r.aliases)}
        if id.lower() in aliases and aliases[id.lower()] in table:
            return table[aliases[id.lower()]]
        import difflib  # only on a miss

        close = difflib.get_close_matches(id, [*table, *every], n=3, cutoff=0.6)
        raise UnknownIdError(kind, id, list(dict.fromkeys(close)))

    def vendor(self, id: str) -> Vendor:  # noqa: A002
        """The vendor with this id; raise :class:`UnknownIdError` with suggestions on a miss."""
        found = self._lookup("vendor", self._vendors, id)  # type: ignore[arg-type]
        assert isinstance(found, Vendor)
        return found

    def release(self, id: str) -> Release:  # noqa: A002
        """The release with this id (or name or alias); raise :class:`UnknownIdError` on a miss."""
        found = self._lookup("release", self._releases, id)  # type: ignore[arg-type]
        assert isinstance(found, Release)
        return found

    def family(self, id: str) -> Family:  # noqa: A002
        """The family with this id."""
        found = self._lookup("family", self._families, id)  # type: ignore[arg-type]
        assert isinstance(found, Family)
        return found

    def license(self, id: str) -> License:  # noqa: A002
        """The license with this id."""
        found = self._lookup("license", self._licenses, id)  # type: ignore[arg-type]
        assert isinstance(found, License)
        return found

    def statement(self, id: str) -> Statement:  # noqa: A002
        """The statement with this id."""
        found = self._lookup("statement", self._statements, id)  # type: ignore[arg-type]
        assert isinstance(found, Statement)
        return found

    def kind_of(self, id: str) -> str | None:  # noqa: A002
        """``vendor``, ``release``, ``family``, ``statement``, ``license`` or None."""
        id = self._shell.redirects.get(id, id)  # noqa: A001
        for kind, table in (
            ("vendor", self._vendors),
            ("release", self._releases),
            ("family", self._families),
            ("statement", self._statements),
            ("license", self._licenses),
        ):
            if id in table:
                return kind
        return None

    # -- listings ----------------------------------------------------------------------------

    @property
    def vendors(self) -> tuple[Vendor, ...]:
        """Every vendor, by id."""
        return tuple(sorted(self._vendors.values(), key=lambda v: v.id))

    @property
    def licenses(self) -> tuple[License, ...]:
        """Every license, by id."""
        return tuple(sorted(self._licenses.values(), key=lambda lic: lic.id))

    @property
    def families(self) -> tuple[Family, ...]:
        """Every family, by id."""
        return tuple(sorted(self._families.values(), key=lambda f: f.id))

    @property
    def statements(self) -> tuple[Statement, ...]:
        """Every statement, chronologically."""
        return tuple(sorted(self._statements.values(), key=lambda s: (*s.date.sort_key, s.id)))

    def all_releases(self) -> tuple[Release, ...]:
        """Every release as recorded, sorted by (start, end, id)."""
        return tuple(self._ordered)

    def state(self, release: str | Release, at: dt.date | None = None) -> ReleaseState:
        """The release's values in force at ``at`` (default: the reference date)."""
        r = release if isinstance(release, Release) else self.release(release)
        return resolve(r, at or self.reference_date)

    def releases(
        self,
        *,
        vendor: str | Iterable[str] | None = None,
        country: str | None = None,
        access: AccessLevel | Iterable[AccessLevel] | None = None,
        open: bool | None = None,  # noqa: A002
        status: Status | None = None,
        license: str | None = None,  # noqa: A002
        commercial: Commercial | None = None,
        osi: bool | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        flagship: bool | None = None,
        at: dt.date | None = None,
    ) -> tuple[ReleaseState, ...]:
        """Releases matching every filter given, as they stood at ``at``, by date then id.

        Dates match on overlap: a release dated ``2025-Q2`` matches ``since=2025-05-01``.
        ``license``, ``commercial`` and ``osi`` look at the weights license in force.
        """
        day = at or self.reference_date
        table = self._store.table()
        if vendor is None:
            pool: Sequence[int] = range(len(table.ids))
        else:
            ids = [vendor] if isinstance(vendor, str) else list(vendor)
            for v in ids:
                self.vendor(v)
            # Only these vendors' releases, in the catalog's order (a release made by two of
            # them once), so a query about one vendor never reads the others.
            pool = sorted(
                {p for v in ids for p in self._positions(self._shell.redirects.get(v, v))}
            )
        ranks = None
        if access is not None:
            levels = {access} if isinstance(access, AccessLevel) else set(access)
            ranks = {RANK[level] for level in levels}
        if open is not None:
            opened = OPEN_RANKS
            ranks = {
                r for r in (ranks if ranks is not None else RANK.values()) if (r in opened) == open
            }
        countries = None
        if country is not None:
            countries = {
                v.id for v in self._vendors.values() if (v.country or "").upper() == country.upper()
            }
        licensed = None
        if license is not None or commercial is not None or osi is not None:
            licensed = self._license_filter(license, commercial, osi)
        wanted_status = None if status is None else STATUSES.index(status)
        wanted_flagship = None if flagship is None else int(flagship)
        first = -1 if since is None else since.toordinal()
        last = None if until is None else until.toordinal()
        if last is not None and first > last:
            return ()
        d = day.toordinal()
        on_day = table.on(d) if vendor is None else None
        matched = []
        for p in pool:
            values = on_day[p] if on_day is not None else table.at(p, d)
            if ranks is not None and values[ACCESS] not in ranks:
                continue
            if wanted_status is not None and values[STATUS] != wanted_status:
                continue
            if wanted_flagship is not None and values[FLAGSHIP] != wanted_flagship:
                continue
            if values[END] < first or (last is not None and values[START] > last):
                continue
            if countries is not None and not countries.intersection(table.vendors[p]):
                continue
            if licensed is not None and not licensed(values[LICENSE]):
                continue
            matched.append(p)
        found = self._store.at_positions(matched)
        with gc_paused():
            return tuple(resolve(r, day) for r in found)

    def _positions(self, vendor: str) -> list[int]:
        """Positions of the vendor's releases, without those merged into another."""
        table = self._store.table()
        merged, ids = self.merged_into, table.ids
        return [p for p in table.positions_of(vendor) if ids[p] not in merged]

    def _license_filter(
        self,
        license: str | None,  # noqa: A002
        commercial: Commercial | None,
        osi: bool | None,
    ) -> Callable[[str | None], bool]:
        """Whether a weights license id passes the license filters (worked out once per id)."""
        verdicts: dict[str | None, bool] = {}

        def passes(weights: str | None) -> bool:
            found = verdicts.get(weights)
            if found is None:
                lic = self._licenses.get(weights or "")
                found = verdicts[weights] = (
                    (license is None or (lic is not None and lic.id.lower() == license.lower()))
                    and (commercial is None or (lic is not None and lic.commercial is commercial))
                    and (osi is None or (lic is not None and lic.osi_approved) == osi)
                )
            return found

        return passes

    def release_count(self, license_id: str) -> int:
        """How many releases use this license for their weights (in force now) or a variant."""
        day = self.reference_date
        counts = self._license_counts.get(day)
        if counts is None:
            # One pass for every license (the licenses listing asks for each in turn).
            counts = self._license_counts[day] = {}
            table = self._store.table()
            on_day = table.on(day.toordinal())
            for p in range(len(table.ids)):
                weights = on_day[p][LICENSE]
                variants = table.variants.get(p)
                for lic in {weights, *variants} if variants else (weights,):
                    if lic is not None:
                        counts[lic] = counts.get(lic, 0) + 1
        return counts.get(license_id, 0)

    # -- stance and shifts -------------------------------------------------------------------

    def stance(self, vendor: str, at: dt.date | None = None) -> Stance:
        """The vendor's derived stance at ``at`` (default: the reference date), with reasons."""
        v = self.vendor(vendor)
        return table_stance(
            v.id,
            self._store.table(),
            self._positions(v.id),
            at or self.reference_date,
            self.as_of_date,
            self._store.at_positions,
        )

    def shifts(
        self,
        *,
        vendor: str | Iterable[str] | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        min_confidence: Confidence | None = None,
        scope: Scope | None = None,
        basis: Basis | None = None,
    ) -> tuple[Shift, ...]:
        """Every shift up to the reference date, chronologically, filtered as asked."""
        if self._all_shifts is None and self.as_of_date is None:
            stored = self._store.stored_shifts()  # a cache entry stores them all
            if stored is not None:  # in the order found: sorted once, then kept sorted
                self._all_shifts = sorted(stored.shifts, key=lambda s: s.sort_key)
        if vendor is None:
            if self._all_shifts is None:
                found = self._shifts_of(sorted(self._vendors))
                self._all_shifts = sorted(found, key=lambda s: s.sort_key)
            out = self._all_shifts
        else:
            ids = [self.vendor(v).id for v in ([vendor] if isinstance(vendor, str) else vendor)]
            if self._all_shifts is not None:
                chosen = set(ids)
                out = [s for s in self._all_shifts if s.vendor in chosen]
            else:
                out = self._shifts_of(ids)
        out = [
            s
            for s in out
            if s.date.overlaps(since, until)
            and (min_confidence is None or s.confidence >= min_confidence)
            and (scope is None or s.scope is scope)
            and (basis is None or s.basis is basis)
        ]
        return tuple(sorted(out, key=lambda s: s.sort_key))

    def _shifts_of(self, vendors: Sequence[str]) -> list[Shift]:
        """The vendors' shifts up to the reference date, each vendor's found once."""
        out: list[Shift] = []
        with gc_paused():  # many small tuples, none in a cycle
            for vid in vendors:
                found = self._shift_memo.get(vid)
                if found is None:
                    found = self._shift_memo[vid] = self._vendor_shifts(vid)
                out += found
        return out

    def _vendor_shifts(self, vendor: str) -> list[Shift]:
        """The vendor's shifts: a view's from the stored ones when it can, else found here."""
        statements = self._statements_by_vendor.get(vendor, [])
        if isinstance(self._store, AsOfReleases):
            known = self._store.known_shifts(
                vendor, self._positions(vendor), statements, self.reference_date
            )
            if known is not None:
                return known
            return self._store.built_shifts(
                vendor, self._found(vendor), statements, self.reference_date
            )
        return build_shifts(vendor, self._found(vendor), statements, self._store.at_positions)

    def _found(self, vendor: str) -> list[Found]:
        """Where the vendor's shifts up to the reference date are found (see find_in_table)."""
        table = self._store.table()
        counted = self._positions(vendor)
        return find_in_table(
            table,
            counted,
            table.positions_of(vendor) or counted,
            self._statements_by_vendor.get(vendor, []),
            self.reference_date.toordinal(),
        )

    def _found_shifts(self) -> FoundShifts:
        """Every vendor's shifts with where each was found, in the order found (vendors by id)."""
        shifts: list[Shift] = []
        found: list[Found] = []
        for vid in sorted(self._vendors):
            here = self._found(vid)
            statements = self._statements_by_vendor.get(vid, [])
            shifts += build_shifts(vid, here, statements, self._store.at_positions)
            found += here
        return FoundShifts(self.reference_date, shifts, found)

    # -- trends and lineage ------------------------------------------------------------------

    def trend(
        self,
        by: Period = Period.YEAR,
        group: str | None = None,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> tuple[TrendRow, ...]:
        """Released releases per period: open, closed, total and open share.

        ``group`` is None, ``"country"`` or ``"vendor"``. A release counts by its release date,
        with the access level in force when it shipped, as known at the reference date.
        """
        group_of = None
        if group == "country":

            def group_of(vendors: Sequence[str]) -> list[str]:
                return [
                    self._vendors[v].country or "unknown" for v in vendors if v in self._vendors
                ]
        elif group == "vendor":

            def group_of(vendors: Sequence[str]) -> list[str]:
                return list(vendors)
        elif group is not None:
            msg = f"group must be 'country' or 'vendor', not {group!r}"
            raise ValueError(msg)
        first = None if since is None else since.toordinal()
        last = None if until is None else until.toordinal()
        return self._trend_index(by).trend(first, last, group_of)

    def _trend_index(self, by: Period) -> TrendIndex:
        """What trends by ``by`` count, indexed for windows; built once per catalog and period."""
        index = self._trend_indexes.get(by)
        if index is None:
            if self.as_of_date is None:
                index = self._store.stored_trend(by)  # a cache entry stores both
            if index is None:
                with gc_paused():  # many small tuples, none in a cycle
                    index = TrendIndex.of(self._shipped(), by)
            self._trend_indexes[by] = index
        return index

    def _shipped(self) -> list[Dated]:
        """What trends count: each release released by the reference date (merged ones aside).

        The first and last day of its date now, which windows cut by, then its date and
        openness when it shipped, and its vendors.
        """
        table = self._store.table()
        ref = self.reference_date.toordinal()
        on_ref = table.on(ref)
        ids, later, vendors, at = table.ids, table.later, table.vendors, table.at
        merged = self.merged_into
        rows: list[Dated] = []
        for p in range(len(ids)):
            now = on_ref[p]
            if now[STATUS] != RELEASED or now[START] > ref or ids[p] in merged:
                continue
            # With dated changes, the values in force when it shipped; else the same values.
            shipped = at(p, min(now[END], ref)) if p in later else now
            rows.append(
                (
                    now[START],
                    now[END],
                    shipped[START],
                    shipped[END],
                    shipped[ACCESS] in OPEN_RANKS,
                    vendors[p],
                )
            )
        return rows

    def lineage(self, id: str) -> Lineage:  # noqa: A002
        """Ancestors and descendants of a release or family, with their relations."""
        kind = self.kind_of(id)
        if kind not in ("release", "family"):
            self.release(id)  # raises with suggestions
        root = self._shell.redirects.get(id, id)
        children, members = self._lineage_tables()
        return walk_lineage(root, self._releases, children, members)

    # -- timelines and changes ---------------------------------------------------------------

    def timeline(self, vendor: str) -> tuple[TimelineEntry, ...]:
        """A vendor's releases, recorded changes, reports and statements, chronologically."""
        v = self.vendor(vendor)
        with gc_paused():  # thousands of entries for a large vendor, none in a cycle
            return self._timeline(v)

    def _timeline(self, v: Vendor) -> tuple[TimelineEntry, ...]:
        out: list[TimelineEntry] = []
        for r in self._by_vendor.get(v.id, []):
            out.append(
                TimelineEntry(
                    r.date.label,
                    r.date.sort_key,
                    "release",
                    r.id,
                    f"{r.name}: {r.status.value}, {r.access.value}",
                    r.confidence,
                    r.sources,
                )
            )
            for c in r.history:
                if c.effective is not None:
                    out.append(
                        TimelineEntry(
                            c.effective.label,
                            c.effective.sort_key,
                            "change",
                            r.id,
                            f"{r.name}: {_claim_summary(c)}",
                            c.confidence,
                            c.sources,
                        )
                    )
                else:
                    out.append(
                        TimelineEntry(
                            c.reported.label,
                            c.reported.sort_key,
                            "report",
                            r.id,
                            f"{r.name}: reported {_claim_summary(c)}",
                            c.confidence,
                            c.sources,
                        )
                    )
        for s in self._statements_by_vendor.get(v.id, []):
            out.append(
                TimelineEntry(
                    s.date.label,
                    s.date.sort_key,
                    "statement",
                    s.id,
                    f"{s.signal.value}: {s.summary}",
                    s.confidence,
                    s.sources,
                )
            )
        return tuple(sorted(out, key=lambda e: (e.sort, e.kind, e.id)))

    def changes(self, since: dt.date) -> tuple[Change, ...]:
        """What the dataset learned on or after ``since``, by report date."""
        out: list[Change] = []
        for r in self._ordered:
            if r.first_reported >= since:
                out.append(
                    Change(
                        r.first_reported,
                        "release",
                        r.id,
                        f"{r.name} first reported ({r.status.value}, {r.access.value})",
                        r.confidence,
                        r.sources,
                    )
                )
            for c in r.history:
                if c.known_from >= since:
                    out.append(
                        Change(
                            c.known_from,
                            "claim",
                            r.id,
                            f"{r.name}: {_claim_summary(c)}",
                            c.confidence,
                            c.sources,
                        )
                    )
            for e in r.lineage:
                if e.known_from >= since:
                    out.append(
                        Change(
                            e.known_from,
                            "lineage",
                            r.id,
                            f"{r.name} {e.relation.value} from {e.parent}",
                            e.confidence,
                            e.sources,
                        )
                    )
        for s in self._statements.values():
            if s.first_reported >= since:
                out.append(
                    Change(s.first_reported, "statement", s.id, s.summary, s.confidence, s.sources)
                )
        return tuple(sorted(out, key=lambda c: (c.reported, c.kind, c.id)))

    def overdue(self, at: dt.date | None = None) -> tuple[ReleaseState, ...]:
        """Expected, announced or rumored releases whose expected date ended before ``at``."""
        day = at or self.reference_date
        table = self._store.table()
        d = day.toordinal()
        on_day = table.on(d)
        late = []
        for p in range(len(table.ids)):
            values = on_day[p]
            if values[STATUS] in PENDING and values[END] < d:
                late.append(p)
        return tuple(resolve(r, day) for r in self._store.at_positions(late))

    def vendor_name(self, vendor: str, at: dt.date | None = None) -> str:
        """The display name the vendor used at ``at`` (Facebook before its rename)."""
        v = self.vendor(vendor)
        if at is not None:
            for n in v.names:
                if (n.since is None or n.since.start <= at) and (
                    n.until is None or at < n.until.start
                ):
                    return n.name
        return v.name


class _Children(Mapping[str, Sequence[tuple[str, LineageEdge]]]):
    """Lineage edges by parent id, as (child id, edge); a parent's children decoded on lookup."""

    def __init__(
        self,
        edges: dict[str, list[tuple[int, int]]],
        fetch: Callable[[Sequence[int]], list[Release]],
    ) -> None:
        self._edges = edges  # parent id -> (child position, index of the edge in its lineage)
        self._fetch = fetch

    def __getitem__(self, parent: str) -> Sequence[tuple[str, LineageEdge]]:
        found = self._edges[parent]
        children = self._fetch([p for p, _ in found])
        return [(r.id, r.lineage[k]) for r, (_, k) in zip(children, found, strict=True)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._edges)

    def __len__(self) -> int:
        return len(self._edges)


class _VendorReleases:
    """Each vendor's releases in date order, built on first use.

    With ``merged``, releases merged into another (``same-as``) are kept.
    """

    def __init__(self, releases: Releases | LazyReleases | AsOfReleases, *, merged: bool) -> None:
        self._releases = releases
        self._merged = merged
        self._memo: dict[str, list[Release]] = {}

    def get(self, vendor: str, default: list[Release]) -> list[Release]:
        found = self._memo.get(vendor)
        if found is None:
            found = self._memo[vendor] = self._releases.of_vendor(vendor, merged=self._merged)
        return found or default


def _claim_summary(claim: Claim) -> str:
    parts = []
    for field in ("name", "date", "status", "access", "flagship", "gated"):
        value = getattr(claim, field)
        if value is not None:
            shown = getattr(value, "value", value)
            parts.append(f"{field} {shown}")
    if claim.aliases is not None:
        parts.append("aliases " + ", ".join(claim.aliases))
    if claim.licenses is not None and claim.licenses.weights:
        parts.append(f"license {claim.licenses.weights}")
    return "; ".join(parts) or "note"
