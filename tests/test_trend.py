"""The trend index counts any window as counting the releases in it one by one would."""

from __future__ import annotations

import collections
import datetime as dt
import json
from collections.abc import Callable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytracker.trend import Dated, Period, TrendIndex, TrendRow, period_of, trend_rows

BASE = dt.date(2019, 1, 1).toordinal()
VENDORS = st.sampled_from([("acme",), ("birch",), ("acme", "birch"), ("cedar",)])


@st.composite
def dated(draw: st.DrawFn) -> Dated:
    """A counted release: its date now and when it shipped (usually the same), open, vendors."""
    start = BASE + draw(st.integers(0, 3 * 366))
    end = start + draw(st.sampled_from([0, 0, 0, 30, 91, 365]))
    shipped = (start, end)
    if draw(st.booleans()):
        s = BASE + draw(st.integers(0, 3 * 366))
        shipped = (s, s + draw(st.sampled_from([0, 45])))
    return (start, end, *shipped, draw(st.booleans()), draw(VENDORS))


DAYS = st.none() | st.integers(BASE - 10, BASE + 4 * 366)


def _window(rows: list[Dated], first: int | None, last: int | None) -> list[Dated]:
    """The rows whose date now shares a day with ``[first, last]`` (none if it is inverted)."""
    if first is not None and last is not None and first > last:
        return []
    return [x for x in rows if (first is None or x[1] >= first) and (last is None or x[0] <= last)]


def trend(
    rows: list[Dated], by: Period, group_of: Callable[[Sequence[str]], list[str]] | None = None
) -> tuple[TrendRow, ...]:
    """The plain count: each release's period worked out and counted, one by one."""
    counted: collections.Counter[tuple[str, bool, tuple[str, ...]]] = collections.Counter()
    for _, _, start, end, is_open, vendors in rows:
        period = period_of(dt.date.fromordinal(start), dt.date.fromordinal(end), by)
        counted[period, is_open, vendors] += 1
    return trend_rows(counted, by, group_of)


def _bound(data: st.DataObject, rows: list[Dated]) -> int | None:
    """A window's end: often a day a row's date starts or ends on, where off-by-ones show."""
    edges = [day for x in rows for day in (x[0], x[1])]
    near_edge: bool = data.draw(st.booleans())
    if edges and near_edge:
        edge: int = data.draw(st.sampled_from(edges))
        step: int = data.draw(st.sampled_from([-1, 0, 0, 1]))
        return edge + step
    day: int | None = data.draw(DAYS)
    return day


@given(st.lists(dated(), max_size=60), st.sampled_from(list(Period)), st.data())
@settings(max_examples=300, deadline=None)
def test_windows_agree_with_counting_one_by_one(
    rows: list[Dated], by: Period, data: st.DataObject
) -> None:
    first, last = _bound(data, rows), _bound(data, rows)
    index = TrendIndex.of(rows, by)
    expected = trend(_window(rows, first, last), by)
    assert index.trend(first, last) == expected
    assert sum(index.counts(first, last).values()) == len(_window(rows, first, last))


@given(st.lists(dated(), max_size=60), st.sampled_from(list(Period)), st.data())
@settings(max_examples=100, deadline=None)
def test_groups_agree_with_counting_one_by_one(
    rows: list[Dated], by: Period, data: st.DataObject
) -> None:
    def by_vendor(vendors: Sequence[str]) -> list[str]:
        return list(vendors)

    first, last = _bound(data, rows), _bound(data, rows)
    index = TrendIndex.of(rows, by)
    expected = trend(_window(rows, first, last), by, by_vendor)
    assert index.trend(first, last, by_vendor) == expected


@given(st.lists(dated(), max_size=40), st.sampled_from(list(Period)))
@settings(max_examples=100, deadline=None)
def test_json_round_trip(rows: list[Dated], by: Period) -> None:
    index = TrendIndex.of(rows, by)
    again = TrendIndex.from_json(json.loads(json.dumps(index.to_json())), by)
    assert again == index
    assert again.trend() == index.trend()


@pytest.mark.parametrize(
    "value",
    [
        [["2024", "yes", ["acme"], [1], [1]]],
        [["2024", True, ["acme", 3], [1], [1]]],
        [["2024", True, ["acme"], [1, 2], [1]]],
        [["2024", True, ["acme"], [], []]],
        [["2024", True, ["acme"], [1]]],
        [[2024, True, ["acme"], [1], [1]]],
    ],
)
def test_from_json_refuses_other_shapes(value: list[list[object]]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (unpacking errors are ValueErrors too)
        TrendIndex.from_json(value, Period.YEAR)
