"""A vendor's derived stance at a date, and the shifts between stances.

**Stance at T** is derived from the vendor's *released* items (status released, dated on or
before T), as known at the catalog's as-of date:

- ``inactive``: nothing released in the window ``(T - 24 months, T]``;
- ``open``: the *lead* is open;
- ``mixed``: the lead is closed, and the vendor released open weights in the window;
- ``closed``: the lead is closed, and nothing open was released in the window.

The **lead** is the vendor's most recent flagship released by T, however old: a flagship stays
the vendor's frontier until a newer one ships. A vendor with no flagship yet is led by its most
recent release in the window. When several releases share the lead's date, the least open one
decides. The vendor's **open level** is the most open access level among its open releases in
the window: the most open terms it currently offers.

A **shift** is a change of stance (scope ``stance``) or, with the stance unchanged, of the open
level (scope ``level``). It is ``realized`` when released items change it, dated by the release
or change that marks it, or by the day an item leaves the window. It is ``signalled`` when an
expected, announced or rumored release, or a policy statement, points to a stance other than the
realized one; it is dated by the report. Transitions into and out of ``inactive`` are not
shifts: the stance before the gap is compared with the one after it. Its confidence is the
weakest among the evidence marking it.
"""

from __future__ import annotations

import datetime as dt
import enum
import heapq
from collections.abc import Iterable, Sequence

import attrs

from policytracker._repr import fields_repr
from policytracker.access import AccessLevel, Confidence, Status
from policytracker.claims import ReleaseState, resolve
from policytracker.dates import DateSpan, days_in_month
from policytracker.model import Claim, Release, Signal, Source, Statement

__all__ = [
    "WINDOW_MONTHS",
    "Basis",
    "Scope",
    "Shift",
    "Stance",
    "StanceCategory",
    "derive_stance",
    "find_shifts",
]

#: How far back released items count towards a stance.
WINDOW_MONTHS = 24


class StanceCategory(enum.Enum):
    """Where a vendor stands; ``closed`` < ``mixed`` < ``open`` in openness."""

    INACTIVE = "inactive"
    CLOSED = "closed"
    MIXED = "mixed"
    OPEN = "open"

    @property
    def openness(self) -> int:
        """0 for closed, 1 for mixed, 2 for open; -1 for inactive."""
        return {"inactive": -1, "closed": 0, "mixed": 1, "open": 2}[self.value]


class Scope(enum.Enum):
    """What a shift changed."""

    STANCE = "stance"
    LEVEL = "level"


class Basis(enum.Enum):
    """What a shift rests on."""

    REALIZED = "realized"
    SIGNALLED = "signalled"


@attrs.frozen
class Stance:
    """A vendor's derived stance at ``at``, as known ``as_of``, with the reasons.

    Attributes:
        vendor: Vendor id.
        at: The date the stance is about.
        as_of: The report date the answer is limited to (None: everything recorded).
        category: Open, mixed, closed or inactive.
        open_level: Access level of the vendor's leading open release, if any.
        lead: Ids of the releases that decided the category.
        counted: Ids of the released items in the window.
        reasons: Sentences explaining the derivation.
        window_start: First day of the window.
    """

    __repr__ = fields_repr

    vendor: str
    at: dt.date
    as_of: dt.date | None
    category: StanceCategory
    open_level: AccessLevel | None
    lead: tuple[str, ...]
    counted: tuple[str, ...]
    reasons: tuple[str, ...]
    window_start: dt.date


