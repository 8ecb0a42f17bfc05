"""As-of views answer as a catalog of the narrowed dataset does, without building it.

The reference is the plain statement of an as-of view: every release and statement narrowed to
what had been reported by the day (:func:`release_as_of`), loaded into a fresh catalog.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policytracker
from policytracker._as_of import (
    AsOfReleases,
    Revisions,
    StoredRevisions,
    release_as_of,
    stored_revisions,
)
from policytracker._releases import LazyReleases, Releases
from policytracker._table import FIELDS, ReleaseTable, row_of
from policytracker.access import AccessLevel, Confidence, SourceKind, Status
from policytracker.catalog import Catalog
from policytracker.claims import resolve
from policytracker.dates import DateSpan
from policytracker.model import (
    Claim,
    LineageEdge,
    Relation,
    Release,
    Signal,
    Source,
    Statement,
    StatementKind,
    Vendor,
    VendorKind,
)
from policytracker.trend import Period
from tests.conftest import DATA, SMALL, TODAY
from tests.test_table import DAYS, SPANS, _source, releases

BUNDLED = DATA.parent.parent / "data" / "models.yaml"


#: Few days, so that claims tie on everything but their sources' kind, and sources are
#: published after the claims they back.
FEW_DAYS = st.sampled_from([dt.date(2024, 1, 1), dt.date(2024, 3, 1), dt.date(2024, 6, 1)])
KINDS = st.sampled_from([SourceKind.VENDOR, SourceKind.PRESS])


@st.composite
def revised_releases(draw: st.DrawFn) -> list[Release]:
    """Releases with history, lineage, and sources published after the claims they back."""
    out = []
    for r in draw(releases()):
        history = tuple(
            attrs.evolve(
                c,
                reported=DateSpan.of_day(draw(FEW_DAYS)),
                sources=tuple(
                    _source(draw(FEW_DAYS), draw(KINDS)) for _ in range(draw(st.integers(1, 3)))
                ),
            )
            for c in r.history
        )
        lineage = tuple(
            LineageEdge(
                relation=draw(st.sampled_from(list(Relation))),
                parent=draw(st.sampled_from(["r0", "r1", "fam"])),
                confidence=Confidence.REPORTED,
                sources=(_source(draw(DAYS), SourceKind.PRESS),),
                reported=draw(st.none() | DAYS.map(DateSpan.of_day)),
            )
            for _ in range(draw(st.integers(0, 2)))
        )
        own = tuple(_source(draw(FEW_DAYS), draw(KINDS)) for _ in range(draw(st.integers(1, 2))))
        out.append(
            attrs.evolve(
                r,
                sources=own,
                reported=draw(st.none() | FEW_DAYS.map(DateSpan.of_day)),
                history=history,
                lineage=lineage,
                family="fam",
            )
        )
    return out


def _known_days(r: Release, data: st.DataObject) -> list[dt.date]:
    first = r.first_reported
    return [
        first + dt.timedelta(days=data.draw(st.integers(0, 4000))),
        *(s.date.end for s in r.sources if s.date.end >= first),
        *(x for x in (c.known_from for c in r.history) if x >= first),
        *(s.date.end for c in r.history for s in c.sources if s.date.end >= first),
    ]


@given(revised_releases(), st.data())
@settings(max_examples=100, deadline=None)
def test_stored_revisions_give_the_row_of_the_narrowed_release(
    rs: list[Release], data: st.DataObject
) -> None:
    stored = json.loads(json.dumps({p: stored_revisions(r) for p, r in enumerate(rs)}))
    read = Revisions(stored=StoredRevisions.of({int(k): v for k, v in stored.items()}))
    table = ReleaseTable.build(rs, {})
    for p, r in enumerate(rs):
        for day in _known_days(r, data):
            for d in (day, day - dt.timedelta(days=1)):
                if d >= r.first_reported:
                    row = row_of(release_as_of(r, d))
                    assert read.row(p, d.toordinal()) == row
                    if p not in read.changing(d.toordinal()):  # settled: the table's row
                        rest = (table.later, table.changes, table.parents)
                        settled = [table.first[p], *(x.get(p, []) for x in rest)]
                        assert json.loads(json.dumps(settled)) == json.loads(json.dumps(row))


@given(revised_releases(), DAYS)
@settings(max_examples=100, deadline=None)
def test_table_as_of_is_the_table_of_the_narrowed_releases(rs: list[Release], day: dt.date) -> None:
    table = ReleaseTable.build(rs, {"acme": list(range(len(rs)))})
    revised = Revisions(ordered=rs)
    got, keep = table.as_of(
        day.toordinal(), revised.revised, lambda p: revised.row(p, day.toordinal())
    )
    narrowed = [release_as_of(r, day) for r in rs if r.first_reported <= day]
    assert [rs[p].id for p in keep] == [r.id for r in narrowed]
    expected = ReleaseTable.build(
        narrowed, {"acme": list(range(len(narrowed)))} if narrowed else {}
    )
    for field in FIELDS:
        assert getattr(got, field) == getattr(expected, field), field


def _reference(catalog: Catalog, day: dt.date) -> Catalog:
    """The plain as-of view: the narrowed dataset in a catalog of its own."""
    d = catalog.dataset
    data = attrs.evolve(
        d,
        releases=tuple(release_as_of(r, day) for r in d.releases if r.first_reported <= day),
        statements=tuple(
            attrs.evolve(
                s,
                reported=DateSpan.of_day(s.first_reported),
                sources=tuple(x for x in s.sources if x.date.end <= day),
            )
            for s in d.statements
            if s.first_reported <= day
        ),
    )
    return Catalog(data, file=catalog.file, as_of=day, warnings=catalog.warnings)


DAYS_TO_CHECK = [
    dt.date(2019, 6, 30),
    dt.date(2023, 3, 14),
    dt.date(2024, 12, 31),
    dt.date(2025, 8, 6),
    dt.date(2025, 12, 20),
    dt.date(2026, 6, 1),
    dt.date(2030, 1, 1),
]


def _answers(c: Catalog) -> dict[str, object]:
    vendors = [v.id for v in c.vendors]
    some = [r.id for r in c.all_releases()[::7]]
    return {
        "ids": [r.id for r in c.all_releases()],
        "dataset": c.dataset,
        "merged": c.merged_into,
        "latest": c.latest_report,
        "releases": c.releases(),
        "open": c.releases(open=True, since=dt.date(2024, 1, 1)),
        "stances": [c.stance(v) for v in vendors],
        "stances-2024": [c.stance(v, dt.date(2024, 6, 30)) for v in vendors],
        "shifts": c.shifts(),
        "meta-shifts": c.shifts(vendor=vendors[:3]),
        "trend": c.trend(Period.QUARTER, "country"),
        "trend-window": c.trend(Period.YEAR, since=dt.date(2023, 1, 1)),
        "licenses": [c.release_count(x.id) for x in c.licenses],
        "lineage": [c.lineage(x) for x in some],
        "overdue": c.overdue(),
        "timelines": [c.timeline(v) for v in vendors],
        "changes": c.changes(dt.date(2024, 1, 1)),
    }


@pytest.mark.parametrize("path", [SMALL, BUNDLED], ids=["small", "bundled"])
@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
def test_views_answer_as_the_narrowed_dataset(cache: Path, path: Path, *, lazy: bool) -> None:
    eager = policytracker.load(path, today=TODAY)
    catalog = policytracker.load(path, today=TODAY) if lazy else eager
    assert isinstance(catalog._store, LazyReleases if lazy else Releases)
    for day in DAYS_TO_CHECK:
        view = catalog.as_of(day)
        assert isinstance(view._store, AsOfReleases)
        assert _answers(view) == _answers(_reference(eager, day)), day


def test_a_view_of_a_view_narrows_to_the_earlier_day(cache: Path) -> None:
    catalog = policytracker.load(BUNDLED, today=TODAY)
    early, late = dt.date(2024, 12, 31), dt.date(2025, 12, 20)
    for first, second in ((late, early), (early, late)):
        view = catalog.as_of(first).as_of(second)
        reference = _reference(_reference(catalog, first), second)
        assert view.as_of_date == second
        assert _answers(view) == _answers(reference)


def test_a_view_decodes_what_a_vendor_query_reaches(cache: Path) -> None:
    policytracker.load(BUNDLED, today=TODAY)
    lazy = policytracker.load(BUNDLED, today=TODAY)
    view = lazy.as_of(dt.date(2025, 12, 20))
    view.stance("meta")
    store = lazy._store
    assert isinstance(store, LazyReleases)
    built = {r.id for r in store._built if r is not None}
    assert built
    assert built <= {r.id for r in lazy.all_releases() if "meta" in r.vendors}


@st.composite
def statements(draw: st.DrawFn) -> list[Statement]:
    """Statements of the made-up vendor, some reported after they were made."""
    return [
        Statement(
            id=f"s{i}",
            vendor="acme",
            date=draw(SPANS),
            kind=StatementKind.INTERVIEW,
            signal=draw(st.sampled_from(list(Signal))),
            summary=f"said {i}",
            confidence=draw(st.sampled_from(list(Confidence))),
            sources=(_source(draw(DAYS), draw(KINDS)),),
            reported=draw(st.none() | SPANS),
        )
        for i in range(draw(st.integers(0, 3)))
    ]


def _storing_shifts(rs: list[Release], said: list[Statement]) -> Catalog:
    """A catalog of the made-up releases whose store holds its shifts, as a cache entry does."""
    shell = policytracker.load(SMALL, today=TODAY).dataset
    acme = Vendor(id="acme", name="Acme", kind=VendorKind.COMPANY, sources=())
    data = attrs.evolve(shell, vendors=(acme,), releases=tuple(rs), statements=tuple(said))
    catalog = Catalog(data)
    found = catalog._found_shifts()
    catalog._store.stored_shifts = lambda: found  # type: ignore[method-assign]
    return catalog


@given(st.one_of(releases(), revised_releases()), statements(), DAYS)
@settings(max_examples=200, deadline=None)
def test_a_view_finds_from_stored_shifts_what_the_narrowed_dataset_does(
    rs: list[Release], said: list[Statement], day: dt.date
) -> None:
    catalog = _storing_shifts(rs, said)
    view = catalog.as_of(day)
    assert view.shifts() == _reference(catalog, day).shifts()


#: A day after the press reported Meta's closed "Avocado" (see the bundled data).
VIEW_DAY = dt.date(2025, 12, 20)


def _bundled_view() -> tuple[Catalog, Catalog, AsOfReleases, set[str]]:
    """The bundled data from its cache entry, a view of it, and the vendors it reuses.

    The last are the vendors whose shifts the view takes as the base stored them.
    """
    policytracker.load(BUNDLED, today=TODAY)
    lazy = policytracker.load(BUNDLED, today=TODAY)
    day = VIEW_DAY
    view = lazy.as_of(day)
    store = view._store
    assert isinstance(store, AsOfReleases)
    reused = {
        v.id
        for v in view.vendors
        if store.known_shifts(
            v.id, view._positions(v.id), view._statements_by_vendor.get(v.id, []), day
        )
        is not None
    }
    return lazy, view, store, reused


def test_a_view_reuses_the_stored_shifts_of_vendors_it_leaves_as_they_were(cache: Path) -> None:
    lazy, view, _, reused = _bundled_view()
    # Most vendors' releases are as the base has them, but not those revised since the day.
    assert len(view.vendors) / 2 < len(reused) < len(view.vendors)
    # A stored shift whose sources were all published by the day is used as it is: the
    # releases marking it are not even decoded.
    got = view.shifts(vendor=sorted(reused))
    assert isinstance(lazy._store, LazyReleases)
    built = [r for r in lazy._store._built if r is not None]
    assert len(built) < len({x for s in got for x in s.marked_by})
    assert got == _reference(lazy, VIEW_DAY).shifts(vendor=sorted(reused))


def test_a_view_takes_the_shifts_it_finds_as_the_base_did(cache: Path) -> None:
    # For the vendors whose shifts it finds afresh, a view still takes the base's shift
    # wherever it found the same thing and narrowing does not change the shift.
    lazy, view, store, reused = _bundled_view()
    afresh = sorted({v.id for v in view.vendors} - reused)
    got = view.shifts(vendor=afresh)
    assert got == _reference(lazy, VIEW_DAY).shifts(vendor=afresh)
    stored = store._stored_by_vendor
    assert stored is not None
    base = {id(shift) for v in afresh for shift, _ in stored[1].get(v, ())}
    taken = [s for s in got if id(s) in base]
    assert 0 < len(taken) < len(got)


D = dt.date


def _released(rid: str, day: dt.date, access: AccessLevel, reported: dt.date) -> Release:
    return Release(
        id=rid,
        name=rid.upper(),
        vendors=("acme",),
        date=DateSpan.of_day(day),
        status=Status.RELEASED,
        access=access,
        confidence=Confidence.REPORTED,
        sources=(_source(reported, SourceKind.VENDOR),),
        flagship=True,
        reported=DateSpan.of_day(reported),
    )


OPEN, CLOSED = AccessLevel.OPEN_WEIGHTS, AccessLevel.API


def _reported_late() -> list[Release]:
    """A closed flagship dated before the view's day but reported after it."""
    return [
        _released("r0", D(2023, 1, 1), OPEN, D(2023, 1, 1)),
        _released("r1", D(2024, 3, 1), CLOSED, D(2024, 6, 1)),
    ]


