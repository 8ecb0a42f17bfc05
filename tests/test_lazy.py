"""Catalogs from the cache decode releases lazily, and answer exactly as eager ones do."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policytracker
from policytracker import _cache, _load
from policytracker._releases import LazyReleases, Releases
from policytracker.catalog import Catalog
from policytracker.problems import DataError
from policytracker.trend import Period
from tests.conftest import DATA, SMALL, TODAY
from tests.test_cache import MINIMAL

BUNDLED = DATA.parent.parent / "data" / "models.yaml"


def _pair(path: Path) -> tuple[Catalog, Catalog]:
    """The same file, read afresh (eager) and from the cache (lazy)."""
    eager = policytracker.load(path, today=TODAY)
    lazy = policytracker.load(path, today=TODAY)
    assert isinstance(eager._store, Releases)
    assert isinstance(lazy._store, LazyReleases)
    return eager, lazy


def _built(catalog: Catalog) -> set[str]:
    store = catalog._store
    assert isinstance(store, LazyReleases)
    return {r.id for r in store._built if r is not None}


QUERIES: dict[str, Callable[[Catalog, str], object]] = {
    "stance": lambda c, v: c.stance(v),
    "stance-2024": lambda c, v: c.stance(v, dt.date(2024, 6, 30)),
    "shifts": lambda c, v: c.shifts(vendor=v),
    "timeline": lambda c, v: c.timeline(v),
    "releases": lambda c, v: c.releases(vendor=v),
    "releases-window": lambda c, v: c.releases(
        vendor=v, since=dt.date(2023, 1, 1), until=dt.date(2025, 6, 30)
    ),
    "open": lambda c, v: c.releases(vendor=[v], open=True),
    "vendor-name": lambda c, v: c.vendor_name(v, dt.date(2020, 1, 1)),
    "all-shifts": lambda c, _v: c.shifts(),
    "trend": lambda c, _v: c.trend(Period.QUARTER, "country"),
    "trend-window": lambda c, _v: c.trend(
        Period.YEAR, "vendor", since=dt.date(2023, 3, 1), until=dt.date(2025, 6, 30)
    ),
    "trend-as-of": lambda c, _v: c.as_of(dt.date(2025, 3, 1)).trend(Period.QUARTER),
    "releases-all": lambda c, _v: c.releases(open=False),
    "overdue": lambda c, _v: c.overdue(),
    "changes": lambda c, _v: c.changes(dt.date(2025, 1, 1)),
    "licenses": lambda c, _v: [c.release_count(lic.id) for lic in c.licenses],
    "lineage": lambda c, _v: [c.lineage(r.id) for r in c.all_releases()[:40]],
    "as-of": lambda c, v: c.as_of(dt.date(2025, 12, 20)).stance(v),
    "dataset": lambda c, _v: c.dataset,
}


class TestSameAnswers:
    """Every query gives the same answer from a lazy catalog as from an eager one."""

    @pytest.mark.parametrize("path", [SMALL, BUNDLED], ids=["small", "bundled"])
    def test_every_query(self, path: Path, cache: Path) -> None:
        eager, lazy = _pair(path)
        assert lazy.latest_report == eager.latest_report
        assert lazy.merged_into == eager.merged_into
        assert lazy.warnings == eager.warnings
        for vendor in eager.vendors:
            for name, query in QUERIES.items():
                if name.startswith(("all", "trend", "releases-all", "overdue", "changes")):
                    continue
                assert query(lazy, vendor.id) == query(eager, vendor.id), (name, vendor.id)
        for name, query in QUERIES.items():
            assert query(lazy, "meta" if path == BUNDLED else "acme") == query(
                eager, "meta" if path == BUNDLED else "acme"
            ), name
        assert lazy.all_releases() == eager.all_releases()
        assert lazy.dataset == eager.dataset

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        steps=st.lists(
            st.tuples(st.sampled_from(sorted(QUERIES)), st.integers(min_value=0)), max_size=6
        )
    )
    def test_any_order_of_queries(
        self, steps: list[tuple[str, int]], cache: Path, bundled_eager: Catalog
    ) -> None:
        # What a lazy catalog has decoded so far must never change an answer.
        lazy = policytracker.load(BUNDLED, today=TODAY)
        if not isinstance(lazy._store, LazyReleases):  # the first example fills the cache
            lazy = policytracker.load(BUNDLED, today=TODAY)
        assert isinstance(lazy._store, LazyReleases)
        vendors = [v.id for v in bundled_eager.vendors]
        for name, pick in steps:
            vendor = vendors[pick % len(vendors)]
            expected = QUERIES[name](bundled_eager, vendor)
            assert QUERIES[name](lazy, vendor) == expected, (name, vendor)


@pytest.fixture(scope="module")
def bundled_eager() -> Catalog:
    """The bundled data, read afresh (never through the cache)."""
    return Catalog(_load.load_dataset(BUNDLED, today=TODAY).dataset)


class TestLaziness:
    """A query about one vendor decodes that vendor's releases and no others."""

    def test_loading_decodes_nothing(self, cache: Path) -> None:
        _, lazy = _pair(BUNDLED)
        assert _built(lazy) == set()

    def test_one_vendor(self, cache: Path) -> None:
        eager, lazy = _pair(BUNDLED)
        lazy.stance("meta")
        lazy.shifts(vendor="meta")
        lazy.timeline("meta")
        lazy.releases(vendor="meta", open=True)
        meta = {r.id for r in eager.all_releases() if "meta" in r.vendors}
        assert _built(lazy) == meta
        assert 0 < len(meta) < len(eager.all_releases())

    def test_one_release(self, cache: Path) -> None:
        eager, lazy = _pair(BUNDLED)
        first, second = (r.id for r in eager.all_releases()[10:12])
        assert lazy.release(first) == eager.release(first)
        assert lazy.kind_of(second) == "release"
        assert _built(lazy) == {first}

    def test_a_vendor_with_every_release(
        self, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Every release asked for at once, in date order rather than file order.
        path = tmp_path / "one.yaml"
        path.write_text(_one_vendor_reversed(), encoding="utf-8")
        eager, lazy = _pair(path)
        monkeypatch.setattr(_load, "_parse_and_structure", _no_parse)
        assert lazy.stance("acme") == eager.stance("acme")
        assert lazy.timeline("acme") == eager.timeline("acme")

    def test_lineage_decodes_the_walk(self, cache: Path) -> None:
        eager, lazy = _pair(BUNDLED)
        found = lazy.lineage("llama")
        assert found == eager.lineage("llama")
        walked = {x.id for x in (*found.ancestors, *found.descendants)}
        assert len(walked) > 5
        assert _built(lazy) <= walked

    def test_counts_decode_nothing(self, cache: Path) -> None:
        # Trends read what the entry stores for them; license counts read its release table.
        eager, lazy = _pair(BUNDLED)
        store = lazy._store
        assert isinstance(store, LazyReleases)
        for by in Period:
            assert lazy.trend(by, "country") == eager.trend(by, "country")
            since = dt.date(2024, 2, 10)
            assert lazy.trend(by, since=since) == eager.trend(by, since=since)
        assert store._table is None
        assert [lazy.release_count(x.id) for x in lazy.licenses] == [
            eager.release_count(x.id) for x in eager.licenses
        ]
        assert _built(lazy) == set()

    def test_whole_dataset_queries_decode_what_they_return(self, cache: Path) -> None:
        eager, lazy = _pair(BUNDLED)
        found = lazy.releases(open=True, since=dt.date(2025, 1, 1))
        assert _built(lazy) == {s.id for s in found}
        assert len(_built(lazy)) < len(eager.all_releases()) / 2
        # Every vendor's shifts are stored in the entry: nothing more is decoded.
        assert lazy.shifts() == eager.shifts()
        assert _built(lazy) == {s.id for s in found}
        # So are one vendor's.
        assert lazy.shifts(vendor="meta") == eager.shifts(vendor="meta")
        assert _built(lazy) == {s.id for s in found}

    def test_shifts_found_afresh_decode_what_marks_them(
        self, cache: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        eager, _ = _pair(BUNDLED)
        monkeypatch.setattr(_cache, "_shift_signature", lambda: "changed")  # stored ones unused
        lazy = policytracker.load(BUNDLED, today=TODAY)
        meta = lazy.shifts(vendor="meta")
        assert meta == eager.shifts(vendor="meta")
        marking = {x for s in meta for x in s.marked_by} - {s.id for s in lazy.statements}
        assert marking
        assert _built(lazy) == marking


def _no_parse(*_args: object, **_kwargs: object) -> object:
    msg = "the file was parsed again: the cache entry was not used"
    raise AssertionError(msg)


def _one_vendor_reversed() -> str:
    """A file with one vendor whose releases are listed newest first."""
    releases = "".join(
        f"""  - id: acme-{year}
    name: Acme {year}
    vendors: [acme]
    date: {year}-03-01
    status: released
    access: api
    flagship: true
    confidence: confirmed
    sources:
      - {{url: https://example.org/{year}, kind: vendor, publisher: Acme, date: {year}-03-01}}
"""
        for year in range(2025, 2019, -1)
    )
    vendor_part = MINIMAL.split("releases:\n")[0]  # the same vendor as the cache's tests
    return f"{vendor_part}releases:\n{releases}"


def _entry(directory: Path) -> Path:
    (entry,) = directory.glob("*.policytracker.json")
    return entry


def _damage_release_line(entry: Path, release_id: str) -> None:
    """Change one release's line without touching the header or the meta line."""
    head, meta, rest = entry.read_bytes().split(b"\n", 2)
    needle = json.dumps(release_id).encode()
    at = rest.index(needle)
    rest = rest[:at] + rest[at:].replace(b'"', b"'", 1)  # still one line, no longer JSON
    entry.write_bytes(head + b"\n" + meta + b"\n" + rest)


def _damage_derived_line(entry: Path, name: str, old: bytes, new: bytes) -> None:
    """Replace ``old`` with ``new`` in one of the lines that follow the release lines."""
    data = entry.read_bytes()
    starts = [len(data)]
    for _ in _cache._DERIVED:
        starts.insert(0, data.rindex(b"\n", 0, starts[0] - 1) + 1)
    k = _cache._DERIVED.index(name)
    line = data[starts[k] : starts[k + 1]]
    assert old in line
    entry.write_bytes(data[: starts[k]] + line.replace(old, new, 1) + data[starts[k + 1] :])


class TestDamageWhileQuerying:
    """Trouble with an entry after it was opened: the file is read afresh, the answer is right."""

    def test_damaged_release_line(self, tmp_path: Path, cache: Path, parses: list[str]) -> None:
        path = tmp_path / "data.yaml"
        path.write_bytes(SMALL.read_bytes())
        eager, lazy = _pair(path)
        victim = eager.releases(vendor="acme")[0].id
        _damage_release_line(_entry(cache), victim)
        assert lazy.stance("acme") == eager.stance("acme")
        assert lazy.dataset == eager.dataset
        assert parses == [str(path), str(path)]  # read afresh once, and the entry rewritten
        again = policytracker.load(path, today=TODAY)
        assert again.stance("acme") == eager.stance("acme")
        assert parses == [str(path), str(path)]

    def test_damaged_table(self, tmp_path: Path, cache: Path, parses: list[str]) -> None:
        # The table is checked against its digest; a damaged one is rebuilt from the releases.
        eager, lazy = _pair(SMALL)
        _damage_derived_line(_entry(cache), "table", b'"start":[7', b'"start":[6')
        assert [lazy.release_count(x.id) for x in lazy.licenses] == [
            eager.release_count(x.id) for x in eager.licenses
        ]
        assert lazy.releases(open=True) == eager.releases(open=True)
        assert lazy.shifts() == eager.shifts()
        assert parses == [str(SMALL)]  # the releases lines were sound: no second parse

    def test_damaged_stored_shifts(self, cache: Path, parses: list[str]) -> None:
        eager, lazy = _pair(SMALL)
        _damage_derived_line(_entry(cache), "shifts", b"acme", b"acmf")
        assert lazy.shifts() == eager.shifts()
        assert parses == [str(SMALL)]

    @pytest.mark.parametrize("by", list(Period))
    def test_damaged_stored_trend(self, cache: Path, parses: list[str], by: Period) -> None:
        eager, lazy = _pair(SMALL)
        _damage_derived_line(_entry(cache), f"trend-{by.value}", b"acme", b"acmf")
        store = lazy._store
        assert isinstance(store, LazyReleases)
        assert store.stored_trend(by) is None
        assert lazy.trend(by, "vendor") == eager.trend(by, "vendor")
        other = next(p for p in Period if p is not by)
        assert store.stored_trend(other) is not None  # the other line is still used
        assert lazy.trend(other, "vendor") == eager.trend(other, "vendor")
        assert parses == [str(SMALL)]

    def test_damaged_revisions(self, cache: Path, parses: list[str]) -> None:
        # The revisions are worked out from the releases instead; the views answer the same.
        eager, lazy = _pair(SMALL)
        _damage_derived_line(_entry(cache), "revisions", b"[", b"{")
        day = dt.date(2025, 6, 30)
        assert lazy.as_of(day).shifts() == eager.as_of(day).shifts()
        assert lazy.as_of(day).releases() == eager.as_of(day).releases()
        assert parses == [str(SMALL)]

    def test_table_extras_are_read_when_asked(self, cache: Path, parses: list[str]) -> None:
        # Variants, lineage parents and families have their own line, which lineage and
        # license queries read; damaged, they are worked out from the releases.
        eager, _ = _pair(BUNDLED)
        _damage_derived_line(_entry(cache), "table-extras", b"llama", b"llamb")
        lazy = policytracker.load(BUNDLED, today=TODAY)
        assert lazy.shifts() == eager.shifts()
        assert lazy.trend(Period.YEAR, "country") == eager.trend(Period.YEAR, "country")
        store = lazy._store
        assert isinstance(store, LazyReleases)
        assert store.table()._extras is None  # not read by those queries
        assert lazy.lineage("llama") == eager.lineage("llama")
        assert [lazy.release_count(x.id) for x in lazy.licenses] == [
            eager.release_count(x.id) for x in eager.licenses
        ]
        day = dt.date(2025, 6, 30)
        assert lazy.as_of(day).lineage("llama") == eager.as_of(day).lineage("llama")
        assert parses == [str(BUNDLED)]  # the releases' lines were sound: no second parse

    def test_damaged_epochs(self, cache: Path, parses: list[str]) -> None:
        # The revised releases' rows are read from their own line; damaged, they are worked
        # out from the releases, and the views answer the same.
        eager, lazy = _pair(SMALL)
        _damage_derived_line(_entry(cache), "epochs", b"[[", b"[{")
        store = lazy._store
        assert isinstance(store, LazyReleases)
        assert store._read_revisions() is None
        for day in (dt.date(2024, 1, 1), dt.date(2025, 6, 30)):
            assert lazy.as_of(day).shifts() == eager.as_of(day).shifts()
            assert lazy.as_of(day).releases() == eager.as_of(day).releases()
        assert parses == [str(SMALL)]

    def test_warnings_are_read_when_asked(self, cache: Path, parses: list[str]) -> None:
        eager, _ = _pair(SMALL)
        assert eager.warnings
        _damage_derived_line(_entry(cache), "warnings", b"[[", b"[{")
        lazy = policytracker.load(SMALL, today=TODAY)
        assert lazy.shifts() == eager.shifts()
        assert parses == [str(SMALL)]  # a query does not read them
        # Damaged, they are found again by validating the file (and the entry rewritten).
        assert lazy.warnings == eager.warnings
        assert parses == [str(SMALL), str(SMALL)]
        assert policytracker.load(SMALL, today=TODAY).warnings == eager.warnings
        assert parses == [str(SMALL), str(SMALL)]

    def test_stored_shifts_of_other_classes_are_not_used(
        self, cache: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Shifts are not part of the model the entry's key signs: their own signature is checked.
        eager, _ = _pair(SMALL)
        monkeypatch.setattr(_cache, "_shift_signature", lambda: "changed")
        lazy = policytracker.load(SMALL, today=TODAY)
        assert isinstance(lazy._store, LazyReleases)
        assert lazy._store.stored_shifts() is None
        assert lazy.shifts() == eager.shifts()

    def test_entry_deleted_meanwhile(self, cache: Path, tmp_path: Path) -> None:
        eager, lazy = _pair(SMALL)
        _entry(cache).unlink()  # another process pruned it
        assert lazy.shifts() == eager.shifts()

    def test_data_file_changed_meanwhile(self, tmp_path: Path, cache: Path) -> None:
        path = tmp_path / "data.yaml"
        path.write_bytes(SMALL.read_bytes())
        _, lazy = _pair(path)
        _entry(cache).unlink()
        path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        with pytest.raises(DataError) as info:
            lazy.shifts()
        assert "changed while it was read" in str(info.value.problems[0])


class TestCommittedCodec:
    """The codec module in the package is the one the model generates, and is the one used."""

    def test_current(self) -> None:
        from policytracker import _codec_generated

        committed = Path(_codec_generated.__file__).read_text(encoding="utf-8")
        assert committed == _cache.CodecSource().text, "run python scripts/gen_docs.py"

    def test_used_when_the_model_matches(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from policytracker import _codec_generated

        monkeypatch.setattr(_cache, "_codec", None)
        assert _cache.codec()._ns is vars(_codec_generated)

    def test_generated_afresh_when_the_model_changed(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from policytracker import _codec_generated

        monkeypatch.setattr(_cache, "_codec", None)
        monkeypatch.setattr(_codec_generated, "SIGNATURE", "0" * 16)
        fresh = _cache.codec()
        assert fresh._ns is not vars(_codec_generated)
        assert fresh.fingerprint == _codec_generated.FINGERPRINT

    def test_signature_ignores_resolved_types(self) -> None:
        # cattrs resolves string annotations in place (attrs.resolve_types): the committed
        # codec must still match afterwards.
        import attrs

        from policytracker import _codec_generated

        for cls in _codec_generated.CLASSES:
            attrs.resolve_types(cls)
        signature = _cache.model_signature(_codec_generated.CLASSES, _codec_generated.ENUMS)
        assert signature == _codec_generated.SIGNATURE

    def test_signature_sees_a_field_change(self) -> None:
        from policytracker import _codec_generated
        from policytracker.model import Source

        classes = list(_codec_generated.CLASSES)
        before = _cache.model_signature(classes, _codec_generated.ENUMS)
        import attrs

        @attrs.frozen
        class Source2:  # the same name and fields as Source, plus one
            url: str
            extra: int = 0

        Source2.__qualname__ = Source.__qualname__
        Source2.__module__ = Source.__module__
        classes[classes.index(Source)] = Source2
        assert _cache.model_signature(classes, _codec_generated.ENUMS) != before
