"""A cache of validated datasets, so that a repeated query skips the YAML parse.

Reading YAML costs ~50 times reading the same data as JSON, and building typed values costs more
again. After a file has been read and validated, :func:`load` stores the typed dataset and its
warnings as JSON in the user's cache directory; the next query on the same bytes reads that
instead.

What the cache promises:

- **Never stale.** An entry is found by the SHA-256 of the data file's bytes, the library version
  and a fingerprint of the model (the generated codec's source, so an edited model in a
  development install misses too). The warnings some rules give depend on the day (a release
  becomes overdue); while the rules run, a stand-in for "today" records the range of days over
  which every verdict stays the same, and an entry is used only on a day within that range.
- **Never trusted if corrupt.** Each entry starts with a header line that holds, among the key
  fields, the SHA-256 of the rest; any mismatch, any error while decoding, and the entry is
  ignored (and the file read afresh).
- **No code in it.** JSON only, decoded by functions generated from the model's own types (never
  from the cache's content); nothing is ever unpickled or evaluated.
- **Safe to delete; ignored when unwritable.** Any OS error reading or writing it is ignored.
  Writes go to a temporary file renamed into place, so readers never see half an entry; only
  the :data:`KEEP` most recently used entries are kept.

Where: ``$POLICYTRACKER_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/policytracker``, else
``~/.cache/policytracker`` (``~/Library/Caches/policytracker`` on macOS,
``%LOCALAPPDATA%\\policytracker\\Cache`` on Windows). Without a home directory in the
environment there is no cache. ``POLICYTRACKER_NO_CACHE=1`` turns it off. Written by hand rather
than with ``platformdirs``: these few lines are all we need, and a dependency (and its import
time on every query) is not.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import gc
import hashlib
import json
import os
import sys
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from policytracker.dates import DateSpan
from policytracker.model import Dataset
from policytracker.problems import DataError, Level, Problem

if typing.TYPE_CHECKING:
    from policytracker._rules import Finding

__all__ = ["KEEP", "Codec", "DayProbe", "cache_dir", "codec", "load"]

#: Bumped whenever the layout of an entry changes.
FORMAT = 1
#: How many entries are kept (the most recently used).
KEEP = 8
_SUFFIX = ".policytracker.json"


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


# -- today, as the rules see it ---------------------------------------------------------------


class DayProbe:
    """Stands in for "today" while the rules run; records the days giving the same verdicts.

    Every comparison with a day answers as ``day`` would, and narrows ``[first, last]`` to the
    days on which it would answer the same; ``probe - timedelta`` (and ``+``) give a probe for the
    shifted day that narrows the same range. Anything else (formatting "today" into a message,
    other arithmetic) raises TypeError: the caller then runs the rules with the real day and
    keeps the result for that day only.
    """

    __slots__ = ("_offset", "_root", "day", "first", "last")

    def __init__(self, day: dt.date) -> None:
        self.day = day
        self.first = dt.date.min
        self.last = dt.date.max
        self._root = self
        self._offset = dt.timedelta(0)

    def _shifted(self, by: dt.timedelta) -> DayProbe:
        probe = DayProbe(self.day + by)
        probe._root = self._root
        probe._offset = self._offset + by
        return probe

    def __sub__(self, other: object) -> DayProbe:
        if type(other) is not dt.timedelta:
            return NotImplemented
        return self._shifted(-other)

    def __add__(self, other: object) -> DayProbe:
        if type(other) is not dt.timedelta:
            return NotImplemented
        return self._shifted(other)

    __radd__ = __add__

    def _narrow(self, *, below: dt.date | None = None, above: dt.date | None = None) -> None:
        """Keep the root's days d with ``d + offset < below`` (or ``> above``)."""
        root = self._root
        try:
            if below is not None:
                root.last = min(root.last, below - self._offset - _ONE_DAY)
            if above is not None:
                root.first = max(root.first, above - self._offset + _ONE_DAY)
        except OverflowError:
            # The bound lies beyond the calendar: every representable day answers the same.
            pass

    def __lt__(self, other: object) -> bool:
        o = _day(other)
        if self.day < o:
            self._narrow(below=o)
            return True
        self._narrow(above=o - _ONE_DAY if o > dt.date.min else None)
        return False

    def __le__(self, other: object) -> bool:
        o = _day(other)
        if self.day <= o:
            self._narrow(below=o + _ONE_DAY if o < dt.date.max else None)
            return True
        self._narrow(above=o)
        return False

    def __gt__(self, other: object) -> bool:
        o = _day(other)
        if self.day > o:
            self._narrow(above=o)
            return True
        self._narrow(below=o + _ONE_DAY if o < dt.date.max else None)
        return False

    def __ge__(self, other: object) -> bool:
        o = _day(other)
        if self.day >= o:
            self._narrow(above=o - _ONE_DAY if o > dt.date.min else None)
            return True
        self._narrow(below=o)
        return False

    def __eq__(self, other: object) -> bool:
        o = _day(other)
        if self.day == o:
            self.__le__(o)
            self.__ge__(o)
            return True
        if self.day < o:
            self._narrow(below=o)
        else:
            self._narrow(above=o)
        return False

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __format__(self, spec: str) -> str:
        msg = "the rules wrote today's date into a message"
        raise TypeError(msg)

    def __str__(self) -> str:
        return self.__format__("")

    def __repr__(self) -> str:
        return f"DayProbe({self.day}, first={self.first}, last={self.last})"

    def check(self, data: Dataset) -> list[Finding]:
        """The rules' findings on ``data`` today, narrowing ``[first, last]`` as they run."""
        from policytracker import _rules

        try:
            return _rules.check(data, typing.cast(dt.date, self))
        except TypeError:
            # The rules used the day other than by comparing it: valid for this day only.
            self.first = self.last = self.day
            return _rules.check(data, self.day)


