"""The cache of validated datasets: used when it may be, ignored whenever it must be."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import policytracker
from policytracker import _cache, _load
from policytracker.problems import DataError, Problem
from tests.conftest import SMALL, TODAY

MINIMAL = """\
schema_version: 1
dataset: {version: '1'}
vendors:
  - id: acme
    name: Acme
    kind: company
    country: US
    sources:
      - {url: https://example.org/acme, kind: vendor, publisher: Acme, date: 2024-01-01}
releases:
  - id: acme-next
    name: Acme Next
    vendors: [acme]
    date: 2025-01
    status: expected
    access: api
    confidence: reported
    sources:
      - {url: https://example.org/next, kind: vendor, publisher: Acme, date: 2024-06-01}
"""


def _problems(catalog: policytracker.Catalog) -> list[Problem]:
    assert all(isinstance(p, Problem) for p in catalog.warnings)
    return [p for p in catalog.warnings if isinstance(p, Problem)]


def _entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.policytracker.json"))


def _copy(tmp_path: Path, name: str = "data.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(SMALL.read_bytes())
    return path


class TestHit:
    """A second load of the same bytes comes from the cache and equals a fresh read."""

    def test_second_load_skips_the_parse(
        self, tmp_path: Path, cache: Path, parses: list[str]
    ) -> None:
        path = _copy(tmp_path)
        first = policytracker.load(path, today=TODAY)
        second = policytracker.load(path, today=TODAY)
        assert parses == [str(path)]
        assert len(_entries(cache)) == 1
        assert second.dataset == first.dataset
        assert second.warnings == first.warnings
        assert second.file == str(path)

    def test_cached_equals_uncached(self, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        policytracker.load(SMALL, today=TODAY)
        cached = policytracker.load(SMALL, today=TODAY)
        fresh = _load.load_dataset(SMALL, today=TODAY)
        assert cached.dataset == fresh.dataset
        assert cached.warnings == fresh.warnings

    def test_same_bytes_under_another_name(
        self, tmp_path: Path, cache: Path, parses: list[str]
    ) -> None:
        a, b = _copy(tmp_path, "a.yaml"), _copy(tmp_path, "b.yaml")
        policytracker.load(a, today=TODAY)
        catalog = policytracker.load(b, today=TODAY)
        assert parses == [str(a)]
        assert catalog.file == str(b)
        assert all(p.file == str(b) for p in _problems(catalog))


class TestMiss:
    """Anything that could make the entry wrong makes it a miss."""

    def test_content_change(self, tmp_path: Path, cache: Path, parses: list[str]) -> None:
        path = _copy(tmp_path)
        policytracker.load(path, today=TODAY)
        path.write_text(
            path.read_text(encoding="utf-8").replace("Acme LM 3 8B", "Acme LM 3 9B"),
            encoding="utf-8",
        )
        catalog = policytracker.load(path, today=TODAY)
        assert parses == [str(path), str(path)]
        assert "Acme LM 3 9B" in {v.name for r in catalog.all_releases() for v in r.variants}

    def test_library_version_change(
        self, tmp_path: Path, cache: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = _copy(tmp_path)
        policytracker.load(path, today=TODAY)
        monkeypatch.setattr(_cache, "_version", lambda: "99.0.0")
        policytracker.load(path, today=TODAY)
        assert parses == [str(path), str(path)]

    def test_model_change(
        self, tmp_path: Path, cache: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = _copy(tmp_path)
        policytracker.load(path, today=TODAY)
        monkeypatch.setattr(_cache.codec(), "fingerprint", "0" * 16)
        policytracker.load(path, today=TODAY)
        assert parses == [str(path), str(path)]

    def test_warnings_that_depend_on_the_day(
        self, tmp_path: Path, cache: Path, parses: list[str]
    ) -> None:
        path = tmp_path / "minimal.yaml"
        path.write_text(MINIMAL, encoding="utf-8")
        early = policytracker.load(path, today=dt.date(2025, 3, 1))
        assert [p.rule for p in _problems(early)] == []
        # Still within the days on which every rule answers the same: a hit.
        policytracker.load(path, today=dt.date(2025, 4, 30))
        assert len(parses) == 1
        # Ninety days after the expected month ended, the release is overdue: a miss.
        late = policytracker.load(path, today=dt.date(2025, 6, 1))
        assert len(parses) == 2
        assert [p.rule for p in _problems(late)] == ["overdue"]
        # A day before the source was published, the file is invalid: never from the cache.
        with pytest.raises(DataError):
            policytracker.load(path, today=dt.date(2024, 5, 31))

    def test_invalid_file_is_never_cached(self, tmp_path: Path, cache: Path) -> None:
        path = tmp_path / "bad.yaml"
        path.write_text("schema_version: 1\n", encoding="utf-8")
        for _ in range(2):
            with pytest.raises(DataError):
                policytracker.load(path, today=TODAY)
        assert _entries(cache) == []


class TestDamage:
    """A damaged or unusable cache is ignored; the answer is the same."""

    @pytest.mark.parametrize(
        "damage",
        [
            lambda raw: b"",
            lambda raw: raw[: len(raw) // 2],
            lambda raw: b"not json\n" + raw.split(b"\n", 1)[1],
            lambda raw: raw.replace(b"Acme", b"Acne", 1),
            lambda raw: raw + b" ",
        ],
        ids=["empty", "truncated", "bad-header", "altered-body", "appended"],
    )
    def test_corrupt_entry_is_ignored(
        self, tmp_path: Path, cache: Path, parses: list[str], damage: object
    ) -> None:
        path = _copy(tmp_path)
        first = policytracker.load(path, today=TODAY)
        (entry,) = _entries(cache)
        entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
        again = policytracker.load(path, today=TODAY)
        assert parses == [str(path), str(path)]
        assert again.dataset == first.dataset
        # The damaged entry was replaced by a good one.
        policytracker.load(path, today=TODAY)
        assert len(parses) == 2

    def test_well_formed_but_wrong_body_is_ignored(
        self, tmp_path: Path, cache: Path, parses: list[str]
    ) -> None:
        # A body that passes the checksum but does not decode (say, written by a buggy tool).
        path = _copy(tmp_path)
        policytracker.load(path, today=TODAY)
        (entry,) = _entries(cache)
        head, _ = entry.read_bytes().split(b"\n", 1)
        body = b'[[], [1, ["x"]]]'
        header = json.loads(head)
        header["body"] = __import__("hashlib").sha256(body).hexdigest()
        entry.write_bytes(json.dumps(header).encode() + b"\n" + body)
        policytracker.load(path, today=TODAY)
        assert len(parses) == 2

    def test_unwritable_directory_is_ignored(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
    ) -> None:
        # A cache directory below a regular file cannot be created, even by root.
        blocker = tmp_path / "a-file"
        blocker.write_text("", encoding="utf-8")
        monkeypatch.setenv("POLICYTRACKER_CACHE_DIR", str(blocker / "cache"))
        catalog = policytracker.load(SMALL, today=TODAY)
        assert catalog.all_releases()
        policytracker.load(SMALL, today=TODAY)
        assert len(parses) == 2

    def test_deleting_the_cache_is_safe(
        self, tmp_path: Path, cache: Path, parses: list[str]
    ) -> None:
        path = _copy(tmp_path)
        policytracker.load(path, today=TODAY)
        for entry in _entries(cache):
            entry.unlink()
        cache.rmdir()
        assert policytracker.load(path, today=TODAY).all_releases()
        assert len(parses) == 2


class TestWhere:
    """Where the cache lives, and how to turn it off."""

    def test_disabled(
        self, tmp_path: Path, cache: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("POLICYTRACKER_NO_CACHE", "1")
        policytracker.load(SMALL, today=TODAY)
        policytracker.load(SMALL, today=TODAY)
        assert len(parses) == 2
        assert not cache.exists()

    def test_xdg_and_home(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.delenv("POLICYTRACKER_CACHE_DIR", raising=False)
        monkeypatch.delenv("POLICYTRACKER_NO_CACHE", raising=False)
        monkeypatch.setattr("sys.platform", "linux")
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        assert _cache.cache_dir() == tmp_path / "xdg" / "policytracker"
        monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        assert _cache.cache_dir() == tmp_path / "home" / ".cache" / "policytracker"
        monkeypatch.delenv("XDG_CACHE_HOME")
        monkeypatch.delenv("HOME")
        assert _cache.cache_dir() is None

    def test_keeps_the_most_recent_entries(
        self, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(_cache, "KEEP", 2)
        text = SMALL.read_text(encoding="utf-8")
        for i in range(4):
            path = tmp_path / f"v{i}.yaml"
            path.write_text(text + f"# edit {i}\n", encoding="utf-8")
            policytracker.load(path, today=TODAY)
        assert len(_entries(cache)) == 2


class TestDayProbe:
    """The stand-in for today answers like the day and records where the answers would change."""

    def test_comparisons_narrow_the_range(self) -> None:
        probe = _cache.DayProbe(dt.date(2025, 3, 1))
        assert probe > dt.date(2025, 1, 1)
        assert dt.date(2025, 5, 1) > probe  # reflected: probe < 2025-05-01
        assert not probe >= dt.date(2025, 6, 1)
        assert (probe.first, probe.last) == (dt.date(2025, 1, 2), dt.date(2025, 4, 30))

    def test_shifted_probe_narrows_the_same_range(self) -> None:
        probe = _cache.DayProbe(dt.date(2025, 3, 1))
        ninety = dt.timedelta(days=90)
        assert not dt.date(2025, 1, 31) < probe - ninety  # overdue once past 2025-05-01
        assert not dt.date.max < probe - ninety  # beyond the calendar: no bound
        assert (probe.first, probe.last) == (dt.date.min, dt.date(2025, 5, 1))

    def test_equality_pins_the_day(self) -> None:
        probe = _cache.DayProbe(dt.date(2025, 3, 1))
        assert probe == dt.date(2025, 3, 1)
        assert (probe.first, probe.last) == (dt.date(2025, 3, 1), dt.date(2025, 3, 1))

    def test_anything_but_comparison_refuses(self) -> None:
        probe = _cache.DayProbe(dt.date(2025, 3, 1))
        with pytest.raises(TypeError):
            f"{probe}"
        with pytest.raises(TypeError):
            _ = probe < "2025-01-01"


class TestCodec:
    """The codec round-trips the model and refuses what it did not write."""

    def test_round_trip(self, bundled: policytracker.Catalog) -> None:
        codec = _cache.codec()
        encoded = json.loads(json.dumps(codec.encode(bundled.dataset)))
        assert codec.decode(encoded) == bundled.dataset

    def test_wrong_shapes_raise(self, bundled: policytracker.Catalog) -> None:
        codec = _cache.codec()
        encoded = codec.encode(bundled.dataset)
        with pytest.raises((IndexError, TypeError)):
            codec.decode(encoded[:-1])
        bad = json.loads(json.dumps(encoded))
        bad[5][0][4] = "shipped"  # not a status
        with pytest.raises(KeyError):
            codec.decode(bad)