def _same_as_reported_late() -> list[Release]:
    """A closed release later reported to be the same model as an open one."""
    edge = LineageEdge(
        relation=Relation.SAME_AS,
        parent="r1",
        confidence=Confidence.REPORTED,
        sources=(_source(D(2024, 8, 1), SourceKind.PRESS),),
        reported=DateSpan.of_day(D(2024, 8, 1)),
    )
    return [
        _released("r0", D(2023, 1, 1), OPEN, D(2023, 1, 1)),
        _released("r1", D(2024, 2, 1), CLOSED, D(2024, 2, 1)),
        attrs.evolve(_released("r2", D(2024, 5, 1), OPEN, D(2024, 5, 1)), lineage=(edge,)),
        # So that the base's shifts are found up to a day after the view's.
        _released("r3", D(2024, 9, 1), OPEN, D(2024, 9, 1)),
    ]


def _level_from_a_late_report() -> list[Release]:
    """The same release moves the open level in both, but from a level only the base knew."""
    return [
        _released("r0", D(2023, 1, 1), AccessLevel.OPEN_WEIGHTS_NONCOMMERCIAL, D(2023, 1, 1)),
        _released("r1", D(2023, 6, 1), AccessLevel.OPEN_WEIGHTS_RESTRICTED, D(2024, 6, 1)),
        _released("r2", D(2024, 1, 1), AccessLevel.OPEN_WEIGHTS, D(2024, 1, 1)),
    ]


