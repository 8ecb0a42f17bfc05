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
import inspect
import itertools
import json
import os
import sys
import types
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs

from policytracker._as_of import StoredRevisions, is_revised, stored_revisions
from policytracker._cache_key import file_sha256
from policytracker._gc import gc_paused
from policytracker._places import cache_dir
from policytracker._releases import LazyReleases, Releases
from policytracker._table import Extras, ReleaseTable
from policytracker.access import Confidence, SourceKind
from policytracker.dates import DateSpan, Precision
from policytracker.model import Dataset, Release, Source
from policytracker.problems import DataError, Level, Problem
from policytracker.stance import Basis, Found, FoundShifts, Scope, Shift
from policytracker.trend import Period, TrendIndex

if typing.TYPE_CHECKING:
    from policytracker._rules import Finding

__all__ = [
    "KEEP",
    "Codec",
    "CodecSource",
    "DayProbe",
    "Loaded",
    "cache_dir",
    "codec",
    "load",
    "model_signature",
]

#: Bumped whenever the layout of an entry changes.
FORMAT = 10
#: What follows the release lines, in this order (each line's size and digest are in the index
#: under its name): what is derived from the releases, then the warnings, read only when asked.
_DERIVED = (
    "table",
    "table-extras",
    "shifts",
    *(f"trend-{by.value}" for by in Period),
    "revisions",
    "epochs",
    "warnings",
)
_T = TypeVar("_T")

#: How many entries are kept (the most recently used).
KEEP = 8
_SUFFIX = ".policytracker.json"


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


class CodecSource:
    """Writes the codec's module: encoders and decoders generated from the model's types.

    An instance is a list of its fields in order (defaults included, so a decoder is one
    positional call); a :class:`DateSpan` is its label, first and last days (ordinals) and precision
    (rebuilt without parsing the label), a day its ISO form, an enum its value, a
    tuple a list. The text is committed as ``policytracker/_codec_generated.py`` (so a query
    loads it as compiled bytecode instead of generating and compiling it), and :func:`codec`
    executes it afresh whenever the model no longer has the signature it was written for.
    """

    def __init__(self, root: type = Dataset) -> None:
        self._lines: list[str] = []
        self._imports: dict[str, tuple[str, str]] = {}  # alias -> (module, name)
        self._enums: list[str] = []
        self._done: set[type] = set()
        self._classes: list[type] = []
        self._enum_types: list[type[enum.Enum]] = []
        self._type_hints: dict[type, dict[str, Any]] = {}
        self.root = root
        self._add(root)
        functions = "\n".join(self._lines) + "\n"
        #: A digest of the generated functions: it changes whenever the model does.
        self.fingerprint = hashlib.sha256(f"{FORMAT}\n{functions}".encode()).hexdigest()[:16]
        #: The model's signature (see :func:`model_signature`) this text was written for.
        self.signature = model_signature(self._classes, self._enum_types)
        imports = [
            f"from {module} import {name} as {alias}"
            for alias, (module, name) in sorted(self._imports.items(), key=lambda i: i[1])
        ]
        self.text = "\n".join(
            [
                '"""The cache codec, generated from the model by ``python scripts/gen_docs.py``.',
                "",
                "Do not edit: regenerate it after changing the model (a test checks it is current;",
                "until then the cache generates the same code at run time).",
                '"""',
                "",
                "import datetime as _dt",
                "",
                *imports,
                "",
                f"FINGERPRINT = {self.fingerprint!r}",
                f"SIGNATURE = {self.signature!r}",
                f"ROOT = {self._name(root)!r}",
                f"CLASSES = ({', '.join(f'_C_{self._name(c)}' for c in self._classes)},)",
                f"ENUMS = ({', '.join(f'_T_{self._name(e)}' for e in self._enum_types)},)",
                "",
                "_day = _dt.date.fromisoformat",
                "# Equal labels make equal, immutable spans: one object serves them all.",
                "_S = {}",
                "",
                "",
                "_day_of = _dt.date.fromordinal",
                "",
                "",
                "def _span(v):",
                "    found = _S[v[0]] = _C_policytracker_dates_DateSpan(",
                "        _day_of(v[1]),",
                "        _day_of(v[2]),",
                "        v[0],",
                "        _E_policytracker_dates_Precision[v[3]],",
                "    )",
                "    return found",
                "",
                "",
                *self._enums,
                "",
                "",
                functions,
            ]
        )

    def _hints(self, cls: type) -> dict[str, Any]:
        # get_type_hints evaluates every annotation string: once per class is enough.
        found = self._type_hints.get(cls)
        if found is None:
            found = self._type_hints[cls] = typing.get_type_hints(cls)
        return found

    @staticmethod
    def _name(tp: type) -> str:
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
            return f"[{x}.label, {x}.start.toordinal(), {x}.end.toordinal(), {x}.precision.value]"
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
            # Built field by field (see _span): its fields and precisions are signed too.
            if DateSpan not in self._classes:
                self._classes.append(DateSpan)
                self._imports[f"_C_{self._name(DateSpan)}"] = (DateSpan.__module__, "DateSpan")
                self._enum(Precision)
            return f"(_S.get({x}[0]) or _span({x}))"
        if tp is dt.date:
            return f"_day({x})"
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            self._enum(tp)
            return f"_E_{self._name(tp)}[{x}]"
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

    def _enum(self, tp: type[enum.Enum]) -> None:
        if tp not in self._enum_types:
            name = self._name(tp)
            self._enum_types.append(tp)
            self._imports[f"_T_{name}"] = (tp.__module__, tp.__qualname__)
            self._enums.append(f"_E_{name} = {{m.value: m for m in _T_{name}}}")

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
        self._classes.append(cls)
        name = self._name(cls)
        self._imports[f"_C_{name}"] = (cls.__module__, cls.__qualname__)
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


