"""Dates at their real precision."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policytracker.dates import DateSpan, Precision


class TestParse:
    """Every documented form parses to the right range, and nothing else does."""

    @pytest.mark.parametrize(
        ("text", "start", "end", "precision"),
        [
            ("2025-04-05", "2025-04-05", "2025-04-05", Precision.DAY),
            ("2024-02", "2024-02-01", "2024-02-29", Precision.MONTH),
            ("2026-Q1", "2026-01-01", "2026-03-31", Precision.QUARTER),
            ("2026-Q4", "2026-10-01", "2026-12-31", Precision.QUARTER),
            ("2026-H2", "2026-07-01", "2026-12-31", Precision.HALF),
            ("2019", "2019-01-01", "2019-12-31", Precision.YEAR),
            ("spring 2026", "2026-03-01", "2026-05-31", Precision.SEASON),
            ("Fall 2025", "2025-09-01", "2025-11-30", Precision.SEASON),
            ("early 2026", "2026-01-01", "2026-04-30", Precision.SEASON),
            ("2025-12..2026-02", "2025-12-01", "2026-02-28", Precision.RANGE),
        ],
    )
    def test_forms(self, text: str, start: str, end: str, precision: Precision) -> None:
        span = DateSpan.parse(text)
        assert (span.start.isoformat(), span.end.isoformat(), span.precision) == (
            start,
            end,
            precision,
        )
        assert str(span) == text

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("2025-02-30", "not a calendar date"),
            ("2025-13", "has no month 13"),
            ("2025-Q5", "is not a date"),
            ("winter 2026", "is not a date"),
            ("April 2025", "is not a date"),
            ("2026-03..2026-01", "ends before it starts"),
        ],
    )
    def test_rejects(self, text: str, reason: str) -> None:
        with pytest.raises(ValueError, match=reason):
            DateSpan.parse(text)


days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))


@given(days)
def test_day_label_round_trips(day: dt.date) -> None:
    span = DateSpan.of_day(day)
    assert DateSpan.parse(span.label) == span


near = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2025, 12, 31))


@given(near, near, st.one_of(st.none(), near), st.one_of(st.none(), near))
def test_overlap_agrees_with_brute_force(
    a: dt.date, b: dt.date, lo: dt.date | None, hi: dt.date | None
) -> None:
    start, end = min(a, b), max(a, b)
    span = DateSpan(start, end, "x", Precision.RANGE)
    every_day = (start + dt.timedelta(days=i) for i in range((end - start).days + 1))
    brute = any((lo is None or d >= lo) and (hi is None or d <= hi) for d in every_day)
    assert span.overlaps(lo, hi) == brute
