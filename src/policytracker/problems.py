"""Problems found in a data file, and the one exception type the library raises for them."""

from __future__ import annotations

import enum

import attrs

from policytracker._repr import fields_repr

__all__ = ["DataError", "Level", "Problem"]


class Level(enum.Enum):
    """How serious a problem is: errors make a file invalid; warnings do under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen
class Problem:
    """One located problem in a data file.

    Attributes:
        file: The file as the user named it (``<stdin>`` for standard input).
        line: 1-based line, or None when the problem concerns the whole file.
        column: 1-based column, or None when unknown.
        path: Where in the data (``releases[12].licenses.weights``), empty for the file itself.
        message: What is wrong and what to do about it.
        rule: A stable rule name (``duplicate-key``, ``unknown-reference``, ...).
        level: Error or warning.
    """

    __repr__ = fields_repr

    file: str
    line: int | None
    column: int | None
    path: str
    message: str
    rule: str
    level: Level = Level.ERROR

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order by file, then position, then rule."""
        return (self.file, self.line or 0, self.column or 0, self.rule, self.message)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        at = f" at {self.path}" if self.path else ""
        return f"{where}: [{self.level.value}] {self.message}{at} ({self.rule})"


class DataError(Exception):
    """A data file could not be loaded; ``problems`` lists every problem found, in file order."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems, key=lambda p: p.sort_key))
        count = len(self.problems)
        first = str(self.problems[0]) if self.problems else "no problems"
        more = f" (and {count - 1} more)" if count > 1 else ""
        super().__init__(f"{first}{more}")