_ONE_DAY = dt.timedelta(days=1)


def _day(other: object) -> dt.date:
    if type(other) is not dt.date:
        msg = f"a day was compared with {other!r}"
        raise TypeError(msg)
    return other


# -- the codec: typed values <-> JSON, generated from the model --------------------------------


def _optional_inner(tp: Any) -> Any | None:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1 and len(args) == 2:
            return rest[0]
    return None


_PLAIN = (str, int, bool)


class Codec:
    """Encoders and decoders between the model's attrs values and JSON-ready lists.

    An instance is a list of its fields in order (defaults included, so a decoder is one
    positional call); a :class:`DateSpan` is its label, a day its ISO form, an enum its value, a
    tuple a list. The functions are generated once from the model's types, which is what makes
    decoding a 20,000-release dataset take a fraction of a second.
    """

    def __init__(self, root: type = Dataset) -> None:
        self._lines: list[str] = []
        self._env: dict[str, Any] = {"_day": dt.date.fromisoformat, "_parse_span": DateSpan.parse}
        self._done: set[type] = set()
        self._type_hints: dict[type, dict[str, Any]] = {}
        self._add(root)
        source = "\n".join(self._lines) + "\n"
        #: A digest of the generated source: it changes whenever the model does.
        self.fingerprint = hashlib.sha256(f"{FORMAT}\n{source}".encode()).hexdigest()[:16]
        exec(compile(source, "<policytracker cache codec>", "exec"), self._env)  # noqa: S102
        spans: dict[str, DateSpan] = {}
        self._env["_S"] = spans
        parse = DateSpan.parse

        def span(label: str) -> DateSpan:
            # Equal labels make equal, immutable spans: one object serves them all.
            found = spans[label] = parse(label)
            return found

        self._env["_span"] = span
        self._spans = spans
        self.encode: Callable[[Any], Any] = self._env[f"_enc_{self._name(root)}"]
        self._decode: Callable[[Any], Any] = self._env[f"_dec_{self._name(root)}"]

    def decode(self, value: Any) -> Any:
        """The value ``encode`` was given (raises on anything it did not produce)."""
        try:
            return self._decode(value)
        finally:
            self._spans.clear()

    def _hints(self, cls: type) -> dict[str, Any]:
        # get_type_hints evaluates every annotation string: once per class is enough.
        found = self._type_hints.get(cls)
        if found is None:
            found = self._type_hints[cls] = typing.get_type_hints(cls)
        return found

    def _name(self, tp: type) -> str:
        return f"{tp.__module__.replace('.', '_')}_{tp.__qualname__.replace('.', '_')}"

    def _enc(self, tp: Any, x: str, depth: int) -> str:
        inner = _optional_inner(tp)
        if inner is not None:
            if inner in _PLAIN:
                return x
            return f"(None if {x} is None else {self._enc(inner, x, depth)})"
        if tp in _PLAIN:
            return x
        if tp is DateSpan:
            return f"{x}.label"
        if tp is dt.date:
            return f"{x}.isoformat()"
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return f"{x}.value"
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is tuple:
            if args[0] in _PLAIN:
                return f"list({x})"
            y = f"_{depth}"
            return f"[{self._enc(args[0], y, depth + 1)} for {y} in {x}]"
        if origin is dict and args[0] is str and args[1] in _PLAIN:
            return f"dict({x})"
        if isinstance(tp, type) and attrs.has(tp):
            self._add(tp)
            return f"_enc_{self._name(tp)}({x})"
        msg = f"the cache cannot hold {tp!r}"
        raise TypeError(msg)

    def _dec(self, tp: Any, x: str, depth: int) -> str:
        inner = _optional_inner(tp)
        if inner is not None:
            if inner in _PLAIN:
                return x
            return f"(None if {x} is None else {self._dec(inner, x, depth)})"
        if tp in _PLAIN:
            return x
        if tp is DateSpan:
            return f"(_S.get({x}) or _span({x}))"
        if tp is dt.date:
            return f"_day({x})"
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            name = f"_E_{self._name(tp)}"
            self._env[name] = {m.value: m for m in tp}
            return f"{name}[{x}]"
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is tuple:
            if args[0] in _PLAIN:
                return f"tuple({x})"
            y = f"_{depth}"
            return f"tuple([{self._dec(args[0], y, depth + 1)} for {y} in {x}])"
        if origin is dict:
            return f"dict({x})"
        if isinstance(tp, type) and attrs.has(tp):
            self._add(tp)
            if x.isidentifier():
                # An item of a list: build it in place, saving a call per item.
                return self._construct(tp, x, depth)
            return f"_dec_{self._name(tp)}({x})"
        msg = f"the cache cannot hold {tp!r}"
        raise TypeError(msg)

    def _construct(self, cls: type, v: str, depth: int) -> str:
        hints = self._hints(cls)
        args = [
            self._dec(hints[f.name], f"{v}[{i}]", depth) for i, f in enumerate(attrs.fields(cls))
        ]
        return f"_C_{self._name(cls)}({', '.join(args)})"

    def _add(self, cls: type) -> None:
        if cls in self._done:
            return
        self._done.add(cls)
        name = self._name(cls)
        self._env[f"_C_{name}"] = cls
        hints = self._hints(cls)
        fields = attrs.fields(cls)
        if any(not f.init or f.kw_only for f in fields):
            msg = f"the cache needs {cls.__name__}'s fields in its __init__, in order"
            raise TypeError(msg)
        enc = [self._enc(hints[f.name], f"o.{f.name}", 0) for f in fields]
        # Every field is read by index and passed by position: a list too short or too long for
        # the class raises instead of leaving a field at its default.
        self._lines += [
            f"def _enc_{name}(o):",
            f"    return [{', '.join(enc)}]",
            f"def _dec_{name}(v):",
            f"    return {self._construct(cls, 'v', 0)}",
        ]


