"""Query commands.

releases, vendors, licenses, show, timeline, stance, shifts, trend, lineage, changes, export.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from policytracker.access import AccessLevel, Commercial, Confidence, Status
from policytracker.catalog import Catalog
from policytracker.cli._app import AppState, Failure, cli
from policytracker.cli._params import (
    DATE,
    as_of_option,
    by_option,
    emit,
    end,
    format_option,
    start,
    window_options,
)
from policytracker.dates import DateSpan
from policytracker.export import TABLES, dataset_record, table_rows
from policytracker.records import (
    change_record,
    lineage_record,
    release_record,
    shift_record,
    stance_record,
    timeline_record,
    trend_record,
    vendor_record,
)
from policytracker.render import Output, short_access, short_license
from policytracker.show import show_release, show_vendor
from policytracker.stance import Basis, Scope
from policytracker.trend import Period

pass_state = click.make_pass_decorator(AppState)


def _known(catalog: Catalog) -> str:
    if catalog.as_of_date is None:
        return f"as known on {catalog.latest_report} (everything recorded)"
    return f"as known on {catalog.as_of_date}"


@cli.command()
@click.option("--vendor", "vendors", multiple=True, metavar="ID", help="Vendor id (repeatable).")
@click.option("--country", metavar="CC", help="ISO 3166-1 alpha-2 country of a vendor (US, CN).")
@click.option(
    "--access",
    "levels",
    multiple=True,
    type=click.Choice([a.value for a in AccessLevel]),
    help="Access level (repeatable).",
)
@click.option("--open/--closed", "is_open", default=None, help="Only open-weight / only closed.")
@click.option("--status", type=click.Choice([s.value for s in Status]), help="Status.")
@click.option(
    "--license", "license_id", metavar="ID", help="Weights license id (SPDX or LicenseRef)."
)
@click.option(
    "--commercial",
    type=click.Choice([c.value for c in Commercial]),
    help="Commercial use allowed by the weights license.",
)
@click.option("--osi", is_flag=True, default=None, help="Only OSI-approved weights licenses.")
@window_options("Dated on or after (overlap).", "Dated on or before (overlap).")
@click.option("--flagship", is_flag=True, default=None, help="Only flagship releases.")
@click.option("--at", type=DATE, metavar="DATE", help="Values in force at this date.")
@as_of_option
@format_option
@pass_state
def releases(
    state: AppState,
    vendors: tuple[str, ...],
    country: str | None,
    levels: tuple[str, ...],
    is_open: bool | None,
    status: str | None,
    license_id: str | None,
    commercial: str | None,
    osi: bool | None,
    since: DateSpan | None,
    until: DateSpan | None,
    flagship: bool | None,
    at: DateSpan | None,
    as_of: DateSpan | None,
    fmt: str,
) -> None:
    """List releases, filtered; dates match on overlap with a release's date range.

    \b
    Example:
      policytracker releases --vendor meta --open
      policytracker releases --country CN --since 2025 --format csv
    """
    catalog = state.catalog(end(as_of))
    found = catalog.releases(
        vendor=list(vendors) or None,
        country=country,
        access=[AccessLevel(a) for a in levels] or None,
        open=is_open,
        status=Status(status) if status else None,
        license=license_id,
        commercial=Commercial(commercial) if commercial else None,
        osi=osi,
        since=start(since),
        until=end(until),
        flagship=flagship,
        at=end(at),
    )
    rows = [release_record(catalog, s) for s in found]
    emit(
        fmt,
        Output(
            rows,
            rows,
            ("date", "id", "vendor", "status", "access", "license"),
            notes=[f"{len(rows)} release(s), {_known(catalog)}"],
            short={"access": short_access, "license": short_license},
        ),
    )


@cli.command()
@click.option("--at", type=DATE, metavar="DATE", help="Stance at this date.")
@as_of_option
@format_option
@pass_state
def vendors(state: AppState, at: DateSpan | None, as_of: DateSpan | None, fmt: str) -> None:
    """List vendors with their derived stance (open, mixed, closed, inactive).

    \b
    Example:
      policytracker vendors
      policytracker vendors --at 2024-01-01 --format json
    """
    catalog = state.catalog(end(as_of))
    day = end(at) or catalog.reference_date
    rows = [vendor_record(v, catalog.stance(v.id, day)) for v in catalog.vendors]
    emit(
        fmt,
        Output(
            rows,
            rows,
            ("id", "name", "country", "kind", "stance", "open_level"),
            title=f"Stances at {day}, {_known(catalog)}",
        ),
    )


@cli.command()
@as_of_option
@format_option
@pass_state
def licenses(state: AppState, as_of: DateSpan | None, fmt: str) -> None:
    """List every license with its traits and how many releases use it.

    \b
    Example:
      policytracker licenses --format markdown
    """
    from policytracker.records import license_record

    catalog = state.catalog(end(as_of))
    rows = [license_record(lic, catalog.release_count(lic.id)) for lic in catalog.licenses]
    emit(
        fmt,
        Output(
            rows,
            rows,
            ("id", "commercial", "open", "osi_approved", "releases", "conditions"),
            notes=["open: no field-of-use limits; --format json adds URLs, user caps, sources"],
        ),
    )


@cli.command()
@click.argument("id")
@click.option("--at", type=DATE, metavar="DATE", help="Values in force at this date.")
@as_of_option
@format_option
@pass_state
def show(
    state: AppState,
    id: str,  # noqa: A002
    at: DateSpan | None,
    as_of: DateSpan | None,
    fmt: str,
) -> None:
    """Show one release or vendor in full: history, lineage, stance and sources.

    \b
    Example:
      policytracker show meta-avocado
      policytracker show meta --format json
    """
    catalog = state.catalog(end(as_of))
    if catalog.kind_of(id) == "vendor":
        emit(fmt, show_vendor(catalog, id, end(at)))
    else:
        emit(fmt, show_release(catalog, id, end(at)))


@cli.command()
@click.argument("vendor")
@as_of_option
@format_option
@pass_state
def timeline(state: AppState, vendor: str, as_of: DateSpan | None, fmt: str) -> None:
    """A vendor's releases, recorded changes, reports and statements, in date order.

    \b
    Example:
      policytracker timeline meta
      policytracker timeline meta --as-of 2025-12-20 --format json
    """
    catalog = state.catalog(end(as_of))
    rows = [timeline_record(e) for e in catalog.timeline(vendor)]
    emit(
        fmt,
        Output(
            rows,
            rows,
            ("date", "kind", "id", "confidence"),
            title=f"{catalog.vendor(vendor).name}, {_known(catalog)}",
            detail="summary",
        ),
    )


@cli.command()
@click.argument("vendor")
@click.option(
    "--at",
    type=DATE,
    metavar="DATE",
    help="The date the question is about (default: the as-of date, else the "
    "dataset's latest report date).",
)
@as_of_option
@format_option
@pass_state
def stance(
    state: AppState, vendor: str, at: DateSpan | None, as_of: DateSpan | None, fmt: str
) -> None:
    """A vendor's derived stance at --at, as known --as-of, with the reasons.

    \b
    Example:
      policytracker stance meta
      policytracker stance meta --at 2026-01-01 --as-of 2025-12-20
    """
    catalog = state.catalog(end(as_of))
    result = catalog.stance(vendor, end(at))
    record = stance_record(result)
    rows = [
        {"field": "stance", "value": record["stance"]},
        {"field": "open level", "value": record["open_level"]},
        {"field": "at", "value": record["at"]},
        {"field": "as of", "value": record["as_of"] or _known(catalog)},
        *({"field": "reason", "value": r} for r in result.reasons),
    ]
    emit(
        fmt,
        Output(
            record,
            rows,
            ("field", "value"),
            title=f"{catalog.vendor(vendor).name}: {result.category.value}",
        ),
    )


@cli.command()
@click.option("--vendor", "vendors", multiple=True, metavar="ID", help="Vendor id (repeatable).")
@window_options("Shifts dated on or after.", "Shifts dated on or before.")
@click.option(
    "--min-confidence",
    type=click.Choice([c.value for c in Confidence]),
    help="Leave out shifts resting on weaker evidence.",
)
@click.option(
    "--scope",
    type=click.Choice([s.value for s in Scope]),
    help="stance: the category changed; level: the open access level moved.",
)
@click.option(
    "--realized/--signalled",
    "realized",
    default=None,
    help="Only shifts marked by released items / only signalled ones.",
)
@as_of_option
@format_option
@pass_state
def shifts(
    state: AppState,
    vendors: tuple[str, ...],
    since: DateSpan | None,
    until: DateSpan | None,
    min_confidence: str | None,
    scope: str | None,
    realized: bool | None,
    as_of: DateSpan | None,
    fmt: str,
) -> None:
    """Who moved between open and closed, when, and on what evidence.

    With no options, the story of the whole dataset: every realized shift (released items
    changed a vendor's stance or open access level) and every signalled one (expected items or
    statements pointed to a change first), in date order.

    \b
    Example:
      policytracker shifts
      policytracker shifts --vendor meta --as-of 2025-12-20
      policytracker shifts --since 2025 --scope stance --format json
    """
    catalog = state.catalog(end(as_of))
    basis = None if realized is None else (Basis.REALIZED if realized else Basis.SIGNALLED)
    found = catalog.shifts(
        vendor=list(vendors) or None,
        since=start(since),
        until=end(until),
        min_confidence=Confidence(min_confidence) if min_confidence else None,
        scope=Scope(scope) if scope else None,
        basis=basis,
    )
    rows = [shift_record(s) for s in found]
    for row in rows:
        row["change"] = _short_change(row)
    title = f"Shifts up to {catalog.reference_date}, {_known(catalog)}"
    n_real = sum(1 for s in found if s.basis is Basis.REALIZED)
    notes = [
        (
            f"{len(rows)} shift(s): {n_real} realized, {len(rows) - n_real} signalled. "
            "'policytracker show ID' gives the evidence."
        )
    ]
    emit(
        fmt,
        Output(
            rows,
            rows,
            ("date", "vendor", "change", "basis", "confidence"),
            title=title,
            notes=notes,
            detail="reason",
        ),
    )


def _short_change(row: dict[str, Any]) -> str:
    """``open → mixed``, or ``level restricted → open-weights`` (table display only)."""

    def short(value: str) -> str:
        return value.removeprefix("open-weights-")

    if row["scope"] == "level":
        return f"level {short(row['from'])} → {short(row['to'])}"
    return f"{row['from']} → {row['to']}"


@cli.command()
@by_option
@click.option("--group", type=click.Choice(["country", "vendor"]), help="Split by group.")
@window_options("Releases dated on or after.", "Releases dated on or before.")
@as_of_option
@format_option
@pass_state
def trend(
    state: AppState,
    by: str,
    group: str | None,
    since: DateSpan | None,
    until: DateSpan | None,
    as_of: DateSpan | None,
    fmt: str,
) -> None:
    """Released releases per period: open, closed, total and open share.

    A date too coarse for the period (a year in a quarterly trend) is counted under
    'unknown' rather than guessed.

    \b
    Example:
      policytracker trend
      policytracker trend --by quarter --group country --since 2024
    """
    catalog = state.catalog(end(as_of))
    rows = [
        trend_record(r, group)
        for r in catalog.trend(Period(by), group, since=start(since), until=end(until))
    ]
    columns = ("period", *((group,) if group else ()), "open", "closed", "total", "open_share")
    emit(fmt, Output(rows, rows, columns, title=f"Releases per {by}, {_known(catalog)}"))


@cli.command()
@click.argument("id")
@as_of_option
@format_option
@pass_state
def lineage(state: AppState, id: str, as_of: DateSpan | None, fmt: str) -> None:  # noqa: A002
    """Ancestors and descendants of a release or family, with their relations.

    \b
    Example:
      policytracker lineage meta-avocado
      policytracker lineage deepseek-r1 --format json
    """
    catalog = state.catalog(end(as_of))
    result = catalog.lineage(id)
    record = lineage_record(result)
    rows: list[dict[str, Any]] = []
    for direction, links in (
        ("ancestor", record["ancestors"]),
        ("descendant", record["descendants"]),
    ):
        for link in links:
            tree = "  " * (link["depth"] - 1) + ("└─ " if link["depth"] > 1 else "") + link["id"]
            rows.append({"direction": direction, "tree": tree, **link})
    emit(
        fmt,
        Output(
            record,
            rows,
            ("direction", "tree", "relation", "via", "confidence", "disputed"),
            title=f"Lineage of {result.id}",
        ),
    )


@cli.command()
@click.option(
    "--since",
    type=DATE,
    metavar="DATE",
    required=True,
    help="Report date from which to list what was learned.",
)
@as_of_option
@format_option
@pass_state
def changes(state: AppState, since: DateSpan, as_of: DateSpan | None, fmt: str) -> None:
    """What the dataset learned since a date, and expected items now overdue.

    \b
    Example:
      policytracker changes --since 2025-12-01
    """
    catalog = state.catalog(end(as_of))
    rows = [change_record(c) for c in catalog.changes(since.start)]
    overdue = catalog.overdue()
    for s in overdue:
        rows.append(
            {
                "reported": s.release.first_reported.isoformat(),
                "kind": "overdue",
                "id": s.id,
                "summary": f"{s.name}: still {s.status.value}, expected {s.date}",
                "confidence": s.confidence.value,
                "sources": [],
            }
        )
    emit(
        fmt,
        Output(
            rows,
            rows,
            ("reported", "kind", "id", "confidence"),
            title=f"Learned since {since}, {_known(catalog)}",
            detail="summary",
        ),
    )


@cli.command()
@click.option(
    "--table",
    type=click.Choice(TABLES),
    help="A tidy table (one row per fact) instead of the whole dataset.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "jsonl"]),
    default=None,
    help="json for the whole dataset; csv (default) or jsonl for a table.",
)
@as_of_option
@pass_state
def export(state: AppState, table: str | None, fmt: str | None, as_of: DateSpan | None) -> None:
    """Export the whole dataset as JSON, or one tidy table as CSV or JSON lines.

    \b
    Example:
      policytracker export > dataset.json
      policytracker export --table history --format csv > history.csv
    """
    from policytracker.render import render

    catalog = state.catalog(end(as_of))
    if table is None:
        if fmt not in (None, "json"):
            raise click.UsageError("the whole dataset exports as json; pick a --table for csv")
        emit("json", Output(dataset_record(catalog), [], ()))
        return
    rows = table_rows(catalog, table)
    click.echo(render(fmt or "csv", Output(rows, rows, list(rows[0]) if rows else [])), nl=False)


def _today() -> dt.date:
    return dt.date.today()


__all__ = ["Failure"]