def model_signature(classes: Sequence[type], enums: Sequence[type[enum.Enum]]) -> str:
    """A digest of what the codec depends on.

    Each class's fields and their annotations, and each enum's values. Cheap (no annotation is
    evaluated), so every query can check the committed codec against the live model.
    """
    parts = [f"format {FORMAT}"]
    for cls in classes:
        parts.append(f"{cls.__module__}.{cls.__qualname__}")
        # The annotations as written: a field's ``type`` changes once attrs.resolve_types (which
        # cattrs calls) has evaluated it, the class's annotations do not.
        written: dict[str, object] = {}
        for base in reversed(cls.__mro__):
            written.update(inspect.get_annotations(base))
        parts += [
            f"  {f.name}: {written.get(f.name)} init={f.init} kw_only={f.kw_only}"
            for f in attrs.fields(cls)
        ]
    parts += [f"{e.__module__}.{e.__qualname__}: {[m.value for m in e]!r}" for e in enums]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


class Codec:
    """Encoders and decoders between the model's attrs values and JSON-ready lists.

    Built from the namespace of the codec's module (see :class:`CodecSource`): the committed
    one, or the same text executed afresh.
    """

    def __init__(self, namespace: dict[str, Any]) -> None:
        self._ns = namespace
        #: A digest of the generated functions: it changes whenever the model does.
        self.fingerprint: str = namespace["FINGERPRINT"]
        root = namespace["ROOT"]
        self.encode: Callable[[Any], Any] = namespace[f"_enc_{root}"]
        self._decode: Callable[[Any], Any] = namespace[f"_dec_{root}"]
        self._spans: dict[str, DateSpan] = namespace["_S"]

    @classmethod
    def generate(cls, root: type = Dataset) -> Codec:
        """Generate the module's text from the model and execute it (no committed module)."""
        namespace: dict[str, Any] = {"__name__": "policytracker._codec_runtime"}
        source = CodecSource(root)
        exec(compile(source.text, "<policytracker cache codec>", "exec"), namespace)  # noqa: S102
        return cls(namespace)

    def encoder(self, cls: type) -> Callable[[Any], Any]:
        """The encoder of one of the model's classes (``encode`` is the dataset's)."""
        found: Callable[[Any], Any] = self._ns[f"_enc_{CodecSource._name(cls)}"]
        return found

    def decoder(self, cls: type) -> Callable[[Any], Any]:
        """The decoder of one of the model's classes.

        Unlike :meth:`decode`, it keeps the spans it made for later calls to share.
        """
        found: Callable[[Any], Any] = self._ns[f"_dec_{CodecSource._name(cls)}"]
        return found

    def decode(self, value: Any) -> Any:
        """The value ``encode`` was given (raises on anything it did not produce)."""
        try:
            return self._decode(value)
        finally:
            self._spans.clear()


_codec: Codec | None = None


