"""Shared fixtures: the small fictional dataset, and a fixed 'today'."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import policytracker
from policytracker.catalog import Catalog

DATA = Path(__file__).parent / "data"
SMALL = DATA / "valid" / "small.yaml"
TODAY = dt.date(2026, 11, 29)


@pytest.fixture(scope="session")
def small() -> Catalog:
    """The small fixture dataset, loaded."""
    return policytracker.load(SMALL, today=TODAY)


@pytest.fixture(scope="session")
def bundled() -> Catalog:
    """The bundled dataset, loaded."""
    return policytracker.load()
