"""Dates at their real precision: a day, a month, a quarter, a season, a year or a range.

A source may say "2025-04-05", "April 2025", "Q1 2026" or "spring 2026". A :class:`DateSpan`
keeps what it said as an earliest-latest range with its label, so nothing is made more precise
than its source. Filters match on overlap; sorting is by ``(start, end)``.
"""

from __future__ import annotations

import datetime as dt
import enum
import re

import attrs

from policytracker._repr import fields_repr

__all__ = ["DateSpan", "Precision", "parse_day"]


class Precision(enum.Enum):
    """How precise a :class:`DateSpan` is, from the finest to the coarsest."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    RANGE = "range"


_SEASONS = {
    # Northern meteorological seasons; "winter" is left out on purpose: it straddles two years.
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "early": (1, 4),
    "mid": (5, 8),
    "late": (9, 12),
}

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_HALF = re.compile(r"(\d{4})-H([12])")
_YEAR = re.compile(r"(\d{4})")
_SEASON = re.compile(r"(spring|summer|autumn|fall|early|mid|late) (\d{4})")

_FORMS = (
    "2025-04-05, 2025-04, 2025-Q2, 2025-H1, 2025, 'spring 2025' (also summer, autumn, fall, "
    "early, mid, late) or a range such as 2025-12..2026-02"
)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """How many days the month has (``calendar.monthrange``'s count, without importing it)."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, days_in_month(year, month))


def parse_day(text: str) -> dt.date:
    """Parse an ISO 8601 calendar day (``YYYY-MM-DD``), raising ValueError with a reason."""
    match = _DAY.fullmatch(text)
    if not match:
        msg = f"{text!r} is not a day; write it as YYYY-MM-DD"
        raise ValueError(msg)
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        msg = f"{text!r} is not a calendar date ({exc})"
        raise ValueError(msg) from None


@attrs.frozen(order=False)
class DateSpan:
    """A date known to some precision, kept as an inclusive ``start``-``end`` range.

    Attributes:
        start: The earliest day the date can be.
        end: The latest day the date can be.
        label: The date as written in the data (``2026-Q1``, ``spring 2026``).
        precision: How precise the label is.
    """

    __repr__ = fields_repr

    start: dt.date
    end: dt.date
    label: str
    precision: Precision

    @classmethod
    def parse(cls, text: str) -> DateSpan:
        """Parse one of the accepted forms; raise ValueError naming the forms on failure."""
        text = text.strip()
        if ".." in text:
            first, _, last = text.partition("..")
            if ".." in last:
                msg = f"{text!r} has more than one '..'; a range has two ends: 2025-12..2026-02"
                raise ValueError(msg)
            lo, hi = cls.parse(first), cls.parse(last)
            if hi.end < lo.start:
                msg = f"range {text!r} ends before it starts"
                raise ValueError(msg)
            return cls(lo.start, hi.end, text, Precision.RANGE)
        if _DAY.fullmatch(text):
            day = parse_day(text)
            return cls(day, day, text, Precision.DAY)
        if m := _MONTH.fullmatch(text):
            year, month = int(m[1]), int(m[2])
            if not 1 <= month <= 12:
                msg = f"{text!r} has no month {month}"
                raise ValueError(msg)
            return cls(dt.date(year, month, 1), _month_end(year, month), text, Precision.MONTH)
        if m := _QUARTER.fullmatch(text):
            year, quarter = int(m[1]), int(m[2])
            first_month = 3 * quarter - 2
            return cls(
                dt.date(year, first_month, 1),
                _month_end(year, first_month + 2),
                text,
                Precision.QUARTER,
            )
        if m := _HALF.fullmatch(text):
            year, half = int(m[1]), int(m[2])
            first_month = 6 * half - 5
            return cls(
                dt.date(year, first_month, 1),
                _month_end(year, first_month + 5),
                text,
                Precision.HALF,
            )
        if m := _YEAR.fullmatch(text):
            year = int(m[1])
            return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), text, Precision.YEAR)
        if m := _SEASON.fullmatch(text.lower()):
            lo_month, hi_month = _SEASONS[m[1]]
            year = int(m[2])
            return cls(
                dt.date(year, lo_month, 1), _month_end(year, hi_month), text, Precision.SEASON
            )
        msg = f"{text!r} is not a date; use one of {_FORMS}"
        raise ValueError(msg)

    @classmethod
    def of_day(cls, day: dt.date) -> DateSpan:
        """The span of a single known day."""
        return cls(day, day, day.isoformat(), Precision.DAY)

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        """Whether this span shares at least one day with ``[start, end]`` (open ends allowed)."""
        if start is not None and end is not None and start > end:
            return False
        return (start is None or self.end >= start) and (end is None or self.start <= end)

    def within(self, start: dt.date, end: dt.date) -> bool:
        """Whether the whole span lies inside ``[start, end]``."""
        return start <= self.start and self.end <= end

    @property
    def sort_key(self) -> tuple[dt.date, dt.date]:
        """Key that sorts spans by start, then end."""
        return (self.start, self.end)

    def __str__(self) -> str:
        return self.label
