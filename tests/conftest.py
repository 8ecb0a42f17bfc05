"""Shared fixtures: the small fictional dataset, and a fixed 'today'."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest

import policytracker
from policytracker.catalog import Catalog

DATA = Path(__file__).parent / "data"
SMALL = DATA / "valid" / "small.yaml"
TODAY = dt.date(2026, 11, 29)

# Tests never write to the user's cache directory: loads go through a cache in a temporary
# directory (set before any test imports or loads anything, and inherited by the subprocesses
# the tests start), which also puts the cache under every test that loads a file twice.
CACHE_DIR = Path(tempfile.mkdtemp(prefix="policytracker-tests-cache-"))
os.environ["POLICYTRACKER_CACHE_DIR"] = str(CACHE_DIR)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remove the tests' cache directory."""
    shutil.rmtree(CACHE_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def small() -> Catalog:
    """The small fixture dataset, loaded."""
    return policytracker.load(SMALL, today=TODAY)


@pytest.fixture(scope="session")
def bundled() -> Catalog:
    """The bundled dataset, loaded."""
    return policytracker.load()
