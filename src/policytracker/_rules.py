"""Cross-record rules: what types alone cannot say about a dataset.

Each rule yields :class:`Finding` values with a path into the data; the loader turns the path
into a file, line and column. Rules never raise on bad data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

import attrs

from policytracker._countries import COUNTRIES
from policytracker._repr import fields_repr
from policytracker._spdx import SPDX_IDS
from policytracker.access import AccessLevel, Commercial, SourceKind, Status
from policytracker.model import (
    SCHEMA_VERSION,
    Claim,
    Dataset,
    Family,
    License,
    Licensing,
    Release,
    Source,
    Statement,
    Vendor,
)
from policytracker.problems import Level

__all__ = ["Finding", "check"]

Path = tuple[str | int, ...]

_SLUG = re.compile(r"[a-z0-9][a-z0-9.-]*")
_LICENSE_REF = re.compile(r"LicenseRef-[A-Za-z0-9.-]+")
_URL = re.compile(r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:/\S*)?")
#: An expected item whose date ended this long ago gets a warning.
OVERDUE_AFTER = dt.timedelta(days=90)


@attrs.frozen
class Finding:
    """A rule's verdict on one place in the data."""

    __repr__ = fields_repr

    path: Path
    message: str
    rule: str
    level: Level = Level.ERROR
    key: bool = False


def check(data: Dataset, today: dt.date) -> list[Finding]:
    """Run every rule over ``data``; ``today`` decides what counts as the future."""
    ctx = _Context(data, today)
    findings: list[Finding] = []
    for rule in _RULES:
        findings.extend(rule(ctx))
    return findings


class _Context:
    def __init__(self, data: Dataset, today: dt.date) -> None:
        self.data = data
        self.today = today
        self.vendors = {v.id for v in data.vendors}
        self.families = {f.id for f in data.families}
        self.releases = {r.id for r in data.releases}
        self.licenses = {lic.id: lic for lic in data.licenses}


def _schema(ctx: _Context) -> Iterator[Finding]:
    if ctx.data.schema_version != SCHEMA_VERSION:
        yield Finding(
            ("schema_version",),
            f"schema_version {ctx.data.schema_version} is not supported; this version of "
            f"policytracker reads schema_version {SCHEMA_VERSION}",
            "schema-version",
        )


def _ids(ctx: _Context) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    groups: tuple[tuple[str, tuple[Vendor | Family | Release | Statement, ...]], ...] = (
        ("vendors", ctx.data.vendors),
        ("families", ctx.data.families),
        ("releases", ctx.data.releases),
        ("statements", ctx.data.statements),
    )
    for kind, items in groups:
        for i, item in enumerate(items):
            path: Path = (kind, i, "id")
            if not _SLUG.fullmatch(item.id):
                yield Finding(
                    path,
                    f"id {item.id!r} is not a slug: use lower-case letters, digits, '.' and '-'",
                    "id-format",
                )
            if item.id in seen:
                yield Finding(
                    path,
                    f"id {item.id!r} is already used by {seen[item.id]}; ids are global and unique",
                    "duplicate-id",
                )
            else:
                seen[item.id] = f"{kind}[{i}]"
    lic_seen: dict[str, int] = {}
    for i, lic in enumerate(ctx.data.licenses):
        path = ("licenses", i, "id")
        if lic.id in lic_seen:
            yield Finding(
                path,
                f"license {lic.id!r} is already defined at licenses[{lic_seen[lic.id]}]",
                "duplicate-id",
            )
        lic_seen.setdefault(lic.id, i)
        if lic.id.startswith("LicenseRef-"):
            if not _LICENSE_REF.fullmatch(lic.id):
                yield Finding(
                    path,
                    f"{lic.id!r}: after 'LicenseRef-' use only letters, digits, '.' and '-'",
                    "license-id",
                )
        elif lic.id not in SPDX_IDS:
            same = [s for s in SPDX_IDS if s.lower() == lic.id.lower()]
            hint = (
                f"the SPDX id is spelled {same[0]!r}"
                if same
                else f"use the SPDX id, or '{_license_ref(lic.id)}' for a license SPDX lacks"
            )
            yield Finding(
                path, f"{lic.id!r} is not an SPDX license identifier; {hint}", "license-id"
            )
    for old, new in ctx.data.redirects.items():
        if old in seen:
            yield Finding(
                ("redirects", old),
                f"redirect {old!r} names an id still in use; an id is never reused",
                "redirect",
                key=True,
            )
        if new not in seen:
            yield Finding(
                ("redirects", old),
                f"redirect {old!r} points to {new!r}, which does not exist",
                "redirect",
            )


