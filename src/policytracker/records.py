"""Plain, JSON-ready records of library values: the machine-readable contract.

The CLI's ``--format json`` and ``export`` print these; ``docs/cli.md`` documents their keys, and
they only ever gain keys. Dates are written at their precision (``2026-04-08``, ``2026-04``,
``2026-Q2``, ``2026``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from policytracker.catalog import Catalog, Change, TimelineEntry
from policytracker.claims import ReleaseState
from policytracker.lineage import Lineage, LineageLink
from policytracker.model import Claim, License, LineageEdge, Release, Source, Statement, Vendor
from policytracker.stance import Shift, Stance
from policytracker.trend import TrendRow

__all__ = [
    "change_record",
    "claim_record",
    "license_record",
    "lineage_record",
    "release_record",
    "shift_record",
    "source_record",
    "stance_record",
    "statement_record",
    "timeline_record",
    "trend_record",
    "vendor_record",
]

Record = dict[str, Any]


def source_record(source: Source) -> Record:
    """A source as ``{url, publisher, date, kind, title}``."""
    return {
        "url": source.url,
        "publisher": source.publisher,
        "date": source.date.label,
        "kind": source.kind.value,
        "title": source.title,
    }


def _sources(sources: tuple[Source, ...]) -> list[Record]:
    return [source_record(s) for s in sources]


def release_record(catalog: Catalog, state: ReleaseState) -> Record:
    """A release as it stood at ``state.at``."""
    vendor = state.vendors[0]
    return {
        "id": state.id,
        "vendor": vendor,
        "vendors": list(state.vendors),
        "vendor_name": catalog.vendor_name(vendor),
        "name": state.name,
        "aliases": list(state.aliases),
        "family": state.release.family,
        "date": state.date.label,
        "status": state.status.value,
        "access": state.access.value,
        "open": state.is_open,
        "flagship": state.flagship,
        "license": state.licenses.weights,
        "licenses": {
            "weights": state.licenses.weights,
            "code": state.licenses.code,
            "data": state.licenses.data,
            "usage_policy": state.licenses.usage_policy,
        },
        "gated": state.gated,
        "confidence": state.confidence.value,
        "reported": state.release.first_reported.isoformat(),
        "variants": [
            {
                "name": v.name,
                "parameters": v.parameters,
                "license": v.license,
                "access": v.access.value if v.access else None,
            }
            for v in state.release.variants
        ],
        "sources": _sources(state.release.sources),
    }


def vendor_record(vendor: Vendor, stance: Stance) -> Record:
    """A vendor with its derived stance."""
    return {
        "id": vendor.id,
        "name": vendor.name,
        "country": vendor.country,
        "kind": vendor.kind.value,
        "aliases": list(vendor.aliases),
        "website": vendor.website,
        "stance": stance.category.value,
        "open_level": stance.open_level.value if stance.open_level else None,
        "sources": _sources(vendor.sources),
    }


def stance_record(stance: Stance) -> Record:
    """A derived stance with the dates it used and its reasons."""
    return {
        "vendor": stance.vendor,
        "at": stance.at.isoformat(),
        "as_of": stance.as_of.isoformat() if stance.as_of else None,
        "stance": stance.category.value,
        "open_level": stance.open_level.value if stance.open_level else None,
        "window": [stance.window_start.isoformat(), stance.at.isoformat()],
        "lead": list(stance.lead),
        "counted": list(stance.counted),
        "reasons": list(stance.reasons),
    }


def shift_record(shift: Shift) -> Record:
    """A shift."""
    return {
        "vendor": shift.vendor,
        "date": shift.date.label,
        "scope": shift.scope.value,
        "from": shift.from_value,
        "to": shift.to_value,
        "direction": shift.direction,
        "basis": shift.basis.value,
        "marked_by": list(shift.marked_by),
        "confidence": shift.confidence.value,
        "reason": shift.reason,
        "sources": _sources(shift.sources),
    }


def trend_record(row: TrendRow, group: str | None) -> Record:
    """One trend row; the group key is named after the grouping (``country``, ``vendor``)."""
    record: Record = {"period": row.period}
    if group is not None:
        record[group] = row.group
    record.update(
        open=row.open,
        closed=row.closed,
        total=row.total,
        open_share=None if row.open_share is None else round(row.open_share, 4),
    )
    return record


def _link(link: LineageLink) -> Record:
    return {
        "id": link.id,
        "relation": link.relation.value,
        "depth": link.depth,
        "via": link.via,
        "confidence": link.confidence.value,
        "disputed": link.disputed,
    }


def lineage_record(lineage: Lineage) -> Record:
    """Ancestors and descendants."""
    return {
        "id": lineage.id,
        "ancestors": [_link(x) for x in lineage.ancestors],
        "descendants": [_link(x) for x in lineage.descendants],
    }


def timeline_record(entry: TimelineEntry) -> Record:
    """One timeline entry."""
    return {
        "date": entry.date,
        "kind": entry.kind,
        "id": entry.id,
        "summary": entry.summary,
        "confidence": entry.confidence.value,
        "sources": _sources(entry.sources),
    }


def change_record(change: Change) -> Record:
    """Something the dataset learned."""
    return {
        "reported": change.reported.isoformat(),
        "kind": change.kind,
        "id": change.id,
        "summary": change.summary,
        "confidence": change.confidence.value,
        "sources": _sources(change.sources),
    }


def license_record(lic: License, releases: int) -> Record:
    """A license with its traits and how many releases use it."""
    return {
        "id": lic.id,
        "name": lic.name,
        "spdx": lic.is_spdx,
        "osi_approved": lic.osi_approved,
        "open": lic.open,
        "commercial": lic.commercial.value,
        "conditions": [c.value for c in lic.conditions],
        "user_cap": lic.user_cap,
        "supersedes": lic.supersedes,
        "url": lic.url,
        "releases": releases,
        "sources": _sources(lic.sources),
    }


def statement_record(statement: Statement) -> Record:
    """A policy statement."""
    return {
        "id": statement.id,
        "vendor": statement.vendor,
        "date": statement.date.label,
        "kind": statement.kind.value,
        "signal": statement.signal.value,
        "summary": statement.summary,
        "confidence": statement.confidence.value,
        "reported": statement.first_reported.isoformat(),
        "sources": _sources(statement.sources),
    }


def claim_record(release: Release, claim: Claim) -> Record:
    """One history entry of a release, flat."""
    return {
        "release": release.id,
        "reported": claim.reported.label,
        "effective": claim.effective.label if claim.effective else None,
        "confidence": claim.confidence.value,
        "name": claim.name,
        "aliases": list(claim.aliases) if claim.aliases is not None else None,
        "date": claim.date.label if claim.date else None,
        "status": claim.status.value if claim.status else None,
        "access": claim.access.value if claim.access else None,
        "flagship": claim.flagship,
        "license": claim.licenses.weights if claim.licenses else None,
        "gated": claim.gated,
        "note": claim.note,
        "disputed_by": _sources(claim.disputed_by),
        "sources": _sources(claim.sources),
    }


def edge_record(release: Release, edge: LineageEdge) -> Record:
    """One lineage edge, flat."""
    return {
        "child": release.id,
        "parent": edge.parent,
        "relation": edge.relation.value,
        "confidence": edge.confidence.value,
        "reported": edge.reported.label if edge.reported else None,
        "note": edge.note,
        "disputed_by": _sources(edge.disputed_by),
        "sources": _sources(edge.sources),
    }


def iso(day: dt.date | None) -> str | None:
    """ISO 8601 or None."""
    return day.isoformat() if day else None