_codec: Codec | None = None


def codec() -> Codec:
    """The model's codec (generated on first use)."""
    global _codec
    if _codec is None:
        _codec = Codec()
    return _codec


# -- entries ---------------------------------------------------------------------------------


def _version() -> str:
    """The installed library's version, as importlib.metadata finds it.

    The first ``policytracker-<version>.dist-info`` directory on ``sys.path`` is the one
    importlib.metadata reads; its name says the version, without importing importlib.metadata
    (and the email and zip modules behind it) on every query.
    """
    global _VERSION
    if _VERSION is None:
        for entry in sys.path:
            try:
                names = os.listdir(entry or ".")  # noqa: PTH208 (names only: no Path per entry)
            except OSError:
                continue
            found = [
                n for n in names if n.startswith("policytracker-") and n.endswith(".dist-info")
            ]
            if len(found) == 1:
                _VERSION = found[0].removeprefix("policytracker-").removesuffix(".dist-info")
                break
            if found:
                break  # several: let importlib.metadata decide
        if _VERSION is None:
            from importlib.metadata import version

            _VERSION = version("policytracker")
    return _VERSION


_VERSION: str | None = None


@attrs.frozen
class _Entry:
    dataset: Dataset
    warnings: tuple[Problem, ...]


def _problem_row(p: Problem) -> list[Any]:
    return [p.line, p.column, p.path, p.message, p.rule, p.level.value]


