"""The typed model of the dataset: immutable attrs value types mirroring ``data/models.yaml``.

Attribute names are the YAML keys, so a problem's path (``releases[3].licenses.weights``) reads
the same in the file, in the error and in Python. ``docs/data-format.md`` describes every field.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from policytracker._repr import fields_repr
from policytracker.access import AccessLevel, Commercial, Confidence, SourceKind, Status
from policytracker.dates import DateSpan

__all__ = [
    "Claim",
    "Dataset",
    "DatasetInfo",
    "Family",
    "License",
    "LicenseCondition",
    "Licensing",
    "LineageEdge",
    "Parent",
    "Relation",
    "Release",
    "Signal",
    "Source",
    "Statement",
    "StatementKind",
    "Variant",
    "Vendor",
    "VendorKind",
    "VendorName",
]

SCHEMA_VERSION = 1


class VendorKind(enum.Enum):
    """What sort of organisation a vendor is."""

    COMPANY = "company"
    LAB = "lab"
    NONPROFIT = "nonprofit"
    ACADEMIC = "academic"
    GOVERNMENT = "government"
    COLLECTIVE = "collective"


class LicenseCondition(enum.Enum):
    """Notable conditions a license attaches to use of the weights."""

    ATTRIBUTION = "attribution"
    SHARE_ALIKE = "share-alike"
    ACCEPTABLE_USE_POLICY = "acceptable-use-policy"
    USE_RESTRICTIONS = "use-restrictions"
    USER_CAP = "user-cap"
    REVENUE_CAP = "revenue-cap"
    NON_COMMERCIAL = "non-commercial"
    NON_PRODUCTION = "non-production"
    RESEARCH_ONLY = "research-only"
    REGIONAL_EXCLUSION = "regional-exclusion"
    NAMING_REQUIREMENT = "naming-requirement"
    NO_TRAINING_OTHER_MODELS = "no-training-other-models"
    DERIVATIVES_SAME_TERMS = "derivatives-same-terms"


class Relation(enum.Enum):
    """How a release derives from its parent."""

    DISTILLED = "distilled"
    FINE_TUNED = "fine-tuned"
    MERGED = "merged"
    CONTINUED_PRETRAINING = "continued-pretraining"
    TRAINED_ON_OUTPUTS = "trained-on-outputs"
    DERIVED = "derived"
    SAME_AS = "same-as"


class StatementKind(enum.Enum):
    """What form a vendor-level policy statement took."""

    OPEN_LETTER = "open-letter"
    EXECUTIVE_REMARK = "executive-remark"
    EARNINGS_CALL = "earnings-call"
    STRATEGY_REPORT = "strategy-report"
    POLICY = "policy"
    BLOG_POST = "blog-post"
    INTERVIEW = "interview"


class Signal(enum.Enum):
    """The direction a policy statement points a vendor's stance."""

    OPENING = "opening"
    CLOSING = "closing"
    STEADY = "steady"


@attrs.frozen
class Source:
    """A document backing a claim.

    Attributes:
        url: https address of the document (doi.org and arxiv.org links are fine).
        kind: What the document is; vendor-published kinds are primary.
        publisher: Who published it.
        date: Publication date, at the precision the document shows.
        title: Title of the document.
        quote: A short quote backing the claim.
        archive_url: An archived copy.
        accessed: When it was last read.
        paywalled: Whether it sits behind a paywall.
    """

    __repr__ = fields_repr

    url: str
    kind: SourceKind
    publisher: str
    date: DateSpan
    title: str | None = None
    quote: str | None = None
    archive_url: str | None = None
    accessed: dt.date | None = None
    paywalled: bool = False


@attrs.frozen
class DatasetInfo:
    """Metadata of the dataset file itself."""

    __repr__ = fields_repr

    version: str
    title: str | None = None
    license: str | None = None
    description: str | None = None


