"""Where the bundled dataset and the cache live, and how large a data file may be.

Imports nothing of the library's, so the command line can find the file a query will read (and
start hashing it, see :mod:`policytracker._cache_key`) before the library's modules load.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["MAX_BYTES", "bundled_path", "cache_dir"]

#: The largest data file read by default (``Limits.max_bytes``).
MAX_BYTES = 256 * 1024 * 1024


def bundled_path() -> Path:
    """Where the dataset shipped inside the package lives."""
    # Beside this module, in the installed package (the wheel ships it there, and a source
    # checkout links it there); importlib.resources would find the same path, at the cost of
    # importing zipfile, tempfile and shutil on every query.
    return Path(__file__).parent / "data" / "models.yaml"


def cache_dir() -> Path | None:
    """The cache directory in force, or None when caching is off."""
    env = os.environ
    if env.get("POLICYTRACKER_NO_CACHE", "") not in ("", "0"):
        return None
    if env.get("POLICYTRACKER_CACHE_DIR"):
        return Path(env["POLICYTRACKER_CACHE_DIR"])
    if env.get("XDG_CACHE_HOME") and os.path.isabs(env["XDG_CACHE_HOME"]):  # noqa: PTH117
        return Path(env["XDG_CACHE_HOME"]) / "policytracker"
    if sys.platform == "win32":
        local = env.get("LOCALAPPDATA")
        return Path(local) / "policytracker" / "Cache" if local else None
    home = env.get("HOME")
    if not home:
        return None  # no home in the environment (a sandbox, a service): do not guess one
    if sys.platform == "darwin":
        return Path(home) / "Library" / "Caches" / "policytracker"
    return Path(home) / ".cache" / "policytracker"
