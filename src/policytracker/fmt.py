"""Canonical form of a data file: one layout, so diffs stay small and reviews readable.

The canonical layout: keys in the model's field order; licenses, vendors and families sorted by
id, releases by (first vendor, date, id), statements by (vendor, date, id); block style,
mappings indented by 2, sequence dashes by 2 with their content at 4; text quoted only where
YAML 1.1 or 1.2 would read it as something else (``'no'``, ``'3.10'``, ``'2025-04-05'``), in
single quotes; no line wrapping. Comments are kept (ruamel.yaml's round-trip mode).

Formatting refuses an invalid file, and checks before writing that the formatted text loads to
exactly the same data; files are replaced atomically.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import os
import tempfile
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from policytracker._load import decode, read_text
from policytracker._yaml import Limits, needs_quotes
from policytracker.dates import DateSpan
from policytracker.model import Dataset

__all__ = ["atomic_write", "format_file", "format_text"]


def _yaml() -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096
    y.preserve_quotes = False
    y.allow_duplicate_keys = False
    return y


def _span_key(label: Any) -> tuple[dt.date, dt.date]:
    span = DateSpan.parse(str(label))
    return span.start, span.end


_SORTS: dict[str, Callable[[Any], Any]] = {
    "licenses": lambda x: str(x["id"]).lower(),
    "vendors": lambda x: str(x["id"]),
    "families": lambda x: str(x["id"]),
    "releases": lambda x: (str(x["vendors"][0]), *_span_key(x["date"]), str(x["id"])),
    "statements": lambda x: (str(x["vendor"]), *_span_key(x["date"]), str(x["id"])),
}


def _text(value: Any) -> Any:
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    if isinstance(value, dt.date):
        value = value.isoformat()
    elif isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        plain = str(value)
        return SingleQuotedScalarString(plain) if needs_quotes(plain) else plain
    return value


def _sort_seq(seq: Any, key: Callable[[Any], Any]) -> None:
    order = sorted(range(len(seq)), key=lambda i: key(seq[i]))
    if order == list(range(len(seq))):
        return
    items = [seq[i] for i in order]
    comments = {new: seq.ca.items[old] for new, old in enumerate(order) if old in seq.ca.items}
    del seq[:]
    seq.extend(items)
    seq.ca.items.clear()
    seq.ca.items.update(comments)


def _canonical(value: Any, tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return _canonical(value, inner)
    if tp in (str, DateSpan, dt.date) or (isinstance(tp, type) and issubclass(tp, enum.Enum)):
        return _text(value)
    if attrs.has(tp):
        hints = typing.get_type_hints(tp)
        value.fa.set_block_style()
        for field in attrs.fields(tp):
            if field.name in value:
                value.move_to_end(field.name)
                value[field.name] = _canonical(value[field.name], hints[field.name])
        return value
    if origin is tuple:
        (elem,) = typing.get_args(tp)[:1]
        value.fa.set_block_style()
        if elem in (str,) or (isinstance(elem, type) and issubclass(elem, enum.Enum)):
            value.fa.set_flow_style()  # short lists of words read best on one line
        for i, item in enumerate(value):
            value[i] = _canonical(item, elem)
        return value
    if origin is dict:
        value.fa.set_block_style()
        for key in list(value):
            value[key] = _text(value[key])
        return value
    return value


def _dataset_of(text: str, file: str) -> Dataset:
    from policytracker._load import load_text

    return load_text(text, file).dataset


def format_text(text: str, file: str = "<string>") -> str:
    """The canonical form of a valid data file's text; raise DataError if it is invalid."""
    before = _dataset_of(text, file)
    y = _yaml()
    doc = y.load(text)
    for key, sort_key in _SORTS.items():
        if doc.get(key):
            _sort_seq(doc[key], sort_key)
    _canonical(doc, Dataset)
    out = io.StringIO()
    y.dump(doc, out)
    result = out.getvalue()
    after = _dataset_of(result, file)
    if _ordered(after) != _ordered(before):
        msg = f"{file}: formatting would change the data; the file was left as it is"
        raise RuntimeError(msg)
    return result


def _ordered(data: Dataset) -> Dataset:
    def by(key: Callable[[Any], Any], items: Any) -> tuple[Any, ...]:
        return tuple(sorted(items, key=key))

    return attrs.evolve(
        data,
        licenses=by(lambda x: x.id.lower(), data.licenses),
        vendors=by(lambda x: x.id, data.vendors),
        families=by(lambda x: x.id, data.families),
        releases=by(lambda x: (x.vendors[0], *x.date.sort_key, x.id), data.releases),
        statements=by(lambda x: (x.vendor, *x.date.sort_key, x.id), data.statements),
    )


def atomic_write(path: str | os.PathLike[str], text: str) -> None:
    """Replace ``path`` with ``text``: write a temporary file beside it, flush, then rename.

    A failure at any point leaves the original untouched and removes the temporary file.
    """
    target = Path(path)
    mode = target.stat().st_mode & 0o7777 if target.exists() else 0o644
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, before the rename)
        "w",
        encoding="utf-8",
        dir=target.parent,
        prefix=f".{target.name}.",
        suffix=".tmp",
        delete=False,
        newline="",
    )
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        Path(handle.name).chmod(mode)
        Path(handle.name).replace(target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def format_file(
    path: str | os.PathLike[str], *, check: bool = False, limits: Limits | None = None
) -> bool:
    """Format a file in place (or with ``check``, only report); return whether it changes."""
    file = os.fspath(path)
    if file == "-":
        import sys

        text = decode(sys.stdin.buffer.read(), "<stdin>")
        result = format_text(text, "<stdin>")
        if not check:
            sys.stdout.write(result)
        return result != text
    text = read_text(file, limits)
    result = format_text(text, file)
    if result == text:
        return False
    if not check:
        atomic_write(file, result)
    return True
