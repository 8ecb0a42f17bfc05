"""Generated documentation is current, and the README shows real output."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import policytracker
from policytracker.cli._app import cli
from policytracker.cli.commands import export  # noqa: F401 (registers the commands)
from policytracker.coverage import coverage_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_data_page_is_current(bundled: policytracker.Catalog) -> None:
    expected = coverage_markdown(bundled, bundled.warnings)  # type: ignore[arg-type]
    actual = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/data.md is stale: run python scripts/gen_docs.py"


CONSOLE = re.compile(r"```console\n\$ (?P<cmd>[^\n]+)\n(?P<out>.*?)```", re.DOTALL)
BLOCKS = [
    (m["cmd"], m["out"]) for m in CONSOLE.finditer((ROOT / "README.md").read_text(encoding="utf-8"))
]


@pytest.mark.parametrize(("command", "output"), BLOCKS, ids=[b[0] for b in BLOCKS])
def test_readme_console_blocks_are_real_output(command: str, output: str) -> None:
    args = shlex.split(command)
    assert args[0] == "policytracker"
    result = CliRunner().invoke(cli, args[1:], env={"POLICYTRACKER_DATA": None})
    assert result.exit_code == 0
    assert result.stdout == output


def test_readme_has_both_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install . && policytracker shifts" in readme
    assert "pip install -e '.[test]' && pytest" in readme


def test_strict_docs_build_documents_every_command(tmp_path: Path) -> None:
    mkdocs = pytest.importorskip("mkdocs.commands.build")
    import importlib

    from mkdocs.config import load_config

    from policytracker.cli._app import COMMAND_MODULES

    # mkdocs-click documents the group's registered commands when it has any (else it looks
    # each one up): register them all, as a fresh mkdocs process ends up with, whatever other
    # tests have imported before this one.
    for module in set(COMMAND_MODULES.values()):
        importlib.import_module(module)

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    mkdocs.build(config)
    page = (tmp_path / "site" / "reference" / "cli" / "index.html").read_text(encoding="utf-8")
    for name in cli.list_commands(click.Context(cli)):
        assert f"policytracker {name}" in page, f"{name} is missing from the CLI reference"
