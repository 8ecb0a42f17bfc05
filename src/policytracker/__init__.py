"""policytracker: where AI vendors stand on releasing their models, as a dated series.

>>> import policytracker
>>> catalog = policytracker.load()              # the bundled data/models.yaml
>>> catalog.stance("meta").category             # doctest: +SKIP
<StanceCategory.MIXED: 'mixed'>
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from policytracker._limits import Limits
from policytracker._load import bundled_path, validate_text
from policytracker.access import AccessLevel, Commercial, Confidence, SourceKind, Status
from policytracker.catalog import Catalog, Change, TimelineEntry, UnknownIdError
from policytracker.claims import ReleaseState
from policytracker.dates import DateSpan, Precision
from policytracker.lineage import Lineage, LineageLink
from policytracker.model import (
    Claim,
    Dataset,
    Family,
    License,
    Licensing,
    LineageEdge,
    Relation,
    Release,
    Source,
    Statement,
    Vendor,
)
from policytracker.problems import DataError, Level, Problem
from policytracker.stance import Basis, Scope, Shift, Stance, StanceCategory
from policytracker.trend import Period, TrendRow

__all__ = [
    "AccessLevel",
    "Basis",
    "Catalog",
    "Change",
    "Claim",
    "Commercial",
    "Confidence",
    "DataError",
    "Dataset",
    "DateSpan",
    "Family",
    "Level",
    "License",
    "Licensing",
    "Limits",
    "Lineage",
    "LineageEdge",
    "LineageLink",
    "Period",
    "Precision",
    "Problem",
    "Relation",
    "Release",
    "ReleaseState",
    "Scope",
    "Shift",
    "Source",
    "SourceKind",
    "Stance",
    "StanceCategory",
    "Statement",
    "Status",
    "TimelineEntry",
    "TrendRow",
    "UnknownIdError",
    "Vendor",
    "__version__",
    "bundled_path",
    "load",
    "loads",
    "validate",
]

if TYPE_CHECKING:
    __version__: str


def __getattr__(name: str) -> object:
    # The version is read from the package metadata on first use: importing importlib.metadata
    # costs more than a cached query, so no command pays for it unless it prints the version.
    if name == "__version__":
        import importlib.metadata

        version = importlib.metadata.version("policytracker")
        globals()["__version__"] = version
        return version
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def load(path: str | os.PathLike[str] | None = None, *, today: dt.date | None = None) -> Catalog:
    """Load and validate a data file (default: the bundled dataset) into a :class:`Catalog`.

    Raises:
        DataError: the file is missing, unreadable or invalid; ``problems`` lists every problem
            with its file, line and column.
    """
    # Through the cache of validated datasets (see policytracker._cache): a file read before
    # costs a JSON read instead of a YAML parse. The GC is paused while the many small,
    # acyclic objects of a catalog are made.
    from policytracker import _cache
    from policytracker._gc import gc_paused

    with gc_paused():
        loaded = _cache.load(path, today)
        if loaded.releases is not None:
            return Catalog._lazy(
                loaded.dataset, loaded.releases, file=loaded.file, warnings=loaded.warnings
            )
        return Catalog(loaded.dataset, file=loaded.file, warnings=loaded.warnings())


def loads(text: str, *, file: str = "<string>", today: dt.date | None = None) -> Catalog:
    """Load and validate a data file's text into a :class:`Catalog` (see :func:`load`)."""
    from policytracker._load import load_text

    result = load_text(text, file, today=today)
    return Catalog(result.dataset, file=result.file, warnings=result.warnings)


def validate(
    path: str | os.PathLike[str] | None = None, *, today: dt.date | None = None
) -> tuple[Problem, ...]:
    """Every problem (errors and warnings) in a data file; an empty tuple means clean.

    File-level failures (missing, unreadable, not UTF-8) are returned as problems too.
    """
    from policytracker._load import read_text

    file = os.fspath(path) if path is not None else str(bundled_path())
    try:
        text = read_text(file)
    except DataError as exc:
        return exc.problems
    return validate_text(text, file, today=today)
