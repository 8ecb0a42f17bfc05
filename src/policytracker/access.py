"""The vocabularies of the model: the ordered access gradient, statuses and confidence.

The access gradient is ordered, not a boolean. Its mapping onto Epoch AI's "Model accessibility"
and Solaiman's release gradient is documented in ``docs/concepts.md`` and kept in
:data:`EPOCH_ACCESSIBILITY` so it can be tested.
"""

from __future__ import annotations

import enum
from functools import total_ordering

__all__ = [
    "EPOCH_ACCESSIBILITY",
    "AccessLevel",
    "Commercial",
    "Confidence",
    "SourceKind",
    "Status",
]


_RANKS: dict[int, int] = {}  # id of a member -> its position


@total_ordering
class _Ordered(enum.Enum):
    """An enum whose members compare by their position in the class body."""

    @property
    def rank(self) -> int:
        """Position of the member, 0 for the first."""
        # Looked up by identity, not searched: comparisons of levels and confidences sit in
        # every query's inner loop (and an enum member hashes in Python, an int in C).
        rank = _RANKS.get(id(self))
        if rank is None:
            _RANKS.update({id(member): i for i, member in enumerate(type(self))})
            rank = _RANKS[id(self)]
        return rank

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Ordered)  # for mypy
        return self.rank < other.rank


class AccessLevel(_Ordered):
    """How openly a model is released, from least to most open.

    A release is *open* when its level is any ``open-*`` level. The level follows the weights
    license; usage policies, gating and regional exclusions are recorded beside it.
    """

    UNRELEASED = "unreleased"
    HOSTED = "hosted"
    API = "api"
    OPEN_WEIGHTS_NONCOMMERCIAL = "open-weights-noncommercial"
    OPEN_WEIGHTS_RESTRICTED = "open-weights-restricted"
    OPEN_WEIGHTS = "open-weights"
    OPEN_SOURCE = "open-source"

    @property
    def is_open(self) -> bool:
        """Whether weights are published at this level."""
        return self >= AccessLevel.OPEN_WEIGHTS_NONCOMMERCIAL


class Status(enum.Enum):
    """Where a release stands in its life."""

    RUMORED = "rumored"
    EXPECTED = "expected"
    ANNOUNCED = "announced"
    RELEASED = "released"
    CANCELLED = "cancelled"
    WITHDRAWN = "withdrawn"


class Confidence(_Ordered):
    """How sure a claim is, weakest first."""

    RUMORED = "rumored"
    REPORTED = "reported"
    CONFIRMED = "confirmed"


class Commercial(enum.Enum):
    """Whether a license allows commercial use."""

    YES = "yes"
    RESTRICTED = "restricted"
    NO = "no"


class SourceKind(enum.Enum):
    """What kind of document a source is; the first six are primary for vendor facts."""

    VENDOR = "vendor"
    MODEL_CARD = "model-card"
    LICENSE = "license"
    REPOSITORY = "repository"
    PAPER = "paper"
    SOCIAL = "social"
    PRESS = "press"
    DATABASE = "database"

    @property
    def is_primary(self) -> bool:
        """Whether the vendor itself published it (press and databases are secondary)."""
        return self not in (SourceKind.PRESS, SourceKind.DATABASE)


#: Epoch AI's "Model accessibility" values mapped onto the gradient.
EPOCH_ACCESSIBILITY: dict[str, tuple[AccessLevel, ...]] = {
    "Unreleased": (AccessLevel.UNRELEASED,),
    "Hosted access (no API)": (AccessLevel.HOSTED,),
    "API access": (AccessLevel.API,),
    "Open weights (non-commercial)": (AccessLevel.OPEN_WEIGHTS_NONCOMMERCIAL,),
    "Open weights (restricted use)": (AccessLevel.OPEN_WEIGHTS_RESTRICTED,),
    "Open weights (unrestricted)": (AccessLevel.OPEN_WEIGHTS, AccessLevel.OPEN_SOURCE),
}
