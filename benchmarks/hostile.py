"""Time and memory of refusing hostile input: the bounds the unit tests deliberately leave out.

``tests/test_hostile.py`` checks *what* each hostile input is refused with; this script checks
*how fast and how lean* that refusal is. Each case is generated into a temporary directory and
validated in a fresh process (``policytracker.validate``, cache off), which reports the seconds
spent validating and the process's peak RSS. Usage::

    .venv/bin/python benchmarks/hostile.py              # every case
    .venv/bin/python benchmarks/hostile.py --only deep  # the cases whose name contains "deep"
    .venv/bin/python benchmarks/hostile.py --strict     # floods count toward the exit code too

Two tiers. **attack** cases are what a hostile pull request would try (bombs, deep nesting, huge
scalars, files past the limit): each must be refused with the expected rule within
``ATTACK_SECONDS`` and ``ATTACK_MB``. **flood** cases are files made of the smallest possible
nodes or problems (2 million one-letter items, 800,000 duplicate keys) or of one 100 MB scalar:
they measure the parser's and the reporter's cost per node, per problem and per byte against
``FLOOD_SECONDS`` and ``FLOOD_MB``; over budget they are reported, and fail the run only with
``--strict``. The exit code is 1 when a counted case is over budget or not refused as expected.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import attrs

ATTACK_SECONDS = 2.0
ATTACK_MB = 400
FLOOD_SECONDS = 5.0
FLOOD_MB = 1024
MB = 1024 * 1024

Writer = Callable[[BinaryIO], object]


def _text(text: str) -> Writer:
    return lambda out: out.write(text.encode("utf-8"))


def _chunks(head: str, chunk: str, count: int, tail: str = "\n") -> Writer:
    def write(out: BinaryIO) -> None:
        out.write(head.encode())
        block = (chunk * 10_000).encode()
        for _ in range(count // 10_000):
            out.write(block)
        out.write((chunk * (count % 10_000)).encode())
        out.write(tail.encode())

    return write


def _sparse(size: int) -> Writer:
    return lambda out: out.truncate(size)


def _laughs(levels: int, width: int) -> str:
    lines = ["l0: &l0 lol"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def _merge_bomb(levels: int) -> str:
    lines = ["m0: &m0 {k0: 0}"]
    for i in range(1, levels):
        lines += [f"m{i}: &m{i}", f"  <<: [*m{i - 1}, *m{i - 1}]", f"  k{i}: {i}"]
    return "\n".join(lines) + "\n"


_HEAD = 'schema_version: 1\ndataset: {version: "1"}\n'
_VENDOR = (
    "vendors:\n  - {id: acme, name: Acme, kind: company, sources: [{url: https://example.org/a, "
    "kind: vendor, publisher: Acme, date: 2024-01-01}]}\nreleases:\n"
)
_SOURCE = "[{url: https://example.org/r, kind: vendor, publisher: Acme, date: 2024-01-05}]"


def _lineage(count: int, ring: bool) -> Writer:
    def write(out: BinaryIO) -> None:
        out.write((_HEAD + _VENDOR).encode())
        for i in range(count):
            parent = (i + 1) % count if ring or i + 1 < count else None
            lineage = (
                f", lineage: [{{relation: fine-tuned, parent: r{parent}, confidence: confirmed, "
                f"sources: {_SOURCE}}}]"
                if parent is not None
                else ""
            )
            out.write(
                f"  - {{id: r{i}, name: R{i}, vendors: [acme], date: 2024-01-05, status: released, "
                f"access: api, confidence: confirmed, sources: {_SOURCE}{lineage}}}\n".encode()
            )

    return write


def _random_bytes(size: int) -> Writer:
    return lambda out: out.write(os.urandom(size))


@attrs.frozen
class Case:
    """One hostile input, the rule it must be refused with, and its tier."""

    name: str
    write: Writer
    rule: str
    tier: str = "attack"


CASES = (
    Case("deep-flow-10k", _text("note: " + "[" * 10_000 + "]" * 10_000 + "\n"), "too-deep"),
    Case("deep-flow-2M-unclosed", _chunks("note: ", "[", 2_000_000), "too-deep"),
    Case("deep-block-seq-10k", _text("- " * 10_000 + "x\n"), "too-deep"),
    Case(
        "deep-block-map-1.5k",
        _text("".join(" " * i + "a:\n" for i in range(1_500)) + " " * 1_500 + "a: x\n"),
        "too-deep",
    ),
    Case("billion-laughs-9x9", _text(_laughs(10, 9)), "alias"),
    Case("alias-bomb-40x10", _text(_laughs(40, 10)), "alias"),
    Case("merge-key-bomb-30", _text(_merge_bomb(30)), "alias"),
    Case("aliases-1M", _chunks("a: &a x\nb: [", "*a, ", 1_000_000, "]\n"), "alias"),
    Case("tags-100k", _chunks("a: [", "!!python/object:os.system x, ", 100_000, "]\n"), "tag"),
    Case("scalar-2MB", _chunks("note: ", "x", 2 * MB), "scalar-too-long"),
    Case("key-2MB", _chunks("? ", "k", 2 * MB, "\n: 1\n"), "scalar-too-long"),
    Case("number-1M-digits", _chunks("schema_version: ", "7", 1_000_000), "scalar-too-long"),
    Case("file-300MB-sparse", _sparse(300 * MB), "file-too-large"),
    Case("documents-100k", _chunks("", "---\na: 1\n", 100_000, ""), "multiple-documents"),
    Case("random-bytes-4MB", _random_bytes(4 * MB), "encoding"),
    Case("nul-bytes-4MB", _chunks("a: ", "\0", 4 * MB), "encoding"),
    Case("lineage-chain-3k", _lineage(3_000, ring=False), ""),
    Case("lineage-ring-3k", _lineage(3_000, ring=True), "lineage-cycle"),
    Case("scalar-100MB", _chunks("note: ", "x", 100 * MB), "scalar-too-long", "flood"),
    Case("flow-seq-2M-items", _chunks("a: [", "x,", 2_000_000, "]\n"), "unknown-key", "flood"),
    Case("block-seq-1M-items", _chunks("a:\n", "  - x\n", 1_000_000, ""), "unknown-key", "flood"),
    Case("duplicate-keys-800k", _chunks("", "a: 1\n", 800_000, ""), "duplicate-key", "flood"),
    Case(
        "unknown-keys-300k",
        lambda out: out.write("".join(f"k{i}: 1\n" for i in range(300_000)).encode()),
        "unknown-key",
        "flood",
    ),
)

_CHILD = """
import json, resource, sys, time
import policytracker
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
problems = policytracker.validate(sys.argv[1])
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "rss_kb": rss, "rss0_kb": rss0,
                  "rules": sorted({p.rule for p in problems}), "count": len(problems)}))
