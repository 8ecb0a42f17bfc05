"""Build the static site: gather records from the catalog, render templates, write files."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import policytracker
from policytracker._extras import require
from policytracker.catalog import Catalog
from policytracker.claims import ReleaseState
from policytracker.records import (
    claim_record,
    edge_record,
    lineage_record,
    release_record,
    shift_record,
    source_record,
    stance_record,
    statement_record,
    timeline_record,
    vendor_record,
)
from policytracker.stance import Basis, Scope, Shift
from policytracker.trend import Period

if TYPE_CHECKING:
    import jinja2

__all__ = ["MANIFEST", "SiteError", "build_site"]

#: The file, in the output directory, listing what the last build wrote.
MANIFEST = ".policytracker-site"

_PURPOSE = "Building the site"
_SLUG = re.compile(r"[a-z0-9][a-z0-9.-]*")
_OVERVIEW_YEARS = 4
_LATEST_SHIFTS = 12

Record = dict[str, Any]


class SiteError(Exception):
    """The site cannot be written where asked (not a directory, or a directory of other files)."""


# -- paths and links -------------------------------------------------------------------------


def _file_name(id: str) -> str:  # noqa: A002
    """A file name for an id: the id itself when it is a plain slug, else a hex spelling."""
    if _SLUG.fullmatch(id) and ".." not in id:
        return id
    return "_" + id.encode().hex()


def _page(kind: str, id: str) -> str:  # noqa: A002
    """The page of a release or vendor, relative to the site's root."""
    folder = {"release": "releases", "vendor": "vendors"}[kind]
    return f"{folder}/{_file_name(id)}.html"


def _safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL, else None (shown as text, not linked)."""
    if not url:
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


# -- records for the templates -----------------------------------------------------------------


def _sources(records: Iterable[Record]) -> list[Record]:
    return [{**r, "safe_url": _safe_url(r["url"])} for r in records]


def _sort_date(start: dt.date, end: dt.date) -> str:
    return f"{start.isoformat()}/{end.isoformat()}"


class _Context:
    """Shared lookups for the templates: names, links, which ids have pages."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.releases = {r.id for r in catalog.all_releases()}
        self.vendors = {v.id for v in catalog.vendors}
        self.statement_vendor = {s.id: s.vendor for s in catalog.statements}
        self.shifts = catalog.shifts()
        self.shifts_of: dict[str, list[Shift]] = {}
        for shift in self.shifts:
            self.shifts_of.setdefault(shift.vendor, []).append(shift)
        self._vendor_rows: dict[str, Record] = {}

    def ref(self, id: str) -> Record:  # noqa: A002
        """``{id, label, href}`` for a release, vendor or statement id (href None: no page)."""
        catalog = self.catalog
        if id in self.releases:
            return {"id": id, "label": catalog.release(id).name, "href": _page("release", id)}
        if id in self.vendors:
            return {"id": id, "label": catalog.vendor(id).name, "href": _page("vendor", id)}
        if id in self.statement_vendor:
            href = _page("vendor", self.statement_vendor[id]) + f"#statement-{_file_name(id)}"
            return {"id": id, "label": f"statement {id}", "href": href}
        return {"id": id, "label": id, "href": None}

    def release_row(self, state: ReleaseState) -> Record:
        record = release_record(self.catalog, state)
        search = [
            state.id,
            state.name,
            *state.aliases,
            *state.vendors,
            *(self.catalog.vendor_name(v) for v in state.vendors),
            state.release.family or "",
            state.access.value,
            state.status.value,
            state.licenses.weights or "",
            state.date.label,
        ]
        merged = self.catalog.merged_into.get(state.id)
        return {
            **record,
            "href": _page("release", state.id),
            "vendor_refs": [self.ref(v) for v in state.vendors],
            "date_sort": _sort_date(state.date.start, state.date.end),
            "access_rank": state.access.rank,
            "confidence_rank": state.confidence.rank,
            "search": " ".join(search).lower(),
            "merged_into": self.ref(merged) if merged else None,
            "sources": _sources(record["sources"]),
        }

    def shift_row(self, shift: Shift) -> Record:
        record = shift_record(shift)
        return {
            **record,
            "vendor_ref": self.ref(shift.vendor),
            "date_sort": _sort_date(shift.date.start, shift.date.end),
            "marked": [self.ref(i) for i in shift.marked_by],
            "sources": _sources(record["sources"]),
            "search": " ".join(
                [
                    shift.vendor,
                    self.catalog.vendor(shift.vendor).name,
                    shift.reason,
                    *shift.marked_by,
                ]
            ).lower(),
        }

    def vendor_row(self, vendor_id: str) -> Record:
        if vendor_id not in self._vendor_rows:
            self._vendor_rows[vendor_id] = self._vendor_row(vendor_id)
        return self._vendor_rows[vendor_id]

    def _vendor_row(self, vendor_id: str) -> Record:
        catalog = self.catalog
        vendor = catalog.vendor(vendor_id)
        stance = catalog.stance(vendor_id)
        record = vendor_record(vendor, stance)
        released = catalog.releases(vendor=vendor_id)
        return {
            **record,
            "href": _page("vendor", vendor_id),
            "releases": len(released),
            "open_rank": stance.open_level.rank if stance.open_level else -1,
            "stance_rank": stance.category.openness,
            "search": " ".join(
                [vendor.id, vendor.name, *vendor.aliases, vendor.country or ""]
            ).lower(),
        }


