"""The key a data file's cache entry is found by: the SHA-256 of its bytes.

Kept apart from :mod:`policytracker._cache`, and light to import, so that the command line can
start hashing the data file on a second thread as soon as it knows which file a query reads,
while the modules the query needs are still being imported (:func:`hash_ahead`). Reading and
hashing release the GIL, so on a machine with two cores the hash costs a query almost nothing.
The key is still the hash of the file's bytes, taken while the command runs: nothing about the
file is trusted without reading all of it.
"""

from __future__ import annotations

import hashlib
import os
import stat
import threading
from pathlib import Path

from policytracker._places import MAX_BYTES

__all__ = ["file_sha256", "forget_ahead", "hash_ahead"]


class _Hashing(threading.Thread):
    """Hashes one file on its own thread; ``digest`` once joined."""

    def __init__(self, file: str) -> None:
        super().__init__(name="policytracker-hash", daemon=True)
        self.file = file
        self.digest: str | None = None
        self.failed = False

    def run(self) -> None:
        try:
            self.digest = _sha256(self.file)
        except Exception:  # noqa: BLE001 (the caller hashes the file itself, and sees why)
            self.failed = True


#: Hashes started by :func:`hash_ahead`, by file, until :func:`file_sha256` takes them.
_ahead: dict[str, _Hashing] = {}
_lock = threading.Lock()


def hash_ahead(file: str) -> None:
    """Start hashing ``file`` on another thread, for the next :func:`file_sha256` of it to take.

    For a program that knows which file it will load before it is ready to load it. A hash
    serves one :func:`file_sha256` call; a later call hashes the file again. A hash started
    earlier and not taken is replaced, and :func:`forget_ahead` drops those never taken: a
    digest is of the bytes the file held while the caller was working, never of older ones.
    """
    hashing = _Hashing(file)
    with _lock:
        _ahead[file] = hashing
    hashing.start()


def forget_ahead() -> None:
    """Drop every hash :func:`hash_ahead` started that no :func:`file_sha256` has taken."""
    with _lock:
        _ahead.clear()


def file_sha256(file: str) -> str | None:
    """The SHA-256 of a regular file's bytes, read in chunks; None when it cannot be had.

    Takes the hash :func:`hash_ahead` started for ``file``, waiting for it, if there is one.
    A cache hit never needs the bytes themselves, only this key: hashing in chunks spares a
    copy of the whole file. On None the caller reads the file as a miss does, and that read
    reports what is wrong.
    """
    with _lock:
        hashing = _ahead.pop(file, None)
    if hashing is None:
        return _sha256(file)
    hashing.join()
    return _sha256(file) if hashing.failed else hashing.digest


#: Bytes read and hashed per call. Each call releases the GIL; a large chunk lets the hashing
#: thread run with few hand-overs while the main thread imports (a thread waiting for the GIL
#: waits up to the 5 ms switch interval).
_CHUNK = 2 * 1024 * 1024


def _sha256(file: str) -> str | None:
    try:
        with Path(file).open("rb", buffering=0) as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
                return None  # a pipe would be consumed; an oversized file is refused later
            digest = hashlib.sha256()
            buffer = bytearray(min(_CHUNK, max(info.st_size, 1)))
            view = memoryview(buffer)
            while read := handle.readinto(buffer):
                digest.update(view[:read])
            return digest.hexdigest()
    except OSError:
        return None
