"""Coverage-guided fuzzing of the loader with atheris: run by hand, never in CI (see README.md).

Every input is treated as the bytes of a data file. The harness fails (and atheris saves the
input) when the loader does anything but return located problems or a dataset:

- an exception other than :class:`policytracker.DataError` escapes decoding, or any exception
  escapes :func:`validate_text`;
- libyaml reads an anchor that ``may_hold_anchors`` says cannot be there (the loader would then
  skip alias tracking);
- a problem's line lies outside the file, or its column is not positive, or it has no rule or
  message;
- the input is valid and a query on it fails (the CLI runs with ``--debug``, so an internal
  error surfaces as the exception itself).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import os
import pkgutil
import re
import sys
import tempfile

import atheris  # type: ignore[import-not-found,import-untyped,unused-ignore]
from click.testing import CliRunner

_WORK = tempfile.mkdtemp(prefix="fuzz-loader-")
_FILE = os.path.join(_WORK, "data.yaml")  # noqa: PTH118
# Valid inputs go through the cache of validated datasets too (the second query reads it back),
# in a directory of its own rather than the user's.
os.environ["POLICYTRACKER_CACHE_DIR"] = os.path.join(_WORK, "cache")  # noqa: PTH118

# Coverage feedback from the loader and the libraries it drives; libyaml itself is C and not
# instrumented, so its states are reached only through what the Python side sees.
with atheris.instrument_imports(include=["policytracker", "yaml", "cattrs", "attr", "attrs"]):
    import policytracker
    from policytracker import DataError, Level, Problem
    from policytracker._load import decode, validate_text
    from policytracker._yaml import may_hold_anchors, reads_an_anchor
    from policytracker.cli import cli

    # The library imports most of its modules on first use; import them all here, so that they
    # are instrumented too (a module first imported outside this block gives no coverage).
    for _module in pkgutil.walk_packages(policytracker.__path__, "policytracker."):
        if _module.name.endswith(".__main__"):
            continue  # it would run the command
        with contextlib.suppress(ImportError):  # an optional extra that is not installed
            importlib.import_module(_module.name)

#: Line breaks as libyaml counts them.
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
#: Queries run on every input that loads: each must exit 0.
_QUERIES = (
    ["releases", "--format", "json"],
    ["vendors"],
    ["licenses"],
    ["shifts"],
    ["trend", "--by", "quarter", "--group", "country"],
    ["changes", "--since", "1900"],
    ["export"],
    ["export", "--table", "lineage", "--format", "csv"],
)


def _check_problems(problems: tuple[Problem, ...], text: str) -> None:
    lines = len(_BREAKS.split(text))
    for p in problems:
        if p.line is not None and not 1 <= p.line <= lines + 1:
            msg = f"line {p.line} outside a file of {lines} lines: {p}"
            raise AssertionError(msg)
        if p.column is not None and p.column < 1:
            msg = f"column {p.column}: {p}"
            raise AssertionError(msg)
        if not p.rule or not p.message:
            msg = f"a problem without rule or message: {p!r}"
            raise AssertionError(msg)


def _check_queries(data: bytes) -> None:
    with open(_FILE, "wb") as handle:  # noqa: PTH123
        handle.write(data)
    runner = CliRunner()
    for query in _QUERIES:
        result = runner.invoke(cli, ["--debug", "--data", _FILE, *query], catch_exceptions=False)
        if result.exit_code != 0:
            msg = f"{query} exited {result.exit_code} on a valid file: {result.output[-2000:]}"
            raise AssertionError(msg)


def test_one_input(data: bytes) -> None:
    """Load ``data`` as a data file; raise on anything but located problems or a dataset."""
    try:
        text = decode(data, "<fuzz>")
    except DataError as exc:
        _check_problems(exc.problems, data.decode("utf-8", "replace"))
        return
    if not may_hold_anchors(text) and reads_an_anchor(text):
        msg = f"an anchor the loader's shortcut missed, so aliases would go unseen: {text!r}"
        raise AssertionError(msg)
    problems = validate_text(text, "<fuzz>", today=dt.date.today())
    _check_problems(problems, text)
    if not any(p.level is Level.ERROR for p in problems):
        _check_queries(data)


def main() -> None:
    """Fuzz until libFuzzer's options (``-max_total_time=SECONDS``, ``-runs=N``) say stop."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