def codec() -> Codec:
    """The model's codec: the committed module if the model still has its signature."""
    global _codec
    if _codec is None:
        try:
            from policytracker import _codec_generated as generated
        except ImportError:  # an install without it, or a model it can no longer import
            generated = None  # type: ignore[assignment]
        if (
            generated is not None
            and model_signature(generated.CLASSES, generated.ENUMS) == generated.SIGNATURE
        ):
            _codec = Codec(vars(generated))
        else:
            _codec = Codec.generate()
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


class Loaded(typing.NamedTuple):
    """A validated dataset, from the cache or read afresh.

    When ``releases`` is set (a cache hit), ``dataset`` holds everything but the releases, and
    ``releases`` decodes them as queries reach them.
    """

    dataset: Dataset
    releases: LazyReleases | None
    file: str
    warnings: Callable[[], tuple[Problem, ...]]


def _problem_row(p: Problem) -> list[Any]:
    return [p.line, p.column, p.path, p.message, p.rule, p.level.value]


def _header(source: str, first: dt.date, last: dt.date, meta: bytes) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "library": _version(),
        "model": codec().fingerprint,
        "source": source,
        "first": first.isoformat(),
        "last": last.isoformat(),
        "meta": _digest(meta),
    }


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


#: Hex digits of a release line's digest. 64 bits find damage as well as 256 would (the meta
#: line's full digest covers these), and keep the index a quarter of the size; the index holds
#: them as one string, which JSON reads at once.
_LINE_DIGEST = 16


