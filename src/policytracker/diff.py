"""What a change to the data means.

Entries added, removed and changed field by field, and the effect on derived stances and shifts
("this adds a Meta shift open -> mixed dated 2026-04-08").
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from policytracker._convert import make_converter
from policytracker._repr import fields_repr
from policytracker.catalog import Catalog
from policytracker.problems import DataError, Problem
from policytracker.stance import Shift

__all__ = ["DatasetDiff", "EntryChange", "FieldChange", "diff_catalogs", "read_revision"]


@attrs.frozen
class FieldChange:
    """One field that differs: ``path`` inside the entry (``history[2].status``)."""

    __repr__ = fields_repr

    path: str
    old: Any
    new: Any


@attrs.frozen
class EntryChange:
    """An entry added, removed or changed."""

    __repr__ = fields_repr

    kind: str
    id: str
    change: str
    fields: tuple[FieldChange, ...] = ()


@attrs.frozen
class DatasetDiff:
    """Everything that differs between two versions of a dataset."""

    __repr__ = fields_repr

    entries: tuple[EntryChange, ...]
    shifts_added: tuple[Shift, ...]
    shifts_removed: tuple[Shift, ...]
    stances: tuple[tuple[str, str, str], ...]

    @property
    def empty(self) -> bool:
        """Whether nothing differs."""
        return not (self.entries or self.shifts_added or self.shifts_removed or self.stances)


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(value, Mapping):
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(value, list):
        if not value:
            out[prefix] = []
        for i, item in enumerate(value):
            out.update(_flatten(item, f"{prefix}[{i}]"))
    else:
        out[prefix] = value
    return out


def _entries(kind: str, old: Iterable[Any], new: Iterable[Any]) -> list[EntryChange]:
    conv = make_converter()
    before = {x.id: _flatten(conv.unstructure(x)) for x in old}
    after = {x.id: _flatten(conv.unstructure(x)) for x in new}
    out = [EntryChange(kind, i, "added") for i in sorted(after.keys() - before.keys())]
    out += [EntryChange(kind, i, "removed") for i in sorted(before.keys() - after.keys())]
    for i in sorted(before.keys() & after.keys()):
        a, b = before[i], after[i]
        fields = tuple(
            FieldChange(path, a.get(path), b.get(path))
            for path in sorted(a.keys() | b.keys())
            if a.get(path) != b.get(path)
        )
        if fields:
            out.append(EntryChange(kind, i, "changed", fields))
    return out


def _shift_key(s: Shift) -> tuple[str, str, str, str, str, str]:
    return (s.vendor, s.date.label, s.scope.value, s.from_value, s.to_value, s.basis.value)


def diff_catalogs(old: Catalog, new: Catalog) -> DatasetDiff:
    """Compare two catalogs entry by entry, then by their derived shifts and current stances."""
    a, b = old.dataset, new.dataset
    entries = [
        *_entries("license", a.licenses, b.licenses),
        *_entries("vendor", a.vendors, b.vendors),
        *_entries("family", a.families, b.families),
        *_entries("release", a.releases, b.releases),
        *_entries("statement", a.statements, b.statements),
    ]
    if a.redirects != b.redirects:
        entries.append(
            EntryChange(
                "redirects",
                "redirects",
                "changed",
                tuple(
                    FieldChange(k, a.redirects.get(k), b.redirects.get(k))
                    for k in sorted(a.redirects.keys() | b.redirects.keys())
                    if a.redirects.get(k) != b.redirects.get(k)
                ),
            )
        )
    old_shifts = {_shift_key(s): s for s in old.shifts()}
    new_shifts = {_shift_key(s): s for s in new.shifts()}
    day = max(old.reference_date, new.reference_date)
    stances = []
    for vid in sorted({v.id for v in a.vendors} | {v.id for v in b.vendors}):
        before = old.stance(vid, day).category.value if vid in {v.id for v in a.vendors} else ""
        after = new.stance(vid, day).category.value if vid in {v.id for v in b.vendors} else ""
        if before != after:
            stances.append((vid, before or "(none)", after or "(none)"))
    return DatasetDiff(
        tuple(entries),
        tuple(new_shifts[k] for k in sorted(new_shifts.keys() - old_shifts.keys())),
        tuple(old_shifts[k] for k in sorted(old_shifts.keys() - new_shifts.keys())),
        tuple(stances),
    )


def read_revision(path: str | os.PathLike[str], revision: str) -> str:
    """The text of ``path`` at a git ``revision`` of the repository that holds it."""
    target = Path(path).resolve()
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],  # noqa: S607
            cwd=target.parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        relative = target.relative_to(Path(top).resolve()).as_posix()
        shown = subprocess.run(  # noqa: S603
            ["git", "show", f"{revision}:{relative}"],  # noqa: S607
            cwd=top,
            capture_output=True,
            check=True,
        )
    except (subprocess.CalledProcessError, FileNotFoundError, ValueError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        message = f"cannot read it at git revision {revision!r}: {str(detail).strip() or exc}"
        raise DataError([Problem(os.fspath(path), None, None, "", message, "git")]) from None
    from policytracker._load import decode

    return decode(shown.stdout, f"{revision}:{relative}")
