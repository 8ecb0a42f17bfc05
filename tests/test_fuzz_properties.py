"""The loader on arbitrary input: it loads, or it raises DataError with problems inside the file.

Fed any text, any bytes, YAML-looking token soup, or the real ``data/models.yaml`` with lines
deleted, duplicated, swapped, re-indented or sprinkled with characters, :func:`policytracker.load`
either returns a catalog or raises :class:`policytracker.DataError` (anything else fails the
test), and every problem names the file and a line inside it. The default run stays short; set
``FUZZ_SCALE=20`` (for instance) for a longer hunt. ``tests/fuzz/`` has the coverage-guided
fuzzer.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policytracker
from policytracker import DataError, Level, Problem
from policytracker._yaml import may_hold_anchors, reads_an_anchor
from tests.conftest import TODAY

REAL = Path(__file__).resolve().parents[1] / "data" / "models.yaml"
SCALE = int(os.environ.get("FUZZ_SCALE", "1"))
#: Line breaks as libyaml counts them.
BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

# Pieces of YAML and of the format, so generated text reaches deep into the parser and the rules.
TOKENS = [
    *("\n", "\n  ", "\n    ", "\n      ", "- ", ": ", "? ", ", ", " ", "\t", "\r\n", "#"),
    *("[", "]", "{", "}", "'", '"', "|", ">", "&a ", "*a", "!!str ", "!!int ", "!!python/x "),
    *("---\n", "...\n", "%YAML 1.2\n", "<<: ", "\\", "\\x00", "\x00", "\ufeff", "\x85"),
    *("yes", "NO", "~", "3.10", "0755", "1:20", "2024-02-30", "2024-Q2", "2024..2025", "9999"),
    *("schema_version", "dataset", "version", "licenses", "vendors", "releases", "statements"),
    *("families", "redirects", "id", "name", "kind", "sources", "url", "date", "status"),
    *("access", "confidence", "lineage", "parent", "history", "reported", "weights", "acme"),
    *("https://example.org/a", "released", "api", "confirmed", "vendor", "company", "Apache-2.0"),
]
OPS = ("delete", "duplicate", "swap", "insert", "indent", "dedent", "tab")

mutation = st.tuples(
    st.sampled_from(OPS),
    st.integers(min_value=0),
    st.integers(min_value=0),
    st.text(min_size=1, max_size=4) | st.sampled_from(TOKENS),
)


def _mutate(lines: list[str], op: str, i: int, j: int, chars: str) -> None:
    """Apply one edit to ``lines`` (each with its line end) in place."""
    i, j = i % len(lines), j % len(lines)
    line = lines[i]
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, line)
    elif op == "swap":
        lines[i], lines[j] = lines[j], line
    elif op == "insert":
        at = j % (len(line) + 1)
        lines[i] = line[:at] + chars + line[at:]
    elif op == "indent":
        lines[i] = " " * (1 + j % 4) + line
    elif op == "dedent":
        lines[i] = line[min(len(line) - len(line.lstrip(" ")), 1 + j % 4) :]
    else:
        lines[i] = "\t" + line.lstrip(" ")


def _line_count(data: bytes) -> int:
    return len(BREAKS.split(data.decode("utf-8", "replace")))


def _check(problems: tuple[Problem, ...], path: Path, data: bytes) -> None:
    lines = _line_count(data)
    for p in problems:
        assert p.file == str(path)
        assert p.rule
        assert p.message
        if p.line is None:
            assert p.column is None
        else:
            assert 1 <= p.line <= lines + 1, (str(p), lines)
            assert p.column is not None
            assert p.column >= 1
    assert list(problems) == sorted(problems, key=lambda p: p.sort_key)


def _load(path: Path, data: bytes) -> None:
    """Load ``data`` from ``path``: a catalog, or DataError with well-located errors."""
    path.write_bytes(data)
    error: DataError | None = None
    try:
        catalog = policytracker.load(path, today=TODAY)
    except DataError as exc:
        error = exc
    if error is not None:
        assert error.problems
        assert all(p.level is Level.ERROR for p in error.problems)
        _check(error.problems, path, data)
        return
    warnings = tuple(w for w in catalog.warnings if isinstance(w, Problem))
    assert len(warnings) == len(catalog.warnings)
    _check(warnings, path, data)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory for the generated files (module-scoped: hypothesis reuses it)."""
    return tmp_path_factory.mktemp("fuzz")


