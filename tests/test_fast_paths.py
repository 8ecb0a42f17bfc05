"""The fast paths answer exactly as the careful ones they stand in for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import policytracker
from policytracker import _build, _load, _yaml, stance
from policytracker._limits import Limits
from policytracker.catalog import Catalog
from policytracker.model import Dataset
from tests import reference
from tests.conftest import DATA

FIXTURES = sorted((DATA / "valid").glob("*.yaml")) + sorted((DATA / "invalid").glob("*.yaml"))
BUNDLED = policytracker.bundled_path()


def _careful(text: str, file: str) -> tuple[object, list[policytracker.Problem]]:
    root, problems = _yaml.compose_yaml(text, file)
    if root is None:
        return None, problems
    parsed, problems = _yaml.walk_nodes(root, text, file)
    try:
        return _load._get_converter().structure(parsed.value, Dataset), problems
    except Exception:  # noqa: BLE001
        return None, problems or [policytracker.Problem(file, None, None, "", "x", "structure")]


class TestBuilder:
    """Typed values straight from nodes, or a give-up that leaves the reporting to the walker."""

    @pytest.mark.parametrize("path", [*FIXTURES, BUNDLED], ids=lambda p: p.stem)
    def test_fast_path_equals_careful_path(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8", errors="replace")
        root, _ = _yaml.compose_yaml(text, str(path))
        careful, problems = _careful(text, str(path))
        if root is None:
            return
        try:
            fast = _build.build_dataset(root, Limits(), track_aliases=_yaml.may_hold_anchors(text))
        except _build.GiveUp:
            return
        assert problems == []
        assert fast == careful

    @pytest.mark.parametrize(
        "path", sorted((DATA / "invalid").glob("*.yaml")), ids=lambda p: p.stem
    )
    def test_gives_up_on_every_invalid_fixture_before_rules(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8", errors="replace")
        root, _ = _yaml.compose_yaml(text, str(path))
        _, problems = _careful(text, str(path))
        if root is None or not problems:
            return  # a syntax error, or problems the rules find
        with pytest.raises(_build.GiveUp):
            _build.build_dataset(root, Limits(), track_aliases=_yaml.may_hold_anchors(text))

    def test_gives_up_when_the_depth_limit_is_below_the_model(self) -> None:
        text = BUNDLED.read_text(encoding="utf-8")
        root, _ = _yaml.compose_yaml(text, "x")
        assert root is not None
        with pytest.raises(_build.GiveUp):
            _build.build_dataset(
                root, Limits(max_depth=_build.model_depth() - 1), track_aliases=False
            )
        _build.build_dataset(root, Limits(max_depth=_build.model_depth()), track_aliases=False)

    def test_gives_up_on_an_alias(self) -> None:
        text = BUNDLED.read_text(encoding="utf-8").replace(
            "schema_version: 1", "schema_version: &v 1\nx: *v", 1
        )
        root, _ = _yaml.compose_yaml(text, "x")
        assert root is not None
        with pytest.raises(_build.GiveUp):
            _build.build_dataset(root, Limits(), track_aliases=_yaml.may_hold_anchors(text))


class TestAnchorScan:
    """Only text where libyaml could read an anchor pays for alias tracking."""

    @pytest.mark.parametrize(
        "text",
        ["a: &x 1", "&x\na: 1", "[&a x]", '{"a":&x 1}', "k:\t&a v", "a: 1\n&b 2", "x\u2028&a"],
    )
    def test_anchors(self, text: str) -> None:
        assert _yaml.may_hold_anchors(text)

    @pytest.mark.parametrize(
        "text", ["url: https://a.example/?b=1&c=2", "t: R&D", "t: eos & update", "a: b"]
    )
    def test_no_anchor(self, text: str) -> None:
        assert not _yaml.may_hold_anchors(text)


class TestShiftSweep:
    """The shifts found from the release table are those found by deriving the stance afresh
    at every event day (``tests/reference.py``), down to their sources and wording."""

    @pytest.mark.parametrize(
        "as_of", [None, dt.date(2023, 1, 1), dt.date(2024, 6, 30), dt.date(2025, 12, 20)]
    )
    @pytest.mark.parametrize("which", ["bundled", "small"])
    def test_same_shifts(
        self, which: str, as_of: dt.date | None, bundled: Catalog, small: Catalog
    ) -> None:
        base = bundled if which == "bundled" else small
        catalog = base if as_of is None else base.as_of(as_of)
        expected = reference.catalog_shifts(catalog)
        assert list(catalog.shifts()) == expected
        if which == "bundled" or as_of is None:
            assert expected  # the comparison is not empty

    @pytest.mark.parametrize("which", ["bundled", "small"])
    def test_find_shifts_on_its_own(self, which: str, bundled: Catalog, small: Catalog) -> None:
        catalog = bundled if which == "bundled" else small
        for vendor in sorted(v.id for v in catalog.vendors):
            counted, every = reference.vendor_releases(catalog, vendor)
            statements = [s for s in catalog.statements if s.vendor == vendor]
            args = (vendor, counted, statements, catalog.reference_date, None)
            found = stance.find_shifts(*args, pending=every)
            assert found == reference.shifts(*args, every)


class TestStanceFromTable:
    """The catalog's stance (from the release table) is derive_stance's, reasons and all."""

    @pytest.mark.parametrize("which", ["bundled", "small"])
    def test_every_vendor_every_quarter(self, which: str, bundled: Catalog, small: Catalog) -> None:
        catalog = bundled if which == "bundled" else small
        days = [dt.date(year, month, 15) for year in range(2018, 2028) for month in (1, 4, 7, 10)]
        categories = set()
        for vendor in sorted(v.id for v in catalog.vendors):
            counted, _ = reference.vendor_releases(catalog, vendor)
            for day in days:
                expected = stance.derive_stance(vendor, counted, day, catalog.as_of_date)
                assert catalog.stance(vendor, day) == expected
                categories.add(expected.category)
        assert categories == set(stance.StanceCategory)  # every kind of answer is compared


class TestResolveWithoutHistory:
    """A release without history resolves to its own fields, deciding claim made on demand."""

    def test_same_state_as_from_the_claim(self, bundled: Catalog) -> None:
        from policytracker.claims import resolve
        from policytracker.model import CLAIM_FIELDS

        plain = [r for r in bundled.all_releases() if not r.history]
        assert len(plain) > 100
        for release in plain:
            state = resolve(release, dt.date(2026, 6, 30))
            base = release.base_claim()
            assert [getattr(state, f) for f in CLAIM_FIELDS] == [
                getattr(base, f) for f in CLAIM_FIELDS
            ]
            assert state.confidence is base.confidence
            assert dict(state.deciding) == dict.fromkeys(CLAIM_FIELDS, base)
        with pytest.raises(KeyError):
            resolve(plain[0], dt.date(2026, 6, 30)).deciding["note"]