def _line_digest(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()[:_LINE_DIGEST]


def _entry_path(directory: Path, source: str) -> Path:
    key = hashlib.sha256(f"{FORMAT} {_version()} {codec().fingerprint}".encode()).hexdigest()
    return directory / f"{source}-{key[:16]}{_SUFFIX}"


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _body(dataset: Dataset, warnings: tuple[Problem, ...]) -> tuple[bytes, list[bytes], bytes]:
    """An entry's meta line, a line per release, and the lines of what is derived from them.

    The meta line holds all but the releases, and their index. The derived lines are the
    releases' table (``_table``), every shift at the dataset's reference date, what trends
    count at that date, per period, and the rows of revised releases for as-of views
    (``_as_of``); see :data:`_DERIVED`.
    JSON escapes every control character inside a string, so a release's line holds no newline.
    The index gives each line's offset and digest, so a reader can read, check and decode one
    release without the others, and each derived line's length and digest, so a query over every
    release can read what it needs alone.
    """
    from policytracker.catalog import Catalog

    catalog = Catalog(dataset)
    releases = catalog._store  # its indexes and table, built once for the shifts and the entry
    assert isinstance(releases, Releases)
    index = releases.index()
    encode = codec().encoder(Release)
    lines = [_dumps(encode(r)) + b"\n" for r in dataset.releases]
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    shipped = catalog._shipped()
    revised = {p: stored_revisions(r) for p, r in enumerate(releases.ordered()) if is_revised(r)}
    epochs = [text.encode() for _, text in revised.values()]
    ends = list(itertools.accumulate(map(len, epochs)))
    table = releases.table()
    values: dict[str, Any] = {
        "table": table.to_json(),
        "table-extras": table.extras_to_json(),
        "shifts": encode_shifts(catalog._found_shifts()),
        **{f"trend-{by.value}": TrendIndex.of(shipped, by).to_json() for by in Period},
        "revisions": [list(revised), [settled for settled, _ in revised.values()], ends],
        "warnings": [_problem_row(p) for p in warnings],
    }
    derived = [
        # Each revised release's epochs as they are, one after another (JSON text has no
        # newline): a view reads the few it needs, never parsing the others.
        (b"".join(epochs) if name == "epochs" else _dumps(values[name])) + b"\n"
        for name in _DERIVED
    ]
    index["offsets"] = offsets
    index["digests"] = "".join(_line_digest(line) for line in lines)
    index["section"] = _digest(b"".join(lines))
    for name, line in zip(_DERIVED, derived, strict=True):
        index[name] = [len(line), _digest(line)]
    shell = codec().encode(attrs.evolve(dataset, releases=()))
    meta = [shell, [r.id for r in dataset.releases], index]
    return _dumps(meta) + b"\n", lines, b"".join(derived)


def _read(path: Path, source: str, file: str, today: dt.date, fresh: _Fresh) -> Loaded | None:
    """The entry at ``path`` if it is intact, for ``source`` and valid ``today``; else None.

    Only the header and the meta line are read and checked here; each release's line is read
    and checked when a query first needs it (see :class:`_EntryReleases`).
    """
    try:
        with path.open("rb") as handle:
            head = handle.readline(4096)
            header = json.loads(head)
            if not (
                header["format"] == FORMAT
                and header["source"] == source
                and header["model"] == codec().fingerprint
                and header["library"] == _version()
            ):
                return None
            if (
                not dt.date.fromisoformat(header["first"])
                <= today
                <= dt.date.fromisoformat(header["last"])
            ):
                return None
            meta = handle.readline()
            if header["meta"] != _digest(meta):
                return None
            start = len(head) + len(meta)
            size = os.fstat(handle.fileno()).st_size
        shell_value, ids, index = json.loads(meta)
        shell = codec().decode(shell_value)
        lines = _EntryReleases(
            path,
            start,
            size,
            ids,
            index.pop("offsets"),
            index.pop("digests"),
            index.pop("section"),
            [index.pop(name) for name in _DERIVED],
        )
        releases = LazyReleases(
            ids,
            index,
            lines.decode,
            fresh.releases,
            lines.table,
            lines.shifts,
            lines.trend,
            lines.revisions,
        )
    except Exception:  # noqa: BLE001 (a damaged entry is a miss, whatever the damage)
        return None
    if not isinstance(shell, Dataset) or shell.releases:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # most recently used: kept longest

    def warnings() -> tuple[Problem, ...]:
        rows = lines.warnings()
        if rows is None:
            return fresh.warnings()
        return tuple(
            Problem(file, line, column, at, message, rule, Level(level))
            for line, column, at, message, rule, level in rows
        )

    return Loaded(shell, releases, file, warnings)


def _shift_signature() -> str:
    # Shifts are not part of the model the entry's key signs: sign their class here.
    return model_signature([Shift, Source], [Scope, Basis, Confidence, SourceKind])


def _span(span: DateSpan) -> list[Any]:
    return [span.label, span.start.toordinal(), span.end.toordinal(), span.precision.value]


def encode_shifts(stored: FoundShifts) -> list[Any]:
    """Found shifts as JSON-ready lists, headed by the signature of the classes they were made of.

    ``[signature, horizon, sources, rows]``: each source once (shifts marked by the same
    releases share theirs), and a row per shift that refers to its sources by index and ends
    with where it was found, ``[day, what]`` (see :data:`~policytracker.stance.Found`; its
    change is the shift's own).
    """
    numbered: dict[Source, int] = {}
    rows = [
        [
            s.vendor,
            _span(s.date),
            s.scope.value,
            s.from_value,
            s.to_value,
            s.direction,
            s.basis.value,
            list(s.marked_by),
            s.confidence.value,
            [numbered.setdefault(x, len(numbered)) for x in s.sources],
            s.reason,
            [day, what],
        ]
        for s, (day, what, _) in zip(stored.shifts, stored.found, strict=True)
    ]
    source = codec().encoder(Source)
    return [_shift_signature(), stored.horizon.toordinal(), [source(x) for x in numbered], rows]


def decode_shifts(value: list[Any]) -> FoundShifts | None:
    """What :func:`encode_shifts` gave; None when the classes have changed since."""
    signature, horizon, every_source, rows = value
    if signature != _shift_signature():
        return None
    source = codec().decoder(Source)
    known = [source(x) for x in every_source]
    day = dt.date.fromordinal
    shifts: list[Shift] = []
    found: list[Found] = []
    for (
        vendor,
        (label, start, end, precision),
        scope,
        before,
        after,
        direction,
        basis,
        marked_by,
        confidence,
        sources,
        reason,
        (at, what),
    ) in rows:
        shift = Shift(
            vendor,
            DateSpan(day(start), day(end), label, Precision(precision)),
            Scope(scope),
            before,
            after,
            direction,
            Basis(basis),
            tuple(marked_by),
            Confidence(confidence),
            tuple(known[i] for i in sources),
            reason,
        )
        if isinstance(what, list):
            what = tuple((d, rid, j, p, kind) for d, rid, j, p, kind in what)
        elif type(what) not in (int, str):
            msg = f"not where a shift was found: {what!r}"
            raise ValueError(msg)
        shifts.append(shift)
        found.append((at, what, (shift.scope, before, after)))
    return FoundShifts(day(horizon), shifts, found)


class _EntryReleases:
    """Reads, checks and decodes release lines of one cache entry."""

    def __init__(
        self,
        path: Path,
        start: int,
        size: int,
        ids: list[str],
        offsets: list[int],
        digests: str,
        section: str,
        derived: list[list[Any]],
    ) -> None:
        # Each derived line: [size, digest], in the order they follow the releases.
        self._derived: list[tuple[int, int, str]] = []
        at = start + offsets[-1]
        for length, digest in derived:
            if type(length) is not int:
                msg = "a derived line's size is not a number"
                raise ValueError(msg)
            self._derived.append((at, length, digest))
            at += length
        if not (
            all(type(i) is str for i in ids)
            and type(digests) is str
            and len(offsets) == len(ids) + 1
            and len(digests) == _LINE_DIGEST * len(ids)
            and offsets[0] == 0
            and at == size
        ):
            msg = "the offsets do not match the releases"
            raise ValueError(msg)
        self._path = path
        self._start = start
        self._offsets = offsets
        self._digests = digests
        self._section = section

    def _derived_line(self, name: str) -> bytes | None:
        """A derived line as written, or None when it is missing or damaged."""
        at, length, digest = self._derived[_DERIVED.index(name)]
        try:
            with self._path.open("rb") as handle:
                handle.seek(at)
                line = handle.read(length)
        except OSError:  # deleted or replaced since
            return None
        return line if _digest(line) == digest else None

    def _derived_value(self, name: str) -> Any:
        """The JSON value of a derived line, or None when it is missing or damaged."""
        line = self._derived_line(name)
        try:
            return None if line is None else json.loads(line)
        except Exception:  # noqa: BLE001 (not what was written)
            return None

    def _decoded(self, name: str, decode: Callable[[Any], _T]) -> _T | None:
        """A derived line decoded; None when it is missing, damaged or not what was written.

        The caller then works the value out from the releases instead.
        """
        with gc_paused():  # many small values, none in a cycle
            value = self._derived_value(name)
            try:
                return None if value is None else decode(value)
            except Exception:  # noqa: BLE001 (not what was written)
                return None

    def table(
        self, ids: list[str], vendors: dict[str, list[int]], rebuild: Callable[[], Extras]
    ) -> ReleaseTable | None:
        """The entry's release table (see ``ReleaseTable.from_json``); None if it is damaged.

        Its extras are read when first asked; ``rebuild`` works them out if their line is
        damaged by then.
        """

        def extras() -> Extras:
            return self._decoded("table-extras", ReleaseTable.extras_from_json) or rebuild()

        return self._decoded(
            "table", lambda value: ReleaseTable.from_json(value, ids, vendors, extras)
        )

    def shifts(self) -> FoundShifts | None:
        """Every shift at the dataset's reference date; None when the line is damaged."""
        return self._decoded("shifts", decode_shifts)

    def trend(self, by: Period) -> TrendIndex | None:
        """What trends by ``by`` count at the reference date; None when the line is damaged."""
        return self._decoded(f"trend-{by.value}", lambda value: TrendIndex.from_json(value, by))

    def revisions(self) -> StoredRevisions | None:
        """The rows of revised releases (see ``_as_of``); None when a line is damaged."""
        epochs = self._derived_line("epochs")
        if epochs is None:
            return None

        def stored(value: Any) -> StoredRevisions:
            positions, settled, ends = value
            if not (
                len(positions) == len(settled) == len(ends)
                and all(type(x) is int for x in (*positions, *settled, *ends))
                and ends == sorted(ends)
                and (not ends or ends[-1] == len(epochs) - 1)
            ):
                msg = "the revisions do not match their rows"
                raise ValueError(msg)
            spans = dict(zip(positions, zip([0, *ends], ends, strict=False), strict=True))

            def text(p: int) -> str:
                start, end = spans[p]
                return epochs[start:end].decode()

            return StoredRevisions(dict(zip(positions, settled, strict=True)), text)

        return self._decoded("revisions", stored)

    def warnings(self) -> list[list[Any]] | None:
        """The rows of the dataset's warnings; None when the line is damaged."""
        value = self._derived_value("warnings")
        return value if isinstance(value, list) else None

    def decode(self, slots: Sequence[int]) -> list[Release] | None:
        """The releases at these positions, or None when any line is missing or damaged."""
        ordered = sorted(slots)
        try:
            with self._path.open("rb") as handle:
                if len(ordered) == len(self._offsets) - 1:
                    array = self._read_all(handle)
                else:
                    array = self._read_some(handle, ordered)
            if array is None:
                return None
            decode = codec().decoder(Release)
            found = {s: decode(v) for s, v in zip(ordered, json.loads(array), strict=True)}
        except Exception:  # noqa: BLE001 (deleted, replaced or damaged since: read the file)
            return None
        releases = [found[s] for s in slots]
        if not all(isinstance(r, Release) for r in releases):
            return None
        return releases

    def _read_all(self, handle: typing.BinaryIO) -> bytes | None:
        # Every release: one read and one digest for the whole section, as one JSON array.
        handle.seek(self._start)
        section = handle.read(self._offsets[-1])
        if _digest(section) != self._section:
            return None
        return b"[" + section.rstrip(b"\n").replace(b"\n", b",") + b"]"

    def _read_some(self, handle: typing.BinaryIO, ordered: Sequence[int]) -> bytes | None:
        # One read of the lines' whole span when they fill much of it, else a read per line;
        # then one JSON array for them all (a json.loads per line costs more than its parse).
        offsets = self._offsets
        first, last = offsets[ordered[0]], offsets[ordered[-1] + 1]
        wanted = sum(offsets[i + 1] - offsets[i] for i in ordered)
        span = b""
        if last - first <= 2 * wanted:
            handle.seek(self._start + first)
            span = handle.read(last - first)
        lines = []
        for slot in ordered:
            a, b = offsets[slot], offsets[slot + 1]
            if span:
                line = span[a - first : b - first]
            else:
                handle.seek(self._start + a)
                line = handle.read(b - a)
            at = slot * _LINE_DIGEST
            if _line_digest(line) != self._digests[at : at + _LINE_DIGEST]:
                return None
            lines.append(line)
        return b"[" + b",".join(lines) + b"]"


class _Fresh:
    """The data file read afresh, for when a cache entry fails while a query reads it."""

    def __init__(self, file: str, source: str, day: dt.date, directory: Path | None) -> None:
        self._file = file
        self._source = source
        self._day = day
        self._directory = directory
        self._read: tuple[Dataset, tuple[Problem, ...]] | None = None

    def releases(self) -> tuple[Release, ...]:
        """The releases, as the file holds them."""
        return self._dataset_and_warnings()[0].releases

    def warnings(self) -> tuple[Problem, ...]:
        """The warnings, as validating the file gives them."""
        return self._dataset_and_warnings()[1]

    def _dataset_and_warnings(self) -> tuple[Dataset, tuple[Problem, ...]]:
        from policytracker._load import _file_problem, read_bytes

        if self._read is not None:
            return self._read
        if self._directory is not None:
            with contextlib.suppress(OSError):
                _entry_path(self._directory, self._source).unlink()
        data = read_bytes(self._file)
        if _digest(data) != self._source:
            raise _file_problem(self._file, "changed while it was read; run the command again")
        dataset, warnings, first, last = _load_fresh(data, self._file, self._day)
        if self._directory is not None:
            _write(self._directory, self._source, dataset, warnings, first, last)
        self._read = (dataset, warnings)
        return self._read


def _write(
    directory: Path,
    source: str,
    dataset: Dataset,
    warnings: tuple[Problem, ...],
    first: dt.date,
    last: dt.date,
) -> None:
    """Store a validated dataset; give up quietly on any OS error."""
    import tempfile

    meta, lines, derived = _body(dataset, warnings)
    head = json.dumps(_header(source, first, last, meta)).encode() + b"\n"
    target = _entry_path(directory, source)
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=_SUFFIX)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(head)
                out.write(meta)
                out.writelines(lines)
                out.write(derived)
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


def load(path: str | os.PathLike[str] | None, today: dt.date | None) -> Loaded:
    """Load and validate a data file as :func:`policytracker.load` does, through the cache.

    Raises DataError when the file is invalid.
    """
    from policytracker._load import bundled_path, read_bytes

    file = os.fspath(path) if path is not None else str(bundled_path())
    day = today or dt.date.today()
    directory = cache_dir()
    enabled = gc.isenabled()
    gc.disable()  # decoding builds many small objects, none of them in a cycle
    try:
        source = file_sha256(file) if directory is not None else None
        if directory is not None and source is not None:
            fresh = _Fresh(file, source, day, directory)
            entry = _read(_entry_path(directory, source), source, file, day, fresh)
            if entry is not None:
                return entry
        data = read_bytes(file)  # says clearly why, when the file cannot be read
        source = _digest(data)  # of the bytes parsed, should the file have changed meanwhile
        dataset, warnings, first, last = _load_fresh(data, file, day)
        if directory is not None:
            _write(directory, source, dataset, warnings, first, last)
        return Loaded(dataset, None, file, lambda: warnings)
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
