"""Whole-dataset and tidy-table exports (one row per fact, so no history is dropped)."""

from __future__ import annotations

from typing import Any

from policytracker.catalog import Catalog
from policytracker.records import (
    claim_record,
    edge_record,
    license_record,
    release_record,
    shift_record,
    statement_record,
)

__all__ = ["TABLES", "dataset_record", "table_rows"]

TABLES = ("releases", "history", "statements", "shifts", "lineage", "licenses")


def dataset_record(catalog: Catalog) -> dict[str, Any]:
    """The whole dataset as one JSON object, with its version and latest report date."""
    from policytracker._convert import make_converter  # cattrs: only for this export

    body = make_converter().unstructure(catalog.dataset)
    assert isinstance(body, dict)
    return {
        "dataset_version": catalog.dataset.dataset.version,
        "schema_version": catalog.dataset.schema_version,
        "latest_report": catalog.latest_report.isoformat(),
        "as_of": catalog.as_of_date.isoformat() if catalog.as_of_date else None,
        **{k: v for k, v in body.items() if k != "schema_version"},
    }


def table_rows(catalog: Catalog, table: str) -> list[dict[str, Any]]:
    """The rows of one tidy table (see :data:`TABLES`)."""
    if table == "releases":
        return [release_record(catalog, catalog.state(r)) for r in catalog.all_releases()]
    if table == "history":
        return [claim_record(r, c) for r in catalog.all_releases() for c in r.history]
    if table == "statements":
        return [statement_record(s) for s in catalog.statements]
    if table == "shifts":
        return [shift_record(s) for s in catalog.shifts()]
    if table == "lineage":
        return [edge_record(r, e) for r in catalog.all_releases() for e in r.lineage]
    if table == "licenses":
        return [license_record(lic, catalog.release_count(lic.id)) for lic in catalog.licenses]
    msg = f"unknown table {table!r}; choose one of {', '.join(TABLES)}"
    raise ValueError(msg)