"""


@attrs.frozen
class Measured:
    """What validating one case cost, and what it reported."""

    size: int
    seconds: float = 0.0
    peak_mb: float = 0.0
    rules: tuple[str, ...] = ()
    count: int = 0
    crash: str | None = None


def _run(case: Case, directory: Path) -> Measured:
    path = directory / f"{case.name}.yaml"
    with path.open("wb") as out:
        case.write(out)
    size = path.stat().st_size
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "POLICYTRACKER_NO_CACHE": "1"},
        check=False,
        timeout=600,
    )
    path.unlink()
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
        return Measured(size, crash=last)
    r = json.loads(proc.stdout)
    return Measured(size, r["seconds"], r["rss_kb"] / 1024, tuple(r["rules"]), r["count"])


def main() -> int:
    """Run the cases, print the table, return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--strict", action="store_true", help="floods count toward the exit code")
    args = parser.parse_args()
    failed = 0
    print(f"{'case':24} {'tier':6} {'size':>9} {'seconds':>8} {'peak MB':>8}  verdict")
    with tempfile.TemporaryDirectory(prefix="policytracker-hostile-") as tmp:
        for case in CASES:
            if args.only not in case.name:
                continue
            m = _run(case, Path(tmp))
            seconds, mb = (
                (ATTACK_SECONDS, ATTACK_MB) if case.tier == "attack" else (FLOOD_SECONDS, FLOOD_MB)
            )
            refused = case.rule in m.rules if case.rule else not m.rules
            over = m.crash is not None or m.seconds > seconds or m.peak_mb > mb or not refused
            verdict = f"CRASHED: {m.crash}" if m.crash else f"{m.count} problem(s) {list(m.rules)}"
            print(
                f"{case.name:24} {case.tier:6} {m.size / MB:6.1f} MB {m.seconds:8.2f} "
                f"{m.peak_mb:8.0f}  {'OVER' if over else 'ok'}: {verdict}"
            )
            if over and (case.tier == "attack" or args.strict):
                failed += 1
    print(
        f"budgets: attack {ATTACK_SECONDS} s and {ATTACK_MB} MB, flood {FLOOD_SECONDS} s and "
        f"{FLOOD_MB} MB; peak MB includes the interpreter (~20 MB)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
