"""Shared fixtures: the small fictional dataset, a fixed 'today', and cache helpers."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest

import policytracker
from policytracker import _load
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


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty cache directory for the test."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("POLICYTRACKER_CACHE_DIR", str(directory))
    monkeypatch.delenv("POLICYTRACKER_NO_CACHE", raising=False)
    return directory


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the loader parsed from YAML (rather than read from the cache), in order."""
    seen: list[str] = []
    real = _load._parse_and_structure

    def counting(text: str, file: str, *args: object, **kwargs: object) -> object:
        seen.append(file)
        return real(text, file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_load, "_parse_and_structure", counting)
    return seen
