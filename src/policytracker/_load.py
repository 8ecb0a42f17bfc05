"""Reading a data file into a typed :class:`~policytracker.model.Dataset`, with located problems.

Steps, each collecting every problem it can before the next runs: bytes (size, encoding) ->
YAML nodes (syntax, duplicate keys, tags, aliases) -> typed values (the strict converter) ->
cross-record rules. Nothing but :class:`~policytracker.problems.DataError` escapes.

A valid file takes a fast path from nodes to typed values (:mod:`policytracker._build`); the
careful path above runs only when that path gives up, and is the only one that reports. The
parser, the converter and the rules are imported on first use: a query answered from the cache
(:mod:`policytracker._cache`) never loads them.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from policytracker._gc import gc_paused
from policytracker._limits import Limits, too_many
from policytracker._places import bundled_path
from policytracker._repr import fields_repr
from policytracker.model import Dataset
from policytracker.problems import DataError, Level, Problem

if TYPE_CHECKING:
    import cattrs

    from policytracker._cache import DayProbe
    from policytracker._yaml import ParsedYaml

__all__ = ["LoadResult", "bundled_path", "load_dataset", "read_text", "validate_text"]

_converter: cattrs.Converter | None = None


def _get_converter() -> cattrs.Converter:
    global _converter
    if _converter is None:
        from policytracker._convert import make_converter

        _converter = make_converter()
    return _converter


@attrs.frozen
class LoadResult:
    """A loaded dataset, the file it came from and the warnings it raised."""

    __repr__ = fields_repr

    dataset: Dataset
    file: str
    text: str
    warnings: tuple[Problem, ...]


def _file_problem(file: str, message: str, rule: str = "file") -> DataError:
    return DataError([Problem(file, None, None, "", message, rule)])


def read_text(path: str | os.PathLike[str], limits: Limits | None = None) -> str:
    """Read a data file as UTF-8 text, raising DataError with a clear reason on any failure."""
    return decode(read_bytes(path, limits), os.fspath(path))


def read_bytes(path: str | os.PathLike[str], limits: Limits | None = None) -> bytes:
    """Read a data file's bytes, raising DataError with a clear reason on any failure."""
    limits = limits or Limits()
    file = os.fspath(path)
    p = Path(file)
    try:
        if p.is_dir():
            raise _file_problem(file, "is a directory; give the path of a YAML data file")
        size = p.stat().st_size
        if size > limits.max_bytes:
            raise _file_problem(
                file,
                f"file is {size:,} bytes; the limit is {limits.max_bytes:,}",
                "file-too-large",
            )
        with p.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise _file_problem(file, "no such file; check the path") from None
    except PermissionError:
        raise _file_problem(file, "permission denied; check the file's permissions") from None
    except IsADirectoryError:
        raise _file_problem(file, "is a directory; give the path of a YAML data file") from None
    except OSError as exc:
        raise _file_problem(file, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > limits.max_bytes:
        raise _file_problem(
            file, f"file grew past the {limits.max_bytes:,}-byte limit while read", "file-too-large"
        )
    return data


def decode(data: bytes, file: str) -> str:
    """Decode UTF-8 (a byte-order mark is allowed), locating the first bad byte."""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if data.startswith(bom):
            raise DataError(
                [Problem(file, 1, 1, "", f"the file is {name}; save it as UTF-8", "encoding")]
            )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
        message = f"byte 0x{data[bad]:02x} is not valid UTF-8; save the file as UTF-8"
    else:
        bad = data.find(b"\x00")
        if bad < 0:
            return text
        message = (
            "byte 0x00 (NUL) is never in a text file: this is binary data, or UTF-16 or UTF-32 "
            "without a byte-order mark; save the file as UTF-8"
        )
    before = data[:bad]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    raise DataError([Problem(file, line, column, "", message, "encoding")])


def _locate_problem(
    parsed: ParsedYaml,
    file: str,
    path: tuple[str | int, ...],
    message: str,
    rule: str,
    level: Level = Level.ERROR,
    *,
    key: bool = False,
    at: tuple[str | int, ...] | None = None,
) -> Problem:
    """A problem at ``path``, placed on the line of the node at ``at`` (default: ``path``)."""
    from policytracker._yaml import clip, format_path, locate

    node = locate(parsed.root, path if at is None else at, key=key)
    line = column = None
    if node is not None:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
    return Problem(file, line, column, clip(format_path(path)), clip(message), rule, level)


def _structure_problem(
    parsed: ParsedYaml, file: str, path: tuple[str | int, ...], err: BaseException
) -> Problem:
    import cattrs
    from yaml.nodes import ScalarNode

    from policytracker._convert import WrongType, describe
    from policytracker._yaml import locate

    if isinstance(err, cattrs.errors.ForbiddenExtraKeysError):
        name = str(path[-1])
        allowed = sorted(f.name for f in attrs.fields(err.cl))
        # A mapping with many unknown keys holds no typos but the wrong data, and a suggestion
        # per key would cost more than reading the file.
        import difflib  # only on an unknown field

        close = difflib.get_close_matches(name, allowed, n=1) if len(err.extra_fields) <= 20 else []
        hint = f"did you mean {close[0]!r}? " if close else ""
        message = f"unknown key {name!r}; {hint}allowed keys: {', '.join(allowed)}"
        return _locate_problem(parsed, file, path, message, "unknown-key", key=True)
    if isinstance(err, KeyError):
        message = f"missing required key {path[-1]!r}"
        return _locate_problem(parsed, file, path, message, "required", at=path[:-1])
    if isinstance(err, WrongType):
        message = str(err)
        node = locate(parsed.root, path)
        if (
            isinstance(node, ScalarNode)
            and not node.style
            and node.value
            and not isinstance(err.value, str)
        ):
            message = f"expected {err.expected}, got {node.value} (read as {describe(err.value)})"
            if err.expected == "text":
                message += f'; quote it to keep it as written: "{node.value}"'
        return _locate_problem(parsed, file, path, message, "type")
    if isinstance(err, ValueError):
        return _locate_problem(parsed, file, path, str(err), "value")
    message = f"invalid value ({type(err).__name__}: {err})"
    return _locate_problem(parsed, file, path, message, "value")


def _parse_and_structure(
    text: str, file: str, today: dt.date | DayProbe, limits: Limits | None
) -> tuple[Dataset | None, list[Problem]]:
    from policytracker import _rules
    from policytracker._build import GiveUp, build_dataset
    from policytracker._convert import iter_errors
    from policytracker._yaml import (
        ParsedYaml,
        clip,
        compose_yaml,
        format_path,
        may_hold_anchors,
        walk_nodes,
    )

    with gc_paused():
        root, problems = compose_yaml(text, file)
        if root is None:
            return None, problems
        try:
            # The fast path: typed values straight from the nodes, for a file without problems.
            data = build_dataset(root, limits or Limits(), track_aliases=may_hold_anchors(text))
            parsed = ParsedYaml(None, root)
        except GiveUp:
            # The careful path, which finds and locates every problem.
            parsed, problems = walk_nodes(root, text, file, limits)
            try:
                data = _get_converter().structure(parsed.value, Dataset)
            except Exception as exc:  # noqa: BLE001 (every converter failure becomes problems)
                # Values the reader already refused (a duplicate key, an alias) are not reported
                # again.
                known = {p.path for p in problems}
                cap = (limits or Limits()).max_problems
                if any(p.rule == "too-many-problems" for p in problems):
                    return None, problems
                for path, err in iter_errors(exc):
                    if clip(format_path(path)) in known:
                        continue
                    if len(problems) >= cap:
                        problems.append(
                            Problem(file, None, None, "", too_many(cap), "too-many-problems")
                        )
                        break
                    problems.append(_structure_problem(parsed, file, path, err))
                return None, problems
            if problems:
                # A file with duplicate keys or aliases must not be half-read into data.
                return None, problems
    findings = _rules.check(data, today) if isinstance(today, dt.date) else today.check(data)
    for finding in findings:
        problems.append(
            _locate_problem(
                parsed,
                file,
                finding.path,
                finding.message,
                finding.rule,
                finding.level,
                key=finding.key,
            )
        )
    return data, problems


def validate_text(
    text: str,
    file: str = "<string>",
    *,
    today: dt.date | None = None,
    limits: Limits | None = None,
) -> tuple[Problem, ...]:
    """Every problem (errors and warnings) in a data file's text, in file order."""
    _, problems = _parse_and_structure(text, file, today or dt.date.today(), limits)
    return tuple(sorted(problems, key=lambda p: p.sort_key))


def load_dataset(
    path: str | os.PathLike[str] | None = None,
    *,
    today: dt.date | None = None,
    limits: Limits | None = None,
) -> LoadResult:
    """Load and validate a data file (the bundled one by default); raise DataError if invalid."""
    file = os.fspath(path) if path is not None else str(bundled_path())
    text = read_text(file, limits)
    data, problems = _parse_and_structure(text, file, today or dt.date.today(), limits)
    errors = [p for p in problems if p.level is Level.ERROR]
    if errors or data is None:
        raise DataError(errors or problems)
    warnings = tuple(sorted(problems, key=lambda p: p.sort_key))
    return LoadResult(data, file, text, warnings)


def load_text(
    text: str,
    file: str = "<string>",
    *,
    today: dt.date | None = None,
    limits: Limits | None = None,
) -> LoadResult:
    """Load and validate a data file's text; raise DataError if invalid."""
    data, problems = _parse_and_structure(text, file, today or dt.date.today(), limits)
    errors = [p for p in problems if p.level is Level.ERROR]
    if errors or data is None:
        raise DataError(errors or problems)
    return LoadResult(data, file, text, tuple(sorted(problems, key=lambda p: p.sort_key)))
