"""policytracker: where AI vendors stand on releasing their models, as a dated series.

>>> import policytracker
>>> catalog = policytracker.load()              # the bundled data/models.yaml
>>> catalog.stance("meta").category             # doctest: +SKIP
<StanceCategory.MIXED: 'mixed'>
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os

from policytracker._load import bundled_path, load_dataset, validate_text
from policytracker._yaml import Limits
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

__version__ = importlib.metadata.version("policytracker")


def load(path: str | os.PathLike[str] | None = None, *, today: dt.date | None = None) -> Catalog:
    """Load and validate a data file (default: the bundled dataset) into a :class:`Catalog`.

    Raises:
        DataError: the file is missing, unreadable or invalid; ``problems`` lists every problem
            with its file, line and column.
    """
    result = load_dataset(path, today=today)
    return Catalog(result.dataset, file=result.file, warnings=result.warnings)


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
