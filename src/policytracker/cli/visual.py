"""Pictures and a site: ``plot timeline``, ``plot trend`` and ``site``.

The drawing libraries are optional extras (``plot``: matplotlib; ``site``: Jinja2 and matplotlib)
and are imported only when one of these commands runs.
"""

from __future__ import annotations

from pathlib import Path

import click

from policytracker._extras import MissingExtraError
from policytracker.cli._app import AppState, Failure, cli
from policytracker.cli._params import as_of_option, by_option, end, start, window_options
from policytracker.dates import DateSpan
from policytracker.trend import Period

__all__ = ["plot", "site"]

pass_state = click.make_pass_decorator(AppState)

_out_option = click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    metavar="FILE",
    help="Chart file to write: .svg or .png.",
)


def _format_of(out: Path) -> str:
    from policytracker.plot import chart_format

    try:
        return chart_format(out)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--out'") from None


def _write(out: Path, data: bytes) -> None:
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise Failure(f"cannot write {out}: {exc.strerror or exc}") from None
    click.echo(f"Wrote {out} ({len(data):,} bytes)")


@cli.group()
def plot() -> None:
    """Draw charts as SVG or PNG (the file's extension decides); needs the 'plot' extra.

    \b
    Example:
      policytracker plot timeline --vendor meta --vendor openai --since 2023 --out shifts.svg
      policytracker plot trend --by quarter --group country --out trend.png
    """


@plot.command("timeline")
@click.option(
    "--vendor",
    "vendors",
    multiple=True,
    metavar="ID",
    help="Vendor id, one lane each (repeatable; default: every vendor with a release).",
)
@window_options("Start the chart on this date.", "End the chart on this date.")
@as_of_option
@_out_option
@pass_state
def plot_timeline(
    state: AppState,
    vendors: tuple[str, ...],
    since: DateSpan | None,
    until: DateSpan | None,
    as_of: DateSpan | None,
    out: Path,
) -> None:
    """One lane per vendor: releases coloured by access level, stance bands and shifts.

    Each release is a mark coloured by its access level (circle: open weights, square: closed);
    hollow marks are not yet released, or rest only on press reports. The derived stance is the
    band behind the marks; stance shifts are lines labelled with the releases that mark them
    (solid: realized, dashed: signalled).

    \b
    Example:
      policytracker plot timeline --vendor meta --since 2024 --out meta.svg
      policytracker plot timeline --vendor meta --as-of 2025-12-20 --out meta-then.png
    """
    fmt = _format_of(out)
    from policytracker.plot import timeline_chart

    catalog = state.catalog(end(as_of))
    try:
        data = timeline_chart(
            catalog, fmt, vendors=list(vendors) or None, since=start(since), until=end(until)
        )
    except MissingExtraError as exc:
        raise Failure(str(exc)) from None
    _write(out, data)


@plot.command("trend")
@by_option
@click.option(
    "--group",
    type=click.Choice(["country", "vendor"]),
    help="One open-share line and one panel of bars per group.",
)
@window_options("Releases dated on or after.", "Releases dated on or before.")
@as_of_option
@_out_option
@pass_state
def plot_trend(
    state: AppState,
    by: str,
    group: str | None,
    since: DateSpan | None,
    until: DateSpan | None,
    as_of: DateSpan | None,
    out: Path,
) -> None:
    """Open and closed releases per period, and the open share, optionally per country.

    The counts are those of 'policytracker trend': released releases by release date, with the
    access level in force when they shipped.

    \b
    Example:
      policytracker plot trend --out trend.svg
      policytracker plot trend --by quarter --group country --since 2023 --out countries.png
    """
    fmt = _format_of(out)
    from policytracker.plot import trend_chart

    catalog = state.catalog(end(as_of))
    try:
        data = trend_chart(
            catalog, fmt, by=Period(by), group=group, since=start(since), until=end(until)
        )
    except MissingExtraError as exc:
        raise Failure(str(exc)) from None
    _write(out, data)


@cli.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@as_of_option
@pass_state
def site(state: AppState, outdir: Path, as_of: DateSpan | None) -> None:
    """Write a static website of the dataset to OUTDIR; needs the 'site' extra.

    An overview with the charts and the latest shifts, a searchable, sortable table of
    releases, and one page per vendor and per release. The pages load nothing from elsewhere
    and work opened from the file system or on any static host. OUTDIR must be new, empty, or
    an earlier build (whose files are replaced).

    \b
    Example:
      policytracker site _site                  # then open _site/index.html
      policytracker site --as-of 2025-12-20 public-2025-12-20
    """
    from policytracker.website import SiteError, build_site

    catalog = state.catalog(end(as_of))
    try:
        written = build_site(catalog, outdir)
    except (MissingExtraError, SiteError) as exc:
        raise Failure(str(exc)) from None
    except OSError as exc:
        raise Failure(f"cannot write the site to {outdir}: {exc.strerror or exc}") from None
    pages = sum(1 for f in written if f.endswith(".html"))
    click.echo(
        f"Wrote {len(written)} files ({pages} pages) to {outdir}; open "
        f"{outdir / 'index.html'} in a browser."
    )
