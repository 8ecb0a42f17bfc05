"""The release table answers as resolve() does, and the shifts found from it as the plain
derivation does, on releases made up by hypothesis (dated changes, competing reports, pending
items, coarse dates)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytracker import stance
from policytracker._table import (
    ACCESS,
    ACCESS_FROM,
    END,
    FIELDS,
    FLAGSHIP,
    LEVELS,
    LICENSE,
    START,
    STATUS,
    STATUSES,
    Extras,
    ReleaseTable,
)
from policytracker.access import AccessLevel, Confidence, SourceKind, Status
from policytracker.claims import resolve
from policytracker.dates import DateSpan
from policytracker.model import Claim, Licensing, Release, Source
from tests import reference

D = dt.date
DAYS = st.dates(min_value=D(2018, 1, 1), max_value=D(2027, 12, 31))
SPANS = st.one_of(
    DAYS.map(DateSpan.of_day),
    DAYS.map(lambda d: DateSpan.parse(f"{d.year}-{d.month:02d}")),
    DAYS.map(lambda d: DateSpan.parse(str(d.year))),
)
LICENSES = st.sampled_from([None, "Apache-2.0", "MIT", "LicenseRef-Acme-1"])


def _source(day: dt.date, kind: SourceKind) -> Source:
    return Source(f"https://example.org/{day}", kind, "Example", DateSpan.of_day(day))


@st.composite
def claims(draw: st.DrawFn) -> Claim:
    reported = draw(DAYS)
    return Claim(
        reported=DateSpan.of_day(reported),
        confidence=draw(st.sampled_from(list(Confidence))),
        sources=(_source(reported, draw(st.sampled_from([SourceKind.VENDOR, SourceKind.PRESS]))),),
        effective=draw(st.none() | SPANS),
        date=draw(st.none() | SPANS),
        status=draw(st.none() | st.sampled_from(list(Status))),
        access=draw(st.none() | st.sampled_from(list(AccessLevel))),
        flagship=draw(st.none() | st.booleans()),
        licenses=draw(st.none() | LICENSES.map(lambda w: Licensing(weights=w))),
    )


@st.composite
def releases(draw: st.DrawFn) -> list[Release]:
    n = draw(st.integers(min_value=1, max_value=9))
    out = []
    for i in range(n):
        date = draw(SPANS)
        out.append(
            Release(
                id=f"r{i}",
                name=f"R{i}",
                vendors=("acme",),
                date=date,
                status=draw(st.sampled_from(list(Status))),
                access=draw(st.sampled_from(list(AccessLevel))),
                confidence=draw(st.sampled_from(list(Confidence))),
                sources=(_source(draw(DAYS), SourceKind.VENDOR),),
                flagship=draw(st.booleans()),
                licenses=Licensing(weights=draw(LICENSES)),
                reported=draw(st.none() | SPANS),
                history=tuple(draw(st.lists(claims(), max_size=3))),
            )
        )
    return sorted(out, key=lambda r: (*r.date.sort_key, r.id))


def _table(rs: list[Release]) -> ReleaseTable:
    return ReleaseTable.build(rs, {"acme": list(range(len(rs)))})


def _expected(r: Release, day: dt.date) -> list[object]:
    s = resolve(r, day)
    effective = s.deciding["access"].effective
    return [
        STATUSES.index(s.status),
        LEVELS.index(s.access),
        int(s.flagship),
        s.licenses.weights,
        s.date.start.toordinal(),
        s.date.end.toordinal(),
        effective.start.toordinal() if effective else 0,
    ]


def _got(table: ReleaseTable, p: int, day: dt.date) -> list[object]:
    v = table.at(p, day.toordinal())
    return [v[STATUS], v[ACCESS], v[FLAGSHIP], v[LICENSE], v[START], v[END], v[ACCESS_FROM]]


@given(releases(), st.lists(DAYS, min_size=1, max_size=8))
@settings(max_examples=200, deadline=None)
def test_values_are_resolves(rs: list[Release], days: list[dt.date]) -> None:
    table = _table(rs)
    for day in days:
        every = table.on(day.toordinal())
        for p, r in enumerate(rs):
            assert _got(table, p, day) == _expected(r, day)
            assert every[p] == table.at(p, day.toordinal())


@given(releases(), st.lists(DAYS, min_size=1, max_size=8))
@settings(max_examples=100, deadline=None)
def test_json_round_trip(rs: list[Release], days: list[dt.date]) -> None:
    table = _table(rs)
    asked: list[bool] = []

    def extras() -> Extras:
        asked.append(True)
        return ReleaseTable.extras_from_json(json.loads(json.dumps(table.extras_to_json())))

    again = ReleaseTable.from_json(
        json.loads(json.dumps(table.to_json())), table.ids, table.vendor_positions, extras
    )
    for p in range(len(rs)):
        for day in days:
            assert _got(again, p, day) == _got(table, p, day)
    assert asked == []  # read when first asked, and once
    for name in FIELDS:
        assert getattr(again, name) == getattr(table, name), name
    assert asked == [True]


@given(releases(), DAYS)
@settings(max_examples=200, deadline=None)
def test_shifts_are_the_plain_derivations(rs: list[Release], horizon: dt.date) -> None:
    found = stance.find_shifts("acme", rs, (), horizon, None)
    assert found == reference.shifts("acme", rs, (), horizon, None, rs)


@given(releases(), DAYS)
@settings(max_examples=200, deadline=None)
def test_stance_is_derive_stance(rs: list[Release], day: dt.date) -> None:
    table = _table(rs)
    got = stance.table_stance(
        "acme", table, range(len(rs)), day, None, lambda ps: [rs[p] for p in ps]
    )
    assert got == stance.derive_stance("acme", rs, day)


def test_from_json_refuses_a_table_of_other_releases() -> None:
    table = _table([])
    value = json.loads(json.dumps(table.to_json()))
    with pytest.raises(ValueError, match="does not match"):
        ReleaseTable.from_json(value, ["one-more"], {}, table.extras)
    value["later"] = [[0, 1], [[]]]
    with pytest.raises(ValueError, match="does not match"):
        ReleaseTable.from_json(value, [], {}, table.extras)
    with pytest.raises(ValueError, match="not a mapping"):
        ReleaseTable.extras_from_json({**table.extras_to_json(), "families": []})