def _header(source: str, first: dt.date, last: dt.date, body: bytes) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "library": _version(),
        "model": codec().fingerprint,
        "source": source,
        "first": first.isoformat(),
        "last": last.isoformat(),
        "body": hashlib.sha256(body).hexdigest(),
    }


def _entry_path(directory: Path, source: str) -> Path:
    key = hashlib.sha256(f"{FORMAT} {_version()} {codec().fingerprint}".encode()).hexdigest()
    return directory / f"{source}-{key[:16]}{_SUFFIX}"


def _read(path: Path, source: str, file: str, today: dt.date) -> _Entry | None:
    """The entry at ``path`` if it is intact, for ``source`` and valid ``today``; else None."""
    try:
        with path.open("rb") as handle:
            head = handle.readline(4096)
            body = handle.read()
    except OSError:
        return None
    try:
        header = json.loads(head)
        if not (
            header["format"] == FORMAT
            and header["source"] == source
            and header["model"] == codec().fingerprint
            and header["library"] == _version()
            and header["body"] == hashlib.sha256(body).hexdigest()
        ):
            return None
        if (
            not dt.date.fromisoformat(header["first"])
            <= today
            <= dt.date.fromisoformat(header["last"])
        ):
            return None
        rows, encoded = json.loads(body)
        warnings = tuple(
            Problem(file, line, column, at, message, rule, Level(level))
            for line, column, at, message, rule, level in rows
        )
        dataset = codec().decode(encoded)
    except Exception:  # noqa: BLE001 (a damaged entry is a miss, whatever the damage)
        return None
    if not isinstance(dataset, Dataset):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # most recently used: kept longest
    return _Entry(dataset, warnings)


def _write(directory: Path, source: str, entry: _Entry, first: dt.date, last: dt.date) -> None:
    """Store ``entry``; give up quietly on any OS error."""
    import tempfile

    body = json.dumps(
        [[_problem_row(p) for p in entry.warnings], codec().encode(entry.dataset)],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    head = json.dumps(_header(source, first, last, body)).encode() + b"\n"
    target = _entry_path(directory, source)
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=_SUFFIX)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(head)
                out.write(body)
            Path(temp).replace(target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        _prune(directory)
    except OSError:
        return


def _prune(directory: Path) -> None:
    entries = []
    for path in directory.glob(f"*{_SUFFIX}"):
        if path.name.startswith(".tmp-"):
            continue
        try:
            entries.append((path.stat().st_mtime, path))
        except OSError:
            continue
    entries.sort(reverse=True)
    for _, path in entries[KEEP:]:
        path.unlink(missing_ok=True)


# -- loading ---------------------------------------------------------------------------------


def load(
    path: str | os.PathLike[str] | None, today: dt.date | None
) -> tuple[Dataset, str, tuple[Problem, ...]]:
    """Load and validate a data file as :func:`policytracker.load` does, through the cache.

    Returns the dataset, the file as named, and the warnings; raises DataError when invalid.
    """
    from policytracker._load import bundled_path, read_bytes

    file = os.fspath(path) if path is not None else str(bundled_path())
    data = read_bytes(file)
    day = today or dt.date.today()
    directory = cache_dir()
    source = hashlib.sha256(data).hexdigest()
    enabled = gc.isenabled()
    gc.disable()  # decoding builds many small objects, none of them in a cycle
    try:
        if directory is not None:
            entry = _read(_entry_path(directory, source), source, file, day)
            if entry is not None:
                return entry.dataset, file, entry.warnings
        dataset, warnings, first, last = _load_fresh(data, file, day)
        if directory is not None:
            _write(directory, source, _Entry(dataset, warnings), first, last)
        return dataset, file, warnings
    finally:
        if enabled:
            gc.enable()


def _load_fresh(
    data: bytes, file: str, day: dt.date
) -> tuple[Dataset, tuple[Problem, ...], dt.date, dt.date]:
    """Parse and validate; also the range of days over which the warnings hold."""
    from policytracker._load import _parse_and_structure, decode

    text = decode(data, file)
    probe = DayProbe(day)
    dataset, problems = _parse_and_structure(text, file, probe, None)
    first, last = probe.first, probe.last
    errors = [p for p in problems if p.level is Level.ERROR]
    if errors or dataset is None:
        raise DataError(errors or problems)
    return dataset, tuple(sorted(problems, key=lambda p: p.sort_key)), first, last
