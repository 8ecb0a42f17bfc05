"""Plain, slow statements of what the fast queries compute, for the tests to compare against.

Each function here follows the definitions in ``policytracker.stance`` and ``claims`` word for
word, over typed objects, with no index, table or sweep: shifts derive the stance afresh at
every event day (quadratic), and a release's values come from ``resolve`` at each day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from policytracker import stance
from policytracker.access import Confidence, Status
from policytracker.catalog import Catalog
from policytracker.claims import resolve
from policytracker.dates import DateSpan
from policytracker.model import Release, Signal, Source, Statement
from policytracker.stance import Basis, Scope, Shift, StanceCategory

__all__ = ["catalog_shifts", "shifts"]


_Event = stance._Event


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
                        f"{r.name}: {stance._claim_change(claim)} from {claim.effective}",
                    )
                )
                expiry = max(expiry, claim.effective.start)
        for day in {r.date.start, expiry}:
            leaves = stance._add_months(day, stance.WINDOW_MONTHS)
            events.append(
                _Event(
                    leaves,
                    DateSpan.of_day(leaves),
                    (r.id,),
                    r.confidence,
                    (),
                    f"{r.name} left the {stance.WINDOW_MONTHS}-month window",
                )
            )
    return sorted((e for e in events if e.day <= horizon), key=lambda e: (e.day, e.marked_by))


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
        if day <= horizon and resolve(r, day).status in _PENDING:
            out.append((day, r))
    out += [(s.first_reported, s) for s in statements if s.first_reported <= horizon]
    return sorted(out, key=lambda pair: (pair[0], pair[1].id))


def _shift(
    vendor: str,
    when: DateSpan,
    change: tuple[Scope, str, str],
    basis: Basis,
    marked_by: tuple[str, ...],
    confidence: Confidence,
    sources: tuple[Source, ...],
    what: str,
) -> Shift:
    scope, before, after = change
    return Shift(
        vendor,
        when,
        scope,
        before,
        after,
        stance._direction(before, after, scope),
        basis,
        marked_by,
        confidence,
        sources,
        what,
    )


def shifts(
    vendor: str,
    releases: Sequence[Release],
    statements: Sequence[Statement],
    horizon: dt.date,
    as_of: dt.date | None,
    pending: Sequence[Release],
) -> list[Shift]:
    """One vendor's shifts: the stance derived afresh at every event and signal day."""
    out: list[Shift] = []
    last = None
    for event in _merge_same_day(_events(releases, horizon)):
        now = stance.derive_stance(vendor, releases, event.day, as_of)
        if now.category is StanceCategory.INACTIVE:
            continue
        if last is not None and (change := stance._change(last, now)):
            out.append(
                _shift(
                    vendor,
                    event.date,
                    change,
                    Basis.REALIZED,
                    event.marked_by,
                    event.confidence,
                    event.sources,
                    event.what,
                )
            )
        last = now
    previous: tuple[str, str] | None = None
    for day, item in _signals(pending or releases, statements, horizon):
        now = stance.derive_stance(vendor, releases, day, as_of)
        if now.category is StanceCategory.INACTIVE:
            continue
        if isinstance(item, Release):
            state = resolve(item, day)
            hypothetical = attrs.evolve(state, status=Status.RELEASED, date=DateSpan.of_day(day))
            then = stance.derive_stance(vendor, releases, day, as_of, extra=[hypothetical])
            change = stance._change(now, then)
            if change is not None:
                out.append(
                    _shift(
                        vendor,
                        item.reported or DateSpan.of_day(day),
                        change,
                        Basis.SIGNALLED,
                        (item.id,),
                        state.confidence,
                        item.sources,
                        f"{state.name} reported as {state.status.value}, {state.access.value}",
                    )
                )
            continue
        if item.signal is Signal.STEADY:
            continue
        target = now.category.openness + (1 if item.signal is Signal.OPENING else -1)
        if not 0 <= target <= 2:
            continue
        after = next(c for c in StanceCategory if c.openness == target)
        change = (Scope.STANCE, now.category.value, after.value)
        if change[1:] == previous:
            continue
        previous = change[1:]
        out.append(
            _shift(
                vendor,
                item.date,
                change,
                Basis.SIGNALLED,
                (item.id,),
                item.confidence,
                item.sources,
                f"statement: {item.summary}",
            )
        )
    return out


def vendor_releases(catalog: Catalog, vendor: str) -> tuple[list[Release], list[Release]]:
    """The vendor's releases counted for its stance (none merged into another), and all of them."""
    every = [r for r in catalog.all_releases() if vendor in r.vendors]
    return [r for r in every if r.id not in catalog.merged_into], every


def catalog_shifts(catalog: Catalog) -> list[Shift]:
    """Every vendor's shifts, as :meth:`Catalog.shifts` lists them."""
    out: list[Shift] = []
    for vendor in sorted(v.id for v in catalog.vendors):
        counted, every = vendor_releases(catalog, vendor)
        statements = [s for s in catalog.statements if s.vendor == vendor]
        out += shifts(
            vendor, counted, statements, catalog.reference_date, catalog.as_of_date, every
        )
    return sorted(out, key=lambda s: s.sort_key)
