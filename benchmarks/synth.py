"""Synthetic datasets for the benchmarks, grown from the real ``data/models.yaml``.

The header (licenses, vendors, families) and the statements are kept as written; the releases are
replicated until the file holds the requested number: each copy gets new ids (``<id>-x<copy>``,
lineage parents remapped to the same copy), a new name, and every date moved back by
``copy % 40`` years, so the copies spread over four decades instead of piling up on the same days.
Every generated file is valid (the benchmark checks it), so ``validate`` does the full work.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.cyaml import CEmitter  # type: ignore[attr-defined]
from yaml.representer import SafeRepresenter

from policytracker._yaml import _UnionResolver, parse_yaml

__all__ = ["ROOT", "SOURCE", "write_dataset"]

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "models.yaml"

_DATE_KEYS = frozenset({"date", "reported", "effective", "accessed", "since", "until"})
_YEAR = re.compile(r"\b(\d{4})\b")
_FEB29 = re.compile(r"(\d{4})-02-29")
_SPAN_YEARS = 40


class _Dumper(CEmitter, SafeRepresenter, _UnionResolver):
    """libyaml's emitter; text that YAML 1.1 or 1.2 would read as non-text is quoted."""

    def __init__(self, stream: Any, **kwargs: Any) -> None:
        CEmitter.__init__(self, stream, width=100, allow_unicode=True)
        SafeRepresenter.__init__(self, default_flow_style=False, sort_keys=False)
        _UnionResolver.__init__(self)

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _shift_text(text: str, years: int) -> str:
    shifted = _YEAR.sub(lambda m: str(int(m[1]) - years), text)
    return _FEB29.sub(lambda m: m[0] if _leap(int(m[1])) else f"{m[1]}-02-28", shifted)


def _shift(value: Any, years: int, ids: dict[str, str], key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _shift(v, years, ids, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, years, ids, key) for v in value]
    if key in _DATE_KEYS:
        if isinstance(value, int) and not isinstance(value, bool):
            return value - years
        if isinstance(value, str):
            return _shift_text(value, years)
    if key == "parent" and isinstance(value, str):
        return ids.get(value, value)
    return value


def _copies(releases: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    out = list(releases)
    copy = 0
    while len(out) < count:
        copy += 1
        # The last copy may be partial: only its own releases get new ids, so a parent left out
        # of it stays the original release (which exists) instead of dangling.
        batch = releases[: count - len(out)]
        ids = {r["id"]: f"{r['id']}-x{copy}" for r in batch}
        years = copy % _SPAN_YEARS
        for release in batch:
            new = _shift(release, years, ids)
            new["id"] = ids[release["id"]]
            new["name"] = f"{release['name']} (copy {copy})"
            out.append(new)
    return out


def write_dataset(releases: int, path: Path, source: Path = SOURCE) -> Path:
    """Write a valid dataset with ``releases`` releases to ``path``; return ``path``."""
    text = source.read_text(encoding="utf-8")
    parsed, problems = parse_yaml(text, str(source))
    assert isinstance(parsed.value, dict), problems
    head_end = text.index("\nreleases:\n") + 1
    tail_start = text.index("\nstatements:\n") + 1
    grown = _copies(parsed.value["releases"], releases)
    body = yaml.dump({"releases": grown}, Dumper=_Dumper)
    path.write_text(text[:head_end] + body + text[tail_start:], encoding="utf-8")
    return path


if __name__ == "__main__":
    import sys

    write_dataset(int(sys.argv[1]), Path(sys.argv[2]))
