"""The fast paths answer exactly as the careful ones they stand in for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import attrs
import pytest

import policytracker
from policytracker import _build, _load, _yaml, stance
from policytracker._limits import Limits
from policytracker.catalog import Catalog
from policytracker.model import Dataset, Release, Signal, Statement
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


def _reference_shifts(
    vendor: str,
    releases: Sequence[Release],
    statements: Sequence[Statement],
    horizon: dt.date,
    as_of: dt.date | None,
    pending: Sequence[Release],
) -> list[tuple[object, ...]]:
    """The shifts as first written: derive_stance at every event day (quadratic, but plain)."""
    out: list[tuple[object, ...]] = []
    last = None
    for event in stance._merge_same_day(stance._events(releases, horizon)):
        now = stance.derive_stance(vendor, releases, event.day, as_of)
        if now.category is stance.StanceCategory.INACTIVE:
            continue
        if last is not None and (change := stance._change(last, now)):
            out.append(("realized", event.date.label, *change, event.marked_by))
        last = now
    previous: tuple[str, str] | None = None
    for day, item in stance._signals(pending, statements, horizon):
        now = stance.derive_stance(vendor, releases, day, as_of)
        if now.category is stance.StanceCategory.INACTIVE:
            continue
        if isinstance(item, Release):
            state = policytracker.claims.resolve(item, day)
            hypothetical = attrs.evolve(
                state,
                status=policytracker.Status.RELEASED,
                date=policytracker.DateSpan.of_day(day),
            )
            then = stance.derive_stance(vendor, releases, day, as_of, extra=[hypothetical])
            change = stance._change(now, then)
        else:
            if item.signal is Signal.STEADY:
                continue
            target = now.category.openness + (1 if item.signal is Signal.OPENING else -1)
            if not 0 <= target <= 2:
                continue
            after = next(c for c in stance.StanceCategory if c.openness == target)
            change = (stance.Scope.STANCE, now.category.value, after.value)
            if change[1:] == previous:
                continue
            previous = change[1:]
        if change is not None:
            # Dated as the statement was made, or as the expected release was first reported.
            if isinstance(item, Release):
                when = item.reported.label if item.reported else day.isoformat()
            else:
                when = item.date.label
            out.append(("signalled", when, *change, (item.id,)))
    return out


class TestShiftSweep:
    """find_shifts' single sweep finds what deriving the stance at every event day finds."""

    @pytest.mark.parametrize(
        "as_of", [None, dt.date(2023, 1, 1), dt.date(2024, 6, 30), dt.date(2025, 12, 20)]
    )
    @pytest.mark.parametrize("which", ["bundled", "small"])
    def test_same_shifts(
        self, which: str, as_of: dt.date | None, bundled: Catalog, small: Catalog
    ) -> None:
        base = bundled if which == "bundled" else small
        catalog = base if as_of is None else base.as_of(as_of)
        for vid in sorted(catalog._vendors):
            args = (
                vid,
                catalog._by_vendor.get(vid, []),
                catalog._statements_by_vendor.get(vid, []),
                catalog.reference_date,
                catalog.as_of_date,
            )
            pending = catalog._all_by_vendor.get(vid, [])
            found = [
                (s.basis.value, s.date.label, s.scope, s.from_value, s.to_value, s.marked_by)
                for s in stance.find_shifts(*args, pending=pending)
            ]
            assert found == _reference_shifts(*args, pending)


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