def _license_ref(name: str) -> str:
    """A valid ``LicenseRef-`` id suggested for a license name."""
    return "LicenseRef-" + (re.sub(r"[^A-Za-z0-9.]+", "-", name).strip("-") or "Custom")


def _ref(ctx: _Context, path: Path, value: str | None, kinds: tuple[str, ...]) -> Iterator[Finding]:
    if value is None:
        return
    pools = {
        "vendor": ctx.vendors,
        "family": ctx.families,
        "release": ctx.releases,
        "license": ctx.licenses.keys(),
    }
    if any(value in pools[k] for k in kinds):
        return
    yield Finding(
        path,
        f"{' or '.join(kinds)} {value!r} is not defined; define it in the file or fix the id",
        "unknown-reference",
    )


def _licensing_refs(ctx: _Context, path: Path, lic: Licensing | None) -> Iterator[Finding]:
    if lic is None:
        return
    for part in ("weights", "code", "data", "usage_policy"):
        yield from _ref(ctx, (*path, part), getattr(lic, part), ("license",))


def _references(ctx: _Context) -> Iterator[Finding]:
    for i, vendor in enumerate(ctx.data.vendors):
        for j, parent in enumerate(vendor.parents):
            yield from _ref(ctx, ("vendors", i, "parents", j, "vendor"), parent.vendor, ("vendor",))
    for i, family in enumerate(ctx.data.families):
        for j, vid in enumerate(family.vendors):
            yield from _ref(ctx, ("families", i, "vendors", j), vid, ("vendor",))
    for i, lic in enumerate(ctx.data.licenses):
        yield from _ref(ctx, ("licenses", i, "supersedes"), lic.supersedes, ("license",))
    for i, rel in enumerate(ctx.data.releases):
        base: Path = ("releases", i)
        if not rel.vendors:
            yield Finding((*base, "vendors"), "a release needs at least one vendor", "required")
        for j, vid in enumerate(rel.vendors):
            yield from _ref(ctx, (*base, "vendors", j), vid, ("vendor",))
        yield from _ref(ctx, (*base, "family"), rel.family, ("family",))
        yield from _licensing_refs(ctx, (*base, "licenses"), rel.licenses)
        for j, variant in enumerate(rel.variants):
            yield from _ref(ctx, (*base, "variants", j, "license"), variant.license, ("license",))
        for j, edge in enumerate(rel.lineage):
            yield from _ref(
                ctx, (*base, "lineage", j, "parent"), edge.parent, ("release", "family")
            )
        for j, claim in enumerate(rel.history):
            yield from _licensing_refs(ctx, (*base, "history", j, "licenses"), claim.licenses)
    for i, st in enumerate(ctx.data.statements):
        yield from _ref(ctx, ("statements", i, "vendor"), st.vendor, ("vendor",))


def _cycles(ctx: _Context) -> Iterator[Finding]:
    parents: dict[str, list[tuple[int, int, str]]] = {}
    for i, rel in enumerate(ctx.data.releases):
        for j, edge in enumerate(rel.lineage):
            if edge.parent in ctx.releases:
                parents.setdefault(rel.id, []).append((i, j, edge.parent))
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[tuple[int, int]] = set()

    # Depth-first, with an explicit stack: a lineage chain thousands of releases long must not
    # hit Python's recursion limit.
    for rel in ctx.data.releases:
        if rel.id in state:
            continue
        state[rel.id] = 1
        path = [rel.id]
        stack = [iter(parents.get(rel.id, []))]
        while stack:
            for i, j, parent in stack[-1]:
                if state.get(parent) == 1:
                    cycle = [*path[path.index(parent) :], parent]
                    if (i, j) not in reported:
                        reported.add((i, j))
                        yield Finding(
                            ("releases", i, "lineage", j, "parent"),
                            "lineage cycle: " + " -> ".join(cycle) + "; a release cannot descend "
                            "from itself",
                            "lineage-cycle",
                        )
                elif state.get(parent) is None:
                    state[parent] = 1
                    path.append(parent)
                    stack.append(iter(parents.get(parent, [])))
                    break
            else:
                state[path.pop()] = 2
                stack.pop()