@attrs.frozen
class License:
    """A license, declared once, with the traits users filter on.

    Attributes:
        id: SPDX identifier, or ``LicenseRef-...`` when SPDX has none.
        name: Full name.
        url: Where the text lives.
        osi_approved: Approved by the Open Source Initiative.
        open: An open license without field-of-use limits (OSI-approved, CC-BY-4.0, CC0).
        commercial: Whether commercial use is allowed.
        conditions: Notable conditions (user caps, acceptable-use policies, ...).
        user_cap: Monthly active users above which a separate license is needed.
        supersedes: The previous version in the license's lineage.
        sources: Where the traits were read.
        note: Free text.
    """

    __repr__ = fields_repr

    id: str
    name: str
    url: str | None = None
    osi_approved: bool = False
    open: bool = False
    commercial: Commercial = Commercial.YES
    conditions: tuple[LicenseCondition, ...] = ()
    user_cap: int | None = None
    supersedes: str | None = None
    sources: tuple[Source, ...] = ()
    note: str | None = None

    @property
    def is_spdx(self) -> bool:
        """Whether the id is an SPDX identifier rather than a ``LicenseRef-``."""
        return not self.id.startswith("LicenseRef-")


@attrs.frozen
class VendorName:
    """A display name a vendor used for a while (Facebook before Meta)."""

    __repr__ = fields_repr

    name: str
    since: DateSpan | None = None
    until: DateSpan | None = None
    sources: tuple[Source, ...] = ()


@attrs.frozen
class Parent:
    """A dated parent organisation (MosaicML under Databricks from 2023)."""

    __repr__ = fields_repr

    vendor: str
    since: DateSpan | None = None
    until: DateSpan | None = None
    sources: tuple[Source, ...] = ()


@attrs.frozen
class Vendor:
    """An organisation that releases models.

    Attributes:
        id: Stable slug.
        name: Current display name.
        country: ISO 3166-1 alpha-2 code of the headquarters; None when no source says.
        kind: Company, lab, nonprofit, ...
        website: Home page.
        aliases: Other names it goes by.
        names: Earlier, dated display names.
        parents: Dated parent organisations.
        sources: Where the facts were read.
        note: Free text.
    """

    __repr__ = fields_repr

    id: str
    name: str
    kind: VendorKind
    sources: tuple[Source, ...]
    country: str | None = None
    website: str | None = None
    aliases: tuple[str, ...] = ()
    names: tuple[VendorName, ...] = ()
    parents: tuple[Parent, ...] = ()
    note: str | None = None


@attrs.frozen
class Family:
    """A named line of releases (Llama, Qwen, Gemma)."""

    __repr__ = fields_repr

    id: str
    name: str
    vendors: tuple[str, ...]
    sources: tuple[Source, ...] = ()
    note: str | None = None


@attrs.frozen
class Licensing:
    """Licenses per component of a release; ``weights`` decides the access level."""

    __repr__ = fields_repr

    weights: str | None = None
    code: str | None = None
    data: str | None = None
    usage_policy: str | None = None


@attrs.frozen
class Variant:
    """A size or flavour of a release, with its own terms where they differ."""

    __repr__ = fields_repr

    name: str
    parameters: str | None = None
    license: str | None = None
    access: AccessLevel | None = None
    note: str | None = None


@attrs.frozen
class LineageEdge:
    """A typed, dated, rated link from a release to its parent release or family.

    Attributes:
        relation: How the release derives from the parent.
        parent: A release id, or a family id when no single release is named.
        confidence: How sure the link is.
        reported: When the link was first reported.
        sources: Sources asserting the link.
        disputed_by: Sources contradicting it.
        note: Free text.
    """

    __repr__ = fields_repr

    relation: Relation
    parent: str
    confidence: Confidence
    sources: tuple[Source, ...]
    reported: DateSpan | None = None
    disputed_by: tuple[Source, ...] = ()
    note: str | None = None

    @property
    def known_from(self) -> dt.date:
        """The day by which the link had certainly been reported."""
        return _known_from(self.reported, self.sources)


def _known_from(reported: DateSpan | None, sources: tuple[Source, ...]) -> dt.date:
    # A report dated only to a month counts as known from the month's end: an as-of view
    # must never show what might have been reported after its date.
    if reported is not None:
        return reported.end
    return min((s.date.end for s in sources), default=dt.date.min)