# -- pages -------------------------------------------------------------------------------------


def _overview_since(catalog: Catalog) -> dt.date:
    return dt.date(catalog.reference_date.year - _OVERVIEW_YEARS + 1, 1, 1)


def _story_vendors(ctx: _Context) -> list[str]:
    """The overview's lanes: vendors whose stance changed on released items lately."""
    since = _overview_since(ctx.catalog)
    moved = {
        s.vendor
        for s in ctx.shifts
        if s.scope is Scope.STANCE and s.basis is Basis.REALIZED and s.date.end >= since
    }
    return sorted(moved, key=lambda v: ctx.catalog.vendor(v).name.casefold())


def _charts(ctx: _Context) -> tuple[dict[str, bytes], dict[str, str]]:
    """The SVG charts by path, and each vendor's chart path by vendor id."""
    from policytracker import plot

    catalog = ctx.catalog
    files: dict[str, bytes] = {}
    everyone = plot.timeline_data(catalog)
    drawn = {lane.vendor for lane in everyone.lanes}
    story = [v for v in _story_vendors(ctx) if v in drawn] or sorted(drawn)
    overview = everyone.select(story, since=_overview_since(catalog))
    files["charts/timeline.svg"] = plot.draw_timeline(overview)
    files["charts/trend.svg"] = plot.trend_chart(catalog, by=Period.YEAR)
    files["charts/trend-country.svg"] = plot.trend_chart(catalog, by=Period.YEAR, group="country")
    per_vendor: dict[str, str] = {}
    for lane in everyone.lanes:
        path = f"charts/vendors/{_file_name(lane.vendor)}.svg"
        files[path] = plot.draw_timeline(
            everyone.only(lane.vendor),
            title=f"{lane.name}: releases and derived stance",
            legend=False,
        )
        per_vendor[lane.vendor] = path
    return files, per_vendor


def _release_page(ctx: _Context, release_id: str) -> Record:
    catalog = ctx.catalog
    release = catalog.release(release_id)
    state = catalog.state(release)
    row = ctx.release_row(state)
    history = []
    for claim in release.history:
        record = claim_record(release, claim)
        record["sources"] = _sources(record["sources"])
        record["disputed_by"] = _sources(record["disputed_by"])
        record["changes"] = [
            (key, record[key])
            for key in ("name", "date", "status", "access", "license", "flagship", "gated")
            if record[key] is not None
        ]
        if claim.aliases is not None:
            record["changes"].append(("aliases", ", ".join(claim.aliases)))
        history.append(record)
    edges = []
    for edge in release.lineage:
        record = edge_record(release, edge)
        record["sources"] = _sources(record["sources"])
        record["disputed_by"] = _sources(record["disputed_by"])
        record["parent_ref"] = ctx.ref(edge.parent)
        edges.append(record)
    tree = lineage_record(catalog.lineage(release.id))
    for key in ("ancestors", "descendants"):
        for link in tree[key]:
            link["ref"] = ctx.ref(link["id"])
            link["via_ref"] = ctx.ref(link["via"])
    return {
        "release": row,
        "note": release.note,
        "history": history,
        "edges": edges,
        "lineage": tree,
        "variants": row["variants"],
        "family": catalog.family(release.family).name if release.family else None,
    }


def _vendor_page(ctx: _Context, vendor_id: str, chart: str | None) -> Record:
    catalog = ctx.catalog
    vendor = catalog.vendor(vendor_id)
    stance = catalog.stance(vendor_id)
    timeline = []
    for entry in catalog.timeline(vendor_id):
        record = timeline_record(entry)
        record["ref"] = ctx.ref(entry.id)
        record["sources"] = _sources(record["sources"])
        timeline.append(record)
    statements = []
    for statement in catalog.statements:
        if statement.vendor == vendor_id:
            record = statement_record(statement)
            record["anchor"] = f"statement-{_file_name(statement.id)}"
            record["sources"] = _sources(record["sources"])
            statements.append(record)
    return {
        "vendor": {
            **ctx.vendor_row(vendor_id),
            "safe_website": _safe_url(vendor.website),
            "sources": _sources(source_record(s) for s in vendor.sources),
            "note": vendor.note,
            "names": [
                {
                    "name": n.name,
                    "since": n.since.label if n.since else None,
                    "until": n.until.label if n.until else None,
                }
                for n in vendor.names
            ],
        },
        "stance": stance_record(stance),
        "lead": [ctx.ref(i) for i in stance.lead],
        "shifts": [ctx.shift_row(s) for s in ctx.shifts_of.get(vendor_id, [])],
        "releases": [ctx.release_row(s) for s in catalog.releases(vendor=vendor_id)],
        "timeline": timeline,
        "statements": statements,
        "chart": chart,
    }


