"""Which claim about a release is in force at a date.

A release's own fields are its first claim; its history adds changes (with an ``effective``
date) and competing reports (without one). For each field the value in force at ``at`` is
chosen from the claims that set it, in this order of precedence:

1. a change in effect by ``at`` beats anything older (latest ``effective`` start wins; claims
   without ``effective`` count as in effect from the beginning);
2. then higher confidence (confirmed > reported > rumored);
3. then the latest report;
4. then a claim backed by a primary source (the vendor's own publication) over press.

The others stay visible in :attr:`ReleaseState.claims` and the release's history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

import attrs

from policytracker._repr import fields_repr
from policytracker.access import AccessLevel, Confidence, Status
from policytracker.dates import DateSpan
from policytracker.model import CLAIM_FIELDS, Claim, Licensing, Release

__all__ = ["ReleaseState", "resolve"]


class _OwnFields(Mapping[str, Claim]):
    """``deciding`` for a release without history: its own fields, as one claim, for each field.

    The claim is made on first use; most states are asked for their values only.
    """

    __slots__ = ("_claim", "_release")

    def __init__(self, release: Release) -> None:
        self._release = release
        self._claim: Claim | None = None

    def __getitem__(self, field: str) -> Claim:
        if field not in CLAIM_FIELDS:
            raise KeyError(field)
        if self._claim is None:
            self._claim = self._release.base_claim()
        return self._claim

    def __iter__(self) -> Iterator[str]:
        return iter(CLAIM_FIELDS)

    def __len__(self) -> int:
        return len(CLAIM_FIELDS)


@attrs.frozen
class ReleaseState:
    """A release as it stood at ``at``: each field's value in force, and the claim behind it.

    Attributes:
        release: The release as recorded (first report plus history).
        at: The date the state is about.
        name, aliases, date, status, access, flagship, licenses, gated: Values in force.
        confidence: The weakest confidence among the claims deciding status and access.
        deciding: The claim that decided each field, by field name.
    """

    __repr__ = fields_repr

    release: Release
    at: dt.date
    name: str
    aliases: tuple[str, ...]
    date: DateSpan
    status: Status
    access: AccessLevel
    flagship: bool
    licenses: Licensing
    gated: bool
    confidence: Confidence
    deciding: Mapping[str, Claim] = attrs.field(eq=False, hash=False, repr=False)

    @property
    def id(self) -> str:
        """The release id."""
        return self.release.id

    @property
    def vendors(self) -> tuple[str, ...]:
        """Vendor ids."""
        return self.release.vendors

    @property
    def is_open(self) -> bool:
        """Whether the weights are published at the level in force."""
        return self.access.is_open

    @property
    def is_released(self) -> bool:
        """Whether the release had shipped by ``at``."""
        return self.status is Status.RELEASED and self.date.start <= self.at


def _precedence(claim: Claim) -> tuple[dt.date, int, dt.date, bool]:
    return (
        claim.effective.start if claim.effective is not None else dt.date.min,
        claim.confidence.rank,
        claim.known_from,
        any(s.kind.is_primary for s in claim.sources),
    )


def resolve(release: Release, at: dt.date) -> ReleaseState:
    """The state of ``release`` at ``at``, from the claims recorded for it."""
    if not release.history:
        # Nothing competes with the release's own fields (most releases): they are the values,
        # and the claim made of them is built only if someone asks which claim decided.
        return ReleaseState(
            release=release,
            at=at,
            name=release.name,
            aliases=release.aliases,
            date=release.date,
            status=release.status,
            access=release.access,
            flagship=release.flagship,
            licenses=release.licenses,
            gated=release.gated,
            confidence=release.confidence,
            deciding=_OwnFields(release),
        )
    base = release.base_claim()
    deciding: dict[str, Claim]
    values: dict[str, object]
    # Each claim's precedence is computed once, not once per field.
    base_key = _precedence(base)
    in_force = [
        (_precedence(c), c)
        for c in release.history
        if c.effective is None or c.effective.start <= at
    ]
    deciding = {}
    values = {}
    for field in CLAIM_FIELDS:
        best = base
        best_key = base_key
        for key, claim in in_force:
            if getattr(claim, field) is None:
                continue
            if key > best_key:
                best, best_key = claim, key
        deciding[field] = best
        values[field] = getattr(best, field)
    confidence = min(deciding["status"].confidence, deciding["access"].confidence)
    return ReleaseState(
        release=release,
        at=at,
        confidence=confidence,
        deciding=deciding,
        **values,  # type: ignore[arg-type]
    )
