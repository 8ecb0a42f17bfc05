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
import functools
import heapq
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

import attrs

from policytracker._repr import fields_repr
from policytracker._table import (
    ACCESS,
    ACCESS_FROM,
    DAY,
    END,
    FLAGSHIP,
    LEVELS,
    OPEN_RANKS,
    PENDING,
    RELEASED,
    START,
    STATUS,
    ReleaseTable,
)
from policytracker.access import AccessLevel, Confidence
from policytracker.claims import ReleaseState, resolve
from policytracker.dates import DateSpan, days_in_month
from policytracker.model import Claim, Release, Signal, Source, Statement

__all__ = [
    "WINDOW_MONTHS",
    "Basis",
    "Found",
    "FoundShifts",
    "Scope",
    "Shift",
    "Stance",
    "StanceCategory",
    "build_shifts",
    "built_the_same",
    "derive_stance",
    "effect",
    "find_in_table",
    "find_shifts",
    "table_shifts",
    "table_stance",
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


def _inactive(
    vendor: str, at: dt.date, as_of: dt.date | None, start: dt.date, window: str
) -> Stance:
    reasons = (f"no released items in the {window}",)
    first = start + dt.timedelta(days=1)
    return Stance(vendor, at, as_of, StanceCategory.INACTIVE, None, (), (), reasons, first)


def _category(*, lead_open: bool, any_open: bool) -> StanceCategory:
    if lead_open:
        return StanceCategory.OPEN
    return StanceCategory.MIXED if any_open else StanceCategory.CLOSED


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
        return _inactive(vendor, at, as_of, start, window)
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
    return Stance(
        vendor,
        at,
        as_of,
        _category(lead_open=lead[0].is_open, any_open=bool(opened)),
        open_level,
        tuple(s.id for s in lead),
        tuple(s.id for s in counted),
        tuple(reasons),
        start + dt.timedelta(days=1),
    )


def table_stance(
    vendor: str,
    table: ReleaseTable,
    positions: Sequence[int],
    at: dt.date,
    as_of: dt.date | None,
    fetch: Callable[[Sequence[int]], list[Release]],
) -> Stance:
    """:func:`derive_stance` over a release table.

    ``positions`` are the vendor's releases in ``table``; ``fetch`` gives the releases at some
    positions, and is asked only for those the reasons name.
    """
    day = at.toordinal()
    start = months_before(at, WINDOW_MONTHS)
    first = start.toordinal()
    # (date's first day, last day, id, position, values), sorted as derive_stance sorts.
    released = []
    for p in positions:
        values = table.at(p, day)
        if values[STATUS] == RELEASED and values[START] <= day:
            released.append((values[START], values[END], table.ids[p], p, values))
    released.sort(key=lambda x: x[:3])
    counted = [x for x in released if max(x[0], x[4][ACCESS_FROM]) > first]
    window = f"window {start + dt.timedelta(days=1)}..{at}"
    if not counted:
        return _inactive(vendor, at, as_of, start, window)
    flagships = [x for x in released if x[4][FLAGSHIP]]
    pool = flagships or counted
    latest = max(x[0] for x in pool)
    tied = [x for x in pool if x[0] == latest]
    least = min(x[4][ACCESS] for x in tied)
    lead = [x for x in tied if x[4][ACCESS] == least]
    opened = [x for x in counted if x[4][ACCESS] in OPEN_RANKS]
    top_rank = max((x[4][ACCESS] for x in opened), default=None)
    top = [x for x in opened if x[4][ACCESS] == top_rank]
    named = [x[3] for x in (*lead, *top)]
    states = {r.id: resolve(r, at) for r in fetch(named)}
    reasons: list[str] = [
        f"{len(counted)} released item(s) in the {window}, {len(opened)} with open weights",
        ("lead (latest flagship): " if flagships else "lead (latest release, no flagship): ")
        + ", ".join(f"{s.name} ({s.date}, {s.access.value})" for s in (states[x[2]] for x in lead)),
    ]
    open_level = None
    if top_rank is not None:
        open_level = LEVELS[top_rank]
        reasons.append(
            f"open level: {open_level.value} (most open in the window: "
            + ", ".join(states[x[2]].name for x in top)
            + ")"
        )
    return Stance(
        vendor,
        at,
        as_of,
        _category(lead_open=least in OPEN_RANKS, any_open=bool(opened)),
        open_level,
        tuple(x[2] for x in lead),
        tuple(x[2] for x in counted),
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
    scanned = pending or releases
    every = sorted(
        {r.id: r for r in (*releases, *scanned)}.values(), key=lambda r: (*r.date.sort_key, r.id)
    )
    position = {r.id: p for p, r in enumerate(every)}
    return table_shifts(
        vendor,
        ReleaseTable.build(every, {}),
        [position[r.id] for r in releases],
        [position[r.id] for r in scanned],
        statements,
        horizon,
        lambda positions: [every[p] for p in positions],
    )


_MAIN, _CHANGE, _LEAVE = range(3)
_LAST = 1 << 30  # sorts a release's window-leaving events after its own changes that day

#: ``(day, release id, order within the release, position, kind)``: an event as plain values.
_Point = tuple[int, str, int, int, int]


#: Where one shift was found, in plain values, so it can be built again from the releases as
#: known on another day: ``(day, what, change)``. ``what`` is a realized shift's points, or a
#: signalled shift's pending release (its position) or statement (its id); ``change`` is
#: ``(scope, before, after)``.
Found = tuple[int, tuple[_Point, ...] | int | str, tuple[Scope, str, str]]


def table_shifts(
    vendor: str,
    table: ReleaseTable,
    counted: Sequence[int],
    scanned: Sequence[int],
    statements: Sequence[Statement],
    horizon: dt.date,
    fetch: Callable[[Sequence[int]], list[Release]],
) -> list[Shift]:
    """:func:`find_shifts` over a release table.

    ``counted`` and ``scanned`` are positions in ``table``; ``fetch`` gives the releases at some
    positions, and is asked only for the releases that mark a shift.
    """
    found = find_in_table(table, counted, scanned, statements, horizon.toordinal())
    return build_shifts(vendor, found, statements, fetch)


def find_in_table(
    table: ReleaseTable,
    counted: Sequence[int],
    scanned: Sequence[int],
    statements: Sequence[Statement],
    limit: int,
) -> list[Found]:
    """Where :func:`table_shifts` finds each shift up to ``limit`` (an ordinal), in its order.

    Realized shifts come first, then signalled ones, each in day order. What is found by a day
    depends only on the table's rows of the releases with an event or report by that day, and
    on the statements reported by then.
    """
    points = [x for p in counted for x in _points_of(table, p)]
    points = sorted(x for x in points if x[0] <= limit)
    spans = sorted(_sweep_segments(table, counted), key=lambda span: span[0])
    # The stance at each event day, as derive_stance would give it, from one sweep over the
    # releases instead of resolving every release again at every event.
    # Signals are judged in the same sweep, in day order with the events.
    sweep = _Sweep(spans)
    items = _signal_items(table, scanned, statements, limit)
    verdicts: list[tuple[_Verdict, _Verdict | None]] = []
    found: list[Found] = []
    last_active: _Verdict | None = None
    i = 0
    while i < len(points):
        day = points[i][0]
        while len(verdicts) < len(items) and items[len(verdicts)][0] < day:
            verdicts.append(_signal_verdicts(items[len(verdicts)], table, sweep))
        j = i + 1
        while j < len(points) and points[j][0] == day:
            j += 1
        stance = sweep.at(day)
        if stance.category is not StanceCategory.INACTIVE:
            if last_active is not None and (change := _change(last_active, stance)):
                found.append((day, tuple(points[i:j]), change))
            last_active = stance
        i = j
    verdicts += [_signal_verdicts(item, table, sweep) for item in items[len(verdicts) :]]
    return found + _signals(items, verdicts)


def _points_of(table: ReleaseTable, p: int) -> list[_Point]:
    """The events of the counted release at ``p``: its date, its changes, leaving the window."""
    rid, start = table.ids[p], table.start[p]
    points = [(start, rid, -1, p, _MAIN)]
    expiry = start
    for day, j in table.changes.get(p, ()):
        points.append((day, rid, j, p, _CHANGE))
        expiry = max(expiry, day)
    for day in {start, expiry}:
        points.append((_leaves_window(day), rid, _LAST, p, _LEAVE))
    return points


def effect(
    table: ReleaseTable, p: int, limit: int, *, counted: bool, scanned: bool
) -> tuple[object, ...]:
    """What :func:`find_in_table` reads of the release at ``p`` to find shifts up to ``limit``.

    Its events and released spans by ``limit`` if ``counted``, and its report if ``scanned``
    and pending, without its position. Two tables whose releases each have the same effect in
    both (none when missing) find the same shifts up to ``limit``, at their own positions.
    """
    points: list[tuple[int, str, int, int]] = []
    spans: list[_Span] = []
    if counted:
        points = sorted((d, rid, j, kind) for d, rid, j, _, kind in _points_of(table, p))
        points = [x for x in points if x[0] <= limit]
        # A span ending after the limit is, up to it, one that never ends.
        spans = [
            (start, None if until is None or until > limit else until, since, date, rank, lead)
            for start, until, since, date, rank, lead in _sweep_segments(table, [p])
            if start <= limit
        ]
    report = None
    if scanned and (day := table.reported[p]) <= limit:
        values = table.at(p, day)
        if values[STATUS] in PENDING:
            report = (day, values[ACCESS_FROM], values[ACCESS], values[FLAGSHIP])
    return (tuple(points), tuple(spans), report)


#: The effect of a release a table does not have.
NO_EFFECT: tuple[object, ...] = ((), (), None)


def build_shifts(
    vendor: str,
    found: Sequence[Found],
    statements: Sequence[Statement],
    fetch: Callable[[Sequence[int]], list[Release]],
) -> list[Shift]:
    """The shifts :func:`find_in_table` found, from the releases that mark them.

    ``fetch`` gives the releases at some positions of the table they were found in; it is
    asked once, for those releases only.
    """
    wanted = sorted(
        {x[3] for _, what, _ in found if isinstance(what, tuple) for x in what}
        | {what for _, what, _ in found if isinstance(what, int)}
    )
    releases = dict(zip(wanted, fetch(wanted), strict=True))
    by_id = {s.id: s for s in statements}
    shifts: list[Shift] = []
    for day, what, (scope, before, after) in found:
        if isinstance(what, tuple):
            event = _event_of(what, releases)
            basis = Basis.REALIZED
            when, marked_by, confidence = event.date, event.marked_by, event.confidence
            sources, reason = event.sources, event.what
        elif isinstance(what, int):
            r = releases[what]
            pending = resolve(r, dt.date.fromordinal(day))
            basis = Basis.SIGNALLED
            # Dated by its (possibly coarse) report date.
            when = r.reported or DateSpan.of_day(dt.date.fromordinal(day))
            marked_by, confidence, sources = (r.id,), pending.confidence, r.sources
            reason = f"{pending.name} reported as {pending.status.value}, {pending.access.value}"
        else:
            statement = by_id[what]
            basis = Basis.SIGNALLED
            when = statement.date  # dated as made
            marked_by, confidence = (statement.id,), statement.confidence
            sources, reason = statement.sources, f"statement: {statement.summary}"
        shifts.append(
            Shift(
                vendor,
                when,
                scope,
                before,
                after,
                _direction(before, after, scope),
                basis,
                marked_by,
                confidence,
                sources,
                reason,
            )
        )
    return shifts


@attrs.frozen
class FoundShifts:
    """Shifts found up to ``horizon``, in the order found, each with where it was found.

    What a cache entry stores, so that an as-of view can reuse what it would find again.
    """

    __repr__ = fields_repr

    horizon: dt.date
    shifts: Sequence[Shift]
    found: Sequence[Found]


def built_the_same(shift: Shift, found: Found, day: dt.date, revised: Collection[int]) -> bool:
    """Whether :func:`build_shifts` gives ``shift`` again from its releases as known on ``day``.

    Narrowing a release to a day (``_as_of.release_as_of``) drops later sources, and the claims
    and lineage of the ``revised`` positions, and dates its report to one day. A shift keeps its
    value when its sources were all published by ``day``, it rests on no history claim (whose
    index may move), and a pending release it rests on has no history (which could change what
    it resolves to) and was reported on one day.
    """
    if any(s.date.end > day for s in shift.sources):
        return False
    at, what, _ = found
    if isinstance(what, tuple):
        return all(point[4] != _CHANGE for point in what)
    if isinstance(what, int):
        return what not in revised and shift.date == DateSpan.of_day(dt.date.fromordinal(at))
    return True


def _event_of(points: Sequence[_Point], releases: Mapping[int, Release]) -> _Event:
    """The events at these points (one day), merged into one."""
    events = []
    for day, _, j, p, kind in points:
        r = releases[p]
        if kind == _MAIN:
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
        elif kind == _CHANGE:
            claim = r.history[j]
            assert claim.effective is not None
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
        else:
            leaves = dt.date.fromordinal(day)
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
    first = events[0]
    marked_by: list[str] = []
    for e in events:
        marked_by += [x for x in e.marked_by if x not in marked_by]
    return _Event(
        first.day,
        first.date,
        tuple(marked_by),
        min(e.confidence for e in events),
        tuple(s for e in events for s in e.sources),
        "; ".join(e.what for e in events),
    )


@functools.lru_cache(maxsize=1 << 16)
def _leaves_window(day: int) -> int:
    """The day (ordinal) an item counted from ``day`` leaves the window."""
    return _add_months(dt.date.fromordinal(day), WINDOW_MONTHS).toordinal()


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


#: A pending release (its position) or a statement reported on a day: ``(day, id, item)``.
_SignalItem = tuple[int, str, int | Statement]


def _signal_items(
    table: ReleaseTable, scanned: Sequence[int], statements: Sequence[Statement], limit: int
) -> list[_SignalItem]:
    """What may signal a shift by ``limit``: pending releases as reported, and statements."""
    items: list[_SignalItem] = []
    for p in scanned:
        day = table.reported[p]
        if day <= limit and table.at(p, day)[STATUS] in PENDING:
            items.append((day, table.ids[p], p))
    for s in statements:
        if (day := s.first_reported.toordinal()) <= limit:
            items.append((day, s.id, s))
    items.sort(key=lambda x: (x[0], x[1]))
    return items


def _signal_verdicts(
    item: _SignalItem, table: ReleaseTable, sweep: _Sweep
) -> tuple[_Verdict, _Verdict | None]:
    """The stance on the item's day, and for a pending release, as if it had been released."""
    day, _, what = item
    now = sweep.at(day)
    if now.category is StanceCategory.INACTIVE or isinstance(what, Statement):
        return now, None
    values = table.at(what, day)
    since = max(day, values[ACCESS_FROM]) if values[ACCESS_FROM] else day
    # As if released on the day it was reported.
    return now, sweep.at(day, (since, day, values[ACCESS], values[FLAGSHIP]))


def _signals(
    items: Sequence[_SignalItem], verdicts: Sequence[tuple[_Verdict, _Verdict | None]]
) -> list[Found]:
    """Signalled shifts, from each item's verdicts."""
    out: list[Found] = []
    last_statement_signal: tuple[str, str] | None = None
    for (day, _, item), (now, then) in zip(items, verdicts, strict=True):
        if now.category is StanceCategory.INACTIVE:
            continue
        if not isinstance(item, Statement):
            assert then is not None
            change = _change(now, then)
            if change is not None:
                out.append((day, item, change))
            continue
        if item.signal is Signal.STEADY:
            continue
        step = 1 if item.signal is Signal.OPENING else -1
        target = now.category.openness + step
        if not 0 <= target <= 2:
            continue
        after = next(c for c in StanceCategory if c.openness == target)
        if (now.category.value, after.value) == last_statement_signal:
            continue
        last_statement_signal = (now.category.value, after.value)
        out.append((day, item.id, (Scope.STANCE, now.category.value, after.value)))
    return out


# -- the stance at increasing days, in one sweep ----------------------------------------------

_OPEN_RANKS = tuple(sorted(OPEN_RANKS))  # least open first


@attrs.frozen
class _Verdict:
    """What :func:`_change` compares: a stance's category and open level."""

    __repr__ = fields_repr

    category: StanceCategory
    open_level: AccessLevel | None


_INACTIVE = _Verdict(StanceCategory.INACTIVE, None)

#: Every other verdict, by (lead is open, open level's rank or None): made once, not per day.
_VERDICTS = {
    (lead_open, rank): _Verdict(
        _category(lead_open=lead_open, any_open=rank is not None),
        None if rank is None else LEVELS[rank],
    )
    for lead_open in (False, True)
    for rank in (None, *_OPEN_RANKS)
}

#: ``(released from, until, since, start, rank, flagship)``: a span of days (ordinals) over which
#: a release is released with the same values. ``until`` is the first day they no longer hold
#: (None: for good); ``since`` is when it counts in the window from (see _since); ``start`` is
#: its date's first day (the lead is the latest); ``rank`` is its access level's.
_Span = tuple[int, int | None, int, int, int, int]

#: ``(since, start, rank, flagship)`` of an item counted as released on top of the others.
_Extra = tuple[int, int, int, int]


def _sweep_segments(table: ReleaseTable, positions: Iterable[int]) -> list[_Span]:
    out: list[_Span] = []
    for p in positions:
        for segment, until in table.segments(p):
            if segment[STATUS] != RELEASED:
                continue
            start = segment[START]
            released_from = max(segment[DAY], start)
            if until is not None and released_from >= until:
                continue
            since = max(start, segment[ACCESS_FROM])
            out.append((released_from, until, since, start, segment[ACCESS], segment[FLAGSHIP]))
    return out


@functools.lru_cache(maxsize=1 << 16)
def _window_start(day: int) -> int:
    return months_before(dt.date.fromordinal(day), WINDOW_MONTHS).toordinal()


class _Sweep:
    """derive_stance's category and open level at non-decreasing days, in O(log n) a change.

    A release counts from the day it is released (by its resolved status and date) until a claim
    changes its values or it leaves the window; flagships released by the day stay candidates for
    the lead. Heaps keyed by (latest date, least open level) give the lead, with entries dropped
    lazily once they no longer hold; counts per access level give the open level.
    """

    def __init__(self, segments: list[_Span]) -> None:
        """``segments`` must be sorted by the day they are released from."""
        self.segments = segments
        self.next = 0
        self.active = [False] * len(self.segments)
        self.counted = [False] * len(self.segments)
        self.per_rank = [0] * len(LEVELS)
        self.n_counted = 0
        self.ending: list[tuple[int, int]] = []
        self.leaving: list[tuple[int, int]] = []
        self.flagships: list[tuple[int, int, int]] = []
        self.latest: list[tuple[int, int, int]] = []
        self.day: int | None = None

    def _uncount(self, k: int) -> None:
        self.counted[k] = False
        self.per_rank[self.segments[k][4]] -= 1
        self.n_counted -= 1

    def _advance(self, day: int, start: int) -> None:
        if self.day is not None and day < self.day:
            msg = "days must not decrease"
            raise ValueError(msg)
        self.day = day
        segments = self.segments
        while self.next < len(segments) and segments[self.next][0] <= day:
            k = self.next
            self.next += 1
            _, until, since, seg_start, rank, flagship = segments[k]
            if until is not None:
                if until <= day:
                    continue
                heapq.heappush(self.ending, (until, k))
            self.active[k] = True
            if flagship:
                heapq.heappush(self.flagships, (-seg_start, rank, k))
            if since > start:
                self.counted[k] = True
                self.per_rank[rank] += 1
                self.n_counted += 1
                heapq.heappush(self.latest, (-seg_start, rank, k))
                heapq.heappush(self.leaving, (since, k))
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

    def at(self, day: int, extra: _Extra | None = None) -> _Verdict:
        """The verdict at ``day``; ``extra`` counts as released, as in derive_stance."""
        start = _window_start(day)
        self._advance(day, start)
        per_rank = self.per_rank
        counted_extra = extra is not None and extra[0] > start
        if counted_extra:
            assert extra is not None
            per_rank = list(per_rank)
            per_rank[extra[2]] += 1
        if not self.n_counted and not counted_extra:
            return _INACTIVE
        extra_key = None if extra is None else (-extra[1], extra[2])
        lead = self._top(self.flagships, self.active)
        if extra_key is not None and extra is not None and extra[3]:
            lead = extra_key if lead is None else min(lead, extra_key)
        if lead is None:
            lead = self._top(self.latest, self.counted)
            if counted_extra and extra_key is not None:
                lead = extra_key if lead is None else min(lead, extra_key)
        assert lead is not None
        most_open = None
        for rank in _OPEN_RANKS:
            if per_rank[rank]:
                most_open = rank
        return _VERDICTS[lead[1] in OPEN_RANKS, most_open]
