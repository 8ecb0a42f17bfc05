"""Option types and decorators shared by the query commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from policytracker.dates import DateSpan
from policytracker.render import FORMATS, Output, render

__all__ = ["DATE", "DateParam", "as_of_option", "by_option", "emit", "format_option"]

F = TypeVar("F", bound=Callable[..., Any])


class DateParam(click.ParamType[DateSpan]):
    """A date at any precision the data uses (2025-04-05, 2025-04, 2025-Q2, 2025)."""

    name = "date"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> DateSpan:
        """Parse, or fail with Click's usage error (exit 2)."""
        if isinstance(value, DateSpan):
            return value
        try:
            return DateSpan.parse(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateParam()


def start(span: DateSpan | None) -> dt.date | None:
    """First day of a span (for --since)."""
    return span.start if span else None


def end(span: DateSpan | None) -> dt.date | None:
    """Last day of a span (for --until, --as-of and --at)."""
    return span.end if span else None


def format_option(func: F) -> F:
    """``--format table|json|csv|markdown``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format.",
    )(func)


def by_option(func: F) -> F:
    """``--by year|quarter``: the length of a trend's period."""
    from policytracker.trend import Period

    return click.option(
        "--by",
        type=click.Choice([p.value for p in Period]),
        default="year",
        show_default=True,
        help="Period length.",
    )(func)


def window_options(after: str, before: str) -> Callable[[F], F]:
    """``--since DATE`` and ``--until DATE``, with their help texts."""

    def apply(func: F) -> F:
        func = click.option("--until", type=DATE, metavar="DATE", help=before)(func)
        return click.option("--since", type=DATE, metavar="DATE", help=after)(func)

    return apply


def as_of_option(func: F) -> F:
    """``--as-of DATE``: only what had been reported by then."""
    return click.option(
        "--as-of",
        "as_of",
        type=DATE,
        metavar="DATE",
        help="Answer with only what had been reported by this date (default: everything).",
    )(func)


def emit(fmt: str, out: Output) -> None:
    """Print ``out`` in ``fmt``."""
    from policytracker.cli._app import color_enabled

    click.echo(render(fmt, out, color=color_enabled()), nl=False)