@pytest.mark.parametrize(
    "rs",
    [_reported_late(), _same_as_reported_late(), _level_from_a_late_report()],
    ids=["late", "same-as", "level"],
)
def test_a_view_finds_afresh_what_the_base_knew_differently(rs: list[Release]) -> None:
    catalog = _storing_shifts(rs, [])
    day = D(2024, 6, 1) - dt.timedelta(days=1)
    assert catalog.reference_date > day  # the base's stored shifts reach past the view's day
    expected = _reference(catalog, day).shifts()
    # The base, which knows more, found something else by the day.
    assert expected != tuple(s for s in catalog.shifts() if s.date.start <= day)
    assert catalog.as_of(day).shifts() == expected


JAN, MARCH, JUNE = dt.date(2024, 1, 1), dt.date(2024, 3, 1), dt.date(2024, 6, 1)


def _tie(release_source: Source, claim_source: Source) -> Release:
    """A release (API) and a claim (open weights) that tie but for their sources.

    Both were reported on 1 January with the same confidence. A source does not make its claim
    the primary one before it is published.
    """
    claim = Claim(
        reported=DateSpan.of_day(JAN),
        confidence=Confidence.REPORTED,
        sources=(claim_source,),
        access=AccessLevel.OPEN_WEIGHTS,
    )
    return Release(
        id="r0",
        name="R0",
        vendors=("acme",),
        date=DateSpan.of_day(dt.date(2023, 12, 1)),
        status=Status.RELEASED,
        access=AccessLevel.API,
        confidence=Confidence.REPORTED,
        sources=(release_source,),
        reported=DateSpan.of_day(JAN),
        history=(claim,),
    )


