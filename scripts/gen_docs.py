"""Regenerate what is derived from the data and the code.

- docs/data.md (coverage and open questions);
- docs/schema/models.schema.json (the JSON Schema of the data file);
- the output under every ```console block of README.md whose command starts with
  ``$ policytracker`` (run against the bundled data).

Run ``python scripts/gen_docs.py`` after changing data/models.yaml or the commands; tests fail
while anything is stale. ``--check`` exits 1 instead of writing when something would change.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path

from click.testing import CliRunner

import policytracker
from policytracker.cli._app import cli
from policytracker.cli.commands import export  # noqa: F401 (registers the commands)
from policytracker.coverage import coverage_markdown
from policytracker.schema import json_schema

ROOT = Path(__file__).resolve().parents[1]


def pages() -> dict[Path, str]:
    """Every generated page and its expected content."""
    data = ROOT / "data" / "models.yaml"
    catalog = policytracker.load(data)
    return {
        ROOT / "docs" / "data.md": coverage_markdown(catalog, catalog.warnings),  # type: ignore[arg-type]
        ROOT / "docs" / "schema" / "models.schema.json": schema_text(),
        ROOT / "README.md": readme_text(),
    }


def schema_text() -> str:
    """The committed JSON Schema."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


CONSOLE = re.compile(r"(```console\n\$ (policytracker[^\n]*)\n)(.*?)(```)", re.DOTALL)


def readme_text() -> str:
    """README.md with the output of each console block rerun."""

    def rerun(match: re.Match[str]) -> str:
        args = shlex.split(match[2])[1:]
        result = CliRunner().invoke(cli, args, env={"POLICYTRACKER_DATA": None})
        return match[1] + result.stdout + match[4]

    return CONSOLE.sub(rerun, (ROOT / "README.md").read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    """Write (or with --check, compare) every generated page."""
    stale = []
    for path, text in pages().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if "--check" not in argv:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    if stale and "--check" in argv:
        print("stale: " + ", ".join(str(p.relative_to(ROOT)) for p in stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