@attrs.frozen
class Shift:
    """A dated change in where a vendor stands.

    Attributes:
        vendor: Vendor id.
        date: When it happened (realized) or was first reported (signalled).
        scope: ``stance`` or ``level``.
        from_value: The stance category or access level before.
        to_value: The one after.
        direction: ``opening`` or ``closing``.
        basis: ``realized`` or ``signalled``.
        marked_by: Ids of the releases or statements that mark it.
        confidence: The weakest confidence among that evidence.
        sources: The evidence's sources.
        reason: One sentence saying what happened.
    """

    __repr__ = fields_repr

    vendor: str
    date: DateSpan
    scope: Scope
    from_value: str
    to_value: str
    direction: str
    basis: Basis
    marked_by: tuple[str, ...]
    confidence: Confidence
    sources: tuple[Source, ...]
    reason: str

    @property
    def sort_key(self) -> tuple[dt.date, dt.date, str, str]:
        """Chronological, then by vendor and basis."""
        return (self.date.start, self.date.end, self.vendor, self.basis.value)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (clamped to the month's end)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    if year < dt.MINYEAR:
        return dt.date.min  # a window reaching back before year 1 starts with the calendar
    month += 1
    return dt.date(year, month, min(day.day, days_in_month(year, month)))


def _since(state: ReleaseState) -> dt.date:
    """The day a release's access level in force took effect.

    Weights published after launch count in the window from the day they were published.
    """
    effective = state.deciding["access"].effective
    return max(state.date.start, effective.start) if effective else state.date.start


def _lead(items: Sequence[ReleaseState]) -> list[ReleaseState]:
    latest = max(s.date.start for s in items)
    tied = [s for s in items if s.date.start == latest]
    least = min(s.access for s in tied)
    return [s for s in tied if s.access == least]


def derive_stance(
    vendor: str,
    releases: Iterable[Release],
    at: dt.date,
    as_of: dt.date | None = None,
    *,
    extra: Sequence[ReleaseState] = (),
) -> Stance:
    """Derive a vendor's stance at ``at`` from its releases (``extra`` counts as released)."""
    start = months_before(at, WINDOW_MONTHS)
    released = [s for s in (resolve(r, at) for r in releases) if s.is_released]
    released += extra
    released.sort(key=lambda s: (s.date.sort_key, s.id))
    counted = [s for s in released if _since(s) > start]
    window = f"window {start + dt.timedelta(days=1)}..{at}"
    if not counted:
        empty = (f"no released items in the {window}",)
        return Stance(
            vendor,
            at,
            as_of,
            StanceCategory.INACTIVE,
            None,
            (),
            (),
            empty,
            start + dt.timedelta(days=1),
        )
    flagships = [s for s in released if s.flagship]
    lead = _lead(flagships or counted)
    opened = [s for s in counted if s.is_open]
    reasons: list[str] = [
        f"{len(counted)} released item(s) in the {window}, {len(opened)} with open weights",
        ("lead (latest flagship): " if flagships else "lead (latest release, no flagship): ")
        + ", ".join(f"{s.name} ({s.date}, {s.access.value})" for s in lead),
    ]
    open_level = None
    if opened:
        open_level = max(s.access for s in opened)
        top = [s.name for s in opened if s.access is open_level]
        reasons.append(
            f"open level: {open_level.value} (most open in the window: " + ", ".join(top) + ")"
        )
    if lead[0].is_open:
        category = StanceCategory.OPEN
    elif opened:
        category = StanceCategory.MIXED
    else:
        category = StanceCategory.CLOSED
    return Stance(
        vendor,
        at,
        as_of,
        category,
        open_level,
        tuple(s.id for s in lead),
        tuple(s.id for s in counted),
        tuple(reasons),
        start + dt.timedelta(days=1),
    )


def _direction(before: str, after: str, scope: Scope) -> str:
    if scope is Scope.STANCE:
        up = StanceCategory(after).openness > StanceCategory(before).openness
    else:
        up = AccessLevel(after) > AccessLevel(before)
    return "opening" if up else "closing"


@attrs.frozen
class _Event:
    __repr__ = fields_repr
    day: dt.date
    date: DateSpan
    marked_by: tuple[str, ...]
    confidence: Confidence
    sources: tuple[Source, ...]
    what: str


def _events(releases: Sequence[Release], horizon: dt.date) -> list[_Event]:
    events: list[_Event] = []
    for r in releases:
        events.append(
            _Event(
                r.date.start,
                r.date,
                (r.id,),
                r.confidence,
                r.sources,
                f"{r.name} ({r.access.value})",
            )
        )
        expiry = r.date.start
        for claim in r.history:
            if claim.effective is not None and (claim.status or claim.access or claim.licenses):
                events.append(
                    _Event(
                        claim.effective.start,
                        claim.effective,
                        (r.id,),
                        claim.confidence,
                        claim.sources,
                        f"{r.name}: {_claim_change(claim)} from {claim.effective}",
                    )
                )
                expiry = max(expiry, claim.effective.start)
        for day in {r.date.start, expiry}:
            leaves = _add_months(day, WINDOW_MONTHS)
            events.append(
                _Event(
                    leaves,
                    DateSpan.of_day(leaves),
                    (r.id,),
                    r.confidence,
                    (),
                    f"{r.name} left the {WINDOW_MONTHS}-month window",
                )
            )
    return sorted((e for e in events if e.day <= horizon), key=lambda e: (e.day, e.marked_by))


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    if year > dt.MAXYEAR:
        return dt.date.max  # a release dated 9999 leaves the window after the calendar ends
    month += 1
    return dt.date(year, month, min(day.day, days_in_month(year, month)))


def _change(before: Stance | _Verdict, after: Stance | _Verdict) -> tuple[Scope, str, str] | None:
    if before.category is not after.category:
        return Scope.STANCE, before.category.value, after.category.value
    if (
        before.open_level is not None
        and after.open_level is not None
        and before.open_level is not after.open_level
    ):
        return Scope.LEVEL, before.open_level.value, after.open_level.value
    return None


def find_shifts(
    vendor: str,
    releases: Sequence[Release],
    statements: Sequence[Statement],
    horizon: dt.date,
    as_of: dt.date | None = None,
    *,
    pending: Sequence[Release] | None = None,
) -> list[Shift]:
    """Every realized and signalled shift of one vendor up to ``horizon``.

    ``releases`` are counted for the stance; ``pending`` (default: the same) are scanned for
    expected items that signal a shift, and may include releases later merged into another.
    """
    realized: list[Shift] = []
    last_active: _Verdict | None = None
    # The stance at each event day, as derive_stance would give it, from one sweep over the
    # releases instead of resolving every release again at every event.
    sweep = _Sweep(releases)
    for event in _merge_same_day(_events(releases, horizon)):
        stance = sweep.at(event.day)
        if stance.category is StanceCategory.INACTIVE:
            continue
        if last_active is not None and (change := _change(last_active, stance)):
            scope, before, after = change
            realized.append(
                Shift(
                    vendor,
                    event.date,
                    scope,
                    before,
                    after,
                    _direction(before, after, scope),
                    Basis.REALIZED,
                    event.marked_by,
                    event.confidence,
                    event.sources,
                    event.what,
                )
            )
        last_active = stance
    signals = _signalled(vendor, releases, pending or releases, statements, horizon, as_of)
    return realized + signals


def _merge_same_day(events: list[_Event]) -> list[_Event]:
    merged: list[_Event] = []
    for e in events:
        if merged and merged[-1].day == e.day:
            m = merged[-1]
            merged[-1] = _Event(
                m.day,
                m.date,
                m.marked_by + tuple(x for x in e.marked_by if x not in m.marked_by),
                min(m.confidence, e.confidence),
                m.sources + e.sources,
                f"{m.what}; {e.what}",
            )
        else:
            merged.append(e)
    return merged


_PENDING = (Status.EXPECTED, Status.ANNOUNCED, Status.RUMORED)


def _signals(
    releases: Sequence[Release], statements: Sequence[Statement], horizon: dt.date
) -> list[tuple[dt.date, Release | Statement]]:
    out: list[tuple[dt.date, Release | Statement]] = []
    for r in releases:
        day = r.first_reported
        # Without history, resolve() gives the release's own status on every day.
        if day <= horizon and (resolve(r, day).status if r.history else r.status) in _PENDING:
            out.append((day, r))
    out += [(s.first_reported, s) for s in statements if s.first_reported <= horizon]
    return sorted(out, key=lambda pair: (pair[0], pair[1].id))


def _claim_change(claim: Claim) -> str:
    """What a dated change says, in a few words (``access open-weights, license MIT``)."""
    parts = []
    if claim.status is not None:
        parts.append(claim.status.value)
    if claim.access is not None:
        parts.append(claim.access.value)
    if claim.licenses is not None and claim.licenses.weights:
        parts.append(f"under {claim.licenses.weights}")
    return " ".join(parts) or "changed"


def _signalled(
    vendor: str,
    releases: Sequence[Release],
    pending_items: Sequence[Release],
    statements: Sequence[Statement],
    horizon: dt.date,
    as_of: dt.date | None,
) -> list[Shift]:
    shifts: list[Shift] = []
    last_statement_signal: tuple[str, str] | None = None
    sweep = _Sweep(releases)  # signal days come in order, as event days do
    for day, item in _signals(pending_items, statements, horizon):
        now = sweep.at(day)
        if now.category is StanceCategory.INACTIVE:
            continue
        if isinstance(item, Release):
            pending = resolve(item, day)
            hypothetical = attrs.evolve(pending, status=Status.RELEASED, date=DateSpan.of_day(day))
            then = sweep.at(day, extra=hypothetical)
            change = _change(now, then)
            what = f"{pending.name} reported as {pending.status.value}, {pending.access.value}"
            confidence = pending.confidence
            sources = item.sources
        else:
            if item.signal is Signal.STEADY:
                continue
            step = 1 if item.signal is Signal.OPENING else -1
            target = now.category.openness + step
            if not 0 <= target <= 2:
                continue
            after = next(c for c in StanceCategory if c.openness == target)
            change = (Scope.STANCE, now.category.value, after.value)
            if change[1:] == last_statement_signal:
                continue
            last_statement_signal = change[1:]
            what = f"statement: {item.summary}"
            confidence = item.confidence
            sources = item.sources
        if change is None:
            continue
        scope, before, after_value = change
        # A statement is dated as made; an expected release by its (possibly coarse) report date.
        when = item.date if isinstance(item, Statement) else item.reported or DateSpan.of_day(day)
        shifts.append(
            Shift(
                vendor,
                when,
                scope,
                before,
                after_value,
                _direction(before, after_value, scope),
                Basis.SIGNALLED,
                (item.id,),
                confidence,
                sources,
                what,
            )
        )
    return shifts


# -- the stance at increasing days, in one sweep ----------------------------------------------

_LEVELS = tuple(AccessLevel)
_RANK = {level: i for i, level in enumerate(_LEVELS)}
_OPEN_RANKS = tuple(i for i, level in enumerate(_LEVELS) if level.is_open)


@attrs.frozen
class _Verdict:
    """What :func:`_change` compares: a stance's category and open level."""

    __repr__ = fields_repr

    category: StanceCategory
    open_level: AccessLevel | None


_INACTIVE = _Verdict(StanceCategory.INACTIVE, None)


@attrs.frozen
class _Segment:
    """A span of days over which a release is released with the same resolved values."""

    __repr__ = fields_repr

    released_from: dt.date
    until: dt.date | None  # first day it no longer holds; None: for good
    since: dt.date  # see _since: counted in the window while it is after the window's start
    start: int  # ordinal of its date's first day (the lead is the latest)
    rank: int  # of its access level
    flagship: bool


def _segments(release: Release) -> list[_Segment]:
    if not release.history:
        # resolve() would return the release's own fields, whatever the day.
        if release.status is not Status.RELEASED:
            return []
        start = release.date.start
        return [
            _Segment(start, None, start, start.toordinal(), _RANK[release.access], release.flagship)
        ]
    # Only claims with an effective date make the resolved values change with the day; between
    # two such dates, resolve() gives the same values for every day.
    points = sorted(
        {dt.date.min, *(c.effective.start for c in release.history if c.effective is not None)}
    )
    out = []
    for i, point in enumerate(points):
        until = points[i + 1] if i + 1 < len(points) else None
        state = resolve(release, point)
        if state.status is not Status.RELEASED:
            continue
        released_from = max(point, state.date.start)
        if until is not None and released_from >= until:
            continue
        out.append(
            _Segment(
                released_from,
                until,
                _since(state),
                state.date.start.toordinal(),
                _RANK[state.access],
                state.flagship,
            )
        )
    return out


class _Sweep:
    """derive_stance's category and open level at non-decreasing days, in O(log n) a change.

    A release counts from the day it is released (by its resolved status and date) until a claim
    changes its values or it leaves the window; flagships released by the day stay candidates for
    the lead. Heaps keyed by (latest date, least open level) give the lead, with entries dropped
    lazily once they no longer hold; counts per access level give the open level.
    """

    def __init__(self, releases: Iterable[Release]) -> None:
        self.segments = sorted(
            (seg for r in releases for seg in _segments(r)), key=lambda seg: seg.released_from
        )
        self.next = 0
        self.active = [False] * len(self.segments)
        self.counted = [False] * len(self.segments)
        self.per_rank = [0] * len(_LEVELS)
        self.n_counted = 0
        self.ending: list[tuple[dt.date, int]] = []
        self.leaving: list[tuple[dt.date, int]] = []
        self.flagships: list[tuple[int, int, int]] = []
        self.latest: list[tuple[int, int, int]] = []
        self.day: dt.date | None = None

    def _uncount(self, k: int) -> None:
        self.counted[k] = False
        self.per_rank[self.segments[k].rank] -= 1
        self.n_counted -= 1

    def _advance(self, day: dt.date, start: dt.date) -> None:
        if self.day is not None and day < self.day:
            msg = "days must not decrease"
            raise ValueError(msg)
        self.day = day
        segments = self.segments
        while self.next < len(segments) and segments[self.next].released_from <= day:
            k = self.next
            self.next += 1
            seg = segments[k]
            if seg.until is not None:
                if seg.until <= day:
                    continue
                heapq.heappush(self.ending, (seg.until, k))
            self.active[k] = True
            if seg.flagship:
                heapq.heappush(self.flagships, (-seg.start, seg.rank, k))
            if seg.since > start:
                self.counted[k] = True
                self.per_rank[seg.rank] += 1
                self.n_counted += 1
                heapq.heappush(self.latest, (-seg.start, seg.rank, k))
                heapq.heappush(self.leaving, (seg.since, k))
        while self.ending and self.ending[0][0] <= day:
            _, k = heapq.heappop(self.ending)
            self.active[k] = False
            if self.counted[k]:
                self._uncount(k)
        while self.leaving and self.leaving[0][0] <= start:
            _, k = heapq.heappop(self.leaving)
            if self.counted[k]:
                self._uncount(k)

    @staticmethod
    def _top(heap: list[tuple[int, int, int]], valid: list[bool]) -> tuple[int, int] | None:
        while heap and not valid[heap[0][2]]:
            heapq.heappop(heap)
        return (heap[0][0], heap[0][1]) if heap else None

    def at(self, day: dt.date, extra: ReleaseState | None = None) -> _Verdict:
        """The verdict at ``day``; ``extra`` counts as released, as in derive_stance."""
        start = months_before(day, WINDOW_MONTHS)
        self._advance(day, start)
        per_rank = list(self.per_rank)
        counted_extra = extra is not None and _since(extra) > start
        if counted_extra:
            assert extra is not None
            per_rank[_RANK[extra.access]] += 1
        if not self.n_counted and not counted_extra:
            return _INACTIVE
        extra_key = None
        if extra is not None:
            extra_key = (-extra.date.start.toordinal(), _RANK[extra.access])
        lead = self._top(self.flagships, self.active)
        if extra_key is not None and extra is not None and extra.flagship:
            lead = extra_key if lead is None else min(lead, extra_key)
        if lead is None:
            lead = self._top(self.latest, self.counted)
            if counted_extra and extra_key is not None:
                lead = extra_key if lead is None else min(lead, extra_key)
        assert lead is not None
        opened = [i for i in _OPEN_RANKS if per_rank[i]]
        open_level = _LEVELS[opened[-1]] if opened else None
        if _LEVELS[lead[1]].is_open:
            category = StanceCategory.OPEN
        elif opened:
            category = StanceCategory.MIXED
        else:
            category = StanceCategory.CLOSED
        return _Verdict(category, open_level)
