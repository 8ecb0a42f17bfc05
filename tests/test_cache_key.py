"""A data file hashed ahead of its load: the same key, and never one of older bytes."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from policytracker import _cache_key
from policytracker._cache_key import file_sha256, forget_ahead, hash_ahead


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _finish(file: str) -> None:
    """Wait until the hash started for ``file`` is done, as a slow caller would."""
    _cache_key._ahead[file].join()


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "data.yaml"
    # Several chunks and a partial one: every byte must count, in order.
    path.write_bytes(os.urandom(2 * _cache_key._CHUNK + 12345))
    return path


class TestTheKey:
    def test_is_the_sha256_of_the_bytes_ahead_or_not(self, data_file: Path) -> None:
        expected = _sha256(data_file.read_bytes())
        hash_ahead(str(data_file))
        assert file_sha256(str(data_file)) == expected
        assert file_sha256(str(data_file)) == expected

    def test_of_an_empty_file(self, tmp_path: Path) -> None:
        path = tmp_path / "empty.yaml"
        path.write_bytes(b"")
        hash_ahead(str(path))
        assert file_sha256(str(path)) == _sha256(b"")

    @pytest.mark.parametrize("ahead", [False, True])
    def test_none_for_what_is_not_a_regular_file(self, tmp_path: Path, ahead: bool) -> None:
        # The caller then reads the path as a miss does, and that read says what is wrong.
        for path in (tmp_path, tmp_path / "missing.yaml"):
            if ahead:
                hash_ahead(str(path))
            assert file_sha256(str(path)) is None

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
    def test_a_pipe_is_not_consumed(self, tmp_path: Path) -> None:
        pipe = tmp_path / "pipe.yaml"
        os.mkfifo(pipe)
        writer = os.open(pipe, os.O_RDWR | os.O_NONBLOCK)  # so opening it to read does not block
        try:
            os.write(writer, b"releases: []\n")
            hash_ahead(str(pipe))
            assert file_sha256(str(pipe)) is None
            assert os.read(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK), 100) == b"releases: []\n"
        finally:
            os.close(writer)

    def test_a_failed_thread_leaves_the_hash_to_the_caller(
        self, data_file: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        real = _cache_key._sha256
        calls: list[str] = []

        def failing_first(file: str) -> str | None:
            calls.append(file)
            if len(calls) == 1:
                raise MemoryError
            return real(file)

        monkeypatch.setattr(_cache_key, "_sha256", failing_first)
        hash_ahead(str(data_file))
        assert file_sha256(str(data_file)) == _sha256(data_file.read_bytes())
        assert len(calls) == 2


class TestNeverOlderBytes:
    """A hash started ahead is of the bytes the file holds while the caller works."""

    def test_a_hash_serves_one_call(self, data_file: Path) -> None:
        hash_ahead(str(data_file))
        file_sha256(str(data_file))
        data_file.write_bytes(b"changed")
        assert file_sha256(str(data_file)) == _sha256(b"changed")

    def test_a_hash_not_taken_is_replaced_by_a_later_one(self, data_file: Path) -> None:
        hash_ahead(str(data_file))
        _finish(str(data_file))
        data_file.write_bytes(b"changed")
        hash_ahead(str(data_file))
        assert file_sha256(str(data_file)) == _sha256(b"changed")

    def test_forgotten_hashes_are_not_taken(self, data_file: Path) -> None:
        hash_ahead(str(data_file))
        _finish(str(data_file))
        data_file.write_bytes(b"changed")
        forget_ahead()
        assert file_sha256(str(data_file)) == _sha256(b"changed")

    def test_each_file_has_its_own(self, data_file: Path, tmp_path: Path) -> None:
        other = tmp_path / "other.yaml"
        other.write_bytes(b"other")
        hash_ahead(str(data_file))
        hash_ahead(str(other))
        assert file_sha256(str(other)) == _sha256(b"other")
        assert file_sha256(str(data_file)) == _sha256(data_file.read_bytes())