def _level_agrees(ctx: _Context, access: AccessLevel, lic: Licensing) -> str | None:
    """Why ``access`` disagrees with the licenses, or None when they agree."""
    if not access.is_open:
        return None
    weights = ctx.licenses.get(lic.weights) if lic.weights else None
    if lic.weights is None:
        return f"access {access.value!r} needs licenses.weights"
    if weights is None:
        return None  # reported by the reference rule
    return _trait_mismatch(ctx, access, weights, lic)


def _trait_mismatch(
    ctx: _Context, access: AccessLevel, weights: License, lic: Licensing
) -> str | None:
    name = weights.id
    if access is AccessLevel.OPEN_SOURCE:
        if not weights.open:
            return f"'open-source' needs an open weights license; {name} has field-of-use limits"
        for part in ("code", "data"):
            other = ctx.licenses.get(getattr(lic, part) or "")
            if other is None or not other.open:
                return f"'open-source' needs an open licenses.{part}"
        return None
    if access is AccessLevel.OPEN_WEIGHTS and not weights.open:
        return (
            f"'open-weights' needs a license without field-of-use limits; {name} is not marked "
            "open: use 'open-weights-restricted' or '-noncommercial'"
        )
    if access is AccessLevel.OPEN_WEIGHTS_RESTRICTED:
        if weights.open:
            return f"{name} is an open license: the level is 'open-weights'"
        if weights.commercial is Commercial.NO:
            return f"{name} forbids commercial use: the level is 'open-weights-noncommercial'"
    if access is AccessLevel.OPEN_WEIGHTS_NONCOMMERCIAL and weights.commercial is not Commercial.NO:
        return (
            f"{name} allows commercial use ({weights.commercial.value}): the level is "
            "'open-weights' or 'open-weights-restricted'"
        )
    return None


def _levels(ctx: _Context) -> Iterator[Finding]:
    for i, rel in enumerate(ctx.data.releases):
        why = _level_agrees(ctx, rel.access, rel.licenses)
        if why:
            yield Finding(("releases", i, "access"), why, "license-level")
        licensing = rel.licenses
        for j, claim in enumerate(rel.history):
            licensing = claim.licenses or licensing
            if claim.access is not None:
                why = _level_agrees(ctx, claim.access, licensing)
                if why:
                    yield Finding(("releases", i, "history", j, "access"), why, "license-level")


def _dates(ctx: _Context) -> Iterator[Finding]:
    today = ctx.today
    for i, rel in enumerate(ctx.data.releases):
        base: Path = ("releases", i)
        if rel.status is Status.RELEASED and rel.date.start > today:
            yield Finding(
                (*base, "date"),
                f"a released item cannot be dated in the future ({rel.date}); use status "
                "'expected' or 'announced'",
                "future-date",
            )
        if rel.reported is not None and rel.reported.start > today:
            yield Finding((*base, "reported"), "reported in the future", "future-date")
        previous: dt.date | None = None
        for j, claim in enumerate(rel.history):
            path: Path = (*base, "history", j)
            if claim.reported.start > today:
                yield Finding((*path, "reported"), "reported in the future", "future-date")
            if (
                claim.status is Status.RELEASED
                and claim.effective is not None
                and claim.effective.start > today
            ):
                yield Finding(
                    (*path, "effective"),
                    "a release cannot take effect in the future",
                    "future-date",
                )
            if previous is not None and claim.known_from < previous:
                yield Finding(
                    (*path, "reported"),
                    f"history is out of order: reported {claim.reported} comes after an entry "
                    f"reported {previous}; keep history in the order it was reported",
                    "history-order",
                )
            previous = max(previous or claim.known_from, claim.known_from)
            if claim.known_from < rel.first_reported:
                yield Finding(
                    (*path, "reported"),
                    f"reported {claim.reported}, before the release itself was first reported "
                    f"({rel.first_reported})",
                    "history-order",
                )


def _sources_of(ctx: _Context) -> Iterator[tuple[Path, tuple[Source, ...], bool]]:
    """Every source list with its path and whether it backs a claim (so must not be empty)."""
    d = ctx.data
    for i, lic in enumerate(d.licenses):
        yield ("licenses", i, "sources"), lic.sources, True
    for i, vendor in enumerate(d.vendors):
        yield ("vendors", i, "sources"), vendor.sources, True
        for j, name in enumerate(vendor.names):
            yield ("vendors", i, "names", j, "sources"), name.sources, False
        for j, parent in enumerate(vendor.parents):
            yield ("vendors", i, "parents", j, "sources"), parent.sources, True
    for i, fam in enumerate(d.families):
        yield ("families", i, "sources"), fam.sources, False
    for i, rel in enumerate(d.releases):
        yield ("releases", i, "sources"), rel.sources, True
        for j, edge in enumerate(rel.lineage):
            yield ("releases", i, "lineage", j, "sources"), edge.sources, True
            yield ("releases", i, "lineage", j, "disputed_by"), edge.disputed_by, False
        for j, claim in enumerate(rel.history):
            yield ("releases", i, "history", j, "sources"), claim.sources, True
            yield ("releases", i, "history", j, "disputed_by"), claim.disputed_by, False
    for i, st in enumerate(d.statements):
        yield ("statements", i, "sources"), st.sources, True