@pytest.mark.parametrize(
    ("release_source", "claim_source", "in_march", "in_june"),
    [
        # The claim's vendor source, once published, makes it win the tie.
        (
            _source(JAN, SourceKind.PRESS),
            _source(JUNE, SourceKind.VENDOR),
            AccessLevel.API,
            AccessLevel.OPEN_WEIGHTS,
        ),
        # The release's vendor source, once published, makes its own value win back.
        (
            _source(JUNE, SourceKind.VENDOR),
            _source(JAN, SourceKind.VENDOR),
            AccessLevel.OPEN_WEIGHTS,
            AccessLevel.API,
        ),
    ],
)
def test_a_source_published_later_can_decide_a_tie(
    release_source: Source,
    claim_source: Source,
    in_march: AccessLevel,
    in_june: AccessLevel,
) -> None:
    r = _tie(release_source, claim_source)
    read = Revisions(stored=StoredRevisions.of({0: stored_revisions(r)}))
    for day, expected in ((MARCH, in_march), (JUNE, in_june)):
        assert resolve(release_as_of(r, day), day).access is expected
        assert read.row(0, day.toordinal()) == row_of(release_as_of(r, day))


def test_a_same_as_edge_merges_from_the_day_it_is_reported(cache: Path) -> None:
    small = policytracker.load(SMALL, today=TODAY)
    codename, shipped = small.all_releases()[:2]
    known = max(codename.first_reported, shipped.first_reported)
    edge = LineageEdge(
        relation=Relation.SAME_AS,
        parent=codename.id,
        confidence=Confidence.REPORTED,
        sources=(_source(known + dt.timedelta(days=30), SourceKind.PRESS),),
        reported=DateSpan.of_day(known + dt.timedelta(days=30)),
    )
    data = attrs.evolve(
        small.dataset,
        releases=tuple(
            attrs.evolve(r, lineage=(*r.lineage, edge)) if r.id == shipped.id else r
            for r in small.dataset.releases
        ),
    )
    catalog = Catalog(data)
    for day, merged in (
        (known + dt.timedelta(days=10), False),
        (known + dt.timedelta(days=30), True),
    ):
        view = catalog.as_of(day)
        assert (codename.id in view.merged_into) is merged
        assert _answers(view) == _answers(_reference(catalog, day))