FAST = settings(
    max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


class TestArbitraryInput:
    """Whatever the bytes, the loader answers with a catalog or located problems."""

    @FAST
    @given(text=st.text(max_size=2000))
    def test_any_text(self, workdir: Path, text: str) -> None:
        _load(workdir / "text.yaml", text.encode("utf-8"))

    @FAST
    @given(data=st.binary(max_size=2000))
    def test_any_bytes(self, workdir: Path, data: bytes) -> None:
        _load(workdir / "bytes.yaml", data)

    @FAST
    @given(parts=st.lists(st.sampled_from(TOKENS) | st.text(max_size=3), max_size=80))
    def test_yaml_token_soup(self, workdir: Path, parts: list[str]) -> None:
        _load(workdir / "soup.yaml", "".join(parts).encode("utf-8"))

    @FAST
    @given(text=st.text(st.characters(codec=None, exclude_categories=()), max_size=500))
    def test_loads_any_string(self, text: str) -> None:
        # Text handed in directly may hold what no decoded file can: lone surrogates.
        error: DataError | None = None
        try:
            policytracker.loads(text, file="<text>", today=TODAY)
        except DataError as exc:
            error = exc
        if error is not None:
            assert error.problems
            lines = len(BREAKS.split(text))
            assert all(p.line is None or 1 <= p.line <= lines + 1 for p in error.problems)

    @FAST
    @given(text=st.text(max_size=500))
    def test_validate_never_raises(self, workdir: Path, text: str) -> None:
        path = workdir / "validate.yaml"
        path.write_text(text, encoding="utf-8")
        problems = policytracker.validate(path, today=TODAY)
        _check(problems, path, text.encode("utf-8"))
        errors = tuple(p for p in problems if p.level is Level.ERROR)
        if errors:
            with pytest.raises(DataError) as info:
                policytracker.load(path, today=TODAY)
            assert info.value.problems == errors


ANCHOR_TOKENS = [
    *("&a", "&a ", "&_", "&-", "*a", "*a ", "&", "x", "a:", ": ", "? ", "- ", "-", ",", " "),
    *("\t", "\n", "\r", "[", "]", "{", "}", "'", '"', "!t ", "!!str ", "!", "---", "--- ", "#"),
    *("|", ">", "%YAML 1.2\n", "\ufeff", "\u2028", "\x85", "\u3000", "\xa0", "=", "?a=1&b=2"),
]


class TestAnchorShortcut:
    """The loader skips alias tracking only for text in which libyaml cannot read an anchor."""

    @FAST
    @given(parts=st.lists(st.sampled_from(ANCHOR_TOKENS), max_size=30))
    def test_no_anchor_is_missed(self, parts: list[str]) -> None:
        # A missed anchor would let aliases through unseen, and alias bombs expand.
        text = "".join(parts)
        if reads_an_anchor(text):
            assert may_hold_anchors(text)


class TestMutatedRealData:
    """The real dataset, damaged at random, is refused with lines inside the file, or loads."""

    LINES = REAL.read_text(encoding="utf-8").splitlines(keepends=True)

    @settings(max_examples=30 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(edits=st.lists(mutation, min_size=1, max_size=4))
    def test_mutations(self, workdir: Path, edits: list[tuple[str, int, int, str]]) -> None:
        lines = list(self.LINES)
        for op, i, j, chars in edits:
            _mutate(lines, op, i, j, chars)
        _load(workdir / "models.yaml", "".join(lines).encode("utf-8"))

    def test_unchanged_file_loads(self, workdir: Path) -> None:
        policytracker.load(REAL, today=TODAY)