def _sources(ctx: _Context) -> Iterator[Finding]:
    for path, sources, required in _sources_of(ctx):
        if required and not sources:
            yield Finding(
                path,
                "every claim needs at least one source (a URL you read, its publisher and date)",
                "missing-source",
            )
        for k, src in enumerate(sources):
            if not _URL.fullmatch(src.url):
                yield Finding(
                    (*path, k, "url"),
                    f"{src.url!r} is not an https URL; give the full https:// address",
                    "url",
                )
            if src.archive_url is not None and not _URL.fullmatch(src.archive_url):
                yield Finding((*path, k, "archive_url"), "not an https URL", "url")
            if src.date.end > ctx.today:
                yield Finding(
                    (*path, k, "date"),
                    f"source date {src.date} reaches past today; a page you read was published "
                    f"by the day you read it: end the range there (e.g. ..{ctx.today})",
                    "future-date",
                )
        if required and sources and len(sources) == 1 and sources[0].kind is SourceKind.PRESS:
            yield Finding(
                path,
                "this claim rests on a single press source; add the vendor's own or a second "
                "outlet",
                "single-press-source",
                Level.WARNING,
            )
        elif required and sources and all(s.kind is SourceKind.DATABASE for s in sources):
            yield Finding(
                path,
                "this claim rests only on secondary databases; cite the primary source",
                "secondary-only",
                Level.WARNING,
            )


def _countries(ctx: _Context) -> Iterator[Finding]:
    for i, vendor in enumerate(ctx.data.vendors):
        if vendor.country is not None and vendor.country not in COUNTRIES:
            yield Finding(
                ("vendors", i, "country"),
                f"{vendor.country!r} is not an ISO 3166-1 alpha-2 country code (such as US, CN, "
                "FR); quote codes like 'NO'",
                "country",
            )


def _overdue(ctx: _Context) -> Iterator[Finding]:
    for i, rel in enumerate(ctx.data.releases):
        status, date = rel.status, rel.date
        for claim in rel.history:
            status = claim.status or status
            date = claim.date or date
        if status in (Status.EXPECTED, Status.ANNOUNCED, Status.RUMORED) and (
            date.end < ctx.today - OVERDUE_AFTER  # not date + 90 days: 9999-12-31 overflows
        ):
            yield Finding(
                ("releases", i, "status"),
                f"still '{status.value}' though its date ({date}) ended over "
                f"{OVERDUE_AFTER.days} days ago; record what happened as history",
                "overdue",
                Level.WARNING,
            )


def _empty_claims(ctx: _Context) -> Iterator[Finding]:
    for i, rel in enumerate(ctx.data.releases):
        for j, claim in enumerate(rel.history):
            if not _claim_sets_anything(claim) and claim.note is None:
                yield Finding(
                    ("releases", i, "history", j),
                    "this history entry says nothing: give at least one of name, aliases, "
                    "date, status, access, flagship, licenses, gated, or a note",
                    "empty-claim",
                )


def _claim_sets_anything(claim: Claim) -> bool:
    return any(
        getattr(claim, f) is not None
        for f in ("name", "aliases", "date", "status", "access", "flagship", "licenses", "gated")
    )


def _family_vendor(ctx: _Context) -> Iterator[Finding]:
    families = {f.id: f for f in ctx.data.families}
    for i, rel in enumerate(ctx.data.releases):
        fam = families.get(rel.family or "")
        if fam is not None and not set(fam.vendors) & set(rel.vendors):
            yield Finding(
                ("releases", i, "family"),
                f"family {fam.id!r} belongs to {', '.join(fam.vendors)}, not to this release's "
                "vendors",
                "family-vendor",
                Level.WARNING,
            )


_RULES: tuple[Callable[[_Context], Iterator[Finding]], ...] = (
    _schema,
    _ids,
    _references,
    _cycles,
    _levels,
    _dates,
    _sources,
    _countries,
    _overdue,
    _empty_claims,
    _family_vendor,
)