@attrs.frozen
class Claim:
    """A dated report about a release: a change that took effect, or a competing report.

    Every field from ``name`` to ``gated`` is optional; those given are what the claim says.
    With ``effective`` the claim records a change from that date; without it, the claim competes
    with the release's own fields (another outlet's date, a revised expectation).
    """

    __repr__ = fields_repr

    reported: DateSpan
    confidence: Confidence
    sources: tuple[Source, ...]
    effective: DateSpan | None = None
    name: str | None = None
    aliases: tuple[str, ...] | None = None
    date: DateSpan | None = None
    status: Status | None = None
    access: AccessLevel | None = None
    flagship: bool | None = None
    licenses: Licensing | None = None
    gated: bool | None = None
    disputed_by: tuple[Source, ...] = ()
    note: str | None = None

    @property
    def known_from(self) -> dt.date:
        """The day by which the claim had certainly been reported."""
        return self.reported.end


#: The release fields a :class:`Claim` may set.
CLAIM_FIELDS = ("name", "aliases", "date", "status", "access", "flagship", "licenses", "gated")


@attrs.frozen
class Release:
    """What a vendor announced at one date: the counting unit of every share and trend.

    The fields hold the release as first reported; ``history`` holds later changes and competing
    reports. Use :meth:`policytracker.Catalog.state` for the value in force at a date.
    """

    __repr__ = fields_repr

    id: str
    name: str
    vendors: tuple[str, ...]
    date: DateSpan
    status: Status
    access: AccessLevel
    confidence: Confidence
    sources: tuple[Source, ...]
    family: str | None = None
    aliases: tuple[str, ...] = ()
    flagship: bool = False
    licenses: Licensing = Licensing()
    gated: bool = False
    reported: DateSpan | None = None
    variants: tuple[Variant, ...] = ()
    lineage: tuple[LineageEdge, ...] = ()
    history: tuple[Claim, ...] = ()
    note: str | None = None

    @property
    def first_reported(self) -> dt.date:
        """When the release had certainly been public.

        ``reported`` when given; otherwise the earliest of its sources and, for a release first
        recorded as announced or released, its own date (it was public by then even when every
        source we cite came later).
        """
        if self.reported is not None:
            return self.reported.end
        known = _known_from(None, self.sources)
        if self.status in (Status.RELEASED, Status.ANNOUNCED):
            return min(known, self.date.end)
        return known

    def base_claim(self) -> Claim:
        """The release's own fields as a claim, reported when the release was first reported."""
        return Claim(
            reported=self.reported or DateSpan.of_day(self.first_reported),
            confidence=self.confidence,
            sources=self.sources,
            name=self.name,
            aliases=self.aliases,
            date=self.date,
            status=self.status,
            access=self.access,
            flagship=self.flagship,
            licenses=self.licenses,
            gated=self.gated,
        )


@attrs.frozen
class Statement:
    """A vendor-level policy signal not tied to one release."""

    __repr__ = fields_repr

    id: str
    vendor: str
    date: DateSpan
    kind: StatementKind
    signal: Signal
    summary: str
    confidence: Confidence
    sources: tuple[Source, ...]
    reported: DateSpan | None = None
    note: str | None = None

    @property
    def first_reported(self) -> dt.date:
        """When the statement had certainly been public.

        ``reported`` when given; otherwise the earlier of its sources and its own date (a
        statement is public when it is made, even when every source we cite came later).
        """
        if self.reported is not None:
            return self.reported.end
        return min(_known_from(None, self.sources), self.date.end)


@attrs.frozen
class Dataset:
    """The whole data file, as typed values."""

    __repr__ = fields_repr

    schema_version: int
    dataset: DatasetInfo
    licenses: tuple[License, ...] = ()
    vendors: tuple[Vendor, ...] = ()
    families: tuple[Family, ...] = ()
    releases: tuple[Release, ...] = ()
    statements: tuple[Statement, ...] = ()
    redirects: dict[str, str] = attrs.field(factory=dict, hash=False)
