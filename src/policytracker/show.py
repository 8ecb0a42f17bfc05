"""Everything about one release or vendor, as an :class:`~policytracker.render.Output`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from policytracker.catalog import Catalog
from policytracker.records import (
    claim_record,
    edge_record,
    lineage_record,
    release_record,
    stance_record,
    statement_record,
    timeline_record,
    vendor_record,
)
from policytracker.render import Output, cell

__all__ = ["show_release", "show_vendor"]


def _row(field: str, value: Any) -> dict[str, Any]:
    return {"field": field, "value": cell(value)}


def show_release(catalog: Catalog, id: str, at: dt.date | None = None) -> Output:  # noqa: A002
    """A release in full: values in force, history, lineage and sources."""
    release = catalog.release(id)
    state = catalog.state(release, at)
    record = release_record(catalog, state)
    record["at"] = state.at.isoformat()
    record["note"] = release.note
    record["history"] = [claim_record(release, c) for c in release.history]
    record["lineage"] = [edge_record(release, e) for e in release.lineage]
    record["lineage_tree"] = lineage_record(catalog.lineage(release.id))
    rows = [
        _row(k, record[k])
        for k in (
            "id",
            "name",
            "aliases",
            "vendors",
            "family",
            "date",
            "status",
            "access",
            "flagship",
            "license",
            "gated",
            "confidence",
            "reported",
            "at",
        )
    ]
    rows += [_row("licenses." + k, v) for k, v in record["licenses"].items() if v]
    rows += [
        _row("variant", f"{v['name']} {v['parameters'] or ''} {v['license'] or ''}".strip())
        for v in record["variants"]
    ]
    for claim in record["history"]:
        when = f"effective {claim['effective']}" if claim["effective"] else "competing report"
        said = ", ".join(
            f"{k} {cell(claim[k])}"
            for k in ("name", "date", "status", "access", "license", "flagship", "gated")
            if claim[k] is not None
        )
        disputed = ", disputed" if claim["disputed_by"] else ""
        rows.append(
            _row(
                "history",
                f"{claim['reported']} ({when}, {claim['confidence']}{disputed}): {said}",
            )
        )
    for edge in record["lineage"]:
        disputed = " (disputed)" if edge["disputed_by"] else ""
        rows.append(
            _row(
                "lineage",
                f"{edge['relation']} from {edge['parent']}, {edge['confidence']}{disputed}",
            )
        )
    for link in record["lineage_tree"]["descendants"]:
        rows.append(_row("descendant", f"{link['id']} ({link['relation']})"))
    rows += [_row("source", f"{s['date']} {s['publisher']}: {s['url']}") for s in record["sources"]]
    if release.note:
        rows.append(_row("note", release.note))
    return Output(record, rows, ("field", "value"), title=f"{state.name} ({release.id})")


def show_vendor(catalog: Catalog, id: str, at: dt.date | None = None) -> Output:  # noqa: A002
    """A vendor in full: stance with reasons, names, parents, releases and statements."""
    vendor = catalog.vendor(id)
    stance = catalog.stance(vendor.id, at)
    record = vendor_record(vendor, stance)
    record["stance_detail"] = stance_record(stance)
    record["names"] = [
        {
            "name": n.name,
            "since": n.since.label if n.since else None,
            "until": n.until.label if n.until else None,
        }
        for n in vendor.names
    ]
    record["parents"] = [
        {
            "vendor": p.vendor,
            "since": p.since.label if p.since else None,
            "until": p.until.label if p.until else None,
        }
        for p in vendor.parents
    ]
    record["timeline"] = [timeline_record(e) for e in catalog.timeline(vendor.id)]
    record["statements"] = [
        statement_record(s) for s in catalog.statements if s.vendor == vendor.id
    ]
    rows = [
        _row(k, record[k])
        for k in ("id", "name", "country", "kind", "aliases", "website", "stance", "open_level")
    ]
    rows += [_row("reason", r) for r in stance.reasons]
    rows += [_row("former name", f"{n['name']} (until {n['until']})") for n in record["names"]]
    rows += [_row("parent", f"{p['vendor']} (since {p['since']})") for p in record["parents"]]
    rows += [_row(e["kind"], f"{e['date']} {e['summary']}") for e in record["timeline"]]
    return Output(record, rows, ("field", "value"), title=f"{vendor.name} ({vendor.id})")
