"""Queries over the small fixture: lookups, filters, stance, shifts, trends, lineage, as-of."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytracker import (
    AccessLevel,
    Basis,
    Catalog,
    Commercial,
    Period,
    Scope,
    StanceCategory,
    Status,
    UnknownIdError,
)
from policytracker.dates import DateSpan

D = dt.date


class TestLookups:
    """Ids resolve, follow redirects and names, and misses suggest close matches."""

    def test_redirect(self, small: Catalog) -> None:
        assert small.release("acme-lm-v1").id == "acme-lm-1"

    def test_alias(self, small: Catalog) -> None:
        assert small.release("Walnut").id == "acme-frontier"

    def test_miss_suggests(self, small: Catalog) -> None:
        with pytest.raises(UnknownIdError) as info:
            small.release("acme-frontie")
        assert str(info.value) == "no release with id 'acme-frontie'; did you mean acme-frontier?"

    def test_vendor_name_at_date(self, small: Catalog) -> None:
        assert small.vendor_name("acme", D(2020, 5, 1)) == "Acme Labs"
        assert small.vendor_name("acme", D(2022, 5, 1)) == "Acme AI"


class TestClaims:
    """History is resolved by date; competing reports by confidence, then recency."""

    def test_before_release(self, small: Catalog) -> None:
        state = small.state("acme-frontier", D(2026, 1, 1))
        assert (state.status, state.name, state.date.label) == (
            Status.EXPECTED,
            "Acme Frontier",
            "spring 2026",
        )

    def test_after_release(self, small: Catalog) -> None:
        state = small.state("acme-frontier", D(2026, 4, 8))
        assert (state.status, state.name) == (Status.RELEASED, "Acme Spark")

    def test_relicensing(self, small: Catalog) -> None:
        assert small.state("cedar-1", D(2023, 5, 30)).access is AccessLevel.OPEN_WEIGHTS_RESTRICTED
        after = small.state("cedar-1", D(2023, 6, 1))
        assert (after.access, after.licenses.weights) == (AccessLevel.OPEN_WEIGHTS, "Apache-2.0")


class TestAsOf:
    """An as-of view never shows what was reported later."""

    def test_hides_later_release(self, small: Catalog) -> None:
        with pytest.raises(UnknownIdError):
            small.as_of(D(2025, 12, 8)).release("acme-frontier")

    def test_hides_later_claims_and_sources(self, small: Catalog) -> None:
        view = small.as_of(D(2025, 12, 9))
        state = view.state("acme-frontier")
        assert (state.date.label, state.name) == ("2026-Q1", "Acme Frontier")
        assert view.release("acme-frontier").lineage == ()
        assert view.reference_date == D(2025, 12, 9)

    @given(st.dates(min_value=D(2022, 1, 1), max_value=D(2026, 12, 31)))
    @settings(max_examples=40, deadline=None)
    def test_nothing_reported_after(self, small: Catalog, day: dt.date) -> None:
        view = small.as_of(day)
        for r in view.all_releases():
            assert r.first_reported <= day
            assert all(c.known_from <= day for c in r.history)
            assert all(s.date.end <= day for s in r.sources)
            assert all(s.date.end <= day for c in r.history for s in c.sources)
            assert all(e.known_from <= day for e in r.lineage)
        assert all(s.first_reported <= day for s in view.statements)
        assert all(c.reported <= day for c in view.changes(D(1900, 1, 1)))


class TestStance:
    """Stance follows the documented window and lead rules."""

    def test_open_then_signalled_then_mixed(self, small: Catalog) -> None:
        assert small.stance("acme", D(2025, 6, 1)).category is StanceCategory.OPEN
        assert small.stance("acme", D(2026, 4, 8)).category is StanceCategory.MIXED

    def test_known_then_versus_now(self, small: Catalog) -> None:
        # As known in December 2025, nothing had shipped in the window by late April 2026;
        # as known now, Acme Spark had, and Acme LM 3 had left the 24-month window.
        then = small.as_of(D(2025, 12, 20)).stance("acme", D(2026, 4, 30))
        now = small.stance("acme", D(2026, 4, 30))
        assert (then.category, now.category) == (StanceCategory.INACTIVE, StanceCategory.CLOSED)
        assert then.as_of == D(2025, 12, 20)

    def test_inactive_outside_window(self, small: Catalog) -> None:
        stance = small.stance("cedar", D(2026, 1, 1))
        assert stance.category is StanceCategory.INACTIVE
        assert stance.reasons == ("no released items in the window 2024-01-02..2026-01-01",)


class TestShifts:
    """Shifts are the changes of derived stance, realized and signalled."""

    def test_story(self, small: Catalog) -> None:
        got = [
            (
                s.vendor,
                s.date.label,
                s.scope.value,
                s.from_value,
                s.to_value,
                s.basis.value,
                s.marked_by,
            )
            for s in small.shifts()
        ]
        assert got == [
            (
                "cedar",
                "2023-05-31",
                "level",
                "open-weights-restricted",
                "open-weights",
                "realized",
                ("cedar-1",),
            ),
            (
                "acme",
                "2023-07-18",
                "level",
                "open-weights-noncommercial",
                "open-weights-restricted",
                "realized",
                ("acme-lm-2",),
            ),
            ("birch", "2025-01-28", "stance", "open", "mixed", "realized", ("birch-max",)),
            ("acme", "2025-12-09", "stance", "open", "mixed", "signalled", ("acme-frontier",)),
            ("acme", "2026-04-08", "stance", "open", "mixed", "realized", ("acme-frontier",)),
        ]

    def test_signalled_carries_weakest_confidence(self, small: Catalog) -> None:
        (signal,) = small.shifts(basis=Basis.SIGNALLED)
        assert signal.confidence.value == "reported"
        assert signal.direction == "closing"

    def test_filters(self, small: Catalog) -> None:
        assert {s.vendor for s in small.shifts(scope=Scope.LEVEL)} == {"acme", "cedar"}
        assert [s.vendor for s in small.shifts(since=D(2025, 1, 1), until=D(2025, 12, 31))] == [
            "birch",
            "acme",
        ]

    def test_as_of_hides_realized(self, small: Catalog) -> None:
        view = small.as_of(D(2025, 12, 20))
        assert [s.basis for s in view.shifts(vendor="acme", since=D(2025, 1, 1))] == [
            Basis.SIGNALLED
        ]


class TestTrend:
    """Counts by period put too-coarse dates in 'unknown'."""

    def test_quarter_unknown_bucket(self, small: Catalog) -> None:
        rows = {(r.period, r.group): (r.open, r.closed) for r in small.trend(Period.QUARTER)}
        assert rows[("unknown", None)] == (1, 1)  # Birch LM 2 (2025) and Acme Spark (spring)

    def test_country_groups(self, small: Catalog) -> None:
        rows = small.trend(Period.YEAR, "country")
        assert {r.group for r in rows} == {"CN", "NO", "US"}
        assert sum(r.total for r in rows) == len(small.releases(status=Status.RELEASED))


class TestLineage:
    """Walks go both ways, through families."""

    def test_family_descendants(self, small: Catalog) -> None:
        lineage = small.lineage("birch-lm")
        assert [(x.id, x.relation.value, x.via) for x in lineage.descendants] == [
            ("acme-frontier", "distilled", "birch-lm"),
            ("birch-lm-2", "fine-tuned", "birch-lm-1"),
        ]

    def test_ancestors(self, small: Catalog) -> None:
        assert [x.id for x in small.lineage("birch-lm-2").ancestors] == ["birch-lm-1"]


FILTERS = st.fixed_dictionaries(
    {},
    optional={
        "vendor": st.sampled_from(["acme", "birch", "cedar"]),
        "country": st.sampled_from(["US", "CN", "NO", "FR"]),
        "access": st.sampled_from(list(AccessLevel)),
        "open": st.booleans(),
        "status": st.sampled_from(list(Status)),
        "license": st.sampled_from(["Apache-2.0", "LicenseRef-Acme-Community-1", "MIT"]),
        "commercial": st.sampled_from(list(Commercial)),
        "osi": st.booleans(),
        "since": st.dates(min_value=D(2022, 1, 1), max_value=D(2027, 1, 1)),
        "until": st.dates(min_value=D(2022, 1, 1), max_value=D(2027, 1, 1)),
        "flagship": st.booleans(),
        "at": st.dates(min_value=D(2022, 1, 1), max_value=D(2027, 1, 1)),
    },
)


@given(FILTERS)
@settings(max_examples=150, deadline=None)
def test_release_filters_agree_with_brute_force(small: Catalog, filters: dict[str, object]) -> None:
    at = filters.get("at") or small.reference_date
    expected = []
    for r in small.all_releases():
        s = small.state(r, at)  # type: ignore[arg-type]
        lic = {x.id: x for x in small.licenses}.get(s.licenses.weights or "")
        countries = {small.vendor(v).country for v in r.vendors}
        checks = [
            filters.get("vendor") in (None, *r.vendors),
            filters.get("country") in (None, *countries),
            filters.get("access") in (None, s.access),
            filters.get("open") in (None, s.is_open),
            filters.get("status") in (None, s.status),
            filters.get("flagship") in (None, s.flagship),
            "license" not in filters or (lic is not None and lic.id == filters["license"]),
            "commercial" not in filters
            or (lic is not None and lic.commercial is filters["commercial"]),
            "osi" not in filters or (lic is not None and lic.osi_approved) == filters["osi"],
            s.date.overlaps(filters.get("since"), filters.get("until")),  # type: ignore[arg-type]
        ]
        if all(checks):
            expected.append(r.id)
    got = [s.id for s in small.releases(**filters)]  # type: ignore[arg-type]
    assert sorted(got) == sorted(expected)


def test_as_of_drops_undated_notes(small: Catalog) -> None:
    expected = "Written with hindsight; it launched as Acme Spark."
    assert small.release("acme-frontier").note == expected
    assert all(r.note is None for r in small.as_of(D(2026, 1, 1)).all_releases())


WINDOW_DAYS = st.none() | st.dates(min_value=D(2021, 1, 1), max_value=D(2027, 1, 1))


@given(
    st.sampled_from(list(Period)),
    st.sampled_from([None, "country", "vendor"]),
    WINDOW_DAYS,
    WINDOW_DAYS,
)
@settings(max_examples=60, deadline=None)
def test_trend_agrees_with_brute_force(
    small: Catalog, by: Period, group: str | None, since: D | None, until: D | None
) -> None:
    expected: dict[tuple[str | None, str], list[int]] = {}
    for r in small.all_releases():
        now = small.state(r)
        if now.status is not Status.RELEASED or r.id in small.merged_into:
            continue
        if not now.date.overlaps(since, until):
            continue
        shipped = small.state(r, now.date.end)
        start, end = shipped.date.start, shipped.date.end
        if by is Period.YEAR:
            period = str(start.year) if start.year == end.year else "unknown"
        else:
            q0, q1 = (start.month + 2) // 3, (end.month + 2) // 3
            same = start.year == end.year and q0 == q1
            period = f"{start.year}-Q{q0}" if same else "unknown"
        if group == "country":
            keys: set[str | None] = {small.vendor(v).country for v in r.vendors}
        elif group == "vendor":
            keys = set(r.vendors)
        else:
            keys = {None}
        for key in keys:
            cell = expected.setdefault((key, period), [0, 0])
            cell[0 if shipped.is_open else 1] += 1
    got = {
        (row.group, row.period): [row.open, row.closed]
        for row in small.trend(by, group, since=since, until=until)
        if row.total
    }
    assert got == expected


def test_a_date_moved_earlier_counts_in_windows(small: Catalog) -> None:
    # A competing report dates the release before its recorded date: filters and trends go by
    # the date in force, not the recorded one.
    target = max(
        (r for r in small.all_releases() if small.state(r).status is Status.RELEASED),
        key=lambda r: r.date.start,
    )
    earlier = DateSpan.of_day(D(2020, 6, 1))
    later = DateSpan.of_day(small.latest_report + dt.timedelta(days=1))  # the latest report wins
    claim = attrs.evolve(target.base_claim(), reported=later, date=earlier, name=None)
    moved = attrs.evolve(target, history=(*target.history, claim))
    data = attrs.evolve(
        small.dataset,
        releases=tuple(moved if r.id == target.id else r for r in small.dataset.releases),
    )
    catalog = Catalog(data)
    assert catalog.state(target.id).date == earlier
    until = D(2020, 12, 31)
    assert target.id in {s.id for s in catalog.releases(until=until)}
    assert target.id in {s.id for s in catalog.releases(vendor=target.vendors[0], until=until)}
    assert target.id not in {s.id for s in small.releases(until=until)}
    counted = sum(row.total for row in catalog.trend(until=until))
    assert counted == sum(row.total for row in small.trend(until=until)) + 1