# -- writing -----------------------------------------------------------------------------------


def _prepare(out: Path) -> list[str]:
    """Check the output directory; return the files the previous build listed."""
    if out.exists() and not out.is_dir():
        msg = f"{out} exists and is not a directory"
        raise SiteError(msg)
    manifest = out / MANIFEST
    if out.is_dir() and any(out.iterdir()) and not manifest.is_file():
        msg = (
            f"{out} is not empty and was not written by 'policytracker site'; name a new or "
            "empty directory"
        )
        raise SiteError(msg)
    if not manifest.is_file():
        return []
    return manifest.read_text(encoding="utf-8").splitlines()


def _inside(rel: str) -> bool:
    path = PurePosixPath(rel)
    return bool(rel) and not path.is_absolute() and ".." not in path.parts


def _write(out: Path, files: dict[str, bytes], previous: Sequence[str]) -> None:
    for rel, data in files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for rel in previous:
        if rel not in files and rel != MANIFEST and _inside(rel):
            (out / rel).unlink(missing_ok=True)
    listing = "".join(f"{rel}\n" for rel in sorted(files))
    (out / MANIFEST).write_text(listing, encoding="utf-8")


def _environment() -> jinja2.Environment:
    require("jinja2", "site", _PURPOSE)
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("policytracker.website", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _asset(name: str) -> bytes:
    return (importlib.resources.files("policytracker.website") / "static" / name).read_bytes()


def build_site(
    catalog: Catalog, outdir: str | os.PathLike[str], *, charts: bool = True
) -> tuple[str, ...]:
    """Write the static site for ``catalog`` into ``outdir``; return the files written.

    ``outdir`` is created when missing. An existing directory must be empty or hold an earlier
    build (it has a ``.policytracker-site`` listing); files of the earlier build that this one
    does not write again are removed, and nothing else is touched. ``charts=False`` leaves out
    the SVG charts (and so does not need matplotlib).

    Raises:
        SiteError: ``outdir`` is a file, or a non-empty directory of other files.
        MissingExtraError: Jinja2 (or, for the charts, matplotlib) is not installed.
    """
    env = _environment()
    if charts:
        require("matplotlib", "site", _PURPOSE)
    out = Path(outdir)
    previous = _prepare(out)
    ctx = _Context(catalog)
    files: dict[str, bytes] = {}
    per_vendor: dict[str, str] = {}
    if charts:
        chart_files, per_vendor = _charts(ctx)
        files.update(chart_files)
    files["assets/style.css"] = _asset("style.css")
    files["assets/site.js"] = _asset("site.js")
    known = catalog.as_of_date or catalog.latest_report
    common = {
        "dataset_version": catalog.dataset.dataset.version,
        "known": known.isoformat(),
        "as_of": catalog.as_of_date.isoformat() if catalog.as_of_date else None,
        "tool_version": policytracker.__version__,
        "page": _page,
        "charts": charts,
    }

    def render(path: str, template: str, **values: Any) -> None:
        depth = path.count("/")
        html = env.get_template(template).render(root="../" * depth, **common, **values)
        files[path] = html.encode("utf-8")

    shifts = [ctx.shift_row(s) for s in ctx.shifts]
    vendors = [ctx.vendor_row(v.id) for v in catalog.vendors]
    releases = [ctx.release_row(s) for s in catalog.releases()]
    render(
        "index.html",
        "index.html",
        latest=list(reversed(shifts))[:_LATEST_SHIFTS],
        vendors=vendors,
        counts={
            "vendors": len(vendors),
            "releases": len(releases),
            "shifts": len(shifts),
            "statements": len(catalog.statements),
        },
        story=[ctx.ref(v) for v in _story_vendors(ctx)],
    )
    render("releases.html", "releases.html", releases=releases)
    render("shifts.html", "shifts.html", shifts=shifts)
    render("vendors.html", "vendors.html", vendors=vendors)
    for vendor in catalog.vendors:
        render(
            _page("vendor", vendor.id),
            "vendor.html",
            **_vendor_page(ctx, vendor.id, per_vendor.get(vendor.id)),
        )
    for release in catalog.all_releases():
        render(_page("release", release.id), "release.html", **_release_page(ctx, release.id))
    out.mkdir(parents=True, exist_ok=True)
    _write(out, files, previous)
    return tuple(sorted(files))
