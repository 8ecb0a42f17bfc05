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

#: Where each public name is defined. They are imported on first use (PEP 562): the command
#: line starts hashing the data file before the library's modules load (see
#: ``policytracker._cache_key.hash_ahead``), and a program pays for what it touches.
_HOME = {
    "AccessLevel": "policytracker.access",
    "Basis": "policytracker.stance",
    "Catalog": "policytracker.catalog",
    "Change": "policytracker.catalog",
    "Claim": "policytracker.model",
    "Commercial": "policytracker.access",
    "Confidence": "policytracker.access",
    "DataError": "policytracker.problems",
    "Dataset": "policytracker.model",
    "DateSpan": "policytracker.dates",
    "Family": "policytracker.model",
    "Level": "policytracker.problems",
    "License": "policytracker.model",
    "Licensing": "policytracker.model",
    "Limits": "policytracker._limits",
    "Lineage": "policytracker.lineage",
    "LineageEdge": "policytracker.model",
    "LineageLink": "policytracker.lineage",
    "Period": "policytracker.trend",
    "Precision": "policytracker.dates",
    "Problem": "policytracker.problems",
    "Relation": "policytracker.model",
    "Release": "policytracker.model",
    "ReleaseState": "policytracker.claims",
    "Scope": "policytracker.stance",
    "Shift": "policytracker.stance",
    "Source": "policytracker.model",
    "SourceKind": "policytracker.access",
    "Stance": "policytracker.stance",
    "StanceCategory": "policytracker.stance",
    "Statement": "policytracker.model",
    "Status": "policytracker.access",
    "TimelineEntry": "policytracker.catalog",
    "TrendRow": "policytracker.trend",
    "UnknownIdError": "policytracker.catalog",
    "Vendor": "policytracker.model",
    "bundled_path": "policytracker._places",
}

if TYPE_CHECKING:
    __version__: str
    from policytracker._limits import Limits
    from policytracker._places import bundled_path
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


def __getattr__(name: str) -> object:
    # The version is read from the package metadata on first use: importing importlib.metadata
    # costs more than a cached query, so no command pays for it unless it prints the version.
    if name == "__version__":
        import importlib.metadata

        version = importlib.metadata.version("policytracker")
        globals()["__version__"] = version
        return version
    home = _HOME.get(name)
    if home is not None:
        import importlib

        value = getattr(importlib.import_module(home), name)
        globals()[name] = value
        return value
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
    from policytracker.catalog import Catalog

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
    from policytracker.catalog import Catalog

    result = load_text(text, file, today=today)
    return Catalog(result.dataset, file=result.file, warnings=result.warnings)


def validate(
    path: str | os.PathLike[str] | None = None, *, today: dt.date | None = None
) -> tuple[Problem, ...]:
    """Every problem (errors and warnings) in a data file; an empty tuple means clean.

    File-level failures (missing, unreadable, not UTF-8) are returned as problems too.
    """
    from policytracker._load import read_text, validate_text
    from policytracker._places import bundled_path
    from policytracker.problems import DataError

    file = os.fspath(path) if path is not None else str(bundled_path())
    try:
        text = read_text(file)
    except DataError as exc:
        return exc.problems
    return validate_text(text, file, today=today)
