"""Regenerate what is derived from the data and the code.

- docs/data.md (coverage and open questions);
- docs/schema/models.schema.json (the JSON Schema of the data file);
- the output under every ```console block of README.md whose command starts with
  ``$ policytracker`` (run against the bundled data);
- src/policytracker/_codec_generated.py (the cache's codec, generated from the model).

Run ``python scripts/gen_docs.py`` after changing data/models.yaml, the model or the commands;
tests fail while anything is stale. ``--check`` exits 1 instead of writing when something
would change.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path

from click.testing import CliRunner

import policytracker
from policytracker._cache import CodecSource
from policytracker.cli._app import cli
from policytracker.cli.commands import export  # noqa: F401 (registers the commands)
from policytracker.coverage import coverage_markdown
from policytracker.schema import json_schema

ROOT = Path(__file__).resolve().parents[1]


def pages() -> dict[Path, str]:
    """Every generated page and its expected content."""
    data = ROOT / "data" / "models.yaml"
    catalog = policytracker.load(data)
    out = {
        ROOT / "src" / "policytracker" / "_codec_generated.py": CodecSource().text,
        ROOT / "docs" / "data.md": coverage_markdown(catalog, catalog.warnings),  # type: ignore[arg-type]
        ROOT / "docs" / "schema" / "models.schema.json": schema_text(),
        ROOT / "docs" / "reference" / "data-model.md": data_model_text(),
        ROOT / "README.md": rerun_console(ROOT / "README.md"),
        ROOT / "docs" / "cookbook.md": rerun_console(ROOT / "docs" / "cookbook.md"),
    }
    for name in ("CONTRIBUTING.md", "CHANGELOG.md", "SECURITY.md"):
        if (ROOT / name).exists():
            out[ROOT / "docs" / name.lower()] = copied(ROOT / name)
    return out


def copied(path: Path) -> str:
    """A root page copied into the docs, with links made relative to docs/."""
    text = path.read_text(encoding="utf-8")
    return (
        f"<!-- Copied from {path.name} by scripts/gen_docs.py; edit {path.name}. -->\n\n"
        + text.replace("](docs/", "](")
    )


def data_model_text() -> str:
    """The data model reference, from the JSON Schema."""
    schema = json_schema()
    lines = [
        "# Data model reference",
        "",
        "<!-- Generated from the JSON Schema by scripts/gen_docs.py; do not edit by hand. -->",
        "",
        (
            "Every mapping in `data/models.yaml`, its keys, their types and whether they are "
            "required. See [the data format](../data-format.md) for examples and meaning."
        ),
        "",
    ]
    defs = schema["definitions"]
    tables = [("Dataset (the file)", schema)] + [
        (name, d) for name, d in defs.items() if d.get("type") == "object"
    ]
    for name, d in tables:
        lines += [f"## {name}", ""]
        if d.get("description"):
            lines += [d["description"], ""]
        lines += ["| key | type | required |", "| --- | --- | --- |"]
        required = set(d.get("required", []))
        for key, prop in d["properties"].items():
            lines.append(f"| `{key}` | {_type_name(prop)} | {'yes' if key in required else ''} |")
        lines.append("")
    lines += ["## Vocabularies", ""]
    for name, d in defs.items():
        if "enum" in d:
            lines.append(f"- **{name}**: " + ", ".join(f"`{v}`" for v in d["enum"]))
    return "\n".join(lines) + "\n"


def _type_name(prop: dict[str, object]) -> str:
    if "$ref" in prop:
        return str(prop["$ref"]).rsplit("/", 1)[1]
    if "anyOf" in prop:
        parts = [_type_name(p) for p in prop["anyOf"]]  # type: ignore[attr-defined]
        return " or ".join(p for p in parts if p != "null") + " (optional)"
    if prop.get("type") == "array":
        return "list of " + _type_name(prop["items"])  # type: ignore[arg-type]
    if prop.get("type") == "object":
        return "mapping"
    return str(prop.get("type", "any"))


def schema_text() -> str:
    """The committed JSON Schema."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


CONSOLE = re.compile(r"(```console\n\$ (policytracker[^\n]*)\n)(.*?)(```)", re.DOTALL)


def rerun_console(path: Path) -> str:
    """A page with the output of each ``$ policytracker`` console block rerun."""

    def rerun(match: re.Match[str]) -> str:
        args = shlex.split(match[2])[1:]
        result = CliRunner().invoke(cli, args, env={"POLICYTRACKER_DATA": None})
        return match[1] + result.stdout + match[4]

    return CONSOLE.sub(rerun, path.read_text(encoding="utf-8"))


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
